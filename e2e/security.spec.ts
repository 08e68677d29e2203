// The strict Content-Security-Policy of index.html is in force in the built app (issue 7 part 5).
// Every other journey fails on any CSP violation (e2e/test.ts); this one shows the policy is
// there and that the browser blocks what it forbids: an injected inline script does not run, an
// injected script from another origin is never requested, and both raise a
// securitypolicyviolation event. (page.evaluate itself is exempt from the CSP: it is only used to
// insert elements, whose scripts the page then runs or not under the policy.)
import { expect, test } from '@playwright/test';

test('the built app carries the strict CSP and the browser enforces it', async ({ page, request }) => {
  const html = await (await request.get('/')).text();
  const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
  for (const d of [
    "default-src 'self'",
    "script-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
  ])
    expect(csp).toContain(d);
  expect(csp).not.toContain('unsafe-eval');
  expect(/script-src [^;]*unsafe-inline/.test(csp)).toBe(false);

  // Chromium reports the blocked request as one that failed (blocked:csp); none may get an answer.
  const answered: string[] = [];
  const failed: string[] = [];
  const outside = (u: string) => !u.startsWith('http://localhost') && !/^(data|blob):/.test(u);
  page.on('response', (r) => {
    if (outside(r.url())) answered.push(r.url());
  });
  page.on('requestfailed', (r) => {
    if (outside(r.url())) failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`);
  });
  await page.goto('/?sample=1');
  await expect(page.getByText(/^5 sources · [\d,]+ events$/)).toBeVisible();
  await page.evaluate(() => {
    const w = window as unknown as { violations: string[] };
    w.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.violations.push(e.violatedDirective));
    const inline = document.createElement('script');
    inline.textContent = 'window.inlineRan = true;';
    document.body.append(inline);
    const remote = document.createElement('script');
    remote.src = 'https://cdn.example.com/evil.js';
    document.body.append(remote);
  });
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { violations: string[] }).violations.length))
    .toBeGreaterThanOrEqual(2);
  const ran = await page.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan === true);
  expect(ran).toBe(false);
  expect(answered).toEqual([]);
  await expect.poll(() => failed.join('\n')).toMatch(/cdn\.example\.com\/evil\.js .*(csp|blocked)/i);
});
