// What the UI calls. Implemented twice with one engine: over a Web Worker (the app) and
// in-process (jsdom component tests, Node). The UI never parses on the main thread.
import type { FormatId } from '../model/event.ts';
import type { EventDetail, Progress, Row, SourceSummary, ViewInfo, ViewQuery } from './engine-api.ts';

export interface AddSourceInput {
  name: string;
  kind: 'file' | 'paste' | 'sample';
  /** The bytes as given: plain text, UTF-16, or gzip. Read as a stream, never whole. */
  blob: Blob;
  /** Clock for zone-less and year-less lines; defaults: the browser's offset and the current year. */
  clock?: { year: number; utcOffsetMinutes: number };
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
  dispose(): void;
}
