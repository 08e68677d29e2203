// The rendered document as it will read: GFM through react-markdown (raw HTML in the Markdown is
// shown as text, never parsed: react-markdown turns `raw` nodes into text without rehype-raw),
// ```mermaid blocks drawn by Mermaid, GitHub alerts as callouts, a table of contents, and the
// footnotes of cited lines: a click on `[1]` shows that line in the timeline.

import GithubSlugger from 'github-slugger';
import type { Element, ElementContent, Root } from 'hast';
import { type MouseEvent, type ReactNode, useMemo, useRef } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import type { Footnote, RenderedDocument } from '../../core/report/document-model.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import { MermaidDiagram } from '../../ui/mermaid-diagram.tsx';

/** Heading ids in the preview: prefixed so that a heading named `main` cannot take the app's id. */
export const HEADING_PREFIX = 'doc-';

// remark-rehype's footnote links: `<a href="#user-content-fn-l1" data-footnote-ref>` (labels lower-cased).
const FOOTNOTE_HREF = '#user-content-fn-';
const FOOTNOTE_ID = 'user-content-fn-';

function textOf(node: ElementContent | Element): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

/** Gives each heading the id its table-of-contents entry links to (github-slugger, as render.ts). */
function rehypeHeadingIds() {
  return (tree: Root) => {
    const slugger = new GithubSlugger();
    const walk = (node: Root | Element) => {
      for (const child of node.children) {
        if (child.type !== 'element') continue;
        if (/^h[1-6]$/.test(child.tagName) && child.properties.id === undefined)
          child.properties.id = `${HEADING_PREFIX}${slugger.slug(textOf(child))}`;
        walk(child);
      }
    };
    walk(tree);
  };
}

// A GitHub alert's marker at the start of a blockquote: `> [!WARNING]` then the text.
const ALERT = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*/;

/** GitHub alerts (`> [!TIP]`) as callouts: the marker becomes a title, the quote a box of that kind. */
function rehypeCallouts() {
  return (tree: Root) => {
    const walk = (node: Root | Element) => {
      for (const child of node.children) {
        if (child.type !== 'element') continue;
        if (child.tagName === 'blockquote') markCallout(child);
        walk(child);
      }
    };
    walk(tree);
  };
}

function markCallout(quote: Element) {
  const p = quote.children.find((c): c is Element => c.type === 'element');
  const first = p?.tagName === 'p' ? p.children[0] : undefined;
  if (!p || first?.type !== 'text') return;
  const m = ALERT.exec(first.value);
  if (!m) return;
  first.value = first.value.slice(m[0].length);
  const kind = m[1].toLowerCase();
  quote.properties.className = ['doc-callout', `doc-callout-${kind}`];
  quote.children.unshift({
    type: 'element',
    tagName: 'p',
    properties: { className: ['doc-callout-title'] },
    children: [{ type: 'text', value: kind[0].toUpperCase() + kind.slice(1) }],
  });
}

const REHYPE = [rehypeHeadingIds, rehypeCallouts];
const REMARK = [remarkGfm];

function footnoteOf(footnotes: readonly Footnote[], id: string): Footnote | undefined {
  const label = id.toLowerCase();
  return footnotes.find((f) => f.label.toLowerCase() === label);
}

