// The syslog grammar shared by `syslog-rfc3164` and `syslog-rfc5424` (FORMATS.md 1.1, 1.9, 2.7,
// 8.1 rows 9 and 10): what syslog daemons (rsyslog, syslog-ng, sysklogd, busybox syslogd) write to
// /var/log/messages, /var/log/syslog, kern.log, and what people paste from them. One reader takes
// every shape; a line's own stamp says which format id its event gets, and the segment's detected
// format only decides the detection (like dmesg-common does for the dmesg renderings).
//
//   [grep file[:line]:][<PRI>]Mmm dd hh:mm:ss [host ][fac.pri ][tag[pid]: ]message      (BSD, RFC 3164)
//   [grep file[:line]:][<PRI>]YYYY-MM-DDThh:mm:ss[.frac]zone host tag[pid]: message   (rsyslog RFC 3339)
//   [grep file[:line]:]<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD [MSG]                  (RFC 5424 6.)
//   Message from syslogd@host at Mmm dd hh:mm:ss ...  + ` tag: message` on the next line  (wall)
//
// Rules chosen where the output leaves room:
// - The host is optional: a first token that ends in `:` is the tag (the author cut the host).
// - A line with a host but no `tag: ` (RFC 3164 allows a message without TAG, sysklogd's own
//   `last message repeated N times` and `-- MARK --`) is an event with no ident.
// - rsyslog imklog keeps the kernel's uptime after `kernel: ` (`kernel: [86813.898404] br-...`): it
//   becomes `monotonic` and leaves the message. rsyslog's `message repeated N times: [ msg]` becomes
//   `fields.repeated` and the message in the brackets (the daemon's wrapping, not the program's text).
// - rsyslog escapes control characters (`#012`), so a record is one line; an indented line after a
//   record (a paste that wrapped, a daemon with escaping off) continues it, as in journalctl.
// - Not entries: blank lines, grep's `--` group separator, an author's `[...]`, journal special
//   lines (classifySpecial). Anything else is `unparsed` with the reason.
//
// Record-local (docs/parsers.md): message, fields, host, ident, pid and severity come from the
// record's own lines; only the time uses earlier lines (the year rollover of year-less stamps).
import type { FieldValue, FormatId, Severity, TimeQuality } from '../model/event.ts';
import { FACILITY_NAMES, parseIso, severityFromPriority, severityFromWord } from '../util/time.ts';
import { baseEvent, isBlank } from './event-builder.ts';
import {
  classifySpecial,
  isHostToken,
  isIndented,
  type StampReader,
  type StampTime,
  stripIndent,
  yearlessReader,
} from './journal-common.ts';
import type { EventSink, LineParser, ParseContext } from './parser-api.ts';

// ---------------------------------------------------------------------------------------------
// Named parts
// ---------------------------------------------------------------------------------------------

// `<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8` (RFC 3164 5.4),
// `<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [...] ...` (RFC 5424 6.5):
// 1..3 digits, at most 191 (facility 23, severity 7).
const PRI_RE = /<(\d{1,3})>/y;

// The RFC 3339 stamp as rsyslog's `date-rfc3339` and RFC 5424 6.2.3 print it, one token:
//   `2024-04-01T00:32:23.142118+00:00` (moby#47757), `2003-10-11T22:14:15.003Z`,
//   `2003-08-24T05:14:15.000003-07:00` (RFC 5424 6.2.3.1). journalctl's short-iso is the same shape
//   with exactly 6 or no fraction digits and never `Z` (FORMATS.md 1.2, 8.1 row 10).
const ISO_TOKEN_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.(\d{1,9}))?(Z|[+-]\d\d:?\d\d)?$/;

// busybox syslogd writes `%s %.64s %s %s`: stamp, host, `facility.priority`, message
// (syslogd.c timestamp_and_log(), parse_fac_prio_20(); names from its facilitynames/prioritynames):
//   `Jan  1 00:00:16 OpenWrt daemon.info dnsmasq[1234]: started, version 2.85`
const FAC_PRI_RE =
  /^(kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|authpriv|ftp|security|local[0-7])\.(emerg|alert|crit|err|error|warn|warning|notice|info|debug|panic)$/;

// rsyslog imklog (and syslog daemons reading /proc/kmsg) keep the kernel's uptime after the tag
// (FORMATS.md 1.9 (b), 2.7): `Aug  5 07:27:14 DOCKER-HOST1 kernel: [86813.898404] br-73d9b7d7aaa7: ...`
// (containerd#8921), `... kernel:[55716.328117] watchdog: BUG: soft lockup ...` (wall form).
const KLOG_STAMP_RE = /\[ {0,12}(\d{1,10})\.(\d{1,9})\] ?/y;

