// Seed lines for the fuzz: real lines of every format, from the fixture corpus (test/fixtures,
// real outputs from upstream issues and docs plus synthetic variants) and every parser's own
// samples. Mutating real lines reaches the grammars' deep branches; random strings alone would
// only ever test "no match".
import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { splitLines } from '../../src/core/ingest/line-splitter.ts';
import { PARSERS } from '../../src/core/parsers/registry.ts';
import { FIXTURES_ROOT, fixtureFiles } from '../helpers/fixture-files.ts';

/** One real input as lines (a fixture file or a parser sample), with its format folder. */
export interface SeedText {
  format: string;
  lines: string[];
}

/** Lines longer than this are cut: the long-line generator makes long lines on purpose. */
const MAX_SEED_LINE = 2_000;

function load(): SeedText[] {
  const out: SeedText[] = [];
  for (const file of fixtureFiles()) {
    const format = relative(FIXTURES_ROOT, file).split(sep)[0];
    const lines = splitLines(readFileSync(file, 'utf8')).map((l) => l.slice(0, MAX_SEED_LINE));
    if (lines.some((l) => l.trim().length > 0)) out.push({ format, lines });
  }
  for (const p of PARSERS) {
    for (const s of p.samples) out.push({ format: p.id, lines: splitLines(s) });
  }
  return out;
}

export const SEED_TEXTS: readonly SeedText[] = load();

/** Every non-blank seed line once (for single-line generators). */
export const SEED_LINES: readonly string[] = [
  ...new Set(SEED_TEXTS.flatMap((t) => t.lines.filter((l) => l.trim().length > 0))),
];
