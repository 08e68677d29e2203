// The hostile-input corpus (issue 7 part 6): one list of payloads that the unit tests
// (test/hostile/*.test.ts) and the Playwright journeys (e2e/hostile*.spec.ts, through the fixture
// files e2e/fixtures/hostile/ built from this list by ./fixtures.ts) place in log lines, container
// and pod names, file names, template fields and files, pin notes and hypothesis notes. Each one
// says what it tries. Where a payload runs code it does it twice: `alert(1)` (a dialog, which the
// journeys fail on) and `window.__pwned=true` (a flag the journeys read: an init script sets it to
// false first).
//
// Pure data and small helpers: no DOM, no node: imports (the journeys import it too).

export type PayloadKind =
  | 'html' // markup a browser would run or load
  | 'url' // a javascript: URL as a Markdown or HTML link
  | 'markdown' // Markdown syntax that would become a link, an image or raw HTML
  | 'mermaid' // Mermaid directives and syntax
  | 'liquid' // Liquid tags a later processor would run
  | 'structure' // front matter, CDATA, comments, separators a writer must not let through
  | 'unicode' // bidi overrides, zero-width characters
  | 'control' // NUL and other control characters
  | 'shell' // shell syntax in an id that lands in a command
  | 'spreadsheet' // a formula a spreadsheet would evaluate
  | 'size'; // sheer length

export interface Payload {
  /** Short stable name: the fixture lines and the test titles use it. */
  id: string;
  kind: PayloadKind;
  text: string;
  /** What it tries, in a sentence. */
  tries: string;
}

/** A long container name: Kubernetes allows 253 characters in a name, logs allow anything. */
const LONG_NAME = `checkout-${'verylongcontainername-'.repeat(14)}end`;

