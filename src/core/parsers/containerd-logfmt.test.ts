// containerd-logfmt: detection boundaries, times, multi-line records, unparsed lines, and the
// two store contracts (columns-only equals full; an event rebuilt from its own lines is equal).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseChecked } from '../../../test/helpers/run-parser.ts';
import { splitLines } from '../ingest/line-splitter.ts';
import { parseText } from '../ingest/parse-text.ts';
import type { SourceOptions } from '../ingest/source-parser.ts';
import type { LogEvent } from '../model/event.ts';
import { containerdLogfmtParser } from './containerd-logfmt.ts';

const FIX = join(import.meta.dirname, '../../../test/fixtures/containerd-logfmt');
const C = '4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6';

const parse = (text: string, opts: Partial<SourceOptions> = {}) =>
  parseChecked(text, { ...opts, forceFormat: 'containerd-logfmt' });

const COLUMNS = ['line', 'lineEnd', 'time', 'timeQuality', 'severity', 'ident', 'pid', 'host'] as const;
const cols = (e: LogEvent) => COLUMNS.map((k) => e[k]);

describe('containerd-logfmt detection', () => {
  const detect = (text: string) => containerdLogfmtParser.detect(splitLines(text).filter(Boolean));
  it('claims bare logrus lines in all three forms', () => {
    expect(detect(readFileSync(join(FIX, 'containerd-unknown/rke2-1815-containerd.log'), 'utf8'))).toBe(0.85);
    expect(detect(readFileSync(join(FIX, 'containerd-unknown/tty-format-pr3206.txt'), 'utf8'))).toBe(0.85);
    expect(detect(readFileSync(join(FIX, 'containerd-synthetic/json-format.txt'), 'utf8'))).toBe(0.85);
  });
  it("leaves journal lines, crictl's own WARN[0000] stderr and other JSON alone", () => {
    expect(
      detect(
        'Jun 15 12:01:21 kube-cp-01 containerd[34171]: time="2023-06-15T12:01:21.373969868+08:00" level=info msg="shim disconnected" id=f645',
      ),
    ).toBe(0);
    expect(
      detect(
        'WARN[0000] runtime connect using default endpoints: [unix:///run/containerd/containerd.sock]. \nFATA[0000] execing command in container: x',
      ),
    ).toBeLessThan(0.3);
    expect(detect('{"ts":1753121332057.047,"caller":"x.go:1","msg":"m","v":0}')).toBe(0);
    expect(detect('{"__CURSOR":"s=1","MESSAGE":"x","msg":"y"}')).toBe(0);
  });
  it('is ready to lose to journalctl -o cat when the command is echoed', () => {
    const res = parseText(
      'journalctl -o cat -u containerd\n\ntime="2020-02-12T13:12:54.560359783Z" level=info msg="Kill container "adf4""\n',
      { sourceId: 't' },
    );
    expect(res.segments.map((s) => s.format)).toEqual(['journalctl-cat']);
  });
});

