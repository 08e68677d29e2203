// @vitest-environment jsdom
// jsdom for DOMParser only: the HTML and Confluence outputs are parsed as a browser would (the
// exporters themselves are pure).
//
// Every exporter on documents filled from the hostile incident (test/hostile/fixtures.ts) whose
// every field, title, free section, footnote excerpt and diagram label then holds one payload of
// the corpus: nothing executable in the HTML and Confluence files (and Confluence's stays
// well-formed XML), the Markdown flavours render to nothing executable through the app's own
// sanitizer and, where the text came from logs or names, to no HTML or link at all; front matter
// and JSON give every payload back as the string it was.
import type { Root as MdastRoot, Nodes } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { AnalysisResult } from '../../src/core/analysis/model.ts';
import type { Workbench } from '../../src/core/engine/workbench.ts';
import type {
  DocumentDraft,
  EventRef,
  ExportFormat,
  FieldValue,
  HypothesisNode,
  RenderedDocument,
  Template,
  TemplateField,
} from '../../src/core/report/document-model.ts';
import { type ExportOptions, exportDocument, markdownToHtml } from '../../src/core/report/export/index.ts';
import { citedEventIds, type FillInput, fillDraft } from '../../src/core/report/fill.ts';
import { keyEventsTimeline } from '../../src/core/report/mermaid.ts';
import { renderDocument } from '../../src/core/report/render.ts';
import { documentLines, workbenchOf } from '../helpers/analysis.ts';
import { hugeLine, PAYLOADS, type Payload, VERBATIM } from './corpus.ts';
import { bundledTemplates, hostileWorkbench, htmlProblems } from './helpers.ts';

let wb: Workbench;
let analysis: AnalysisResult;
let templates: Template[];

beforeAll(async () => {
  wb = await hostileWorkbench();
  analysis = wb.analysis();
  templates = bundledTemplates();
}, 60_000);

const T = 1_763_970_496_000_000; // 2025-11-24T07:48:16Z, the kill
const BASE = { incidentId: 'hostile', generator: 'rca-workbench@0.1.0', generatedAt: '2025-11-24T09:00:00Z' };

/** A cited line whose file name, text and label are the payload. */
function hostileRef(text: string): EventRef {
  return { eventId: 'hostile.log:1', file: text, line: 1, excerpt: text, time: T, label: text };
}

/** The tree with every title, reason, note and evidence text replaced by `text`. */
function hostileNodes(nodes: HypothesisNode[], text: string): HypothesisNode[] {
  return nodes.map((n) => ({
    ...n,
    title: text,
    reason: text,
    decision: { state: 'rejected', note: text },
    for: n.for.map((e) => ({ ...e, text })),
    against: n.against.map((e) => ({ ...e, text })),
    children: hostileNodes(n.children, text),
  }));
}

/**
 * A field's value carrying `text` in every place its type has for text. A markdown field holds
 * `markdown` (the analyst's own Markdown, printed as written by design).
 */
function hostileValue(
  f: TemplateField,
  filled: FieldValue,
  text: string,
  markdown: string,
  line: string,
): FieldValue {
  switch (f.type) {
    case 'text':
      return text;
    case 'markdown':
      return markdown;
    case 'list':
      return [text, `before ${text} after`];
    case 'table':
      return [
        [text, text],
        [text, text],
      ];
    case 'event-list':
      return [hostileRef(line)];
    case 'hypothesis-tree':
      return hostileNodes(filled as HypothesisNode[], text);
    case 'code':
      // A diagram is one of ours with the text in its labels (the builders escape them); other
      // code blocks show the text verbatim in a fence.
      return f.language === 'mermaid'
        ? keyEventsTimeline(
            [{ eventId: 'e1', time: T, timeQuality: 'exact', label: text, sourceName: text }],
            { title: text },
          )
        : text;
    default:
      return filled;
  }
}

const fills = new Map<string, { draft: DocumentDraft; lines: Record<string, EventRef> }>();

/** The template filled from the hostile incident (once per template: the payloads replace its values). */
function filledFromIncident(t: Template): { draft: DocumentDraft; lines: Record<string, EventRef> } {
  const known = fills.get(t.meta.id);
  if (known) return known;
  const base: FillInput = {
    analysis,
    pins: [{ eventId: 'journal.txt:329', note: '' }],
    sources: [],
    lines: {},
  };
  const { lines, sources, lifecycle } = documentLines(wb, citedEventIds(t, base), analysis);
  const input: FillInput = { ...base, lines, sources, ...(lifecycle ? { lifecycle } : {}) };
  const filled = { draft: fillDraft(t, input), lines };
  fills.set(t.meta.id, filled);
  return filled;
}

