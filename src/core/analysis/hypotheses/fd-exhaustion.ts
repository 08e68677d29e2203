// PLACEHOLDER until its helper writes it: evaluates nothing yet.
import type { HypothesisModule } from './module.ts';

export const fdExhaustion: HypothesisModule = {
  cause: 'fd-exhaustion',
  title: 'fd-exhaustion',
  evaluate: () => ({ title: 'fd-exhaustion', for: [], against: [], gaps: [] }),
};
