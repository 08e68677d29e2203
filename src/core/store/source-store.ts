// Compact, columnar storage of one parsed source (docs/adr/0001): the events are kept as
// typed-array columns and the raw lines as UTF-8 blocks, so a source of a million records costs
// tens of bytes of JS heap per record instead of hundreds. A full LogEvent is rebuilt on demand
// by re-running the segment's parser over the segment's header lines and the record's lines.
import { stripAnsi } from '../ingest/line-splitter.ts';
import { MAX_LINE_CHARS, type SourceSink } from '../ingest/source-parser.ts';
import {
  FORMAT_IDS,
  type FormatId,
  type LogEvent,
  SEVERITIES,
  type Segment,
  type Severity,
  type SkipKind,
  type SkippedLine,
  type TimeQuality,
  type UnparsedLine,
} from '../model/event.ts';
import type { EventSink, ParseContext } from '../parsers/parser-api.ts';
import type { Detection } from '../parsers/registry.ts';
import { openParser } from '../parsers/registry.ts';
import { RawText } from './raw-text.ts';

export const TIME_QUALITIES: readonly TimeQuality[] = ['exact', 'inferred', 'aligned', 'relative', 'none'];
export const SKIP_KINDS: readonly SkipKind[] = [
  'blank',
  'fence',
  'prompt',
  'header',
  'boot-marker',
  'comment',
];
/** Severity column value for an event without a severity. */
export const SEVERITY_NONE = 0;
/** Pid column value for an event without a pid. */
export const PID_NONE = -0x80000000;
/** Lines of a segment's header replayed before a record when it is rebuilt (ADR 0001). */
export const PRIME_LINES = 64;

const FORMAT_INDEX = new Map<FormatId, number>(FORMAT_IDS.map((f, i) => [f, i]));
const SEVERITY_CODE = new Map<Severity, number>(SEVERITIES.map((s, i) => [s, i + 1]));
const TQ_CODE = new Map<TimeQuality, number>(TIME_QUALITIES.map((q, i) => [q, i]));
const SKIP_CODE = new Map<SkipKind, number>(SKIP_KINDS.map((k, i) => [k, i]));

/**
 * A code table that remembers the last key: a segment has one format, and runs of events share
 * their time quality and severity, so most events cost a string compare instead of a Map lookup.
 */
class LastCode<K> {
  private last: K | undefined = undefined;
  private code = 0;
  constructor(
    private readonly table: ReadonlyMap<K, number>,
    private readonly missing: number,
  ) {}
  of(k: K): number {
    if (k !== this.last) {
      this.last = k;
      this.code = this.table.get(k) ?? this.missing;
    }
    return this.code;
  }
}

export type SegmentCandidates = Detection['candidates'];

/** `s` in a string of its own, not a slice of a bigger one (concatenation then slicing flattens). */
function flatCopy(s: string): string {
  return ` ${s}`.slice(1);
}

/** Interned id of a value that was not kept because the table was full. */
const OVERFLOW = -2;

/**
 * Small strings seen over and over (idents, hosts, boot ids, unparsed reasons) -> small ints.
 * Bounded: a parser that puts something unique per record in a field (a unit per container,
 * a reason with the line's length in it) must not grow the JS heap by a string per record.
 */
class Interner {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [];
  /** The last value asked for and its id: consecutive records mostly share their ident and host. */
  private lastValue: string | undefined = undefined;
  private lastId = -1;
  constructor(private readonly limit: number) {}
  /** -1 for undefined, OVERFLOW when the table is full and `s` is new. */
  id(s: string | undefined): number {
    if (s === this.lastValue) return this.lastId;
    const v = this.lookup(s);
    // The table's own copy is remembered, not `s`, which may be a slice holding its chunk; an
    // overflowed value is not remembered at all.
    if (v !== OVERFLOW) {
      this.lastValue = v < 0 ? undefined : this.values[v];
      this.lastId = v;
    }
    return v;
  }
  private lookup(s: string | undefined): number {
    if (s === undefined) return -1;
    let v = this.ids.get(s);
    if (v === undefined) {
      if (this.values.length >= this.limit) return OVERFLOW;
      v = this.values.length;
      // A copy: a parser's value is often a slice of its line, and V8 keeps a slice's parent,
      // the whole decoded chunk (up to a megabyte), alive for as long as the slice lives.
      const own = flatCopy(s);
      this.values.push(own);
      this.ids.set(own, v);
    }
    return v;
  }
  get(i: number): string | undefined {
    return i < 0 ? undefined : this.values[i];
  }
}

