// A Mermaid diagram drawn in the browser. Mermaid (~600 KB with its renderers) is loaded the first
// time a diagram is shown, as its own chunk, and initialised once. The only HTML this component
// injects is the SVG mermaid.render returns under securityLevel 'strict' (labels sanitised by
// Mermaid's DOMPurify, no click handlers); the diagram text comes from src/core/report's builders,
// which escape every label, or from a person (a template, the analyst's Markdown), whose HTML tags
// drawableMermaid turns into text before Mermaid sees them.
//
// Diagrams are drawn at their natural size (a timeline box is 150 px of 16 px text whatever the
// room), in a box that scrolls sideways: shrunk to a 260 px sidebar their labels were 4 px high.
// "Expand" shows the same diagram in a modal dialog as large as the window.
import { type RefObject, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { drawableMermaid } from '../core/report/mermaid.ts';

type Mermaid = typeof import('mermaid').default;

/**
 * The Gantt's width in px. Mermaid otherwise takes the width of the element it draws in (the
 * page's body, as wide as the window): a fixed width gives the same drawing in the sidebar and
 * in the dialog, on any screen.
 */
export const GANTT_WIDTH = 960;
/** Room left of the Gantt's bars for its section titles (container names, 11 px text). */
export const GANTT_LEFT_PADDING = 180;

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
        // Natural size (width and height attributes), not `max-width: 100%` of the container.
        // The timeline's default margins (150 px left of its first box, 50 around) would leave the
        // sidebar's window onto it empty.
        timeline: { useMaxWidth: false, leftMargin: 40, padding: 16 },
        gantt: { useMaxWidth: false, useWidth: GANTT_WIDTH, leftPadding: GANTT_LEFT_PADDING },
        // The hypothesis flowchart (issue 5) at its natural size too: fitted to the panel, its labels were 3 px high.
        flowchart: { useMaxWidth: false },
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

/**
 * A diagram drawn off screen, as the SVG text Mermaid returns (securityLevel 'strict'): what an
 * export inlines (the HTML document). Rejects when Mermaid cannot be loaded or cannot draw it.
 */
export async function renderMermaidSvg(source: string): Promise<string> {
  const mermaid = await loadMermaid();
  renderCount += 1;
  const { svg } = await mermaid.render(`mermaid-export-${renderCount}`, drawableMermaid(source));
  return svg;
}

type State =
  | { kind: 'rendering' }
  | { kind: 'done'; svg: string }
  | { kind: 'failed'; message: string; stage: 'load' | 'render' };

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.trim() === '' ? 'no reason given' : text;
}

/**
 * `code` drawn by Mermaid, as an SVG string. Each call site renders with ids of its own, so the
 * dialog's copy of a diagram never shares ids (CSS scope, arrow markers) with the sidebar's.
 */
