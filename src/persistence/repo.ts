// IncidentRepo over IndexedDB (db.ts). Every write that must not be half done is ONE readwrite
// transaction: the revision check and the state write, a source's bytes and the meta that lists
// them, a duplicate, an import, a purge. Work that is not IndexedDB (compressing, inflating,
// measuring) happens before or after the transaction: a transaction commits by itself as soon as
// the code awaits anything else. Inside a transaction the requests are awaited one after the
// other: a request that throws then leaves no other request's promise rejecting unobserved.
// Every method rejects only with StorageProblem (errors.ts).
//
// Revisions: meta.rev counts saveState() writes. It is what two tabs compare: a save that read
// an older revision is refused ('conflict'). Other writes (rename, tags, signature, addSource,
// removeSource) read and rewrite the meta inside their own transaction, so they never undo a
// concurrent save, and they leave rev as it is: the session's next saveState with the revision
// it holds still succeeds.

import type { IDBPTransaction } from 'idb';
import { sourceMetaOf } from '../core/persist/bundle.ts';
import type { IncidentBundle, IncidentMeta, IncidentState, StoredSourceMeta } from '../core/persist/model.ts';
import { STATE_VERSION } from '../core/persist/model.ts';
import { defaultIncidentState, isKnownStateVersion, migrateState } from '../core/persist/state.ts';
import { validateManifest } from '../core/training/manifest.ts';
import type { IncidentRepo, LocalScenario, ScenarioMeta, StorageUse } from './api.ts';
import { StorageProblem } from './api.ts';
import { compressForStorage, inflateToOriginal, readBack, type StoredBytes } from './compress.ts';
import {
  openWorkbenchDb,
  type StoredScenario,
  type StoredScenarioFile,
  type StoredState,
  type StoreName,
  sourcesOf,
  type WorkbenchDb,
  type WorkbenchSchema,
} from './db.ts';
import { toStorageProblem } from './errors.ts';

export interface IdbRepoOptions {
  /** 'rca-workbench' by default; tests use their own. */
  dbName?: string;
  /** globalThis.indexedDB by default; tests pass a fresh fake-indexeddb IDBFactory. */
  factory?: IDBFactory;
  /** Epoch ms; Date.now by default. */
  now?: () => number;
  /** navigator.storage by default; null when the browser does not tell (tests pass a fake). */
  storage?: Pick<StorageManager, 'estimate' | 'persisted'> | null;
}

type Tx<M extends IDBTransactionMode = IDBTransactionMode> = IDBPTransaction<WorkbenchSchema, StoreName[], M>;

export const INCIDENT_ID_RE = /^inc-[0-9a-f]{16}$/;

