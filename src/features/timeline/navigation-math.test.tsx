// The pure parts of timeline navigation: the time axis and brush arithmetic, the histogram and
// lane geometry, and reading a typed time. (A .tsx name because the ui test project collects
// src/features/**/*.test.tsx; nothing here renders.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DENSITY_CLASSES, type Histogram, type Lane } from '../../core/engine/engine-api.ts';
import { formatInputTime, parseTimeInput } from '../../state/time-input.ts';
import { binAt, histogramBars, laneCells } from './density-draw.ts';
import {
  binsFor,
  clampWindow,
  formatDuration,
  panWindow,
  plotRange,
  scaleWindow,
  timeAt,
  timeTicks,
  xOf,
} from './time-axis.ts';

const T = (iso: string) => Date.parse(iso) * 1000;

describe('time axis', () => {
  it('maps time to pixels and back within a microsecond-per-pixel rounding', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2e15 }),
        fc.integer({ min: 1, max: 1e12 }),
        fc.integer({ min: 1, max: 4000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (from, span, width, f) => {
          const s = { from, to: from + span, width };
          const t = from + Math.round(f * span);
          const back = timeAt(s, xOf(s, t));
          expect(Math.abs(back - t)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('clamps the time under a pointer outside the plot to its ends', () => {
    const s = { from: 1000, to: 2000, width: 100 };
    expect(timeAt(s, -50)).toBe(1000);
    expect(timeAt(s, 500)).toBe(2000);
    expect(timeAt(s, 50)).toBe(1500);
  });

  it('widens a view of one instant to a second around it', () => {
    expect(plotRange(5_000_000, 5_000_000)).toEqual([4_500_000, 5_500_000]);
    expect(plotRange(0, 3_000_000)).toEqual([0, 3_000_000]);
  });

  it('keeps every window inside the range, ordered, and as wide as asked when it fits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.integer({ min: 0, max: 1e12 }),
        fc.integer({ min: 1000, max: 1e12 }),
        (a, b, lo, room) => {
          const hi = lo + room;
          const [from, to] = clampWindow(a, b, lo, hi);
          expect(from).toBeGreaterThanOrEqual(lo);
          expect(to).toBeLessThanOrEqual(hi);
          expect(to).toBeGreaterThan(from);
          const asked = Math.max(Math.abs(a - b), 1000);
          expect(to - from).toBe(Math.min(asked, room));
        },
      ),
    );
  });

  it('pans without changing the width and zooms around the centre', () => {
    expect(panWindow([100_000, 200_000], 50_000, 0, 1_000_000)).toEqual([150_000, 250_000]);
    // Dragged past the end: stops at the end, same width.
    expect(panWindow([100_000, 200_000], 5_000_000, 0, 1_000_000)).toEqual([900_000, 1_000_000]);
    expect(scaleWindow([400_000, 600_000], 0.5, 0, 1_000_000)).toEqual([450_000, 550_000]);
    expect(scaleWindow([400_000, 600_000], 100, 0, 1_000_000)).toEqual([0, 1_000_000]);
  });

  it('asks for fewer bins when the plot is narrow, in steps of ten', () => {
    expect(binsFor(900)).toBe(300);
    expect(binsFor(905)).toBe(300);
    expect(binsFor(20)).toBe(10);
    expect(binsFor(10_000)).toBe(600);
  });

  it('puts ticks on round times of the display zone, far enough apart to read', () => {
    const s = { from: T('2025-11-24T07:31:10Z'), to: T('2025-11-24T09:02:00Z'), width: 600 };
    const utc = timeTicks(s, 'utc');
    expect(utc.map((t) => t.label)).toEqual(['07:45', '08:00', '08:15', '08:30', '08:45', '09:00']);
    for (let i = 1; i < utc.length; i++) expect(utc[i].x - utc[i - 1].x).toBeGreaterThanOrEqual(84);
    // +05:30: the same instants, labelled on that zone's quarter hours.
    const india = timeTicks(s, 330);
    expect(india[0].label).toBe('13:15');
    expect(india[0].us).toBe(T('2025-11-24T07:45:00Z'));
    // A few milliseconds: the labels carry them.
    const short = timeTicks(
      { from: T('2025-11-24T07:48:16.000Z'), to: T('2025-11-24T07:48:16.040Z'), width: 600 },
      'utc',
    );
    expect(short[1].label).toBe('07:48:16.010');
  });

  it('says durations in the unit a person would use', () => {
    expect(formatDuration(3_000)).toBe('3 ms');
    expect(formatDuration(1_500_000)).toBe('1.5 s');
    expect(formatDuration(420)).toBe('420 µs');
    expect(formatDuration(7_200_000_000)).toBe('2 h');
  });
});

