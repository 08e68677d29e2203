// What the two kernel OOM causes (oom-kill-cgroup, oom-kill-host) weigh alike: the kills of their
// scope (kills.ts groups them), exit 137, a kernel log over the death without an OOM line, a
// userspace killer that explains the death instead, the kernel-log and memory.events gaps, and
// the children by what was killed (the shim or the container's own process). Each cause reads
// the same kills with its own scope and the other scope against it.
import { journalTime } from '../commands.ts';
import type { AnalysisContext } from '../context.ts';
import type { Evidence, Gap } from '../model.ts';
import type { HypothesisDraft } from '../score.ts';
import {
  focusOomKill,
  killEvidence,
  killText,
  OOM_AFTER_S,
  OOM_BEFORE_S,
  oomKills,
  userspaceKill,
  type WeighedKill,
} from './kills.ts';

/** Weights (brief: 0.9 states it for the focus, 0.7-0.8 on the node near the time or a lone paste). */
export const W = {
  joined: 0.9,
  lone: 0.8,
  near: 0.7,
  /** A kill on the node at another time or of another container: limits are being hit here. */
  far: 0.15,
  elsewhere: 0.1,
  /** A kill without a scope (an old kernel's bare `Killed process` line): either cause. */
  unscoped: 0.3,
  /** A report cut before its kill line: the OOM killer ran, whom it killed and why is unknown. */
  cut: 0.15,
  exitPlain: 0.2,
  exitSynthetic: 0.1,
  /** The same kill by the other scope's killer, for the focus. */
  otherScope: 0.6,
  /** Only the other scope's kills in a lone paste. */
  otherScopeLone: 0.5,
  absence: 0.7,
  userspace: 0.5,
  /** Child: the kill reached the focus but as the other role (shim vs container). */
  otherRole: 0.6,
  /** Child: a victim named containerd-shim that no pid owner ties to a sandbox. */
  shimByName: 0.6,
} as const;

/** What weight a kill of this cause's scope gets by how it ties to the focus. */
function tieWeight(w: WeighedKill): number {
  if (!w.kill.victimKnown) return W.cut;
  if (w.elsewhere) return W.elsewhere;
  return w.tie === 'joined' ? W.joined : w.tie === 'lone' ? W.lone : w.tie === 'near' ? W.near : W.far;
}

/** The kills of a cause's scope, and the kills without a scope (either cause), as evidence for it. */
export function scopedKillEvidence(
  mine: readonly WeighedKill[],
  unscoped: readonly WeighedKill[],
  unscopedNote: string,
): Evidence[] {
  return [
    ...mine.map((w) => killEvidence(w, tieWeight(w), killText(w))),
    ...unscoped.map((w) =>
      killEvidence(w, w.kill.victimKnown ? W.unscoped : W.cut, `${killText(w)}; ${unscopedNote}`),
    ),
  ];
}

/** Exit 137 symptoms: a SIGKILL happened (weak when containerd made it up after a dead shim). */
export function exit137Evidence(ctx: AnalysisContext, cause: string): Evidence[] {
  return ctx
    .symptomsOf('exit-137')
    .map((s) =>
      s.facts.synthetic === 'yes'
        ? ctx.fromSymptom(
            s,
            W.exitSynthetic,
            `${s.title}: containerd reports 128+SIGKILL itself after cleaning up a dead shim (containerd#8381), so it only hints that something was killed`,
          )
        : ctx.fromSymptom(s, W.exitPlain, `${s.title}: a SIGKILL, as the ${cause} would send`),
    );
}

/** A userspace OOM killer that killed here, unless a kill of this cause's scope reaches the focus. */
export function userspaceAgainst(ctx: AnalysisContext, mine: readonly WeighedKill[]): Evidence[] {
  const us = userspaceKill(ctx);
  if (!us || mine.some((w) => w.tie === 'joined')) return [];
  return [
    ctx.fromFinding(
      us,
      W.userspace,
      'A userspace OOM killer killed here: its kills leave no kernel OOM line and it is the manual-or-automation cause',
    ),
  ];
}

/** Kernel OOM lines within the death window (any scope), or untimed ones (which may be in it). */
function oomLinesNearFocus(ctx: AnalysisContext): boolean {
  return oomKills(ctx).some(
    (k) =>
      k.time === null ||
      ctx.focus.time === null ||
      (k.time >= ctx.focus.time - OOM_BEFORE_S * 1e6 && k.time <= ctx.focus.time + OOM_AFTER_S * 1e6),
  );
}

/**
 * Negative evidence shared by both OOM causes: a kernel log covers the death window and has no
 * OOM line in it. Null when no kernel log covers the window (then it is a gap) or when one is there.
 */
export function noOomLine(
  ctx: AnalysisContext,
  id: string,
  searched: string,
  weight: number,
  text: string,
): Evidence | null {
  if (oomLinesNearFocus(ctx)) return null;
  return ctx.absence(id, 'kernel', searched, OOM_BEFORE_S, OOM_AFTER_S, weight, text);
}

