// Cause `disk-full`: a filesystem ran out of space or inodes (or failed under the node's feet).
// The kubelet shows it first (eviction for ephemeral-storage / nodefs / imagefs, image GC that
// cannot free enough: corpus minikube-4084, k3d-130); programs and the kernel show ENOSPC. Most
// `no space left on device` text is NOT a full disk (DESIGN.md section 7): a mkdir under
// /sys/fs/cgroup is the kernel's cgroup count limit (corpus moby-29638, cgroup-limit-other) and
// an inotify watch limit says it too (node.inotify-limit, fd-exhaustion). Only an ENOSPC on a
// data path counts here.
import { gap } from '../commands.ts';
import type { AnalysisContext } from '../context.ts';
import type { CauseId, Evidence } from '../model.ts';
import type { Finding } from '../rule-schema.ts';
import type { HypothesisDraft } from '../score.ts';
import { oomKillAgainst } from './kills.ts';
import type { HypothesisModule } from './module.ts';
import {
  DISK_RESOURCE,
  evictionResource,
  mergedEvidence,
  placedGroup,
  symptomIdsOf,
  type Weights,
} from './shared.ts';

const CAUSE: CauseId = 'disk-full';
const TITLE = 'A disk or its inodes ran full';

/** Disk pressure builds up over minutes to hours; a line this long before the death is near. */
const BEFORE = 1800;
const AFTER = 120;

/** The kubelet evicting for a disk signal, or ENOSPC on a data path: the line states it. */
const STATES: Weights = { joined: 0.9, near: 0.75, untimed: 0.6, unfocused: 0.8, far: 0.2 };
/** The eviction manager reclaiming a disk signal (it states the pressure; the victim may be another pod). */
const EVICTION: Weights = { joined: 0.9, near: 0.75, untimed: 0.6, unfocused: 0.75, far: 0.2 };
/** Image GC could not free what the threshold asks: the disk is over the high mark, not full yet. */
const IMAGE_GC: Weights = { joined: 0.7, near: 0.7, untimed: 0.55, unfocused: 0.7, far: 0.2 };
/** ENOSPC with no path: could still be a cgroup or inotify limit worded by a program. */
const BARE_ENOSPC: Weights = { joined: 0.7, near: 0.5, untimed: 0.4, unfocused: 0.6, far: 0.15 };
/**
 * A filesystem error or read-only remount: writes fail (EIO/EROFS) like on a full disk, but the
 * disk is broken, not full; alone it stays open.
 */
const FS_ERROR: Weights = { joined: 0.4, near: 0.35, untimed: 0.25, unfocused: 0.35, far: 0.1 };
/** The read-only remount is what makes every later write fail: it decides over the error before it. */
const READ_ONLY_BONUS = 0.05;

/**
 * Paths whose ENOSPC is a kernel object count, not space: cgroup directories (the memory cgroup
 * count limit, moby-29638: `mkdir /sys/fs/cgroup/memory/docker/9f70e4294eb6...: no space left on
 * device`), /proc and /sys files.
 */
const NOT_A_DISK = /^\/(?:sys|proc)\//;

/** How the kubelet's signals read: `ephemeral-storage`, `nodefs.available`, `imagefs.inodesFree`. */
function disk(f: Finding): boolean {
  const r = evictionResource(f);
  return r !== undefined && DISK_RESOURCE.test(r);
}

function item(
  ctx: AnalysisContext,
  findings: readonly Finding[],
  weights: Weights,
  say: (f: Finding) => string,
  bonus?: (f: Finding) => number,
): Evidence[] {
  return placedGroup(ctx, findings, { before: BEFORE, after: AFTER, weights }, say, bonus);
}

