// cgroup-files: the paste shapes (grep `path:value`, name-then-values, bare values under a command
// echo, `name: value`), typed values (`max`, v1's 2^63-ish "unlimited"), cgroup paths of both
// versions, and detection that never claims a lone number or ordinary `word 1` text.
import { describe, expect, it } from 'vitest';
import { feedParser, parseChecked } from '../../../test/helpers/run-parser.ts';
import type { LogEvent } from '../model/event.ts';
import { cgroupFilesParser } from './cgroup-files.ts';
import type { ParseContext } from './parser-api.ts';

const C = '4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6';
const V2 = `/sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod6f1d2c3b_4a5e_4f60_8a9b_0c1d2e3f4a5b.slice/cri-containerd-${C}.scope`;

const parse = (text: string) => parseChecked(text);

/** The parser alone, with a context (the echoed command reaches it as `ctx.command`). */
function direct(
  lines: string[],
  extra: Partial<ParseContext> = {},
): { events: LogEvent[]; unparsed: number[] } {
  const r = feedParser(
    cgroupFilesParser,
    lines.map((t, i) => [t, i + 1] as const),
    extra,
  );
  return { events: r.events, unparsed: r.unparsed.map((u) => u.line) };
}

describe('cgroup-files parsing', () => {
  it('groups grep lines by path, one event per file, with the cgroup and its pod and container', () => {
    const res = parse(
      [
        `$ grep . ${V2}/memory.{events,max}`,
        `${V2}/memory.events:low 0`,
        `${V2}/memory.events:max 12`,
        `${V2}/memory.events:oom 3`,
        `${V2}/memory.events:oom_kill 3`,
        `${V2}/memory.max:536870912`,
      ].join('\n'),
    );
    expect(res.segments.map((s) => s.format)).toEqual(['cgroup-files']);
    expect(res.events.map((e) => [e.line, e.lineEnd])).toEqual([
      [2, 5],
      [6, 6],
    ]);
    const [ev, max] = res.events;
    expect(ev.fields).toMatchObject({
      what: 'cgroup-file',
      file: 'memory.events',
      cgroup_version: 2,
      low: 0,
      max: 12,
      oom: 3,
      oom_kill: 3,
      cgroup: V2.slice('/sys/fs/cgroup'.length),
    });
    expect(ev.severity).toBe('warning');
    expect(ev.entities).toContainEqual({ kind: 'pod', id: '6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b' });
    expect(ev.entities).toContainEqual({ kind: 'container', id: C });
    expect(max.fields.value).toBe(536870912);
    expect(max.severity).toBeUndefined();
  });

  it('strips the v1 controller mount from the cgroup path and keeps huge limits exact', () => {
    const res = parse(
      [
        '/sys/fs/cgroup/memory/kubepods/burstable/pod6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b/memory.limit_in_bytes:9223372036854771712',
        '/sys/fs/cgroup/memory/kubepods/burstable/pod6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b/memory.failcnt:0',
      ].join('\n'),
    );
    const [limit, failcnt] = res.events;
    expect(limit.fields.cgroup).toBe('/kubepods/burstable/pod6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b');
    expect(limit.fields.cgroup_version).toBe(1);
    // Past 2^53 a number would be rounded: the digits stay a string.
    expect(limit.fields.value).toBe('9223372036854771712');
    expect(limit.fields.unlimited).toBe(true);
    expect(failcnt.fields.value).toBe(0);
  });

  it('reads name-then-values blocks (a shell loop) and keeps `max` as a string', () => {
    const res = parse(['pids.max', 'max', 'pids.current', '57', 'cgroup.procs', '5701', '5760'].join('\n'));
    expect(res.events.map((e) => [e.fields.file, e.line, e.lineEnd])).toEqual([
      ['pids.max', 1, 2],
      ['pids.current', 3, 4],
      ['cgroup.procs', 5, 7],
    ]);
    expect(res.events[0].fields).toMatchObject({ value: 'max', unlimited: true, controller: 'pids' });
    expect(res.events[1].fields.value).toBe(57);
    expect(res.events[2].fields).toMatchObject({ count: 2, pids: '5701 5760' });
    expect(res.events[2].entities).toEqual([
      { kind: 'pid', id: '5701' },
      { kind: 'pid', id: '5760' },
    ]);
  });

  it('names bare values from the echoed command, with the cgroup of an absolute path', () => {
    const res = parse(
      `$ cat ${V2}/memory.events\nlow 0\nhigh 0\nmax 1532\noom 4\noom_kill 4\noom_group_kill 0\n`,
    );
    expect(res.events).toHaveLength(1);
    expect(res.events[0].fields).toMatchObject({ file: 'memory.events', oom_kill: 4, cgroup_version: 2 });
    expect(res.events[0].entities).toContainEqual({ kind: 'container', id: C });
    // The command is the only name a lone number has.
    const one = direct(['536870912'], { command: 'cat memory.max' });
    expect(one.events[0].fields).toMatchObject({ file: 'memory.max', value: 536870912, cgroup_version: 2 });
    const ctl = direct(['cpuset cpu io memory pids'], { command: 'cat /sys/fs/cgroup/cgroup.controllers' });
    expect(ctl.events[0].fields).toMatchObject({
      file: 'cgroup.controllers',
      value: 'cpuset cpu io memory pids',
      cgroup: '/',
    });
    const none = direct(['536870912']);
    expect(none.events[0].fields.file).toBeUndefined();
  });

  it('infers memory.oom_control and memory.stat from their keys, and renames a clashing key', () => {
    const oc = parse('oom_kill_disable 0\nunder_oom 1\noom_kill 2\n');
    expect(oc.events[0].fields).toMatchObject({
      file: 'memory.oom_control',
      file_inferred: true,
      cgroup_version: 1,
      under_oom: 1,
      oom_kill: 2,
    });
    expect(oc.events[0].severity).toBe('warning');
    const st = parse(
      'anon 2138423296\nfile 1245184\nkernel 8228864\nkernel_stack 393216\npagetables 4620288\n',
    );
    expect(st.segments[0].format).toBe('cgroup-files');
    // v2 memory.stat's `file` key would overwrite the file name.
    expect(st.events[0].fields).toMatchObject({
      file: 'memory.stat',
      stat_file: 1245184,
      anon: 2138423296,
      cgroup_version: 2,
    });
  });

  it('reads `name: value` lines and PSI lines', () => {
    const res = parse(
      'memory.max: 536870912\nmemory.pressure: some avg10=0.12 avg60=0.00 avg300=0.00 total=1234\n',
    );
    expect(res.events[0].fields).toMatchObject({ file: 'memory.max', value: 536870912 });
    expect(res.events[1].fields).toMatchObject({
      file: 'memory.pressure',
      some_avg10: 0.12,
      some_total: 1234,
    });
  });

  it('keeps the lines of text files (cgroup.controllers, cpu.max) as text', () => {
    const res = parse('cgroup.controllers\ncpuset cpu io memory pids\ncpu.max\nmax 100000\n');
    expect(res.events.map((e) => e.fields.value)).toEqual(['cpuset cpu io memory pids', 'max 100000']);
    expect(res.events[1].fields.max).toBeUndefined();
    expect(res.unparsed).toEqual([]);
  });

  it('marks a line that is no cgroup line as unparsed, never as a wrong event', () => {
    const { events, unparsed } = direct(['memory.max', '536870912', 'this is prose, not a value']);
    expect(events).toHaveLength(1);
    expect(events[0].lineEnd).toBe(2);
    expect(unparsed).toEqual([3]);
  });
});

