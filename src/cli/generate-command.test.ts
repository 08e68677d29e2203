// `rca generate --scenario`: the training scenarios written to disk (issue 8 part 1). The folders
// under public/scenarios are this command's output, so `--scenario all` must rewrite them byte for
// byte; one scenario, another seed and the usage errors are checked here too.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildScenario, scenarioIds } from '../core/generate/scenarios.ts';
import { validateManifest } from '../core/training/manifest.ts';
import { ROOT, rca, scratchDir } from './test-io.ts';

const tmp = scratchDir('rca-scenario-');

/** Every file under `dir`, relative path -> text. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory())
      for (const [name, text] of Object.entries(tree(join(dir, e.name)))) out[`${e.name}/${name}`] = text;
    else out[e.name] = readFileSync(join(dir, e.name), 'utf8');
  }
  return out;
}

describe('rca generate --scenario', () => {
  it('writes every scenario and index.json exactly as public/scenarios holds them', async () => {
    const dir = join(tmp(), 'all');
    const r = await rca('generate', '--scenario', 'all', '--out', dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    for (const id of scenarioIds()) expect(r.out).toContain(`${join(dir, id)}  ${id}  `);
    expect(r.out).toContain(`${join(dir, 'index.json')}  ${scenarioIds().length} scenarios`);
    const written = tree(dir);
    const committed = tree(join(ROOT, 'public', 'scenarios'));
    expect(Object.keys(written).sort()).toEqual(Object.keys(committed).sort());
    for (const [name, text] of Object.entries(committed)) expect(written[name], name).toBe(text);
  });

  it('writes one scenario into --out, and another seed gives another node', async () => {
    const dir = join(tmp(), 'one');
    const r = await rca('generate', '--scenario', 'synthetic-137', '--out', dir);
    expect(r.code).toBe(0);
    const built = buildScenario('synthetic-137');
    expect(Object.keys(tree(dir)).sort()).toEqual(
      [...built.files.map((f) => f.name), 'manifest.json'].sort(),
    );
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe(
      `${JSON.stringify(built.manifest, null, 2)}\n`,
    );
    // The command line reports each file's lines.
    expect(r.out).toMatch(/journalctl-containerd-kubelet\.txt \d+/);

    const a = join(tmp(), 'seed-a');
    const b = join(tmp(), 'seed-b');
    expect((await rca('generate', '--scenario', 'synthetic-137', '--out', a, '--seed', '7')).code).toBe(0);
    expect((await rca('generate', '--scenario', 'synthetic-137', '--out', b, '--seed', '7')).code).toBe(0);
    expect(tree(a)).toEqual(tree(b));
    const other = tree(a);
    expect(other['dmesg.txt']).not.toBe(tree(dir)['dmesg.txt']);
    // Another seed's manifest still points at real lines: its references moved with the logs.
    const { 'manifest.json': manifest, ...files } = other;
    expect(validateManifest(JSON.parse(manifest), files).errors).toEqual([]);
    expect(manifest).not.toBe(tree(dir)['manifest.json']);
  });

  it.each([
    [
      ['generate', '--scenario', 'nope', '--out', 'x'],
      /no scenario "nope" \(one of: shim-memcg-oom, .*, or all\)/,
    ],
    [['generate', '--scenario', 'host-oom'], /--scenario needs --out DIR/],
    [
      ['generate', '--scenario', 'host-oom', '--out', 'x', '--mb', '1'],
      /--scenario takes only --out and --seed/,
    ],
    [['generate', '--scenario', 'host-oom', '--sample', 'x'], /--scenario and --sample are separate/],
    [['generate', '--scenario', 'host-oom', '--out', 'x', '--seed', 'abc'], /--seed must be an integer/],
  ])('refuses %j with a usage error', async (argv, message) => {
    const r = await rca(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });
});
