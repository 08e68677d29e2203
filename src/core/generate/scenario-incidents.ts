// The incidents of the training scenarios (scenarios.ts) that the dataset has not got. Like
// incidents.ts, each returns its records (in the daemons' own words, as the node logs them), the
// containers' final state for crictl and the pod after it; `mark` ids name the lines the
// scenario's manifest points at.
//   hostOomBystander  the node runs out of memory because one pod without a memory limit grows;
//                     the global OOM killer picks the process with the highest badness, which
//                     oom_score_adj makes a BestEffort bystander's, not the hog's
//   shimPanic         the pod's shim panics (a nil pointer in a ttrpc handler): shim
//                     disconnected, dead-shim cleanup, the synthetic exit 137, no kill anywhere
//   oomdKill          systemd-oomd kills a container's scope on memory pressure: exit 137, no
//                     kernel OOM line, the cgroup's oom_kill stays 0
//   pidsLeak          a worker leaks child processes until its pod's pids.max refuses forks; the
//                     liveness probe's exec fails in runc and the kubelet restarts the container
import { apiTime, containerStart, exitedAt, plegEvent, q, type Say } from './activities.ts';
import {
  afterContainerKill,
  deadShimAftermath,
  exitedView,
  type Incident,
  type IncidentContext,
  oomKilledView,
  pages,
  restartedPod,
  running,
} from './incidents.ts';
import { type KeyMark, type Pod, podRef, type Rec, type Source, scopeCgroup } from './node-model.ts';
import { type OomTask, oomReport, shimAndPauseTasks, systemTasks, task, victimOf } from './oom-report.ts';

const marker =
  (incident: string) =>
  (id: string, contains: string[]): KeyMark => ({ incident, id, contains });

/** The kubelet's status patch after a container ended (its lastState as the API server keeps it). */
function statusPatch(
  say: Say,
  t: number,
  pod: Pod,
  after: Pod,
  finishedUs: number,
  exitCode: number,
  reason: string,
  key?: KeyMark,
): Rec {
  const patch = `{"status":{"containerStatuses":[{"containerID":"containerd://${after.containerId}","name":"${pod.app}","lastState":{"terminated":{"containerID":"containerd://${pod.containerId}","exitCode":${exitCode},"finishedAt":"${apiTime(finishedUs)}","reason":"${reason}","startedAt":"${apiTime(pod.createdUs + 450e3)}"}},"restartCount":${after.attempt}}]}}`;
  return say.kubelet(
    t,
    'I',
    'status_manager.go:877',
    `"Patch status for pod" pod=${q(podRef(pod))} podUID=${q(pod.uid)} patch=${q(patch)}`,
    key,
  );
}

/** A readiness probe that times out: what a starved or memory-pressed container looks like first. */
function slowProbe(say: Say, t: number, pod: Pod): Rec {
  return say.kubelet(
    t,
    'I',
    'prober.go:107',
    `"Probe failed" probeType="Readiness" pod=${q(podRef(pod))} podUID=${q(pod.uid)} containerName=${q(pod.app)} probeResult="failure" output="Get \\"http://${pod.ip}:8080/ready\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"`,
  );
}

/** oom_badness() of a task: resident pages and page tables, plus oom_score_adj per mille of RAM. */
export function badness(t: OomTask, totalPages: number): number {
  if (t.adj === -1000) return Number.NEGATIVE_INFINITY;
  return t.rss + Math.floor(t.pgtablesBytes / 4096) + t.adj * Math.floor(totalPages / 1000);
}

/**
 * A node-wide OOM whose victim is a bystander: `hog` (no memory limit, a large request, so a low
 * oom_score_adj) grows until the node runs out; the kernel kills the task with the highest
 * badness, the BestEffort `pod` (oom_score_adj 1000). SystemOOM, OOMKilled (the victim's cgroup
 * counted an oom_kill), the victim restarted; the hog keeps running.
 */
