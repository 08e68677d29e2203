// Journey (issue 8): a trainee plays a bundled scenario (public/scenarios/shim-memcg-oom) end to
// end, twice. First well: the symptom only, the Analysis tab locked, the sources revealed step by
// step (a reload in the middle resumes the attempt), the key lines pinned in the Timeline, the
// alternatives ruled out with their lines, the right cause committed: the feedback says the
// cause is right, shows the evidence recall and a high score, and its export reaches the Document
// tab. Then badly: everything revealed at once, a wrong cause, nothing pinned: the feedback says
// wrong and what to strengthen.
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import type { ScenarioManifest } from '../src/core/training/model.ts';
import { findRow, screen } from './helpers.ts';
import { expect, test } from './test.ts';

const M = JSON.parse(
  readFileSync('public/scenarios/shim-memcg-oom/manifest.json', 'utf8'),
) as ScenarioManifest;
const LOCKED =
  'Hidden during the exercise: the analysis would give the answer away. Commit your answer to see it.';

const training = (page: Page) => page.getByRole('tabpanel', { name: 'Training' });

async function startScenario(page: Page) {
  await page.goto('/');
  await page.getByRole('tab', { name: 'Training' }).click();
  const card = training(page).getByRole('listitem', { name: M.title });
  await expect(card).toContainText(M.learningGoals[0]);
  await expect(card).toContainText(M.difficulty);
  await screen(page, 'training-00-list');
  await card.getByRole('button', { name: `Start: ${M.title}` }).click();
  await expect(training(page).getByRole('heading', { name: 'The incident so far' })).toBeVisible();
  await expect(training(page)).toContainText(M.symptom.text);
}

async function revealNext(page: Page, step: number) {
  await training(page).getByRole('button', { name: 'Reveal next' }).click();
  await expect(training(page)).toContainText(M.reveal[step].narrative);
  await expect(training(page).getByText(`Step ${step} of ${M.reveal.length - 1}`)).toBeVisible();
}

/** Pins the one row of `source` holding `text` (searched as `search`) in the Timeline, with p. */
async function pin(page: Page, search: string, source: string, text = search) {
  await page.getByRole('tab', { name: 'Timeline' }).click();
  const row = await findRow(page, search, source, text);
  await row.click();
  await page.keyboard.press('p');
  await expect(row.getByRole('img', { name: 'Pinned key event' })).toBeVisible();
  await page.keyboard.press('Escape');
}

async function ruleOut(page: Page, title: string, reason: string, cite?: string) {
  const panel = training(page);
  await panel.getByRole('button', { name: `Rule out: ${title}`, exact: true }).click();
  const form = panel.getByRole('form', { name: `Rule out: ${title}` });
  await form.getByRole('textbox', { name: 'Why is it ruled out?' }).fill(reason);
  if (cite) await form.getByRole('checkbox', { name: cite }).check();
  await form.getByRole('button', { name: 'Rule out' }).click();
  await expect(panel.getByRole('list', { name: 'Ruled out' })).toContainText(reason);
}

async function commit(page: Page, cause: string, steps: string[]) {
  const panel = training(page);
  await panel.getByRole('combobox', { name: 'The cause' }).selectOption(cause);
  for (const s of steps) await panel.getByRole('checkbox', { name: s }).check();
  await panel.getByRole('button', { name: 'Commit…' }).click();
  await expect(panel.getByText(/cannot be changed afterwards/)).toBeVisible();
  await panel.getByRole('button', { name: 'Confirm and grade' }).click();
}

const scoreOf = async (panel: Locator) => Number(await panel.locator('.tr-score-n').textContent());

