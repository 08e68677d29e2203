// Pretty-printed JSON objects read line by line, cut into lifecycle events (docker inspect,
// ctr containers info). Reference: FORMATS.md 5.3 (ctr: json.MarshalIndent, 4-space indent);
// docker/cli cli/command/inspect (json.MarshalIndent, 4 spaces, objects in an array); jq (2 spaces).
//
// The lifecycle partition: an object whose set time keys (`CreatedAt`, `UpdatedAt`; `Created`,
// `StartedAt`, `FinishedAt`; zero times `0001-01-01T00:00:00Z` are "not set") sit on different
// lines becomes one event per time key: the first covers the object's first line up to the line
// before the second time key, the next from there to the line before the third, the last to the
// object's closing line. Every line of the object is in exactly one event.
//
// Record-local (docs/parsers.md): the store rebuilds an event from its own lines. An event that
// starts mid-object (at a time key) is therefore read from its own lines only, by a reader that
// starts inside the object the time key belongs to (the schema says which: `State` for docker's
// `StartedAt`); the streaming parse reads every piece the same way, so both give the same event.
// A piece's fields are what its own lines say: the first piece of a docker container holds its
// Id and most of State, the last one its Name, HostConfig and Config.
//
// Each line is read on its own: `{`, `}`/`},`, `]`/`],`, `"key": {`, `"key": [`, `"key": <JSON
// value>`, `<JSON value>` in an array. A line that is none of these, or does not fit where it
// stands (a key in an array), ends the object as cut short: the lines read so far keep their
// events (minus a last line whose number value may be cut), the rest is unparsed. No value is
// ever read from a partial line. A whole object on one line (`docker inspect --format '{{json
// .State}}'`, `jq -c`) is one event.
import type { LogEvent } from '../model/event.ts';
import { parseIso } from '../util/time.ts';
import { isBlank } from './event-builder.ts';
import type { EventSink, LineParser, ParseContext } from './parser-api.ts';
import { isElision } from './table-common.ts';

/** One scalar (or empty object/array) of an object, with the keys of the objects around it. */
export interface Leaf {
  /** Keys of the enclosing objects below the record's root; `[]` for an array element. */
  path: readonly string[];
  /** The key, or `[]` for an array element. */
  key: string;
  value: unknown;
  line: number;
}

/** A lifecycle time key found in a piece. */
export interface PieceTime {
  key: string;
  value: string;
  micros: number;
}

/** The lines of one event: a whole object, or one lifecycle part of it. */
export interface Piece {
  line: number;
  lineEnd: number;
  leaves: Leaf[];
  /** The piece's first set time key, if any. */
  time: PieceTime | null;
  /** Objects on the same line beyond the first (a compact array), not read. */
  more: number;
}

export interface ObjectSchema {
  /** For reasons: `docker inspect`. */
  name: string;
  /** True when `key` at `path` is a lifecycle time key (it starts an event when set). */
  isTimeKey(path: readonly string[], key: string): boolean;
  /**
   * The path (keys below the root) of the object a time key belongs to, for reading a piece that
   * starts at it; null when this key never starts a piece.
   */
  fragmentPath(key: string): readonly string[] | null;
  /** The event of a piece, or why the piece is not this schema's object (its lines go unparsed). */
  build(ctx: ParseContext, piece: Piece): LogEvent | string;
  /** Lines around the JSON (a command echo, the tool's error lines). */
  other?(ctx: ParseContext, text: string, line: number): LogEvent | 'prompt' | null;
}

// `0001-01-01T00:00:00Z`: Go's zero time.Time, printed for "never started / not finished".
const ZERO_TIME_RE = /^0001-01-01T00:00:00(?:\.0+)?(?:Z|[+-]00:00)$/;

/** The time a time key's value sets: RFC 3339 with a zone, not Go's zero time. */
export function setTime(v: unknown): number | null {
  if (typeof v !== 'string' || ZERO_TIME_RE.test(v)) return null;
  const t = parseIso(v);
  return t?.zoned ? t.micros : null;
}

