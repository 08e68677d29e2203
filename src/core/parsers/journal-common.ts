// The journalctl grammar shared by every output mode (FORMATS.md section 1): the special lines
// (`-- Boot --`, headers, `-- No entries --`), boot tracking, and the whole `short` family, which
// journalctl prints from one function (`output_short()`): only the timestamp differs per mode, so
// each per-mode file supplies a timestamp pattern and a clock, and this module does the rest.
//
//   <TIMESTAMP>[ <HOSTNAME>] <IDENT>[<PID>]: <MESSAGE line 1>
//   <indent = width of everything before the message><MESSAGE line 2>
//
// Record-local rule: an event's message, host, ident, pid, unit depend only on the record's own
// lines (the store rebuilds an event by re-parsing its line range). Only time, timeQuality, boot
// and monotonic may use state from earlier lines (year rollover, `-- Boot --` markers).
//
// Rules chosen where the output leaves room:
// - A line is a new entry when its timestamp matches; else an indented line continues the open
//   entry (its indent, up to the first line's prefix width, is removed; deeper indent is kept).
// - Blank lines: part of the open entry (empty message lines) when an indented continuation
//   follows them, since journalctl prints an empty message line as the indent alone and pastes
//   trim it; otherwise skipped as `blank`.
// - Host present or absent is decided per line (see parseOrigin), never from earlier lines.
// - `-- Boot <id> --` gives later entries that id; `-- Reboot --` gives `boot-1`, `boot-2`...;
//   entries before the first marker have no boot.
// - Not entries: `-- No entries --`, `-- cursor:`, catalog `-- `/`░░ ` lines, `Hint:` notices and
//   an author's `[...]` elision are skipped as `comment`; headers as `header`; an echoed
//   `journalctl ...` command as `prompt`. Anything else is `unparsed` with the reason.
import type { FormatId, SkipKind, TimeQuality } from '../model/event.ts';
import {
  civilGroupsToMicros,
  civilToMicros,
  digitAt,
  fractionToMicros,
  monthFromName,
  parseZoneOffset,
  twoDigitsAt,
  zoneOffsetAt,
} from '../util/time.ts';
import { baseEvent, isBlank } from './event-builder.ts';
import type { EventSink, LineParser, ParseContext, Parser } from './parser-api.ts';

// ---------------------------------------------------------------------------------------------
// Special lines (FORMATS 1.7). They are not entries; they end the record before them.

// `-- Boot 5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21 --` (v247+): the id is the boot of the entries after it.
const BOOT_RE = /^-- Boot ([0-9a-f]{32}) --\s*$/;
// `-- Reboot --` (before v247): a boot change with no id.
const REBOOT_RE = /^-- Reboot --\s*$/;
// `-- No entries --`
const NO_ENTRIES_RE = /^-- No entries --\s*$/;
// `-- Logs begin at Mon 2019-11-18 08:12:01 UTC, end at Tue 2019-11-26 10:05:13 UTC. --`
// `-- Journal begins at Fri 2021-09-03 05:27:23 CST, ends at Tue 2021-11-23 21:58:15 CST. --`
const HEADER_RE = /^-- (?:Logs begin at|Journal begins at) /;
// `-- cursor: s=0639...;i=1f3a5;b=5c1f...` (--show-cursor, last line).
const CURSOR_RE = /^-- cursor: /;
// `-- Subject: Unit ...` / `░░ Subject: Unit process exited` / `░░ ` (catalog text after an entry, with -x).
const DASH_COMMENT_RE = /^(?:-- |░░(?: |$))/;
// `Hint: You are currently not seeing messages from other users and the system.` (stderr, copied
// from a terminal), `Notice: journal has been rotated since unit was started, output may be incomplete.`,
// `Warning: some journal files were not opened due to insufficient permissions.`
const NOTICE_RE = /^(?:Hint|Notice|Warning): /;
// An author's elision between pasted lines: `[...]`, `...`, `…`, `<snip>` (containerd#11233).
const ELISION_RE = /^\s*(?:\[(?:\.{3}|…|snip|truncated)\]|\.{3,}|…|<snip>|\(\.{3}\))\s*$/;
// `journalctl -o cat -u containerd`: the command echoed without a prompt (containerd#4016).
const COMMAND_RE = /^(?:sudo\s+)?journalctl(?:\s|$)/;

export interface SpecialLine {
  kind: SkipKind;
  /** For boot markers: the boot id, or null for `-- Reboot --` (no id). */
  boot?: string | null;
  /** A stderr notice whose indented follow-up lines belong to it (`Hint: ...\n      Pass -q ...`). */
  notice?: boolean;
}

