// The kernel reader on single records. Inputs are copied from FORMATS.md section 3 and
// /work/shared/formats/examples (kernel-*.txt) unless marked synthetic.
import { describe, expect, it } from 'vitest';
import { briefReader, expectLinearOnNearMisses, expectRejected } from '../../../test/helpers/read-message.ts';
import { cgroupFromFsPath, readKernel } from './kernel.ts';

const read = briefReader(readKernel);

const CID = '4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6';
const POD = '6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b';

describe('OOM header and context', () => {
  it('reads every header generation', () => {
    // 3.10 EL7: no flag names
    let x = read('java invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=-998');
    expect(x.ok).toBe(true);
    expect(x.f).toMatchObject({
      what: 'oom-invoked',
      comm: 'java',
      gfp_mask: '0xd0',
      order: 0,
      oom_score_adj: -998,
    });
    expect(x.f.gfp_flags).toBeUndefined();
    // 4.14: nodemask and two spaces before order
    x = read(
      'mem invoked oom-killer: gfp_mask=0x14200ca(GFP_HIGHUSER_MOVABLE), nodemask=(null),  order=0, oom_score_adj=0',
    );
    expect(x.f).toMatchObject({
      comm: 'mem',
      gfp_flags: 'GFP_HIGHUSER_MOVABLE',
      nodemask: '(null)',
      oom_score_adj: 0,
    });
    // 6.x
    x = read(
      'java invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=936',
    );
    expect(x.f).toMatchObject({
      gfp_mask: '0x140cca',
      gfp_flags: 'GFP_HIGHUSER_MOVABLE|__GFP_COMP',
      oom_score_adj: 936,
    });
    expect(x.e).toEqual(['process:java']);
    // synthetic: a comm with a space and a node list with a comma
    x = read(
      'npm start invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), nodemask=0-1,3, order=-1, oom_score_adj=999',
    );
    expect(x.f).toMatchObject({ comm: 'npm start', nodemask: '0-1,3', order: -1, oom_score_adj: 999 });
  });

  it('reads the cpuset line and the container its name is', () => {
    const x = read(
      'java cpuset=0db447daf6b7ea0923f45a8eaafdfbb3161d97ef0eaa20fb1b298ffe6879385c mems_allowed=0',
    );
    expect(x.f).toMatchObject({ what: 'oom-cpuset', comm: 'java', mems_allowed: '0' });
    expect(x.e).toContain('container:0db447daf6b7ea0923f45a8eaafdfbb3161d97ef0eaa20fb1b298ffe6879385c');
    expect(read('java cpuset=/ mems_allowed=0').e).toEqual(['process:java']);
  });

  it('reads the CPU line: 6.11 UID, RHEL taint text, comm with a space', () => {
    let x = read('CPU: 3 UID: 1000 PID: 41240 Comm: java Not tainted 6.12.9-amd64 #1 Debian 6.12.9-1');
    expect(x.f).toMatchObject({
      what: 'oom-context',
      cpu: 3,
      uid: 1000,
      pid: 41240,
      comm: 'java',
      tainted: false,
    });
    expect(x.f.kernel_release).toBe('6.12.9-amd64');
    x = read(
      'CPU: 9 PID: 14881 Comm: java Tainted: G    B          ------------ T 3.10.0-327.4.5.el7.x86_64 #1',
    );
    expect(x.f).toMatchObject({ pid: 14881, tainted: true, taint: 'G B ------------ T' });
    expect(x.f.kernel_release).toBe('3.10.0-327.4.5.el7.x86_64');
    expect(x.e).toEqual(['pid:14881', 'process:java']);
    // synthetic: `%.20s` comm with a space, Kdump marker
    x = read('CPU: 0 PID: 19331 Comm: npm start Kdump: loaded Not tainted 4.19.0-6-amd64 #1');
    expect(x.f).toMatchObject({ comm: 'npm start', kernel_release: '4.19.0-6-amd64' });
  });
});

