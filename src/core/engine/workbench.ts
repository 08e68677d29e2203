// The engine behind WorkbenchClient: sources in, views and rows out. Pure (no DOM, no worker):
// the worker wraps it in messages, the in-process client and Node tests call it directly.
// Every source is kept as a SourceStore (columns + raw lines); a view is two typed arrays of
// (source, event) pairs, so a million rows cost a few MB and rows are built only when asked for.

import { joinsFrom } from '../analysis/joins.ts';
import type { AnalysisOptions, AnalysisResult } from '../analysis/model.ts';
import { loadRules } from '../analysis/rules.ts';
import { formatBytes, InputError, openText } from '../ingest/decode.ts';
import { LineSplitter } from '../ingest/line-splitter.ts';
import { SourceParser } from '../ingest/source-parser.ts';
import { type FormatId, SEVERITIES, splitEventId } from '../model/event.ts';
import { PARSER_SET_VERSION } from '../parsers/registry.ts';
import { RawText } from '../store/raw-text.ts';
import { SEVERITY_NONE, SourceStore } from '../store/source-store.ts';
import { alignBoots } from '../time/align.ts';
import { type ClockBasis, inferCalendar } from '../time/infer.ts';
import { entityMaskOf, type LinkedSource, lifecycleOf, summarizeEntities } from '../timeline/entities.ts';
import { buildEntityIndex, type EntityIndex, EntityIndexBuilder } from '../timeline/entity-index.ts';
import { EntityLinks } from '../timeline/link.ts';
import { Slicer } from '../util/yield.ts';
import { type AnalysisMaterial, analysisOf, collectMaterial } from './analysis.ts';
import { alignedStore, clockSourceOf, keyBytesOf, sourceClock } from './clocks.ts';
import type {
  BootAlignment,
  ClockDecision,
  ClockReport,
  EntitySummary,
  EventDetail,
  Histogram,
  HistogramQuery,
  Lane,
  LanesQuery,
  LifecycleStep,
  Progress,
  Row,
  SourceSummary,
  ViewInfo,
  ViewQuery,
} from './engine-api.ts';
import {
  binsOf,
  buildRow,
  contextIndexes,
  densityClasses,
  entityLaneRows,
  findRow,
  histogramOf,
  indexAtTime,
  LANE_ENTITY_KINDS,
  laneLimit,
  laneOfRows,
  type NavCache,
  OTHER_LANE_KEY,
  rowsPerSource,
  sourceLanes,
} from './navigate.ts';
import { searchStore } from './search.ts';
import { type RowArrays, sortRowsByKey } from './time-sort.ts';

// Rows are built in navigate.ts now; the limit keeps its old home too.
export { ROW_MESSAGE_CHARS } from './navigate.ts';

export interface Clock {
  year: number;
  utcOffsetMinutes: number;
  /** When the pasted output was taken (epoch µs), if known: anchors `2 hours ago`. */
  capturedAt?: number;
}

export interface WorkbenchSourceInput {
  name: string;
  kind: 'file' | 'paste' | 'sample';
  /** The bytes as given (plain, UTF-16 or gzip); read once. */
  stream: ReadableStream<Uint8Array>;
  /** Size of the bytes as given, for progress and the size limit. */
  totalBytes: number;
  clock?: Clock;
  /**
   * The id to give it when it is free (a saved incident read back keeps its ids, so pins and
   * decisions still name the same events); otherwise one is made from the name.
   */
  sourceId?: string;
}

export interface WorkbenchOptions {
  /** Clock for sources added without one (default: this machine's year and UTC offset). */
  defaultClock?: () => Clock;
  /** Minimum time between two progress reports. */
  progressMillis?: number;
  /**
   * Bytes of input read in all: the sources held plus the one being added (a gzip counts its
   * decompressed bytes). Default TAB_INPUT_LIMIT, for the app's worker; the CLI, which reads
   * from disk in a process of its own, passes Infinity.
   */
  maxInputBytes?: number;
}

/**
 * What one browser tab reads in all. The raw text is kept (off the JS heap, ~1x the input), the
 * columns and views add ~40 bytes an event, and the entity index and the analysis replay every
 * event once more: past this, a tab on an ordinary laptop risks being killed for its memory,
 * which loses the timeline and the work in it.
 */
export const TAB_INPUT_LIMIT = 512 * 1024 ** 2;

/** What to do instead, shared by both refusals (one line, shown as is). */
const LIMIT_ADVICE =
  'so that the timeline and the analysis of everything loaded fit in one tab\'s memory. Cut the input to the minutes around the incident (e.g. `journalctl --since "2025-11-26 09:50" --until "2025-11-26 10:10"`, or `grep -F <container id>`), or run the CLI (`npm run rca -- analyze FILE`), which reads from disk without this limit';

function alreadyLoaded(held: number): string {
  return held > 0 ? ` (${formatBytes(held)} of it already loaded)` : '';
}

/** The refusal of a source whose size is known before reading. */
function tooBig(name: string, bytes: number, held: number, limit: number): InputError {
  return new InputError(
    `${name} is ${formatBytes(bytes)}; this tab reads at most ${formatBytes(limit)} of input in all${alreadyLoaded(held)}, ${LIMIT_ADVICE}`,
  );
}

/** The refusal of a gzip whose text grows past the limit while it is read. */
function inflatesTooBig(name: string, decoded: number, held: number, limit: number): InputError {
  return new InputError(
    `${name} decompresses to more than ${formatBytes(decoded)}; this tab reads at most ${formatBytes(limit)} of input in all${alreadyLoaded(held)}, ${LIMIT_ADVICE}`,
  );
}

/** Unparsed lines listed in a summary (the rest are counted). */
const SUMMARY_UNPARSED = 200;
/** Views kept for rows(): the current one, the previous (shown while the next computes) and a few more. */
const KEEP_VIEWS = 6;
/** Parses no source uses any more, kept for an undo of a format override. */
const KEEP_RELEASED = 2;
/** Progress is also reported after this many bytes, even if the clock says it is too early. */
const PROGRESS_BYTES = 8 * 1024 * 1024;

