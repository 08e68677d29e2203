// Streaming the JSON documents crictl prints (`crictl inspect`, `crictl inspectp`): one object,
// several objects one after another (`crictl inspect id1 id2` before v1.31), or an array (v1.31+,
// `[`, `  {`, `  },`, `]`). Reference: FORMATS.md 4.6, 4.7; cri-tools cmd/crictl/util.go
// `outputStatusData` (json.Marshal of the map, then json.Indent with two spaces).
//
// Lines are streamed: a brace counter that knows strings and escapes finds each top-level
// object's line range, which is then given to JSON.parse. Lone `[` / `]` / `,` lines are skipped as
// 'header'. A subclass turns each parsed value into events (`onValue`) and reads the lines that are
// not JSON (`other`: `-o table` blocks, a command echo, crictl's own log lines).
//
// Cut-short JSON (a paste or a retrieval that stopped mid-object): the object is closed by
// appending the missing brackets to its complete lines and parsed again; the value is then marked
// truncated and holds only what was printed. A last line that may itself be cut (a number or word
// without a trailing comma, an open string) is dropped and reported as unparsed, so a value is
// never read from a partial line. An author's elision (`...`) is removed, and a scalar garbled in
// the paste (`"cpu_quota":20 o00`) is kept as its raw text and named in `damaged`; an object that
// still does not parse is reported line by line as unparsed, with the JSON error.
import { handleCrictlCliLine } from './crictl-shared.ts';
import { isBlank } from './event-builder.ts';
import type { EventSink, LineParser, ParseContext } from './parser-api.ts';

// ---------------------------------------------------------------------------------------------
// Reading a parsed value

export type Json = Record<string, unknown>;

export function obj(v: unknown): Json | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

// `"2147483648"`: an int64 that protojson / Go printed as a decimal string
const INT_TEXT_RE = /^-?\d{1,16}$/;

/** A JSON number, or an int64 that protojson / Go printed as a decimal string (`"2147483648"`). */
export function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && INT_TEXT_RE.test(v)) return Number(v);
  return undefined;
}

export function path(v: unknown, ...keys: string[]): unknown {
  let cur = v;
  for (const k of keys) {
    const o = obj(cur);
    if (!o) return undefined;
    cur = o[k];
  }
  return cur;
}

// ---------------------------------------------------------------------------------------------
// Streaming

/** One top-level object being read; `lines` hold its text per line (first from its `{`). */
export interface JsonObject {
  line: number;
  /** Indentation of the line holding its `{`. */
  indent: number;
  /** True when its `{` stood alone on its line (pretty-printed output). */
  pretty: boolean;
  lines: string[];
  depth: number;
  inString: boolean;
  escape: boolean;
  /** Indentation of the last line read (a guess for the next one, see closeOf). */
  skip: number;
  /**
   * Index in `lines` of the first line not yet run through the bracket counter, or -1 (see
   * `JsonObjectStream.push`: the lines of a pretty-printed object wait for its closing line).
   */
  deferFrom: number;
  /** A speculative parse failed: every further line is counted as it comes. */
  noSpec: boolean;
  /** The parsed value when the object was closed by a speculative parse (`parsed` is then set). */
  hasParsed: boolean;
  parsed: unknown;
}

/**
 * Runs the object's string-aware bracket counter over `text` from `from`: the index just after the
 * bracket that closes the object, or -1 when the line ends first (the state then carries over).
 * Strings are crossed with indexOf (a JSON line is mostly string); a quote closes a string when
 * the backslashes right before it are even in number, which is what a char-by-char scan with an
 * escape flag decides too (a backslash escapes the next character, wherever it is).
 */
/** Runs of spaces, for skipping indentation (`PADS[k]` is k spaces). */
export const PADS = Array.from({ length: 65 }, (_, k) => ' '.repeat(k));

