import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSample } from '../generate/dataset.ts';
import { type LogEvent, type Severity, splitEventId } from '../model/event.ts';
import { SourceStore } from '../store/source-store.ts';
import { DENSITY_CLASSES, type ViewQuery } from './engine-api.ts';
import {
  binsOf,
  contextIndexes,
  DENSITY_OF_CODE,
  entityLaneRows,
  findRow,
  histogramOf,
  indexAtTime,
  laneOfRows,
  OTHER_LANE_KEY,
  rowsPerSource,
  sourceLanes,
  type ViewRows,
} from './navigate.ts';
import { type Clock, Workbench, type WorkbenchSourceInput } from './workbench.ts';

const CLOCK: Clock = { year: 2025, utcOffsetMinutes: 0 };
const T0 = Date.UTC(2025, 10, 26, 10, 0, 0) * 1000;
const S = 1_000_000;
const ALL: ViewQuery = { sources: [], severities: [], search: '' };

function input(name: string, text: string): WorkbenchSourceInput {
  const bytes = new TextEncoder().encode(text);
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(bytes);
      c.close();
    },
  });
  return { name, kind: 'file', stream, totalBytes: bytes.length, clock: CLOCK };
}

/** One `journalctl -o json` record: exact time, PRIORITY as syslog level (absent when null). */
function journal(tUs: number, prio: number | null, msg: string, ident = 'app'): string {
  const p = prio === null ? '' : `"PRIORITY":"${prio}",`;
  return `{"__REALTIME_TIMESTAMP":"${tUs}",${p}"_HOSTNAME":"node-1","SYSLOG_IDENTIFIER":"${ident}","MESSAGE":"${msg}"}`;
}

// a.json: five records, one pair sharing a time; line order is not time order at the end.
const A = [
  journal(T0, 3, 'alpha failed'), // err
  journal(T0 + 1 * S, 4, 'bravo slow'), // warning
  journal(T0 + 1 * S, 6, 'charlie ok'), // info, same time as bravo
  journal(T0 + 5 * S, 7, 'delta noise'), // debug
  journal(T0 + 3 * S, null, 'echo ALPHA again'), // no severity = info
  '',
].join('\n');
// b.json: two records, then raw dmesg (no wall time: untimed rows after the timed ones).
const B = [
  journal(T0 + 2 * S, 2, 'foxtrot critical', 'kernel'), // crit
  journal(T0 + 4 * S, 5, 'golf notice'), // notice
  '',
].join('\n');
const C = ['[    2.500000] hotel raw alpha', '[    3.000000] india raw', ''].join('\n');

async function bench3() {
  const wb = new Workbench();
  await wb.addSource(input('a.json', A));
  await wb.addSource(input('b.json', B));
  await wb.addSource(input('c.log', C));
  return wb;
}

function ev(line: number, severity?: Severity): LogEvent {
  const e: LogEvent = {
    id: `s:${line}`,
    source: 's',
    format: 'text',
    line,
    lineEnd: line,
    time: null,
    timeQuality: 'none',
    message: `m${line}`,
    fields: {},
    entities: [],
  };
  if (severity) e.severity = severity;
  return e;
}

describe('DENSITY_OF_CODE', () => {
  it('maps every severity to its class, none to info', () => {
    const cls = (code: number) => DENSITY_CLASSES[DENSITY_OF_CODE[code]];
    expect(cls(0)).toBe('info');
    expect(
      ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'].map((_, k) => cls(k + 1)),
    ).toEqual(['error', 'error', 'error', 'error', 'warning', 'info', 'info', 'debug']);
  });
});