/** The Markdown renderer with the document's own parts; `footnotes` make `[^L1]` jump to its line. */
export function MarkdownView({
  markdown,
  footnotes = [],
  className,
}: {
  markdown: string;
  footnotes?: readonly Footnote[];
  className?: string;
}) {
  const revealEvent = useWorkbenchStore((s) => s.revealEvent);
  const rootRef = useRef<HTMLDivElement>(null);

  const components = useMemo<Components>(() => {
    const scrollTo = (e: MouseEvent, id: string) => {
      e.preventDefault();
      const el = rootRef.current?.querySelector(`[id="${CSS.escape(id)}"]`);
      el?.scrollIntoView?.({ block: 'start' });
    };
    return {
      a: ({ node, href, children, ...rest }) => {
        const props = node?.properties ?? {};
        if (href?.startsWith(FOOTNOTE_HREF) && props.dataFootnoteRef !== undefined) {
          const fn = footnoteOf(footnotes, href.slice(FOOTNOTE_HREF.length));
          if (fn)
            return (
              <a
                href={href}
                className="doc-fnref"
                title={`${fn.ref.file}:${fn.ref.line} — show this line in the timeline`}
                onClick={(e) => {
                  e.preventDefault();
                  revealEvent(fn.ref.eventId);
                }}
                {...rest}
              >
                {children}
              </a>
            );
        }
        if (href?.startsWith('#')) {
          const id = decodeURIComponent(href.slice(1));
          return (
            <a href={href} onClick={(e) => scrollTo(e, id)} {...rest}>
              {children}
            </a>
          );
        }
        // react-markdown has already dropped javascript: and other unsafe URLs (defaultUrlTransform).
        return (
          <a href={href} target="_blank" rel="noopener noreferrer" {...rest}>
            {children}
          </a>
        );
      },
      li: ({ node, children, ...rest }) => {
        const id = typeof node?.properties.id === 'string' ? node.properties.id : '';
        const fn = id.startsWith(FOOTNOTE_ID)
          ? footnoteOf(footnotes, id.slice(FOOTNOTE_ID.length))
          : undefined;
        return (
          <li {...rest} id={id || undefined}>
            {children}
            {fn && (
              <button
                type="button"
                className="btn btn-small doc-fn-show"
                onClick={() => revealEvent(fn.ref.eventId)}
              >
                Show {fn.ref.file}:{fn.ref.line} in the timeline
              </button>
            )}
          </li>
        );
      },
      pre: ({ node, children, ...rest }) => {
        const code = node?.children.find((c): c is Element => c.type === 'element' && c.tagName === 'code');
        const classes = code?.properties.className;
        if (code && Array.isArray(classes) && classes.includes('language-mermaid'))
          return <MermaidDiagram code={textOf(code).replace(/\n$/, '')} title="Diagram" />;
        return <pre {...rest}>{children}</pre>;
      },
      // An image would be fetched from wherever its URL points: shown as a link instead.
      img: ({ src, alt }) =>
        typeof src === 'string' && src !== '' ? (
          <a href={src} target="_blank" rel="noopener noreferrer" className="doc-img-link">
            [image: {alt || src}]
          </a>
        ) : (
          <span>[image: {alt}]</span>
        ),
    };
  }, [footnotes, revealEvent]);

  return (
    <div ref={rootRef} className={className ?? 'doc-markdown'}>
      <Markdown remarkPlugins={REMARK} rehypePlugins={REHYPE} components={components}>
        {markdown}
      </Markdown>
    </div>
  );
}

function Toc({ toc }: { toc: RenderedDocument['toc'] }) {
  if (toc.length < 2) return null;
  const top = Math.min(...toc.map((h) => h.level));
  const go = (e: MouseEvent, slug: string) => {
    e.preventDefault();
    document.getElementById(`${HEADING_PREFIX}${slug}`)?.scrollIntoView?.({ block: 'start' });
  };
  return (
    <nav className="doc-toc" aria-label="Contents">
      <p className="doc-toc-title">Contents</p>
      <ul>
        {toc.map((h) => (
          // Slugs are unique in a document (github-slugger numbers repeats: `cause`, `cause-1`).
          <li key={h.slug} style={{ paddingLeft: `${(h.level - top) * 14}px` }}>
            <a href={`#${HEADING_PREFIX}${h.slug}`} onClick={(e) => go(e, h.slug)}>
              {h.text}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The document as a page: contents, then the text; the print stylesheet prints only this. */
export function DocPreview({
  doc,
  label,
  children,
}: {
  doc: RenderedDocument;
  label: string;
  children?: ReactNode;
}) {
  return (
    <article className="doc-paper" aria-label={label}>
      {children}
      <Toc toc={doc.toc} />
      <MarkdownView markdown={doc.markdown} footnotes={doc.footnotes} />
    </article>
  );
}