export function closeOf(o: JsonObject, text: string, from: number): number {
  const n = text.length;
  let i = from;
  let depth = o.depth;
  let inString = o.inString;
  if (i === 0 && !inString) {
    // Leading spaces are not structure: skip them, checked natively against the indentation of
    // the line before (or 2 less, a closing line), instead of comparing them one by one.
    let g = o.skip;
    if (g > 0 && !text.startsWith(PADS[g])) g = g >= 2 && text.startsWith(PADS[g - 2]) ? g - 2 : 0;
    while (g < n && text.charCodeAt(g) === 32) g++;
    o.skip = g < PADS.length ? g : PADS.length - 1;
    i = g;
  }
  if (inString && o.escape && i < n) {
    // The line before ended on an escaping backslash: this line's first character is escaped.
    o.escape = false;
    i++;
  }
  while (i < n) {
    if (inString) {
      const q = text.indexOf('"', i);
      let k = q < 0 ? n : q;
      const runEnd = k;
      while (k > i && text.charCodeAt(k - 1) === 92) k--;
      const odd = ((runEnd - k) & 1) === 1;
      if (q < 0) {
        // The string goes on past the line end; an odd run of backslashes there escapes what follows.
        o.escape = odd;
        break;
      }
      // An odd run escapes this quote: still inside the string, after it.
      if (!odd) inString = false;
      i = q + 1;
      continue;
    }
    const c = text.charCodeAt(i);
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) {
        o.depth = 0;
        o.inString = false;
        return i + 1;
      }
    }
    i++;
  }
  o.depth = depth;
  o.inString = inString;
  return -1;
}

/** Consecutive lines owned by one object (or by several, when objects share a line). */
interface JsonRecord {
  line: number;
  lineEnd: number;
  done: JsonObject[];
  open: JsonObject | null;
}

export function indentOf(text: string): number {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i;
}

export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Text without trailing white space and commas (a loop: a regex here would be quadratic). */
function trimTrailingCommas(s: string): string {
  let e = s.length;
  while (e > 0 && (isSpace(s.charCodeAt(e - 1)) || s.charCodeAt(e - 1) === 44)) e--;
  return s.slice(0, e);
}

/** The brackets still open at the end of `s` (string-aware), or null when it ends inside a string. */
function openBrackets(s: string): string | null {
  const stack: number[] = [];
  let inString = false;
  let afterBackslash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inString) {
      if (afterBackslash) afterBackslash = false;
      else if (c === 92) afterBackslash = true;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) stack.push(c);
    else if (c === 125 || c === 93) stack.pop();
  }
  if (inString) return null;
  let closers = '';
  for (let i = stack.length - 1; i >= 0; i--) closers += stack[i] === 123 ? '}' : ']';
  return closers;
}

// Last characters of a line that cannot be a cut value: a comma, an opening or closing bracket,
// or a closing quote (an open string is caught by openBrackets).
const SAFE_LINE_END = new Set([44, 123, 91, 125, 93, 34]);

/**
 * Closes a cut-short object from its complete lines. Tries the lines as they are, then without
 * the last one or two (which may be cut mid-value); returns the value and how many lines it used.
 */
export function recover(lines: readonly string[]): { value: unknown; used: number } | null {
  for (let drop = 0; drop <= 2 && lines.length - drop >= 1; drop++) {
    const used = lines.length - drop;
    const body = trimTrailingCommas(lines.slice(0, used).join('\n'));
    if (!SAFE_LINE_END.has(body.charCodeAt(body.length - 1))) continue;
    const closers = openBrackets(body);
    if (closers === null || closers === '') continue;
    try {
      return { value: JSON.parse(body + closers), used };
    } catch {
      // try with fewer lines
    }
  }
  return null;
}

// An author's elision inside pasted JSON: `...`, `…`, `[...]`, `// ...`
const ELISION_RE = /^\s*(?:\.{3,}|…|\[\.{3}\]|\/\/.*|#.*)\s*$/;

/** Removes commas that stand right before a `}` or `]` (string-aware). */
function dropDanglingCommas(s: string): string {
  let out = '';
  let inString = false;
  let afterBackslash = false;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inString) {
      if (afterBackslash) afterBackslash = false;
      else if (c === 92) afterBackslash = true;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 44) {
      let j = i + 1;
      while (j < s.length && isSpace(s.charCodeAt(j))) j++;
      const n = s.charCodeAt(j);
      if (n === 125 || n === 93) {
        out += s.slice(from, i);
        from = i + 1;
      }
    }
  }
  return out + s.slice(from);
}

