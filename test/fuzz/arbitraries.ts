// Generators for the fuzz: realistic AND hostile inputs. Most are real lines from every format
// (corpus.ts) with random edits; the rest are what a paste of the worst kind holds: control and
// bidi characters, lone surrogates, NUL, CR/CRLF/LF mixes, JSON fragments, empty input, and
// lines up to 200 KB made of the separators that tempt a regex to backtrack.
import fc from 'fast-check';
import { SEED_LINES, SEED_TEXTS } from './corpus.ts';

/** One generated input and how to read it. */
export interface FuzzInput {
  /** What the generator made (for the report of a failing case). */
  kind: string;
  text: string;
  /** The bulk ingest's columns-only parse (the store's) instead of full events. */
  columnsOnly: boolean;
  /** A file-name hint, as a picked file gives (detection must never need it). */
  fileName: string | undefined;
  /** Also run the whole engine (Workbench) and its analysis over it: 1 in ANALYSIS_SHARE. */
  analyze: boolean;
  /** Which parsers are fed the lines directly (see harness.ts, DIRECT_PARSERS). */
  parserPick: number;
  /** The clock context for year-less and zone-less stamps. */
  clock: { year: number; utcOffsetMinutes: number };
}

/**
 * Clock contexts at the edges: the usual, a leap year, the epoch's year with the westmost zone,
 * the last year a decision may name with the eastmost zone, an odd zone offset.
 */
export const CLOCKS = [
  { year: 2025, utcOffsetMinutes: 60 },
  { year: 2024, utcOffsetMinutes: 0 },
  { year: 1970, utcOffsetMinutes: -12 * 60 },
  { year: 2200, utcOffsetMinutes: 14 * 60 },
  { year: 2025, utcOffsetMinutes: 5 * 60 + 45 },
];

/**
 * One input in this many also goes through the Workbench and its analysis (the slow part: ~8 ms
 * a run with its second add, re-parses and analyses; 1 in 40 keeps it at ~15% of the fuzz's time).
 */
export const ANALYSIS_SHARE = 40;
/** The longest generated line (the 200 KB). */
export const LONG_LINE_MAX = 200_000;

// Characters that break parsers and displays: C0 controls and NUL, DEL, C1 (NEL), no-break and
// zero-width spaces, line and paragraph separators, bidi overrides and isolates, BOM, U+FFFD,
// lone surrogates (both halves), an astral pair, ANSI colour and hyperlink sequences.
const HOSTILE = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\b',
  '\u000b',
  '\f',
  '\u001b',
  '\u001b[31m',
  '\u001b[0m',
  '\u001b]8;;http://x\u0007',
  '\u001b[',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u200b',
  '\u200e',
  '\u2028',
  '\u2029',
  '\u202a',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2069',
  '\ufeff',
  '\ufffd',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\ud83d\ude00',
  'é',
  '漢',
  'İ',
  'ß',
  '\t',
  '\r',
  '\n',
  '\r\n',
];

// What grammars split on and regexes repeat over.
const SEPARATORS = [
  ':',
  ' ',
  '  ',
  '[',
  ']',
  '=',
  '"',
  "'",
  '{',
  '}',
  ',',
  '\\',
  '\\"',
  '(',
  ')',
  '<',
  '>',
  '/',
  '-',
  '.',
  '|',
  '0',
  '9',
  'a',
  'Z',
  ': ',
  '[ ',
  '0.',
  'a=',
  ' a=',
  '=""',
  '"a":',
  '--',
  '+0000',
  'T',
  'Z',
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/** One hostile piece of text: a few characters. */
export const hostileChars: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 4, arbitrary: fc.constantFrom(...SEPARATORS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
  { weight: 1, arbitrary: loneSurrogate },
  { weight: 1, arbitrary: anyCodeUnit },
  { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
);

const hostileText = (maxPieces: number) =>
  fc.array(hostileChars, { maxLength: maxPieces }).map((a) => a.join(''));

// ---- edits of one line

type LineEdit =
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; len: number }
  | { op: 'duplicate'; at: number; len: number; times: number }
  | { op: 'swap-fields'; i: number; j: number }
  | { op: 'truncate'; at: number }
  | { op: 'digits'; at: number; digit: string }
  | { op: 'case' };

const pos = fc.nat({ max: 1 << 20 });
const lineEdit: fc.Arbitrary<LineEdit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('insert' as const), at: pos, text: hostileText(6) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('delete' as const),
      at: pos,
      len: fc.integer({ min: 1, max: 20 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('duplicate' as const),
      at: pos,
      // Mostly short windows, some up to a whole detection head. The runtime of the fuzz is made
      // of head lines: detection asks all 45 detectors about each (~170 µs a line).
      len: fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: 1, max: 3 }) },
        { weight: 1, arbitrary: fc.integer({ min: 4, max: 40 }) },
      ),
      times: fc.integer({ min: 1, max: 4 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('swap-fields' as const), i: fc.nat(), j: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: pos }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('digits' as const),
      at: pos,
      digit: fc.constantFrom('0', '9', '99', '-1', '1e9', '.', ''),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('case' as const) }) },
);

