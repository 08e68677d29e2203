// `systemctl status [UNIT...]`: per unit a header block, its cgroup's process tree and a tail of
// its journal. Reference: systemd src/systemctl/systemctl-show.c print_status_info() (the header
// keys and their layout), src/shared/cgroup-show.c (the tree), src/shared/logs-show.c (the journal
// tail, `-o short` by default, printed after one blank line).
//
//   ● containerd.service - containerd container runtime                  unit head: bullet, id, description
//        Loaded: loaded (/lib/systemd/system/containerd.service; enabled; vendor preset: enabled)
//        Active: active (running) since Tue 2025-11-25 10:00:00 UTC; 2h ago
//          Docs: https://containerd.io
//      Main PID: 1234 (containerd)
//         Tasks: 23 (limit: 4915)
//        Memory: 1.2G
//        CGroup: /system.slice/containerd.service
//                ├─1234 /usr/bin/containerd                                  process: glyph, pid (right-aligned), cmdline
//                └─5678 /usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id <64hex> ...
//
//   Nov 25 10:00:00 node-1 containerd[1234]: time="..." level=info msg="..."
//
// The bullet is `●` (active, activating), `○` (inactive), `×` (failed, v249+), `↻` (reloading);
// `systemctl status` with no unit prints the host instead (`● node-1`, then `State:`, `Jobs:`,
// `Failed:`, `Since:`, `CGroup: /`). Tree glyphs are `├─ └─ │` (`|- \`- |` in an ASCII locale);
// a nested cgroup prints its name (`├─kubepods-burstable-pod<uid>.slice`, `└─cri-containerd-<id>.scope`).
//
// Events:
// - the header block (bullet line through `CGroup:`): one `what: 'unit-status'` event (host:
//   `'system-status'`) with unit, states, result, since (the event's time: exact with a known zone),
//   main pid, tasks, memory, cgroup; unit / pid / process / cgroup entities.
// - each tree line: a process line is `what: 'cgroup-tree-process'` (pid, command, comm, a
//   container entity for a shim's `-id`); a cgroup line is `what: 'cgroup-tree-unit'` (its name;
//   unit, pod and container entities from the name: `cri-containerd-<id>.scope`). The same `what`
//   ids the systemd message reader gives these lines when they arrive as free text. Both keep `tree_column` (the glyph's
//   offset): the parent of a line is the nearest line above whose column is 2 less. Below a header
//   whose `CGroup:` was read, each tree line also gets the cgroup path it names or sits in
//   (`CGroup:` value + the names above it: `cgroup` field, cgroup / pod / container entities), the
//   innermost unit of that path (the `unit` column and entity; the header's unit at the tree's
//   root) and the header's host, with `record: [header's first line, own line]`: those come from
//   earlier lines, so the store rebuilds the event from the header on (docs/parsers.md). A tree
//   without its header (a cut paste), or one whose columns do not nest, stays line-local.
// - each journal line: the journalctl `short` grammar (journal-common): year-less, `inferred` time,
//   host, ident, pid; indented continuation lines belong to it. The format stays `systemctl-status`.
// - `// SNIP`, `...` (author elisions), `Hint:` / `Warning:` notices: skipped as comments.

import { addCgroupEntities, namesInCgroup } from '../messages/ids.ts';
import { addEntity, type Reading } from '../messages/reading.ts';
import type { FieldValue, Severity } from '../model/event.ts';
import { civilGroupsToMicros, fractionToMicros, zoneTokenOffset } from '../util/time.ts';
import { isBlank, makeEvent } from './event-builder.ts';
import {
  classifySpecial,
  ISO_STAMP,
  isIndented,
  isoClock,
  parseOrigin,
  type StampTime,
  YEARLESS_STAMP,
  yearlessClock,
} from './journal-common.ts';
import type { EventSink, LineParser, ParseContext, Parser } from './parser-api.ts';
import { addCommandLine } from './ps.ts';

// ---------------------------------------------------------------------------------------------
// Lines.

// A unit name (systemd unit-name.c: the suffix says the type): `containerd.service`,
// `cri-containerd-<id>.scope`, `kubepods-burstable-pod<uid>.slice`, `user@1000.service`.
const UNIT_RE =
  /^[\w@:.\\-]{1,256}\.(?:service|socket|target|device|mount|automount|swap|timer|path|slice|scope)$/;
