// The kernel's OOM report for a 6.1 kernel (FORMATS.md 3.2): header, stack dump, memory state
// (memcg block or global Mem-Info), task table, the `oom-kill:` summary and the kill line.
// One call returns the records in printk order, a few microseconds apart.

import type { Say } from './activities.ts';
import type { KeyMark, NodeModel, Pod, Rec } from './node-model.ts';
import type { Rng } from './random.ts';

export interface OomTask {
  pid: number;
  uid: number;
  comm: string;
  adj: number;
  /** Resident pages. */
  rss: number;
  /** Virtual size in pages. */
  totalVm: number;
  pgtablesBytes: number;
}

export interface OomVictim {
  pid: number;
  comm: string;
  uid: number;
  adj: number;
  totalVmKb: number;
  anonRssKb: number;
  fileRssKb: number;
  shmemRssKb: number;
  pgtablesKb: number;
}

export interface OomSpec {
  incident: string;
  kind: 'memcg' | 'global';
  invoker: { comm: string; pid: number; adj: number; cpu: number };
  /** memcg: the cgroup whose limit was hit. */
  oomMemcg?: string;
  limitKb?: number;
  failcnt?: number;
  taskMemcg: string;
  cpuset: string;
  tasks: OomTask[];
  victim: OomVictim;
}

export interface OomReport {
  recs: Rec[];
  /** Time of the `invoked oom-killer` header and of the kill line. */
  invokedAt: number;
  killedAt: number;
}

const TOP = [
  'dump_stack_lvl+0x44/0x5c',
  'dump_header+0x4a/0x211',
  'oom_kill_process.cold+0xb/0x10',
  'out_of_memory+0x1fd/0x4c0',
];
const MEMCG = [
  'mem_cgroup_out_of_memory+0x134/0x150',
  'try_charge_memcg+0x696/0x780',
  'charge_memcg+0x39/0xf0',
  '__mem_cgroup_charge+0x28/0x80',
];
const GLOBAL = [
  '__alloc_pages_slowpath.constprop.0+0xcb9/0xe10',
  '__alloc_pages+0x30b/0x330',
  'folio_alloc+0x17/0x50',
  '__filemap_get_folio+0x155/0x340',
  'filemap_fault+0x139/0x910',
  '__do_fault+0x30/0x110',
];
const TAIL = [
  'do_anonymous_page+0x1b9/0x9f0',
  '__handle_mm_fault+0x9a5/0xf60',
  'handle_mm_fault+0xdb/0x2d0',
  'do_user_addr_fault+0x191/0x550',
  'exc_page_fault+0x70/0x170',
  'asm_exc_page_fault+0x22/0x30',
];

/** `%8lu`-style right alignment. */
const r = (v: number, w: number): string => String(v).padStart(w);

