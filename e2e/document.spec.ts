// Journey (issue 6): the sample becomes a shim-crash RCA. Pick the template, fill it from the
// analysis: the preview shows the verdict, the Mermaid timeline drawn as SVG and footnotes; a
// footnote leads to its line in the timeline; the redaction replaces the node's name, and the
// Markdown and HTML downloads carry the pseudonym (the HTML: inline SVG, no script, looked at in
// the browser); a reload keeps the draft (it reopens the saved incident, sources and all).
import { readFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import { SCREENS, screen } from './helpers.ts';
import { expect, test } from './test.ts';

test.use({ viewport: { width: 1440, height: 900 } });

async function openDocument(page: Page) {
  await page.getByRole('tab', { name: 'Document' }).click();
  await expect(page.getByLabel('Template', { exact: true })).toBeVisible();
}

async function textOf(download: Download): Promise<string> {
  const path = await download.path();
  return readFileSync(path, 'utf8');
}

test('the sample as a shim-crash RCA: fill, footnote to the timeline, redact, export, reload', async ({
  page,
}) => {
  const dialogs: string[] = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await page.goto('/?sample=1');
  await expect(page.getByText(/^5 sources · [\d,]+ events$/)).toBeVisible();
  await page.getByRole('tab', { name: 'Analysis' }).click();
  await expect(page.getByRole('list', { name: 'Hypotheses, best first' })).toBeVisible();

  await openDocument(page);
  const panel = page.getByRole('tabpanel', { name: 'Document' });
  await panel.getByLabel('Template', { exact: true }).selectOption('shim-crash-rca');
  const fill = panel.getByRole('button', { name: 'Fill from the analysis' });
  await expect(fill).toBeEnabled();
  await fill.click();

  const preview = panel.getByRole('article', { name: 'Document preview' });
  const verdict = panel.locator('fieldset[data-field="verdict"] input');
  await expect(verdict).not.toHaveValue('');
  const verdictText = await verdict.inputValue();
  expect(verdictText).toMatch(/OOM|out of memory/i);
  await expect(preview).toContainText(verdictText);
  // Diagrams drawn by Mermaid as SVG (the key-events timeline among them).
  const drawn = preview.locator('.mermaid-diagram-svg svg');
  await expect(drawn.first()).toBeVisible();
  expect(await drawn.count()).toBeGreaterThanOrEqual(1);
  await expect(preview.locator('.mermaid-diagram-error')).toHaveCount(0);
  // Footnotes: references and their definitions naming file:line.
  const refs = preview.locator('a.doc-fnref');
  expect(await refs.count()).toBeGreaterThan(0);
  await expect(preview.locator('section.footnotes')).toContainText(/\.txt:\d+/);
  await expect(panel.getByRole('navigation', { name: 'Contents' })).toBeVisible();
  await screen(page, 'document-filled');
  await drawn.first().scrollIntoViewIfNeeded();
  await screen(page, 'document-diagram');
  await preview.locator('section.footnotes').scrollIntoViewIfNeeded();
  await screen(page, 'document-footnotes');

  // A footnote: the Timeline tab with that line selected.
  const first = refs.first();
  const title = (await first.getAttribute('title')) ?? '';
  const lineId = title.replace(/ — .*$/, '');
  expect(lineId).toMatch(/\.txt:\d+$/);
  await first.click();
  await expect(page.getByRole('tab', { name: 'Timeline' })).toHaveAttribute('aria-selected', 'true');
  const detail = page.getByRole('complementary', { name: 'Event detail' });
  await expect(detail).toBeVisible();
  const [file, line] = [lineId.replace(/:\d+$/, ''), lineId.replace(/^.*:/, '')];
  await expect(detail).toContainText(`${file}, line ${line}`);
  await screen(page, 'document-footnote-timeline');

  // Back to the document: the draft is where it was.
  await openDocument(page);
  await expect(verdict).toHaveValue(verdictText);

  // Redaction: the node's name becomes node-1.
  await panel.getByRole('button', { name: 'Redact & export' }).click();
  const host = panel.getByRole('row').filter({ hasText: 'k8s-worker-21' });
  await expect(host.first()).toContainText('node-1');
  await expect(panel.getByRole('checkbox', { name: 'Redact k8s-worker-21' })).toBeChecked();
  const redacted = panel.getByRole('article', { name: 'Redacted document as exported' });
  await expect(redacted).not.toContainText('k8s-worker-21');
  await expect(redacted).toContainText('node-1');
  await screen(page, 'document-redaction');

  // Markdown: the pseudonym, never the real name.
  const [md] = await Promise.all([
    page.waitForEvent('download'),
    panel.getByRole('button', { name: 'Markdown', exact: true }).click(),
  ]);
  expect(md.suggestedFilename()).toMatch(/\.md$/);
  const mdText = await textOf(md);
  expect(mdText).toContain('node-1');
  expect(mdText).not.toContain('k8s-worker-21');
  expect(mdText).toMatch(/^---\n[\s\S]*template[\s\S]*---/);

  // HTML: one file, diagrams as inline SVG, no script; opened in the browser and looked at.
  const [html] = await Promise.all([
    page.waitForEvent('download'),
    panel.getByRole('button', { name: 'HTML', exact: true }).click(),
  ]);
  expect(html.suggestedFilename()).toMatch(/\.html$/);
  const htmlText = await textOf(html);
  expect(htmlText).toContain('<svg');
  expect(htmlText).not.toMatch(/<script/i);
  expect(htmlText).not.toContain('k8s-worker-21');
  const viewer = await page.context().newPage();
  await viewer.setContent(htmlText);
  await expect(viewer.locator('svg').first()).toBeVisible();
  await viewer.screenshot({ path: `${SCREENS}/document-export-html.png`, fullPage: true });
  await viewer.close();

  // A reload keeps the draft (and the template on screen): the URL names the saved incident,
  // which the reload reopens.
  await expect(page).toHaveURL(/\?incident=inc-[0-9a-f]{16}$/);
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
  await page.reload();
  await expect(page.getByText(/^5 sources · [\d,]+ events$/)).toBeVisible();
  await openDocument(page);
  await expect(panel.getByLabel('Template', { exact: true })).toHaveValue('shim-crash-rca');
  await expect(verdict).toHaveValue(verdictText);
  await expect(panel.getByRole('article', { name: 'Document preview' })).toContainText(verdictText);
  await screen(page, 'document-reloaded');
  expect(dialogs).toEqual([]);
});
