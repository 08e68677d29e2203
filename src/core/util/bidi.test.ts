import { describe, expect, it } from 'vitest';
import { parseText } from '../ingest/parse-text.ts';
import { showBidi } from './bidi.ts';

describe('showBidi', () => {
  it('shows every embedding, override and isolate control as its code point', () => {
    expect(showBidi('invoice\u202Efdp.exe')).toBe('invoice[U+202E]fdp.exe');
    expect(showBidi('\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069')).toBe(
      '[U+202A][U+202B][U+202C][U+202D][U+2066][U+2067][U+2068][U+2069]',
    );
  });

  it('leaves other text alone, right-to-left letters included', () => {
    const s = 'Nov 24 07:48:10 node-1 kubelet[812]: שלום مرحبا \u200d ok';
    expect(showBidi(s)).toBe(s);
    // Called twice in a row (the regex is global): the second call must not miss.
    expect(showBidi('a\u202Eb')).toBe('a[U+202E]b');
    expect(showBidi('a\u202Eb')).toBe('a[U+202E]b');
  });
});

describe('timeline rows', () => {
  it('a row message shows a bidi override instead of obeying it', async () => {
    const { Workbench } = await import('../engine/workbench.ts');
    const wb = new Workbench();
    const text = 'Nov 24 07:48:10 node-1 kubelet[812]: pulled image evil\u202Etxt.exe\n';
    await wb.addSource({
      name: 'kubelet.log',
      kind: 'file',
      stream: new Blob([text]).stream(),
      totalBytes: text.length,
      clock: { year: 2025, utcOffsetMinutes: 0 },
    });
    const v = wb.view({ sources: [], severities: [], search: '' });
    const [row] = wb.rows(v.viewId, 0, 1);
    expect(row.message).toContain('evil[U+202E]txt.exe');
    expect(
      parseText(text, { sourceId: 'kubelet.log', fileName: 'kubelet.log', year: 2025 }).events[0].message,
    ).toContain('\u202E');
  });
});
