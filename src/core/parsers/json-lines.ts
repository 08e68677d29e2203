// JSON read line by line: the one module every parser of JSON output uses (crictl inspect /
// inspectp / ps -o json, docker inspect, ctr containers info, journalctl -o json-pretty,
// dmesg --json, kubectl get -o json). FORMATS.md 1.6: "a streaming JSON splitter that finds
// consecutive top-level objects (brace depth counting that respects strings)".
//
// - JsonDepth counts `{` / `[` against `}` / `]` outside strings, carrying its state from one line
//   to the next, so the line that closes an object is known without parsing anything; the closed
//   object's lines then go to JSON.parse once.
// - closeCut: an object cut short (a paste or a pager that stopped mid-object) is closed by
//   appending the missing brackets to its complete lines. A last line that may itself be cut (a
//   number or word without its comma, an open string) is left out, so a value is never read from
//   a partial line; the caller reports the lines left out as unparsed.
// - parseObject: JSON.parse that also repairs an author's elision (`...`) and keeps a scalar
//   garbled in a paste as its raw text.
// - keyLines: the line each key of an object is printed on, so one object can be cut into
//   lifecycle events (lifecycleParts: created / started / exited, each over its own lines, each
//   carrying the whole object and `record`, the object's line range the store rebuilds it from).
// - Line parsers on top: JsonObjectStream (records of objects, lone `[` `]` `,` lines as headers,
//   cut-short and elided objects; crictl inspect / inspectp through crictl-shared.ts
//   CrictlInspectStream), LifecycleJsonStream (a JsonObjectStream whose objects are cut into
//   lifecycle events; docker inspect, ctr containers info) and OpenObjectParser (one object per
//   record, blank lines and wrapped string lines inside it; journalctl -o json-pretty, dmesg
//   --json). crictl ps -o json (list wrappers; JsonDepth, recordValue) and kubectl get pods -o json
//   (tables around it; JsonDepth) keep their own loops.
import type { EntityRef, FieldValue, LogEvent, Severity } from '../model/event.ts';
import { parseIso } from '../util/time.ts';
import { isBlank, makeEvent } from './event-builder.ts';
import type { EventSink, LineParser, ParseContext } from './parser-api.ts';
import { cliErrorEvent, echoedCommand, isElision } from './table-common.ts';

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

/** One scalar (or empty object/array) of a parsed value, with the keys of the objects around it. */
export interface Leaf {
  /** Keys of the enclosing objects below the top object; `[]` for an array element. */
  path: readonly string[];
  /** The key, or `[]` for an array element. */
  key: string;
  value: unknown;
}

/** The leaves of a parsed object, in the order its keys were printed. */
export function leavesOf(top: Json): Leaf[] {
  const out: Leaf[] = [];
  const walk = (value: unknown, p: string[], key: string): void => {
    if (Array.isArray(value) && value.length > 0) {
      const inner = [...p, key];
      for (const v of value) walk(v, inner, '[]');
    } else if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
      const inner = [...p, key];
      for (const [k, v] of Object.entries(value)) walk(v, inner, k);
    } else {
      out.push({ path: p, key, value });
    }
  };
  for (const [k, v] of Object.entries(top)) walk(v, [], k);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Characters

export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

export function indentOf(text: string): number {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i;
}

/** The first non-space character of `text` at or after `from`, as a char code (NaN at the end). */
export function firstNonSpace(text: string, from = 0): number {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return text.charCodeAt(i);
}

/** True when `text` from `from` holds only white space, commas and closing `]` (array punctuation). */
export function onlyPunctuation(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!(isSpace(c) || c === 44 || c === 93)) return false;
  }
  return true;
}

/** Runs of spaces, for skipping indentation (`PADS[k]` is k spaces). */
const PADS = Array.from({ length: 65 }, (_, k) => ' '.repeat(k));

// ---------------------------------------------------------------------------------------------
// Bracket depth

/** String-aware bracket depth, fed a line at a time. */
export class JsonDepth {
  depth = 0;
  inString = false;
  /** The last line ended inside a string on an escaping backslash. */
  private escape = false;
  /** Indentation of the last line read (a guess for the next one). */
  private skip = 0;

