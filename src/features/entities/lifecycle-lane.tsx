// A container's (or sandbox's) lifecycle as one horizontal lane: created, started, OOM-killed,
// shim disconnected, exited 137, unknown. Dots sit in time order on a log-scaled line (see
// layoutLane); steps without a time follow on a dashed stretch. Labels alternate above and
// below the line and move apart when steps crowd, with a leader line back to their dot. Each
// step selects its event in the timeline.
import { type ReactNode, type RefObject, useEffect, useRef, useState } from 'react';
import type { LifecycleStep } from '../../core/engine/engine-api.ts';
import { formatTimeFull, formatTimeIn } from '../../state/format.ts';
import { useLifecycle } from '../../state/queries.ts';
import { type DisplayZone, useWorkbenchStore } from '../../state/store.ts';
import { layoutLane, stepWord } from './entity-model.ts';

const LANE = { minGap: 24, pad: 10, labelW: 86, labelGap: 4 };
/** The line's height in the lane, px from the top (labels above take up to three text lines). */
const LINE_Y = 52;
const LANE_H = 106;
/** Lane width before the box is measured (and in jsdom, which does no layout). */
const FALLBACK_WIDTH = 260;

const TONE: Partial<Record<LifecycleStep['step'], string>> = {
  'oom-killed': 'bad',
  killed: 'bad',
  'shim-disconnected': 'warn',
  exited: 'warn',
  unknown: 'warn',
  created: 'good',
  started: 'good',
};

function useWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(FALLBACK_WIDTH);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([entry]) => {
      const w = Math.floor(entry.contentRect.width);
      if (w > 0) setWidth(w);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

/** "07:48:16" or "07:48:16.231" (milliseconds only when there are some), in the display zone. */
function clockText(us: number, zone: DisplayZone): string {
  const t = formatTimeIn(us, zone).text.slice(11);
  return t.endsWith('.000') ? t.slice(0, 8) : t;
}

export function LifecycleLane({ entityKey, label }: { entityKey: string; label: string }) {
  const { data: steps, error, isPending } = useLifecycle(entityKey);
  const zone = useWorkbenchStore((s) => s.displayZone);
  const selectEvent = useWorkbenchStore((s) => s.selectEvent);
  const setActivePanel = useWorkbenchStore((s) => s.setActivePanel);
  const selected = useWorkbenchStore((s) => s.selectedEventId);
  const [boxRef, boxWidth] = useWidth<HTMLDivElement>();

  // The box is always there, so that its width is measured before the steps arrive.
  let note: ReactNode = null;
  if (error)
    note = (
      <p className="lc-note lc-error" role="alert">
        Could not read the lifecycle: {error.message}
      </p>
    );
  else if (isPending) note = <p className="lc-note">Reading the lifecycle…</p>;
  else if (steps.length === 0) note = <p className="lc-note">No lifecycle steps found for it.</p>;
  if (note !== null || !steps)
    return (
      <div className="lc-box" ref={boxRef}>
        {note}
      </div>
    );

  const lane = layoutLane(steps, { ...LANE, width: boxWidth });
  const last = lane.points.at(-1)?.x ?? 0;
  const first = lane.points[0]?.x ?? 0;
  const timedEnd = lane.untimedFrom ?? last;
  const overflows = lane.width > boxWidth + 1;
  return (
    <div className={`lc-box${overflows ? ' is-overflowing' : ''}`} ref={boxRef}>
      <div className="lc-lane" style={{ width: lane.width, height: LANE_H }}>
        <svg className="lc-svg" width={lane.width} height={LANE_H} aria-hidden="true">
          {lane.untimedFrom !== 0 && timedEnd > first && (
            <line className="lc-line" x1={first} x2={timedEnd} y1={LINE_Y} y2={LINE_Y} />
          )}
          {lane.untimedFrom !== null && (
            <line
              className="lc-line lc-line-untimed"
              x1={lane.untimedFrom}
              x2={last}
              y1={LINE_Y}
              y2={LINE_Y}
            />
          )}
          {lane.points.map((p) => {
            const cx = p.labelLeft + LANE.labelW / 2;
            const y2 = p.row === 0 ? LINE_Y - 12 : LINE_Y + 12;
            return (
              <line
                key={`leader-${p.mark.step.eventId}-${p.x}`}
                className="lc-leader"
                x1={p.x}
                y1={p.row === 0 ? LINE_Y - 6 : LINE_Y + 6}
                x2={cx}
                y2={y2}
              />
            );
          })}
        </svg>
        <ol
          className="lc-steps"
          aria-label={`Lifecycle of ${label}`}
          style={{ ['--line-y' as string]: `${LINE_Y}px` }}
        >
          {lane.points.map(({ mark, x, row, labelLeft }) => {
            const { step, also } = mark;
            const when = step.time === null ? 'no time' : clockText(step.time, zone);
            const word = stepWord(step);
            const all = [step, ...also];
            const sources = [...new Set(all.map((s) => s.sourceName))].join(', ');
            const isSelected = selected !== null && all.some((s) => s.eventId === selected);
            return (
              <li
                key={`${step.eventId}|${step.step}|${x}`}
                className={`lc-step lc-row-${row} lc-tone-${TONE[step.step] ?? 'plain'}${step.time === null ? ' is-untimed' : ''}${isSelected ? ' is-selected' : ''}`}
              >
                <span className="lc-dot" style={{ left: x }} aria-hidden="true" />
                <button
                  type="button"
                  className="lc-label"
                  style={{ left: labelLeft, width: LANE.labelW }}
                  aria-label={`${word}${also.length > 0 ? ` (${all.length} lines)` : ''}, ${when}, ${sources}`}
                  title={all
                    .map(
                      (s) =>
                        `${s.label} - ${s.time === null ? 'no time' : `${formatTimeFull(s.time)} (${s.timeQuality})`} - ${s.sourceName}`,
                    )
                    .join('\n')}
                  onClick={() => {
                    selectEvent(step.eventId);
                    setActivePanel('timeline');
                  }}
                >
                  <span className="lc-word">
                    {word}
                    {also.length > 0 && <span className="lc-times"> ×{all.length}</span>}
                  </span>
                  <span className="lc-time">{when}</span>
                </button>
              </li>
            );
          })}
        </ol>
      </div>
      {overflows && (
        <p className="lc-more" aria-hidden="true">
          {lane.points.length} steps: scroll sideways for the rest →
        </p>
      )}
    </div>
  );
}
