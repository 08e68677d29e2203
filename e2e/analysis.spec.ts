// Journey (issue 5): the Analysis tab on the bundled sample. The cgroup OOM kill is ranked first
// and supported; its evidence links to the kernel line in the timeline, whose detail leads back
// to the hypothesis; a branch rejected with a note stays rejected, note and all, after a reload
// (the reload reopens the saved incident: its sources are read back from IndexedDB).
// The tree is also drawn as a Mermaid flowchart (real Chromium render).
import type { Locator, Page } from '@playwright/test';
import { SCREENS, screen } from './helpers.ts';
import { expect, test } from './test.ts';

test.use({ viewport: { width: 1366, height: 900 } });

const NOTE = 'No kubectl delete or kill in the audit log; <b>nobody</b> touched the node';

/** The tree item of a hypothesis by its id (the panel tags each item with it). */
function hypothesis(page: Page, id: string): Locator {
  return page.locator(`li[data-hypothesis="${id}"]`);
}

/** The disclosure button of a hypothesis item (its own, not a child's). */
function toggleOf(item: Locator): Locator {
  return item.locator(':scope > .an-node-head .an-toggle');
}

async function openAnalysis(page: Page) {
  await page.getByRole('tab', { name: 'Analysis' }).click();
  await expect(page.getByRole('list', { name: 'Hypotheses, best first' })).toBeVisible();
}

