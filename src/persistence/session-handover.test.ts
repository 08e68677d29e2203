// The hand-over between tabs, end to end in one process: sessions with the real tab lock
// (tabs.ts) over one faithful Web Locks stand-in (testing/fake-lock-manager.ts) and Node's
// BroadcastChannel, the real engine and the real repo over one fake-indexeddb database. A tab
// "closing" is what the browser does: pagehide, then the page is gone and its locks are released
// (crash() on the tab's view of the lock manager; none of the tab's code runs for it). What it
// proves: the follower owns the incident by itself and saves; it loads the owner's last write
// (the pagehide one too); of three tabs one owns and the others follow it; a follower that opens
// another incident stops waiting and holds nothing; "Open here" still works while others wait;
// changes made while read only are not written over the owner's save, and the notice says so;
// when the closing page's write is dropped (Chromium does, sometimes), the follower takes the
// owner's last change from the note it left in localStorage (unsaved-note.ts).
import { QueryClient } from '@tanstack/react-query';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import type { IncidentState } from '../core/persist/model.ts';
import { createWorkbenchStore } from '../state/store.ts';
import { createInProcessClient } from '../worker/client.ts';
import { createIdbRepo } from './repo.ts';
import { createIncidentSession } from './session.ts';
import { createIncidentLock, LOCK_PREFIX } from './tabs.ts';
import { FakeLockManager } from './testing/fake-lock-manager.ts';
import { memoryStorage } from './testing/memory-storage.ts';
import { input, JOURNAL, until } from './testing/session-fixtures.ts';
import { readUnsavedNote } from './unsaved-note.ts';

const disposers: (() => void)[] = [];
afterEach(() => {
  for (const d of disposers.splice(0)) d();
});

let browserSeq = 0;

/** One browser profile: one database, one lock manager, one localStorage, one channel name (tests run apart). */
function browser() {
  return {
    factory: new IDBFactory(),
    locks: new FakeLockManager(),
    notes: memoryStorage(),
    channel: `handover-${++browserSeq}`,
  };
}

/** A tab of that browser: its own engine, store, page events and view of the lock manager. */
function tab(b: ReturnType<typeof browser>, opts: { search?: string; saveDelayMs?: number } = {}) {
  const store = createWorkbenchStore();
  const client = createInProcessClient();
  const page = new EventTarget();
  const locks = b.locks.tab();
  const lock = createIncidentLock({
    locks,
    channel: (name) => new BroadcastChannel(`${name}-${b.channel}`),
    takeOverTimeoutMs: 500,
  });
  /** Set as the page closes when its writes are to be dropped with it (never land, never answer). */
  let dropWrites = false;
  let dropped = 0;
  const repo = createIdbRepo({ factory: b.factory, storage: null }).then((r) => ({
    ...r,
    saveState: (id: string, state: IncidentState, rev: number) => {
      if (!dropWrites) return r.saveState(id, state, rev);
      dropped++;
      return new Promise<number>(() => undefined);
    },
  }));
  let search = opts.search ?? '';
  const session = createIncidentSession({
    repo,
    lock,
    client,
    queryClient: new QueryClient(),
    store,
    generator: 'rca-workbench@test',
    location: {
      get search() {
        return search;
      },
      replace: (url) => {
        search = url;
      },
    },
    saveDelayMs: opts.saveDelayMs ?? 20,
    legacyStorage: null,
    noteStorage: b.notes,
    events: page as unknown as Window,
  });
  disposers.push(() => {
    session.dispose();
    client.dispose();
  });
  const snap = () => session.getSnapshot();
  /**
   * The browser closes the tab: pagehide runs, then the page is gone with its locks.
   * `dropWrite`: the write pagehide started is dropped with the page.
   */
  const close = async (opts: { dropWrite?: boolean } = {}) => {
    dropWrites = opts.dropWrite ?? false;
    page.dispatchEvent(new Event('pagehide'));
    // The page's last task ends (its pagehide write is in IndexedDB's queue), then it is torn down.
    await new Promise((r) => setTimeout(r, 0));
    if (dropWrites) expect(dropped).toBeGreaterThan(0);
    locks.crash();
  };
  return { store, s: () => store.getState(), client, session, snap, repo, locks, close };
}

