// Timestamp renderings of one instant (epoch microseconds, UTC) in every style the generated
// tools print. The node's clock is UTC, so zone-less formats (journalctl short, dmesg -T) read
// the same as the zoned ones. Hand-rolled instead of Date/strftime: a 100 MB file formats
// millions of stamps, and the last second's calendar fields are cached.

import { civilFromDays } from '../util/time.ts';

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export interface Civil {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday
}

let cachedSec = Number.NaN;
let cached: Civil = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, weekday: 4 };

export function civil(us: number): Civil {
  const sec = Math.floor(us / 1_000_000);
  if (sec === cachedSec) return cached;
  const days = Math.floor(sec / 86400);
  const rest = sec - days * 86400;
  const [year, month, day] = civilFromDays(days);
  cached = {
    year,
    month,
    day,
    hour: Math.floor(rest / 3600),
    minute: Math.floor((rest % 3600) / 60),
    second: rest % 60,
    weekday: (((days + 4) % 7) + 7) % 7,
  };
  cachedSec = sec;
  return cached;
}

export const p2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
export const p6 = (n: number): string => String(n).padStart(6, '0');
/** Microseconds within the second. */
export const frac = (us: number): number => us - Math.floor(us / 1_000_000) * 1_000_000;

const hms = (c: Civil): string => `${p2(c.hour)}:${p2(c.minute)}:${p2(c.second)}`;
const ymd = (c: Civil): string => `${c.year}-${p2(c.month)}-${p2(c.day)}`;

/** journalctl short: `Nov 26 10:00:01` (strftime "%b %d %H:%M:%S", day zero-padded). */
export function journalShort(us: number): string {
  const c = civil(us);
  return `${MONTHS[c.month - 1]} ${p2(c.day)} ${hms(c)}`;
}

/**
 * BSD syslog (RFC 3164 4.1.2, rsyslog's traditional file format): `Nov 24 06:00:01`, `Dec  1 08:03:09`
 * (the day padded with a space, unlike journalctl's zero).
 */
export function syslogStamp(us: number): string {
  const c = civil(us);
  return `${MONTHS[c.month - 1]} ${c.day < 10 ? ` ${c.day}` : c.day} ${hms(c)}`;
}

export function journalPrecise(us: number): string {
  return `${journalShort(us)}.${p6(frac(us))}`;
}

/** `2025-11-26T10:00:01` */
export function isoSeconds(us: number): string {
  const c = civil(us);
  return `${ymd(c)}T${hms(c)}`;
}

/** journalctl short-iso, systemd >= 255 zone style. */
export function journalIso(us: number): string {
  return `${isoSeconds(us)}+00:00`;
}

export function journalIsoPrecise(us: number): string {
  return `${isoSeconds(us)}.${p6(frac(us))}+00:00`;
}

/** journalctl short-full: `Wed 2025-11-26 10:00:01 UTC`. */
export function journalFull(us: number): string {
  const c = civil(us);
  return `${WEEKDAYS[c.weekday]} ${ymd(c)} ${hms(c)} UTC`;
}

/** journalctl short-unix: `%10ld.%06llu`. */
export function journalUnix(us: number): string {
  return `${String(Math.floor(us / 1_000_000)).padStart(10)}.${p6(frac(us))}`;
}

/** `%5lu.%06lu` of a duration in microseconds (dmesg raw, journalctl short-monotonic). */
export function monoStamp(us: number): string {
  return `${String(Math.floor(us / 1_000_000)).padStart(5)}.${p6(frac(us))}`;
}

/** dmesg -T: strftime "%a %b %e %H:%M:%S %Y" (%e pads the day with a space). */
export function ctime(us: number): string {
  const c = civil(us);
  return `${WEEKDAYS[c.weekday]} ${MONTHS[c.month - 1]} ${String(c.day).padStart(2)} ${hms(c)} ${c.year}`;
}

/** dmesg --time-format iso (util-linux >= 2.32). */
export function dmesgIso(us: number): string {
  return `${isoSeconds(us)},${p6(frac(us))}+00:00`;
}

/** dmesg reltime minute stamp: strftime "%b%e %H:%M" -> `Nov26 10:00`, `Dec 1 08:03`. */
export function reltimeMinute(us: number): string {
  const c = civil(us);
  return `${MONTHS[c.month - 1]}${String(c.day).padStart(2)} ${p2(c.hour)}:${p2(c.minute)}`;
}

/** Seconds with 6 decimals, as C's "%.06f" prints a duration. */
export function secondsFixed6(us: number): string {
  const neg = us < 0;
  const a = Math.abs(us);
  const s = `${Math.floor(a / 1_000_000)}.${p6(frac(a))}`;
  return neg ? `-${s}` : s;
}

/**
 * containerd's RFC3339NanoFixed (`2006-01-02T15:04:05.000000000Z07:00`): always 9 digits.
 * `nanos` (0..999) are the sub-microsecond digits, so the stamp looks like a real clock read.
 */
export function goFixed(us: number, nanos: number): string {
  return `${isoSeconds(us)}.${p6(frac(us))}${String(nanos).padStart(3, '0')}Z`;
}

/** Go RFC3339 without fraction (the shim's nested logrus lines). */
export function goSeconds(us: number): string {
  return `${isoSeconds(us)}Z`;
}

/** Go time.RFC3339Nano: trailing zeros of the fraction removed, no fraction at all when zero. */
export function rfc3339Nano(us: number, nanos: number): string {
  let f = `${p6(frac(us))}${String(nanos).padStart(3, '0')}`.replace(/0+$/, '');
  if (f.length > 0) f = `.${f}`;
  return `${isoSeconds(us)}${f}Z`;
}

/** klog header stamp: `mmdd hh:mm:ss.uuuuuu`. */
export function klogStamp(us: number): string {
  const c = civil(us);
  return `${p2(c.month)}${p2(c.day)} ${hms(c)}.${p6(frac(us))}`;
}

/** Go time.Time String() of a UTC time as kubelet prints podCreationTimestamp: `2025-11-26 10:00:01 +0000 UTC`. */
export function goTimeString(us: number): string {
  const c = civil(us);
  return `${ymd(c)} ${hms(c)} +0000 UTC`;
}

/** docker/go-units HumanDuration, as crictl's CREATED column prints it (without " ago"). */
export function humanDuration(us: number): string {
  const seconds = Math.floor(us / 1_000_000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(us / 60_000_000); // Go: int(d.Minutes()) truncates
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.floor(us / 3_600_000_000 + 0.5); // Go: int(d.Hours() + 0.5) rounds
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(Math.floor(us / 3_600_000_000) / 24 / 365)} years`;
}

/** Whole-second UTC epoch of a calendar time (the generator's fixed start dates). */
export function utcMicros(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  return Date.UTC(y, mo - 1, d, h, mi, s) * 1000;
}