/** Adds the leaves of a parsed value under `path` (objects and arrays are walked). */
function walk(value: unknown, path: string[], key: string, line: number, out: Leaf[]): void {
  if (Array.isArray(value) && value.length > 0) {
    const p = [...path, key];
    for (const v of value) walk(v, p, '[]', line, out);
  } else if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
    const p = [...path, key];
    for (const [k, v] of Object.entries(value)) walk(v, p, k, line, out);
  } else {
    out.push({ path, key, value, line });
  }
}

interface Frame {
  key: string;
  arr: boolean;
}

type Step = { ok: true; leaves: Leaf[]; closed: boolean; unsafe: boolean } | { ok: false };

const FAIL: Step = { ok: false };

/** The end of a JSON string starting at `from` (its opening quote): index after the closing quote, or -1. */
function stringEnd(t: string, from: number): number {
  let i = from + 1;
  const n = t.length;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (c === 92) i += 2;
    else if (c === 34) return i + 1;
    else i++;
  }
  return -1;
}

function parseJson(s: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(s) };
  } catch {
    return { ok: false };
  }
}

/** Reads pretty-printed JSON one line at a time, keeping the keys of the objects it is in. */
class LineReader {
  private readonly stack: Frame[];
  /** The last line held a value with no comma after it: only a closing bracket may follow. */
  private needClose = false;

  constructor(path: readonly string[]) {
    this.stack = [{ key: '', arr: false }, ...path.map((key) => ({ key, arr: false }))];
  }

  private path(): string[] {
    const p: string[] = [];
    for (let i = 1; i < this.stack.length; i++) p.push(this.stack[i].key);
    return p;
  }

  step(text: string, line: number): Step {
    let t = text.trim();
    // Pretty printers never leave a blank line inside an object: it ends one cut short (and keeps
    // every piece free of blank lines, so a piece rebuilt alone ends where it ended here).
    if (t === '') return FAIL;
    const top = this.stack[this.stack.length - 1];
    if (t === '}' || t === '},' || t === ']' || t === '],') {
      if (top.arr !== (t[0] === ']')) return FAIL;
      this.stack.pop();
      this.needClose = t.length === 1;
      return { ok: true, leaves: [], closed: this.stack.length === 0, unsafe: false };
    }
    // A missing comma: the JSON is broken here.
    if (this.needClose) return FAIL;
    let key = '[]';
    if (!top.arr) {
      // `"SnapshotKey": "4f2c9b7e1d0a...",`
      if (t.charCodeAt(0) !== 34) return FAIL;
      const end = stringEnd(t, 0);
      if (end < 0) return FAIL;
      const k = parseJson(t.slice(0, end));
      if (!k.ok || typeof k.value !== 'string') return FAIL;
      key = k.value;
      t = t.slice(end).trimStart();
      if (t.charCodeAt(0) !== 58 /* : */) return FAIL;
      t = t.slice(1).trim();
    }
    const comma = t.endsWith(',');
    const v = comma ? t.slice(0, -1).trimEnd() : t;
    if (v === '{' || v === '[') {
      if (comma) return FAIL;
      this.stack.push({ key, arr: v === '[' });
      return { ok: true, leaves: [], closed: false, unsafe: false };
    }
    const parsed = parseJson(v);
    if (!parsed.ok) return FAIL;
    this.needClose = !comma;
    const leaves: Leaf[] = [];
    walk(parsed.value, this.path(), key, line, leaves);
    // A number without a comma after it may be a value cut off at the line's end (`"Pid": 50`).
    return { ok: true, leaves, closed: false, unsafe: !comma && typeof parsed.value === 'number' };
  }
}

/** An object (or a piece of one) being read. */
interface Rec {
  line: number;
  lines: string[];
  /** Where each line's reader stood; the path a fragment started at. */
  startPath: readonly string[];
  reader: LineReader;
  /** Line offsets (in `lines`) where a later piece starts. */
  splits: number[];
  timeSeen: boolean;
  /** Per line: a number value with no comma after it (it may be cut if nothing closes it). */
  unsafe: boolean[];
}

