// Cause `other` (DESIGN.md section 3): a cause outside the ten, kept honest. It is supported only
// by a line that states such a cause (the node shutting down, systemd restarting the container
// runtime); lines that merely fit one (containerd killing a logging shim, which it does when it
// stops: nerdctl#1039) stay below `likely`, and with nothing at all it keeps a low prior, so the
// verdict is `unknown` rather than a shrug called `other`.
import { gap } from '../commands.ts';
import type { AnalysisContext } from '../context.ts';
import type { Evidence, Gap } from '../model.ts';
import type { HypothesisDraft } from '../score.ts';
import { focusKill, killAgainst } from './kills.ts';
import type { HypothesisModule } from './module.ts';
import { mergedEvidence, RUNTIME_UNIT_RE, SHIM_UNIT_RE, str } from './shared.ts';

const CAUSE = 'other';

/** Below the default prior: `other` must earn its place with a line, never by elimination. */
const OTHER_PRIOR = 0.05;

/**
 * A boot banner rather than a shutdown line, from the `event` fact of `Aug 25 20:05:50 dom0
 * kernel: Linux version 6.1.43-1.qubes.fc37.x86_64 (mockbuild@...)` (node.reboot's example).
 */
const BANNER_RE = /^Linux version /;

/** How close to the death a shutdown or daemon restart must be to have caused it. */
const BEFORE_S = 300;
const AFTER_S = 60;
/** How soon after the death a boot banner shows the node went down then (a crash, a power loss). */
const BOOT_AFTER_S = 1800;

function gaps(ctx: AnalysisContext): Gap[] {
  const [from, to] = ctx.timeWindow(BEFORE_S, AFTER_S);
  return [
    gap(
      'whole-journal',
      'Collect the whole journal around the death: a reboot, a daemon restart or another cause outside the list shows there, not in one unit.',
      ctx.cmd.wholeJournal(from, to),
      [CAUSE, 'manual-or-automation-kill'],
      'journalctl-short-iso-precise',
    ),
    // No builder in commands.ts: the boots and the runtime's restarts, to tie a death to either.
    gap(
      'boots-and-restarts',
      'List the boots and the container runtime restarts: a boot or a containerd restart at the time of the death explains it.',
      'journalctl --list-boots | tail -5; last -x reboot shutdown | head -5; systemctl show containerd -p NRestarts -p ActiveEnterTimestamp',
      [CAUSE],
      'text',
    ),
  ];
}

