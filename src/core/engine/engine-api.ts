// The engine's public shapes: what the worker exposes to the UI (and what Node tests call
// directly). Plain data only: everything here crosses postMessage.
import type { FormatId, LogEvent, Segment, Severity, TimeQuality, UnparsedLine } from '../model/event.ts';

export interface SourceSummary {
  sourceId: string;
  /** File name, or "paste-N". */
  name: string;
  kind: 'file' | 'paste' | 'sample';
  /** Bytes of the input as given (compressed size for .gz). */
  bytes: number;
  /** Streaming content hash of the decoded text (hex). Cache key with PARSER_SET_VERSION. */
  contentHash: string;
  /** What the decoder found: 'utf-8', 'utf-8 (BOM)', 'utf-16le', 'utf-16be', plus ' + gzip'. */
  encoding: string;
  /** Warnings that did not stop the parse: invalid UTF-8 replaced, control characters... */
  warnings: string[];
  lines: number;
  events: number;
  unparsedCount: number;
  skippedCount: number;
  /** First 200 unparsed lines with their reasons (the rest are counted). */
  unparsed: UnparsedLine[];
  segments: (Segment & { candidates: { format: FormatId; confidence: number }[] })[];
  parseMillis: number;
}

export interface ViewQuery {
  /** Source ids to show; empty = all. */
  sources: string[];
  /** Severities to show; empty = all. Events without a severity count as 'info'. */
  severities: Severity[];
  /** Case-insensitive substring over the record's raw text; '' = no search. */
  search: string;
}

export interface ViewInfo {
  /** Opaque id of the computed view, to fetch its rows. */
  viewId: string;
  /** Rows with a wall-clock time, in time order (ties: source order, then line). */
  timed: number;
  /** Rows with no wall-clock time (e.g. raw dmesg before alignment): listed after the timed ones, by source and line. */
  untimed: number;
  total: number;
  /** Earliest and latest time among timed rows (epoch µs), or null. */
  first: number | null;
  last: number | null;
}

export interface Row {
  /** Position in the view. */
  index: number;
  eventId: string;
  sourceId: string;
  sourceName: string;
  format: FormatId;
  line: number;
  lineEnd: number;
  time: number | null;
  timeQuality: TimeQuality;
  monotonic?: number;
  severity?: Severity;
  /** `unit` if set, else `ident`. */
  ident?: string;
  pid?: number;
  host?: string;
  /** First line of the message, cut to 2,000 characters for display. */
  message: string;
}

export interface EventDetail {
  event: LogEvent;
  sourceName: string;
  /** The record's raw lines, read back from the stored source by line range. */
  raw: { line: number; text: string }[];
}

export interface Progress {
  bytesRead: number;
  totalBytes: number;
  lines: number;
  events: number;
}
