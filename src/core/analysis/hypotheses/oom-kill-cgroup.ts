// Cause `oom-kill-cgroup` (DESIGN.md section 3): the kernel's OOM killer killed a process because
// a memory cgroup (a container's, a pod's, kubepods') hit its limit. The kernel says so in one
// report per kill, whose wording changed across versions (DESIGN.md section 7): `Memory cgroup out
// of memory: Killed process ...` (5.1+), `oom-kill:constraint=CONSTRAINT_MEMCG,...` (5.0+), `Task
// in ... killed as a result of limit of ...` and `Memory cgroup out of memory: Kill process ... or
// sacrifice child` (<= 4.19). The lines of one kill (several per report, and the same report in
// dmesg and in journalctl -k) are grouped into one kill here first, so one kill counts once.
// The children say *what* was killed: the containerd shim of a focus sandbox (the seed's case:
// the container goes Unknown, containerd reports a synthetic 137) or the container's own process.
// The grouping is exported: oom-kill-host weighs the same kills by the other scope, and the
// causes that compete for a death (cgroup-limit-other, pid-exhaustion) read whether an OOM kill
// already explains it.
import { journalTime } from '../commands.ts';
import type { AnalysisContext, FocusJoin } from '../context.ts';
import type { Evidence, Gap } from '../model.ts';
import type { Finding } from '../rule-schema.ts';
import type { HypothesisDraft } from '../score.ts';
import type { HypothesisModule } from './module.ts';

