// What the UI calls. Implemented twice with one engine: over a Web Worker (the app) and
// in-process (jsdom component tests, Node). The UI never parses on the main thread.
import type { AnalysisOptions, AnalysisResult } from '../analysis/model.ts';
import type { FormatId } from '../model/event.ts';
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
} from './engine-api.ts';

export interface AddSourceInput {
  name: string;
  kind: 'file' | 'paste' | 'sample';
  /** The bytes as given: plain text, UTF-16, or gzip. Read as a stream, never whole. */
  blob: Blob;
  /** Clock for zone-less and year-less lines; defaults: the browser's offset and the current year. */
  clock?: { year: number; utcOffsetMinutes: number };
  /** Keep this id when it is free (a saved incident read back); default: made from the name. */
  sourceId?: string;
}

export interface WorkbenchClient {
  /** Rejects with an Error whose message is shown to the user (binary file, too big, cancelled...). */
  addSource(
    input: AddSourceInput,
    onProgress?: (p: Progress) => void,
    signal?: AbortSignal,
  ): Promise<SourceSummary>;
  removeSource(sourceId: string): Promise<void>;
  /** Hand override of one segment's format (null = back to detection); re-parses that source. */
  setFormat(sourceId: string, lineStart: number, format: FormatId | null): Promise<SourceSummary>;
  listSources(): Promise<SourceSummary[]>;
  view(q: ViewQuery): Promise<ViewInfo>;
  rows(viewId: string, start: number, count: number): Promise<Row[]>;
  detail(eventId: string): Promise<EventDetail>;
  /** Rows for these event ids (pinned events, anchors), in the order given; unknown ids are left out. */
  eventRows(eventIds: string[]): Promise<Row[]>;
  /** Index in the view of the first timed row at or after `time` (the last timed row when none is). */
  indexAt(viewId: string, time: number): Promise<number>;
  /** Row of an event in a view, or -1 when the view leaves it out. */
  rowOf(viewId: string, eventId: string): Promise<number>;
  /** Next (dir 1) or previous (dir -1) row after `from` whose raw text contains `needle`; -1 when none. */
  find(viewId: string, needle: string, from: number, dir: 1 | -1): Promise<number>;
  /** The event's neighbours in its own source, by line (grep -C): `before` events, the event, `after` events. */
  context(eventId: string, before: number, after: number): Promise<Row[]>;
  histogram(q: HistogramQuery): Promise<Histogram>;
  lanes(q: LanesQuery): Promise<Lane[]>;
  /** How every source's clock was aligned (year, zone, boots, anchors, residuals). */
  clocks(): Promise<ClockReport>;
  /** The user's decision for one source's clock (null = back to inference); re-aligns. */
  setClock(sourceId: string, decision: ClockDecision | null): Promise<ClockReport>;
  /** Every entity the sources name, linked across tools (containers, pods, processes, cgroups). */
  entities(): Promise<EntitySummary[]>;
  /** A container's (or sandbox's) lifecycle as one lane: created, started, OOM-killed, exited... */
  lifecycle(entityKey: string): Promise<LifecycleStep[]>;
  /**
   * Findings, symptoms and the cause-hypothesis tree over every source (aligned times), with the
   * analyst's named symptoms, own hypotheses and decisions folded in.
   */
  analysis(opts?: AnalysisOptions): Promise<AnalysisResult>;
  dispose(): void;
}
