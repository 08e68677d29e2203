// The attempt's recorded time (issue 8's closing note: it counted hidden time too): the answer's
// seconds are the visible time the page counted, and attempts saved before that was counted still
// read back from a saved state v6.
import { describe, expect, it } from 'vitest';
import { defaultIncidentState, migrateState } from '../persist/state.ts';
import { answerOf, attemptOf, newAttempt } from './attempt.ts';
import { grade } from './grade.ts';
import type { TrainingAttempt } from './model.ts';
import { SAMPLE_SCENARIO as M } from './sample-scenario.ts';

const T0 = 1_764_143_000_000;
const MIN = 60_000;
const commit = (a: TrainingAttempt, at: number) =>
  answerOf(a, { cause: 'oom-kill-cgroup/shim', pinnedEventIds: [], verificationDone: [], at });

describe('the time an attempt records', () => {
  it('starts at nothing counted', () => {
    expect(newAttempt(M, T0).activeMs).toBe(0);
  });

  it("is the visible time counted, not the time since Start; the grade's efficiency uses it", () => {
    // Started, then an hour later committed after 7.5 minutes on screen.
    const a = { ...newAttempt(M, T0), activeMs: 7.5 * MIN };
    const answer = commit(a, T0 + 60 * MIN);
    expect(answer.seconds).toBe(450);
    const g = grade({ manifest: M, answer, eventRef: () => null });
    expect(g.efficiency.seconds).toBe(450);
    // Under par (5 minutes a step, 4 steps: 20 min) counted as shown; the hour since Start is
    // past twice par, which the wall clock would have cost 2 points.
    const wallClock = grade({ manifest: M, answer: { ...answer, seconds: 3600 }, eventRef: () => null });
    const eff = (r: typeof g) => r.breakdown.find((l) => l.part === 'efficiency')?.points;
    expect(eff(g)).toBe(10);
    expect(eff(wallClock)).toBe(8);
  });

  it('is never more than the time since Start (a saved attempt is untrusted input)', () => {
    const a = { ...newAttempt(M, T0), activeMs: 90 * MIN };
    expect(commit(a, T0 + 10 * MIN).seconds).toBe(600);
  });
});

describe('reading an attempt back', () => {
  const stored = (x: unknown) => JSON.parse(JSON.stringify(x));
  const v6 = (training: unknown) => migrateState({ ...defaultIncidentState(), training }, 6).training;

  it('keeps the visible time counted', () => {
    const a = { ...newAttempt(M, T0), step: 2, activeMs: 123_456 };
    expect(attemptOf(stored(a))).toEqual(a);
    expect(v6(stored(a))?.activeMs).toBe(123_456);
  });

  it('reads an attempt saved before activeMs existed: committed, with the seconds it was graded with', () => {
    const open = newAttempt(M, T0);
    const answer = { ...commit(open, T0 + 10 * MIN), seconds: 600 };
    const { activeMs: _, ...legacy } = { ...open, committedAt: T0 + 10 * MIN, answer, result: null };
    const read = v6(stored(legacy));
    expect(read?.activeMs).toBe(600_000);
    expect(read?.answer?.seconds).toBe(600);
    expect(read?.committedAt).toBe(T0 + 10 * MIN);
  });

  it('reads an open attempt saved before activeMs existed from 0 (how long it was shown is not known)', () => {
    const { activeMs: _, ...legacy } = { ...newAttempt(M, T0), step: 1, hintsUsed: 1 };
    const read = v6(stored(legacy));
    expect(read?.activeMs).toBe(0);
    expect([read?.step, read?.hintsUsed, read?.startedAt]).toEqual([1, 1, T0]);
  });

  it('does not take a time that is not one', () => {
    for (const activeMs of [-5, 'ten minutes', null, Number.NaN, Number.POSITIVE_INFINITY])
      expect(attemptOf(stored({ ...newAttempt(M, T0), activeMs }))?.activeMs).toBe(0);
  });
});
