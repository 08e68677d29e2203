// PLACEHOLDER until its helper writes it: evaluates nothing yet.
import type { HypothesisModule } from './module.ts';

export const kernelHang: HypothesisModule = {
  cause: 'kernel-hang',
  title: 'kernel-hang',
  evaluate: () => ({ title: 'kernel-hang', for: [], against: [], gaps: [] }),
};