test('the sample: OOM ranked first with its evidence, a line in the timeline and back, a rejection kept', async ({
  page,
}) => {
  const dialogs: string[] = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await page.goto('/?sample=1');
  await expect(page.getByText(/^5 sources · [\d,]+ events$/)).toBeVisible();
  await openAnalysis(page);
  const panel = page.getByRole('tabpanel', { name: 'Analysis' });

  // The verdict: the cgroup OOM kill, decided by the engine.
  const verdict = panel.getByRole('region', { name: 'Verdict' });
  await expect(verdict).toContainText('confidence 0.9');
  await expect(verdict).not.toContainText('by analyst');
  await expect(panel.getByRole('region', { name: /^Symptoms/ })).toContainText('shim afcf4efe9792 died');

  // Ranked first and supported.
  const tree = panel.getByRole('list', { name: 'Hypotheses, best first' });
  const first = tree.locator(':scope > li').first();
  await expect(first).toHaveAttribute('data-hypothesis', 'oom-kill-cgroup');
  await expect(first.locator(':scope > .an-node-head .an-badge').first()).toHaveText('Supported');
  await screen(page, 'analysis-tree');

  // Expanded: its evidence, each with the lines it rests on.
  const toggle = toggleOf(first);
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const title = (await toggle.textContent()) ?? '';
  const evidence = first.getByRole('region', { name: `Evidence for ${title}` });
  const killLine = evidence.getByRole('button', { name: /^(dmesg|journalctl-k)\.txt:287$/ }).first();
  await expect(killLine).toBeVisible();
  // The child: the shim itself was killed, supported too.
  await expect(hypothesis(page, 'oom-kill-cgroup/shim')).toContainText('Supported');
  await screen(page, 'analysis-expanded');
  await first.screenshot({ path: `${SCREENS}/analysis-oom-node.png` });

  // The line in the timeline: the Timeline tab, the kernel line selected and shown.
  const lineId = (await killLine.textContent()) ?? '';
  const source = lineId.replace(/:287$/, '');
  await killLine.click();
  await expect(page.getByRole('tab', { name: 'Timeline' })).toHaveAttribute('aria-selected', 'true');
  const detail = page.getByRole('complementary', { name: 'Event detail' });
  await expect(detail).toBeVisible();
  await expect(detail).toContainText(`${source}, line 287`);
  await expect(detail.getByRole('region', { name: 'Raw lines' })).toContainText(
    'Memory cgroup out of memory: Killed process 2150 (containerd-shim)',
  );
  // The table scrolled to the line too (it is ~300 rows down in the sample), marked selected.
  const row = page.locator(`[data-event-id="${lineId}"]`);
  await expect(row).toBeInViewport();
  await expect(row).toHaveAttribute('aria-selected', 'true');
  await screen(page, 'analysis-line-in-timeline');

  // And back: the detail pane names the hypotheses resting on this line.
  const back = detail.getByRole('button', { name: `Show in analysis: ${title}` });
  await expect(back).toBeVisible();
  await back.click();
  await expect(page.getByRole('tab', { name: 'Analysis' })).toHaveAttribute('aria-selected', 'true');
  await expect(toggle).toBeFocused();
  await expect(toggle).toBeInViewport();

  // Reject the manual-or-automation branch with a note.
  const manual = hypothesis(page, 'manual-or-automation-kill');
  const engineVerdict = await manual
    .locator(':scope > .an-node-head .an-verdict-unlikely, :scope > .an-node-head .an-verdict-refuted')
    .textContent();
  await toggleOf(manual).click();
  const body = manual.locator(':scope > .an-node-body');
  await body.getByRole('textbox', { name: 'Note' }).fill(NOTE);
  await body.getByRole('button', { name: 'Reject' }).click();
  const marks = manual.locator(':scope > .an-node-head');
  await expect(marks.getByText('Rejected', { exact: true })).toBeVisible();
  // The engine's verdict stays beside the analyst's.
  await expect(marks.getByText(engineVerdict ?? '', { exact: true })).toBeVisible();
  await expect(manual.locator(':scope > .an-note')).toHaveText(`Your note: ${NOTE}`);
  // The flowchart: drawn by Mermaid, the rejected branch in it.
  const figure = panel.getByRole('figure', { name: 'Hypothesis tree as a flowchart' });
  await figure.scrollIntoViewIfNeeded();
  await expect(figure).toHaveAttribute('aria-busy', 'false');
  await expect(figure.getByRole('alert')).toHaveCount(0);
  await expect(figure.locator('svg').first()).toBeVisible();
  await expect
    .poll(async () => ((await figure.locator('svg').first().textContent()) ?? '').replace(/\s+/g, ''))
    .toContain('REJECTEDbytheanalyst');
  await screen(page, 'analysis-flowchart');
  await manual.scrollIntoViewIfNeeded();
  await screen(page, 'analysis-rejected');

  // After a reload: still rejected, with the note; the overall verdict did not move. The URL
  // names the incident, so the reload reopens it (the sample is not loaded a second time).
  await expect(page).toHaveURL(/\?incident=inc-[0-9a-f]{16}$/);
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
  await page.reload();
  await expect(page.getByText(/^5 sources · [\d,]+ events$/)).toBeVisible();
  await openAnalysis(page);
  const again = hypothesis(page, 'manual-or-automation-kill');
  await expect(again.locator(':scope > .an-node-head').getByText('Rejected', { exact: true })).toBeVisible();
  await expect(again.locator(':scope > .an-note')).toHaveText(`Your note: ${NOTE}`);
  await toggleOf(again).click();
  const body2 = again.locator(':scope > .an-node-body');
  await expect(body2.getByRole('textbox', { name: 'Note' })).toHaveValue(NOTE);
  await expect(body2.getByRole('button', { name: 'Reject' })).toHaveAttribute('aria-pressed', 'true');
  await expect(tree.locator(':scope > li').first()).toHaveAttribute('data-hypothesis', 'oom-kill-cgroup');
  // The note's markup is text: no <b> element anywhere.
  await expect(page.locator('.analysis b')).toHaveCount(0);
  await screen(page, 'analysis-after-reload');
  await page.emulateMedia({ colorScheme: 'dark' });
  await again.scrollIntoViewIfNeeded();
  await screen(page, 'analysis-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // Name a symptom the inputs do not show: listed, marked as named by the analyst, weighed with
  // the rest (the sample's death stays ranked first), kept after a reload, removable.
  const symptoms = panel.getByRole('region', { name: /^Symptoms/ });
  await symptoms.scrollIntoViewIfNeeded();
  const items = symptoms.locator('.an-symptom-list > li');
  const detected = await items.count();
  await symptoms.getByRole('button', { name: 'Name a symptom' }).click();
  const form = symptoms.getByRole('form', { name: 'Name a symptom' });
  await form.getByRole('combobox', { name: 'Kind' }).selectOption({ label: 'container Unknown' });
  await form.getByRole('textbox', { name: 'What you saw' }).fill('checkout pod hangs');
  await form.getByRole('textbox', { name: 'Container' }).fill('7fc23ca64dfc');
  await form.getByRole('textbox', { name: 'Pod' }).fill('payments/checkout-tkv49ntw2-qc86p');
  await form.getByRole('textbox', { name: 'Time' }).fill('2025-11-24T07:48:16Z');
  await page.locator('.an-head').screenshot({ path: `${SCREENS}/analysis-symptom-form.png` });
  await form.getByRole('button', { name: 'Add symptom' }).click();
  const named = items.filter({ hasText: 'checkout pod hangs' });
  await expect(named).toContainText('named by you');
  await expect(named).toContainText('2025-11-24 07:48:16.000Z');
  await expect(items).toHaveCount(detected + 1);
  await expect(items.filter({ hasText: 'named by you' })).toHaveCount(1);
  await expect(tree.locator(':scope > li').first()).toHaveAttribute('data-hypothesis', 'oom-kill-cgroup');
  await page.locator('.an-head').screenshot({ path: `${SCREENS}/analysis-named-symptom.png` });
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
  await page.reload();
  await expect(page.getByText(/^5 sources · [\d,]+ events$/)).toBeVisible();
  await openAnalysis(page);
  await expect(named).toContainText('named by you');
  await named.getByRole('button', { name: 'Remove the symptom checkout pod hangs' }).click();
  await expect(named).toHaveCount(0);
  await expect(items).toHaveCount(detected);
  expect(dialogs).toEqual([]);
});
