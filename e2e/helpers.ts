import { mkdirSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect } from './test.ts';

export const SCREENS = 'test-results/screens';

/** A full-window screenshot under test-results/screens/, named for the step it shows. */
export async function screen(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: `${SCREENS}/${name}.png` });
}

/** The data rows' cells, as text, in display order (the group header row excluded). */
export async function timelineRows(page: Page): Promise<string[][]> {
  return page
    .getByRole('grid', { name: 'Merged timeline' })
    .locator('tbody tr.grid-row')
    .evaluateAll((rows) =>
      rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent ?? '')),
    );
}

/** The one timeline row of `source` whose text holds `text`, after searching for `search`. */
export async function findRow(page: Page, search: string, source: string, text = search): Promise<Locator> {
  await page.getByRole('searchbox', { name: 'Search the raw text of events' }).fill(search);
  const row = page
    .getByRole('grid', { name: 'Merged timeline' })
    .locator('tbody tr.grid-row')
    .filter({ has: page.getByRole('gridcell', { name: source, exact: true }) })
    .filter({ hasText: text });
  await expect(row).toHaveCount(1);
  return row;
}