/** The kernel-log gaps of both OOM causes: only when no kernel log covers the death window. */
export function kernelGaps(ctx: AnalysisContext): Gap[] {
  if (ctx.covering('kernel', OOM_BEFORE_S, OOM_AFTER_S).length > 0) return [];
  const [from, to] = ctx.timeWindow(OOM_BEFORE_S, OOM_AFTER_S);
  const when = from !== null && to !== null ? ` from ${journalTime(from)} to ${journalTime(to)} UTC` : '';
  return [
    {
      id: 'kernel-log',
      ask: `Collect the kernel log${when}: a \`Killed process\` line there decides an OOM kill (its \`Memory cgroup out of memory\` prefix or \`oom-kill:constraint=\` says cgroup or node), and its absence argues against one.`,
      command: ctx.cmd.kernelLog(from, to),
      settles: ['oom-kill-cgroup', 'oom-kill-host'],
      format: 'journalctl-short-iso-precise',
    },
    {
      id: 'dmesg-oom',
      ask: 'If the journal does not keep kernel messages, read the ring buffer for OOM reports (it survives until the next reboot or until it wraps).',
      command: ctx.cmd.dmesgOom(),
      settles: ['oom-kill-cgroup', 'oom-kill-host'],
      format: 'dmesg-ctime',
    },
  ];
}

/** The memory.events gap: `oom` counts limit hits of that cgroup, `oom_kill` its kills. */
export function memoryEventsGap(ctx: AnalysisContext): Gap {
  // The limit a kill of the focus names is the cgroup to read; else the pod's (found by its UID).
  const memcg = focusOomKill(ctx)?.kill.limitCgroup;
  return {
    id: 'memory-events',
    ask: `Read memory.events of the ${memcg ? `cgroup ${memcg}` : `pod ${ctx.focusPod() ?? 'that died'}`}: \`oom\` above 0 means its limit was hit (a cgroup OOM), \`oom_kill\` above 0 with \`oom\` at 0 points to a node-wide OOM.`,
    command: ctx.cmd.memoryEvents(ctx.focusPodUid(), memcg),
    settles: ['oom-kill-cgroup', 'oom-kill-host'],
    format: 'cgroup-files',
  };
}

/** The children by what was killed: the shim of a focus sandbox, or the container's own process. */
export function roleChildren(
  cause: 'oom-kill-cgroup' | 'oom-kill-host',
  kills: WeighedKill[],
): HypothesisDraft[] {
  const child = (role: 'shim' | 'container', title: string): HypothesisDraft => {
    const mine = kills.filter((w) => w.role === role && w.kill.victimKnown);
    const others = kills.filter((w) => w.role !== undefined && w.role !== role && w.kill.victimKnown);
    // A `containerd-shim` comm that no pid owner confirms is a shim, but whose is not known.
    const forItems = mine.map((w) =>
      killEvidence(
        w,
        role === 'shim' && !w.join && !w.owner ? Math.min(tieWeight(w), W.shimByName) : tieWeight(w),
        killText(w),
      ),
    );
    const victim = (w: WeighedKill) =>
      [w.kill.pid ? `pid ${w.kill.pid}` : undefined, w.kill.comm ? `(${w.kill.comm})` : undefined]
        .filter((x) => x !== undefined)
        .join(' ');
    // Another role's kill for the focus (or in a lone paste) says this one was not what died.
    const against =
      mine.length === 0
        ? others
            .filter((w) => w.tie === 'joined' || w.tie === 'lone')
            .map((w) =>
              killEvidence(
                w,
                W.otherRole,
                `The victim ${victim(w)} is ${role === 'shim' ? 'not a containerd shim' : 'the containerd shim, not a process of the container'}`,
              ),
            )
        : [];
    return { id: `${cause}/${role}`, title, for: forItems, against, gaps: [] };
  };
  return [
    child(
      'shim',
      'The containerd shim was the victim: the container loses its shim, goes Unknown and containerd reports a synthetic exit 137',
    ),
    child('container', "The container's own process was the victim (its init or a child)"),
  ];
}

/**
 * The same death by the other scope's killer, against this cause: only when no kill of this
 * scope reaches the focus too (then the inputs hold several deaths, each with its own kill: the
 * generator's node has three). In a lone paste, kills of the other scope alone argue against it.
 */
export function otherScopeAgainst(
  mine: readonly WeighedKill[],
  unscoped: readonly WeighedKill[],
  other: readonly WeighedKill[],
  joinedText: (w: WeighedKill) => string,
  loneText: (w: WeighedKill) => string,
): Evidence[] {
  const out: Evidence[] = [];
  if (!mine.some((w) => w.tie === 'joined'))
    for (const w of other) if (w.tie === 'joined') out.push(killEvidence(w, W.otherScope, joinedText(w)));
  if (mine.length === 0 && !unscoped.some((w) => w.kill.victimKnown) && other.some((w) => w.tie === 'lone'))
    out.push(killEvidence(other[0], W.otherScopeLone, loneText(other[0])));
  return out;
}
