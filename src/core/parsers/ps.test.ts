// ps: the standard layouts, custom `-o` headers (COMMAND twice, a spaced STARTED), forest art,
// header-less grep rows cut short (corpus containerd-10636), shim ids, and detection limits.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_ROOT } from '../../../test/helpers/corpus.ts';
import { OPTS, parseChecked } from '../../../test/helpers/run-parser.ts';
import { parseText } from '../ingest/parse-text.ts';
import { psParser, readCommandLine } from './ps.ts';

const C = '4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6';

const parse = (text: string) => parseChecked(text);

const AUX = [
  'USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND',
  'root        1012  0.3  1.2 1869524 98212 ?       Ssl  Nov25   2:11 /usr/bin/containerd',
  `root        5678  0.0  0.1 722356 10232 ?        Sl   10:00   0:01 /usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id ${C} -address /run/containerd/containerd.sock`,
  '65535       5701  0.0  0.0    972     4 ?        Ss   10:00   0:00  \\_ /pause',
  'root        5790  0.0  0.0      0     0 ?        Z    10:01   0:00      \\_ [sh] <defunct>',
  'root          87  0.0  0.0      0     0 ?        D    Nov25   0:03 [kworker/u8:2+flush-8:0]',
].join('\n');

describe('ps parsing', () => {
  it('reads `ps aux` rows into typed fields, one event per row, no time', () => {
    const res = parse(AUX);
    expect(res.segments.map((s) => [s.format, s.confidence])).toEqual([['ps', 1]]);
    expect(res.skipped).toEqual([{ line: 1, kind: 'header' }]);
    const [containerd, shim, pause, zombie, dstate] = res.events;
    expect(containerd.fields).toMatchObject({
      what: 'process',
      user: 'root',
      pid: 1012,
      cpu_percent: 0.3,
      mem_percent: 1.2,
      vsz_kb: 1869524,
      rss_kb: 98212,
      stat: 'Ssl',
      start: 'Nov25',
      cpu_time: '2:11',
      comm: 'containerd',
    });
    expect(containerd.pid).toBe(1012);
    expect(containerd.time).toBeNull();
    expect(containerd.timeQuality).toBe('none');
    expect(containerd.entities).toEqual([
      { kind: 'process', id: 'containerd' },
      { kind: 'pid', id: '1012' },
    ]);
    expect(shim.fields).toMatchObject({
      comm: 'containerd-shim-runc-v2',
      shim_id: C,
      shim_namespace: 'k8s.io',
    });
    expect(shim.entities).toContainEqual({ kind: 'container', id: C });
    // Forest art is not part of the command; a numeric USER is a uid.
    expect(pause.fields).toMatchObject({ command: '/pause', comm: 'pause', uid: 65535 });
    expect(zombie.fields).toMatchObject({ defunct: true, comm: 'sh' });
    // The deeper `\_` sits further right: the child of a child.
    expect(zombie.fields.forest_column).toBe((pause.fields.forest_column as number) + 4);
    expect(zombie.severity).toBe('notice');
    expect(dstate.fields).toMatchObject({
      uninterruptible: true,
      comm: 'kworker/u8:2+flush-8:0',
      no_cmdline: true,
    });
    expect(dstate.severity).toBe('warning');
  });

  it('reads `ps -ef`: PPID, C, a numeric UID, the full command', () => {
    const res = parse(
      [
        'UID          PID    PPID  C STIME TTY          TIME CMD',
        'root        5678       1  0 10:00 ?        00:00:01 /usr/bin/containerd-shim-runc-v2 -namespace moby -id ' +
          C,
        '65535       5701    5678  0 10:00 ?        00:00:00 /pause',
      ].join('\n'),
    );
    expect(res.events[0].fields).toMatchObject({
      user: 'root',
      ppid: 1,
      c: 0,
      start: '10:00',
      cpu_time: '00:00:01',
    });
    expect(res.events[0].fields.shim_namespace).toBe('moby');
    expect(res.events[1].fields).toMatchObject({ uid: 65535, ppid: 5678, command: '/pause' });
  });

  it('follows custom -o headers: COMMAND twice (comm, args) and a spaced STARTED', () => {
    const res = parse(
      [
        '    PID    PPID USER     STAT   RSS COMMAND         COMMAND',
        '      1       0 root     Ss   11520 systemd         /sbin/init splash',
        '    PID                  STARTED CMD',
        '   1012 Tue Nov 25 10:00:00 2025 /usr/bin/containerd',
      ].join('\n'),
    );
    expect(res.events[0].fields).toMatchObject({
      comm: 'systemd',
      command: '/sbin/init splash',
      rss_kb: 11520,
    });
    expect(res.events[0].entities).toContainEqual({ kind: 'process', id: 'systemd' });
    expect(res.events[1].fields).toMatchObject({
      pid: 1012,
      start: 'Tue Nov 25 10:00:00 2025',
      command: '/usr/bin/containerd',
    });
  });

  it('reads the corpus grep paste: the echo as an event, the cut header-less row as truncated', () => {
    const text = readFileSync(join(CORPUS_ROOT, 'containerd-10636-lost-control-of-shim/ps.txt'), 'utf8');
    const res = parse(text);
    expect(res.segments.map((s) => s.format)).toEqual(['ps']);
    const [echo, row] = res.events;
    expect(echo.fields).toEqual({ what: 'ps-command', command: 'ps aux | grep 1365945', grep: '1365945' });
    expect(row.fields).toMatchObject({
      pid: 870590,
      user: 'root',
      vsz_kb: 16244,
      rss_kb: 1128,
      tty: 'pts/2',
      stat: 'S+',
      truncated: true,
    });
    expect(row.fields.command).toBeUndefined();
  });

  it('gives rows the grep pattern of a prompt-echoed command', () => {
    const res = parse(
      `$ ps -ef | grep -i "shim"\nroot        5678       1  0 10:00 ?        00:00:01 /usr/bin/containerd-shim-runc-v2 -id ${C}\n`,
    );
    expect(res.events[0].fields.grep).toBe('shim');
  });

  it('marks a row that fits neither the header nor a known shape as unparsed', () => {
    const res = parseText(`${AUX.split('\n')[0]}\nroot  abc  0.0\n`, OPTS);
    expect(res.events).toEqual([]);
    expect(res.unparsed.map((u) => u.line)).toEqual([2]);
  });
});

