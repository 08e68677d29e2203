// What a hypothesis module sees (hypotheses/*.ts): the findings, the symptoms, whom and when
// they concern (the focus), which logs cover which time (for negative evidence), the entity
// joins, and builders for evidence items, so every module words and links evidence the same way.
import { around, cmd } from './commands.ts';
import { sourcesCovering, sourcesWith } from './coverage.ts';
import type { Joins, PidOwner } from './joins.ts';
import type { Evidence, Focus, Producer, SourceCoverage } from './model.ts';
import type { Finding } from './rule-schema.ts';
import { containerOf, type Symptom, sameContainer } from './symptoms.ts';

/** How a finding is tied to the focus of the incident. */
export interface FocusJoin {
  /** The focus container or sandbox it reaches (full id), or the pod. */
  target: string;
  via: 'container' | 'sandbox' | 'shim' | 'init' | 'member' | 'cgroup' | 'pod';
  /** "pid 2150 is the shim of sandbox afcf4efe9792, the sandbox of container 7fc23ca64dfc". */
  text: string;
}

export interface AnalysisContext {
  readonly findings: readonly Finding[];
  readonly symptoms: readonly Symptom[];
  readonly focus: Focus;
  readonly coverage: readonly SourceCoverage[];
  readonly joins: Joins;
  /** Findings of these rules, in input order. */
  byRule(...rules: string[]): Finding[];
  /** Symptoms of these kinds. */
  symptomsOf(...kinds: Symptom['kind'][]): Symptom[];
  /** How a finding reaches the focus (its container, its pid's owner, its memcg, its pod), or null. */
  joinToFocus(f: Finding): FocusJoin | null;
  /** The containers / sandboxes a pid serves. */
  ownersOfPid(pid: number | string): PidOwner[];
  /** Seconds from the focus time to the finding (negative: before); null when either has no time. */
  secondsFromFocus(f: Finding): number | null;
  /** Whether the finding lies within [focus - before, focus + after] seconds (true when either has no time). */
  nearFocus(f: Finding, before: number, after: number): boolean;
  /** Sources whose `producer` lines span the window around the focus; [] when the focus has no time. */
  covering(producer: Producer, before: number, after: number): SourceCoverage[];
  /** Whether any source has lines of `producer`. */
  has(producer: Producer): boolean;
  /** An evidence item resting on a finding's lines. */
  fromFinding(f: Finding, weight: number, text: string): Evidence;
  fromSymptom(s: Symptom, weight: number, text: string): Evidence;
  /**
   * Negative evidence: `searched` was not found in `producer` lines that cover the focus window
   * (before/after seconds). Null when no source covers it: an uncovered second argues nothing.
   */
  absence(
    id: string,
    producer: Producer,
    searched: string,
    before: number,
    after: number,
    weight: number,
    text: string,
  ): Evidence | null;
  /** A short id for display (12 chars of a hex id). */
  short(id: string): string;
  /** The focus pod (`ns/name` when known, else a UID). */
  focusPod(): string | undefined;
  focusPodUid(): string | undefined;
  /** The main focus container (the first symptom's), full id when known. */
  focusContainer(): string | undefined;
  /** journalctl window commands around the focus. */
  timeWindow(before: number, after: number): [number | null, number | null];
  readonly cmd: typeof cmd;
}

const UID_RE = /[0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12}/;

const DEATH_KINDS = new Set<Symptom['kind']>(['shim-died', 'exit-137', 'oom-killed', 'task-missing']);

function short(id: string): string {
  return /^[0-9a-f]{13,}$/.test(id) ? id.slice(0, 12) : id;
}

/** The focus: containers, sandboxes and pods the symptoms name, joined, and the first symptom time. */
export function focusOf(symptoms: readonly Symptom[], joins: Joins): Focus {
  const containers: string[] = [];
  const sandboxes: string[] = [];
  const pods: string[] = [];
  const add = (list: string[], v: string | undefined) => {
    if (v && !list.some((x) => sameContainer(x, v) || x === v)) list.push(v);
  };
  for (const s of symptoms) {
    // A restart count names the container by its name (`checkout`): its pod joins it below.
    if (s.container && /^[0-9a-f]{12,64}$/.test(s.container)) {
      const id = joins.resolve(s.container);
      // A shim is named by its sandbox's id (the task directory of the shim).
      const kind = joins.kindOf(id) ?? (s.kind === 'shim-died' ? 'sandbox' : 'container');
      if (kind === 'sandbox') {
        add(sandboxes, id);
        for (const c of joins.containersOf(id)) add(containers, c);
      } else {
        add(containers, id);
        add(sandboxes, joins.sandboxOf(id));
      }
      const pod = joins.podOf(id);
      add(pods, pod?.name);
      add(pods, pod?.uid);
    }
    add(pods, s.pod);
  }
  // When it went wrong: a death (shim died, exit, OOMKilled, task gone) over a state row whose
  // time is the container's creation (crictl inspect's createdAt) or the time it was listed.
  const deaths = symptoms.filter((s) => DEATH_KINDS.has(s.kind) && s.time !== null);
  const times = (deaths.length > 0 ? deaths : symptoms)
    .map((s) => s.time)
    .filter((t): t is number => t !== null);
  return {
    containers,
    sandboxes,
    pods,
    time: times.length > 0 ? Math.min(...times) : null,
    symptomIds: symptoms.map((s) => s.id),
  };
}

