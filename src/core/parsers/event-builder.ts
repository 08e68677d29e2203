// Small helpers shared by parsers, so each parser file only holds its grammar.
import type { EntityRef, FieldValue, FormatId, LogEvent, Severity, TimeQuality } from '../model/event.ts';
import type { ParseContext } from './parser-api.ts';

export interface EventParts {
  line: number;
  lineEnd?: number;
  time?: number | null;
  timeQuality?: TimeQuality;
  timeRange?: [number, number];
  record?: [number, number];
  monotonic?: number;
  boot?: string;
  host?: string;
  unit?: string;
  ident?: string;
  pid?: number;
  severity?: Severity;
  message: string;
  fields?: Record<string, FieldValue>;
  entities?: EntityRef[];
  format?: FormatId;
}

/** Builds a LogEvent with the context's source and format; optional keys are left out when undefined. */
export function makeEvent(ctx: ParseContext, p: EventParts): LogEvent {
  const e = baseEvent(
    ctx,
    p.line,
    p.lineEnd ?? p.line,
    p.time ?? null,
    p.timeQuality ?? (p.time == null ? 'none' : 'exact'),
    p.message,
    p.fields ?? {},
    p.format ?? ctx.format,
  );
  if (p.entities != null) e.entities = p.entities;
  if (p.timeRange) e.timeRange = p.timeRange;
  if (p.record) e.record = p.record;
  if (p.monotonic !== undefined) e.monotonic = p.monotonic;
  if (p.boot !== undefined) e.boot = p.boot;
  if (p.host !== undefined) e.host = p.host;
  if (p.unit !== undefined) e.unit = p.unit;
  if (p.ident !== undefined) e.ident = p.ident;
  if (p.pid !== undefined) e.pid = p.pid;
  if (p.severity !== undefined) e.severity = p.severity;
  return e;
}

/**
 * The keys every LogEvent has, in makeEvent's order; for hot parsers that then add the optional
 * keys themselves (in the same order: timeRange, monotonic, boot, host, unit, ident, pid,
 * severity) without building an EventParts first. `fields` is the event's own object (callers and
 * consumers may add to it), and `entities` a fresh array.
 */
export function baseEvent(
  ctx: ParseContext,
  line: number,
  lineEnd: number,
  time: number | null,
  timeQuality: TimeQuality,
  message: string,
  fields: Record<string, FieldValue>,
  format: FormatId,
): LogEvent {
  return {
    id: `${ctx.sourceId}:${line}`,
    source: ctx.sourceId,
    format,
    line,
    lineEnd,
    time,
    timeQuality,
    message,
    fields,
    entities: [],
  };
}

/** True for lines that hold only whitespace. */
export function isBlank(text: string): boolean {
  const n = text.length;
  if (n === 0) return true;
  // Printable ASCII at either end is not whitespace: most lines are decided here, without trim().
  const c = text.charCodeAt(0);
  if (c > 32 && c < 127) return false;
  const e = text.charCodeAt(n - 1);
  if (e > 32 && e < 127) return false;
  return text.trim().length === 0;
}
