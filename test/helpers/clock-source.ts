// Hand-built ClockSources for the tests of src/core/time: a few events with the columns
// alignment reads, their text keyed like src/core/engine/clocks.ts keys stored lines.
import { FORMAT_IDS, type FormatId, type TimeQuality } from '../../src/core/model/event.ts';
import { TIME_QUALITIES } from '../../src/core/store/source-store.ts';
import type { ClockSource } from '../../src/core/time/clock-source.ts';
import { repeatedKeys, textKey, uniqueKeys } from '../../src/core/time/text-key.ts';

export interface TestEvent {
  format: FormatId;
  /** Epoch µs. */
  time?: number;
  quality?: TimeQuality;
  /** Seconds since boot. */
  mono?: number;
  boot?: string;
  /** Message text matched with other sources. */
  text?: string;
  /** A kernel line (the default for dmesg formats and for `text`). */
  kernel?: boolean;
  /** A daemon's own zoned stamp inside the line, µs. */
  embedded?: number;
}

export function testSource(
  id: string,
  events: TestEvent[],
  clock: { year?: number; utcOffsetMinutes?: number; capturedAt?: number } = {},
): ClockSource {
  const n = events.length;
  const bootNames: string[] = [];
  const boot = events.map((e) => {
    if (e.boot === undefined) return -1;
    let k = bootNames.indexOf(e.boot);
    if (k < 0) k = bootNames.push(e.boot) - 1;
    return k;
  });
  const keyed = events.flatMap((e, i) =>
    e.text === undefined ? [] : [[i, textKey(e.text, 0, e.text.length, e.kernel ?? true)] as const],
  );
  const emb = events.flatMap((e, i) => (e.embedded === undefined ? [] : [[i, e.embedded] as const]));
  const src: ClockSource = {
    id,
    name: id,
    count: n,
    line: Uint32Array.from(events, (_, i) => i + 1),
    time: Float64Array.from(events, (e) => e.time ?? Number.NaN),
    mono: Float64Array.from(events, (e) => e.mono ?? Number.NaN),
    quality: Uint8Array.from(events, (e) =>
      TIME_QUALITIES.indexOf(
        e.quality ?? (e.time === undefined ? (e.mono === undefined ? 'none' : 'relative') : 'exact'),
      ),
    ),
    qualities: TIME_QUALITIES,
    format: Uint8Array.from(events, (e) => FORMAT_IDS.indexOf(e.format)),
    boot: Int32Array.from(boot),
    bootNames,
    rangeLo: null,
    rangeHi: null,
    keys: uniqueKeys(
      keyed.map(([i]) => i),
      keyed.map(([, k]) => k),
    ),
    repeated: repeatedKeys(
      keyed.map(([i]) => i),
      keyed.map(([, k]) => k),
    ),
    embedded: { index: Uint32Array.from(emb, ([i]) => i), wall: Float64Array.from(emb, ([, w]) => w) },
    year: clock.year ?? 2025,
    utcOffsetMinutes: clock.utcOffsetMinutes ?? 0,
  };
  if (clock.capturedAt !== undefined) src.capturedAt = clock.capturedAt;
  return src;
}
