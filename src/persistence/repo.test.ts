// The incident repo over fake-indexeddb, a fresh database per test: every method, the revision
// check between two tabs (two repos on one database), duplicate independence, delete / restore /
// purge, a quota failure mid-write that leaves the previous save intact, the saved state of every
// version migrated on load, sources byte-exact, export -> import, and a model-based property
// that list() always agrees with a simple model of the operations.
import 'fake-indexeddb/auto';
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IncidentState, StoredSourceMeta } from '../core/persist/model.ts';
import { STATE_VERSION } from '../core/persist/model.ts';
import { defaultIncidentState, migrateState } from '../core/persist/state.ts';
import { type IncidentRepo, type NewSource, StorageProblem } from './api.ts';
import { DB_VERSION, openWorkbenchDb, type StoredSource } from './db.ts';
import { QUOTA_MESSAGE } from './errors.ts';
import { CONFLICT_MESSAGE, createIdbRepo, type IdbRepoOptions, INCIDENT_ID_RE } from './repo.ts';

/** A clock the test moves: every call within one step answers the same time. */
function testClock(start = 1_000) {
  const clock = { t: start, now: () => clock.t, tick: (n = 1) => (clock.t += n) };
  return clock;
}

async function setup(opts: { storage?: IdbRepoOptions['storage'] } = {}) {
  const factory = new IDBFactory();
  const clock = testClock();
  const repo = await createIdbRepo({
    factory,
    dbName: 'test',
    now: clock.now,
    storage: opts.storage ?? null,
  });
  return { factory, clock, repo };
}

async function rawDb(factory: IDBFactory) {
  return openWorkbenchDb({ factory, name: 'test' });
}

async function problemOf(p: Promise<unknown>): Promise<StorageProblem> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(StorageProblem);
    return e as StorageProblem;
  }
  throw new Error('expected a StorageProblem, but it resolved');
}

// jsdom's globals are another realm than Node's TextEncoder: its bytes are copied into this
// realm's Uint8Array so that toEqual compares bytes, not constructors.
const utf8 = (text: string) => new Uint8Array(new TextEncoder().encode(text));
const bytesOf = async (b: Blob) => new Uint8Array(await b.arrayBuffer());

function source(sourceId: string, bytes: Uint8Array, extra: Partial<StoredSourceMeta> = {}): NewSource {
  return {
    meta: {
      sourceId,
      name: sourceId,
      kind: 'file',
      bytes: bytes.length,
      contentHash: `h-${sourceId}`,
      ...extra,
    },
    blob: new Blob([bytes as Uint8Array<ArrayBuffer>]),
  };
}

const LOG = utf8(
  Array.from(
    { length: 400 },
    (_, i) =>
      `Nov 26 09:${String(i % 60).padStart(2, '0')}:01 worker-21 containerd[812]: shim disconnected id=${i}\n`,
  ).join(''),
);