describe('indexAtTime', () => {
  const key = Float64Array.of(10, 20, 20, 20, 30);
  it('gives the first row of a tie', () => {
    expect(indexAtTime(key, 20)).toBe(1);
    expect(indexAtTime(key, 19.5)).toBe(1);
    expect(indexAtTime(key, 21)).toBe(4);
  });
  it('clamps at the edges', () => {
    expect(indexAtTime(key, -1e18)).toBe(0);
    expect(indexAtTime(key, 10)).toBe(0);
    expect(indexAtTime(key, 30)).toBe(4);
    expect(indexAtTime(key, 31)).toBe(4);
    expect(indexAtTime(new Float64Array(0), 5)).toBe(0);
  });
  it('refuses NaN', () => {
    expect(() => indexAtTime(key, Number.NaN)).toThrow(/time must be a number/);
  });
  it('lands on the first row whose key is not earlier (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1 }),
        fc.integer({ min: -5, max: 55 }),
        (xs, t) => {
          const k = Float64Array.from(xs.sort((a, b) => a - b));
          const i = indexAtTime(k, t);
          const first = k.findIndex((x) => x >= t);
          expect(i).toBe(first === -1 ? k.length - 1 : first);
        },
      ),
    );
  });
});

describe('findRow', () => {
  // Two sources: rows alternate between them; matches at rows 1 and 4.
  const rows = { src: Uint16Array.of(0, 1, 0, 1, 0), ev: Uint32Array.of(0, 0, 1, 1, 2) };
  const masks = [Uint8Array.of(0, 0, 1), Uint8Array.of(1, 0)];
  it('goes forward and back, wrapping', () => {
    expect(findRow(rows, masks, 1, 1)).toBe(4);
    expect(findRow(rows, masks, 4, 1)).toBe(1);
    expect(findRow(rows, masks, 4, -1)).toBe(1);
    expect(findRow(rows, masks, 1, -1)).toBe(4);
    expect(findRow(rows, masks, 2, -1)).toBe(1);
  });
  it('starts at an edge from -1 or total', () => {
    expect(findRow(rows, masks, -1, 1)).toBe(1);
    expect(findRow(rows, masks, 5, -1)).toBe(4);
    expect(findRow(rows, masks, -1, -1)).toBe(4);
    expect(findRow(rows, masks, 5, 1)).toBe(1);
  });
  it('finds a single match from itself, and -1 without one', () => {
    const one = [Uint8Array.of(0, 1, 0), Uint8Array.of(0, 0)];
    expect(findRow(rows, one, 2, 1)).toBe(2);
    expect(findRow(rows, one, 2, -1)).toBe(2);
    expect(findRow(rows, [new Uint8Array(3), new Uint8Array(2)], 0, 1)).toBe(-1);
    expect(findRow({ src: new Uint16Array(0), ev: new Uint32Array(0) }, [], 0, 1)).toBe(-1);
  });
  it('agrees with a naive wrap-around scan (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: -1, max: 41 }),
        fc.constantFrom<1 | -1>(1, -1),
        (hits, from, dir) => {
          const n = hits.length;
          const r = { src: new Uint16Array(n), ev: Uint32Array.from(hits, (_, i) => i) };
          const got = findRow(r, [Uint8Array.from(hits, Number)], from, dir);
          // From outside the rows (-1 or n), the scan starts at the edge it moves away from.
          let start = Math.max(-1, Math.min(n, from));
          if (dir === 1 && start === n) start = -1;
          if (dir === -1 && start === -1) start = n;
          let want = -1;
          if (start === -1) want = hits.indexOf(true);
          else if (start === n) want = hits.lastIndexOf(true);
          else {
            for (let k = 1; k <= n && want === -1; k++) {
              const i = (((start + dir * k) % n) + n) % n;
              if (hits[i]) want = i;
            }
          }
          expect(got).toBe(want);
        },
      ),
    );
  });
});

describe('binsOf', () => {
  it('refuses bad ranges and bin counts with a message', () => {
    expect(() => binsOf(10, 5, 4)).toThrow(/after/);
    expect(() => binsOf(Number.NaN, 5, 4)).toThrow(/finite/);
    expect(() => binsOf(0, 5, 0)).toThrow(/bins/);
    expect(() => binsOf(0, 5, 2.5)).toThrow(/bins/);
    expect(() => binsOf(0, 5, 1e9)).toThrow(/bins/);
  });
  it('gives one instant a width', () => {
    expect(binsOf(7, 7, 1).binUs).toBe(1);
    expect(binsOf(0, 999, 10).binUs).toBe(100);
  });
});