/**
 * Classifies a journalctl line that is not an entry; null when it is none of the known ones.
 * `strict` (for `-o cat`, where any text can be a message) keeps only the exact journalctl lines
 * and drops the loose ones (`-- text`, `Hint: ...`) that a cat message could start with.
 */
export function classifySpecial(text: string, strict = false): SpecialLine | null {
  const c = text.charCodeAt(0);
  if (c === 45 /* - */) {
    const b = BOOT_RE.exec(text);
    if (b) return { kind: 'boot-marker', boot: b[1] };
    if (REBOOT_RE.test(text)) return { kind: 'boot-marker', boot: null };
    if (NO_ENTRIES_RE.test(text)) return { kind: 'comment' };
    if (HEADER_RE.test(text)) return { kind: 'header' };
    if (CURSOR_RE.test(text)) return { kind: 'comment' };
  }
  if (ELISION_RE.test(text)) return { kind: 'comment' };
  if (COMMAND_RE.test(text)) return { kind: 'prompt' };
  if (strict) return null;
  if (DASH_COMMENT_RE.test(text)) return { kind: 'comment' };
  if (NOTICE_RE.test(text)) return { kind: 'comment', notice: true };
  return null;
}

/** A journalctl command echo with `-o cat` / `--output=cat`: the one clear sign of cat output. */
export function isCatCommand(text: string): boolean {
  return COMMAND_RE.test(text) && /\s(?:-o\s*|--output[=\s]\s*)cat(?:\s|$)/.test(text);
}

// `journalctl -o verbose -u containerd`, `sudo journalctl --output=export -b`, `journalctl -ojson-pretty`
const OUTPUT_MODE_RE = /\s(?:-o\s*|--output[=\s]\s*)([a-z-]{3,20})(?:\s|$)/;

/**
 * The output mode a journalctl command echo asks for (`verbose`, `export`, `json-pretty`...), or
 * undefined: a hint for detection only (DESIGN.md: the command may raise a score, never decide it).
 */
export function journalOutputMode(command: string | undefined): string | undefined {
  if (command === undefined || !COMMAND_RE.test(command)) return undefined;
  return OUTPUT_MODE_RE.exec(command)?.[1];
}

/** A detector's score, raised to 0.9 when it saw its format and the echoed command names the mode. */
export function withModeHint(score: number, command: string | undefined, mode: string): number {
  return score > 0 && journalOutputMode(command) === mode ? Math.max(score, 0.9) : score;
}

/**
 * The boot of the entries that follow: the id of the last `-- Boot <id> --`, or `boot-N` after the
 * N-th `-- Reboot --`. Entries before the first marker have none (in `-r` output too: the marker
 * always names the boot of the entries printed after it).
 */
export class BootTracker {
  private reboots = 0;
  current: string | undefined;

  marker(boot: string | null | undefined): void {
    if (boot) {
      this.current = boot;
    } else {
      this.reboots++;
      this.current = `boot-${this.reboots}`;
    }
  }
}

/** True for lines indented with a space or TAB (continuations of a multi-line message). */
export function isIndented(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 32 || c === 9;
}

// ---------------------------------------------------------------------------------------------
// The part after the timestamp: `[ <host>] <ident>[<pid>]: <message>`.

export interface Origin {
  host?: string;
  /** undefined for journalctl's literal `unknown` (no SYSLOG_IDENTIFIER and no _COMM). */
  ident?: string;
  pid?: number;
  unit?: string;
  /** Offset of the message in `rest`. */
  msgStart: number;
  /** True when the identifier is one token of usual characters (a strong sign of this grammar). */
  plainIdent: boolean;
}

// Identifiers that are one token of the usual characters: `containerd`, `kubelet.service`,
// `systemd-journald`, `user@1000.service/app-foo.service`, `r710_fan_controller.sh`.
const PLAIN_IDENT_RE = /^[\w.@/+-]{1,64}$/;
// Identifiers that are unit names (`-o with-unit`, or a saved log printed with them).
// `myapp.service`, `user@1000.service/app-foo.service`, `cri-containerd-<id>.scope`.
const UNIT_RE =
  /^[\w@:.\\/-]{1,256}\.(?:service|scope|slice|socket|mount|timer|target|path|swap|automount|device)$/;
// A host name: `node-1`, `worker-017.cluster03`, `10.0.0.7`, `fe80::1`, `...` (elided by the author, gpud#70):
// `^[\w.:-]{1,255}$`, checked by char codes in isHostToken.
/** journalctl drops identifier and pid when longer than this (logs-show.c); anything longer is not one. */
const MAX_IDENT = 300;

