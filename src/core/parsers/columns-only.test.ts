// The columns-only parse (ParseContext.columnsOnly) of the formats with a reduced columns path
// (syslog: no message or fields; containerd-logfmt: only the head of each line, parseContainerdHead;
// crictl inspect: only state and times of a status, key lines found by search) must give every
// column a full parse gives. The store's materialisation test overlays the time columns and
// rebuilds the rest, so it would not notice a wrong severity, ident, host or pid: this compares
// them all, over every fixture and corpus file with a segment of these formats and over the
// generator's files of them.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusCases } from '../../../test/helpers/corpus.ts';
import { FIXTURES_ROOT, fixtureFiles } from '../../../test/helpers/fixture-files.ts';
import { createDataset } from '../generate/dataset.ts';
import { parseText } from '../ingest/parse-text.ts';
import type { FormatId, LogEvent } from '../model/event.ts';

const OWN: readonly FormatId[] = ['syslog-rfc3164', 'syslog-rfc5424', 'containerd-logfmt', 'crictl-inspect'];
const OPTS = { year: 2025, utcOffsetMinutes: 0 };

/** An event without what a columns-only parse may leave out. */
function columns(e: LogEvent): Omit<LogEvent, 'message' | 'fields' | 'entities'> {
  const { message, fields, entities, ...rest } = e;
  return rest;
}

/** Whether `text` has a segment of one of OWN; if so, checks the columns of its events. */
function checkColumns(text: string, name: string): boolean {
  const opts = { sourceId: name, fileName: name, ...OPTS };
  const full = parseText(text, opts);
  const own = full.segments.filter((s) => OWN.includes(s.format));
  if (own.length === 0) return false;
  const lean = parseText(text, { ...opts, columnsOnly: true });
  const inOwn = (e: LogEvent) => own.some((s) => e.line >= s.lineStart && e.line <= s.lineEnd);
  expect(lean.events.filter(inOwn).map(columns)).toEqual(full.events.filter(inOwn).map(columns));
  expect(lean.events.length).toBe(full.events.length);
  expect(lean.unparsed).toEqual(full.unparsed);
  expect(lean.skipped).toEqual(full.skipped);
  return true;
}

describe('columns-only parse = full parse, column by column', () => {
  it('on every fixture and corpus file with a segment of these formats', () => {
    const files = [
      ...fixtureFiles().map((f) => [f, relative(FIXTURES_ROOT, f)] as const),
      ...corpusCases().flatMap((c) => Object.keys(c.files).map((f) => [`${c.dir}/${f}`, f] as const)),
    ];
    const checked = files.filter(([path, name]) => checkColumns(readFileSync(path, 'utf8'), name));
    // Each format has fixtures (and the corpus more): the comparison ran on them.
    expect(checked.length).toBeGreaterThan(30);
  });

  it("on the generator's syslog, containerd and crictl inspect files", () => {
    const ds = createDataset({ seed: 5, mb: 0.3, hours: 3, bigTables: true });
    const files = ds.files.filter((f) => OWN.includes(f.format));
    expect(files.map((f) => f.format).sort()).toEqual([
      'containerd-logfmt',
      'crictl-inspect',
      'syslog-rfc3164',
    ]);
    for (const f of files) expect(checkColumns([...f.chunks()].join(''), f.name)).toBe(true);
  });
});
