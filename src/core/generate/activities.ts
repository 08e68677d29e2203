// What the node's daemons log: record builders in each daemon's own inner format (containerd
// logrus, kubelet klog, systemd, kernel printk) and the everyday activities (pod start/stop,
// probes, image pulls) that make the background of every output file.
import { goFixed, goSeconds, goTimeString, isoSeconds, klogStamp } from './clock.ts';
import {
  CONTAINERD_REVISION,
  CONTAINERD_VERSION,
  type KeyMark,
  KUBELET_VERSION,
  type NodeModel,
  type Pod,
  podRef,
  podSlice,
  type Rec,
  type Source,
} from './node-model.ts';
import type { Rng } from './random.ts';

// logrus writes a value bare when every character is in this set, else as a Go %q string.
const LOGRUS_BARE = /^[A-Za-z0-9\-._/@^+]+$/;
/** Go %q and JSON agree for the printable ASCII the generator writes. */
export const q = (s: string): string => JSON.stringify(s);
export const logrusValue = (v: string): string => (v === '' ? '' : LOGRUS_BARE.test(v) ? v : q(v));

const LEVEL_PRIO: Record<string, number> = { debug: 7, info: 6, warning: 4, error: 3, fatal: 2 };

/** Builds records for one node; `key` marks lines the truth file points at. */
export class Say {
  constructor(readonly node: NodeModel) {}

  /** containerd logrus text: the daemon stamps the line ~0.2 ms before journald receives it. */
  containerd(t: number, level: string, msg: string, kv = '', key?: KeyMark): Rec {
    const stamp = goFixed(t - 213, (t * 7) % 1000);
    const rec: Rec = {
      t,
      src: this.node.sources.containerd,
      // Every stream line gets PRIORITY=6 from journald; the level lives in the text (FORMATS 6).
      prio: 6,
      msg: `time="${stamp}" level=${level} msg=${logrusValue(msg)}${kv}`,
    };
    if (LEVEL_PRIO[level] === undefined) throw new Error(`unknown level ${level}`);
    if (key) rec.key = key;
    return rec;
  }

  kubelet(t: number, sev: 'I' | 'W' | 'E', file: string, msg: string, key?: KeyMark): Rec {
    const pid = this.node.sources.kubelet.pid!;
    const rec: Rec = {
      t,
      src: this.node.sources.kubelet,
      prio: 6,
      msg: `${sev}${klogStamp(t - 377)} ${String(pid).padStart(7)} ${file}] ${msg}`,
    };
    if (key) rec.key = key;
    return rec;
  }

  systemd(t: number, msg: string, unit?: string, prio = 6, key?: KeyMark): Rec {
    const rec: Rec = { t, src: this.node.sources.systemd, prio, msg: unit ? `${unit}: ${msg}` : msg };
    if (unit) rec.unit = unit;
    if (key) rec.key = key;
    return rec;
  }

  /** PID 1 announcing a unit by description (`Started ...`), which also carries UNIT=. */
  systemdAbout(t: number, unit: string, msg: string): Rec {
    return { t, src: this.node.sources.systemd, prio: 6, msg, unit };
  }

  kernel(t: number, msg: string, prio = 6, key?: KeyMark): Rec {
    const rec: Rec = { t, src: this.node.sources.kernel, prio, msg };
    if (key) rec.key = key;
    return rec;
  }

  from(src: Source, t: number, msg: string, prio = 6): Rec {
    return { t, src, prio, msg };
  }
}

const sandboxMeta = (p: Pod, attempt = 0): string =>
  `&PodSandboxMetadata{Name:${p.name},Uid:${p.uid},Namespace:${p.ns},Attempt:${attempt},}`;
const pleg = (p: Pod, type: string, data: string): string =>
  `"SyncLoop (PLEG): event for pod" pod=${q(podRef(p))} event={"ID":${q(p.uid)},"Type":${q(type)},"Data":${q(data)}}`;
export const plegEvent = pleg;

