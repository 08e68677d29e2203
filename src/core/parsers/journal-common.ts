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
import { civilToMicros, fractionToMicros, monthFromName, parseZoneOffset } from '../util/time.ts';
import { isBlank, makeEvent } from './event-builder.ts';
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
// A host name: `node-1`, `worker-017.cluster03`, `10.0.0.7`, `fe80::1`, `...` (elided by the author, gpud#70).
const HOST_RE = /^[\w.:-]{1,255}$/;
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
  const sp = rest.indexOf(' ');
  const tok1 = sp < 0 ? rest : rest.slice(0, sp);
  let host: string | undefined;
  let identPid: string;
  let msgStart: number;
  if (tok1.length > 1 && tok1.charCodeAt(tok1.length - 1) === 58 /* : */) {
    // `containerd[2959773]: time=...` (host absent).
    identPid = tok1.slice(0, -1);
    msgStart = sp < 0 ? rest.length : sp + 1;
  } else {
    if (sp <= 0 || !HOST_RE.test(tok1)) return null;
    host = tok1;
    const afterHost = sp + 1;
    // The identifier may contain spaces (`SYSLOG_IDENTIFIER` is free text): it ends at the first
    // `: `, or at a final `:` (an empty MESSAGE whose trailing space was trimmed by the paste).
    const colon = rest.indexOf(': ', afterHost);
    let end: number;
    if (colon >= 0 && colon - afterHost <= MAX_IDENT) {
      end = colon;
      msgStart = colon + 2;
    } else if (rest.length - afterHost <= MAX_IDENT + 1 && rest.endsWith(':')) {
      end = rest.length - 1;
      msgStart = rest.length;
    } else {
      return null;
    }
    identPid = rest.slice(afterHost, end);
  }
  if (identPid.length === 0 || identPid.length > MAX_IDENT || isIndented(identPid)) return null;
  let ident = identPid;
  let pid: number | undefined;
  // `containerd[1012]`: the last `[digits]`. The identifier itself may hold brackets (`gdm-password]`).
  if (identPid.endsWith(']')) {
    const lb = identPid.lastIndexOf('[');
    const digits = lb > 0 ? identPid.slice(lb + 1, -1) : '';
    if (digits.length > 0 && digits.length <= 10 && /^\d+$/.test(digits)) {
      ident = identPid.slice(0, lb);
      pid = Number(digits);
    }
  }
  const o: Origin = { msgStart, plainIdent: PLAIN_IDENT_RE.test(ident) };
  if (host !== undefined) o.host = host;
  // journalctl prints the literal `unknown` when the entry has neither SYSLOG_IDENTIFIER nor _COMM:
  // a placeholder, not a process name.
  if (!(ident === 'unknown' && pid === undefined)) o.ident = ident;
  if (pid !== undefined) o.pid = pid;
  if (UNIT_RE.test(ident)) o.unit = ident;
  return o;
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

interface Pending {
  line: number;
  lineEnd: number;
  time: StampTime;
  boot: string | undefined;
  origin: Origin;
  lines: string[];
  /** Columns before the message on the first line: continuation lines are indented by as much. */
  width: number;
}

/** The line-driven state machine every short mode shares. */
class ShortLineParser implements LineParser {
  private pending: Pending | null = null;
  /** Blank lines seen while a record is open: part of it if a continuation follows, else skipped. */
  private blanks: number[] = [];
  private readonly boot = new BootTracker();
  private readonly clock: Clock;
  private afterNotice = false;

  constructor(
    private readonly mode: ShortMode,
    private readonly ctx: ParseContext,
    private readonly sink: EventSink,
  ) {
    this.clock = mode.clock(ctx);
  }

  push(text: string, line: number): void {
    const m = this.mode.stamp.exec(text);
    if (m) {
      this.flush();
      this.afterNotice = false;
      const rest = text.slice(m[0].length);
      const origin = parseOrigin(rest);
      if (!origin) {
        this.sink.unparsed(line, `${this.mode.id}: timestamp but no \`ident[pid]: \` after it`);
        return;
      }
      this.pending = {
        line,
        lineEnd: line,
        time: this.clock(m),
        boot: this.boot.current,
        origin,
        lines: [rest.slice(origin.msgStart)],
        width: m[0].length + origin.msgStart,
      };
      return;
    }
    if (isBlank(text)) {
      this.afterNotice = false;
      if (this.pending) this.blanks.push(line);
      else this.sink.skipped(line, 'blank');
      return;
    }
    if (isIndented(text)) {
      const p = this.pending;
      if (p) {
        // Blank lines inside a message: journalctl prints them as the indent alone, which a paste
        // often trims to nothing. They belong to the record when its text goes on after them.
        for (const _ of this.blanks) p.lines.push('');
        this.blanks = [];
        p.lines.push(stripIndent(text, p.width));
        p.lineEnd = line;
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
    const p = this.pending;
    if (p) {
      this.pending = null;
      const o = p.origin;
      this.sink.event(
        makeEvent(this.ctx, {
          line: p.line,
          lineEnd: p.lineEnd,
          time: p.time.time,
          timeQuality: p.time.timeQuality,
          monotonic: p.time.monotonic,
          boot: p.boot,
          host: o.host,
          unit: o.unit,
          ident: o.ident,
          pid: o.pid,
          message: p.lines.join('\n'),
        }),
      );
    }
    for (const b of this.blanks) this.sink.skipped(b, 'blank');
    this.blanks = [];
  }
}

/** Removes the continuation indent: up to `width` leading spaces/TABs (fewer when a paste collapsed them). */
function stripIndent(text: string, width: number): string {
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
  let shift = 0;
  let lastMonth = 0;
  return (m) => {
    const g = m.groups ?? {};
    const mo = monthFromName(g.mon);
    if (mo === null) return { time: null, timeQuality: 'none' };
    if (lastMonth === 12 && mo === 1) shift++;
    else if (lastMonth === 1 && mo === 12) shift--;
    lastMonth = mo;
    const t = civilToMicros(
      ctx.year + shift,
      mo,
      Number(g.day),
      Number(g.h),
      Number(g.mi),
      Number(g.s),
      fractionToMicros(g.frac),
      ctx.utcOffsetMinutes,
    );
    return t === null ? { time: null, timeQuality: 'none' } : { time: t, timeQuality: 'inferred' };
  };
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
    const t =
      off === null
        ? null
        : civilToMicros(
            Number(g.y),
            Number(g.mo),
            Number(g.d),
            Number(g.h),
            Number(g.mi),
            Number(g.s),
            fractionToMicros(g.frac),
            off,
          );
    return t === null ? { time: null, timeQuality: 'none' } : { time: t, timeQuality: 'exact' };
  };
}
