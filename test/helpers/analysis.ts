// The analysis as the app runs it: files into a Workbench (detection, parsing, clock alignment,
// entity links), then Workbench.analysis. Tests of hypotheses use this, so what they assert is
// what the analysis panel and `rca analyze` show.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { AnalysisOptions, AnalysisResult, Hypothesis } from '../../src/core/analysis/model.ts';
import { Workbench } from '../../src/core/engine/workbench.ts';
import { type CorpusCase, corpusCases } from './corpus.ts';
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

/** Lines as one file (`journal.txt`), one line or several, through the whole analysis. */
export function analyzeLines(
  name: string,
  lines: string | readonly string[],
  opts: AnalysisOptions = {},
): Promise<AnalysisResult> {
  const text = typeof lines === 'string' ? lines : lines.join('\n');
  return analyzeTexts({ [name]: `${text}\n` }, opts);
}

/** The sample without the files named (a node where those were not collected). */
export function sampleWithout(...names: string[]): Record<string, string> {
  const files = sampleTexts();
  for (const n of names) delete files[n];
  return files;
}

/** The bundled sample through the whole analysis. */
export function analyzeSample(opts: AnalysisOptions = {}): Promise<AnalysisResult> {
  return analyzeTexts(sampleTexts(), opts);
}

/** A corpus case by its id, or by the start of it (`nerdctl-1039`); throws when there is none. */
export function caseById(id: string): CorpusCase {
  const all = corpusCases();
  const c = all.find((x) => x.id === id) ?? all.find((x) => x.id.startsWith(id));
  if (!c) throw new Error(`no corpus case ${id}`);
  return c;
}

/** The files of a corpus case (by id or its start), name -> text. */
export function caseTexts(id: string): Record<string, string> {
  return corpusTexts(caseById(id));
}

/** A corpus case (by id or its start) through the whole analysis. */
export function analyzeCase(id: string, opts: AnalysisOptions = {}): Promise<AnalysisResult> {
  return analyzeTexts(caseTexts(id), opts);
}

/**
 * A cause that must earn its place with a line: below `likely` (and never supported) on every
 * corpus case the threads left unknown.
 */
export async function expectBelowLikelyOnUnknownCases(id: string): Promise<void> {
  for (const c of corpusCases().filter((x) => x.root_cause_category === 'unknown')) {
    const r = await analyzeTexts(corpusTexts(c));
    const h = hypothesis(r, id);
    expect(h.score, `${c.id}\n${treeSummary(r)}`).toBeLessThan(0.5);
    expect(['open', 'unlikely', 'refuted'], c.id).toContain(h.verdict);
  }
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
