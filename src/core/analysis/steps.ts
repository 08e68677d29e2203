// Verification and remediation for the winning branch (issue 5 part 5), after the seed's RCA
// ("containerd shim crash, container in Unknown state", ../shared/seed): first prove the
// container's metadata is intact or lost and why the process died, then recover along the branch
// the metadata check picks, then the long-term mitigations of the cause. Every command carries
// the incident's own ids (focus container, sandbox, pod, the memcg the kernel named) and times;
// ids come from logs, so every one of them goes through a cmd.* builder (shq inside).

import { journalTime } from './commands.ts';
import type { AnalysisContext } from './context.ts';
import type { AnalysisVerdict, CauseId, Gap, Hypothesis, Step } from './model.ts';
import type { Finding } from './rule-schema.ts';

/** The remediation branches of the seed: they depend on the metadata check, not on the cause. */
export const BRANCH_INTACT = 'metadata intact';
export const BRANCH_LOST = 'metadata lost';

/** How many open hypotheses an unknown verdict asks about (their gaps become the verification). */
const OPEN_ASKED = 3;

/** What the steps are filled with. */
interface Ids {
  /** The focus container (full id when an input gave it). */
  container?: string;
  /** Its sandbox: the task whose shim serves the pod. */
  sandbox?: string;
  /** `namespace/name`. */
  pod?: string;
  podUid?: string;
  /** The pod's cgroup as the kernel named it (the OOM's memcg, cut to the pod level). */
  podCgroup?: string;
  /** The cgroup of the task the OOM killer killed (`task_memcg`). */
  victimCgroup?: string;
  /** The process the kernel killed, when it joins the focus. */
  victim?: { pid: string; comm: string; role: string };
  name?: string;
  /** The focus time as journalctl prints it (UTC). */
  when?: string;
}

// A pod's cgroup in either driver, cut after the pod component. Inputs (kernel `oom-kill:` line):
// "/kubepods.slice/kubepods-pod4e6988f1_63e6_4d27_9e8d_ba45452fbf7a.slice/cri-containerd-afcf4efe97924f55171e29b9207b8ef12763b994fee4b365c09996b36a9f8f96.scope",
// "/kubepods/burstable/pod4e6988f1-63e6-4d27-9e8d-ba45452fbf7a/7fc23ca64dfcf631a67171832113262567792dab9b42c2af03b740659ea21e27".
const POD_CGROUP_RE =
  /^(.*?\/[^/]*pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})[^/]*)(?:\/|$)/;

/** The pod-level cgroup of a memcg path and the pod UID in it, when the path has a pod component. */
export function podCgroupOf(path: string): { path: string; uid: string } | undefined {
  const m = POD_CGROUP_RE.exec(path);
  return m ? { path: m[1], uid: m[2].replace(/_/g, '-') } : undefined;
}

const OOM_RULES = [
  'kernel.oom-kill-line',
  'kernel.oom-invoked',
  'kernel.memcg-oom-task-in',
  'kernel.killed-process',
  'kernel.kill-process-old',
];

/** Rules whose line names the killed process, the most explicit first. */
const VICTIM_RULES = [
  'kernel.killed-process',
  'kernel.kill-process-old',
  'kernel.oom-kill-line',
  'kernel.oom-invoked',
];

const str = (v: string | number | undefined): string | undefined =>
  v === undefined || v === '' ? undefined : String(v);

