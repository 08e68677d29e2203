// Ids that name the same container, pod or process across tools (FORMATS.md 8.4). Shared by
// every reader and table parser so the kernel's `task_memcg=`, containerd's `id=`, kubelet's
// `containerID=` and crictl's 13-character prefix all become the same entity kinds and spellings.
import type { Reading } from './reading.ts';
import { addEntity, setField } from './reading.ts';

/** A full container / sandbox / task id: 64 lowercase hex characters. */
export const FULL_ID_RE = /^[0-9a-f]{64}$/;
/** A pod UID with dashes (`5f1c6d2e-9b1a-4c3e-8d7f-0a1b2c3d4e5f`). */
export const POD_UID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `5f1c6d2e_9b1a_4c3e_8d7f_0a1b2c3d4e5f` (systemd slice spelling) -> dashed form; other text unchanged. */
export function normalizePodUid(s: string): string {
  const t = s.toLowerCase().replace(/_/g, '-');
  return POD_UID_RE.test(t) ? t : s;
}

/**
 * A container id with the runtime's prefix or scope suffix removed: `containerd://<id>`,
 * `docker://<id>`, `cri-o://<id>`, `cri-containerd-<id>.scope`, `docker-<id>.scope`,
 * `crio-<id>.scope`. Returns undefined when what is left is not hex (a name, not an id).
 */
export function bareContainerId(s: string): string | undefined {
  let t = s.trim();
  const scheme = t.indexOf('://');
  if (scheme !== -1) t = t.slice(scheme + 3);
  t = t.replace(/^(?:cri-containerd|docker|crio|containerd)-/, '').replace(/\.scope$/, '');
  return /^[0-9a-f]{12,64}$/.test(t) ? t : undefined;
}

// One piece of a cgroup path that names a pod or a container, for both drivers:
//   systemd driver: /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod5f1c6d2e_9b1a_4c3e_8d7f_0a1b2c3d4e5f.slice/cri-containerd-<64hex>.scope
//   cgroupfs driver: /kubepods/burstable/pod5f1c6d2e-9b1a-4c3e-8d7f-0a1b2c3d4e5f/<64hex>
//   docker:          /docker/<64hex>  or  /system.slice/docker-<64hex>.scope
const POD_PART_RE =
  /(?:^|[-/])pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})(?:\.slice)?$/;
const CONTAINER_PART_RE = /^(?:(?:cri-containerd|docker|crio|libpod)-)?([0-9a-f]{64})(?:\.scope)?$/;

// `kubepods-burstable.slice` (systemd driver) or `burstable` (cgroupfs driver).
const QOS_PART_RE = /^(?:kubepods-)?(burstable|besteffort)(?:\.slice)?$/;

export interface CgroupNames {
  podUid?: string;
  containerId?: string;
  qos?: 'guaranteed' | 'burstable' | 'besteffort';
}

/** The pod UID (dashed), container id and QoS class a cgroup path names, if any. */
export function namesInCgroup(path: string): CgroupNames {
  const out: CgroupNames = {};
  let kubepods = false;
  for (const part of path.split('/')) {
    if (!part) continue;
    const pod = POD_PART_RE.exec(part);
    if (pod) out.podUid = normalizePodUid(pod[1]);
    const c = CONTAINER_PART_RE.exec(part);
    if (c) out.containerId = c[1];
    const q = QOS_PART_RE.exec(part);
    if (q) out.qos = q[1] as 'burstable' | 'besteffort';
    if (part === 'kubepods' || part === 'kubepods.slice') kubepods = true;
  }
  // Guaranteed pods sit right under kubepods, with no QoS level between.
  if (kubepods && out.podUid && !out.qos) out.qos = 'guaranteed';
  return out;
}

// runc's systemd-driver cgroupsPath `slice:prefix:name` (OCI runtime spec `linux.cgroupsPath`,
// runc libcontainer/cgroups/systemd `ExpandSlice`, `getUnitName`):
// `kubepods-burstable-pod6f1d2c3b_4a5e_4f60_8a9b_0c1d2e3f4a5b.slice:cri-containerd:4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6`
const SYSTEMD_CGROUPS_PATH_RE = /^([\w.@-]{1,200}\.slice):([\w.-]{0,100}):([\w.-]{1,200})$/;

