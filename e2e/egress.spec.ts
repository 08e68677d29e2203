// Journey (issue 7 part 4): zero egress. One full journey with every request recorded, the page's,
// its workers' and the service worker's (the browser context reports them all): a paste, files,
// the sample, a timeline search and its detail, the analysis and an evidence line, a filled
// document with its Mermaid diagram, the redacted Markdown and HTML downloads. Every request must
// be to the app's own origin (data: and blob: aside). Then the exported HTML, opened with every
// request refused, must not ask for anything at all: no font, script, image or style from
// anywhere.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Page, Request } from '@playwright/test';
import { SCREENS, screen } from './helpers.ts';
import { expect, test } from './test.ts';

test.use({ viewport: { width: 1440, height: 900 } });

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

/** Every request of a page, recorded as it is issued (data: and blob: included). */
function recordRequests(page: Page): Request[] {
  const seen = new Set<Request>();
  const all: Request[] = [];
  const add = (r: Request) => {
    if (seen.has(r)) return;
    seen.add(r);
    all.push(r);
  };
  // The page's own requests and its dedicated workers'; the context adds the service worker's.
  page.on('request', add);
  page.context().on('request', add);
  return all;
}

test('a full journey makes no request outside the app, and its HTML export makes none at all', async ({
  page,
  baseURL,
}, testInfo) => {
  const origin = new URL(baseURL ?? '').origin;
  const requests = recordRequests(page);

  await page.goto('/');
  // The service worker installs (its precache requests are recorded too).
  await expect(page.locator('html')).toHaveAttribute('data-offline-ready', 'true', { timeout: 60_000 });

  // A paste.
  const box = page.getByRole('textbox', { name: 'Paste command output' });
  await box.fill(fixture('journalctl-short-iso.txt').toString('utf8'));
  await page.getByRole('button', { name: 'Add paste' }).click();
  const sources = page.getByRole('region', { name: 'Sources' });
  await expect(sources.getByRole('listitem', { name: 'paste-1' })).toBeVisible();

  // Files, a gzip one among them.
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open files…' }).click();
  await (await chooser).setFiles([
    { name: 'dmesg-T.log', mimeType: 'text/plain', buffer: fixture('dmesg-T.txt') },
    { name: 'dmesg.log.gz', mimeType: 'application/gzip', buffer: gzipSync(fixture('dmesg-raw.txt')) },
  ]);
  await expect(
    sources.getByRole('listitem', { name: 'dmesg.log.gz' }).getByTestId('segment-format'),
  ).toHaveText('dmesg-raw');

  // The sample, from the app's own origin.
  await page.getByRole('button', { name: 'Load sample incident' }).first().click();
  await expect(sources.getByRole('listitem', { name: 'dmesg.txt' })).toBeVisible();
  await expect(page.getByText(/^8 sources · [\d,]+ events$/)).toBeVisible();

  // A timeline search and a line's detail.
  const search = page.getByRole('searchbox', { name: 'Search the raw text of events' });
  await search.fill('Killed process');
  const grid = page.getByRole('grid', { name: 'Merged timeline' });
  await grid.locator('tbody tr.grid-row', { hasText: 'Killed process' }).first().click();
  const detail = page.getByRole('complementary', { name: 'Event detail' });
  await expect(detail.getByRole('region', { name: 'Raw lines' })).toContainText('Killed process');
  await search.fill('');

  // The analysis: the first hypothesis expanded, one of its evidence lines shown in the timeline.
  await page.getByRole('tab', { name: 'Analysis' }).click();
  const tree = page.getByRole('list', { name: 'Hypotheses, best first' });
  const first = tree.locator(':scope > li').first();
  const toggle = first.locator(':scope > .an-node-head .an-toggle');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const evidence = first.getByRole('region', { name: /^Evidence for / });
  const line = evidence.getByRole('button', { name: /:\d+$/ }).first();
  const lineId = (await line.textContent()) ?? '';
  await line.click();
  await expect(page.getByRole('tab', { name: 'Timeline' })).toHaveAttribute('aria-selected', 'true');
  await expect(detail).toContainText(`${lineId.replace(/:(\d+)$/, ', line $1')}`);

  // A document: the shim-crash RCA filled from the analysis, its Mermaid diagram drawn.
  await page.getByRole('tab', { name: 'Document' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Document' });
  await panel.getByLabel('Template', { exact: true }).selectOption('shim-crash-rca');
  await panel.getByRole('button', { name: 'Fill from the analysis' }).click();
  const preview = panel.getByRole('article', { name: 'Document preview' });
  await expect(panel.locator('fieldset[data-field="verdict"] input')).not.toHaveValue('');
  await expect(preview.locator('.mermaid-diagram-svg svg').first()).toBeVisible();

  // Redact & export: Markdown and HTML downloads.
  await panel.getByRole('button', { name: 'Redact & export' }).click();
  await expect(panel.getByRole('article', { name: 'Redacted document as exported' })).not.toContainText(
    'k8s-worker-21',
  );
  const [md] = await Promise.all([
    page.waitForEvent('download'),
    panel.getByRole('button', { name: 'Markdown', exact: true }).click(),
  ]);
  expect(readFileSync(await md.path(), 'utf8')).toContain('node-1');
  const [html] = await Promise.all([
    page.waitForEvent('download'),
    panel.getByRole('button', { name: 'HTML', exact: true }).click(),
  ]);
  const htmlText = readFileSync(await html.path(), 'utf8');
  expect(htmlText).toContain('<svg');
  await screen(page, 'egress-journey-export');

  // Every request: to this origin, or data:/blob: (never a network request).
  const outside = requests
    .map((r) => r.url())
    .filter((u) => !/^(data|blob):/.test(u) && new URL(u).origin !== origin);
  expect(outside).toEqual([]);
  const paths = [...new Set(requests.map((r) => r.url()).filter((u) => !/^(data|blob):/.test(u)))].map(
    (u) => new URL(u).pathname + new URL(u).search,
  );
  const byWorker = requests.filter((r) => r.serviceWorker()).length;
  // The recorder works: it saw the page, its module worker, the sample and the service worker.
  expect(requests.length).toBeGreaterThan(0);
  expect(paths).toContain('/sample/manifest.json');
  expect(paths.some((p) => /^\/assets\/engine\.worker-.+\.js$/.test(p))).toBe(true);
  expect(byWorker).toBeGreaterThan(0);
  testInfo.annotations.push({
    type: 'requests',
    description: `${requests.length} requests (${byWorker} by the service worker), all to ${origin}; ${paths.length} distinct paths: ${[...paths].sort().join(' ')}`,
  });

  // The exported HTML on its own, every request refused: it must not make one.
  const viewer = await page.context().newPage();
  const asked: string[] = [];
  viewer.on('request', (r) => asked.push(r.url()));
  await viewer.route('**', (r) => r.abort());
  await viewer.setContent(htmlText, { waitUntil: 'load' });
  await expect(viewer.locator('svg').first()).toBeVisible();
  await expect(viewer.locator('body')).toContainText('node-1');
  await viewer.locator('svg').first().scrollIntoViewIfNeeded();
  await viewer.screenshot({ path: `${SCREENS}/egress-export-no-network.png` });
  expect(asked).toEqual([]);
  // The listener would have seen one: an image added afterwards is requested (and refused).
  await viewer.evaluate(() => {
    const img = document.createElement('img');
    img.src = 'https://example.invalid/pixel.png';
    document.body.append(img);
  });
  await expect.poll(() => asked).toEqual(['https://example.invalid/pixel.png']);
  await viewer.close();
});
