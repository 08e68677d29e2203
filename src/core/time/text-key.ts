// Message text as a matching key: the same kernel record printed by dmesg and by journalctl, or
// the same journal entry in two output modes, has the same text after its prefix, up to
// whitespace (journalctl prints a TAB as spaces; pastes collapse runs). The key is a 53-bit
// hash of the text with whitespace runs folded to one space and trimmed, computed straight from
// the stored line (no string per line), in two namespaces: kernel lines and the rest.

/** FNV-1a offset bases of the two hash lanes, per namespace. */
const BASIS_A = 0x811c9dc5;
const BASIS_B = 0x01000193 ^ 0x5bd1e995;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

/**
 * Hash of `s.slice(from, to)` with whitespace runs as one space, leading and trailing ones
 * dropped; `kernel` selects the namespace. An integer below 2^53 (exact in a double); -1 for
 * text that is empty once trimmed (nothing to match).
 */
export function textKey(s: string, from: number, to: number, kernel: boolean): number {
  let a = kernel ? BASIS_A ^ 0x9e3779b9 : BASIS_A;
  let b = kernel ? BASIS_B ^ 0x7f4a7c15 : BASIS_B;
  let pendingSpace = false;
  let any = false;
  const end = Math.min(to, s.length);
  for (let i = from; i < end; i++) {
    const c = s.charCodeAt(i);
    if (isSpace(c)) {
      if (any) pendingSpace = true;
      continue;
    }
    if (pendingSpace) {
      a = Math.imul(a ^ 32, 0x01000193);
      b = Math.imul(b ^ 32, 0x5bd1e995);
      b ^= b >>> 15;
      pendingSpace = false;
    }
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
    any = true;
  }
  if (!any) return -1;
  // 32 bits of one lane and 21 of the other: 53 bits, exact as a double.
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

export interface TextKeys {
  /** Event indices, ascending. */
  index: Uint32Array;
  /** Their keys. */
  key: Float64Array;
}

/** 2^23: a key is `hi * LO_SPAN + lo` with a 30-bit `hi` (a small integer, fast to hash) and a 23-bit `lo`. */
const LO_SPAN = 0x800000;

/**
 * An open-addressing table from a key's 30-bit `hi` to a slot value (linear probing, typed
 * arrays: no object per entry, unlike a Map of a hundred thousand doubles).
 */
class HiTable {
  private readonly mask: number;
  readonly keys: Int32Array;
  readonly vals: Int32Array;
  constructor(n: number) {
    let cap = 16;
    while (cap < n * 2) cap *= 2;
    this.mask = cap - 1;
    this.keys = new Int32Array(cap).fill(-1);
    this.vals = new Int32Array(cap);
  }
  /** The slot of `hi`: its own, or the empty one where it would go. */
  slot(hi: number): number {
    let h = Math.imul(hi, 0x9e3779b1) & this.mask;
    for (;;) {
      const k = this.keys[h];
      if (k === -1 || k === hi) return h;
      h = (h + 1) & this.mask;
    }
  }
}

const hiOf = (key: number): number => Math.floor(key / LO_SPAN);

/**
 * Keeps the keys seen exactly once (a message that repeats within a source could be any of its
 * copies, so it proves nothing); `index` ascending in, ascending out. Two texts whose keys share
 * their 30 high bits are dropped too (a few in a million lines): a lost key costs nothing, a
 * wrong match would.
 */
export function uniqueKeys(index: ArrayLike<number>, key: ArrayLike<number>): TextKeys {
  const n = key.length;
  const t = new HiTable(n);
  let kept = 0;
  for (let k = 0; k < n; k++) {
    const v = key[k];
    if (v < 0) continue;
    const s = t.slot(hiOf(v));
    if (t.keys[s] === -1) {
      t.keys[s] = hiOf(v);
      t.vals[s] = k;
      kept++;
    } else if (t.vals[s] >= 0) {
      t.vals[s] = -1;
      kept--;
    }
  }
  const out: TextKeys = { index: new Uint32Array(kept), key: new Float64Array(kept) };
  let m = 0;
  for (let k = 0; k < n; k++) {
    const v = key[k];
    if (v < 0) continue;
    if (t.vals[t.slot(hiOf(v))] === k) {
      out.index[m] = index[k];
      out.key[m++] = v;
    }
  }
  return out;
}

export interface Matches {
  a: Uint32Array;
  b: Uint32Array;
}

/** Matches already made: keys belong to a parse and never change, and alignment runs often. */
const matchCache = new WeakMap<TextKeys, WeakMap<TextKeys, Matches>>();

/** Pairs of events (one from each side) with the same key: [indices in a, indices in b]. */
export function matchKeys(a: TextKeys, b: TextKeys): Matches {
  let byB = matchCache.get(a);
  const hit = byB?.get(b);
  if (hit) return hit;
  const m = matchNow(a, b);
  if (!byB) {
    byB = new WeakMap();
    matchCache.set(a, byB);
  }
  byB.set(b, m);
  return m;
}

function matchNow(a: TextKeys, b: TextKeys): Matches {
  // A table of the smaller side, probed with the larger.
  const swap = a.key.length > b.key.length;
  const small = swap ? b : a;
  const large = swap ? a : b;
  const t = new HiTable(small.key.length);
  for (let k = 0; k < small.key.length; k++) {
    const hi = hiOf(small.key[k]);
    const s = t.slot(hi);
    t.keys[s] = hi;
    t.vals[s] = k;
  }
  const sa: number[] = [];
  const la: number[] = [];
  for (let k = 0; k < large.key.length; k++) {
    const v = large.key[k];
    const s = t.slot(hiOf(v));
    if (t.keys[s] === -1) continue;
    const j = t.vals[s];
    // Same high bits: the low ones must agree too.
    if (small.key[j] !== v) continue;
    sa.push(small.index[j]);
    la.push(large.index[k]);
  }
  return swap
    ? { a: Uint32Array.from(la), b: Uint32Array.from(sa) }
    : { a: Uint32Array.from(sa), b: Uint32Array.from(la) };
}
