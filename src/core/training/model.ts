// Training mode's contracts (issue 8): a scenario is a folder public/scenarios/<id>/ holding a
// manifest.json (ScenarioManifest) and the source files it names. The trainee replays it (the
// symptom first, then the sources step by step), commits a TraineeAnswer, and grade.ts compares
// it with the manifest's reference: the cause, the key evidence lines, the valid rejections and
// the verification steps. Plain data: manifests come from JSON (possibly another trainer's
// export), answers and results cross postMessage and are kept with the attempt. docs/training.md.
import type { CauseId, Verdict } from '../analysis/model.ts';
import type { SymptomKind } from '../analysis/symptoms.ts';

/** The manifest version this build reads; validateManifest refuses any other. */
export const SCENARIO_SCHEMA_VERSION = 1;

export const DIFFICULTIES = ['intro', 'intermediate', 'advanced'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

/**
 * The symptom as the replay hands it to the analysis (AnalysisOptions.userSymptoms) when the
 * scenario's logs alone do not name it: a userSymptom() of this kind, title and ids.
 */
export interface NamedSymptom {
  kind: SymptomKind;
  title: string;
  container?: string;
  /** `namespace/name`. */
  pod?: string;
  /** ISO-8601 with a zone (`2025-11-24T07:48:16Z`): when the symptom was seen. */
  time?: string;
}

/** What the trainee is told at step 0, before any source. */
export interface ScenarioSymptom {
  /** One line: "checkout pod Unknown on k8s-worker-21". */
  title: string;
  /** The page or ticket as an on-call engineer would get it (plain text). */
  text: string;
  named?: NamedSymptom;
}

/** One source file of the scenario folder. */
export interface ScenarioSource {
  /** File name inside the folder (no path): `dmesg.txt`. */
  file: string;
  /** What it is, in words: "kernel ring buffer". */
  title: string;
  /** The command that collected it on the node: `dmesg`, `journalctl -u containerd`. */
  command: string;
}

/** A reveal step: what the trainee is shown next. Step 0 is the symptom and may reveal no file. */
export interface RevealStep {
  title: string;
  /** What happens in the story at this step (what the on-call engineer did or was told). */
  narrative: string;
  /** Source files revealed at this step (each source is revealed by exactly one step). */
  files: string[];
}

export interface Hint {
  text: string;
  /** Offered from this step on (0-based index into `reveal`); absent: from the start. */
  afterStep?: number;
}

/** An answer that earns "partly": the right mechanism at the wrong level, the right cause's sibling... */
export interface PartialAnswer {
  /** Exactly one of `cause` and `hypothesis`: a cause matches any answer of that cause. */
  cause?: CauseId;
  /** A hypothesis id (`oom-kill-host/shim`): matches that answer only. */
  hypothesis?: string;
  /** What is right in it and what is not, shown to the trainee. */
  why: string;
}

export interface ExpectedAnswer {
  cause: CauseId;
  /** The child the scenario teaches (`oom-kill-cgroup/shim`), when there is one. */
  hypothesis?: string;
  partial?: PartialAnswer[];
}

/** A line the reasoning should rest on. */
export interface KeyEvidence {
  /** A source file of the manifest. */
  file: string;
  /** 1-based line of that file; not blank. */
  line: number;
  /** Why it matters, one sentence (shown after grading). */
  why: string;
  /** Missing it is called out in the feedback (the lines that decide the cause). */
  required?: boolean;
  /**
   * The 1-based inclusive line span of the multi-line record `line` belongs to (a kernel OOM
   * report, a JSON object): a pin anywhere in it counts. Absent: the line alone.
   */
  record?: [number, number];
  /**
   * The same line in another source, as `file:line` (dmesg and `journalctl -k` print the same
   * kernel line): a pin on one of these counts for this key line too.
   */
  also?: string[];
}

/** What makes a rejection of one hypothesis valid, beyond the engine's verdict. */
export interface ValidRejection {
  /**
   * A valid reason cites or mentions one of these: `file:line` evidence refs (cited, or written
   * in the reason) or keywords (case-insensitive, in the reason). Absent or empty: the scenario
   * accepts any reasoned rejection of it.
   */
  requires?: string[];
}

export interface ScenarioManifest {
  schemaVersion: typeof SCENARIO_SCHEMA_VERSION;
  /** Slug, the folder's name: `shim-memcg-oom`. */
  id: string;
  title: string;
  difficulty: Difficulty;
  /** One paragraph for the scenario list (does not give the answer away). */
  summary: string;
  learningGoals: string[];
  symptom: ScenarioSymptom;
  sources: ScenarioSource[];
  reveal: RevealStep[];
  hints: Hint[];
  expected: ExpectedAnswer;
  keyEvidence: KeyEvidence[];
  /** By hypothesis id (a cause id covers its children): the alternatives a good answer rules out. */
  validRejections?: Record<string, ValidRejection>;
  /** Verification step ids (analysis steps.verification ids) a good answer performs. */
  verification: string[];
  /** Markdown for the trainer and, after grading, the trainee. */
  trainerNotes: string;
}

// ---------------------------------------------------------------- the trainee's answer

/** A line as the trainee cites it: by file and line, or by the event id the timeline gave. */
export type LineCite = { file: string; line: number } | { eventId: string };

/** Where an event id points: file and 1-based line, and the record's last line when it spans several. */
export interface EventLocation {
  file: string;
  line: number;
  lineEnd?: number;
}

export interface TraineeRejection {
  hypothesisId: string;
  reason: string;
  cites: LineCite[];
}

/** "What I would check next": a gap picked from the list, or a command typed, at a reveal step. */
export interface TraineeCheck {
  gapId?: string;
  command: string;
  /** The reveal step it was asked at (0-based). */
  atStep: number;
}

export interface TraineeAnswer {
  /** The hypothesis or cause id committed to. */
  cause: string;
  /** Hypothesis ids, best first. */
  ranking: string[];
  pinned: LineCite[];
  rejected: TraineeRejection[];
  checks: TraineeCheck[];
  /** Verification step ids the trainee performed or named. */
  verificationDone: string[];
  hintsUsed: number;
  seconds: number;
  /** The trainee asked for every source at once instead of stepping. */
  revealedAll: boolean;
}

// ---------------------------------------------------------------- the grade

export type CauseVerdict = 'right' | 'partly' | 'wrong';

export interface CauseGrade {
  verdict: CauseVerdict;
  /** What the trainee answered and what the scenario expects (hypothesis ids or cause ids). */
  answer: string;
  expected: string;
  /** Why this verdict, in a sentence or two. */
  explanation: string;
  /** 1-based place of the expected cause in the trainee's ranking, null when absent. */
  rankOfExpected: number | null;
}

/** One pin after resolution: its lines and the key evidence it matches (indexes into keyEvidence). */
export interface PinGrade {
  file: string;
  line: number;
  lineEnd: number;
  matches: number[];
}

export interface EvidenceGrade {
  /** Correct pins / pins (0 with no pins). */
  precision: number;
  /** Key lines found / key lines. */
  recall: number;
  pins: PinGrade[];
  /** keyEvidence indexes a pin matched / none did / required ones none did. */
  found: number[];
  missed: number[];
  requiredMissed: number[];
  /** Event ids eventRef could not place: left out of precision and recall. */
  unresolved: string[];
}

export interface RejectionGrade {
  hypothesisId: string;
  reason: string;
  valid: boolean;
  why: string;
  /** The engine's verdict for it, when the analysis has the hypothesis. */
  engineVerdict?: Verdict;
}

export interface SkippedStep {
  id: string;
  /** From the analysis' step, when there is one. */
  title?: string;
  commands: string[];
}

export interface VerificationGrade {
  expected: string[];
  done: string[];
  skipped: SkippedStep[];
}

export interface CheckGrade {
  command: string;
  gapId?: string;
  atStep: number;
  useful: boolean;
  why: string;
  /** It asked for a source that a later step revealed: the trainee was ahead of the story. */
  anticipated: boolean;
}

export interface EfficiencyGrade {
  seconds: number;
  /** The time the scoring treats as par: PAR_SECONDS_PER_STEP per reveal step. */
  parSeconds: number;
  hintsUsed: number;
  revealedAll: boolean;
}

export const SCORE_PARTS = [
  'cause',
  'evidence',
  'ruling-out',
  'verification',
  'investigation',
  'efficiency',
] as const;
export type ScorePart = (typeof SCORE_PARTS)[number];

/** One line of the score: points earned out of the part's maximum, and how they were counted. */
export interface ScoreLine {
  part: ScorePart;
  points: number;
  max: number;
  how: string;
}

/** A row of the feedback table (the seed's module 2 summary): dimension | how you did | what to strengthen. */
export interface DimensionRow {
  dimension: string;
  how: string;
  strengthen: string;
}

export interface GradeResult {
  /** 0..100: the sum of the breakdown's points. */
  score: number;
  breakdown: ScoreLine[];
  cause: CauseGrade;
  evidence: EvidenceGrade;
  rejections: RejectionGrade[];
  verification: VerificationGrade;
  checks: CheckGrade[];
  efficiency: EfficiencyGrade;
  dimensions: DimensionRow[];
}

// ---------------------------------------------------------------- the attempt, kept with its incident

/**
 * One replay of a scenario, in progress or graded: what the replay recorded so far, the answer
 * once committed and its grade. Saved with the incident it was played in (IncidentState.training,
 * saved state v6), so a reload resumes it and the feedback stays what it was at commit.
 */
export interface TrainingAttempt {
  /** The scenario as it was when the attempt started: the grade compares with this one. */
  manifest: ScenarioManifest;
  /**
   * Where its files are read: null for the app's own folder (public/scenarios/<manifest.id>/),
   * else the id of a scenario kept in this browser (saved from an incident or imported).
   */
  localScenarioId: string | null;
  /** The reveal step reached (0-based; 0 = the symptom). */
  step: number;
  /** The trainee asked for every remaining source at once. */
  revealedAll: boolean;
  /** Hints shown (in the order hintsAt offers them). */
  hintsUsed: number;
  checks: TraineeCheck[];
  /** Hypothesis ids, most likely first, as the trainee left them ([] = not ranked yet). */
  ranking: string[];
  rejected: TraineeRejection[];
  /** Epoch ms. */
  startedAt: number;
  /**
   * Time spent, in ms: only while the page showed the attempt (clock.ts). The page folds the
   * stretch it is counting into this every minute, when hidden and at commit; the answer's
   * `seconds` is this at commit. Attempts saved before it existed read back with the answer's
   * seconds when committed, else 0 (how long they were shown is not known).
   */
  activeMs: number;
  /** Epoch ms of the commit; null while the attempt is open. */
  committedAt: number | null;
  /** What was committed (set with committedAt). */
  answer: TraineeAnswer | null;
  /** Its grade; null while grading (or when a saved grade could not be read back: graded again). */
  result: GradeResult | null;
}
