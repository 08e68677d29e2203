// The exercise's time counts only while the page is shown: the page is hidden for 10 minutes
// (visibilitychange, fake clock), then closed (pagehide: its last write lost, as a reload in
// Chromium loses it, and only the note it left kept) and reopened an hour later, and neither the
// time shown, nor what is saved with the incident, nor the committed answer counts those.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Workbench } from '../../core/engine/workbench.ts';
import { newAttempt } from '../../core/training/attempt.ts';
import { CLOCK_TICK_MS } from '../../core/training/clock.ts';
import { SAMPLE_SCENARIO as M } from '../../core/training/sample-scenario.ts';
import { resetWorkbenchStore, useWorkbenchStore } from '../../state/store.ts';
import {
  createTestWrapper,
  savedIncidentState,
  type TestWrapper,
} from '../../state/testing/test-providers.tsx';
import { createInProcessClient } from '../../worker/client.ts';
import { CLOCK_NOTE_KEY, useTrainingClock } from './attempt-clock.ts';
import { Elapsed } from './attempt-view.tsx';
import { useTrainingActions } from './use-training.ts';

const MIN = 60_000;
const T0 = Date.UTC(2025, 10, 26, 9, 0, 0);

let visibility: DocumentVisibilityState = 'visible';
function setVisibility(v: DocumentVisibilityState) {
  visibility = v;
  document.dispatchEvent(new Event('visibilitychange'));
}
Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });

afterEach(() => {
  vi.useRealTimers();
  visibility = 'visible';
  localStorage.clear();
});

/** What the app shell and the exercise do: the clock counting, the time shown, Commit. */
function Exercise() {
  useTrainingClock();
  const training = useWorkbenchStore((s) => s.training);
  const actions = useTrainingActions();
  if (!training) return null;
  return (
    <>
      <Elapsed attempt={training} />
      <button
        type="button"
        onClick={() => actions.commit({ cause: 'oom-kill-cgroup', verificationDone: [] })}
      >
        Commit
      </button>
    </>
  );
}

const engine = () => createInProcessClient(new Workbench());
/** The time the exercise shows (its header's "Time <strong>…</strong>"). */
const shown = () => screen.getByTitle('Counted only while this page is shown').textContent;
const attempt = () => useWorkbenchStore.getState().training;
/** Fake Date and intervals only: IndexedDB (fake-indexeddb) and the autosave keep their real timers. */
const fakeClock = (now: number) =>
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'], now });
const advance = (ms: number) => act(() => vi.advanceTimersByTime(ms));

async function ready(w: TestWrapper) {
  await waitFor(() => expect(w.session.getSnapshot().phase).toBe('ready'));
}

describe('the exercise clock', () => {
  it('stops while the page is hidden, keeps what it counted over a reload, and commits that', async () => {
    const w = createTestWrapper(engine());
    await ready(w);
    fakeClock(T0);
    act(() => useWorkbenchStore.getState().setTraining(newAttempt(M, Date.now())));
    const view = render(<Exercise />, { wrapper: w });
    expect(shown()).toBe('Time 0 s');

    advance(2 * MIN);
    expect(shown()).toBe('Time 2 min 00 s');

    // Hidden for 10 minutes: the time shown stands still, what ran is folded in and saved.
    const flush = vi.spyOn(w.session, 'flush');
    act(() => setVisibility('hidden'));
    expect(attempt()?.activeMs).toBe(2 * MIN);
    expect(flush).toHaveBeenCalled();
    advance(10 * MIN);
    expect(shown()).toBe('Time 2 min 00 s');
    expect(attempt()?.activeMs).toBe(2 * MIN);

    // Shown again: it resumes from there.
    act(() => setVisibility('visible'));
    advance(MIN);
    expect(shown()).toBe('Time 3 min 00 s');
    // The minute's tick folded it in: the autosave carries it without a hide.
    expect(attempt()?.activeMs).toBe(3 * MIN);
    advance(30_000);
    expect(shown()).toBe('Time 3 min 30 s');

    // The tab is closed (pagehide): folded in and written at once.
    flush.mockClear();
    act(() => {
      window.dispatchEvent(new Event('pagehide'));
    });
    expect(flush).toHaveBeenCalledTimes(1);
    expect(attempt()?.activeMs).toBe(3.5 * MIN);
    // The write the clock asked for, read back (no save of the test's own).
    await flush.mock.results[0].value;
    const saved = await savedIncidentState(w);
    expect(saved?.training?.activeMs).toBe(3.5 * MIN);
    const id = w.session.getSnapshot().active?.id ?? '';
    expect(id).not.toBe('');
    // And a note, in case that write does not outlive the page (Chromium drops it on a reload).
    expect(JSON.parse(localStorage.getItem(CLOCK_NOTE_KEY) ?? 'null')).toEqual({
      startedAt: T0,
      activeMs: 3.5 * MIN,
    });
    // Make it so: storage holds what the last tick saved (3 min), only the note has the rest.
    const { state, rev } = await w.repo.loadState(id);
    if (!state.training) throw new Error('no attempt saved');
    await w.repo.saveState(id, { ...state, training: { ...state.training, activeMs: 3 * MIN } }, rev);

    // Reopened an hour later: the hour away does not count; it goes on from 3 min 30 s (the note's).
    view.unmount();
    w.session.dispose();
    resetWorkbenchStore();
    vi.useRealTimers();
    const again = createTestWrapper(engine(), { factory: w.factory });
    await waitFor(() => expect(again.session.getSnapshot().active?.id).toBe(id));
    await ready(again);
    await waitFor(() => expect(attempt()?.activeMs).toBe(3 * MIN));
    fakeClock(T0 + 75 * MIN);
    render(<Exercise />, { wrapper: again });
    expect(shown()).toBe('Time 3 min 30 s');
    expect(attempt()?.activeMs).toBe(3.5 * MIN);
    expect(localStorage.getItem(CLOCK_NOTE_KEY)).toBeNull();
    advance(CLOCK_TICK_MS);
    expect(shown()).toBe('Time 4 min 30 s');

    // Hidden 5 minutes more, shown, 15 seconds, Commit: the answer records the 4 min 45 s shown.
    act(() => setVisibility('hidden'));
    advance(5 * MIN);
    act(() => setVisibility('visible'));
    advance(15_000);
    fireEvent.click(screen.getByRole('button', { name: 'Commit' }));
    const committed = attempt();
    expect(committed?.answer?.seconds).toBe(285);
    expect(committed?.activeMs).toBe(285_000);
    // The wall clock ran 81 min 15 s since Start.
    expect((committed?.committedAt ?? 0) - (committed?.startedAt ?? 0)).toBe(81 * MIN + 15_000);
    // Committed, the clock no longer counts: a later hide folds nothing in.
    advance(2 * MIN);
    act(() => setVisibility('hidden'));
    expect(attempt()?.activeMs).toBe(285_000);
    vi.useRealTimers();
    expect((await savedIncidentState(again, { flush: true }))?.training?.answer?.seconds).toBe(285);
  });
});
