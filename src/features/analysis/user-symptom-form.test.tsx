import { readFileSync } from 'node:fs';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { AnalysisOptions, AnalysisResult } from '../../core/analysis/model.ts';
import { userSymptom } from '../../core/analysis/symptoms.ts';
import type { ClockReport, Row } from '../../core/engine/engine-api.ts';
import { resetWorkbenchStore, useWorkbenchStore } from '../../state/store.ts';
import { FakeClient } from '../../state/testing/fake-client.ts';
import { createTestWrapper, savedIncidentState } from '../../state/testing/test-providers.tsx';
import { AnalysisPanel } from './analysis-panel.tsx';
import { HOSTILE, sampleResultWith } from './test-result.ts';

// mermaid.render needs a browser's layout: drawing is checked in Playwright.
vi.mock('mermaid', () => ({
  default: {
    initialize: vi.fn(),
    render: vi.fn(async (id: string) => ({ svg: `<svg id="${id}"></svg>` })),
  },
}));

const sample = (name: string) => readFileSync(`public/sample/${name}`, 'utf8');
/** The sample's death: containerd cleans up the dead shim at 07:48:16 (journal lines 329-336). */
const T0 = Date.parse('2025-11-24T07:48:16Z') * 1000;

/** Epoch µs of a UTC time on the sample's day. */
const utc = (iso: string) => Date.parse(iso) * 1000;

/**
 * What an analysis of the sample's journals covers: journalctl-k.txt runs from the boot at 06:56:48
 * (line 1) to 08:26:44 (line 375); in journalctl-containerd-kubelet.txt containerd from 06:56:54 and
 * kubelet from 06:56:55, both to 08:24:38 (the last line).
 */
const SAMPLE_COVERAGE: AnalysisResult['coverage'] = [
  {
    sourceId: 'journalctl-k.txt',
    name: 'journalctl-k.txt',
    formats: ['journalctl-short'],
    producers: {
      kernel: { events: 375, from: utc('2025-11-24T06:56:48Z'), to: utc('2025-11-24T08:26:44Z') },
    },
  },
  {
    sourceId: 'journalctl-containerd-kubelet.txt',
    name: 'journalctl-containerd-kubelet.txt',
    formats: ['journalctl-short'],
    producers: {
      containerd: { events: 267, from: utc('2025-11-24T06:56:54Z'), to: utc('2025-11-24T08:24:38Z') },
      kubelet: { events: 151, from: utc('2025-11-24T06:56:55Z'), to: utc('2025-11-24T08:24:38Z') },
    },
  },
];

/**
 * The sample's fixed result (test-result.ts), with the named symptoms folded in after the detected
 * ones as Workbench.analysis does (src/core/engine/analysis.ts). `shape` changes the result (its
 * coverage, its focus) for the tests of how a typed time is read.
 */
class SymptomClient extends FakeClient {
  constructor(private readonly shape: (r: AnalysisResult) => AnalysisResult = (r) => r) {
    super();
  }
  override readonly analysis = vi.fn(async (opts: AnalysisOptions = {}): Promise<AnalysisResult> => {
    const r = this.shape(sampleResultWith(opts));
    return { ...r, symptoms: [...r.symptoms, ...(opts.userSymptoms ?? [])] };
  });
  override readonly clocks = vi.fn(
    async (): Promise<ClockReport> => ({ sources: [], defaultUtcOffsetMinutes: 0 }),
  );
  override readonly eventRows = vi.fn(async (): Promise<Row[]> => []);
}

async function setup(
  shape?: (r: AnalysisResult) => AnalysisResult,
  { storage }: { storage?: IDBFactory } = {},
) {
  const client = new SymptomClient(shape);
  const wrapper = createTestWrapper(client, { factory: storage });
  // Through the session's client, so that the incident keeps the source (a reload reads it back).
  if (!storage)
    await wrapper.session.persistingClient.addSource({
      name: 'dmesg.txt',
      kind: 'file',
      blob: new Blob([sample('dmesg.txt')]),
    });
  useWorkbenchStore.getState().setActivePanel('analysis');
  const user = userEvent.setup();
  const view = render(<AnalysisPanel />, { wrapper });
  // A reload shows the symptoms once the incident's source is read back.
  if (storage) await waitFor(() => expect(wrapper.session.getSnapshot().phase).toBe('ready'));
  await screen.findByRole('region', { name: /^Symptoms/ });
  return { client, user, view, wrapper };
}

