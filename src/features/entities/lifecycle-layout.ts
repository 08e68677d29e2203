// Where the steps of a lifecycle lane go when the lane is narrow (the sidebar is ~275 px): the
// dots on one line (placeDots), their labels on as many rows as it takes for none to collide,
// alternately above and below the line, nearest rows first. Two rows (one above, one below) hold
// six steps at the sidebar's width; a container that was OOM-killed tells eight or more, and
// squeezed on two rows their labels ran into each other and out of the box.
import type { LifecycleStep } from '../../core/engine/engine-api.ts';
import { type LaneMark, laneMarks, placeDots, placeLabels } from './entity-model.ts';

export interface LaneLayoutOptions {
  /** The room there is, px; the lane grows past it only when even `maxRows` rows do not fit. */
  width: number;
  minGap: number;
  pad: number;
  /** Narrowest label, px; labels widen (up to labelMaxW) to share a row's room evenly. */
  labelW: number;
  labelMaxW: number;
  labelGap: number;
  /** Most label rows (half above the line, half below). */
  maxRows: number;
}

export interface RowPoint {
  mark: LaneMark;
  /** The step's dot on the line, px from the lane's left edge. */
  x: number;
  /** Above or below the line. */
  side: 'above' | 'below';
  /** 0 for the row next to the line, 1 for the one beyond it... */
  level: number;
  /** Left edge of the label: labels of one row never overlap, and all stay in the lane. */
  labelLeft: number;
}

export interface RowLayout {
  points: RowPoint[];
  /** The lane's width: the given width, or more when the labels need more room. */
  width: number;
  /** Where the untimed part of the lane starts (px), or null when every step has a time. */
  untimedFrom: number | null;
  /** Label rows above and below the line. */
  above: number;
  below: number;
  /** Every label's width, px. */
  labelW: number;
}

/** How many labels `w` px wide, `gap` apart, fit in `width`. */
function perRow(width: number, w: number, gap: number): number {
  return Math.max(1, Math.floor((width + gap) / (w + gap)));
}

/**
 * The lane: marks in time order (see laneMarks), dealt round-robin onto rows (so that neighbours
 * in time sit on different rows) - rows alternate above and below the line, nearest first;
 * as many rows as the labels need at `width`, at most `maxRows`, at least two when there are two
 * marks. Each row's labels are placed apart (placeLabels); the lane grows past `width` only when
 * `maxRows` rows are not enough.
 */
export function layoutLaneRows(steps: readonly LifecycleStep[], opts: LaneLayoutOptions): RowLayout {
  const marks = laneMarks(steps);
  const n = marks.length;
  const fit = perRow(opts.width, opts.labelW, opts.labelGap);
  const rows = Math.max(1, Math.min(opts.maxRows, Math.max(Math.min(n, 2), Math.ceil(n / fit))));
  const most = Math.ceil(n / rows);
  // The fullest row's labels share the room: wider labels cut fewer words.
  const even = Math.floor((opts.width - Math.max(0, most - 1) * opts.labelGap) / Math.max(1, most));
  const labelW = Math.max(opts.labelW, Math.min(opts.labelMaxW, even));
  const need = most * labelW + Math.max(0, most - 1) * opts.labelGap;
  const dotsNeed = 2 * opts.pad + Math.max(0, n - 1) * opts.minGap;
  const width = Math.max(opts.width, need, dotsNeed);
  const { xs, untimedFrom } = placeDots(marks, width, opts.minGap, opts.pad);
  const points: RowPoint[] = marks.map((mark, k) => {
    const row = k % rows;
    return {
      mark,
      x: xs[k],
      side: row % 2 === 0 ? 'above' : 'below',
      level: Math.floor(row / 2),
      labelLeft: 0,
    };
  });
  for (let row = 0; row < rows; row++) {
    const inRow = points.filter((_, k) => k % rows === row);
    const lefts = placeLabels(
      inRow.map((p) => p.x),
      labelW,
      opts.labelGap,
      width,
    );
    inRow.forEach((p, i) => {
      p.labelLeft = lefts[i];
    });
  }
  return { points, width, untimedFrom, above: Math.ceil(rows / 2), below: Math.floor(rows / 2), labelW };
}