export const other: HypothesisModule = {
  cause: CAUSE,
  title: 'A cause outside the list (a node reboot, a container runtime restart, ...)',
  evaluate(ctx) {
    const restart: Evidence[] = [];
    const reboot: Evidence[] = [];
    const against: Evidence[] = [];
    const hasTime = ctx.focus.time !== null;

    // The container runtime restarted: systemd says so, or containerd tore down what it tears down
    // when it stops (a logging shim, then the shims it served disconnect).
    const restarts = ctx
      .byRule('systemd.restart-scheduled')
      .filter((f) => RUNTIME_UNIT_RE.test(str(f, 'unit') ?? ''));
    if (restarts.length > 0) {
      const near = restarts.filter((f) => f.time !== null && ctx.nearFocus(f, BEFORE_S, AFTER_S));
      const use = near.length > 0 ? near : restarts;
      const w = near.length > 0 ? 0.7 : hasTime ? 0.2 : 0.5;
      restart.push(
        mergedEvidence(
          ctx,
          use,
          w,
          `systemd restarted ${str(use[0], 'unit')} (restart counter ${str(use[0], 'counter') ?? '?'})${near.length > 0 ? ' at the time of the death' : hasTime ? ', but not near the death' : ''}: a runtime restart can take shims and logging binaries with it`,
          { id: 'runtime-restart' },
        ),
      );
    }
    // Unit and comm of `containerd.service: Killing process 1041 (containerd-shim) with signal SIGKILL.`
    const shimKills = ctx
      .byRule('systemd.sigkill-sent')
      .filter((f) => SHIM_UNIT_RE.test(str(f, 'unit') ?? '') && /shim/.test(str(f, 'comm') ?? ''));
    if (shimKills.length > 0)
      restart.push(
        mergedEvidence(
          ctx,
          shimKills,
          hasTime && !shimKills.some((f) => ctx.nearFocus(f, BEFORE_S, AFTER_S)) ? 0.2 : 0.6,
          `systemd SIGKILLed shim processes while stopping ${str(shimKills[0], 'unit')}: stopping the runtime's unit took its containers' shims with it`,
          { id: 'runtime-stop-kills-shims' },
        ),
      );
    const logging = ctx.byRule('containerd.logging-shim-killed');
    if (logging.length > 0) {
      const first = logging[0];
      // The shims that disconnected right after (nerdctl#1039: 13 ms later) are the same teardown.
      const after = ctx
        .byRule('containerd.shim-disconnected', 'containerd.dead-shim-cleanup')
        .filter(
          (f) => first.time !== null && f.time !== null && f.time >= first.time && f.time - first.time <= 5e6,
        );
      restart.push(
        mergedEvidence(
          ctx,
          [...logging, ...after],
          0.35,
          `containerd killed a logging shim (${str(first, 'cause') ?? 'SIGTERM failed'})${after.length > 0 ? ' and shims disconnected right after' : ''}: what containerd does when it stops or restarts, though the lines do not say it restarted`,
          { id: 'logging-shim-killed' },
        ),
      );
    }

    // The node went down: shutdown lines near the death, or a boot banner soon after it.
    const boots = ctx.byRule('node.reboot');
    const panics = ctx.byRule('kernel.panic');
    const shutdowns = boots.filter((f) => !BANNER_RE.test(str(f, 'event') ?? ''));
    const banners = boots.filter((f) => BANNER_RE.test(str(f, 'event') ?? ''));
    if (panics.length === 0) {
      const nearDown = shutdowns.filter((f) => f.time !== null && ctx.nearFocus(f, BEFORE_S, AFTER_S));
      if (nearDown.length > 0)
        reboot.push(
          mergedEvidence(
            ctx,
            nearDown,
            0.7,
            `The node was shutting down at the time of the death (${str(nearDown[0], 'event')}): a reboot ends every shim and container`,
            { id: 'shutdown' },
          ),
        );
      else if (!hasTime && shutdowns.length > 0)
        reboot.push(
          mergedEvidence(
            ctx,
            shutdowns,
            0.5,
            `The node shut down (${str(shutdowns[0], 'event')}): a reboot ends every shim and container, though nothing ties it to a death`,
            { id: 'shutdown' },
          ),
        );
      // A banner before the death is the boot the container ran in; only one after it says the node went down.
      const bootAfter = banners.filter((f) => {
        const s = ctx.secondsFromFocus(f);
        return s !== null && s > 0 && s <= BOOT_AFTER_S;
      });
      if (bootAfter.length > 0 && nearDown.length === 0)
        reboot.push(
          ctx.fromFinding(
            bootAfter[0],
            0.5,
            `The node booted again ${Math.round(ctx.secondsFromFocus(bootAfter[0]) ?? 0)} s after the death with no shutdown line: a crash, watchdog or power loss took the node down`,
          ),
        );
    }

    const kill = focusKill(ctx);
    if (kill && kill.tie !== 'node')
      against.push(
        killAgainst(ctx, kill, { joined: 0.5, near: 0.3, node: 0 }, 'a cause on the list explains the death'),
      );

    // Without a time to look around or a line that hints at it, asking for the whole journal is noise.
    const allGaps = restart.length + reboot.length > 0 || hasTime ? gaps(ctx) : [];
    const explains = ctx.symptoms.filter((s) => s.kind !== 'custom').map((s) => s.id);
    return {
      title: other.title,
      prior: OTHER_PRIOR,
      for: [...restart, ...reboot],
      against,
      gaps: allGaps,
      explains,
      children: [
        {
          id: `${CAUSE}/runtime-restart`,
          title: 'The container runtime was stopped or restarted (containerd, docker)',
          prior: OTHER_PRIOR,
          for: restart,
          against,
          gaps: allGaps.filter((g) => g.id === 'boots-and-restarts'),
          explains,
        },
        {
          id: `${CAUSE}/node-reboot`,
          title: 'The node rebooted or went down',
          prior: OTHER_PRIOR,
          for: reboot,
          against,
          gaps: allGaps.filter((g) => g.id === 'boots-and-restarts'),
          explains,
        },
      ],
    } satisfies HypothesisDraft;
  },
};
