// `journalctl -o short-full` (and `-o with-unit`): `Wed 2025-11-26 10:00:01 CET node-1 kernel: message`.
// The zone is an abbreviation (tm_zone): common ones map to offsets (exact); an unknown or
// ambiguous one (`CST`: US Central or China?) falls back to the context's offset, `inferred`.

import { civilToMicros, parseZoneOffset } from '../util/time.ts';
import { type Clock, originWeight, type ShortMode, shortFamilyParser } from './journal-common.ts';
import type { ParseContext } from './parser-api.ts';

// Minutes east of UTC. Only unambiguous abbreviations; `CST`, `IST`, `BST`... are left out on purpose.
const ZONES: Record<string, number> = {
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
    const named = ZONES[g.zone.toUpperCase()];
    const off = named ?? parseZoneOffset(g.zone);
    const known = off !== null && off !== undefined;
    const t = civilToMicros(
      Number(g.y),
      Number(g.mo),
      Number(g.d),
      Number(g.h),
      Number(g.mi),
      Number(g.s),
      0,
      known ? off : ctx.utcOffsetMinutes,
    );
    if (t === null) return { time: null, timeQuality: 'none' };
    return { time: t, timeQuality: known ? 'exact' : 'inferred' };
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
};

export const journalctlShortFullParser = shortFamilyParser(mode);