export const PAYLOADS: readonly Payload[] = [
  // ---- HTML that runs ----
  {
    id: 'script',
    kind: 'html',
    // An inline script element.
    text: '<script>alert(1)</script>',
    tries: 'an inline <script> that runs when parsed as HTML',
  },
  {
    id: 'script-flag',
    kind: 'html',
    // The same, setting the flag the journeys read instead of opening a dialog.
    text: '<script>window.__pwned=true</script>',
    tries: 'an inline <script> that sets window.__pwned',
  },
  {
    id: 'img-onerror',
    kind: 'html',
    // A broken image whose error handler runs: the classic attribute injection.
    text: '<img src=x onerror=alert(1)>',
    tries: 'an <img> whose onerror handler runs when src=x fails to load',
  },
  {
    id: 'img-onerror-flag',
    kind: 'html',
    // Same, with the flag; quoted the way a template or a JSON value would carry it.
    text: '<img src=x onerror="window.__pwned=true">',
    tries: 'an <img> onerror handler that sets window.__pwned',
  },
  {
    id: 'svg-onload',
    kind: 'html',
    // An SVG element's load handler (fires without any network request).
    text: '<svg onload=alert(1)>',
    tries: 'an <svg> whose onload handler runs as soon as it is inserted',
  },
  {
    id: 'svg-onload-flag',
    kind: 'html',
    text: '<svg onload="window.__pwned=true"></svg>',
    tries: 'an <svg> onload handler that sets window.__pwned',
  },
  {
    id: 'svg-script',
    kind: 'html',
    // A script inside SVG: some sanitizers allow <svg> and forget its children.
    text: '<svg><script>alert(1)</script></svg>',
    tries: 'a <script> nested in <svg>, which HTML sanitizers that trust SVG let through',
  },
  {
    id: 'a-href-js',
    kind: 'url',
    // A link whose target is code.
    text: '<a href="javascript:window.__pwned=true">open</a>',
    tries: 'an <a href="javascript:..."> that runs when clicked',
  },
  {
    id: 'iframe-srcdoc',
    kind: 'html',
    // A frame carrying a whole document of its own (srcdoc is parsed as HTML with its own scripts).
    text: '<iframe srcdoc="<script>parent.__pwned=true</script>"></iframe>',
    tries: 'an <iframe srcdoc> whose inner document runs a script against its parent',
  },
  {
    id: 'details-ontoggle',
    kind: 'html',
    // Fires without user action: `open` toggles the element as it is inserted.
    text: '<details open ontoggle=alert(1)>',
    tries: 'a <details open ontoggle> that fires as soon as it is inserted',
  },
  {
    id: 'html-block',
    kind: 'markdown',
    // A raw HTML block: Markdown passes a line starting with a block tag through as HTML.
    text: '<div onclick="alert(1)">\n<style>body{display:none}</style>\n<script>alert(1)</script>\n</div>',
    tries: 'a raw HTML block (several lines) that a Markdown renderer passes through as HTML',
  },
  {
    id: 'entities',
    kind: 'html',
    // Entities that decode to markup: a writer that decodes then inserts HTML runs it.
    text: '&lt;img src=x onerror=alert(1)&gt; &#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E; &amp;',
    tries: 'HTML entities that become markup if decoded once too often',
  },
  // ---- URLs and Markdown ----
  {
    id: 'md-link-js',
    kind: 'url',
    // A Markdown link to code.
    text: '[click me](javascript:alert(1))',
    tries: 'a Markdown link whose URL is javascript:',
  },
  {
    id: 'md-autolink-js',
    kind: 'url',
    // A CommonMark autolink: any scheme inside <...> becomes a link.
    text: '<javascript:alert(1)>',
    tries: 'a Markdown autolink with a javascript: scheme',
  },
  {
    id: 'bare-js-url',
    kind: 'url',
    // A bare URL: a linkifier that accepts any scheme makes it a link.
    text: 'javascript:alert(1)',
    tries: 'a bare javascript: URL that a linkifier could turn into a link',
  },
  {
    id: 'md-image',
    kind: 'markdown',
    // An image with an outside URL and a title that reads like a handler.
    text: '![x](x "onerror=alert(1)") ![y](javascript:alert(1))',
    tries: 'Markdown images: one that loads src=x with a handler-like title, one with a javascript: src',
  },
  {
    id: 'md-reference-link',
    kind: 'markdown',
    // A reference definition and its use, on two lines.
    text: '[pwn][r]\n\n[r]: javascript:alert(1)',
    tries: 'a Markdown reference link whose definition points at javascript:',
  },
  // ---- Mermaid ----
  {
    id: 'mermaid-init',
    kind: 'mermaid',
    // A directive: Mermaid reads %%{init}%% anywhere in a diagram's text.
    text: '%%{init: {"securityLevel":"loose"}}%%',
    tries: 'a Mermaid init directive that lowers securityLevel so click handlers and HTML run',
  },
  {
    id: 'mermaid-click-call',
    kind: 'mermaid',
    // A flowchart click binding that calls a function.
    text: 'click A call alert(1)',
    tries: 'a Mermaid click binding that calls alert when a node is clicked',
  },
  {
    id: 'mermaid-click-href',
    kind: 'mermaid',
    text: 'click A href "javascript:alert(1)"',
    tries: 'a Mermaid click binding that links a node to javascript:',
  },
  {
    id: 'mermaid-syntax',
    kind: 'mermaid',
    // Statement and label syntax: an arrow, a statement end, a comment and an entity start.
    text: 'A --> B; %% hidden\n#35; `code` "quote"',
    tries:
      'Mermaid statement syntax (-->, ;, %%, #entity;, backticks, quotes) that splits a label into statements',
  },
  // ---- structure of the files the exports write ----
  {
    id: 'comment-close',
    kind: 'structure',
    // Ends an HTML comment a writer might wrap text in.
    text: '--> <!-- ',
    tries: 'closing (and opening) an HTML comment around the text',
  },
  {
    id: 'separators',
    kind: 'structure',
    // Characters that end statements, start comments or headings, open code spans.
    text: '; # heading ` `` ``` ~~~',
    tries: 'statement ends, comment and heading starts, backtick and tilde fences',
  },
  {
    id: 'cdata-end',
    kind: 'structure',
    // Ends the CDATA sections the Confluence export writes code into.
    text: ']]><script>alert(1)</script><![CDATA[',
    tries: 'ending a CDATA section early (the Confluence code macro) to inject markup after it',
  },
  {
    id: 'front-matter',
    kind: 'structure',
    // A YAML document end and a new key: breaks front matter written by string concatenation.
    text: '---\ntitle: pwned\nlayout: <script>alert(1)</script>\n---',
    tries: 'closing the YAML front matter early and adding keys of its own',
  },
  {
    id: 'yaml-scalar',
    kind: 'structure',
    // YAML syntax on one line: a flow mapping, an anchor, a tag, a comment.
    text: '\'" : {a: b} &x *x !!js/function # c',
    tries: 'YAML quoting, flow mappings, anchors and tags in a front-matter value',
  },
  // ---- Liquid ----
  {
    id: 'liquid-output',
    kind: 'liquid',
    text: '{{ 7 | times: 7 }}',
    tries: 'a Liquid output that prints 49 if a template engine evaluates the text',
  },
  {
    id: 'liquid-include',
    kind: 'liquid',
    text: '{% include x %}',
    tries: 'a Liquid include that reads another file',
  },
  {
    id: 'liquid-raw',
    kind: 'liquid',
    text: '{%raw%}{{ doc.title }}{%endraw%} {% endraw %}',
    tries: 'Liquid raw tags that switch escaping off, and a stray endraw',
  },
  // ---- Unicode ----
  {
    id: 'bidi-override',
    kind: 'unicode',
    // RIGHT-TO-LEFT OVERRIDE: "invoice‮fdp.exe" reads as "invoiceexe.pdf".
    text: 'invoice\u202Efdp.exe',
    tries: 'a right-to-left override that makes text read differently from what it is (Trojan Source)',
  },
  {
    id: 'bidi-isolates',
    kind: 'unicode',
    // The isolates (LRI, RLI, FSI, PDI) and an embedding.
    text: 'a\u2066b\u2067c\u2068d\u2069e\u202Bf\u202Cg',
    tries: 'bidi isolates and embeddings that reorder what the reader sees',
  },
  {
    id: 'zero-width',
    kind: 'unicode',
    // Zero-width joiner, space and non-joiner, word joiner, BOM: invisible characters in a name.
    text: 'ad\u200Dmin\u200B\u200C\u2060\uFEFFroot',
    tries: 'zero-width characters that hide inside a name or split a keyword',
  },
  // ---- controls ----
  {
    id: 'nul-and-controls',
    kind: 'control',
    // NUL, bell, backspace, an ANSI colour sequence, DEL and a C1 control.
    text: 'nul\u0000bell\u0007back\u0008\u001B[31mred\u001B[0m del\u007F c1\u0085end',
    tries: 'NUL and other control characters that cut strings, break XML or recolour a terminal',
  },
  // ---- shell (ids that land in commands) ----
  {
    id: 'shell',
    kind: 'shell',
    // No slash: it also serves as a namespace, which a `/` would split from the pod name.
    text: "x';touch PWNED;'$(touch PWNED)`touch PWNED`",
    tries: 'breaking out of the quoting of a command built from an id',
  },
  // ---- spreadsheets ----
  {
    id: 'csv-formula',
    kind: 'spreadsheet',
    text: "=cmd|' /C calc'!A0",
    tries: 'a spreadsheet formula (DDE) that runs a program if a table is opened in a spreadsheet',
  },
  {
    id: 'csv-formula-at',
    kind: 'spreadsheet',
    text: "@SUM(1+1)*cmd|' /C calc'!A0,+1-1,-2+3",
    tries: 'the other formula prefixes (@ + -)',
  },
  // ---- size ----
  {
    id: 'long-name',
    kind: 'size',
    text: LONG_NAME,
    tries: 'a container name longer than any column or box is made for',
  },
];

