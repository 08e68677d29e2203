// The simulated node: who logs (sources), which pods run, and the record type every writer
// renders. A record is one log entry as journald stores it (a multi-line MESSAGE stays one
// record); writers decide how it looks in each output format.
import type { Rng } from './random.ts';

export type Transport = 'kernel' | 'stdout' | 'journal' | 'syslog';

export interface Source {
  ident: string;
  pid?: number;
  comm?: string;
  exe?: string;
  cmdline?: string;
  unit?: string;
  /** syslog facility (0 kernel, 3 daemon, 4 auth, 10 authpriv). */
  facility: number;
  transport: Transport;
  uid?: number;
}

/** Marks a record whose line the truth file points at. */
export interface KeyMark {
  incident: string;
  /** What the line proves, e.g. `kernel.killed`, `containerd.task-exit`. */
  id: string;
  /** Substrings (free of JSON escapes) that the line holds in every output format. */
  contains: string[];
}

export interface Rec {
  /** Epoch microseconds: when the entry was logged (kernel: the printk time). */
  t: number;
  src: Source;
  /** syslog level 0..7. */
  prio: number;
  /** The MESSAGE; may hold newlines (one multi-line kernel record, for instance). */
  msg: string;
  /** PID 1's messages about a unit carry UNIT= (so `journalctl -u` shows them). */
  unit?: string;
  key?: KeyMark;
}

export type Qos = 'burstable' | 'besteffort' | 'guaranteed';

export interface Pod {
  app: string;
  ns: string;
  name: string;
  uid: string;
  qos: Qos;
  sandboxId: string;
  containerId: string;
  attempt: number;
  image: string;
  imageId: string; // 64 hex, without sha256:
  repoDigest: string; // 64 hex
  imageSize: number;
  ip: string;
  veth: string;
  bridgePort: number;
  shimPid: number;
  pausePid: number;
  appPid: number;
  comm: string;
  /** Container memory limit in bytes; 0 = none. */
  memLimit: number;
  oomScoreAdj: number;
  /** Never stopped by the background churn: an incident happens to it. */
  incident?: string;
  createdUs: number;
}

export interface NodeModel {
  host: string;
  bootUs: number;
  bootId: string;
  machineId: string;
  seqnumId: string;
  kernelRelease: string;
  kernelBuild: string;
  hardware: string;
  memPages: number;
  sources: {
    kernel: Source;
    systemdKmsg: Source;
    systemd: Source;
    containerd: Source;
    kubelet: Source;
    logind: Source;
    chronyd: Source;
    sshd: Source;
    journald: Source;
  };
  /** System processes for OOM task tables: [pid, uid, comm, oom_score_adj, rss pages]. */
  sysProcs: [number, number, string, number, number][];
}

export const CONTAINERD_VERSION = '1.7.24';
export const CONTAINERD_REVISION = '88bf19b2105c8b17560993bee28a01ddc2f97182';
export const KUBELET_VERSION = 'v1.31.4';

