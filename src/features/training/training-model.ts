// What the exercise shows of the analysis, and in which order. The analysis sorts hypotheses and
// gaps by score and lists the verification steps of the winning branch: shown that way, the
// order alone would give the answer away. So the exercise lists hypotheses in the fixed order of
// CAUSE_IDS (children by id), gaps by their wording, and offers every verification step the
// analysis can give, always the same list, under a title that names no incident.
import type { AnalysisResult, Gap, Hypothesis } from '../../core/analysis/model.ts';
import { CAUSE_IDS } from '../../core/analysis/model.ts';
import { VERIFICATION_STEP_IDS } from '../../core/training/manifest.ts';
import type { ScenarioManifest } from '../../core/training/model.ts';

/** A hypothesis as the trainee sees it: its id and title, nothing the engine concluded. */
export interface Choice {
  id: string;
  title: string;
  children: { id: string; title: string }[];
}

const causeRank = (id: string) => {
  const i = (CAUSE_IDS as readonly string[]).indexOf(id);
  return i === -1 ? CAUSE_IDS.length : i;
};

/** Top-level hypotheses in CAUSE_IDS order (custom ones after, by title), their children by id. */
export function choicesOf(analysis: AnalysisResult | undefined): Choice[] {
  const strip = (h: Hypothesis): Choice => ({
    id: h.id,
    title: h.title,
    children: h.children
      .map((c) => ({ id: c.id, title: c.title }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  });
  return (analysis?.hypotheses ?? [])
    .map(strip)
    .sort((a, b) => causeRank(a.id) - causeRank(b.id) || a.title.localeCompare(b.title));
}

/** The trainee's ranking over today's choices: what they ranked first, then the rest in the fixed order. */
export function rankedChoices(choices: readonly Choice[], ranking: readonly string[]): Choice[] {
  const byId = new Map(choices.map((c) => [c.id, c]));
  const ranked = ranking.flatMap((id) => byId.get(id) ?? []);
  const seen = new Set(ranked.map((c) => c.id));
  return [...ranked, ...choices.filter((c) => !seen.has(c.id))];
}

/** Every hypothesis id with its title, children included (for the commit's cause and the rulings). */
export function titlesOf(choices: readonly Choice[]): Map<string, string> {
  return new Map(
    choices.flatMap((c) => [[c.id, c.title] as const, ...c.children.map((k) => [k.id, k.title] as const)]),
  );
}

/** The gaps by their wording, not by the score of the hypotheses that ask for them. */
export function gapsOf(analysis: AnalysisResult | undefined): Gap[] {
  return [...(analysis?.gaps ?? [])].sort((a, b) => a.ask.localeCompare(b.ask));
}

/** What each verification step checks, without the incident's ids (src/core/analysis/steps.ts has the filled ones). */
const VERIFICATION_TITLES: Record<(typeof VERIFICATION_STEP_IDS)[number], string> = {
  'verify-metadata':
    "Check the container's metadata is intact (crictl inspect, ctr containers info, snapshots)",
  'verify-task-dir': 'Check the task directory and its mounts',
  'verify-containerd-log': "Read containerd's log around the death",
  'verify-kernel-log': 'Read the kernel log around the death',
  'verify-memory-events': "Read the memory events of the pod's cgroup",
  'verify-memory-limit': "Compare the pod's memory limit with its peak",
  'verify-shim-cgroup': 'Check which cgroup the shim runs in (and so who its memory is charged to)',
  'verify-host-memory': 'Check whether the host ran out of memory',
  'verify-cgroup-limits': "Read the pod's other cgroup limits (memory.high, cpu.max, pids.max)",
  'verify-pids': 'Check the pid limits of the pod and the host',
  'verify-fds': 'Check file descriptors and inotify limits',
  'verify-disk': 'Check space and inodes where containerd and the kubelet write',
  'verify-hang': 'Look for hung tasks, lockups and panics',
  'verify-manual-kill': 'Find who sent the signal (audit log, shell history, userspace OOM killers)',
  'verify-shim-bug': 'Record the runtime versions and containerd stacks',
  'verify-runtime-error': "Read runc's errors in containerd's log",
  'verify-other': 'Read what Kubernetes and the node logged around the death',
};

export interface VerificationChoice {
  id: string;
  title: string;
}

/**
 * The verification steps the trainee can say they performed: every step the analysis can give,
 * in one fixed order, then the open questions (`gap:` steps) the analysis of what is revealed
 * asks, by title.
 */
export function verificationChoices(analysis: AnalysisResult | undefined): VerificationChoice[] {
  const fixed = VERIFICATION_STEP_IDS.map((id) => ({ id, title: VERIFICATION_TITLES[id] }));
  const gaps = (analysis?.steps.verification ?? [])
    .filter((s) => s.id.startsWith('gap:'))
    .map((s) => ({ id: s.id, title: s.title }))
    .sort((a, b) => a.title.localeCompare(b.title));
  return [...fixed, ...gaps];
}

/** `4 min 05 s`, `1 h 02 min`: time spent, to the second under an hour. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(sec).padStart(2, '0')} s`;
  return `${sec} s`;
}

/** The files revealed up to `step` that are not among the sources yet (by name). */
export function missingFiles(files: readonly string[], sourceNames: readonly string[]): string[] {
  const have = new Set(sourceNames);
  return files.filter((f) => !have.has(f));
}

/** The incident's title for an attempt: the list of incidents says it is an exercise. */
export const trainingTitle = (m: ScenarioManifest) => `Training: ${m.title}`;

/** The key evidence lines as the engine is asked to find them (their record's first line helps). */
export function referenceLines(m: ScenarioManifest): { file: string; line: number; recordStart?: number }[] {
  return m.keyEvidence.map((k) => ({
    file: k.file,
    line: k.line,
    ...(k.record ? { recordStart: k.record[0] } : {}),
  }));
}
