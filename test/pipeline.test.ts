// The ingest pipeline as a whole: segmentation of mixed pastes, detection, and the
// no-line-lost invariant with detection (not a forced format) deciding.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCoverage } from '../src/core/ingest/coverage.ts';
import { parseText } from '../src/core/ingest/parse-text.ts';
import { MAX_LINE_CHARS } from '../src/core/ingest/source-parser.ts';
import { classifyStructural } from '../src/core/ingest/structure.ts';

const OPTS = { sourceId: 'paste-1', year: 2025, utcOffsetMinutes: 0 };

describe('structural lines', () => {
  it.each([
    ['$ dmesg -T', 'prompt', 'dmesg -T'],
    ['root@node:~# crictl ps -a', 'prompt', 'crictl ps -a'],
    ['[root@node-1 ~]# ctr t ls', 'prompt', 'ctr t ls'],
    ['user@host:/var/log$ journalctl -u kubelet --no-pager', 'prompt', 'journalctl -u kubelet --no-pager'],
    ['# crictl inspect 3f2a', 'prompt', 'crictl inspect 3f2a'],
    ['crictl inspect 40e09c5d0328', 'prompt', 'crictl inspect 40e09c5d0328'],
    ['sudo journalctl -u containerd --no-pager', 'prompt', 'sudo journalctl -u containerd --no-pager'],
    ['dmesg', 'prompt', 'dmesg'],
    ['k describe po POD', 'prompt', 'k describe po POD'],
    [
      '[12:54:41] $ ./cluster/kubectl.sh describe pod simmemleak-hra99',
      'prompt',
      './cluster/kubectl.sh describe pod simmemleak-hra99',
    ],
    ['[12:54:41] root@node:~# crictl ps -a', 'prompt', 'crictl ps -a'],
    ['```', 'fence', undefined],
    ['```console', 'fence', undefined],
    ['==> /var/log/containerd.log <==', 'header', undefined],
  ])('%s is a %s', (line, kind, command) => {
    const s = classifyStructural(line);
    expect(s?.kind).toBe(kind);
    if (command !== undefined) expect(s?.command).toBe(command);
  });

  it.each([
    '# memory.max',
    'crictl shows nothing for this pod',
    'docker: Error response from daemon: OCI runtime create failed.',
    '## Timeline',
    'Nov 26 10:00:01 node-1 systemd[1]: Started user@1000.service - User Manager for UID 1000.',
    '[    0.000000] Linux version 6.6.4-arch1-1 (linux@archlinux) (gcc (GCC) 13.2.1 20230801, GNU ld (GNU Binutils) 2.41.0)',
    'time="2023-08-05T07:27:14.304609945+02:00" level=info msg="shim disconnected" id=0184e59d',
    'CONTAINER           IMAGE               CREATED             STATE',
    'k is a constant here',
    '[12:54:41.123456] kubelet started',
    '[  123.456789] $ sign in a kernel message',
    '[12:54:41] # Timeline',
  ])('%s is not structural', (line) => {
    expect(classifyStructural(line)).toBeNull();
  });
});

describe('segments', () => {
  it('splits a paste at prompts, fences and file headers, keeping the command', () => {
    const text = [
      'root@node:~# crictl ps -a',
      'CONTAINER ID        IMAGE               CREATED             STATE',
      '',
      '```',
      'some text',
      '```',
      '==> /var/log/syslog <==',
      'more text',
    ].join('\n');
    const res = parseText(text, OPTS);
    expect(checkCoverage(res)).toEqual([]);
    expect(res.segments.map((s) => [s.lineStart, s.lineEnd])).toEqual([
      [2, 3],
      [5, 5],
      [8, 8],
    ]);
    expect(res.segments[0].command).toBe('crictl ps -a');
    expect(res.skipped.filter((s) => s.kind === 'fence').map((s) => s.line)).toEqual([4, 6]);
    // Line 2 is crictl's table header (skipped by the parser), line 7 the `==> f <==` header.
    expect(res.skipped.filter((s) => s.kind === 'header').map((s) => s.line)).toEqual([2, 7]);
    expect(res.skipped.find((s) => s.kind === 'prompt')?.line).toBe(1);
  });

  it('keeps blank lines between outputs as skipped, not as a segment', () => {
    const res = parseText('```\nhello\n```\n\n\n$ echo\nhi\n', OPTS);
    expect(res.segments).toHaveLength(2);
    expect(res.skipped.filter((s) => s.kind === 'blank').map((s) => s.line)).toEqual([4, 5]);
  });

  it('honours a hand override for a segment, with confidence 1', () => {
    const res = parseText('$ cat notes\nfoo bar\n', { ...OPTS, overrides: { 2: 'journalctl-cat' } });
    expect(res.segments[0]).toMatchObject({ format: 'journalctl-cat', confidence: 1, overridden: true });
  });
});

describe('no line lost, with detection deciding', () => {
  const piece = fc.constantFrom(
    '$ dmesg -T',
    '[Fri Feb 13 23:31:30 2009] usb 1-1: new high-speed USB device',
    '[    1.000000] Linux version 6.6.4',
    '               continuation',
    'Nov 26 10:00:01 node-1 kernel: Memory cgroup out of memory: Killed process 41235 (java)',
    '-- Boot 5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21 --',
    '```',
    '==> a.log <==',
    'CONTAINER           IMAGE               CREATED             STATE               NAME                ATTEMPT             POD ID',
    '3f2a1b4c5d6e7       sha256:aa           2 hours ago         Exited              app                 1                   9e8d7c6b5a4f3',
    '{',
    '  "status": {',
    '}',
    '',
    'free text',
  );
  it('covers every line exactly once for arbitrary mixes', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 30 })), { maxLength: 60 }), (ls) => {
        const text = ls.join('\n');
        const res = parseText(text, OPTS);
        expect(checkCoverage(res)).toEqual([]);
        expect(parseText(text, OPTS, 97)).toEqual(res);
      }),
      { numRuns: 300 },
    );
  });
});

describe('bad input', () => {
  it('keeps a 10 MB line with no newline as one unparsed line with a reason, quickly', () => {
    const text = `[    1.000000] a\n${'x'.repeat(10 * 1024 * 1024)}`;
    const res = parseText(text, OPTS);
    expect(res.lines).toBe(2);
    expect(checkCoverage(res)).toEqual([]);
    expect(res.unparsed).toHaveLength(1);
    expect(res.unparsed[0].line).toBe(2);
    expect(res.unparsed[0].reason).toContain(String(MAX_LINE_CHARS));
  });

  it('reads CRLF line ends like LF', () => {
    const lf = parseText('a\nb\n\nc\n', OPTS);
    const crlf = parseText('a\r\nb\r\n\r\nc\r\n', OPTS);
    expect(crlf).toEqual(lf);
  });

  it('strips ANSI colour codes before parsing', () => {
    const res = parseText('\x1b[32mhello\x1b[0m world\n', OPTS);
    expect(res.events[0].message).toBe('hello world');
  });

  it('keeps control characters and the U+FFFD of invalid UTF-8 as text, losing no line', () => {
    const res = parseText('a\u0000b\u0007c\n\ufffd\ufffd broken\n', OPTS);
    expect(checkCoverage(res)).toEqual([]);
    expect(res.events.map((e) => e.message)).toEqual(['a\u0000b\u0007c', '\ufffd\ufffd broken']);
  });

  it('parses an empty input to nothing', () => {
    const res = parseText('', OPTS);
    expect(res).toMatchObject({ lines: 0, events: [], unparsed: [], skipped: [], segments: [] });
  });
});
