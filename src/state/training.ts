// Training mode's data (issue 8): the scenario catalog and a scenario's manifest and files,
// fetched from the app's own folder public/scenarios/ (relative URLs, like the sample: the service
// worker precaches them, so scenarios play offline), and the two engine queries the Training tab
// needs: the analysis of what has been revealed, kept apart from the Analysis tab's cache, and
// where a reference line (file:line) is among the events.
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import type { AnalysisOptions } from '../core/analysis/model.ts';
import type { WorkbenchClient } from '../core/engine/client-api.ts';
import type { SourceSummary } from '../core/engine/engine-api.ts';
import { validateManifest } from '../core/training/manifest.ts';
import { DIFFICULTIES, type Difficulty, type ScenarioManifest } from '../core/training/model.ts';
import type { IncidentSessionApi } from '../persistence/session-api.ts';
import { useWorkbenchClient } from './client-context.tsx';
import { useIncidentSession, useSessionSnapshot } from './incident-context.tsx';
import { clockKeyOf, useClocks, useSources, useSourcesKey } from './queries.ts';

/** A line of public/scenarios/index.json: what the scenario list shows before the manifest is read. */
export interface ScenarioEntry {
  id: string;
  title: string;
  difficulty: Difficulty;
  summary: string;
}

// A scenario id is its folder's name: a slug, so it can never climb out of scenarios/. Input: "shim-memcg-oom".
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function scenariosBaseUrl(): string {
  return `${import.meta.env.BASE_URL}scenarios/`;
}

const isObj = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

function entryOf(x: unknown): ScenarioEntry | undefined {
  if (
    !isObj(x) ||
    typeof x.id !== 'string' ||
    !SLUG.test(x.id) ||
    typeof x.title !== 'string' ||
    typeof x.summary !== 'string' ||
    !(DIFFICULTIES as readonly unknown[]).includes(x.difficulty)
  )
    return undefined;
  return { id: x.id, title: x.title, difficulty: x.difficulty as Difficulty, summary: x.summary };
}

/** The scenario list; an entry that is not in the expected shape is left out (the others still play). */
export async function fetchScenarioIndex(signal?: AbortSignal): Promise<ScenarioEntry[]> {
  const res = await fetch(`${scenariosBaseUrl()}index.json`, { signal });
  if (!res.ok) throw new Error(`The scenario list is not available (index.json: HTTP ${res.status}).`);
  const json: unknown = await res.json();
  if (!Array.isArray(json)) throw new Error('The scenario list (index.json) is not a list.');
  return json.flatMap((e) => entryOf(e) ?? []);
}

/** A scenario's manifest, validated: a manifest with any problem is refused with the first few. */
export async function fetchScenarioManifest(id: string, signal?: AbortSignal): Promise<ScenarioManifest> {
  if (!SLUG.test(id)) throw new Error(`${JSON.stringify(id)} is not a scenario id.`);
  const res = await fetch(`${scenariosBaseUrl()}${id}/manifest.json`, { signal });
  if (!res.ok) throw new Error(`Scenario ${id} is not available (manifest.json: HTTP ${res.status}).`);
  const { manifest, errors } = validateManifest(await res.json());
  if (!manifest) {
    const shown = errors.slice(0, 3).join('; ');
    throw new Error(
      `Scenario ${id} has a manifest this app cannot play: ${shown}${errors.length > 3 ? ` (and ${errors.length - 3} more)` : ''}.`,
    );
  }
  if (manifest.id !== id) throw new Error(`Scenario ${id}: its manifest says it is ${manifest.id}.`);
  return manifest;
}

/** One source file of a scenario, as given (the engine reads it like a dropped file). */
export async function fetchScenarioFile(id: string, file: string, signal?: AbortSignal): Promise<Blob> {
  const res = await fetch(`${scenariosBaseUrl()}${id}/${encodeURIComponent(file)}`, { signal });
  if (!res.ok) throw new Error(`Scenario file ${file}: HTTP ${res.status}.`);
  return res.blob();
}

export function useScenarioIndex({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['scenarios', 'index'],
    queryFn: ({ signal }) => fetchScenarioIndex(signal),
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}

/** The manifests of these scenarios (the list shows their learning goals), each on its own. */
export function useScenarioManifests(ids: readonly string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: ['scenarios', 'manifest', id],
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchScenarioManifest(id, signal),
      staleTime: Number.POSITIVE_INFINITY,
      retry: false,
    })),
  });
}

/** Where a scenario's files are: the app's folder (null), or a scenario kept in this browser. */
export interface ScenarioOrigin {
  manifest: ScenarioManifest;
  localScenarioId: string | null;
}

/** A kept scenario's files were asked for after it was deleted from this browser. */
export class ScenarioGoneError extends Error {
  constructor(title: string) {
    super(`The scenario “${title}” is no longer kept in this browser.`);
    this.name = 'ScenarioGoneError';
  }
}

/**
 * Reads the files of a scenario, one by one, from where it is: fetched from the app's folder, or
 * from the scenario kept in this browser (read once per reader). A kept scenario deleted since
 * rejects with ScenarioGoneError.
 */
