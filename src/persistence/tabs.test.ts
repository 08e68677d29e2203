// Tabs in one process: lock objects sharing a small but faithful LockManager
// (testing/fake-lock-manager.ts: exclusive locks, a FIFO queue, ifAvailable, steal, signal, a
// tab that crashes) and Node's BroadcastChannel (two channels of one name in one process hear
// each other). Each test uses its own channel name.
import { afterEach, describe, expect, it } from 'vitest';
import {
  CHANNEL_NAME,
  createIncidentLock,
  type IncidentLock,
  type IncidentLockOptions,
  LOCK_PREFIX,
} from './tabs.ts';
import { FakeLockManager, type FakeTabLocks } from './testing/fake-lock-manager.ts';

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
let channelSeq = 0;
const opened: IncidentLock[] = [];

/** Two (or more) tabs over one lock manager and one channel name of their own. */
function tabs(n: number, extra: Partial<IncidentLockOptions> = {}) {
  const locks = new FakeLockManager();
  const suffix = `-${++channelSeq}`;
  /** Each tab's own view of the lock manager: views[i].crash() is tab i's renderer dying. */
  const views: FakeTabLocks[] = [];
  const made = Array.from({ length: n }, (_, i) => {
    const view = locks.tab();
    views.push(view);
    const lock = createIncidentLock({
      locks: extra.locks === null ? null : view,
      channel: (name) => {
        expect(name).toBe(CHANNEL_NAME);
        return new BroadcastChannel(name + suffix);
      },
      tabId: `tab-${i}`,
      takeOverTimeoutMs: 300,
      pingTimeoutMs: 60,
      ...extra,
    });
    opened.push(lock);
    return lock;
  });
  return { locks, made, views };
}

/**
 * Tab 0 owns inc-1; tabs 1 and 2 are told it is elsewhere and wait for it. Returns the waiters
 * that got it, in the order they did ('b' for tab 1, 'c' for tab 2): the same three tabs with
 * Web Locks and without, so both hand-overs are tested from one starting point.
 */
async function ownerAndTwoWaiting([a, b, c]: IncidentLock[]): Promise<string[]> {
  await a.acquire('inc-1');
  expect(await b.acquire('inc-1')).toBe('elsewhere');
  expect(await c.acquire('inc-1')).toBe('elsewhere');
  const owners: string[] = [];
  void b.wait('inc-1').then((v) => v && owners.push('b'));
  void c.wait('inc-1').then((v) => v && owners.push('c'));
  await tick(20);
  return owners;
}

afterEach(() => {
  // Node keeps the process alive while a BroadcastChannel is open.
  for (const l of opened.splice(0)) l.dispose();
});

