// The journeys' `test`: every page is watched for console errors and warnings, uncaught
// exceptions, failed or 4xx/5xx requests, and any request that leaves the app's origin (nothing
// may be uploaded or fetched from elsewhere). A journey that looks fine but logs one fails.
import { test as base, expect } from '@playwright/test';

export const test = base.extend<{ pageProblems: null }>({
  pageProblems: [
    async ({ page, baseURL }, use) => {
      const problems: string[] = [];
      const origin = new URL(baseURL ?? 'http://localhost').origin;
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
      page.on('request', (r) => {
        const url = r.url();
        if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin) {
          problems.push(`external request: ${url}`);
        }
      });
      page.on('requestfailed', (r) =>
        problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`),
      );
      page.on('response', (r) => {
        if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
      });
      await use(null);
      expect(problems, 'console errors, failed or external requests').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