// `● containerd.service - containerd container runtime`, `× kubelet.service - kubelet: ...`,
// `○ foo.service`, `● node-1` (systemctl status without a unit). print_status_info: glyph, id,
// ` - description` unless it equals the id. `*` is the glyph in a non-UTF-8 locale.
const HEAD_RE = /^(?<bullet>[●×○↻*] )?(?<name>[^\s]{1,256})(?: - (?<desc>.{0,500}))?$/;
// `Unit foo.service could not be found.` (systemctl's error for an unknown unit, on stderr)
const NOT_FOUND_RE = /^Unit (\S{1,256}) could not be found\.$/;
// `     Loaded: loaded (...)`: the keys print_status_info writes, right-aligned to column 11
// (older versions: 3-space indent). `Cntrl PID` stands alone when there is no main pid.
const KEY_RE =
  /^ {0,12}(?<key>Loaded|Transient|Drop-In|Active|TriggeredBy|Trigger|Triggers|Condition|Assert|Device|Where|What|Duration|Docs|Listen|Accepted|Process|Main PID|Cntrl PID|Status|Error|IP|IO|Tasks|FD Store|Memory|Mem peak|Swap peak|Zswap|CPU|CGroup|Invocation|Follows|State|Units|Jobs|Failed|Since|systemd|Tainted|Notify):(?: (?<value>.{0,2000}))?$/;
// `// SNIP` (an author's cut, corpus containerd-5708)
const AUTHOR_COMMENT_RE = /^\s{0,40}\/\/ ?\S/;

/** What one tree line holds; null when the line is no tree line. */
interface TreeLine {
  /** Offset of the glyph (`├─`) in the line. */
  column: number;
  pid?: number;
  command?: string;
  node?: string;
}

/**
 * `               ├─1234 /usr/bin/containerd`, `│ └─cri-containerd-<id>.scope`, `  └─ 987 /pause`
 * (pids right-aligned to the widest), `|-1234 ...` / `` `-1234 `` (ASCII), `‣ 1234 ...` (an extra
 * pid outside the cgroup). cgroup-show.c show_pid_array / show_cgroup_name. Char scans only.
 */
function treeLineOf(text: string): TreeLine | null {
  const n = text.length;
  let i = 0;
  // Indent and `│ ` / `| ` columns of enclosing levels.
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 0x2502 /* │ */) continue;
    if (c === 124 /* | */ && text.charCodeAt(i + 1) !== 45 /* - */) continue;
    break;
  }
  if (i >= n) return null;
  const column = i;
  const c0 = text.charCodeAt(i);
  const c1 = text.charCodeAt(i + 1);
  let j: number;
  if ((c0 === 0x251c /* ├ */ || c0 === 0x2514) /* └ */ && c1 === 0x2500 /* ─ */) j = i + 2;
  else if ((c0 === 124 /* | */ || c0 === 96) /* ` */ && c1 === 45 /* - */) j = i + 2;
  else if (c0 === 0x2023 /* ‣ */ && c1 === 32) j = i + 2;
  else return null;
  const rest = text.slice(j).trimEnd();
  // `1234 /usr/bin/containerd`, ` 987 /pause`
  const m = /^ {0,10}(\d{1,10})(?: (.*))?$/.exec(rest);
  if (m) return { column, pid: Number(m[1]), command: m[2] ?? '' };
  // A cgroup's name: `kubepods.slice`, `cri-containerd-<id>.scope …` (delegated), `x (#1234)` (--cgroup-id)
  const name = rest.replace(/ (?:…|\(#\d{1,20}\))$/, '');
  // No spaces, no more box drawing (`containerd-shim─┬─pause` is pstree, not a cgroup name).
  if (name.length === 0 || name.length > 512 || /[\s\u2500-\u257f]/.test(name)) return null;
  return { column, node: name };
}

// ---------------------------------------------------------------------------------------------
// Header values.

// `active (running)`, `failed (Result: oom-kill)`, `activating (auto-restart) (Result: exit-code)`,
// `active (running) (frozen)`, each optionally ` since <timestamp>; <relative>`.
const ACTIVE_RE =
  /^(?<state>[a-z-]{1,32})(?<parens>(?: \([^)]{0,64}\)){0,4})(?: since (?<since>[^;]{1,80})(?:; (?<ago>.{0,80}))?)?$/;
// `loaded (/lib/systemd/system/containerd.service; enabled; vendor preset: enabled)`,
// `not-found (Reason: Unit foo.service not found.)`, `masked (Reason: Unit kubelet.service is masked.)`
const LOADED_RE = /^(?<state>[a-z-]{1,32})(?: \((?<inner>.{0,1000})\))?$/;
// `1234 (containerd)`, `1234 (code=exited, status=1/FAILURE)`, `1234 (code=killed, signal=KILL)`,
// `1234 (containerd); Control PID: 1240 (sh)`
const MAIN_PID_RE = /^(?<pid>\d{1,10})(?: \((?<inner>[^)]{0,200})\))?(?:; Control PID: (?<cpid>\d{1,10}))?/;
const EXIT_RE =
  /code=(?<code>\w{1,16}), (?:status=(?<status>\d{1,3})(?:\/(?<name>\w{1,32}))?|signal=(?<signal>\w{1,16}))/;
