// The corpus through the whole analysis (issue 5: "top hypothesis = case cause or unknown with
// reason"). Each case's files go through the Workbench as in the app; the verdict must be the
// cause the thread established. Where the files alone cannot show it (evidence_in_files:
// absent) `unknown` is accepted too; a case the thread left `unknown` must come out `unknown`
// unless DISAGREEMENTS says which cause the files do point to, and why.
import { describe, expect, it } from 'vitest';
import { analyzeTexts, corpusTexts, treeSummary } from './helpers/analysis.ts';
import { corpusCases } from './helpers/corpus.ts';

const cases = corpusCases();

/**
 * Cases whose verdict differs from the thread's category, with why the files support ours.
 * `case id` -> { cause, why }.
 */
const DISAGREEMENTS: Record<string, { cause: string; why: string }> = {};

describe('corpus verdicts', () => {
  it('has the 26 cases', () => {
    expect(cases.length).toBe(26);
  });
  for (const c of cases) {
    const evidence = (c as unknown as { evidence_in_files?: string }).evidence_in_files;
    it(`${c.id}: ${c.root_cause_category}${evidence ? ` (${evidence})` : ''}`, async () => {
      const r = await analyzeTexts(corpusTexts(c));
      const summary = treeSummary(r);
      const d = DISAGREEMENTS[c.id];
      if (d) {
        expect(r.verdict.cause, summary).toBe(d.cause);
        return;
      }
      if (c.root_cause_category === 'unknown') {
        expect(r.verdict.cause, summary).toBe('unknown');
        expect(r.verdict.reason).toMatch(/No cause has enough evidence/);
      } else if (evidence === 'absent') {
        expect([c.root_cause_category, 'unknown'], summary).toContain(r.verdict.cause);
      } else {
        expect(r.verdict.cause, summary).toBe(c.root_cause_category);
        expect(r.hypotheses[0].cause).toBe(c.root_cause_category);
      }
    });
  }
});
