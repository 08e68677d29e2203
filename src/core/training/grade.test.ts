import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { workbenchOf } from '../../../test/helpers/analysis.ts';
import type { AnalysisResult } from '../analysis/model.ts';
import { commandMatches, grade, PAR_SECONDS_PER_STEP, spanMatches, WEIGHTS } from './grade.ts';
import { crossCheck } from './manifest.ts';
import type { EventLocation, GradeResult, LineCite, TraineeAnswer } from './model.ts';
import { SAMPLE_SCENARIO as M } from './sample-scenario.ts';

const FILES: Record<string, string> = Object.fromEntries(
  M.sources.map((s) => [
    s.file,
    readFileSync(new URL(`../../../public/sample/${s.file}`, import.meta.url), 'utf8'),
  ]),
);

let analysis: AnalysisResult;
let eventRef: (id: string) => EventLocation | null;

beforeAll(async () => {
  // The engine's analysis of the scenario's files, and its event ids, as the replay has them.
  const wb = await workbenchOf(FILES);
  analysis = wb.analysis();
  eventRef = (id) => {
    const r = wb.eventRows([id])[0];
    return r ? { file: r.sourceName, line: r.line, lineEnd: r.lineEnd } : null;
  };
}, 60_000);

/** Every key line, pinned where the manifest puts it. */
const KEY_PINS: LineCite[] = M.keyEvidence.map((k) => ({ file: k.file, line: k.line }));

/** What a strong trainee commits: the branch, every key line, every alternative ruled out with its line, every step. */
function perfect(): TraineeAnswer {
  return {
    cause: 'oom-kill-cgroup/shim',
    ranking: ['oom-kill-cgroup/shim', 'oom-kill-host', 'manual-or-automation-kill'],
    pinned: [{ eventId: 'dmesg.txt:287' }, ...KEY_PINS.slice(1)],
    rejected: [
      {
        hypothesisId: 'oom-kill-host',
        reason: 'The kill names the pod cgroup as the constraint',
        cites: [{ file: 'dmesg.txt', line: 286 }],
      },
      {
        hypothesisId: 'oom-kill-cgroup/container',
        reason: 'The victim is pid 2150, containerd-shim',
        cites: [],
      },
      { hypothesisId: 'manual-or-automation-kill', reason: 'The kernel did it: dmesg.txt:287', cites: [] },
      { hypothesisId: 'kernel-hang', reason: 'No hung task, lockup or panic in the kernel log', cites: [] },
    ],
    checks: [
      { command: 'journalctl -k --since "07:45"', atStep: 2 },
      { gapId: 'memory-events', command: '', atStep: 3 },
    ],
    verificationDone: [...M.verification],
    hintsUsed: 0,
    seconds: 600,
    revealedAll: false,
  };
}

const gradeOf = (answer: TraineeAnswer, withAnalysis = true): GradeResult =>
  grade({ manifest: M, answer, eventRef, ...(withAnalysis ? { analysis } : {}) });
const points = (r: GradeResult, part: string) => r.breakdown.find((l) => l.part === part)?.points;
const row = (r: GradeResult, dimension: string) => r.dimensions.find((d) => d.dimension === dimension);

describe('the sample scenario against the engine', () => {
  it('names only hypotheses and steps the analysis has', () => {
    expect(crossCheck(M, analysis)).toEqual([]);
    expect(crossCheck({ ...M, verification: ['verify-pids'] }, analysis)).toEqual([
      "verification[0]: verify-pids is not among the analysis' verification steps",
    ]);
  });
});