// `23 (limit: 4915)`
const TASKS_RE = /^(\d{1,10})(?: \(limit: (\d{1,10})\))?/;
// `1.2G`, `36.0M (peak: 40.1M)`, `1.2G (high: 1.5G max: 2.0G available: 818.2M peak: 1.9G)`
const SIZE = String.raw`\d{1,6}(?:\.\d{1,3})?[BKMGTPE]?`;
const MEMORY_RE = new RegExp(String.raw`^(?<cur>${SIZE})(?: \((?<inner>[^)]{0,300})\))?$`);
const MEMORY_PART_RE = new RegExp(
  `(?:^| )(?<key>min|low|high|max|swap max|limit|available|peak|swap|zswap): (?<v>${SIZE}|infinity)`,
  'g',
);
// `Process: 1230 ExecStartPre=/sbin/modprobe overlay (code=exited, status=0/SUCCESS)`
const PROCESS_RE = /^(?<pid>\d{1,10}) (?<exec>\w{1,32})=.{0,2000} \((?<exit>code=[^)]{1,80})\)$/;
// The since timestamp (FORMAT_TIMESTAMP_STYLE): `Tue 2025-11-25 10:00:00 UTC` (pretty, utc),
// `Tue 2025-11-25 10:00:00.123456 UTC` (us), `@1764064800` (unix).
const SINCE_RE =
  /^(?:\p{L}{2,9}\.? )?(?<y>\d{4})-(?<mo>\d\d)-(?<d>\d\d) (?<h>\d\d):(?<mi>\d\d):(?<s>\d\d)(?:\.(?<frac>\d{1,6}))?(?: (?<zone>[A-Za-z]{1,6}|[+-]\d\d(?::?\d\d)?))?$/u;
const UNIX_SINCE_RE = /^@(\d{1,12})(?:\.(\d{1,6}))?$/;

/** The since timestamp -> time: exact with a known zone, else the context's offset (inferred). */
function sinceTime(ctx: ParseContext, s: string): StampTime {
  const u = UNIX_SINCE_RE.exec(s);
  if (u) return { time: Number(u[1]) * 1_000_000 + fractionToMicros(u[2]), timeQuality: 'exact' };
  const m = SINCE_RE.exec(s);
  if (!m?.groups) return { time: null, timeQuality: 'none' };
  const g = m.groups;
  const zone = g.zone;
  // A zone abbreviation of ZONE_ABBREVIATIONS or an offset is exact; `CST`, `IST`, none: inferred.
  const known = zone === undefined ? null : zoneTokenOffset(zone);
  const t = civilGroupsToMicros(g, fractionToMicros(g.frac), known ?? ctx.utcOffsetMinutes);
  if (t === null) return { time: null, timeQuality: 'none' };
  return { time: t, timeQuality: known === null ? 'inferred' : 'exact' };
}

const SIZE_UNITS = 'BKMGTPE';

/** `1.2G` -> bytes (systemd format_bytes: base 1024, one decimal). */
function bytesOf(s: string): number | undefined {
  const m = /^(\d{1,6}(?:\.\d{1,3})?)([BKMGTPE]?)$/.exec(s);
  if (!m) return undefined;
  const k = m[2] === '' ? 0 : SIZE_UNITS.indexOf(m[2]);
  return Math.round(Number(m[1]) * 1024 ** k);
}