export function hostOomBystander(
  ctx: IncidentContext,
  pod: Pod,
  t0: number,
  companions: readonly Pod[],
  id = 'host-oom',
): Incident {
  const { say, node, rng } = ctx;
  const hog = companions[0];
  if (!hog) throw new Error('hostOomBystander needs the hog as its companion');
  const mark = marker(id);
  const tasks = systemTasks(node, rng);
  for (const p of ctx.alive()) {
    tasks.push(...shimAndPauseTasks(p, rng));
    if (p === pod) continue;
    const rss =
      p === hog
        ? rng.int(2_780_000, 2_860_000)
        : rng.int(5000, Math.max(6000, pages(p.memLimit || 256e6) / 2));
    tasks.push(task(p.appPid, p.app === 'node-exporter' ? 65534 : 1000, p.comm, p.oomScoreAdj, rss, rng));
  }
  // The victim is the task the kernel would choose: its resident size is whatever puts its badness
  // above every other's (a BestEffort pod's oom_score_adj 1000 weighs a whole node's RAM).
  const rival = Math.max(...tasks.map((t) => badness(t, node.memPages)));
  const needed = rival - pod.oomScoreAdj * Math.floor(node.memPages / 1000);
  const victimRss = Math.max(needed + rng.int(20_000, 60_000), rng.int(180_000, 260_000));
  const v = task(pod.appPid, 1000, pod.comm, pod.oomScoreAdj, victimRss, rng);
  if (badness(v, node.memPages) <= rival) throw new Error('hostOomBystander: the victim would not be chosen');
  tasks.push(v);
  const victim = victimOf(v, rng.int(1000, 9000));
  const recs: Rec[] = [
    // The node slows down before the kill: probes of the hog and of the victim time out.
    slowProbe(say, t0 - rng.int(50e6, 80e6), hog),
    slowProbe(say, t0 - rng.int(20e6, 40e6), pod),
  ];
  // The hog allocates, so the hog invokes the OOM killer and its cpuset is printed.
  const report = oomReport(say, node, rng, t0, {
    incident: id,
    kind: 'global',
    invoker: { comm: hog.comm, pid: hog.appPid, adj: hog.oomScoreAdj, cpu: rng.int(0, 3) },
    taskMemcg: scopeCgroup(pod, pod.containerId),
    cpuset: `cri-containerd-${hog.containerId}.scope`,
    tasks,
    victim,
  });
  const killed = report.killedAt;
  recs.push(...report.recs, ...afterContainerKill(ctx, pod, killed, id, true));
  const after = restartedPod(pod, rng, false);
  recs.push(
    statusPatch(
      say,
      killed + rng.int(1.6e6, 2.2e6),
      pod,
      after,
      killed,
      137,
      'OOMKilled',
      mark('kubelet.oomkilled', ['Patch status for pod', 'OOMKilled']),
    ),
  );
  const restartAt = killed + rng.int(3e6, 5e6);
  recs.push(...containerStart(say, restartAt, after, rng));
  return {
    recs,
    containers: [oomKilledView(pod, id, killed + 2e3), running(after, restartAt + 10e3, restartAt + 150e3)],
    podAfter: after,
    at: killed,
  };
}

