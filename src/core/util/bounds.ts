// Binary search in an ascending Float64Array (times: a view's sort keys, a source's stamps).

/** First index whose key is >= t (key.length when none). */
export function lowerBound(key: Float64Array, t: number): number {
  let lo = 0;
  let hi = key.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose key is > t (key.length when none). */
export function upperBound(key: Float64Array, t: number): number {
  let lo = 0;
  let hi = key.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
