// The Web Locks API's exclusive mode, as the spec describes it, for one origin in one process
// (jsdom and Node have no navigator.locks): a FIFO queue per name, ifAvailable, steal (the robbed
// holder's request rejects with AbortError, queued requests stay queued), signal (a request still
// queued is dropped and rejects with the signal's AbortError; a granted one is not affected), and
// release when the callback's promise settles. Each tab gets its own view (tab()) so that a test
// can crash it: the browser then releases every lock the tab held and forgets its queued
// requests, without any of the tab's code running.

interface Request {
  name: string;
  client: number;
  cb: (lock: Lock | null) => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}
interface Holder {
  req: Request;
  /** Stolen or its tab crashed: the lock is gone, whatever the callback does later. */
  gone: boolean;
}

export interface FakeTabLocks extends LockManager {
  /** The tab's renderer is gone: its locks are released, its queued requests dropped. */
  crash(): void;
}

export class FakeLockManager {
  readonly held = new Map<string, Holder>();
  private readonly queues = new Map<string, Request[]>();
  private clients = 0;

  /** Requests waiting for `name`, in the order they will be granted. */
  waiting(name: string): number {
    return this.queues.get(name)?.length ?? 0;
  }

  /** A view for one tab; requests made through it belong to it (crash()). */
  tab(): FakeTabLocks {
    const client = ++this.clients;
    return {
      request: ((name: string, a: unknown, b?: unknown) =>
        this.requestFor(
          client,
          name,
          a as LockOptions,
          b as LockGrantedCallback<unknown>,
        )) as LockManager['request'],
      query: () => this.query(),
      crash: () => this.crash(client),
    };
  }

  /** As navigator.locks (a client of its own). */
  request(name: string, a: LockOptions | LockGrantedCallback<unknown>, b?: LockGrantedCallback<unknown>) {
    return this.requestFor(0, name, a, b);
  }

  query(): Promise<LockManagerSnapshot> {
    return Promise.resolve({
      held: [...this.held.keys()].map((name) => ({ name, mode: 'exclusive' as const })),
      pending: [...this.queues].flatMap(([name, q]) => q.map(() => ({ name, mode: 'exclusive' as const }))),
    });
  }

  private requestFor(
    client: number,
    name: string,
    a: LockOptions | LockGrantedCallback<unknown>,
    b?: LockGrantedCallback<unknown>,
  ): Promise<unknown> {
    const options: LockOptions = typeof a === 'function' ? {} : a;
    const cb = (typeof a === 'function' ? a : b) as (lock: Lock | null) => unknown;
    return new Promise((resolve, reject) => {
      const signal = options.signal;
      if (signal?.aborted) {
        reject(signal.reason ?? new DOMException('The request was aborted.', 'AbortError'));
        return;
      }
      const req: Request = { name, client, cb, resolve, reject, signal };
      const queue = this.queues.get(name) ?? [];
      if (options.steal) {
        const current = this.held.get(name);
        if (current) {
          current.gone = true;
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
          if (signal) {
            req.onAbort = () => {
              const q = this.queues.get(name) ?? [];
              const at = q.indexOf(req);
              if (at < 0) return;
              q.splice(at, 1);
              reject(signal.reason ?? new DOMException('The request was aborted.', 'AbortError'));
            };
            signal.addEventListener('abort', req.onAbort, { once: true });
          }
          queue.push(req);
          this.queues.set(name, queue);
        }
      } else {
        this.grant(req);
      }
    });
  }

  private grant(req: Request): void {
    if (req.onAbort) req.signal?.removeEventListener('abort', req.onAbort);
    const holder: Holder = { req, gone: false };
    this.held.set(req.name, holder);
    Promise.resolve()
      .then(() => req.cb({ name: req.name, mode: 'exclusive' } as Lock))
      .then(
        (v) => {
          this.letGo(holder);
          if (!holder.gone) req.resolve(v);
        },
        (e) => {
          this.letGo(holder);
          if (!holder.gone) req.reject(e);
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

  private crash(client: number): void {
    for (const [name, q] of this.queues) {
      const kept = q.filter((r) => r.client !== client);
      this.queues.set(name, kept);
    }
    for (const holder of [...this.held.values()]) {
      if (holder.req.client !== client) continue;
      // Nothing of the tab runs any more: its callback never settles, its request never answers.
      holder.gone = true;
      this.held.delete(holder.req.name);
      const next = this.queues.get(holder.req.name)?.shift();
      if (next) this.grant(next);
    }
  }
}