/** Reads one `Key: value` of the header into the event's fields. */
function readKey(key: string, v: string, f: Record<string, FieldValue>, r: Reading): void {
  switch (key) {
    case 'Loaded': {
      const m = LOADED_RE.exec(v);
      if (!m?.groups) break;
      f.load_state = m.groups.state;
      const inner = m.groups.inner;
      if (!inner) break;
      if (inner.startsWith('Reason: ')) {
        f.load_error = inner.slice(8);
        break;
      }
      const parts = inner.split('; ');
      if (parts[0]) f.unit_file = parts[0];
      for (const p of parts.slice(1)) {
        if (p.startsWith('vendor preset: ')) f.vendor_preset = p.slice(15);
        else if (p.startsWith('preset: ')) f.vendor_preset = p.slice(8);
        else if (!('unit_file_state' in f)) f.unit_file_state = p;
      }
      break;
    }
    case 'Active': {
      const m = ACTIVE_RE.exec(v);
      if (!m?.groups) {
        f.active = v;
        break;
      }
      f.active_state = m.groups.state;
      const parens = m.groups.parens.match(/\([^)]{0,64}\)/g) ?? [];
      for (const p of parens) {
        const inner = p.slice(1, -1);
        if (inner.startsWith('Result: ')) f.result = inner.slice(8);
        else if (!('sub_state' in f)) f.sub_state = inner;
        else f.freezer_state = inner;
      }
      if (m.groups.since) f.since = m.groups.since;
      if (m.groups.ago) f.ago = m.groups.ago;
      break;
    }
    case 'Since': {
      // host status: `Since: Tue 2025-11-25 10:00:00 UTC; 2 weeks 1 day ago`
      const semi = v.indexOf('; ');
      f.since = semi < 0 ? v : v.slice(0, semi);
      if (semi >= 0) f.ago = v.slice(semi + 2);
      break;
    }
    case 'Main PID':
    case 'Cntrl PID': {
      const m = MAIN_PID_RE.exec(v);
      if (!m?.groups) break;
      const pid = Number(m.groups.pid);
      f[key === 'Main PID' ? 'main_pid' : 'control_pid'] = pid;
      addEntity(r, 'pid', m.groups.pid);
      const inner = m.groups.inner;
      const exit = inner ? EXIT_RE.exec(inner) : null;
      if (exit?.groups) {
        f.main_code = exit.groups.code;
        if (exit.groups.status !== undefined) f.main_status = Number(exit.groups.status);
        if (exit.groups.name) f.main_status_name = exit.groups.name;
        if (exit.groups.signal) f.main_signal = exit.groups.signal;
      } else if (inner) {
        f.main_comm = inner;
        addEntity(r, 'process', inner);
      }
      if (m.groups.cpid) {
        f.control_pid = Number(m.groups.cpid);
        addEntity(r, 'pid', m.groups.cpid);
      }
      break;
    }
    case 'Tasks': {
      const m = TASKS_RE.exec(v);
      if (!m) break;
      f.tasks = Number(m[1]);
      if (m[2]) f.tasks_limit = Number(m[2]);
      break;
    }
    case 'Memory': {
      const m = MEMORY_RE.exec(v);
      if (!m?.groups) {
        f.memory = v;
        break;
      }
      f.memory = m.groups.cur;
      const b = bytesOf(m.groups.cur);
      if (b !== undefined) f.memory_bytes = b;
      for (const p of (m.groups.inner ?? '').matchAll(MEMORY_PART_RE)) {
        const k = `memory_${(p.groups?.key ?? '').replace(' ', '_')}`;
        const val = p.groups?.v ?? '';
        f[k] = val;
        const vb = bytesOf(val);
        if (vb !== undefined) f[`${k}_bytes`] = vb;
      }
      break;
    }
    case 'Mem peak':
      f.memory_peak = v;
      if (bytesOf(v) !== undefined) f.memory_peak_bytes = bytesOf(v) as number;
      break;
    case 'CPU':
      f.cpu = v;
      break;
    case 'Duration':
      f.duration = v;
      break;
    case 'CGroup':
      f.cgroup = v;
      addCgroupEntities(r, v);
      break;
    case 'Status':
      f.status_text = v.replace(/^"|"$/g, '');
      break;
    case 'Process': {
      // Only the first failed ExecStart*= run: the one that explains a failure.
      const m = PROCESS_RE.exec(v);
      if (!m?.groups || 'exec_failed' in f) break;
      if (/status=0\/SUCCESS$/.test(m.groups.exit)) break;
      f.exec_failed = m.groups.exec;
      f.exec_failed_exit = m.groups.exit;
      break;
    }
    case 'State':
      f.system_state = v;
      break;
    case 'Jobs':
      f.jobs = v;
      break;
    case 'Failed': {
      const m = /^(\d{1,6}) units?$/.exec(v);
      f.failed_units = m ? Number(m[1]) : v;
      break;
    }
    default:
      break;
  }
}

// ---------------------------------------------------------------------------------------------
// The parser.

interface Header {
  line: number;
  lineEnd: number;
  /** `unit` for a unit head, `host` for `● node-1`, null when the block started at a key line. */
  name: string | null;
  host: boolean;
  description?: string;
  keys: [string, string][];
  cgroupSeen: boolean;
}

