// @vitest-environment jsdom
// jsdom only for DOMParser (the well-formedness of the Confluence XML, the structure of the HTML);
// the exporters themselves are pure and never touch it.
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { RenderedDocument } from '../document-model.ts';
import { cdata } from './confluence.ts';
import { type ExportOptions, exportDocument, markdownToHtml, sanitizeSvg, slugPart } from './index.ts';

const HOSTILE_LINE = 'evil \u202Etxt.exe';
const MERMAID = 'timeline\n  title Key events\n  07\\:48 : Killed process 2150';

// What the renderer gives: escaped log text in the body and the footnotes, plus an analyst's raw
// Markdown field holding hostile HTML (the worst case an exporter can meet).
const MARKDOWN = `# Shim crash on k8s-worker-21

## Summary

The shim died[^L1] after the cgroup OOM[^L2].

| Dimension | Assessment |
|---|---|
| Memory | limit hit[^L1] |
| Log text | \\<script\\>alert(1)\\</script\\> |

> [!TIP]
> Supported: OOM kill of the shim (0.92).

> [!NOTE]
> Open: metadata integrity not checked yet.

> [!IMPORTANT]
> Check the bolt database.

> [!WARNING]
> Unlikely: node reboot.

> [!CAUTION]   
> Refuted: image pull failure.

\`\`\`mermaid
${MERMAID}
\`\`\`

\`\`\`sh
echo ']]>' && ctr -n k8s.io containers info 7fc23ca64dfc
\`\`\`

<script>alert(1)</script>

An image <img src=x onerror=alert(1)> and a [link](javascript:alert(1)) and ${HOSTILE_LINE}.

Mermaid directive as text: %%{init: {"theme":"dark"}}%% and [[wiki]].

[^L1]: dmesg.txt:287 — Memory cgroup out of memory: Killed process 2150 (containerd-shim)
[^L2]: journalctl-k.txt:287 — \\<img src=x onerror=alert(1)\\>
`;

const DOC: RenderedDocument = {
  templateId: 'shim-crash-rca',
  title: 'Shim crash on k8s-worker-21',
  markdown: MARKDOWN,
  footnotes: [
    {
      label: 'L1',
      ref: {
        eventId: 'e1',
        file: 'dmesg.txt',
        line: 287,
        excerpt: 'Memory cgroup out of memory: Killed process 2150 (containerd-shim)',
        time: 1_700_000_000_000_000,
      },
    },
    {
      label: 'L2',
      ref: {
        eventId: 'e2',
        file: 'journalctl-k.txt',
        line: 287,
        excerpt: '<img src=x onerror=alert(1)>',
        time: null,
      },
    },
  ],
  diagrams: [{ id: 'd1', source: MERMAID }],
  toc: [
    { level: 1, text: 'Shim crash on k8s-worker-21', slug: 'shim-crash-on-k8s-worker-21' },
    { level: 2, text: 'Summary', slug: 'summary' },
  ],
  warnings: [],
};

const OPTS: ExportOptions = {
  meta: {
    generator: 'rca-workbench@0.1.0',
    templateId: 'shim-crash-rca',
    incidentId: 'INC 2024/11 <x>',
    title: 'Shim crash: "k8s-worker-21" <script>',
    tags: ['oom', 'Root cause', '2024'],
    generatedAt: '2024-11-24T08:00:00.000Z',
  },
};

