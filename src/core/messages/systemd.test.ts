// The systemd reader on single messages. Inputs are copied from FORMATS.md 6.4,
// /work/shared/formats/examples/systemd-unit-messages.synthetic.txt, the journal fixtures and the
// corpus (containerd-5708 systemctl status) unless marked synthetic.
import { describe, expect, it } from 'vitest';
import { briefReader, expectLinearOnNearMisses, expectRejected } from '../../../test/helpers/read-message.ts';
import { readSystemd, sizeBytes, timespanSeconds } from './systemd.ts';

const read = briefReader(readSystemd);

const CID = '4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6';

describe('unit messages', () => {
  it('reads main process exits: signal, exit code, v219 lower case, n/a names', () => {
    let x = read('containerd.service: Main process exited, code=killed, status=9/KILL');
    expect(x.f).toEqual({
      what: 'unit-main-exited',
      code: 'killed',
      status: 9,
      status_name: 'KILL',
      signal: 'SIGKILL',
    });
    expect(x.e).toEqual(['unit:containerd.service']);
    x = read('batch.service: Main process exited, code=exited, status=1/FAILURE');
    expect(x.f).toMatchObject({ code: 'exited', exit_code: 1, status_name: 'FAILURE' });
    expect(x.f.signal).toBeUndefined();
    expect(read('myapp.service: main process exited, code=killed, status=9/KILL').f.what).toBe(
      'unit-main-exited',
    );
    expect(read('other.service: Main process exited, code=exited, status=143/n/a').f).toMatchObject({
      exit_code: 143,
      status_name: 'n/a',
    });
    // synthetic (FORMATS.md 6.4: `dumped`, Control process)
    expect(read('app.service: Main process exited, code=dumped, status=11/SEGV').f).toMatchObject({
      signal: 'SIGSEGV',
      core_dumped: true,
    });
    expect(read('app.service: Control process exited, code=exited, status=203/EXEC').f).toMatchObject({
      what: 'unit-control-exited',
      exit_code: 203,
    });
  });

  it('reads results, OOM kills and the processes killed', () => {
    expect(read("myapp.service: Failed with result 'oom-kill'.").f).toEqual({
      what: 'unit-failed',
      result: 'oom-kill',
    });
    const x = read(`cri-containerd-${CID}.scope: A process of this unit has been killed by the OOM killer.`);
    expect(x.f).toEqual({ what: 'unit-oom-killed' });
    expect(x.e).toEqual([`unit:cri-containerd-${CID}.scope`, `container:${CID}`]);
    expect(
      read(
        'kubepods-burstable-pod6f1d2c3b_4a5e_4f60_8a9b_0c1d2e3f4a5b.slice: A process of this unit has been killed by the OOM killer.',
      ).e,
    ).toContain('pod:6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b');
    const k = read('myapp.service: Killing process 2211 (myapp) with signal SIGKILL.');
    expect(k.f).toEqual({ what: 'unit-killing-process', pid: 2211, comm: 'myapp', signal: 'SIGKILL' });
    expect(k.e).toEqual(['unit:myapp.service', 'pid:2211', 'process:myapp']);
  });

  it('reads resource use with all its optional parts', () => {
    let x = read('myapp.service: Consumed 1min 2.345s CPU time, 1.9G memory peak, 0B memory swap peak.');
    expect(x.f).toMatchObject({
      what: 'unit-consumed',
      cpu_time: '1min 2.345s',
      cpu_seconds: 62.345,
      memory_peak: '1.9G',
      memory_peak_bytes: Math.round(1.9 * 1024 ** 3),
      memory_swap_peak_bytes: 0,
    });
    x = read(
      'myapp.service: Consumed 5.021s CPU time over 1h 6min 29.112s wall clock time, 412.0M memory peak.',
    );
    expect(x.f).toMatchObject({
      cpu_seconds: 5.021,
      wall_seconds: 3989.112,
      memory_peak_bytes: 412 * 1024 ** 2,
    });
    expect(read('containerd.service: Consumed 2min 3.104s CPU time.').f).toEqual({
      what: 'unit-consumed',
      cpu_time: '2min 3.104s',
      cpu_seconds: 123.104,
    });
  });

  it('reads restarts, deactivation of scopes and units, timeouts', () => {
    expect(read('myapp.service: Scheduled restart job, restart counter is at 5.').f).toEqual({
      what: 'unit-restart-scheduled',
      restart_counter: 5,
    });
    const x = read(`cri-containerd-${CID}.scope: Deactivated successfully.`);
    expect(x.f.what).toBe('scope-deactivated');
    expect(x.e).toContain(`container:${CID}`);
    expect(read('cron-job.service: Deactivated successfully.').f.what).toBe('unit-deactivated');
    expect(read('mnt-usb-debs.mount: Succeeded.').f.what).toBe('unit-deactivated');
    expect(read("myapp.service: State 'stop-sigterm' timed out. Killing.").f).toEqual({
      what: 'unit-state-timeout',
      state: 'stop-sigterm',
      action: 'Killing',
    });
  });

  it('keeps the unit of a message it does not know', () => {
    const x = read(
      'containerd.service: Referenced but unset environment variable evaluates to an empty string: X',
    );
    expect(x.ok).toBe(true);
    expect(x.f).toEqual({});
    expect(x.e).toEqual(['unit:containerd.service']);
  });
});

