// The recall feature over the real session (fake-indexeddb) and the real engine (in-process):
// similar past incidents listed with what they concluded and opened in place; "Save as scenario"
// prefilled from the incident, saving into this browser and downloading the .scenario.zip, and
// refusing an analysis with no verdict with what to do; the scenarios kept here, imported from a
// file or refused with the reader's message.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Workbench } from '../../core/engine/workbench.ts';
import type { IncidentSignature } from '../../core/persist/model.ts';
import { SAMPLE_SCENARIO } from '../../core/training/sample-scenario.ts';
import { encodeScenario } from '../../core/training/scenario-bundle.ts';
import { useAnalysis, useAnalysisOptions } from '../../state/queries.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import { createTestWrapper, type TestWrapper } from '../../state/testing/test-providers.tsx';
import { createInProcessClient } from '../../worker/client.ts';
import { RecallAside } from './recall-aside.tsx';
import { describeRedactions } from './save-scenario-dialog.tsx';
import { ScenarioShelf } from './scenario-shelf.tsx';
import { SimilarIncidents } from './similar-incidents.tsx';

const SAMPLE_DIR = join(import.meta.dirname, '..', '..', '..', 'public', 'sample');
const FILES = [
  'crictl-ps-a.txt',
  'crictl-inspect.json',
  'journalctl-containerd-kubelet.txt',
  'journalctl-k.txt',
  'dmesg.txt',
];
const TEXTS = Object.fromEntries(FILES.map((f) => [f, readFileSync(join(SAMPLE_DIR, f), 'utf8')]));
const CLOCK = { year: 2025, utcOffsetMinutes: 0 };

// jsdom has no modal dialogs: showModal and close do what browsers do to the open state.
const proto = HTMLDialogElement.prototype as Partial<HTMLDialogElement>;
const native = { showModal: proto.showModal, close: proto.close };
const downloads: { fileName: string; href: string }[] = [];
beforeEach(() => {
  proto.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  proto.close = function close(this: HTMLDialogElement) {
    this.removeAttribute('open');
    this.dispatchEvent(new Event('close'));
  };
  downloads.length = 0;
  let n = 0;
  URL.createObjectURL = vi.fn(() => `blob:test/${++n}`);
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function click(this: HTMLAnchorElement) {
    downloads.push({ fileName: this.download, href: this.href });
  });
});
afterEach(() => {
  proto.showModal = native.showModal;
  proto.close = native.close;
  vi.restoreAllMocks();
});

const sig = (
  facts: string[],
  cause: string | null,
  by: 'engine' | 'analyst' = 'engine',
): IncidentSignature => ({
  rules: ['kernel.killed-process', 'kernel.oom-invoked'],
  facts,
  verdict: cause ? { cause, label: `Label of ${cause}`, confidence: 0.9, by } : null,
});

const newClient = () => createInProcessClient(new Workbench({ defaultClock: () => CLOCK }));

/** Asks for the analysis as the Analysis tab does, so the aside finds it in the cache. */
function AnalysisTab() {
  const opts = useAnalysisOptions();
  const { data } = useAnalysis(opts);
  return <p>{data ? `verdict ${data.verdict.cause}` : 'weighing'}</p>;
}

async function sessionWith(files: Record<string, string>): Promise<TestWrapper> {
  const w = createTestWrapper(newClient());
  await w.session.start();
  for (const [name, text] of Object.entries(files))
    await w.session.persistingClient.addSource({ name, kind: 'file', blob: new Blob([text]), clock: CLOCK });
  await w.session.flush();
  return w;
}

