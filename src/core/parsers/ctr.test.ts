// ctr tasks ls, ctr containers ls, ctr snapshots ls and ctr containers info: the corpus quirks
// (a column cut out of a table, an edited header, `// SNIP` lines, no header at all), empty cells,
// the lifecycle partition of `containers info` (every line in one event, each event rebuilt from
// its own lines), cut-short JSON, and detection against the neighbouring tables and JSON.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_ROOT } from '../../../test/helpers/corpus.ts';
import { FIXTURES_ROOT } from '../../../test/helpers/fixture-files.ts';
import { parseChecked } from '../../../test/helpers/run-parser.ts';
import type { FormatId, LogEvent } from '../model/event.ts';
import { microsToIso } from '../util/time.ts';
import { ctrContainersParser } from './ctr-containers.ts';
import { ctrContainersInfoParser } from './ctr-containers-info.ts';
import { ctrSnapshotsParser } from './ctr-snapshots.ts';
import { ctrTasksParser } from './ctr-tasks.ts';
import { detectFormat } from './registry.ts';

/** Lines of a FORMATS.md 5.x example (examples/ctr-outputs.synthetic.txt), as copied to the fixtures. */
const exampleLines = (fixture: string, from: number, to: number) =>
  readFileSync(join(FIXTURES_ROOT, fixture), 'utf8').split('\n').slice(from, to).join('\n');

/** Whole parse, checked for coverage, chunking and the store's rebuild of every event from its own lines. */
const parse = (text: string, forceFormat?: FormatId) => parseChecked(text, { forceFormat }, { store: true });

const iso = (e: LogEvent) => (e.time === null ? null : microsToIso(e.time));
const entities = (e: LogEvent) => e.entities.map((x) => `${x.kind}:${x.id}`);

const A = '4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6';
const B = '9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9';

describe('ctr tasks ls', () => {
  it('reads the FORMATS.md 5.1 table: PID 0 is no process, UNKNOWN is a warning', () => {
    const text = exampleLines('ctr-tasks/containerd-synthetic/formats-ctr-outputs-tasks.txt', 1, 7);
    const res = parse(text);
    expect(res.segments.map((s) => s.format)).toEqual(['ctr-tasks']);
    expect(res.unparsed).toEqual([]);
    const [stopped, , paused, created, unknown] = res.events;
    expect(stopped.fields).toEqual({ what: 'task-state', task: A, pid: 41235, status: 'STOPPED' });
    expect(entities(stopped)).toEqual([`container:${A}`, 'pid:41235']);
    expect(stopped.timeQuality).toBe('none');
    expect(paused.fields.task).toBe('redis');
    expect(entities(created)).toEqual(['container:build-1']);
    expect(created.fields.pid).toBe(0);
    expect(unknown.severity).toBe('warning');
  });

  it('reads corpus containerd-10636: a grep row with its PID column cut out, no header', () => {
    const res = parse(
      readFileSync(`${CORPUS_ROOT}/containerd-10636-lost-control-of-shim/ctr-tasks.txt`, 'utf8'),
    );
    expect(res.segments[0].format).toBe('ctr-tasks');
    expect(res.events).toHaveLength(1);
    expect(res.events[0].fields.status).toBe('RUNNING');
    expect(res.events[0].fields.pid).toBeUndefined();
    expect(res.events[0].entities[0].id.startsWith('99e515590f7c')).toBe(true);
  });

  it('reads corpus containerd-5708: `// SNIP` lines around the table are comments', () => {
    const res = parse(
      readFileSync(`${CORPUS_ROOT}/containerd-5708-task-unknown-pause-alive/ctr-tasks.txt`, 'utf8'),
    );
    expect(res.skipped.filter((s) => s.kind === 'comment')).toHaveLength(2);
    expect(res.events[0].fields).toMatchObject({ status: 'UNKNOWN', pid: 0 });
    expect(res.events[0].entities.some((x) => x.kind === 'pid')).toBe(false);
  });

  it('follows a header with a column cut out, and reads a row that does not fit its header by shape', () => {
    const res = parse(
      [
        'TASK                                                                STATUS    ',
        `${A}    STOPPED`,
        `${B}    41211    RUNNING`,
      ].join('\n'),
      'ctr-tasks',
    );
    expect(res.events.map((e) => [e.fields.status, e.fields.pid])).toEqual([
      ['STOPPED', undefined],
      ['RUNNING', 41211],
    ]);
  });

  it('reports a row that is not a task row, with the reason', () => {
    const res = parse(['TASK    PID    STATUS', 'redis   2210   SLEEPING'].join('\n'), 'ctr-tasks');
    expect(res.unparsed).toHaveLength(1);
    expect(res.unparsed[0].reason).toContain('SLEEPING');
  });

  it('reads `-q` ids only under a ctr echo, and ctr errors as events', () => {
    const res = parse(
      [
        '$ ctr -n k8s.io t ls -q',
        A,
        B,
        'ctr: failed to dial "/run/containerd/containerd.sock": context deadline exceeded',
      ].join('\n'),
    );
    expect(res.segments[0].format).toBe('ctr-tasks');
    expect(res.events.map((e) => e.fields.what)).toEqual(['task-state', 'task-state', 'cli-error']);
    expect(res.events[2].severity).toBe('err');
  });

  it('is not claimed by crictl ps, and does not claim crictl or runc tables', () => {
    expect(detectFormat(['TASK    PID    STATUS', `${A}    41235    STOPPED`]).format).toBe('ctr-tasks');
    expect(
      ctrTasksParser.detect([
        'CONTAINER           IMAGE               CREATED             STATE               NAME                ATTEMPT',
        '4f2c9b7e1d0a3       nginx               2 hours ago         Running             web                 0',
      ]),
    ).toBe(0);
    expect(ctrTasksParser.detect(['ID   PID   STATUS   BUNDLE   CREATED   OWNER'])).toBe(0);
    // Two words of prose are not a headerless row.
    expect(ctrTasksParser.detect(['service RUNNING'])).toBe(0);
    expect(ctrSnapshotsParser.detect(['Status Unknown'])).toBe(0);
  });
});

