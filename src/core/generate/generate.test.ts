import { describe, expect, it } from 'vitest';
import { checkCoverage } from '../ingest/coverage.ts';
import { parseText } from '../ingest/parse-text.ts';
import type { FormatId, LogEvent } from '../model/event.ts';
import { humanDuration, journalShort, reltimeMinute, rfc3339Nano, syslogStamp, utcMicros } from './clock.ts';
import { createDataset, createSample, type Dataset } from './dataset.ts';
import { makeNode } from './node-model.ts';
import { Rng } from './random.ts';
import { SyslogWriter } from './syslog-writer.ts';
import type { IncidentTruth, KeyLine } from './truth.ts';

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
    expect(syslogStamp(t)).toBe('Dec  1 08:03:09');
    expect(syslogStamp(t + 9 * 86_400_000_000)).toBe('Dec 10 08:03:09');
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
      'syslog-rfc3164',
      'containerd-logfmt',
      'klog',
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
      // The kill line is in every file that carries kernel messages (journal, dmesg, syslog).
      const killed = new Set(inc.keyLines.filter((k) => k.id === 'kernel.killed').map((k) => k.file));
      expect(killed.size).toBe(18);
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

describe('the issue-3 files (syslog, bare containerd and kubelet logs)', () => {
  const NEW: [string, FormatId][] = [
    ['syslog-rfc3164.log', 'syslog-rfc3164'],
    ['containerd-logfmt.log', 'containerd-logfmt'],
    ['klog.log', 'klog'],
  ];
  const ds = small();
  const files = materialize(ds);
  const truth = ds.truth();
  // No file name: detection must decide from the content alone.
  const parsed = new Map(
    NEW.map(([name]) => [
      name,
      parseText(files.get(name)!, { sourceId: name, year: 2025, utcOffsetMinutes: 0 }),
    ]),
  );
  const at = (name: string, line: number): LogEvent => {
    const e = parsed.get(name)!.events.find((x) => x.line === line);
    if (!e) throw new Error(`no event at ${name}:${line}`);
    return e;
  };
  const key = (inc: IncidentTruth, id: string, file: string): KeyLine => {
    const k = inc.keyLines.find((x) => x.id === id && x.file === file);
    if (!k) throw new Error(`no key line ${id} in ${file}`);
    return k;
  };
  const has = (e: LogEvent, kind: string, id: string) =>
    e.entities.some((x) => x.kind === kind && x.id === id);

  it('are detected as their format and parse with no unparsed line', () => {
    for (const [name, format] of NEW) {
      const res = parsed.get(name)!;
      expect(
        res.segments.map((s) => s.format),
        name,
      ).toEqual([format]);
      expect(res.unparsed, name).toEqual([]);
      expect(res.events.length, name).toBeGreaterThan(500);
      expect(
        res.events.every((e) => e.format === format && e.time !== null),
        name,
      ).toBe(true);
      expect(truth.files.find((f) => f.name === name)?.format).toBe(format);
    }
  });

  it('carry the incidents: TaskExit 137, shim disconnected, dead-shim cleanup in the containerd log', () => {
    const f = 'containerd-logfmt.log';
    for (const inc of truth.incidents) {
      const e = at(f, key(inc, 'containerd.task-exit', f).line);
      expect(e.fields.what).toBe('task-exit');
      expect(e.fields.exit_status).toBe(inc.exit.containerdExitStatus);
      expect(e.fields.pid).toBe(inc.containerPid);
      expect(has(e, 'container', inc.containerId)).toBe(true);
      expect(e.timeQuality).toBe('exact');
    }
    const shim = truth.incidents.find((i) => i.kind === 'shim-oom')!;
    const sd = at(f, key(shim, 'containerd.shim-disconnected', f).line);
    expect(sd.fields.what).toBe('shim-disconnected');
    expect(has(sd, 'container', shim.sandboxId)).toBe(true);
    expect(at(f, key(shim, 'containerd.cleaning-up-dead-shim', f).line).fields.what).toBe(
      'cleaning-dead-shim',
    );
    expect(at(f, key(shim, 'containerd.taskexit-failed', f).line).fields.what).toBe('task-exit-failed');
  });

  it('carry the kubelet side in klog: PLEG ContainerDied, OOMKilled, Killing container, SystemOOM', () => {
    const f = 'klog.log';
    for (const inc of truth.incidents) {
      const died = at(f, key(inc, 'kubelet.container-died', f).line);
      expect(died.fields.what).toBe('pleg-event');
      expect(died.fields.plegEvent).toBe('ContainerDied');
      expect(has(died, 'container', inc.containerId)).toBe(true);
      expect(has(died, 'pod', inc.podUid)).toBe(true);
    }
    const oom = truth.incidents.find((i) => i.kind === 'container-oom')!;
    const patch = at(f, key(oom, 'kubelet.oomkilled', f).line);
    expect(String(patch.fields.patch)).toContain('"reason":"OOMKilled"');
    expect(has(patch, 'container', oom.containerId)).toBe(true);
    const host = truth.incidents.find((i) => i.kind === 'host-oom')!;
    const sys = at(f, key(host, 'kubelet.system-oom', f).line);
    expect(sys.fields.victimPid).toBe(host.victim.pid);
    const events = parsed.get(f)!.events;
    expect(events.some((e) => e.fields.what === 'killing-container')).toBe(true);
    // klog's multi-line `output=<` value: three lines, one event.
    const probe = events.find((e) => e.lineEnd === e.line + 2 && e.fields.what === 'probe-failed');
    expect(probe?.fields.output).toBe('HTTP probe failed with statuscode: 503');
  });

  it('carry the kernel kill with its imklog uptime and the daemons in /var/log/messages', () => {
    const f = 'syslog-rfc3164.log';
    for (const inc of truth.incidents) {
      const kill = at(f, key(inc, 'kernel.killed', f).line);
      expect(kill.fields.what).toBe('oom-killed-process');
      expect(kill.fields.pid).toBe(inc.victim.pid);
      expect(kill.monotonic).toBe(Number(inc.killedMonotonic));
      // The syslog stamp is whole seconds (plus journald-like receive lag, below a second).
      expect(kill.time).toBe(Math.floor(inc.killedAtUs / 1e6) * 1e6);
      const exit = at(f, key(inc, 'containerd.task-exit', f).line);
      expect(exit.ident).toBe('containerd');
      expect(exit.fields.what).toBe('task-exit');
      expect(exit.fields.exit_status).toBe(137);
    }
  });

  it('writes a multi-line kernel record one prefixed line per line and escapes a TAB', () => {
    const node = makeNode(new Rng(1), utcMicros(2025, 12, 1, 8, 0, 0));
    const w = new SyslogWriter(node);
    const t = node.bootUs + 12_345_678;
    const k = w.render({ t, src: node.sources.kernel, prio: 6, msg: 'Mem-Info:\nactive_anon:1' });
    expect(k).toBe(
      `Dec  1 08:00:12 ${node.host} kernel: [   12.345678] Mem-Info:\nDec  1 08:00:12 ${node.host} kernel: [   12.345678] active_anon:1\n`,
    );
    const kubelet = node.sources.kubelet;
    expect(w.render({ t, src: kubelet, prio: 6, msg: '\tHTTP probe failed' })).toBe(
      `Dec  1 08:00:12 ${node.host} kubelet[${kubelet.pid}]: #011HTTP probe failed\n`,
    );
  });
});

