// The engine behind WorkbenchClient: sources in, views and rows out. Pure (no DOM, no worker):
// the worker wraps it in messages, the in-process client and Node tests call it directly.
// Every source is kept as a SourceStore (columns + raw lines); a view is two typed arrays of
// (source, event) pairs, so a million rows cost a few MB and rows are built only when asked for.
import { InputError, openText } from '../ingest/decode.ts';
import { LineSplitter } from '../ingest/line-splitter.ts';
import { SourceParser } from '../ingest/source-parser.ts';
import { type FormatId, SEVERITIES } from '../model/event.ts';
import { PARSER_SET_VERSION } from '../parsers/registry.ts';
import { RawText } from '../store/raw-text.ts';
import { SEVERITY_NONE, SourceStore } from '../store/source-store.ts';
import { Slicer } from '../util/yield.ts';
import type {
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
import { searchStore } from './search.ts';
import { type RowArrays, sortRowsByKey } from './time-sort.ts';

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
}

export interface WorkbenchOptions {
  /** Clock for sources added without one (default: this machine's year and UTC offset). */
  defaultClock?: () => Clock;
  /** Minimum time between two progress reports. */
  progressMillis?: number;
}

/** Unparsed lines listed in a summary (the rest are counted). */
const SUMMARY_UNPARSED = 200;
/** Views kept for rows(): the current one, the previous (shown while the next computes) and a few more. */
const KEEP_VIEWS = 6;
/** Parses no source uses any more, kept for an undo of a format override. */
const KEEP_RELEASED = 2;
/** A row's message is cut here: the table shows one line, the detail pane the whole record. */
export const ROW_MESSAGE_CHARS = 2000;
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
  encoding: string;
  warnings: string[];
  contentHash: string;
  clock: Clock;
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

export class Workbench {
  private readonly sources: SourceEntry[] = [];
  /** Ids handed out to adds still running, so two concurrent adds of one name get two ids. */
  private readonly reserved = new Set<string>();
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
    const id = this.uniqueId(input.name);
    this.reserved.add(id);
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
      const opened = await openText(counted, input.totalBytes, input.name).catch((e: unknown) => {
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
        encoding: opened.encoding,
        warnings: opened.warnings,
        contentHash,
        clock,
        overrides,
        store,
        cacheKey: key,
        parseMillis: Math.round(performance.now() - t0),
        summary: null,
      };
      this.sources.push(entry);
      this.generation++;
      await this.realign(signal);
      return this.summary(entry);
    } finally {
      this.reserved.delete(id);
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
    const hit = this.cache.get(key);
    let store: SourceStore;
    if (hit) {
      store = hit.store.withSourceId(entry.id);
    } else {
      // The stored raw lines are the text as read: re-parsing them needs no second read of the
      // file (a paste or a one-shot stream could not give it again) and shares them.
      store = await this.parseRaw(entry.id, entry.name, entry.clock, overrides, entry.store.raw, entry.bytes);
      this.cache.set(key, { store, bytes: entry.bytes });
    }
    this.unrelease(key);
    const oldKey = entry.cacheKey;
    entry.store = store;
    entry.overrides = overrides;
    entry.cacheKey = key;
    entry.parseMillis = Math.round(performance.now() - t0);
    entry.summary = null;
    this.generation++;
    this.release(oldKey);
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
    this.views.set(viewId, { info, sources, src, ev });
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
    const v = this.views.get(viewId);
    if (!v)
      throw new Error(
        `View ${viewId} is gone (sources changed or newer views replaced it): query the view again`,
      );
    const from = Math.max(0, Math.floor(start));
    const to = Math.min(v.info.total, from + Math.max(0, Math.floor(count)));
    const out: Row[] = [];
    for (let r = from; r < to; r++) {
      const vs = v.sources[v.src[r]];
      const s = vs.store;
      const i = v.ev[r];
      const line = s.line(i);
      let message = s.message(i);
      if (message.length > ROW_MESSAGE_CHARS) message = message.slice(0, ROW_MESSAGE_CHARS);
      const row: Row = {
        index: r,
        eventId: `${vs.id}:${line}`,
        sourceId: vs.id,
        sourceName: vs.name,
        format: s.format(i),
        line,
        lineEnd: s.lineEnd(i),
        time: s.time(i),
        timeQuality: s.timeQuality(i),
        message,
      };
      const mono = s.monotonic(i);
      if (mono !== undefined) row.monotonic = mono;
      const sev = s.severity(i);
      if (sev !== undefined) row.severity = sev;
      const label = s.label(i);
      if (label !== undefined) row.ident = label;
      const pid = s.pid(i);
      if (pid !== undefined) row.pid = pid;
      const host = s.host(i);
      if (host !== undefined) row.host = host;
      out.push(row);
    }
    return out;
  }

  detail(eventId: string): EventDetail {
    const colon = eventId.lastIndexOf(':');
    const sourceId = colon > 0 ? eventId.slice(0, colon) : '';
    const line = Number(eventId.slice(colon + 1));
    const entry = this.sources.find((s) => s.id === sourceId);
    const i = entry && Number.isInteger(line) ? entry.store.indexOfLine(line) : -1;
    if (!entry || i < 0) throw new Error(`No event ${eventId}`);
    const s = entry.store;
    const end = s.lineEnd(i);
    const texts = s.rawLines(line, end);
    return {
      event: s.materialize(i),
      sourceName: entry.name,
      raw: texts.map((text, k) => ({ line: line + k, text })),
    };
  }

  // ---- clocks (src/core/time, src/core/engine/clocks.ts) ----

  /**
   * Re-runs clock inference and alignment over the current sources (after every add, remove,
   * override or decision): year and zone of year-less / zone-less sources, monotonic -> wall
   * per boot, pinned lines. May re-parse a source with another year or zone (cached).
   */
  private async realign(_signal?: AbortSignal): Promise<void> {
    // Filled in by the clock work (issue 4).
  }

  clocks(): ClockReport {
    throw new Error('clocks: not implemented yet');
  }

  async setClock(_sourceId: string, _decision: ClockDecision | null): Promise<ClockReport> {
    throw new Error('setClock: not implemented yet');
  }

  // ---- entities (src/core/timeline) ----

  /** 1 for every event of `store` linked to the entity `key` (for ViewQuery.entity). */
  private entityMask(store: SourceStore, _key: string): Uint8Array {
    return new Uint8Array(store.count);
  }

  entities(): EntitySummary[] {
    throw new Error('entities: not implemented yet');
  }

  lifecycle(_entityKey: string): LifecycleStep[] {
    throw new Error('lifecycle: not implemented yet');
  }

  // ---- navigation (src/core/engine/navigate.ts) ----

  eventRows(_eventIds: string[]): Row[] {
    throw new Error('eventRows: not implemented yet');
  }

  indexAt(_viewId: string, _time: number): number {
    throw new Error('indexAt: not implemented yet');
  }

  find(_viewId: string, _needle: string, _from: number, _dir: 1 | -1): number {
    throw new Error('find: not implemented yet');
  }

  context(_eventId: string, _before: number, _after: number): Row[] {
    throw new Error('context: not implemented yet');
  }

  histogram(_q: HistogramQuery): Histogram {
    throw new Error('histogram: not implemented yet');
  }

  lanes(_q: LanesQuery): Lane[] {
    throw new Error('lanes: not implemented yet');
  }
}