/** Distinct idents/units or hosts kept in a column; rows of the rest materialize their event. */
const MAX_INTERNED = 1 << 16;
/** Distinct unparsed reasons kept; later new ones are listed with a generic reason. */
const MAX_REASONS = 4096;

function grownU32(a: Uint32Array, cap: number): Uint32Array {
  const b = new Uint32Array(cap);
  b.set(a);
  return b;
}
function grownI32(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}
function grownU8(a: Uint8Array, cap: number): Uint8Array {
  const b = new Uint8Array(cap);
  b.set(a);
  return b;
}
function grownF64(a: Float64Array, cap: number, fill: number): Float64Array {
  const b = new Float64Array(cap);
  b.set(a);
  b.fill(fill, a.length);
  return b;
}

/** Everything a parse produced; shared (never copied) by stores that differ only in their source id. */
class StoreData {
  count = 0;
  cap = 1024;
  line: Uint32Array = new Uint32Array(this.cap);
  lineEnd: Uint32Array = new Uint32Array(this.cap);
  /** Epoch µs; NaN when the event has no time. */
  time: Float64Array = new Float64Array(this.cap).fill(Number.NaN);
  /** Seconds since boot; NaN when absent. */
  mono: Float64Array = new Float64Array(this.cap).fill(Number.NaN);
  /** Allocated only when some event has a time range (most sources have none). */
  rangeLo: Float64Array | null = null;
  rangeHi: Float64Array | null = null;
  /**
   * The record an event was cut from (LogEvent.record: first and last line; 0 = none), allocated
   * only when some event has one. Columns, not a Map of pairs: a crictl inspect dump of a
   * hundred thousand containers must not cost an object per event.
   */
  recFrom: Uint32Array | null = null;
  recTo: Uint32Array | null = null;
  timeQuality: Uint8Array = new Uint8Array(this.cap);
  /** SEVERITY_NONE or 1 + index in SEVERITIES. */
  severity: Uint8Array = new Uint8Array(this.cap);
  /** Index in FORMAT_IDS. */
  format: Uint8Array = new Uint8Array(this.cap);
  /** `unit` if set, else `ident` (what a row shows), interned; -1 when neither. */
  label: Int32Array = new Int32Array(this.cap);
  host: Int32Array = new Int32Array(this.cap);
  boot: Int32Array = new Int32Array(this.cap);
  pid: Int32Array = new Int32Array(this.cap);
  readonly labels = new Interner(MAX_INTERNED);
  readonly hosts = new Interner(MAX_INTERNED);
  // Boot ids are overlaid (they may come from earlier lines), so every one must be kept; there
  // are a handful per source.
  readonly boots = new Interner(Number.POSITIVE_INFINITY);

  unparsedCount = 0;
  unparsedLine: Uint32Array = new Uint32Array(256);
  unparsedReason: Int32Array = new Int32Array(256);
  readonly reasons = new Interner(MAX_REASONS);
  skippedCount = 0;
  skippedLine: Uint32Array = new Uint32Array(256);
  skippedKind: Uint8Array = new Uint8Array(256);

  readonly formatCode = new LastCode(FORMAT_INDEX, 0);
  readonly severityCode = new LastCode(SEVERITY_CODE, SEVERITY_NONE);
  readonly qualityCode = new LastCode(TQ_CODE, 0);

  readonly segments: Segment[] = [];
  readonly candidates: SegmentCandidates[] = [];
  /** Line of each segment's first event (0 = none yet), found lazily. */
  segFirstEvent: number[] = [];
  /** False if a parser emitted events out of line order (then line lookups scan). */
  sortedByLine = true;
  lastLine = 0;
  lines = 0;
  finished = false;

  constructor(
    readonly raw: RawText,
    readonly ownsRaw: boolean,
  ) {}

