// The graded attempt as a document (issue 8 part 3): field values for templates/training-feedback.md,
// so the feedback page exports like every other document (Markdown, Obsidian, Confluence, HTML...)
// with each line it names as a footnote. The values are plain: text, lists, tables and EventRefs,
// escaped by the template's filters when rendered, never pre-built Markdown (trainee reasons and
// scenario text are untrusted). The trainer's notes are the one markdown field, as a trainer wrote them.
import type { AnalysisResult, Hypothesis } from '../analysis/model.ts';
import type { DocumentDraft, EventRef, FieldValue } from '../report/document-model.ts';
import { decidingLine } from './grade.ts';
import { splitLines } from './manifest.ts';
import type { GradeResult, ScenarioManifest, ScorePart, TraineeAnswer } from './model.ts';

export const FEEDBACK_TEMPLATE_ID = 'training-feedback';
/** Below this share of a part's points, the part is named in "what to practise next". */
const WEAK_SHARE = 0.6;
/** The longest excerpt an EventRef carries (document-model's promise). */
const EXCERPT_MAX = 300;

/** A score part's name, as the feedback page and the exported feedback both write it. */
export const PART_NAMES: Record<ScorePart, string> = {
  cause: 'Cause',
  evidence: 'Evidence',
  'ruling-out': 'Ruling out',
  verification: 'Verification',
  investigation: 'Investigation path',
  efficiency: 'Efficiency',
};

