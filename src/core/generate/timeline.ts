// Streams one log file: the node's fixed records (boot, pod churn, incidents) merged in time
// order with per-file background filler, sized by a byte or line budget. Wall time advances
// with the output produced, so any size spans the same hours; a min-heap keeps the order.
import type { Pod, Rec } from './node-model.ts';
import { Rng } from './random.ts';

interface Slot {
  rec: Rec;
  seq: number;
}

/** Min-heap by (time, insertion order): equal times keep the order they were logged in. */
export class RecHeap {
  private readonly a: Slot[] = [];
  private seq = 0;

  get size(): number {
    return this.a.length;
  }

  push(rec: Rec): void {
    const a = this.a;
    const slot = { rec, seq: this.seq++ };
    let i = a.length;
    a.push(slot);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(slot, a[parent])) break;
      a[i] = a[parent];
      i = parent;
    }
    a[i] = slot;
  }

  peekTime(): number {
    return this.a.length ? this.a[0].rec.t : Number.POSITIVE_INFINITY;
  }

  pop(): Rec {
    const a = this.a;
    const top = a[0];
    const last = a.pop()!;
    if (a.length) {
      let i = 0;
      const n = a.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && less(a[r], a[l]) ? r : l;
        if (!less(a[c], last)) break;
        a[i] = a[c];
        i = c;
      }
      a[i] = last;
    }
    return top.rec;
  }
}

function less(x: Slot, y: Slot): boolean {
  return x.rec.t < y.rec.t || (x.rec.t === y.rec.t && x.seq < y.seq);
}

export interface PodEvent {
  t: number;
  add?: Pod;
  remove?: Pod;
}

export interface Background {
  /** Fixed records, any order. */
  fixed: readonly Rec[];
  fillStart: number;
  fillEnd: number;
  /** Non-incident pods running at fillStart, and later arrivals / departures. */
  initialPods: readonly Pod[];
  podEvents: readonly PodEvent[];
}

export interface LogSpec {
  render: (rec: Rec) => string;
  /** Which records this file shows (a unit filter, kernel only...). */
  keep: (rec: Rec) => boolean;
  filler: (t: number, pods: readonly Pod[], rng: Rng) => Rec[];
  seed: number;
  budget: { unit: 'bytes' | 'lines' | 'records'; amount: number };
  /** A throwaway renderer to size the fixed part (writers carry state). */
  measure: (rec: Rec) => string;
}

export interface LogStats {
  bytes: number;
  lines: number;
  records: number;
  keys: { rec: Rec; line: number }[];
}

const CHUNK_CHARS = 1 << 20;

function linesOf(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Yields the file in ~1 MB chunks; `stats` is complete when the generator is done. */
export function* streamLog(bg: Background, spec: LogSpec, stats: LogStats): Generator<string> {
  const rng = new Rng(spec.seed);
  // A budget in records fills two files of one node with the same records however each renders
  // them (raw dmesg and `journalctl -k` hold the same kernel records on a real node).
  const byRecords = spec.budget.unit === 'records';
  const byLines = spec.budget.unit === 'lines' || byRecords;
  const size = (s: string): number => (byRecords ? 1 : byLines ? linesOf(s) : s.length);
  const heap = new RecHeap();
  let fixedSize = 0;
  for (const r of [...bg.fixed].sort((a, b) => a.t - b.t)) {
    if (!spec.keep(r)) continue;
    heap.push(r);
    fixedSize += size(spec.measure(r));
  }
  // Sizing filler by rendering it twice would double the cost of a 100 MB file: estimate
  // bytes as message + the format's overhead for that source, measured once per source
  // (lines are counted exactly).
  const overhead = new Map<Rec['src'], number>();
  const estimate = (r: Rec): number => {
    if (byLines) return size(spec.measure(r));
    let o = overhead.get(r.src);
    if (o === undefined) {
      o = spec.measure(r).length - r.msg.length;
      overhead.set(r.src, o);
    }
    return r.msg.length + o;
  };
  const target = Math.max(spec.budget.amount - fixedSize, spec.budget.amount * 0.1);
  const span = bg.fillEnd - bg.fillStart;
  const jitter = Math.max(1, Math.floor((span / target) * (byLines ? 2 : 400)));
  const pods = [...bg.initialPods];
  const events = [...bg.podEvents].sort((a, b) => a.t - b.t);
  let nextEvent = 0;
  let chunk: string[] = [];
  let chunkChars = 0;
  const emit = (upTo: number): void => {
    while (heap.size > 0 && heap.peekTime() <= upTo) {
      const rec = heap.pop();
      const s = spec.render(rec);
      if (rec.key) stats.keys.push({ rec, line: stats.lines + 1 });
      stats.records++;
      stats.bytes += s.length;
      stats.lines += rec.msg.indexOf('\n') === -1 ? 1 : linesOf(s);
      chunk.push(s);
      chunkChars += s.length;
    }
  };
  let made = 0;
  while (made < target) {
    const base = bg.fillStart + Math.floor((span * made) / target);
    while (nextEvent < events.length && events[nextEvent].t <= base) {
      const ev = events[nextEvent++];
      if (ev.remove) {
        const i = pods.indexOf(ev.remove);
        if (i >= 0) pods.splice(i, 1);
      }
      if (ev.add) pods.push(ev.add);
    }
    emit(base);
    if (chunkChars >= CHUNK_CHARS) {
      yield chunk.join('');
      chunk = [];
      chunkChars = 0;
    }
    const t = base + rng.int(0, jitter);
    let produced = 0;
    for (const r of spec.filler(t, pods, rng)) {
      if (!spec.keep(r)) continue;
      heap.push(r);
      produced += estimate(r);
    }
    // A filter may drop a whole activity; time still moves so the loop ends.
    made += Math.max(produced, byLines ? 0.25 : 16);
  }
  emit(Number.POSITIVE_INFINITY);
  if (chunk.length) yield chunk.join('');
}