export function scenarioFileReader(
  session: Pick<IncidentSessionApi, 'getScenario'>,
  origin: ScenarioOrigin,
): (file: string, signal?: AbortSignal) => Promise<Blob> {
  const { manifest, localScenarioId } = origin;
  if (localScenarioId === null) return (file, signal) => fetchScenarioFile(manifest.id, file, signal);
  let kept: ReturnType<IncidentSessionApi['getScenario']> | null = null;
  return async (file) => {
    kept ??= session.getScenario(localScenarioId);
    const scenario = await kept;
    if (!scenario) throw new ScenarioGoneError(manifest.title);
    const text = Object.hasOwn(scenario.files, file) ? scenario.files[file] : undefined;
    if (text === undefined) throw new Error(`The kept scenario “${manifest.title}” has no file ${file}.`);
    return new Blob([text], { type: 'text/plain' });
  };
}

/** The scenarios kept in this browser (saved from an incident or imported), newest first. */
export function useKeptScenarios({ enabled = true }: { enabled?: boolean } = {}) {
  const session = useIncidentSession();
  const { listVersion } = useSessionSnapshot();
  return useQuery({
    queryKey: ['scenarios', 'kept', listVersion],
    queryFn: () => session.listScenarios(),
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
    placeholderData: keepPreviousData,
  });
}

/**
 * True when the attempt plays a kept scenario that is no longer kept (deleted here): its files not
 * revealed yet cannot be read. False while the list is being read, and for a bundled scenario.
 */
export function useScenarioGone(origin: ScenarioOrigin | null): boolean {
  const id = origin?.localScenarioId ?? null;
  const kept = useKeptScenarios({ enabled: id !== null });
  return id !== null && kept.data !== undefined && !kept.data.some((k) => k.id === id);
}

/**
 * The text of a scenario's files by name (the feedback's footnotes quote the cited lines). A
 * file that cannot be read is left out: its lines are then cited without their text.
 */
export function useScenarioTexts(origin: ScenarioOrigin | null) {
  const session = useIncidentSession();
  return useQuery({
    queryKey: [
      'scenarios',
      'texts',
      origin?.localScenarioId ?? '',
      origin?.manifest.id ?? '',
      origin?.manifest.sources.map((x) => x.file) ?? [],
    ],
    queryFn: async ({ signal }) => {
      const out: Record<string, string> = {};
      if (!origin) return out;
      const read = scenarioFileReader(session, origin);
      for (const x of origin.manifest.sources) {
        try {
          out[x.file] = await (await read(x.file, signal)).text();
        } catch {
          // Quoted without the text; the line reference itself is still right.
        }
      }
      return out;
    },
    enabled: origin !== null,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}

/**
 * The analysis of the sources revealed so far, for the exercise's own lists (hypothesis titles,
 * gaps, verification steps). Its own cache key, apart from useAnalysis's: the timeline's detail
 * pane reads that cache and would show each hypothesis's verdict beside a line, which is the
 * answer the trainee is looking for.
 */
export function useTrainingAnalysis(opts: AnalysisOptions, { enabled = true }: { enabled?: boolean } = {}) {
  const client = useWorkbenchClient();
  const sourcesKey = useSourcesKey();
  const clocks = useClocks();
  const clockKey = clockKeyOf(clocks.data);
  return useQuery({
    queryKey: ['trainingAnalysis', sourcesKey, clockKey, opts],
    queryFn: () => client.analysis(opts),
    enabled: enabled && !clocks.isFetching,
    staleTime: Number.POSITIVE_INFINITY,
    placeholderData: keepPreviousData,
  });
}

/** A line of a scenario file to find among the events: the key line, and its record's first line when it has one. */
export interface LineRef {
  file: string;
  line: number;
  recordStart?: number;
}

/** How far back from a line its event may start (a multi-line record: a JSON object, a stack). */
const LOOKBACK_LINES = 200;

/**
 * The event holding `file:line`, by asking the engine for the events that start at the line, at
 * its record's first line or at any of the lines just before it (client.eventRows leaves out the
 * ids that are not an event's first line) and keeping the nearest one whose lines reach it.
 * Undefined when no source has that name or no event covers the line.
 */
export async function eventAtLine(
  client: WorkbenchClient,
  sources: readonly SourceSummary[],
  ref: LineRef,
): Promise<string | undefined> {
  const source = sources.find((s) => s.name === ref.file);
  if (!source) return undefined;
  const lines = new Set<number>([ref.line]);
  if (ref.recordStart !== undefined) lines.add(ref.recordStart);
  for (let l = ref.line - 1; l >= Math.max(1, ref.line - LOOKBACK_LINES); l--) lines.add(l);
  const rows = await client.eventRows([...lines].map((l) => `${source.sourceId}:${l}`));
  let best: { eventId: string; line: number } | undefined;
  for (const r of rows)
    if (r.line <= ref.line && r.lineEnd >= ref.line && (!best || r.line > best.line))
      best = { eventId: r.eventId, line: r.line };
  return best?.eventId;
}

/** Event ids of these reference lines, by `file:line` (absent: not among the current events). */
export function useLineEvents(refs: readonly LineRef[], { enabled = true }: { enabled?: boolean } = {}) {
  const client = useWorkbenchClient();
  const { data: sources } = useSources();
  const sourcesKey = useSourcesKey();
  return useQuery({
    queryKey: ['trainingLines', sourcesKey, refs],
    queryFn: async () => {
      const out: Record<string, string> = {};
      for (const ref of refs) {
        const id = await eventAtLine(client, sources ?? [], ref);
        if (id) out[`${ref.file}:${ref.line}`] = id;
      }
      return out;
    },
    enabled: enabled && refs.length > 0 && (sources?.length ?? 0) > 0,
    staleTime: Number.POSITIVE_INFINITY,
  });
}
