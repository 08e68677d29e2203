// Moving around a view without materialising it (issue 4): jump to a time, find the next
// match, the lines around an event, and the density histogram and lanes over a time range.
// Everything works on the view's parallel typed arrays (sort key, source, event per row), so a
// histogram over a million rows is one pass over three typed arrays and no object per row.
import { SEVERITIES } from '../model/event.ts';
import type { SourceStore } from '../store/source-store.ts';
import { showBidi } from '../util/bidi.ts';
import { lowerBound, upperBound } from '../util/bounds.ts';
import { DENSITY_CLASSES, type DensityClass, type Histogram, type Lane, type Row } from './engine-api.ts';

/** A row's message is cut here: the table shows one line, the detail pane the whole record. */
export const ROW_MESSAGE_CHARS = 2000;
/** More bins than any canvas has pixels: a larger request is a bug, not a wish. */
export const MAX_BINS = 100_000;
/** Lanes listed when the query does not say. */
export const DEFAULT_MAX_LANES = 10;
/**
 * Key of the lane that sums what the listed lanes leave out. Source ids and entity keys are
 * never empty, so it cannot collide with a real lane.
 */
export const OTHER_LANE_KEY = '';
/**
 * Entity kinds that get a lane: the things an incident is told in (a container's lifecycle,
 * its pod). Processes, cgroups and units are linked to them (`related`), so their events are
 * already in those lanes through entityMask; a lane per pid would bury the containers.
 */
export const LANE_ENTITY_KINDS: readonly string[] = ['container', 'sandbox', 'pod'];
/** Largest `before` / `after` of a context request (grep -C 10000 is already a page of its own). */
export const MAX_CONTEXT = 10_000;

/** Worst (lowest) class index meaning "no row": larger than every DENSITY_CLASSES index. */
const EMPTY = 255;

/** The severity column code (0 = none, k = SEVERITIES[k - 1]) -> DENSITY_CLASSES index. */
export const DENSITY_OF_CODE: Uint8Array = (() => {
  const cls = (c: DensityClass) => DENSITY_CLASSES.indexOf(c);
  const t = new Uint8Array(SEVERITIES.length + 1).fill(cls('info'));
  SEVERITIES.forEach((s, k) => {
    const c: DensityClass =
      s === 'emerg' || s === 'alert' || s === 'crit' || s === 'err'
        ? 'error'
        : s === 'warning'
          ? 'warning'
          : s === 'debug'
            ? 'debug'
            : 'info';
    t[k + 1] = cls(c);
  });
  return t;
})();

/** The rows of a view as the engine keeps them: timed rows first (in time order), then untimed. */
export interface ViewRows {
  /** Sort key (epoch µs) of each timed row, ascending; its length is the number of timed rows. */
  key: Float64Array;
  src: Uint16Array;
  ev: Uint32Array;
}

/** Per-view answers computed once, on first use (a view never changes). */
export interface NavCache {
  /** DENSITY_CLASSES index of each timed row. */
  cls?: Uint8Array;
  /** Timed rows per source of the view. */
  perSource?: Uint32Array;
  /** Entity lanes per maxLanes. */
  entityLanes?: Map<number, LaneRows>;
}

/** Which timed rows each lane holds (ascending row indexes), the busiest lane first. */
export interface LaneRows {
  lanes: { key: string; label: string; rows: Uint32Array }[];
  /** Rows of the lanes left out but of none listed, or null when nothing was left out. */
  other: { label: string; rows: Uint32Array } | null;
}

function finite(name: string, v: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new Error(`${name} must be a finite number, got ${v}`);
}

/** The first timed row at or after `time`; the last timed row when none is; 0 with no timed rows. */
export function indexAtTime(key: Float64Array, time: number): number {
  if (typeof time !== 'number' || Number.isNaN(time))
    throw new Error(`indexAt: time must be a number, got ${time}`);
  if (key.length === 0) return 0;
  return Math.min(lowerBound(key, time), key.length - 1);
}

/**
 * The next (dir 1) or previous (dir -1) row after / before `from` whose event is marked in
 * `masks[src]`, wrapping around the view (so `from` itself is found last, as in vi's `n` with
 * a single match); -1 when no row matches. `from` may be -1 or `total` (start at an edge).
 */
