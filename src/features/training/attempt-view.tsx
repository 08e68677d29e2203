// The exercise before commit: the story so far (the symptom, each revealed step and its files),
// Reveal next / Reveal all, hints, and the trainee's work: what they would check next, their
// ranking of the hypotheses (titles only), what they ruled out and why, the lines they pinned in
// the timeline, and the commit. Nothing here shows what the engine concluded.
import { useId, useMemo, useState } from 'react';
import { PAR_SECONDS_PER_STEP } from '../../core/training/grade.ts';
import type { TrainingAttempt } from '../../core/training/model.ts';
import { useAnalysisOptions, useEventRows } from '../../state/queries.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import { useScenarioGone, useTrainingAnalysis } from '../../state/training.ts';
import { useVisibleMs } from './attempt-clock.ts';
import { Box } from './box.tsx';
import {
  type Choice,
  choicesOf,
  formatDuration,
  gapsOf,
  rankedChoices,
  titlesOf,
  verificationChoices,
} from './training-model.ts';
import { hintsOffered, type TrainingActions } from './use-training.ts';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The time spent so far: only while the page is shown (attempt-clock.ts), beside the par. */
export function Elapsed({ attempt }: { attempt: TrainingAttempt }) {
  const seconds = Math.floor(useVisibleMs(attempt) / 1000);
  const par = PAR_SECONDS_PER_STEP * attempt.manifest.reveal.length;
  return (
    <p className="tr-time">
      <span title="Counted only while this page is shown">
        Time <strong>{formatDuration(seconds)}</strong>
      </span>
      <span className="tr-muted">par {formatDuration(par)}</span>
    </p>
  );
}

/** What the exercise and each of its parts are given. */
interface ExerciseProps {
  attempt: TrainingAttempt;
  actions: TrainingActions;
  /** The incident is being restored (or is another tab's): nothing can be changed yet. */
  disabled: boolean;
}

