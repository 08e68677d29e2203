// Explicit checks of the journalctl parsers (the fixtures give the broad snapshots; these pin the
// facts that matter: times, host/ident/pid, boots, multi-line records, detection between siblings).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES_ROOT, fixtureFiles } from '../../../test/helpers/fixture-files.ts';
import { parserRunner } from '../../../test/helpers/run-parser.ts';
import { splitLines } from '../ingest/line-splitter.ts';
import { parseText } from '../ingest/parse-text.ts';
import { FORMAT_IDS, type LogEvent } from '../model/event.ts';
import { microsToIso } from '../util/time.ts';
import { journalctlCatParser } from './journalctl-cat.ts';
import { journalctlJsonParser } from './journalctl-json.ts';
import { journalctlShortParser } from './journalctl-short.ts';
import { journalctlShortFullParser } from './journalctl-short-full.ts';
import { journalctlShortIsoParser } from './journalctl-short-iso.ts';
import { journalctlShortIsoPreciseParser } from './journalctl-short-iso-precise.ts';
import { journalctlShortMonotonicParser } from './journalctl-short-monotonic.ts';
import { journalctlShortPreciseParser } from './journalctl-short-precise.ts';
import { journalctlShortUnixParser } from './journalctl-short-unix.ts';
import type { Parser } from './parser-api.ts';
import { detectFormat, parserById } from './registry.ts';

/** Feeds lines straight to one parser (no segmenting, no detection). */
const run = parserRunner({ sourceId: 's', utcOffsetMinutes: 60 });

const iso = (e: LogEvent) => (e.time === null ? null : microsToIso(e.time));
const lines = (...ls: string[]) => `${ls.join('\n')}\n`;