describe('grade', () => {
  it('perfect: every part full, 100, nothing to strengthen', () => {
    const r = gradeOf(perfect());
    expect(r.breakdown.map((l) => [l.part, l.points])).toEqual(Object.entries(WEIGHTS));
    expect(r.score).toBe(100);
    expect(r.cause).toMatchObject({ verdict: 'right', rankOfExpected: 1 });
    expect(r.evidence).toMatchObject({ precision: 1, recall: 1, missed: [], requiredMissed: [] });
    expect(r.rejections.every((x) => x.valid)).toBe(true);
    expect(r.verification.skipped).toEqual([]);
    expect(r.checks.map((c) => c.useful)).toEqual([true, true]);
    // The first check asked for the kernel log a step before it was shown.
    expect(r.checks[0].anticipated).toBe(true);
    expect(r.dimensions.map((d) => d.dimension)).toEqual([
      'Cause',
      'Evidence',
      'Ruling out',
      'Verification',
      'Investigation path',
      'Efficiency',
    ]);
    for (const d of r.dimensions) expect(d.strengthen, d.dimension).toBe('Nothing: keep doing this.');
  });

  it('wrong cause: no cause points, and the feedback points to the deciding line', () => {
    const r = gradeOf({ ...perfect(), cause: 'shim-bug-or-deadlock/crash' });
    expect(r.cause.verdict).toBe('wrong');
    expect(points(r, 'cause')).toBe(0);
    expect(r.score).toBe(100 - WEIGHTS.cause);
    expect(r.cause.explanation).toContain('the evidence shows "The containerd shim was the victim');
    expect(row(r, 'Cause')?.strengthen).toContain('dmesg.txt:287');
  });

  it('right cause with no evidence: the cause counts, the evidence part is empty and the required lines are named', () => {
    const r = gradeOf({ ...perfect(), pinned: [] });
    expect(r.cause.verdict).toBe('right');
    expect(r.evidence).toMatchObject({ precision: 0, recall: 0, found: [], requiredMissed: [0, 1] });
    expect(points(r, 'evidence')).toBe(0);
    expect(r.score).toBe(100 - WEIGHTS.evidence);
    expect(row(r, 'Evidence')?.how).toBe('You pinned no line.');
    expect(row(r, 'Evidence')?.strengthen).toMatch(/dmesg\.txt:287 .*dmesg\.txt:286/);
  });

  it('over-pinning: precision drops, recall is kept', () => {
    const noise: LineCite[] = Array.from({ length: 14 }, (_x, i) => ({ file: 'dmesg.txt', line: 10 + i }));
    const r = gradeOf({ ...perfect(), pinned: [...KEY_PINS, ...noise] });
    expect(r.evidence.recall).toBe(1);
    expect(r.evidence.precision).toBeCloseTo(6 / 20);
    // 25 x (0.6 x 1 + 0.4 x 0.3) = 18.
    expect(points(r, 'evidence')).toBe(18);
    expect(row(r, 'Evidence')?.strengthen).toMatch(/^Pin fewer lines/);
  });

  it('partly: the OOM killer at the wrong level (host for cgroup), or the wrong victim', () => {
    for (const cause of ['oom-kill-host', 'oom-kill-host/shim']) {
      const r = gradeOf({ ...perfect(), cause });
      expect(r.cause.verdict, cause).toBe('partly');
      expect(points(r, 'cause')).toBe(15);
      expect(r.cause.explanation).toContain('CONSTRAINT_MEMCG');
    }
    const victim = gradeOf({ ...perfect(), cause: 'oom-kill-cgroup/container' });
    expect(victim.cause.verdict).toBe('partly');
    expect(victim.cause.explanation).toContain('the victim was pid 2150, containerd-shim');
  });

  it('the right cause without its branch is right, for a little less', () => {
    const r = gradeOf({ ...perfect(), cause: 'oom-kill-cgroup' });
    expect(r.cause.verdict).toBe('right');
    expect(points(r, 'cause')).toBe(30);
    expect(row(r, 'Cause')?.strengthen).toContain('Name the branch');
  });

  it('a scenario that names no branch takes any branch of its cause, a partial branch excepted', () => {
    const { hypothesis: _h, ...expected } = M.expected;
    const manifest = { ...M, expected };
    const of = (cause: string) =>
      grade({ manifest, answer: { ...perfect(), cause }, analysis, eventRef }).cause;
    expect(of('oom-kill-cgroup/shim')).toMatchObject({ verdict: 'right', expected: 'oom-kill-cgroup' });
    expect(of('oom-kill-cgroup')).toMatchObject({ verdict: 'right' });
    expect(of('oom-kill-cgroup/container').verdict).toBe('partly');
    expect(of('oom-kill-host').verdict).toBe('partly');
  });

  it('invalid rejection of the true cause: never valid, whatever the reason, and it costs', () => {
    const strong = 'dmesg.txt:286 CONSTRAINT_MEMCG memcg shim 2150';
    const r = gradeOf({
      ...perfect(),
      rejected: [
        ...perfect().rejected,
        { hypothesisId: 'oom-kill-cgroup', reason: strong, cites: [{ file: 'dmesg.txt', line: 287 }] },
        { hypothesisId: 'oom-kill-cgroup/shim', reason: strong, cites: [] },
      ],
    });
    const bad = r.rejections.filter((x) => !x.valid);
    expect(bad.map((x) => x.hypothesisId)).toEqual(['oom-kill-cgroup', 'oom-kill-cgroup/shim']);
    expect(bad[0].why).toContain('rejecting it cannot be right');
    expect(points(r, 'ruling-out')).toBe(WEIGHTS['ruling-out'] - 10);
    expect(row(r, 'Ruling out')?.how).toContain('6 rejections: 4 valid, 2 not');
  });

  it('valid rejection citing evidence: the cited line or its copy in the journal, or the keyword', () => {
    const rejectHost = (reason: string, cites: LineCite[]) =>
      gradeOf({ ...perfect(), rejected: [{ hypothesisId: 'oom-kill-host', reason, cites }] }).rejections[0];
    expect(rejectHost('see the kill', [{ file: 'dmesg.txt', line: 286 }])).toMatchObject({
      valid: true,
      engineVerdict: 'unlikely',
    });
    expect(rejectHost('see the kill', [{ eventId: 'journalctl-k.txt:286' }]).valid).toBe(true);
    expect(rejectHost('it says Memory Cgroup', []).valid).toBe(true);
    // The engine agrees it is unlikely, but the reason does not say why: not valid.
    const vague = rejectHost('does not look like it', []);
    expect(vague.valid).toBe(false);
    expect(vague.why).toContain('A valid reason cites or names one of: dmesg.txt:286');
    expect(vague.why).toContain('The conclusion is right, the reason does not show it.');
    // A line next to the required one is not it.
    expect(rejectHost('see', [{ file: 'dmesg.txt', line: 285 }]).valid).toBe(false);
  });

  it('a rejection no rule names follows the engine; without an analysis it cannot be shown', () => {
    const reject = (hypothesisId: string, withAnalysis = true) =>
      gradeOf({ ...perfect(), rejected: [{ hypothesisId, reason: 'not it', cites: [] }] }, withAnalysis)
        .rejections[0];
    expect(reject('pid-exhaustion')).toMatchObject({ valid: true, engineVerdict: 'unlikely' });
    // The engine leaves the cgroup pid limit open: there is nothing to rule it out on.
    expect(reject('pid-exhaustion/cgroup')).toMatchObject({ valid: false, engineVerdict: 'open' });
    expect(reject('pid-exhaustion', false)).toMatchObject({
      valid: false,
      why: 'Nothing in this scenario rules it out.',
    });
    // A rule of the scenario holds without the analysis.
    expect(reject('kernel-hang', false).valid).toBe(true);
    // An id that is a property of every object is no rule of the scenario.
    expect(reject('constructor', false).valid).toBe(false);
    // No reason at all is never valid.
    expect(
      gradeOf({ ...perfect(), rejected: [{ hypothesisId: 'kernel-hang', reason: ' ', cites: [] }] })
        .rejections[0],
    ).toMatchObject({ valid: false, why: 'No reason and no line given: say why it is ruled out.' });
  });

  it("skipped verification: listed with the analysis' titles and commands, and counted", () => {
    const r = gradeOf({ ...perfect(), verificationDone: ['verify-kernel-log', 'verify-other'] });
    expect(r.verification.done).toEqual(['verify-kernel-log']);
    expect(r.verification.skipped.map((s) => s.id)).toEqual([
      'verify-memory-events',
      'verify-shim-cgroup',
      'verify-metadata',
    ]);
    expect(r.verification.skipped[0].title).toBe(
      'Read the memory events of pod payments/checkout-tkv49ntw2-qc86p',
    );
    expect(r.verification.skipped[0].commands[0]).toMatch(
      /^cat \/sys\/fs\/cgroup\/kubepods\.slice\/.*memory\.events$/,
    );
    // 10 x 1/4 = 2.5, rounded.
    expect(points(r, 'verification')).toBe(3);
    expect(row(r, 'Verification')?.strengthen).toContain("Check where the shim runs: in the pod's cgroup");
    // Without the analysis the ids remain.
    expect(gradeOf({ ...perfect(), verificationDone: [] }, false).verification.skipped[0]).toEqual({
      id: 'verify-kernel-log',
      commands: [],
    });
  });

  it('checks: a gap that settles a cause of the scenario is useful, other gaps and stray commands are noise', () => {
    const r = gradeOf({
      ...perfect(),
      checks: [
        { gapId: 'host-memory', command: 'free -m', atStep: 2 },
        { gapId: 'runc-list', command: '', atStep: 2 },
        { command: 'ls -la /tmp', atStep: 1 },
        { command: 'sudo TZ=UTC /usr/bin/dmesg -T', atStep: 1 },
        { command: 'crictl inspect 95e3723f80a92', atStep: 0 },
      ],
    });
    expect(r.checks.map((c) => [c.useful, c.anticipated])).toEqual([
      [true, false],
      [false, false],
      [false, false],
      [true, true],
      [true, true],
    ]);
    expect(r.checks[0].why).toBe('It settles oom-kill-host.');
    expect(r.checks[3].why).toBe('It collects dmesg.txt, which holds key evidence.');
    expect(points(r, 'investigation')).toBe(3);
    expect(points(gradeOf({ ...perfect(), checks: [] }), 'investigation')).toBe(0);
  });

  it('commands match by program and first argument', () => {
    expect(commandMatches('journalctl -k -b', 'journalctl -k')).toBe(true);
    expect(commandMatches('journalctl -u containerd', 'journalctl -k')).toBe(false);
    expect(commandMatches('dmesg -T', 'dmesg')).toBe(true);
    expect(commandMatches('cat /proc/meminfo', 'free -m; grep -E "MemAvailable" /proc/meminfo')).toBe(false);
    expect(commandMatches('free -m', 'free -m; grep -E "MemAvailable" /proc/meminfo')).toBe(true);
    expect(commandMatches('   ', 'dmesg')).toBe(false);
  });

  it('efficiency: hints, revealing everything at once and overtime cost points', () => {
    const par = PAR_SECONDS_PER_STEP * M.reveal.length;
    expect(gradeOf({ ...perfect(), hintsUsed: 2 }).efficiency.parSeconds).toBe(par);
    expect(points(gradeOf({ ...perfect(), hintsUsed: 2 }), 'efficiency')).toBe(6);
    expect(points(gradeOf({ ...perfect(), hintsUsed: 9 }), 'efficiency')).toBe(4);
    expect(points(gradeOf({ ...perfect(), revealedAll: true }), 'efficiency')).toBe(8);
    expect(points(gradeOf({ ...perfect(), seconds: par + 1 }), 'efficiency')).toBe(9);
    expect(points(gradeOf({ ...perfect(), seconds: 2 * par + 1 }), 'efficiency')).toBe(8);
    expect(
      points(gradeOf({ ...perfect(), hintsUsed: 9, revealedAll: true, seconds: 1e6 }), 'efficiency'),
    ).toBe(0);
    expect(row(gradeOf({ ...perfect(), hintsUsed: 1, revealedAll: true }), 'Efficiency')?.strengthen).toBe(
      'Try it without hints; reveal step by step and decide at each step what you expect.',
    );
  });
});

