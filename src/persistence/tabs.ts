// One writer per incident across the browser's tabs. The tab that opens an incident first holds
// its Web Lock ('rca-incident:<id>') for as long as it has it open; a second tab learns the
// incident is open elsewhere and follows (reads, does not write), told of each save over the
// BroadcastChannel 'rca-workbench'. "Take over" asks the owner politely (it saves, releases and
// stops writing), and steals the lock only when no answer comes. Without Web Locks (old
// browsers) the same questions go over the channel alone: "who has it?" with a short timeout.
// The revision check in repo.saveState stays the last line of defence either way.

export const CHANNEL_NAME = 'rca-workbench';
export const LOCK_PREFIX = 'rca-incident:';

export type LockAccess = 'owner' | 'elsewhere';

export interface IncidentLock {
  /** The incident this tab holds, or null. */
  held(): string | null;
  /**
   * Takes the incident if no other tab has it ('owner'), else 'elsewhere' (follow, don't write).
   * One incident per tab: the one held before is released first.
   */
  acquire(incidentId: string): Promise<LockAccess>;
  /** Lets go of the held incident (switching incidents, closing it). */
  release(): void;
  /**
   * Takes the incident from the tab that has it: asks it to save and release, waits up to
   * takeOverTimeoutMs, then steals the lock. Resolves once this tab is the owner.
   */
  takeOver(incidentId: string): Promise<void>;
  /** The held incident was taken by another tab: stop writing it. Returns the unsubscribe. */
  onLost(cb: (incidentId: string) => void): () => void;
  /** Runs before this tab gives an incident away on request (the session saves what is pending). */
  setBeforeRelease(fn: (() => Promise<void>) | null): void;
  /** Tells the other tabs that this tab saved `incidentId` at revision `rev`. */
  announceSaved(incidentId: string, rev: number): void;
  /** Another tab saved an incident (a follower reloads it). Returns the unsubscribe. */
  onSaved(cb: (incidentId: string, rev: number) => void): () => void;
  /** Releases the lock and closes the channel; the object is not used after. */
  dispose(): void;
}

export interface IncidentLockOptions {
  /** navigator.locks by default; null: no Web Locks (the channel-only fallback). */
  locks?: LockManager | null;
  /** Opens a BroadcastChannel by name; null: no channel (takeOver then steals at once). */
  channel?: ((name: string) => BroadcastChannel) | null;
  /** This tab's id in messages (random by default). */
  tabId?: string;
  /** How long takeOver waits for the owner to save and release, ms (2000). */
  takeOverTimeoutMs?: number;
  /** How long the fallback's "who has it?" waits for an answer, ms (250). */
  pingTimeoutMs?: number;
}

type Message =
  | { type: 'release-please'; incidentId: string; from: string }
  | { type: 'released'; incidentId: string; from: string; saved: boolean }
  | { type: 'saved'; incidentId: string; from: string; rev: number }
  | { type: 'who-has'; incidentId: string; from: string }
  | { type: 'i-have'; incidentId: string; from: string; to: string }
  | { type: 'taken'; incidentId: string; from: string };

const MESSAGE_TYPES = new Set(['release-please', 'released', 'saved', 'who-has', 'i-have', 'taken']);

function isMessage(x: unknown): x is Message {
  if (typeof x !== 'object' || x === null) return false;
  const m = x as Record<string, unknown>;
  return (
    typeof m.type === 'string' &&
    MESSAGE_TYPES.has(m.type) &&
    typeof m.incidentId === 'string' &&
    typeof m.from === 'string'
  );
}

function randomTabId(): string {
  const b = crypto.getRandomValues(new Uint8Array(6));
  return `tab-${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`;
}

interface Holding {
  id: string;
  /** Ends the Web Lock's callback, which releases the lock. */
  release: () => void;
  /** A polite release is under way (beforeRelease running). */
  yielding: boolean;
}

