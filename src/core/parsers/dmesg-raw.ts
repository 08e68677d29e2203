// `dmesg` (util-linux default, `--time-format raw`), busybox `dmesg` and the kernel console:
// `[ 7093.543707] msg`, seconds since boot. Busybox and the console repeat the prefix on every
// line of a multi-line record (separate events); util-linux indents the following lines instead
// (folded into the record). FORMATS.md 2.2, 2.5, 2.7.
import { dmesgParser } from './dmesg-common.ts';

export const dmesgRawParser = dmesgParser({
  id: 'dmesg-raw',
  title: 'dmesg (seconds since boot)',
  expected: '"[ seconds.micros] message"',
  samples: [
    // FORMATS.md 3.2.8 / examples/kernel-oom-5.4-memcg.derived.txt
    '[ 7063.247407] Memory cgroup out of memory: Killed process 63214 (uwsgi) total-vm:3149468kB, anon-rss:164992kB, file-rss:52176kB, shmem-rss:92kB, UID:0 pgtables:1372kB oom_score_adj:986\n' +
      '[ 7063.263325] oom_reaper: reaped process 63214 (uwsgi), now anon-rss:0kB, file-rss:0kB, shmem-rss:92kB\n' +
      '[ 7093.543707] uwsgi invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=986\n' +
      '[ 7093.543711] CPU: 4 PID: 63635 Comm: uwsgi Not tainted 5.4.0-77-generic #86-Ubuntu\n',
    // examples/dmesg-variants.synthetic.txt: a multi-line record, indented by util-linux
    '[ 7093.543800] Mem-Info:\n' +
      '[ 7093.543801] active_anon:467412 inactive_anon:0 isolated_anon:0\n' +
      '                active_file:0 inactive_file:0 isolated_file:0\n' +
      '                unevictable:0 dirty:0 writeback:0\n',
    // examples/dmesg-default-caller-id.derived.txt (util-linux >= 2.40 with caller ids)
    '[    0.201607] [T12] smp: Bringing up secondary CPUs ...\n' +
      '[    0.201607] [T13] smpboot: x86: Booting SMP configuration:\n' +
      '[    0.209670] [T14]   #1  #3  #5  #7\n',
    // examples/kernel-soft-lockup-caller-id.derived.txt (kernel console)
    '[  129.338433][    C1] watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [002-logging:310]\n' +
      '[  129.338784][    C1] Modules linked in: iTCO_wdt intel_pmc_bxt iTCO_vendor_support i2c_i801 i2c_smbus e1000\n',
  ],
});
