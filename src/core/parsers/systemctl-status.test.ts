// systemctl-status: the header block as one unit-status event (states, since time and zone, main
// pid exit, tasks, memory), tree lines (processes, cgroup names, right-aligned pids, ASCII glyphs),
// the journal tail, several units, the corpus tree cut (containerd-5708), and detection limits.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_ROOT } from '../../../test/helpers/corpus.ts';
import { expectRecordLocal, parseChecked } from '../../../test/helpers/run-parser.ts';
import { systemctlStatusParser } from './systemctl-status.ts';

const C = '4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6';
const iso = (us: number | null) => (us === null ? null : new Date(us / 1000).toISOString());

const parse = (text: string) => parseChecked(text, { utcOffsetMinutes: 60 });

const RUNNING = [
  '● containerd.service - containerd container runtime',
  '     Loaded: loaded (/lib/systemd/system/containerd.service; enabled; vendor preset: enabled)',
  '    Drop-In: /etc/systemd/system/containerd.service.d',
  '             └─override.conf',
  '     Active: active (running) since Tue 2025-11-25 10:00:00 UTC; 2h ago',
  '   Main PID: 1012 (containerd)',
  '      Tasks: 23 (limit: 4915)',
  '     Memory: 1.2G (peak: 1.5G)',
  '     CGroup: /system.slice/containerd.service',
  '             ├─ 1012 /usr/bin/containerd',
  `             └─56780 /usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id ${C} -address /run/containerd/containerd.sock`,
  '',
  'Nov 25 10:00:00 node-1 containerd[1012]: first line',
  '                                         second line',
  'Nov 25 10:00:01 node-1 systemd[1]: Started containerd.service - containerd container runtime.',
].join('\n');

