// klog: year-less times and their rollover, the tid/pid split, multi-line values and goroutine
// dumps, JSON logging, detection boundaries, and the store contracts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseChecked } from '../../../test/helpers/run-parser.ts';
import { splitLines } from '../ingest/line-splitter.ts';
import type { SourceOptions } from '../ingest/source-parser.ts';
import type { LogEvent } from '../model/event.ts';
import { klogParser } from './klog.ts';

const FIX = join(import.meta.dirname, '../../../test/fixtures/klog');

const parse = (text: string, opts: Partial<SourceOptions> = {}) =>
  parseChecked(text, { ...opts, forceFormat: 'klog' });

const iso = (e: LogEvent) => (e.time === null ? null : new Date(e.time / 1000).toISOString());

describe('klog times', () => {
  it('takes the year and zone from the context (inferred) and steps over New Year both ways', () => {
    const text = [
      'I1231 23:59:59.900000    1307 kubelet.go:1] "a"',
      'I0101 00:00:00.100000    1307 kubelet.go:1] "b"',
      'I1231 23:59:58.000000    1307 kubelet.go:1] "c"',
    ].join('\n');
    const res = parse(text, { utcOffsetMinutes: 60 });
    expect(res.events.map(iso)).toEqual([
      '2025-12-31T22:59:59.900Z',
      '2025-12-31T23:00:00.100Z',
      '2025-12-31T22:59:58.000Z',
    ]);
    expect(res.events.every((e) => e.timeQuality === 'inferred')).toBe(true);
    expect(res.events[1].time! % 1000).toBe(0);
  });

  it('JSON ts is exact, to the microsecond', () => {
    const res = parse('{"ts":1764151202001.1223,"caller":"x/y.go:9","msg":"m","v":2}');
    expect(res.events[0]).toMatchObject({
      time: 1764151202001122,
      timeQuality: 'exact',
      severity: 'info',
      message: 'm',
    });
    expect(res.events[0].fields).toMatchObject({ source: 'x/y.go:9', v: 2, level: 'info' });
  });
});

describe('klog records', () => {
  it('the number after the time is the field tid and the pid; a prefix gives ident and pid', () => {
    const res = parse(
      'E0413 10:53:52.844381    3263 kubelet.go:2055] "Skipping pod synchronization" err="x"\nkubelet[1307]: W0101 00:00:01.000000    1307 reflector.go:424] watch ended\n',
    );
    // klog prints os.Getpid() there (FORMATS.md 6.3).
    expect(res.events[0].pid).toBe(3263);
    expect(res.events[0]).toMatchObject({ severity: 'err', message: 'Skipping pod synchronization' });
    expect(res.events[0].fields).toMatchObject({
      tid: 3263,
      source: 'kubelet.go:2055',
      level: 'error',
      err: 'x',
    });
    expect(res.events[1]).toMatchObject({
      ident: 'kubelet',
      pid: 1307,
      severity: 'warning',
      message: 'watch ended',
    });
  });

  it('a key=< value spans its TAB-indented lines up to " >"', () => {
    const text = [
      'I1126 10:00:04.000000    1307 prober.go:107] "Probe failed" probeType="Liveness" output=<',
      '\tHTTP probe failed with statuscode: 500',
      '',
      '\tbody: internal error',
      ' > probeResult="failure"',
      'I1126 10:00:05.000000    1307 prober.go:107] "next"',
    ].join('\n');
    const res = parse(text);
    expect(res.events.map((e) => [e.line, e.lineEnd])).toEqual([
      [1, 5],
      [6, 6],
    ]);
    expect(res.events[0].fields).toMatchObject({
      output: 'HTTP probe failed with statuscode: 500\n\nbody: internal error',
      probeResult: 'failure',
      what: 'probe-failed',
    });
  });

  it("an F line's goroutine dump is folded; a stray line is unparsed", () => {
    const text = [
      'F0101 00:00:02.000000    1307 server.go:288] failed to run Kubelet: too many open files',
      'goroutine 1 [running]:',
      'k8s.io/klog/v2.stacks(0x1)',
      '\t/go/pkg/mod/k8s.io/klog/v2@v2.80.1/klog.go:860 +0x8a',
      '',
      'goroutine 7 [chan receive]:',
      '',
      'Flag --cgroup-driver has been deprecated',
    ].join('\n');
    const res = parse(text);
    expect(res.events).toHaveLength(1);
    expect(res.events[0]).toMatchObject({ line: 1, lineEnd: 6, severity: 'crit' });
    expect(res.events[0].fields).toMatchObject({ what: 'too-many-open-files', level: 'fatal' });
    expect(res.skipped).toEqual([{ line: 7, kind: 'blank' }]);
    expect(res.unparsed).toEqual([{ line: 8, reason: expect.stringMatching(/^not a klog line/) }]);
  });

  it('columns-only parses give the same columns, and every event rebuilds from its own lines', () => {
    const text = readFileSync(join(FIX, 'kubernetes-synthetic/kubelet-lines-synthetic.txt'), 'utf8');
    const full = parse(text);
    const lean = parse(text, { columnsOnly: true });
    const cols = (e: LogEvent) => [
      e.line,
      e.lineEnd,
      e.time,
      e.timeQuality,
      e.severity,
      e.ident,
      e.pid,
      e.host,
    ];
    expect(lean.events.map(cols)).toEqual(full.events.map(cols));
    const lines = splitLines(text);
    for (const e of full.events) {
      const alone = parse(lines.slice(e.line - 1, e.lineEnd).join('\n')).events;
      expect(alone).toHaveLength(1);
      expect(alone[0].message).toBe(e.message);
      expect(alone[0].fields).toEqual(e.fields);
      expect(alone[0].entities).toEqual(e.entities);
      expect(alone[0].time).toBe(e.time);
    }
  });
});

describe('klog detection', () => {
  const detect = (text: string) => klogParser.detect(splitLines(text).filter(Boolean));
  it('claims klog text and JSON, not journal-wrapped or containerd lines', () => {
    expect(
      detect(readFileSync(join(FIX, 'kubernetes-synthetic/unwrapped-real-lines-synthetic.txt'), 'utf8')),
    ).toBe(0.9);
    expect(detect(readFileSync(join(FIX, 'kubernetes-unknown/json-logging-host-prefix.txt'), 'utf8'))).toBe(
      0.9,
    );
    expect(
      detect(
        'Apr 12 09:28:14 devlaptop kubelet[14260]: W0412 09:28:14.744599   14260 eviction_manager.go:333] x',
      ),
    ).toBe(0);
    expect(detect('time="2025-11-26T10:00:01Z" level=info msg=x')).toBe(0);
    expect(detect('{"level":"info","msg":"x","time":"2025-11-26T10:00:01Z"}')).toBe(0);
  });
});