/** The kernel OOM killer's rules: one report of a kill yields several of these. */
export const KERNEL_OOM_RULES = [
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
const SAME_KILL_S = 5;

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

function fact(f: Finding, k: string): string | undefined {
  const v = f.facts[k];
  return v === undefined || v === '' ? undefined : String(v);
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
    for (const r of rules) for (const f of of(r)) if (fact(f, k)) return fact(f, k);
    return undefined;
  };
  const killed = of('kernel.killed-process');
  const summary = of('kernel.oom-kill-line');
  const reaped = of('kernel.oom-reaper');
  const invoked = of('kernel.oom-invoked');
  // The report head's pid is the victim's only when the oom-kill: summary joined it (5.0+, `task`
  // set); in a report cut before the kill line it is the allocating task of `CPU: N PID: ...`.
  const invokedVictim = invoked.filter((f) => fact(f, 'task'));
  const victimKnown = killed.length + summary.length + reaped.length + invokedVictim.length > 0;
  const pid =
    first(['kernel.killed-process', 'kernel.oom-kill-line', 'kernel.oom-reaper'], 'pid') ??
    (invokedVictim[0] ? fact(invokedVictim[0], 'pid') : undefined) ??
    first(['kernel.kill-process-old'], 'pid');
  const comm =
    first(['kernel.killed-process', 'kernel.oom-reaper', 'kernel.kill-process-old'], 'comm') ??
    first(['kernel.oom-kill-line', 'kernel.oom-invoked'], 'task');
  let scope: 'memcg' | 'global' | undefined;
  for (const f of fs) {
    scope = scopeOf(fact(f, 'scope')) ?? scopeOf(fact(f, 'constraint'));
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
  return f.rule === 'kernel.killed-process' || f.rule === 'kernel.oom-kill-line' ? fact(f, 'pid') : undefined;
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
      const pid = fact(f, 'pid') ?? fact(f, 'failedPid');
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

function describeKill(k: OomKill): string {
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

const SHIM_COMM = /^containerd-shim/;

/**
 * A container's cgroup, as the kernel prints it: `/kubepods.slice/...pod<uid>.slice/cri-containerd-<id>.scope`
 * (systemd driver), `/kubepods/burstable/pod<uid>/<id>` (cgroupfs), `/docker/<id>`, `crio-<id>.scope`.
 */
const CONTAINER_CGROUP = /kubepods|\/docker[/-]|cri-containerd-|crio-|libpod-/;

/** Whether the victim ran in a container, by its cgroups or the container its lines name. */
function inContainer(k: OomKill): boolean {
  return (
    [k.taskCgroup, k.limitCgroup].some((c) => c !== undefined && CONTAINER_CGROUP.test(c)) ||
    k.findings.some((f) => f.rule !== 'kernel.oom-invoked' && fact(f, 'container') !== undefined)
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
      what: describeKill(kill),
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
  const head = w.what[0].toUpperCase() + w.what.slice(1);
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

/** Kernel OOM lines within the death window (any scope), or untimed ones (which may be in it). */
export function oomLinesNearFocus(ctx: AnalysisContext, scope?: 'memcg' | 'global'): OomKill[] {
  return oomKills(ctx).filter(
    (k) =>
      (scope === undefined || k.scope === scope || k.scope === undefined) &&
      (k.time === null ||
        ctx.focus.time === null ||
        (k.time >= ctx.focus.time - OOM_BEFORE_S * 1e6 && k.time <= ctx.focus.time + OOM_AFTER_S * 1e6)),
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
  if (oomLinesNearFocus(ctx).length > 0) return null;
  return ctx.absence(id, 'kernel', searched, OOM_BEFORE_S, OOM_AFTER_S, weight, text);
}

/** The kernel-log gaps of both OOM causes: only when no kernel log covers the death window. */
export function kernelGaps(ctx: AnalysisContext): Gap[] {
  if (ctx.covering('kernel', OOM_BEFORE_S, OOM_AFTER_S).length > 0) return [];
  const [from, to] = ctx.timeWindow(OOM_BEFORE_S, OOM_AFTER_S);
  const when = from !== null && to !== null ? ` from ${journalTime(from)} to ${journalTime(to)} UTC` : '';
  const out: Gap[] = [
    {
      id: 'kernel-log',
      ask: `Collect the kernel log${when}: a \`Killed process\` line there decides an OOM kill (its \`Memory cgroup out of memory\` prefix or \`oom-kill:constraint=\` says cgroup or node), and its absence argues against one.`,
      command: ctx.cmd.kernelLog(from, to),
      settles: ['oom-kill-cgroup', 'oom-kill-host'],
      format: 'journalctl-short-iso-precise',
    },
  ];
  out.push({
    id: 'dmesg-oom',
    ask: 'If the journal does not keep kernel messages, read the ring buffer for OOM reports (it survives until the next reboot or until it wraps).',
    command: ctx.cmd.dmesgOom(),
    settles: ['oom-kill-cgroup', 'oom-kill-host'],
    format: 'dmesg-ctime',
  });
  return out;
}

/** The memory.events gap: `oom` counts limit hits of that cgroup, `oom_kill` its kills. */
export function memoryEventsGap(ctx: AnalysisContext, limit?: string): Gap {
  // The limit a kill of the focus names is the cgroup to read; else the pod's (found by its UID).
  const memcg = limit ?? focusOomKill(ctx)?.kill.limitCgroup;
  return {
    id: 'memory-events',
    ask: `Read memory.events of the ${memcg ? `cgroup ${memcg}` : `pod ${ctx.focusPod() ?? 'that died'}`}: \`oom\` above 0 means its limit was hit (a cgroup OOM), \`oom_kill\` above 0 with \`oom\` at 0 points to a node-wide OOM.`,
    command: ctx.cmd.memoryEvents(ctx.focusPodUid(), memcg),
    settles: ['oom-kill-cgroup', 'oom-kill-host'],
    format: 'cgroup-files',
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

/** A systemd unit whose cgroup saw an OOM kill, tied to the focus through the unit name (`cri-containerd-<id>.scope`). */
export function unitOomJoin(ctx: AnalysisContext, f: Finding): FocusJoin | null {
  const unit = fact(f, 'unit');
  return unit ? ctx.joinToFocus({ ...f, facts: { cgroup: unit } }) : null;
}

/** Weights (brief: 0.9 states it for the focus, 0.7-0.8 on the node near the time or a lone paste). */
const W = {
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
  /** OOMKilled from the runtime or kubelet without a kernel line: it suggests a cgroup OOM. */
  oomKilled: 0.5,
  /** The same, beside the kernel's kill line for the focus: a second witness of one kill. */
  oomKilledWithKernel: 0.3,
  /** A unit's `Failed with result 'oom-kill'`: an OOM kill in its cgroup, of either scope (or systemd-oomd). */
  unit: 0.5,
  /** Restarts under a memory limit with no reason shown: it suggests kills at the limit. */
  restartsUnderLimit: 0.5,
  unitFar: 0.15,
  exitPlain: 0.2,
  exitSynthetic: 0.1,
  /** The same kill by the node-wide killer, for the focus. */
  otherScope: 0.6,
  /** Only node-wide kills in a lone paste: this one was not a cgroup's. */
  otherScopeLone: 0.5,
  absence: 0.7,
  userspace: 0.5,
  /** Child: the kill reached the focus but as the other role (shim vs container). */
  otherRole: 0.6,
  /** Child: a victim named containerd-shim that no pid owner ties to a sandbox. */
  shimByName: 0.6,
} as const;

/** What weight a kill of this cause's scope gets by how it ties to the focus. */
export function tieWeight(w: WeighedKill): number {
  if (!w.kill.victimKnown) return W.cut;
  if (w.elsewhere) return W.elsewhere;
  return w.tie === 'joined' ? W.joined : w.tie === 'lone' ? W.lone : w.tie === 'near' ? W.near : W.far;
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

/** The children by what was killed: the shim of a focus sandbox, or the container's own process. */
export function roleChildren(
  cause: 'oom-kill-cgroup' | 'oom-kill-host',
  kills: WeighedKill[],
  weightOf: (w: WeighedKill) => number,
  textOf: (w: WeighedKill) => string,
): HypothesisDraft[] {
  const child = (role: 'shim' | 'container', title: string): HypothesisDraft => {
    const mine = kills.filter((w) => w.role === role && w.kill.victimKnown);
    const others = kills.filter((w) => w.role !== undefined && w.role !== role && w.kill.victimKnown);
    // A `containerd-shim` comm that no pid owner confirms is a shim, but whose is not known.
    const forItems = mine.map((w) =>
      killEvidence(
        w,
        role === 'shim' && !w.join && !w.owner ? Math.min(weightOf(w), W.shimByName) : weightOf(w),
        textOf(w),
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

    for (const w of mine) forItems.push(killEvidence(w, tieWeight(w), killText(w)));
    for (const w of unscoped)
      forItems.push(
        killEvidence(
          w,
          w.kill.victimKnown ? W.unscoped : W.cut,
          `${killText(w)}; the lines do not say whether a cgroup limit or the whole node ran out (kernels before 5.0 print the scope on a line that is missing here)`,
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
      .map((f) => fact(f, 'unit') ?? fact(f, 'cgroup')?.split('/').pop())
      .filter((u): u is string => u !== undefined);
    // A kernel kill line of the same seconds says the same kill better (it gives the scope).
    const killTimes = kills
      .filter((w) => w.kill.victimKnown && w.kill.time !== null)
      .map((w) => w.kill.time as number);
    for (const f of ctx.byRule('systemd.unit-oom-kill', 'systemd.oom-killer-process')) {
      if (oomdUnits.includes(fact(f, 'unit') ?? '')) continue;
      const t = f.time;
      if (t !== null && killTimes.some((k) => Math.abs(k - t) <= SAME_KILL_S * 1e6)) continue;
      const j = unitOomJoin(ctx, f);
      const lone = ctx.focus.symptomIds.length === 0;
      const near = f.time !== null && ctx.focus.time !== null && ctx.nearFocus(f, OOM_BEFORE_S, OOM_AFTER_S);
      const weight = j || lone || near ? W.unit : W.unitFar;
      forItems.push(
        ctx.fromFinding(
          f,
          weight,
          `systemd says a process of ${fact(f, 'unit') ?? 'a unit'} was OOM-killed${j ? ` (${j.text})` : ''}; it does not say whether the unit's limit or the node ran out`,
        ),
      );
    }

    forItems.push(...exit137Evidence(ctx, 'OOM killer'));

    // The death by the node-wide killer: not a cgroup's limit. Only when no cgroup kill reaches
    // the focus too: then the inputs hold several deaths (the generator's node has three), each
    // with its own kill.
    if (!mine.some((w) => w.tie === 'joined'))
      for (const w of other)
        if (w.tie === 'joined')
          against.push(
            killEvidence(w, W.otherScope, `${killText(w)}: the node ran out of memory, not a cgroup`),
          );
    if (mine.length === 0 && !unscoped.some((w) => w.kill.victimKnown) && other.some((w) => w.tie === 'lone'))
      against.push(
        killEvidence(
          other[0],
          W.otherScopeLone,
          `The only OOM kills in the inputs are node-wide (${other[0].what})`,
        ),
      );

    const noLine = noOomLine(
      ctx,
      'kernel-oom',
      '`Killed process`, `oom-kill:`, `invoked oom-killer` or `oom_reaper` lines',
      W.absence,
      'The kernel log covers the death and has no OOM killer line within a minute before it',
    );
    if (noLine) against.push(noLine);

    const us = userspaceKill(ctx);
    if (us && !mine.some((w) => w.tie === 'joined'))
      against.push(
        ctx.fromFinding(
          us,
          W.userspace,
          'A userspace OOM killer killed here: its kills leave no kernel OOM line and it is the manual-or-automation cause',
        ),
      );

    const gaps: Gap[] = [...kernelGaps(ctx), memoryEventsGap(ctx)];

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
      children: roleChildren('oom-kill-cgroup', mine, tieWeight, killText),
    };
  },
};
