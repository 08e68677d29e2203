// The JSON-lines pieces every JSON parser shares: the string-aware depth counter over line breaks,
// closing a cut-short object, repairing elisions and garbled scalars, finding the line of a key,
// and cutting an object into lifecycle events.
import { describe, expect, it } from 'vitest';
import { parseText } from '../ingest/parse-text.ts';
import {
  closeCut,
  JsonDepth,
  keyLines,
  leavesOf,
  lifecycleEvents,
  lifecycleParts,
  parseObject,
} from './json-lines.ts';

describe('JsonDepth', () => {
  it('closes at the bracket that ends the object, not at brackets or escaped quotes in strings', () => {
    const d = new JsonDepth();
    expect(d.scan('{"a": "x}\\"]", "b": [', 0)).toBe(-1);
    expect(d.depth).toBe(2);
    expect(d.scan('  1, "}"', 0)).toBe(-1);
    expect(d.scan('  ]} tail', 0)).toBe(4);
  });

  it('carries a string and an escaping backslash over a line break', () => {
    const d = new JsonDepth();
    expect(d.scan('{"m": "ends in a backslash \\', 0)).toBe(-1);
    expect(d.inString).toBe(true);
    // The first character of the next line is escaped: this quote does not end the string.
    expect(d.scan('"}', 0)).toBe(-1);
    expect(d.inString).toBe(true);
    expect(d.scan('still "}', 0)).toBe(8);
  });
});

describe('closeCut', () => {
  it('closes the complete lines and leaves out a last line that may be cut', () => {
    const r = closeCut(['{', '  "a": {', '    "b": "x",', '    "n": 12']);
    expect(r).toEqual({ value: { a: { b: 'x' } }, used: 3 });
    // An open string cannot be closed: the line is left out too (and a number before it, whose
    // comma was trimmed, would look cut: strings end safely).
    expect(closeCut(['{', '  "a": "x",', '  "s": "cut'])).toEqual({ value: { a: 'x' }, used: 2 });
    expect(closeCut(['{', '  "a": 1,', '  "s": "cut'])).toEqual({ value: {}, used: 1 });
    expect(closeCut(['{"a": 1}'])).toBeNull();
  });

  it('reads the text before the first line (`},{` left the `{` on the line before)', () => {
    expect(closeCut(['"a": "x",', '"b": [1],'], '{')).toEqual({ value: { a: 'x', b: [1] }, used: 2 });
  });
});

describe('parseObject', () => {
  it('removes an author elision and keeps a garbled scalar as text', () => {
    expect(parseObject(['{', '  "a": 1,', '  ...', '}'])).toEqual({
      ok: true,
      value: { a: 1 },
      elided: true,
    });
    expect(parseObject(['{"r": {"q": 20 o00}, "x": 1}'])).toEqual({
      ok: true,
      value: { r: { q: '20 o00' }, x: 1 },
      elided: false,
      damaged: ['r.q=20 o00'],
    });
    expect(parseObject(['{"a": 1', '"b": 2}']).ok).toBe(false);
  });
});

describe('keyLines', () => {
  const lines = [
    '{',
    '  "createdAt": "2025-01-01T00:00:00Z",',
    '  "status": {',
    '    "labels": {"createdAt": "not this one"},',
    '    "createdAt": "2025-01-02T00:00:00Z", "startedAt": "x"',
    '  }',
    '}',
  ];
  it('finds the keys of the object a prefix names, not nested keys of the same name', () => {
    const want = new Set(['createdAt', 'startedAt']);
    expect(keyLines(lines, ['status'], want)).toEqual(
      new Map([
        ['createdAt', 4],
        ['startedAt', 4],
      ]),
    );
    expect(keyLines(lines, [], want)).toEqual(new Map([['createdAt', 1]]));
  });
});

describe('leavesOf', () => {
  it('walks objects and arrays to their scalars, with the keys around each', () => {
    expect(leavesOf({ a: { b: [1, { c: null }] }, d: {} })).toEqual([
      { path: ['a', 'b'], key: '[]', value: 1 },
      { path: ['a', 'b', '[]'], key: 'c', value: null },
      { path: [], key: 'd', value: {} },
    ]);
  });
});

describe('lifecycle parts and events', () => {
  const at = (pairs: [string, number][]) => new Map(pairs);
  it('cuts a record at its time keys so every line belongs to one step', () => {
    const steps = [{ key: 'createdAt' }, { key: 'startedAt' }, { key: 'finishedAt' }];
    expect(
      lifecycleParts(
        1,
        101,
        steps,
        at([
          ['createdAt', 47],
          ['startedAt', 88],
          ['finishedAt', 49],
        ]),
      ),
    ).toEqual([
      { step: { key: 'createdAt' }, line: 1, lineEnd: 48 },
      { step: { key: 'finishedAt' }, line: 49, lineEnd: 87 },
      { step: { key: 'startedAt' }, line: 88, lineEnd: 101 },
    ]);
    // Keys sharing a line (compact JSON), or one not found in the record: no cut.
    expect(
      lifecycleParts(
        5,
        5,
        [{ key: 'a' }, { key: 'b' }],
        at([
          ['a', 5],
          ['b', 5],
        ]),
      ),
    ).toBeNull();
    expect(lifecycleParts(1, 9, [{ key: 'a' }], at([['a', 12]]))).toBeNull();
    expect(lifecycleParts(1, 9, [{ key: 'a' }], at([]))).toBeNull();
  });

  it('gives each cut step its record, else one event at the latest time', () => {
    const created = { key: 'CreatedAt', micros: 10 };
    const updated = { key: 'UpdatedAt', micros: 20 };
    expect(
      lifecycleEvents(
        2,
        9,
        [created, updated],
        at([
          ['CreatedAt', 4],
          ['UpdatedAt', 6],
        ]),
      ),
    ).toEqual([
      { step: created, line: 2, lineEnd: 5, record: [2, 9] },
      { step: updated, line: 6, lineEnd: 9, record: [2, 9] },
    ]);
    expect(lifecycleEvents(2, 2, [updated, created], at([]))).toEqual([
      { step: updated, line: 2, lineEnd: 2, record: undefined },
    ]);
    expect(lifecycleEvents(2, 9, [], at([]))).toEqual([
      { step: undefined, line: 2, lineEnd: 9, record: undefined },
    ]);
  });
});

describe('JsonObjectStream', () => {
  it('keeps an empty line inside an object as one of its lines (the steps stay on their keys)', () => {
    const res = parseText(
      [
        '{',
        '  "status": {',
        '    "createdAt": "2025-11-26T09:58:41Z",',
        '',
        '    "id": "4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6",',
        '    "metadata": {"name": "api"},',
        '    "startedAt": "2025-11-26T09:58:42Z",',
        '    "state": "CONTAINER_RUNNING"',
        '  }',
        '}',
      ].join('\n'),
      { sourceId: 't', year: 2025, utcOffsetMinutes: 0, forceFormat: 'crictl-inspect' },
    );
    expect(res.events.map((e) => [e.line, e.lineEnd, e.fields.lifecycle])).toEqual([
      [1, 6, 'created'],
      [7, 10, 'started'],
    ]);
  });
});
