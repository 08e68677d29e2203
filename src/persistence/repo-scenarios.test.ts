// Scenarios in IndexedDB (issue 8): the 'scenarios' store of schema version 2. Kept, listed
// newest first without their files, read back text for text, removed; a manifest that does not
// hold against its files is never stored; and a database written by version 1 of the schema is
// upgraded in place with every incident, state, source and setting still there.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { IncidentMeta, IncidentSignature } from '../core/persist/model.ts';
import { defaultIncidentState } from '../core/persist/state.ts';
import type { ScenarioManifest } from '../core/training/model.ts';
import { SAMPLE_SCENARIO } from '../core/training/sample-scenario.ts';
import { type NewScenario, StorageProblem } from './api.ts';
import { DB_VERSION, openWorkbenchDb } from './db.ts';
import { createIdbRepo, SCENARIO_ID_RE } from './repo.ts';

const SAMPLE_DIR = join(import.meta.dirname, '..', '..', 'public', 'sample');
const SAMPLE_FILES = Object.fromEntries(
  SAMPLE_SCENARIO.sources.map((s) => [s.file, readFileSync(join(SAMPLE_DIR, s.file), 'utf8')]),
);
const SIGNATURE: IncidentSignature = {
  rules: ['kernel.killed-process'],
  facts: ['cause=oom-kill-cgroup'],
  verdict: {
    cause: 'oom-kill-cgroup',
    label: 'Kernel OOM killer at a memory cgroup limit',
    confidence: 0.9,
    by: 'analyst',
  },
};

const sampleScenario = (over: Partial<NewScenario> = {}): NewScenario => ({
  manifest: SAMPLE_SCENARIO,
  files: SAMPLE_FILES,
  signature: SIGNATURE,
  origin: 'saved',
  fromIncident: 'inc-0123456789abcdef',
  ...over,
});

