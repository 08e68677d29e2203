// `journalctl -o short-unix`: `1764147601.187734 node-1 kernel: message`, seconds since the epoch
// (`%10ld.%06llu`, right-aligned in 10 columns). Zone-free: exact (FORMATS.md 1.2).
import { originWeight, type ShortMode, shortFamilyParser } from './journal-common.ts';

const mode: ShortMode = {
  id: 'journalctl-short-unix',
  title: 'journalctl -o short-unix',
  version: 1,
  samples: [
    // examples/journalctl-output-modes.synthetic.txt
    '1764147601.187734 node-1 kernel: oom_reaper: reaped process 41235 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB\n',
  ],
  // `1764147601.187734 ` (at most 9 pad spaces, so a continuation indented deeper is never a stamp)
  stamp: /^ {0,9}(?<sec>\d{1,10})\.(?<frac>\d{6}) /,
  shape: '`1764147601.187734`',
  // Epochs before 2001 (fewer than 10 digits) are possible but unusual: a weaker sign.
  weight: (m, origin) => originWeight(origin) * ((m.groups?.sec.length ?? 0) >= 9 ? 1 : 0.5),
  clock: () => (m) => {
    const g = m.groups ?? {};
    return { time: Number(g.sec) * 1_000_000 + Number(g.frac), timeQuality: 'exact' };
  },
};

export const journalctlShortUnixParser = shortFamilyParser(mode);
