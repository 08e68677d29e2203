import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { SourceClock } from '../core/engine/engine-api.ts';
import { createDataset } from '../core/generate/dataset.ts';
import type { Truth } from '../core/generate/truth.ts';
import { checkCoverage } from '../core/ingest/coverage.ts';
import { FORMAT_IDS, type LogEvent, type SkippedLine, type UnparsedLine } from '../core/model/event.ts';
import { ROOT, rca, SAMPLE, scratchDir } from './test-io.ts';

const tmp = scratchDir('rca-cli-');

interface ParseJson {
  sources: {
    file: string;
    segments: { format: string; confidence: number; lineStart: number; lineEnd: number }[];
    lines: number;
    events: number;
    unparsed: UnparsedLine[];
    skipped: SkippedLine[];
  }[];
  events: (Omit<LogEvent, 'time'> & { time: string | null })[];
}

const sampleFiles = [
  'crictl-ps-a.txt',
  'crictl-inspect.json',
  'journalctl-containerd-kubelet.txt',
  'journalctl-k.txt',
  'dmesg.txt',
];

describe('rca parse', () => {
  it('--json prints the contract shape and covers every line once', async () => {
    const files = sampleFiles.map((f) => join(SAMPLE, f));
    const r = await rca('parse', '--json', '--year', '2025', ...files);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const doc = JSON.parse(r.out) as ParseJson;
    expect(Object.keys(doc)).toEqual(['sources', 'events']);
    expect(doc.sources.map((s) => s.file)).toEqual(files);
    let total = 0;
    for (const s of doc.sources) {
      expect(Object.keys(s)).toEqual(['file', 'segments', 'lines', 'events', 'unparsed', 'skipped']);
      for (const seg of s.segments)
        expect(Object.keys(seg)).toEqual(['format', 'confidence', 'lineStart', 'lineEnd']);
      const events = doc.events.filter((e) => e.source === s.file);
      expect(events.length).toBe(s.events);
      total += s.events;
      const problems = checkCoverage({
        lines: s.lines,
        events: events.map((e) => ({ ...e, time: null })),
        unparsed: s.unparsed,
        skipped: s.skipped,
      });
      expect(problems, s.file).toEqual([]);
    }
    expect(doc.events.length).toBe(total);
    for (const e of doc.events) {
      expect(e.time === null || /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(e.time)).toBe(true);
      expect(e.id).toBe(`${e.source}:${e.line}`);
    }
    // The year flag reaches the year-less journal lines.
    const journal = doc.events.find(
      (e) => e.source.endsWith('journalctl-containerd-kubelet.txt') && e.time !== null,
    );
    expect(journal?.time?.startsWith('2025-')).toBe(true);
  });

  it('reads gzip like plain text', async () => {
    const plain = join(SAMPLE, 'dmesg.txt');
    const gz = join(tmp(), 'dmesg.txt.gz');
    writeFileSync(gz, gzipSync(readFileSync(plain)));
    const a = JSON.parse((await rca('parse', '--json', plain)).out) as ParseJson;
    const b = JSON.parse((await rca('parse', '--json', gz)).out) as ParseJson;
    expect(b.sources[0].lines).toBe(a.sources[0].lines);
    expect(b.events.map((e) => e.message)).toEqual(a.events.map((e) => e.message));
  });

  it('--stats prints counts and speed per file', async () => {
    const f = join(SAMPLE, 'dmesg.txt');
    const r = await rca('parse', '--stats', f);
    expect(r.code).toBe(0);
    const [head, row, ...rest] = r.out.trimEnd().split('\n');
    expect(head).toBe('file\tbytes\tlines\tevents\tunparsed\tskipped\tms\tMB/s');
    expect(rest).toEqual([]);
    const cells = row.split('\t');
    expect(cells[0]).toBe(f);
    expect(Number(cells[1])).toBe(readFileSync(f).length);
    expect(Number(cells[2])).toBe(readFileSync(f, 'utf8').split('\n').length - 1);
    for (const c of cells.slice(1)) expect(Number.isFinite(Number(c))).toBe(true);
    const j = JSON.parse((await rca('parse', '--stats', '--json', f)).out) as {
      sources: { events: number; lines: number }[];
    };
    expect(j.sources[0].events).toBe(Number(cells[3]));
  });

  it('prints a human summary by default', async () => {
    const r = await rca('parse', '--limit', '3', join(SAMPLE, 'dmesg.txt'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/dmesg\.txt: \d+ lines, \d+ events, \d+ unparsed, \d+ skipped/);
    expect(r.out).toContain('more events (--limit 0 lists all)');
  });
});

describe('exit codes', () => {
  const oneLine = (s: string) => {
    expect(s.endsWith('\n')).toBe(true);
    expect(s.trimEnd().includes('\n')).toBe(false);
    expect(s.startsWith('rca: ')).toBe(true);
  };

  it.each([
    [[]],
    [['frobnicate']],
    [['parse']],
    [['parse', '--bogus', 'x.log']],
    [['parse', '--year', 'soon', 'x.log']],
    [['parse', '--year']],
    [['generate']],
    [['generate', '--out', 'x', '--mb', 'lots']],
    [['generate', '--sample', 'x', '--seed', '3']],
  ])('usage error %j exits 2 with one line', async (argv) => {
    const r = await rca(...argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    oneLine(r.err);
  });

  it('a missing file exits 1 with one line and no output', async () => {
    const r = await rca('parse', '--json', join(SAMPLE, 'dmesg.txt'), join(tmp(), 'nope.log'));
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    oneLine(r.err);
    expect(r.err).toContain('no such file');
  });

  it('a binary file and a directory exit 1', async () => {
    const png = join(tmp(), 'shot.png');
    writeFileSync(
      png,
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
    );
    const r = await rca('parse', png);
    expect(r.code).toBe(1);
    oneLine(r.err);
    expect(r.err).toContain('PNG');
    const d = await rca('parse', tmp());
    expect(d.code).toBe(1);
    oneLine(d.err);
  });

  it('--help exits 0', async () => {
    const r = await rca('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('usage:');
  });

  it('the real process maps errors to exit codes', async () => {
    const exec = promisify(execFile);
    const main = join(ROOT, 'src', 'cli', 'main.ts');
    const ok = await exec(process.execPath, ['--import', 'tsx', main, '--help'], { cwd: ROOT });
    expect(ok.stdout).toContain('usage:');
    const fail = await exec(
      process.execPath,
      ['--import', 'tsx', main, 'parse', join(tmp(), 'missing.log')],
      {
        cwd: ROOT,
      },
    ).catch((e: { code: number; stderr: string }) => e);
    expect('code' in fail && fail.code).toBe(1);
    expect('stderr' in fail && fail.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('rca generate', () => {
  const gen = async (dir: string, seed: string) => {
    const r = await rca('generate', '--out', dir, '--mb', '0.2', '--hours', '1', '--seed', seed);
    expect(r.code, r.err).toBe(0);
    return dir;
  };

  it('is byte-identical for the same seed', async () => {
    const a = await gen(join(tmp(), 'a'), '5');
    const b = await gen(join(tmp(), 'b'), '5');
    const c = await gen(join(tmp(), 'c'), '6');
    const names = readdirSync(a).sort();
    expect(names).toEqual(readdirSync(b).sort());
    expect(names).toContain('truth.json');
    for (const n of names) expect(readFileSync(join(b, n)).equals(readFileSync(join(a, n))), n).toBe(true);
    expect(readFileSync(join(c, 'dmesg-raw.log')).equals(readFileSync(join(a, 'dmesg-raw.log')))).toBe(false);
  });

  it('writes a truth.json whose line references hold the key text', async () => {
    const dir = join(tmp(), 'a');
    const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth;
    expect(truth.incidents.length).toBe(3);
    const cache = new Map<string, string[]>();
    const lines = (f: string) => {
      let l = cache.get(f);
      if (!l) {
        l = readFileSync(join(dir, f), 'utf8').split('\n');
        cache.set(f, l);
      }
      return l;
    };
    for (const f of truth.files) {
      expect(readFileSync(join(dir, f.name)).length, f.name).toBe(f.bytes);
      expect(lines(f.name).length - 1, f.name).toBe(f.lines);
    }
    let checked = 0;
    for (const inc of truth.incidents) {
      for (const k of inc.keyLines) {
        for (const c of k.contains)
          expect(lines(k.file)[k.line - 1], `${inc.id} ${k.id} ${k.file}:${k.line}`).toContain(c);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('keeps public/sample in sync with the generator (npm run sample)', async () => {
    const dir = join(tmp(), 'sample');
    const r = await rca('generate', '--sample', dir);
    expect(r.code).toBe(0);
    const names = readdirSync(dir).sort();
    expect(names).toEqual([...sampleFiles, 'manifest.json'].sort());
    for (const n of names) {
      expect(readFileSync(join(dir, n), 'utf8'), `public/sample/${n} is stale: run npm run sample`).toBe(
        readFileSync(join(SAMPLE, n), 'utf8'),
      );
    }
    const manifest = JSON.parse(readFileSync(join(SAMPLE, 'manifest.json'), 'utf8')) as {
      title: string;
      description: string;
      files: { name: string; format: string }[];
    };
    expect(manifest.title.length).toBeGreaterThan(0);
    expect(manifest.files.map((f) => f.name)).toEqual(sampleFiles);
  });
});

// `rca formats` and `rca parse --json` over the issue 3 formats.
describe('rca formats', () => {
  it('lists every format id with its title and a sample line', async () => {
    const r = await rca('formats', '--json');
    expect(r.code).toBe(0);
    const { formats } = JSON.parse(r.out) as { formats: { id: string; title: string; sample: string }[] };
    expect(formats.map((f) => f.id).sort()).toEqual([...FORMAT_IDS].sort());
    for (const f of formats) {
      expect(f.title.length, f.id).toBeGreaterThan(2);
      expect(f.sample.trim().length, f.id).toBeGreaterThan(0);
    }
    const syslog = formats.find((f) => f.id === 'syslog-rfc3164');
    expect(syslog?.sample).toMatch(/^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d /);
  });

  it('prints a readable table without --json', async () => {
    const r = await rca('formats');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ctr-tasks +\S/m);
    expect(r.out).toMatch(/^klog +\S/m);
  });
});

describe('rca parse --json on a ticket with several tools', () => {
  it('gives each segment its format and the messages their fields', async () => {
    const file = join(tmp(), 'ticket.txt');
    writeFileSync(
      file,
      [
        '$ sudo ctr -n k8s.io tasks ls',
        'TASK                                                                PID      STATUS',
        'a65fba91b40e4cbd79a3443b5c898a6f93d77a94d01eb052981ce652710c94a9    0        UNKNOWN',
        '$ journalctl -u containerd --no-pager',
        'Aug 05 07:27:14 node-1 containerd[1709]: time="2023-08-05T07:27:14.304609945+02:00" level=info msg="shim disconnected" id=0184e59d441d128ad8421bfe46d4bd8fc8ffc1e8758fa61cd58f6db1f990f4ca',
        '$ crictl ps -a',
        'CONTAINER           IMAGE               CREATED             STATE               NAME                ATTEMPT             POD ID',
        '0184e59d441d1       41d36401aa93e       2 hours ago         Exited              redis               3                   26b4893f2ae75',
        '',
      ].join('\n'),
    );
    const r = await rca('parse', '--json', '--year', '2023', '--captured-at', '2023-08-05T09:30:00Z', file);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as {
      sources: { segments: { format: string }[]; unparsed: unknown[] }[];
      events: {
        format: string;
        time: string | null;
        timeQuality: string;
        timeRange?: number[];
        fields: Record<string, unknown>;
        entities: { kind: string; id: string }[];
      }[];
    };
    expect(out.sources[0].segments.map((s) => s.format)).toEqual([
      'ctr-tasks',
      'journalctl-short',
      'crictl-ps',
    ]);
    expect(out.sources[0].unparsed).toEqual([]);
    const [task, shim, row] = out.events;
    expect(task.fields).toMatchObject({ status: 'UNKNOWN' });
    expect(shim.fields).toMatchObject({ what: 'shim-disconnected', writer: 'containerd' });
    expect(shim.entities).toContainEqual({
      kind: 'container',
      id: '0184e59d441d128ad8421bfe46d4bd8fc8ffc1e8758fa61cd58f6db1f990f4ca',
    });
    // "2 hours ago" before the capture time: a range, not a guess.
    expect(row.timeQuality).toBe('relative');
    expect(row.timeRange).toBeDefined();
    expect(row.time?.startsWith('2023-08-05T07:')).toBe(true);
  });

  it('refuses a capture time without a zone', async () => {
    const r = await rca('parse', '--captured-at', '2023-08-05T09:30:00', 'x.txt');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--captured-at');
  });
});

// `rca timeline`: the Workbench's clocks and entities over files.
describe('rca timeline', () => {
  interface TimelineJson {
    sources: {
      file: string;
      id: string;
      segments: { format: string; confidence: number; lineStart: number; lineEnd: number }[];
      lines: number;
      events: number;
      unparsedCount: number;
      skippedCount: number;
      alignment: SourceClock | null;
    }[];
    events: (Omit<LogEvent, 'time' | 'timeRange'> & { time: string | null; timeRange?: [string, string] })[];
    entities: {
      key: string;
      kind: string;
      id: string;
      label: string;
      aliases: string[];
      related: string[];
      eventIds: string[];
    }[];
  }
  const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
  const micros = (iso: string) => Date.parse(iso) * 1000 + Number(iso.slice(23, 26));

  /** Writes some files of the generator's node (the same data as `rca generate`) to `dir`. */
  let gen: { dir: string; truth: Truth } | null = null;
  function generated(names: string[]): { dir: string; truth: Truth } {
    if (!gen) {
      const dir = join(tmp(), 'timeline-gen');
      mkdirSync(dir, { recursive: true });
      const ds = createDataset({ seed: 7, mb: 0.15, hours: 2 });
      for (const f of ds.files) {
        const text = [...f.chunks()].join('');
        if (names.includes(f.name)) writeFileSync(join(dir, f.name), text);
      }
      gen = { dir, truth: ds.truth() };
    }
    return gen;
  }

  it('--json prints sources with their alignment, every event in timeline order, and entities', async () => {
    const files = sampleFiles.map((f) => join(SAMPLE, f));
    const r = await rca('timeline', '--json', ...files);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as TimelineJson;
    expect(Object.keys(doc)).toEqual(['sources', 'events', 'entities']);
    expect(doc.sources.map((s) => s.file)).toEqual(files);
    expect(doc.sources.map((s) => s.id)).toEqual(sampleFiles);
    for (const s of doc.sources) {
      expect(s.alignment?.sourceId).toBe(s.id);
      expect(s.segments.length).toBeGreaterThan(0);
    }
    expect(doc.events.length).toBe(doc.sources.reduce((a, s) => a + s.events, 0));
    // Timed events first, in time order; the untimed after them.
    let last = Number.NEGATIVE_INFINITY;
    let untimed = false;
    for (const e of doc.events) {
      expect(e.id).toBe(`${e.source}:${e.line}`);
      if (e.time === null) {
        untimed = true;
        continue;
      }
      expect(untimed, `${e.id} is timed after an untimed event`).toBe(false);
      expect(e.time).toMatch(ISO);
      expect(micros(e.time)).toBeGreaterThanOrEqual(last);
      last = micros(e.time);
      if (e.timeRange) for (const t of e.timeRange) expect(t).toMatch(ISO);
    }
    // The journal has no year: the year came from the other sources (the sample is of 2025).
    const journal = doc.events.find((e) => e.source === 'journalctl-containerd-kubelet.txt' && e.time);
    expect(journal?.time?.startsWith('2025-')).toBe(true);
    // Every entity's events are events of the timeline; the sample's container is one of them.
    const ids = new Set(doc.events.map((e) => e.id));
    for (const en of doc.entities) {
      expect(en.key).toBe(`${en.kind}:${en.id}`);
      for (const id of en.eventIds) expect(ids.has(id), `${en.key} -> ${id}`).toBe(true);
    }
    const app = doc.entities.find((en) => en.kind === 'container' && en.id.startsWith('7fc23ca64dfc'));
    expect(app?.eventIds.some((id) => id.startsWith('dmesg.txt:'))).toBe(true);
    expect(app?.eventIds.some((id) => id.startsWith('journalctl-containerd-kubelet.txt:'))).toBe(true);
  });

  it('aligns raw dmesg to the journal and links every OOM kill to its container (generated node)', async () => {
    const { dir, truth } = generated(['dmesg-raw.log', 'journalctl-json.log', 'crictl-ps.txt']);
    const r = await rca('timeline', '--json', join(dir, 'dmesg-raw.log'), join(dir, 'journalctl-json.log'));
    expect(r.err).toBe('');
    const doc = JSON.parse(r.out) as TimelineJson;
    const dmesg = doc.sources.find((s) => s.id === 'dmesg-raw.log');
    expect(dmesg?.alignment?.boots.length).toBeGreaterThan(0);
    for (const b of dmesg?.alignment?.boots ?? []) {
      expect(b.bootTimeUs).not.toBeNull();
      expect(b.anchors).toBeGreaterThan(0);
    }
    const byId = new Map(doc.events.map((e) => [e.id, e]));
    for (const inc of truth.incidents) {
      const killed = inc.keyLines.find((k) => k.file === 'dmesg-raw.log' && k.id === 'kernel.killed');
      const ev = killed && byId.get(`dmesg-raw.log:${killed.line}`);
      expect(ev?.timeQuality, inc.id).toBe('aligned');
      expect(Math.abs(micros(ev?.time ?? '') - inc.killedAtUs), inc.id).toBeLessThanOrEqual(10_000);
      const oom = inc.keyLines.find((k) => k.file === 'dmesg-raw.log' && k.id === 'kernel.oom-kill');
      const oomId = `dmesg-raw.log:${oom?.line}`;
      const linked = doc.entities.filter((en) => en.eventIds.includes(oomId)).map((en) => en.id);
      expect(linked, inc.id).toSatisfy(
        (ids: string[]) => ids.includes(inc.containerId) || ids.includes(inc.sandboxId),
      );
    }
  });

  it('takes --year and --utc-offset as the user decision for year-less, zone-less sources', async () => {
    const f = join(SAMPLE, 'journalctl-containerd-kubelet.txt');
    const base = JSON.parse((await rca('timeline', '--json', '--year', '2024', f)).out) as TimelineJson;
    expect(base.sources[0].alignment?.year).toMatchObject({ value: 2024, how: 'user' });
    const first = base.events.find((e) => e.time)?.time ?? '';
    expect(first.startsWith('2024-')).toBe(true);
    const r = await rca('timeline', '--json', '--year', '2024', '--utc-offset', '+05:30', f);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as TimelineJson;
    expect(doc.sources[0].alignment?.zone).toMatchObject({ utcOffsetMinutes: 330, how: 'user' });
    // Same wall-clock text read 5 h 30 earlier in UTC.
    const shifted = doc.events.find((e) => e.id === base.events.find((b) => b.time)?.id)?.time ?? '';
    expect(micros(first) - micros(shifted)).toBe(330 * 60 * 1_000_000);
  });

  it('prints a readable summary without --json', async () => {
    const r = await rca('timeline', '--limit', '5', ...sampleFiles.map((f) => join(SAMPLE, f)));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\/dmesg\.txt: \d+ events; dmesg-raw L1-\d+$/m);
    expect(r.out).toMatch(
      /^timeline: [\d,]+ events \([\d,]+ timed \d{4}-.*Z \.\. \d{4}-.*Z, [\d,]+ untimed\)$/m,
    );
    expect(r.out.match(/^ {2}\d{4}-\d\d-\d\dT\S+Z /gm)?.length).toBe(5);
    expect(r.out).toContain('more events (--limit 0 lists all)');
    expect(r.out).toMatch(/^entities: [\d,]+$/m);
  });

  it.each([
    [['timeline']],
    [['timeline', '--utc-offset', 'CET', 'x.log']],
    [['timeline', '--utc-offset', '+25:00', 'x.log']],
    [['timeline', '--year', 'soon', 'x.log']],
    [['timeline', '--captured-at', '2025-11-26T10:00:00', 'x.log']],
    [['timeline', '--bogus', 'x.log']],
  ])('usage error %j exits 2 with one line', async (argv) => {
    const r = await rca(...argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  });

  it('an unreadable file exits 1 with one line and no output', async () => {
    const r = await rca('timeline', '--json', join(SAMPLE, 'dmesg.txt'), join(tmp(), 'nope.log'));
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^rca: .*no such file\n$/);
  });
});