describe('journalctl short', () => {
  it('reads time (context year and offset, inferred), host, ident, pid', () => {
    const { events } = run(
      journalctlShortParser,
      'Nov 26 10:00:01 node-1 containerd[1012]: time="x" level=info msg="y"\n',
    );
    expect(events).toHaveLength(1);
    const e = events[0];
    expect(iso(e)).toBe('2025-11-26T09:00:01.000000Z'); // 10:00:01 at UTC+1
    expect(e.timeQuality).toBe('inferred');
    expect(e).toMatchObject({
      host: 'node-1',
      ident: 'containerd',
      pid: 1012,
      message: 'time="x" level=info msg="y"',
    });
  });

  it('decides host present or absent per line, from the line alone', () => {
    const { events, unparsed } = run(
      journalctlShortParser,
      lines(
        'Aug 17 20:16:00 containerd[2959773]: time="2024-08-17T20:16:00Z" level=error msg="ExecSync failed"',
        'Nov 26 10:00:01 node-1 kernel: VFS: file-max limit 1048576 reached',
        'Nov 26 10:00:01 kernel: VFS: file-max limit 1048576 reached',
        'Aug 30 06:58:55 ... kernel: oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null)',
        'Nov 26 10:05:13 node-1 unknown: no SYSLOG_IDENTIFIER and no _COMM',
        'Nov 26 10:00:05 node-1 gdm-password][587]: an identifier holding a bracket',
      ),
    );
    expect(unparsed).toEqual([]);
    expect(events.map((e) => [e.host, e.ident, e.pid, e.message])).toEqual([
      [undefined, 'containerd', 2959773, 'time="2024-08-17T20:16:00Z" level=error msg="ExecSync failed"'],
      ['node-1', 'kernel', undefined, 'VFS: file-max limit 1048576 reached'],
      [undefined, 'kernel', undefined, 'VFS: file-max limit 1048576 reached'],
      ['...', 'kernel', undefined, 'oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null)'],
      ['node-1', undefined, undefined, 'no SYSLOG_IDENTIFIER and no _COMM'],
      ['node-1', 'gdm-password]', 587, 'an identifier holding a bracket'],
    ]);
  });

  it('sets unit when the identifier is a unit name (with-unit, saved logs)', () => {
    const { events } = run(
      journalctlShortParser,
      'Nov 15 22:55:57 w1.cloud.ibm kubelet.service[1860]: E1115 stop timeout\n',
    );
    expect(events[0]).toMatchObject({ unit: 'kubelet.service', ident: 'kubelet.service', pid: 1860 });
  });

  it('folds indented continuation lines into the record (lineEnd, message joined with \\n)', () => {
    const { events } = run(
      journalctlShortParser,
      lines(
        'Nov 26 10:00:03 node-1 myapp[2211]: first line of a multi-line MESSAGE',
        '                                    second line',
        '                                      indented more',
        'Nov 26 10:00:04 node-1 systemd[1]: next',
      ),
    );
    expect(events.map((e) => [e.line, e.lineEnd])).toEqual([
      [1, 3],
      [4, 4],
    ]);
    expect(events[0].message).toBe('first line of a multi-line MESSAGE\nsecond line\n  indented more');
  });

  it('keeps a blank line inside a record only when a continuation follows it', () => {
    const { events, skipped } = run(
      journalctlShortParser,
      lines(
        'Nov 23 21:58:10 node-1 myapp[2211]: panic: boom',
        '',
        '                                    goroutine 1 [running]:',
        '',
        'Nov 23 21:58:11 node-1 systemd[1]: myapp.service: Failed',
        '',
      ),
    );
    expect(events.map((e) => [e.line, e.lineEnd, e.message])).toEqual([
      [1, 3, 'panic: boom\n\ngoroutine 1 [running]:'],
      [5, 5, 'myapp.service: Failed'],
    ]);
    expect(skipped).toEqual([
      { line: 4, kind: 'blank' },
      { line: 6, kind: 'blank' },
    ]);
  });

  it('gives later entries the boot of `-- Boot <id> --`, or an ordinal after `-- Reboot --`', () => {
    const { events, skipped } = run(
      journalctlShortParser,
      lines(
        '-- Logs begin at Mon 2019-11-18 08:12:01 UTC, end at Tue 2019-11-26 10:05:13 UTC. --',
        'Nov 26 09:59:58 node-1 systemd[1]: Started containerd container runtime.',
        '-- Reboot --',
        'Nov 26 10:05:12 node-1 kernel: Linux version 4.15.0',
        '-- Boot 5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21 --',
        'Nov 26 10:06:12 node-1 kernel: Linux version 6.8.0',
        '-- No entries --',
        '-- Journal begins at Fri 2021-09-03 05:27:23 CST, ends at Tue 2021-11-23 21:58:15 CST. --',
      ),
    );
    expect(events.map((e) => e.boot)).toEqual([undefined, 'boot-1', '5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21']);
    expect(skipped.map((s) => s.kind)).toEqual(['header', 'boot-marker', 'boot-marker', 'comment', 'header']);
  });

  it('parses -r output (newest first): boots after the marker, year back across New Year', () => {
    const { events, unparsed } = run(
      journalctlShortParser,
      lines(
        'Jan 01 00:00:02 node-1 kubelet[1307]: newest',
        'Jan 01 00:00:01 node-1 containerd[1012]: older',
        '-- Boot 0a1b2c3d4e5f60718293a4b5c6d7e8f9 --',
        'Dec 31 23:59:59 node-1 systemd[1]: Starting logrotate.service - Rotate log files...',
        'Dec 31 23:59:58 node-1 myapp[2211]: first line',
        '                                    second line',
      ),
      { utcOffsetMinutes: 0 },
    );
    expect(unparsed).toEqual([]);
    expect(events.map((e) => [iso(e), e.boot, e.lineEnd])).toEqual([
      ['2025-01-01T00:00:02.000000Z', undefined, 1],
      ['2025-01-01T00:00:01.000000Z', undefined, 2],
      ['2024-12-31T23:59:59.000000Z', '0a1b2c3d4e5f60718293a4b5c6d7e8f9', 4],
      ['2024-12-31T23:59:58.000000Z', '0a1b2c3d4e5f60718293a4b5c6d7e8f9', 6],
    ]);
  });

  it('moves the year on across December -> January in oldest-first output', () => {
    const { events } = run(
      journalctlShortParser,
      lines('Dec 31 23:59:59 node-1 a[1]: x', 'Jan 01 00:00:01 node-1 a[1]: y'),
      { utcOffsetMinutes: 0 },
    );
    expect(events.map(iso)).toEqual(['2025-12-31T23:59:59.000000Z', '2026-01-01T00:00:01.000000Z']);
  });

  it('reads localized months; an unknown month keeps the entry with no time', () => {
    const { events, unparsed } = run(
      journalctlShortParser,
      lines(
        'Mär 05 10:00:01 node-1 kernel: a',
        'nov. 26 10:00:03 node-1 containerd[1012]: b',
        '4月 17 10:00:05 node-1 kernel: c',
        'Kas 26 10:00:06 node-1 systemd[1]: d',
      ),
      { utcOffsetMinutes: 0 },
    );
    expect(unparsed).toEqual([]);
    expect(events.map((e) => [iso(e), e.timeQuality, e.host, e.ident, e.message])).toEqual([
      ['2025-03-05T10:00:01.000000Z', 'inferred', 'node-1', 'kernel', 'a'],
      ['2025-11-26T10:00:03.000000Z', 'inferred', 'node-1', 'containerd', 'b'],
      ['2025-04-17T10:00:05.000000Z', 'inferred', 'node-1', 'kernel', 'c'],
      [null, 'none', 'node-1', 'systemd', 'd'],
    ]);
  });

  it('gives an impossible date no time, and keeps the line', () => {
    const { events } = run(journalctlShortParser, 'Feb 30 10:00:01 node-1 kernel: x\n');
    expect(events[0]).toMatchObject({ time: null, timeQuality: 'none', message: 'x' });
  });

  it('skips comments, hints, catalog lines, elisions and a command echo', () => {
    const { events, skipped, unparsed } = run(
      journalctlShortParser,
      lines(
        'journalctl -u containerd --no-pager',
        'Hint: You are currently not seeing messages from other users and the system.',
        "      Users in groups 'adm', 'systemd-journal' can see all messages.",
        'Nov 26 10:00:01 node-1 systemd[1]: myapp.service: Main process exited, code=exited, status=2/INVALIDARGUMENT',
        '░░ Subject: Unit process exited',
        '░░ ',
        '[...]',
        '-- cursor: s=8a5b2c1d3e4f40a1b2c3d4e5f6a7b8c9;i=1f3a5',
      ),
    );
    expect(unparsed).toEqual([]);
    expect(events.map((e) => [e.line, e.lineEnd])).toEqual([[4, 4]]);
    expect(skipped.map((s) => s.kind)).toEqual([
      'prompt',
      'comment',
      'comment',
      'comment',
      'comment',
      'comment',
      'comment',
    ]);
  });

  it('reports lines that fit no grammar, with a reason', () => {
    const { events, unparsed } = run(
      journalctlShortParser,
      lines(
        '    orphan continuation',
        'Nov 26 10:00:01 node-1 kernel: ok',
        'not a journal line',
        'Nov 26 10:00:01 node-1',
      ),
    );
    expect(events.map((e) => e.line)).toEqual([2]);
    expect(unparsed.map((u) => u.line)).toEqual([1, 3, 4]);
    expect(unparsed[0].reason).toMatch(/indented line with no entry/);
    expect(unparsed[1].reason).toMatch(/no `Nov 26 10:00:01` timestamp/);
    expect(unparsed[2].reason).toMatch(/no `ident\[pid\]: `/);
  });
});

