// One writer per incident across the browser's tabs. The tab that opens an incident first holds
// its Web Lock ('rca-incident:<id>') for as long as it has it open; a second tab learns the
// incident is open elsewhere and follows (reads, does not write), told of each save over the
// BroadcastChannel 'rca-workbench'. A follower also queues for the lock (wait()): the browser
// grants it when the owner lets go, whether it opened another incident, closed its tab or its
// renderer died (the browser releases a dead page's locks), and to exactly one of the waiting
// tabs; the others keep waiting behind it. "Take over" asks the owner politely (it saves, stops
// writing and says so, keeping the lock for the taker to steal: released, it would go to the
// first waiting tab instead), and steals without an answer when none comes in time. Without Web
// Locks (old browsers) the same questions go over the channel alone: "who has it?" with a short
// timeout. The revision check in repo.saveState stays the last line of defence either way.

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
  /** Lets go of the held incident (switching incidents, closing it), and stops any wait(). */
  release(): void;
  /**
   * Queues for the incident's lock and takes it when the tab that has it lets go (opens another
   * incident, closes, crashes). True once this tab holds it; false when the wait ended without
   * it: `signal` aborted, or this tab acquired, took over, released or was disposed meanwhile
   * (the queued request is withdrawn: nothing is held). One wait at a time: a new one ends the
   * last. Without Web Locks it is granted only when the owner says it released (not on a crash).
   */
  wait(incidentId: string, signal?: AbortSignal): Promise<boolean>;
  /**
   * Takes the incident from the tab that has it: asks it to save and stop writing, waits up to
   * takeOverTimeoutMs for its answer, then steals the lock (ahead of any tab waiting for it).
   * Resolves once this tab is the owner.
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
  /**
   * A lock given away on request: no longer this tab's to write with, but kept until the taker
   * steals it (or, should the taker never come, for takeOverTimeoutMs), so that a waiting tab
   * does not get it in between.
   */
  let lingering: { release: () => void; timer: ReturnType<typeof setTimeout> } | null = null;
  /** Bumped by release(): a lock granted to a request made before it is given back at once. */
  let generation = 0;
  /** The wait() in progress, ended by release() (so by acquire and takeOver) and dispose(). */
  let waiting: AbortController | null = null;
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

  /**
   * Resolves true when a message matching `match` arrives, false after `ms` (never: Infinity),
   * when `signal` aborts, or on dispose().
   */
  function waitFor(match: (m: Message) => boolean, ms: number, signal?: AbortSignal): Promise<boolean> {
    if (!channel || signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (v: boolean) => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', end);
        waiters.delete(waiter);
        resolve(v);
      };
      const end = () => done(false);
      const waiter = {
        see: (m: Message) => {
          if (match(m)) done(true);
        },
        end,
      };
      const timer = Number.isFinite(ms) ? setTimeout(end, ms) : null;
      signal?.addEventListener('abort', end, { once: true });
      waiters.add(waiter);
    });
  }

  /**
   * Asks the LockManager for the incident's lock, and keeps it until `holding.release()`. True
   * when granted. When another tab steals it later, the request rejects (AbortError): lost.
   * 'wait' queues until the holder lets go; aborting `signal` before that withdraws the request
   * (it then resolves false).
   */
  function requestLock(
    lm: LockManager,
    id: string,
    how: 'ifAvailable' | 'steal' | 'wait',
    signal?: AbortSignal,
  ): Promise<boolean> {
    const gen = generation;
    const options: LockOptions =
      how === 'steal' ? { steal: true } : how === 'ifAvailable' ? { ifAvailable: true } : { signal };
    return new Promise<boolean>((resolve, reject) => {
      let granted = false;
      let entry: Holding | null = null;
      lm.request(LOCK_PREFIX + id, options, (lock) => {
        if (!lock) {
          resolve(false);
          return undefined;
        }
        granted = true;
        // release() or dispose() came while the request was on its way, or the wait was called
        // off between the grant and this callback: give it straight back. (A wait granted while
        // this tab somehow holds another incident does the same: one incident per tab.)
        if (gen !== generation || disposed || signal?.aborted || (how === 'wait' && holding)) {
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
            // A withdrawn wait is an answer ("not now"), not a failure.
            if (how === 'wait') resolve(false);
            else reject(e);
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

  function stopWaiting(): void {
    const w = waiting;
    waiting = null;
    w?.abort();
  }

  function dropLingering(): void {
    const l = lingering;
    lingering = null;
    if (!l) return;
    clearTimeout(l.timer);
    l.release();
  }

  function release(): void {
    generation++;
    stopWaiting();
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
    if (locks) {
      // Kept for the taker to steal (a release would grant it to the first waiting tab, which
      // the taker would then have to rob); let go after a while should the taker be gone.
      dropLingering();
      const l = {
        release: h.release,
        timer: setTimeout(() => lingering === l && dropLingering(), takeOverTimeout),
      };
      lingering = l;
    } else {
      h.release();
    }
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

  /**
   * The fallback's wait: each time a tab says it released the incident, ask who has it (the
   * "who has it?" ordering makes one of several waiting tabs the owner). A tab that closes or
   * crashes says nothing: only "Open here" takes the incident then.
   */
  async function fallbackWait(id: string, signal: AbortSignal): Promise<boolean> {
    while (!signal.aborted && !disposed) {
      if (!(await waitFor((m) => m.type === 'released' && m.incidentId === id, Infinity, signal)))
        return false;
      if ((await fallbackAcquire(id)) === 'owner') {
        if (!signal.aborted) return true;
        // Called off while asking: give it back, and let the other waiting tabs ask again.
        holding = null;
        post({ type: 'released', incidentId: id, from: me, saved: true });
        return false;
      }
    }
    return false;
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

    wait: (incidentId, signal) => {
      if (disposed || signal?.aborted) return Promise.resolve(false);
      if (holding?.id === incidentId) return Promise.resolve(true);
      stopWaiting();
      const ctl = new AbortController();
      waiting = ctl;
      const onAbort = () => ctl.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      const granted = locks
        ? requestLock(locks, incidentId, 'wait', ctl.signal)
        : fallbackWait(incidentId, ctl.signal);
      return granted.then(
        (got) => {
          signal?.removeEventListener('abort', onAbort);
          if (waiting === ctl) waiting = null;
          return got;
        },
        () => {
          signal?.removeEventListener('abort', onAbort);
          if (waiting === ctl) waiting = null;
          return false;
        },
      );
    },

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
          // Answered: the owner saved and stopped writing, and keeps the lock for this tab to
          // steal (released, it would go to the first of the tabs waiting for it). No answer in
          // time (the owner hangs, or its page is frozen in the background): steal all the same;
          // the owner's lock request then fails and it stops writing when it wakes up.
          await released;
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
      dropLingering();
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
