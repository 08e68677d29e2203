// Explicit checks of the syslog parsers (the fixtures give the broad snapshots; these pin the
// tricky variants: year rollover, host / tag optional, `<PRI>`, imklog stamps, repeat notices,
// grep prefixes, RFC 5424 structured data, and detection against journalctl's look-alikes).
import { describe, expect, it } from 'vitest';
import { detectedFormat, parserRunner } from '../../../test/helpers/run-parser.ts';
import { splitLines } from '../ingest/line-splitter.ts';
import { parseText } from '../ingest/parse-text.ts';
import type { LogEvent } from '../model/event.ts';
import { microsToIso } from '../util/time.ts';
import { dmesgLevelParser } from './dmesg-level.ts';
import { detectSyslog } from './syslog-common.ts';
import { syslogRfc3164Parser } from './syslog-rfc3164.ts';
import { syslogRfc5424Parser } from './syslog-rfc5424.ts';

/** Feeds lines straight to one parser (no segmenting, no detection, no second pass). */
const run = parserRunner({ sourceId: 's', utcOffsetMinutes: 60 });

const iso = (e: LogEvent) => (e.time === null ? null : microsToIso(e.time));
const lines = (...ls: string[]) => `${ls.join('\n')}\n`;

// containerd#8921 (corpus): rsyslog /var/log/syslog.
const SHIM =
  'containerd[1709]: time="2023-08-05T07:27:14.304674274+02:00" level=info msg="cleaning up dead shim"';

