// Journey (issue 8, the gaps its closing note admitted). Kept scenarios can be deleted: two
// drills are imported from the Incidents dialog, the storage footer counts them; one is being
// played when it is deleted from the dialog's scenario shelf (the attempt says so, reveals no
// more and is graded on what it revealed), the other is deleted from the Training tab (each asks
// first, naming it); after a reload both are gone and the five bundled scenarios remain.
// The exercise's time counts only while the page is shown: hidden, it stands still; a reload
// keeps what was counted.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { SAMPLE_SCENARIO } from '../src/core/training/sample-scenario.ts';
import { encodeScenario } from '../src/core/training/scenario-bundle.ts';
import { screen } from './helpers.ts';
import { expect, test } from './test.ts';

const BUNDLED = (JSON.parse(readFileSync('public/scenarios/index.json', 'utf8')) as { title: string }[]).map(
  (e) => e.title,
);
const FILES = Object.fromEntries(
  SAMPLE_SCENARIO.sources.map((s) => [s.file, readFileSync(`public/sample/${s.file}`, 'utf8')]),
);

/** A .scenario.zip of the sample scenario under `title`, written where the test keeps its files. */
async function drillFile(title: string, name: string): Promise<string> {
  const bytes = await encodeScenario({
    manifest: { ...SAMPLE_SCENARIO, title },
    files: FILES,
    signature: null,
    generator: 'rca-workbench@e2e',
    exportedAt: '2026-01-02T03:04:05.000Z',
  });
  const path = test.info().outputPath(name);
  writeFileSync(path, bytes);
  return path;
}

async function openIncidents(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: /^Incident: / }).click();
  const dialog = page.getByRole('dialog', { name: 'Incidents' });
  await expect(dialog).toBeVisible();
  return dialog;
}

const training = (page: Page) => page.getByRole('tabpanel', { name: 'Training' });
const bundledCards = (page: Page) =>
  training(page).getByRole('list', { name: 'Scenarios of the app' }).locator(':scope > li');
const keptList = (page: Page) => training(page).getByRole('list', { name: 'Scenarios kept in this browser' });