function Story({ attempt, actions, disabled }: ExerciseProps) {
  const m = attempt.manifest;
  const setActivePanel = useWorkbenchStore((s) => s.setActivePanel);
  const [busy, setBusy] = useState<'next' | 'all' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const last = m.reveal.length - 1;
  const hints = hintsOffered(m, attempt.step);
  const shown = hints.slice(0, attempt.hintsUsed);
  const titleOf = (file: string) => m.sources.find((s) => s.file === file);
  // A kept scenario deleted meanwhile: what is revealed stays (the sources are the incident's),
  // the rest cannot be read any more.
  const gone = useScenarioGone(attempt) && attempt.step < last;
  const revealed = m.reveal.slice(0, attempt.step + 1).reduce((n, s) => n + s.files.length, 0);

  const run = (which: 'next' | 'all') => {
    setBusy(which);
    setError(null);
    (which === 'next' ? actions.revealNext() : actions.revealAll())
      .catch((e: unknown) => setError(`Not revealed: ${errorText(e)}`))
      .finally(() => setBusy(null));
  };

  return (
    <section className="tr-box tr-story" aria-labelledby="tr-story-title">
      <h3 id="tr-story-title">The incident so far</h3>
      <div className="tr-symptom">
        <p className="tr-symptom-title">{m.symptom.title}</p>
        <p>{m.symptom.text}</p>
      </div>
      <ol className="tr-steps">
        {m.reveal.slice(0, attempt.step + 1).map((s, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a step is its place in the story (steps never move)
          <li key={i} className="tr-step">
            <p className="tr-step-title">
              <span className="tr-step-no">Step {i}</span> {s.title}
            </p>
            <p>{s.narrative}</p>
            {s.files.length > 0 && (
              <ul className="tr-files" aria-label={`Files of step ${i}`}>
                {s.files.map((f) => (
                  <li key={f}>
                    <span className="tr-file">{f}</span>
                    {titleOf(f) && (
                      <>
                        {' '}
                        <span className="tr-muted">{titleOf(f)?.title}:</span>{' '}
                        <code>{titleOf(f)?.command}</code>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
      <div className="tr-row">
        <button
          type="button"
          className="btn btn-primary"
          disabled={disabled || gone || busy !== null || attempt.step >= last}
          aria-busy={busy === 'next'}
          onClick={() => run('next')}
        >
          {busy === 'next' ? 'Revealing…' : 'Reveal next'}
        </button>
        <button
          type="button"
          className="btn"
          disabled={disabled || gone || busy !== null || attempt.step >= last}
          aria-busy={busy === 'all'}
          onClick={() => run('all')}
          title="Every remaining source at once (recorded: it costs a little of the efficiency score)"
        >
          Reveal all
        </button>
        <span className="tr-muted" aria-live="polite">
          Step {attempt.step} of {last}
          {attempt.revealedAll ? ' · all revealed at once' : ''}
        </span>
      </div>
      {error && (
        <p className="an-error" role="alert">
          {error}
        </p>
      )}
      {gone && (
        <p className="tr-gone" role="status">
          “{m.title}” was deleted from this browser: the steps not revealed yet cannot be read. You can still
          commit. The grade then rests on the {revealed} of {m.sources.length} sources revealed, and the
          reference lines in the others count as missed.
        </p>
      )}
      <p className="tr-muted tr-note">
        Revealed files are added as sources: read them in the{' '}
        <button type="button" className="tr-link" onClick={() => setActivePanel('timeline')}>
          Timeline
        </button>{' '}
        and pin the lines you rely on (the Key event button of a line, or <kbd>p</kbd> on its row).
      </p>
      <div className="tr-hints">
        <div className="tr-row">
          <button
            type="button"
            className="btn btn-small"
            disabled={disabled || attempt.hintsUsed >= hints.length}
            onClick={actions.showHint}
          >
            Show a hint
          </button>
          <span className="tr-muted">
            {hints.length === 0
              ? 'No hint at this step.'
              : `${attempt.hintsUsed} of ${hints.length} shown (each one used costs a little)`}
          </span>
        </div>
        {shown.length > 0 && (
          <ul className="tr-hint-list" aria-label="Hints">
            {shown.map((h) => (
              <li key={h.text}>{h.text}</li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

function Checks({
  attempt,
  actions,
  disabled,
  gaps,
}: ExerciseProps & {
  gaps: ReturnType<typeof gapsOf>;
}) {
  const [gapId, setGapId] = useState('');
  const [command, setCommand] = useState('');
  const gap = gaps.find((g) => g.id === gapId);
  const selectId = useId();
  const inputId = useId();
  const add = () => {
    if (command.trim() !== '') actions.addCheck({ command });
    else if (gap) actions.addCheck({ gapId: gap.id, command: gap.command });
    setCommand('');
    setGapId('');
  };
  return (
    <Box id="tr-checks-title" title="What I would check next">
      <form
        className="tr-form"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <label htmlFor={selectId} className="field-label">
          Pick from the gap list
        </label>
        <select
          id={selectId}
          className="tr-select"
          value={gapId}
          onChange={(e) => setGapId(e.target.value)}
          disabled={disabled}
        >
          <option value="">—</option>
          {gaps.map((g) => (
            <option key={g.id} value={g.id}>
              {g.ask}
            </option>
          ))}
        </select>
        {gap && <code className="tr-command">{gap.command}</code>}
        <label htmlFor={inputId} className="field-label">
          or type a command
        </label>
        <input
          id={inputId}
          className="tr-input tr-mono"
          type="text"
          value={command}
          placeholder="journalctl -k --since 07:40"
          onChange={(e) => setCommand(e.target.value)}
          disabled={disabled}
        />
        <div className="tr-row">
          <button
            type="submit"
            className="btn btn-small"
            disabled={disabled || (command.trim() === '' && !gap)}
          >
            Add to my checks
          </button>
        </div>
      </form>
      {attempt.checks.length > 0 && (
        <ol className="tr-check-list" aria-label="My checks">
          {attempt.checks.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: checks are only appended or removed, and may repeat
            <li key={`${i}-${c.command}`}>
              <span className="tr-step-no">Step {c.atStep}</span> <code>{c.command || c.gapId}</code>{' '}
              <button
                type="button"
                className="btn btn-small btn-ghost"
                disabled={disabled}
                aria-label={`Remove check: ${c.command || c.gapId}`}
                onClick={() => actions.removeCheck(i)}
              >
                Remove
              </button>
            </li>
          ))}
        </ol>
      )}
    </Box>
  );
}

interface PinLine {
  eventId: string;
  label: string;
  message: string;
}

/** The store's pins as `file:line` and their message (a pin whose source is gone shows its id). */
function usePinLines(): PinLine[] {
  const pins = useWorkbenchStore((s) => s.pins);
  const ids = useMemo(() => pins.map((p) => p.eventId), [pins]);
  const { data: rows } = useEventRows(ids);
  return useMemo(() => {
    const byId = new Map((rows ?? []).map((r) => [r.eventId, r]));
    return ids.map((id) => {
      const r = byId.get(id);
      return { eventId: id, label: r ? `${r.sourceName}:${r.line}` : id, message: r?.message ?? '' };
    });
  }, [ids, rows]);
}

function RejectForm({
  id,
  title,
  pins,
  onDone,
  actions,
}: {
  id: string;
  title: string;
  pins: PinLine[];
  onDone: () => void;
  actions: TrainingActions;
}) {
  const [reason, setReason] = useState('');
  const [cited, setCited] = useState<string[]>([]);
  const reasonId = useId();
  return (
    <form
      className="tr-reject-form"
      aria-label={`Rule out: ${title}`}
      onSubmit={(e) => {
        e.preventDefault();
        actions.reject(id, reason, cited);
        onDone();
      }}
    >
      <label htmlFor={reasonId} className="field-label">
        Why is it ruled out?
      </label>
      <textarea
        id={reasonId}
        className="tr-textarea"
        rows={2}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      {pins.length > 0 ? (
        <fieldset className="tr-cites">
          <legend className="field-label">Cite pinned lines</legend>
          {pins.map((p) => (
            <label key={p.eventId} className="tr-check">
              <input
                type="checkbox"
                checked={cited.includes(p.eventId)}
                onChange={() =>
                  setCited(
                    cited.includes(p.eventId) ? cited.filter((c) => c !== p.eventId) : [...cited, p.eventId],
                  )
                }
              />
              <code>{p.label}</code>
            </label>
          ))}
        </fieldset>
      ) : (
        <p className="tr-muted">Pin lines in the timeline to cite them here.</p>
      )}
      <div className="tr-row">
        <button
          type="submit"
          className="btn btn-small btn-primary"
          disabled={reason.trim() === '' && cited.length === 0}
        >
          Rule out
        </button>
        <button type="button" className="btn btn-small" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Hypotheses({
  attempt,
  actions,
  disabled,
  choices,
  pins,
}: ExerciseProps & {
  choices: Choice[];
  pins: PinLine[];
}) {
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const rejected = new Map(attempt.rejected.map((r) => [r.hypothesisId, r]));
  const ranked = rankedChoices(choices, attempt.ranking).filter((c) => !rejected.has(c.id));
  const titles = titlesOf(choices);
  const pinLabel = new Map(pins.map((p) => [p.eventId, p.label]));

  const move = (i: number, by: -1 | 1) => {
    const ids = ranked.map((c) => c.id);
    const j = i + by;
    if (j < 0 || j >= ids.length) return;
    [ids[i], ids[j]] = [ids[j], ids[i]];
    // Kept with the ruled-out ones at the end, so undoing a rejection puts it back where it was not.
    actions.setRanking([...ids, ...attempt.ranking.filter((id) => rejected.has(id))]);
  };

  const ruleOut = (id: string, title: string) =>
    rejecting === id ? (
      <RejectForm id={id} title={title} pins={pins} actions={actions} onDone={() => setRejecting(null)} />
    ) : null;

  return (
    <Box id="tr-hyp-title" title="Hypotheses">
      <p className="tr-muted tr-note">
        Rank them, most likely first, and rule out what the evidence excludes (with the reason and the lines).
        Listed in a fixed order until you rank them.
      </p>
      {choices.length === 0 && <p className="tr-muted">Listing the hypotheses…</p>}
      <ol className="tr-rank" aria-label="My ranking">
        {ranked.map((c, i) => {
          const open = expanded.has(c.id);
          const kids = c.children.filter((k) => !rejected.has(k.id));
          return (
            <li key={c.id} className="tr-rank-item">
              <div className="tr-rank-row">
                <span className="tr-rank-no">{i + 1}</span>
                <span className="tr-rank-title">{c.title}</span>
                <span className="tr-rank-actions">
                  <button
                    type="button"
                    className="btn btn-small btn-ghost"
                    disabled={disabled || i === 0}
                    aria-label={`Move up: ${c.title}`}
                    onClick={() => move(i, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="btn btn-small btn-ghost"
                    disabled={disabled || i === ranked.length - 1}
                    aria-label={`Move down: ${c.title}`}
                    onClick={() => move(i, 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={disabled}
                    aria-label={`Rule out: ${c.title}`}
                    onClick={() => setRejecting(c.id)}
                  >
                    Rule out…
                  </button>
                  {c.children.length === 0 ? (
                    // Keeps the buttons of every row in the same columns.
                    <span className="tr-no-branches" aria-hidden="true" />
                  ) : (
                    <button
                      type="button"
                      className="btn btn-small btn-ghost"
                      aria-expanded={open}
                      aria-label={`Branches of: ${c.title}`}
                      onClick={() =>
                        setExpanded((prev) => {
                          const next = new Set(prev);
                          if (next.has(c.id)) next.delete(c.id);
                          else next.add(c.id);
                          return next;
                        })
                      }
                    >
                      Branches ({c.children.length})
                    </button>
                  )}
                </span>
              </div>
              {ruleOut(c.id, c.title)}
              {open && (
                <ul className="tr-branches" aria-label={`Branches of ${c.title}`}>
                  {kids.map((k) => (
                    <li key={k.id}>
                      <div className="tr-rank-row">
                        <span className="tr-rank-title">{k.title}</span>
                        <span className="tr-rank-actions tr-child-actions">
                          <button
                            type="button"
                            className="btn btn-small"
                            disabled={disabled}
                            aria-label={`Rule out: ${k.title}`}
                            onClick={() => setRejecting(k.id)}
                          >
                            Rule out…
                          </button>
                          <span aria-hidden="true" />
                        </span>
                      </div>
                      {ruleOut(k.id, k.title)}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
      {attempt.rejected.length > 0 && (
        <>
          <h4 className="tr-small-head">Ruled out</h4>
          <ul className="tr-ruled" aria-label="Ruled out">
            {attempt.rejected.map((r) => {
              const title = titles.get(r.hypothesisId) ?? r.hypothesisId;
              return (
                <li key={r.hypothesisId}>
                  <span className="tr-ruled-title">{title}</span>
                  <span className="tr-reason">{r.reason || <em>no reason given</em>}</span>
                  {r.cites.length > 0 && (
                    <span className="tr-muted">
                      citing{' '}
                      {r.cites
                        .map((c) =>
                          'eventId' in c ? (pinLabel.get(c.eventId) ?? c.eventId) : `${c.file}:${c.line}`,
                        )
                        .join(', ')}
                    </span>
                  )}
                  <button
                    type="button"
                    className="btn btn-small btn-ghost"
                    disabled={disabled}
                    aria-label={`Undo ruling out: ${title}`}
                    onClick={() => actions.unreject(r.hypothesisId)}
                  >
                    Undo
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </Box>
  );
}

function PinnedEvidence({ pins }: { pins: PinLine[] }) {
  const revealEvent = useWorkbenchStore((s) => s.revealEvent);
  const togglePin = useWorkbenchStore((s) => s.togglePin);
  return (
    <Box id="tr-pins-title" title="Evidence I rely on">
      {pins.length === 0 ? (
        <p className="tr-muted">
          Nothing pinned yet. In the Timeline, select a line and press Key event (or <kbd>p</kbd> on its row).
        </p>
      ) : (
        <ul className="tr-pins" aria-label="Pinned lines">
          {pins.map((p) => (
            <li key={p.eventId}>
              <button type="button" className="tr-link tr-mono" onClick={() => revealEvent(p.eventId)}>
                {p.label}
              </button>
              <span className="tr-pin-message">{p.message}</span>
              <button
                type="button"
                className="btn btn-small btn-ghost"
                aria-label={`Unpin ${p.label}`}
                onClick={() => togglePin(p.eventId)}
              >
                Unpin
              </button>
            </li>
          ))}
        </ul>
      )}
    </Box>
  );
}

function CommitForm({
  attempt,
  actions,
  disabled,
  choices,
  verification,
  pinCount,
}: ExerciseProps & {
  choices: Choice[];
  verification: ReturnType<typeof verificationChoices>;
  pinCount: number;
}) {
  const [cause, setCause] = useState('');
  const [done, setDone] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);
  const causeId = useId();
  const ranked = rankedChoices(choices, attempt.ranking);
  const titles = titlesOf(choices);
  return (
    <section className="tr-box tr-commit" aria-labelledby="tr-commit-title">
      <h3 id="tr-commit-title">Commit your answer</h3>
      <form
        className="tr-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!confirming) setConfirming(true);
          else actions.commit({ cause, verificationDone: done });
        }}
      >
        <label htmlFor={causeId} className="field-label">
          The cause
        </label>
        <select
          id={causeId}
          className="tr-select"
          value={cause}
          disabled={disabled}
          onChange={(e) => {
            setCause(e.target.value);
            setConfirming(false);
          }}
        >
          <option value="">Choose the cause…</option>
          {ranked.map((c) => (
            <optgroup key={c.id} label={c.title}>
              <option value={c.id}>{c.children.length > 0 ? `${c.title} (no branch named)` : c.title}</option>
              {c.children.map((k) => (
                <option key={k.id} value={k.id}>
                  ↳ {k.title}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <fieldset className="tr-verify">
          <legend className="field-label">Verification steps I performed (or would, before closing)</legend>
          {verification.map((v) => (
            <label key={v.id} className="tr-check">
              <input
                type="checkbox"
                checked={done.includes(v.id)}
                disabled={disabled}
                onChange={() => {
                  setDone(done.includes(v.id) ? done.filter((d) => d !== v.id) : [...done, v.id]);
                  setConfirming(false);
                }}
              />
              {v.title}
            </label>
          ))}
        </fieldset>
        {confirming && (
          <p className="tr-confirm" role="status">
            Commit “{titles.get(cause) ?? cause}” with {pinCount} pinned {pinCount === 1 ? 'line' : 'lines'},{' '}
            {attempt.rejected.length} ruled out and {done.length} verification{' '}
            {done.length === 1 ? 'step' : 'steps'}? The answer cannot be changed afterwards.
          </p>
        )}
        <div className="tr-row">
          <button type="submit" className="btn btn-primary" disabled={disabled || cause === ''}>
            {confirming ? 'Confirm and grade' : 'Commit…'}
          </button>
          {confirming && (
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

export function AttemptView({ attempt, actions, disabled }: ExerciseProps) {
  const m = attempt.manifest;
  const opts = useAnalysisOptions();
  const analysis = useTrainingAnalysis(opts);
  const choices = useMemo(() => choicesOf(analysis.data), [analysis.data]);
  const gaps = useMemo(() => gapsOf(analysis.data), [analysis.data]);
  const verification = useMemo(() => verificationChoices(analysis.data), [analysis.data]);
  const pins = usePinLines();
  return (
    <div className="tr-attempt">
      <header className="tr-head">
        <div>
          <p className="tr-kicker">
            Exercise · <span className={`tr-difficulty tr-difficulty-${m.difficulty}`}>{m.difficulty}</span>
          </p>
          <h2>{m.title}</h2>
        </div>
        <Elapsed attempt={attempt} />
      </header>
      {analysis.error && (
        <p className="an-error" role="alert">
          The hypotheses could not be listed: {analysis.error.message}
        </p>
      )}
      <div className="tr-columns">
        <div className="tr-col">
          <Story attempt={attempt} actions={actions} disabled={disabled} />
          <PinnedEvidence pins={pins} />
        </div>
        <div className="tr-col">
          <Checks attempt={attempt} actions={actions} disabled={disabled} gaps={gaps} />
          <Hypotheses attempt={attempt} actions={actions} disabled={disabled} choices={choices} pins={pins} />
          <CommitForm
            attempt={attempt}
            actions={actions}
            disabled={disabled}
            choices={choices}
            verification={verification}
            pinCount={pins.length}
          />
        </div>
      </div>
    </div>
  );
}