function idsOf(ctx: AnalysisContext): Ids {
  const focus = ctx.focus;
  const container = focus.containers[0];
  const sandbox = focus.sandboxes[0] ?? (container ? ctx.joins.sandboxOf(container) : undefined);
  const ids: Ids = {
    container,
    sandbox,
    pod: focus.pods.find((p) => p.includes('/')),
    podUid: ctx.focusPodUid(),
    name: container ? ctx.joins.nameOf(container) : undefined,
    when: focus.time === null ? undefined : `${journalTime(focus.time)} UTC`,
  };
  // The OOM findings that concern this incident: those that join the focus, or, for an incident
  // with no focus at all (a lone dmesg paste), every one.
  const noFocus = focus.containers.length + focus.sandboxes.length + focus.pods.length === 0;
  const ooms: { f: Finding }[] = [];
  for (const f of ctx.byRule(...OOM_RULES)) {
    if (ctx.joinToFocus(f) || noFocus) ooms.push({ f });
  }
  for (const { f } of ooms) {
    const memcg = str(f.facts.oomMemcg) ?? str(f.facts.memcg);
    const task = str(f.facts.taskMemcg);
    const pod = podCgroupOf(memcg ?? task ?? '');
    ids.podCgroup ??= pod?.path ?? memcg;
    ids.podUid ??= pod?.uid;
    ids.victimCgroup ??= task;
  }
  // The victim from the line that states the kill first (`Killed process 2150 (containerd-shim)`),
  // its role from whom the pid serves: the shim, the init, or a member of the cgroup.
  for (const rule of VICTIM_RULES) {
    const hit = ooms.find((o) => o.f.rule === rule && str(o.f.facts.pid));
    if (!hit) continue;
    const pid = String(hit.f.facts.pid);
    const owners = ctx.ownersOfPid(pid);
    const mine = owners.find((o) => [...focus.containers, ...focus.sandboxes].includes(o.id)) ?? owners[0];
    const comm = str(hit.f.facts.comm) ?? str(hit.f.facts.task) ?? str(hit.f.facts.victim) ?? '?';
    ids.victim = { pid, comm, role: mine?.role ?? 'process' };
    break;
  }
  return ids;
}

/** Every hypothesis of the tree, depth first. */
function walk(hs: readonly Hypothesis[]): Hypothesis[] {
  return hs.flatMap((h) => [h, ...walk(h.children)]);
}

const short = (ctx: AnalysisContext, id: string | undefined) => (id ? ctx.short(id) : '');

function named(ctx: AnalysisContext, ids: Ids): string {
  if (!ids.container) return 'the container';
  return `container ${short(ctx, ids.container)}${ids.name ? ` (${ids.name})` : ''}`;
}

// ---------------------------------------------------------------- verification

/** (a) of the seed: is containerd's record of the container still there? It picks the remediation branch. */
function metadataSteps(ctx: AnalysisContext, ids: Ids): Step[] {
  const { cmd } = ctx;
  const c = ids.container;
  if (!c)
    return [
      {
        id: 'verify-metadata',
        title: 'Find the container in Unknown state and check its metadata',
        detail:
          'No input names the container by id: list the containers and tasks, take the one in Unknown state (or missing from the task list), then run crictl inspect and ctr containers info on it. If both answer and its snapshot is listed, the metadata is intact; if they say "not found" while its task directory or mounts remain, it is lost.',
        commands: [cmd.crictlPs(), cmd.ctrTasks(), cmd.taskDirs()],
      },
    ];
  const who = named(ctx, ids);
  return [
    {
      id: 'verify-metadata',
      title: `Check the metadata of ${who} is intact`,
      detail: `crictl inspect and ctr containers info must both answer for ${c}, and ctr snapshots ls must list its snapshot (the CRI plugin names it by the container id). All three answering: follow "${BRANCH_INTACT}". "not found" from containerd, or no snapshot: follow "${BRANCH_LOST}".`,
      commands: [
        cmd.crictlInspect(c),
        cmd.ctrContainerInfo(c),
        cmd.ctrSnapshots(c),
        ...(ids.sandbox ? [cmd.crictlInspectp(ids.sandbox)] : []),
      ],
    },
    {
      id: 'verify-task-dir',
      title: 'Check the task directory and its mounts',
      detail: `The shim keeps the task's bundle (config.json, rootfs mount) under the task directory. A directory and a rootfs mount that outlive the task are the leak the seed warns about: they must be cleaned up before the container is re-created${ids.sandbox ? `; the sandbox ${short(ctx, ids.sandbox)} has its own directory` : ''}.`,
      commands: [
        cmd.taskDir(c),
        cmd.mounts(c),
        cmd.ctrTasks(),
        ...(ids.sandbox ? [cmd.taskDir(ids.sandbox), cmd.shimProcess(ids.sandbox)] : []),
      ],
    },
  ];
}

