import { memo } from 'react';
import type { DisplayZone } from '../../state/store.ts';
import { timeTicks } from './time-axis.ts';

/** Tick labels under a plot, in the display zone (DOM text: sharp at any zoom, and readable by tests). */
export const TimeAxisLabels = memo(function TimeAxisLabels({
  from,
  to,
  width,
  zone,
}: {
  from: number;
  to: number;
  width: number;
  zone: DisplayZone;
}) {
  const ticks = timeTicks({ from, to, width }, zone);
  return (
    <div className="nav-axis" aria-hidden="true">
      {ticks.map((t) => (
        <span key={t.us} className="nav-tick" style={{ left: `${t.x}px` }}>
          {t.label}
        </span>
      ))}
    </div>
  );
});