function edited(over: Partial<IncidentState> = {}): IncidentState {
  return {
    ...defaultIncidentState(),
    pins: [{ eventId: 'dmesg.txt:12', note: 'OOM', pinnedAt: 5 }],
    displayZone: 120,
    formatOverrides: [
      { sourceId: 'a.log', lineStart: 0, format: 'dmesg-raw' },
      { sourceId: 'b.log', lineStart: 10, format: 'syslog-rfc3164' },
    ],
    clockDecisions: { 'a.log': { year: 2024 }, 'b.log': { utcOffsetMinutes: 60 } },
    ...over,
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('incidents: create, list, rename, tags, signature', () => {
  it('creates with a random id, a trimmed title and clean tags, and lists most recently updated first', async () => {
    const { repo, clock } = await setup();
    const a = await repo.create({ title: '  Worker 21 OOM  ', tags: [' oom', 'oom', '', ' kubelet '] });
    expect(a.id).toMatch(INCIDENT_ID_RE);
    expect(a).toMatchObject({
      title: 'Worker 21 OOM',
      tags: ['oom', 'kubelet'],
      createdAt: 1000,
      updatedAt: 1000,
      sources: [],
      rev: 0,
      deletedAt: null,
      signature: null,
      inputBytes: 0,
      storedBytes: 0,
    });
    clock.tick();
    const b = await repo.create({ title: 'Node reboot' });
    expect(b.id).not.toBe(a.id);
    expect((await repo.list()).map((m) => m.title)).toEqual(['Node reboot', 'Worker 21 OOM']);
    clock.tick();
    await repo.rename(a.id, ' Worker 21: shim OOM ');
    const listed = await repo.list();
    expect(listed.map((m) => m.title)).toEqual(['Worker 21: shim OOM', 'Node reboot']);
    expect(listed[0].updatedAt).toBe(1002);
    expect(await repo.get(a.id)).toEqual(listed[0]);
    expect(await repo.get('inc-0000000000000000')).toBeNull();
  });

  it('refuses an empty title and changes nothing', async () => {
    const { repo } = await setup();
    const p = await problemOf(repo.create({ title: '   ' }));
    expect(p.kind).toBe('other');
    expect(p.message).toMatch(/needs a title/);
    expect(await repo.list()).toEqual([]);
    const a = await repo.create({ title: 'x' });
    expect((await problemOf(repo.rename(a.id, ''))).kind).toBe('other');
    expect((await repo.get(a.id))?.title).toBe('x');
  });

  it('sets tags (trimmed, deduplicated) and the signature (which is not an edit)', async () => {
    const { repo, clock } = await setup();
    const a = await repo.create({ title: 'a' });
    clock.tick();
    const tagged = await repo.setTags(a.id, ['prod', ' prod ', 'eu-west', '']);
    expect(tagged.tags).toEqual(['prod', 'eu-west']);
    expect(tagged.updatedAt).toBe(1001);
    clock.tick();
    const sig = { rules: ['kernel.oom-kill'], facts: ['exit=137'], verdict: null };
    await repo.setSignature(a.id, sig);
    const after = await repo.get(a.id);
    expect(after?.signature).toEqual(sig);
    expect(after?.updatedAt).toBe(1001);
    await repo.setSignature(a.id, null);
    expect((await repo.get(a.id))?.signature).toBeNull();
  });

  it('answers not-found for an unknown incident on every method that needs one', async () => {
    const { repo } = await setup();
    const id = 'inc-ffffffffffffffff';
    const calls: (() => Promise<unknown>)[] = [
      () => repo.rename(id, 'x'),
      () => repo.setTags(id, []),
      () => repo.setSignature(id, null),
      () => repo.duplicate(id),
      () => repo.remove(id),
      () => repo.restore(id),
      () => repo.loadState(id),
      () => repo.saveState(id, defaultIncidentState(), 0),
      () => repo.addSource(id, source('a.log', LOG)),
      () => repo.removeSource(id, 'a.log'),
      () => repo.readSource(id, 'a.log'),
      () => repo.exportBundle(id, 'rca-workbench@0.1.0'),
    ];
    for (const call of calls) expect((await problemOf(call())).kind).toBe('not-found');
  });
});

describe('state: load, save, revisions', () => {
  it('loads the default state before anything is saved, then what was saved with the next revision', async () => {
    const { repo, clock } = await setup();
    const a = await repo.create({ title: 'a' });
    expect(await repo.loadState(a.id)).toEqual({ state: defaultIncidentState(), rev: 0 });
    clock.tick(5);
    const s1 = edited();
    expect(await repo.saveState(a.id, s1, 0)).toBe(1);
    expect(await repo.loadState(a.id)).toEqual({ state: s1, rev: 1 });
    const meta = await repo.get(a.id);
    expect(meta?.rev).toBe(1);
    expect(meta?.updatedAt).toBe(1005);
    const bytes1 = utf8(JSON.stringify(s1)).byteLength;
    expect(meta?.storedBytes).toBe(bytes1);
    // A second save replaces the state's share of storedBytes instead of adding to it.
    const s2 = edited({ pins: [] });
    expect(await repo.saveState(a.id, s2, 1)).toBe(2);
    expect((await repo.get(a.id))?.storedBytes).toBe(utf8(JSON.stringify(s2)).byteLength);
  });

  it('refuses a save that read an older revision (two tabs on one database), writing nothing', async () => {
    const factory = new IDBFactory();
    const tabA = await createIdbRepo({ factory, dbName: 'test' });
    const tabB = await createIdbRepo({ factory, dbName: 'test' });
    const a = await tabA.create({ title: 'shared' });
    const readA = await tabA.loadState(a.id);
    const readB = await tabB.loadState(a.id);
    const fromA = edited({ displayZone: 'local' });
    expect(await tabA.saveState(a.id, fromA, readA.rev)).toBe(1);
    const p = await problemOf(tabB.saveState(a.id, edited({ displayZone: 60 }), readB.rev));
    expect(p.kind).toBe('conflict');
    expect(p.message).toBe(CONFLICT_MESSAGE);
    expect(p.message).toMatch(/^This incident was changed in another tab/);
    // Tab A's save stands; tab B reads it and can then save on top of it.
    const reread = await tabB.loadState(a.id);
    expect(reread).toEqual({ state: fromA, rev: 1 });
    expect(await tabB.saveState(a.id, edited({ displayZone: 60 }), reread.rev)).toBe(2);
  });

  it('a rename in one tab and a save in another both land (each rewrites the meta it read in its transaction)', async () => {
    const factory = new IDBFactory();
    const tabA = await createIdbRepo({ factory, dbName: 'test' });
    const tabB = await createIdbRepo({ factory, dbName: 'test' });
    const a = await tabA.create({ title: 'before' });
    await Promise.all([tabA.saveState(a.id, edited(), 0), tabB.rename(a.id, 'after')]);
    const meta = await tabA.get(a.id);
    expect(meta).toMatchObject({ title: 'after', rev: 1 });
  });

  it('migrates a saved state of every version on load', async () => {
    const { repo, factory } = await setup();
    const a = await repo.create({ title: 'old' });
    const saved: Record<number, unknown> = {
      1: {
        pins: [{ eventId: 'e1', note: '', pinnedAt: 1 }],
        displayZone: 'local',
        decisions: { x: { state: 'accepted', note: '' } },
      },
      2: {
        pins: [],
        displayZone: 60,
        decisions: { 'kernel-hang': { state: 'rejected', note: 'no' } },
        customHypotheses: [],
      },
      3: { pins: [], displayZone: 'utc', decisions: {}, customHypotheses: [], userSymptoms: [{ id: 's' }] },
      4: {
        pins: [],
        displayZone: 'utc',
        documentTemplateId: 'shim-crash-rca',
        redactPodNames: true,
        formatOverrides: [{ sourceId: 'a', lineStart: 0, format: 'dmesg-raw' }],
      },
      5: edited(),
    };
    for (let v = 1; v <= STATE_VERSION; v++) {
      const db = await rawDb(factory);
      await db.put('states', { id: a.id, version: v, state: saved[v], bytes: 10 });
      db.close();
      const { state } = await repo.loadState(a.id);
      expect(state, `version ${v}`).toEqual(migrateState(saved[v], v));
    }
    // Spot checks that the migration ran, not a copy: v1 had no decisions, v4 no format overrides.
    const db = await rawDb(factory);
    await db.put('states', { id: a.id, version: 1, state: saved[1], bytes: 10 });
    expect((await repo.loadState(a.id)).state.decisions).toEqual({});
    expect((await repo.loadState(a.id)).state.displayZone).toBe('local');
    await db.put('states', { id: a.id, version: 4, state: saved[4], bytes: 10 });
    const v4 = (await repo.loadState(a.id)).state;
    expect(v4.formatOverrides).toEqual([]);
    expect(v4.redactPodNames).toBe(true);
    await db.put('states', { id: a.id, version: 5, state: saved[5], bytes: 10 });
    expect((await repo.loadState(a.id)).state).toEqual(saved[5]);
    db.close();
  });

  it('refuses a state written by a newer app, and an unreadable version, as corrupt', async () => {
    const { repo, factory } = await setup();
    const a = await repo.create({ title: 'future' });
    const db = await rawDb(factory);
    await db.put('states', { id: a.id, version: STATE_VERSION + 1, state: edited(), bytes: 10 });
    const p = await problemOf(repo.loadState(a.id));
    expect(p.kind).toBe('corrupt');
    expect(p.message).toMatch(/newer version of RCA Workbench/);
    expect(p.message).toContain(`version ${STATE_VERSION + 1}`);
    // Nothing rewrote it: the newer app still finds its own save.
    expect((await db.get('states', a.id))?.version).toBe(STATE_VERSION + 1);
    await db.put('states', { id: a.id, version: 'v5' as unknown as number, state: {}, bytes: 0 });
    expect((await problemOf(repo.loadState(a.id))).message).toMatch(/unreadable/);
    db.close();
  });
});

describe('a quota failure mid-write', () => {
  /** Makes `method` of object store `store` throw the browser's QuotaExceededError. */
  function failOn(store: string, method: 'put' | 'add') {
    const original = IDBObjectStore.prototype[method];
    return vi.spyOn(IDBObjectStore.prototype, method).mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<typeof original>
    ) {
      if (this.name === store) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return original.apply(this, args);
    });
  }

  it('leaves the previous save intact and rejects with quota when the meta write fails after the state write', async () => {
    const { repo, clock } = await setup();
    const a = await repo.create({ title: 'a' });
    const first = edited();
    await repo.saveState(a.id, first, 0);
    const metaBefore = await repo.get(a.id);
    clock.tick();
    // The state's put is queued first, then the meta's throws: the transaction must abort both.
    const spy = failOn('incidents', 'put');
    const p = await problemOf(repo.saveState(a.id, edited({ pins: [] }), 1));
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
    expect(p.kind).toBe('quota');
    expect(p.message).toBe(QUOTA_MESSAGE);
    expect(await repo.loadState(a.id)).toEqual({ state: first, rev: 1 });
    expect(await repo.get(a.id)).toEqual(metaBefore);
  });

  it('when the state write itself fails', async () => {
    const { repo } = await setup();
    const a = await repo.create({ title: 'a' });
    const first = edited();
    await repo.saveState(a.id, first, 0);
    const spy = failOn('states', 'put');
    expect((await problemOf(repo.saveState(a.id, edited({ pins: [] }), 1))).kind).toBe('quota');
    spy.mockRestore();
    expect(await repo.loadState(a.id)).toEqual({ state: first, rev: 1 });
  });

  it('adds no source and leaves the meta as it was when the source write fails', async () => {
    const { repo, factory } = await setup();
    const a = await repo.create({ title: 'a' });
    const spy = failOn('sources', 'add');
    expect((await problemOf(repo.addSource(a.id, source('a.log', LOG)))).kind).toBe('quota');
    spy.mockRestore();
    expect(await repo.get(a.id)).toEqual(a);
    const db = await rawDb(factory);
    expect(await db.count('sources')).toBe(0);
    db.close();
  });
});