describe('matching a pin to a key line', () => {
  it("within the key's record, on its copy in another source, or by an event that spans it", () => {
    const only = (pin: LineCite) => gradeOf({ ...perfect(), pinned: [pin] }).evidence;
    // crictl-inspect.json:394 lies in the container's status object, lines 313-404.
    expect(only({ file: 'crictl-inspect.json', line: 313 }).found).toEqual([5]);
    expect(only({ file: 'crictl-inspect.json', line: 312 }).found).toEqual([]);
    // journalctl -k prints the same kernel line as dmesg.
    expect(only({ file: 'journalctl-k.txt', line: 287 }).found).toEqual([0]);
    expect(only({ file: 'journalctl-k.txt', line: 288 }).found).toEqual([]);
    // An event the engine built from lines 280-290 covers both kernel key lines.
    const span = grade({
      manifest: M,
      answer: { ...perfect(), pinned: [{ eventId: 'x' }] },
      eventRef: () => ({ file: 'dmesg.txt', line: 280, lineEnd: 290 }),
    });
    expect(span.evidence.pins).toEqual([{ file: 'dmesg.txt', line: 280, lineEnd: 290, matches: [0, 1] }]);
    expect(spanMatches({ file: 'dmesg.txt', line: 288, lineEnd: 290 }, M.keyEvidence[0])).toBe(false);
  });

  it('the same line pinned twice is one pin; an event nobody can place is left out and reported', () => {
    const e = gradeOf({
      ...perfect(),
      pinned: [{ file: 'dmesg.txt', line: 287 }, { eventId: 'dmesg.txt:287' }, { eventId: 'gone.txt:1' }],
    }).evidence;
    expect(e.pins).toHaveLength(1);
    expect(e.precision).toBe(1);
    expect(e.unresolved).toEqual(['gone.txt:1']);
  });
});

