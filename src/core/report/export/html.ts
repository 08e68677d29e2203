// Markdown to safe HTML (the standalone HTML export and the app's "copy as rich HTML"), and the
// SVG sanitizer for diagrams drawn by Mermaid.
//
// The pipeline: remark-parse + remark-gfm -> our tree steps (alerts, heading ids) -> remark-rehype
// WITHOUT allowDangerousHtml (raw HTML in the Markdown is dropped, never passed through) ->
// rehype-sanitize with GitHub's schema (plus the alert classes) -> our post-sanitize steps (in-page
// links, bidi controls, diagrams) -> rehype-stringify. Pure: no DOM, runs in Node and the worker.
import GithubSlugger from 'github-slugger';
import type { Element, ElementContent, Nodes as HastNodes, Root as HastRoot } from 'hast';
import type { Nodes as MdastNodes, Root as MdastRoot, Text as MdastText } from 'mdast';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { showBidi } from '../../util/bidi.ts';
import type { RenderedDocument } from '../document-model.ts';
import { HTML_STYLE } from './html-style.ts';
import { ALERTS, type ExportMeta, plainText, stripAlert, walk } from './markdown.ts';

export { showBidi };

/** The prefix rehype-sanitize puts on every id (DOM clobbering); in-page links get it too. */
export const ID_PREFIX = 'user-content-';

const SCHEMA: SanitizeSchema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    div: [
      ...(defaultSchema.attributes?.div ?? []),
      ['className', 'markdown-alert', ...Object.keys(ALERTS).map((k) => `markdown-alert-${k.toLowerCase()}`)],
    ],
    p: [...(defaultSchema.attributes?.p ?? []), ['className', 'markdown-alert-title']],
  },
};

/** Alerts become GitHub's own markup: `<div class="markdown-alert markdown-alert-tip">` + a title. */
function remarkAlerts() {
  return (tree: MdastRoot) => {
    walk(tree, (node) => {
      if (node.type !== 'blockquote') return;
      const kind = stripAlert(node);
      if (!kind) return;
      const k = kind.toLowerCase();
      node.data = { hName: 'div', hProperties: { className: ['markdown-alert', `markdown-alert-${k}`] } };
      node.children.unshift({
        type: 'paragraph',
        data: { hProperties: { className: ['markdown-alert-title'] } },
        children: [{ type: 'text', value: ALERTS[kind].label }],
      });
    });
  };
}

/** Raw HTML in the Markdown shows as the text it is (`<script>` reads as `<script>`), never as markup. */
function remarkHtmlAsText() {
  return (tree: MdastRoot) => {
    walk(tree, (node, parent) => {
      if (node.type !== 'html' || !parent || !('children' in parent)) return;
      const siblings = parent.children as MdastNodes[];
      const text: MdastNodes = { type: 'text', value: node.value };
      // A block of HTML becomes a paragraph of text; inline HTML, text in its paragraph.
      const isBlock = parent.type === 'root' || parent.type === 'blockquote' || parent.type === 'listItem';
      siblings[siblings.indexOf(node)] = isBlock
        ? { type: 'paragraph', children: [text as MdastText] }
        : text;
    });
  };
}

/**
 * Images become links to them, as in the app's preview: the standalone file's CSP loads no image
 * from a URL anyway, and a pasted rich copy would fetch it from wherever it points (a tracker in
 * a template). Input: `![x](https://host/p.png "t")` -> `[image: x](https://host/p.png)`, `![x][ref]`.
 */
function remarkImagesAsLinks() {
  return (tree: MdastRoot) => {
    walk(tree, (node, parent) => {
      if ((node.type !== 'image' && node.type !== 'imageReference') || !parent || !('children' in parent))
        return;
      const siblings = parent.children as MdastNodes[];
      const text: MdastText = {
        type: 'text',
        value: `[image: ${node.alt || ('url' in node ? node.url : '')}]`,
      };
      siblings[siblings.indexOf(node)] =
        node.type === 'image'
          ? { type: 'link', url: node.url, children: [text] }
          : { ...node, type: 'linkReference', children: [text] };
    });
  };
}

