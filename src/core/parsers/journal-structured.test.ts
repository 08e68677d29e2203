// Explicit checks of the structured journalctl modes (verbose, export, json-pretty) and the entry
// mapping they share with `-o json` (journal-entry.ts). The fixtures give the broad snapshots;
// these pin times, boots, binary fields, cut-short objects, record-local rebuilds and detection.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_ROOT as FIXTURES } from '../../../test/helpers/fixture-files.ts';
import { detectedFormat, parserRunner } from '../../../test/helpers/run-parser.ts';
import { splitLines } from '../ingest/line-splitter.ts';
import { parseText } from '../ingest/parse-text.ts';
import type { LogEvent } from '../model/event.ts';
import { microsToIso } from '../util/time.ts';
import { journalctlExportParser } from './journalctl-export.ts';
import { journalctlJsonParser } from './journalctl-json.ts';
import { journalctlJsonPrettyParser } from './journalctl-json-pretty.ts';
import { journalctlVerboseParser } from './journalctl-verbose.ts';
import type { Parser } from './parser-api.ts';

/** Feeds lines straight to one parser (no segmenting, no detection, no second pass). */
const run = parserRunner({ sourceId: 's', utcOffsetMinutes: 60 });

/** The event a parser rebuilds from `line..lineEnd` alone (what the store's materialize does). */
function rebuild(parser: Parser, text: string, e: LogEvent): LogEvent | undefined {
  const part = splitLines(text)
    .slice(e.line - 1, e.lineEnd)
    .join('\n');
  return run(parser, `${part}\n`, {}, { from: e.line }).events.find((x) => x.line === e.line);
}

const iso = (e: LogEvent) => (e.time === null ? null : microsToIso(e.time));
const lines = (...ls: string[]) => `${ls.join('\n')}\n`;

// ---------------------------------------------------------------------------------------------

