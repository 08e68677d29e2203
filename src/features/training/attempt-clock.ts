// The attempt's clock in this page: the time spent counts only while the page is shown
// (src/core/training/clock.ts). What was counted is the attempt's activeMs, saved with the
// incident; the stretch being counted now lives here, in memory. useTrainingClock, mounted once
// by the app shell (the Training tab itself may not be open: the trainee reads the Timeline),
// starts and stops it and folds it into the attempt:
// - hidden (visibilitychange) or pagehide: folded, then saved at once, so a reload or a closed
//   tab keeps what was counted and the time away is not. The IndexedDB write a page starts as it
//   goes away may be dropped with it (Chromium does on a reload), so it also leaves a note in
//   localStorage, which is synchronous; the attempt read back takes it (recoveredMs);
// - every CLOCK_TICK_MS while shown: folded, so the autosave carries it (leaving for another
//   incident loses at most that much) and a machine that slept with the tab in front shows up as
//   a stretch longer than MAX_STRETCH_MS, which is cut;
// - at commit: use-training folds it with foldForCommit.
// Only the tab that owns the incident counts (another tab's writes are refused), and not while the
// incident is being restored (nothing can be done then).
import { useEffect, useState, useSyncExternalStore } from 'react';
import {
  CLOCK_TICK_MS,
  type ClockEvent,
  type ClockNote,
  clockMs,
  clockOn,
  recoveredMs,
} from '../../core/training/clock.ts';
import type { TrainingAttempt } from '../../core/training/model.ts';
import { jsonObjectOrNull } from '../../core/util/json-object.ts';
import { browserLocalStorage } from '../../persistence/local-storage.ts';
import { useIncidentSession, useSessionSnapshot } from '../../state/incident-context.tsx';
import { useWorkbenchStore } from '../../state/store.ts';

/** The stretch being counted: of which attempt (its startedAt: an attempt's identity) and since when. */
interface Stretch {
  attempt: number;
  since: number;
}

let stretch: Stretch | null = null;
const listeners = new Set<() => void>();

function setStretch(next: Stretch | null): void {
  if (next?.attempt === stretch?.attempt && next?.since === stretch?.since) return;
  stretch = next;
  for (const l of listeners) l();
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => {
    listeners.delete(l);
  };
};

/** When the stretch of `a` being counted began; null when this page is not counting it. */
function runningSince(a: TrainingAttempt): number | null {
  return stretch && a.committedAt === null && stretch.attempt === a.startedAt ? stretch.since : null;
}

/** The open attempt in the store, when it is the one `key` names. */
function openAttempt(key: number): TrainingAttempt | null {
  const a = useWorkbenchStore.getState().training;
  return a && a.committedAt === null && a.startedAt === key ? a : null;
}

/**
 * Applies `e` to the stretch being counted and writes what it folded into the attempt. When the
 * store holds another attempt by now (another incident was opened), the stretch is dropped: the
 * attempt it belonged to was saved with what its last tick folded.
 */
function apply(e: ClockEvent, { write }: { write: boolean }): void {
  const s = stretch;
  if (!s) return;
  const a = openAttempt(s.attempt);
  if (!a || !write) {
    setStretch(null);
    return;
  }
  const next = clockOn({ activeMs: a.activeMs, since: s.since }, e);
  if (next.activeMs !== a.activeMs)
    useWorkbenchStore
      .getState()
      .updateTraining((t) =>
        t.startedAt === s.attempt && t.committedAt === null ? { ...t, activeMs: next.activeMs } : t,
      );
  setStretch(next.since === null ? null : { attempt: s.attempt, since: next.since });
}

/** Where the page going away leaves its note (one: the attempt it was counting). */
export const CLOCK_NOTE_KEY = 'rca-workbench.training-clock';