export function makeNode(rng: Rng, bootUs: number): NodeModel {
  const host = `k8s-worker-${String(rng.int(1, 40)).padStart(2, '0')}`;
  const src = (
    ident: string,
    pid: number,
    exe: string,
    unit: string,
    cmdline: string,
    transport: Transport,
    facility = 3,
  ): Source => ({ ident, pid, comm: ident.slice(0, 15), exe, unit, cmdline, transport, facility, uid: 0 });
  const containerdPid = rng.int(600, 900);
  const kubeletPid = containerdPid + rng.int(100, 400);
  return {
    host,
    bootUs,
    bootId: rng.hex(32),
    machineId: rng.hex(32),
    seqnumId: rng.hex(32),
    kernelRelease: '6.1.0-27-amd64',
    kernelBuild: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.115-1 (2024-11-01)',
    hardware: 'QEMU Standard PC (Q35 + ICH9, 2009), BIOS 1.16.2-debian-1.16.2-1 04/01/2014',
    memPages: 4194174,
    sources: {
      kernel: { ident: 'kernel', facility: 0, transport: 'kernel' },
      // Early-boot messages PID 1 writes to /dev/kmsg: they show in dmesg (`<30>`) and in the journal.
      systemdKmsg: { ident: 'systemd', pid: 1, comm: 'systemd', facility: 3, transport: 'kernel' },
      systemd: src('systemd', 1, '/usr/lib/systemd/systemd', 'init.scope', '/sbin/init', 'journal'),
      containerd: src(
        'containerd',
        containerdPid,
        '/usr/bin/containerd',
        'containerd.service',
        '/usr/bin/containerd',
        'stdout',
      ),
      kubelet: src(
        'kubelet',
        kubeletPid,
        '/usr/bin/kubelet',
        'kubelet.service',
        '/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml --container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.10',
        'stdout',
      ),
      logind: src(
        'systemd-logind',
        rng.int(400, 500),
        '/usr/lib/systemd/systemd-logind',
        'systemd-logind.service',
        '/lib/systemd/systemd-logind',
        'journal',
        4,
      ),
      chronyd: src(
        'chronyd',
        rng.int(500, 560),
        '/usr/sbin/chronyd',
        'chrony.service',
        '/usr/sbin/chronyd -F 1',
        'syslog',
      ),
      sshd: src(
        'sshd',
        rng.int(560, 600),
        '/usr/sbin/sshd',
        'ssh.service',
        'sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups',
        'syslog',
        4,
      ),
      journald: src(
        'systemd-journald',
        rng.int(250, 300),
        '/usr/lib/systemd/systemd-journald',
        'systemd-journald.service',
        '/lib/systemd/systemd-journald',
        'journal',
      ),
    },
    sysProcs: [],
  };
}

/** Fills the task list the OOM reports print (system daemons, with their usual oom_score_adj). */
export function systemProcesses(node: NodeModel, rng: Rng): [number, number, string, number, number][] {
  const s = node.sources;
  return [
    [1, 0, 'systemd', 0, rng.int(2500, 3500)],
    [s.journald.pid!, 0, 'systemd-journal', -250, rng.int(5000, 30000)],
    [rng.int(300, 340), 0, 'systemd-udevd', -1000, rng.int(1200, 1800)],
    [s.logind.pid!, 0, 'systemd-logind', 0, rng.int(1500, 2000)],
    [s.chronyd.pid!, 102, 'chronyd', 0, rng.int(600, 900)],
    [s.sshd.pid!, 0, 'sshd', -1000, rng.int(1800, 2200)],
    [s.containerd.pid!, 0, 'containerd', -999, rng.int(12000, 20000)],
    [s.kubelet.pid!, 0, 'kubelet', -999, rng.int(25000, 40000)],
  ];
}

// Workloads: app name -> [main process comm, image path, memory limit MiB (0 = none), namespace].
const APPS: Record<string, [string, string, number, string]> = {
  api: ['java', 'shop/api', 1024, 'shop'],
  web: ['node', 'shop/web', 512, 'shop'],
  worker: ['python3', 'shop/worker', 768, 'shop'],
  checkout: ['java', 'payments/checkout', 1536, 'payments'],
  cart: ['node', 'shop/cart', 512, 'shop'],
  search: ['java', 'shop/search', 2048, 'shop'],
  auth: ['app', 'platform/auth', 256, 'platform'],
  redis: ['redis-server', 'library/redis', 1024, 'shop'],
  coredns: ['coredns', 'coredns/coredns', 170, 'kube-system'],
  'fluent-bit': ['fluent-bit', 'fluent/fluent-bit', 256, 'monitoring'],
  'node-exporter': ['node_exporter', 'prometheus/node-exporter', 128, 'monitoring'],
  'metrics-agent': ['otelcol', 'observability/otel-agent', 0, 'monitoring'],
};
/** DaemonSets: exactly one pod per node, never churned. */
export const DAEMONSETS = ['fluent-bit', 'node-exporter'];
/** Deployments the background picks from (incident workloads are placed explicitly). */
const RANDOM_APPS = ['api', 'web', 'worker', 'cart', 'search', 'auth', 'redis', 'coredns'];

