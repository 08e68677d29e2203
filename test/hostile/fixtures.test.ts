// The hostile fixtures (e2e/fixtures/hostile/) are what test/hostile/fixtures.ts builds from the
// corpus, read as the formats they copy (a payload must not make a journal stop being a journal:
// then the journeys would test the unparsed-line path only), lose no line, and carry every payload.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCoverage } from '../../src/core/ingest/coverage.ts';
import { parseText } from '../../src/core/ingest/parse-text.ts';
import { ONE_LINE, PAYLOADS } from './corpus.ts';
import { FIXTURE_DIR, goJson, goQuote, hostileFixtures, RENAMED } from './fixtures.ts';

const built = hostileFixtures();
const OPTS = { year: 2025, utcOffsetMinutes: 0 };

describe('e2e/fixtures/hostile', () => {
  it.each(Object.keys(built))(
    '%s is what the corpus builds (npx tsx test/hostile/write-fixtures.ts)',
    (name) => {
      expect(readFileSync(join(FIXTURE_DIR, name), 'utf8')).toBe(built[name]);
    },
  );

  // The format each log file copies, and the share of its lines it may leave unparsed.
  const FORMATS: [string, string, number][] = [
    ['journal.txt', 'journalctl-short', 0],
    ['dmesg.txt', 'dmesg-raw', 0],
    ['containerd.log', 'containerd-logfmt', 0],
    ['crictl-ps-a.txt', 'crictl-ps', 0],
    ['crictl-inspect.json', 'crictl-inspect', 0],
  ];
  it.each(FORMATS)('%s reads as %s, every line once', (name, format, unparsed) => {
    const src = parseText(built[name], { sourceId: name, fileName: name, ...OPTS });
    expect(src.segments.map((s) => s.format)).toEqual([format]);
    expect(checkCoverage(src)).toEqual([]);
    expect(src.unparsed.length).toBe(unparsed);
  });

  it('carries every payload: each one-line payload raw in the journal and dmesg, Go-quoted in klog and logfmt; all in crictl inspect', () => {
    for (const p of ONE_LINE) {
      expect(built['journal.txt'], p.id).toContain(`] ${p.text}\n`);
      expect(built['journal.txt'], p.id).toContain(`output=${goQuote(`[${p.id}] ${p.text}`)}`);
      expect(built['dmesg.txt'], p.id).toContain(`] ${p.text}\n`);
    }
    const inspect = JSON.parse(built['crictl-inspect.json']) as {
      status: { labels: Record<string, string> };
    }[];
    for (const p of PAYLOADS) {
      expect(built['containerd.log'], p.id).toContain(`msg=${goQuote(`[${p.id}] ${p.text}`)}`);
      expect(inspect.some((c) => c.status.labels[`hostile.example.com/${p.id}`] === p.text)).toBe(true);
    }
    // As Go writes JSON: no raw `<` (the parser must decode \u003c back to the payload).
    expect(built['crictl-inspect.json']).not.toContain('<');
    expect(built['crictl-inspect.json']).toContain(goJson(RENAMED.container));
  });

  it('renames the pod, its namespace and containers in every file that names them', () => {
    for (const name of ['journal.txt', 'crictl-ps-a.txt']) {
      expect(built[name]).toContain(RENAMED.pod);
      expect(built[name]).toContain(RENAMED.namespace);
      expect(built[name]).toContain(RENAMED.container);
      expect(built[name]).not.toContain('checkout-tkv49ntw2');
    }
    expect(built['crictl-ps-a.txt']).toContain(RENAMED.neighbour);
  });
});