export function createIncidentLock(opts: IncidentLockOptions = {}): IncidentLock {
  const me = opts.tabId ?? randomTabId();
  const locks =
    opts.locks !== undefined ? opts.locks : ((globalThis.navigator as Navigator | undefined)?.locks ?? null);
  const open =
    opts.channel !== undefined
      ? opts.channel
      : typeof BroadcastChannel === 'undefined'
        ? null
        : (name: string) => new BroadcastChannel(name);
  const channel = open ? open(CHANNEL_NAME) : null;
  const takeOverTimeout = opts.takeOverTimeoutMs ?? 2000;
  const pingTimeout = opts.pingTimeoutMs ?? 250;

  let holding: Holding | null = null;
  /** Bumped by release(): a lock granted to a request made before it is given back at once. */
  let generation = 0;
  /** The fallback's acquire in flight (answers a simultaneous "who has it?" by tab id order). */
  let pendingFallback: string | null = null;
  let beforeRelease: (() => Promise<void>) | null = null;
  let disposed = false;
  const lostListeners = new Set<(id: string) => void>();
  const savedListeners = new Set<(id: string, rev: number) => void>();
  /** Open waitFor()s: each sees every message, and dispose() ends them. */
  const waiters = new Set<{ see: (m: Message) => void; end: () => void }>();
  // acquire and takeOver run one at a time: each leaves `holding` settled for the next.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = chain.then(fn);
    chain = p.catch(() => {});
    return p;
  };

  const post = (m: Message) => channel?.postMessage(m);

  const fireLost = (id: string) => {
    for (const cb of [...lostListeners]) cb(id);
  };

  /** Resolves true when a message matching `match` arrives, false after `ms`. */
  function waitFor(match: (m: Message) => boolean, ms: number): Promise<boolean> {
    if (!channel) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (v: boolean) => {
        clearTimeout(timer);
        waiters.delete(waiter);
        resolve(v);
      };
      const waiter = {
        see: (m: Message) => {
          if (match(m)) done(true);
        },
        end: () => done(false),
      };
      const timer = setTimeout(() => done(false), ms);
      waiters.add(waiter);
    });
  }

  /**
   * Asks the LockManager for the incident's lock, and keeps it until `holding.release()`. True
   * when granted. When another tab steals it later, the request rejects (AbortError): lost.
   */
  function requestLock(lm: LockManager, id: string, how: 'ifAvailable' | 'steal'): Promise<boolean> {
    const gen = generation;
    return new Promise<boolean>((resolve, reject) => {
      let granted = false;
      let entry: Holding | null = null;
      lm.request(LOCK_PREFIX + id, how === 'steal' ? { steal: true } : { ifAvailable: true }, (lock) => {
        if (!lock) {
          resolve(false);
          return undefined;
        }
        granted = true;
        if (gen !== generation || disposed) {
          // release() or dispose() came while the request was on its way: give it straight back.
          resolve(false);
          return undefined;
        }
        return new Promise<void>((let_go) => {
          entry = { id, release: let_go, yielding: false };
          holding = entry;
          resolve(true);
        });
      }).then(
        () => {},
        (e: unknown) => {
          if (!granted) {
            reject(e);
            return;
          }
          // Stolen by another tab's takeOver: this tab must stop writing now.
          if (entry && holding === entry) {
            holding = null;
            fireLost(id);
          }
        },
      );
    });
  }

  function release(): void {
    generation++;
    const h = holding;
    if (!h) return;
    holding = null;
    h.release();
    post({ type: 'released', incidentId: h.id, from: me, saved: true });
  }

  /** Another tab asked for the incident this tab holds: save, release, stop writing, tell it. */
  async function yieldTo(id: string): Promise<void> {
    const h = holding;
    if (!h || h.id !== id || h.yielding) return;
    h.yielding = true;
    let saved = true;
    try {
      await beforeRelease?.();
    } catch {
      // The session shows its own save failure; the incident is given away either way, since
      // the asking tab would steal it after its timeout.
      saved = false;
    }
    if (holding !== h) return; // stolen or released meanwhile (already reported)
    holding = null;
    h.release();
    fireLost(id);
    post({ type: 'released', incidentId: id, from: me, saved });
  }

  function onMessage(event: MessageEvent): void {
    const m: unknown = event.data;
    if (disposed || !isMessage(m) || m.from === me) return;
    for (const w of [...waiters]) w.see(m);
    switch (m.type) {
      case 'release-please':
        void yieldTo(m.incidentId);
        break;
      case 'saved':
        if (typeof m.rev === 'number') for (const cb of [...savedListeners]) cb(m.incidentId, m.rev);
        break;
      case 'who-has':
        // Held here, or asked for at the same moment by a tab with a greater id: this tab answers
        // first, so exactly one of two simultaneous acquires becomes the owner.
        if (holding?.id === m.incidentId || (pendingFallback === m.incidentId && me < m.from))
          post({ type: 'i-have', incidentId: m.incidentId, from: me, to: m.from });
        break;
      case 'taken':
        // The channel-only fallback has no lock to steal: the taker says so, and this tab stops.
        if (!locks && holding?.id === m.incidentId) {
          holding = null;
          fireLost(m.incidentId);
        }
        break;
    }
  }
  channel?.addEventListener('message', onMessage);

  async function fallbackAcquire(id: string): Promise<LockAccess> {
    const gen = generation;
    pendingFallback = id;
    const answered = waitFor((m) => m.type === 'i-have' && m.incidentId === id && m.to === me, pingTimeout);
    post({ type: 'who-has', incidentId: id, from: me });
    const elsewhere = await answered;
    pendingFallback = null;
    if (elsewhere || gen !== generation || disposed) return 'elsewhere';
    holding = { id, release: () => {}, yielding: false };
    return 'owner';
  }

  const api: IncidentLock = {
    held: () => holding?.id ?? null,

    acquire: (incidentId) =>
      serial(async () => {
        if (disposed) throw new Error('The incident lock was disposed.');
        if (holding?.id === incidentId) return 'owner';
        release();
        if (locks) return (await requestLock(locks, incidentId, 'ifAvailable')) ? 'owner' : 'elsewhere';
        return fallbackAcquire(incidentId);
      }),

    release,

    takeOver: (incidentId) =>
      serial(async () => {
        if (disposed) throw new Error('The incident lock was disposed.');
        if (holding?.id === incidentId) return;
        release();
        if (locks) {
          // Free already (the owner closed its tab): nothing to ask.
          if (await requestLock(locks, incidentId, 'ifAvailable')) return;
          const released = waitFor(
            (m) => m.type === 'released' && m.incidentId === incidentId,
            takeOverTimeout,
          );
          post({ type: 'release-please', incidentId, from: me });
          if ((await released) && (await requestLock(locks, incidentId, 'ifAvailable'))) return;
          // No answer in time (the owner hangs, or its page is frozen in the background): steal.
          // The owner's lock request then fails and it stops writing when it wakes up.
          if (!(await requestLock(locks, incidentId, 'steal')))
            throw new Error('The browser did not grant the incident lock.');
          return;
        }
        if ((await fallbackAcquire(incidentId)) === 'owner') return;
        const released = waitFor(
          (m) => m.type === 'released' && m.incidentId === incidentId,
          takeOverTimeout,
        );
        post({ type: 'release-please', incidentId, from: me });
        await released;
        holding = { id: incidentId, release: () => {}, yielding: false };
        post({ type: 'taken', incidentId, from: me });
      }),

    onLost: (cb) => {
      lostListeners.add(cb);
      return () => lostListeners.delete(cb);
    },

    setBeforeRelease: (fn) => {
      beforeRelease = fn;
    },

    announceSaved: (incidentId, rev) => post({ type: 'saved', incidentId, rev, from: me }),

    onSaved: (cb) => {
      savedListeners.add(cb);
      return () => savedListeners.delete(cb);
    },

    dispose: () => {
      if (disposed) return;
      release();
      disposed = true;
      for (const w of [...waiters]) w.end();
      lostListeners.clear();
      savedListeners.clear();
      channel?.removeEventListener('message', onMessage);
      channel?.close();
    },
  };
  return api;
}
