// The two WorkbenchClient implementations the UI uses: over the engine Web Worker (the app), and
// in-process on the calling thread (jsdom component tests, Node), with the same Workbench.
import type { AddSourceInput, WorkbenchClient } from '../core/engine/client-api.ts';
import type { Progress } from '../core/engine/engine-api.ts';
import { Workbench } from '../core/engine/workbench.ts';
import { InputError } from '../core/ingest/decode.ts';
import { blobStream } from './blob-stream.ts';
import type { EngineCalls, FromWorker, Method, ToWorker } from './protocol.ts';

/** What the client needs of a Worker (a fake in tests). */
export interface WorkerLike {
  postMessage(m: ToWorker): void;
  addEventListener(type: 'message', fn: (ev: MessageEvent<FromWorker>) => void): void;
  addEventListener(type: 'error', fn: (ev: ErrorEvent) => void): void;
  terminate(): void;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  onProgress?: (p: Progress) => void;
}

function toError(e: { name: string; message: string }): Error {
  if (e.name === 'InputError') return new InputError(e.message);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

export function createWorkerClient(worker?: WorkerLike): WorkbenchClient {
  const w: WorkerLike =
    worker ?? (new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' }) as WorkerLike);
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let dead: Error | null = null;

  w.addEventListener('message', (ev) => {
    const m = ev.data;
    const p = pending.get(m.id);
    if (!p) return;
    if (m.type === 'progress') {
      p.onProgress?.(m.progress);
      return;
    }
    pending.delete(m.id);
    if (m.type === 'result') p.resolve(m.value);
    else p.reject(toError(m.error));
  });
  w.addEventListener('error', (ev) => {
    // The worker script failed (a load or syntax error): nothing pending will ever answer.
    dead = new Error(`The engine worker stopped: ${ev.message || 'unknown error'}`);
    for (const p of pending.values()) p.reject(dead);
    pending.clear();
  });

  function call<M extends Method>(
    method: M,
    args: Parameters<EngineCalls[M]>,
    onProgress?: (p: Progress) => void,
    signal?: AbortSignal,
  ): Promise<ReturnType<EngineCalls[M]>> {
    if (dead) return Promise.reject(dead);
    if (signal?.aborted) return Promise.reject(new InputError('Cancelled'));
    const id = nextId++;
    return new Promise<ReturnType<EngineCalls[M]>>((resolve, reject) => {
      pending.set(id, { resolve: (v) => resolve(v as ReturnType<EngineCalls[M]>), reject, onProgress });
      // The worker answers a cancelled add with InputError('Cancelled') once it sees the cancel
      // (between chunks), so what it kept and what the caller was told always agree.
      signal?.addEventListener('abort', () => w.postMessage({ type: 'cancel', id }), { once: true });
      w.postMessage({ type: 'call', id, method, args } as ToWorker);
    });
  }

  return {
    addSource: (input, onProgress, signal) => call('addSource', [input], onProgress, signal),
    removeSource: (sourceId) => call('removeSource', [sourceId]),
    setFormat: (sourceId, lineStart, format) => call('setFormat', [sourceId, lineStart, format]),
    listSources: () => call('listSources', []),
    view: (q) => call('view', [q]),
    rows: (viewId, start, count) => call('rows', [viewId, start, count]),
    detail: (eventId) => call('detail', [eventId]),
    eventRows: (ids) => call('eventRows', [ids]),
    indexAt: (viewId, time) => call('indexAt', [viewId, time]),
    rowOf: (viewId, eventId) => call('rowOf', [viewId, eventId]),
    find: (viewId, needle, from, dir) => call('find', [viewId, needle, from, dir]),
    context: (eventId, before, after) => call('context', [eventId, before, after]),
    histogram: (q) => call('histogram', [q]),
    lanes: (q) => call('lanes', [q]),
    clocks: () => call('clocks', []),
    setClock: (sourceId, decision) => call('setClock', [sourceId, decision]),
    entities: () => call('entities', []),
    lifecycle: (key) => call('lifecycle', [key]),
    analysis: (opts) => call('analysis', [opts]),
    dispose() {
      dead = new Error('The engine client was disposed');
      for (const p of pending.values()) p.reject(dead);
      pending.clear();
      w.terminate();
    },
  };
}

/** The same engine on the calling thread: for component tests (jsdom) and Node. */
export function createInProcessClient(workbench: Workbench = new Workbench()): WorkbenchClient {
  // Answers are copied like postMessage would, so a caller that mutates a result cannot corrupt
  // the engine's state, and tests see what the worker client would give.
  const copy = <T>(v: T): T => structuredClone(v);
  return {
    async addSource(input: AddSourceInput, onProgress, signal) {
      const s = await workbench.addSource(
        {
          name: input.name,
          kind: input.kind,
          stream: blobStream(input.blob),
          totalBytes: input.blob.size,
          clock: input.clock,
          sourceId: input.sourceId,
        },
        onProgress,
        signal,
      );
      return copy(s);
    },
    async removeSource(sourceId) {
      await workbench.removeSource(sourceId);
    },
    async setFormat(sourceId, lineStart, format) {
      return copy(await workbench.setFormat(sourceId, lineStart, format));
    },
    async listSources() {
      return copy(workbench.listSources());
    },
    async view(q) {
      return copy(workbench.view(q));
    },
    async rows(viewId, start, count) {
      return workbench.rows(viewId, start, count);
    },
    async detail(eventId) {
      return copy(workbench.detail(eventId));
    },
    async eventRows(ids) {
      return copy(workbench.eventRows(ids));
    },
    async indexAt(viewId, time) {
      return workbench.indexAt(viewId, time);
    },
    async rowOf(viewId, eventId) {
      return workbench.rowOf(viewId, eventId);
    },
    async find(viewId, needle, from, dir) {
      return workbench.find(viewId, needle, from, dir);
    },
    async context(eventId, before, after) {
      return copy(workbench.context(eventId, before, after));
    },
    async histogram(q) {
      return copy(workbench.histogram(q));
    },
    async lanes(q) {
      return copy(workbench.lanes(q));
    },
    async clocks() {
      return copy(workbench.clocks());
    },
    async setClock(sourceId, decision) {
      return copy(await workbench.setClock(sourceId, decision));
    },
    async entities() {
      return copy(workbench.entities());
    },
    async lifecycle(key) {
      return copy(workbench.lifecycle(key));
    },
    async analysis(opts) {
      return copy(workbench.analysis(opts));
    },
    dispose() {
      workbench.clear();
    },
  };
}