export function findRow(
  rows: Pick<ViewRows, 'src' | 'ev'>,
  masks: readonly Uint8Array[],
  from: number,
  dir: 1 | -1,
): number {
  if (dir !== 1 && dir !== -1) throw new Error(`find: dir must be 1 or -1, got ${dir}`);
  if (typeof from !== 'number' || Number.isNaN(from))
    throw new Error(`find: from must be a number, got ${from}`);
  const { src, ev } = rows;
  const n = src.length;
  if (n === 0) return -1;
  const start = Math.max(-1, Math.min(n, Math.trunc(from)));
  // Two straight scans instead of a modulo per row: start+dir .. the edge, then the other edge .. start.
  if (dir === 1) {
    for (let r = start + 1; r < n; r++) if (masks[src[r]][ev[r]]) return r;
    for (let r = 0; r <= Math.min(start, n - 1); r++) if (masks[src[r]][ev[r]]) return r;
  } else {
    for (let r = start - 1; r >= 0; r--) if (masks[src[r]][ev[r]]) return r;
    for (let r = n - 1; r >= Math.max(start, 0); r--) if (masks[src[r]][ev[r]]) return r;
  }
  return -1;
}

/** DENSITY_CLASSES index of every timed row, from the sources' severity columns. */
export function densityClasses(rows: ViewRows, severity: readonly Uint8Array[]): Uint8Array {
  const { key, src, ev } = rows;
  const n = key.length;
  const out = new Uint8Array(n);
  for (let r = 0; r < n; r++) out[r] = DENSITY_OF_CODE[severity[src[r]][ev[r]]];
  return out;
}

export interface Bins {
  from: number;
  to: number;
  bins: number;
  binUs: number;
}

/**
 * Checks a range and bin count. Times are whole µs and the range is inclusive, so it spans
 * to - from + 1 µs: a range of one instant still has a width, and `to` falls in the last bin.
 */
export function binsOf(from: number, to: number, bins: number): Bins {
  finite('from', from);
  finite('to', to);
  if (from > to) throw new Error(`from (${from}) is after to (${to})`);
  if (!Number.isInteger(bins) || bins < 1 || bins > MAX_BINS)
    throw new Error(`bins must be an integer from 1 to ${MAX_BINS}, got ${bins}`);
  return { from, to, bins, binUs: (to - from + 1) / bins };
}

function binOf(b: Bins, t: number): number {
  const k = Math.floor((t - b.from) / b.binUs);
  return k < b.bins ? k : b.bins - 1;
}

/** Counts per bin per density class of the timed rows in [from, to]: O(rows in range). */
export function histogramOf(key: Float64Array, cls: Uint8Array, b: Bins): Histogram {
  const nc = DENSITY_CLASSES.length;
  const counts = new Uint32Array(nc * b.bins);
  const end = upperBound(key, b.to);
  for (let r = lowerBound(key, b.from); r < end; r++) counts[cls[r] * b.bins + binOf(b, key[r])]++;
  let max = 0;
  for (let k = 0; k < b.bins; k++) {
    let sum = 0;
    for (let c = 0; c < nc; c++) sum += counts[c * b.bins + k];
    if (sum > max) max = sum;
  }
  const out: number[][] = [];
  for (let c = 0; c < nc; c++) out.push(Array.from(counts.subarray(c * b.bins, (c + 1) * b.bins)));
  return { from: b.from, to: b.to, binUs: b.binUs, counts: out, max };
}

function toLane(key: string, label: string, counts: Uint32Array, worst: Uint8Array): Lane {
  let total = 0;
  for (let k = 0; k < counts.length; k++) total += counts[k];
  return {
    key,
    label,
    counts: Array.from(counts),
    worst: Array.from(worst, (w) => (w === EMPTY ? -1 : w)),
    total,
  };
}

/** The query's maxLanes, checked (default DEFAULT_MAX_LANES; 0 puts everything in "other"). */
export function laneLimit(maxLanes: number | undefined): number {
  if (maxLanes === undefined) return DEFAULT_MAX_LANES;
  if (!Number.isInteger(maxLanes) || maxLanes < 0 || maxLanes > MAX_BINS)
    throw new Error(`maxLanes must be an integer from 0 to ${MAX_BINS}, got ${maxLanes}`);
  return maxLanes;
}

/** Order of lanes: busiest first, ties in the given order. */
function busiestFirst(totals: ArrayLike<number>): number[] {
  return Array.from(totals, (_, k) => k).sort((a, b) => totals[b] - totals[a] || a - b);
}