describe('with Web Locks', () => {
  it('gives the incident to the first tab and tells the second it is open elsewhere', async () => {
    const { locks, made } = tabs(2);
    const [a, b] = made;
    expect(await a.acquire('inc-1')).toBe('owner');
    expect(locks.held.has(`${LOCK_PREFIX}inc-1`)).toBe(true);
    expect(await b.acquire('inc-1')).toBe('elsewhere');
    expect(await a.acquire('inc-1')).toBe('owner');
    expect(await b.acquire('inc-2')).toBe('owner');
    expect([a.held(), b.held()]).toEqual(['inc-1', 'inc-2']);
    a.release();
    await tick();
    expect(locks.held.has(`${LOCK_PREFIX}inc-1`)).toBe(false);
    // One incident per tab: b takes inc-1 and lets go of inc-2.
    expect(await b.acquire('inc-1')).toBe('owner');
    await tick();
    expect(b.held()).toBe('inc-1');
    expect(await a.acquire('inc-2')).toBe('owner');
  });

  it('takes over politely: the owner saves (beforeRelease), stops writing (onLost), then the taker owns it', async () => {
    const { made } = tabs(2);
    const [a, b] = made;
    const events: string[] = [];
    a.setBeforeRelease(async () => {
      events.push('a saves');
      await tick(20);
      events.push('a saved');
    });
    a.onLost((id) => events.push(`a lost ${id}`));
    expect(await a.acquire('inc-1')).toBe('owner');
    expect(await b.acquire('inc-1')).toBe('elsewhere');
    const started = Date.now();
    await b.takeOver('inc-1');
    events.push('b owns');
    expect(Date.now() - started).toBeLessThan(250); // answered, not timed out
    expect(events).toEqual(['a saves', 'a saved', 'a lost inc-1', 'b owns']);
    expect([a.held(), b.held()]).toEqual([null, 'inc-1']);
    expect(await a.acquire('inc-1')).toBe('elsewhere');
  });

  it('steals the lock when the owner does not answer in time, and the owner learns it lost', async () => {
    const { made } = tabs(2);
    const [a, b] = made;
    const lost: string[] = [];
    a.onLost((id) => lost.push(id));
    // A hung save: the owner never gets to release.
    a.setBeforeRelease(() => new Promise(() => {}));
    await a.acquire('inc-1');
    const started = Date.now();
    await b.takeOver('inc-1');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    await tick();
    expect(lost).toEqual(['inc-1']);
    expect([a.held(), b.held()]).toEqual([null, 'inc-1']);
  });

  it('steals too when the owner has no channel to hear the request', async () => {
    const { locks } = tabs(0);
    const a = createIncidentLock({ locks: locks as unknown as LockManager, channel: null, tabId: 'a' });
    const b = createIncidentLock({
      locks: locks as unknown as LockManager,
      channel: (n) => new BroadcastChannel(`${n}-lonely-${++channelSeq}`),
      tabId: 'b',
      takeOverTimeoutMs: 50,
    });
    opened.push(a, b);
    const lost: string[] = [];
    a.onLost((id) => lost.push(id));
    await a.acquire('inc-9');
    await b.takeOver('inc-9');
    await tick();
    expect(lost).toEqual(['inc-9']);
    expect(b.held()).toBe('inc-9');
  });

  it('takes a free incident at once, without asking anyone', async () => {
    const { made } = tabs(2);
    const [a, b] = made;
    let asked = false;
    a.setBeforeRelease(async () => {
      asked = true;
    });
    await a.acquire('inc-other');
    const started = Date.now();
    await b.takeOver('inc-1');
    expect(Date.now() - started).toBeLessThan(100);
    expect(asked).toBe(false);
    expect(a.held()).toBe('inc-other');
  });

  it('releases on dispose so another tab can take the incident', async () => {
    const { made } = tabs(2);
    const [a, b] = made;
    await a.acquire('inc-1');
    expect(await b.acquire('inc-1')).toBe('elsewhere');
    a.dispose();
    await tick();
    expect(await b.acquire('inc-1')).toBe('owner');
    await expect(a.acquire('inc-1')).rejects.toThrow(/disposed/);
  });

  it('stops listening after unsubscribe', async () => {
    const { made } = tabs(2);
    const [a, b] = made;
    const lost: string[] = [];
    const off = a.onLost((id) => lost.push(id));
    off();
    await a.acquire('inc-1');
    await b.takeOver('inc-1');
    expect(lost).toEqual([]);
  });
});

