// Cause `kernel-hang`: the kernel stalled or went down under the containers. A task stuck in D
// state (`INFO: task X:pid blocked for more than N seconds`, corpus systemd-23638), a CPU stuck
// in kernel code (soft / hard lockup), a panic: shims stop answering, containerd loses them,
// the kubelet's PLEG goes unhealthy, and a panic or a hard lockup usually ends in a reboot. The
// kernel reports all of these itself, so a kernel log that covers the death without them is
// good evidence against.
import { gap } from '../commands.ts';
import type { AnalysisContext } from '../context.ts';
import type { CauseId, Evidence } from '../model.ts';
import type { Finding } from '../rule-schema.ts';
import type { HypothesisDraft } from '../score.ts';
import { oomKillAgainst } from './kills.ts';
import type { HypothesisModule } from './module.ts';
import { placedGroup, symptomIdsOf, type Weights } from './shared.ts';

const CAUSE: CauseId = 'kernel-hang';
const TITLE = 'The kernel hung, locked up or panicked';

/**
 * A hung task is reported after hung_task_timeout_secs (120 s) of blocking and again every
 * period; a stall that ended the container may be reported minutes before or after its death.
 */
const BEFORE = 600;
const AFTER = 300;

/** A hung task or a soft lockup: the kernel states a stall. */
const STALL: Weights = { joined: 0.9, near: 0.7, untimed: 0.55, unfocused: 0.75, far: 0.15 };
/** A hard lockup: the CPU took no interrupts; usually a panic or a reboot follows. */
const HARD: Weights = { joined: 0.9, near: 0.75, untimed: 0.6, unfocused: 0.8, far: 0.2 };
/** A panic: the node went down, every container with it. */
const PANIC: Weights = { joined: 0.9, near: 0.85, untimed: 0.6, unfocused: 0.85, far: 0.2 };
/** A panic on OOM (panic_on_oom): a hint here, the cause is the host's memory. */
const OOM_PANIC: Weights = { joined: 0.4, near: 0.4, untimed: 0.3, unfocused: 0.4, far: 0.1 };
/** The kubelet's PLEG stuck: a slow runtime or host, a symptom shared with a deadlocked runtime. */
const PLEG: Weights = { joined: 0.3, near: 0.3, untimed: 0.2, unfocused: 0.3, far: 0 };

/** One item per kind of stall, weighed by its best line's place (several reports of one stall are one). */
function group(
  ctx: AnalysisContext,
  findings: readonly Finding[],
  weights: Weights,
  say: (f: Finding) => string,
): Evidence[] {
  return placedGroup(ctx, findings, { before: BEFORE, after: AFTER, weights }, say);
}

/** A boot banner (`Linux version ...`) after a stall or after the death: the node came back from a crash. */
function rebootAfter(ctx: AnalysisContext, stalls: readonly Finding[]): Evidence[] {
  const out: Evidence[] = [];
  for (const f of ctx.byRule('node.reboot')) {
    // Shutdown lines (`System is rebooting`, `reboot: Restarting system`) are a requested reboot:
    // a person or automation, not a hang. Only the banner of a new boot counts.
    if (typeof f.facts.release !== 'string' || f.time === null) continue;
    const t = f.time;
    const afterStall = stalls.some((s) => s.time !== null && t > s.time && t - s.time <= 3600e6);
    const secs = ctx.secondsFromFocus(f);
    const afterDeath = secs !== null && secs >= 0 && secs <= 900;
    if (!afterStall && !afterDeath) continue;
    out.push(
      ctx.fromFinding(
        f,
        0.3,
        `the node booted again (${f.facts.release}) ${afterStall ? 'after the stall' : 'right after the death'}: a crash, panic or watchdog reboot if no shutdown lines precede it`,
      ),
    );
    break;
  }
  return out;
}

