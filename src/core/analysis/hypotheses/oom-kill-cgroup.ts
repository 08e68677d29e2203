// PLACEHOLDER until its helper writes it: evaluates nothing yet.
import type { HypothesisModule } from './module.ts';

export const oomKillCgroup: HypothesisModule = {
  cause: 'oom-kill-cgroup',
  title: 'oom-kill-cgroup',
  evaluate: () => ({ title: 'oom-kill-cgroup', for: [], against: [], gaps: [] }),
};
