// `journalctl -o short-precise`: `Nov 26 10:00:01.187734 node-1 kernel: message`, short plus
// microseconds. No year, no zone: `inferred` (FORMATS.md 1.2).
import {
  type ShortMode,
  shortFamilyParser,
  YEARLESS_STAMP,
  yearlessClock,
  yearlessReader,
  yearlessWeight,
} from './journal-common.ts';

const mode: ShortMode = {
  id: 'journalctl-short-precise',
  title: 'journalctl -o short-precise',
  version: 1,
  samples: [
    // examples/journalctl-output-modes.synthetic.txt, and the real gpud#70 line (host elided as `...`)
    `Nov 26 10:00:01.187734 node-1 kernel: oom_reaper: reaped process 41235 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB
Aug 30 06:58:55.050705 ... kernel: oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=cri-containerd-8f6046c8e15a117a146646b5061e51a57cf27c01a7d95621f95251929e4d43e9.scope,mems_allowed=0-1,oom_memcg=/lxc.payload....-lxc/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod94dabbf4_4b1a_4fe0_a7a9_3c6cf8855a1d.slice,task_memcg=/lxc.payload.q7w4k9m2xz-lxc/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod94dabbf4_4b1a_4fe0_a7a9_3c6cf8855a1d.slice/cri-containerd-8f6046c8e15a117a146646b5061e51a57cf27c01a7d95621f95251929e4d43e9.scope,task=pt_main_thread,pid=461754,uid=0
`,
  ],
  // `Nov 26 10:00:01.187734 ` (a line without micros is plain short: parsed, but not this mode's sign)
  stamp: YEARLESS_STAMP,
  shape: '`Nov 26 10:00:01.187734`',
  weight: (m, origin, rest) => (m.groups?.frac === undefined ? 0 : yearlessWeight(m, origin, rest)),
  clock: yearlessClock,
  reader: yearlessReader,
};

export const journalctlShortPreciseParser = shortFamilyParser(mode);