/** Timed rows per source of the view. */
export function rowsPerSource(rows: ViewRows, sources: number): Uint32Array {
  const out = new Uint32Array(sources);
  const { key, src } = rows;
  for (let r = 0; r < key.length; r++) out[src[r]]++;
  return out;
}

/**
 * One lane per source, the `maxLanes` busiest of the whole view first (so lanes keep their
 * order while the user zooms), the rest summed in one "other" lane. One pass over the rows in range.
 */
export function sourceLanes(
  rows: ViewRows,
  cls: Uint8Array,
  sources: readonly { id: string; name: string }[],
  perSource: Uint32Array,
  b: Bins,
  maxLanes: number,
): Lane[] {
  const order = busiestFirst(perSource);
  const listed = order.slice(0, maxLanes);
  const rest = order.length - listed.length;
  const laneCount = listed.length + (rest > 0 ? 1 : 0);
  const laneOf = new Uint32Array(sources.length).fill(listed.length);
  listed.forEach((s, k) => {
    laneOf[s] = k;
  });
  const counts = new Uint32Array(laneCount * b.bins);
  const worst = new Uint8Array(laneCount * b.bins).fill(EMPTY);
  const { key, src } = rows;
  const end = upperBound(key, b.to);
  for (let r = lowerBound(key, b.from); r < end; r++) {
    const at = laneOf[src[r]] * b.bins + binOf(b, key[r]);
    counts[at]++;
    if (cls[r] < worst[at]) worst[at] = cls[r];
  }
  const lane = (k: number, id: string, label: string) =>
    toLane(
      id,
      label,
      counts.subarray(k * b.bins, (k + 1) * b.bins),
      worst.subarray(k * b.bins, (k + 1) * b.bins),
    );
  const out = listed.map((s, k) => lane(k, sources[s].id, sources[s].name));
  if (rest > 0)
    out.push(lane(listed.length, OTHER_LANE_KEY, `other (${rest} source${rest === 1 ? '' : 's'})`));
  return out;
}

/** Counts and worst class per bin of the rows of one lane (ascending row indexes) in range. */
export function laneOfRows(
  key: Float64Array,
  cls: Uint8Array,
  laneRows: Uint32Array,
  b: Bins,
  id: string,
  label: string,
): Lane {
  const counts = new Uint32Array(b.bins);
  const worst = new Uint8Array(b.bins).fill(EMPTY);
  // The lane's rows are ascending, so are their keys: binary search the first in range.
  let lo = 0;
  let hi = laneRows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key[laneRows[mid]] < b.from) lo = mid + 1;
    else hi = mid;
  }
  for (let j = lo; j < laneRows.length; j++) {
    const r = laneRows[j];
    const t = key[r];
    if (t > b.to) break;
    const k = binOf(b, t);
    counts[k]++;
    if (cls[r] < worst[k]) worst[k] = cls[r];
  }
  return toLane(id, label, counts, worst);
}

/** The timed rows whose event is marked in `masks[src]`, ascending. */
export function timedRowsIn(rows: ViewRows, masks: readonly Uint8Array[]): Uint32Array {
  const { key, src, ev } = rows;
  let n = 0;
  for (let r = 0; r < key.length; r++) if (masks[src[r]][ev[r]]) n++;
  const out = new Uint32Array(n);
  let j = 0;
  for (let r = 0; r < key.length; r++) if (masks[src[r]][ev[r]]) out[j++] = r;
  return out;
}

/**
 * Entity lanes of a view: candidates (busiest first, as the entity list counts them) get a lane
 * while fewer than `maxLanes` are listed and the view has rows of theirs; the candidates left
 * over share one "other" lane with their rows that no listed lane has, each once (an event may
 * name a pod and its container: summing their lanes would count it twice). No "other" lane when
 * the left-over candidates have no rows in the view. `maskOf(entity)` gives one mask per view source.
 */