describe('journalctl -o verbose', () => {
  const cursor = (t: string, extra = '') =>
    `[s=8a5b2c1d3e4f40a1b2c3d4e5f6a7b8c9;i=2a01;b=5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21;m=499602d2;t=${t};x=1a2b3c4d5e6f7081${extra}]`;

  it('takes time, monotonic and boot from the cursor (hex µs), the rest from the fields', () => {
    const { events, unparsed } = run(
      journalctlVerboseParser,
      lines(
        `Tue 2025-11-25 11:00:00.123456 CET ${cursor('6446857c5aa40')}`,
        '    PRIORITY=3',
        '    SYSLOG_IDENTIFIER=containerd',
        '    _PID=1012',
        '    _SYSTEMD_UNIT=containerd.service',
        '    _HOSTNAME=node-1',
        '    MESSAGE=time="2025-11-25T10:00:00Z" level=error msg="failed to delete task"',
      ),
    );
    expect(unparsed).toEqual([]);
    const e = events[0];
    expect(iso(e)).toBe('2025-11-25T10:00:00.123456Z');
    expect(e).toMatchObject({
      line: 1,
      lineEnd: 7,
      timeQuality: 'exact',
      monotonic: 1234.56789,
      boot: '5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21',
      host: 'node-1',
      unit: 'containerd.service',
      ident: 'containerd',
      pid: 1012,
      severity: 'err',
      message: 'time="2025-11-25T10:00:00Z" level=error msg="failed to delete task"',
    });
    expect(e.fields).toEqual({});
  });

  it('falls back to the header time: exact for UTC or a numeric zone, inferred for an abbreviation', () => {
    const noT = '[s=8a5b2c1d3e4f40a1b2c3d4e5f6a7b8c9;i=2a01]';
    const { events } = run(
      journalctlVerboseParser,
      lines(
        `Tue 2025-11-25 10:00:00.123456 UTC ${noT}`,
        '    MESSAGE=a',
        `Tue 2025-11-25 07:00:05.000000 -03 ${noT}`,
        '    MESSAGE=b',
        `Tue 2025-11-25 11:00:07.000000 CET ${noT}`,
        '    MESSAGE=c',
      ),
    );
    expect(events.map((e) => [iso(e), e.timeQuality])).toEqual([
      ['2025-11-25T10:00:00.123456Z', 'exact'],
      ['2025-11-25T10:00:05.000000Z', 'exact'],
      // CET says no offset: the context's (+60) is used, and the time is marked inferred.
      ['2025-11-25T10:00:07.000000Z', 'inferred'],
    ]);
  });

  it('joins continuation lines (their indentation removed) and keeps a trimmed empty line inside', () => {
    const { events, skipped } = run(
      journalctlVerboseParser,
      lines(
        `Tue 2025-11-25 10:00:02.000001 UTC ${cursor('6446857e24c81')}`,
        '    MESSAGE=Process 41235 (java) of user 1000 dumped core.',
        '',
        '            Stack trace of thread 41235:',
        '              #0  0x00007f3a2c0a1e2c raise',
        '    COREDUMP=[23.5M blob data]',
        '',
        '',
      ),
    );
    expect(events[0].message).toBe(
      'Process 41235 (java) of user 1000 dumped core.\n\nStack trace of thread 41235:\n  #0  0x00007f3a2c0a1e2c raise',
    );
    expect(events[0].lineEnd).toBe(6);
    expect(events[0].fields).toEqual({ blobFields: 'COREDUMP (23.5M)' });
    expect(skipped).toEqual([
      { line: 7, kind: 'blank' },
      { line: 8, kind: 'blank' },
    ]);
  });

  it('leaves a blob MESSAGE out (messageOmitted), like -o json does with null', () => {
    const { events } = run(
      journalctlVerboseParser,
      lines(`Tue 2025-11-25 10:00:02.000001 UTC ${cursor('6446857e24c81')}`, '    MESSAGE=[300B blob data]'),
    );
    expect(events[0].message).toBe('');
    expect(events[0].fields).toEqual({ messageOmitted: true, blobFields: 'MESSAGE (300B)' });
  });

  it('skips catalog lines and boot markers; an entry without _BOOT_ID or cursor b= gets the marker boot', () => {
    const { events, skipped, unparsed } = run(
      journalctlVerboseParser,
      lines(
        `Tue 2025-11-25 10:00:00.123456 UTC ${cursor('6446857c5aa40')}`,
        '    MESSAGE=containerd.service: Main process exited, code=killed, status=9/KILL',
        '-- Subject: Unit process exited',
        '-- Boot 0a1b2c3d4e5f60718293a4b5c6d7e8f9 --',
        'Tue 2025-11-25 10:00:05.000000 UTC [s=8a5b2c1d3e4f40a1b2c3d4e5f6a7b8c9;i=2b10;t=6446858101340]',
        '    MESSAGE=after the reboot',
      ),
    );
    expect(unparsed).toEqual([]);
    expect(skipped).toEqual([
      { line: 3, kind: 'comment' },
      { line: 4, kind: 'boot-marker' },
    ]);
    expect(events.map((e) => [e.line, e.lineEnd, e.boot])).toEqual([
      [1, 2, '5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21'],
      [5, 6, '0a1b2c3d4e5f60718293a4b5c6d7e8f9'],
    ]);
  });

  it('reads field lines whose indentation a paste stripped; reports lines that break the grammar', () => {
    const { events, unparsed } = run(
      journalctlVerboseParser,
      lines(
        '    MESSAGE=a field before any header',
        `Tue 2025-11-25 10:00:00.123456 UTC ${cursor('6446857c5aa40')}`,
        'PRIORITY=4',
        'MESSAGE=no indentation left',
        'some prose the author added',
        '    _PID=1',
      ),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      line: 2,
      lineEnd: 4,
      severity: 'warning',
      message: 'no indentation left',
    });
    expect(unparsed.map((u) => u.line)).toEqual([1, 5, 6]);
    expect(unparsed[1].reason).toContain('not a field line');
  });

  it('is detected from content, and a short-full paste is not taken for it', () => {
    const text = readFileSync(
      join(FIXTURES, 'journalctl-verbose/systemd-synthetic/verbose.synthetic.txt'),
      'utf8',
    );
    expect(detectedFormat(text)).toBe('journalctl-verbose');
    expect(
      journalctlVerboseParser.detect([
        'Wed 2025-11-26 10:00:01 CET node-1 kernel: oom_reaper: reaped process 41235 (java)',
        'Wed 2025-11-26 10:00:04 CET node-1 myapp.service[2211]: listening on :8080',
      ]),
    ).toBe(0);
    expect(journalctlVerboseParser.detect([])).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------

describe('journalctl -o export', () => {
  const HEAD = [
    '__CURSOR=s=8a5b2c1d3e4f40a1b2c3d4e5f6a7b8c9;i=1f3a5;b=5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21;m=1494b1f0a1;t=6446e3b1e2f3a;x=9e8d7c6b5a493827',
    '__REALTIME_TIMESTAMP=1764147603001002',
    '__MONOTONIC_TIMESTAMP=88415001050',
    '_BOOT_ID=5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21',
  ];

  it('maps a text entry like -o json; a repeated field becomes its values one per line', () => {
    const { events, skipped } = run(
      journalctlExportParser,
      lines(...HEAD, 'PRIORITY=6', '_PID=2211', 'TAG=a', 'TAG=b', 'MESSAGE=hello', ''),
    );
    expect(skipped).toEqual([{ line: 10, kind: 'blank' }]);
    expect(iso(events[0])).toBe('2025-11-26T09:00:03.001002Z');
    expect(events[0]).toMatchObject({
      line: 1,
      lineEnd: 9,
      monotonic: 88415.00105,
      boot: '5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21',
      pid: 2211,
      severity: 'info',
      message: 'hello',
      fields: { TAG: 'a\nb' },
    });
  });

  it('reads a binary field exactly when the length and bytes survived', () => {
    const text = readFileSync(
      join(FIXTURES, 'journalctl-export/systemd-synthetic/binary-field.synthetic.txt'),
      'utf8',
    );
    const { events, unparsed } = run(journalctlExportParser, text);
    expect(unparsed).toEqual([]);
    expect(events[1]).toMatchObject({
      line: 14,
      lineEnd: 25,
      message: 'line one\nline two',
      unit: 'myapp.service',
    });
    expect(events[1].fields.binaryGuessed).toBeUndefined();
  });

  it('takes a line break inside the length as the byte 0x0a, and a value ending in a newline', () => {
    // length 10 = `0a 00 00 00 00 00 00 00`: the LF cuts the length; value "12345\n789" (10 bytes
    // with its own LF)
    const ten = lines(...HEAD, 'MESSAGE', '', '\0\0\0\0\0\0\x0012345', '6789', 'PRIORITY=3', '');
    const a = run(journalctlExportParser, ten);
    expect(a.unparsed).toEqual([]);
    expect(a.events[0]).toMatchObject({ message: '12345\n6789', severity: 'err', lineEnd: 9 });
    // value "ab\n" (3 bytes): the field's terminator follows the value's own LF, as an empty line
    const nl = lines(...HEAD, 'MESSAGE', '\x03\0\0\0\0\0\0\0ab', '', 'PRIORITY=3', '');
    const b = run(journalctlExportParser, nl);
    expect(b.unparsed).toEqual([]);
    expect(b.events[0]).toMatchObject({ message: 'ab\n', severity: 'err', lineEnd: 8 });
  });

  it('reads a mangled binary field by its text, losing no line', () => {
    const text = readFileSync(
      join(FIXTURES, 'journalctl-export/systemd-synthetic/binary-field-nul-dropped.synthetic.txt'),
      'utf8',
    );
    const { events, unparsed } = run(journalctlExportParser, text);
    expect(unparsed).toEqual([]);
    expect(events[1]).toMatchObject({ message: 'line one\nline two', unit: 'myapp.service' });
    expect(events[1].fields.binaryGuessed).toBe('MESSAGE');
    // Length bytes gone altogether, and a value that was lost whole (name line, then the blank).
    const gone = run(
      journalctlExportParser,
      lines(...HEAD, 'MESSAGE', 'line one', 'line two', 'COREDUMP', '', ...HEAD, 'MESSAGE=next'),
    );
    expect(gone.unparsed).toEqual([]);
    expect(gone.events.map((e) => [e.line, e.lineEnd, e.message, e.fields.binaryGuessed])).toEqual([
      [1, 8, 'line one\nline two', 'MESSAGE,COREDUMP'],
      [10, 14, 'next', undefined],
    ]);
    expect(gone.events[0].fields.COREDUMP).toBe('');
  });

  it('starts a new entry at a second __CURSOR; reports an entry that is no journal entry', () => {
    const { events, unparsed } = run(
      journalctlExportParser,
      lines(...HEAD, 'MESSAGE=one', ...HEAD, 'MESSAGE=two', '', '_PID=1', '_COMM=systemd', '', 'not a field'),
    );
    expect(events.map((e) => [e.line, e.lineEnd, e.message])).toEqual([
      [1, 5, 'one'],
      [6, 10, 'two'],
    ]);
    expect(unparsed.map((u) => u.line)).toEqual([12, 13, 15]);
    expect(unparsed[0].reason).toContain('no MESSAGE, __REALTIME_TIMESTAMP or __CURSOR');
  });

  it('gives the same columns with columnsOnly, and the same event rebuilt from its own lines', () => {
    const text = readFileSync(
      join(FIXTURES, 'journalctl-export/systemd-synthetic/binary-field-nul-dropped.synthetic.txt'),
      'utf8',
    );
    const full = run(journalctlExportParser, text).events;
    const cols = run(journalctlExportParser, text, { columnsOnly: true }).events;
    expect(cols.map((e) => ({ ...e, message: '', fields: {}, entities: [] }))).toEqual(
      full.map((e) => ({ ...e, message: '', fields: {}, entities: [] })),
    );
    for (const e of full) expect(rebuild(journalctlExportParser, text, e)).toEqual(e);
  });

  it('is detected from content', () => {
    for (const f of ['systemd-unknown/export.derived.txt', 'systemd-synthetic/binary-field.synthetic.txt']) {
      expect(detectedFormat(readFileSync(join(FIXTURES, 'journalctl-export', f), 'utf8'))).toBe(
        'journalctl-export',
      );
    }
    expect(journalctlExportParser.detect(['PATH=/usr/bin', 'HOME=/root', 'LANG=C.UTF-8'])).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------

describe('journalctl -o json-pretty', () => {
  const ENTRY = [
    '{',
    '\t"__REALTIME_TIMESTAMP" : "1764064805000000",',
    '\t"_BOOT_ID" : "0a1b2c3d4e5f60718293a4b5c6d7e8f9",',
    '\t"PRIORITY" : "4",',
    '\t"SYSLOG_IDENTIFIER" : "kubelet",',
    '\t"MESSAGE" : "E1125 10:00:05.000000    2087 pod_workers.go:1298] \\"Error syncing pod, skipping\\""',
    '}',
  ];

  it('reads the example like -o json reads the same entries', () => {
    const pretty = readFileSync(
      join(FIXTURES, 'journalctl-json-pretty/systemd-synthetic/json-pretty.synthetic.txt'),
      'utf8',
    );
    const json = readFileSync(join(FIXTURES, 'journalctl-json/systemd-synthetic/json.txt'), 'utf8');
    const a = run(journalctlJsonPrettyParser, pretty).events;
    const b = run(journalctlJsonParser, json).events;
    expect(a.map((e) => [e.line, e.lineEnd])).toEqual([
      [1, 15],
      [16, 42],
    ]);
    const strip = (e: LogEvent) => ({ ...e, id: '', format: 'journalctl-json', line: 0, lineEnd: 0 });
    expect(a.map(strip)).toEqual(b.map(strip));
  });

  it('reads jq output: 2 spaces, `": "`, objects in an array (`jq -s`)', () => {
    const jq = lines(
      '[',
      '  {',
      '    "__REALTIME_TIMESTAMP": "1764064805000000",',
      '    "MESSAGE": "a"',
      '  },',
      '  {',
      '    "__REALTIME_TIMESTAMP": "1764064805001000",',
      '    "MESSAGE": "b"',
      '  }',
      ']',
    );
    const { events, skipped, unparsed } = run(journalctlJsonPrettyParser, jq);
    expect(unparsed).toEqual([]);
    expect(events.map((e) => [e.line, e.lineEnd, e.message])).toEqual([
      [2, 5, 'a'],
      [6, 9, 'b'],
    ]);
    expect(skipped).toEqual([
      { line: 1, kind: 'header' },
      { line: 10, kind: 'header' },
    ]);
  });

  it('closes an object cut inside a string when the next one starts; the cut line is unparsed', () => {
    const text = lines(
      ...ENTRY.slice(0, 5),
      '\t"MESSAGE" : "E1125 10:00:05.000000    2087 pod_wor',
      ...ENTRY,
    );
    const { events, unparsed } = run(journalctlJsonPrettyParser, text);
    expect(events.map((e) => [e.line, e.lineEnd, e.message, e.fields.truncated])).toEqual([
      [1, 5, '', true],
      [7, 13, 'E1125 10:00:05.000000    2087 pod_workers.go:1298] "Error syncing pod, skipping"', undefined],
    ]);
    expect(events[0]).toMatchObject({ severity: 'warning', ident: 'kubelet' });
    expect(unparsed).toEqual([{ line: 6, reason: expect.stringContaining('cut-short line') }]);
    // Record-local: the cut object's own lines rebuild the same event.
    expect(rebuild(journalctlJsonPrettyParser, text, events[0])).toEqual(events[0]);
  });

  it('glues a MESSAGE wrapped onto the next line (no line break inside a JSON string)', () => {
    const text = lines(
      '{',
      '\t"__REALTIME_TIMESTAMP" : "1764064805000000",',
      '\t"MESSAGE" : "a long message the terminal wr',
      'apped here"',
      '}',
    );
    const { events, unparsed } = run(journalctlJsonPrettyParser, text);
    expect(unparsed).toEqual([]);
    expect(events[0]).toMatchObject({
      line: 1,
      lineEnd: 5,
      message: 'a long message the terminal wrapped here',
    });
  });

  it('reports an object that is no journal entry, and text that is no JSON', () => {
    const { events, unparsed, skipped } = run(
      journalctlJsonPrettyParser,
      lines('{', '  "state": "CONTAINER_EXITED"', '}', '-- No entries --', 'plain words'),
    );
    expect(events).toEqual([]);
    expect(unparsed.map((u) => u.line)).toEqual([1, 2, 3, 5]);
    expect(unparsed[0].reason).toContain('not a journal entry');
    expect(skipped).toEqual([{ line: 4, kind: 'comment' }]);
  });

  it('is detected for its own layout and jq layout, never for compact json lines', () => {
    for (const f of [
      'json-pretty.synthetic.txt',
      'json-pretty-jq.synthetic.txt',
      'json-pretty-cut.synthetic.txt',
    ]) {
      const text = readFileSync(join(FIXTURES, 'journalctl-json-pretty/systemd-synthetic', f), 'utf8');
      expect(detectedFormat(text)).toBe('journalctl-json-pretty');
    }
    expect(journalctlJsonPrettyParser.detect(['{"__REALTIME_TIMESTAMP":"1","MESSAGE":"x"}'])).toBe(0);
    expect(journalctlJsonPrettyParser.detect(['{', '  "status": {', '    "state": "CONTAINER_EXITED"'])).toBe(
      0,
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe('journal entry mapping (shared)', () => {
  it('turns the container and pod a docker / podman journald entry names into entities', () => {
    const { events } = run(
      journalctlJsonParser,
      `${JSON.stringify({
        __REALTIME_TIMESTAMP: '1764064801500000',
        MESSAGE: 'java.lang.OutOfMemoryError: Java heap space',
        CONTAINER_ID: '4f2c9b7e1d0a',
        CONTAINER_ID_FULL: '4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6',
        CONTAINER_NAME: 'k8s_api_api-0_default_5f1c6d2e-9b1a-4c3e-8d7f-0a1b2c3d4e5f_3',
        IMAGE_NAME: 'registry.example.com/api:1.4.2',
        _SYSTEMD_CGROUP: '/system.slice/docker.service',
      })}\n`,
    );
    expect(events[0].entities).toEqual([
      { kind: 'container', id: '4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6' },
      { kind: 'container', id: '4f2c9b7e1d0a' },
      { kind: 'pod', id: 'default/api-0' },
      { kind: 'pod', id: '5f1c6d2e-9b1a-4c3e-8d7f-0a1b2c3d4e5f' },
      { kind: 'image', id: 'registry.example.com/api:1.4.2' },
    ]);
  });

  it('reads pod and container from a kubepods cgroup or scope unit, not from a service cgroup', () => {
    const pod = '5f1c6d2e_9b1a_4c3e_8d7f_0a1b2c3d4e5f';
    const id = '4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6';
    const cgroup = `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${pod}.slice/cri-containerd-${id}.scope`;
    const { events } = run(
      journalctlJsonParser,
      lines(
        JSON.stringify({ MESSAGE: 'a', _SYSTEMD_CGROUP: cgroup }),
        JSON.stringify({ MESSAGE: 'b', _SYSTEMD_UNIT: `cri-containerd-${id}.scope` }),
        JSON.stringify({ MESSAGE: 'c', _SYSTEMD_CGROUP: '/system.slice/containerd.service' }),
      ),
    );
    expect(events[0].entities).toEqual([
      { kind: 'cgroup', id: cgroup },
      { kind: 'pod', id: '5f1c6d2e-9b1a-4c3e-8d7f-0a1b2c3d4e5f' },
      { kind: 'container', id },
    ]);
    expect(events[1].entities).toEqual([{ kind: 'container', id }]);
    expect(events[2].entities).toEqual([]);
  });

  it('gives one entry the same event in every mode (verbose, export, json-pretty, json)', () => {
    const json = JSON.stringify({
      __CURSOR: 's=8a5b;i=1;b=5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21;m=499602d2;t=6446857c5aa40;x=1',
      __REALTIME_TIMESTAMP: '1764064800123456',
      __MONOTONIC_TIMESTAMP: '1234567890',
      _BOOT_ID: '5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21',
      PRIORITY: '5',
      SYSLOG_IDENTIFIER: 'systemd',
      _PID: '1',
      UNIT: 'containerd.service',
      MESSAGE: 'containerd.service: Main process exited, code=killed, status=9/KILL',
    });
    const o = JSON.parse(json) as Record<string, string>;
    const body = Object.entries(o).filter(([k]) => k !== '__CURSOR' && !k.startsWith('__'));
    const verbose = lines(
      `Tue 2025-11-25 10:00:00.123456 UTC [${o.__CURSOR}]`,
      ...body.map(([k, v]) => `    ${k}=${v}`),
    );
    const exp = lines(...Object.entries(o).map(([k, v]) => `${k}=${v}`), '');
    const pretty = `${JSON.stringify(o, null, '\t')}\n`;
    const strip = (e: LogEvent) => ({ ...e, id: '', format: 'text', line: 0, lineEnd: 0 });
    const want = strip(run(journalctlJsonParser, `${json}\n`).events[0]);
    expect(strip(run(journalctlVerboseParser, verbose).events[0])).toEqual(want);
    expect(strip(run(journalctlExportParser, exp).events[0])).toEqual(want);
    expect(strip(run(journalctlJsonPrettyParser, pretty).events[0])).toEqual(want);
  });

  it('passes the second pass the message (the parsed event of a paste carries the reader fields)', () => {
    const r = parseText(
      lines(
        'Tue 2025-11-25 10:00:00.123456 UTC [s=8a5b;i=1;b=5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21;m=499602d2;t=6446857c5aa40;x=1]',
        '    SYSLOG_IDENTIFIER=kernel',
        '    PRIORITY=3',
        '    MESSAGE=Memory cgroup out of memory: Killed process 41235 (java) total-vm:8392104kB, anon-rss:2097152kB, file-rss:1024kB, shmem-rss:0kB, UID:1000 pgtables:4512kB oom_score_adj:936',
      ),
      { sourceId: 'p', year: 2025, utcOffsetMinutes: 0 },
    );
    expect(r.segments.map((s) => s.format)).toEqual(['journalctl-verbose']);
    expect(r.events[0].fields.writer).toBe('kernel');
  });
});