describe('journalctl short siblings', () => {
  it('short-precise keeps the microseconds', () => {
    const { events } = run(
      journalctlShortPreciseParser,
      'Aug 30 06:58:55.050705 ... kernel: oom-kill:constraint=CONSTRAINT_MEMCG\n',
      {
        utcOffsetMinutes: 0,
      },
    );
    expect(iso(events[0])).toBe('2025-08-30T06:58:55.050705Z');
    expect(events[0].timeQuality).toBe('inferred');
  });

  it('short-iso reads both zone styles, exact', () => {
    const { events } = run(
      journalctlShortIsoParser,
      lines(
        '2023-09-08T17:20:30+0200 srv01 r710_fan_controller.sh[20911]: Highest drive temperature: 43 Celcius.',
        '2025-11-26T10:00:01+01:00 node-1 kernel: oom_reaper: reaped process 41235 (java)',
      ),
    );
    expect(events.map((e) => [iso(e), e.timeQuality, e.ident, e.pid])).toEqual([
      ['2023-09-08T15:20:30.000000Z', 'exact', 'r710_fan_controller.sh', 20911],
      ['2025-11-26T09:00:01.000000Z', 'exact', 'kernel', undefined],
    ]);
  });

  it('short-iso-precise keeps the microseconds', () => {
    const { events } = run(
      journalctlShortIsoPreciseParser,
      '2025-11-26T09:00:01.187734+00:00 node-1 kernel: x\n',
    );
    expect(iso(events[0])).toBe('2025-11-26T09:00:01.187734Z');
  });

  it('short-full maps known zone names (exact) and falls back to the context offset otherwise', () => {
    const { events } = run(
      journalctlShortFullParser,
      lines(
        'Wed 2025-11-26 10:00:01 CET node-1 kernel: a',
        'Wed 2025-11-26 09:00:01 UTC node-1 kernel: b',
        'Wed 2025-11-26 04:00:01 EST node-1 kernel: c',
        'Wed 2025-11-26 13:00:01 +04 node-1 kernel: d',
        'Fri 2021-09-03 05:27:23 CST desktop5 systemd[769]: e',
        'Wed 2025-11-26 10:00:04 CET node-1 myapp.service[2211]: listening on :8080',
      ),
      { utcOffsetMinutes: 480 },
    );
    expect(events.map((e) => [iso(e), e.timeQuality])).toEqual([
      ['2025-11-26T09:00:01.000000Z', 'exact'],
      ['2025-11-26T09:00:01.000000Z', 'exact'],
      ['2025-11-26T09:00:01.000000Z', 'exact'],
      ['2025-11-26T09:00:01.000000Z', 'exact'],
      ['2021-09-02T21:27:23.000000Z', 'inferred'], // CST is ambiguous: the context's +08:00
      ['2025-11-26T09:00:04.000000Z', 'exact'],
    ]);
    expect(events[5]).toMatchObject({ unit: 'myapp.service', pid: 2211 });
  });

  it('short-unix is exact epoch', () => {
    const { events } = run(journalctlShortUnixParser, '1764147601.187734 node-1 kernel: x\n');
    expect(events[0]).toMatchObject({ timeQuality: 'exact', host: 'node-1', ident: 'kernel' });
    expect(iso(events[0])).toBe('2025-11-26T09:00:01.187734Z');
  });

  it('short-monotonic gives seconds since boot and no wall time; short-delta reads the same', () => {
    const { events, unparsed } = run(
      journalctlShortMonotonicParser,
      lines(
        '[ 1123.120810] homeworkstation01-System-Product-Name dockerd[1471]: time="2023-10-27T07:37:43.703523766-03:00" level=debug',
        '[   12.345678                ] node-1 kernel: first entry',
        '[    0.512000 <  301.004512*>] node-1 kernel: first entry of next boot',
      ),
    );
    expect(unparsed).toEqual([]);
    expect(events.map((e) => [e.time, e.timeQuality, e.monotonic, e.host, e.ident, e.pid])).toEqual([
      [null, 'relative', 1123.12081, 'homeworkstation01-System-Product-Name', 'dockerd', 1471],
      [null, 'relative', 12.345678, 'node-1', 'kernel', undefined],
      [null, 'relative', 0.512, 'node-1', 'kernel', undefined],
    ]);
  });
});

