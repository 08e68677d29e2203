// The grammar shared by every dmesg rendering (FORMATS.md section 2), so each per-format file
// only names its format and carries its samples. util-linux prints a record as
//   [DECODE][TIMESTAMP(S)][CALLER]TEXT
// (print_record() in sys-utils/dmesg.c); `dmesg -r`, busybox and the kernel console put `<PRI>`
// in front and repeat the prefix on every line. One parser reads all of them: a line's own prefix
// says which rendering it is, and the segment's detected format only decides what a line without
// a prefix means.
//
// Every regex below is sticky (`y`) and applied at a known position, and every repetition is
// either bounded or followed by a character it cannot match, so each costs time linear in the
// line (tested on 20 KB near-miss lines in test/parsers-contract.test.ts).
import type { FieldValue, FormatId, Severity, TimeQuality } from '../model/event.ts';
import {
  civilToMicros,
  DMESG_LEVEL_NAMES,
  FACILITY_NAMES,
  monthFromName,
  parseIso,
  severityFromPriority,
  severityFromWord,
  twoDigitsAt,
} from '../util/time.ts';
import { baseEvent, isBlank } from './event-builder.ts';
import type { EventSink, LineParser, ParseContext, Parser } from './parser-api.ts';

// ---------------------------------------------------------------------------------------------
// Named parts
// ---------------------------------------------------------------------------------------------

// The facility names (`kern`, `daemon`, ..., `local7`) are shared with the syslog parsers and
// the generator; dmesg-json reads them from here.
export { FACILITY_NAMES };

const FACILITY = `(${FACILITY_NAMES.join('|')})`;
// util-linux level names (`warn`, not `warning`).
const LEVEL = `(${DMESG_LEVEL_NAMES.join('|')})`;
// Level words as other tools and hand-edited pastes spell them (`warning` in the awk-mangled case).
const LEVEL_LOOSE = '(emerg|alert|crit|critical|error|err|warning|warn|notice|info|debug)';
// `%5ld.%06ld`: seconds since boot, padded to 5 digits, microseconds always 6.
const SECONDS = String.raw` *(\d{1,10})\.(\d{6})`;
// `%12.06f` (delta to the previous record), also signed `%+8.06f` in reltime.
const DELTA = String.raw` *(-?\d{1,10}\.\d{6})`;

// `<4>[ 7093.543707] uwsgi invoked oom-killer: ...` (dmesg -r, busybox -r, /proc/kmsg)
const PRI_RE = /<(\d{1,3})>/y;
// `kern  :warn  : [ 7093.543707] uwsgi invoked oom-killer: ...` ("%-6s:%-6s: ")
const DECODE_RE = new RegExp(`${FACILITY} *:${LEVEL} *: `, 'y');
// ` err [129398.233826] INFO: task exe:1990875 blocked for more than 120 seconds.`
// (`dmesg -x | awk '{$1="";print $0}'`: facility dropped, spaces collapsed). Accepted only when
// a timestamp follows, so a free-text line that starts with "info " is not taken for it.
const DECODE_MANGLED_RE = new RegExp(
  `(?:${FACILITY} {0,6})?:? {0,6}${LEVEL_LOOSE} {0,6}:? {0,6}(?=[\\[\\d])`,
  'y',
);
// `[ 7093.543707] ` (raw, the default): `\[ *(\d{1,10})\.(\d{6})\]`, read by char codes in rawAt.
// `[    0.000002 <    0.000001>] ` (dmesg -d: raw time and delta)
const RAW_DELTA_RE = new RegExp(String.raw`\[${SECONDS} <${DELTA}>\]`, 'y');
// `[<    7.000000>] ` (--time-format delta)
const DELTA_RE = new RegExp(String.raw`\[<${DELTA}>\]`, 'y');
// `[Fri Feb 13 23:31:30 2009] `, `[Mon Dec  1 08:03:09 2025] `, `[mer. nov. 26 10:00:01 2025] `,
// `[Wed Nov 26 10:00:01 2025 <    0.017415>] ` (dmesg -T [-d]). The date part is localized and
// its order is up to the translator, so it is any short run without brackets or colons.
const CTIME_RE = new RegExp(
  String.raw`\[([^\[\]:]{3,40}?) (\d\d):(\d\d):(\d\d) (\d{4})(?: <${DELTA}>)?\]`,
  'y',
);
// `[Feb13 23:31] `, `[Feb 3 23:31] ` (reltime, "%b%e %H:%M", on the first record of a new minute)
const RELTIME_MINUTE_RE = /\[([^[\]:]{2,20}?) (\d\d):(\d\d)\]/y;
// `[  +0.000123] `, `[ +19.000000] ` (reltime, delta to the previous record)
const RELTIME_DELTA_RE = /\[ *([+-]\d{1,10}\.\d{6})\]/y;
// `2009-02-13T23:31:30,123456+00:00 `, `2017-05-04T10:00:01,187734+0100 ` (--time-format iso;
// the comma tells it from journalctl's short-iso-precise): ISO_RE, read by char codes in isoAt:
// `(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d,\d{6}[+-]\d\d:?\d\d)`. RAW_RE and the plain CTIME_RE are read by
// char codes too (rawAt, ctimeAt); the regexes stay the grammar and the fallback.
// `[T123] `, `[    C1] `, console `[  129.338433][    C1] ` (caller id, CONFIG_PRINTK_CALLER)
const CALLER_RE = /\[ *([TC]\d{1,10})\]/y;

// Date parts of a ctime or reltime stamp, after the localized tokens are split apart.
// `Feb13`, `Feb 3`, `nov. 26`
const MONTH_THEN_DAY = /^(\D{1,16}?) ?(\d{1,2})$/;
// `13. Feb`, `13 Feb`
const DAY_THEN_MONTH = /^(\d{1,2})\.? ?(\D{1,16})$/;
// `4月17`, `4月 7日`
const CJK_MONTH_DAY = /^(\d{1,2}月) ?(\d{1,2})日?$/;
// `7`, `13.`, `17日`
const DAY_TOKEN = /^(\d{1,2})[.日]?$/;

// ---------------------------------------------------------------------------------------------
// One line's prefix
// ---------------------------------------------------------------------------------------------

export type StampKind = 'raw' | 'raw-delta' | 'delta' | 'ctime' | 'reltime-minute' | 'reltime-delta' | 'iso';

