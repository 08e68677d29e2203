import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { serviceWorker } from './scripts/vite-plugin-sw.ts';

/**
 * The dev server only: @vitejs/plugin-react injects an inline module script (the fast-refresh
 * preamble) that index.html's strict CSP forbids, so `npm start` serves the page with
 * 'unsafe-inline' added to script-src. The built app (`vite build`, what the journeys and users
 * load) keeps the policy as written.
 */
function devCsp(): Plugin {
  return {
    name: 'rca-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
  };
}

// The whole app runs in the browser; nothing is fetched from anywhere but the app's own origin.
// The built app also works offline: serviceWorker() emits sw.js, which precaches every file of the
// build and of public/ (src/sw/, docs/security.md).
export default defineConfig({
  plugins: [react(), devCsp(), serviceWorker({ entry: 'src/sw/sw-entry.ts' })],
  // Relative asset URLs so the built app also works from a sub-path or a file share.
  base: './',
  build: {
    target: 'es2022',
    sourcemap: true,
  },
  // Module workers: the engine worker imports src/core as ES modules.
  worker: {
    format: 'es',
  },
  preview: {
    port: 4173,
  },
});