/** A Go panic as a v2 shim prints it on stderr, which containerd copies into its own journal. */
function shimPanicLines(goroutine: number, hex: (n: number) => string): string[] {
  // One binary: its code and the context's itab share the mapping; heap pointers are 8-aligned.
  const bin = `0x55${hex(2)}c`;
  const pc = `${bin}${hex(7)}`;
  const ptr = () => `0xc000${hex(5)}${'08'[hex(1).charCodeAt(0) % 2]}`;
  const ctxArg = `{${bin}${hex(6)}0, ${ptr()}}`;
  const svc = '/go/src/github.com/containerd/containerd';
  return [
    'panic: runtime error: invalid memory address or nil pointer dereference',
    `[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=${pc}]`,
    `goroutine ${goroutine} [running]:`,
    'github.com/containerd/containerd/runtime/v2/runc.(*Container).Cgroup(...)',
    `\t${svc}/runtime/v2/runc/container.go:281`,
    `github.com/containerd/containerd/runtime/v2/runc/task.(*service).Stats(${ptr()}, ${ctxArg}, ${ptr()})`,
    `\t${svc}/runtime/v2/runc/task/service.go:631 +0x5c`,
    `github.com/containerd/containerd/api/runtime/task/v2.RegisterTaskService.func15(${ctxArg}, ${ptr()})`,
    `\t${svc}/api/runtime/task/v2/shim_ttrpc.pb.go:180 +0x98`,
    `github.com/containerd/ttrpc.defaultServerInterceptor({${ctxArg.slice(1, -1).replace(', ', '?, ')}?}, 0x0?, ${ptr()}?, 0x0?)`,
    `\t${svc}/vendor/github.com/containerd/ttrpc/interceptor.go:52 +0x26`,
    `github.com/containerd/ttrpc.(*serviceSet).unaryCall(${ptr()}, ${ctxArg}, {${ptr()}, 0x17}, {${ptr()}, 0x5}, {${ptr()}, 0x4a, 0x4a})`,
    `\t${svc}/vendor/github.com/containerd/ttrpc/services.go:75 +0x18b`,
    'github.com/containerd/ttrpc.(*serviceSet).handle.func1()',
    `\t${svc}/vendor/github.com/containerd/ttrpc/services.go:117 +0x1a7`,
    `created by github.com/containerd/ttrpc.(*serviceSet).handle in goroutine ${goroutine - 2}`,
    `\t${svc}/vendor/github.com/containerd/ttrpc/services.go:110 +0x14e`,
  ];
}

/**
 * The pod's shim panics on its own (a nil pointer in its Stats handler, called by the kubelet's
 * stats collection): its stderr lands in containerd's journal, containerd loses the shim, cleans
 * it up and publishes exit 137 for the container itself (containerd#8381). No kill: the kernel
 * log has no OOM line and nobody sent a signal.
 */
export function shimPanic(ctx: IncidentContext, pod: Pod, t0: number, id = 'shim-panic'): Incident {
  const { say, rng } = ctx;
  const mark = marker(id);
  const hex = (n: number) => rng.hex(n);
  const lines = shimPanicLines(rng.int(900, 2400), hex);
  const recs: Rec[] = lines.map((l, i) => say.from(say.node.sources.containerd, t0 + i * 3, l, 6));
  recs[0].key = mark('containerd.go-panic', ['panic: runtime error: invalid memory address']);
  // The shim exits with status 2 after printing the panic; containerd notices within milliseconds.
  const aftermath = deadShimAftermath(ctx, pod, t0 + rng.int(2e3, 6e3), id);
  recs.push(...aftermath.recs);
  return { recs, containers: [aftermath.old, aftermath.restarted], podAfter: aftermath.after, at: t0 };
}

/** systemd-oomd as a journal source: a daemon of its own, not PID 1. */
export function oomdSource(pid: number): Source {
  return {
    ident: 'systemd-oomd',
    pid,
    comm: 'systemd-oomd',
    exe: '/usr/lib/systemd/systemd-oomd',
    unit: 'systemd-oomd.service',
    cmdline: '/lib/systemd/systemd-oomd',
    transport: 'journal',
    facility: 3,
    uid: 996,
  };
}

/**
 * systemd-oomd, told to watch kubepods.slice (ManagedOOMMemoryPressure=kill), kills the container
 * scope with the most reclaim while the slice's memory pressure stays over its limit: every process
 * of the scope gets SIGKILL (exit 137), the kernel's OOM killer never runs (no kernel line, the
 * cgroup's oom_kill stays 0, no TaskOOM, the kubelet's reason is Error, not OOMKilled).
 */
