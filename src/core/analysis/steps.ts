// PLACEHOLDER until its helper writes it.
import type { AnalysisContext } from './context.ts';
import type { AnalysisVerdict, Hypothesis, Step } from './model.ts';

export function stepsFor(
  _ctx: AnalysisContext,
  _verdict: AnalysisVerdict,
  _hypotheses: readonly Hypothesis[],
): { verification: Step[]; remediation: Step[] } {
  return { verification: [], remediation: [] };
}
