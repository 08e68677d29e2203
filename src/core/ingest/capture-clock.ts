// The paste's own clock: people often run `date` before collecting (`$ date` then
// `Wed Nov 26 10:00:00 UTC 2025`). That line says when the outputs below it were taken, so ages
// in them ("2 hours ago", `5m`, `Up 3 hours`) become time ranges (ParseContext.capturedAt).
// Only stamps that say their zone are used: a `CET` abbreviation is ambiguous and is left out.
import { civilToMicros, monthFromName, parseIso, parseZoneOffset } from '../util/time.ts';

/** `date`, `sudo date`, `date -u`, `date -R`, `date --iso-8601=seconds`, `date --rfc-3339=ns`. */
const DATE_COMMAND_RE = /^(?:sudo )?date(?: +-(?:u|R|-utc|-iso-8601(?:=\w+)?|-rfc-3339=\w+|-rfc-email))*\s*$/;

export function isDateCommand(command: string | undefined): boolean {
  return command !== undefined && DATE_COMMAND_RE.test(command.trim());
}

// `Wed Nov 26 10:00:00 UTC 2025` (coreutils default, C locale; the day is space-padded),
// `Wed Nov 26 10:00:00 AM UTC 2025` (en_US), `Wed 26 Nov 2025 10:00:00 AM UTC` (en_GB / newer).
const DEFAULT_RE =
  /^[A-Z][a-z]{2},? +(?:([A-Z][a-z]{2}) +(\d{1,2})|(\d{1,2}) +([A-Z][a-z]{2})(?: +(\d{4}))?) +(\d{1,2}):(\d\d):(\d\d)(?: ([AP]M))? +(UTC|GMT|Z|[+-]\d{4})(?: +(\d{4}))?$/;
// `Wed, 26 Nov 2025 10:00:00 +0000` (date -R / --rfc-email)
const RFC_EMAIL_RE = /^[A-Z][a-z]{2}, (\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d\d):(\d\d):(\d\d) ([+-]\d{4})$/;

/** `UTC`, `GMT`, `Z` or `+0100` (all the regexes above let through) -> minutes east of UTC. */
function offsetOf(zone: string): number | null {
  return zone === 'UTC' || zone === 'GMT' ? 0 : parseZoneOffset(zone);
}

/** When a `date` output line says it is (epoch µs UTC), or null when it is not one with a zone. */
export function parseDateOutput(line: string): number | null {
  const t = line.trim();
  if (t.length < 19 || t.length > 64) return null;
  if (/^\d{4}-\d\d-\d\d[T ]/.test(t)) {
    // --iso-8601=seconds / --rfc-3339=seconds: `2025-11-26T10:00:00+00:00`, `2025-11-26 10:00:00.123456789+00:00`
    const iso = parseIso(t);
    return iso?.zoned ? iso.micros : null;
  }
  let y: number;
  let mon: number | null;
  let d: number;
  let h: number;
  let mi: number;
  let s: number;
  let zone: string;
  const e = RFC_EMAIL_RE.exec(t);
  if (e) {
    [d, mon, y] = [Number(e[1]), monthFromName(e[2]), Number(e[3])];
    [h, mi, s, zone] = [Number(e[4]), Number(e[5]), Number(e[6]), e[7]];
  } else {
    const m = DEFAULT_RE.exec(t);
    if (!m) return null;
    mon = monthFromName(m[1] ?? m[4]);
    d = Number(m[2] ?? m[3]);
    y = Number(m[5] ?? m[11]);
    h = Number(m[6]);
    mi = Number(m[7]);
    s = Number(m[8]);
    if (m[9] === 'PM' && h < 12) h += 12;
    if (m[9] === 'AM' && h === 12) h = 0;
    zone = m[10];
  }
  const off = offsetOf(zone);
  if (mon === null || off === null || !y) return null;
  return civilToMicros(y, mon, d, h, mi, s, 0, off);
}