describe('systemctl-status parsing', () => {
  it('makes the header block one unit-status event with its time, states, pid, tasks, memory and cgroup', () => {
    const res = parse(RUNNING);
    expect(res.segments.map((s) => [s.format, s.confidence])).toEqual([['systemctl-status', 1]]);
    const h = res.events[0];
    // The Drop-In's `└─override.conf` is a header line, not a tree line.
    expect([h.line, h.lineEnd]).toEqual([1, 9]);
    expect(iso(h.time)).toBe('2025-11-25T10:00:00.000Z');
    expect(h.timeQuality).toBe('exact');
    expect(h.unit).toBe('containerd.service');
    expect(h.pid).toBe(1012);
    expect(h.fields).toMatchObject({
      what: 'unit-status',
      unit: 'containerd.service',
      description: 'containerd container runtime',
      load_state: 'loaded',
      unit_file_state: 'enabled',
      active_state: 'active',
      sub_state: 'running',
      since: 'Tue 2025-11-25 10:00:00 UTC',
      ago: '2h ago',
      main_pid: 1012,
      main_comm: 'containerd',
      tasks: 23,
      tasks_limit: 4915,
      memory: '1.2G',
      memory_bytes: Math.round(1.2 * 1024 ** 3),
      memory_peak: '1.5G',
      cgroup: '/system.slice/containerd.service',
    });
    expect(h.entities.slice(0, 3)).toEqual([
      { kind: 'unit', id: 'containerd.service' },
      { kind: 'pid', id: '1012' },
      { kind: 'process', id: 'containerd' },
    ]);
  });

  it('makes each tree line an event: right-aligned pids, a shim id as container entity', () => {
    const res = parse(RUNNING);
    const [, containerd, shim] = res.events;
    expect(containerd.fields).toMatchObject({
      what: 'cgroup-tree-process',
      pid: 1012,
      command: '/usr/bin/containerd',
      comm: 'containerd',
    });
    expect(containerd.fields.tree_column).toBe(shim.fields.tree_column);
    expect(shim.pid).toBe(56780);
    expect(shim.entities).toContainEqual({ kind: 'container', id: C });
    expect(shim.time).toBeNull();
  });

  it('reads the journal tail with the short grammar: year-less inferred time, continuation lines', () => {
    const res = parse(RUNNING);
    const j = res.events[3];
    expect([j.line, j.lineEnd]).toEqual([13, 14]);
    expect(j.format).toBe('systemctl-status');
    expect(j).toMatchObject({ host: 'node-1', ident: 'containerd', pid: 1012, timeQuality: 'inferred' });
    expect(j.message).toBe('first line\nsecond line');
    // 10:00:00 at the context's UTC+1
    expect(iso(j.time)).toBe('2025-11-25T09:00:00.000Z');
    expect(res.events[4].ident).toBe('systemd');
  });

  it('reads a failed unit: Result, main exit by signal, severity err, zone abbreviations', () => {
    const res = parse(
      [
        '× myapp.service - My App',
        '     Loaded: loaded (/etc/systemd/system/myapp.service; enabled; preset: enabled)',
        '     Active: failed (Result: oom-kill) since Wed 2025-11-26 10:00:01 CET; 5min ago',
        '   Main PID: 2211 (code=killed, signal=KILL)',
      ].join('\n'),
    );
    const h = res.events[0];
    expect(h.severity).toBe('err');
    expect(h.fields).toMatchObject({
      active_state: 'failed',
      result: 'oom-kill',
      main_code: 'killed',
      main_signal: 'KILL',
    });
    expect(h.fields.sub_state).toBeUndefined();
    expect(h.fields.main_comm).toBeUndefined();
    expect(iso(h.time)).toBe('2025-11-26T09:00:01.000Z');
  });

  it('falls back to the context offset for an ambiguous zone (inferred)', () => {
    const res = parse(
      '● a.service\n     Active: active (running) since Wed 2025-11-26 10:00:01 CST; 1h ago\n',
    );
    expect(res.events[0].timeQuality).toBe('inferred');
    expect(iso(res.events[0].time)).toBe('2025-11-26T09:00:01.000Z');
  });

  it('starts a new unit at each bullet; reads `Unit x could not be found.`', () => {
    const res = parse(
      [
        '● kubelet.service - kubelet',
        '     Active: activating (auto-restart) (Result: exit-code) since Wed 2025-11-26 10:00:05 UTC; 3s ago',
        '   Main PID: 4242 (code=exited, status=1/FAILURE)',
        '○ crio.service - CRI-O',
        '     Active: inactive (dead)',
        'Unit nope.service could not be found.',
      ].join('\n'),
    );
    expect(res.events.map((e) => [e.line, e.lineEnd, e.unit, e.fields.what])).toEqual([
      [1, 3, 'kubelet.service', 'unit-status'],
      [4, 5, 'crio.service', 'unit-status'],
      [6, 6, 'nope.service', 'unit-not-found'],
    ]);
    expect(res.events[0].fields).toMatchObject({
      sub_state: 'auto-restart',
      result: 'exit-code',
      main_status: 1,
      main_status_name: 'FAILURE',
    });
    expect(res.events[0].severity).toBe('warning');
    expect(res.events[1].fields).toMatchObject({ active_state: 'inactive', sub_state: 'dead' });
    expect(res.events[1].time).toBeNull();
  });

  it('reads ASCII tree glyphs and nested cgroup names', () => {
    const res = parse(
      [
        '   CGroup: /',
        '           |-init.scope',
        '           | `-1 /sbin/init',
        `           \`-cri-containerd-${C}.scope`,
        '             `-5760 java -jar /app/app.jar',
      ].join('\n'),
    );
    const [, node, init, scope, java] = res.events;
    expect(node.fields).toMatchObject({ what: 'cgroup-tree-unit', cgroup_node: 'init.scope' });
    expect(init.fields).toMatchObject({ what: 'cgroup-tree-process', pid: 1 });
    expect(scope.entities).toContainEqual({ kind: 'container', id: C });
    expect(java.fields).toMatchObject({ pid: 5760, comm: 'java' });
    expect(java.fields.tree_column).toBe((scope.fields.tree_column as number) + 2);
  });

  it('reads the corpus tree cut (containerd-5708): the alive /pause and its scope', () => {
    const text = readFileSync(
      join(CORPUS_ROOT, 'containerd-5708-task-unknown-pause-alive/systemctl-status.txt'),
      'utf8',
    );
    const res = parse(text);
    expect(res.segments.map((s) => s.format)).toEqual(['systemctl-status']);
    expect(res.unparsed).toEqual([]);
    const scope = res.events.find(
      (e) =>
        e.fields.cgroup_node ===
        `cri-containerd-a65fba91b40e4cbd79a3443b5c898a6f93d77a94d01eb052981ce652710c94a9.scope`,
    );
    expect(scope?.entities).toContainEqual({
      kind: 'container',
      id: 'a65fba91b40e4cbd79a3443b5c898a6f93d77a94d01eb052981ce652710c94a9',
    });
    const pause = res.events.find((e) => e.pid === 12678);
    expect(pause?.fields).toMatchObject({ command: '/pause', comm: 'pause' });
    expect(res.events[0].entities).toContainEqual({
      kind: 'pod',
      id: '04520181-5cae-4384-a4fb-4c205c2f8e54',
    });
  });
});