/** Sorted keys, classes and a source per row, from fast-check. */
const viewArb = fc
  .array(
    fc.tuple(
      fc.integer({ min: 0, max: 10_000 }),
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 0, max: 4 }),
    ),
    {
      maxLength: 300,
    },
  )
  .map((xs) => {
    xs.sort((a, b) => a[0] - b[0]);
    const rows: ViewRows = {
      key: Float64Array.from(xs, (x) => x[0]),
      src: Uint16Array.from(xs, (x) => x[2]),
      ev: Uint32Array.from(xs, (_, i) => i),
    };
    return { rows, cls: Uint8Array.from(xs, (x) => x[1]) };
  });
const rangeArb = fc
  .tuple(
    fc.integer({ min: -100, max: 10_100 }),
    fc.integer({ min: -100, max: 10_100 }),
    fc.integer({ min: 1, max: 64 }),
  )
  .map(([a, b, bins]) => ({ from: Math.min(a, b), to: Math.max(a, b), bins }));

describe('histogramOf', () => {
  it('counts every row in [from, to] once, in its bin and class (property)', () => {
    fc.assert(
      fc.property(viewArb, rangeArb, ({ rows, cls }, { from, to, bins }) => {
        const h = histogramOf(rows.key, cls, binsOf(from, to, bins));
        const inRange = Array.from(rows.key).filter((t) => t >= from && t <= to).length;
        const total = h.counts.flat().reduce((a, b) => a + b, 0);
        expect(total).toBe(inRange);
        expect(h.counts.length).toBe(DENSITY_CLASSES.length);
        // Naive: every row's bin from its time.
        const want = DENSITY_CLASSES.map(() => new Array<number>(bins).fill(0));
        rows.key.forEach((t, r) => {
          if (t < from || t > to) return;
          want[cls[r]][Math.min(bins - 1, Math.floor((t - from) / h.binUs))]++;
        });
        expect(h.counts).toEqual(want);
        const totals = want[0].map((_, k) => want.reduce((s, c) => s + c[k], 0));
        expect(h.max).toBe(Math.max(0, ...totals));
      }),
    );
  });
});

describe('sourceLanes', () => {
  it('per bin, the lanes add up to the histogram, and "other" sums the sources left out (property)', () => {
    fc.assert(
      fc.property(
        viewArb,
        rangeArb,
        fc.integer({ min: 0, max: 6 }),
        ({ rows, cls }, { from, to, bins }, max) => {
          const sources = [0, 1, 2, 3, 4].map((k) => ({ id: `s${k}`, name: `n${k}` }));
          const per = rowsPerSource(rows, 5);
          const b = binsOf(from, to, bins);
          const lanes = sourceLanes(rows, cls, sources, per, b, max);
          const h = histogramOf(rows.key, cls, b);
          expect(lanes.length).toBe(Math.min(5, max) + (max < 5 ? 1 : 0));
          for (let k = 0; k < bins; k++) {
            const laneSum = lanes.reduce((s, l) => s + l.counts[k], 0);
            expect(laneSum).toBe(h.counts.reduce((s, c) => s + c[k], 0));
            for (const l of lanes) expect(l.worst[k] === -1).toBe(l.counts[k] === 0);
          }
          for (const l of lanes) expect(l.total).toBe(l.counts.reduce((a, c) => a + c, 0));
          // Busiest of the whole view first.
          const listed = lanes
            .filter((l) => l.key !== OTHER_LANE_KEY)
            .map((l) => per[Number(l.key.slice(1))]);
          expect(listed).toEqual([...listed].sort((a, c) => c - a));
          if (max < 5) expect(lanes[lanes.length - 1].key).toBe(OTHER_LANE_KEY);
        },
      ),
    );
  });

  it('colours a bin by its worst row', () => {
    const rows: ViewRows = {
      key: Float64Array.of(0, 1, 4),
      src: Uint16Array.of(0, 0, 0),
      ev: Uint32Array.of(0, 1, 2),
    };
    const [lane] = sourceLanes(
      rows,
      Uint8Array.of(2, 1, 3),
      [{ id: 'a', name: 'A' }],
      Uint32Array.of(3),
      binsOf(0, 9, 2),
      4,
    );
    expect(lane).toEqual({ key: 'a', label: 'A', counts: [3, 0], worst: [1, -1], total: 3 });
  });
});

