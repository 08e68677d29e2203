// The incident session end to end in one process: the real engine (in-process client), the real
// repo over fake-indexeddb, a store per "tab", and a fake tab lock shared by the tabs of one test.
// What it proves: the first source makes an incident, a change is written within a second, an
// incident reopens with its sources (same ids), decisions, drafts, format overrides and clock
// decisions; ?sample=1, the legacy localStorage record, quota and conflict failures, two tabs,
// delete with undo, and a bundle round trip.
import { QueryClient } from '@tanstack/react-query';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleFileName } from '../core/persist/bundle.ts';
import type { IncidentState } from '../core/persist/model.ts';
import { defaultIncidentState } from '../core/persist/state.ts';
import type { DocumentDraft } from '../core/report/document-model.ts';
import { createWorkbenchStore, incidentStateOf } from '../state/store.ts';
import { createFakeLockHub, type FakeLockHub } from '../state/testing/fake-lock.ts';
import { createInProcessClient } from '../worker/client.ts';
import { type IncidentRepo, StorageProblem } from './api.ts';
import { QUOTA_MESSAGE } from './errors.ts';
import { LEGACY_KEY } from './legacy.ts';
import { createIdbRepo } from './repo.ts';
import { createIncidentSession, MIGRATED_TITLE, SAMPLE_TITLE } from './session.ts';
import { type MemoryStorage, memoryStorage } from './testing/memory-storage.ts';
import { input, JOURNAL, until } from './testing/session-fixtures.ts';
import { type NoteStorage, noteKey, readUnsavedNote, writeUnsavedNote } from './unsaved-note.ts';

const DMESG = [
  '[Mon Nov 24 07:48:11 2025] Memory cgroup out of memory: Killed process 2150 (app)',
  '[Mon Nov 24 07:48:11 2025] oom_reaper: reaped process 2150 (app)',
].join('\n');

const draft: DocumentDraft = {
  templateId: 'shim-crash-rca',
  title: 'checkout died',
  values: { summary: 'the shim was OOM-killed' },
  edited: ['summary'],
  sections: [],
};

function fakeLocation(search = '') {
  const loc = {
    search,
    urls: [] as string[],
    replace(url: string) {
      loc.urls.push(url);
      loc.search = url;
    },
  };
  return loc;
}

const disposers: (() => void)[] = [];
afterEach(() => {
  for (const d of disposers.splice(0)) d();
});

/** One browser tab: its own engine, store and query cache, over a shared database and lock hub. */
function tab(
  factory: IDBFactory,
  opts: {
    hub?: FakeLockHub;
    search?: string;
    repo?: (r: IncidentRepo) => IncidentRepo;
    saveDelayMs?: number;
    legacy?: Map<string, string>;
    /** The profile's localStorage for unsaved notes (default: none). */
    notes?: NoteStorage;
    /** Where the tab hears pagehide / visibilitychange (default: nowhere). */
    page?: EventTarget;
    visibility?: () => DocumentVisibilityState;
  } = {},
) {
  const store = createWorkbenchStore();
  const client = createInProcessClient();
  const queryClient = new QueryClient();
  const location = fakeLocation(opts.search);
  const hub = opts.hub ?? createFakeLockHub();
  const lock = hub.create();
  const opened = createIdbRepo({ factory, storage: null });
  const session = createIncidentSession({
    repo: opened.then((r) => (opts.repo ? opts.repo(r) : r)),
    lock,
    client,
    queryClient,
    store,
    generator: 'rca-workbench@test',
    location,
    saveDelayMs: opts.saveDelayMs ?? 20,
    legacyStorage: opts.legacy
      ? {
          getItem: (k) => opts.legacy?.get(k) ?? null,
          removeItem: (k) => {
            opts.legacy?.delete(k);
          },
        }
      : null,
    noteStorage: opts.notes ?? null,
    events: (opts.page as Window | undefined) ?? null,
    visibility: opts.visibility,
  });
  disposers.push(() => {
    session.dispose();
    client.dispose();
  });
  const s = () => store.getState();
  return { store, s, client, queryClient, location, lock, hub, session, repo: opened };
}

async function savedOf(t: ReturnType<typeof tab>): Promise<IncidentState> {
  const id = t.session.getSnapshot().active?.id;
  if (!id) throw new Error('no incident open');
  return (await (await t.repo).loadState(id)).state;
}