export type Parsed =
  | { ok: true; value: unknown; elided: boolean; damaged?: string[] }
  | { ok: false; error: string };

export function parseObject(lines: readonly string[]): Parsed {
  const text = lines.join('\n');
  try {
    return { ok: true, value: JSON.parse(text), elided: false };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    const kept = lines.filter((l) => !ELISION_RE.test(l));
    if (kept.length < lines.length) {
      try {
        return { ok: true, value: JSON.parse(dropDanglingCommas(kept.join('\n'))), elided: true };
      } catch {
        // fall through to the original error, which points at the real problem
      }
    }
    const lenient = lenientParse(text);
    if (lenient) return { ok: true, value: lenient.value, elided: false, damaged: lenient.damaged };
    return { ok: false, error };
  }
}

/**
 * JSON.parse for an object whose structure is sound but whose scalars may be garbled by the paste
 * (`"cpu_quota":20 o00`, corpus containerd-10636): a value that is not a string, object or array
 * is read up to the next `,` `}` `]` and, when it is not a JSON literal, kept as its raw text and
 * named in `damaged` (`Resources.linux.cpu_quota=20 o00`). Null when anything else is wrong, or
 * more than three values are damaged (then it is not a typo but not JSON).
 */
function lenientParse(text: string): { value: unknown; damaged: string[] } | null {
  const n = text.length;
  const damaged: string[] = [];
  let i = 0;
  const ws = () => {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
  };
  const stringToken = (): string | null => {
    const start = i;
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 92) i += 2;
      else if (c === 34) {
        i++;
        try {
          return JSON.parse(text.slice(start, i)) as string;
        } catch {
          return null;
        }
      } else i++;
    }
    return null;
  };
  const value = (where: string, depth: number): { v: unknown } | null => {
    if (depth > 64) return null;
    ws();
    const c = text.charCodeAt(i);
    if (c === 123 /* { */) {
      i++;
      const o: Json = {};
      ws();
      if (text.charCodeAt(i) === 125) {
        i++;
        return { v: o };
      }
      for (;;) {
        ws();
        if (text.charCodeAt(i) !== 34) return null;
        const key = stringToken();
        if (key === null) return null;
        ws();
        if (text.charCodeAt(i) !== 58 /* : */) return null;
        i++;
        const v = value(where ? `${where}.${key}` : key, depth + 1);
        if (!v) return null;
        o[key] = v.v;
        ws();
        const d = text.charCodeAt(i++);
        if (d === 125) return { v: o };
        if (d !== 44) return null;
      }
    }
    if (c === 91 /* [ */) {
      i++;
      const a: unknown[] = [];
      ws();
      if (text.charCodeAt(i) === 93) {
        i++;
        return { v: a };
      }
      for (;;) {
        const v = value(`${where}[]`, depth + 1);
        if (!v) return null;
        a.push(v.v);
        ws();
        const d = text.charCodeAt(i++);
        if (d === 93) return { v: a };
        if (d !== 44) return null;
      }
    }
    if (c === 34) {
      const s = stringToken();
      return s === null ? null : { v: s };
    }
    const start = i;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d === 44 || d === 125 || d === 93) break;
      // A quote or an opening bracket inside a scalar is broken structure, not a garbled value.
      if (d === 34 || d === 123 || d === 91) return null;
      i++;
    }
    const raw = text.slice(start, i).trim();
    if (raw === '') return null;
    try {
      return { v: JSON.parse(raw) };
    } catch {
      damaged.push(`${where}=${raw}`);
      return { v: raw };
    }
  };
  const top = value('', 0);
  ws();
  if (!top || i < n || damaged.length === 0 || damaged.length > 3) return null;
  return { value: top.v, damaged };
}

/**
 * The index in `lines` of each of `wanted` keys of the object at `prefix` (keys from the top
 * object down: `['status']`, or `[]` for the top object itself), read with a string-aware scan
 * of the object's lines (a key's own line, wherever it sits). Keys of nested objects with the same
 * name are not taken.
 */
