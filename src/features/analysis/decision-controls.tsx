// The analyst's word on one hypothesis: Accept, Reject or Mark open, with a note. It is kept in
// the store (and across reloads) and goes to the next analysis, where an accepted hypothesis
// decides the overall verdict; the engine's own verdict stays shown beside it.
import { useId, useState } from 'react';
import type { AnalystDecision } from '../../core/analysis/model.ts';
import { useWorkbenchStore } from '../../state/store.ts';

export function DecisionControls({ hypothesisId }: { hypothesisId: string }) {
  const decision = useWorkbenchStore((s) => s.decisions[hypothesisId]);
  const setDecision = useWorkbenchStore((s) => s.setDecision);
  const [draft, setDraft] = useState(decision?.note ?? '');
  const noteId = useId();
  const decide = (state: AnalystDecision['state']) =>
    setDecision(hypothesisId, { state, note: draft.trim() });
  const noteChanged = decision !== undefined && draft.trim() !== decision.note;
  return (
    <fieldset className="an-decide">
      <legend>Your decision</legend>
      <label htmlFor={noteId} className="an-label">
        Note
      </label>
      <textarea
        id={noteId}
        className="an-textarea"
        rows={2}
        value={draft}
        placeholder="Why: what you checked, what you saw"
        onChange={(e) => setDraft(e.target.value)}
      />
      <div className="an-row">
        {(['accepted', 'rejected', 'open'] as const).map((state) => (
          <button
            key={state}
            type="button"
            className={`btn btn-small an-decide-${state}${decision?.state === state ? ' is-on' : ''}`}
            aria-pressed={decision?.state === state}
            onClick={() => decide(state)}
          >
            {state === 'accepted' ? 'Accept' : state === 'rejected' ? 'Reject' : 'Mark open'}
          </button>
        ))}
        {noteChanged && (
          <button type="button" className="btn btn-small" onClick={() => decide(decision.state)}>
            Save note
          </button>
        )}
        {decision && (
          <button
            type="button"
            className="btn btn-small btn-ghost"
            onClick={() => {
              setDecision(hypothesisId, null);
              setDraft('');
            }}
          >
            Withdraw decision
          </button>
        )}
      </div>
    </fieldset>
  );
}
