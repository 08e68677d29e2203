// The key=value lexer shared by containerd's logrus lines and kubelet's klog structured lines
// (FORMATS.md 6.1, 6.3), plus the small line-level helpers both bare-log parsers need (a Go
// stack-trace line, a `containerd[1709]: ` / `10.226.6.9: ` prefix). Everything here is a
// single forward scan by char codes: no regex can backtrack, so cost stays linear in the text.
//
// Grammar (logrus TextFormatter and klog's KVListFormat agree on it):
//   pairs   := ws* (pair | stray) (ws+ (pair | stray))*
//   pair    := key '=' value
//   key     := [A-Za-z0-9_.\-/@]+
//   value   := '"' go-quoted '"'          `msg="shim disconnected"`
//            | '<' NL (TAB line NL)* ' >' klog multi-line string `output=<\n\tline\n >`
//            | '{' json '}' | '[' json ']' | '&{' %+v '}'   klog structs `event={"ID":"..."}`
//            | [^ws]*                      bare, possibly empty: `id=4f2c...`, `key=`
//   stray   := any other word (counted, skipped)
//
// Leniency, because real pastes break the quoting (FORMATS.md 6.1; corpus containerd-4016, whose
// logrus 1.0 printed inner quotes unescaped: `msg="Kill container "adf4..."" `): a `"` closes a
// quoted value only when it is followed by the end, a newline, or blanks and then the end, a
// newline or another `key=`. A well-formed Go %q string always satisfies that at its real close
// (every inner quote is escaped), so valid input reads exactly as a strict lexer would.

export interface LogfmtPair {
  key: string;
  /** The value with Go escapes decoded (quoted) or as printed (bare). */
  value: string;
  quoted: boolean;
  /** Index just past the value in the lexed text (-1 when the pair did not come from text). */
  end: number;
}

export interface LogfmtScan {
  pairs: LogfmtPair[];
  /** Words that were not `key=value` (a TTY-format message, junk after a broken quote). */
  stray: number;
  /** A quoted (or klog `=<`) value ran to the end of the text without its close. */
  open: boolean;
  /** Where the scan stopped (the text's end, or where `maxPairs` was reached). */
  end: number;
}

// Character classes, by char code (ASCII only; anything else is "other").
const KEY = new Uint8Array(128);
for (let c = 48; c <= 57; c++) KEY[c] = 1; // 0-9
for (let c = 65; c <= 90; c++) KEY[c] = 1; // A-Z
for (let c = 97; c <= 122; c++) KEY[c] = 1; // a-z
for (const ch of '_.-/@') KEY[ch.charCodeAt(0)] = 1;

export function isKeyChar(c: number): boolean {
  return c < 128 && KEY[c] === 1;
}

