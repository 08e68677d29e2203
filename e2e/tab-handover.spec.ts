// Journey (issue 7 part 2, the hand-over): two tabs of one profile on one incident. The first
// owns it, the second follows read-only. The first makes a change, saves it and is closed; the
// second, queued for the incident's Web Lock, gets it when the browser releases the closed page's
// locks: it says so in one sentence, shows the first tab's change, and saves its own. A reload of
// the second shows both. (A change closed within the 300 ms autosave delay rides on the pagehide
// write, which Chromium sometimes drops with the page: a CI run lost it once in ~10 runs. That is
// the "at most a second" the incident promises, so the journey waits for the save.)
// The hand-over time (the first page closed -> the notice in the second) is printed.
import type { Page } from '@playwright/test';
import { screen } from './helpers.ts';
import {
  counts,
  crashRenderer,
  expectPinNote,
  expectRejected,
  loadSample,
  manualKill,
  openElsewhere,
  openInSecondPage,
  pinWithNote,
  rejectWithNote,
  saved,
  saveStatus,
} from './incident-steps.ts';
import { expect, test } from './test.ts';

test.use({ viewport: { width: 1366, height: 900 } });

const PIN_NOTE = 'written by the second tab after the first closed';
const REJECT_NOTE = 'nobody ran kubectl (written by the first tab just before it closed)';
const HANDOVER = 'The other tab closed this incident: this tab now saves your changes.';

const handover = (p: Page) => p.getByRole('alert').filter({ hasText: HANDOVER });

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

  const { page: second, problems } = await openInSecondPage(context, url);
  await expect(openElsewhere(second)).toContainText(
    'When the other tab closes it, this tab takes it over by itself.',
  );
  await expect(counts(second)).toHaveText(header);
  await expect(saveStatus(second)).toHaveText('Read only');
  await screen(second, 'handover-second-tab-following');

  // The first tab's last change, saved (the follower shows each save read-only), then closed.
  await rejectWithNote(page, REJECT_NOTE);
  await saved(page);
  await expectRejected(second, REJECT_NOTE);
  const statusAtClose = await saveStatus(page).textContent();
  const noticed = whenHandedOver(second);
  const closedAt = Date.now();
  await page.close({ runBeforeUnload: false });
  const handedOverAt = await noticed;
  console.log(
    `hand-over: notice ${handedOverAt - closedAt} ms after the owner's page was closed (its status then: ${statusAtClose})`,
  );
  expect(handedOverAt - closedAt).toBeLessThan(5000);

  await expect(handover(second)).toBeVisible();
  await expect(openElsewhere(second)).toHaveCount(0);
  await expect(saveStatus(second)).toHaveText('Saved');
  await expectRejected(second, REJECT_NOTE);
  await manualKill(second).scrollIntoViewIfNeeded();
  await screen(second, 'handover-second-tab-owns-it');

  // Writable: its own change is saved.
  await pinWithNote(second, PIN_NOTE);
  await saved(second);

  await second.reload();
  await expect(second).toHaveURL(url);
  await expect(counts(second)).toHaveText(header);
  // It is the owner after the reload (nobody else has the incident), with both changes.
  await expect(openElsewhere(second)).toHaveCount(0);
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
  const { page: second, problems } = await openInSecondPage(context, url);

  const noticed = whenHandedOver(second);
  const killedAt = Date.now();
  await crashRenderer(page);
  const handedOverAt = await noticed;
  console.log(`hand-over: notice ${handedOverAt - killedAt} ms after the owner's renderer was killed`);
  await expect(handover(second)).toBeVisible();
  await expect(saveStatus(second)).toHaveText('Saved');
  await expect(openElsewhere(second)).toHaveCount(0);
  expect(problems).toEqual([]);
});