/** (b) of the seed: why did it die? The logs around the death and the pod's memory events. */
function killReasonSteps(ctx: AnalysisContext, ids: Ids): Step[] {
  const { cmd } = ctx;
  const [from, to] = ctx.timeWindow(300, 60);
  const [kFrom, kTo] = ctx.timeWindow(120, 30);
  const at = ids.when ? ` around ${ids.when}` : '';
  return [
    {
      id: 'verify-containerd-log',
      title: `Read containerd's log${at}`,
      detail: `Look for "shim disconnected", "cleaning up dead shim", TaskExit and "failed to delete task"${ids.sandbox ? ` for ${short(ctx, ids.sandbox)}` : ''}. "shim disconnected" alone is logged on every normal stop, and the exit status 137 published right after "cleaning up dead shim" is containerd's own (containerd#8381): neither proves a kill.`,
      commands: [cmd.containerdLog(from, to)],
    },
    {
      id: 'verify-kernel-log',
      title: `Read the kernel log${at}`,
      detail: `A kernel kill leaves "Killed process <pid> (<comm>)" with an "oom-kill:" line naming the memcg; "Memory cgroup out of memory" marks a cgroup OOM, not a host one. No such line in a log that covers that second argues against an OOM kill; a userspace killer (systemd-oomd, a platform's OOM controller) leaves none.${ids.victim ? ` The inputs name pid ${ids.victim.pid} (${ids.victim.comm}).` : ''}`,
      commands: [cmd.kernelLog(kFrom, kTo), cmd.dmesgKill()],
    },
    {
      id: 'verify-memory-events',
      title: `Read the memory events of ${ids.pod ? `pod ${ids.pod}` : "the pod's cgroup"}`,
      detail:
        'oom_kill counts kills by the OOM killer in this cgroup (and below it), oom the times the limit was hit; max the times usage reached memory.max. Non-zero oom_kill confirms a cgroup OOM kill without the kernel log. On cgroup v1 the file is memory.oom_control under /sys/fs/cgroup/memory.',
      commands: [cmd.memoryEvents(ids.podUid, ids.podCgroup)],
    },
  ];
}

