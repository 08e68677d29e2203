// The backup of a closing page's unsaved analyst state. A page going away (pagehide, or hidden)
// starts its last IndexedDB save, but Chromium sometimes drops a write the closing page started
// (a CI run lost it; with two Playwright workers it was lost every time). localStorage is
// synchronous: the owning tab also leaves its unsaved state here, keyed by incident, with the
// revision that state was built on. Whoever next reads the incident as its owner (a reload, a
// new tab, a follower at the hand-over) takes it when the stored revision is still that one (the
// write did not land) and drops it when the stored revision moved on (it landed, or another tab
// saved since: then the note is older than what is stored and must not overwrite it). The
// session (session.ts) decides when; this module only reads, writes and checks notes.
import { type IncidentState, STATE_VERSION } from '../core/persist/model.ts';
import { isKnownStateVersion, migrateState } from '../core/persist/state.ts';
import { jsonObjectOrNull } from '../core/util/json-object.ts';

/** `rca-workbench.unsaved:<incidentId>`: one note per incident. */
export const UNSAVED_NOTE_PREFIX = 'rca-workbench.unsaved:';
/** Older notes are dropped at start: a backup of a closing page, not an archive. */
export const UNSAVED_NOTE_MAX_AGE_MS = 7 * 24 * 60 * 60_000;

/** What of localStorage the notes use (enumeration too, for the sweep at start). */
export type NoteStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

export interface UnsavedNote {
  v: 1;
  incidentId: string;
  /** The stored revision the unsaved state was built on. */
  baseRevision: number;
  /** Epoch ms when it was written. */
  savedAt: number;
  /**
   * The saved-state version `state` is in: an app updated between the close and the next read
   * migrates it like any saved state; a note from a newer app is ignored, not guessed.
   */
  stateVersion: number;
  /** The IncidentState as it would be saved (notes and drafts included). */
  state: IncidentState;
}

export const noteKey = (incidentId: string) => UNSAVED_NOTE_PREFIX + incidentId;

/**
 * Leaves the note; false when the storage refused it (full, disabled). Never throws: it is a
 * backup, the IndexedDB write still tries.
 */
export function writeUnsavedNote(
  storage: NoteStorage | null,
  note: { incidentId: string; baseRevision: number; savedAt: number; state: IncidentState },
): boolean {
  if (!storage) return false;
  const full: UnsavedNote = { v: 1, ...note, stateVersion: STATE_VERSION };
  try {
    storage.setItem(noteKey(note.incidentId), JSON.stringify(full));
    return true;
  } catch {
    return false;
  }
}

export function removeUnsavedNote(storage: NoteStorage | null, incidentId: string): void {
  try {
    storage?.removeItem(noteKey(incidentId));
  } catch {
    // Not removable: the next reader finds the stored revision moved on and drops it then.
  }
}

const getRaw = (storage: NoteStorage, key: string): string | null => {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
};

/**
 * A note's JSON checked and its state migrated to the current version; null when it is not a
 * note we can trust (unparsable, another shape, for another incident, from a newer app).
 */
export function parseUnsavedNote(raw: string | null, incidentId?: string): UnsavedNote | null {
  const parsed = jsonObjectOrNull(raw);
  if (parsed === null) return null;
  const n = parsed as Partial<Record<keyof UnsavedNote, unknown>>;
  if (n.v !== 1 || typeof n.incidentId !== 'string' || n.incidentId === '') return null;
  if (incidentId !== undefined && n.incidentId !== incidentId) return null;
  if (!Number.isSafeInteger(n.baseRevision) || (n.baseRevision as number) < 0) return null;
  if (typeof n.savedAt !== 'number' || !Number.isFinite(n.savedAt)) return null;
  if (!isKnownStateVersion(n.stateVersion)) return null;
  if (typeof n.state !== 'object' || n.state === null || Array.isArray(n.state)) return null;
  return {
    v: 1,
    incidentId: n.incidentId,
    baseRevision: n.baseRevision as number,
    savedAt: n.savedAt,
    stateVersion: STATE_VERSION,
    state: migrateState(n.state, n.stateVersion),
  };
}

/** The note left for `incidentId`, checked (null: none, or one not to trust). */
export function readUnsavedNote(storage: NoteStorage | null, incidentId: string): UnsavedNote | null {
  return storage ? parseUnsavedNote(getRaw(storage, noteKey(incidentId)), incidentId) : null;
}

/**
 * What the reader of `incidentId` at stored revision `storedRev` does with the note: the state
 * to save at once when the note was built on exactly that revision (the closing page's write
 * did not land); otherwise nothing. Either way the note is used up: removed here when it is
 * stale or unreadable, and (when taken) by the caller once its save of it succeeded, so that a
 * failed save leaves the backup in place.
 */
export function takeUnsavedNote(
  storage: NoteStorage | null,
  incidentId: string,
  storedRev: number,
): IncidentState | null {
  if (!storage) return null;
  const raw = getRaw(storage, noteKey(incidentId));
  if (raw === null) return null;
  const note = parseUnsavedNote(raw, incidentId);
  if (note && note.baseRevision === storedRev) return note.state;
  // Stored revision higher: the write landed or someone saved since. (Lower: not this database's
  // history.) Unreadable: nothing to use.
  removeUnsavedNote(storage, incidentId);
  return null;
}

/** The incident ids that have a note (any, valid or not). */
export function unsavedNoteIds(storage: NoteStorage | null): string[] {
  if (!storage) return [];
  const ids: string[] = [];
  try {
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key?.startsWith(UNSAVED_NOTE_PREFIX)) ids.push(key.slice(UNSAVED_NOTE_PREFIX.length));
    }
  } catch {
    // Not enumerable: nothing is swept; each note is still checked when its incident is read.
  }
  return ids;
}

/**
 * Drops notes that are unreadable or older than `maxAgeMs`, and those `isGone(id)` says have no
 * live incident any more (deleted). Only a note that is still the one read is removed: a tab
 * writing a fresh note meanwhile keeps it. Returns the ids dropped.
 */
export async function sweepUnsavedNotes(
  storage: NoteStorage | null,
  now: number,
  isGone: (incidentId: string) => Promise<boolean>,
  maxAgeMs = UNSAVED_NOTE_MAX_AGE_MS,
): Promise<string[]> {
  if (!storage) return [];
  const dropped: string[] = [];
  for (const id of unsavedNoteIds(storage)) {
    const raw = getRaw(storage, noteKey(id));
    const note = parseUnsavedNote(raw, id);
    const drop = !note || now - note.savedAt > maxAgeMs || (await isGone(id).catch(() => false));
    if (!drop || getRaw(storage, noteKey(id)) !== raw) continue;
    removeUnsavedNote(storage, id);
    dropped.push(id);
  }
  return dropped;
}
