import { defineConfig } from '@playwright/test';

// Real Chromium from the system (browsers cannot be downloaded here); a laptop-sized window;
// the production build served by `vite preview`, as users get it.
// E2E_PORT lets several checkouts (or helpers) run journeys side by side: each gets its own
// port and its own build directory, so one never serves another's build.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const OUT_DIR = process.env.E2E_PORT ? `dist-e2e-${PORT}` : 'dist';

export default defineConfig({
  testDir: 'e2e',
  // Not test-results/ itself: Playwright empties its outputDir, and the generated 100 MB input,
  // the screenshots and e2e.json live beside it.
  outputDir: process.env.E2E_PORT ? `test-results/e2e-artifacts-${PORT}` : 'test-results/e2e-artifacts',
  globalSetup: './e2e/global-setup.ts',
  // Two cores: one worker, generous timeouts (the 100 MB journey reads the file in the browser).
  workers: 1,
  fullyParallel: false,
  timeout: 180_000,
  expect: { timeout: 20_000 },
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  reporter: [
    ['list'],
    [
      'json',
      { outputFile: process.env.E2E_PORT ? `test-results/e2e-${PORT}.json` : 'test-results/e2e.json' },
    ],
  ],
  use: {
    baseURL: `http://localhost:${PORT}`,
    viewport: { width: 1366, height: 768 },
    // Zone-less lines (dmesg -T) are read in the browser's zone: pin it so times are stable.
    timezoneId: 'UTC',
    locale: 'en-US',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-dev-shm-usage',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
  webServer: {
    command: `npx vite build --outDir ${OUT_DIR} && npx vite preview --outDir ${OUT_DIR} --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