describe('syslog-rfc3164', () => {
  it('reads a space-padded day with the context year and offset (inferred), host, ident, pid', () => {
    const { events, unparsed } = run(syslogRfc3164Parser, `Aug  5 07:27:14 DOCKER-HOST1 ${SHIM}\n`);
    expect(unparsed).toEqual([]);
    const e = events[0];
    expect(iso(e)).toBe('2025-08-05T06:27:14.000000Z'); // 07:27:14 at UTC+1
    expect(e).toMatchObject({
      format: 'syslog-rfc3164',
      timeQuality: 'inferred',
      host: 'DOCKER-HOST1',
      ident: 'containerd',
      pid: 1709,
      message: SHIM.slice('containerd[1709]: '.length),
    });
    expect(e.severity).toBeUndefined();
  });

  it('takes the severity and facility from <PRI> (RFC 3164 5.4 example)', () => {
    const { events } = run(
      syslogRfc3164Parser,
      "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8\n",
    );
    expect(events[0]).toMatchObject({
      host: 'mymachine',
      ident: 'su',
      severity: 'crit', // 34 = auth (4) * 8 + crit (2)
      message: "'su root' failed for lonvick on /dev/pts/8",
      fields: { facility: 'auth' },
    });
    expect(iso(events[0])).toBe('2025-10-11T21:14:15.000000Z');
  });

  it('moves imklog uptime stamps to monotonic and out of the message', () => {
    const { events } = run(
      syslogRfc3164Parser,
      'Aug  5 07:27:14 DOCKER-HOST1 kernel: [86813.898404] br-73d9b7d7aaa7: port 17(vethf24de83) entered disabled state\n',
    );
    expect(events[0]).toMatchObject({
      ident: 'kernel',
      monotonic: 86813.898404,
      message: 'br-73d9b7d7aaa7: port 17(vethf24de83) entered disabled state',
    });
    // Only behind the kernel's tag: another program's `[...]` is its text.
    const other = run(syslogRfc3164Parser, 'Aug  5 07:27:14 h app[1]: [12.5] not a stamp\n').events[0];
    expect(other.monotonic).toBeUndefined();
    expect(other.message).toBe('[12.5] not a stamp');
  });

  it('moves the year on at December -> January and back for newest-first output', () => {
    const on = run(
      syslogRfc3164Parser,
      lines('Dec 31 23:59:59 h a: x', 'Jan  1 00:00:01 h a: y', 'Jan  1 00:00:02 h a: z'),
      { utcOffsetMinutes: 0 },
    ).events.map(iso);
    expect(on).toEqual([
      '2025-12-31T23:59:59.000000Z',
      '2026-01-01T00:00:01.000000Z',
      '2026-01-01T00:00:02.000000Z',
    ]);
    const back = run(syslogRfc3164Parser, lines('Jan  1 00:00:01 h a: y', 'Dec 31 23:59:59 h a: x'), {
      utcOffsetMinutes: 0,
    }).events.map(iso);
    expect(back).toEqual(['2025-01-01T00:00:01.000000Z', '2024-12-31T23:59:59.000000Z']);
  });

  it('reads a line without host, and a line without tag', () => {
    const { events } = run(
      syslogRfc3164Parser,
      lines(
        'Aug  5 07:27:14 kernel: veth51903d5: renamed from eth0',
        'Aug  5 07:27:15 node-1 free text: no tag',
      ),
    );
    expect(events[0].host).toBeUndefined();
    expect(events[0]).toMatchObject({ ident: 'kernel', message: 'veth51903d5: renamed from eth0' });
    expect(events[1].ident).toBeUndefined();
    expect(events[1]).toMatchObject({ host: 'node-1', message: 'free text: no tag' });
  });

  it('reads repeat notices and marks', () => {
    const { events } = run(
      syslogRfc3164Parser,
      lines(
        'Aug  5 07:27:14 DOCKER-HOST1 last message repeated 3 times',
        'Aug  5 07:40:00 DOCKER-HOST1 -- MARK --',
        'Aug  5 07:41:12 DOCKER-HOST1 sshd[2211]: message repeated 2 times: [ Failed password for root from 10.0.0.1 port 22 ssh2]',
      ),
    );
    expect(events[0]).toMatchObject({
      message: 'last message repeated 3 times',
      fields: { repeated: 3, what: 'repeated' },
    });
    expect(events[0].ident).toBeUndefined();
    expect(events[1]).toMatchObject({ message: '-- MARK --', fields: { what: 'mark' } });
    expect(events[2]).toMatchObject({
      ident: 'sshd',
      pid: 2211,
      message: 'Failed password for root from 10.0.0.1 port 22 ssh2',
      fields: { repeated: 2 },
    });
  });

  it('reads busybox syslogd facility.priority', () => {
    const { events } = run(
      syslogRfc3164Parser,
      'Jan  1 00:00:17 OpenWrt daemon.warn dnsmasq[1234]: no servers found in /tmp/resolv.conf.d/resolv.conf.auto\n',
    );
    expect(events[0]).toMatchObject({
      host: 'OpenWrt',
      ident: 'dnsmasq',
      pid: 1234,
      severity: 'warning',
      fields: { facility: 'daemon' },
    });
  });

  it('keeps a grep prefix in fields and parses what follows', () => {
    const { events } = run(
      syslogRfc3164Parser,
      lines(
        `syslog.1:1234:Aug  5 07:27:14 DOCKER-HOST1 ${SHIM}`,
        `/var/log/syslog:Aug  5 07:27:15 DOCKER-HOST1 ${SHIM}`,
      ),
    );
    expect(events[0].fields).toMatchObject({
      file: 'syslog.1',
      fileLine: 1234,
      grepPrefix: 'syslog.1:1234:',
    });
    expect(events[0]).toMatchObject({ host: 'DOCKER-HOST1', ident: 'containerd', pid: 1709 });
    expect(events[1].fields).toMatchObject({ file: '/var/log/syslog' });
    expect(events[1].fields.fileLine).toBeUndefined();
  });

  it('makes a wall message one record of its two lines', () => {
    const { events } = run(
      syslogRfc3164Parser,
      lines(
        'Message from syslogd@vm1 at Dec 10 05:25:44 ...',
        ' kernel:[55716.328117] watchdog: BUG: soft lockup - CPU#0 stuck for 27s! [node:1984]',
      ),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      line: 1,
      lineEnd: 2,
      host: 'vm1',
      ident: 'kernel',
      monotonic: 55716.328117,
      message: 'watchdog: BUG: soft lockup - CPU#0 stuck for 27s! [node:1984]',
    });
    expect(iso(events[0])).toBe('2025-12-10T04:25:44.000000Z');
  });

  it('continues a record with indented lines; skips blanks and grep separators; says why otherwise', () => {
    const { events, unparsed, skipped } = run(
      syslogRfc3164Parser,
      lines(
        'Aug  5 07:27:14 h app[1]: first',
        '    second',
        '',
        '--',
        'not a syslog line',
        'Aug  5 07:27:14', // no space after the time: no stamp
      ),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ lineEnd: 2, message: 'first\nsecond' });
    expect(skipped).toEqual([
      { line: 3, kind: 'blank' },
      { line: 4, kind: 'comment' },
    ]);
    expect(unparsed.map((u) => u.line)).toEqual([5, 6]);
    expect(unparsed[0].reason).toMatch(/no syslog stamp/);
  });

  it("reads each line's own host and tag, whatever the lines before held (the reader's caches)", () => {
    const text = lines(
      // An empty first token (two spaces): no host, the rest is the message.
      'Aug  5 07:27:14  kernel: x',
      'Aug  5 07:27:14 h1 kernel: y',
      'Aug  5 07:27:14 h1  z',
      'Aug  5 07:27:14 h1 containerd[12]: a',
      'Aug  5 07:27:14 h1 containerd[13]: b',
      'Aug  5 07:27:14 h1 containerd[12]: c',
      'Aug  5 07:27:14 h2 gdm-password]: d',
      'Aug  5 07:27:14 h2 daemon.info dnsmasq[1234]: e',
    );
    const seen = run(syslogRfc3164Parser, text).events.map((e) => [e.host, e.ident, e.pid, e.message]);
    expect(seen).toEqual([
      [undefined, undefined, undefined, ' kernel: x'],
      ['h1', 'kernel', undefined, 'y'],
      ['h1', undefined, undefined, ' z'],
      ['h1', 'containerd', 12, 'a'],
      ['h1', 'containerd', 13, 'b'],
      ['h1', 'containerd', 12, 'c'],
      ['h2', 'gdm-password]', undefined, 'd'],
      ['h2', 'dnsmasq', 1234, 'e'],
    ]);
  });

  it('gives the same columns in a columns-only parse', () => {
    const text = lines(
      '<34>Oct 11 22:14:15 mymachine su: x',
      'Aug  5 07:27:14 h kernel: [86813.898404] y',
      'Message from syslogd@vm1 at Dec 10 05:25:44 ...',
      ' kernel:[55716.328117] watchdog: z',
    );
    const cols = (e: LogEvent) => ({ ...e, message: '', fields: {}, entities: [] });
    const full = run(syslogRfc3164Parser, text).events.map(cols);
    const only = run(syslogRfc3164Parser, text, { columnsOnly: true }).events;
    expect(only).toEqual(full);
  });
});