  grow(): void {
    const cap = this.cap * 2;
    this.line = grownU32(this.line, cap);
    this.lineEnd = grownU32(this.lineEnd, cap);
    this.time = grownF64(this.time, cap, Number.NaN);
    this.mono = grownF64(this.mono, cap, Number.NaN);
    if (this.rangeLo) this.rangeLo = grownF64(this.rangeLo, cap, Number.NaN);
    if (this.rangeHi) this.rangeHi = grownF64(this.rangeHi, cap, Number.NaN);
    if (this.recFrom) this.recFrom = grownU32(this.recFrom, cap);
    if (this.recTo) this.recTo = grownU32(this.recTo, cap);
    this.timeQuality = grownU8(this.timeQuality, cap);
    this.severity = grownU8(this.severity, cap);
    this.format = grownU8(this.format, cap);
    this.label = grownI32(this.label, cap);
    this.host = grownI32(this.host, cap);
    this.boot = grownI32(this.boot, cap);
    this.pid = grownI32(this.pid, cap);
    this.cap = cap;
  }

  /** Drops the doubling slack once the parse is over (up to half of every column). */
  trim(): void {
    const n = this.count;
    if (n === this.cap) return;
    this.line = this.line.slice(0, n);
    this.lineEnd = this.lineEnd.slice(0, n);
    this.time = this.time.slice(0, n);
    this.mono = this.mono.slice(0, n);
    if (this.rangeLo) this.rangeLo = this.rangeLo.slice(0, n);
    if (this.rangeHi) this.rangeHi = this.rangeHi.slice(0, n);
    if (this.recFrom) this.recFrom = this.recFrom.slice(0, n);
    if (this.recTo) this.recTo = this.recTo.slice(0, n);
    this.timeQuality = this.timeQuality.slice(0, n);
    this.severity = this.severity.slice(0, n);
    this.format = this.format.slice(0, n);
    this.label = this.label.slice(0, n);
    this.host = this.host.slice(0, n);
    this.boot = this.boot.slice(0, n);
    this.pid = this.pid.slice(0, n);
    this.cap = n;
    this.unparsedLine = this.unparsedLine.slice(0, this.unparsedCount);
    this.unparsedReason = this.unparsedReason.slice(0, this.unparsedCount);
    this.skippedLine = this.skippedLine.slice(0, this.skippedCount);
    this.skippedKind = this.skippedKind.slice(0, this.skippedCount);
  }
}

export interface SourceStoreOptions {
  /** The ParseContext the source was parsed with (materialize re-parses with the same). */
  year?: number;
  utcOffsetMinutes?: number;
  capturedAt?: number;
  /** The source's file name (a parser hint, see ParseContext.fileName). */
  fileName?: string;
  /**
   * The raw lines of an earlier parse of the same text (a re-parse with other formats): shared,
   * not copied, and then rawLine() is not needed.
   */
  raw?: RawText;
}

/**
 * Time columns that stand in for the parsed ones (clock alignment, src/core/engine/clocks.ts):
 * aligned dmesg times, a shifted source. Same length as the store's events.
 */
export interface TimeOverlay {
  time: Float64Array;
  /** Codes into TIME_QUALITIES. */
  timeQuality: Uint8Array;
  /** Time ranges (NaN where none), or null when no event has one. */
  rangeLo: Float64Array | null;
  rangeHi: Float64Array | null;
}

export class SourceStore implements SourceSink {
  private d: StoreData;
  /** Aligned times read instead of the parsed ones (null: the parse's own). */
  private tov: TimeOverlay | null = null;
  readonly year: number;
  readonly utcOffsetMinutes: number;
  readonly capturedAt: number | undefined;
  readonly fileName: string | undefined;
  /** Rebuilds that needed the whole segment replayed (a parser breaking ADR 0001; tests expect 0). */
  slowRebuilds = 0;

  constructor(
    readonly sourceId: string,
    opts: SourceStoreOptions = {},
  ) {
    // Same defaults as SourceParser, so a store built without options rebuilds what it stored.
    this.year = opts.year ?? new Date().getUTCFullYear();
    this.utcOffsetMinutes = opts.utcOffsetMinutes ?? 0;
    this.capturedAt = opts.capturedAt;
    this.fileName = opts.fileName;
    this.d = new StoreData(opts.raw ?? new RawText(), opts.raw === undefined);
  }