describe('journalctl detection', () => {
  const best = (head: string[]) => detectFormat(head).format;
  const score = (p: Parser, head: string[]) => p.detect(head);

  it('tells short from short-precise, and short-iso from short-iso-precise', () => {
    const short = ['Nov 26 10:00:01 node-1 kernel: a', 'Nov 26 10:00:02 node-1 containerd[1]: b'];
    const precise = [
      'Nov 26 10:00:01.187734 node-1 kernel: a',
      'Nov 26 10:00:02.000001 node-1 containerd[1]: b',
    ];
    expect(best(short)).toBe('journalctl-short');
    expect(best(precise)).toBe('journalctl-short-precise');
    expect(score(journalctlShortPreciseParser, short)).toBe(0);
    expect(best(['2025-11-26T10:00:01+01:00 node-1 kernel: a'])).toBe('journalctl-short-iso');
    expect(best(['2025-11-26T10:00:01.187734+01:00 node-1 kernel: a'])).toBe('journalctl-short-iso-precise');
  });

  it('scores syslog-style space-padded days lower than journal zero-padded ones', () => {
    const journal = score(journalctlShortParser, ['Aug 05 07:27:14 DOCKER-HOST1 containerd[1709]: x']);
    const syslog = score(journalctlShortParser, ['Aug  5 07:27:14 DOCKER-HOST1 containerd[1709]: x']);
    expect(journal).toBe(1);
    expect(syslog).toBeGreaterThan(0.8);
    expect(syslog).toBeLessThan(0.9);
  });

  it('claims `[ 12.345678] host ident[pid]: ` but not dmesg text after the bracket', () => {
    const dmesg = [
      '[    0.000000] Linux version 6.8.0-49-generic (buildd@lcy02-amd64-103)',
      '[    1.234567] usb 1-1: new high-speed USB device number 2 using xhci_hcd',
      '[    3.300000] systemd[1]: Started Journal Service.',
      '[    5.200000] IPv6: ADDRCONF(NETDEV_CHANGE): eth0: link becomes ready',
      '[    7.700000] EXT4-fs (sda1): mounted filesystem with ordered data mode.',
      '[  100.100000] java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=936',
    ];
    expect(score(journalctlShortMonotonicParser, dmesg)).toBeLessThan(0.1);
    expect(
      score(journalctlShortMonotonicParser, ['[   12.345678] node-1 kernel: EXT4-fs (nvme0n1p1): mounted']),
    ).toBe(1);
  });

  it('keeps cat below the text threshold unless the command says -o cat', () => {
    const body = ['time="2020-02-12T13:12:54.556721052Z" level=info msg="StopPodSandbox for x"'];
    expect(score(journalctlCatParser, body)).toBeLessThan(0.3);
    expect(score(journalctlCatParser, ['plain words', 'more words'])).toBeLessThanOrEqual(0.2);
    expect(score(journalctlCatParser, ['journalctl -o cat -u containerd', ...body])).toBeGreaterThan(0.5);
    expect(journalctlCatParser.detect(body, 'journalctl-cat-containerd.txt')).toBeGreaterThanOrEqual(0.3);
    expect(best(['journalctl -o cat -u containerd', ...body])).toBe('journalctl-cat');
  });

  it('claims JSON lines only with journal keys', () => {
    expect(
      score(journalctlJsonParser, ['{"__REALTIME_TIMESTAMP":"1","MESSAGE":"x"}', '\x1e{"MESSAGE":"y"}']),
    ).toBe(1);
    expect(
      score(journalctlJsonParser, ['{"ts":1764151202001.1223,"caller":"x.go:1","msg":"Killing container"}']),
    ).toBe(0);
    expect(score(journalctlJsonParser, ['{', '\t"__CURSOR" : "s=8a5b",'])).toBe(0);
  });

  it('never throws and stays 0 on an empty head', () => {
    for (const id of FORMAT_IDS.filter((f) => f.startsWith('journalctl-'))) {
      const p = parserById(id);
      expect(p.detect([])).toBe(0);
      expect(() => p.detect(['\u0000', '{', '[', '-- ', ' ', 'é漢'.repeat(1000)])).not.toThrow();
    }
  });
});

