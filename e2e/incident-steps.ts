// The steps of the journeys on a saved incident (persistence.spec.ts, tab-handover.spec.ts): the
// sample loaded as an incident, a rejected hypothesis and a pinned event with their notes, what a
// tab shows of them, the save status and the "open in another tab" notice, a second watched page,
// and a killed renderer. One copy, so that both journeys drive the app the same way.
import type { BrowserContext, Page } from '@playwright/test';
import { findRow } from './helpers.ts';
import { expect, test, watchPage } from './test.ts';

/** The address of a saved incident: the app names it in the URL once it exists. */
export const INCIDENT_URL = /\?incident=inc-[0-9a-f]{16}$/;

/** The header's count of sources and events. */
export const counts = (page: Page) => page.getByText(/^\d+ sources · [\d,]+ events$/);
/** The header's save status: Saved, Saving…, Read only. */
export const saveStatus = (page: Page) => page.getByTestId('save-status');
/** The notice a tab shows while another tab owns its incident. */
export const openElsewhere = (page: Page) =>
  page.getByRole('alert').filter({ hasText: 'This incident is open in another tab.' });
/** The sample's "manual or automation kill" hypothesis, the one the journeys reject. */
export const manualKill = (page: Page) => page.locator('li[data-hypothesis="manual-or-automation-kill"]');

/**
 * Loads the sample and waits until its incident exists (URL), all 5 sources are in it and it is
 * saved; returns the header's counts, to compare with what a reload or another tab shows.
 */
export async function loadSample(page: Page): Promise<string> {
  await page.goto('/?sample=1');
  await expect(page.getByText(/^5 sources · [\d,]+ events$/)).toBeVisible();
  await expect(page).toHaveURL(INCIDENT_URL);
  await expect(page.getByRole('button', { name: /^Incident: Sample: / })).toBeVisible();
  await expect(saveStatus(page)).toHaveText('Saved');
  return (await counts(page).textContent()) ?? '';
}

/** Waits for the autosave to have written the last change (the header says so), plus margin. */
export async function saved(page: Page) {
  await expect(saveStatus(page)).toHaveText('Saved');
  await page.waitForTimeout(1200);
  await expect(saveStatus(page)).toHaveText('Saved');
}

export async function openAnalysis(page: Page) {
  await page.getByRole('tab', { name: 'Analysis' }).click();
  await expect(page.getByRole('list', { name: 'Hypotheses, best first' })).toBeVisible();
}

/**
 * Writes the note on the manual kill and clicks Reject, and returns at once: the rejection is in
 * the store, its autosave (300 ms debounce) not yet due. For the journey that closes the tab
 * within the debounce, so that only the closing page's pagehide write (or its localStorage
 * backup) can keep the change; waiting for the "Rejected" badge first would let the autosave
 * run. Everyone else wants rejectWithNote.
 */
export async function clickRejectWithNote(page: Page, note: string) {
  await openAnalysis(page);
  const manual = manualKill(page);
  await manual.locator(':scope > .an-node-head .an-toggle').click();
  const body = manual.locator(':scope > .an-node-body');
  await body.getByRole('textbox', { name: 'Note' }).fill(note);
  await body.getByRole('button', { name: 'Reject' }).click();
}

/** Rejects the manual kill with a note and waits until the tree shows it rejected. */
export async function rejectWithNote(page: Page, note: string) {
  await clickRejectWithNote(page, note);
  await expect(rejectedBadge(page)).toBeVisible();
}

const rejectedBadge = (page: Page) =>
  manualKill(page).locator(':scope > .an-node-head').getByText('Rejected', { exact: true });

/** The manual kill is shown rejected, with `note`. */
export async function expectRejected(page: Page, note: string) {
  await openAnalysis(page);
  await expect(rejectedBadge(page)).toBeVisible();
  await expect(manualKill(page).locator(':scope > .an-note')).toHaveText(`Your note: ${note}`);
}

/** Pins dmesg's OOM kill from the timeline and gives it a note in the Key events tab. */
export async function pinWithNote(page: Page, note: string) {
  await page.getByRole('tab', { name: 'Timeline' }).click();
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
  await page.getByRole('tabpanel', { name: 'Key events' }).getByRole('textbox', { name: 'Note' }).fill(note);
}

/** The one pinned event is dmesg's OOM kill, with `note`. */
export async function expectPinNote(page: Page, note: string) {
  await page.getByRole('tab', { name: /^Key events/ }).click();
  const panel = page.getByRole('tabpanel', { name: 'Key events' });
  const items = panel.getByRole('list', { name: 'Pinned key events in time order' }).getByRole('listitem');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText('Killed process 2150');
  await expect(panel.getByRole('textbox', { name: 'Note' })).toHaveValue(note);
}

/**
 * Another page of the context, watched as the fixture watches `page` (e2e/test.ts); the test
 * expects its `problems` to be empty.
 */
export async function secondPage(context: BrowserContext): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems = await watchPage(page, test.info().project.use.baseURL);
  return { page, problems };
}

/** Opens the incident at `url` in a second page of the context: it is told another tab has it. */
export async function openInSecondPage(context: BrowserContext, url: string) {
  const second = await secondPage(context);
  await second.page.goto(url);
  await expect(openElsewhere(second.page)).toBeVisible();
  return second;
}

/** Kills the page's renderer, as a crash does, and returns once Playwright has seen it go. */
export async function crashRenderer(page: Page) {
  // Page.crash never answers (the renderer is gone): wait for the page's crash event instead.
  const cdp = await page.context().newCDPSession(page);
  const crashed = page.waitForEvent('crash');
  void cdp.send('Page.crash').catch(() => {});
  await crashed;
}
