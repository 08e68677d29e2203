// Journey (d): a 100 MB journal (made by the project's generator in global-setup) is read in the
// worker while the page keeps answering: the progress bar moves, a tab switch responds at once,
// and the final count is shown. Then the million-row-class timeline is browsed to its end.

import { BIG_FILE } from './global-setup.ts';
import { screen } from './helpers.ts';
import { expect, test } from './test.ts';

test('a 100 MB file is read with a moving progress bar while the page stays responsive', async ({ page }) => {
  test.setTimeout(10 * 60_000);
  await page.goto('/');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open files…' }).click();
  await (await chooser).setFiles(BIG_FILE);

  const bar = page.getByRole('progressbar', { name: 'Reading journalctl-short.log' });
  await expect(bar).toBeVisible();
  const analysisTab = page.getByRole('tab', { name: 'Analysis' });
  const timelineTab = page.getByRole('tab', { name: 'Timeline' });
  const values: number[] = [];
  const clickMillis: number[] = [];
  let shot = false;
  for (;;) {
    const v = await bar.getAttribute('aria-valuenow', { timeout: 1000 }).catch(() => null);
    if (v === null) break;
    values.push(Number(v));
    if (!shot && Number(v) >= 20) {
      await screen(page, 'big-file-progress');
      shot = true;
    }
    // While the worker parses, the page must answer a click within a second.
    if (values.length % 4 === 2 && clickMillis.length < 3) {
      const t0 = Date.now();
      await analysisTab.click();
      await expect(page.getByRole('tabpanel', { name: 'Analysis' })).toBeVisible({ timeout: 1000 });
      clickMillis.push(Date.now() - t0);
      await timelineTab.click();
      await expect(page.getByRole('tabpanel', { name: 'Timeline' })).toBeVisible({ timeout: 1000 });
    }
    await page.waitForTimeout(200);
  }
  test.info().annotations.push({ type: 'progress', description: values.join(',') });
  test.info().annotations.push({ type: 'click ms', description: clickMillis.join(',') });
  const rises = values.filter((x, i) => i > 0 && x > values[i - 1]).length;
  expect(rises, `aria-valuenow seen: ${values.join(',')}`).toBeGreaterThanOrEqual(2);
  expect(clickMillis.length).toBeGreaterThan(0);
  expect(Math.max(...clickMillis)).toBeLessThan(1000);

  const card = page
    .getByRole('region', { name: 'Sources' })
    .getByRole('listitem', { name: 'journalctl-short.log' });
  await expect(card.getByTestId('segment-format')).toHaveText('journalctl-short');
  const events = Number((await card.locator('dd').nth(1).textContent())?.replaceAll(',', ''));
  expect(events).toBeGreaterThan(500_000);
  const formatted = events.toLocaleString('en-US');
  await expect(page.locator('.header-status')).toHaveText(`1 source · ${formatted} events`);
  await expect(page.locator('.count')).toHaveText(`${formatted} events`);

  // The table renders only what is visible, even at the far end of the view.
  const grid = page.getByRole('grid', { name: 'Merged timeline' });
  await expect(grid.locator('tbody tr.grid-row').first()).not.toHaveClass(/is-loading/);
  await grid.focus();
  await page.keyboard.press('End');
  await expect(grid).toHaveAttribute('aria-activedescendant', `tl-row-${events - 1}`);
  await expect(grid.locator(`#tl-row-${events - 1}`)).not.toHaveClass(/is-loading/);
  expect(await grid.locator('tbody tr').count()).toBeLessThan(120);
  await page.keyboard.press('Enter');
  await expect(
    page.getByRole('complementary', { name: 'Event detail' }).getByRole('region', { name: 'Raw lines' }),
  ).toBeVisible();
  await screen(page, 'big-file-end');

  // A search over the whole file narrows the count.
  await page.getByRole('searchbox', { name: 'Search the raw text of events' }).fill('out of memory');
  await expect(page.locator('.count')).toHaveText(new RegExp(`^[\\d,]+ of ${formatted} events$`), {
    timeout: 60_000,
  });
  await screen(page, 'big-file-search');
});

test('reading a big file can be cancelled, with a clear message and nothing added', async ({ page }) => {
  await page.goto('/');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open files…' }).click();
  await (await chooser).setFiles(BIG_FILE);
  const bar = page.getByRole('progressbar', { name: 'Reading journalctl-short.log' });
  await expect(bar).toHaveAttribute('aria-valuenow', /^[1-9]\d?$/);
  await page.getByRole('button', { name: 'Cancel reading journalctl-short.log' }).click();
  const job = page
    .getByRole('list', { name: 'Sources being read' })
    .getByRole('listitem', { name: 'journalctl-short.log' });
  await expect(job.getByRole('alert')).toHaveText('Cancelled. Nothing was added.');
  await expect(bar).toBeHidden();
  await expect(page.getByText('Nothing added yet.')).toBeVisible();
  await expect(page.locator('.header-status')).toHaveText('No sources yet');
  await screen(page, 'big-file-cancelled');
  await page.getByRole('button', { name: 'Dismiss the message about journalctl-short.log' }).click();
  await expect(job).toBeHidden();
});