// `last message repeated 3 times` (sysklogd, and rsyslog before RepeatedMsgContainsOriginalMsg),
// `message repeated 2 times: [ Failed password for root from 10.0.0.1 port 22 ssh2]` (rsyslog
// ratelimit.c: `" message repeated %d times: [%.800s]"`).
const REPEATED_RE = /(last )?message repeated (\d{1,10}) times(: \[)?/y;

// sysklogd's own mark line: `Aug  5 07:40:00 DOCKER-HOST1 -- MARK --` (rsyslog immark writes it
// behind a tag: `rsyslogd: -- MARK --`).
const MARK = '-- MARK --';

// RFC 5424 PROCID that is a process id: `8710` in
// `<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.`
const PROCID_PID_RE = /^\d{1,10}$/;

// An SD-PARAM value that is a number: `eventID="1011"` in `[exampleSDID@32473 iut="3" eventID="1011"]`
// (RFC 5424 6.5); `"007"` and longer digit runs stay text.
const SD_INT_RE = /^(?:0|-?[1-9]\d{0,14})$/;

// Wall message to logged-in users for emergency lines (FORMATS.md 2.7,
// examples/kernel-soft-lockup-wall.derived.txt):
//   `Message from syslogd@vm1 at Dec 10 05:25:44 ...`
//   ` kernel:[55716.328117] watchdog: BUG: soft lockup - CPU#0 stuck for 27s! [node:1984]`
const WALL_RE = /^Message from syslogd@(\S{1,255}) at /;
// The wall body: ` %syslogtag%%msg%` (rsyslog omusrmsg), no space after the tag's colon.
const WALL_BODY_RE = /^ ?([\w.@/+-]{1,64})(?:\[(\d{1,10})\])?: ?/;

// `kernel`, `containerd[1709]`, `postfix/smtpd[2211]`, `gdm-password]`: the usual tag characters
// (RFC 3164 4.1.3 says alphanumeric; daemons accept more), for the detection weight only.
const PLAIN_TAG_RE = /^[\w.@/+-]{1,64}$/;

// File names that say "syslog file" (FORMATS.md 1.9): `/var/log/syslog`, `messages-20240402.gz`,
// `kern.log.1`, `syslog.txt`. A hint only: it lets a segment with no other cue be syslog.
const FILE_HINT_RE = /^(?:messages|syslog|kern\.log|daemon\.log|auth\.log|user\.log)(?:[.-][\w.-]*)?$/i;
// `cat /var/log/syslog`, `zgrep -n shim messages-2024-04-02-1712016061.gz`
const COMMAND_HINT_RE = /(?:^|[\s/])(?:messages|syslog|kern\.log|daemon\.log)(?:[.-][\w.-]*)?(?:\s|$)/;

// ---------------------------------------------------------------------------------------------
// One line's envelope
// ---------------------------------------------------------------------------------------------

export type Shape = 'bsd' | 'iso' | '5424' | 'wall';

/** The format id an event of this shape gets. */
export function formatOfShape(shape: Shape): FormatId {
  return shape === 'bsd' || shape === 'wall' ? 'syslog-rfc3164' : 'syslog-rfc5424';
}

/** What one line's envelope says; one object per reader, refilled by readLine. */
export class Envelope {
  shape: Shape = 'bsd';
  /** A grep `file:` / `file:line:` prefix (`zgrep -n`, `grep -H`). */
  grepFile: string | undefined;
  grepLine: number | undefined;
  /** The prefix as printed, `messages-2024-04-02-1712016061.gz:7612:`. */
  grepRaw: string | undefined;
  /** `<PRI>`, or -1. */
  pri = -1;
  /** ISO / RFC 5424 stamps: the time, whether it named a zone, and its look. */
  time: number | null = null;
  zoned = false;
  fracDigits = 0;
  zoneZ = false;
  /** BSD stamps: `Aug  5` (the syslog daemons' `%e`-like space padding) and `.uuuuuu` micros. */
  paddedDay = false;
  micros = false;
  host: string | undefined;
  ident: string | undefined;
  pid: number | undefined;
  /** A `tag:` was found (or the RFC 5424 APP-NAME was not nil). */
  tagged = false;
  plainTag = false;
  /** busybox `facility.priority`. */
  facilityWord: string | undefined;
  levelWord: string | undefined;
  /** RFC 5424 PROCID (when not a number), MSGID and STRUCTURED-DATA. */
  procid: string | undefined;
  msgid: string | undefined;
  sd: [string, string | true][] | null = null;
  /** Where the message starts and ends in the line. */
  msgStart = 0;
  msgEnd = 0;
  /** imklog's `[ 1234.567890]` after `kernel: `. */
  monotonic: number | undefined;
  /** sysklogd's own lines and rsyslog's repeat notices. */
  special: 'repeated' | 'mark' | undefined;
  repeated = 0;
  /** Why a line with a syslog stamp breaks the grammar (for `unparsed`). */
  error = '';
  // Kept across lines (reset() leaves them): the last host and the tags seen.
  lastHost = '';
  readonly tags = new TagCache();

  reset(): void {
    this.shape = 'bsd';
    this.grepFile = undefined;
    this.grepLine = undefined;
    this.grepRaw = undefined;
    this.pri = -1;
    this.time = null;
    this.zoned = false;
    this.fracDigits = 0;
    this.zoneZ = false;
    this.paddedDay = false;
    this.micros = false;
    this.host = undefined;
    this.ident = undefined;
    this.pid = undefined;
    this.tagged = false;
    this.plainTag = false;
    this.facilityWord = undefined;
    this.levelWord = undefined;
    this.procid = undefined;
    this.msgid = undefined;
    this.sd = null;
    this.msgStart = 0;
    this.msgEnd = 0;
    this.monotonic = undefined;
    this.special = undefined;
    this.repeated = 0;
    this.error = '';
  }

  /** Something journalctl never prints: the line came from a syslog daemon (or grep over its files). */
  hasCue(): boolean {
    return (
      this.grepFile !== undefined ||
      this.pri >= 0 ||
      this.shape === '5424' ||
      this.shape === 'wall' ||
      this.special !== undefined ||
      this.monotonic !== undefined ||
      this.facilityWord !== undefined ||
      (this.shape === 'bsd' && this.paddedDay) ||
      (this.shape === 'iso' && (this.zoneZ || (this.fracDigits !== 0 && this.fracDigits !== 6)))
    );
  }

  severity(): Severity | undefined {
    if (this.pri >= 0) return severityFromPriority(this.pri);
    return this.levelWord === undefined ? undefined : severityFromWord(this.levelWord);
  }

  facility(): string | undefined {
    if (this.pri >= 0) return FACILITY_NAMES[this.pri >> 3];
    return this.facilityWord;
  }
}

export const NONE = 0;
export const OK = 1;
export const BROKEN = 2;
export type ReadResult = typeof NONE | typeof OK | typeof BROKEN;

/**
 * `text.startsWith(sub, pos)` for a check that mostly holds (a cached host or tag): node 20's
 * startsWith with a position costs about twice an indexOf that finds `sub` right there, and
 * these run on every line. (A miss makes indexOf search on: keep it to likely matches.)
 */
function startsAt(text: string, sub: string, pos: number): boolean {
  return text.indexOf(sub, pos) === pos;
}

function at(re: RegExp, text: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(text);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A grep file name character: `[A-Za-z0-9_./@+~-]`. */
function isPathChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    isDigit(c) ||
    c === 95 /* _ */ ||
    c === 46 /* . */ ||
    c === 47 /* / */ ||
    c === 64 /* @ */ ||
    c === 43 /* + */ ||
    c === 126 /* ~ */ ||
    c === 45 /* - */
  );
}

