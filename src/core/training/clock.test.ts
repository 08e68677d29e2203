import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AttemptClock,
  CLOCK_TICK_MS,
  type ClockEvent,
  clockMs,
  clockOn,
  MAX_STRETCH_MS,
  recoveredMs,
  secondsOf,
  stretchMs,
} from './clock.ts';

const MIN = 60_000;
const T0 = 1_764_143_000_000;
const start: AttemptClock = { activeMs: 0, since: null };
const run = (events: ClockEvent[], from = start) => events.reduce(clockOn, from);

/** The events a page sends while shown from `at` for `ms`: shown, then a tick every CLOCK_TICK_MS. */
function shownFor(at: number, ms: number): ClockEvent[] {
  const out: ClockEvent[] = [{ kind: 'shown', at }];
  for (let t = at + CLOCK_TICK_MS; t <= at + ms; t += CLOCK_TICK_MS) out.push({ kind: 'tick', at: t });
  return out;
}

describe('the attempt clock', () => {
  it('counts only the time shown: 2 min shown, 10 min hidden, 1 min shown again is 3 min', () => {
    const c = run([
      ...shownFor(T0, 2 * MIN),
      { kind: 'hidden', at: T0 + 2 * MIN },
      // Nothing while hidden: a tick the browser still delivers changes nothing.
      { kind: 'tick', at: T0 + 7 * MIN },
      ...shownFor(T0 + 12 * MIN, MIN),
    ]);
    expect(clockMs(c, T0 + 13 * MIN)).toBe(3 * MIN);
    // Still counting: half a minute later it is 3.5 min; hidden then, it stays there.
    expect(clockMs(c, T0 + 13.5 * MIN)).toBe(3.5 * MIN);
    const hidden = clockOn(c, { kind: 'hidden', at: T0 + 13.5 * MIN });
    expect(hidden).toEqual({ activeMs: 3.5 * MIN, since: null });
    expect(clockMs(hidden, T0 + 60 * MIN)).toBe(3.5 * MIN);
  });

  it('folds the running stretch at every tick, so what is saved is at most a tick behind', () => {
    const c = run([
      { kind: 'shown', at: T0 },
      { kind: 'tick', at: T0 + MIN },
    ]);
    expect(c).toEqual({ activeMs: MIN, since: T0 + MIN });
    expect(run([{ kind: 'tick', at: T0 + 2 * MIN }], c)).toEqual({ activeMs: 2 * MIN, since: T0 + 2 * MIN });
  });

  it('does not restart a stretch on a second "shown", nor count anything on "hidden" while not counting', () => {
    const c = run([
      { kind: 'shown', at: T0 },
      { kind: 'shown', at: T0 + 30_000 },
    ]);
    expect(c.since).toBe(T0);
    expect(clockMs(c, T0 + MIN)).toBe(MIN);
    expect(clockOn(start, { kind: 'hidden', at: T0 })).toBe(start);
  });

  it('keeps what a reload kept: a clock read back from storage goes on from its activeMs', () => {
    const saved: AttemptClock = { activeMs: 4 * MIN, since: null };
    const c = run(shownFor(T0 + 24 * 60 * MIN, 30_000), saved);
    expect(clockMs(c, T0 + 24 * 60 * MIN + 30_000)).toBe(4.5 * MIN);
  });

  it('cuts a stretch the page was not awake for (a laptop asleep with the tab in front)', () => {
    // Shown, a tick, then the next one 8 hours later: the night counts MAX_STRETCH_MS at most.
    const c = run([
      { kind: 'shown', at: T0 },
      { kind: 'tick', at: T0 + MIN },
      { kind: 'tick', at: T0 + 8 * 60 * MIN },
    ]);
    expect(c).toEqual({ activeMs: MIN + MAX_STRETCH_MS, since: T0 + 8 * 60 * MIN });
    expect(MAX_STRETCH_MS).toBe(2 * CLOCK_TICK_MS);
  });

  it('never counts a clock set back, nor a value that is not a time', () => {
    expect(stretchMs(T0, T0 - MIN)).toBe(0);
    expect(stretchMs(Number.NaN, T0)).toBe(0);
    expect(clockMs({ activeMs: MIN, since: T0 }, T0 - 5 * MIN)).toBe(MIN);
  });

  it("takes the note a page left when it is this attempt's and says more, within the time since Start", () => {
    const now = T0 + 30 * MIN;
    expect(recoveredMs(3 * MIN, T0, { startedAt: T0, activeMs: 3.5 * MIN }, now)).toBe(3.5 * MIN);
    // The save made it after all: the note says less.
    expect(recoveredMs(4 * MIN, T0, { startedAt: T0, activeMs: 3.5 * MIN }, now)).toBe(4 * MIN);
    // Another attempt's note, or not a note.
    expect(recoveredMs(3 * MIN, T0, { startedAt: T0 + 1, activeMs: 9 * MIN }, now)).toBe(3 * MIN);
    for (const junk of [null, 'x', 42, { startedAt: T0 }, { startedAt: T0, activeMs: '9' }])
      expect(recoveredMs(3 * MIN, T0, junk, now)).toBe(3 * MIN);
    expect(recoveredMs(3 * MIN, T0, { startedAt: T0, activeMs: Number.NaN }, now)).toBe(3 * MIN);
    // Never more than the time since Start.
    expect(recoveredMs(0, T0, { startedAt: T0, activeMs: 90 * MIN }, now)).toBe(30 * MIN);
  });

  it('records whole seconds', () => {
    expect(secondsOf(0)).toBe(0);
    expect(secondsOf(1499)).toBe(1);
    expect(secondsOf(1500)).toBe(2);
    expect(secondsOf(-10)).toBe(0);
    expect(secondsOf(Number.POSITIVE_INFINITY)).toBe(0);
  });
});

