// Year and zone of year-less and zone-less sources (DESIGN.md section 4, issue 4 part 2).
//
// Year, first that applies: the user's decision; the same events dated in another source (a
// line matched by text with a source whose stamps carry the year, or the daemon's own dated
// stamp inside the line); the year that puts the source's events next to the other sources'
// dated events; the capture time (the events come before it); the clock given with the source;
// the default (this machine's year). The year found is the base year of the parse: the year of
// the source's first entry in line order. The parsers step it at a December -> January change
// (a year on) and at January -> December (`-r`, newest first: a year back), so `-r` output gets
// the year of its newest entry, which comes first.
//
// Zone: the user's decision; learned from the same events in a source that has a zone (the
// median difference, rounded to 15 minutes); the clock given with the source (the user's); the
// default (the clock the source was added with: the browser's zone).
import type { ClockDecision, SourceClock } from '../engine/engine-api.ts';
import type { FormatId } from '../model/event.ts';
import { microsToIso } from '../util/time.ts';
import { formatOffset, MINUTE_US, median, roundToQuarterHour, shiftYears, YEAR_US } from './calendar.ts';
import { type ClockSource, formatOf } from './clock-source.ts';
import { lacksYear, mayLackZone } from './stamps.ts';
import { matchKeys } from './text-key.ts';

/** The clock a source was added with, and whether the user gave it (a sample's manifest). */
export interface ClockBasis {
  year: number;
  utcOffsetMinutes: number;
  given: boolean;
}

export interface CalendarChoice {
  year: SourceClock['year'];
  zone: SourceClock['zone'];
}

/** What needs inferring in a source, and the span of its year-less times. */
export interface CalendarNeeds {
  year: boolean;
  zone: boolean;
  /** Year-less inferred times: min and max, µs (NaN when none). */
  min: number;
  max: number;
}

/** Calendar pairs read per reference (evenly spread). */
const MAX_PAIRS = 2000;
/** The furthest a zone can be from UTC (UTC-12 .. UTC+14), minutes. */
const MAX_ZONE_MINUTES = 14 * 60;
/** Year shifts tried when only ranges say something. */
const YEAR_SHIFTS = [0, -1, 1, -2, 2, -3, 3];
/** A capture time is this late at most after the last event (a paste taken the next morning). */
const CAPTURE_SLACK_US = 24 * 60 * MINUTE_US;

export function calendarNeeds(s: ClockSource): CalendarNeeds {
  const out: CalendarNeeds = { year: false, zone: false, min: Number.NaN, max: Number.NaN };
  let last = -1;
  let yearLess = false;
  let zoneLess = false;
  for (let i = 0; i < s.count; i++) {
    const t = s.time[i];
    if (Number.isNaN(t) || s.quality[i] !== inferredCode(s)) continue;
    const code = s.format[i];
    if (code !== last) {
      const f: FormatId = formatOf(s, i);
      yearLess = lacksYear(f);
      zoneLess = mayLackZone(f);
      last = code;
    }
    if (zoneLess) out.zone = true;
    if (yearLess) {
      out.year = true;
      if (!(t >= out.min)) out.min = t;
      if (!(t <= out.max)) out.max = t;
    }
  }
  return out;
}

function inferredCode(s: ClockSource): number {
  return s.qualities.indexOf('inferred');
}

/** A year-less or zone-less time of `s` next to an exact time of the same event. */
interface CalendarPair {
  t: number;
  ref: number;
  /** Where the reference came from (a source name, or `own` for a stamp inside the line). */
  from: string;
}

