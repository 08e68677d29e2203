// `ps` (procps-ng, busybox): `ps aux`, `ps -ef`, `ps -eo pid,ppid,stat,comm,args` custom columns,
// `ps auxf` / `ps -ef --forest` tree art, and header-less rows (`ps aux | grep x`). Reference:
// procps-ng ps/output.c (format_array: column titles, `%CPU`, `VSZ`/`RSS` in KiB, STAT letters),
// ps(1) "PROCESS STATE CODES"; FORMATS.md 8.3 for the table rule (a known header line).
//
//   USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND
//   root        1012  0.3  1.2 1869524 98212 ?       Ssl  Nov25   2:11 /usr/bin/containerd
//   UID          PID    PPID  C STIME TTY          TIME CMD
//   root        5678       1  0 10:00 ?        00:00:01 /usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id <64hex> -address ...
//
// Columns are whitespace-separated; only the last (COMMAND / CMD / ARGS) holds spaces, so a row is
// cut into (columns - 1) tokens and the rest. ps right-aligns numbers and never prints an empty
// cell (`-` instead). A row with fewer cells than the header (cut by the terminal or a paste) keeps
// the cells it has and `truncated: true`.
//
// Header-less rows are read by their shape: `ps aux` (USER PID %CPU %MEM VSZ RSS TTY STAT ...)
// or `ps -ef` (UID PID PPID C STIME TTY TIME CMD). The command echo `ps aux | grep 1365945` pasted
// above them (corpus containerd-10636) is an event of its own (`what: 'ps-command'`, the grep
// pattern in `grep`): which pid was looked for matters when the answer is "only grep itself".
//
// One event per row: `what: 'process'`, pid (also the event's pid column and a pid entity), ppid,
// user, stat, `defunct` (Z, `<defunct>`), `uninterruptible` (D), rss_kb, vsz_kb, cpu_percent,
// mem_percent, command, comm (process entity), START/STIME as `start` text only (no time: ps
// prints no date for today's processes and a relative clock): timeQuality 'none'. A shim's
// `-id <64hex>` becomes a container entity.
//
// Record-local: a row's fields come from the header (the segment's lines before the first record)
// or its own shape. A second, different header in the middle of one segment (two ps outputs pasted
// without a prompt between them) is followed for the rows after it, which the store's rebuild
// (header = lines before the first record) would not see: the one case this parser does not cover.

import { addContainerEntity } from '../messages/ids.ts';
import { addEntity, type Reading } from '../messages/reading.ts';
import type { FieldValue, Severity } from '../model/event.ts';
import { isBlank, makeEvent } from './event-builder.ts';
import type { EventSink, LineParser, ParseContext, Parser } from './parser-api.ts';

type ColType = 'int' | 'dec' | 'str' | 'cmd' | 'start' | 'user';

interface ColumnDef {
  key: string;
  type: ColType;
}

