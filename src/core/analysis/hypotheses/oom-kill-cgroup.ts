// Cause `oom-kill-cgroup` (DESIGN.md section 3): the kernel's OOM killer killed a process because
// a memory cgroup (a container's, a pod's, kubepods') hit its limit. The kills are grouped once
// in kills.ts (one kill from all the lines of its report, in dmesg and journalctl -k alike) and
// weighed here by their scope: a memcg kill is for this cause, a node-wide kill of the same death
// against it (oom-kill-host weighs the same kills the other way round, oom-evidence.ts holds what
// both weigh alike). The children say *what* was killed: the containerd shim of a focus sandbox
// (the seed's case: the container goes Unknown, containerd reports a synthetic 137) or the
// container's own process.
import type { Evidence, Gap } from '../model.ts';
import { killText, OOM_AFTER_S, OOM_BEFORE_S, SAME_KILL_S, weighedKills } from './kills.ts';
import type { HypothesisModule } from './module.ts';
import * as oom from './oom-evidence.ts';
import { str, unitJoin } from './shared.ts';

/** This cause's own weights; the kills' are oom.W (oom-evidence.ts). */
const W = {
  /** OOMKilled from the runtime or kubelet without a kernel line: it suggests a cgroup OOM. */
  oomKilled: 0.5,
  /** The same, beside the kernel's kill line for the focus: a second witness of one kill. */
  oomKilledWithKernel: 0.3,
  /** A unit's `Failed with result 'oom-kill'`: an OOM kill in its cgroup, of either scope (or systemd-oomd). */
  unit: 0.5,
  unitFar: 0.15,
  /** Restarts under a memory limit with no reason shown: it suggests kills at the limit. */
  restartsUnderLimit: 0.5,
} as const;

export const oomKillCgroup: HypothesisModule = {
  cause: 'oom-kill-cgroup',
  title: 'Kernel OOM killer at a memory cgroup limit',
  evaluate(ctx) {
    const kills = weighedKills(ctx);
    const mine = kills.filter((w) => w.kill.scope === 'memcg');
    const unscoped = kills.filter((w) => w.kill.scope === undefined);
    const other = kills.filter((w) => w.kill.scope === 'global' && w.kill.victimKnown);
    const forItems: Evidence[] = [];
    const against: Evidence[] = [];

    forItems.push(
      ...oom.scopedKillEvidence(
        mine,
        unscoped,
        'the lines do not say whether a cgroup limit or the whole node ran out (kernels before 5.0 print the scope on a line that is missing here)',
      ),
    );

    // OOMKilled (kubelet, crictl / kubectl state): the runtime saw an OOM kill in the container's
    // cgroup; the exit code may be 1 or 128 as well as 137.
    for (const s of ctx.symptomsOf('oom-killed')) {
      const code = s.facts.exitCode;
      const odd =
        code !== undefined && Number(code) !== 137
          ? ` (exit code ${code}: an OOMKilled container may report 1 or 128)`
          : '';
      forItems.push(
        ctx.fromSymptom(
          s,
          mine.some((w) => w.tie === 'joined') ? W.oomKilledWithKernel : W.oomKilled,
          `${s.title}${odd}: the runtime saw the kernel kill a process of its cgroup for memory, which usually means the cgroup's limit`,
        ),
      );
    }

    // A container that keeps restarting under a memory limit, with no reason shown (kubectl
    // describe prints the OOMKilled reason only under Last State, and older ones not at all).
    for (const s of ctx.symptomsOf('restarts')) {
      const limit = s.facts.memoryLimit;
      if (typeof limit !== 'string') continue;
      const n = Number(s.facts.attempt ?? s.facts.restartCount ?? 0);
      forItems.push(
        ctx.fromSymptom(
          s,
          n >= 2 ? W.restartsUnderLimit : W.restartsUnderLimit - 0.1,
          `${s.title}${n > 0 ? ` (restart count ${n})` : ''} under a memory limit of ${limit} and nothing in the inputs says why: a container killed again and again at its limit looks like this`,
        ),
      );
    }

    // systemd-oomd's kills end in the same `Failed with result 'oom-kill'` since v251: a unit
    // that oomd names is its kill, not the kernel's.
    const oomdUnits = ctx
      .byRule('systemd.oomd-killed')
      .map((f) => str(f, 'unit') ?? str(f, 'cgroup')?.split('/').pop())
      .filter((u): u is string => u !== undefined);
    // A kernel kill line of the same seconds says the same kill better (it gives the scope).
    const killTimes = kills
      .filter((w) => w.kill.victimKnown && w.kill.time !== null)
      .map((w) => w.kill.time as number);
    for (const f of ctx.byRule('systemd.unit-oom-kill', 'systemd.oom-killer-process')) {
      if (oomdUnits.includes(str(f, 'unit') ?? '')) continue;
      const t = f.time;
      if (t !== null && killTimes.some((k) => Math.abs(k - t) <= SAME_KILL_S * 1e6)) continue;
      const j = unitJoin(ctx, f);
      const lone = ctx.focus.symptomIds.length === 0;
      const near = f.time !== null && ctx.focus.time !== null && ctx.nearFocus(f, OOM_BEFORE_S, OOM_AFTER_S);
      const weight = j || lone || near ? W.unit : W.unitFar;
      forItems.push(
        ctx.fromFinding(
          f,
          weight,
          `systemd says a process of ${str(f, 'unit') ?? 'a unit'} was OOM-killed${j ? ` (${j.text})` : ''}; it does not say whether the unit's limit or the node ran out`,
        ),
      );
    }

    forItems.push(...oom.exit137Evidence(ctx, 'OOM killer'));

    // The death by the node-wide killer: not a cgroup's limit.
    against.push(
      ...oom.otherScopeAgainst(
        mine,
        unscoped,
        other,
        (w) => `${killText(w)}: the node ran out of memory, not a cgroup`,
        (w) => `The only OOM kills in the inputs are node-wide (${w.what})`,
      ),
    );

    const noLine = oom.noOomLine(
      ctx,
      'kernel-oom',
      '`Killed process`, `oom-kill:`, `invoked oom-killer` or `oom_reaper` lines',
      oom.W.absence,
      'The kernel log covers the death and has no OOM killer line within a minute before it',
    );
    if (noLine) against.push(noLine);

    against.push(...oom.userspaceAgainst(ctx, mine));

    const gaps: Gap[] = [...oom.kernelGaps(ctx), oom.memoryEventsGap(ctx)];

    const best = mine.find((w) => w.tie === 'joined') ?? mine.find((w) => w.tie === 'lone');
    const uncovered =
      ctx.focus.symptomIds.length > 0 && ctx.covering('kernel', OOM_BEFORE_S, OOM_AFTER_S).length === 0;
    const reason =
      best && against.length === 0
        ? `${killText(best)}.`
        : kills.length === 0 && uncovered && !forItems.some((e) => e.weight >= W.oomKilled)
          ? `No kernel log covers the death, so an OOM kill can be neither seen nor ruled out${forItems.length > 0 ? ' (the other items are only hints)' : ''}; collect the kernel log.`
          : undefined;

    return {
      title: 'Kernel OOM killer at a memory cgroup limit',
      for: forItems,
      against,
      gaps,
      ...(reason ? { reason } : {}),
      explains: ctx.focus.symptomIds,
      children: oom.roleChildren('oom-kill-cgroup', mine),
    };
  },
};
