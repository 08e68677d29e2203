// What the engine answers about entities (docs/entities.md): the list with counts and time spans,
// the filter mask of one entity, and a container's lifecycle as one lane. Times are read from
// the stores at call time (the clock alignment may have moved them since the index was built).
import type { EntitySummary, LifecycleStep, LifecycleStepKind } from '../engine/engine-api.ts';
import type { TimeQuality } from '../model/event.ts';
import type { EntityIndex } from './entity-index.ts';
import type { EntityLinks, LinkedEntity } from './link.ts';

/** What entities() needs of a store: its times, read when asked. */
export interface TimedStore {
  readonly count: number;
  time(i: number): number | null;
  timeQuality(i: number): TimeQuality;
  line(i: number): number;
}

export interface LinkedSource {
  id: string;
  name: string;
  store: TimedStore;
  index: EntityIndex;
}

/** An exit this soon after a dead-shim cleanup is containerd's synthetic one (containerd#8381). */
export const SYNTHETIC_EXIT_WINDOW_US = 5_000_000;

const STEP_RANK: Record<LifecycleStepKind, number> = {
  created: 0,
  started: 1,
  killed: 2,
  'oom-killed': 3,
  'shim-disconnected': 4,
  'shim-cleaned': 5,
  exited: 6,
  state: 7,
  stopped: 8,
  removed: 9,
  unknown: 10,
};

const KIND_ORDER: Record<string, number> = { pod: 0, container: 1, sandbox: 2, process: 3, cgroup: 4 };

function short(id: string): string {
  return /^[0-9a-f]{13,64}$/.test(id) ? id.slice(0, 12) : id;
}

function labelOf(links: EntityLinks, x: number): string {
  const e: LinkedEntity = links.entities[x];
  const f = e.facts;
  switch (e.kind) {
    case 'container':
      return typeof f.name === 'string' ? `${f.name} (${short(e.id)})` : short(e.id);
    case 'sandbox': {
      const pod = links.linked(x, 'pod', 'out')[0];
      const name = pod === undefined ? undefined : links.entities[pod].facts.name;
      return typeof name === 'string' ? `${name} sandbox (${short(e.id)})` : `sandbox ${short(e.id)}`;
    }
    case 'process':
      return `pid ${f.pid}${typeof f.comm === 'string' ? ` ${f.comm}` : ''}`;
    case 'cgroup': {
      const parts = e.id.split('/').filter(Boolean);
      return parts.length ? parts[parts.length - 1] : e.id;
    }
    default:
      return e.id;
  }
}

/** Facts that come from a linked entity (a container's pod and sandbox). */
function linkedFacts(links: EntityLinks, x: number): Record<string, string | number> {
  const e = links.entities[x];
  const out: Record<string, string | number> = { ...e.facts };
  if (e.kind === 'container' || e.kind === 'sandbox') {
    const pod = links.linked(x, 'pod', 'out')[0];
    if (pod !== undefined) {
      out.pod = links.entities[pod].id;
      const uid = links.entities[pod].facts.uid;
      if (uid !== undefined) out.podUid = uid;
    }
    const sb = links.linked(x, 'sandbox', 'out')[0];
    if (sb !== undefined) out.sandbox = links.entities[sb].id;
  }
  return out;
}

/**
 * Every entity with at least one event, sorted pods, containers, sandboxes, processes, cgroups,
 * and by events within a kind. `events` counts what ViewQuery.entity shows for it (its mask).
 */
export function summarizeEntities(links: EntityLinks, sources: readonly LinkedSource[]): EntitySummary[] {
  const n = links.entities.length;
  const owners = links.owners();
  const events = new Float64Array(n);
  const first = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const last = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  const stamp = new Int32Array(n).fill(-1);
  let tick = 0;
  for (const src of sources) {
    const { offsets, refs } = src.index;
    const m = links.refMap(src.index);
    const count = Math.min(src.store.count, src.index.count);
    for (let i = 0; i < count; i++) {
      const a = offsets[i];
      const b = offsets[i + 1];
      if (a === b) continue;
      tick++;
      const t = src.store.time(i);
      for (let k = a; k < b; k++) {
        const x = m[refs[k]];
        if (x < 0) continue;
        for (const o of owners[x]) {
          if (stamp[o] === tick) continue;
          stamp[o] = tick;
          events[o]++;
          if (t !== null) {
            if (t < first[o]) first[o] = t;
            if (t > last[o]) last[o] = t;
          }
        }
      }
    }
  }
  const out: EntitySummary[] = [];
  for (let x = 0; x < n; x++) {
    if (events[x] === 0) continue;
    const e = links.entities[x];
    out.push({
      key: e.key,
      kind: e.kind,
      id: e.id,
      label: labelOf(links, x),
      aliases: [...e.aliases],
      events: events[x],
      first: Number.isFinite(first[x]) ? first[x] : null,
      last: Number.isFinite(last[x]) ? last[x] : null,
      related: links.related(x),
      facts: linkedFacts(links, x),
    });
  }
  out.sort(
    (a, b) =>
      (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9) ||
      b.events - a.events ||
      a.label.localeCompare(b.label),
  );
  return out;
}