describe('systemctl-status tree context (record from the header)', () => {
  const UID = '6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b';
  const POD_SLICE = `kubepods-burstable-pod${UID.replace(/-/g, '_')}.slice`;
  const SCOPE = `cri-containerd-${C}.scope`;
  const PATH = `/kubepods.slice/kubepods-burstable.slice/${POD_SLICE}/${SCOPE}`;
  // A shim moved into its sandbox's scope (containerd with the systemd cgroup driver and
  // `ShimCgroup`): the tree alone says which pod and container it runs for.
  const TREE = [
    '● node-1',
    '    State: running',
    '   CGroup: /',
    '           ├─kubepods.slice',
    '           │ └─kubepods-burstable.slice',
    `           │   └─${POD_SLICE}`,
    `           │     └─${SCOPE}`,
    '           │       ├─5701 /pause',
    `           │       └─5680 /usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id ${C} -address /run/containerd/containerd.sock`,
    '           └─init.scope',
    '             └─1 /sbin/init',
  ].join('\n');

  it('gives a shim in a pod scope its cgroup path, pod, container, unit and the host', () => {
    const res = parseChecked(TREE, { utcOffsetMinutes: 60 }, { store: true });
    const shim = res.events.find((e) => e.pid === 5680)!;
    expect(shim.line).toBe(9);
    expect(shim.record).toEqual([1, 9]);
    expect(shim.unit).toBe(SCOPE);
    expect(shim.host).toBe('node-1');
    expect(shim.fields).toMatchObject({ what: 'cgroup-tree-process', cgroup: PATH, shim_id: C });
    expect(shim.entities).toEqual(
      expect.arrayContaining([
        { kind: 'cgroup', id: PATH },
        { kind: 'pod', id: UID },
        { kind: 'container', id: C },
        { kind: 'unit', id: SCOPE },
        { kind: 'node', id: 'node-1' },
      ]),
    );
    // The scope's own line names its full path too; the tree goes back up for init.scope.
    const scope = res.events.find((e) => e.fields.cgroup_node === SCOPE)!;
    expect(scope.fields.cgroup).toBe(PATH);
    expect(scope.entities).toContainEqual({ kind: 'pod', id: UID });
    const init = res.events.find((e) => e.pid === 1)!;
    expect(init.fields.cgroup).toBe('/init.scope');
    expect(init.unit).toBe('init.scope');
    expect(init.record).toEqual([1, 11]);
    expectRecordLocal(TREE, res, { utcOffsetMinutes: 60 });
  });

  it('gives the processes of a unit the unit and its CGroup path', () => {
    const res = parseChecked(RUNNING, { utcOffsetMinutes: 60 }, { store: true });
    const shim = res.events.find((e) => e.pid === 56780)!;
    expect(shim.unit).toBe('containerd.service');
    expect(shim.record).toEqual([1, 11]);
    expect(shim.fields.cgroup).toBe('/system.slice/containerd.service');
    expect(shim.entities).toContainEqual({ kind: 'cgroup', id: '/system.slice/containerd.service' });
    // The journal lines below keep their own unit-less envelope.
    expect(res.events.find((e) => e.line === 13)?.record).toBeUndefined();
    expectRecordLocal(RUNNING, res, { utcOffsetMinutes: 60 });
  });

  it('leaves a tree without its header, or one that stops nesting, line-local', () => {
    const cut = readFileSync(
      join(CORPUS_ROOT, 'containerd-5708-task-unknown-pause-alive/systemctl-status.txt'),
      'utf8',
    );
    const res = parse(cut);
    for (const e of res.events) {
      expect(e.record).toBeUndefined();
      expect(e.unit).toBeUndefined();
      expect(e.fields.cgroup).toBeUndefined();
    }
    // `└─1` two columns too far right: its parent is not known, nor anything's after it.
    const odd = parseChecked(
      ['   CGroup: /', '           ├─init.scope', '               └─1 /sbin/init', '           └─2 x'].join(
        '\n',
      ),
      {},
      { store: true },
    );
    expect(odd.events.map((e) => e.record)).toEqual([undefined, [1, 2], undefined, undefined]);
    expect(odd.events[2].fields.cgroup).toBeUndefined();
  });
});

describe('systemctl-status detection', () => {
  const d = systemctlStatusParser.detect;
  it('claims a unit head with its keys, and a bare tree', () => {
    expect(d(RUNNING.split('\n').filter((l) => l.trim()))).toBe(1);
    expect(d(['├─1234 /usr/bin/containerd', '└─5678 /usr/bin/containerd-shim'])).toBeGreaterThanOrEqual(0.8);
  });
  it('does not claim a journal, a kubectl describe or ordinary text', () => {
    expect(
      d(['Nov 25 10:00:00 node-1 containerd[1234]: msg', 'Nov 25 10:00:01 node-1 kubelet[812]: msg']),
    ).toBe(0);
    expect(
      d([
        'Name:         api-0',
        'Status:       Running',
        '    State:          Running',
        '    Ready:          True',
      ]),
    ).toBe(0);
    expect(d(['the unit is active', 'nothing else'])).toBe(0);
  });
});
