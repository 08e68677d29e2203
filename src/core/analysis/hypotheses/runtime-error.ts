// Cause `runtime-error` (DESIGN.md section 3): runc, the OCI runtime or its configuration failed
// an operation (create, start, the shim's oom_score_adj write refused inside docker-in-docker,
// k3s#1016), or the runtime's state disagrees with itself (containerd lists a task runc does not
// know, an exec into a container whose init is gone). The second kind is what users see after a
// shim lost its process for reasons the lines seldom give (containerd#10636, #10755, #4016): such
// lines alone stay below `likely`. A failure whose text names an exhausted resource (too many
// open files, no space left) belongs to that resource's cause, not to this one.
import { gap } from '../commands.ts';
import type { AnalysisContext } from '../context.ts';
import type { Evidence, Gap } from '../model.ts';
import type { Finding } from '../rule-schema.ts';
import type { HypothesisDraft } from '../score.ts';
import { focusKill, killAgainst } from './kills.ts';
import type { HypothesisModule } from './module.ts';
import { capital, mergedEvidence, str } from './shared.ts';

const CAUSE = 'runtime-error';

/**
 * A failure text that names an exhausted resource: another cause's (fd-exhaustion, disk-full,
 * pid-exhaustion, OOM), e.g. the cause of `failed to create containerd task: failed to start
 * shim: open /dev/null: too many open files: unknown` (corpus containerd-cri-448 errors.txt:1).
 */
const RESOURCE_RE =
  /too many open files|no space left on device|disk quota exceeded|cannot allocate memory|out of memory|resource temporarily unavailable|inotify/i;

/**
 * A failure text that names the runtime or its configuration, e.g. the cause of `Failed create
 * pod sandbox: rpc error: code = Unknown desc = failed to create containerd task:
 * io.containerd.runc.v2: failed to adjust OOM score for shim: set shim OOM score: write
 * /proc/797/oom_score_adj: invalid argument` (corpus k3s-1016 kubectl-events.txt:5).
 */
const RUNTIME_RE =
  /OCI runtime|\brunc\b|oom_score_adj|invalid argument|permission denied|operation not permitted|exec format error|executable file not found|no such file or directory|container_linux\.go|unknown runtime|apparmor|seccomp|failed to create (?:containerd task|shim)/i;

/** How far from the death a failure may lie and still be about it. */
const NEAR_BEFORE_S = 600;
const NEAR_AFTER_S = 60;

function gaps(ctx: AnalysisContext, suspect: boolean): Gap[] {
  const out: Gap[] = [];
  const c = ctx.focus.containers[0];
  if (c)
    out.push(
      gap(
        'crictl-inspect',
        `Collect crictl inspect of container ${ctx.short(c)}: its status reason and message carry the runtime's error, if it gave one.`,
        ctx.cmd.crictlInspect(c),
        [CAUSE, 'shim-bug-or-deadlock', 'oom-kill-cgroup'],
        'crictl-inspect',
      ),
    );
  if (c || suspect) {
    const [from, to] = ctx.timeWindow(NEAR_BEFORE_S, NEAR_AFTER_S);
    if (!ctx.has('containerd') || from !== null)
      out.push(
        gap(
          'containerd-log',
          "Collect containerd's log around the death: an `OCI runtime ... failed` or `failed to create containerd task` line names the runtime's error.",
          ctx.cmd.containerdLog(from, to),
          [CAUSE, 'shim-bug-or-deadlock'],
          'journalctl-short-iso-precise',
        ),
      );
    out.push(
      gap(
        'ctr-tasks',
        'List the tasks containerd holds: a task containerd lists that runc does not know (or the reverse) is a state mismatch.',
        ctx.cmd.ctrTasks(),
        [CAUSE, 'shim-bug-or-deadlock'],
        'ctr-tasks',
      ),
      // No builder in commands.ts yet: runc's own view of the k8s.io namespace, to compare with ctr.
      gap(
        'runc-list',
        "List runc's containers of the k8s.io namespace: compare with ctr tasks ls (runc running where ctr says UNKNOWN, or the reverse).",
        'runc --root /run/containerd/runc/k8s.io list',
        [CAUSE, 'shim-bug-or-deadlock'],
        'runc-list',
      ),
    );
  }
  if (suspect)
    out.push(
      gap(
        'containerd-version',
        'Note the containerd and runc versions: runtime errors are often a known bug of one release.',
        ctx.cmd.containerdVersion(),
        [CAUSE, 'shim-bug-or-deadlock'],
        'text',
      ),
    );
  return out;
}