describe('memcg state', () => {
  it('reads usage lines and the "no limit" value', () => {
    let x = read('memory: usage 2097152kB, limit 2097152kB, failcnt 1532');
    expect(x.f).toEqual({
      what: 'oom-memcg-usage',
      counter: 'memory',
      usage_kb: 2097152,
      limit_kb: 2097152,
      failcnt: 1532,
    });
    x = read('memory+swap: usage 4kB, limit 9007199254740988kB, failcnt 0');
    expect(x.f).toMatchObject({ counter: 'memory+swap', limit_kb: 9007199254740988, unlimited: true });
  });

  it('reads v1 one-line stats and the v2 header, with pod and container', () => {
    let x = read(
      'Memory cgroup stats for /kubepods/pod212ad9a4-3f53-18f5-9b3e-220968447d9d/302f1bbb97304f2c8be9f29e56b513d2d7d3579bfc1276932804155fc4d1313a: cache:32KB rss:524188KB rss_huge:370688KB mapped_file:0KB swap:524356KB inactive_anon:267804KB active_anon:256384KB inactive_file:12KB active_file:4KB unevictable:0KB',
    );
    expect(x.f).toMatchObject({ what: 'oom-memcg-stats', rss_kb: 524188, swap_kb: 524356, cache_kb: 32 });
    expect(x.e).toContain('pod:212ad9a4-3f53-18f5-9b3e-220968447d9d');
    expect(x.e).toContain('container:302f1bbb97304f2c8be9f29e56b513d2d7d3579bfc1276932804155fc4d1313a');
    x = read(
      `Memory cgroup stats for /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod6f1d2c3b_4a5e_4f60_8a9b_0c1d2e3f4a5b.slice/cri-containerd-${CID}.scope:`,
    );
    expect(x.f.cgroup).toMatch(/\.scope$/);
    expect(x.e).toEqual(expect.arrayContaining([`pod:${POD}`, `container:${CID}`]));
  });

  it('reads the memory.stat dump record (multi-line) in bytes', () => {
    const x = read('anon 2138423296\nfile 1245184\nkernel 8228864\npgmajfault 3\nworkingset_refault_file 12');
    expect(x.f).toMatchObject({
      what: 'oom-memcg-stat',
      anon_bytes: 2138423296,
      file_bytes: 1245184,
      kernel_bytes: 8228864,
      pgmajfault: 3,
    });
    // A "word number" line that is no memory.stat key is not claimed.
    expect(read('retries 3').ok).toBe(false);
  });

  it('reads the <= 4.19 task-in-cgroup and the oom.group lines', () => {
    const x = read('Task in /13 killed as a result of limit of /13');
    expect(x.f).toEqual({ what: 'oom-task-in-cgroup', task_memcg: '/13', oom_memcg: '/13' });
    expect(
      read(
        'Tasks in /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod6f1d.slice are going to be killed due to memory.oom.group set',
      ).f.what,
    ).toBe('oom-group-kill');
  });
});

describe('task table', () => {
  it('names the header columns', () => {
    const x = read(
      '[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name',
    );
    expect(x.f.columns).toBe(
      'uid,tgid,total_vm,rss,rss_anon,rss_file,rss_shmem,pgtables_bytes,swapents,oom_score_adj,name',
    );
  });

  it('reads rows of every generation without their header', () => {
    // 3.10: one middle column, nr_ptes (not a page-size multiple, %5d pid)
    let x = read('[28438]     0 28438  5063909   119961    1661   136409          -998 java');
    expect(x.f).toMatchObject({
      pid: 28438,
      uid: 0,
      rss_pages: 119961,
      nr_ptes: 1661,
      swapents: 136409,
      oom_score_adj: -998,
    });
    expect(x.f.pgtables_bytes).toBeUndefined();
    // 4.13: nr_ptes nr_pmds
    x = read('[ 3121]  1000  3121  1620305   934210    1980       9        0             0 java');
    expect(x.f).toMatchObject({ nr_ptes: 1980, nr_pmds: 9, oom_score_adj: 0, comm: 'java' });
    // 4.15-4.18: pgtables_bytes with a %5d pid
    x = read('[ 3121]  1000  3121  1620305   934210  8110080        0             0 java');
    expect(x.f.pgtables_bytes).toBe(8110080);
    // 4.19: a name with a space
    x = read('[  19331]  1000 19331   226026    29603  1314816        0           999 npm start');
    expect(x.f).toMatchObject({ pid: 19331, pgtables_bytes: 1314816, oom_score_adj: 999, comm: 'npm start' });
    expect(x.e).toEqual(['pid:19331', 'process:npm start']);
    // 6.3+: split rss
    x = read(
      '[  41235]  1000 41235  2098026   524544   524288      256         0  4620288        0           936 java',
    );
    expect(x.f).toMatchObject({
      rss_anon_pages: 524288,
      rss_file_pages: 256,
      rss_shmem_pages: 0,
      pgtables_bytes: 4620288,
      oom_score_adj: 936,
    });
    // Too few columns: not a task row.
    expect(read('[  41235]  1000 41235 java').ok).toBe(false);
  });
});

