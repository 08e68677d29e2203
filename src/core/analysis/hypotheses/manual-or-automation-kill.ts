// Cause `manual-or-automation-kill`: something in userspace decided to kill the container or its
// shim. A person (`kill -9`, `systemctl kill`), a script, or automation: a userspace OOM killer
// (systemd-oomd, earlyoom, Talos' OOM controller), the kubelet (pod deletion, probe, eviction),
// systemd tearing a unit down. None of these leaves a kernel OOM line, and a bare `kill -9`
// leaves no line at all, so this cause often rests on gaps (audit records, shell history).
//
// The helpers exported at the top (placement of a finding relative to the incident, grouping of
// repeated lines, the kernel OOM kill of the focus) are shared by the fd-exhaustion, disk-full
// and kernel-hang modules, so the four weigh "near the focus" the same way.
import { gap } from '../commands.ts';
import type { AnalysisContext, FocusJoin } from '../context.ts';
import type { CauseId, Evidence } from '../model.ts';
import type { Finding } from '../rule-schema.ts';
import type { HypothesisDraft } from '../score.ts';
import { type Symptom, sameContainer } from '../symptoms.ts';
import type { HypothesisModule } from './module.ts';

// ---- shared by this family of modules ---------------------------------------------------------

/**
 * Where a finding stands relative to the incident, which decides how much its line counts
 * (brief's weights): it names the focus (`joined`), it is on the node near the focus time
 * (`near`), the incident has no focus at all (a lone dmesg paste: the line is the incident,
 * `unfocused`), the line or the focus has no time (`untimed`), or it is far from the focus time.
 */
export type Placement = 'joined' | 'near' | 'untimed' | 'unfocused' | 'far';
export type Weights = Record<Placement, number>;

/** Whether the symptoms name anyone or any time: without that every line is "the incident". */
export function hasFocus(ctx: AnalysisContext): boolean {
  const f = ctx.focus;
  return f.containers.length + f.sandboxes.length + f.pods.length > 0 || f.time !== null;
}

export function placementOf(
  ctx: AnalysisContext,
  f: Finding,
  before: number,
  after: number,
  join: FocusJoin | null = ctx.joinToFocus(f),
): { where: Placement; join: FocusJoin | null } {
  const secs = ctx.secondsFromFocus(f);
  const inWindow = secs === null || (secs >= -before && secs <= after);
  if (join && inWindow) return { where: 'joined', join };
  if (!hasFocus(ctx)) return { where: 'unfocused', join: null };
  if (secs === null) return { where: 'untimed', join: null };
  return { where: inWindow ? 'near' : 'far', join: null };
}

function duration(secs: number): string {
  const a = Math.abs(secs);
  if (a < 1) return 'within a second of';
  const n =
    a < 120 ? `${Math.round(a)} s` : a < 7200 ? `${Math.round(a / 60)} min` : `${Math.round(a / 3600)} h`;
  return `${n} ${secs < 0 ? 'before' : 'after'}`;
}

/** The tail of an evidence sentence: how the line is tied to the incident. */
export function placementText(
  ctx: AnalysisContext,
  f: Finding,
  p: { where: Placement; join: FocusJoin | null },
): string {
  const secs = ctx.secondsFromFocus(f);
  switch (p.where) {
    case 'joined':
      return p.join ? `; ${p.join.text}` : '';
    case 'near':
    case 'far':
      return secs === null ? '' : `, ${duration(secs)} the first death symptom`;
    case 'untimed':
      return '; the line has no time to place it against the incident';
    default:
      return '';
  }
}

/**
 * One evidence item for several findings that say the same (the sample's kernel lines come in
 * dmesg.txt and journalctl-k.txt alike; containerd repeats an error per retry): the best one
 * decides the weight and comes first, the others' lines are listed after it.
 */
