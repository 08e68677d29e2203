// PLACEHOLDER until its helper writes it: evaluates nothing yet.
import type { HypothesisModule } from './module.ts';

export const other: HypothesisModule = {
  cause: 'other',
  title: 'other',
  evaluate: () => ({ title: 'other', for: [], against: [], gaps: [] }),
};
