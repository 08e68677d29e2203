// Second pass over messages written by the Linux kernel (FORMATS.md section 3): one dmesg or
// journal record at a time (record-local). An OOM report arrives as many records (header, CPU
// line, memory state, task table, summary, kill line, reaper); each is read on its own and named
// by `fields.what`, and a later pass groups them into one finding by time, pid and comm.
//
// Speed: this reader runs on every kernel record and, by content, on messages whose writer is
// unknown, so it dispatches on the first character and uses startsWith / indexOf before any
// regex. Every regex is anchored, its repetitions are bounded or stop at a character they cannot
// match, so each costs time linear in the message.
import { addCgroupEntities, addContainerEntity, kernelCgroupPath } from './ids.ts';
import type { Reading } from './reading.ts';
import { addEntity, setField } from './reading.ts';

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

/**
 * A decimal integer or undefined. Up to 16 digits: the kernel prints "no limit" as
 * `9007199254740988kB`, which is still a safe integer.
 */
function num(s: string | undefined): number | undefined {
  if (s === undefined || !/^-?\d{1,16}$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

function what(r: Reading, id: string): true {
  setField(r, 'what', id);
  return true;
}

/** The pid and comm entities of the task a line names. */
function task(r: Reading, pid: number | undefined, comm: string | undefined): void {
  if (pid !== undefined) addEntity(r, 'pid', String(pid));
  if (comm) addEntity(r, 'process', comm);
}

function setKb(r: Reading, key: string, v: string | undefined): void {
  setField(r, key, num(v));
}

// The cgroup of a file-system path is ids.ts kernelCgroupPath; kernel.test.ts still reads it by
// its old name from here.
export { kernelCgroupPath as cgroupFromFsPath } from './ids.ts';

// A kernel release as printed after the taint text: `5.4.0-77-generic`, `4.14.67+`,
// `3.10.0-327.4.5.el7.x86_64`, `4.18.0-147.3.1.el8_1.3`, `5.18.0-rc2-daily-...-g5cd58a37ee5e`
// (lib/dump_stack.c, FORMATS.md 3.2.3).
const RELEASE_RE = /^\d{1,3}\.\d{1,3}[\w.+~-]{0,120}$/;

/**
 * Reads `Not tainted 5.4.0-77-generic #86-Ubuntu` / `Tainted: G    B   ------------ T 3.10.0-...`
 * (the taint text of a stack dump or a hung-task report) into tainted, taint and kernel_release.
 */
function readTaint(text: string, r: Reading): boolean {
  let rest: string;
  if (text.startsWith('Not tainted')) {
    setField(r, 'tainted', false);
    rest = text.slice(11);
  } else if (text.startsWith('Tainted: ')) {
    setField(r, 'tainted', true);
    rest = text.slice(9);
  } else {
    return false;
  }
  const tokens = rest.trim().split(/\s+/);
  let i = 0;
  while (i < tokens.length && !RELEASE_RE.test(tokens[i])) i++;
  if (text.startsWith('Tainted: ')) setField(r, 'taint', tokens.slice(0, i).join(' '));
  if (i < tokens.length) setField(r, 'kernel_release', tokens[i]);
  return true;
}

// ---------------------------------------------------------------------------------------------
// OOM report (FORMATS.md 3.2)
// ---------------------------------------------------------------------------------------------

const INVOKED = ' invoked oom-killer: gfp_mask=';

// After `gfp_mask=` of the header (FORMATS.md 3.2.1), all versions:
//   `uwsgi invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=986` (5.0+)
//   `mem invoked oom-killer: gfp_mask=0x14200ca(GFP_HIGHUSER_MOVABLE), nodemask=(null),  order=0, oom_score_adj=0` (4.9-4.14: two spaces)
//   `java invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=-998` (3.10 EL7)
// nodemask is a node list that may hold commas (`0-1,3`), so it runs lazily to `, order=`.
const OOM_HEADER_TAIL_RE =
  /^(0x[0-9a-f]{1,16})(?:\(([^)]{0,400})\))?(?:, nodemask=(.{0,200}?))?, {1,2}order=(-?\d{1,3}),(?: oom_adj=(-?\d{1,5}),)? oom_score_adj=(-?\d{1,5})/;

function readOomInvoked(t: string, at: number, r: Reading): boolean {
  const m = OOM_HEADER_TAIL_RE.exec(t.slice(at + INVOKED.length));
  if (!m) return false;
  const comm = t.slice(0, at);
  what(r, 'oom-invoked');
  setField(r, 'comm', comm);
  setField(r, 'gfp_mask', m[1]);
  setField(r, 'gfp_flags', m[2]);
  setField(r, 'nodemask', m[3]);
  setField(r, 'order', num(m[4]));
  setField(r, 'oom_adj', num(m[5]));
  setField(r, 'oom_score_adj', num(m[6]));
  task(r, undefined, comm);
  return true;
}

// `java cpuset=41cfeee62f49... mems_allowed=0` (<= 4.19, after ` cpuset=`; FORMATS.md 3.2.2).
// The cpuset is the cgroup's last path component: a container id or scope name under Kubernetes.
const CPUSET_TAIL_RE = /^ cpuset=(\S{0,300}) mems_allowed=([\d,-]{0,100})$/;

function readCpusetLine(t: string, at: number, r: Reading): boolean {
  const m = CPUSET_TAIL_RE.exec(t.slice(at));
  if (!m) return false;
  const comm = t.slice(0, at);
  what(r, 'oom-cpuset');
  setField(r, 'comm', comm);
  setField(r, 'cpuset', m[1]);
  setField(r, 'mems_allowed', m[2]);
  task(r, undefined, comm);
  addContainerEntity(r, m[1]);
  return true;
}

// `CPU: 4 PID: 63635 Comm: uwsgi Not tainted 5.4.0-77-generic #86-Ubuntu`,
// `CPU: 3 UID: 1000 PID: 41240 Comm: java Not tainted 6.12.9-amd64 #1 Debian 6.12.9-1` (6.11+),
// `CPU: 9 PID: 14881 Comm: java Tainted: G    B   ------------ T 3.10.0-327.4.5.el7.x86_64 #1`
// (lib/dump_stack.c, FORMATS.md 3.2.3). Comm (`%.20s`) may hold spaces: it ends at the taint text.
const CPU_LINE_RE = /^CPU: (\d{1,5}) (?:UID: (\d{1,10}) )?PID: (\d{1,10}) Comm: /;

function readCpuLine(t: string, r: Reading): boolean {
  const m = CPU_LINE_RE.exec(t);
  if (!m) return false;
  const rest = t.slice(m[0].length);
  let end = rest.indexOf(' Not tainted');
  const tainted = rest.indexOf(' Tainted: ');
  if (end === -1 || (tainted !== -1 && tainted < end)) end = tainted;
  const kdump = rest.indexOf(' Kdump: loaded');
  if (kdump !== -1 && (end === -1 || kdump < end)) end = kdump;
  const comm = end === -1 ? rest.trim() : rest.slice(0, end);
  const pid = num(m[3]);
  // The same line heads every stack dump (soft lockup, warnings); alone it cannot tell which.
  what(r, 'oom-context');
  setField(r, 'cpu', num(m[1]));
  setField(r, 'uid', num(m[2]));
  setField(r, 'pid', pid);
  setField(r, 'comm', comm);
  if (end !== -1) {
    const taint = rest.slice(end + 1);
    readTaint(taint.startsWith('Kdump: loaded ') ? taint.slice(14) : taint, r);
  }
  task(r, pid, comm);
  return true;
}

// `memory: usage 524288kB, limit 524288kB, failcnt 12` and its `swap:`, `memory+swap:`, `kmem:`
// siblings (mem_cgroup_print_oom_meminfo, FORMATS.md 3.2.5).
const MEMCG_USAGE_RE =
  /^(memory|memory\+swap|swap|kmem|tcpmem): usage (\d{1,20})kB, limit (\d{1,20})kB, failcnt (\d{1,20})$/;
// PAGE_COUNTER_MAX pages in kB on 4 KiB pages (`9007199254740988kB`): "no limit". Larger pages
// give larger numbers, so anything from 2^52 kB on is unlimited.
const UNLIMITED_KB = 2 ** 52;

function readMemcgUsage(t: string, r: Reading): boolean {
  const m = MEMCG_USAGE_RE.exec(t);
  if (!m) return false;
  what(r, 'oom-memcg-usage');
  setField(r, 'counter', m[1]);
  setKb(r, 'usage_kb', m[2]);
  setKb(r, 'limit_kb', m[3]);
  setKb(r, 'failcnt', m[4]);
  const limit = Number(m[3]);
  if (limit >= UNLIMITED_KB) setField(r, 'unlimited', true);
  return true;
}

// `Memory cgroup stats for /13: cache:4KB rss:0KB rss_huge:0KB mapped_file:4KB swap:0KB ...`
// (<= 4.19, one line) and `Memory cgroup stats for /kubepods.slice/...scope:` (5.0+, the
// memory.stat dump follows in the same or the next record). FORMATS.md 3.2.5.
const V1_STAT_RE = /([a-z_]{1,40}):(\d{1,20})KB/g;

function readMemcgStats(t: string, more: string, r: Reading): boolean {
  const from = 'Memory cgroup stats for '.length;
  let end = t.indexOf(': ', from);
  const inline = end !== -1;
  if (!inline) end = t.endsWith(':') ? t.length - 1 : t.length;
  const path = t.slice(from, end);
  if (!path.startsWith('/')) return false;
  what(r, 'oom-memcg-stats');
  setField(r, 'cgroup', path);
  addCgroupEntities(r, path);
  if (inline) {
    V1_STAT_RE.lastIndex = end;
    for (let m = V1_STAT_RE.exec(t); m; m = V1_STAT_RE.exec(t)) setKb(r, `${m[1]}_kb`, m[2]);
  }
  if (more) readStatLines(more, r);
  return true;
}

// memory.stat keys worth a field (cgroup v2 and the v1 set recent kernels print on v1; FORMATS.md
// 7.1, 7.3): sizes in bytes, the rest counts.
const STAT_BYTES = new Set([
  'anon',
  'file',
  'kernel',
  'kernel_stack',
  'pagetables',
  'sock',
  'shmem',
  'file_mapped',
  'file_dirty',
  'file_writeback',
  'anon_thp',
  'slab',
  'slab_reclaimable',
  'slab_unreclaimable',
  'inactive_anon',
  'active_anon',
  'inactive_file',
  'active_file',
  'unevictable',
  'cache',
  'rss',
  'rss_huge',
  'mapped_file',
  'swap',
  'dirty',
  'writeback',
]);
const STAT_COUNTS = new Set(['pgfault', 'pgmajfault', 'workingset_refault_anon', 'workingset_refault_file']);
// `anon 2138423296` (one line of a memory.stat dump in an OOM report, FORMATS.md 3.2.5)
const STAT_LINE_RE = /^([a-z_]{1,40}) (\d{1,20})$/;

function readStatLines(text: string, r: Reading): number {
  let n = 0;
  for (const raw of text.split('\n')) {
    const m = STAT_LINE_RE.exec(raw.trim());
    if (!m) continue;
    if (STAT_BYTES.has(m[1])) setField(r, `${m[1]}_bytes`, num(m[2]));
    else if (STAT_COUNTS.has(m[1])) setField(r, m[1], num(m[2]));
    else continue;
    n++;
  }
  return n;
}

/** A record that is a memory.stat dump (`anon 2138423296⏎file 1245184⏎...`), or one line of it. */
function readStatDump(t: string, more: string, r: Reading): boolean {
  const m = STAT_LINE_RE.exec(t);
  if (!m || !(STAT_BYTES.has(m[1]) || STAT_COUNTS.has(m[1]))) return false;
  what(r, 'oom-memcg-stat');
  readStatLines(more ? `${t}\n${more}` : t, r);
  return true;
}

// Task table header, all versions (dump_tasks, FORMATS.md 3.2.6):
//   `[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name`
//   `[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name`
const TASK_HEADER_RE = /^\[ {0,4}pid {0,4}\] +uid +tgid +total_vm /;

function readTaskHeader(t: string, r: Reading): boolean {
  if (!TASK_HEADER_RE.test(t)) return false;
  what(r, 'oom-task-header');
  setField(
    r,
    'columns',
    t
      .slice(t.indexOf(']') + 1)
      .trim()
      .split(/ +/)
      .join(','),
  );
  return true;
}

/**
 * A task table row, read without its header (record-local): `[  41235]  1000 41235  2098026
 * 524544   524288      256         0  4620288        0           936 java`. Columns: pid, uid,
 * tgid, total_vm, rss, then 1-4 version-dependent ones, swapents, oom_score_adj, name (may hold
 * spaces: `npm start`). The middle columns by count: 1 = pgtables_bytes (4.15+) or nr_ptes (3.x),
 * 2 = nr_ptes nr_pmds (4.1-4.14), 3 = + nr_puds, 4 = rss_anon rss_file rss_shmem pgtables_bytes
 * (6.3+). For one middle column the `%7d` pid (4.19+) or a page-size multiple means bytes.
 */
function readTaskRow(t: string, r: Reading): boolean {
  const close = t.indexOf(']');
  if (close < 2 || close > 12) return false;
  const inner = t.slice(1, close);
  const pid = num(inner.trim());
  if (pid === undefined) return false;
  // The numbers after `]`, with where each starts; the name is what follows the last one.
  const values: number[] = [];
  const starts: number[] = [];
  let i = close + 1;
  const n = t.length;
  while (i < n && values.length < 11) {
    while (i < n && t.charCodeAt(i) === 32) i++;
    const s = i;
    while (i < n && t.charCodeAt(i) !== 32) i++;
    if (s === i) break;
    const v = num(t.slice(s, i));
    starts.push(s);
    if (v === undefined) break;
    values.push(v);
  }
  let count = values.length;
  // A numeric name: the token after the columns is the name, so keep at least one for it.
  if (starts.length === count) count--;
  const middle = count - 6;
  if (middle < 1 || middle > 4) return false;
  const name = t.slice(starts[count]).trimEnd();
  if (!name) return false;
  what(r, 'oom-task-row');
  setField(r, 'pid', pid);
  setField(r, 'uid', values[0]);
  setField(r, 'tgid', values[1]);
  setField(r, 'total_vm_pages', values[2]);
  setField(r, 'rss_pages', values[3]);
  const mid = values.slice(4, 4 + middle);
  if (middle === 1) {
    const wide = inner.length >= 7;
    const bytes = wide || (mid[0] > 0 && mid[0] % 4096 === 0);
    setField(r, bytes ? 'pgtables_bytes' : 'nr_ptes', mid[0]);
  } else if (middle === 4) {
    setField(r, 'rss_anon_pages', mid[0]);
    setField(r, 'rss_file_pages', mid[1]);
    setField(r, 'rss_shmem_pages', mid[2]);
    setField(r, 'pgtables_bytes', mid[3]);
  } else {
    setField(r, 'nr_ptes', mid[0]);
    setField(r, 'nr_pmds', mid[1]);
    if (middle === 3) setField(r, 'nr_puds', mid[2]);
  }
  setField(r, 'swapents', values[4 + middle]);
  setField(r, 'oom_score_adj', values[5 + middle]);
  setField(r, 'comm', name);
  task(r, pid, name);
  return true;
}

// The summary line's keys in print order (FORMATS.md 3.2.7):
// `oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=cri-containerd-<id>.scope,mems_allowed=0,oom_memcg=/kubepods/...,task_memcg=/kubepods/.../<id>,task=java,pid=1234,uid=0`
// Values may hold commas (`mems_allowed=0-1,3`, a comm), so each runs to the next key.
const SUMMARY_KEYS = ['constraint', 'nodemask', 'cpuset', 'mems_allowed', 'oom_memcg', 'task_memcg', 'task'];

/**
 * The `oom-kill:` summary (5.0+), or the second record of one split by early 5.0 kernels
 * (`,global_oom,task_memcg=/,task=firewalld,pid=5096,uid=0`): `partial` says which half it is.
 */
function readOomSummary(t: string, r: Reading): boolean {
  const head = t.startsWith('oom-kill:');
  const b = head ? `,${t.slice(9)}` : t;
  const marks: { key: string; at: number; value: number }[] = [];
  let pos = 0;
  for (const key of SUMMARY_KEYS) {
    const at = b.indexOf(`,${key}=`, pos);
    if (at === -1) continue;
    marks.push({ key, at, value: at + key.length + 2 });
    pos = at + 1;
  }
  // pid and uid come last; the comm before them may hold anything.
  const uidAt = b.lastIndexOf(',uid=');
  const pidAt = b.lastIndexOf(',pid=', uidAt === -1 ? b.length : uidAt);
  if (pidAt !== -1 && pidAt >= pos) marks.push({ key: 'pid', at: pidAt, value: pidAt + 5 });
  if (uidAt !== -1 && uidAt >= pos) marks.push({ key: 'uid', at: uidAt, value: uidAt + 5 });
  const globalAt = b.indexOf(',global_oom');
  if (globalAt !== -1) marks.push({ key: 'global_oom', at: globalAt, value: globalAt + 11 });
  // The head starts with constraint=; a tail fragment with ,global_oom or ,oom_memcg=.
  if (!marks.some((x) => x.at === 0 && (head ? x.key === 'constraint' : x.key !== 'constraint')))
    return false;
  marks.sort((a, b2) => a.at - b2.at);
  const v: Record<string, string> = {};
  for (let i = 0; i < marks.length; i++) {
    const end = i + 1 < marks.length ? marks[i + 1].at : b.length;
    v[marks[i].key] = b.slice(marks[i].value, end);
  }
  // `CONSTRAINT_MEMCG`; out-of-tree patches add others (`CONSTRAINT_BPF_PSI_MEM`), FORMATS.md 3.2.7
  if (head && !/^[A-Z_]{1,40}$/.test(v.constraint ?? '')) return false;
  what(r, 'oom-summary');
  const pid = num(v.pid);
  setField(r, 'constraint', v.constraint);
  setField(r, 'nodemask', v.nodemask);
  setField(r, 'cpuset', v.cpuset);
  setField(r, 'mems_allowed', v.mems_allowed);
  setField(r, 'oom_memcg', v.oom_memcg);
  setField(r, 'task_memcg', v.task_memcg);
  setField(r, 'task', v.task);
  setField(r, 'pid', pid);
  setField(r, 'uid', num(v.uid));
  const memcg = v.constraint === 'CONSTRAINT_MEMCG' || v.oom_memcg !== undefined;
  if (memcg || v.constraint !== undefined || v.global_oom !== undefined) {
    setField(r, 'scope', memcg ? 'memcg' : 'global');
  }
  if (!head || v.task === undefined) setField(r, 'partial', head ? 'head' : 'tail');
  task(r, pid, v.task);
  addCgroupEntities(r, v.task_memcg);
  addCgroupEntities(r, v.oom_memcg);
  if (v.cpuset) addContainerEntity(r, v.cpuset);
  return true;
}

// The kill line's values after `(comm)`, all versions (FORMATS.md 3.2.8):
// `total-vm:3149468kB, anon-rss:164992kB, file-rss:52176kB, shmem-rss:92kB, UID:0 pgtables:1372kB oom_score_adj:986`
// (RHEL 7 puts `, UID 1000` before total-vm; it is read from the head).
const KILL_VALUES_RE =
  /(total-vm|anon-rss|file-rss|shmem-rss|pgtables):(\d{1,20})kB|UID:(\d{1,10})|oom_score_adj:(-?\d{1,5})/g;
const KILL_KEYS: Record<string, string> = {
  'total-vm': 'total_vm_kb',
  'anon-rss': 'anon_rss_kb',
  'file-rss': 'file_rss_kb',
  'shmem-rss': 'shmem_rss_kb',
  pgtables: 'pgtables_kb',
};
// After `Killed process `: `63214 (uwsgi) ...`, RHEL 7 `21945 (tidb-server), UID 1000, ...`,
// RHEL 6 `215701, UID 679, (java) ...` (FORMATS.md 3.2.8).
const KILLED_HEAD_RE = /^(\d{1,10})(?:, UID (\d{1,10}),)? \(/;
// RHEL 7's `), UID 1000, ` between comm and values: `Killed process 21945 (tidb-server), UID 1000, total-vm:...`
const EL7_UID_RE = /^\), UID (\d{1,10}),? /;

/** `reason` is the text before `: ` (`Memory cgroup out of memory`), or '' for a bare line. */
function readKilledProcess(reason: string, rest: string, r: Reading): boolean {
  const m = KILLED_HEAD_RE.exec(rest);
  if (!m) return false;
  const open = m[0].length;
  // comm may hold `)`: it ends at the last `) total-vm:` or at `), UID ` (RHEL 7).
  let close = rest.lastIndexOf(') total-vm:');
  let tail = close + 2;
  let uidEl7: string | undefined;
  const el7 = rest.indexOf('), UID ', open - 1);
  if (close === -1 || (el7 !== -1 && el7 < close)) {
    if (el7 !== -1) {
      const u = EL7_UID_RE.exec(rest.slice(el7));
      close = el7;
      uidEl7 = u?.[1];
      tail = el7 + (u ? u[0].length : 2);
    } else if (close === -1 && rest.endsWith(')')) {
      close = rest.length - 1;
      tail = rest.length;
    }
  }
  if (close < open) return false;
  const pid = num(m[1]);
  const comm = rest.slice(open, close);
  what(r, 'oom-killed-process');
  if (reason) setField(r, 'reason', reason);
  const scope = oomScope(reason);
  if (scope) setField(r, 'scope', scope);
  setField(r, 'pid', pid);
  setField(r, 'comm', comm);
  setField(r, 'uid', num(m[2] ?? uidEl7));
  const values = rest.slice(tail);
  KILL_VALUES_RE.lastIndex = 0;
  for (let v = KILL_VALUES_RE.exec(values); v; v = KILL_VALUES_RE.exec(values)) {
    if (v[1] !== undefined) setKb(r, KILL_KEYS[v[1]], v[2]);
    else if (v[3] !== undefined) setField(r, 'uid', num(v[3]));
    else setField(r, 'oom_score_adj', num(v[4]));
  }
  task(r, pid, comm);
  return true;
}

function oomScope(reason: string): 'memcg' | 'global' | undefined {
  if (reason.startsWith('Memory cgroup out of memory')) return 'memcg';
  if (reason.startsWith('Out of memory')) return 'global';
  return undefined;
}

// After `Kill process ` (<= 5.0): `1877 (influxd) score 760 or sacrifice child` (FORMATS.md 3.2.8)
const KILL_CHOICE_RE = /^(\d{1,10}) \((.{0,64})\) score (\d{1,10}) or sacrifice child/;
// After `OOM victim ` (5.x+): `41235 (java) is already exiting. Skip killing the task`
const VICTIM_EXITING_RE = /^(\d{1,10}) \((.{0,64})\) is already exiting/;

/** `Out of memory: ...`, `Memory cgroup out of memory: ...`, `Out of memory (oom_kill_allocating_task): ...`. */
function readOutOfMemory(t: string, r: Reading): boolean {
  if (t.startsWith('Out of memory and no killable processes')) return what(r, 'oom-no-killable');
  const colon = t.indexOf(': ');
  if (colon === -1 || colon > 48) return false;
  const reason = t.slice(0, colon);
  if (!oomScope(reason)) return false;
  const rest = t.slice(colon + 2);
  if (rest.startsWith('Killed process ')) return readKilledProcess(reason, rest.slice(15), r);
  let m = rest.startsWith('Kill process ') ? KILL_CHOICE_RE.exec(rest.slice(13)) : null;
  if (m) {
    const pid = num(m[1]);
    what(r, 'oom-kill-choice');
    setField(r, 'reason', reason);
    setField(r, 'scope', oomScope(reason));
    setField(r, 'pid', pid);
    setField(r, 'comm', m[2]);
    setField(r, 'score', num(m[3]));
    task(r, pid, m[2]);
    return true;
  }
  m = rest.startsWith('OOM victim ') ? VICTIM_EXITING_RE.exec(rest.slice(11)) : null;
  if (m) {
    const pid = num(m[1]);
    what(r, 'oom-victim-exiting');
    setField(r, 'reason', reason);
    setField(r, 'scope', oomScope(reason));
    setField(r, 'pid', pid);
    setField(r, 'comm', m[2]);
    task(r, pid, m[2]);
    return true;
  }
  return false;
}

// `Task in /kubepods/burstable/pod6f1d2c3b/4f2c9b7e1d0a killed as a result of limit of /kubepods/burstable/pod6f1d2c3b/4f2c9b7e1d0a`
// (<= 4.19, mem_cgroup_print_oom_info; FORMATS.md 3.2.5)
const TASK_IN_RE = /^Task in (\S{1,4096}) killed as a result of limit of (\S{1,4096})$/;
// `Tasks in /kubepods.slice/...pod6f1d.slice are going to be killed due to memory.oom.group set` (4.19+)
const GROUP_KILL_RE = /^Tasks in (\S{1,4096}) are going to be killed due to memory\.oom\.group set$/;

// `oom_reaper: reaped process 63214 (uwsgi), now anon-rss:0kB, file-rss:0kB, shmem-rss:92kB`
// and `oom_reaper: unable to reap pid:41235 (java)` (4.6+, FORMATS.md 3.2.8), after the prefix.
const REAPED_RE =
  /^reaped process (\d{1,10}) \((.{0,64})\), now anon-rss:(\d{1,20})kB, file-rss:(\d{1,20})kB(?:, shmem-rss:(\d{1,20})kB)?/;
const UNABLE_TO_REAP_RE = /^unable to reap pid:(\d{1,10}) \((.{0,64})\)/;

function readReaper(t: string, r: Reading): boolean {
  const rest = t.slice('oom_reaper: '.length);
  let m = REAPED_RE.exec(rest);
  if (m) {
    const pid = num(m[1]);
    what(r, 'oom-reaped');
    setField(r, 'pid', pid);
    setField(r, 'comm', m[2]);
    setKb(r, 'anon_rss_kb', m[3]);
    setKb(r, 'file_rss_kb', m[4]);
    setKb(r, 'shmem_rss_kb', m[5]);
    task(r, pid, m[2]);
    return true;
  }
  m = UNABLE_TO_REAP_RE.exec(rest);
  if (!m) return false;
  const pid = num(m[1]);
  what(r, 'oom-reap-failed');
  setField(r, 'pid', pid);
  setField(r, 'comm', m[2]);
  task(r, pid, m[2]);
  return true;
}

// Global memory state of a non-memcg OOM (show_free_areas, FORMATS.md 3.2.4): `Mem-Info:`, the
// multi-line `active_anon:467412 inactive_anon:0 ...` record (in pages), the continuation lines
// when each got its own prefix (busybox, `-p`), and the per-node and page-count lines.
const MEM_INFO_KEYS_RE =
  /^(?:active_anon|active_file|unevictable|slab_reclaimable|mapped|sec_pagetables|kernel_misc_reclaimable|free):\d/;
const PAGES_VALUE_RE = /([a-z_]{1,40}):(\d{1,20})(?![\dkK])/g;
// `49253 total pagecache pages`, `524158 pages RAM`, `0 pages in swap cache`
const PAGE_COUNT_RE =
  /^(\d{1,20}) (total pagecache pages|pages in swap cache|pages RAM|pages HighMem\/MovableOnly|pages reserved|pages cma reserved|pages hwpoisoned)$/;
const PAGE_COUNT_KEYS: Record<string, string> = {
  'total pagecache pages': 'pagecache_pages',
  'pages in swap cache': 'swap_cache_pages',
  'pages RAM': 'ram_pages',
  'pages HighMem/MovableOnly': 'highmem_pages',
  'pages reserved': 'reserved_pages',
  'pages cma reserved': 'cma_reserved_pages',
  'pages hwpoisoned': 'hwpoisoned_pages',
};
// `Free swap  = 0kB`, `Total swap = 0kB`
const SWAP_TOTAL_RE = /^(Free|Total) swap += (\d{1,20})kB$/;
// `Node 0 active_anon:1869648kB ...`, `Node 0 DMA free:14848kB ...`, `Node 0 DMA: 0*4kB ... = 14848kB`
const NODE_RE = /^Node (\d{1,4}) (?:(DMA32|DMA|Normal|Movable|HighMem|Device)[: ]|active_anon:)/;

function readMemInfoBlock(t: string, more: string, r: Reading): boolean {
  what(r, 'oom-mem-info');
  const text = more ? `${t}\n${more}` : t;
  PAGES_VALUE_RE.lastIndex = 0;
  for (let m = PAGES_VALUE_RE.exec(text); m; m = PAGES_VALUE_RE.exec(text))
    setField(r, `${m[1]}_pages`, num(m[2]));
  return true;
}

function readMemInfoLine(t: string, r: Reading): boolean {
  let m = PAGE_COUNT_RE.exec(t);
  if (m) {
    what(r, 'oom-mem-info');
    setField(r, PAGE_COUNT_KEYS[m[2]], num(m[1]));
    return true;
  }
  m = SWAP_TOTAL_RE.exec(t);
  if (m) {
    what(r, 'oom-mem-info');
    setKb(r, m[1] === 'Free' ? 'free_swap_kb' : 'total_swap_kb', m[2]);
    return true;
  }
  m = NODE_RE.exec(t);
  if (m) {
    what(r, 'oom-mem-info');
    setField(r, 'node', num(m[1]));
    setField(r, 'zone', m[2]);
    return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Other kernel reports (FORMATS.md 3.3 - 3.9)
// ---------------------------------------------------------------------------------------------

// After `INFO: task <comm>:<pid>`: ` blocked for more than 120 seconds.` (kernel/hung_task.c,
// FORMATS.md 3.3); newer kernels print the real time (`122`) and may append ` [#3]`.
const BLOCKED = ' blocked for more than ';
const BLOCKED_TAIL_RE = /^ blocked for more than (\d{1,10}) seconds\./;

function readHungTask(t: string, r: Reading): boolean {
  const at = t.indexOf(BLOCKED, 11);
  if (at === -1) return false;
  const m = BLOCKED_TAIL_RE.exec(t.slice(at));
  if (!m) return false;
  // `kworker/u32:2:113`: comm may hold colons, the pid follows the last one.
  const who = t.slice('INFO: task '.length, at);
  const colon = who.lastIndexOf(':');
  const pid = num(who.slice(colon + 1));
  if (colon < 1 || pid === undefined) return false;
  const comm = who.slice(0, colon);
  what(r, 'hung-task');
  setField(r, 'comm', comm);
  setField(r, 'pid', pid);
  setField(r, 'blocked_seconds', num(m[1]));
  task(r, pid, comm);
  return true;
}

// The task line of sched_show_task() after a hung task (FORMATS.md 3.3):
//   5.x+: `task:kworker/u32:2   state:D stack:13032 pid:  113 ppid:     2 flags:0x00004000`
const TASK_STATE_RE = /^task:(\S{1,64}) +state:([A-Za-z]) /;
const TASK_KV_RE = /(stack|pid|ppid): {0,12}(\d{1,20})/g;
//   <= 4.x: `logrotate       D    0 17344  17342 0x00000080`, awk-collapsed `exe D 0 1990875 44826 0x00000000`,
//   3.x with the saved pc: `java            D ffff88042f093680     0 14881      1 0x00000080`
const TASK_STATE_OLD_RE =
  /^(\S(?:.{0,14}\S)?) +([RSDTtXZPIKWN]) +(?:[0-9a-f]{8,16} +)?(\d{1,10}) +(\d{1,10}) +(\d{1,10}) 0x[0-9a-f]{8}$/;

function readTaskState(t: string, r: Reading): boolean {
  let m = TASK_STATE_RE.exec(t);
  if (m) {
    what(r, 'task-state');
    setField(r, 'comm', m[1]);
    setField(r, 'state', m[2]);
    const rest = t.slice(m[0].length);
    TASK_KV_RE.lastIndex = 0;
    let pid: number | undefined;
    for (let v = TASK_KV_RE.exec(rest); v; v = TASK_KV_RE.exec(rest)) {
      const n = num(v[2]);
      if (v[1] === 'pid') pid = n;
      setField(r, v[1], n);
    }
    task(r, pid, m[1]);
    return true;
  }
  m = TASK_STATE_OLD_RE.exec(t);
  if (!m) return false;
  const pid = num(m[4]);
  what(r, 'task-state');
  setField(r, 'comm', m[1]);
  setField(r, 'state', m[2]);
  setField(r, 'stack', num(m[3]));
  setField(r, 'pid', pid);
  setField(r, 'ppid', num(m[5]));
  task(r, pid, m[1]);
  return true;
}

// `BUG: soft lockup - CPU#3 stuck for 22s! [java:1234]` after an optional `watchdog: ` /
// `NMI watchdog: ` prefix (kernel/watchdog.c, FORMATS.md 3.6); comm may hold colons.
const SOFT_LOCKUP_RE = /^BUG: soft lockup - CPU#(\d{1,5}) stuck for (\d{1,10})s! \[(.{1,64}):(\d{1,10})\]/;
// `Watchdog detected hard LOCKUP on cpu 5` (same prefixes)
const HARD_LOCKUP_RE = /^Watchdog detected hard LOCKUP on cpu (\d{1,5})/;

function readWatchdog(t: string, r: Reading): boolean {
  let m = SOFT_LOCKUP_RE.exec(t);
  if (m) {
    const pid = num(m[4]);
    what(r, 'soft-lockup');
    setField(r, 'cpu', num(m[1]));
    setField(r, 'stuck_seconds', num(m[2]));
    setField(r, 'comm', m[3]);
    setField(r, 'pid', pid);
    task(r, pid, m[3]);
    return true;
  }
  m = HARD_LOCKUP_RE.exec(t);
  if (!m) return false;
  what(r, 'hard-lockup');
  setField(r, 'cpu', num(m[1]));
  return true;
}

// `Kernel panic - not syncing: Fatal exception` and its closing
// `---[ end Kernel panic - not syncing: Fatal exception ]---` (kernel/panic.c, FORMATS.md 3.7)
function readPanic(t: string, r: Reading): boolean {
  const end = t.startsWith('---[ end ');
  const body = end ? t.slice(9) : t;
  const p = 'Kernel panic - not syncing: ';
  if (!body.startsWith(p)) return false;
  let reason = body.slice(p.length);
  if (end && reason.endsWith(' ]---')) reason = reason.slice(0, -5);
  what(r, 'panic');
  setField(r, 'reason', reason.trim());
  if (end) setField(r, 'end_marker', true);
  return true;
}

// After `comm[pid]: `: `segfault at 0 ip 0000562a1b2c3d4e sp 00007ffd1a2b3c40 error 4 in
// node[562a1a000000+2c4f000] likely on CPU 3 (core 3, socket 0)` (arch/x86/mm/fault.c, FORMATS.md 3.8)
const SEGFAULT_TAIL_RE =
  /^segfault at ([0-9a-f]{1,16}) ip ([0-9a-f]{1,16}) sp ([0-9a-f]{1,16}) error ([0-9a-f]{1,8})(?: in (.{0,256}?)\[([0-9a-f]{1,16})\+([0-9a-f]{1,16})\])?(?: likely on CPU (\d{1,5}) \(core (\d{1,5}), socket (\d{1,5})\))?/;
const SEGFAULT = ']: segfault at ';

function readSegfault(t: string, at: number, r: Reading): boolean {
  const open = t.lastIndexOf('[', at);
  if (open < 1) return false;
  const pid = num(t.slice(open + 1, at));
  const m = SEGFAULT_TAIL_RE.exec(t.slice(at + 3));
  if (pid === undefined || !m) return false;
  const comm = t.slice(0, open);
  what(r, 'segfault');
  setField(r, 'comm', comm);
  setField(r, 'pid', pid);
  setField(r, 'address', m[1]);
  setField(r, 'ip', m[2]);
  setField(r, 'sp', m[3]);
  setField(r, 'error_code', Number.parseInt(m[4], 16));
  setField(r, 'object', m[5]);
  setField(r, 'cpu', num(m[8]));
  task(r, pid, comm);
  return true;
}

// `traps: node[2211] general protection fault ip:... sp:... error:0 in node[...]`,
// `traps: a.out[123] trap invalid opcode ip:...` (arch/x86/kernel/traps.c; FORMATS.md 3.8 names them)
const TRAPS_RE =
  /^traps: (.{1,64}?)\[(\d{1,10})\],? (general protection fault|trap [a-z ]{1,40}?) (?:ip|in)[: ]/;

function readTraps(t: string, r: Reading): boolean {
  const m = TRAPS_RE.exec(t);
  if (!m) return false;
  const pid = num(m[2]);
  what(r, 'trap');
  setField(r, 'comm', m[1]);
  setField(r, 'pid', pid);
  setField(r, 'trap', m[3]);
  task(r, pid, m[1]);
  return true;
}

// `EXT4-fs error (device nvme0n1p1): ext4_lookup:1817: inode #2: comm ls: deleted inode referenced: 131074`,
// `EXT4-fs error (device sda1) in ext4_reserve_inode_write:5678: IO failure` (fs/ext4/super.c, FORMATS.md 3.9)
const EXT4_RE =
  /^EXT4-fs (error|warning) \(device ([^)]{1,64})\)(?:: ([\w.]{1,64}):(\d{1,6}):| in ([\w.]{1,64}):(\d{1,6}):) ?/;
// `EXT4-fs (sda1): Remounting filesystem read-only`, `EXT4-fs (nvme0n1p1): mounted filesystem ...`
const EXT4_DEVICE_RE = /^EXT4-fs \(([^)]{1,64})\): /;
// The optional parts of __ext4_error_inode / __ext4_error_file after `func:line: ` (FORMATS.md 3.9):
// `inode #131073: `, `block 524800: `
const EXT4_INODE_RE = /^inode #(\d{1,20}): /;
const EXT4_BLOCK_RE = /^block (\d{1,20}): /;
// ENOSPC inside an ext4 text: `error 28` or the strerror text (FORMATS.md 3.10: only with `EXT4-fs`)
const EXT4_ENOSPC_RE = /error 28\b|No space left/i;

function readExt4(t: string, r: Reading): boolean {
  const m = EXT4_RE.exec(t);
  if (m) {
    what(r, 'fs-error');
    setField(r, 'fs', 'ext4');
    setField(r, 'level', m[1]);
    setField(r, 'device', m[2]);
    setField(r, 'function', m[3] ?? m[5]);
    setField(r, 'source_line', num(m[4] ?? m[6]));
    let rest = t.slice(m[0].length);
    // Optional `inode #N: `, `block N: `, `comm C: `, `path P: ` in this order, then the text.
    const inode = EXT4_INODE_RE.exec(rest);
    if (inode) {
      setField(r, 'inode', num(inode[1]));
      rest = rest.slice(inode[0].length);
    }
    const block = EXT4_BLOCK_RE.exec(rest);
    if (block) {
      setField(r, 'block', num(block[1]));
      rest = rest.slice(block[0].length);
    }
    for (const key of ['comm', 'path'] as const) {
      if (!rest.startsWith(`${key} `)) continue;
      const end = rest.indexOf(': ', key.length + 1);
      if (end === -1) break;
      const value = rest.slice(key.length + 1, end);
      setField(r, key, value);
      if (key === 'comm') addEntity(r, 'process', value);
      rest = rest.slice(end + 2);
    }
    setField(r, 'detail', rest);
    if (EXT4_ENOSPC_RE.test(rest)) setField(r, 'errno', 'ENOSPC');
    return true;
  }
  const d = EXT4_DEVICE_RE.exec(t);
  if (!d) return false;
  const rest = t.slice(d[0].length);
  if (rest.startsWith('Remounting filesystem read-only')) what(r, 'fs-remount-ro');
  setField(r, 'fs', 'ext4');
  setField(r, 'device', d[1]);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Stack dumps (FORMATS.md 3.2.3): read so every line of a report is named, not to analyse them
// ---------------------------------------------------------------------------------------------

// ` dump_stack+0x6d/0x8b`, ` ? get_mem_cgroup_from_page+0x70/0x70`, ` [<ffffffff8163515c>] dump_stack+0x19/0x1b`,
// ` nf_hook_slow+0x40/0xb0 [nf_tables]` (module), awk-collapsed `? __schedule+0x2ae/0x8a0`
const FRAME_RE =
  /^(?:\[<([0-9a-f]{8,16})>\] )?(\? )?([\w.]{1,128})\+0x([0-9a-f]{1,16})\/0x([0-9a-f]{1,16})(?: \[([\w-]{1,64})\])?$/;
// ` ffff8806db522280 00000000cdb595c3 ffff88066838fca8 ffffffff8163515c` (raw stack words, 3.x)
// (all words of one width, so two hex ids in free text are not taken for it)
const STACK_WORDS_RE = /^(?:[0-9a-f]{16}(?: [0-9a-f]{16}){1,7}|[0-9a-f]{8}(?: [0-9a-f]{8}){1,7})$/;
// `RIP: 0033:0x7f3a1c2b8d40`, `RSP: 002b:00007f39f85fe7a8 EFLAGS: 00010206`, `RAX: ffffffffffffffda RBX: ...`
const REGISTERS_RE =
  /^(?:RIP|RSP|RAX|RBX|RCX|RDX|RSI|RDI|RBP|R\d{1,2}|FS|GS|CS|DS|ES|CR0|CR2|DR0|DR3|DR6|EFLAGS|pc|lr|sp|x\d{1,2}): {1,2}[0-9a-f]/;
// ` <TASK>`, ` </TASK>`, ` <IRQ>`, ` </IRQ>` (5.x+)
const STACK_MARKER_RE = /^<\/?(?:TASK|IRQ|NMI|EOI|SOFTIRQ)>$/;

function readFrame(t: string, r: Reading): boolean {
  const m = FRAME_RE.exec(t);
  if (!m) return false;
  what(r, 'stack-frame');
  setField(r, 'function', m[3]);
  if (m[2]) setField(r, 'unreliable', true);
  setField(r, 'module', m[6]);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Records the kernel passes through (Talos writes its own to /dev/kmsg)
// ---------------------------------------------------------------------------------------------

// `[talos] Sending SIGKILL to cgroup {"component": "controller-runtime", "controller":
// "runtime.OOMController", "cgroup": "/sys/fs/cgroup/kubepods/burstable/pod..."}` (talosctl
// dmesg; corpus talos-12526): Talos's userspace OOM controller killing a cgroup.
const TALOS_KILL_RE = /^Sending (SIG[A-Z0-9]{2,10}) to cgroup$/;

function readTalos(t: string, r: Reading): boolean {
  let text = t.slice('[talos] '.length);
  const brace = text.indexOf(' {"');
  if (brace !== -1 && text.endsWith('}')) {
    try {
      const obj: unknown = JSON.parse(text.slice(brace + 1));
      if (obj && typeof obj === 'object' && !Array.isArray(obj)) {
        for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
          if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') setField(r, k, v);
        }
        text = text.slice(0, brace);
      }
    } catch {
      // Not JSON after all: the whole text is the message.
    }
  }
  const m = TALOS_KILL_RE.exec(text);
  if (m) {
    what(r, 'cgroup-kill');
    setField(r, 'signal', m[1]);
  }
  setField(r, 'talos_message', text);
  const cg = r.fields.cgroup;
  if (typeof cg === 'string' && cg.startsWith('/')) addCgroupEntities(r, kernelCgroupPath(cg));
  return true;
}

// `br-73d9b7d7aaa7: port 17(vethf24de83) entered disabled state` (net/bridge/br_stp.c; corpus
// containerd-8921): a container's veth leaving or joining a bridge.
const BRIDGE_PORT_RE = /^([\w.-]{1,32}): port (\d{1,5})\(([\w.@-]{1,32})\) entered (\w{1,20}) state$/;

// ---------------------------------------------------------------------------------------------
// "No space left on device" (FORMATS.md 3.10): user-space text, read wherever it shows up
// ---------------------------------------------------------------------------------------------

const NO_SPACE_RE = /no space left on device/i;

/**
 * Names ENOSPC and the path it was for (`mkdir /sys/fs/cgroup/memory/docker/<id>: no space left on
 * device`, corpus moby-29638). Returns false: the phrase is strerror / Go text written by the
 * program that got the error, not a kernel record, so it claims no writer.
 */
function readNoSpace(message: string, r: Reading): boolean {
  const m = NO_SPACE_RE.exec(message);
  if (!m) return false;
  what(r, 'no-space');
  setField(r, 'errno', 'ENOSPC');
  if (m.index >= 2 && message.slice(m.index - 2, m.index) === ': ') {
    const end = m.index - 2;
    let s = end;
    while (s > 0 && !' "\'=`'.includes(message[s - 1])) s--;
    const path = message.slice(s, end);
    if (path.startsWith('/')) {
      setField(r, 'path', path);
      if (path.startsWith('/sys/fs/cgroup/')) addCgroupEntities(r, kernelCgroupPath(path));
    }
  }
  return false;
}

// `Task in /kubepods/burstable/pod6f1d2c3b/4f2c9b7e1d0a killed as a result of limit of /kubepods/burstable/pod6f1d2c3b/4f2c9b7e1d0a`,
// `Memory limit reached of cgroup /13` (no task), `Tasks in ... memory.oom.group set`.
function readTaskInCgroup(t: string, r: Reading): boolean {
  if (t.startsWith('Memory limit reached of cgroup ')) {
    const path = t.slice(31).trim();
    what(r, 'oom-task-in-cgroup');
    setField(r, 'oom_memcg', path);
    addCgroupEntities(r, path);
    return true;
  }
  let m = TASK_IN_RE.exec(t);
  if (m) {
    what(r, 'oom-task-in-cgroup');
    setField(r, 'task_memcg', m[1]);
    setField(r, 'oom_memcg', m[2]);
    addCgroupEntities(r, m[1]);
    addCgroupEntities(r, m[2]);
    return true;
  }
  m = GROUP_KILL_RE.exec(t);
  if (!m) return false;
  what(r, 'oom-group-kill');
  setField(r, 'oom_memcg', m[1]);
  addCgroupEntities(r, m[1]);
  return true;
}

// `cgroup: fork rejected by pids controller in /user.slice/user-1000.slice/session-3.scope`
// (kernel/cgroup/pids.c, FORMATS.md 3.4): the path is the cgroup whose pids.max was hit.
const FORK_REJECTED = 'cgroup: fork rejected by pids controller in ';

function readForkRejected(t: string, r: Reading): boolean {
  const path = t.slice(FORK_REJECTED.length).trim();
  if (!path) return false;
  what(r, 'fork-rejected');
  setField(r, 'cgroup', path);
  addCgroupEntities(r, path);
  return true;
}

// `VFS: file-max limit 1048576 reached` (fs/file_table.c, FORMATS.md 3.5)
const FILE_MAX_RE = /^VFS: file-max limit (\d{1,20}) reached/;

function readFileMax(t: string, r: Reading): boolean {
  const m = FILE_MAX_RE.exec(t);
  if (!m) return false;
  what(r, 'file-max');
  setField(r, 'limit', num(m[1]));
  return true;
}

// `Linux version 6.1.0-21-amd64 (debian-kernel@lists.debian.org) (gcc-12 ...) #1 SMP ...` (init/version.c)
const LINUX_VERSION_RE = /^Linux version (\d\S{0,120})/;

function readLinuxVersion(t: string, r: Reading): boolean {
  const m = LINUX_VERSION_RE.exec(t);
  if (!m) return false;
  what(r, 'linux-version');
  setField(r, 'kernel_release', m[1]);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Dispatch
// ---------------------------------------------------------------------------------------------

// rsyslog's copy of the kernel's uptime stamp at the start of the text:
// `kernel: [86813.898404] br-73d9b7d7aaa7: port 17(vethf24de83) entered disabled state` (FORMATS.md 1.9)
const UPTIME_RE = /^\[ {0,12}\d{1,10}\.\d{6}\] /;

/** Records by their first character (`t` has no leading blanks; `more` = the record's further lines). */
function readByFirst(t: string, more: string, r: Reading): boolean {
  switch (t.charCodeAt(0)) {
    case 91 /* [ */:
      if (t.startsWith('[talos] ')) return readTalos(t, r);
      if (t.startsWith('[<')) return readFrame(t, r);
      return readTaskHeader(t, r) || readTaskRow(t, r);
    case 44 /* , */:
      return (t.startsWith(',global_oom') || t.startsWith(',oom_memcg=')) && readOomSummary(t, r);
    case 111 /* o */:
      if (t.startsWith('oom-kill:constraint=')) return readOomSummary(t, r);
      if (t.startsWith('oom_reaper: ')) return readReaper(t, r);
      return false;
    case 79 /* O */:
      return t.startsWith('Out of memory') && readOutOfMemory(t, r);
    case 77 /* M */:
      if (t.startsWith('Memory cgroup out of memory')) return readOutOfMemory(t, r);
      if (t.startsWith('Memory cgroup stats for ')) return readMemcgStats(t, more, r);
      if (t.startsWith('Mem-Info:')) return what(r, 'oom-mem-info');
      if (t.startsWith('Modules linked in:')) return what(r, 'modules-linked');
      return t.startsWith('Memory limit reached of cgroup ') && readTaskInCgroup(t, r);
    case 75 /* K */:
      if (t.startsWith('Killed process ')) return readKilledProcess('', t.slice(15), r);
      return t.startsWith('Kernel panic - not syncing: ') && readPanic(t, r);
    case 45 /* - */:
      return t.startsWith('---[ end Kernel panic') && readPanic(t, r);
    case 84 /* T */:
      if (t.startsWith('Tainted: ')) return what(r, 'kernel-taint') && readTaint(t, r);
      if (t.startsWith('Tasks state (memory values in pages)')) return what(r, 'oom-tasks-state');
      if (t.startsWith('Total swap')) return readMemInfoLine(t, r);
      return readTaskInCgroup(t, r);
    case 78 /* N */:
      if (t.startsWith('Not tainted')) return what(r, 'kernel-taint') && readTaint(t, r);
      if (t.startsWith('NMI watchdog: ')) return readWatchdog(t.slice(14), r);
      return t.startsWith('Node ') && readMemInfoLine(t, r);
    case 73 /* I */:
      return t.startsWith('INFO: task ') && readHungTask(t, r);
    case 67 /* C */:
      if (t.startsWith('CPU: ')) return readCpuLine(t, r);
      if (t.startsWith('Call Trace:') || t.startsWith('Call trace:')) return what(r, 'call-trace');
      if (t.startsWith('Code: ')) return what(r, 'code-bytes');
      return false;
    case 99 /* c */:
      return t.startsWith(FORK_REJECTED) && readForkRejected(t, r);
    case 86 /* V */:
      return t.startsWith('VFS: ') && readFileMax(t, r);
    case 119 /* w */:
      return t.startsWith('watchdog: ') && readWatchdog(t.slice(10), r);
    case 66 /* B */:
      return t.startsWith('BUG: soft lockup') && readWatchdog(t, r);
    case 87 /* W */:
      return t.startsWith('Watchdog detected hard LOCKUP') && readWatchdog(t, r);
    case 69 /* E */:
      return t.startsWith('EXT4-fs ') && readExt4(t, r);
    case 70 /* F */:
      if (t.startsWith('Future hung task reports are suppressed')) return what(r, 'hung-task-suppressed');
      return t.startsWith('Free swap') && readMemInfoLine(t, r);
    case 72 /* H */:
      if (!t.startsWith('Hardware name: ')) return false;
      what(r, 'hardware-name');
      setField(r, 'hardware', t.slice(15).trim());
      return true;
    case 34 /* " */:
      // `"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.` (also cut short)
      return t.startsWith('"echo 0 > /proc/sys/kernel/hung_task_timeout_secs"') && what(r, 'hung-task-hint');
    case 76 /* L */:
      return t.startsWith('Linux version ') && readLinuxVersion(t, r);
    case 60 /* < */:
      return STACK_MARKER_RE.test(t) && what(r, 'stack-marker');
    case 109 /* m */:
    case 115 /* s */:
    case 107 /* k */:
      return t.indexOf(': usage ') !== -1 && readMemcgUsage(t, r);
    case 97 /* a */:
      return t.startsWith('active_anon:') && readMemInfoBlock(t, more, r);
    case 116 /* t */:
      if (t.startsWith('task:')) return readTaskState(t, r);
      return t.startsWith('traps: ') && readTraps(t, r);
    case 108 /* l */:
      return t.startsWith('lowmem_reserve[]:') && what(r, 'oom-mem-info');
    case 83 /* S */:
      return t.startsWith('Swap cache stats:') && what(r, 'oom-mem-info');
    case 85 /* U */:
      return t.startsWith('Unreclaimable slab info:') && what(r, 'oom-mem-info');
    case 82 /* R */:
      return REGISTERS_RE.test(t) && what(r, 'registers');
    case 63 /* ? */:
      return readFrame(t, r);
    default:
      return false;
  }
}

/** `unevictable:0 dirty:0 writeback:0` and friends: a Mem-Info continuation line with its own prefix. */
function readMemInfoKeys(t: string, more: string, r: Reading): boolean {
  return MEM_INFO_KEYS_RE.test(t) && readMemInfoBlock(t, more, r);
}

/** Records whose first word is a comm or a device name, so any character may start them. */
function readAnywhere(t: string, more: string, r: Reading): boolean {
  const c = t.charCodeAt(0);
  // `unevictable:0 dirty:0 writeback:0` (Mem-Info continuation with its own prefix), `anon 2138423296` (memory.stat)
  if (c >= 97 && c <= 122 && (readMemInfoKeys(t, more, r) || readStatDump(t, more, r))) return true;
  let at = t.indexOf(INVOKED);
  if (at > 0 && at <= 64) return readOomInvoked(t, at, r);
  at = t.indexOf(SEGFAULT);
  if (at > 0 && at <= 96) return readSegfault(t, at, r);
  at = t.indexOf(' cpuset=');
  if (at > 0 && at <= 64 && readCpusetLine(t, at, r)) return true;
  at = t.indexOf('+0x');
  if (at > 0 && at <= 160 && readFrame(t, r)) return true;
  if (STACK_WORDS_RE.test(t)) return what(r, 'stack-words');
  if (PAGE_COUNT_RE.test(t)) return readMemInfoLine(t, r);
  const bridge = BRIDGE_PORT_RE.exec(t);
  if (bridge) {
    what(r, 'bridge-port-state');
    setField(r, 'bridge', bridge[1]);
    setField(r, 'port', num(bridge[2]));
    setField(r, 'interface', bridge[3]);
    setField(r, 'state', bridge[4]);
    return true;
  }
  // Old sched_show_task lines end in ` 0x%08lx` (the task flags): cheap to rule out first.
  const n = t.length;
  if (n > 13 && t.charCodeAt(n - 11) === 32 && t.charCodeAt(n - 10) === 48) return readTaskState(t, r);
  return false;
}

/** Reads one kernel message into typed fields and entities; false when it is not one of kernel's. */
export function readKernel(message: string, r: Reading): boolean {
  if (message.length < 3) return false;
  const nl = message.indexOf('\n');
  let t = nl === -1 ? message : message.slice(0, nl);
  const more = nl === -1 ? '' : message.slice(nl + 1);
  const c = t.charCodeAt(0);
  if (c === 32 || c === 9) t = t.trimStart();
  else if (c === 91 && t.charCodeAt(1) !== 60) {
    const m = UPTIME_RE.exec(t);
    if (m) t = t.slice(m[0].length);
  }
  if (t.length === 0) return false;
  if (readByFirst(t, more, r) || readAnywhere(t, more, r)) return true;
  return readNoSpace(message, r);
}
