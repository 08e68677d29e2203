// Journey (issue 8 parts 4 and 5). A drill from a real incident: the sample is analysed, the
// analyst accepts the OOM hypothesis and saves the incident as a scenario; a .scenario.zip
// downloads (a zip, holding the analyst's conclusion as the reference and no real host name), and
// a fresh browser profile imports it from the Incidents dialog, where it is listed, and plays it
// in the Training tab: the symptom only (no source, the Analysis tab locked), every file revealed
// (redacted: node-1, never k8s-worker-21), the kernel's OOM kill line pinned, the cause ranked and
// committed, the feedback graded against the analyst's conclusion. Similar past incidents: the
// sample is loaded as one incident, then again as a second; the second's Analysis tab lists the
// first with what it concluded, and Open brings the first back.
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import type { ScenarioManifest } from '../src/core/training/model.ts';
import { decodeScenario } from '../src/core/training/scenario-bundle.ts';
import { findRow, screen } from './helpers.ts';
import { expect, freshPage, test } from './test.ts';

const SAMPLE = `Sample: ${(JSON.parse(readFileSync('public/sample/manifest.json', 'utf8')) as { title: string }).title}`;
const DRILL = 'Checkout went Unknown on k8s-worker-21';

const headerTitle = (page: Page) => page.getByRole('button', { name: /^Incident: / });
const saveStatus = (page: Page) => page.getByTestId('save-status');
const sourcesStatus = (page: Page) => page.locator('.header-status');
const analysis = (page: Page) => page.getByRole('tabpanel', { name: 'Analysis' });
const similarList = (page: Page) => analysis(page).getByRole('list', { name: 'Similar past incidents' });

