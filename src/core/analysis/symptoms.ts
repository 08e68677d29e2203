// Symptoms (issue 5 part 2): what the user sees go wrong, detected from the findings of the
// detector rules (rules.ts) or named by the user. Hypotheses explain symptoms, so a symptom must
// be something that did go wrong: DESIGN.md section 7 lists the traps this file avoids
// (`shim disconnected` on every normal stop, containerd's synthetic exit 137, OOMKilled with
// exit code 1 or 128). Pure: no I/O, the same findings give the same symptoms.
import { type LogEvent, splitEventId } from '../model/event.ts';
import type { Finding } from './rule-schema.ts';

/** Every symptom kind: what a reader of saved state or of a scenario manifest checks a kind against. */
export const SYMPTOM_KINDS = [
  'container-unknown',
  'shim-died',
  'exit-137',
  'oom-killed',
  'restarts',
  'task-missing',
  'custom',
] as const;

export type SymptomKind = (typeof SYMPTOM_KINDS)[number];

export interface Symptom {
  id: string;
  kind: SymptomKind;
  /** "container 7fc23ca64dfc is Unknown". */
  title: string;
  /** Container (or, for shim-died, shim/sandbox) id or prefix as the inputs gave it. */
  container?: string;
  pod?: string;
  /** Epoch µs of the earliest finding with a time, or null. */
  time: number | null;
  eventIds: string[];
  findingIds: string[];
  facts: Record<string, string | number>;
  source: 'detected' | 'user';
}

/**
 * How long after `shim disconnected` its aftermath may come: containerd cleans a dead shim and
 * publishes the exits within milliseconds (public/sample journal lines 329-336 span 44 ms); the
 * one-second resolution of `journalctl -o short` needs a little room on top.
 */
export const SHIM_FOLLOW_SECONDS = 5;

const SYNTHETIC_137_NOTE =
  'follows `cleaning up dead shim`: containerd reports 128+SIGKILL for the tasks of a dead shim itself (containerd issue 8381), so this exit code is weak evidence of a kill';
const OOM_EXIT_NOTE = 'an OOMKilled container may report exit code 1 or 128, not only 137';

