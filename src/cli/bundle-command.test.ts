import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { workbenchOf } from '../../test/helpers/analysis.ts';
import { decodeBundle } from '../core/persist/bundle.ts';
import type { IncidentBundle } from '../core/persist/model.ts';
import { defaultIncidentState } from '../core/persist/state.ts';
import { ROOT, rca, SAMPLE, scratchDir } from './test-io.ts';

const tmp = scratchDir('rca-bundle-');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'bundles', 'v1-sample.rca.zip');

describe('rca bundle create', () => {
  let out = '';
  let bundle: IncidentBundle;
  let gz: Uint8Array;
  beforeAll(async () => {
    out = join(tmp(), 'sample.rca.zip');
    // The same base name twice (dmesg.txt) and a gzipped file, kept as given.
    gz = new Uint8Array(gzipSync(readFileSync(join(SAMPLE, 'crictl-ps-a.txt'))));
    writeFileSync(join(tmp(), 'crictl-ps-a.txt.gz'), gz);
    const r = await rca(
      'bundle',
      'create',
      '--title',
      'Worker 21: shim OOM-killed',
      '--tag',
      'payments',
      '--tag=sev-2',
      '--out',
      out,
      join(SAMPLE, 'dmesg.txt'),
      join(SAMPLE, 'journalctl-k.txt'),
      join(SAMPLE, 'dmesg.txt'),
      join(tmp(), 'crictl-ps-a.txt.gz'),
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/sample\.rca\.zip: 4 sources, \d+ bytes\n$/);
    bundle = await decodeBundle(new Uint8Array(readFileSync(out)));
  });

  it('holds the title, the tags and the default state', () => {
    expect(bundle.incident.title).toBe('Worker 21: shim OOM-killed');
    expect(bundle.incident.tags).toEqual(['payments', 'sev-2']);
    expect(bundle.state).toEqual(defaultIncidentState());
    expect(bundle.generator).toMatch(/^rca-workbench@\d+\.\d+\.\d+$/);
  });

  it('names the sources as the engine does and keeps their bytes as given', () => {
    expect(bundle.sources.map((s) => [s.sourceId, s.name, s.kind, s.order])).toEqual([
      ['dmesg.txt', 'dmesg.txt', 'file', 0],
      ['journalctl-k.txt', 'journalctl-k.txt', 'file', 1],
      ['dmesg.txt (2)', 'dmesg.txt', 'file', 2],
      ['crictl-ps-a.txt.gz', 'crictl-ps-a.txt.gz', 'file', 3],
    ]);
    expect(bundle.sources[0].data).toEqual(new Uint8Array(readFileSync(join(SAMPLE, 'dmesg.txt'))));
    expect(bundle.sources[3].data).toEqual(gz);
    for (const s of bundle.sources) expect(s.bytes).toBe(s.data.length);
  });

  it("carries the engine's content hashes (the app checks them when it reads a source back)", async () => {
    const wb = await workbenchOf({
      'journalctl-k.txt': readFileSync(join(SAMPLE, 'journalctl-k.txt'), 'utf8'),
    });
    expect(bundle.sources[1].contentHash).toBe(wb.listSources()[0].contentHash);
    expect(bundle.sources[0].contentHash).toBe(bundle.sources[2].contentHash);
  });

  it("and the incident's signature, for the incidents list's search", () => {
    expect(bundle.incident.signature?.verdict?.cause).toBe('oom-kill-cgroup');
    expect(bundle.incident.signature?.rules).toContain('kernel.killed-process');
  });
});

