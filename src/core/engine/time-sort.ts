// Ordering a million rows by time without a million objects: rows are parallel typed arrays
// (key, source, event); each source's run is usually already in time order (logs are written in
// order), so runs are checked, only unsorted runs are radix-sorted, and runs are then merged
// pairwise. Both steps are stable, so equal times keep the input order: source, then line.

/** Parallel arrays describing rows: `key[i]` is the sort key of row (src[i], ev[i]). */
export interface RowArrays {
  key: Float64Array;
  src: Uint16Array;
  ev: Uint32Array;
}

function isSorted(key: Float64Array, a: number, b: number): boolean {
  for (let i = a + 1; i < b; i++) if (key[i] < key[i - 1]) return false;
  return true;
}

/**
 * Stable LSD radix sort of rows a..b by key (no NaN keys), 16 bits a pass. Timestamps are
 * integers (µs), so the keys become exact unsigned offsets from the smallest key, split into
 * two 32-bit words; passes where every row has the same digit are skipped (a log that spans
 * less than 71 minutes needs two passes, a few days three). Non-integer keys fall back to the
 * IEEE-754 bits made order-preserving.
 */
export function radixSortRun(rows: RowArrays, a: number, b: number): void {
  const n = b - a;
  if (n < 2) return;
  if (n < 64) {
    insertionSort(rows, a, b);
    return;
  }
  const key = rows.key;
  let min = key[a];
  let max = key[a];
  let integral = true;
  for (let i = a; i < b; i++) {
    const k = key[i];
    if (k < min) min = k;
    if (k > max) max = k;
    if (integral && !Number.isInteger(k)) integral = false;
  }
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  const exact = integral && max - min <= Number.MAX_SAFE_INTEGER;
  if (exact) {
    for (let i = 0; i < n; i++) {
      const d = key[a + i] - min;
      lo[i] = d % 0x100000000;
      hi[i] = Math.floor(d / 0x100000000);
    }
  } else {
    const words = new Uint32Array(new Float64Array(key.subarray(a, b)).buffer);
    for (let i = 0; i < n; i++) {
      const l = words[2 * i];
      const h = words[2 * i + 1];
      if (h & 0x80000000 && (l !== 0 || h !== 0x80000000)) {
        // Negative (-0 is taken as +0: the comparison the merge uses says they are equal).
        lo[i] = ~l >>> 0;
        hi[i] = ~h >>> 0;
      } else {
        lo[i] = l;
        hi[i] = (h | 0x80000000) >>> 0;
      }
    }
  }
  // All four digit histograms in one read pass.
  const count = new Uint32Array(4 * 65536);
  for (let i = 0; i < n; i++) {
    const l = lo[i];
    const h = hi[i];
    count[l & 0xffff]++;
    count[65536 + (l >>> 16)]++;
    count[131072 + (h & 0xffff)]++;
    count[196608 + (h >>> 16)]++;
  }
  const needed = [0, 1, 2, 3].filter((p) => {
    const word = p < 2 ? lo : hi;
    const digit = p & 1 ? word[0] >>> 16 : word[0] & 0xffff;
    return count[p * 65536 + digit] !== n;
  });
  // The rows' own arrays travel through the passes (a final gather through a permutation
  // would read three big arrays at random: slower than all the passes together); hi only has
  // to travel if a later pass reads it or it differs between rows.
  const moveHi = needed.some((p) => p >= 2);
  let src = rows.src.slice(a, b);
  let ev = rows.ev.slice(a, b);
  let lo2 = new Uint32Array(n);
  let hi2 = moveHi ? new Uint32Array(n) : hi;
  let src2 = new Uint16Array(n);
  let ev2 = new Uint32Array(n);
  for (const pass of needed) {
    const base = pass * 65536;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = count[base + d];
      count[base + d] = sum;
      sum += c;
    }
    const word = pass < 2 ? lo : hi;
    const high = (pass & 1) === 1;
    for (let i = 0; i < n; i++) {
      const w = word[i];
      const j = count[base + (high ? w >>> 16 : w & 0xffff)]++;
      lo2[j] = lo[i];
      if (moveHi) hi2[j] = hi[i];
      src2[j] = src[i];
      ev2[j] = ev[i];
    }
    [lo, lo2] = [lo2, lo];
    if (moveHi) [hi, hi2] = [hi2, hi];
    [src, src2] = [src2, src];
    [ev, ev2] = [ev2, ev];
  }
  rows.src.set(src, a);
  rows.ev.set(ev, a);
  // The keys, rebuilt from the sorted words rather than gathered.
  if (exact) {
    for (let i = 0; i < n; i++) key[a + i] = min + hi[moveHi ? i : 0] * 0x100000000 + lo[i];
  } else {
    const out = new Float64Array(n);
    const words = new Uint32Array(out.buffer);
    for (let i = 0; i < n; i++) {
      const h = hi[moveHi ? i : 0];
      const l = lo[i];
      if (h & 0x80000000) {
        words[2 * i] = l;
        words[2 * i + 1] = h & 0x7fffffff;
      } else {
        words[2 * i] = ~l >>> 0;
        words[2 * i + 1] = ~h >>> 0;
      }
    }
    key.set(out, a);
  }
}

