// `dmesg -x`: `kern  :warn  : [ 7093.543707] msg` ("%-6s:%-6s: " facility and level), and the
// same output reworked by hand (`awk '{$1="";print $0}'`: facility dropped, spaces collapsed,
// ` err [129398.233826] msg`), which keeps the level words. FORMATS.md 2.2, 2.4.
import { dmesgParser } from './dmesg-common.ts';

export const dmesgDecodeParser = dmesgParser({
  id: 'dmesg-decode',
  title: 'dmesg -x (facility and level)',
  expected: '"facility:level : [ seconds.micros] message"',
  samples: [
    // examples/dmesg-decode-x.derived.txt
    'kern  :emerg : [    0.000000] [T1] Linux version 6.6.4-arch1-1 (linux@archlinux) (gcc (GCC) 13.2.1 20230801, GNU ld (GNU Binutils) 2.41.0) #1 SMP PREEMPT_DYNAMIC Mon, 04 Dec 2023 00:29:19 +0000\n' +
      'kern  :warn  : [    0.209670] [T14]   #1  #3  #5  #7\n' +
      'syslog:info  : [   18.720000] [T38] systemd-journald[723]: Received client request to flush runtime journal.\n',
    // examples/dmesg-variants.synthetic.txt
    'kern  :warn  : [ 7093.543707] uwsgi invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=986\n' +
      'kern  :info  : [ 7093.579001] oom_reaper: reaped process 63635 (uwsgi), now anon-rss:0kB, file-rss:0kB, shmem-rss:92kB\n',
    // corpus systemd-23638-hung-task-pids-awk-mangled
    ' err [129398.233826] INFO: task exe:1990875 blocked for more than 120 seconds.\n' +
      ' info [129398.234279] exe D 0 1990875 44826 0x00000000\n' +
      ' warning [129398.234280] Call Trace:\n',
  ],
});