// procps-ng ps/output.c format_array titles -> field keys. `UID` prints the user name unless
// `-n`/numeric output (then digits): type 'user' decides per cell.
const COLUMNS: Record<string, ColumnDef> = {
  USER: { key: 'user', type: 'user' },
  RUSER: { key: 'ruser', type: 'str' },
  EUSER: { key: 'euser', type: 'str' },
  UID: { key: 'user', type: 'user' },
  EUID: { key: 'euid', type: 'user' },
  RUID: { key: 'ruid', type: 'user' },
  PID: { key: 'pid', type: 'int' },
  PPID: { key: 'ppid', type: 'int' },
  PGID: { key: 'pgid', type: 'int' },
  SID: { key: 'sid', type: 'int' },
  SESS: { key: 'sid', type: 'int' },
  TGID: { key: 'tgid', type: 'int' },
  LWP: { key: 'lwp', type: 'int' },
  SPID: { key: 'lwp', type: 'int' },
  TID: { key: 'lwp', type: 'int' },
  NLWP: { key: 'nlwp', type: 'int' },
  '%CPU': { key: 'cpu_percent', type: 'dec' },
  '%MEM': { key: 'mem_percent', type: 'dec' },
  C: { key: 'c', type: 'int' },
  VSZ: { key: 'vsz_kb', type: 'int' },
  RSS: { key: 'rss_kb', type: 'int' },
  RSZ: { key: 'rss_kb', type: 'int' },
  SZ: { key: 'sz_pages', type: 'int' },
  TTY: { key: 'tty', type: 'str' },
  TT: { key: 'tty', type: 'str' },
  STAT: { key: 'stat', type: 'str' },
  S: { key: 'stat', type: 'str' },
  START: { key: 'start', type: 'str' },
  STIME: { key: 'start', type: 'str' },
  STARTED: { key: 'start', type: 'start' },
  TIME: { key: 'cpu_time', type: 'str' },
  ELAPSED: { key: 'elapsed', type: 'str' },
  NI: { key: 'nice', type: 'str' },
  PRI: { key: 'priority', type: 'str' },
  PSR: { key: 'psr', type: 'int' },
  WCHAN: { key: 'wchan', type: 'str' },
  F: { key: 'flags', type: 'str' },
  ADDR: { key: 'addr', type: 'str' },
  CLS: { key: 'cls', type: 'str' },
  RTPRIO: { key: 'rtprio', type: 'str' },
  CGROUP: { key: 'cgroup', type: 'str' },
  LABEL: { key: 'label', type: 'str' },
  COMMAND: { key: 'command', type: 'cmd' },
  CMD: { key: 'command', type: 'cmd' },
  ARGS: { key: 'command', type: 'cmd' },
};

interface Column extends ColumnDef {
  title: string;
}

/** The columns a header line names, or null when it is not a ps header (every title known, PID among them). */
function headerOf(text: string): Column[] | null {
  const t = text.trim();
  if (t.length === 0 || t.length > 400) return null;
  const titles = t.split(/\s+/);
  if (titles.length < 2 || !titles.includes('PID')) return null;
  const cols: Column[] = [];
  for (let i = 0; i < titles.length; i++) {
    const def = COLUMNS[titles[i]];
    if (!def) return null;
    // Only the last command column takes the rest of the line; an earlier one is `comm`
    // (`ps -eo pid,comm,args` prints COMMAND twice).
    if (def.type === 'cmd' && i < titles.length - 1)
      cols.push({ title: titles[i], key: 'comm', type: 'str' });
    else cols.push({ title: titles[i], ...def });
  }
  return cols;
}

// `ps aux | grep 1365945`, `sudo ps -ef --forest`, `ps -eo pid,ppid,stat,comm,args`: a ps command
// echoed without a prompt (corpus containerd-10636 ps.txt).
const ECHO_RE = /^(?:sudo )?ps(?: (?<args>[^|]{0,300}))?(?:\|(?<pipe>.{0,500}))?$/;
// The options after `ps`: BSD letters (`aux`, `auxf`, `faux`) or dashed ones (`-ef`, `-eo pid,...`).
const PS_ARGS_RE = /^(?:-{1,2}[a-zA-Z]|[a-zA-Z]{1,8}(?: |$))/;

function echoOf(text: string): { command: string; grep?: string } | null {
  const t = text.trim();
  const m = ECHO_RE.exec(t);
  if (!m) return null;
  const args = (m.groups?.args ?? '').trim();
  if (args.length > 0 && !PS_ARGS_RE.test(args)) return null;
  const out: { command: string; grep?: string } = { command: t };
  const g = grepPattern(m.groups?.pipe);
  if (g) out.grep = g;
  return out;
}

