// Every worker call goes through TanStack Query. Parse and view results are derived from
// immutable inputs (the sources' bytes, their formats, the parser set), so the cache is keyed by
// those inputs: [kind, ...inputs]. Adding, removing or re-typing a source changes the inputs and
// invalidates what depended on them.
import {
  keepPreviousData,
  type QueryClient,
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useMemo } from 'react';
import type {
  AnalysisOptions,
  AnalysisResult,
  Evidence,
  Hypothesis,
  Verdict,
} from '../core/analysis/model.ts';
import type { AddSourceInput } from '../core/engine/client-api.ts';
import type {
  ClockDecision,
  ClockReport,
  HistogramQuery,
  LanesQuery,
  Progress,
  Row,
  SourceClock,
  SourceSummary,
  ViewQuery,
} from '../core/engine/engine-api.ts';
import type { FormatId } from '../core/model/event.ts';
import { PARSER_SET_VERSION } from '../core/parsers/registry.ts';
import type { EventRef } from '../core/report/document-model.ts';
import { useWorkbenchClient } from './client-context.tsx';
import { useWorkbenchStore } from './store.ts';

/** Rows fetched per request: a screenful or two, so a scroll needs one or two small requests. */
export const ROW_PAGE_SIZE = 100;

export const queryKeys = {
  sources: () => ['sources'] as const,
  view: (sourcesKey: string, q: ViewQuery) => ['view', sourcesKey, q] as const,
  rows: (viewId: string, page: number) => ['rows', viewId, page] as const,
  detail: (sourcesKey: string, eventId: string) => ['detail', sourcesKey, eventId] as const,
  eventRows: (sourcesKey: string, ids: readonly string[]) => ['eventRows', sourcesKey, ids] as const,
  context: (sourcesKey: string, eventId: string, before: number, after: number) =>
    ['context', sourcesKey, eventId, before, after] as const,
  histogram: (q: HistogramQuery) => ['histogram', q] as const,
  lanes: (q: LanesQuery) => ['lanes', q] as const,
  clocks: (sourcesKey: string) => ['clocks', sourcesKey] as const,
  entities: (sourcesKey: string) => ['entities', sourcesKey] as const,
  lifecycle: (sourcesKey: string, key: string) => ['lifecycle', sourcesKey, key] as const,
  analysis: (sourcesKey: string, clockKey: string, opts: AnalysisOptions) =>
    ['analysis', sourcesKey, clockKey, opts] as const,
};

/** Query kinds that depend on the set of sources and how their clocks are aligned. */
const SOURCE_DERIVED = [
  'sources',
  'view',
  'detail',
  'eventRows',
  'documentLines',
  'context',
  'clocks',
  'entities',
  'lifecycle',
];

/**
 * What the parsed events depend on: each source's bytes (contentHash), how each segment is read
 * (a hand override re-parses the same bytes differently) and the parser set's version.
 */
export function sourcesKeyOf(sources: readonly SourceSummary[]): string {
  const parts = sources.map((s) => {
    const segs = s.segments.map((g) => `${g.lineStart}:${g.format}${g.overridden ? '!' : ''}`).join(',');
    return `${s.sourceId}=${s.contentHash}[${segs}]`;
  });
  return [PARSER_SET_VERSION, ...parts].join('|');
}

/** Drops everything derived from the set of sources; called after add / remove / override. */
export async function invalidateSourceDerived(qc: QueryClient): Promise<void> {
  // Rows are keyed by view id; an engine may hand out the same id for a recomputed view, so
  // cached pages are dropped rather than trusted.
  // Histograms and lanes are keyed by view id too.
  qc.removeQueries({ queryKey: ['rows'] });
  qc.removeQueries({ queryKey: ['histogram'] });
  qc.removeQueries({ queryKey: ['lanes'] });
  await Promise.all(SOURCE_DERIVED.map((kind) => qc.invalidateQueries({ queryKey: [kind] })));
}

