// The injected incidents. Each returns its records (kernel, containerd, kubelet, systemd, in
// the order the node logs them), the containers' final state for crictl, and its truth entry.
//   shim-oom       the pod's containerd shim leaks; the pod's memcg limit is hit and the OOM
//                  killer picks the shim: shim disconnected, dead-shim cleanup, synthetic 137,
//                  container left UNKNOWN, pod sandbox re-created (the seed's story)
//   container-oom  the classic: the app hits its container limit, TaskOOM + exit 137, OOMKilled
//   host-oom       a pod without limits exhausts the node: global OOM, Out of memory, SystemOOM
import {
  containerStart,
  exitedAt,
  plegEvent,
  q,
  type Say,
  sandboxStart,
  shimGone,
  vethDown,
} from './activities.ts';
import { frac, isoSeconds, monoStamp, p6 } from './clock.ts';
import {
  type ContainerView,
  type NodeModel,
  type Pod,
  podCgroup,
  podRef,
  type Rec,
  scopeCgroup,
} from './node-model.ts';
import { type OomTask, oomReport, shimAndPauseTasks, systemTasks, task, victimOf } from './oom-report.ts';
import type { Rng } from './random.ts';
import type { IncidentTruth } from './truth.ts';

export interface IncidentContext {
  say: Say;
  node: NodeModel;
  rng: Rng;
  /** Pods alive at the incident (host-oom prints them all in its task table). */
  alive: () => Pod[];
}

export interface Incident {
  recs: Rec[];
  containers: ContainerView[];
  /** The dataset's truth.json entry; a scenario's incident has its manifest instead. */
  truth?: IncidentTruth;
  /** The pod after the incident (new sandbox / container ids). */
  podAfter: Pod;
  /** When the incident's container died (epoch µs), for a scenario's symptom; the truth has its own. */
  at?: number;
}

const isoMicros = (us: number): string => `${isoSeconds(us)}.${p6(frac(us))}Z`;

function baseTruth(
  node: NodeModel,
  id: string,
  kind: IncidentTruth['kind'],
  pod: Pod,
  report: { invokedAt: number; killedAt: number },
): Omit<
  IncidentTruth,
  'summary' | 'constraint' | 'oomMemcg' | 'taskMemcg' | 'invoker' | 'victim' | 'exit' | 'restarted'
> {
  return {
    id,
    kind,
    cause: kind === 'host-oom' ? 'oom-kill-host' : 'oom-kill-cgroup',
    invokedAt: isoMicros(report.invokedAt),
    killedAt: isoMicros(report.killedAt),
    killedAtUs: report.killedAt,
    killedMonotonic: monoStamp(report.killedAt - node.bootUs).trim(),
    pod: podRef(pod),
    podUid: pod.uid,
    container: pod.app,
    containerId: pod.containerId,
    sandboxId: pod.sandboxId,
    containerPid: pod.appPid,
    shimPid: pod.shimPid,
    keyLines: [],
  };
}

export function running(pod: Pod, createdUs: number, startedUs: number): ContainerView {
  return {
    pod,
    id: pod.containerId,
    sandboxId: pod.sandboxId,
    attempt: pod.attempt,
    createdUs,
    startedUs,
    finishedUs: 0,
    state: 'CONTAINER_RUNNING',
    exitCode: 0,
    reason: '',
    pid: pod.appPid,
  };
}

/** The pod's next incarnation after a restart: new container id (and sandbox, when `newSandbox`). */
export function restartedPod(pod: Pod, rng: Rng, newSandbox: boolean): Pod {
  const shimPid = newSandbox ? pod.appPid + rng.int(4000, 9000) : pod.shimPid;
  const pausePid = newSandbox ? shimPid + rng.int(15, 30) : pod.pausePid;
  return {
    ...pod,
    sandboxId: newSandbox ? rng.hex(64) : pod.sandboxId,
    containerId: rng.hex(64),
    attempt: pod.attempt + 1,
    shimPid,
    pausePid,
    appPid: Math.max(pausePid, pod.appPid) + rng.int(4000, 9000),
    veth: newSandbox ? `veth${rng.hex(8)}` : pod.veth,
  };
}