  /** The same parse under another source id (event ids are `${sourceId}:${line}`): shares all data. */
  withSourceId(sourceId: string): SourceStore {
    const s = new SourceStore(sourceId, {
      year: this.year,
      utcOffsetMinutes: this.utcOffsetMinutes,
      capturedAt: this.capturedAt,
      fileName: this.fileName,
      raw: this.d.raw,
    });
    s.d = this.d;
    s.tov = this.tov;
    return s;
  }

  /**
   * The same parse with other time columns (null = the parsed ones): shares all data, like
   * withSourceId; `columns.time`, time(), timeQuality() and materialize() read the overlay.
   */
  withTimes(overlay: TimeOverlay | null): SourceStore {
    if (overlay && (overlay.time.length !== this.d.count || overlay.timeQuality.length !== this.d.count))
      throw new RangeError(
        `SourceStore: a time overlay of ${overlay.time.length} for ${this.d.count} events`,
      );
    const s = this.withSourceId(this.sourceId);
    s.tov = overlay;
    return s;
  }

  /** True when this store reads overlaid times. */
  get timesOverlaid(): boolean {
    return this.tov !== null;
  }

  /** The time columns as parsed, whatever the overlay (what alignment starts from). */
  get parsedTimes(): TimeOverlay {
    const d = this.d;
    return { time: d.time, timeQuality: d.timeQuality, rangeLo: d.rangeLo, rangeHi: d.rangeHi };
  }

  /** True when both stores read the same stored parse. */
  sharesDataWith(other: SourceStore): boolean {
    return this.d === other.d;
  }

  get raw(): RawText {
    return this.d.raw;
  }

  // ---- SourceSink: what the parse writes ----

  /** Keep the raw line (wire to SourceOptions.onRawLine). A no-op for a store given shared raw lines. */
  rawLine(text: string, line: number): void {
    if (this.d.ownsRaw) this.d.raw.add(text, line);
  }

  event(e: LogEvent): void {
    const d = this.d;
    if (d.count === d.cap) d.grow();
    const i = d.count++;
    d.line[i] = e.line;
    d.lineEnd[i] = e.lineEnd;
    if (e.line < d.lastLine) d.sortedByLine = false;
    d.lastLine = e.line;
    d.time[i] = e.time ?? Number.NaN;
    d.mono[i] = e.monotonic ?? Number.NaN;
    if (e.timeRange) {
      if (!d.rangeLo || !d.rangeHi) {
        d.rangeLo = new Float64Array(d.cap).fill(Number.NaN);
        d.rangeHi = new Float64Array(d.cap).fill(Number.NaN);
      }
      d.rangeLo[i] = e.timeRange[0];
      d.rangeHi[i] = e.timeRange[1];
    }
    if (e.record) {
      if (!d.recFrom || !d.recTo) {
        d.recFrom = new Uint32Array(d.cap);
        d.recTo = new Uint32Array(d.cap);
      }
      d.recFrom[i] = e.record[0];
      d.recTo[i] = e.record[1];
    }
    d.timeQuality[i] = d.qualityCode.of(e.timeQuality);
    d.severity[i] = e.severity ? d.severityCode.of(e.severity) : SEVERITY_NONE;
    d.format[i] = d.formatCode.of(e.format);
    d.label[i] = d.labels.id(e.unit ?? e.ident);
    d.host[i] = d.hosts.id(e.host);
    d.boot[i] = d.boots.id(e.boot);
    d.pid[i] = e.pid ?? PID_NONE;
  }

  unparsed(line: number, reason: string): void {
    const d = this.d;
    if (d.unparsedCount === d.unparsedLine.length) {
      d.unparsedLine = grownU32(d.unparsedLine, d.unparsedLine.length * 2);
      d.unparsedReason = grownI32(d.unparsedReason, d.unparsedReason.length * 2);
    }
    d.unparsedLine[d.unparsedCount] = line;
    d.unparsedReason[d.unparsedCount] = d.reasons.id(reason);
    d.unparsedCount++;
  }

