// Pieces the container-tool table parsers share (ctr tasks/containers/snapshots ls, runc list,
// docker ps): Go text/tabwriter tables cut at the header's column offsets, the words of a row,
// elision lines authors put inside pasted tables, command echoes, and relative ages.
//
// text/tabwriter pads every cell but the last of a line to its column's width (longest cell +
// padding), so in one table every cell of a column starts at the same offset as the header's
// title: a row is cut at the title offsets, which keeps cells that hold spaces (`2 hours ago`,
// `Up 5 days`) and empty cells (a bottom snapshot's PARENT) in their columns. References:
// pkg.go.dev/text/tabwriter; FORMATS.md 4.1 (crictl), 5.1-5.4 (ctr); runc list.go; docker/cli
// cli/command/formatter (tabwriter.NewWriter(out, 10 or 20, 1, 3, ' ', 0)).
import type { LogEvent, TimeQuality } from '../model/event.ts';
import { isBlank, makeEvent } from './event-builder.ts';
import type { EventSink, LineParser, ParseContext, Parser } from './parser-api.ts';

export interface Column {
  /** The header title as printed (`CONTAINER ID`). */
  title: string;
  /** The parser's name for it. */
  key: string;
  /** Offset of the title in the header line: where every cell of the column starts. */
  start: number;
}

export interface Word {
  text: string;
  start: number;
}

/**
 * The runs of non-space characters of a line, with their offsets (spaces and TABs separate).
 * Stops after `max` + 1 words: a row with more words than its table has cells is not read further.
 */
export function wordsOf(text: string, max = 1000): Word[] {
  const out: Word[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const s = i;
    while (i < n && !isSpace(text.charCodeAt(i))) i++;
    out.push({ text: text.slice(s, i), start: s });
    if (out.length > max) break;
  }
  return out;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

// A 64-hex container id, as `ctr t ls -q` and `runc list` print it (shortened to 12 in messages):
// `4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6`
export const HEX64_RE = /^[0-9a-f]{64}$/;

// A containerd identifier (containerd pkg/identifiers: `^[A-Za-z0-9]+(?:[._-](?:[A-Za-z0-9]+))*$`,
// max 76), the id of a task or container in ctr's tables: `4f2c9b7e1d0a...`, `redis`, `build-1`
export const CTR_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,75}$/;

/**
 * Reads a header line as a sequence of known titles. `titles` maps every title the tool prints
 * to a key; multi-word titles (`CONTAINER ID`, `CREATED AT`) have their words one space apart and
 * are matched before their first word alone. Works for any padding (ctr snapshots pads by one
 * space only). Null when a word is not part of a known title, or `required` titles are missing.
 */
export function headerColumns(
  text: string,
  titles: Readonly<Record<string, string>>,
  required: readonly string[] = [],
): Column[] | null {
  const words = wordsOf(text, 40);
  if (words.length === 0 || words.length > 40) return null;
  const cols: Column[] = [];
  for (let i = 0; i < words.length; ) {
    const w = words[i];
    const next = words[i + 1];
    // Two words one space apart may be one title (`CONTAINER ID`, `LOCAL VOLUMES`).
    if (next && next.start === w.start + w.text.length + 1) {
      const two = `${w.text} ${next.text}`;
      const key = titles[two];
      if (key !== undefined) {
        cols.push({ title: two, key, start: w.start });
        i += 2;
        continue;
      }
    }
    const key = titles[w.text];
    if (key === undefined) return null;
    cols.push({ title: w.text, key, start: w.start });
    i++;
  }
  for (const r of required) if (!cols.some((c) => c.key === r)) return null;
  return cols;
}

/**
 * Cuts a row at the columns' offsets into trimmed cells (by key; empty cells are ''). Null when
 * the row was not laid out with this header: text before the first column, or a cell running
 * over the next column's start (the character before a column start is not a space).
 */
