import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UnionFind } from './union-find.ts';

describe('UnionFind', () => {
  it('puts a and b in one set exactly when a chain of joins links them; the root is the smallest', () => {
    const joins = fc.array(fc.tuple(fc.nat(19), fc.nat(19)), { maxLength: 40 });
    fc.assert(
      fc.property(joins, (pairs) => {
        const uf = new UnionFind(20);
        // Naive labels: every join relabels one whole set.
        const label = Array.from({ length: 20 }, (_, i) => i);
        for (const [a, b] of pairs) {
          const joined = uf.union(a, b);
          const [la, lb] = [label[a], label[b]];
          expect(joined).toBe(la !== lb);
          for (let i = 0; i < 20; i++) if (label[i] === lb) label[i] = la;
        }
        for (let a = 0; a < 20; a++) {
          const members = label.flatMap((l, i) => (l === label[a] ? [i] : []));
          expect(uf.find(a)).toBe(Math.min(...members));
        }
      }),
    );
  });
});
