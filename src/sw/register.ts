// The page's side of the offline service worker: registered in the built app only (the dev
// server has no sw.js, and a worker caching its modules would fight hot reloading).
// Nothing is written to the console, whatever happens (the journeys fail on any console warning
// or error, and a browser without service workers is not an error): the state is on <html>
// instead, for tests and for anyone looking in the devtools:
// - data-offline-ready="true" once a service worker controls the page, which is only after it has
//   cached every file (it activates after a complete install); "false" until then;
// - data-sw: "unsupported" (no service workers here, e.g. a file:// page), "registering",
//   "registered", or "failed" with the reason in data-sw-error.

export function registerServiceWorker(): void {
  const root = document.documentElement;
  if (!import.meta.env.PROD) return;
  if (!('serviceWorker' in navigator)) {
    root.dataset.sw = 'unsupported';
    return;
  }
  const container = navigator.serviceWorker;
  const mark = () => {
    root.dataset.offlineReady = container.controller ? 'true' : 'false';
  };
  mark();
  // The first load: the worker installs, activates and claims this page (clients.claim).
  container.addEventListener('controllerchange', mark);
  root.dataset.sw = 'registering';
  const register = () =>
    // Relative to the page, like the sample's files: the app also works from a sub-path.
    container.register(`${import.meta.env.BASE_URL}sw.js`).then(
      () => {
        root.dataset.sw = 'registered';
      },
      (e: unknown) => {
        root.dataset.sw = 'failed';
        root.dataset.swError = e instanceof Error ? e.message : String(e);
      },
    );
  // After the page's own load: the worker's precache (every file, a few MB) must not slow it.
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