/** The first pattern of the first `grep` in a pipe (`grep 1365945`, `grep -i "containerd-shim"`). */
function grepPattern(pipe: string | undefined): string | undefined {
  if (!pipe) return undefined;
  for (const part of pipe.split('|')) {
    const toks = part.trim().split(/\s+/);
    if (!/^[ef]?grep$/.test(toks[0] ?? '')) continue;
    for (const tok of toks.slice(1)) {
      if (tok.startsWith('-')) continue;
      return tok.replace(/^["']|["']$/g, '');
    }
  }
  return undefined;
}

/** The ps command and its grep pattern from `ctx.command` (`$ ps aux | grep containerd`). */
function commandFilter(command: string | undefined): string | undefined {
  if (!command) return undefined;
  const e = echoOf(command);
  return e?.grep;
}

// ---------------------------------------------------------------------------------------------
// Command lines (shared with systemctl-status's cgroup tree).

export interface CommandLine {
  /** The program name: `containerd-shim-runc-v2` of `/usr/bin/containerd-shim-runc-v2 -namespace ...`. */
  comm?: string;
  /** `[kworker/0:1]`: no command line (a kernel thread, or a process whose cmdline is gone). */
  bracketed?: boolean;
  defunct?: boolean;
  /** A containerd shim's task / sandbox id (`-id <64hex>`, v1 `-workdir .../<64hex>`). */
  shimId?: string;
  shimNamespace?: string;
}

// `-id 4f2c9b...` / `-workdir /var/lib/containerd/io.containerd.runtime.v1.linux/moby/4f2c9b...`
// (containerd runtime/v2/shim/util.go, v1 shim's command line).
const SHIM_ID_RE = /(?:^| )-id ([0-9a-f]{64})(?: |$)/;
const SHIM_WORKDIR_RE = /(?:^| )-workdir \S{0,400}\/([0-9a-f]{64})(?: |$)/;
const SHIM_NS_RE = /(?:^| )-namespace (\S{1,128})/;

/** What a process command line (`ps` COMMAND, a systemd cgroup tree line) says. */
export function readCommandLine(args: string): CommandLine {
  const out: CommandLine = {};
  const a = args.trim();
  if (a.length === 0) return out;
  if (a.endsWith('<defunct>')) out.defunct = true;
  let first: string;
  if (a.startsWith('[')) {
    // `[kworker/0:1-events]`, `[java] <defunct>`
    const close = a.indexOf(']');
    first = close > 0 ? a.slice(1, close) : a.slice(1);
    out.bracketed = true;
  } else {
    const sp = a.indexOf(' ');
    first = sp < 0 ? a : a.slice(0, sp);
    first = first.replace(/^"|"$/g, '');
    first = first.slice(first.lastIndexOf('/') + 1);
    // `-bash` (a login shell), `sshd:` of `sshd: root@pts/0`
    if (first.startsWith('-')) first = first.slice(1);
    if (first.endsWith(':')) first = first.slice(0, -1);
  }
  if (first) out.comm = first;
  if (first.startsWith('containerd-shim')) {
    const id = SHIM_ID_RE.exec(a) ?? SHIM_WORKDIR_RE.exec(a);
    if (id) out.shimId = id[1];
    const ns = SHIM_NS_RE.exec(a);
    if (ns) out.shimNamespace = ns[1];
  }
  return out;
}

/** Adds `comm`, the flags and the shim's container entity of a command line. */
export function addCommandLine(r: Reading, args: string): CommandLine {
  const c = readCommandLine(args);
  if (c.comm !== undefined && !('comm' in r.fields)) r.fields.comm = c.comm;
  if (c.defunct) r.fields.defunct = true;
  if (c.bracketed) r.fields.no_cmdline = true;
  if (c.shimId) {
    r.fields.shim_id = c.shimId;
    // The id a shim is started with is its task's (the pod sandbox's, for CRI pods since one
    // shim serves a whole pod): the same container id ctr and the cgroup scope name.
    addContainerEntity(r, c.shimId);
  }
  if (c.shimNamespace) r.fields.shim_namespace = c.shimNamespace;
  const comm = r.fields.comm;
  if (typeof comm === 'string') addEntity(r, 'process', comm);
  return c;
}

// ---------------------------------------------------------------------------------------------
// Rows.

// STAT: one state letter, then modifiers (ps(1) PROCESS STATE CODES): `Ssl`, `S+`, `Z`, `D<`, `I<`.
const STAT_RE = /^[DIRSTtWXZPK][<NLsl+]{0,6}$/;
// PID, PPID, VSZ, RSS, C: `870590`, `16244`, `0`
const INT_RE = /^\d{1,10}$/;
// `0.0`, `12.5`, `101` (a multi-threaded process above 100 %)
const DEC_RE = /^\d{1,6}(?:\.\d{1,3})?$/;
// STIME/START: `10:00` (today), `Nov25` (this year), `2024` (older), `10:00:00` (procps-ng
// ps/output.c pr_stime / pr_start)
const STIME_RE = /^(?:\d\d:\d\d(?::\d\d)?|\p{L}{3}\d\d|\d{4})$/u;
// TIME: `00:00:01`, `1-02:03:04` (ps -ef), `2:11` (ps aux, M:SS)
const TIME_RE = /^(?:\d{1,4}-)?\d{1,6}:\d\d(?::\d\d)?$/;
// `ps auxf` / `ps -ef --forest` art in front of the command: `\_ `, `|   \_ `, `    \_ `
const FOREST_RE = /^[ |]*\\_ /;

// The two layouts a header-less row may have (procps-ng `ps aux` and `ps -ef` defaults).
const AUX: Column[] = [
  'USER',
  'PID',
  '%CPU',
  '%MEM',
  'VSZ',
  'RSS',
  'TTY',
  'STAT',
  'START',
  'TIME',
  'COMMAND',
].map((title) => ({ title, ...COLUMNS[title] }));
const EF: Column[] = ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'].map((title) => ({
  title,
  ...COLUMNS[title],
}));

