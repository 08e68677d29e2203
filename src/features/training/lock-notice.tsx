// What the Analysis and Document tabs show while an exercise is not committed: the analysis (and
// a document filled from it) would give the answer away. Light on purpose: the app shell renders
// it without loading the Training tab's code.
import { useWorkbenchStore } from '../../state/store.ts';

/** True while a training attempt is open (started, not committed): Analysis and Document are locked. */
export function useTrainingLocked(): boolean {
  return useWorkbenchStore((s) => s.training !== null && s.training.committedAt === null);
}

export function TrainingLockNotice({ tab }: { tab: 'Analysis' | 'Document' }) {
  const setActivePanel = useWorkbenchStore((s) => s.setActivePanel);
  return (
    <div className="tr-lock">
      <h2>{tab}</h2>
      <p className="tr-lock-text">
        Hidden during the exercise: the analysis would give the answer away. Commit your answer to see it.
      </p>
      <button type="button" className="btn btn-primary" onClick={() => setActivePanel('training')}>
        Back to the exercise
      </button>
    </div>
  );
}
