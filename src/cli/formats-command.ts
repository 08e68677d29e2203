// `rca formats`: every format the parsers know, with its title and one sample line, so a user
// can see what to paste and a script can check a format id.
import { classifyStructural } from '../core/ingest/structure.ts';
import { PARSERS } from '../core/parsers/registry.ts';
import type { ParsedArgs } from './args.ts';
import type { CliIo } from './io.ts';

export const FORMATS_OPTIONS = { json: { value: false } } as const;

/** The first line of a parser's samples that is not blank or structure (a prompt, an echoed command, a fence). */
export function sampleLine(samples: readonly string[]): string {
  for (const s of samples) {
    for (const l of s.split('\n')) {
      if (l.trim() && !classifyStructural(l)) return l;
    }
  }
  return '';
}

export async function formatsCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const rows = PARSERS.map((p) => ({ id: p.id, title: p.title, sample: sampleLine(p.samples) }));
  if (args.flags.has('json')) {
    await io.write(`${JSON.stringify({ formats: rows }, null, 2)}\n`);
    return 0;
  }
  const w = Math.max(...rows.map((r) => r.id.length));
  const lines = rows.map((r) => `${r.id.padEnd(w)}  ${r.title}\n${' '.repeat(w + 2)}${r.sample}`);
  await io.write(`${lines.join('\n')}\n`);
  return 0;
}
