// Every failure of the browser's storage becomes a StorageProblem whose message the user can act
// on: the save status and the incidents list show it as it is. IndexedDB reports the same cause
// under different names per browser (and sometimes only on the aborted transaction), so the
// mapping looks at names, legacy codes and the transaction's own error.
import { StorageProblem } from './api.ts';

export const QUOTA_MESSAGE =
  'The browser refused to store more (quota full): nothing was saved. Delete incidents you no longer need ' +
  'or export them as bundles, then try again.';

export const BLOCKED_MESSAGE =
  'Another tab of RCA Workbench keeps an older version of its storage open: close the other tabs of the ' +
  'app, then reload this one. Nothing was saved.';

export const NEWER_DB_MESSAGE =
  'The saved incidents were written by a newer version of RCA Workbench (open in another tab?): reload this ' +
  'tab to get the newer version. Nothing was saved.';

export const CLOSED_MESSAGE =
  'The browser closed the incidents storage (the app was updated in another tab, or site data was cleared): ' +
  'reload this tab. In a private window the browser may keep no storage at all. Nothing was saved.';

export const NO_STORAGE_MESSAGE =
  'This browser gives the page no storage (a private window, or site data disabled in its settings): the ' +
  'app works, but nothing is kept after the tab closes. Export incidents as bundles to keep them.';

// Firefox reports a full quota as NS_ERROR_DOM_QUOTA_REACHED (legacy code 1014) and older Firefox
// as NS_ERROR_FILE_NO_DEVICE_SPACE; Safari and Chrome as QuotaExceededError (legacy code 22).
const QUOTA_NAMES = new Set([
  'QuotaExceededError',
  'NS_ERROR_DOM_QUOTA_REACHED',
  'NS_ERROR_FILE_NO_DEVICE_SPACE',
]);
const QUOTA_CODES = new Set([22, 1014]);

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
}

const asErrorLike = (e: unknown): ErrorLike | null =>
  typeof e === 'object' && e !== null ? (e as ErrorLike) : null;

export function isQuotaError(e: unknown): boolean {
  const x = asErrorLike(e);
  if (!x) return false;
  if (typeof x.name === 'string' && QUOTA_NAMES.has(x.name)) return true;
  return typeof x.code === 'number' && QUOTA_CODES.has(x.code);
}

/**
 * The StorageProblem for any error thrown by IndexedDB or the DOM. `txError` is the transaction's
 * own error when known: a write that failed at commit rejects its requests with AbortError, and
 * only the transaction says it was the quota. A StorageProblem passes through unchanged.
 */
export function toStorageProblem(e: unknown, txError?: unknown): StorageProblem {
  if (e instanceof StorageProblem) return e;
  if (isQuotaError(e) || isQuotaError(txError)) return new StorageProblem(QUOTA_MESSAGE, 'quota');
  const x = asErrorLike(e);
  const name = typeof x?.name === 'string' ? x.name : '';
  if (name === 'AbortError' && txError) return toStorageProblem(txError);
  if (name === 'VersionError') return new StorageProblem(NEWER_DB_MESSAGE, 'unavailable');
  if (name === 'InvalidStateError') return new StorageProblem(CLOSED_MESSAGE, 'unavailable');
  if (name === 'SecurityError') return new StorageProblem(NO_STORAGE_MESSAGE, 'unavailable');
  return new StorageProblem(
    `Saving or reading the incident failed (${errorText(e)}). Nothing was saved by this step; try again, or export the incident as a bundle to keep it.`,
    'other',
  );
}

/** `Name: message` of an error, for the user and a bug report. */
function errorText(e: unknown): string {
  const x = asErrorLike(e);
  const name = typeof x?.name === 'string' ? x.name : '';
  const message = typeof x?.message === 'string' && x.message ? x.message : String(e);
  return name && name !== 'Error' ? `${name}: ${message}` : message;
}

/** The error of opening the database: anything that prevents it means the app has no storage. */
export function openProblem(e: unknown): StorageProblem {
  const p = toStorageProblem(e);
  if (p.kind !== 'other') return p;
  // Chrome's "Internal error opening backing store" (UnknownError) and friends: nothing the app
  // can retry into working, so the user learns the app runs without keeping anything.
  return new StorageProblem(`${NO_STORAGE_MESSAGE} (${errorText(e)})`, 'unavailable');
}
