// A hypothesis for hand-built analysis results in component and query tests.
import type { Hypothesis } from '../../core/analysis/model.ts';

/**
 * A hypothesis with empty lists where none are given, its cause the first part of its id unless
 * given (the component and query tests build their results with it).
 */
export const hyp = (
  h: Partial<Hypothesis> & Pick<Hypothesis, 'id' | 'title' | 'verdict' | 'score'>,
): Hypothesis => ({
  cause: h.id.split('/')[0] as Hypothesis['cause'],
  reason: '',
  for: [],
  against: [],
  gaps: [],
  children: [],
  explains: [],
  ...h,
});
