// The offline service worker's strategies, run in Node against an in-memory CacheStorage and a
// scripted network. The browser side (registration, install, offline reloads) is proven by
// e2e/offline.spec.ts.
import { describe, expect, it } from 'vitest';
import {
  CACHE_PREFIX,
  isCacheable,
  precache,
  removeOldCaches,
  respond,
  routeOf,
  type SwConfig,
  type SwEnv,
} from './service-worker.ts';

const SCOPE = 'https://rca.example/app/';

class MemoryCache {
  readonly entries = new Map<string, Response>();
  async match(request: RequestInfo | URL): Promise<Response | undefined> {
    const hit = this.entries.get(new Request(request).url);
    return hit?.clone();
  }
  async put(request: RequestInfo | URL, response: Response): Promise<void> {
    this.entries.set(new Request(request).url, response);
  }
}

class MemoryCaches {
  readonly stores = new Map<string, MemoryCache>();
  async open(name: string): Promise<MemoryCache> {
    const c = this.stores.get(name) ?? new MemoryCache();
    this.stores.set(name, c);
    return c;
  }
  async keys(): Promise<string[]> {
    return [...this.stores.keys()];
  }
  async delete(name: string): Promise<boolean> {
    return this.stores.delete(name);
  }
}

/** A network that answers from a table (or fails, or never answers) and records what it saw. */
function network(answers: Record<string, number | 'fail' | 'hang'>, tag = 'network') {
  const seen: Request[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    seen.push(request);
    const path = new URL(request.url).pathname.slice(new URL(SCOPE).pathname.length);
    const a = answers[path] ?? 404;
    if (a === 'fail') throw new TypeError('Failed to fetch');
    if (a === 'hang') return new Promise<Response>(() => {});
    return new Response(`${tag}:${path}`, { status: a });
  };
  return { fetch, seen };
}

function setup(answers: Record<string, number | 'fail' | 'hang'>, precacheList = ['index.html']) {
  const caches = new MemoryCaches();
  const net = network(answers, 'install');
  const env = { caches, fetch: net.fetch } as unknown as SwEnv;
  const config: SwConfig = {
    cacheName: `${CACHE_PREFIX}build-2`,
    precache: precacheList,
    scope: SCOPE,
    navigationTimeoutMs: 50,
  };
  return { caches, net, env, config };
}

function get(path: string, init: RequestInit = {}): Request {
  return new Request(new URL(path, SCOPE), init);
}

/** A navigation request (Node's Request refuses mode 'navigate' in its constructor). */
function navigate(path: string): Request {
  const r = get(path);
  Object.defineProperty(r, 'mode', { value: 'navigate' });
  return r;
}

async function textOf(answer: Promise<Response> | null): Promise<string> {
  if (!answer) throw new Error('the worker left the request to the browser');
  return (await answer).text();
}

describe('which requests the worker answers', () => {
  const { config } = setup({});
  it('answers only GET requests of its own origin and scope', () => {
    expect(routeOf(navigate('./?sample=1'), config)).toBe('navigation');
    expect(routeOf(get('assets/index-abc123.js'), config)).toBe('asset');
    expect(routeOf(get('sample/manifest.json'), config)).toBe('file');
    expect(routeOf(get('index.html'), config)).toBe('file');
    expect(routeOf(get('sample/x', { method: 'POST', body: 'x' }), config)).toBeNull();
    expect(routeOf(new Request('https://cdn.example/app/assets/a.js'), config)).toBeNull();
    expect(routeOf(new Request('http://rca.example/app/index.html'), config)).toBeNull();
    expect(routeOf(new Request('https://rca.example/other/index.html'), config)).toBeNull();
    expect(routeOf(new Request('data:text/plain,hello'), config)).toBeNull();
    expect(routeOf(get('sample/dmesg.txt', { headers: { range: 'bytes=0-9' } }), config)).toBeNull();
    const devtools = get('assets/index-abc123.js');
    Object.defineProperty(devtools, 'cache', { value: 'only-if-cached' });
    expect(routeOf(devtools, config)).toBeNull();
  });

  it('keeps only complete, direct, successful answers', () => {
    expect(isCacheable(new Response('ok'))).toBe(true);
    for (const status of [206, 404, 500]) expect(isCacheable(new Response('x', { status }))).toBe(false);
    const redirected = new Response('x');
    Object.defineProperty(redirected, 'redirected', { value: true });
    expect(isCacheable(redirected)).toBe(false);
  });
});