describe('createSample', () => {
  it('is deterministic and tells one story across its five files', () => {
    const a = createSample();
    const fa = materialize(a);
    const fb = materialize(createSample());
    expect(fa).toEqual(fb);
    expect(a.manifest.files.map((f) => f.name)).toEqual([
      'crictl-ps-a.txt',
      'crictl-inspect.json',
      'journalctl-containerd-kubelet.txt',
      'journalctl-k.txt',
      'dmesg.txt',
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
    for (const f of ['dmesg.txt', 'journalctl-k.txt']) {
      expect(fa.get(f), f).toContain(`Killed process ${inc.shimPid} (containerd-shim)`);
      expect(fa.get(f), f).toContain(`cri-containerd-${inc.sandboxId}.scope,task=containerd-shim`);
    }
    // The kill at the same moment on both kernel clocks: seconds since boot and the journal's wall clock.
    expect(fa.get('dmesg.txt')).toContain(
      `[${inc.killedMonotonic.padStart(12)}] Memory cgroup out of memory: Killed process`,
    );
    expect(fa.get('journalctl-k.txt')).toContain(
      `${journalShort(inc.killedAtUs)} k8s-worker-21 kernel: Memory cgroup out of memory: Killed process`,
    );
    for (const k of inc.keyLines) {
      const line = fa.get(k.file)!.split('\n')[k.line - 1];
      for (const c of k.contains) expect(line, `${k.id} ${k.file}:${k.line}`).toContain(c);
    }
    // The kernel kill comes first, then containerd notices, then the kubelet.
    const when = (id: string) => inc.keyLines.find((k) => k.id === id);
    expect(when('kernel.killed')?.file).toMatch(/^(dmesg\.txt|journalctl-k\.txt)$/);
    expect(when('containerd.shim-disconnected')?.file).toBe('journalctl-containerd-kubelet.txt');
  });
});