/** What the tree lines below a header know from it and from the tree lines above them. */
interface TreeContext {
  /** The header's first line: the first line of every tree event's record. */
  line: number;
  /** The `CGroup:` path, when it is one (`/`, `/system.slice/containerd.service`). */
  root?: string;
  /** The header's unit (unit heads), the unit of the tree's root. */
  unit?: string;
  /** The host of `● node-1` (the system's status). */
  host?: string;
  /** Column of the first tree line: the tree's top level. */
  column: number;
  /** The cgroup names open above the current line, outermost first. */
  stack: { column: number; path?: string; unit?: string }[];
}

/** Where one tree line sits: its record, the cgroup it names or sits in, that cgroup's unit. */
interface TreePlace {
  record: [number, number];
  cgroup?: string;
  unit?: string;
  host?: string;
}

// `/system.slice/containerd.service`, `/`: the CGroup value (cgroup-show.c prints the path alone).
const CGROUP_PATH_RE = /^\/\S{0,4096}$/;

interface Journal {
  line: number;
  lineEnd: number;
  t: StampTime;
  host?: string;
  ident?: string;
  pid?: number;
  unit?: string;
  width: number;
  message: string[];
}

class SystemctlStatusLineParser implements LineParser {
  private header: Header | null = null;
  private journal: Journal | null = null;
  /** The open tree's context: set when a header with `CGroup:` closes, kept while tree lines follow. */
  private tree: TreeContext | null = null;
  /** Whether the line being read was a tree line (any other line ends the tree). */
  private onTree = false;
  private readonly yearless;
  private readonly iso = isoClock();

  constructor(
    private readonly ctx: ParseContext,
    private readonly sink: EventSink,
  ) {
    this.yearless = yearlessClock(ctx);
  }

  push(text: string, line: number): void {
    this.onTree = false;
    this.read(text, line);
    if (!this.onTree) this.tree = null;
  }

  private read(text: string, line: number): void {
    if (isBlank(text)) {
      this.flush();
      this.sink.skipped(line, 'blank');
      return;
    }
    // Journal continuation lines (an indented message line) belong to the open entry.
    const j = this.journal;
    if (j && isIndented(text) && treeLineOf(text) === null) {
      j.lineEnd = line;
      if (!this.ctx.columnsOnly) j.message.push(stripIndent(text, j.width));
      return;
    }
    const h = this.header;
    const key = KEY_RE.exec(text);
    if (key?.groups) {
      if (h && !h.cgroupSeen) {
        h.lineEnd = line;
        h.keys.push([key.groups.key, (key.groups.value ?? '').trim()]);
        if (key.groups.key === 'CGroup') h.cgroupSeen = true;
        return;
      }
      // A header whose bullet line was not pasted.
      this.flush();
      this.header = {
        line,
        lineEnd: line,
        name: null,
        host: false,
        keys: [[key.groups.key, (key.groups.value ?? '').trim()]],
        cgroupSeen: key.groups.key === 'CGroup',
      };
      return;
    }
    const tree = treeLineOf(text);
    if (h && !h.cgroupSeen && isIndented(text)) {
      // Drop-In / Docs / TriggeredBy / Condition continuation lines (they may use `└─` too).
      h.lineEnd = line;
      return;
    }
    if (tree) {
      this.flush();
      this.treeEvent(tree, line);
      return;
    }
    if (!isIndented(text)) {
      const stamp = this.stamp(text);
      if (stamp) {
        this.flush();
        this.openJournal(text, line, stamp);
        return;
      }
      const nf = NOT_FOUND_RE.exec(text);
      if (nf) {
        this.flush();
        this.notFound(nf[1], line);
        return;
      }
      const head = HEAD_RE.exec(text.trimEnd());
      if (head?.groups && this.isHead(head.groups)) {
        this.flush();
        const name = head.groups.name;
        this.header = {
          line,
          lineEnd: line,
          name,
          host: !UNIT_RE.test(name),
          keys: [],
          cgroupSeen: false,
        };
        if (head.groups.desc) this.header.description = head.groups.desc;
        return;
      }
    }
    this.flush();
    if (AUTHOR_COMMENT_RE.test(text)) {
      this.sink.skipped(line, 'comment');
      return;
    }
    const sp = classifySpecial(text.trim());
    if (sp) {
      this.sink.skipped(line, sp.kind);
      return;
    }
    this.sink.unparsed(
      line,
      isIndented(text)
        ? 'systemctl-status: indented line that is neither a cgroup tree line nor part of a header or journal entry'
        : 'systemctl-status: not a unit head (`● unit - description`), header key, tree line or journal line',
    );
  }

