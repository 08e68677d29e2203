// The analysis over the engine's stores (issue 5): what the rules need is read once per parse
// (one replay of the stored lines, like the entity index) and kept as "material"; every
// analysis then takes the times from the stores as they are now (clock alignment moves them),
// so a re-alignment or an analyst decision re-runs only the cheap part.
import { analyze, isLinkEvent } from '../analysis/analyze.ts';
import { countEvent, producerOf } from '../analysis/coverage.ts';
import type { Joins } from '../analysis/joins.ts';
import type { AnalysisOptions, AnalysisResult, Producer, SourceCoverage } from '../analysis/model.ts';
import type { Finding } from '../analysis/rule-schema.ts';
import { type CompiledRule, FindingScanner } from '../analysis/rules.ts';
import { detectSymptoms } from '../analysis/symptoms.ts';
import type { FormatId, LogEvent } from '../model/event.ts';
import { type IndexableStore, replayStore } from '../timeline/entity-index.ts';

const PRODUCERS: readonly Producer[] = [
  'kernel',
  'containerd',
  'kubelet',
  'systemd',
  'runtime-state',
  'other',
];

/** What one parse gives the analysis, with the times it was parsed with. */
export interface AnalysisMaterial {
  findings: Finding[];
  /** Events symptom detection reads beyond findings (container <-> sandbox / pod rows, restart counts). */
  linkEvents: LogEvent[];
  /** Per store event: its producer (index into PRODUCERS). */
  producers: Uint8Array;
  formats: FormatId[];
  millis: number;
}

export interface AnalysableStore extends IndexableStore {
  time(i: number): number | null;
  indexOfLine(line: number): number;
}

/** `also` sees every replayed event too (the engine builds the entity index in the same replay). */
export function collectMaterial(
  store: AnalysableStore,
  sourceId: string,
  rules: readonly CompiledRule[],
  also?: (e: LogEvent) => void,
): AnalysisMaterial {
  const t0 = performance.now();
  const scanner = new FindingScanner(rules);
  const linkEvents: LogEvent[] = [];
  const producers = new Uint8Array(store.count);
  const formats = new Set<FormatId>();
  replayStore(store, sourceId, (e) => {
    also?.(e);
    scanner.push(e);
    formats.add(e.format);
    const i = store.indexOfLine(e.line);
    if (i >= 0) producers[i] = PRODUCERS.indexOf(producerOf(e));
    if (isLinkEvent(e)) linkEvents.push(e);
  });
  return {
    findings: scanner.findings,
    linkEvents,
    producers,
    formats: [...formats],
    millis: performance.now() - t0,
  };
}

export interface AnalysisPart {
  sourceId: string;
  name: string;
  store: AnalysableStore;
  material: AnalysisMaterial;
}

/** The store's current time of the event with this id's line, or the parsed one. */
function timeNow(part: AnalysisPart, eventId: string, parsed: number | null): number | null {
  const line = Number(eventId.slice(eventId.lastIndexOf(':') + 1));
  const i = part.store.indexOfLine(line);
  return i >= 0 ? part.store.time(i) : parsed;
}

function coverageOf(part: AnalysisPart): SourceCoverage {
  const cov: SourceCoverage = {
    sourceId: part.sourceId,
    name: part.name,
    formats: part.material.formats,
    producers: {},
  };
  const { store, material } = part;
  for (let i = 0; i < store.count; i++) countEvent(cov, PRODUCERS[material.producers[i]], store.time(i));
  return cov;
}

export function analysisOf(
  parts: readonly AnalysisPart[],
  joins: Joins,
  opts: AnalysisOptions = {},
): AnalysisResult {
  const findings: Finding[] = [];
  const linkEvents: LogEvent[] = [];
  for (const part of parts) {
    for (const f of part.material.findings)
      findings.push({ ...f, time: timeNow(part, f.eventIds[0] ?? '', f.time) });
    for (const e of part.material.linkEvents) linkEvents.push({ ...e, time: timeNow(part, e.id, e.time) });
  }
  const symptoms = [...detectSymptoms(findings, linkEvents), ...(opts.userSymptoms ?? [])];
  return analyze({
    findings,
    symptoms,
    coverage: parts.map(coverageOf),
    joins,
    custom: opts.custom,
    decisions: opts.decisions,
  });
}
