// Cause `shim-bug-or-deadlock` (DESIGN.md section 3): the shim died or hung on its own. The trap
// is that a shim killed by someone else looks the same from containerd's side (`shim
// disconnected`, `cleaning up dead shim`, TaskExit 137, `failed to delete task ... ttrpc:
// closed`), so a dead shim counts for this cause only when no kill joins it, and then weakly: a
// `kill -9` or a userspace killer leaves no kernel line either. Lines that something timed out
// (deadline exceeded, a stop that never finished) say that a call hung, not why; they stay below
// `likely` alone and rise only with a stack dump of the hung process (containerd#2744).
import { gap } from '../commands.ts';
import type { AnalysisContext } from '../context.ts';
import type { Evidence, Gap } from '../model.ts';
import type { Finding } from '../rule-schema.ts';
import type { HypothesisDraft } from '../score.ts';
import type { Symptom } from '../symptoms.ts';
import { focusKill, killAgainst, SHIM_COMM } from './kills.ts';
import type { HypothesisModule } from './module.ts';
import { capital, mergedEvidence, plural, str } from './shared.ts';

const CAUSE = 'shim-bug-or-deadlock';

/** How long before the first death symptom a kill may lie and still explain it. */
const KILL_BEFORE_S = 120;
const KILL_AFTER_S = 5;

/** Findings that lie on one of the events of `taken` (one line matched by two rules is one item). */
function notOn(fs: Finding[], taken: Set<string>): Finding[] {
  return fs.filter((f) => !taken.has(f.eventIds[0]));
}

/** Stop or kill calls that never completed: the strongest of the "something hung" lines. */
const STOP_RULES = ['kubelet.kill-container-failed', 'containerd.stop-container-failed'];
/** Calls to the shim that gave up waiting. */
const CALL_RULES = [
  'containerd.deadline-exceeded',
  'containerd.failed-delete-task',
  'containerd.metrics-failed',
];
/**
 * The cause of a failed delete that means the shim's socket is gone (dead shim), not hung; reads
 * the `error=` of `level=error msg="failed to delete task" error="ttrpc: closed: unknown"
 * id=7fc23ca64dfc...` (public/sample/journalctl-containerd-kubelet.txt:336).
 */
const GONE_RE = /ttrpc: closed|connection closed|\bEOF\b|transport is closing/;

/** The gaps of this cause: what shows whether the shim is alive, hung or gone. */
function gaps(ctx: AnalysisContext, opts: { kernelCovered: boolean; suspect: boolean }): Gap[] {
  const out: Gap[] = [];
  const c = ctx.focus.containers[0];
  const task = ctx.focus.sandboxes[0] ?? c;
  if (c)
    out.push(
      gap(
        'crictl-inspect',
        `Collect crictl inspect of container ${ctx.short(c)}: its state, exit code, reason and finishedAt show whether the shim recorded an exit before it went.`,
        ctx.cmd.crictlInspect(c),
        [CAUSE, 'runtime-error', 'oom-kill-cgroup'],
        'crictl-inspect',
      ),
    );
  if (task || opts.suspect)
    out.push(
      gap(
        'ctr-tasks',
        'List the tasks containerd holds: a task still RUNNING or UNKNOWN with no live process means its shim hung or lost it.',
        ctx.cmd.ctrTasks(),
        [CAUSE, 'runtime-error'],
        'ctr-tasks',
      ),
    );
  if (task) {
    out.push(
      gap(
        'task-dir',
        `List the shim's task directory of ${ctx.short(task)}: a directory left behind with no shim is a dead shim containerd did not clean up.`,
        ctx.cmd.taskDir(task),
        [CAUSE, 'runtime-error'],
        'text',
      ),
      gap(
        'shim-process',
        `Look for the shim process of ${ctx.short(task)}: alive but not answering is a deadlock; gone with no kill line is a crash.`,
        ctx.cmd.shimProcess(task),
        [CAUSE, 'manual-or-automation-kill'],
        'ps',
      ),
    );
  }
  if (!opts.kernelCovered && (task || opts.suspect)) {
    const [from, to] = ctx.timeWindow(KILL_BEFORE_S, 30);
    out.push(
      from === null
        ? gap(
            'dmesg-oom',
            'Collect the kernel log: a kill of the shim there (OOM or SIGKILL) means it did not die by itself.',
            ctx.cmd.dmesgOom(),
            [CAUSE, 'oom-kill-cgroup', 'oom-kill-host'],
            'dmesg-ctime',
          )
        : gap(
            'kernel-log',
            'Collect the kernel log around the death: a kill of the shim there (OOM or SIGKILL) means it did not die by itself.',
            ctx.cmd.kernelLog(from, to),
            [CAUSE, 'oom-kill-cgroup', 'oom-kill-host'],
            'journalctl-short-iso-precise',
          ),
    );
  }
  if (opts.suspect)
    out.push(
      gap(
        'containerd-stacks',
        "Dump containerd's goroutine stacks while it hangs: a goroutine blocked on the task's shim names the stuck call.",
        ctx.cmd.containerdStacks(),
        [CAUSE],
        'journalctl-short',
      ),
      gap(
        'containerd-version',
        'Note the containerd and runc versions: known shim hangs and crashes are fixed in specific releases (containerd#2744 in 1.1.5).',
        ctx.cmd.containerdVersion(),
        [CAUSE, 'runtime-error'],
        'text',
      ),
    );
  return out;
}

