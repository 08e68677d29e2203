// What every parser promises, checked for all of them at once (DESIGN.md section 6):
// samples detected and parsed cleanly; no line lost and chunk-independent output for arbitrary
// text; no catastrophic backtracking on long near-miss lines.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCoverage } from '../src/core/ingest/coverage.ts';
import { splitLines } from '../src/core/ingest/line-splitter.ts';
import { parseText } from '../src/core/ingest/parse-text.ts';
import { detectFormat, PARSERS } from '../src/core/parsers/registry.ts';

const OPTS = { sourceId: 'p', year: 2025, utcOffsetMinutes: 60 };

describe.each(PARSERS.map((p) => [p.id, p] as const))('parser %s', (id, parser) => {
  it('carries samples', () => {
    expect(parser.samples.length).toBeGreaterThan(0);
  });

  it('detects and parses each sample with no unparsed line', () => {
    for (const sample of parser.samples) {
      const res = parseText(sample, OPTS);
      expect(checkCoverage(res)).toEqual([]);
      expect(res.unparsed).toEqual([]);
      expect(res.events.length).toBeGreaterThan(0);
      if (id !== 'text') {
        for (const seg of res.segments) expect(seg.format).toBe(id);
      }
    }
  });

  // Lines made of fragments that real inputs contain, so the grammar is exercised (a purely
  // random string would only ever test the "no match" branch).
  const fragments = [
    ...parser.samples.flatMap((s) => splitLines(s)).slice(0, 30),
    '',
    '   ',
    '[    1.000000] ',
    'Nov 26 10:00:01 node-1 ',
    '{',
    '}',
    '"a": 1,',
    '-- Boot 5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21 --',
    '$ dmesg -T',
    '```',
    '\t',
    '\u0000\u0007',
    'é漢',
  ];
  const textArb = fc
    .array(
      fc.oneof(
        fc.constantFrom(...fragments),
        fc.string({ maxLength: 40 }),
        fc.tuple(fc.constantFrom(...fragments), fc.string({ maxLength: 20 })).map(([a, b]) => a + b),
        fc.tuple(fc.constantFrom(...fragments), fc.integer({ min: 0, max: 60 })).map(([a, n]) => a.slice(0, n)),
      ),
      { maxLength: 25 },
    )
    .chain((ls) => fc.constantFrom('\n', '\r\n').map((eol) => ls.join(eol)));

  it('loses no line and ignores chunking, for arbitrary text read as this format', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const whole = parseText(text, { ...OPTS, forceFormat: id });
        expect(checkCoverage(whole)).toEqual([]);
        expect(parseText(text, { ...OPTS, forceFormat: id }, 97)).toEqual(whole);
        expect(parseText(text, { ...OPTS, forceFormat: id }, 7)).toEqual(whole);
      }),
      { numRuns: 150 },
    );
  });

  it('stays linear on long near-miss lines (no catastrophic backtracking)', () => {
    const seeds = parser.samples.flatMap((s) => splitLines(s)).filter((l) => l.trim().length > 0).slice(0, 8);
    const fillers = [' ', '0', '[', 'a', ':', '"', '{', '\\', '=', ' a', '0.', 'a=', '\t', '-', '[ ', ']'];
    const lines: string[] = [];
    for (const seed of seeds.length ? seeds : ['x']) {
      for (const cut of [0, Math.floor(seed.length / 3), Math.floor((2 * seed.length) / 3), seed.length]) {
        for (const f of fillers) lines.push(seed.slice(0, cut) + f.repeat(Math.ceil(20_000 / f.length)));
      }
    }
    const text = lines.join('\n');
    // Reference: plain line splitting over the same text, repeated to get a stable time.
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) splitLines(text);
    const splitMs = Math.max((performance.now() - t0) / 20, 0.05);
    const t1 = performance.now();
    const res = parseText(text, { ...OPTS, forceFormat: id });
    detectFormat(lines.slice(0, 40));
    const parseMs = performance.now() - t1;
    expect(checkCoverage(res)).toEqual([]);
    // Linear parsers are a small multiple of splitting; one quadratic regex over these 20 KB
    // lines costs seconds. The ratio is generous so a busy CI machine does not flake.
    expect(parseMs / splitMs).toBeLessThan(400);
  });
});
