// Grading a trainee's committed answer against the scenario's reference (issue 8 part 3). Pure
// and deterministic: the same manifest, answer and analysis give the same result, field for field
// (no clock, no randomness, input order kept). Every point of the score is on a breakdown line
// that says how it was counted; docs/training.md lists the rules and the weights.
import type { AnalysisResult, Gap, Hypothesis, Verdict } from '../analysis/model.ts';
import { causeOf, evidenceRefOf, revealStepOf } from './manifest.ts';
import type {
  CauseGrade,
  CheckGrade,
  DimensionRow,
  EfficiencyGrade,
  EventLocation,
  EvidenceGrade,
  GradeResult,
  KeyEvidence,
  LineCite,
  PinGrade,
  RejectionGrade,
  ScenarioManifest,
  ScoreLine,
  ScorePart,
  TraineeAnswer,
  ValidRejection,
  VerificationGrade,
} from './model.ts';

/** Points per part of the score (they add up to 100). */
export const WEIGHTS: Record<ScorePart, number> = {
  cause: 35,
  evidence: 25,
  'ruling-out': 15,
  verification: 10,
  investigation: 5,
  efficiency: 10,
};

/** Cause points for each verdict; a right cause without the expected child (`oom-kill-cgroup` for `.../shim`) gets CAUSE_UNSPECIFIC. */
const CAUSE_POINTS = { right: 35, partly: 15, wrong: 0 } as const;
const CAUSE_UNSPECIFIC = 30;
/** Evidence: recall weighs more than precision (missing the deciding line is worse than one line too many). */
const RECALL_SHARE = 0.6;
/** Ruling out: each invalid rejection costs this much of the part. */
const INVALID_REJECTION_COST = 5;
/** Efficiency: par time per reveal step; costs of hints, of revealing all, of overtime. */
export const PAR_SECONDS_PER_STEP = 300;
const HINT_COST = 2;
const HINT_COST_MAX = 6;
const REVEAL_ALL_COST = 2;

/** What grade() reads. */
export interface GradeInput {
  manifest: ScenarioManifest;
  answer: TraineeAnswer;
  /** The engine's analysis of all the scenario's sources: hypothesis verdicts, gaps, steps. */
  analysis?: AnalysisResult;
  /** Where an event id the trainee pinned or cited points. */
  eventRef: (eventId: string) => EventLocation | null;
}

