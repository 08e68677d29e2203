// The kills (issue 5 part 3): which process a killer killed, and whether that was the death of
// the focus. Every cause that weighs a kill, for itself or as a competing cause proven for the
// same death, reads it here, so one kill is grouped, joined and worded once.
//
// Kernel OOM kills: the kernel says so in one report per kill, whose wording changed across
// versions (DESIGN.md section 7): `Memory cgroup out of memory: Killed process ...` (5.1+),
// `oom-kill:constraint=CONSTRAINT_MEMCG,...` (5.0+), `Task in ... killed as a result of limit of
// ...` and `Memory cgroup out of memory: Kill process ... or sacrifice child` (<= 4.19). The lines
// of one kill (several per report, and the same report in dmesg and in journalctl -k) are grouped
// into one kill, so one kill counts once. Killers in userspace (systemd-oomd, earlyoom, a
// platform's OOM controller, systemd's own SIGKILL) leave no kernel line.
import { journalTime } from '../commands.ts';
import type { AnalysisContext, FocusJoin } from '../context.ts';
import type { Evidence } from '../model.ts';
import type { Finding } from '../rule-schema.ts';
import { capital, hasFocus, str } from './shared.ts';

/** The kernel OOM killer's rules: one report of a kill yields several of these. */
const KERNEL_OOM_RULES = [
  'kernel.oom-invoked',
  'kernel.oom-kill-line',
  'kernel.killed-process',
  'kernel.kill-process-old',
  'kernel.memcg-oom-task-in',
  'kernel.oom-reaper',
] as const;

/** Killers in userspace: their kill leaves no kernel OOM line (DESIGN.md section 7). */
const USERSPACE_OOM_RULES = ['systemd.oomd-killed', 'node.userspace-oom-killer'] as const;

/**
 * The window around the first death symptom (seconds before, after) where the kill of that
 * death must lie: the kernel kills first and containerd notices within milliseconds (sample:
 * dmesg.txt:287 at 07:48:16.53, journal line 329 at 07:48:16), with room for clocks that
 * disagree by seconds and a report that takes a while to print.
 */
export const OOM_BEFORE_S = 60;
export const OOM_AFTER_S = 5;
/** Lines of one report lie within this of each other (the rule's window is 5 s). */
export const SAME_KILL_S = 5;

/** One kernel OOM kill, from all the lines that describe it. */
export interface OomKill {
  /** The lines of this kill, the deciding one (the kill line) first. */
  findings: Finding[];
  /** The killed pid, when a line names it. */
  pid?: string;
  comm?: string;
  /** memcg: a cgroup's limit was hit; global: the node ran out (or a cpuset / mempolicy did). */
  scope?: 'memcg' | 'global';
  constraint?: string;
  /** The cgroup whose limit was hit (oom_memcg, `limit of`). */
  limitCgroup?: string;
  /** The victim's cgroup (task_memcg, `Task in`). */
  taskCgroup?: string;
  time: number | null;
  /** A line names the victim (a kill line, the oom-kill: summary or the reaper). */
  victimKnown: boolean;
}

/** A kill with how it reaches the focus of the incident. */
export interface WeighedKill {
  kill: OomKill;
  join: FocusJoin | null;
  /** What was killed, when the lines or the joins say it. */
  role: 'shim' | 'container' | undefined;
  /** The pid belongs to a container or sandbox outside the focus. */
  elsewhere: boolean;
  /** joined: it is the focus's; near: on this node within the death window; far: neither; lone: no focus to tie it to. */
  tie: 'joined' | 'near' | 'far' | 'lone';
  /** "Memory cgroup out of memory: killed pid 2150 (containerd-shim) at 07:48:16". */
  what: string;
  /** Whose the pid is when it does not reach the focus ("pid 41235 is the init of container 4f2c9b7e1d0a"). */
  owner?: string;
  eventIds: string[];
}

function sourceOf(f: Finding): string {
  const id = f.eventIds[0] ?? '';
  return id.slice(0, id.lastIndexOf(':'));
}

function lineOf(f: Finding): number {
  const id = f.eventIds[0] ?? '';
  return Number(id.slice(id.lastIndexOf(':') + 1)) || 0;
}

