// The time axis shared by the density histogram, the lanes and the brush: a linear map between
// epoch microseconds and pixels, and tick marks at round times of the display zone. Pure, so the
// brush and the labels are tested without a canvas or a layout.
import { formatTimeIn, zoneOffsetMinutes } from '../../state/format.ts';
import type { DisplayZone } from '../../state/store.ts';

export interface TimeScale {
  /** Epoch µs at x = 0 and x = width. */
  from: number;
  to: number;
  /** CSS pixels. */
  width: number;
}

const SECOND = 1_000_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The smallest span the axis shows: a single instant still gets a readable second around it. */
export const MIN_SPAN_US = SECOND;

/**
 * The range to plot for a view's first..last timed rows: at least MIN_SPAN_US wide (a view of one
 * instant would divide by zero) and centred on the events when it had to be widened.
 */
export function plotRange(first: number, last: number): [number, number] {
  if (last - first >= MIN_SPAN_US) return [first, last];
  const mid = first + Math.floor((last - first) / 2);
  return [mid - MIN_SPAN_US / 2, mid + MIN_SPAN_US / 2];
}

export function xOf(s: TimeScale, t: number): number {
  const span = s.to - s.from;
  return span > 0 ? ((t - s.from) / span) * s.width : 0;
}

/** The time under pixel x, clamped to the scale's range. */
export function timeAt(s: TimeScale, x: number): number {
  const f = s.width > 0 ? Math.min(1, Math.max(0, x / s.width)) : 0;
  return Math.round(s.from + f * (s.to - s.from));
}

/** Bins that fit a plot `width` pixels wide: about one per 3 px, so each bar stays visible. */
export function binsFor(width: number): number {
  // Rounded to tens so that a few pixels of resize do not ask the worker for a new histogram.
  return Math.max(10, Math.min(600, Math.round(width / 30) * 10));
}

/**
 * A window [a, b] made valid inside [lo, hi]: ordered, at least `minSpan` wide (when the range
 * allows), and moved (not cut) to stay inside when it is dragged past an end.
 */
export function clampWindow(a: number, b: number, lo: number, hi: number, minSpan = 1000): [number, number] {
  let from = Math.min(a, b);
  let to = Math.max(a, b);
  const room = hi - lo;
  const span = Math.min(Math.max(to - from, Math.min(minSpan, room)), room);
  if (to - from < span) to = from + span;
  if (to - from > room) {
    from = lo;
    to = hi;
  }
  if (from < lo) {
    to += lo - from;
    from = lo;
  }
  if (to > hi) {
    from -= to - hi;
    to = hi;
  }
  return [Math.round(from), Math.round(to)];
}

/** The same window moved by `delta` µs, kept inside [lo, hi] with its width unchanged. */
export function panWindow(w: [number, number], delta: number, lo: number, hi: number): [number, number] {
  return clampWindow(w[0] + delta, w[1] + delta, lo, hi);
}

/** The window scaled by `factor` around its centre (factor < 1 zooms in), kept inside [lo, hi]. */
export function scaleWindow(w: [number, number], factor: number, lo: number, hi: number): [number, number] {
  const mid = (w[0] + w[1]) / 2;
  const half = ((w[1] - w[0]) * factor) / 2;
  return clampWindow(mid - half, mid + half, lo, hi);
}

// Round steps for tick marks: 1-2-5 below a second, then the clock's own units.
const STEPS_US = [
  1_000,
  2_000,
  5_000,
  10_000,
  20_000,
  50_000,
  100_000,
  200_000,
  500_000,
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  30 * DAY,
  365 * DAY,
];

export interface Tick {
  us: number;
  x: number;
  label: string;
}

/**
 * Tick marks at least `minPx` apart, on round times of the display zone (a 1 h step lands on
 * 10:00 of that zone, not of UTC), labelled as precisely as the step needs.
 */
export function timeTicks(s: TimeScale, zone: DisplayZone, minPx = 84): Tick[] {
  const span = s.to - s.from;
  if (!(span > 0) || !(s.width > 0)) return [];
  const step = STEPS_US.find((st) => (st / span) * s.width >= minPx) ?? STEPS_US[STEPS_US.length - 1];
  const off = zoneOffsetMinutes(zone, s.from) * MINUTE;
  // Ticks are aligned in the zone's wall time, then taken back to UTC.
  let t = Math.ceil((s.from + off) / step) * step - off;
  const out: Tick[] = [];
  for (; t <= s.to && out.length < 200; t += step) {
    out.push({ us: t, x: xOf(s, t), label: tickLabel(t, step, zone) });
  }
  return out;
}

function tickLabel(us: number, step: number, zone: DisplayZone): string {
  // "2025-11-26 11:00:01.187": cut to what the step can tell apart.
  const text = formatTimeIn(us, zone).text;
  if (step < SECOND) return text.slice(11, 23);
  if (step < MINUTE) return text.slice(11, 19);
  if (step < DAY) return text.slice(11, 16);
  if (step < 365 * DAY) return text.slice(0, 10);
  return text.slice(0, 4);
}

/** "±3 ms", "±1.5 s", "±2 h": half of a time range, as the detail pane and titles say it. */
export function formatPlusMinus(halfUs: number): string {
  return `±${formatDuration(halfUs)}`;
}

/** A duration in the unit a person would use: "850 µs", "3 ms", "1.5 s", "4 min", "2 h", "3 d". */
export function formatDuration(us: number): string {
  const a = Math.abs(us);
  const round = (v: number) => (v >= 10 ? Math.round(v).toString() : (Math.round(v * 10) / 10).toString());
  if (a < 1000) return `${Math.round(a)} µs`;
  if (a < SECOND) return `${round(a / 1000)} ms`;
  if (a < MINUTE) return `${round(a / SECOND)} s`;
  if (a < HOUR) return `${round(a / MINUTE)} min`;
  if (a < DAY) return `${round(a / HOUR)} h`;
  return `${round(a / DAY)} d`;
}
