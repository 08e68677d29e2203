// The Training tab (issue 8): the scenario list; the exercise while the attempt of this incident
// is open; its feedback once committed. The attempt is the incident's (saved with it), so
// opening another incident shows that one's attempt, or the list when it has none.
import { useEffect, useRef, useState } from 'react';
import type { ScenarioManifest } from '../../core/training/model.ts';
import { useSessionSnapshot } from '../../state/incident-context.tsx';
import { useWorkbenchStore } from '../../state/store.ts';
import { AttemptView } from './attempt-view.tsx';
import { FeedbackView } from './feedback-view.tsx';
import { ScenarioList } from './scenario-list.tsx';
import { useTrainingActions } from './use-training.ts';

export function TrainingPanel() {
  const training = useWorkbenchStore((s) => s.training);
  const snapshot = useSessionSnapshot();
  const actions = useTrainingActions();
  // "Other scenarios" from the feedback page: the list, with the way back to the feedback.
  const [browsing, setBrowsing] = useState(false);
  const [starting, setStarting] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // While the incident's sources are read back, a reveal could add one a second time.
  const ready = snapshot.phase === 'ready' && snapshot.restoring === null;
  const locked = !ready || snapshot.access !== 'owner';
  // A new view (an attempt started, committed, the list) opens at its top: Start on a card low in
  // the list (a kept drill, below the bundled ones) would otherwise leave the exercise scrolled
  // past its symptom, and Commit at the bottom would open the feedback past its score.
  const scroller = useRef<HTMLDivElement>(null);
  const view = training && !browsing ? `${training.startedAt}:${training.committedAt !== null}` : 'list';
  useEffect(() => {
    if (scroller.current && view) scroller.current.scrollTop = 0;
  }, [view]);

  const start = async (m: ScenarioManifest, localScenarioId: string | null = null) => {
    setStarting(localScenarioId ?? m.id);
    setError(null);
    try {
      await actions.start(m, localScenarioId);
      setBrowsing(false);
    } finally {
      setStarting(null);
    }
  };

  const body = () => {
    if (training && training.committedAt === null)
      return <AttemptView attempt={training} actions={actions} disabled={locked} />;
    if (training && !browsing)
      return (
        <FeedbackView
          attempt={training}
          actions={actions}
          ready={ready}
          onTryAgain={() =>
            start(training.manifest, training.localScenarioId).catch((e: unknown) =>
              setError(e instanceof Error ? e.message : String(e)),
            )
          }
          onOthers={() => setBrowsing(true)}
        />
      );
    return (
      <>
        {training && (
          <button type="button" className="btn tr-back" onClick={() => setBrowsing(false)}>
            Back to the feedback on “{training.manifest.title}”
          </button>
        )}
        <ScenarioList onStart={start} busy={starting} disabled={locked} />
      </>
    );
  };

  return (
    <div className="training" ref={scroller}>
      {!ready && (
        <p className="tr-muted" role="status">
          Restoring the incident…
        </p>
      )}
      {error && (
        <p className="an-error" role="alert">
          {error}
        </p>
      )}
      {body()}
    </div>
  );
}
