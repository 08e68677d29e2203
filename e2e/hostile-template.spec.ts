// Hostile input never runs (issue 7 part 6), journey 2: templates and typed fields. A template
// file sent by someone else (e2e/fixtures/hostile/template.md: payloads in its front matter, its
// field defaults and its body, raw HTML, javascript: links, Liquid and a Mermaid diagram with a
// directive and click bindings) is loaded and its document previewed and exported; one that
// reads another file (`{% include %}`, under a file name that is a payload) is refused, its
// problem shown as text; payloads typed into a postmortem's title and summary. No logs are loaded:
// the document tab works without them. The checks of e2e/hostile-checks.ts after each step, and
// first a proof that they catch a payload that does run.
import { readFileSync } from 'node:fs';
import { markdownToHtml } from '../src/core/report/export/index.ts';
import { payload } from '../test/hostile/corpus.ts';
import { screen } from './helpers.ts';
import {
  expectHtmlInert,
  expectInert,
  expectXmlInert,
  pageProblems,
  textOf,
  watchForPayloads,
  withoutCsp,
} from './hostile-checks.ts';
import { expect, test } from './test.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/hostile/${name}`, import.meta.url));
const INCLUDE_FILE = `${payload('svg-onload')}.md`;

test.use({ viewport: { width: 1440, height: 1000 } });

test('a hostile template file and typed fields: refused or shown as text, exports inert', async ({
  page,
  context,
}) => {
  const dialogs = await watchForPayloads(context, page);

  // The checks catch a payload that runs: a page of its own, no CSP, the flag set, the element found.
  const probe = await context.newPage();
  await probe.setContent(`<img src="x" onerror="window.__pwned=true">`);
  await expect.poll(() => probe.evaluate('window.__pwned')).toBe(true);
  expect(await pageProblems(probe)).toEqual([
    '<img onerror="window.__pwned=true">',
    'element a payload describes: <img src="x" onerror="window.__pwned=true">',
  ]);
  await probe.close();

  await page.goto('/');
  await page.getByRole('tab', { name: 'Document' }).click();
  const doc = page.getByRole('tabpanel', { name: 'Document' });
  const file = doc.getByLabel('Load a template file');

  // Refused: a template that reads another file. Its name and the problem are text.
  await file.setInputFiles({
    name: INCLUDE_FILE,
    mimeType: 'text/markdown',
    buffer: fixture('template-include.md'),
  });
  const problems = doc.getByRole('list', { name: 'Problems in the loaded template' });
  await expect(problems).toContainText(`user:${INCLUDE_FILE}`);
  await expect(problems).toContainText('{% include %} is not supported');
  await expectInert(page, dialogs, 'refused template');

  // Loaded: payloads everywhere in the file, each shown as text.
  await file.setInputFiles({
    name: 'template.md',
    mimeType: 'text/markdown',
    buffer: fixture('template.md'),
  });
  const title = `Hostile ${payload('script')} ${payload('img-onerror')}`;
  await expect(doc.getByRole('status').filter({ hasText: `Loaded ${title} from template.md` })).toBeVisible();
  await expect(doc.getByLabel('Template', { exact: true })).toHaveValue('hostile-template');
  await expect(doc.locator('.doc-template-desc')).toContainText(payload('iframe-srcdoc'));
  await expect(doc.getByText(`Headline ${payload('svg-onload')}`)).toBeVisible();
  const preview = doc.getByRole('article', { name: 'Document preview' });
  await expect(preview.locator('h1').first()).toHaveText(title);
  await expect(preview).toContainText('<script>window.__pwned=true</script>');
  await expect(preview).toContainText(payload('details-ontoggle'));
  await expect(preview).toContainText('{{ 7 | times: 7 }} {% include x %}');
  // The template's Mermaid diagram, with its directive and bindings, drawn with labels as text.
  const figure = preview.locator('.mermaid-diagram-svg svg');
  await expect(figure).toHaveCount(1);
  await expect(figure).toContainText('<img src=x onerror=alert(1)> A');
  await figure.locator('.node').first().click();
  await screen(page, 'hostile-template');
  await expectInert(page, dialogs, 'hostile template');

  // Its exports.
  await doc.getByRole('button', { name: 'Redact & export' }).click();
  const download = async (label: string) => {
    const [f] = await Promise.all([
      page.waitForEvent('download'),
      doc.getByRole('button', { name: label, exact: true }).click(),
    ]);
    return textOf(f);
  };
  const html = await download('HTML');
  await expectHtmlInert(context, html, dialogs, 'template HTML export');
  const shown = await expectHtmlInert(
    context,
    withoutCsp(html),
    dialogs,
    'template HTML export without its CSP',
  );
  expect(shown).toContain('<script>window.__pwned=true</script>');
  await expectXmlInert(
    page,
    `<root xmlns:ac="http://atlassian.com/content" xmlns:ri="http://atlassian.com/resource/identifier">${await download('Confluence')}</root>`,
    'template Confluence export',
  );
  const md = await download('Markdown');
  await expectHtmlInert(
    context,
    markdownToHtml(md.replace(/^---\n[\s\S]*?\n---\n/, '')),
    dialogs,
    'template Markdown, rendered',
  );

  // A postmortem: payloads typed into its title and summary.
  await doc.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Preview' }).click();
  await doc.getByLabel('Template', { exact: true }).selectOption('postmortem');
  const typedTitle = `${payload('svg-onload-flag')} ${payload('front-matter').replace(/\n/g, ' ')}`;
  const summary = `${payload('script-flag')}\n\n${payload('md-link-js')} ${payload('a-href-js')}\n\n${payload('html-block')}`;
  await doc.getByRole('textbox', { name: 'Title', exact: true }).fill(typedTitle);
  await doc.getByRole('textbox', { name: 'Summary', exact: true }).fill(summary);
  await expect(preview.locator('h1').first()).toHaveText(typedTitle);
  await expect(preview).toContainText(payload('script-flag'));
  // The link text stays; its javascript: URL is gone (react-markdown drops unsafe URLs).
  await expect(preview).toContainText('click me');
  for (const link of await preview.getByRole('link', { name: 'click me' }).all())
    expect(await link.getAttribute('href')).not.toMatch(/script:/i);
  await screen(page, 'hostile-postmortem');
  await expectInert(page, dialogs, 'postmortem');
});