/** Heading ids: the github-slugger slug of the text (the toc's slugs), prefixed by the sanitizer. */
function remarkHeadingIds() {
  return (tree: MdastRoot) => {
    const slugger = new GithubSlugger();
    walk(tree, (node) => {
      if (node.type !== 'heading') return;
      node.data = {
        ...node.data,
        hProperties: { ...node.data?.hProperties, id: slugger.slug(plainText(node)) },
      };
    });
  };
}

/** Diagram hook: the HTML for the i-th ```mermaid block (its source given), or null to keep it as code. */
type DiagramHook = (index: number, source: string) => ElementContent | null;

function classList(el: Element): string[] {
  const c: unknown = el.properties.className;
  return Array.isArray(c) ? c.map(String) : typeof c === 'string' ? c.split(' ') : [];
}

function hastText(node: HastNodes): string {
  if (node.type === 'text') return node.value;
  if ('children' in node) return node.children.map(hastText).join('');
  return '';
}

/** After the sanitizer: nothing here takes its input from the document's markup. */
function rehypeAfterSanitize(options: { diagram?: DiagramHook }) {
  return (tree: HastRoot) => {
    let index = 0;
    const visit = (node: HastNodes) => {
      if (node.type === 'text') {
        node.value = showBidi(node.value);
        return;
      }
      if (node.type !== 'element' && node.type !== 'root') return;
      if (node.type === 'element') {
        const href = node.properties.href;
        // In-page links (footnotes, `#slug`) must follow the ids the sanitizer prefixed.
        if (typeof href === 'string' && href.startsWith('#') && !href.startsWith(`#${ID_PREFIX}`)) {
          node.properties.href = `#${ID_PREFIX}${href.slice(1)}`;
        }
      }
      node.children.forEach((child, i) => {
        if (
          options.diagram &&
          child.type === 'element' &&
          child.tagName === 'pre' &&
          child.children[0]?.type === 'element' &&
          child.children[0].tagName === 'code' &&
          classList(child.children[0]).includes('language-mermaid')
        ) {
          const replacement = options.diagram(index, hastText(child.children[0]));
          index += 1;
          if (replacement) {
            node.children[i] = replacement;
            // The replacement is ours; only its text (a Mermaid source) still needs the bidi pass.
            visit(replacement);
            return;
          }
        }
        visit(child);
      });
    };
    visit(tree);
  };
}

function toHtml(markdown: string, diagram?: DiagramHook): string {
  const file = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkHtmlAsText)
    .use(remarkImagesAsLinks)
    .use(remarkAlerts)
    .use(remarkHeadingIds)
    // clobberPrefix '' : the sanitizer adds the one prefix (otherwise ids get it twice).
    .use(remarkRehype, { clobberPrefix: '', footnoteLabel: 'Sources', footnoteLabelProperties: {} })
    .use(rehypeSanitize, SCHEMA)
    .use(rehypeAfterSanitize, { diagram })
    .use(rehypeStringify)
    .processSync(markdown);
  return String(file);
}

/** A sanitized HTML fragment: no scripts, no event handlers, no javascript: URLs, no raw HTML. */
export function markdownToHtml(markdown: string): string {
  return toHtml(markdown);
}

// ---------------------------------------------------------------------------------------------
// SVG sanitizer. Mermaid's SVG (from the browser, so HTML-serialized: `<br>` inside foreignObject
// labels) is tokenized, filtered against allowlists and written again from scratch with every text
// and attribute escaped: nothing of the input reaches the output except what the lists name.