/** Space, TAB, CR or LF: the separators between pairs (a joined multi-line record has LFs). */
function isWs(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Blanks only (not a newline): what may stand between a closing quote and the next pair. */
function isBlankChar(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

/**
 * Whether the `"` at `q` closes a quoted value under the lenient rule above. Scans only blanks
 * and key characters after it, which contain no `"`, so the caller's next search never re-reads
 * more than this stretch: linear overall.
 */
function closesAt(s: string, q: number, end: number): boolean {
  let i = q + 1;
  if (i >= end) return true;
  const c = s.charCodeAt(i);
  if (c === 10) return true;
  if (!isBlankChar(c)) return false;
  while (i < end && isBlankChar(s.charCodeAt(i))) i++;
  if (i >= end || s.charCodeAt(i) === 10) return true;
  const k = i;
  while (i < end && isKeyChar(s.charCodeAt(i))) i++;
  return i > k && i < end && s.charCodeAt(i) === 61; /* = */
}

export interface Quoted {
  value: string;
  /** Index just past the closing quote, or `end` when it was never closed. */
  next: number;
  closed: boolean;
}

/**
 * Index of the `"` that closes a Go-quoted string whose content starts at `from` (just after the
 * opening quote), or -1 when it does not close before `end`. `strict`: the first unescaped `"`
 * closes it (klog's leading message, always well-formed); otherwise the lenient logfmt rule
 * applies. Jumps between quotes and backslashes with indexOf (native search): this runs on every
 * containerd line, so it should not cost a JS loop per character.
 */
export function quotedEnd(s: string, from: number, end = s.length, strict = false): number {
  let i = from;
  let slash = s.indexOf('\\', i);
  while (i < end) {
    const q = s.indexOf('"', i);
    if (q === -1 || q >= end) return -1;
    if (slash !== -1 && slash < q) {
      // `\"`, `\\`, `\n`...: the escaped character is never a close.
      i = slash + 2;
      slash = s.indexOf('\\', i);
      continue;
    }
    if (strict || closesAt(s, q, end)) return q;
    i = q + 1;
  }
  return -1;
}

/** `s.slice(from, to)` with Go's escapes decoded, when it has any. */
function quotedValue(s: string, from: number, to: number): string {
  const slash = s.indexOf('\\', from);
  return slash !== -1 && slash < to ? unescapeGo(s, from, to) : s.slice(from, to);
}

/** A Go-quoted string whose content starts at `from` (see quotedEnd), decoded. */
export function readQuoted(s: string, from: number, end = s.length, strict = false): Quoted {
  const q = quotedEnd(s, from, end, strict);
  if (q === -1) return { value: quotedValue(s, from, end), next: end, closed: false };
  return { value: quotedValue(s, from, q), next: q + 1, closed: true };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

function hexValue(s: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const c = s.charCodeAt(i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (d < 0 || i >= s.length) return -1;
    v = v * 16 + d;
  }
  return v;
}

/**
 * Decodes Go's %q escapes in `s.slice(from, to)`: `\"`, `\\`, `\n`, `\t`, `\xHH`, `\uHHHH`,
 * `\UHHHHHHHH`, `\OOO`. An unknown escape is kept as printed.
 */
export function unescapeGo(s: string, from: number, to: number): string {
  let out = '';
  let run = from;
  let i = from;
  while (i < to) {
    i = s.indexOf('\\', i);
    if (i === -1 || i + 1 >= to) break;
    out += s.slice(run, i);
    const e = s[i + 1];
    const simple = SIMPLE_ESCAPES[e];
    let width = 2;
    let decoded: string | undefined = simple;
    if (decoded === undefined) {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      if (n > 0 && i + 2 + n <= to) {
        const v = hexValue(s, i + 2, n);
        if (v >= 0 && v <= 0x10ffff) {
          decoded = String.fromCodePoint(v);
          width = 2 + n;
        }
      } else if (e >= '0' && e <= '7' && i + 4 <= to) {
        const v = Number.parseInt(s.slice(i + 1, i + 4), 8);
        // `\101` (Go %q prints control bytes as \x.., but strconv.Unquote accepts octal too)
        if (!Number.isNaN(v) && /^[0-7]{3}$/.test(s.slice(i + 1, i + 4))) {
          decoded = String.fromCharCode(v);
          width = 4;
        }
      }
    }
    out += decoded ?? s.slice(i, i + 2);
    i += width;
    run = i;
  }
  return out + s.slice(run, to);
}

/**
 * End (exclusive) of a bracketed value starting at `from` (`{`, `[` or `&{`), or -1 when its
 * brackets do not balance before a blank or the budget runs out. JSON strings are skipped
 * (their brackets do not count); `%+v` output has none.
 */
function bracketEnd(s: string, from: number, end: number, budget: { left: number }): number {
  let depth = 0;
  let inStr = false;
  let i = s.charCodeAt(from) === 38 /* & */ ? from + 1 : from;
  for (; i < end; i++) {
    if (--budget.left < 0) return -1;
    const c = s.charCodeAt(i);
    if (inStr) {
      if (c === 92) i++;
      else if (c === 34) inStr = false;
      continue;
    }
    if (c === 34) inStr = true;
    else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) {
        const n = i + 1;
        return n >= end || isWs(s.charCodeAt(n)) ? n : -1;
      }
    } else if (c === 10) return -1;
  }
  return -1;
}

/** What LogfmtLexer.read found: a word that is no pair, or a pair by the shape of its value. */
export const STRAY = 0;
export const QUOTED = 1;
/** klog's `key=<` multi-line string. */
export const MULTILINE = 2;
export const BRACKETED = 3;
export const BARE = 4;

/**
 * The lexer under parseLogfmt, one pair at a time and without building anything: the positions of
 * the key and the value are left in its fields, so a caller that needs two keys of a line (the
 * columns-only parse of a containerd line: `time=` and `level=`) does not pay for slicing and
 * unescaping the rest, and still reads exactly the pairs parseLogfmt reads.
 */
export class LogfmtLexer {
  s = '';
  end = 0;
  /** Where the next read starts (after `more()`, at a non-blank character). */
  pos = 0;
  kind = STRAY;
  keyStart = 0;
  keyEnd = 0;
  /** The value's text: inside the quotes (to the close, or to the end when open), after `=<` NL. */
  valueStart = 0;
  valueEnd = 0;
  /** False for a quoted or multi-line value that ran to the end without its close. */
  closed = true;
  // Bracketed values may scan ahead and fail; all such scans together read at most 4x the text.
  private readonly budget = { left: 0 };

  /** Starts lexing `s[from..end)`; returns this. */
  reset(s: string, from = 0, end = s.length): this {
    this.s = s;
    this.end = end;
    this.pos = from;
    this.budget.left = 4 * (end - from) + 64;
    return this;
  }

  /** Skips white space: false when nothing is left. */
  more(): boolean {
    const { s, end } = this;
    let i = this.pos;
    while (i < end && isWs(s.charCodeAt(i))) i++;
    this.pos = i;
    return i < end;
  }

  /** Reads the pair or stray word at `pos` (call after `more()` said true). */
  read(): void {
    const { s, end } = this;
    let i = this.pos;
    const k = i;
    while (i < end && isKeyChar(s.charCodeAt(i))) i++;
    if (i === k || i >= end || s.charCodeAt(i) !== 61 /* = */) {
      // Not a pair: skip the word (a stray quote starts no string).
      this.kind = STRAY;
      while (i < end && !isWs(s.charCodeAt(i))) i++;
      this.pos = i;
      return;
    }
    this.keyStart = k;
    this.keyEnd = i;
    this.closed = true;
    i++; // '='
    const c = i < end ? s.charCodeAt(i) : -1;
    if (c === 34 /* " */) {
      const q = quotedEnd(s, i + 1, end);
      this.kind = QUOTED;
      this.valueStart = i + 1;
      this.valueEnd = q === -1 ? end : q;
      this.closed = q !== -1;
      this.pos = q === -1 ? end : q + 1;
      return;
    }
    if (c === 60 /* < */ && i + 1 < end && s.charCodeAt(i + 1) === 10) {
      // klog's multi-line string: `key=<` NL, TAB-indented lines, ` >` (writeStringValue()).
      const close = s.indexOf('\n >', i + 1);
      const stop = close === -1 || close >= end ? end : close;
      this.kind = MULTILINE;
      this.valueStart = i + 2;
      this.valueEnd = stop;
      this.closed = stop !== end;
      this.pos = stop === end ? end : stop + 3;
      return;
    }
    if (c === 123 /* { */ || c === 91 /* [ */ || (c === 38 /* & */ && s.charCodeAt(i + 1) === 123)) {
      const e = bracketEnd(s, i, end, this.budget);
      if (e !== -1) {
        this.kind = BRACKETED;
        this.valueStart = i;
        this.valueEnd = e;
        this.pos = e;
        return;
      }
    }
    const v = i;
    while (i < end && !isWs(s.charCodeAt(i))) i++;
    this.kind = BARE;
    this.valueStart = v;
    this.valueEnd = i;
    this.pos = i;
  }

  /** Whether the pair just read is named `name` (no slice). */
  keyIs(name: string): boolean {
    return this.keyEnd - this.keyStart === name.length && this.s.startsWith(name, this.keyStart);
  }

  key(): string {
    return this.s.slice(this.keyStart, this.keyEnd);
  }

  /** The value of the pair just read: Go escapes decoded (quoted), indentation removed (multi-line). */
  value(): string {
    const { s, valueStart, valueEnd } = this;
    if (this.kind === QUOTED) return quotedValue(s, valueStart, valueEnd);
    if (this.kind === MULTILINE) {
      const lines = s.slice(valueStart, valueEnd).split('\n');
      // `\tHTTP probe failed with statuscode: 500`: one TAB per line (klog), or up to 8 spaces
      // where a journal or a paste turned it into spaces.
      for (let j = 0; j < lines.length; j++) {
        const l = lines[j];
        lines[j] = l.charCodeAt(0) === 9 ? l.slice(1) : l.replace(/^ {1,8}/, '');
      }
      return lines.join('\n');
    }
    return s.slice(valueStart, valueEnd);
  }
}

/**
 * Reads `key=value` pairs from `s[from..end)`. Stops after `maxPairs` pairs (a bound on the work
 * for one message; the rest is left unread).
 */
export function parseLogfmt(s: string, from = 0, end = s.length, maxPairs = 64): LogfmtScan {
  const pairs: LogfmtPair[] = [];
  let stray = 0;
  let open = false;
  const lx = new LogfmtLexer().reset(s, from, end);
  while (lx.more()) {
    if (pairs.length >= maxPairs) break;
    lx.read();
    if (lx.kind === STRAY) {
      stray++;
      continue;
    }
    if (!lx.closed) open = true;
    const quoted = lx.kind === QUOTED || lx.kind === MULTILINE;
    pairs.push({ key: lx.key(), value: lx.value(), quoted, end: lx.pos });
  }
  return { pairs, stray, open, end: lx.pos };
}

/**
 * Whether a quoted (or klog `=<`) value among the first `maxPairs` pairs of `s[from..end)` runs
 * to the end without its close: parseLogfmt's `open`, without building the pairs.
 */
export function logfmtOpen(s: string, from = 0, end = s.length, maxPairs = 64): boolean {
  const lx = new LogfmtLexer().reset(s, from, end);
  let pairs = 0;
  let open = false;
  while (lx.more() && pairs < maxPairs) {
    lx.read();
    if (lx.kind === STRAY) continue;
    pairs++;
    if (!lx.closed) open = true;
  }
  return open;
}

/** The value of the first pair named `key`, or undefined. */
export function pairValue(pairs: readonly LogfmtPair[], key: string): string | undefined {
  for (const p of pairs) if (p.key === key) return p.value;
  return undefined;
}

/**
 * Whether a record that was open (inside a quoted value) at the start of `text` is still open at
 * its end, or whether a closed record opens a quoted value on this line. Used by the bare-log
 * parsers to fold the lines of a multi-line message one line at a time, with the same result as
 * lexing the joined record (a close never depends on what follows a newline).
 */
export function openAfterLine(text: string, startsOpen: boolean): boolean {
  let from = 0;
  if (startsOpen) {
    const q = readQuoted(text, 0);
    if (!q.closed) return true;
    from = q.next;
  }
  return logfmtOpen(text, from, text.length, 256);
}

// ---------------------------------------------------------------------------------------------
// Go runtime output that follows a log line: a panic, `fatal error:`, or the goroutine dump that
// containerd and its shims print on SIGUSR1 (corpus containerd-2744):
//   `goroutine 12 [running]:`
//   `main.dumpStacks(0xc420010730)`
//   `        /home/devusr/go/src/github.com/containerd/containerd/cmd/containerd-shim/main_unix.go:227 +0x8a`
//   `created by main.executeShim`
//   `panic: runtime error: invalid memory address or nil pointer dereference`
//   `[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x55d0c2]`
// Source: Go's runtime/traceback.go (`goroutine N [status]:`, frames `pkg.func(args)` then a
// TAB-indented `file:line +0xoff`, `created by`), runtime/panic.go (`panic: `, `fatal error: `).

// `goroutine 12 [running]:`, `goroutine 1 [chan receive, 2 minutes]:`
const GOROUTINE_RE = /^goroutine \d+ \[[^\]\n]*\]:?$/;
// `panic: ...`, `fatal error: ...`, `[signal SIGSEGV: ...`, `created by main.executeShim`,
// `=== END goroutine stack dump ===`, `...additional frames elided...`, `exit status 2`
const GO_MARKER_RE =
  /^(?:panic: |fatal error: |\[signal |created by \S|=== (?:BEGIN|END) goroutine |\.\.\.additional frames elided\.\.\.$|exit status \d+$|SIGQUIT: |PC=0x)/;

/** True for a line of Go runtime stack-trace output (see above). */
export function isGoStackLine(text: string): boolean {
  const c = text.charCodeAt(0);
  // `\t/path/file.go:227 +0x8a` (TAB-indented file lines; pastes may turn the TAB into spaces).
  if (c === 9) return true;
  if (c === 32) {
    let i = 0;
    while (text.charCodeAt(i) === 32) i++;
    return i >= 2 && text.indexOf('.go:', i) !== -1;
  }
  if (c === 103 /* g */ && GOROUTINE_RE.test(text)) return true;
  if (GO_MARKER_RE.test(text)) return true;
  // A frame: `main.dumpStacks(0xc420010730)`, `github.com/x/y.(*T).m(...)`: a function name of
  // identifier characters (with `.`, `/`, `*`, `(`, `)`), then `(` args `)` at the line's end.
  const n = text.length;
  if (n < 4 || text.charCodeAt(n - 1) !== 41 /* ) */) return false;
  const open = text.indexOf('(');
  if (open <= 0) return false;
  let dot = false;
  for (let i = 0; i < open; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 46) dot = true;
    else if (!((isKeyChar(ch) || ch === 42) /* * */)) return false;
  }
  return dot;
}