const symptoms = () => screen.getByRole('region', { name: /^Symptoms/ });

async function openForm(user: ReturnType<typeof userEvent.setup>) {
  await user.click(within(symptoms()).getByRole('button', { name: 'Name a symptom' }));
  return screen.getByRole('form', { name: 'Name a symptom' });
}

describe('naming a symptom', () => {
  it('adds it to the store, passes it to the next analysis, and shows it marked as named by you', async () => {
    const { client, user } = await setup();
    const form = await openForm(user);
    const kinds = within(form).getByRole('combobox', { name: 'Kind' });
    expect(
      within(kinds)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([
      'container Unknown',
      'shim died',
      'exit 137',
      'OOMKilled',
      'restarts',
      'task missing',
      'other (custom)',
    ]);
    await user.selectOptions(kinds, 'container-unknown');
    await user.type(within(form).getByRole('textbox', { name: 'What you saw' }), 'checkout pod hangs');
    // kubectl prints the container id with its runtime: the prefix is not part of the id.
    await user.type(within(form).getByRole('textbox', { name: 'Container' }), 'containerd://7fc23ca64dfc');
    await user.type(within(form).getByRole('textbox', { name: 'Pod' }), 'payments/checkout-tkv49ntw2-qc86p');
    await user.type(within(form).getByRole('textbox', { name: 'Time' }), '2025-11-24T07:48:16Z');
    await user.click(within(form).getByRole('button', { name: 'Add symptom' }));

    const expected = userSymptom('container-unknown', 'checkout pod hangs', {
      container: '7fc23ca64dfc',
      pod: 'payments/checkout-tkv49ntw2-qc86p',
      time: T0,
    });
    expect(useWorkbenchStore.getState().userSymptoms).toEqual([expected]);
    await waitFor(() => expect(client.analysis.mock.lastCall?.[0]?.userSymptoms).toEqual([expected]));
    expect(screen.queryByRole('form', { name: 'Name a symptom' })).toBeNull();
    expect(within(symptoms()).getByRole('status')).toHaveTextContent(
      'Named “checkout pod hangs”: the analysis is weighed again with it.',
    );

    // Listed after the detected one, marked, with its time and where; the detected one unmarked.
    const list = await screen.findByRole('region', { name: 'Symptoms (2)' });
    // The symptom items themselves (each holds a list of its lines too).
    const [detected, named] = [...list.querySelectorAll<HTMLElement>('.an-symptom-list > li')];
    expect(detected).toHaveTextContent('shim afcf4efe9792 died');
    expect(within(detected).queryByText('named by you')).toBeNull();
    expect(within(detected).queryByRole('button', { name: /^Remove/ })).toBeNull();
    expect(within(named).getByText('checkout pod hangs')).toBeInTheDocument();
    expect(within(named).getByText('named by you')).toBeInTheDocument();
    expect(within(named).getByText('2025-11-24 07:48:16.000Z')).toBeInTheDocument();
    expect(within(named).getByText('7fc23ca64dfc · payments/checkout-tkv49ntw2-qc86p')).toBeInTheDocument();
  });

  it('reads a time without a zone in the display zone', async () => {
    useWorkbenchStore.getState().setDisplayZone(60);
    const { user } = await setup();
    const form = await openForm(user);
    expect(form).toHaveTextContent('read in the display zone (UTC+01:00)');
    await user.type(within(form).getByRole('textbox', { name: 'What you saw' }), 'checkout restarted');
    await user.type(within(form).getByRole('textbox', { name: 'Time' }), '2025-11-24 08:48:16');
    await user.click(within(form).getByRole('button', { name: 'Add symptom' }));
    expect(useWorkbenchStore.getState().userSymptoms.map((s) => s.time)).toEqual([T0]);
  });

  it('removes a named symptom: gone from the store, the next analysis and the list', async () => {
    useWorkbenchStore
      .getState()
      .addUserSymptom(userSymptom('oom-killed', 'checkout OOMKilled', { time: T0 }));
    const { client, user } = await setup();
    const list = await screen.findByRole('region', { name: 'Symptoms (2)' });
    await user.click(within(list).getByRole('button', { name: 'Remove the symptom checkout OOMKilled' }));
    expect(useWorkbenchStore.getState().userSymptoms).toEqual([]);
    await waitFor(() => expect(client.analysis.mock.lastCall?.[0]?.userSymptoms).toEqual([]));
    await screen.findByRole('region', { name: 'Symptoms (1)' });
    expect(screen.queryByText('checkout OOMKilled')).toBeNull();
  });

  it('survives a reload: saved with the incident, read back by the next session', async () => {
    const { user, view, wrapper } = await setup();
    const form = await openForm(user);
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Kind' }), 'task-missing');
    await user.type(within(form).getByRole('textbox', { name: 'What you saw' }), 'ctr lists no task');
    await user.click(within(form).getByRole('button', { name: 'Add symptom' }));
    const named = [userSymptom('task-missing', 'ctr lists no task')];
    await waitFor(async () => expect((await savedIncidentState(wrapper))?.userSymptoms).toEqual(named));
    view.unmount();
    wrapper.session.dispose();
    // A reload: the first-load state, then the last incident opened again from the same storage.
    act(() => resetWorkbenchStore());
    expect(useWorkbenchStore.getState().userSymptoms).toEqual([]);
    const { client, wrapper: again } = await setup(undefined, { storage: wrapper.factory });
    expect(again.session.getSnapshot().save).toEqual({ state: 'idle' });
    expect(again.session.getSnapshot().active?.id).toBe(wrapper.session.getSnapshot().active?.id);
    expect(useWorkbenchStore.getState().userSymptoms).toEqual(named);
    // The source came back with the incident, under its own id.
    expect((await client.listSources()).map((s) => s.sourceId)).toEqual(['dmesg.txt']);
    const list = await screen.findByRole('region', { name: 'Symptoms (2)' });
    expect(within(list).getByText('ctr lists no task')).toBeInTheDocument();
    expect(within(list).getByText('named by you')).toBeInTheDocument();
    await waitFor(() => expect(client.analysis.mock.lastCall?.[0]?.userSymptoms).toEqual(named));
  });

  it('an empty title or a bad time gives a message and adds nothing', async () => {
    const { client, user } = await setup();
    await waitFor(() => expect(client.analysis).toHaveBeenCalledTimes(1));
    const form = await openForm(user);
    const title = within(form).getByRole('textbox', { name: 'What you saw' });
    const time = within(form).getByRole('textbox', { name: 'Time' });
    const add = within(form).getByRole('button', { name: 'Add symptom' });

    await user.type(title, '   ');
    await user.click(add);
    expect(within(form).getByRole('alert')).toHaveTextContent(
      'Give the symptom a title: what you saw go wrong (e.g. checkout pod hangs).',
    );

    await user.clear(title);
    await user.type(title, 'checkout pod hangs');
    await user.type(time, 'yesterday 07:48');
    await user.click(add);
    expect(within(form).getByRole('alert')).toHaveTextContent(
      '“yesterday 07:48” is not a time: type a time like 07:48:16, 2025-11-24 07:48:16, Nov 24 07:48:16 or 2025-11-24T07:48:16Z.',
    );

    await user.clear(time);
    await user.type(time, '2025-11-24T07:48:16 XYZ');
    await user.click(add);
    expect(within(form).getByRole('alert')).toHaveTextContent(
      'Unknown time zone “XYZ”: use Z, UTC or an offset like +01:00.',
    );

    await user.clear(time);
    await user.type(time, '2025-02-30T07:48:16Z');
    await user.click(add);
    expect(within(form).getByRole('alert')).toHaveTextContent(
      '“2025-02-30T07:48:16Z” is not a real date or time.',
    );

    expect(useWorkbenchStore.getState().userSymptoms).toEqual([]);
    expect(screen.getByRole('form', { name: 'Name a symptom' })).toBeInTheDocument();
    await new Promise((r) => setTimeout(r, 50));
    expect(client.analysis).toHaveBeenCalledTimes(1);

    // Corrected: the message goes, the symptom is added.
    await user.clear(time);
    await user.type(time, '2025-11-24T07:48:16Z');
    await user.click(add);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(useWorkbenchStore.getState().userSymptoms.map((s) => s.time)).toEqual([T0]);
  });

  it('keeps hostile text as text', async () => {
    const { user } = await setup();
    const form = await openForm(user);
    // Pasted: user.type would read the braces of `%%{init:{}}%%` as key names.
    await user.click(within(form).getByRole('textbox', { name: 'What you saw' }));
    await user.paste(HOSTILE);
    await user.click(within(form).getByRole('textbox', { name: 'Pod' }));
    await user.paste('<b>x</b>');
    await user.click(within(form).getByRole('button', { name: 'Add symptom' }));
    const list = await screen.findByRole('region', { name: 'Symptoms (2)' });
    expect(within(list).getByText(HOSTILE)).toBeInTheDocument();
    expect(within(list).getByText('<b>x</b>')).toBeInTheDocument();
    expect(document.querySelector('.analysis img, .analysis b, [onerror]')).toBeNull();
  });
});

describe('the time of a named symptom', () => {
  /** Names one symptom at a typed time; the form closes when it is added. */
  async function nameAt(user: ReturnType<typeof userEvent.setup>, time: string) {
    const form = await openForm(user);
    await user.type(within(form).getByRole('textbox', { name: 'What you saw' }), `checkout hangs at ${time}`);
    await user.type(within(form).getByRole('textbox', { name: 'Time' }), time);
    await user.click(within(form).getByRole('button', { name: 'Add symptom' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByRole('form', { name: 'Name a symptom' })).toBeNull();
  }
  const times = () => useWorkbenchStore.getState().userSymptoms.map((s) => s.time);
  // Coverage alone dates a time of day: the focus time is taken away.
  const coveredNoFocus = (r: AnalysisResult): AnalysisResult => ({
    ...r,
    coverage: SAMPLE_COVERAGE,
    focus: { ...r.focus, time: null },
  });

  it('reads the forms the timeline reads, a time of day on the day the coverage spans', async () => {
    const { user } = await setup(coveredNoFocus);
    const form = await openForm(user);
    expect(form).toHaveTextContent(
      'Type a time like 07:48:16, 2025-11-24 07:48:16, Nov 24 07:48:16 or 2025-11-24T07:48:16Z',
    );
    expect(form).toHaveTextContent("a time of day alone, on the incident's day");
    await user.click(within(symptoms()).getByRole('button', { name: 'Cancel naming' }));
    for (const t of [
      '2025-11-24T07:48:16Z',
      '2025-11-24T08:48:16+01:00',
      '2025-11-24 08:48:16 CET',
      '2025-11-24T07:48',
      'Nov 24 07:48:16',
      '07:48:16',
    ])
      await nameAt(user, t);
    expect(times()).toEqual([T0, T0, T0, T0 - 16_000_000, T0, T0]);
  });

  it('reads a time without a zone, a month and day, and a time of day in the display zone', async () => {
    useWorkbenchStore.getState().setDisplayZone(-300);
    const { user } = await setup(coveredNoFocus);
    // 07:48:16Z is 02:48:16 at -05:00, still on Nov 24 there (the coverage runs 01:56:48-03:26:44).
    for (const t of ['2025-11-24 02:48:16.5', 'Nov 24 02:48:16', '02:48:16']) await nameAt(user, t);
    expect(times()).toEqual([T0 + 500_000, T0, T0]);
  });

  it('without timed coverage, reads a time of day on the day of the focus time', async () => {
    const { user } = await setup((r) => ({ ...r, coverage: [] }));
    await nameAt(user, '07:48:16');
    expect(times()).toEqual([T0]);
  });

  it('with no timed coverage and no focus time, asks for the date of a time of day', async () => {
    const { client, user } = await setup((r) => ({ ...r, coverage: [], focus: { ...r.focus, time: null } }));
    await waitFor(() => expect(client.analysis).toHaveBeenCalledTimes(1));
    const form = await openForm(user);
    await user.type(within(form).getByRole('textbox', { name: 'What you saw' }), 'checkout hangs');
    await user.type(within(form).getByRole('textbox', { name: 'Time' }), '07:48:16');
    await user.click(within(form).getByRole('button', { name: 'Add symptom' }));
    expect(within(form).getByRole('alert')).toHaveTextContent(
      'No event has a wall-clock time yet: type the date too (2025-11-24 07:48:16).',
    );
    expect(useWorkbenchStore.getState().userSymptoms).toEqual([]);
  });
});