/** `inc-` + 16 hex digits from the browser's cryptographic random source. */
export function newIncidentId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `inc-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export const SCENARIO_ID_RE = /^scn-[0-9a-f]{16}$/;

/** `scn-` + 16 hex digits, as incident ids are made. */
export function newScenarioId(): string {
  return `scn-${newIncidentId().slice(4)}`;
}

/** A scenario as listed: the record without its files' bytes. */
function scenarioMetaOf(r: StoredScenario): ScenarioMeta {
  return {
    id: r.id,
    manifest: r.manifest,
    signature: r.signature,
    savedAt: r.savedAt,
    origin: r.origin,
    fromIncident: r.fromIncident,
    inputBytes: r.files.reduce((n, f) => n + f.bytes, 0),
    storedBytes: r.storedBytes,
  };
}

const byNewest = (a: StoredScenario, b: StoredScenario) =>
  b.savedAt - a.savedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export const CONFLICT_MESSAGE =
  'This incident was changed in another tab after this tab read it: nothing was saved here. ' +
  'Reload the incident to see those changes, or take it over from the other tab.';

const notFound = (id: string) =>
  new StorageProblem(
    `The incident ${id} is no longer stored (deleted for good, perhaps in another tab): reload the incidents list.`,
    'not-found',
  );

function cleanTitle(title: string): string {
  const t = typeof title === 'string' ? title.trim() : '';
  if (!t) throw new StorageProblem('An incident needs a title: type at least one character.', 'other');
  return t;
}

/** Trimmed, without empty ones, each once, in the order given. */
function cleanTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of tags) {
    const t = typeof raw === 'string' ? raw.trim() : '';
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

/** What a state takes in storage, counted as its UTF-8 JSON (close to what the browser writes). */
function stateBytes(state: unknown): number {
  return new TextEncoder().encode(JSON.stringify(state)).byteLength;
}

/** A saved state brought to the current version; one written by a newer app is refused, not guessed. */
function readState(rec: StoredState): IncidentState {
  if (Number.isInteger(rec.version) && rec.version > STATE_VERSION)
    throw new StorageProblem(
      `This incident was saved by a newer version of RCA Workbench (saved state version ${rec.version}; this ` +
        `app reads up to ${STATE_VERSION}). Reload the page to get the newer version; nothing was changed.`,
      'corrupt',
    );
  if (!isKnownStateVersion(rec.version))
    throw new StorageProblem(
      `The saved state of this incident is unreadable (version ${String(rec.version)}). Its sources are intact: ` +
        'duplicate or export the incident to keep them.',
      'corrupt',
    );
  return migrateState(rec.state, rec.version);
}

/** A Uint8Array from any realm (a bundle decoded in a worker or by a library is one too). */
const isBytes = (x: unknown): x is Uint8Array => Object.prototype.toString.call(x) === '[object Uint8Array]';

const byRecency = (a: IncidentMeta, b: IncidentMeta) =>
  b.updatedAt - a.updatedAt || b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Opens the incidents database and returns the repo over it. Rejects with StorageProblem
 * 'unavailable' when the browser gives no storage (the app then runs without keeping anything).
 */
export async function createIdbRepo(opts: IdbRepoOptions = {}): Promise<IncidentRepo> {
  const now = opts.now ?? Date.now;
  let conn: Promise<WorkbenchDb> | null = null;
  // One connection, opened again after the browser closed it (site data cleared, or a newer app
  // version in another tab, which then answers 'unavailable' with what to do).
  const connect = (): Promise<WorkbenchDb> => {
    if (conn) return conn;
    const p = openWorkbenchDb({
      factory: opts.factory,
      name: opts.dbName,
      onClose: () => {
        if (conn === p) conn = null;
      },
    });
    conn = p;
    p.catch(() => {
      if (conn === p) conn = null;
    });
    return p;
  };
  await connect();

  /** Runs `fn` and answers only with StorageProblem. */
  async function guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw toStorageProblem(e);
    }
  }

  /**
   * One transaction: `fn` may await only IDB requests of `tx`. Any throw aborts it, so nothing
   * of it is written; the result is returned once the transaction has committed.
   */
  async function inTx<M extends IDBTransactionMode, T>(
    stores: StoreName[],
    mode: M,
    fn: (tx: Tx<M>) => Promise<T>,
  ): Promise<T> {
    let tx: Tx<M>;
    try {
      tx = (await connect()).transaction(stores, mode);
    } catch (e) {
      throw toStorageProblem(e);
    }
    const done = tx.done;
    // Awaited below; this only keeps an abort before that point from being reported as unhandled.
    done.catch(() => {});
    try {
      const out = await fn(tx);
      await done;
      return out;
    } catch (e) {
      const txError = tx.error;
      try {
        tx.abort();
      } catch {
        // Already committed or aborted by the browser: there is nothing left to undo, and the
        // error that got us here is the one reported.
      }
      throw toStorageProblem(e, txError);
    }
  }

  async function getMeta<M extends IDBTransactionMode>(tx: Tx<M>, id: string): Promise<IncidentMeta> {
    const meta = await tx.objectStore('incidents').get(id);
    if (!meta) throw notFound(id);
    return meta;
  }

  function updateMeta(id: string, change: (m: IncidentMeta) => IncidentMeta): Promise<IncidentMeta> {
    return inTx(['incidents'], 'readwrite', async (tx) => {
      const next = change(await getMeta(tx, id));
      await tx.objectStore('incidents').put(next);
      return next;
    });
  }

  const repo: IncidentRepo = {
    list: () =>
      guard(async () => {
        const all = await inTx(['incidents'], 'readonly', (tx) => tx.objectStore('incidents').getAll());
        return all.filter((m) => m.deletedAt === null).sort(byRecency);
      }),

    get: (id) =>
      guard(() =>
        inTx(['incidents'], 'readonly', async (tx) => (await tx.objectStore('incidents').get(id)) ?? null),
      ),

    create: (init) =>
      guard(async () => {
        const t = now();
        const meta: IncidentMeta = {
          id: newIncidentId(),
          title: cleanTitle(init.title),
          tags: cleanTags(init.tags ?? []),
          createdAt: t,
          updatedAt: t,
          sources: [],
          inputBytes: 0,
          storedBytes: 0,
          signature: null,
          rev: 0,
          deletedAt: null,
        };
        // add, not put: a (vanishingly unlikely) id collision fails instead of overwriting.
        await inTx(['incidents'], 'readwrite', async (tx) => {
          await tx.objectStore('incidents').add(meta);
        });
        return meta;
      }),

    rename: (id, title) =>
      guard(() => {
        const t = cleanTitle(title);
        return updateMeta(id, (m) => ({ ...m, title: t, updatedAt: now() }));
      }),

    setTags: (id, tags) =>
      guard(() => {
        const t = cleanTags(tags);
        return updateMeta(id, (m) => ({ ...m, tags: t, updatedAt: now() }));
      }),

    // The signature follows the analysis (recomputed on open): not an edit, so updatedAt stays.
    setSignature: (id, signature) =>
      guard(async () => void (await updateMeta(id, (m) => ({ ...m, signature })))),

    duplicate: (id) =>
      guard(() =>
        inTx(['incidents', 'states', 'sources'], 'readwrite', async (tx) => {
          const meta = await getMeta(tx, id);
          const state = await tx.objectStore('states').get(id);
          const t = now();
          const copy: IncidentMeta = {
            ...meta,
            id: newIncidentId(),
            title: `${meta.title} (copy)`,
            tags: [...meta.tags],
            sources: meta.sources.map((s) => ({ ...s })),
            createdAt: t,
            updatedAt: t,
            rev: 0,
            deletedAt: null,
          };
          await tx.objectStore('incidents').add(copy);
          if (state) await tx.objectStore('states').add({ ...state, id: copy.id });
          // One source at a time through a cursor: a large incident is never all in memory at once.
          // Each record is structured-cloned on add, so the copy owns its bytes.
          const sources = tx.objectStore('sources');
          let cursor = await sources.openCursor(sourcesOf(id));
          while (cursor) {
            await sources.add({ ...cursor.value, incidentId: copy.id });
            cursor = await cursor.continue();
          }
          return copy;
        }),
      ),

    remove: (id) =>
      guard(async () => void (await updateMeta(id, (m) => ({ ...m, deletedAt: m.deletedAt ?? now() })))),

    restore: (id) => guard(() => updateMeta(id, (m) => ({ ...m, deletedAt: null }))),

    purge: (olderThan) =>
      guard(() =>
        inTx(['incidents', 'states', 'sources'], 'readwrite', async (tx) => {
          let purged = 0;
          let cursor = await tx.objectStore('incidents').openCursor();
          while (cursor) {
            const m = cursor.value;
            if (m.deletedAt !== null && m.deletedAt < olderThan) {
              await cursor.delete();
              await tx.objectStore('states').delete(m.id);
              await tx.objectStore('sources').delete(sourcesOf(m.id));
              purged++;
            }
            cursor = await cursor.continue();
          }
          return purged;
        }),
      ),

    loadState: (id) =>
      guard(() =>
        inTx(['incidents', 'states'], 'readonly', async (tx) => {
          const meta = await getMeta(tx, id);
          const rec = await tx.objectStore('states').get(id);
          return { state: rec ? readState(rec) : defaultIncidentState(), rev: meta.rev };
        }),
      ),

    saveState: (id, state, expectedRev) =>
      guard(() => {
        const bytes = stateBytes(state);
        return inTx(['incidents', 'states'], 'readwrite', async (tx) => {
          const meta = await getMeta(tx, id);
          if (meta.rev !== expectedRev) throw new StorageProblem(CONFLICT_MESSAGE, 'conflict');
          const old = await tx.objectStore('states').get(id);
          const rev = meta.rev + 1;
          await tx.objectStore('states').put({ id, version: STATE_VERSION, state, bytes });
          await tx.objectStore('incidents').put({
            ...meta,
            rev,
            updatedAt: now(),
            storedBytes: Math.max(0, meta.storedBytes - (old?.bytes ?? 0)) + bytes,
          });
          return rev;
        });
      }),

    addSource: (id, source) =>
      guard(async () => {
        const stored = await compressForStorage(source.blob);
        return inTx(['incidents', 'sources'], 'readwrite', async (tx) => {
          const meta = await getMeta(tx, id);
          const sourceId = source.meta.sourceId;
          if (meta.sources.some((s) => s.sourceId === sourceId))
            throw new StorageProblem(
              `This incident already has a source "${sourceId}": nothing was added. Remove it first to add it again.`,
              'other',
            );
          const entry: StoredSourceMeta = {
            ...source.meta,
            order: meta.sources.reduce((max, s) => Math.max(max, s.order + 1), 0),
            addedAt: now(),
          };
          const next: IncidentMeta = {
            ...meta,
            sources: [...meta.sources, entry],
            inputBytes: meta.inputBytes + source.meta.bytes,
            storedBytes: meta.storedBytes + stored.data.byteLength,
            updatedAt: now(),
          };
          await tx
            .objectStore('sources')
            .add({ incidentId: id, sourceId, gzip: stored.gzip, data: stored.data });
          await tx.objectStore('incidents').put(next);
          return next;
        });
      }),

    removeSource: (id, sourceId) =>
      guard(() =>
        inTx(['incidents', 'states', 'sources'], 'readwrite', async (tx) => {
          const meta = await getMeta(tx, id);
          const entry = meta.sources.find((s) => s.sourceId === sourceId);
          if (!entry)
            throw new StorageProblem(
              `The source "${sourceId}" is not stored with this incident.`,
              'not-found',
            );
          const record = await tx.objectStore('sources').get([id, sourceId]);
          const rec = await tx.objectStore('states').get(id);
          let stateDelta = 0;
          await tx.objectStore('sources').delete([id, sourceId]);
          if (rec) {
            // Decisions about a source that is gone would be replayed on a source read again
            // later under the same id: they go with it.
            const state = readState(rec);
            const formatOverrides = state.formatOverrides.filter((o) => o.sourceId !== sourceId);
            const clockDecisions = { ...state.clockDecisions };
            delete clockDecisions[sourceId];
            const next = { ...state, formatOverrides, clockDecisions };
            const bytes = stateBytes(next);
            stateDelta = bytes - (rec.bytes ?? 0);
            await tx.objectStore('states').put({ id, version: STATE_VERSION, state: next, bytes });
          }
          const next: IncidentMeta = {
            ...meta,
            sources: meta.sources.filter((s) => s.sourceId !== sourceId),
            inputBytes: Math.max(0, meta.inputBytes - entry.bytes),
            storedBytes: Math.max(0, meta.storedBytes - (record?.data.byteLength ?? 0) + stateDelta),
            updatedAt: now(),
          };
          await tx.objectStore('incidents').put(next);
          return next;
        }),
      ),

    readSource: (id, sourceId) =>
      guard(async () => {
        const record = await inTx(['sources'], 'readonly', (tx) =>
          tx.objectStore('sources').get([id, sourceId]),
        );
        if (!record)
          throw new StorageProblem(
            `The bytes of source "${sourceId}" are not stored with this incident: add the file again.`,
            'not-found',
          );
        return readBack(record);
      }),

    exportBundle: (id, generator) =>
      guard(async () => {
        const { meta, rec, records } = await inTx(
          ['incidents', 'states', 'sources'],
          'readonly',
          async (tx) => ({
            meta: await getMeta(tx, id),
            rec: await tx.objectStore('states').get(id),
            records: await tx.objectStore('sources').getAll(sourcesOf(id)),
          }),
        );
        const state = rec ? readState(rec) : defaultIncidentState();
        const byId = new Map(records.map((r) => [r.sourceId, r]));
        const sources: IncidentBundle['sources'] = [];
        for (const s of [...meta.sources].sort((a, b) => a.order - b.order)) {
          const record = byId.get(s.sourceId);
          if (!record)
            throw new StorageProblem(
              `The bytes of source "${s.name}" are missing from storage, so the incident cannot be exported whole: ` +
                'remove that source (or add the file again), then export.',
              'corrupt',
            );
          let data: Uint8Array;
          try {
            data = await inflateToOriginal(record);
          } catch (e) {
            throw new StorageProblem(
              `The stored bytes of source "${s.name}" are damaged (${e instanceof Error ? e.message : String(e)}): ` +
                'remove that source (or add the file again), then export.',
              'corrupt',
            );
          }
          sources.push({ ...s, data });
        }
        return {
          generator,
          exportedAt: new Date(now()).toISOString(),
          incident: {
            title: meta.title,
            tags: [...meta.tags],
            createdAt: meta.createdAt,
            signature: meta.signature,
          },
          sources,
          state,
        };
      }),

    importBundle: (bundle) =>
      guard(async () => {
        const seen = new Set<string>();
        for (const s of bundle.sources) {
          if (!isBytes(s.data) || typeof s.sourceId !== 'string' || seen.has(s.sourceId))
            throw new StorageProblem(
              'The bundle lists a source twice or without its bytes: nothing was imported.',
              'corrupt',
            );
          seen.add(s.sourceId);
        }
        // Compress before the transaction (it would commit while we await the stream).
        const stored: StoredBytes[] = [];
        for (const s of bundle.sources)
          stored.push(await compressForStorage(new Blob([s.data as Uint8Array<ArrayBuffer>])));
        const state = migrateState(bundle.state, STATE_VERSION);
        const bytes = stateBytes(state);
        const t = now();
        const title = cleanTitle(bundle.incident.title);
        return inTx(['incidents', 'states', 'sources'], 'readwrite', async (tx) => {
          const all = await tx.objectStore('incidents').getAll();
          const taken = all.some((m) => m.deletedAt === null && m.title === title);
          const meta: IncidentMeta = {
            id: newIncidentId(),
            title: taken ? `${title} (imported)` : title,
            tags: cleanTags(bundle.incident.tags ?? []),
            createdAt: Number.isFinite(bundle.incident.createdAt) ? bundle.incident.createdAt : t,
            updatedAt: t,
            sources: bundle.sources.map(sourceMetaOf),
            inputBytes: bundle.sources.reduce((n, s) => n + s.bytes, 0),
            storedBytes: stored.reduce((n, s) => n + s.data.byteLength, bytes),
            signature: bundle.incident.signature ?? null,
            rev: 0,
            deletedAt: null,
          };
          await tx.objectStore('incidents').add(meta);
          await tx.objectStore('states').put({ id: meta.id, version: STATE_VERSION, state, bytes });
          for (const [i, s] of bundle.sources.entries())
            await tx.objectStore('sources').add({
              incidentId: meta.id,
              sourceId: s.sourceId,
              gzip: stored[i].gzip,
              data: stored[i].data,
            });
          return meta;
        });
      }),

    listScenarios: () =>
      guard(async () => {
        const all = await inTx(['scenarios'], 'readonly', (tx) => tx.objectStore('scenarios').getAll());
        return all.sort(byNewest).map(scenarioMetaOf);
      }),

    getScenario: (id) =>
      guard(async () => {
        const rec = await inTx(['scenarios'], 'readonly', (tx) => tx.objectStore('scenarios').get(id));
        if (!rec) return null;
        const files: Record<string, string> = {};
        for (const f of rec.files) {
          try {
            files[f.name] = new TextDecoder('utf-8', { fatal: true }).decode(await inflateToOriginal(f));
          } catch (e) {
            throw new StorageProblem(
              `The stored file ${f.name} of the scenario "${rec.manifest.title}" is damaged (${e instanceof Error ? e.message : String(e)}): ` +
                'delete the scenario and import it again.',
              'corrupt',
            );
          }
        }
        const out: LocalScenario = { ...scenarioMetaOf(rec), files };
        return out;
      }),

    putScenario: (scenario) =>
      guard(async () => {
        // Checked here too: what is stored is what a replay may open without asking again.
        const checked = validateManifest(scenario.manifest, scenario.files);
        if (!checked.manifest)
          throw new StorageProblem(
            `The scenario was not kept: its manifest is not valid (${checked.errors.slice(0, 2).join('; ')}).`,
            'corrupt',
          );
        const manifest = checked.manifest;
        // Compress before the transaction (it would commit while we await the stream).
        const files: StoredScenarioFile[] = [];
        const enc = new TextEncoder();
        for (const s of manifest.sources) {
          const text = enc.encode(scenario.files[s.file]);
          const stored = await compressForStorage(new Blob([text as Uint8Array<ArrayBuffer>]));
          files.push({ name: s.file, bytes: text.byteLength, gzip: stored.gzip, data: stored.data });
        }
        const rec: StoredScenario = {
          id: newScenarioId(),
          manifest,
          files,
          signature: scenario.signature ?? null,
          savedAt: now(),
          origin: scenario.origin,
          fromIncident: scenario.fromIncident ?? null,
          storedBytes: files.reduce((n, f) => n + f.data.byteLength, stateBytes(manifest)),
        };
        await inTx(['scenarios'], 'readwrite', async (tx) => {
          await tx.objectStore('scenarios').add(rec);
        });
        return scenarioMetaOf(rec);
      }),

    removeScenario: (id) =>
      guard(() =>
        inTx(['scenarios'], 'readwrite', async (tx) => {
          const store = tx.objectStore('scenarios');
          if (!(await store.getKey(id)))
            throw new StorageProblem('That scenario is no longer stored in this browser.', 'not-found');
          await store.delete(id);
        }),
      ),

    storageUse: () =>
      guard(async () => {
        const metas = await inTx(['incidents'], 'readonly', (tx) => tx.objectStore('incidents').getAll());
        const use: StorageUse = { incidentsBytes: metas.reduce((n, m) => n + m.storedBytes, 0) };
        const storage =
          opts.storage !== undefined
            ? opts.storage
            : typeof navigator !== 'undefined' && navigator.storage
              ? navigator.storage
              : null;
        // The browser's estimate is a hint beside our own count: when it fails, the count is
        // still right, and nothing was to be written.
        try {
          const est = await storage?.estimate?.();
          if (est) {
            use.usage = est.usage;
            use.quota = est.quota;
          }
        } catch {}
        try {
          const persisted = await storage?.persisted?.();
          if (typeof persisted === 'boolean') use.persisted = persisted;
        } catch {}
        return use;
      }),

    getSetting: <T>(key: string) =>
      guard(() =>
        inTx(
          ['settings'],
          'readonly',
          async (tx) => (await tx.objectStore('settings').get(key)) as T | undefined,
        ),
      ),

    setSetting: (key, value) =>
      guard(() =>
        inTx(['settings'], 'readwrite', async (tx) => {
          await tx.objectStore('settings').put(value, key);
        }),
      ),
  };
  return repo;
}
