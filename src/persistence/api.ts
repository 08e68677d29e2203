// The browser's incident storage, as the rest of the app sees it. Implemented over IndexedDB
// (idb) in repo.ts; component tests use the same implementation over fake-indexeddb.
import type {
  IncidentBundle,
  IncidentMeta,
  IncidentSignature,
  IncidentState,
  StoredSourceMeta,
} from '../core/persist/model.ts';
import type { ScenarioManifest } from '../core/training/model.ts';

/** A write that did not happen, with what to do about it (shown to the user as it is). */
export class StorageProblem extends Error {
  constructor(
    message: string,
    readonly kind: 'quota' | 'conflict' | 'unavailable' | 'not-found' | 'corrupt' | 'other',
  ) {
    super(message);
    this.name = 'StorageProblem';
  }
}

export interface StorageUse {
  /** Bytes the incidents take, by our own count (compressed sources + state). */
  incidentsBytes: number;
  /** navigator.storage.estimate(), when the browser tells. */
  usage?: number;
  quota?: number;
  /** navigator.storage.persisted(): true when the browser will not evict the data under pressure. */
  persisted?: boolean;
}

export interface NewSource {
  meta: Omit<StoredSourceMeta, 'order' | 'addedAt'>;
  /** The bytes as given (plain, UTF-16 or gzip): stored gzip-compressed unless already gzip. */
  blob: Blob;
}

/** A scenario kept in this browser, as listed (its files' texts are read with getScenario). */
export interface ScenarioMeta {
  /** `scn-` + 16 hex: the record's id (the manifest's id is the scenario's name, not unique here). */
  id: string;
  manifest: ScenarioManifest;
  /** The findings of the incident it was made from, for "similar past incidents" (null: unknown). */
  signature: IncidentSignature | null;
  /** Epoch ms. */
  savedAt: number;
  /** 'saved': made from an incident in this browser; 'imported': from a .scenario.zip. */
  origin: 'saved' | 'imported';
  fromIncident: string | null;
  /** Bytes of the files' texts, summed. */
  inputBytes: number;
  /** Bytes the record takes in storage. */
  storedBytes: number;
}

/** A scenario with its files, ready to play: file name -> text. */
export interface LocalScenario extends ScenarioMeta {
  files: Record<string, string>;
}

/** A scenario to keep (the repo checks the manifest against the files before writing). */
export interface NewScenario {
  manifest: ScenarioManifest;
  files: Record<string, string>;
  signature: IncidentSignature | null;
  origin: 'saved' | 'imported';
  fromIncident?: string | null;
}

export interface IncidentRepo {
  /** Live incidents, most recently updated first (deleted ones are left out). */
  list(): Promise<IncidentMeta[]>;
  get(id: string): Promise<IncidentMeta | null>;
  /** A new empty incident (no sources, the default state). */
  create(init: { title: string; tags?: string[] }): Promise<IncidentMeta>;
  rename(id: string, title: string): Promise<IncidentMeta>;
  setTags(id: string, tags: string[]): Promise<IncidentMeta>;
  setSignature(id: string, signature: IncidentSignature | null): Promise<void>;
  /** A copy with its own id: same sources (bytes shared or copied), same state, title + " (copy)". */
  duplicate(id: string): Promise<IncidentMeta>;
  /** Marks it deleted; it disappears from list() but restore() brings it back until purge(). */
  remove(id: string): Promise<void>;
  restore(id: string): Promise<IncidentMeta>;
  /** Drops incidents deleted before `olderThan` (epoch ms) with their sources and state. */
  purge(olderThan: number): Promise<number>;

  /** The saved state (migrated to the current version) and the revision it was read at. */
  loadState(id: string): Promise<{ state: IncidentState; rev: number }>;
  /**
   * Writes the state if the stored revision is still `expectedRev`, and returns the new revision.
   * Rejects with StorageProblem 'conflict' when another writer got there first (nothing written),
   * 'quota' when the browser refused the space (nothing written).
   */
  saveState(id: string, state: IncidentState, expectedRev: number): Promise<number>;

  /** Stores a source (compressed) and adds it to the incident's meta. */
  addSource(id: string, source: NewSource): Promise<IncidentMeta>;
  removeSource(id: string, sourceId: string): Promise<IncidentMeta>;
  /** A source's bytes as stored: a Blob the engine can read (gzip is read as gzip). */
  readSource(id: string, sourceId: string): Promise<Blob>;

  /** Everything of one incident, sources as the bytes given (decompressed when we compressed). */
  exportBundle(id: string, generator: string): Promise<IncidentBundle>;
  /** Writes a bundle as a new incident in one transaction; nothing is written when it fails. */
  importBundle(bundle: IncidentBundle): Promise<IncidentMeta>;

  /** Scenarios kept in this browser, most recently saved first (without their files). */
  listScenarios(): Promise<ScenarioMeta[]>;
  /** A scenario with its files' texts; null when there is none with this id. */
  getScenario(id: string): Promise<LocalScenario | null>;
  /** Keeps a scenario (files compressed like sources) under a new id. Rejects 'corrupt' when its manifest does not validate. */
  putScenario(scenario: NewScenario): Promise<ScenarioMeta>;
  /** Drops a scenario for good; rejects 'not-found' when there is none. */
  removeScenario(id: string): Promise<void>;

  storageUse(): Promise<StorageUse>;
  /** Small app-wide values (the last open incident). */
  getSetting<T>(key: string): Promise<T | undefined>;
  setSetting(key: string, value: unknown): Promise<void>;
}
