// The exact commands a gap or a verification step asks for, filled with the incident's ids and
// times (issue 5 part 4). One function per command, so a hypothesis says *what* it needs and
// the wording of the command lives in one place. Times are printed in UTC and run under
// `TZ=UTC`, because journalctl reads --since/--until in the local zone of the node.
import type { FormatId } from '../model/event.ts';
import type { CauseId, Gap } from './model.ts';

/** `2025-11-24 07:48:16` (UTC), what journalctl --since accepts. */
export function journalTime(us: number): string {
  const d = new Date(Math.floor(us / 1000));
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

/** `11/24/2025 07:48:16` (UTC), what ausearch -ts accepts in the C locale. */
function auditTime(us: number): string {
  const [d, t] = journalTime(us).split(' ');
  const [y, m, day] = d.split('-');
  return `${m}/${day}/${y} ${t}`;
}

/** Single quotes for the shell: ids and paths come from logs and may hold anything. */
export function shq(s: string): string {
  return /^[A-Za-z0-9_./:@=+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

const NS = 'k8s.io';
/** The containerd shim's state directory for a task (v2 shims). */
export const TASK_DIR = '/run/containerd/io.containerd.runtime.v2.task';
/** The CRI plugin's state directory (a sandbox's shm mount lives here). */
export const CRI_DIR = '/run/containerd/io.containerd.grpc.v1.cri';

function since(from: number | null, to: number | null): string {
  if (from === null || to === null) return '';
  return ` --since ${shq(journalTime(from))} --until ${shq(journalTime(to))}`;
}

/** `[from, to]` around `t` (µs): `before` and `after` seconds. */
export function around(t: number | null, before: number, after: number): [number | null, number | null] {
  return t === null ? [null, null] : [t - before * 1e6, t + after * 1e6];
}

export const cmd = {
  dmesgOom: () => `dmesg -T | grep -iE 'oom|killed process|out of memory'`,
  dmesgKill: () => `dmesg -T | grep -iE 'kill|oom|sigkill'`,
  kernelLog: (from: number | null, to: number | null) =>
    `TZ=UTC journalctl -k -o short-iso-precise${since(from, to)}`,
  containerdLog: (from: number | null, to: number | null) =>
    `TZ=UTC journalctl -u containerd -o short-iso-precise${since(from, to)}`,
  kubeletLog: (from: number | null, to: number | null) =>
    `TZ=UTC journalctl -u kubelet -o short-iso-precise${since(from, to)}`,
  systemdLog: (from: number | null, to: number | null) =>
    `TZ=UTC journalctl -o short-iso-precise${since(from, to)} _PID=1 + SYSLOG_IDENTIFIER=systemd-oomd`,
  wholeJournal: (from: number | null, to: number | null) =>
    `TZ=UTC journalctl -o short-iso-precise${since(from, to)}`,
  crictlInspect: (id: string) => `crictl inspect ${shq(id)}`,
  crictlInspectp: (sandbox: string) => `crictl inspectp ${shq(sandbox)}`,
  crictlPs: () => 'crictl ps -a',
  ctrTasks: () => `ctr -n ${NS} tasks ls`,
  ctrContainerInfo: (id: string) => `ctr -n ${NS} containers info ${shq(id)}`,
  ctrSnapshots: (id: string) => `ctr -n ${NS} snapshots ls | grep -E ${shq(`^${id.slice(0, 12)}`)}`,
  taskDirs: () => `ls -la ${TASK_DIR}/${NS}`,
  taskDir: (id: string) => `ls -la ${shq(`${TASK_DIR}/${NS}/${id}`)}`,
  mounts: (id: string) => `grep -F ${shq(id.slice(0, 12))} /proc/self/mountinfo`,
  shimProcess: (id: string) =>
    `ps -eo pid,ppid,stat,lstart,rss,cmd | grep -E ${shq(`containerd-shim.*${id.slice(0, 12)}`)}`,
  /** memory.events of the pod's cgroup (v2; `find` because the path depends on the cgroup driver and QoS class). */
  memoryEvents: (podUid: string | undefined, memcg: string | undefined) =>
    memcg
      ? `cat ${shq(`/sys/fs/cgroup${memcg}/memory.events`)}`
      : podUid
        ? `find /sys/fs/cgroup -path ${shq(`*${podUid.replace(/-/g, '?')}*`)} -name memory.events -exec grep -H . {} +`
        : `find /sys/fs/cgroup/kubepods* -name memory.events -exec grep -H oom_kill {} + | grep -v ' 0$'`,
  memoryLimits: (podUid: string | undefined) =>
    podUid
      ? `find /sys/fs/cgroup -path ${shq(`*${podUid.replace(/-/g, '?')}*`)} \\( -name memory.max -o -name memory.peak -o -name memory.current \\) -exec grep -H . {} +`
      : 'cat /sys/fs/cgroup/kubepods.slice/memory.max /sys/fs/cgroup/kubepods.slice/memory.current',
  hostMemory: () => 'free -m; grep -E "MemAvailable|Committed_AS|SwapFree" /proc/meminfo',
  pidsLimits: (podUid: string | undefined) =>
    podUid
      ? `find /sys/fs/cgroup -path ${shq(`*${podUid.replace(/-/g, '?')}*`)} \\( -name pids.max -o -name pids.current -o -name pids.events \\) -exec grep -H . {} +`
      : 'cat /proc/sys/kernel/pid_max /proc/sys/kernel/threads-max; ls /proc | grep -c "^[0-9]"',
  fdLimits: () =>
    'cat /proc/sys/fs/file-nr /proc/sys/fs/file-max /proc/sys/fs/inotify/max_user_instances /proc/sys/fs/inotify/max_user_watches',
  fdOf: (comm: string) => `for p in $(pgrep ${shq(comm)}); do echo "$p $(ls /proc/$p/fd | wc -l)"; done`,
  diskUsage: () => 'df -h; df -i',
  kubeEvents: (pod: string | undefined) => {
    if (!pod?.includes('/')) return 'kubectl get events -A --sort-by=.lastTimestamp';
    const [ns, name] = pod.split('/');
    return `kubectl get events -n ${shq(ns)} --field-selector involvedObject.name=${shq(name)}`;
  },
  describePod: (pod: string | undefined) => {
    if (!pod?.includes('/')) return 'kubectl get pods -A -o wide';
    const [ns, name] = pod.split('/');
    return `kubectl describe pod -n ${shq(ns)} ${shq(name)}`;
  },
  oomd: (from: number | null, to: number | null) =>
    `TZ=UTC journalctl -u systemd-oomd -o short-iso-precise${since(from, to)}; oomctl`,
  /** auditd's record of kill(2) calls (only if an audit rule watches them); ausearch reads `MM/DD/YYYY HH:MM:SS`. */
  auditKills: (from: number | null, to: number | null) =>
    `TZ=UTC LC_TIME=C ausearch -i -sc kill${from !== null && to !== null ? ` -ts ${auditTime(from)} -te ${auditTime(to)}` : ' -ts recent'}`,
  shellHistory: () =>
    'last -x | head -20; grep -h -E "kill|crictl (rm|stop)|ctr .*(kill|delete)" /root/.bash_history',
  hungTasks: () =>
    `dmesg -T | grep -E 'blocked for more than|soft lockup|hard LOCKUP|rcu_sched|Kernel panic'`,
  containerdVersion: () => 'containerd --version; runc --version; ctr version',
  containerdStacks: () =>
    'kill -USR1 $(pidof containerd); TZ=UTC journalctl -u containerd --since "-1min" | grep -A200 "goroutine stack"',

  // ---- verification and remediation (steps.ts) ----
  /** Named files of one cgroup (v2), each printed with its path: `grep -H . a b` prints `a:value`. */
  cgroupFiles: (path: string, files: readonly string[]) =>
    `grep -H . ${files.map((f) => shq(`/sys/fs/cgroup${path}/${f}`)).join(' ')}`,
  /** Every running shim with the cgroup it sits in (comm is cut to 15 characters: `containerd-shim`). */
  shimCgroups: () => 'for p in $(pgrep containerd-shim); do echo "$p $(cat /proc/$p/cgroup)"; done',
  /** Whether the runtime options put the shim in a cgroup of its own (runc options `ShimCgroup`). */
  shimCgroupConfig: () => `containerd config dump | grep -n -E 'ShimCgroup|SystemdCgroup'`,
  /** The pod's requests and limits per container. */
  podResources: (pod: string | undefined) => {
    const out = `-o jsonpath='{range .spec.containers[*]}{.name}{" "}{.resources}{"\\n"}{end}'`;
    if (!pod?.includes('/')) return `kubectl get pods -A ${out}`;
    const [ns, name] = pod.split('/');
    return `kubectl get pod -n ${shq(ns)} ${shq(name)} ${out}`;
  },
  memoryPressure: () => 'cat /proc/pressure/memory; grep -E "oom_kill|pgmajfault" /proc/vmstat',
  /** Disk and inode use where containerd and kubelet keep their state. */
  runtimeDisks: () => 'df -h /var/lib/containerd /run/containerd /var/lib/kubelet; df -i /var/lib/containerd',
  /** The mounts left under a task's state directory (the rootfs) or naming the id. */
  staleMounts: (id: string) => `findmnt -rn -o TARGET,SOURCE,FSTYPE | grep -F -- ${shq(id)}`,
  umountRootfs: (id: string) => `umount ${shq(`${TASK_DIR}/${NS}/${id}/rootfs`)}`,
  /** The sandbox's /dev/shm, mounted by the CRI plugin outside the task directory. */
  umountSandboxShm: (sandbox: string) => `umount ${shq(`${CRI_DIR}/sandboxes/${sandbox}/shm`)}`,
  /** `--one-file-system`: if a mount is still there, rm stops at it instead of emptying it. */
  removeTaskDir: (id: string) => `rm -rf --one-file-system ${shq(`${TASK_DIR}/${NS}/${id}`)}`,
  ctrTaskDelete: (id: string) => `ctr -n ${NS} tasks delete --force ${shq(id)}`,
  ctrTaskStart: (id: string) => `ctr -n ${NS} tasks start -d ${shq(id)}`,
  ctrContainerRm: (id: string) => `ctr -n ${NS} containers rm ${shq(id)}`,
  /** The CRI plugin names a container's (and a sandbox's) snapshot by its id. */
  ctrSnapshotRm: (key: string) => `ctr -n ${NS} snapshots rm ${shq(key)}`,
  crictlRm: (id: string) => `crictl rm --force ${shq(id)}`,
  crictlStopp: (sandbox: string) => `crictl stopp ${shq(sandbox)}`,
  crictlRmp: (sandbox: string) => `crictl rmp --force ${shq(sandbox)}`,
  kubectlDeletePod: (pod: string) => {
    const [ns, name] = pod.includes('/') ? pod.split('/') : ['default', pod];
    return `kubectl delete pod -n ${shq(ns)} ${shq(name)}`;
  },
  watchPod: (pod: string) => {
    const [ns, name] = pod.includes('/') ? pod.split('/') : ['default', pod];
    return `kubectl get pod -n ${shq(ns)} ${shq(name)} -o wide -w`;
  },
  /** An audit rule that records every kill(2) family call from now on. */
  auditKillRule: () => 'auditctl -a always,exit -F arch=b64 -S kill -S tkill -S tgkill -k rca-kill',
} as const;

/** A gap in one line: the ask, the command, what it settles. */
export function gap(id: string, ask: string, command: string, settles: CauseId[], format?: FormatId): Gap {
  return { id, ask, command, settles, ...(format ? { format } : {}) };
}
