// One source (a file or a paste) from text chunks to events: split lines, cut segments at
// structural lines, detect each segment's format from its head, stream its lines to that parser.
import type { FormatId, Segment, SkipKind } from '../model/event.ts';
import type { EventSink, LineParser, ParseContext } from '../parsers/parser-api.ts';
import { type Detection, detectFormat, openParser } from '../parsers/registry.ts';
import { isDateCommand, parseDateOutput } from './capture-clock.ts';
import { LineSplitter, stripAnsi } from './line-splitter.ts';
import { classifyStructural } from './structure.ts';

/** Lines longer than this are kept in the source but not given to any regex. */
export const MAX_LINE_CHARS = 1 << 20;
/** Non-blank lines a detector sees before the segment's format is chosen. */
export const HEAD_LINES = 40;
const HEAD_MAX_CHARS = 256 * 1024;

export interface SourceOptions {
  sourceId: string;
  /** A hint only: detection never needs it. */
  fileName?: string;
  year?: number;
  utcOffsetMinutes?: number;
  /** When the output was taken (see ParseContext.capturedAt). */
  capturedAt?: number;
  /** Hand-chosen formats, keyed by the segment's first line. */
  overrides?: Record<number, FormatId>;
  /** Parsers may skip message, fields and entities (see ParseContext.columnsOnly). */
  columnsOnly?: boolean;
  /** Every segment read as this format (tests, `--format` in the CLI). */
  forceFormat?: FormatId;
  /** Sees every line as read (before ANSI stripping), e.g. to keep the raw text by line range. */
  onRawLine?: (text: string, line: number) => void;
}

export interface SourceSink extends EventSink {
  /**
   * Called once per segment, when it is complete. `candidates`: every format the detectors
   * scored above zero for the segment's head, best first (also for an overridden segment, so
   * the override menu can offer them).
   */
  segment(s: Segment, candidates: Detection['candidates']): void;
}

interface Pending {
  text: string;
  line: number;
}

export class SourceParser {
  private readonly splitter: LineSplitter;
  private head: Pending[] = [];
  private headChars = 0;
  private headNonBlank = 0;
  private parser: LineParser | null = null;
  private seg: Segment | null = null;
  private segCandidates: Detection['candidates'] = [];
  private segCommand: string | undefined;
  private segFileName: string | undefined;
  private inFence = false;
  /** A `$ date` prompt was seen and its output line not yet (see capture-clock.ts). */
  private awaitDate = false;
  private ansiSeen = false;
  private readonly ctxBase: Omit<ParseContext, 'format'>;

  constructor(
    private readonly opts: SourceOptions,
    private readonly sink: SourceSink,
  ) {
    this.segFileName = opts.fileName;
    this.ctxBase = {
      sourceId: opts.sourceId,
      year: opts.year ?? new Date().getUTCFullYear(),
      utcOffsetMinutes: opts.utcOffsetMinutes ?? 0,
    };
    if (opts.capturedAt !== undefined) this.ctxBase.capturedAt = opts.capturedAt;
    if (opts.columnsOnly) this.ctxBase.columnsOnly = true;
    this.splitter = new LineSplitter((t, n) => this.onLine(t, n));
  }

  push(chunk: string): void {
    // One scan per chunk instead of one per line: until an ESC has been seen, no line can hold
    // an ANSI sequence (a line's carried start came from earlier chunks, which had none).
    if (!this.ansiSeen && chunk.indexOf('\x1b') !== -1) this.ansiSeen = true;
    this.splitter.push(chunk);
  }

  end(): void {
    this.splitter.end();
    this.closeSegment();
  }

  get lines(): number {
    return this.splitter.lines;
  }

