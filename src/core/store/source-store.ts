// CONTRACT STUB (being implemented): compact, columnar storage of one parsed source.
import type { LogEvent, Segment, SkipKind } from '../model/event.ts';
import type { SourceSink } from '../ingest/source-parser.ts';

export class SourceStore implements SourceSink {
  constructor(readonly sourceId: string) {}
  /** Keep the raw line (wire to SourceOptions.onRawLine). */
  rawLine(_text: string, _line: number): void {}
  event(_e: LogEvent): void {}
  unparsed(_line: number, _reason: string): void {}
  skipped(_line: number, _kind: SkipKind): void {}
  segment(_s: Segment): void {}
  /** Call once after SourceParser.end(). */
  finish(_lines: number): void {}
  get count(): number {
    return 0;
  }
  /** The full LogEvent of the i-th event, rebuilt from the stored raw lines and columns. */
  materialize(_i: number): LogEvent {
    throw new Error('not implemented');
  }
}