function walk(hs: readonly Hypothesis[]): Hypothesis[] {
  return hs.flatMap((h) => [h, ...walk(h.children)]);
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const ref = (k: { file: string; line: number }) => `${k.file}:${k.line}`;

/** Hypotheses by their title in quotes (titles are sentences), the id when the analysis has none. */
function titler(analysis: AnalysisResult | undefined): (id: string) => string {
  const titles = new Map(walk(analysis?.hypotheses ?? []).map((h) => [h.id, h.title]));
  return (id) => {
    const t = titles.get(id);
    return t === undefined ? id : `"${t}"`;
  };
}

// ---------------------------------------------------------------- cause

function gradeCause(
  m: ScenarioManifest,
  a: TraineeAnswer,
  title: (id: string) => string,
): CauseGrade & { points: number } {
  const exp = m.expected;
  const expectedId = exp.hypothesis ?? exp.cause;
  const answer = a.cause.trim();
  const rankIdx = a.ranking.findIndex((h) => h === expectedId || h === exp.cause);
  const base = { answer, expected: expectedId, rankOfExpected: rankIdx === -1 ? null : rankIdx + 1 };
  const said = answer === '' ? 'nothing' : title(answer);

  if (answer === expectedId)
    return {
      ...base,
      verdict: 'right',
      points: CAUSE_POINTS.right,
      explanation: `You named the scenario's cause: ${title(expectedId)}.`,
    };
  if (exp.hypothesis && answer === exp.cause)
    return {
      ...base,
      verdict: 'right',
      points: CAUSE_UNSPECIFIC,
      explanation: `${title(exp.cause)} is the cause; the scenario also asks which branch: ${title(exp.hypothesis)}.`,
    };
  const partial =
    (exp.partial ?? []).find((p) => p.hypothesis !== undefined && p.hypothesis === answer) ??
    // A scenario that names no branch takes any branch of its cause (unless listed as partial above).
    (!exp.hypothesis && causeOf(answer) === exp.cause
      ? undefined
      : (exp.partial ?? []).find((p) => p.cause !== undefined && p.cause === causeOf(answer)));
  if (partial)
    return {
      ...base,
      verdict: 'partly',
      points: CAUSE_POINTS.partly,
      explanation: `You answered ${said}; the scenario's cause is ${title(expectedId)}. ${partial.why}`,
    };
  if (!exp.hypothesis && answer !== '' && causeOf(answer) === exp.cause)
    return {
      ...base,
      verdict: 'right',
      points: CAUSE_POINTS.right,
      explanation: `You named the scenario's cause, ${title(exp.cause)}, and a branch of it: ${title(answer)}.`,
    };
  if (answer !== '' && causeOf(answer) === exp.cause)
    return {
      ...base,
      verdict: 'partly',
      points: CAUSE_POINTS.partly,
      explanation: `You answered ${said}: the right cause, the wrong branch; the scenario's is ${title(expectedId)}.`,
    };
  return {
    ...base,
    verdict: 'wrong',
    points: CAUSE_POINTS.wrong,
    explanation: `You answered ${said}; the evidence shows ${title(expectedId)}.`,
  };
}

// ---------------------------------------------------------------- evidence

/** A cited line or event as a span of lines in a file, or the event id eventRef could not place. */
function resolve(
  c: LineCite,
  eventRef: GradeInput['eventRef'],
): { file: string; line: number; lineEnd: number } | string {
  if ('eventId' in c) {
    const loc = eventRef(c.eventId);
    if (!loc) return c.eventId;
    return { file: loc.file, line: loc.line, lineEnd: Math.max(loc.line, loc.lineEnd ?? loc.line) };
  }
  return { file: c.file, line: c.line, lineEnd: c.line };
}

/**
 * A span matches a key line when it is in the same file and overlaps the key's lines: the line
 * itself, or the whole record the manifest names around it (a pin on any line of a kernel OOM
 * report counts for the report's key line), or one of the same line's copies in other sources
 * (`also`). A span is one line, or an event's whole record.
 */
export function spanMatches(span: { file: string; line: number; lineEnd: number }, k: KeyEvidence): boolean {
  if (span.file === k.file) {
    const [from, to] = k.record ?? [k.line, k.line];
    return span.line <= to && span.lineEnd >= from;
  }
  // The same line in another source (`also`): that one line.
  return (k.also ?? []).some((a) => {
    const r = evidenceRefOf(a);
    return r !== undefined && r.file === span.file && span.line <= r.line && span.lineEnd >= r.line;
  });
}

function gradeEvidence(
  m: ScenarioManifest,
  a: TraineeAnswer,
  eventRef: GradeInput['eventRef'],
): EvidenceGrade {
  const pins: PinGrade[] = [];
  const unresolved: string[] = [];
  const seen = new Set<string>();
  for (const c of a.pinned) {
    const r = resolve(c, eventRef);
    if (typeof r === 'string') {
      if (!unresolved.includes(r)) unresolved.push(r);
      continue;
    }
    // The same span pinned twice is one pin (a double click is not two claims).
    const key = `${r.file}\u0000${r.line}\u0000${r.lineEnd}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const matches = m.keyEvidence.flatMap((k, i) => (spanMatches(r, k) ? [i] : []));
    pins.push({ ...r, matches });
  }
  const foundSet = new Set(pins.flatMap((p) => p.matches));
  const found = m.keyEvidence.flatMap((_k, i) => (foundSet.has(i) ? [i] : []));
  const missed = m.keyEvidence.flatMap((_k, i) => (foundSet.has(i) ? [] : [i]));
  const correct = pins.filter((p) => p.matches.length > 0).length;
  return {
    precision: pins.length === 0 ? 0 : correct / pins.length,
    recall: m.keyEvidence.length === 0 ? 1 : found.length / m.keyEvidence.length,
    pins,
    found,
    missed,
    requiredMissed: missed.filter((i) => m.keyEvidence[i].required === true),
    unresolved,
  };
}

// ---------------------------------------------------------------- rulings

const NEGATIVE: readonly Verdict[] = ['unlikely', 'refuted'];

/** The manifest's own rule for an id (a trainee's `constructor` must not find Object's). */
function ruleOf(m: ScenarioManifest, id: string): ValidRejection | undefined {
  const rules = m.validRejections;
  return rules && Object.hasOwn(rules, id) ? rules[id] : undefined;
}

function gradeRejections(
  m: ScenarioManifest,
  a: TraineeAnswer,
  analysis: AnalysisResult | undefined,
  eventRef: GradeInput['eventRef'],
): RejectionGrade[] {
  const verdicts = new Map(walk(analysis?.hypotheses ?? []).map((h) => [h.id, h.verdict]));
  const exp = m.expected;
  return a.rejected.map((r) => {
    const id = r.hypothesisId;
    const engine = verdicts.get(id);
    const out = (valid: boolean, why: string): RejectionGrade => ({
      hypothesisId: id,
      reason: r.reason,
      valid,
      why,
      ...(engine ? { engineVerdict: engine } : {}),
    });
    if (id === exp.cause || id === exp.hypothesis)
      return out(false, 'It is what happened here: rejecting it cannot be right, whatever the reason.');
    if (r.reason.trim() === '' && r.cites.length === 0)
      return out(false, 'No reason and no line given: say why it is ruled out.');

    const engineNote = engine ? ` The engine finds it ${engine}.` : '';
    // A rule for the hypothesis itself, else for its cause (a cause's rule covers its children).
    const rule = ruleOf(m, id) ?? ruleOf(m, causeOf(id));
    const requires = rule?.requires ?? [];
    if (requires.length > 0) {
      const spans = r.cites.map((c) => resolve(c, eventRef)).filter((x) => typeof x !== 'string');
      const reason = r.reason.toLowerCase();
      const met = requires.find((q) => {
        const lineRef = evidenceRefOf(q);
        if (lineRef && m.sources.some((s) => s.file === lineRef.file)) {
          // The line cited (a key line's record counts as the line), or named in the reason.
          const key = m.keyEvidence.find((k) => k.file === lineRef.file && k.line === lineRef.line) ?? {
            ...lineRef,
            why: '',
          };
          return spans.some((s) => spanMatches(s, key)) || reason.includes(q.toLowerCase());
        }
        return reason.includes(q.toLowerCase());
      });
      return met !== undefined
        ? out(true, `Your reason rests on ${met}, which rules it out.${engineNote}`)
        : out(
            false,
            `A valid reason cites or names one of: ${requires.join(', ')}; yours does not.${engine && NEGATIVE.includes(engine) ? ' The conclusion is right, the reason does not show it.' : engineNote}`,
          );
    }
    if (rule) return out(true, `The scenario lists it as ruled out, and you said why.${engineNote}`);
    if (engine) {
      return NEGATIVE.includes(engine)
        ? out(true, `The evidence speaks against it: the engine finds it ${engine}.`)
        : out(false, `The evidence does not rule it out: the engine finds it ${engine}.`);
    }
    return out(
      false,
      analysis ? 'Not a hypothesis of this analysis.' : 'Nothing in this scenario rules it out.',
    );
  });
}

/** The scenario's alternatives (validRejections) that a valid rejection covers: itself, or its cause. */
function coveredTargets(
  m: ScenarioManifest,
  rs: readonly RejectionGrade[],
): { targets: string[]; covered: string[] } {
  const targets = Object.keys(m.validRejections ?? {});
  const covered = targets.filter((t) =>
    rs.some((r) => r.valid && (r.hypothesisId === t || t.startsWith(`${r.hypothesisId}/`))),
  );
  return { targets, covered };
}

// ---------------------------------------------------------------- verification

function gradeVerification(
  m: ScenarioManifest,
  a: TraineeAnswer,
  analysis: AnalysisResult | undefined,
): VerificationGrade {
  const done = m.verification.filter((id) => a.verificationDone.includes(id));
  const steps = new Map((analysis?.steps.verification ?? []).map((s) => [s.id, s]));
  const skipped = m.verification
    .filter((id) => !done.includes(id))
    .map((id) => {
      const s = steps.get(id);
      return s ? { id, title: s.title, commands: [...s.commands] } : { id, commands: [] };
    });
  return { expected: [...m.verification], done, skipped };
}

// ---------------------------------------------------------------- checks

/**
 * A command's head: the program (no `sudo`, no `VAR=value` before it, no directory) and its first
 * argument. Two commands match when the programs are equal and, when the reference has an
 * argument, the first arguments too: `journalctl -k` matches `journalctl -k --since ...`, not
 * `journalctl -u containerd`; `crictl inspect X` matches `crictl inspect Y`; `dmesg -T` matches `dmesg`.
 */
function headOf(command: string): { program: string; arg: string } | undefined {
  const words = command
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  while (words.length > 0 && (words[0] === 'sudo' || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])))
    words.shift();
  if (words.length === 0) return undefined;
  const program = words[0].slice(words[0].lastIndexOf('/') + 1);
  return { program, arg: words[1] ?? '' };
}

/** The simple commands of a pipeline or list (`a | b; c && d` -> a, b, c, d). */
const simpleCommands = (command: string) =>
  command
    .split(/\|\||&&|[|;\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

export function commandMatches(typed: string, reference: string): boolean {
  const t = headOf(typed);
  if (!t) return false;
  return simpleCommands(reference).some((r) => {
    const h = headOf(r);
    return h !== undefined && h.program === t.program && (h.arg === '' || h.arg === t.arg);
  });
}

function gradeChecks(
  m: ScenarioManifest,
  a: TraineeAnswer,
  analysis: AnalysisResult | undefined,
): CheckGrade[] {
  // The causes a check can usefully move: the answer, what the scenario wants ruled out, what earns "partly".
  const relevant = new Set<string>([
    m.expected.cause,
    ...Object.keys(m.validRejections ?? {}).map(causeOf),
    ...(m.expected.partial ?? []).map((p) => causeOf(p.hypothesis ?? p.cause ?? '')),
  ]);
  const gaps = analysis?.gaps ?? [];
  const useful = new Map<string, Gap>();
  for (const g of gaps) if (g.settles.some((c) => relevant.has(c))) useful.set(g.id, g);
  // The sources that hold key evidence, with the step that reveals them.
  const keyFiles = new Set(
    m.keyEvidence.flatMap((k) => [k.file, ...(k.also ?? []).map((a) => evidenceRefOf(a)?.file ?? '')]),
  );
  const keySources = m.sources.filter((s) => keyFiles.has(s.file));

  return a.checks.map((c) => {
    const base = {
      command: c.command,
      atStep: c.atStep,
      ...(c.gapId !== undefined ? { gapId: c.gapId } : {}),
    };
    const source = keySources.find((s) => commandMatches(c.command, s.command));
    const anticipated = source !== undefined && revealStepOf(m, source.file) > c.atStep;
    if (c.gapId !== undefined) {
      const g = useful.get(c.gapId);
      if (g)
        return {
          ...base,
          useful: true,
          anticipated,
          why: `It settles ${g.settles.filter((x) => relevant.has(x)).join(', ')}.`,
        };
      if (gaps.some((x) => x.id === c.gapId))
        return { ...base, useful: false, anticipated, why: 'It settles nothing this incident turns on.' };
    }
    const gap = [...useful.values()].find((g) => commandMatches(c.command, g.command));
    if (gap) return { ...base, useful: true, anticipated, why: `It asks what the gap "${gap.ask}" asks.` };
    if (source)
      return {
        ...base,
        useful: true,
        anticipated,
        why: `It collects ${source.file}, which holds key evidence.`,
      };
    return {
      ...base,
      useful: false,
      anticipated: false,
      why: 'It does not lead to the evidence this incident turns on.',
    };
  });
}

// ---------------------------------------------------------------- score

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

function efficiencyOf(
  m: ScenarioManifest,
  a: TraineeAnswer,
): { grade: EfficiencyGrade; points: number; how: string } {
  const parSeconds = PAR_SECONDS_PER_STEP * Math.max(1, m.reveal.length);
  const seconds = Math.max(0, a.seconds);
  const hints = Math.max(0, Math.floor(a.hintsUsed));
  const hintCost = Math.min(HINT_COST_MAX, HINT_COST * hints);
  const revealCost = a.revealedAll ? REVEAL_ALL_COST : 0;
  const timeCost = seconds > 2 * parSeconds ? 2 : seconds > parSeconds ? 1 : 0;
  const points = clamp(WEIGHTS.efficiency - hintCost - revealCost - timeCost, 0, WEIGHTS.efficiency);
  return {
    grade: { seconds, parSeconds, hintsUsed: hints, revealedAll: a.revealedAll },
    points,
    how: `${WEIGHTS.efficiency} less ${HINT_COST} per hint (at most ${HINT_COST_MAX}): -${hintCost}; less ${REVEAL_ALL_COST} for revealing all at once: -${revealCost}; less 1 past par (${Math.round(parSeconds / 60)} min), 2 past twice par: -${timeCost}`,
  };
}

function minutes(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return m === 0 ? `${s} s` : s === 0 ? `${m} min` : `${m} min ${s} s`;
}

/** Grades an answer. Pure: same input, same result. */
export function grade(input: GradeInput): GradeResult {
  const { manifest: m, answer: a, analysis, eventRef } = input;
  const title = titler(analysis);

  const { points: causePoints, ...cause } = gradeCause(m, a, title);
  const evidence = gradeEvidence(m, a, eventRef);
  const rejections = gradeRejections(m, a, analysis, eventRef);
  const verification = gradeVerification(m, a, analysis);
  const checks = gradeChecks(m, a, analysis);
  const eff = efficiencyOf(m, a);

  const evidencePoints = Math.round(
    WEIGHTS.evidence * (RECALL_SHARE * evidence.recall + (1 - RECALL_SHARE) * evidence.precision),
  );
  const { targets, covered } = coveredTargets(m, rejections);
  const invalid = rejections.filter((r) => !r.valid).length;
  const coverage = targets.length === 0 ? 1 : covered.length / targets.length;
  const rulingPoints = Math.round(
    clamp(WEIGHTS['ruling-out'] * coverage - INVALID_REJECTION_COST * invalid, 0, WEIGHTS['ruling-out']),
  );
  const verificationPoints = Math.round(
    verification.expected.length === 0
      ? WEIGHTS.verification
      : (WEIGHTS.verification * verification.done.length) / verification.expected.length,
  );
  const usefulChecks = checks.filter((c) => c.useful).length;
  const checkPoints = Math.round(
    checks.length === 0 ? 0 : (WEIGHTS.investigation * usefulChecks) / checks.length,
  );

  const breakdown: ScoreLine[] = [
    {
      part: 'cause',
      points: causePoints,
      max: WEIGHTS.cause,
      how: `right ${CAUSE_POINTS.right} (${CAUSE_UNSPECIFIC} without the expected branch), partly ${CAUSE_POINTS.partly}, wrong 0: ${cause.verdict}`,
    },
    {
      part: 'evidence',
      points: evidencePoints,
      max: WEIGHTS.evidence,
      how: `${WEIGHTS.evidence} x (${RECALL_SHARE} x recall ${pct(evidence.recall)} + ${Math.round((1 - RECALL_SHARE) * 10) / 10} x precision ${pct(evidence.precision)})`,
    },
    {
      part: 'ruling-out',
      points: rulingPoints,
      max: WEIGHTS['ruling-out'],
      how:
        targets.length === 0
          ? `no alternative to rule out in this scenario; less ${INVALID_REJECTION_COST} per invalid rejection (${invalid})`
          : `${WEIGHTS['ruling-out']} x ${covered.length}/${targets.length} alternatives validly ruled out, less ${INVALID_REJECTION_COST} per invalid rejection (${invalid})`,
    },
    {
      part: 'verification',
      points: verificationPoints,
      max: WEIGHTS.verification,
      how:
        verification.expected.length === 0
          ? 'no verification step expected'
          : `${WEIGHTS.verification} x ${verification.done.length}/${verification.expected.length} expected steps done`,
    },
    {
      part: 'investigation',
      points: checkPoints,
      max: WEIGHTS.investigation,
      how:
        checks.length === 0
          ? 'no check asked'
          : `${WEIGHTS.investigation} x ${usefulChecks}/${checks.length} useful checks`,
    },
    { part: 'efficiency', points: eff.points, max: WEIGHTS.efficiency, how: eff.how },
  ];
  const score = breakdown.reduce((n, l) => n + l.points, 0);

  const result: Omit<GradeResult, 'dimensions'> = {
    score,
    breakdown,
    cause,
    evidence,
    rejections,
    verification,
    checks,
    efficiency: eff.grade,
  };
  return { ...result, dimensions: dimensionsOf(m, result, { targets, covered }, title) };
}

// ---------------------------------------------------------------- the feedback table

/** The line to start from: the first required key line the trainee missed, else the first required, else the first. */
export function decidingLine(m: ScenarioManifest, e: EvidenceGrade): KeyEvidence | undefined {
  const missed = e.requiredMissed[0];
  return missed !== undefined
    ? m.keyEvidence[missed]
    : (m.keyEvidence.find((k) => k.required) ?? m.keyEvidence[0]);
}

function dimensionsOf(
  m: ScenarioManifest,
  r: Omit<GradeResult, 'dimensions'>,
  rulings: { targets: string[]; covered: string[] },
  title: (id: string) => string,
): DimensionRow[] {
  const keep = 'Nothing: keep doing this.';
  const rows: DimensionRow[] = [];
  const firstKey = decidingLine(m, r.evidence);

  // Cause
  const rank =
    r.cause.rankOfExpected === null
      ? ' It was not in your ranking.'
      : r.cause.rankOfExpected === 1
        ? ''
        : ` Your ranking put it at place ${r.cause.rankOfExpected}.`;
  rows.push({
    dimension: 'Cause',
    how: `${r.cause.verdict[0].toUpperCase()}${r.cause.verdict.slice(1)}. ${r.cause.explanation}${rank}`,
    strengthen:
      r.cause.verdict === 'right' && r.cause.answer === r.cause.expected
        ? keep
        : r.cause.verdict === 'right'
          ? `Name the branch, not only the cause: ${title(r.cause.expected)}.`
          : firstKey
            ? `Start from the line that decides it, ${ref(firstKey)}: ${firstKey.why}`
            : 'Start from the line that decides it.',
  });

  // Evidence
  const e = r.evidence;
  const required = e.requiredMissed.map((i) => m.keyEvidence[i]);
  rows.push({
    dimension: 'Evidence',
    how:
      e.pins.length === 0
        ? 'You pinned no line.'
        : `You pinned ${plural(e.pins.length, 'line')}, ${e.pins.filter((p) => p.matches.length > 0).length} of them reference lines (precision ${pct(e.precision)}); you found ${e.found.length} of ${m.keyEvidence.length} reference lines (recall ${pct(e.recall)}).`,
    strengthen:
      required.length > 0
        ? `Pin the lines the cause rests on: ${required.map((k) => `${ref(k)} (${k.why})`).join('; ')}.`
        : e.pins.length === 0
          ? 'Pin the lines your conclusion rests on, so a reader can check it.'
          : e.precision < 0.5
            ? 'Pin fewer lines: only those an argument rests on, so each one counts.'
            : e.missed.length > 0
              ? `Also worth pinning: ${e.missed.map((i) => ref(m.keyEvidence[i])).join(', ')}.`
              : keep,
  });

  // Ruling out
  const invalid = r.rejections.filter((x) => !x.valid);
  const notCovered = rulings.targets.filter((t) => !rulings.covered.includes(t));
  rows.push({
    dimension: 'Ruling out',
    how:
      r.rejections.length === 0
        ? rulings.targets.length === 0
          ? 'You ruled nothing out, and nothing had to be.'
          : 'You ruled nothing out.'
        : `${plural(r.rejections.length, 'rejection')}: ${r.rejections.length - invalid.length} valid, ${invalid.length} not.${rulings.targets.length > 0 ? ` Of the ${plural(rulings.targets.length, 'alternative')} to rule out, you ruled out ${rulings.covered.length} validly.` : ''}`,
    strengthen:
      invalid.length > 0
        ? invalid.map((x) => `${title(x.hypothesisId)}: ${x.why}`).join(' ')
        : notCovered.length > 0
          ? `Rule out ${notCovered.map(title).join(', ')} with a reason that names the line excluding it.`
          : keep,
  });

  // Verification
  const v = r.verification;
  rows.push({
    dimension: 'Verification',
    how:
      v.expected.length === 0
        ? 'No verification step was expected.'
        : `You did ${v.done.length} of ${v.expected.length} verification steps.`,
    strengthen:
      v.skipped.length === 0
        ? keep
        : `Before concluding: ${v.skipped.map((s) => s.title ?? s.id).join('; ')}.`,
  });

  // Investigation path
  const useful = r.checks.filter((c) => c.useful).length;
  const ahead = r.checks.filter((c) => c.anticipated).length;
  rows.push({
    dimension: 'Investigation path',
    how:
      r.checks.length === 0
        ? 'You asked for no check along the way.'
        : `${useful} of ${plural(r.checks.length, 'check')} asked for something useful${ahead > 0 ? `; ${ahead} asked for a source before it was revealed` : ''}.`,
    strengthen:
      r.checks.length === 0
        ? 'At each step, say what you would check next before revealing more.'
        : useful < r.checks.length
          ? 'Aim each check at what separates the hypotheses still open.'
          : keep,
  });

  // Efficiency
  const f = r.efficiency;
  const slow = f.seconds > f.parSeconds;
  rows.push({
    dimension: 'Efficiency',
    how: `${minutes(f.seconds)} (par ${minutes(f.parSeconds)}), ${plural(f.hintsUsed, 'hint')}, ${f.revealedAll ? 'every source at once' : 'step by step'}.`,
    strengthen:
      f.hintsUsed === 0 && !f.revealedAll && !slow
        ? keep
        : [
            f.hintsUsed > 0 ? 'try it without hints' : '',
            f.revealedAll ? 'reveal step by step and decide at each step what you expect' : '',
            slow ? 'go to the kernel and runtime logs first, then widen' : '',
          ]
            .filter((s) => s !== '')
            .join('; ')
            .replace(/^./, (c) => c.toUpperCase())
            .concat('.'),
  });
  return rows;
}