export function buildContext(input: {
  findings: readonly Finding[];
  symptoms: readonly Symptom[];
  coverage: readonly SourceCoverage[];
  joins: Joins;
}): AnalysisContext {
  const { findings, symptoms, coverage, joins } = input;
  const focus = focusOf(symptoms, joins);
  const byRuleMap = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byRuleMap.get(f.rule);
    if (list) list.push(f);
    else byRuleMap.set(f.rule, [f]);
  }
  const inFocus = (id: string): { target: string; kind: 'container' | 'sandbox' } | null => {
    const full = joins.resolve(id);
    const c = focus.containers.find((x) => sameContainer(x, full));
    if (c) return { target: c, kind: 'container' };
    const s = focus.sandboxes.find((x) => sameContainer(x, full));
    if (s) return { target: s, kind: 'sandbox' };
    return null;
  };
  const podUids = focus.pods.filter((p) => UID_RE.test(p)).map((p) => p.replace(/_/g, '-'));
  const nameTask = (o: { target: string; kind: string }) => {
    const name = joins.nameOf(o.target);
    return `${o.kind} ${short(o.target)}${name ? ` (${name})` : ''}`;
  };

  const ctx: AnalysisContext = {
    findings,
    symptoms,
    focus,
    coverage,
    joins,
    byRule: (...rules) =>
      rules.length === 1
        ? [...(byRuleMap.get(rules[0]) ?? [])]
        : findings.filter((f) => rules.includes(f.rule)),
    symptomsOf: (...kinds) => symptoms.filter((s) => kinds.includes(s.kind)),
    joinToFocus(f) {
      const c = containerOf(f);
      if (c) {
        const hit = inFocus(c);
        if (hit) return { target: hit.target, via: hit.kind, text: `it names ${nameTask(hit)}` };
      }
      const pid = f.facts.pid;
      if (pid !== undefined) {
        for (const o of joins.ownersOfPid(pid)) {
          const hit = inFocus(o.id);
          if (hit) {
            const role = o.role === 'member' ? 'a process in the cgroup of' : `the ${o.role} of`;
            return { target: hit.target, via: o.role, text: `pid ${pid} is ${role} ${nameTask(hit)}` };
          }
        }
      }
      for (const k of ['taskMemcg', 'memcg', 'oomMemcg', 'cgroup']) {
        const v = f.facts[k];
        if (typeof v !== 'string') continue;
        for (const x of [...focus.containers, ...focus.sandboxes])
          if (v.includes(x) || (x.length >= 12 && v.includes(x.slice(0, 12)) && /^[0-9a-f]+$/.test(x))) {
            const kind = focus.containers.includes(x) ? 'container' : 'sandbox';
            return {
              target: x,
              via: 'cgroup',
              text: `its cgroup ${v} is that of ${nameTask({ target: x, kind })}`,
            };
          }
        const uidHit = podUids.find((u) => v.replace(/_/g, '-').includes(u));
        if (uidHit)
          return {
            target: uidHit,
            via: 'cgroup',
            text: `its cgroup ${v} is that of pod ${ctx.focusPod() ?? uidHit}`,
          };
      }
      const pod = f.facts.pod;
      if (typeof pod === 'string' && focus.pods.includes(pod))
        return { target: pod, via: 'pod', text: `it names pod ${pod}` };
      return null;
    },
    ownersOfPid: (pid) => joins.ownersOfPid(pid),
    secondsFromFocus(f) {
      return focus.time === null || f.time === null ? null : (f.time - focus.time) / 1e6;
    },
    nearFocus(f, before, after) {
      const s = ctx.secondsFromFocus(f);
      return s === null || (s >= -before && s <= after);
    },
    covering(producer, before, after) {
      if (focus.time === null) return [];
      return sourcesCovering(coverage, producer, focus.time - before * 1e6, focus.time + after * 1e6);
    },
    has: (producer) => sourcesWith(coverage, producer).length > 0,
    fromFinding(f, weight, text) {
      return {
        id: `finding:${f.id}`,
        kind: 'finding',
        weight,
        text,
        findingId: f.id,
        eventIds: [...f.eventIds],
      };
    },
    fromSymptom(s, weight, text) {
      return {
        id: `symptom:${s.id}`,
        kind: 'symptom',
        weight,
        text,
        symptomId: s.id,
        eventIds: [...s.eventIds],
      };
    },
    absence(id, producer, searched, before, after, weight, text) {
      const srcs = ctx.covering(producer, before, after);
      if (srcs.length === 0) return null;
      const [from, to] = ctx.timeWindow(before, after);
      return {
        id: `absence:${id}`,
        kind: 'absence',
        weight,
        text,
        eventIds: [],
        coverage: { searched, producer, sources: srcs.map((s) => s.name), from, to },
      };
    },
    short,
    focusPod: () => focus.pods.find((p) => p.includes('/')) ?? focus.pods[0],
    focusPodUid: () => focus.pods.find((p) => UID_RE.test(p)),
    focusContainer: () => focus.containers[0] ?? focus.sandboxes[0],
    timeWindow: (before, after) => around(focus.time, before, after),
    cmd,
  };
  return ctx;
}
