// Lanes: one row per source (or per entity) over the same time axis as the histogram above them
// (the overview, or the window's histogram when zoomed),
// each bin coloured by the worst severity class in it. A click on a lane jumps the table to that
// time. Lanes collapse to one line when the table needs the room.
import { memo, type PointerEvent, useLayoutEffect, useMemo, useRef, useState } from 'react';
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
  const [open, setOpen] = useState(true);
  const sizeRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(sizeRef);
  const query = useMemo(
    () =>
      open && viewId !== null && range !== null && width > 0
        ? { viewId, from: range[0], to: range[1], bins: binsFor(width), by, maxLanes: MAX_LANES }
        : null,
    [open, viewId, range, width, by],
  );
  const { data: lanes, error } = useLanes(query);
  useViewGone(error, viewId, onViewGone);

  return (
    <section className="lanes" aria-label="Lanes">
      <div className="nav-row lanes-head">
        <div className="nav-label">
          <button
            type="button"
            className="btn btn-small btn-ghost lanes-toggle"
            aria-expanded={open}
            aria-controls="timeline-lanes"
            onClick={() => setOpen((o) => !o)}
          >
            <svg viewBox="0 0 16 16" className={`icon chevron${open ? ' is-open' : ''}`} aria-hidden="true">
              <path d="M6 4l4 4-4 4" />
            </svg>
            Lanes
          </button>
        </div>
        <div className="lanes-by" ref={sizeRef}>
          <fieldset className="segmented" aria-label="One lane per">
            <button type="button" aria-pressed={by === 'source'} onClick={() => onBy('source')}>
              by source
            </button>
            <button type="button" aria-pressed={by === 'entity'} onClick={() => onBy('entity')}>
              by entity
            </button>
          </fieldset>
          {error && <span className="nav-error">Lanes unavailable: {error.message}</span>}
          {open && lanes && lanes.length === 0 && (
            <span className="muted">
              {by === 'entity' ? 'No entity has timed events here.' : 'No timed events here.'}
            </span>
          )}
        </div>
      </div>
      {open && (
        <div id="timeline-lanes" className="lanes-body">
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
      )}
    </section>
  );
});
