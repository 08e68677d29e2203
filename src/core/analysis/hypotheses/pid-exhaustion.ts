// Cause `pid-exhaustion` (DESIGN.md section 3): a process could not fork or start a thread
// because a limit on tasks was reached: a cgroup's pids.max (the kernel says `cgroup: fork
// rejected by pids controller in <cgroup>`, once per cgroup; later rejections only raise
// pids.events), or the node's kernel.pid_max / kernel.threads-max, or RLIMIT_NPROC. Programs
// report the EAGAIN in their own words (`fork: Resource temporarily unavailable`, `pthread_create
// failed`, Go's `failed to create new OS thread`), which does not say which limit. The kubelet's
// PID-pressure eviction says the node ran short. Children: a cgroup's pids.max vs the node's.
import { gap } from '../commands.ts';
import type { AnalysisContext } from '../context.ts';
import type { Evidence, Gap } from '../model.ts';
import type { Finding } from '../rule-schema.ts';
import type { HypothesisDraft } from '../score.ts';
import { oomKillAgainst } from './kills.ts';
import type { HypothesisModule } from './module.ts';
import { evictionResource } from './shared.ts';

const W = {
  joined: 0.9,
  lone: 0.8,
  near: 0.7,
  /** On this node, but untimed or away from the death. */
  node: 0.4,
  far: 0.2,
  /** EAGAIN from fork / pthread_create: a task limit, which one unknown. */
  eagain: 0.5,
  eagainLone: 0.6,
  eagainFar: 0.2,
  /** The kubelet evicting for PIDs: the node was short of them. */
  eviction: 0.5,
  /** A kernel OOM kill explains the death instead. */
  oomKill: 0.5,
  /** A cgroup's pids.max was hit: not the node's pid_max. */
  cgroupNotHost: 0.4,
} as const;

/** How near the death a limit must be hit to explain it: forks fail for a while before a crash. */
const BEFORE_S = 600;
const AFTER_S = 30;

function tie(ctx: AnalysisContext, f: Finding): 'joined' | 'lone' | 'near' | 'node' | 'far' {
  if (ctx.focus.symptomIds.length === 0) return 'lone';
  if (ctx.joinToFocus(f)) return 'joined';
  if (f.time === null || ctx.focus.time === null) return 'node';
  return ctx.nearFocus(f, BEFORE_S, AFTER_S) ? 'near' : 'far';
}

/** The kubelet's signal is `pid.available`; the pressure condition says PIDPressure. */
function isPid(f: Finding): boolean {
  return /^pids?(\.available)?$/i.test(evictionResource(f) ?? '');
}

export const pidExhaustion: HypothesisModule = {
  cause: 'pid-exhaustion',
  title: 'Out of PIDs (pids.max of a cgroup, or the node)',
  evaluate(ctx) {
    const cgroupFor: Evidence[] = [];
    const hostFor: Evidence[] = [];
    const anyFor: Evidence[] = [];
    const hostAgainst: Evidence[] = [];

    for (const f of ctx.byRule('kernel.fork-rejected')) {
      const t = tie(ctx, f);
      const j = t === 'joined' ? ctx.joinToFocus(f) : null;
      const cg = typeof f.facts.cgroup === 'string' ? f.facts.cgroup : 'a cgroup';
      const text = `The pids controller refused a fork in ${cg} (the forking task's cgroup; the pids.max hit is on it or an ancestor)${j ? `: ${j.text}` : ''}`;
      const weight = W[t];
      const e = ctx.fromFinding(f, weight, text);
      cgroupFor.push(e);
      if (t === 'joined' || t === 'lone')
        hostAgainst.push(
          ctx.fromFinding(f, W.cgroupNotHost, `A cgroup's pids.max was hit (${cg}), not the node's pid_max`),
        );
    }

    for (const f of ctx.byRule('node.pid-limit')) {
      const t = tie(ctx, f);
      const weight = t === 'lone' ? W.eagainLone : t === 'far' ? W.eagainFar : W.eagain;
      const call = typeof f.facts.call === 'string' ? f.facts.call : undefined;
      const threads = f.facts.threads;
      anyFor.push(
        ctx.fromFinding(
          f,
          weight,
          `${call ? `${call} failed with EAGAIN` : `A thread could not be created${threads !== undefined ? ` (${threads} threads already)` : ''}`}: a limit on tasks was reached (a cgroup's pids.max, RLIMIT_NPROC or the node's threads-max / pid_max)`,
        ),
      );
    }

    for (const f of ctx.byRule('kubelet.eviction').filter(isPid))
      hostFor.push(
        ctx.fromFinding(
          f,
          W.eviction,
          'The kubelet was evicting pods to reclaim PIDs: the node was short of them',
        ),
      );

    const against = oomKillAgainst(ctx, W.oomKill, 'an OOM kill explains the death');

    const uid = ctx.focusPodUid();
    const gaps: Gap[] = [
      gap(
        'pids-limits',
        `Read pids.max, pids.current and pids.events of the ${uid ? `pod ${ctx.focusPod() ?? uid}` : 'containers'}: \`max\` above 0 in pids.events means forks were refused there.`,
        uid
          ? ctx.cmd.pidsLimits(uid)
          : // No pod to narrow to: every cgroup whose pids.events counted a refusal.
            `find /sys/fs/cgroup -name pids.events -exec grep -H max {} + | grep -v ' 0$'`,
        ['pid-exhaustion'],
        'cgroup-files',
      ),
      gap(
        'pid-max',
        'Read the node limits and the number of tasks: kernel.pid_max and threads-max against the threads running.',
        ctx.cmd.pidsLimits(undefined),
        ['pid-exhaustion'],
      ),
    ];

    const children: HypothesisDraft[] = [
      {
        id: 'pid-exhaustion/cgroup',
        title: "A cgroup's pids.max (the container's, the pod's, or a parent such as a node container's)",
        for: cgroupFor,
        against: [],
        gaps: [gaps[0]],
      },
      {
        id: 'pid-exhaustion/host',
        title: "The node's limits (kernel.pid_max, kernel.threads-max)",
        for: hostFor,
        against: hostAgainst,
        gaps: [gaps[1]],
      },
    ];

    return {
      title: 'Out of PIDs (pids.max of a cgroup, or the node)',
      for: [...cgroupFor, ...hostFor, ...anyFor],
      against,
      gaps,
      explains: ctx.focus.symptomIds,
      children,
    };
  },
};
