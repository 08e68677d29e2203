// The graded attempt: the score and its breakdown, the seed's module 2 table (dimension | how you
// did | what to strengthen), the cause with its explanation, the pins against the reference lines
// (each reference line a link to it on the Timeline), the rulings, the verification skipped, the
// checks, the trainer's notes, and Export feedback (the training-feedback document, then the
// Document tab). Everything shown comes from the saved grade: it stays what it was at commit.
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { FEEDBACK_TEMPLATE_ID, feedbackDraft, PART_NAMES } from '../../core/training/feedback.ts';
import type { GradeResult, TrainingAttempt } from '../../core/training/model.ts';
import { useAnalysisOptions, useSources } from '../../state/queries.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import {
  useLineEvents,
  useScenarioGone,
  useScenarioTexts,
  useTrainingAnalysis,
} from '../../state/training.ts';
import { Box } from './box.tsx';
import { choicesOf, formatDuration, missingFiles, referenceLines, titlesOf } from './training-model.ts';
import type { TrainingActions } from './use-training.ts';

// react-markdown and its plugins load with the notes, not with the app.
const TrainerNotes = lazy(() => import('./trainer-notes.tsx').then((m) => ({ default: m.TrainerNotes })));

const pct = (x: number) => `${Math.round(x * 100)} %`;
const VERDICT_TEXT = { right: 'Right', partly: 'Partly right', wrong: 'Wrong' } as const;

/** A `file:line` that shows the line on the Timeline once the engine has placed it. */
function LineLink({ file, line, eventId }: { file: string; line: number; eventId: string | undefined }) {
  const revealEvent = useWorkbenchStore((s) => s.revealEvent);
  const ref = `${file}:${line}`;
  if (!eventId) return <code className="tr-mono">{ref}</code>;
  return (
    <button
      type="button"
      className="tr-link tr-mono"
      onClick={() => revealEvent(eventId)}
      aria-label={`Show ${ref} in the timeline`}
    >
      {ref}
    </button>
  );
}

function ScoreHeader({ result, attempt }: { result: GradeResult; attempt: TrainingAttempt }) {
  const { cause } = result;
  return (
    <div className="tr-score-head">
      <div
        className={`tr-score tr-score-${result.score >= 80 ? 'high' : result.score >= 50 ? 'mid' : 'low'}`}
      >
        <span className="tr-score-n">{result.score}</span>
        <span className="tr-score-of">/ 100</span>
      </div>
      <div className="tr-cause">
        <p>
          Cause:{' '}
          <span className={`tr-verdict tr-verdict-${cause.verdict}`}>{VERDICT_TEXT[cause.verdict]}</span>
        </p>
        <p className="tr-cause-text">{cause.explanation}</p>
        <p className="tr-muted">
          Time {formatDuration(result.efficiency.seconds)} (par {formatDuration(result.efficiency.parSeconds)}
          ) · {result.efficiency.hintsUsed} {result.efficiency.hintsUsed === 1 ? 'hint' : 'hints'} ·{' '}
          {attempt.revealedAll ? 'revealed all at once' : 'revealed step by step'}
        </p>
      </div>
    </div>
  );
}

