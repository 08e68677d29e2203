// The crictl parsers (ps, pods, ps-json, inspect, inspectp): explicit cases (cells with spaces,
// empty cells, headerless rows, glued outputs, several JSON objects, arrays, cut-short JSON,
// lifecycle steps, relative times), the corpus key facts, detection boundaries against neighbouring
// tables/JSON, the columns-only parse, and the record-local rebuild of every event.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  expectRecordLocal as expectRecordLocalOf,
  OPTS,
  parseChecked,
} from '../../../test/helpers/run-parser.ts';
import { splitLines } from '../ingest/line-splitter.ts';
import { type ParsedSource, parseText } from '../ingest/parse-text.ts';
import type { FormatId, LogEvent } from '../model/event.ts';
import { crictlInspectParser } from './crictl-inspect.ts';
import { crictlInspectpParser } from './crictl-inspectp.ts';
import { crictlPodsParser } from './crictl-pods.ts';
import { crictlPsParser } from './crictl-ps.ts';
import { crictlPsJsonParser } from './crictl-ps-json.ts';
import { agoRange, crictlSubcommand, goTimeMicros, nanosToMicros, relativeTime } from './crictl-shared.ts';
import type { ParseContext } from './parser-api.ts';

const ROOT = join(import.meta.dirname, '../../../test/fixtures');
const CORPUS = join(import.meta.dirname, '../../../test/corpus');

function parse(text: string, forceFormat?: FormatId): ParsedSource {
  return parseChecked(text, { forceFormat });
}

/** Go text/tabwriter as crictl sets it up (minwidth 20, padding 3, padchar ' '). */
function tab(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) {
    r.forEach((c, i) => {
      if (i < r.length - 1) widths[i] = Math.max(widths[i] ?? 0, 20, c.length + 3);
    });
  }
  return rows.map((r) => r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]) : c)).join('')).join('\n');
}

const PS_HEAD_132 = [
  'CONTAINER',
  'IMAGE',
  'CREATED',
  'STATE',
  'NAME',
  'ATTEMPT',
  'POD ID',
  'POD',
  'NAMESPACE',
];

/**
 * The store's rebuild: the segment's lines before its first record, then the record's own lines
 * (a lifecycle step of `crictl inspect`: its whole object, `record`), through a fresh parser. Must
 * give the same event as the whole parse.
 */
function expectRecordLocal(text: string, res: ParsedSource): void {
  expectRecordLocalOf(text, res, {}, (e) => e.record ?? [e.line, e.lineEnd]);
}

/** The columns a columns-only parse keeps must equal the full parse's (ParseContext.columnsOnly). */
function expectColumnsEqual(text: string, opts: { capturedAt?: number } = {}): void {
  const cols = (e: LogEvent) => {
    const { message, fields, entities, ...rest } = e;
    return rest;
  };
  const full = parseText(text, { ...OPTS, ...opts });
  const fast = parseText(text, { ...OPTS, ...opts, columnsOnly: true });
  expect(fast.events.map(cols)).toEqual(full.events.map(cols));
  expect(fast.unparsed).toEqual(full.unparsed);
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (!/\.(snap\.txt|md|expect\.json)$/.test(name)) out.push(p);
  }
  return out;
}

describe('crictl shared pieces', () => {
  it('turns HumanDuration texts into age intervals', () => {
    expect(agoRange('Less than a second ago')).toEqual([0, 1]);
    expect(agoRange('1 second ago')).toEqual([1, 2]);
    expect(agoRange('About a minute ago')).toEqual([60, 120]);
    expect(agoRange('43 minutes ago')).toEqual([2580, 2640]);
    expect(agoRange('About an hour ago')).toEqual([3600, 5400]);
    expect(agoRange('3 hours ago')).toEqual([9000, 12600]);
    expect(agoRange('2 days ago')).toEqual([2 * 86400 - 1800, 3 * 86400 - 1800]);
    expect(agoRange('2 years ago')).toEqual([2 * 365 * 86400, 3 * 365 * 86400]);
    expect(agoRange('2 hours')).toBeNull();
    expect(agoRange('About 2 minutes ago')).toBeNull();
  });

  it('turns an age into a relative time: a range before the capture time, or no time', () => {
    const ctx: ParseContext = { ...OPTS, format: 'crictl-ps' };
    expect(relativeTime(ctx, [5400, 9000])).toEqual({ time: null, timeQuality: 'relative' });
    expect(relativeTime(ctx, null)).toEqual({ time: null, timeQuality: 'none' });
    const at = Date.UTC(2025, 10, 26, 12, 0, 0) * 1000;
    expect(relativeTime({ ...ctx, capturedAt: at }, [5400, 9000])).toEqual({
      time: at - 7200e6,
      timeQuality: 'relative',
      timeRange: [at - 9000e6, at - 5400e6],
    });
  });

  it('reads the absolute time spellings crictl prints', () => {
    // Go time.Time String() (pods -v, inspectp -o table)
    expect(goTimeMicros('2025-11-24 08:12:00.5 +0000 UTC')).toBe(
      Date.UTC(2025, 10, 24, 8, 12, 0, 500) * 1000,
    );
    expect(goTimeMicros('2021-03-29 18:24:53.308212031 +0100 BST')).toBe(
      Date.UTC(2021, 2, 29, 17, 24, 53, 308) * 1000 + 212,
    );
    expect(goTimeMicros('2025-11-24T08:12:00Z')).toBeNull();
    // protojson int64 nanoseconds
    expect(nanosToMicros('1764151121912345678')).toBe(1764151121912345);
    expect(nanosToMicros('0')).toBeNull();
    expect(nanosToMicros('12a')).toBeNull();
  });

  it('reads the subcommand of a pasted command echo', () => {
    expect(crictlSubcommand('crictl ps -a|grep drone-k3x8w2p0qzv7mn5b4tyc')).toBe('ps');
    expect(crictlSubcommand('crictl inspect 40e09c5d0328d')).toBe('inspect');
    expect(crictlSubcommand('sudo -E crictl -r unix:///run/containerd/containerd.sock ps -a')).toBe('ps');
    expect(crictlSubcommand('k3s crictl pods')).toBe('pods');
    expect(crictlSubcommand('/usr/local/bin/crictl --timeout=5s inspect abc')).toBe('inspect');
    expect(crictlSubcommand('crictl')).toBeNull();
    expect(crictlSubcommand('docker ps')).toBeNull();
    expect(crictlSubcommand('4f2c9b7e1d0a3   crictl   2 hours ago')).toBeNull();
  });
});