/** Checks that bear on one cause (the seed's "inspect cgroup metrics", made specific). */
function causeSteps(ctx: AnalysisContext, ids: Ids, cause: CauseId, shimKilled: boolean): Step[] {
  const { cmd } = ctx;
  const [from, to] = ctx.timeWindow(300, 60);
  const podMemory = ids.podCgroup
    ? cmd.cgroupFiles(ids.podCgroup, ['memory.max', 'memory.peak', 'memory.current', 'memory.events'])
    : cmd.memoryLimits(ids.podUid);
  switch (cause) {
    case 'oom-kill-cgroup': {
      const steps: Step[] = [
        {
          id: 'verify-memory-limit',
          title: `Compare the pod's memory limit with its peak`,
          detail: `memory.peak at (or within a page of) memory.max means the pod used all it was allowed; compare with the limits in the pod spec${ids.podCgroup ? ` (cgroup ${ids.podCgroup})` : ''}. memory.peak needs kernel 5.19 or later.`,
          commands: [podMemory, cmd.podResources(ids.pod)],
        },
      ];
      if (shimKilled)
        steps.push({
          id: 'verify-shim-cgroup',
          title: "Check where the shim runs: in the pod's cgroup, it is charged to the pod",
          detail: `${ids.victim ? `The OOM killer killed pid ${ids.victim.pid} (${ids.victim.comm})` : 'The OOM killer killed the shim'}${ids.victimCgroup ? ` in ${ids.victimCgroup}` : ''}: the shim was charged to the pod's memory and died with it, taking the task's state with it. See where today's shims sit and whether the runtime options move them (ShimCgroup).`,
          commands: [cmd.shimCgroups(), cmd.shimCgroupConfig()],
        });
      return steps;
    }
    case 'oom-kill-host':
      return [
        {
          id: 'verify-host-memory',
          title: 'Check the host ran out of memory',
          detail:
            'A host OOM says "Out of memory: Killed process" without "Memory cgroup"; MemAvailable near zero and high memory pressure (some/full avg) around the death support it. Check what the kubelet reserves and when it evicts.',
          commands: [
            cmd.hostMemory(),
            cmd.memoryPressure(),
            cmd.dmesgOom(),
            `grep -E 'evictionHard|systemReserved|kubeReserved|memory.available' /var/lib/kubelet/config.yaml`,
          ],
        },
      ];
    case 'cgroup-limit-other':
      return [
        {
          id: 'verify-cgroup-limits',
          title: "Read the pod's other cgroup limits",
          detail:
            'memory.high throttles before the OOM killer acts (the high count in memory.events), cpu.max throttles (nr_throttled in cpu.stat), pids.max refuses forks (max in pids.events).',
          commands: [
            ids.podCgroup
              ? cmd.cgroupFiles(ids.podCgroup, [
                  'memory.high',
                  'memory.events',
                  'cpu.max',
                  'cpu.stat',
                  'pids.max',
                  'pids.events',
                ])
              : cmd.memoryLimits(ids.podUid),
            cmd.pidsLimits(ids.podUid),
          ],
        },
      ];
    case 'pid-exhaustion':
      return [
        {
          id: 'verify-pids',
          title: 'Check the pid limits of the pod and the host',
          detail:
            'pids.events max > 0 means forks were refused at pids.max ("fork rejected by pids controller" in the kernel log); near pid_max or threads-max the whole host cannot fork.',
          commands: [cmd.pidsLimits(ids.podUid), cmd.pidsLimits(undefined)],
        },
      ];
    case 'fd-exhaustion':
      return [
        {
          id: 'verify-fds',
          title: 'Check file descriptors and inotify limits',
          detail:
            'file-nr (allocated, free, max) near file-max exhausts the host; a shim or containerd at its LimitNOFILE fails alone. "no space left on device" from inotify_add_watch is max_user_watches, not a disk.',
          commands: [cmd.fdLimits(), cmd.fdOf('containerd-shim'), cmd.fdOf('containerd')],
        },
      ];
    case 'disk-full':
      return [
        {
          id: 'verify-disk',
          title: 'Check space and inodes where containerd and the kubelet write',
          detail:
            '"no space left on device" is a full disk only if df shows 100% (or df -i 100% inodes); otherwise it is often an inotify or cgroup limit.',
          commands: [cmd.diskUsage(), cmd.runtimeDisks(), cmd.fdLimits()],
        },
      ];
    case 'kernel-hang':
      return [
        {
          id: 'verify-hang',
          title: 'Look for hung tasks, lockups and panics',
          detail:
            '"blocked for more than N seconds" or a soft lockup on the node around the death means processes stopped being scheduled; the shim may have been killed as collateral or timed out.',
          commands: [cmd.hungTasks(), cmd.kernelLog(...ctx.timeWindow(600, 60))],
        },
      ];
    case 'manual-or-automation-kill':
      return [
        {
          id: 'verify-manual-kill',
          title: 'Find who sent the signal',
          detail:
            'auditd records kill(2) calls only when a rule watches them; shell history and logins show a person; systemd-oomd or a platform OOM controller logs its own kills (and leaves no kernel OOM line).',
          commands: [
            cmd.auditKills(from, to),
            cmd.shellHistory(),
            cmd.oomd(from, to),
            cmd.systemdLog(from, to),
          ],
        },
      ];
    case 'shim-bug-or-deadlock':
      return [
        {
          id: 'verify-shim-bug',
          title: 'Record the runtime versions and containerd stacks',
          detail:
            "Match the versions against containerd's known shim issues; a goroutine dump of containerd while a task hangs shows where it waits.",
          commands: [
            cmd.containerdVersion(),
            cmd.containerdStacks(),
            ...[ids.sandbox ?? ids.container].flatMap((task) => (task ? [cmd.shimProcess(task)] : [])),
          ],
        },
      ];
    case 'runtime-error':
      return [
        {
          id: 'verify-runtime-error',
          title: "Read runc's errors in containerd's log",
          detail:
            'An OCI runtime error names the stage that failed (create, start, exec, delete) and its cause.',
          commands: [`${cmd.containerdLog(from, to)} | grep -iE 'runc|OCI runtime'`, cmd.containerdVersion()],
        },
      ];
    case 'other':
      return [
        {
          id: 'verify-other',
          title: 'Read what Kubernetes and the node logged around the death',
          detail: 'Events and the whole journal of the window, for a cause the rules do not know.',
          commands: [
            cmd.kubeEvents(ids.pod),
            cmd.describePod(ids.pod),
            cmd.wholeJournal(...ctx.timeWindow(120, 30)),
          ],
        },
      ];
  }
}