/** Whitespace-separated cells from `pos`: the next token's [start, end), or null at the end. */
function nextToken(text: string, pos: number): [number, number] | null {
  let i = pos;
  const n = text.length;
  while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  if (i >= n) return null;
  let j = i;
  while (j < n && text.charCodeAt(j) !== 32 && text.charCodeAt(j) !== 9) j++;
  return [i, j];
}

interface Cells {
  values: string[];
  /** Where each cell starts in the line. */
  offsets: number[];
  /** The header's columns were not all filled (the row was cut). */
  truncated: boolean;
}

// `Tue Nov 25 10:00:00 2025` (lstart) or `Nov 25` (start, older than a day): STARTED cells with spaces.
const WEEKDAY_RE = /^\p{L}{3}$/u;

/** Cuts a row into the columns' cells: (n - 1) tokens, the rest for a final command column. */
function cutRow(text: string, cols: Column[]): Cells {
  const values: string[] = [];
  const offsets: number[] = [];
  let pos = 0;
  for (let i = 0; i < cols.length; i++) {
    const tok = nextToken(text, pos);
    if (tok === null) return { values, offsets, truncated: true };
    const col = cols[i];
    offsets.push(tok[0]);
    if (col.type === 'cmd' && i === cols.length - 1) {
      values.push(text.slice(tok[0]).trimEnd());
      return { values, offsets, truncated: false };
    }
    let end = tok[1];
    if (col.type === 'start') {
      // Take the following tokens of a spaced date: `Nov 25`, `Tue Nov 25 10:00:00 2025`.
      const word = text.slice(tok[0], tok[1]);
      const more = WEEKDAY_RE.test(word) ? 4 : /^\p{L}{3}$/u.test(word) ? 1 : 0;
      for (let k = 0; k < more; k++) {
        const t2 = nextToken(text, end);
        if (t2 === null) break;
        end = t2[1];
      }
    }
    values.push(text.slice(tok[0], end));
    pos = end;
  }
  // Cells left over with no column: not this layout.
  return nextToken(text, pos) === null
    ? { values, offsets, truncated: false }
    : { values: [], offsets: [], truncated: true };
}

