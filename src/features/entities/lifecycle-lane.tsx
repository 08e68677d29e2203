// A container's (or sandbox's) lifecycle as one horizontal lane: created, started, OOM-killed,
// shim disconnected, exited 137, unknown. Dots sit in time order on a log-scaled line (see
// placeDots); steps without a time follow on a dashed stretch. Labels sit on rows above and below
// the line, as many rows as it takes for none to collide at the lane's width (layoutLaneRows),
// with a leader line back to their dot; a label longer than its box is cut, and its title has the
// whole story. Each step selects its event in the timeline.
import { type ReactNode, type RefObject, useEffect, useRef, useState } from 'react';
import type { LifecycleStep } from '../../core/engine/engine-api.ts';
import { formatTimeFull, formatTimeIn } from '../../state/format.ts';
import { useLifecycle } from '../../state/queries.ts';
import { type DisplayZone, useWorkbenchStore } from '../../state/store.ts';
import { stepWord } from './entity-model.ts';
import { layoutLaneRows } from './lifecycle-layout.ts';

const LANE = { minGap: 24, pad: 10, labelW: 86, labelMaxW: 130, labelGap: 4, maxRows: 4 };
/** Height of a row of labels: a word on at most two lines, and the time. */
const ROW_H = 44;
/** Between the line and the nearest labels (the dots are 12 px). */
const LINE_GAP = 12;
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

  const lane = layoutLaneRows(steps, { ...LANE, width: boxWidth });
  const lineY = LINE_GAP + lane.above * ROW_H;
  const height = lineY + LINE_GAP + lane.below * ROW_H;
  /** The edge of a label's row nearest the line, px from the lane's top. */
  const rowEdge = (side: 'above' | 'below', level: number) =>
    side === 'above' ? lineY - LINE_GAP - level * ROW_H : lineY + LINE_GAP + level * ROW_H;
  const last = lane.points.at(-1)?.x ?? 0;
  const first = lane.points[0]?.x ?? 0;
  const timedEnd = lane.untimedFrom ?? last;
  const overflows = lane.width > boxWidth + 1;
  return (
    <div className={`lc-box${overflows ? ' is-overflowing' : ''}`} ref={boxRef}>
      <div className="lc-lane" style={{ width: lane.width, height }}>
        <svg className="lc-svg" width={lane.width} height={height} aria-hidden="true">
          {lane.untimedFrom !== 0 && timedEnd > first && (
            <line className="lc-line" x1={first} x2={timedEnd} y1={lineY} y2={lineY} />
          )}
          {lane.untimedFrom !== null && (
            <line className="lc-line lc-line-untimed" x1={lane.untimedFrom} x2={last} y1={lineY} y2={lineY} />
          )}
          {lane.points.map((p) => (
            <line
              key={`leader-${p.mark.step.eventId}-${p.x}`}
              className="lc-leader"
              x1={p.x}
              y1={p.side === 'above' ? lineY - 6 : lineY + 6}
              x2={p.labelLeft + lane.labelW / 2}
              y2={rowEdge(p.side, p.level)}
            />
          ))}
        </svg>
        <ol
          className="lc-steps"
          aria-label={`Lifecycle of ${label}`}
          style={{ ['--line-y' as string]: `${lineY}px` }}
        >
          {lane.points.map(({ mark, x, side, level, labelLeft }) => {
            const { step, also } = mark;
            const when = step.time === null ? 'no time' : clockText(step.time, zone);
            const word = stepWord(step);
            const all = [step, ...also];
            const sources = [...new Set(all.map((s) => s.sourceName))].join(', ');
            const isSelected = selected !== null && all.some((s) => s.eventId === selected);
            const edge = rowEdge(side, level);
            return (
              <li
                key={`${step.eventId}|${step.step}|${x}`}
                className={`lc-step lc-${side} lc-tone-${TONE[step.step] ?? 'plain'}${step.time === null ? ' is-untimed' : ''}${isSelected ? ' is-selected' : ''}`}
              >
                <span className="lc-dot" style={{ left: x }} aria-hidden="true" />
                <button
                  type="button"
                  className="lc-label"
                  style={{
                    left: labelLeft,
                    width: lane.labelW,
                    ...(side === 'above' ? { bottom: height - edge } : { top: edge }),
                  }}
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
