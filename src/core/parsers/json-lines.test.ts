// The JSON-lines pieces every JSON parser shares: the string-aware depth counter over line breaks,
// closing a cut-short object, repairing elisions and garbled scalars, finding the line of a key,
// and cutting an object into lifecycle events.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseText } from '../ingest/parse-text.ts';
import {
  closeCut,
  JsonDepth,
  type JsonValueInfo,
  keyLines,
  leavesOf,
  lifecycleEvents,
  lifecycleParts,
  parseObject,
  valueKeyLines,
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

  it('reads escaped quotes, backslash runs and unclosed strings as a char-by-char scan does', () => {
    const tricky = [
      '{',
      '  "a\\\\": "x\\"y", "status": {',
      '      "createdAt": "\\\\", "n": [1, {"startedAt": 2}],',
      '    "startedAt": "open',
      '  "finishedAt": 3 }',
      '}',
    ];
    const want = new Set(['createdAt', 'startedAt', 'finishedAt']);
    expect(keyLines(tricky, ['status'], want)).toEqual(
      new Map([
        ['createdAt', 2],
        ['startedAt', 3],
      ]),
    );
    expect(keyLines(tricky, ['status'], want)).toEqual(keyLinesByChar(tricky, ['status'], want));
  });

  it('agrees with a char-by-char scan on any JSON-ish lines', () => {
    // Lines of keys, strings with escapes, brackets, commas and indentation, valid JSON or not.
    const piece = fc.constantFrom(
      '{',
      '}',
      '[',
      ']',
      ',',
      ': ',
      '  ',
      '    ',
      '"status"',
      '"createdAt"',
      '"startedAt"',
      '"x"',
      '"a\\"b"',
      '"\\\\"',
      '"open',
      '\\',
      '12',
      'null',
    );
    const line = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));
    const want = new Set(['createdAt', 'startedAt']);
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 14 }),
        fc.constantFrom([], ['status'], ['status', 'x']),
        (ls, prefix) => {
          expect(keyLines(ls, prefix, want)).toEqual(keyLinesByChar(ls, prefix, want));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('valueKeyLines', () => {
  /** The info JsonObjectStream gives for `text`; `plain` as a parse of exactly these lines sets it. */
  const infoOf = (text: string, plain: boolean): JsonValueInfo => {
    const lines = text.split('\n');
    return {
      line: 10,
      lineEnd: 10 + lines.length - 1,
      recordEnd: 10 + lines.length - 1,
      lines,
      truncated: false,
      elided: false,
      damaged: [],
      objects: 1,
      value: JSON.parse(text),
      plain,
      text: '',
    };
  };
  const want = new Set(['createdAt', 'startedAt']);

  it('finds the keys of a parsed object by search, as the scan does', () => {
    const text = [
      '{',
      '  "info": {"key": "createdAt", "note": "\\"startedAt\\": no"},',
      '  "status": {',
      '    "createdAt"  :  "2025-01-02T00:00:00Z",',
      '    "startedAt": "2025-01-02T00:00:01Z"',
      '  }',
      '}',
    ].join('\n');
    expect(valueKeyLines(infoOf(text, true), ['status'], want)).toEqual(
      new Map([
        ['createdAt', 13],
        ['startedAt', 14],
      ]),
    );
  });

  it('leaves a duplicate key to the scan, which takes the first', () => {
    // JSON.parse keeps the second `createdAt`; the scan names the line of the first.
    const text = '{"status": {\n"createdAt": 1,\n"createdAt": 2}}';
    expect(valueKeyLines(infoOf(text, true), ['status'], want)).toEqual(new Map([['createdAt', 11]]));
  });

  it('agrees with the scan on any JSON text, duplicate keys and odd spacing included', () => {
    // JSON printed by hand from entry lists (so keys may repeat), with a random break or blank
    // after each token.
    type Node = string | number | Node[] | { entries: [string, Node][] };
    const key = fc.constantFrom('status', 'createdAt', 'startedAt', 'x', 'a"b', 'createdAt\\');
    const node: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom<Node>('createdAt', 'x\\"startedAt\\":', 1),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.record({ entries: fc.array(fc.tuple(key, tie('node')), { maxLength: 4 }) }),
      ),
    })).node;
    const print = (n: Node, gap: () => string): string => {
      if (typeof n === 'string' || typeof n === 'number') return JSON.stringify(n);
      if (Array.isArray(n)) return `[${gap()}${n.map((x) => print(x, gap)).join(`,${gap()}`)}${gap()}]`;
      const body = n.entries.map(([k, v]) => `${JSON.stringify(k)}${gap()}:${gap()}${print(v, gap)}`);
      return `{${gap()}${body.join(`,${gap()}`)}${gap()}}`;
    };
    fc.assert(
      fc.property(
        fc.array(fc.tuple(key, node), { maxLength: 4 }),
        fc.infiniteStream(fc.constantFrom('', ' ', '\n', '\n  ')),
        fc.constantFrom([], ['status'], ['status', 'x']),
        (entries, gaps, prefix) => {
          const text = print({ entries }, () => gaps.next().value);
          expect(valueKeyLines(infoOf(text, true), prefix, want)).toEqual(
            valueKeyLines(infoOf(text, false), prefix, want),
          );
        },
      ),
      { numRuns: 3000 },
    );
  });
});

/** keyLines as it was first written, one character at a time: the reference the fast one must match. */
function keyLinesByChar(
  lines: readonly string[],
  prefix: readonly string[],
  wanted: ReadonlySet<string>,
): Map<string, number> {
  const found = new Map<string, number>();
  // One frame per open bracket: its key (the key it is the value of), whether an object, whether
  // a key is expected next, and whether it is the object `prefix` names.
  const keys: string[] = [];
  const isObject: boolean[] = [];
  const target: boolean[] = [];
  let expectKey = false;
  let lastKey = '';
  for (let li = 0; li < lines.length; li++) {
    const text = lines[li];
    const n = text.length;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        // A string: a key when the innermost frame is an object and a key is expected.
        let j = i + 1;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d === 92) j += 2;
          else if (d === 34) break;
          else j++;
        }
        const top = isObject.length - 1;
        if (top >= 0 && isObject[top] && expectKey) {
          lastKey = text.slice(i + 1, Math.min(j, n));
          expectKey = false;
          if (target[top] && wanted.has(lastKey) && !found.has(lastKey)) found.set(lastKey, li);
        }
        i = j + 1;
        continue;
      }
      if (c === 123 || c === 91) {
        const depth = keys.length;
        const key = depth === 0 ? '' : isObject[depth - 1] ? lastKey : '[]';
        keys.push(key);
        isObject.push(c === 123);
        // Frames 1..prefix.length must carry the prefix keys; the frame at prefix.length is the target.
        let t = c === 123 && depth === prefix.length;
        for (let k = 0; t && k < prefix.length; k++) if (keys[k + 1] !== prefix[k]) t = false;
        target.push(t);
        expectKey = c === 123;
      } else if (c === 125 || c === 93) {
        keys.pop();
        isObject.pop();
        target.pop();
        expectKey = false;
      } else if (c === 44 /* , */) {
        expectKey = isObject.length > 0 && isObject[isObject.length - 1];
      }
      i++;
    }
  }
  return found;
}

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
