// Hostile input never runs (issue 7 part 6): payloads in log lines and in a file name
// (e2e/fixtures/hostile/journal.txt, written as a test corpus) go through the timeline, the
// detail pane, a pinned key event and its Mermaid diagram, the analysis and a filled document.
// Any dialog fails the journey, no element a payload describes may appear, and the payloads
// must be readable as text. (e2e/test.ts also fails it on a CSP violation or a console error.)
import { readFileSync } from 'node:fs';
import { expect, test } from './test.ts';

const JOURNAL = readFileSync(new URL('./fixtures/hostile/journal.txt', import.meta.url));
const FILE_NAME = '<img src=x onerror=alert(9)>.log';

test('payloads in lines and file names stay text in every panel', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await page.goto('/');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open files…' }).click();
  await (await chooser).setFiles([{ name: FILE_NAME, mimeType: 'text/plain', buffer: JOURNAL }]);

  const grid = page.getByRole('grid', { name: 'Merged timeline' });
  await expect(grid).toContainText('<img src=x onerror=alert(1)><script>alert(2)</script>');
  await expect(grid).toContainText("%%{init: {'securityLevel':'loose'}}%%");
  await expect(page.getByRole('listitem', { name: FILE_NAME })).toBeVisible();

  // The detail pane of the first line, then pinned as a key event (drawn by Mermaid).
  await grid.locator('tbody tr.grid-row').first().click();
  const detail = page.getByRole('complementary', { name: 'Event detail' });
  await expect(detail).toContainText('<script>alert(2)</script>');
  await detail.getByRole('button', { name: /Key event/ }).click();
  await page.getByRole('tab', { name: 'Key events' }).click();
  await expect(page.locator('.mermaid-diagram-svg svg').first()).toBeVisible();

  await page.getByRole('tab', { name: 'Analysis' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Analysis' })).toContainText(/Hypotheses|verdict/i);

  await page.getByRole('tab', { name: 'Document' }).click();
  const doc = page.getByRole('tabpanel', { name: 'Document' });
  await doc.getByLabel('Template', { exact: true }).selectOption('shim-crash-rca');
  await doc.getByRole('button', { name: 'Fill from the analysis' }).click();
  await expect(doc.getByRole('article', { name: 'Document preview' })).toContainText(
    '<img src=x onerror=alert(1)>',
  );

  // Nothing the payloads describe became an element, and nothing ran.
  for (const selector of [
    'img[src="x"]',
    'svg[onload]',
    'iframe',
    'a[href^="javascript:"]',
    'body script:not([src])',
  ])
    await expect(page.locator(selector)).toHaveCount(0);
  expect(dialogs).toEqual([]);
});