/**
 * Splits `rest` (the line after the timestamp and its space) into host, identifier, pid and
 * message offset; null when it has no `ident: ` part. Host present or not is decided from this
 * line alone: `kernel: ...` / `containerd[123]: ...` (the first token ends with `:`) has no host
 * (`--no-hostname`, or the author cut it); otherwise the first token is the host. Linear: only
 * indexOf scans, no regex over the message.
 */
export function parseOrigin(rest: string): Origin | null {
  const s = new OriginScanner();
  if (!s.scan(rest, 0)) return null;
  const o: Origin = { msgStart: s.msgStart, plainIdent: s.plainIdent };
  if (s.host !== undefined) o.host = s.host;
  if (s.ident !== undefined) o.ident = s.ident;
  if (s.pid !== undefined) o.pid = s.pid;
  if (s.unit !== undefined) o.unit = s.unit;
  return o;
}

/** What an `ident[pid]` token says, computed once per distinct token. */
interface IdentInfo {
  ident: string | undefined;
  pid: number | undefined;
  unit: string | undefined;
  plainIdent: boolean;
}

/** Distinct `ident[pid]` tokens remembered per parser (a log has few; pids churn slowly). */
const IDENT_CACHE_MAX = 4096;
/** Slots of the per-parser direct-mapped `ident[pid]` cache (a power of two). */
const SLOTS = 64;

function identInfo(identPid: string): IdentInfo {
  let ident = identPid;
  let pid: number | undefined;
  // `containerd[1012]`: the last `[digits]`. The identifier itself may hold brackets (`gdm-password]`).
  if (identPid.endsWith(']')) {
    const lb = identPid.lastIndexOf('[');
    const digits = lb > 0 ? identPid.slice(lb + 1, -1) : '';
    // `1012`
    if (digits.length > 0 && digits.length <= 10 && /^\d+$/.test(digits)) {
      ident = identPid.slice(0, lb);
      pid = Number(digits);
    }
  }
  return {
    // journalctl prints the literal `unknown` when the entry has neither SYSLOG_IDENTIFIER nor
    // _COMM: a placeholder, not a process name.
    ident: ident === 'unknown' && pid === undefined ? undefined : ident,
    pid,
    unit: UNIT_RE.test(ident) ? ident : undefined,
    plainIdent: PLAIN_IDENT_RE.test(ident),
  };
}

/** The host grammar by char codes: 1..255 of `[A-Za-z0-9_.:-]` (names, IPv4, IPv6; also syslog's). */
export function isHostToken(s: string, from: number, to: number): boolean {
  const n = to - from;
  if (n < 1 || n > 255) return false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (
      !(
        (
          (c >= 97 && c <= 122) /* a-z */ ||
          (c >= 65 && c <= 90) /* A-Z */ ||
          (c >= 48 && c <= 58) /* 0-9 : */ ||
          c === 95 /* _ */ ||
          c === 46 /* . */ ||
          c === 45
        ) /* - */
      )
    )
      return false;
  }
  return true;
}

/**
 * parseOrigin over `text` from `start`, into reused fields (no object per line): the last host
 * and the `ident[pid]` tokens seen are remembered, so a repeated one costs a compare or a lookup.
 */
class OriginScanner {
  host: string | undefined;
  ident: string | undefined;
  pid: number | undefined;
  unit: string | undefined;
  /** Offset of the message from `start`. */
  msgStart = 0;
  plainIdent = false;
  private lastHost = '';
  private readonly idents = new Map<string, IdentInfo>();
  private readonly slotKey: (string | undefined)[] = new Array(SLOTS).fill(undefined);
  private readonly slotInfo: IdentInfo[] = new Array(SLOTS);