describe('incident session', () => {
  it('the first source makes an incident named after it, with the source stored, and the URL says it', async () => {
    const factory = new IDBFactory();
    const a = tab(factory);
    await a.session.start();
    expect(a.session.getSnapshot()).toMatchObject({ phase: 'ready', active: null, access: 'owner' });
    const summary = await a.session.persistingClient.addSource(input('kubelet.log', JOURNAL));
    await a.session.flush();
    const active = a.session.getSnapshot().active;
    expect(active?.title).toBe('kubelet.log');
    expect(active?.sources.map((x) => [x.sourceId, x.contentHash])).toEqual([
      ['kubelet.log', summary.contentHash],
    ]);
    expect(await (await a.repo).list()).toHaveLength(1);
    expect(a.location.urls).toEqual([`?incident=${active?.id}`]);
    expect(a.session.getSnapshot().listVersion).toBeGreaterThan(0);
  });

  it('a source the engine refuses is not stored, and makes no incident', async () => {
    const a = tab(new IDBFactory());
    await a.session.start();
    const binary = {
      name: 'core.bin',
      kind: 'file' as const,
      blob: new Blob([new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0])]),
    };
    await expect(a.session.persistingClient.addSource(binary)).rejects.toThrow(/core\.bin/);
    await a.session.flush();
    expect(a.session.getSnapshot().active).toBeNull();
    expect(await (await a.repo).list()).toEqual([]);
  });

  it('pagehide writes a pending change at once, without waiting for the debounce', async () => {
    const factory = new IDBFactory();
    const page = new EventTarget();
    const store = createWorkbenchStore();
    const session = createIncidentSession({
      repo: createIdbRepo({ factory, storage: null }),
      lock: createFakeLockHub().create(),
      client: createInProcessClient(),
      queryClient: new QueryClient(),
      store,
      generator: 'x',
      saveDelayMs: 1000,
      legacyStorage: null,
      events: page as unknown as Window,
    });
    disposers.push(() => session.dispose());
    await session.start();
    store.getState().togglePin('a.log:1');
    const t0 = Date.now();
    page.dispatchEvent(new Event('pagehide'));
    await until(() => session.getSnapshot().save.state === 'saved', 900);
    expect(Date.now() - t0).toBeLessThan(900);
    const id = session.getSnapshot().active?.id ?? '';
    const repo = await createIdbRepo({ factory, storage: null });
    expect((await repo.loadState(id)).state.pins.map((p) => p.eventId)).toEqual(['a.log:1']);
  });

  it('writes a change within a second by itself, and within a second of the first change however often it changes', async () => {
    const factory = new IDBFactory();
    const a = tab(factory, { saveDelayMs: 300 });
    await a.session.start();
    const t0 = Date.now();
    a.s().togglePin('kubelet.log:2');
    expect(a.session.getSnapshot().save.state).toBe('saving');
    await until(async () => a.session.getSnapshot().active !== null && (await savedOf(a)).pins.length === 1);
    const first = Date.now() - t0;
    expect(first).toBeLessThan(1000);
    expect(a.session.getSnapshot().save.state).toBe('saved');
    expect(a.session.getSnapshot().active?.title).toMatch(/^Incident \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);

    // A change every 100 ms (under the 300 ms debounce) still reaches storage within a second
    // of the first one (plus the write itself).
    const t1 = Date.now();
    a.s().setPinNote('kubelet.log:2', 'note 0');
    const typing = setInterval(() => a.s().setPinNote('kubelet.log:2', `note ${Date.now() - t1}`), 100);
    try {
      await until(async () => (await savedOf(a)).pins[0].note !== '', 2000);
    } finally {
      clearInterval(typing);
    }
    expect(Date.now() - t1).toBeLessThan(1100);
  });

  it('reopens an incident: sources with their ids, pins, decisions, drafts, format overrides and clock decisions', async () => {
    const factory = new IDBFactory();
    const a = tab(factory);
    await a.session.start();
    await a.session.persistingClient.addSource(input('kubelet.log', JOURNAL));
    await a.session.persistingClient.addSource(input('dmesg.txt', DMESG));
    const pinned = (await a.client.eventRows(['dmesg.txt:1']))[0];
    expect(pinned.message).toContain('Killed process 2150');
    a.s().togglePin('dmesg.txt:1');
    a.s().setPinNote('dmesg.txt:1', 'the kill');
    a.s().setDecision('manual-or-automation-kill', { state: 'rejected', note: 'nobody ran kubectl' });
    a.s().setDocumentDraft(draft);
    a.s().setDocumentTemplate('shim-crash-rca');
    // What useSetFormat / useSetClock do: the engine first, then the store records it.
    const seg = (await a.client.listSources())[0].segments[0];
    expect(seg.format).toBe('journalctl-short');
    await a.session.persistingClient.setFormat('kubelet.log', seg.lineStart, 'text');
    a.s().recordFormatOverride({ sourceId: 'kubelet.log', lineStart: seg.lineStart, format: 'text' });
    await a.session.persistingClient.setClock('dmesg.txt', { shiftUs: 5_000_000 });
    a.s().recordClockDecision('dmesg.txt', { shiftUs: 5_000_000 });
    await a.session.flush();
    const saved = incidentStateOf(a.s());
    const id = a.session.getSnapshot().active?.id;
    const given = (await a.client.listSources()).map((x) => [x.sourceId, x.bytes, x.encoding, x.contentHash]);
    a.session.dispose();

    // A reload: a new engine and store, the same database; the last incident opens by itself.
    const b = tab(factory);
    const phases: string[] = [];
    b.session.subscribe(() => phases.push(b.session.getSnapshot().phase));
    await b.session.start();
    const snap = b.session.getSnapshot();
    expect(snap).toMatchObject({ phase: 'ready', access: 'owner', save: { state: 'idle' } });
    expect(snap.active?.id).toBe(id);
    expect(phases).toContain('restoring');
    expect(b.location.urls).toEqual([`?incident=${id}`]);
    expect(incidentStateOf(b.s())).toEqual(saved);
    const sources = await b.client.listSources();
    expect(sources.map((x) => x.sourceId)).toEqual(['kubelet.log', 'dmesg.txt']);
    // As given: stored compressed, read back with the same size and encoding (not "+ gzip").
    expect(sources.map((x) => [x.sourceId, x.bytes, x.encoding, x.contentHash])).toEqual(given);
    expect(given[0][2]).toBe('utf-8');
    // The pinned event is found again, with the same text.
    const again = await b.client.eventRows(['dmesg.txt:1']);
    expect(again.map((r) => r.message)).toEqual([pinned.message]);
    // The override and the clock decision were replayed into the engine.
    expect(sources[0].segments[0]).toMatchObject({
      lineStart: seg.lineStart,
      format: 'text',
      overridden: true,
    });
    const clock = (await b.client.clocks()).sources.find((c) => c.sourceId === 'dmesg.txt');
    expect(clock?.shiftUs).toBe(5_000_000);
  });

  it('?incident=<id> opens that incident; an unknown id leaves an empty workbench and says so', async () => {
    const factory = new IDBFactory();
    const a = tab(factory);
    await a.session.start();
    await a.session.persistingClient.addSource(input('one.log', JOURNAL));
    await a.session.flush();
    const one = a.session.getSnapshot().active?.id;
    await a.session.newIncident();
    expect(a.session.getSnapshot().active).toBeNull();
    expect(await a.client.listSources()).toEqual([]);
    await a.session.persistingClient.addSource(input('two.log', DMESG));
    await a.session.flush();
    a.session.dispose();

    const b = tab(factory, { search: `?incident=${one}` });
    await b.session.start();
    expect(b.session.getSnapshot().active?.title).toBe('one.log');
    expect((await b.client.listSources()).map((x) => x.sourceId)).toEqual(['one.log']);
    b.session.dispose();

    const c = tab(factory, { search: '?incident=inc-0000000000000000' });
    await c.session.start();
    expect(c.session.getSnapshot()).toMatchObject({ phase: 'ready', active: null, save: { state: 'error' } });
    expect(c.location.search).toBe('');
  });

  it('?sample=1 starts afresh: the first sample source makes a new incident and the URL no longer asks for the sample', async () => {
    const factory = new IDBFactory();
    const a = tab(factory);
    await a.session.start();
    a.s().togglePin('x:1');
    await a.session.flush();
    a.session.dispose();

    const b = tab(factory, { search: '?sample=1' });
    await b.session.start();
    // Not the last incident: the sample loads into an empty workbench.
    expect(b.session.getSnapshot().active).toBeNull();
    expect(b.s().pins).toEqual([]);
    await b.session.persistingClient.addSource(input('dmesg.txt', DMESG, 'sample'));
    await b.session.persistingClient.addSource(input('kubelet.log', JOURNAL, 'sample'));
    await b.session.flush();
    const active = b.session.getSnapshot().active;
    expect(active?.title).toBe(SAMPLE_TITLE);
    expect(active?.sources).toHaveLength(2);
    expect(b.location.search).toBe(`?incident=${active?.id}`);
    expect(await (await b.repo).list()).toHaveLength(2);
  });

  it('moves the legacy localStorage record (version 4) into an incident once, and opens it', async () => {
    const factory = new IDBFactory();
    const pin = { eventId: 'dmesg.txt:287', note: 'the kill', pinnedAt: 1 };
    const v4 = JSON.stringify({
      state: {
        pins: [pin],
        displayZone: 60,
        decisions: { 'oom-kill-host': { state: 'rejected', note: 'memcg' } },
        customHypotheses: [],
        userSymptoms: [],
        documentDrafts: { 'shim-crash-rca': draft },
        documentTemplateId: 'shim-crash-rca',
        userTemplates: [],
        redactionDisabled: [],
        redactPodNames: true,
      },
      version: 4,
    });
    const legacy = new Map([[LEGACY_KEY, v4]]);
    const a = tab(factory, { legacy });
    await a.session.start();
    expect(legacy.has(LEGACY_KEY)).toBe(false);
    const list = await (await a.repo).list();
    expect(list.map((m) => m.title)).toEqual([MIGRATED_TITLE]);
    expect(a.session.getSnapshot().active?.id).toBe(list[0].id);
    expect(incidentStateOf(a.s())).toEqual({
      ...defaultIncidentState(),
      pins: [pin],
      displayZone: 60,
      decisions: { 'oom-kill-host': { state: 'rejected', note: 'memcg' } },
      documentDrafts: { 'shim-crash-rca': draft },
      documentTemplateId: 'shim-crash-rca',
      redactPodNames: true,
    });
    a.session.dispose();

    // The record comes back (a browser that kept it): it is dropped, not moved a second time.
    legacy.set(LEGACY_KEY, v4);
    const b = tab(factory, { legacy });
    await b.session.start();
    expect(legacy.has(LEGACY_KEY)).toBe(false);
    expect(await (await b.repo).list()).toHaveLength(1);
  });

  it('an empty legacy record makes no incident', async () => {
    const legacy = new Map([
      [LEGACY_KEY, JSON.stringify({ state: { pins: [], displayZone: 'utc' }, version: 1 })],
    ]);
    const a = tab(new IDBFactory(), { legacy });
    await a.session.start();
    expect(legacy.has(LEGACY_KEY)).toBe(false);
    expect(await (await a.repo).list()).toEqual([]);
    expect(a.session.getSnapshot().active).toBeNull();
  });

  it('a full quota: the status says what to do, the state stays in memory, the next change tries again', async () => {
    let refuse = 0;
    const a = tab(new IDBFactory(), {
      repo: (r) => ({
        ...r,
        saveState: (id, state, rev) =>
          refuse-- > 0
            ? Promise.reject(new StorageProblem(QUOTA_MESSAGE, 'quota'))
            : r.saveState(id, state, rev),
      }),
    });
    await a.session.start();
    a.s().togglePin('a.log:1');
    await a.session.flush();
    refuse = 1;
    a.s().togglePin('a.log:2');
    await a.session.flush();
    expect(a.session.getSnapshot().save).toEqual({ state: 'error', kind: 'quota', message: QUOTA_MESSAGE });
    expect(QUOTA_MESSAGE).toMatch(/Delete incidents .* or export them/);
    expect(a.s().pins.map((p) => p.eventId)).toEqual(['a.log:1', 'a.log:2']);
    expect((await savedOf(a)).pins.map((p) => p.eventId)).toEqual(['a.log:1']);
    // The next change writes everything, the refused change included.
    a.s().togglePin('a.log:3');
    await until(() => a.session.getSnapshot().save.state === 'saved');
    expect((await savedOf(a)).pins.map((p) => p.eventId)).toEqual(['a.log:1', 'a.log:2', 'a.log:3']);
  });

  it('a source that cannot be stored is said, by name, with what to do', async () => {
    const a = tab(new IDBFactory(), {
      repo: (r) => ({ ...r, addSource: () => Promise.reject(new StorageProblem(QUOTA_MESSAGE, 'quota')) }),
    });
    await a.session.start();
    // The engine has it: the timeline works; only keeping it failed, and the status says so.
    await a.session.persistingClient.addSource(input('kubelet.log', JOURNAL));
    await a.session.flush();
    expect(await a.client.listSources()).toHaveLength(1);
    expect(a.session.getSnapshot().save).toEqual({
      state: 'error',
      kind: 'quota',
      message: `kubelet.log was not stored with the incident. ${QUOTA_MESSAGE}`,
    });
    // A later save of the decisions does not hide it.
    a.s().togglePin('kubelet.log:1');
    await a.session.flush();
    expect(a.session.getSnapshot().save).toMatchObject({ state: 'error', kind: 'quota' });
  });

  it('a write refused as a conflict (another writer got there first) stops this tab writing and says so', async () => {
    const a = tab(new IDBFactory());
    await a.session.start();
    a.s().togglePin('a.log:1');
    await a.session.flush();
    const id = a.session.getSnapshot().active?.id ?? '';
    const repo = await a.repo;
    // Another writer (no lock between them) saved after this tab last read.
    const { rev } = await repo.loadState(id);
    await repo.saveState(id, { ...defaultIncidentState(), pins: [] }, rev);
    a.s().togglePin('a.log:2');
    await a.session.flush();
    expect(a.session.getSnapshot().access).toBe('elsewhere');
    expect(a.session.getSnapshot().save).toMatchObject({ state: 'error', kind: 'conflict' });
    // Nothing of this tab overwrote the other's save, now or on the next change.
    a.s().togglePin('a.log:3');
    await a.session.flush();
    expect((await repo.loadState(id)).state.pins).toEqual([]);
  });

  it('two tabs: the second is told the incident is elsewhere, follows the first, takes it over after the first saved', async () => {
    const factory = new IDBFactory();
    const hub = createFakeLockHub();
    const a = tab(factory, { hub });
    await a.session.start();
    await a.session.persistingClient.addSource(input('kubelet.log', JOURNAL));
    a.s().togglePin('kubelet.log:1');
    await a.session.flush();
    const id = a.session.getSnapshot().active?.id ?? '';

    const b = tab(factory, { hub, search: `?incident=${id}` });
    await b.session.start();
    expect(b.session.getSnapshot()).toMatchObject({ access: 'elsewhere', phase: 'ready' });
    expect(b.s().pins.map((p) => p.eventId)).toEqual(['kubelet.log:1']);
    expect((await b.client.listSources()).map((x) => x.sourceId)).toEqual(['kubelet.log']);

    // The owner saves: the follower reads it, a new source included.
    a.s().togglePin('kubelet.log:2');
    await a.session.persistingClient.addSource(input('dmesg.txt', DMESG));
    await a.session.flush();
    await until(() => b.s().pins.length === 2);
    await until(async () => (await b.client.listSources()).length === 2);
    // (Its queue is drained: the read of the owner's save is over.)
    await b.session.flush();
    expect(b.session.getSnapshot()).toMatchObject({ phase: 'ready', restoring: null });

    // The follower's own change is not written, and it says why.
    b.s().togglePin('dmesg.txt:1');
    await b.session.flush();
    expect(b.session.getSnapshot().save).toMatchObject({ state: 'error', kind: 'conflict' });
    expect((await savedOf(a)).pins).toHaveLength(2);

    // A change in the owner still waiting for its debounce, then "Open here" in the follower:
    // the owner saves it first, then learns it lost the incident.
    const lost: string[] = [];
    a.session.subscribe(() => lost.push(a.session.getSnapshot().access));
    a.s().setDecision('oom-kill-host', { state: 'rejected', note: 'from the first tab' });
    await b.session.takeOver();
    expect(hub.ownerOf(id)).toBe(b.lock);
    expect(a.session.getSnapshot().access).toBe('elsewhere');
    expect(lost).toContain('elsewhere');
    expect(b.session.getSnapshot().access).toBe('owner');
    // The follower now shows the owner's last change (and dropped its own unsaved one).
    expect(b.s().decisions).toEqual({ 'oom-kill-host': { state: 'rejected', note: 'from the first tab' } });
    expect(b.s().pins).toHaveLength(2);

    // Now the second tab writes and the first does not.
    b.s().setDecision('oom-kill-host', null);
    await b.session.flush();
    expect((await savedOf(b)).decisions).toEqual({});
    // The first tab follows that save (and is done reading it) before it tries a change of its own.
    await until(() => Object.keys(a.s().decisions).length === 0);
    await a.session.flush();
    a.s().togglePin('kubelet.log:3');
    await a.session.flush();
    expect((await savedOf(b)).pins).toHaveLength(2);
    expect(a.session.getSnapshot().save).toMatchObject({ state: 'error', kind: 'conflict' });
  });

  it('deleting the open incident empties the workbench; undo brings it back to the list', async () => {
    const a = tab(new IDBFactory());
    await a.session.start();
    await a.session.persistingClient.addSource(input('kubelet.log', JOURNAL));
    a.s().togglePin('kubelet.log:1');
    await a.session.flush();
    const id = a.session.getSnapshot().active?.id ?? '';
    const before = a.session.getSnapshot().listVersion;
    const { undo } = await a.session.remove(id);
    expect(a.session.getSnapshot().active).toBeNull();
    expect(a.session.getSnapshot().listVersion).toBeGreaterThan(before);
    expect(a.s().pins).toEqual([]);
    expect(await a.client.listSources()).toEqual([]);
    expect(await a.session.list()).toEqual([]);
    await undo();
    expect((await a.session.list()).map((m) => m.id)).toEqual([id]);
    await a.session.open(id);
    expect(a.s().pins.map((p) => p.eventId)).toEqual(['kubelet.log:1']);
  });

  it("a tab opening later keeps another tab's fresh delete undoable; deletes older than ten minutes are purged", async () => {
    const factory = new IDBFactory();
    const a = tab(factory);
    await a.session.start();
    await a.session.persistingClient.addSource(input('kubelet.log', JOURNAL));
    await a.session.flush();
    const fresh = a.session.getSnapshot().active?.id ?? '';
    // An incident deleted eleven minutes ago, stamped by a repo whose clock says so.
    const past = await createIdbRepo({ factory, storage: null, now: () => Date.now() - 11 * 60_000 });
    const old = await past.create({ title: 'long gone' });
    await past.remove(old.id);
    const { undo } = await a.session.remove(fresh);

    const b = tab(factory);
    await b.session.start();
    await undo();
    expect((await a.session.list()).map((m) => m.id)).toEqual([fresh]);
    expect(await (await a.repo).get(old.id)).toBeNull();
  });

  it('renames, tags, searches, duplicates', async () => {
    const a = tab(new IDBFactory());
    await a.session.start();
    await a.session.persistingClient.addSource(input('kubelet.log', JOURNAL));
    await a.session.flush();
    const id = a.session.getSnapshot().active?.id ?? '';
    await a.session.rename(id, 'checkout OOM');
    await a.session.setTags(id, ['payments', 'oom']);
    expect(a.session.getSnapshot().active).toMatchObject({
      title: 'checkout OOM',
      tags: ['payments', 'oom'],
    });
    a.s().togglePin('kubelet.log:1');
    const copy = await a.session.duplicate(id);
    expect(copy.id).not.toBe(id);
    // The copy has what was on screen, the pin not yet written included.
    expect((await (await a.repo).loadState(copy.id)).state.pins).toHaveLength(1);
    expect((await a.session.list('payments')).length).toBe(2);
    expect(await a.session.list('nothing-like-this')).toEqual([]);
  });

  it('export then import gives the same incident under another id', async () => {
    const a = tab(new IDBFactory());
    await a.session.start();
    await a.session.persistingClient.addSource(input('kubelet.log', JOURNAL));
    await a.session.persistingClient.addSource(input('dmesg.txt', DMESG));
    a.s().togglePin('dmesg.txt:2');
    a.s().setDocumentDraft(draft);
    a.s().recordClockDecision('dmesg.txt', { accepted: true });
    await a.session.flush();
    const meta = a.session.getSnapshot().active;
    const state = incidentStateOf(a.s());
    const { blob, fileName } = await a.session.exportBundle(meta?.id ?? '');
    expect(fileName).toBe(bundleFileName(meta?.title ?? ''));
    expect(blob.size).toBeGreaterThan(0);

    const imported = await a.session.importBundle(blob);
    expect(imported.id).not.toBe(meta?.id);
    expect(imported.title).toContain(meta?.title);
    await a.session.open(imported.id);
    expect(incidentStateOf(a.s())).toEqual(state);
    expect((await a.client.listSources()).map((x) => x.sourceId)).toEqual(['kubelet.log', 'dmesg.txt']);
    expect((await a.client.eventRows(['dmesg.txt:2']))[0].message).toContain('oom_reaper');
  });

  it('a file that is not a bundle is refused with its own message and changes nothing', async () => {
    const a = tab(new IDBFactory());
    await a.session.start();
    await expect(a.session.importBundle(new Blob(['just some text']))).rejects.toThrow(/./);
    expect(await a.session.list()).toEqual([]);
  });

  it('without storage the app works: nothing is written and the snapshot says why', async () => {
    const store = createWorkbenchStore();
    const client = createInProcessClient();
    const session = createIncidentSession({
      repo: Promise.reject(new StorageProblem('No IndexedDB in this window.', 'unavailable')),
      lock: createFakeLockHub().create(),
      client,
      queryClient: new QueryClient(),
      store,
      generator: 'x',
      legacyStorage: null,
      events: null,
    });
    disposers.push(() => session.dispose());
    await session.start();
    expect(session.getSnapshot()).toMatchObject({
      phase: 'ready',
      storageUnavailable: 'No IndexedDB in this window.',
      save: { state: 'idle' },
    });
    await session.persistingClient.addSource(input('kubelet.log', JOURNAL));
    store.getState().togglePin('kubelet.log:1');
    await session.flush();
    expect(session.getSnapshot().active).toBeNull();
    expect(await client.listSources()).toHaveLength(1);
    expect(await session.list()).toEqual([]);
  });
});

