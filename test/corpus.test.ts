// The corpus as a test (issue 3): every case under test/corpus, copied byte for byte from the
// shared corpus with its case.json. Each file must be detected as its declared format (mapped
// to ours in CORPUS_FORMATS), lose no line, parse the same in 97-byte chunks, leave under 2 %
// of its lines unparsed (or what `<file>.expect.json` allows, with why), and every parsing key
// fact of the case (pids, comms, id prefixes, exit codes, times, states) must be found in the
// parsed events' fields and entities. Causes are the analysis issue's test, not this one.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCoverage } from '../src/core/ingest/coverage.ts';
import { type ParsedSource, parseText } from '../src/core/ingest/parse-text.ts';
import { CORPUS_FORMATS, corpusCases, missingFact } from './helpers/corpus.ts';
import { dumpSource } from './helpers/dump.ts';

const OPTS = { year: 2025, utcOffsetMinutes: 0 };
const cases = corpusCases();

describe('corpus', () => {
  it('has every case', () => {
    expect(cases.length).toBeGreaterThanOrEqual(26);
  });
  for (const c of cases) {
    describe(c.id, () => {
      const parsed = new Map<string, { src: ParsedSource; text: string }>();
      const get = (file: string) => {
        let p = parsed.get(file);
        if (!p) {
          const text = readFileSync(join(c.dir, file), 'utf8');
          p = { text, src: parseText(text, { sourceId: file, fileName: file, ...OPTS }) };
          parsed.set(file, p);
        }
        return p;
      };
      for (const [file, declared] of Object.entries(c.files)) {
        describe(file, () => {
          it('maps its declared format', () => {
            expect(CORPUS_FORMATS[declared], `add ${declared} to CORPUS_FORMATS`).toBeDefined();
          });
          it(`is detected as ${declared}`, () => {
            const { src } = get(file);
            const want = CORPUS_FORMATS[declared];
            const formats = src.segments.map((s) => s.format);
            expect(formats.length).toBeGreaterThan(0);
            // The biggest segment is the file's main format; the others may be what the table allows.
            const main = [...src.segments].sort(
              (a, b) => b.lineEnd - b.lineStart - (a.lineEnd - a.lineStart),
            )[0];
            expect(want.main).toContain(main.format);
            for (const f of formats) expect([...want.main, ...(want.others ?? [])]).toContain(f);
          });
          it('covers every line exactly once and parses the same in 97-byte chunks', () => {
            const { src, text } = get(file);
            expect(checkCoverage(src)).toEqual([]);
            expect(parseText(text, { sourceId: file, fileName: file, ...OPTS }, 97)).toEqual(src);
          });
          it('leaves under 2 % of its lines unparsed (or what its expect file allows)', () => {
            const { src } = get(file);
            const expectFile = join(c.dir, `${file}.expect.json`);
            if (existsSync(expectFile)) {
              const allowed = JSON.parse(readFileSync(expectFile, 'utf8')) as {
                unparsed: number;
                why: string;
              };
              expect(allowed.why.length).toBeGreaterThan(10);
              expect(src.unparsed.length).toBe(allowed.unparsed);
            } else {
              expect(src.unparsed.length, JSON.stringify(src.unparsed.slice(0, 5))).toBeLessThanOrEqual(
                Math.floor(src.lines * 0.02),
              );
            }
          });
          it('matches its snapshot', async () => {
            await expect(dumpSource(get(file).src)).toMatchFileSnapshot(join(c.dir, `${file}.snap.txt`));
          });
        });
      }
      c.key_facts.forEach((fact, i) => {
        it(`finds key fact ${i + 1} (${fact.kind} in ${fact.file})`, () => {
          const { src, text } = get(fact.file);
          const missing: string[] = [];
          for (const [k, v] of Object.entries(fact)) {
            const why = missingFact(k, v, src, text);
            if (why) missing.push(`${k}: ${why}`);
          }
          expect(missing).toEqual([]);
        });
      });
    });
  }
});