interface CacheEntry {
  store: SourceStore;
  bytes: number;
}

interface SourceEntry {
  id: string;
  name: string;
  kind: 'file' | 'paste' | 'sample';
  bytes: number;
  /** What it counts against the input limit: its decoded bytes (more than `bytes` for a gzip). */
  admitted: number;
  encoding: string;
  warnings: string[];
  contentHash: string;
  /** The clock the store was parsed with (the alignment's year and zone once it has run). */
  clock: Clock;
  /** True when the clock came with the input (a sample's manifest): it counts as the user's. */
  clockGiven: boolean;
  overrides: Record<number, FormatId>;
  store: SourceStore;
  cacheKey: string;
  parseMillis: number;
  summary: SourceSummary | null;
}

interface ViewSource {
  id: string;
  name: string;
  store: SourceStore;
}

interface ViewData {
  info: ViewInfo;
  /** The stores the view was computed from: later re-parses do not move its rows. */
  sources: ViewSource[];
  src: Uint16Array;
  ev: Uint32Array;
  /** Sort key (epoch µs) of the timed rows, ascending: histogram, lanes and indexAt read it. */
  key: Float64Array;
  /** Navigation answers computed on first use (src/core/engine/navigate.ts). */
  nav: NavCache;
}

function defaultClock(): Clock {
  const now = new Date();
  return { year: now.getFullYear(), utcOffsetMinutes: -now.getTimezoneOffset() };
}

/** Both filters (null = no filter). */
function andMasks(a: Uint8Array | null, b: Uint8Array | null): Uint8Array | null {
  if (!a) return b;
  if (!b) return a;
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] & b[i];
  return out;
}

/** Rows start..start+count of a view of `total` rows as [from, to), clamped to the view. */
function rowSpan(total: number, start: number, count: number): [number, number] {
  const from = Math.max(0, Math.floor(start));
  return [from, Math.min(total, from + Math.max(0, Math.floor(count)))];
}

function cancelled(): InputError {
  return new InputError('Cancelled');
}

function asInputError(e: unknown, name: string): Error {
  if (e instanceof InputError) return e;
  if (e instanceof RangeError && /string length/i.test(e.message)) {
    return new InputError(`${name} has a line too long to hold in memory (no line break for hundreds of MB)`);
  }
  const msg = e instanceof Error ? e.message : String(e);
  return new InputError(`Could not read ${name}: ${msg}`);
}

function overridesKey(o: Record<number, FormatId>): string {
  return Object.keys(o)
    .map(Number)
    .sort((a, b) => a - b)
    .map((k) => `${k}=${o[k]}`)
    .join(',');
}

/** A clock decision with its values checked (bad input: a clear message, never a bad state). */
function checkedDecision(sourceId: string, d: ClockDecision): ClockDecision {
  const out: ClockDecision = {};
  if (d.year !== undefined) {
    if (!Number.isInteger(d.year) || d.year < 1970 || d.year > 2200)
      throw new Error(`Year ${d.year} is not a year between 1970 and 2200`);
    out.year = d.year;
  }
  if (d.utcOffsetMinutes !== undefined) {
    if (!Number.isInteger(d.utcOffsetMinutes) || Math.abs(d.utcOffsetMinutes) > 14 * 60)
      throw new Error(`A zone offset is whole minutes between -14:00 and +14:00, not ${d.utcOffsetMinutes}`);
    out.utcOffsetMinutes = d.utcOffsetMinutes;
  }
  if (d.bootTimes !== undefined) {
    const boots: Record<string, number> = {};
    for (const [boot, t] of Object.entries(d.bootTimes)) {
      if (typeof t !== 'number' || !Number.isFinite(t))
        throw new Error(`The boot time of ${boot} is not a time`);
      boots[boot] = Math.round(t);
    }
    out.bootTimes = boots;
  }
  if (d.pin !== undefined) {
    if (typeof d.pin.eventId !== 'string' || !d.pin.eventId.startsWith(`${sourceId}:`))
      throw new Error(`Event ${d.pin.eventId} is not a line of ${sourceId}`);
    if (!Number.isFinite(d.pin.wallUs)) throw new Error('A pinned line needs a wall time');
    out.pin = { eventId: d.pin.eventId, wallUs: Math.round(d.pin.wallUs) };
  }
  if (d.shiftUs !== undefined) {
    if (!Number.isFinite(d.shiftUs)) throw new Error('A shift is a number of microseconds');
    out.shiftUs = Math.round(d.shiftUs);
  }
  if (d.accepted !== undefined) out.accepted = d.accepted;
  return out;
}

export class Workbench {
  private readonly sources: SourceEntry[] = [];
  /** Ids handed out to adds still running, so two concurrent adds of one name get two ids. */
  private readonly reserved = new Set<string>();
  /** Bytes each running add counts against the input limit so far (by its id). */
  private readonly admitting = new Map<string, number>();
  /** See WorkbenchOptions.maxInputBytes. */
  readonly maxInputBytes: number;
  private readonly cache = new Map<string, CacheEntry>();
  private released: string[] = [];
  private readonly views = new Map<string, ViewData>();
  private readonly viewByQuery = new Map<string, string>();
  private readonly searches = new WeakMap<SourceStore, Map<string, Uint8Array>>();
  private generation = 0;
  private nextView = 1;
  /** Parses run (not served from the cache); for tests and the debug panel. */
  parseRuns = 0;
  private readonly clock: () => Clock;
  private readonly progressMillis: number;

  constructor(opts: WorkbenchOptions = {}) {
    this.clock = opts.defaultClock ?? defaultClock;
    this.progressMillis = opts.progressMillis ?? 100;
    this.maxInputBytes = opts.maxInputBytes ?? TAB_INPUT_LIMIT;
  }

