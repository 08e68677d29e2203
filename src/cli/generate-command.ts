// `rca generate`: writes the generator's files (src/core/generate is pure; the disk is here): a
// dataset (--out), the bundled sample (--sample) or training scenarios (--scenario, issue 8).
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { createDataset, createSample, type OutputFile } from '../core/generate/dataset.ts';
import { buildScenario, scenarioIds, scenarioIndex } from '../core/generate/scenarios.ts';
import { InputError } from '../core/ingest/decode.ts';
import { MANIFEST_SCHEMA_FILE, manifestSchemaFile } from '../core/training/manifest-schema.ts';
import { intOption, numberOption, type ParsedArgs, UsageError } from './args.ts';
import type { CliIo } from './io.ts';

export const GENERATE_OPTIONS = {
  out: { value: true },
  sample: { value: true },
  scenario: { value: true },
  mb: { value: true },
  seed: { value: true },
  hours: { value: true },
  'big-tables': { value: false },
  only: { value: true },
} as const;

async function writeFile(path: string, chunks: Iterable<string>): Promise<void> {
  const ws = createWriteStream(path);
  const failed = once(ws, 'error').then(([e]) => {
    throw new InputError(`cannot write ${path}: ${e instanceof Error ? e.message : String(e)}`);
  });
  failed.catch(() => {});
  for (const c of chunks) {
    if (!ws.write(c)) await Promise.race([once(ws, 'drain'), failed]);
  }
  ws.end();
  await Promise.race([finished(ws), failed]);
}

async function writeAll(dir: string, files: OutputFile[], io: CliIo): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw new InputError(`cannot create ${dir}: ${e instanceof Error ? e.message : String(e)}`);
  }
  for (const f of files) {
    const t0 = performance.now();
    await writeFile(join(dir, f.name), f.chunks());
    await io.write(`${join(dir, f.name)}  ${f.format}  ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
  }
}

/** The JSON the scenario folders hold (manifest.json, index.json): two-space indent, a final newline. */
const json = (x: unknown): string => `${JSON.stringify(x, null, 2)}\n`;

/**
 * `--scenario <id|all> --out DIR [--seed S]`: one scenario's folder into DIR, or, for `all`, every
 * scenario into DIR/<id>/, the list into DIR/index.json and the manifests' JSON Schema into
 * DIR/scenario.schema.json, where each manifest's `$schema` points (public/scenarios is written so).
 */
async function scenarioCommand(which: string, args: ParsedArgs, io: CliIo): Promise<number> {
  const out = args.values.get('out');
  if (out === undefined) throw new UsageError('generate --scenario needs --out DIR');
  if (
    args.values.has('mb') ||
    args.values.has('hours') ||
    args.values.has('only') ||
    args.flags.has('big-tables')
  )
    throw new UsageError('--scenario takes only --out and --seed');
  const ids = scenarioIds();
  if (which !== 'all' && !ids.includes(which))
    throw new UsageError(`no scenario "${which}" (one of: ${ids.join(', ')}, or all)`);
  const seed = args.values.has('seed') ? intOption(args, 'seed', 1, 0, 2 ** 31 - 1) : undefined;
  const write = async (id: string, dir: string): Promise<void> => {
    const t0 = performance.now();
    const { manifest, files } = buildScenario(id, seed);
    try {
      await mkdir(dir, { recursive: true });
    } catch (e) {
      throw new InputError(`cannot create ${dir}: ${e instanceof Error ? e.message : String(e)}`);
    }
    for (const f of files) await writeFile(join(dir, f.name), [f.text]);
    await writeFile(join(dir, 'manifest.json'), [json(manifest)]);
    const lines = files.map((f) => `${f.name} ${f.text.split('\n').length - 1}`).join(', ');
    await io.write(`${dir}  ${id}  ${((performance.now() - t0) / 1000).toFixed(2)} s  (${lines})\n`);
  };
  if (which !== 'all') {
    await write(which, out);
    return 0;
  }
  for (const id of ids) await write(id, join(out, id));
  await writeFile(join(out, 'index.json'), [json(scenarioIndex())]);
  await io.write(`${join(out, 'index.json')}  ${ids.length} scenarios\n`);
  await writeFile(join(out, MANIFEST_SCHEMA_FILE), [manifestSchemaFile()]);
  await io.write(`${join(out, MANIFEST_SCHEMA_FILE)}  the manifests' JSON Schema\n`);
  return 0;
}

/**
 * `--only a,b`: the files named (file name or format id), in the dataset's order. Files are
 * generated lazily as they are written, so the others cost nothing (the browser journeys need
 * one 100 MB journal, not 2 GB of every format). truth.json then lists the written files only.
 */
function onlyFiles(files: OutputFile[], only: string | undefined): OutputFile[] {
  if (only === undefined) return files;
  const wanted = only
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);
  const unknown = wanted.filter((w) => !files.some((f) => f.name === w || f.format === w));
  if (wanted.length === 0 || unknown.length > 0)
    throw new UsageError(
      `--only: unknown file or format ${unknown.join(', ') || '(none given)'}; one of ${files.map((f) => f.name).join(', ')}`,
    );
  return files.filter((f) => wanted.includes(f.name) || wanted.includes(f.format));
}

export async function generateCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  if (args.positional.length)
    throw new UsageError(`generate takes no file arguments (got ${args.positional[0]})`);
  const sampleDir = args.values.get('sample');
  const out = args.values.get('out');
  const scenario = args.values.get('scenario');
  if (scenario !== undefined) {
    if (sampleDir !== undefined) throw new UsageError('--scenario and --sample are separate commands');
    return scenarioCommand(scenario, args, io);
  }
  if (sampleDir !== undefined) {
    if (
      out !== undefined ||
      args.values.has('mb') ||
      args.values.has('seed') ||
      args.values.has('hours') ||
      args.values.has('only') ||
      args.flags.has('big-tables')
    ) {
      throw new UsageError('--sample DIR takes no other options');
    }
    const sample = createSample();
    await writeAll(sampleDir, sample.files, io);
    await writeFile(join(sampleDir, 'manifest.json'), [`${JSON.stringify(sample.manifest, null, 2)}\n`]);
    return 0;
  }
  if (out === undefined)
    throw new UsageError('generate needs --out DIR (or --sample DIR, or --scenario ID --out DIR)');
  const mb = numberOption(args, 'mb', 10, 0.01, 1000);
  const seed = intOption(args, 'seed', 1, 0, 2 ** 31 - 1);
  const hours = numberOption(args, 'hours', 6, 0.5, 72);
  const ds = createDataset({ seed, mb, hours, bigTables: args.flags.has('big-tables') });
  await writeAll(out, onlyFiles(ds.files, args.values.get('only')), io);
  const truth = ds.truth();
  await writeFile(join(out, 'truth.json'), [`${JSON.stringify(truth, null, 2)}\n`]);
  for (const inc of truth.incidents)
    await io.write(`incident ${inc.id}: ${inc.killedAt} pid ${inc.victim.pid} (${inc.victim.comm})\n`);
  return 0;
}
