// The "no line lost" invariant (DESIGN.md section 3): every line 1..lines is covered exactly
// once, by an event's line..lineEnd, an unparsed entry or a skipped entry.
import type { ParsedSource } from './parse-text.ts';

export interface CoverageProblem {
  line: number;
  problem: 'missing' | 'twice';
}

export function checkCoverage(
  src: Pick<ParsedSource, 'lines' | 'events' | 'unparsed' | 'skipped'>,
): CoverageProblem[] {
  const seen = new Uint8Array(src.lines + 2);
  const problems: CoverageProblem[] = [];
  const mark = (from: number, to: number) => {
    for (let l = from; l <= to; l++) {
      if (l < 1 || l > src.lines) {
        problems.push({ line: l, problem: 'twice' });
        continue;
      }
      if (seen[l]) problems.push({ line: l, problem: 'twice' });
      seen[l] = 1;
    }
  };
  for (const e of src.events) mark(e.line, e.lineEnd);
  for (const u of src.unparsed) mark(u.line, u.line);
  for (const s of src.skipped) mark(s.line, s.line);
  for (let l = 1; l <= src.lines; l++) if (!seen[l]) problems.push({ line: l, problem: 'missing' });
  return problems;
}
