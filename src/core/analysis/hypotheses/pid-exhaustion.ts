// PLACEHOLDER until its helper writes it: evaluates nothing yet.
import type { HypothesisModule } from './module.ts';

export const pidExhaustion: HypothesisModule = {
  cause: 'pid-exhaustion',
  title: 'pid-exhaustion',
  evaluate: () => ({ title: 'pid-exhaustion', for: [], against: [], gaps: [] }),
};
