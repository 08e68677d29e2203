// PLACEHOLDER until its helper writes it: evaluates nothing yet.
import type { HypothesisModule } from './module.ts';

export const runtimeError: HypothesisModule = {
  cause: 'runtime-error',
  title: 'runtime-error',
  evaluate: () => ({ title: 'runtime-error', for: [], against: [], gaps: [] }),
};