describe('summary line', () => {
  it('reads a memcg summary with the pod and container it names', () => {
    const x = read(
      `oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=cri-containerd-${CID}.scope,mems_allowed=0,oom_memcg=/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod6f1d2c3b_4a5e_4f60_8a9b_0c1d2e3f4a5b.slice/cri-containerd-${CID}.scope,task_memcg=/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod6f1d2c3b_4a5e_4f60_8a9b_0c1d2e3f4a5b.slice/cri-containerd-${CID}.scope,task=java,pid=41235,uid=1000`,
    );
    expect(x.f).toMatchObject({
      what: 'oom-summary',
      constraint: 'CONSTRAINT_MEMCG',
      scope: 'memcg',
      cpuset: `cri-containerd-${CID}.scope`,
      mems_allowed: '0',
      task: 'java',
      pid: 41235,
      uid: 1000,
    });
    expect(x.f.partial).toBeUndefined();
    expect(x.e).toEqual(
      expect.arrayContaining(['pid:41235', 'process:java', `pod:${POD}`, `container:${CID}`]),
    );
  });

  it('reads the gpud-70 line: node list with a range, elided oom_memcg', () => {
    const x = read(
      'oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=cri-containerd-8f6046c8e15a117a146646b5061e51a57cf27c01a7d95621f95251929e4d43e9.scope,mems_allowed=0-1,oom_memcg=/lxc.payload....-lxc/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod94dabbf4_4b1a_4fe0_a7a9_3c6cf8855a1d.slice,task_memcg=/lxc.payload.q7w4k9m2xz-lxc/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod94dabbf4_4b1a_4fe0_a7a9_3c6cf8855a1d.slice/cri-containerd-8f6046c8e15a117a146646b5061e51a57cf27c01a7d95621f95251929e4d43e9.scope,task=pt_main_thread,pid=461754,uid=0',
    );
    expect(x.f).toMatchObject({
      mems_allowed: '0-1',
      task: 'pt_main_thread',
      pid: 461754,
      uid: 0,
      scope: 'memcg',
    });
    expect(x.f.oom_memcg).toBe(
      '/lxc.payload....-lxc/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod94dabbf4_4b1a_4fe0_a7a9_3c6cf8855a1d.slice',
    );
    expect(x.e).toContain('container:8f6046c8e15a117a146646b5061e51a57cf27c01a7d95621f95251929e4d43e9');
    expect(x.e).toContain('pod:94dabbf4-4b1a-4fe0-a7a9-3c6cf8855a1d');
  });

  it('reads a global summary and both halves of a split one', () => {
    let x = read(
      'oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/postgresql.service,task=postgres,pid=2201,uid=105',
    );
    expect(x.f).toMatchObject({
      scope: 'global',
      mems_allowed: '0',
      task_memcg: '/system.slice/postgresql.service',
    });
    x = read('oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0');
    expect(x.f).toMatchObject({ what: 'oom-summary', partial: 'head', scope: 'global', mems_allowed: '0' });
    x = read(',global_oom,task_memcg=/,task=firewalld,pid=5096,uid=0');
    expect(x.f).toMatchObject({
      what: 'oom-summary',
      partial: 'tail',
      scope: 'global',
      task: 'firewalld',
      pid: 5096,
    });
    expect(read(',something else').ok).toBe(false);
  });
});