describe('crictl-ps', () => {
  it('cuts rows at the header offsets: cells with spaces, an empty NAME, an empty trailing NAMESPACE', () => {
    const text = `${tab([
      PS_HEAD_132,
      [
        '4f2c9b7e1d0a3',
        'a3b5c8d9e0f1a',
        'About a minute ago',
        'Exited',
        'api',
        '3',
        '9e8d7c6b5a493',
        'api-0',
        'default',
      ],
      [
        '7b1e2d3c4f5a6',
        'registry.k8s.io/pause:3.10',
        'Less than a second ago',
        'Running',
        '',
        '0',
        '1a2b3c4d5e6f7',
        'kube-proxy-x7k2p',
        'kube-system',
      ],
      [
        'c0ffee1234567',
        'b1c2d3e4f5a6b',
        '2 hours ago',
        'Created',
        'init-db',
        '0',
        '9e8d7c6b5a493',
        'unknown',
        '',
      ],
    ])}\n`;
    const res = parse(text);
    expect(res.segments.map((s) => s.format)).toEqual(['crictl-ps']);
    expect(res.unparsed).toEqual([]);
    expect(res.skipped).toEqual([{ line: 1, kind: 'header' }]);
    const [a, b, c] = res.events;
    expect(a.fields).toMatchObject({
      created: 'About a minute ago',
      state: 'Exited',
      name: 'api',
      attempt: 3,
      pod: 'api-0',
      namespace: 'default',
    });
    // The pod as kubelet names it (`pod="default/api-0"`), from the POD and NAMESPACE columns.
    expect(a.entities).toEqual([
      { kind: 'container', id: '4f2c9b7e1d0a3' },
      { kind: 'sandbox', id: '9e8d7c6b5a493' },
      { kind: 'pod', id: 'default/api-0' },
    ]);
    expect(a.severity).toBe('notice');
    expect(a.fields.what).toBe('container-state');
    // CREATED is an age: relative, and without a capture time there is no time.
    expect(a.time).toBeNull();
    expect(a.timeQuality).toBe('relative');
    expect(a.timeRange).toBeUndefined();
    expect(b.fields.name).toBeUndefined();
    expect(b.fields).toMatchObject({
      attempt: 0,
      pod_id: '1a2b3c4d5e6f7',
      created: 'Less than a second ago',
      image: 'registry.k8s.io/pause:3.10',
    });
    expect(b.message).toContain('(no name) Running');
    // `unknown` is crictl's placeholder for a missing pod label: kept as printed, never an entity.
    expect(c.fields.pod).toBe('unknown');
    expect(c.fields.namespace).toBeUndefined();
    expect(c.entities.map((x) => x.kind)).toEqual(['container', 'sandbox']);
    expectRecordLocal(text, res);
  });

  it('reads headerless and space-collapsed rows by their shape', () => {
    const text = [
      // grep-filtered row (corpus cri-o-4693): no header, widths from a different table
      '40e09c5d0328d       ecr.ab.example/base@sha256:181fb78a8eb5e1645da6fe690384006fd116ab0ecd115ec4b50198cc68c23a36           43 minutes ago      Exited              drone-k3x8w2p0qzv7mn5b4tyc   1                   4289b47985a8a',
      // a chat tool collapsed the padding
      '4f2c9b7e1d0a3 a3b5c8d9e0f1a About a minute ago Exited api 3 9e8d7c6b5a493 api-0 default',
      // an empty IMAGE and an empty NAME
      '7b1e2d3c4f5a6                      2 hours ago        Running                                0                   1a2b3c4d5e6f7',
      // early crictl printed the enum name in STATE
      '6ca9b5ed84892  busybox  About a minute ago  CONTAINER_RUNNING  busybox  0',
    ].join('\n');
    const res = parse(text);
    expect(res.segments.map((s) => s.format)).toEqual(['crictl-ps']);
    expect(res.unparsed).toEqual([]);
    expect(res.events.map((e) => e.fields)).toEqual([
      {
        container_id: '40e09c5d0328d',
        image: 'ecr.ab.example/base@sha256:181fb78a8eb5e1645da6fe690384006fd116ab0ecd115ec4b50198cc68c23a36',
        created: '43 minutes ago',
        created_ago_seconds: 2580,
        created_ago_max_seconds: 2640,
        state: 'Exited',
        name: 'drone-k3x8w2p0qzv7mn5b4tyc',
        attempt: 1,
        pod_id: '4289b47985a8a',
        what: 'container-state',
      },
      {
        container_id: '4f2c9b7e1d0a3',
        image: 'a3b5c8d9e0f1a',
        created: 'About a minute ago',
        created_ago_seconds: 60,
        created_ago_max_seconds: 120,
        state: 'Exited',
        name: 'api',
        attempt: 3,
        pod_id: '9e8d7c6b5a493',
        pod: 'api-0',
        namespace: 'default',
        what: 'container-state',
      },
      {
        container_id: '7b1e2d3c4f5a6',
        created: '2 hours ago',
        created_ago_seconds: 5400,
        created_ago_max_seconds: 9000,
        state: 'Running',
        attempt: 0,
        pod_id: '1a2b3c4d5e6f7',
        what: 'container-state',
      },
      {
        container_id: '6ca9b5ed84892',
        image: 'busybox',
        created: 'About a minute ago',
        created_ago_seconds: 60,
        created_ago_max_seconds: 120,
        state: 'CONTAINER_RUNNING',
        name: 'busybox',
        attempt: 0,
        what: 'container-state',
      },
    ]);
  });

  it('reads two glued outputs with different headers, each row record-local', () => {
    const text = [
      'WARN[0000] runtime connect using default endpoints: [unix:///run/containerd/containerd.sock unix:///run/crio/crio.sock unix:///var/run/cri-dockerd.sock]. As the default settings are now deprecated, you should set the endpoint instead. ',
      tab([
        ['CONTAINER', 'IMAGE', 'CREATED', 'STATE', 'NAME', 'ATTEMPT', 'POD ID'],
        ['4f2c9b7e1d0a3', 'a3b5c8d9e0f1a', 'About an hour ago', 'Running', 'api', '0', '9e8d7c6b5a493'],
      ]),
      tab([
        PS_HEAD_132,
        [
          '56275f082431e',
          '04b46cc461ff9',
          '3 hours ago',
          'Running',
          'demo-backend-container-dev',
          '0',
          'f2c2b78e14fd9',
          'demo-backend-deployment-dev-5f7c9b8d6d-x7kzp',
          'default',
        ],
        [
          'deadbeef01234',
          'b1c2d3e4f5a6b',
          '3 weeks ago',
          'Unknown',
          '',
          '12',
          '2b3c4d5e6f708',
          'worker-1',
          'batch',
        ],
      ]),
      '',
    ].join('\n');
    const res = parse(text);
    expect(res.segments.map((s) => s.format)).toEqual(['crictl-ps']);
    expect(res.unparsed).toEqual([]);
    expect(res.skipped).toEqual([
      { line: 2, kind: 'header' },
      { line: 4, kind: 'header' },
    ]);
    expect(res.events[0]).toMatchObject({ line: 1, severity: 'warning', fields: { crictl_level: 'WARN' } });
    expect(res.events[3].fields).toMatchObject({
      container_id: 'deadbeef01234',
      attempt: 12,
      pod: 'worker-1',
      namespace: 'batch',
    });
    expect(res.events[3].fields.name).toBeUndefined();
    expect(res.events[3].severity).toBe('warning');
    expectRecordLocal(text, res);
  });

  it('reads ps -v blocks and ps -q ids under a command echo', () => {
    const text = [
      'sudo crictl ps -q',
      '4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6',
      'crictl ps -v',
      'ID: 4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6',
      'PodID: 9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9',
      'Namespace: default',
      'Name: api',
      'Attempt: 3',
      'State: Exited',
      'Image: sha256:a3b5c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192',
      'Created: About a minute ago',
      'Labels:',
      '    io.kubernetes.pod.name -> api-0',
      'Annotations:',
      '\tio.kubernetes.container.restartCount -> 3',
      '',
    ].join('\n');
    const res = parse(text);
    // Each echo starts a segment of its own, detected with the echoed command as a hint.
    expect(res.segments.map((s) => [s.format, s.command])).toEqual([
      ['crictl-ps', 'sudo crictl ps -q'],
      ['crictl-ps', 'crictl ps -v'],
    ]);
    expect(res.unparsed).toEqual([]);
    expect(res.events.map((e) => [e.line, e.lineEnd])).toEqual([
      [2, 2],
      [4, 15],
    ]);
    expect(res.events[1].fields).toMatchObject({
      pod_id: '9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9',
      pod: 'api-0',
      attempt: 3,
      'annotation.io.kubernetes.container.restartCount': '3',
    });
    expectRecordLocal(text, res);
  });

  it('gives rows a time range before the capture time, the same in the columns-only parse', () => {
    const text = `${tab([
      PS_HEAD_132,
      [
        '4f2c9b7e1d0a3',
        'a3b5c8d9e0f1a',
        'About a minute ago',
        'Exited',
        'api',
        '3',
        '9e8d7c6b5a493',
        'api-0',
        'default',
      ],
      [
        '7b1e2d3c4f5a6',
        'registry.k8s.io/pause:3.10',
        '2 hours ago',
        'Running',
        '',
        '0',
        '1a2b3c4d5e6f7',
        'x',
        '',
      ],
    ])}\n6ca9b5ed84892  busybox  3 days ago  Running  busybox  0\n`;
    const at = Date.UTC(2025, 10, 26, 12, 0, 0) * 1000;
    const res = parseText(text, { ...OPTS, capturedAt: at });
    expect(res.unparsed).toEqual([]);
    expect(res.events.map((e) => [e.timeQuality, e.timeRange, e.time])).toEqual([
      ['relative', [at - 120e6, at - 60e6], at - 90e6],
      // go-units rounds hours: `2 hours` is 1.5 h .. 2.5 h
      ['relative', [at - 9000e6, at - 5400e6], at - 7200e6],
      [
        'relative',
        [at - (4 * 86400 - 1800) * 1e6, at - (3 * 86400 - 1800) * 1e6],
        at - (3.5 * 86400 - 1800) * 1e6,
      ],
    ]);
    // The age stays in the fields either way.
    expect(res.events[1].fields).toMatchObject({ created_ago_seconds: 5400, created_ago_max_seconds: 9000 });
    expectColumnsEqual(text, { capturedAt: at });
    expectColumnsEqual(text);
  });

  it('reports a row that fits no crictl ps shape, with the reason', () => {
    const text = `${tab([PS_HEAD_132, ['4f2c9b7e1d0a3', 'a3b5c8d9e0f1a', 'About a minute ago', 'Exited', 'api', '3', '9e8d7c6b5a493', 'api-0', 'default']])}\nsomething else entirely\n`;
    const res = parse(text);
    expect(res.unparsed).toEqual([
      { line: 3, reason: 'not a crictl ps row: first cell is not a container id' },
    ]);
  });

  it('does not claim neighbouring tables', () => {
    const heads: string[][] = [
      // crictl pods (>= v1.19 and older)
      [
        'POD ID              CREATED             STATE               NAME                NAMESPACE           ATTEMPT             RUNTIME',
        '9e8d7c6b5a493       2 days ago          Ready               api-0               default             1                   (default)',
      ],
      [
        '668878623a68c       17 seconds ago      Ready               nginx-sandbox       default             1',
      ],
      // ctr tasks ls / ctr containers ls
      [
        'TASK                                                                PID      STATUS    ',
        '4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6    41211    RUNNING',
      ],
      [
        'CONTAINER                                                           IMAGE                                 RUNTIME                  ',
        '4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6    registry.example.com/api:1.4.2        io.containerd.runc.v2    ',
      ],
      // docker ps
      [
        'CONTAINER ID   IMAGE          COMMAND                  CREATED       STATUS                       PORTS     NAMES',
        '4f2c9b7e1d0a   nginx:1.25     "/docker-entrypoint.…"   2 hours ago   Exited (137) 5 minutes ago             web',
      ],
      // kubectl get pods
      [
        'NAME                     READY   STATUS             RESTARTS       AGE',
        'api-0                    0/1     CrashLoopBackOff   5 (30s ago)    10m',
      ],
      // runc list
      [
        'ID          PID         STATUS      BUNDLE                          CREATED                          OWNER',
        'abc         41211       running     /run/containerd/io.containerd   2025-11-26T09:58:42.3Z           root',
      ],
      // crictl pods -v
      [
        'ID: 9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9',
        'Name: api-0',
        'Status: Ready',
      ],
    ];
    for (const head of heads) {
      expect(crictlPsParser.detect(head), head[0]).toBeLessThan(0.3);
      expect(crictlInspectParser.detect(head), head[0]).toBeLessThan(0.3);
    }
  });
});