  skipped(line: number, kind: SkipKind): void {
    const d = this.d;
    if (d.skippedCount === d.skippedLine.length) {
      d.skippedLine = grownU32(d.skippedLine, d.skippedLine.length * 2);
      d.skippedKind = grownU8(d.skippedKind, d.skippedKind.length * 2);
    }
    d.skippedLine[d.skippedCount] = line;
    d.skippedKind[d.skippedCount] = SKIP_CODE.get(kind) ?? 0;
    d.skippedCount++;
  }

  segment(s: Segment, candidates: SegmentCandidates = []): void {
    const seg = { ...s };
    // The command is a slice of its prompt line: copied so it does not keep the chunk alive.
    if (seg.command !== undefined) seg.command = flatCopy(seg.command);
    this.d.segments.push(seg);
    this.d.candidates.push(candidates);
    this.d.segFirstEvent.push(0);
  }

  /** Call once after SourceParser.end(). */
  finish(lines: number): void {
    const d = this.d;
    if (d.finished) return;
    if (d.ownsRaw) d.raw.finish();
    d.lines = lines;
    d.trim();
    d.finished = true;
  }

  // ---- reading ----

  get count(): number {
    return this.d.count;
  }
  get lines(): number {
    return this.d.lines;
  }
  get unparsedCount(): number {
    return this.d.unparsedCount;
  }
  get skippedCount(): number {
    return this.d.skippedCount;
  }
  get segments(): readonly Segment[] {
    return this.d.segments;
  }
  get segmentCandidates(): readonly SegmentCandidates[] {
    return this.d.candidates;
  }

  /** The first `limit` unparsed lines with their reasons, in the order the parse reported them. */
  unparsedList(limit = Number.POSITIVE_INFINITY): UnparsedLine[] {
    const d = this.d;
    const n = Math.min(limit, d.unparsedCount);
    const out: UnparsedLine[] = [];
    for (let k = 0; k < n; k++) {
      const r = d.unparsedReason[k];
      const reason =
        r === OVERFLOW ? `not kept (more than ${MAX_REASONS} distinct reasons)` : d.reasons.values[r];
      out.push({ line: d.unparsedLine[k], reason });
    }
    return out;
  }

  skippedList(limit = Number.POSITIVE_INFINITY): SkippedLine[] {
    const d = this.d;
    const n = Math.min(limit, d.skippedCount);
    const out: SkippedLine[] = [];
    for (let k = 0; k < n; k++) out.push({ line: d.skippedLine[k], kind: SKIP_KINDS[d.skippedKind[k]] });
    return out;
  }

  /**
   * The columns, for views (read-only by convention: they are shared with other stores and
   * views). Valid after finish(); while parsing they may be replaced as they grow.
   */
  get columns(): {
    readonly line: Uint32Array;
    readonly lineEnd: Uint32Array;
    readonly time: Float64Array;
    readonly monotonic: Float64Array;
    readonly timeQuality: Uint8Array;
    readonly severity: Uint8Array;
    readonly format: Uint8Array;
    readonly label: Int32Array;
    readonly host: Int32Array;
    readonly boot: Int32Array;
    readonly pid: Int32Array;
  } {
    const d = this.d;
    const t = this.tov;
    return {
      line: d.line,
      lineEnd: d.lineEnd,
      time: t ? t.time : d.time,
      monotonic: d.mono,
      timeQuality: t ? t.timeQuality : d.timeQuality,
      severity: d.severity,
      format: d.format,
      label: d.label,
      host: d.host,
      boot: d.boot,
      pid: d.pid,
    };
  }