describe('SimilarIncidents', () => {
  it('lists the most alike with what they concluded and by whom; Open opens the incident', async () => {
    const w = createTestWrapper(newClient());
    await w.session.start();
    const mine = sig(['cause=oom-kill-cgroup', 'exit=137'], 'oom-kill-cgroup');
    const twin = await w.repo.create({ title: 'Worker 7 shim OOM' });
    await w.repo.setSignature(
      twin.id,
      sig(['cause=oom-kill-cgroup', 'exit=137'], 'oom-kill-cgroup', 'analyst'),
    );
    const other = await w.repo.create({ title: 'Disk full on worker 3' });
    await w.repo.setSignature(other.id, {
      rules: ['kubelet.eviction'],
      facts: ['cause=disk-full'],
      verdict: null,
    });
    await w.repo.putScenario({
      manifest: SAMPLE_SCENARIO,
      files: Object.fromEntries(SAMPLE_SCENARIO.sources.map((s) => [s.file, TEXTS[s.file]])),
      signature: sig(['cause=oom-kill-cgroup'], 'oom-kill-cgroup', 'analyst'),
      origin: 'imported',
    });
    const user = userEvent.setup();
    render(<SimilarIncidents signature={mine} />, { wrapper: w });

    const list = await screen.findByRole('list', { name: 'Similar past incidents' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows.map((r) => r.getAttribute('aria-label'))).toEqual([
      'Worker 7 shim OOM',
      SAMPLE_SCENARIO.title,
    ]);
    const first = within(list).getByRole('listitem', { name: 'Worker 7 shim OOM' });
    expect(first).toHaveTextContent('Concluded: Label of oom-kill-cgroup, by the analyst');
    expect(first).toHaveTextContent('100% similar');
    const scenario = within(list).getByRole('listitem', { name: SAMPLE_SCENARIO.title });
    expect(scenario).toHaveTextContent('scenario');
    expect(scenario).toHaveTextContent('Expects: Label of oom-kill-cgroup, by the analyst');
    expect(within(scenario).queryByRole('button')).toBeNull();

    await user.click(within(first).getByRole('button', { name: 'Open Worker 7 shim OOM' }));
    await waitFor(() => expect(w.session.getSnapshot().active?.id).toBe(twin.id));
    // The open incident is not similar to itself: the list is asked again and it is gone.
    await waitFor(() =>
      expect(screen.queryByRole('listitem', { name: 'Worker 7 shim OOM' })).not.toBeInTheDocument(),
    );
  });

  it('says when nothing is alike', async () => {
    const w = createTestWrapper(newClient());
    await w.session.start();
    render(<SimilarIncidents signature={sig(['cause=kernel-hang'], 'kernel-hang')} />, { wrapper: w });
    expect(
      await screen.findByText('No other incident or scenario in this browser has findings like these yet.'),
    ).toBeInTheDocument();
  });
});

describe('Save as scenario', () => {
  it('is prefilled from the incident, says what is stripped, saves here and downloads the file', async () => {
    const w = await sessionWith(TEXTS);
    useWorkbenchStore
      .getState()
      .setDecision('oom-kill-cgroup/shim', { state: 'accepted', note: 'the shim died' });
    await w.session.flush();
    const title = w.session.getSnapshot().active?.title ?? '';
    const user = userEvent.setup();
    render(
      <>
        <AnalysisTab />
        <RecallAside />
      </>,
      { wrapper: w },
    );
    await screen.findByText('verdict oom-kill-cgroup', undefined, { timeout: 20_000 });
    const open = screen.getByRole('button', { name: 'Save as scenario…' });
    await waitFor(() => expect(open).toBeEnabled());
    await user.click(open);

    const dialog = await screen.findByRole('dialog', { name: 'Save as scenario' });
    expect(within(dialog).getByRole('textbox', { name: 'Title' })).toHaveValue(title);
    const explain = within(dialog).getByRole('region', { name: 'What the scenario holds' });
    expect(explain).toHaveTextContent(
      'Your pins, decisions, notes, own hypotheses and document drafts stay out',
    );
    expect(explain).toHaveTextContent(
      /The expected answer is what you accepted \(The containerd shim was the victim/,
    );
    expect(within(dialog).queryByText(/has no verdict yet/)).toBeNull();

    await user.clear(within(dialog).getByRole('textbox', { name: 'Title' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Title' }), 'Checkout on k8s-worker-21');
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Difficulty' }), 'advanced');
    await user.click(within(dialog).getByRole('checkbox', { name: 'Also replace pod and namespace names' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save and download' }));

    const status = await within(dialog).findByText(
      /^Saved “Checkout on node-\d+” in this browser and downloaded/,
      undefined,
      {
        timeout: 20_000,
      },
    );
    expect(status).toBeInTheDocument();
    expect(downloads).toHaveLength(1);
    expect(downloads[0].fileName).toMatch(/^checkout-on-node-\d+\.scenario\.zip$/);
    expect(within(dialog).getByText(/^Replaced by pseudonyms: .*host names?.*pod names/)).toBeInTheDocument();
    const kept = await w.session.listScenarios();
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ origin: 'saved', manifest: { difficulty: 'advanced' } });
    expect(JSON.stringify((await w.session.getScenario(kept[0].id))?.files)).not.toContain(
      'checkout-tkv49ntw2-qc86p',
    );

    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(open).toHaveFocus());
  }, 60_000);

  it('warns, then refuses, an analysis with no verdict and nothing accepted', async () => {
    const w = await sessionWith({ 'app.log': 'Nov 24 07:48:10 web-3 app[1]: hello world\n' });
    const user = userEvent.setup();
    render(
      <>
        <AnalysisTab />
        <RecallAside />
      </>,
      { wrapper: w },
    );
    await screen.findByText('verdict unknown', undefined, { timeout: 20_000 });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Save as scenario…' })).toBeEnabled());
    await user.click(screen.getByRole('button', { name: 'Save as scenario…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Save as scenario' });
    expect(
      within(dialog).getByText(/The analysis has no verdict yet: accept the hypothesis/),
    ).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Save and download' }));
    await waitFor(() =>
      expect(within(dialog).getByRole('alert')).toHaveTextContent(
        /^Not saved\. The analysis has no verdict \(the cause is unknown\) and no hypothesis was accepted/,
      ),
    );
    expect(downloads).toHaveLength(0);
    expect(await w.session.listScenarios()).toEqual([]);
  }, 60_000);

  it('cannot be asked before the incident is saved', async () => {
    const w = createTestWrapper(newClient());
    await w.session.start();
    render(<RecallAside />, { wrapper: w });
    const button = screen.getByRole('button', { name: 'Save as scenario…' });
    expect(button).toBeDisabled();
    expect(button).toHaveAttribute('title', 'The incident is not saved yet.');
  });
});

describe('ScenarioShelf', () => {
  it('imports a scenario file and lists it; refuses what is not one with the reason', async () => {
    const w = createTestWrapper(newClient());
    await w.session.start();
    // A file picker's "All files" lets any file through: the session reads the content, not the name.
    const user = userEvent.setup({ applyAccept: false });
    render(<ScenarioShelf />, { wrapper: w });
    expect(await screen.findByText(/^None yet\. Save an incident as a scenario/)).toBeInTheDocument();

    const bytes = await encodeScenario({
      manifest: SAMPLE_SCENARIO,
      files: Object.fromEntries(SAMPLE_SCENARIO.sources.map((s) => [s.file, TEXTS[s.file]])),
      signature: null,
      generator: 'rca-workbench@test',
      exportedAt: '2026-01-02T03:04:05.000Z',
    });
    const input = screen.getByLabelText('Scenario file to import');
    await user.upload(input, new File([bytes as Uint8Array<ArrayBuffer>], 'drill.scenario.zip'));
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent(
        `Imported the scenario “${SAMPLE_SCENARIO.title}”.`,
      ),
    );
    const row = await screen.findByRole('listitem', { name: SAMPLE_SCENARIO.title });
    expect(row).toHaveTextContent('intro · imported ·');
    expect(row).toHaveTextContent('5 files');
    expect(screen.getByRole('heading', { name: 'Scenarios (1)' })).toBeInTheDocument();

    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await user.upload(input, new File([png], 'cat.png'));
    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent(
        'cat.png was not imported. This is a PNG image, not an RCA Workbench scenario (.scenario.zip).',
      ),
    );
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
  }, 30_000);

  it('deletes a kept scenario after asking, naming it; Cancel and Escape keep it', async () => {
    const w = createTestWrapper(newClient());
    await w.session.start();
    const files = Object.fromEntries(SAMPLE_SCENARIO.sources.map((s) => [s.file, TEXTS[s.file]]));
    const keep = (title: string) =>
      w.repo.putScenario({
        manifest: { ...SAMPLE_SCENARIO, title },
        files,
        signature: null,
        origin: 'imported',
      });
    const first = await keep('Drill to keep');
    await keep('Drill to delete');
    const user = userEvent.setup();
    render(<ScenarioShelf />, { wrapper: w });
    const row = await screen.findByRole('listitem', { name: 'Drill to delete' });
    expect(screen.getByRole('heading', { name: 'Scenarios (2)' })).toBeInTheDocument();

    // Asked first, by name; Cancel keeps it and gives the focus back.
    await user.click(within(row).getByRole('button', { name: 'Delete: Drill to delete' }));
    const question = within(row).getByRole('group', { name: 'Delete Drill to delete?' });
    expect(question).toHaveTextContent(
      'Delete “Drill to delete” from this browser? Only its .scenario.zip can bring it back.',
    );
    expect(within(question).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(within(question).getByRole('button', { name: 'Cancel' }));
    expect(within(row).queryByRole('group')).toBeNull();
    expect(within(row).getByRole('button', { name: 'Delete: Drill to delete' })).toHaveFocus();
    await user.keyboard('{Enter}');
    await user.keyboard('{Escape}');
    expect(within(row).queryByRole('group')).toBeNull();
    expect((await w.session.listScenarios()).map((x) => x.manifest.title).sort()).toEqual([
      'Drill to delete',
      'Drill to keep',
    ]);

    // Yes: gone from the list and from storage; the other one stays.
    await user.click(within(row).getByRole('button', { name: 'Delete: Drill to delete' }));
    await user.click(within(row).getByRole('button', { name: 'Yes, delete Drill to delete' }));
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent('Deleted the scenario “Drill to delete”.'),
    );
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Drill to delete' })).toBeNull());
    expect(screen.getByRole('listitem', { name: 'Drill to keep' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Scenarios (1)' })).toBeInTheDocument();
    expect((await w.session.listScenarios()).map((x) => x.id)).toEqual([first.id]);

    // Already gone (deleted in another tab): said, not thrown.
    await w.repo.removeScenario(first.id);
    const stale = screen.getByRole('listitem', { name: 'Drill to keep' });
    await user.click(within(stale).getByRole('button', { name: 'Delete: Drill to keep' }));
    await user.click(within(stale).getByRole('button', { name: 'Yes, delete Drill to keep' }));
    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent(
        'Could not delete “Drill to keep”: That scenario is no longer stored in this browser.',
      ),
    );
    // The list was stale: read again, it is empty.
    expect(await screen.findByText(/^None yet\./)).toBeInTheDocument();
  }, 30_000);
});

it('says what was redacted in words', () => {
  expect(describeRedactions([])).toBe('Nothing identifying was found to replace.');
  expect(
    describeRedactions([
      { kind: 'hostname', values: 1, occurrences: 9 },
      { kind: 'ipv4', values: 3, occurrences: 4 },
      { kind: 'email', values: 2, occurrences: 2 },
    ]),
  ).toBe('Replaced by pseudonyms: 1 host name, 3 IPv4 addresses, 2 e-mail addresses.');
});
