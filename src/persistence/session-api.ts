// What the UI sees of the incident session (session.ts): which incident is open, whether this
// tab may edit it, whether the last change is saved, and the incidents-list actions. React reads
// it with useSyncExternalStore (src/state/incident-context.tsx); features never touch IndexedDB.
import type { IncidentMeta, IncidentSignature } from '../core/persist/model.ts';
import type { Difficulty } from '../core/training/model.ts';
import type { RedactionCount } from '../core/training/scenario-from-incident.ts';
import type { LocalScenario, ScenarioMeta, StorageUse } from './api.ts';

export type SaveStatus =
  | { state: 'idle' }
  | { state: 'saving' }
  | { state: 'saved'; at: number }
  /** Nothing was written; `message` says why and what to do (quota: delete or export incidents). */
  | { state: 'error'; message: string; kind: 'quota' | 'conflict' | 'unavailable' | 'other' };

export interface SessionSnapshot {
  /** 'starting' until the last incident is restored (or found absent). */
  phase: 'starting' | 'restoring' | 'ready';
  /** Sources read back so far while restoring. */
  restoring: { done: number; total: number } | null;
  /** The open incident; null before anything was saved (a new one is made on the first source or change). */
  active: IncidentMeta | null;
  /** 'elsewhere': another tab has this incident open; this tab shows it but does not write. */
  access: 'owner' | 'elsewhere';
  /**
   * Set when this tab became the owner by itself, the tab that had the incident having let go of
   * it (closed, crashed, opened another incident): the notices say so. It shows the other tab's
   * last save; `dropped`: what was changed here while read only was not saved (and is gone).
   * Cleared when another incident is opened or this tab loses or takes the incident.
   */
  handover?: { at: number; dropped: boolean } | null;
  save: SaveStatus;
  /**
   * Bumped whenever the incidents list or the scenarios kept here may have changed (create,
   * rename, delete, a scenario saved or imported...): refetch.
   */
  listVersion: number;
  /** IndexedDB could not be opened (private mode, disabled): the app works, nothing is kept. */
  storageUnavailable: string | null;
}

/** "Save as scenario": what the analyst chooses. */
export interface SaveAsScenarioOptions {
  title: string;
  difficulty: Difficulty;
  /** Also replace pod and namespace names (host names, addresses, users and secrets always are). */
  redactPods: boolean;
}

/** A scenario made from an incident: kept in this browser, and its file to download. */
export interface SavedScenario {
  scenario: ScenarioMeta;
  /** The .scenario.zip. */
  blob: Blob;
  fileName: string;
  /** What the redactor replaced, by kind. */
  redactions: RedactionCount[];
  /** What was left out and why (a pin on a removed source...). */
  notes: string[];
}

/** A past incident or a kept scenario whose findings look like the ones on screen. */
export interface SimilarItem {
  kind: 'incident' | 'scenario';
  id: string;
  title: string;
  /** What it concluded (a scenario: its reference answer), null when it had no verdict. */
  verdict: { cause: string; label: string; by: 'engine' | 'analyst' } | null;
  /** 0..1 (search.ts similarity). */
  similarity: number;
  /** Epoch ms: an incident's last change, a scenario's save. */
  updatedAt: number;
}

export interface IncidentSessionApi {
  getSnapshot(): SessionSnapshot;
  subscribe(listener: () => void): () => void;
  /** Live incidents, most recently updated first, filtered by a search over title, tags and signature. */
  list(query?: string): Promise<IncidentMeta[]>;
  /** Saves the open one, then opens this one (sources read back, decisions applied). */
  open(id: string): Promise<void>;
  /** Saves the open one, then starts an empty workbench (saved once something is added). */
  newIncident(): Promise<void>;
  /**
   * This tab takes the incident from the tab that has it (that tab saves and stops writing). A
   * read-only tab also takes it by itself when that tab lets go of it (see `handover`).
   */
  takeOver(): Promise<void>;
  rename(id: string, title: string): Promise<void>;
  setTags(id: string, tags: string[]): Promise<void>;
  duplicate(id: string): Promise<IncidentMeta>;
  /** Deleted at once from the list; undo() brings it back (until the page is closed). */
  remove(id: string): Promise<{ undo: () => Promise<void> }>;
  /** The incident as one file (`<title>.rca.zip`). */
  exportBundle(id: string): Promise<{ blob: Blob; fileName: string }>;
  /** Reads a bundle file and adds it as a new incident (not opened). Rejects with a message for the user. */
  importBundle(file: Blob): Promise<IncidentMeta>;
  /**
   * The open incident as a training scenario (issue 8): the analyst's conclusions become its
   * reference, everything is redacted with one pseudonym map, it is kept here and given as a
   * file. Rejects with a message for the user (not the open incident, no verdict, nothing to grade).
   */
  saveAsScenario(incidentId: string, opts: SaveAsScenarioOptions): Promise<SavedScenario>;
  /** Reads a .scenario.zip and keeps it here. Rejects with a message for the user (BundleError). */
  importScenario(file: Blob): Promise<ScenarioMeta>;
  /** Scenarios kept in this browser, newest first. */
  listScenarios(): Promise<ScenarioMeta[]>;
  /** A kept scenario with its files, to play; null when it is gone. */
  getScenario(id: string): Promise<LocalScenario | null>;
  /**
   * Deletes a kept scenario for good (the bundled ones are the app's files, not kept here). An
   * attempt at it keeps its copy of the manifest and the sources it revealed. Rejects with a
   * message for the user ('not-found' when it is already gone).
   */
  removeScenario(id: string): Promise<void>;
  /**
   * Past incidents and kept scenarios whose signature is like `signature`, most alike first, at
   * most `limit` (default 5), at least MIN_SIMILARITY alike; never the open incident itself nor a
   * scenario made from it.
   */
  similar(signature: IncidentSignature, limit?: number): Promise<SimilarItem[]>;
  storageUse(): Promise<StorageUse>;
  /** Asks the browser not to evict our data (navigator.storage.persist()). */
  requestPersistence(): Promise<boolean>;
  /** Writes any pending change now (pagehide, before switching incidents). */
  flush(): Promise<void>;
}
