// One fixture, three checks (DESIGN.md section 6): a compact snapshot, detection without the
// file name, and a re-parse in 97-byte chunks that gives identical events. Plus: no line lost.
// Layout: test/fixtures/<format>/<tool>-<version>/<case>; the first folder is the expected
// format of every segment, except under `mixed/` (several formats in one paste).
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCoverage } from '../src/core/ingest/coverage.ts';
import { parseText } from '../src/core/ingest/parse-text.ts';
import { isFormatId } from '../src/core/model/event.ts';
import { dumpSource } from './helpers/dump.ts';
import { FIXTURES_ROOT, fixtureFiles } from './helpers/fixture-files.ts';

const ROOT = FIXTURES_ROOT;
// FIXTURES=syslog,klog runs only the fixtures whose path contains one of the words (while
// working on one parser); unset, all run.
const only = (process.env.FIXTURES ?? '').split(',').filter(Boolean);
const files = fixtureFiles().filter(
  (f) => only.length === 0 || only.some((w) => relative(FIXTURES_ROOT, f).includes(w)),
);
// Fixed clock context so snapshots do not depend on the machine's year or zone.
const OPTS = { year: 2025, utcOffsetMinutes: 0 };

describe('fixtures', () => {
  it('exist', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const file of files) {
    const rel = relative(ROOT, file);
    const expected = rel.split('/')[0];
    describe(rel, () => {
      const text = readFileSync(file, 'utf8');
      const whole = parseText(text, { sourceId: 'f', ...OPTS });
      it('matches its snapshot', async () => {
        await expect(dumpSource(whole)).toMatchFileSnapshot(`${file}.snap.txt`);
      });
      it('covers every line exactly once', () => {
        expect(checkCoverage(whole)).toEqual([]);
      });
      it('gives identical events when parsed in 97-byte chunks', () => {
        const chunked = parseText(text, { sourceId: 'f', ...OPTS }, 97);
        expect(chunked).toEqual(whole);
      });
      if (expected !== 'mixed') {
        it(`is detected as ${expected} without its file name`, () => {
          expect(isFormatId(expected)).toBe(true);
          expect(whole.segments.length).toBeGreaterThan(0);
          for (const s of whole.segments) expect(s.format).toBe(expected);
        });
        // A real paste that breaks its own grammar (cut JSON, a pager cut) may leave unparsed
        // lines; `<case>.expect.json` then says how many and why.
        const expectFile = `${file}.expect.json`;
        const allowed: { unparsed: number; why: string } = existsSync(expectFile)
          ? JSON.parse(readFileSync(expectFile, 'utf8'))
          : { unparsed: 0, why: '' };
        it(`has ${allowed.unparsed} unparsed lines`, () => {
          expect(whole.unparsed.length).toBe(allowed.unparsed);
        });
      }
    });
  }
});