describe('waiting for the owner to let go', () => {
  const NAME = `${LOCK_PREFIX}inc-1`;

  /** Records what a wait() answered, once it answers. */
  function watch(p: Promise<boolean>) {
    const seen: { got: boolean | null } = { got: null };
    void p.then((v) => {
      seen.got = v;
    });
    return seen;
  }

  it('a follower queued for the lock owns the incident once the owner opens another one', async () => {
    const { locks, made } = tabs(2);
    const [a, b] = made;
    const lost: string[] = [];
    b.onLost((id) => lost.push(id));
    await a.acquire('inc-1');
    expect(await b.acquire('inc-1')).toBe('elsewhere');
    const wait = watch(b.wait('inc-1'));
    await tick(20);
    expect(wait.got).toBeNull();
    expect(locks.waiting(NAME)).toBe(1);

    expect(await a.acquire('inc-2')).toBe('owner');
    await tick();
    expect(wait.got).toBe(true);
    expect([a.held(), b.held()]).toEqual(['inc-2', 'inc-1']);
    expect(lost).toEqual([]);
    // b holds it now: a third look from a is told it is elsewhere.
    expect(await a.acquire('inc-1')).toBe('elsewhere');
  });

  it('a crashed owner (the browser releases a dead page’s locks) hands the incident to the waiting follower', async () => {
    const { made, views } = tabs(2);
    const [a, b] = made;
    await a.acquire('inc-1');
    await b.acquire('inc-1');
    const wait = watch(b.wait('inc-1'));
    await tick(20);
    expect(wait.got).toBeNull();
    views[0].crash();
    await tick();
    expect(wait.got).toBe(true);
    expect(b.held()).toBe('inc-1');
  });

  it('three tabs: when the owner goes exactly one follower owns the incident, the other keeps waiting behind it', async () => {
    const { locks, made, views } = tabs(3);
    const [, b, c] = made;
    const owners = await ownerAndTwoWaiting(made);
    expect(locks.waiting(NAME)).toBe(2);

    views[0].crash();
    await tick(20);
    expect(owners).toHaveLength(1);
    expect([b.held(), c.held()].filter((h) => h !== null)).toEqual(['inc-1']);
    expect(locks.waiting(NAME)).toBe(1);

    // The new owner closes too: the last tab gets it.
    views[owners[0] === 'b' ? 1 : 2].crash();
    await tick(20);
    expect(owners.sort()).toEqual(['b', 'c']);
    expect(locks.waiting(NAME)).toBe(0);
  });

  it('an aborted wait answers false, leaves nothing queued, and is not granted the lock later', async () => {
    const { locks, made } = tabs(2);
    const [a, b] = made;
    await a.acquire('inc-1');
    await b.acquire('inc-1');
    const ctl = new AbortController();
    const wait = b.wait('inc-1', ctl.signal);
    await tick();
    expect(locks.waiting(NAME)).toBe(1);
    ctl.abort();
    expect(await wait).toBe(false);
    expect(locks.waiting(NAME)).toBe(0);
    a.release();
    await tick(20);
    expect(locks.held.has(NAME)).toBe(false);
    expect(b.held()).toBeNull();
    // An already aborted signal does not even queue.
    expect(await b.wait('inc-1', ctl.signal)).toBe(false);
    expect(locks.held.has(NAME)).toBe(false);
  });

  it('acquiring another incident, releasing or disposing ends the wait (one incident per tab)', async () => {
    const { locks, made } = tabs(2);
    const [a, b] = made;
    await a.acquire('inc-1');
    await b.acquire('inc-1');
    const first = b.wait('inc-1');
    await tick();
    expect(await b.acquire('inc-2')).toBe('owner');
    expect(await first).toBe(false);
    expect(locks.waiting(NAME)).toBe(0);

    const second = b.wait('inc-1');
    await tick();
    expect(locks.waiting(NAME)).toBe(1);
    b.release();
    expect(await second).toBe(false);

    const third = b.wait('inc-1');
    await tick();
    b.dispose();
    expect(await third).toBe(false);
    expect(locks.waiting(NAME)).toBe(0);
    a.release();
    await tick(20);
    expect(locks.held.has(NAME)).toBe(false);
  });

  it('"Open here" while others wait: the taker gets it (not the first in the queue), the others keep waiting', async () => {
    const { locks, made } = tabs(3);
    const [a, b, c] = made;
    const events: string[] = [];
    a.setBeforeRelease(async () => {
      events.push('a saved');
    });
    a.onLost((id) => events.push(`a lost ${id}`));
    c.onLost((id) => events.push(`c lost ${id}`));
    await a.acquire('inc-1');
    await b.acquire('inc-1');
    await c.acquire('inc-1');
    const cWait = watch(c.wait('inc-1'));
    const bWait = b.wait('inc-1');
    await tick();
    expect(locks.waiting(NAME)).toBe(2);

    const started = Date.now();
    await b.takeOver('inc-1');
    expect(Date.now() - started).toBeLessThan(250); // answered, not timed out
    expect(await bWait).toBe(false); // its own wait was withdrawn, not granted
    expect(events).toEqual(['a saved', 'a lost inc-1']);
    expect([a.held(), b.held(), c.held()]).toEqual([null, 'inc-1', null]);
    // Past the time the yielding tab keeps the lock for the taker: still nobody else has it.
    await tick(400);
    expect(cWait.got).toBeNull();
    expect(events).not.toContain('c lost inc-1');
    expect(locks.waiting(NAME)).toBe(1);

    // The robbed tab queues again (as the session does), behind c; b lets go: c, then a.
    const aWait = watch(a.wait('inc-1'));
    b.release();
    await tick(20);
    expect(cWait.got).toBe(true);
    expect(aWait.got).toBeNull();
    c.release();
    await tick(20);
    expect(aWait.got).toBe(true);
    expect(a.held()).toBe('inc-1');
  });

  it('a yielding owner whose taker never steals lets go after the timeout: the waiting tab gets it', async () => {
    const { made } = tabs(3);
    const [a, b, c] = made;
    await a.acquire('inc-1');
    await c.acquire('inc-1');
    const cWait = watch(c.wait('inc-1'));
    // b asks, a yields (keeps the lock for b), and b is gone before it steals.
    const lost: string[] = [];
    a.onLost((id) => lost.push(id));
    const asked = new BroadcastChannel(`${CHANNEL_NAME}-${channelSeq}`);
    asked.postMessage({ type: 'release-please', incidentId: 'inc-1', from: 'tab-gone' });
    await tick(50);
    asked.close();
    expect(lost).toEqual(['inc-1']);
    expect(cWait.got).toBeNull();
    await tick(350);
    expect(cWait.got).toBe(true);
    expect(b.held()).toBeNull();
  });
});