function useMermaidSvg(code: string): State {
  const baseId = useId().replace(/[^A-Za-z0-9_-]/g, '');
  const [state, setState] = useState<State>({ kind: 'rendering' });
  useEffect(() => {
    let current = true;
    setState({ kind: 'rendering' });
    renderCount += 1;
    const id = `mermaid-${baseId}-${renderCount}`;
    loadMermaid().then(
      (mermaid) =>
        mermaid.render(id, drawableMermaid(code)).then(
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
  return state;
}

/** Is the element's content wider than its box (then it scrolls sideways)? */
function useOverflowsX(ref: RefObject<HTMLElement | null>, content: string | null): boolean {
  const [overflows, setOverflows] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: measured again when the drawing changes
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setOverflows(el.scrollWidth > el.clientWidth + 1);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, content]);
  return overflows;
}

/** The drawing, the progress line or the error, for the figure and for the dialog alike. */
function DiagramBody({ state, label, hint }: { state: State; label: string; hint?: string }) {
  const ref = useRef<HTMLElement>(null);
  const overflows = useOverflowsX(ref, state.kind === 'done' ? state.svg : null);
  if (state.kind === 'rendering') return <p className="mermaid-diagram-pending">Rendering diagram…</p>;
  if (state.kind === 'failed')
    return (
      <div className="mermaid-diagram-error" role="alert">
        {state.stage === 'load'
          ? `The diagram renderer could not be loaded: ${state.message}`
          : `Mermaid could not draw this diagram: ${state.message}`}
      </div>
    );
  return (
    <>
      <section
        ref={ref}
        className="mermaid-diagram-svg"
        // Scrollable (the diagram keeps its natural size): a keyboard user scrolls it too.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable
        tabIndex={0}
        aria-label={label}
        // Mermaid's own SVG under securityLevel 'strict' (see the file comment); nothing else.
        // biome-ignore lint/security/noDangerouslySetInnerHtml: the SVG mermaid.render returns
        dangerouslySetInnerHTML={{ __html: state.svg }}
      />
      {hint && overflows && <p className="mermaid-diagram-hint">{hint}</p>}
    </>
  );
}

/** The diagram as large as the window, in a modal dialog; Escape or Close shut it. */
function DiagramDialog({ code, title, onClose }: { code: string; title: string; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const state = useMermaidSvg(code);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="modal mermaid-dialog"
      aria-labelledby={titleId}
      aria-busy={state.kind === 'rendering'}
      // Escape closes a modal dialog by itself ('cancel', then 'close'): the parent forgets it.
      onClose={onClose}
    >
      <div className="mermaid-dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="btn btn-small" onClick={() => ref.current?.close()}>
          Close
        </button>
      </div>
      <div className="mermaid-dialog-body">
        <DiagramBody state={state} label={`${title}, expanded`} />
      </div>
    </dialog>
  );
}

export interface MermaidDiagramProps {
  /** Mermaid source, from a builder in src/core/report/mermaid.ts. */
  code: string;
  /** What the diagram shows: its caption and accessible name. */
  title: string;
}

export function MermaidDiagram({ code, title }: MermaidDiagramProps) {
  const state = useMermaidSvg(code);
  const [expanded, setExpanded] = useState(false);
  const expandRef = useRef<HTMLButtonElement>(null);
  // What the last copy did, and for which source: a new diagram has not been copied yet.
  const [copied, setCopied] = useState<{ code: string; ok: boolean } | null>(null);
  const copy = copied === null || copied.code !== code ? 'idle' : copied.ok ? 'copied' : 'failed';

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

  const onClose = () => {
    setExpanded(false);
    // Browsers give focus back to the opener themselves; this makes sure of it.
    expandRef.current?.focus();
  };

  return (
    <figure className="mermaid-diagram" aria-label={title} aria-busy={state.kind === 'rendering'}>
      <figcaption className="mermaid-diagram-caption">
        <span>{title}</span>
        <span className="mermaid-diagram-actions">
          <button
            ref={expandRef}
            type="button"
            className="btn btn-small"
            onClick={() => setExpanded(true)}
            disabled={state.kind !== 'done'}
            aria-haspopup="dialog"
            title="Show the diagram as large as the window"
          >
            Expand
          </button>
          <button type="button" className="btn btn-small" onClick={onCopy}>
            Copy Mermaid source
          </button>
        </span>
        <span className="mermaid-diagram-copy" role="status">
          {copy === 'copied' ? 'Copied' : copy === 'failed' ? 'Could not copy: select the source below' : ''}
        </span>
      </figcaption>
      <DiagramBody
        state={state}
        label={`${title}, drawn`}
        hint="Drawn at full size: scroll sideways for the rest, or Expand."
      />
      {expanded && <DiagramDialog code={code} title={title} onClose={onClose} />}
      <details className="mermaid-diagram-source" open={state.kind === 'failed'}>
        <summary>Mermaid source</summary>
        <pre>
          <code>{code}</code>
        </pre>
      </details>
    </figure>
  );
}
