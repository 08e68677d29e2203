// The Confluence export: storage format (the XHTML-based XML Confluence Cloud and Data Center
// store pages in; paste it in the storage-format source editor or send it through the REST API as
// `representation: "storage"`). Written from the Markdown tree, element by element, every text
// escaped, so the file is well-formed XML whatever the log lines hold.
//
// What storage format accepts, as Atlassian documents it ("Confluence Storage Format" and the macro
// pages, confluence.atlassian.com/doc/confluence-storage-format-790796544.html; code macro:
// confluence.atlassian.com/doc/code-block-macro-139390.html; info/tip/note/warning macros:
// confluence.atlassian.com/doc/info-tip-note-and-warning-macros-51872369.html):
// - headings h1..h6, p, strong, em, code, ul/ol/li, blockquote, table/tbody/tr/th/td, hr, br, sup;
//   strikethrough is a span with text-decoration (the documented form);
// - code: <ac:structured-macro ac:name="code"> with <ac:parameter ac:name="language"> and the body
//   as CDATA in <ac:plain-text-body> (a `]]>` in the code must be split across two CDATA sections);
// - callouts: the info, tip, note and warning macros, a title parameter, <ac:rich-text-body>;
// - anchors: the anchor macro (<ac:parameter ac:name="">name</ac:parameter>) and links to it with
//   <ac:link ac:anchor="name">: footnotes have no native form, so a reference is a superscript link
//   to an anchored item of a "Sources" list at the end;
// - external links: <a href>; images: <ac:image><ri:url ri:value/></ac:image>.
// Mermaid: Confluence has no built-in Mermaid renderer and storage format has no element for an
// inline <svg> (images are attachments or URLs: <ri:attachment>, <ri:url>); converters that ship
// drawn diagrams upload a PNG/SVG attachment through the REST API (md2conf pull #41, mark pull
// #167, md2cf issue #88), which a file export cannot do. So a diagram is a code macro with language
// "mermaid": readable as is, and drawn by the Mermaid apps for Confluence that read such blocks.
import type { Nodes, Root, RootContent } from 'mdast';
import type { RenderedDocument } from '../document-model.ts';
import { escapeXml, xmlSafe } from './html.ts';
import { ALERTS, parseMarkdown, stripAlert } from './markdown.ts';

/** A CDATA section for any text: `]]>` is split as `]]` + `>` across two sections. */
export function cdata(text: string): string {
  return `<![CDATA[${xmlSafe(text).replace(/\]\]>/g, ']]]]><![CDATA[>')}]]>`;
}

// Fence languages to the names Confluence's code macro knows (sh -> bash...); others pass as is.
const LANGUAGES: Record<string, string> = {
  sh: 'bash',
  shell: 'bash',
  console: 'bash',
  zsh: 'bash',
  js: 'javascript',
  ts: 'typescript',
  py: 'python',
  yml: 'yaml',
  html: 'html/xml',
  xml: 'html/xml',
  golang: 'go',
  'c++': 'cpp',
  cs: 'csharp',
  ps1: 'powershell',
};