const ONE = readFileSync(join(ROOT, 'crictl-inspect/cri-tools-1.31/created-minimal.json'), 'utf8');
const OOM = readFileSync(join(ROOT, 'crictl-inspect/cri-tools-1.31/oomkilled-containerd.json'), 'utf8');

describe('crictl-inspect', () => {
  it('cuts each object into lifecycle steps (created / exited / started by line), objects one after another', () => {
    const text = OOM + ONE;
    const res = parse(text);
    expect(res.segments.map((s) => s.format)).toEqual(['crictl-inspect']);
    expect(res.unparsed).toEqual([]);
    // Keys are sorted: createdAt (line 47), finishedAt (49), startedAt (88). The first step runs
    // from the object's first line, each next one from its key line; the last one to the `}`.
    expect(res.events.map((e) => [e.line, e.lineEnd, e.fields.lifecycle, e.fields.what])).toEqual([
      [1, 48, 'created', 'container-created'],
      [49, 87, 'exited', 'container-exited'],
      [88, 101, 'started', 'container-started'],
      [102, 117, 'created', 'container-created'],
    ]);
    const [created, exited, started, createdOnly] = res.events;
    expect(exited.fields).toMatchObject({
      id: '4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6',
      name: 'api',
      state: 'CONTAINER_EXITED',
      exitCode: 137,
      reason: 'OOMKilled',
      startedAt: '2025-11-26T09:58:42.3Z',
      finishedAt: '2025-11-26T10:00:01.2034Z',
      memoryLimit: 2147483648,
      memoryLimitInBytes: 2147483648,
      sandboxId: '9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9',
      runtimeType: 'io.containerd.runc.v2',
      podName: 'api-0',
      podNamespace: 'default',
      podUid: '6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b',
      time_source: 'finishedAt',
      cgroupsPath:
        'kubepods-burstable-pod6f1d2c3b_4a5e_4f60_8a9b_0c1d2e3f4a5b.slice:cri-containerd:4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6',
    });
    expect(exited.time).toBe(Date.UTC(2025, 10, 26, 10, 0, 1, 203) * 1000 + 400);
    expect(exited.timeQuality).toBe('exact');
    expect(exited.severity).toBe('err');
    expect(exited.message).toBe(
      'container api exited exitCode=137 reason=OOMKilled (id 4f2c9b7e1d0a3, attempt 3, pod default/api-0)',
    );
    expect(created.time).toBe(Date.UTC(2025, 10, 26, 9, 58, 41, 912) * 1000 + 345);
    expect(started.time).toBe(Date.UTC(2025, 10, 26, 9, 58, 42, 300) * 1000);
    expect(created.message).toBe(
      'container api created (id 4f2c9b7e1d0a3, attempt 3, pod default/api-0; now CONTAINER_EXITED)',
    );
    expect([created.severity, started.severity]).toEqual([undefined, undefined]);
    // Every step carries the whole object's fields and entities; only its own step keys differ.
    const own = (e: LogEvent) => {
      const { lifecycle, what, time_source, ...rest } = e.fields;
      return rest;
    };
    expect(own(created)).toEqual(own(exited));
    expect(own(started)).toEqual(own(exited));
    expect(created.entities).toEqual(exited.entities);
    // The systemd cgroupsPath becomes the cgroup the kernel names (`task_memcg=`).
    expect(exited.entities).toEqual([
      { kind: 'container', id: '4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6' },
      { kind: 'sandbox', id: '9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9' },
      { kind: 'pod', id: 'default/api-0' },
      { kind: 'pod', id: '6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b' },
      { kind: 'image', id: 'registry.example.com/api:1.4.2' },
      {
        kind: 'cgroup',
        id: '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod6f1d2c3b_4a5e_4f60_8a9b_0c1d2e3f4a5b.slice/cri-containerd-4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6.scope',
      },
    ]);
    // Zero times are "not yet": no startedAt/finishedAt, one step (created) over the whole object.
    expect(createdOnly.fields.startedAt).toBeUndefined();
    expect(createdOnly.fields.finishedAt).toBeUndefined();
    expect(createdOnly.fields.time_source).toBe('createdAt');
    expectRecordLocal(text, res);
  });

  it('keeps one event per object when its time keys share a line (compact JSON)', () => {
    const text = `${JSON.stringify(JSON.parse(OOM))}\n`;
    const res = parse(text);
    expect(res.events).toHaveLength(1);
    const [e] = res.events;
    expect(e.fields.lifecycle).toBeUndefined();
    expect(e.fields).toMatchObject({ what: 'container-state', time_source: 'finishedAt', exitCode: 137 });
    expect(e.time).toBe(Date.UTC(2025, 10, 26, 10, 0, 1, 203) * 1000 + 400);
    expect(e.message).toBe(
      'container api CONTAINER_EXITED exitCode=137 reason=OOMKilled (id 4f2c9b7e1d0a3, attempt 3, pod default/api-0)',
    );
  });

  it('reads an array (v1.31+), skipping the bracket lines as header', () => {
    const text = `${JSON.stringify([JSON.parse(OOM), JSON.parse(ONE)], null, 2)}\n`;
    const res = parse(text);
    expect(res.unparsed).toEqual([]);
    expect(res.skipped).toEqual([
      { line: 1, kind: 'header' },
      { line: 119, kind: 'header' },
    ]);
    expect(res.events.map((e) => [e.line, e.lineEnd, e.fields.name])).toEqual([
      [2, 49, 'api'],
      [50, 88, 'api'],
      [89, 102, 'api'],
      [103, 118, 'init-db'],
    ]);
    expectRecordLocal(text, res);
  });

  it('reads compact objects, one per line, and objects sharing a line', () => {
    const a = JSON.stringify(JSON.parse(ONE));
    const text = `${a}\n${a}{"status":{"id":"0123456789abcdef","state":"CONTAINER_RUNNING","metadata":{"name":"x"}}}\n`;
    const res = parse(text);
    expect(res.unparsed).toEqual([]);
    expect(res.events).toHaveLength(2);
    expect(res.events[1].fields.objects_on_same_lines).toBe(2);
    expect(res.events[1].message).toContain('1 more object(s) on the same lines not read');
  });

  it('recovers a cut-short object from its complete lines (corpus cri-o-4693)', () => {
    const text = readFileSync(
      join(CORPUS, 'cri-o-4693-state-mismatch-kubectl-vs-crictl/crictl-inspect.json'),
      'utf8',
    );
    const res = parse(text);
    expect(res.segments.map((s) => s.format)).toEqual(['crictl-inspect']);
    expect(res.skipped).toEqual([{ line: 1, kind: 'prompt' }]);
    expect(res.unparsed).toEqual([]);
    // Proto key order (an older crictl on CRI-O): createdAt, startedAt, finishedAt on lines 9-11.
    expect(res.events.map((e) => [e.line, e.lineEnd, e.fields.lifecycle])).toEqual([
      [2, 10, 'created'],
      [11, 11, 'started'],
      [12, 12, 'exited'],
    ]);
    const e = res.events[2];
    expect(e).toMatchObject({
      timeQuality: 'exact',
      time: Date.UTC(2021, 2, 29, 17, 31, 25, 937) * 1000 + 723,
    });
    expect(e.fields).toMatchObject({
      state: 'CONTAINER_EXITED',
      truncated: true,
      attempt: 1,
      finishedAt: '2021-03-29T18:31:25.93772367+01:00',
    });
    expect(e.fields.exitCode).toBeUndefined();
    expect(e.message).toContain('[JSON cut short');
    expectRecordLocal(text, res);
  });

  it('never reads a value from a line that may be cut mid-value', () => {
    const lines = [
      '{',
      '  "status": {',
      '    "id": "c0ffee1234567890abcdef1234567890abcdef1234567890abcdef1234567890",',
      '    "state": "CONTAINER_EXITED",',
    ];
    // `"exitCode": 137,` cut after `13`: a number without its comma may be partial.
    const res = parse(`${[...lines, '    "exitCode": 13'].join('\n')}\n`);
    expect(res.segments.map((s) => s.format)).toEqual(['crictl-inspect']);
    expect(res.events).toHaveLength(1);
    expect(res.events[0].lineEnd).toBe(4);
    expect(res.events[0].fields.exitCode).toBeUndefined();
    expect(res.unparsed.map((u) => u.line)).toEqual([5]);
    expect(res.unparsed[0].reason).toMatch(/cut-short line/);
    // A cut inside a string: the line is dropped too.
    const res2 = parse(`${[...lines, '    "reason": "OOMKi'].join('\n')}\n`);
    expect(res2.events[0].lineEnd).toBe(4);
    expect(res2.events[0].fields.reason).toBeUndefined();
    expect(res2.unparsed.map((u) => u.line)).toEqual([5]);
  });

  it('ends a cut object where the next command output begins', () => {
    const cut = ONE.split('\n').slice(0, 7).join('\n');
    const text = `${cut}\ncrictl inspect 4f2c9b7e1d0a3\n${ONE}`;
    const res = parse(text);
    expect(res.unparsed).toEqual([]);
    expect(res.events.map((e) => [e.line, e.lineEnd, e.fields.truncated ?? false])).toEqual([
      [1, 7, true],
      [9, 24, false],
    ]);
    expect(res.skipped).toEqual([{ line: 8, kind: 'prompt' }]);
  });

  it('reports an object that does not parse, or is not a container, line by line with the reason', () => {
    const broken = ONE.replace('"exitCode": 0,', '"exitCode": 0,,');
    const res = parse(broken, 'crictl-inspect');
    expect(res.events).toEqual([]);
    expect(res.unparsed).toHaveLength(16);
    expect(res.unparsed[0].reason).toMatch(/^crictl inspect JSON object at lines 1-16 does not parse: /);

    const sandbox = readFileSync(join(ROOT, 'crictl-inspectp/cri-tools-1.31/sandbox-ready.json'), 'utf8');
    const res2 = parse(sandbox, 'crictl-inspect');
    expect(res2.events).toEqual([]);
    expect(res2.unparsed[0].reason).toBe(
      'crictl inspect JSON object at lines 1-69 is a pod sandbox status (crictl inspectp), not a container',
    );
  });

  it('repairs an author elision (`...`) and marks it', () => {
    const text = OOM.replace(/ {4}"runtimeOptions": \{\n {6}"systemd_cgroup": true\n {4}\},\n/, '    ...\n');
    const res = parse(text);
    expect(res.unparsed).toEqual([]);
    expect(res.events[0].fields).toMatchObject({ elided: true, reason: 'OOMKilled' });
  });

  it('reads `crictl inspect -o table` blocks', () => {
    const text = [
      'ID: 4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6',
      'Name: api',
      'Attempt: 3',
      'State: CONTAINER_EXITED',
      'Created: 2 minutes ago',
      'Started: 2 minutes ago',
      'Finished: 58 seconds ago',
      'Exit Code: 137',
      'Labels:',
      '\tio.kubernetes.pod.name -> api-0',
      'Info: map[info:{"sandboxID":"9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9","pid":41211}]',
      'ID: c0ffee1234567890abcdef1234567890abcdef1234567890abcdef1234567890',
      'Name: init-db',
      'State: CONTAINER_CREATED',
      'Created: Less than a second ago',
    ].join('\n');
    const res = parse(text);
    expect(res.segments.map((s) => s.format)).toEqual(['crictl-inspect']);
    expect(res.unparsed).toEqual([]);
    // Created / Started / Finished each start a step; `Exit Code` and the rest go with the exit.
    expect(res.events.map((e) => [e.line, e.lineEnd, e.fields.lifecycle])).toEqual([
      [1, 5, 'created'],
      [6, 6, 'started'],
      [7, 11, 'exited'],
      [12, 15, 'created'],
    ]);
    const exit = res.events[2];
    expect(exit.fields).toMatchObject({
      exitCode: 137,
      finished: '58 seconds ago',
      finished_ago_seconds: 58,
      pid: 41211,
      podName: 'api-0',
      what: 'container-exited',
    });
    expect(exit.message).toBe(
      'container api exited 58 seconds ago exitCode=137 (id 4f2c9b7e1d0a3, attempt 3, pod api-0, pid 41211)',
    );
    // Ages are relative times: no capture time, no time.
    expect(res.events.map((e) => [e.time, e.timeQuality])).toEqual(
      Array.from({ length: 4 }, () => [null, 'relative']),
    );
    expect(exit.entities.map((x) => x.kind)).toEqual(['container', 'sandbox', 'pod', 'pid']);
    expectRecordLocal(text, res);
    // With the capture time, each age becomes the range it stands for, before it.
    const at = Date.UTC(2025, 10, 26, 10, 0, 0) * 1000;
    const withAt = parseText(text, { ...OPTS, capturedAt: at });
    const e = withAt.events[2];
    expect(e.timeRange).toEqual([at - 59e6, at - 58e6]);
    expect(e.time).toBe(at - 58.5e6);
    expect(withAt.events[0].timeRange).toEqual([at - 180e6, at - 120e6]);
  });

  it('does not claim journal JSON, docker inspect, inspectp, ps -o json or ctr info', () => {
    const heads: string[][] = [
      [
        '{',
        '\t"__CURSOR" : "s=0b4c;i=1",',
        '\t"__REALTIME_TIMESTAMP" : "1764151121912345",',
        '\t"MESSAGE" : "x"',
      ],
      [
        '[',
        '    {',
        '        "Id": "4f2c9b7e1d0a",',
        '        "State": {',
        '            "Status": "exited",',
        '            "ExitCode": 137',
      ],
      splitLines(readFileSync(join(ROOT, 'crictl-inspectp/cri-tools-1.31/sandbox-ready.json'), 'utf8')).slice(
        0,
        40,
      ),
      splitLines(
        readFileSync(join(ROOT, 'mixed/crictl-examples/crictl-ps-json-yaml-not-claimed.txt'), 'utf8'),
      ).slice(1, 30),
      [
        '{',
        '    "ID": "4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6",',
        '    "Labels": {',
        '        "io.kubernetes.container.name": "api"',
      ],
      ['{', '  "status": {', '    "conditions": ['],
    ];
    for (const head of heads) {
      expect(crictlInspectParser.detect(head), head.join('|').slice(0, 80)).toBeLessThan(0.3);
      expect(crictlPsParser.detect(head), head.join('|').slice(0, 80)).toBeLessThan(0.3);
    }
  });

  it('detects an inspect whose head holds only the start of a long `info`', () => {
    const head = [
      '{',
      '  "info": {',
      '    "config": {',
      '      "annotations": {',
      '        "io.kubernetes.container.hash": "6f2b1c0d",',
      '        "io.kubernetes.container.restartCount": "3"',
      '      },',
    ];
    expect(crictlInspectParser.detect(head)).toBeGreaterThanOrEqual(0.8);
    expect(crictlInspectParser.detect(['crictl inspect 40e09c5d0328d', ...head])).toBeGreaterThanOrEqual(0.8);
  });
});

