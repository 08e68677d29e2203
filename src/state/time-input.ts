// What the analyst types into "Jump to" and the zoom window's From / To: a time as the logs print
// it, read in the display zone unless it names its own zone. Pure: the zone and the range of the
// view are arguments, so the reading is tested without a clock or a browser zone.
import { civilToMicros, fractionToMicros, monthFromName, zoneTokenOffset } from '../core/util/time.ts';
import { formatTimeIn, zoneOffsetMinutes } from './format.ts';
import type { DisplayZone } from './store.ts';

export type ParsedTime = { ok: true; us: number } | { ok: false; error: string };

/** The view's first and last timed rows (epoch µs): a time of day alone is looked for between them. */
export interface TimeRef {
  first: number | null;
  last: number | null;
}

export const TIME_INPUT_HELP =
  'a time like 07:48:16, 2025-11-24 07:48:16, Nov 24 07:48:16 or 2025-11-24T07:48:16Z';

const DAY_US = 86_400_000_000;

// `07:48:16`, `7:48`, `07:48:16.123456`
const CLOCK_RE = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?$/;
// `2025-11-24 07:48:16`, `2025-11-24T07:48:16.5Z`, `2025-11-24 07:48 +01:00`, `2025-11-24 07:48:16 CET`, `2025-11-24`
const DATE_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?|[A-Za-z]{2,5})?)?$/;
// `Nov 24 07:48:16` (journalctl short), `Nov 24 07:48:16.123`, `nov. 24 07:48`
const MONTH_DAY_RE = /^(\S{3,9})\s+(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?$/;

/**
 * Wall-clock fields in the display zone -> epoch µs. 'local' is the browser's zone at that
 * instant (asked twice, so a time near a DST change gets the offset of its own side).
 */
function wallToUs(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  micros: number,
  zone: DisplayZone,
): number | null {
  const asUtc = civilToMicros(y, mo, d, h, mi, s, micros, 0);
  if (asUtc === null) return null;
  if (zone !== 'local') return asUtc - zoneOffsetMinutes(zone, asUtc) * 60_000_000;
  let us = asUtc - zoneOffsetMinutes('local', asUtc) * 60_000_000;
  us = asUtc - zoneOffsetMinutes('local', us) * 60_000_000;
  return us;
}

/** Year, month and day of an instant in the display zone. */
function dateIn(us: number, zone: DisplayZone): [number, number, number] {
  const text = formatTimeIn(us, zone).text; // "2025-11-26 11:00:01.187"
  return [Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10))];
}

const bad = (error: string): ParsedTime => ({ ok: false, error });

/**
 * Reads a typed time. A time of day alone lands on the first day of the view (in the display zone)
 * where it falls inside the view, else the nearest such day; a month and day without a year take
 * the view's year. Errors are one sentence for the user.
 */
export function parseTimeInput(input: string, zone: DisplayZone, ref: TimeRef): ParsedTime {
  const text = input.trim();
  if (text === '') return bad(`Type ${TIME_INPUT_HELP}.`);
  const impossible = bad(`“${text}” is not a real date or time.`);

  const iso = DATE_RE.exec(text);
  if (iso) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', frac, z] = iso;
    let us: number | null;
    if (z !== undefined) {
      const off = zoneTokenOffset(z);
      if (off === null) return bad(`Unknown time zone “${z}”: use Z, UTC or an offset like +01:00.`);
      us = civilToMicros(+y, +mo, +d, +h, +mi, +s, fractionToMicros(frac), off);
    } else {
      us = wallToUs(+y, +mo, +d, +h, +mi, +s, fractionToMicros(frac), zone);
    }
    return us === null ? impossible : { ok: true, us };
  }

  const md = MONTH_DAY_RE.exec(text);
  if (md) {
    const [, monthName, d, h, mi, s = '0', frac] = md;
    const mo = monthFromName(monthName);
    if (mo === null) return bad(`Unknown month “${monthName}”.`);
    const anchor = ref.first ?? ref.last;
    if (anchor === null)
      return bad('No event has a wall-clock time yet: type the year too (2025-11-24 07:48:16).');
    // The year of the view; a view across New Year tries the last row's year too.
    const years = [...new Set([dateIn(anchor, zone)[0], dateIn(ref.last ?? anchor, zone)[0]])];
    const candidates = years
      .map((y) => wallToUs(y, mo, +d, +h, +mi, +s, fractionToMicros(frac), zone))
      .filter((u): u is number => u !== null);
    if (candidates.length === 0) return impossible;
    return { ok: true, us: nearest(candidates, ref) };
  }

  const clock = CLOCK_RE.exec(text);
  if (clock) {
    const [, h, mi, s = '0', frac] = clock;
    if (+h > 23 || +mi > 59 || +s > 59) return impossible;
    if (ref.first === null || ref.last === null)
      return bad('No event has a wall-clock time yet: type the date too (2025-11-24 07:48:16).');
    // Every day the view touches, in the display zone (a long view is cut at a year of days).
    const candidates: number[] = [];
    const [y, mo, d] = dateIn(ref.first, zone);
    for (let k = 0; k <= 366; k++) {
      const day = civilToMicros(y, mo, d, 0, 0, 0, 0, 0);
      if (day === null) break;
      const [yy, mm, dd] = dateIn(day + k * DAY_US, 'utc');
      const us = wallToUs(yy, mm, dd, +h, +mi, +s, fractionToMicros(frac), zone);
      if (us === null) continue;
      candidates.push(us);
      if (us > ref.last) break;
    }
    if (candidates.length === 0) return impossible;
    return { ok: true, us: nearest(candidates, ref) };
  }

  return bad(`“${text}” is not a time: type ${TIME_INPUT_HELP}.`);
}

/** The first candidate inside [first, last], else the one closest to that range. */
function nearest(candidates: number[], ref: TimeRef): number {
  const lo = ref.first ?? Number.NEGATIVE_INFINITY;
  const hi = ref.last ?? Number.POSITIVE_INFINITY;
  const inside = candidates.find((c) => c >= lo && c <= hi);
  if (inside !== undefined) return inside;
  const dist = (c: number) => (c < lo ? lo - c : c - hi);
  return candidates.reduce((best, c) => (dist(c) < dist(best) ? c : best));
}

/** A window bound as the From / To inputs show it: "2025-11-24 07:48:16.250" in the display zone. */
export function formatInputTime(us: number, zone: DisplayZone): string {
  const text = formatTimeIn(us, zone).text;
  return text.endsWith('.000') ? text.slice(0, 19) : text;
}