/**
 * The end of a grep prefix at the line start (`file:` or `file:line:`), or -1. The file is
 * 1..255 path characters; `messages-2024-04-02-1712016061.gz:7612:` (zgrep -n, moby#47757).
 * Only tried on lines that do not start with a stamp, and kept only when a stamp follows.
 */
function grepPrefixEnd(text: string): number {
  const lim = Math.min(text.length, 256);
  let i = 0;
  while (i < lim && isPathChar(text.charCodeAt(i))) i++;
  if (i === 0 || text.charCodeAt(i) !== 58 /* : */) return -1;
  let j = i + 1;
  while (j - i <= 10 && isDigit(text.charCodeAt(j))) j++;
  if (j > i + 1 && text.charCodeAt(j) === 58) return j + 1;
  return i + 1;
}

/** What a `tag[pid]` token says: computed once per distinct token (see TagCache). */
interface TagInfo {
  /** The token, in a string of its own: a slice would keep its whole decoded chunk alive in the cache. */
  token: string;
  ident: string;
  pid: number | undefined;
  plainTag: boolean;
}

/** Splits `containerd[1709]` into ident and pid (the last `[digits]`; the ident may hold brackets). */
function tagInfo(slice: string): TagInfo {
  const token = ` ${slice}`.slice(1);
  const n = token.length;
  let end = n;
  let pid: number | undefined;
  if (token.charCodeAt(n - 1) === 93 /* ] */) {
    const lb = token.lastIndexOf('[', n - 1);
    if (lb > 0 && n - lb - 2 >= 1 && n - lb - 2 <= 10) {
      let ok = true;
      for (let k = lb + 1; k < n - 1; k++) if (!isDigit(token.charCodeAt(k))) ok = false;
      if (ok) {
        pid = Number(token.slice(lb + 1, n - 1));
        end = lb;
      }
    }
  }
  const ident = token.slice(0, end);
  return { token, ident, pid, plainTag: PLAIN_TAG_RE.test(ident) };
}