export const pages = (bytes: number): number => Math.floor(bytes / 4096);

/** (a) The pod's shim, charged to the pod cgroup, is the OOM victim. */
export function shimOom(ctx: IncidentContext, pod: Pod, t0: number, id = 'shim-oom'): Incident {
  const { say, node, rng } = ctx;
  const limitKb = Math.floor(pod.memLimit / 1024);
  const limitPages = limitKb / 4;
  const shimRss = Math.floor(limitPages * 0.52) + rng.int(0, 2000);
  const appRss = limitPages - shimRss - rng.int(300, 900);
  const tasks: OomTask[] = [
    task(pod.pausePid, 65535, 'pause', -998, rng.int(1, 3), rng),
    task(pod.shimPid, 0, 'containerd-shim', -998, shimRss, rng),
    task(pod.appPid, 1000, pod.comm, pod.oomScoreAdj, appRss, rng),
  ];
  const victim = victimOf(tasks[1], rng.int(2000, 9000));
  const taskMemcg = scopeCgroup(pod, pod.sandboxId);
  const recs: Rec[] = [];
  const mark = (kid: string, contains: string[]) => ({ incident: id, id: kid, contains });
  // Before: the app slows down as the pod nears its limit.
  recs.push(
    say.kubelet(
      t0 - rng.int(60e6, 120e6),
      'I',
      'prober.go:107',
      `"Probe failed" probeType="Readiness" pod=${q(podRef(pod))} podUID=${q(pod.uid)} containerName=${q(pod.app)} probeResult="failure" output="Get \\"http://${pod.ip}:8080/ready\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"`,
    ),
  );
  const report = oomReport(say, node, rng, t0, {
    incident: id,
    kind: 'memcg',
    invoker: { comm: pod.comm, pid: pod.appPid, adj: pod.oomScoreAdj, cpu: rng.int(0, 3) },
    oomMemcg: podCgroup(pod),
    limitKb,
    taskMemcg,
    cpuset: `cri-containerd-${pod.containerId}.scope`,
    tasks,
    victim,
  });
  recs.push(...report.recs);
  const killed = report.killedAt;
  recs.push(
    say.systemd(
      killed + rng.int(30e3, 60e3),
      'A process of this unit has been killed by the OOM killer.',
      `cri-containerd-${pod.sandboxId}.scope`,
      4,
      mark('systemd.oom-unit', [
        `cri-containerd-${pod.sandboxId}.scope: A process of this unit has been killed by the OOM killer.`,
      ]),
    ),
  );
  // The shim is gone: containerd loses the ttrpc connection and cleans up. The dead-shim
  // cleanup kills what the shim ran and reports 128+SIGKILL for it (containerd#8381).
  const {
    after,
    old,
    restarted,
    recs: aftermath,
  } = deadShimAftermath(ctx, pod, killed + rng.int(4e3, 20e3), id);
  recs.push(...aftermath);
  const truth: IncidentTruth = {
    ...baseTruth(node, id, 'shim-oom', pod, report),
    summary: `The containerd shim of pod ${podRef(pod)} leaked memory inside the pod's cgroup; the pod hit its ${limitKb} kB limit and the kernel's memcg OOM killer killed the shim (pid ${pod.shimPid}). containerd logged shim disconnected, cleaned up the dead shim and reported a synthetic exit 137 for container ${pod.app}; the container was left UNKNOWN and the kubelet re-created the sandbox.`,
    constraint: 'CONSTRAINT_MEMCG',
    oomMemcg: podCgroup(pod),
    taskMemcg,
    invoker: { comm: pod.comm, pid: pod.appPid },
    victim: {
      pid: victim.pid,
      comm: victim.comm,
      uid: 0,
      anonRssKb: victim.anonRssKb,
      totalVmKb: victim.totalVmKb,
      oomScoreAdj: -998,
    },
    exit: {
      containerdExitStatus: 137,
      crictlState: old.state,
      crictlExitCode: old.exitCode,
      crictlReason: old.reason,
    },
    restarted: { containerId: after.containerId, sandboxId: after.sandboxId, attempt: after.attempt },
  };
  return { recs, containers: [old, restarted], truth, podAfter: after };
}