describe('entityLaneRows', () => {
  // Six timed rows from one source; entity masks by event.
  const rows: ViewRows = {
    key: Float64Array.of(0, 1, 2, 3, 4, 5),
    src: new Uint16Array(6),
    ev: Uint32Array.of(0, 1, 2, 3, 4, 5),
  };
  const masks: Record<string, number[]> = {
    'pod:p': [1, 1, 1, 1, 0, 0],
    'container:c1': [1, 1, 0, 0, 0, 0],
    'container:empty': [0, 0, 0, 0, 0, 0],
    'container:c2': [0, 1, 1, 0, 1, 0],
    'container:c3': [0, 0, 0, 0, 1, 1],
  };
  const maskOf = (k: string) => [Uint8Array.from(masks[k])];
  const cands = Object.keys(masks).map((key) => ({ key, label: key.toUpperCase() }));

  it('skips entities with no rows, lists the busiest first and puts each left-over row once in "other"', () => {
    const set = entityLaneRows(rows, cands, maskOf, 2);
    expect(set.lanes.map((l) => [l.key, Array.from(l.rows)])).toEqual([
      ['pod:p', [0, 1, 2, 3]],
      ['container:c1', [0, 1]],
    ]);
    // c2 and c3 left over: rows 1, 2, 4, 5; 1 and 2 are in a listed lane already.
    expect(set.other?.label).toBe('other (2 entities)');
    expect(Array.from(set.other?.rows ?? [])).toEqual([4, 5]);
    const lane = laneOfRows(
      rows.key,
      new Uint8Array(6).fill(2),
      set.lanes[0].rows,
      binsOf(1, 3, 3),
      'pod:p',
      'P',
    );
    expect(lane.counts).toEqual([1, 1, 1]);
    expect(lane.total).toBe(3);
  });

  it('has no "other" lane when every candidate is listed', () => {
    const set = entityLaneRows(rows, cands, maskOf, 10);
    expect(set.lanes.length).toBe(4);
    expect(set.other).toBeNull();
  });
});

describe('contextIndexes', () => {
  it('stops at the start and end of a source', () => {
    const s = new SourceStore('s');
    for (let l = 1; l <= 5; l++) s.event(ev(l));
    s.finish(5);
    expect(contextIndexes(s, 0, 2, 1)).toEqual([0, 1]);
    expect(contextIndexes(s, 4, 2, 3)).toEqual([2, 3, 4]);
    expect(contextIndexes(s, 2, 1, 1)).toEqual([1, 2, 3]);
    expect(contextIndexes(s, 2, 0, 0)).toEqual([2]);
    expect(() => contextIndexes(s, 2, -1, 0)).toThrow(/before/);
  });

  it('follows line order in a store whose events are not in line order', () => {
    const s = new SourceStore('s');
    for (const l of [3, 1, 5, 2, 4]) s.event(ev(l));
    s.finish(5);
    const lines = (idx: number[]) => idx.map((i) => s.line(i));
    expect(s.sortedByLine).toBe(false);
    expect(lines(contextIndexes(s, 0, 1, 1))).toEqual([2, 3, 4]); // event 0 is line 3
    expect(lines(contextIndexes(s, 1, 5, 1))).toEqual([1, 2]);
    expect(lines(contextIndexes(s, 2, 2, 5))).toEqual([3, 4, 5]);
  });
});

describe('splitEventId', () => {
  it('splits at the last colon and refuses what is not an id', () => {
    expect(splitEventId('a:b.log:12')).toEqual({ sourceId: 'a:b.log', line: 12 });
    expect(splitEventId('x.log')).toBeNull();
    expect(splitEventId(':3')).toBeNull();
    expect(splitEventId('x:0')).toBeNull();
    expect(splitEventId('x:1.5')).toBeNull();
  });
});