/** 1 for each event of the index's source linked to the entity `key` (all 0 for an unknown key). */
export function entityMaskOf(links: EntityLinks, index: EntityIndex, key: string, count: number): Uint8Array {
  const out = new Uint8Array(count);
  const x = links.indexOfKey(key);
  if (x < 0 || !links.has(index)) return out;
  const want = new Uint8Array(links.entities.length);
  for (const y of links.maskOf(x)) want[y] = 1;
  const m = links.refMap(index);
  const { offsets, refs } = index;
  const n = Math.min(count, index.count);
  for (let i = 0; i < n; i++) {
    for (let k = offsets[i]; k < offsets[i + 1]; k++) {
      const y = m[refs[k]];
      if (y >= 0 && want[y]) {
        out[i] = 1;
        break;
      }
    }
  }
  return out;
}

interface Collected {
  step: LifecycleStep;
  src: number;
  event: number;
  deadShim: boolean;
}

/**
 * The lifecycle of a container or sandbox, in time order (untimed steps, such as a crictl state
 * as of the capture, last): the steps whose subject is in its mask, plus for a container the
 * shim steps of its sandbox (one shim serves the pod). An exit within 5 s after a dead-shim
 * cleanup is marked synthetic: containerd publishes exit 137 for the tasks of a shim it found
 * dead, whatever the process really did (containerd issue 8381).
 */
export function lifecycleOf(
  links: EntityLinks,
  sources: readonly LinkedSource[],
  key: string,
): LifecycleStep[] {
  const x = links.indexOfKey(key);
  if (x < 0) return [];
  const subjects = new Set(links.maskOf(x));
  const shimOnly = new Set(links.entities[x].kind === 'container' ? links.linked(x, 'sandbox', 'out') : []);
  const got: Collected[] = [];
  const seen = new Set<string>();
  sources.forEach((src, s) => {
    if (!links.has(src.index)) return;
    const m = links.refMap(src.index);
    for (const st of src.index.steps) {
      if (st.event >= src.store.count) continue;
      const y = m[st.subject];
      if (y < 0) continue;
      const shimStep = st.step === 'shim-disconnected' || st.step === 'shim-cleaned';
      if (!subjects.has(y) && !(shimOnly.has(y) && shimStep)) continue;
      // A crictl inspect record states its state on every event cut from it: once is enough.
      const dedupe = st.snapshot ? `${s}|${st.step}|${st.label}|${y}` : `${s}|${st.event}|${st.step}|${y}`;
      if (seen.has(dedupe)) continue;
      seen.add(dedupe);
      const time = st.snapshot ? null : src.store.time(st.event);
      got.push({
        step: {
          step: st.step,
          eventId: `${src.id}:${src.store.line(st.event)}`,
          sourceName: src.name,
          time,
          timeQuality: st.snapshot ? 'none' : src.store.timeQuality(st.event),
          label: st.label,
        },
        src: s,
        event: st.event,
        deadShim: st.deadShim === true,
      });
    }
  });
  const deadShims = got.filter((g) => g.deadShim && g.step.time !== null).map((g) => g.step.time as number);
  for (const g of got) {
    const t = g.step.time;
    if (g.step.step !== 'exited' || t === null) continue;
    if (deadShims.some((d) => d <= t && t - d <= SYNTHETIC_EXIT_WINDOW_US)) {
      g.step.label += ' (synthetic, after dead-shim cleanup)';
    }
  }
  got.sort((a, b) => {
    const ta = a.step.time;
    const tb = b.step.time;
    if (ta === null || tb === null) {
      if (ta !== tb) return ta === null ? 1 : -1;
    } else if (ta !== tb) return ta - tb;
    // Same stamp (whole seconds, from different tools): the order a lifecycle runs in.
    if (ta !== null) {
      const r = STEP_RANK[a.step.step] - STEP_RANK[b.step.step];
      if (r !== 0) return r;
    }
    return a.src - b.src || a.event - b.event;
  });
  return got.map((g) => g.step);
}
