// The fit of one clock domain's offset (wall µs = offset + monotonic µs) from anchor pairs.
//
// Every pair bounds the offset to an interval: a wall stamp of precision p (1 s for
// `Nov 26 10:00:01`, 1 µs for `.187734`) says the true time is in [W, W + p), so the offset is in
// [W - m, W + p - 1 - m] (integer µs, closed). The fitted offset is the point covered by the most
// intervals: a wrong match (a repeated message read as one record) lands somewhere else and
// covers nothing the others do, and seconds-precision stamps whose fractions differ narrow the
// common part to a few ms. Intervals that never overlap (precise stamps with jitter: journald's
// reception lag, NTP slewing the wall clock) are widened step by step while that gathers them.
// The result is the middle of the best region, its half-width (the uncertainty) and the RMS
// distance of the pairs used from the fitted offset (0 when every one of them agrees).

export interface Fit {
  /** The offset, µs (an integer). */
  offset: number;
  /** ± µs around `offset` where the true offset may be (half the width of the best region). */
  uncertainty: number;
  /** RMS distance of the pairs used from `offset` (0 when it lies inside every one), µs. */
  residual: number;
  /** 1 for the pairs that agree with the fit (cover it, within `tolerance`). */
  inliers: Uint8Array;
  /** How many pairs agree. */
  used: number;
  /** How much every interval had to be widened (each side) for most of them to meet, µs. */
  tolerance: number;
}

/** Widening steps, µs: none, then 0.1 ms ... 1 min. */
const TOLERANCES = [0, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 60_000_000];

interface Region {
  depth: number;
  a: number;
  b: number;
}

/** The deepest point(s) of intervals [lo - tol, hi + tol]; ties: the region nearest `center`. */
function deepest(lo: ArrayLike<number>, hi: ArrayLike<number>, tol: number, center: number): Region {
  const n = lo.length;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    starts[k] = lo[k] - tol;
    ends[k] = hi[k] + tol;
  }
  starts.sort();
  ends.sort();
  let best: Region = { depth: 0, a: 0, b: 0 };
  let bestDist = Number.POSITIVE_INFINITY;
  let depth = 0;
  let i = 0;
  let j = 0;
  // Closed intervals: at equal positions a start counts before an end.
  while (i < n) {
    if (starts[i] <= ends[j]) {
      depth++;
      const x = starts[i++];
      const next = i < n && starts[i] < ends[j] ? starts[i] : ends[j];
      if (depth >= best.depth) {
        const dist = Math.abs((x + next) / 2 - center);
        if (depth > best.depth || dist < bestDist) {
          best = { depth, a: x, b: next };
          bestDist = dist;
        }
      }
    } else {
      depth--;
      j++;
    }
  }
  return best;
}

/**
 * Fits one offset to intervals [lo[k], hi[k]] (µs, lo <= hi); null when there are none.
 * Robust: the answer is where the most intervals meet, so a few wrong pairs do not move it.
 */
export function fitOffset(lo: ArrayLike<number>, hi: ArrayLike<number>): Fit | null {
  const n = lo.length;
  if (n === 0 || hi.length !== n) return null;
  // Ties between equally deep regions go to the one nearest the middle of all pairs.
  const mids = new Float64Array(n);
  for (let k = 0; k < n; k++) mids[k] = (lo[k] + hi[k]) / 2;
  mids.sort();
  const center = mids[n >> 1];
  // Widen until most pairs agree (two pairs: both), or until widening stops gathering pairs: a
  // step that does not double the agreeing pairs only adds the wrong ones (repeated texts that
  // matched another record of the same words, spread over hours), never the point.
  const need = n <= 2 ? n : Math.ceil(n / 2);
  const regions: (Region | undefined)[] = [];
  const at = (k: number): Region => {
    let r = regions[k];
    if (!r) {
      r = deepest(lo, hi, TOLERANCES[k], center);
      regions[k] = r;
    }
    return r;
  };
  let k = 0;
  while (at(k).depth < need) {
    let next = -1;
    for (let j = k + 1; j < TOLERANCES.length && next < 0; j++) if (at(j).depth >= 2 * at(k).depth) next = j;
    if (next < 0) break;
    k = next;
  }
  const tol = TOLERANCES[k];
  const region = at(k);
  const offset = Math.floor((region.a + region.b) / 2);
  const inliers = new Uint8Array(n);
  let used = 0;
  let sq = 0;
  for (let k = 0; k < n; k++) {
    if (lo[k] - tol <= offset && offset <= hi[k] + tol) {
      inliers[k] = 1;
      used++;
      const d = offset < lo[k] ? lo[k] - offset : offset > hi[k] ? offset - hi[k] : 0;
      sq += d * d;
    }
  }
  return {
    offset,
    uncertainty: Math.max(0, Math.ceil((region.b - region.a) / 2)),
    residual: used ? Math.sqrt(sq / used) : 0,
    inliers,
    used,
    tolerance: tol,
  };
}

/**
 * The interval of offsets one pair allows: a wall stamp `wallUs` of precision `precisionUs` and a
 * monotonic time `monoUs` of the same record. `earlyUs`: the record may have happened up to this
 * long before its wall stamp (journald and rsyslog stamp a kernel line when they read it).
 */
export function pairInterval(
  wallUs: number,
  precisionUs: number,
  monoUs: number,
  earlyUs = 0,
): [number, number] {
  const p = Math.max(1, precisionUs);
  return [wallUs - earlyUs - monoUs, wallUs + p - 1 - monoUs];
}