describe('ps command lines', () => {
  it('names the program and reads shim ids (v2 -id, v1 -workdir)', () => {
    expect(readCommandLine('-bash')).toEqual({ comm: 'bash' });
    expect(readCommandLine('sshd: root@pts/0')).toEqual({ comm: 'sshd' });
    expect(readCommandLine('[java] <defunct>')).toEqual({ comm: 'java', bracketed: true, defunct: true });
    expect(
      readCommandLine(
        `containerd-shim -namespace moby -workdir /var/lib/containerd/io.containerd.runtime.v1.linux/moby/${C} -address /run/containerd/containerd.sock`,
      ),
    ).toEqual({ comm: 'containerd-shim', shimId: C, shimNamespace: 'moby' });
  });
});

describe('ps detection', () => {
  const d = psParser.detect;
  it('claims a known header at once and header-less rows by their shape', () => {
    expect(d(['UID          PID    PPID  C STIME TTY          TIME CMD'])).toBe(1);
    expect(d(['root 870590 0.0 0.0 16244 1128 pts/2 S+ '])).toBeGreaterThan(0.5);
    expect(d(['ps aux | grep 1365945', 'root 870590 0.0 0.0 16244 1128 pts/2 S+ '])).toBeGreaterThanOrEqual(
      0.9,
    );
  });
  it('does not claim neighbouring tables or text', () => {
    // top, ctr tasks, runc list, crictl ps
    expect(d(['  PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND'])).toBe(0);
    expect(d(['TASK                                                                PID     STATUS'])).toBe(0);
    expect(d(['ID          PID         STATUS      BUNDLE      CREATED     OWNER'])).toBe(0);
    expect(d(['CONTAINER           IMAGE               CREATED             STATE               NAME'])).toBe(
      0,
    );
    expect(d(['the process 1234 was killed', 'ps: error'])).toBe(0);
  });
});