/** Kernel lines of a veth joining the CNI bridge. */
export function vethUp(say: Say, t: number, p: Pod, rng: Rng): Rec[] {
  const port = `cni0: port ${p.bridgePort}(${p.veth})`;
  return [
    say.kernel(t, `${port} entered blocking state`),
    say.kernel(t + 9, `${port} entered disabled state`),
    say.kernel(t + 31, `device ${p.veth} entered promiscuous mode`),
    say.kernel(t + 2100, `eth0: renamed from tmp${rng.hex(5)}`),
    say.kernel(t + 2900, `IPv6: ADDRCONF(NETDEV_CHANGE): ${p.veth}: link becomes ready`),
    say.kernel(t + 2912, `${port} entered blocking state`),
    say.kernel(t + 2915, `${port} entered forwarding state`),
  ];
}

export function vethDown(say: Say, t: number, p: Pod): Rec[] {
  return [
    say.kernel(t, `cni0: port ${p.bridgePort}(${p.veth}) entered disabled state`),
    say.kernel(t + 40, `device ${p.veth} left promiscuous mode`),
    say.kernel(t + 47, `cni0: port ${p.bridgePort}(${p.veth}) entered disabled state`),
  ];
}

/** The image pull containerd logs for a new image (CRI PullImage). */
export function imagePull(say: Say, t: number, p: Pod, rng: Rng): Rec[] {
  const ms = rng.int(800, 9000);
  const dur = ms >= 1000 ? `${(ms / 1000).toFixed(rng.int(6, 9))}s` : `${ms}ms`;
  const repo = p.image.slice(0, p.image.lastIndexOf(':'));
  return [
    say.containerd(t, 'info', `PullImage ${q(p.image)}`),
    say.containerd(
      t + ms * 900,
      'info',
      `ImageCreate event name:${q(p.image)} labels:{key:"io.cri-containerd.image" value:"managed"}`,
    ),
    say.containerd(
      t + ms * 900 + 180,
      'info',
      `stop pulling image ${p.image}: active requests=0, bytes read=${Math.floor(p.imageSize * 0.42)}`,
    ),
    say.containerd(
      t + ms * 1000,
      'info',
      `Pulled image ${q(p.image)} with image id ${q(`sha256:${p.imageId}`)}, repo tag ${q(p.image)}, repo digest ${q(`${repo}@sha256:${p.repoDigest}`)}, size ${q(String(p.imageSize))} in ${dur}`,
    ),
    say.containerd(
      t + ms * 1000 + 90,
      'info',
      `PullImage ${q(p.image)} returns image reference ${q(`sha256:${p.imageId}`)}`,
    ),
  ];
}

/** A pod arriving on the node: kubelet admission, sandbox, network, container start. */
export function podStart(say: Say, t: number, p: Pod, rng: Rng, pull = rng.chance(0.3)): Rec[] {
  const vol = `kube-api-access-${rng.suffix(5)}`;
  const volDesc = `volume \\"${vol}\\" (UniqueName: \\"kubernetes.io/projected/${p.uid}-${vol}\\") pod \\"${p.name}\\" (UID: \\"${p.uid}\\") `;
  const slice = podSlice(p);
  const out: Rec[] = [
    say.kubelet(t, 'I', 'kubelet.go:2407', `"SyncLoop ADD" source="api" pods=[${q(podRef(p))}]`),
    say.kubelet(
      t + 310,
      'I',
      'topology_manager.go:215',
      `"Topology Admit Handler" podUID=${q(p.uid)} podNamespace=${q(p.ns)} podName=${q(p.name)}`,
    ),
    say.systemdAbout(t + 9e3, slice, `Created slice ${slice} - libcontainer container ${slice}.`),
    say.kubelet(
      t + 41e3,
      'I',
      'reconciler_common.go:245',
      `"operationExecutor.VerifyControllerAttachedVolume started for ${volDesc}" pod=${q(podRef(p))}`,
    ),
    say.kubelet(
      t + 143e3,
      'I',
      'reconciler_common.go:218',
      `"operationExecutor.MountVolume started for ${volDesc}" pod=${q(podRef(p))}`,
    ),
    say.kubelet(
      t + 161e3,
      'I',
      'operation_generator.go:637',
      `"MountVolume.SetUp succeeded for ${volDesc}" pod=${q(podRef(p))}`,
    ),
    say.kubelet(
      t + 172e3,
      'I',
      'util.go:30',
      `"No sandbox for pod can be found. Need to start a new one" pod=${q(podRef(p))}`,
    ),
  ];
  let u = t + 174e3;
  out.push(...sandboxStart(say, u, p, rng, 0));
  u += 230e3;
  if (pull) {
    out.push(...imagePull(say, u, p, rng));
    u += 10e6;
  }
  out.push(...containerStart(say, u, p, rng));
  out.push(say.kubelet(u + 1.3e6, 'I', 'kubelet.go:2439', pleg(p, 'ContainerStarted', p.sandboxId)));
  out.push(
    say.kubelet(
      u + 1.4e6,
      'I',
      'pod_startup_latency_tracker.go:104',
      `"Observed pod startup duration" pod=${q(podRef(p))} podStartSLOduration=${(rng.int(900, 4000) / 1000).toFixed(3)} podStartE2EDuration="${(rng.int(1000, 9000) / 1000).toFixed(9)}s" podCreationTimestamp="${goTimeString(t - 1e6)}" firstStartedPulling="0001-01-01 00:00:00 +0000 UTC" lastFinishedPulling="0001-01-01 00:00:00 +0000 UTC" observedRunningTime="${goTimeString(u + 1.3e6)}" watchObservedRunningTime="${goTimeString(u + 1.4e6)}"`,
    ),
  );
  return out;
}