export function FeedbackView({
  attempt,
  actions,
  ready,
  onTryAgain,
  onOthers,
}: {
  attempt: TrainingAttempt;
  actions: TrainingActions;
  /** The incident is restored: grading may add the sources it still lacks. */
  ready: boolean;
  onTryAgain: () => void;
  onOthers: () => void;
}) {
  const m = attempt.manifest;
  const { result, answer } = attempt;
  const [gradeError, setGradeError] = useState<string | null>(null);
  const setDocumentDraft = useWorkbenchStore((s) => s.setDocumentDraft);
  const setDocumentTemplate = useWorkbenchStore((s) => s.setDocumentTemplate);
  const setActivePanel = useWorkbenchStore((s) => s.setActivePanel);

  // Just committed, or the saved grade did not read back: grade the kept answer.
  useEffect(() => {
    if (!ready || result || !answer || gradeError) return;
    actions.gradeNow().catch((e: unknown) => setGradeError(e instanceof Error ? e.message : String(e)));
  }, [ready, result, answer, actions, gradeError]);

  const analysis = useTrainingAnalysis(useAnalysisOptions(), { enabled: result !== null });
  const titles = useMemo(() => titlesOf(choicesOf(analysis.data)), [analysis.data]);
  const title = (id: string) => titles.get(id) ?? id;
  const texts = useScenarioTexts(result ? attempt : null);
  const refs = useMemo(() => {
    const keys = referenceLines(m);
    const pins = (result?.evidence.pins ?? []).map((p) => ({ file: p.file, line: p.line }));
    return [...keys, ...pins];
  }, [m, result]);
  const events = useLineEvents(refs, { enabled: result !== null });
  // A kept scenario deleted since: Try again cannot read it; graded before the last steps were
  // revealed, the grade rests on fewer sources than the scenario has.
  const gone = useScenarioGone(attempt);
  const { data: sources } = useSources();
  const absent =
    gone && ready && sources
      ? missingFiles(
          m.sources.map((x) => x.file),
          sources.map((x) => x.name),
        )
      : [];
  const eventOf = (file: string, line: number) => events.data?.[`${file}:${line}`];

  if (!answer) return null;
  if (!result)
    return (
      <div className="tr-feedback">
        <h2>Feedback: {m.title}</h2>
        {gradeError ? (
          <>
            <p className="an-error" role="alert">
              The answer could not be graded: {gradeError}
            </p>
            <button type="button" className="btn" onClick={() => setGradeError(null)}>
              Grade again
            </button>
          </>
        ) : (
          <p className="tr-muted" role="status">
            Grading your answer: the remaining sources are added and the whole incident is analysed…
          </p>
        )}
      </div>
    );

  const { evidence } = result;
  const exportFeedback = () => {
    const draft = feedbackDraft(result, m, answer, {
      ...(texts.data ? { files: texts.data } : {}),
      ...(analysis.data ? { analysis: analysis.data } : {}),
    });
    // Every field is the grade's, not the analysis's: marked as the author's so that "Fill from
    // the analysis" on the Document tab keeps them.
    setDocumentDraft({ ...draft, edited: Object.keys(draft.values) });
    setDocumentTemplate(FEEDBACK_TEMPLATE_ID);
    setActivePanel('document');
  };
  const exportReady = !texts.isPending && !analysis.isPending;

  return (
    <div className="tr-feedback">
      <header className="tr-head">
        <div>
          <p className="tr-kicker">
            Feedback · <span className={`tr-difficulty tr-difficulty-${m.difficulty}`}>{m.difficulty}</span>
          </p>
          <h2>{m.title}</h2>
        </div>
        <div className="tr-row">
          <button
            type="button"
            className="btn btn-primary"
            disabled={!exportReady}
            aria-busy={!exportReady}
            onClick={exportFeedback}
          >
            Export feedback
          </button>
          <button
            type="button"
            className="btn"
            onClick={onTryAgain}
            disabled={gone}
            title={gone ? `“${m.title}” is no longer kept in this browser` : undefined}
          >
            Try again
          </button>
          <button type="button" className="btn" onClick={onOthers}>
            Other scenarios
          </button>
        </div>
      </header>

      <ScoreHeader result={result} attempt={attempt} />
      {gone && (
        <p className="tr-gone" role="note">
          “{m.title}” was deleted from this browser: this feedback stays. To play it again, import its
          .scenario.zip and start it from the scenario list.
          {absent.length > 0 &&
            ` It was graded without ${absent.length} of its ${m.sources.length} sources (${absent.join(', ')}), deleted before they were revealed: the reference lines in them count as missed.`}
        </p>
      )}
      <p className="tr-muted">
        Your answer: <strong>{title(answer.cause)}</strong>
        {result.cause.rankOfExpected !== null &&
          ` · you ranked the expected cause #${result.cause.rankOfExpected}`}
        {' · '}The Analysis tab is open again: compare with what the engine concluded.
      </p>

      <Box id="tr-dim-title" title="How you did">
        <table className="tr-table" aria-labelledby="tr-dim-title">
          <thead>
            <tr>
              <th scope="col">Dimension</th>
              <th scope="col">How you did</th>
              <th scope="col">What to strengthen</th>
            </tr>
          </thead>
          <tbody>
            {result.dimensions.map((d) => (
              <tr key={d.dimension}>
                <th scope="row">{d.dimension}</th>
                <td>{d.how}</td>
                <td>{d.strengthen}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Box>

      <Box id="tr-score-title" title="Score breakdown">
        <table className="tr-table tr-breakdown" aria-labelledby="tr-score-title">
          <thead>
            <tr>
              <th scope="col">Part</th>
              <th scope="col" className="tr-num">
                Points
              </th>
              <th scope="col">How it is counted</th>
            </tr>
          </thead>
          <tbody>
            {result.breakdown.map((l) => (
              <tr key={l.part}>
                <th scope="row">{PART_NAMES[l.part]}</th>
                <td className="tr-num">
                  {l.points} / {l.max}
                </td>
                <td>{l.how}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td className="tr-num">{result.score} / 100</td>
              <td />
            </tr>
          </tfoot>
        </table>
      </Box>

      <Box id="tr-ev-title" title="Evidence">
        <p>
          Evidence recall <strong>{pct(evidence.recall)}</strong> ({evidence.found.length} of{' '}
          {m.keyEvidence.length} reference lines) · precision <strong>{pct(evidence.precision)}</strong> (
          {evidence.pins.filter((p) => p.matches.length > 0).length} of {evidence.pins.length} pins on a
          reference line)
        </p>
        <div className="tr-two">
          <div>
            <h4 className="tr-small-head">Your pins</h4>
            {evidence.pins.length === 0 ? (
              <p className="tr-muted">You pinned no line.</p>
            ) : (
              <ul className="tr-lines" aria-label="Your pins">
                {evidence.pins.map((p) => (
                  <li key={`${p.file}:${p.line}`} className={p.matches.length > 0 ? 'is-hit' : 'is-miss'}>
                    <LineLink file={p.file} line={p.line} eventId={eventOf(p.file, p.line)} />{' '}
                    <span className="tr-muted">
                      {p.matches.length > 0 ? 'a reference line' : 'not a reference line'}
                    </span>
                  </li>
                ))}
              </ul>
            )}
            {evidence.unresolved.length > 0 && (
              <p className="tr-muted">Not counted (their source is gone): {evidence.unresolved.join(', ')}</p>
            )}
          </div>
          <div>
            <h4 className="tr-small-head">Reference lines</h4>
            <ul className="tr-lines" aria-label="Reference lines">
              {m.keyEvidence.map((k, i) => {
                const found = evidence.found.includes(i);
                return (
                  <li key={`${k.file}:${k.line}`} className={found ? 'is-hit' : 'is-miss'}>
                    <LineLink file={k.file} line={k.line} eventId={eventOf(k.file, k.line)} />{' '}
                    <span className={`tr-tag ${found ? 'tr-tag-ok' : 'tr-tag-miss'}`}>
                      {found ? 'found' : 'missed'}
                    </span>
                    {k.required && <span className="tr-tag">required</span>}
                    <span className="tr-why">{k.why}</span>
                  </li>
                );
              })}
            </ul>
          </div>
        </div>
      </Box>

      <Box id="tr-rul-title" title="Rulings">
        {result.rejections.length === 0 ? (
          <p className="tr-muted">You ruled nothing out.</p>
        ) : (
          <table className="tr-table" aria-labelledby="tr-rul-title">
            <thead>
              <tr>
                <th scope="col">Hypothesis</th>
                <th scope="col">Your reason</th>
                <th scope="col" className="tr-nowrap">
                  Valid
                </th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {result.rejections.map((r) => (
                <tr key={r.hypothesisId}>
                  <th scope="row">{title(r.hypothesisId)}</th>
                  <td>{r.reason}</td>
                  <td className="tr-nowrap">{r.valid ? 'yes' : 'no'}</td>
                  <td>{r.why}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Box>

      <Box id="tr-ver-title" title="Verification skipped">
        {result.verification.skipped.length === 0 ? (
          <p className="tr-muted">None: every expected verification step was done.</p>
        ) : (
          <ul className="tr-skipped" aria-label="Verification skipped">
            {result.verification.skipped.map((s) => (
              <li key={s.id}>
                <p>{s.title ?? s.id}</p>
                {s.commands.map((c) => (
                  <code key={c} className="tr-command">
                    {c}
                  </code>
                ))}
              </li>
            ))}
          </ul>
        )}
      </Box>

      {result.checks.length > 0 && (
        <Box id="tr-chk-title" title="What you checked along the way">
          <table className="tr-table" aria-labelledby="tr-chk-title">
            <thead>
              <tr>
                <th scope="col" className="tr-nowrap">
                  Step
                </th>
                <th scope="col">What you checked</th>
                <th scope="col" className="tr-nowrap">
                  Useful
                </th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {result.checks.map((c, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a saved grade's rows never move, and a check may repeat
                <tr key={`${i}-${c.command}`}>
                  <td className="tr-nowrap">{c.atStep}</td>
                  <td>
                    <code>{c.command || c.gapId}</code>
                  </td>
                  <td className="tr-nowrap">{c.useful ? 'yes' : 'no'}</td>
                  <td>
                    {c.why}
                    {c.anticipated ? ' (ahead of the story)' : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Box>
      )}

      <Box id="tr-goals-title" title="Learning goals">
        <ul className="tr-goals">
          {m.learningGoals.map((g) => (
            <li key={g}>{g}</li>
          ))}
        </ul>
      </Box>

      <Box id="tr-notes-title" title="Trainer's notes">
        {m.trainerNotes.trim() === '' ? (
          <p className="tr-muted">The scenario has no notes.</p>
        ) : (
          <Suspense fallback={<p className="tr-muted">Loading the notes…</p>}>
            <TrainerNotes markdown={m.trainerNotes} />
          </Suspense>
        )}
      </Box>
    </div>
  );
}
