// The journeys' `test`: every page is watched for console errors and warnings, uncaught
// exceptions, failed or 4xx/5xx requests, any request that leaves the app's origin (nothing may
// be uploaded or fetched from elsewhere), and any Content-Security-Policy violation (index.html's
// strict policy, enforced by the browser: the listener only reports what the browser blocked).
// A journey that looks fine but logs one fails.
import { test as base, expect } from '@playwright/test';

export const test = base.extend<{ pageProblems: null }>({
  pageProblems: [
    async ({ page, baseURL }, use) => {
      const problems: string[] = [];
      const origin = new URL(baseURL ?? 'http://localhost').origin;
      await page.exposeFunction('__cspViolation', (v: string) => problems.push(`CSP violation: ${v}`));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          const report = (window as unknown as { __cspViolation: (v: string) => void }).__cspViolation;
          report(
            `${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`,
          );
        });
      });
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
