// crictl renderings of the node's containers at snapshot time (FORMATS.md 4.1, 4.2, 4.6):
// `crictl ps -a` (cri-tools >= 1.32, tabwriter minwidth 20 / padding 3) and `crictl inspect`
// (Go json.Marshal of maps: keys sorted at every level, two-space indent; several ids -> an array).
import { humanDuration, rfc3339Nano } from './clock.ts';
import { type ContainerView, podSlice } from './node-model.ts';

const STATE_WORD: Record<ContainerView['state'], string> = {
  CONTAINER_CREATED: 'Created',
  CONTAINER_RUNNING: 'Running',
  CONTAINER_EXITED: 'Exited',
  CONTAINER_UNKNOWN: 'Unknown',
};

export const PS_HEADER = [
  'CONTAINER',
  'IMAGE',
  'CREATED',
  'STATE',
  'NAME',
  'ATTEMPT',
  'POD ID',
  'POD',
  'NAMESPACE',
];

export function psCells(c: ContainerView, nowUs: number): string[] {
  return [
    c.id.slice(0, 13),
    c.pod.imageId.slice(0, 13),
    `${humanDuration(nowUs - c.createdUs)} ago`,
    STATE_WORD[c.state],
    c.pod.app,
    String(c.attempt),
    c.sandboxId.slice(0, 13),
    c.pod.name,
    c.pod.ns,
  ];
}

/** Column widths of Go's tabwriter as crictl configures it: max(20, longest cell + 3). */
export function psWidths(rows: readonly string[][]): number[] {
  const w = PS_HEADER.map(() => 20);
  for (const row of rows) {
    for (let i = 0; i < row.length - 1; i++) w[i] = Math.max(w[i], row[i].length + 3);
  }
  return w;
}

/** One table line: every cell but the last padded to its column. */
export function psLine(cells: readonly string[], widths: readonly number[]): string {
  let s = '';
  for (let i = 0; i < cells.length - 1; i++) s += cells[i].padEnd(widths[i]);
  return `${s}${cells[cells.length - 1]}\n`;
}

/** crictl sorts by creation time, newest first. */
export function psOrder(containers: readonly ContainerView[]): ContainerView[] {
  return [...containers].sort((a, b) => b.createdUs - a.createdUs || (a.id < b.id ? -1 : 1));
}

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** Deep copy with object keys sorted, as Go's encoding/json writes maps. */
export function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    const out: { [k: string]: Json } = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
    return out;
  }
  return v;
}

const ZERO_TIME = '0001-01-01T00:00:00Z';
const goTime = (us: number): string => (us === 0 ? ZERO_TIME : rfc3339Nano(us, (us * 13) % 1000));

const MASKED = [
  '/proc/asound',
  '/proc/acpi',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/sys/firmware',
  '/sys/devices/virtual/powercap',
];
const READONLY = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];
const CAPS = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FSETID',
  'CAP_FOWNER',
  'CAP_MKNOD',
  'CAP_NET_RAW',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETFCAP',
  'CAP_SETPCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT',
  'CAP_KILL',
  'CAP_AUDIT_WRITE',
];