describe('containerd-logfmt parsing', () => {
  it('exact times from zoned stamps; inferred with the context offset when zone-less', () => {
    const res = parse(
      'time="2023-06-15T12:01:21.373969868+08:00" level=info msg=a\ntime=2025-11-26T10:00:02.5 level=warning msg=b\n',
      { utcOffsetMinutes: 60 },
    );
    expect(res.events.map((e) => [e.time, e.timeQuality, e.severity])).toEqual([
      [Date.UTC(2023, 5, 15, 4, 1, 21) * 1000 + 373969, 'exact', 'info'],
      [Date.UTC(2025, 10, 26, 9, 0, 2) * 1000 + 500000, 'inferred', 'warning'],
    ]);
  });

  it('the message is msg and then the other keys as printed, in every form', () => {
    const res = parse(
      [
        `time="2025-08-05T06:15:39.416834544Z" level=warning msg="cleaning up after shim disconnected" id=${C} namespace=default`,
        `WARN[2019-04-11T10:39:37.414006366-07:00] cleaning up after shim disconnected           id=${C} namespace=k8s.io`,
        `{"error":"context deadline exceeded","id":"${C}","level":"error","msg":"failed to delete task","time":"2025-11-26T10:00:47.2Z"}`,
        'time="2025-11-26T10:00:01Z" level=info msg="cleaning up dead shim"',
      ].join('\n'),
    );
    expect(res.events.map((e) => e.message)).toEqual([
      `cleaning up after shim disconnected id=${C} namespace=default`,
      `cleaning up after shim disconnected id=${C} namespace=k8s.io`,
      `failed to delete task error="context deadline exceeded" id=${C}`,
      'cleaning up dead shim',
    ]);
    expect(res.events[2].fields).toMatchObject({
      what: 'failed-delete-task',
      errorKind: 'deadline-exceeded',
    });
  });

  it('keeps the ident[pid] prefix of a cut journal line and the TTY elapsed seconds', () => {
    const res = parse(
      'containerd[2742376]: time="2025-08-05T06:15:39.403104794Z" level=warning msg=x\nWARN[0003] hello \n',
    );
    expect(res.events[0]).toMatchObject({ ident: 'containerd', pid: 2742376, severity: 'warning' });
    expect(res.events[1]).toMatchObject({
      time: null,
      timeQuality: 'none',
      message: 'hello',
      severity: 'warning',
    });
    expect(res.events[1].fields.elapsedSeconds).toBe(3);
  });

  it('a quoted value spanning lines takes them, and the pairs after its close', () => {
    const text = [
      'time="2018-11-17T18:45:41Z" level=info msg="=== BEGIN goroutine stack dump ===',
      'goroutine 12 [running]:',
      '',
      'not a stack line, but inside the quote',
      `=== END goroutine stack dump ===" id=${C} pid=45094`,
      'time="2018-11-17T18:45:42Z" level=info msg="shim reaped"',
    ].join('\n');
    const res = parse(text);
    expect(res.unparsed).toEqual([]);
    expect(res.events.map((e) => [e.line, e.lineEnd])).toEqual([
      [1, 5],
      [6, 6],
    ]);
    const e = res.events[0];
    expect(e.message).toBe(
      `=== BEGIN goroutine stack dump ===\ngoroutine 12 [running]:\n\nnot a stack line, but inside the quote\n=== END goroutine stack dump === id=${C} pid=45094`,
    );
    expect(e.fields).toMatchObject({ what: 'stack-dump', pid: 45094, id: C });
    expect(e.entities).toContainEqual({ kind: 'container', id: C });
  });

  it('folds a Go panic after a record; other lines are unparsed, blank lines skipped', () => {
    const text = [
      'time="2025-11-26T10:00:03Z" level=fatal msg="failed to start daemon"',
      'panic: runtime error: invalid memory address or nil pointer dereference',
      '',
      'goroutine 1 [running]:',
      'main.main()',
      '\t/go/src/main.go:180 +0x4a',
      '',
      'Hello from somewhere else',
      'goroutine 2 [running]:',
    ].join('\n');
    const res = parse(text);
    expect(res.events).toHaveLength(1);
    expect(res.events[0]).toMatchObject({ line: 1, lineEnd: 6, severity: 'crit' });
    expect(res.events[0].fields.stackLines).toBe(5);
    expect(res.events[0].message.split('\n')).toHaveLength(6);
    expect(res.skipped).toEqual([{ line: 7, kind: 'blank' }]);
    expect(res.unparsed.map((u) => u.line)).toEqual([8, 9]);
    expect(res.unparsed[0].reason).toMatch(/^not a containerd log line/);
  });

  it('columns-only parses give the same columns, and every event rebuilds from its own lines', () => {
    const text = readFileSync(join(FIX, 'containerd-synthetic/multiline-and-variants-synthetic.txt'), 'utf8');
    const full = parse(text);
    const lean = parse(text, { columnsOnly: true });
    expect(lean.events.map(cols)).toEqual(full.events.map(cols));
    expect(lean.events.every((e) => e.message === '' && Object.keys(e.fields).length === 0)).toBe(true);
    const lines = splitLines(text);
    for (const e of full.events) {
      const alone = parse(lines.slice(e.line - 1, e.lineEnd).join('\n')).events;
      expect(alone).toHaveLength(1);
      const { id, line, lineEnd, ...rest } = alone[0];
      const { id: _i, line: _l, lineEnd: _e, ...want } = e;
      expect(rest).toEqual(want);
      expect(lineEnd - line).toBe(e.lineEnd - e.line);
    }
  });
});
