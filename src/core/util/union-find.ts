// Disjoint sets over 0..n-1, for the joins of the engine: references to one entity
// (timeline/link.ts) and kernel boots proved to be one (time/align.ts).

/** Union-find with path compression; a join makes the smaller root the root of both. */
export class UnionFind {
  protected readonly parent: Int32Array;

  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }

  find(a: number): number {
    let r = a;
    while (this.parent[r] !== r) r = this.parent[r];
    // Path compression.
    let x = a;
    while (this.parent[x] !== r) {
      const next = this.parent[x];
      this.parent[x] = r;
      x = next;
    }
    return r;
  }

  /** Joins the sets of a and b; false when they were one already. */
  union(a: number, b: number): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return false;
    this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
    return true;
  }
}
