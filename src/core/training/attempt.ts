// A training attempt as the incident keeps it (IncidentState.training, saved state v6): made at
// Start, completed at commit, and read back from storage or from a bundle another machine wrote.
// A saved attempt is untrusted input like the rest of the state, so attemptOf checks every part
// it keeps: the manifest again with validateManifest, the answer and the grade field by field.
// A grade that does not read back is dropped (the app grades the kept answer again); an
// attempt without a valid manifest is dropped whole (nothing could be replayed or graded).
import { VERDICTS } from '../analysis/model.ts';
import { secondsOf } from './clock.ts';
import { validateManifest } from './manifest.ts';
import {
  type GradeResult,
  type LineCite,
  SCORE_PARTS,
  type ScenarioManifest,
  type TraineeAnswer,
  type TraineeCheck,
  type TraineeRejection,
  type TrainingAttempt,
} from './model.ts';

/** A new attempt at `manifest`, started at `now` (epoch ms): the symptom only. `localScenarioId`: a kept scenario's id. */
export function newAttempt(
  manifest: ScenarioManifest,
  now: number,
  localScenarioId: string | null = null,
): TrainingAttempt {
  return {
    manifest,
    localScenarioId,
    step: 0,
    revealedAll: false,
    hintsUsed: 0,
    checks: [],
    ranking: [],
    rejected: [],
    startedAt: now,
    activeMs: 0,
    committedAt: null,
    answer: null,
    result: null,
  };
}

/**
 * What the trainee commits, from the attempt's record and the choices of the commit form. The
 * time is the attempt's visible time (`activeMs`: the caller folds the running stretch in first),
 * never more than the wall-clock time since Start (a saved attempt is untrusted input).
 */
export function answerOf(
  a: TrainingAttempt,
  commit: {
    cause: string;
    pinnedEventIds: readonly string[];
    verificationDone: readonly string[];
    /** Epoch ms of the commit: the time recorded is at most this since Start. */
    at: number;
  },
): TraineeAnswer {
  const rejected = new Set(a.rejected.map((r) => r.hypothesisId));
  return {
    cause: commit.cause,
    // The ranking without what was ruled out: a rejected hypothesis is not "less likely", it is out.
    ranking: a.ranking.filter((id) => !rejected.has(id)),
    pinned: commit.pinnedEventIds.map((eventId) => ({ eventId })),
    rejected: a.rejected.map((r) => ({ ...r, cites: [...r.cites] })),
    checks: a.checks.map((c) => ({ ...c })),
    verificationDone: [...commit.verificationDone],
    hintsUsed: a.hintsUsed,
    seconds: secondsOf(Math.min(a.activeMs, commit.at - a.startedAt)),
    revealedAll: a.revealedAll,
  };
}

// ---------------------------------------------------------------- reading one back

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isStr = (x: unknown): x is string => typeof x === 'string';
const isStrs = (x: unknown): x is string[] => Array.isArray(x) && x.every(isStr);
const isCount = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0;
const isIndexes = (x: unknown, n: number): x is number[] =>
  Array.isArray(x) && x.every((i) => isCount(i) && i < n);
const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter(isStr) : []);

function citeOf(x: unknown): LineCite | undefined {
  if (!isObj(x)) return undefined;
  if (isStr(x.eventId) && x.eventId !== '') return { eventId: x.eventId };
  if (isStr(x.file) && Number.isInteger(x.line) && (x.line as number) >= 1)
    return { file: x.file, line: x.line as number };
  return undefined;
}

const cites = (x: unknown): LineCite[] => (Array.isArray(x) ? x.flatMap((c) => citeOf(c) ?? []) : []);

function checkOf(x: unknown): TraineeCheck | undefined {
  if (!isObj(x) || !isStr(x.command) || !isCount(x.atStep)) return undefined;
  return { ...(isStr(x.gapId) ? { gapId: x.gapId } : {}), command: x.command, atStep: x.atStep };
}

const checks = (x: unknown): TraineeCheck[] => (Array.isArray(x) ? x.flatMap((c) => checkOf(c) ?? []) : []);

function rejectionOf(x: unknown): TraineeRejection | undefined {
  if (!isObj(x) || !isStr(x.hypothesisId) || x.hypothesisId === '' || !isStr(x.reason)) return undefined;
  return { hypothesisId: x.hypothesisId, reason: x.reason, cites: cites(x.cites) };
}

/** One rejection per hypothesis (the last one written wins, as in the app). */
function rejections(x: unknown): TraineeRejection[] {
  if (!Array.isArray(x)) return [];
  const byId = new Map<string, TraineeRejection>();
  for (const r of x.flatMap((e) => rejectionOf(e) ?? [])) byId.set(r.hypothesisId, r);
  return [...byId.values()];
}

function answerShape(x: unknown): TraineeAnswer | undefined {
  if (
    !isObj(x) ||
    !isStr(x.cause) ||
    x.cause === '' ||
    !isCount(x.hintsUsed) ||
    !isNum(x.seconds) ||
    x.seconds < 0 ||
    typeof x.revealedAll !== 'boolean'
  )
    return undefined;
  return {
    cause: x.cause,
    ranking: strings(x.ranking),
    pinned: cites(x.pinned),
    rejected: rejections(x.rejected),
    checks: checks(x.checks),
    verificationDone: strings(x.verificationDone),
    hintsUsed: x.hintsUsed,
    seconds: x.seconds,
    revealedAll: x.revealedAll,
  };
}

