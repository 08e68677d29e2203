// `dmesg --time-format delta`: `[<    7.000000>] msg` (delta to the previous record only), and
// `dmesg -d`: `[    0.000002 <    0.000001>] msg` (seconds since boot and delta). FORMATS.md 2.3.
import { dmesgParser } from './dmesg-common.ts';

export const dmesgDeltaParser = dmesgParser({
  id: 'dmesg-delta',
  title: 'dmesg -d (delta to the previous record)',
  expected: '"[    seconds.micros <    delta>] message" or "[<    delta>] message"',
  samples: [
    // examples/dmesg-delta-d.derived.txt
    '[    0.000000 <    0.000000>] [T1] Linux version 6.6.4-arch1-1 (linux@archlinux) (gcc (GCC) 13.2.1 20230801, GNU ld (GNU Binutils) 2.41.0) #1 SMP PREEMPT_DYNAMIC Mon, 04 Dec 2023 00:29:19 +0000\n' +
      '[    0.201607 <    0.201597>] [T12] smp: Bringing up secondary CPUs ...\n' +
      '[    0.209670 <    0.008063>] [T14]   #1  #3  #5  #7\n',
    // examples/dmesg-multiline-indentation.derived.txt
    '[<    0.000000>] new\n                 line\n',
  ],
});