describe('sources', () => {
  it('stores plain text gzip-compressed and reads it back byte-exact; the meta counts both sizes', async () => {
    const { repo, factory, clock } = await setup();
    const a = await repo.create({ title: 'a' });
    clock.tick();
    const meta = await repo.addSource(
      a.id,
      source('containerd.log', LOG, { clock: { year: 2025, utcOffsetMinutes: 60 } }),
    );
    expect(meta.sources).toEqual([
      {
        sourceId: 'containerd.log',
        name: 'containerd.log',
        kind: 'file',
        bytes: LOG.length,
        contentHash: 'h-containerd.log',
        clock: { year: 2025, utcOffsetMinutes: 60 },
        order: 0,
        addedAt: 1001,
      },
    ]);
    expect(meta.inputBytes).toBe(LOG.length);
    const db = await rawDb(factory);
    const rec = (await db.get('sources', [a.id, 'containerd.log'])) as StoredSource;
    db.close();
    expect(rec.gzip).toBe(true);
    expect(meta.storedBytes).toBe(rec.data.byteLength);
    expect(rec.data.byteLength).toBeLessThan(LOG.length / 5);
    // readSource gives the stored (gzip) bytes for the engine; the bundle gives the bytes as given.
    const back = await bytesOf(await repo.readSource(a.id, 'containerd.log'));
    expect([back[0], back[1]]).toEqual([0x1f, 0x8b]);
    expect(back).toEqual(new Uint8Array(rec.data));
    const bundle = await repo.exportBundle(a.id, 'g');
    expect(bundle.sources[0].data).toEqual(LOG);
  });

  it('keeps gzip input as given and UTF-16 input byte-exact', async () => {
    const { repo, factory } = await setup();
    const a = await repo.create({ title: 'a' });
    const gz = gzipSync(LOG);
    const text = 'Nov 26 09:00:01 worker-21 kubelet[1]: Ünïcödé 日本 ✓\r\n'.repeat(50);
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      utf16[2 + 2 * i] = text.charCodeAt(i) & 0xff;
      utf16[3 + 2 * i] = text.charCodeAt(i) >> 8;
    }
    await repo.addSource(a.id, source('given.log.gz', gz));
    const meta = await repo.addSource(a.id, source('utf16.log', utf16, { kind: 'paste' }));
    expect(meta.sources.map((s) => [s.sourceId, s.order])).toEqual([
      ['given.log.gz', 0],
      ['utf16.log', 1],
    ]);
    expect(meta.inputBytes).toBe(gz.length + utf16.length);
    const db = await rawDb(factory);
    expect((await db.get('sources', [a.id, 'given.log.gz']))?.gzip).toBe(false);
    expect((await db.get('sources', [a.id, 'utf16.log']))?.gzip).toBe(true);
    db.close();
    expect(await bytesOf(await repo.readSource(a.id, 'given.log.gz'))).toEqual(gz);
    const bundle = await repo.exportBundle(a.id, 'g');
    expect(bundle.sources.map((s) => s.data)).toEqual([gz, utf16]);
  });

  it('orders a new source after the highest order, even after one was removed', async () => {
    const { repo } = await setup();
    const a = await repo.create({ title: 'a' });
    await repo.addSource(a.id, source('a.log', LOG));
    await repo.addSource(a.id, source('b.log', LOG));
    await repo.removeSource(a.id, 'a.log');
    const meta = await repo.addSource(a.id, source('c.log', LOG));
    expect(meta.sources.map((s) => [s.sourceId, s.order])).toEqual([
      ['b.log', 1],
      ['c.log', 2],
    ]);
  });

  it('refuses a second source with the same id', async () => {
    const { repo } = await setup();
    const a = await repo.create({ title: 'a' });
    await repo.addSource(a.id, source('a.log', LOG));
    const p = await problemOf(repo.addSource(a.id, source('a.log', utf8('other'))));
    expect(p.kind).toBe('other');
    expect((await repo.get(a.id))?.sources).toHaveLength(1);
  });

  it('removes a source with its format overrides and clock decisions, keeping the others', async () => {
    const { repo, factory } = await setup();
    const a = await repo.create({ title: 'a' });
    await repo.addSource(a.id, source('a.log', LOG));
    const withB = await repo.addSource(a.id, source('b.log', utf8('one line\n')));
    await repo.saveState(a.id, edited(), 0);
    const before = (await repo.get(a.id))!;
    const after = await repo.removeSource(a.id, 'a.log');
    expect(after.sources.map((s) => s.sourceId)).toEqual(['b.log']);
    expect(after.inputBytes).toBe(withB.inputBytes - LOG.length);
    expect(after.storedBytes).toBeLessThan(before.storedBytes);
    expect(after.rev).toBe(before.rev);
    const { state } = await repo.loadState(a.id);
    expect(state.formatOverrides).toEqual([{ sourceId: 'b.log', lineStart: 10, format: 'syslog-rfc3164' }]);
    expect(state.clockDecisions).toEqual({ 'b.log': { utcOffsetMinutes: 60 } });
    expect(state.pins).toEqual(edited().pins);
    expect((await problemOf(repo.readSource(a.id, 'a.log'))).kind).toBe('not-found');
    expect((await problemOf(repo.removeSource(a.id, 'a.log'))).kind).toBe('not-found');
    // storedBytes still adds up: b's stored bytes + the state as now saved.
    const db = await rawDb(factory);
    const b = await db.get('sources', [a.id, 'b.log']);
    const st = await db.get('states', a.id);
    db.close();
    expect(after.storedBytes).toBe((b?.data.byteLength ?? 0) + (st?.bytes ?? 0));
  });
});