export function mergedEvidence(
  ctx: AnalysisContext,
  best: Finding,
  all: readonly Finding[],
  weight: number,
  text: string,
): Evidence {
  const e = ctx.fromFinding(best, weight, text);
  for (const f of all) for (const id of f.eventIds) if (!e.eventIds.includes(id)) e.eventIds.push(id);
  return e;
}

/** `errors.txt:1`, or `errors.txt:1 and 2 more` for a merged item. */
export function linesText(all: readonly Finding[]): string {
  const first = all[0]?.eventIds[0] ?? '';
  return all.length > 1 ? `${first} and ${all.length - 1} more` : first;
}

/** The group's strongest finding and its weight (input order breaks ties). */
export function strongest<T>(
  items: readonly T[],
  weigh: (x: T) => number,
): { item: T; weight: number } | undefined {
  let best: { item: T; weight: number } | undefined;
  for (const item of items) {
    const weight = weigh(item);
    if (!best || weight > best.weight) best = { item, weight };
  }
  return best;
}

/**
 * The kernel's OOM killer killing a process of the focus (its shim, its init, a member of its
 * cgroup) around the focus time: a competing cause proven for the same death. Public sample:
 * `Memory cgroup out of memory: Killed process 2150 (containerd-shim) ...` (dmesg.txt:287), pid
 * 2150 being the shim of sandbox afcf4efe9792.
 */
export function kernelOomKillOfFocus(
  ctx: AnalysisContext,
): { finding: Finding; join: FocusJoin; text: string } | undefined {
  // The `Killed process` line states the kill; the `oom-kill:` summary line only names the victim.
  for (const rule of ['kernel.killed-process', 'kernel.kill-process-old', 'kernel.oom-kill-line']) {
    for (const f of ctx.byRule(rule)) {
      if (!ctx.nearFocus(f, 120, 30)) continue;
      const join = ctx.joinToFocus(f);
      if (!join) continue;
      const comm = f.facts.comm ?? f.facts.task;
      const who =
        `${comm !== undefined ? `${comm} ` : ''}${f.facts.pid !== undefined ? `(pid ${f.facts.pid})` : ''}`.trim();
      return {
        finding: f,
        join,
        text: `the kernel OOM killer killed ${who || 'a process'} of the focus (${join.text})`,
      };
    }
  }
  return undefined;
}

/** The focus symptoms of these kinds (what a cause would explain). */
export function symptomIdsOf(ctx: AnalysisContext, kinds: readonly Symptom['kind'][]): string[] {
  return ctx.symptomsOf(...kinds).map((s) => s.id);
}

// ---- the cause ---------------------------------------------------------------------------------

const CAUSE: CauseId = 'manual-or-automation-kill';
const TITLE = 'Killed by a person, a script or automation (SIGKILL, userspace OOM killer, kubelet)';

/** How long before the death a kill may come: a SIGTERM grace period (30 s default) and slack. */
const KILL_BEFORE = 120;
const KILL_AFTER = 10;

/** A line that states a kill by a userspace OOM killer or a manual `systemctl kill`. */
const STATES_KILL: Weights = { joined: 0.9, near: 0.75, untimed: 0.6, unfocused: 0.8, far: 0.15 };
/** systemd killing what is left of a unit at a stop timeout: a kill, by whom it depends. */
const STOP_KILL: Weights = { joined: 0.85, near: 0.4, untimed: 0.3, unfocused: 0.5, far: 0.1 };
/** `status=9/KILL`: a SIGKILL, sender unknown (DESIGN.md section 7). */
const SIGKILL_SEEN: Weights = { joined: 0.7, near: 0.35, untimed: 0.25, unfocused: 0.4, far: 0.1 };
/** A kubelet eviction that is not for disk (disk pressure is disk-full's). */
const EVICTION: Weights = { joined: 0.85, near: 0.55, untimed: 0.4, unfocused: 0.6, far: 0.1 };

