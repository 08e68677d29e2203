// `rca parse`: files -> the DESIGN.md section 5 JSON (streamed), a human summary, or --stats.
import { basename } from 'node:path';
import type { SourceOptions, SourceSink } from '../core/ingest/source-parser.ts';
import { SourceParser } from '../core/ingest/source-parser.ts';
import type { LogEvent, Segment, SkippedLine, UnparsedLine } from '../core/model/event.ts';
import { SourceStore } from '../core/store/source-store.ts';
import { microsToIso, parseIso } from '../core/util/time.ts';
import { intOption, type ParsedArgs, UsageError } from './args.ts';
import { BufferedOut, type CliIo } from './io.ts';
import { openFile, textChunks } from './read-file.ts';

export const PARSE_OPTIONS = {
  json: { value: false },
  stats: { value: false },
  year: { value: true },
  'utc-offset': { value: true },
  'captured-at': { value: true },
  limit: { value: true },
} as const;

interface Clock {
  year: number;
  utcOffsetMinutes: number;
  capturedAt?: number;
}

interface FileResult {
  file: string;
  bytes: number;
  lines: number;
  encoding: string;
  warnings: string[];
  ms: number;
}

/** Streams one file through the core pipeline into `sink`. */
async function parseInto(
  file: string,
  clock: Clock,
  sink: SourceSink,
  onRawLine?: SourceOptions['onRawLine'],
): Promise<FileResult> {
  const t0 = performance.now();
  const opened = await openFile(file);
  const opts: SourceOptions = { sourceId: file, fileName: basename(file), ...clock };
  if (onRawLine) opts.onRawLine = onRawLine;
  const parser = new SourceParser(opts, sink);
  for await (const chunk of textChunks(opened)) parser.push(chunk);
  parser.end();
  return {
    file,
    bytes: opened.size,
    lines: parser.lines,
    encoding: opened.encoding,
    warnings: opened.warnings,
    ms: performance.now() - t0,
  };
}

/** Counts and keeps what a summary needs; events beyond `keep` are only counted. */
class Tally {
  segments: Segment[] = [];
  unparsed: UnparsedLine[] = [];
  skipped: SkippedLine[] = [];
  events = 0;
  kept: LogEvent[] = [];

  constructor(private readonly keep: number) {}

  sink(): SourceSink {
    return {
      event: (e) => {
        this.events++;
        if (this.kept.length < this.keep) this.kept.push(e);
      },
      unparsed: (line, reason) => this.unparsed.push({ line, reason }),
      skipped: (line, kind) => this.skipped.push({ line, kind }),
      segment: (s) => this.segments.push(s),
    };
  }
}

/** The contract's event JSON: the LogEvent with `time` as ISO-8601 (or null). */
export function eventJson(e: LogEvent): string {
  return JSON.stringify({ ...e, time: e.time == null ? null : microsToIso(e.time) });
}

function clockOf(args: ParsedArgs): Clock {
  const clock: Clock = {
    year: intOption(args, 'year', new Date().getUTCFullYear(), 1970, 2200),
    utcOffsetMinutes: intOption(args, 'utc-offset', 0, -24 * 60, 24 * 60),
  };
  const captured = args.values.get('captured-at');
  if (captured !== undefined) {
    // An ISO-8601 time with a zone: when the pasted output was taken (anchors `2 hours ago`).
    const t = parseIso(captured);
    if (!t?.zoned)
      throw new UsageError(`--captured-at must be an ISO-8601 time with a zone, got "${captured}"`);
    clock.capturedAt = t.micros;
  }
  return clock;
}

export async function parseCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const clock = clockOf(args);
  const limit = intOption(args, 'limit', 50, 0, Number.MAX_SAFE_INTEGER);
  const files = args.positional;
  if (args.flags.has('stats')) return stats(files, clock, args.flags.has('json'), io);
  if (args.flags.has('json')) return json(files, clock, io);
  return human(files, clock, limit === 0 ? Number.POSITIVE_INFINITY : limit, io);
}

/**
 * Two passes so the output streams: the first counts (sources come first in the JSON), the
 * second writes every event as it is parsed. Nothing is written before every file has been
 * read once, so an unreadable file fails with exit 1 and no partial output.
 */
