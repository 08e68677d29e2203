// docker ps and docker inspect: the corpus row without a header and the jq State object, every
// STATUS form, relative times with and without the capture time, --no-trunc / -s / custom columns,
// rows that do not fit their header, the lifecycle events of inspect objects (and of ctr containers
// info: each event over its own lines, with the whole object's fields and its record, rebuilt by
// the store), zero times, one-line JSON, cut-short JSON, and detection boundaries.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseChecked } from '../../../test/helpers/run-parser.ts';
import type { ParsedSource } from '../ingest/parse-text.ts';
import type { FormatId, LogEvent } from '../model/event.ts';
import { microsToIso, parseIso } from '../util/time.ts';
import { crictlInspectParser } from './crictl-inspect.ts';
import { dockerInspectParser } from './docker-inspect.ts';
import { dockerPsParser } from './docker-ps.ts';
import { detectFormat } from './registry.ts';

const CORPUS = 'test/corpus';

/** Whole parse, checked for coverage, chunking and the store's rebuild of every event. */
function parse(text: string, forceFormat?: FormatId, capturedAt?: number): ParsedSource {
  return parseChecked(text, { forceFormat, capturedAt }, { store: true });
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
    expect(res.events.map((e) => [e.line, e.lineEnd, e.fields.what, e.record ?? null])).toEqual([
      [3, 21, 'container-created', [3, 113]],
      [22, 22, 'container-started', [3, 113]],
      [23, 113, 'container-finished', [3, 113]],
      [114, 130, 'container-created', [114, 206]],
      [131, 131, 'container-started', [114, 206]],
      [132, 206, 'container-finished', [114, 206]],
      // Never started: StartedAt and FinishedAt are zero, one event (no record).
      [207, 299, 'container-created', null],
    ]);
    const [created, started, finished] = res.events;
    // Every step carries the whole container: its id, name, State and Config.
    for (const e of [created, started, finished]) {
      expect(e.fields).toMatchObject({
        id: '7d3c2b1a0f9e8d7c6b5a49382716f5e4d3c2b1a0f9e8d7c6b5a49382716f5e4d',
        name: 'web',
        oomKilled: true,
        exitCode: 137,
        reason: 'OOMKilled',
        status: 'exited',
        memoryLimit: 268435456,
        image: 'nginx:1.25',
        health: 'unhealthy',
      });
      expect(e.entities).toEqual([
        { kind: 'container', id: '7d3c2b1a0f9e8d7c6b5a49382716f5e4d3c2b1a0f9e8d7c6b5a49382716f5e4d' },
        { kind: 'image', id: 'nginx:1.25' },
      ]);
      expect(e.message).toMatch(/^docker container web (created|started|finished) /);
    }
    expect([created, started, finished].map((e) => e.fields.lifecycle)).toEqual([
      'created',
      'started',
      'exited',
    ]);
    expect([created, started, finished].map((e) => iso(e.time))).toEqual([
      '2024-03-02T09:59:58.123456Z',
      '2024-03-02T10:00:00.512345Z',
      '2024-03-02T11:30:12.250000Z',
    ]);
    // The OOM kill's severity is the exit's, not every step's.
    expect([created.severity, started.severity, finished.severity]).toEqual([undefined, undefined, 'err']);
    // A health check's own ExitCode (State.Health.Log) is not the container's.
    expect(finished.fields.exitCode).toBe(137);
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

  it('reads no value from a paste that begins inside an object, and reads the next whole object', () => {
    const res = parse(
      [
        '            "FinishedAt": "2024-03-02T11:30:12.25Z",',
        '            "Health": {',
        '                "Status": "unhealthy"',
        '            }',
        '        },',
        '        "Name": "/web"',
        '    }',
        '{"Status":"running","Running":true,"Pid":41211,"StartedAt":"2024-03-02T11:31:00.75Z"}',
      ].join('\n'),
      'docker-inspect',
    );
    expect(res.unparsed.map((u) => u.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(res.unparsed[0].reason).toBe('not part of a docker inspect JSON object');
    expect(res.events.map((e) => [e.line, e.fields.what, e.fields.pid])).toEqual([
      [8, 'container-started', 41211],
    ]);
  });

  it('keeps one event for a compact object whose set times share a line: the latest', () => {
    const res = parse(
      '[{"Id":"7d3c2b1a0f9e8d7c6b5a49382716f5e4d3c2b1a0f9e8d7c6b5a49382716f5e4d","Created":"2024-03-02T09:59:58Z","State":{"Status":"exited","ExitCode":1,"StartedAt":"2024-03-02T10:00:00Z","FinishedAt":"2024-03-02T10:05:00Z"},"Name":"/web"},{"Id":"x"}]',
      'docker-inspect',
    );
    expect(res.events).toHaveLength(1);
    const e = res.events[0];
    expect(e.record).toBeUndefined();
    expect([e.fields.what, e.fields.lifecycle, iso(e.time), e.severity]).toEqual([
      'container-finished',
      'exited',
      '2024-03-02T10:05:00.000000Z',
      'warning',
    ]);
    expect(e.fields.objects_on_same_lines).toBe(2);
    expect(e.message).toContain('[1 more object(s) on the same lines not read]');
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

describe('ctr containers info lifecycle', () => {
  // FORMATS.md examples/ctr-outputs.synthetic.txt lines 18-56 (the `ctr c info` echo, then the object)
  const example = readFileSync(
    'test/fixtures/ctr-containers-info/containerd-synthetic/formats-ctr-outputs-info.txt',
    'utf8',
  ).trimEnd();
  const A = '4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6';
  const B = '9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9';

  it('cuts the object at CreatedAt / UpdatedAt; both events carry the whole container and its record', () => {
    const res = parse(example, 'ctr-containers-info');
    expect(res.unparsed).toEqual([]);
    expect(res.events.map((e) => [e.line, e.lineEnd, e.fields.what, e.fields.lifecycle, e.record])).toEqual([
      [2, 20, 'container-created', 'created', [2, 39]],
      [21, 39, 'container-updated', 'updated', [2, 39]],
    ]);
    for (const e of res.events) {
      expect(e.fields).toMatchObject({ id: A, sandboxId: B, podName: 'api-0', args: 'java -jar /app.jar' });
      expect(e.entities).toContainEqual({ kind: 'container', id: A });
      expect(e.entities).toContainEqual({ kind: 'sandbox', id: B });
      expect(e.message).toContain(`ctr container ${A} `);
    }
  });

  it('expands a systemd cgroupsPath into the cgroup the kernel names', () => {
    const res = parse(
      readFileSync(
        'test/fixtures/ctr-containers-info/containerd-synthetic/cri-container-systemd-cgroup.synthetic.txt',
        'utf8',
      ),
    );
    const cgroup = `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod5f1c6d2e_9b1a_4c3e_8d7f_0a1b2c3d4e5f.slice/cri-containerd-${A}.scope`;
    for (const e of res.events) {
      expect(e.fields.cgroup).toBe(cgroup);
      expect(e.entities).toContainEqual({ kind: 'cgroup', id: cgroup });
      expect(e.entities).toContainEqual({ kind: 'pod', id: '5f1c6d2e-9b1a-4c3e-8d7f-0a1b2c3d4e5f' });
    }
  });

  it('closes a cut-short object from its complete lines, dropping a number that may be cut', () => {
    const lines = example.split('\n');
    const cut = [...lines.slice(0, 21), '    "Extensions": {', '        "n": 12'];
    const res = parse(cut.join('\n'), 'ctr-containers-info');
    expect(res.events.map((e) => [e.line, e.lineEnd, e.fields.what, e.fields.truncated])).toEqual([
      [2, 20, 'container-created', true],
      [21, 22, 'container-updated', true],
    ]);
    expect(res.unparsed).toEqual([{ line: 23, reason: expect.stringContaining('cut-short line') }]);
  });
});

describe('rebuild of cut objects', () => {
  // Any window of lines of these objects (a paste cut anywhere, at both ends) must give events
  // that the store rebuilds from their lines or their record (checked inside `parse`).
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