/** The id a finding names its container by, in the fact names the rule families use. */
export function containerOf(f: Finding): string | undefined {
  for (const k of ['container', 'containerId', 'id', 'taskId', 'rowId']) {
    const v = f.facts[k];
    if (typeof v === 'string' && v) return v.replace(/^containerd:\/\//, '');
  }
  return undefined;
}

function short(id: string): string {
  return /^[0-9a-f]{13,}$/.test(id) ? id.slice(0, 12) : id;
}

/** The source and line of a finding's first event (`journal.txt:333`; a malformed id is its own source). */
function firstEvent(f: Finding): { sourceId: string; line: number } {
  const id = f.eventIds[0] ?? '';
  return splitEventId(id) ?? { sourceId: id, line: 0 };
}

/**
 * Whether finding `b` comes after `a`: by line within one source (journalctl `short` gives all
 * lines of one second the same time, so time alone cannot order them), else by time.
 */
function after(a: Finding, b: Finding): boolean {
  const fa = firstEvent(a);
  const fb = firstEvent(b);
  if (fa.sourceId === fb.sourceId) return fb.line > fa.line;
  return a.time !== null && b.time !== null && b.time > a.time;
}

/** b comes after a and within `seconds` of it (an unknown time on either side: same source only). */
function followsWithin(a: Finding, b: Finding, seconds: number): boolean {
  if (!after(a, b)) return false;
  if (a.time !== null && b.time !== null) return b.time - a.time <= seconds * 1e6;
  return firstEvent(a).sourceId === firstEvent(b).sourceId;
}

/** Ids one container may be given by: a 12-char crictl prefix and the full 64-hex id are one. */
export function sameContainer(a: string, b: string): boolean {
  if (a === b) return true;
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  return s.length >= 12 && /^[0-9a-f]+$/.test(s) && l.startsWith(s);
}

interface Draft {
  kind: SymptomKind;
  container?: string;
  pod?: string;
  findings: Finding[];
  facts: Record<string, string | number>;
}

/** What the events say about containers: their sandbox and pod (crictl, kubelet lines). */
interface Links {
  sandboxOf: Map<string, string>;
  podOf: Map<string, string>;
}

function linksFrom(events: Iterable<LogEvent> | undefined): Links {
  const sandboxOf = new Map<string, string>();
  const podOf = new Map<string, string>();
  for (const e of events ?? []) {
    const c = e.entities.find((x) => x.kind === 'container')?.id;
    if (!c) continue;
    const sb = e.entities.find((x) => x.kind === 'sandbox')?.id;
    if (sb && !sandboxOf.has(c)) sandboxOf.set(c, sb);
    // namespace/name reads better than a pod UID.
    const pod = e.entities.find((x) => x.kind === 'pod' && x.id.includes('/'))?.id;
    if (pod && !podOf.has(c)) podOf.set(c, pod);
  }
  return { sandboxOf, podOf };
}

function lookup(map: Map<string, string>, id: string): string | undefined {
  const hit = map.get(id);
  if (hit !== undefined) return hit;
  for (const [k, v] of map) if (sameContainer(k, id)) return v;
  return undefined;
}

function exitStatus(f: Finding): number | undefined {
  const v = f.rule === 'containerd.task-exit' ? f.facts.exitStatus : f.facts.exitCode;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
  return n;
}

/**
 * The `shim disconnected` findings that mark a shim that died, each with the findings that show
 * it. A shim that disconnects after its task exited is a normal stop (DESIGN.md section 7): the
 * sample logs it, `cleaning up dead shim` included, for every pod deleted (journal lines
 * 233-240). A death shows in what comes after: a TaskExit 137 published by the cleanup, or a
 * task that cannot be deleted (`failed to delete task ... ttrpc: closed`), for that shim or a
 * container of its sandbox, within SHIM_FOLLOW_SECONDS. The cleanup line names no shim, so it
 * joins the evidence but does not decide.
 */
function shimDeaths(findings: Finding[], links: Links): Draft[] {
  const out: Draft[] = [];
  // Only these can follow a death; filtered once (a node's day has thousands of findings).
  const aftermath = findings.filter((f) => AFTERMATH_RULES.has(f.rule));
  for (const d of findings) {
    if (d.rule !== 'containerd.shim-disconnected') continue;
    const shim = containerOf(d);
    if (!shim) continue;
    // Whether a follow-up about container `c` is about this shim: the same id, a container of
    // its sandbox, or a container whose sandbox the inputs do not say (no crictl pasted).
    const mine = (c: string | undefined): boolean => {
      if (c === undefined) return false;
      if (sameContainer(c, shim)) return true;
      const sb = lookup(links.sandboxOf, c);
      return sb === undefined || sameContainer(sb, shim);
    };
    const later = aftermath.filter((f) => followsWithin(d, f, SHIM_FOLLOW_SECONDS));
    const deciding = later.filter(
      (f) =>
        ((f.rule === 'containerd.task-exit' && exitStatus(f) === 137) ||
          f.rule === 'containerd.failed-delete-task' ||
          f.rule === 'containerd.deadline-exceeded') &&
        mine(containerOf(f)),
    );
    if (deciding.length === 0) continue;
    const cleanup = later.filter((f) => f.rule === 'containerd.dead-shim-cleanup');
    const tasks = [...new Set(deciding.map(containerOf).filter((c): c is string => !!c))];
    out.push({
      kind: 'shim-died',
      container: shim,
      findings: [d, ...cleanup, ...deciding],
      facts: {
        shim,
        followedBy: [...new Set([...cleanup, ...deciding].map((f) => f.rule))].join(', '),
        ...(tasks.length > 0 ? { tasks: tasks.join(', ') } : {}),
      },
    });
  }
  return out;
}

/**
 * A state row (crictl ps / inspect, ctr tasks) saying Unknown, or a restart count: the row's time
 * is when the container was created or listed, not when it went Unknown.
 */
const STATE_RULES = new Set(['runtime.container-unknown', 'restart-count']);

const AFTERMATH_RULES = new Set([
  'containerd.task-exit',
  'containerd.failed-delete-task',
  'containerd.deadline-exceeded',
  'containerd.dead-shim-cleanup',
]);

/** One draft per finding that is a symptom by itself (every kind but shim-died). */
function directDrafts(findings: Finding[]): Draft[] {
  const out: Draft[] = [];
  const cleanups = findings.filter((f) => f.rule === 'containerd.dead-shim-cleanup');
  for (const f of findings) {
    const c = containerOf(f);
    const pod = typeof f.facts.pod === 'string' ? f.facts.pod : undefined;
    const base = { container: c, pod, findings: [f] };
    switch (f.rule) {
      case 'runtime.container-unknown':
        out.push({ ...base, kind: 'container-unknown', facts: { state: 'Unknown' } });
        break;
      case 'containerd.task-exit':
      case 'runtime.exit-code': {
        const code = exitStatus(f);
        const reason = typeof f.facts.reason === 'string' ? f.facts.reason : undefined;
        if (reason === 'OOMKilled')
          out.push({
            ...base,
            kind: 'oom-killed',
            facts: { reason, ...(code !== undefined ? { exitCode: code } : {}), note: OOM_EXIT_NOTE },
          });
        if (code !== 137) break;
        const synthetic = cleanups.find((k) => followsWithin(k, f, SHIM_FOLLOW_SECONDS));
        out.push({
          ...base,
          kind: 'exit-137',
          findings: synthetic ? [f, synthetic] : [f],
          facts: synthetic
            ? { exitCode: 137, synthetic: 'yes', note: SYNTHETIC_137_NOTE }
            : { exitCode: 137, synthetic: 'no' },
        });
        break;
      }
      case 'kubelet.oom-killed':
      case 'runtime.oomkilled-reason':
        out.push({ ...base, kind: 'oom-killed', facts: { reason: 'OOMKilled', note: OOM_EXIT_NOTE } });
        break;
      case 'kubelet.back-off':
        out.push({
          ...base,
          kind: 'restarts',
          facts:
            typeof f.facts.delay === 'string' || typeof f.facts.delay === 'number'
              ? { backOff: f.facts.delay }
              : {},
        });
        break;
      case 'runtime.task-missing':
        out.push({ ...base, kind: 'task-missing', facts: {} });
        break;
    }
  }
  return out;
}

/** The restart count of a container-state row: crictl's ATTEMPT, kubectl describe's `Restart Count`. */
export function restartCountOf(e: LogEvent): number | undefined {
  if (e.fields.what !== 'container-state') return undefined;
  const v = typeof e.fields.attempt === 'number' ? e.fields.attempt : e.fields.restartCount;
  return typeof v === 'number' ? v : undefined;
}

/**
 * Container rows restarted at least once (no rule reads restart counts). A memory limit on the
 * same row (kubectl describe's `Limits: memory: 50Mi`) is kept: a restart loop under a limit is
 * what an OOM kill looks like when the describe prints no reason (kubernetes#10861).
 */
function restartDrafts(events: Iterable<LogEvent> | undefined): Draft[] {
  const out: Draft[] = [];
  for (const e of events ?? []) {
    const attempt = restartCountOf(e);
    if (attempt === undefined || attempt < 1) continue;
    const container = e.entities.find((x) => x.kind === 'container')?.id;
    const pod = e.entities.find((x) => x.kind === 'pod' && x.id.includes('/'))?.id;
    const name =
      typeof e.fields.name === 'string'
        ? e.fields.name
        : typeof e.fields.container === 'string'
          ? e.fields.container
          : undefined;
    const limit = e.fields['limits.memory'];
    const pseudo: Finding = {
      id: `restart-count@${e.id}`,
      rule: 'restart-count',
      title: 'restart count',
      severity: 'info',
      time: e.time,
      eventIds: [e.id],
      facts: {},
    };
    out.push({
      kind: 'restarts',
      container: name ?? container,
      pod,
      findings: [pseudo],
      facts: { attempt, ...(typeof limit === 'string' ? { memoryLimit: limit } : {}) },
    });
  }
  return out;
}

function byTime(a: { time: number | null }, b: { time: number | null }): number {
  if (a.time === b.time) return 0;
  if (a.time === null) return 1;
  if (b.time === null) return -1;
  return a.time - b.time;
}

/** Time order; within one second of one source (journalctl `short`), line order. */
function findingOrder(a: Finding, b: Finding): number {
  const t = byTime(a, b);
  if (t !== 0 || a.time !== b.time) return t;
  return after(b, a) ? 1 : after(a, b) ? -1 : 0;
}

function title(kind: SymptomKind, who: string | undefined, facts: Record<string, string | number>): string {
  const c = who ? `container ${short(who)}` : 'a container';
  switch (kind) {
    case 'container-unknown':
      return `${c} is Unknown`;
    case 'shim-died':
      return `shim ${who ? short(who) : ''} died`.replace('  ', ' ');
    case 'exit-137':
      return `${c} exited with 137${facts.synthetic === 'yes' ? ' (reported after a dead-shim cleanup)' : ''}`;
    case 'oom-killed':
      return `${c} was OOMKilled`;
    case 'restarts':
      return `${c} restarts`;
    case 'task-missing':
      return `task of ${c} is missing`;
    default:
      return `${c}: ${kind}`;
  }
}

/**
 * The symptoms in `findings` (from findFindings over every source). `events`, when given, link
 * containers to their sandbox and pod (so a dead shim is tied to the containers it ran) and give
 * restart counts from crictl rows. Several findings of one kind about one container (crictl ps,
 * crictl inspect and containerd saying the same) merge into one symptom listing them all; the
 * symptoms come in time order, those without a time last.
 */
export function detectSymptoms(findings: Finding[], events?: Iterable<LogEvent>): Symptom[] {
  const evs = events ? [...events] : undefined;
  const links = linksFrom(evs);
  const drafts = [...shimDeaths(findings, links), ...directDrafts(findings), ...restartDrafts(evs)];

  // Merge per kind and container (a 12-char prefix and its full id are one); a symptom with no
  // container merges by pod, else stands alone.
  const merged: Draft[] = [];
  for (const d of drafts) {
    const same = merged.find(
      (m) =>
        m.kind === d.kind &&
        (m.container !== undefined && d.container !== undefined
          ? sameContainer(m.container, d.container) &&
            (m.pod === undefined || d.pod === undefined || m.pod === d.pod)
          : m.container === undefined && d.container === undefined && m.pod !== undefined && m.pod === d.pod),
    );
    if (!same) {
      merged.push({ ...d, findings: [...d.findings], facts: { ...d.facts } });
      continue;
    }
    for (const f of d.findings) if (!same.findings.includes(f)) same.findings.push(f);
    // The full id over a prefix; facts: first value wins, but a synthetic exit stays marked.
    if (d.container && (!same.container || d.container.length > same.container.length))
      same.container = d.container;
    same.pod ??= d.pod;
    for (const [k, v] of Object.entries(d.facts)) if (!(k in same.facts)) same.facts[k] = v;
    if (d.facts.synthetic === 'yes') {
      same.facts.synthetic = 'yes';
      same.facts.note = SYNTHETIC_137_NOTE;
    }
  }

  const out = merged.map((d): Symptom => {
    const fs = [...d.findings].sort(findingOrder);
    const pod = d.pod ?? (d.container ? lookup(links.podOf, d.container) : undefined);
    const key = d.container ?? pod ?? fs[0]?.id ?? '';
    return {
      id: `${d.kind}:${key}`,
      kind: d.kind,
      title: title(d.kind, d.container, d.facts),
      ...(d.container !== undefined ? { container: d.container } : {}),
      ...(pod !== undefined ? { pod } : {}),
      // A state row's time is not when the state began (crictl inspect's record time is the
      // container's createdAt): such a symptom has a time only from a log line.
      time: fs.find((f) => f.time !== null && !STATE_RULES.has(f.rule))?.time ?? null,
      eventIds: [...new Set(fs.flatMap((f) => f.eventIds))],
      findingIds: fs.filter((f) => !f.id.startsWith('restart-count@')).map((f) => f.id),
      facts: d.facts,
      source: 'detected',
    };
  });
  // Stable: equal times keep detection order (shim deaths, then findings in input order).
  return out.sort(byTime);
}

/** A symptom the user names ("the checkout pod hangs"): no evidence yet, to be explained. */
export function userSymptom(
  kind: SymptomKind,
  title: string,
  facts: Record<string, string | number> = {},
): Symptom {
  const slug =
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 48) || 'unnamed';
  const container = typeof facts.container === 'string' ? facts.container : undefined;
  const pod = typeof facts.pod === 'string' ? facts.pod : undefined;
  return {
    id: `user:${kind}:${slug}`,
    kind,
    title,
    ...(container !== undefined ? { container } : {}),
    ...(pod !== undefined ? { pod } : {}),
    time: typeof facts.time === 'number' ? facts.time : null,
    eventIds: [],
    findingIds: [],
    facts: { ...facts },
    source: 'user',
  };
}