describe('kill lines', () => {
  it('reads the 5.4+ kill line', () => {
    const x = read(
      'Memory cgroup out of memory: Killed process 63214 (uwsgi) total-vm:3149468kB, anon-rss:164992kB, file-rss:52176kB, shmem-rss:92kB, UID:0 pgtables:1372kB oom_score_adj:986',
    );
    expect(x.f).toEqual({
      what: 'oom-killed-process',
      reason: 'Memory cgroup out of memory',
      scope: 'memcg',
      pid: 63214,
      comm: 'uwsgi',
      uid: 0,
      total_vm_kb: 3149468,
      anon_rss_kb: 164992,
      file_rss_kb: 52176,
      shmem_rss_kb: 92,
      pgtables_kb: 1372,
      oom_score_adj: 986,
    });
  });

  it('reads the bare 3.x line, with no scope', () => {
    const x = read('Killed process 1877 (influxd) total-vm:4928944kB, anon-rss:1551316kB, file-rss:0kB');
    expect(x.f).toMatchObject({ pid: 1877, comm: 'influxd', anon_rss_kb: 1551316, file_rss_kb: 0 });
    expect(x.f.scope).toBeUndefined();
  });

  it('reads the RHEL 7 and RHEL 6 variants (FORMATS.md 3.2.8)', () => {
    let x = read(
      'Killed process 21945 (tidb-server), UID 1000, total-vm:33027492kB, anon-rss:31303276kB, file-rss:0kB, shmem-rss:0kB',
    );
    expect(x.f).toMatchObject({
      pid: 21945,
      comm: 'tidb-server',
      uid: 1000,
      total_vm_kb: 33027492,
      shmem_rss_kb: 0,
    });
    x = read(
      'Killed process 215701, UID 679, (java) total-vm:11017300kB, anon-rss:7152432kB, file-rss:1232kB',
    );
    expect(x.f).toMatchObject({ pid: 215701, comm: 'java', uid: 679, file_rss_kb: 1232 });
  });

  it('reads the allocating-task variant and the kill choice', () => {
    let x = read(
      'Out of memory (oom_kill_allocating_task): Killed process 5123 (stress) total-vm:1051180kB, anon-rss:1048600kB, file-rss:4kB, shmem-rss:0kB, UID:0 pgtables:2100kB oom_score_adj:0',
    );
    expect(x.f).toMatchObject({
      scope: 'global',
      reason: 'Out of memory (oom_kill_allocating_task)',
      pid: 5123,
    });
    x = read('Out of memory: Kill process 1877 (influxd) score 760 or sacrifice child');
    expect(x.f).toEqual({
      what: 'oom-kill-choice',
      reason: 'Out of memory',
      scope: 'global',
      pid: 1877,
      comm: 'influxd',
      score: 760,
    });
    x = read('Memory cgroup out of memory: Kill process 24572 (java) score 0 or sacrifice child');
    expect(x.f).toMatchObject({ scope: 'memcg', pid: 24572, score: 0 });
  });

  it('reads the follow-ups', () => {
    let x = read('oom_reaper: reaped process 63214 (uwsgi), now anon-rss:0kB, file-rss:0kB, shmem-rss:92kB');
    expect(x.f).toEqual({
      what: 'oom-reaped',
      pid: 63214,
      comm: 'uwsgi',
      anon_rss_kb: 0,
      file_rss_kb: 0,
      shmem_rss_kb: 92,
    });
    x = read('oom_reaper: unable to reap pid:41235 (java)');
    expect(x.f).toMatchObject({ what: 'oom-reap-failed', pid: 41235 });
    x = read(
      'Memory cgroup out of memory: OOM victim 41235 (java) is already exiting. Skip killing the task',
    );
    expect(x.f).toMatchObject({ what: 'oom-victim-exiting', pid: 41235, scope: 'memcg' });
    expect(read('Out of memory and no killable processes...').f.what).toBe('oom-no-killable');
  });
});

