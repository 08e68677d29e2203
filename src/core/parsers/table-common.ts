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
import type { EventSink, LineParser, ParseContext } from './parser-api.ts';

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
// The line loop every table parser runs

export interface TableSpec<H> {
  /** The header this line is, or null. */
  header(text: string): H | null;
  /** The event for a row (under `header`, null when none came first), or why it is not a row. */
  row(ctx: ParseContext, text: string, line: number, header: H | null): LogEvent | string;
  /** Lines of other kinds the tool prints around its table (its own errors): an event, or null. */
  other?(ctx: ParseContext, text: string, line: number): LogEvent | null;
}

/**
 * Blank lines, elisions (`// SNIP`), command echoes and headers are skipped; every other line is
 * a row or unparsed with the spec's reason. Record-local: only a header above the segment's first
 * event counts (the store's rebuild replays exactly those lines before a record), so a later
 * header is skipped without effect; rows under it that do not fit the first header's offsets are
 * read by shape, as the spec's `row` does for headerless rows.
 */
export function tableLineParser<H>(ctx: ParseContext, sink: EventSink, spec: TableSpec<H>): LineParser {
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
      const r = spec.row(ctx, text, line, header);
      const e = typeof r === 'string' ? (spec.other?.(ctx, text, line) ?? null) : r;
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