function scopeOf(v: string | undefined): 'memcg' | 'global' | undefined {
  if (!v) return undefined;
  if (v === 'memcg' || v === 'CONSTRAINT_MEMCG') return 'memcg';
  // CONSTRAINT_CPUSET / CONSTRAINT_MEMORY_POLICY: the node's memory within a cpuset or mempolicy
  // ran out, not a cgroup's memory limit.
  if (v === 'global' || v.startsWith('CONSTRAINT_')) return 'global';
  return undefined;
}

/** The rule of a finding, ranked: the kill line decides, the report head only frames. */
const RANK: Record<string, number> = {
  'kernel.killed-process': 0,
  'kernel.oom-kill-line': 1,
  'kernel.kill-process-old': 2,
  'kernel.memcg-oom-task-in': 3,
  'kernel.oom-reaper': 4,
  'kernel.oom-invoked': 5,
};

function summarize(findings: Finding[]): OomKill {
  const fs = [...findings].sort((a, b) => (RANK[a.rule] ?? 9) - (RANK[b.rule] ?? 9));
  const of = (rule: string) => fs.filter((f) => f.rule === rule);
  const first = (rules: string[], k: string): string | undefined => {
    for (const r of rules) for (const f of of(r)) if (str(f, k)) return str(f, k);
    return undefined;
  };
  const killed = of('kernel.killed-process');
  const summary = of('kernel.oom-kill-line');
  const reaped = of('kernel.oom-reaper');
  const invoked = of('kernel.oom-invoked');
  // The report head's pid is the victim's only when the oom-kill: summary joined it (5.0+, `task`
  // set); in a report cut before the kill line it is the allocating task of `CPU: N PID: ...`.
  const invokedVictim = invoked.filter((f) => str(f, 'task'));
  const victimKnown = killed.length + summary.length + reaped.length + invokedVictim.length > 0;
  const pid =
    first(['kernel.killed-process', 'kernel.oom-kill-line', 'kernel.oom-reaper'], 'pid') ??
    (invokedVictim[0] ? str(invokedVictim[0], 'pid') : undefined) ??
    first(['kernel.kill-process-old'], 'pid');
  const comm =
    first(['kernel.killed-process', 'kernel.oom-reaper', 'kernel.kill-process-old'], 'comm') ??
    first(['kernel.oom-kill-line', 'kernel.oom-invoked'], 'task');
  let scope: 'memcg' | 'global' | undefined;
  for (const f of fs) {
    scope = scopeOf(str(f, 'scope')) ?? scopeOf(str(f, 'constraint'));
    if (scope) break;
  }
  if (!scope && of('kernel.memcg-oom-task-in').length > 0) scope = 'memcg';
  const times = fs.map((f) => f.time).filter((t): t is number => t !== null);
  return {
    findings: fs,
    pid,
    comm,
    scope,
    constraint: first(['kernel.oom-kill-line', 'kernel.oom-invoked'], 'constraint'),
    limitCgroup:
      first(['kernel.oom-kill-line', 'kernel.memcg-oom-task-in'], 'oomMemcg') ??
      first(['kernel.oom-invoked'], 'memcg'),
    taskCgroup: first(
      ['kernel.oom-kill-line', 'kernel.memcg-oom-task-in', 'kernel.oom-invoked'],
      'taskMemcg',
    ),
    time: times.length > 0 ? Math.min(...times) : null,
    victimKnown,
  };
}

/** Whether finding `f` names a victim (and which pid), so the next victim line starts a new kill. */
function victimPid(f: Finding): string | undefined {
  return f.rule === 'kernel.killed-process' || f.rule === 'kernel.oom-kill-line' ? str(f, 'pid') : undefined;
}

/**
 * The kills in one source: a report's window finding (kernel.oom-invoked) holds the event ids of
 * its lines, so the lines in it are its kill; the lines outside any window (a report cut above
 * its head, a kernel older than the window's markers) follow each other in line order: a
 * `Task in` / `Kill process` line opens a kill, the `Killed process` line after it closes it.
 */