/** RunPodSandbox: a new shim, the pause container, the network. Takes ~230 ms. */
export function sandboxStart(say: Say, t: number, p: Pod, rng: Rng, attempt: number): Rec[] {
  const out: Rec[] = [say.containerd(t, 'info', `RunPodSandbox for ${sandboxMeta(p, attempt)}`)];
  let u = t + 56e3;
  for (const [plugin, type] of [
    ['event.v1.publisher', 'event.v1'],
    ['internal.v1.shutdown', 'internal.v1'],
    ['ttrpc.v1.task', 'ttrpc.v1'],
    ['ttrpc.v1.pause', 'ttrpc.v1'],
  ]) {
    u += 40;
    out.push(
      say.containerd(
        u,
        'info',
        `loading plugin "io.containerd.${plugin}"...`,
        ` runtime=io.containerd.runc.v2 type=io.containerd.${type}`,
      ),
    );
  }
  out.push(
    say.containerd(
      u + 700,
      'info',
      'starting signal loop',
      ` namespace=k8s.io path=/run/containerd/io.containerd.runtime.v2.task/k8s.io/${p.sandboxId} pid=${p.shimPid} protocol=ttrpc version=3`,
    ),
    say.systemdAbout(
      u + 9e3,
      `cri-containerd-${p.sandboxId}.scope`,
      `Started cri-containerd-${p.sandboxId}.scope - libcontainer container ${p.sandboxId}.`,
    ),
    ...vethUp(say, u + 90e3, p, rng),
    say.containerd(
      u + 170e3,
      'info',
      `RunPodSandbox for ${sandboxMeta(p, attempt)} returns sandbox id ${q(p.sandboxId)}`,
    ),
  );
  return out;
}

/** CreateContainer + StartContainer of the pod's current container id/attempt. */
export function containerStart(say: Say, t: number, p: Pod, _rng: Rng): Rec[] {
  const meta = `&ContainerMetadata{Name:${p.app},Attempt:${p.attempt},}`;
  return [
    say.containerd(t, 'info', `CreateContainer within sandbox ${q(p.sandboxId)} for container ${meta}`),
    say.containerd(
      t + 140e3,
      'info',
      `CreateContainer within sandbox ${q(p.sandboxId)} for ${meta} returns container id ${q(p.containerId)}`,
    ),
    say.containerd(t + 141e3, 'info', `StartContainer for ${q(p.containerId)}`),
    say.systemdAbout(
      t + 150e3,
      `cri-containerd-${p.containerId}.scope`,
      `Started cri-containerd-${p.containerId}.scope - libcontainer container ${p.containerId}.`,
    ),
    say.containerd(t + 210e3, 'info', `StartContainer for ${q(p.containerId)} returns successfully`),
    say.kubelet(t + 1.2e6, 'I', 'kubelet.go:2439', pleg(p, 'ContainerStarted', p.containerId)),
  ];
}

