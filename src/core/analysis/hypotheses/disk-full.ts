// PLACEHOLDER until its helper writes it: evaluates nothing yet.
import type { HypothesisModule } from './module.ts';

export const diskFull: HypothesisModule = {
  cause: 'disk-full',
  title: 'disk-full',
  evaluate: () => ({ title: 'disk-full', for: [], against: [], gaps: [] }),
};
