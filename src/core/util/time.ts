// Time helpers shared by parsers. All times are epoch microseconds UTC (DESIGN.md section 4).
import type { Severity } from '../model/event.ts';

/** Days from 1970-01-01 to y-m-d (proleptic Gregorian), without Date (fast, zone-free). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Days since 1970-01-01 -> [year, month 1..12, day]: daysFromCivil's inverse (Howard Hinnant's civil_from_days). */
export function civilFromDays(z0: number): [number, number, number] {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

// One-entry cache of the day number: consecutive log lines almost always share their date.
let cacheY = Number.NaN;
let cacheMo = Number.NaN;
let cacheD = Number.NaN;
/** Days since the epoch of the cached date, or NaN when that date is impossible. */
let cacheDays = Number.NaN;

/**
 * Wall-clock fields in a zone `offsetMinutes` east of UTC -> epoch microseconds UTC.
 * Returns null for impossible dates (month 13, Feb 30, hour 25).
 */
export function civilToMicros(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  micros: number,
  offsetMinutes: number,
): number | null {
  let days: number;
  if (y === cacheY && mo === cacheMo && d === cacheD) {
    days = cacheDays;
  } else {
    days = mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) ? Number.NaN : daysFromCivil(y, mo, d);
    cacheY = y;
    cacheMo = mo;
    cacheD = d;
    cacheDays = days;
  }
  if (Number.isNaN(days) || h > 23 || mi > 59 || s > 60) {
    // An impossible date, or (with odd input: a NaN field) the same NaN the arithmetic gives.
    if (!(mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 60)) {
      return (
        (daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offsetMinutes * 60) * 1_000_000 + micros
      );
    }
    return null;
  }
  const secs = days * 86400 + h * 3600 + mi * 60 + s - offsetMinutes * 60;
  return secs * 1_000_000 + micros;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

// Month abbreviations as strftime("%b") prints them in the locales seen in pasted logs
// (journalctl short and dmesg -T follow LC_TIME: `Mär 05`, `nov. 26`, `4月 17`).
const MONTHS: Record<string, number> = {};
const MONTH_NAMES: string[][] = [
  [
    'jan',
    'january',
    'janv',
    'janvier',
    'jän',
    'jänner',
    'januar',
    'ene',
    'enero',
    'gen',
    'genn',
    'gennaio',
    'янв',
    'sty',
  ],
  [
    'feb',
    'february',
    'févr',
    'février',
    'fevr',
    'februar',
    'febrero',
    'febbraio',
    'fev',
    'fév',
    'фев',
    'lut',
  ],
  ['mar', 'march', 'mars', 'mär', 'märz', 'marzo', 'мар', 'marz'],
  ['apr', 'april', 'avr', 'avril', 'abr', 'abril', 'aprile', 'апр', 'kwi'],
  ['may', 'mai', 'mayo', 'mag', 'maggio', 'май', 'maj'],
  ['jun', 'june', 'juin', 'juni', 'junio', 'giu', 'giugno', 'июн', 'cze'],
  ['jul', 'july', 'juil', 'juillet', 'juli', 'julio', 'lug', 'luglio', 'июл', 'lip'],
  ['aug', 'august', 'août', 'aout', 'ago', 'agosto', 'авг', 'sie'],
  ['sep', 'sept', 'september', 'septembre', 'septiembre', 'set', 'settembre', 'сен', 'wrz'],
  ['oct', 'october', 'octobre', 'okt', 'oktober', 'octubre', 'ott', 'ottobre', 'окт', 'paź', 'out'],
  ['nov', 'november', 'novembre', 'noviembre', 'ноя', 'lis'],
  ['dec', 'december', 'déc', 'décembre', 'dez', 'dezember', 'dic', 'diciembre', 'dicembre', 'дек', 'gru'],
];
MONTH_NAMES.forEach((names, i) => {
  for (const n of names) MONTHS[n] = i + 1;
});

/** Month tokens already looked up (a log repeats a handful); cleared when it grows past a bound. */
const monthCache = new Map<string, number | null>();
const MONTH_CACHE_MAX = 512;

/**
 * Month number (1..12) from a month token in any casing, with or without a trailing dot,
 * or a CJK `4月`; null when unknown (callers then keep the line, with no time).
 */
export function monthFromName(token: string): number | null {
  const cached = monthCache.get(token);
  if (cached !== undefined) return cached;
  const v = lookUpMonth(token);
  if (monthCache.size >= MONTH_CACHE_MAX) monthCache.clear();
  monthCache.set(token, v);
  return v;
}

function lookUpMonth(token: string): number | null {
  const t = token.toLowerCase().replace(/\.$/, '');
  const hit = MONTHS[t];
  if (hit) return hit;
  // `4月`
  const cjk = /^(\d{1,2})月$/.exec(t);
  if (cjk) {
    const m = Number(cjk[1]);
    return m >= 1 && m <= 12 ? m : null;
  }
  return null;
}

/** The digit at `i` as a number, or -1 when it is not an ASCII digit (or past the end). */
export function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Two ASCII digits at `i` as a number, or -1. */
export function twoDigitsAt(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  // NaN (past the end) fails both tests too.
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * Zone offset like `+0200`, `+02:00`, `-05`, `Z` -> minutes east of UTC; null if malformed.
 * Accepts exactly `^([+-])(\d\d):?(\d\d)?$` (so `+02:` too), read by char codes.
 */
export function parseZoneOffset(z: string): number | null {
  return zoneOffsetAt(z, 0, z.length);
}

/** parseZoneOffset of `s.slice(from, to)` without the slice. */
export function zoneOffsetAt(s: string, from: number, to: number): number | null {
  const n = to - from;
  const c = s.charCodeAt(from);
  if (n === 1 && (c === 90 /* Z */ || c === 122) /* z */) return 0;
  if (n < 3 || n > 6 || (c !== 43 /* + */ && c !== 45) /* - */) return null;
  const hh = twoDigitsAt(s, from + 1);
  if (hh < 0) return null;
  let mm = 0;
  if (n === 4) {
    // `+02:`
    if (s.charCodeAt(from + 3) !== 58 /* : */) return null;
  } else if (n === 5) {
    mm = twoDigitsAt(s, from + 3);
  } else if (n === 6) {
    mm = s.charCodeAt(from + 3) === 58 ? twoDigitsAt(s, from + 4) : -1;
  }
  if (mm < 0) return null;
  const v = hh * 60 + mm;
  return c === 45 ? -v : v;
}

/**
 * Minutes east of UTC for the zone abbreviations systemd prints (tm_zone: `journalctl -o
 * short-full`, `systemctl status`'s since time). Only unambiguous ones: `CST` (US Central or
 * China?), `IST`, `BST`... are left out on purpose, so their times fall back to the context's
 * offset (inferred).
 */
export const ZONE_ABBREVIATIONS: Readonly<Record<string, number>> = {
  UTC: 0,
  GMT: 0,
  UT: 0,
  Z: 0,
  WET: 0,
  WEST: 60,
  CET: 60,
  CEST: 120,
  MET: 60,
  MEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  SAST: 120,
  CAT: 120,
  EAT: 180,
  WAT: 60,
  EST: -300,
  EDT: -240,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  AKDT: -480,
  HST: -600,
  NST: -210,
  NDT: -150,
  AST: -240,
  ADT: -180,
  PKT: 300,
  HKT: 480,
  AWST: 480,
  JST: 540,
  KST: 540,
  ACST: 570,
  ACDT: 630,
  AEST: 600,
  AEDT: 660,
  NZST: 720,
  NZDT: 780,
};

/**
 * The offset a zone token means, minutes east of UTC: an abbreviation of ZONE_ABBREVIATIONS (any
 * case: `CET`, `utc`), else a numeric offset (`+0530`, `-03`); null when it is neither.
 */
export function zoneTokenOffset(zone: string): number | null {
  return ZONE_ABBREVIATIONS[zone.toUpperCase()] ?? parseZoneOffset(zone);
}

/** Digits after a decimal point -> microseconds (`187734` -> 187734, `1` -> 100000, nanos truncated). */
export function fractionToMicros(frac: string | undefined): number {
  if (!frac) return 0;
  return Number(`${frac}000000`.slice(0, 6));
}

/** fractionToMicros of the ASCII digits `s.slice(from, to)`, without the slice. */
export function fractionMicrosAt(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = 0; i < 6; i++) v = v * 10 + (from + i < to ? s.charCodeAt(from + i) - 48 : 0);
  return v;
}

// `2025-11-26T10:00:01.187734+01:00`, `2023-09-08T17:20:30+0200`, `2009-02-13T23:31:30,123456+00:00`,
// `2024-04-01 00:32:23.142118Z`: one ISO-8601 stamp with an optional fraction and zone, the
// grammar `^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?(Z|[+-]\d\d(?::?\d\d)?)?$`,
// read by char codes in isoMicrosAt (hot: every dmesg --time-format iso line).

/** Whether the last stamp isoMicrosAt read carried a zone. */
let isoZoned = false;

/** Parses one ISO-8601 stamp. `zoned` is false when it carried no zone (then `fallbackOffset` was used). */
export function parseIso(s: string, fallbackOffset = 0): { micros: number; zoned: boolean } | null {
  const micros = isoMicrosAt(s, 0, s.length, fallbackOffset);
  return micros == null ? null : { micros, zoned: isoZoned };
}

/**
 * parseIso(s.slice(from, to), fallbackOffset)?.micros without the slice or a regex: ISO_RE
 * read by char codes (every part of it has one way to match, so no backtracking to mirror).
 */
export function isoMicrosAt(s: string, from: number, to: number, fallbackOffset: number): number | null {
  if (to - from < 19) return null;
  const y1 = twoDigitsAt(s, from);
  const y2 = twoDigitsAt(s, from + 2);
  const mo = twoDigitsAt(s, from + 5);
  const d = twoDigitsAt(s, from + 8);
  const h = twoDigitsAt(s, from + 11);
  const mi = twoDigitsAt(s, from + 14);
  const sec = twoDigitsAt(s, from + 17);
  const sep = s.charCodeAt(from + 10);
  if (
    y1 < 0 ||
    y2 < 0 ||
    mo < 0 ||
    d < 0 ||
    h < 0 ||
    mi < 0 ||
    sec < 0 ||
    s.charCodeAt(from + 4) !== 45 /* - */ ||
    s.charCodeAt(from + 7) !== 45 ||
    (sep !== 84 /* T */ && sep !== 32) ||
    s.charCodeAt(from + 13) !== 58 /* : */ ||
    s.charCodeAt(from + 16) !== 58
  )
    return null;
  let i = from + 19;
  let micros = 0;
  const c = s.charCodeAt(i);
  if (i < to && (c === 46 /* . */ || c === 44) /* , */) {
    let j = i + 1;
    while (j < to && digitAt(s, j) >= 0) j++;
    // `(?:[.,](\d{1,9}))?` followed by a zone or the end: 1..9 digits or no match at all.
    if (j === i + 1 || j - i - 1 > 9) return null;
    micros = fractionMicrosAt(s, i + 1, j);
    i = j;
  }
  let off: number | null = fallbackOffset;
  isoZoned = i < to;
  if (i < to) {
    // `(Z|[+-]\d\d(?::?\d\d)?)$`
    const z = s.charCodeAt(i);
    const n = to - i;
    if (z === 90 /* Z */) {
      if (n !== 1) return null;
    } else if (
      !(
        (z === 43 || z === 45) /* + - */ &&
        twoDigitsAt(s, i + 1) >= 0 &&
        (n === 3 ||
          (n === 5 && twoDigitsAt(s, i + 3) >= 0) ||
          (n === 6 && s.charCodeAt(i + 3) === 58 && twoDigitsAt(s, i + 4) >= 0))
      )
    ) {
      return null;
    }
    off = zoneOffsetAt(s, i, to);
  }
  if (off == null) return null;
  return civilToMicros(y1 * 100 + y2, mo, d, h, mi, sec, micros, off);
}

/**
 * A regex match's named date and clock groups (`y mo d h mi s`, as the journal and systemd stamp
 * patterns name them) at `offsetMinutes` -> epoch microseconds; null for an impossible date.
 */
export function civilGroupsToMicros(
  g: Readonly<Record<string, string>>,
  micros: number,
  offsetMinutes: number,
): number | null {
  return civilToMicros(
    Number(g.y),
    Number(g.mo),
    Number(g.d),
    Number(g.h),
    Number(g.mi),
    Number(g.s),
    micros,
    offsetMinutes,
  );
}

/** Epoch microseconds -> `2025-11-26T09:00:01.187734Z`. */
export function microsToIso(us: number): string {
  const ms = Math.floor(us / 1000);
  const rest = us - ms * 1000;
  const base = new Date(ms).toISOString(); // ...sss Z
  return `${base.slice(0, 23)}${String(rest).padStart(3, '0')}Z`;
}

const LEVELS: Severity[] = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];

