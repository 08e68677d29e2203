// The one localStorage record the app kept before incidents (issues 4-6): zustand's persist
// middleware wrote `{ state, version }` JSON under this key, versions 1-4. The session moves it
// into an incident once and removes the key; nothing writes it any more.
import type { IncidentState } from '../core/persist/model.ts';
import { defaultIncidentState, isKnownStateVersion, migrateState } from '../core/persist/state.ts';
import { jsonObjectOrNull } from '../core/util/json-object.ts';

export const LEGACY_KEY = 'rca-workbench:decisions';

export type LegacyStorage = Pick<Storage, 'getItem' | 'removeItem'>;

/**
 * The legacy record as an incident state, or null when there is none, it is unreadable, written
 * by a version we do not know, or holds nothing beyond the defaults (then there is nothing to keep).
 */
export function readLegacyState(storage: LegacyStorage): IncidentState | null {
  let raw: string | null;
  try {
    raw = storage.getItem(LEGACY_KEY);
  } catch {
    return null;
  }
  const parsed = jsonObjectOrNull(raw);
  if (parsed === null) return null;
  const { state, version } = parsed as { state?: unknown; version?: unknown };
  // zustand wrote version 0 when none was set: never the case here, but it would not be ours.
  if (!isKnownStateVersion(version) || version > 4) return null;
  const migrated = migrateState(state, version);
  return JSON.stringify(migrated) === JSON.stringify(defaultIncidentState()) ? null : migrated;
}

/** Drops the legacy record (after it was moved, or found to hold nothing). */
export function removeLegacyRecord(storage: LegacyStorage): void {
  try {
    storage.removeItem(LEGACY_KEY);
  } catch {
    // A storage that cannot be written keeps the record; the session's own 'legacyMigratedAt'
    // setting keeps it from being moved twice.
  }
}