const PODS_HEAD = ['POD ID', 'CREATED', 'STATE', 'NAME', 'NAMESPACE', 'ATTEMPT', 'RUNTIME'];

describe('crictl-pods', () => {
  it('cuts rows at the header offsets (v1.19+ RUNTIME, an empty NAMESPACE) and keeps STATE/ATTEMPT as fields', () => {
    const text = `${tab([
      PODS_HEAD,
      ['9e8d7c6b5a493', '2 days ago', 'Ready', 'api-0', 'default', '1', '(default)'],
      ['2b3c4d5e6f708', 'About an hour ago', 'NotReady', 'worker-1', 'batch', '0', 'runsc'],
      ['1a2b3c4d5e6f7', 'Less than a second ago', 'Ready', 'standalone', '', '0', 'runc'],
    ])}\n`;
    const res = parse(text);
    expect(res.segments.map((s) => s.format)).toEqual(['crictl-pods']);
    expect(res.unparsed).toEqual([]);
    expect(res.skipped).toEqual([{ line: 1, kind: 'header' }]);
    const [a, b, c] = res.events;
    expect(a.fields).toEqual({
      pod_id: '9e8d7c6b5a493',
      created: '2 days ago',
      created_ago_seconds: 2 * 86400 - 1800,
      created_ago_max_seconds: 3 * 86400 - 1800,
      state: 'Ready',
      name: 'api-0',
      namespace: 'default',
      attempt: 1,
      runtime: '(default)',
      what: 'sandbox-state',
    });
    expect(a.entities).toEqual([
      { kind: 'sandbox', id: '9e8d7c6b5a493' },
      { kind: 'pod', id: 'default/api-0' },
    ]);
    expect([a.time, a.timeQuality, a.severity]).toEqual([null, 'relative', undefined]);
    expect(b.severity).toBe('notice');
    expect(b.message).toBe(
      'pod batch/worker-1 NotReady (attempt 0, id 2b3c4d5e6f708, runtime runsc, created About an hour ago)',
    );
    expect(c.fields.namespace).toBeUndefined();
    expect(c.entities).toEqual([
      { kind: 'sandbox', id: '1a2b3c4d5e6f7' },
      { kind: 'pod', id: 'standalone' },
    ]);
    expectRecordLocal(text, res);
    const at = Date.UTC(2025, 10, 26, 12, 0, 0) * 1000;
    const withAt = parseText(text, { ...OPTS, capturedAt: at });
    expect(withAt.events[1].timeRange).toEqual([at - 5400e6, at - 3600e6]);
    expect(withAt.events[1].time).toBe(at - 4500e6);
    expectColumnsEqual(text, { capturedAt: at });
  });

  it('reads the older layouts: no RUNTIME (< v1.19) and `crictl sandboxes` (v0.x)', () => {
    const text = [
      'POD ID              CREATED             STATE               NAME                NAMESPACE           ATTEMPT',
      '668878623a68c       17 seconds ago      Ready               nginx-sandbox       default             1',
      tab([
        ['SANDBOX ID', 'NAME', 'STATE'],
        ['668878623a68c', 'nginx-sandbox', 'SANDBOX_READY'],
      ]),
      '',
    ].join('\n');
    const res = parse(text);
    expect(res.segments.map((s) => s.format)).toEqual(['crictl-pods']);
    expect(res.unparsed).toEqual([]);
    expect(res.events.map((e) => e.fields)).toEqual([
      {
        pod_id: '668878623a68c',
        created: '17 seconds ago',
        created_ago_seconds: 17,
        created_ago_max_seconds: 18,
        state: 'Ready',
        name: 'nginx-sandbox',
        namespace: 'default',
        attempt: 1,
        what: 'sandbox-state',
      },
      { pod_id: '668878623a68c', name: 'nginx-sandbox', state: 'SANDBOX_READY', what: 'sandbox-state' },
    ]);
    expect(res.events[1].timeQuality).toBe('none');
    expectRecordLocal(text, res);
  });

  it('reads headerless and space-collapsed rows by their shape', () => {
    const text = [
      'crictl pods | grep api',
      '9e8d7c6b5a493       2 days ago          Ready               api-0               default             1                   (default)',
      '2b3c4d5e6f708 About an hour ago NotReady worker-1 batch 0 runsc',
      '1a2b3c4d5e6f7   3 weeks ago   Ready   standalone   0   runc',
      '',
    ].join('\n');
    const res = parse(text);
    expect(res.segments.map((s) => [s.format, s.command])).toEqual([
      ['crictl-pods', 'crictl pods | grep api'],
    ]);
    expect(res.unparsed).toEqual([]);
    expect(res.skipped[0]).toEqual({ line: 1, kind: 'prompt' });
    expect(
      res.events.map((e) => [e.fields.name, e.fields.namespace, e.fields.attempt, e.fields.runtime]),
    ).toEqual([
      ['api-0', 'default', 1, '(default)'],
      ['worker-1', 'batch', 0, 'runsc'],
      ['standalone', undefined, 0, 'runc'],
    ]);
  });

  it('reads pods -v blocks (exact Created) and pods -q ids', () => {
    const text = [
      'crictl pods -v',
      'ID: 9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9',
      'Name: api-0',
      'UID: 6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b',
      'Namespace: default',
      'Attempt: 1',
      'Status: NotReady',
      'Created: 2025-11-24 08:12:00.5 +0000 UTC',
      'Labels:',
      '\tio.kubernetes.pod.name -> api-0',
      'Annotations:',
      '\tkubernetes.io/config.source -> api',
      'Runtime: (default)',
      '',
      'crictl pods -q',
      '9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9',
    ].join('\n');
    const res = parse(text);
    expect(res.segments.map((s) => s.format)).toEqual(['crictl-pods', 'crictl-pods']);
    expect(res.unparsed).toEqual([]);
    const [v, q] = res.events;
    expect([v.line, v.lineEnd, v.time, v.timeQuality, v.severity]).toEqual([
      2,
      13,
      Date.UTC(2025, 10, 24, 8, 12, 0, 500) * 1000,
      'exact',
      'notice',
    ]);
    expect(v.fields).toMatchObject({
      pod_id: '9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9',
      uid: '6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b',
      state: 'NotReady',
      attempt: 1,
      runtime: '(default)',
      'label.io.kubernetes.pod.name': 'api-0',
    });
    expect(v.entities).toEqual([
      { kind: 'sandbox', id: '9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9' },
      { kind: 'pod', id: 'default/api-0' },
      { kind: 'pod', id: '6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b' },
    ]);
    expect(q.entities).toEqual([
      { kind: 'sandbox', id: '9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9' },
    ]);
    expectRecordLocal(text, res);
  });

  it('reports a row that fits no crictl pods shape, with the reason', () => {
    const text = `${tab([PODS_HEAD, ['9e8d7c6b5a493', '2 days ago', 'Ready', 'api-0', 'default', '1', '(default)']])}\n9e8d7c6b5a494  2 days ago  Running  api-1  default  0  runc\n`;
    const res = parse(text);
    expect(res.unparsed).toEqual([
      { line: 3, reason: 'not a crictl pods row: no pod state word (Ready/NotReady) after the age' },
    ]);
  });

  it('does not claim ps tables, kubectl get pods, inspectp blocks or ps -v', () => {
    const heads: string[][] = [
      [
        'CONTAINER           IMAGE               CREATED             STATE               NAME                ATTEMPT             POD ID',
        '4f2c9b7e1d0a3       a3b5c8d9e0f1a       About an hour ago   Running             api                 0                   9e8d7c6b5a493',
      ],
      [
        '4f2c9b7e1d0a3       a3b5c8d9e0f1a       About an hour ago   Running             api                 0',
      ],
      [
        'NAME                     READY   STATUS             RESTARTS       AGE',
        'api-0                    0/1     CrashLoopBackOff   5 (30s ago)    10m',
      ],
      [
        'ID: 9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9',
        'Name: api-0',
        'Status: SANDBOX_READY',
        'Created: 2025-11-24 08:12:00.5 +0000 UTC',
        'IP Addresses: 10.244.1.23',
      ],
      [
        'ID: 4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6',
        'PodID: 9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9',
        'State: Exited',
      ],
    ];
    for (const head of heads) expect(crictlPodsParser.detect(head), head[0]).toBeLessThan(0.3);
    // ... and crictl ps does not claim a pods table.
    expect(
      crictlPsParser.detect([
        tab([PODS_HEAD, ['9e8d7c6b5a493', '2 days ago', 'Ready', 'api-0', 'default', '1', 'runc']]),
      ]),
    ).toBe(0);
  });
});

