// The service worker script: built by scripts/vite-plugin-sw.ts into sw.js at the root of the
// output (a classic script, no imports), with the build's file list and cache name put in place of
// the two constants below. Its logic is in service-worker.ts.
import { attach, NAVIGATION_TIMEOUT_MS, type ServiceWorkerScopeLike } from './service-worker.ts';

declare const __RCA_SW_PRECACHE__: string[];
declare const __RCA_SW_CACHE_NAME__: string;

attach(self as unknown as ServiceWorkerScopeLike, {
  cacheName: __RCA_SW_CACHE_NAME__,
  precache: __RCA_SW_PRECACHE__,
  navigationTimeoutMs: NAVIGATION_TIMEOUT_MS,
});
