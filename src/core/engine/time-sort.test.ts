import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type RowArrays, sortRowsByKey } from './time-sort.ts';

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