export const kernelHang: HypothesisModule = {
  cause: CAUSE,
  title: TITLE,
  evaluate(ctx) {
    const hung = ctx.byRule('kernel.hung-task');
    const soft = ctx.byRule('kernel.soft-lockup');
    const hard = ctx.byRule('kernel.hard-lockup');
    const panics = ctx.byRule('kernel.panic');

    const hungTask = group(
      ctx,
      hung,
      STALL,
      (f) =>
        `task ${f.facts.comm} (pid ${f.facts.pid}) was blocked in D state for more than ${f.facts.seconds} s: the kernel stalled on I/O, a filesystem or a frozen cgroup`,
    );
    const lockup = [
      ...group(
        ctx,
        soft,
        STALL,
        (f) =>
          `soft lockup: CPU ${f.facts.cpu} was stuck in kernel code for ${f.facts.seconds} s (${f.facts.comm}, pid ${f.facts.pid})`,
      ),
      ...group(
        ctx,
        hard,
        HARD,
        (f) => `hard lockup on CPU ${f.facts.cpu}: it stopped taking interrupts (NMI watchdog)`,
      ),
    ];
    // `Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled`, or
    // `System is deadlocked on memory`: the node went down of memory, the panic is how, the OOM
    // is why (oom-kill-host); such a panic counts as a hint here.
    const oomPanic = (f: Finding) => /out of memory|deadlocked on memory/i.test(String(f.facts.reason));
    const panic = [
      ...group(
        ctx,
        panics.filter((f) => !oomPanic(f)),
        PANIC,
        (f) => `kernel panic (\`${f.facts.reason}\`): the node went down and every container with it`,
      ),
      ...group(
        ctx,
        panics.filter(oomPanic),
        OOM_PANIC,
        (f) => `kernel panic (\`${f.facts.reason}\`): the node went down of an OOM (oom-kill-host)`,
      ),
      ...rebootAfter(ctx, [...hung, ...soft, ...hard, ...panics]),
    ];
    const pleg = group(
      ctx,
      ctx.byRule('kubelet.pleg-unhealthy'),
      PLEG,
      (f) =>
        `the kubelet's PLEG was unhealthy${f.facts.lastSeen ? ` (last active ${f.facts.lastSeen} ago)` : ''}: the runtime did not answer its relist, as on a hung host (or a deadlocked runtime)`,
    );

    const against: Evidence[] = [];
    const forItems = [...hungTask, ...lockup, ...panic, ...pleg];
    const stalled = hungTask.length + lockup.length + panic.length > 0;
    against.push(...oomKillAgainst(ctx, 0.5, 'that, not a kernel stall, ended it'));
    if (!stalled) {
      const a = ctx.absence(
        'kernel-stall',
        'kernel',
        '`blocked for more than`, `soft lockup`, `hard LOCKUP`, `Kernel panic`',
        BEFORE,
        AFTER,
        0.7,
        'the kernel log covers the death and reports no hung task, lockup or panic',
      );
      if (a) against.push(a);
    }

    const settles: CauseId[] = [CAUSE];
    const wanted = forItems.length > 0 || against.length === 0;
    const [from, to] = ctx.timeWindow(BEFORE, AFTER);
    const hungGap = gap(
      'hung-tasks',
      'Search the kernel log for hung tasks, lockups and panics around the death.',
      ctx.cmd.hungTasks(),
      settles,
    );
    const kernelLog = ctx.covering('kernel', BEFORE, AFTER).length
      ? []
      : [
          gap(
            'kernel-log',
            'Collect the kernel log around the death (OOM kills, hung tasks, lockups all show there).',
            ctx.cmd.kernelLog(from, to),
            settles,
            'journalctl-short-iso-precise',
          ),
        ];
    // Inline (no builder in commands.ts): a panic is logged in the boot that died; the journal
    // keeps it only as the previous boot's tail (when it made it to disk at all).
    const previousBoot = gap(
      'previous-boot',
      "Read the end of the previous boot's kernel log and the boot list: a panic or watchdog reboot ends it without shutdown lines.",
      'journalctl --list-boots | tail -3; TZ=UTC journalctl -k -b -1 -o short-iso-precise | tail -60',
      settles,
      'journalctl-short-iso-precise',
    );
    const children: HypothesisDraft[] = [
      {
        id: `${CAUSE}/hung-task`,
        title: 'A task hung in D state (I/O, filesystem, frozen cgroup)',
        for: hungTask,
        against: [...against],
        gaps: wanted ? [hungGap] : [],
      },
      {
        id: `${CAUSE}/lockup`,
        title: 'A CPU locked up (soft or hard lockup)',
        for: lockup,
        against: [...against],
        gaps: wanted ? [hungGap] : [],
      },
      {
        id: `${CAUSE}/panic`,
        title: 'The kernel panicked and the node rebooted',
        for: panic,
        against: [...against],
        gaps: wanted ? [previousBoot] : [],
      },
    ];
    return {
      title: TITLE,
      for: forItems,
      against,
      gaps: wanted ? [hungGap, ...kernelLog] : [],
      children,
      explains: symptomIdsOf(ctx, ['shim-died', 'container-unknown', 'task-missing', 'exit-137']),
    };
  },
};