export const runtimeError: HypothesisModule = {
  cause: CAUSE,
  title: 'runc, the runtime or its configuration failed (runtime error)',
  evaluate(ctx) {
    const runc: Evidence[] = [];
    const mismatch: Evidence[] = [];
    const against: Evidence[] = [];
    const weigh = (f: Finding, joined: number, near: number, far: number) =>
      ctx.joinToFocus(f)
        ? joined
        : ctx.focus.time === null || ctx.nearFocus(f, NEAR_BEFORE_S, NEAR_AFTER_S)
          ? near
          : far;

    // State mismatch first: an exec into a stopped container is also an `OCI runtime exec failed`
    // line, and one line is one item.
    const stopped = ctx.byRule('runtime.exec-in-stopped');
    const onStopped = new Set(stopped.map((f) => f.eventIds[0]));
    const missing = ctx.byRule('runtime.task-missing', 'runtime.containerd-container-not-found');
    const drift = [...stopped, ...missing];
    if (drift.length > 0) {
      const what = [
        ...(stopped.length > 0
          ? ['an exec was refused because the container is stopped while it is listed running']
          : []),
        ...(missing.length > 0 ? ['the runtime no longer knows a container something still asks for'] : []),
      ].join('; ');
      const joined = drift.map((f) => ctx.joinToFocus(f)).find((j) => j !== null);
      mismatch.push(
        mergedEvidence(
          ctx,
          drift,
          0.3,
          `${capital(what)}${joined ? ` (${joined.text})` : ''}: the runtime's state drifted, which says what went wrong, not why`,
          { id: 'state-mismatch' },
        ),
      );
    }
    const unknown = ctx.symptomsOf('container-unknown');
    const kill = focusKill(ctx);
    const explained = kill?.tie === 'joined';
    if (mismatch.length === 0 && unknown.length > 0 && !explained)
      mismatch.push(
        ctx.fromSymptom(
          unknown[0],
          0.15,
          `${capital(unknown[0].title)}: containerd cannot read the task's state, a dead or hung shim as much as a runtime that lost it`,
        ),
      );

    // The runtime refused an operation.
    for (const f of ctx.byRule('runtime.runc-error')) {
      if (onStopped.has(f.eventIds[0])) continue;
      const stage = str(f, 'stage');
      // An exec that fails (a probe, kubectl exec) does not end the container.
      if (stage === 'exec') {
        runc.push(
          ctx.fromFinding(
            f,
            0.2,
            'The runtime refused an exec into the container: a failed probe or exec, not its death',
          ),
        );
        continue;
      }
      const w = stage ? weigh(f, 0.9, 0.7, 0.3) : weigh(f, 0.6, 0.5, 0.2);
      runc.push(
        ctx.fromFinding(
          f,
          w,
          stage
            ? `The OCI runtime failed to ${stage} the container${ctx.joinToFocus(f) ? ` (${ctx.joinToFocus(f)?.text})` : ''}`
            : 'runc reported an error on the container',
        ),
      );
    }
    const exhausted: Finding[] = [];
    for (const f of ctx.byRule('kubelet.sandbox-create-failed', 'containerd.shim-start-failed')) {
      const cause = str(f, 'cause');
      const what =
        f.rule === 'kubelet.sandbox-create-failed'
          ? 'The pod sandbox could not be created'
          : 'The shim could not be started';
      if (cause && RESOURCE_RE.test(cause)) {
        exhausted.push(f);
        continue;
      }
      if (cause && RUNTIME_RE.test(cause))
        runc.push(ctx.fromFinding(f, weigh(f, 0.9, 0.8, 0.4), `${what}: the runtime failed (${cause})`));
      else if (f.rule === 'kubelet.sandbox-create-failed')
        runc.push(
          ctx.fromFinding(
            f,
            weigh(f, 0.5, 0.5, 0.2),
            `${what}${cause ? ` (${cause})` : ''}: the runtime failed RunPodSandbox; its message says why`,
          ),
        );
      else runc.push(ctx.fromFinding(f, weigh(f, 0.3, 0.3, 0.1), `${what}${cause ? ` (${cause})` : ''}`));
    }
    if (exhausted.length > 0)
      against.push(
        mergedEvidence(
          ctx,
          exhausted,
          0.5,
          `The runtime failed because a resource ran out (${str(exhausted[0], 'cause')}): that resource's cause, not a runtime fault`,
          { id: 'resource-exhausted' },
        ),
      );

    // A kill that explains the death leaves the runtime's errors as its aftermath.
    if (kill)
      against.push(
        killAgainst(
          ctx,
          kill,
          { joined: 0.5, near: 0.3, node: 0.3 },
          kill.tie === 'node'
            ? 'a kill on the node may explain what the runtime reports'
            : 'a kill explains the death; runtime errors after it are its aftermath',
        ),
      );

    const forAll = [...runc, ...mismatch];
    const allGaps = gaps(ctx, forAll.length > 0);
    const explains = ctx.symptoms
      .filter((s) => s.kind === 'task-missing' || s.kind === 'container-unknown')
      .map((s) => s.id);
    // In the order given: a child's default reason quotes its first gap.
    const pick = (ids: string[]) => ids.flatMap((id) => allGaps.filter((g) => g.id === id));
    return {
      title: runtimeError.title,
      for: forAll,
      against,
      gaps: allGaps,
      explains,
      children: [
        {
          id: `${CAUSE}/runc`,
          title: 'runc or the OCI runtime failed an operation (create, start, oom_score_adj, a bad config)',
          for: runc,
          against,
          gaps: pick(['containerd-log', 'crictl-inspect', 'containerd-version']),
          explains,
        },
        {
          id: `${CAUSE}/state-mismatch`,
          title:
            'The runtime state disagrees (task missing, container does not exist, exec in a stopped container)',
          for: mismatch,
          against,
          gaps: pick(['ctr-tasks', 'runc-list', 'crictl-inspect']),
          explains,
        },
      ],
    } satisfies HypothesisDraft;
  },
};
