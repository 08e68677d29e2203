// Cause `manual-or-automation-kill`: something in userspace decided to kill the container or its
// shim. A person (`kill -9`, `systemctl kill`), a script, or automation: a userspace OOM killer
// (systemd-oomd, earlyoom, Talos' OOM controller), the kubelet (pod deletion, probe, eviction),
// systemd tearing a unit down. None of these leaves a kernel OOM line, and a bare `kill -9`
// leaves no line at all, so this cause often rests on gaps (audit records, shell history).
import { gap } from '../commands.ts';
import type { AnalysisContext, FocusJoin } from '../context.ts';
import type { CauseId, Evidence } from '../model.ts';
import type { Finding } from '../rule-schema.ts';
import type { HypothesisDraft } from '../score.ts';
import { sameContainer } from '../symptoms.ts';
import { focusOomKill, killText, oomKillAgainst, oomKillAround } from './kills.ts';
import type { HypothesisModule } from './module.ts';
import {
  DISK_RESOURCE,
  evictionResource,
  linesText,
  mergedEvidence,
  placementOf,
  placementText,
  SHIM_UNIT_RE,
  str,
  strongest,
  symptomIdsOf,
  unitJoin,
  type Weights,
} from './shared.ts';

const CAUSE: CauseId = 'manual-or-automation-kill';
const TITLE = 'Killed by a person, a script or automation (SIGKILL, userspace OOM killer, kubelet)';

/** How long before the death a kill may come: a SIGTERM grace period (30 s default) and slack. */
const KILL_BEFORE = 120;
const KILL_AFTER = 10;

/** A line that states a kill by a userspace OOM killer or a manual `systemctl kill`. */
const STATES_KILL: Weights = { joined: 0.9, near: 0.75, untimed: 0.6, unfocused: 0.8, far: 0.15 };
/** systemd killing what is left of a unit at a stop timeout: a kill, by whom it depends. */
const STOP_KILL: Weights = { joined: 0.85, near: 0.4, untimed: 0.3, unfocused: 0.5, far: 0.1 };
/**
 * systemd killing the shims of a container runtime's unit it stops: a runtime restart (`other`),
 * so only a hint of a deliberate kill here.
 */
const RUNTIME_STOP: Weights = { joined: 0.3, near: 0.15, untimed: 0.1, unfocused: 0.15, far: 0.05 };
/** `status=9/KILL`: a SIGKILL, sender unknown (DESIGN.md section 7). */
const SIGKILL_SEEN: Weights = { joined: 0.7, near: 0.35, untimed: 0.25, unfocused: 0.4, far: 0.1 };
/** A kubelet eviction that is not for disk (disk pressure is disk-full's). */
const EVICTION: Weights = { joined: 0.85, near: 0.55, untimed: 0.4, unfocused: 0.6, far: 0.1 };

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
        oomd,
        best.weight,
        `systemd-oomd killed ${what} (${f.facts.reason ?? 'memory pressure'}): a userspace OOM kill, with no kernel OOM line${placementText(ctx, f, p)}`,
        { best: f },
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
  // `on client request` is `systemctl kill`; without it systemd is stopping the unit. A container
  // runtime's unit (or the kubelet's) that stops kills the shims in its cgroup: a runtime stop or
  // restart, cause `other`, whoever asked for the stop.
  const kindOf = (f: Finding): 'manual' | 'runtime' | 'stop' =>
    f.facts.request !== undefined ? 'manual' : SHIM_UNIT_RE.test(str(f, 'unit') ?? '') ? 'runtime' : 'stop';
  for (const kind of ['manual', 'runtime', 'stop'] as const) {
    const group = sent.filter((f) => kindOf(f) === kind);
    const weights = kind === 'manual' ? STATES_KILL : kind === 'runtime' ? RUNTIME_STOP : STOP_KILL;
    const place = (f: Finding) => placementOf(ctx, f, KILL_BEFORE, KILL_AFTER, unitJoin(ctx, f));
    const best = strongest(group, (f) => weights[place(f).where]);
    if (!best) continue;
    const f = best.item;
    const n = group.length > 1 ? ` (${group.length} processes, ${linesText(group)})` : '';
    const who = `${f.facts.comm} (pid ${f.facts.pid}) of ${f.facts.unit}`;
    const text =
      kind === 'manual'
        ? `systemd sent SIGKILL to ${who} on client request: \`systemctl kill\` by a person or a script`
        : kind === 'runtime'
          ? `systemd SIGKILLed ${who} while stopping it: a container runtime's unit takes the shims in its cgroup with it when it stops or restarts, a runtime restart (cause other), not a person or a script`
          : `systemd SIGKILLed ${who}, what was left of the unit when it was stopped`;
    out.push(
      mergedEvidence(ctx, group, best.weight, `${text}${n}${placementText(ctx, f, place(f))}`, { best: f }),
    );
  }
  const killedUnits = new Set<string>();
  for (const f of ctx.byRule('systemd.main-process-killed')) {
    if (f.facts.signal !== 'KILL') continue;
    if (typeof f.facts.unit === 'string') killedUnits.add(f.facts.unit);
    if (f.time !== null && oomKillAround(ctx, f.time, 5)) continue;
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
    if (f.time !== null && oomKillAround(ctx, f.time, 5)) continue;
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
        evictions,
        best.weight,
        `the kubelet's eviction manager was evicting pods to reclaim ${r ?? 'a resource it does not name'}: an eviction is a kill by automation${placementText(ctx, f, p)}`,
        { best: f },
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
    const oom = focusOomKill(ctx);
    const userspace = userspaceKiller(ctx);
    const kubelet = kubeletKills(ctx);
    const person = systemdKills(ctx);
    const exits = exit137(ctx, oom !== undefined);

    // A competing cause proven for the same death: the kernel killed a process of the focus.
    const against = oomKillAgainst(ctx, 0.7, 'the kernel, not a person or automation, killed it');
    if (!oom) {
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
            reason: `${killText(oom)}; nothing else shows a kill by a person or automation.`,
          }
        : {}),
    };
  },
};