/** Shim teardown after the sandbox's last task is gone: logged on every normal stop too. */
export function shimGone(say: Say, t: number, sandboxId: string, newShimPid: number, keyFor?: string): Rec[] {
  const key = keyFor
    ? {
        incident: keyFor,
        id: 'containerd.shim-disconnected',
        contains: ['shim disconnected', `id=${sandboxId}`],
      }
    : undefined;
  return [
    say.containerd(t, 'info', 'shim disconnected', ` id=${sandboxId} namespace=k8s.io`, key),
    say.containerd(
      t + 41,
      'warning',
      'cleaning up after shim disconnected',
      ` id=${sandboxId} namespace=k8s.io`,
    ),
    say.containerd(
      t + 63,
      'info',
      'cleaning up dead shim',
      ' namespace=k8s.io',
      keyFor
        ? { incident: keyFor, id: 'containerd.cleaning-up-dead-shim', contains: ['cleaning up dead shim'] }
        : undefined,
    ),
    say.containerd(
      t + 9e3,
      'warning',
      `cleanup warnings time="${goSeconds(t + 8e3)}" level=info msg="starting signal loop" namespace=k8s.io pid=${newShimPid} runtime=io.containerd.runc.v2\n`,
      ' namespace=k8s.io',
    ),
  ];
}

export function exitedAt(us: number, nanos: number): string {
  return `exited_at:{seconds:${Math.floor(us / 1e6)} nanos:${(us % 1e6) * 1000 + nanos}}`;
}

/** A pod deleted through the API: graceful stop, sandbox teardown, removal. */
export function podStop(say: Say, t: number, p: Pod, rng: Rng): Rec[] {
  const exit = t + rng.int(300e3, 2e6);
  const appExit = rng.chance(0.7) ? 0 : 143;
  const sandboxExit = exit + 180e3;
  const mount = `var-lib-kubelet-pods-${p.uid.replace(/-/g, '\\x2d')}-volumes-kubernetes.io\\x7eprojected-kube\\x2dapi\\x2daccess\\x2d${rng.suffix(5)}.mount`;
  const status = (code: number) => (code === 0 ? '' : ` exit_status:${code}`);
  return [
    say.kubelet(t, 'I', 'kubelet.go:2423', `"SyncLoop DELETE" source="api" pods=[${q(podRef(p))}]`),
    say.kubelet(
      t + 200,
      'I',
      'kuberuntime_container.go:809',
      `"Killing container with a grace period" pod=${q(podRef(p))} podUID=${q(p.uid)} containerName=${q(p.app)} containerID="containerd://${p.containerId}" gracePeriod=30`,
    ),
    say.containerd(t + 500, 'info', `StopContainer for ${q(p.containerId)} with timeout 30 (s)`),
    say.containerd(t + 700, 'info', `Stop container ${q(p.containerId)} with signal terminated`),
    say.containerd(
      exit + 900,
      'info',
      `TaskExit event container_id:${q(p.containerId)} id:${q(p.containerId)} pid:${p.appPid}${status(appExit)} ${exitedAt(exit, 117)}`,
    ),
    say.systemd(exit + 1.5e3, 'Deactivated successfully.', `cri-containerd-${p.containerId}.scope`),
    say.systemd(
      exit + 1.6e3,
      `Consumed ${rng.int(1, 59)}min ${(rng.int(0, 59999) / 1000).toFixed(3)}s CPU time.`,
      `cri-containerd-${p.containerId}.scope`,
    ),
    say.containerd(exit + 60e3, 'info', `StopContainer for ${q(p.containerId)} returns successfully`),
    say.containerd(exit + 61e3, 'info', `StopPodSandbox for ${q(p.sandboxId)}`),
    say.containerd(
      exit + 62e3,
      'info',
      `Container to stop ${q(p.sandboxId)} must be in running or unknown state, current state "CONTAINER_EXITED"`,
    ),
    // The pause container is killed with SIGKILL on every normal stop: 137 here is routine.
    say.containerd(
      sandboxExit + 800,
      'info',
      `TaskExit event in podsandbox handler container_id:${q(p.sandboxId)} id:${q(p.sandboxId)} pid:${p.pausePid} exit_status:137 ${exitedAt(sandboxExit, 431)}`,
    ),
    say.systemd(sandboxExit + 1.2e3, 'Deactivated successfully.', `cri-containerd-${p.sandboxId}.scope`),
    ...shimGone(say, sandboxExit + 40e3, p.sandboxId, p.shimPid + rng.int(100, 3000)),
    ...vethDown(say, sandboxExit + 60e3, p),
    say.containerd(
      sandboxExit + 110e3,
      'info',
      `TearDown network for sandbox ${q(p.sandboxId)} successfully`,
    ),
    say.containerd(sandboxExit + 111e3, 'info', `StopPodSandbox for ${q(p.sandboxId)} returns successfully`),
    say.kubelet(sandboxExit + 900e3, 'I', 'kubelet.go:2439', pleg(p, 'ContainerDied', p.containerId)),
    say.kubelet(sandboxExit + 901e3, 'I', 'kubelet.go:2439', pleg(p, 'ContainerDied', p.sandboxId)),
    say.kubelet(
      sandboxExit + 1.1e6,
      'I',
      'scope.go:117',
      `"RemoveContainer" containerID=${q(p.containerId)}`,
    ),
    say.containerd(sandboxExit + 1.1e6 + 200, 'info', `RemoveContainer for ${q(p.containerId)}`),
    say.containerd(
      sandboxExit + 1.2e6,
      'info',
      `RemoveContainer for ${q(p.containerId)} returns successfully`,
    ),
    say.systemd(sandboxExit + 1.3e6, 'Deactivated successfully.', mount),
    say.systemdAbout(
      sandboxExit + 1.4e6,
      podSlice(p),
      `Removed slice ${podSlice(p)} - libcontainer container ${podSlice(p)}.`,
    ),
    say.kubelet(
      sandboxExit + 2e6,
      'I',
      'kubelet.go:2417',
      `"SyncLoop REMOVE" source="api" pods=[${q(podRef(p))}]`,
    ),
  ];
}

