// Journey (issue 4): the analyst pins the OOM kill and the shim disconnect of the sample incident;
// the Key events tab lists them and draws them with Mermaid (real Chromium render): the timeline of
// key events and the Gantt of the container's lifecycle. A note written like an attack
// (a Mermaid directive, an HTML tag with a handler, a click binding) is only ever text.
import type { Page } from '@playwright/test';
import { SCREENS, screen } from './helpers.ts';
import { expect, test } from './test.ts';

test.use({ viewport: { width: 1280, height: 800 } });

const HOSTILE = '%%{init: {"theme":"dark"}}%% <img src=x onerror=alert(1)> click A call alert()';

const grid = (page: Page) => page.getByRole('grid', { name: 'Merged timeline' });

/** Searches, then clicks the one row of `source` with `text`: its detail opens. */
async function openRow(page: Page, search: string, source: string, text: string) {
  await page.getByRole('searchbox', { name: 'Search the raw text of events' }).fill(search);
  const row = grid(page)
    .locator('tbody tr.grid-row')
    .filter({ has: page.getByRole('gridcell', { name: source, exact: true }) })
    .filter({ hasText: text });
  await expect(row).toHaveCount(1);
  await row.click();
  await expect(row).toHaveAttribute('aria-selected', 'true');
  return row;
}

/** The diagram's text as drawn, whitespace removed (Mermaid wraps labels into several tspans). */
async function drawnText(figure: ReturnType<Page['getByRole']>): Promise<string> {
  return ((await figure.locator('svg').first().textContent()) ?? '').replace(/\s+/g, '');
}

/** The CSS Mermaid wrote into the diagram for its theme, with the diagram's own id taken out. */
async function themeCss(figure: ReturnType<Page['getByRole']>): Promise<string> {
  return figure
    .locator('svg')
    .first()
    .evaluate((svg) => (svg.querySelector('style')?.textContent ?? '').split(svg.id).join('#'));
}

test('pinned key events are drawn as a Mermaid timeline and Gantt; a hostile note stays text', async ({
  page,
}) => {
  const dialogs: string[] = [];
  page.on('dialog', async (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss();
  });
  await page.goto('/?sample=1');
  await expect(page.getByText(/^5 sources · [\d,]+ events$/)).toBeVisible();

  // The OOM kill from dmesg, pinned with the detail pane's Key event button.
  await openRow(page, 'Killed process 2150', 'dmesg.txt', 'Memory cgroup out of memory: Killed process 2150');
  const detail = page.getByRole('complementary', { name: 'Event detail' });
  const keyEvent = detail.getByRole('button', { name: 'Key event' });
  await keyEvent.click();
  await expect(keyEvent).toHaveAttribute('aria-pressed', 'true');
  // containerd's shim disconnect, pinned with p on its row.
  const shim = await openRow(
    page,
    'shim disconnected',
    'journalctl-containerd-kubelet.txt',
    'msg="shim disconnected" id=afcf4efe97924f55',
  );
  await page.keyboard.press('p');
  await expect(shim.getByRole('img', { name: 'Pinned key event' })).toBeVisible();
  await page.keyboard.press('Escape');

  await page.getByRole('tab', { name: /^Key events/ }).click();
  const panel = page.getByRole('tabpanel', { name: 'Key events' });
  const items = panel.getByRole('list', { name: 'Pinned key events in time order' }).getByRole('listitem');
  await expect(items).toHaveCount(2);
  // In time order: containerd's line (whole second, 07:48:16.000), then dmesg's kill (07:48:16.5xx).
  await expect(items.nth(0)).toContainText('msg="shim disconnected"');
  await expect(items.nth(1)).toContainText('Killed process 2150');
  await expect(items.nth(1)).toContainText(/2025-11-24 07:48:16\.\d{3}/);
  await expect(items.nth(1)).toContainText('aligned');

  // The timeline: a real SVG from Mermaid, with both events and their second.
  const timeline = panel.getByRole('figure', { name: 'Key events timeline' });
  await expect(timeline).toHaveAttribute('aria-busy', 'false');
  await expect(timeline.getByRole('alert')).toHaveCount(0);
  await expect(timeline.locator('svg').first()).toBeVisible();
  const drawn = await drawnText(timeline);
  expect(drawn).toContain('Killedprocess2150');
  expect(drawn).toContain('shimdisconnected');
  expect(drawn).toContain('07∶48∶16');

  // The Gantt of the lifecycle of the container the pins name.
  const gantt = panel.getByRole('figure', { name: 'Container lifecycles' });
  await expect(gantt).toHaveAttribute('aria-busy', 'false');
  await expect(gantt.getByRole('alert')).toHaveCount(0);
  await expect(gantt.locator('svg').first()).toBeVisible();
  await expect(gantt.locator('svg rect').first()).toBeAttached();
  expect(await drawnText(gantt)).toContain('checkout');
  await expect(panel.getByText('Containers named by the pinned events.')).toBeVisible();
  const theme = await themeCss(timeline);
  await screen(page, 'key-events-diagrams');
  await timeline.screenshot({ path: `${SCREENS}/key-events-timeline-figure.png` });
  await gantt.screenshot({ path: `${SCREENS}/key-events-gantt-figure.png` });

  // A hostile note on the kill: the diagram shows it as text, runs nothing, loads nothing.
  const note = items.nth(1).getByRole('textbox', { name: 'Note' });
  await note.fill(HOSTILE);
  await expect(note).toHaveValue(HOSTILE);
  await expect
    .poll(() => drawnText(timeline), { message: 'the note drawn in the timeline' })
    .toContain('imgsrc=xonerror=alert(1)');
  await expect(timeline).toHaveAttribute('aria-busy', 'false');
  await expect(timeline.getByRole('alert')).toHaveCount(0);
  const text = await drawnText(timeline);
  expect(text).toContain('clickAcallalert()');
  expect(text).toContain('init');
  // Nothing of it became markup or a binding: no <img>, no handler, no link, anywhere.
  await expect(page.locator('img')).toHaveCount(0);
  await expect(page.locator('[onerror], [onclick], [onload]')).toHaveCount(0);
  await expect(timeline.locator('a, foreignObject img, script')).toHaveCount(0);
  // The directive was not honoured: the diagram's theme CSS is the one it had before the note.
  expect(await themeCss(timeline)).toBe(theme);
  // The Mermaid source shows the note escaped, for copying.
  await timeline.getByText('Mermaid source', { exact: true }).click();
  const source = timeline.locator('pre code');
  await expect(source).toBeVisible();
  const code = (await source.textContent()) ?? '';
  expect(code).not.toContain('%%');
  expect(code).not.toContain('<img');
  expect(code).toContain('‹img src=x onerror=alert(1)›');
  await screen(page, 'key-events-hostile-note');
  await timeline.screenshot({ path: `${SCREENS}/key-events-hostile-figure.png` });

  // A click on the drawn timeline runs nothing either.
  await timeline.locator('svg').first().click();
  expect(dialogs).toEqual([]);
});
