// The analysis as the app runs it: files into a Workbench (detection, parsing, clock alignment,
// entity links), then Workbench.analysis. Tests of hypotheses use this, so what they assert is
// what the analysis panel and `rca analyze` show.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalysisOptions, AnalysisResult, Hypothesis } from '../../src/core/analysis/model.ts';
import { Workbench } from '../../src/core/engine/workbench.ts';
import type { CorpusCase } from './corpus.ts';
import { SAMPLE_FILES } from './sample.ts';

/** Node clock of the fixtures: 2025, UTC (the year only matters to year-less lines). */
export const FIXTURE_CLOCK = { year: 2025, utcOffsetMinutes: 0 };

export async function analyzeTexts(
  files: Record<string, string>,
  opts: AnalysisOptions = {},
  clock = FIXTURE_CLOCK,
): Promise<AnalysisResult> {
  const wb = new Workbench({ defaultClock: () => clock });
  for (const [name, text] of Object.entries(files)) {
    const bytes = new TextEncoder().encode(text);
    await wb.addSource({ name, kind: 'file', stream: new Blob([bytes]).stream(), totalBytes: bytes.length });
  }
  return wb.analysis(opts);
}

export function sampleTexts(): Record<string, string> {
  return Object.fromEntries(
    SAMPLE_FILES.map((n) => [n, readFileSync(new URL(`../../public/sample/${n}`, import.meta.url), 'utf8')]),
  );
}

export function corpusTexts(c: CorpusCase): Record<string, string> {
  return Object.fromEntries(Object.keys(c.files).map((n) => [n, readFileSync(join(c.dir, n), 'utf8')]));
}

/** A hypothesis of the tree by id (children included). */
export function hypothesis(r: AnalysisResult, id: string): Hypothesis {
  const walk = (hs: Hypothesis[]): Hypothesis | undefined => {
    for (const h of hs) {
      if (h.id === id) return h;
      const c = walk(h.children);
      if (c) return c;
    }
    return undefined;
  };
  const h = walk(r.hypotheses);
  if (!h) throw new Error(`no hypothesis ${id} in ${r.hypotheses.map((x) => x.id).join(', ')}`);
  return h;
}

/** One line per hypothesis (for failure messages): id verdict score reason. */
export function treeSummary(r: AnalysisResult): string {
  const lines: string[] = [`verdict: ${r.verdict.cause} (${r.verdict.confidence}) ${r.verdict.reason}`];
  const walk = (hs: Hypothesis[], depth: number) => {
    for (const h of hs) {
      lines.push(`${'  '.repeat(depth)}${h.id} ${h.verdict} ${h.score} - ${h.reason}`);
      walk(h.children, depth + 1);
    }
  };
  walk(r.hypotheses, 0);
  return lines.join('\n');
}
