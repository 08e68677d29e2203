// The cause modules, one per cause id of DESIGN.md section 3, in CAUSE_IDS order. Listed once
// here (no side-effect registration); analyze.ts runs them all.

import { cgroupLimitOther } from './cgroup-limit-other.ts';
import { diskFull } from './disk-full.ts';
import { fdExhaustion } from './fd-exhaustion.ts';
import { kernelHang } from './kernel-hang.ts';
import { manualOrAutomationKill } from './manual-or-automation-kill.ts';
import type { HypothesisModule } from './module.ts';
import { oomKillCgroup } from './oom-kill-cgroup.ts';
import { oomKillHost } from './oom-kill-host.ts';
import { other } from './other.ts';
import { pidExhaustion } from './pid-exhaustion.ts';
import { runtimeError } from './runtime-error.ts';
import { shimBugOrDeadlock } from './shim-bug-or-deadlock.ts';

export const HYPOTHESIS_MODULES: readonly HypothesisModule[] = [
  oomKillCgroup,
  oomKillHost,
  cgroupLimitOther,
  pidExhaustion,
  fdExhaustion,
  diskFull,
  kernelHang,
  manualOrAutomationKill,
  shimBugOrDeadlock,
  runtimeError,
  other,
];
