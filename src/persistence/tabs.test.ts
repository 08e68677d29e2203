// Two tabs in one process: two lock objects sharing a small but faithful LockManager (exclusive
// locks, ifAvailable, steal rejecting the robbed holder's request with AbortError, release when
// the callback's promise settles, a FIFO queue) and Node's BroadcastChannel (two channels of one
// name in one process hear each other). Each test uses its own channel name.
import { afterEach, describe, expect, it } from 'vitest';
import {
  CHANNEL_NAME,
  createIncidentLock,
  type IncidentLock,
  type IncidentLockOptions,
  LOCK_PREFIX,
} from './tabs.ts';

interface Request {
  name: string;
  cb: (lock: Lock | null) => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}
interface Holder {
  req: Request;
  stolen: boolean;
}

/** The Web Locks API's exclusive mode, as the spec describes it, for one origin in one process. */
class FakeLockManager {
  readonly held = new Map<string, Holder>();
  private readonly queues = new Map<string, Request[]>();

  request(
    name: string,
    a: LockOptions | ((lock: Lock | null) => unknown),
    b?: (lock: Lock | null) => unknown,
  ) {
    const options: LockOptions = typeof a === 'function' ? {} : a;
    const cb = (typeof a === 'function' ? a : b)!;
    return new Promise((resolve, reject) => {
      const req: Request = { name, cb, resolve, reject };
      const queue = this.queues.get(name) ?? [];
      if (options.steal) {
        const current = this.held.get(name);
        if (current) {
          current.stolen = true;
          this.held.delete(name);
          current.req.reject(new DOMException('The lock was stolen.', 'AbortError'));
        }
        this.grant(req);
      } else if (this.held.has(name) || queue.length > 0) {
        if (options.ifAvailable) {
          Promise.resolve()
            .then(() => cb(null))
            .then(resolve, reject);
        } else {
          queue.push(req);
          this.queues.set(name, queue);
        }
      } else {
        this.grant(req);
      }
    });
  }

  private grant(req: Request): void {
    const holder: Holder = { req, stolen: false };
    this.held.set(req.name, holder);
    Promise.resolve()
      .then(() => req.cb({ name: req.name, mode: 'exclusive' } as Lock))
      .then(
        (v) => {
          this.letGo(holder);
          if (!holder.stolen) req.resolve(v);
        },
        (e) => {
          this.letGo(holder);
          if (!holder.stolen) req.reject(e);
        },
      );
  }

  private letGo(holder: Holder): void {
    const name = holder.req.name;
    if (this.held.get(name) !== holder) return;
    this.held.delete(name);
    const next = this.queues.get(name)?.shift();
    if (next) this.grant(next);
  }

  query() {
    return Promise.resolve({ held: [], pending: [] });
  }
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
let channelSeq = 0;
const opened: IncidentLock[] = [];

/** Two (or more) tabs over one lock manager and one channel name of their own. */
function tabs(n: number, extra: Partial<IncidentLockOptions> = {}) {
  const locks = new FakeLockManager();
  const suffix = `-${++channelSeq}`;
  const made = Array.from({ length: n }, (_, i) => {
    const lock = createIncidentLock({
      locks: extra.locks === null ? null : (locks as unknown as LockManager),
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
  return { locks, made };
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
});
