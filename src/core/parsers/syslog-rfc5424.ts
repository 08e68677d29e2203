// ISO-stamped syslog: RFC 5424 (`<165>1 2003-10-11T22:14:15.003Z host app procid msgid [SD] msg`,
// rsyslog's RSYSLOG_SyslogProtocol23Format) and rsyslog's RFC 3339 file format
// (RSYSLOG_FileFormat: `2024-04-01T00:32:23.142118+00:00 host4821 dockerd[56029]: msg`), also behind
// a grep `file:line:` prefix. Zoned stamps: exact (FORMATS.md 1.9 (c), 8.1 row 10). The grammar
// lives in syslog-common.ts, shared with syslog-rfc3164; journalctl `-o short-iso(-precise)`
// prints the RFC 3339 shape too, so without a syslog cue the segment is left to journalctl.
import type { Parser } from './parser-api.ts';
import { createSyslogLineParser, detectSyslog } from './syslog-common.ts';

export const syslogRfc5424Parser: Parser = {
  id: 'syslog-rfc5424',
  title: 'syslog file (RFC 5424 / RFC 3339 stamps)',
  version: 1,
  samples: [
    // moby#47757 (test/fixtures/syslog-rfc5424/rsyslog-unknown/moby-47757-syslog-grep.txt):
    // `zgrep -n` over rotated /var/log/messages in rsyslog's RFC 3339 format.
    `messages-2024-04-02-1712016061.gz:7612:2024-04-01T00:32:23.142118+00:00 host4821 dockerd[56029]: time="2024-04-01T00:32:23.141970662Z" level=info msg="shim disconnected" id=801427581a825b9895e567f9fac9ccee821f998d8bdb1eb548876e264f332384
messages-2024-04-02-1712016061.gz:7614:2024-04-01T00:32:23.142118+00:00 host4821 dockerd[56029]: time="2024-04-01T00:32:23.142128982Z" level=info msg="cleaning up dead shim"
`,
  ],
  detect: (head, fileName, command) => detectSyslog(head, 'syslog-rfc5424', fileName, command),
  create: (ctx, sink) => createSyslogLineParser(ctx, sink),
};
