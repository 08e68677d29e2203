// docker ps and docker inspect: the corpus row without a header and the jq State object, every
// STATUS form, relative times with and without the capture time, --no-trunc / -s / custom columns,
// rows that do not fit their header, the lifecycle partition of inspect objects (each event rebuilt
// from its own lines), zero times, one-line JSON, cut-short JSON, and detection boundaries.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCoverage } from '../ingest/coverage.ts';
import { type ParsedSource, parseText } from '../ingest/parse-text.ts';
import { SourceParser } from '../ingest/source-parser.ts';
import type { FormatId, LogEvent } from '../model/event.ts';
import { SourceStore } from '../store/source-store.ts';
import { microsToIso, parseIso } from '../util/time.ts';
import { crictlInspectParser } from './crictl-inspect.ts';
import { dockerInspectParser } from './docker-inspect.ts';
import { dockerPsParser } from './docker-ps.ts';
import { detectFormat } from './registry.ts';

const OPTS = { sourceId: 't', year: 2025, utcOffsetMinutes: 0 };
const CORPUS = '/work/shared/corpus';

/** Whole parse, checked for coverage, chunking and the store's rebuild of every event from its own lines. */
function parse(text: string, forceFormat?: FormatId, capturedAt?: number): ParsedSource {
  const opts = { ...OPTS, forceFormat, capturedAt };
  const res = parseText(text, opts);
  expect(checkCoverage(res)).toEqual([]);
  expect(parseText(text, opts, 7)).toEqual(res);
  const store = new SourceStore('t', { ...OPTS, capturedAt });
  const p = new SourceParser({ ...opts, columnsOnly: true, onRawLine: (t, l) => store.rawLine(t, l) }, store);
  p.push(text);
  p.end();
  store.finish(p.lines);
  expect(store.count).toBe(res.events.length);
  for (let i = 0; i < res.events.length; i++) expect(store.materialize(i)).toStrictEqual(res.events[i]);
  expect(store.slowRebuilds).toBe(0);
  return res;
}

const iso = (t: number | null) => (t === null ? null : microsToIso(t));
const at = (s: string) => parseIso(s)?.micros ?? 0;

/** Go text/tabwriter as docker sets it up (minwidth 10, padding 3). */
function tab(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows)
    r.forEach((c, i) => {
      if (i < r.length - 1) widths[i] = Math.max(widths[i] ?? 0, 10, c.length + 3);
    });
  return rows.map((r) => r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]) : c)).join('')).join('\n');
}

const HEAD = ['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES'];