export function oomReport(say: Say, node: NodeModel, rng: Rng, t0: number, spec: OomSpec): OomReport {
  const recs: Rec[] = [];
  let t = t0;
  const k = (msg: string, prio = 6, key?: KeyMark) => {
    recs.push(say.kernel(t, msg, prio, key));
    t += rng.int(2, 40);
  };
  const memcg = spec.kind === 'memcg';
  const inv = spec.invoker;
  const mark = (id: string, contains: string[]): KeyMark => ({ incident: spec.incident, id, contains });
  const gfp = memcg ? '0xcc0(GFP_KERNEL)' : '0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP)';
  const invokedAt = t;
  k(
    `${inv.comm} invoked oom-killer: gfp_mask=${gfp}, order=0, oom_score_adj=${inv.adj}`,
    4,
    mark('kernel.invoked', [`${inv.comm} invoked oom-killer`]),
  );
  const release = node.kernelRelease;
  const distro = node.kernelBuild.match(/Debian [^ ]+/)?.[0] ?? '';
  k(`CPU: ${inv.cpu} PID: ${inv.pid} Comm: ${inv.comm} Not tainted ${release} #1 ${distro}`.trimEnd(), 4);
  k(`Hardware name: ${node.hardware}`, 4);
  k('Call Trace:', 4);
  k(' <TASK>', 4);
  for (const f of [...TOP, ...(memcg ? MEMCG : GLOBAL), ...TAIL]) k(` ${f}`, 4);
  // User-space registers of the faulting task: addresses in the 0x7f.. mapping, small counters.
  const rip = 0x7f0000000000 + rng.int(0, 0xffffffff) * 256 + rng.int(0, 255);
  const reg = (): string =>
    rng.chance(0.5)
      ? `00007f${rng.hex(10)}`
      : rng.chance(0.5)
        ? '0000000000000000'
        : rng.int(1, 0xffffff).toString(16).padStart(16, '0');
  k(`RIP: 0033:0x${rip.toString(16)}`, 4);
  k(`Code: Unable to access opcode bytes at 0x${(rip - 0x2a).toString(16)}.`, 4);
  k(`RSP: 002b:00007f${rng.hex(10)} EFLAGS: 00010206`, 4);
  for (const regs of [
    ['RAX', 'RBX', 'RCX'],
    ['RDX', 'RSI', 'RDI'],
    ['RBP', 'R08', 'R09'],
    ['R10', 'R11', 'R12'],
    ['R13', 'R14', 'R15'],
  ]) {
    k(regs.map((name) => `${name}: ${reg()}`).join(' '), 4);
  }
  k(' </TASK>', 4);
  if (memcg) {
    const limit = spec.limitKb ?? 0;
    k(`memory: usage ${limit}kB, limit ${limit}kB, failcnt ${spec.failcnt ?? rng.int(1, 900)}`);
    k('swap: usage 0kB, limit 9007199254740988kB, failcnt 0');
    k(`Memory cgroup stats for ${spec.oomMemcg}:`);
    // memory.stat of the memcg, printed by one printk: one record spanning many lines.
    const anon = (limit - rng.int(4000, 9000)) * 1024;
    const stats: [string, number][] = [
      ['anon', anon],
      ['file', rng.int(0, 4096) * 4096],
      ['kernel', rng.int(2000, 9000) * 4096],
      ['kernel_stack', rng.int(40, 200) * 16384],
      ['pagetables', rng.int(300, 2000) * 4096],
      ['sec_pagetables', 0],
      ['percpu', rng.int(10, 90) * 4096],
      ['sock', 0],
      ['vmalloc', rng.int(0, 40) * 4096],
      ['shmem', 0],
      ['zswap', 0],
      ['zswapped', 0],
      ['file_mapped', rng.int(0, 900) * 4096],
      ['file_dirty', 0],
      ['file_writeback', 0],
      ['swapcached', 0],
      ['anon_thp', rng.int(0, 40) * 2097152],
      ['file_thp', 0],
      ['shmem_thp', 0],
      ['inactive_anon', anon - rng.int(1, 40) * 4096],
      ['active_anon', rng.int(1, 40) * 4096],
      ['inactive_file', rng.int(0, 400) * 4096],
      ['active_file', rng.int(0, 400) * 4096],
      ['unevictable', 0],
      ['slab_reclaimable', rng.int(100, 900) * 4096],
      ['slab_unreclaimable', rng.int(100, 900) * 4096],
      ['slab', rng.int(200, 1800) * 4096],
      ['workingset_refault_anon', 0],
      ['workingset_refault_file', rng.int(0, 900)],
      ['workingset_activate_anon', 0],
      ['workingset_activate_file', rng.int(0, 200)],
      ['workingset_restore_anon', 0],
      ['workingset_restore_file', rng.int(0, 100)],
      ['workingset_nodereclaim', 0],
      ['pgscan', rng.int(1000, 90000)],
      ['pgsteal', rng.int(1000, 90000)],
      ['pgscan_kswapd', 0],
      ['pgscan_direct', rng.int(1000, 90000)],
      ['pgsteal_kswapd', 0],
      ['pgsteal_direct', rng.int(1000, 90000)],
      ['pgfault', rng.int(100000, 9000000)],
      ['pgmajfault', rng.int(0, 90)],
      ['pgrefill', rng.int(0, 9000)],
      ['pgactivate', rng.int(0, 9000)],
      ['pgdeactivate', rng.int(0, 9000)],
      ['pglazyfree', 0],
      ['pglazyfreed', 0],
      ['zswpin', 0],
      ['zswpout', 0],
      ['thp_fault_alloc', rng.int(0, 200)],
      ['thp_collapse_alloc', rng.int(0, 20)],
    ];
    k(stats.map(([name, v]) => `${name} ${v}`).join('\n'));
  } else {
    k('Mem-Info:');
    k(
      [
        `active_anon:${rng.int(3_800_000, 3_900_000)} inactive_anon:${rng.int(40, 400)} isolated_anon:0`,
        ` active_file:${rng.int(10, 90)} inactive_file:${rng.int(40, 200)} isolated_file:0`,
        ' unevictable:0 dirty:0 writeback:0',
        ` slab_reclaimable:${rng.int(9000, 20000)} slab_unreclaimable:${rng.int(20000, 40000)}`,
        ` mapped:${rng.int(20, 90)} shmem:${rng.int(100, 400)} pagetables:${rng.int(8000, 10000)}`,
        ' sec_pagetables:0 bounce:0',
        ' kernel_misc_reclaimable:0',
        ` free:${rng.int(30000, 34000)} free_pcp:${rng.int(0, 90)} free_cma:0`,
      ].join('\n'),
    );
    k(
      `Node 0 active_anon:${rng.int(15_200_000, 15_600_000)}kB inactive_anon:216kB active_file:88kB inactive_file:380kB unevictable:0kB isolated(anon):0kB isolated(file):0kB mapped:108kB dirty:0kB writeback:0kB shmem:700kB shmem_thp: 0kB shmem_pmdmapped: 0kB anon_thp: 2048kB writeback_tmp:0kB kernel_stack:6880kB pagetables:39504kB sec_pagetables:0kB all_unreclaimable? yes`,
    );
    const zones: [string, number, string][] = [
      ['DMA', 15360, '0 2955 15935 15935 15935'],
      ['DMA32', 63248, '0 0 12979 12979 12979'],
      ['Normal', 54936, '0 0 0 0 0'],
    ];
    for (const [zone, free, reserve] of zones) {
      k(
        `Node 0 ${zone} free:${free}kB boost:0kB min:${rng.int(100, 9000)}kB low:${rng.int(100, 9000)}kB high:${rng.int(100, 9000)}kB reserved_highatomic:0KB active_anon:${rng.int(0, 9_000_000)}kB inactive_anon:0kB active_file:0kB inactive_file:0kB unevictable:0kB writepending:0kB present:${rng.int(10_000, 17_000_000)}kB managed:${rng.int(10_000, 16_000_000)}kB mlocked:0kB bounce:0kB free_pcp:0kB local_pcp:0kB free_cma:0kB`,
      );
      k(`lowmem_reserve[]: ${reserve}`);
    }
    for (const zone of ['DMA', 'DMA32', 'Normal']) {
      const orders = [4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096]
        .map((s) => `${rng.int(0, 40)}*${s}kB`)
        .join(' ');
      k(`Node 0 ${zone}: ${orders} (UME) = ${rng.int(10_000, 70_000)}kB`);
    }
    k('Node 0 hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=1048576kB');
    k('Node 0 hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=2048kB');
    for (const line of [
      `${rng.int(1000, 3000)} total pagecache pages`,
      '0 pages in swap cache',
      'Free swap  = 0kB',
      'Total swap = 0kB',
      `${node.memPages} pages RAM`,
      '0 pages HighMem/MovableOnly',
      '95306 pages reserved',
      '0 pages hwpoisoned',
    ]) {
      k(line);
    }
  }
  k('Tasks state (memory values in pages):');
  k('[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name');
  for (const task of [...spec.tasks].sort((a, b) => a.pid - b.pid)) {
    // `[%7d] %5d %5d %8lu %8lu %8ld %8lu         %5hd %s` (4.19 .. 6.2)
    k(
      `[${r(task.pid, 7)}] ${r(task.uid, 5)} ${r(task.pid, 5)} ${r(task.totalVm, 8)} ${r(task.rss, 8)} ${r(task.pgtablesBytes, 8)} ${r(0, 8)}         ${r(task.adj, 5)} ${task.comm}`,
    );
  }
  const v = spec.victim;
  const constraint = memcg ? 'CONSTRAINT_MEMCG' : 'CONSTRAINT_NONE';
  const scope = memcg ? `oom_memcg=${spec.oomMemcg}` : 'global_oom';
  k(
    `oom-kill:constraint=${constraint},nodemask=(null),cpuset=${spec.cpuset},mems_allowed=0,${scope},task_memcg=${spec.taskMemcg},task=${v.comm},pid=${v.pid},uid=${v.uid}`,
    6,
    mark('kernel.oom-kill', [
      `oom-kill:constraint=${constraint}`,
      `task_memcg=${spec.taskMemcg},task=${v.comm},pid=${v.pid},uid=${v.uid}`,
    ]),
  );
  const prefix = memcg ? 'Memory cgroup out of memory' : 'Out of memory';
  const killedAt = t;
  k(
    `${prefix}: Killed process ${v.pid} (${v.comm}) total-vm:${v.totalVmKb}kB, anon-rss:${v.anonRssKb}kB, file-rss:${v.fileRssKb}kB, shmem-rss:${v.shmemRssKb}kB, UID:${v.uid} pgtables:${v.pgtablesKb}kB oom_score_adj:${v.adj}`,
    3,
    mark('kernel.killed', [`${prefix}: Killed process ${v.pid} (${v.comm})`]),
  );
  const reaped = killedAt + rng.int(20_000, 90_000);
  recs.push(
    say.kernel(
      reaped,
      `oom_reaper: reaped process ${v.pid} (${v.comm}), now anon-rss:0kB, file-rss:0kB, shmem-rss:${v.shmemRssKb}kB`,
      6,
      mark('kernel.reaped', [`oom_reaper: reaped process ${v.pid} (${v.comm})`]),
    ),
  );
  return { recs, invokedAt, killedAt };
}