function applyEdit(line: string, e: LineEdit): string {
  const n = line.length;
  switch (e.op) {
    case 'insert': {
      const at = e.at % (n + 1);
      return line.slice(0, at) + e.text + line.slice(at);
    }
    case 'delete': {
      const at = e.at % (n + 1);
      return line.slice(0, at) + line.slice(at + e.len);
    }
    case 'duplicate': {
      const at = e.at % (n + 1);
      const piece = line.slice(at, at + e.len);
      return line.slice(0, at) + piece.repeat(e.times + 1) + line.slice(at + e.len);
    }
    case 'swap-fields': {
      const f = line.split(' ');
      if (f.length < 2) return line;
      const i = e.i % f.length;
      const j = e.j % f.length;
      [f[i], f[j]] = [f[j], f[i]];
      return f.join(' ');
    }
    case 'truncate':
      return line.slice(0, e.at % (n + 1));
    case 'digits': {
      // Replaces the first number at or after `at` (a time field, a pid, a counter).
      const at = e.at % (n + 1);
      const m = /\d+/.exec(line.slice(at));
      if (!m) return line;
      const s = at + m.index;
      return line.slice(0, s) + e.digit + line.slice(s + m[0].length);
    }
    case 'case':
      return line.toUpperCase();
  }
}

const editedLine = (line: string, edits: readonly LineEdit[]) => edits.reduce(applyEdit, line);

// ---- line breaks

const EOLS = ['\n', '\r\n', '\r'] as const;
const eolStyle = fc.oneof(
  { weight: 6, arbitrary: fc.constant(['\n']) },
  { weight: 2, arbitrary: fc.constant(['\r\n']) },
  { weight: 1, arbitrary: fc.constant(['\r']) },
  // A mix, as a paste from several terminals gives.
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...EOLS), { minLength: 1, maxLength: 8 }) },
);

function joinLines(lines: readonly string[], eols: readonly string[], trailing: boolean): string {
  let s = '';
  for (let i = 0; i < lines.length; i++) {
    s += lines[i];
    if (i < lines.length - 1 || trailing) s += eols[i % eols.length];
  }
  return s;
}

// ---- blocks of real lines

/** Lines that cut a paste into segments, or that parsers skip. */
const STRUCTURE = [
  '$ dmesg -T',
  '$ journalctl -u containerd -o short-iso',
  '$ crictl ps -a',
  '$ crictl inspect 3f2a1b',
  'root@node-1:~# kubectl describe pod web-0',
  '$ date',
  'Wed Nov 26 10:00:00 UTC 2025',
  '```',
  '```text',
  '==> /sys/fs/cgroup/memory.max <==',
  '-- Boot 5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21 --',
  '-- No entries --',
  '-- Logs begin at Mon 2025-11-24 10:00:00 UTC, end at Wed 2025-11-26 10:00:00 UTC. --',
  '# comment',
  '',
  '   ',
];

type LinesEdit =
  | { op: 'drop'; at: number }
  | { op: 'duplicate'; at: number }
  | { op: 'swap'; at: number }
  | { op: 'foreign'; at: number; line: string }
  | { op: 'structure'; at: number; line: string };

const linesEdit: fc.Arbitrary<LinesEdit> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('foreign' as const), at: fc.nat(), line: fc.constantFrom(...SEED_LINES) }),
  fc.record({ op: fc.constant('structure' as const), at: fc.nat(), line: fc.constantFrom(...STRUCTURE) }),
);