const histArb = fc
  .integer({ min: 1, max: 60 })
  .chain((n) =>
    fc.array(fc.array(fc.nat({ max: 5000 }), { minLength: n, maxLength: n }), {
      minLength: DENSITY_CLASSES.length,
      maxLength: DENSITY_CLASSES.length,
    }),
  )
  .map((counts): Histogram => {
    const n = counts[0].length;
    let max = 0;
    for (let i = 0; i < n; i++)
      max = Math.max(
        max,
        counts.reduce((s, row) => s + row[i], 0),
      );
    return { from: 0, to: n * 1000, binUs: 1000, counts, max };
  });

describe('histogram geometry', () => {
  it('draws every non-empty bin inside the plot, errors at the bottom, taller for busier bins', () => {
    fc.assert(
      fc.property(
        histArb,
        fc.integer({ min: 20, max: 2000 }),
        fc.integer({ min: 8, max: 200 }),
        (h, w, ht) => {
          const bars = histogramBars(h, w, ht);
          const n = h.counts[0].length;
          const totals = Array.from({ length: n }, (_, i) => h.counts.reduce((s, row) => s + row[i], 0));
          const drawn = new Set(bars.map((b) => Math.round(b.x * 1000)));
          expect(drawn.size).toBe(totals.filter((t) => t > 0).length);
          const top = new Map<number, number>();
          for (const b of bars) {
            expect(b.x).toBeGreaterThanOrEqual(0);
            expect(b.x + b.w).toBeLessThanOrEqual(w + 1e-6);
            expect(b.y).toBeGreaterThanOrEqual(-1e-6);
            expect(b.y + b.h).toBeLessThanOrEqual(ht + 1e-6);
            expect(b.h).toBeGreaterThan(0);
            const i = binAt(b.x + b.w / 2, w, n);
            top.set(i, Math.min(top.get(i) ?? ht, b.y));
          }
          // Bars of each bin stack downwards in class order: the most severe lowest.
          for (let i = 0; i < n; i++) {
            const ys = bars.filter((b) => binAt(b.x + b.w / 2, w, n) === i);
            for (let k = 1; k < ys.length; k++) {
              expect(ys[k].cls).toBeGreaterThan(ys[k - 1].cls);
              expect(ys[k].y).toBeLessThanOrEqual(ys[k - 1].y);
            }
          }
          // A bin with more events is never drawn lower (the 2 px floor for errors aside).
          for (let i = 0; i < n; i++)
            for (let j = 0; j < n; j++)
              if (totals[j] > 0 && totals[i] >= 10 * totals[j] && h.counts[0][j] + h.counts[1][j] === 0)
                expect(top.get(i) ?? ht).toBeLessThanOrEqual((top.get(j) ?? ht) + 1e-6);
        },
      ),
    );
  });

  it('keeps a single error visible among thousands of info events', () => {
    const counts = [[1], [0], [5000], [0]];
    const bars = histogramBars({ from: 0, to: 1, binUs: 1, counts, max: 5001 }, 10, 50);
    const err = bars.find((b) => b.cls === 0);
    expect(err?.h).toBeGreaterThanOrEqual(2);
    expect(err?.y).toBeCloseTo(48);
  });

  it('draws nothing for an empty histogram and an empty canvas', () => {
    expect(
      histogramBars({ from: 0, to: 1, binUs: 1, counts: [[0], [0], [0], [0]], max: 0 }, 100, 50),
    ).toEqual([]);
    expect(histogramBars({ from: 0, to: 1, binUs: 1, counts: [[3], [0], [0], [0]], max: 3 }, 0, 50)).toEqual(
      [],
    );
  });

  it('colours a lane bin by its worst class and fades quiet bins', () => {
    const lane: Lane = { key: 'a', label: 'a', counts: [0, 4, 1, 9], worst: [-1, 2, 0, 1], total: 14 };
    const cells = laneCells(lane, 400, 12);
    expect(cells.map((c) => [c.x, c.cls])).toEqual([
      [100, 2],
      [200, 0],
      [300, 1],
    ]);
    expect(cells[2].alpha).toBe(1);
    expect(cells[1].alpha).toBeLessThan(cells[0].alpha);
  });
});

