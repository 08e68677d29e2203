// `journalctl -o short-iso`: `2025-11-26T10:00:01+01:00 node-1 kernel: message` (`+0100` before
// v255). Zoned: exact (FORMATS.md 1.2).
import {
  ISO_STAMP,
  isoClock,
  isoReader,
  originWeight,
  type ShortMode,
  shortFamilyParser,
} from './journal-common.ts';

const mode: ShortMode = {
  id: 'journalctl-short-iso',
  title: 'journalctl -o short-iso',
  version: 1,
  samples: [
    // examples/journalctl-output-modes.synthetic.txt (v255+ and older zone styles)
    `2025-11-26T10:00:01+01:00 node-1 kernel: oom_reaper: reaped process 41235 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB
2025-11-26T10:00:01+0100 node-1 kernel: oom_reaper: reaped process 41235 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB
`,
    // examples/journalctl-short-iso.derived.txt (systemd PR #29134)
    `2023-09-08T17:20:30+0200 srv01 r710_fan_controller.sh[20911]: Highest drive temperature: 43 Celcius.
2023-09-08T17:20:47+0200 srv01 r710_fan_controller.sh[20911]: Changing to fan level 4.
`,
  ],
  // `2025-11-26T10:00:01+01:00 `
  stamp: ISO_STAMP,
  shape: '`2025-11-26T10:00:01+01:00`',
  weight: (m, origin) =>
    originWeight(origin) * (m.groups?.frac === undefined ? 1 : 0.5) * (m.groups?.zone === 'Z' ? 0.8 : 1),
  clock: isoClock,
  reader: isoReader,
};

export const journalctlShortIsoParser = shortFamilyParser(mode);