export function oomdKill(
  ctx: IncidentContext,
  pod: Pod,
  t0: number,
  oomd: Source,
  pressure: string,
  id = 'oomd-kill',
): Incident {
  const { say, node, rng } = ctx;
  const mark = marker(id);
  const scope = `cri-containerd-${pod.containerId}.scope`;
  const cgroup = scopeCgroup(pod, pod.containerId);
  const exitUs = t0 + rng.int(1e3, 3e3);
  const recs: Rec[] = [
    // The unit that started it, at boot: the clue that a userspace killer runs on this node.
    say.systemdAbout(
      node.bootUs + 5_400_000,
      'systemd-oomd.service',
      'Started systemd-oomd.service - Userspace Out-Of-Memory (OOM) Killer.',
    ),
    slowProbe(say, t0 - rng.int(25e6, 45e6), pod),
    {
      ...say.from(
        oomd,
        t0,
        `Killed ${cgroup} due to memory pressure for /kubepods.slice being ${pressure}% > 50.00% for > 20s with reclaim activity`,
        5,
      ),
      key: mark('oomd.killed', [`Killed ${cgroup} due to memory pressure`]),
    },
    say.systemd(
      t0 + 1_400,
      `systemd-oomd killed ${rng.int(4, 9)} process(es) in this unit.`,
      scope,
      5,
      mark('systemd.oomd-unit', [`${scope}: systemd-oomd killed`]),
    ),
    say.containerd(
      exitUs + 900,
      'info',
      `TaskExit event container_id:${q(pod.containerId)} id:${q(pod.containerId)} pid:${pod.appPid} exit_status:137 ${exitedAt(exitUs, rng.int(0, 999))}`,
      '',
      mark('containerd.task-exit', ['TaskExit event', pod.containerId, 'exit_status:137']),
    ),
    say.systemd(
      exitUs + 1_500,
      "Failed with result 'oom-kill'.",
      scope,
      4,
      mark('systemd.unit-oom-kill', [`${scope}: Failed with result 'oom-kill'.`]),
    ),
    say.systemd(
      exitUs + 1_600,
      `Consumed ${rng.int(20, 59)}min ${(rng.int(0, 59999) / 1000).toFixed(3)}s CPU time.`,
      scope,
    ),
  ];
  const kt = exitUs + rng.int(700e3, 1.4e6);
  const after = restartedPod(pod, rng, false);
  recs.push(
    say.kubelet(
      kt,
      'I',
      'kubelet.go:2439',
      plegEvent(pod, 'ContainerDied', pod.containerId),
      mark('kubelet.container-died', ['ContainerDied', pod.containerId]),
    ),
    statusPatch(
      say,
      kt + rng.int(2e3, 9e3),
      pod,
      after,
      exitUs,
      137,
      'Error',
      mark('kubelet.status-error', ['Patch status for pod', '"reason":"Error"']),
    ),
  );
  const restartAt = kt + rng.int(1e6, 2e6);
  recs.push(...containerStart(say, restartAt, after, rng));
  return {
    recs,
    containers: [
      exitedView(pod, id, exitUs, 137, 'Error'),
      running(after, restartAt + 10e3, restartAt + 150e3),
    ],
    podAfter: after,
    at: exitUs,
  };
}

/**
 * The worker leaks child processes (subprocesses it never waits for) until its pod's pids.max
 * refuses forks: the kernel says so once, for the forking task's cgroup. The liveness probe's
 * exec then fails inside runc (its init cannot start threads: `read init-p: connection reset by
 * peer`, runc#1914) three times; the kubelet restarts the container, which exits on SIGTERM (143).
 */