async function setup(factory = new IDBFactory()) {
  const clock = { t: 1_000 };
  const repo = await createIdbRepo({ factory, dbName: 'test', now: () => clock.t, storage: null });
  return { repo, clock, factory };
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

describe('scenarios in the repo', () => {
  it('keeps one compressed, lists it without files, reads it back text for text, removes it', async () => {
    const { repo } = await setup();
    expect(await repo.listScenarios()).toEqual([]);
    const meta = await repo.putScenario(sampleScenario());
    expect(meta.id).toMatch(SCENARIO_ID_RE);
    expect(meta).toMatchObject({
      manifest: SAMPLE_SCENARIO,
      signature: SIGNATURE,
      savedAt: 1_000,
      origin: 'saved',
      fromIncident: 'inc-0123456789abcdef',
    });
    const input = Object.values(SAMPLE_FILES).reduce((n, t) => n + new TextEncoder().encode(t).length, 0);
    expect(meta.inputBytes).toBe(input);
    // Logs shrink: the record takes far less than its texts.
    expect(meta.storedBytes).toBeLessThan(input / 3);

    const listed = await repo.listScenarios();
    expect(listed).toEqual([meta]);
    expect(listed[0]).not.toHaveProperty('files');

    const back = await repo.getScenario(meta.id);
    expect(back?.files).toEqual(SAMPLE_FILES);
    expect(back?.manifest).toEqual(SAMPLE_SCENARIO);

    await repo.removeScenario(meta.id);
    expect(await repo.getScenario(meta.id)).toBeNull();
    expect(await repo.listScenarios()).toEqual([]);
    const gone = await problemOf(repo.removeScenario(meta.id));
    expect(gone.kind).toBe('not-found');
  });

  it('lists the newest first, and gives each its own id (the same scenario imported twice is two)', async () => {
    const { repo, clock } = await setup();
    const a = await repo.putScenario(sampleScenario());
    clock.t = 2_000;
    const b = await repo.putScenario(sampleScenario({ origin: 'imported', fromIncident: null }));
    expect(a.id).not.toBe(b.id);
    expect((await repo.listScenarios()).map((s) => [s.id, s.origin])).toEqual([
      [b.id, 'imported'],
      [a.id, 'saved'],
    ]);
  });

  it('never stores a manifest that does not hold against its files', async () => {
    const { repo } = await setup();
    const bad: ScenarioManifest = {
      ...SAMPLE_SCENARIO,
      keyEvidence: [{ file: 'dmesg.txt', line: 100_000, why: 'nowhere' }],
    };
    const p = await problemOf(repo.putScenario(sampleScenario({ manifest: bad })));
    expect(p.kind).toBe('corrupt');
    expect(p.message).toMatch(/keyEvidence\[0\]\.line: 100000 is past the end of dmesg\.txt/);
    const missing = await problemOf(repo.putScenario(sampleScenario({ files: { 'dmesg.txt': 'x\n' } })));
    expect(missing.message).toMatch(/is not in the scenario folder/);
    expect(await repo.listScenarios()).toEqual([]);
  });

  it('keeps only the manifest sources', async () => {
    const { repo } = await setup();
    const meta = await repo.putScenario(
      sampleScenario({ files: { ...SAMPLE_FILES, 'notes.txt': 'mine\n' } }),
    );
    expect(Object.keys((await repo.getScenario(meta.id))?.files ?? {}).sort()).toEqual(
      Object.keys(SAMPLE_FILES).sort(),
    );
  });
});

describe('schema version 2', () => {
  it('upgrades a version-1 database in place: everything of version 1 is still there', async () => {
    expect(DB_VERSION).toBe(2);
    const factory = new IDBFactory();
    // Version 1 as issue 7 shipped it, with one incident in it.
    const meta: IncidentMeta = {
      id: 'inc-00000000000000aa',
      title: 'Old incident',
      tags: ['kept'],
      createdAt: 5,
      updatedAt: 6,
      sources: [
        { sourceId: 'a.log', name: 'a.log', kind: 'file', bytes: 6, contentHash: 'h', order: 0, addedAt: 5 },
      ],
      inputBytes: 6,
      storedBytes: 6,
      signature: SIGNATURE,
      rev: 3,
      deletedAt: null,
    };
    const state = { ...defaultIncidentState(), displayZone: 'local' as const };
    await new Promise<void>((resolve, reject) => {
      const req = factory.open('test', 1);
      req.onupgradeneeded = () => {
        const db = req.result;
        db.createObjectStore('incidents', { keyPath: 'id' });
        db.createObjectStore('states', { keyPath: 'id' });
        db.createObjectStore('sources', { keyPath: ['incidentId', 'sourceId'] });
        db.createObjectStore('settings');
      };
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const db = req.result;
        const tx = db.transaction(['incidents', 'states', 'sources', 'settings'], 'readwrite');
        tx.objectStore('incidents').put(meta);
        tx.objectStore('states').put({ id: meta.id, version: 5, state, bytes: 10 });
        tx.objectStore('sources').put({
          incidentId: meta.id,
          sourceId: 'a.log',
          gzip: false,
          data: new TextEncoder().encode('hello\n').buffer,
        });
        tx.objectStore('settings').put(meta.id, 'lastIncidentId');
        tx.oncomplete = () => {
          db.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
    });

    const { repo } = await setup(factory);
    expect(await repo.list()).toEqual([meta]);
    expect((await repo.loadState(meta.id)).state.displayZone).toBe('local');
    expect(await (await repo.readSource(meta.id, 'a.log')).text()).toBe('hello\n');
    expect(await repo.getSetting('lastIncidentId')).toBe(meta.id);
    // The new store is there, empty, and takes scenarios.
    expect(await repo.listScenarios()).toEqual([]);
    await repo.putScenario(sampleScenario());
    expect(await repo.listScenarios()).toHaveLength(1);
    const db = await openWorkbenchDb({ factory, name: 'test' });
    expect([...db.objectStoreNames].sort()).toEqual([
      'incidents',
      'scenarios',
      'settings',
      'sources',
      'states',
    ]);
    expect(db.version).toBe(2);
    db.close();
  });
});