describe('job messages and old systemd', () => {
  it('reads Started/Stopping/Stopped with and without the unit name', () => {
    let x = read('Started containerd.service - containerd container runtime.');
    expect(x.f).toEqual({ what: 'unit-started', description: 'containerd container runtime' });
    expect(x.e).toEqual(['unit:containerd.service']);
    x = read('Started containerd container runtime.');
    expect(x.f).toEqual({ what: 'unit-started', description: 'containerd container runtime' });
    expect(x.e).toEqual([]);
    expect(read('Started cron-job.service.').e).toEqual(['unit:cron-job.service']);
    expect(read('Stopping myapp.service - My App...').f.what).toBe('unit-stopping');
    expect(read('Stopped myapp.service - My App.').f.what).toBe('unit-stopped');
    expect(read('Starting logrotate.service - Rotate log files...').f.what).toBe('unit-starting');
    // synthetic: runc's scope description names the container
    expect(read(`Started libcontainer container ${CID}.`).e).toEqual([`container:${CID}`]);
  });

  it('reads v219 failure lines', () => {
    expect(read('Unit myapp.service entered failed state.')).toEqual({
      ok: true,
      f: { what: 'unit-failed' },
      e: ['unit:myapp.service'],
    });
    expect(read('myapp.service failed.').f.what).toBe('unit-failed');
  });

  it('strips the ident a kmsg record or a paste carries', () => {
    const x = read('systemd[1]: cri-containerd-abc.scope: Deactivated successfully.');
    expect(x.f.what).toBe('scope-deactivated');
    // Unknown text after a systemd ident is still systemd's.
    expect(read('systemd-journald[723]: Received client request to flush runtime journal.')).toEqual({
      ok: true,
      f: {},
      e: [],
    });
  });
});

describe('systemd-oomd', () => {
  it('reads a memory pressure kill (FORMATS.md 6.4)', () => {
    const x = read(
      'Killed /system.slice/app.service due to memory pressure for /system.slice being 82.15% > 80.00% for > 20s with reclaim activity',
    );
    expect(x.f).toEqual({
      what: 'oomd-killed',
      reason: 'memory-pressure',
      cgroup: '/system.slice/app.service',
      monitored_cgroup: '/system.slice',
      pressure_percent: 82.15,
      pressure_limit_percent: 80,
      pressure_duration: '20s',
      pressure_duration_seconds: 20,
    });
    expect(x.e).toEqual(['cgroup:/system.slice/app.service', 'cgroup:/system.slice']);
  });

  it('reads the count in the unit message', () => {
    expect(read('user@1000.service: systemd-oomd killed 3 process(es) in this unit.').f).toEqual({
      what: 'unit-oomd-killed',
      count: 3,
    });
  });
});

describe('systemctl status cgroup tree (corpus containerd-5708)', () => {
  it('reads units and processes under the tree drawing', () => {
    let x = read('               ├─kubepods-burstable-pod04520181_5cae_4384_a4fb_4c205c2f8e54.slice');
    expect(x.f).toEqual({ what: 'cgroup-tree-unit' });
    expect(x.e).toContain('pod:04520181-5cae-4384-a4fb-4c205c2f8e54');
    x = read(
      '               │ └─cri-containerd-a65fba91b40e4cbd79a3443b5c898a6f93d77a94d01eb052981ce652710c94a9.scope',
    );
    expect(x.e).toContain('container:a65fba91b40e4cbd79a3443b5c898a6f93d77a94d01eb052981ce652710c94a9');
    x = read('               │   └─12678 /pause');
    expect(x.f).toEqual({ what: 'cgroup-tree-process', pid: 12678, cmdline: '/pause', comm: 'pause' });
    expect(x.e).toEqual(['pid:12678', 'process:pause']);
    // synthetic: the ASCII fallback
    expect(read('  `-1234 /usr/bin/containerd --config /etc/containerd/config.toml').f.comm).toBe(
      'containerd',
    );
  });
});

describe('values', () => {
  it('converts time spans and sizes', () => {
    expect(timespanSeconds('1h 6min 29.112s')).toBe(3989.112);
    expect(timespanSeconds('150ms')).toBe(0.15);
    expect(timespanSeconds('2 apples')).toBeUndefined();
    expect(sizeBytes('0B')).toBe(0);
    expect(sizeBytes('4.0K')).toBe(4096);
    expect(sizeBytes('many')).toBeUndefined();
  });
});

describe('foreign text', () => {
  it('is rejected and left untouched', () => {
    expectRejected(readSystemd, [
      'time="2023-08-05T07:27:14.304609945+02:00" level=info msg="shim disconnected" id=0184e59d441d',
      'E1126 11:00:02.000000    1307 kubelet.go:1600] "Failed to start ContainerManager"',
      'Memory cgroup out of memory: Killed process 63214 (uwsgi) total-vm:3149468kB',
      'java invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=-998',
      'Starting',
      'listening on :8080',
      '',
    ]);
  });

  it('costs time linear in the length of near-miss text', () => {
    const seeds = [
      'a.service: ',
      'a.service: Main process exited, code=killed, status=',
      'Killed /a due to memory pressure for /',
      'Started ',
      '  │ └─',
      'x'.repeat(200),
      '',
    ];
    const fillers = [' ', '.', 'a', ':', '│', '|', '/', '0', 'a.service', ', '];
    expectLinearOnNearMisses(readSystemd, seeds, fillers);
  });
});