/** Distinct `tag[pid]` tokens remembered per reader (a file has few; pids churn slowly). */
const TAG_CACHE_MAX = 4096;
/** Slots of the direct-mapped cache in front of the map (a power of two). */
const TAG_SLOTS = 64;

/**
 * The tags a reader has seen: a syslog file repeats a handful (`containerd[799]:`, `kubelet[1085]:`,
 * `kernel:`), so a repeated one costs a compare instead of a slice, a bracket search and a regex.
 */
class TagCache {
  private readonly map = new Map<string, TagInfo>();
  private readonly slotKey: (string | undefined)[] = new Array(TAG_SLOTS).fill(undefined);
  private readonly slotInfo: (TagInfo | undefined)[] = new Array(TAG_SLOTS).fill(undefined);

  /** What `text[from..to)` says as a tag. */
  get(text: string, from: number, to: number): TagInfo {
    const n = to - from;
    const slot = (n * 31 + text.charCodeAt(to - 1) * 7 + text.charCodeAt(from)) & (TAG_SLOTS - 1);
    const key = this.slotKey[slot];
    const cached = this.slotInfo[slot];
    if (key !== undefined && cached !== undefined && key.length === n && startsAt(text, key, from))
      return cached;
    const token = text.slice(from, to);
    let info = this.map.get(token);
    if (info === undefined) {
      info = tagInfo(token);
      if (this.map.size >= TAG_CACHE_MAX) this.map.clear();
      this.map.set(info.token, info);
    }
    this.slotKey[slot] = info.token;
    this.slotInfo[slot] = info;
    return info;
  }
}

function setTag(env: Envelope, text: string, from: number, to: number): void {
  const info = env.tags.get(text, from, to);
  if (info.pid !== undefined) env.pid = info.pid;
  env.ident = info.ident;
  env.tagged = true;
  env.plainTag = info.plainTag;
}

/**
 * `[host ][fac.pri ][tag[pid]: ]message` after a BSD or RFC 3339 stamp, from `p`. Linear: only
 * indexOf scans. Decided per line: a first token ending in `:` is a tag (no host).
 */
function readOrigin(text: string, p: number, env: Envelope): void {
  const len = text.length;
  env.msgStart = p;
  if (p >= len) return;
  const sp = text.indexOf(' ', p);
  const tokEnd = sp < 0 ? len : sp;
  if (tokEnd - p > 1 && text.charCodeAt(tokEnd - 1) === 58 /* : */) {
    // `Aug  5 07:27:14 kernel: ...` (host cut off by the author, or --no-hostname style)
    setTag(env, text, p, tokEnd - 1);
    env.msgStart = sp < 0 ? len : sp + 1;
    return;
  }
  const last = env.lastHost;
  if (tokEnd > p && tokEnd - p === last.length && startsAt(text, last, p)) {
    // The host of the line before (checked then): a compare instead of a scan and a slice.
    env.host = last;
  } else {
    if (!isHostToken(text, p, tokEnd)) return; // no host, no tag: the whole rest is the message
    env.host = text.slice(p, tokEnd);
    env.lastHost = env.host;
  }
  let q = sp < 0 ? len : sp + 1;
  env.msgStart = q;
  if (q >= len) return;
  if (len - q === MARK.length && text.startsWith(MARK, q)) {
    env.special = 'mark';
    return;
  }
  let sp2 = text.indexOf(' ', q);
  let t2 = sp2 < 0 ? len : sp2;
  // `daemon.info` ends in a letter; `containerd[799]:`, the usual second token, in a colon.
  if (t2 - q <= 16 && text.charCodeAt(t2 - 1) !== 58 /* : */) {
    const fp = FAC_PRI_RE.exec(text.slice(q, t2));
    if (fp) {
      env.facilityWord = fp[1];
      env.levelWord = fp[2];
      q = sp2 < 0 ? len : sp2 + 1;
      env.msgStart = q;
      if (q >= len) return;
      sp2 = text.indexOf(' ', q);
      t2 = sp2 < 0 ? len : sp2;
    }
  }
  if (t2 - q > 1 && text.charCodeAt(t2 - 1) === 58 /* : */ && t2 - q <= 301) {
    setTag(env, text, q, t2 - 1);
    env.msgStart = sp2 < 0 ? len : sp2 + 1;
  }
}

/**
 * RFC 5424 6.3 STRUCTURED-DATA from `p`: `-` or `[SD-ID PARAM="value" ...]...`, values with `\"`,
 * `\\` and `\]` escaped. Returns the index after it, or -1 when malformed. One pass, no regex.
 */
