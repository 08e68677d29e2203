// The scenarios to play: those bundled with the app (public/scenarios/) and those kept in this
// browser (saved from an incident, or imported from another trainer's file), each with its
// title, difficulty, summary and learning goals, and Start. Start saves the open incident and
// plays the scenario in a new one. A kept scenario can be deleted (asked first: it is dropped for
// good); a bundled one is the app's own file and cannot.
import { useState } from 'react';
import type { Difficulty, ScenarioManifest } from '../../core/training/model.ts';
import { errorMessage } from '../../state/format.ts';
import { useIncidentSession } from '../../state/incident-context.tsx';
import { useKeptScenarios, useScenarioIndex, useScenarioManifests } from '../../state/training.ts';
import { ConfirmDelete } from '../../ui/confirm-delete.tsx';

interface CardProps {
  /** What Start is busy with: the bundled scenario's id, or the kept scenario's record id. */
  startId: string;
  title: string;
  difficulty: Difficulty;
  summary: string;
  manifest: ScenarioManifest | undefined;
  note?: string;
  error?: string;
  busy: string | null;
  disabled: boolean;
  onStart: () => void;
  /** A kept scenario only: deletes it (after the card asked). */
  onDelete?: () => Promise<void>;
}

function ScenarioCard({
  startId,
  title,
  difficulty,
  summary,
  manifest,
  note,
  error,
  busy,
  disabled,
  onStart,
  onDelete,
}: CardProps) {
  const headId = `tr-card-${startId}`;
  return (
    <li className="tr-card" aria-labelledby={headId}>
      <div className="tr-card-head">
        <h3 id={headId}>{title}</h3>
        <span className={`tr-difficulty tr-difficulty-${difficulty}`}>{difficulty}</span>
      </div>
      <p className="tr-summary">{summary}</p>
      {manifest && (
        <>
          <h4 className="tr-small-head">Learning goals</h4>
          <ul className="tr-goals">
            {manifest.learningGoals.map((g) => (
              <li key={g}>{g}</li>
            ))}
          </ul>
        </>
      )}
      {error && (
        <p className="an-error" role="alert">
          {error}
        </p>
      )}
      <div className="tr-card-foot">
        <span className="tr-muted">
          {manifest
            ? `${manifest.reveal.length} steps · ${manifest.sources.length} sources${note ? ` · ${note}` : ''}`
            : error
              ? ''
              : 'Loading…'}
        </span>
        <span className="tr-card-actions">
          {onDelete && (
            <ConfirmDelete
              name={title}
              question={`Delete “${title}” from this browser? Only its .scenario.zip can bring it back.`}
              disabled={busy !== null}
              title="Delete this scenario from this browser (attempts already played keep their feedback)"
              onDelete={onDelete}
            />
          )}
          <button
            type="button"
            className="btn btn-primary"
            disabled={!manifest || disabled || busy !== null}
            aria-busy={busy === startId}
            aria-label={`Start: ${title}`}
            onClick={onStart}
          >
            {busy === startId ? 'Starting…' : 'Start'}
          </button>
        </span>
      </div>
    </li>
  );
}

export function ScenarioList({
  onStart,
  busy,
  disabled,
}: {
  onStart: (m: ScenarioManifest, localScenarioId: string | null) => Promise<void>;
  /** The scenario being started (see CardProps.startId). */
  busy: string | null;
  disabled: boolean;
}) {
  const index = useScenarioIndex();
  const entries = index.data ?? [];
  const manifests = useScenarioManifests(entries.map((e) => e.id));
  const kept = useKeptScenarios();
  const session = useIncidentSession();
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const start = (m: ScenarioManifest, localScenarioId: string | null) => {
    setError(null);
    setStatus(null);
    onStart(m, localScenarioId).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };

  const remove = async (id: string, title: string) => {
    setError(null);
    setStatus(null);
    try {
      await session.removeScenario(id);
      setStatus(`Deleted the scenario “${title}”.`);
    } catch (e) {
      setError(`Could not delete “${title}”: ${errorMessage(e)}`);
    }
  };

  return (
    <section className="tr-list" aria-labelledby="tr-list-title">
      <h2 id="tr-list-title">Scenarios</h2>
      <p className="tr-lead">
        Replay an incident as an exercise: you start from the page the on-call engineer got, the logs come
        step by step, and when you commit your answer it is graded against the scenario's reference. Starting
        saves the open incident and plays the scenario in a new one.
      </p>
      {error && (
        <p className="an-error" role="alert">
          {error}
        </p>
      )}
      <p className="tr-status" role="status" data-visible={status !== null}>
        {status}
      </p>
      {index.isPending && <p className="tr-muted">Loading the scenarios…</p>}
      {index.error && (
        <p className="an-error" role="alert">
          {index.error.message}
        </p>
      )}
      {index.data && entries.length === 0 && (
        <p className="tr-muted">No scenarios are bundled with this build.</p>
      )}
      <ul className="tr-cards" aria-label="Scenarios of the app">
        {entries.map((e, i) => {
          const q = manifests[i];
          const m = q?.data;
          return (
            <ScenarioCard
              key={e.id}
              startId={e.id}
              title={e.title}
              difficulty={e.difficulty}
              summary={e.summary}
              manifest={m}
              error={q?.error?.message}
              busy={busy}
              disabled={disabled}
              onStart={() => m && start(m, null)}
            />
          );
        })}
      </ul>
      {(kept.data?.length ?? 0) > 0 && (
        <>
          <h2 className="tr-list-sub">Kept in this browser</h2>
          <ul className="tr-cards" aria-label="Scenarios kept in this browser">
            {kept.data?.map((k) => (
              <ScenarioCard
                key={k.id}
                startId={k.id}
                title={k.manifest.title}
                difficulty={k.manifest.difficulty}
                summary={k.manifest.summary}
                manifest={k.manifest}
                note={k.origin === 'imported' ? 'imported' : 'saved from an incident'}
                busy={busy}
                disabled={disabled}
                onStart={() => start(k.manifest, k.id)}
                onDelete={() => remove(k.id, k.manifest.title)}
              />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
