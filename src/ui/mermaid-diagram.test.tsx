// mermaid.render needs a browser's layout (jsdom has none): here Mermaid is a stand-in, and what
// is checked is the component's part (lazy load, one initialise, states, ids, copy). Real
// rendering is checked in Playwright.
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GANTT_WIDTH, MermaidDiagram } from './mermaid-diagram.tsx';

const mermaidMock = vi.hoisted(() => ({
  initialize: vi.fn(),
  render: vi.fn(),
}));
vi.mock('mermaid', () => ({ default: mermaidMock }));

const TIMELINE = 'timeline\n  title Key events (times in UTC)\n';

beforeEach(() => {
  mermaidMock.render.mockReset();
  mermaidMock.render.mockImplementation(async (id: string) => ({
    svg: `<svg id="${id}" data-testid="drawn"><text>drawn</text></svg>`,
  }));
});

describe('MermaidDiagram', () => {
  it('shows progress, then the SVG; initialises mermaid once with the strict settings', async () => {
    const { rerender } = render(<MermaidDiagram code={TIMELINE} title="Key events" />);
    expect(screen.getByText('Rendering diagram…')).toBeInTheDocument();
    expect(await screen.findByTestId('drawn')).toBeInTheDocument();
    expect(screen.queryByText('Rendering diagram…')).not.toBeInTheDocument();
    expect(screen.getByRole('figure', { name: 'Key events' })).toBeInTheDocument();

    rerender(<MermaidDiagram code={`${TIMELINE}  section a\n    p : e\n`} title="Key events" />);
    await waitFor(() => expect(mermaidMock.render).toHaveBeenCalledTimes(2));
    expect(mermaidMock.render.mock.calls[1][1]).toContain('p : e');

    expect(mermaidMock.initialize).toHaveBeenCalledTimes(1);
    expect(mermaidMock.initialize).toHaveBeenCalledWith(
      expect.objectContaining({ startOnLoad: false, securityLevel: 'strict', layout: 'dagre' }),
    );
    // Drawn at natural size (not shrunk to the sidebar), the Gantt at a fixed width.
    const config = mermaidMock.initialize.mock.calls[0][0];
    expect(config.timeline).toMatchObject({ useMaxWidth: false });
    expect(config.gantt).toMatchObject({ useMaxWidth: false, useWidth: GANTT_WIDTH });
  });

  it('gives every render its own id', async () => {
    render(
      <>
        <MermaidDiagram code={TIMELINE} title="One" />
        <MermaidDiagram code={TIMELINE} title="Two" />
      </>,
    );
    await waitFor(() => expect(screen.getAllByTestId('drawn')).toHaveLength(2));
    const ids = mermaidMock.render.mock.calls.map((c) => c[0] as string);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z][A-Za-z0-9_-]*$/);
  });

  it('reports a rejected diagram clearly, with its source open', async () => {
    mermaidMock.render.mockRejectedValueOnce(new Error('Parse error on line 3: Expecting period'));
    render(<MermaidDiagram code={'timeline\n  10:00 : x\n'} title="Key events" />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Mermaid could not draw this diagram: Parse error on line 3: Expecting period',
    );
    const details = screen.getByText('Mermaid source').closest('details');
    expect(details).toHaveAttribute('open');
    expect(details).toHaveTextContent('10:00 : x');
    expect(screen.queryByTestId('drawn')).not.toBeInTheDocument();
  });

  it('shows the source as text, never as markup', async () => {
    const code = 'timeline\n  title <img src=x onerror=alert(1)>\n';
    const { container } = render(<MermaidDiagram code={code} title="Key events" />);
    await screen.findByTestId('drawn');
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('pre code')?.textContent).toBe(code);
  });

  it('copies the Mermaid source', async () => {
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    render(<MermaidDiagram code={TIMELINE} title="Key events" />);
    await user.click(screen.getByRole('button', { name: 'Copy Mermaid source' }));
    expect(writeText).toHaveBeenCalledWith(TIMELINE);
    expect(await screen.findByText('Copied')).toBeInTheDocument();
  });

  it('says so when the copy is refused', async () => {
    const user = userEvent.setup();
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('denied'));
    render(<MermaidDiagram code={TIMELINE} title="Key events" />);
    await user.click(screen.getByRole('button', { name: 'Copy Mermaid source' }));
    expect(await screen.findByText('Could not copy: select the source below')).toBeInTheDocument();
  });
});