/** Exact reference times for the inferred times of `s`: stamps inside its lines, and matched lines of `refs`. */
function calendarPairs(
  s: ClockSource,
  refs: { src: ClockSource; fix: ((t: number) => number) | null }[],
): CalendarPair[] {
  const inferred = inferredCode(s);
  const out: CalendarPair[] = [];
  const emb = s.embedded;
  // A median and a mode: a few thousand pairs, evenly spread, say all there is to say.
  const embStep = Math.max(1, emb.index.length / MAX_PAIRS);
  for (let p = 0; p < emb.index.length; p += embStep) {
    const k = Math.floor(p);
    const i = emb.index[k];
    if (s.quality[i] === inferred && !Number.isNaN(s.time[i]))
      out.push({ t: s.time[i], ref: emb.wall[k], from: 'own' });
  }
  for (const r of refs) {
    if (r.src === s || (!r.fix && !hasExact(r.src))) continue;
    const m = matchKeys(s.keys, r.src.keys);
    const exact = r.src.qualities.indexOf('exact');
    const rInferred = inferredCode(r.src);
    const step = Math.max(1, m.a.length / MAX_PAIRS);
    for (let p = 0; p < m.a.length; p += step) {
      const k = Math.floor(p);
      const i = m.a[k];
      const j = m.b[k];
      if (s.quality[i] !== inferred || Number.isNaN(s.time[i])) continue;
      const tj = r.src.time[j];
      if (Number.isNaN(tj)) continue;
      const qj = r.src.quality[j];
      if (qj === exact) out.push({ t: s.time[i], ref: tj, from: r.src.name });
      else if (r.fix && qj === rInferred) out.push({ t: s.time[i], ref: r.fix(tj), from: r.src.name });
    }
  }
  return out;
}

const exactCache = new WeakMap<ClockSource, boolean>();

/** Whether a source has any exact time (else it dates nothing). */
function hasExact(s: ClockSource): boolean {
  let v = exactCache.get(s);
  if (v === undefined) {
    const exact = s.qualities.indexOf('exact');
    v = false;
    for (let i = 0; i < s.count && !v; i++) v = s.quality[i] === exact && !Number.isNaN(s.time[i]);
    exactCache.set(s, v);
  }
  return v;
}

function names(pairs: CalendarPair[]): string {
  const set = [...new Set(pairs.map((p) => p.from))];
  const own = set.includes('own');
  const others = set.filter((n) => n !== 'own');
  const parts: string[] = [];
  if (others.length) parts.push(others.join(', '));
  if (own) parts.push("the daemons' own stamps inside its lines");
  return parts.join(' and ');
}

/** The most common value (ties: the one nearest 0). */
function mode(xs: number[]): number {
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  let best = 0;
  let bestN = -1;
  for (const [x, n] of counts) {
    if (n > bestN || (n === bestN && Math.abs(x) < Math.abs(best))) {
      best = x;
      bestN = n;
    }
  }
  return best;
}

/** Distance between two ranges (0 when they overlap). */
function gap(a0: number, a1: number, b0: number, b1: number): number {
  if (a1 < b0) return b0 - a1;
  if (b1 < a0) return a0 - b1;
  return 0;
}

/**
 * The year shift (of YEAR_SHIFTS, the first on a tie) that puts the year-less span `needs`, read
 * at `offsetMinutes`, nearest to `range`.
 */
function nearestYearShift(
  needs: { min: number; max: number },
  offsetMinutes: number,
  range: { min: number; max: number },
): number {
  let best = 0;
  let bestGap = Number.POSITIVE_INFINITY;
  for (const k of YEAR_SHIFTS) {
    const lo = shiftYears(needs.min, k, offsetMinutes);
    const g = gap(lo, shiftYears(needs.max, k, offsetMinutes), range.min, range.max);
    if (g < bestGap) {
      bestGap = g;
      best = k;
    }
  }
  return best;
}

interface YearResult {
  shift: number;
  how: NonNullable<SourceClock['year']>['how'];
  reason: string;
}