function codeMacro(code: string, lang: string | null | undefined): string {
  // reads "mermaid", "go", "c++", "html/xml"; anything else (quotes, spaces) is no language
  const l = (lang ?? '').toLowerCase();
  const language = /^[a-z0-9+#/_-]{1,32}$/.test(l) ? (LANGUAGES[l] ?? l) : '';
  const param = language ? `<ac:parameter ac:name="language">${escapeXml(language)}</ac:parameter>` : '';
  const title = language === 'mermaid' ? '<ac:parameter ac:name="title">Mermaid diagram</ac:parameter>' : '';
  return `<ac:structured-macro ac:name="code">${param}${title}<ac:plain-text-body>${cdata(code)}</ac:plain-text-body></ac:structured-macro>`;
}

const SAFE_HREF_RE = /^(https?:|mailto:)/i; // reads "https://example.com/x" and "mailto:a@b"

function anchorName(label: string): string {
  // reads "L1" -> "source-l1"
  return `source-${label.toLowerCase().replace(/[^a-z0-9_-]+/g, '-')}`;
}

interface Ctx {
  /** Footnote identifier -> label, in order of definition. */
  labels: Map<string, string>;
}

const BLOCK_PARENTS = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition']);

function children(node: Nodes, ctx: Ctx): string {
  if (!('children' in node)) return '';
  return (node.children as Nodes[])
    .map((c) =>
      // A block of raw HTML is a paragraph of text (inline HTML is text in its paragraph).
      c.type === 'html' && BLOCK_PARENTS.has(node.type) ? `<p>${escapeXml(c.value)}</p>` : write(c, ctx),
    )
    .join('');
}

function write(node: Nodes, ctx: Ctx): string {
  switch (node.type) {
    case 'root':
      return children(node, ctx);
    case 'paragraph':
      return `<p>${children(node, ctx)}</p>`;
    case 'heading':
      return `<h${node.depth}>${children(node, ctx)}</h${node.depth}>`;
    case 'thematicBreak':
      return '<hr/>';
    case 'blockquote': {
      const kind = stripAlert(node);
      if (!kind) return `<blockquote>${children(node, ctx)}</blockquote>`;
      const a = ALERTS[kind];
      return `<ac:structured-macro ac:name="${a.confluence}"><ac:parameter ac:name="title">${escapeXml(a.label)}</ac:parameter><ac:rich-text-body>${children(node, ctx)}</ac:rich-text-body></ac:structured-macro>`;
    }
    case 'list': {
      const tag = node.ordered ? 'ol' : 'ul';
      const start = node.ordered && node.start != null && node.start !== 1 ? ` start="${node.start}"` : '';
      return `<${tag}${start}>${children(node, ctx)}</${tag}>`;
    }
    case 'listItem': {
      const box = node.checked === true ? '☑ ' : node.checked === false ? '☐ ' : '';
      // A tight item's paragraph is its text (Confluence shows <li><p> with extra space).
      const inner =
        node.children.length === 1 && node.children[0].type === 'paragraph'
          ? children(node.children[0], ctx)
          : children(node, ctx);
      return `<li>${escapeXml(box)}${inner}</li>`;
    }
    case 'table': {
      const rows = node.children.map((row, r) => {
        const tag = r === 0 ? 'th' : 'td';
        return `<tr>${row.children.map((cell) => `<${tag}>${children(cell, ctx)}</${tag}>`).join('')}</tr>`;
      });
      return `<table><tbody>${rows.join('')}</tbody></table>`;
    }
    case 'code':
      return codeMacro(node.value, node.lang);
    case 'html':
      // Raw HTML in the Markdown is text here, as everywhere.
      return escapeXml(node.value);
    case 'text':
      return escapeXml(node.value);
    case 'emphasis':
      return `<em>${children(node, ctx)}</em>`;
    case 'strong':
      return `<strong>${children(node, ctx)}</strong>`;
    case 'delete':
      return `<span style="text-decoration: line-through;">${children(node, ctx)}</span>`;
    case 'inlineCode':
      return `<code>${escapeXml(node.value)}</code>`;
    case 'break':
      return '<br/>';
    case 'link':
      return SAFE_HREF_RE.test(node.url.trim())
        ? `<a href="${escapeXml(node.url.trim())}">${children(node, ctx)}</a>`
        : children(node, ctx);
    case 'image':
      return /^https?:/i.test(node.url.trim())
        ? `<ac:image ac:alt="${escapeXml(node.alt ?? '')}"><ri:url ri:value="${escapeXml(node.url.trim())}"/></ac:image>`
        : escapeXml(node.alt ?? '');
    case 'linkReference':
      return children(node, ctx);
    case 'imageReference':
      return escapeXml(node.alt ?? '');
    case 'footnoteReference': {
      const label = ctx.labels.get(node.identifier) ?? node.label ?? node.identifier;
      return `<sup><ac:link ac:anchor="${escapeXml(anchorName(label))}"><ac:plain-text-link-body>${cdata(`[${label}]`)}</ac:plain-text-link-body></ac:link></sup>`;
    }
    default:
      // definition, footnoteDefinition (written in Sources), yaml: nothing in the body.
      return '';
  }
}

function sourcesList(defs: Extract<RootContent, { type: 'footnoteDefinition' }>[], ctx: Ctx): string {
  if (defs.length === 0) return '';
  const items = defs.map((d) => {
    const label = ctx.labels.get(d.identifier) ?? d.identifier;
    const inner =
      d.children.length === 1 && d.children[0].type === 'paragraph'
        ? children(d.children[0], ctx)
        : children(d, ctx);
    return `<li><ac:structured-macro ac:name="anchor"><ac:parameter ac:name="">${escapeXml(anchorName(label))}</ac:parameter></ac:structured-macro><strong>[${escapeXml(label)}]</strong> ${inner}</li>`;
  });
  return `<h2>Sources</h2><ol>${items.join('')}</ol>`;
}

export function exportConfluence(doc: RenderedDocument): string {
  const tree: Root = parseMarkdown(doc.markdown);
  const defs: Extract<RootContent, { type: 'footnoteDefinition' }>[] = [];
  const collect = (node: Nodes) => {
    if (node.type === 'footnoteDefinition') defs.push(node);
    if ('children' in node) for (const c of node.children as Nodes[]) collect(c);
  };
  collect(tree);
  const ctx: Ctx = { labels: new Map(defs.map((d) => [d.identifier, d.label ?? d.identifier])) };
  const blocks = tree.children
    .map((c) => (c.type === 'html' ? `<p>${escapeXml(c.value)}</p>` : write(c, ctx)))
    .filter((s) => s !== '');
  const sources = sourcesList(defs, ctx);
  if (sources) blocks.push(sources);
  return `${blocks.join('\n')}\n`;
}
