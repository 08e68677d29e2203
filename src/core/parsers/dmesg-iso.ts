// `dmesg --time-format iso`: `2009-02-13T23:31:30,123456+00:00 msg` (comma before the
// microseconds; util-linux 2.24-2.31 printed the offset as `+0100`). FORMATS.md 2.3.
import { dmesgParser } from './dmesg-common.ts';

export const dmesgIsoParser = dmesgParser({
  id: 'dmesg-iso',
  title: 'dmesg --time-format iso',
  expected: '"YYYY-MM-DDTHH:MM:SS,uuuuuu+HH:MM message"',
  samples: [
    // examples/dmesg-variants.synthetic.txt
    '2025-11-26T10:00:01,187734+01:00 Memory cgroup out of memory: Killed process 41235 (java) total-vm:8392104kB, anon-rss:2097152kB, file-rss:1024kB, shmem-rss:0kB, UID:1000 pgtables:4512kB oom_score_adj:936\n' +
      '2017-05-04T10:00:01,187734+0100 older util-linux (< 2.32) offset without colon\n',
    // examples/dmesg-multiline-indentation.derived.txt
    '2009-02-13T23:31:31,123456+00:00 new\n                                 line\n',
  ],
});
