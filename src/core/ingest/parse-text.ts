// Whole-text convenience over SourceParser: collects everything (tests, CLI, small inputs).
import type { LogEvent, Segment, SkippedLine, UnparsedLine } from '../model/event.ts';
import { type SourceOptions, SourceParser } from './source-parser.ts';

export interface ParsedSource {
  file: string;
  segments: Segment[];
  lines: number;
  events: LogEvent[];
  unparsed: UnparsedLine[];
  skipped: SkippedLine[];
}

export function collectingParser(opts: SourceOptions): { parser: SourceParser; result: ParsedSource } {
  const result: ParsedSource = {
    file: opts.sourceId,
    segments: [],
    lines: 0,
    events: [],
    unparsed: [],
    skipped: [],
  };
  const parser = new SourceParser(opts, {
    event: (e) => result.events.push(e),
    unparsed: (line, reason) => result.unparsed.push({ line, reason }),
    skipped: (line, kind) => result.skipped.push({ line, kind }),
    segment: (s) => result.segments.push(s),
  });
  return { parser, result };
}

/** Parses a whole text; `chunkSize` feeds it in pieces (the chunked re-parse check). */
export function parseText(text: string, opts: SourceOptions, chunkSize = 0): ParsedSource {
  const { parser, result } = collectingParser(opts);
  if (chunkSize > 0) {
    for (let i = 0; i < text.length; i += chunkSize) parser.push(text.slice(i, i + chunkSize));
  } else {
    parser.push(text);
  }
  parser.end();
  result.lines = parser.lines;
  return result;
}
