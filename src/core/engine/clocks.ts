// Glue between the SourceStores and src/core/time: reads what alignment needs from a store
// cheaply (its columns, shared; the matchable lines hashed straight from the stored raw text,
// with a bounded number of rebuilt events for the formats whose message is not on one line), and
// turns an alignment into the store's time overlay and the clock report.
import { stripAnsi } from '../ingest/line-splitter.ts';
import type { FormatId } from '../model/event.ts';
import { BLOCK_LINES, BLOCK_SHIFT, type RawText } from '../store/raw-text.ts';
import { type SourceStore, TIME_QUALITIES, type TimeOverlay } from '../store/source-store.ts';
import { type AlignedTimes, alignedTimes, qualityCounts, type SourceAlignment } from '../time/align.ts';
import type { ClockSource } from '../time/clock-source.ts';
import type { CalendarChoice } from '../time/infer.ts';
import { repeatedKeys, textKey, uniqueKeys } from '../time/text-key.ts';
import { parseIso } from '../util/time.ts';
import type { ClockDecision, SourceClock } from './engine-api.ts';

/** Events rebuilt per source (store.materialize, ~30 µs each) for formats read that way. */
export const MAX_REBUILT = 3000;

/** How the message of a format's line is found in its raw first line. */
type MessageRead =
  /** After the first `] ` (dmesg stamps: `[  12.345678] `, `<6>[...] `, `kern  :info  : [...] `, `[Wed Nov 26 ...] `). */
  | 'after-bracket'
  /** After the first space (`2025-11-26T10:00:01,187734+00:00 msg`). */
  | 'after-space'
  /** After the first `: ` (`Nov 26 10:00:01 node-1 containerd[712]: msg`: no stamp holds `: `). */
  | 'after-ident'
  /** The whole line (a bare daemon log, `journalctl -o cat`). */
  | 'line'
  /** `"MESSAGE":"..."` of a `journalctl -o json` line. */
  | 'json'
  /** Rebuilt with the parser (bounded): multi-line records. */
  | 'rebuild';

const MESSAGE_READ: Partial<Record<FormatId, MessageRead>> = {
  'dmesg-raw': 'after-bracket',
  'dmesg-level': 'after-bracket',
  'dmesg-decode': 'after-bracket',
  'dmesg-ctime': 'after-bracket',
  'dmesg-reltime': 'after-bracket',
  'dmesg-iso': 'after-space',
  'journalctl-short': 'after-ident',
  'journalctl-short-full': 'after-ident',
  'journalctl-short-iso': 'after-ident',
  'journalctl-short-iso-precise': 'after-ident',
  'journalctl-short-precise': 'after-ident',
  'journalctl-short-monotonic': 'after-ident',
  'journalctl-short-unix': 'after-ident',
  'syslog-rfc3164': 'after-ident',
  'journalctl-cat': 'line',
  'containerd-logfmt': 'line',
  klog: 'line',
  'journalctl-json': 'json',
  'journalctl-json-pretty': 'rebuild',
  'journalctl-export': 'rebuild',
  'journalctl-verbose': 'rebuild',
  'dmesg-json': 'rebuild',
  'talosctl-dmesg': 'rebuild',
};

/** Formats whose every line is the kernel's (the rest are kernel lines when their ident is `kernel`). */
const KERNEL_FORMATS = new Set<FormatId>([
  'dmesg-raw',
  'dmesg-level',
  'dmesg-decode',
  'dmesg-ctime',
  'dmesg-reltime',
  'dmesg-iso',
  'dmesg-json',
  'talosctl-dmesg',
]);

/** Formats whose lines may hold a daemon's own zoned stamp next to a year-less, zone-less or monotonic one. */
const EMBEDDED_FORMATS = new Set<FormatId>([
  'journalctl-short',
  'journalctl-short-full',
  'journalctl-short-precise',
  'journalctl-short-monotonic',
  'syslog-rfc3164',
]);

