import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type TestEvent, testSource } from '../../../test/helpers/clock-source.ts';
import { alignBoots, alignedTimes } from './align.ts';

const SECOND = 1_000_000;
// 2025-11-24T06:05:51.952087Z, the generator's boot (seed 7).
const BOOT = 1_763_964_351_952_087;
const BOOT_ID = 'ee24fb7c725f66c9a0334e311fd91aa5';
const OTHER_BOOT_ID = '5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21';

/** Kernel records at these monotonic times (s), each with its own text. */
function records(monos: number[], tag = ''): { mono: number; text: string }[] {
  return monos.map((mono, k) => ({ mono, text: `eth${k}${tag}: link up at ${mono}` }));
}

const dmesg = (recs: { mono: number; text: string }[]): TestEvent[] =>
  recs.map((r) => ({ format: 'dmesg-raw', mono: r.mono, text: r.text }));

/** `journalctl -k` short lines of the same records: read 41 µs late, stamped to the second. */
const journalShort = (recs: { mono: number; text: string }[], boot = BOOT): TestEvent[] =>
  recs.map((r) => ({
    format: 'journalctl-short',
    time: Math.floor((boot + Math.round(r.mono * SECOND) + 41) / SECOND) * SECOND,
    quality: 'inferred',
    text: r.text,
  }));

/** `journalctl -o json` entries of the same records: both of journald's clocks, exact. */
const journalJson = (recs: { mono: number; text: string }[], bootId = BOOT_ID, boot = BOOT): TestEvent[] =>
  recs.map((r) => {
    const mono = Math.round(r.mono * SECOND) + 41;
    return { format: 'journalctl-json', time: boot + mono, mono: mono / SECOND, boot: bootId, text: r.text };
  });

const spread = (n: number, from = 40): number[] =>
  Array.from({ length: n }, (_, k) => from + k * 37.123457 + ((k * 7919) % 1000) / 1000);