describe('Workbench navigation', () => {
  it('eventRows keeps the order given and leaves unknown ids out', async () => {
    const wb = await bench3();
    const rows = wb.eventRows(['b.json:2', 'nope:1', 'a.json:1', 'a.json:99', 'a.json']);
    expect(rows.map((r) => [r.eventId, r.message, r.index])).toEqual([
      ['b.json:2', 'golf notice', -1],
      ['a.json:1', 'alpha failed', -1],
    ]);
    expect(rows[0].severity).toBe('notice');
  });

  it('viewEventIds gives the event ids of the rows without building them', async () => {
    const wb = await bench3();
    const v = wb.view(ALL);
    const ids = wb.rows(v.viewId, 0, v.total).map((r) => r.eventId);
    expect(wb.viewEventIds(v.viewId, 0, v.total)).toEqual(ids);
    expect(wb.viewEventIds(v.viewId, 7, 100)).toEqual(ids.slice(7));
    expect(new Set(ids).size).toBe(9);
  });

  it('indexAt finds the first row at or after a time, ties included', async () => {
    const wb = await bench3();
    const v = wb.view(ALL);
    expect(v.timed).toBe(7);
    const rows = wb.rows(v.viewId, 0, v.total);
    const at = (t: number) => rows[wb.indexAt(v.viewId, t)].message;
    expect(at(T0 + S)).toBe('bravo slow');
    expect(wb.indexAt(v.viewId, T0 + S)).toBe(1);
    expect(at(T0 + S + 1)).toBe('foxtrot critical');
    expect(wb.indexAt(v.viewId, 0)).toBe(0);
    expect(wb.indexAt(v.viewId, T0 + 60 * S)).toBe(6);
    const empty = wb.view({ ...ALL, sources: ['c.log'] });
    expect(wb.indexAt(empty.viewId, T0)).toBe(0);
    expect(() => wb.indexAt('v999', T0)).toThrow(/gone/);
  });

  it('find goes to the next and previous match, case-insensitive, wrapping, untimed rows too', async () => {
    const wb = await bench3();
    const v = wb.view(ALL);
    const rows = wb.rows(v.viewId, 0, v.total);
    const msg = (i: number) => (i < 0 ? null : rows[i].message);
    // "alpha" is in a.json:1 (row 0), a.json:5 "echo ALPHA again" and the raw dmesg line (untimed).
    const first = wb.find(v.viewId, 'Alpha', -1, 1);
    expect(msg(first)).toBe('alpha failed');
    const second = wb.find(v.viewId, 'Alpha', first, 1);
    expect(msg(second)).toBe('echo ALPHA again');
    const third = wb.find(v.viewId, 'Alpha', second, 1);
    expect(msg(third)).toBe('hotel raw alpha');
    expect(third).toBeGreaterThanOrEqual(v.timed);
    expect(wb.find(v.viewId, 'Alpha', third, 1)).toBe(first);
    expect(wb.find(v.viewId, 'Alpha', first, -1)).toBe(third);
    expect(wb.find(v.viewId, 'zulu', 0, 1)).toBe(-1);
    expect(wb.find(v.viewId, '', 0, 1)).toBe(-1);
  });

  it('context gives the neighbours in line order and stops at the source edges', async () => {
    const wb = await bench3();
    const ids = (rows: { eventId: string }[]) => rows.map((r) => r.eventId);
    expect(ids(wb.context('a.json:1', 3, 1))).toEqual(['a.json:1', 'a.json:2']);
    // Line order, not time order: line 4 (T0+5s) comes before line 5 (T0+3s).
    expect(ids(wb.context('a.json:5', 2, 3))).toEqual(['a.json:3', 'a.json:4', 'a.json:5']);
    expect(ids(wb.context('b.json:1', 0, 0))).toEqual(['b.json:1']);
    expect(() => wb.context('a.json:42', 1, 1)).toThrow(/No event a\.json:42/);
  });

  it('histogram counts the timed rows of the view by class, bins and range', async () => {
    const wb = await bench3();
    const v = wb.view(ALL);
    const h = wb.histogram({ viewId: v.viewId, from: T0, to: T0 + 6 * S - 1, bins: 6 });
    expect(h.binUs).toBe(S);
    expect(h.counts).toEqual([
      [1, 0, 1, 0, 0, 0], // error: alpha (err), foxtrot (crit)
      [0, 1, 0, 0, 0, 0], // warning: bravo
      [0, 1, 0, 1, 1, 0], // info: charlie, echo (none), golf (notice)
      [0, 0, 0, 0, 0, 1], // debug: delta
    ]);
    expect(h.max).toBe(2);
    expect(h.counts.flat().reduce((a, b) => a + b, 0)).toBe(v.timed);
    const part = wb.histogram({ viewId: v.viewId, from: T0 + S, to: T0 + 3 * S, bins: 1 });
    expect(part.counts.flat().reduce((a, b) => a + b, 0)).toBe(4);
    const sev = wb.view({ ...ALL, severities: ['err', 'crit'] });
    const hs = wb.histogram({ viewId: sev.viewId, from: T0, to: T0 + 10 * S, bins: 3 });
    expect(
      hs.counts
        .slice(1)
        .flat()
        .every((c) => c === 0),
    ).toBe(true);
    expect(() => wb.histogram({ viewId: v.viewId, from: T0, to: T0, bins: 0 })).toThrow(/bins/);
  });

  it('lanes by source: one per source of the view, busiest first, the rest in "other"', async () => {
    const wb = await bench3();
    const v = wb.view(ALL);
    const q = { viewId: v.viewId, from: T0, to: T0 + 6 * S - 1, bins: 6, by: 'source' as const };
    const lanes = wb.lanes(q);
    expect(lanes.map((l) => [l.key, l.label, l.total])).toEqual([
      ['a.json', 'a.json', 5],
      ['b.json', 'b.json', 2],
      ['c.log', 'c.log', 0],
    ]);
    expect(lanes[0].worst).toEqual([0, 1, -1, 2, -1, 3]);
    const two = wb.lanes({ ...q, maxLanes: 1 });
    expect(two.map((l) => [l.key, l.label, l.total])).toEqual([
      ['a.json', 'a.json', 5],
      [OTHER_LANE_KEY, 'other (2 sources)', 2],
    ]);
    expect(two[1].counts).toEqual(lanes[1].counts);
    expect(() => wb.lanes({ ...q, maxLanes: -1 })).toThrow(/maxLanes/);
  });
});