export class PodFactory {
  private nextPid: number;
  private nextPort = 2;

  constructor(
    private readonly rng: Rng,
    firstPid: number,
  ) {
    this.nextPid = firstPid;
  }

  make(createdUs: number, app = this.rng.pick(RANDOM_APPS)): Pod {
    const r = this.rng;
    const [comm, path, limitMib, ns] = APPS[app];
    this.nextPid += r.int(3, 60);
    const shimPid = this.nextPid;
    const pausePid = shimPid + r.int(15, 30);
    const appPid = pausePid + r.int(10, 40);
    this.nextPid = appPid + r.int(5, 50);
    const qos: Qos = limitMib === 0 ? 'besteffort' : r.chance(0.2) ? 'guaranteed' : 'burstable';
    const daemonSet = DAEMONSETS.includes(app);
    return {
      app,
      ns,
      name: daemonSet ? `${app}-${r.suffix(5)}` : `${app}-${r.suffix(r.int(9, 10))}-${r.suffix(5)}`,
      uid: r.uuid(),
      qos,
      sandboxId: r.hex(64),
      containerId: r.hex(64),
      attempt: 0,
      image: `registry.example.com/${path}:${r.int(1, 3)}.${r.int(0, 20)}.${r.int(0, 9)}`,
      imageId: r.hex(64),
      repoDigest: r.hex(64),
      imageSize: r.int(8_000_000, 400_000_000),
      ip: `10.244.${r.int(0, 3)}.${r.int(2, 250)}`,
      veth: `veth${r.hex(8)}`,
      bridgePort: this.nextPort++,
      shimPid,
      pausePid,
      appPid,
      comm,
      memLimit: limitMib * 1024 * 1024,
      // Burstable pods get 1000 - 1000*request/capacity (kubelet's policy), so 2..999.
      oomScoreAdj: qos === 'guaranteed' ? -997 : qos === 'besteffort' ? 1000 : r.int(600, 999),
      createdUs,
    };
  }
}

export const podRef = (p: Pod): string => `${p.ns}/${p.name}`;
/** The pod's systemd slice: Guaranteed pods sit directly under kubepods.slice, without a QoS word. */
export const podSlice = (p: Pod): string =>
  p.qos === 'guaranteed'
    ? `kubepods-pod${p.uid.replace(/-/g, '_')}.slice`
    : `kubepods-${p.qos}-pod${p.uid.replace(/-/g, '_')}.slice`;
/** Memory cgroup path of the pod (systemd cgroup driver, cgroup v2). */
export function podCgroup(p: Pod): string {
  const pod = podSlice(p);
  return p.qos === 'guaranteed' ? `/kubepods.slice/${pod}` : `/kubepods.slice/kubepods-${p.qos}.slice/${pod}`;
}
export const scopeCgroup = (p: Pod, id: string): string => `${podCgroup(p)}/cri-containerd-${id}.scope`;

export type ContainerState =
  | 'CONTAINER_CREATED'
  | 'CONTAINER_RUNNING'
  | 'CONTAINER_EXITED'
  | 'CONTAINER_UNKNOWN';

/** One container as `crictl ps -a` / `crictl inspect` see it when the snapshot is taken. */
export interface ContainerView {
  pod: Pod;
  id: string;
  sandboxId: string;
  attempt: number;
  createdUs: number;
  startedUs: number;
  /** 0 prints as Go's zero time. */
  finishedUs: number;
  state: ContainerState;
  exitCode: number;
  reason: string;
  /** info.pid: the init process, 0 when not running (kept for UNKNOWN tasks). */
  pid: number;
  /** Marks the container whose lines the truth file points at. */
  incident?: string;
}