describe('duplicate, remove, restore, purge', () => {
  it('duplicates state and sources into an independent copy', async () => {
    const { repo, clock, factory } = await setup();
    const a = await repo.create({ title: 'orig', tags: ['t'] });
    await repo.addSource(a.id, source('a.log', LOG));
    await repo.saveState(a.id, edited(), 0);
    clock.tick(10);
    const copy = await repo.duplicate(a.id);
    const orig = (await repo.get(a.id))!;
    expect(copy.id).toMatch(INCIDENT_ID_RE);
    expect(copy.id).not.toBe(a.id);
    expect(copy).toMatchObject({
      title: 'orig (copy)',
      tags: ['t'],
      rev: 0,
      createdAt: 1010,
      updatedAt: 1010,
    });
    expect(copy.sources).toEqual(orig.sources);
    expect(copy.storedBytes).toBe(orig.storedBytes);
    expect((await repo.list()).map((m) => m.id)).toEqual([copy.id, a.id]);
    expect((await repo.loadState(copy.id)).state).toEqual(edited());
    expect(await bytesOf(await repo.readSource(copy.id, 'a.log'))).toEqual(
      await bytesOf(await repo.readSource(a.id, 'a.log')),
    );
    // Editing the copy leaves the original as it was.
    await repo.saveState(copy.id, edited({ pins: [], displayZone: 'local' }), 0);
    await repo.removeSource(copy.id, 'a.log');
    await repo.rename(copy.id, 'copy renamed');
    expect((await repo.loadState(a.id)).state).toEqual(edited());
    expect(await repo.get(a.id)).toEqual(orig);
    expect((await repo.exportBundle(a.id, 'g')).sources[0].data).toEqual(LOG);
    const db = await rawDb(factory);
    expect(await db.count('sources')).toBe(1);
    db.close();
  });

  it('remove hides from the list, restore brings it back, purge drops it with its state and sources', async () => {
    const { repo, clock, factory } = await setup();
    const a = await repo.create({ title: 'a' });
    await repo.addSource(a.id, source('a.log', LOG));
    await repo.saveState(a.id, edited(), 0);
    clock.tick();
    const b = await repo.create({ title: 'b' });
    clock.tick();
    await repo.remove(a.id);
    expect((await repo.list()).map((m) => m.id)).toEqual([b.id]);
    expect((await repo.get(a.id))?.deletedAt).toBe(1002);
    clock.tick();
    await repo.remove(a.id);
    expect((await repo.get(a.id))?.deletedAt).toBe(1002);
    const restored = await repo.restore(a.id);
    expect(restored.deletedAt).toBeNull();
    expect((await repo.list()).map((m) => m.id)).toEqual([b.id, a.id]);
    expect((await repo.loadState(a.id)).state).toEqual(edited());

    await repo.remove(a.id); // deletedAt 1003
    await repo.remove(b.id); // 1003
    expect(await repo.purge(1003)).toBe(0);
    expect(await repo.purge(1004)).toBe(2);
    expect(await repo.get(a.id)).toBeNull();
    expect((await problemOf(repo.restore(a.id))).kind).toBe('not-found');
    const db = await rawDb(factory);
    expect([await db.count('incidents'), await db.count('states'), await db.count('sources')]).toEqual([
      0, 0, 0,
    ]);
    db.close();
  });

  it('purge keeps live incidents and those deleted after the cutoff', async () => {
    const { repo, clock } = await setup();
    const live = await repo.create({ title: 'live' });
    const old = await repo.create({ title: 'old' });
    const recent = await repo.create({ title: 'recent' });
    await repo.remove(old.id);
    clock.tick(100);
    await repo.remove(recent.id);
    expect(await repo.purge(1050)).toBe(1);
    expect(await repo.get(old.id)).toBeNull();
    expect((await repo.get(recent.id))?.deletedAt).toBe(1100);
    expect((await repo.list()).map((m) => m.id)).toEqual([live.id]);
  });
});

