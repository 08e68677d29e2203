import { describe, expect, it } from 'vitest';
import { InputError } from '../ingest/decode.ts';
import { parseText } from '../ingest/parse-text.ts';
import type { ViewQuery } from './engine-api.ts';
import { type Clock, Workbench, type WorkbenchSourceInput } from './workbench.ts';

const CLOCK: Clock = { year: 2025, utcOffsetMinutes: 0 };
const T0 = Date.UTC(2025, 10, 26, 10, 0, 0) * 1000;

function bytesOf(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text);
}

async function gzip(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const cs = new CompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(cs)).arrayBuffer());
}

/** A source from text, streamed in `chunk`-byte pieces. */
function input(name: string, text: string | Uint8Array, chunk = 1 << 16): WorkbenchSourceInput {
  const bytes = typeof text === 'string' ? bytesOf(text) : text;
  let pos = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (pos >= bytes.length) {
        c.close();
        return;
      }
      c.enqueue(bytes.slice(pos, pos + chunk));
      pos += chunk;
    },
  });
  return { name, kind: 'file', stream, totalBytes: bytes.length, clock: CLOCK };
}

// journalctl -o json: out of time order on purpose (the view sorts within a source too).
const A = [
  '{"__REALTIME_TIMESTAMP":"1764151202500000","PRIORITY":"3","_HOSTNAME":"node-1","SYSLOG_IDENTIFIER":"kubelet","_PID":"812","MESSAGE":"error pulling image"}',
  '{"__REALTIME_TIMESTAMP":"1764151200000000","PRIORITY":"6","_HOSTNAME":"node-1","SYSLOG_IDENTIFIER":"kubelet","MESSAGE":"ok"}',
  '',
].join('\n');
// journalctl -o short-iso (no severity), then raw dmesg -r (severity, no wall time).
const B = [
  '$ journalctl -o short-iso',
  '2025-11-26T10:00:00+0000 node-1 containerd[700]: same second as ok',
  '2025-11-26T10:00:03+0000 node-1 containerd[700]: level=error msg="BOOM"',
  '2025-11-26T10:00:01+0000 node-1 containerd[700]: first',
  '$ dmesg -r',
  '<3>[    2.500000] Out of memory: Killed process 123 (app)',
  '<6>[    3.000000] eth0: link up',
  '',
].join('\n');

const ALL: ViewQuery = { sources: [], severities: [], search: '' };

async function twoSources() {
  const wb = new Workbench();
  const a = await wb.addSource(input('a.json', A));
  const b = await wb.addSource(input('b.txt', B, 7));
  return { wb, a, b };
}

function messages(wb: Workbench, q: ViewQuery): string[] {
  const v = wb.view(q);
  return wb.rows(v.viewId, 0, v.total).map((r) => `${r.sourceId}:${r.message}`);
}