async function openIncidents(page: Page): Promise<Locator> {
  await headerTitle(page).click();
  const dialog = page.getByRole('dialog', { name: 'Incidents' });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** The sample read in, its incident saved. */
async function loadSample(page: Page) {
  await expect(sourcesStatus(page)).toHaveText(/^5 sources · [\d,]+ events$/);
  await expect(saveStatus(page)).toHaveText('Saved');
}

/** The Analysis tab, its verdict weighed. */
async function showAnalysis(page: Page) {
  await page.getByRole('tab', { name: 'Analysis' }).click();
  await expect(analysis(page).locator('.an-verdict-box')).toContainText(
    'Kernel OOM killer at a memory cgroup limit',
  );
}

const incidentOf = (page: Page) => new URL(page.url()).searchParams.get('incident');

const LOCKED =
  'Hidden during the exercise: the analysis would give the answer away. Commit your answer to see it.';
const OOM_TITLE = 'Kernel OOM killer at a memory cgroup limit';
const KILL_LINE = 'Memory cgroup out of memory: Killed process 2150 (containerd-shim)';

/**
 * Plays the imported drill `m` in profile `page`, from the Training tab's list to its feedback:
 * the symptom only, everything revealed, the kernel's kill line pinned from its detail pane, the
 * analyst's cause ranked first and committed.
 */
async function playDrill(page: Page, m: ScenarioManifest) {
  const training = page.getByRole('tabpanel', { name: 'Training' });
  await page.getByRole('tab', { name: 'Training' }).click();
  const card = training
    .getByRole('list', { name: 'Scenarios kept in this browser' })
    .getByRole('listitem', { name: m.title });
  await expect(card).toContainText(`${m.reveal.length} steps · 5 sources · imported`);
  await card.getByRole('button', { name: `Start: ${m.title}` }).click();

  // The symptom only: no source read yet, nothing on the Timeline, the Analysis tab locked.
  // Opened at its top, though Start was low in the list: the symptom is what the trainee sees first.
  await expect(training.getByRole('heading', { name: 'The incident so far' })).toBeInViewport();
  await expect(page.getByRole('banner')).toContainText(`Training: ${m.title}`);
  await expect(training).toContainText(m.symptom.text);
  await expect(training.getByText(`Step 0 of ${m.reveal.length - 1}`)).toBeVisible();
  await expect(training.getByRole('list', { name: /^Files of step/ })).toHaveCount(0);
  await expect(sourcesStatus(page)).toHaveText('No sources yet');
  await screen(page, 'recall-drill-symptom');
  await page.getByRole('tab', { name: 'Analysis' }).click();
  await expect(analysis(page)).toContainText(LOCKED);
  await expect(analysis(page).locator('.an-verdict-box')).toHaveCount(0);
  await page.getByRole('button', { name: 'Back to the exercise' }).click();

  await training.getByRole('button', { name: 'Reveal all' }).click();
  await expect(training).toContainText(m.reveal[m.reveal.length - 1].narrative);
  await expect(training).toContainText('all revealed at once');
  await expect(sourcesStatus(page)).toHaveText(/^5 sources · [\d,]+ events$/);

  // The files are the redacted ones: the node is node-1 on every line, its real name nowhere.
  await page.getByRole('tab', { name: 'Timeline' }).click();
  const search = page.getByRole('searchbox', { name: 'Search the raw text of events' });
  await search.fill('k8s-worker-21');
  await expect(page.getByText('No event matches “k8s-worker-21”.')).toBeVisible();
  // The Timeline shows messages without their host; the raw line in the detail pane has it.
  const journalRow = await findRow(page, 'node-1 kernel: Memory cgroup', 'journalctl-k.txt', KILL_LINE);
  await journalRow.click();
  const detail = page.getByRole('complementary', { name: 'Event detail' });
  await expect(detail).toContainText(`Nov 24 07:48:16 node-1 kernel: ${KILL_LINE}`);
  await page.keyboard.press('Escape');
  await expect(detail).toBeHidden();

  // The kernel's OOM kill line, found by its text, opened and pinned from its detail pane.
  const row = await findRow(page, 'Killed process 2150', 'dmesg.txt', KILL_LINE);
  await row.click();
  await expect(detail).toContainText(`[ 3087.593612] ${KILL_LINE}`);
  const keyEvent = detail.getByRole('button', { name: 'Key event' });
  await expect(keyEvent).toHaveAttribute('aria-pressed', 'false');
  await keyEvent.click();
  await expect(keyEvent).toHaveAttribute('aria-pressed', 'true');
  await expect(row.getByRole('img', { name: 'Pinned key event' })).toBeVisible();
  await page.keyboard.press('Escape');
  await search.fill('');

  await page.getByRole('tab', { name: 'Training' }).click();
  const pinned = training.getByRole('list', { name: 'Pinned lines' }).getByRole('listitem');
  await expect(pinned).toHaveCount(1);
  await expect(pinned).toContainText('dmesg.txt:287');

  // Ranked: the host-wide OOM below the next alternative, the memory cgroup first.
  const ranking = training.getByRole('list', { name: 'My ranking' }).getByRole('listitem');
  await expect(ranking.first()).toContainText(OOM_TITLE);
  const second = (await ranking.nth(1).locator('.tr-rank-title').textContent()) ?? '';
  expect(second).not.toBe('');
  await training.getByRole('button', { name: `Move down: ${second}`, exact: true }).click();
  await expect(ranking.nth(2)).toContainText(second);
  await expect(ranking.first()).toContainText(OOM_TITLE);

  await training.getByRole('combobox', { name: 'The cause' }).selectOption(m.expected.cause);
  await training.getByRole('button', { name: 'Commit…' }).click();
  await expect(training.getByRole('status')).toContainText(
    `Commit “${OOM_TITLE}” with 1 pinned line, 0 ruled out`,
  );
  await training.getByRole('button', { name: 'Confirm and grade' }).click();
}

test('a finished analysis saved as a scenario downloads a .scenario.zip that a fresh profile imports and plays', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  await page.goto('/?sample=1');
  await loadSample(page);
  await showAnalysis(page);

  // The analyst's conclusion: the memory-cgroup OOM kill, accepted with a note.
  const oom = analysis(page).locator('li[data-hypothesis="oom-kill-cgroup"]');
  await oom.locator(':scope > .an-node-head .an-toggle').click();
  const body = oom.locator(':scope > .an-node-body');
  await body.getByRole('textbox', { name: 'Note' }).fill('The pod hit its memory limit on k8s-worker-21');
  await body.getByRole('button', { name: 'Accept' }).click();
  await expect(analysis(page).locator('.an-verdict-cause')).toContainText('by analyst');
  await expect(saveStatus(page)).toHaveText('Saved');

  // Nothing else here yet: no similar incident.
  await expect(
    analysis(page).getByText('No other incident or scenario in this browser has findings like these yet.'),
  ).toBeVisible();

  await analysis(page).getByRole('button', { name: 'Save as scenario…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save as scenario' });
  await expect(dialog.getByRole('textbox', { name: 'Title' })).toHaveValue(SAMPLE);
  await expect(dialog.getByRole('region', { name: 'What the scenario holds' })).toContainText(
    'The expected answer is what you accepted (Kernel OOM killer at a memory cgroup limit)',
  );
  await dialog.getByRole('textbox', { name: 'Title' }).fill(DRILL);
  await dialog.getByRole('combobox', { name: 'Difficulty' }).selectOption('intro');
  await screen(page, 'recall-save-dialog');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Save and download' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('checkout-went-unknown-on-node-1.scenario.zip');
  const zipPath = test.info().outputPath('drill.scenario.zip');
  await download.saveAs(zipPath);
  const bytes = new Uint8Array(readFileSync(zipPath));
  expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
  // The title is redacted with the files: the node's host name is node-1 everywhere.
  await expect(dialog.getByRole('status')).toContainText(
    'Saved “Checkout went Unknown on node-1” in this browser',
  );
  await screen(page, 'recall-saved');

  // What is inside: the analyst's conclusion as the reference, the sample's files, no real host.
  const pkg = await decodeScenario(bytes);
  expect(pkg.manifest.expected.cause).toBe('oom-kill-cgroup');
  expect(pkg.manifest.difficulty).toBe('intro');
  expect(Object.keys(pkg.files).sort()).toEqual([
    'crictl-inspect.json',
    'crictl-ps-a.txt',
    'dmesg.txt',
    'journalctl-containerd-kubelet.txt',
    'journalctl-k.txt',
  ]);
  expect(JSON.stringify(pkg)).not.toContain('k8s-worker-21');
  expect(Object.values(pkg.files).join('\n')).not.toContain('The pod hit its memory limit');
  expect(pkg.manifest.trainerNotes).toContain('The pod hit its memory limit on node-1');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // A fresh profile: the Incidents dialog imports it, and lists it.
  const fresh = await freshPage(browser, baseURL ?? '');
  const p2 = fresh.page;
  await p2.goto('/');
  await expect(headerTitle(p2)).toHaveAccessibleName('Incident: New incident');
  const d2 = await openIncidents(p2);
  const shelf = d2.getByRole('region', { name: /^Scenarios/ });
  await expect(shelf.getByText(/^None yet\./)).toBeVisible();
  const input = shelf.getByLabel('Scenario file to import');
  await expect(input).toHaveAttribute('accept', '.scenario.zip,.zip');

  // Not a scenario first: refused with its reason, nothing listed.
  await input.setInputFiles('docs/screenshot.png');
  await expect(shelf.getByRole('alert')).toHaveText(
    'screenshot.png was not imported. This is a PNG image, not an RCA Workbench scenario (.scenario.zip).',
  );
  await expect(shelf.getByRole('list', { name: 'Scenarios' })).toHaveCount(0);

  await input.setInputFiles(zipPath);
  await expect(shelf.getByRole('status')).toHaveText(
    'Imported the scenario “Checkout went Unknown on node-1”.',
  );
  await expect(shelf.getByRole('alert')).toHaveCount(0);
  const row = shelf.getByRole('listitem', { name: pkg.manifest.title });
  await expect(row).toContainText('intro · imported ·');
  await expect(row).toContainText('5 files');
  await expect(shelf.getByRole('heading', { name: 'Scenarios (1)' })).toBeVisible();
  await screen(p2, 'recall-imported');

  // Kept: a reload lists it again.
  await p2.reload();
  const d3 = await openIncidents(p2);
  await expect(
    d3.getByRole('region', { name: /^Scenarios/ }).getByRole('listitem', { name: pkg.manifest.title }),
  ).toBeVisible();
  await d3.getByRole('button', { name: 'Close' }).click();
  await expect(d3).toBeHidden();

  // Played: graded against what the analyst concluded, the pinned kill line counted.
  const playStart = Date.now();
  await playDrill(p2, pkg.manifest);
  const panel = p2.getByRole('tabpanel', { name: 'Training' });
  await expect(panel.getByText('Right', { exact: true })).toBeInViewport({ timeout: 60_000 });
  await expect(panel).toContainText(`Your answer: ${OOM_TITLE} · you ranked the expected cause #1`);
  await expect(panel).toContainText(/precision 100 % \(1 of 1 pins on a reference line\)/);
  const yourPins = panel.getByRole('list', { name: 'Your pins' }).getByRole('listitem');
  await expect(yourPins).toHaveCount(1);
  await expect(yourPins).toHaveText(/^dmesg\.txt:287 a reference line$/);
  // The reference line the pin is (the same kernel line may be keyed on journalctl -k, dmesg as `also`).
  const key = pkg.manifest.keyEvidence.find(
    (k) => `${k.file}:${k.line}` === 'dmesg.txt:287' || (k.also ?? []).includes('dmesg.txt:287'),
  );
  expect(key, 'the kill line is a reference line of the drill').toBeDefined();
  const refs = panel.getByRole('list', { name: 'Reference lines' });
  await expect(
    refs
      .getByRole('listitem')
      .filter({ hasText: `${key?.file}:${key?.line}` })
      .getByText('found', { exact: true }),
  ).toBeVisible();
  await expect(refs.getByText('found', { exact: true })).toHaveCount(1);
  await expect(refs.getByRole('listitem')).toHaveCount(pkg.manifest.keyEvidence.length);
  const dims = panel.getByRole('table', { name: 'How you did' });
  await expect(dims.getByRole('columnheader')).toHaveText(['Dimension', 'How you did', 'What to strengthen']);
  await expect(dims.locator('tbody tr').first()).toContainText('Cause');
  await expect(dims.locator('tbody tr').filter({ hasText: 'Evidence' })).toHaveCount(1);
  // The trainer's notes are the analyst's, redacted like the files.
  await expect(panel).toContainText('The pod hit its memory limit on node-1');
  await expect(panel).not.toContainText('k8s-worker-21');
  await screen(p2, 'recall-drill-feedback');
  await panel
    .getByRole('heading', { name: 'Evidence' })
    .evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await screen(p2, 'recall-drill-feedback-evidence');
  test.info().annotations.push({ type: 'drill-play-ms', description: String(Date.now() - playStart) });

  await fresh.context.close();
  expect(fresh.problems, 'console errors, failed or external requests in the fresh profile').toEqual([]);
});

