import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The whole app runs in the browser; nothing is fetched from anywhere but the app's own origin.
export default defineConfig({
  plugins: [react()],
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
