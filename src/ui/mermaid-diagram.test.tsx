// mermaid.render needs a browser's layout (jsdom has none): here Mermaid is a stand-in, and what
// is checked is the component's part (lazy load, one initialise, states, ids, copy). Real
// rendering is checked in Playwright.
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MermaidDiagram } from './mermaid-diagram.tsx';

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