function readStructuredData(text: string, p: number, env: Envelope): number {
  const len = text.length;
  if (text.charCodeAt(p) === 45 /* - */) return p + 1;
  if (text.charCodeAt(p) !== 91 /* [ */) return -1;
  const pairs: [string, string | true][] = [];
  let i = p;
  while (i < len && text.charCodeAt(i) === 91) {
    // `[exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"]`
    let j = i + 1;
    while (j < len && text.charCodeAt(j) !== 32 && text.charCodeAt(j) !== 93) j++;
    if (j === i + 1 || j >= len) return -1;
    const id = text.slice(i + 1, j);
    let params = 0;
    while (text.charCodeAt(j) === 32) {
      const eq = text.indexOf('="', j + 1);
      if (eq < 0) return -1;
      const name = text.slice(j + 1, eq);
      if (name.length === 0 || name.length > 32 || name.indexOf(' ') >= 0) return -1;
      let k = eq + 2;
      let value = '';
      let from = k;
      for (;;) {
        if (k >= len) return -1;
        const c = text.charCodeAt(k);
        if (c === 92 /* \ */ && k + 1 < len) {
          const n = text.charCodeAt(k + 1);
          if (n === 34 || n === 92 || n === 93) {
            value += text.slice(from, k);
            from = k + 1;
          }
          k += 2;
          continue;
        }
        if (c === 34 /* " */) break;
        k++;
      }
      value += text.slice(from, k);
      pairs.push([`${id}.${name}`, value]);
      params++;
      j = k + 1;
    }
    if (text.charCodeAt(j) !== 93 /* ] */) return -1;
    if (params === 0) pairs.push([id, true]);
    i = j + 1;
  }
  env.sd = pairs;
  return i;
}

/** `1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD [MSG]` from `p` (after `<PRI>`), RFC 5424 6. */
function read5424(text: string, p: number, env: Envelope, offset: number): ReadResult {
  // `1 ` then `-` or an RFC 3339 stamp
  const q = p + 2;
  const sp = text.indexOf(' ', q);
  if (sp < 0 || sp - q > 40) return env.pri >= 0 ? broken(env, 'RFC 5424: no TIMESTAMP after VERSION') : NONE;
  if (sp - q === 1 && text.charCodeAt(q) === 45 /* - */) {
    // NILVALUE: no time. Only with a PRI, so free text starting with "1 - " is not taken for it.
    if (env.pri < 0) return NONE;
  } else if (!readIsoToken(text.slice(q, sp), env, offset)) {
    return env.pri >= 0 ? broken(env, 'RFC 5424: TIMESTAMP is neither `-` nor an RFC 3339 time') : NONE;
  }
  env.shape = '5424';
  // HOSTNAME APP-NAME PROCID MSGID, each a token or `-`
  const names = ['HOSTNAME', 'APP-NAME', 'PROCID', 'MSGID'];
  let r = sp + 1;
  const tok: string[] = [];
  for (const name of names) {
    if (r >= text.length) return broken(env, `RFC 5424: ${name} missing (the line ends before it)`);
    const e = text.indexOf(' ', r);
    const end = e < 0 ? text.length : e;
    if (end === r) return broken(env, `RFC 5424: ${name} empty (two spaces)`);
    tok.push(text.slice(r, end));
    r = end + 1;
  }
  if (r >= text.length) return broken(env, 'RFC 5424: STRUCTURED-DATA missing (the line ends before it)');
  const [host, app, procid, msgid] = tok;
  if (host !== '-') env.host = host;
  if (app !== '-') {
    env.ident = app;
    env.tagged = true;
    env.plainTag = PLAIN_TAG_RE.test(app);
  }
  if (procid !== '-') {
    if (PROCID_PID_RE.test(procid)) env.pid = Number(procid);
    else env.procid = procid;
  }
  if (msgid !== '-') env.msgid = msgid;
  const sdEnd = readStructuredData(text, r, env);
  if (sdEnd < 0) return broken(env, 'RFC 5424: STRUCTURED-DATA is neither `-` nor `[id name="value"...]`');
  if (sdEnd === text.length) {
    env.msgStart = sdEnd;
    return OK;
  }
  if (text.charCodeAt(sdEnd) !== 32) return broken(env, 'RFC 5424: no space between STRUCTURED-DATA and MSG');
  // MSG may start with a UTF-8 BOM (RFC 5424 6.4).
  env.msgStart = text.charCodeAt(sdEnd + 1) === 0xfeff ? sdEnd + 2 : sdEnd + 1;
  return OK;
}

function broken(env: Envelope, why: string): ReadResult {
  env.error = why;
  return BROKEN;
}