describe('syslog-rfc5424', () => {
  it('reads the RFC 5424 6.5 examples: exact time, host, app, procid, msgid, BOM, severity', () => {
    const { events, unparsed } = run(
      syslogRfc5424Parser,
      lines(
        "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \uFEFF'su root' failed for lonvick on /dev/pts/8",
        "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.",
      ),
    );
    expect(unparsed).toEqual([]);
    expect(iso(events[0])).toBe('2003-10-11T22:14:15.003000Z');
    expect(events[0]).toMatchObject({
      format: 'syslog-rfc5424',
      timeQuality: 'exact',
      host: 'mymachine.example.com',
      ident: 'su',
      severity: 'crit',
      message: "'su root' failed for lonvick on /dev/pts/8",
      fields: { facility: 'auth', msgid: 'ID47' },
    });
    expect(events[0].pid).toBeUndefined();
    expect(iso(events[1])).toBe('2003-08-24T12:14:15.000003Z');
    expect(events[1]).toMatchObject({
      host: '192.0.2.1',
      ident: 'myproc',
      pid: 8710,
      severity: 'notice', // 165 = local4 (20) * 8 + notice (5)
      message: "%% It's time to make the do-nuts.",
      fields: { facility: 'local4' },
    });
  });

  it('puts structured data into fields, unescaping values', () => {
    const { events } = run(
      syslogRfc5424Parser,
      lines(
        '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"]',
        '<14>1 2024-04-01T00:32:23Z h app - - [x@1 v="a\\"b\\]c\\\\d" id="007"][flag@1] text',
      ),
    );
    expect(events[0].fields).toMatchObject({
      'exampleSDID@32473.iut': 3,
      'exampleSDID@32473.eventSource': 'Application',
      'exampleSDID@32473.eventID': 1011,
      'examplePriority@32473.class': 'high',
    });
    expect(events[0].message).toBe('');
    expect(events[1].fields).toMatchObject({ 'x@1.v': 'a"b]c\\d', 'x@1.id': '007', 'flag@1': true });
    expect(events[1].message).toBe('text');
  });

  it('reads a nil timestamp as no time, and a broken header as unparsed', () => {
    const { events, unparsed } = run(
      syslogRfc5424Parser,
      lines(
        '<34>1 - host app - - - msg',
        '<34>1 2003-10-11T22:14:15.003Z host app - - [open x="1" msg',
        '<34>1 2003-10-11T22:14:15Z host',
      ),
    );
    expect(events[0]).toMatchObject({
      time: null,
      timeQuality: 'none',
      host: 'host',
      ident: 'app',
      message: 'msg',
    });
    expect(unparsed.map((u) => u.line)).toEqual([2, 3]);
    expect(unparsed[0].reason).toMatch(/STRUCTURED-DATA/);
    expect(unparsed[1].reason).toMatch(/APP-NAME missing/);
  });

  it('reads rsyslog RFC 3339 lines behind a zgrep -n prefix (moby#47757)', () => {
    const { events } = run(
      syslogRfc5424Parser,
      'messages-2024-04-02-1712016061.gz:7614:2024-04-01T00:32:23.142118+00:00 host4821 dockerd[56029]: time="2024-04-01T00:32:23.142128982Z" level=info msg="cleaning up dead shim"\n',
    );
    expect(iso(events[0])).toBe('2024-04-01T00:32:23.142118Z');
    expect(events[0]).toMatchObject({
      timeQuality: 'exact',
      host: 'host4821',
      ident: 'dockerd',
      pid: 56029,
      fields: { file: 'messages-2024-04-02-1712016061.gz', fileLine: 7614 },
    });
  });

  it('reads a zone-less ISO stamp with the context offset, inferred', () => {
    const { events } = run(syslogRfc5424Parser, '2024-04-01T00:32:23.142 h app: x\n');
    expect(iso(events[0])).toBe('2024-03-31T23:32:23.142000Z');
    expect(events[0].timeQuality).toBe('inferred');
  });
});