/** A unit whose name carries the focus container or sandbox id (`cri-containerd-<id>.scope`). */
function unitJoin(ctx: AnalysisContext, f: Finding): FocusJoin | null {
  const unit = f.facts.unit;
  if (typeof unit !== 'string') return null;
  // cri-containerd-7fc23ca64dfcf631a67171832113262567792dab9b42c2af03b740659ea21e27.scope
  const id = /([0-9a-f]{64})/.exec(unit)?.[1];
  if (!id) return ctx.joinToFocus(f);
  for (const x of [...ctx.focus.containers, ...ctx.focus.sandboxes])
    if (sameContainer(x, id))
      return { target: x, via: 'cgroup', text: `unit ${unit} is the scope of ${ctx.short(x)}` };
  return ctx.joinToFocus(f);
}

/**
 * A kill by the kernel OOM killer or systemd-oomd within a few seconds of f: then the SIGKILL
 * systemd reports for a unit was theirs (counted by oom-kill-* or as oomd's kill above).
 */
function killerAround(ctx: AnalysisContext, f: Finding): boolean {
  if (f.time === null) return false;
  const t = f.time;
  return ctx
    .byRule('kernel.killed-process', 'kernel.kill-process-old', 'systemd.oomd-killed')
    .some((k) => k.time !== null && Math.abs(k.time - t) <= 5e6);
}

/** The resource a kubelet eviction line names (`ephemeral-storage`, `memory`...), if any. */
export function evictionResource(f: Finding): string | undefined {
  for (const k of ['resource', 'resourceName', 'lowResource']) {
    const v = f.facts[k];
    if (typeof v === 'string' && v) return v;
  }
  return undefined;
}

/** Eviction signals of disk: `ephemeral-storage`, `nodefs.available`, `imagefs.inodesFree`. */
export const DISK_RESOURCE = /ephemeral-storage|nodefs|imagefs|inode|disk|storage/i;

function userspaceKiller(ctx: AnalysisContext): Evidence[] {
  const out: Evidence[] = [];
  for (const f of ctx.byRule('node.userspace-oom-killer')) {
    const p = placementOf(ctx, f, KILL_BEFORE, KILL_AFTER);
    const w = STATES_KILL[p.where];
    const who =
      typeof f.facts.controller === 'string'
        ? `Talos' ${f.facts.controller} sent SIGKILL to cgroup ${f.facts.cgroup ?? '?'}`
        : `a userspace OOM killer (earlyoom) sent ${f.facts.signal ?? `signal ${f.facts.signum ?? '?'}`} to ${f.facts.comm ?? 'a process'} (pid ${f.facts.pid ?? '?'})`;
    out.push(
      ctx.fromFinding(
        f,
        w,
        `${who}: a userspace OOM kill, with no kernel OOM line${placementText(ctx, f, p)}`,
      ),
    );
  }
  // systemd-oomd logs the kill twice (its own `Killed <cgroup>` and PID 1's `systemd-oomd killed
  // N process(es) in this unit`): one item per kill.
  const oomd = ctx.byRule('systemd.oomd-killed');
  const best = strongest(oomd, (f) => STATES_KILL[placementOf(ctx, f, KILL_BEFORE, KILL_AFTER).where]);
  if (best) {
    const f = best.item;
    const p = placementOf(ctx, f, KILL_BEFORE, KILL_AFTER);
    const what = f.facts.cgroup ?? f.facts.unit ?? 'a cgroup';
    out.push(
      mergedEvidence(
        ctx,
        f,
        oomd,
        best.weight,
        `systemd-oomd killed ${what} (${f.facts.reason ?? 'memory pressure'}): a userspace OOM kill, with no kernel OOM line${placementText(ctx, f, p)}`,
      ),
    );
  }
  return out;
}

