// PLACEHOLDER until its helper writes it: evaluates nothing yet.
import type { HypothesisModule } from './module.ts';

export const manualOrAutomationKill: HypothesisModule = {
  cause: 'manual-or-automation-kill',
  title: 'manual-or-automation-kill',
  evaluate: () => ({ title: 'manual-or-automation-kill', for: [], against: [], gaps: [] }),
};
