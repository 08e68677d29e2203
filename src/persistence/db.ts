// The IndexedDB database behind the incidents: its stores, its schema versions and how it is
// opened. Only repo.ts uses it. The factory is a parameter so tests get a fresh fake-indexeddb
// database each (idb still finds IDBRequest & co. as globals: fake-indexeddb/auto sets them).
import { type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames, wrap } from 'idb';
import type { IncidentMeta, IncidentSignature } from '../core/persist/model.ts';
import type { ScenarioManifest } from '../core/training/model.ts';
import { StorageProblem } from './api.ts';
import { BLOCKED_MESSAGE, NO_STORAGE_MESSAGE, openProblem } from './errors.ts';

export const DB_NAME = 'rca-workbench';
/**
 * The schema version (not the saved state's version: that is STATE_VERSION, per record).
 * 1: incidents, states, sources, settings (issue 7). 2: + scenarios (issue 8).
 */
export const DB_VERSION = 2;

/** One incident's analyst state as saved: the state's own version, migrated when read. */
export interface StoredState {
  id: string;
  /** STATE_VERSION when written. */
  version: number;
  state: unknown;
  /** Bytes the state takes (UTF-8 JSON), counted into the incident's storedBytes. */
  bytes: number;
}

/** One source's bytes. */
export interface StoredSource {
  incidentId: string;
  sourceId: string;
  /** True when we compressed the bytes; false: the bytes as given (which may be gzip themselves). */
  gzip: boolean;
  data: ArrayBuffer;
}

/** One file of a saved scenario: its text as UTF-8, gzip-compressed like a source when that is smaller. */
export interface StoredScenarioFile {
  name: string;
  /** Bytes of the UTF-8 text. */
  bytes: number;
  gzip: boolean;
  data: ArrayBuffer;
}

/** A scenario kept in this browser: saved from an incident here, or imported from a file. */
export interface StoredScenario {
  /** `scn-` + 16 hex. */
  id: string;
  manifest: ScenarioManifest;
  files: StoredScenarioFile[];
  signature: IncidentSignature | null;
  savedAt: number;
  origin: 'saved' | 'imported';
  /** The incident it was saved from (origin 'saved'). */
  fromIncident: string | null;
  /** Bytes this record takes: the stored files plus the manifest's JSON. */
  storedBytes: number;
}

export interface WorkbenchSchema extends DBSchema {
  incidents: { key: string; value: IncidentMeta };
  states: { key: string; value: StoredState };
  sources: { key: [string, string]; value: StoredSource };
  /** App-wide small values by name (out-of-line keys). */
  settings: { key: string; value: unknown };
  /** Since version 2. */
  scenarios: { key: string; value: StoredScenario };
}

export type WorkbenchDb = IDBPDatabase<WorkbenchSchema>;
export type StoreName = StoreNames<WorkbenchSchema>;

/**
 * Brings the schema from `oldVersion` up to DB_VERSION, one step per version, inside the
 * versionchange transaction. A step never changes once shipped. To add version 2: bump DB_VERSION,
 * then add `if (oldVersion < 2) { ... }` after the version-1 step (new stores, new indexes via
 * `tx.objectStore('incidents').createIndex(...)`, or a cursor over existing records to rewrite
 * them with `tx`: only IDB requests may be awaited there, or the transaction commits early).
 */
function upgrade(
  db: WorkbenchDb,
  oldVersion: number,
  _tx: IDBPTransaction<WorkbenchSchema, StoreName[], 'versionchange'>,
): void {
  if (oldVersion < 1) {
    db.createObjectStore('incidents', { keyPath: 'id' });
    db.createObjectStore('states', { keyPath: 'id' });
    // [incidentId, sourceId]: one incident's sources are the key range [id] .. [id, []].
    db.createObjectStore('sources', { keyPath: ['incidentId', 'sourceId'] });
    db.createObjectStore('settings');
  }
  if (oldVersion < 2) {
    // A new store only: the incidents, states, sources and settings of version 1 stay as they are.
    db.createObjectStore('scenarios', { keyPath: 'id' });
  }
}

/** The key range of all sources of one incident (arrays sort after strings, so [id, []] ends it). */
export function sourcesOf(incidentId: string): IDBKeyRange {
  return IDBKeyRange.bound([incidentId], [incidentId, []]);
}

export interface OpenOptions {
  factory?: IDBFactory;
  name?: string;
  /** Called when the browser closed the connection (another tab upgrades, site data cleared). */
  onClose?: () => void;
}

/**
 * Opens (and creates or upgrades) the database. Rejects with StorageProblem 'unavailable' when
 * the browser has no IndexedDB, refuses it (private mode, disabled), a newer app version wrote it,
 * or another tab's older connection blocks the upgrade.
 */
export function openWorkbenchDb(opts: OpenOptions = {}): Promise<WorkbenchDb> {
  const factory = opts.factory ?? (typeof indexedDB === 'undefined' ? undefined : indexedDB);
  if (!factory) return Promise.reject(new StorageProblem(NO_STORAGE_MESSAGE, 'unavailable'));
  return new Promise<WorkbenchDb>((resolve, reject) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(opts.name ?? DB_NAME, DB_VERSION);
    } catch (e) {
      reject(openProblem(e));
      return;
    }
    let settled = false;
    request.onupgradeneeded = (event) => {
      const db = wrap(request.result) as unknown as WorkbenchDb;
      const tx = wrap(request.transaction!) as unknown as IDBPTransaction<
        WorkbenchSchema,
        StoreName[],
        'versionchange'
      >;
      upgrade(db, event.oldVersion, tx);
    };
    request.onblocked = () => {
      // The open waits for the other tab; the user is told now. If it opens later after all,
      // the connection is closed below: this caller already has its answer.
      settled = true;
      reject(new StorageProblem(BLOCKED_MESSAGE, 'unavailable'));
    };
    request.onerror = (event) => {
      // Handled here: an unprevented open error would also surface as an uncaught error event.
      event.preventDefault();
      if (!settled) reject(openProblem(request.error));
      settled = true;
    };
    request.onsuccess = () => {
      const raw = request.result;
      if (settled) {
        raw.close();
        return;
      }
      settled = true;
      // A newer version of the app in another tab wants to upgrade: step aside (it cannot
      // proceed while we hold the connection); our next call reports 'unavailable' with "reload".
      raw.onversionchange = () => {
        raw.close();
        opts.onClose?.();
      };
      raw.onclose = () => opts.onClose?.();
      resolve(wrap(raw) as unknown as WorkbenchDb);
    };
  });
}
