import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Two projects: the pure core (and the CLI) in Node, the React app in jsdom.
export default defineConfig({
  plugins: [react()],
  test: {
    // vitest's default is one worker per core but one (2 - 1 here): the main process is idle
    // while files run, so two workers use both cores (the whole run drops from ~6.5 to ~4 min).
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'core',
          environment: 'node',
          include: [
            'src/core/**/*.test.ts',
            'src/cli/**/*.test.ts',
            'src/worker/**/*.test.ts',
            'src/sw/**/*.test.ts',
            'test/**/*.test.ts',
          ],
          setupFiles: ['test/setup/fast-check.ts'],
          testTimeout: 30_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'ui',
          environment: 'jsdom',
          include: [
            'src/app/**/*.test.tsx',
            'src/features/**/*.test.tsx',
            'src/ui/**/*.test.tsx',
            'src/state/**/*.test.ts',
            'src/persistence/**/*.test.ts',
          ],
          setupFiles: ['src/test-setup.ts', 'test/setup/fast-check.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