test('training: a scenario played well, then badly; locked tabs, a reload mid-attempt, the export', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await startScenario(page);
  const panel = training(page);
  // A new incident named for the exercise.
  await expect(page.getByRole('banner')).toContainText(`Training: ${M.title}`);
  await screen(page, 'training-01-symptom');

  // The Analysis and Document tabs are locked while the attempt is open.
  await page.getByRole('tab', { name: 'Analysis' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Analysis' })).toContainText(LOCKED);
  await screen(page, 'training-02-analysis-locked');
  await page.getByRole('tab', { name: 'Document' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Document' })).toContainText(LOCKED);
  await page.getByRole('button', { name: 'Back to the exercise' }).click();

  await revealNext(page, 1);
  // What I would check next: a gap picked from the list, then a typed command.
  await panel.getByRole('combobox', { name: 'Pick from the gap list' }).selectOption({ index: 1 });
  await panel.getByRole('button', { name: 'Add to my checks' }).click();
  await panel
    .getByRole('textbox', { name: 'or type a command' })
    .fill('journalctl -u containerd --since 07:00');
  await panel.getByRole('button', { name: 'Add to my checks' }).click();
  await expect(panel.getByRole('list', { name: 'My checks' }).getByRole('listitem')).toHaveCount(2);
  await revealNext(page, 2);

  // A reload in the middle of the attempt resumes it: same step, same checks, still locked.
  await page.reload();
  await page.getByRole('tab', { name: 'Training' }).click();
  await expect(panel.getByText(`Step 2 of ${M.reveal.length - 1}`)).toBeVisible();
  await expect(panel.getByRole('list', { name: 'My checks' }).getByRole('listitem')).toHaveCount(2);
  await page.getByRole('tab', { name: 'Analysis' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Analysis' })).toContainText(LOCKED);
  await page.getByRole('tab', { name: 'Training' }).click();
  await revealNext(page, 3);
  await revealNext(page, 4);
  await expect(panel.getByRole('button', { name: 'Reveal next' })).toBeDisabled();
  await screen(page, 'training-03-revealed');

  // The key lines, pinned in the Timeline as usual.
  await pin(page, 'Killed process 2130', 'dmesg.txt', 'Memory cgroup out of memory: Killed process 2130');
  await pin(page, 'oom-kill:constraint=CONSTRAINT_MEMCG', 'dmesg.txt');
  await pin(page, 'level=info msg="shim disconnected" id=992a647c8d91', 'journalctl-containerd-kubelet.txt');
  await pin(page, '07:02:28.009998476Z', 'journalctl-containerd-kubelet.txt', 'cleaning up dead shim');
  await pin(page, '07:02:28.027005526Z', 'journalctl-containerd-kubelet.txt', 'exit_status:137');
  // The cgroup files are one record: the pin on it covers the oom line.
  await pin(page, 'memory.events:oom 1', 'memory-events.txt', 'memory.events of');
  await page.getByRole('searchbox', { name: 'Search the raw text of events' }).fill('');
  await page.getByRole('tab', { name: 'Training' }).click();
  await expect(panel.getByRole('list', { name: 'Pinned lines' }).getByRole('listitem')).toHaveCount(6);
  await expect(panel.getByRole('list', { name: 'Pinned lines' })).toContainText('dmesg.txt:291');

  // Rank: the memory cgroup first (it already is, in the fixed order), the host's OOM second.
  await ruleOut(
    page,
    'Node out of memory (global OOM killer)',
    'CONSTRAINT_MEMCG: the pod cgroup hit its limit, not the node',
    'dmesg.txt:290',
  );
  await panel
    .getByRole('button', { name: 'Branches of: Kernel OOM killer at a memory cgroup limit' })
    .click();
  await ruleOut(
    page,
    "The container's own process was the victim (its init or a child)",
    'The victim is pid 2130, containerd-shim',
    'dmesg.txt:291',
  );
  await ruleOut(
    page,
    'The kernel hung, locked up or panicked',
    'No hung task, lockup or panic in the kernel log',
  );
  await ruleOut(
    page,
    'Killed by a person, a script or automation (SIGKILL, userspace OOM killer, kubelet)',
    'The kernel OOM killer did it: dmesg.txt:291',
  );
  await panel
    .getByRole('heading', { name: 'Hypotheses' })
    .evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await screen(page, 'training-04-ready-to-commit');
  await commit(page, 'oom-kill-cgroup/shim', [
    'Read the kernel log around the death',
    "Read the memory events of the pod's cgroup",
    'Check which cgroup the shim runs in (and so who its memory is charged to)',
    "Check the container's metadata is intact (crictl inspect, ctr containers info, snapshots)",
  ]);

  // The feedback: cause right, the evidence recall, a high score.
  await expect(panel.getByText('Right', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(panel).toContainText(/Evidence recall 86 %/);
  expect(await scoreOf(panel)).toBeGreaterThanOrEqual(85);
  const dims = panel.getByRole('table', { name: 'How you did' });
  await expect(dims.getByRole('row')).toHaveCount(7);
  const refs = panel.getByRole('list', { name: 'Reference lines' });
  await expect(refs.getByText('found', { exact: true })).toHaveCount(6);
  await expect(refs.getByText('missed', { exact: true })).toHaveCount(1);
  await expect(panel).toContainText("Trainer's notes");
  await screen(page, 'training-05-feedback-right');
  await panel.getByRole('heading', { name: 'Evidence' }).scrollIntoViewIfNeeded();
  await panel
    .getByRole('heading', { name: 'Evidence' })
    .evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await screen(page, 'training-05b-feedback-evidence');
  await panel
    .getByRole('heading', { name: "Trainer's notes" })
    .evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await screen(page, 'training-05c-feedback-notes');

  // The missed reference line shows itself on the Timeline.
  await refs.getByRole('button', { name: `Show crictl-inspect.json:394 in the timeline` }).click();
  await expect(page.getByRole('tab', { name: 'Timeline' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('complementary', { name: 'Event detail' })).toContainText(
    'crictl-inspect.json',
  );
  await screen(page, 'training-06-reference-on-timeline');

  // After commit the Analysis tab is open again.
  await page.getByRole('tab', { name: 'Analysis' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Analysis' })).not.toContainText(LOCKED);

  // Export feedback: the training-feedback document on the Document tab.
  await page.getByRole('tab', { name: 'Training' }).click();
  await panel.getByRole('button', { name: 'Export feedback' }).click();
  const doc = page.getByRole('tabpanel', { name: 'Document' });
  await expect(page.getByRole('tab', { name: 'Document' })).toHaveAttribute('aria-selected', 'true');
  await expect(doc.getByRole('textbox', { name: 'Title' })).toHaveValue(`Training feedback: ${M.title}`, {
    timeout: 30_000,
  });
  await expect(doc).toContainText('How you did');
  await screen(page, 'training-07-feedback-document');

  // ---- Again, badly: everything at once, nothing pinned, the wrong cause.
  await page.getByRole('tab', { name: 'Training' }).click();
  await panel.getByRole('button', { name: 'Try again' }).click();
  await expect(panel.getByText(`Step 0 of ${M.reveal.length - 1}`)).toBeVisible();
  await panel.getByRole('button', { name: 'Reveal all' }).click();
  await expect(panel).toContainText(M.reveal[M.reveal.length - 1].narrative);
  await commit(page, 'disk-full', []);
  await expect(panel.getByText('Wrong', { exact: true })).toBeVisible({ timeout: 60_000 });
  expect(await scoreOf(panel)).toBeLessThan(30);
  const strengthen = await dims.locator('tbody tr td:nth-child(3)').allTextContents();
  expect(strengthen.filter((s) => s !== 'Nothing: keep doing this.').length).toBeGreaterThanOrEqual(3);
  await expect(dims.locator('tbody tr').first()).toContainText('Cause');
  await screen(page, 'training-08-feedback-wrong');
});