/** The "Killed process" line's numbers for the task table row `t` (of which `fileRssKb` is file-backed). */
export function victimOf(t: OomTask, fileRssKb: number): OomVictim {
  return {
    pid: t.pid,
    comm: t.comm,
    uid: t.uid,
    adj: t.adj,
    totalVmKb: t.totalVm * 4,
    anonRssKb: t.rss * 4 - fileRssKb,
    fileRssKb,
    shmemRssKb: 0,
    pgtablesKb: t.pgtablesBytes / 1024,
  };
}

/** The task table's rows of the node's system daemons. */
export function systemTasks(node: Pick<NodeModel, 'sysProcs'>, rng: Rng): OomTask[] {
  return node.sysProcs.map(([pid, uid, comm, adj, rss]) => task(pid, uid, comm, adj, rss, rng));
}

/** The task table's rows of a pod's shim and pause process (its app's row is the caller's). */
export function shimAndPauseTasks(p: Pick<Pod, 'shimPid' | 'pausePid'>, rng: Rng): OomTask[] {
  return [
    task(p.shimPid, 0, 'containerd-shim', -998, rng.int(2000, 4000), rng),
    task(p.pausePid, 65535, 'pause', -998, rng.int(1, 3), rng),
  ];
}

/** A task table row for a process with `rssPages` resident pages. */
export function task(
  pid: number,
  uid: number,
  comm: string,
  adj: number,
  rssPages: number,
  rng: Rng,
): OomTask {
  const small = rssPages < 100; // pause: a few pages of text, nothing else
  return {
    pid,
    uid,
    comm,
    adj,
    rss: rssPages,
    totalVm: small
      ? rssPages + rng.int(200, 260)
      : rssPages + rng.int(Math.floor(rssPages / 20), Math.floor(rssPages / 5)),
    pgtablesBytes: (small ? rng.int(7, 12) : Math.ceil(rssPages / 500) + rng.int(4, 40)) * 4096,
  };
}