  end(): void {
    this.flush();
  }

  /** A unit head needs a unit name, or the bullet (`● node-1`, the host's status). */
  private isHead(g: Record<string, string | undefined>): boolean {
    const name = g.name ?? '';
    if (UNIT_RE.test(name)) return g.bullet !== undefined || g.desc !== undefined;
    // `● node-1`: a host name after the bullet, nothing else.
    return g.bullet === '● ' && g.desc === undefined && /^[\w.-]{1,253}$/.test(name);
  }

  /** The journal timestamp at the line start (`Nov 25 10:00:00 `, `2025-11-25T10:00:00+0000 `). */
  private stamp(text: string): { len: number; t: StampTime } | null {
    const y = YEARLESS_STAMP.exec(text);
    if (y) return { len: y[0].length, t: this.yearless(y) };
    const i = ISO_STAMP.exec(text);
    if (i) return { len: i[0].length, t: this.iso(i) };
    return null;
  }

  private openJournal(text: string, line: number, stamp: { len: number; t: StampTime }): void {
    const rest = text.slice(stamp.len);
    const o = parseOrigin(rest);
    const j: Journal = {
      line,
      lineEnd: line,
      t: stamp.t,
      width: stamp.len + (o?.msgStart ?? 0),
      message: [o ? rest.slice(o.msgStart) : rest],
    };
    if (o?.host !== undefined) j.host = o.host;
    if (o?.ident !== undefined) j.ident = o.ident;
    if (o?.pid !== undefined) j.pid = o.pid;
    if (o?.unit !== undefined) j.unit = o.unit;
    this.journal = j;
  }

  private treeEvent(t: TreeLine, line: number): void {
    this.onTree = true;
    const place = this.place(t, line);
    const fields: Record<string, FieldValue> = {};
    const r: Reading = { fields, entities: [] };
    let message: string;
    if (t.pid !== undefined) {
      fields.what = 'cgroup-tree-process';
      fields.pid = t.pid;
      fields.command = t.command ?? '';
      fields.tree_column = t.column;
      addEntity(r, 'pid', String(t.pid));
      addCommandLine(r, t.command ?? '');
      message = `${t.pid} ${t.command ?? ''}`.trimEnd();
    } else {
      const node = t.node ?? '';
      fields.what = 'cgroup-tree-unit';
      fields.cgroup_node = node;
      fields.tree_column = t.column;
      // The name is a unit (systemd names every cgroup below a slice after its unit).
      if (UNIT_RE.test(node)) addEntity(r, 'unit', node);
      const names = namesInCgroup(node);
      if (names.podUid) addEntity(r, 'pod', names.podUid);
      if (names.containerId) addEntity(r, 'container', names.containerId);
      message = `cgroup ${node}`;
    }
    if (place?.cgroup !== undefined) {
      // The whole path: a shim or /pause below `kubepods-...-pod<uid>.slice/cri-containerd-<id>.scope`
      // gets the pod and the container it runs for.
      fields.cgroup = place.cgroup;
      addCgroupEntities(r, place.cgroup);
    }
    if (place?.unit !== undefined) addEntity(r, 'unit', place.unit);
    if (place?.host !== undefined) addEntity(r, 'node', place.host);
    this.sink.event(
      makeEvent(this.ctx, {
        line,
        record: place?.record,
        host: place?.host,
        unit: place?.unit,
        pid: t.pid,
        message: this.ctx.columnsOnly ? '' : message,
        fields: this.ctx.columnsOnly ? {} : fields,
        entities: this.ctx.columnsOnly ? [] : r.entities,
      }),
    );
  }

  /**
   * Places a tree line in the open tree (and opens a cgroup name on the stack): null without a
   * header above, or once the columns stop nesting (a cut tree: the parents are not known).
   */
  private place(t: TreeLine, line: number): TreePlace | null {
    const tc = this.tree;
    if (!tc) return null;
    const st = tc.stack;
    if (tc.column < 0) tc.column = t.column;
    while (st.length > 0 && st[st.length - 1].column >= t.column) st.pop();
    const parent = st.length > 0 ? st[st.length - 1] : null;
    // A child is printed 2 columns right of its cgroup's name (cgroup-show.c: `├─` / `│ `).
    if (t.column !== (parent ? parent.column + 2 : tc.column)) {
      this.tree = null;
      return null;
    }
    const parentPath = parent ? parent.path : tc.root;
    const parentUnit = parent ? parent.unit : tc.unit;
    const place: TreePlace = { record: [tc.line, line] };
    if (tc.host !== undefined) place.host = tc.host;
    if (t.node !== undefined) {
      const path = parentPath === undefined ? undefined : `${parentPath === '/' ? '' : parentPath}/${t.node}`;
      const unit = UNIT_RE.test(t.node) ? t.node : parentUnit;
      st.push({ column: t.column, path, unit });
      if (path !== undefined) place.cgroup = path;
      if (unit !== undefined) place.unit = unit;
    } else {
      if (parentPath !== undefined) place.cgroup = parentPath;
      if (parentUnit !== undefined) place.unit = parentUnit;
    }
    return place;
  }