function insertionSort(rows: RowArrays, a: number, b: number): void {
  const { key, src, ev } = rows;
  for (let i = a + 1; i < b; i++) {
    const k = key[i];
    const s = src[i];
    const e = ev[i];
    let j = i - 1;
    while (j >= a && key[j] > k) {
      key[j + 1] = key[j];
      src[j + 1] = src[j];
      ev[j + 1] = ev[j];
      j--;
    }
    key[j + 1] = k;
    src[j + 1] = s;
    ev[j + 1] = e;
  }
}

/**
 * Sorts rows 0..n by key, stably. `runs` are the start offsets of consecutive runs (one per
 * source, in source order), plus n at the end.
 */
export function sortRowsByKey(rows: RowArrays, runs: number[]): void {
  let bounds = runs.slice();
  for (let r = 0; r + 1 < bounds.length; r++) {
    if (!isSorted(rows.key, bounds[r], bounds[r + 1])) radixSortRun(rows, bounds[r], bounds[r + 1]);
  }
  const n = bounds[bounds.length - 1];
  if (bounds.length <= 2 || isSorted(rows.key, 0, n)) return;
  let from: RowArrays = rows;
  let to: RowArrays = { key: new Float64Array(n), src: new Uint16Array(n), ev: new Uint32Array(n) };
  while (bounds.length > 2) {
    const next: number[] = [];
    for (let r = 0; r + 1 < bounds.length; r += 2) {
      const a = bounds[r];
      const m = bounds[r + 1];
      const b = r + 2 < bounds.length ? bounds[r + 2] : m;
      mergeRuns(from, to, a, m, b);
      next.push(a);
    }
    next.push(n);
    bounds = next;
    [from, to] = [to, from];
  }
  if (from !== rows) {
    rows.key.set(from.key.subarray(0, n));
    rows.src.set(from.src.subarray(0, n));
    rows.ev.set(from.ev.subarray(0, n));
  }
}

/** Merges from[a..m) and from[m..b) into to[a..b); on equal keys the left run goes first. */
function mergeRuns(from: RowArrays, to: RowArrays, a: number, m: number, b: number): void {
  const fk = from.key;
  const fs = from.src;
  const fe = from.ev;
  const tk = to.key;
  const ts = to.src;
  const te = to.ev;
  let i = a;
  let j = m;
  let o = a;
  while (i < m && j < b) {
    if (fk[j] < fk[i]) {
      tk[o] = fk[j];
      ts[o] = fs[j];
      te[o++] = fe[j++];
    } else {
      tk[o] = fk[i];
      ts[o] = fs[i];
      te[o++] = fe[i++];
    }
  }
  while (i < m) {
    tk[o] = fk[i];
    ts[o] = fs[i];
    te[o++] = fe[i++];
  }
  while (j < b) {
    tk[o] = fk[j];
    ts[o] = fs[j];
    te[o++] = fe[j++];
  }
}