const INSPECTP = readFileSync(join(ROOT, 'crictl-inspectp/cri-tools-1.31/sandbox-ready.json'), 'utf8');

describe('crictl-inspectp', () => {
  it('reads a sandbox status: one sandbox-created event with pod, network and cgroup facts', () => {
    const withSpec = INSPECTP.replace(
      '      "ociVersion": "1.2.0"\n',
      '      "linux": {\n        "cgroupsPath": "kubepods-besteffort-pod6f1d2c3b_4a5e_4f60_8a9b_0c1d2e3f4a5b.slice:cri-containerd:9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9"\n      },\n      "ociVersion": "1.2.0"\n',
    );
    const res = parse(withSpec);
    expect(res.segments.map((s) => s.format)).toEqual(['crictl-inspectp']);
    expect(res.unparsed).toEqual([]);
    expect(res.events).toHaveLength(1);
    const [e] = res.events;
    expect([e.line, e.lineEnd, e.time, e.timeQuality]).toEqual([
      1,
      72,
      Date.UTC(2025, 10, 24, 8, 12, 0, 500) * 1000,
      'exact',
    ]);
    expect(e.fields).toMatchObject({
      id: '9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9',
      name: 'api-0',
      namespace: 'default',
      uid: '6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b',
      attempt: 1,
      state: 'SANDBOX_READY',
      ip: '10.244.1.23',
      pid: 41211,
      processStatus: 'running',
      netNamespaceClosed: false,
      lifecycle: 'created',
      what: 'sandbox-created',
    });
    expect(e.entities).toEqual([
      { kind: 'sandbox', id: '9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9' },
      { kind: 'pod', id: 'default/api-0' },
      { kind: 'pod', id: '6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b' },
      { kind: 'pid', id: '41211' },
      { kind: 'image', id: 'registry.k8s.io/pause:3.10' },
      {
        kind: 'cgroup',
        id: '/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod6f1d2c3b_4a5e_4f60_8a9b_0c1d2e3f4a5b.slice/cri-containerd-9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9.scope',
      },
      { kind: 'container', id: '9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9' },
    ]);
    expect(e.message).toBe(
      'pod default/api-0 sandbox created (sandbox 9e8d7c6b5a493, attempt 1, ip 10.244.1.23, pid 41211; now SANDBOX_READY)',
    );
    expectRecordLocal(withSpec, res);
  });

  it('reads an array of two, a NotReady status alone, and a cut-short object', () => {
    const v = JSON.parse(INSPECTP) as { status: Record<string, unknown> };
    const notReady = { ...v.status, state: 'SANDBOX_NOTREADY', createdAt: '0001-01-01T00:00:00Z' };
    // The cut object ends on `"pid": 41211,`: a number line that may itself be cut.
    const text = `${JSON.stringify([v, v], null, 2)}\n${JSON.stringify(notReady, null, 2)}\n${INSPECTP.split('\n').slice(0, 25).join('\n')}\n`;
    const res = parse(text);
    expect(res.segments.map((s) => s.format)).toEqual(['crictl-inspectp']);
    expect(
      res.events.map((e) => [e.fields.what, e.fields.state, e.severity, e.fields.truncated ?? false]),
    ).toEqual([
      ['sandbox-created', 'SANDBOX_READY', undefined, false],
      ['sandbox-created', 'SANDBOX_READY', undefined, false],
      ['sandbox-state', 'SANDBOX_NOTREADY', 'notice', false],
      ['sandbox-state', undefined, undefined, true],
    ]);
    // The cut object holds only `info`: the pod from info.config.metadata, no state, no time;
    // its possibly cut last line is reported.
    expect(res.events[3].timeQuality).toBe('none');
    expect(res.events[3].fields).toMatchObject({ name: 'api-0', namespace: 'default', attempt: 1 });
    expect(res.events[3].fields.pid).toBeUndefined();
    // `"netNamespaceClosed": false,` and `"pid": 41211,`: values without a closing quote or bracket.
    expect(res.unparsed.map((u) => u.reason)).toEqual([
      'cut-short line after the last complete line of a crictl inspectp JSON object',
      'cut-short line after the last complete line of a crictl inspectp JSON object',
    ]);
  });

  it('reads inspectp -o table blocks (Go time.Time String() Created)', () => {
    const text = [
      'ID: 9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9',
      'Name: api-0',
      'UID: 6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b',
      'Namespace: default',
      'Attempt: 1',
      'Status: SANDBOX_READY',
      'Created: 2025-11-24 08:12:00.5 +0000 UTC',
      'IP Addresses: 10.244.1.23',
      'Additional IP: fd00::17',
      'Labels:',
      '\tio.kubernetes.pod.name -> api-0',
    ].join('\n');
    const res = parse(text);
    expect(res.segments.map((s) => s.format)).toEqual(['crictl-inspectp']);
    expect(res.unparsed).toEqual([]);
    const [e] = res.events;
    expect([e.line, e.lineEnd, e.time]).toEqual([1, 11, Date.UTC(2025, 10, 24, 8, 12, 0, 500) * 1000]);
    expect(e.fields).toMatchObject({
      ip: '10.244.1.23',
      additionalIps: 'fd00::17',
      attempt: 1,
      lifecycle: 'created',
    });
    expectRecordLocal(text, res);
  });

  it('does not claim container inspect output, and crictl inspect does not claim it', () => {
    const inspect = splitLines(OOM).slice(0, 40);
    expect(crictlInspectpParser.detect(inspect)).toBe(0);
    expect(crictlInspectpParser.detect(splitLines(OOM.replace('"info"', '"status"')).slice(40, 80))).toBe(0);
    expect(crictlInspectParser.detect(splitLines(INSPECTP).slice(0, 40))).toBe(0);
    const res = parse(OOM, 'crictl-inspectp');
    expect(res.events).toEqual([]);
    expect(res.unparsed[0].reason).toBe(
      'crictl inspectp JSON object at lines 1-101 is a container status (crictl inspect), not a pod sandbox',
    );
  });
});

