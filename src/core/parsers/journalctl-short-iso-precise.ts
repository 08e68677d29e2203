// `journalctl -o short-iso-precise`: `2025-11-26T10:00:01.187734+01:00 node-1 kernel: message`.
// Zoned: exact (FORMATS.md 1.2).
import {
  ISO_STAMP,
  isoClock,
  isoReader,
  originWeight,
  type ShortMode,
  shortFamilyParser,
} from './journal-common.ts';

const mode: ShortMode = {
  id: 'journalctl-short-iso-precise',
  title: 'journalctl -o short-iso-precise',
  version: 1,
  samples: [
    // examples/journalctl-output-modes.synthetic.txt and journalctl-short-iso.derived.txt (pre-v255 zone)
    `2025-11-26T09:00:01.187734+00:00 node-1 kernel: oom_reaper: reaped process 41235 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB
2023-09-08T17:20:30.655028+0200 srv01 r710_fan_controller.sh[20911]: Highest drive temperature: 43 Celcius.
`,
  ],
  // `2025-11-26T09:00:01.187734+00:00 ` (without micros it is plain short-iso: parsed, not counted)
  stamp: ISO_STAMP,
  shape: '`2025-11-26T10:00:01.187734+01:00`',
  weight: (m, origin) =>
    m.groups?.frac === undefined ? 0 : originWeight(origin) * (m.groups?.zone === 'Z' ? 0.8 : 1),
  clock: isoClock,
  reader: isoReader,
};

export const journalctlShortIsoPreciseParser = shortFamilyParser(mode);