  private onLine(raw: string, line: number): void {
    this.opts.onRawLine?.(raw, line);
    const text = this.ansiSeen ? stripAnsi(raw) : raw;
    const st = classifyStructural(text);
    if (st) {
      this.closeSegment();
      let kind: SkipKind = st.kind;
      if (st.kind === 'fence') {
        this.inFence = !this.inFence;
        kind = 'fence';
        this.segCommand = this.inFence ? this.segCommand : undefined;
      } else if (st.kind === 'prompt') {
        this.segCommand = st.command || undefined;
        this.awaitDate = isDateCommand(st.command);
      } else if (st.kind === 'header') {
        this.segFileName = st.fileName;
        this.segCommand = undefined;
      }
      this.sink.skipped(line, kind);
      return;
    }
    if (this.awaitDate && text.trim().length > 0) {
      // The paste's own clock, for the outputs after it; a capture time the user gave wins.
      this.awaitDate = false;
      const at = parseDateOutput(text);
      if (at !== null && this.opts.capturedAt === undefined) this.ctxBase.capturedAt = at;
    }
    if (text.length > MAX_LINE_CHARS) {
      // Kept by line range; never given to a regex (no parser should pay for a 10 MB line).
      if (this.parser === null) this.flushHead();
      this.extendSegment(line);
      this.sink.unparsed(
        line,
        `line of ${text.length} characters is longer than ${MAX_LINE_CHARS}: kept, not parsed`,
      );
      return;
    }
    if (this.parser) {
      this.extendSegment(line);
      this.parser.push(text, line);
      return;
    }
    this.head.push({ text, line });
    this.headChars += text.length;
    if (text.trim().length > 0) this.headNonBlank++;
    if (this.headNonBlank >= HEAD_LINES || this.headChars >= HEAD_MAX_CHARS) this.flushHead();
  }

  /** Chooses the segment's format from the buffered head and replays the head into its parser. */
  private flushHead(): void {
    const head = this.head;
    this.head = [];
    this.headChars = 0;
    this.headNonBlank = 0;
    if (head.length === 0) {
      this.startSegment(null, []);
      return;
    }
    this.startSegment(head[0].line, head);
  }

  private startSegment(firstLine: number | null, head: Pending[]): void {
    const lineStart = firstLine ?? this.splitter.lines;
    const override = this.opts.overrides?.[lineStart] ?? this.opts.forceFormat;
    const nonBlank = head.map((p) => p.text).filter((t) => t.trim().length > 0);
    const d = detectFormat(nonBlank, this.segFileName, this.segCommand);
    this.segCandidates = d.candidates;
    const format: FormatId = override ?? d.format;
    const confidence = override ? 1 : d.confidence;
    this.seg = { format, confidence, lineStart, lineEnd: lineStart };
    if (this.segCommand) this.seg.command = this.segCommand;
    if (override) this.seg.overridden = true;
    const ctx: ParseContext = { ...this.ctxBase, format };
    if (this.segCommand) ctx.command = this.segCommand;
    if (this.segFileName) ctx.fileName = this.segFileName;
    if (this.segFileName && this.segFileName !== this.opts.fileName) this.seg.fileName = this.segFileName;
    if (ctx.capturedAt !== undefined && ctx.capturedAt !== this.opts.capturedAt)
      this.seg.capturedAt = ctx.capturedAt;
    this.parser = openParser(ctx, this.sink);
    for (const p of head) {
      this.extendSegment(p.line);
      this.parser.push(p.text, p.line);
    }
  }

  private extendSegment(line: number): void {
    if (this.seg) this.seg.lineEnd = line;
  }

  private closeSegment(): void {
    if (!this.parser && this.head.length > 0) {
      if (this.head.every((p) => p.text.trim().length === 0)) {
        // Blank lines between two outputs: structure, not a segment of their own.
        for (const p of this.head) this.sink.skipped(p.line, 'blank');
        this.head = [];
        this.headChars = 0;
        this.headNonBlank = 0;
      } else {
        this.flushHead();
      }
    }
    if (this.parser) {
      this.parser.end();
      if (this.seg) this.sink.segment(this.seg, this.segCandidates);
    }
    this.parser = null;
    this.seg = null;
  }
}