describe('journalctl json', () => {
  it('maps the journal fields onto the event and keeps the rest in fields', () => {
    const { events } = run(
      journalctlJsonParser,
      '\x1e{"MESSAGE":"line one\\nline two","_PID":"2211","_COMM":"myapp","SYSLOG_IDENTIFIER":"myapp","_SYSTEMD_UNIT":"myapp.service","PRIORITY":"3","__REALTIME_TIMESTAMP":"1764147603001002","__MONOTONIC_TIMESTAMP":"88415001050","_BOOT_ID":"5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21","__CURSOR":"s=8a5b","_HOSTNAME":"node-1","_TRANSPORT":"stdout","BINARY_EXAMPLE":[116,101,115,116,7],"LARGE_FIELD":null,"MULTI":["value-a","value-b"]}\n',
    );
    const e = events[0];
    expect(iso(e)).toBe('2025-11-26T09:00:03.001002Z');
    expect(e).toMatchObject({
      timeQuality: 'exact',
      monotonic: 88415.00105,
      boot: '5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21',
      host: 'node-1',
      unit: 'myapp.service',
      ident: 'myapp',
      pid: 2211,
      severity: 'err',
      message: 'line one\nline two',
    });
    expect(e.fields).toEqual({
      _COMM: 'myapp',
      _TRANSPORT: 'stdout',
      BINARY_EXAMPLE: 'test\u0007',
      MULTI: 'value-a\nvalue-b',
    });
  });

  it('decodes a MESSAGE given as bytes, marks an omitted one, falls back to _COMM', () => {
    const { events } = run(
      journalctlJsonParser,
      lines(
        '{"MESSAGE":[104,195,169,7],"_COMM":"kworker","__REALTIME_TIMESTAMP":"1"}',
        '{"MESSAGE":null,"__REALTIME_TIMESTAMP":"2"}',
      ),
    );
    expect(events[0]).toMatchObject({ message: 'hé\u0007', ident: 'kworker' });
    expect(events[1]).toMatchObject({ message: '', fields: { messageOmitted: true } });
  });

  it('reports truncated JSON and non-journal objects; tracks boots from markers', () => {
    const { events, unparsed, skipped } = run(
      journalctlJsonParser,
      lines(
        '{"MESSAGE":"a","__REALTIME_TIMESTAMP":"1764147601187334"}',
        '-- Boot 0a1b2c3d4e5f60718293a4b5c6d7e8f9 --',
        '{"MESSAGE":"b","__REALTIME_TIMESTAMP":"17641476',
        '{"MESSAGE":"c"}',
        '{"ts":1,"msg":"klog json"}',
        'plain text',
        '',
      ),
    );
    expect(events.map((e) => [e.line, e.message, e.boot, e.timeQuality])).toEqual([
      [1, 'a', undefined, 'exact'],
      [4, 'c', '0a1b2c3d4e5f60718293a4b5c6d7e8f9', 'none'],
    ]);
    expect(unparsed.map((u) => u.line)).toEqual([3, 5, 6]);
    expect(unparsed[0].reason).toMatch(/invalid or truncated JSON/);
    expect(unparsed[1].reason).toMatch(/not a journal entry/);
    expect(skipped.map((s) => s.kind)).toEqual(['boot-marker', 'blank']);
  });
});

