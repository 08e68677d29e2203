import { readFileSync } from 'node:fs';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { AnalysisOptions, AnalysisResult } from '../../core/analysis/model.ts';
import type { ClockReport, Row } from '../../core/engine/engine-api.ts';
import { Workbench } from '../../core/engine/workbench.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import { FakeClient } from '../../state/testing/fake-client.ts';
import { createTestWrapper, savedIncidentState } from '../../state/testing/test-providers.tsx';
import { createInProcessClient } from '../../worker/client.ts';
import { AnalysisPanel } from './analysis-panel.tsx';
import { HOSTILE, MEMORY_EVENTS_GAP, sampleResultWith } from './test-result.ts';

// mermaid.render needs a browser's layout: drawing is checked in Playwright.
vi.mock('mermaid', () => ({
  default: {
    initialize: vi.fn(),
    render: vi.fn(async (id: string) => ({ svg: `<svg id="${id}"></svg>` })),
  },
}));

const sample = (name: string) => readFileSync(`public/sample/${name}`, 'utf8');
const JOURNAL = 'journalctl-containerd-kubelet.txt';

/**
 * FakeClient (the real parsers, in memory) with the sample's kernel log and journal, whose
 * analysis answers the fixed result of test-result.ts with the options applied.
 */
class AnalysisClient extends FakeClient {
  override readonly analysis = vi.fn(async (opts: AnalysisOptions = {}): Promise<AnalysisResult> => {
    if (this.fail) throw new Error(this.fail);
    return sampleResultWith(opts);
  });
  override readonly clocks = vi.fn(
    async (): Promise<ClockReport> => ({ sources: [], defaultUtcOffsetMinutes: 0 }),
  );
  override readonly eventRows = vi.fn(async (): Promise<Row[]> => []);
  fail: string | null = null;
}

async function setup({ sources = true, open = true } = {}) {
  const client = new AnalysisClient();
  if (sources) {
    await client.addSource({ name: 'dmesg.txt', kind: 'file', blob: new Blob([sample('dmesg.txt')]) });
    await client.addSource({ name: JOURNAL, kind: 'file', blob: new Blob([sample(JOURNAL)]) });
  }
  if (open) useWorkbenchStore.getState().setActivePanel('analysis');
  const user = userEvent.setup();
  const wrapper = createTestWrapper(client);
  render(<AnalysisPanel />, { wrapper });
  return { client, user, wrapper };
}

/** The tree's item of a hypothesis, by its title. */
async function node(title: string | RegExp): Promise<HTMLElement> {
  const toggle = await screen.findByRole('button', { name: title });
  const li = toggle.closest('li');
  if (!li) throw new Error(`no tree item for ${title}`);
  return li;
}

const lastOpts = (client: AnalysisClient) => client.analysis.mock.lastCall?.[0];

