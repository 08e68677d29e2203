// Calendar arithmetic on epoch µs without Date (zone-free, fast): what a year-less stamp becomes
// in another year, the year of a time, offsets rounded to the quarter hours zones come in.
import { civilFromDays, daysFromCivil, daysInMonth } from '../util/time.ts';

export const SECOND_US = 1_000_000;
export const MINUTE_US = 60 * SECOND_US;
export const HOUR_US = 60 * MINUTE_US;
export const DAY_US = 24 * HOUR_US;
/** A mean Gregorian year. */
export const YEAR_US = 365.2425 * DAY_US;

/** The calendar year of `us` read in a zone `offsetMinutes` east of UTC. */
export function yearOf(us: number, offsetMinutes = 0): number {
  const local = us + offsetMinutes * MINUTE_US;
  return civilFromDays(Math.floor(local / DAY_US))[0];
}

/**
 * `us` (a year-less stamp read in `offsetMinutes`) moved `years` calendar years on, keeping its
 * month, day and clock: what re-parsing it with another year gives. Feb 29 in a year without
 * one becomes Mar 1 (the parser would reject it; the nearest real day stands in).
 */
export function shiftYears(us: number, years: number, offsetMinutes = 0): number {
  if (years === 0 || !Number.isFinite(us)) return us;
  const local = us + offsetMinutes * MINUTE_US;
  const days = Math.floor(local / DAY_US);
  const within = local - days * DAY_US;
  const [y, m, d] = civilFromDays(days);
  const ny = y + years;
  const nd = Math.min(d, daysInMonth(ny, m));
  const extra = d - nd;
  return (daysFromCivil(ny, m, nd) + extra) * DAY_US + within - offsetMinutes * MINUTE_US;
}

/** Minutes rounded to the nearest quarter hour (every zone offset in use is a multiple of 15 min). */
export function roundToQuarterHour(minutes: number): number {
  const q = Math.round(minutes / 15) * 15;
  return q === 0 ? 0 : q; // no -0
}

/** `+01:00`, `-03:30`, `+00:00`. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** The median of `xs` (sorted copy); NaN for none. */
export function median(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n === 0) return Number.NaN;
  const s = Float64Array.from(xs).sort();
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}
