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
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 60) return null;
  const days = daysFromCivil(y, mo, d);
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

/**
 * Month number (1..12) from a month token in any casing, with or without a trailing dot,
 * or a CJK `4月`; null when unknown (callers then keep the line, with no time).
 */
export function monthFromName(token: string): number | null {
  const t = token.toLowerCase().replace(/\.$/, '');
  const hit = MONTHS[t];
  if (hit) return hit;
  const cjk = /^(\d{1,2})月$/.exec(t);
  if (cjk) {
    const m = Number(cjk[1]);
    return m >= 1 && m <= 12 ? m : null;
  }
  return null;
}

/** Zone offset like `+0200`, `+02:00`, `-05`, `Z` -> minutes east of UTC; null if malformed. */
export function parseZoneOffset(z: string): number | null {
  if (z === 'Z' || z === 'z') return 0;
  const m = /^([+-])(\d\d):?(\d\d)?$/.exec(z);
  if (!m) return null;
  const v = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -v : v;
}

/** Digits after a decimal point -> microseconds (`187734` -> 187734, `1` -> 100000, nanos truncated). */
export function fractionToMicros(frac: string | undefined): number {
  if (!frac) return 0;
  return Number((frac + '000000').slice(0, 6));
}

// `2025-11-26T10:00:01.187734+01:00`, `2023-09-08T17:20:30+0200`, `2009-02-13T23:31:30,123456+00:00`,
// `2024-04-01 00:32:23.142118Z`: one ISO-8601 stamp with an optional fraction and zone.
const ISO_RE = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?(Z|[+-]\d\d(?::?\d\d)?)?$/;

/** Parses one ISO-8601 stamp. `zoned` is false when it carried no zone (then `fallbackOffset` was used). */
export function parseIso(s: string, fallbackOffset = 0): { micros: number; zoned: boolean } | null {
  const m = ISO_RE.exec(s);
  if (!m) return null;
  const off = m[8] ? parseZoneOffset(m[8]) : fallbackOffset;
  if (off == null) return null;
  const micros = civilToMicros(
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
    fractionToMicros(m[7]),
    off,
  );
  return micros == null ? null : { micros, zoned: m[8] !== undefined };
}

/** Epoch microseconds -> `2025-11-26T09:00:01.187734Z`. */
export function microsToIso(us: number): string {
  const ms = Math.floor(us / 1000);
  const rest = us - ms * 1000;
  const base = new Date(ms).toISOString(); // ...sss Z
  return `${base.slice(0, 23)}${String(rest).padStart(3, '0')}Z`;
}

const LEVELS: Severity[] = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];

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