/** The `crictl inspect` object of one container (containerd 1.7 `info`). */
export function inspectObject(c: ContainerView): Json {
  const p = c.pod;
  const limit = p.memLimit;
  const podDir = `/var/lib/kubelet/pods/${p.uid}`;
  const logDir = `/var/log/pods/${p.ns}_${p.name}_${p.uid}`;
  const labels = {
    'io.kubernetes.container.name': p.app,
    'io.kubernetes.pod.name': p.name,
    'io.kubernetes.pod.namespace': p.ns,
    'io.kubernetes.pod.uid': p.uid,
  };
  const annotations = {
    'io.kubernetes.container.hash': String(0x1000000 + ((p.imageSize * 7) % 0xefffffff)),
    'io.kubernetes.container.restartCount': String(c.attempt),
    'io.kubernetes.container.terminationMessagePath': '/dev/termination-log',
    'io.kubernetes.container.terminationMessagePolicy': 'File',
    'io.kubernetes.pod.terminationGracePeriod': '30',
  };
  const cpuShares = p.qos === 'besteffort' ? 2 : 512;
  const cpuQuota = p.qos === 'besteffort' ? 0 : 100000;
  const mountsCri: { container_path: string; host_path: string; readonly: boolean }[] = [
    {
      container_path: '/var/run/secrets/kubernetes.io/serviceaccount',
      host_path: `${podDir}/volumes/kubernetes.io~projected/kube-api-access`,
      readonly: true,
    },
    { container_path: '/etc/hosts', host_path: `${podDir}/etc-hosts`, readonly: false },
    {
      container_path: '/dev/termination-log',
      host_path: `${podDir}/containers/${p.app}/${c.id.slice(0, 8)}`,
      readonly: false,
    },
  ];
  const env = [
    ['KUBERNETES_SERVICE_HOST', '10.96.0.1'],
    ['KUBERNETES_SERVICE_PORT', '443'],
    ['KUBERNETES_PORT_443_TCP_ADDR', '10.96.0.1'],
    ['APP_PORT', '8080'],
  ];
  const obj: Json = {
    info: {
      config: {
        annotations,
        envs: env.map(([key, value]) => ({ key, value })),
        image: { image: `sha256:${p.imageId}` },
        labels,
        linux: {
          resources: {
            cpu_period: 100000,
            cpu_quota: cpuQuota,
            cpu_shares: cpuShares,
            memory_limit_in_bytes: limit,
            oom_score_adj: p.oomScoreAdj,
          },
          security_context: {
            masked_paths: MASKED,
            namespace_options: { pid: 1 },
            readonly_paths: READONLY,
            run_as_user: { value: 1000 },
          },
        },
        log_path: `${p.app}/${c.attempt}.log`,
        metadata: { attempt: c.attempt, name: p.app },
        // protojson omits false booleans in the CRI config the kubelet sent.
        mounts: mountsCri.map((m) =>
          m.readonly ? m : { container_path: m.container_path, host_path: m.host_path },
        ),
      },
      pid: c.pid,
      removing: false,
      runtimeOptions: { systemd_cgroup: true },
      runtimeSpec: {
        annotations: {
          'io.kubernetes.cri.container-name': p.app,
          'io.kubernetes.cri.container-type': 'container',
          'io.kubernetes.cri.image-name': p.image,
          'io.kubernetes.cri.sandbox-id': c.sandboxId,
          'io.kubernetes.cri.sandbox-name': p.name,
          'io.kubernetes.cri.sandbox-namespace': p.ns,
          'io.kubernetes.cri.sandbox-uid': p.uid,
        },
        hostname: p.name,
        linux: {
          cgroupsPath: `${podSlice(p)}:cri-containerd:${c.id}`,
          maskedPaths: MASKED,
          namespaces: [
            { type: 'pid' },
            { path: `/proc/${p.pausePid}/ns/ipc`, type: 'ipc' },
            { path: `/proc/${p.pausePid}/ns/uts`, type: 'uts' },
            { type: 'mount' },
            { path: `/proc/${p.pausePid}/ns/net`, type: 'network' },
            { type: 'cgroup' },
          ],
          readonlyPaths: READONLY,
          resources: {
            cpu: { period: 100000, quota: cpuQuota, shares: cpuShares },
            devices: [{ access: 'rwm', allow: false }],
            memory: limit > 0 ? { limit } : {},
          },
        },
        mounts: [
          { destination: '/proc', options: ['nosuid', 'noexec', 'nodev'], source: 'proc', type: 'proc' },
          {
            destination: '/dev',
            options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'],
            source: 'tmpfs',
            type: 'tmpfs',
          },
          {
            destination: '/sys',
            options: ['nosuid', 'noexec', 'nodev', 'ro'],
            source: 'sysfs',
            type: 'sysfs',
          },
          {
            destination: '/etc/hosts',
            options: ['rbind', 'rprivate', 'rw'],
            source: `${podDir}/etc-hosts`,
            type: 'bind',
          },
          {
            destination: '/var/run/secrets/kubernetes.io/serviceaccount',
            options: ['rbind', 'rprivate', 'ro'],
            source: `${podDir}/volumes/kubernetes.io~projected/kube-api-access`,
            type: 'bind',
          },
        ],
        ociVersion: '1.1.0',
        process: {
          args: [p.comm, '--config', '/etc/app/config.yaml'],
          capabilities: { bounding: CAPS, effective: CAPS, permitted: CAPS },
          cwd: '/',
          env: [
            'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
            `HOSTNAME=${p.name}`,
            ...env.map(([k, v]) => `${k}=${v}`),
          ],
          oomScoreAdj: p.oomScoreAdj,
          user: { additionalGids: [1000], gid: 1000, uid: 1000 },
        },
        root: { path: 'rootfs' },
      },
      runtimeType: 'io.containerd.runc.v2',
      sandboxID: c.sandboxId,
      snapshotKey: c.id,
      snapshotter: 'overlayfs',
    },
    status: {
      annotations,
      createdAt: goTime(c.createdUs),
      exitCode: c.exitCode,
      finishedAt: goTime(c.finishedUs),
      id: c.id,
      image: { annotations: {}, image: p.image, runtimeHandler: '', userSpecifiedImage: '' },
      imageId: `sha256:${p.imageId}`,
      imageRef: `${p.image.slice(0, p.image.lastIndexOf(':'))}@sha256:${p.repoDigest}`,
      labels,
      logPath: `${logDir}/${p.app}/${c.attempt}.log`,
      message: '',
      metadata: { attempt: c.attempt, name: p.app },
      mounts: mountsCri.map((m) => ({
        containerPath: m.container_path,
        gidMappings: [],
        hostPath: m.host_path,
        propagation: 'PROPAGATION_PRIVATE',
        readonly: m.readonly,
        recursiveReadOnly: false,
        selinuxRelabel: false,
        uidMappings: [],
      })),
      reason: c.reason,
      resources: {
        linux: {
          cpuPeriod: '100000',
          cpuQuota: String(cpuQuota),
          cpuShares: String(cpuShares),
          cpusetCpus: '',
          cpusetMems: '',
          hugepageLimits: [],
          memoryLimitInBytes: String(limit),
          memorySwapLimitInBytes: String(limit),
          oomScoreAdj: String(p.oomScoreAdj),
          unified: {},
        },
        windows: null,
      },
      startedAt: goTime(c.startedUs),
      state: c.state,
      user: { linux: { gid: '1000', supplementalGroups: ['1000'], uid: '1000' } },
    },
  };
  return sortKeys(obj);
}

/** One element of the inspect array, indented as JSON.stringify(array, null, 2) would. */
export function inspectElement(c: ContainerView): string {
  return JSON.stringify(inspectObject(c), null, 2)
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
