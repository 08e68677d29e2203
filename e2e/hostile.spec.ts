// Hostile input never runs (issue 7 part 6), journey 1: the hostile incident. The bundled sample
// with its pod, namespace and containers renamed to payloads and the corpus' payloads in journal,
// kernel and containerd lines, a crictl table and a crictl inspect JSON (e2e/fixtures/hostile/,
// built by test/hostile/fixtures.ts), the journal loaded under a file name that is a payload too.
// Walked through the timeline, the detail pane, pinned key events with hostile notes and their
// Mermaid diagrams, the analysis (a rejection note, an own hypothesis, a named symptom, the
// flowchart), a document with payloads typed into its title, fields and a free section (its
// preview and diagrams), and every export and copy, each opened in a page of its own.
// After each step: no dialog, window.__pwned still false, nothing active in the DOM
// (e2e/hostile-checks.ts); e2e/test.ts also fails the journey on a CSP violation, a console error
// or a request leaving the origin.
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { parse as parseYaml } from 'yaml';
import { markdownToHtml } from '../src/core/report/export/index.ts';
import { PAYLOADS, payload, VERBATIM } from '../test/hostile/corpus.ts';
import { JOURNAL_FILE_NAME, RENAMED } from '../test/hostile/fixtures.ts';
import { screen } from './helpers.ts';
import {
  expectHtmlInert,
  expectInert,
  expectXmlInert,
  textOf,
  watchForPayloads,
  withoutCsp,
} from './hostile-checks.ts';
import { expect, test } from './test.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/hostile/${name}`, import.meta.url));
const FILES = [
  { name: JOURNAL_FILE_NAME, mimeType: 'text/plain', buffer: fixture('journal.txt') },
  { name: 'dmesg.txt', mimeType: 'text/plain', buffer: fixture('dmesg.txt') },
  { name: 'containerd.log', mimeType: 'text/plain', buffer: fixture('containerd.log') },
  { name: 'crictl-ps-a.txt', mimeType: 'text/plain', buffer: fixture('crictl-ps-a.txt') },
  { name: 'crictl-inspect.json', mimeType: 'application/json', buffer: fixture('crictl-inspect.json') },
  {
    name: 'journalctl-k.txt',
    mimeType: 'text/plain',
    buffer: readFileSync(new URL('../public/sample/journalctl-k.txt', import.meta.url)),
  },
];

// What the analyst types: a mix of payloads per place.
const NOTE = `${payload('img-onerror-flag')} ${payload('mermaid-init')} ${payload('mermaid-click-call')} ${payload('bidi-override')}`;
const REJECT_NOTE = `${payload('script-flag')} ${payload('md-link-js')} ${payload('liquid-output')}`;
const OWN_TITLE = `${payload('svg-onload-flag')} ${payload('a-href-js')}`;
const SYMPTOM = `${payload('details-ontoggle')} ${payload('iframe-srcdoc')}`;
const TITLE = `${payload('script')} ${payload('cdata-end')} ${payload('yaml-scalar')}`;
const INCIDENT = `${payload('img-onerror')} ${payload('csv-formula')} ${payload('liquid-include')}`;
// The analyst's own Markdown (printed as written; the preview and every export sanitize it),
// with a Mermaid diagram that tries a directive and click bindings.
const NOTES_MD = `${payload('html-block')}\n\n${payload('md-image')} ${payload('md-autolink-js')}\n\n${payload('md-reference-link')}`;
const SECTION_TITLE = `${payload('front-matter').replace(/\n/g, ' ')} ${payload('separators')}`;
const SECTION_MD = `${payload('entities')} ${payload('svg-script')}

\`\`\`mermaid
${payload('mermaid-init')}
flowchart LR
  A["${payload('img-onerror')} A"] --> B
  ${payload('mermaid-click-call')}
  ${payload('mermaid-click-href')}
\`\`\`
`;

// payload('entities') as Markdown reads it: entities are decoded to the characters they name.
const ENTITIES_DECODED = '<img src=x onerror=alert(1)> <script>alert(1)</script> &';