export function cutRow(text: string, cols: readonly Column[]): Record<string, string> | null {
  const n = text.length;
  const first = cols[0].start;
  if (first > 0 && text.slice(0, first).trim() !== '') return null;
  const cells: Record<string, string> = {};
  for (let i = 0; i < cols.length; i++) {
    const start = cols[i].start;
    if (start >= n) {
      cells[cols[i].key] = '';
      continue;
    }
    if (start > 0 && !isSpace(text.charCodeAt(start - 1))) return null;
    const end = i + 1 < cols.length ? Math.min(cols[i + 1].start, n) : n;
    cells[cols[i].key] = text.slice(start, end).trim();
  }
  return cells;
}

// An author's elision inside a pasted table or JSON: `// SNIP`, `...`, `…`, `[...]`, `<snip>`,
// `(output truncated)`. Seen in corpus containerd-5708 (ctr-tasks.txt, ctr-containers.txt).
const ELISION_RE =
  /^\s*(?:\/\/.{0,80}|\.{3,}|…|\[(?:\.{3}|…|snip)\]|<snip>|\((?:\.{3}|…|snip|output truncated|truncated)\))\s*$/i;

/** True for a line that only marks something the author left out (skipped as a comment). */
export function isElision(text: string): boolean {
  return text.length < 120 && ELISION_RE.test(text);
}

