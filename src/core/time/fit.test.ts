import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitOffset, pairInterval } from './fit.ts';

const SECOND = 1_000_000;

describe('fitOffset', () => {
  it('has no answer without pairs', () => {
    expect(fitOffset([], [])).toBeNull();
  });

  it('lies inside every interval when they share a point, with no residual', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.array(fc.tuple(fc.nat(2_000_000), fc.nat(2_000_000)), { minLength: 1, maxLength: 60 }),
        (point, spans) => {
          const lo = spans.map(([a]) => point - a);
          const hi = spans.map(([, b]) => point + b);
          const f = fitOffset(lo, hi);
          expect(f).not.toBeNull();
          if (!f) return;
          expect(f.used).toBe(spans.length);
          expect(f.tolerance).toBe(0);
          expect(f.residual).toBe(0);
          for (let k = 0; k < lo.length; k++) {
            expect(f.offset).toBeGreaterThanOrEqual(lo[k]);
            expect(f.offset).toBeLessThanOrEqual(hi[k]);
          }
        },
      ),
    );
  });

  it('stays within the bounds of the intervals, whatever they are', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.nat(5_000_000)), {
          minLength: 1,
          maxLength: 50,
        }),
        (spans) => {
          const lo = spans.map(([a]) => a);
          const hi = spans.map(([a, w]) => a + w);
          const f = fitOffset(lo, hi);
          if (!f) throw new Error('no fit');
          expect(f.offset).toBeGreaterThanOrEqual(Math.min(...lo) - f.tolerance);
          expect(f.offset).toBeLessThanOrEqual(Math.max(...hi) + f.tolerance);
          expect(f.used).toBeGreaterThanOrEqual(1);
          expect(f.uncertainty).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it('recovers a known offset from seconds-precision stamps, with a few wrong matches', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_600_000_000 * SECOND, max: 1_800_000_000 * SECOND }),
        // Monotonic times (µs) of the true pairs, and the lag of the logger that stamped them.
        fc.array(fc.integer({ min: 0, max: 20_000 * SECOND }), { minLength: 20, maxLength: 300 }),
        fc.integer({ min: 0, max: 500 }),
        // Wrong matches: another record's stamp, seconds to an hour away.
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 20_000 * SECOND }),
            fc.integer({ min: 2, max: 3600 }),
            fc.boolean(),
          ),
          { maxLength: 5 },
        ),
        (boot, monos, lag, wrong) => {
          const lo: number[] = [];
          const hi: number[] = [];
          for (const m of monos) {
            // journalctl short: the second the record was read in, truncated.
            const wall = Math.floor((boot + m + lag) / SECOND) * SECOND;
            const [a, b] = pairInterval(wall, SECOND, m, 1000);
            lo.push(a);
            hi.push(b);
          }
          for (const [m, secs, early] of wrong) {
            const wall = Math.floor((boot + m) / SECOND) * SECOND + (early ? -secs : secs) * SECOND;
            const [a, b] = pairInterval(wall, SECOND, m, 1000);
            lo.push(a);
            hi.push(b);
          }
          const f = fitOffset(lo, hi);
          if (!f) throw new Error('no fit');
          // The truth (boot + lag, as the stamps saw it) is within the stated uncertainty.
          expect(Math.abs(f.offset - (boot + lag))).toBeLessThanOrEqual(f.uncertainty + 1);
          expect(f.uncertainty).toBeLessThan(SECOND / 2 + 1000);
          expect(f.used).toBeGreaterThanOrEqual(monos.length);
        },
      ),
    );
  });

  it('narrows to a few ms when the seconds are cut at many different fractions', () => {
    const boot = 1_763_964_351_952_087;
    const lo: number[] = [];
    const hi: number[] = [];
    for (let k = 0; k < 500; k++) {
      const m = k * 7_919_777 + ((k * 104_729) % SECOND);
      const wall = Math.floor((boot + m) / SECOND) * SECOND;
      const [a, b] = pairInterval(wall, SECOND, m);
      lo.push(a);
      hi.push(b);
    }
    const f = fitOffset(lo, hi);
    if (!f) throw new Error('no fit');
    expect(Math.abs(f.offset - boot)).toBeLessThanOrEqual(f.uncertainty);
    expect(f.uncertainty).toBeLessThan(10_000);
  });

  it('finds the pairs that agree even when most matches are wrong', () => {
    // 300 true µs pairs, 2,000 matches of repeated filler texts spread over six hours.
    const boot = 1_763_964_351_952_087;
    const lo: number[] = [];
    for (let k = 0; k < 300; k++) lo.push(boot);
    for (let k = 0; k < 2000; k++)
      lo.push(boot + ((k * 7_919_113_333) % (6 * 3600 * SECOND)) - 3 * 3600 * SECOND);
    const f = fitOffset(lo, lo);
    if (!f) throw new Error('no fit');
    expect(f.offset).toBe(boot);
    expect(f.tolerance).toBe(0);
    expect(f.used).toBeGreaterThanOrEqual(300);
    expect(f.used).toBeLessThan(310);
  });

  it('widens precise pairs that jitter until most of them meet', () => {
    // Exact journal pairs whose realtime - monotonic wanders by up to 40 µs (NTP slewing).
    const boot = 1_700_000_000_000_000;
    const jitter = [0, 12, -7, 33, 40, -21, 5, -40, 18, 2];
    const lo = jitter.map((j) => boot + j);
    const hi = [...lo];
    // And two entries from before the clock was stepped by NTP.
    lo.push(boot - 3 * SECOND, boot - 3 * SECOND + 5);
    hi.push(boot - 3 * SECOND, boot - 3 * SECOND + 5);
    const f = fitOffset(lo, hi);
    if (!f) throw new Error('no fit');
    expect(f.tolerance).toBeGreaterThan(0);
    expect(Math.abs(f.offset - boot)).toBeLessThanOrEqual(100);
    expect(f.used).toBe(jitter.length);
    expect(f.inliers[jitter.length]).toBe(0);
    expect(f.residual).toBeGreaterThan(0);
  });
});
