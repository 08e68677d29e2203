// Small helpers shared by parsers, so each parser file only holds its grammar.
import type { EntityRef, FieldValue, FormatId, LogEvent, Severity, TimeQuality } from '../model/event.ts';
import type { ParseContext } from './parser-api.ts';

export interface EventParts {
  line: number;
  lineEnd?: number;
  time?: number | null;
  timeQuality?: TimeQuality;
  timeRange?: [number, number];
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
  const e: LogEvent = {
    id: `${ctx.sourceId}:${p.line}`,
    source: ctx.sourceId,
    format: p.format ?? ctx.format,
    line: p.line,
    lineEnd: p.lineEnd ?? p.line,
    time: p.time ?? null,
    timeQuality: p.timeQuality ?? (p.time == null ? 'none' : 'exact'),
    message: p.message,
    fields: p.fields ?? {},
    entities: p.entities ?? [],
  };
  if (p.timeRange) e.timeRange = p.timeRange;
  if (p.monotonic !== undefined) e.monotonic = p.monotonic;
  if (p.boot !== undefined) e.boot = p.boot;
  if (p.host !== undefined) e.host = p.host;
  if (p.unit !== undefined) e.unit = p.unit;
  if (p.ident !== undefined) e.ident = p.ident;
  if (p.pid !== undefined) e.pid = p.pid;
  if (p.severity !== undefined) e.severity = p.severity;
  return e;
}

/** True for lines that hold only whitespace. */
export function isBlank(text: string): boolean {
  return text.trim().length === 0;
}
