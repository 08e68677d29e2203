// What the UI sees of the incident session (session.ts): which incident is open, whether this
// tab may edit it, whether the last change is saved, and the incidents-list actions. React reads
// it with useSyncExternalStore (src/state/incident-context.tsx); features never touch IndexedDB.
import type { IncidentMeta } from '../core/persist/model.ts';
import type { StorageUse } from './api.ts';

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
  save: SaveStatus;
  /** Bumped whenever the incidents list may have changed (create, rename, delete...): refetch. */
  listVersion: number;
  /** IndexedDB could not be opened (private mode, disabled): the app works, nothing is kept. */
  storageUnavailable: string | null;
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
  /** This tab takes the incident from the tab that has it (that tab saves and stops writing). */
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
  storageUse(): Promise<StorageUse>;
  /** Asks the browser not to evict our data (navigator.storage.persist()). */
  requestPersistence(): Promise<boolean>;
  /** Writes any pending change now (pagehide, before switching incidents). */
  flush(): Promise<void>;
}