describe('install and activate', () => {
  it('precaches every listed file under the build cache, past the HTTP cache', async () => {
    const { caches, net, env, config } = setup(
      { 'index.html': 200, 'assets/a-1.js': 200, 'sample/manifest.json': 200 },
      ['index.html', 'assets/a-1.js', 'sample/manifest.json'],
    );
    await precache(env, config);
    const cache = caches.stores.get(config.cacheName)!;
    expect([...cache.entries.keys()].sort()).toEqual([
      `${SCOPE}assets/a-1.js`,
      `${SCOPE}index.html`,
      `${SCOPE}sample/manifest.json`,
    ]);
    expect(net.seen.map((r) => r.cache)).toEqual(['reload', 'reload', 'reload']);
  });

  it('fails the install and keeps nothing when one file is an error', async () => {
    const { caches, env, config } = setup({ 'index.html': 200, 'assets/gone.js': 404 }, [
      'index.html',
      'assets/gone.js',
    ]);
    await expect(precache(env, config)).rejects.toThrow('assets/gone.js: HTTP 404');
    expect(await caches.keys()).toEqual([]);
  });

  it('deletes the earlier builds’ caches and leaves other caches alone', async () => {
    const { caches, env, config } = setup({});
    for (const name of [`${CACHE_PREFIX}build-1`, config.cacheName, 'someone-else']) await caches.open(name);
    expect(await removeOldCaches(env, config)).toEqual([`${CACHE_PREFIX}build-1`]);
    expect((await caches.keys()).sort()).toEqual([config.cacheName, 'someone-else']);
  });
});

describe('answers', () => {
  async function installed(answers: Record<string, number | 'fail' | 'hang'>, list: string[]) {
    const s = setup(Object.fromEntries(list.map((p) => [p, 200])), list);
    await precache(s.env, s.config);
    const net = network(answers);
    s.env.fetch = net.fetch;
    return { ...s, net };
  }

  it('navigations: the network first, then the cached page when it fails, errs or hangs', async () => {
    for (const [answer, expected] of [
      [200, 'network:'],
      ['fail', 'install:index.html'],
      [503, 'install:index.html'],
      ['hang', 'install:index.html'],
    ] as const) {
      const { env, config, net } = await installed({ '': answer }, ['index.html']);
      expect(await textOf(respond(navigate('./?incident=abc'), env, config))).toBe(expected);
      expect(net.seen).toHaveLength(1);
    }
  });

  it('navigations: with no cached page, the network’s failure is the answer', async () => {
    const { env, config } = setup({ '': 'fail' });
    await expect(respond(navigate('./'), env, config)).rejects.toThrow('Failed to fetch');
  });

  it('assets: the cache first; a missing one fetched and kept, an error never kept', async () => {
    const { caches, env, config, net } = await installed(
      { 'assets/new-2.js': 200, 'assets/gone-3.js': 404 },
      ['assets/a-1.js'],
    );
    expect(await textOf(respond(get('assets/a-1.js'), env, config))).toBe('install:assets/a-1.js');
    expect(net.seen).toHaveLength(0);
    await textOf(respond(get('assets/new-2.js'), env, config));
    expect((await respond(get('assets/gone-3.js'), env, config))?.status).toBe(404);
    const cache = caches.stores.get(config.cacheName)!;
    expect(cache.entries.has(`${SCOPE}assets/new-2.js`)).toBe(true);
    expect(cache.entries.has(`${SCOPE}assets/gone-3.js`)).toBe(false);
  });

  it('other files: the cache first, then the network, nothing new kept', async () => {
    const { caches, env, config, net } = await installed({ 'notes.txt': 200 }, ['sample/dmesg.txt']);
    expect(await textOf(respond(get('sample/dmesg.txt'), env, config))).toBe('install:sample/dmesg.txt');
    expect(net.seen).toHaveLength(0);
    expect(await textOf(respond(get('notes.txt'), env, config))).toBe('network:notes.txt');
    expect(caches.stores.get(config.cacheName)!.entries.has(`${SCOPE}notes.txt`)).toBe(false);
  });

  it('offline, a file that was never cached fails as the network does', async () => {
    const { env, config } = await installed({ 'not-cached': 'fail' }, ['index.html']);
    await expect(respond(get('not-cached'), env, config)).rejects.toThrow('Failed to fetch');
  });
});
