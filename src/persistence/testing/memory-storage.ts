// localStorage in memory, for the unsaved-note tests (unsaved-note.test.ts, the session tests):
// one per "browser profile", shared by its tabs as the real one is. `refuseWrites` plays a full
// or disabled storage (setItem throws, as the browser's does).
import type { NoteStorage } from '../unsaved-note.ts';

export interface MemoryStorage extends NoteStorage {
  readonly items: Map<string, string>;
  /** setItem throws a QuotaExceededError-like error while true. */
  refuseWrites: boolean;
  /** How many setItem calls were made (refused ones too). */
  writes: number;
}

export function memoryStorage(): MemoryStorage {
  const items = new Map<string, string>();
  const s: MemoryStorage = {
    items,
    refuseWrites: false,
    writes: 0,
    get length() {
      return items.size;
    },
    key: (i) => [...items.keys()][i] ?? null,
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => {
      s.writes++;
      if (s.refuseWrites) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      items.set(k, String(v));
    },
    removeItem: (k) => {
      items.delete(k);
    },
  };
  return s;
}
