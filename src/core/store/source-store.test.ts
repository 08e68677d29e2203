// SourceStore keeps columns and raw lines only; materialize(i) must rebuild exactly the event
// the streaming parse emitted (ADR 0001). Checked over every fixture and over generated pastes
// built from every parser's samples, with prompts, fences, ANSI colours and CRLF mixed in.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIXTURES_ROOT, fixtureFiles } from '../../../test/helpers/fixture-files.ts';
import { createDataset } from '../generate/dataset.ts';
import { splitLines } from '../ingest/line-splitter.ts';
import { type ParsedSource, parseText } from '../ingest/parse-text.ts';
import { type SourceOptions, SourceParser } from '../ingest/source-parser.ts';
import { PARSERS } from '../parsers/registry.ts';
import { SourceStore } from './source-store.ts';

const OPTS = { year: 2025, utcOffsetMinutes: 0 };

/** Streams `text` into a store in `chunk`-sized pieces, the way the workbench does. */
function buildStore(text: string, opts: SourceOptions, chunk = 4096): SourceStore {
  const store = new SourceStore(opts.sourceId, { year: opts.year, utcOffsetMinutes: opts.utcOffsetMinutes });
  // As the workbench does: the bulk parse may skip message, fields and entities; materialize
  // must still rebuild exactly the event a full parse gives.
  const parser = new SourceParser(
    { ...opts, columnsOnly: true, onRawLine: (t, l) => store.rawLine(t, l) },
    store,
  );
  for (let i = 0; i < text.length; i += chunk) parser.push(text.slice(i, i + chunk));
  parser.end();
  store.finish(parser.lines);
  return store;
}

/** Checks that the store agrees with the streamed parse in every way it can be asked. */
function checkStore(text: string, opts: SourceOptions): { whole: ParsedSource; store: SourceStore } {
  const whole = parseText(text, opts);
  const store = buildStore(text, opts);
  expect(store.count).toBe(whole.events.length);
  expect(store.lines).toBe(whole.lines);
  for (let i = 0; i < whole.events.length; i++) {
    expect(store.materialize(i), `event ${i} (line ${whole.events[i].line})`).toStrictEqual(whole.events[i]);
  }
  // Header + record was enough for every event: no parser needed its whole segment replayed.
  expect(store.slowRebuilds).toBe(0);
  expect(store.rawLines(1, store.lines)).toEqual(splitLines(text));
  expect(store.unparsedList()).toEqual(whole.unparsed);
  expect(store.skippedList()).toEqual(whole.skipped);
  expect(store.segments).toEqual(whole.segments);
  return { whole, store };
}

describe('SourceStore on fixtures', () => {
  const files = fixtureFiles();
  it('has fixtures to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const file of files) {
    it(`rebuilds every event of ${relative(FIXTURES_ROOT, file)}`, () => {
      checkStore(readFileSync(file, 'utf8'), { sourceId: 'f', ...OPTS });
    });
  }
});