const PS_JSON_YAML = readFileSync(
  join(ROOT, 'mixed/crictl-examples/crictl-ps-json-yaml-not-claimed.txt'),
  'utf8',
);

describe('crictl-ps-json', () => {
  const [jsonDoc, yamlDoc] = (() => {
    const lines = splitLines(PS_JSON_YAML);
    return [lines.slice(1, 31).join('\n'), lines.slice(32).join('\n')];
  })();

  it('emits one event per list item, JSON and YAML alike, with an exact createdAt', () => {
    const res = parse(`${jsonDoc}\n${yamlDoc}\n`);
    expect(res.segments.map((s) => s.format)).toEqual(['crictl-ps-json']);
    expect(res.unparsed).toEqual([]);
    expect(res.events.map((e) => [e.line, e.lineEnd])).toEqual([
      [3, 28],
      [32, 51],
    ]);
    // `{`, `"containers": [`, `]`, `}`, `containers:`
    expect(res.skipped.map((x) => [x.line, x.kind])).toEqual([
      [1, 'header'],
      [2, 'header'],
      [29, 'header'],
      [30, 'header'],
      [31, 'header'],
    ]);
    const [j, y] = res.events;
    expect(j.fields).toEqual(y.fields);
    expect(j.entities).toEqual(y.entities);
    expect(j.fields).toMatchObject({
      container_id: '4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6',
      pod_id: '9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9',
      name: 'api',
      attempt: 3,
      state: 'CONTAINER_EXITED',
      pod: 'api-0',
      namespace: 'default',
      createdAt: '2025-11-26T09:58:41.912345Z',
      'annotation.io.kubernetes.container.restartCount': '3',
      what: 'container-state',
    });
    expect([j.time, j.timeQuality, j.severity]).toEqual([1764151121912345, 'exact', 'notice']);
    expect(j.entities).toEqual([
      { kind: 'container', id: '4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6' },
      { kind: 'sandbox', id: '9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9' },
      { kind: 'pod', id: 'default/api-0' },
    ]);
    expectRecordLocal(`${jsonDoc}\n${yamlDoc}\n`, res);
  });

  it('reads pods -o json|yaml items, a compact one-line document and a bare list', () => {
    const item = {
      id: '9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9',
      metadata: {
        name: 'api-0',
        uid: '6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b',
        namespace: 'default',
        attempt: 1,
      },
      state: 'SANDBOX_NOTREADY',
      createdAt: '1763971920500000000',
      labels: {},
      annotations: {},
      runtimeHandler: 'runsc',
    };
    const pretty = JSON.stringify({ items: [item, { ...item, state: 'SANDBOX_READY' }] }, null, 2);
    const compact = JSON.stringify({ items: [item, item] });
    const bare = JSON.stringify([item], null, 2);
    const yaml = [
      'items:',
      '- annotations: {}',
      '  createdAt: "1763971920500000000"',
      '  id: 9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9',
      '  labels: {}',
      '  metadata:',
      '    attempt: 1',
      '    name: api-0',
      '    namespace: default',
      '    uid: 6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b',
      '  runtimeHandler: runsc',
      '  state: SANDBOX_NOTREADY',
    ].join('\n');
    const text = `${pretty}\n${compact}\n${bare}\n${yaml}\n`;
    const res = parse(text);
    expect(res.segments.map((s) => s.format)).toEqual(['crictl-ps-json']);
    expect(res.unparsed).toEqual([]);
    expect(res.events.map((e) => [e.fields.state, e.fields.items_on_same_lines ?? 1, e.severity])).toEqual([
      ['SANDBOX_NOTREADY', 1, 'notice'],
      ['SANDBOX_READY', 1, undefined],
      ['SANDBOX_NOTREADY', 2, 'notice'],
      ['SANDBOX_NOTREADY', 1, 'notice'],
      ['SANDBOX_NOTREADY', 1, 'notice'],
    ]);
    const e = res.events[4];
    expect(e.fields).toMatchObject({
      pod_id: '9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9',
      name: 'api-0',
      namespace: 'default',
      uid: '6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b',
      attempt: 1,
      runtime: 'runsc',
      what: 'sandbox-state',
    });
    expect(e.time).toBe(Date.UTC(2025, 10, 24, 8, 12, 0, 500) * 1000);
    expect(e.entities).toEqual([
      { kind: 'sandbox', id: '9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9' },
      { kind: 'pod', id: 'default/api-0' },
      { kind: 'pod', id: '6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b' },
    ]);
    expect(res.events.slice(0, 4).map((x) => x.fields)).toEqual(
      [res.events[0], res.events[1], res.events[2], res.events[3]].map((x) => x.fields),
    );
    expectRecordLocal(text, res);
  });

  it('reads a paste that starts inside the list, and closes a cut-short last item', () => {
    const lines = splitLines(jsonDoc);
    // From the item's `{` (line 3 of the document) to the `"state"` line, then a FATA line.
    const text = `${lines.slice(2, 17).join('\n')}\nFATA[0000] listing containers: context deadline exceeded\n`;
    const res = parse(text, 'crictl-ps-json');
    expect(res.events.map((e) => [e.line, e.lineEnd, e.fields.truncated ?? false])).toEqual([
      [1, 15, true],
      [16, 16, false],
    ]);
    expect(res.events[0].fields).toMatchObject({ state: 'CONTAINER_EXITED', name: 'api' });
    expect(res.events[0].fields.createdAt).toBeUndefined();
    expect(res.events[1].severity).toBe('crit');
    expect(res.unparsed).toEqual([]);
  });

  it('does not claim kubectl -o json|yaml, crictl inspect or a ps table', () => {
    const heads: string[][] = [
      ['{', '    "apiVersion": "v1",', '    "items": [', '        {', '            "apiVersion": "v1",'],
      ['apiVersion: v1', 'items:', '- apiVersion: v1', '  kind: Pod', '  status:', '    phase: Running'],
      splitLines(OOM).slice(0, 40),
      [
        'CONTAINER           IMAGE               CREATED             STATE               NAME                ATTEMPT',
        '6ca9b5ed84892       busybox             About a minute ago   Running             busybox             0',
      ],
    ];
    for (const head of heads) expect(crictlPsJsonParser.detect(head), head[0]).toBe(0);
    expect(crictlInspectParser.detect(splitLines(jsonDoc).slice(0, 40))).toBe(0);
    expect(crictlInspectpParser.detect(splitLines(jsonDoc).slice(0, 40))).toBe(0);
  });
});

