// Journey (b): the bundled sample incident, loaded from the button or from ?sample=1.
import type { Page } from '@playwright/test';
import { screen } from './helpers.ts';
import { expect, test } from './test.ts';

const SAMPLE_FILES = [
  'crictl-ps-a.txt',
  'crictl-inspect.json',
  'journalctl-containerd-kubelet.txt',
  'journalctl-k.txt',
  'dmesg.txt',
];

async function expectSampleLoaded(page: Page) {
  const cards = page
    .getByRole('region', { name: 'Sources' })
    .getByRole('listitem')
    .filter({ has: page.locator('h3') });
  await expect(cards).toHaveCount(5);
  await expect(cards.locator('h3')).toHaveText(SAMPLE_FILES);
  await expect(
    page.getByRole('grid', { name: 'Merged timeline' }).locator('tbody tr.grid-row').first(),
  ).toBeVisible();
}

test('the sample loads from the empty timeline button: five sources and the timeline', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('main').getByRole('button', { name: 'Load sample incident' }).click();
  await expectSampleLoaded(page);
  // The sample's note in the Sources panel (the header's incident title says it too).
  await expect(page.getByRole('tabpanel', { name: 'Sources' }).getByText(/^Sample: /)).toBeVisible();
  await expect(page.getByRole('button', { name: /^Incident: Sample: / })).toBeVisible();
  const status = await page.locator('.header-status').textContent();
  expect(status).toMatch(/^5 sources · [\d,]+ events$/);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`?sample=1 loads it by itself; find the OOM kill and open its detail (${scheme})`, async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/?sample=1');
    await expectSampleLoaded(page);

    const search = page.getByRole('searchbox', { name: 'Search the raw text of events' });
    await page.keyboard.press('/');
    await expect(search).toBeFocused();
    await search.fill('Killed process');
    await expect(page.locator('.count')).toHaveText(/^[\d,]+ of [\d,]+ events$/);
    const grid = page.getByRole('grid', { name: 'Merged timeline' });
    const hit = grid.locator('tbody tr.grid-row', { hasText: 'Killed process' }).first();
    await hit.click();
    const pane = page.getByRole('complementary', { name: 'Event detail' });
    await expect(pane.getByRole('region', { name: 'Raw lines' })).toContainText('Killed process');
    await expect(pane.getByRole('region', { name: 'Raw lines' }).locator('th').first()).toHaveText(/^\d+$/);
    await screen(page, `sample-detail-search-${scheme}`);

    // The whole timeline again, with the detail still open, scrolled to the selected row as an
    // engineer would: the README screenshot.
    const selectedId = await hit.getAttribute('data-event-id');
    await search.fill('');
    await expect(page.locator('.count')).toHaveText(/^[\d,]+ events$/);
    const selected = grid.locator(`tbody tr[data-event-id="${selectedId}"]`);
    const scroller = page.locator('.grid-scroll');
    for (let i = 0; i < 200 && !(await selected.isVisible()); i++)
      await scroller.evaluate((el) => el.scrollBy(0, 400));
    await selected.evaluate((row) => row.scrollIntoView({ block: 'center' }));
    await search.evaluate((el) => el.blur());
    await expect(selected).toHaveAttribute('aria-selected', 'true');
    await expect(pane).toBeVisible();
    await page.mouse.move(0, 0);
    await screen(page, `sample-detail-${scheme}`);
    if (scheme === 'light') {
      // The README's picture: a desktop monitor rather than the laptop the journeys run on.
      await page.setViewportSize({ width: 1600, height: 900 });
      await selected.evaluate((row) => row.scrollIntoView({ block: 'center' }));
      await page.screenshot({ path: 'docs/screenshot.png' });
      await page.setViewportSize({ width: 1366, height: 768 });
    }

    await page.keyboard.press('Escape');
    await expect(pane).toBeHidden();
  });
}

test('the timeline works from the keyboard alone', async ({ page }) => {
  await page.goto('/?sample=1');
  await expectSampleLoaded(page);
  // First tab stop: the skip link, which lands on the main panel.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the main panel' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await screen(page, 'keyboard-skip-link');

  const grid = page.getByRole('grid', { name: 'Merged timeline' });
  await grid.focus();
  await expect(grid).toHaveAttribute('aria-activedescendant', 'tl-row-0');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('k');
  await expect(grid).toHaveAttribute('aria-activedescendant', 'tl-row-2');
  await page.keyboard.press('Enter');
  const pane = page.getByRole('complementary', { name: 'Event detail' });
  await expect(pane).toBeVisible();
  const third = await grid.locator('#tl-row-2').getAttribute('data-event-id');
  await expect(grid.locator('#tl-row-2')).toHaveAttribute('aria-selected', 'true');
  expect(third).toBeTruthy();
  await screen(page, 'keyboard-detail');
  await page.keyboard.press('Escape');
  await expect(pane).toBeHidden();
  await expect(grid).toBeFocused();

  // Tabs: arrows move between Timeline / Analysis / Document.
  await page.getByRole('tab', { name: 'Timeline' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Analysis' })).toBeFocused();
  // The analysis of the sample: the verdict heads the tab.
  await expect(page.getByRole('tabpanel', { name: 'Analysis' })).toContainText(
    'Kernel OOM killer at a memory cgroup limit',
  );
  await screen(page, 'analysis-from-keyboard');
});