function applyLinesEdit(lines: string[], e: LinesEdit): string[] {
  const out = [...lines];
  const at = out.length === 0 ? 0 : e.at % out.length;
  switch (e.op) {
    case 'drop':
      out.splice(at, 1);
      break;
    case 'duplicate':
      if (out.length) out.splice(at, 0, out[at]);
      break;
    case 'swap':
      if (at + 1 < out.length) [out[at], out[at + 1]] = [out[at + 1], out[at]];
      break;
    case 'foreign':
    case 'structure':
      out.splice(at, 0, e.line);
      break;
  }
  return out;
}

/** A window of a real input (1-40 lines, mostly up to 3), some lines edited, some lines moved. */
const realBlock: fc.Arbitrary<string[]> = fc
  .record({
    text: fc.nat({ max: SEED_TEXTS.length - 1 }),
    start: fc.nat(),
    // Mostly short windows, some up to a whole detection head. The runtime of the fuzz is made
    // of head lines: detection asks all 45 detectors about each (~170 µs a line).
    len: fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 1, max: 3 }) },
      { weight: 1, arbitrary: fc.integer({ min: 4, max: 40 }) },
    ),
    // Edits for some of the lines: index -> edits (most lines stay real).
    edits: fc.array(fc.tuple(fc.nat(), fc.array(lineEdit, { minLength: 1, maxLength: 4 })), { maxLength: 6 }),
    moves: fc.array(linesEdit, { maxLength: 3 }),
  })
  .map(({ text, start, len, edits, moves }) => {
    const src = SEED_TEXTS[text].lines;
    const from = start % src.length;
    let lines = src.slice(from, from + len);
    for (const [i, es] of edits) {
      if (lines.length === 0) break;
      const k = i % lines.length;
      lines[k] = editedLine(lines[k], es);
    }
    for (const m of moves) lines = applyLinesEdit(lines, m);
    return lines;
  });

const joined = (lines: fc.Arbitrary<string[]>) =>
  fc.tuple(lines, eolStyle, fc.boolean()).map(([ls, eols, trailing]) => joinLines(ls, eols, trailing));

/** A real block with edits. */
const mutatedBlock = joined(realBlock);

/** Several outputs pasted together, with prompts, fences and headers between them. */
const mixedPaste = joined(
  fc
    .array(fc.tuple(fc.constantFrom(...STRUCTURE), realBlock), { minLength: 2, maxLength: 3 })
    .map((parts) => parts.flatMap(([head, block]) => [head, ...block])),
);

/** One real line with heavier edits. */
const mutatedLine = joined(
  fc
    .tuple(fc.constantFrom(...SEED_LINES), fc.array(lineEdit, { minLength: 1, maxLength: 10 }))
    .map(([line, edits]) => [editedLine(line, edits)]),
);

/** Lines of hostile characters only, or real lines soaked in them. */
const hostileSoup = joined(
  fc.array(
    fc.oneof(
      hostileText(40),
      fc
        .tuple(fc.constantFrom(...SEED_LINES), fc.array(hostileChars, { minLength: 1, maxLength: 20 }))
        .map(([line, chars]) => {
          // Spread the characters over the line.
          let s = line;
          chars.forEach((c, k) => {
            const at = Math.floor(((k + 1) * s.length) / (chars.length + 1));
            s = s.slice(0, at) + c + s.slice(at);
          });
          return s;
        }),
      fc.string({ unit: 'binary', maxLength: 80 }),
    ),
    { minLength: 1, maxLength: 8 },
  ),
);

// ---- JSON fragments (journalctl -o json, dmesg -J, crictl -o json, docker inspect)

const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string({ maxLength: 20 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.constantFrom(
        'MESSAGE',
        '__REALTIME_TIMESTAMP',
        'PRIORITY',
        '_PID',
        'id',
        'state',
        'pri',
        'msg',
        'x',
      ),
      tie('value'),
      { maxKeys: 5 },
    ),
  ),
})).value;