describe('global memory state', () => {
  it('reads the multi-line Mem-Info record in pages', () => {
    const x = read(
      'active_anon:467412 inactive_anon:0 isolated_anon:0\n active_file:0 inactive_file:0 isolated_file:0\n free:15416 free_pcp:7714 free_cma:0',
    );
    expect(x.f).toMatchObject({
      what: 'oom-mem-info',
      active_anon_pages: 467412,
      free_pages: 15416,
      free_pcp_pages: 7714,
    });
  });

  it('reads the page and swap totals and the node lines', () => {
    expect(read('524158 pages RAM').f).toEqual({ what: 'oom-mem-info', ram_pages: 524158 });
    expect(read('Free swap  = 0kB').f).toEqual({ what: 'oom-mem-info', free_swap_kb: 0 });
    expect(read('Node 0 DMA free:14848kB boost:0kB min:256kB').f).toEqual({
      what: 'oom-mem-info',
      node: 0,
      zone: 'DMA',
    });
    // busybox / `dmesg -p`: a continuation line with its own prefix
    expect(read(' active_file:0 inactive_file:0 isolated_file:0').f.what).toBe('oom-mem-info');
  });
});

describe('other reports', () => {
  it('reads a hung task whose comm holds colons, and the lines after it', () => {
    let x = read('INFO: task kworker/u32:2:113 blocked for more than 122 seconds.');
    expect(x.f).toEqual({ what: 'hung-task', comm: 'kworker/u32:2', pid: 113, blocked_seconds: 122 });
    x = read('      Tainted: G        W   E     4.19.0-6-amd64 #1 Debian 4.19.67-2+deb10u2');
    expect(x.f).toMatchObject({ what: 'kernel-taint', tainted: true, kernel_release: '4.19.0-6-amd64' });
    // awk-mangled (corpus systemd-23638)
    x = read('Tainted: G O --------- - - 4.18.0-147.3.1.el8_1.3');
    expect(x.f.kernel_release).toBe('4.18.0-147.3.1.el8_1.3');
    expect(read('"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this messa').f.what).toBe(
      'hung-task-hint',
    );
  });

  it('reads the task state line, new and old', () => {
    let x = read('task:kworker/u32:2   state:D stack:13032 pid:  113 ppid:     2 flags:0x00004000');
    expect(x.f).toEqual({
      what: 'task-state',
      comm: 'kworker/u32:2',
      state: 'D',
      stack: 13032,
      pid: 113,
      ppid: 2,
    });
    x = read('exe D 0 1990875 44826 0x00000000');
    expect(x.f).toEqual({ what: 'task-state', comm: 'exe', state: 'D', stack: 0, pid: 1990875, ppid: 44826 });
    x = read('logrotate       D    0 17344  17342 0x00000080');
    expect(x.f).toMatchObject({ comm: 'logrotate', pid: 17344, ppid: 17342 });
  });

  it('reads pids, file-max, lockups, panics', () => {
    let x = read(
      'cgroup: fork rejected by pids controller in /libpod_parent/libpod-76c59b6210f016e99de38984c9f942161e93ab9fba4b648a5b8ada87e5ef1f24/kubepods.slice/kubepods-pod17ce3119_ff78_4ecd_bf9e_3baa09bfe4f3.slice/crio-32699ec6d8cea339068b8879659c6d131bc85bebbc5a66998932327a29ce3fd5.scope',
    );
    expect(x.f.what).toBe('fork-rejected');
    expect(x.e).toContain('container:32699ec6d8cea339068b8879659c6d131bc85bebbc5a66998932327a29ce3fd5');
    expect(x.e).toContain('pod:17ce3119-ff78-4ecd-bf9e-3baa09bfe4f3');
    expect(read('VFS: file-max limit 1048576 reached').f).toEqual({ what: 'file-max', limit: 1048576 });
    x = read('watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [002-logging:310]');
    expect(x.f).toEqual({ what: 'soft-lockup', cpu: 1, stuck_seconds: 22, comm: '002-logging', pid: 310 });
    expect(read('NMI watchdog: Watchdog detected hard LOCKUP on cpu 5').f).toEqual({
      what: 'hard-lockup',
      cpu: 5,
    });
    expect(read('Kernel panic - not syncing: Fatal exception').f).toEqual({
      what: 'panic',
      reason: 'Fatal exception',
    });
    expect(read('---[ end Kernel panic - not syncing: Fatal exception ]---').f).toEqual({
      what: 'panic',
      reason: 'Fatal exception',
      end_marker: true,
    });
  });

  it('reads segfaults', () => {
    const x = read(
      'node[2211]: segfault at 0 ip 0000562a1b2c3d4e sp 00007ffd1a2b3c40 error 4 in node[562a1a000000+2c4f000] likely on CPU 3 (core 3, socket 0)',
    );
    expect(x.f).toMatchObject({
      what: 'segfault',
      comm: 'node',
      pid: 2211,
      address: '0',
      error_code: 4,
      object: 'node',
      cpu: 3,
    });
    // synthetic: a comm with brackets and a hex error code
    expect(read('a[b][77]: segfault at 8 ip 00000000004005d6 sp 00007ffd1a2b3c40 error 14').f).toMatchObject({
      comm: 'a[b]',
      pid: 77,
      error_code: 20,
    });
  });

  it('reads ext4 errors field by field', () => {
    const x = read(
      'EXT4-fs error (device nvme0n1p1): ext4_readdir:268: inode #131073: block 524800: comm ls: path /var/lib/containerd: bad entry in directory: rec_len is smaller than minimal - offset=0, inode=0, rec_len=0, size=4096 fake=0',
    );
    expect(x.f).toMatchObject({
      what: 'fs-error',
      level: 'error',
      device: 'nvme0n1p1',
      function: 'ext4_readdir',
      source_line: 268,
      inode: 131073,
      block: 524800,
      comm: 'ls',
      path: '/var/lib/containerd',
    });
    expect(x.f.detail).toMatch(/^bad entry in directory/);
    // synthetic (FORMATS.md 3.9 __ext4_std_error)
    expect(read('EXT4-fs error (device sda1) in ext4_reserve_inode_write:5678: IO failure').f).toMatchObject({
      function: 'ext4_reserve_inode_write',
      detail: 'IO failure',
    });
    expect(read('EXT4-fs (sda1): Remounting filesystem read-only').f).toMatchObject({
      what: 'fs-remount-ro',
      device: 'sda1',
    });
  });

  it('reads stack dump lines so every line of a report is named', () => {
    expect(read(' ? get_mem_cgroup_from_page+0x70/0x70').f).toEqual({
      what: 'stack-frame',
      function: 'get_mem_cgroup_from_page',
      unreliable: true,
    });
    expect(read(' [<ffffffff8163515c>] dump_stack+0x19/0x1b').f.function).toBe('dump_stack');
    expect(read('schedule+0x39/0x80').f.function).toBe('schedule');
    expect(read(' ffff8806db522280 00000000cdb595c3 ffff88066838fca8 ffffffff8163515c').f.what).toBe(
      'stack-words',
    );
    expect(read('Call Trace:').f.what).toBe('call-trace');
    expect(read('RSP: 002b:00007f39f85fe7a8 EFLAGS: 00010206').f.what).toBe('registers');
    // Two hex ids of different widths in free text are no stack words.
    expect(read('3f2a1b4c5d6e7 a65fba91b40e4cbd79a3443b5c898a6f93d77a94d01eb052981ce652710c94a9').ok).toBe(
      false,
    );
  });
});

