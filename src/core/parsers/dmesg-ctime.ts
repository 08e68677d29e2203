// `dmesg -T`: `[Fri Feb 13 23:31:30 2009] msg`, strftime("%a %b %e %H:%M:%S %Y") in the local
// time of the machine that ran dmesg (no zone: ctx.utcOffsetMinutes, quality `inferred`); day
// and month names follow the locale. Also `-T -d`: `[... 2009 <    0.000000>] msg`. FORMATS.md 2.3.
import { dmesgParser } from './dmesg-common.ts';

export const dmesgCtimeParser = dmesgParser({
  id: 'dmesg-ctime',
  title: 'dmesg -T (local wall clock)',
  expected: '"[Www Mmm dd HH:MM:SS YYYY] message"',
  samples: [
    // corpus k8s-56891-java-memcg-oom-dmesg-T
    '[Thu Dec  7 00:05:15 2017] Memory cgroup out of memory: Kill process 24572 (java) score 0 or sacrifice child\n' +
      '[Thu Dec  7 00:05:15 2017] Killed process 28438 (java) total-vm:20255636kB, anon-rss:466160kB, file-rss:13684kB\n',
    // examples/dmesg-variants.synthetic.txt: localized, and with -d
    '[mer. nov. 26 10:00:01 2025] Out of memory: Killed process 43056 (colmap) total-vm:30044644kB, anon-rss:13553456kB, file-rss:57484kB, shmem-rss:2432kB, UID:1000 pgtables:31820kB oom_score_adj:200\n' +
      '[Wed Nov 26 10:00:01 2025 <    0.017415>] Memory cgroup out of memory: Killed process 63635 (uwsgi) total-vm:3149468kB, anon-rss:164992kB, file-rss:52176kB, shmem-rss:92kB, UID:0 pgtables:1372kB oom_score_adj:986\n',
  ],
});