  line(i: number): number {
    return this.d.line[i];
  }
  lineEnd(i: number): number {
    return this.d.lineEnd[i];
  }
  /** Epoch µs, or null. */
  time(i: number): number | null {
    const t = (this.tov ?? this.d).time[i];
    return Number.isNaN(t) ? null : t;
  }
  timeQuality(i: number): TimeQuality {
    return TIME_QUALITIES[(this.tov ?? this.d).timeQuality[i]];
  }
  monotonic(i: number): number | undefined {
    const m = this.d.mono[i];
    return Number.isNaN(m) ? undefined : m;
  }
  severity(i: number): Severity | undefined {
    const c = this.d.severity[i];
    return c === SEVERITY_NONE ? undefined : SEVERITIES[c - 1];
  }
  format(i: number): FormatId {
    return FORMAT_IDS[this.d.format[i]];
  }
  /** `unit` if set, else `ident`. */
  label(i: number): string | undefined {
    const v = this.d.label[i];
    if (v === OVERFLOW) {
      const e = this.materialize(i);
      return e.unit ?? e.ident;
    }
    return this.d.labels.get(v);
  }
  host(i: number): string | undefined {
    const v = this.d.host[i];
    return v === OVERFLOW ? this.materialize(i).host : this.d.hosts.get(v);
  }
  boot(i: number): string | undefined {
    return this.d.boots.get(this.d.boot[i]);
  }
  pid(i: number): number | undefined {
    const p = this.d.pid[i];
    return p === PID_NONE ? undefined : p;
  }