// ---------------------------------------------------------------------------------------------
// A source prefix in front of a bare log line, left by how it was collected:
//   `containerd[2742376]: time="2025-08-05T06:15:39.403104794Z" level=warning ...` (corpus
//   nerdctl-1039: journal lines with date and host cut off), `kubelet: E0413 10:53:52.844381 ...`,
//   `10.226.6.9: {"ts":1753121332057.047,...}` (pssh-style host prefix, FORMATS.md 6.3).

export interface LinePrefix {
  /** Where the log line proper starts. */
  start: number;
  ident?: string;
  pid?: number;
  host?: string;
}

// `containerd[2742376]: `, `kubelet: `, `10.226.6.9: ` (identifier, optional [pid], colon, space)
const PREFIX_RE = /^([A-Za-z0-9_.@-]{1,64})(?:\[(\d{1,10})\])?: /;
// `10.226.6.9` (an IPv4 address is a host, not a program)
const IPV4_RE = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** The `ident[pid]: ` / `host: ` prefix of a line, or null when the line has none. */
export function linePrefix(text: string): LinePrefix | null {
  const c = text.charCodeAt(0);
  if (!(c < 128 && KEY[c] === 1)) return null;
  const m = PREFIX_RE.exec(text);
  if (!m) return null;
  const out: LinePrefix = { start: m[0].length };
  if (m[2] !== undefined) {
    out.ident = m[1];
    out.pid = Number(m[2]);
  } else if (IPV4_RE.test(m[1])) {
    out.host = m[1];
  } else {
    out.ident = m[1];
  }
  return out;
}