describe('Workbench lanes by entity (the bundled sample)', () => {
  async function sample() {
    const wb = new Workbench();
    for (const f of createSample().files) await wb.addSource(input(f.name, [...f.chunks()].join('')));
    return wb;
  }
  /** Timed event ids of the view filtered by an entity. */
  const timedIds = (wb: Workbench, key: string) => {
    const v = wb.view({ ...ALL, entity: key });
    return new Set(wb.rows(v.viewId, 0, v.timed).map((r) => r.eventId));
  };

  it('gives each listed container or pod the rows of its entity filter, and the rest once in "other"', async () => {
    const wb = await sample();
    const v = wb.view(ALL);
    if (v.first === null || v.last === null) throw new Error('the sample has timed rows');
    const q = { viewId: v.viewId, from: v.first, to: v.last, bins: 40, by: 'entity' as const };
    const every = wb.lanes({ ...q, maxLanes: 1000 });
    const two = wb.lanes({ ...q, maxLanes: 2 });
    const kinds = new Map(wb.entities().map((e) => [e.key, e.kind]));
    expect(every.length).toBeGreaterThan(2);
    expect(every.some((l) => kinds.get(l.key) === 'container')).toBe(true);
    for (const l of every) {
      expect(['container', 'sandbox', 'pod']).toContain(kinds.get(l.key));
      expect(l.total, l.key).toBe(timedIds(wb, l.key).size);
      expect(l.total).toBeGreaterThan(0);
    }
    expect(every.map((l) => l.total)).toEqual(every.map((l) => l.total).sort((a, b) => b - a));
    expect(two.length).toBe(3);
    expect(two[2].key).toBe(OTHER_LANE_KEY);
    // "other": the rows of the lanes left out that no listed lane has, each once.
    const listed = new Set([...timedIds(wb, two[0].key), ...timedIds(wb, two[1].key)]);
    const rest = new Set<string>();
    for (const l of every.filter((x) => x.key !== two[0].key && x.key !== two[1].key))
      for (const id of timedIds(wb, l.key)) if (!listed.has(id)) rest.add(id);
    expect(two[2].total).toBe(rest.size);
  });
});
