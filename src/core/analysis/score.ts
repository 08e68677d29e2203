// From evidence to a verdict (issue 5 part 3). Evidence items are independent pieces of support
// (or doubt), each with a weight 0..1; they combine like independent chances (noisy-OR), so
// two half-convincing lines make a fairly convincing case and no pile of hints reaches
// certainty. Against-evidence scales the result down the same way. A cause with no evidence
// keeps its prior and stays `open`: the absence of a line we never had the log for says nothing.
import type { CauseId, Evidence, Gap, Hypothesis, Verdict } from './model.ts';

/** What a hypothesis module returns; score, verdict and default reason are derived here. */
export interface HypothesisDraft {
  /** Defaults to the module's cause id; children use `<cause>/<child>`. */
  id?: string;
  title: string;
  for: Evidence[];
  against: Evidence[];
  gaps: Gap[];
  children?: HypothesisDraft[];
  /** Symptom ids this cause would explain. */
  explains?: string[];
  /** Overrides the derived one-sentence reason. */
  reason?: string;
  /** Belief before evidence (default DEFAULT_PRIOR). */
  prior?: number;
}

export const DEFAULT_PRIOR = 0.1;
export const SUPPORTED_AT = 0.75;
export const LIKELY_AT = 0.5;
export const UNLIKELY_BELOW = 0.15;
/** Against-evidence this strong, with little for it, refutes. */
export const REFUTED_AGAINST = 0.85;

/** 1 - Π(1 - w): the chance at least one independent item holds. */
export function noisyOr(items: readonly Evidence[]): number {
  let p = 1;
  for (const e of items) p *= 1 - Math.min(1, Math.max(0, e.weight));
  return 1 - p;
}

export function scoreOf(d: Pick<HypothesisDraft, 'for' | 'against' | 'prior'>): {
  score: number;
  forStrength: number;
  againstStrength: number;
} {
  const prior = d.prior ?? DEFAULT_PRIOR;
  const forStrength = noisyOr(d.for);
  const againstStrength = noisyOr(d.against);
  const score = (prior + (1 - prior) * forStrength) * (1 - againstStrength);
  return { score: Math.round(score * 1000) / 1000, forStrength, againstStrength };
}

export function verdictOf(d: Pick<HypothesisDraft, 'for' | 'against' | 'prior'>): {
  score: number;
  verdict: Verdict;
} {
  const { score, forStrength, againstStrength } = scoreOf(d);
  if (d.for.length === 0 && d.against.length === 0) return { score, verdict: 'open' };
  if (againstStrength >= REFUTED_AGAINST && forStrength < LIKELY_AT) return { score, verdict: 'refuted' };
  // Strong lines both ways: contested, for the analyst to settle, not silently scored away.
  if (forStrength >= LIKELY_AT && againstStrength >= LIKELY_AT) return { score, verdict: 'open' };
  if (score >= SUPPORTED_AT) return { score, verdict: 'supported' };
  if (score >= LIKELY_AT) return { score, verdict: 'likely' };
  if (score < UNLIKELY_BELOW && d.against.length > 0) return { score, verdict: 'unlikely' };
  return { score, verdict: 'open' };
}

function strongest(items: readonly Evidence[]): Evidence | undefined {
  let best: Evidence | undefined;
  for (const e of items) if (!best || e.weight > best.weight) best = e;
  return best;
}

function sentence(s: string): string {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** The default one-sentence reason: the strongest item that decided the verdict. */
export function reasonOf(verdict: Verdict, d: HypothesisDraft): string {
  const f = strongest(d.for);
  const a = strongest(d.against);
  switch (verdict) {
    case 'supported':
    case 'likely':
      return sentence(f ? f.text : 'The evidence for it outweighs the evidence against');
    case 'refuted':
    case 'unlikely':
      return sentence(a ? a.text : 'The evidence against it outweighs the evidence for');
    default:
      if (!f && !a)
        return sentence(
          d.gaps.length > 0
            ? `Nothing in the inputs speaks for or against it; to decide: ${d.gaps[0].ask.replace(/\.$/, '')}`
            : 'Nothing in the inputs speaks for or against it',
        );
      return sentence(
        f && a
          ? `For: ${f.text.replace(/\.$/, '')}; against: ${a.text.replace(/\.$/, '')}`
          : `${(f ?? a)?.text.replace(/\.$/, '')}, but not enough to decide`,
      );
  }
}

const VERDICT_RANK: Record<Verdict, number> = { supported: 0, likely: 1, open: 2, unlikely: 3, refuted: 4 };

/** Best first: score, then verdict, then the order of CAUSE_IDS (`order`). */
export function compareHypotheses(order: readonly string[]) {
  return (a: Hypothesis, b: Hypothesis): number =>
    b.score - a.score ||
    VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict] ||
    order.indexOf(a.cause) - order.indexOf(b.cause) ||
    a.id.localeCompare(b.id);
}

/** A scored hypothesis (children scored the same way, best first). */
export function finishDraft(cause: CauseId, d: HypothesisDraft, order: readonly string[]): Hypothesis {
  const { score, verdict } = verdictOf(d);
  const children = (d.children ?? []).map((c) => finishDraft(cause, c, order)).sort(compareHypotheses(order));
  return {
    id: d.id ?? cause,
    cause,
    title: d.title,
    score,
    verdict,
    reason: d.reason ?? reasonOf(verdict, d),
    for: [...d.for].sort((x, y) => y.weight - x.weight),
    against: [...d.against].sort((x, y) => y.weight - x.weight),
    gaps: d.gaps,
    children,
    explains: d.explains ?? [],
  };
}
