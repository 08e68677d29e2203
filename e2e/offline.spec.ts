// Journey (issue 7 part 4): after one load online, the app works with the network off. The
// service worker (src/sw/) precaches every file of the build and the sample; offline, a reload
// shows the app, "Load sample incident" loads its five sources, the Analysis tab gives its verdict
// and the Document tab (a lazy chunk) fills a template whose Mermaid diagram is drawn.
// Proof that the network really is off for the worker too, so the cache served all that: a fetch
// of a same-origin URL that was never cached fails (the one failure this journey allows), and the
// worker's own attempts to reach the server fail with the browser's offline error.
import type { Request } from '@playwright/test';
import { screen } from './helpers.ts';
import { expect, test } from './test.ts';

test.use({ allowFailedRequests: [/\/not-cached-\d+$/], viewport: { width: 1440, height: 900 } });

test('after one load online, the app, the sample, the analysis and a document work offline', async ({
  page,
  context,
}, testInfo) => {
  await page.goto('/');
  await expect(page.getByRole('main').getByRole('button', { name: 'Load sample incident' })).toBeVisible();
  // The worker installs (every file cached), activates and claims this page.
  await expect(page.locator('html')).toHaveAttribute('data-offline-ready', 'true', { timeout: 60_000 });
  const worker = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? '');
  expect(new URL(worker).pathname).toBe('/sw.js');
  const cached = await page.evaluate(async () => {
    const names = (await caches.keys()).filter((k) => k.startsWith('rca-workbench-'));
    const keys = names.length === 1 ? await (await caches.open(names[0])).keys() : [];
    return { names, paths: keys.map((r) => new URL(r.url).pathname) };
  });
  expect(cached.names).toHaveLength(1);
  expect(cached.paths).toContain('/index.html');
  expect(cached.paths).toContain('/sample/manifest.json');
  expect(cached.paths.some((p) => /^\/assets\/document-panel-.+\.js$/.test(p))).toBe(true);
  expect(cached.paths.some((p) => /^\/assets\/engine\.worker-.+\.js$/.test(p))).toBe(true);

  // The network off, for the page and its workers alike.
  const workerRequests: { url: string; failure: string | null }[] = [];
  const watchWorker = (r: Request, failure: string | null) => {
    if (r.serviceWorker()) workerRequests.push({ url: r.url(), failure });
  };
  context.on('requestfailed', (r) => watchWorker(r, r.failure()?.errorText ?? ''));
  context.on('requestfinished', (r) => watchWorker(r, null));
  const fromWorker: string[] = [];
  page.on('response', (r) => {
    if (r.fromServiceWorker()) fromWorker.push(new URL(r.url()).pathname);
  });
  await context.setOffline(true);
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);

  const started = Date.now();
  await page.reload();
  const sampleButton = page.getByRole('main').getByRole('button', { name: 'Load sample incident' });
  await expect(sampleButton).toBeVisible();
  const reloadMs = Date.now() - started;
  testInfo.annotations.push({ type: 'offline reload', description: `${reloadMs} ms to the app shell` });
  await expect(page.locator('html')).toHaveAttribute('data-offline-ready', 'true');
  expect(fromWorker).toContain('/');
  await screen(page, 'offline-shell');

  // The deliberate probe: not in the cache, so the worker has to ask the network, which is off.
  const probe = await page.evaluate(async () => {
    try {
      const r = await fetch(`./not-cached-${Date.now()}`);
      return `HTTP ${r.status}`;
    } catch (e) {
      return `failed: ${(e as Error).name}`;
    }
  });
  expect(probe).toBe('failed: TypeError');
  await expect
    .poll(() => workerRequests.filter((r) => /\/not-cached-\d+$/.test(r.url)).map((r) => r.failure))
    .toEqual([expect.stringMatching(/ERR_INTERNET_DISCONNECTED/)]);

  // The sample: five sources read from the cache.
  await sampleButton.click();
  await expect(page.getByText(/^5 sources · [\d,]+ events$/)).toBeVisible();
  const cards = page
    .getByRole('region', { name: 'Sources' })
    .getByRole('listitem')
    .filter({ has: page.locator('h3') });
  await expect(cards).toHaveCount(5);
  expect(fromWorker).toContain('/sample/manifest.json');
  expect(fromWorker).toContain('/sample/dmesg.txt');
  await screen(page, 'offline-sample');

  // The analysis: the verdict.
  await page.getByRole('tab', { name: 'Analysis' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Analysis' })).toContainText(
    'Kernel OOM killer at a memory cgroup limit',
  );

  // The document editor: its lazy chunk from the cache, a template filled, Mermaid drawing.
  await page.getByRole('tab', { name: 'Document' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Document' });
  await panel.getByLabel('Template', { exact: true }).selectOption('shim-crash-rca');
  await panel.getByRole('button', { name: 'Fill from the analysis' }).click();
  const preview = panel.getByRole('article', { name: 'Document preview' });
  await expect(panel.locator('fieldset[data-field="verdict"] input')).not.toHaveValue('');
  await expect(preview.locator('.mermaid-diagram-svg svg').first()).toBeVisible();
  await expect(preview.locator('.mermaid-diagram-error')).toHaveCount(0);
  expect(fromWorker.some((p) => /^\/assets\/document-panel-.+\.js$/.test(p))).toBe(true);
  await preview.locator('.mermaid-diagram-svg svg').first().scrollIntoViewIfNeeded();
  await screen(page, 'offline-document');

  // Everything the worker tried to fetch while offline failed: nothing came from the server.
  expect(workerRequests.length).toBeGreaterThan(0);
  expect(workerRequests.filter((r) => r.failure === null)).toEqual([]);
  testInfo.annotations.push({
    type: 'offline requests',
    description: `${fromWorker.length} answered by the service worker; the worker's own network attempts (all failed): ${workerRequests.map((r) => new URL(r.url).pathname).join(', ')}`,
  });
});