const SVG_ELEMENTS = [
  'svg',
  'g',
  'defs',
  'symbol',
  'use',
  'title',
  'desc',
  'style',
  'path',
  'rect',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'text',
  'tspan',
  'textPath',
  'marker',
  'clipPath',
  'mask',
  'pattern',
  'linearGradient',
  'radialGradient',
  'stop',
  'filter',
  'feGaussianBlur',
  'feOffset',
  'feBlend',
  'feFlood',
  'feComposite',
  'feMerge',
  'feMergeNode',
  'feColorMatrix',
  'feDropShadow',
  'foreignObject',
  'switch',
];
// HTML Mermaid puts in foreignObject labels.
const HTML_IN_SVG = [
  'div',
  'span',
  'p',
  'br',
  'b',
  'strong',
  'i',
  'em',
  'code',
  'pre',
  'ul',
  'ol',
  'li',
  'small',
  'sub',
  'sup',
  'hr',
  'table',
  'thead',
  'tbody',
  'tr',
  'td',
  'th',
  'label',
];
const ALLOWED = new Map([...SVG_ELEMENTS, ...HTML_IN_SVG].map((n) => [n.toLowerCase(), n]));
const HTML_SET = new Set(HTML_IN_SVG);
const VOID_HTML = new Set(['br', 'hr', 'img', 'input', 'wbr', 'col', 'area', 'source', 'meta', 'link']);
// Dropped tag, children kept (a link around a node label: the label stays, the link goes).
const UNWRAP = new Set(['a']);
// Text of these is raw in HTML serialization: read up to the closing tag.
const RAW_TEXT = new Set(['style', 'script', 'textarea', 'title', 'xmp', 'iframe', 'noscript', 'noembed']);

interface SvgElement {
  name: string;
  attrs: [string, string][];
  children: (SvgElement | string)[];
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  // reads "a &amp; b &#60; &#x3c; &nbsp;"
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') {
      const code =
        e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
    }
    return ENTITY[e.toLowerCase()] ?? all;
  });
}

// Characters XML 1.0 forbids (C0 controls but tab/newline/return, lone surrogates, U+FFFE/FFFF).
// reads "\u0000" and "\uD800" alone
const XML_INVALID_RE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text XML can hold (invalid characters become U+FFFD), bidi controls shown: for text and CDATA. */
export function xmlSafe(text: string): string {
  return showBidi(text.replace(XML_INVALID_RE, '\ufffd'));
}