// cgroup v1 mounts one hierarchy per controller under /sys/fs/cgroup (`cpu,cpuacct` for co-mounted ones).
const V1_CONTROLLERS = new Set([
  'memory',
  'cpu',
  'cpuacct',
  'cpu,cpuacct',
  'cpuacct,cpu',
  'cpuset',
  'pids',
  'blkio',
  'devices',
  'freezer',
  'net_cls',
  'net_prio',
  'net_cls,net_prio',
  'hugetlb',
  'perf_event',
  'rdma',
  'misc',
  'systemd',
  'unified',
]);

/**
 * A cgroup as the kernel names it (`task_memcg=`, /proc/<pid>/cgroup), so the same cgroup is one
 * entity whoever printed it, from its other spellings:
 * - a systemd-driver OCI cgroupsPath: `kubepods-burstable-pod<uid>.slice:cri-containerd:<id>` ->
 *   `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid>.slice/cri-containerd-<id>.scope`;
 * - a file-system path: `/sys/fs/cgroup/kubepods/...` (v2), `/sys/fs/cgroup/memory/docker/<id>`
 *   (v1: the controller's mount) -> `/kubepods/...`, `/docker/<id>`.
 * Anything else (a cgroupfs-driver cgroupsPath `/kubepods/burstable/pod<uid>/<id>`) is returned as it is.
 */
export function kernelCgroupPath(s: string): string {
  const mount = '/sys/fs/cgroup';
  if (s === mount) return '/';
  if (s.startsWith(`${mount}/`)) {
    const rest = s.slice(mount.length);
    const slash = rest.indexOf('/', 1);
    const first = slash === -1 ? rest.slice(1) : rest.slice(1, slash);
    if (V1_CONTROLLERS.has(first)) return slash === -1 ? '/' : rest.slice(slash);
    return rest;
  }
  const m = SYSTEMD_CGROUPS_PATH_RE.exec(s);
  if (!m) return s;
  let path = '';
  // ExpandSlice: `a-b-c.slice` sits in `a.slice/a-b.slice/`; `-.slice` is the root.
  const slice = m[1];
  if (slice !== '-.slice') {
    let name = '';
    for (const w of slice.slice(0, -'.slice'.length).split('-')) {
      name = name ? `${name}-${w}` : w;
      path += `/${name}.slice`;
    }
  }
  const unit = m[3].endsWith('.slice') ? m[3] : m[2] ? `${m[2]}-${m[3]}.scope` : `${m[3]}.scope`;
  return `${path}/${unit}`;
}

/**
 * An OCI spec's `linux.cgroupsPath`: the `cgroupsPath` field as printed, `cgroup` when the
 * kernel names it otherwise (kernelCgroupPath), and the cgroup / pod / container entities.
 */
export function addCgroupsPath(r: Reading, cgroupsPath: string | undefined): void {
  if (!cgroupsPath) return;
  setField(r, 'cgroupsPath', cgroupsPath);
  const cgroup = kernelCgroupPath(cgroupsPath);
  if (cgroup !== cgroupsPath) setField(r, 'cgroup', cgroup);
  addCgroupEntities(r, cgroup);
}

/** Adds the cgroup entity and the pod / container entities its path names. */
export function addCgroupEntities(r: Reading, path: string | undefined): void {
  if (!path || path === '/') return;
  addEntity(r, 'cgroup', path);
  const n = namesInCgroup(path);
  if (n.podUid) addEntity(r, 'pod', n.podUid);
  if (n.containerId) addEntity(r, 'container', n.containerId);
}

/** Adds a container entity for an id in any spelling (full, 12/13-char prefix, with scheme). */
export function addContainerEntity(
  r: Reading,
  raw: string | undefined,
  kind: 'container' | 'sandbox' = 'container',
): void {
  if (!raw) return;
  const id = bareContainerId(raw);
  if (id) addEntity(r, kind, id);
}