const jsonFragments = joined(
  fc.oneof(
    // Real-looking records with random values, one per line or pretty-printed, cut anywhere.
    fc
      .tuple(
        fc.array(jsonValue, { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        fc.nat(),
        fc.constantFrom('', '[', ']', ',', '{', '}', '"', '\u001e'),
      )
      .map(([vals, pretty, cut, extra]) => {
        const text = vals.map((v) => JSON.stringify(v, null, pretty ? 2 : undefined)).join('\n');
        // At most a detection head of lines (a longer record costs more and finds nothing new).
        return `${text.slice(0, text.length - (cut % 8))}${extra}`.split('\n').slice(0, 24);
      }),
    // Deep nesting and unterminated strings.
    fc
      .tuple(fc.integer({ min: 1, max: 2_000 }), fc.constantFrom('[', '{"a":', '{"MESSAGE":"', '"\\'))
      .map(([n, open]) => [open.repeat(n)]),
  ),
);

/** Nothing, or only breaks and blanks. */
const emptyish = fc.constantFrom(
  '',
  '\n',
  '\r\n',
  '\r',
  '\n\n\n',
  '\r\n\r\n',
  ' ',
  '\t\n',
  '\ufeff',
  '\u0000',
);

/**
 * A line of `len` characters: a real line's start, then one separator repeated (the inputs that
 * make a backtracking regex quadratic), then a tail that makes a near-miss fail late, between
 * a few ordinary lines.
 */
export function longLineText(seed: string, cut: number, filler: string, len: number, tail: string): string {
  const head = seed.slice(0, cut % (seed.length + 1));
  const body = filler.repeat(Math.ceil(Math.max(0, len - head.length - tail.length) / filler.length));
  return (head + body).slice(0, Math.max(0, len - tail.length)) + tail;
}

export const LONG_FILLERS = [
  ' ',
  ':',
  '[',
  '=',
  '0',
  'a',
  '"',
  '\\',
  '{',
  ' a=',
  '[ ',
  ': ',
  '0.',
  'a:',
  '=a',
  '\t',
  '-',
  '.',
  '"a":',
  '\\"',
];

const longLine = (min: number, max: number) =>
  fc
    .record({
      seed: fc.constantFrom(...SEED_LINES),
      cut: fc.nat(),
      filler: fc.constantFrom(...LONG_FILLERS),
      len: fc.integer({ min, max }),
      tail: fc.constantFrom('', 'x', '"', ']', '}', '\u0000', ' Z', '=', '\\'),
      before: fc.array(fc.constantFrom(...SEED_LINES), { maxLength: 3 }),
      after: fc.array(fc.constantFrom(...SEED_LINES), { maxLength: 3 }),
    })
    .map(({ seed, cut, filler, len, tail, before, after }) =>
      [...before, longLineText(seed, cut, filler, len, tail), ...after].join('\n'),
    );

const FILE_NAMES = [
  undefined,
  'dmesg.txt',
  'journal.log',
  'kern.log',
  'memory.max',
  'crictl-ps.txt',
  'inspect.json',
  'messages',
  'x\u202egol.txt',
];

/**
 * The whole input: a kind, weighted (per 1,000) so the slow kinds stay rare: a 10-200 KB line
 * costs ~15 ms, fifty times an ordinary input (0.5% of inputs: 500 of 100,000).
 */
export const fuzzInput: fc.Arbitrary<FuzzInput> = fc
  .tuple(
    fc.oneof(
      { weight: 420, arbitrary: mutatedBlock.map((text) => ['mutated block', text] as const) },
      { weight: 130, arbitrary: mixedPaste.map((text) => ['mixed paste', text] as const) },
      { weight: 150, arbitrary: mutatedLine.map((text) => ['mutated line', text] as const) },
      { weight: 130, arbitrary: hostileSoup.map((text) => ['hostile unicode', text] as const) },
      { weight: 90, arbitrary: jsonFragments.map((text) => ['json fragments', text] as const) },
      { weight: 35, arbitrary: emptyish.map((text) => ['empty', text] as const) },
      { weight: 40, arbitrary: longLine(1_000, 10_000).map((text) => ['long line', text] as const) },
      {
        weight: 5,
        arbitrary: longLine(10_000, LONG_LINE_MAX).map((text) => ['very long line', text] as const),
      },
    ),
    fc.boolean(),
    fc.constantFrom(...FILE_NAMES),
    // Unbiased: fast-check favours small values by default, which would send far more than
    // 1 in ANALYSIS_SHARE inputs to the engine and feed the first parsers most often.
    fc.noBias(fc.nat({ max: ANALYSIS_SHARE - 1 })),
    fc.noBias(fc.nat()),
    fc.constantFrom(...CLOCKS),
  )
  .map(([[kind, text], columnsOnly, fileName, k, parserPick, clock]) => ({
    kind,
    text,
    columnsOnly,
    fileName,
    analyze: k === 0,
    parserPick,
    clock,
  }));
