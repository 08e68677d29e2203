// What the cause modules share besides the kills (kills.ts): how a finding stands to the incident
// (placement), one evidence item for several findings that say the same, and small readers of
// facts. One implementation each, so every cause weighs "near the focus" and "the same line
// again" the same way.
import type { AnalysisContext, FocusJoin } from '../context.ts';
import type { Evidence } from '../model.ts';
import type { Finding } from '../rule-schema.ts';
import type { Symptom } from '../symptoms.ts';

// ---- small readers ------------------------------------------------------------------------------

/** A fact as a string, undefined when absent or empty. */
export function str(f: Finding, k: string): string | undefined {
  const v = f.facts[k];
  return v === undefined || v === '' ? undefined : String(v);
}

export function capital(s: string): string {
  return s.length > 0 ? s[0].toUpperCase() + s.slice(1) : s;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The focus symptoms of these kinds (what a cause would explain). */
export function symptomIdsOf(ctx: AnalysisContext, kinds: readonly Symptom['kind'][]): string[] {
  return ctx.symptomsOf(...kinds).map((s) => s.id);
}

/** Whether the symptoms name anyone or any time: without that every line is "the incident". */
export function hasFocus(ctx: AnalysisContext): boolean {
  const f = ctx.focus;
  return f.containers.length + f.sandboxes.length + f.pods.length > 0 || f.time !== null;
}

/** The resource a kubelet eviction line names (`ephemeral-storage`, `memory`, `pid.available`...), if any. */
export function evictionResource(f: Finding): string | undefined {
  for (const k of ['resource', 'resourceName', 'lowResource']) {
    const v = str(f, k);
    if (v) return v;
  }
  return undefined;
}

/** Eviction signals of disk: `ephemeral-storage`, `nodefs.available`, `imagefs.inodesFree`. */
export const DISK_RESOURCE = /ephemeral-storage|nodefs|imagefs|inode|disk|storage/i;

/**
 * The container runtime's units, whose restart takes containers with it (their shims, their
 * logging binaries): the unit fact of `containerd.service: Scheduled restart job, restart counter
 * is at 3.`.
 */
export const RUNTIME_UNIT_RE =
  /^(?:containerd|docker|crio|cri-o|k3s|k3s-agent|rke2-server|rke2-agent)\.service$/;

/**
 * The units whose stop kills container shims: the runtime's, and the kubelet's where the shims
 * run in its cgroup. The unit fact of `containerd.service: Killing process 1041 (containerd-shim)
 * with signal SIGKILL.` (rule systemd.sigkill-sent's example).
 */
export const SHIM_UNIT_RE =
  /^(?:containerd|docker|crio|cri-o|k3s|k3s-agent|rke2-server|rke2-agent|kubelet)\.service$/;

/**
 * A systemd unit tied to the focus through its name, the scope of a container
 * (`cri-containerd-7fc23ca64dfcf631a67171832113262567792dab9b42c2af03b740659ea21e27.scope`),
 * else through what the line names itself. Null when the line names no unit.
 */
export function unitJoin(ctx: AnalysisContext, f: Finding): FocusJoin | null {
  const unit = str(f, 'unit');
  if (!unit) return null;
  return ctx.joinToFocus({ ...f, facts: { cgroup: unit } }) ?? ctx.joinToFocus(f);
}

// ---- placement: where a finding stands relative to the incident ---------------------------------

/**
 * Where a finding stands relative to the incident, which decides how much its line counts
 * (brief's weights): it names the focus (`joined`), it is on the node near the focus time
 * (`near`), the incident has no focus at all (a lone dmesg paste: the line is the incident,
 * `unfocused`), the line or the focus has no time (`untimed`), or it is far from the focus time.
 */
type Placement = 'joined' | 'near' | 'untimed' | 'unfocused' | 'far';
export type Weights = Record<Placement, number>;
interface Placed {
  where: Placement;
  join: FocusJoin | null;
}

export function placementOf(
  ctx: AnalysisContext,
  f: Finding,
  before: number,
  after: number,
  join: FocusJoin | null = ctx.joinToFocus(f),
): Placed {
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
export function placementText(ctx: AnalysisContext, f: Finding, p: Placed): string {
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

// ---- several findings, one evidence item --------------------------------------------------------

/** The group's strongest item and its weight (input order breaks ties). */
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
 * One evidence item for several findings that say the same (the sample's kernel lines come in
 * dmesg.txt and journalctl-k.txt alike; containerd repeats an error per retry): repeated lines of
 * one fault are not independent. The best finding (default the first) decides and its lines come
 * first, the others' follow. With `id` the item is `findings:<id>` (one per kind of fault),
 * else it is the best finding's.
 */
export function mergedEvidence(
  ctx: AnalysisContext,
  all: readonly Finding[],
  weight: number,
  text: string,
  opts: { best?: Finding; id?: string } = {},
): Evidence {
  const best = opts.best ?? all[0];
  const e = ctx.fromFinding(best, weight, text);
  for (const f of all) for (const id of f.eventIds) if (!e.eventIds.includes(id)) e.eventIds.push(id);
  return opts.id ? { ...e, id: `findings:${opts.id}` } : e;
}

/** `errors.txt:1`, or `errors.txt:1 and 2 more` for a merged item. */
export function linesText(all: readonly Finding[]): string {
  const first = all[0]?.eventIds[0] ?? '';
  return all.length > 1 ? `${first} and ${all.length - 1} more` : first;
}

/**
 * The findings of one kind as one item weighed by their best placement: the best line decides,
 * the sentence says how many lines there are and how the best one is tied to the incident.
 * `bonus` raises a line that decides over the others (a read-only remount over the error before
 * it). Nothing when there are no findings or the best weighs nothing (a line far from the death).
 */
export function placedGroup(
  ctx: AnalysisContext,
  findings: readonly Finding[],
  window: { before: number; after: number; weights: Weights },
  say: (f: Finding) => string,
  bonus: (f: Finding) => number = () => 0,
): Evidence[] {
  const { before, after, weights } = window;
  const best = strongest(findings, (f) => weights[placementOf(ctx, f, before, after).where] + bonus(f));
  if (!best || best.weight <= 0) return [];
  const f = best.item;
  const p = placementOf(ctx, f, before, after);
  const n = findings.length > 1 ? ` (${findings.length} lines, ${linesText(findings)})` : '';
  return [
    mergedEvidence(ctx, findings, best.weight, `${say(f)}${n}${placementText(ctx, f, p)}`, { best: f }),
  ];
}
