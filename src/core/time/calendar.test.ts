import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { civilFromDays, civilToMicros } from '../util/time.ts';
import { formatOffset, median, roundToQuarterHour, shiftYears, yearOf } from './calendar.ts';

describe('calendar arithmetic', () => {
  it('inverts daysFromCivil', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 100_000 }), (days) => {
        const [y, m, d] = civilFromDays(days);
        expect(civilToMicros(y, m, d, 0, 0, 0, 0, 0)).toBe(days * 86_400_000_000);
      }),
    );
  });

  it('moves a year-less stamp to another year as a re-parse with that year would', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1990, max: 2060 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 86_399 }),
        fc.integer({ min: -5, max: 5 }),
        fc.integer({ min: -56, max: 56 }).map((q) => q * 15),
        (y, mo, d, s, k, off) => {
          const h = Math.floor(s / 3600);
          const mi = Math.floor((s % 3600) / 60);
          const t = civilToMicros(y, mo, d, h, mi, s % 60, 123_456, off) as number;
          expect(shiftYears(t, k, off)).toBe(civilToMicros(y + k, mo, d, h, mi, s % 60, 123_456, off));
          expect(yearOf(t, off)).toBe(y);
        },
      ),
    );
  });

  it('turns Feb 29 into Mar 1 in a year without one', () => {
    const t = civilToMicros(2024, 2, 29, 10, 0, 0, 0, 0) as number;
    expect(shiftYears(t, 1)).toBe(civilToMicros(2025, 3, 1, 10, 0, 0, 0, 0));
  });

  it('rounds offsets to quarter hours and prints them', () => {
    expect(roundToQuarterHour(59.2)).toBe(60);
    expect(roundToQuarterHour(-7)).toBe(0);
    expect(Object.is(roundToQuarterHour(-7), -0)).toBe(false);
    expect(roundToQuarterHour(337)).toBe(330);
    expect(formatOffset(330)).toBe('+05:30');
    expect(formatOffset(-180)).toBe('-03:00');
    expect(formatOffset(0)).toBe('+00:00');
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