  private notFound(unit: string, line: number): void {
    this.sink.event(
      makeEvent(this.ctx, {
        line,
        unit,
        severity: 'warning',
        message: this.ctx.columnsOnly ? '' : `Unit ${unit} could not be found.`,
        fields: this.ctx.columnsOnly ? {} : { what: 'unit-not-found', unit },
        entities: this.ctx.columnsOnly ? [] : [{ kind: 'unit', id: unit }],
      }),
    );
  }

  private flush(): void {
    const h = this.header;
    if (h) {
      this.header = null;
      this.headerEvent(h);
    }
    const j = this.journal;
    if (j) {
      this.journal = null;
      this.tree = null;
      this.sink.event(
        makeEvent(this.ctx, {
          line: j.line,
          lineEnd: j.lineEnd,
          time: j.t.time,
          timeQuality: j.t.timeQuality,
          host: j.host,
          unit: j.unit,
          ident: j.ident,
          pid: j.pid,
          message: this.ctx.columnsOnly ? '' : j.message.join('\n'),
        }),
      );
    }
  }

  private headerEvent(h: Header): void {
    const fields: Record<string, FieldValue> = { what: h.host ? 'system-status' : 'unit-status' };
    const r: Reading = { fields, entities: [] };
    let unit: string | undefined;
    let host: string | undefined;
    if (h.name !== null && h.host) host = h.name;
    else if (h.name !== null) unit = h.name;
    if (h.description !== undefined) fields.description = h.description;
    for (const [k, v] of h.keys) readKey(k, v, fields, r);
    if (unit === undefined && typeof fields.unit_file === 'string') {
      // Header pasted without its bullet line: the unit file names the unit.
      const base = fields.unit_file.slice(fields.unit_file.lastIndexOf('/') + 1);
      if (UNIT_RE.test(base)) unit = base;
    }
    if (unit !== undefined) {
      fields.unit = unit;
      r.entities.unshift({ kind: 'unit', id: unit });
    }
    if (host !== undefined) {
      fields.host = host;
      addEntity(r, 'node', host);
    }
    const t =
      typeof fields.since === 'string'
        ? sinceTime(this.ctx, fields.since)
        : { time: null, timeQuality: 'none' as const };
    this.tree = null;
    if (h.cgroupSeen) {
      // The tree below starts here: it nests under the `CGroup:` path and the header's unit.
      const cg = h.keys.find(([k]) => k === 'CGroup')?.[1] ?? '';
      this.tree = { line: h.line, column: -1, stack: [] };
      if (CGROUP_PATH_RE.test(cg)) this.tree.root = cg;
      if (unit !== undefined) this.tree.unit = unit;
      if (host !== undefined) this.tree.host = host;
    }
    const severity = severityOf(fields);
    const pid = typeof fields.main_pid === 'number' ? fields.main_pid : undefined;
    this.sink.event(
      makeEvent(this.ctx, {
        line: h.line,
        lineEnd: h.lineEnd,
        time: t.time,
        timeQuality: t.timeQuality,
        host,
        unit,
        pid,
        severity,
        message: this.ctx.columnsOnly ? '' : headerMessage(fields, unit ?? host),
        fields: this.ctx.columnsOnly ? {} : fields,
        entities: this.ctx.columnsOnly ? [] : r.entities,
      }),
    );
  }
}

function severityOf(f: Record<string, FieldValue>): Severity | undefined {
  if (f.active_state === 'failed') return 'err';
  if (typeof f.result === 'string' && f.result !== 'success') return 'warning';
  if (f.sub_state === 'auto-restart') return 'warning';
  if (f.load_state === 'not-found' || f.load_state === 'error' || f.load_state === 'bad-setting')
    return 'warning';
  if (f.system_state === 'degraded') return 'warning';
  return undefined;
}