/** For an unknown verdict: what would settle the best open hypotheses (their gaps, deduplicated). */
function gapSteps(hypotheses: readonly Hypothesis[]): Step[] {
  const open = hypotheses
    .filter((h) => h.decision?.state !== 'rejected' && (h.verdict === 'open' || h.verdict === 'likely'))
    .slice(0, OPEN_ASKED);
  const seen = new Map<string, { gap: Gap; titles: string[] }>();
  for (const h of open)
    for (const x of walk([h]))
      for (const g of x.gaps) {
        const cur = seen.get(g.id);
        if (!cur) seen.set(g.id, { gap: g, titles: [h.title] });
        else if (!cur.titles.includes(h.title)) cur.titles.push(h.title);
      }
  return [...seen.values()].map(({ gap, titles }) => ({
    id: `gap:${gap.id}`,
    title: gap.ask,
    detail: `Would settle: ${titles.join(', ')}. Paste the output into the workbench to re-run the analysis.`,
    commands: [gap.command],
  }));
}

// ---------------------------------------------------------------- remediation

function recoverySteps(ctx: AnalysisContext, ids: Ids, shimDied: boolean): Step[] {
  const { cmd } = ctx;
  const c = ids.container;
  const sb = ids.sandbox;
  const missing = 'No input names the container by id: take it from the verification step first.';
  const intact: Step[] = [
    {
      id: 'remediate-delete-task',
      branch: BRANCH_INTACT,
      title: 'Delete the dead task',
      detail: c
        ? `The task of ${named(ctx, ids)} has no live shim; --force removes containerd's record of the task so the container can run again.${shimDied && sb ? ` The shim of sandbox ${short(ctx, sb)} died, so its task goes too.` : ''}`
        : missing,
      commands: c ? [cmd.ctrTaskDelete(c), ...(shimDied && sb ? [cmd.ctrTaskDelete(sb)] : [])] : [],
    },
  ];
  if (ids.pod || sb)
    intact.push({
      id: 'remediate-recreate',
      branch: BRANCH_INTACT,
      title: 'Let the kubelet re-create it',
      detail: sb
        ? `Remove the sandbox: the kubelet creates a new one and starts the pod's containers in it from their images.${ids.pod ? ` A pod owned by a controller can instead be deleted through the API (kubectl delete pod -n ${ids.pod.replace('/', ' ')}).` : ''}`
        : 'Remove the container: the kubelet starts a new one per the restart policy.',
      commands: [
        ...(sb ? [cmd.crictlStopp(sb), cmd.crictlRmp(sb)] : c ? [cmd.crictlRm(c)] : []),
        ...(ids.pod ? [cmd.watchPod(ids.pod)] : []),
      ],
    });
  intact.push({
    id: 'remediate-start-task',
    branch: BRANCH_INTACT,
    title: 'Outside Kubernetes only: start a new task for the container',
    detail: ids.pod
      ? `Not for this incident: the kubelet owns pod ${ids.pod}, and a task started behind its back is not tracked by it.`
      : c
        ? 'For a container no orchestrator manages: a new task from the intact container record. Use the namespace it lives in (ctr namespaces ls).'
        : missing,
    commands: !ids.pod && c ? [cmd.ctrTaskStart(c)] : [],
  });

  const tasks = [c, sb].filter((x): x is string => x !== undefined);
  const lost: Step[] = [
    {
      id: 'remediate-unmount',
      branch: BRANCH_LOST,
      title: 'Unmount stale mounts under the task directory',
      detail: c
        ? 'With no record in containerd nothing will unmount the rootfs: unmount what is left, then remove the directory (--one-file-system stops at a mount that is still there).'
        : missing,
      commands: tasks.flatMap((id) => [
        cmd.staleMounts(id),
        cmd.umountRootfs(id),
        ...(id === sb ? [cmd.umountSandboxShm(id)] : []),
        cmd.removeTaskDir(id),
      ]),
    },
    {
      id: 'remediate-snapshots',
      branch: BRANCH_LOST,
      title: 'Release the snapshots and what is left of the record',
      detail: c
        ? 'The snapshot keys are the container and sandbox ids; remove them once nothing mounts them, then any half record.'
        : missing,
      commands: tasks.flatMap((id) => [cmd.ctrSnapshots(id), cmd.ctrSnapshotRm(id), cmd.ctrContainerRm(id)]),
    },
    {
      id: 'remediate-rebuild',
      branch: BRANCH_LOST,
      title: 'Rebuild from the image',
      detail: ids.pod
        ? `Delete pod ${ids.pod}: its controller creates a new one, and containerd builds fresh metadata and snapshots from the image.`
        : sb
          ? 'Remove the sandbox and re-create it from its image (crictl runp / crictl create, or the tool that made it).'
          : 'Re-create the container from its image with the tool that made it.',
      commands: ids.pod
        ? [cmd.kubectlDeletePod(ids.pod), cmd.watchPod(ids.pod)]
        : sb
          ? [cmd.crictlRmp(sb)]
          : [],
    },
  ];
  return [...intact, ...lost];
}