function killsOfSource(findings: Finding[]): Finding[][] {
  const groups: Finding[][] = [];
  const byEvent = new Map<string, Finding[]>();
  for (const f of findings)
    if (f.rule === 'kernel.oom-invoked') {
      const g = [f];
      groups.push(g);
      for (const id of f.eventIds) byEvent.set(id, g);
    }
  let open: Finding[] | null = null;
  const sorted = findings
    .filter((f) => f.rule !== 'kernel.oom-invoked')
    .sort((a, b) => lineOf(a) - lineOf(b));
  for (const f of sorted) {
    const inReport = byEvent.get(f.eventIds[0] ?? '');
    if (inReport) {
      inReport.push(f);
      continue;
    }
    const far = (g: Finding[]) =>
      g.some((x) => x.time !== null && f.time !== null && Math.abs(x.time - f.time) > SAME_KILL_S * 1e6);
    if (f.rule === 'kernel.oom-reaper') {
      // The reaper follows its kill by milliseconds and names the same pid.
      const pid = str(f, 'pid') ?? str(f, 'failedPid');
      const hit = [...groups].reverse().find((g) => !far(g) && g.some((x) => victimPid(x) === pid));
      if (hit) hit.push(f);
      else groups.push([f]);
      continue;
    }
    const pid = victimPid(f);
    const opensNew =
      !open ||
      far(open) ||
      (pid === undefined
        ? // a `Task in` / `Kill process` line after a victim line starts the next report
          open.some((x) => victimPid(x) !== undefined)
        : open.some((x) => victimPid(x) !== undefined && (victimPid(x) !== pid || x.rule === f.rule)));
    if (opensNew) {
      open = [f];
      groups.push(open);
    } else open?.push(f);
  }
  return groups;
}

/** Whether two kills from different sources are the same kill (dmesg and journalctl -k of one report). */
function sameKill(a: OomKill, b: OomKill): boolean {
  if (!a.pid || a.pid !== b.pid) return false;
  if (a.time !== null && b.time !== null) return Math.abs(a.time - b.time) <= SAME_KILL_S * 1e6;
  return a.comm === b.comm;
}

const killCache = new WeakMap<AnalysisContext, OomKill[]>();

/** The kernel OOM kills in the inputs, one per kill, in time order (untimed last). */
export function oomKills(ctx: AnalysisContext): OomKill[] {
  const hit = killCache.get(ctx);
  if (hit) return hit;
  const bySource = new Map<string, Finding[]>();
  for (const f of ctx.byRule(...KERNEL_OOM_RULES)) {
    const s = sourceOf(f);
    const list = bySource.get(s);
    if (list) list.push(f);
    else bySource.set(s, [f]);
  }
  const kills: OomKill[] = [];
  for (const fs of bySource.values())
    for (const g of killsOfSource(fs)) {
      const k = summarize(g);
      const same = kills.find((x) => sameKill(x, k));
      if (same)
        Object.assign(same, summarize([...same.findings, ...k.findings]), { time: same.time ?? k.time });
      else kills.push(k);
    }
  kills.sort((a, b) => (a.time ?? Number.MAX_SAFE_INTEGER) - (b.time ?? Number.MAX_SAFE_INTEGER));
  killCache.set(ctx, kills);
  return kills;
}

/** The lines a kill rests on, the kill lines of every source first, then the summaries and heads. */
function killEventIds(k: OomKill): string[] {
  const out: string[] = [];
  for (const f of k.findings) {
    // A report's window finding holds its whole report; its head line is the one worth a link.
    const ids = f.rule === 'kernel.oom-invoked' ? f.eventIds.slice(0, 1) : f.eventIds;
    for (const id of ids) if (!out.includes(id)) out.push(id);
  }
  return out;
}

/** `07:48:16` (UTC), for the texts. */
function clock(t: number | null): string {
  return t === null ? '' : ` at ${journalTime(t).slice(11)}`;
}

function describeOomKill(k: OomKill): string {
  const who = k.pid ? `pid ${k.pid}${k.comm ? ` (${k.comm})` : ''}` : k.comm ? k.comm : 'a process';
  const by =
    k.scope === 'memcg'
      ? 'the memory-cgroup OOM killer'
      : k.scope === 'global'
        ? `the node-wide OOM killer${k.constraint && k.constraint !== 'CONSTRAINT_NONE' ? ` (${k.constraint})` : ''}`
        : 'the kernel OOM killer';
  if (!k.victimKnown)
    return `the kernel OOM killer was invoked${k.comm ? ` by ${k.comm}` : ''}${clock(k.time)} (the report is cut before its kill line)`;
  const limit = k.scope === 'memcg' && k.limitCgroup ? `; the limit hit was that of ${k.limitCgroup}` : '';
  return `${by} killed ${who}${clock(k.time)}${limit}`;
}

/**
 * The shim's comm as the kernel prints it (15 chars: `containerd-shim`, for v1 and v2 shims), as in
 * `Memory cgroup out of memory: Killed process 2150 (containerd-shim) total-vm:891460kB, ...`
 * (public/sample/dmesg.txt:287).
 */
