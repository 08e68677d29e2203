import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchKeys, matchRepeated, repeatedKeys, swapShared, textKey, uniqueKeys } from './text-key.ts';

const key = (s: string, kernel = true) => textKey(s, 0, s.length, kernel);

describe('textKey', () => {
  it('is the same for the same text whatever the whitespace around and inside it', () => {
    // dmesg prints a TAB, journalctl prints it as 8 spaces, a paste trims the end.
    const dmesg = 'Memory cgroup stats for /kubepods.slice:\tanon 812911';
    const journal = 'Memory cgroup stats for /kubepods.slice:        anon 812911   ';
    expect(key(dmesg)).toBe(key(journal));
    expect(key(`  ${dmesg}`)).toBe(key(dmesg));
    expect(key('Killed process 2150 (containerd-shim)')).not.toBe(
      key('Killed process 2151 (containerd-shim)'),
    );
  });

  it('keeps kernel lines and other lines apart, reads a slice without copying it, and skips blank text', () => {
    const s = 'eth0: link up';
    expect(key(s, true)).not.toBe(key(s, false));
    const line = `[    2.500000] ${s}`;
    expect(textKey(line, 15, line.length, true)).toBe(key(s));
    expect(key('   ')).toBe(-1);
  });

  it('is an integer a double holds exactly', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.boolean(), (s, k) => {
        const v = key(s, k);
        if (s.trim() === '') return;
        expect(Number.isSafeInteger(v)).toBe(true);
        expect(v).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('uniqueKeys and matchKeys', () => {
  it('drops repeated messages and pairs the rest across two sources', () => {
    const a = ['eth0: link up', 'Out of memory: Killed process 1', 'eth0: link up', 'usb 1-1: new device'];
    const b = ['usb 1-1: new device', 'Out of memory: Killed process 1', 'something else'];
    const ka = uniqueKeys(
      a.map((_, i) => i),
      a.map((s) => key(s)),
    );
    const kb = uniqueKeys(
      b.map((_, i) => i * 10),
      b.map((s) => key(s)),
    );
    expect([...ka.index]).toEqual([1, 3]);
    const m = matchKeys(ka, kb);
    const pairs = [...m.a].map((i, n) => [i, m.b[n]]).sort((x, y) => x[0] - y[0]);
    expect(pairs).toEqual([
      [1, 10],
      [3, 0],
    ]);
  });

  it('pairs exactly the texts both sides hold once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 12 }),
        fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'g'), { maxLength: 12 }),
        (xs, ys) => {
          const once = (zs: string[]) => new Set(zs.filter((z) => zs.indexOf(z) === zs.lastIndexOf(z)));
          const ux = once(xs);
          const uy = once(ys);
          const kx = uniqueKeys(
            xs.map((_, i) => i),
            xs.map((s) => key(s)),
          );
          const ky = uniqueKeys(
            ys.map((_, i) => i),
            ys.map((s) => key(s)),
          );
          const m = matchKeys(kx, ky);
          const got = [...m.a].map((i, n) => `${xs[i]}=${ys[m.b[n]]}`).sort();
          const want = [...ux]
            .filter((t) => uy.has(t))
            .map((t) => `${t}=${t}`)
            .sort();
          expect(got).toEqual(want);
        },
      ),
    );
  });
});

describe('repeatedKeys and matchRepeated', () => {
  const keysOf = (xs: string[], at = (i: number) => i) => {
    const index = xs.map((_, i) => at(i));
    const keys = xs.map((x) => key(x));
    return { unique: uniqueKeys(index, keys), repeated: repeatedKeys(index, keys) };
  };

  it('groups the texts a source repeats, with every line of each, ascending', () => {
    const xs = [
      'eth0: link up',
      'once',
      'eth0: link down',
      'eth0: link up',
      '   ',
      'eth0: link down',
      'eth0: link up',
    ];
    const { unique, repeated } = keysOf(xs, (i) => i * 10);
    expect([...unique.index]).toEqual([10]);
    const groups = [...repeated.key].map((k, g) => [
      k,
      [...repeated.index.subarray(repeated.start[g], repeated.start[g + 1])],
    ]);
    groups.sort((x, y) => (x[1] as number[])[0] - (y[1] as number[])[0]);
    expect(groups).toEqual([
      [key('eth0: link up'), [0, 30, 60]],
      [key('eth0: link down'), [20, 50]],
    ]);
  });

  it('gives, per text two sources share and one repeats, all of its lines on both sides', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 14 }),
        fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'g'), { maxLength: 14 }),
        (xs: string[], ys: string[]) => {
          const kx = keysOf(xs);
          const ky = keysOf(ys);
          const lines = (zs: string[], t: string) => zs.flatMap((z, i) => (z === t ? [i] : []));
          const want = [...new Set(xs)]
            .filter((t) => ys.includes(t) && (lines(xs, t).length > 1 || lines(ys, t).length > 1))
            .map((t) => `${t}:${lines(xs, t).join(',')}|${lines(ys, t).join(',')}`)
            .sort();
          const m = matchRepeated(kx, ky);
          const got = (mm: typeof m, as: string[]) =>
            Array.from({ length: mm.aStart.length - 1 }, (_, s) => {
              const a = [...mm.aIdx.subarray(mm.aStart[s], mm.aStart[s + 1])];
              const b = [...mm.bIdx.subarray(mm.bStart[s], mm.bStart[s + 1])];
              return `${as[a[0]]}:${a.join(',')}|${b.join(',')}`;
            }).sort();
          expect(got(m, xs)).toEqual(want);
          // Seen from the other side: the same texts, the sides swapped.
          const back = swapShared(matchRepeated(ky, kx));
          expect(got(back, xs)).toEqual(want);
        },
      ),
    );
  });
});