export function keyLines(
  lines: readonly string[],
  prefix: readonly string[],
  wanted: ReadonlySet<string>,
): Map<string, number> {
  const found = new Map<string, number>();
  // One frame per open bracket: its key (the key it is the value of), whether an object, whether
  // a key is expected next, and whether it is the object `prefix` names.
  const keys: string[] = [];
  const isObject: boolean[] = [];
  const target: boolean[] = [];
  let expectKey = false;
  let lastKey = '';
  for (let li = 0; li < lines.length; li++) {
    const text = lines[li];
    const n = text.length;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        // A string: a key when the innermost frame is an object and a key is expected.
        let j = i + 1;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d === 92) j += 2;
          else if (d === 34) break;
          else j++;
        }
        const top = isObject.length - 1;
        if (top >= 0 && isObject[top] && expectKey) {
          lastKey = text.slice(i + 1, Math.min(j, n));
          expectKey = false;
          if (target[top] && wanted.has(lastKey) && !found.has(lastKey)) found.set(lastKey, li);
        }
        i = j + 1;
        continue;
      }
      if (c === 123 || c === 91) {
        const depth = keys.length;
        const key = depth === 0 ? '' : isObject[depth - 1] ? lastKey : '[]';
        keys.push(key);
        isObject.push(c === 123);
        // Frames 1..prefix.length must carry the prefix keys; the frame at prefix.length is the target.
        let t = c === 123 && depth === prefix.length;
        for (let k = 0; t && k < prefix.length; k++) if (keys[k + 1] !== prefix[k]) t = false;
        target.push(t);
        expectKey = c === 123;
      } else if (c === 125 || c === 93) {
        keys.pop();
        isObject.pop();
        target.pop();
        expectKey = false;
      } else if (c === 44 /* , */) {
        expectKey = isObject.length > 0 && isObject[isObject.length - 1];
      }
      i++;
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// The line parser

/** What the stream knows about a parsed value besides the value itself. */
export interface JsonValueInfo {
  /** First line of the record: the line the first object starts on. */
  line: number;
  /** Last line the value was read from (before `recordEnd` when a cut-short tail was dropped). */
  lineEnd: number;
  /** Last line of the record. */
  recordEnd: number;
  /** The first object's text per line, from its `{` (index 0 is `line`), through `lineEnd`. */
  lines: readonly string[];
  /** The object was cut short and closed by appending brackets. */
  truncated: boolean;
  /** An author's elision (`...`) was removed. */
  elided: boolean;
  /** Scalars kept as raw text (`path=raw`), see lenientParse. */
  damaged: readonly string[];
  /** Objects sharing these lines (compact output, `}{`): only the first is read. */
  objects: number;
}

export abstract class JsonObjectStream implements LineParser {
  private rec: JsonRecord | null = null;
  private lastLine = 0;

  constructor(
    protected readonly ctx: ParseContext,
    protected readonly sink: EventSink,
    /** `crictl inspect`: names the output in unparsed reasons. */
    private readonly label: string,
  ) {}

  /** Emits the events of one parsed value; returns why it is not one of ours (`is a ...`), or null. */
  protected abstract onValue(value: unknown, info: JsonValueInfo): string | null;

  /** An open `-o table` block takes the line: true, or false when there is none or it ended (flushed). */
  protected blockPush(_text: string, _line: number): boolean {
    return false;
  }

  /** Flushes the open block, if any. */
  protected blockEnd(): void {}

  /** A line outside JSON that no block took: a command echo, crictl's own log lines, else unparsed. */
  protected other(text: string, line: number): void {
    if (handleCrictlCliLine(this.ctx, this.sink, text, line)) return;
    this.sink.unparsed(line, `not part of a ${this.label} JSON object`);
  }