export const SHIM_COMM = /^containerd-shim/;

/**
 * A container's cgroup, as the kernel prints it: `/kubepods.slice/...pod<uid>.slice/cri-containerd-<id>.scope`
 * (systemd driver), `/kubepods/burstable/pod<uid>/<id>` (cgroupfs), `/docker/<id>`, `crio-<id>.scope`.
 */
const CONTAINER_CGROUP = /kubepods|\/docker[/-]|cri-containerd-|crio-|libpod-/;

/** Whether the victim ran in a container, by its cgroups or the container its lines name. */
function inContainer(k: OomKill): boolean {
  return (
    [k.taskCgroup, k.limitCgroup].some((c) => c !== undefined && CONTAINER_CGROUP.test(c)) ||
    k.findings.some((f) => f.rule !== 'kernel.oom-invoked' && str(f, 'container') !== undefined)
  );
}

/** How a kill reaches the focus: the pid's owner first (shim / init), then the cgroups, then what its lines name. */
function joinOf(ctx: AnalysisContext, k: OomKill): FocusJoin | null {
  const base = k.findings[0];
  if (!base) return null;
  const probe = (facts: Record<string, string>) => ctx.joinToFocus({ ...base, facts });
  if (k.pid) {
    const j = probe({ pid: k.pid });
    if (j) return j;
  }
  if (k.taskCgroup) {
    const j = probe({ taskMemcg: k.taskCgroup });
    if (j) return j;
  }
  if (k.limitCgroup) {
    const j = probe({ oomMemcg: k.limitCgroup });
    if (j) return j;
  }
  // What the lines name themselves (a cpuset naming a container on <= 4.19: the allocating task's).
  for (const f of k.findings) {
    const j = ctx.joinToFocus(f);
    if (j) return j;
  }
  return null;
}

const weighCache = new WeakMap<AnalysisContext, WeighedKill[]>();

/** Every kernel OOM kill with its tie to the focus. */
export function weighedKills(ctx: AnalysisContext): WeighedKill[] {
  const hit = weighCache.get(ctx);
  if (hit) return hit;
  const lone = ctx.focus.symptomIds.length === 0;
  const out = oomKills(ctx).map((kill): WeighedKill => {
    const join = lone ? null : joinOf(ctx, kill);
    const owners = kill.pid ? ctx.ownersOfPid(kill.pid) : [];
    // Without a focus, the pid's owner still says what was killed (a lone kernel log with crictl).
    const owner = owners[0];
    const ownRole =
      join && (join.via === 'shim' || join.via === 'init' || join.via === 'member')
        ? join.via
        : lone
          ? owner?.role
          : undefined;
    const role: WeighedKill['role'] =
      ownRole === 'shim'
        ? 'shim'
        : ownRole
          ? 'container'
          : kill.comm && SHIM_COMM.test(kill.comm)
            ? 'shim'
            : kill.victimKnown && (join !== null || inContainer(kill))
              ? 'container'
              : undefined;
    const near =
      kill.time !== null &&
      ctx.focus.time !== null &&
      kill.time >= ctx.focus.time - OOM_BEFORE_S * 1e6 &&
      kill.time <= ctx.focus.time + OOM_AFTER_S * 1e6;
    return {
      kill,
      join,
      role,
      elsewhere: !lone && !join && owners.length > 0,
      tie: lone ? 'lone' : join ? 'joined' : near ? 'near' : 'far',
      owner:
        owner && !join
          ? `pid ${kill.pid} is ${owner.role === 'member' ? 'a process in the cgroup of' : `the ${owner.role} of`} ${owner.kind} ${ctx.short(owner.id)}${lone ? '' : ', outside the focus'}`
          : undefined,
      what: describeOomKill(kill),
      eventIds: killEventIds(kill),
    };
  });
  weighCache.set(ctx, out);
  return out;
}

/** A kernel OOM kill (of either scope) that the joins tie to the focus: it explains the death. */
export function focusOomKill(ctx: AnalysisContext): WeighedKill | undefined {
  return weighedKills(ctx).find((w) => w.tie === 'joined' && w.kill.victimKnown);
}

/** "Memory cgroup out of memory ...: pid 2150 is the shim of sandbox afcf4efe9792 ...". */
export function killText(w: WeighedKill): string {
  const head = capital(w.what);
  if (w.join) return `${head}: ${w.join.text}`;
  return w.owner ? `${head}: ${w.owner}` : head;
}