describe('typed times', () => {
  const ref = { first: T('2025-11-24T06:00:00Z'), last: T('2025-11-24T09:00:00Z') };

  it('reads a time of day on the view’s day, in the display zone', () => {
    expect(parseTimeInput('07:48:16', 'utc', ref)).toEqual({ ok: true, us: T('2025-11-24T07:48:16Z') });
    expect(parseTimeInput(' 7:48 ', 'utc', ref)).toEqual({ ok: true, us: T('2025-11-24T07:48:00Z') });
    expect(parseTimeInput('07:48:16.250', 'utc', ref)).toEqual({
      ok: true,
      us: T('2025-11-24T07:48:16.250Z'),
    });
    // Shown in +01:00, typed as seen: 08:48:16 there is 07:48:16 UTC.
    expect(parseTimeInput('08:48:16', 60, ref)).toEqual({ ok: true, us: T('2025-11-24T07:48:16Z') });
  });

  it('takes the next day when the time of day only falls inside the view then', () => {
    const night = { first: T('2025-11-24T22:00:00Z'), last: T('2025-11-25T03:00:00Z') };
    expect(parseTimeInput('01:30', 'utc', night)).toEqual({ ok: true, us: T('2025-11-25T01:30:00Z') });
    expect(parseTimeInput('23:00', 'utc', night)).toEqual({ ok: true, us: T('2025-11-24T23:00:00Z') });
  });

  it('reads dates, ISO with a zone, and journal stamps', () => {
    expect(parseTimeInput('2025-11-24 07:48:16', 'utc', ref)).toEqual({
      ok: true,
      us: T('2025-11-24T07:48:16Z'),
    });
    expect(parseTimeInput('2025-11-24 08:48:16', 60, ref)).toEqual({
      ok: true,
      us: T('2025-11-24T07:48:16Z'),
    });
    // A zone in the text wins over the display zone.
    expect(parseTimeInput('2025-11-24T09:48:16+02:00', 60, ref)).toEqual({
      ok: true,
      us: T('2025-11-24T07:48:16Z'),
    });
    expect(parseTimeInput('2025-11-24T07:48:16.5Z', 60, ref)).toEqual({
      ok: true,
      us: T('2025-11-24T07:48:16.5Z'),
    });
    expect(parseTimeInput('2025-11-24 08:48:16 CET', 'utc', ref)).toEqual({
      ok: true,
      us: T('2025-11-24T07:48:16Z'),
    });
    expect(parseTimeInput('Nov 24 07:48:16', 'utc', ref)).toEqual({
      ok: true,
      us: T('2025-11-24T07:48:16Z'),
    });
  });

  it('explains what it could not read instead of guessing', () => {
    const no = (text: string) => {
      const r = parseTimeInput(text, 'utc', ref);
      expect(r.ok).toBe(false);
      return r.ok ? '' : r.error;
    };
    expect(no('tomorrow')).toMatch(/is not a time/);
    expect(no('25:61')).toMatch(/not a real date or time/);
    expect(no('2025-02-30 10:00')).toMatch(/not a real date/);
    expect(no('2025-11-24 07:48 XYZ')).toMatch(/Unknown time zone/);
    expect(no('')).toMatch(/Type a time/);
    expect(parseTimeInput('07:48', 'utc', { first: null, last: null })).toMatchObject({ ok: false });
  });

  it('reads back what the From / To inputs show, in any fixed zone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: T('2000-01-01T00:00:00Z') / 1000, max: T('2090-01-01T00:00:00Z') / 1000 }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }),
        (ms, zone) => {
          const us = ms * 1000;
          const r = parseTimeInput(formatInputTime(us, zone), zone, ref);
          expect(r).toEqual({ ok: true, us });
        },
      ),
    );
  });
});