/**
 * What follows a shim's death, whatever ended it (the kernel's OOM killer here, a panic in
 * scenarios.ts): from `shim disconnected` at `sd`, containerd's dead-shim cleanup and the exit
 * 137 it publishes itself (containerd#8381), the exits it cannot handle (ttrpc closed), the
 * kubelet's view, the sandbox re-created. The old container is left UNKNOWN.
 */
export function deadShimAftermath(
  ctx: IncidentContext,
  pod: Pod,
  sd: number,
  id: string,
): { recs: Rec[]; old: ContainerView; restarted: ContainerView; after: Pod } {
  const { say, rng } = ctx;
  const recs: Rec[] = [];
  const mark = (kid: string, contains: string[]) => ({ incident: id, id: kid, contains });
  recs.push(...shimGone(say, sd, pod.sandboxId, pod.shimPid + rng.int(5000, 9000), id));
  const exitUs = sd + rng.int(10e3, 18e3);
  const exitNs = rng.int(0, 999);
  const taskExit = `container_id:${q(pod.containerId)} id:${q(pod.containerId)} pid:${pod.appPid} exit_status:137 ${exitedAt(exitUs, exitNs)}`;
  recs.push(
    say.containerd(
      exitUs + 7e3,
      'info',
      `TaskExit event ${taskExit}`,
      '',
      mark('containerd.task-exit', ['TaskExit event', pod.containerId, 'exit_status:137']),
    ),
    say.containerd(
      exitUs + 8e3,
      'info',
      `TaskExit event in podsandbox handler container_id:${q(pod.sandboxId)} id:${q(pod.sandboxId)} pid:${pod.pausePid} exit_status:137 ${exitedAt(exitUs + 300, exitNs)}`,
    ),
    say.containerd(
      exitUs + 30e3,
      'error',
      `failed to handle container TaskExit event ${taskExit}`,
      ' error="failed to stop container: failed to delete task: ttrpc: closed: unknown"',
      mark('containerd.taskexit-failed', ['failed to handle container TaskExit event', pod.containerId]),
    ),
    say.containerd(
      exitUs + 31e3,
      'error',
      'failed to delete task',
      ` error="ttrpc: closed: unknown" id=${pod.containerId}`,
    ),
  );
  const kt = sd + rng.int(900e3, 1.8e6);
  recs.push(
    say.kubelet(
      kt,
      'I',
      'kubelet.go:2439',
      plegEvent(pod, 'ContainerDied', pod.containerId),
      mark('kubelet.container-died', ['ContainerDied', pod.containerId]),
    ),
    say.kubelet(kt + 90, 'I', 'kubelet.go:2439', plegEvent(pod, 'ContainerDied', pod.sandboxId)),
    say.kubelet(
      kt + 500,
      'E',
      'log.go:32',
      `"ContainerStatus from runtime service failed" err="rpc error: code = Unknown desc = failed to get task status: ttrpc: closed: unknown" containerID=${q(pod.containerId)}`,
    ),
    say.kubelet(
      kt + 600,
      'E',
      'kuberuntime_manager.go:1198',
      `"getPodContainerStatuses for pod failed" err="rpc error: code = Unknown desc = failed to get task status: ttrpc: closed: unknown" pod=${q(podRef(pod))}`,
    ),
    say.kubelet(
      kt + 1.2e6,
      'I',
      'kuberuntime_manager.go:1021',
      `"No ready sandbox for pod can be found. Need to start a new one" pod=${q(podRef(pod))}`,
    ),
    say.kubelet(
      kt + 1.2e6 + 200,
      'I',
      'event.go:389',
      `"Event occurred" object=${q(podRef(pod))} fieldPath="" kind="Pod" apiVersion="v1" type="Normal" reason="SandboxChanged" message="Pod sandbox changed, it will be killed and re-created."`,
    ),
    say.containerd(kt + 1.21e6, 'info', `StopPodSandbox for ${q(pod.sandboxId)}`),
    ...vethDown(say, kt + 1.25e6, pod),
    say.containerd(kt + 1.3e6, 'info', `TearDown network for sandbox ${q(pod.sandboxId)} successfully`),
    say.containerd(kt + 1.3e6 + 90, 'info', `StopPodSandbox for ${q(pod.sandboxId)} returns successfully`),
  );
  const after = restartedPod(pod, rng, true);
  const restartAt = kt + 1.5e6;
  recs.push(
    ...sandboxStart(say, restartAt, after, rng, 1),
    ...containerStart(say, restartAt + 240e3, after, rng),
    say.kubelet(
      restartAt + 1.5e6,
      'I',
      'kubelet.go:2439',
      plegEvent(after, 'ContainerStarted', after.sandboxId),
    ),
  );
  const old: ContainerView = {
    pod,
    id: pod.containerId,
    sandboxId: pod.sandboxId,
    attempt: pod.attempt,
    createdUs: pod.createdUs,
    startedUs: pod.createdUs + 450e3,
    finishedUs: 0,
    // The TaskExit could not be processed (ttrpc closed): containerd never learnt the exit.
    state: 'CONTAINER_UNKNOWN',
    exitCode: 255,
    reason: 'Unknown',
    pid: pod.appPid,
    incident: id,
  };
  const restarted = running(after, restartAt + 200e3, restartAt + 350e3);
  return { recs, old, restarted, after };
}

