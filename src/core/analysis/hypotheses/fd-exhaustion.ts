// Cause `fd-exhaustion`: file descriptors or inotify instances/watches ran out. A process at its
// own `ulimit -n` gets EMFILE (`too many open files`, logged only by that process: corpus
// containerd-cri-448, containerd at 1024 fds could not open /dev/null for a new shim); the host
// at fs.file-max gets ENFILE and the kernel says `VFS: file-max limit N reached`; the inotify
// limits masquerade as `too many open files` (max_user_instances) and `no space left on device`
// (max_user_watches). The last is fd-exhaustion, not disk-full (DESIGN.md section 7).
import { gap } from '../commands.ts';
import type { AnalysisContext } from '../context.ts';
import type { CauseId, Evidence } from '../model.ts';
import type { Finding } from '../rule-schema.ts';
import type { HypothesisDraft } from '../score.ts';
import { oomKillAgainst } from './kills.ts';
import type { HypothesisModule } from './module.ts';
import { placedGroup, symptomIdsOf, type Weights } from './shared.ts';

const CAUSE: CauseId = 'fd-exhaustion';
const TITLE = 'File descriptors or inotify watches ran out';

/** Fd exhaustion lingers (a leak grows for minutes): a line this long before the death counts as near. */
const BEFORE = 600;
const AFTER = 60;

/** EMFILE / ENFILE / file-max: the line states that descriptors ran out. */
const STATES: Weights = { joined: 0.9, near: 0.75, untimed: 0.6, unfocused: 0.8, far: 0.2 };
/**
 * An inotify limit breaks watchers (kubelet, cAdvisor, fsnotify users) more than it kills a
 * running container: it states itself, but suggests the death less.
 */
const INOTIFY: Weights = { joined: 0.8, near: 0.5, untimed: 0.4, unfocused: 0.7, far: 0.15 };

type Kind = 'process' | 'host' | 'inotify';

/** `too many open files in system` / ENFILE is the host's file-max, not the process' limit. */
function kindOf(f: Finding): Kind {
  if (f.rule === 'node.inotify-limit') return 'inotify';
  if (f.rule === 'kernel.file-max') return 'host';
  // node.too-many-open-files `error`: `too many open files`, `too many open files in system`, `EMFILE`, `ENFILE`
  return /in system|ENFILE/i.test(String(f.facts.error ?? '')) ? 'host' : 'process';
}

function sentenceOf(f: Finding, kind: Kind): string {
  const writer = typeof f.facts.writer === 'string' ? f.facts.writer : undefined;
  switch (kind) {
    case 'host':
      return f.rule === 'kernel.file-max'
        ? `the kernel hit fs.file-max (${f.facts.limit ?? '?'} open files host-wide): every process without CAP_SYS_ADMIN gets ENFILE`
        : `${writer ?? 'a process'} got \`${f.facts.error}\`: the host's fs.file-max ran out`;
    case 'inotify': {
      const err = String(f.facts.error ?? '');
      // `inotify_add_watch: No space left on device` is the watch count; `too many open files` the instances.
      const limit = /space/i.test(err) ? 'fs.inotify.max_user_watches' : 'fs.inotify.max_user_instances';
      return `${writer ?? 'a process'} could not use ${f.facts.api ?? 'inotify'} (\`${err}\`): the ${limit} limit, not a disk or a plain fd limit`;
    }
    default:
      return `${writer ?? 'a process'} logged \`${f.facts.error}\`: it hit its own open-file limit (EMFILE, ulimit -n / LimitNOFILE)`;
  }
}

/** One item per kind of exhaustion: repeated lines (a retry loop, dmesg and journal alike) say it once. */
function evidenceOf(ctx: AnalysisContext, findings: readonly Finding[], kind: Kind): Evidence[] {
  const weights = kind === 'inotify' ? INOTIFY : STATES;
  return placedGroup(ctx, findings, { before: BEFORE, after: AFTER, weights }, (f) => sentenceOf(f, kind));
}

export const fdExhaustion: HypothesisModule = {
  cause: CAUSE,
  title: TITLE,
  evaluate(ctx) {
    const all = ctx.byRule('kernel.file-max', 'node.too-many-open-files', 'node.inotify-limit');
    const of = (k: Kind) =>
      evidenceOf(
        ctx,
        all.filter((f) => kindOf(f) === k),
        k,
      );
    const process = of('process');
    const host = of('host');
    const inotify = of('inotify');

    const against: Evidence[] = [];
    against.push(...oomKillAgainst(ctx, 0.5, 'that, not a lack of descriptors, ended it'));
    // containerd logs its own EMFILE (a failed shim start, a failed socket accept): a log that
    // covers the death without one argues against containerd or its shims running out.
    if (all.length === 0) {
      const a = ctx.absence(
        'fd-errors',
        'containerd',
        '`too many open files`, EMFILE, ENFILE or an inotify error',
        BEFORE,
        AFTER,
        0.6,
        'the containerd log covers the death and reports no `too many open files` or inotify error',
      );
      if (a) against.push(a);
    }

    const settles: CauseId[] = [CAUSE];
    const forItems = [...process, ...host, ...inotify];
    // Nothing for it and a log or a competing kill against it: the commands would be noise.
    const wanted = forItems.length > 0 || against.length === 0;
    const limits = gap(
      'fd-limits',
      'Read the host fd and inotify limits and use (file-nr is allocated / free / max).',
      ctx.cmd.fdLimits(),
      settles,
    );
    // Inline (no builder in commands.ts for per-process limits): the fd count next to the
    // process' own `Max open files` row, for containerd and every shim (pgrep matches both).
    const counts = gap(
      'fd-counts',
      "Count the open fds of containerd and its shims next to each process' own open-file limit.",
      `for p in $(pgrep containerd); do echo "$p $(cat /proc/$p/comm) $(ls /proc/$p/fd | wc -l) $(grep 'open files' /proc/$p/limits)"; done`,
      settles,
    );
    // Inline: who holds the inotify instances (each is an fd pointing at anon_inode:inotify).
    const inotifyHolders = gap(
      'inotify-holders',
      'Find which processes hold inotify instances against fs.inotify.max_user_instances.',
      `find /proc/*/fd -lname anon_inode:inotify 2>/dev/null | cut -d/ -f3 | sort | uniq -c | sort -rn | head -20`,
      settles,
    );

    const children: HypothesisDraft[] = [
      {
        id: `${CAUSE}/process`,
        title: 'A process hit its open-file limit (ulimit -n, LimitNOFILE)',
        for: process,
        against: [...against],
        gaps: wanted ? [counts] : [],
      },
      {
        id: `${CAUSE}/host`,
        title: 'The host ran out of file handles (fs.file-max)',
        for: host,
        against: [...against],
        gaps: wanted ? [limits] : [],
      },
      {
        id: `${CAUSE}/inotify`,
        title: 'An inotify limit was reached (max_user_instances, max_user_watches)',
        for: inotify,
        against: [...against],
        gaps: wanted ? [limits, inotifyHolders] : [],
      },
    ];
    return {
      title: TITLE,
      for: forItems,
      against,
      gaps: wanted ? [limits, counts] : [],
      children,
      explains: symptomIdsOf(ctx, ['shim-died', 'container-unknown', 'task-missing', 'restarts']),
    };
  },
};