/** The template filled from the hostile incident, then every field, the title and a free section set to the payload. */
function hostileDocument(
  t: Template,
  text: string,
  { markdown = text, line = text }: { markdown?: string; line?: string } = {},
): { doc: RenderedDocument; draft: DocumentDraft } {
  const { draft: filled, lines } = filledFromIncident(t);
  const values: Record<string, FieldValue> = {};
  for (const f of t.meta.fields)
    values[f.name] = hostileValue(f, filled.values[f.name], text, markdown, line);
  const draft: DocumentDraft = {
    ...filled,
    title: text,
    values,
    edited: t.meta.fields.map((f) => f.name),
    sections: [{ id: 's1', title: text, markdown }],
  };
  const ref = hostileRef(line);
  const doc = renderDocument(t, draft, { ...BASE, lines: { ...lines, [ref.eventId]: ref }, analysis });
  return { doc, draft };
}

/**
 * What Mermaid would draw if it passed a label through unescaped (the worst case the HTML export
 * meets): the text raw in a foreignObject label and in an SVG text.
 */
function hostileSvg(text: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><g><foreignObject width="9" height="9"><div xmlns="http://www.w3.org/1999/xhtml">${text}</div></foreignObject><text x="1">${text}</text></g></svg>`;
}

function options(doc: RenderedDocument, draft: DocumentDraft, text: string): ExportOptions {
  return {
    meta: {
      generator: BASE.generator,
      templateId: doc.templateId,
      incidentId: text,
      title: text,
      tags: [text, 'rca'],
      generatedAt: BASE.generatedAt,
    },
    svgs: Object.fromEntries(doc.diagrams.map((d) => [d.id, hostileSvg(text)])),
    draft,
  };
}

const FRONT_MATTER = /^---\n([\s\S]*?)\n---\n/;

function bodyOf(markdown: string): string {
  return markdown.replace(FRONT_MATTER, '');
}

function nodes(tree: MdastRoot): Nodes[] {
  const out: Nodes[] = [];
  const walk = (n: Nodes) => {
    out.push(n);
    if ('children' in n) for (const c of n.children as Nodes[]) walk(c);
  };
  walk(tree);
  return out;
}

/** What a Markdown renderer that allows raw HTML would make markup or a link of. */
function liveMarkdown(markdown: string): string[] {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown);
  return nodes(tree).flatMap((n) => {
    if (n.type === 'html') return [`html: ${n.value}`];
    if ((n.type === 'link' || n.type === 'image' || n.type === 'definition') && !/^(https?:|#)/.test(n.url))
      return [`${n.type}: ${n.url}`];
    return [];
  });
}

/** The Markdown source with its code spans and fenced blocks blanked out. */
function outsideCode(markdown: string): string {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown);
  let out = markdown;
  for (const n of nodes(tree)) {
    const { start, end } = n.position ?? {};
    if (
      (n.type === 'inlineCode' || n.type === 'code') &&
      start?.offset !== undefined &&
      end?.offset !== undefined
    )
      out = out.slice(0, start.offset) + ' '.repeat(end.offset - start.offset) + out.slice(end.offset);
  }
  return out;
}

/** The text a reader sees in an HTML or XML text (whitespace runs as one space). */
function visible(html: string, type: DOMParserSupportedType = 'text/html'): string {
  return (new DOMParser().parseFromString(html, type).documentElement.textContent ?? '').replace(/\s+/g, ' ');
}

const MARKDOWN_FORMATS = ['md', 'obsidian', 'notion'] as const;
const FORMATS: readonly ExportFormat[] = ['md', 'obsidian', 'notion', 'confluence', 'html', 'json'];

/** Every check of every format, on one payload in one template. */
function checkAll(t: Template, p: Payload) {
  const { doc, draft } = hostileDocument(t, p.text);
  const opts = options(doc, draft, p.text);
  const out = Object.fromEntries(FORMATS.map((f) => [f, exportDocument(doc, f, opts).content])) as Record<
    ExportFormat,
    string
  >;

  expect(htmlProblems(out.html), `${t.meta.id} html`).toEqual([]);
  const confluence = `<root xmlns:ac="http://atlassian.com/content" xmlns:ri="http://atlassian.com/resource/identifier">${out.confluence}</root>`;
  expect(htmlProblems(confluence, 'application/xml'), `${t.meta.id} confluence`).toEqual([]);
  for (const f of MARKDOWN_FORMATS)
    expect(htmlProblems(markdownToHtml(bodyOf(out[f]))), `${t.meta.id} ${f} rendered`).toEqual([]);

  // Front matter: the title (and the incident id) come back as they were.
  const md = parseYaml(FRONT_MATTER.exec(out.md)?.[1] ?? '') as Record<string, unknown>;
  expect(md.title).toBe(p.text);
  expect(md.incident_id).toBe(p.text);
  const obsidian = parseYaml(FRONT_MATTER.exec(out.obsidian)?.[1] ?? '') as Record<string, unknown>;
  expect(obsidian.aliases).toEqual([p.text]);

  // JSON: the payload, as a string, wherever the draft and the document hold it.
  const json = JSON.parse(out.json);
  expect(json.title).toBe(p.text);
  expect(json.draft.title).toBe(p.text);
  expect(json.draft.sections[0]).toEqual({ id: 's1', title: p.text, markdown: p.text });
  for (const f of t.meta.fields.filter((x) => x.type === 'text'))
    expect(json.draft.values[f.name], f.name).toBe(p.text);
  const cited = (json.footnotes as { ref: EventRef }[]).find((n) => n.ref.eventId === 'hostile.log:1');
  if (cited) expect(cited.ref.excerpt).toBe(p.text);

  // Images are links in the HTML (as in the app's preview): nothing is fetched from the URL.
  if (p.id === 'md-image') {
    expect(out.html).not.toMatch(/<img/i);
    expect(out.html).toContain('[image: x]');
  }

  // Shown as the text it is, where a reader reads it: the HTML file and the Confluence page.
  if (VERBATIM.includes(p)) {
    const text = p.text.replace(/\s+/g, ' ').trim();
    expect(visible(out.html)).toContain(text);
    expect(visible(confluence, 'application/xml')).toContain(text);
  }
  return { doc, out };
}

/**
 * The analyst's Markdown fields are theirs (printed as written, sanitized when rendered): with
 * plain words in them, any HTML or link left in the Markdown would have come from escaped text.
 */
function checkEscapedText(t: Template, p: Payload) {
  const { doc, draft } = hostileDocument(t, p.text, { markdown: 'The analyst wrote **this**.' });
  const opts = options(doc, draft, p.text);
  for (const f of MARKDOWN_FORMATS) {
    const body = bodyOf(exportDocument(doc, f, opts).content);
    expect(liveMarkdown(body), `${t.meta.id} ${f}`).toEqual([]);
    // No Liquid tag a later processor (Jekyll, an Obsidian plugin) would run: every `}` of
    // escaped text is `\}`, so no output or tag can close (code spans and fences show text
    // verbatim by definition and are left out).
    expect(outsideCode(body), `${t.meta.id} ${f}`).not.toMatch(/\}\}|%\}/);
  }
  return doc;
}

describe('every exporter, one payload at a time in every field of shim-crash-rca', () => {
  it.each(PAYLOADS.map((p) => [p.id, p] as const))('%s', (_id, p) => {
    const t = templates.find((x) => x.meta.id === 'shim-crash-rca')!;
    checkAll(t, p);
    const doc = checkEscapedText(t, p);
    // Liquid in a value was never evaluated: 7 times 7 is not in the document, the text is.
    if (p.id === 'liquid-output') {
      const text = visible(markdownToHtml(doc.markdown));
      expect(text).toContain('{{ 7 | times: 7 }}');
      expect(text).not.toMatch(/\b49\b/);
    }
  });
});

describe('every template, all payloads at once', () => {
  const all: Payload = {
    id: 'all',
    kind: 'html',
    text: PAYLOADS.map((p) => p.text).join(' | '),
    tries: 'every payload in one string',
  };
  it.each(['shim-crash-rca', 'postmortem', 'code-review', 'design-review', 'component-explainer'])(
    '%s',
    (id) => {
      const t = templates.find((x) => x.meta.id === id)!;
      checkAll(t, all);
      checkEscapedText(t, all);
    },
  );
});

describe('a 1 MB line', () => {
  it('pinned and cited: every exporter in seconds, its excerpt cut to 300 characters, nothing executable', async () => {
    const t = templates.find((x) => x.meta.id === 'shim-crash-rca')!;
    const huge = hugeLine();
    const big = await workbenchOf({ 'huge.log': `${huge}\nafter the huge line\n` });
    const started = performance.now();
    const base: FillInput = { pins: [{ eventId: 'huge.log:1', note: '' }], sources: [], lines: {} };
    const { lines, sources } = documentLines(big, ['huge.log:1']);
    const input: FillInput = { ...base, lines, sources };
    const draft = fillDraft(t, input);
    const doc = renderDocument(t, draft, { ...BASE, lines });
    const opts = options(doc, draft, 'huge');
    const out = Object.fromEntries(FORMATS.map((f) => [f, exportDocument(doc, f, opts).content]));
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(htmlProblems(out.html)).toEqual([]);
    // The line as the app hands it to a document: its first 300 characters.
    const excerpt = doc.footnotes.find((f) => f.ref.eventId === 'huge.log:1')?.ref.excerpt ?? '';
    expect(excerpt.length).toBe(300);
    expect(huge.startsWith(excerpt.slice(0, 299))).toBe(true);
    for (const f of FORMATS) expect(out[f].length, f).toBeLessThan(200_000);
  }, 120_000);
});