describe('AnalysisPanel', () => {
  it('says what to add when there are no sources, and runs no analysis', async () => {
    const { client } = await setup({ sources: false });
    expect(await screen.findByText(/Nothing to analyse yet/)).toBeInTheDocument();
    expect(screen.getByText('dmesg -T')).toBeInTheDocument();
    expect(client.analysis).not.toHaveBeenCalled();
  });

  it('does not weigh anything until the tab is opened', async () => {
    const { client } = await setup({ open: false });
    await new Promise((r) => setTimeout(r, 50));
    expect(client.analysis).not.toHaveBeenCalled();
    act(() => useWorkbenchStore.getState().setActivePanel('analysis'));
    await waitFor(() => expect(client.analysis).toHaveBeenCalledTimes(1));
  });

  it('shows the verdict, the symptoms and the tree best first', async () => {
    await setup();
    const tree = await screen.findByRole('list', { name: 'Hypotheses, best first' });
    const tops = within(tree)
      .getAllByRole('button', { expanded: false })
      .map((b) => b.textContent);
    expect(tops).toEqual([
      'OOM kill inside a cgroup (memory limit)',
      'Killed by a person or automation',
      'Host-wide OOM kill',
      HOSTILE,
    ]);
    // The verdict names the winning child, its confidence and the engine's reason.
    expect(
      screen.getByText('The shim itself was killed', { selector: '.an-verdict-cause' }),
    ).toBeInTheDocument();
    expect(screen.getByText('confidence 0.91')).toBeInTheDocument();
    expect(screen.queryByText('by analyst')).toBeNull();
    // The symptom with its time and lines.
    const symptoms = screen.getByRole('region', { name: 'Symptoms (1)' });
    expect(within(symptoms).getByText('shim afcf4efe9792 died')).toBeInTheDocument();
    expect(within(symptoms).getByText('2025-11-24 07:48:16.000Z')).toBeInTheDocument();
    expect(within(symptoms).getByRole('button', { name: `${JOURNAL}:329` })).toBeInTheDocument();
    // Verdict, score and reason on each head.
    const oom = await node('OOM kill inside a cgroup (memory limit)');
    expect(within(oom).getByText('Supported')).toBeInTheDocument();
    expect(within(oom).getByText('0.93')).toBeInTheDocument();
    expect(
      within(oom).getByText('The memcg OOM killer killed pid 2150, the shim of the pod sandbox.'),
    ).toBeVisible();
    // Steps: verification, then remediation by branch, each command with its Copy.
    expect(screen.getByText("Check the task's metadata on the node")).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'Remediation if metadata intact' })).toHaveTextContent(
      'ctr -n k8s.io tasks delete --force 7fc23ca64dfc',
    );
    expect(screen.getByRole('list', { name: 'Remediation if metadata lost' })).toHaveTextContent(
      'ctr -n k8s.io snapshots rm',
    );
    // The same tree as a Mermaid flowchart (drawn in Playwright; here its source).
    const figure = screen.getByRole('figure', { name: 'Hypothesis tree as a flowchart' });
    const code = figure.querySelector('pre code')?.textContent ?? '';
    expect(code.split('\n')[0]).toBe('flowchart LR');
    expect(code).toContain('OOM kill inside a cgroup (memory limit)');
    // Findings, collapsed, with their count.
    expect(screen.getByText('Findings (1)')).toBeInTheDocument();
  });

  it('expands a hypothesis with the mouse or the keyboard, children nested', async () => {
    const { user } = await setup();
    const toggle = await screen.findByRole('button', { name: 'OOM kill inside a cgroup (memory limit)' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('region', { name: /^Evidence for OOM kill inside/ })).toBeNull();
    expect(screen.getByText('1 more specific hypothesis inside')).toBeInTheDocument();
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const evidence = screen.getByRole('region', {
      name: 'Evidence for OOM kill inside a cgroup (memory limit)',
    });
    expect(within(evidence).getByText(killText)).toBeInTheDocument();
    expect(within(evidence).getByText('0.90')).toBeInTheDocument();
    const children = screen.getByRole('list', { name: 'Below OOM kill inside a cgroup (memory limit)' });
    const child = within(children).getByRole('button', { name: 'The shim itself was killed' });
    // Keyboard: Enter on the focused child opens it; again closes it.
    child.focus();
    await user.keyboard('{Enter}');
    expect(child).toHaveAttribute('aria-expanded', 'true');
    await user.keyboard('{Enter}');
    expect(child).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    expect(screen.queryByRole('list', { name: 'Below OOM kill inside a cgroup (memory limit)' })).toBeNull();
  });

  it('an evidence line selects its event and shows the Timeline tab', async () => {
    const { user } = await setup();
    await user.click(await screen.findByRole('button', { name: 'OOM kill inside a cgroup (memory limit)' }));
    const evidence = screen.getByRole('region', {
      name: 'Evidence for OOM kill inside a cgroup (memory limit)',
    });
    await user.click(within(evidence).getByRole('button', { name: 'dmesg.txt:287' }));
    expect(useWorkbenchStore.getState().selectedEventId).toBe('dmesg.txt:287');
    expect(useWorkbenchStore.getState().activePanel).toBe('timeline');
  });

  it('an absence says what was searched, where and over which window', async () => {
    const { user } = await setup();
    await user.click(await screen.findByRole('button', { name: 'Host-wide OOM kill' }));
    const against = screen.getByRole('region', { name: 'Evidence against Host-wide OOM kill' });
    expect(against).toHaveTextContent(
      'Searched for “Out of memory: Killed process (no memcg)” in dmesg.txt, journalctl-k.txt (kernel lines) from 2025-11-24 07:47:16.000Z to 2025-11-24 07:48:21.000Z.',
    );
    expect(within(against).getByText('absent')).toBeInTheDocument();
  });

  it('a rejection with a note is kept, saved with the incident and passed to the next analysis', async () => {
    const { user, client, wrapper } = await setup();
    await user.click(await screen.findByRole('button', { name: 'Killed by a person or automation' }));
    const item = await node('Killed by a person or automation');
    await user.type(
      within(item).getByRole('textbox', { name: 'Note' }),
      'nobody ran kubectl; no kill -9 in the audit log',
    );
    await user.click(within(item).getByRole('button', { name: 'Reject' }));
    const decision = { state: 'rejected', note: 'nobody ran kubectl; no kill -9 in the audit log' };
    expect(useWorkbenchStore.getState().decisions).toEqual({ 'manual-or-automation-kill': decision });
    await waitFor(async () =>
      expect((await savedIncidentState(wrapper))?.decisions).toEqual({
        'manual-or-automation-kill': decision,
      }),
    );
    await waitFor(() =>
      expect(lastOpts(client)).toEqual({
        decisions: { 'manual-or-automation-kill': decision },
        custom: [],
        userSymptoms: [],
      }),
    );
    // The engine's verdict and the analyst's decision, side by side.
    await waitFor(() =>
      expect(within(item).getByText('Rejected', { selector: '.an-badge' })).toBeInTheDocument(),
    );
    expect(within(item).getByText('Unlikely')).toBeInTheDocument();
    expect(within(item).getByRole('button', { name: 'Reject' })).toHaveAttribute('aria-pressed', 'true');
    expect(
      within(item).getByText('nobody ran kubectl; no kill -9 in the audit log', { selector: '.an-note' }),
    ).toBeVisible();
  });

  it('an accepted hypothesis decides the verdict, marked by analyst', async () => {
    const { user, client } = await setup();
    await user.click(await screen.findByRole('button', { name: 'Host-wide OOM kill' }));
    const item = await node('Host-wide OOM kill');
    await user.type(within(item).getByRole('textbox', { name: 'Note' }), 'free -m showed 200 MB left');
    await user.click(within(item).getByRole('button', { name: 'Accept' }));
    await waitFor(() => expect(screen.getByText('by analyst')).toBeInTheDocument());
    expect(screen.getByText('Host-wide OOM kill', { selector: '.an-verdict-cause' })).toBeInTheDocument();
    expect(lastOpts(client)?.decisions).toEqual({
      'oom-kill-host': { state: 'accepted', note: 'free -m showed 200 MB left' },
    });
    // Withdrawn: the engine decides again.
    await user.click(within(item).getByRole('button', { name: 'Withdraw decision' }));
    expect(useWorkbenchStore.getState().decisions).toEqual({});
    await waitFor(() => expect(screen.queryByText('by analyst')).toBeNull());
  });

  it('adds a custom hypothesis with the selected timeline event attached, and removes it', async () => {
    const { user, client } = await setup();
    act(() => useWorkbenchStore.getState().selectEvent(`${JOURNAL}:335`));
    // selectEvent leaves the tab as it is; this test stays on Analysis.
    const form = await screen.findByRole('form', { name: 'Add your own hypothesis' });
    await user.type(
      within(form).getByRole('textbox', { name: 'Title' }),
      'containerd lost the task after the kill',
    );
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Below cause' }), 'oom-kill-cgroup');
    expect(within(form).getByText(`${JOURNAL}:335`)).toBeInTheDocument();
    await user.click(within(form).getByRole('button', { name: 'Attach the selected timeline event (for)' }));
    await user.click(within(form).getByRole('button', { name: 'Add hypothesis' }));
    const custom = {
      id: 'custom:containerd-lost-the-task-after-the-kill',
      title: 'containerd lost the task after the kill',
      parent: 'oom-kill-cgroup',
      for: [`${JOURNAL}:335`],
      against: [],
    };
    expect(useWorkbenchStore.getState().customHypotheses).toEqual([custom]);
    await waitFor(() => expect(lastOpts(client)?.custom).toEqual([custom]));
    // Shown in the tree below its cause, marked as the analyst's, with its evidence.
    await user.click(screen.getByRole('button', { name: 'OOM kill inside a cgroup (memory limit)' }));
    const item = await node('containerd lost the task after the kill');
    expect(within(item).getByText('yours', { selector: '.an-badge' })).toBeInTheDocument();
    await user.click(within(item).getByRole('button', { name: 'containerd lost the task after the kill' }));
    expect(within(item).getByRole('button', { name: `${JOURNAL}:335` })).toBeInTheDocument();
    await user.click(within(item).getByRole('button', { name: 'Remove this hypothesis' }));
    expect(useWorkbenchStore.getState().customHypotheses).toEqual([]);
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: 'containerd lost the task after the kill' })).toBeNull(),
    );
  });

  it('attaches a pinned key event against a custom hypothesis', async () => {
    useWorkbenchStore.setState({ pins: [{ eventId: 'dmesg.txt:287', note: 'the kill', pinnedAt: 0 }] });
    const { user } = await setup();
    const form = await screen.findByRole('form', { name: 'Add your own hypothesis' });
    await user.type(within(form).getByRole('textbox', { name: 'Title' }), 'a person ran crictl stop');
    const pins = within(form).getByRole('list', { name: 'Pinned key events' });
    expect(pins).toHaveTextContent('dmesg.txt:287 the kill');
    await user.click(within(pins).getByRole('button', { name: 'Attach this key event (against)' }));
    await user.click(within(form).getByRole('button', { name: 'Add hypothesis' }));
    expect(useWorkbenchStore.getState().customHypotheses).toEqual([
      {
        id: 'custom:a-person-ran-crictl-stop',
        title: 'a person ran crictl stop',
        for: [],
        against: ['dmesg.txt:287'],
      },
    ]);
  });

  it("pastes a gap's output as a new source, and the analysis runs again", async () => {
    const { user, client } = await setup();
    const gaps = await screen.findByRole('list', { name: 'Everything to collect next' });
    expect(within(gaps).getByText(MEMORY_EVENTS_GAP.command)).toBeInTheDocument();
    expect(within(gaps).getByRole('button', { name: 'Copy' })).toBeInTheDocument();
    const calls = client.analysis.mock.calls.length;
    await user.click(within(gaps).getByRole('button', { name: 'Paste its output' }));
    const box = within(gaps).getByRole('textbox', { name: `Output of: ${MEMORY_EVENTS_GAP.command}` });
    // Real memory.events lines (test/fixtures/cgroup-files/kernel-synthetic/cgroup-v2-files.synthetic.txt).
    await user.click(box);
    await user.paste('low 0\nhigh 0\nmax 1532\noom 4\noom_kill 4\noom_group_kill 0\n');
    const name = 'gap-memory-events-4e6988f1-63e6-4d27-9e8d-ba45452fbf7a.txt';
    await user.click(within(gaps).getByRole('button', { name: `Add as ${name}` }));
    expect(
      await within(gaps).findByText(`Added as ${name}: the analysis is weighed again with it.`),
    ).toBeInTheDocument();
    expect((await client.listSources()).map((s) => s.name)).toContain(name);
    await waitFor(() => expect(client.analysis.mock.calls.length).toBeGreaterThan(calls));
  });

  it('renders hostile text as text', async () => {
    const { user } = await setup();
    const toggle = await screen.findByRole('button', { name: HOSTILE });
    await user.click(toggle);
    expect(screen.getByText(`Reason: ${HOSTILE}`)).toBeInTheDocument();
    expect(document.querySelector('img')).toBeNull();
    expect(document.querySelector('[onerror]')).toBeNull();
  });

  it('reports a failed analysis', async () => {
    const client = new AnalysisClient();
    client.fail = 'the worker ran out of memory';
    await client.addSource({ name: 'dmesg.txt', kind: 'file', blob: new Blob([sample('dmesg.txt')]) });
    useWorkbenchStore.getState().setActivePanel('analysis');
    render(<AnalysisPanel />, { wrapper: createTestWrapper(client) });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The analysis failed: the worker ran out of memory',
    );
  });

  it('"Show in analysis" opens the branch down to the hypothesis and focuses it', async () => {
    await setup();
    await screen.findByRole('button', { name: 'OOM kill inside a cgroup (memory limit)' });
    act(() => useWorkbenchStore.getState().showHypothesis('oom-kill-cgroup/shim'));
    const child = await screen.findByRole('button', { name: 'The shim itself was killed' });
    await waitFor(() => expect(child).toHaveFocus());
    expect(screen.getByRole('button', { name: 'OOM kill inside a cgroup (memory limit)' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
    expect(child).toHaveAttribute('aria-expanded', 'true');
    expect(useWorkbenchStore.getState().focusedHypothesis).toBeNull();
  });
});

const killText = 'pid 2150 killed by the memcg OOM killer is the shim of sandbox afcf4efe9792';

describe('AnalysisPanel over the engine', () => {
  it('weighs the sample in-process, and a decision reaches the engine', async () => {
    const client = createInProcessClient(
      new Workbench({ defaultClock: () => ({ year: 2025, utcOffsetMinutes: 0 }) }),
    );
    for (const name of ['dmesg.txt', JOURNAL, 'crictl-ps-a.txt'])
      await client.addSource({ name, kind: 'file', blob: new Blob([sample(name)]) });
    const spy = vi.spyOn(client, 'analysis');
    useWorkbenchStore.getState().setActivePanel('analysis');
    const user = userEvent.setup();
    render(<AnalysisPanel />, { wrapper: createTestWrapper(client) });
    const tree = await screen.findByRole('list', { name: 'Hypotheses, best first' }, { timeout: 15_000 });
    // Every cause of DESIGN.md section 3 is in the tree, whatever the modules conclude.
    expect(within(tree).getAllByRole('listitem').length).toBeGreaterThanOrEqual(11);
    // The symptoms the sample shows (detectSymptoms, committed): the shim died.
    expect(screen.getByText('shim afcf4efe9792 died')).toBeInTheDocument();
    const first = within(tree).getAllByRole('button', { expanded: false })[0];
    await user.click(first);
    const item = first.closest('li') as HTMLElement;
    await user.click(within(item).getByRole('button', { name: 'Mark open' }));
    await waitFor(() =>
      expect(within(item).getByText('Marked open', { selector: '.an-badge' })).toBeInTheDocument(),
    );
    const id = item.getAttribute('data-hypothesis') ?? '';
    expect(spy).toHaveBeenLastCalledWith({
      decisions: { [id]: { state: 'open', note: '' } },
      custom: [],
      userSymptoms: [],
    });
  });
});
