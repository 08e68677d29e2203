// The offline service worker's logic (issue 7 part 4): after the first load, every file of the
// build and the bundled sample is in one cache, so the app opens and works with the network off.
// Written here rather than with workbox: a few dozen lines, no dependency, readable as shipped.
// The worker itself (sw-entry.ts) only wires these functions to its events; they take their
// CacheStorage and fetch as arguments so the unit tests run them in Node.
//
// What it answers, and only for this origin's GET requests (it never touches anything else):
// - navigations: the network first (a fresh build wins), falling back to the cached index.html
//   when the network fails, answers with an error, or is slower than a short timeout;
// - assets/ (hashed names, never changed in place): the cache first, then the network;
// - other files (the sample, index.html fetched directly): the cache first, then the network.
// It never stores an error, a partial or a redirected response.

/** Every cache this app creates starts with this; another build's cache is deleted on activate. */
export const CACHE_PREFIX = 'rca-workbench-';

export interface SwConfig {
  /** CACHE_PREFIX plus a hash of the build's file list and contents: a new build, a new cache. */
  cacheName: string;
  /** Every file to keep, relative to the scope ('index.html', 'assets/…', 'sample/…'). */
  precache: readonly string[];
  /** The registration's scope, an absolute URL ending with '/'. */
  scope: string;
  /** How long a navigation waits for the network before the cached page is used. */
  navigationTimeoutMs: number;
}

export interface SwEnv {
  caches: CacheStorage;
  fetch: (request: Request) => Promise<Response>;
}

export type Route = 'navigation' | 'asset' | 'file';

export const NAVIGATION_TIMEOUT_MS = 4000;

/**
 * Only a complete, direct, successful answer is worth keeping: an error page (4xx/5xx), an
 * opaque answer (status 0), a partial one (206) or one that followed a redirect (a navigation
 * cannot be answered with it) would be served forever once cached.
 */
export function isCacheable(response: Response): boolean {
  return response.status === 200 && !response.redirected;
}

/** How a request is answered, or null: the browser handles it as if there were no worker. */
export function routeOf(request: Request, config: SwConfig): Route | null {
  if (request.method !== 'GET') return null;
  const url = new URL(request.url);
  const scope = new URL(config.scope);
  // blob:, data: and other origins have another origin (blob: and data: report 'null').
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return null;
  // Range requests (media) want partial answers the cache does not hold.
  if (request.headers.has('range')) return null;
  // Only the devtools send these (fetch() refuses to), and passing one on to fetch() throws.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return null;
  if (request.mode === 'navigate') return 'navigation';
  if (url.pathname.startsWith(`${scope.pathname}assets/`)) return 'asset';
  return 'file';
}

function urlOf(path: string, config: SwConfig): string {
  return new URL(path, config.scope).href;
}

/**
 * install: fetch and keep every listed file, bypassing the HTTP cache (a stale index.html under a
 * new cache name would point at assets that are not there). All or nothing: if one file fails,
 * the half-filled cache is dropped and the install fails, so the previous worker stays in charge.
 */
export async function precache(env: SwEnv, config: SwConfig): Promise<void> {
  const cache = await env.caches.open(config.cacheName);
  try {
    await Promise.all(
      config.precache.map(async (path) => {
        const request = new Request(urlOf(path, config), { cache: 'reload' });
        const response = await env.fetch(request);
        if (!isCacheable(response)) throw new Error(`${path}: HTTP ${response.status}`);
        await cache.put(request, response);
      }),
    );
  } catch (e) {
    await env.caches.delete(config.cacheName);
    throw e;
  }
}

/** activate: the caches of earlier builds go; other caches on this origin are not ours to touch. */
export async function removeOldCaches(env: SwEnv, config: SwConfig): Promise<string[]> {
  const old = (await env.caches.keys()).filter((k) => k.startsWith(CACHE_PREFIX) && k !== config.cacheName);
  await Promise.all(old.map((k) => env.caches.delete(k)));
  return old;
}

function timeout(ms: number): { promise: Promise<never>; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

async function navigation(request: Request, env: SwEnv, config: SwConfig): Promise<Response> {
  const cached = async () =>
    (await env.caches.open(config.cacheName)).match(urlOf('index.html', config), { ignoreVary: true });
  const limit = timeout(config.navigationTimeoutMs);
  try {
    // Not stored: the cached index.html must stay the one whose assets are in the same cache.
    const response = await Promise.race([env.fetch(request), limit.promise]);
    if (response.ok) return response;
    return (await cached()) ?? response;
  } catch (e) {
    const page = await cached();
    if (page) return page;
    throw e;
  } finally {
    limit.cancel();
  }
}

async function cacheFirst(request: Request, env: SwEnv, config: SwConfig, keep: boolean): Promise<Response> {
  const cache = await env.caches.open(config.cacheName);
  const hit = await cache.match(request, { ignoreVary: true });
  if (hit) return hit;
  const response = await env.fetch(request);
  // A hashed asset missing from the cache (a chunk of a build newer than this worker) is kept:
  // its name changes with its content, so it can never be stale.
  if (keep && isCacheable(response)) await cache.put(request, response.clone());
  return response;
}

/** The fetch handler's answer, or null when the request is left to the browser. */
export function respond(request: Request, env: SwEnv, config: SwConfig): Promise<Response> | null {
  switch (routeOf(request, config)) {
    case 'navigation':
      return navigation(request, env, config);
    case 'asset':
      return cacheFirst(request, env, config, true);
    case 'file':
      return cacheFirst(request, env, config, false);
    default:
      return null;
  }
}

// The parts of ServiceWorkerGlobalScope the worker uses (the app's TypeScript project has the DOM
// library, not the WebWorker one, so they are spelled out here).
export interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
export interface FetchEventLike extends ExtendableEventLike {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
export interface ServiceWorkerScopeLike {
  readonly caches: CacheStorage;
  readonly registration: { readonly scope: string };
  readonly clients: { claim(): Promise<void> };
  fetch(request: Request): Promise<Response>;
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (e: ExtendableEventLike) => void): void;
  addEventListener(type: 'fetch', listener: (e: FetchEventLike) => void): void;
}

/**
 * Wires the worker: install precaches then takes over at once (skipWaiting: the app keeps no
 * state in the worker, and an open tab keeps working on the files it already loaded); activate
 * drops earlier builds' caches and controls the open tabs (clients.claim), which is when the
 * page marks itself offline-ready.
 */
export function attach(sw: ServiceWorkerScopeLike, build: Omit<SwConfig, 'scope'>): void {
  const config: SwConfig = { ...build, scope: sw.registration.scope };
  const env: SwEnv = { caches: sw.caches, fetch: (r) => sw.fetch(r) };
  sw.addEventListener('install', (e) => e.waitUntil(precache(env, config).then(() => sw.skipWaiting())));
  sw.addEventListener('activate', (e) =>
    e.waitUntil(removeOldCaches(env, config).then(() => sw.clients.claim())),
  );
  sw.addEventListener('fetch', (e) => {
    const answer = respond(e.request, env, config);
    if (answer) e.respondWith(answer);
  });
}