describe('docker ps', () => {
  const corpus = readFileSync(`${CORPUS}/moby-33728-host-oom-influxd-still-up/docker-ps.txt`, 'utf8');

  it('reads corpus moby-33728: one row with no header, by shape', () => {
    const res = parse(corpus);
    expect(res.segments.map((s) => s.format)).toEqual(['docker-ps']);
    const e = res.events[0];
    expect(e.fields).toMatchObject({
      what: 'container-state',
      id: '25dc623b2164',
      image: 'influxdb:1.2.4-alpine',
      command: '"/entrypoint.sh in..."',
      created: '2 weeks ago',
      status: 'Up 5 days',
      state: 'running',
      ports: '0.0.0.0:8086->8086/tcp',
      names: 'influxdb',
      up_seconds: 5 * 86400 - 1800,
      time_source: 'started',
    });
    // Without the capture time an age is no time, only a relative quality and the fields.
    expect(e.time).toBeNull();
    expect(e.timeQuality).toBe('relative');
    expect(e.entities).toEqual([
      { kind: 'container', id: '25dc623b2164' },
      { kind: 'image', id: 'influxdb:1.2.4-alpine' },
    ]);
  });

  it('turns the status age into a range before the capture time', () => {
    const cap = at('2017-06-19T10:00:00Z');
    const e = parse(corpus, undefined, cap).events[0];
    expect(e.timeRange?.map(iso)).toEqual(['2017-06-13T10:30:00.000000Z', '2017-06-14T10:30:00.000000Z']);
    expect(iso(e.time)).toBe('2017-06-13T22:30:00.000000Z');
  });

  it('reads every STATUS form of State.String()', () => {
    const rows = [
      HEAD,
      [
        'a1b2c3d4e5f6',
        'nginx',
        '"/docker-entrypoint.…"',
        '2 hours ago',
        'Up About an hour (health: starting)',
        '80/tcp',
        'web',
      ],
      [
        'b2c3d4e5f6a7',
        'redis:7',
        '"docker-entrypoint.s…"',
        '3 days ago',
        'Exited (137) 5 minutes ago',
        '',
        'cache',
      ],
      [
        'c3d4e5f6a7b8',
        'busybox',
        '"sh"',
        'About a minute ago',
        'Restarting (1) Less than a second ago',
        '',
        'flaky',
      ],
      ['d4e5f6a7b8c9', 'alpine', '"true"', '1 second ago', 'Created', '', 'fresh'],
      ['e5f6a7b8c9d0', 'alpine', '"true"', '1 year ago', 'Removal In Progress', '', 'gone'],
      ['f6a7b8c9d0e1', 'pause', '"/pause"', '2 months ago', 'Up 2 months (Paused)', '', 'p'],
    ];
    const res = parse(tab(rows));
    expect(res.unparsed).toEqual([]);
    expect(
      res.events.map((e) => [e.fields.state, e.fields.exitCode ?? null, e.fields.health ?? null]),
    ).toEqual([
      ['running', null, 'starting'],
      ['exited', 137, null],
      ['restarting', 1, null],
      ['created', null, null],
      ['removing', null, null],
      ['paused', null, null],
    ]);
    const exited = res.events[1];
    expect([exited.fields.exited_ago_seconds, exited.fields.exited_ago_max_seconds]).toEqual([300, 360]);
    expect(exited.severity).toBe('warning');
    // `Created` has no status age: the time comes from CREATED.
    expect(res.events[3].fields.time_source).toBe('created');
    // An empty PORTS cell is left out.
    expect(exited.fields.ports).toBeUndefined();
  });

  it('reads --no-trunc ids, the -s SIZE column and a dockershim name', () => {
    const id = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6';
    const name = 'k8s_api_api-0_shop_5f1c6d2e-9b1a-4c3e-8d7f-0a1b2c3d4e5f_3';
    const res = parse(
      tab([
        [...HEAD, 'SIZE'],
        [
          id,
          'api:1',
          '"java -jar /app.jar  --port 8080"',
          '2 hours ago',
          'Up 2 hours',
          '',
          name,
          '2B (virtual 21.5MB)',
        ],
      ]),
    );
    const e = res.events[0];
    expect(e.fields).toMatchObject({
      id,
      command: '"java -jar /app.jar  --port 8080"',
      size: '2B (virtual 21.5MB)',
      containerName: 'api',
      podName: 'api-0',
      podNamespace: 'shop',
      attempt: 3,
    });
    expect(e.entities).toContainEqual({ kind: 'pod', id: 'shop/api-0' });
    expect(e.entities).toContainEqual({ kind: 'pod', id: '5f1c6d2e-9b1a-4c3e-8d7f-0a1b2c3d4e5f' });
  });

  it('cuts custom `--format table` columns at the header, CREATED AT as an exact time', () => {
    const res = parse(
      tab([
        ['NAMES', 'STATUS', 'CREATED AT'],
        ['web', 'Exited (0) 3 hours ago', '2024-03-02 10:00:00 +0100 CET'],
        ['db', 'Created', '2024-03-02 11:00:00 +0000 UTC'],
      ]),
    );
    expect(res.segments[0].format).toBe('docker-ps');
    expect(res.events[1].fields.time_source).toBe('created');
    expect(iso(res.events[1].time)).toBe('2024-03-02T11:00:00.000000Z');
    expect(res.events[1].timeQuality).toBe('exact');
    // With a status age, the age wins (it is the latest state change).
    expect(res.events[0].timeQuality).toBe('relative');
  });

  it('reads a row whose spaces were collapsed (it no longer fits the header) by shape', () => {
    const res = parse(
      [
        tab([HEAD]),
        'b2c3d4e5f6a7 redis:7 "docker-entrypoint.s…" 3 days ago Exited (137) 5 minutes ago cache',
      ].join('\n'),
    );
    expect(res.events[0].fields).toMatchObject({ exitCode: 137, names: 'cache', created: '3 days ago' });
    expect(res.events[0].fields.ports).toBeUndefined();
  });

  it('reports a row that is not a docker ps row, with the reason', () => {
    const res = parse(
      [tab([HEAD]), 'b2c3d4e5f6a7 redis:7 "x" yesterday Exited (137) cache'].join('\n'),
      'docker-ps',
    );
    expect(res.unparsed).toHaveLength(1);
    expect(res.unparsed[0].reason).toMatch(/CREATED|line up/);
  });

  it('does not claim crictl ps, and crictl ps does not claim it', () => {
    const crictl = [
      'CONTAINER           IMAGE               CREATED             STATE               NAME                ATTEMPT             POD ID',
      '1f73f2d81bf98       nginx               2 hours ago         Running             web                 0                   abcdef0123456',
    ];
    expect(dockerPsParser.detect(crictl)).toBe(0);
    expect(detectFormat(corpus.split('\n').filter(Boolean)).format).toBe('docker-ps');
  });
});

