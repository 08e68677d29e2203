// The stylesheet inlined in the standalone HTML export: light, readable, print-friendly. No
// external fonts or images (the file's CSP allows neither), system fonts only.
export const HTML_STYLE = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --bg-soft: #f6f8fa;
  --link: #0550ae; --note: #0969da; --tip: #1a7f37; --important: #8250df; --warning: #9a6700; --caution: #cf222e; }
* { box-sizing: border-box; }
html { background: #fff; }
body { margin: 0 auto; max-width: 52rem; padding: 2rem 1.5rem 4rem; color: var(--fg); background: #fff;
  font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.doc-meta { color: var(--muted); font-size: 0.85rem; border-bottom: 1px solid var(--border); padding-bottom: 0.5rem; margin-bottom: 1.5rem; }
.toc { border: 1px solid var(--border); border-radius: 6px; padding: 0.75rem 1rem; margin: 0 0 2rem; background: var(--bg-soft); }
.toc-title { font-weight: 600; margin: 0 0 0.25rem; }
.toc ul { list-style: none; margin: 0; padding: 0; }
.toc .toc-3 { padding-left: 1rem; } .toc .toc-4, .toc .toc-5, .toc .toc-6 { padding-left: 2rem; }
h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.75em 0 0.6em; font-weight: 600; }
h1 { font-size: 2em; border-bottom: 1px solid var(--border); padding-bottom: 0.3em; margin-top: 0; }
h2 { font-size: 1.5em; border-bottom: 1px solid var(--border); padding-bottom: 0.3em; }
h3 { font-size: 1.25em; }
p, ul, ol, table, pre, blockquote, .markdown-alert, figure { margin: 0 0 1em; }
a { color: var(--link); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.875em; }
code { background: var(--bg-soft); border-radius: 4px; padding: 0.1em 0.35em; overflow-wrap: anywhere; }
pre { background: var(--bg-soft); border: 1px solid var(--border); border-radius: 6px; padding: 0.75rem 1rem; overflow-x: auto; white-space: pre; }
pre code { background: none; padding: 0; font-size: 1em; overflow-wrap: normal; }
table { border-collapse: collapse; display: block; max-width: 100%; overflow-x: auto; }
th, td { border: 1px solid var(--border); padding: 0.4rem 0.75rem; text-align: left; vertical-align: top; }
th { background: var(--bg-soft); font-weight: 600; }
blockquote { color: var(--muted); border-left: 4px solid var(--border); padding: 0 1em; margin-left: 0; }
.markdown-alert { border-left: 4px solid var(--note); padding: 0.5rem 1rem; background: #fff; }
.markdown-alert > :last-child { margin-bottom: 0; }
.markdown-alert-title { font-weight: 600; margin-bottom: 0.25rem; }
.markdown-alert-note { border-color: var(--note); } .markdown-alert-note .markdown-alert-title { color: var(--note); }
.markdown-alert-tip { border-color: var(--tip); } .markdown-alert-tip .markdown-alert-title { color: var(--tip); }
.markdown-alert-important { border-color: var(--important); } .markdown-alert-important .markdown-alert-title { color: var(--important); }
.markdown-alert-warning { border-color: var(--warning); } .markdown-alert-warning .markdown-alert-title { color: var(--warning); }
.markdown-alert-caution { border-color: var(--caution); } .markdown-alert-caution .markdown-alert-title { color: var(--caution); }
figure.diagram { margin-left: 0; margin-right: 0; text-align: center; }
figure.diagram svg { max-width: 100%; height: auto; }
figure.diagram figcaption { color: var(--muted); font-size: 0.85rem; text-align: left; }
.footnotes { border-top: 1px solid var(--border); margin-top: 2.5rem; font-size: 0.9rem; color: var(--muted); }
.footnotes ol { padding-left: 1.5rem; }
.footnotes code { overflow-wrap: anywhere; }
sup a { text-decoration: none; }
hr { border: 0; border-top: 1px solid var(--border); margin: 2rem 0; }
img { max-width: 100%; }
@media print {
  @page { margin: 18mm 16mm; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  .toc { break-after: page; background: none; }
  h1, h2, h3, h4 { break-after: avoid; }
  pre, table, figure, blockquote, .markdown-alert, tr { break-inside: avoid; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; }
  a { color: inherit; }
  .markdown-body a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.8em; color: var(--muted); }
  code, pre, th, .toc { background: none; }
}
`;