describe('bundles', () => {
  it('exports and imports back to the same incident but for its id', async () => {
    const { repo, clock } = await setup();
    const a = await repo.create({ title: 'Worker 21', tags: ['oom', 'prod'] });
    await repo.addSource(a.id, source('a.log', LOG, { clock: { year: 2025, utcOffsetMinutes: 0 } }));
    await repo.addSource(a.id, source('b.log.gz', gzipSync(LOG), { kind: 'paste' }));
    await repo.saveState(a.id, edited(), 0);
    const sig = { rules: ['kernel.oom-kill'], facts: ['exit=137'], verdict: null };
    await repo.setSignature(a.id, sig);
    clock.tick(100);
    const bundle = await repo.exportBundle(a.id, 'rca-workbench@0.1.0');
    expect(bundle).toMatchObject({
      generator: 'rca-workbench@0.1.0',
      exportedAt: new Date(1100).toISOString(),
      incident: { title: 'Worker 21', tags: ['oom', 'prod'], createdAt: 1000, signature: sig },
      state: edited(),
    });

    // Another machine: a fresh database.
    const other = await createIdbRepo({ factory: new IDBFactory(), dbName: 'test', now: () => 5000 });
    const imported = await other.importBundle(bundle);
    const orig = (await repo.get(a.id))!;
    expect(imported.id).not.toBe(orig.id);
    expect({ ...imported, id: orig.id, updatedAt: orig.updatedAt, rev: orig.rev }).toEqual(orig);
    expect(await other.loadState(imported.id)).toEqual({ state: edited(), rev: 0 });
    const again = await other.exportBundle(imported.id, 'rca-workbench@0.1.0');
    expect({ ...again, exportedAt: bundle.exportedAt }).toEqual(bundle);
    expect(await other.list()).toEqual([imported]);
  });

  it('adds " (imported)" only when a live incident has the same title', async () => {
    const { repo } = await setup();
    const a = await repo.create({ title: 'Same' });
    const bundle = await repo.exportBundle(a.id, 'g');
    expect((await repo.importBundle(bundle)).title).toBe('Same (imported)');
    await repo.remove(a.id);
    const b = await repo.create({ title: 'Other' });
    const ob = await repo.exportBundle(b.id, 'g');
    await repo.remove(b.id);
    expect((await repo.importBundle(ob)).title).toBe('Other');
  });

  it('imports nothing from a bundle whose sources are broken', async () => {
    const { repo, factory } = await setup();
    const a = await repo.create({ title: 'a' });
    await repo.addSource(a.id, source('a.log', LOG));
    const bundle = await repo.exportBundle(a.id, 'g');
    const twice = { ...bundle, sources: [bundle.sources[0], bundle.sources[0]] };
    expect((await problemOf(repo.importBundle(twice))).kind).toBe('corrupt');
    const noBytes = { ...bundle, sources: [{ ...bundle.sources[0], data: 'x' as unknown as Uint8Array }] };
    expect((await problemOf(repo.importBundle(noBytes))).kind).toBe('corrupt');
    // A failure inside the import's transaction (here the quota on the second source) writes nothing.
    const two = { ...bundle, sources: [bundle.sources[0], { ...bundle.sources[0], sourceId: 'b.log' }] };
    let n = 0;
    const original = IDBObjectStore.prototype.add;
    const spy = vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<typeof original>
    ) {
      if (this.name === 'sources' && ++n === 2) throw new DOMException('full', 'QuotaExceededError');
      return original.apply(this, args);
    });
    expect((await problemOf(repo.importBundle(two))).kind).toBe('quota');
    spy.mockRestore();
    const db = await rawDb(factory);
    expect([await db.count('incidents'), await db.count('states'), await db.count('sources')]).toEqual([
      1, 0, 1,
    ]);
    db.close();
  });

  it('refuses to export an incident whose saved state is from a newer app', async () => {
    const { repo, factory } = await setup();
    const a = await repo.create({ title: 'a' });
    const db = await rawDb(factory);
    await db.put('states', { id: a.id, version: 99, state: {}, bytes: 2 });
    db.close();
    expect((await problemOf(repo.exportBundle(a.id, 'g'))).kind).toBe('corrupt');
  });
});