/** Reads an ISO token into env (time, zone, fraction digits); false when it is not one. */
function readIsoToken(token: string, env: Envelope, offset: number): boolean {
  const m = ISO_TOKEN_RE.exec(token);
  if (!m) return false;
  const r = parseIso(token, offset);
  env.time = r ? r.micros : null;
  env.zoned = r ? r.zoned : false;
  env.fracDigits = m[1] === undefined ? 0 : m[1].length;
  env.zoneZ = m[2] === 'Z';
  return true;
}

/** The envelope at `pos` (after a grep prefix, if any). */
function readAt(text: string, pos: number, env: Envelope, stamp: StampReader, offset: number): ReadResult {
  let p = pos;
  if (text.charCodeAt(p) === 60 /* < */) {
    const m = at(PRI_RE, text, p);
    if (!m) return NONE;
    const pri = Number(m[1]);
    if (pri > 191) return NONE;
    env.pri = pri;
    p = PRI_RE.lastIndex;
  }
  const c = text.charCodeAt(p);
  if (isDigit(c)) {
    if (c === 49 /* 1 */ && text.charCodeAt(p + 1) === 32) return read5424(text, p, env, offset);
    const sp = text.indexOf(' ', p);
    if (sp > p && sp - p <= 40 && readIsoToken(text.slice(p, sp), env, offset)) {
      env.shape = 'iso';
      readOrigin(text, sp + 1, env);
      return OK;
    }
    // `4月 17 10:00:01` (a CJK month) falls through to the BSD stamp.
  }
  if (c === 77 /* M */ && env.pri < 0 && pos === 0) {
    const w = WALL_RE.exec(text);
    if (w) {
      let s = w[0].length;
      let n = stamp.match(text.slice(s));
      // `at Thu Dec 10 05:25:44 2020` (a weekday first, ctime style)
      if (n < 0 && text.charCodeAt(s + 3) === 32) {
        s += 4;
        n = stamp.match(text.slice(s));
      }
      if (n < 0) return NONE;
      env.shape = 'wall';
      env.host = w[1];
      env.msgStart = text.length;
      return OK;
    }
  }
  const rest = p === 0 ? text : text.slice(p);
  const n = stamp.match(rest);
  if (n < 0) return NONE;
  env.shape = 'bsd';
  // `Aug  5 ` (two spaces after the month): what `%e`-style daemons print for days 1..9.
  const mEnd = rest.indexOf(' ');
  env.paddedDay = rest.charCodeAt(mEnd + 1) === 32;
  // `Aug 30 06:58:55.050705 ` (journalctl short-precise; no syslog daemon prints it)
  env.micros = rest.charCodeAt(n - 8) === 46 /* . */;
  readOrigin(text, p + n, env);
  return OK;
}

/**
 * Reads one line's envelope into `env`: NONE when the line has no syslog stamp (at the start or
 * after a grep prefix), BROKEN when it has one but the rest breaks the grammar (`env.error`), OK
 * otherwise. `stamp` is left holding this line's BSD stamp (for its time(), called by the parser).
 * `offset` is the zone for ISO stamps without one.
 */
export function readLine(text: string, env: Envelope, stamp: StampReader, offset: number): ReadResult {
  env.reset();
  let r = readAt(text, 0, env, stamp, offset);
  if (r === NONE) {
    const g = grepPrefixEnd(text);
    if (g < 0 || g >= text.length) return NONE;
    env.reset();
    r = readAt(text, g, env, stamp, offset);
    if (r === NONE) return NONE;
    const colon = text.indexOf(':');
    env.grepFile = text.slice(0, colon);
    if (colon + 1 < g) env.grepLine = Number(text.slice(colon + 1, g - 1));
    env.grepRaw = text.slice(0, g);
  }
  if (r === OK) afterTag(text, env);
  return r;
}

/** imklog stamps and repeat notices at the message start; sets msgEnd. */
function afterTag(text: string, env: Envelope): void {
  env.msgEnd = text.length;
  let p = env.msgStart;
  if (p >= text.length) return;
  if (env.ident === 'kernel' && text.charCodeAt(p) === 91 /* [ */) {
    const k = at(KLOG_STAMP_RE, text, p);
    if (k) {
      env.monotonic = Number(`${k[1]}.${k[2]}`);
      p = KLOG_STAMP_RE.lastIndex;
      env.msgStart = p;
    }
  }
  const c = text.charCodeAt(p);
  if (c !== 108 /* l */ && c !== 109 /* m */) return;
  const m = at(REPEATED_RE, text, p);
  if (!m) return;
  const end = REPEATED_RE.lastIndex;
  if (m[3] !== undefined) {
    // `message repeated 2 times: [ Failed password ...]`: the repeated message is the text.
    if (text.charCodeAt(text.length - 1) !== 93 /* ] */) return;
    env.special = 'repeated';
    env.repeated = Number(m[2]);
    env.msgStart = text.charCodeAt(end) === 32 ? end + 1 : end;
    env.msgEnd = Math.max(env.msgStart, text.length - 1);
    return;
  }
  if (end !== text.length) return;
  env.special = 'repeated';
  env.repeated = Number(m[2]);
}