describe('saves announced to followers', () => {
  it('tells the other tabs (not itself) which incident was saved at which revision', async () => {
    const { made } = tabs(3);
    const [a, b, c] = made;
    const heard: string[] = [];
    a.onSaved((id, rev) => heard.push(`a ${id}@${rev}`));
    const offB = b.onSaved((id, rev) => heard.push(`b ${id}@${rev}`));
    c.onSaved((id, rev) => heard.push(`c ${id}@${rev}`));
    a.announceSaved('inc-1', 4);
    await tick(20);
    expect(heard.sort()).toEqual(['b inc-1@4', 'c inc-1@4']);
    offB();
    c.announceSaved('inc-1', 5);
    await tick(20);
    expect(heard.slice(2)).toEqual(['a inc-1@5']);
  });

  it('ignores messages that are not ours', async () => {
    const { made } = tabs(1);
    const [a] = made;
    const heard: unknown[] = [];
    a.onSaved((id, rev) => heard.push([id, rev]));
    const stranger = new BroadcastChannel(`${CHANNEL_NAME}-${channelSeq}`);
    stranger.postMessage({ type: 'saved', incidentId: 42, rev: 1, from: 'x' });
    stranger.postMessage('hello');
    stranger.postMessage({ type: 'saved', incidentId: 'inc-1', rev: 'one', from: 'x' });
    stranger.postMessage({ type: 'saved', incidentId: 'inc-1', rev: 2, from: 'x' });
    await tick(20);
    stranger.close();
    expect(heard).toEqual([['inc-1', 2]]);
  });
});

describe('without Web Locks (the channel-only fallback)', () => {
  it('answers "elsewhere" when another tab says it has the incident, and takes over politely', async () => {
    const { made } = tabs(2, { locks: null });
    const [a, b] = made;
    const events: string[] = [];
    a.setBeforeRelease(async () => {
      events.push('a saved');
    });
    a.onLost((id) => events.push(`a lost ${id}`));
    expect(await a.acquire('inc-1')).toBe('owner');
    expect(await b.acquire('inc-1')).toBe('elsewhere');
    expect(await b.acquire('inc-2')).toBe('owner');
    await b.takeOver('inc-1');
    expect(events).toEqual(['a saved', 'a lost inc-1']);
    expect([a.held(), b.held()]).toEqual([null, 'inc-1']);
    expect(await a.acquire('inc-1')).toBe('elsewhere');
  });

  it('makes exactly one of two simultaneous acquires the owner', async () => {
    const { made } = tabs(2, { locks: null });
    const [a, b] = made;
    const answers = await Promise.all([a.acquire('inc-1'), b.acquire('inc-1')]);
    expect(answers.sort()).toEqual(['elsewhere', 'owner']);
  });

  it('tells an owner that did not answer that it lost the incident', async () => {
    const { made } = tabs(2, { locks: null });
    const [a, b] = made;
    const lost: string[] = [];
    a.onLost((id) => lost.push(id));
    a.setBeforeRelease(() => new Promise(() => {}));
    await a.acquire('inc-1');
    await b.takeOver('inc-1');
    await tick(20);
    expect(lost).toEqual(['inc-1']);
    expect([a.held(), b.held()]).toEqual([null, 'inc-1']);
  });
  it('a waiting tab owns the incident when the owner releases it; of two waiting tabs exactly one', async () => {
    const { made } = tabs(3, { locks: null });
    const [a, b, c] = made;
    const owners = await ownerAndTwoWaiting(made);
    a.release();
    await tick(200);
    expect(owners).toHaveLength(1);
    expect([b.held(), c.held()].filter((h) => h !== null)).toEqual(['inc-1']);
    // The other keeps waiting, and is next.
    (owners[0] === 'b' ? b : c).release();
    await tick(200);
    expect(owners.sort()).toEqual(['b', 'c']);
    // And an aborted wait takes nothing.
    const ctl = new AbortController();
    const wait = a.wait('inc-1', ctl.signal);
    ctl.abort();
    expect(await wait).toBe(false);
  });
});