  /**
   * Counts `text` from `from`: the index just after the bracket that brings the depth back to 0
   * (the object is closed), or -1 when the line ends first (the state carries over). Strings are
   * crossed with indexOf (a JSON line is mostly string): a quote ends a string when the
   * backslashes right before it are even in number, which is what a char-by-char scan with an
   * escape flag decides too (a backslash escapes the next character, wherever it is).
   */
  scan(text: string, from: number): number {
    const n = text.length;
    let i = from;
    let depth = this.depth;
    let inString = this.inString;
    if (i === 0 && !inString) {
      // Leading spaces are not structure: skip them, checked natively against the indentation of
      // the line before (or 2 less, a closing line), instead of comparing them one by one.
      let g = this.skip;
      if (g > 0 && !text.startsWith(PADS[g])) g = g >= 2 && text.startsWith(PADS[g - 2]) ? g - 2 : 0;
      while (g < n && text.charCodeAt(g) === 32) g++;
      this.skip = g < PADS.length ? g : PADS.length - 1;
      i = g;
    }
    if (inString && this.escape && i < n) {
      // The line before ended on an escaping backslash: this line's first character is escaped.
      this.escape = false;
      i++;
    }
    while (i < n) {
      if (inString) {
        const q = text.indexOf('"', i);
        const stop = q < 0 ? n : q;
        let k = stop;
        while (k > i && text.charCodeAt(k - 1) === 92 /* \ */) k--;
        const odd = ((stop - k) & 1) === 1;
        if (q < 0) {
          // The string goes on past the line end; an odd run of backslashes there escapes what follows.
          this.escape = odd;
          break;
        }
        // An odd run escapes this quote: still inside the string, after it.
        if (!odd) inString = false;
        i = q + 1;
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === 34 /* " */) inString = true;
      else if (c === 123 /* { */ || c === 91 /* [ */) depth++;
      else if (c === 125 /* } */ || c === 93 /* ] */) {
        depth--;
        if (depth <= 0) {
          this.depth = 0;
          this.inString = false;
          this.escape = false;
          return i + 1;
        }
      }
      i++;
    }
    this.depth = depth;
    this.inString = inString;
    return -1;
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing an object's lines

/** Text without trailing white space and commas (a loop: a regex here would be quadratic). */
function trimTrailingCommas(s: string): string {
  let e = s.length;
  while (e > 0 && (isSpace(s.charCodeAt(e - 1)) || s.charCodeAt(e - 1) === 44)) e--;
  return s.slice(0, e);
}

/**
 * Calls `visit` with each character of `s` that stands outside strings (quotes excluded), and its
 * index; true when `s` ends inside a string.
 */
function outsideStrings(s: string, visit: (c: number, i: number) => void): boolean {
  let inString = false;
  let afterBackslash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inString) {
      if (afterBackslash) afterBackslash = false;
      else if (c === 92) afterBackslash = true;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else visit(c, i);
  }
  return inString;
}

/** The brackets that close what is open at the end of `s` (string-aware), or null inside a string. */
function closers(s: string): string | null {
  const stack: number[] = [];
  const inString = outsideStrings(s, (c) => {
    if (c === 123 || c === 91) stack.push(c);
    else if (c === 125 || c === 93) stack.pop();
  });
  if (inString) return null;
  let out = '';
  for (let i = stack.length - 1; i >= 0; i--) out += stack[i] === 123 ? '}' : ']';
  return out;
}

// Last characters of a complete line inside an object: a comma, a bracket, or a closing quote (an
// open string is caught by `closers`). A digit or a letter may be a number or `null` cut short.
const SAFE_END = new Set([44, 123, 91, 125, 93, 34]);

/**
 * Closes a cut-short object from its complete lines (`parts`, after `prefix`): the parts as they
 * are, then without the last one or two (which may be cut mid-value); the value and how many
 * parts it used, or null. The result depends only on the object's own lines, so a re-parse of the
 * parts used alone (which ends cut short in the same way) gives the same value.
 */
export function closeCut(parts: readonly string[], prefix = ''): { value: unknown; used: number } | null {
  for (let drop = 0; drop <= 2 && parts.length - drop >= 1; drop++) {
    const used = parts.length - drop;
    const body = trimTrailingCommas(prefix + parts.slice(0, used).join('\n'));
    if (!SAFE_END.has(body.charCodeAt(body.length - 1))) continue;
    const close = closers(body);
    if (close === null || close === '') continue;
    try {
      return { value: JSON.parse(body + close), used };
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
  let from = 0;
  outsideStrings(s, (c, i) => {
    if (c !== 44) return;
    let j = i + 1;
    while (j < s.length && isSpace(s.charCodeAt(j))) j++;
    const n = s.charCodeAt(j);
    if (n === 125 || n === 93) {
      out += s.slice(from, i);
      from = i + 1;
    }
  });
  return out + s.slice(from);
}

export type Parsed =
  | { ok: true; value: unknown; elided: boolean; damaged?: string[] }
  | { ok: false; error: string };

/** JSON.parse of an object's lines, repairing an author's elision and keeping garbled scalars. */
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

/** The value of a record's objects: its first closed one, else its open one closed (closeCut). */
export type RecordValue =
  | {
      ok: true;
      value: unknown;
      /** Lines of the object read, from its `{`. */
      lines: readonly string[];
      /** The object was cut short and closed by appending brackets. */
      truncated: boolean;
      elided: boolean;
      damaged: readonly string[];
    }
  | { ok: false; failure: string };

/**
 * Reads a record: the first of its closed objects (`done`, each its lines from its `{`), or, when
 * none closed, the open one (`open`) closed from its complete lines; `cutReason` says why it is cut.
 */
export function recordValue(
  done: readonly (readonly string[])[],
  open: readonly string[] | null,
  cutReason?: string,
): RecordValue {
  const first = done[0];
  if (first) {
    const p = parseObject(first);
    if (!p.ok) return { ok: false, failure: `does not parse: ${p.error}` };
    return {
      ok: true,
      value: p.value,
      lines: first,
      truncated: false,
      elided: p.elided,
      damaged: p.damaged ?? [],
    };
  }
  if (open) {
    const r = closeCut(open);
    if (r) {
      return {
        ok: true,
        value: r.value,
        lines: open.slice(0, r.used),
        truncated: true,
        elided: false,
        damaged: [],
      };
    }
    return {
      ok: false,
      failure: `is cut short (no closing brace${cutReason ? `; ${cutReason}` : ''}) and could not be closed`,
    };
  }
  return { ok: false, failure: 'is empty' };
}

// ---------------------------------------------------------------------------------------------
// Where keys are printed, and lifecycle events

/** True when the `"` at `q` is escaped: an odd run of backslashes right before it. */
function escapedQuote(text: string, q: number): boolean {
  let k = q;
  while (text.charCodeAt(k - 1) === 92 /* \ */) k--;
  return ((q - k) & 1) === 1;
}

/**
 * The index in `lines` of each of `wanted` keys of the object at `prefix` (keys from the top
 * object down: `['status']`, or `[]` for the top object itself), read with a string-aware scan
 * of the object's lines (a key's own line, wherever it sits). Keys of nested objects with the same
 * name are not taken. Each line is read on its own (a string does not go on past its line end).
 *
 * Strings are crossed with indexOf (a quote ends one unless an odd run of backslashes precedes
 * it, which is what a char-by-char scan with an escape flag decides too) and a line's indentation
 * with a native compare against the line before: on a pretty-printed `crictl inspect` dump only
 * the punctuation between strings is read one character at a time. A key is sliced only when it
 * matters: a key of the target object, or the key of an object at a prefix depth.
 */
export function keyLines(
  lines: readonly string[],
  prefix: readonly string[],
  wanted: ReadonlySet<string>,
): Map<string, number> {
  const found = new Map<string, number>();
  // One frame per open bracket: its key (the key it is the value of; '' below the prefix's depth,
  // where none is compared), whether an object, and whether it is the object `prefix` names.
  const keys: string[] = [];
  const isObject: boolean[] = [];
  const target: boolean[] = [];
  let expectKey = false;
  // The last key read, as its line and range (sliced on demand by lastKey()).
  let keyText = '';
  let keyFrom = 0;
  let keyTo = 0;
  const lastKey = () => keyText.slice(keyFrom, keyTo);
  let indent = 0;
  for (let li = 0; li < lines.length; li++) {
    const text = lines[li];
    const n = text.length;
    // The indentation, guessed from the line before (same, or 2 less on a closing line).
    // (indexOf at 0, not startsWith: node 20's startsWith costs about twice a matching indexOf.)
    let i = indent;
    if (i > 0 && !(i < PADS.length && text.indexOf(PADS[i]) === 0))
      i = i >= 2 && i - 2 < PADS.length && text.indexOf(PADS[i - 2]) === 0 ? i - 2 : 0;
    while (i < n && text.charCodeAt(i) === 32) i++;
    indent = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        // A string: a key when the innermost frame is an object and a key is expected.
        let j = text.indexOf('"', i + 1);
        while (j !== -1 && escapedQuote(text, j)) j = text.indexOf('"', j + 1);
        const end = j === -1 ? n : j;
        const top = isObject.length - 1;
        if (top >= 0 && isObject[top] && expectKey) {
          keyText = text;
          keyFrom = i + 1;
          keyTo = end;
          expectKey = false;
          if (target[top]) {
            const key = lastKey();
            if (wanted.has(key) && !found.has(key)) found.set(key, li);
          }
        }
        i = end + 1;
        continue;
      }
      if (c === 123 || c === 91) {
        const depth = keys.length;
        // Frames 1..prefix.length must carry the prefix keys; the frame at prefix.length is the target.
        const key = depth === 0 || depth > prefix.length ? '' : isObject[depth - 1] ? lastKey() : '[]';
        keys.push(key);
        isObject.push(c === 123);
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

/** One lifecycle step's share of a record: from `line` through `lineEnd`. */
export interface LifecyclePart<S> {
  step: S;
  line: number;
  lineEnd: number;
}

/**
 * Cuts the record `first..last` at the lines of its steps' time keys (`keyLine`), so every line
 * belongs to exactly one step: sorted by line, the first step runs from `first` to the line before
 * the second key, each next one from its key's line to the line before the next key, the last one
 * to `last`. Null when a key was not found (or lies outside the record) or two keys share a line
 * (compact JSON): the record is then one event.
 *
 * The lifecycle rule (crictl inspect, docker inspect, ctr containers info): every step's event
 * carries the whole object's fields and entities, its own time and `lifecycle`, and, when there
 * is more than one step, `record: [first, last]` (LogEvent.record: the store rebuilds the event
 * from the whole object, since a step's own lines do not hold it).
 */
export function lifecycleParts<S extends { key: string }>(
  first: number,
  last: number,
  steps: readonly S[],
  keyLine: ReadonlyMap<string, number>,
): LifecyclePart<S>[] | null {
  if (steps.length === 0) return null;
  const sorted = steps.map((step) => ({ step, at: keyLine.get(step.key) ?? -1 })).sort((a, b) => a.at - b.at);
  for (let i = 0; i < sorted.length; i++) {
    const l = sorted[i].at;
    if (l < first || l > last || (i > 0 && l === sorted[i - 1].at)) return null;
  }
  return sorted.map((k, i) => ({
    step: k.step,
    line: i === 0 ? first : k.at,
    lineEnd: i + 1 < sorted.length ? sorted[i + 1].at - 1 : last,
  }));
}

// `0001-01-01T00:00:00Z`: Go's zero time.Time, printed for "not created / started / finished yet"
// (FORMATS.md 4.6; docker State.FinishedAt of a running container).
export const GO_ZERO_TIME_RE = /^0001-01-01T00:00:00(?:\.0+)?(?:Z|[+-]00:00)$/;

/** A set lifecycle time of an object: its key, its text as printed, and when. */
export interface TimeStep {
  key: string;
  value: string;
  micros: number;
}

/** The time a lifecycle key's value sets: RFC 3339 with a zone and not Go's zero time; else null. */
export function setTime(v: unknown): number | null {
  if (typeof v !== 'string' || GO_ZERO_TIME_RE.test(v)) return null;
  const t = parseIso(v);
  return t?.zoned ? t.micros : null;
}

/** A lifecycle step's event lines, and the record it was cut from when there are several. */
export interface LifecycleEvent<S> {
  /** The step, or undefined for an object that proves no time. */
  step: S | undefined;
  line: number;
  lineEnd: number;
  record: [number, number] | undefined;
}

/**
 * The events of one object (lines `first..last`) with set lifecycle times `steps`: one per step
 * when their keys sit on lines of their own (lifecycleParts), else one for the whole object at the
 * latest time it proves.
 */
export function lifecycleEvents<S extends { key: string; micros: number }>(
  first: number,
  last: number,
  steps: readonly S[],
  keyLine: ReadonlyMap<string, number>,
): LifecycleEvent<S>[] {
  const parts = steps.length > 1 ? lifecycleParts(first, last, steps, keyLine) : null;
  if (parts) return parts.map((p) => ({ ...p, record: [first, last] }));
  let latest: S | undefined;
  for (const s of steps) if (latest === undefined || s.micros >= latest.micros) latest = s;
  return [{ step: latest, line: first, lineEnd: last, record: undefined }];
}

// ---------------------------------------------------------------------------------------------
// Records of objects (crictl inspect / inspectp, docker inspect, ctr containers info)

/** One top-level object being read; `lines` hold its text per line (first from its `{`). */
interface JsonObject {
  line: number;
  /** Indentation of the line holding its `{`. */
  indent: number;
  /** True when its `{` stood alone on its line (pretty-printed output). */
  pretty: boolean;
  lines: string[];
  counter: JsonDepth;
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
  /** The text that speculative parse read: `lines` joined by NL ('' until then). */
  parsedText: string;
}

/** Consecutive lines owned by one object (or by several, when objects share a line). */
interface JsonRecord {
  line: number;
  lineEnd: number;
  done: JsonObject[];
  open: JsonObject | null;
}

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
  /** The value read (what onValue is given). */
  value: unknown;
  /**
   * True when `value` is JSON.parse of `lines` joined by NL, nothing cut, elided or repaired: the
   * text is then valid JSON, which valueKeyLines relies on (see keyLinesOfValue).
   */
  plain: boolean;
  /** `lines` joined by NL, when the parse already made it ('' otherwise). */
  text: string;
}

/**
 * The line of each of `wanted` keys of the object at `prefix` (see keyLines), as line numbers of
 * the source; empty when objects share the lines (the keys cannot be told apart by line).
 */
export function valueKeyLines(
  info: JsonValueInfo,
  prefix: readonly string[],
  wanted: ReadonlySet<string>,
): Map<string, number> {
  const out = new Map<string, number>();
  if (info.objects > 1) return out;
  const found =
    (info.plain ? keyLinesOfValue(info, prefix, wanted) : null) ?? keyLines(info.lines, prefix, wanted);
  for (const [k, i] of found) out.set(k, info.line + i);
  return out;
}

/** How many objects in `v` (nested ones too, in arrays as well) have each of `wanted` as a key. */
function countKeys(v: unknown, wanted: ReadonlySet<string>, counts: Map<string, number>): void {
  if (Array.isArray(v)) {
    for (const x of v) if (x !== null && typeof x === 'object') countKeys(x, wanted, counts);
    return;
  }
  const o = v as Json;
  for (const k in o) {
    if (wanted.has(k)) counts.set(k, (counts.get(k) ?? 0) + 1);
    const x = o[k];
    if (x !== null && typeof x === 'object') countKeys(x, wanted, counts);
  }
}

/**
 * keyLines for a value that JSON.parse read from exactly its lines (`info.plain`), without
 * reading the lines character by character: each wanted key is searched as `"key"` in the text
 * (native indexOf) and its count checked against the parsed value. Null when that cannot decide
 * (keyLines then scans).
 *
 * Why it gives keyLines' answer: in valid JSON, `"createdAt"` at an unescaped quote and followed
 * by blanks and `:` is a key (a quote inside a string is escaped; a string closing there would
 * leave `createdAt` bare, which is not JSON). Each object of the parsed value that has the key
 * has at least one such token, and objects JSON.parse dropped (a duplicate key's earlier value)
 * may have more; so when the tokens are exactly as many as the objects with the key, each of
 * those objects has one and no other object has any. The object at `prefix` then has the key
 * (one token, its line) or not (none in the text either) as the scan would find it:
 *   `    "createdAt": "2025-11-24T06:10:12.480450640Z",` in `status` -> that line;
 * two `"createdAt"` tokens with one object having it (a duplicate) -> null.
 */
function keyLinesOfValue(
  info: JsonValueInfo,
  prefix: readonly string[],
  wanted: ReadonlySet<string>,
): Map<string, number> | null {
  const target = obj(path(info.value, ...prefix));
  if (!target) return null;
  const counts = new Map<string, number>();
  countKeys(info.value, wanted, counts);
  const text = info.text || info.lines.join('\n');
  // [key, offset in text] of every key token, checked against the counts.
  const at: [string, number][] = [];
  for (const key of wanted) {
    const token = `"${key}"`;
    let tokens = 0;
    for (let p = text.indexOf(token); p !== -1; p = text.indexOf(token, p + 1)) {
      if (escapedQuote(text, p)) continue;
      let q = p + token.length;
      while (isSpace(text.charCodeAt(q))) q++;
      if (text.charCodeAt(q) !== 58 /* : */) continue;
      tokens++;
      if (Object.hasOwn(target, key)) at.push([key, p]);
    }
    const objects = counts.get(key) ?? 0;
    if (tokens !== objects || (objects > 1 && Object.hasOwn(target, key))) return null;
  }
  // The line of each offset: NLs before it, counted by the lines' lengths.
  at.sort((a, b) => a[1] - b[1]);
  const found = new Map<string, number>();
  let li = 0;
  let lineStart = 0;
  for (const [key, p] of at) {
    while (li < info.lines.length - 1 && lineStart + info.lines[li].length < p) {
      lineStart += info.lines[li].length + 1;
      li++;
    }
    found.set(key, li);
  }
  return found;
}

function cut(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/**
 * Marks what was repaired or left out of a value in `fields` (`truncated`, `elided`, `damaged`,
 * `objects_on_same_lines`) and returns the note every message of it ends with.
 */
export function valueNotes(info: JsonValueInfo, fields: Record<string, FieldValue>): string {
  let notes = '';
  if (info.truncated) {
    fields.truncated = true;
    notes += ' [JSON cut short: later fields missing]';
  }
  if (info.elided) fields.elided = true;
  if (info.damaged.length > 0) {
    fields.damaged = info.damaged.join('; ');
    notes += ` [garbled value kept as text: ${cut(info.damaged.join('; '), 80)}]`;
  }
  if (info.objects > 1) {
    fields.objects_on_same_lines = info.objects;
    notes += ` [${info.objects - 1} more object(s) on the same lines not read]`;
  }
  return notes;
}

/**
 * Streams JSON documents printed one after another: one object, several objects (`crictl inspect
 * id1 id2` before v1.31), or an array (`[`, `  {`, `  },`, `]`; docker inspect, crictl v1.31+).
 * A brace counter finds each top-level object's line range, which is then given to JSON.parse;
 * lone `[` / `]` / `,` lines are skipped as 'header'. A subclass turns each parsed value into
 * events (`onValue`) and reads the lines that are not JSON (`other`).
 *
 * Cut-short JSON (a paste or a retrieval that stopped mid-object): the object is closed from its
 * complete lines (closeCut) and the value marked truncated; the lines left out are reported as
 * unparsed. An author's elision (`...`) is removed, a scalar garbled in the paste is kept as its
 * raw text (parseObject); an object that still does not parse is reported line by line as
 * unparsed, with the JSON error.
 */
export abstract class JsonObjectStream implements LineParser {
  private rec: JsonRecord | null = null;
  private lastLine = 0;

  constructor(
    protected readonly ctx: ParseContext,
    protected readonly sink: EventSink,
    /** `crictl inspect`: names the output in unparsed reasons. */
    protected readonly label: string,
  ) {}

  /** Emits the events of one parsed value; returns why it is not one of ours (`is a ...`), or null. */
  protected abstract onValue(value: unknown, info: JsonValueInfo): string | null;

  /** An open block of another form takes the line: true, or false when there is none or it ended (flushed). */
  protected blockPush(_text: string, _line: number): boolean {
    return false;
  }

  /** Flushes the open block, if any. */
  protected blockEnd(): void {}

  /** A line outside JSON that no block took. */
  protected other(_text: string, line: number): void {
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
          const whole = `${o.lines.join('\n')}\n${head}`;
          try {
            o.parsed = JSON.parse(whole);
            o.hasParsed = true;
            o.parsedText = whole;
          } catch {
            o.noSpec = true;
          }
          if (o.hasParsed) {
            o.lines.push(head);
            o.deferFrom = -1;
            o.counter.depth = 0;
            rec.done.push(o);
            rec.open = null;
            rec.lineEnd = line;
            this.scan(text, k + 1, rec);
            if (!rec.open) this.finishRecord();
            return;
          }
          if (this.caughtUpAndRepushed(rec, text, line)) return;
        }
        rec.lineEnd = line;
        this.scan(text, 0, rec);
        if (!rec.open) this.finishRecord();
        return;
      }
      if (this.caughtUpAndRepushed(rec, text, line)) return;
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
   * catchUp before `text` (line `line`): true when the object closed on a kept line, `text` then
   * pushed again after the lines that followed it.
   */
  private caughtUpAndRepushed(rec: JsonRecord, text: string, line: number): boolean {
    if (this.catchUp(rec)) return false;
    this.lastLine = line - 1;
    this.push(text, line);
    return true;
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
    // An empty line inside an object is one of its lines too (`lines` index = line - object line).
    if (n === 0 && rec.open) rec.open.lines.push(text);
    while (i < n) {
      const o = rec.open;
      if (o) {
        // The object's first line is kept from its `{`; later lines whole.
        const start = o.lines.length === 0 ? i : 0;
        const end = o.counter.scan(text, i);
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
          counter: new JsonDepth(),
          deferFrom: -1,
          noSpec: false,
          hasParsed: false,
          parsed: undefined,
          parsedText: '',
        };
      } else if (isSpace(c) || c === 44 || c === 91 || c === 93) i++;
      else return false;
    }
    return true;
  }

  /**
   * Inside a pretty-printed object every line is indented or closes something. A line at the left
   * edge (a command echo, a CLI error line, a `-o table` block) or a new `{` no deeper than the
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
    const objects = rec.done.length + (rec.open ? 1 : 0);
    const first = rec.done[0];
    // A speculative parse already holds the first object's value.
    const v: RecordValue = first?.hasParsed
      ? { ok: true, value: first.parsed, lines: first.lines, truncated: false, elided: false, damaged: [] }
      : recordValue(
          rec.done.map((o) => o.lines),
          rec.open ? rec.open.lines : null,
          cutReason,
        );
    let failure: string;
    if (v.ok) {
      const lineEnd = v.truncated && rec.open ? rec.open.line + v.lines.length - 1 : rec.lineEnd;
      const info: JsonValueInfo = {
        line: rec.line,
        lineEnd,
        recordEnd: rec.lineEnd,
        lines: v.lines,
        truncated: v.truncated,
        elided: v.elided,
        damaged: v.damaged,
        objects,
        value: v.value,
        plain: !v.truncated && !v.elided && v.damaged.length === 0,
        text: first?.hasParsed ? first.parsedText : '',
      };
      const notOurs = this.onValue(v.value, info);
      if (notOurs === null) {
        for (let l = lineEnd + 1; l <= rec.lineEnd; l++) {
          this.sink.unparsed(l, `cut-short line after the last complete line of a ${this.label} JSON object`);
        }
        return;
      }
      failure = `is ${notOurs}`;
    } else failure = v.failure;
    const reason = `${this.label} JSON object at lines ${rec.line}-${rec.lineEnd} ${failure}`;
    for (let l = rec.line; l <= rec.lineEnd; l++) this.sink.unparsed(l, reason);
  }

  end(): void {
    if (this.rec?.open) this.catchUp(this.rec);
    this.blockEnd();
    if (this.rec) this.finishRecord('the input ends');
  }
}

/** What one lifecycle event says besides the whole object's fields and entities. */
export interface StepEvent {
  /** Its own fields (`what`, `lifecycle`, `time_source`), over the object's. */
  fields: Record<string, FieldValue>;
  message: string;
  severity?: Severity;
}

/** What an object says, before it is cut into lifecycle events. */
export interface LifecycleObject<S extends TimeStep> {
  fields: Record<string, FieldValue>;
  entities: EntityRef[];
  /** Its set lifecycle times, in print order. */
  steps: S[];
}

/**
 * The JSON objects a CLI prints (docker inspect, ctr containers info), each cut into lifecycle
 * events by the rule of json-lines.ts `lifecycleParts` (every event with the whole object's fields
 * and entities, its step's time and the object's `record`). The lines around the JSON are an
 * author's elision (skipped as a comment), the echoed command (a prompt) or the CLI's own error
 * line (an event).
 */
export abstract class LifecycleJsonStream<
  S extends TimeStep,
  O extends LifecycleObject<S>,
> extends JsonObjectStream {
  /** What an object says, or why it is not one of ours (`not a ...`). */
  protected abstract read(top: Json): O | string;

  /** The lines of the object's time keys (valueKeyLines). */
  protected abstract timeKeyLines(info: JsonValueInfo, o: O): Map<string, number>;

  /** The i-th of the object's `events`: its own fields, message and severity. */
  protected abstract stepEvent(
    o: O,
    step: S | undefined,
    i: number,
    events: readonly LifecycleEvent<S>[],
  ): StepEvent;

  protected onValue(value: unknown, info: JsonValueInfo): string | null {
    const top = obj(value);
    if (!top) return 'not a JSON object';
    const o = this.read(top);
    if (typeof o === 'string') return o;
    const notes = valueNotes(info, o.fields);
    const events = lifecycleEvents(info.line, info.lineEnd, o.steps, this.timeKeyLines(info, o));
    for (let i = 0; i < events.length; i++) {
      const { step, line, lineEnd, record } = events[i];
      const own = this.stepEvent(o, step, i, events);
      this.sink.event(
        makeEvent(this.ctx, {
          line,
          lineEnd,
          time: step?.micros ?? null,
          record,
          severity: own.severity,
          message: own.message + notes,
          fields: { ...o.fields, ...own.fields },
          entities: o.entities.map((e) => ({ ...e })),
        }),
      );
    }
    return null;
  }

  protected override other(text: string, line: number): void {
    if (isElision(text)) this.sink.skipped(line, 'comment');
    else if (echoedCommand(text)) this.sink.skipped(line, 'prompt');
    else {
      const e = cliErrorEvent(this.ctx, text, line);
      if (e) this.sink.event(e);
      else super.other(text, line);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// One object per record (journalctl -o json-pretty, dmesg --json)

/**
 * An object being read: its text in parts, the first from its `{`, the last up to its `}`. A part
 * is one line, except that a line starting inside a string is glued to the part before it without
 * a line break: valid JSON has no line break inside a string, so the line was wrapped (a terminal
 * or a mail client broke a long MESSAGE) or the line before was cut, which the caller decides.
 */
export class OpenObject {
  readonly parts: string[] = [];
  /** The last line of each part. */
  readonly partLines: number[] = [];
  readonly counter = new JsonDepth();
  lineEnd: number;

  /**
   * `prefix`: text the object starts with that is not on its own lines (`dmesg --json` prints
   * `},{`: the next record's `{` sits on the line that closes the one before, see dmesg-json.ts).
   */
  constructor(
    readonly line: number,
    readonly prefix = '',
  ) {
    this.lineEnd = line;
    if (prefix) this.counter.scan(prefix, 0);
  }

  /** Adds the line's text from `from`: the index after the object's closing bracket, or -1. */
  feed(text: string, line: number, from = 0): number {
    const glue = this.counter.inString && this.parts.length > 0;
    const end = this.counter.scan(text, from);
    const piece = end < 0 ? (from === 0 ? text : text.slice(from)) : text.slice(from, end);
    const n = this.parts.length;
    if (glue) {
      this.parts[n - 1] += piece;
      this.partLines[n - 1] = line;
    } else {
      this.parts.push(piece);
      this.partLines.push(line);
    }
    this.lineEnd = line;
    return end;
  }
}

export type ObjectRead =
  | { ok: true; value: unknown; lineEnd: number; truncated: boolean }
  | { ok: false; reason: string };

/** A closed object's value, or the JSON error. */
function parseClosed(o: OpenObject): ObjectRead {
  try {
    return {
      ok: true,
      value: JSON.parse(o.prefix + o.parts.join('\n')),
      lineEnd: o.lineEnd,
      truncated: false,
    };
  } catch (e) {
    return {
      ok: false,
      reason: `does not parse (${e instanceof Error ? e.message.slice(0, 160) : 'invalid'})`,
    };
  }
}

/** A cut-short object closed from its complete lines (closeCut); `lineEnd` is the last line used. */
function recoverCut(o: OpenObject): ObjectRead {
  const r = closeCut(o.parts, o.prefix);
  if (r) return { ok: true, value: r.value, lineEnd: o.partLines[r.used - 1], truncated: true };
  return { ok: false, reason: 'is cut short (no closing brace) and could not be closed' };
}

/**
 * A line parser whose records are single pretty-printed objects. Blank lines inside an open
 * object are its own when it goes on, else skipped after it; a line that cannot continue the
 * object (`breaks`) ends it as cut short. A subclass reads the lines outside objects (`outside`,
 * which opens one with `open`) and turns a value into an event (`toEvent`).
 */
export abstract class OpenObjectParser implements LineParser {
  private obj: OpenObject | null = null;
  private readonly blanks: { text: string; line: number }[] = [];

  constructor(
    protected readonly ctx: ParseContext,
    protected readonly sink: EventSink,
    /** `journalctl-json-pretty`: starts every unparsed reason. */
    private readonly id: string,
    /** `journal`, `dmesg`: whose JSON, in unparsed reasons. */
    private readonly tool: string,
    /** What one object is called in unparsed reasons (`object`, `record`). */
    private readonly kind: string,
  ) {}

  /** A line that cannot be inside the open object: the object was cut short before it. */
  protected abstract breaks(o: OpenObject, text: string): boolean;

  /** A non-blank line outside any object. */
  protected abstract outside(text: string, line: number): void;

  /**
   * The event of a parsed value, or why it is not one (`is not a ...`). `after`: the text after
   * the object's closing bracket on its last line ('' when the object was cut short).
   */
  protected abstract toEvent(
    o: OpenObject,
    value: unknown,
    lineEnd: number,
    truncated: boolean,
    after: string,
  ): LogEvent | string;

  push(text: string, line: number): void {
    const o = this.obj;
    if (o) {
      if (isBlank(text)) {
        this.blanks.push({ text, line });
        return;
      }
      if (!this.breaks(o, text)) {
        for (const b of this.blanks) o.feed(b.text, b.line);
        this.blanks.length = 0;
        const end = o.feed(text, line);
        if (end >= 0) this.close(o, text, end);
        return;
      }
      this.cut(o);
    }
    if (isBlank(text)) {
      this.sink.skipped(line, 'blank');
      return;
    }
    this.outside(text, line);
  }

  end(): void {
    if (this.obj) this.cut(this.obj);
  }

  /** Opens an object whose `{` is at `from` on `text` (or in `prefix`, text not on its lines). */
  protected open(text: string, line: number, from: number, prefix = ''): void {
    const o = new OpenObject(line, prefix);
    this.obj = o;
    const end = o.feed(text, line, from);
    if (end >= 0) this.close(o, text, end);
  }

  private close(o: OpenObject, text: string, end: number): void {
    this.obj = null;
    this.emit(o, parseClosed(o), text.slice(end));
  }

  /** The object was cut short: recover what its complete lines hold; blank lines after it are skipped. */
  private cut(o: OpenObject): void {
    this.obj = null;
    this.emit(o, recoverCut(o), '');
    for (const b of this.blanks) this.sink.skipped(b.line, 'blank');
    this.blanks.length = 0;
  }

  private emit(o: OpenObject, r: ObjectRead, after: string): void {
    let failure: string;
    if (r.ok) {
      const e = this.toEvent(o, r.value, r.lineEnd, r.truncated, after);
      if (typeof e !== 'string') {
        this.sink.event(e);
        for (let l = r.lineEnd + 1; l <= o.lineEnd; l++)
          this.sink.unparsed(
            l,
            `${this.id}: cut-short line after the last complete line of a ${this.tool} JSON ${this.kind}`,
          );
        return;
      }
      failure = e;
    } else {
      failure = r.reason;
    }
    const reason = `${this.id}: JSON ${this.kind} at lines ${o.line}-${o.lineEnd} ${failure}`;
    for (let l = o.line; l <= o.lineEnd; l++) this.sink.unparsed(l, reason);
  }
}