  scan(text: string, start: number): boolean {
    const len = text.length;
    const sp = text.indexOf(' ', start);
    const tokEnd = sp < 0 ? len : sp;
    let idStart: number;
    let idEnd: number;
    let msg: number;
    let host: string | undefined;
    if (tokEnd - start > 1 && text.charCodeAt(tokEnd - 1) === 58 /* : */) {
      // `containerd[2959773]: time=...` (host absent).
      idStart = start;
      idEnd = tokEnd - 1;
      msg = sp < 0 ? len : sp + 1;
    } else {
      if (sp <= start) return false;
      const last = this.lastHost;
      if (tokEnd - start === last.length && text.startsWith(last, start)) {
        host = last;
      } else {
        if (!isHostToken(text, start, tokEnd)) return false;
        host = text.slice(start, tokEnd);
        this.lastHost = host;
      }
      const afterHost = sp + 1;
      // The identifier may contain spaces (`SYSLOG_IDENTIFIER` is free text): it ends at the first
      // `: `, or at a final `:` (an empty MESSAGE whose trailing space was trimmed by the paste).
      const colon = text.indexOf(': ', afterHost);
      if (colon >= 0 && colon - afterHost <= MAX_IDENT) {
        idEnd = colon;
        msg = colon + 2;
      } else if (len - afterHost <= MAX_IDENT + 1 && text.charCodeAt(len - 1) === 58) {
        idEnd = len - 1;
        msg = len;
      } else {
        return false;
      }
      idStart = afterHost;
    }
    const n = idEnd - idStart;
    if (n === 0 || n > MAX_IDENT) return false;
    const c = text.charCodeAt(idStart);
    if (c === 32 || c === 9) return false;
    // A small direct-mapped cache in front of the map: a hit costs a compare, not a substring.
    const slot = (n * 31 + text.charCodeAt(idEnd - 1) * 7 + text.charCodeAt(idEnd - 2) * 3 + c) & (SLOTS - 1);
    const key = this.slotKey[slot];
    let info: IdentInfo;
    if (key !== undefined && key.length === n && text.startsWith(key, idStart)) {
      info = this.slotInfo[slot];
    } else {
      const identPid = text.slice(idStart, idEnd);
      let hit = this.idents.get(identPid);
      if (hit === undefined) {
        hit = identInfo(identPid);
        if (this.idents.size >= IDENT_CACHE_MAX) this.idents.clear();
        this.idents.set(identPid, hit);
      }
      info = hit;
      this.slotKey[slot] = identPid;
      this.slotInfo[slot] = hit;
    }
    this.host = host;
    this.ident = info.ident;
    this.pid = info.pid;
    this.unit = info.unit;
    this.plainIdent = info.plainIdent;
    this.msgStart = msg - start;
    return true;
  }
}

// ---------------------------------------------------------------------------------------------
// The short family: one parser factory, one detector.

export interface StampTime {
  time: number | null;
  timeQuality: TimeQuality;
  monotonic?: number;
}

/** Turns a matched timestamp into a time; may keep state across records (year rollover). */
export type Clock = (m: RegExpExecArray) => StampTime;

export interface ShortMode {
  id: FormatId;
  title: string;
  version: number;
  samples: string[];
  /** Anchored at the line start; consumes the timestamp and the one space after it. */
  stamp: RegExp;
  /** The timestamp's shape, for unparsed reasons: "`Nov 26 10:00:01`". */
  shape: string;
  /**
   * Detection weight of a line whose timestamp matched (0..1): 1 for this mode's exact shape,
   * less for a sibling's (short vs short-precise) or a look-alike (syslog's space-padded day).
   */
  weight(m: RegExpExecArray, origin: Origin | null, rest: string): number;
  clock(ctx: ParseContext): Clock;
  /** A faster reader of the same stamp (same results as `stamp` + `clock`); the regex otherwise. */
  reader?(ctx: ParseContext): StampReader;
}

/** The usual factor for a timestamp-matched line: full with an `ident: ` part, half without. */
export function originWeight(origin: Origin | null): number {
  if (!origin) return 0.5;
  return origin.plainIdent ? 1 : 0.8;
}

/**
 * Fraction of head lines that this mode explains. Special lines are neutral; an indented line
 * after an entry counts with that entry's weight (a 30-line kernel dump is one entry). With only
 * special lines (`-- No entries --`), `onlySpecial` is returned (the default mode claims them).
 */
export function detectShort(mode: ShortMode, head: readonly string[], onlySpecial = 0): number {
  let sum = 0;
  let n = 0;
  let specials = 0;
  let last = 0;
  let afterNotice = false;
  for (const text of head) {
    if (isBlank(text)) continue;
    const m = mode.stamp.exec(text);
    if (m) {
      const rest = text.slice(m[0].length);
      last = mode.weight(m, parseOrigin(rest), rest);
      sum += last;
      n++;
      afterNotice = false;
      continue;
    }
    if (isIndented(text) && (n > 0 || afterNotice)) {
      if (!afterNotice) {
        sum += last;
        n++;
      }
      continue;
    }
    const sp = classifySpecial(text);
    if (sp) {
      specials++;
      afterNotice = sp.notice === true;
      continue;
    }
    afterNotice = false;
    last = 0;
    n++;
  }
  if (n === 0) return specials > 0 ? onlySpecial : 0;
  return sum / n;
}

/**
 * Finds a mode's timestamp at the start of a line and turns it into a time. The default one runs
 * the mode's `stamp` regex and `clock`; the hot modes read their stamp by char codes instead.
 */
