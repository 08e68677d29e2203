// A small WorkbenchClient for component tests: it parses with the real core parsers (parseText)
// but keeps everything in memory, and can hold an addSource open so a test can drive progress
// and cancel by hand. The app never imports it.
import type { AddSourceInput, WorkbenchClient } from '../../core/engine/client-api.ts';
import type {
  EventDetail,
  Progress,
  Row,
  SourceSummary,
  ViewInfo,
  ViewQuery,
} from '../../core/engine/engine-api.ts';
import { parseText } from '../../core/ingest/parse-text.ts';
import type { FormatId, LogEvent } from '../../core/model/event.ts';
import { unusedCalls } from './unused-calls.ts';

interface Stored {
  summary: SourceSummary;
  input: AddSourceInput;
  text: string;
  lines: string[];
  events: LogEvent[];
  overrides: Record<number, FormatId>;
}

export interface HeldAdd {
  input: AddSourceInput;
  progress: (p: Progress) => void;
  release: () => void;
}

function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** A blob's text; gzip (a source read back from the incident's storage) is inflated as the engine does. */
async function textOf(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new TextDecoder().decode(bytes);
  const gunzip = new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
  // jsdom's Blob has no stream(): a one-chunk stream of the bytes.
  const inflated = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(bytes);
      c.close();
    },
  }).pipeThrough(gunzip);
  return new Response(inflated).text();
}

export class FakeClient implements WorkbenchClient {
  // Ingest and source tests do not navigate, align or link: these calls fail if used.
  readonly eventRows;
  readonly indexAt;
  readonly rowOf;
  readonly find;
  readonly context;
  readonly histogram;
  readonly lanes;
  readonly clocks;
  readonly setClock;
  readonly entities;
  readonly lifecycle;
  readonly analysis;
  constructor() {
    const u = unusedCalls();
    this.eventRows = u.eventRows;
    this.indexAt = u.indexAt;
    this.rowOf = u.rowOf;
    this.find = u.find;
    this.context = u.context;
    this.histogram = u.histogram;
    this.lanes = u.lanes;
    this.clocks = u.clocks;
    this.setClock = u.setClock;
    this.entities = u.entities;
    this.lifecycle = u.lifecycle;
    this.analysis = u.analysis;
  }
  private readonly stored = new Map<string, Stored>();
  private readonly views = new Map<string, { src: string; ev: number }[]>();
  private viewSeq = 0;
  /** When true, addSource waits in `held` until the test releases it. */
  holdAdds = false;
  readonly held: HeldAdd[] = [];

  async addSource(
    input: AddSourceInput,
    onProgress?: (p: Progress) => void,
    signal?: AbortSignal,
  ): Promise<SourceSummary> {
    const cancelled = () => new Error('Cancelled.');
    if (signal?.aborted) throw cancelled();
    if (this.holdAdds) {
      await new Promise<void>((resolve, reject) => {
        signal?.addEventListener('abort', () => reject(cancelled()));
        this.held.push({ input, progress: (p) => onProgress?.(p), release: resolve });
      });
    }
    const text = await textOf(input.blob);
    if (text.includes('\u0000')) throw new Error(`${input.name} looks like a binary file: not read.`);
    // A saved source read back keeps its id when it is free, as the engine does.
    let sourceId = input.sourceId && !this.stored.has(input.sourceId) ? input.sourceId : input.name;
    for (let n = 2; this.stored.has(sourceId); n++) sourceId = `${input.name}#${n}`;
    const s: Stored = { summary: {} as SourceSummary, input, text, lines: [], events: [], overrides: {} };
    this.stored.set(sourceId, s);
    this.parse(sourceId, s);
    onProgress?.({
      bytesRead: input.blob.size,
      totalBytes: input.blob.size,
      lines: s.lines.length,
      events: s.events.length,
    });
    return s.summary;
  }

