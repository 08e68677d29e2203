// crictl-ps and crictl-inspect: explicit cases (cells with spaces, empty cells, headerless rows,
// glued outputs, several JSON objects, arrays, cut-short JSON), the corpus key facts, detection
// boundaries against neighbouring tables/JSON, and the record-local rebuild of every event.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCoverage } from '../ingest/coverage.ts';
import { splitLines, stripAnsi } from '../ingest/line-splitter.ts';
import { type ParsedSource, parseText } from '../ingest/parse-text.ts';
import type { FormatId, LogEvent } from '../model/event.ts';
import { crictlInspectParser } from './crictl-inspect.ts';
import { crictlPsParser } from './crictl-ps.ts';
import { agoRange, crictlSubcommand } from './crictl-shared.ts';
import type { ParseContext } from './parser-api.ts';
import { parserById } from './registry.ts';

const OPTS = { sourceId: 't', year: 2025, utcOffsetMinutes: 0 };
const ROOT = join(import.meta.dirname, '../../../test/fixtures');
const CORPUS = '/work/shared/corpus';

function parse(text: string, forceFormat?: FormatId): ParsedSource {
  const res = parseText(text, { ...OPTS, forceFormat });
  expect(checkCoverage(res)).toEqual([]);
  expect(parseText(text, { ...OPTS, forceFormat }, 7)).toEqual(res);
  return res;
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
 * The store's rebuild: the segment's lines before its first record, then the record's own lines,
 * through a fresh parser. Must give the same event as the whole parse.
 */
function expectRecordLocal(text: string, res: ParsedSource): void {
  const lines = splitLines(text).map(stripAnsi);
  for (const seg of res.segments) {
    const evs = res.events.filter((e) => e.line >= seg.lineStart && e.line <= seg.lineEnd);
    if (evs.length === 0) continue;
    const first = Math.min(...evs.map((e) => e.line));
    for (const e of evs) {
      const got: LogEvent[] = [];
      const ctx: ParseContext = {
        sourceId: OPTS.sourceId,
        format: seg.format,
        year: OPTS.year,
        utcOffsetMinutes: OPTS.utcOffsetMinutes,
      };
      const p = parserById(seg.format).create(ctx, {
        event: (x) => got.push(x),
        unparsed() {},
        skipped() {},
      });
      for (let l = seg.lineStart; l < first; l++) p.push(lines[l - 1], l);
      for (let l = e.line; l <= e.lineEnd; l++) p.push(lines[l - 1], l);
      p.end();
      expect(got.find((x) => x.line === e.line)).toEqual(e);
    }
  }
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
    expect(a.entities).toEqual([
      { kind: 'container', id: '4f2c9b7e1d0a3' },
      { kind: 'sandbox', id: '9e8d7c6b5a493' },
      { kind: 'pod', id: 'api-0' },
    ]);
    expect(a.severity).toBe('notice');
    expect(a.time).toBeNull();
    expect(a.timeQuality).toBe('none');
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
      },
      {
        container_id: '7b1e2d3c4f5a6',
        created: '2 hours ago',
        created_ago_seconds: 5400,
        created_ago_max_seconds: 9000,
        state: 'Running',
        attempt: 0,
        pod_id: '1a2b3c4d5e6f7',
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

const ONE = readFileSync(
  '/work/shared/formats/examples/crictl-inspect-created-minimal.synthetic.txt',
  'utf8',
);
const OOM = readFileSync('/work/shared/formats/examples/crictl-inspect.synthetic.txt', 'utf8');

describe('crictl-inspect', () => {
  it('emits one event per object for objects one after another', () => {
    const text = OOM + ONE;
    const res = parse(text);
    expect(res.segments.map((s) => s.format)).toEqual(['crictl-inspect']);
    expect(res.unparsed).toEqual([]);
    expect(res.events.map((e) => [e.line, e.lineEnd])).toEqual([
      [1, 101],
      [102, 117],
    ]);
    const [oom, created] = res.events;
    expect(oom.fields).toMatchObject({
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
    });
    expect(oom.time).toBe(Date.UTC(2025, 10, 26, 10, 0, 1, 203) * 1000 + 400);
    expect(oom.timeQuality).toBe('exact');
    expect(oom.severity).toBe('err');
    expect(oom.message).toBe(
      'container api CONTAINER_EXITED exitCode=137 reason=OOMKilled (id 4f2c9b7e1d0a3, attempt 3, pod default/api-0)',
    );
    expect(oom.entities.map((x) => x.kind)).toEqual([
      'container',
      'sandbox',
      'pod',
      'pod',
      'image',
      'cgroup',
    ]);
    // Zero times are "not yet": no startedAt/finishedAt, time from createdAt.
    expect(created.fields.startedAt).toBeUndefined();
    expect(created.fields.finishedAt).toBeUndefined();
    expect(created.fields.time_source).toBe('createdAt');
    expectRecordLocal(text, res);
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
      [2, 102, 'api'],
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
    const [e] = res.events;
    expect(e).toMatchObject({ line: 2, lineEnd: 12, timeQuality: 'exact' });
    expect(e.fields).toMatchObject({ state: 'CONTAINER_EXITED', truncated: true, attempt: 1 });
    expect(e.fields.exitCode).toBeUndefined();
    expect(e.message).toContain('[JSON cut short');
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

    const sandbox = readFileSync('/work/shared/formats/examples/crictl-inspectp.synthetic.txt', 'utf8');
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
    expect(res.events.map((e) => [e.line, e.lineEnd])).toEqual([
      [1, 11],
      [12, 15],
    ]);
    expect(res.events[0].fields).toMatchObject({
      exitCode: 137,
      finished: '58 seconds ago',
      pid: 41211,
      podName: 'api-0',
    });
    expect(res.events[0].entities.map((x) => x.kind)).toEqual(['container', 'sandbox', 'pod', 'pid']);
    expectRecordLocal(text, res);
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
      splitLines(readFileSync('/work/shared/formats/examples/crictl-inspectp.synthetic.txt', 'utf8')).slice(
        0,
        40,
      ),
      splitLines(
        readFileSync('/work/shared/formats/examples/crictl-ps-json-yaml.synthetic.txt', 'utf8'),
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

describe('corpus key facts', () => {
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
  const files = ['crictl-ps', 'crictl-inspect', 'mixed/crictl-examples'].flatMap((d) => walk(join(ROOT, d)));
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
