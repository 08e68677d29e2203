// Journey (a): an engineer pastes `dmesg -T` and `journalctl -o short-iso` output from a ticket
// through the clipboard, sees each format detected and one merged, time-ordered timeline.
import { readFileSync } from 'node:fs';
import { screen, timelineRows } from './helpers.ts';
import { expect, test } from './test.ts';

const DMESG_T = readFileSync(new URL('./fixtures/dmesg-T.txt', import.meta.url), 'utf8');
const JOURNAL = readFileSync(new URL('./fixtures/journalctl-short-iso.txt', import.meta.url), 'utf8');

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('pasted dmesg -T and journalctl output are detected and merged in time order', async ({ page }) => {
  await page.goto('/');
  const box = page.getByRole('textbox', { name: 'Paste command output' });
  for (const text of [`$ dmesg -T\n${DMESG_T}`, JOURNAL]) {
    await page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await box.click();
    await page.keyboard.press('ControlOrMeta+V');
    await expect(box).not.toHaveValue('');
    await page.getByRole('button', { name: 'Add paste' }).click();
    await expect(box).toHaveValue('');
  }

  const sources = page.getByRole('region', { name: 'Sources' });
  const first = sources.getByRole('listitem', { name: 'paste-1' });
  const second = sources.getByRole('listitem', { name: 'paste-2' });
  await expect(first.getByTestId('segment-format')).toHaveText('dmesg-ctime');
  await expect(first).toContainText('$ dmesg -T');
  await expect(second.getByTestId('segment-format')).toHaveText('journalctl-short-iso');
  await expect(page.getByText('12 events', { exact: true })).toBeVisible();

  const grid = page.getByRole('grid', { name: 'Merged timeline' });
  await expect(grid.locator('tbody tr.grid-row')).toHaveCount(12);
  const rows = await timelineRows(page);
  const times = rows.map((r) => r[0]);
  expect(times).toEqual([...times].sort());
  expect(times[0]).toBe('2025-11-26 09:58:12.000');
  // The two outputs interleave by time; within one second, the first paste comes first.
  expect(rows.map((r) => r[2])).toEqual([
    'paste-1',
    'paste-2',
    'paste-1',
    'paste-1',
    'paste-1',
    'paste-1',
    'paste-1',
    'paste-2',
    'paste-1',
    'paste-2',
    'paste-2',
    'paste-2',
  ]);
  expect(rows[6][5]).toContain('Memory cgroup out of memory: Killed process 41235 (java)');
  expect(rows[7][5]).toContain('TaskOOM event');
  // dmesg -T carries no zone, the short-iso journal does: the time quality says so.
  expect(rows[0][1]).toBe('inferred');
  expect(rows[1][1]).toBe('exact');
  await screen(page, 'paste-merged');

  // The containerd line's detail: its raw line read back from the paste, with its line number.
  await grid.locator('tbody tr.grid-row', { hasText: 'TaskOOM event' }).click();
  const pane = page.getByRole('complementary', { name: 'Event detail' });
  await expect(pane.getByRole('region', { name: 'Raw lines' })).toContainText(
    '2025-11-26T10:00:01+00:00 node-1 containerd[1012]',
  );
  await expect(pane.getByRole('region', { name: 'Raw lines' }).locator('th')).toHaveText(['2']);
  await screen(page, 'paste-detail');
});

test('a paste of several MB skips the text box and becomes a source directly', async ({ page }) => {
  await page.goto('/');
  const big = JOURNAL.repeat(Math.ceil(3_000_000 / JOURNAL.length));
  await page.evaluate((t) => navigator.clipboard.writeText(t), big);
  const box = page.getByRole('textbox', { name: 'Paste command output' });
  await box.click();
  await page.keyboard.press('ControlOrMeta+V');
  // The Sources panel's own status (the header also has a live region, for deleted incidents).
  await expect(page.getByRole('status').filter({ hasText: 'was too large for the text box' })).toContainText(
    'was too large for the text box: it was added directly as paste-1',
  );
  await expect(box).toHaveValue('');
  const card = page.getByRole('region', { name: 'Sources' }).getByRole('listitem', { name: 'paste-1' });
  await expect(card.getByTestId('segment-format')).toHaveText('journalctl-short-iso');
  // The text box is still there to type in.
  await box.fill('still usable');
  await expect(box).toHaveValue('still usable');
  await screen(page, 'paste-large');
});