describe('docker inspect', () => {
  const state = readFileSync(
    `${CORPUS}/moby-43491-shim-sigkilled-container-still-running/docker-inspect-state.json`,
    'utf8',
  );
  const three = readFileSync(
    'test/fixtures/docker-inspect/docker-synthetic/inspect-three-containers.synthetic.json',
    'utf8',
  );

  it('reads corpus moby-43491: a `>` echo, then a State object with only StartedAt set', () => {
    const res = parse(state);
    expect(res.segments.map((s) => s.format)).toEqual(['docker-inspect']);
    expect(res.skipped).toEqual([{ line: 1, kind: 'prompt' }]);
    expect(res.events).toHaveLength(1);
    const e = res.events[0];
    expect([e.line, e.lineEnd]).toEqual([2, 14]);
    expect(iso(e.time)).toBe('2022-04-15T09:01:24.444419Z');
    expect(e.fields).toMatchObject({
      what: 'container-started',
      status: 'running',
      running: true,
      oomKilled: false,
      pid: 5061,
      exitCode: 0,
    });
    // The zero FinishedAt is "not set": no field, no event.
    expect(e.fields.finishedAt).toBeUndefined();
    expect(e.message).toContain('"Status": "running"');
    expect(e.message).toContain('"OOMKilled": false');
    expect(e.entities).toEqual([{ kind: 'pid', id: '5061' }]);
  });

  it('cuts each container at its set time keys; every line of the array is in one event or a bracket', () => {
    const res = parse(three);
    expect(res.unparsed).toEqual([]);
    expect(res.events.map((e) => [e.line, e.lineEnd, e.fields.what])).toEqual([
      [3, 21, 'container-created'],
      [22, 22, 'container-started'],
      [23, 113, 'container-finished'],
      [114, 130, 'container-created'],
      [131, 131, 'container-started'],
      [132, 206, 'container-finished'],
      // Never started: StartedAt and FinishedAt are zero, one event.
      [207, 299, 'container-created'],
    ]);
    const [created, , finished] = res.events;
    expect(created.fields).toMatchObject({
      oomKilled: true,
      exitCode: 137,
      reason: 'OOMKilled',
      status: 'exited',
    });
    expect(created.severity).toBe('err');
    expect(created.entities[0]).toEqual({
      kind: 'container',
      id: '7d3c2b1a0f9e8d7c6b5a49382716f5e4d3c2b1a0f9e8d7c6b5a49382716f5e4d',
    });
    expect(iso(finished.time)).toBe('2024-03-02T11:30:12.250000Z');
    expect(finished.fields).toMatchObject({
      name: 'web',
      memoryLimit: 268435456,
      image: 'nginx:1.25',
      health: 'unhealthy',
    });
    // A health check's own ExitCode (State.Health.Log) is not the container's.
    expect(finished.fields.exitCode).toBeUndefined();
  });

  it('reads `--format {{json .State}}` on one line, and docker errors as events', () => {
    const res = parse(
      [
        '{"Status":"exited","Running":false,"Paused":false,"Restarting":false,"OOMKilled":true,"Dead":false,"Pid":0,"ExitCode":137,"Error":"","StartedAt":"2024-03-02T10:00:00.5Z","FinishedAt":"2024-03-02T11:30:12.25Z"}',
        'Error: No such object: nosuch',
      ].join('\n'),
    );
    expect(res.events[0].fields.what).toBe('container-finished');
    expect(iso(res.events[0].time)).toBe('2024-03-02T11:30:12.250000Z');
    expect(res.events[1]).toMatchObject({ severity: 'err', fields: { what: 'cli-error' } });
  });

  it('keeps the complete lines of an object cut short, and says which line it could not read', () => {
    const lines = three.split('\n').slice(0, 24);
    lines.push('        "Image": "sha256:b690f5f0a2d5');
    const res = parse(lines.join('\n'));
    expect(res.events.map((e) => [e.line, e.lineEnd])).toEqual([
      [3, 21],
      [22, 22],
      [23, 24],
    ]);
    expect(res.unparsed.map((u) => u.line)).toEqual([25]);
  });

  it('starts a piece at a set time key when the paste begins inside an object', () => {
    const res = parse(
      [
        '            "FinishedAt": "2024-03-02T11:30:12.25Z",',
        '            "Health": {',
        '                "Status": "unhealthy"',
        '            }',
        '        },',
        '        "Name": "/web"',
        '    }',
      ].join('\n'),
      'docker-inspect',
    );
    expect(res.events).toHaveLength(1);
    expect(res.events[0].fields).toMatchObject({
      what: 'container-finished',
      health: 'unhealthy',
      name: 'web',
    });
  });

  it('is told apart from crictl inspect and ctr containers info', () => {
    const head = three
      .split('\n')
      .filter((l) => l.trim())
      .slice(0, 40);
    expect(dockerInspectParser.detect(head)).toBe(0.95);
    expect(crictlInspectParser.detect(head)).toBe(0);
    expect(detectFormat(head, undefined, 'docker inspect web cache fresh').format).toBe('docker-inspect');
    expect(
      dockerInspectParser.detect([
        '{',
        '  "status": {',
        '    "state": "CONTAINER_EXITED",',
        '    "reason": "OOMKilled"',
      ]),
    ).toBe(0);
    expect(dockerInspectParser.detect(['{', '    "ID": "abc",', '    "Runtime": {'])).toBe(0);
  });
});