// ---------------------------------------------------------------- properties

/** Lines a trainee could pin: every key line and its neighbours, and lines elsewhere. */
const lineArb: fc.Arbitrary<LineCite> = fc.oneof(
  fc.record({
    file: fc.constantFrom(...M.sources.map((s) => s.file)),
    line: fc.integer({ min: 1, max: 420 }),
  }),
  fc.constantFrom(...M.keyEvidence.map((k) => ({ file: k.file, line: k.line }))),
  fc.constantFrom<LineCite>(
    { eventId: 'dmesg.txt:287' },
    { eventId: 'journalctl-k.txt:286' },
    { eventId: 'nope:1' },
  ),
);
const hypothesisArb = fc.constantFrom(
  'oom-kill-cgroup',
  'oom-kill-cgroup/shim',
  'oom-kill-cgroup/container',
  'oom-kill-host',
  'kernel-hang',
  'pid-exhaustion/cgroup',
  'custom:my-idea',
  '',
);
const answerArb: fc.Arbitrary<TraineeAnswer> = fc.record({
  cause: hypothesisArb,
  ranking: fc.array(hypothesisArb, { maxLength: 4 }),
  pinned: fc.array(lineArb, { maxLength: 12 }),
  rejected: fc.array(
    fc.record({
      hypothesisId: hypothesisArb,
      reason: fc.constantFrom('', 'CONSTRAINT_MEMCG', 'no', 'shim 2150'),
      cites: fc.array(lineArb, { maxLength: 2 }),
    }),
    { maxLength: 5 },
  ),
  checks: fc.array(
    fc.record({
      gapId: fc.option(fc.constantFrom('memory-events', 'host-memory', 'runc-list', 'nope'), {
        nil: undefined,
      }),
      command: fc.constantFrom('', 'dmesg', 'journalctl -k', 'ls', 'crictl ps -a'),
      atStep: fc.integer({ min: 0, max: 3 }),
    }),
    { maxLength: 4 },
  ),
  verificationDone: fc.subarray([...M.verification, 'verify-other']),
  hintsUsed: fc.integer({ min: 0, max: 5 }),
  seconds: fc.integer({ min: 0, max: 10_000 }),
  revealedAll: fc.boolean(),
});