/** A container the kubelet restarted in the same sandbox, as crictl shows it: the old one exited with `code`. */
export function exitedView(
  pod: Pod,
  id: string,
  finishedUs: number,
  code: number,
  reason: string,
): ContainerView {
  return {
    pod,
    id: pod.containerId,
    sandboxId: pod.sandboxId,
    attempt: pod.attempt,
    createdUs: pod.createdUs,
    startedUs: pod.createdUs + 450e3,
    finishedUs,
    state: 'CONTAINER_EXITED',
    exitCode: code,
    reason,
    pid: 0,
    incident: id,
  };
}

/** The container a kernel OOM kill ended, as crictl shows it afterwards (exit 137, OOMKilled). */
export function oomKilledView(pod: Pod, id: string, finishedUs: number): ContainerView {
  return exitedView(pod, id, finishedUs, 137, 'OOMKilled');
}

/** The truth's victim, exit and restart of a container whose process the kernel OOM-killed. */
function oomOutcome(
  victim: { pid: number; comm: string; uid: number; adj: number; anonRssKb: number; totalVmKb: number },
  old: ContainerView,
  after: Pod,
): Pick<IncidentTruth, 'victim' | 'exit' | 'restarted'> {
  return {
    victim: {
      pid: victim.pid,
      comm: victim.comm,
      uid: victim.uid,
      anonRssKb: victim.anonRssKb,
      totalVmKb: victim.totalVmKb,
      oomScoreAdj: victim.adj,
    },
    exit: {
      containerdExitStatus: 137,
      crictlState: old.state,
      crictlExitCode: 137,
      crictlReason: 'OOMKilled',
    },
    restarted: { containerId: after.containerId, sandboxId: after.sandboxId, attempt: after.attempt },
  };
}

