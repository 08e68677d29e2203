// Journey (issue 4): navigating the sample incident's timeline. Brushing the density histogram
// zooms the table to that window (Reset zoom brings everything back); the navigation stays compact
// (lanes folded) so the table keeps the room; jump to a time; the keys:
// j / k move the cursor, / goes to the search box, Find mode with n / N goes from match to match,
// p pins the row, and the Key events tab lists the pin.
import type { Locator, Page } from '@playwright/test';
import { screen } from './helpers.ts';
import { expect, test } from './test.ts';

test.use({ viewport: { width: 1280, height: 800 } });

const grid = (page: Page) => page.getByRole('grid', { name: 'Merged timeline' });
const countOf = (page: Page) => page.getByRole('status').filter({ hasText: /^[\d,]+ (of [\d,]+ )?events/ });

/** "2025-11-24 07:32:00.123" (From / To, in UTC here) -> epoch µs. */
function inputMicros(text: string): number {
  const ms = Date.parse(`${text.replace(' ', 'T')}Z`);
  expect(ms, text).not.toBeNaN();
  return ms * 1000;
}

/** A row's time from its time cell's title, "2025-11-24T07:48:16.544769Z (UTC)" -> epoch µs. */
async function rowMicros(row: Locator): Promise<number> {
  const cell = row.getByRole('gridcell').first();
  // A row scrolled into view (End) shows a placeholder until its page of rows arrives.
  await expect(cell).toHaveAttribute('title', /Z \(UTC\)$/);
  const title = (await cell.getAttribute('title')) ?? '';
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d{6})Z \(UTC\)$/.exec(title);
  expect(m, `a wall-clock time: ${title}`).not.toBeNull();
  return Date.parse(`${m?.[1]}Z`) * 1000 + Number(m?.[2]);
}

async function loadSample(page: Page): Promise<string> {
  await page.goto('/?sample=1');
  const loaded = page.getByText(/^5 sources · [\d,]+ events$/);
  await expect(loaded).toBeVisible();
  const total = ((await loaded.textContent()) ?? '').replace(/^5 sources · /, '');
  await expect(countOf(page)).toHaveText(total);
  return total;
}

/** The row under the grid's cursor (aria-activedescendant). */
async function activeRow(page: Page): Promise<Locator> {
  const id = await grid(page).getAttribute('aria-activedescendant');
  expect(id).toMatch(/^tl-row-\d+$/);
  return grid(page).locator(`#${id}`);
}

test('brushing the density histogram zooms the table to the window; Reset zoom restores it', async ({
  page,
}) => {
  const total = await loadSample(page);
  const overview = page.getByRole('img', { name: /^Overview: event density from / });
  await expect(overview).toHaveAccessibleName(
    /, [\d,]+ events, [\d,]+ errors?\. Drag to zoom, click to jump\.$/,
  );
  const box = await overview.boundingBox();
  if (!box) throw new Error('the overview histogram has no box');

  // Drag across the middle fifth of the overview, as with a mouse.
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.45, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.55, y, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.65, y, { steps: 5 });
  await page.mouse.up();

  const reset = page.getByRole('button', { name: 'Reset zoom' });
  await expect(reset).toBeEnabled();
  await expect(page.getByRole('slider', { name: 'Zoomed window' })).toBeVisible();
  await expect(page.getByRole('img', { name: /^Window: event density from / })).toBeVisible();
  await expect(countOf(page)).toHaveText(new RegExp(`^[\\d,]+ of ${total}$`));
  const shown = Number((await countOf(page).textContent())?.split(' of ')[0].replace(/,/g, ''));
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThan(Number(total.replace(/\D/g, '')));

  // From / To hold the brushed window; the table's first and last rows are inside it.
  const zoom = page.getByRole('form', { name: 'Zoom window' });
  const from = inputMicros(await zoom.getByRole('textbox', { name: 'From' }).inputValue());
  const to = inputMicros(await zoom.getByRole('textbox', { name: 'To' }).inputValue());
  expect(to - from).toBeGreaterThan(0);
  const rows = grid(page).locator('tbody tr.grid-row[data-event-id]');
  await expect(grid(page)).toHaveAttribute('aria-activedescendant', 'tl-row-0');
  const first = await rowMicros(rows.first());
  expect(first).toBeGreaterThanOrEqual(from);
  // To is shown to the millisecond: the window's true end may be up to 1 ms past it.
  expect(first).toBeLessThanOrEqual(to + 1000);
  await screen(page, 'histogram-brushed');
  await grid(page).focus();
  await page.keyboard.press('End');
  const last = await rowMicros(grid(page).locator(`#tl-row-${shown - 1}`));
  expect(last).toBeGreaterThanOrEqual(first);
  expect(last).toBeLessThanOrEqual(to + 1000);

  await reset.click();
  await expect(countOf(page)).toHaveText(total);
  await expect(reset).toBeDisabled();
  await expect(page.getByRole('slider', { name: 'Zoomed window' })).toBeHidden();
  await expect(page.getByRole('img', { name: /^Window: / })).toBeHidden();
});