/** An evidence item for a kill: a join item when it reaches the focus, else a finding item. */
export function killEvidence(w: WeighedKill, weight: number, text: string): Evidence {
  const f = w.kill.findings[0];
  return {
    id: `${w.join ? 'join' : 'finding'}:${f.id}`,
    kind: w.join ? 'join' : 'finding',
    weight,
    text,
    findingId: f.id,
    eventIds: w.eventIds,
  };
}

/** A userspace OOM killer's kill tied to the focus (or any, when there is no focus): it leaves no kernel line. */
export function userspaceKill(ctx: AnalysisContext): Finding | undefined {
  const lone = ctx.focus.symptomIds.length === 0;
  return ctx
    .byRule(...USERSPACE_OOM_RULES)
    .find(
      (f) =>
        lone ||
        ctx.joinToFocus(f) !== null ||
        (f.time !== null && ctx.nearFocus(f, OOM_BEFORE_S, OOM_AFTER_S)),
    );
}

/** Whether the kernel OOM killer (a kill line) or systemd-oomd killed within `secs` of `t`. */
export function oomKillAround(ctx: AnalysisContext, t: number, secs: number): boolean {
  const near = (x: number | null) => x !== null && Math.abs(x - t) <= secs * 1e6;
  return (
    oomKills(ctx).some((k) => k.victimKnown && near(k.time)) ||
    ctx.byRule('systemd.oomd-killed').some((f) => near(f.time))
  );
}

/**
 * A competing cause proven for the same death: the kernel OOM killer killed a process of the
 * focus (its shim, its init, a member of its cgroup). Public sample: `Memory cgroup out of memory:
 * Killed process 2150 (containerd-shim) ...` (dmesg.txt:287), pid 2150 being the shim of sandbox
 * afcf4efe9792. `consequence` says what that means for the cause weighed.
 */
export function oomKillAgainst(ctx: AnalysisContext, weight: number, consequence: string): Evidence[] {
  const w = focusOomKill(ctx);
  if (!w) return [];
  const f = w.kill.findings[0];
  return [
    {
      id: `competing:${f.id}`,
      kind: 'finding',
      weight,
      text: `${killText(w)}: ${consequence}`,
      findingId: f.id,
      eventIds: w.eventIds,
    },
  ];
}

// ---- the kill of the focus, by any killer -------------------------------------------------------

/** Killers in userspace and systemd's SIGKILL of a unit's processes: they leave no kernel line. */
const USERSPACE_KILL_RULES = [...USERSPACE_OOM_RULES, 'systemd.sigkill-sent'] as const;

/** A kill that may explain the death of the focus: joined to it, or only near it in time. */
export interface FocusKill {
  finding: Finding;
  by: 'kernel-oom' | 'userspace';
  /** How the killed process reaches the focus; null when it is only near in time (or on the node). */
  join: FocusJoin | null;
  /** `joined`: the kill names the focus; `near`: same node within seconds; `node`: no focus to tie it to. */
  tie: 'joined' | 'near' | 'node';
  /** "the memory-cgroup OOM killer killed pid 2150 (containerd-shim) at 07:48:16". */
  what: string;
  /** Every line that says the same kill (dmesg and journalctl -k of one report), the deciding one first. */
  eventIds: string[];
}

/** How long before the first death symptom a kill may lie and still explain it (a stop's grace period and slack). */
const KILL_BEFORE_S = 120;
const KILL_AFTER_S = 5;
/** A kill joined to the focus explains it within this window (a restart loop dies again and again). */
const JOINED_BEFORE_S = 3600;
const JOINED_AFTER_S = 600;

/** One phrase for a userspace kill line, from its facts. */
function describeUserspaceKill(f: Finding): string {
  const pid = str(f, 'pid');
  const name = str(f, 'comm');
  const who = pid ? `pid ${pid}${name ? ` (${name})` : ''}` : (name ?? 'a process');
  switch (f.rule) {
    case 'systemd.oomd-killed':
      return `systemd-oomd killed ${str(f, 'cgroup') ?? str(f, 'unit') ?? 'a cgroup'}`;
    case 'node.userspace-oom-killer':
      return `${str(f, 'controller') ?? 'a userspace OOM killer'} sent ${str(f, 'signal') ?? 'a kill signal'} to ${pid ? who : (str(f, 'cgroup') ?? 'a process')}`;
    case 'systemd.sigkill-sent':
      return `systemd${str(f, 'unit') ? ` (${str(f, 'unit')})` : ''} SIGKILLed ${who}`;
    default:
      return f.title;
  }
}

