// Lanes: one row per source (or per entity) over the same time axis as the histogram above them
// (the overview, or the window's histogram when zoomed),
// each bin coloured by the worst severity class in it. A click on a lane jumps the table to that
// time. Lanes cost the table a row of height each, so they fold away: their toggle sits in the
// overview's label column (no line of its own), and the panel decides whether they start open.
import { memo, type PointerEvent, useLayoutEffect, useMemo, useRef } from 'react';
import type { Lane } from '../../core/engine/engine-api.ts';
import { formatCountOf } from '../../state/format.ts';
import { useLanes } from '../../state/queries.ts';
import { fillRects, laneCells, prepareCanvas, readDensityColors } from './density-draw.ts';
import { binsFor, timeAt } from './time-axis.ts';
import { useElementWidth } from './use-element-width.ts';
import { useViewGone } from './use-view-gone.ts';

const LANE_HEIGHT = 14;
/** Lanes asked for at most; the engine sums the rest into an "other" lane. */
const MAX_LANES = 8;

function LaneCanvas({
  lane,
  width,
  range,
  onPick,
}: {
  lane: Lane;
  width: number;
  range: [number, number];
  onPick: (t: number) => void;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    const canvas = ref.current;
    if (!canvas || width <= 0) return;
    const ctx = prepareCanvas(canvas, width, LANE_HEIGHT);
    if (!ctx) return;
    fillRects(ctx, laneCells(lane, width, LANE_HEIGHT), readDensityColors(canvas));
  }, [lane, width]);
  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    if (e.button !== 0) return;
    const x = e.clientX - e.currentTarget.getBoundingClientRect().left;
    onPick(timeAt({ from: range[0], to: range[1], width }, x));
  };
  return (
    <canvas
      ref={ref}
      className="lane-canvas"
      style={{ width: '100%', height: LANE_HEIGHT }}
      role="img"
      aria-label={
        lane.total > 0
          ? `${lane.label}: ${formatCountOf(lane.total, 'event')}; click to jump to a time`
          : `${lane.label}: no timed events here`
      }
      onPointerDown={onPointerDown}
    />
  );
}

/** The id of the lanes' region, which the toggle controls. */
const LANES_ID = 'timeline-lanes';

/** Shows or hides the lanes; it says how many there would be while they are hidden. */
export const LanesToggle = memo(function LanesToggle({
  open,
  count,
  onToggle,
}: {
  open: boolean;
  /** Lanes there would be (the sources, by source); 0 = not known. */
  count: number;
  onToggle: () => void;
}) {
  return (
    <button
      type="button"
      className="lanes-toggle"
      aria-expanded={open}
      aria-controls={LANES_ID}
      onClick={onToggle}
      title={open ? 'Hide the lanes (more rows for the table)' : 'Show one lane per source or entity'}
    >
      <svg viewBox="0 0 16 16" className={`icon chevron${open ? ' is-open' : ''}`} aria-hidden="true">
        <path d="M6 4l4 4-4 4" />
      </svg>
      {/* One text node: the accessible name is "Lanes (5)" everywhere, not "Lanes(5)". */}
      {open || count === 0 ? 'Lanes' : `Lanes (${count})`}
    </button>
  );
});

/** The lanes themselves: rendered only while open (LanesToggle opens them). */
export const LanesView = memo(function LanesView({
  viewId,
  range,
  by,
  onBy,
  onPick,
  onOnly,
  onViewGone,
}: {
  viewId: string | null;
  range: [number, number] | null;
  by: 'source' | 'entity';
  onBy: (by: 'source' | 'entity') => void;
  onPick: (t: number) => void;
  /** A click on a lane's label: show only that source, or only that entity. */
  onOnly: (lane: Lane) => void;
  /** The engine no longer holds the view: compute it again. */
  onViewGone: () => void;
}) {
  const sizeRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(sizeRef);
  const query = useMemo(
    () =>
      viewId !== null && range !== null && width > 0
        ? { viewId, from: range[0], to: range[1], bins: binsFor(width), by, maxLanes: MAX_LANES }
        : null,
    [viewId, range, width, by],
  );
  const { data: lanes, error } = useLanes(query);
  useViewGone(error, viewId, onViewGone);

  return (
    <section id={LANES_ID} className="lanes" aria-label="Lanes">
      <div className="nav-row lanes-head">
        <div className="nav-label">
          <span className="nav-label-title">One lane per</span>
        </div>
        <div className="lanes-by" ref={sizeRef}>
          <fieldset className="segmented" aria-label="One lane per">
            <button type="button" aria-pressed={by === 'source'} onClick={() => onBy('source')}>
              source
            </button>
            <button type="button" aria-pressed={by === 'entity'} onClick={() => onBy('entity')}>
              entity
            </button>
          </fieldset>
          {error && <span className="nav-error">Lanes unavailable: {error.message}</span>}
          {lanes && lanes.length === 0 && (
            <span className="muted">
              {by === 'entity' ? 'No entity has timed events here.' : 'No timed events here.'}
            </span>
          )}
        </div>
      </div>
      <div className="lanes-body">
        {(lanes ?? []).map((lane) => (
          <div key={lane.key} className={`nav-row lane${lane.total === 0 ? ' is-empty' : ''}`}>
            {/* The engine's "other" lane (empty key) sums the rest: there is nothing to show alone. */}
            {lane.key === '' ? (
              <div className="nav-label lane-label">{lane.label}</div>
            ) : (
              <button
                type="button"
                className="nav-label lane-label"
                onClick={() => onOnly(lane)}
                aria-label={`Show only ${lane.label}`}
                title={`${lane.label} (${formatCountOf(lane.total, 'event')}): show only this ${by}`}
              >
                {lane.label}
              </button>
            )}
            <div className="nav-plot-col">
              {range && <LaneCanvas lane={lane} width={width} range={range} onPick={onPick} />}
            </div>
          </div>
        ))}
      </div>
    </section>
  );
});