async function json(files: readonly string[], clock: Clock, io: CliIo): Promise<number> {
  const tallies: { r: FileResult; t: Tally }[] = [];
  for (const file of files) {
    const t = new Tally(0);
    const r = await parseInto(file, clock, t.sink());
    tallies.push({ r, t });
  }
  const out = new BufferedOut(io);
  out.push('{"sources":[');
  tallies.forEach(({ r, t }, i) => {
    const source = {
      file: r.file,
      segments: t.segments.map((s) => ({
        format: s.format,
        confidence: s.confidence,
        lineStart: s.lineStart,
        lineEnd: s.lineEnd,
      })),
      lines: r.lines,
      events: t.events,
      unparsed: t.unparsed,
      skipped: t.skipped,
    };
    out.push(`${i ? ',' : ''}\n${JSON.stringify(source)}`);
  });
  out.push('\n],"events":[');
  let first = true;
  for (const file of files) {
    const sink: SourceSink = {
      event: (e) => {
        out.push(`${first ? '\n' : ',\n'}${eventJson(e)}`);
        first = false;
      },
      unparsed: () => {},
      skipped: () => {},
      segment: () => {},
    };
    const opened = await openFile(file);
    const parser = new SourceParser({ sourceId: file, fileName: basename(file), ...clock }, sink);
    for await (const chunk of textChunks(opened)) {
      parser.push(chunk);
      await out.flushIfFull();
    }
    parser.end();
  }
  out.push('\n]}\n');
  await out.flush();
  return 0;
}

/** One pass per file through the real pipeline (openText -> SourceParser -> SourceStore), timed. */
async function stats(files: readonly string[], clock: Clock, asJson: boolean, io: CliIo): Promise<number> {
  const rows: {
    file: string;
    bytes: number;
    lines: number;
    events: number;
    unparsed: number;
    skipped: number;
    ms: number;
    mbPerSec: number;
  }[] = [];
  for (const file of files) {
    const store = new SourceStore(file, { ...clock, fileName: basename(file) });
    const r = await parseInto(file, clock, store, (text, line) => store.rawLine(text, line));
    store.finish(r.lines);
    rows.push({
      file,
      bytes: r.bytes,
      lines: r.lines,
      events: store.count,
      unparsed: store.unparsedCount,
      skipped: store.skippedCount,
      ms: Math.round(r.ms * 10) / 10,
      mbPerSec: Math.round((r.bytes / 1e6 / (r.ms / 1000)) * 10) / 10,
    });
  }
  if (asJson) {
    await io.write(`${JSON.stringify({ sources: rows })}\n`);
    return 0;
  }
  const lines = ['file\tbytes\tlines\tevents\tunparsed\tskipped\tms\tMB/s'];
  for (const x of rows)
    lines.push([x.file, x.bytes, x.lines, x.events, x.unparsed, x.skipped, x.ms, x.mbPerSec].join('\t'));
  await io.write(`${lines.join('\n')}\n`);
  return 0;
}

const n = (v: number): string => v.toLocaleString('en-US');

function firstLine(s: string, max: number): string {
  const nl = s.indexOf('\n');
  const one = nl === -1 ? s : `${s.slice(0, nl)} ⏎`;
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

async function human(files: readonly string[], clock: Clock, limit: number, io: CliIo): Promise<number> {
  const done: { r: FileResult; t: Tally }[] = [];
  for (const file of files) {
    const t = new Tally(limit);
    done.push({ r: await parseInto(file, clock, t.sink()), t });
  }
  const out = new BufferedOut(io);
  for (const { r, t } of done) {
    out.push(
      `${r.file}: ${n(r.lines)} lines, ${n(t.events)} events, ${n(t.unparsed.length)} unparsed, ${n(t.skipped.length)} skipped (${r.encoding}, ${(r.ms / 1000).toFixed(2)} s)\n`,
    );
    for (const w of r.warnings) out.push(`  warning: ${w}\n`);
    for (const s of t.segments) {
      out.push(
        `  segment L${s.lineStart}-${s.lineEnd}: ${s.format} (${s.confidence.toFixed(2)})${s.command ? ` after \`${s.command}\`` : ''}\n`,
      );
    }
    for (const u of t.unparsed.slice(0, 10)) out.push(`  unparsed L${u.line}: ${u.reason}\n`);
    if (t.unparsed.length > 10) out.push(`  ... ${n(t.unparsed.length - 10)} more unparsed lines\n`);
    for (const e of t.kept) {
      const span = e.lineEnd > e.line ? `L${e.line}-${e.lineEnd}` : `L${e.line}`;
      const time = e.time == null ? '-'.padEnd(27) : microsToIso(e.time);
      const who = e.unit ?? e.ident ?? '';
      out.push(
        `  ${span.padEnd(12)} ${time} ${(e.severity ?? '-').padEnd(7)} ${who.padEnd(16)} ${firstLine(e.message, 140)}\n`,
      );
      await out.flushIfFull();
    }
    if (t.events > t.kept.length)
      out.push(`  ... ${n(t.events - t.kept.length)} more events (--limit 0 lists all)\n`);
  }
  await out.flush();
  return 0;
}
