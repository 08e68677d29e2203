import { describe, expect, it } from 'vitest';
import type { SourceSummary } from '../core/engine/engine-api.ts';
import { PARSER_SET_VERSION } from '../core/parsers/registry.ts';
import { queryKeys, sourcesKeyOf } from './queries.ts';

const summary = (over: Partial<SourceSummary> = {}): SourceSummary => ({
  sourceId: 'a',
  name: 'a',
  kind: 'file',
  bytes: 10,
  contentHash: 'h1',
  encoding: 'utf-8',
  warnings: [],
  lines: 1,
  events: 1,
  unparsedCount: 0,
  skippedCount: 0,
  unparsed: [],
  segments: [{ format: 'text', confidence: 1, lineStart: 1, lineEnd: 1, candidates: [] }],
  parseMillis: 1,
  ...over,
});

describe('query keys', () => {
  it('key views by what their events depend on: content hash, segment formats, parser set', () => {
    const base = sourcesKeyOf([summary()]);
    expect(base).toContain(PARSER_SET_VERSION);
    expect(base).toContain('h1');
    expect(sourcesKeyOf([summary({ contentHash: 'h2' })])).not.toBe(base);
    const overridden = summary({
      segments: [
        { format: 'dmesg-raw', confidence: 1, lineStart: 1, lineEnd: 1, overridden: true, candidates: [] },
      ],
    });
    expect(sourcesKeyOf([overridden])).not.toBe(base);
    // Counts and timings are results, not inputs: they do not change the key.
    expect(sourcesKeyOf([summary({ parseMillis: 99, events: 5 })])).toBe(base);
  });

  it('name each kind first', () => {
    const q = { sources: [], severities: [], search: 'x' };
    expect(queryKeys.view('k', q)).toEqual(['view', 'k', q]);
    expect(queryKeys.rows('v1', 3)).toEqual(['rows', 'v1', 3]);
    expect(queryKeys.detail('k', 'a:1')).toEqual(['detail', 'k', 'a:1']);
  });
});
