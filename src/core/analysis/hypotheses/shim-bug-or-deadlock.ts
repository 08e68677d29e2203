// PLACEHOLDER until its helper writes it: evaluates nothing yet.
import type { HypothesisModule } from './module.ts';

export const shimBugOrDeadlock: HypothesisModule = {
  cause: 'shim-bug-or-deadlock',
  title: 'shim-bug-or-deadlock',
  evaluate: () => ({ title: 'shim-bug-or-deadlock', for: [], against: [], gaps: [] }),
};