describe('pass-through records and ENOSPC', () => {
  it('reads the Talos OOM controller line and its JSON fields', () => {
    const x = read(
      '[talos] Sending SIGKILL to cgroup {"component": "controller-runtime", "controller": "runtime.OOMController", "cgroup": "/sys/fs/cgroup/kubepods/burstable/podfa7a7e58-0b1e-4c92-b352-eea4274ed391"}',
    );
    expect(x.f).toMatchObject({
      what: 'cgroup-kill',
      signal: 'SIGKILL',
      controller: 'runtime.OOMController',
      cgroup: '/sys/fs/cgroup/kubepods/burstable/podfa7a7e58-0b1e-4c92-b352-eea4274ed391',
    });
    expect(x.e).toEqual([
      'cgroup:/kubepods/burstable/podfa7a7e58-0b1e-4c92-b352-eea4274ed391',
      'pod:fa7a7e58-0b1e-4c92-b352-eea4274ed391',
    ]);
  });

  it('skips an rsyslog uptime stamp and reads a bridge port change (corpus containerd-8921)', () => {
    const x = read('[86813.898404] br-73d9b7d7aaa7: port 17(vethf24de83) entered disabled state');
    expect(x.f).toEqual({
      what: 'bridge-port-state',
      bridge: 'br-73d9b7d7aaa7',
      port: 17,
      interface: 'vethf24de83',
      state: 'disabled',
    });
  });

  it('names ENOSPC and its cgroup but claims no writer (user-space text, corpus moby-29638)', () => {
    const x = read(
      '"oci runtime error: process_linux.go:258: applying cgroup configuration for process caused "mkdir /sys/fs/cgroup/memory/docker/9f70e4294eb62804b3d60fb2da6478f27a3b546a5319004dbcf86027a0856fe6: no space left on device""',
    );
    expect(x.ok).toBe(false);
    expect(x.f).toMatchObject({
      what: 'no-space',
      errno: 'ENOSPC',
      path: '/sys/fs/cgroup/memory/docker/9f70e4294eb62804b3d60fb2da6478f27a3b546a5319004dbcf86027a0856fe6',
    });
    expect(x.e).toContain('container:9f70e4294eb62804b3d60fb2da6478f27a3b546a5319004dbcf86027a0856fe6');
    expect(x.e).toContain('cgroup:/docker/9f70e4294eb62804b3d60fb2da6478f27a3b546a5319004dbcf86027a0856fe6');
  });

  it('maps /sys/fs/cgroup paths to the cgroup the kernel names', () => {
    expect(cgroupFromFsPath('/sys/fs/cgroup/memory/docker/abc')).toBe('/docker/abc');
    expect(cgroupFromFsPath('/sys/fs/cgroup/kubepods/burstable')).toBe('/kubepods/burstable');
    expect(cgroupFromFsPath('/sys/fs/cgroup/cpu,cpuacct/kubepods')).toBe('/kubepods');
    expect(cgroupFromFsPath('/var/lib/docker')).toBe('/var/lib/docker');
  });
});