describe('journalctl cat', () => {
  it('gives one event per line, no time, and skips the echoed command', () => {
    const { events, skipped } = run(
      journalctlCatParser,
      lines(
        'journalctl -o cat -u containerd',
        '',
        'first line of a multi-line MESSAGE',
        '-- Reboot --',
        'Warning: a message, not a notice',
      ),
    );
    expect(events.map((e) => [e.line, e.message, e.time, e.timeQuality, e.boot])).toEqual([
      [3, 'first line of a multi-line MESSAGE', null, 'none', undefined],
      [5, 'Warning: a message, not a notice', null, 'none', 'boot-1'],
    ]);
    expect(skipped.map((s) => s.kind)).toEqual(['prompt', 'blank', 'boot-marker']);
  });
});

// The store rebuilds an event by re-parsing its own lines: everything but time, timeQuality, boot
// and monotonic must come out the same from the record's lines alone.
describe('record-local output', () => {
  const root = FIXTURES_ROOT;
  const files = fixtureFiles().filter(
    (f) => f.slice(root.length + 1).startsWith('journalctl-') && f.endsWith('.txt'),
  );

  it('has journalctl fixtures to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  for (const file of files) {
    it(`re-parses each record of ${file.slice(root.length + 1)} alone to the same content`, () => {
      const text = readFileSync(file, 'utf8');
      const all = splitLines(text);
      const whole = parseText(text, { sourceId: 's', year: 2025, utcOffsetMinutes: 0 });
      for (const e of whole.events) {
        const own = all.slice(e.line - 1, e.lineEnd).join('\n');
        // Through openParser, as the store rebuilds it: the second pass over the message included.
        const again = run(parserById(e.format), own, { utcOffsetMinutes: 0 }, { withMessages: true });
        expect(again.unparsed).toEqual([]);
        expect(again.events).toHaveLength(1);
        const a = again.events[0];
        const pick = (x: LogEvent) => [
          x.message,
          x.host,
          x.ident,
          x.pid,
          x.unit,
          x.severity,
          x.fields,
          x.entities,
          x.lineEnd - x.line,
        ];
        expect(pick(a)).toEqual(pick(e));
      }
    });
  }
});