const CAUSE_VERDICTS: readonly unknown[] = ['right', 'partly', 'wrong'];

/**
 * A saved grade that has every field the feedback page reads, with indexes into this manifest's
 * key evidence: kept as it is (it is what the trainee was shown at commit). Anything else: false.
 */
function isGrade(x: unknown, m: ScenarioManifest): x is GradeResult {
  const keys = m.keyEvidence.length;
  if (!isObj(x) || !isNum(x.score)) return false;
  const { breakdown, cause, evidence, rejections: rs, verification, checks: cs, efficiency, dimensions } = x;
  return (
    Array.isArray(breakdown) &&
    breakdown.every(
      (l) =>
        isObj(l) &&
        (SCORE_PARTS as readonly unknown[]).includes(l.part) &&
        isNum(l.points) &&
        isNum(l.max) &&
        isStr(l.how),
    ) &&
    isObj(cause) &&
    CAUSE_VERDICTS.includes(cause.verdict) &&
    isStr(cause.answer) &&
    isStr(cause.expected) &&
    isStr(cause.explanation) &&
    (cause.rankOfExpected === null || isCount(cause.rankOfExpected)) &&
    isObj(evidence) &&
    isNum(evidence.precision) &&
    isNum(evidence.recall) &&
    Array.isArray(evidence.pins) &&
    evidence.pins.every(
      (p) => isObj(p) && isStr(p.file) && isCount(p.line) && isCount(p.lineEnd) && isIndexes(p.matches, keys),
    ) &&
    isIndexes(evidence.found, keys) &&
    isIndexes(evidence.missed, keys) &&
    isIndexes(evidence.requiredMissed, keys) &&
    isStrs(evidence.unresolved) &&
    Array.isArray(rs) &&
    rs.every(
      (r) =>
        isObj(r) &&
        isStr(r.hypothesisId) &&
        isStr(r.reason) &&
        typeof r.valid === 'boolean' &&
        isStr(r.why) &&
        (r.engineVerdict === undefined || (VERDICTS as readonly unknown[]).includes(r.engineVerdict)),
    ) &&
    isObj(verification) &&
    isStrs(verification.expected) &&
    isStrs(verification.done) &&
    Array.isArray(verification.skipped) &&
    verification.skipped.every(
      (s) => isObj(s) && isStr(s.id) && (s.title === undefined || isStr(s.title)) && isStrs(s.commands),
    ) &&
    Array.isArray(cs) &&
    cs.every(
      (c) =>
        isObj(c) &&
        isStr(c.command) &&
        (c.gapId === undefined || isStr(c.gapId)) &&
        isCount(c.atStep) &&
        typeof c.useful === 'boolean' &&
        isStr(c.why) &&
        typeof c.anticipated === 'boolean',
    ) &&
    isObj(efficiency) &&
    isNum(efficiency.seconds) &&
    isNum(efficiency.parSeconds) &&
    isCount(efficiency.hintsUsed) &&
    typeof efficiency.revealedAll === 'boolean' &&
    Array.isArray(dimensions) &&
    dimensions.every((d) => isObj(d) && isStr(d.dimension) && isStr(d.how) && isStr(d.strengthen))
  );
}

/**
 * A saved attempt, checked: null when it is absent or its manifest is not a valid one. Every
 * other part is repaired field by field (a bad check or rejection costs only itself); a commit
 * whose answer does not read back is undone (the trainee commits again), a grade that does not
 * read back is dropped (graded again from the answer).
 */
export function attemptOf(x: unknown): TrainingAttempt | null {
  if (!isObj(x)) return null;
  const { manifest } = validateManifest(x.manifest);
  if (!manifest) return null;
  const last = manifest.reveal.length - 1;
  const step = Number.isInteger(x.step) ? Math.min(Math.max(x.step as number, 0), last) : 0;
  const answer = isNum(x.committedAt) ? answerShape(x.answer) : undefined;
  const committedAt = answer && isNum(x.committedAt) ? x.committedAt : null;
  // Saved before the attempt counted visible time only (activeMs absent): a committed one keeps
  // the seconds it was graded with; an open one starts from 0, since how long its page was
  // shown is not known (the old wall-clock reading would count nights and closed tabs).
  const activeMs = isNum(x.activeMs) && x.activeMs >= 0 ? x.activeMs : answer ? answer.seconds * 1000 : 0;
  return {
    manifest,
    localScenarioId: isStr(x.localScenarioId) && x.localScenarioId !== '' ? x.localScenarioId : null,
    step,
    revealedAll: x.revealedAll === true,
    hintsUsed: isCount(x.hintsUsed) ? x.hintsUsed : 0,
    checks: checks(x.checks),
    ranking: [...new Set(strings(x.ranking))],
    rejected: rejections(x.rejected),
    startedAt: isNum(x.startedAt) ? x.startedAt : 0,
    activeMs,
    committedAt,
    answer: answer ?? null,
    result: answer && isGrade(x.result, manifest) ? x.result : null,
  };
}