/** Escapes text for XML/HTML text and double-quoted attributes; drops what XML cannot hold. */
export function escapeXml(text: string): string {
  return xmlSafe(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function parseSvgTokens(input: string): SvgElement {
  const root: SvgElement = { name: '#root', attrs: [], children: [] };
  const stack: SvgElement[] = [root];
  let i = 0;
  const top = () => stack[stack.length - 1];
  while (i < input.length) {
    const lt = input.indexOf('<', i);
    if (lt < 0) {
      top().children.push(decodeEntities(input.slice(i)));
      break;
    }
    if (lt > i) top().children.push(decodeEntities(input.slice(i, lt)));
    if (input.startsWith('<!--', lt)) {
      const end = input.indexOf('-->', lt + 4);
      i = end < 0 ? input.length : end + 3;
    } else if (input.startsWith('<![CDATA[', lt)) {
      const end = input.indexOf(']]>', lt + 9);
      top().children.push(input.slice(lt + 9, end < 0 ? input.length : end));
      i = end < 0 ? input.length : end + 3;
    } else if (input[lt + 1] === '!' || input[lt + 1] === '?') {
      const end = input.indexOf('>', lt);
      i = end < 0 ? input.length : end + 1;
    } else if (input[lt + 1] === '/') {
      const end = input.indexOf('>', lt);
      // reads "</g >"
      const name = input
        .slice(lt + 2, end < 0 ? input.length : end)
        .trim()
        .toLowerCase();
      const at = stack.map((e) => e.name.toLowerCase()).lastIndexOf(name);
      if (at > 0) stack.length = at;
      i = end < 0 ? input.length : end + 1;
    } else if (/[a-zA-Z]/.test(input[lt + 1] ?? '')) {
      // The tag runs to the first `>` outside quotes.
      let j = lt + 1;
      let quote = '';
      while (j < input.length) {
        const c = input[j];
        if (quote) {
          if (c === quote) quote = '';
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '>') break;
        j += 1;
      }
      const inner = input.slice(lt + 1, j);
      i = j + 1;
      // reads `path d="M0 0" class='edge' hidden/`
      const nameMatch = /^[^\s/>]+/.exec(inner)!;
      const name = nameMatch[0];
      const selfClosing = inner.trimEnd().endsWith('/');
      const attrs: [string, string][] = [];
      const attrText = inner.slice(name.length, selfClosing ? inner.trimEnd().length - 1 : inner.length);
      // reads ` x="1" y='2' hidden data-x=3`
      for (const m of attrText.matchAll(/([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
        attrs.push([m[1], decodeEntities(m[2] ?? m[3] ?? m[4] ?? '')]);
      }
      const el: SvgElement = { name, attrs, children: [] };
      top().children.push(el);
      const lower = name.toLowerCase();
      if (RAW_TEXT.has(lower) && !selfClosing) {
        // reads "<style>.a > b { fill: red }</style>" with no markup inside
        const close = input.toLowerCase().indexOf(`</${lower}`, i);
        const raw = input.slice(i, close < 0 ? input.length : close);
        el.children.push(
          raw.startsWith('<![CDATA[') ? raw.slice(9).replace(/\]\]>\s*$/, '') : decodeEntities(raw),
        );
        const end = close < 0 ? input.length : input.indexOf('>', close);
        i = end < 0 ? input.length : end + 1;
      } else if (!selfClosing && !VOID_HTML.has(lower)) {
        stack.push(el);
      }
    } else {
      top().children.push('<');
      i = lt + 1;
    }
  }
  return root;
}

// A value that could run code or load something when a browser reads it.
// reads "javascript:alert(1)", " java\tscript:", "data:text/html,..." and "url(https://x/y.png)"
const DANGEROUS_VALUE_RE =
  /javascript:|vbscript:|data:text\/html|expression\s*\(|@import|url\s*\(\s*['"]?(?!#)/i;

function safeAttr(name: string, value: string): boolean {
  const lower = name.toLowerCase();
  if (!/^[a-z_][\w.:-]*$/i.test(name)) return false;
  if (lower.startsWith('on')) return false; // onload, onclick, onbegin...
  if (lower === 'href' || lower === 'xlink:href') return value.trim().startsWith('#');
  if (lower === 'src' || lower === 'srcset' || lower === 'formaction' || lower === 'action') return false;
  if (lower === 'xmlns')
    return value === 'http://www.w3.org/2000/svg' || value === 'http://www.w3.org/1999/xhtml';
  if (lower === 'xmlns:xlink') return value === 'http://www.w3.org/1999/xlink';
  if (lower.includes(':') && lower !== 'xml:space' && lower !== 'xml:lang') return false;
  // Strip what browsers ignore inside a scheme ("java\tscript:") before looking at the value.
  const compact = value.replace(/[\u0000-\u0020\u007f-\u009f]+/g, '');
  return !DANGEROUS_VALUE_RE.test(compact);
}

function safeCss(css: string): string {
  // reads "@import url(x.css);" and "fill: url(https://x/a.png)" (references to #ids stay)
  return css
    .replace(/@import[^;]*;?/gi, '')
    .replace(/url\s*\(\s*(['"]?)(?!#)[^)]*\)/gi, 'none')
    .replace(/expression\s*\(/gi, '(');
}

function writeSvg(el: SvgElement, out: string[]): void {
  const lower = el.name.toLowerCase();
  const canonical = ALLOWED.get(lower);
  if (!canonical) {
    if (UNWRAP.has(lower)) for (const c of el.children) writeChild(c, lower, out);
    return; // script, iframe, animate/set (they can rewrite an href), image, anything unknown
  }
  const attrs = el.attrs
    .filter(([n, v]) => safeAttr(n, v))
    .map(
      ([n, v]) => ` ${n}="${escapeXml(lower === 'style' || n.toLowerCase() === 'style' ? safeCss(v) : v)}"`,
    )
    .join('');
  if (el.children.length === 0 && (!HTML_SET.has(canonical) || VOID_HTML.has(lower))) {
    out.push(`<${canonical}${attrs}/>`);
    return;
  }
  if (VOID_HTML.has(lower)) {
    out.push(`<${canonical}${attrs}/>`);
    return;
  }
  out.push(`<${canonical}${attrs}>`);
  for (const c of el.children) writeChild(c, lower, out);
  out.push(`</${canonical}>`);
}

function writeChild(c: SvgElement | string, parent: string, out: string[]) {
  if (typeof c === 'string') out.push(escapeXml(parent === 'style' ? safeCss(c) : c));
  else writeSvg(c, out);
}

/**
 * The first `<svg>` of `input`, rebuilt from allowlisted elements and attributes: no script, no
 * event handler, no link or reference outside the SVG, no animation; '' when there is no `<svg>`.
 */
export function sanitizeSvg(input: string): string {
  const root = parseSvgTokens(input);
  const find = (el: SvgElement): SvgElement | null => {
    for (const c of el.children) {
      if (typeof c === 'string') continue;
      if (c.name.toLowerCase() === 'svg') return c;
      const inner = find(c);
      if (inner) return inner;
    }
    return null;
  };
  const svg = find(root);
  if (!svg) return '';
  // Declared on the root whatever the input says, so the output is namespace-well-formed XML too
  // (an `xlink:href` kept below needs its prefix bound).
  svg.attrs = [
    ['xmlns', 'http://www.w3.org/2000/svg'],
    ['xmlns:xlink', 'http://www.w3.org/1999/xlink'],
    ...svg.attrs.filter(([n]) => n.toLowerCase() !== 'xmlns' && n.toLowerCase() !== 'xmlns:xlink'),
  ];
  const out: string[] = [];
  writeSvg(svg, out);
  return out.join('');
}

// ---------------------------------------------------------------------------------------------
// The standalone HTML file.

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export function exportHtml(
  doc: RenderedDocument,
  meta: ExportMeta,
  svgs: Record<string, string> = {},
): string {
  // A placeholder text per drawn diagram, swapped for the SVG after stringify (hast cannot hold
  // raw markup without allowDangerousHtml). The stem is one the document does not contain.
  let n = 0;
  while (doc.markdown.includes(`rcawb-svg-${n}-`)) n += 1;
  const stem = `rcawb-svg-${n}-`;
  const drawn = new Map<string, string>();
  const used = new Set<string>();
  const diagram: DiagramHook = (index, source) => {
    // By source first (robust to a fence the renderer did not list), else by position.
    const match =
      doc.diagrams.find((d) => !used.has(d.id) && d.source.trim() === source.trim()) ?? doc.diagrams[index];
    if (match) used.add(match.id);
    const svg = match && svgs[match.id] ? sanitizeSvg(svgs[match.id]) : '';
    const figure: Element = {
      type: 'element',
      tagName: 'figure',
      properties: { className: ['diagram'] },
      children: [],
    };
    if (svg) {
      const token = `${stem}${index}z`; // the `z` ends it: token 1 is not a prefix of token 10
      drawn.set(token, svg);
      figure.children.push({ type: 'text', value: token });
    } else {
      figure.children.push(
        {
          type: 'element',
          tagName: 'pre',
          properties: { className: ['mermaid-source'] },
          children: [
            { type: 'element', tagName: 'code', properties: {}, children: [{ type: 'text', value: source }] },
          ],
        },
        {
          type: 'element',
          tagName: 'figcaption',
          properties: {},
          children: [
            {
              type: 'text',
              value:
                'Mermaid diagram, shown as its source: it was not drawn for this file. Paste it into any Mermaid viewer to see it.',
            },
          ],
        },
      );
    }
    return figure;
  };
  let body = toHtml(doc.markdown, diagram);
  for (const [token, svg] of drawn) body = body.replace(token, () => svg); // a function: no `$&` patterns

  const toc =
    doc.toc.length > 1
      ? `<nav class="toc" aria-label="Contents"><p class="toc-title">Contents</p><ul>${doc.toc
          .map(
            (h) =>
              `<li class="toc-${Math.min(Math.max(h.level, 1), 6)}"><a href="#${escapeXml(ID_PREFIX + h.slug)}">${escapeXml(h.text)}</a></li>`,
          )
          .join('')}</ul></nav>\n`
      : '';
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="${escapeXml(meta.generator)}">`,
    `<title>${escapeXml(meta.title)}</title>`,
    `<style>${HTML_STYLE}</style>`,
    '</head>',
    '<body>',
    `<header class="doc-meta"><span>Incident ${escapeXml(meta.incidentId)}</span> · <span>Template ${escapeXml(
      meta.templateId,
    )}</span> · <span>Generated ${escapeXml(meta.generatedAt)} by ${escapeXml(meta.generator)}</span></header>`,
    `${toc}<main class="markdown-body">`,
    body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