describe('ctr containers ls', () => {
  it('reads corpus containerd-5708: a header without RUNTIME over rows that have it', () => {
    const res = parse(
      readFileSync(`${CORPUS_ROOT}/containerd-5708-task-unknown-pause-alive/ctr-containers.txt`, 'utf8'),
    );
    expect(res.segments[0].format).toBe('ctr-containers');
    expect(res.unparsed).toEqual([]);
    expect(res.events[0].fields).toMatchObject({
      image: '800184023465.dkr.ecr.ap-east-1.amazonaws.com/eks/pause:3.5',
      runtime: 'io.containerd.runc.v2',
    });
    expect(res.events[0].entities.map((x) => x.kind)).toEqual(['container', 'image']);
  });

  it('gives `-` (no image) no image entity', () => {
    const text = exampleLines('ctr-containers/containerd-synthetic/formats-ctr-outputs-containers.txt', 1, 5);
    const res = parse(text);
    expect(res.events).toHaveLength(3);
    expect(res.events[2].fields.image).toBe('-');
    expect(entities(res.events[2])).toEqual(['container:scratch-ctr']);
  });

  it('does not take a docker ps or crictl ps header for its own', () => {
    expect(
      ctrContainersParser.detect([
        'CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES',
        '3f4e5d6c7b8a   nginx     "/docker-entrypoint.…"   2 hours ago   Up 2 hours      web',
      ]),
    ).toBe(0);
  });
});

describe('ctr snapshots ls', () => {
  it('tells an empty PARENT by the header offsets (padding 1)', () => {
    const text = exampleLines('ctr-snapshots/containerd-synthetic/formats-ctr-outputs-snapshots.txt', 1, 5);
    const res = parse(text);
    expect(res.events.map((e) => [e.fields.kind, e.fields.parent ?? null])).toEqual([
      ['Committed', null],
      ['Committed', 'sha256:1f3a5c7e9b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a'],
      ['Active', 'sha256:7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e'],
    ]);
    // An active snapshot keyed by a 64-hex id is a CRI container's.
    expect(entities(res.events[2])).toEqual([`snapshot:${A}`, `container:${A}`]);
  });

  it('keeps the space of an unpack key, with and without a header', () => {
    const key =
      'k8s.io/3/extract-316403210-Kc8f sha256:9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b';
    const row = `${key} sha256:1f3a5c7e9b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a Active    `;
    const res = parse(row, 'ctr-snapshots');
    expect(res.events[0].fields.key).toBe(key);
    expect(res.events[0].fields.kind).toBe('Active');
  });

  it('reports a row whose kind is not a snapshot kind', () => {
    const res = parse(['KEY PARENT KIND', 'abc def Frozen'].join('\n'), 'ctr-snapshots');
    expect(res.unparsed[0].reason).toContain('Frozen');
    expect(ctrSnapshotsParser.detect(['KEY PARENT KIND', 'abc def Frozen'])).toBe(0.6);
  });
});

