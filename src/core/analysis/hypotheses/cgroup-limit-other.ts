// Cause `cgroup-limit-other` (DESIGN.md section 3): a cgroup limit other than the memory OOM
// kill stopped the container. The one the inputs can show is ENOSPC while creating a cgroup:
// `mkdir /sys/fs/cgroup/memory/docker/<id>: no space left on device` is not a full disk but the
// kernel's limit on the number of cgroups (65535 memory cgroup ids, leaked by dead containers:
// moby#29638; kmem accounting of older kernels gives it too). A full pids.max is pid-exhaustion,
// a memory limit is oom-kill-cgroup, and CPU throttling slows a container but kills nothing.
import { gap, shq } from '../commands.ts';
import type { Evidence, Gap } from '../model.ts';
import { oomKillAgainst } from './kills.ts';
import type { HypothesisModule } from './module.ts';

const W = {
  joined: 0.9,
  lone: 0.8,
  /** On this node, not tied to the focus: creating cgroups fails here, for someone. */
  node: 0.5,
  /** A kernel OOM kill explains the death instead. */
  oomKill: 0.5,
} as const;

/** A path in the cgroup filesystem: `/sys/fs/cgroup/memory/docker/9f70e4294eb6...`. */
const CGROUP_PATH = /^\/sys\/fs\/cgroup\//;

export const cgroupLimitOther: HypothesisModule = {
  cause: 'cgroup-limit-other',
  title: 'Another cgroup limit (cgroup count, kernel memory): ENOSPC creating a cgroup',
  evaluate(ctx) {
    const lone = ctx.focus.symptomIds.length === 0;
    const forItems: Evidence[] = [];
    for (const f of ctx.byRule('node.no-space-left')) {
      const path = typeof f.facts.path === 'string' ? f.facts.path : undefined;
      if (!path || !CGROUP_PATH.test(path)) continue;
      // The path names the container being created (`.../docker/<id>`): a join when it is the focus.
      const j = lone ? null : ctx.joinToFocus({ ...f, facts: { cgroup: path } });
      const op = typeof f.facts.op === 'string' ? f.facts.op : 'creating';
      forItems.push(
        ctx.fromFinding(
          f,
          j ? W.joined : lone ? W.lone : W.node,
          `${op} ${path} failed with \`no space left on device\`: the cgroup filesystem is not a disk, so the kernel refused a new cgroup (the limit on the number of cgroups, 65535 memory cgroup ids, or kernel-memory accounting)${j ? `; ${j.text}` : ''}`,
        ),
      );
    }

    const against = oomKillAgainst(ctx, W.oomKill, 'an OOM kill explains the death');

    const uid = ctx.focusPodUid();
    const gaps: Gap[] = [
      // Inline (commands.ts has no builder for it): the num_cgroups column of /proc/cgroups
      // against the kernel's 65535 limit per hierarchy, and the directories that hold them.
      gap(
        'cgroup-count',
        'Count the cgroups: the third column of /proc/cgroups near 65535 for memory, or far more memory cgroups than containers, means leaked cgroups and ENOSPC on the next mkdir.',
        'cat /proc/cgroups; find /sys/fs/cgroup -type d | wc -l',
        ['cgroup-limit-other'],
      ),
      // Inline: every limit file of the pod's cgroups that counts a refusal or a throttle.
      gap(
        'cgroup-events',
        `Read the limit counters of the ${uid ? `pod ${ctx.focusPod() ?? uid}` : 'containers'}'s cgroups (memory.events, pids.events, cpu.stat): a counter that grew at the death names the limit.`,
        uid
          ? `find /sys/fs/cgroup -path ${shq(`*${uid.replace(/-/g, '?')}*`)} \\( -name memory.events -o -name pids.events -o -name cpu.stat \\) -exec grep -H . {} +`
          : `find /sys/fs/cgroup/kubepods* \\( -name memory.events -o -name pids.events \\) -exec grep -H -E 'max|oom' {} + | grep -v ' 0$'`,
        ['cgroup-limit-other', 'oom-kill-cgroup', 'pid-exhaustion'],
        'cgroup-files',
      ),
    ];

    return {
      title: 'Another cgroup limit (cgroup count, kernel memory): ENOSPC creating a cgroup',
      for: forItems,
      against,
      gaps,
      explains: ctx.focus.symptomIds,
    };
  },
};