// `[   12.345678] ` after `kernel: ` in rsyslog's imklog lines: `kernel: [ 7434.669643] Memory cgroup out of memory: ...`
const UPTIME_RE = /^\[ *\d+\.\d+\] /;

/** Offset of the kernel text after imklog's `[  12.345678] `, or `from` when there is none. */
function skipUptime(line: string, from: number): number {
  if (line.charCodeAt(from) !== 91 /* [ */) return from;
  const m = UPTIME_RE.exec(line.slice(from, from + 24));
  return m ? from + m[0].length : from;
}

/** The MESSAGE of a `journalctl -o json` line, first line only; null when absent or not text. */
function jsonMessage(line: string): string | null {
  // `"MESSAGE":"Memory cgroup out of memory: Killed process 2147 (containerd-shim) ..."`
  const k = line.indexOf('"MESSAGE":"');
  if (k < 0) return null;
  const start = k + 11;
  let escaped = false;
  let j = start;
  for (; j < line.length; j++) {
    const c = line.charCodeAt(j);
    if (c === 92 /* \ */) {
      escaped = true;
      j++;
    } else if (c === 34 /* " */) break;
  }
  if (j >= line.length) return null;
  let text: string;
  if (!escaped) text = line.slice(start, j);
  else {
    try {
      text = JSON.parse(line.slice(start - 1, j + 1)) as string;
    } catch {
      return null;
    }
  }
  const nl = text.indexOf('\n');
  return nl < 0 ? text : text.slice(0, nl);
}

/**
 * A logrus daemon's own stamp at the start of a message (`from`), when it carries a zone (epoch
 * µs); else null. Only there: logrus' text formatter writes `time=` first, and looking further
 * would scan every message.
 * `containerd[712]: time="2025-11-24T08:09:46.621730412Z" level=info msg="shim disconnected"`,
 * `dockerd[1471]: time="2023-10-27T07:37:43.703523766-03:00" level=debug msg=...`
 */
