// PLACEHOLDER until its helper writes it: evaluates nothing yet.
import type { HypothesisModule } from './module.ts';

export const cgroupLimitOther: HypothesisModule = {
  cause: 'cgroup-limit-other',
  title: 'cgroup-limit-other',
  evaluate: () => ({ title: 'cgroup-limit-other', for: [], against: [], gaps: [] }),
};
