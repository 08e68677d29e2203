// Pure helpers of the Analysis tab: walking the hypothesis tree, labels, file names for pasted gap
// output, ids for custom hypotheses. No React here, so they are tested without rendering.
import type { AnalysisResult, CauseId, Hypothesis, Step, Verdict } from '../../core/analysis/model.ts';

export const VERDICT_LABEL: Record<Verdict, string> = {
  supported: 'Supported',
  likely: 'Likely',
  open: 'Open',
  unlikely: 'Unlikely',
  refuted: 'Refuted',
};

export const DECISION_LABEL = { accepted: 'Accepted', rejected: 'Rejected', open: 'Marked open' } as const;

/** Every hypothesis of the tree, parents before their children. */
export function allHypotheses(hs: readonly Hypothesis[]): Hypothesis[] {
  return hs.flatMap((h) => [h, ...allHypotheses(h.children ?? [])]);
}

/** The ids from the top of the tree down to `id` (itself last); empty when it is not in the tree. */
export function pathTo(hs: readonly Hypothesis[], id: string): string[] {
  for (const h of hs) {
    if (h.id === id) return [h.id];
    const below = pathTo(h.children ?? [], id);
    if (below.length > 0) return [h.id, ...below];
  }
  return [];
}

export function findHypothesis(hs: readonly Hypothesis[], id: string): Hypothesis | undefined {
  return allHypotheses(hs).find((h) => h.id === id);
}

/** A DOM id for a hypothesis (its own id holds `/` and `:`). */
export function domIdOf(hypothesisId: string): string {
  return `hyp-${hypothesisId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** 0.9 -> "0.90"; a score or weight outside 0..1 (a bug upstream) is clamped, not drawn off the bar. */
export function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

export function formatScore(x: number): string {
  return clamp01(x).toFixed(2);
}

/**
 * The name a gap's pasted output gets as a source: `gap-<id>.txt`, the id made safe for a file
 * name (`memory-events:4e6988f1-…` -> `gap-memory-events-4e6988f1-….txt`).
 */
export function gapFileName(gapId: string): string {
  const safe = gapId
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `gap-${safe || 'output'}.txt`;
}

/** `custom:<slug>` from a title, unique among `taken` ids (`custom:oom-of-sidecar-2`). */
export function customIdFor(title: string, taken: readonly string[]): string {
  const slug =
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'hypothesis';
  let id = `custom:${slug}`;
  for (let n = 2; taken.includes(id); n++) id = `custom:${slug}-${n}`;
  return id;
}

/** Remediation steps by branch, in the order the steps come ('' = steps for every branch, first). */
export function stepsByBranch(steps: readonly Step[]): { branch: string; steps: Step[] }[] {
  const groups = new Map<string, Step[]>();
  for (const s of steps) {
    const b = s.branch ?? '';
    groups.set(b, [...(groups.get(b) ?? []), s]);
  }
  return [...groups]
    .map(([branch, list]) => ({ branch, steps: list }))
    .sort((a, b) => {
      if (a.branch === '') return -1;
      if (b.branch === '') return 1;
      return 0;
    });
}

/** The title of a cause, as the tree names it (the id itself when the tree has no such node). */
export function causeTitles(result: AnalysisResult | undefined): Map<CauseId, string> {
  return new Map((result?.hypotheses ?? []).filter((h) => !h.custom).map((h) => [h.cause, h.title]));
}
