// Message text as a matching key: the same kernel record printed by dmesg and by journalctl, or
// the same journal entry in two output modes, has the same text after its prefix, up to
// whitespace (journalctl prints a TAB as spaces; pastes collapse runs). The key is a 53-bit
// hash of the text with whitespace runs folded to one space and trimmed, computed straight from
// the stored line (no string per line), in two namespaces: kernel lines and the rest.
// A source keeps its keys in two tables: the texts it holds once (`uniqueKeys`: a match of two
// of them is one record, whatever the times) and the ones it repeats, grouped by text
// (`repeatedKeys`: a match of those needs a time to say which copy is which, align.ts).

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

/**
 * The texts a source repeats, grouped: group g is the text `key[g]`, printed by the events
 * `index[start[g]] .. index[start[g + 1] - 1]` (ascending). 4 bytes per repeated line and 12 per
 * text: a line repeated a hundred thousand times costs no more than its indices.
 */
export interface KeyGroups {
  key: Float64Array;
  /** `key.length + 1` offsets into `index`. */
  start: Uint32Array;
  index: Uint32Array;
}

/**
 * The keys seen more than once, grouped by text (the complement of `uniqueKeys`); `index`
 * ascending in, each group ascending out. Two texts whose keys share their 30 high bits are
 * dropped here too.
 */
export function repeatedKeys(index: ArrayLike<number>, key: ArrayLike<number>): KeyGroups {
  const n = key.length;
  const t = new HiTable(n);
  const cap = t.keys.length;
  // Per slot: the full key and how many lines hold it (-1: two texts, dropped).
  const full = new Float64Array(cap);
  for (let k = 0; k < n; k++) {
    const v = key[k];
    if (v < 0) continue;
    const s = t.slot(hiOf(v));
    if (t.keys[s] === -1) {
      t.keys[s] = hiOf(v);
      full[s] = v;
      t.vals[s] = 1;
    } else if (t.vals[s] > 0) t.vals[s] = full[s] === v ? t.vals[s] + 1 : -1;
  }
  let groups = 0;
  let total = 0;
  for (let s = 0; s < cap; s++) {
    if (t.keys[s] !== -1 && t.vals[s] >= 2) {
      groups++;
      total += t.vals[s];
    }
  }
  const out: KeyGroups = {
    key: new Float64Array(groups),
    start: new Uint32Array(groups + 1),
    index: new Uint32Array(total),
  };
  // The slot's group, and where its next index goes.
  const group = new Int32Array(cap).fill(-1);
  const next = new Uint32Array(groups);
  let g = 0;
  let at = 0;
  for (let s = 0; s < cap; s++) {
    if (t.keys[s] === -1 || t.vals[s] < 2) continue;
    group[s] = g;
    out.key[g] = full[s];
    out.start[g] = at;
    next[g] = at;
    at += t.vals[s];
    g++;
  }
  out.start[groups] = at;
  for (let k = 0; k < n; k++) {
    const v = key[k];
    if (v < 0) continue;
    const gg = group[t.slot(hiOf(v))];
    if (gg >= 0) out.index[next[gg]++] = index[k];
  }
  return out;
}

/** What one source's lines are as keys: the texts it holds once, and the ones it repeats. */
export interface SourceKeys {
  unique: TextKeys;
  repeated: KeyGroups;
}

/**
 * The texts two sources share where at least one side repeats them (the pairs of once-only
 * texts are `matchKeys`'): per shared text s, its events in a, `aIdx[aStart[s] .. aStart[s + 1] - 1]`,
 * and in b, `bIdx[bStart[s] .. bStart[s + 1] - 1]`, each ascending.
 */
export interface SharedTexts {
  aStart: Uint32Array;
  aIdx: Uint32Array;
  bStart: Uint32Array;
  bIdx: Uint32Array;
}

const sharedCache = new WeakMap<KeyGroups, WeakMap<KeyGroups, SharedTexts>>();

/** The repeated texts `a` and `b` share (cached per pair of key tables, like `matchKeys`). */
export function matchRepeated(a: SourceKeys, b: SourceKeys): SharedTexts {
  let byB = sharedCache.get(a.repeated);
  const hit = byB?.get(b.repeated);
  if (hit) return hit;
  const m = matchRepeatedNow(a, b);
  if (!byB) {
    byB = new WeakMap();
    sharedCache.set(a.repeated, byB);
  }
  byB.set(b.repeated, m);
  return m;
}

function matchRepeatedNow(a: SourceKeys, b: SourceKeys): SharedTexts {
  // A table of b's texts: a once-only one as its position k (>= 0), a repeated one as -(g + 1).
  // A high part is in one table or the other, never both (uniqueKeys drops what repeats).
  const bu = b.unique;
  const br = b.repeated;
  const t = new HiTable(bu.key.length + br.key.length);
  for (let k = 0; k < bu.key.length; k++) {
    const s = t.slot(hiOf(bu.key[k]));
    t.keys[s] = hiOf(bu.key[k]);
    t.vals[s] = k;
  }
  for (let g = 0; g < br.key.length; g++) {
    const s = t.slot(hiOf(br.key[g]));
    t.keys[s] = hiOf(br.key[g]);
    t.vals[s] = -(g + 1);
  }
  const aStart: number[] = [0];
  const aIdx: number[] = [];
  const bStart: number[] = [0];
  const bIdx: number[] = [];
  const pushB = (v: number): void => {
    if (v >= 0) bIdx.push(bu.index[v]);
    else {
      const g = -v - 1;
      for (let p = br.start[g]; p < br.start[g + 1]; p++) bIdx.push(br.index[p]);
    }
    bStart.push(bIdx.length);
  };
  /** b's entry for `key` (see the table), or null when b does not hold that text. */
  const inB = (key: number): number | null => {
    const s = t.slot(hiOf(key));
    if (t.keys[s] === -1) return null;
    const v = t.vals[s];
    const same = v >= 0 ? bu.key[v] === key : br.key[-v - 1] === key;
    return same ? v : null;
  };
  const ar = a.repeated;
  for (let g = 0; g < ar.key.length; g++) {
    const v = inB(ar.key[g]);
    if (v === null) continue;
    for (let p = ar.start[g]; p < ar.start[g + 1]; p++) aIdx.push(ar.index[p]);
    aStart.push(aIdx.length);
    pushB(v);
  }
  const au = a.unique;
  for (let k = 0; k < au.key.length; k++) {
    const v = inB(au.key[k]);
    // Once on both sides: matchKeys' pair.
    if (v === null || v >= 0) continue;
    aIdx.push(au.index[k]);
    aStart.push(aIdx.length);
    pushB(v);
  }
  return {
    aStart: Uint32Array.from(aStart),
    aIdx: Uint32Array.from(aIdx),
    bStart: Uint32Array.from(bStart),
    bIdx: Uint32Array.from(bIdx),
  };
}

/** The same shared texts seen from b's side. */
export function swapShared(m: SharedTexts): SharedTexts {
  return { aStart: m.bStart, aIdx: m.bIdx, bStart: m.aStart, bIdx: m.aIdx };
}