test('a second incident from the same files lists the first as similar, with its verdict, and opens it', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto('/?sample=1');
  await loadSample(page);
  await showAnalysis(page);
  const first = incidentOf(page);
  expect(first).toMatch(/^inc-[0-9a-f]{16}$/);
  // A second incident from the same files, started at once: the first keeps its findings'
  // signature all the same (written when it is left, if the analysis had not settled yet).
  let dialog = await openIncidents(page);
  await dialog.getByRole('button', { name: 'New incident' }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('tab', { name: 'Timeline' }).click();
  await page.getByRole('main').getByRole('button', { name: 'Load sample incident' }).click();
  await loadSample(page);
  const second = incidentOf(page);
  expect(second).toMatch(/^inc-[0-9a-f]{16}$/);
  expect(second).not.toBe(first);

  // The incidents search finds the first by what its analysis found, not by its title.
  dialog = await openIncidents(page);
  await dialog.getByRole('searchbox', { name: 'Search by title, tag or finding' }).fill('rule:kernel.oom');
  await expect(dialog.locator('.incidents-body')).toHaveAttribute('aria-busy', 'false');
  await expect(dialog.locator('.incidents-count')).toHaveText('2 matches');
  await dialog.getByRole('button', { name: 'Close' }).click();

  await showAnalysis(page);
  const item = similarList(page).getByRole('listitem');
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAccessibleName(SAMPLE);
  await expect(item).toContainText('Concluded: Kernel OOM killer at a memory cgroup limit, by the engine');
  await expect(item).toContainText('100% similar');
  await screen(page, 'recall-similar');

  await item.getByRole('button', { name: `Open ${SAMPLE}` }).click();
  await expect.poll(() => incidentOf(page)).toBe(first);
  await loadSample(page);
  // From the first, the second is the similar one.
  await showAnalysis(page);
  await expect(similarList(page).getByRole('listitem')).toHaveCount(1);
  dialog = await openIncidents(page);
  await expect(dialog.getByRole('list', { name: 'Incidents' }).getByRole('listitem')).toHaveCount(2);
  await screen(page, 'recall-opened-first');
});
