// What every hostile-input journey checks (e2e/hostile*.spec.ts), in the page and in what the
// page exports:
// - a dialog (alert(1) of a payload) fails the journey;
// - window.__pwned, set to false by an init script before any of the app's code, stays false (the
//   payloads' other half sets it to true);
// - no element or attribute that runs code or navigates to it (activeContent of the corpus:
//   inline scripts, handlers, javascript: URLs, frames, srcdoc) and no element a payload
//   describes (img[src=x], svg[onload], details[ontoggle]) is anywhere in the DOM;
// - an exported file or clipboard fragment, opened in a page of its own WITHOUT the export's own
//   Content-Security-Policy (a reader may paste it anywhere), runs nothing either.
import { readFileSync } from 'node:fs';
import type { BrowserContext, Download, Page } from '@playwright/test';
import { activeContent, markupProblems, PWNED_FLAG } from '../test/hostile/corpus.ts';
import { expect } from './test.ts';

/** Elements that only a payload would have made (the app never draws these). */
const DESCRIBED = 'img[src="x"], svg[onload], details[ontoggle], iframe, object, embed, [srcdoc]';

/** The dialogs a page opened; installs the flag in every page of the context. */
export async function watchForPayloads(context: BrowserContext, page: Page): Promise<string[]> {
  await context.addInitScript(`window.${PWNED_FLAG} = false;`);
  const dialogs: string[] = [];
  const watch = (p: Page) =>
    p.on('dialog', async (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      await d.dismiss();
    });
  watch(page);
  context.on('page', watch);
  return dialogs;
}

/** Everything in `page` that could run code, as activeContent sees it, plus what payloads describe. */
export async function pageProblems(page: Page): Promise<string[]> {
  return page.evaluate(
    `(() => {
      const problems = (${activeContent.toString()})(document);
      for (const el of document.querySelectorAll(${JSON.stringify(DESCRIBED)}))
        problems.push('element a payload describes: ' + el.outerHTML.slice(0, 80));
      return problems;
    })()`,
  );
}

/** The page ran no payload: no dialog, the flag still false, nothing active in its DOM. */
export async function expectInert(page: Page, dialogs: readonly string[], where: string): Promise<void> {
  expect(dialogs, `${where}: dialogs`).toEqual([]);
  expect(await page.evaluate(`window.${PWNED_FLAG}`), `${where}: window.${PWNED_FLAG}`).toBe(false);
  expect(await pageProblems(page), `${where}: active content`).toEqual([]);
}

/** HTML without its Content-Security-Policy meta: what a reader gets who pastes the body elsewhere. */
export function withoutCsp(html: string): string {
  return html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/i, '');
}

/**
 * Opens `html` in a new page of the context (no CSP of the app: about:blank), waits for it to
 * settle, and checks that nothing ran and nothing active is in it. Returns the page's text.
 */
export async function expectHtmlInert(
  context: BrowserContext,
  html: string,
  dialogs: readonly string[],
  where: string,
): Promise<string> {
  expect(markupProblems(html), `${where}: tags in the text`).toEqual([]);
  const viewer = await context.newPage();
  try {
    await viewer.setContent(html, { waitUntil: 'load' });
    // Handlers fire on load and error events; give a broken image its error event.
    await viewer.waitForTimeout(100);
    expect(dialogs, `${where}: dialogs`).toEqual([]);
    // setContent does not re-run init scripts: the flag is unset unless a payload set it.
    expect(await viewer.evaluate(`window.${PWNED_FLAG}`), `${where}: window.${PWNED_FLAG}`).not.toBe(true);
    expect(await pageProblems(viewer), `${where}: active content`).toEqual([]);
    return await viewer.evaluate('document.body ? document.body.innerText : ""');
  } finally {
    await viewer.close();
  }
}

/** An XML text parsed by the browser: well-formed, nothing active in it. */
export async function expectXmlInert(page: Page, xml: string, where: string): Promise<void> {
  expect(markupProblems(xml), `${where}: tags in the text`).toEqual([]);
  const result = await page.evaluate(
    `(() => {
      const doc = new DOMParser().parseFromString(${JSON.stringify(xml)}, 'application/xml');
      return { errors: doc.getElementsByTagName('parsererror').length, problems: (${activeContent.toString()})(doc) };
    })()`,
  );
  expect(result, where).toEqual({ errors: 0, problems: [] });
}

export function textOf(download: Download): Promise<string> {
  return download.path().then((p) => readFileSync(p, 'utf8'));
}
