// Journey (issue 7): incidents saved in the browser. The sample becomes an incident titled for it; the
// analyst pins the OOM kill and rejects a hypothesis; in the Incidents dialog the incident is
// found by title and by what its analysis found ("oom"), renamed, duplicated, tagged, deleted and
// brought back; its bundle is exported (a zip) and imported in a fresh browser profile, where it
// opens with the same sources, the same pin and the same decision. A truncated bundle and a PNG
// are refused with their messages and add nothing. A second tab on the same incident is told so;
// a full disk (IndexedDB writes refused as the browser refuses them) is reported with what to do.
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { findRow, screen } from './helpers.ts';
import { expect, freshPage, test, watchPage } from './test.ts';

// The sample's incident takes the sample's title (public/sample/manifest.json).
const SAMPLE = `Sample: ${(JSON.parse(readFileSync('public/sample/manifest.json', 'utf8')) as { title: string }).title}`;
const NOTE = 'Audit log: nobody ran kubectl delete or kill on node-7';
const RENAMED = 'node-7 shim OOM';

const headerTitle = (page: Page) => page.getByRole('button', { name: /^Incident: / });
const saveStatus = (page: Page) => page.getByTestId('save-status');
const sourcesStatus = (page: Page) => page.locator('.header-status');

async function openIncidents(page: Page): Promise<Locator> {
  await headerTitle(page).click();
  const dialog = page.getByRole('dialog', { name: 'Incidents' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('searchbox', { name: 'Search by title, tag or finding' })).toBeFocused();
  return dialog;
}

/** The rows' titles, in the order shown. */
const rowTitles = (dialog: Locator) =>
  dialog.getByRole('list', { name: 'Incidents' }).locator(':scope > li h3');

const row = (dialog: Locator, title: string) => dialog.getByRole('listitem', { name: title, exact: true });

/** The hypothesis item by id, and its own disclosure button (as in analysis.spec.ts). */
const hypothesis = (page: Page, id: string) => page.locator(`li[data-hypothesis="${id}"]`);
const toggleOf = (item: Locator) => item.locator(':scope > .an-node-head .an-toggle');

async function pinnedKeyEvents(page: Page): Promise<string[]> {
  await page.getByRole('tab', { name: /^Key events/ }).click();
  const items = page
    .getByRole('tabpanel', { name: 'Key events' })
    .getByRole('list', { name: 'Pinned key events in time order' })
    .getByRole('listitem');
  await expect(items.first()).toBeVisible();
  return items.allTextContents();
}

async function rejectedNote(page: Page): Promise<string | null> {
  await page.getByRole('tab', { name: 'Analysis' }).click();
  const manual = hypothesis(page, 'manual-or-automation-kill');
  await expect(manual.locator(':scope > .an-node-head').getByText('Rejected', { exact: true })).toBeVisible();
  return manual.locator(':scope > .an-note').textContent();
}

test('incidents: find, rename, duplicate, delete and undo; a bundle carries one to a fresh profile', async ({
  page,
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(240_000);
  await page.goto('/?sample=1');
  await expect(sourcesStatus(page)).toHaveText(/^5 sources · [\d,]+ events$/);
  const events = await sourcesStatus(page).textContent();

  // The analyst's work: a pinned key event and a rejected hypothesis with a note.
  const kill = await findRow(
    page,
    'Killed process 2150',
    'dmesg.txt',
    'Memory cgroup out of memory: Killed process 2150',
  );
  await kill.click();
  await page.keyboard.press('p');
  await expect(kill.getByRole('img', { name: 'Pinned key event' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByRole('searchbox', { name: 'Search the raw text of events' }).fill('');
  await page.getByRole('tab', { name: 'Analysis' }).click();
  const manual = hypothesis(page, 'manual-or-automation-kill');
  await toggleOf(manual).click();
  await manual.locator(':scope > .an-node-body').getByRole('textbox', { name: 'Note' }).fill(NOTE);
  await manual.locator(':scope > .an-node-body').getByRole('button', { name: 'Reject' }).click();
  const pins = await pinnedKeyEvents(page);
  expect(pins).toHaveLength(1);
  expect(pins[0]).toContain('Killed process 2150');
  expect(await rejectedNote(page)).toBe(`Your note: ${NOTE}`);

  // The header: the incident is titled for the sample, and saved.
  await expect(headerTitle(page)).toHaveAccessibleName(`Incident: ${SAMPLE}`);
  await expect(saveStatus(page)).toHaveText('Saved');
  await expect(saveStatus(page)).toHaveAttribute(
    'title',
    /^(Saved at \d\d:\d\d:\d\d in this browser|Everything is saved in this browser)$/,
  );
  await expect(page.getByRole('alert')).toHaveCount(0);
  await screen(page, 'incidents-header-saved');

  const dialog = await openIncidents(page);
  await expect(rowTitles(dialog)).toHaveText([SAMPLE]);
  const sample = row(dialog, SAMPLE);
  await expect(sample).toHaveAttribute('aria-current', 'true');
  await expect(sample.getByRole('button', { name: 'Open now' })).toBeDisabled();
  await expect(sample).toContainText(
    /Updated (just now|\d+ min ago) · 5 sources · [\d.]+ KB \([\d.]+ KB stored\)/,
  );
  // The verdict of the analysis, kept with the incident.
  await expect(sample).toContainText(/Verdict: .+/);
  await expect(dialog.locator('.incidents-use')).toHaveText(
    /^1 incident, 0 kept scenarios, [\d.]+ KB · [\d.]+ [KMG]?B used of [\d.]+ [KMGT]B available in this browser$/,
  );
  await screen(page, 'incidents-dialog');

  // Search: by title, by what the analysis found, and nothing.
  const search = dialog.getByRole('searchbox', { name: 'Search by title, tag or finding' });
  await search.fill('oom');
  await expect(rowTitles(dialog)).toHaveText([SAMPLE]);
  await expect(dialog.getByText('1 match', { exact: true })).toBeVisible();
  await search.fill('kafka');
  await expect(dialog.getByText('No incident matches “kafka”.')).toBeVisible();
  await search.fill('sample');
  await expect(rowTitles(dialog)).toHaveText([SAMPLE]);
  // Escape empties the search first; the dialog stays.
  await search.press('Escape');
  await expect(search).toHaveValue('');
  await expect(dialog).toBeVisible();

  // Rename: Escape cancels the field (and does not close the dialog), Enter saves.
  await sample.getByRole('button', { name: 'Rename' }).click();
  const title = dialog.getByRole('textbox', { name: 'Title' });
  await expect(title).toBeFocused();
  await title.fill('not this');
  await title.press('Escape');
  await expect(dialog).toBeVisible();
  await expect(title).toHaveCount(0);
  await expect(sample.getByRole('button', { name: 'Rename' })).toBeFocused();
  await page.keyboard.press('Enter');
  await title.fill(RENAMED);
  await title.press('Enter');
  const renamed = row(dialog, RENAMED);
  await expect(renamed).toBeVisible();
  await expect(headerTitle(page)).toHaveAccessibleName(`Incident: ${RENAMED}`);

  // Duplicate, then tag the copy and find it by its tag.
  await renamed.getByRole('button', { name: 'Duplicate' }).click();
  const copyTitle = `${RENAMED} (copy)`;
  await expect(dialog.getByText(`Duplicated as ${copyTitle}`)).toBeVisible();
  await expect(rowTitles(dialog)).toHaveCount(2);
  const copy = row(dialog, copyTitle);
  await copy.getByRole('button', { name: 'Tags' }).click();
  const tags = dialog.getByRole('textbox', { name: 'Tags' });
  await tags.fill('postmortem, node-7, Postmortem');
  await tags.press('Enter');
  await expect(copy.getByRole('list', { name: 'Tags' }).getByRole('listitem')).toHaveText([
    'postmortem',
    'node-7',
  ]);
  await search.fill('postmortem');
  await expect(rowTitles(dialog)).toHaveText([copyTitle]);
  await search.fill('');
  await expect(rowTitles(dialog)).toHaveCount(2);
  await screen(page, 'incidents-dialog-two');

  // Delete the copy: gone at once, "Deleted … Undo" brings it back.
  await copy.getByRole('button', { name: 'Delete' }).click();
  await expect(row(dialog, copyTitle)).toHaveCount(0);
  const undoNotice = dialog.getByRole('status').filter({ hasText: `Deleted ${copyTitle}.` });
  await expect(undoNotice).toBeVisible();
  await screen(page, 'incidents-deleted-undo');
  await undoNotice.getByRole('button', { name: 'Undo' }).click();
  await expect(dialog.getByText(`Restored ${copyTitle}`)).toBeVisible();
  await expect(row(dialog, copyTitle)).toBeVisible();
  await expect(rowTitles(dialog)).toHaveCount(2);
  // Deleted for good this time (the notice times out).
  await row(dialog, copyTitle).getByRole('button', { name: 'Delete' }).click();
  await expect(rowTitles(dialog)).toHaveText([RENAMED]);

  // Export the bundle: a download named for the incident, a zip.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    renamed.getByRole('button', { name: 'Export bundle' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('node-7-shim-oom.rca.zip');
  const bundlePath = testInfo.outputPath('node-7-shim-oom.rca.zip');
  await download.saveAs(bundlePath);
  const bundle = readFileSync(bundlePath);
  expect(bundle.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
  await expect(dialog.getByText('Exported node-7-shim-oom.rca.zip')).toBeVisible();

  // Escape closes the dialog; the focus is back on the header's title.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(headerTitle(page)).toBeFocused();

  // A fresh profile: nothing saved there; the bad files are refused, the bundle comes in whole.
  const fresh = await freshPage(browser, baseURL);
  const p2 = fresh.page;
  await p2.goto('/');
  await expect(headerTitle(p2)).toHaveAccessibleName('Incident: New incident');
  await expect(saveStatus(p2)).toHaveCount(0);
  const d2 = await openIncidents(p2);
  await expect(d2.getByText(/^No incidents yet\./)).toBeVisible();
  const input = d2.getByLabel('Bundle file to import');
  await expect(input).toHaveAttribute('accept', '.rca.zip,.zip,.json.gz,.json');
  const problem = d2.getByRole('alert');

  await input.setInputFiles({
    name: 'node-7-shim-oom.rca.zip',
    mimeType: 'application/zip',
    buffer: bundle.subarray(0, Math.floor(bundle.length / 2)),
  });
  await expect(problem).toContainText('node-7-shim-oom.rca.zip was not imported.');
  const corrupt = (await problem.textContent()) ?? '';
  await screen(p2, 'incidents-import-corrupt');
  await input.setInputFiles('docs/screenshot.png');
  await expect(problem).toContainText('screenshot.png was not imported.');
  const foreign = (await problem.textContent()) ?? '';
  // Each says its own reason, and nothing was added.
  expect(corrupt.replace('node-7-shim-oom.rca.zip was not imported.', '').trim()).not.toBe('');
  expect(foreign.replace('screenshot.png was not imported.', '').trim()).not.toBe('');
  expect(foreign).not.toBe(corrupt.replace('node-7-shim-oom.rca.zip', 'screenshot.png'));
  await expect(d2.getByText(/^No incidents yet\./)).toBeVisible();
  await expect(d2.getByRole('list', { name: 'Incidents' })).toHaveCount(0);
  await screen(p2, 'incidents-import-foreign');

  await input.setInputFiles(bundlePath);
  const imported = d2.getByRole('status').filter({ hasText: `Imported ${RENAMED}` });
  await expect(imported).toBeVisible();
  await expect(problem).toHaveText('');
  await expect(rowTitles(d2)).toHaveText([RENAMED]);
  await screen(p2, 'incidents-imported');
  await imported.getByRole('button', { name: 'Open' }).click();
  await expect(d2).toBeHidden();
  await expect(headerTitle(p2)).toHaveAccessibleName(`Incident: ${RENAMED}`);
  await expect(sourcesStatus(p2)).toHaveText(events ?? '');
  expect(await pinnedKeyEvents(p2)).toEqual(pins);
  expect(await rejectedNote(p2)).toBe(`Your note: ${NOTE}`);
  await screen(p2, 'incidents-imported-open');

  await fresh.context.close();
  expect(fresh.problems, 'console errors, failed or external requests in the fresh profile').toEqual([]);
});

test('a second tab on the same incident is told so, and can take it over', async ({ page, baseURL }) => {
  await page.goto('/?sample=1');
  await expect(sourcesStatus(page)).toHaveText(/^5 sources · [\d,]+ events$/);
  await expect(saveStatus(page)).toHaveText('Saved');
  const url = page.url();
  expect(url).toMatch(/[?&]incident=inc-/);

  const second = await page.context().newPage();
  const problems = await watchPage(second, baseURL);
  await second.goto(url);
  const banner = second.getByRole('alert').filter({ hasText: 'This incident is open in another tab.' });
  await expect(banner).toHaveText(/This incident is open in another tab\. Changes here are not saved\./);
  await expect(saveStatus(second)).toHaveText('Read only');
  // Readable meanwhile: the sources are there.
  await expect(sourcesStatus(second)).toHaveText(/^5 sources · [\d,]+ events$/);
  await screen(second, 'incidents-elsewhere-banner');

  // "Incidents…" opens the list over the banner; Escape gives the focus back to it.
  const more = banner.getByRole('button', { name: 'Incidents…' });
  await more.click();
  await expect(second.getByRole('dialog', { name: 'Incidents' })).toBeVisible();
  await second.emulateMedia({ colorScheme: 'dark' });
  await screen(second, 'incidents-dialog-dark');
  await second.keyboard.press('Escape');
  await screen(second, 'incidents-elsewhere-banner-dark');
  await second.emulateMedia({ colorScheme: 'light' });
  await expect(more).toBeFocused();

  await banner.getByRole('button', { name: 'Open here' }).click();
  await expect(banner).toHaveCount(0);
  await expect(second.getByRole('alert')).toHaveCount(0);
  // The first tab is now the one told.
  await expect(
    page.getByRole('alert').filter({ hasText: 'This incident is open in another tab.' }),
  ).toBeVisible();
  await second.close();
  expect(problems, 'console errors, failed or external requests in the second tab').toEqual([]);
});

test('a full disk is reported with what to do: manage incidents, export the bundle', async ({ page }) => {
  // Chromium's DevTools quota override (Storage.overrideQuotaForOrigin) changes nothing in this
  // build, so the browser's refusal is made here: once the flag is set, every IndexedDB write
  // throws the QuotaExceededError a full disk throws. The mapping of real quota errors (names,
  // codes, aborted transactions) is the repository's unit test; this is the user's side of it.
  await page.addInitScript(() => {
    const w = window as unknown as { __diskFull?: boolean };
    for (const name of ['put', 'add'] as const) {
      const native = IDBObjectStore.prototype[name];
      IDBObjectStore.prototype[name] = function (this: IDBObjectStore, ...args: [unknown, IDBValidKey?]) {
        if (w.__diskFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return native.apply(this, args);
      };
    }
  });
  await page.goto('/?sample=1');
  await expect(sourcesStatus(page)).toHaveText(/^5 sources · [\d,]+ events$/);
  await expect(saveStatus(page)).toHaveText('Saved');

  await page.evaluate(() => {
    (window as unknown as { __diskFull?: boolean }).__diskFull = true;
  });
  await page.getByLabel('Log files to add').setInputFiles({
    name: 'kubelet.log',
    mimeType: 'text/plain',
    buffer: Buffer.from(
      'Nov 24 07:48:20 node-7 kubelet[1307]: I1124 07:48:20.000000 1307 kubelet.go:2470] "SyncLoop"\n',
    ),
  });

  const alert = page.getByRole('alert').filter({ hasText: 'Not saved.' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('quota');
  await expect(saveStatus(page)).toHaveText('Not saved');
  await screen(page, 'incidents-header-quota');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    alert.getByRole('button', { name: 'Export bundle' }).click(),
  ]);
  const fileName = `${SAMPLE.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.rca.zip`;
  expect(download.suggestedFilename()).toBe(fileName);
  await expect(alert).toContainText(`Exported ${fileName}`);

  await alert.getByRole('button', { name: 'Manage incidents' }).click();
  const dialog = page.getByRole('dialog', { name: 'Incidents' });
  await expect(dialog).toBeVisible();
  await expect(rowTitles(dialog)).toHaveText([SAMPLE]);
  await expect(
    dialog.getByRole('button', { name: 'Keep my data (ask the browser not to evict it)' }),
  ).toBeVisible();
  await screen(page, 'incidents-dialog-quota');
  await page.keyboard.press('Escape');
  await expect(alert.getByRole('button', { name: 'Manage incidents' })).toBeFocused();
});

test('without storage (a browser that gives the page no IndexedDB) the app works and says nothing is kept', async ({
  page,
}) => {
  // What some private windows do: no IndexedDB at all.
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
  });
  await page.goto('/?sample=1');
  await expect(sourcesStatus(page)).toHaveText(/^5 sources · [\d,]+ events$/);
  const warning = page.getByRole('alert').filter({ hasText: 'Not saved:' });
  await expect(warning).toContainText('Your work is kept only in this tab');
  await expect(saveStatus(page)).toHaveText('Not saved');
  await expect(headerTitle(page)).toHaveAccessibleName('Incident: New incident');
  await screen(page, 'incidents-header-no-storage');
});
