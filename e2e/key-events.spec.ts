// Journey (issue 4): the analyst pins the OOM kill and the shim disconnect of the sample incident;
// the Key events tab lists them and draws them with Mermaid (real Chromium render): the timeline of
// key events and the Gantt of the container's lifecycle, at their natural size (the sidebar box
// scrolls sideways) and, with Expand, in a dialog as large as the window. A note written like an
// attack (a Mermaid directive, an HTML tag with a handler, a click binding) is only ever text.
import type { Page } from '@playwright/test';
import { findRow, SCREENS, screen } from './helpers.ts';
import { expect, test } from './test.ts';

test.use({ viewport: { width: 1280, height: 800 } });

const HOSTILE = '%%{init: {"theme":"dark"}}%% <img src=x onerror=alert(1)> click A call alert()';

/** Searches, then clicks the one row of `source` with `text`: its detail opens. */
async function openRow(page: Page, search: string, source: string, text: string) {
  const row = await findRow(page, search, source, text);
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
  const ganttText = await drawnText(gantt);
  expect(ganttText).toContain('checkout');
  // The kill is told by journalctl -k (whole second) and dmesg (.544): one milestone, ×2.
  expect(ganttText.split('OOM-killed')).toHaveLength(2);
  expect(ganttText).toContain('OOM-killedpid2150(containerd-shim)×2');
  await expect(panel.getByText('Containers named by the pinned events.')).toBeVisible();

  // Both diagrams keep their natural size (labels at Mermaid's 16 px / 11 px, not shrunk to the
  // sidebar): the box scrolls sideways and says so.
  for (const figure of [timeline, gantt]) {
    const sizes = await figure
      .locator('.mermaid-diagram-svg')
      .first()
      .evaluate((box) => {
        const svg = box.querySelector('svg') as SVGSVGElement;
        return {
          drawn: svg.getBoundingClientRect().width,
          natural: Number.parseFloat(svg.getAttribute('width') ?? '0'),
          box: box.clientWidth,
          scroll: box.scrollWidth,
        };
      });
    expect(sizes.natural).toBeGreaterThan(sizes.box);
    expect(Math.abs(sizes.drawn - sizes.natural)).toBeLessThan(1);
    expect(sizes.scroll).toBeGreaterThan(sizes.box);
    await expect(
      figure.getByText('Drawn at full size: scroll sideways for the rest, or Expand.'),
    ).toBeVisible();
  }
  // Nothing in the timeline runs out of its box: every text is as narrow as its box (Mermaid
  // wraps at spaces only; the builder breaks longer words).
  const overflowing = await timeline.locator('svg .timeline-node').evaluateAll((nodes) =>
    nodes.flatMap((node) => {
      const text = node.querySelector('text') as SVGGraphicsElement | null;
      const box = node.querySelector('path, rect') as SVGGraphicsElement | null;
      if (!text || !box) return [];
      return text.getBBox().width > box.getBBox().width + 0.5 ? [text.textContent ?? ''] : [];
    }),
  );
  expect(overflowing).toEqual([]);
  await expect(timeline.locator('svg .timeline-node')).toHaveCount(2 + 1 + 2);
  const theme = await themeCss(timeline);
  await screen(page, 'key-events-diagrams');
  await timeline.screenshot({ path: `${SCREENS}/key-events-timeline-figure.png` });
  await gantt.screenshot({ path: `${SCREENS}/key-events-gantt-figure.png` });

  // Expand: the diagram as large as the window, in a modal dialog; Escape closes it, and focus
  // goes back to the button.
  for (const [figure, name] of [
    [timeline, 'Key events timeline'],
    [gantt, 'Container lifecycles'],
  ] as const) {
    const expand = figure.getByRole('button', { name: 'Expand' });
    await expand.click();
    const dialog = page.getByRole('dialog', { name });
    await expect(dialog).toBeVisible();
    const drawnLarge = dialog.getByRole('region', { name: `${name}, expanded` });
    await expect(drawnLarge.locator('svg')).toBeVisible();
    // Within the window, and the whole drawing in view (1280 px is wide enough for both).
    const box = await dialog.boundingBox();
    expect(box?.width).toBeGreaterThan(1100);
    expect(box?.height).toBeGreaterThan(650);
    const svgBox = await drawnLarge.locator('svg').boundingBox();
    expect(svgBox && box && svgBox.x >= box.x && svgBox.x + svgBox.width <= box.x + box.width).toBe(true);
    await screen(page, `key-events-expanded-${name === 'Container lifecycles' ? 'gantt' : 'timeline'}`);
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(expand).toBeFocused();
  }

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
  // Escaped, and its long words broken for the boxes ("onerror= alert(1)›").
  expect(code.replace(/ /g, '')).toContain('‹imgsrc=xonerror=alert(1)›');
  await screen(page, 'key-events-hostile-note');
  await timeline.screenshot({ path: `${SCREENS}/key-events-hostile-figure.png` });

  // A click on the drawn timeline runs nothing either.
  await timeline.locator('svg').first().click();
  expect(dialogs).toEqual([]);
});