export interface StampReader {
  /** Length of the timestamp and the one space after it at the start of `text`, or -1. */
  match(text: string): number;
  /**
   * The time of the last match, into `out`. Called once per entry, in line order, only for lines
   * that became entries (a clock may keep state across them: year rollover).
   */
  time(out: StampTime): void;
}

class RegexStampReader implements StampReader {
  private m: RegExpExecArray | null = null;
  private readonly clock: Clock;
  constructor(
    private readonly stamp: RegExp,
    ctx: ParseContext,
    clock: (ctx: ParseContext) => Clock,
  ) {
    this.clock = clock(ctx);
  }
  match(text: string): number {
    const m = this.stamp.exec(text);
    this.m = m;
    return m ? m[0].length : -1;
  }
  time(out: StampTime): void {
    const t = this.clock(this.m as RegExpExecArray);
    out.time = t.time;
    out.timeQuality = t.timeQuality;
    out.monotonic = t.monotonic;
  }
}

/** The line-driven state machine every short mode shares. */
class ShortLineParser implements LineParser {
  // The open entry, in fields (reused: no object per record).
  private open = false;
  private line = 0;
  private lineEnd = 0;
  private readonly t: StampTime = { time: null, timeQuality: 'none', monotonic: undefined };
  private boot_: string | undefined;
  private host: string | undefined;
  private unit: string | undefined;
  private ident: string | undefined;
  private pid: number | undefined;
  /** The first message line, and the following ones (null for a one-line entry, the usual). */
  private first = '';
  private more: string[] | null = null;
  /** Columns before the message on the first line: continuation lines are indented by as much. */
  private width = 0;
  /** Blank lines seen while a record is open: part of it if a continuation follows, else skipped. */
  private readonly blanks: number[] = [];
  private readonly boot = new BootTracker();
  private readonly stamp: StampReader;
  private readonly origin = new OriginScanner();
  private afterNotice = false;

  constructor(
    private readonly mode: ShortMode,
    private readonly ctx: ParseContext,
    private readonly sink: EventSink,
  ) {
    this.stamp = mode.reader ? mode.reader(ctx) : new RegexStampReader(mode.stamp, ctx, mode.clock);
  }

  push(text: string, line: number): void {
    const end = this.stamp.match(text);
    if (end >= 0) {
      this.flush();
      this.afterNotice = false;
      const o = this.origin;
      if (!o.scan(text, end)) {
        this.sink.unparsed(line, `${this.mode.id}: timestamp but no \`ident[pid]: \` after it`);
        return;
      }
      this.open = true;
      this.line = line;
      this.lineEnd = line;
      this.stamp.time(this.t);
      this.boot_ = this.boot.current;
      this.host = o.host;
      this.unit = o.unit;
      this.ident = o.ident;
      this.pid = o.pid;
      this.width = end + o.msgStart;
      // columnsOnly: the store keeps no message (see ParseContext.columnsOnly).
      this.first = this.ctx.columnsOnly ? '' : text.slice(this.width);
      this.more = null;
      return;
    }
    if (isBlank(text)) {
      this.afterNotice = false;
      if (this.open) this.blanks.push(line);
      else this.sink.skipped(line, 'blank');
      return;
    }
    if (isIndented(text)) {
      if (this.open) {
        if (this.ctx.columnsOnly) {
          this.blanks.length = 0;
          this.lineEnd = line;
          return;
        }
        // Blank lines inside a message: journalctl prints them as the indent alone, which a paste
        // often trims to nothing. They belong to the record when its text goes on after them.
        let more = this.more;
        if (more === null) {
          more = [];
          this.more = more;
        }
        for (let i = 0; i < this.blanks.length; i++) more.push('');
        this.blanks.length = 0;
        more.push(stripIndent(text, this.width));
        this.lineEnd = line;
        return;
      }
      if (this.afterNotice) {
        this.sink.skipped(line, 'comment');
        return;
      }
    }
    this.flush();
    const sp = classifySpecial(text);
    if (sp) {
      if (sp.kind === 'boot-marker') this.boot.marker(sp.boot);
      this.afterNotice = sp.notice === true;
      this.sink.skipped(line, sp.kind);
      return;
    }
    this.afterNotice = false;
    this.sink.unparsed(
      line,
      isIndented(text)
        ? `${this.mode.id}: indented line with no entry before it to continue`
        : `${this.mode.id}: not an entry (no ${this.mode.shape} timestamp at the line start) and not a journalctl special line`,
    );
  }

  end(): void {
    this.flush();
  }