export function useSources() {
  const client = useWorkbenchClient();
  return useQuery({
    queryKey: queryKeys.sources(),
    queryFn: () => client.listSources(),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useSourcesKey(): string {
  const { data } = useSources();
  return useMemo(() => sourcesKeyOf(data ?? []), [data]);
}

/** The computed view for a query; null = nothing to show (no sources, or everything filtered off). */
export function useView(q: ViewQuery | null) {
  const client = useWorkbenchClient();
  const sourcesKey = useSourcesKey();
  const enabled = q !== null;
  return useQuery({
    queryKey: queryKeys.view(sourcesKey, q ?? { sources: [], severities: [], search: '' }),
    queryFn: () => client.view(q ?? { sources: [], severities: [], search: '' }),
    enabled,
    // While a new search or filter computes, keep showing the previous rows instead of a blank table.
    placeholderData: enabled ? keepPreviousData : undefined,
    // The engine keeps only its latest views (a view id can go away), and answers a query it
    // still holds at once: so a cached view is shown but asked for again when it is used again.
    staleTime: 0,
  });
}

/**
 * The rows of a view between two positions (inclusive), fetched page by page. Only the pages
 * that cover the visible window are requested; the returned lookup is cheap to call per row.
 */
export function useRowWindow(
  viewId: string | undefined,
  first: number,
  last: number,
): { getRow: (index: number) => Row | undefined; failed: boolean } {
  const client = useWorkbenchClient();
  const pages: number[] = [];
  if (viewId !== undefined && last >= first && first >= 0) {
    for (let p = Math.floor(first / ROW_PAGE_SIZE); p <= Math.floor(last / ROW_PAGE_SIZE); p++) pages.push(p);
  }
  const results = useQueries({
    queries: pages.map((page) => ({
      queryKey: queryKeys.rows(viewId ?? '', page),
      queryFn: () => client.rows(viewId ?? '', page * ROW_PAGE_SIZE, ROW_PAGE_SIZE),
      staleTime: Number.POSITIVE_INFINITY,
      // Scrolling through a million rows visits thousands of pages; keep only recent ones.
      gcTime: 30_000,
    })),
  });
  const firstPage = pages[0] ?? 0;
  return {
    getRow: (index: number) => {
      const page = Math.floor(index / ROW_PAGE_SIZE);
      return results[page - firstPage]?.data?.[index - page * ROW_PAGE_SIZE];
    },
    failed: results.some((r) => r.isError),
  };
}

export function useDetail(eventId: string | null) {
  const client = useWorkbenchClient();
  const sourcesKey = useSourcesKey();
  return useQuery({
    queryKey: queryKeys.detail(sourcesKey, eventId ?? ''),
    queryFn: () => client.detail(eventId ?? ''),
    enabled: eventId !== null,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export interface AddSourceVars {
  input: AddSourceInput;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

export function useAddSource() {
  const client = useWorkbenchClient();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ input, onProgress, signal }: AddSourceVars) => client.addSource(input, onProgress, signal),
    onSuccess: () => invalidateSourceDerived(qc),
  });
}

export function useRemoveSource() {
  const client = useWorkbenchClient();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (sourceId: string) => client.removeSource(sourceId),
    onSettled: () => invalidateSourceDerived(qc),
  });
}

export interface SetFormatVars {
  sourceId: string;
  lineStart: number;
  format: FormatId | null;
}

export function useSetFormat() {
  const client = useWorkbenchClient();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ sourceId, lineStart, format }: SetFormatVars) =>
      client.setFormat(sourceId, lineStart, format),
    // Kept with the incident once the engine took it, so that it is replayed when the incident's
    // sources are read back (a refused override is not a decision).
    onSuccess: (_summary, vars) => useWorkbenchStore.getState().recordFormatOverride(vars),
    onSettled: () => invalidateSourceDerived(qc),
  });
}