describe('storage use and settings', () => {
  it('counts our stored bytes and adds the browser estimate when it tells', async () => {
    const storage = {
      estimate: async () => ({ usage: 12_345, quota: 1_000_000 }),
      persisted: async () => true,
    };
    const { repo } = await setup({ storage });
    expect(await repo.storageUse()).toEqual({
      incidentsBytes: 0,
      usage: 12_345,
      quota: 1_000_000,
      persisted: true,
    });
    const a = await repo.create({ title: 'a' });
    const b = await repo.create({ title: 'b' });
    await repo.addSource(a.id, source('a.log', LOG));
    await repo.saveState(b.id, edited(), 0);
    await repo.remove(b.id); // deleted but not purged: it still takes space
    const metas = [(await repo.get(a.id))!, (await repo.get(b.id))!];
    const use = await repo.storageUse();
    expect(use.incidentsBytes).toBe(metas[0].storedBytes + metas[1].storedBytes);
    expect(use.incidentsBytes).toBeGreaterThan(0);
    await repo.purge(Number.POSITIVE_INFINITY);
    expect((await repo.storageUse()).incidentsBytes).toBe(metas[0].storedBytes);
  });

  it('gives our count alone when the browser does not tell or its estimate fails', async () => {
    const { repo } = await setup();
    expect(await repo.storageUse()).toEqual({ incidentsBytes: 0 });
    const failing = await setup({
      storage: {
        estimate: async () => {
          throw new Error('no');
        },
        persisted: async () => false,
      },
    });
    expect(await failing.repo.storageUse()).toEqual({ incidentsBytes: 0, persisted: false });
  });

  it('keeps settings', async () => {
    const { repo } = await setup();
    expect(await repo.getSetting('lastIncident')).toBeUndefined();
    await repo.setSetting('lastIncident', 'inc-0123456789abcdef');
    await repo.setSetting('panel', { width: 320, open: true });
    expect(await repo.getSetting<string>('lastIncident')).toBe('inc-0123456789abcdef');
    expect(await repo.getSetting('panel')).toEqual({ width: 320, open: true });
  });
});

