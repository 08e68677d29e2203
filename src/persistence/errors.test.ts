// Every storage failure becomes a StorageProblem the user can act on, whichever browser named it.
import { describe, expect, it } from 'vitest';
import { StorageProblem } from './api.ts';
import {
  BLOCKED_MESSAGE,
  CLOSED_MESSAGE,
  isQuotaError,
  NEWER_DB_MESSAGE,
  NO_STORAGE_MESSAGE,
  openProblem,
  QUOTA_MESSAGE,
  toStorageProblem,
} from './errors.ts';

describe('toStorageProblem', () => {
  it('reports a full quota under every name browsers give it', () => {
    const quota = [
      new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
      { name: 'NS_ERROR_DOM_QUOTA_REACHED', message: 'Persistent storage maximum size reached' },
      { name: 'NS_ERROR_FILE_NO_DEVICE_SPACE', message: '' },
      // Old Safari: a generic name, the legacy code 22.
      { name: 'Error', code: 22, message: 'QuotaExceededError: DOM Exception 22' },
      { name: 'Error', code: 1014, message: '' },
    ];
    for (const e of quota) {
      const p = toStorageProblem(e);
      expect(p.kind, JSON.stringify(e)).toBe('quota');
      expect(p.message).toBe(QUOTA_MESSAGE);
    }
    expect(QUOTA_MESSAGE).toMatch(/nothing was saved/);
    expect(QUOTA_MESSAGE).toMatch(/Delete incidents you no longer need or export them as bundles/);
  });

  it('reads the quota from the transaction when a request only says it was aborted', () => {
    const abort = new DOMException('A request was aborted.', 'AbortError');
    expect(toStorageProblem(abort, new DOMException('full', 'QuotaExceededError')).kind).toBe('quota');
    expect(toStorageProblem(abort, new DOMException('gone', 'InvalidStateError')).message).toBe(
      CLOSED_MESSAGE,
    );
    const alone = toStorageProblem(abort);
    expect(alone.kind).toBe('other');
    expect(alone.message).toContain('AbortError: A request was aborted.');
  });

  it('says what to do when the database is unusable', () => {
    expect(toStorageProblem(new DOMException('v', 'VersionError'))).toMatchObject({
      kind: 'unavailable',
      message: NEWER_DB_MESSAGE,
    });
    expect(NEWER_DB_MESSAGE).toMatch(/reload this tab/);
    expect(toStorageProblem(new DOMException('closed', 'InvalidStateError'))).toMatchObject({
      kind: 'unavailable',
      message: CLOSED_MESSAGE,
    });
    expect(CLOSED_MESSAGE).toMatch(/private window/);
    expect(toStorageProblem(new DOMException('insecure', 'SecurityError'))).toMatchObject({
      kind: 'unavailable',
      message: NO_STORAGE_MESSAGE,
    });
    expect(BLOCKED_MESSAGE).toMatch(/close the other tabs/);
  });

  it('keeps the original message of anything else', () => {
    const p = toStorageProblem(new DOMException('function could not be cloned', 'DataCloneError'));
    expect(p.kind).toBe('other');
    expect(p.message).toContain('DataCloneError: function could not be cloned');
    expect(p.message).toMatch(/Nothing was saved/);
    expect(toStorageProblem(new TypeError('bad')).message).toContain('TypeError: bad');
    expect(toStorageProblem('a string').message).toContain('a string');
    expect(toStorageProblem(new Error('plain')).message).toContain('(plain)');
  });

  it('passes a StorageProblem through unchanged', () => {
    const conflict = new StorageProblem('changed elsewhere', 'conflict');
    expect(toStorageProblem(conflict)).toBe(conflict);
    expect(toStorageProblem(conflict, new DOMException('full', 'QuotaExceededError'))).toBe(conflict);
  });

  it('isQuotaError is false for other errors and non-objects', () => {
    expect(isQuotaError(new DOMException('x', 'AbortError'))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
    expect(isQuotaError('QuotaExceededError')).toBe(false);
  });
});

describe('openProblem', () => {
  it('makes any failure to open mean "no storage", keeping what the browser said', () => {
    const p = openProblem(new DOMException('Internal error opening backing store', 'UnknownError'));
    expect(p.kind).toBe('unavailable');
    expect(p.message).toContain(NO_STORAGE_MESSAGE);
    expect(p.message).toContain('UnknownError: Internal error opening backing store');
    expect(openProblem(new DOMException('v', 'VersionError')).message).toBe(NEWER_DB_MESSAGE);
    expect(openProblem(new DOMException('full', 'QuotaExceededError')).kind).toBe('quota');
  });
});