// jsdom has no modal dialogs: showModal and close do what browsers do to the open state, and close
// fires 'close' (as Escape does in a browser, after 'cancel').
const dialogProto = HTMLDialogElement.prototype as Partial<HTMLDialogElement>;
const native = { showModal: dialogProto.showModal, close: dialogProto.close };
describe('MermaidDiagram, expanded', () => {
  beforeEach(() => {
    dialogProto.showModal = function showModal(this: HTMLDialogElement) {
      this.setAttribute('open', '');
    };
    dialogProto.close = function close(this: HTMLDialogElement) {
      this.removeAttribute('open');
      this.dispatchEvent(new Event('close'));
    };
  });
  afterEach(() => {
    dialogProto.showModal = native.showModal;
    dialogProto.close = native.close;
  });

  it('Expand shows the diagram in a modal dialog, drawn with ids of its own; Close returns focus', async () => {
    const user = userEvent.setup();
    const showModal = vi.spyOn(dialogProto as HTMLDialogElement, 'showModal');
    render(<MermaidDiagram code={TIMELINE} title="Key events timeline" />);
    const expand = screen.getByRole('button', { name: 'Expand' });
    // Nothing to expand before the drawing is there.
    expect(expand).toBeDisabled();
    await screen.findByTestId('drawn');
    expect(expand).toBeEnabled();
    await user.click(expand);

    const dialog = await screen.findByRole('dialog', { name: 'Key events timeline' });
    expect(showModal).toHaveBeenCalledTimes(1);
    expect(dialog).toHaveAttribute('open');
    await within(dialog).findByTestId('drawn');
    expect(within(dialog).getByRole('region', { name: 'Key events timeline, expanded' })).toBeInTheDocument();
    // Drawn again for the dialog: two SVGs in the page, never one id twice.
    const ids = mermaidMock.render.mock.calls.map((c) => c[0] as string);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    expect(mermaidMock.render.mock.calls[1][1]).toBe(TIMELINE);

    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(expand).toHaveFocus();
  });

  it("a close by Escape (the dialog's close event) forgets the dialog too", async () => {
    const user = userEvent.setup();
    render(<MermaidDiagram code={TIMELINE} title="Gantt" />);
    await screen.findByTestId('drawn');
    await user.click(screen.getByRole('button', { name: 'Expand' }));
    const dialog = await screen.findByRole('dialog', { name: 'Gantt' });
    (dialog as HTMLDialogElement).close();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByRole('button', { name: 'Expand' })).toHaveFocus();
  });
});

describe('MermaidDiagram, wider than its box', () => {
  const scrollWidth = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'scrollWidth');
  afterEach(() => {
    // jsdom defines scrollWidth on Element: the override on HTMLElement goes away again.
    if (scrollWidth) Object.defineProperty(HTMLElement.prototype, 'scrollWidth', scrollWidth);
    else Reflect.deleteProperty(HTMLElement.prototype, 'scrollWidth');
  });

  it('says that the rest is sideways, or in the expanded view', async () => {
    // The test setup gives every box 1024 px; this drawing is wider.
    Object.defineProperty(HTMLElement.prototype, 'scrollWidth', {
      configurable: true,
      get(this: HTMLElement) {
        return this.classList.contains('mermaid-diagram-svg') ? 1400 : 0;
      },
    });
    render(<MermaidDiagram code={TIMELINE} title="Key events timeline" />);
    const region = await screen.findByRole('region', { name: 'Key events timeline, drawn' });
    expect(region).toHaveAttribute('tabindex', '0');
    expect(
      await screen.findByText('Drawn at full size: scroll sideways for the rest, or Expand.'),
    ).toBeInTheDocument();
  });

  it('says nothing when the drawing fits', async () => {
    render(<MermaidDiagram code={TIMELINE} title="Key events timeline" />);
    await screen.findByTestId('drawn');
    expect(screen.queryByText(/scroll sideways/)).toBeNull();
  });
});