test('kept scenarios are deleted from the shelf and from the Training tab; the bundled five stay', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const fromShelf = await drillFile('Drill deleted from the shelf', 'shelf.scenario.zip');
  const fromTab = await drillFile('Drill deleted from the Training tab', 'tab.scenario.zip');
  await page.goto('/');

  // Imported from the Incidents dialog; the footer counts them with the incidents.
  let dialog = await openIncidents(page);
  let shelf = dialog.getByRole('region', { name: /^Scenarios/ });
  const input = shelf.getByLabel('Scenario file to import');
  await input.setInputFiles(fromShelf);
  await expect(shelf.getByRole('status')).toHaveText('Imported the scenario “Drill deleted from the shelf”.');
  await input.setInputFiles(fromTab);
  await expect(shelf.getByRole('heading', { name: 'Scenarios (2)' })).toBeVisible();
  await expect(dialog.locator('.incidents-use')).toHaveText(/^0 incidents, 2 kept scenarios, [\d.]+ KB · /);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // One is being played: started, one step revealed.
  await page.getByRole('tab', { name: 'Training' }).click();
  await expect(bundledCards(page)).toHaveCount(BUNDLED.length);
  await expect(bundledCards(page).getByRole('button', { name: /^Delete/ })).toHaveCount(0);
  await keptList(page).getByRole('button', { name: 'Start: Drill deleted from the shelf' }).click();
  await training(page).getByRole('button', { name: 'Reveal next' }).click();
  await expect(training(page).getByText('Step 1 of 3')).toBeVisible();

  // Deleted meanwhile from the shelf, which asks first, naming it; the footer follows.
  dialog = await openIncidents(page);
  shelf = dialog.getByRole('region', { name: /^Scenarios/ });
  const row = shelf.getByRole('listitem', { name: 'Drill deleted from the shelf' });
  await row.getByRole('button', { name: 'Delete: Drill deleted from the shelf' }).click();
  await expect(row.getByRole('group', { name: 'Delete Drill deleted from the shelf?' })).toContainText(
    'Delete “Drill deleted from the shelf” from this browser? Only its .scenario.zip can bring it back.',
  );
  await screen(page, 'training-delete-shelf-ask');
  await row.getByRole('button', { name: 'Yes, delete Drill deleted from the shelf' }).click();
  await expect(shelf.getByRole('status')).toHaveText('Deleted the scenario “Drill deleted from the shelf”.');
  await expect(row).toHaveCount(0);
  await expect(shelf.getByRole('heading', { name: 'Scenarios (1)' })).toBeVisible();
  await expect(dialog.locator('.incidents-use')).toHaveText(/^1 incident, 1 kept scenario, [\d.]+ KB · /);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The attempt says so, reveals no more, and still grades what was revealed.
  await expect(training(page).getByRole('status').filter({ hasText: 'was deleted' })).toContainText(
    '“Drill deleted from the shelf” was deleted from this browser: the steps not revealed yet cannot be read.',
  );
  await expect(training(page).getByRole('button', { name: 'Reveal next' })).toBeDisabled();
  await screen(page, 'training-delete-attempt-gone');
  await training(page).getByRole('combobox', { name: 'The cause' }).selectOption('oom-kill-cgroup/shim');
  await training(page).getByRole('button', { name: 'Commit…' }).click();
  await training(page).getByRole('button', { name: 'Confirm and grade' }).click();
  await expect(training(page).getByText('Right', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(training(page).getByRole('note')).toContainText('It was graded without 3 of its 5 sources');
  await expect(training(page).getByRole('button', { name: 'Try again' })).toBeDisabled();
  await screen(page, 'training-delete-feedback-gone');

  // The other one, from the Training tab's list: asked, then gone.
  await training(page).getByRole('button', { name: 'Other scenarios' }).click();
  const card = keptList(page).getByRole('listitem', { name: 'Drill deleted from the Training tab' });
  await card.getByRole('button', { name: 'Delete: Drill deleted from the Training tab' }).click();
  await card.scrollIntoViewIfNeeded();
  await expect(card.getByRole('group')).toContainText('Delete “Drill deleted from the Training tab”');
  await screen(page, 'training-delete-card-ask');
  await card.getByRole('button', { name: 'Yes, delete Drill deleted from the Training tab' }).click();
  await expect(training(page).getByRole('status').filter({ hasText: 'Deleted the scenario' })).toHaveText(
    'Deleted the scenario “Drill deleted from the Training tab”.',
  );
  await expect(keptList(page)).toHaveCount(0);

  // Gone for good: after a reload, the bundled five and nothing else; the graded attempt stays.
  await page.reload();
  await page.getByRole('tab', { name: 'Training' }).click();
  await expect(training(page).getByText('Right', { exact: true })).toBeVisible();
  await training(page).getByRole('button', { name: 'Other scenarios' }).click();
  await expect(bundledCards(page)).toHaveCount(BUNDLED.length);
  for (const [i, title] of BUNDLED.entries())
    await expect(bundledCards(page).nth(i).getByRole('heading', { level: 3 })).toHaveText(title);
  await expect(keptList(page)).toHaveCount(0);
  dialog = await openIncidents(page);
  await expect(dialog.getByRole('region', { name: /^Scenarios/ }).getByText(/^None yet\./)).toBeVisible();
  await expect(dialog.locator('.incidents-use')).toHaveText(/^1 incident, 0 kept scenarios, /);
  await screen(page, 'training-delete-after-reload');
});

/** "Time 1 min 05 s" → 65. */
function secondsShown(text: string | null): number {
  const m = /^Time (?:(\d+) min )?(\d+) s$/.exec(text ?? '');
  if (!m) throw new Error(`not a time: ${text}`);
  return Number(m[1] ?? 0) * 60 + Number(m[2]);
}

test("the exercise's time stands still while the page is hidden and survives a reload", async ({ page }) => {
  await page.goto('/');
  await page.getByRole('tab', { name: 'Training' }).click();
  const started = Date.now();
  await training(page)
    .getByRole('button', { name: `Start: ${BUNDLED[0]}` })
    .click();
  const time = training(page).getByTitle('Counted only while this page is shown');
  await expect(time).toHaveText(/^Time [2-9] s$/);

  // Hidden (as when the trainee switches tabs): the time stands still for 3 seconds.
  const setHidden = (hidden: boolean) =>
    page.evaluate((h) => {
      Object.defineProperty(document, 'visibilityState', {
        configurable: true,
        get: () => (h ? 'hidden' : 'visible'),
      });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);
  await setHidden(true);
  const still = await time.textContent();
  await page.waitForTimeout(3_000);
  await expect(time).toHaveText(still ?? '');
  await setHidden(false);
  await expect(time).not.toHaveText(still ?? '');

  // A reload: the time counted is kept (saved at pagehide), the exercise goes on from it.
  const before = secondsShown(await time.textContent());
  await page.reload();
  await page.getByRole('tab', { name: 'Training' }).click();
  await expect(training(page).getByRole('heading', { name: 'The incident so far' })).toBeVisible();
  const after = secondsShown(await time.textContent());
  expect(after).toBeGreaterThanOrEqual(before);
  // Never the 3 seconds hidden: at most the wall-clock time since Start without them (1 s of rounding).
  const wall = (Date.now() - started) / 1000;
  expect(after).toBeLessThanOrEqual(wall - 3 + 1);
});
