// The fuzz's "never hangs" budget (harness.ts) must catch what it is for: a regex that
// backtracks quadratically over a long line fails it, linear work over a 200 KB line passes.
import { describe, expect, it } from 'vitest';
import { parseText } from '../../src/core/ingest/parse-text.ts';
import { longLineText } from './arbitraries.ts';
import { BUDGET_FLOOR_MS, BUDGET_RATIO, split, timed, withinBudget } from './harness.ts';

describe('the time budget of the fuzz', () => {
  it('fails a quadratic regex over a 48 KB line (a 200 KB one would take ~45 s)', () => {
    // `\s+x` over spaces: every start position scans to the end of the line. Measured on the CI
    // machine: 0.3 s over 16 KB, 1.2 s over 32 KB, 2.7 s over 48 KB, 4.7 s over 64 KB.
    const line = `${' '.repeat(48_000)}y`;
    const quadratic = () => timed(() => /\s+x/.test(line));
    const { splitMs } = split(line);
    expect(BUDGET_RATIO * splitMs).toBeLessThan(BUDGET_FLOOR_MS); // the floor is the budget here
    expect(() => withinBudget('quadratic', splitMs, BUDGET_FLOOR_MS, quadratic(), quadratic, 0)).toThrow(
      /^quadratic: \d+\.\d ms, budget 1000\.0 ms/,
    );
  });

  it('passes the whole ingest of a 200 KB line of separators', () => {
    for (const filler of [' ', ':', '[', '=', ' a=']) {
      const text = longLineText('Nov 26 10:00:01 node-1 kernel: ', 100, filler, 200_000, 'x');
      const { splitMs } = split(text);
      const ingest = () => timed(() => parseText(text, { sourceId: 'b', year: 2025, utcOffsetMinutes: 0 }));
      expect(() =>
        withinBudget(`ingest ${filler}`, splitMs, BUDGET_FLOOR_MS, ingest(), ingest),
      ).not.toThrow();
    }
  });
});