/** An exec readiness probe: the commonest containerd noise on a busy node. */
export function execProbe(say: Say, t: number, p: Pod, rng: Rng): Rec[] {
  const exec = rng.hex(64);
  const ok = rng.chance(0.97);
  const code = ok ? 0 : 1;
  const out = [
    say.containerd(
      t,
      'info',
      `ExecSync for ${q(p.containerId)} with command [/bin/sh -c /probes/ready.sh] and timeout 1 (s)`,
    ),
    say.containerd(t + 45e3, 'info', `Exec process ${q(exec)} exits with exit code ${code} and error <nil>`),
    say.containerd(t + 46e3, 'info', `Finish piping "stderr" of container exec ${q(exec)}`),
    say.containerd(t + 46e3 + 15, 'info', `Finish piping "stdout" of container exec ${q(exec)}`),
    say.containerd(t + 47e3, 'info', `ExecSync for ${q(p.containerId)} returns with exit code ${code}`),
    say.systemd(
      t + 48e3,
      'Deactivated successfully.',
      `run-containerd-runc-k8s.io-${p.containerId}-runc.${rng.suffix(6)}.mount`,
    ),
  ];
  if (!ok) {
    out.push(
      say.kubelet(
        t + 49e3,
        'I',
        'prober.go:107',
        `"Probe failed" probeType="Readiness" pod=${q(podRef(p))} podUID=${q(p.uid)} containerName=${q(p.app)} probeResult="failure" output=""`,
      ),
    );
  }
  return out;
}

/** An HTTP liveness failure whose body klog prints as `output=<` + TAB lines; journald stores one entry per line. */
export function httpProbeFailure(say: Say, t: number, p: Pod): Rec[] {
  const head = say.kubelet(
    t,
    'I',
    'prober.go:107',
    `"Probe failed" probeType="Liveness" pod=${q(podRef(p))} podUID=${q(p.uid)} containerName=${q(p.app)} probeResult="failure" output=<`,
  );
  return [
    head,
    say.from(say.node.sources.kubelet, t, '\tHTTP probe failed with statuscode: 503'),
    say.from(say.node.sources.kubelet, t, ' >'),
  ];
}

const CSVC = '/system.slice/containerd.service';

