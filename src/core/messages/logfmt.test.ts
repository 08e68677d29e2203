import { describe, expect, it } from 'vitest';
import { isGoStackLine, linePrefix, openAfterLine, parseLogfmt, readQuoted, unescapeGo } from './logfmt.ts';

const kv = (s: string) => parseLogfmt(s).pairs.map((p) => [p.key, p.value]);

describe('parseLogfmt', () => {
  it('reads bare, quoted and empty values in order', () => {
    expect(kv('time="2025-11-26T10:00:01Z" level=info msg=Done id= namespace=k8s.io')).toEqual([
      ['time', '2025-11-26T10:00:01Z'],
      ['level', 'info'],
      ['msg', 'Done'],
      ['id', ''],
      ['namespace', 'k8s.io'],
    ]);
  });

  it("decodes Go's %q escapes", () => {
    const s = String.raw`msg="StopContainer for \"4f2c\" failed" e="a\\b\tc\nd \x41\u00e9"`;
    expect(kv(s)).toEqual([
      ['msg', 'StopContainer for "4f2c" failed'],
      ['e', 'a\\b\tc\nd Aé'],
    ]);
  });

  it('reads a value whose inner quotes were printed unescaped (corpus containerd-4016)', () => {
    const s =
      'time="2020-02-12T13:12:54.556777390Z" level=info msg="Container to stop "386f" must be in running or unknown state, current state "CONTAINER_EXITED""';
    const scan = parseLogfmt(s);
    expect(scan.open).toBe(false);
    expect(scan.pairs[2]).toMatchObject({
      key: 'msg',
      value: 'Container to stop "386f" must be in running or unknown state, current state "CONTAINER_EXITED"',
      quoted: true,
    });
  });

  it('closes a quote before the next key even when the value has quotes in it', () => {
    expect(kv('msg="a "b" c" id=1 x="y"')).toEqual([
      ['msg', 'a "b" c'],
      ['id', '1'],
      ['x', 'y'],
    ]);
  });

  it('marks a quoted value that runs to the end as open', () => {
    const scan = parseLogfmt(
      'time="2018-11-17T18:45:41Z" level=info msg="=== BEGIN goroutine stack dump ===',
    );
    expect(scan.open).toBe(true);
    expect(scan.pairs[2].value).toBe('=== BEGIN goroutine stack dump ===');
  });

  it("reads klog's multi-line value and bracketed values with blanks inside", () => {
    const s =
      'probeType="Liveness" output=<\n\tHTTP probe failed with statuscode: 500\n\tbody: internal error\n > event={"ID":"a b","Type":"ContainerDied"} old=&{ID:1 Type:ContainerDied} n=3';
    expect(kv(s)).toEqual([
      ['probeType', 'Liveness'],
      ['output', 'HTTP probe failed with statuscode: 500\nbody: internal error'],
      ['event', '{"ID":"a b","Type":"ContainerDied"}'],
      ['old', '&{ID:1 Type:ContainerDied}'],
      ['n', '3'],
    ]);
  });

  it('counts words that are not pairs and stops at maxPairs', () => {
    const scan = parseLogfmt('shim disconnected id=1 "x" =y');
    expect(scan.stray).toBe(4);
    expect(scan.pairs).toEqual([{ key: 'id', value: '1', quoted: false, end: 22 }]);
    expect(parseLogfmt('a=1 b=2 c=3', 0, 11, 2).pairs).toHaveLength(2);
  });

  it('stays linear on quote-heavy input', () => {
    const s = `msg="${'a" b" '.repeat(40_000)}`;
    const t = performance.now();
    const scan = parseLogfmt(s);
    expect(performance.now() - t).toBeLessThan(1000);
    expect(scan.pairs).toHaveLength(1);
    const braces = 'a={ '.repeat(40_000);
    const t2 = performance.now();
    expect(parseLogfmt(braces, 0, braces.length, 1e6).pairs).toHaveLength(40_000);
    expect(performance.now() - t2).toBeLessThan(1000);
  });
});

describe('readQuoted / unescapeGo', () => {
  it('strict mode closes at the first unescaped quote', () => {
    expect(readQuoted('"Probe failed" x', 1, 16, true)).toEqual({
      value: 'Probe failed',
      next: 14,
      closed: true,
    });
  });
  it('keeps unknown escapes and decodes octal', () => {
    const s = String.raw`a\qb\101`;
    expect(unescapeGo(s, 0, s.length)).toBe('a\\qbA');
  });
});

describe('openAfterLine', () => {
  it('follows a multi-line quoted value line by line', () => {
    expect(openAfterLine('time="t" level=info msg="=== BEGIN', false)).toBe(true);
    expect(openAfterLine('goroutine 12 [running]:', true)).toBe(true);
    expect(openAfterLine('=== END goroutine stack dump ===" namespace=k8s.io', true)).toBe(false);
    expect(openAfterLine('=== END ===" a="open again', true)).toBe(true);
    expect(openAfterLine('time="t" level=info msg="closed"', false)).toBe(false);
  });
});

describe('isGoStackLine', () => {
  it('knows Go runtime output', () => {
    for (const l of [
      'goroutine 12 [running]:',
      'goroutine 7 [chan receive, 2 minutes]:',
      'main.dumpStacks(0xc420010730)',
      'github.com/containerd/containerd/vendor/google.golang.org/grpc.(*Server).serveStreams.func1.1(0xc4201b8000)',
      '\t/go/src/main.go:180 +0x4a',
      '        /home/devusr/go/src/github.com/containerd/containerd/cmd/containerd-shim/main_unix.go:147 +0x3d',
      'created by main.executeShim',
      'panic: runtime error: invalid memory address or nil pointer dereference',
      '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x55d0c2]',
    ])
      expect(isGoStackLine(l), l).toBe(true);
  });
  it('rejects ordinary text', () => {
    for (const l of [
      'hello world',
      'Killing container (sidecar)',
      'foo(bar) baz',
      '  indented prose',
      'main(x)',
    ])
      expect(isGoStackLine(l), l).toBe(false);
  });
});

describe('linePrefix', () => {
  it('reads ident[pid], ident and host prefixes', () => {
    expect(linePrefix('containerd[2742376]: time="x"')).toEqual({
      start: 21,
      ident: 'containerd',
      pid: 2742376,
    });
    expect(linePrefix('kubelet: E0413 10:53:52.844381')).toEqual({ start: 9, ident: 'kubelet' });
    expect(linePrefix('10.226.6.9: {"ts":1}')).toEqual({ start: 12, host: '10.226.6.9' });
  });
  it('finds none on a bare line', () => {
    expect(linePrefix('time="2025-11-26T10:00:01Z" level=info')).toBeNull();
    expect(linePrefix('INFO[2019-04-11T10:39:37.413880563-07:00] shim')).toBeNull();
    expect(linePrefix('{"ts":1}')).toBeNull();
  });
});
