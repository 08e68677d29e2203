// `dmesg -e` / `-H`: `[Feb13 23:31] msg` on the first record of a new minute, then
// `[  +0.000123] msg` with the delta to the previous record. FORMATS.md 2.3.
// Times: a minute stamp has no year (ctx.year) and no zone (ctx.utcOffsetMinutes) and is rounded
// down to the minute, so its time is the minute's start with a one-minute `timeRange`; a delta line
// gets the previous record's time plus its delta (a running lower bound, `inferred`, no range,
// since a range would depend on earlier lines).
import { dmesgParser } from './dmesg-common.ts';

export const dmesgReltimeParser = dmesgParser({
  id: 'dmesg-reltime',
  title: 'dmesg -e / -H (relative time)',
  expected: '"[Mmmdd HH:MM] message" or "[  +seconds.micros] message"',
  samples: [
    // examples/dmesg-variants.synthetic.txt
    '[Nov26 10:00] uwsgi invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=986\n' +
      '[  +0.017415] Memory cgroup out of memory: Killed process 63635 (uwsgi) total-vm:3149468kB, anon-rss:164992kB, file-rss:52176kB, shmem-rss:92kB, UID:0 pgtables:1372kB oom_score_adj:986\n' +
      '[ +12.400000] a delta >= 10 s uses one fewer leading space\n',
    // examples/dmesg-reltime-ctime-delta.derived.txt
    '[Feb13 23:31] [Fri Feb 13 23:31:30 2009 <    0.000000>] example[0]\n' +
      '[  +0.000000] [Fri Feb 13 23:31:31 2009 <    0.000000>] example[1]\n' +
      '[  +7.000000] [Fri Feb 13 23:31:38 2009 <    7.000000>] example[2]\n',
  ],
});
