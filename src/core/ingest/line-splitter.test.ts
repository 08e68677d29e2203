import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter, splitLines, stripAnsi } from './line-splitter.ts';

function splitChunked(text: string, size: number): string[] {
  const out: string[] = [];
  const sp = new LineSplitter((t) => out.push(t));
  for (let i = 0; i < text.length; i += size) sp.push(text.slice(i, i + size));
  sp.end();
  return out;
}

describe('LineSplitter', () => {
  it('splits LF, CRLF and lone CR, and drops a BOM', () => {
    expect(splitLines('\ufeffa\r\nb\rc\nd')).toEqual(['a', 'b', 'c', 'd']);
  });
  it('keeps empty lines and does not invent a last one', () => {
    expect(splitLines('a\n\nb\n')).toEqual(['a', '', 'b']);
    expect(splitLines('')).toEqual([]);
  });
  it('joins a CRLF split across two chunks', () => {
    expect(splitChunked('a\r\nb', 2)).toEqual(['a', 'b']);
  });
  it('gives the same lines for any chunking', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', '\n', '\r', ' ', '\ufeff'), maxLength: 200 }),
        fc.integer({ min: 1, max: 50 }),
        (text, size) => {
          expect(splitChunked(text, size)).toEqual(splitLines(text));
        },
      ),
    );
  });
  it('strips ANSI colour codes', () => {
    expect(stripAnsi('\x1b[32m[  1.0]\x1b[0m hello')).toBe('[  1.0] hello');
  });
});
