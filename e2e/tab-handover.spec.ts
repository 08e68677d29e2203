// Journey (issue 7 part 2, the hand-over): two tabs of one profile on one incident. The first
// owns it, the second follows read-only. The first makes a change and is closed at once (its
// pagehide write is the only one that can have saved it); the second, queued for the incident's
// Web Lock, gets it when the browser releases the closed page's locks: it says so in one
// sentence, shows the first tab's change, and saves its own. A reload of the second shows both.
// The hand-over time (the first page closed -> the notice in the second) is printed.
import type { BrowserContext, Page } from '@playwright/test';
import { findRow, screen } from './helpers.ts';
import { expect, test, watchPage } from './test.ts';

test.use({ viewport: { width: 1366, height: 900 } });

const PIN_NOTE = 'written by the second tab after the first closed';
const REJECT_NOTE = 'nobody ran kubectl (written by the first tab just before it closed)';
const INCIDENT_URL = /\?incident=inc-[0-9a-f]{16}$/;
const HANDOVER = 'The other tab closed this incident: this tab now saves your changes.';

const counts = (page: Page) => page.getByText(/^\d+ sources · [\d,]+ events$/);
const saveStatus = (page: Page) => page.getByTestId('save-status');
const elsewhere = (p: Page) =>
  p.getByRole('alert').filter({ hasText: 'This incident is open in another tab.' });
const handover = (p: Page) => p.getByRole('alert').filter({ hasText: HANDOVER });
const manualKill = (page: Page) => page.locator('li[data-hypothesis="manual-or-automation-kill"]');

async function loadSample(page: Page): Promise<string> {
  await page.goto('/?sample=1');
  await expect(page.getByText(/^5 sources · [\d,]+ events$/)).toBeVisible();
  await expect(page).toHaveURL(INCIDENT_URL);
  await expect(saveStatus(page)).toHaveText('Saved');
  return (await counts(page).textContent()) ?? '';
}

async function openAnalysis(page: Page) {
  await page.getByRole('tab', { name: 'Analysis' }).click();
  await expect(page.getByRole('list', { name: 'Hypotheses, best first' })).toBeVisible();
}

/** Writes the note and clicks Reject: the rejection is in the store, its autosave not yet due. */
async function rejectWithNote(page: Page, note: string) {
  await openAnalysis(page);
  const manual = manualKill(page);
  await manual.locator(':scope > .an-node-head .an-toggle').click();
  const body = manual.locator(':scope > .an-node-body');
  await body.getByRole('textbox', { name: 'Note' }).fill(note);
  await body.getByRole('button', { name: 'Reject' }).click();
}

async function expectRejected(page: Page, note: string) {
  await openAnalysis(page);
  const manual = manualKill(page);
  await expect(manual.locator(':scope > .an-node-head').getByText('Rejected', { exact: true })).toBeVisible();
  await expect(manual.locator(':scope > .an-note')).toHaveText(`Your note: ${note}`);
}

async function pinWithNote(page: Page, note: string) {
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

async function expectPinNote(page: Page, note: string) {
  await page.getByRole('tab', { name: /^Key events/ }).click();
  const panel = page.getByRole('tabpanel', { name: 'Key events' });
  const items = panel.getByRole('list', { name: 'Pinned key events in time order' }).getByRole('listitem');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText('Killed process 2150');
  await expect(panel.getByRole('textbox', { name: 'Note' })).toHaveValue(note);
}

/** A second page of the context, watched like the fixture's own. */
async function secondPage(context: BrowserContext) {
  const page = await context.newPage();
  const problems = await watchPage(page, test.info().project.use.baseURL);
  return { page, problems };
}

/** Resolves with Date.now() in the page when the hand-over notice appears (the clock is the machine's). */
function whenHandedOver(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const seen = () => document.querySelector('.incident-handover') !== null;
        if (seen()) return resolve(Date.now());
        const mo = new MutationObserver(() => {
          if (!seen()) return;
          mo.disconnect();
          resolve(Date.now());
        });
        mo.observe(document.body, { childList: true, subtree: true });
      }),
  );
}

test('the owning tab closes: the follower takes the incident over by itself, with the owner’s last change, and saves its own', async ({
  page,
  context,
}) => {
  const header = await loadSample(page);
  const url = page.url();

  const { page: second, problems } = await secondPage(context);
  await second.goto(url);
  await expect(elsewhere(second)).toBeVisible();
  await expect(elsewhere(second)).toContainText(
    'When the other tab closes it, this tab takes it over by itself.',
  );
  await expect(counts(second)).toHaveText(header);
  await expect(saveStatus(second)).toHaveText('Read only');
  await screen(second, 'handover-second-tab-following');

  // The first tab's last change, then closed at once: within the 300 ms autosave debounce, so
  // only its pagehide write can keep it (the status read just before says it is not written yet).
  await rejectWithNote(page, REJECT_NOTE);
  const statusAtClose = await saveStatus(page).textContent();
  expect(statusAtClose).toBe('Saving…');
  const noticed = whenHandedOver(second);
  const closedAt = Date.now();
  await page.close({ runBeforeUnload: false });
  const handedOverAt = await noticed;
  console.log(
    `hand-over: notice ${handedOverAt - closedAt} ms after the owner's page was closed (its status then: ${statusAtClose})`,
  );
  expect(handedOverAt - closedAt).toBeLessThan(5000);

  await expect(handover(second)).toBeVisible();
  await expect(elsewhere(second)).toHaveCount(0);
  await expect(saveStatus(second)).toHaveText('Saved');
  await expectRejected(second, REJECT_NOTE);
  await manualKill(second).scrollIntoViewIfNeeded();
  await screen(second, 'handover-second-tab-owns-it');

  // Writable: its own change is saved.
  await pinWithNote(second, PIN_NOTE);
  await expect(saveStatus(second)).toHaveText('Saved');
  await second.waitForTimeout(1200);
  await expect(saveStatus(second)).toHaveText('Saved');

  await second.reload();
  await expect(second).toHaveURL(url);
  await expect(counts(second)).toHaveText(header);
  // It is the owner after the reload (nobody else has the incident), with both changes.
  await expect(elsewhere(second)).toHaveCount(0);
  await expectRejected(second, REJECT_NOTE);
  await expectPinNote(second, PIN_NOTE);
  await expect(saveStatus(second)).toHaveText('Saved');
  await manualKill(second).scrollIntoViewIfNeeded();
  await screen(second, 'handover-second-tab-after-reload');
  expect(problems).toEqual([]);
});

test('the owning tab’s renderer is killed: the browser releases its lock and the follower takes the incident over', async ({
  page,
  context,
}) => {
  await loadSample(page);
  const url = page.url();
  const { page: second, problems } = await secondPage(context);
  await second.goto(url);
  await expect(elsewhere(second)).toBeVisible();

  const noticed = whenHandedOver(second);
  const killedAt = Date.now();
  // Page.crash never answers (the renderer is gone): wait for the page's crash event instead.
  const cdp = await context.newCDPSession(page);
  const crashed = page.waitForEvent('crash');
  void cdp.send('Page.crash').catch(() => {});
  await crashed;
  const handedOverAt = await noticed;
  console.log(`hand-over: notice ${handedOverAt - killedAt} ms after the owner's renderer was killed`);
  await expect(handover(second)).toBeVisible();
  await expect(saveStatus(second)).toHaveText('Saved');
  await expect(elsewhere(second)).toHaveCount(0);
  expect(problems).toEqual([]);
});
