// The analysis contracts (issue 5, DESIGN.md section 3 "Causes" and section 5 `analyze --json`):
// findings (rules.ts) and symptoms (symptoms.ts) go in, a cause-hypothesis tree comes out. Plain
// data only: the result crosses postMessage to the UI and is printed by `rca analyze --json`.
import type { FormatId } from '../model/event.ts';
import type { Finding } from './rule-schema.ts';
import type { Symptom } from './symptoms.ts';

/** The cause ids of DESIGN.md section 3, in the order the tree lists them when scores tie. */
export const CAUSE_IDS = [
  'oom-kill-cgroup',
  'oom-kill-host',
  'cgroup-limit-other',
  'pid-exhaustion',
  'fd-exhaustion',
  'disk-full',
  'kernel-hang',
  'manual-or-automation-kill',
  'shim-bug-or-deadlock',
  'runtime-error',
  'other',
] as const;
export type CauseId = (typeof CAUSE_IDS)[number];

export const VERDICTS = ['supported', 'likely', 'open', 'unlikely', 'refuted'] as const;
export type Verdict = (typeof VERDICTS)[number];

/**
 * What produced a source's lines, for negative evidence: a missing `Killed process` line argues
 * against an OOM kill only where a kernel log covers that second.
 */
export type Producer =
  | 'kernel' // dmesg in any form, journalctl -k, kernel lines in a journal or syslog
  | 'containerd' // containerd's own log (journal, syslog, bare logfmt)
  | 'kubelet' // kubelet's log (journal, klog) and kubectl events
  | 'systemd' // systemd's own lines (unit results, systemd-oomd)
  | 'runtime-state' // state tables and dumps: crictl, ctr, docker, runc, kubectl get/describe
  | 'other';

/** One evidence item for or against a hypothesis. */
export interface Evidence {
  /** Stable within its hypothesis (`finding:<finding id>`, `absence:kernel-oom`...). */
  id: string;
  kind: 'finding' | 'symptom' | 'join' | 'absence' | 'analyst';
  /** Strength 0..1: 0.9 a line that states it, 0.5 a line that suggests it, 0.1-0.2 a hint. */
  weight: number;
  /** One sentence: what this shows and why it counts ("pid 2150 killed by the memcg OOM killer is the shim of sandbox afcf4efe9792"). */
  text: string;
  findingId?: string;
  symptomId?: string;
  /** The lines it rests on (event ids `${source}:${line}`), first the deciding one; empty for an absence. */
  eventIds: string[];
  /** For an absence: what was looked for, where, and over which time. */
  coverage?: {
    searched: string;
    producer: Producer;
    sources: string[];
    /** Epoch µs (null = the whole source). */
    from: number | null;
    to: number | null;
  };
}

/** What to collect next, with the exact command, filled with the incident's ids and times. */
export interface Gap {
  /** Stable within the result (`kernel-log`, `memory-events:<pod uid>`...): the same ask from two hypotheses is one gap. */
  id: string;
  /** One sentence: what to collect and what it would settle. */
  ask: string;
  /** The shell command to run on the node, ids and times filled in. */
  command: string;
  /** The format its output will have (for the paste box), when known. */
  format?: FormatId;
  /** Causes whose verdict the output can move. */
  settles: CauseId[];
}

export interface Hypothesis {
  /** A cause id, or `<cause>/<child>` for a child (`oom-kill-cgroup/shim`). */
  id: string;
  cause: CauseId;
  title: string;
  /** 0..1, comparable across hypotheses: the tree is sorted by it. */
  score: number;
  verdict: Verdict;
  /** One sentence: why this verdict. */
  reason: string;
  for: Evidence[];
  against: Evidence[];
  gaps: Gap[];
  children: Hypothesis[];
  /** Symptom ids it would explain. */
  explains: string[];
  /** The analyst's decision on it, when there is one (the engine's verdict stays beside it). */
  decision?: AnalystDecision;
  /** True for a hypothesis the analyst added (custom:<slug>). */
  custom?: boolean;
}

/** Accept / reject / mark open, with a note: the analyst's word next to the engine's verdict. */
export interface AnalystDecision {
  state: 'accepted' | 'rejected' | 'open';
  note: string;
}

/** A hypothesis the analyst adds, with the events they attach for and against it. */
export interface CustomHypothesis {
  /** `custom:<slug>`. */
  id: string;
  title: string;
  /** Hang it below this cause (a child); absent: a top-level hypothesis of cause `other`. */
  parent?: CauseId;
  note?: string;
  /** Event ids (`${source}:${line}`) that support it / speak against it. */
  for: string[];
  against: string[];
}

/** What the analyst adds to an analysis: named symptoms, own hypotheses, decisions by hypothesis id. */
export interface AnalysisOptions {
  userSymptoms?: Symptom[];
  custom?: CustomHypothesis[];
  decisions?: Record<string, AnalystDecision>;
}

/** A verification or remediation step for the winning branch, filled with the incident's ids. */
export interface Step {
  id: string;
  title: string;
  /** Why and what to look for in the output. */
  detail: string;
  /** Shell commands, ids filled; empty when the step is a decision or a manual check. */
  commands: string[];
  /** For remediation: the branch it belongs to ("metadata intact", "metadata lost"); empty = always. */
  branch?: string;
}

/** What one source covers, for negative evidence and for the gap list. */
export interface SourceCoverage {
  sourceId: string;
  name: string;
  formats: FormatId[];
  /** Per producer: events, and the first and last timed event (epoch µs; null when untimed). */
  producers: Partial<Record<Producer, { events: number; from: number | null; to: number | null }>>;
}

export interface AnalysisVerdict {
  cause: CauseId | 'unknown';
  /** Who decided: the engine's weighing, or the analyst who accepted a hypothesis. */
  by: 'engine' | 'analyst';
  /** The winning hypothesis id (a child when one stands out), absent when unknown. */
  hypothesis?: string;
  /** 0..1: the winner's score, or for unknown the best score seen. */
  confidence: number;
  reason: string;
}

export interface AnalysisResult {
  symptoms: Symptom[];
  findings: Finding[];
  /** Best first (score, then CAUSE_IDS order); children inside, best first too. */
  hypotheses: Hypothesis[];
  verdict: AnalysisVerdict;
  /** Every gap of every open hypothesis, deduplicated by id, in hypothesis order. */
  gaps: Gap[];
  /** Verification and remediation for the winning branch (the seed's RCA, ids filled). */
  steps: { verification: Step[]; remediation: Step[] };
  coverage: SourceCoverage[];
  /** Where the ids come from: the containers, sandboxes and pods the symptoms name. */
  focus: Focus;
}

/** The incident the symptoms describe: whom they name and when. */
export interface Focus {
  /** Container ids (full 64-hex where any input gives it). */
  containers: string[];
  sandboxes: string[];
  /** `namespace/name` and / or UIDs. */
  pods: string[];
  /** Epoch µs of the earliest timed symptom (its first line), or null. */
  time: number | null;
  symptomIds: string[];
}