// A command echo the ingest does not take for a prompt: `> docker inspect 43124b30fe28 | jq
// '.[].State'` (corpus moby-43491, the `>` of a shell continuation or a quoting habit) or a bare
// `runc list`; the tools whose output these parsers read, then a word or a flag.
const ECHO_RE =
  /^\s{0,4}(?:[>$#%] ?)?(?:sudo )?(?:\S{0,80}\/)?(?:docker|nerdctl|podman|ctr|runc|crictl|k3s ctr|jq)(?: [^\n]{0,600})?$/;

/** The words of an echoed command (`docker`, `inspect`, ...), or null when `text` is not one. */
export function echoedCommand(text: string): string[] | null {
  if (text.length > 700 || !ECHO_RE.test(text)) return null;
  const words = text
    .trim()
    .replace(/^[>$#%] ?/, '')
    .split(/\s+/);
  if (words[0] === 'sudo') words.shift();
  if (words.length === 0) return null;
  const slash = words[0].lastIndexOf('/');
  if (slash >= 0) words[0] = words[0].slice(slash + 1);
  // `docker` alone or followed by prose is not an echo: the next word must be a subcommand or flag
  // (`docker inspect 43124b30fe28`, `ctr -n k8s.io t ls`, `runc --root /run/runc list`).
  if (words.length < 2 || !/^(?:-{1,2}[\w-]+|[a-z][a-z-]{0,20})$/.test(words[1])) return null;
  return words;
}

/**
 * The first subcommand word(s) of an echoed command, flags and their values left out:
 * `ctr -n k8s.io task ls` -> `task ls`, `docker container inspect x` -> `container inspect x`.
 * `valueFlags`: flags that take a separate value.
 */
export function subcommandOf(words: readonly string[], valueFlags: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (w === '|') break;
    if (w.startsWith('-')) {
      if (!w.includes('=') && valueFlags.has(w)) i++;
      continue;
    }
    out.push(w);
  }
  return out;
}

// Flags of ctr that take a value (`ctr -n k8s.io t ls`, `ctr --address /run/k3s/containerd/containerd.sock`).
const CTR_VALUE_FLAGS = new Set([
  '-n',
  '--namespace',
  '-a',
  '--address',
  '--timeout',
  '--connect-timeout',
  '--snapshotter',
]);

/**
 * True for an echoed `ctr [flags] <object> ls|list|info ...` whose object is one of `objects`
 * (`ctr -n k8s.io task ls | grep 99e5...` -> object `task`, verb `ls`).
 */
export function isCtrCommand(command: string | undefined, objects: ReadonlySet<string>): boolean {
  if (!command) return false;
  const words = echoedCommand(command);
  if (!words) return false;
  const i = words[0] === 'k3s' ? 1 : 0;
  if (words[i] !== 'ctr') return false;
  const sub = subcommandOf(words.slice(i), CTR_VALUE_FLAGS);
  return objects.has(sub[0] ?? '') && (sub[1] === 'ls' || sub[1] === 'list' || sub[1] === 'info');
}

// ---------------------------------------------------------------------------------------------
// Relative ages (`2 hours ago`, `Up 5 days`): go-units HumanDuration

export interface AgeTime {
  time: number | null;
  timeQuality: TimeQuality;
  timeRange?: [number, number];
}

/**
 * The time an age stands for: with `ctx.capturedAt` known, the range [capturedAt - maxAge,
 * capturedAt - minAge] and its middle; unknown, no time (the age stays in the event's fields).
 * Either way the quality is 'relative'. Ages in seconds.
 */
export function ageTime(ctx: ParseContext, minAge: number, maxAge: number): AgeTime {
  if (ctx.capturedAt === undefined) return { time: null, timeQuality: 'relative' };
  const lo = ctx.capturedAt - Math.round(maxAge * 1e6);
  const hi = ctx.capturedAt - Math.round(minAge * 1e6);
  return { time: Math.round((lo + hi) / 2), timeQuality: 'relative', timeRange: [lo, hi] };
}

// ---------------------------------------------------------------------------------------------
// The line loop and the detection every table parser runs

/**
 * What a head line says about a table: a row, a row that proves little alone ('weak': an id
 * without its other cells), a line that is no row ('other'), or nothing (null).
 */
export type HeadLineKind = 'row' | 'weak' | 'other' | null;

/** One table format: its header, how a row reads under it, the event a row makes, its detection. */
export interface TableSpec<H, R extends object> {
  /** The header this line is, or null. */
  header(text: string): H | null;
  /** A row's cells under `header` (null when none came first), or why the line is not a row. */
  readRow(text: string, header: H | null): R | string;
  /** The event for a row read by `readRow`. */
  rowEvent(ctx: ParseContext, line: number, row: R): LogEvent;
  /** Whether a line (or the echoed command) runs the tool that prints this table. */
  isEcho(text: string | undefined): boolean;
  /** What a head line says for detection; by default a row when `readRow` takes it without a header. */
  headKind?(text: string): HeadLineKind;
  /** The score of rows without a header: [under an echoed command, without one]. */
  noHeader: readonly [echoed: number, plain: number];
}

/**
 * Blank lines, elisions (`// SNIP`), command echoes and headers are skipped; every other line is
 * a row, the tool's own error line (cliErrorEvent), or unparsed with `readRow`'s reason.
 * Record-local: only a header above the segment's first event counts (the store's rebuild replays
 * exactly those lines before a record), so a later header is skipped without effect; rows under
 * it that do not fit the first header's offsets are read by shape, as `readRow` does for
 * headerless rows.
 */
export function tableLineParser<H, R extends object>(
  ctx: ParseContext,
  sink: EventSink,
  spec: TableSpec<H, R>,
): LineParser {
  let header: H | null = null;
  let events = 0;
  return {
    push(text, line) {
      if (isBlank(text)) {
        sink.skipped(line, 'blank');
        return;
      }
      const h = spec.header(text);
      if (h !== null) {
        if (events === 0) header = h;
        sink.skipped(line, 'header');
        return;
      }
      if (isElision(text)) {
        sink.skipped(line, 'comment');
        return;
      }
      if (echoedCommand(text)) {
        sink.skipped(line, 'prompt');
        return;
      }
      const r = spec.readRow(text, header);
      const e = typeof r === 'string' ? cliErrorEvent(ctx, text, line) : spec.rowEvent(ctx, line, r);
      if (e) {
        events++;
        sink.event(e);
        return;
      }
      sink.unparsed(line, r as string);
    },
    end() {},
  };
}

/** What a table parser's detect counts in a head. */
export interface TableHead {
  header: boolean;
  rows: number;
  weak: number;
  other: number;
  /** The command that prints this table is echoed (ctx.command or a head line). */
  echo: boolean;
}

/**
 * Counts a head's header, rows and other lines; elisions, command echoes and the tool's error
 * lines are neutral.
 */
export function scanTableHead<H, R extends object>(
  spec: TableSpec<H, R>,
  head: readonly string[],
  command: string | undefined,
): TableHead {
  const kind =
    spec.headKind ?? ((t: string) => (typeof spec.readRow(t, null) === 'string' ? 'other' : 'row'));
  const h: TableHead = {
    header: false,
    rows: 0,
    weak: 0,
    other: 0,
    echo: spec.isEcho(command) || head.some((t) => spec.isEcho(t)),
  };
  for (const t of head) {
    if (spec.header(t) !== null) h.header = true;
    else if (isElision(t) || echoedCommand(t) || isCliError(t)) continue;
    else {
      const k = kind(t);
      if (k === 'row') h.rows++;
      else if (k === 'weak') h.weak++;
      else if (k === 'other') h.other++;
    }
  }
  return h;
}

/**
 * The table parsers' score: with a header, 0.95 when a row or nothing else follows it (a header
 * over lines of another shape, 0.6); without one, when rows are at least as many as other lines,
 * `noHeader` (echoed command, none); else 0.
 */
export function tableScore(h: TableHead, noHeader: readonly [echoed: number, plain: number]): number {
  if (h.header) return h.rows > 0 || h.other === 0 ? 0.95 : 0.6;
  if (h.rows > 0 && h.rows >= h.other) return h.echo ? noHeader[0] : noHeader[1];
  return 0;
}

/** A table parser's detect: tableScore of the head's counts. */
export function detectTable<H, R extends object>(
  spec: TableSpec<H, R>,
  head: readonly string[],
  command: string | undefined,
): number {
  return tableScore(scanTableHead(spec, head, command), spec.noHeader);
}

/**
 * A table format's Parser: detectTable and tableLineParser over `spec`, unless `p` brings its own
 * `detect`.
 */
export function tableParser<H, R extends object>(
  spec: TableSpec<H, R>,
  p: Omit<Parser, 'detect' | 'create'> & Partial<Pick<Parser, 'detect'>>,
): Parser {
  return {
    detect: (head, _fileName, command) => detectTable(spec, head, command),
    create: (ctx, sink) => tableLineParser(ctx, sink, spec),
    ...p,
  };
}

// `Error response from daemon: No such container: 43124b30fe28`, `Error: No such object: x`,
// `ctr: container "x" in namespace "k8s.io": not found`, `runc list: open /run/runc: permission denied`,
// `time="2024-01-01T00:00:00Z" level=error msg="..."` (runc / docker CLI logrus on stderr)
const CLI_ERROR_RE =
  /^(?:Error(?: response from daemon)?: |(?:ctr|runc|docker|nerdctl)(?: [a-z]{1,12})?: |time="[^"]{1,40}" level=(?:error|fatal|warning) )/;

/** True for a tool's own error line (see cliErrorEvent): neutral for detection. */
export function isCliError(text: string): boolean {
  return text.length <= 4000 && CLI_ERROR_RE.test(text);
}

/** A tool's own error line on stderr, pasted with its output: an event with severity err. */
export function cliErrorEvent(ctx: ParseContext, text: string, line: number): LogEvent | null {
  if (!isCliError(text)) return null;
  const warn = text.includes('level=warning');
  return makeEvent(ctx, {
    line,
    severity: warn ? 'warning' : 'err',
    message: text.trim(),
    fields: { what: 'cli-error' },
  });
}