describe('grade: properties', () => {
  it('precision and recall lie in [0, 1]; the score is the sum of its parts, each within its maximum', () => {
    fc.assert(
      fc.property(answerArb, fc.boolean(), (answer, withAnalysis) => {
        const r = gradeOf(answer, withAnalysis);
        expect(r.evidence.precision).toBeGreaterThanOrEqual(0);
        expect(r.evidence.precision).toBeLessThanOrEqual(1);
        expect(r.evidence.recall).toBeGreaterThanOrEqual(0);
        expect(r.evidence.recall).toBeLessThanOrEqual(1);
        expect(Number.isInteger(r.score)).toBe(true);
        expect(r.score).toBe(r.breakdown.reduce((n, l) => n + l.points, 0));
        for (const l of r.breakdown) {
          expect(l.points).toBeGreaterThanOrEqual(0);
          expect(l.points).toBeLessThanOrEqual(l.max);
        }
        expect(r.dimensions).toHaveLength(6);
      }),
      { numRuns: 300 },
    );
  });

  it('adding a correct pin never lowers the score, nor the evidence part', () => {
    fc.assert(
      fc.property(answerArb, fc.integer({ min: 0, max: M.keyEvidence.length - 1 }), (answer, k) => {
        const before = gradeOf(answer);
        const key = M.keyEvidence[k];
        const after = gradeOf({ ...answer, pinned: [...answer.pinned, { file: key.file, line: key.line }] });
        expect(after.score).toBeGreaterThanOrEqual(before.score);
        expect(points(after, 'evidence')).toBeGreaterThanOrEqual(points(before, 'evidence') ?? 0);
        expect(after.evidence.recall).toBeGreaterThanOrEqual(before.evidence.recall);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic: the same input gives the same result, and grading does not change the input', () => {
    fc.assert(
      fc.property(answerArb, (answer) => {
        const copy = structuredClone(answer);
        const a = gradeOf(answer);
        const b = gradeOf(copy);
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
        expect(answer).toEqual(copy);
      }),
      { numRuns: 200 },
    );
  });
});
