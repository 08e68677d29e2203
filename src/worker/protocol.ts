// The messages between the UI thread and the engine worker. Plain data only (structured
// clone); a Blob crosses as a Blob (the worker reads it as a stream, nothing is copied up front).
import type { AnalysisOptions, AnalysisResult } from '../core/analysis/model.ts';
import type { AddSourceInput } from '../core/engine/client-api.ts';
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
} from '../core/engine/engine-api.ts';
import type { FormatId } from '../core/model/event.ts';

/** The engine's calls as request/response (progress and cancel travel as separate messages). */
export interface EngineCalls {
  addSource(input: AddSourceInput): SourceSummary;
  removeSource(sourceId: string): void;
  setFormat(sourceId: string, lineStart: number, format: FormatId | null): SourceSummary;
  listSources(): SourceSummary[];
  view(q: ViewQuery): ViewInfo;
  rows(viewId: string, start: number, count: number): Row[];
  detail(eventId: string): EventDetail;
  eventRows(eventIds: string[]): Row[];
  indexAt(viewId: string, time: number): number;
  rowOf(viewId: string, eventId: string): number;
  find(viewId: string, needle: string, from: number, dir: 1 | -1): number;
  context(eventId: string, before: number, after: number): Row[];
  histogram(q: HistogramQuery): Histogram;
  lanes(q: LanesQuery): Lane[];
  clocks(): ClockReport;
  setClock(sourceId: string, decision: ClockDecision | null): ClockReport;
  entities(): EntitySummary[];
  lifecycle(entityKey: string): LifecycleStep[];
  analysis(opts?: AnalysisOptions): AnalysisResult;
}

export type Method = keyof EngineCalls;

export type CallMessage = {
  [M in Method]: { type: 'call'; id: number; method: M; args: Parameters<EngineCalls[M]> };
}[Method];

export interface CancelMessage {
  type: 'cancel';
  /** The id of the call to cancel. */
  id: number;
}

export type ToWorker = CallMessage | CancelMessage;

export type FromWorker =
  | { type: 'result'; id: number; value: ReturnType<EngineCalls[Method]> }
  | { type: 'error'; id: number; error: { name: string; message: string } }
  | { type: 'progress'; id: number; progress: Progress };