function inferYearShift(
  s: ClockSource,
  needs: CalendarNeeds,
  pairs: CalendarPair[],
  exactRange: { min: number; max: number; names: string[] },
  basis: ClockBasis,
): YearResult {
  if (pairs.length > 0) {
    const shift = mode(pairs.map((p) => Math.round((p.ref - p.t) / YEAR_US)));
    return {
      shift,
      how: 'other-sources',
      reason: `${pairs.length} of its lines are also dated in ${names(pairs)}.`,
    };
  }
  const O = s.utcOffsetMinutes;
  if (exactRange.names.length > 0 && !Number.isNaN(needs.min)) {
    return {
      shift: nearestYearShift(needs, O, exactRange),
      how: 'other-sources',
      reason: `The year that puts its events next to the dated events of ${exactRange.names.join(', ')}.`,
    };
  }
  if (s.capturedAt !== undefined && !Number.isNaN(needs.max)) {
    // The latest year whose events all come before the capture.
    let best: number | null = null;
    for (const k of YEAR_SHIFTS) {
      if (shiftYears(needs.max, k, O) <= s.capturedAt + CAPTURE_SLACK_US && (best === null || k > best))
        best = k;
    }
    if (best !== null)
      return {
        shift: best,
        how: 'capture-time',
        reason: `The output was taken at ${microsToIso(s.capturedAt).slice(0, 19)}Z: its events come before that.`,
      };
  }
  const shift = basis.year - s.year;
  return basis.given
    ? { shift, how: 'user', reason: 'Given with the source.' }
    : { shift, how: 'default', reason: "Nothing else dates it: this machine's current year." };
}

interface ZoneResult {
  offset: number;
  how: NonNullable<SourceClock['zone']>['how'];
  reason: string;
}

/** The zone the pairs say (median difference rounded to 15 min), when most of them agree. */
function learnedZone(s: ClockSource, pairs: CalendarPair[], yearShift: number): ZoneResult | null {
  if (pairs.length === 0) return null;
  const O = s.utcOffsetMinutes;
  const d = pairs.map((p) => shiftYears(p.t, yearShift, O) - p.ref);
  const m = median(d);
  const agree = d.filter((x) => Math.abs(x - m) <= 7.5 * MINUTE_US).length;
  if (agree * 2 < pairs.length) return null;
  const offset = roundToQuarterHour(O + m / MINUTE_US);
  if (Math.abs(offset) > MAX_ZONE_MINUTES) return null;
  return {
    offset,
    how: 'learned',
    reason: `${agree} of its lines are also in ${names(pairs)} with a zone: they agree at UTC${formatOffset(offset)}.`,
  };
}

function byUser(dec: ClockDecision): string {
  return dec.accepted ? 'Accepted by you.' : 'Set by you.';
}

/**
 * Year and zone for every source (null where its stamps need none). `bases[k]` is the clock
 * source k was added with; `decisions[k]` what the user set for it.
 */