describe('the attempt clock, for any sequence', () => {
  // A page's life: periods shown or hidden, each of some length.
  const periods = fc.array(fc.record({ shown: fc.boolean(), ms: fc.integer({ min: 0, max: 30 * MIN }) }), {
    maxLength: 20,
  });

  it('counts exactly the time shown, the page ticking every CLOCK_TICK_MS as its interval does', () => {
    fc.assert(
      fc.property(periods, (ps) => {
        // The page's events in time order: each period's start, and the interval's ticks.
        const events: ClockEvent[] = [];
        let at = T0;
        let shown = 0;
        for (const p of ps) {
          events.push({ kind: p.shown ? 'shown' : 'hidden', at });
          at += p.ms;
          if (p.shown) shown += p.ms;
        }
        for (let t = T0 + CLOCK_TICK_MS; t <= at; t += CLOCK_TICK_MS) events.push({ kind: 'tick', at: t });
        events.sort((a, b) => a.at - b.at);
        const c = run(events);
        expect(clockMs(c, at)).toBe(shown);
        expect(clockMs(clockOn(c, { kind: 'hidden', at }), at + 10 * MIN)).toBe(shown);
      }),
    );
  });

  it('never counts more than the time since it was first shown, and never goes back', () => {
    const events = fc.array(
      fc.record({
        kind: fc.constantFrom<ClockEvent['kind']>('shown', 'hidden', 'tick'),
        gap: fc.integer({ min: 0, max: 10 * MIN }),
      }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(events, (es) => {
        let at = T0;
        let c = start;
        let firstShown: number | null = null;
        let last = 0;
        for (const e of es) {
          at += e.gap;
          if (e.kind === 'shown') firstShown ??= at;
          const next = clockOn(c, { kind: e.kind, at });
          expect(next.activeMs).toBeGreaterThanOrEqual(c.activeMs);
          c = next;
          const now = clockMs(c, at);
          expect(now).toBeGreaterThanOrEqual(last);
          expect(now).toBeLessThanOrEqual(firstShown === null ? 0 : at - firstShown);
          last = now;
        }
      }),
    );
  });
});