/** Rows of these events (pinned events, anchor pairs), in the order given; unknown ids are left out. */
export function useEventRows(eventIds: readonly string[]) {
  const client = useWorkbenchClient();
  const sourcesKey = useSourcesKey();
  return useQuery({
    queryKey: queryKeys.eventRows(sourcesKey, eventIds),
    queryFn: () => client.eventRows([...eventIds]),
    enabled: eventIds.length > 0,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The event and its neighbours in its own source (grep -C). */
export function useEventContext(eventId: string | null, before: number, after: number) {
  const client = useWorkbenchClient();
  const sourcesKey = useSourcesKey();
  return useQuery({
    queryKey: queryKeys.context(sourcesKey, eventId ?? '', before, after),
    queryFn: () => client.context(eventId ?? '', before, after),
    enabled: eventId !== null,
    staleTime: Number.POSITIVE_INFINITY,
    placeholderData: keepPreviousData,
  });
}

/** Density of a view over [from, to]; null = nothing to ask (no view or no timed rows). */
export function useHistogram(q: HistogramQuery | null) {
  const client = useWorkbenchClient();
  const key = q ?? { viewId: '', from: 0, to: 0, bins: 0 };
  return useQuery({
    queryKey: queryKeys.histogram(key),
    queryFn: () => client.histogram(key),
    enabled: q !== null,
    staleTime: Number.POSITIVE_INFINITY,
    placeholderData: keepPreviousData,
  });
}

export function useLanes(q: LanesQuery | null) {
  const client = useWorkbenchClient();
  const key = q ?? { viewId: '', from: 0, to: 0, bins: 0, by: 'source' as const };
  return useQuery({
    queryKey: queryKeys.lanes(key),
    queryFn: () => client.lanes(key),
    enabled: q !== null,
    staleTime: Number.POSITIVE_INFINITY,
    placeholderData: keepPreviousData,
  });
}

/** How every source's clock was aligned (recomputed by the engine after each change). */
export function useClocks() {
  const client = useWorkbenchClient();
  const sourcesKey = useSourcesKey();
  return useQuery({
    queryKey: queryKeys.clocks(sourcesKey),
    queryFn: () => client.clocks(),
    staleTime: 0,
  });
}

export interface SetClockVars {
  sourceId: string;
  decision: ClockDecision | null;
}

/** Accept, correct or pin a source's clock: times move, so everything derived is asked again. */
export function useSetClock() {
  const client = useWorkbenchClient();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ sourceId, decision }: SetClockVars) => client.setClock(sourceId, decision),
    // Kept with the incident (replayed after its sources are read back), once the engine took it.
    onSuccess: (_report, { sourceId, decision }) =>
      useWorkbenchStore.getState().recordClockDecision(sourceId, decision),
    onSettled: () => invalidateSourceDerived(qc),
  });
}

export function useEntities() {
  const client = useWorkbenchClient();
  const sourcesKey = useSourcesKey();
  return useQuery({
    queryKey: queryKeys.entities(sourcesKey),
    queryFn: () => client.entities(),
    staleTime: 0,
  });
}

export function useLifecycle(entityKey: string | null) {
  const client = useWorkbenchClient();
  const sourcesKey = useSourcesKey();
  return useQuery({
    queryKey: queryKeys.lifecycle(sourcesKey, entityKey ?? ''),
    queryFn: () => client.lifecycle(entityKey ?? ''),
    enabled: entityKey !== null,
    staleTime: 0,
  });
}

/**
 * What the analysis's times depend on beyond the sources' bytes: every source's year, zone, shift,
 * pinned line and boot offsets (a clock decision moves them, and with them which lines fall in a
 * hypothesis's window). Counts, reasons and evidence are results, not inputs: left out.
 */
export function clockKeyOf(report: ClockReport | undefined): string {
  if (!report) return '';
  const parts = report.sources.map((s) =>
    [
      s.sourceId,
      s.year?.value ?? '',
      s.zone?.utcOffsetMinutes ?? '',
      s.shiftUs,
      s.pinned ? `${s.pinned.eventId}@${s.pinned.wallUs}` : '',
      s.boots.map((b) => `${b.boot}=${b.bootTimeUs ?? ''}`).join(','),
    ].join(':'),
  );
  return [report.defaultUtcOffsetMinutes, ...parts].join('|');
}

/** The analyst's decisions and hypotheses from the store, as the options of an analysis (stable while they are). */
export function useAnalysisOptions(): AnalysisOptions {
  const decisions = useWorkbenchStore((s) => s.decisions);
  const custom = useWorkbenchStore((s) => s.customHypotheses);
  const userSymptoms = useWorkbenchStore((s) => s.userSymptoms);
  return useMemo(() => ({ decisions, custom, userSymptoms }), [decisions, custom, userSymptoms]);
}