const HOSTILE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)" viewBox="0 0 10 10">
<script>alert(2)</script><style>@import url(https://x/a.css); .n > rect { fill: url(https://x/p.png) }</style>
<g><rect width="5" height="5" onclick="alert(3)" style="fill: url(javascript:alert(4))"/>
<a href="javascript:alert(5)"><text x="1">label &amp; more</text></a>
<use href="https://evil/x.svg#a"/><use xlink:href="#arrow"/>
<animate attributeName="href" to="javascript:alert(6)"/>
<foreignObject width="9" height="9"><div xmlns="http://www.w3.org/1999/xhtml">one<br>two<script>alert(7)</script><img src=x onerror=alert(8)></div></foreignObject>
<image href="https://evil/track.png"/></g></svg>`;

/**
 * What must never survive into HTML or Confluence XML. A `<` of text is always escaped, so a `<`
 * opens a real tag: a handler is looked for inside tags (the text "onerror=alert(1)" of a log line
 * may stay visible, as text).
 */
function expectNoActiveContent(text: string) {
  expect(text).not.toMatch(/<script/i);
  expect(text).not.toMatch(/<[^>]*\son\w+\s*=/i);
  expect(text).not.toMatch(/javascript:/i);
  expect(text).not.toContain('\u202E');
}

function frontMatterOf(content: string): Record<string, unknown> {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(content);
  expect(m).not.toBeNull();
  return parseYaml(m![1]) as Record<string, unknown>;
}

describe('filenames', () => {
  it('names each format <incident>-<template>.<ext>, slugged', () => {
    const names = (['md', 'obsidian', 'notion', 'confluence', 'html', 'json'] as const).map(
      (f) => exportDocument(DOC, f, OPTS).filename,
    );
    expect(names).toEqual([
      'inc-2024-11-x-shim-crash-rca.md',
      'inc-2024-11-x-shim-crash-rca.obsidian.md',
      'inc-2024-11-x-shim-crash-rca.notion.md',
      'inc-2024-11-x-shim-crash-rca.confluence.xml',
      'inc-2024-11-x-shim-crash-rca.html',
      'inc-2024-11-x-shim-crash-rca.json',
    ]);
    expect(slugPart('../../etc/passwd')).toBe('etc-passwd');
    expect(slugPart('***')).toBe('document');
  });
});

describe('md', () => {
  it('puts the front matter before the rendered Markdown, kept byte for byte', () => {
    const out = exportDocument(DOC, 'md', OPTS);
    expect(out.mime).toBe('text/markdown;charset=utf-8');
    expect(frontMatterOf(out.content)).toEqual({
      title: OPTS.meta.title,
      generator: 'rca-workbench@0.1.0',
      template_id: 'shim-crash-rca',
      incident_id: 'INC 2024/11 <x>',
      generated_at: '2024-11-24T08:00:00.000Z',
    });
    expect(out.content.endsWith(`---\n\n${MARKDOWN}`)).toBe(true);
    expect(out.content).toContain('> [!TIP]\n');
    expect(out.content).toContain(`\`\`\`mermaid\n${MERMAID}\n\`\`\``);
  });
});

describe('obsidian', () => {
  const out = exportDocument(DOC, 'obsidian', OPTS).content;

  it('has tags (rca first, Obsidian-safe) and the title as alias', () => {
    const fm = frontMatterOf(out);
    expect(fm.tags).toEqual(['rca', 'oom', 'root-cause']);
    expect(fm.aliases).toEqual([OPTS.meta.title]);
    expect(fm.template_id).toBe('shim-crash-rca');
    expect(fm.incident_id).toBe('INC 2024/11 <x>');
  });

  it('maps every GitHub alert to a callout that says what it means', () => {
    expect(out).toContain('> [!success] Supported\n> Supported: OOM kill');
    expect(out).toContain('> [!info] Note\n> Open:');
    expect(out).toContain('> [!important] Important\n> Check');
    expect(out).toContain('> [!warning] Unlikely\n> Unlikely:');
    expect(out).toContain('> [!failure] Refuted\n> Refuted:');
    expect(out).not.toMatch(/\[!(TIP|NOTE|IMPORTANT|WARNING|CAUTION)\]/);
  });

  it('keeps mermaid fences and footnotes, and keeps %% and [[ as text', () => {
    expect(out).toContain(`\`\`\`mermaid\n${MERMAID}\n\`\`\``);
    expect(out).toContain('died[^L1]');
    expect(out).toContain('[^L1]: dmesg.txt:287');
    expect(out).toContain('%\\%{init: {"theme":"dark"}}%\\% and [\\[wiki]].');
  });
});

describe('notion', () => {
  const out = exportDocument(DOC, 'notion', OPTS).content;

  it('has no front matter; alerts are a bold label paragraph in a plain quote', () => {
    expect(out.startsWith('# Shim crash on k8s-worker-21\n')).toBe(true);
    expect(out).toContain('> **Supported**\n>\n> Supported: OOM kill');
    expect(out).toContain('> **Refuted**\n>\n> Refuted:');
    expect(out).not.toMatch(/\[!(TIP|NOTE|IMPORTANT|WARNING|CAUTION)\]/);
  });

  it('turns footnotes into [L1] references and a Sources list at the end', () => {
    expect(out).toContain('The shim died[L1] after the cgroup OOM[L2].');
    expect(out).toContain('| limit hit[L1] |');
    expect(out).not.toContain('[^');
    expect(
      out.endsWith(
        '## Sources\n\n- [L1] dmesg.txt:287 — Memory cgroup out of memory: Killed process 2150 (containerd-shim)\n' +
          '- [L2] journalctl-k.txt:287 — \\<img src=x onerror=alert(1)\\>\n',
      ),
    ).toBe(true);
    expect(out).toContain(`\`\`\`mermaid\n${MERMAID}\n\`\`\``);
  });
});