/** Brackets of a one-line JSON value balance (string-aware): the line holds a whole value. */
function balanced(t: string): boolean {
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 34) {
      const e = stringEnd(t, i);
      if (e < 0) return false;
      i = e - 1;
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0 && i !== t.length - 1) return false;
    }
  }
  return depth === 0;
}

export class JsonObjectsParser implements LineParser {
  private rec: Rec | null = null;
  private lastLine = 0;

  constructor(
    private readonly ctx: ParseContext,
    private readonly sink: EventSink,
    private readonly schema: ObjectSchema,
  ) {}

  push(text: string, line: number): void {
    // A line the ingest kept back (too long), or the store's rebuild jumping to a record: nothing spans it.
    if (line !== this.lastLine + 1 && this.rec) this.finish(false);
    this.lastLine = line;
    const rec = this.rec;
    if (rec) {
      const s = rec.reader.step(text, line);
      if (s.ok) {
        const at = rec.lines.length;
        rec.lines.push(text);
        rec.unsafe.push(s.unsafe);
        this.note(rec, at, s.leaves);
        if (s.closed) this.finish(true);
        return;
      }
      this.finish(false);
    }
    this.outside(text, line);
  }

  end(): void {
    if (this.rec) this.finish(false);
  }

  /** Records a split before line offset `at` when it holds a set time key (not the record's first). */
  private note(rec: Rec, at: number, leaves: readonly Leaf[]): void {
    for (const l of leaves) {
      if (!this.schema.isTimeKey(l.path, l.key) || setTime(l.value) === null) continue;
      if (rec.timeSeen && rec.splits[rec.splits.length - 1] !== at && at > 0) rec.splits.push(at);
      rec.timeSeen = true;
    }
  }

  private open(line: number, path: readonly string[]): Rec {
    const rec: Rec = {
      line,
      lines: [],
      startPath: path,
      reader: new LineReader(path),
      splits: [],
      timeSeen: false,
      unsafe: [],
    };
    this.rec = rec;
    return rec;
  }

  private outside(text: string, line: number): void {
    if (isBlank(text)) {
      this.sink.skipped(line, 'blank');
      return;
    }
    const t = text.trim();
    if (t === '{') {
      const rec = this.open(line, []);
      rec.lines.push(text);
      rec.unsafe.push(false);
      return;
    }
    // `[`, `]`, `[]` around the objects of `docker inspect`, and the comma of a compact stream.
    if (t === '[' || t === ']' || t === '],' || t === '[]' || t === ',') {
      this.sink.skipped(line, 'header');
      return;
    }
    const c = t.charCodeAt(0);
    if ((c === 123 || c === 91) && balanced(t.endsWith(',') ? t.slice(0, -1) : t)) {
      this.oneLine(t.endsWith(',') ? t.slice(0, -1) : t, line);
      return;
    }
    if (c === 34 && this.fragmentStart(text, line)) return;
    if (isElision(text)) {
      this.sink.skipped(line, 'comment');
      return;
    }
    const o = this.schema.other?.(this.ctx, text, line);
    if (o === 'prompt') {
      this.sink.skipped(line, 'prompt');
      return;
    }
    if (o) {
      this.sink.event(o);
      return;
    }
    this.sink.unparsed(line, `not part of a ${this.schema.name} JSON object`);
  }

  /** A set time key outside any object (a piece rebuilt alone, or a paste that starts mid-object). */
  private fragmentStart(text: string, line: number): boolean {
    const probe = new LineReader([]).step(text, line);
    if (!probe.ok || probe.leaves.length !== 1) return false;
    const leaf = probe.leaves[0];
    if (leaf.path.length !== 0 || setTime(leaf.value) === null) return false;
    const path = this.schema.fragmentPath(leaf.key);
    if (path === null) return false;
    const rec = this.open(line, path);
    const s = rec.reader.step(text, line);
    rec.lines.push(text);
    rec.unsafe.push(s.ok && s.unsafe);
    if (s.ok) this.note(rec, 0, s.leaves);
    return true;
  }