function systemdKills(ctx: AnalysisContext): Evidence[] {
  const out: Evidence[] = [];
  // One line per process of the unit: one item per kind of kill (a `systemctl kill` of
  // containerd logs its main process and each child alike, nerdctl#3147).
  const sent = ctx.byRule('systemd.sigkill-sent');
  for (const manual of [true, false]) {
    const group = sent.filter((f) => (f.facts.request !== undefined) === manual);
    const weights = manual ? STATES_KILL : STOP_KILL;
    const place = (f: Finding) => placementOf(ctx, f, KILL_BEFORE, KILL_AFTER, unitJoin(ctx, f));
    const best = strongest(group, (f) => weights[place(f).where]);
    if (!best) continue;
    const f = best.item;
    const n = group.length > 1 ? ` (${group.length} processes, ${linesText(group)})` : '';
    const text = manual
      ? `systemd sent SIGKILL to ${f.facts.comm} (pid ${f.facts.pid}) of ${f.facts.unit} on client request: \`systemctl kill\` by a person or a script`
      : `systemd SIGKILLed ${f.facts.comm} (pid ${f.facts.pid}) of ${f.facts.unit}, what was left of the unit when it was stopped`;
    out.push(mergedEvidence(ctx, f, group, best.weight, `${text}${n}${placementText(ctx, f, place(f))}`));
  }
  const killedUnits = new Set<string>();
  for (const f of ctx.byRule('systemd.main-process-killed')) {
    if (f.facts.signal !== 'KILL') continue;
    if (typeof f.facts.unit === 'string') killedUnits.add(f.facts.unit);
    if (killerAround(ctx, f)) continue;
    const p = placementOf(ctx, f, KILL_BEFORE, KILL_AFTER, unitJoin(ctx, f));
    out.push(
      ctx.fromFinding(
        f,
        SIGKILL_SEEN[p.where],
        `${f.facts.unit}'s main process died of SIGKILL (status=9/KILL), sender not named: a person, a script or a service manager${placementText(ctx, f, p)}`,
      ),
    );
  }
  for (const f of ctx.byRule('systemd.unit-failed')) {
    // `Failed with result 'signal'` repeats a main-process-killed line of the same unit.
    if (f.facts.result !== 'signal' || (typeof f.facts.unit === 'string' && killedUnits.has(f.facts.unit)))
      continue;
    if (killerAround(ctx, f)) continue;
    const p = placementOf(ctx, f, KILL_BEFORE, KILL_AFTER, unitJoin(ctx, f));
    const w = p.where === 'joined' ? 0.5 : p.where === 'far' ? 0.05 : 0.2;
    out.push(
      ctx.fromFinding(
        f,
        w,
        `${f.facts.unit} failed with result 'signal': killed by a signal${placementText(ctx, f, p)}`,
      ),
    );
  }
  return out;
}