  private parse(sourceId: string, s: Stored): void {
    const started = performance.now();
    const r = parseText(s.text, {
      sourceId,
      fileName: s.input.kind === 'paste' ? undefined : s.input.name,
      year: 2025,
      utcOffsetMinutes: 0,
      overrides: s.overrides,
    });
    s.lines = s.text.split(/\r?\n/);
    s.events = r.events;
    s.summary = {
      sourceId,
      name: sourceId,
      kind: s.input.kind,
      bytes: s.input.blob.size,
      contentHash: hash(s.text),
      encoding: 'utf-8',
      warnings: [],
      lines: r.lines,
      events: r.events.length,
      unparsedCount: r.unparsed.length,
      skippedCount: r.skipped.length,
      unparsed: r.unparsed.slice(0, 200),
      segments: r.segments.map((g) => ({
        ...g,
        candidates: [{ format: g.format, confidence: g.confidence }],
      })),
      parseMillis: performance.now() - started,
    };
  }

  async removeSource(sourceId: string): Promise<void> {
    this.stored.delete(sourceId);
  }

  async setFormat(sourceId: string, lineStart: number, format: FormatId | null): Promise<SourceSummary> {
    const s = this.stored.get(sourceId);
    if (!s) throw new Error(`No source ${sourceId}`);
    if (format === null) delete s.overrides[lineStart];
    else s.overrides[lineStart] = format;
    this.parse(sourceId, s);
    return s.summary;
  }

  async listSources(): Promise<SourceSummary[]> {
    return [...this.stored.values()].map((s) => s.summary);
  }

  async view(q: ViewQuery): Promise<ViewInfo> {
    const order = [...this.stored.keys()];
    const needle = q.search.toLowerCase();
    const timed: { src: string; ev: number; t: number }[] = [];
    const untimed: { src: string; ev: number }[] = [];
    for (const [src, s] of this.stored) {
      if (q.sources.length > 0 && !q.sources.includes(src)) continue;
      s.events.forEach((e, ev) => {
        if (q.severities.length > 0 && !q.severities.includes(e.severity ?? 'info')) return;
        if (needle && !s.lines.slice(e.line - 1, e.lineEnd).some((l) => l.toLowerCase().includes(needle)))
          return;
        if (e.time === null) untimed.push({ src, ev });
        else timed.push({ src, ev, t: e.time });
      });
    }
    // Stable sort: equal times keep source order, then line order.
    timed.sort((a, b) => a.t - b.t || order.indexOf(a.src) - order.indexOf(b.src));
    const rows = [...timed.map(({ src, ev }) => ({ src, ev })), ...untimed];
    const viewId = `v${++this.viewSeq}`;
    this.views.set(viewId, rows);
    return {
      viewId,
      timed: timed.length,
      untimed: untimed.length,
      total: rows.length,
      first: timed[0]?.t ?? null,
      last: timed.at(-1)?.t ?? null,
    };
  }

  async rows(viewId: string, start: number, count: number): Promise<Row[]> {
    const rows = this.views.get(viewId) ?? [];
    return rows.slice(start, start + count).map(({ src, ev }, i) => {
      const s = this.stored.get(src);
      const e = s?.events[ev];
      if (!s || !e) throw new Error('stale view');
      const row: Row = {
        index: start + i,
        eventId: e.id,
        sourceId: src,
        sourceName: s.summary.name,
        format: e.format,
        line: e.line,
        lineEnd: e.lineEnd,
        time: e.time,
        timeQuality: e.timeQuality,
        message: e.message.split('\n')[0].slice(0, 2000),
      };
      if (e.monotonic !== undefined) row.monotonic = e.monotonic;
      if (e.severity !== undefined) row.severity = e.severity;
      const ident = e.unit ?? e.ident;
      if (ident !== undefined) row.ident = ident;
      if (e.pid !== undefined) row.pid = e.pid;
      return row;
    });
  }

  async detail(eventId: string): Promise<EventDetail> {
    for (const s of this.stored.values()) {
      const e = s.events.find((x) => x.id === eventId);
      if (!e) continue;
      const raw = [];
      for (let l = e.line; l <= e.lineEnd; l++) raw.push({ line: l, text: s.lines[l - 1] ?? '' });
      return { event: e, sourceName: s.summary.name, raw };
    }
    throw new Error(`No event ${eventId}`);
  }

  dispose(): void {}
}