describe('containerd CRI status file (crictl-inspect)', () => {
  it('reads a status file whose paste garbled a value (corpus containerd-10636)', () => {
    const text = readFileSync(join(CORPUS, 'containerd-10636-lost-control-of-shim/cri-status.json'), 'utf8');
    const res = parse(text);
    expect(res.segments.map((s) => s.format)).toEqual(['crictl-inspect']);
    expect(res.unparsed).toEqual([]);
    const [e] = res.events;
    expect(e.fields).toMatchObject({
      pid: 1365945,
      reason: '00MKilled',
      exitCode: 0,
      state: 'CONTAINER_RUNNING',
      stateDerived: true,
      finishedAtNs: '0',
      createdAtNs: '1721705447203688248',
      memoryLimitInBytes: 2147483648,
      oomScoreAdj: 999,
      damaged: 'Resources.linux.cpu_quota=20 o00',
      what: 'container-state',
      time_source: 'startedAt',
    });
    expect(e.fields.finishedAt).toBeUndefined();
    // Keys on one line: one event, timed at the last change it proves (started, not finished).
    expect([e.time, e.timeQuality]).toEqual([1721705447472944, 'exact']);
    expect(e.entities).toEqual([{ kind: 'pid', id: '1365945' }]);
  });
});

describe('corpus key facts', () => {
  it('containerd-10755: crictl-exec.txt (crictl stderr) stays free text for the text parser', () => {
    const res = parse(
      readFileSync(
        join(CORPUS, 'containerd-10755-stopcontainer-deadline-stuck-terminating/crictl-exec.txt'),
        'utf8',
      ),
    );
    expect(res.segments.map((s) => s.format)).toEqual(['text']);
    expect(res.events.some((e) => e.message.includes('cannot exec in a stopped state: unknown'))).toBe(true);
    for (const p of [
      crictlPodsParser,
      crictlPsJsonParser,
      crictlInspectpParser,
      crictlInspectParser,
      crictlPsParser,
    ]) {
      expect(
        p.detect(
          splitLines(
            readFileSync(
              join(CORPUS, 'containerd-10755-stopcontainer-deadline-stuck-terminating/crictl-exec.txt'),
              'utf8',
            ),
          ),
        ),
        p.id,
      ).toBe(0);
    }
  });

  const cases = [
    'cri-o-4693-state-mismatch-kubectl-vs-crictl',
    'containerd-10755-stopcontainer-deadline-stuck-terminating',
  ];
  interface Fact {
    file: string;
    container_id_prefix?: string;
    state_raw?: string;
    attempt?: number;
    pod_id_prefix?: string;
    age?: string;
    finished?: string;
  }
  for (const c of cases) {
    const meta = JSON.parse(readFileSync(join(CORPUS, c, 'case.json'), 'utf8')) as {
      files: Record<string, string>;
      key_facts: Fact[];
    };
    for (const fact of meta.key_facts.filter(
      (f) => f.file.startsWith('crictl-') && f.file !== 'crictl-exec.txt',
    )) {
      it(`${c}: ${fact.file} ${fact.container_id_prefix}`, () => {
        const res = parse(readFileSync(join(CORPUS, c, fact.file), 'utf8'));
        expect(res.unparsed).toEqual([]);
        const ev = res.events.find((e) =>
          e.entities.some((x) => x.kind === 'container' && x.id.startsWith(fact.container_id_prefix ?? '-')),
        );
        expect(ev).toBeDefined();
        if (!ev) return;
        expect(ev.format).toBe(fact.file.includes('inspect') ? 'crictl-inspect' : 'crictl-ps');
        if (fact.state_raw) expect(ev.fields.state).toBe(fact.state_raw);
        if (fact.attempt !== undefined) expect(ev.fields.attempt).toBe(fact.attempt);
        if (fact.pod_id_prefix)
          expect(String(ev.fields.pod_id)).toMatch(new RegExp(`^${fact.pod_id_prefix}`));
        if (fact.age) expect(ev.fields.created).toBe(fact.age);
        if (fact.finished) expect(ev.fields.finishedAt).toBe(fact.finished);
      });
    }
  }
});

describe('record-local rebuild of every crictl fixture event', () => {
  const files = [
    'crictl-ps',
    'crictl-pods',
    'crictl-ps-json',
    'crictl-inspect',
    'crictl-inspectp',
    'mixed/crictl-examples',
  ].flatMap((d) => walk(join(ROOT, d)));
  it('has fixtures', () => {
    expect(files.length).toBeGreaterThan(10);
  });
  for (const f of files) {
    it(f.slice(ROOT.length + 1), () => {
      const text = readFileSync(f, 'utf8');
      expectRecordLocal(text, parseText(text, OPTS));
    });
  }
});