export const diskFull: HypothesisModule = {
  cause: CAUSE,
  title: TITLE,
  evaluate(ctx) {
    const evictions = ctx.byRule('kubelet.eviction').filter(disk);
    const eviction = item(
      ctx,
      evictions,
      EVICTION,
      (f) =>
        `the kubelet's eviction manager was evicting pods to reclaim ${evictionResource(f)}: the node was under disk pressure`,
    );

    const enospc = ctx.byRule('node.no-space-left');
    const onData = enospc.filter((f) => typeof f.facts.path === 'string' && !NOT_A_DISK.test(f.facts.path));
    const onKernelObjects = enospc.filter(
      (f) => typeof f.facts.path === 'string' && NOT_A_DISK.test(f.facts.path),
    );
    const bare = enospc.filter((f) => typeof f.facts.path !== 'string');
    const filesystem = [
      ...item(
        ctx,
        onData,
        STATES,
        (f) =>
          `${f.facts.writer ?? 'a program'} got ENOSPC on ${f.facts.op ?? 'writing'} ${f.facts.path}: that filesystem was full (space or inodes)`,
      ),
      ...item(
        ctx,
        ctx.byRule('kernel.no-space'),
        STATES,
        (f) =>
          `${f.facts.fs} reports \`${f.facts.cause}\`${f.facts.device ? ` on ${f.facts.device}` : ''}: writes there fail with ENOSPC`,
      ),
      ...item(
        ctx,
        bare,
        BARE_ENOSPC,
        (f) =>
          `${f.facts.writer ?? 'a program'} got \`no space left on device\` without naming a path: a full disk, unless it was a cgroup or inotify limit`,
      ),
    ];

    const imageGc = item(
      ctx,
      ctx.byRule('kubelet.image-gc-failed'),
      IMAGE_GC,
      (f) =>
        `the kubelet could not free enough disk by deleting images${f.facts.reason ? ` (${f.facts.reason})` : ''}: the image filesystem stayed above its high threshold`,
    );

    const fsErrors = ctx
      .byRule('kernel.ext4-error', 'kernel.xfs-error', 'kernel.fs-readonly')
      // `EXT4-fs error ... : Out of memory` is ext4 failing an allocation, not the disk.
      .filter((f) => !/out of memory/i.test(String(f.facts.detail ?? '')));
    const fsError = item(
      ctx,
      fsErrors,
      FS_ERROR,
      (f) =>
        f.rule === 'kernel.fs-readonly'
          ? `${f.facts.fs ?? 'a filesystem'} on ${f.facts.device ?? '?'} was remounted read-only: every later write there fails (EROFS), as on a full disk`
          : `${f.rule === 'kernel.xfs-error' ? 'XFS' : 'EXT4'} error on ${f.facts.device}: writes there fail (EIO); a broken, not a full, disk`,
      (f) => (f.rule === 'kernel.fs-readonly' ? READ_ONLY_BONUS : 0),
    );

    const against: Evidence[] = [];
    // A cgroup mkdir's ENOSPC speaks against a full disk when nothing else says the disk was
    // full: the message that made someone suspect the disk is explained otherwise.
    if (onKernelObjects.length > 0 && onData.length === 0 && evictions.length === 0) {
      const f = onKernelObjects[0];
      against.push(
        mergedEvidence(
          ctx,
          onKernelObjects,
          0.6,
          `\`no space left on device\` on ${f.facts.op ?? 'writing'} ${f.facts.path} is a kernel object limit (for a cgroup mkdir, the number of cgroups), not a full disk`,
        ),
      );
    }
    against.push(...oomKillAgainst(ctx, 0.5, 'that, not a full disk, ended it'));
    const forItems = [...eviction, ...filesystem, ...imageGc, ...fsError];
    if (forItems.length === 0) {
      // The kubelet's eviction manager logs disk pressure before it acts (`attempting to reclaim
      // ephemeral-storage`); a kubelet log over the death without it argues against a full disk.
      const a = ctx.absence(
        'disk-pressure',
        'kubelet',
        'an eviction for ephemeral-storage / nodefs / imagefs, image GC failures, ENOSPC',
        BEFORE,
        AFTER,
        0.6,
        'the kubelet log covers the death and shows no disk pressure (no eviction for disk, no image GC failure)',
      );
      if (a) against.push(a);
    }

    const settles: CauseId[] = [CAUSE];
    const wanted = forItems.length > 0 || against.length === 0;
    const usage = gap(
      'disk-usage',
      'Check space and inodes on every filesystem (df -i: inodes can run out with space left).',
      ctx.cmd.diskUsage(),
      settles,
    );
    const [from, to] = ctx.timeWindow(BEFORE, AFTER);
    const kubeletLog = ctx.covering('kubelet', BEFORE, AFTER).length
      ? []
      : [
          gap(
            'kubelet-log',
            "Collect the kubelet's log around the death: eviction and image GC lines show disk pressure.",
            ctx.cmd.kubeletLog(from, to),
            settles,
            'journalctl-short-iso-precise',
          ),
        ];
    const children: HypothesisDraft[] = [
      {
        id: `${CAUSE}/eviction`,
        title: 'The kubelet evicted pods for disk pressure (ephemeral-storage, nodefs, imagefs)',
        for: eviction,
        against: [...against],
        gaps: wanted ? [...kubeletLog] : [],
      },
      {
        id: `${CAUSE}/filesystem`,
        title: 'A filesystem ran out of space or inodes (ENOSPC)',
        for: filesystem,
        against: [...against],
        gaps: wanted ? [usage] : [],
      },
      {
        id: `${CAUSE}/image-gc`,
        title: 'Image garbage collection could not free the image filesystem',
        for: imageGc,
        against: [...against],
        gaps: wanted
          ? [
              // Inline: what uses the image filesystem (no builder in commands.ts).
              gap(
                'image-usage',
                "List the images and the image filesystem's use: what image GC could not remove is in use.",
                'crictl imagefsinfo; crictl images',
                settles,
              ),
            ]
          : [],
      },
      {
        id: `${CAUSE}/fs-error`,
        title: 'A filesystem failed or went read-only (writes fail as on a full disk)',
        for: fsError,
        against: [...against],
        gaps: [],
      },
    ];
    return {
      title: TITLE,
      for: forItems,
      against,
      gaps: wanted ? [usage, ...kubeletLog] : [],
      children,
      explains: symptomIdsOf(ctx, ['exit-137', 'shim-died', 'container-unknown', 'task-missing', 'restarts']),
    };
  },
};
