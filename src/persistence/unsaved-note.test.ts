// The closing page's backup (unsaved-note.ts) over an in-memory localStorage: written and read
// back (state migrated), taken only at the revision it was built on, stale and unreadable notes
// removed, a full or disabled storage never throwing, and the sweep at start.
import { describe, expect, it } from 'vitest';
import { type IncidentState, STATE_VERSION } from '../core/persist/model.ts';
import { defaultIncidentState } from '../core/persist/state.ts';
import { memoryStorage } from './testing/memory-storage.ts';
import {
  noteKey,
  parseUnsavedNote,
  readUnsavedNote,
  removeUnsavedNote,
  sweepUnsavedNotes,
  takeUnsavedNote,
  UNSAVED_NOTE_MAX_AGE_MS,
  unsavedNoteIds,
  writeUnsavedNote,
} from './unsaved-note.ts';

const ID = 'inc-0123456789abcdef';
const state = (): IncidentState => ({
  ...defaultIncidentState(),
  pins: [{ eventId: 'kubelet.log:2', note: 'the last words', pinnedAt: 7 }],
  decisions: { 'oom-kill-host': { state: 'rejected', note: 'not the host' } },
});

describe('unsaved note', () => {
  it('is written under rca-workbench.unsaved:<id> and read back as it was left', () => {
    const storage = memoryStorage();
    expect(
      writeUnsavedNote(storage, { incidentId: ID, baseRevision: 3, savedAt: 1000, state: state() }),
    ).toBe(true);
    expect([...storage.items.keys()]).toEqual([`rca-workbench.unsaved:${ID}`]);
    expect(JSON.parse(storage.items.get(noteKey(ID)) ?? '')).toMatchObject({
      v: 1,
      incidentId: ID,
      baseRevision: 3,
      savedAt: 1000,
      stateVersion: STATE_VERSION,
    });
    expect(readUnsavedNote(storage, ID)).toEqual({
      v: 1,
      incidentId: ID,
      baseRevision: 3,
      savedAt: 1000,
      stateVersion: STATE_VERSION,
      state: state(),
    });
    expect(readUnsavedNote(storage, 'inc-another')).toBeNull();
    removeUnsavedNote(storage, ID);
    expect(storage.items.size).toBe(0);
  });

  it('is taken only at the revision it was built on; a higher (or lower) stored revision drops it', () => {
    const storage = memoryStorage();
    writeUnsavedNote(storage, { incidentId: ID, baseRevision: 3, savedAt: 1000, state: state() });
    expect(takeUnsavedNote(storage, ID, 3)).toEqual(state());
    // Taken, not removed: the caller removes it once its save of it succeeded.
    expect(storage.items.has(noteKey(ID))).toBe(true);

    expect(takeUnsavedNote(storage, ID, 4)).toBeNull();
    expect(storage.items.has(noteKey(ID))).toBe(false);

    writeUnsavedNote(storage, { incidentId: ID, baseRevision: 3, savedAt: 1000, state: state() });
    expect(takeUnsavedNote(storage, ID, 2)).toBeNull();
    expect(storage.items.size).toBe(0);
    expect(takeUnsavedNote(storage, ID, 3)).toBeNull();
  });

  it('an invalid note is ignored (and removed when read for its incident)', () => {
    const good = {
      v: 1,
      incidentId: ID,
      baseRevision: 1,
      savedAt: 5,
      stateVersion: STATE_VERSION,
      state: {},
    };
    const bad: unknown[] = [
      'not json',
      'null',
      '[]',
      '7',
      { ...good, v: 2 },
      { ...good, incidentId: 'inc-other' },
      { ...good, incidentId: 42 },
      { ...good, baseRevision: -1 },
      { ...good, baseRevision: 1.5 },
      { ...good, baseRevision: '1' },
      { ...good, savedAt: 'yesterday' },
      { ...good, stateVersion: STATE_VERSION + 1 },
      { ...good, stateVersion: undefined },
      { ...good, state: null },
      { ...good, state: [] },
      { ...good, state: 'pins' },
    ];
    for (const b of bad) {
      const storage = memoryStorage();
      storage.items.set(noteKey(ID), typeof b === 'string' ? b : JSON.stringify(b));
      expect(readUnsavedNote(storage, ID), JSON.stringify(b)).toBeNull();
      expect(takeUnsavedNote(storage, ID, 1), JSON.stringify(b)).toBeNull();
      expect(storage.items.size, JSON.stringify(b)).toBe(0);
    }
    // The same shape, valid: taken.
    const storage = memoryStorage();
    storage.items.set(noteKey(ID), JSON.stringify(good));
    expect(takeUnsavedNote(storage, ID, 1)).toEqual(defaultIncidentState());
  });

  it('its state goes through migrateState: an older version is brought up, junk fields are cleaned', () => {
    const raw = JSON.stringify({
      v: 1,
      incidentId: ID,
      baseRevision: 2,
      savedAt: 5,
      // A version-1 state: only pins existed; the decisions are not read from it.
      stateVersion: 1,
      state: { pins: [{ eventId: 'a:1', note: 'kept' }, { nonsense: true }], decisions: { x: 'y' } },
    });
    const note = parseUnsavedNote(raw, ID);
    expect(note?.stateVersion).toBe(STATE_VERSION);
    expect(note?.state.pins).toEqual([{ eventId: 'a:1', note: 'kept', pinnedAt: 0 }]);
    expect(note?.state.decisions).toEqual({});
  });

  it('a full or disabled storage never throws: the write says it was refused, nothing is left', () => {
    const storage = memoryStorage();
    storage.refuseWrites = true;
    expect(writeUnsavedNote(storage, { incidentId: ID, baseRevision: 1, savedAt: 1, state: state() })).toBe(
      false,
    );
    expect(storage.writes).toBe(1);
    expect(storage.items.size).toBe(0);
    expect(writeUnsavedNote(null, { incidentId: ID, baseRevision: 1, savedAt: 1, state: state() })).toBe(
      false,
    );

    const throwing = {
      get length(): number {
        throw new Error('SecurityError');
      },
      key: () => {
        throw new Error('SecurityError');
      },
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(writeUnsavedNote(throwing, { incidentId: ID, baseRevision: 1, savedAt: 1, state: state() })).toBe(
      false,
    );
    expect(readUnsavedNote(throwing, ID)).toBeNull();
    expect(takeUnsavedNote(throwing, ID, 1)).toBeNull();
    expect(() => removeUnsavedNote(throwing, ID)).not.toThrow();
    expect(unsavedNoteIds(throwing)).toEqual([]);
  });

  it('the sweep at start drops expired, unreadable and deleted incidents’ notes, and nothing else', async () => {
    const storage = memoryStorage();
    const now = 10 * UNSAVED_NOTE_MAX_AGE_MS;
    const leave = (id: string, savedAt: number) =>
      writeUnsavedNote(storage, { incidentId: id, baseRevision: 1, savedAt, state: state() });
    leave('inc-fresh', now - 60_000);
    leave('inc-week-old', now - UNSAVED_NOTE_MAX_AGE_MS - 1);
    leave('inc-deleted', now - 1000);
    storage.items.set(noteKey('inc-garbled'), '{"v":1,');
    storage.items.set('rca-workbench.training-clock', '{"startedAt":1,"activeMs":2}');
    storage.items.set('someone-else', 'x');

    const asked: string[] = [];
    const dropped = await sweepUnsavedNotes(storage, now, async (id) => {
      asked.push(id);
      return id === 'inc-deleted';
    });
    expect(dropped.sort()).toEqual(['inc-deleted', 'inc-garbled', 'inc-week-old']);
    expect([...storage.items.keys()].sort()).toEqual([
      'rca-workbench.training-clock',
      noteKey('inc-fresh'),
      'someone-else',
    ]);
    // Only live-looking notes cost a look-up.
    expect(asked.sort()).toEqual(['inc-deleted', 'inc-fresh']);
  });

  it('the sweep keeps a note rewritten while it looked the incident up', async () => {
    const storage = memoryStorage();
    writeUnsavedNote(storage, { incidentId: ID, baseRevision: 1, savedAt: 0, state: state() });
    const dropped = await sweepUnsavedNotes(storage, 1000, async () => {
      // Another tab leaves a newer note meanwhile.
      writeUnsavedNote(storage, { incidentId: ID, baseRevision: 2, savedAt: 999, state: state() });
      return true;
    });
    expect(dropped).toEqual([]);
    expect(readUnsavedNote(storage, ID)?.baseRevision).toBe(2);
  });
});