/** Leaves the note of the open attempt `key` (its activeMs as folded now). */
function leaveNote(key: number): void {
  const a = openAttempt(key);
  if (!a) return;
  const note: ClockNote = { startedAt: a.startedAt, activeMs: a.activeMs };
  try {
    browserLocalStorage()?.setItem(CLOCK_NOTE_KEY, JSON.stringify(note));
  } catch {
    // Full or refused: the IndexedDB save still carries what its write reaches.
  }
}

/** Takes the note a page left for attempt `key` when it says more than what was saved, and drops it. */
function takeNote(key: number, now: number): void {
  const storage = browserLocalStorage();
  const a = openAttempt(key);
  if (!storage || !a) return;
  let note: object | null = null;
  try {
    note = jsonObjectOrNull(storage.getItem(CLOCK_NOTE_KEY));
  } catch {
    // getItem refused (storage disabled meanwhile): no note.
  }
  if ((note as Partial<ClockNote> | null)?.startedAt !== key) return;
  const ms = recoveredMs(a.activeMs, key, note, now);
  if (ms > a.activeMs)
    useWorkbenchStore
      .getState()
      .updateTraining((t) => (t.startedAt === key && t.committedAt === null ? { ...t, activeMs: ms } : t));
  try {
    storage.removeItem(CLOCK_NOTE_KEY);
  } catch {}
}

/** Starts counting attempt `key` at `at`, unless this stretch is already being counted. */
function begin(key: number, at: number): void {
  if (stretch?.attempt === key) return;
  setStretch({ attempt: key, since: at });
}

/**
 * The attempt's visible time at `at` with the running stretch folded in, and the stretch stopped:
 * what Commit records (the answer's seconds and the attempt's activeMs).
 */
export function foldForCommit(a: TrainingAttempt, at: number): number {
  const ms = clockMs({ activeMs: a.activeMs, since: runningSince(a) }, at);
  if (stretch?.attempt === a.startedAt) setStretch(null);
  return ms;
}

const isShown = () => typeof document === 'undefined' || document.visibilityState === 'visible';

/** Counts the open attempt's visible time in this page. The app shell calls it once. */
export function useTrainingClock(): void {
  const session = useIncidentSession();
  const { phase, restoring, access } = useSessionSnapshot();
  const key = useWorkbenchStore((s) =>
    s.training && s.training.committedAt === null ? s.training.startedAt : null,
  );
  const counting = key !== null && phase === 'ready' && restoring === null && access === 'owner';

  useEffect(() => {
    if (!counting || key === null) return;
    const save = () => void session.flush().catch(() => undefined);
    const onHidden = () => {
      apply({ kind: 'hidden', at: Date.now() }, { write: true });
      leaveNote(key);
      save();
    };
    const onVisibility = () => (isShown() ? begin(key, Date.now()) : onHidden());
    const onPageShow = () => {
      if (isShown()) begin(key, Date.now());
    };
    // What the last page to count it left, when its last save did not make it.
    takeNote(key, Date.now());
    if (isShown()) begin(key, Date.now());
    const tick = setInterval(() => apply({ kind: 'tick', at: Date.now() }, { write: true }), CLOCK_TICK_MS);
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', onHidden);
    window.addEventListener('pageshow', onPageShow);
    return () => {
      clearInterval(tick);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', onHidden);
      window.removeEventListener('pageshow', onPageShow);
      // Counting stops (committed, another incident, restoring, another tab took the incident):
      // what ran is folded in while this tab may still write it, else dropped.
      apply({ kind: 'hidden', at: Date.now() }, { write: session.getSnapshot().access === 'owner' });
    };
  }, [counting, key, session]);
}

/** The attempt's visible time (ms), moving every second while this page counts it. */
export function useVisibleMs(a: TrainingAttempt): number {
  useSyncExternalStore(subscribe, () => stretch);
  const since = runningSince(a);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === null) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [since]);
  return clockMs({ activeMs: a.activeMs, since }, since === null ? now : Math.max(now, since));
}