describe('cgroup-files detection', () => {
  const d = cgroupFilesParser.detect;
  it('claims the key sets of memory.events and memory.oom_control without any name', () => {
    expect(d(['low 0', 'high 0', 'max 1532', 'oom 4', 'oom_kill 4', 'oom_group_kill 0'])).toBeGreaterThan(
      0.8,
    );
    expect(d(['oom_kill_disable 0', 'under_oom 0', 'oom_kill 4'])).toBeGreaterThan(0.8);
  });
  it('never claims a lone number or ordinary `word 1` text without a name', () => {
    expect(d(['536870912'])).toBe(0);
    expect(d(['max 5'])).toBe(0);
    expect(d(['retries 3', 'errors 0'])).toBe(0);
    expect(d(['hello world'])).toBe(0);
  });
  it('lets the echoed command or a `==> file <==` name raise a value-only head', () => {
    expect(d(['536870912'], undefined, 'cat memory.max')).toBeGreaterThanOrEqual(0.9);
    expect(d(['max 5'], 'pids.events')).toBeGreaterThanOrEqual(0.9);
    // A name that is no cgroup file, or prose under one, stays unclaimed.
    expect(d(['1024'], undefined, 'sudo ls -al /proc/3113/fd | wc -l')).toBe(0);
    expect(d(['Error: permission denied'], 'memory.max')).toBe(0);
  });
  it('does not read YAML label keys (`io.kubernetes.pod.name: api-0`) as cgroup files', () => {
    expect(
      d([
        'labels:',
        '    io.kubernetes.container.name: api',
        '    io.kubernetes.pod.name: api-0',
        '    io.kubernetes.pod.namespace: default',
      ]),
    ).toBe(0);
  });
});