function inTime(ctx: AnalysisContext, t: number | null, before: number, after: number): boolean {
  if (t === null || ctx.focus.time === null) return true;
  return t >= ctx.focus.time - before * 1e6 && t <= ctx.focus.time + after * 1e6;
}

/**
 * The kill that best explains the focus death: a kernel OOM kill joined to the focus (its shim
 * first), then a userspace kill joined to it, then a kill on the node near the focus time; for an
 * incident with no focus (a lone paste), any kernel OOM kill in the inputs. Null when none.
 */
export function focusKill(ctx: AnalysisContext): FocusKill | null {
  const kernel = weighedKills(ctx);
  const user = ctx.byRule(...USERSPACE_KILL_RULES);
  const fromKernel = (w: WeighedKill, tie: FocusKill['tie']): FocusKill => ({
    finding: w.kill.findings[0],
    by: 'kernel-oom',
    join: tie === 'joined' ? w.join : null,
    tie,
    what: w.what,
    eventIds: w.eventIds,
  });
  const fromUser = (f: Finding, join: FocusJoin | null, tie: FocusKill['tie']): FocusKill => {
    // systemd-oomd and PID 1 log one kill twice, and a unit's stop one line per process.
    const pid = str(f, 'pid');
    const again = user
      .filter((g) => g !== f && pid !== undefined && str(g, 'pid') === pid && g.rule === f.rule)
      .flatMap((g) => g.eventIds.slice(0, 1));
    return {
      finding: f,
      by: 'userspace',
      join,
      tie,
      what: describeUserspaceKill(f),
      eventIds: [...new Set([...f.eventIds.slice(0, 1), ...again, ...f.eventIds.slice(1)])],
    };
  };

  const joinedKernel = kernel.filter(
    (w) => w.tie === 'joined' && inTime(ctx, w.kill.time, JOINED_BEFORE_S, JOINED_AFTER_S),
  );
  // The shim itself killed is the strongest tie; then the container's own processes.
  const bestKernel = joinedKernel.find((w) => w.join?.via === 'shim') ?? joinedKernel[0];
  if (bestKernel) return fromKernel(bestKernel, 'joined');
  const joinedUser = user
    .map((f) => ({ f, j: ctx.joinToFocus(f) }))
    .filter(
      (x): x is { f: Finding; j: FocusJoin } =>
        x.j !== null && ctx.nearFocus(x.f, JOINED_BEFORE_S, JOINED_AFTER_S),
    );
  const bestUser = joinedUser.find((x) => x.j.via === 'shim') ?? joinedUser[0];
  if (bestUser) return fromUser(bestUser.f, bestUser.j, 'joined');

  if (ctx.focus.time !== null) {
    const near = kernel.find(
      (w) => w.kill.time !== null && inTime(ctx, w.kill.time, KILL_BEFORE_S, KILL_AFTER_S),
    );
    if (near) return fromKernel(near, 'near');
    const nearUser = user.find((f) => f.time !== null && ctx.nearFocus(f, KILL_BEFORE_S, KILL_AFTER_S));
    if (nearUser) return fromUser(nearUser, null, 'near');
  }
  if (!hasFocus(ctx) && kernel.length > 0)
    return fromKernel(kernel.find((w) => w.kill.victimKnown) ?? kernel[0], 'node');
  return null;
}

/** The kill as evidence against a cause that needs the death to be unexplained; weights by how tight the tie is. */
export function killAgainst(
  ctx: AnalysisContext,
  kill: FocusKill,
  weights: { joined: number; near: number; node: number },
  consequence: string,
): Evidence {
  const base = ctx.fromFinding(kill.finding, weights[kill.tie], '');
  const where =
    kill.tie === 'joined'
      ? `: ${kill.join?.text}`
      : kill.tie === 'near'
        ? ` on this node ${Math.abs(Math.round(ctx.secondsFromFocus(kill.finding) ?? 0))} s from the death`
        : ' on this node';
  return {
    ...base,
    kind: kill.tie === 'joined' ? 'join' : 'finding',
    eventIds: kill.eventIds,
    text: `${capital(kill.what)}${where}: ${consequence}`,
  };
}
