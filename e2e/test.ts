// The journeys' `test`: every page is watched for console errors and warnings, uncaught
// exceptions, failed or 4xx/5xx requests, any request that leaves the app's origin (nothing may
// be uploaded or fetched from elsewhere), and any Content-Security-Policy violation (index.html's
// strict policy, enforced by the browser: the listener only reports what the browser blocked).
// A journey that looks fine but logs one fails.
// One exception, declared by the test that needs it: `test.use({ allowFailedRequests: [/re/] })`
// lets same-origin requests whose URL matches fail (and the browser's "Failed to load resource"
// console error about them), e.g. the offline journey's deliberate probe of an uncached URL.
// Every other check stays as it is, for those URLs too (origin, HTTP status).
import { type Browser, test as base, expect, type Page } from '@playwright/test';

/**
 * Watches `page` for the problems above, from now on; returns the list they are added to (the
 * fixture's for `page`, and a journey's own for a page the fixture does not make).
 */
export async function watchPage(
  page: Page,
  baseURL: string | undefined,
  allowFailedRequests: readonly RegExp[] = [],
): Promise<string[]> {
  const problems: string[] = [];
  const origin = new URL(baseURL ?? 'http://localhost').origin;
  const mayFail = (url: string) =>
    url.startsWith(`${origin}/`) && allowFailedRequests.some((re) => re.test(url));
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
    if (m.type() !== 'error' && m.type() !== 'warning') return;
    if (m.text().startsWith('Failed to load resource') && mayFail(m.location().url)) return;
    problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin) {
      problems.push(`external request: ${url}`);
    }
  });
  page.on('requestfailed', (r) => {
    if (!mayFail(r.url())) problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return problems;
}

/** A fresh browser profile (its own IndexedDB), set up like the journeys' default context and watched. */
export async function freshPage(browser: Browser, baseURL: string | undefined) {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1366, height: 768 },
    timezoneId: 'UTC',
    locale: 'en-US',
  });
  const page = await context.newPage();
  const problems = await watchPage(page, baseURL);
  return { context, page, problems };
}

export const test = base.extend<{ pageProblems: null; allowFailedRequests: RegExp[] }>({
  allowFailedRequests: [[], { option: true }],
  pageProblems: [
    async ({ page, baseURL, allowFailedRequests }, use) => {
      const problems = await watchPage(page, baseURL, allowFailedRequests);
      await use(null);
      expect(problems, 'console errors, failed or external requests').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