test('the navigation leaves the table most of the window; the lanes fold away with five sources', async ({
  page,
}) => {
  await loadSample(page);
  // Folded by default with more than three sources: their toggle says how many lanes there are.
  const toggle = page.getByRole('button', { name: /^Lanes( \(\d+\))?$/ });
  await expect(toggle).toHaveAccessibleName('Lanes (5)');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('region', { name: 'Lanes' })).toBeHidden();
  // At 1280x800 the table shows at least 20 whole rows (16 with the lanes open before).
  await expect(grid(page).locator('#tl-row-0')).toBeVisible();
  const whole = await page.locator('.grid-scroll').evaluate((scroller) => {
    const box = scroller.getBoundingClientRect();
    const head = scroller.querySelector('thead')?.getBoundingClientRect().bottom ?? box.top;
    return [...scroller.querySelectorAll('tbody tr')].filter((r) => {
      const b = r.getBoundingClientRect();
      return b.top >= head - 0.5 && b.bottom <= box.bottom + 0.5;
    }).length;
  });
  expect(whole).toBeGreaterThanOrEqual(20);
  await screen(page, 'histogram-compact');

  // Opened, one lane per source; folded again, gone.
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const lanes = page.getByRole('region', { name: 'Lanes' });
  await expect(lanes.getByRole('img')).toHaveCount(5);
  await expect(lanes.getByRole('img', { name: /^dmesg\.txt: [\d,]+ events; click to jump/ })).toBeVisible();
  await screen(page, 'histogram-lanes-open');
  await expect(toggle).toHaveAccessibleName('Lanes');
  await toggle.click();
  await expect(lanes).toBeHidden();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
});

test('jump to a time, j / k, / to search, Find with n / N, and p pins a key event', async ({ page }) => {
  const total = await loadSample(page);

  // Jump to 07:48:16: the first row at that second is selected and its detail opens.
  const jump = page.getByRole('form', { name: 'Jump to time' });
  await jump.getByRole('textbox', { name: 'Jump to' }).fill('07:48:16');
  await jump.getByRole('button', { name: 'Go' }).click();
  const selected = grid(page).locator('tbody tr[aria-selected="true"]');
  await expect(selected).toHaveCount(1);
  await expect(selected.getByRole('gridcell').first()).toHaveText(/07:48:16\.\d{3}$/);
  const detail = page.getByRole('complementary', { name: 'Event detail' });
  await expect(detail).toBeVisible();
  await expect(grid(page)).toBeFocused();
  const jumped = await activeRow(page);
  const at = Number((await jumped.getAttribute('id'))?.slice('tl-row-'.length));
  expect(await jumped.getAttribute('aria-selected')).toBe('true');
  // The row before it is earlier: this is the first row at that second.
  await expect(
    grid(page)
      .locator(`#tl-row-${at - 1} td`)
      .first(),
  ).not.toHaveText(/07:48:16\.\d{3}$/);

  // j j k: one row down from the jump; Enter opens it.
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  await expect(grid(page)).toHaveAttribute('aria-activedescendant', `tl-row-${at + 1}`);
  await page.keyboard.press('Enter');
  await expect(grid(page).locator(`#tl-row-${at + 1}`)).toHaveAttribute('aria-selected', 'true');
  await expect(selected).toHaveCount(1);

  // "/" goes to the search box; Find keeps every row and counts the matches.
  await page.keyboard.press('/');
  const search = page.getByRole('searchbox', { name: 'Search the raw text of events' });
  await expect(search).toBeFocused();
  await page.getByRole('button', { name: 'Find', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Find', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await search.fill('shim disconnected');
  await expect(countOf(page)).toHaveText(`${total} · 8 matches`);

  // n: the next match after the cursor, n again the one after that, N back.
  const indexOf = async (row: Locator) => Number((await row.getAttribute('id'))?.slice('tl-row-'.length));
  await grid(page).focus();
  await page.keyboard.press('n');
  await expect(grid(page)).not.toHaveAttribute('aria-activedescendant', `tl-row-${at + 1}`);
  const m1 = await activeRow(page);
  await expect(m1).toContainText('msg="shim disconnected"');
  await expect(m1.locator('mark').first()).toHaveText('shim disconnected');
  // The detail pane is open and the Message cell is narrow: the match is inside the cell anyway
  // (the start of the message gives way to an ellipsis), not past its cut-off end.
  await expect(detail).toBeVisible();
  const cellBox = await m1.getByRole('gridcell').last().boundingBox();
  const markBox = await m1.locator('mark').first().boundingBox();
  if (!cellBox || !markBox) throw new Error('the match has no box');
  expect(markBox.x).toBeGreaterThanOrEqual(cellBox.x);
  expect(markBox.x + markBox.width).toBeLessThanOrEqual(cellBox.x + cellBox.width);
  const i1 = await indexOf(m1);
  expect(i1).toBeGreaterThan(at + 1);
  const id1 = await m1.getAttribute('data-event-id');
  const time1 = ((await m1.getByRole('gridcell').first().textContent()) ?? '').trim();
  await page.keyboard.press('n');
  await expect(grid(page)).not.toHaveAttribute('aria-activedescendant', `tl-row-${i1}`);
  const m2 = await activeRow(page);
  await expect(m2).toContainText('shim disconnected');
  expect(await indexOf(m2)).toBeGreaterThan(i1);
  await page.keyboard.press('N');
  await expect(grid(page)).toHaveAttribute('aria-activedescendant', `tl-row-${i1}`);
  await expect(grid(page).locator(`#tl-row-${i1}`)).toHaveAttribute('data-event-id', id1 ?? '');
  await screen(page, 'histogram-find-next');

  // p pins the row under the cursor: marked in the table, listed in Key events.
  await page.keyboard.press('p');
  const pinnedRow = grid(page).locator(`tr[data-event-id="${id1}"]`);
  await expect(pinnedRow.getByRole('img', { name: 'Pinned key event' })).toBeVisible();
  await page.getByRole('tab', { name: /^Key events/ }).click();
  const list = page.getByRole('list', { name: 'Pinned key events in time order' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('listitem')).toContainText('msg="shim disconnected"');
  await expect(list.getByRole('listitem')).toContainText(time1);
  await expect(page.getByText('1 pinned event', { exact: true })).toBeVisible();
  await screen(page, 'histogram-pinned');
});