/** The seed's long-term mitigations, for every cause. */
function generalMitigations(): Step[] {
  return [
    {
      id: 'mitigate-watch-shim',
      title: "Watch the shim's lifecycle",
      detail:
        'Alert on containerd\'s "cleaning up dead shim" and on containers in Unknown state (crictl ps -a), so a dead shim is seen before the pod is.',
      commands: [],
    },
    {
      id: 'mitigate-log-shim-exits',
      title: 'Keep the logs that explain a shim exit',
      detail:
        'Keep the kernel log and the containerd journal long enough to cover an incident (journald SystemMaxUse, persistent storage), so the kill line is still there when someone looks.',
      commands: [],
    },
    {
      id: 'mitigate-zombie-mounts',
      title: 'Clean zombie mounts during node reconciliation',
      detail:
        'Compare the task directories and rootfs mounts with the task list (ctr tasks ls) and clean those without a task, as in the "metadata lost" branch.',
      commands: [],
    },
  ];
}

function causeMitigations(ctx: AnalysisContext, ids: Ids, cause: CauseId, shimKilled: boolean): Step[] {
  const { cmd } = ctx;
  switch (cause) {
    case 'oom-kill-cgroup':
      return [
        ...(shimKilled
          ? [
              {
                id: 'mitigate-shim-cgroup',
                title: "Keep the shim out of the pod's memory budget",
                detail:
                  "Here the shim runs in the pod's (sandbox's) cgroup, so the pod's limit covers the shim too and the OOM killer may pick it. Raise the pod's limit by the shim's footprint (a RuntimeClass with overhead.podFixed makes Kubernetes add it), or configure the runtime so the shim runs in containerd's own cgroup.",
                commands: [cmd.shimCgroupConfig(), 'kubectl get runtimeclass -o yaml'],
              },
            ]
          : []),
        {
          id: 'mitigate-memory-limit',
          title: "Size the pod's memory limit to its peak",
          detail:
            "Set the limit above the measured memory.peak with headroom, or fix the growth that reached it; the tenant's own processes should be what the OOM killer picks.",
          commands: [cmd.podResources(ids.pod)],
        },
      ];
    case 'oom-kill-host':
      return [
        {
          id: 'mitigate-host-memory',
          title: 'Reserve memory for the node',
          detail:
            "Set the kubelet's systemReserved / kubeReserved and evictionHard memory.available so pods are evicted before the kernel kills; keep containerd and its shims at a low oom_score_adj.",
          commands: [],
        },
      ];
    case 'cgroup-limit-other':
      return [
        {
          id: 'mitigate-cgroup-limits',
          title: "Tune the pod's cgroup limits",
          detail:
            'Raise memory.high / cpu limits / pids.max to what the workload needs, measured from the cgroup files.',
          commands: [],
        },
      ];
    case 'pid-exhaustion':
      return [
        {
          id: 'mitigate-pids',
          title: 'Bound pids per pod and leave room on the host',
          detail:
            "Set the kubelet's podPidsLimit, raise kernel.pid_max if the host runs out, and give containerd.service a TasksMax that fits its shims.",
          commands: [],
        },
      ];
    case 'fd-exhaustion':
      return [
        {
          id: 'mitigate-fds',
          title: 'Raise the descriptor and inotify limits',
          detail:
            'LimitNOFILE for containerd.service, fs.file-max for the host, fs.inotify.max_user_instances and max_user_watches for watchers; find the process that leaks first.',
          commands: [],
        },
      ];
    case 'disk-full':
      return [
        {
          id: 'mitigate-disk',
          title: 'Keep the runtime disks from filling',
          detail:
            'Image GC thresholds (imageGCHighThresholdPercent), ephemeral-storage limits, container log rotation (containerLogMaxSize), and a separate volume for /var/lib/containerd.',
          commands: [],
        },
      ];
    case 'kernel-hang':
      return [
        {
          id: 'mitigate-hang',
          title: 'Find what blocked the kernel',
          detail:
            'Storage or driver stalls are the usual cause of hung tasks; fix or update them, and consider panic-on-hang with a reboot so the node fails fast instead of half-working.',
          commands: [],
        },
      ];
    case 'manual-or-automation-kill':
      return [
        {
          id: 'mitigate-audit-kills',
          title: 'Record who kills runtime processes',
          detail:
            'An audit rule on kill(2) names the sender next time; review the automation and userspace OOM killers (systemd-oomd, platform controllers) that may act on shims.',
          commands: [cmd.auditKillRule()],
        },
      ];
    case 'shim-bug-or-deadlock':
      return [
        {
          id: 'mitigate-upgrade-containerd',
          title: 'Upgrade containerd to a release with the fix',
          detail: 'Match the version against the upstream issue; keep a stack dump with the report.',
          commands: [],
        },
      ];
    case 'runtime-error':
      return [
        {
          id: 'mitigate-runtime',
          title: 'Fix or upgrade the OCI runtime',
          detail:
            "Upgrade runc (or the runtime in use) and check the runtime's configuration against the error it printed.",
          commands: [],
        },
      ];
    case 'other':
      return [];
  }
}

