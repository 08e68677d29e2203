// The harnesses parser tests share: one parser fed lines straight (runParser: no segmenting, no
// detection), and the whole ingest checked for the contracts every parse keeps (parseChecked: no
// line lost, the same result in any chunking, the store's rebuild of every event).
import { expect } from 'vitest';
import { checkCoverage } from '../../src/core/ingest/coverage.ts';
import { splitLines, stripAnsi } from '../../src/core/ingest/line-splitter.ts';
import { type ParsedSource, parseText } from '../../src/core/ingest/parse-text.ts';
import { type SourceOptions, SourceParser } from '../../src/core/ingest/source-parser.ts';
import type { FormatId, LogEvent, SkippedLine, UnparsedLine } from '../../src/core/model/event.ts';
import type { ParseContext, Parser } from '../../src/core/parsers/parser-api.ts';
import { detectFormat, openParser } from '../../src/core/parsers/registry.ts';
import { SourceStore } from '../../src/core/store/source-store.ts';

/** The context tests parse with unless they say otherwise. */
export const OPTS = { sourceId: 't', year: 2025, utcOffsetMinutes: 0 };

/** What one parser wrote for its lines. */
export interface ParserRun {
  events: LogEvent[];
  unparsed: UnparsedLine[];
  skipped: SkippedLine[];
}

export interface RunOptions {
  /** The number of the text's first line (a record fed alone keeps its line numbers). */
  from?: number;
  /** Through the registry's openParser: the second pass over messages (src/core/messages) too. */
  withMessages?: boolean;
}

/**
 * Feeds numbered lines straight to one parser, in a context of OPTS, the parser's format and `ctx`.
 */
export function feedParser(
  parser: Parser,
  numbered: Iterable<readonly [string, number]>,
  ctx: Partial<ParseContext> = {},
  withMessages = false,
): ParserRun {
  const out: ParserRun = { events: [], unparsed: [], skipped: [] };
  const full: ParseContext = { ...OPTS, format: parser.id, ...ctx };
  const sink = {
    event: (e: LogEvent) => out.events.push(e),
    unparsed: (line: number, reason: string) => out.unparsed.push({ line, reason }),
    skipped: (line: number, kind: SkippedLine['kind']) => out.skipped.push({ line, kind }),
  };
  const lp = withMessages ? openParser(full, sink) : parser.create(full, sink);
  for (const [text, line] of numbered) lp.push(text, line);
  lp.end();
  return out;
}

/** Feeds the lines of `text` (numbered from 1, or `opts.from`) straight to one parser. */
export function runParser(
  parser: Parser,
  text: string,
  ctx: Partial<ParseContext> = {},
  opts: RunOptions = {},
): ParserRun {
  const from = opts.from ?? 1;
  const numbered = splitLines(text).map((t, i) => [t, i + from] as const);
  return feedParser(parser, numbered, ctx, opts.withMessages);
}

/** runParser with a test file's own context (`{ sourceId: 's', utcOffsetMinutes: 60 }`). */
export function parserRunner(base: Partial<ParseContext>) {
  return (parser: Parser, text: string, ctx: Partial<ParseContext> = {}, opts: RunOptions = {}) =>
    runParser(parser, text, { ...base, ...ctx }, opts);
}

/** The format detection picks for the head of `text` (its non-blank lines). */
export function detectedFormat(text: string, fileName?: string): FormatId {
  return detectFormat(
    splitLines(text).filter((l) => l.trim().length > 0),
    fileName,
  ).format;
}

/**
 * parseText over `text` with OPTS and `opts`, checked: every line ends exactly once (checkCoverage)
 * and fed in 7-character chunks the result is the same. With `store`, also the store's contract:
 * a columns-only ingest keeps as many events and rebuilds each equal to the full parse, with no
 * slow rebuild.
 */
export function parseChecked(
  text: string,
  opts: Partial<SourceOptions> = {},
  { store = false }: { store?: boolean } = {},
): ParsedSource {
  const o: SourceOptions = { ...OPTS, ...opts };
  const res = parseText(text, o);
  expect(checkCoverage(res)).toEqual([]);
  expect(parseText(text, o, 7)).toEqual(res);
  if (store) expectStoreRebuilds(text, o, res);
  return res;
}

function expectStoreRebuilds(text: string, o: SourceOptions, res: ParsedSource): void {
  const store = new SourceStore(o.sourceId, o);
  const p = new SourceParser({ ...o, columnsOnly: true, onRawLine: (t, l) => store.rawLine(t, l) }, store);
  p.push(text);
  p.end();
  store.finish(p.lines);
  expect(store.count).toBe(res.events.length);
  for (let i = 0; i < res.events.length; i++) expect(store.materialize(i)).toStrictEqual(res.events[i]);
  expect(store.slowRebuilds).toBe(0);
}

/**
 * The store's record-local rebuild, through a fresh parser per event: the segment's lines before
 * its first record, then the record's own lines (`recordOf`; by default the event's `record` when
 * it has one, as SourceStore.materialize replays it, else its line..lineEnd), must give the same
 * event as the whole parse.
 */
export function expectRecordLocal(
  text: string,
  res: ParsedSource,
  ctx: Partial<ParseContext> = {},
  recordOf: (e: LogEvent, segmentEvents: readonly LogEvent[]) => [number, number] = (e) =>
    e.record ?? [e.line, e.lineEnd],
): void {
  const lines = splitLines(text).map(stripAnsi);
  for (const seg of res.segments) {
    const evs = res.events.filter((e) => e.line >= seg.lineStart && e.line <= seg.lineEnd);
    if (evs.length === 0) continue;
    const first = Math.min(...evs.map((e) => e.line));
    for (const e of evs) {
      const [from, to] = recordOf(e, evs);
      const got: LogEvent[] = [];
      // openParser, as the store's rebuild: an envelope format's second pass too.
      const p = openParser(
        { ...OPTS, ...ctx, format: seg.format },
        { event: (x) => got.push(x), unparsed() {}, skipped() {} },
      );
      for (let l = seg.lineStart; l < first; l++) p.push(lines[l - 1], l);
      for (let l = from; l <= to; l++) p.push(lines[l - 1], l);
      p.end();
      expect(got.find((x) => x.line === e.line)).toEqual(e);
    }
  }
}