describe('Workbench.addSource', () => {
  it('summarises each source', async () => {
    const { a, b } = await twoSources();
    expect(a).toMatchObject({
      sourceId: 'a.json',
      name: 'a.json',
      kind: 'file',
      encoding: 'utf-8',
      events: 2,
      lines: 2,
    });
    expect(a.contentHash).toMatch(/^[0-9a-f]{16,}$/);
    expect(b.lines).toBe(7);
    expect(b.events).toBe(5);
    expect(b.skippedCount).toBe(2);
    expect(b.unparsedCount).toBe(0);
    expect(b.segments.map((s) => [s.format, s.lineStart, s.lineEnd, s.command])).toEqual([
      ['journalctl-short-iso', 2, 4, 'journalctl -o short-iso'],
      ['dmesg-level', 6, 7, 'dmesg -r'],
    ]);
    for (const s of b.segments) expect(s.candidates[0]?.format).toBe(s.format);
    expect(b.parseMillis).toBeGreaterThanOrEqual(0);
    expect(b.warnings).toEqual([]);
  });

  it('reports progress up to the last byte', async () => {
    const wb = new Workbench({ progressMillis: 0 });
    const text = B.repeat(2000);
    const seen: number[] = [];
    let last = { bytesRead: 0, totalBytes: 0, lines: 0, events: 0 };
    await wb.addSource(input('p.txt', text, 1000), (p) => {
      seen.push(p.bytesRead);
      last = p;
    });
    expect(seen.length).toBeGreaterThan(5);
    expect([...seen].sort((x, y) => x - y)).toEqual(seen);
    expect(last).toEqual({ bytesRead: text.length, totalBytes: text.length, lines: 14000, events: 10000 });
  });

  it('refuses a binary file and keeps nothing', async () => {
    const wb = new Workbench();
    const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]);
    await expect(wb.addSource(input('kubelet', elf))).rejects.toThrow(/binary file \(ELF/);
    expect(wb.listSources()).toEqual([]);
  });

  it('cancels mid-way: rejects with InputError("Cancelled") and keeps nothing', async () => {
    const wb = new Workbench({ progressMillis: 0 });
    const text = B.repeat(5000);
    const ctl = new AbortController();
    let reports = 0;
    const err = await wb
      .addSource(
        input('big.txt', text, 4096),
        () => {
          if (++reports === 3) ctl.abort();
        },
        ctl.signal,
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe('Cancelled');
    expect(reports).toBe(3);
    expect(wb.listSources()).toEqual([]);
    expect(wb.view(ALL).total).toBe(0);
    // Nothing half-parsed was cached: the same content parses in full afterwards.
    const s = await wb.addSource(input('big.txt', text));
    expect(s.sourceId).toBe('big.txt');
    expect(s.events).toBe(25000);
  });

  it('parses the same content once, whatever its encoding', async () => {
    const wb = new Workbench();
    const first = await wb.addSource(input('b.txt', B));
    expect(wb.parseRuns).toBe(1);
    const again = await wb.addSource(input('b.txt', B, 3));
    const bom = await wb.addSource(input('b.txt', new Uint8Array([0xef, 0xbb, 0xbf, ...bytesOf(B)])));
    // gzip: another size, so parsed while read, then found in the cache by its hash.
    const gz = await wb.addSource(input('b.txt', await gzip(bytesOf(B.replace(/\n/g, '\r\n')))));
    expect(gz.encoding).toBe('utf-8 + gzip');
    expect(gz.contentHash).toBe(first.contentHash);
    expect(wb.parseRuns).toBe(1);
    expect(again.sourceId).toBe('b.txt (2)');
    expect(bom.sourceId).toBe('b.txt (3)');
    expect(bom.encoding).toBe('utf-8 (BOM)');
    expect(new Set([first.contentHash, again.contentHash, bom.contentHash]).size).toBe(1);
    expect(again.events).toBe(first.events);
    // Each copy has its own event ids.
    const v = wb.view(ALL);
    const ids = wb.rows(v.viewId, 0, v.total).map((r) => r.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(wb.detail('b.txt (2):3').event.id).toBe('b.txt (2):3');
    // Other content, or another clock, is parsed.
    await wb.addSource(input('b.txt', `${B}extra line\n`));
    await wb.addSource({ ...input('b.txt', B), clock: { year: 2024, utcOffsetMinutes: 60 } });
    expect(wb.parseRuns).toBe(3);
  });
});

describe('Workbench.view', () => {
  it('merges sources in time order, untimed rows after, by source then line', async () => {
    const { wb } = await twoSources();
    const v = wb.view(ALL);
    expect(v).toMatchObject({ timed: 5, untimed: 2, total: 7, first: T0, last: T0 + 3_000_000 });
    expect(messages(wb, ALL)).toEqual([
      'a.json:ok', // T0, first source wins the tie
      'b.txt:same second as ok', // T0
      'b.txt:first', // T0+1s
      'a.json:error pulling image', // T0+2.5s
      'b.txt:level=error msg="BOOM"', // T0+3s
      'b.txt:Out of memory: Killed process 123 (app)', // untimed, line 6
      'b.txt:eth0: link up', // untimed, line 7
    ]);
  });

  it('filters by source', async () => {
    const { wb } = await twoSources();
    expect(messages(wb, { ...ALL, sources: ['a.json'] })).toEqual([
      'a.json:ok',
      'a.json:error pulling image',
    ]);
    expect(wb.view({ ...ALL, sources: ['nope'] }).total).toBe(0);
  });

  it('filters by severity; no severity counts as info', async () => {
    const { wb } = await twoSources();
    expect(messages(wb, { ...ALL, severities: ['err'] })).toEqual([
      'a.json:error pulling image',
      'b.txt:Out of memory: Killed process 123 (app)',
    ]);
    expect(messages(wb, { ...ALL, severities: ['info'] })).toEqual([
      'a.json:ok',
      'b.txt:same second as ok',
      'b.txt:first',
      'b.txt:level=error msg="BOOM"',
      'b.txt:eth0: link up',
    ]);
    expect(wb.view({ ...ALL, severities: ['debug'] }).total).toBe(0);
  });

  it('searches the raw lines, case-insensitively', async () => {
    const { wb } = await twoSources();
    expect(messages(wb, { ...ALL, search: 'boom' })).toEqual(['b.txt:level=error msg="BOOM"']);
    // The raw JSON, not only the message, is searched.
    expect(messages(wb, { ...ALL, search: '"priority":"3"' })).toEqual(['a.json:error pulling image']);
    // A prompt line matches no event.
    expect(wb.view({ ...ALL, search: 'dmesg -r' }).total).toBe(0);
    expect(messages(wb, { sources: ['b.txt'], severities: ['info'], search: 'LINK' })).toEqual([
      'b.txt:eth0: link up',
    ]);
    // The needle is a literal, not a pattern.
    expect(messages(wb, { ...ALL, search: 'containerd[700]: FIRST' })).toEqual(['b.txt:first']);
    expect(wb.view({ ...ALL, search: '.*' }).total).toBe(0);
  });

  it('finds every match across raw blocks', async () => {
    const wb = new Workbench();
    const lines = Array.from(
      { length: 5000 },
      (_, i) =>
        `${new Date(T0 / 1000 + i * 1000).toISOString().slice(0, 19)}+0000 node-1 app[1]: n=${i}${i % 97 === 0 ? ' NEEDLE' : ''}`,
    );
    await wb.addSource(input('many.txt', `${lines.join('\n')}\n`));
    const v = wb.view({ ...ALL, search: 'needle' });
    const got = wb.rows(v.viewId, 0, v.total).map((r) => r.line);
    expect(got).toEqual(lines.map((_, i) => i + 1).filter((l) => (l - 1) % 97 === 0));
  });

  it('gives the same view id for the same query until the sources change', async () => {
    const { wb } = await twoSources();
    const v1 = wb.view(ALL);
    expect(wb.view({ sources: [], severities: [], search: '' }).viewId).toBe(v1.viewId);
    await wb.removeSource('a.json');
    const v2 = wb.view(ALL);
    expect(v2.viewId).not.toBe(v1.viewId);
    expect(v2.total).toBe(5);
    expect(() => wb.rows(v1.viewId, 0, 1)).toThrow(/query the view again/);
  });
});

describe('Workbench.rows and detail', () => {
  it('builds rows for the asked window only', async () => {
    const { wb } = await twoSources();
    const v = wb.view(ALL);
    const rows = wb.rows(v.viewId, 3, 2);
    expect(rows).toEqual([
      {
        index: 3,
        eventId: 'a.json:1',
        sourceId: 'a.json',
        sourceName: 'a.json',
        format: 'journalctl-json',
        line: 1,
        lineEnd: 1,
        time: T0 + 2_500_000,
        timeQuality: 'exact',
        severity: 'err',
        ident: 'kubelet',
        pid: 812,
        host: 'node-1',
        message: 'error pulling image',
      },
      expect.objectContaining({ index: 4, eventId: 'b.txt:3', time: T0 + 3_000_000, ident: 'containerd' }),
    ]);
    expect(wb.rows(v.viewId, 6, 100).map((r) => r.index)).toEqual([6]);
    expect(wb.rows(v.viewId, 6, 100)[0]).toMatchObject({ time: null, monotonic: 3, severity: 'info' });
  });

  it('shows the first line of a message, cut at 2,000 characters', async () => {
    const wb = new Workbench();
    const long = 'x'.repeat(5000);
    const json = `{"__REALTIME_TIMESTAMP":"1764151200000000","MESSAGE":"two\\nlines"}\n{"__REALTIME_TIMESTAMP":"1764151201000000","MESSAGE":"${long}"}\n`;
    await wb.addSource(input('m.json', json));
    const v = wb.view(ALL);
    const [a, b] = wb.rows(v.viewId, 0, 2);
    expect(a.message).toBe('two');
    expect(b.message).toBe('x'.repeat(2000));
    expect(wb.detail(b.eventId).event.message).toBe(long);
  });

  it('gives the full event and its raw lines', async () => {
    const { wb } = await twoSources();
    const d = wb.detail('b.txt:3');
    const streamed = parseText(B, { sourceId: 'b.txt', fileName: 'b.txt', ...CLOCK }).events.find(
      (e) => e.line === 3,
    );
    expect(d.event).toStrictEqual(streamed);
    expect(d.sourceName).toBe('b.txt');
    expect(d.raw).toEqual([
      { line: 3, text: '2025-11-26T10:00:03+0000 node-1 containerd[700]: level=error msg="BOOM"' },
    ]);
    expect(() => wb.detail('b.txt:1')).toThrow(/No event b.txt:1/);
    expect(() => wb.detail('nope:3')).toThrow(/No event/);
  });
});

describe('Workbench.setFormat', () => {
  it("re-parses with the segment's format overridden, and back", async () => {
    const { wb } = await twoSources();
    const runs = wb.parseRuns;
    const over = await wb.setFormat('b.txt', 2, 'text');
    expect(over.segments[0]).toMatchObject({ format: 'text', lineStart: 2, overridden: true, confidence: 1 });
    expect(over.segments[0].candidates[0]?.format).toBe('journalctl-short-iso');
    expect(over.segments[1].format).toBe('dmesg-level');
    expect(wb.parseRuns).toBe(runs + 1);
    // The overridden lines are now untimed text events.
    const v = wb.view({ ...ALL, sources: ['b.txt'] });
    expect(v).toMatchObject({ timed: 0, untimed: 5 });
    expect(wb.rows(v.viewId, 0, 1)[0]).toMatchObject({
      format: 'text',
      message: expect.stringContaining('same second as ok'),
    });
    expect(wb.detail('b.txt:2').event.format).toBe('text');

    const back = await wb.setFormat('b.txt', 2, null);
    expect(back.segments[0]).toMatchObject({ format: 'journalctl-short-iso' });
    expect(back.segments[0].overridden).toBeUndefined();
    expect(wb.parseRuns).toBe(runs + 1); // the first parse was still cached
    expect(wb.view({ ...ALL, sources: ['b.txt'] }).timed).toBe(3);
  });

  it('keeps a view computed before the override readable', async () => {
    const { wb } = await twoSources();
    const before = wb.view(ALL);
    await wb.setFormat('b.txt', 2, 'text');
    expect(wb.rows(before.viewId, 1, 1)[0]).toMatchObject({
      format: 'journalctl-short-iso',
      eventId: 'b.txt:2',
    });
  });

  it('refuses an unknown source', async () => {
    const wb = new Workbench();
    await expect(wb.setFormat('nope', 1, 'text')).rejects.toThrow(/No source nope/);
  });
});

describe('Workbench clocks', () => {
  // The node's clock: UTC+02:00. The generator's boot (seed 7) and its shim OOM kill.
  const BOOT = 1_763_964_351_952_087;
  const KILL_MONO = 7434.669643;
  const NODE_ZONE = 120;
  /** `Nov 24 10:09:46` for epoch µs `us` read on a clock `zone` minutes east of UTC. */
  const shortStamp = (us: number, zone = NODE_ZONE): string => {
    const d = new Date(Math.floor(us / 1000) + zone * 60_000);
    const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][
      d.getUTCMonth()
    ];
    const p = (n: number) => String(n).padStart(2, '0');
    return `${mon} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
  };
  const monoStamp = (s: number): string => `[${s.toFixed(6).padStart(12)}]`;
  // Kernel records (seconds since boot) as dmesg prints them and as `journalctl -k` does.
  const KERNEL: [number, string][] = [
    [412.118734, 'IPv6: ADDRCONF(NETDEV_CHANGE): veth1a2b3c4d: link becomes ready'],
    [1012.590211, 'cni0: port 3(veth1a2b3c4d) entered forwarding state'],
    [3555.004512, 'eth0: Link is Up - 10Gbps/Full - flow control off'],
    [
      KILL_MONO,
      'Memory cgroup out of memory: Killed process 2147 (containerd-shim) total-vm:891460kB, anon-rss:812911kB',
    ],
    [9001.730001, 'cni0: port 3(veth1a2b3c4d) entered disabled state'],
  ];
  const DMESG = `${KERNEL.map(([m, t]) => `${monoStamp(m)} ${t}`).join('\n')}\n`;
  const wallOf = (mono: number) => BOOT + Math.round(mono * 1e6) + 41;
  // `journalctl -b` short: kernel lines and containerd's (which carries its own UTC stamp).
  const SHIM_AT = wallOf(KILL_MONO) + 80_000;
  const JOURNAL = [
    ...KERNEL.map(([m, t]) => `${shortStamp(wallOf(m))} k8s-worker-20 kernel: ${t}`),
    `${shortStamp(SHIM_AT)} k8s-worker-20 containerd[712]: time="${new Date(SHIM_AT / 1000).toISOString().slice(0, 23)}412Z" level=info msg="shim disconnected" id=7fc23ca64dfcf631a67171832113262567792dab9b42c2af03b740659ea21e27 namespace=k8s.io`,
    '',
  ].join('\n');

  /** A source added like a dropped file: no clock with it. */
  function dropped(name: string, text: string): WorkbenchSourceInput {
    const bytes = bytesOf(text);
    return { name, kind: 'file', stream: new Blob([bytes]).stream(), totalBytes: bytes.length };
  }
  // The browser's clock: another year, another zone.
  const browser = () => new Workbench({ defaultClock: () => ({ year: 2026, utcOffsetMinutes: 60 }) });

  async function dmesgAndJournal() {
    const wb = browser();
    await wb.addSource(dropped('dmesg.txt', DMESG));
    await wb.addSource(dropped('journal.txt', JOURNAL));
    return wb;
  }

  function rowsOf(wb: Workbench, source: string) {
    const v = wb.view({ ...ALL, sources: [source] });
    return wb.rows(v.viewId, 0, v.total);
  }

  it('learns the journal year and zone, aligns dmesg to it, and shows the times everywhere', async () => {
    const wb = await dmesgAndJournal();
    const report = wb.clocks();
    expect(report.defaultUtcOffsetMinutes).toBe(60);
    const [d, j] = report.sources;
    expect(j).toMatchObject({
      sourceId: 'journal.txt',
      year: { value: 2025, how: 'other-sources' },
      zone: { utcOffsetMinutes: NODE_ZONE, how: 'learned' },
      boots: [],
      shiftUs: 0,
      accepted: false,
      qualities: { inferred: 6 },
    });
    expect(j.zone?.reason).toMatch(/UTC\+02:00/);
    expect(d).toMatchObject({ sourceId: 'dmesg.txt', year: null, zone: null, qualities: { aligned: 5 } });
    const boot = d.boots[0];
    expect(boot).toMatchObject({
      boot: '#1',
      events: 5,
      evidence: 'matched-text',
      decidedBy: 'evidence',
      anchors: 5,
    });
    expect(boot.anchorSources).toEqual(['journal.txt']);
    if (boot.bootTimeUs === null || boot.uncertaintyUs === null) throw new Error('not aligned');
    expect(Math.abs(boot.bootTimeUs - BOOT)).toBeLessThanOrEqual(boot.uncertaintyUs + 1000);
    // Rows, details and views read the aligned times.
    const kill = rowsOf(wb, 'dmesg.txt').find((r) => r.message.includes('Killed process 2147'));
    expect(kill).toMatchObject({ timeQuality: 'aligned', monotonic: KILL_MONO });
    expect(Math.abs((kill?.time ?? 0) - (wallOf(KILL_MONO) - 41))).toBeLessThanOrEqual(
      boot.uncertaintyUs + 1000,
    );
    const detail = wb.detail('dmesg.txt:4').event;
    expect(detail.timeQuality).toBe('aligned');
    expect(detail.timeRange?.[1]).toBe((detail.time ?? 0) + boot.uncertaintyUs);
    expect(wb.view(ALL)).toMatchObject({ timed: 11, untimed: 0 });
    // The OOM kill and containerd's shim disconnected land in the same second.
    const shim = rowsOf(wb, 'journal.txt').find((r) => r.message.includes('shim disconnected'));
    expect(Math.floor((shim?.time ?? 0) / 1e6)).toBe(Math.floor((kill?.time ?? 0) / 1e6));
  });

  it('costs nothing when nothing changed', async () => {
    const wb = await dmesgAndJournal();
    const runs = wb.parseRuns;
    const report = wb.clocks();
    const view = wb.view(ALL);
    await wb.setClock('dmesg.txt', null);
    expect(wb.clocks()).toBe(report);
    expect(wb.parseRuns).toBe(runs);
    expect(wb.view(ALL).viewId).toBe(view.viewId);
  });

  it("takes the user's year and zone (re-parsing), and goes back to inference", async () => {
    const wb = await dmesgAndJournal();
    const first = rowsOf(wb, 'journal.txt')[0].time ?? 0;
    const runs = wb.parseRuns;
    const r = await wb.setClock('journal.txt', { year: 2024, utcOffsetMinutes: 0 });
    expect(r.sources[1]).toMatchObject({
      year: { value: 2024, how: 'user', reason: 'Set by you.' },
      zone: { utcOffsetMinutes: 0, how: 'user' },
    });
    expect(wb.parseRuns).toBe(runs + 1);
    const moved = rowsOf(wb, 'journal.txt')[0].time ?? 0;
    // A year back (Nov 2024 -> Nov 2025 is 365 days), two hours the other way.
    expect(first - moved).toBe(365 * 86_400_000_000 - 2 * 3_600_000_000);
    // dmesg follows the journal it is aligned to.
    expect(wb.clocks().sources[0].boots[0].bootTimeUs).toBeLessThan(BOOT - 300 * 86_400_000_000);
    const back = await wb.setClock('journal.txt', null);
    expect(back.sources[1].zone).toMatchObject({ utcOffsetMinutes: NODE_ZONE, how: 'learned' });
    expect(rowsOf(wb, 'journal.txt')[0].time).toBe(first);
    expect(wb.parseRuns).toBe(runs + 1); // the inferred parse was still cached
  });

  it('pins a dmesg line to a wall time, types a boot time, shifts a source', async () => {
    const wb = await dmesgAndJournal();
    const at = Date.UTC(2025, 10, 24, 8, 9, 46, 500) * 1000;
    const pinned = await wb.setClock('dmesg.txt', { pin: { eventId: 'dmesg.txt:4', wallUs: at } });
    expect(pinned.sources[0].pinned).toEqual({ eventId: 'dmesg.txt:4', wallUs: at });
    expect(pinned.sources[0].boots[0]).toMatchObject({ evidence: 'pinned-line', decidedBy: 'user' });
    expect(wb.detail('dmesg.txt:4').event.time).toBe(at);
    const typed = await wb.setClock('dmesg.txt', { bootTimes: { '#1': BOOT } });
    expect(typed.sources[0].boots[0]).toMatchObject({ bootTimeUs: BOOT, evidence: 'user-boot-time' });
    // Accepting a typed boot time keeps it typed.
    const kept = await wb.setClock('dmesg.txt', { accepted: true });
    expect(kept.sources[0].boots[0]).toMatchObject({
      bootTimeUs: BOOT,
      evidence: 'user-boot-time',
      decidedBy: 'user',
    });
    expect(wb.detail('dmesg.txt:4').event.time).toBe(BOOT + Math.round(KILL_MONO * 1e6));
    const before = wb.detail('journal.txt:1').event.time ?? 0;
    const shifted = await wb.setClock('journal.txt', { shiftUs: -2_000_000 });
    expect(shifted.sources[1].shiftUs).toBe(-2_000_000);
    expect(wb.detail('journal.txt:1').event).toMatchObject({
      time: before - 2_000_000,
      timeQuality: 'aligned',
    });
  });

  it('refuses a bad decision with a clear message', async () => {
    const wb = await dmesgAndJournal();
    await expect(wb.setClock('nope', null)).rejects.toThrow(/No source nope/);
    await expect(wb.setClock('dmesg.txt', { year: 99 })).rejects.toThrow(/not a year/);
    await expect(wb.setClock('dmesg.txt', { utcOffsetMinutes: 15 * 60 })).rejects.toThrow(
      /-14:00 and \+14:00/,
    );
    await expect(wb.setClock('dmesg.txt', { pin: { eventId: 'journal.txt:1', wallUs: 0 } })).rejects.toThrow(
      /not a line of dmesg.txt/,
    );
    await expect(wb.setClock('dmesg.txt', { pin: { eventId: 'dmesg.txt:99', wallUs: 0 } })).rejects.toThrow(
      /No event dmesg.txt:99/,
    );
    expect(wb.clocks().sources[0].boots[0].decidedBy).toBe('evidence');
  });

  it('keeps an accepted alignment when its evidence goes, and forgets a removed source', async () => {
    const wb = await dmesgAndJournal();
    const fitted = wb.clocks().sources[0].boots[0];
    const acc = await wb.setClock('dmesg.txt', { accepted: true });
    expect(acc.sources[0]).toMatchObject({ accepted: true });
    // Accepted, not typed: the evidence, anchors, residual and uncertainty stay as they were shown.
    const same = {
      bootTimeUs: fitted.bootTimeUs,
      evidence: 'matched-text',
      decidedBy: 'evidence',
      anchors: fitted.anchors,
      residualUs: fitted.residualUs,
      uncertaintyUs: fitted.uncertaintyUs,
      anchorSources: ['journal.txt'],
    };
    expect(acc.sources[0].boots[0]).toMatchObject(same);
    expect(acc.sources[0].boots[0].reason).toBe(`Accepted by you as shown. ${fitted.reason}`);
    // Another edit sent with the acceptance (what the panel does) does not stack the words.
    const again = await wb.setClock('dmesg.txt', { accepted: true, shiftUs: 0 });
    expect(again.sources[0].boots[0].reason).toBe(`Accepted by you as shown. ${fitted.reason}`);
    await wb.removeSource('journal.txt');
    const r = wb.clocks();
    expect(r.sources).toHaveLength(1);
    expect(r.sources[0].boots[0]).toMatchObject(same);
    expect(r.sources[0].boots[0].reason).toMatch(
      /journal\.txt has been removed since; the accepted boot time stays/,
    );
    // Its anchor pairs named lines of the removed source: none is left to jump to.
    expect(r.sources[0].boots[0].examples).toEqual([]);
    expect(wb.view(ALL)).toMatchObject({ timed: 5, untimed: 0 });
    // Without the decision, dmesg has no evidence left.
    await wb.setClock('dmesg.txt', null);
    expect(wb.clocks().sources[0].boots[0]).toMatchObject({ bootTimeUs: null, evidence: 'none' });
    expect(wb.view(ALL)).toMatchObject({ timed: 0, untimed: 5 });
  });

  it('gives a year-less source the year of dated events, across New Year and in -r order', async () => {
    // A dated source of the same node: a journal entry of 2026-01-01T00:00:05Z.
    const json = '{"__REALTIME_TIMESTAMP":"1767225605000000","SYSLOG_IDENTIFIER":"kubelet","MESSAGE":"ok"}\n';
    const lines = [
      'Dec 31 23:59:58 node-1 kubelet[812]: one',
      'Dec 31 23:59:59 node-1 kubelet[812]: two',
      'Jan 01 00:00:01 node-1 kubelet[812]: three',
    ];
    for (const order of ['forward', 'reverse'] as const) {
      const wb = new Workbench({ defaultClock: () => ({ year: 2023, utcOffsetMinutes: 0 }) });
      await wb.addSource(dropped('dated.json', json));
      const text = `${(order === 'forward' ? lines : [...lines].reverse()).join('\n')}\n`;
      await wb.addSource(dropped('journal.txt', text));
      const c = wb.clocks().sources[1];
      // The base year is the year of the first entry: 2025 in time order, 2026 newest first.
      expect(c.year).toMatchObject({ value: order === 'forward' ? 2025 : 2026, how: 'other-sources' });
      const times = Object.fromEntries(
        rowsOf(wb, 'journal.txt').map((r) => [r.message, new Date((r.time ?? 0) / 1000).toISOString()]),
      );
      expect(times).toEqual({
        one: '2025-12-31T23:59:58.000Z',
        two: '2025-12-31T23:59:59.000Z',
        three: '2026-01-01T00:00:01.000Z',
      });
    }
  });

  it('counts a clock given with the source as the user’s, and falls back to the default otherwise', async () => {
    const wb = browser();
    await wb.addSource({
      ...dropped('given.txt', 'Nov 24 10:09:46 node-1 kubelet[812]: ok\n'),
      clock: CLOCK,
    });
    await wb.addSource(dropped('plain.txt', 'Nov 24 10:09:46 node-1 kubelet[812]: ok\n'));
    const [given, plain] = wb.clocks().sources;
    expect(given.year).toMatchObject({ value: 2025, how: 'user' });
    expect(given.zone).toMatchObject({ utcOffsetMinutes: 0, how: 'user', reason: 'Given with the source.' });
    expect(plain.year).toMatchObject({ value: 2026, how: 'default' });
    expect(plain.zone).toMatchObject({ utcOffsetMinutes: 60, how: 'default' });
    expect(plain.zone?.reason).toMatch(/browser's zone, UTC\+01:00/);
  });
});