/** The payload with this id (throws on a typo). */
export function payload(id: string): string {
  const p = PAYLOADS.find((x) => x.id === id);
  if (!p) throw new Error(`no payload ${id}`);
  return p.text;
}

/** Payloads of one line (a log line, a name, a one-line field holds only these as they are). */
export const ONE_LINE: readonly Payload[] = PAYLOADS.filter((p) => !/[\r\n\u0085]/.test(p.text));

/** The journeys' flag: an init script sets it to false; a payload that runs sets it to true. */
export const PWNED_FLAG = '__pwned';

/** A line of `bytes` characters (default 1 MiB) that ends with payloads, for the size tests. */
export function hugeLine(bytes = 1 << 20): string {
  const tail = ` ${payload('img-onerror')} ${payload('script-flag')} END-OF-HUGE-LINE`;
  const unit = 'abcdefghij0123456789 ';
  return unit.repeat(Math.ceil((bytes - tail.length) / unit.length)).slice(0, bytes - tail.length) + tail;
}

/**
 * Payloads that read the same once displayed: no control, bidi or invisible character and no
 * line break (those are shown as code points or spaces on purpose). A place that shows text
 * must show these verbatim.
 */
export const VERBATIM: readonly Payload[] = ONE_LINE.filter(
  (p) => !/[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/.test(p.text),
);

// ---- What no output may hold, and the check the tests share ----

/**
 * One line per element or attribute under `root` that could run code or navigate to code: [] when
 * there is none. The app's own scripts are files (`<script src>`): an inline one came from input.
 * Self-contained (no outside names) so that the journeys can run it in the page as it is.
 */
export function activeContent(root: { querySelectorAll(s: string): ArrayLike<Element> }): string[] {
  // Tags that run or embed code, or change where the page's links go.
  const activeTags = ['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'portal'];
  // Attributes whose value is a URL a browser follows or loads (`to`/`values`/`from`: SVG animations).
  const urlAttributes = ['href', 'xlink:href', 'src', 'action', 'formaction', 'poster', 'data'];
  const animationAttributes = ['to', 'values', 'from'];
  // Browsers ignore controls and spaces inside a scheme: "java\tscript:".
  const isScriptUrl = (v: string) =>
    /^(?:javascript:|vbscript:|data:text\/html)/.test(
      v.replace(/[\u0000-\u0020\u007F-\u009F]+/g, '').toLowerCase(),
    );
  const problems: string[] = [];
  for (const el of Array.from(root.querySelectorAll('*'))) {
    const tag = el.localName.toLowerCase();
    if (tag === 'script' && !el.getAttribute('src'))
      problems.push(`inline <script>${(el.textContent ?? '').slice(0, 60)}`);
    if (activeTags.includes(tag)) problems.push(`<${tag}>`);
    if (tag === 'meta' && /refresh/i.test(el.getAttribute('http-equiv') ?? ''))
      problems.push('<meta refresh>');
    for (const name of el.getAttributeNames()) {
      const lower = name.toLowerCase();
      const value = el.getAttribute(name) ?? '';
      const shown = `<${tag} ${name}="${value.slice(0, 60)}">`;
      if (lower.startsWith('on')) problems.push(shown);
      else if (lower === 'srcdoc') problems.push(shown);
      else if ((urlAttributes.includes(lower) || animationAttributes.includes(lower)) && isScriptUrl(value))
        problems.push(shown);
    }
  }
  return problems;
}

/**
 * Problems an HTML or XML text shows without being parsed: what a `<` can only be as a tag, since
 * the writers escape every `<` of text (CDATA sections, the Confluence code macros, are text).
 */
export function markupProblems(text: string): string[] {
  const markup = text.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  const problems: string[] = [];
  if (/<script/i.test(markup)) problems.push('<script in the text');
  if (/<iframe/i.test(markup)) problems.push('<iframe in the text');
  if (/<[^>]*\ssrcdoc\s*=/i.test(markup)) problems.push('srcdoc in a tag');
  if (/<[^>]*\son[a-z]+\s*=/i.test(markup)) problems.push('a handler in a tag');
  return problems;
}