/** (b) The app exceeds its own container limit: OOMKilled, restarted in the same sandbox. */
export function containerOom(ctx: IncidentContext, pod: Pod, t0: number, id = 'container-oom'): Incident {
  const { say, node, rng } = ctx;
  const limitKb = Math.floor(pod.memLimit / 1024);
  const limitPages = limitKb / 4;
  const appRss = limitPages - rng.int(200, 600);
  const tasks = [task(pod.appPid, 1000, pod.comm, pod.oomScoreAdj, appRss, rng)];
  const victim = victimOf(tasks[0], rng.int(1000, 6000));
  const memcg = scopeCgroup(pod, pod.containerId);
  const mark = (kid: string, contains: string[]) => ({ incident: id, id: kid, contains });
  const report = oomReport(say, node, rng, t0, {
    incident: id,
    kind: 'memcg',
    invoker: { comm: pod.comm, pid: pod.appPid, adj: pod.oomScoreAdj, cpu: rng.int(0, 3) },
    oomMemcg: memcg,
    limitKb,
    taskMemcg: memcg,
    cpuset: `cri-containerd-${pod.containerId}.scope`,
    tasks,
    victim,
  });
  const recs = [...report.recs];
  const killed = report.killedAt;
  recs.push(...afterContainerKill(ctx, pod, killed, id, false));
  const kt = killed + rng.int(700e3, 1.5e6);
  const after = restartedPod(pod, rng, false);
  recs.push(
    say.kubelet(
      kt + 3e3,
      'I',
      'status_manager.go:877',
      `"Patch status for pod" pod=${q(podRef(pod))} podUID=${q(pod.uid)} patch=${q(
        `{"status":{"containerStatuses":[{"containerID":"containerd://${after.containerId}","name":"${pod.app}","lastState":{"terminated":{"containerID":"containerd://${pod.containerId}","exitCode":137,"finishedAt":"${isoSeconds(killed)}Z","reason":"OOMKilled","startedAt":"${isoSeconds(pod.createdUs + 450e3)}Z"}},"restartCount":${after.attempt}}]}}`,
      )}`,
      mark('kubelet.oomkilled', ['Patch status for pod', 'OOMKilled']),
    ),
  );
  const restartAt = kt + rng.int(1e6, 2e6);
  recs.push(...containerStart(say, restartAt, after, rng));
  const old = oomKilledView(pod, id, killed + 2e3);
  const truth: IncidentTruth = {
    ...baseTruth(node, id, 'container-oom', pod, report),
    summary: `Container ${pod.app} of pod ${podRef(pod)} exceeded its ${limitKb} kB memory limit; the memcg OOM killer killed ${pod.comm} (pid ${pod.appPid}); containerd saw TaskOOM and exit 137 (OOMKilled) and the kubelet restarted the container.`,
    constraint: 'CONSTRAINT_MEMCG',
    oomMemcg: memcg,
    taskMemcg: memcg,
    invoker: { comm: pod.comm, pid: pod.appPid },
    ...oomOutcome(victim, old, after),
  };
  return {
    recs,
    containers: [old, running(after, restartAt + 10e3, restartAt + 150e3)],
    truth,
    podAfter: after,
  };
}

