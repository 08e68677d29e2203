// `rca generate --only`: a subset of the dataset's files, each byte-identical to the same file
// of a full run (every file has its own filler seed), with truth.json listing those files only.
// The browser journeys' global setup relies on it to write one 100 MB journal, not every format.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rca, scratchDir } from './test-io.ts';

const tmp = scratchDir('rca-only-');

describe('rca generate --only', () => {
  it('writes only the named files, byte for byte as a full run writes them', async () => {
    const full = join(tmp(), 'full');
    const some = join(tmp(), 'some');
    expect((await rca('generate', '--out', full, '--mb', '0.2', '--seed', '3')).code).toBe(0);
    const r = await rca(
      'generate',
      '--out',
      some,
      '--mb',
      '0.2',
      '--seed',
      '3',
      '--only',
      'journalctl-short.log,klog',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(some).sort()).toEqual(['journalctl-short.log', 'klog.log', 'truth.json']);
    for (const f of ['journalctl-short.log', 'klog.log'])
      expect(readFileSync(join(some, f), 'utf8'), f).toBe(readFileSync(join(full, f), 'utf8'));
    const truth = JSON.parse(readFileSync(join(some, 'truth.json'), 'utf8')) as { files: { name: string }[] };
    expect(truth.files.map((f) => f.name)).toEqual(['journalctl-short.log', 'klog.log']);
  });

  it('refuses an unknown name with the list of files, and --only with --sample or --scenario', async () => {
    const bad = await rca('generate', '--out', join(tmp(), 'x'), '--only', 'nope.log');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--only: unknown file or format nope.log; one of journalctl-short.log');
    expect((await rca('generate', '--sample', join(tmp(), 's'), '--only', 'klog')).code).toBe(2);
    expect(
      (await rca('generate', '--scenario', 'all', '--out', join(tmp(), 'c'), '--only', 'klog')).code,
    ).toBe(2);
  });
});
