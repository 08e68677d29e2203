// `rca generate`: writes the generator's files (src/core/generate is pure; the disk is here).
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { createDataset, createSample, type OutputFile } from '../core/generate/dataset.ts';
import { InputError } from '../core/ingest/decode.ts';
import { intOption, numberOption, type ParsedArgs, UsageError } from './args.ts';
import type { CliIo } from './io.ts';

export const GENERATE_OPTIONS = {
  out: { value: true },
  sample: { value: true },
  mb: { value: true },
  seed: { value: true },
  hours: { value: true },
  'big-tables': { value: false },
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

export async function generateCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  if (args.positional.length)
    throw new UsageError(`generate takes no file arguments (got ${args.positional[0]})`);
  const sampleDir = args.values.get('sample');
  const out = args.values.get('out');
  if (sampleDir !== undefined) {
    if (
      out !== undefined ||
      args.values.has('mb') ||
      args.values.has('seed') ||
      args.values.has('hours') ||
      args.flags.has('big-tables')
    ) {
      throw new UsageError('--sample DIR takes no other options');
    }
    const sample = createSample();
    await writeAll(sampleDir, sample.files, io);
    await writeFile(join(sampleDir, 'manifest.json'), [`${JSON.stringify(sample.manifest, null, 2)}\n`]);
    return 0;
  }
  if (out === undefined) throw new UsageError('generate needs --out DIR (or --sample DIR)');
  const mb = numberOption(args, 'mb', 10, 0.01, 1000);
  const seed = intOption(args, 'seed', 1, 0, 2 ** 31 - 1);
  const hours = numberOption(args, 'hours', 6, 0.5, 72);
  const ds = createDataset({ seed, mb, hours, bigTables: args.flags.has('big-tables') });
  await writeAll(out, ds.files, io);
  const truth = ds.truth();
  await writeFile(join(out, 'truth.json'), [`${JSON.stringify(truth, null, 2)}\n`]);
  for (const inc of truth.incidents)
    await io.write(`incident ${inc.id}: ${inc.killedAt} pid ${inc.victim.pid} (${inc.victim.comm})\n`);
  return 0;
}
