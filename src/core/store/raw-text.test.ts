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

describe('RawText slabs', () => {
  it('keeps blocks of any size across slabs, and hashes them at any alignment', () => {
    // Line lengths that put blocks at every offset modulo 4, enough blocks for several slabs,
    // and one block of a few huge lines (bigger than any slab) in between.
    const lines: string[] = [];
    for (let i = 0; i < BLOCK_LINES * 40; i++)
      lines.push(`${i} ${'x'.repeat(i % 7)}${i % 13 === 0 ? 'é' : ''}`);
    for (let i = 0; i < 4; i++) lines[BLOCK_LINES * 20 + i] = `${i}${'y'.repeat(3 << 20)}`;
    const raw = rawOf(lines.join('\n'));
    expect(raw.lines).toBe(lines.length);
    for (const n of [1, 2, BLOCK_LINES, BLOCK_LINES * 20 + 1, BLOCK_LINES * 20 + 4, BLOCK_LINES * 33 + 7])
      expect(raw.line(n)).toBe(lines[n - 1]);
    expect(raw.range(lines.length - 2, lines.length)).toEqual(lines.slice(-3));
    for (let b = 0; b < raw.blockCount; b++) {
      const text = raw.blockText(b, false);
      const offs = raw.blockOffsets(b);
      const k = b * BLOCK_LINES + 5;
      expect(text.slice(offs[5], offs[6] - 1)).toBe(lines[k]);
    }
    const h = new TextHasher();
    for (const l of lines) h.update(`${l}\n`);
    expect(raw.contentHash()).toBe(h.digest());
    expect(raw.byteSize).toBe(new TextEncoder().encode(lines.join('\n')).length - (raw.blockCount - 1));
  });
});