interface Civil {
  /** null when the year is not printed (reltime minute stamps). */
  year: number | null;
  /** null when the (localized) month name is not understood. */
  month: number | null;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export interface Stamp {
  kind: StampKind;
  /** The stamp as printed, e.g. `[Fri Feb 13 23:31:30 2009]`. */
  text: string;
  /** Seconds since boot (raw stamps). */
  seconds?: number;
  /** Delta to the previous record, in microseconds. */
  deltaMicros?: number;
  civil?: Civil;
}

export interface DmesgPrefix {
  /** The rendering this line's own prefix belongs to. */
  format: FormatId;
  pri?: number;
  facility?: string;
  level?: string;
  stamps: Stamp[];
  caller?: string;
  /** Index of the first character of the message (the util-linux indentation width). */
  column: number;
}

function at(re: RegExp, text: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(text);
}

/** `-0.000123`, `+19.000000`, `7.000000` -> microseconds, exactly (no float rounding). */
function decimalToMicros(s: string): number {
  const neg = s.startsWith('-');
  const body = neg || s.startsWith('+') ? s.slice(1) : s;
  const dot = body.indexOf('.');
  const micros = Number(body.slice(0, dot)) * 1_000_000 + Number(body.slice(dot + 1));
  return neg ? -micros : micros;
}

function monthDay(part: string): { month: number | null; day: number } | null {
  const s = part.trim();
  let m = CJK_MONTH_DAY.exec(s);
  if (m) return { month: monthFromName(m[1]), day: Number(m[2]) };
  m = MONTH_THEN_DAY.exec(s);
  if (m) return { month: monthFromName(m[1].trim()), day: Number(m[2]) };
  m = DAY_THEN_MONTH.exec(s);
  if (m) return { month: monthFromName(m[2].trim()), day: Number(m[1]) };
  return null;
}

/** The `%a %b %e` part of a ctime stamp, in whatever order the locale printed it. */
function ctimeDate(part: string): { month: number | null; day: number } | null {
  const tokens = part.trim().split(/\s+/);
  if (tokens.length < 2 || tokens.length > 4) return null;
  let day: number | null = null;
  let month: number | null = null;
  // The C order is `%a %b %e`: try the month in second place first, so a Spanish `mar` (martes)
  // in first place is not taken for March.
  const order = tokens.length >= 3 ? [1, 0, 2, 3] : [0, 1];
  for (const i of order) {
    const t = tokens[i];
    if (t === undefined) continue;
    const d = DAY_TOKEN.exec(t);
    if (d && day === null) {
      day = Number(d[1]);
      continue;
    }
    if (month === null) month = monthFromName(t);
  }
  return day === null ? null : { month, day };
}

/** ctimeDate results by date part (`Mon Nov 24`): a log repeats a few; bounded. */
const ctimeDates = new Map<string, { month: number | null; day: number } | null>();
const CTIME_DATES_MAX = 1024;

function ctimeDateCached(part: string): { month: number | null; day: number } | null {
  let v = ctimeDates.get(part);
  if (v === undefined) {
    v = ctimeDate(part);
    if (ctimeDates.size >= CTIME_DATES_MAX) ctimeDates.clear();
    ctimeDates.set(part, v);
  }
  return v;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Seconds of the last rawAt match. */
let rawSeconds = 0;

/**
 * RAW_RE by char codes at `pos` (`[ 7093.543707]`): the index after `]`, or -1. Sets rawSeconds
 * to Number(`${int}.${frac}`): below 10^9 s as int*10^6+frac divided by 10^6, which is exact in
 * a double and rounds once, like Number() of the decimal.
 */
function rawAt(text: string, pos: number): number {
  let i = pos + 1;
  while (text.charCodeAt(i) === 32) i++;
  const end = secondsAt(text, i);
  if (end < 0 || text.charCodeAt(end) !== 93 /* ] */) return -1;
  rawSeconds = secDigits <= 9 ? (secInt * 1_000_000 + secFrac) / 1_000_000 : Number(text.slice(i, end));
  return end + 1;
}

/** The parts of the number the last secondsAt read: its integer, how many digits that had, the micros. */
let secInt = 0;
let secDigits = 0;
let secFrac = 0;

/** `\d{1,10}\.\d{6}` by char codes at `i` (`7093.543707`): the index after it, or -1. */
function secondsAt(text: string, i: number): number {
  const ds = i;
  let int = 0;
  while (isDigit(text.charCodeAt(i))) int = int * 10 + text.charCodeAt(i++) - 48;
  const n = i - ds;
  if (n < 1 || n > 10 || text.charCodeAt(i) !== 46 /* . */) return -1;
  let frac = 0;
  for (let k = 1; k <= 6; k++) {
    const c = text.charCodeAt(i + k);
    if (!isDigit(c)) return -1;
    frac = frac * 10 + c - 48;
  }
  secInt = int;
  secDigits = n;
  secFrac = frac;
  return i + 7;
}

/** Where the date part of the last ctimeAt match ends (it starts after the `[`), and its fields. */
let ctimeDateEnd = 0;
let ctimeH = 0;
let ctimeMi = 0;
let ctimeS = 0;
let ctimeY = 0;

/**
 * CTIME_RE by char codes at `pos` for the plain form `[Mon Nov 24 06:08:25 2025]`: the index
 * after `]`, -1 for no match, -2 for the `-T -d` form (`... 2009 <    0.000000>]`: ask the
 * regex). The date part holds no `:`, so it ends 3 characters before the first `:`.
 */
function ctimeAt(text: string, pos: number): number {
  const lim = Math.min(text.length, pos + 45);
  let colon = pos + 1;
  for (; colon < lim; colon++) {
    const c = text.charCodeAt(colon);
    if (c === 58 /* : */) break;
    if (c === 91 || c === 93 /* [ ] */) return -1;
  }
  if (colon >= lim) return -1;
  const dEnd = colon - 3;
  const n = dEnd - pos - 1;
  if (n < 3 || n > 40) return -1;
  return ctimeTail(text, dEnd);
}

/**
 * The rest of ctimeAt once the date part is known to end at `dEnd` (3..40 characters with no
 * `[`, `]` or `:` after the `[`): ` HH:MM:SS YYYY]`.
 */
function ctimeTail(text: string, dEnd: number): number {
  const colon = dEnd + 3;
  if (text.charCodeAt(dEnd) !== 32 || text.charCodeAt(colon) !== 58) return -1;
  const h = twoDigitsAt(text, dEnd + 1);
  const mi = twoDigitsAt(text, colon + 1);
  const sec = twoDigitsAt(text, colon + 4);
  const y1 = twoDigitsAt(text, colon + 7);
  const y2 = twoDigitsAt(text, colon + 9);
  if (
    h < 0 ||
    mi < 0 ||
    sec < 0 ||
    y1 < 0 ||
    y2 < 0 ||
    text.charCodeAt(colon + 3) !== 58 ||
    text.charCodeAt(colon + 6) !== 32
  )
    return -1;
  const q = colon + 11;
  const c = text.charCodeAt(q);
  if (c !== 93 /* ] */) return c === 32 && text.charCodeAt(q + 1) === 60 /* < */ ? -2 : -1;
  ctimeDateEnd = dEnd;
  ctimeH = h;
  ctimeMi = mi;
  ctimeS = sec;
  ctimeY = y1 * 100 + y2;
  return q + 1;
}

/** The time of the last isoAt match: parseIso of the stamp (null for an impossible date). */
let isoTime: number | null = null;

/**
 * ISO_RE by char codes at `pos` (`2009-02-13T23:31:30,123456+00:00`): the index after the zone,
 * or -1. Sets isoTime.
 */
function isoAt(text: string, pos: number): number {
  const y1 = twoDigitsAt(text, pos);
  const y2 = twoDigitsAt(text, pos + 2);
  const mo = twoDigitsAt(text, pos + 5);
  const d = twoDigitsAt(text, pos + 8);
  const h = twoDigitsAt(text, pos + 11);
  const mi = twoDigitsAt(text, pos + 14);
  const sec = twoDigitsAt(text, pos + 17);
  const f1 = twoDigitsAt(text, pos + 20);
  const f2 = twoDigitsAt(text, pos + 22);
  const f3 = twoDigitsAt(text, pos + 24);
  if (
    (y1 | y2 | mo | d | h | mi | sec | f1 | f2 | f3) < 0 ||
    text.charCodeAt(pos + 4) !== 45 /* - */ ||
    text.charCodeAt(pos + 7) !== 45 ||
    text.charCodeAt(pos + 10) !== 84 /* T */ ||
    text.charCodeAt(pos + 13) !== 58 /* : */ ||
    text.charCodeAt(pos + 16) !== 58 ||
    text.charCodeAt(pos + 19) !== 44 /* , */
  )
    return -1;
  // `[+-]\d\d:?\d\d`
  const z = text.charCodeAt(pos + 26);
  const zh = twoDigitsAt(text, pos + 27);
  if ((z !== 43 && z !== 45) /* + - */ || zh < 0) return -1;
  const q = text.charCodeAt(pos + 29) === 58 ? pos + 30 : pos + 29;
  const zm = twoDigitsAt(text, q);
  if (zm < 0) return -1;
  const off = zh * 60 + zm;
  isoTime = civilToMicros(
    y1 * 100 + y2,
    mo,
    d,
    h,
    mi,
    sec,
    (f1 * 100 + f2) * 100 + f3,
    z === 45 ? -off : off,
  );
  return q + 2;
}

/** Microseconds of the last decimalAt match (decimalToMicros of the number). */
let decMicros = 0;

/**
 * `[+-]?\d{1,10}\.\d{6}` by char codes at `pos` (the sign required when `sign` is 1, only `-`
 * allowed when 0): the index after the number, or -1. Sets decMicros like decimalToMicros.
 */
function decimalAt(text: string, pos: number, sign: 0 | 1): number {
  let i = pos;
  const c = text.charCodeAt(i);
  const neg = c === 45; /* - */
  if (neg || (sign === 1 && c === 43) /* + */) i++;
  else if (sign === 1) return -1;
  const end = secondsAt(text, i);
  if (end < 0) return -1;
  if (secDigits > 9) {
    decMicros = decimalToMicros(text.slice(pos, end));
  } else {
    const micros = secInt * 1_000_000 + secFrac;
    decMicros = neg ? -micros : micros;
  }
  return end;
}

/** RELTIME_DELTA_RE by char codes at `pos` (`[  +0.000123]`): the index after `]`, or -1. */
function reltimeDeltaAt(text: string, pos: number): number {
  let i = pos + 1;
  while (text.charCodeAt(i) === 32) i++;
  const end = decimalAt(text, i, 1);
  return end >= 0 && text.charCodeAt(end) === 93 /* ] */ ? end + 1 : -1;
}

/** DELTA_RE by char codes at `pos` (`[<    7.000000>]`): the index after `]`, or -1. */
function deltaAt(text: string, pos: number): number {
  let i = pos + 2;
  while (text.charCodeAt(i) === 32) i++;
  const end = decimalAt(text, i, 0);
  return end >= 0 && text.charCodeAt(end) === 62 /* > */ && text.charCodeAt(end + 1) === 93 ? end + 2 : -1;
}

/** A `dmesg -x` prefix seen before (`kern  :info  : `), with what it means. */
interface DecodePrefix {
  text: string;
  facility: string;
  facilityIndex: number;
  severity: Severity | undefined;
}

// Where a `-x` prefix ends, by its characters alone (one native test instead of a char-code
// loop; no backtracking can change it: each run stops at a character its class lacks).
// `kern  :info  : [   12.345678] msg`
const DECODE_END_RE = /[a-z0-9]* *:[a-z]* *: /y;

/** DECODE_RE results by prefix text: a log has a few dozen distinct ones; bounded. */
const decodePrefixes = new Map<string, DecodePrefix>();
const DECODE_PREFIXES_MAX = 64;

/**
 * DECODE_RE at 0 (`kern  :info  : `) with its result looked up by the prefix text. The prefix end,
 * `[a-z0-9]+ *:[a-z]+ *: ` by char codes, depends on those characters alone, so the text up to it
 * is the key; a new one is checked by the regex.
 * null when DECODE_RE does not match (the general path then tries the mangled form).
 */
function decodeAt(text: string): DecodePrefix | null {
  DECODE_END_RE.lastIndex = 0;
  if (!DECODE_END_RE.test(text)) return null;
  const end = DECODE_END_RE.lastIndex;
  const key = text.slice(0, end);
  const known = decodePrefixes.get(key);
  if (known !== undefined) return known;
  const m = at(DECODE_RE, text, 0);
  if (!m || DECODE_RE.lastIndex !== end) return null;
  const d: DecodePrefix = {
    text: key,
    facility: m[1],
    facilityIndex: FACILITY_NAMES.indexOf(m[1]),
    severity: severityFromWord(m[2]),
  };
  if (decodePrefixes.size >= DECODE_PREFIXES_MAX) decodePrefixes.clear();
  decodePrefixes.set(key, d);
  return d;
}

function matchStamp(text: string, pos: number): { stamp: Stamp; end: number } | null {
  const c = text.charCodeAt(pos);
  if (c === 91 /* [ */) {
    const c1 = text.charCodeAt(pos + 1);
    if (c1 === 60 /* < */) {
      const m = at(DELTA_RE, text, pos);
      if (m)
        return {
          stamp: { kind: 'delta', text: m[0], deltaMicros: decimalToMicros(m[1]) },
          end: DELTA_RE.lastIndex,
        };
      return null;
    }
    // RAW_RE
    const rawEnd = rawAt(text, pos);
    if (rawEnd >= 0) {
      return { stamp: { kind: 'raw', text: text.slice(pos, rawEnd), seconds: rawSeconds }, end: rawEnd };
    }
    let m = at(RAW_DELTA_RE, text, pos);
    if (m) {
      const stamp: Stamp = {
        kind: 'raw-delta',
        text: m[0],
        seconds: Number(`${m[1]}.${m[2]}`),
        deltaMicros: decimalToMicros(m[3]),
      };
      return { stamp, end: RAW_DELTA_RE.lastIndex };
    }
    m = at(RELTIME_DELTA_RE, text, pos);
    if (m) {
      return {
        stamp: { kind: 'reltime-delta', text: m[0], deltaMicros: decimalToMicros(m[1]) },
        end: RELTIME_DELTA_RE.lastIndex,
      };
    }
    // CTIME_RE, plain form
    const ctEnd = ctimeAt(text, pos);
    if (ctEnd >= 0) {
      const date = ctimeDateCached(text.slice(pos + 1, ctimeDateEnd));
      if (!date) return null;
      const civil: Civil = {
        year: ctimeY,
        month: date.month,
        day: date.day,
        hour: ctimeH,
        minute: ctimeMi,
        second: ctimeS,
      };
      return { stamp: { kind: 'ctime', text: text.slice(pos, ctEnd), civil }, end: ctEnd };
    }
    m = ctEnd === -2 ? at(CTIME_RE, text, pos) : null;
    if (m) {
      const date = ctimeDateCached(m[1]);
      if (!date) return null;
      const civil: Civil = {
        year: Number(m[5]),
        month: date.month,
        day: date.day,
        hour: Number(m[2]),
        minute: Number(m[3]),
        second: Number(m[4]),
      };
      const stamp: Stamp = { kind: 'ctime', text: m[0], civil };
      if (m[6] !== undefined) stamp.deltaMicros = decimalToMicros(m[6]);
      return { stamp, end: CTIME_RE.lastIndex };
    }
    m = at(RELTIME_MINUTE_RE, text, pos);
    if (m) {
      const date = monthDay(m[1]);
      if (!date) return null;
      const civil: Civil = {
        year: null,
        month: date.month,
        day: date.day,
        hour: Number(m[2]),
        minute: Number(m[3]),
        second: 0,
      };
      return { stamp: { kind: 'reltime-minute', text: m[0], civil }, end: RELTIME_MINUTE_RE.lastIndex };
    }
    return null;
  }
  if (c >= 48 && c <= 57) {
    // ISO_RE
    const isoEnd = isoAt(text, pos);
    if (isoEnd >= 0) return { stamp: { kind: 'iso', text: text.slice(pos, isoEnd) }, end: isoEnd };
  }
  return null;
}

const KIND_BIT: Record<StampKind, number> = {
  raw: 1,
  'raw-delta': 2,
  delta: 4,
  ctime: 8,
  'reltime-minute': 16,
  'reltime-delta': 32,
  iso: 64,
};

const FORMAT_OF_STAMP: Record<StampKind, FormatId> = {
  raw: 'dmesg-raw',
  'raw-delta': 'dmesg-delta',
  delta: 'dmesg-delta',
  ctime: 'dmesg-ctime',
  'reltime-minute': 'dmesg-reltime',
  'reltime-delta': 'dmesg-reltime',
  iso: 'dmesg-iso',
};

/**
 * The dmesg prefix of one line, or null when the line has none (a continuation line, a
 * `dmesg -t` message, or something else). Leading whitespace is allowed before the prefix
 * (Markdown indented code blocks, the awk-mangled leading space).
 */
export function parseDmesgPrefix(text: string): DmesgPrefix | null {
  let pos = 0;
  while (pos < text.length && (text.charCodeAt(pos) === 32 || text.charCodeAt(pos) === 9)) pos++;
  if (pos >= text.length) return null;
  let pri: number | undefined;
  let facility: string | undefined;
  let level: string | undefined;
  let mangled = false;
  const c = text.charCodeAt(pos);
  if (c === 60 /* < */) {
    const m = at(PRI_RE, text, pos);
    if (m) {
      pri = Number(m[1]);
      pos = PRI_RE.lastIndex;
    }
  } else if (c >= 97 && c <= 122 /* a-z */) {
    let m = at(DECODE_RE, text, pos);
    if (m) {
      facility = m[1];
      level = m[2];
      pos = DECODE_RE.lastIndex;
    } else {
      m = at(DECODE_MANGLED_RE, text, pos);
      if (!m) return null;
      facility = m[1];
      level = m[2];
      mangled = true;
      pos = DECODE_MANGLED_RE.lastIndex;
    }
  } else if (c === 58 /* : */) {
    const m = at(DECODE_MANGLED_RE, text, pos);
    if (!m) return null;
    level = m[2];
    mangled = true;
    pos = DECODE_MANGLED_RE.lastIndex;
  }

  const stamps: Stamp[] = [];
  let caller: string | undefined;
  // util-linux >= 2.40 prints several formats in a row; a kind seen twice is message text.
  let seen = 0;
  while (stamps.length < 4 && pos < text.length) {
    const s = matchStamp(text, pos);
    if (!s || (seen & KIND_BIT[s.stamp.kind]) !== 0) break;
    const next = s.end;
    if (next >= text.length) {
      pos = next;
    } else if (text.charCodeAt(next) === 32) {
      pos = next + 1;
    } else if (s.stamp.kind === 'raw' || (s.stamp.kind === 'raw-delta' && stamps.length === 0)) {
      // Kernel console: `[  129.338433][    C1] watchdog: ...` (no space before the caller id).
      // Old consoles also glued text to the stamp; take what follows as the message.
      pos = next;
    } else {
      break;
    }
    seen |= KIND_BIT[s.stamp.kind];
    stamps.push(s.stamp);
  }
  if (text.charCodeAt(pos) === 91 /* [ */) {
    const m = at(CALLER_RE, text, pos);
    if (m && (CALLER_RE.lastIndex >= text.length || text.charCodeAt(CALLER_RE.lastIndex) === 32)) {
      caller = m[1];
      pos = Math.min(text.length, CALLER_RE.lastIndex + 1);
    }
  }
  if (mangled && stamps.length === 0) return null;
  if (pri === undefined && level === undefined && stamps.length === 0 && caller === undefined) return null;

  let format: FormatId;
  if (pri !== undefined) format = 'dmesg-level';
  else if (level !== undefined) format = 'dmesg-decode';
  else if (stamps.length > 0) format = FORMAT_OF_STAMP[stamps[0].kind];
  else format = 'dmesg-notime';
  const p: DmesgPrefix = { format, stamps, column: pos };
  if (pri !== undefined) p.pri = pri;
  if (facility !== undefined) p.facility = facility;
  if (level !== undefined) p.level = level;
  if (caller !== undefined) p.caller = caller;
  return p;
}

// ---------------------------------------------------------------------------------------------
// Kernel message content (for `dmesg -t`, which has no prefix at all)
// ---------------------------------------------------------------------------------------------

// Shapes of kernel messages common in node diagnostics (FORMATS.md section 3, 8.2), each
// anchored at the start of the message. `.{1,64}?` is bounded, so each alternative costs at most
// 64 steps before its literal.
const KERNEL_SHAPES: string[] = [
  // uwsgi invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=986
  '.{1,64}? invoked oom-killer: gfp_mask=',
  // java cpuset=41cfeee62f49 mems_allowed=0
  String.raw`\S{1,64} cpuset=\S{0,200} mems_allowed=`,
  // Memory cgroup out of memory: Killed process 63635 (uwsgi) total-vm:3149468kB, ...
  String.raw`(?:Memory cgroup out of memory|Out of memory(?: \(oom_kill_allocating_task\))?)(?:: | and no killable)`,
  // Killed process 28438 (java) total-vm:20255636kB, anon-rss:466160kB, file-rss:13684kB
  String.raw`Killed process \d+`,
  // oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),...   ,global_oom,task_memcg=/,...
  'oom-kill:constraint=|,global_oom,|,oom_memcg=|oom_reaper: ',
  // Memory cgroup stats for /kubepods/burstable/pod6f1d2c3b/4f2c9b7e1d0a: cache:0KB rss:2088960KB
  String.raw`Memory cgroup stats for |Task in \S{1,300} killed as a result of limit of `,
  // memory: usage 2097152kB, limit 2097152kB, failcnt 1532
  String.raw`(?:memory|memory\+swap|swap|kmem): usage \d+kB, limit \d+kB`,
  // Tasks state (memory values in pages):   [  pid  ]   uid  tgid total_vm      rss ...
  String.raw`Tasks state \(memory values in pages\):|\[ {0,4}pid {0,4}\] +uid +tgid`,
  // [  41235]  1000 41235  2098026   522240  4620288        0           936 java
  String.raw`\[ {0,8}\d{1,10}\] +\d{1,10} +\d{1,10} +\d{1,20} +\d{1,20} `,
  // CPU: 4 PID: 63635 Comm: uwsgi Not tainted 5.4.0-77-generic #86-Ubuntu
  String.raw`CPU: \d+ (?:UID: \d+ )?PID: \d+ Comm: |Hardware name: |Call [Tt]race:|Modules linked in: |Workqueue: `,
  //  dump_stack+0x6d/0x8b    ? get_mem_cgroup_from_page+0x70/0x70    <TASK>
  String.raw` {0,8}(?:\? )?[\w.]{1,120}\+0x[0-9a-f]{1,16}/0x[0-9a-f]{1,16}| {0,8}</?(?:TASK|IRQ|NMI|EOI)>`,
  //  [<ffffffff8163515c>] dump_stack+0x19/0x1b
  String.raw` {0,8}\[<[0-9a-f]{8,16}>\] `,
  // RIP: 0033:0x7f3a1c2b8d40   RSP: 002b:00007f39f85fe7a8 EFLAGS: 00010206
  String.raw`(?:RIP|RSP|RAX|RBX|RCX|RDX|RSI|RDI|RBP|R\d{1,2}|FS|GS|CS|CR2|EFLAGS): [0-9a-f]`,
  // Mem-Info:   active_anon:467412 inactive_anon:0 isolated_anon:0
  String.raw`Mem-Info:| ?active_anon:\d+ |Node \d+ (?:active_anon|DMA|DMA32|Normal|Movable|HighMem)|lowmem_reserve\[\]:`,
  // 49253 total pagecache pages   524158 pages RAM   Free swap  = 0kB
  String.raw`\d+ total pagecache pages|\d+ pages (?:RAM|reserved|in swap cache|HighMem/MovableOnly|cma reserved|hwpoisoned)|(?:Free|Total) swap += `,
  // INFO: task kworker/2:1:5747 blocked for more than 120 seconds.
  String.raw`INFO: task .{1,64}?:\d+ blocked for more than \d+ seconds|"echo 0 > /proc/sys/kernel/hung_task_timeout_secs"`,
  //       Tainted: G        W   E     4.19.0-6-amd64 #1    task:kworker/u32:2   state:D stack:13032
  String.raw` {1,8}(?:Not tainted|Tainted: )|task:\S{1,64} +state:[A-Z] `,
  // cgroup: fork rejected by pids controller in /user.slice/...   VFS: file-max limit 1048576 reached
  String.raw`cgroup: fork rejected by pids controller in |VFS: file-max limit \d+ reached`,
  // watchdog: BUG: soft lockup - CPU#3 stuck for 26s! [java:41235]   Kernel panic - not syncing: ...
  String.raw`(?:NMI )?watchdog: |Kernel panic - not syncing: |---\[ end Kernel panic|BUG: |WARNING: CPU: \d+ PID: \d+ at |general protection fault`,
  // node[2211]: segfault at 0 ip 0000562a1b2c3d4e sp 00007ffd1a2b3c40 error 4 in node[...]
  String.raw`.{1,64}?\[\d+\]: segfault at [0-9a-f]+ ip |traps: `,
  // EXT4-fs error (device nvme0n1p1): ext4_lookup:1817: ...   XFS (sda1): Mounting V5 Filesystem
  String.raw`EXT4-fs[ (]|XFS \(|Buffer I/O error |blk_update_request: |I/O error, dev `,
  // usb 1-1: new high-speed USB device number 2 using xhci_hcd
  String.raw`(?:usb|hub) \d+-[\d.]+(?::[\d.]+)?: |usbcore: `,
  // Linux version 6.1.0-21-amd64 (...)   BIOS-e820: [mem 0x...] usable
  String.raw`Linux version \d|Command line: |Kernel command line: |BIOS-e820: |e820: |ACPI: |PCI: |pci \d{4}:|smpboot: |smp: |x86/|DMI: |tsc: |clocksource: |Memory: \d+K/|Freeing unused |rcu: |random: `,
  // audit: type=1400 audit(1702926179.015:1): apparmor="DENIED" ...
  String.raw`audit: type=\d+ audit\(|kauditd_printk_skb: |SELinux: |AppArmor: |apparmor: `,
  // IPVS: ...  eth0: link up   docker0: port 1(veth3a1b2c4) entered forwarding state
  String.raw`IPVS: |IPv6: |NET: Registered |TCP: |nf_conntrack: |overlayfs: |(?:eth|ens|enp|eno|br|veth|docker|cni|flannel|cali|vxlan)[\w.-]{0,32}: |device \S{1,64} (?:entered|left) promiscuous mode`,
  // sd 0:0:0:0: [sda] ...   ata1.00: ...   nvme nvme0: ...
  String.raw`sd \d+:\d+:\d+:\d+: |scsi \d+:|ata\d+(?:\.\d+)?: |nvme nvme\d+: |(?:sd[a-z]{1,3}|vd[a-z]{1,3}|xvd[a-z]{1,3}|nvme\d+n\d+)(?:p?\d+)?: `,
  // systemd[1]: Started ...   systemd-journald[723]: Received client request ...
  String.raw`systemd(?:-[a-z]{1,20})?\[\d+\]: `,
];
const KERNEL_MESSAGE_RE = new RegExp(`^(?:${KERNEL_SHAPES.join('|')})`);

/** True when a bare message (no prefix) clearly looks like a kernel message. */
export function looksLikeKernelMessage(text: string): boolean {
  return KERNEL_MESSAGE_RE.test(text);
}

// ---------------------------------------------------------------------------------------------
// Detection
// ---------------------------------------------------------------------------------------------

// `node-1 kernel: usb 1-1: ...`, `myhost dockerd[1471]: time=...`: what follows the stamp in
// journalctl -o short-monotonic. Kernel messages rarely have two words then `[pid]: `.
const HOST_IDENT_RE = /^[\w.-]{1,64} (?:kernel|[^\s[\]:]{1,64}\[\d{1,10}\]): /;

// What follows `<PRI>` in a syslog line, not in `dmesg -r`: the RFC 3164 TIMESTAMP
// `<13>Oct 11 22:14:15 host app[12]: msg` (RFC 3164 4.1.2: `Mmm dd hh:mm:ss`, the day padded with a
// space; month names as monthFromName reads them), the RFC 5424 VERSION and TIMESTAMP
// `<165>1 2003-10-11T22:14:15.003Z host app - ID47 - msg` (RFC 5424 6.5), or rsyslog's RFC 3339
// stamp `<13>2024-04-01T00:32:23.142118+00:00 host app[1]: msg` (FORMATS.md 1.9). dmesg's own iso
// stamp has a comma before the fraction (`2024-01-01T10:00:00,123456+00:00`) and is read as a stamp
// before this is tried. All sticky, at the column after `<PRI>`.
const BSD_STAMP_RE = /([^\s\d]\S{1,11}) {1,2}\d{1,2} \d\d:\d\d:\d\d /y;
const ISO_STAMP_RE = /(?:1 )?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d) /y;

/**
 * True for a `<PRI>` line whose rest is a syslog header (BSD_STAMP_RE, ISO_STAMP_RE): the syslog
 * parsers' line, which detection must not count for dmesg-level.
 */
function isSyslogWithPri(text: string, p: DmesgPrefix): boolean {
  if (p.pri === undefined || p.stamps.length > 0 || p.caller !== undefined) return false;
  if (at(ISO_STAMP_RE, text, p.column)) return true;
  const m = at(BSD_STAMP_RE, text, p.column);
  return m !== null && monthFromName(m[1]) !== null;
}

interface HeadStats {
  /** Lines with a dmesg prefix, by the rendering the prefix belongs to. */
  byFormat: Map<FormatId, number>;
  /** Raw-stamped lines whose text looks like `host ident[pid]: ` (journalctl short-monotonic). */
  rawHostIdent: number;
  /** Lines that are neither a prefixed record nor an indented continuation. */
  considered: number;
  /** Bare lines that look like kernel messages. */
  kernelish: number;
  lines: number;
}

// All dmesg parsers read the same head: compute its statistics once per detection run.
const statsCache = new WeakMap<readonly string[], HeadStats>();

function headStats(head: readonly string[]): HeadStats {
  const cached = statsCache.get(head);
  if (cached) return cached;
  const s: HeadStats = { byFormat: new Map(), rawHostIdent: 0, considered: 0, kernelish: 0, lines: 0 };
  for (const line of head) {
    if (isBlank(line)) continue;
    s.lines++;
    let p = parseDmesgPrefix(line);
    // `<13>Oct 11 22:14:15 host app[12]: msg` is syslog with its priority, not `dmesg -r`.
    if (p && isSyslogWithPri(line, p)) p = null;
    if (p && p.format !== 'dmesg-notime') {
      s.considered++;
      s.byFormat.set(p.format, (s.byFormat.get(p.format) ?? 0) + 1);
      if (p.format === 'dmesg-raw' && HOST_IDENT_RE.test(line.slice(p.column))) s.rawHostIdent++;
      continue;
    }
    if (p || looksLikeKernelMessage(line)) s.kernelish++;
    const c = line.charCodeAt(0);
    // An indented line continues a multi-line record: it neither proves nor disproves a format.
    if (!p && (c === 32 || c === 9)) continue;
    s.considered++;
  }
  statsCache.set(head, s);
  return s;
}

/** Fraction of the head's records that are in `format`'s rendering. */
export function detectTimed(head: readonly string[], format: FormatId): number {
  const s = headStats(head);
  const hits = s.byFormat.get(format) ?? 0;
  if (hits === 0 || s.considered === 0) return 0;
  // Lines of a sibling rendering count half: the parser reads every line by its own prefix, so a
  // paste of `dmesg` then `dmesg -T` with no prompt between is still read as dmesg, while each
  // rendering still wins its own output.
  let siblings = 0;
  for (const [f, n] of s.byFormat) if (f !== format) siblings += n;
  let score = (hits + siblings / 2) / s.considered;
  // journalctl -o short-monotonic has the same stamp; when most lines carry `host ident[pid]: `
  // after it, leave the segment to that parser.
  if (format === 'dmesg-raw' && s.rawHostIdent * 2 > hits) score *= 0.4;
  return Math.round(score * 1000) / 1000;
}

/**
 * `dmesg -t` has no prefix, so only clear kernel content counts, and the score stays below what
 * any prefixed format (or a journal reader) claims for its own lines.
 */
export function detectNotime(head: readonly string[]): number {
  const s = headStats(head);
  if (s.lines === 0) return 0;
  const frac = s.kernelish / s.lines;
  if (frac < 0.6 || s.kernelish < Math.min(2, s.lines)) return 0;
  return Math.round(0.55 * frac * 1000) / 1000;
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

interface WallTime {
  time: number | null;
  quality: TimeQuality;
  range?: [number, number];
}

const MINUTE_MICROS = 60_000_000;

/** Time of a record from its own stamps: iso (exact) > ctime > reltime minute (both zone-less). */
function ownWallTime(stamps: readonly Stamp[], ctx: ParseContext): WallTime | null {
  const iso = stamps.find((s) => s.kind === 'iso');
  if (iso) {
    const r = parseIso(iso.text);
    if (r) return { time: r.micros, quality: 'exact' };
  }
  const ct = stamps.find((s) => s.kind === 'ctime');
  if (ct?.civil && ct.civil.month !== null) {
    const c = ct.civil;
    const t = civilToMicros(
      c.year ?? ctx.year,
      c.month!,
      c.day,
      c.hour,
      c.minute,
      c.second,
      0,
      ctx.utcOffsetMinutes,
    );
    if (t !== null) return { time: t, quality: 'inferred' };
  }
  const rm = stamps.find((s) => s.kind === 'reltime-minute');
  if (rm?.civil && rm.civil.month !== null) {
    const c = rm.civil;
    // "%b%e %H:%M" has no year and no seconds: the record happened somewhere in this minute.
    const t = civilToMicros(ctx.year, c.month!, c.day, c.hour, c.minute, 0, 0, ctx.utcOffsetMinutes);
    if (t !== null) return { time: t, quality: 'inferred', range: [t, t + MINUTE_MICROS - 1] };
  }
  return null;
}

export const USER_IDENT_RE = /^([\w.@/-]{1,64})\[(\d{1,10})\]: /;
// The same at a known position (the message column), for columnsOnly parses that build no message.
// `systemd-journald[723]: Received client request to flush runtime journal.`
const USER_IDENT_AT_RE = /([\w.@/-]{1,64})\[(\d{1,10})\]: /y;

interface Pending {
  line: number;
  lineEnd: number;
  column: number;
  /** The first message line, and the following ones (null for a one-line record, the usual). */
  first: string;
  more: string[] | null;
  /** Blank lines seen after the record: part of it only if a continuation line follows. */
  blanks: number[];
  format: FormatId;
  time: number | null;
  quality: TimeQuality;
  range: [number, number] | undefined;
  monotonic: number | undefined;
  severity: Severity | undefined;
  ident: string | undefined;
  pid: number | undefined;
  fields: Record<string, FieldValue>;
}

function isIndented(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 32 || c === 9;
}

/** Removes the continuation indentation (the record's prefix width), keeping deeper indentation as text. */
function stripIndent(text: string, column: number): string {
  let i = 0;
  while (i < column && i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return text.slice(i);
}

export interface DmesgSpec {
  id: FormatId;
  title: string;
  samples: string[];
  /** What a line of this rendering looks like, for the `unparsed` reason. */
  expected: string;
}

/**
 * The line parser for every prefixed rendering. Each record's content comes from its own lines
 * (record-local, docs/adr/0001); only reltime's running time reads earlier records.
 */
export function createDmesgLineParser(ctx: ParseContext, sink: EventSink, spec: DmesgSpec): LineParser {
  // Only the columns are kept: no message text, no fields (see ParseContext.columnsOnly).
  const columnsOnly = ctx.columnsOnly === true;
  // The open record (one object, reused: `open` says whether it holds one).
  let open = false;
  const rec: Pending = {
    line: 0,
    lineEnd: 0,
    column: 0,
    first: '',
    more: null,
    blanks: [],
    format: ctx.format,
    time: null,
    quality: 'none',
    range: undefined,
    monotonic: undefined,
    severity: undefined,
    ident: undefined,
    pid: undefined,
    fields: {},
  };
  // Time of the previous record, for reltime's `[  +0.000123]` deltas (util-linux prints the
  // delta to the previous record; the first record of a new minute gets a minute stamp).
  let lastTime: number | null = null;
  // The last ctime date part (`Mon Nov 24`) and what it means, for the one-stamp fast path.
  let lastDate = '';
  let lastDateValue: { month: number | null; day: number } | null = null;

  const flush = () => {
    if (!open) return;
    open = false;
    const p = rec;
    const more = p.more;
    const e = baseEvent(
      ctx,
      p.line,
      p.lineEnd,
      p.time,
      p.quality,
      more === null ? p.first : `${p.first}\n${more.join('\n')}`,
      p.fields,
      p.format,
    );
    // makeEvent's order of the optional keys.
    if (p.range) e.timeRange = p.range;
    if (p.monotonic !== undefined) e.monotonic = p.monotonic;
    if (p.ident !== undefined) e.ident = p.ident;
    if (p.pid !== undefined) e.pid = p.pid;
    if (p.severity !== undefined) e.severity = p.severity;
    sink.event(e);
    const blanks = p.blanks;
    if (blanks.length > 0) {
      for (let i = 0; i < blanks.length; i++) sink.skipped(blanks[i], 'blank');
      blanks.length = 0;
    }
  };

  /** Opens a record with no severity, ident, pid or fields yet, its message from `column`. */
  const open_ = (text: string, line: number, column: number, format: FormatId) => {
    open = true;
    rec.line = line;
    rec.lineEnd = line;
    rec.column = column;
    rec.first = columnsOnly ? '' : text.slice(column);
    rec.more = null;
    rec.format = format;
    rec.time = null;
    rec.quality = 'none';
    rec.range = undefined;
    rec.monotonic = undefined;
    rec.severity = undefined;
    rec.ident = undefined;
    rec.pid = undefined;
    rec.fields = {};
  };

  /**
   * The severity, facility and writer of a record with a `<N>` (pri >= 0) or `-x` (dec) prefix,
   * as start() derives them.
   */
  const prefixed = (text: string, pri: number, dec: DecodePrefix | null) => {
    let facilityIndex: number;
    if (pri >= 0) {
      rec.severity = severityFromPriority(pri);
      facilityIndex = pri >> 3;
      const name = FACILITY_NAMES[facilityIndex];
      if (name && !columnsOnly) rec.fields.facility = name;
    } else {
      const d = dec!;
      rec.severity = d.severity;
      if (!columnsOnly) rec.fields.facility = d.facility;
      facilityIndex = d.facilityIndex;
    }
    if (facilityIndex === 0) {
      rec.ident = 'kernel';
    } else {
      // `systemd-journald[723]: ...` (USER_IDENT_RE at the message column)
      const m = at(USER_IDENT_AT_RE, text, rec.column);
      if (m) {
        rec.ident = m[1];
        rec.pid = Number(m[2]);
      }
    }
  };

  /**
   * The usual line: an optional `<N>` or `-x` prefix, then one raw, plain ctime, iso, reltime
   * delta or delta stamp at its place (raw only after a prefix), a space, then text that starts no
   * other stamp and no caller id. Opens its record and returns true; false leaves the line to the
   * general path (parseDmesgPrefix + start), which gives the same result for these lines.
   */
  const fast = (text: string, line: number): boolean => {
    let pos = 0;
    let pri = -1;
    let dec: DecodePrefix | null = null;
    const c0 = text.charCodeAt(0);
    if (c0 === 60 /* < */) {
      // `<6>[    0.000013] Command line: BOOT_IMAGE=/boot/vmlinuz-6.1.0-27-amd64 ...` (PRI_RE)
      let i = 1;
      let n = 0;
      let c = text.charCodeAt(i);
      while (isDigit(c) && i < 4) {
        n = n * 10 + c - 48;
        c = text.charCodeAt(++i);
      }
      if (i === 1 || c !== 62 /* > */) return false;
      pri = n;
      pos = i + 1;
    } else if (c0 >= 97 && c0 <= 122 /* a-z */) {
      // `kern  :info  : [    0.000013] Command line: BOOT_IMAGE=...` (DECODE_RE)
      dec = decodeAt(text);
      if (dec === null) return false;
      pos = dec.text.length;
    }
    let kind: 0 | 1 | 2 | 3 | 4 = 0; // raw, ctime, iso, reltime delta, delta
    let end: number;
    const c = text.charCodeAt(pos);
    if (c === 91 /* [ */) {
      const c1 = text.charCodeAt(pos + 1);
      if (c1 === 32 || isDigit(c1)) {
        end = rawAt(text, pos);
        if (end < 0 && pos === 0 && c1 === 32) {
          // `[  +0.000013] BIOS-provided physical RAM map:` (RAW_DELTA_RE needs a digit after
          // the spaces, so RELTIME_DELTA_RE is next)
          end = reltimeDeltaAt(text, 0);
          kind = 3;
        }
      } else if (pos > 0) {
        return false;
      } else if (c1 === 60 /* < */) {
        // `[<    0.000013>] Command line: BOOT_IMAGE=...` (DELTA_RE)
        end = deltaAt(text, 0);
        kind = 4;
      } else if (c1 === 43 || c1 === 45 /* + - */) {
        // `[+19.000000] ...` (RELTIME_DELTA_RE with no padding)
        end = reltimeDeltaAt(text, 0);
        kind = 3;
      } else {
        // Neither RAW_DELTA_RE nor RELTIME_DELTA_RE can match: CTIME_RE is next. The date part
        // of the previous line (`Mon Nov 24`, already checked) usually comes again.
        const n = lastDate.length;
        end = n > 0 && text.startsWith(lastDate, 1) ? ctimeTail(text, n + 1) : -1;
        if (end === -1) end = ctimeAt(text, 0);
        kind = 1;
      }
    } else if (pos === 0 && isDigit(c)) {
      end = isoAt(text, 0);
      kind = 2;
    } else {
      return false;
    }
    if (end < 0 || text.charCodeAt(end) !== 32) return false;
    const column = end + 1;
    const cc = text.charCodeAt(column);
    if (cc === 91 || isDigit(cc)) return false;
    if (kind === 0) {
      open_(text, line, column, pri >= 0 ? 'dmesg-level' : dec !== null ? 'dmesg-decode' : 'dmesg-raw');
      rec.monotonic = rawSeconds;
      rec.quality = 'relative';
      if (pos > 0) prefixed(text, pri, dec);
      return true;
    }
    if (kind === 3) {
      open_(text, line, column, 'dmesg-reltime');
      const delta = decMicros;
      if (!columnsOnly) rec.fields.delta = delta / 1_000_000;
      if (lastTime !== null) {
        // A running estimate: the minute stamp it started from is the minute's first microsecond.
        rec.time = lastTime + delta;
        rec.quality = 'inferred';
        lastTime = rec.time;
      } else {
        rec.quality = 'relative';
      }
      return true;
    }
    if (kind === 4) {
      open_(text, line, column, 'dmesg-delta');
      if (!columnsOnly) rec.fields.delta = decMicros / 1_000_000;
      rec.quality = 'relative';
      return true;
    }
    if (kind === 1) {
      const dEnd = ctimeDateEnd;
      let date: { month: number | null; day: number } | null;
      if (dEnd - 1 === lastDate.length && text.startsWith(lastDate, 1)) {
        date = lastDateValue;
      } else {
        lastDate = text.slice(1, dEnd);
        date = ctimeDateCached(lastDate);
        lastDateValue = date;
      }
      if (!date) return false;
      open_(text, line, column, 'dmesg-ctime');
      if (date.month === null) {
        if (!columnsOnly) rec.fields.stamp = text.slice(0, end);
        return true;
      }
      const t = civilToMicros(ctimeY, date.month, date.day, ctimeH, ctimeMi, ctimeS, 0, ctx.utcOffsetMinutes);
      if (t !== null) {
        rec.time = t;
        rec.quality = 'inferred';
        lastTime = t;
      }
      return true;
    }
    open_(text, line, column, 'dmesg-iso');
    const t = isoTime;
    if (t !== null) {
      rec.time = t;
      rec.quality = 'exact';
      lastTime = t;
    }
    return true;
  };

  const start = (prefix: DmesgPrefix, text: string, line: number) => {
    open_(text, line, prefix.column, prefix.format);
    const fields = rec.fields;
    let facilityIndex: number | undefined;
    if (prefix.pri !== undefined) {
      rec.severity = severityFromPriority(prefix.pri);
      facilityIndex = prefix.pri >> 3;
      const name = FACILITY_NAMES[facilityIndex];
      if (name) fields.facility = name;
    } else if (prefix.level !== undefined) {
      rec.severity = severityFromWord(prefix.level);
      if (prefix.facility !== undefined) {
        fields.facility = prefix.facility;
        facilityIndex = FACILITY_NAMES.indexOf(prefix.facility);
      }
    }
    if (facilityIndex === 0) {
      rec.ident = 'kernel';
    } else if (facilityIndex !== undefined) {
      // Records written to /dev/kmsg by user space carry their writer: `systemd-journald[723]: ...`
      const m = columnsOnly ? at(USER_IDENT_AT_RE, text, rec.column) : USER_IDENT_RE.exec(rec.first);
      if (m) {
        rec.ident = m[1];
        rec.pid = Number(m[2]);
      }
    }
    if (prefix.caller !== undefined) fields.caller = prefix.caller;

    let seconds: number | undefined;
    let delta: number | undefined;
    let relDelta: number | undefined;
    for (const s of prefix.stamps) {
      if (s.seconds !== undefined && seconds === undefined) seconds = s.seconds;
      if (s.kind === 'reltime-delta') relDelta = s.deltaMicros;
      else if (s.deltaMicros !== undefined && delta === undefined) delta = s.deltaMicros;
      if ((s.kind === 'ctime' || s.kind === 'reltime-minute') && s.civil?.month === null)
        fields.stamp = s.text;
    }
    if (relDelta !== undefined) fields.delta = relDelta / 1_000_000;
    else if (delta !== undefined) fields.delta = delta / 1_000_000;
    if (seconds !== undefined) rec.monotonic = seconds;

    const wall = ownWallTime(prefix.stamps, ctx);
    if (wall) {
      rec.time = wall.time;
      rec.quality = wall.quality;
      if (wall.range) rec.range = wall.range;
      lastTime = wall.time;
    } else if (relDelta !== undefined && lastTime !== null) {
      // A running estimate: the minute stamp it started from is the minute's first microsecond.
      rec.time = lastTime + relDelta;
      rec.quality = 'inferred';
      lastTime = rec.time;
    } else if (seconds !== undefined || delta !== undefined || relDelta !== undefined) {
      rec.quality = 'relative';
    }
  };

  return {
    push(text, line) {
      if (isBlank(text)) {
        if (open) rec.blanks.push(line);
        else sink.skipped(line, 'blank');
        return;
      }
      const c0 = text.charCodeAt(0);
      if (c0 !== 32 && c0 !== 9) {
        // Not indented, so not a continuation: whatever it is, the open record ends here.
        flush();
        if (fast(text, line)) return;
      }
      const prefix = parseDmesgPrefix(text);
      if (prefix) {
        flush();
        start(prefix, text, line);
        return;
      }
      if (isIndented(text) && open) {
        rec.lineEnd = line;
        if (columnsOnly) {
          rec.blanks.length = 0;
          return;
        }
        // util-linux indents the following lines of a multi-line record to the message column.
        let more = rec.more;
        if (more === null) {
          more = [];
          rec.more = more;
        }
        for (let i = 0; i < rec.blanks.length; i++) more.push('');
        rec.blanks.length = 0;
        more.push(stripIndent(text, rec.column));
        return;
      }
      flush();
      sink.unparsed(
        line,
        isIndented(text)
          ? 'indented line with no dmesg record before it to continue'
          : `no dmesg prefix: expected ${spec.expected}`,
      );
    },
    end() {
      flush();
    },
  };
}

/** A Parser for one prefixed dmesg rendering. */
export function dmesgParser(spec: DmesgSpec): Parser {
  return {
    id: spec.id,
    title: spec.title,
    version: 1,
    samples: spec.samples,
    detect: (head) => detectTimed(head, spec.id),
    create: (ctx, sink) => createDmesgLineParser(ctx, sink, spec),
  };
}
