// `dmesg -r` and the syslog(2) buffer (busybox `dmesg -r`, /proc/kmsg):
// `<4>[ 7093.543707] msg`, where `<N>` is facility<<3|level. FORMATS.md 2.1, 2.4, 2.7.
import { dmesgParser } from './dmesg-common.ts';

export const dmesgLevelParser = dmesgParser({
  id: 'dmesg-level',
  title: 'dmesg -r (priority and seconds since boot)',
  expected: '"<priority>[ seconds.micros] message"',
  samples: [
    // examples/dmesg-variants.synthetic.txt
    '<4>[ 7093.543707] uwsgi invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=986\n' +
      '<3>[ 7093.561122] Memory cgroup out of memory: Killed process 63635 (uwsgi) total-vm:3149468kB, anon-rss:164992kB, file-rss:52176kB, shmem-rss:92kB, UID:0 pgtables:1372kB oom_score_adj:986\n' +
      '<14>[ 7101.000001] user-facility message written to /dev/kmsg (1<<3|6 = 14)\n',
    // examples/syslog-buffer-raw-caller-id.derived.txt
    '<0>[    0.000000] [    T0] example[0]\n<1>[    1.000000] [    T1] example[1]\n<4>[   64.000000] [    T4] example[4]\n',
  ],
});