/** The kubelet's `Killing container` line ties to the focus by container id, else by pod. */
function killingJoin(ctx: AnalysisContext, f: Finding): FocusJoin | null {
  const raw = f.facts.containerId;
  if (typeof raw === 'string') {
    // containerID="containerd://05657a9c673d612aedd955a65136ccca36b82ba987831de7844cdc0238f1d707"
    const id = ctx.joins.resolve(raw.replace(/^[a-z]+:\/\//, ''));
    const c = ctx.focus.containers.find((x) => sameContainer(x, id));
    if (c) return { target: c, via: 'container', text: `it names container ${ctx.short(c)}` };
  }
  return ctx.joinToFocus(f);
}

function kubeletKills(ctx: AnalysisContext): Evidence[] {
  const out: Evidence[] = [];
  for (const f of ctx.byRule('kubelet.killing-container')) {
    // A stop on pod deletion is normal; it explains a death only when it is the focus' container
    // (or pod) and comes just before the death: the grace period, then the SIGKILL.
    const graceSecs = Number(f.facts.gracePeriod);
    const before = (Number.isFinite(graceSecs) ? graceSecs : 30) + KILL_BEFORE;
    const join = killingJoin(ctx, f);
    const p = placementOf(ctx, f, before, KILL_AFTER, join);
    // Another pod's stop (the sample's shop/worker deletions) says nothing about this death.
    if (!join && p.where !== 'unfocused') continue;
    // The focus' own container stopped long before or after the death: an earlier restart.
    const w = p.where === 'joined' ? 0.8 : p.where === 'unfocused' ? 0.3 : 0.1;
    const who = [f.facts.pod && `${f.facts.pod}'s`, 'container', f.facts.container].filter(Boolean).join(' ');
    const grace = f.facts.gracePeriod !== undefined ? ` (grace period ${f.facts.gracePeriod} s)` : '';
    out.push(
      ctx.fromFinding(
        f,
        w,
        `the kubelet stopped ${who}${grace}: a deliberate stop by the kubelet (deletion, probe, eviction)${placementText(ctx, f, p)}`,
      ),
    );
  }
  const evictions = ctx.byRule('kubelet.eviction').filter((f) => {
    const r = evictionResource(f);
    return !(r && DISK_RESOURCE.test(r));
  });
  const best = strongest(evictions, (f) => {
    const w = EVICTION[placementOf(ctx, f, 600, KILL_AFTER).where];
    // An eviction line without its resource may be a disk one (disk-full): half weight.
    return evictionResource(f) ? w : w / 2;
  });
  if (best) {
    const f = best.item;
    const p = placementOf(ctx, f, 600, KILL_AFTER);
    const r = evictionResource(f);
    out.push(
      mergedEvidence(
        ctx,
        f,
        evictions,
        best.weight,
        `the kubelet's eviction manager was evicting pods to reclaim ${r ?? 'a resource it does not name'}: an eviction is a kill by automation${placementText(ctx, f, p)}`,
      ),
    );
  }
  for (const f of ctx.byRule('containerd.kill-container')) {
    // The CRI plugin's `Kill container` is the kubelet's StopContainer escalating; the kubelet's
    // own line says why. Only the focus' container counts, and weakly: the kill may not be what
    // ended it (corpus containerd-4016: the kill of a container runc no longer knew).
    const p = placementOf(ctx, f, KILL_BEFORE, KILL_AFTER);
    if (p.where !== 'joined' && p.where !== 'unfocused') continue;
    out.push(
      ctx.fromFinding(
        f,
        p.where === 'joined' ? 0.3 : 0.2,
        `containerd's CRI plugin was asked to kill container ${ctx.short(String(f.facts.container))}, the kubelet's StopContainer escalating${placementText(ctx, f, p)}`,
      ),
    );
  }
  return out;
}

function exit137(ctx: AnalysisContext, oomKill: boolean): Evidence[] {
  return ctx
    .symptomsOf('exit-137')
    .map((s) =>
      s.facts.synthetic === 'yes'
        ? ctx.fromSymptom(
            s,
            0.1,
            `${s.title}, but right after \`cleaning up dead shim\`: containerd reports 137 itself for the tasks of a dead shim (containerd#8381), so it hardly shows a kill`,
          )
        : oomKill
          ? ctx.fromSymptom(
              s,
              0.1,
              `${s.title}: a SIGKILL, which the kernel OOM kill of the focus already accounts for`,
            )
          : ctx.fromSymptom(
              s,
              0.3,
              `${s.title} (128 + SIGKILL) with no kernel OOM line for it: someone sent SIGKILL`,
            ),
    );
}

export const manualOrAutomationKill: HypothesisModule = {
  cause: CAUSE,
  title: TITLE,
  evaluate(ctx) {
    const oom = kernelOomKillOfFocus(ctx);
    const userspace = userspaceKiller(ctx);
    const kubelet = kubeletKills(ctx);
    const person = systemdKills(ctx);
    const exits = exit137(ctx, oom !== undefined);

    // A competing cause proven for the same death: the kernel killed a process of the focus.
    const against: Evidence[] = [];
    if (oom)
      against.push({
        ...ctx.fromFinding(
          oom.finding,
          0.7,
          `${oom.text[0].toUpperCase()}${oom.text.slice(1)}: the kernel, not a person or automation, killed it`,
        ),
        id: `competing:${oom.finding.id}`,
      });
    else {
      // OOMKilled is set from the cgroup's oom_kill counter: the kernel's killer, even when its
      // line is missing. A userspace killer does not set it.
      for (const s of ctx.symptomsOf('oom-killed'))
        against.push(
          ctx.fromSymptom(
            s,
            0.4,
            `${s.title}: the runtime saw the kernel's OOM killer act, which a userspace kill does not set`,
          ),
        );
    }

    const [from, to] = ctx.timeWindow(300, 30);
    const settles: CauseId[] = [CAUSE];
    // With the kernel's kill proven and nothing for this cause, asking who else killed it is noise.
    const ask = (forItems: readonly Evidence[]) => !oom || forItems.some((e) => e.weight >= 0.3);

    // The kubelet logs every stop it makes (`Killing container with a grace period`): where its
    // log covers the death and says nothing about the focus, the kubelet did not stop it.
    const kubeletAgainst = [...against];
    if (kubelet.length === 0) {
      const a = ctx.absence(
        'kubelet-kill',
        'kubelet',
        '`Killing container` or an eviction of the focus',
        KILL_BEFORE + 30,
        KILL_AFTER,
        0.7,
        'the kubelet log covers the death and has no `Killing container` or eviction for the focus',
      );
      if (a) kubeletAgainst.push(a);
    }

    const children: HypothesisDraft[] = [
      {
        id: `${CAUSE}/userspace-oom-killer`,
        title: 'A userspace OOM killer (systemd-oomd, earlyoom, a platform OOM controller)',
        for: userspace,
        against: [...against],
        gaps: ask(userspace)
          ? [
              gap(
                'oomd',
                'Collect systemd-oomd decisions around the death: a userspace OOM killer leaves no kernel OOM line.',
                ctx.cmd.oomd(from, to),
                settles,
              ),
            ]
          : [],
      },
      {
        id: `${CAUSE}/kubelet`,
        title: 'The kubelet stopped or evicted it',
        for: kubelet,
        against: kubeletAgainst,
        gaps: ask(kubelet)
          ? [
              gap(
                'kube-events',
                "Collect the pod's Kubernetes events: a deletion, a failed liveness probe or an eviction shows there.",
                ctx.cmd.kubeEvents(ctx.focusPod()),
                settles,
                'kubectl-get-events',
              ),
            ]
          : [],
      },
      {
        id: `${CAUSE}/person-or-script`,
        title: 'A person or a script (kill -9, systemctl kill, crictl/ctr)',
        for: person,
        against: [...against],
        gaps: ask(person)
          ? [
              gap(
                'audit-kills',
                'Look for kill(2) calls in the audit log around the death (only recorded if an audit rule watches kill).',
                ctx.cmd.auditKills(from, to),
                settles,
              ),
              gap(
                'shell-history',
                'Check who was logged in and the shell history for kill, crictl rm/stop or ctr kill/delete.',
                ctx.cmd.shellHistory(),
                settles,
              ),
            ]
          : [],
      },
    ];

    const forItems = [...userspace, ...kubelet, ...person, ...exits];
    // The parent asks what its children ask (one gap per id), so its reason names the next step.
    // A kill with no line at all (a bare `kill -9`) shows only in audit records: ask that first.
    const order = ['audit-kills', 'kube-events', 'oomd', 'shell-history'];
    const gaps = children
      .flatMap((c) => c.gaps)
      .filter((g, i, all) => all.findIndex((x) => x.id === g.id) === i)
      .sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
    return {
      title: TITLE,
      for: forItems,
      against,
      gaps,
      children,
      explains: symptomIdsOf(ctx, ['shim-died', 'exit-137', 'container-unknown', 'task-missing', 'restarts']),
      ...(oom && forItems.every((e) => e.weight < 0.3)
        ? {
            reason: `${oom.text[0].toUpperCase()}${oom.text.slice(1)}; nothing else shows a kill by a person or automation.`,
          }
        : {}),
    };
  },
};
