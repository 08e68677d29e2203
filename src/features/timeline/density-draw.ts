// What the density histogram and the lanes draw, as pure functions of (data, size): the canvas
// code only fills the rectangles these return, so the geometry is tested in jsdom (which has no
// 2D context) and the drawing stays a few lines.
import { DENSITY_CLASSES, type Histogram, type Lane } from '../../core/engine/engine-api.ts';

/** One filled rectangle, in CSS pixels; `cls` indexes DENSITY_CLASSES (its colour). */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
  cls: number;
  /** 0..1; lanes fade quiet bins, the histogram draws everything opaque. */
  alpha: number;
}

/** Fewest pixels an error or warning gets in a bar, so one error among thousands of info lines shows. */
const MIN_ALERT_PX = 2;

/** Horizontal extent of bin `i` of `n` over `width` px, with a 1 px gap when bins are wide enough. */
function binX(i: number, n: number, width: number): { x: number; w: number } {
  const bw = width / n;
  const x = i * bw;
  return { x, w: bw >= 4 ? bw - 1 : bw };
}

/**
 * The stacked bars of a histogram: one column per bin, as tall as the square root of its total
 * (logs are bursty: a linear scale flattens everything but the burst), split by class with the
 * most severe at the bottom.
 */
export function histogramBars(h: Histogram, width: number, height: number): Rect[] {
  const n = h.counts[0]?.length ?? 0;
  if (n === 0 || h.max <= 0 || width <= 0 || height <= 0) return [];
  const out: Rect[] = [];
  for (let i = 0; i < n; i++) {
    let total = 0;
    for (const row of h.counts) total += row[i] ?? 0;
    if (total <= 0) continue;
    const barH = Math.max(1, Math.sqrt(total / h.max) * height);
    const { x, w } = binX(i, n, width);
    let y = height;
    for (let c = 0; c < DENSITY_CLASSES.length; c++) {
      const count = h.counts[c]?.[i] ?? 0;
      if (count <= 0 || y <= 0) continue;
      let segH = (count / total) * barH;
      if (c <= 1) segH = Math.max(segH, MIN_ALERT_PX);
      segH = Math.min(segH, y);
      y -= segH;
      out.push({ x, y, w, h: segH, cls: c, alpha: 1 });
    }
  }
  return out;
}

/**
 * One lane's cells: each non-empty bin coloured by its worst class, more opaque the busier it is
 * (relative to the lane's busiest bin), so a lane reads as "when, and how bad".
 */
export function laneCells(lane: Lane, width: number, height: number): Rect[] {
  const n = lane.counts.length;
  if (n === 0 || width <= 0 || height <= 0) return [];
  let max = 0;
  for (const c of lane.counts) if (c > max) max = c;
  const out: Rect[] = [];
  for (let i = 0; i < n; i++) {
    const count = lane.counts[i];
    const worst = lane.worst[i] ?? -1;
    if (count <= 0 || worst < 0) continue;
    const { x, w } = binX(i, n, width);
    out.push({
      x,
      y: 0,
      w: Math.max(w, 1),
      h: height,
      cls: worst,
      alpha: 0.35 + 0.65 * Math.sqrt(count / max),
    });
  }
  return out;
}

/** The bin under pixel x of a plot `width` wide with `n` bins (clamped). */
export function binAt(x: number, width: number, n: number): number {
  if (n <= 0 || width <= 0) return 0;
  return Math.max(0, Math.min(n - 1, Math.floor((x / width) * n)));
}

/** Colours per DENSITY_CLASSES index, read from CSS custom properties (light and dark differ). */
export type DensityColors = readonly string[];

export const DENSITY_VARS = DENSITY_CLASSES.map((c) => `--density-${c}`);
const FALLBACK_COLORS = ['#d92d20', '#e69500', '#8a96a8', '#c9d0da'];

export function readDensityColors(el: Element): DensityColors {
  const style = getComputedStyle(el);
  return DENSITY_VARS.map((v, i) => style.getPropertyValue(v).trim() || FALLBACK_COLORS[i]);
}

/**
 * Set once no 2D context could be had: then it is the environment (jsdom logs a "not implemented"
 * error on every call), not one canvas, and asking again only costs time.
 */
let noCanvas2d = false;

/**
 * Sizes a canvas to its CSS box at the device's pixel ratio and returns a context drawing in CSS
 * pixels, cleared; null where there is no 2D context (jsdom, a lost context).
 */
export function prepareCanvas(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
): CanvasRenderingContext2D | null {
  const dpr = typeof window !== 'undefined' && window.devicePixelRatio > 0 ? window.devicePixelRatio : 1;
  const w = Math.max(1, Math.round(width * dpr));
  const h = Math.max(1, Math.round(height * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  if (noCanvas2d) return null;
  let ctx: CanvasRenderingContext2D | null = null;
  try {
    ctx = canvas.getContext('2d');
  } catch {
    // Some DOM implementations throw "not implemented" instead of returning null.
    ctx = null;
  }
  if (!ctx) {
    noCanvas2d = true;
    return null;
  }
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}

export function fillRects(
  ctx: CanvasRenderingContext2D,
  rects: readonly Rect[],
  colors: DensityColors,
): void {
  for (const r of rects) {
    ctx.globalAlpha = r.alpha;
    ctx.fillStyle = colors[r.cls] ?? colors[colors.length - 1];
    ctx.fillRect(r.x, r.y, r.w, r.h);
  }
  ctx.globalAlpha = 1;
}
