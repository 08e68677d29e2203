import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bootDomains, isGlobalBootId } from './domains.ts';

const NaN_ = Number.NaN;

describe('bootDomains', () => {
  it('starts a new domain when a clock without boot ids goes back by more than a second', () => {
    // dmesg of one boot, then the dmesg of the next boot pasted below it.
    const mono = [0, 0.5, 12.25, 7434.669643, 0, 1.5, NaN_, 2.0, 1.4];
    const d = bootDomains(mono.length, mono, new Array(mono.length).fill(-1), []);
    expect(d.domains.map((x) => x.name)).toEqual(['#1', '#2']);
    expect([...d.of]).toEqual([0, 0, 0, 0, 1, 1, -1, 1, 1]);
    expect(d.domains[0]).toMatchObject({ events: 4, first: 0, maxMono: 7434.669643 });
    expect(d.domains[1]).toMatchObject({ events: 4, first: 4, maxMono: 2 });
  });

  it('follows the boot the source names, and names nothing for events without a monotonic time', () => {
    const names = ['5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21', 'ee24fb7c725f66c9a0334e311fd91aa5'];
    const mono = [100, 200, 5, 6, NaN_];
    const boot = [0, 0, 1, 1, 1];
    const d = bootDomains(5, mono, boot, names);
    expect(d.domains.map((x) => x.name)).toEqual(names);
    expect([...d.of]).toEqual([0, 0, 1, 1, -1]);
  });

  it('never puts events of two boots in one domain', () => {
    const event = fc.record({
      mono: fc.oneof(fc.double({ min: 0, max: 1e5, noNaN: true }), fc.constant(Number.NaN)),
      boot: fc.integer({ min: -1, max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 200 }), (events) => {
        const names = [
          'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
          'boot-1',
          'boot-2',
          'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
        ];
        const d = bootDomains(
          events.length,
          events.map((e) => e.mono),
          events.map((e) => e.boot),
          names,
        );
        const bootOf = new Map<number, number>();
        let total = 0;
        events.forEach((e, i) => {
          const dom = d.of[i];
          if (Number.isNaN(e.mono)) {
            expect(dom).toBe(-1);
            return;
          }
          expect(dom).toBeGreaterThanOrEqual(0);
          total++;
          const seen = bootOf.get(dom);
          if (seen === undefined) bootOf.set(dom, e.boot);
          else expect(seen).toBe(e.boot);
          if (e.boot >= 0) expect(d.domains[dom].name).toBe(names[e.boot]);
        });
        expect(d.domains.reduce((s, x) => s + x.events, 0)).toBe(total);
      }),
    );
  });

  it('tells journald boot ids from names local to one source', () => {
    expect(isGlobalBootId('ee24fb7c725f66c9a0334e311fd91aa5')).toBe(true);
    expect(isGlobalBootId('boot-1')).toBe(false);
    expect(isGlobalBootId('#2')).toBe(false);
  });
});