describe('ctr containers info', () => {
  const example = exampleLines(
    'ctr-containers-info/containerd-synthetic/formats-ctr-outputs-info.txt',
    0,
    39,
  );

  it('cuts the object into a created and an updated event that cover every line once', () => {
    const res = parse(example);
    expect(res.segments[0].format).toBe('ctr-containers-info');
    expect(res.unparsed).toEqual([]);
    const [created, updated] = res.events;
    expect([created.line, created.lineEnd, updated.line, updated.lineEnd]).toEqual([2, 20, 21, 39]);
    expect(created.fields).toMatchObject({
      what: 'container-created',
      id: A,
      runtime: 'io.containerd.runc.v2',
      snapshotter: 'overlayfs',
      podName: 'api-0',
      podNamespace: 'default',
    });
    expect(iso(created)).toBe('2025-11-26T09:58:41.912345Z');
    expect(created.timeQuality).toBe('exact');
    expect(entities(created)).toContain('pod:default/api-0');
    // Both events carry the whole object (the crictl inspect lifecycle rule) and its record.
    expect(updated.fields).toMatchObject({
      what: 'container-updated',
      id: A,
      sandboxId: B,
      args: 'java -jar /app.jar',
    });
    expect([created.record, updated.record]).toEqual([
      [2, 39],
      [2, 39],
    ]);
  });

  it('reads a systemd-driver cgroupsPath into cgroup, pod UID and container entities', () => {
    const res = parse(
      readFileSync(
        'test/fixtures/ctr-containers-info/containerd-synthetic/cri-container-systemd-cgroup.synthetic.txt',
        'utf8',
      ),
    );
    const updated = res.events[1];
    expect(updated.fields.memoryLimit).toBe(536870912);
    expect(entities(updated)).toEqual(
      expect.arrayContaining([`container:${A}`, 'pod:5f1c6d2e-9b1a-4c3e-8d7f-0a1b2c3d4e5f', `sandbox:${B}`]),
    );
    expect(iso(updated)).toBe('2025-11-26T10:04:02.500000Z');
    // `--spec` alone: no time, one event.
    expect(res.events[2].fields.what).toBe('container-info');
    expect(res.events[2].time).toBeNull();
  });

  it('keeps the complete lines of a cut-short object and drops a number that may be cut', () => {
    // Line 1 is the `# ctr ... info` prompt; CreatedAt is line 20, UpdatedAt line 21.
    const lines = example.split('\n');
    const cut = [...lines.slice(0, 21), '    "Extensions": {', '        "n": 12'];
    const res = parse(cut.join('\n'), 'ctr-containers-info');
    expect(res.events.map((e) => [e.line, e.lineEnd, e.fields.what])).toEqual([
      [2, 20, 'container-created'],
      [21, 22, 'container-updated'],
    ]);
    expect(res.unparsed).toEqual([{ line: 23, reason: expect.stringContaining('cut-short line') }]);
  });

  it('reports an object with a missing comma line by line, with the JSON error', () => {
    const bad = [
      '{',
      `    "ID": "${A}"`,
      '    "Image": "x",',
      '    "CreatedAt": "2025-11-26T09:58:41Z"',
      '}',
    ];
    const res = parse(bad.join('\n'), 'ctr-containers-info');
    expect(res.events).toEqual([]);
    expect(res.unparsed.map((u) => u.line)).toEqual([1, 2, 3, 4, 5]);
    expect(res.unparsed[0].reason).toContain('ctr containers info JSON object at lines 1-5 does not parse');
  });

  it('is detected against docker inspect and crictl inspect JSON', () => {
    const head = example.split('\n').filter((l) => l.trim());
    expect(ctrContainersInfoParser.detect(head)).toBe(0.95);
    expect(detectFormat(head).format).toBe('ctr-containers-info');
    expect(ctrContainersInfoParser.detect(['{', '  "Id": "abc",', '  "State": {'])).toBe(0);
    expect(ctrContainersInfoParser.detect(['{', '  "status": {', '    "id": "abc"'])).toBe(0);
  });
});