  private flush(): void {
    if (this.open) {
      this.open = false;
      const t = this.t;
      const more = this.more;
      const e = baseEvent(
        this.ctx,
        this.line,
        this.lineEnd,
        t.time,
        t.timeQuality,
        more === null ? this.first : `${this.first}\n${more.join('\n')}`,
        {},
        this.ctx.format,
      );
      // makeEvent's order of the optional keys.
      if (t.monotonic !== undefined) e.monotonic = t.monotonic;
      if (this.boot_ !== undefined) e.boot = this.boot_;
      if (this.host !== undefined) e.host = this.host;
      if (this.unit !== undefined) e.unit = this.unit;
      if (this.ident !== undefined) e.ident = this.ident;
      if (this.pid !== undefined) e.pid = this.pid;
      this.sink.event(e);
    }
    const blanks = this.blanks;
    if (blanks.length > 0) {
      for (let i = 0; i < blanks.length; i++) this.sink.skipped(blanks[i], 'blank');
      blanks.length = 0;
    }
  }
}

/** Removes the continuation indent: up to `width` leading spaces/TABs (fewer when a paste collapsed them). */
export function stripIndent(text: string, width: number): string {
  let i = 0;
  while (i < width && i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return text.slice(i);
}

/** A complete short-family parser from a mode description. */
export function shortFamilyParser(mode: ShortMode, onlySpecial = 0): Parser {
  return {
    id: mode.id,
    title: mode.title,
    version: mode.version,
    samples: mode.samples,
    detect: (head) => detectShort(mode, head, onlySpecial),
    create: (ctx, sink) => new ShortLineParser(mode, ctx, sink),
  };
}

/** Runs special-line handling for the one-line-per-record modes (cat, json): true when handled. */
export function handleSpecial(
  text: string,
  line: number,
  boot: BootTracker,
  sink: EventSink,
  strict = false,
): boolean {
  const sp = classifySpecial(text, strict);
  if (!sp) return false;
  if (sp.kind === 'boot-marker') boot.marker(sp.boot);
  sink.skipped(line, sp.kind);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Timestamps shared by two sibling modes each.

// `short` / `short-precise`: strftime("%b %d %H:%M:%S") [+ ".%06llu"], month names per LC_TIME.
//   `Nov 26 10:00:01 node-1 kernel: ...`          (short)
//   `Aug 30 06:58:55.050705 ... kernel: ...`      (short-precise, gpud#70)
//   `Aug  5 07:27:14 DOCKER-HOST1 containerd...`  (a syslog file: space-padded day, containerd#8921)
//   `Mär 05 ...`, `nov. 26 ...`, `4月 17 ...`       (localized month names)
const MONTH = String.raw`(?<mon>\d{1,2}月|\p{L}[\p{L}.]{0,11})`;
const DAY = String.raw`(?<pad> {1,2})(?<day>\d{1,2})`;
const CLOCK = String.raw`(?<h>\d\d):(?<mi>\d\d):(?<s>\d\d)`;
const MICROS = String.raw`(?:\.(?<frac>\d{6}))?`;
export const YEARLESS_STAMP = new RegExp(`^${MONTH}${DAY} ${CLOCK}${MICROS} `, 'u');

/**
 * Detection weight shared by `short` and `short-precise` for a YEARLESS_STAMP match, before the
 * micros check: journalctl zero-pads the day (`Aug 05`), syslog files space-pad it (`Aug  5`) and
 * rsyslog keeps the kernel's `[  123.456]` in kernel lines; an unknown month name is weaker.
 */
export function yearlessWeight(m: RegExpExecArray, origin: Origin | null, rest: string): number {
  const g = m.groups ?? {};
  let w = originWeight(origin);
  if (g.pad.length !== 1 || g.day.length !== 2) w *= 0.85;
  if (monthFromName(g.mon) === null) w *= 0.6;
  if (
    origin?.ident === 'kernel' &&
    rest.charCodeAt(origin.msgStart) === 91 /* [ */ &&
    /^\[ *\d+\.\d+\]/.test(rest.slice(origin.msgStart, origin.msgStart + 24))
  )
    w *= 0.85;
  return w;
}

/**
 * Year-less, zone-less times: the context's year and offset, marked `inferred`. The context year
 * is the year of the first entry; a December -> January step moves later entries one year on, and
 * a January -> December step (`-r`, newest first) one year back.
 */
export function yearlessClock(ctx: ParseContext): Clock {
  const years = new YearShift();
  return (m) => {
    const g = m.groups ?? {};
    const out: StampTime = { time: null, timeQuality: 'none' };
    yearlessTime(
      ctx,
      years,
      monthFromName(g.mon),
      Number(g.day),
      Number(g.h),
      Number(g.mi),
      Number(g.s),
      fractionToMicros(g.frac),
      out,
    );
    return out;
  };
}

/** The year rollover of year-less stamps (journal, syslog, klog): December -> January is a year on, the reverse one back. */
export class YearShift {
  private shift = 0;
  private lastMonth = 0;
  /** The shift for an entry in month `mo` (1..12), after the entries seen so far. */
  step(mo: number): number {
    if (this.lastMonth === 12 && mo === 1) this.shift++;
    else if (this.lastMonth === 1 && mo === 12) this.shift--;
    this.lastMonth = mo;
    return this.shift;
  }
}

/** The time of a year-less stamp's fields, into `out` (`time` and `timeQuality` only). */
function yearlessTime(
  ctx: ParseContext,
  years: YearShift,
  mo: number | null,
  day: number,
  h: number,
  mi: number,
  s: number,
  micros: number,
  out: StampTime,
): void {
  if (mo === null) {
    out.time = null;
    out.timeQuality = 'none';
    return;
  }
  const shift = years.step(mo);
  const t = civilToMicros(ctx.year + shift, mo, day, h, mi, s, micros, ctx.utcOffsetMinutes);
  if (t === null) {
    out.time = null;
    out.timeQuality = 'none';
  } else {
    out.time = t;
    out.timeQuality = 'inferred';
  }
}

// `short-iso` / `short-iso-precise`: `%Y-%m-%dT%H:%M:%S` [+ `.%06llu`] + zone, `+01:00` since
// v255, `+0100` before (systemd PR #29134). Never `Z` from journalctl; accepted (weaker) for
// rsyslog's RFC 3339 files, which look the same otherwise.
//   `2023-09-08T17:20:30+0200 srv01 r710_fan_controller.sh[20911]: Highest drive temperature: 43 Celcius.`
//   `2025-11-26T09:00:01.187734+00:00 node-1 kernel: oom_reaper: reaped process 41235 (java), ...`
const DATE = String.raw`(?<y>\d{4})-(?<mo>\d\d)-(?<d>\d\d)`;
const ZONE = String.raw`(?<zone>Z|[+-]\d\d:?\d\d)`;
export const ISO_STAMP = new RegExp(`^${DATE}T${CLOCK}${MICROS}${ZONE} `);

/** ISO stamps carry their zone: exact. */
export function isoClock(): Clock {
  return (m) => {
    const g = m.groups ?? {};
    const off = parseZoneOffset(g.zone);
    const t = off === null ? null : civilGroupsToMicros(g, fractionToMicros(g.frac), off);
    return t === null ? { time: null, timeQuality: 'none' } : { time: t, timeQuality: 'exact' };
  };
}

// ---------------------------------------------------------------------------------------------
// The same two stamps read by char codes (the per-line hot path); results equal the regex + clock.

function isAsciiLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/**
 * YEARLESS_STAMP + yearlessClock. `Nov 26 10:00:01 `: an ASCII month is read here; a line whose
 * month holds other letters (`Mär`, `4月`) goes to the regex, which knows `\p{L}`.
 */
export function yearlessReader(ctx: ParseContext): StampReader {
  const years = new YearShift();
  // The fields of the last match, and the month token cache.
  let lastTok = '';
  let lastMonth: number | null = null;
  let month: number | null = null;
  let day = 0;
  let h = 0;
  let mi = 0;
  let sec = 0;
  let micros = 0;
  const viaRegex = (text: string): number => {
    const m = YEARLESS_STAMP.exec(text);
    if (!m) return -1;
    const g = m.groups ?? {};
    month = monthFromName(g.mon);
    day = Number(g.day);
    h = Number(g.h);
    mi = Number(g.mi);
    sec = Number(g.s);
    micros = fractionToMicros(g.frac);
    return m[0].length;
  };
  return {
    match(text) {
      const c0 = text.charCodeAt(0);
      if (!isAsciiLetter(c0)) return c0 >= 128 || (c0 >= 48 && c0 <= 57) ? viaRegex(text) : -1;
      // `(?<mon>\p{L}[\p{L}.]{0,11})`: the run of letters and dots before the first space.
      let i = 1;
      for (;;) {
        const c = text.charCodeAt(i);
        if (c === 32) break;
        if (c >= 128) return viaRegex(text);
        if (!(isAsciiLetter(c) || c === 46)) return -1;
        // 13 ASCII letters or dots: longer than any month token, and no `\p{L}` can change that.
        if (++i > 12) return -1;
      }
      const monLen = i;
      // `(?<pad> {1,2})(?<day>\d{1,2}) `
      let p = i + 1;
      if (text.charCodeAt(p) === 32) p++;
      const d1 = digitAt(text, p);
      if (d1 < 0) return -1;
      const d2 = digitAt(text, p + 1);
      let dd: number;
      if (d2 >= 0) {
        dd = d1 * 10 + d2;
        p += 2;
      } else {
        dd = d1;
        p += 1;
      }
      if (text.charCodeAt(p) !== 32) return -1;
      // `(?<h>\d\d):(?<mi>\d\d):(?<s>\d\d)(?:\.(?<frac>\d{6}))? `
      const hh = twoDigitsAt(text, p + 1);
      const mm = twoDigitsAt(text, p + 4);
      const ss = twoDigitsAt(text, p + 7);
      if (hh < 0 || mm < 0 || ss < 0 || text.charCodeAt(p + 3) !== 58 || text.charCodeAt(p + 6) !== 58)
        return -1;
      p += 9;
      let us = 0;
      const after = text.charCodeAt(p);
      if (after === 46 /* . */) {
        for (let k = 1; k <= 6; k++) {
          const d = digitAt(text, p + k);
          if (d < 0) return -1;
          us = us * 10 + d;
        }
        p += 7;
        if (text.charCodeAt(p) !== 32) return -1;
      } else if (after !== 32) {
        return -1;
      }
      if (monLen !== lastTok.length || !text.startsWith(lastTok)) {
        lastTok = text.slice(0, monLen);
        lastMonth = monthFromName(lastTok);
      }
      month = lastMonth;
      day = dd;
      h = hh;
      mi = mm;
      sec = ss;
      micros = us;
      return p + 1;
    },
    time(out) {
      out.monotonic = undefined;
      yearlessTime(ctx, years, month, day, h, mi, sec, micros, out);
    },
  };
}

/** ISO_STAMP + isoClock by char codes: `2025-11-26T10:00:01+01:00 `, `2023-09-08T17:20:30.655028+0200 `. */
export function isoReader(): StampReader {
  let t: number | null = null;
  return {
    match(text) {
      // `(?<y>\d{4})-(?<mo>\d\d)-(?<d>\d\d)T(?<h>\d\d):(?<mi>\d\d):(?<s>\d\d)`
      const y1 = twoDigitsAt(text, 0);
      if (y1 < 0) return -1;
      const y2 = twoDigitsAt(text, 2);
      const mo = twoDigitsAt(text, 5);
      const d = twoDigitsAt(text, 8);
      const h = twoDigitsAt(text, 11);
      const mi = twoDigitsAt(text, 14);
      const sec = twoDigitsAt(text, 17);
      if (
        y2 < 0 ||
        mo < 0 ||
        d < 0 ||
        h < 0 ||
        mi < 0 ||
        sec < 0 ||
        text.charCodeAt(4) !== 45 /* - */ ||
        text.charCodeAt(7) !== 45 ||
        text.charCodeAt(10) !== 84 /* T */ ||
        text.charCodeAt(13) !== 58 /* : */ ||
        text.charCodeAt(16) !== 58
      )
        return -1;
      // `(?:\.(?<frac>\d{6}))?`
      let p = 19;
      let micros = 0;
      if (text.charCodeAt(p) === 46 /* . */) {
        for (let k = 1; k <= 6; k++) {
          const dk = digitAt(text, p + k);
          if (dk < 0) return -1;
          micros = micros * 10 + dk;
        }
        p += 7;
      }
      // `(?<zone>Z|[+-]\d\d:?\d\d) `
      const z = text.charCodeAt(p);
      let zEnd: number;
      if (z === 90 /* Z */) {
        zEnd = p + 1;
      } else if ((z === 43 || z === 45) /* + - */ && twoDigitsAt(text, p + 1) >= 0) {
        const q = text.charCodeAt(p + 3) === 58 ? p + 4 : p + 3;
        if (twoDigitsAt(text, q) < 0) return -1;
        zEnd = q + 2;
      } else {
        return -1;
      }
      if (text.charCodeAt(zEnd) !== 32) return -1;
      const off = zoneOffsetAt(text, p, zEnd);
      t = off === null ? null : civilToMicros(y1 * 100 + y2, mo, d, h, mi, sec, micros, off);
      return zEnd + 1;
    },
    time(out) {
      out.monotonic = undefined;
      if (t === null) {
        out.time = null;
        out.timeQuality = 'none';
      } else {
        out.time = t;
        out.timeQuality = 'exact';
      }
    },
  };
}
