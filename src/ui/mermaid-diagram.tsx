// A Mermaid diagram drawn in the browser. Mermaid (~600 KB with its renderers) is loaded the first
// time a diagram is shown, as its own chunk, and initialised once. The only HTML this component
// injects is the SVG mermaid.render returns under securityLevel 'strict' (labels sanitised by
// Mermaid's DOMPurify, no click handlers); the diagram text itself comes from src/core/report's
// builders, which escape every label.
import { useEffect, useId, useState } from 'react';

type Mermaid = typeof import('mermaid').default;

let loading: Promise<Mermaid> | null = null;

/** The mermaid module, imported and initialised on first use; a failed import is retried next time. */
function loadMermaid(): Promise<Mermaid> {
  loading ??= import('mermaid').then(
    ({ default: mermaid }) => {
      mermaid.initialize({
        startOnLoad: false,
        securityLevel: 'strict',
        // The default 'elk' layout would pull in 1.5 MB more; timeline and gantt do not need it.
        layout: 'dagre',
        // A rejected diagram is reported by this component, not drawn as Mermaid's error bomb.
        suppressErrorRendering: true,
      });
      return mermaid;
    },
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

// Ids of rendered SVGs must be unique in the document (Mermaid scopes its CSS by them) and new for
// each render (Mermaid creates and removes a scratch element by that id while it draws).
let renderCount = 0;

type State =
  | { kind: 'rendering' }
  | { kind: 'done'; svg: string }
  | { kind: 'failed'; message: string; stage: 'load' | 'render' };

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.trim() === '' ? 'no reason given' : text;
}

export interface MermaidDiagramProps {
  /** Mermaid source, from a builder in src/core/report/mermaid.ts. */
  code: string;
  /** What the diagram shows: its caption and accessible name. */
  title: string;
}

export function MermaidDiagram({ code, title }: MermaidDiagramProps) {
  const baseId = useId().replace(/[^A-Za-z0-9_-]/g, '');
  const [state, setState] = useState<State>({ kind: 'rendering' });
  // What the last copy did, and for which source: a new diagram has not been copied yet.
  const [copied, setCopied] = useState<{ code: string; ok: boolean } | null>(null);
  const copy = copied === null || copied.code !== code ? 'idle' : copied.ok ? 'copied' : 'failed';

  useEffect(() => {
    let current = true;
    setState({ kind: 'rendering' });
    renderCount += 1;
    const id = `mermaid-${baseId}-${renderCount}`;
    loadMermaid().then(
      (mermaid) =>
        mermaid.render(id, code).then(
          ({ svg }) => {
            if (current) setState({ kind: 'done', svg });
          },
          (error: unknown) => {
            if (current) setState({ kind: 'failed', message: messageOf(error), stage: 'render' });
          },
        ),
      (error: unknown) => {
        if (current) setState({ kind: 'failed', message: messageOf(error), stage: 'load' });
      },
    );
    return () => {
      current = false;
    };
  }, [code, baseId]);

  const onCopy = () => {
    const clipboard = typeof navigator === 'undefined' ? undefined : navigator.clipboard;
    if (!clipboard) {
      setCopied({ code, ok: false });
      return;
    }
    clipboard.writeText(code).then(
      () => setCopied({ code, ok: true }),
      () => setCopied({ code, ok: false }),
    );
  };

  return (
    <figure className="mermaid-diagram" aria-label={title} aria-busy={state.kind === 'rendering'}>
      <figcaption className="mermaid-diagram-caption">
        <span>{title}</span>
        <button type="button" className="btn btn-small" onClick={onCopy}>
          Copy Mermaid source
        </button>
        <span className="mermaid-diagram-copy" role="status">
          {copy === 'copied' ? 'Copied' : copy === 'failed' ? 'Could not copy: select the source below' : ''}
        </span>
      </figcaption>
      {state.kind === 'rendering' && <p className="mermaid-diagram-pending">Rendering diagram…</p>}
      {state.kind === 'failed' && (
        <div className="mermaid-diagram-error" role="alert">
          {state.stage === 'load'
            ? `The diagram renderer could not be loaded: ${state.message}`
            : `Mermaid could not draw this diagram: ${state.message}`}
        </div>
      )}
      {state.kind === 'done' && (
        <div
          className="mermaid-diagram-svg"
          // Mermaid's own SVG under securityLevel 'strict' (see the file comment); nothing else.
          // biome-ignore lint/security/noDangerouslySetInnerHtml: the SVG mermaid.render returns
          dangerouslySetInnerHTML={{ __html: state.svg }}
        />
      )}
      <details className="mermaid-diagram-source" open={state.kind === 'failed'}>
        <summary>Mermaid source</summary>
        <pre>
          <code>{code}</code>
        </pre>
      </details>
    </figure>
  );
}
