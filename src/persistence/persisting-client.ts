// The client the UI gets: the engine's client with the incident session behind addSource and
// removeSource. A source is stored only after the engine accepted it (a binary file or a
// cancelled read is never kept), and the UI's mutations stay exactly as they were. The session's
// own calls while restoring go to the raw client, so reading an incident back never stores it again.
import type { AddSourceInput, WorkbenchClient } from '../core/engine/client-api.ts';
import type { SourceSummary } from '../core/engine/engine-api.ts';

export interface PersistenceHooks {
  /** The engine accepted this source: keep it with the incident (rejects when it could not). */
  sourceAdded(input: AddSourceInput, summary: SourceSummary): Promise<void>;
  /** The engine dropped this source: drop it from the incident. */
  sourceRemoved(sourceId: string): Promise<void>;
}

/**
 * Every call is forwarded at call time (a test may swap a method of its client after wrapping).
 * The add resolves as soon as the engine has the source: compressing and writing a 100 MB file
 * must not keep it out of the timeline. The session queues the write (its save status says
 * 'saving', flush() waits for it) and reports a failure in the save status: the hooks' promises
 * are only caught here so that nothing is left unhandled.
 */
export function withPersistence(client: WorkbenchClient, hooks: PersistenceHooks): WorkbenchClient {
  return {
    addSource: async (input, onProgress, signal) => {
      const summary = await client.addSource(input, onProgress, signal);
      // The engine's id is the one pins and decisions refer to: keep it with the stored bytes.
      hooks.sourceAdded(input, summary).catch(() => undefined);
      return summary;
    },
    removeSource: async (sourceId) => {
      await client.removeSource(sourceId);
      hooks.sourceRemoved(sourceId).catch(() => undefined);
    },
    setFormat: (sourceId, lineStart, format) => client.setFormat(sourceId, lineStart, format),
    listSources: () => client.listSources(),
    view: (q) => client.view(q),
    rows: (viewId, start, count) => client.rows(viewId, start, count),
    detail: (eventId) => client.detail(eventId),
    eventRows: (eventIds) => client.eventRows(eventIds),
    indexAt: (viewId, time) => client.indexAt(viewId, time),
    rowOf: (viewId, eventId) => client.rowOf(viewId, eventId),
    find: (viewId, needle, from, dir) => client.find(viewId, needle, from, dir),
    context: (eventId, before, after) => client.context(eventId, before, after),
    histogram: (q) => client.histogram(q),
    lanes: (q) => client.lanes(q),
    clocks: () => client.clocks(),
    setClock: (sourceId, decision) => client.setClock(sourceId, decision),
    entities: () => client.entities(),
    lifecycle: (entityKey) => client.lifecycle(entityKey),
    analysis: (opts) => client.analysis(opts),
    dispose: () => client.dispose(),
  };
}
