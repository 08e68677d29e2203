// The Document tab over the real engine (in-process) and the bundled sample: pick a template,
// fill it from the analysis, edit, re-fill, add a section, follow a footnote to its line, load a
// broken template, redact and export. Mermaid is mocked (jsdom has no layout): drawing is
// checked in Playwright (e2e/document.spec.ts).
import { readFileSync } from 'node:fs';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Workbench } from '../../core/engine/workbench.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import { createTestWrapper } from '../../state/testing/test-providers.tsx';
import { createInProcessClient } from '../../worker/client.ts';
import { DocumentPanel } from './document-panel.tsx';

vi.mock('mermaid', () => ({
  default: {
    initialize: vi.fn(),
    render: vi.fn(async (id: string) => ({ svg: `<svg id="${id}"><text>drawn</text></svg>` })),
  },
}));

const sample = (name: string) => readFileSync(`public/sample/${name}`, 'utf8');
const FILES = ['dmesg.txt', 'journalctl-k.txt', 'journalctl-containerd-kubelet.txt', 'crictl-ps-a.txt'];

const s = () => useWorkbenchStore.getState();

async function setup({ withSources = true } = {}) {
  const client = createInProcessClient(
    new Workbench({ defaultClock: () => ({ year: 2025, utcOffsetMinutes: 0 }) }),
  );
  if (withSources)
    for (const name of FILES) await client.addSource({ name, kind: 'file', blob: new Blob([sample(name)]) });
  act(() => s().setActivePanel('document'));
  const user = userEvent.setup();
  render(<DocumentPanel />, { wrapper: createTestWrapper(client) });
  return { client, user };
}

const preview = () => screen.getByRole('article', { name: 'Document preview' });

async function pickAndFill(user: ReturnType<typeof userEvent.setup>, id = 'shim-crash-rca') {
  await user.selectOptions(screen.getByLabelText('Template'), id);
  const fill = screen.getByRole('button', { name: 'Fill from the analysis' });
  await waitFor(() => expect(fill).toBeEnabled(), { timeout: 20_000 });
  await user.click(fill);
}

/** The form control of a field by its name (data-field on its fieldset). */
function fieldset(name: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`fieldset[data-field="${name}"]`);
  if (!el) throw new Error(`no field ${name}`);
  return el;
}