/** One background journal activity at time t (may be several records). */
export function journalFiller(say: Say, t: number, pods: readonly Pod[], rng: Rng): Rec[] {
  const x = rng.next();
  const p = pods[Math.floor(rng.next() * pods.length)];
  const n = say.node;
  if (x < 0.34) return execProbe(say, t, p, rng);
  if (x < 0.5)
    return [
      say.kubelet(
        t,
        'I',
        'kubelet.go:2542',
        `"SyncLoop (probe)" probe="readiness" status="ready" pod=${q(podRef(p))}`,
      ),
    ];
  if (x < 0.56) {
    return [
      say.kubelet(
        t,
        'E',
        'summary_sys_containers.go:51',
        `"Failed to get system container stats" err="failed to get cgroup stats for \\"${CSVC}\\": failed to get container info for \\"${CSVC}\\": unknown container \\"${CSVC}\\"" containerName="${CSVC}"`,
      ),
    ];
  }
  if (x < 0.6) {
    return [
      say.kubelet(
        t,
        'W',
        'kubelet_pods.go:1018',
        `"Unable to retrieve pull secret, the image pull may not succeed." pod=${q(podRef(p))} secret="" err="secret \\"regcred\\" not found"`,
      ),
    ];
  }
  if (x < 0.64) {
    return [
      say.containerd(
        t,
        'info',
        `ImageUpdate event name:${q(p.image)} labels:{key:"io.cri-containerd.image" value:"managed"}`,
      ),
    ];
  }
  if (x < 0.66) {
    return [
      say.containerd(
        t,
        'error',
        `ExecSync for ${q(p.containerId)} failed`,
        ' error="rpc error: code = DeadlineExceeded desc = failed to exec in container: timeout 1s exceeded: context deadline exceeded"',
      ),
    ];
  }
  if (x < 0.67) return httpProbeFailure(say, t, p);
  if (x < 0.69) {
    return [
      say.kubelet(
        t,
        'I',
        'kubelet.go:2542',
        `"SyncLoop (probe)" probe="liveness" status="healthy" pod=${q(podRef(p))}`,
      ),
    ];
  }
  if (x < 0.8) return kernelFiller(say, t, pods, rng);
  if (x < 0.84)
    return [
      say.from(
        n.sources.chronyd,
        t,
        rng.pick([
          'Selected source 192.0.2.10 (ntp.example.net)',
          'Source 192.0.2.11 replaced with 192.0.2.12 (ntp.example.net)',
        ]),
      ),
    ];
  if (x < 0.88) {
    const user = rng.pick(['admin', 'deploy', 'ops']);
    const sess = rng.int(2, 900);
    return [
      say.from(
        n.sources.sshd,
        t,
        `Accepted publickey for ${user} from 198.51.100.${rng.int(2, 250)} port ${rng.int(30000, 65000)} ssh2: ED25519 SHA256:${rng.hex(43)}`,
        6,
      ),
      say.from(n.sources.logind, t + 12e3, `New session ${sess} of user ${user}.`),
      say.systemdAbout(
        t + 14e3,
        `session-${sess}.scope`,
        `Started session-${sess}.scope - Session ${sess} of User ${user}.`,
      ),
    ];
  }
  if (x < 0.92) {
    return [
      say.systemdAbout(t, 'logrotate.service', 'Starting logrotate.service - Rotate log files...'),
      say.systemd(t + 120e3, 'Deactivated successfully.', 'logrotate.service'),
      say.systemdAbout(t + 121e3, 'logrotate.service', 'Finished logrotate.service - Rotate log files.'),
    ];
  }
  if (x < 0.95) {
    return [say.kubelet(t, 'I', 'container_gc.go:88', '"Attempting to delete unused containers"')];
  }
  return [
    say.kubelet(
      t,
      'I',
      'image_gc_manager.go:383',
      '"Disk usage on image filesystem is over the high threshold, trying to free bytes down to the low threshold" usage=86 highThreshold=85 amountToFree=1835008000 lowThreshold=80',
    ),
  ];
}

