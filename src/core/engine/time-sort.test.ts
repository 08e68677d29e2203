import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type RowArrays, sortRowsByKey } from './time-sort.ts';
import { Workbench } from './workbench.ts';

/** Rows of several sources (each in line order), and the order a plain stable sort gives. */
function build(runs: number[][]): { rows: RowArrays; bounds: number[]; expected: string[] } {
  const n = runs.reduce((s, r) => s + r.length, 0);
  const rows: RowArrays = { key: new Float64Array(n), src: new Uint16Array(n), ev: new Uint32Array(n) };
  const bounds: number[] = [];
  const all: { key: number; src: number; ev: number }[] = [];
  let o = 0;
  runs.forEach((keys, s) => {
    bounds.push(o);
    keys.forEach((key, ev) => {
      rows.key[o] = key;
      rows.src[o] = s;
      rows.ev[o++] = ev;
      all.push({ key, src: s, ev });
    });
  });
  bounds.push(o);
  // Array.prototype.sort is stable: ties keep source order, then line order.
  all.sort((a, b) => a.key - b.key);
  return { rows, bounds, expected: all.map((r) => `${r.key}/${r.src}/${r.ev}`) };
}

function order(rows: RowArrays): string[] {
  return Array.from(rows.key, (k, i) => `${k}/${rows.src[i]}/${rows.ev[i]}`);
}

describe('sortRowsByKey', () => {
  it('orders by key, then source, then line, like a stable sort', () => {
    // Timestamps near each other (the usual case), a few far apart and negative, many ties.
    const key = fc.oneof(
      fc.integer({ min: 0, max: 50 }).map((x) => 1_764_151_200_000_000 + x * 1_000_000),
      fc.integer({ min: -1e15, max: 1e15 }),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(fc.array(key, { maxLength: 300 }), { minLength: 1, maxLength: 7 }), (runs) => {
        const { rows, bounds, expected } = build(runs);
        sortRowsByKey(rows, bounds);
        expect(order(rows)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('sorts a large reversed run (radix path) and keeps ties in line order', () => {
    const n = 20000;
    const keys = Array.from({ length: n }, (_, i) => 1e15 - Math.floor(i / 3) * 1000);
    const { rows, bounds, expected } = build([keys, keys.slice(0, 500).reverse()]);
    sortRowsByKey(rows, bounds);
    expect(order(rows)).toEqual(expected);
  });
});

// The view merge's three promises, each checked on its own (the test above compares with a
// reference sort; these say what is wrong when one breaks): the same rows come out, in time
// order, and rows of equal time keep source order, then line order.
describe('sortRowsByKey invariants', () => {
  // Runs shaped like logs: mostly in order with ties (whole-second stamps), sometimes shuffled
  // or long enough for the radix path, over few distinct times so ties across sources abound.
  const run = fc.oneof(
    fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }).map((a) => a.sort((x, y) => x - y)),
    fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 64, maxLength: 300 }),
    fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 40 }),
  );
  const runs = fc
    .array(run, { minLength: 1, maxLength: 9 })
    .map((rs) => rs.map((r) => r.map((k) => 1_764_151_200_000_000 + k * 1_000_000)));

  it('keeps every row once (same length, same rows)', () => {
    fc.assert(
      fc.property(runs, (rs) => {
        const { rows, bounds } = build(rs);
        const before = Array.from(rows.src, (s, i) => `${s}/${rows.ev[i]}/${rows.key[i]}`).sort();
        sortRowsByKey(rows, bounds);
        expect(rows.key.length).toBe(before.length);
        expect(Array.from(rows.src, (s, i) => `${s}/${rows.ev[i]}/${rows.key[i]}`).sort()).toEqual(before);
      }),
      { numRuns: 200 },
    );
  });

  it('puts rows in time order', () => {
    fc.assert(
      fc.property(runs, (rs) => {
        const { rows, bounds } = build(rs);
        sortRowsByKey(rows, bounds);
        for (let i = 1; i < rows.key.length; i++) expect(rows.key[i - 1] <= rows.key[i]).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps rows of equal time in source order, then line order', () => {
    fc.assert(
      fc.property(runs, (rs) => {
        const { rows, bounds } = build(rs);
        sortRowsByKey(rows, bounds);
        for (let i = 1; i < rows.key.length; i++) {
          if (rows.key[i - 1] !== rows.key[i]) continue;
          const a = rows.src[i - 1];
          const b = rows.src[i];
          expect(a < b || (a === b && rows.ev[i - 1] < rows.ev[i])).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('Workbench.view merge', () => {
  const T0 = 1_764_151_200_000_000;
  /** journalctl -o json lines with the given times (whole seconds after T0); null = no time. */
  function journal(times: (number | null)[], s: number): string {
    return times
      .map((t, n) =>
        t === null
          ? JSON.stringify({ MESSAGE: `s${s} n${n}`, _HOSTNAME: 'node-1', SYSLOG_IDENTIFIER: 'app' })
          : JSON.stringify({
              __REALTIME_TIMESTAMP: String(T0 + t * 1_000_000),
              MESSAGE: `s${s} n${n}`,
              _HOSTNAME: 'node-1',
              SYSLOG_IDENTIFIER: 'app',
            }),
      )
      .join('\n');
  }

  it('merges sources into one sorted, stable view of every event', async () => {
    const times = fc.array(fc.option(fc.integer({ min: 0, max: 6 }), { freq: 8 }), {
      minLength: 1,
      maxLength: 25,
    });
    await fc.assert(
      fc.asyncProperty(fc.array(times, { minLength: 1, maxLength: 4 }), async (sources) => {
        const wb = new Workbench();
        for (let s = 0; s < sources.length; s++) {
          const bytes = new TextEncoder().encode(`${journal(sources[s], s)}\n`);
          await wb.addSource({
            name: `s${s}.json`,
            kind: 'file',
            stream: new Blob([bytes]).stream(),
            totalBytes: bytes.length,
            clock: { year: 2025, utcOffsetMinutes: 0 },
          });
        }
        const v = wb.view({ sources: [], severities: [], search: '' });
        const total = sources.reduce((n, t) => n + t.length, 0);
        expect(v.total).toBe(total);
        const rows = wb.rows(v.viewId, 0, v.total);
        expect(rows).toHaveLength(total);
        // Every event once.
        expect(new Set(rows.map((r) => r.eventId)).size).toBe(total);
        const order = (r: (typeof rows)[number]) => [Number(r.sourceId.slice(1, -5)), r.line] as const;
        for (let i = 1; i < rows.length; i++) {
          const a = rows[i - 1];
          const b = rows[i];
          const [sa, la] = order(a);
          const [sb, lb] = order(b);
          const tieOrder = sa < sb || (sa === sb && la < lb);
          if (a.time !== null && b.time !== null) {
            expect(a.time <= b.time).toBe(true);
            if (a.time === b.time) expect(tieOrder).toBe(true);
          } else if (a.time === null) {
            // Untimed rows come last, by source and line.
            expect(b.time).toBeNull();
            expect(tieOrder).toBe(true);
          }
        }
        expect(v.timed).toBe(rows.filter((r) => r.time !== null).length);
        expect(v.untimed).toBe(sources.flat().filter((t) => t === null).length);
      }),
      { numRuns: 25 },
    );
  });
});