describe('DocumentPanel', () => {
  beforeAll(() => {
    // jsdom has neither: a scroll is asked for but not checked here.
    Element.prototype.scrollIntoView ??= () => {};
  });
  afterEach(() => vi.restoreAllMocks());

  it('offers the bundled templates and starts empty until one is picked', async () => {
    await setup({ withSources: false });
    const select = screen.getByLabelText('Template');
    const ids = within(select)
      .getAllByRole('option')
      .map((o) => (o as HTMLOptionElement).value);
    expect(ids).toEqual(expect.arrayContaining(['shim-crash-rca', 'code-review', 'postmortem']));
    expect(ids).not.toContain('README');
    expect(screen.getByText('Pick a template to start a document.')).toBeInTheDocument();
  });

  it('fills shim-crash-rca from the analysis: the verdict in the form and in the preview, footnotes to lines', async () => {
    const { user } = await setup();
    await pickAndFill(user);
    const verdict = within(fieldset('verdict')).getByRole('textbox') as HTMLInputElement;
    await waitFor(() => expect(verdict.value).toMatch(/OOM|out of memory/i), { timeout: 10_000 });
    expect(preview()).toHaveTextContent(verdict.value);
    // The evidence cites its lines: each footnote reference is a link.
    const refs = preview().querySelectorAll('a.doc-fnref');
    expect(refs.length).toBeGreaterThan(0);
    expect(s().documentDrafts['shim-crash-rca'].values.verdict).toBe(verdict.value);
  }, 40_000);

  it('keeps an edited field on a re-fill, and Reset field gives the filled value back', async () => {
    const { user } = await setup();
    await pickAndFill(user);
    const verdict = within(fieldset('verdict')).getByRole('textbox') as HTMLInputElement;
    await waitFor(() => expect(verdict.value).not.toBe(''), { timeout: 10_000 });
    const filled = verdict.value;
    await user.clear(verdict);
    await user.type(verdict, 'The shim ');
    await user.paste('was killed by the memcg OOM killer');
    expect(within(fieldset('verdict')).getByText('edited')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Fill from the analysis' }));
    expect(verdict.value).toBe('The shim was killed by the memcg OOM killer');
    expect(preview()).toHaveTextContent('The shim was killed by the memcg OOM killer');
    await user.click(within(fieldset('verdict')).getByRole('button', { name: 'Reset Verdict' }));
    expect(verdict.value).toBe(filled);
    expect(s().documentDrafts['shim-crash-rca'].edited).not.toContain('verdict');
  }, 40_000);

  it('adds, renames, writes, moves and removes a free section; it comes after the template', async () => {
    const { user } = await setup({ withSources: false });
    await user.selectOptions(screen.getByLabelText('Template'), 'code-review');
    await user.click(screen.getByRole('button', { name: 'Add a section' }));
    await user.click(screen.getByRole('button', { name: 'Add a section' }));
    const title1 = screen.getByLabelText('Title of section 1');
    await user.clear(title1);
    await user.type(title1, 'Open questions');
    await user.type(screen.getByLabelText('Text of section 1 (Markdown)'), 'Who owns the retry budget?');
    await user.click(screen.getByRole('button', { name: 'Move section 1 down' }));
    expect(s().documentDrafts['code-review'].sections.map((x) => x.title)).toEqual([
      'New section',
      'Open questions',
    ]);
    expect(preview()).toHaveTextContent('Who owns the retry budget?');
    const headings = within(preview())
      .getAllByRole('heading')
      .map((h) => h.textContent);
    expect(headings.indexOf('Open questions')).toBeGreaterThan(headings.indexOf('New section'));
    await user.click(screen.getByRole('button', { name: 'Remove section 1' }));
    expect(s().documentDrafts['code-review'].sections.map((x) => x.title)).toEqual(['Open questions']);
  });

  it('a footnote click shows its line in the timeline (revealEvent)', async () => {
    const { user } = await setup();
    await pickAndFill(user);
    await waitFor(() => expect(preview().querySelector('a.doc-fnref')).not.toBeNull(), { timeout: 10_000 });
    const ref = preview().querySelector('a.doc-fnref') as HTMLAnchorElement;
    // The footnote names its line (file:line); the click shows that line in the timeline.
    const lineId = ref.title.replace(/ — .*$/, '');
    expect(lineId).toMatch(/\.txt:\d+$/);
    await user.click(ref);
    expect(s().selectedEventId).toBe(lineId);
    expect(s().activePanel).toBe('timeline');
    expect(s().revealRequest).toEqual({ eventId: lineId, nonce: 1 });
  }, 40_000);

  it('shows a Liquid error of a loaded template with its line in the file, and keeps nothing', async () => {
    const { user } = await setup({ withSources: false });
    const text = [
      '---', // 1
      'id: broken-one', // 2
      'title: Broken', // 3
      'description: an if never closed', // 4
      'kind: other', // 5
      'fields:', // 6
      '  - {name: summary, type: text, label: Summary}', // 7
      '---', // 8
      '# {{ fields.summary }}', // 9
      '', // 10
      '{% if fields.summary %}', // 11
      'never closed', // 12
    ].join('\n');
    await user.upload(screen.getByLabelText('Load a template file'), new File([text], 'broken.md'));
    const problems = await screen.findByRole('list', { name: 'Problems in the loaded template' });
    expect(problems).toHaveTextContent(/user:broken\.md, line 1[12]/);
    expect(problems).toHaveTextContent(/Liquid/);
    expect(s().userTemplates).toEqual([]);
    // A good one joins the list and is picked.
    const good = text.replace('{% if fields.summary %}', '{% if fields.summary %}yes{% endif %}');
    await user.upload(screen.getByLabelText('Load a template file'), new File([good], 'good.md'));
    await waitFor(() => expect(s().documentTemplateId).toBe('broken-one'));
    expect(screen.queryByRole('list', { name: 'Problems in the loaded template' })).toBeNull();
    expect(s().userTemplates.map((t) => t.file)).toEqual(['good.md']);
    expect(
      within(screen.getByLabelText('Template')).getByRole('option', { name: 'Broken' }),
    ).toBeInTheDocument();
  });

  it('renders hostile field text as text: no element, no javascript: link', async () => {
    const { user } = await setup({ withSources: false });
    await user.selectOptions(screen.getByLabelText('Template'), 'shim-crash-rca');
    const hostile = '<img src=x onerror=alert(1)> [click](javascript:alert(1)) <script>alert(2)</script>';
    const input = within(fieldset('incident')).getByRole('textbox');
    // paste, not type: userEvent.type reads `[` as a key descriptor.
    await user.click(input);
    await user.paste(hostile);
    await waitFor(() => expect(preview()).toHaveTextContent('<img src=x onerror=alert(1)>'));
    expect(preview()).toHaveTextContent('<script>alert(2)</script>');
    expect(preview().querySelector('img, script')).toBeNull();
    for (const a of preview().querySelectorAll('a'))
      expect(a.getAttribute('href') ?? '').not.toMatch(/^javascript:/i);
  });

  it('exports: unticking a redaction changes the downloaded text; the download has the right name', async () => {
    const { user } = await setup();
    await pickAndFill(user);
    // The node's name comes with the cited lines (their syslog header: `Nov 24 07:48:16 k8s-worker-21 kernel: ...`).
    await waitFor(() => expect(preview()).toHaveTextContent(/k8s-worker-21/), { timeout: 10_000 });
    const blobs: Blob[] = [];
    const create = vi.fn((b: Blob) => {
      blobs.push(b);
      return `blob:test/${blobs.length}`;
    });
    const revoke = vi.fn();
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: revoke });
    const downloads: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.download);
    });
    await user.click(screen.getByRole('button', { name: 'Redact & export' }));
    const hostBox = screen.getByRole('checkbox', { name: 'Redact k8s-worker-21' });
    expect(hostBox).toBeChecked();
    const redactedPreview = screen.getByRole('article', { name: 'Redacted document as exported' });
    expect(redactedPreview).not.toHaveTextContent('k8s-worker-21');

    await user.click(screen.getByRole('button', { name: 'Markdown' }));
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(downloads[0]).toMatch(/shim-crash-rca.*\.md$/);
    expect(screen.getByText(`Saved ${downloads[0]}`)).toBeInTheDocument();
    const redacted = await blobs[0].text();
    expect(redacted).not.toContain('k8s-worker-21');
    expect(redacted).toContain('node-1');

    await user.click(hostBox);
    expect(s().redactionDisabled.length).toBe(1);
    await user.click(screen.getByRole('button', { name: 'Markdown' }));
    await waitFor(() => expect(downloads).toHaveLength(2));
    expect(await blobs[1].text()).toContain('k8s-worker-21');
    // The draft itself was never redacted.
    expect(JSON.stringify(s().documentDrafts['shim-crash-rca'])).toContain('k8s-worker-21');
    await waitFor(() => expect(revoke).toHaveBeenCalledWith('blob:test/1'), { timeout: 3000 });
  }, 40_000);
});