describe('rca bundle info', () => {
  it('says what the bundle holds: title, generator, counts, sources with sizes and hashes', async () => {
    const r = await rca('bundle', 'info', FIXTURE);
    expect(r.code, r.err).toBe(0);
    const b = await decodeBundle(new Uint8Array(readFileSync(FIXTURE)));
    expect(r.out).toMatch(/^Worker 21: shim OOM-killed\n/);
    expect(r.out).toContain('tags       payments, oom');
    expect(r.out).toContain('generator  rca-workbench@0.1.0');
    expect(r.out).toContain('exported   2025-11-26T10:00:00.000Z');
    expect(r.out).toContain('verdict    Kernel OOM killer (oom-kill-cgroup), 0.92 by the engine');
    expect(r.out).toMatch(
      /state {6}1 pin, 1 decision, 1 draft, 1 own hypothesis, 1 named symptom, 1 format override, 1 clock decision\n/,
    );
    expect(r.out).toContain('sources    6');
    for (const s of b.sources) expect(r.out).toContain(`${s.sourceId}  ${s.kind}, ${s.data.length} byte`);
    expect(r.out).toContain(`sha256 ${sha(b.sources[0].data)}`);
  });

  it('--json gives the same as one object', async () => {
    const r = await rca('bundle', 'info', '--json', FIXTURE);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as {
      title: string;
      generator: string;
      exportedAt: string;
      sources: { sourceId: string; bytes: number; sha256: string }[];
      counts: Record<string, number>;
    };
    expect(j.title).toBe('Worker 21: shim OOM-killed');
    expect(j.exportedAt).toBe('2025-11-26T10:00:00.000Z');
    expect(j.sources.map((s) => s.sourceId)).toEqual([
      'kern.log',
      'crictl ps.txt',
      'crictl ps.txt (2)',
      'kubelet-utf16.log',
      '../../etc/passwd\u202e.bin',
      'empty.txt',
    ]);
    expect(j.sources[5]).toMatchObject({ bytes: 0, sha256: sha(new Uint8Array(0)) });
    expect(j.counts).toEqual({
      pins: 1,
      decisions: 1,
      drafts: 1,
      customHypotheses: 1,
      userSymptoms: 1,
      formatOverrides: 1,
      clockDecisions: 1,
    });
  });

  it('exit 1 with the reason for a file that is not a bundle, a damaged one, or none', async () => {
    const log = await rca('bundle', 'info', join(SAMPLE, 'dmesg.txt'));
    expect(log.code).toBe(1);
    expect(log.out).toBe('');
    expect(log.err).toMatch(/dmesg\.txt: This is a text file, not an RCA Workbench bundle \(\.rca\.zip\)/);
    const cut = join(tmp(), 'cut.rca.zip');
    const bytes = readFileSync(FIXTURE);
    writeFileSync(cut, bytes.subarray(0, bytes.length - 40));
    const damaged = await rca('bundle', 'info', cut);
    expect(damaged.code).toBe(1);
    expect(damaged.err).toMatch(/cut\.rca\.zip: The bundle is damaged: /);
    const none = await rca('bundle', 'info', join(tmp(), 'nope.rca.zip'));
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/nope\.rca\.zip: no such file/);
  });
});

describe('rca bundle usage', () => {
  it.each([
    [['bundle'], /bundle needs info or create/],
    [['bundle', 'list'], /unknown bundle command "list"/],
    [['bundle', 'info'], /bundle info needs exactly one FILE/],
    [['bundle', 'info', 'a', 'b'], /bundle info needs exactly one FILE/],
    [['bundle', 'create', '--out', 'x.rca.zip', 'a.log'], /needs --title/],
    [['bundle', 'create', '--title', 'T', 'a.log'], /needs --out/],
    [['bundle', 'create', '--title', 'T', '--out', 'x.rca.zip'], /needs at least one FILE/],
    [['bundle', 'create', '--title', 'T', '--tag'], /--tag needs a value/],
    [['bundle', 'info', '--tag', 'x', 'a'], /unknown option --tag/],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    const r = await rca(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('--help lists both commands', async () => {
    const r = await rca('--help');
    expect(r.out).toContain('bundle info [--json] FILE');
    expect(r.out).toContain('bundle create --title T [--tag X]... --out FILE.rca.zip FILE...');
  });
});