export function embeddedStamp(line: string, from: number, to = line.length): number | null {
  if (!line.startsWith('time="', from)) return null;
  const start = from + 6;
  // `2025-11-24T08:09:46Z` .. `2023-10-27T07:37:43.703523766-03:00`: 20 to 35 characters.
  let end = -1;
  for (let i = start + 19; i < Math.min(to, start + 41); i++) {
    if (line.charCodeAt(i) === 34 /* " */) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const t = parseIso(line.slice(start, end));
  return t?.zoned ? t.micros : null;
}

const cache = new WeakMap<SourceStore, ClockSource>();

/**
 * What alignment needs from a store (its parsed times, not an overlay), computed once per store:
 * the columns are shared, the keys cost one pass over the matchable lines.
 */
export function clockSourceOf(id: string, name: string, store: SourceStore): ClockSource {
  const hit = cache.get(store);
  if (hit && hit.id === id && hit.name === name) return hit;
  const cols = store.columns;
  const parsed = store.parsedTimes;
  const n = store.count;
  // Boot names by code.
  const bootNames: (string | undefined)[] = [];
  for (let i = 0; i < n; i++) {
    const c = cols.boot[i];
    if (c >= 0 && bootNames[c] === undefined) bootNames[c] = store.boot(i);
  }
  // Capture time: the store's, else the latest `$ date` of its segments.
  let capturedAt = store.capturedAt;
  if (capturedAt === undefined) {
    for (const seg of store.segments) {
      if (seg.capturedAt !== undefined && (capturedAt === undefined || seg.capturedAt > capturedAt))
        capturedAt = seg.capturedAt;
    }
  }
  const { keys, repeated, embedded } = readLines(store);
  const src: ClockSource = {
    id,
    name,
    count: n,
    line: cols.line,
    time: parsed.time,
    mono: cols.monotonic,
    quality: parsed.timeQuality,
    qualities: TIME_QUALITIES,
    format: cols.format,
    boot: cols.boot,
    bootNames,
    rangeLo: parsed.rangeLo,
    rangeHi: parsed.rangeHi,
    keys,
    repeated,
    embedded,
    year: store.year,
    utcOffsetMinutes: store.utcOffsetMinutes,
  };
  if (capturedAt !== undefined) src.capturedAt = capturedAt;
  cache.set(store, src);
  return src;
}

/**
 * Keys and stamps per stored text and segmentation: a re-parse with another year or zone reads
 * the same lines the same way, so it reuses them.
 */
const linesCache = new WeakMap<RawText, { sig: string; read: LinesRead }>();

interface LinesRead {
  keys: ClockSource['keys'];
  repeated: ClockSource['repeated'];
  embedded: ClockSource['embedded'];
}

function segmentsSig(store: SourceStore): string {
  return `${store.count}|${store.segments.map((g) => `${g.format}:${g.lineStart}-${g.lineEnd}`).join(',')}`;
}

/** The matchable lines of a store as text keys, and the daemons' zoned stamps inside its lines. */
function readLines(store: SourceStore): LinesRead {
  const sig = segmentsSig(store);
  const hit = linesCache.get(store.raw);
  if (hit && hit.sig === sig) return hit.read;
  const read = readLinesNow(store);
  linesCache.set(store.raw, { sig, read });
  return read;
}

function readLinesNow(store: SourceStore): LinesRead {
  const n = store.count;
  const cols = store.columns;
  const parsed = store.parsedTimes;
  const exact = TIME_QUALITIES.indexOf('exact');
  const idx: number[] = [];
  const key: number[] = [];
  const embIdx: number[] = [];
  const embWall: number[] = [];
  // Whether a label code is `kernel` (looked up once per code).
  const kernelLabel = new Map<number, boolean>();
  const isKernelLabel = (i: number): boolean => {
    const c = cols.label[i];
    // An overflowed label (-2) would rebuild the event to be read: not a kernel line then.
    if (c < 0) return false;
    let v = kernelLabel.get(c);
    if (v === undefined) {
      v = store.label(i) === 'kernel';
      kernelLabel.set(c, v);
    }
    return v;
  };
  const rebuild: number[] = [];
  const raw = store.raw;
  // The block of the current line: its text and line offsets (no string per line).
  let block = -1;
  let text = '';
  let offs: Uint32Array = new Uint32Array(0);
  let ansi = false;
  let lastCode = -1;
  let f: FormatId = 'text';
  let how: MessageRead | undefined;
  let kernelFormat = false;
  let embeddable = false;
  for (let i = 0; i < n; i++) {
    const code = cols.format[i];
    if (code !== lastCode) {
      lastCode = code;
      f = store.format(i);
      how = MESSAGE_READ[f];
      kernelFormat = KERNEL_FORMATS.has(f);
      embeddable = EMBEDDED_FORMATS.has(f);
    }
    if (how === undefined) continue;
    if (how === 'rebuild') {
      rebuild.push(i);
      continue;
    }
    const lineNo = cols.line[i];
    const b = (lineNo - 1) >> BLOCK_SHIFT;
    if (b !== block) {
      block = b;
      text = raw.blockText(b, false);
      offs = raw.blockOffsets(b);
      ansi = text.indexOf('\x1b') >= 0;
    }
    const k = (lineNo - 1) & (BLOCK_LINES - 1);
    let s = text;
    let start = offs[k];
    let end = offs[k + 1] - 1;
    if (ansi || how === 'json') {
      s = text.slice(start, end);
      if (ansi) s = stripAnsi(s);
      start = 0;
      end = s.length;
    }
    const kernel = kernelFormat || isKernelLabel(i);
    let from = -1;
    switch (how) {
      case 'after-bracket': {
        const p = s.indexOf('] ', start);
        if (p >= 0 && p < end) from = p + 2;
        break;
      }
      case 'after-space': {
        const p = s.indexOf(' ', start);
        if (p >= 0 && p < end) from = p + 1;
        break;
      }
      case 'after-ident': {
        const p = s.indexOf(': ', start);
        if (p >= 0 && p < end) from = kernel ? skipUptime(s, p + 2) : p + 2;
        break;
      }
      case 'line':
        from = start;
        break;
      case 'json': {
        const m = jsonMessage(s);
        if (m !== null) {
          s = m;
          from = 0;
          end = m.length;
        }
        break;
      }
    }
    if (from < 0) continue;
    const v = textKey(s, from, end, kernel);
    if (v >= 0) {
      idx.push(i);
      key.push(v);
    }
    if (embeddable && parsed.timeQuality[i] !== exact) {
      const t = embeddedStamp(s, from, end);
      if (t !== null) {
        embIdx.push(i);
        embWall.push(t);
      }
    }
  }
  // Multi-line records: rebuilt, at most MAX_REBUILT spread evenly (kernel lines first, they
  // are what other sources share).
  if (rebuild.length > 0) {
    const kernelFirst = rebuild.filter((i) => KERNEL_FORMATS.has(store.format(i)) || isKernelLabel(i));
    const pool = kernelFirst.length > 0 ? kernelFirst : rebuild;
    const stride = Math.max(1, pool.length / MAX_REBUILT);
    const rebuilt: [number, number][] = [];
    for (let p = 0; p < pool.length && rebuilt.length < MAX_REBUILT; p += stride) {
      const i = pool[Math.floor(p)];
      let e: ReturnType<SourceStore['materialize']>;
      try {
        e = store.materialize(i);
      } catch {
        continue;
      }
      const first = e.message.split('\n', 1)[0];
      const kernel = KERNEL_FORMATS.has(e.format) || e.ident === 'kernel';
      const v = textKey(first, 0, first.length, kernel);
      if (v >= 0) rebuilt.push([i, v]);
    }
    // In event order, as uniqueKeys and repeatedKeys want them.
    const all: [number, number][] = idx.map((i, p) => [i, key[p]]);
    all.push(...rebuilt);
    all.sort((x, y) => x[0] - y[0]);
    idx.length = 0;
    key.length = 0;
    for (const [i, v] of all) {
      idx.push(i);
      key.push(v);
    }
  }
  return {
    keys: uniqueKeys(idx, key),
    repeated: repeatedKeys(idx, key),
    embedded: { index: Uint32Array.from(embIdx), wall: Float64Array.from(embWall) },
  };
}

/** The overlay a store shows for an alignment result (null: the parsed times as they are). */
export function overlayOf(times: AlignedTimes | null): TimeOverlay | null {
  if (!times) return null;
  return { time: times.time, timeQuality: times.quality, rangeLo: times.rangeLo, rangeHi: times.rangeHi };
}

/** The aligned store of a source: its parse with the alignment's times overlaid. */
export function alignedStore(base: SourceStore, src: ClockSource, a: SourceAlignment): SourceStore {
  const overlay = overlayOf(alignedTimes(src, a));
  return overlay ? base.withTimes(overlay) : base;
}

/** One source's line of the clock report. */
export function sourceClock(
  src: ClockSource,
  shown: SourceStore,
  cal: CalendarChoice,
  a: SourceAlignment,
  decision: ClockDecision | undefined,
): SourceClock {
  const out: SourceClock = {
    sourceId: src.id,
    name: src.name,
    year: cal.year,
    zone: cal.zone,
    shiftUs: a.shiftUs,
    boots: a.boots,
    accepted: decision?.accepted === true,
    qualities: qualityCounts(shown.columns.timeQuality, TIME_QUALITIES, shown.count),
  };
  if (a.pinned) out.pinned = a.pinned;
  return out;
}

/** Bytes of the matching keys a source keeps (bench/alignment.ts reports them). */
export function keyBytesOf(src: ClockSource): number {
  const r = src.repeated;
  return (
    src.keys.index.byteLength +
    src.keys.key.byteLength +
    r.key.byteLength +
    r.start.byteLength +
    r.index.byteLength
  );
}
