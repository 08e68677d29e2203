// Seeded randomness for the generator. mulberry32 is tiny, fast and good enough for synthetic
// logs; what matters is that the same seed always gives the same bytes (no Math.random, no Date).

// Number.prototype.toString(16) is slow on the hot path of a 100 MB file; a table of all
// 4-digit groups turns 32 random bits into hex with two lookups.
const HEX4: string[] = [];
for (let i = 0; i < 0x10000; i++) HEX4.push(i.toString(16).padStart(4, '0'));

export class Rng {
  private a: number;

  constructor(seed: number) {
    this.a = seed | 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.a = (this.a + 0x6d2b79f5) | 0;
    let t = Math.imul(this.a ^ (this.a >>> 15), 1 | this.a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Lower-case hex of exactly n digits (container ids, boot ids). */
  hex(n: number): string {
    let s = '';
    while (s.length < n) {
      const v = Math.floor(this.next() * 0x100000000);
      s += HEX4[v >>> 16] + HEX4[v & 0xffff];
    }
    return s.length === n ? s : s.slice(0, n);
  }

  /** RFC 4122-shaped (version 4) id, as Kubernetes pod uids look. */
  uuid(): string {
    const h = this.hex(32);
    const variant = '89ab'[this.int(0, 3)];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** Kubernetes generated-name suffix (the alphabet of apimachinery's rand.String: no vowels, no 0/1/3). */
  suffix(n: number): string {
    const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
}

/** Derives an independent stream's seed from the user's seed and a salt (one stream per file or phase). */
export function mixSeed(seed: number, salt: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h | 0;
}

/** A cheap deterministic 16-hex hash of a number (journal cursor `x=` fields): no stream consumed. */
export function hashHex16(n: number): string {
  const a = mixSeed(n, 0x51ed) >>> 0;
  const b = mixSeed(n, 0x2c0d) >>> 0;
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}
