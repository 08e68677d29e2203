// Multi-line JSON objects read line by line (FORMATS.md 1.6: "a streaming JSON splitter that finds
// consecutive top-level objects (brace depth counting that respects strings)"). Used by the
// parsers whose records are pretty-printed objects: `journalctl -o json-pretty` and
// `dmesg --json`. The same idea as crictl-inspect.ts (which keeps its own, tuned copy):
//
// - JsonDepth counts `{` / `[` against `}` / `]` outside strings, carrying its state from one line
//   to the next, so the line that closes an object is known without parsing anything;
// - the closed object's lines are then given to JSON.parse once;
// - an object cut short (a paste or a pager that stopped mid-object) is closed by appending the
//   missing brackets to its complete lines (recoverCut). A last line that may itself be cut (a
//   number or word without its comma, an open string) is left out, so a value is never read from
//   a partial line; the caller reports the lines left out as unparsed.

/** String-aware bracket depth, fed a line at a time. */
export class JsonDepth {
  depth = 0;
  inString = false;
  /** The last line ended inside a string on an escaping backslash. */
  private escape = false;

  /**
   * Counts `text` from `from`: the index just after the bracket that brings the depth back to 0
   * (the object is closed), or -1 when the line ends first (the state carries over). Strings are
   * crossed with indexOf: a quote ends a string when the backslashes right before it are even in
   * number, which is what a char-by-char scan with an escape flag decides too.
   */
  scan(text: string, from: number): number {
    const n = text.length;
    let i = from;
    let depth = this.depth;
    let inString = this.inString;
    if (inString && this.escape && i < n) {
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
          this.escape = odd;
          break;
        }
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
export function parseClosed(o: OpenObject): ObjectRead {
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

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Text without trailing white space and commas (a loop: a regex here would be quadratic). */
function trimTrailingCommas(s: string): string {
  let e = s.length;
  while (e > 0 && (isSpace(s.charCodeAt(e - 1)) || s.charCodeAt(e - 1) === 44)) e--;
  return s.slice(0, e);
}

/** The brackets that close what is open at the end of `s` (string-aware), or null inside a string. */
function closers(s: string): string | null {
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
  let out = '';
  for (let i = stack.length - 1; i >= 0; i--) out += stack[i] === 123 ? '}' : ']';
  return out;
}

// Last characters of a complete line inside an object: a comma, a bracket, or a closing quote (an
// open string is caught by `closers`). A digit or a letter may be a number or `null` cut short.
const SAFE_END = new Set([44, 123, 91, 125, 93, 34]);

/**
 * Closes a cut-short object from its complete lines: the parts as they are, then without the last
 * one or two (which may be cut mid-value). `lineEnd` is the last line used. The result depends only on the object's own lines, so a re-parse of `line..lineEnd`
 * alone (which ends cut short in the same way) gives the same value.
 */
export function recoverCut(o: OpenObject): ObjectRead {
  const parts = o.parts;
  for (let drop = 0; drop <= 2 && parts.length - drop >= 1; drop++) {
    const used = parts.length - drop;
    const body = trimTrailingCommas(o.prefix + parts.slice(0, used).join('\n'));
    if (!SAFE_END.has(body.charCodeAt(body.length - 1))) continue;
    const close = closers(body);
    if (close === null || close === '') continue;
    try {
      return { ok: true, value: JSON.parse(body + close), lineEnd: o.partLines[used - 1], truncated: true };
    } catch {
      // try with fewer lines
    }
  }
  return { ok: false, reason: 'is cut short (no closing brace) and could not be closed' };
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
