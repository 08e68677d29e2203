// The density histogram: events per time bin over a range, stacked by severity class, on a canvas.
// Dragging across it brushes a window (the table zooms to it); on the overview the zoomed window
// is drawn over the whole range and can be dragged (pan) or resized by its edges; a click without
// a drag jumps the table to that time. Brush and pan are drafted locally and committed on release,
// so the views are recomputed once per gesture, not per pointer move.
import {
  type KeyboardEvent,
  memo,
  type PointerEvent,
  type ReactNode,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { DENSITY_CLASSES, type Histogram } from '../../core/engine/engine-api.ts';
import { formatCountOf, formatTimeIn } from '../../state/format.ts';
import { useHistogram } from '../../state/queries.ts';
import type { DisplayZone } from '../../state/store.ts';
import { binAt, fillRects, histogramBars, prepareCanvas, readDensityColors } from './density-draw.ts';
import {
  binsFor,
  clampWindow,
  formatDuration,
  panWindow,
  scaleWindow,
  type TimeScale,
  timeAt,
  xOf,
} from './time-axis.ts';
import { TimeAxisLabels } from './time-axis-labels.tsx';
import { useElementWidth } from './use-element-width.ts';
import { useViewGone } from './use-view-gone.ts';

type Window = [number, number];

interface DensityHistogramProps {
  /** The view whose events are counted. */
  viewId: string | null;
  /** The range the plot covers (epoch µs). */
  range: Window | null;
  /** The zoomed window, drawn over the plot (the overview); null = none drawn. */
  window: Window | null;
  zone: DisplayZone;
  /** Plot height, CSS px. */
  height: number;
  /** "Overview" or "Window": names the plot for screen readers and in its label column. */
  title: string;
  /** A brushed, dragged or resized window; null = the whole range (zoom reset). */
  onWindow: (w: Window | null) => void;
  /** A click without a drag: that time. */
  onPick: (t: number) => void;
  /** The engine no longer holds the view: compute it again. */
  onViewGone: () => void;
  /** More in the label column, under the title (the overview holds the lanes' toggle there). */
  labelExtra?: ReactNode;
}

type DragMode = 'brush' | 'pan' | 'resize-l' | 'resize-r';

/** A drag shorter than this is a click. */
const CLICK_PX = 4;

/** Redraws when the colour scheme changes: the density colours are CSS variables. */
function useColorSchemeVersion(): number {
  const [v, setV] = useState(0);
  useEffect(() => {
    if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return;
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    const on = () => setV((x) => x + 1);
    mq.addEventListener?.('change', on);
    return () => mq.removeEventListener?.('change', on);
  }, []);
  return v;
}

function binText(h: Histogram, i: number, zone: DisplayZone): string {
  const from = h.from + i * h.binUs;
  const counts = DENSITY_CLASSES.map((_, c) => h.counts[c]?.[i] ?? 0);
  const total = counts.reduce((a, b) => a + b, 0);
  const alerts = [
    counts[0] > 0 ? formatCountOf(counts[0], 'error') : '',
    counts[1] > 0 ? formatCountOf(counts[1], 'warning') : '',
  ].filter(Boolean);
  const t = (us: number) => formatTimeIn(us, zone).text.slice(11);
  return `${t(from)} – ${t(from + h.binUs)}: ${formatCountOf(total, 'event')}${alerts.length ? ` (${alerts.join(', ')})` : ''}`;
}

function summary(h: Histogram | undefined, title: string, range: Window, zone: DisplayZone): string {
  const f = (us: number) => formatTimeIn(us, zone).text;
  const head = `${title}: event density from ${f(range[0])} to ${f(range[1])}`;
  if (!h) return head;
  let total = 0;
  let errors = 0;
  for (let c = 0; c < h.counts.length; c++)
    for (const n of h.counts[c]) {
      total += n;
      if (c === 0) errors += n;
    }
  return `${head}, ${formatCountOf(total, 'event')}, ${formatCountOf(errors, 'error')}. Drag to zoom, click to jump.`;
}

export const DensityHistogram = memo(function DensityHistogram({
  viewId,
  range,
  window: zoomed,
  zone,
  height,
  title,
  onWindow,
  onPick,
  onViewGone,
  labelExtra,
}: DensityHistogramProps) {
  const plotRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const width = useElementWidth(plotRef);
  const schemeVersion = useColorSchemeVersion();
  const query = useMemo(
    () =>
      viewId !== null && range !== null && width > 0
        ? { viewId, from: range[0], to: range[1], bins: binsFor(width) }
        : null,
    [viewId, range, width],
  );
  const { data: hist, error } = useHistogram(query);
  useViewGone(error, viewId, onViewGone);

  // Drawing is a pure function of (histogram, size): see density-draw.ts.
  useLayoutEffect(() => {
    void schemeVersion;
    const canvas = canvasRef.current;
    if (!canvas || width <= 0) return;
    const ctx = prepareCanvas(canvas, width, height);
    if (!ctx || !hist) return;
    fillRects(ctx, histogramBars(hist, width, height), readDensityColors(canvas));
  }, [hist, width, height, schemeVersion]);

  const drag = useRef<{ mode: DragMode; x0: number; w0: Window | null } | null>(null);
  const [draft, setDraft] = useState<Window | null>(null);
  const [hoverBin, setHoverBin] = useState<number | null>(null);

  if (range === null) return null;
  const [lo, hi] = range;
  const scale: TimeScale = { from: lo, to: hi, width };
  const xAt = (e: PointerEvent<HTMLElement>) =>
    e.clientX - (plotRef.current?.getBoundingClientRect().left ?? 0);
  /** The whole range is no zoom at all. */
  const commit = (w: Window) => onWindow(w[0] <= lo && w[1] >= hi ? null : w);

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0 || width <= 0) return;
    const target = e.target as HTMLElement;
    const handle = target.dataset.handle;
    const mode: DragMode =
      handle === 'left'
        ? 'resize-l'
        : handle === 'right'
          ? 'resize-r'
          : zoomed && target.closest('.nav-window')
            ? 'pan'
            : 'brush';
    drag.current = { mode, x0: xAt(e), w0: zoomed };
    plotRef.current?.setPointerCapture?.(e.pointerId);
    e.preventDefault();
  };

  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    const x = xAt(e);
    if (!d) {
      const n = hist?.counts[0]?.length ?? 0;
      setHoverBin(n > 0 && x >= 0 && x <= width ? binAt(x, width, n) : null);
      return;
    }
    setHoverBin(null);
    if (d.mode === 'brush') {
      const a = timeAt(scale, d.x0);
      const b = timeAt(scale, x);
      setDraft([Math.min(a, b), Math.max(a, b)]);
    } else if (d.w0) {
      if (d.mode === 'pan') setDraft(panWindow(d.w0, ((x - d.x0) / width) * (hi - lo), lo, hi));
      else if (d.mode === 'resize-l') setDraft(clampWindow(timeAt(scale, x), d.w0[1], lo, hi));
      else setDraft(clampWindow(d.w0[0], timeAt(scale, x), lo, hi));
    }
  };

  const endDrag = (e: PointerEvent<HTMLDivElement>, cancelled: boolean) => {
    const d = drag.current;
    drag.current = null;
    if (plotRef.current?.hasPointerCapture?.(e.pointerId)) plotRef.current.releasePointerCapture(e.pointerId);
    const w = draft;
    setDraft(null);
    if (!d || cancelled) return;
    const x = xAt(e);
    const isClick = Math.abs(x - d.x0) < CLICK_PX;
    if (isClick) {
      if (d.mode === 'brush' || d.mode === 'pan') onPick(timeAt(scale, x));
      return;
    }
    if (d.mode === 'brush') commit(clampWindow(timeAt(scale, d.x0), timeAt(scale, x), lo, hi));
    else if (w) commit(w);
  };

  // The window on the overview moves by keyboard too: arrows pan, + and - zoom.
  const onWindowKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!zoomed || e.altKey || e.ctrlKey || e.metaKey) return;
    const span = zoomed[1] - zoomed[0];
    let next: Window | null = null;
    if (e.key === 'ArrowLeft') next = panWindow(zoomed, -span * (e.shiftKey ? 0.5 : 0.1), lo, hi);
    else if (e.key === 'ArrowRight') next = panWindow(zoomed, span * (e.shiftKey ? 0.5 : 0.1), lo, hi);
    else if (e.key === '+' || e.key === '=') next = scaleWindow(zoomed, 0.5, lo, hi);
    else if (e.key === '-') next = scaleWindow(zoomed, 2, lo, hi);
    else return;
    e.preventDefault();
    e.stopPropagation();
    commit(next);
  };

  const shown = draft ?? zoomed;
  const sx = shown ? Math.max(0, xOf(scale, shown[0])) : 0;
  const ex = shown ? Math.min(width, xOf(scale, shown[1])) : 0;
  const brushing = draft !== null && drag.current?.mode === 'brush';
  const f = (us: number) => formatTimeIn(us, zone).text;

  return (
    <div className="nav-row">
      <div className="nav-label">
        <span className="nav-label-title">{title}</span>
        {/* Held open before the density arrives, so what sits under it does not jump. */}
        <span className="nav-label-sub">{hist ? `bins of ${formatDuration(hist.binUs)}` : '\u00a0'}</span>
        {labelExtra}
      </div>
      <div className="nav-plot-col">
        {/* A pointer surface: the From / To inputs and the window's keys are the keyboard way. */}
        <div
          ref={plotRef}
          className={`nav-plot${zoomed ? ' is-zoomed' : ''}`}
          style={{ height }}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={(e) => endDrag(e, false)}
          onPointerCancel={(e) => endDrag(e, true)}
          onPointerLeave={() => setHoverBin(null)}
          data-testid={`histogram-${title.toLowerCase()}`}
        >
          <canvas
            ref={canvasRef}
            className="nav-canvas"
            style={{ width: '100%', height }}
            role="img"
            aria-label={summary(hist, title, range, zone)}
          />
          {error && <span className="nav-error">Density unavailable: {error.message}</span>}
          {shown && !brushing && (
            <>
              <div className="nav-shade" style={{ left: 0, width: sx }} />
              <div className="nav-shade" style={{ left: ex, right: 0 }} />
            </>
          )}
          {brushing && shown && (
            <div className="nav-brush" style={{ left: sx, width: Math.max(1, ex - sx) }} />
          )}
          {zoomed && !brushing && shown && (
            <div
              className="nav-window"
              role="slider"
              tabIndex={0}
              aria-label="Zoomed window"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round((((shown[0] + shown[1]) / 2 - lo) / (hi - lo)) * 100)}
              aria-valuetext={`${f(shown[0])} to ${f(shown[1])}; arrow keys move it, + and - zoom`}
              style={{ left: sx, width: Math.max(2, ex - sx) }}
              onKeyDown={onWindowKey}
            >
              <div className="nav-handle is-left" data-handle="left" />
              <div className="nav-handle is-right" data-handle="right" />
            </div>
          )}
          {hoverBin !== null && hist && (
            <div
              className={`nav-hover${xOf(scale, hist.from + hoverBin * hist.binUs) > width / 2 ? ' is-left' : ''}`}
              style={{ left: xOf(scale, hist.from + (hoverBin + 0.5) * hist.binUs) }}
            >
              <span className="nav-hover-text">{binText(hist, hoverBin, zone)}</span>
            </div>
          )}
        </div>
        <TimeAxisLabels from={lo} to={hi} width={width} zone={zone} />
      </div>
    </div>
  );
});