describe('SourceStore columns and accessors', () => {
  const text = [
    '$ journalctl -o short-iso',
    '2025-11-26T10:00:01+0100 node-1 kubelet[812]: first message',
    '2025-11-26T10:00:02+0100 node-1 containerd[700]: second message',
    '',
    'free text that no parser claims',
  ].join('\n');

  it('answers from the columns without materialising', () => {
    const store = buildStore(text, { sourceId: 'src', ...OPTS });
    expect(store.count).toBeGreaterThan(0);
    for (let i = 0; i < store.count; i++) {
      const e = store.materialize(i);
      expect(store.line(i)).toBe(e.line);
      expect(store.lineEnd(i)).toBe(e.lineEnd);
      expect(store.time(i)).toBe(e.time);
      expect(store.timeQuality(i)).toBe(e.timeQuality);
      expect(store.severity(i)).toBe(e.severity);
      expect(store.label(i)).toBe(e.unit ?? e.ident);
      expect(store.host(i)).toBe(e.host);
      expect(store.pid(i)).toBe(e.pid);
      expect(store.format(i)).toBe(e.format);
      expect(store.message(i)).toBe(e.message.split('\n')[0]);
      expect(store.indexOfLine(e.line)).toBe(i);
      expect(e.id).toBe(`src:${e.line}`);
    }
    expect(store.indexOfLine(1)).toBe(-1); // the prompt is structure, not an event
  });

  it('shares its parse under another source id', () => {
    const store = buildStore(text, { sourceId: 'a', ...OPTS });
    const other = store.withSourceId('b');
    expect(other.sharesDataWith(store)).toBe(true);
    expect(other.count).toBe(store.count);
    const e = other.materialize(0);
    expect(e.id).toBe(`b:${e.line}`);
    expect(e.source).toBe('b');
  });

  it('keeps raw lines across block boundaries, ANSI colours included', () => {
    const lines = Array.from(
      { length: 2500 },
      (_, i) => `line \x1b[31m${i + 1}\x1b[0m ünïcödé ${'x'.repeat(i % 7)}`,
    );
    const store = buildStore(`${lines.join('\r\n')}\r\n`, { sourceId: 'r', ...OPTS }, 997);
    expect(store.lines).toBe(2500);
    expect(store.rawLines(1, 2500)).toEqual(lines);
    expect(store.rawLines(1023, 1026)).toEqual(lines.slice(1022, 1026));
    expect(store.rawLines(2499, 9999)).toEqual(lines.slice(2498));
  });

  it('refuses an event index out of range', () => {
    const store = buildStore(text, { sourceId: 'src', ...OPTS });
    expect(() => store.materialize(store.count)).toThrow(RangeError);
  });
});

// Generated pastes: every parser's samples, shuffled and joined the way people paste them.
const SAMPLES = PARSERS.flatMap((p) => p.samples.map((s) => s.replace(/\n$/, '')));
const GLUE = [
  '',
  '$ journalctl -u kubelet',
  '```',
  'root@node-1:~# crictl ps -a',
  '==> /var/log/syslog <==',
  '\x1b[1mbold\x1b[0m',
];

describe('SourceStore on generated pastes', () => {
  it('has samples to combine', () => {
    expect(SAMPLES.length).toBeGreaterThan(0);
  });
  it('rebuilds every event of any mix of samples', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...SAMPLES), fc.constantFrom(...GLUE)), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        (parts, eol, finalEol) => {
          const text = parts.join('\n').split('\n').join(eol) + (finalEol ? eol : '');
          checkStore(text, { sourceId: 'gen', ...OPTS });
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('SourceStore on generated node outputs', () => {
  // The generator's files (journal, dmesg, crictl... of a synthetic incident), small.
  const ds = createDataset({ seed: 11, mb: 0.2, hours: 2 });
  it('has files', () => {
    expect(ds.files.length).toBeGreaterThan(0);
  });
  for (const f of ds.files) {
    it(`rebuilds every event of ${f.name}`, () => {
      const { store } = checkStore([...f.chunks()].join(''), { sourceId: f.name, fileName: f.name, ...OPTS });
      expect(store.count).toBeGreaterThan(0);
    });
  }
});

describe('SourceStore interning', () => {
  it('keeps a per-record unique ident or reason without a string per record in the tables', () => {
    // 70,000 distinct units: more than the ident table keeps; rows still show the right one.
    const n = 70_000;
    const lines = Array.from({ length: n }, (_, i) => `2025-11-26T10:00:00+0000 node-1 app-${i}[1]: m${i}`);
    const store = buildStore(`${lines.join('\n')}\n`, { sourceId: 's', ...OPTS }, 1 << 16);
    expect(store.count).toBe(n);
    for (const i of [0, 1000, 65_535, 65_536, 69_999]) expect(store.label(i)).toBe(`app-${i}`);
  });

  it('lists unparsed lines with their reasons', () => {
    const store = new SourceStore('u');
    for (let l = 1; l <= 5000; l++) store.unparsed(l, `reason ${l}`);
    store.finish(5000);
    const list = store.unparsedList();
    expect(list).toHaveLength(5000);
    expect(list[0]).toEqual({ line: 1, reason: 'reason 1' });
    expect(list[4095]).toEqual({ line: 4096, reason: 'reason 4096' });
    expect(list[4096]).toEqual({ line: 4097, reason: 'not kept (more than 4096 distinct reasons)' });
    expect(store.unparsedList(2)).toHaveLength(2);
  });
});