describe('foreign text', () => {
  it('is rejected and left untouched', () => {
    expectRejected(readKernel, [
      'time="2023-08-05T07:27:14.304609945+02:00" level=info msg="shim disconnected" id=0184e59d441d',
      'E1126 11:00:02.000000    1307 kubelet.go:1600] "Failed to start ContainerManager"',
      'systemd[1]: Started containerd.service - containerd container runtime.',
      'myapp.service: Main process exited, code=killed, status=9/KILL',
      'Started Docker Application Container Engine.',
      'veth51903d5: renamed from eth0',
      '',
      '[',
    ]);
  });

  it('costs time linear in the length of near-miss text', () => {
    const seeds = [
      'java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), nodemask=',
      'oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=',
      'Killed process 1234 (java',
      '[  41235]  1000 41235 ',
      'node[2211]: segfault at 0 ip ',
      'INFO: task a:1 blocked for more than ',
      'EXT4-fs error (device sda1): f:1: ',
      'traps: a[1] ',
      'exe D 0 1 2 ',
      'x cpuset=',
      '',
    ];
    const fillers = [' ', '0', 'a', ':', '(', ')', ',', '[', ']', '+0x', ' 0x', ': ', '-', 'kB, '];
    expectLinearOnNearMisses(readKernel, seeds, fillers);
  });
});
