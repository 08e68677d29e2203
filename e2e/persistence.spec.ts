// Journey (issue 7 part 1-2): incidents survive. (a) The sample with a pinned event and its note,
// a rejected hypothesis and its note, and a typed document field comes back after a reload, its
// sources read back from IndexedDB (the URL names the incident: the sample is not loaded again).
// (b) A change written a second before the renderer is killed is there in a new page. (c) Two tabs
// on one incident: the second is told it is open elsewhere, takes it over with "Open here", the
// first learns it lost it, and the second's edits are what the first shows after a reload.
import type { BrowserContext, Page } from '@playwright/test';
import { findRow, screen } from './helpers.ts';
import { expect, test } from './test.ts';

test.use({ viewport: { width: 1366, height: 900 } });

const PIN_NOTE = 'the kill <b>itself</b>';
const REJECT_NOTE = 'nobody ran kubectl; no kill -9 in the audit log';
const VERDICT = 'The shim was OOM-killed inside the pod cgroup';
const INCIDENT_URL = /\?incident=inc-[0-9a-f]{16}$/;

const counts = (page: Page) => page.getByText(/^\d+ sources · [\d,]+ events$/);
const saveStatus = (page: Page) => page.getByTestId('save-status');

/** Loads the sample and waits until its incident exists (URL) and all 5 sources are in it. */
async function loadSample(page: Page): Promise<string> {
  await page.goto('/?sample=1');
  await expect(page.getByText(/^5 sources · [\d,]+ events$/)).toBeVisible();
  await expect(page).toHaveURL(INCIDENT_URL);
  await expect(page.getByRole('button', { name: /^Incident: Sample: / })).toBeVisible();
  await expect(saveStatus(page)).toHaveText('Saved');
  return (await counts(page).textContent()) ?? '';
}

/** Pins dmesg's OOM kill and gives it a note in the Key events tab. */
async function pinWithNote(page: Page, note: string) {
  const row = await findRow(
    page,
    'Killed process 2150',
    'dmesg.txt',
    'Memory cgroup out of memory: Killed process 2150',
  );
  await row.click();
  const keyEvent = page
    .getByRole('complementary', { name: 'Event detail' })
    .getByRole('button', { name: 'Key event' });
  await keyEvent.click();
  await expect(keyEvent).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('tab', { name: /^Key events/ }).click();
  const panel = page.getByRole('tabpanel', { name: 'Key events' });
  await panel.getByRole('textbox', { name: 'Note' }).fill(note);
}

async function expectPinNote(page: Page, note: string) {
  await page.getByRole('tab', { name: /^Key events/ }).click();
  const panel = page.getByRole('tabpanel', { name: 'Key events' });
  const items = panel.getByRole('list', { name: 'Pinned key events in time order' }).getByRole('listitem');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText('Killed process 2150');
  await expect(panel.getByRole('textbox', { name: 'Note' })).toHaveValue(note);
}

const manualKill = (page: Page) => page.locator('li[data-hypothesis="manual-or-automation-kill"]');

async function openAnalysis(page: Page) {
  await page.getByRole('tab', { name: 'Analysis' }).click();
  await expect(page.getByRole('list', { name: 'Hypotheses, best first' })).toBeVisible();
}

async function rejectWithNote(page: Page, note: string) {
  await openAnalysis(page);
  const manual = manualKill(page);
  await manual.locator(':scope > .an-node-head .an-toggle').click();
  const body = manual.locator(':scope > .an-node-body');
  await body.getByRole('textbox', { name: 'Note' }).fill(note);
  await body.getByRole('button', { name: 'Reject' }).click();
  await expect(manual.locator(':scope > .an-node-head').getByText('Rejected', { exact: true })).toBeVisible();
}

async function expectRejected(page: Page, note: string) {
  await openAnalysis(page);
  const manual = manualKill(page);
  await expect(manual.locator(':scope > .an-node-head').getByText('Rejected', { exact: true })).toBeVisible();
  await expect(manual.locator(':scope > .an-note')).toHaveText(`Your note: ${note}`);
}

async function openDocument(page: Page) {
  await page.getByRole('tab', { name: 'Document' }).click();
  await expect(page.getByLabel('Template', { exact: true })).toBeVisible();
}

const verdictField = (page: Page) =>
  page.getByRole('tabpanel', { name: 'Document' }).locator('fieldset[data-field="verdict"] input');

/** Waits for the autosave to have written the last change (the header says so), plus margin. */
async function saved(page: Page) {
  await expect(saveStatus(page)).toHaveText('Saved');
  await page.waitForTimeout(1200);
  await expect(saveStatus(page)).toHaveText('Saved');
}

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

  // Page.crash never answers (the renderer is gone): wait for the page's crash event instead.
  const cdp = await page.context().newCDPSession(page);
  const crashed = page.waitForEvent('crash');
  void cdp.send('Page.crash').catch(() => {});
  await crashed;

  // A new tab on the app's address, with nothing in the URL: the last incident comes back.
  const { page: next, problems } = await watchedPage(context);
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

  const { page: second, problems } = await watchedPage(context);
  await second.goto(url);
  const notice = (p: Page) =>
    p.getByRole('alert').filter({ hasText: 'This incident is open in another tab.' });
  await expect(notice(second)).toBeVisible();
  // Read only, but complete: its sources were read back.
  await expect(counts(second)).toHaveText(header);
  await expect(saveStatus(second)).toHaveText('Read only');
  await expect(notice(page)).toHaveCount(0);
  await screen(second, 'persistence-second-tab-told');

  await notice(second).getByRole('button', { name: 'Open here' }).click();
  await expect(notice(second)).toHaveCount(0);
  await expect(notice(page)).toBeVisible();
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
  await expect(notice(page)).toBeVisible();
  expect(problems).toEqual([]);
});

/**
 * Another page of the context, watched as the fixture watches `page`: console errors, uncaught
 * exceptions and requests outside the origin are collected; the test expects none.
 */
async function watchedPage(context: BrowserContext): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  const origin = new URL(test.info().project.use.baseURL ?? 'http://localhost').origin;
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin)
      problems.push(`external request: ${url}`);
  });
  return { page, problems };
}