  /** Bytes counted against the limit by the sources held and the adds running, but `id`. */
  private heldBytes(id: string): number {
    let n = 0;
    for (const s of this.sources) n += s.admitted;
    for (const [other, b] of this.admitting) if (other !== id) n += b;
    return n;
  }

  // ---- sources ----

  async addSource(
    input: WorkbenchSourceInput,
    onProgress?: (p: Progress) => void,
    signal?: AbortSignal,
  ): Promise<SourceSummary> {
    const t0 = performance.now();
    if (signal?.aborted) {
      input.stream.cancel().catch(() => {});
      throw cancelled();
    }
    const clock = input.clock ?? this.clock();
    const id = this.uniqueId(input.sourceId ?? input.name);
    const limit = this.maxInputBytes;
    // Refused before a byte is read when the size alone is over (a gzip's text is practically
    // never smaller than the gzip itself).
    const heldBefore = this.heldBytes(id);
    if (heldBefore + input.totalBytes > limit) {
      input.stream.cancel().catch(() => {});
      throw tooBig(input.name, input.totalBytes, heldBefore, limit);
    }
    this.reserved.add(id);
    this.admitting.set(id, input.totalBytes);
    let admitted = input.totalBytes;
    try {
      let bytesRead = 0;
      const counted = input.stream.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            bytesRead += chunk.byteLength;
            controller.enqueue(chunk);
          },
        }),
      );
      const opened = await openText(counted, input.totalBytes, input.name, {
        // A gzip's text is counted as it comes out, and refused as soon as it is over.
        onDecodedBytes: (decoded) => {
          if (decoded <= admitted) return;
          admitted = decoded;
          this.admitting.set(id, decoded);
          const held = this.heldBytes(id);
          if (held + decoded > limit) throw inflatesTooBig(input.name, decoded, held, limit);
        },
      }).catch((e: unknown) => {
        throw asInputError(e, input.name);
      });
      // Same size as a parse we already hold: probably the same content added again. Read and
      // hash first, and parse only if the hash says it is new. Otherwise parse while reading
      // (and drop the parse in the rare case the hash then matches after all).
      const deferred = [...this.cache.values()].some((c) => c.bytes === input.totalBytes);
      let store: SourceStore | null = null;
      let parser: SourceParser | null = null;
      let raw: RawText;
      let splitter: LineSplitter | null = null;
      if (deferred) {
        const r = new RawText();
        raw = r;
        splitter = new LineSplitter((t, l) => r.add(t, l));
      } else {
        const s = new SourceStore(id, { ...clock, fileName: input.name });
        store = s;
        raw = s.raw;
        parser = new SourceParser(
          {
            sourceId: id,
            fileName: input.name,
            ...clock,
            columnsOnly: true,
            onRawLine: (t, l) => s.rawLine(t, l),
          },
          s,
        );
      }
      const progress = this.progressReporter(onProgress, input.totalBytes);
      const slicer = new Slicer();
      const reader = opened.text.getReader();
      try {
        for (;;) {
          if (signal?.aborted) throw cancelled();
          const r = await reader.read();
          if (r.done) break;
          if (parser) parser.push(r.value);
          else splitter?.push(r.value);
          progress(bytesRead, parser ? parser.lines : (splitter?.lines ?? 0), store?.count ?? 0);
          await slicer.maybeYield();
        }
        if (signal?.aborted) throw cancelled();
      } catch (e) {
        reader.cancel().catch(() => {});
        throw asInputError(e, input.name);
      }
      // The hash is taken over the stored lines (RawText), so it needs them all first.
      if (parser && store) {
        parser.end();
        store.finish(parser.lines);
      } else {
        splitter?.end();
        raw.finish();
      }
      const contentHash = raw.contentHash();
      const overrides: Record<number, FormatId> = {};
      const key = this.cacheKey(contentHash, input.name, clock, overrides);
      const hit = this.cache.get(key);
      if (hit) {
        store = hit.store.withSourceId(id);
      } else if (store) {
        this.parseRuns++;
      } else {
        store = await this.parseRaw(
          id,
          input.name,
          clock,
          overrides,
          raw,
          input.totalBytes,
          onProgress,
          signal,
        );
      }
      if (signal?.aborted) throw cancelled();
      if (!hit) this.cache.set(key, { store, bytes: input.totalBytes });
      this.unrelease(key);
      progress(bytesRead, store.lines, store.count, true);
      const entry: SourceEntry = {
        id,
        name: input.name,
        kind: input.kind,
        bytes: input.totalBytes,
        admitted,
        encoding: opened.encoding,
        warnings: opened.warnings,
        contentHash,
        clock,
        clockGiven: input.clock !== undefined,
        overrides,
        store,
        cacheKey: key,
        parseMillis: Math.round(performance.now() - t0),
        summary: null,
      };
      this.sources.push(entry);
      this.admitting.delete(id); // counted as a held source from now on
      this.generation++;
      await this.realign(signal);
      return this.summary(entry);
    } finally {
      this.reserved.delete(id);
      this.admitting.delete(id);
    }
  }

  async removeSource(sourceId: string): Promise<void> {
    const k = this.sources.findIndex((s) => s.id === sourceId);
    if (k < 0) return;
    const [entry] = this.sources.splice(k, 1);
    this.generation++;
    // Rows of a removed source are not shown again; dropping the views frees its memory now.
    for (const [vid, v] of this.views) {
      if (v.sources.some((s) => s.store.sharesDataWith(entry.store))) this.views.delete(vid);
    }
    this.release(entry.cacheKey);
    this.dropEntityLinks();
    await this.realign();
  }

  /** Hand override of one segment's format (null = back to detection): re-parses the stored lines. */
  async setFormat(sourceId: string, lineStart: number, format: FormatId | null): Promise<SourceSummary> {
    const entry = this.sources.find((s) => s.id === sourceId);
    if (!entry) throw new Error(`No source ${sourceId}`);
    const t0 = performance.now();
    const overrides = { ...entry.overrides };
    if (format === null) delete overrides[lineStart];
    else overrides[lineStart] = format;
    const key = this.cacheKey(entry.contentHash, entry.name, entry.clock, overrides);
    if (key === entry.cacheKey) return this.summary(entry);
    await this.reparse(entry, key, entry.clock, overrides);
    entry.parseMillis = Math.round(performance.now() - t0);
    this.generation++;
    await this.realign();
    return this.summary(entry);
  }

  listSources(): SourceSummary[] {
    return this.sources.map((s) => this.summary(s));
  }

  /** Drops everything (the worker's dispose). */
  clear(): void {
    this.sources.length = 0;
    this.cache.clear();
    this.released = [];
    this.views.clear();
    this.viewByQuery.clear();
    this.resetClocks();
    this.dropEntityLinks();
    this.generation++;
  }

  private uniqueId(name: string): string {
    const base = name.trim() || 'source';
    const taken = (id: string) => this.reserved.has(id) || this.sources.some((s) => s.id === id);
    if (!taken(base)) return base;
    for (let n = 2; ; n++) {
      const id = `${base} (${n})`;
      if (!taken(id)) return id;
    }
  }

  private cacheKey(hash: string, name: string, clock: Clock, overrides: Record<number, FormatId>): string {
    // The name is in the key because it is the detectors' file-name hint.
    return JSON.stringify([
      hash,
      PARSER_SET_VERSION,
      name,
      clock.year,
      clock.utcOffsetMinutes,
      clock.capturedAt ?? null,
      overridesKey(overrides),
    ]);
  }

  private unrelease(key: string): void {
    this.released = this.released.filter((k) => k !== key);
  }

  /** A parse no source uses stays cached for a while (undoing an override is then instant). */
  private release(key: string): void {
    if (this.sources.some((s) => s.cacheKey === key)) return;
    this.unrelease(key);
    this.released.push(key);
    while (this.released.length > KEEP_RELEASED) {
      const old = this.released.shift();
      if (old !== undefined) this.cache.delete(old);
    }
  }

  private progressReporter(
    onProgress: ((p: Progress) => void) | undefined,
    totalBytes: number,
  ): (bytesRead: number, lines: number, events: number, final?: boolean) => void {
    let lastTime = performance.now();
    let lastBytes = 0;
    return (bytesRead, lines, events, final = false) => {
      if (!onProgress) return;
      const now = performance.now();
      if (!final && now - lastTime < this.progressMillis && bytesRead - lastBytes < PROGRESS_BYTES) return;
      lastTime = now;
      lastBytes = bytesRead;
      onProgress({ bytesRead, totalBytes, lines, events });
    };
  }

  /** Parses stored raw lines (block by block, as the text they were read from) into a new store. */
  private async parseRaw(
    id: string,
    name: string,
    clock: Clock,
    overrides: Record<number, FormatId>,
    raw: RawText,
    totalBytes: number,
    onProgress?: (p: Progress) => void,
    signal?: AbortSignal,
  ): Promise<SourceStore> {
    const store = new SourceStore(id, { ...clock, fileName: name, raw });
    const parser = new SourceParser(
      { sourceId: id, fileName: name, ...clock, overrides, columnsOnly: true },
      store,
    );
    const progress = this.progressReporter(onProgress, totalBytes);
    const slicer = new Slicer();
    const blocks = raw.blockCount;
    // The splitter drops one leading BOM; a line that still starts with one had it kept.
    if (raw.lines > 0 && raw.line(1).charCodeAt(0) === 0xfeff) parser.push('\uFEFF');
    for (let b = 0; b < blocks; b++) {
      if (signal?.aborted) throw cancelled();
      parser.push(`${raw.blockText(b, false)}\n`);
      progress(totalBytes, parser.lines, store.count);
      await slicer.maybeYield();
    }
    parser.end();
    store.finish(parser.lines);
    this.parseRuns++;
    return store;
  }

  private summary(e: SourceEntry): SourceSummary {
    if (e.summary) return e.summary;
    const s = e.store;
    const cands = s.segmentCandidates;
    e.summary = {
      sourceId: e.id,
      name: e.name,
      kind: e.kind,
      bytes: e.bytes,
      contentHash: e.contentHash,
      encoding: e.encoding,
      warnings: [...e.warnings],
      lines: s.lines,
      events: s.count,
      unparsedCount: s.unparsedCount,
      skippedCount: s.skippedCount,
      unparsed: s.unparsedList(SUMMARY_UNPARSED),
      segments: s.segments.map((g, k) => ({ ...g, candidates: cands[k] ?? [] })),
      parseMillis: e.parseMillis,
    };
    return e.summary;
  }

  // ---- views ----

  view(q: ViewQuery): ViewInfo {
    const wanted = q.sources.length ? new Set(q.sources) : null;
    const sevs = [...new Set(q.severities)].sort();
    const qkey = JSON.stringify([
      this.generation,
      [...(wanted ?? [])].sort(),
      sevs,
      q.search,
      q.timeRange ?? null,
      q.entity ?? null,
    ]);
    const known = this.viewByQuery.get(qkey);
    const hit = known ? this.views.get(known) : undefined;
    if (known && hit) {
      // Most recently used last, so eviction drops the oldest.
      this.views.delete(known);
      this.views.set(known, hit);
      return hit.info;
    }
    const sources: ViewSource[] = this.sources
      .filter((s) => wanted === null || wanted.has(s.id))
      .map((s) => ({ id: s.id, name: s.name, store: s.store }));
    if (sources.length > 0xffff) throw new Error('Too many sources in one view');
    // Severity allowed by its column code; events without one count as 'info'.
    const allowed = new Uint8Array(SEVERITIES.length + 1);
    if (sevs.length === 0) allowed.fill(1);
    for (const sv of sevs) {
      const c = SEVERITIES.indexOf(sv) + 1;
      if (c > 0) allowed[c] = 1;
    }
    allowed[SEVERITY_NONE] = allowed[SEVERITIES.indexOf('info') + 1];
    const searchHits = sources.map((s) => (q.search ? this.search(s.store, q.search) : null));
    const entityHits = sources.map((s) => (q.entity ? this.entityMask(s.store, q.entity) : null));
    const hits = searchHits.map((h, k) => andMasks(h, entityHits[k]));
    const lo = q.timeRange ? q.timeRange[0] : Number.NEGATIVE_INFINITY;
    const hi = q.timeRange ? q.timeRange[1] : Number.POSITIVE_INFINITY;
    const ranged = q.timeRange !== undefined;

    // Pass 1 counts, so pass 2 fills arrays of the exact size (a narrow search over a million
    // events must not keep million-sized arrays alive).
    let timed = 0;
    let untimed = 0;
    for (let k = 0; k < sources.length; k++) {
      const { time, severity } = sources[k].store.columns;
      const hit = hits[k];
      const n = sources[k].store.count;
      for (let i = 0; i < n; i++) {
        if (!allowed[severity[i]] || (hit && !hit[i])) continue;
        const ti = time[i];
        if (Number.isNaN(ti)) {
          if (!ranged) untimed++;
        } else if (ti >= lo && ti <= hi) timed++;
      }
    }
    const rows: RowArrays = {
      key: new Float64Array(timed),
      src: new Uint16Array(timed),
      ev: new Uint32Array(timed),
    };
    const usrc = new Uint16Array(untimed);
    const uev = new Uint32Array(untimed);
    const runs: number[] = [];
    let t = 0;
    let u = 0;
    for (let k = 0; k < sources.length; k++) {
      runs.push(t);
      const { time, severity } = sources[k].store.columns;
      const hit = hits[k];
      const n = sources[k].store.count;
      for (let i = 0; i < n; i++) {
        if (!allowed[severity[i]] || (hit && !hit[i])) continue;
        const ti = time[i];
        if (Number.isNaN(ti)) {
          if (ranged) continue;
          usrc[u] = k;
          uev[u++] = i;
        } else if (ti >= lo && ti <= hi) {
          rows.key[t] = ti;
          rows.src[t] = k;
          rows.ev[t++] = i;
        }
      }
    }
    runs.push(t);
    sortRowsByKey(rows, runs);
    const src = new Uint16Array(timed + untimed);
    const ev = new Uint32Array(timed + untimed);
    src.set(rows.src);
    ev.set(rows.ev);
    src.set(usrc, timed);
    ev.set(uev, timed);

    const viewId = `v${this.nextView++}`;
    const info: ViewInfo = {
      viewId,
      timed,
      untimed,
      total: timed + untimed,
      first: timed ? rows.key[0] : null,
      last: timed ? rows.key[timed - 1] : null,
    };
    this.views.set(viewId, { info, sources, src, ev, key: rows.key, nav: {} });
    this.viewByQuery.set(qkey, viewId);
    while (this.views.size > KEEP_VIEWS) {
      const oldest = this.views.keys().next().value;
      if (oldest === undefined) break;
      this.views.delete(oldest);
    }
    for (const [qk, vid] of this.viewByQuery) if (!this.views.has(vid)) this.viewByQuery.delete(qk);
    return info;
  }

  private search(store: SourceStore, needle: string): Uint8Array {
    let m = this.searches.get(store);
    if (!m) {
      m = new Map();
      this.searches.set(store, m);
    }
    const hit = m.get(needle);
    if (hit) return hit;
    const r = searchStore(store, needle);
    m.set(needle, r);
    // The last few needles only: typing "oom" asks for "o", "oo", "oom" in turn.
    if (m.size > 4) {
      const oldest = m.keys().next().value;
      if (oldest !== undefined) m.delete(oldest);
    }
    return r;
  }

  rows(viewId: string, start: number, count: number): Row[] {
    const v = this.viewData(viewId);
    const [from, to] = rowSpan(v.info.total, start, count);
    const out: Row[] = [];
    for (let r = from; r < to; r++) out.push(buildRow(v.sources[v.src[r]], v.ev[r], r));
    return out;
  }

  private viewData(viewId: string): ViewData {
    const v = this.views.get(viewId);
    if (!v)
      throw new Error(
        `View ${viewId} is gone (sources changed or newer views replaced it): query the view again`,
      );
    return v;
  }

  detail(eventId: string): EventDetail {
    const at = this.eventAt(eventId);
    if (!at) throw new Error(`No event ${eventId}`);
    const { entry, i } = at;
    const s = entry.store;
    const line = s.line(i);
    const texts = s.rawLines(line, s.lineEnd(i));
    return {
      event: s.materialize(i),
      sourceName: entry.name,
      raw: texts.map((text, k) => ({ line: line + k, text })),
    };
  }

  // ---- clocks (src/core/time, src/core/engine/clocks.ts) ----

  /** What the user decided per source (setClock). */
  private readonly clockDecisions = new Map<string, ClockDecision>();
  /**
   * Per accepted source, its boots as they were shown when the user accepted them (fitted from
   * evidence, or assumed): kept as they were, evidence and all, not turned into typed boot times.
   */
  private readonly acceptedBoots = new Map<string, Record<string, BootAlignment>>();
  /** The clock each source was added with (the default its year and zone fall back to). */
  private readonly clockBases = new Map<string, ClockBasis>();
  /** Per source: its parse (no overlay) and the aligned store shown for it (entry.store). */
  private readonly alignedStores = new Map<string, { base: SourceStore; shown: SourceStore }>();
  /** The last alignment: the inputs it was computed from (signature) and its report. */
  private clockState: { sig: string; report: ClockReport } | null = null;
  /** Alignments run one at a time (two adds may finish together). */
  private alignQueue: Promise<void> = Promise.resolve();
  private readonly storeIds = new WeakMap<SourceStore, number>();
  private nextStoreId = 1;
  /**
   * The last alignment that ran (not memoised): its time, the re-parses it needed and the bytes
   * of matching keys its sources keep (bench, debug panel).
   */
  lastAlign: { millis: number; reparsed: number; keyBytes: number } | null = null;

  /**
   * Re-runs clock inference and alignment over the current sources (after every add, remove,
   * override or decision): year and zone of year-less / zone-less sources, monotonic -> wall
   * per boot, pinned lines. May re-parse a source with another year or zone (cached).
   */
  private realign(_signal?: AbortSignal): Promise<void> {
    // Not cancellable: the source is in the list by now, and a half-done alignment would leave
    // the sources on different clocks. It costs nothing when nothing changed.
    const run = this.alignQueue.then(() => this.realignNow());
    this.alignQueue = run.catch(() => {});
    return run;
  }

  private resetClocks(): void {
    this.clockDecisions.clear();
    this.acceptedBoots.clear();
    this.clockBases.clear();
    this.alignedStores.clear();
    this.clockState = null;
  }

  /** The parse behind what a source shows (its store without the time overlay). */
  private parsedStore(e: SourceEntry): SourceStore {
    const a = this.alignedStores.get(e.id);
    return a && a.shown === e.store ? a.base : e.store;
  }

  private storeId(s: SourceStore): number {
    let id = this.storeIds.get(s);
    if (id === undefined) {
      id = this.nextStoreId++;
      this.storeIds.set(s, id);
    }
    return id;
  }

  /** Everything an alignment depends on: which parses, which decisions, which default clocks. */
  private clockSignature(): string {
    return JSON.stringify(
      this.sources.map((e) => [
        e.id,
        e.name,
        this.storeId(this.parsedStore(e)),
        this.clockBases.get(e.id) ?? null,
        this.clockDecisions.get(e.id) ?? null,
        Object.values(this.acceptedBoots.get(e.id) ?? {}).map((b) => [b.boot, b.bootTimeUs, b.evidence]),
      ]),
    );
  }

  private async realignNow(): Promise<void> {
    const ids = new Set(this.sources.map((e) => e.id));
    for (const m of [this.clockDecisions, this.acceptedBoots, this.clockBases, this.alignedStores]) {
      for (const id of [...m.keys()]) if (!ids.has(id)) m.delete(id);
    }
    for (const e of this.sources) {
      if (!this.clockBases.has(e.id))
        this.clockBases.set(e.id, {
          year: e.clock.year,
          utcOffsetMinutes: e.clock.utcOffsetMinutes,
          given: e.clockGiven,
        });
    }
    const sig = this.clockSignature();
    if (this.clockState?.sig === sig) return;
    const t0 = performance.now();
    let reparsed = 0;
    const entries = [...this.sources];
    const bases = entries.map((e) => this.clockBases.get(e.id) as ClockBasis);
    const decisions = entries.map((e) => this.clockDecisions.get(e.id));
    // 1. Year and zone, then a re-parse of the sources whose clock changes.
    const before = entries.map((e) => clockSourceOf(e.id, e.name, this.parsedStore(e)));
    const calendar = inferCalendar(before, bases, decisions);
    for (let k = 0; k < entries.length; k++) {
      const e = entries[k];
      const c = calendar[k];
      const base = this.parsedStore(e);
      if (e.store !== base) e.store = base;
      const clock: Clock = {
        ...e.clock,
        year: c.year?.value ?? e.clock.year,
        utcOffsetMinutes: c.zone?.utcOffsetMinutes ?? e.clock.utcOffsetMinutes,
      };
      if (clock.year !== e.clock.year || clock.utcOffsetMinutes !== e.clock.utcOffsetMinutes) {
        await this.reclock(e, clock);
        reparsed++;
      }
    }
    // 2. Monotonic clocks to wall time, and the aligned stores.
    const after = entries.map((e) => clockSourceOf(e.id, e.name, e.store));
    const assumedZone = new Set(
      entries.filter((_, k) => calendar[k].zone?.how === 'default').map((e) => e.id),
    );
    const alignment = alignBoots(
      after,
      decisions,
      assumedZone,
      entries.map((e) => this.acceptedBoots.get(e.id)),
    );
    const report: ClockReport = { sources: [], defaultUtcOffsetMinutes: this.clock().utcOffsetMinutes };
    for (let k = 0; k < entries.length; k++) {
      const e = entries[k];
      const base = e.store;
      const shown = alignedStore(base, after[k], alignment[k]);
      e.store = shown;
      this.alignedStores.set(e.id, { base, shown });
      report.sources.push(sourceClock(after[k], shown, calendar[k], alignment[k], decisions[k]));
    }
    this.clockState = { sig: this.clockSignature(), report };
    this.generation++;
    this.lastAlign = {
      millis: performance.now() - t0,
      reparsed,
      keyBytes: after.reduce((n, s) => n + keyBytesOf(s), 0),
    };
  }

  /** Re-parses a source's stored lines with another year or zone (cached like a format override). */
  private async reclock(entry: SourceEntry, clock: Clock): Promise<void> {
    const key = this.cacheKey(entry.contentHash, entry.name, clock, entry.overrides);
    if (key === entry.cacheKey) {
      entry.clock = clock;
      return;
    }
    const t0 = performance.now();
    await this.reparse(entry, key, clock, entry.overrides);
    entry.parseMillis += Math.round(performance.now() - t0);
  }

  /**
   * Gives `entry` the store its stored lines parse to with `clock` and `overrides` (`key`'s),
   * from the cache when that parse was made before, and releases the one it had.
   */
  private async reparse(
    entry: SourceEntry,
    key: string,
    clock: Clock,
    overrides: Record<number, FormatId>,
  ): Promise<void> {
    const hit = this.cache.get(key);
    let store: SourceStore;
    if (hit) {
      store = hit.store.withSourceId(entry.id);
    } else {
      // The stored raw lines are the text as read: re-parsing them needs no second read of the
      // file (a paste or a one-shot stream could not give it again) and shares them.
      store = await this.parseRaw(entry.id, entry.name, clock, overrides, entry.store.raw, entry.bytes);
      this.cache.set(key, { store, bytes: entry.bytes });
    }
    this.unrelease(key);
    const oldKey = entry.cacheKey;
    entry.store = store;
    entry.clock = clock;
    entry.overrides = overrides;
    entry.cacheKey = key;
    entry.summary = null;
    this.release(oldKey);
  }

  clocks(): ClockReport {
    const state = this.clockState;
    if (state && state.sig === this.clockSignature()) return state.report;
    // Not aligned yet (no source, or a change whose realign has not run): what is known now.
    return {
      sources: state?.report.sources.filter((c) => this.sources.some((e) => e.id === c.sourceId)) ?? [],
      defaultUtcOffsetMinutes: this.clock().utcOffsetMinutes,
    };
  }

  async setClock(sourceId: string, decision: ClockDecision | null): Promise<ClockReport> {
    const entry = this.sources.find((s) => s.id === sourceId);
    if (!entry) throw new Error(`No source ${sourceId}`);
    if (decision === null) {
      this.clockDecisions.delete(sourceId);
      this.acceptedBoots.delete(sourceId);
    } else {
      const d = checkedDecision(sourceId, decision);
      if (d.pin && entry.store.indexOfLine(Number(d.pin.eventId.slice(sourceId.length + 1))) < 0)
        throw new Error(`No event ${d.pin.eventId}`);
      const frozen: Record<string, BootAlignment> = {};
      if (d.accepted) {
        // Accepting freezes what is shown now: later inference (another source added) keeps it.
        // A boot fitted from evidence stays that (accepted as shown, with its anchors); only a
        // boot time the user typed is a typed one.
        const now = this.clocks().sources.find((c) => c.sourceId === sourceId);
        const before = this.acceptedBoots.get(sourceId) ?? {};
        if (now) {
          if (d.year === undefined && now.year) d.year = now.year.value;
          if (d.utcOffsetMinutes === undefined && now.zone) d.utcOffsetMinutes = now.zone.utcOffsetMinutes;
          const boots: Record<string, number> = { ...(d.bootTimes ?? {}) };
          for (const b of now.boots) {
            if (b.bootTimeUs === null || boots[b.boot] !== undefined) continue;
            if (b.evidence === 'user-boot-time') boots[b.boot] = b.bootTimeUs;
            else {
              // Accepted again (another edit sent with `accepted`): the record as first accepted.
              const was = before[b.boot];
              frozen[b.boot] = was && was.bootTimeUs === b.bootTimeUs ? was : b;
            }
          }
          if (Object.keys(boots).length > 0) d.bootTimes = boots;
        }
      }
      if (Object.keys(frozen).length > 0) this.acceptedBoots.set(sourceId, frozen);
      else this.acceptedBoots.delete(sourceId);
      this.clockDecisions.set(sourceId, d);
    }
    await this.realign();
    return this.clocks();
  }

  // ---- entities (src/core/timeline) ----

  /**
   * Entity index per parse, built on first use by one full parse of the stored lines. Keyed by
   * the parse's line column: shared by the stores of one parse, new for every re-parse, so a
   * re-parse (format override, other clock) gets a fresh index and the old one is collected.
   */
  private readonly entityIndexes = new WeakMap<Uint32Array, EntityIndex>();
  /** The links of the current sources' indexes; rebuilt when that list changes. */
  private entityLinks: EntityLinks | null = null;
  /** Recent masks of the current links, per entity key and index. */
  private entityMasks = new Map<string, WeakMap<EntityIndex, Uint8Array>>();

  /** Forgets the links (and masks) of the sources as they were: a removed source's index goes with them. */
  private dropEntityLinks(): void {
    this.entityLinks = null;
    this.entityMasks = new Map();
  }

  private entityIndex(store: SourceStore): EntityIndex {
    const line = store.columns.line;
    let ix = this.entityIndexes.get(line);
    if (!ix) {
      ix = buildEntityIndex(store, store.sourceId);
      this.entityIndexes.set(line, ix);
    }
    return ix;
  }

  /** The current sources with their indexes, and their links (cached while the sources stay). */
  private linked(): { links: EntityLinks; sources: LinkedSource[] } {
    const sources: LinkedSource[] = this.sources.map((s) => ({
      id: s.id,
      name: s.name,
      store: s.store,
      index: this.entityIndex(s.store),
    }));
    const distinct = [...new Set(sources.map((s) => s.index))];
    const cur = this.entityLinks;
    if (!cur || cur.indexes.length !== distinct.length || cur.indexes.some((ix, k) => ix !== distinct[k])) {
      this.entityLinks = new EntityLinks(distinct);
      this.entityMasks = new Map();
    }
    return { links: this.entityLinks as EntityLinks, sources };
  }

  /** 1 for every event of `store` linked to the entity `key` (for ViewQuery.entity). */
  private entityMask(store: SourceStore, key: string): Uint8Array {
    const { links } = this.linked();
    const ix = this.entityIndex(store);
    let perKey = this.entityMasks.get(key);
    const hit = perKey?.get(ix);
    if (hit && hit.length === store.count) return hit;
    const mask = entityMaskOf(links, ix, key, store.count);
    if (!perKey) {
      perKey = new WeakMap();
      this.entityMasks.set(key, perKey);
      // The last few entities clicked only.
      if (this.entityMasks.size > 8) {
        const oldest = this.entityMasks.keys().next().value;
        if (oldest !== undefined) this.entityMasks.delete(oldest);
      }
    }
    perKey.set(ix, mask);
    return mask;
  }

  entities(): EntitySummary[] {
    const { links, sources } = this.linked();
    return summarizeEntities(links, sources);
  }

  lifecycle(entityKey: string): LifecycleStep[] {
    const { links, sources } = this.linked();
    return lifecycleOf(links, sources, entityKey);
  }

  // ---- analysis (src/core/analysis, ./analysis.ts) ----

  /** Rule findings and symptom rows per parse (keyed like the entity indexes), read by one replay. */
  private readonly materials = new WeakMap<Uint32Array, AnalysisMaterial>();
  private lastAnalysis: { key: string; result: AnalysisResult } | null = null;

  private material(e: SourceEntry): AnalysisMaterial {
    const line = e.store.columns.line;
    let m = this.materials.get(line);
    if (!m) {
      // One replay for both when the entity index is not built yet (a replay is most of the cost).
      if (!this.entityIndexes.has(line)) {
        const t0 = performance.now();
        const b = new EntityIndexBuilder(line, e.store.count);
        m = collectMaterial(e.store, e.store.sourceId, loadRules(), (ev) => b.event(ev));
        this.entityIndexes.set(line, b.finish(performance.now() - t0));
      } else m = collectMaterial(e.store, e.store.sourceId, loadRules());
      this.materials.set(line, m);
    }
    return m;
  }

  /**
   * Findings, symptoms and the hypothesis tree over every source, with the times as aligned now.
   * Memoised on the sources' alignment generation and the options.
   */
  analysis(opts: AnalysisOptions = {}): AnalysisResult {
    const key = `${this.generation}\u0000${this.sources.map((s) => `${s.id}\u0001${this.storeId(s.store)}`).join('\u0002')}\u0000${JSON.stringify(opts)}`;
    if (this.lastAnalysis?.key === key) return this.lastAnalysis.result;
    // Materials first: they build the entity indexes the links need in the same replay.
    const parts = this.sources.map((s) => ({
      sourceId: s.id,
      name: s.name,
      store: s.store,
      material: this.material(s),
    }));
    const result = analysisOf(parts, joinsFrom(this.linked().links), opts);
    this.lastAnalysis = { key, result };
    return result;
  }

  // ---- navigation (src/core/engine/navigate.ts) ----

  /** A source's event by id, among the current sources; null when unknown. */
  private eventAt(eventId: string): { entry: SourceEntry; i: number } | null {
    const id = splitEventId(eventId);
    const entry = id && this.sources.find((s) => s.id === id.sourceId);
    const i = id && entry ? entry.store.indexOfLine(id.line) : -1;
    return entry && i >= 0 ? { entry, i } : null;
  }

  eventRows(eventIds: string[]): Row[] {
    const out: Row[] = [];
    for (const id of eventIds) {
      const at = this.eventAt(id);
      if (at) out.push(buildRow(at.entry, at.i, -1));
    }
    return out;
  }

  /** Event ids of rows start..start+count of a view, without building rows (Node callers: the CLI). */
  viewEventIds(viewId: string, start: number, count: number): string[] {
    const v = this.viewData(viewId);
    const [from, to] = rowSpan(v.info.total, start, count);
    const out: string[] = [];
    for (let r = from; r < to; r++) {
      const vs = v.sources[v.src[r]];
      out.push(`${vs.id}:${vs.store.line(v.ev[r])}`);
    }
    return out;
  }

  indexAt(viewId: string, time: number): number {
    return indexAtTime(this.viewData(viewId).key, time);
  }

  /** Row of an event in a view, or -1 when the view leaves it out (a filter, another zoom). */
  rowOf(viewId: string, eventId: string): number {
    const vd = this.viewData(viewId);
    const id = splitEventId(eventId);
    const k = id ? vd.sources.findIndex((s) => s.id === id.sourceId) : -1;
    if (!id || k < 0) return -1;
    const i = vd.sources[k].store.indexOfLine(id.line);
    if (i < 0) return -1;
    for (let r = 0; r < vd.ev.length; r++) if (vd.ev[r] === i && vd.src[r] === k) return r;
    return -1;
  }

  find(viewId: string, needle: string, from: number, dir: 1 | -1): number {
    const v = this.viewData(viewId);
    if (needle === '') return -1;
    return findRow(
      v,
      v.sources.map((s) => this.search(s.store, needle)),
      from,
      dir,
    );
  }

  context(eventId: string, before: number, after: number): Row[] {
    const at = this.eventAt(eventId);
    if (!at) throw new Error(`No event ${eventId}`);
    return contextIndexes(at.entry.store, at.i, before, after).map((i) => buildRow(at.entry, i, -1));
  }

  /** DENSITY_CLASSES index per timed row of a view, computed once. */
  private densityOf(v: ViewData): Uint8Array {
    v.nav.cls ??= densityClasses(
      v,
      v.sources.map((s) => s.store.columns.severity),
    );
    return v.nav.cls;
  }

  histogram(q: HistogramQuery): Histogram {
    const v = this.viewData(q.viewId);
    return histogramOf(v.key, this.densityOf(v), binsOf(q.from, q.to, q.bins));
  }

  lanes(q: LanesQuery): Lane[] {
    const v = this.viewData(q.viewId);
    const b = binsOf(q.from, q.to, q.bins);
    const max = laneLimit(q.maxLanes);
    const cls = this.densityOf(v);
    if (q.by === 'source') {
      v.nav.perSource ??= rowsPerSource(v, v.sources.length);
      return sourceLanes(v, cls, v.sources, v.nav.perSource, b, max);
    }
    if (q.by !== 'entity') throw new Error(`lanes: by must be 'source' or 'entity', got ${String(q.by)}`);
    v.nav.entityLanes ??= new Map();
    let set = v.nav.entityLanes.get(max);
    if (!set) {
      const candidates = this.entities()
        .filter((e) => LANE_ENTITY_KINDS.includes(e.kind))
        .sort((x, y) => y.events - x.events);
      set = entityLaneRows(v, candidates, (key) => v.sources.map((s) => this.entityMask(s.store, key)), max);
      v.nav.entityLanes.set(max, set);
    }
    const out = set.lanes.map((l) => laneOfRows(v.key, cls, l.rows, b, l.key, l.label));
    if (set.other) out.push(laneOfRows(v.key, cls, set.other.rows, b, OTHER_LANE_KEY, set.other.label));
    return out;
  }
}