export function inferCalendar(
  sources: readonly ClockSource[],
  bases: readonly ClockBasis[],
  decisions: readonly (ClockDecision | undefined)[],
): CalendarChoice[] {
  const needs = sources.map(calendarNeeds);
  // Dated events of every source (exact times), for the year by ranges.
  const exactRanges = sources.map((s) => {
    let min = Number.NaN;
    let max = Number.NaN;
    const exact = s.qualities.indexOf('exact');
    for (let i = 0; i < s.count; i++) {
      const t = s.time[i];
      if (s.quality[i] !== exact || Number.isNaN(t)) continue;
      if (!(t >= min)) min = t;
      if (!(t <= max)) max = t;
    }
    return { min, max };
  });
  const out: CalendarChoice[] = sources.map(() => ({ year: null, zone: null }));
  const shifts: number[] = sources.map(() => 0);
  const learned: (ZoneResult | null)[] = sources.map(() => null);
  const refs = sources.map((src) => ({ src, fix: null as ((t: number) => number) | null }));

  // Round 1: against exact sources. Round 2: also against sources whose zone round 1 learned.
  for (let round = 0; round < 2; round++) {
    sources.forEach((s, k) => {
      const n = needs[k];
      if (!n.year && !n.zone) return;
      if (round === 1 && (learned[k] || !n.zone)) return;
      const dec = decisions[k];
      const basis = bases[k];
      const pairs = calendarPairs(s, refs);
      let range = { min: Number.NaN, max: Number.NaN, names: [] as string[] };
      sources.forEach((o, j) => {
        const r = exactRanges[j];
        if (Number.isNaN(r.min)) return;
        range = {
          min: Number.isNaN(range.min) ? r.min : Math.min(range.min, r.min),
          max: Number.isNaN(range.max) ? r.max : Math.max(range.max, r.max),
          names: [...range.names, j === k ? 'its own dated lines' : o.name],
        };
      });
      if (n.year) {
        if (dec?.year !== undefined) {
          shifts[k] = dec.year - s.year;
          out[k].year = { value: dec.year, how: 'user', reason: byUser(dec) };
        } else if (round === 0) {
          const y = inferYearShift(s, n, pairs, range, basis);
          shifts[k] = y.shift;
          out[k].year = { value: s.year + y.shift, how: y.how, reason: y.reason };
        }
      }
      if (n.zone) {
        if (dec?.utcOffsetMinutes !== undefined) {
          out[k].zone = { utcOffsetMinutes: dec.utcOffsetMinutes, how: 'user', reason: byUser(dec) };
          return;
        }
        const z = learnedZone(s, pairs, shifts[k]);
        if (z) {
          learned[k] = z;
          out[k].zone = { utcOffsetMinutes: z.offset, how: z.how, reason: z.reason };
        } else if (round === 0) {
          out[k].zone = basis.given
            ? { utcOffsetMinutes: basis.utcOffsetMinutes, how: 'user', reason: 'Given with the source.' }
            : {
                utcOffsetMinutes: basis.utcOffsetMinutes,
                how: 'default',
                reason: `No source with a zone shares its events: the browser's zone, UTC${formatOffset(basis.utcOffsetMinutes)}.`,
              };
        }
      }
    });
    // Sources whose zone was learned serve as references in round 2, with their times corrected.
    sources.forEach((s, k) => {
      const z = learned[k];
      if (!z) return;
      const O = s.utcOffsetMinutes;
      const shift = shifts[k];
      const dz = (z.offset - O) * MINUTE_US;
      refs[k] = { src: s, fix: (t) => shiftYears(t, shift, O) - dz };
    });
  }
  // A year-less source nothing dates by itself, next to year-less sources whose year was learned
  // (journalctl -k beside a journal whose containerd stamps date it): the year that puts its
  // events next to theirs, as for dated events, rather than this machine's year.
  const learnedRange = { min: Number.NaN, max: Number.NaN, names: [] as string[] };
  sources.forEach((s, k) => {
    const y = out[k].year;
    const n = needs[k];
    // Learned from evidence only: a year the user gave for one source is not assumed for another.
    if (!y || (y.how !== 'other-sources' && y.how !== 'capture-time') || Number.isNaN(n.min)) return;
    const lo = shiftYears(n.min, shifts[k], s.utcOffsetMinutes);
    const hi = shiftYears(n.max, shifts[k], s.utcOffsetMinutes);
    learnedRange.min = Number.isNaN(learnedRange.min) ? lo : Math.min(learnedRange.min, lo);
    learnedRange.max = Number.isNaN(learnedRange.max) ? hi : Math.max(learnedRange.max, hi);
    learnedRange.names.push(s.name);
  });
  if (learnedRange.names.length > 0) {
    sources.forEach((s, k) => {
      const y = out[k].year;
      const n = needs[k];
      if (y?.how !== 'default' || Number.isNaN(n.min)) return;
      const best = nearestYearShift(n, s.utcOffsetMinutes, learnedRange);
      shifts[k] = best;
      out[k].year = {
        value: s.year + best,
        how: 'other-sources',
        reason: `The year that puts its events next to those of ${learnedRange.names.join(', ')}, whose year was learned (no dated line of its own).`,
      };
    });
  }
  // A zone-less source that shares no event with a zoned one, when every zone learned says the
  // same: most likely the same node's clock (a dmesg -T next to a journal of the same machine).
  const zones = new Set(learned.filter((z) => z !== null).map((z) => z.offset));
  if (zones.size === 1) {
    const [offset] = zones;
    const from = sources.filter((_, k) => learned[k] !== null).map((s) => s.name);
    out.forEach((c) => {
      if (c.zone?.how !== 'default') return;
      c.zone = {
        utcOffsetMinutes: offset,
        how: 'learned',
        reason: `Assumed to be the node's zone, UTC${formatOffset(offset)}, learned for ${from.join(', ')} (no shared line to check it).`,
      };
    });
  }
  return out;
}
