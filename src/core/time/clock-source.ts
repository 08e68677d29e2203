// What clock alignment needs to know about one source: its time columns as parsed (shared typed
// arrays, never copied), the keys of the lines that can be matched with other sources, and the
// daemons' own stamps found inside its lines. src/core/engine/clocks.ts builds it from a
// SourceStore; tests build it by hand.
import { FORMAT_IDS, type FormatId, type TimeQuality } from '../model/event.ts';
import type { KeyGroups, TextKeys } from './text-key.ts';

export interface ClockSource {
  id: string;
  name: string;
  count: number;
  /** 1-based first line of each event (event ids are `${id}:${line}`). */
  line: ArrayLike<number>;
  /** Epoch µs, NaN when the event has no time. */
  time: ArrayLike<number>;
  /** Seconds since boot, NaN when absent. */
  mono: ArrayLike<number>;
  /** Codes into `qualities`. */
  quality: ArrayLike<number>;
  qualities: readonly TimeQuality[];
  /** Codes into FORMAT_IDS. */
  format: ArrayLike<number>;
  /** Codes into `bootNames`; < 0 when the event names no boot. */
  boot: ArrayLike<number>;
  bootNames: readonly (string | undefined)[];
  /** Time ranges as parsed (ages, minute stamps), or null when the source has none. */
  rangeLo: ArrayLike<number> | null;
  rangeHi: ArrayLike<number> | null;
  /** Lines that can be matched by text with other sources: the texts held once (text-key.ts). */
  keys: TextKeys;
  /** The texts it repeats, grouped: matched once a first fit says which copy is which (align.ts). */
  repeated: KeyGroups;
  /** Zoned stamps a daemon wrote inside the line (containerd's `time="...Z"`): exact, µs. */
  embedded: { index: Uint32Array; wall: Float64Array };
  /** The year and zone the times were parsed with. */
  year: number;
  utcOffsetMinutes: number;
  /** When the output was taken (epoch µs), if known. */
  capturedAt?: number;
}

export function formatOf(s: ClockSource, i: number): FormatId {
  return FORMAT_IDS[s.format[i]];
}

export function qualityOf(s: ClockSource, i: number): TimeQuality {
  return s.qualities[s.quality[i]];
}

export function eventId(s: ClockSource, i: number): string {
  return `${s.id}:${s.line[i]}`;
}

/** Index of the event whose record starts at `line`, or -1. */
export function indexOfLine(s: ClockSource, line: number): number {
  let lo = 0;
  let hi = s.count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = s.line[mid];
    if (v === line) return mid;
    if (v < line) lo = mid + 1;
    else hi = mid - 1;
  }
  for (let i = 0; i < s.count; i++) if (s.line[i] === line) return i;
  return -1;
}

/** The event an id names in `s` (`${s.id}:${line}`), or -1. */
export function indexOfEventId(s: ClockSource, eventId: string): number {
  const prefix = `${s.id}:`;
  if (!eventId.startsWith(prefix)) return -1;
  const line = Number(eventId.slice(prefix.length));
  return Number.isInteger(line) ? indexOfLine(s, line) : -1;
}