/**
 * The cause-hypothesis tree of the current sources. Keyed by everything it is computed from: the
 * sources, their clocks and the options; so it is asked again after a source is added or removed,
 * a clock decision that moves times, or a new decision or hypothesis of the analyst. It is not in
 * SOURCE_DERIVED: invalidating it would weigh the old key once more while the clocks are being
 * asked again, and then the new key (the whole tree twice per change). `enabled: false` only reads
 * what is cached (the timeline's detail pane never starts an analysis itself).
 */
export function useAnalysis(opts: AnalysisOptions, { enabled = true }: { enabled?: boolean } = {}) {
  const client = useWorkbenchClient();
  const sourcesKey = useSourcesKey();
  const clocks = useClocks();
  const clockKey = clockKeyOf(clocks.data);
  return useQuery({
    queryKey: queryKeys.analysis(sourcesKey, clockKey, opts),
    queryFn: () => client.analysis(opts),
    // Waits while the clocks are asked (after any change they are): else the tree is weighed
    // under the old clocks and again under the new. A client that cannot report clocks still analyses.
    enabled: enabled && !clocks.isFetching,
    // The key holds every input, so a result never goes stale: the clocks being asked again (each
    // detail pane that opens asks) must not weigh the whole tree again.
    staleTime: Number.POSITIVE_INFINITY,
    // A new decision keeps the tree on screen while it is weighed again.
    placeholderData: keepPreviousData,
  });
}

/** A hypothesis that cites an event as evidence, for the timeline's detail pane. */
export interface CitingHypothesis {
  id: string;
  title: string;
  verdict: Verdict;
  stance: 'for' | 'against';
}

/** The hypotheses of an analysis whose evidence rests on `eventId` (each once; `for` wins a tie). */
export function hypothesesCiting(result: AnalysisResult | undefined, eventId: string): CitingHypothesis[] {
  const out: CitingHypothesis[] = [];
  const walk = (hs: readonly Hypothesis[]) => {
    for (const h of hs) {
      const cites = (list: readonly Evidence[]) => list.some((e) => e.eventIds.includes(eventId));
      const stance = cites(h.for) ? 'for' : cites(h.against) ? 'against' : null;
      if (stance) out.push({ id: h.id, title: h.title, verdict: h.verdict, stance });
      walk(h.children);
    }
  };
  walk(result?.hypotheses ?? []);
  // What the line speaks for first; the tree's order within each side.
  return [...out.filter((c) => c.stance === 'for'), ...out.filter((c) => c.stance === 'against')];
}

/**
 * The hypotheses of the current analysis that cite this event, read from the cache only: an
 * event's detail never starts an analysis (the Analysis tab does, once it has been opened).
 */
export function useHypothesesCiting(eventId: string): CitingHypothesis[] {
  const opts = useAnalysisOptions();
  const { data } = useAnalysis(opts, { enabled: false });
  return useMemo(() => hypothesesCiting(data, eventId), [data, eventId]);
}

/** A footnote shows this much of a cited line; the rest is in the timeline. */
export const EXCERPT_MAX = 300;

/**
 * A row as the line a document cites: file = the source's name, the excerpt the line as it stands
 * in the file (`Nov 24 07:48:16 k8s-worker-21 kernel: Memory cgroup out of memory: Killed process
 * 2150 ...`, so `file:line` and the excerpt agree, a reader can grep for it, and redaction sees
 * the host in its syslog header), cut to 300 characters. A record over several lines (a crictl
 * inspect block) gives its message instead, as the CLI does (`rca report`).
 */
export function eventRefOf(row: Row, rawLine?: string): EventRef {
  const text = row.lineEnd === row.line && rawLine !== undefined ? rawLine : row.message;
  return {
    eventId: row.eventId,
    file: row.sourceName,
    line: row.line,
    excerpt: text.length > EXCERPT_MAX ? `${text.slice(0, EXCERPT_MAX - 1)}…` : text,
    time: row.time,
  };
}

/**
 * The lines a document may cite (evidence, symptoms, pins, the selected event), by event id.
 * Ids are deduplicated and sorted for the cache key: the same set asked in another order is one
 * request. An id no current source has is simply absent.
 */
