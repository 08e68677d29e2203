/**
 * The browser's localStorage, or null where touching it throws or it does not exist (storage
 * disabled, a sandboxed frame, some private modes, Node). Every reader and writer of the app's
 * few localStorage keys goes through it: the legacy record, the closing page's unsaved note and
 * the training clock's note.
 */
export function browserLocalStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