export function entityLaneRows(
  rows: ViewRows,
  candidates: readonly { key: string; label: string }[],
  maskOf: (key: string) => Uint8Array[],
  maxLanes: number,
): LaneRows {
  const lanes: LaneRows['lanes'] = [];
  let k = 0;
  for (; k < candidates.length && lanes.length < maxLanes; k++) {
    const c = candidates[k];
    const laneRows = timedRowsIn(rows, maskOf(c.key));
    if (laneRows.length > 0) lanes.push({ key: c.key, label: c.label, rows: laneRows });
  }
  const order = busiestFirst(lanes.map((l) => l.rows.length));
  const sorted = order.map((j) => lanes[j]);
  if (k >= candidates.length) return { lanes: sorted, other: null };
  // Rows of the leftover candidates not in a listed lane; only candidates with rows are counted.
  const { key, src, ev } = rows;
  const listedRows = new Uint8Array(key.length);
  for (const l of sorted) for (const r of l.rows) listedRows[r] = 1;
  const inOther = new Uint8Array(key.length);
  let leftOver = 0;
  for (; k < candidates.length; k++) {
    const m = maskOf(candidates[k].key);
    let any = false;
    for (let r = 0; r < key.length; r++) {
      if (!m[src[r]][ev[r]]) continue;
      any = true;
      if (!listedRows[r]) inOther[r] = 1;
    }
    if (any) leftOver++;
  }
  if (leftOver === 0) return { lanes: sorted, other: null };
  let n = 0;
  for (let r = 0; r < key.length; r++) n += inOther[r];
  const other = new Uint32Array(n);
  let j = 0;
  for (let r = 0; r < key.length; r++) if (inOther[r]) other[j++] = r;
  return {
    lanes: sorted,
    other: { label: `other (${leftOver} entit${leftOver === 1 ? 'y' : 'ies'})`, rows: other },
  };
}

/** Events of a store in line order, for stores whose events are not (built once per store). */
const lineOrders = new WeakMap<SourceStore, Uint32Array>();

function lineOrder(store: SourceStore): Uint32Array {
  let o = lineOrders.get(store);
  if (!o) {
    const { line } = store.columns;
    const order = Uint32Array.from({ length: store.count }, (_, i) => i);
    order.sort((a, b) => line[a] - line[b] || a - b);
    o = order;
    lineOrders.set(store, o);
  }
  return o;
}

function contextCount(name: string, v: number): number {
  if (typeof v !== 'number' || Number.isNaN(v) || v < 0)
    throw new Error(`context: ${name} must be a count of events (0 or more), got ${v}`);
  return Math.min(MAX_CONTEXT, Math.floor(v));
}

/**
 * Event indexes around event `i` of `store` in line order (grep -C): up to `before` events,
 * the event, up to `after` events; fewer at the start or end of the source.
 */
export function contextIndexes(store: SourceStore, i: number, before: number, after: number): number[] {
  const b = contextCount('before', before);
  const a = contextCount('after', after);
  const out: number[] = [];
  if (store.sortedByLine) {
    for (let j = Math.max(0, i - b); j <= Math.min(store.count - 1, i + a); j++) out.push(j);
    return out;
  }
  const order = lineOrder(store);
  const { line } = store.columns;
  // Position of i in line order: binary search by line, then step to i among equal lines.
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (line[order[mid]] < line[i]) lo = mid + 1;
    else hi = mid;
  }
  while (lo < order.length && order[lo] !== i) lo++;
  for (let p = Math.max(0, lo - b); p <= Math.min(order.length - 1, lo + a); p++) out.push(order[p]);
  return out;
}

/** One table row of event `i` of a source; `index` is its position in a view (-1 outside one). */
export function buildRow(
  source: { id: string; name: string; store: SourceStore },
  i: number,
  index: number,
): Row {
  const s = source.store;
  const line = s.line(i);
  let message = s.message(i);
  if (message.length > ROW_MESSAGE_CHARS) message = message.slice(0, ROW_MESSAGE_CHARS);
  // For display: a bidi override in a log line must not reorder the rows a reader compares.
  message = showBidi(message);
  const row: Row = {
    index,
    eventId: `${source.id}:${line}`,
    sourceId: source.id,
    sourceName: source.name,
    format: s.format(i),
    line,
    lineEnd: s.lineEnd(i),
    time: s.time(i),
    timeQuality: s.timeQuality(i),
    message,
  };
  const mono = s.monotonic(i);
  if (mono !== undefined) row.monotonic = mono;
  const sev = s.severity(i);
  if (sev !== undefined) row.severity = sev;
  const label = s.label(i);
  if (label !== undefined) row.ident = label;
  const pid = s.pid(i);
  if (pid !== undefined) row.pid = pid;
  const host = s.host(i);
  if (host !== undefined) row.host = host;
  return row;
}
