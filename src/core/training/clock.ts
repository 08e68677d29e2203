// The time an attempt records: only while the page is shown (issue 8's closing note: the clock
// used to run from Start to Commit, hidden tab, closed laptop and all). The attempt keeps the
// visible time counted so far (TrainingAttempt.activeMs, saved with the incident); the page that
// shows the exercise counts the stretch it is in (`since`) and folds it into activeMs when the
// page is hidden, at every tick (so a save carries it) and at commit.
//
// Pure: the page says what happened (shown, hidden, a tick) and when; nothing here reads a clock
// or the document. Focus does not matter, visibility does: a trainee reading the exercise on one
// screen while typing commands in a terminal on the other is working.

/** How often the page folds the running stretch into the attempt (and so into the next save). */
export const CLOCK_TICK_MS = 60_000;

/**
 * The most one stretch may count. The page refreshes `since` every CLOCK_TICK_MS while it is
 * shown, so a longer stretch means the page was not running in between (the machine slept with
 * the tab in front, a debugger held it): that time is not counted beyond this much.
 */
export const MAX_STRETCH_MS = 2 * CLOCK_TICK_MS;

/** The visible time of an attempt: what was counted (ms), and the stretch being counted now. */
export interface AttemptClock {
  /** Visible time counted and folded in (ms). */
  activeMs: number;
  /** Epoch ms the current visible stretch began; null while not counting (hidden, not this page's). */
  since: number | null;
}

export type ClockEvent =
  /** The page is shown (again), or starts counting an attempt it shows. */
  | { kind: 'shown'; at: number }
  /** The page is hidden (visibilitychange, pagehide), or stops counting (commit, another incident). */
  | { kind: 'hidden'; at: number }
  /** The page is awake and shown: fold what ran so far, keep counting. */
  | { kind: 'tick'; at: number };

/** What a stretch from `since` counts at `now`: never negative (a clock set back), at most MAX_STRETCH_MS. */
export function stretchMs(since: number, now: number): number {
  if (!Number.isFinite(since) || !Number.isFinite(now)) return 0;
  return Math.min(Math.max(0, now - since), MAX_STRETCH_MS);
}

/** The visible time at `now` (ms): what was folded in, and the running stretch. */
export function clockMs(c: AttemptClock, now: number): number {
  return c.activeMs + (c.since === null ? 0 : stretchMs(c.since, now));
}

/** The clock after `e`. A second 'shown' does not restart a stretch; 'hidden' while not counting changes nothing. */
export function clockOn(c: AttemptClock, e: ClockEvent): AttemptClock {
  switch (e.kind) {
    case 'shown':
      return c.since === null ? { activeMs: c.activeMs, since: e.at } : c;
    case 'hidden':
      return c.since === null ? c : { activeMs: clockMs(c, e.at), since: null };
    case 'tick':
      return c.since === null ? c : { activeMs: clockMs(c, e.at), since: e.at };
  }
}

/** Whole seconds of `ms`, as the answer records them. */
export function secondsOf(ms: number): number {
  return Number.isFinite(ms) ? Math.max(0, Math.round(ms / 1000)) : 0;
}

/**
 * What a page that is going away (pagehide, hidden) leaves beside the saved incident: the write
 * to IndexedDB it starts then may not finish before the page is gone (a reload drops it), a
 * synchronous note does. Keyed by the attempt's start.
 */
export interface ClockNote {
  startedAt: number;
  activeMs: number;
}

/**
 * The visible time of an attempt read back (`saved`: its activeMs in storage) given the note the
 * last page left: the note's when it is this attempt's and says more, never more than the time
 * since Start. Anything that is not a note of this attempt: `saved`.
 */
export function recoveredMs(saved: number, startedAt: number, note: unknown, now: number): number {
  if (typeof note !== 'object' || note === null) return saved;
  const { startedAt: s, activeMs: ms } = note as Record<string, unknown>;
  if (s !== startedAt || typeof ms !== 'number' || !Number.isFinite(ms)) return saved;
  return Math.max(saved, Math.min(ms, Math.max(0, now - startedAt)));
}