export interface FeedbackOptions {
  /** The scenario's files by name: footnotes then show each cited line's text. */
  files?: Record<string, string>;
  /** The analysis graded against: hypotheses by title instead of id. */
  analysis?: AnalysisResult;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const ref = (k: { file: string; line: number }) => `${k.file}:${k.line}`;

function walk(hs: readonly Hypothesis[]): Hypothesis[] {
  return hs.flatMap((h) => [h, ...walk(h.children)]);
}

function minutes(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return m === 0 ? `${s} s` : s === 0 ? `${m} min` : `${m} min ${s} s`;
}

/** A cited line as a document EventRef: the excerpt from the file when it was given. */
function lineRef(
  file: string,
  line: number,
  label: string,
  lines: (file: string) => string[] | undefined,
): EventRef {
  const text = lines(file)?.[line - 1] ?? '';
  const cut = Array.from(text);
  const excerpt = cut.length > EXCERPT_MAX ? `${cut.slice(0, EXCERPT_MAX - 1).join('')}…` : text;
  return { eventId: `${file}:${line}`, file, line, excerpt, time: null, label };
}

/** What to practise next: each weak part of the score, or a harder scenario when there is none. */
function practiseNext(r: GradeResult, m: ScenarioManifest, title: (id: string) => string): string[] {
  const out: string[] = [];
  const weak = new Set(r.breakdown.filter((l) => l.points < WEAK_SHARE * l.max).map((l) => l.part));
  const key = (i: number) => m.keyEvidence[i];
  const deciding = decidingLine(m, r.evidence);
  if (r.cause.verdict !== 'right' && deciding)
    out.push(`Reason from the deciding line, ${ref(deciding)}: ${deciding.why}`);
  if (weak.has('evidence')) {
    if (r.evidence.missed.length > 0)
      out.push(
        `Find the reference lines you missed and say what each shows: ${r.evidence.missed.map((i) => ref(key(i))).join(', ')}.`,
      );
    if (r.evidence.pins.length > 0 && r.evidence.precision < WEAK_SHARE)
      out.push('Pin only the lines an argument rests on: a pin is a claim that the line matters.');
  }
  if (weak.has('ruling-out')) {
    const invalid = r.rejections.filter((x) => !x.valid).map((x) => title(x.hypothesisId));
    out.push(
      invalid.length > 0
        ? `Rule out with a line, not a feeling: revisit ${invalid.join(', ')}.`
        : 'For each alternative, write down the line that excludes it before moving on.',
    );
  }
  if (weak.has('verification') && r.verification.skipped.length > 0)
    out.push(`Verify before concluding: ${r.verification.skipped.map((s) => s.title ?? s.id).join('; ')}.`);
  if (weak.has('investigation'))
    out.push('Before each reveal, pick from the gap list what you would check next, and why.');
  if (weak.has('efficiency')) out.push('Play it again step by step, without hints.');
  if (out.length === 0)
    out.push(
      m.difficulty === 'intro'
        ? 'Try an intermediate scenario.'
        : m.difficulty === 'intermediate'
          ? 'Try an advanced scenario.'
          : 'Turn one of your own incidents into a drill for the team (Save as scenario).',
    );
  return out;
}

/**
 * The field values of templates/training-feedback.md for a graded attempt, by field name. Every
 * field of the template is given (a document made from this shows no empty section by accident).
 */
export function feedbackDocument(
  result: GradeResult,
  manifest: ScenarioManifest,
  answer: TraineeAnswer,
  opts: FeedbackOptions = {},
): Record<string, FieldValue> {
  const titles = new Map(walk(opts.analysis?.hypotheses ?? []).map((h) => [h.id, h.title]));
  const title = (id: string) => titles.get(id) ?? id;
  const split = new Map<string, string[]>();
  const lines = (file: string) => {
    const files = opts.files;
    const text = files && Object.hasOwn(files, file) ? files[file] : undefined;
    if (text === undefined) return undefined;
    let l = split.get(file);
    if (!l) {
      l = splitLines(text);
      split.set(file, l);
    }
    return l;
  };
  const r = result;
  const e = r.evidence;
  const keys = manifest.keyEvidence;

  const pinned = e.pins.map((p) => {
    const span = p.lineEnd > p.line ? ` (lines ${p.line}-${p.lineEnd})` : '';
    const label =
      p.matches.length > 0
        ? `Reference line${span}: ${p.matches.map((i) => keys[i].why).join(' / ')}`
        : `Not a reference line${span}`;
    return lineRef(p.file, p.line, label, lines);
  });
  const found = new Set(e.found);
  const reference = keys.map((k, i) =>
    lineRef(
      k.file,
      k.line,
      `${found.has(i) ? 'Found' : 'Missed'}${k.required ? ' (required)' : ''}: ${k.why}`,
      lines,
    ),
  );
  const missed = e.requiredMissed.map((i) => lineRef(keys[i].file, keys[i].line, keys[i].why, lines));

  const invalid = r.rejections.filter((x) => !x.valid).length;
  const summary = [
    `Cause ${r.cause.verdict}.`,
    `${e.found.length} of ${keys.length} reference lines found (recall ${pct(e.recall)}, precision ${pct(e.precision)}).`,
    r.rejections.length === 0
      ? 'Nothing ruled out.'
      : `${r.rejections.length - invalid} of ${r.rejections.length} rejections valid.`,
    r.verification.expected.length === 0
      ? ''
      : `${r.verification.done.length} of ${r.verification.expected.length} verification steps done.`,
    `${minutes(r.efficiency.seconds)}, ${r.efficiency.hintsUsed} hint${r.efficiency.hintsUsed === 1 ? '' : 's'}.`,
  ]
    .filter((s) => s !== '')
    .join(' ');

  return {
    scenario: manifest.title,
    scenario_id: manifest.id,
    difficulty: manifest.difficulty,
    trainee: '',
    score: `${r.score} / 100`,
    cause_verdict: r.cause.verdict,
    cause_explanation: r.cause.explanation,
    answer: answer.cause.trim() === '' ? '' : title(answer.cause.trim()),
    ranking: answer.ranking.map(title),
    summary,
    time_spent: `${minutes(r.efficiency.seconds)} (par ${minutes(r.efficiency.parSeconds)}), ${r.efficiency.hintsUsed} hint${r.efficiency.hintsUsed === 1 ? '' : 's'}, ${r.efficiency.revealedAll ? 'every source at once' : 'step by step'}`,
    dimensions: [
      ['Dimension', 'How you did', 'What to strengthen'],
      ...r.dimensions.map((d) => [d.dimension, d.how, d.strengthen]),
    ],
    breakdown: [
      ['Part', 'Points', 'Out of', 'How it is counted'],
      ...r.breakdown.map((l) => [PART_NAMES[l.part], String(l.points), String(l.max), l.how]),
      ['Total', String(r.score), '100', ''],
    ],
    pinned,
    reference,
    missed,
    rulings: [
      ['Hypothesis', 'Your reason', 'Valid', 'Why'],
      ...r.rejections.map((x) => [title(x.hypothesisId), x.reason, x.valid ? 'yes' : 'no', x.why]),
    ],
    skipped_verification: [
      ['Step', 'Commands'],
      ...r.verification.skipped.map((s) => [s.title ?? s.id, s.commands.join(' ; ')]),
    ],
    checks: [
      ['Step', 'What you checked', 'Useful', 'Why'],
      ...r.checks.map((c) => [
        String(c.atStep),
        c.gapId !== undefined && c.command.trim() === '' ? c.gapId : c.command,
        c.useful ? 'yes' : 'no',
        c.anticipated ? `${c.why} (ahead of the story)` : c.why,
      ]),
    ],
    learning_goals: [...manifest.learningGoals],
    practise_next: practiseNext(r, manifest, title),
    trainer_notes: manifest.trainerNotes,
  };
}

/** The document draft of a graded attempt: the template's id, a title naming the scenario, the values. */
export function feedbackDraft(
  result: GradeResult,
  manifest: ScenarioManifest,
  answer: TraineeAnswer,
  opts: FeedbackOptions = {},
): DocumentDraft {
  return {
    templateId: FEEDBACK_TEMPLATE_ID,
    title: `Training feedback: ${manifest.title}`,
    values: feedbackDocument(result, manifest, answer, opts),
    edited: [],
    sections: [],
  };
}
