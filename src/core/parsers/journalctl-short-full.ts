// `journalctl -o short-full` (and `-o with-unit`): `Wed 2025-11-26 10:00:01 CET node-1 kernel: message`.
// The zone is an abbreviation (tm_zone): common ones map to offsets (exact); an unknown or
// ambiguous one (`CST`: US Central or China?) falls back to the context's offset, `inferred`.

import { civilGroupsToMicros, civilToMicros, twoDigitsAt, zoneTokenOffset } from '../util/time.ts';
import {
  type Clock,
  originWeight,
  type ShortMode,
  type StampReader,
  shortFamilyParser,
} from './journal-common.ts';
import type { ParseContext } from './parser-api.ts';

// `Wed 2025-11-26 10:00:01 CET `, `Wed 2025-11-26 09:00:01 UTC `, `Tue 2025-03-04 10:00:01 +04 `
// (zones without a name print as an offset). The weekday is not checked: older systemd printed
// it with strftime `%a`, so it follows the locale.
const WEEKDAY = String.raw`(?<wd>\p{L}{2,9}\.?)`;
const DATE = String.raw`(?<y>\d{4})-(?<mo>\d\d)-(?<d>\d\d)`;
// No micros: `Wed 2025-11-26 10:00:01.187734 CET [s=...]` is the first line of `-o verbose`.
const CLOCK = String.raw`(?<h>\d\d):(?<mi>\d\d):(?<s>\d\d)`;
const ZONE = String.raw`(?<zone>[A-Za-z]{1,6}|[+-]\d\d(?::?\d\d)?)`;
const STAMP = new RegExp(`^${WEEKDAY} ${DATE} ${CLOCK} ${ZONE} `, 'u');

function fullClock(ctx: ParseContext): Clock {
  return (m) => {
    const g = m.groups ?? {};
    const off = zoneTokenOffset(g.zone);
    const t = civilGroupsToMicros(g, 0, off ?? ctx.utcOffsetMinutes);
    if (t === null) return { time: null, timeQuality: 'none' };
    return { time: t, timeQuality: off !== null ? 'exact' : 'inferred' };
  };
}

function isAsciiLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/**
 * STAMP + fullClock by char codes: `Mon 2025-11-24 06:08:25 UTC `. A weekday with other letters
 * (`mié.`) goes to the regex, which knows `\p{L}`. The zone token's offset is cached.
 */
function fullReader(ctx: ParseContext): StampReader {
  const clock = fullClock(ctx);
  let m: RegExpExecArray | null = null;
  let t: number | null = null;
  let known = false;
  let lastZone = '';
  let lastOff: number | null = null;
  return {
    match(text) {
      m = null;
      // `(?<wd>\p{L}{2,9}\.?) `
      let i = 0;
      let c = text.charCodeAt(0);
      while (isAsciiLetter(c)) c = text.charCodeAt(++i);
      if (c >= 128) {
        m = STAMP.exec(text);
        return m ? m[0].length : -1;
      }
      if (i < 2 || i > 9) return -1;
      if (c === 46 /* . */) c = text.charCodeAt(++i);
      if (c !== 32) return -1;
      // `(?<y>\d{4})-(?<mo>\d\d)-(?<d>\d\d) (?<h>\d\d):(?<mi>\d\d):(?<s>\d\d) `
      const p = i + 1;
      const y1 = twoDigitsAt(text, p);
      const y2 = twoDigitsAt(text, p + 2);
      const mo = twoDigitsAt(text, p + 5);
      const d = twoDigitsAt(text, p + 8);
      const h = twoDigitsAt(text, p + 11);
      const mi = twoDigitsAt(text, p + 14);
      const sec = twoDigitsAt(text, p + 17);
      if (
        (y1 | y2 | mo | d | h | mi | sec) < 0 ||
        text.charCodeAt(p + 4) !== 45 /* - */ ||
        text.charCodeAt(p + 7) !== 45 ||
        text.charCodeAt(p + 10) !== 32 ||
        text.charCodeAt(p + 13) !== 58 /* : */ ||
        text.charCodeAt(p + 16) !== 58 ||
        text.charCodeAt(p + 19) !== 32
      )
        return -1;
      // `(?<zone>[A-Za-z]{1,6}|[+-]\d\d(?::?\d\d)?) `
      const z = p + 20;
      let ze = z;
      c = text.charCodeAt(z);
      if (isAsciiLetter(c)) {
        while (isAsciiLetter(text.charCodeAt(ze))) ze++;
        if (ze - z > 6) return -1;
      } else if ((c === 43 || c === 45) /* + - */ && twoDigitsAt(text, z + 1) >= 0) {
        ze = z + 3;
        const q = text.charCodeAt(ze) === 58 ? ze + 1 : ze;
        if (twoDigitsAt(text, q) >= 0) ze = q + 2;
      } else {
        return -1;
      }
      if (text.charCodeAt(ze) !== 32) return -1;
      if (ze - z !== lastZone.length || !text.startsWith(lastZone, z)) {
        lastZone = text.slice(z, ze);
        lastOff = zoneTokenOffset(lastZone);
      }
      known = lastOff !== null;
      t = civilToMicros(
        y1 * 100 + y2,
        mo,
        d,
        h,
        mi,
        sec,
        0,
        lastOff !== null ? lastOff : ctx.utcOffsetMinutes,
      );
      return ze + 1;
    },
    time(out) {
      if (m !== null) {
        const r = clock(m);
        out.time = r.time;
        out.timeQuality = r.timeQuality;
        out.monotonic = r.monotonic;
        return;
      }
      out.monotonic = undefined;
      if (t === null) {
        out.time = null;
        out.timeQuality = 'none';
      } else {
        out.time = t;
        out.timeQuality = known ? 'exact' : 'inferred';
      }
    },
  };
}

const mode: ShortMode = {
  id: 'journalctl-short-full',
  title: 'journalctl -o short-full',
  version: 1,
  samples: [
    // examples/journalctl-output-modes.synthetic.txt (short-full, --utc, with-unit)
    `Wed 2025-11-26 10:00:01 CET node-1 kernel: oom_reaper: reaped process 41235 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB
Wed 2025-11-26 09:00:01 UTC node-1 kernel: oom_reaper: reaped process 41235 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB
Wed 2025-11-26 10:00:04 CET node-1 myapp.service[2211]: listening on :8080
Wed 2025-11-26 10:00:05 CET node-1 user@1000.service/app-foo.service[3321]: user unit example
`,
  ],
  stamp: STAMP,
  shape: '`Wed 2025-11-26 10:00:01 CET`',
  weight: (_m, origin) => originWeight(origin),
  clock: fullClock,
  reader: fullReader,
};

export const journalctlShortFullParser = shortFamilyParser(mode);
