// The analysis entry point (issue 5): findings + symptoms + coverage + entity joins -> the
// cause-hypothesis tree, the overall verdict, the gaps and the steps. Pure; the engine
// (src/core/engine/analysis.ts) calls `analyze` with what it collected while replaying its
// stores, so the app, the CLI and the tests all go through Workbench.analysis.
import type { LogEvent } from '../model/event.ts';
import { buildContext } from './context.ts';
import { HYPOTHESIS_MODULES } from './hypotheses/index.ts';
import type { HypothesisModule } from './hypotheses/module.ts';
import { type Joins, NO_JOINS } from './joins.ts';
import {
  type AnalysisOptions,
  type AnalysisResult,
  type AnalysisVerdict,
  type AnalystDecision,
  CAUSE_IDS,
  type CauseId,
  type CustomHypothesis,
  type Evidence,
  type Gap,
  type Hypothesis,
  type SourceCoverage,
} from './model.ts';
import type { Finding } from './rule-schema.ts';
import { compareHypotheses, finishDraft, type HypothesisDraft } from './score.ts';
import { stepsFor } from './steps.ts';
import { restartCountOf, type Symptom } from './symptoms.ts';

export interface AnalyzeInput extends Omit<AnalysisOptions, 'userSymptoms'> {
  findings: Finding[];
  /** Detected symptoms (detectSymptoms) and any the user named. */
  symptoms: Symptom[];
  coverage: SourceCoverage[];
  joins?: Joins;
  /** For tests: another set of modules. */
  modules?: readonly HypothesisModule[];
}

const ORDER: readonly string[] = CAUSE_IDS;

/** Every hypothesis of the tree, depth first. */
function walk(hs: readonly Hypothesis[]): Hypothesis[] {
  return hs.flatMap((h) => [h, ...walk(h.children)]);
}

/**
 * The analyst's accepted hypothesis wins; otherwise the best the analyst has not rejected, if it
 * is at least `likely`, with a likely child standing for it.
 */
function verdictOf(hypotheses: readonly Hypothesis[]): AnalysisVerdict {
  const accepted = walk(hypotheses).find((h) => h.decision?.state === 'accepted');
  if (accepted)
    return {
      cause: accepted.cause,
      by: 'analyst',
      hypothesis: accepted.id,
      confidence: accepted.score,
      reason: `${accepted.title} was accepted by the analyst${
        accepted.decision?.note ? `: ${accepted.decision.note.replace(/\.$/, '')}` : ''
      } (the engine says ${accepted.verdict}, ${accepted.score.toFixed(2)}).`,
    };
  const live = hypotheses.filter((h) => h.decision?.state !== 'rejected');
  const best = live[0];
  if (!best)
    return { cause: 'unknown', by: 'engine', confidence: 0, reason: 'No hypothesis is left to weigh.' };
  if (best.verdict === 'supported' || best.verdict === 'likely') {
    const child = best.children.find(
      (c) => (c.verdict === 'supported' || c.verdict === 'likely') && c.decision?.state !== 'rejected',
    );
    const second = live[1];
    const close = second && (second.verdict === 'supported' || second.verdict === 'likely');
    return {
      cause: best.cause,
      by: 'engine',
      hypothesis: child?.id ?? best.id,
      confidence: best.score,
      reason: `${best.title} is ${best.verdict} (${best.score.toFixed(2)}): ${lowerFirst(child?.reason ?? best.reason)}${
        close ? ` ${second.title} is ${second.verdict} too (${second.score.toFixed(2)}).` : ''
      }`,
    };
  }
  return {
    cause: 'unknown',
    by: 'engine',
    confidence: best.score,
    reason: `No cause has enough evidence: the best, ${best.title}, is ${best.verdict} (${best.score.toFixed(2)}).`,
  };
}

/** The analyst's own hypotheses, scored like the engine's from the events attached to them. */
function customDrafts(custom: readonly CustomHypothesis[]): { parent?: CauseId; draft: HypothesisDraft }[] {
  const item = (c: CustomHypothesis, eventId: string, stance: 'for' | 'against'): Evidence => ({
    id: `analyst:${stance}:${eventId}`,
    kind: 'analyst',
    weight: ANALYST_WEIGHT,
    text: `${eventId} attached ${stance === 'for' ? 'in support' : 'against it'} by the analyst${c.note ? `: ${c.note}` : ''}`,
    eventIds: [eventId],
  });
  return custom.map((c) => ({
    parent: c.parent,
    draft: {
      id: c.id,
      title: c.title,
      for: c.for.map((e) => item(c, e, 'for')),
      against: c.against.map((e) => item(c, e, 'against')),
      gaps: [],
    },
  }));
}

/** What one event the analyst attaches weighs: a line they judged relevant, not proof. */
export const ANALYST_WEIGHT = 0.5;

function decide(hs: Hypothesis[], decisions: Record<string, AnalystDecision> | undefined): void {
  if (!decisions) return;
  for (const h of walk(hs)) {
    const d = decisions[h.id];
    if (d) h.decision = d;
  }
}

function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s;
}

function collectGaps(hypotheses: readonly Hypothesis[]): Gap[] {
  const out = new Map<string, Gap>();
  const visit = (h: Hypothesis) => {
    if (h.verdict !== 'supported' && h.verdict !== 'refuted')
      for (const g of h.gaps) {
        const cur = out.get(g.id);
        if (!cur) out.set(g.id, { ...g, settles: [...g.settles] });
        else for (const c of g.settles) if (!cur.settles.includes(c)) cur.settles.push(c);
      }
    for (const c of h.children) visit(c);
  };
  for (const h of hypotheses) visit(h);
  return [...out.values()];
}

export function analyze(input: AnalyzeInput): AnalysisResult {
  const joins = input.joins ?? NO_JOINS;
  const ctx = buildContext({
    findings: input.findings,
    symptoms: input.symptoms,
    coverage: input.coverage,
    joins,
  });
  const drafts = (input.modules ?? HYPOTHESIS_MODULES).map((m) => ({
    cause: m.cause,
    draft: m.evaluate(ctx),
  }));
  for (const { parent, draft } of customDrafts(input.custom ?? [])) {
    const host = parent && drafts.find((d) => d.cause === parent);
    if (host) host.draft.children = [...(host.draft.children ?? []), draft];
    else drafts.push({ cause: 'other', draft });
  }
  const hypotheses = drafts.map((d) => finishDraft(d.cause, d.draft, ORDER)).sort(compareHypotheses(ORDER));
  const customIds = new Set((input.custom ?? []).map((c) => c.id));
  for (const h of walk(hypotheses)) if (customIds.has(h.id)) h.custom = true;
  decide(hypotheses, input.decisions);
  const verdict = verdictOf(hypotheses);
  return {
    symptoms: input.symptoms,
    findings: input.findings,
    hypotheses,
    verdict,
    gaps: collectGaps(hypotheses),
    steps: stepsFor(ctx, verdict, hypotheses),
    coverage: input.coverage,
    focus: ctx.focus,
  };
}

/** An event symptom detection reads beyond findings: a row tying a container to its sandbox or pod, a restart count. */
export function isLinkEvent(e: LogEvent): boolean {
  return (
    (e.entities.some((x) => x.kind === 'container') && e.entities.some((x) => x.kind !== 'container')) ||
    restartCountOf(e) !== undefined
  );
}