/** containerd and kubelet after the kernel killed a container's init process. */
export function afterContainerKill(
  ctx: IncidentContext,
  pod: Pod,
  killed: number,
  id: string,
  system: boolean,
): Rec[] {
  const { say, rng } = ctx;
  const mark = (kid: string, contains: string[]) => ({ incident: id, id: kid, contains });
  const oomAt = killed + rng.int(1e3, 4e3);
  const exitUs = killed + rng.int(1e3, 3e3);
  const taskExit = `container_id:${q(pod.containerId)} id:${q(pod.containerId)} pid:${pod.appPid} exit_status:137 ${exitedAt(exitUs, rng.int(0, 999))}`;
  const kt = killed + rng.int(700e3, 1.5e6);
  const recs = [
    say.containerd(
      oomAt,
      'info',
      `TaskOOM event container_id:${q(pod.containerId)}`,
      '',
      mark('containerd.task-oom', ['TaskOOM event', pod.containerId]),
    ),
    say.containerd(
      oomAt + 2e3,
      'info',
      `TaskExit event ${taskExit}`,
      '',
      mark('containerd.task-exit', ['TaskExit event', pod.containerId, 'exit_status:137']),
    ),
    say.systemd(
      oomAt + 30e3,
      'A process of this unit has been killed by the OOM killer.',
      `cri-containerd-${pod.containerId}.scope`,
      4,
      mark('systemd.oom-unit', [
        `cri-containerd-${pod.containerId}.scope: A process of this unit has been killed by the OOM killer.`,
      ]),
    ),
    say.systemd(oomAt + 31e3, 'Deactivated successfully.', `cri-containerd-${pod.containerId}.scope`),
    say.kubelet(
      kt,
      'I',
      'kubelet.go:2439',
      plegEvent(pod, 'ContainerDied', pod.containerId),
      mark('kubelet.container-died', ['ContainerDied', pod.containerId]),
    ),
  ];
  if (system) {
    recs.push(
      say.kubelet(
        kt + 2e3,
        'I',
        'event.go:389',
        `"Event occurred" object=${q(say.node.host)} fieldPath="" kind="Node" apiVersion="v1" type="Warning" reason="SystemOOM" message="System OOM encountered, victim process: ${pod.comm}, pid: ${pod.appPid}"`,
        mark('kubelet.system-oom', ['SystemOOM', `victim process: ${pod.comm}, pid: ${pod.appPid}`]),
      ),
    );
  }
  return recs;
}

/** (c) A pod without a memory limit exhausts the node: a global OOM. */
export function hostOom(ctx: IncidentContext, pod: Pod, t0: number, id = 'host-oom'): Incident {
  const { say, node, rng } = ctx;
  const victimRss = rng.int(3_100_000, 3_300_000);
  const tasks = systemTasks(node, rng);
  for (const p of ctx.alive()) {
    tasks.push(...shimAndPauseTasks(p, rng));
    const rss =
      p === pod || p.uid === pod.uid
        ? victimRss
        : rng.int(5000, Math.max(6000, pages(p.memLimit || 256e6) / 2));
    tasks.push(task(p.appPid, p.app === 'node-exporter' ? 65534 : 1000, p.comm, p.oomScoreAdj, rss, rng));
  }
  const victim = victimOf(tasks.find((x) => x.pid === pod.appPid)!, rng.int(1000, 9000));
  const kubelet = node.sources.kubelet;
  const taskMemcg = scopeCgroup(pod, pod.containerId);
  const report = oomReport(say, node, rng, t0, {
    incident: id,
    kind: 'global',
    invoker: { comm: 'kubelet', pid: kubelet.pid!, adj: -999, cpu: rng.int(0, 3) },
    taskMemcg,
    cpuset: '/',
    tasks,
    victim,
  });
  const recs = [...report.recs, ...afterContainerKill(ctx, pod, report.killedAt, id, true)];
  const after = restartedPod(pod, rng, false);
  const restartAt = report.killedAt + rng.int(3e6, 5e6);
  recs.push(...containerStart(say, restartAt, after, rng));
  const old = oomKilledView(pod, id, report.killedAt + 2e3);
  const truth: IncidentTruth = {
    ...baseTruth(node, id, 'host-oom', pod, report),
    summary: `Pod ${podRef(pod)} has no memory limit; its ${pod.comm} (pid ${pod.appPid}) grew until the node ran out of memory and the global OOM killer (constraint CONSTRAINT_NONE) killed it; the kubelet recorded SystemOOM and restarted the container.`,
    constraint: 'CONSTRAINT_NONE',
    oomMemcg: null,
    taskMemcg,
    invoker: { comm: 'kubelet', pid: kubelet.pid! },
    ...oomOutcome(victim, old, after),
  };
  return {
    recs,
    containers: [old, running(after, restartAt + 10e3, restartAt + 150e3)],
    truth,
    podAfter: after,
  };
}
