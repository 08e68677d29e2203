// The parser contract (DESIGN.md section 6, "one parser per format, one file").
// A parser is a line-driven state machine: the ingest pipeline splits text into lines, finds the
// segment, detects its format from the head, then pushes every line of the segment, in order, to
// one LineParser. Because parsers only ever see whole lines, re-parsing the same bytes in any
// chunking gives identical events (tested with 97-byte chunks).
import type { FormatId, LogEvent, SkipKind } from '../model/event.ts';

export interface ParseContext {
  /** Source id: file name or "paste-N". Event ids are `${sourceId}:${line}`. */
  sourceId: string;
  format: FormatId;
  /**
   * Year for year-less timestamps (journalctl short, syslog, klog). Times built with it are
   * marked `inferred`; the clock panel (src/core/time) corrects them later.
   */
  year: number;
  /**
   * Offset of the node's local time from UTC, in minutes (+60 for CET), for zone-less
   * timestamps (journalctl short, dmesg -T, syslog rfc3164). Times built with it are `inferred`.
   */
  utcOffsetMinutes: number;
  /**
   * When the output was taken (epoch microseconds UTC), if known: relative times such as
   * crictl's `CREATED 2 hours ago` become a time range before it. Unknown: the event keeps the
   * age in `fields` with timeQuality 'relative' and no time.
   */
  capturedAt?: number;
  /**
   * The command echoed above the segment (`$ ulimit -a`), when there was one: free text keeps
   * it, since the output alone often does not say what it is.
   */
  command?: string;
  /**
   * The file the segment came from: the `==> memory.max <==` header above it, else the source's
   * file name. A hint like `command`: a lone `536870912` is a memory.max only by its name.
   */
  fileName?: string;
  /**
   * True when the sink keeps only the columns (line, lineEnd, time, timeQuality, timeRange,
   * monotonic, boot, severity, format, ident, unit, host, pid): the bulk ingest into a
   * SourceStore, which rebuilds full events later with this flag off. A parser may then skip
   * building `message`, `fields` and `entities` (leave them '' / {} / []), but every column must
   * be exactly what a full parse gives (the store's materialisation test checks it).
   */
  columnsOnly?: boolean;
}

/** Where a parser writes. Every pushed line must end in exactly one of the three. */
export interface EventSink {
  event(e: LogEvent): void;
  unparsed(line: number, reason: string): void;
  skipped(line: number, kind: SkipKind): void;
}

export interface LineParser {
  /** One line, without its terminator (CR/LF removed, ANSI colour codes stripped). */
  push(text: string, line: number): void;
  /** End of the segment: flush the pending record, if any. */
  end(): void;
}

export interface Parser {
  id: FormatId;
  title: string;
  /** Bump when the output for the same input changes: it is part of the cache key. */
  version: number;
  /** Real-format samples (whole small inputs). Each must be detected as this format and parse with no `unparsed`. */
  samples: string[];
  /**
   * How sure (0..1) that these first lines of a segment are this format. Never needs the file
   * name; `fileName` and `command` (the command echoed above the segment, `journalctl -o cat`)
   * are only hints that may raise a tie.
   */
  detect(head: readonly string[], fileName?: string, command?: string): number;
  create(ctx: ParseContext, sink: EventSink): LineParser;
}