  push(text: string, line: number): void {
    if (line !== this.lastLine + 1) {
      // A line the ingest kept back (over-long) sits between: nothing may span it.
      if (this.rec?.open) this.catchUp(this.rec);
      if (this.rec) this.finishRecord('a line that was not read (too long) follows');
      this.blockEnd();
    }
    this.lastLine = line;
    if (this.blockPush(text, line)) return;
    const rec = this.rec;
    if (rec?.open) {
      const o = rec.open;
      if (!this.startsSomethingElse(text, o)) {
        if (o.pretty && !o.noSpec && o.indent < PADS.length) {
          // A pretty-printed object (json.Indent) closes on a line holding `}` at its own
          // indentation. Lines before that are only kept, not counted: at the closing line one
          // JSON.parse of the object (needed anyway) proves that the counter would have closed
          // it exactly there, since in valid JSON the outer brace closes last. When it does not
          // parse, the kept lines are counted after all (catchUp) and everything goes on as if
          // they had been counted as they came.
          const k = o.indent;
          if (text.charCodeAt(k) !== 125 || (k > 0 && !text.startsWith(PADS[k]))) {
            if (o.deferFrom < 0) o.deferFrom = o.lines.length;
            o.lines.push(text);
            rec.lineEnd = line;
            return;
          }
          const head = text.slice(0, k + 1);
          try {
            o.parsed = JSON.parse(`${o.lines.join('\n')}\n${head}`);
            o.hasParsed = true;
          } catch {
            o.noSpec = true;
          }
          if (o.hasParsed) {
            o.lines.push(head);
            o.deferFrom = -1;
            o.depth = 0;
            rec.done.push(o);
            rec.open = null;
            rec.lineEnd = line;
            this.scan(text, k + 1, rec);
            if (!rec.open) this.finishRecord();
            return;
          }
          if (!this.catchUp(rec)) {
            this.lastLine = line - 1;
            this.push(text, line);
            return;
          }
        }
        rec.lineEnd = line;
        this.scan(text, 0, rec);
        if (!rec.open) this.finishRecord();
        return;
      }
      if (!this.catchUp(rec)) {
        this.lastLine = line - 1;
        this.push(text, line);
        return;
      }
      this.finishRecord('what follows is not JSON');
    }
    if (isBlank(text)) {
      this.sink.skipped(line, 'blank');
      return;
    }
    const first = text.charCodeAt(indentOf(text));
    if (first === 123 || first === 91 || first === 93 || first === 44) {
      const r: JsonRecord = { line, lineEnd: line, done: [], open: null };
      if (this.scan(text, 0, r)) {
        if (r.done.length === 0 && !r.open) {
          this.sink.skipped(line, 'header'); // `[`, `]`, `,` between objects
          return;
        }
        this.rec = r;
        if (!r.open) this.finishRecord();
        return;
      }
      if (r.done.length > 0 || r.open) {
        // Text after an object on its last line: the object is still whole; keep the line with it.
        this.rec = r;
        if (!r.open) this.finishRecord();
        return;
      }
    }
    this.other(text, line);
  }

  /**
   * Counts the lines an open object kept without counting (see push), as push would have as they
   * came. False when the object closed on one of them: the record is then finished and the lines
   * after that one are pushed again (the caller pushes its own line again too).
   */
  private catchUp(rec: JsonRecord): boolean {
    const o = rec.open;
    if (!o || o.deferFrom < 0) return true;
    const first = o.line + o.deferFrom;
    const kept = o.lines.splice(o.deferFrom);
    o.deferFrom = -1;
    for (let j = 0; j < kept.length; j++) {
      rec.lineEnd = first + j;
      this.scan(kept[j], 0, rec);
      if (rec.open !== o) {
        if (!rec.open) this.finishRecord();
        for (let k = j + 1; k < kept.length; k++) {
          this.lastLine = first + k - 1;
          this.push(kept[k], first + k);
        }
        return false;
      }
    }
    return true;
  }