/**
 * syslog facility names by number (RFC 5424 table 1), spelled as util-linux dmesg prints them
 * (`dmesg -x`: `kern  :warn  : `); the facility of a `<PRI>` is `pri >> 3`.
 */
export const FACILITY_NAMES: readonly string[] = [
  'kern',
  'user',
  'mail',
  'daemon',
  'auth',
  'syslog',
  'lpr',
  'news',
  'uucp',
  'cron',
  'authpriv',
  'ftp',
  'res0',
  'res1',
  'res2',
  'res3',
  'local0',
  'local1',
  'local2',
  'local3',
  'local4',
  'local5',
  'local6',
  'local7',
];

/** util-linux dmesg's level names by number (`warn`, not `warning`; sys-utils/dmesg.c level_names). */
export const DMESG_LEVEL_NAMES: readonly string[] = [
  'emerg',
  'alert',
  'crit',
  'err',
  'warn',
  'notice',
  'info',
  'debug',
];

/** syslog priority (0..7, or facility<<3|level) -> severity. */
export function severityFromPriority(pri: number): Severity {
  return LEVELS[pri & 7];
}

/** Level words as tools print them (`warn`, `WARNING`, `error`, `fatal`, `E`, `W`...) -> severity. */
export function severityFromWord(w: string): Severity | undefined {
  switch (w.toLowerCase()) {
    case 'emerg':
    case 'panic':
      return 'emerg';
    case 'alert':
      return 'alert';
    case 'crit':
    case 'critical':
    case 'fatal':
    case 'f':
      return 'crit';
    case 'err':
    case 'error':
    case 'e':
      return 'err';
    case 'warn':
    case 'warning':
    case 'w':
      return 'warning';
    case 'notice':
      return 'notice';
    case 'info':
    case 'i':
      return 'info';
    case 'debug':
    case 'trace':
    case 'd':
      return 'debug';
    default:
      return undefined;
  }
}