/** One background kernel message at time t. */
export function kernelFiller(say: Say, t: number, pods: readonly Pod[], rng: Rng): Rec[] {
  const p = pods[Math.floor(rng.next() * pods.length)];
  const x = rng.int(0, 7);
  switch (x) {
    case 0:
      return [
        say.kernel(
          t,
          `audit: type=1400 audit(${Math.floor(t / 1e6)}.${String(rng.int(0, 999)).padStart(3, '0')}:${rng.int(100, 99999)}): apparmor="DENIED" operation="open" class="file" profile="cri-containerd.apparmor.d" name="/proc/sys/kernel/shm_rmid_forced" pid=${p.appPid} comm=${q(p.comm)} requested_mask="r" denied_mask="r" fsuid=0 ouid=0`,
          5,
        ),
      ];
    case 1:
      return [say.kernel(t, 'IPVS: rr: TCP 10.96.0.10:53 - no destination available')];
    case 2:
      return [
        say.kernel(
          t,
          `TCP: request_sock_TCP: Possible SYN flooding on port ${p.ip}:8080. Sending cookies.  Check SNMP counters.`,
          4,
        ),
      ];
    case 3:
      return [
        say.kernel(
          t,
          `IPv4: martian source 10.244.${rng.int(0, 3)}.${rng.int(2, 250)} from 10.244.${rng.int(0, 3)}.${rng.int(2, 250)}, on dev ${p.veth}`,
          4,
        ),
      ];
    case 4:
      return [say.kernel(t, 'nf_conntrack: nf_conntrack: table full, dropping packet', 4)];
    case 5:
      return [
        say.kernel(
          t,
          `${p.comm}[${p.appPid}]: segfault at ${rng.hex(12)} ip ${rng.hex(16)} sp ${rng.hex(16)} error 4 in libc.so.6[${rng.hex(12)}+${rng.hex(6)}] likely on CPU ${rng.int(0, 3)} (core ${rng.int(0, 3)}, socket 0)`,
          6,
        ),
      ];
    case 6:
      return [
        say.kernel(
          t,
          `EXT4-fs (vda1): re-mounted ${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}. Quota mode: none.`,
        ),
      ];
    default:
      return vethUp(say, t, { ...p, veth: `veth${rng.hex(8)}`, bridgePort: rng.int(2, 120) }, rng);
  }
}

