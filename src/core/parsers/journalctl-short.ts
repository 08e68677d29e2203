// `journalctl` (default `-o short`): `Nov 26 10:00:01 node-1 kernel: message`. No year, no zone:
// times come from the context's year and offset, marked `inferred` (FORMATS.md 1.1, 1.2).
import {
  type ShortMode,
  shortFamilyParser,
  YEARLESS_STAMP,
  yearlessClock,
  yearlessReader,
  yearlessWeight,
} from './journal-common.ts';

const mode: ShortMode = {
  id: 'journalctl-short',
  title: 'journalctl (short)',
  version: 1,
  samples: [
    // FORMATS.md 1.1, examples/journalctl-short.synthetic.txt
    `Nov 26 09:59:58 node-1 systemd[1]: Started containerd.service - containerd container runtime.
Nov 26 10:00:01 node-1 kernel: java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=936
Nov 26 10:00:01 node-1 containerd[1012]: time="2025-11-26T10:00:01.187734120Z" level=info msg="TaskOOM event container_id:\\"4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6\\""
Nov 26 10:00:03 node-1 myapp[2211]: first line of a multi-line MESSAGE
                                    second line: continuation lines are indented to the message column
                                    third line
Nov 26 10:00:04 node-1 systemd[1]: myapp.service: Main process exited, code=killed, status=9/KILL
-- Boot 5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21 --
Nov 26 10:05:13 node-1 unknown: entry without SYSLOG_IDENTIFIER and without _COMM prints the literal word 'unknown'
`,
    // FORMATS.md 1.2, examples/journalctl-output-modes.synthetic.txt (`--no-hostname`)
    'Nov 26 10:00:01 kernel: VFS: file-max limit 1048576 reached\n',
  ],
  // `Nov 26 10:00:01 ` (the micros of short-precise are accepted when parsing, weaker in detection)
  stamp: YEARLESS_STAMP,
  shape: '`Nov 26 10:00:01`',
  weight: (m, origin, rest) => yearlessWeight(m, origin, rest) * (m.groups?.frac === undefined ? 1 : 0.5),
  clock: yearlessClock,
  reader: yearlessReader,
};

// The default mode also claims a head of nothing but journal special lines (`-- No entries --`).
export const journalctlShortParser = shortFamilyParser(mode, 0.4);