function shimDiedText(ctx: AnalysisContext, s: Symptom): string {
  const who = s.container ? ctx.short(s.container) : 'of the focus';
  const after = typeof s.facts.followedBy === 'string' ? s.facts.followedBy : 'its aftermath';
  return `Shim ${who} died (containerd logged ${after}) and no kill in the inputs joins it; a kill -9 or a userspace killer would leave no kernel line either`;
}

export const shimBugOrDeadlock: HypothesisModule = {
  cause: CAUSE,
  title: 'The shim died or hung on its own (shim bug or deadlock)',
  evaluate(ctx) {
    const kill = focusKill(ctx);
    const shimDied = ctx.symptomsOf('shim-died');
    const inSymptoms = new Set(ctx.symptoms.flatMap((s) => s.findingIds));
    // Only a kill joined to the focus explains it away; a kill of something else nearby weighs
    // against (below) but leaves the dead shim as evidence.
    const explained = kill?.tie === 'joined';

    const crash: Evidence[] = [];
    const deadlock: Evidence[] = [];
    const parentOnly: Evidence[] = [];
    const against: Evidence[] = [];

    // The kill that explains the death: the shim was killed, it did not die or hang by itself.
    if (kill)
      against.push(
        killAgainst(
          ctx,
          kill,
          kill.join?.via === 'shim'
            ? { joined: 0.8, near: 0.4, node: 0.3 }
            : { joined: 0.7, near: 0.4, node: 0.3 },
          kill.tie === 'node'
            ? 'a kill, not a shim fault, may be why things died'
            : kill.join?.via === 'shim'
              ? 'the shim was killed, it did not die by itself'
              : 'a kill explains the death without a shim fault',
        ),
      );

    // Crash: a shim that died with nothing killing it, or that segfaulted.
    if (!explained && shimDied.length > 0) {
      crash.push(ctx.fromSymptom(shimDied[0], 0.15, shimDiedText(ctx, shimDied[0])));
      // A kill in the window (near, not joined) makes `no kill` false: no absence then.
      const none =
        kill === null &&
        ctx.absence(
          'kernel-kill',
          'kernel',
          '`Killed process`, `oom-kill:`, `Out of memory`',
          KILL_BEFORE_S,
          KILL_AFTER_S,
          0.2,
          'No kill of any process in a kernel log that covers the death: the shim was not OOM-killed',
        );
      if (none) crash.push(none);
    }
    // A Go shim usually handles SIGSEGV itself (a `panic:` on its stderr, no kernel line), so a
    // kernel `segfault` of the shim (SHIM_COMM, kills.ts) is rare but decisive.
    for (const f of ctx.byRule('kernel.segfault')) {
      const comm = str(f, 'comm') ?? '';
      if (!SHIM_COMM.test(comm)) continue;
      const join = ctx.joinToFocus(f);
      const near = ctx.focus.time === null || ctx.nearFocus(f, 300, 5);
      const w = join ? 0.9 : near ? 0.7 : 0.3;
      crash.push(
        ctx.fromFinding(
          f,
          w,
          `The shim ${comm} (pid ${str(f, 'pid')}) segfaulted${join ? `: ${join.text}` : near ? ' on this node' : ', far from the death'}: it crashed by itself`,
        ),
      );
    }
    // The Go panic itself: a v2 shim's stderr lands in containerd's journal (`containerd[6072]:
    // panic: runtime error: invalid memory address or nil pointer dereference`, containerd#8884).
    // The line cannot say shim or containerd; near the death it is the likelier reading.
    const panics = ctx
      .byRule('containerd.go-panic')
      .filter((f) => ctx.focus.time === null || ctx.nearFocus(f, 300, 5));
    if (panics.length > 0)
      crash.push(
        mergedEvidence(
          ctx,
          panics,
          ctx.focus.time === null ? 0.4 : 0.6,
          `A Go panic was printed ${ctx.focus.time === null ? 'by containerd or a shim' : 'just before the death'} (${str(panics[0], 'reason')}): a shim that panics exits by itself; its goroutine frames (runtime/v2/runc, shim) tell a shim from containerd`,
          { id: 'go-panic' },
        ),
      );
    const gone = ctx
      .byRule('containerd.failed-delete-task')
      .filter((f) => !inSymptoms.has(f.id) && GONE_RE.test(str(f, 'cause') ?? ''));
    if (gone.length > 0 && !explained)
      crash.push(
        mergedEvidence(
          ctx,
          gone,
          0.2,
          `containerd could not delete ${plural(gone.length, 'task')} because the shim's connection was closed (${str(gone[0], 'cause')}): the shim was gone, killed or crashed`,
          { id: 'shim-gone' },
        ),
      );

    // Deadlock: stop/kill calls that never finished, shim calls that timed out, stack dumps.
    const taken = new Set<string>();
    const stops = ctx.byRule(...STOP_RULES).filter((f) => !inSymptoms.has(f.id));
    for (const f of stops) taken.add(f.eventIds[0]);
    const calls = notOn(
      ctx.byRule(...CALL_RULES).filter((f) => !inSymptoms.has(f.id) && !gone.includes(f)),
      taken,
    );
    const stuck = [...stops, ...calls];
    if (stuck.length > 0) {
      const ops = [...new Set(stuck.map((f) => f.title))].join('; ');
      const lines = new Set(stuck.map((f) => f.eventIds[0])).size;
      const joined = stuck.map((f) => ctx.joinToFocus(f)).find((j) => j !== null);
      const w =
        stops.length > 0 ? 0.35 : calls.some((f) => f.rule !== 'containerd.metrics-failed') ? 0.3 : 0.2;
      deadlock.push(
        mergedEvidence(
          ctx,
          stuck,
          w,
          `${lines === 1 ? 'One line says' : `${lines} lines say`} a call on a task did not complete (${ops})${joined ? `; ${joined.text}` : ''}: something hung (a shim, containerd, or a process stuck in the kernel), not what`,
          { id: 'stuck' },
        ),
      );
    }
    const dumps = ctx.byRule('containerd.stack-dump');
    if (dumps.length > 0)
      deadlock.push(
        mergedEvidence(
          ctx,
          dumps,
          0.45,
          'A goroutine stack dump of containerd or a shim was taken (SIGUSR1), as one does when it hangs; the dump alone does not name the blocked call',
          { id: 'stack-dump' },
        ),
      );

    // Together they tell one story; the default reason would quote only the stronger line.
    const hungReason =
      stuck.length > 0 && dumps.length > 0
        ? 'A call on a task never completed and a goroutine stack dump was taken, as one does for a hung shim or containerd; the dump shown does not name the blocked call.'
        : undefined;

    // A task containerd cannot read the state of: its shim is dead or not answering.
    const unknown = ctx.symptomsOf('container-unknown');
    if (!explained && shimDied.length === 0 && unknown.length > 0)
      parentOnly.push(
        ctx.fromSymptom(
          unknown[0],
          0.15,
          `${capital(unknown[0].title)}: containerd cannot get its state from the shim (dead, hung or unreachable), which alone does not say which`,
        ),
      );

    const suspect = crash.length + deadlock.length + parentOnly.length > 0;
    const kernelCovered = ctx.covering('kernel', KILL_BEFORE_S, KILL_AFTER_S).length > 0;
    const allGaps = gaps(ctx, { kernelCovered, suspect });
    const explains = ctx.symptoms
      .filter(
        (s) =>
          s.kind === 'shim-died' ||
          s.kind === 'container-unknown' ||
          s.kind === 'task-missing' ||
          (s.kind === 'exit-137' && s.facts.synthetic === 'yes'),
      )
      .map((s) => s.id);
    // In the order given: a child's default reason quotes its first gap.
    const pick = (ids: string[]) => ids.flatMap((id) => allGaps.filter((g) => g.id === id));

    return {
      title: shimBugOrDeadlock.title,
      for: [...crash, ...deadlock, ...parentOnly],
      against,
      gaps: allGaps,
      explains,
      ...(hungReason && !explained ? { reason: hungReason } : {}),
      ...(kill && explained
        ? {
            reason: `${capital(kill.what)}${kill.join ? ` (${kill.join.text})` : ' near the death'}: the shim did not die on its own.`,
          }
        : {}),
      children: [
        {
          id: `${CAUSE}/crash`,
          title: 'The shim exited by itself (crash: segfault, panic)',
          for: crash,
          against,
          gaps: pick(['kernel-log', 'dmesg-oom', 'shim-process', 'containerd-version']),
          explains,
        },
        {
          id: `${CAUSE}/deadlock`,
          title: 'The shim or containerd hung (deadline exceeded, stuck stop or delete, stack dump)',
          for: deadlock,
          against,
          ...(hungReason && !explained ? { reason: hungReason } : {}),
          gaps: pick(['shim-process', 'containerd-stacks', 'ctr-tasks', 'containerd-version']),
          explains,
        },
      ],
    } satisfies HypothesisDraft;
  },
};
