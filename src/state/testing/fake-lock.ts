// An in-memory stand-in for the tab lock (src/persistence/tabs.ts): the locks made by one hub
// behave like tabs of one browser (one owner per incident, take-over with a last save by the
// loser, saves announced to the others, followers queued with wait() getting the incident in
// turn when its owner lets go). Component tests get a hub of their own; session tests
// share one between two sessions to play two tabs.
import type { SessionLock } from '../../persistence/session.ts';

export interface FakeLock extends SessionLock {
  /** The incident this lock holds or watches, for assertions. */
  readonly held: string | null;
}

export interface FakeLockHub {
  create(): FakeLock;
  /** Which lock owns an incident now. */
  ownerOf(id: string): FakeLock | undefined;
}

export function createFakeLockHub(): FakeLockHub {
  const owners = new Map<string, FakeLock>();
  const locks = new Set<FakeLock>();
  /** wait()s per incident, first come first served. */
  const queues = new Map<string, { lock: FakeLock; grant: () => void; end: () => void }[]>();
  const grantNext = (id: string) => {
    if (owners.has(id)) return;
    const next = queues.get(id)?.shift();
    if (!next) return;
    owners.set(id, next.lock);
    next.grant();
  };

  function create(): FakeLock {
    let held: string | null = null;
    let beforeRelease: (() => Promise<void>) | null = null;
    const lost = new Set<(id: string) => void>();
    const saved = new Set<(id: string, rev: number) => void>();
    const stopWaiting = () => {
      for (const q of queues.values()) for (const w of q.filter((x) => x.lock === lock)) w.end();
    };
    const giveUp = () => {
      stopWaiting();
      const was = held;
      held = null;
      if (was !== null && owners.get(was) === lock) {
        owners.delete(was);
        grantNext(was);
      }
    };
    const lock: FakeLock & { lost: typeof lost; saved: typeof saved; beforeRelease: () => Promise<void> } = {
      get held() {
        return held;
      },
      lost,
      saved,
      beforeRelease: async () => {
        await beforeRelease?.();
      },
      async acquire(id) {
        stopWaiting();
        if (held !== id) giveUp();
        held = id;
        const owner = owners.get(id);
        if (owner && owner !== lock) return 'elsewhere';
        owners.set(id, lock);
        return 'owner';
      },
      async release() {
        giveUp();
      },
      async takeOver(id) {
        stopWaiting();
        if (held !== id) giveUp();
        held = id;
        const prev = owners.get(id) as typeof lock | undefined;
        if (prev && prev !== lock) {
          // The tab that had it saves first, then learns it lost it.
          await prev.beforeRelease();
          owners.set(id, lock);
          for (const cb of prev.lost) cb(id);
        } else owners.set(id, lock);
      },
      wait(id, signal) {
        stopWaiting();
        if (owners.get(id) === lock) return Promise.resolve(true);
        if (signal.aborted) return Promise.resolve(false);
        return new Promise<boolean>((resolve) => {
          const q = queues.get(id) ?? [];
          queues.set(id, q);
          const entry = {
            lock,
            grant: () => {
              signal.removeEventListener('abort', entry.end);
              held = id;
              resolve(true);
            },
            end: () => {
              signal.removeEventListener('abort', entry.end);
              const at = q.indexOf(entry);
              if (at >= 0) q.splice(at, 1);
              resolve(false);
            },
          };
          signal.addEventListener('abort', entry.end, { once: true });
          q.push(entry);
          grantNext(id);
        });
      },
      onLost(cb) {
        lost.add(cb);
        return () => lost.delete(cb);
      },
      setBeforeRelease(fn) {
        beforeRelease = fn;
      },
      announceSaved(id, rev) {
        // Another tab hears it later, as with a BroadcastChannel.
        for (const other of locks)
          if (other !== lock)
            setTimeout(() => {
              for (const cb of (other as typeof lock).saved) cb(id, rev);
            }, 0);
      },
      onSaved(cb) {
        saved.add(cb);
        return () => saved.delete(cb);
      },
      dispose() {
        giveUp();
        locks.delete(lock);
      },
    };
    locks.add(lock);
    return lock;
  }

  return { create, ownerOf: (id) => owners.get(id) };
}
