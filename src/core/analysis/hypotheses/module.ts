// One cause per file (issue 5 part 3): a module reads the context (findings, symptoms, focus,
// coverage, joins) and returns its evidence for and against, its gaps and its children; score,
// verdict and reason are derived in ../score.ts so every cause is weighed by the same rule.
import type { AnalysisContext } from '../context.ts';
import type { CauseId } from '../model.ts';
import type { HypothesisDraft } from '../score.ts';

export interface HypothesisModule {
  cause: CauseId;
  title: string;
  evaluate(ctx: AnalysisContext): HypothesisDraft;
}