  /** A whole object on one line: one event. */
  private oneLine(t: string, line: number): void {
    const p = parseJson(t);
    let value = p.ok ? p.value : undefined;
    let more = 0;
    if (Array.isArray(value)) {
      more = Math.max(0, value.length - 1);
      value = value[0];
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.sink.unparsed(
        line,
        `${this.schema.name}: ${p.ok ? 'not a JSON object' : 'one-line JSON does not parse'}`,
      );
      return;
    }
    const leaves: Leaf[] = [];
    for (const [k, v] of Object.entries(value)) walk(v, [], k, line, leaves);
    // Of several set times on one line, the latest state change is what the line tells.
    let time: PieceTime | null = null;
    for (const l of leaves) {
      const micros = this.schema.isTimeKey(l.path, l.key) ? setTime(l.value) : null;
      if (micros !== null && (time === null || micros >= time.micros))
        time = { key: l.key, value: l.value as string, micros };
    }
    const e = this.schema.build(this.ctx, { line, lineEnd: line, leaves, time, more });
    if (typeof e === 'string') this.sink.unparsed(line, e);
    else this.sink.event(e);
  }

  /** Ends the open record: complete (its root closed) or cut short. */
  private finish(complete: boolean): void {
    const rec = this.rec;
    this.rec = null;
    if (!rec) return;
    let used = rec.lines.length;
    if (!complete) {
      // A last number without a comma may be cut (the reader lets only a closing bracket follow
      // such a line, so it can only be the last).
      if (used > 0 && rec.unsafe[used - 1]) used--;
    }
    const bounds = [0, ...rec.splits.filter((s) => s < used), used];
    const pieces: Piece[] = [];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const from = bounds[i];
      const to = bounds[i + 1];
      if (to <= from) continue;
      pieces.push(this.readPiece(rec, from, to));
    }
    const leafless = pieces.every((p) => p.leaves.length === 0);
    for (const p of pieces) {
      const e = leafless
        ? `${this.schema.name} JSON object without any value`
        : this.schema.build(this.ctx, p);
      if (typeof e === 'string') for (let l = p.line; l <= p.lineEnd; l++) this.sink.unparsed(l, e);
      else this.sink.event(e);
    }
    for (let k = used; k < rec.lines.length; k++) {
      this.sink.unparsed(
        rec.line + k,
        `${this.schema.name} JSON cut short: the value on this line may be incomplete`,
      );
    }
  }

  /**
   * The piece of `rec` from line offset `from` to before `to`, read from its own lines only: the
   * first piece from where the record started, a later one from inside the object its time key
   * belongs to (exactly what a rebuild of the piece alone reads).
   */
  private readPiece(rec: Rec, from: number, to: number): Piece {
    let path = rec.startPath;
    if (from > 0) {
      const probe = new LineReader([]).step(rec.lines[from], rec.line + from);
      const key = probe.ok && probe.leaves.length === 1 ? probe.leaves[0].key : '';
      path = this.schema.fragmentPath(key) ?? [];
    }
    const reader = new LineReader(path);
    const leaves: Leaf[] = [];
    // The record's first line is its `{`, which the reader of a whole object does not step over.
    const skipOpen = from === 0 && rec.lines[0].trim() === '{';
    for (let k = from; k < to; k++) {
      if (k === 0 && skipOpen) continue;
      const s = reader.step(rec.lines[k], rec.line + k);
      if (s.ok) leaves.push(...s.leaves);
    }
    let time: PieceTime | null = null;
    for (const l of leaves) {
      if (!this.schema.isTimeKey(l.path, l.key)) continue;
      const micros = setTime(l.value);
      if (micros !== null) {
        time = { key: l.key, value: l.value as string, micros };
        break;
      }
    }
    return { line: rec.line + from, lineEnd: rec.line + to - 1, leaves, time, more: 0 };
  }
}
