import { readFileSync } from 'node:fs';
import { act, configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/app.tsx';
import { Workbench } from '../../core/engine/workbench.ts';
import { SAMPLE_SCENARIO as M } from '../../core/training/sample-scenario.ts';
import { resetWorkbenchStore, useWorkbenchStore } from '../../state/store.ts';
import {
  createTestWrapper,
  savedIncidentState,
  type TestWrapper,
} from '../../state/testing/test-providers.tsx';
import { createInProcessClient } from '../../worker/client.ts';

// The scenario folder the app fetches (public/scenarios/<id>/), made from the sample scenario's
// manifest and the sample's files: what H9's folders look like, served by a fake fetch.
const FILES: Record<string, string> = Object.fromEntries(
  M.sources.map((s) => [s.file, readFileSync(`public/sample/${s.file}`, 'utf8')]),
);
const INDEX = [{ id: M.id, title: M.title, difficulty: M.difficulty, summary: M.summary }];

function serveScenarios() {
  const fetchMock = vi.fn(async (url: string) => {
    const path = String(url);
    if (path === '/scenarios/index.json') return new Response(JSON.stringify(INDEX));
    if (path === `/scenarios/${M.id}/manifest.json`) return new Response(JSON.stringify(M));
    const file = decodeURIComponent(path.slice(`/scenarios/${M.id}/`.length));
    if (path.startsWith(`/scenarios/${M.id}/`) && file in FILES) return new Response(FILES[file]);
    return new Response('not found', { status: 404 });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

// Starting saves and empties the workbench, and each reveal reads files into the engine and
// writes them to IndexedDB: on a busy machine that takes more than find*'s default second.
configure({ asyncUtilTimeout: 8000 });

/** The engine in this thread, with the sample's clock: year-less lines read as 2025, zone-less as UTC. */
const engine = () =>
  createInProcessClient(new Workbench({ defaultClock: () => ({ year: 2025, utcOffsetMinutes: 0 }) }));

function setup(wrapper?: TestWrapper) {
  const client = engine();
  const w = wrapper ?? createTestWrapper(client);
  const user = userEvent.setup();
  const view = render(<App />, { wrapper: w });
  return { client, user, wrapper: w, view };
}

const s = () => useWorkbenchStore.getState();
const sourceNames = async (w: TestWrapper) =>
  (await w.session.persistingClient.listSources()).map((x) => x.name).sort();

async function startSample(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('tab', { name: 'Training' }));
  const card = await screen.findByRole('listitem', { name: M.title }, { timeout: 10_000 });
  // The manifest's learning goals are listed before starting.
  expect(await within(card).findByText(M.learningGoals[0])).toBeInTheDocument();
  expect(within(card).getByText('intro')).toBeInTheDocument();
  // Enabled once the session has restored what it had (the incident it opens at load).
  const start = within(card).getByRole('button', { name: `Start: ${M.title}` });
  await waitFor(() => expect(start).toBeEnabled());
  await user.click(start);
  await screen.findByRole('heading', { name: 'The incident so far' });
}

const panel = (name: string) => screen.getByRole('tabpanel', { name });

describe('Training tab', () => {
  it('plays the sample scenario: list, start, reveal, pin, rule out, commit, feedback', async () => {
    const fetchMock = serveScenarios();
    const { user, wrapper } = setup();
    await startSample(user);

    // A new incident named for the exercise; the symptom only, and the named symptom for the analysis.
    await waitFor(() => expect(wrapper.session.getSnapshot().active?.title).toBe(`Training: ${M.title}`));
    expect(screen.getByText(M.symptom.text)).toBeInTheDocument();
    expect(s().userSymptoms.map((x) => x.title)).toEqual(['checkout container Unknown']);
    expect(await sourceNames(wrapper)).toEqual([]);
    expect(screen.getByText('Step 0 of 3')).toBeInTheDocument();

    // The Analysis and Document tabs are locked while the attempt is open.
    await user.click(screen.getByRole('tab', { name: 'Analysis' }));
    expect(panel('Analysis')).toHaveTextContent(
      'Hidden during the exercise: the analysis would give the answer away. Commit your answer to see it.',
    );
    expect(within(panel('Analysis')).queryByRole('heading', { name: /cause/i })).toBeNull();
    await user.click(screen.getByRole('tab', { name: 'Document' }));
    expect(panel('Document')).toHaveTextContent('Hidden during the exercise');
    await user.click(within(panel('Document')).getByRole('button', { name: 'Back to the exercise' }));
    expect(s().activePanel).toBe('training');

    // Reveal next: the step's files become sources of the incident; its narrative is shown.
    const training = panel('Training');
    await user.click(await within(training).findByRole('button', { name: 'Reveal next' }));
    await within(training).findByText(M.reveal[1].narrative);
    expect(await sourceNames(wrapper)).toEqual(['crictl-inspect.json', 'crictl-ps-a.txt']);
    expect(within(training).getByText('Step 1 of 3')).toBeInTheDocument();
    expect(fetchMock.mock.calls.map((c) => String(c[0]))).toContain(`/scenarios/${M.id}/crictl-inspect.json`);

    // Hypotheses by title only, in the fixed order (the engine's first is not the list's first).
    const ranking = await within(training).findByRole('list', { name: 'My ranking' });
    await waitFor(() => expect(within(ranking).getAllByRole('listitem').length).toBeGreaterThan(5));
    const firstTitle = within(ranking).getAllByRole('listitem')[0].textContent ?? '';
    expect(firstTitle).toContain('Kernel OOM killer at a memory cgroup limit');
    // No verdict, score or reason of the engine's: they are the answer.
    expect(training).not.toHaveTextContent(/\b(supported|refuted|unlikely)\b|\((likely|open)\)/i);

    // What I would check next: a command typed, recorded at this step.
    await user.type(within(training).getByRole('textbox', { name: 'or type a command' }), 'journalctl -k');
    await user.click(within(training).getByRole('button', { name: 'Add to my checks' }));
    expect(within(training).getByRole('list', { name: 'My checks' })).toHaveTextContent(
      'Step 1 journalctl -k',
    );

    // A hint, counted.
    await user.click(await within(training).findByRole('button', { name: 'Reveal next' }));
    await within(training).findByText(M.reveal[2].narrative);
    await user.click(within(training).getByRole('button', { name: 'Show a hint' }));
    expect(within(training).getByRole('list', { name: 'Hints' })).toHaveTextContent(M.hints[0].text);
    await user.click(await within(training).findByRole('button', { name: 'Reveal next' }));
    await within(training).findByText(M.reveal[3].narrative);
    await waitFor(async () => expect(await sourceNames(wrapper)).toHaveLength(5));
    expect(await within(training).findByRole('button', { name: 'Reveal next' })).toBeDisabled();

    // Pins are the store's (the Timeline's Key event); the exercise lists them as file:line.
    act(() => {
      s().togglePin('dmesg.txt:287');
      s().togglePin('dmesg.txt:286');
    });
    const pins = await within(training).findByRole('list', { name: 'Pinned lines' });
    await waitFor(() => expect(pins).toHaveTextContent('dmesg.txt:287'));

    // Rule out the host OOM, citing a pinned line.
    await user.click(
      within(training).getByRole('button', { name: 'Rule out: Node out of memory (global OOM killer)' }),
    );
    const form = within(training).getByRole('form', {
      name: 'Rule out: Node out of memory (global OOM killer)',
    });
    await user.type(within(form).getByRole('textbox'), 'CONSTRAINT_MEMCG: the pod cgroup hit its limit');
    await user.click(within(form).getByRole('checkbox', { name: 'dmesg.txt:286' }));
    await user.click(within(form).getByRole('button', { name: 'Rule out' }));
    expect(within(training).getByRole('list', { name: 'Ruled out' })).toHaveTextContent(
      'citing dmesg.txt:286',
    );

    // Commit: the cause, the verification steps done, confirm.
    await user.selectOptions(
      within(training).getByRole('combobox', { name: 'The cause' }),
      'oom-kill-cgroup/shim',
    );
    await user.click(
      within(training).getByRole('checkbox', { name: 'Read the kernel log around the death' }),
    );
    await user.click(within(training).getByRole('button', { name: 'Commit…' }));
    expect(within(training).getByRole('status')).toHaveTextContent(
      'Commit “The containerd shim was the victim',
    );
    await user.click(within(training).getByRole('button', { name: 'Confirm and grade' }));

    // The feedback: score, cause right, the dimension table, pins against the reference lines.
    await within(training).findByText('Right', {}, { timeout: 15_000 });
    const attempt = s().training;
    expect(attempt?.result?.cause.verdict).toBe('right');
    expect(attempt?.answer?.hintsUsed).toBe(1);
    expect(attempt?.answer?.checks).toEqual([{ command: 'journalctl -k', atStep: 1 }]);
    expect(training).toHaveTextContent(`${attempt?.result?.score}/ 100`);
    const dims = within(training).getByRole('table', { name: 'How you did' });
    expect(
      within(dims)
        .getAllByRole('rowheader')
        .map((c) => c.textContent),
    ).toEqual(['Cause', 'Evidence', 'Ruling out', 'Verification', 'Investigation path', 'Efficiency']);
    const refs = within(training).getByRole('list', { name: 'Reference lines' });
    expect(within(refs).getAllByRole('listitem')).toHaveLength(M.keyEvidence.length);
    expect(within(refs).getAllByText('found')).toHaveLength(2);
    expect(training).toHaveTextContent('Evidence recall 33 %');
    // A reference line shows itself on the Timeline once the engine has placed it.
    await user.click(await within(refs).findByRole('button', { name: 'Show dmesg.txt:287 in the timeline' }));
    expect([s().activePanel, s().selectedEventId]).toEqual(['timeline', 'dmesg.txt:287']);
    // The record of a key line is found by its first line (crictl inspect's JSON object).
    await user.click(screen.getByRole('tab', { name: 'Training' }));
    await user.click(
      await within(refs).findByRole('button', { name: 'Show crictl-inspect.json:394 in the timeline' }),
    );
    expect(s().selectedEventId).toMatch(/^crictl-inspect\.json:\d+$/);
    expect(Number(s().selectedEventId?.split(':')[1])).toBeLessThanOrEqual(394);

    // After commit the Analysis tab is open again.
    await user.click(screen.getByRole('tab', { name: 'Analysis' }));
    expect(panel('Analysis')).not.toHaveTextContent('Hidden during the exercise');

    // Saved with the incident, grade and all.
    const saved = await savedIncidentState(wrapper, { flush: true });
    expect(saved?.training?.result?.score).toBe(attempt?.result?.score);
    expect(saved?.training?.manifest.id).toBe(M.id);
  });

  it('exports the feedback as the training-feedback document and opens the Document tab', async () => {
    serveScenarios();
    const { user } = setup();
    await startSample(user);
    const training = panel('Training');
    await user.click(within(training).getByRole('button', { name: 'Reveal all' }));
    await within(training).findByText(M.reveal[3].narrative);
    expect(s().training?.revealedAll).toBe(true);
    await user.selectOptions(within(training).getByRole('combobox', { name: 'The cause' }), 'oom-kill-host');
    await user.click(within(training).getByRole('button', { name: 'Commit…' }));
    await user.click(within(training).getByRole('button', { name: 'Confirm and grade' }));
    await within(training).findByText('Partly right', {}, { timeout: 15_000 });
    const exportButton = within(training).getByRole('button', { name: 'Export feedback' });
    await waitFor(() => expect(exportButton).toBeEnabled());
    await user.click(exportButton);
    expect(s().activePanel).toBe('document');
    expect(s().documentTemplateId).toBe('training-feedback');
    const draft = s().documentDrafts['training-feedback'];
    expect(draft.title).toBe(`Training feedback: ${M.title}`);
    expect(draft.values.cause_verdict).toBe('partly');
    expect(draft.values.score).toBe(`${s().training?.result?.score} / 100`);
    // The grade's values are the author's: "Fill from the analysis" keeps them.
    expect(draft.edited).toEqual(Object.keys(draft.values));
    expect(
      await within(panel('Document')).findByDisplayValue(
        `Training feedback: ${M.title}`,
        {},
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
  });

  it('resumes an open attempt after a reload, still locked, and "Try again" starts a new incident', async () => {
    serveScenarios();
    const first = setup();
    await startSample(first.user);
    const training = panel('Training');
    await first.user.click(within(training).getByRole('button', { name: 'Reveal next' }));
    await within(training).findByText(M.reveal[1].narrative);
    // No hint is offered before step 2 in this scenario.
    expect(within(training).getByRole('button', { name: 'Show a hint' })).toBeDisabled();
    act(() => s().togglePin('crictl-ps-a.txt:2'));
    await first.wrapper.session.flush();
    const id = first.wrapper.session.getSnapshot().active?.id;

    // A reload: the page goes, a new session over the same database opens the last incident.
    first.view.unmount();
    first.wrapper.session.dispose();
    resetWorkbenchStore();
    const second = setup(createTestWrapper(engine(), { factory: first.wrapper.factory }));
    await waitFor(() => expect(second.wrapper.session.getSnapshot().active?.id).toBe(id));
    await waitFor(() => expect(s().training?.step).toBe(1));
    await waitFor(async () =>
      expect(await sourceNames(second.wrapper)).toEqual(['crictl-inspect.json', 'crictl-ps-a.txt']),
    );
    expect(s().pins.map((p) => p.eventId)).toEqual(['crictl-ps-a.txt:2']);
    await second.user.click(screen.getByRole('tab', { name: 'Analysis' }));
    expect(panel('Analysis')).toHaveTextContent('Hidden during the exercise');
    await second.user.click(screen.getByRole('tab', { name: 'Training' }));
    const resumed = panel('Training');
    expect(await within(resumed).findByText(M.reveal[1].narrative)).toBeInTheDocument();
    expect(within(resumed).getByText('Step 1 of 3')).toBeInTheDocument();

    // Commit a wrong answer: the feedback says so and what to strengthen.
    await second.user.selectOptions(
      within(resumed).getByRole('combobox', { name: 'The cause' }),
      'disk-full',
    );
    await second.user.click(within(resumed).getByRole('button', { name: 'Commit…' }));
    await second.user.click(within(resumed).getByRole('button', { name: 'Confirm and grade' }));
    await within(resumed).findByText('Wrong', {}, { timeout: 15_000 });
    // Grading completed the incident: every source of the scenario is there now.
    expect(await sourceNames(second.wrapper)).toHaveLength(5);
    const dims = within(resumed).getByRole('table', { name: 'How you did' });
    expect(within(dims).getAllByRole('row')[1]).not.toHaveTextContent('Nothing: keep doing this.');

    // Try again: a new incident, the scenario from its start; the graded one stays in the list.
    await second.user.click(within(resumed).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(second.wrapper.session.getSnapshot().active?.id).not.toBe(id));
    await waitFor(() => expect(s().training?.step).toBe(0));
    expect(s().training?.committedAt).toBeNull();
    expect(s().pins).toEqual([]);
    await waitFor(async () =>
      expect((await second.wrapper.session.list()).map((m) => m.title)).toEqual([
        `Training: ${M.title}`,
        `Training: ${M.title}`,
      ]),
    );
    const before = (await second.wrapper.repo.loadState(id ?? '')).state.training;
    expect(before?.result?.cause.verdict).toBe('wrong');
  });

  it('plays a scenario kept in this browser, its files read from storage', async () => {
    const fetchMock = serveScenarios();
    const client = engine();
    const wrapper = createTestWrapper(client);
    const kept = await wrapper.repo.putScenario({
      manifest: { ...M, title: 'A drill from last week' },
      files: FILES,
      signature: null,
      origin: 'imported',
    });
    const { user } = setup(wrapper);
    await user.click(screen.getByRole('tab', { name: 'Training' }));
    const list = await screen.findByRole('list', { name: 'Scenarios kept in this browser' });
    const card = within(list).getByRole('listitem', { name: 'A drill from last week' });
    expect(card).toHaveTextContent('imported');
    await user.click(within(card).getByRole('button', { name: 'Start: A drill from last week' }));
    const training = await screen.findByRole('tabpanel', { name: 'Training' });
    await within(training).findByRole('heading', { name: 'The incident so far' });
    expect(s().training?.localScenarioId).toBe(kept.id);
    await user.click(within(training).getByRole('button', { name: 'Reveal all' }));
    await waitFor(async () => expect(await sourceNames(wrapper)).toHaveLength(5));
    // Nothing of the scenario's files came over the network: they are the kept ones.
    expect(
      fetchMock.mock.calls
        .map((c) => String(c[0]))
        .filter((u) => u.includes(`/${M.id}/`) && !u.endsWith('manifest.json')),
    ).toEqual([]);
    await waitFor(() =>
      expect(wrapper.session.getSnapshot().active?.title).toBe('Training: A drill from last week'),
    );
  });

  it('deletes a kept scenario from the list after asking; a bundled one has no Delete', async () => {
    serveScenarios();
    const wrapper = createTestWrapper(engine());
    const keep = (title: string) =>
      wrapper.repo.putScenario({
        manifest: { ...M, title },
        files: FILES,
        signature: null,
        origin: 'imported',
      });
    const kept = await keep('Drill to keep');
    await keep('Drill to delete');
    const { user } = setup(wrapper);
    await user.click(screen.getByRole('tab', { name: 'Training' }));
    const list = await screen.findByRole('list', { name: 'Scenarios kept in this browser' });
    const bundled = await screen.findByRole('listitem', { name: M.title });
    expect(within(bundled).queryByRole('button', { name: /^Delete/ })).toBeNull();

    const card = within(list).getByRole('listitem', { name: 'Drill to delete' });
    await user.click(within(card).getByRole('button', { name: 'Delete: Drill to delete' }));
    expect(within(card).getByRole('group', { name: 'Delete Drill to delete?' })).toHaveTextContent(
      'Delete “Drill to delete” from this browser? Only its .scenario.zip can bring it back.',
    );
    await user.click(within(card).getByRole('button', { name: 'Yes, delete Drill to delete' }));
    await waitFor(() => expect(within(list).queryByRole('listitem', { name: 'Drill to delete' })).toBeNull());
    expect(within(panel('Training')).getByText('Deleted the scenario “Drill to delete”.')).toHaveAttribute(
      'role',
      'status',
    );
    expect(within(list).getByRole('listitem', { name: 'Drill to keep' })).toBeInTheDocument();
    expect(list.querySelectorAll(':scope > li')).toHaveLength(1);
    expect((await wrapper.session.listScenarios()).map((x) => x.id)).toEqual([kept.id]);
    // The bundled one is still there to play.
    expect(screen.getByRole('button', { name: `Start: ${M.title}` })).toBeInTheDocument();
  });

  it('a kept scenario deleted during its attempt: no more reveals, said; commit grades what was revealed', async () => {
    serveScenarios();
    const wrapper = createTestWrapper(engine());
    const kept = await wrapper.repo.putScenario({
      manifest: { ...M, title: 'A drill deleted midway' },
      files: FILES,
      signature: null,
      origin: 'imported',
    });
    const { user } = setup(wrapper);
    await user.click(screen.getByRole('tab', { name: 'Training' }));
    const card = await screen.findByRole('listitem', { name: 'A drill deleted midway' });
    const start = within(card).getByRole('button', { name: 'Start: A drill deleted midway' });
    await waitFor(() => expect(start).toBeEnabled());
    await user.click(start);
    const training = panel('Training');
    await user.click(await within(training).findByRole('button', { name: 'Reveal next' }));
    await within(training).findByText(M.reveal[1].narrative);

    // Deleted from the Incidents dialog's shelf meanwhile.
    await wrapper.session.removeScenario(kept.id);
    expect(
      await within(training).findByText(/^“A drill deleted midway” was deleted from this browser/),
    ).toHaveTextContent(
      'the steps not revealed yet cannot be read. You can still commit. The grade then rests on the 2 of 5 sources revealed',
    );
    expect(within(training).getByRole('button', { name: 'Reveal next' })).toBeDisabled();
    expect(within(training).getByRole('button', { name: 'Reveal all' })).toBeDisabled();

    // Still gradable: on the two sources revealed, the others' reference lines missed.
    await user.selectOptions(
      within(training).getByRole('combobox', { name: 'The cause' }),
      'oom-kill-cgroup/shim',
    );
    await user.click(within(training).getByRole('button', { name: 'Commit…' }));
    await user.click(within(training).getByRole('button', { name: 'Confirm and grade' }));
    await within(training).findByText('Right', {}, { timeout: 15_000 });
    expect(await sourceNames(wrapper)).toEqual(['crictl-inspect.json', 'crictl-ps-a.txt']);
    const result = s().training?.result;
    expect(result?.cause.verdict).toBe('right');
    // The kernel's two required lines were never revealed: missed.
    expect(result?.evidence.requiredMissed).toEqual([0, 1]);
    const note = within(training).getByRole('note');
    expect(note).toHaveTextContent(
      '“A drill deleted midway” was deleted from this browser: this feedback stays. To play it again, import its .scenario.zip',
    );
    expect(note).toHaveTextContent(
      'It was graded without 3 of its 5 sources (journalctl-containerd-kubelet.txt, journalctl-k.txt, dmesg.txt)',
    );
    expect(within(training).getByRole('button', { name: 'Try again' })).toBeDisabled();
  });
});
