// The ingest queue: every new source (paste, file, drop, sample) becomes a job, read one at a
// time by the engine (one worker: running them side by side would not be faster, and one at a
// time gives each progress bar a meaning). Jobs are transient UI state, so they live in this
// provider, not in the store; a finished job disappears because its source appears in the list.
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { AddSourceInput } from '../../core/engine/client-api.ts';
import type { Progress } from '../../core/engine/engine-api.ts';
import { type AddSourceVars, useAddSource } from '../../state/queries.ts';
import { fetchSampleFile, fetchSampleManifest, type SampleManifest } from './sample.ts';

export interface IngestJob {
  id: number;
  name: string;
  kind: AddSourceInput['kind'];
  bytes: number;
  status: 'queued' | 'reading' | 'failed';
  progress: Progress | null;
  error?: string;
}

export type SampleState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'loaded'; manifest: SampleManifest }
  | { status: 'error'; error: string };

interface IngestApi {
  jobs: IngestJob[];
  sample: SampleState;
  add: (inputs: AddSourceInput[]) => void;
  cancel: (jobId: number) => void;
  dismiss: (jobId: number) => void;
  loadSample: () => void;
  nextPasteName: () => string;
}

const IngestContext = createContext<IngestApi | null>(null);

/** How often progress reaches React: the engine may report far more often than a screen can show. */
const PROGRESS_FLUSH_MS = 100;

function describeError(err: unknown, aborted: boolean): string {
  if (aborted) return 'Cancelled. Nothing was added.';
  if (err instanceof Error && err.message) return err.message;
  return String(err);
}

export function IngestProvider({ children }: { children: ReactNode }) {
  const [jobs, setJobs] = useState<IngestJob[]>([]);
  const [sample, setSample] = useState<SampleState>({ status: 'idle' });
  const addSource = useAddSource();
  const mutate = useRef<(v: AddSourceVars) => Promise<unknown>>(addSource.mutateAsync);
  mutate.current = addSource.mutateAsync;

  const nextId = useRef(1);
  const pasteCounter = useRef(1);
  const controllers = useRef(new Map<number, AbortController>());
  const queue = useRef<Promise<void>>(Promise.resolve());
  const pendingProgress = useRef(new Map<number, Progress>());
  const flushTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const patch = useCallback((id: number, p: Partial<IngestJob>) => {
    setJobs((js) => js.map((j) => (j.id === id ? { ...j, ...p } : j)));
  }, []);

  const flushProgress = useCallback(() => {
    flushTimer.current = null;
    const pending = pendingProgress.current;
    if (pending.size === 0) return;
    const snapshot = new Map(pending);
    pending.clear();
    setJobs((js) =>
      js.map((j) => (snapshot.has(j.id) ? { ...j, progress: snapshot.get(j.id) ?? j.progress } : j)),
    );
  }, []);

  const run = useCallback(
    async (id: number, input: AddSourceInput) => {
      const ctrl = controllers.current.get(id);
      if (!ctrl || ctrl.signal.aborted) return;
      patch(id, { status: 'reading' });
      try {
        await mutate.current({
          input,
          signal: ctrl.signal,
          onProgress: (p) => {
            pendingProgress.current.set(id, p);
            flushTimer.current ??= setTimeout(flushProgress, PROGRESS_FLUSH_MS);
          },
        });
        pendingProgress.current.delete(id);
        setJobs((js) => js.filter((j) => j.id !== id));
      } catch (err) {
        pendingProgress.current.delete(id);
        patch(id, { status: 'failed', error: describeError(err, ctrl.signal.aborted) });
      } finally {
        controllers.current.delete(id);
      }
    },
    [patch, flushProgress],
  );

  const add = useCallback(
    (inputs: AddSourceInput[]) => {
      const created: IngestJob[] = inputs.map((input) => ({
        id: nextId.current++,
        name: input.name,
        kind: input.kind,
        bytes: input.blob.size,
        status: 'queued',
        progress: null,
      }));
      setJobs((js) => [...js, ...created]);
      created.forEach((job, i) => {
        controllers.current.set(job.id, new AbortController());
        queue.current = queue.current.then(() => run(job.id, inputs[i]));
      });
    },
    [run],
  );

  const cancel = useCallback((id: number) => {
    const ctrl = controllers.current.get(id);
    if (!ctrl) return;
    ctrl.abort();
    // A queued job never reaches the engine: say so now rather than when its turn comes.
    setJobs((js) =>
      js.map((j) =>
        j.id === id && j.status === 'queued'
          ? { ...j, status: 'failed', error: describeError(null, true) }
          : j,
      ),
    );
  }, []);

  const dismiss = useCallback((id: number) => setJobs((js) => js.filter((j) => j.id !== id)), []);

  const loadSample = useCallback(() => {
    setSample({ status: 'loading' });
    (async () => {
      try {
        const manifest = await fetchSampleManifest();
        const blobs = await Promise.all(manifest.files.map((f) => fetchSampleFile(f.name)));
        add(
          manifest.files.map((f, i) => ({
            name: f.name,
            kind: 'sample' as const,
            blob: blobs[i],
            ...(manifest.clock ? { clock: manifest.clock } : {}),
          })),
        );
        setSample({ status: 'loaded', manifest });
      } catch (err) {
        setSample({ status: 'error', error: err instanceof Error ? err.message : String(err) });
      }
    })();
  }, [add]);

  const nextPasteName = useCallback(() => `paste-${pasteCounter.current++}`, []);

  useEffect(
    () => () => {
      if (flushTimer.current) clearTimeout(flushTimer.current);
    },
    [],
  );

  const api = useMemo(
    () => ({ jobs, sample, add, cancel, dismiss, loadSample, nextPasteName }),
    [jobs, sample, add, cancel, dismiss, loadSample, nextPasteName],
  );
  return <IngestContext.Provider value={api}>{children}</IngestContext.Provider>;
}

export function useIngest(): IngestApi {
  const api = useContext(IngestContext);
  if (!api) throw new Error('useIngest: no IngestProvider above this component');
  return api;
}
