import { describe, expect, it } from 'vitest';
import { checkCoverage } from '../ingest/coverage.ts';
import { parseText } from '../ingest/parse-text.ts';
import { humanDuration, journalShort, reltimeMinute, rfc3339Nano } from './clock.ts';
import { createDataset, createSample, type Dataset } from './dataset.ts';
import { Rng } from './random.ts';

function materialize(ds: Dataset): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of ds.files) out.set(f.name, [...f.chunks()].join(''));
  return out;
}

const small = () => createDataset({ seed: 7, mb: 0.15, hours: 2 });

describe('Rng', () => {
  it('is deterministic and in range', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    for (let i = 0; i < 1000; i++) {
      const x = a.int(3, 9);
      expect(x).toBe(b.int(3, 9));
      expect(x).toBeGreaterThanOrEqual(3);
      expect(x).toBeLessThanOrEqual(9);
    }
    expect(new Rng(1).hex(64)).toMatch(/^[0-9a-f]{64}$/);
    expect(new Rng(1).uuid()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe('clock', () => {
  it('formats like the tools', () => {
    const t = Date.UTC(2025, 11, 1, 8, 3, 9) * 1000 + 120;
    expect(journalShort(t)).toBe('Dec 01 08:03:09');
    expect(reltimeMinute(t)).toBe('Dec 1 08:03');
    expect(rfc3339Nano(t, 0)).toBe('2025-12-01T08:03:09.00012Z');
    expect(rfc3339Nano(Date.UTC(2025, 0, 1) * 1000, 0)).toBe('2025-01-01T00:00:00Z');
    expect(humanDuration(500_000)).toBe('Less than a second');
    expect(humanDuration(90_000_000)).toBe('About a minute');
    expect(humanDuration(119 * 60_000_000)).toBe('2 hours');
    expect(humanDuration(50 * 3_600_000_000)).toBe('2 days');
  });
});

describe('createDataset', () => {
  it('gives byte-identical files for the same seed, different ones for another', () => {
    const a = materialize(small());
    const b = materialize(small());
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [name, text] of a) expect(b.get(name), name).toBe(text);
    const c = materialize(createDataset({ seed: 8, mb: 0.15, hours: 2 }));
    expect(c.get('journalctl-short.log')).not.toBe(a.get('journalctl-short.log'));
  });

  it('writes one file per format, each about the requested size', () => {
    // Below ~1 MB the fixed part (boot, pod churn, incidents) sets the size; above it the budget does.
    const ds = createDataset({ seed: 3, mb: 2 });
    const files = materialize(ds);
    expect(ds.files.map((f) => f.format)).toEqual([
      'journalctl-short',
      'journalctl-short-full',
      'journalctl-short-iso',
      'journalctl-short-iso-precise',
      'journalctl-short-precise',
      'journalctl-short-monotonic',
      'journalctl-short-unix',
      'journalctl-cat',
      'journalctl-json',
      'dmesg-raw',
      'dmesg-level',
      'dmesg-decode',
      'dmesg-ctime',
      'dmesg-iso',
      'dmesg-reltime',
      'dmesg-delta',
      'dmesg-notime',
      'crictl-ps',
      'crictl-inspect',
    ]);
    for (const f of ds.files) {
      const text = files.get(f.name)!;
      expect(text.endsWith('\n'), f.name).toBe(true);
      // ASCII only: the byte counts in truth.json are string lengths.
      expect(/^[\x00-\x7f]*$/.test(text), f.name).toBe(true);
      if (f.format.startsWith('crictl')) continue;
      expect(text.length, f.name).toBeGreaterThan(0.9 * 2e6);
      // journalctl -o json is ~5x wordier per record: its fixed part alone is ~3.5 MB.
      expect(text.length, f.name).toBeLessThan((f.format === 'journalctl-json' ? 2 : 1.1) * 2e6);
    }
    const truth = ds.truth();
    for (const f of truth.files) expect(f.bytes, f.name).toBe(files.get(f.name)!.length);
    for (const f of truth.files) expect(f.lines, f.name).toBe(files.get(f.name)!.split('\n').length - 1);
  });

  it('grows the crictl tables with bigTables', () => {
    const ds = createDataset({ seed: 3, mb: 0.3, bigTables: true });
    const files = materialize(ds);
    expect(files.get('crictl-ps.txt')!.length).toBeGreaterThan(0.3e6);
    expect(files.get('crictl-inspect.json')!.length).toBeGreaterThan(0.3e6);
    const inspect = JSON.parse(files.get('crictl-inspect.json')!) as unknown[];
    expect(inspect.length).toBeGreaterThan(20);
    const rows = files.get('crictl-ps.txt')!.trimEnd().split('\n');
    const header = rows[0];
    // tabwriter columns: every row's NAMESPACE cell starts where the header's does
    const col = header.indexOf('NAMESPACE');
    for (const r of rows.slice(1, 200)) expect(r[col - 1]).toBe(' ');
  });

  it('points truth key lines at lines holding the key text', () => {
    const ds = small();
    const files = materialize(ds);
    const truth = ds.truth();
    expect(truth.incidents.map((i) => i.kind)).toEqual(['shim-oom', 'container-oom', 'host-oom']);
    for (const inc of truth.incidents) {
      expect(inc.keyLines.length).toBeGreaterThan(20);
      for (const k of inc.keyLines) {
        const line = files.get(k.file)!.split('\n')[k.line - 1];
        for (const c of k.contains) expect(line, `${inc.id} ${k.id} ${k.file}:${k.line}`).toContain(c);
      }
      // The kill line is in every file that carries kernel messages (journal and dmesg).
      const killed = new Set(inc.keyLines.filter((k) => k.id === 'kernel.killed').map((k) => k.file));
      expect(killed.size).toBe(17);
      expect(inc.keyLines.some((k) => k.file === 'crictl-ps.txt')).toBe(true);
      expect(inc.keyLines.some((k) => k.file === 'crictl-inspect.json')).toBe(true);
    }
  });

  it('tells the same time in dmesg raw, dmesg -T and the journal', () => {
    const ds = small();
    const files = materialize(ds);
    const truth = ds.truth();
    for (const inc of truth.incidents) {
      const at = (file: string) => {
        const k = inc.keyLines.find((x) => x.id === 'kernel.killed' && x.file === file)!;
        return files.get(file)!.split('\n')[k.line - 1];
      };
      expect(at('dmesg-raw.log')).toContain(`[${inc.killedMonotonic.padStart(12)}]`);
      expect(at('dmesg-iso.log').slice(0, 26)).toBe(
        `${inc.killedAt.slice(0, 19)},${inc.killedAt.slice(20, 26)}`,
      );
      expect(at('journalctl-short-iso.log').slice(0, 19)).toBe(inc.killedAt.slice(0, 19));
    }
  });

  it('parses with every line covered once', () => {
    const ds = small();
    const files = materialize(ds);
    for (const f of ds.files) {
      const res = parseText(files.get(f.name)!, { sourceId: f.name, year: 2025, utcOffsetMinutes: 0 });
      expect(checkCoverage(res), f.name).toEqual([]);
    }
  });
});

describe('createSample', () => {
  it('is deterministic and tells one story across its four files', () => {
    const a = createSample();
    const fa = materialize(a);
    const fb = materialize(createSample());
    expect(fa).toEqual(fb);
    expect(a.manifest.files.map((f) => f.name)).toEqual([
      'crictl-ps-a.txt',
      'crictl-inspect.json',
      'journalctl-containerd-kubelet.txt',
      'dmesg-T.txt',
    ]);
    const truth = a.truth();
    expect(truth.incidents).toHaveLength(1);
    const inc = truth.incidents[0];
    for (const [name, text] of fa) {
      const lines = text.split('\n').length - 1;
      if (name !== 'crictl-ps-a.txt') expect(lines, name).toBeGreaterThan(200);
      expect(lines, name).toBeLessThan(1000);
    }
    // The same container id and shim pid everywhere.
    expect(fa.get('crictl-ps-a.txt')).toContain(`${inc.containerId.slice(0, 13)}       `);
    expect(fa.get('crictl-ps-a.txt')).toContain('Unknown');
    expect(fa.get('crictl-inspect.json')).toContain(`"id": "${inc.containerId}"`);
    expect(fa.get('journalctl-containerd-kubelet.txt')).toContain(`shim disconnected" id=${inc.sandboxId}`);
    expect(fa.get('journalctl-containerd-kubelet.txt')).toContain(`pid:${inc.containerPid} exit_status:137`);
    expect(fa.get('dmesg-T.txt')).toContain(`Killed process ${inc.shimPid} (containerd-shim)`);
    expect(fa.get('dmesg-T.txt')).toContain(`cri-containerd-${inc.sandboxId}.scope,task=containerd-shim`);
    for (const k of inc.keyLines) {
      const line = fa.get(k.file)!.split('\n')[k.line - 1];
      for (const c of k.contains) expect(line, `${k.id} ${k.file}:${k.line}`).toContain(c);
    }
    // The kernel kill comes first, then containerd notices, then the kubelet.
    const when = (id: string) => inc.keyLines.find((k) => k.id === id);
    expect(when('kernel.killed')?.file).toBe('dmesg-T.txt');
    expect(when('containerd.shim-disconnected')?.file).toBe('journalctl-containerd-kubelet.txt');
  });
});