/**
 * The verification and remediation steps of the verdict's branch. An unknown verdict gets the
 * steps that would settle its best open hypotheses; the remediation branches stay, because
 * recovering the container depends on its metadata, not on why it died.
 */
export function stepsFor(
  ctx: AnalysisContext,
  verdict: AnalysisVerdict,
  hypotheses: readonly Hypothesis[],
): { verification: Step[]; remediation: Step[] } {
  const ids = idsOf(ctx);
  const winner = verdict.hypothesis ? walk(hypotheses).find((h) => h.id === verdict.hypothesis) : undefined;
  // The shim, not the container's init, was the victim: the child says so, or the killed pid is
  // a shim of the focus.
  const shimKilled = winner?.id.endsWith('/shim') === true || ids.victim?.role === 'shim';
  const shimDied = ctx.symptomsOf('shim-died').length > 0 || ids.victim?.role === 'shim';
  const remediation = recoverySteps(ctx, ids, shimDied);
  if (verdict.cause === 'unknown') {
    const gaps = gapSteps(hypotheses);
    const asked = new Set(gaps.flatMap((s) => s.commands));
    const seed = killReasonSteps(ctx, ids)
      .map((s) => ({ ...s, commands: s.commands.filter((c) => !asked.has(c)) }))
      .filter((s) => s.commands.length > 0);
    return {
      verification: [...gaps, ...seed, ...metadataSteps(ctx, ids)],
      remediation: [...remediation, ...generalMitigations()],
    };
  }
  return {
    verification: [
      ...metadataSteps(ctx, ids),
      ...killReasonSteps(ctx, ids),
      ...causeSteps(ctx, ids, verdict.cause, shimKilled),
    ],
    remediation: [
      ...remediation,
      ...causeMitigations(ctx, ids, verdict.cause, shimKilled),
      ...generalMitigations(),
    ],
  };
}
