// PLACEHOLDER until its helper writes it: evaluates nothing yet.
import type { HypothesisModule } from './module.ts';

export const oomKillHost: HypothesisModule = {
  cause: 'oom-kill-host',
  title: 'oom-kill-host',
  evaluate: () => ({ title: 'oom-kill-host', for: [], against: [], gaps: [] }),
};
