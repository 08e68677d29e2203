import { describe, expect, it } from 'vitest';
import { TextHasher } from '../ingest/decode.ts';
import { LineSplitter } from '../ingest/line-splitter.ts';
import { BLOCK_LINES, RawText } from './raw-text.ts';

function rawOf(text: string): RawText {
  const raw = new RawText();
  const sp = new LineSplitter((t, l) => raw.add(t, l));
  sp.push(text);
  sp.end();
  raw.finish();
  return raw;
}

describe('RawText', () => {
  const lines = Array.from({ length: BLOCK_LINES * 2 + 5 }, (_, i) =>
    i % 100 === 0 ? '' : `line ${i + 1} ✓ ${'é'.repeat(i % 5)}`,
  );

  it('gives back every line, within and across blocks', () => {
    const raw = rawOf(lines.join('\n'));
    expect(raw.lines).toBe(lines.length);
    expect(raw.blockCount).toBe(3);
    expect(raw.range(1, lines.length)).toEqual(lines);
    expect(raw.line(BLOCK_LINES)).toBe(lines[BLOCK_LINES - 1]);
    expect(raw.line(BLOCK_LINES + 1)).toBe(lines[BLOCK_LINES]);
    expect(() => raw.line(0)).toThrow(RangeError);
    expect(() => raw.line(lines.length + 1)).toThrow(RangeError);
  });

  it('reads lines before it is finished too', () => {
    const raw = new RawText();
    raw.add('a', 1);
    raw.add('b', 2);
    expect(raw.range(1, 2)).toEqual(['a', 'b']);
    expect(raw.blockText(0)).toBe('a\nb');
  });

  it('refuses lines out of order', () => {
    const raw = new RawText();
    raw.add('a', 1);
    expect(() => raw.add('c', 3)).toThrow(/expected line 2/);
  });

  it('hashes the lines, whatever their line ends', () => {
    const h = new TextHasher();
    h.update(lines.map((l) => `${l}\n`).join(''));
    const lf = rawOf(lines.join('\n'));
    expect(lf.contentHash()).toBe(h.digest());
    expect(rawOf(`${lines.join('\r\n')}\r\n`).contentHash()).toBe(lf.contentHash());
    expect(rawOf(`${lines.join('\n')}x`).contentHash()).not.toBe(lf.contentHash());
    // No lines and one empty line are different inputs.
    expect(rawOf('').contentHash()).not.toBe(rawOf('\n').contentHash());
  });
});
