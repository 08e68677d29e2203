// What the CLI's tests share: `rca` run in memory (its exit code and both streams) and a scratch
// folder made before a test file runs and removed after it, so no test writes into the checkout.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { memoryIo } from './io.ts';
import { run } from './run.ts';

export const ROOT = join(import.meta.dirname, '..', '..');
export const SAMPLE = join(ROOT, 'public', 'sample');

export async function rca(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await run(argv, io);
  return { code, out: io.out, err: io.err };
}

/** Registers the folder's making and removal with the calling file's hooks; call the result inside a test. */
export function scratchDir(prefix: string): () => string {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return () => dir;
}