export function pidsLeak(ctx: IncidentContext, pod: Pod, t0: number, id = 'pids-leak'): Incident {
  const { say, rng } = ctx;
  const mark = marker(id);
  const scope = scopeCgroup(pod, pod.containerId);
  const recs: Rec[] = [
    say.kernel(
      t0 - rng.int(90e6, 200e6),
      `cgroup: fork rejected by pids controller in ${scope}`,
      6,
      mark('kernel.fork-rejected', ['cgroup: fork rejected by pids controller in', pod.containerId]),
    ),
  ];
  const probeCmd = '[/bin/sh -c /probes/live.sh]';
  // Three liveness periods (10 s) of failures: failureThreshold 3.
  for (let i = 0; i < 3; i++) {
    const t = t0 + i * 10e6 + rng.int(0, 40e3);
    const exec = rng.hex(64);
    const err = `rpc error: code = Unknown desc = failed to exec in container: failed to start exec ${q(exec)}: OCI runtime exec failed: exec failed: unable to start container process: read init-p: connection reset by peer: unknown`;
    recs.push(
      say.containerd(
        t,
        'info',
        `ExecSync for ${q(pod.containerId)} with command ${probeCmd} and timeout 1 (s)`,
      ),
      say.containerd(
        t + rng.int(20e3, 60e3),
        'error',
        `ExecSync for ${q(pod.containerId)} failed`,
        ` error=${q(err)}`,
        i === 0 ? mark('containerd.exec-failed', [`ExecSync for ${q(pod.containerId)} failed`]) : undefined,
      ),
      say.kubelet(
        t + rng.int(61e3, 80e3),
        'E',
        'prober.go:104',
        `"Probe errored" err=${q(err)} probeType="Liveness" pod=${q(podRef(pod))} podUID=${q(pod.uid)} containerName=${q(pod.app)}`,
        i === 0 ? mark('kubelet.probe-errored', ['"Probe errored"', 'read init-p']) : undefined,
      ),
    );
  }
  const kt = t0 + 20e6 + rng.int(100e3, 200e3);
  recs.push(
    say.kubelet(
      kt,
      'I',
      'kuberuntime_manager.go:1053',
      `"Message for Container of pod" containerName=${q(pod.app)} containerStatusID={"Type":"containerd","ID":${q(pod.containerId)}} pod=${q(podRef(pod))} containerMessage=${q(`Container ${pod.app} failed liveness probe, will be restarted`)}`,
      mark('kubelet.liveness-restart', ['failed liveness probe, will be restarted']),
    ),
    say.kubelet(
      kt + 300,
      'I',
      'kuberuntime_container.go:809',
      `"Killing container with a grace period" pod=${q(podRef(pod))} podUID=${q(pod.uid)} containerName=${q(pod.app)} containerID="containerd://${pod.containerId}" gracePeriod=30`,
      mark('kubelet.killing', ['Killing container with a grace period', pod.containerId]),
    ),
    say.containerd(kt + 600, 'info', `StopContainer for ${q(pod.containerId)} with timeout 30 (s)`),
    say.containerd(kt + 800, 'info', `Stop container ${q(pod.containerId)} with signal terminated`),
  );
  // Python's default SIGTERM handler: the worker dies at once, 128 + 15.
  const exitUs = kt + rng.int(150e3, 600e3);
  recs.push(
    say.containerd(
      exitUs + 900,
      'info',
      `TaskExit event container_id:${q(pod.containerId)} id:${q(pod.containerId)} pid:${pod.appPid} exit_status:143 ${exitedAt(exitUs, rng.int(0, 999))}`,
      '',
      mark('containerd.task-exit', ['TaskExit event', pod.containerId, 'exit_status:143']),
    ),
    say.systemd(exitUs + 1_500, 'Deactivated successfully.', `cri-containerd-${pod.containerId}.scope`),
    say.systemd(
      exitUs + 1_600,
      `Consumed ${rng.int(20, 59)}min ${(rng.int(0, 59999) / 1000).toFixed(3)}s CPU time.`,
      `cri-containerd-${pod.containerId}.scope`,
    ),
    say.containerd(exitUs + 60e3, 'info', `StopContainer for ${q(pod.containerId)} returns successfully`),
  );
  const after = restartedPod(pod, rng, false);
  const pt = exitUs + rng.int(700e3, 1.2e6);
  recs.push(
    say.kubelet(pt, 'I', 'kubelet.go:2439', plegEvent(pod, 'ContainerDied', pod.containerId)),
    statusPatch(say, pt + rng.int(2e3, 9e3), pod, after, exitUs, 143, 'Error'),
  );
  const restartAt = pt + rng.int(1e6, 2e6);
  recs.push(...containerStart(say, restartAt, after, rng));
  return {
    recs,
    containers: [
      exitedView(pod, id, exitUs, 143, 'Error'),
      running(after, restartAt + 10e3, restartAt + 150e3),
    ],
    podAfter: after,
    at: exitUs,
  };
}
