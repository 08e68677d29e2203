// The detection and line loop of the bare Go logs whose record is a start line plus the lines it
// spans (klog: `key=<` values and indented lines; containerd-logfmt: a quoted value left open;
// both: the Go runtime's goroutine dump after a record). Each parser says what starts a record and
// which lines a record takes; blank lines belong to a record only when more of it follows.
import type { LinePrefix } from '../messages/logfmt.ts';
import type { Reading } from '../messages/reading.ts';
import type { LogEvent, Severity, TimeQuality } from '../model/event.ts';
import { baseEvent, isBlank } from './event-builder.ts';
import type { EventSink, LineParser, ParseContext } from './parser-api.ts';

/** How a log's head reads for detection. */
export interface RecordHead<S> {
  /** The record `text` starts, or null. */
  startOf(text: string): S | null;
  /** How much a start counts (1, or less for a weak one). */
  weight(start: S): number;
  /** Whether the record is left open at the end of its first line (a value that goes on). */
  opens(start: S, text: string): boolean;
  /**
   * A line after a record: null when the record does not span it, else whether the record is
   * still open after it.
   */
  spans(text: string, open: boolean): boolean | null;
}

/**
 * The weighted share of a head's lines that start records, times `percent` / 100 and rounded to
 * two decimals. Lines a record spans count neither way; blank lines are passed over.
 */
export function recordHeadScore<S>(head: readonly string[], r: RecordHead<S>, percent: number): number {
  let n = 0;
  let sum = 0;
  let inRecord = false;
  let open = false;
  for (const text of head) {
    if (isBlank(text)) continue;
    const s = r.startOf(text);
    if (s) {
      n++;
      sum += r.weight(s);
      inRecord = true;
      open = r.opens(s, text);
      continue;
    }
    const spanned = inRecord ? r.spans(text, open) : null;
    if (spanned !== null) {
      open = spanned;
      continue;
    }
    n++;
    inRecord = false;
  }
  return n === 0 ? 0 : Math.round((percent * sum) / n) / 100;
}

/** How a log's lines make records. */
export interface RecordFold<S, R> {
  startOf(text: string): S | null;
  /** The record a start line opens. */
  begin(start: S, text: string, line: number): R;
  /**
   * Adds a line after the record's start when the record takes it (and sets its end): true then.
   * `blanks`: how many blank lines came between, which the record then takes too.
   */
  take(rec: R, text: string, line: number, blanks: number): boolean;
  /** The event of a finished record. */
  event(rec: R): LogEvent;
  /** The reason of a line that neither starts a record nor belongs to one. */
  notARecord: string;
}

/**
 * Start lines open records, `take` extends them; blank lines are kept back until more of the
 * record follows (then taken) or it ends (then skipped). Any other line is unparsed.
 */
export function foldRecords<S, R>(sink: EventSink, f: RecordFold<S, R>): LineParser {
  let rec: R | null = null;
  let blanks: number[] = [];
  const flush = () => {
    if (rec) sink.event(f.event(rec));
    rec = null;
    for (const b of blanks) sink.skipped(b, 'blank');
    blanks = [];
  };
  return {
    push(text, line) {
      const start = f.startOf(text);
      if (start) {
        flush();
        rec = f.begin(start, text, line);
        return;
      }
      if (rec) {
        if (f.take(rec, text, line, blanks.length)) {
          blanks = [];
          return;
        }
        if (isBlank(text)) {
          blanks.push(line);
          return;
        }
        flush();
      }
      if (isBlank(text)) sink.skipped(line, 'blank');
      else sink.unparsed(line, f.notARecord);
    },
    end() {
      flush();
    },
  };
}

/** What a record's own reading gives its event, beside the prefix and the reader's fields. */
export interface RecordParts {
  time: number | null;
  timeQuality: TimeQuality;
  /** The pid the log line itself prints (klog's threadid), when the prefix gives none. */
  pid?: number;
  severity?: Severity;
  message: string;
}

/**
 * The event of a record of lines `line..lineEnd`: host, ident and pid from its `ident[pid]: ` /
 * `host: ` prefix (a prefix's pid wins), fields and entities from the reading.
 */
export function recordEvent(
  ctx: ParseContext,
  r: { line: number; lineEnd: number },
  prefix: LinePrefix | null,
  reading: Reading,
  p: RecordParts,
): LogEvent {
  // makeEvent's event, built without its EventParts object (one per line of a bulk log).
  const e = baseEvent(ctx, r.line, r.lineEnd, p.time, p.timeQuality, p.message, reading.fields, ctx.format);
  e.entities = reading.entities;
  if (prefix !== null) {
    if (prefix.host !== undefined) e.host = prefix.host;
    if (prefix.ident !== undefined) e.ident = prefix.ident;
  }
  const pid = prefix?.pid ?? p.pid;
  if (pid !== undefined) e.pid = pid;
  if (p.severity !== undefined) e.severity = p.severity;
  return e;
}