describe('syslog detection', () => {
  const spaced = lines(
    `Aug  5 07:27:14 DOCKER-HOST1 ${SHIM}`,
    'Aug  5 07:27:14 DOCKER-HOST1 kernel: [86813.898466] veth51903d5: renamed from eth0',
  );

  it('takes a space-padded day or an imklog stamp for syslog, a plain zero-padded day for journalctl', () => {
    expect(detectedFormat(spaced)).toBe('syslog-rfc3164');
    expect(
      detectedFormat(`Aug 05 07:27:14 DOCKER-HOST1 kernel: [86813.898466] veth51903d5: renamed from eth0\n`),
    ).toBe('syslog-rfc3164');
    expect(
      detectedFormat(lines(`Aug 05 07:27:14 DOCKER-HOST1 ${SHIM}`, `Aug 15 07:27:15 DOCKER-HOST1 ${SHIM}`)),
    ).toBe('journalctl-short');
  });

  it('takes grep prefixes and repeat notices for syslog', () => {
    expect(detectedFormat(`syslog:Aug 05 07:27:14 DOCKER-HOST1 ${SHIM}\n`)).toBe('syslog-rfc3164');
    expect(
      detectedFormat(
        lines(
          `Aug 05 07:27:14 DOCKER-HOST1 ${SHIM}`,
          'Aug 05 07:27:14 DOCKER-HOST1 last message repeated 3 times',
        ),
      ),
    ).toBe('syslog-rfc3164');
  });

  it('leaves RFC 3339 lines to journalctl without a cue; a grep prefix, Z or a 3-digit fraction is syslog', () => {
    const line = '2024-04-01T00:32:23.142118+00:00 host4821 dockerd[56029]: time="x" level=info msg="y"';
    expect(detectedFormat(`${line}\n`)).toBe('journalctl-short-iso-precise');
    expect(detectedFormat(`messages:7612:${line}\n`)).toBe('syslog-rfc5424');
    expect(detectedFormat(`${line.replace('+00:00', 'Z')}\n`)).toBe('syslog-rfc5424');
    expect(detectedFormat(`${line.replace('.142118', '.142')}\n`)).toBe('syslog-rfc5424');
  });

  it('gives `<PRI>` lines to syslog, not to dmesg -r, whose own `<N>` lines stay dmesg-level', () => {
    // RFC 3164 5.4 example 1, a synthetic one, RFC 5424 6.5 example 2, rsyslog RFC 3339 with <PRI>
    const bsd = "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8";
    const rfc5424 =
      "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.";
    expect(detectedFormat(`${bsd}\n`)).toBe('syslog-rfc3164');
    expect(detectedFormat('<13>Oct 11 22:14:15 host app[12]: msg\n')).toBe('syslog-rfc3164');
    expect(detectedFormat(`${rfc5424}\n`)).toBe('syslog-rfc5424');
    expect(detectedFormat('<165>1 2003-10-11T22:14:15.003Z host app - ID47 - msg\n')).toBe('syslog-rfc5424');
    expect(detectedFormat('<13>2024-04-01T00:32:23.142118+00:00 host app[1]: msg\n')).toBe('syslog-rfc5424');
    expect(dmesgLevelParser.detect([bsd, rfc5424])).toBe(0);
    // dmesg -r: a stamp after <N>, or none (`dmesg -r -t`); a word that is no month is message text.
    expect(detectedFormat('<4>[ 7093.543707] uwsgi invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL)\n')).toBe(
      'dmesg-level',
    );
    expect(detectedFormat('<6>oom_reaper: reaped process 41235 (java)\n')).toBe('dmesg-level');
    expect(detectedFormat('<6>Octopus 11 22:14:15 is not a stamp\n')).toBe('dmesg-level');
  });

  it('scores RFC 5424 lines full', () => {
    const head = [
      "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.",
    ];
    expect(detectSyslog(head, 'syslog-rfc5424')).toBe(1);
    expect(detectSyslog(head, 'syslog-rfc3164')).toBe(0.5);
  });

  it('lets a file name or command raise a cue-less head, and halves it under journal headers', () => {
    const head = [`Aug 05 07:27:14 DOCKER-HOST1 ${SHIM}`];
    expect(detectSyslog(head, 'syslog-rfc3164')).toBe(0.7);
    expect(detectSyslog(head, 'syslog-rfc3164', '/var/log/messages')).toBe(1);
    expect(detectSyslog(head, 'syslog-rfc3164', 'syslog.2.gz')).toBe(1);
    expect(detectSyslog(head, 'syslog-rfc3164', undefined, 'tail -n 200 /var/log/syslog')).toBe(1);
    expect(detectSyslog(head, 'syslog-rfc3164', 'kubelet.log')).toBe(0.7);
    const withHeader = [
      '-- Logs begin at Mon 2019-11-18 08:12:01 UTC, end at Tue 2019-11-26 10:05:13 UTC. --',
      ...splitLines(spaced),
    ];
    expect(detectSyslog(withHeader, 'syslog-rfc3164')).toBe(0.5);
  });

  it('parses the whole corpus case with the second pass (ingest path)', () => {
    const res = parseText(spaced, { sourceId: 'syslog.txt', year: 2023, utcOffsetMinutes: 120 });
    expect(res.segments.map((s) => s.format)).toEqual(['syslog-rfc3164']);
    expect(res.unparsed).toEqual([]);
    expect(iso(res.events[0])).toBe('2023-08-05T05:27:14.000000Z');
  });
});
