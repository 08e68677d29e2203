// syslog files in the BSD format (RFC 3164 4.1.2; rsyslog's RSYSLOG_TraditionalFileFormat,
// syslog-ng, sysklogd, busybox syslogd): `Aug  5 07:27:14 DOCKER-HOST1 containerd[1709]: msg`.
// No year and no zone: the context's year (with the December -> January rollover) and offset,
// `inferred` (FORMATS.md 1.1, 1.9, 2.7, 8.1 row 9). The grammar lives in syslog-common.ts,
// shared with syslog-rfc5424; journalctl `-o short` prints the same shape with a zero-padded
// day, so without a syslog cue the segment is left to journalctl-short (see detectSyslog).
import type { Parser } from './parser-api.ts';
import { createSyslogLineParser, detectSyslog } from './syslog-common.ts';

export const syslogRfc3164Parser: Parser = {
  id: 'syslog-rfc3164',
  title: 'syslog file (BSD / RFC 3164: `Aug  5 07:27:14 host tag[pid]: msg`)',
  version: 1,
  samples: [
    // containerd#8921 (test/fixtures/syslog-rfc3164/rsyslog-unknown/containerd-8921-dead-shim.txt):
    // space-padded day, imklog uptime stamps after `kernel: `.
    `Aug  5 07:27:14 DOCKER-HOST1 containerd[1709]: time="2023-08-05T07:27:14.304674274+02:00" level=info msg="cleaning up dead shim"
Aug  5 07:27:14 DOCKER-HOST1 dockerd[2697]: time="2023-08-05T07:27:14.304639979+02:00" level=info msg="ignoring event" container=0184e59d441d128ad8421bfe46d4bd8fc8ffc1e8758fa61cd58f6db1f990f4ca module=libcontainerd namespace=moby topic=/tasks/delete type="*events.TaskDelete"
Aug  5 07:27:14 DOCKER-HOST1 kernel: [86813.898404] br-73d9b7d7aaa7: port 17(vethf24de83) entered disabled state
Aug  5 07:27:14 DOCKER-HOST1 kernel: [86813.898466] veth51903d5: renamed from eth0
`,
    // examples/kernel-soft-lockup-wall.derived.txt: syslogd's wall message for an emergency line.
    `Message from syslogd@vm1 at Dec 10 05:25:44 ...
 kernel:[55716.328117] watchdog: BUG: soft lockup - CPU#0 stuck for 27s! [node:1984]
`,
  ],
  detect: (head, fileName, command) => detectSyslog(head, 'syslog-rfc3164', fileName, command),
  create: (ctx, sink) => createSyslogLineParser(ctx, sink),
};
