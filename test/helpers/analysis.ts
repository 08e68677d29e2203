// The analysis as the app runs it: files into a Workbench (detection, parsing, clock alignment,
// entity links), then Workbench.analysis. Tests of hypotheses use this, so what they assert is
// what the analysis panel and `rca analyze` show.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { AnalysisOptions, AnalysisResult, Hypothesis } from '../../src/core/analysis/model.ts';
import { Workbench } from '../../src/core/engine/workbench.ts';
import type { EventRef } from '../../src/core/report/document-model.ts';
import { type CorpusCase, corpusCases } from './corpus.ts';
import { SAMPLE_FILES } from './sample.ts';

/** Node clock of the fixtures: 2025, UTC (the year only matters to year-less lines). */
export const FIXTURE_CLOCK = { year: 2025, utcOffsetMinutes: 0 };

export async function analyzeTexts(
  files: Record<string, string>,
  opts: AnalysisOptions = {},
  clock = FIXTURE_CLOCK,
): Promise<AnalysisResult> {
  return (await workbenchOf(files, clock)).analysis(opts);
}

/** A Workbench holding `files` (parsed, aligned, linked), for what the analysis alone does not give. */
export async function workbenchOf(files: Record<string, string>, clock = FIXTURE_CLOCK): Promise<Workbench> {
  const wb = new Workbench({ defaultClock: () => clock });
  for (const [name, text] of Object.entries(files)) {
    const bytes = new TextEncoder().encode(text);
    // A stream of the bytes without Blob: jsdom's Blob (tests that need a DOM) has no stream().
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes);
        c.close();
      },
    });
    await wb.addSource({ name, kind: 'file', stream, totalBytes: bytes.length });
  }
  return wb;
}

/** What a document fill needs from a Workbench besides the analysis (FillInput's shape). */
export interface DocumentLines {
  /** Cited lines by event id: file = the source's name, excerpt = the line cut to 300 characters. */
  lines: Record<string, EventRef>;
  sources: { name: string; formats: string[]; lines: number; events: number; alignment?: string }[];
  /** The first focus container's lifecycle steps, when the engine knows the container. */
  lifecycle?: { label: string; time: number | null }[];
}

/** The lines `ids` name, the sources and the focus container's lifecycle, as the app fetches them. */
export function documentLines(
  wb: Workbench,
  ids: readonly string[],
  analysis?: AnalysisResult,
): DocumentLines {
  const lines: Record<string, EventRef> = {};
  for (const r of wb.eventRows([...new Set(ids)])) {
    const excerpt = r.message.length > 300 ? `${r.message.slice(0, 299)}…` : r.message;
    lines[r.eventId] = { eventId: r.eventId, file: r.sourceName, line: r.line, excerpt, time: r.time };
  }
  const clocks = new Map(wb.clocks().sources.map((c) => [c.sourceId, c]));
  const names = new Map(wb.listSources().map((s) => [s.sourceId, s.name]));
  const sources = wb.listSources().map((s) => {
    const c = clocks.get(s.sourceId);
    // A short phrase, enough for a fixture: how the source's times reached the timeline.
    const anchors = c?.boots.flatMap((b) => b.anchorSources.map((id) => names.get(id) ?? id)) ?? [];
    const alignment = !c
      ? 'not reported'
      : c.boots.length === 0
        ? 'as printed'
        : anchors.length > 0
          ? `aligned to ${[...new Set(anchors)].join(', ')}`
          : 'relative';
    return {
      name: s.name,
      formats: [...new Set(s.segments.map((g) => g.format))],
      lines: s.lines,
      events: s.events,
      alignment,
    };
  });
  const container = analysis?.focus.containers[0];
  const key = container === undefined ? undefined : `container:${container}`;
  const lifecycle =
    key && wb.entities().some((e) => e.key === key)
      ? wb.lifecycle(key).map((s) => ({ label: s.label, time: s.time }))
      : undefined;
  return lifecycle ? { lines, sources, lifecycle } : { lines, sources };
}

export function sampleTexts(): Record<string, string> {
  return Object.fromEntries(
    // A path, not a URL: under jsdom the global URL is jsdom's, which node:fs does not take as a file URL.
    SAMPLE_FILES.map((n) => [
      n,
      readFileSync(join(import.meta.dirname, '..', '..', 'public', 'sample', n), 'utf8'),
    ]),
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

/** The bundled sample in a Workbench (for the lines and sources a document cites). */
export function sampleWorkbench(): Promise<Workbench> {
  return workbenchOf(sampleTexts());
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