describe('record-local pieces', () => {
  // Any window of lines of these objects (a paste cut anywhere, at both ends) must give events
  // that the store rebuilds from their own lines alone (checked inside `parse`).
  const files: [string, FormatId][] = [
    [
      'test/fixtures/docker-inspect/docker-synthetic/inspect-three-containers.synthetic.json',
      'docker-inspect',
    ],
    [
      'test/fixtures/docker-inspect/docker-unknown/moby-43491-shim-sigkilled-container-still-running.json',
      'docker-inspect',
    ],
    [
      'test/fixtures/ctr-containers-info/containerd-synthetic/cri-container-systemd-cgroup.synthetic.txt',
      'ctr-containers-info',
    ],
  ];
  it('holds for any window of lines, with glue lines mixed in', () => {
    const texts = files.map(([f, id]) => [readFileSync(f, 'utf8').split('\n'), id] as const);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: texts.length - 1 }),
        fc.nat(),
        fc.nat(),
        fc.constantFrom('', '   ', '// SNIP', '{', '}', '"Pid": 50', 'Error: No such object: x'),
        fc.nat(),
        (k, a, b, glue, g) => {
          const [lines, id] = texts[k];
          const from = a % lines.length;
          const to = from + 1 + (b % (lines.length - from));
          const win = lines.slice(from, to);
          win.splice(g % (win.length + 1), 0, glue);
          parse(win.join('\n'), id);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('every docker event', () => {
  it('carries what it is', () => {
    const all: LogEvent[] = [
      ...parse(readFileSync('test/fixtures/docker-ps/docker-synthetic/ps-a-statuses.synthetic.txt', 'utf8'))
        .events,
    ];
    expect(all.every((e) => typeof e.fields.what === 'string')).toBe(true);
  });
});
