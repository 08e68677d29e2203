import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';

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