/**
 * A page whose IndexedDB writes, from close() on, go as Chromium sometimes sends a closing
 * page's: 'dropped' never lands (nor answers), 'landed' is committed but the page is gone before
 * it hears so. Before close() they are the repo's.
 */
function closingPage(mode: 'dropped' | 'landed') {
  const page = { gone: false, tried: 0 };
  const wrap = (r: IncidentRepo): IncidentRepo => ({
    ...r,
    saveState: (id, state, rev) => {
      if (!page.gone) return r.saveState(id, state, rev);
      page.tried++;
      const never = new Promise<number>(() => undefined);
      return mode === 'dropped' ? never : r.saveState(id, state, rev).then(() => never);
    },
  });
  return { page, wrap };
}

describe('the closing page’s backup (unsaved note in localStorage)', () => {
  /** Tab A owns an incident with one source and pin 1, saved; then pins line 2 (unsaved). */
  async function ownerWithUnsavedChange(
    factory: IDBFactory,
    notes: MemoryStorage,
    hub: FakeLockHub,
    mode: 'dropped' | 'landed',
  ) {
    const closing = closingPage(mode);
    const events = new EventTarget();
    // A long debounce: only the pagehide write can carry the change.
    const a = tab(factory, { hub, notes, page: events, repo: closing.wrap, saveDelayMs: 10_000 });
    await a.session.start();
    await a.session.persistingClient.addSource(input('kubelet.log', JOURNAL));
    a.s().togglePin('kubelet.log:1');
    await a.session.flush();
    const id = a.session.getSnapshot().active?.id ?? '';
    const baseRev = (await (await a.repo).get(id))?.rev ?? -1;
    a.s().togglePin('kubelet.log:2');
    a.s().setDecision('oom-kill-host', { state: 'rejected', note: 'written just before the close' });
    expect(a.session.getSnapshot().save.state).toBe('saving');
    /** pagehide, its write started, then the page is torn down (its lock released). */
    const close = async () => {
      closing.page.gone = true;
      events.dispatchEvent(new Event('pagehide'));
      await until(() => closing.page.tried > 0);
      a.session.dispose();
    };
    return { a, id, baseRev, close };
  }

  const pinIds = (s: IncidentState) => s.pins.map((p) => p.eventId);

  it('the pagehide write is dropped: the note keeps the change, the next tab opens the incident with it, saves it and removes the note', async () => {
    const factory = new IDBFactory();
    const notes = memoryStorage();
    const hub = createFakeLockHub();
    const { a, id, baseRev, close } = await ownerWithUnsavedChange(factory, notes, hub, 'dropped');
    await close();
    expect(readUnsavedNote(notes, id)).toMatchObject({ incidentId: id, baseRevision: baseRev });
    const repo = await a.repo;
    expect((await repo.get(id))?.rev).toBe(baseRev);
    expect(pinIds((await repo.loadState(id)).state)).toEqual(['kubelet.log:1']);

    const b = tab(factory, { hub, notes, search: `?incident=${id}` });
    await b.session.start();
    expect(b.session.getSnapshot()).toMatchObject({
      access: 'owner',
      phase: 'ready',
      save: { state: 'saved' },
    });
    expect(pinIds(b.s())).toEqual(['kubelet.log:1', 'kubelet.log:2']);
    expect(b.s().decisions).toEqual({
      'oom-kill-host': { state: 'rejected', note: 'written just before the close' },
    });
    const stored = await repo.loadState(id);
    expect(stored.rev).toBe(baseRev + 1);
    expect(pinIds(stored.state)).toEqual(['kubelet.log:1', 'kubelet.log:2']);
    expect(stored.state.decisions['oom-kill-host']?.note).toBe('written just before the close');
    expect(notes.items.size).toBe(0);
    // Saved as the tab's own: the next change goes on top of it without a conflict.
    b.s().togglePin('kubelet.log:3');
    await b.session.flush();
    expect((await repo.get(id))?.rev).toBe(baseRev + 2);
  });

  it('the pagehide write landed but the page never heard: the note is dropped, nothing is applied or saved twice', async () => {
    const factory = new IDBFactory();
    const notes = memoryStorage();
    const hub = createFakeLockHub();
    const { a, id, baseRev, close } = await ownerWithUnsavedChange(factory, notes, hub, 'landed');
    await close();
    const repo = await a.repo;
    await until(async () => (await repo.get(id))?.rev === baseRev + 1);
    // Left behind: the page was gone before its save answered.
    expect(readUnsavedNote(notes, id)?.baseRevision).toBe(baseRev);

    const b = tab(factory, { hub, notes, search: `?incident=${id}` });
    await b.session.start();
    expect(pinIds(b.s())).toEqual(['kubelet.log:1', 'kubelet.log:2']);
    expect(b.session.getSnapshot().save).toEqual({ state: 'idle' });
    expect(b.session.getSnapshot().active?.rev).toBe(baseRev + 1);
    expect((await repo.get(id))?.rev).toBe(baseRev + 1);
    expect(notes.items.size).toBe(0);
  });

  it('a page only hidden: the note is left, then removed as soon as its save lands', async () => {
    const factory = new IDBFactory();
    const notes = memoryStorage();
    const events = new EventTarget();
    let shown: DocumentVisibilityState = 'visible';
    const a = tab(factory, { notes, page: events, visibility: () => shown, saveDelayMs: 10_000 });
    await a.session.start();
    a.s().togglePin('a.log:1');
    await a.session.flush();
    const id = a.session.getSnapshot().active?.id ?? '';
    a.s().togglePin('a.log:2');
    // Shown again: no note, nothing written.
    events.dispatchEvent(new Event('visibilitychange'));
    expect(notes.writes).toBe(0);
    shown = 'hidden';
    events.dispatchEvent(new Event('visibilitychange'));
    // Written synchronously, in the event.
    expect(pinIds(readUnsavedNote(notes, id)?.state ?? defaultIncidentState())).toEqual([
      'a.log:1',
      'a.log:2',
    ]);
    await until(() => a.session.getSnapshot().save.state === 'saved');
    expect(notes.items.size).toBe(0);
    expect(pinIds(await savedOf(a))).toEqual(['a.log:1', 'a.log:2']);
  });

  it('a note older than the stored revision (another tab saved since) is dropped, not applied', async () => {
    const factory = new IDBFactory();
    const notes = memoryStorage();
    const hub = createFakeLockHub();
    const { a, id, baseRev, close } = await ownerWithUnsavedChange(factory, notes, hub, 'dropped');
    await close();
    expect(readUnsavedNote(notes, id)?.baseRevision).toBe(baseRev);
    // Another tab opened it meanwhile and saved its own change.
    const other = tab(factory, { hub, search: `?incident=${id}` });
    await other.session.start();
    other.s().setDecision('oom-kill-host', { state: 'accepted', note: 'the other tab’s' });
    await other.session.flush();
    other.session.dispose();
    const repo = await a.repo;
    expect((await repo.get(id))?.rev).toBe(baseRev + 1);

    const b = tab(factory, { hub, notes, search: `?incident=${id}` });
    await b.session.start();
    expect(pinIds(b.s())).toEqual(['kubelet.log:1']);
    expect(b.s().decisions).toEqual({ 'oom-kill-host': { state: 'accepted', note: 'the other tab’s' } });
    expect((await repo.get(id))?.rev).toBe(baseRev + 1);
    expect(notes.items.size).toBe(0);
  });

  it('a read-only tab never leaves a note; an owner with nothing unsaved leaves none either', async () => {
    const factory = new IDBFactory();
    const notes = memoryStorage();
    const hub = createFakeLockHub();
    const aPage = new EventTarget();
    const a = tab(factory, { hub, notes, page: aPage });
    await a.session.start();
    a.s().togglePin('a.log:1');
    await a.session.flush();
    const id = a.session.getSnapshot().active?.id ?? '';
    const bPage = new EventTarget();
    const b = tab(factory, { hub, notes, page: bPage, search: `?incident=${id}` });
    await b.session.start();
    expect(b.session.getSnapshot().access).toBe('elsewhere');
    b.s().togglePin('a.log:9');
    bPage.dispatchEvent(new Event('pagehide'));
    aPage.dispatchEvent(new Event('pagehide'));
    await b.session.flush();
    expect(notes.writes).toBe(0);
    expect(notes.items.size).toBe(0);
  });

  it('a full or disabled localStorage: pagehide still writes to IndexedDB, nothing throws', async () => {
    const factory = new IDBFactory();
    const notes = memoryStorage();
    notes.refuseWrites = true;
    const events = new EventTarget();
    const a = tab(factory, { notes, page: events, saveDelayMs: 10_000 });
    await a.session.start();
    a.s().togglePin('a.log:1');
    await a.session.flush();
    a.s().togglePin('a.log:2');
    events.dispatchEvent(new Event('pagehide'));
    expect(notes.writes).toBe(1);
    await until(() => a.session.getSnapshot().save.state === 'saved');
    expect(pinIds(await savedOf(a))).toEqual(['a.log:1', 'a.log:2']);
  });

  it('notes of deleted incidents, unreadable ones and week-old ones are swept at start; an invalid note is ignored', async () => {
    const factory = new IDBFactory();
    const notes = memoryStorage();
    const a = tab(factory, { notes });
    await a.session.start();
    a.s().togglePin('a.log:1');
    await a.session.flush();
    const id = a.session.getSnapshot().active?.id ?? '';
    const repo = await a.repo;
    const gone = await repo.create({ title: 'deleted' });
    await repo.remove(gone.id);
    const old = await repo.create({ title: 'old' });
    const rev = (await repo.get(id))?.rev ?? -1;
    const noted = { ...defaultIncidentState(), pins: [{ eventId: 'x:1', note: '', pinnedAt: 1 }] };
    writeUnsavedNote(notes, {
      incidentId: gone.id,
      baseRevision: gone.rev,
      savedAt: Date.now(),
      state: noted,
    });
    writeUnsavedNote(notes, {
      incidentId: old.id,
      baseRevision: old.rev,
      savedAt: Date.now() - 8 * 24 * 3600_000,
      state: noted,
    });
    notes.items.set(noteKey(id), JSON.stringify({ v: 1, incidentId: id, baseRevision: rev, state: 'junk' }));
    a.session.dispose();

    const b = tab(factory, { notes, search: `?incident=${id}` });
    await b.session.start();
    expect(pinIds(b.s())).toEqual(['a.log:1']);
    expect(b.session.getSnapshot().active?.rev).toBe(rev);
    expect(notes.items.size).toBe(0);
  });
});
