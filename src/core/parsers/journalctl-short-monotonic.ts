// `journalctl -o short-monotonic`: `[   12.345678] node-1 kernel: message`, seconds since the
// entry's boot; no wall time (`relative`). Looks like dmesg's `[   12.345678] message`, so the
// detector demands the journal's `host ident[pid]: ` / `host kernel: ` after the bracket.
// `-o short-delta` (`[   12.346001 <    0.000323 >] ...`) has no format id of its own and is read
// here: its first number is the same monotonic time (FORMATS.md 1.2).
import { type Origin, type ShortMode, shortFamilyParser } from './journal-common.ts';

// `[ 1123.120810] `, `[86413.000102] `, `[   12.345678                ] ` and
// `[   12.346001 <    0.000323 >] ` / `[    0.512000 <  301.004512*>] ` (short-delta).
const SECONDS = String.raw`(?<sec>\d+)\.(?<frac>\d{6})`;
const DELTA = String.raw`(?<delta> {16}| < *\d+\.\d{6}[ *]>)?`;
const STAMP = new RegExp(`^\\[ *${SECONDS}${DELTA}\\] `);

function monotonicWeight(origin: Origin | null): number {
  if (!origin) return 0;
  // `[ 1123.120810] homeworkstation01-System-Product-Name dockerd[1471]: ...`: the journal's shape.
  if (
    origin.host !== undefined &&
    origin.plainIdent &&
    (origin.pid !== undefined || origin.ident === 'kernel')
  )
    return 1;
  // `[   12.345678] kernel: ...` (`--no-hostname`): never printed by dmesg.
  if (origin.host === undefined && origin.ident === 'kernel') return 0.8;
  // `[    2.000000] sd 0:0:0:0: [sda] ...` is dmesg text that happens to fit `host ident: `.
  if (origin.host !== undefined && origin.plainIdent) return 0.3;
  return 0;
}

const mode: ShortMode = {
  id: 'journalctl-short-monotonic',
  title: 'journalctl -o short-monotonic',
  version: 1,
  samples: [
    // examples/journalctl-output-modes.synthetic.txt
    `[   12.345678] node-1 kernel: EXT4-fs (nvme0n1p1): mounted filesystem with ordered data mode. Quota mode: none.
[86413.000102] node-1 kernel: Memory cgroup out of memory: Killed process 41235 (java) total-vm:8392104kB, anon-rss:2097152kB, file-rss:1024kB, shmem-rss:0kB, UID:1000 pgtables:4512kB oom_score_adj:936
`,
  ],
  stamp: STAMP,
  shape: '`[   12.345678]`',
  weight: (_m, origin) => monotonicWeight(origin),
  clock: () => (m) => {
    const g = m.groups ?? {};
    return { time: null, timeQuality: 'relative', monotonic: Number(`${g.sec}.${g.frac}`) };
  },
};

export const journalctlShortMonotonicParser = shortFamilyParser(mode);