function headerMessage(f: Record<string, FieldValue>, name: string | undefined): string {
  const parts: string[] = [name ?? 'unit'];
  if (typeof f.active_state === 'string') {
    let s = f.active_state;
    if (typeof f.sub_state === 'string') s += ` (${f.sub_state})`;
    if (typeof f.result === 'string') s += ` (Result: ${f.result})`;
    parts.push(s);
  } else if (typeof f.system_state === 'string') {
    parts.push(f.system_state);
  } else if (typeof f.load_state === 'string') {
    parts.push(f.load_state);
  }
  if (typeof f.since === 'string') parts.push(`since ${f.since}`);
  if (typeof f.main_pid === 'number') parts.push(`main pid ${f.main_pid}`);
  return parts.join(' ');
}

/** Removes the journal continuation indent (up to the message column). */
function stripIndent(text: string, width: number): string {
  let i = 0;
  while (i < width && i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return text.slice(i);
}

// ---------------------------------------------------------------------------------------------
// Detection.

// Keys that only systemctl status prints this way (kubectl describe also has `Status:`, `State:`).
const STRONG_KEYS = new Set([
  'Loaded',
  'Active',
  'Main PID',
  'CGroup',
  'Drop-In',
  'TriggeredBy',
  'Cntrl PID',
]);

function detect(head: readonly string[], _fileName?: string, command?: string): number {
  let n = 0;
  let fit = 0;
  let heads = 0;
  let strong = 0;
  let trees = 0;
  let seen = false; // a head or key line: journal lines and indented lines then belong here
  for (const text of head) {
    if (isBlank(text)) continue;
    if (AUTHOR_COMMENT_RE.test(text)) continue;
    n++;
    const key = KEY_RE.exec(text);
    if (key?.groups) {
      if (STRONG_KEYS.has(key.groups.key)) strong++;
      if (STRONG_KEYS.has(key.groups.key) || seen) {
        seen = true;
        fit++;
      }
      continue;
    }
    if (treeLineOf(text)) {
      trees++;
      fit++;
      continue;
    }
    const h = HEAD_RE.exec(text.trimEnd());
    // `● containerd.service - ...`, or `● node-1` (the host's status, followed by its keys)
    if (
      h?.groups?.bullet &&
      (UNIT_RE.test(h.groups.name ?? '') || (h.groups.bullet === '● ' && !h.groups.desc))
    ) {
      heads++;
      seen = true;
      fit++;
      continue;
    }
    if (seen && (isIndented(text) || YEARLESS_STAMP.test(text) || ISO_STAMP.test(text))) {
      fit++;
      continue;
    }
    if (classifySpecial(text.trim())) n--;
  }
  if (n <= 0 || fit === 0) return 0;
  const share = fit / n;
  const echoed = command !== undefined && /(?:^|\s)systemctl\s(?:.*\s)?status(?:\s|$)/.test(command);
  let base: number;
  if (strong >= 2 || (heads > 0 && strong >= 1)) base = 1;
  else if (trees >= 2) base = 0.85;
  else if (heads > 0 || strong > 0 || trees > 0) base = 0.5;
  else return 0;
  if (echoed) base = Math.min(1, base + 0.1);
  return base * share;
}

export const systemctlStatusParser: Parser = {
  id: 'systemctl-status',
  title: 'systemctl status',
  version: 1,
  samples: [
    // systemctl-show.c print_status_info layout (values synthetic)
    `● containerd.service - containerd container runtime
     Loaded: loaded (/lib/systemd/system/containerd.service; enabled; vendor preset: enabled)
     Active: active (running) since Tue 2025-11-25 10:00:00 UTC; 2h ago
       Docs: https://containerd.io
   Main PID: 1234 (containerd)
      Tasks: 23 (limit: 4915)
     Memory: 1.2G
     CGroup: /system.slice/containerd.service
             ├─1234 /usr/bin/containerd
             └─5678 /usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id 4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6 -address /run/containerd/containerd.sock

Nov 25 10:00:00 node-1 containerd[1234]: time="2025-11-25T10:00:00.000000000Z" level=info msg="containerd successfully booted in 0.05s"
`,
    // corpus containerd-5708 systemctl-status.txt (a cut of the tree of `systemctl status`)
    `               ├─kubepods-burstable-pod04520181_5cae_4384_a4fb_4c205c2f8e54.slice
               │ └─cri-containerd-a65fba91b40e4cbd79a3443b5c898a6f93d77a94d01eb052981ce652710c94a9.scope
               │   └─12678 /pause
`,
  ],
  detect,
  create: (ctx, sink) => new SystemctlStatusLineParser(ctx, sink),
};
