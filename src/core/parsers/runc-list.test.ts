// runc list: the corpus table (very wide BUNDLE column), the header before OWNER existed, rows
// without a header, a bundle path with a space, and rows that are not runc rows.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CORPUS_ROOT } from '../../../test/helpers/corpus.ts';
import { parseChecked } from '../../../test/helpers/run-parser.ts';
import type { FormatId } from '../model/event.ts';
import { microsToIso } from '../util/time.ts';
import { detectFormat } from './registry.ts';
import { runcListParser } from './runc-list.ts';

/** Whole parse, checked for coverage, chunking and the store's rebuild of every event from its own lines. */
const parse = (text: string, forceFormat?: FormatId) => parseChecked(text, { forceFormat }, { store: true });

const ID = 'bbb425b0807133b5db7f01ff1e4ff1b21f16a0c90ae4033f76d055a438a033eb';

describe('runc list', () => {
  it('reads corpus containerd-3938: state, pid, bundle and the exact CREATED time', () => {
    const res = parse(
      readFileSync(`${CORPUS_ROOT}/containerd-3938-task-unknown-runc-defunct/runc-list.txt`, 'utf8'),
    );
    expect(res.segments.map((s) => s.format)).toEqual(['runc-list']);
    expect(res.unparsed).toEqual([]);
    const e = res.events[0];
    expect(e.fields).toEqual({
      what: 'container-state',
      id: ID,
      pid: 36211,
      status: 'running',
      bundle: `/run/containerd/io.containerd.runtime.v1.linux/moby/${ID}`,
      created: '2019-12-06T11:03:54.781076068Z',
      owner: 'root',
    });
    expect(e.time === null ? null : microsToIso(e.time)).toBe('2019-12-06T11:03:54.781076Z');
    expect(e.timeQuality).toBe('exact');
    expect(e.entities).toEqual([
      { kind: 'container', id: ID },
      { kind: 'pid', id: '36211' },
    ]);
  });

  it('reads the header of runc before OWNER, a stopped container (pid 0) and a zone offset', () => {
    const res = parse(
      [
        'ID          PID         STATUS      BUNDLE         CREATED',
        'test_box2   0           stopped     /mycontainer   2024-03-02T10:00:01+01:00',
      ].join('\n'),
    );
    expect(res.segments[0].format).toBe('runc-list');
    const e = res.events[0];
    expect(e.fields.owner).toBeUndefined();
    expect(e.entities.map((x) => x.kind)).toEqual(['container']);
    expect(microsToIso(e.time ?? 0)).toBe('2024-03-02T09:00:01.000000Z');
  });

  it('keeps a bundle path with a space in its cell (header offsets)', () => {
    const res = parse(
      [
        'ID          PID         STATUS      BUNDLE                 CREATED                OWNER',
        'box         7           running     /srv/my bundles/box    2024-03-02T10:00:01Z   root',
      ].join('\n'),
    );
    expect(res.events[0].fields.bundle).toBe('/srv/my bundles/box');
  });

  it('reads a grep row without a header by its words', () => {
    const row = `${ID}   36211       running     /run/containerd/io.containerd.runtime.v1.linux/moby/${ID}   2019-12-06T11:03:54.781076068Z   root`;
    const res = parse(row);
    expect(res.segments[0].format).toBe('runc-list');
    expect(res.events[0].fields.pid).toBe(36211);
  });

  it('reports rows that break the grammar, with the reason', () => {
    const res = parse(
      [
        'ID          PID         STATUS      BUNDLE         CREATED                OWNER',
        'box         7           sleeping    /mycontainer   2024-03-02T10:00:01Z   root',
        'box         7           running     /mycontainer   yesterday              root',
      ].join('\n'),
      'runc-list',
    );
    expect(res.events).toHaveLength(0);
    expect(res.unparsed.map((u) => u.reason)).toEqual([
      expect.stringContaining('not a runc status'),
      expect.stringContaining('RFC 3339'),
    ]);
  });

  it('does not claim ctr tasks or docker ps tables', () => {
    expect(runcListParser.detect(['TASK    PID    STATUS', `${ID}    0    UNKNOWN`])).toBe(0);
    expect(
      detectFormat([
        'ID          PID         STATUS      BUNDLE         CREATED                          OWNER',
        'test_box1   41211       running     /mycontainer   2024-03-02T10:00:00.123456789Z   root',
      ]).format,
    ).toBe('runc-list');
  });
});