async function savedState(t: ReturnType<typeof tab>, id: string): Promise<IncidentState> {
  return (await (await t.repo).loadState(id)).state;
}

const pinsOf = (t: ReturnType<typeof tab>) => t.s().pins.map((p) => p.eventId);

/** A owns an incident with one source and one pin; the other tabs open it and follow. */
async function ownerAndFollowers(b: ReturnType<typeof browser>, followers: number, ownerDelayMs?: number) {
  const a = tab(b, { saveDelayMs: ownerDelayMs });
  await a.session.start();
  await a.session.persistingClient.addSource(input('kubelet.log', JOURNAL));
  a.s().togglePin('kubelet.log:1');
  await a.session.flush();
  const id = a.snap().active?.id ?? '';
  expect(id).toMatch(/^inc-/);
  const rest = [];
  for (let i = 0; i < followers; i++) {
    const f = tab(b, { search: `?incident=${id}` });
    await f.session.start();
    expect(f.snap()).toMatchObject({ access: 'elsewhere', phase: 'ready' });
    rest.push(f);
  }
  // Every follower is queued for the lock.
  await until(() => b.locks.waiting(LOCK_PREFIX + id) === followers);
  return { a, id, followers: rest };
}

describe('hand-over when the owning tab goes', () => {
  it('the owner closes: the follower owns the incident by itself, with the owner’s pagehide write, and saves its own changes', async () => {
    const b = browser();
    // The owner's debounce is long: only its pagehide write can have saved its last change.
    const { a, id, followers } = await ownerAndFollowers(b, 1, 10_000);
    const [f] = followers;
    expect(pinsOf(f)).toEqual(['kubelet.log:1']);

    a.s().togglePin('kubelet.log:2');
    expect(a.snap().save.state).toBe('saving');
    const closedAt = Date.now();
    await a.close();
    await until(() => f.snap().access === 'owner');
    const handover = Date.now() - closedAt;
    expect(handover).toBeLessThan(1000);
    expect(f.snap().handover).toMatchObject({ dropped: false });
    expect(f.snap().save).toEqual({ state: 'idle' });
    expect(pinsOf(f)).toEqual(['kubelet.log:1', 'kubelet.log:2']);
    expect((await f.client.listSources()).map((x) => x.sourceId)).toEqual(['kubelet.log']);
    expect(b.locks.held.has(LOCK_PREFIX + id)).toBe(true);
    // The write landed: the note the closing page left is stale, and gone.
    expect(b.notes.items.size).toBe(0);

    // Writable: its own change is saved, on top of the owner's (no conflict: it read the last rev).
    f.s().togglePin('kubelet.log:3');
    await f.session.flush();
    expect(f.snap().save).toMatchObject({ state: 'saved' });
    expect((await savedState(f, id)).pins.map((p) => p.eventId)).toEqual([
      'kubelet.log:1',
      'kubelet.log:2',
      'kubelet.log:3',
    ]);
  });

  it('the owner’s pagehide write is dropped with the page: the follower takes its last change from the note, saves it, and the note goes', async () => {
    const b = browser();
    const { a, id, followers } = await ownerAndFollowers(b, 1, 10_000);
    const [f] = followers;
    const repo = await f.repo;
    const revBefore = (await repo.get(id))?.rev ?? -1;

    a.s().togglePin('kubelet.log:2');
    a.s().setDecision('oom-kill-host', { state: 'rejected', note: 'the owner’s last words' });
    await a.close({ dropWrite: true });
    expect((await repo.get(id))?.rev).toBe(revBefore);
    expect(readUnsavedNote(b.notes, id)?.baseRevision).toBe(revBefore);

    await until(() => f.snap().access === 'owner');
    // The existing notice, about the follower's own read-only edits (none here).
    expect(f.snap().handover).toMatchObject({ dropped: false });
    expect(pinsOf(f)).toEqual(['kubelet.log:1', 'kubelet.log:2']);
    expect(f.s().decisions).toEqual({
      'oom-kill-host': { state: 'rejected', note: 'the owner’s last words' },
    });
    await until(() => f.snap().save.state === 'saved');
    const saved = await repo.loadState(id);
    expect(saved.rev).toBe(revBefore + 1);
    expect(saved.state.pins.map((p) => p.eventId)).toEqual(['kubelet.log:1', 'kubelet.log:2']);
    expect(b.notes.items.size).toBe(0);
  });

  it('a follower with read-only edits, granted the incident after a dropped pagehide write: the owner’s change from the note, its own edits dropped and said', async () => {
    const b = browser();
    const { a, id, followers } = await ownerAndFollowers(b, 1, 10_000);
    const [f] = followers;
    f.s().setDecision('oom-kill-host', { state: 'accepted', note: 'made while read only' });
    await f.session.flush();
    expect(f.snap().save).toMatchObject({ state: 'error', kind: 'conflict' });
    // Nor noted: a read-only tab writes nothing.
    expect(b.notes.writes).toBe(0);

    a.s().togglePin('kubelet.log:2');
    await a.close({ dropWrite: true });
    await until(() => f.snap().access === 'owner');
    expect(f.snap().handover).toMatchObject({ dropped: true });
    expect(f.s().decisions).toEqual({});
    expect(pinsOf(f)).toEqual(['kubelet.log:1', 'kubelet.log:2']);
    await until(() => f.snap().save.state === 'saved');
    expect((await savedState(f, id)).pins.map((p) => p.eventId)).toEqual(['kubelet.log:1', 'kubelet.log:2']);
    expect(b.notes.items.size).toBe(0);
  });

  it('the owner opens another incident: its last change is saved before it lets go, and is what the follower loads', async () => {
    const b = browser();
    const { a, id, followers } = await ownerAndFollowers(b, 1, 10_000);
    const [f] = followers;
    a.s().setDecision('oom-kill-host', { state: 'rejected', note: 'written as the owner left' });
    await a.session.newIncident();
    expect(a.snap().active).toBeNull();
    await until(() => f.snap().access === 'owner');
    expect(f.s().decisions).toEqual({
      'oom-kill-host': { state: 'rejected', note: 'written as the owner left' },
    });
    expect(f.snap().active?.rev).toBe((await (await f.repo).get(id))?.rev);
    f.s().setDecision('oom-kill-host', null);
    await f.session.flush();
    expect((await savedState(f, id)).decisions).toEqual({});
  });

  it('three tabs: exactly one follower becomes the owner, the other follows it, then owns it when it goes too', async () => {
    const b = browser();
    const { a, id, followers } = await ownerAndFollowers(b, 2);
    await a.close();
    await until(() => followers.some((t) => t.snap().access === 'owner'));
    // Give the other every chance to (wrongly) take it too.
    await new Promise((r) => setTimeout(r, 100));
    const owners = followers.filter((t) => t.snap().access === 'owner');
    expect(owners).toHaveLength(1);
    const [owner] = owners;
    const other = followers.find((t) => t !== owner);
    if (!other) throw new Error('no second follower');
    expect(other.snap()).toMatchObject({ access: 'elsewhere', handover: null });
    expect(b.locks.waiting(LOCK_PREFIX + id)).toBe(1);

    // The new owner's saves reach the other follower.
    owner.s().togglePin('kubelet.log:4');
    await owner.session.flush();
    await until(() => pinsOf(other).includes('kubelet.log:4'));

    // And when the new owner goes, the last tab owns it, with that save.
    owner.s().setPinNote('kubelet.log:4', 'last words');
    await owner.close();
    await until(() => other.snap().access === 'owner');
    expect(other.s().pins.find((p) => p.eventId === 'kubelet.log:4')?.note).toBe('last words');
    expect(b.locks.waiting(LOCK_PREFIX + id)).toBe(0);
  });

  it('a follower that opens another incident stops waiting: it holds nothing of the first, and the owner closing does not hand it over', async () => {
    const b = browser();
    const { a, id, followers } = await ownerAndFollowers(b, 1);
    const [f] = followers;
    // Another incident of the same profile.
    const other = await (await f.repo).create({ title: 'another one' });
    await f.session.open(other.id);
    expect(f.snap()).toMatchObject({ access: 'owner', active: { id: other.id } });
    expect(b.locks.waiting(LOCK_PREFIX + id)).toBe(0);

    await a.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(b.locks.held.has(LOCK_PREFIX + id)).toBe(false);
    expect(f.snap()).toMatchObject({ access: 'owner', active: { id: other.id }, handover: null });
  });

  it('"Open here" still works while another tab waits: the taker owns it, the others (the robbed owner too) follow and wait in turn', async () => {
    const b = browser();
    const { a, id, followers } = await ownerAndFollowers(b, 2);
    const [f1, f2] = followers;
    a.s().togglePin('kubelet.log:2'); // waiting for its debounce: saved by the take-over
    await f1.session.takeOver();
    expect(f1.snap()).toMatchObject({ access: 'owner', handover: null });
    expect(a.snap().access).toBe('elsewhere');
    expect(f2.snap().access).toBe('elsewhere');
    expect(pinsOf(f1)).toEqual(['kubelet.log:1', 'kubelet.log:2']);
    // f2 kept its place in the queue, the robbed owner queued behind it.
    await until(() => b.locks.waiting(LOCK_PREFIX + id) === 2);

    f1.s().togglePin('kubelet.log:3');
    await f1.session.flush();
    await until(() => pinsOf(f2).length === 3 && pinsOf(a).length === 3);

    await f1.close();
    await until(() => f2.snap().access === 'owner');
    expect(a.snap().access).toBe('elsewhere');
    expect(pinsOf(f2)).toEqual(['kubelet.log:1', 'kubelet.log:2', 'kubelet.log:3']);
  });

  it('changes made while read only are not written over the owner’s last save, and the hand-over says they were not kept', async () => {
    const b = browser();
    const { a, id, followers } = await ownerAndFollowers(b, 1);
    const [f] = followers;
    f.s().setDecision('oom-kill-host', { state: 'accepted', note: 'made while read only' });
    await f.session.flush();
    expect(f.snap().save).toMatchObject({ state: 'error', kind: 'conflict' });

    a.s().togglePin('kubelet.log:2');
    await a.close();
    await until(() => f.snap().access === 'owner');
    expect(f.snap().handover).toMatchObject({ dropped: true });
    expect(f.s().decisions).toEqual({});
    expect(pinsOf(f)).toEqual(['kubelet.log:1', 'kubelet.log:2']);
    // Nothing of it was written as the tab became the owner.
    await f.session.flush();
    const saved = await savedState(f, id);
    expect(saved.decisions).toEqual({});
    expect(saved.pins.map((p) => p.eventId)).toEqual(['kubelet.log:1', 'kubelet.log:2']);
  });

  it('an incident the owner deleted is not handed over: the follower says so and writes nothing', async () => {
    const b = browser();
    const { a, id, followers } = await ownerAndFollowers(b, 1);
    const [f] = followers;
    const revBefore = (await (await f.repo).get(id))?.rev;
    await a.session.remove(id);
    await until(() => f.snap().save.state === 'error' && f.snap().access === 'elsewhere');
    await until(() => !b.locks.held.has(LOCK_PREFIX + id));
    expect(f.snap().save).toMatchObject({
      kind: 'other',
      message: expect.stringMatching(/deleted this incident/),
    });
    f.s().togglePin('kubelet.log:2');
    await f.session.flush();
    expect(f.snap().access).toBe('elsewhere');
    expect((await (await f.repo).get(id))?.rev).toBe(revBefore);
  });
});