describe('alignBoots', () => {
  it('fits dmesg to the kernel lines of journalctl -k, within the uncertainty it states', () => {
    const recs = records(spread(200));
    const [d, j] = alignBoots(
      [testSource('dmesg', dmesg(recs)), testSource('journal', journalShort(recs))],
      [],
    );
    expect(j.boots).toEqual([]);
    const b = d.boots[0];
    expect(b).toMatchObject({
      boot: '#1',
      events: 200,
      evidence: 'matched-text',
      decidedBy: 'evidence',
      anchors: 200,
    });
    expect(b.anchorSources).toEqual(['journal']);
    if (b.bootTimeUs === null || b.uncertaintyUs === null) throw new Error('not aligned');
    expect(Math.abs(b.bootTimeUs - BOOT)).toBeLessThanOrEqual(b.uncertaintyUs + 41);
    expect(b.uncertaintyUs).toBeLessThan(20_000);
    expect(b.residualUs).toBe(0);
    expect(b.examples.length).toBeGreaterThan(0);
    expect(b.examples[0].monoEventId).toMatch(/^dmesg:\d+$/);
    expect(b.examples[0].wallEventId).toMatch(/^journal:\d+$/);
    expect(b.reason).toMatch(/200 lines matched by text/);
    expect(b.reason).not.toMatch(/assumed/);
    // When nothing confirmed the journal's zone, the reason says what rests on it.
    const [again] = alignBoots(
      [testSource('dmesg', dmesg(recs)), testSource('journal', journalShort(recs))],
      [],
      new Set(['journal']),
    );
    expect(again.boots[0].reason).toMatch(/The zone of journal is assumed, not learned/);
  });

  it('takes the journal boot of entries with both clocks, once kernel lines show it is the same boot', () => {
    const recs = records(spread(30));
    const [d, j] = alignBoots([testSource('dmesg', dmesg(recs)), testSource('json', journalJson(recs))], []);
    expect(j.boots[0]).toMatchObject({ boot: BOOT_ID, evidence: 'journal-monotonic', bootTimeUs: BOOT });
    expect(d.boots[0]).toMatchObject({
      evidence: 'journal-monotonic',
      bootTimeUs: BOOT,
      anchorSources: ['json'],
    });
    // The journal read them 41 µs after the kernel printed them: that is all dmesg may be off by.
    expect(d.boots[0].uncertaintyUs).toBeLessThanOrEqual(42);
    expect(d.boots[0].reason).toMatch(/same boot/);
  });

  it('aligns each boot of a dmesg clock that restarts on its own, never mixing them', () => {
    const boot2 = BOOT + 86_400 * SECOND;
    const first = records(spread(20), 'a');
    const second = records(spread(20), 'b');
    const mono = testSource('dmesg', [...dmesg(first), ...dmesg(second)]);
    const json = testSource('json', [...journalJson(first), ...journalJson(second, OTHER_BOOT_ID, boot2)]);
    const [d] = alignBoots([mono, json], []);
    expect(d.boots.map((b) => [b.boot, b.bootTimeUs, b.evidence])).toEqual([
      ['#1', BOOT, 'journal-monotonic'],
      ['#2', boot2, 'journal-monotonic'],
    ]);
    const t = alignedTimes(mono, d);
    if (!t) throw new Error('nothing aligned');
    for (let i = 0; i < 20; i++) expect(t.time[i]).toBe(BOOT + Math.round(first[i].mono * SECOND));
    for (let i = 0; i < 20; i++) expect(t.time[20 + i]).toBe(boot2 + Math.round(second[i].mono * SECOND));
  });

  it('does not take the first seconds of boot, which every boot prints alike, as proof of a boot', () => {
    // Two journals of two boots print `Linux version` at 0.0; dmesg's matches both.
    const early = [{ mono: 0, text: 'Linux version 6.1.0-27-amd64' }];
    const sources = [
      testSource('dmesg', dmesg(early)),
      testSource('json-1', journalJson(early)),
      testSource('json-2', journalJson(early, OTHER_BOOT_ID, BOOT + 86_400 * SECOND)),
    ];
    const [d, j1, j2] = alignBoots(sources, []);
    // The journals keep their own boots; dmesg is not joined to either.
    expect(j1.boots[0].bootTimeUs).toBe(BOOT);
    expect(j2.boots[0].bootTimeUs).toBe(BOOT + 86_400 * SECOND);
    expect(d.boots[0].reason).not.toMatch(/same boot/);
  });

  it('never joins two journald boots through a third source', () => {
    // Kernel lines past the first seconds, the same texts in both boots (a node that does the
    // same every boot): dmesg agrees with both, but the two boots stay apart.
    const late = records(spread(5));
    const sources = [
      testSource('dmesg', dmesg(late)),
      testSource('json-1', journalJson(late)),
      testSource('json-2', journalJson(late, OTHER_BOOT_ID, BOOT + 86_400 * SECOND)),
    ];
    const [d, j1, j2] = alignBoots(sources, []);
    expect(j1.boots[0].bootTimeUs).toBe(BOOT);
    expect(j2.boots[0].bootTimeUs).toBe(BOOT + 86_400 * SECOND);
    expect([BOOT, BOOT + 86_400 * SECOND]).toContain(d.boots[0].bootTimeUs);
  });

  it('assumes the one boot the other sources hold, and says so, when no line matches', () => {
    const recs = records(spread(10));
    const [d] = alignBoots(
      [testSource('dmesg', dmesg(records([5, 6, 7], 'other'))), testSource('json', journalJson(recs))],
      [],
    );
    expect(d.boots[0]).toMatchObject({ bootTimeUs: BOOT, anchors: 0, evidence: 'journal-monotonic' });
    expect(d.boots[0].reason).toMatch(/^Assumed/);
  });

  it('leaves a clock with no evidence relative', () => {
    const src = testSource('dmesg', dmesg(records([1, 2, 3])));
    const [d] = alignBoots([src], []);
    expect(d.boots[0]).toMatchObject({
      bootTimeUs: null,
      evidence: 'none',
      decidedBy: 'none',
      uncertaintyUs: null,
    });
    expect(alignedTimes(src, d)).toBeNull();
  });

  it("uses a daemon's own zoned stamps inside short-monotonic lines", () => {
    // `[ 1123.120810] host dockerd[1471]: time="2023-10-27T07:37:43.703523766-03:00" ...`
    const boot = Date.UTC(2023, 9, 27, 10, 19, 0) * 1000;
    const events: TestEvent[] = [1123.12081, 1123.123997, 1123.126002].map((m) => ({
      format: 'journalctl-short-monotonic',
      mono: m,
      embedded: boot + Math.round(m * SECOND) - 213,
    }));
    const [a] = alignBoots([testSource('monotonic', events)], []);
    const b = a.boots[0];
    expect(b.evidence).toBe('short-monotonic');
    if (b.bootTimeUs === null || b.uncertaintyUs === null) throw new Error('not aligned');
    expect(Math.abs(b.bootTimeUs - boot)).toBeLessThanOrEqual(b.uncertaintyUs);
  });

  it("applies the user's boot time, pinned line and shift", () => {
    const recs = records(spread(10));
    const mono = testSource('dmesg', dmesg(recs));
    const wall = testSource('journal', journalShort(records([1, 2], 'x')));
    const typed = BOOT + 5 * SECOND;
    const [a] = alignBoots([mono, wall], [{ bootTimes: { '#1': typed } }]);
    expect(a.boots[0]).toMatchObject({ bootTimeUs: typed, evidence: 'user-boot-time', decidedBy: 'user' });
    // Pinning dmesg's line 3 to a wall time moves its whole boot.
    const pinAt = BOOT + 1000 * SECOND;
    const [p] = alignBoots([mono, wall], [{ pin: { eventId: 'dmesg:3', wallUs: pinAt } }]);
    expect(p.boots[0]).toMatchObject({ evidence: 'pinned-line', decidedBy: 'user' });
    expect(p.boots[0].bootTimeUs).toBe(pinAt - Math.round(recs[2].mono * SECOND));
    expect(p.pinned).toEqual({ eventId: 'dmesg:3', wallUs: pinAt });
    // Pinning a wall line shifts the whole source; a typed shift too.
    const [, w] = alignBoots(
      [mono, wall],
      [undefined, { pin: { eventId: 'journal:2', wallUs: wall.time[1] + 7 } }],
    );
    expect(w.shiftUs).toBe(7);
    const t = alignedTimes(wall, w);
    expect(t?.time[0]).toBe(wall.time[0] + 7);
    expect(t?.quality[0]).toBe(wall.qualities.indexOf('aligned'));
    const [, s] = alignBoots([mono, wall], [undefined, { shiftUs: -3 * SECOND }]);
    expect(s.shiftUs).toBe(-3 * SECOND);
  });

  it('keeps a monotonic clock in order: monotone in, monotone out', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2_000_000_000 }), { minLength: 2, maxLength: 80 }),
        fc.integer({ min: 1_500_000_000, max: 1_900_000_000 }),
        fc.nat(40),
        (raw, bootSecs, anchors) => {
          const monos = [...raw].sort((x, y) => x - y).map((us) => us / SECOND);
          const boot = bootSecs * SECOND + 123_457;
          const recs = monos.map((m, k) => ({ mono: m, text: `record ${k}` }));
          const mono = testSource('dmesg', dmesg(recs));
          const wall = testSource('journal', journalShort(recs.slice(0, anchors), boot));
          const [a] = alignBoots([mono, wall], []);
          const t = alignedTimes(mono, a);
          if (anchors === 0) {
            expect(t).toBeNull();
            return;
          }
          if (!t) throw new Error('not aligned');
          for (let i = 1; i < monos.length; i++) expect(t.time[i]).toBeGreaterThanOrEqual(t.time[i - 1]);
          for (let i = 0; i < monos.length; i++) expect(t.quality[i]).toBe(mono.qualities.indexOf('aligned'));
          const u = a.boots[0].uncertaintyUs ?? 0;
          expect(t.rangeHi?.[0]).toBe(t.time[0] + u);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('the second pass: repeated texts paired where the first fit puts them', () => {
  /** Once-only kernel records, all in the first 2 ms of boot: their wall seconds barely narrow the fit. */
  const early = Array.from({ length: 20 }, (_, k) => ({ mono: 0.1 + k * 0.0001, text: `early record ${k}` }));
  /** Records of a few texts that repeat all day (link flaps, call traces), at fractions of all sorts. */
  const flaps = (n: number, texts: string[], from = 60): { mono: number; text: string }[] =>
    Array.from({ length: n }, (_, k) => ({
      mono: from + k * 37.123457 + ((k * 7919) % 1000) / 1000,
      text: texts[k % texts.length],
    }));
  const TEXTS = [
    'cni0: port 3(veth1) entered blocking state',
    'IPVS: rr: TCP 10.96.0.10:53 - no destination',
  ];
  const byMono = <T extends { mono: number }>(xs: T[]): T[] => [...xs].sort((a, b) => a.mono - b.mono);

  it('narrows a fit of whole-second stamps from the width of a second to a few ms', () => {
    const recs = byMono([...early, ...flaps(200, TEXTS)]);
    const [first] = alignBoots(
      [testSource('dmesg', dmesg(early)), testSource('journal', journalShort(early))],
      [],
    );
    const [d] = alignBoots([testSource('dmesg', dmesg(recs)), testSource('journal', journalShort(recs))], []);
    const u0 = first.boots[0].uncertaintyUs ?? 0;
    const b = d.boots[0];
    if (b.bootTimeUs === null || b.uncertaintyUs === null) throw new Error('not aligned');
    // The once-only texts alone leave most of a second; the repeated ones cut it to a few ms.
    expect(u0).toBeGreaterThan(400_000);
    expect(b.uncertaintyUs).toBeLessThan(5_000);
    expect(Math.abs(b.bootTimeUs - BOOT)).toBeLessThanOrEqual(b.uncertaintyUs + 41);
    expect(b.anchors).toBe(220);
    expect(b.reason).toMatch(/200 of them repeated texts/);
  });

  it('skips a copy it cannot tell apart, and a text each source printed on its own', () => {
    const shared = flaps(120, TEXTS);
    // dmesg printed one record twice within a millisecond; the journal kept one line of it.
    const twice = { mono: shared[5].mono + 0.0004, text: shared[5].text };
    // Background lines each file drew on its own: the same text, never the same records.
    const own = (from: number) => flaps(40, ['audit: backlog limit exceeded'], from);
    const d = byMono([...early, ...shared, twice, ...own(75.3)]);
    const j = byMono([...early, ...shared, ...own(93.7)]);
    const [a] = alignBoots([testSource('dmesg', dmesg(d)), testSource('journal', journalShort(j))], []);
    const b = a.boots[0];
    if (b.bootTimeUs === null || b.uncertaintyUs === null) throw new Error('not aligned');
    expect(Math.abs(b.bootTimeUs - BOOT)).toBeLessThanOrEqual(b.uncertaintyUs + 41);
    // The 20 early ones and the shared repeated records but the two that were printed twice.
    expect(b.anchors).toBe(20 + 119);
  });

  it('never states an uncertainty that misses the truth, whatever one side holds more of', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 40_000_000, max: 20_000_000_000 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat(3), { minLength: 60, maxLength: 60 }),
        fc.array(fc.integer({ min: 40_000_000, max: 20_000_000_000 }), { maxLength: 20 }),
        fc.boolean(),
        fc.integer({ min: 1_500_000_000, max: 1_900_000_000 }),
        (times, textOf, extra, extraInDmesg, bootSecs) => {
          const boot = bootSecs * SECOND + 123_457;
          const texts = ['flap a', 'flap b', 'flap c', 'flap d'];
          const recs = times.map((us, k) => ({ mono: us / SECOND, text: texts[textOf[k]] }));
          // Copies one side holds and the other does not (a wrapped ring buffer, a filtered journal).
          const more = extra.map((us, k) => ({ mono: us / SECOND, text: texts[k % 4] }));
          const d = byMono([...early, ...recs, ...(extraInDmesg ? more : [])]);
          const j = byMono([...early, ...recs, ...(extraInDmesg ? [] : more)]);
          const [a] = alignBoots(
            [testSource('dmesg', dmesg(d)), testSource('journal', journalShort(j, boot))],
            [],
          );
          const b = a.boots[0];
          if (b.bootTimeUs === null || b.uncertaintyUs === null) throw new Error('not aligned');
          expect(Math.abs(b.bootTimeUs - boot)).toBeLessThanOrEqual(b.uncertaintyUs + 41);
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('a boot the user accepted', () => {
  it('stays as it was shown, evidence and all, and says it was accepted', () => {
    const recs = records(spread(50));
    const [shown] = alignBoots(
      [testSource('dmesg', dmesg(recs)), testSource('journal', journalShort(recs))],
      [],
    );
    const was = shown.boots[0];
    // Later the journal is gone: the accepted boot stays, with the evidence it had.
    const [a] = alignBoots([testSource('dmesg', dmesg(recs))], [{ accepted: true }], new Set(), [
      { '#1': was },
    ]);
    expect(a.boots[0]).toMatchObject({
      bootTimeUs: was.bootTimeUs,
      evidence: 'matched-text',
      decidedBy: 'evidence',
      anchors: was.anchors,
      uncertaintyUs: was.uncertaintyUs,
      residualUs: was.residualUs,
      examples: [],
    });
    expect(a.boots[0].reason).toMatch(/^Accepted by you as shown\. Fitted from 50 pairs/);
    expect(a.boots[0].reason).toMatch(/journal has been removed since/);
    // Without `accepted` in the decision the record is not used; a typed boot time wins over it.
    const [n] = alignBoots([testSource('dmesg', dmesg(recs))], [{}], new Set(), [{ '#1': was }]);
    expect(n.boots[0].evidence).toBe('none');
    const [t] = alignBoots(
      [testSource('dmesg', dmesg(recs))],
      [{ accepted: true, bootTimes: { '#1': BOOT } }],
      new Set(),
      [{ '#1': was }],
    );
    expect(t.boots[0]).toMatchObject({ bootTimeUs: BOOT, evidence: 'user-boot-time', decidedBy: 'user' });
  });
});