/** Reads the wall body (` kernel:[55716.328117] watchdog: ...`) into env; false when it has no tag. */
function readWallBody(text: string, env: Envelope): boolean {
  env.reset();
  const m = WALL_BODY_RE.exec(text);
  if (!m) return false;
  env.ident = m[1];
  if (m[2] !== undefined) env.pid = Number(m[2]);
  env.msgStart = m[0].length;
  afterTag(text, env);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Detection
// ---------------------------------------------------------------------------------------------

/** True when the file name or the echoed command names a syslog file (a hint, never required). */
export function isSyslogHint(fileName?: string, command?: string): boolean {
  if (fileName) {
    if (fileName.includes('/var/log/')) return true;
    const base = fileName.slice(fileName.lastIndexOf('/') + 1);
    if (FILE_HINT_RE.test(base)) return true;
  }
  return command !== undefined && COMMAND_HINT_RE.test(command);
}

const DETECT_CTX: ParseContext = { sourceId: '', format: 'syslog-rfc3164', year: 2000, utcOffsetMinutes: 0 };

/**
 * Fraction of head lines that are syslog lines of `own`'s shape (the sibling's count half). The
 * same text is journalctl's `short` / `short-iso(-precise)` when nothing on it is a syslog cue
 * (hasCue: a space-padded day, `<PRI>`, a grep prefix, imklog's `[uptime]`, a repeat notice, `Z`,
 * a fraction journalctl never prints) and no file name or command says syslog: then the score is
 * cut to 0.7 of it, so journalctl keeps those. With a cue every line weighs at least what the
 * journal detector gives it and the cue lines more, so syslog wins. Journal headers or boot
 * markers halve it.
 */
export function detectSyslog(
  head: readonly string[],
  own: FormatId,
  fileName?: string,
  command?: string,
): number {
  const env = new Envelope();
  const stamp = yearlessReader(DETECT_CTX);
  let sum = 0;
  let n = 0;
  let last = 0;
  let open = false;
  let cue = false;
  let journal = false;
  for (const text of head) {
    if (isBlank(text)) continue;
    const r = readLine(text, env, stamp, 0);
    if (r === OK) {
      let w: number;
      if (env.shape === '5424' || env.shape === 'wall' || env.special !== undefined) w = 1;
      else if (env.tagged) w = env.plainTag ? 1 : 0.8;
      else w = 0.5;
      if (env.micros) w = Math.min(w, 0.5);
      if (formatOfShape(env.shape) !== own) w /= 2;
      if (env.hasCue()) cue = true;
      sum += w;
      n++;
      last = w;
      open = true;
      continue;
    }
    if (r === NONE && open && isIndented(text)) {
      // A continuation (or a wall body) weighs what its record does.
      sum += last;
      n++;
      continue;
    }
    if (r === NONE) {
      const sp = classifySpecial(text);
      if (sp) {
        if (sp.kind === 'boot-marker' || sp.kind === 'header') journal = true;
        continue;
      }
      if (text === '--') continue;
    }
    n++;
    last = 0;
    open = false;
  }
  if (n === 0) return 0;
  let score = sum / n;
  if (!cue && !isSyslogHint(fileName, command)) score *= 0.7;
  if (journal) score *= 0.5;
  return Math.round(score * 1000) / 1000;
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

/** The fields an envelope gives (full parses only). */
function envelopeFields(env: Envelope): Record<string, FieldValue> {
  const f: Record<string, FieldValue> = {};
  const facility = env.facility();
  if (facility !== undefined) f.facility = facility;
  if (env.grepFile !== undefined) {
    f.file = env.grepFile;
    if (env.grepLine !== undefined) f.fileLine = env.grepLine;
    if (env.grepRaw !== undefined) f.grepPrefix = env.grepRaw;
  }
  if (env.procid !== undefined) f.procid = env.procid;
  if (env.msgid !== undefined) f.msgid = env.msgid;
  if (env.sd) {
    for (const [k, v] of env.sd) {
      // `eventID="1011"` -> 1011; `"007"` and long digit runs stay text.
      f[k] = typeof v === 'string' && SD_INT_RE.test(v) ? Number(v) : v;
    }
  }
  if (env.special === 'repeated') {
    f.repeated = env.repeated;
    f.what = 'repeated';
  } else if (env.special === 'mark') {
    f.what = 'mark';
  }
  return f;
}

/** The line parser both syslog formats share. */
class SyslogLineParser implements LineParser {
  private readonly env = new Envelope();
  private readonly stamp: StampReader;
  private readonly t: StampTime = { time: null, timeQuality: 'none', monotonic: undefined };
  private readonly columnsOnly: boolean;
  // The open record.
  private open = false;
  private awaitingWallBody = false;
  private line = 0;
  private lineEnd = 0;
  private width = 0;
  private format: FormatId = 'syslog-rfc3164';
  private time: number | null = null;
  private quality: TimeQuality = 'none';
  private monotonic: number | undefined;
  private host: string | undefined;
  private ident: string | undefined;
  private pid: number | undefined;
  private severity: Severity | undefined;
  private first = '';
  private more: string[] | null = null;
  private fields: Record<string, FieldValue> = {};

  constructor(
    private readonly ctx: ParseContext,
    private readonly sink: EventSink,
  ) {
    this.stamp = yearlessReader(ctx);
    this.columnsOnly = ctx.columnsOnly === true;
  }

  push(text: string, line: number): void {
    if (isBlank(text)) {
      this.flush();
      this.sink.skipped(line, 'blank');
      return;
    }
    if (this.open && this.awaitingWallBody) {
      this.awaitingWallBody = false;
      if (isIndented(text)) {
        this.wallBody(text, line);
        return;
      }
    }
    const env = this.env;
    const r = readLine(text, env, this.stamp, this.ctx.utcOffsetMinutes);
    if (r === OK) {
      this.flush();
      this.start(text, line);
      return;
    }
    if (r === BROKEN) {
      this.flush();
      this.sink.unparsed(line, `${formatOfShape(env.shape)}: ${env.error}`);
      return;
    }
    if (this.open && isIndented(text)) {
      this.lineEnd = line;
      if (!this.columnsOnly) {
        if (this.more === null) this.more = [];
        this.more.push(stripIndent(text, this.width));
      }
      return;
    }
    this.flush();
    const sp = classifySpecial(text);
    if (sp) {
      this.sink.skipped(line, sp.kind);
      return;
    }
    if (text === '--') {
      // grep -A/-B/-C between groups of matches
      this.sink.skipped(line, 'comment');
      return;
    }
    this.sink.unparsed(
      line,
      isIndented(text)
        ? `${this.ctx.format}: indented line with no syslog record before it to continue`
        : `${this.ctx.format}: no syslog stamp (\`Aug  5 07:27:14\`, \`2024-04-01T00:32:23.142118+00:00\` or \`<PRI>1 \`) at the line start or after a grep \`file:line:\` prefix`,
    );
  }

  end(): void {
    this.flush();
  }

  private start(text: string, line: number): void {
    const env = this.env;
    this.open = true;
    this.line = line;
    this.lineEnd = line;
    this.format = formatOfShape(env.shape);
    if (env.shape === 'bsd' || env.shape === 'wall') {
      this.stamp.time(this.t);
      this.time = this.t.time;
      this.quality = this.t.timeQuality;
    } else {
      this.time = env.time;
      this.quality = env.time === null ? 'none' : env.zoned ? 'exact' : 'inferred';
    }
    this.monotonic = env.monotonic;
    this.host = env.host;
    this.ident = env.ident;
    this.pid = env.pid;
    this.severity = env.severity();
    this.width = env.msgStart;
    this.awaitingWallBody = env.shape === 'wall';
    this.more = null;
    if (this.columnsOnly) {
      this.first = '';
      this.fields = {};
    } else {
      this.first = text.slice(env.msgStart, env.msgEnd);
      this.fields = envelopeFields(env);
    }
  }

  /** The indented line after `Message from syslogd@host at ...`: its tag and message. */
  private wallBody(text: string, line: number): void {
    const env = this.env;
    this.lineEnd = line;
    if (!readWallBody(text, env)) {
      if (!this.columnsOnly) this.first = text.trim();
      return;
    }
    this.ident = env.ident;
    this.pid = env.pid;
    this.monotonic = env.monotonic;
    this.width = 1;
    if (!this.columnsOnly) this.first = text.slice(env.msgStart, env.msgEnd);
  }

  private flush(): void {
    if (!this.open) return;
    this.open = false;
    this.awaitingWallBody = false;
    const more = this.more;
    const e = baseEvent(
      this.ctx,
      this.line,
      this.lineEnd,
      this.time,
      this.quality,
      more === null ? this.first : `${this.first}\n${more.join('\n')}`,
      this.fields,
      this.format,
    );
    // makeEvent's order of the optional keys.
    if (this.monotonic !== undefined) e.monotonic = this.monotonic;
    if (this.host !== undefined) e.host = this.host;
    if (this.ident !== undefined) e.ident = this.ident;
    if (this.pid !== undefined) e.pid = this.pid;
    if (this.severity !== undefined) e.severity = this.severity;
    this.sink.event(e);
  }
}

export function createSyslogLineParser(ctx: ParseContext, sink: EventSink): LineParser {
  return new SyslogLineParser(ctx, sink);
}
