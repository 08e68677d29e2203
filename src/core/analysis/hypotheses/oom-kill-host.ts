// Cause `oom-kill-host` (DESIGN.md section 3): the node ran out of memory and the kernel's
// global OOM killer picked the victim: `Out of memory: Killed process ...` without `Memory
// cgroup`, `oom-kill:constraint=CONSTRAINT_NONE,...,global_oom` (5.0+), `Out of memory: Kill
// process ... or sacrifice child` (<= 5.0). The kubelet's memory-pressure evictions say the node
// was short of memory too, though they stop pods instead of killing them. A memory-cgroup kill of
// the same death argues against this cause (and the other way round in oom-kill-cgroup.ts); the
// kills are grouped there, once, and weighed here by the other scope.
import { gap } from '../commands.ts';
import type { Evidence, Gap } from '../model.ts';
import type { Finding } from '../rule-schema.ts';
import { killText, type WeighedKill, weighedKills } from './kills.ts';
import type { HypothesisModule } from './module.ts';
import * as oom from './oom-evidence.ts';
import { evictionResource } from './shared.ts';

/** This cause's own weights; the kills' are oom.W (oom-evidence.ts). */
const W = {
  /** A memory-pressure eviction near the death or in a lone paste: the node was short of memory. */
  eviction: 0.5,
  evictionFar: 0.15,
} as const;

/** `memory` (pod status message), `memory.available` / `allocatableMemory.available` (signals). */
function isMemory(f: Finding): boolean {
  return /memory/i.test(evictionResource(f) ?? '');
}

export const oomKillHost: HypothesisModule = {
  cause: 'oom-kill-host',
  title: 'Node out of memory (global OOM killer)',
  evaluate(ctx) {
    const kills = weighedKills(ctx);
    const mine = kills.filter((w) => w.kill.scope === 'global' && w.kill.victimKnown);
    const unscoped = kills.filter((w) => w.kill.scope === undefined);
    const memcg = kills.filter((w) => w.kill.scope === 'memcg' && w.kill.victimKnown);
    const lone = ctx.focus.symptomIds.length === 0;
    const forItems: Evidence[] = [];
    const against: Evidence[] = [];

    forItems.push(
      ...oom.scopedKillEvidence(
        mine,
        unscoped,
        'the lines do not say whether the node or a cgroup limit ran out',
      ),
    );

    for (const f of ctx.byRule('kubelet.eviction').filter(isMemory)) {
      const near = lone || (f.time !== null && ctx.focus.time !== null && ctx.nearFocus(f, 600, 60));
      forItems.push(
        ctx.fromFinding(
          f,
          near ? W.eviction : W.evictionFar,
          'The kubelet was evicting pods to reclaim memory: the node was short of memory (under that pressure the kernel OOM killer may act first)',
        ),
      );
    }

    forItems.push(...oom.exit137Evidence(ctx, 'OOM killer'));

    // The same death by a memory-cgroup kill: a limit was hit, the node need not have run out.
    against.push(
      ...oom.otherScopeAgainst(
        mine,
        unscoped,
        memcg,
        (w) => `${killText(w)}: a memory cgroup's limit, not the node, ran out`,
        (w) => `The only OOM kills in the inputs are at a memory cgroup limit (${w.what})`,
      ),
    );

    // A kernel log over the death without a node-wide OOM line: a cgroup's kill there (already
    // against above) or no kill at all.
    const noGlobal =
      mine.length === 0 && unscoped.length === 0
        ? memcg.some((w) => w.tie === 'joined')
          ? null
          : oom.noOomLine(
              ctx,
              'kernel-global-oom',
              '`Out of memory: Killed process`, `oom-kill:constraint=CONSTRAINT_NONE` or `invoked oom-killer` lines',
              oom.W.absence,
              'The kernel log covers the death and has no OOM killer line within a minute before it',
            )
        : null;
    if (noGlobal) against.push(noGlobal);

    against.push(...oom.userspaceAgainst(ctx, mine));

    const gaps: Gap[] = [
      ...oom.kernelGaps(ctx),
      gap(
        'host-memory',
        'Read the node memory now and its history (MemAvailable, Committed_AS, swap): a node short of memory makes a global OOM plausible.',
        ctx.cmd.hostMemory(),
        ['oom-kill-host'],
      ),
      oom.memoryEventsGap(ctx),
    ];

    const best: WeighedKill | undefined =
      mine.find((w) => w.tie === 'joined') ?? mine.find((w) => w.tie === 'lone');
    return {
      title: 'Node out of memory (global OOM killer)',
      for: forItems,
      against,
      gaps,
      ...(best && against.length === 0 ? { reason: `${killText(best)}.` } : {}),
      explains: ctx.focus.symptomIds,
      children: oom.roleChildren('oom-kill-host', mine),
    };
  },
};