/** The first records of the boot: kernel banner, PID 1, containerd and kubelet coming up. */
export function bootPreamble(say: Say, rng: Rng): Rec[] {
  const n = say.node;
  const b = n.bootUs;
  const kernelLines = [
    `Linux version ${n.kernelRelease} (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) ${n.kernelBuild}`,
    `Command line: BOOT_IMAGE=/boot/vmlinuz-${n.kernelRelease} root=UUID=${rng.uuid()} ro console=tty0 console=ttyS0,115200n8 quiet`,
    'BIOS-provided physical RAM map:',
    'BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable',
    'BIOS-e820: [mem 0x0000000000100000-0x00000000bffdbfff] usable',
    'BIOS-e820: [mem 0x0000000100000000-0x000000043fffffff] usable',
    `DMI: ${n.hardware}`,
    'Hypervisor detected: KVM',
    'tsc: Detected 2399.998 MHz processor',
    'Memory: 16301640K/16776692K available (14342K kernel code, 2332K rwdata, 9072K rodata, 2796K init, 17380K bss, 474792K reserved, 0K cma-reserved)',
    'SLUB: HWalign=64, Order=0-3, MinObjects=0, CPUs=4, Nodes=1',
  ];
  const out: Rec[] = kernelLines.map((m, i) => say.kernel(b + i * 13, m, i === 0 ? 5 : 6));
  out.push(
    say.kernel(
      b + 1_210_000,
      'virtio_blk virtio1: [vda] 104857600 512-byte logical blocks (53.7 GB/50.0 GiB)',
    ),
    say.kernel(b + 1_230_000, ' vda: vda1 vda14 vda15'),
    say.kernel(b + 2_100_000, 'EXT4-fs (vda1): mounted filesystem with ordered data mode. Quota mode: none.'),
    say.from(
      n.sources.systemdKmsg,
      b + 2_700_000,
      'systemd 252.31-1~deb12u1 running in system mode (+PAM +AUDIT +SELINUX +APPARMOR +IMA +SMACK +SECCOMP +GCRYPT -GNUTLS +OPENSSL +ACL +BLKID +CURL +ELFUTILS +FIDO2 +IDN2 -IDN +IPTC +KMOD +LIBCRYPTSETUP +LIBFDISK +PCRE2 -PWQUALITY +P11KIT +QRENCODE +TPM2 +BZIP2 +LZ4 +XZ +ZLIB +ZSTD -BPF_FRAMEWORK -XKBCOMMON +UTMP +SYSVINIT default-hierarchy=unified)',
    ),
    say.from(n.sources.systemdKmsg, b + 2_710_000, 'Detected virtualization kvm.'),
    say.from(n.sources.systemdKmsg, b + 2_720_000, 'Detected architecture x86-64.'),
    say.from(n.sources.systemdKmsg, b + 2_900_000, `Hostname set to <${n.host}>.`),
    say.kernel(b + 3_400_000, 'EXT4-fs (vda1): re-mounted. Quota mode: none.'),
    say.kernel(
      b + 4_100_000,
      'bridge: filtering via arp/ip/ip6tables is no longer available by default. Update your scripts to load br_netfilter if you need this.',
    ),
    say.kernel(b + 4_100_900, 'Bridge firewalling registered'),
    say.kernel(b + 4_300_000, 'IPVS: Registered protocols (TCP, UDP, SCTP, AH, ESP)'),
  );
  const t = b + 6e6;
  out.push(
    say.systemdAbout(
      t,
      'containerd.service',
      'Starting containerd.service - containerd container runtime...',
    ),
    say.containerd(
      t + 1e3,
      'info',
      'starting containerd',
      ` revision=${CONTAINERD_REVISION} version=${CONTAINERD_VERSION}`,
    ),
    say.containerd(
      t + 40e3,
      'info',
      'loading plugin "io.containerd.snapshotter.v1.overlayfs"...',
      ' type=io.containerd.snapshotter.v1',
    ),
    say.containerd(
      t + 41e3,
      'info',
      'loading plugin "io.containerd.grpc.v1.cri"...',
      ' type=io.containerd.grpc.v1',
    ),
    say.containerd(
      t + 60e3,
      'info',
      'Start cri plugin with config {PluginConfig:{ContainerdConfig:{Snapshotter:overlayfs DefaultRuntimeName:runc} CniConfig:{NetworkPluginBinDir:/opt/cni/bin NetworkPluginConfDir:/etc/cni/net.d} Registry:{ConfigPath:/etc/containerd/certs.d} SandboxImage:registry.k8s.io/pause:3.10 SystemdCgroup:true} ContainerdRootDir:/var/lib/containerd ContainerdEndpoint:/run/containerd/containerd.sock RootDir:/var/lib/containerd/io.containerd.grpc.v1.cri StateDir:/run/containerd/io.containerd.grpc.v1.cri}',
    ),
    say.containerd(t + 90e3, 'info', 'serving...', ' address=/run/containerd/containerd.sock.ttrpc'),
    say.containerd(t + 90e3 + 40, 'info', 'serving...', ' address=/run/containerd/containerd.sock'),
    say.containerd(t + 91e3, 'info', 'Start subscribing containerd event'),
    say.containerd(t + 92e3, 'info', 'containerd successfully booted in 0.092341s'),
    say.systemdAbout(
      t + 93e3,
      'containerd.service',
      'Started containerd.service - containerd container runtime.',
    ),
    say.systemdAbout(
      t + 200e3,
      'kubelet.service',
      'Started kubelet.service - kubelet: The Kubernetes Node Agent.',
    ),
    say.kubelet(t + 600e3, 'I', 'server.go:486', `"Kubelet version" kubeletVersion="${KUBELET_VERSION}"`),
    say.kubelet(t + 601e3, 'I', 'server.go:488', '"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""'),
    say.kubelet(t + 700e3, 'I', 'server.go:929', '"Client rotation is on, will bootstrap in background"'),
    say.kubelet(
      t + 900e3,
      'I',
      'kuberuntime_manager.go:262',
      `"Container runtime initialized" containerRuntime="containerd" version="${CONTAINERD_VERSION}" apiVersion="v1"`,
    ),
    say.kubelet(
      t + 950e3,
      'I',
      'kubelet_node_status.go:72',
      `"Attempting to register node" node=${q(n.host)}`,
    ),
    say.kubelet(
      t + 1.1e6,
      'I',
      'kubelet_node_status.go:75',
      `"Successfully registered node" node=${q(n.host)}`,
    ),
    say.kubelet(
      t + 1.2e6,
      'E',
      'kubelet.go:2902',
      '"Container runtime network not ready" networkReady="NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized"',
    ),
  );
  return out;
}

/** ISO time for kubelet status patches (`finishedAt`): whole seconds, as the API server stores them. */
export const apiTime = (us: number): string => `${isoSeconds(us)}Z`;