/** True when every cell fits its column's type, and the row reaches the PID column. */
function cellsFit(cols: Column[], values: string[]): boolean {
  const pidAt = cols.findIndex((c) => c.key === 'pid');
  if (values.length <= pidAt) return false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    switch (cols[i].type) {
      case 'int':
        if (!INT_RE.test(v)) return false;
        break;
      case 'dec':
        if (!DEC_RE.test(v)) return false;
        break;
      default:
        if (cols[i].key === 'stat' && !STAT_RE.test(v)) return false;
    }
  }
  return true;
}

/** A header-less row read as `ps aux` or `ps -ef` by the shape of its cells; null when neither fits. */
function shapedRow(text: string): { cols: Column[]; cells: Cells } | null {
  const aux = cutRow(text, AUX);
  // USER..STAT at least: the corpus row `root 870590 0.0 0.0 16244 1128 pts/2 S+ ` stops there.
  if (aux.values.length >= 8 && cellsFit(AUX, aux.values)) {
    const v = aux.values;
    if (v.length < 9 || (STIME_RE.test(v[8]) && (v.length < 10 || TIME_RE.test(v[9]))))
      return { cols: AUX, cells: aux };
  }
  const ef = cutRow(text, EF);
  if (ef.values.length >= 7 && cellsFit(EF, ef.values)) {
    const v = ef.values;
    if (STIME_RE.test(v[4]) && TIME_RE.test(v[6])) return { cols: EF, cells: ef };
  }
  return null;
}

function rowEvent(ctx: ParseContext, line: number, cols: Column[], cells: Cells, filter: string | undefined) {
  const fields: Record<string, FieldValue> = { what: 'process' };
  const r: Reading = { fields, entities: [] };
  let pid: number | undefined;
  let command: string | undefined;
  for (let i = 0; i < cells.values.length; i++) {
    const col = cols[i];
    let v = cells.values[i];
    if (col.key in fields && col.key !== 'comm') continue;
    switch (col.type) {
      case 'int':
      case 'dec':
        fields[col.key] = Number(v);
        break;
      case 'user':
        if (INT_RE.test(v)) fields[col.key === 'user' ? 'uid' : col.key] = Number(v);
        else fields[col.key] = v;
        break;
      case 'cmd': {
        const forest = FOREST_RE.exec(v);
        if (forest) {
          // The art's indent is what places a child under its parent; the leading spaces of the
          // cell are not in `v`, so keep the `\_` offset in the row (comparable between rows).
          fields.forest_column = cells.offsets[i] + forest[0].length - 3;
          v = v.slice(forest[0].length);
        }
        command = v;
        fields.command = v;
        break;
      }
      default:
        if (col.key === 'nice' || col.key === 'priority') fields[col.key] = INT_RE.test(v) ? Number(v) : v;
        else fields[col.key] = v;
    }
    if (col.key === 'pid') pid = Number(v);
  }
  if (cells.truncated) fields.truncated = true;
  if (filter) fields.grep = filter;
  const stat = typeof fields.stat === 'string' ? fields.stat : '';
  if (stat.startsWith('Z')) fields.defunct = true;
  if (stat.startsWith('D')) fields.uninterruptible = true;
  if (command !== undefined) addCommandLine(r, command);
  else if (typeof fields.comm === 'string') addEntity(r, 'process', fields.comm);
  if (pid !== undefined) addEntity(r, 'pid', String(pid));
  let severity: Severity | undefined;
  if (fields.uninterruptible) severity = 'warning';
  else if (fields.defunct) severity = 'notice';
  const who = typeof fields.user === 'string' ? ` ${fields.user}` : '';
  const message = `pid ${pid ?? '?'}${stat ? ` ${stat}` : ''}${who}: ${command ?? (typeof fields.comm === 'string' ? fields.comm : '(command cut off)')}`;
  return makeEvent(ctx, {
    line,
    pid,
    severity,
    message: ctx.columnsOnly ? '' : message,
    fields: ctx.columnsOnly ? {} : fields,
    entities: ctx.columnsOnly ? [] : r.entities,
  });
}