  /** Index of the event whose record starts at `line`, or -1. */
  indexOfLine(line: number): number {
    const d = this.d;
    if (d.sortedByLine) {
      let lo = 0;
      let hi = d.count - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const v = d.line[mid];
        if (v === line) return mid;
        if (v < line) lo = mid + 1;
        else hi = mid - 1;
      }
      return -1;
    }
    for (let i = 0; i < d.count; i++) if (d.line[i] === line) return i;
    return -1;
  }

  /** Index of the first event whose record starts at or after `line` (count when none). */
  lowerBoundLine(line: number): number {
    const d = this.d;
    let lo = 0;
    let hi = d.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (d.line[mid] < line) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** True when events are stored in line order (parsers emit them so; views rely on it for speed). */
  get sortedByLine(): boolean {
    return this.d.sortedByLine;
  }

  /** Raw lines from..to (inclusive, 1-based, clamped), as read (before ANSI stripping). */
  rawLines(from: number, to: number): string[] {
    return this.d.raw.range(from, to);
  }

  /** The first line of the i-th event's message. */
  message(i: number): string {
    const m = this.materialize(i).message;
    const nl = m.indexOf('\n');
    return nl === -1 ? m : m.slice(0, nl);
  }

  private segmentIndexOf(line: number): number {
    const segs = this.d.segments;
    let lo = 0;
    let hi = segs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = segs[mid];
      if (line < s.lineStart) hi = mid - 1;
      else if (line > s.lineEnd) lo = mid + 1;
      else return mid;
    }
    return -1;
  }

  /** Line of the first event of segment `k` (or the segment's end + 1 when it has none). */
  private firstEventLine(k: number): number {
    const d = this.d;
    if (d.segFirstEvent[k]) return d.segFirstEvent[k];
    const s = d.segments[k];
    let first = s.lineEnd + 1;
    if (d.sortedByLine) {
      const i = this.lowerBoundLine(s.lineStart);
      if (i < d.count && d.line[i] <= s.lineEnd) first = d.line[i];
    } else {
      for (let i = 0; i < d.count; i++) {
        const l = d.line[i];
        if (l >= s.lineStart && l <= s.lineEnd && l < first) first = l;
      }
    }
    d.segFirstEvent[k] = first;
    return first;
  }

  /** Replays lines from..to into a parser, as SourceParser gave them (ANSI stripped, huge lines left out). */
  private replay(push: (text: string, line: number) => void, from: number, to: number): void {
    const raw = this.d.raw;
    for (let l = from; l <= to; l++) {
      const text = stripAnsi(raw.line(l));
      if (text.length > MAX_LINE_CHARS) continue;
      push(text, l);
    }
  }

  /** Runs the segment's parser over `ranges` of lines and returns the event that starts at `line`. */
  private reparse(seg: Segment, ranges: [number, number][], line: number): LogEvent | null {
    const ctx: ParseContext = {
      sourceId: this.sourceId,
      format: seg.format,
      year: this.year,
      utcOffsetMinutes: this.utcOffsetMinutes,
    };
    const capturedAt = seg.capturedAt ?? this.capturedAt;
    if (capturedAt !== undefined) ctx.capturedAt = capturedAt;
    if (seg.command) ctx.command = seg.command;
    const fileName = seg.fileName ?? this.fileName;
    if (fileName) ctx.fileName = fileName;
    let found: LogEvent | null = null;
    const sink: EventSink = {
      event: (e) => {
        if (e.line === line && found === null) found = e;
      },
      unparsed: () => {},
      skipped: () => {},
    };
    try {
      const p = openParser(ctx, sink);
      const push = (text: string, l: number) => p.push(text, l);
      for (const [a, b] of ranges) this.replay(push, a, b);
      p.end();
    } catch {
      return null; // a parser bug must not take the detail pane down: the caller falls back
    }
    return found;
  }

  /**
   * The full LogEvent of the i-th event, rebuilt from the stored raw lines and columns: the
   * segment's parser is primed with the segment's lines before its first event (a table header,
   * an opening bracket; at most PRIME_LINES), then given the record's lines. Everything but the
   * time columns is record-local by contract (ADR 0001); those are overlaid from the columns.
   */
  materialize(i: number): LogEvent {
    const d = this.d;
    if (i < 0 || i >= d.count) throw new RangeError(`SourceStore: no event ${i} (have ${d.count})`);
    const line = d.line[i];
    const lineEnd = d.lineEnd[i];
    const k = this.segmentIndexOf(line);
    let e: LogEvent | null = null;
    if (k >= 0) {
      const seg = d.segments[k];
      // An event cut from a larger record (LogEvent.record) is rebuilt from the whole record.
      const cut = d.recFrom !== null && d.recTo !== null && d.recFrom[i] > 0;
      const from = cut && d.recFrom ? d.recFrom[i] : line;
      const to = cut && d.recTo ? d.recTo[i] : lineEnd;
      const primeEnd = Math.min(this.firstEventLine(k) - 1, seg.lineStart + PRIME_LINES - 1, from - 1);
      const ranges: [number, number][] = [];
      if (primeEnd >= seg.lineStart) ranges.push([seg.lineStart, primeEnd]);
      ranges.push([from, to]);
      e = this.reparse(seg, ranges, line);
      // A parser that needs more than its header (it should not, see ADR 0001): replay the
      // whole segment up to the record. Slow but right.
      if (e === null && line > seg.lineStart) {
        this.slowRebuilds++;
        e = this.reparse(seg, [[seg.lineStart, lineEnd]], line);
      }
    }
    if (e === null) e = this.fallbackEvent(i);
    return this.overlay(e, i);
  }

  /** The stored columns for the values that may depend on earlier lines. */
  private overlay(e: LogEvent, i: number): LogEvent {
    const d = this.d;
    const tc = this.tov ?? d;
    const t = tc.time[i];
    e.time = Number.isNaN(t) ? null : t;
    e.timeQuality = TIME_QUALITIES[tc.timeQuality[i]];
    const m = d.mono[i];
    if (Number.isNaN(m)) delete e.monotonic;
    else e.monotonic = m;
    const b = d.boots.get(d.boot[i]);
    if (b === undefined) delete e.boot;
    else e.boot = b;
    const lo = tc.rangeLo ? tc.rangeLo[i] : Number.NaN;
    const hi = tc.rangeHi ? tc.rangeHi[i] : Number.NaN;
    if (Number.isNaN(lo) || Number.isNaN(hi)) delete e.timeRange;
    else e.timeRange = [lo, hi];
    return e;
  }

  /** What the columns and the raw text alone can say, when the parser cannot rebuild the record. */
  private fallbackEvent(i: number): LogEvent {
    const line = this.line(i);
    const lineEnd = this.lineEnd(i);
    const e: LogEvent = {
      id: `${this.sourceId}:${line}`,
      source: this.sourceId,
      format: this.format(i),
      line,
      lineEnd,
      time: null,
      timeQuality: 'none',
      message: this.rawLines(line, lineEnd).map(stripAnsi).join('\n'),
      fields: {},
      entities: [],
    };
    // The tables directly, not host()/label(): for an overflowed value those would rebuild the
    // event, which is what failed here.
    const host = this.d.hosts.get(this.d.host[i]);
    if (host !== undefined) e.host = host;
    const label = this.d.labels.get(this.d.label[i]);
    if (label !== undefined) e.ident = label;
    const pid = this.pid(i);
    if (pid !== undefined) e.pid = pid;
    const sev = this.severity(i);
    if (sev !== undefined) e.severity = sev;
    return e;
  }
}