export function useDocumentLines(eventIds: readonly string[]): {
  lines: Record<string, EventRef>;
  isPending: boolean;
} {
  const client = useWorkbenchClient();
  const sourcesKey = useSourcesKey();
  const ids = useMemo(() => [...new Set(eventIds)].sort(), [eventIds]);
  const { data, isPending } = useQuery({
    queryKey: ['documentLines', sourcesKey, ids] as const,
    queryFn: async () => {
      const rows = await client.eventRows(ids);
      // The raw line of each one-line record (a few dozen cited lines: one detail each).
      const raws = await Promise.all(
        rows.map((r) =>
          r.lineEnd === r.line
            ? client.detail(r.eventId).then(
                (d) => d.raw[0]?.text,
                () => undefined,
              )
            : Promise.resolve(undefined),
        ),
      );
      const out: Record<string, EventRef> = {};
      rows.forEach((row, i) => {
        out[row.eventId] = eventRefOf(row, raws[i]);
      });
      return out;
    },
    enabled: ids.length > 0,
    staleTime: Number.POSITIVE_INFINITY,
    // A new pin or selection keeps the lines known so far while the new set is fetched.
    placeholderData: keepPreviousData,
  });
  return { lines: data ?? NO_LINES, isPending: ids.length > 0 && isPending };
}

const NO_LINES: Record<string, EventRef> = {};

/** The focus container's lifecycle steps (the lifecycle gantt of a document), as `rca report` reads them. */
export function useFocusLifecycle(
  result: AnalysisResult | undefined,
): { label: string; time: number | null }[] | undefined {
  const { data: entities } = useEntities();
  const id = result?.focus.containers[0];
  const key =
    id !== undefined && entities?.some((e) => e.key === `container:${id}`) ? `container:${id}` : null;
  const { data } = useLifecycle(key);
  return useMemo(
    () => (key && data ? data.map((s) => ({ label: s.label, time: s.time })) : undefined),
    [key, data],
  );
}

/** A document's "sources" table row: what was read and how its clock was set. */
export interface DocumentSource {
  name: string;
  formats: string[];
  lines: number;
  events: number;
  alignment?: string;
}

/** How a source's times were aligned, in a few words: `UTC+01:00 (learned), shifted +2.5 s, year 2025 (user)`. */
export function alignmentOf(clock: SourceClock): string {
  const parts: string[] = [];
  if (clock.zone) {
    const m = clock.zone.utcOffsetMinutes;
    const sign = m < 0 ? '-' : '+';
    const hh = String(Math.floor(Math.abs(m) / 60)).padStart(2, '0');
    const mm = String(Math.abs(m) % 60).padStart(2, '0');
    parts.push(`UTC${sign}${hh}:${mm} (${clock.zone.how})`);
  }
  if (clock.shiftUs !== 0) parts.push(`shifted ${clock.shiftUs > 0 ? '+' : ''}${clock.shiftUs / 1e6} s`);
  if (clock.pinned) parts.push(`pinned at ${clock.pinned.eventId}`);
  if (clock.year) parts.push(`year ${clock.year.value} (${clock.year.how})`);
  const boots = clock.boots.filter((b) => b.bootTimeUs !== null).length;
  if (boots > 0) parts.push(`${boots} boot ${boots === 1 ? 'clock' : 'clocks'} aligned`);
  if (clock.accepted) parts.push('accepted');
  return parts.length > 0 ? parts.join(', ') : 'as written';
}

export function documentSourcesOf(
  sources: readonly SourceSummary[],
  clocks: ClockReport | undefined,
): DocumentSource[] {
  const byId = new Map((clocks?.sources ?? []).map((c) => [c.sourceId, c]));
  return sources.map((s) => {
    const clock = byId.get(s.sourceId);
    return {
      name: s.name,
      formats: [...new Set(s.segments.map((g) => g.format))],
      lines: s.lines,
      events: s.events,
      ...(clock ? { alignment: alignmentOf(clock) } : {}),
    };
  });
}

/** The sources as a document lists them (name, formats, counts, clock alignment). */
export function useDocumentSources(): DocumentSource[] {
  const { data: sources } = useSources();
  const { data: clocks } = useClocks();
  return useMemo(() => documentSourcesOf(sources ?? [], clocks), [sources, clocks]);
}