describe('confluence', () => {
  const out = exportDocument(DOC, 'confluence', OPTS);
  const xml = new DOMParser().parseFromString(
    `<root xmlns:ac="http://atlassian.com/content" xmlns:ri="http://atlassian.com/resource/identifier">${out.content}</root>`,
    'application/xml',
  );
  const macros = (name: string) =>
    [...xml.getElementsByTagName('ac:structured-macro')].filter((m) => m.getAttribute('ac:name') === name);
  const param = (m: Element, name: string) =>
    [...m.children].find((c) => c.tagName === 'ac:parameter' && c.getAttribute('ac:name') === name)
      ?.textContent;

  it('is well-formed XML', () => {
    expect(out.filename.endsWith('.confluence.xml')).toBe(true);
    expect(xml.getElementsByTagName('parsererror')).toHaveLength(0);
    expect(xml.documentElement.tagName).toBe('root');
  });

  it('writes code blocks as code macros, the CDATA split around ]]>', () => {
    const sh = macros('code').find((m) => param(m, 'language') === 'bash')!;
    expect(sh.getElementsByTagName('ac:plain-text-body')[0].textContent).toBe(
      "echo ']]>' && ctr -n k8s.io containers info 7fc23ca64dfc",
    );
    const mermaid = macros('code').find((m) => param(m, 'language') === 'mermaid')!;
    expect(mermaid.getElementsByTagName('ac:plain-text-body')[0].textContent).toBe(MERMAID);
    expect(cdata('a]]>b]]>')).toBe('<![CDATA[a]]]]><![CDATA[>b]]]]><![CDATA[>]]>');
  });

  it('maps alerts to tip / info / note / warning macros with a title', () => {
    const panels = ['tip', 'info', 'note', 'warning'].flatMap((n) =>
      macros(n).map(
        (m) => `${n}:${param(m, 'title')}:${m.getElementsByTagName('ac:rich-text-body')[0].textContent}`,
      ),
    );
    expect(panels).toEqual([
      'tip:Supported:Supported: OOM kill of the shim (0.92).',
      'info:Note:Open: metadata integrity not checked yet.',
      'note:Important:Check the bolt database.',
      'note:Unlikely:Unlikely: node reboot.',
      'warning:Refuted:Refuted: image pull failure.',
    ]);
  });

  it('has headings and a table, and footnotes as superscript links to an anchored Sources list', () => {
    expect([...xml.getElementsByTagName('h2')].map((h) => h.textContent)).toEqual(['Summary', 'Sources']);
    expect([...xml.getElementsByTagName('th')].map((h) => h.textContent)).toEqual([
      'Dimension',
      'Assessment',
    ]);
    const refs = [...xml.getElementsByTagName('sup')].map((s) => s.getElementsByTagName('ac:link')[0]);
    expect(refs.map((l) => l.getAttribute('ac:anchor'))).toEqual(['source-l1', 'source-l2', 'source-l1']);
    expect(refs[0].textContent).toBe('[L1]');
    expect(macros('anchor').map((m) => param(m, ''))).toEqual(['source-l1', 'source-l2']);
    const items = [...xml.getElementsByTagName('ol')].at(-1)!.getElementsByTagName('li');
    expect(items[1].getElementsByTagName('ac:structured-macro')[0].getAttribute('ac:name')).toBe('anchor');
    expect(items[1].textContent).toBe('source-l2[L2] journalctl-k.txt:287 — <img src=x onerror=alert(1)>');
  });

  it('keeps hostile text as text: no element, handler or javascript: link made from it', () => {
    expect(xml.getElementsByTagName('script')).toHaveLength(0);
    expect(xml.getElementsByTagName('img')).toHaveLength(0);
    expect(xml.getElementsByTagName('a')).toHaveLength(0);
    expect(out.content).toContain('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(out.content).toContain('[U+202E]txt.exe');
    expectNoActiveContent(out.content);
  });
});

describe('markdownToHtml', () => {
  const html = markdownToHtml(MARKDOWN);

  it('leaves no script, event handler or javascript: URL, and shows raw HTML as text', () => {
    expectNoActiveContent(html);
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('<p>&#x3C;script>alert(1)&#x3C;/script></p>');
    expect(html).toContain('<a>link</a>');
    expect(html).toContain('[U+202E]txt.exe');
  });

  it('renders alerts as GitHub markup, heading ids and footnotes with the safe prefix', () => {
    expect(html).toContain(
      '<div class="markdown-alert markdown-alert-tip">\n<p class="markdown-alert-title">Supported</p>',
    );
    expect(html).toContain('<div class="markdown-alert markdown-alert-caution">');
    expect(html).toContain('<h2 id="user-content-summary">Summary</h2>');
    expect(html).toContain('href="#user-content-fn-l1" id="user-content-fnref-l1"');
    expect(html).toContain('<li id="user-content-fn-l1">');
    expect(html).toContain('<pre><code class="language-mermaid">');
  });
});

describe('sanitizeSvg', () => {
  const svg = sanitizeSvg(HOSTILE_SVG);

  it('drops scripts, handlers, outside references and animations, keeps the drawing', () => {
    expectNoActiveContent(svg);
    expect(svg).not.toMatch(/onload|onclick|onerror|<animate|<image|https:|@import|<a[\s>]/);
    expect(svg).toContain(
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">',
    );
    expect(svg).toContain('<text x="1">label &amp; more</text>');
    expect(svg).toContain('<use xlink:href="#arrow"/>');
    expect(svg).toContain('<div xmlns="http://www.w3.org/1999/xhtml">one<br/>two</div>');
    expect(svg).toContain('.n &gt; rect { fill: none }');
    const parsed = new DOMParser().parseFromString(svg, 'image/svg+xml');
    expect(parsed.getElementsByTagName('parsererror')).toHaveLength(0);
  });

  it('returns nothing when there is no svg', () => {
    expect(sanitizeSvg('<script>alert(1)</script>')).toBe('');
  });
});

describe('html', () => {
  it('is one standalone file: CSP, title, inlined CSS with print rules, the SVG inline, no script', () => {
    const out = exportDocument(DOC, 'html', { ...OPTS, svgs: { d1: HOSTILE_SVG } });
    expect(out.mime).toBe('text/html;charset=utf-8');
    const html = out.content;
    expect(html.startsWith('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')).toBe(true);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    );
    expect(html).toContain('<title>Shim crash: &quot;k8s-worker-21&quot; &lt;script&gt;</title>');
    expect(html).toContain('@media print');
    expectNoActiveContent(html);
    const dom = new DOMParser().parseFromString(html, 'text/html');
    expect(dom.querySelectorAll('script')).toHaveLength(0);
    expect(
      [...dom.querySelectorAll('*')].flatMap((e) => e.getAttributeNames()).filter((n) => n.startsWith('on')),
    ).toEqual([]);
    const figure = dom.querySelector('figure.diagram')!;
    expect(figure.querySelector('svg rect')).not.toBeNull();
    expect(dom.querySelector('code.language-mermaid')).toBeNull();
    expect(dom.querySelector('nav.toc a')?.getAttribute('href')).toBe(
      '#user-content-shim-crash-on-k8s-worker-21',
    );
    expect(dom.getElementById('user-content-summary')?.textContent).toBe('Summary');
  });

  it('shows the Mermaid source with a note when the diagram was not drawn', () => {
    const dom = new DOMParser().parseFromString(exportDocument(DOC, 'html', OPTS).content, 'text/html');
    const figure = dom.querySelector('figure.diagram')!;
    expect(figure.querySelector('pre code')?.textContent).toBe(`${MERMAID}\n`);
    expect(figure.querySelector('figcaption')?.textContent).toMatch(/Mermaid diagram, shown as its source/);
    expect(figure.querySelector('svg')).toBeNull();
  });
});

describe('json', () => {
  it('is the structured document', () => {
    const draft = {
      templateId: 'shim-crash-rca',
      title: 'x',
      values: { a: 'b' },
      edited: ['a'],
      sections: [],
    };
    const out = exportDocument(DOC, 'json', { ...OPTS, draft });
    expect(out.mime).toBe('application/json;charset=utf-8');
    expect(JSON.parse(out.content)).toEqual({
      format: 'rca-workbench.document',
      version: 1,
      generator: 'rca-workbench@0.1.0',
      templateId: 'shim-crash-rca',
      incidentId: 'INC 2024/11 <x>',
      title: OPTS.meta.title,
      generatedAt: '2024-11-24T08:00:00.000Z',
      markdown: MARKDOWN,
      footnotes: DOC.footnotes,
      diagrams: DOC.diagrams,
      toc: DOC.toc,
      draft,
    });
    expect(JSON.parse(exportDocument(DOC, 'json', OPTS).content).draft).toBeNull();
  });
});