class PsLineParser implements LineParser {
  private cols: Column[] | null = null;
  private readonly filter: string | undefined;

  constructor(
    private readonly ctx: ParseContext,
    private readonly sink: EventSink,
  ) {
    this.filter = commandFilter(ctx.command);
  }

  push(text: string, line: number): void {
    if (isBlank(text)) {
      this.sink.skipped(line, 'blank');
      return;
    }
    const h = headerOf(text);
    if (h) {
      this.cols = h;
      this.sink.skipped(line, 'header');
      return;
    }
    const echo = echoOf(text);
    if (echo) {
      const fields: Record<string, FieldValue> = { what: 'ps-command', command: echo.command };
      if (echo.grep) fields.grep = echo.grep;
      this.sink.event(
        makeEvent(this.ctx, {
          line,
          message: this.ctx.columnsOnly ? '' : echo.command,
          fields: this.ctx.columnsOnly ? {} : fields,
        }),
      );
      return;
    }
    if (this.cols) {
      const cells = cutRow(text, this.cols);
      if (cellsFit(this.cols, cells.values)) {
        this.sink.event(rowEvent(this.ctx, line, this.cols, cells, this.filter));
        return;
      }
    }
    const shaped = shapedRow(text);
    if (shaped) {
      this.sink.event(rowEvent(this.ctx, line, shaped.cols, shaped.cells, this.filter));
      return;
    }
    this.sink.unparsed(
      line,
      this.cols
        ? `ps: row does not fit the header (${this.cols.map((c) => c.title).join(' ')})`
        : 'ps: not a ps row (no header above it, and not the `ps aux` / `ps -ef` column shape)',
    );
  }

  end(): void {}
}

function detect(head: readonly string[], fileName?: string, command?: string): number {
  let n = 0;
  let fit = 0;
  let header = false;
  let echo = command !== undefined && echoOf(command) !== null;
  let cols: Column[] | null = null;
  for (const t of head) {
    if (isBlank(t)) continue;
    n++;
    const h = headerOf(t);
    if (h) {
      header = true;
      cols = h;
      fit++;
      continue;
    }
    if (echoOf(t)) {
      echo = true;
      fit++;
      continue;
    }
    if (cols) {
      if (cellsFit(cols, cutRow(t, cols).values)) {
        fit++;
        continue;
      }
    }
    if (shapedRow(t)) fit++;
  }
  if (n === 0 || fit === 0) return 0;
  const share = fit / n;
  // A known header is the clearest sign; rows alone have a distinctive shape (float %CPU/%MEM,
  // a STAT code), less so without the echoed command.
  let base = header ? 1 : echo ? 0.9 : 0.75;
  if (!header && !echo && fileName !== undefined && /(?:^|[^a-z])ps[^a-z]/i.test(fileName)) base = 0.85;
  return base * share;
}

export const psParser: Parser = {
  id: 'ps',
  title: 'ps (process list)',
  version: 1,
  samples: [
    // procps-ng `ps aux` layout (ps(1) "STANDARD FORMAT SPECIFIERS"; rows synthetic)
    `USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND
root           1  0.0  0.1 167744 11520 ?        Ss   Nov25   0:09 /sbin/init
root        1012  0.3  1.2 1869524 98212 ?       Ssl  Nov25   2:11 /usr/bin/containerd
root        4711  0.0  0.0      0     0 ?        Z    10:02   0:00 [java] <defunct>
`,
    // procps-ng `ps -ef` layout
    `UID          PID    PPID  C STIME TTY          TIME CMD
root           1       0  0 Nov25 ?        00:00:09 /sbin/init
root        1012       1  0 Nov25 ?        00:02:11 /usr/bin/containerd
`,
    // corpus containerd-10636 ps.txt: the echo and a header-less, cut row
    'ps aux | grep 1365945\nroot 870590 0.0 0.0 16244 1128 pts/2 S+ \n',
  ],
  detect,
  create: (ctx, sink) => new PsLineParser(ctx, sink),
};
