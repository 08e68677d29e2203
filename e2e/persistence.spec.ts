// Journey (issue 7 part 1-2): incidents survive. (a) The sample with a pinned event and its note,
// a rejected hypothesis and its note, and a typed document field comes back after a reload, its
// sources read back from IndexedDB (the URL names the incident: the sample is not loaded again).
// (b) A change written a second before the renderer is killed is there in a new page. (c) Two tabs
// on one incident: the second is told it is open elsewhere, takes it over with "Open here", the
// first learns it lost it, and the second's edits are what the first shows after a reload.
import type { Page } from '@playwright/test';
import { screen } from './helpers.ts';
import {
  counts,
  crashRenderer,
  expectPinNote,
  expectRejected,
  INCIDENT_URL,
  loadSample,
  openElsewhere,
  openInSecondPage,
  pinWithNote,
  rejectWithNote,
  saved,
  saveStatus,
  secondPage,
} from './incident-steps.ts';
import { expect, test } from './test.ts';

test.use({ viewport: { width: 1366, height: 900 } });

const PIN_NOTE = 'the kill <b>itself</b>';
const REJECT_NOTE = 'nobody ran kubectl; no kill -9 in the audit log';
const VERDICT = 'The shim was OOM-killed inside the pod cgroup';

async function openDocument(page: Page) {
  await page.getByRole('tab', { name: 'Document' }).click();
  await expect(page.getByLabel('Template', { exact: true })).toBeVisible();
}

const verdictField = (page: Page) =>
  page.getByRole('tabpanel', { name: 'Document' }).locator('fieldset[data-field="verdict"] input');

test('a reload brings back the incident: sources, a pin and its note, a rejection and its note, a document field', async ({
  page,
}) => {
  const header = await loadSample(page);
  const url = page.url();

  await pinWithNote(page, PIN_NOTE);
  await rejectWithNote(page, REJECT_NOTE);
  await openDocument(page);
  await page
    .getByRole('tabpanel', { name: 'Document' })
    .getByLabel('Template', { exact: true })
    .selectOption('shim-crash-rca');
  await verdictField(page).fill(VERDICT);
  await saved(page);
  await screen(page, 'persistence-before-reload');

  await page.reload();
  // The same incident, its sources read back from storage (not the sample loaded a second time).
  expect(page.url()).toBe(url);
  await expect(counts(page)).toHaveText(header);
  await expect(page.getByRole('button', { name: /^Incident: Sample: / })).toBeVisible();
  await expectPinNote(page, PIN_NOTE);
  await expectRejected(page, REJECT_NOTE);
  await openDocument(page);
  await expect(page.getByLabel('Template', { exact: true })).toHaveValue('shim-crash-rca');
  await expect(verdictField(page)).toHaveValue(VERDICT);
  await expect(saveStatus(page)).toHaveText('Saved');
  // The pin's markup is text: no <b> element anywhere.
  await expect(page.locator('.key-events b')).toHaveCount(0);
  await screen(page, 'persistence-after-reload');
});

test('a killed renderer loses nothing written a second before: a new page reopens the incident', async ({
  page,
  context,
}) => {
  const header = await loadSample(page);
  await rejectWithNote(page, REJECT_NOTE);
  await page.waitForTimeout(1100);

  await crashRenderer(page);

  // A new tab on the app's address, with nothing in the URL: the last incident comes back.
  const { page: next, problems } = await secondPage(context);
  await next.goto('/');
  await expect(next).toHaveURL(INCIDENT_URL);
  await expect(counts(next)).toHaveText(header);
  await expectRejected(next, REJECT_NOTE);
  await screen(next, 'persistence-after-crash');
  expect(problems).toEqual([]);
});

test('two tabs: the second is told, takes it over, the first learns it lost it; the second tab’s edits survive', async ({
  page,
  context,
}) => {
  const header = await loadSample(page);
  const url = page.url();

  const { page: second, problems } = await openInSecondPage(context, url);
  // Read only, but complete: its sources were read back.
  await expect(counts(second)).toHaveText(header);
  await expect(saveStatus(second)).toHaveText('Read only');
  await expect(openElsewhere(page)).toHaveCount(0);
  await screen(second, 'persistence-second-tab-told');

  await openElsewhere(second).getByRole('button', { name: 'Open here' }).click();
  await expect(openElsewhere(second)).toHaveCount(0);
  await expect(openElsewhere(page)).toBeVisible();
  await expect(saveStatus(page)).toHaveText('Read only');
  await screen(page, 'persistence-first-tab-lost-it');

  await rejectWithNote(second, REJECT_NOTE);
  await saved(second);
  // The first tab follows the owner's saves...
  await expectRejected(page, REJECT_NOTE);
  // ...and after a reload shows what the second tab wrote (still read only: the second has it).
  await page.reload();
  await expect(counts(page)).toHaveText(header);
  await expectRejected(page, REJECT_NOTE);
  await expect(openElsewhere(page)).toBeVisible();
  expect(problems).toEqual([]);
});