test.use({ viewport: { width: 1440, height: 1000 } });

async function searchRows(page: Page, text: string): Promise<Locator> {
  await page.getByRole('searchbox', { name: 'Search the raw text of events' }).fill(text);
  return page.getByRole('grid', { name: 'Merged timeline' }).locator('tbody tr.grid-row');
}

test('the hostile incident: payloads in lines, names and typed fields stay text everywhere, exports included', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const dialogs = await watchForPayloads(context, page);
  await page.goto('/');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open files…' }).click();
  await (await chooser).setFiles(FILES);
  await expect(page.getByText(/^6 sources · [\d,]+ events$/)).toBeVisible();
  await expect(page.getByRole('listitem', { name: JOURNAL_FILE_NAME })).toBeVisible();

  // ---- Timeline: every payload of containerd.log (Go-quoted there, decoded for display) as text.
  const grid = page.getByRole('grid', { name: 'Merged timeline' });
  const rows = await searchRows(page, 'T07:47:');
  await expect(rows).toHaveCount(PAYLOADS.length);
  const gridText = ((await grid.textContent()) ?? '').replace(/\s+/g, ' ');
  for (const p of VERBATIM) expect(gridText, p.id).toContain(p.text.replace(/\s+/g, ' ').trim());
  await screen(page, 'hostile-timeline');
  await expectInert(page, dialogs, 'timeline');

  // ---- Detail pane of the img-onerror line, pinned as a key event.
  await rows.filter({ hasText: '[img-onerror-flag]' }).click();
  const detail = page.getByRole('complementary', { name: 'Event detail' });
  await expect(detail).toContainText(payload('img-onerror-flag'));
  await expect(detail.getByRole('region', { name: 'Raw lines' })).toContainText(
    'msg="[img-onerror-flag] <img src=x onerror=\\"window.__pwned=true\\">"',
  );
  await detail.getByRole('button', { name: 'Key event' }).click();
  // The kill itself, and the container named by the hostile pod's lines.
  await (await searchRows(page, 'Killed process 2150')).filter({ hasText: 'Memory cgroup' }).first().click();
  await detail.getByRole('button', { name: 'Key event' }).click();
  await expectInert(page, dialogs, 'detail pane');

  // ---- Key events: notes with payloads, the Mermaid timeline and Gantt drawn from them.
  await page.getByRole('tab', { name: /^Key events/ }).click();
  const keyPanel = page.getByRole('tabpanel', { name: 'Key events' });
  const items = keyPanel.getByRole('list', { name: 'Pinned key events in time order' }).getByRole('listitem');
  await expect(items).toHaveCount(2);
  await expect(items.first()).toContainText(payload('img-onerror-flag'));
  await items.first().getByRole('textbox', { name: 'Note' }).fill(NOTE);
  const timeline = keyPanel.getByRole('figure', { name: 'Key events timeline' });
  const gantt = keyPanel.getByRole('figure', { name: 'Container lifecycles' });
  for (const figure of [timeline, gantt]) {
    await expect(figure).toHaveAttribute('aria-busy', 'false');
    await expect(figure.getByRole('alert')).toHaveCount(0);
    await expect(figure.locator('svg').first()).toBeVisible();
  }
  // The note is drawn as text (escaped: ‹ › for < >, ∶ for :), its directive not honoured.
  await expect
    .poll(async () => ((await timeline.locator('svg').first().textContent()) ?? '').replace(/\s+/g, ''))
    .toContain('‹imgsrc=xonerror=');
  await timeline.locator('svg').first().click();
  await screen(page, 'hostile-key-events');
  await expectInert(page, dialogs, 'key events');

  // ---- Analysis: the hostile container as a symptom, a rejection note, an own hypothesis, a named symptom.
  await page.getByRole('tab', { name: 'Analysis' }).click();
  const analysis = page.getByRole('tabpanel', { name: 'Analysis' });
  await expect(analysis.getByRole('list', { name: 'Hypotheses, best first' })).toBeVisible();
  const symptoms = analysis.getByRole('region', { name: /^Symptoms/ });
  await expect(symptoms).toContainText(`container ${RENAMED.container} restarts`);
  const manual = page.locator('li[data-hypothesis="manual-or-automation-kill"]');
  await manual.locator(':scope > .an-node-head .an-toggle').click();
  const body = manual.locator(':scope > .an-node-body');
  await body.getByRole('textbox', { name: 'Note' }).fill(REJECT_NOTE);
  await body.getByRole('button', { name: 'Reject' }).click();
  await expect(manual.locator(':scope > .an-note')).toHaveText(`Your note: ${REJECT_NOTE}`);

  const own = analysis.getByRole('form', { name: 'Add your own hypothesis' });
  await own.getByRole('textbox', { name: 'Title' }).fill(OWN_TITLE);
  await own.getByRole('textbox', { name: 'Note' }).fill(REJECT_NOTE);
  await own.getByRole('button', { name: 'Add hypothesis' }).click();
  await expect(analysis.getByRole('list', { name: 'Hypotheses, best first' })).toContainText(OWN_TITLE);

  await symptoms.getByRole('button', { name: 'Name a symptom' }).click();
  const form = symptoms.getByRole('form', { name: 'Name a symptom' });
  await form.getByRole('textbox', { name: 'What you saw' }).fill(SYMPTOM);
  await form.getByRole('textbox', { name: 'Container' }).fill(RENAMED.container);
  // A pod has no spaces (the form says so): the classic space-less payload.
  await form.getByRole('textbox', { name: 'Pod' }).fill('evil/<svg/onload=alert(1)>');
  await form.getByRole('button', { name: 'Add symptom' }).click();
  await expect(symptoms.locator('.an-symptom-list > li').filter({ hasText: 'named by you' })).toContainText(
    SYMPTOM,
  );
  // The commands name the hostile pod quoted, as text.
  await expect(analysis).toContainText(`kubectl delete pod -n 'x'\\'';touch PWNED;'\\''$(touch PWNED)`);
  const flowchart = analysis.getByRole('figure', { name: 'Hypothesis tree as a flowchart' });
  await flowchart.scrollIntoViewIfNeeded();
  await expect(flowchart).toHaveAttribute('aria-busy', 'false');
  await expect(flowchart.getByRole('alert')).toHaveCount(0);
  await expect(flowchart.locator('svg').first()).toBeVisible();
  await flowchart.locator('svg').first().click();
  await screen(page, 'hostile-analysis');
  await expectInert(page, dialogs, 'analysis');

  // ---- Document: filled from the analysis, then payloads typed into its fields and a section.
  await page.getByRole('tab', { name: 'Document' }).click();
  const doc = page.getByRole('tabpanel', { name: 'Document' });
  await doc.getByLabel('Template', { exact: true }).selectOption('shim-crash-rca');
  const fill = doc.getByRole('button', { name: 'Fill from the analysis' });
  await expect(fill).toBeEnabled();
  await fill.click();
  await doc.getByRole('textbox', { name: 'Title', exact: true }).fill(TITLE);
  await doc.getByRole('textbox', { name: 'Incident', exact: true }).fill(INCIDENT);
  await doc.getByRole('textbox', { name: 'Analyst notes', exact: true }).fill(NOTES_MD);
  await doc.getByRole('button', { name: 'Add a section' }).click();
  await doc.getByRole('textbox', { name: 'Title of section 1' }).fill(SECTION_TITLE);
  await doc.getByRole('textbox', { name: 'Text of section 1 (Markdown)' }).fill(SECTION_MD);
  const preview = doc.getByRole('article', { name: 'Document preview' });
  await expect(preview.locator('h1').first()).toHaveText(TITLE);
  await expect(preview).toContainText(INCIDENT);
  // The analyst's Markdown decodes its entities, to text: `&lt;img` reads `<img`, as an element never.
  await expect(preview).toContainText(ENTITIES_DECODED);
  await expect(preview).toContainText(REJECT_NOTE);
  await expect(preview).toContainText(`container ${RENAMED.container} restarts`);
  // Every diagram drawn (the analyst's own with its directive and bindings among them), none failed.
  const drawn = preview.locator('.mermaid-diagram-svg svg');
  await expect(drawn.first()).toBeVisible();
  await expect.poll(() => drawn.count()).toBeGreaterThanOrEqual(4);
  await expect(preview.locator('.mermaid-diagram-pending')).toHaveCount(0);
  // A click on the hand-written diagram (the last) and on one of the app's own runs nothing.
  await drawn.last().click({ position: { x: 20, y: 20 } });
  await drawn.first().click({ position: { x: 20, y: 20 } });
  await screen(page, 'hostile-document');
  await expectInert(page, dialogs, 'document preview');

  // ---- Every export, with redaction off (so each payload is checked as typed).
  await doc.getByRole('button', { name: 'Redact & export' }).click();
  for (const box of await doc.getByRole('checkbox', { name: /^Redact / }).all())
    if (await box.isChecked()) await box.uncheck();
  const download = async (label: string) => {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      doc.getByRole('button', { name: label, exact: true }).click(),
    ]);
    return { name: file.suggestedFilename(), text: await textOf(file) };
  };

  const html = await download('HTML');
  expect(html.name).toMatch(/\.html$/);
  // Without its own CSP (which would stop a script anyway): a reader may paste it anywhere.
  const shown = await expectHtmlInert(context, withoutCsp(html.text), dialogs, 'HTML export without its CSP');
  expect(shown).toContain(INCIDENT);
  expect(shown).toContain(ENTITIES_DECODED);

  const confluence = await download('Confluence');
  await expectXmlInert(
    page,
    `<root xmlns:ac="http://atlassian.com/content" xmlns:ri="http://atlassian.com/resource/identifier">${confluence.text}</root>`,
    'Confluence export',
  );

  let markdownBody = '';
  for (const label of ['Markdown', 'Obsidian', 'Notion']) {
    const md = await download(label);
    const front = /^---\n([\s\S]*?)\n---\n\n/.exec(md.text);
    if (label === 'Markdown') markdownBody = md.text.slice(front?.[0].length ?? 0);
    if (label !== 'Notion') expect((parseYaml(front?.[1] ?? '') as { title: string }).title).toBe(TITLE);
    // Rendered with the app's own Markdown-to-HTML: nothing of it runs.
    const rendered = markdownToHtml(md.text.slice(front?.[0].length ?? 0));
    await expectHtmlInert(context, rendered, dialogs, `${label} export, rendered`);
  }

  const json = JSON.parse((await download('JSON')).text);
  expect(json.title).toBe(TITLE);
  expect(json.draft.values.incident).toBe(INCIDENT);
  expect(json.draft.values.notes).toBe(NOTES_MD);
  expect(json.draft.sections[0]).toMatchObject({ title: SECTION_TITLE, markdown: SECTION_MD });

  // ---- The clipboard: Markdown as text, rich HTML as an HTML fragment.
  await doc.getByRole('button', { name: 'Copy as Markdown' }).click();
  await expect(doc.getByRole('status').filter({ hasText: 'Copied as Markdown' })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  // The same Markdown as the file, without its front matter.
  expect(copied.trimEnd()).toBe(markdownBody.trimEnd());
  await expectHtmlInert(context, markdownToHtml(copied), dialogs, 'copied Markdown, rendered');
  await doc.getByRole('button', { name: 'Copy as rich HTML' }).click();
  await expect(doc.getByRole('status').filter({ hasText: 'Copied as rich HTML' })).toBeVisible();
  const rich = await page.evaluate(async () => {
    const [item] = await navigator.clipboard.read();
    return (await item.getType('text/html')).text();
  });
  expect(rich).toContain('<h1');
  await expectHtmlInert(context, rich, dialogs, 'rich HTML copy');

  await screen(page, 'hostile-exports');
  await expectInert(page, dialogs, 'after every export');
});
