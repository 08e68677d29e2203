// Journey (issue 3): an engineer pastes a whole incident ticket - prose, a shell session with
// prompts, a syslog excerpt, a `ctr tasks ls` table and a 2015 `kubectl describe pod`, separated
// by Markdown code fences - and sees every segment detected, the events merged into one timeline,
// and what a containerd message means (the second pass over messages) in the event's detail.
import { readFileSync } from 'node:fs';
import { screen, timelineRows } from './helpers.ts';
import { expect, test } from './test.ts';

const TICKET = readFileSync(new URL('./fixtures/messy-ticket.md', import.meta.url), 'utf8');

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('a messy multi-tool ticket is split, detected per segment and merged', async ({ page }) => {
  await page.goto('/');
  const box = page.getByRole('textbox', { name: 'Paste command output' });
  await page.evaluate((t) => navigator.clipboard.writeText(t), TICKET);
  await box.click();
  await page.keyboard.press('ControlOrMeta+V');
  await expect(box).not.toHaveValue('');
  await page.getByRole('button', { name: 'Add paste' }).click();
  await expect(box).toHaveValue('');

  const card = page.getByRole('region', { name: 'Sources' }).getByRole('listitem', { name: 'paste-1' });
  // Prose and command output are free text; each tool's output is its own format.
  await expect(card.getByTestId('segment-format')).toHaveText([
    'text',
    'text',
    'text',
    'text',
    'text',
    'syslog-rfc3164',
    'text',
    'ctr-tasks',
    'text',
    'kubectl-describe-pod',
  ]);
  await expect(card).toContainText('$ ctr --namespace k8s.io task ls');
  await expect(card).toContainText('$ ./cluster/kubectl.sh describe pod simmemleak-hra99');
  await expect(card).not.toContainText('Unparsed lines');
  await expect(page.getByText('34 events', { exact: true })).toBeVisible();

  // One timeline: the kubectl events of 2015 (exact, zoned) before the year-less syslog lines,
  // untimed rows (free text, the ctr table) after the timed ones.
  const rows = await timelineRows(page);
  const timed = rows.filter((r) => /^\d{4}-/.test(r[0]));
  expect(timed.map((r) => r[0])).toEqual(timed.map((r) => r[0]).sort());
  expect(timed).toHaveLength(9);
  expect(timed[0][0]).toMatch(/^2015-07-07 /);
  expect(timed[0][5]).toContain('scheduled');
  expect(timed[2][1]).toBe('inferred'); // syslog: no year, no zone
  await screen(page, 'messy-ticket');

  // What containerd's message says, read into fields and entities.
  const grid = page.getByRole('grid', { name: 'Merged timeline' });
  await grid.locator('tbody tr.grid-row', { hasText: 'msg="shim disconnected"' }).click();
  const pane = page.getByRole('complementary', { name: 'Event detail' });
  const fields = pane.getByRole('table', { name: 'Fields' });
  await expect(fields.getByRole('row', { name: /^what/ })).toContainText('shim-disconnected');
  await expect(fields.getByRole('row', { name: /^writer/ })).toContainText('containerd');
  await expect(pane.getByRole('list', { name: 'Entities' })).toContainText(
    '0184e59d441d128ad8421bfe46d4bd8fc8ffc1e8758fa61cd58f6db1f990f4ca',
  );
  await expect(pane.getByRole('region', { name: 'Raw lines' })).toContainText(
    'DOCKER-HOST1 containerd[1709]',
  );
  await screen(page, 'messy-ticket-detail');

  // The ctr row: a task ctr still lists as UNKNOWN, with no pid. It sits in the untimed group at
  // the foot of the table, out of sight (the table renders only the rows in view): looked for as
  // one would, with the search box ("/").
  await page.keyboard.press('Escape');
  await expect(pane).toBeHidden();
  await page.keyboard.press('/');
  const search = page.getByRole('searchbox', { name: 'Search the raw text of events' });
  await expect(search).toBeFocused();
  await page.keyboard.type('UNKNOWN');
  await expect(page.getByRole('status').filter({ hasText: /^[\d,]+ of [\d,]+ events/ })).toHaveText(
    '1 of 34 events',
  );
  await grid.locator('tbody tr.grid-row', { hasText: 'UNKNOWN' }).click();
  await expect(fields.getByRole('row', { name: /^status/ })).toContainText('UNKNOWN');
  await expect(pane.getByRole('region', { name: 'Raw lines' })).toContainText(
    'a65fba91b40e4cbd79a3443b5c898a6f93d77a94d01eb052981ce652710c94a9',
  );
});