  /**
   * Feeds one line to the brace counter. Returns false when a character outside any object is
   * not JSON structure (`[`, `]`, `,`, white space); the rest of the line is then ignored.
   */
  private scan(text: string, from: number, rec: JsonRecord): boolean {
    let i = from;
    const n = text.length;
    while (i < n) {
      const o = rec.open;
      if (o) {
        // The object's first line is kept from its `{`; later lines whole.
        const start = o.lines.length === 0 ? i : 0;
        const end = closeOf(o, text, i);
        if (end < 0) {
          o.lines.push(start === 0 ? text : text.slice(start));
          return true;
        }
        o.lines.push(text.slice(start, end));
        i = end;
        rec.done.push(o);
        rec.open = null;
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === 123) {
        rec.open = {
          line: rec.lineEnd,
          indent: indentOf(text),
          pretty: text.trim() === '{',
          lines: [],
          depth: 0,
          inString: false,
          escape: false,
          skip: 0,
          deferFrom: -1,
          noSpec: false,
          hasParsed: false,
          parsed: undefined,
        };
      } else if (isSpace(c) || c === 44 || c === 91 || c === 93) i++;
      else return false;
    }
    return true;
  }

  /**
   * Inside a pretty-printed object every line is indented or closes something. A line at the left
   * edge (a command echo, crictl's FATA line, a `-o table` block) or a new `{` no deeper than the
   * open object's own means the object was cut short and something else began.
   */
  private startsSomethingElse(text: string, o: JsonObject): boolean {
    if (!o.pretty) return false;
    const c = text.charCodeAt(0);
    if (c === 32 || c === 9) {
      // Indented: only a `{` alone on its line ends the object, so a line whose last character is
      // printable and not `{` does not (the common case: no walk over the indentation).
      const last = text.charCodeAt(text.length - 1);
      if (last !== 123 && last > 32 && last < 127) return false;
      const ind = indentOf(text);
      return text.charCodeAt(ind) === 123 && ind <= o.indent && text.trim() === '{';
    }
    if (c === 123) return text.trim() === '{'; // indentation 0, never deeper than the object's
    if (Number.isNaN(c)) return false;
    return c !== 125 && c !== 93 && c !== 34 && c !== 91 && c !== 44;
  }

  /** Emits the record's events; `cutReason` when its last object never closed. */
  private finishRecord(cutReason?: string): void {
    const rec = this.rec;
    this.rec = null;
    if (!rec) return;
    const all = rec.open ? [...rec.done, rec.open] : rec.done;
    let lineEnd = rec.lineEnd;
    let value: unknown;
    let lines: readonly string[] = [];
    let elided = false;
    let truncated = false;
    let damaged: readonly string[] = [];
    let failure: string | undefined;
    const firstDone = rec.done[0];
    if (firstDone) {
      const p: Parsed = firstDone.hasParsed
        ? { ok: true, value: firstDone.parsed, elided: false }
        : parseObject(firstDone.lines);
      if (p.ok) {
        value = p.value;
        lines = firstDone.lines;
        elided = p.elided;
        damaged = p.damaged ?? [];
      } else failure = `does not parse: ${p.error}`;
    } else if (rec.open) {
      const r = recover(rec.open.lines);
      if (r) {
        value = r.value;
        lines = rec.open.lines.slice(0, r.used);
        truncated = true;
        lineEnd = rec.open.line + r.used - 1;
      } else {
        failure = `is cut short (no closing brace${cutReason ? `; ${cutReason}` : ''}) and could not be closed`;
      }
    }
    const range = `lines ${rec.line}-${rec.lineEnd}`;
    if (value !== undefined) {
      const info: JsonValueInfo = {
        line: rec.line,
        lineEnd,
        recordEnd: rec.lineEnd,
        lines,
        truncated,
        elided,
        damaged,
        objects: all.length,
      };
      const notOurs = this.onValue(value, info);
      if (notOurs === null) {
        for (let l = lineEnd + 1; l <= rec.lineEnd; l++) {
          this.sink.unparsed(l, `cut-short line after the last complete line of a ${this.label} JSON object`);
        }
        return;
      }
      failure = `is ${notOurs}`;
    }
    const reason = `${this.label} JSON object at ${range} ${failure ?? 'is empty'}`;
    for (let l = rec.line; l <= rec.lineEnd; l++) this.sink.unparsed(l, reason);
  }

  end(): void {
    if (this.rec?.open) this.catchUp(this.rec);
    this.blockEnd();
    if (this.rec) this.finishRecord('the input ends');
  }
}