describe('opening the database', () => {
  it('answers unavailable when the browser refuses storage', async () => {
    const factory = {
      open() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    } as unknown as IDBFactory;
    const p = await problemOf(createIdbRepo({ factory }));
    expect(p.kind).toBe('unavailable');
    expect(p.message).toMatch(/private window/);
  });

  it('answers unavailable with "close the other tabs" when an older connection blocks the upgrade', async () => {
    const request = {} as { onblocked?: () => void; onsuccess?: () => void; result?: unknown };
    const factory = {
      open() {
        queueMicrotask(() => request.onblocked?.());
        return request;
      },
    } as unknown as IDBFactory;
    const p = await problemOf(createIdbRepo({ factory }));
    expect(p.kind).toBe('unavailable');
    expect(p.message).toMatch(/close the other tabs/);
  });

  it('steps aside for a newer app version in another tab, then answers unavailable with "reload"', async () => {
    const { repo, factory } = await setup();
    await repo.create({ title: 'a' });
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = factory.open('test', DB_VERSION + 1);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    expect(newer.version).toBe(DB_VERSION + 1);
    newer.close();
    const p = await problemOf(repo.list());
    expect(p.kind).toBe('unavailable');
    expect(p.message).toMatch(/newer version/);
  });
});

describe('property: list() agrees with a model of the operations', () => {
  type Op =
    | { op: 'create'; title: string }
    | { op: 'rename'; pick: number; title: string }
    | { op: 'save'; pick: number }
    | { op: 'duplicate'; pick: number }
    | { op: 'remove'; pick: number }
    | { op: 'restore'; pick: number }
    | { op: 'purge'; back: number };

  const title = fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim() !== '');
  const pick = fc.nat(20);
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ op: fc.constant('create' as const), title }),
    fc.record({ op: fc.constant('rename' as const), pick, title }),
    fc.record({ op: fc.constant('save' as const), pick }),
    fc.record({ op: fc.constant('duplicate' as const), pick }),
    fc.record({ op: fc.constant('remove' as const), pick }),
    fc.record({ op: fc.constant('restore' as const), pick }),
    fc.record({ op: fc.constant('purge' as const), back: fc.nat(6) }),
  );

  interface M {
    title: string;
    updatedAt: number;
    deletedAt: number | null;
    rev: number;
  }

  it('for random sequences of create / rename / save / duplicate / remove / restore / purge', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 18 }), async (ops) => {
        const clock = testClock();
        const repo: IncidentRepo = await createIdbRepo({
          factory: new IDBFactory(),
          dbName: 'p',
          now: clock.now,
        });
        const model = new Map<string, M>();
        // Every id ever made, purged ones too: an operation on a purged id must answer not-found.
        const ids: string[] = [];
        for (const o of ops) {
          clock.tick();
          const t = clock.t;
          const id = 'pick' in o && ids.length ? ids[o.pick % ids.length] : null;
          const m = id ? model.get(id) : undefined;
          if (o.op === 'create') {
            const made = await repo.create({ title: o.title });
            ids.push(made.id);
            model.set(made.id, { title: o.title.trim(), updatedAt: t, deletedAt: null, rev: 0 });
          } else if (o.op === 'purge') {
            const cutoff = t - o.back;
            const gone = [...model].filter(([, x]) => x.deletedAt !== null && x.deletedAt < cutoff);
            expect(await repo.purge(cutoff)).toBe(gone.length);
            for (const [k] of gone) model.delete(k);
          } else if (!id) {
            continue;
          } else if (!m) {
            // Purged: every operation on it is refused as not-found, and nothing changes.
            const call =
              o.op === 'rename'
                ? repo.rename(id, o.title)
                : o.op === 'save'
                  ? repo.saveState(id, defaultIncidentState(), 0)
                  : o.op === 'duplicate'
                    ? repo.duplicate(id)
                    : o.op === 'remove'
                      ? repo.remove(id)
                      : repo.restore(id);
            expect((await problemOf(call)).kind).toBe('not-found');
          } else if (o.op === 'rename') {
            await repo.rename(id, o.title);
            m.title = o.title.trim();
            m.updatedAt = t;
          } else if (o.op === 'save') {
            expect(await repo.saveState(id, edited({ displayZone: t }), m.rev)).toBe(m.rev + 1);
            m.rev++;
            m.updatedAt = t;
          } else if (o.op === 'duplicate') {
            const copy = await repo.duplicate(id);
            ids.push(copy.id);
            model.set(copy.id, { title: `${m.title} (copy)`, updatedAt: t, deletedAt: null, rev: 0 });
          } else if (o.op === 'remove') {
            await repo.remove(id);
            m.deletedAt ??= t;
          } else {
            await repo.restore(id);
            m.deletedAt = null;
          }
          const expected = [...model]
            .filter(([, x]) => x.deletedAt === null)
            .sort(([, x], [, y]) => y.updatedAt - x.updatedAt)
            .map(([k, x]) => ({ id: k, title: x.title, updatedAt: x.updatedAt, rev: x.rev }));
          const listed = (await repo.list()).map((x) => ({
            id: x.id,
            title: x.title,
            updatedAt: x.updatedAt,
            rev: x.rev,
          }));
          expect(listed).toEqual(expected);
        }
        for (const [k, x] of model) expect((await repo.get(k))?.deletedAt).toBe(x.deletedAt);
      }),
      { numRuns: 150 },
    );
  });
});
