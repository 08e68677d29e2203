// What the app puts beside the Analysis tab's verdict (issue 8): "Save as scenario…" for the open
// incident, and the similar past incidents of the analysis on screen. The analysis is read from
// the query cache (the Analysis tab asks for it; this never starts one), its signature computed
// as the session computes the stored ones, so the two compare like for like.
import { useMemo, useRef, useState } from 'react';
import type { Hypothesis } from '../../core/analysis/model.ts';
import { signatureOf } from '../../core/persist/signature.ts';
import { useSessionSnapshot } from '../../state/incident-context.tsx';
import { useAnalysis, useAnalysisOptions } from '../../state/queries.ts';
import { SaveScenarioDialog } from './save-scenario-dialog.tsx';
import { SimilarIncidents } from './similar-incidents.tsx';

function acceptedTitle(hs: readonly Hypothesis[]): string | null {
  for (const h of hs) {
    if (h.decision?.state === 'accepted') return h.title;
    const c = acceptedTitle(h.children);
    if (c) return c;
  }
  return null;
}

export function RecallAside() {
  const opts = useAnalysisOptions();
  const { data: result } = useAnalysis(opts, { enabled: false });
  const { active, storageUnavailable } = useSessionSnapshot();
  const [saving, setSaving] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const signature = useMemo(() => (result ? signatureOf(result) : null), [result]);
  const accepted = useMemo(() => (result ? acceptedTitle(result.hypotheses) : null), [result]);
  const verdictKnown = result ? result.verdict.cause !== 'unknown' || accepted !== null : false;
  const why =
    storageUnavailable !== null
      ? 'Nothing can be kept in this browser, so no scenario either.'
      : !active
        ? 'The incident is not saved yet.'
        : undefined;

  return (
    <section className="an-section recall" aria-labelledby="recall-h">
      <div className="recall-head">
        <h3 id="recall-h">Similar past incidents</h3>
        <button
          ref={button}
          type="button"
          className="btn btn-small"
          disabled={why !== undefined}
          title={why ?? 'Make this incident a training drill: kept here and downloaded as a .scenario.zip'}
          aria-haspopup="dialog"
          onClick={() => setSaving(true)}
        >
          Save as scenario…
        </button>
      </div>
      <p className="an-muted an-hint">
        Incidents and scenarios in this browser whose findings look like these, with what they concluded.
      </p>
      <SimilarIncidents signature={signature} />
      {saving && (
        <SaveScenarioDialog
          onClose={() => {
            setSaving(false);
            // After React removed the dialog: the focus goes back to the button that opened it.
            queueMicrotask(() => button.current?.focus());
          }}
          verdictKnown={verdictKnown}
          accepted={accepted}
        />
      )}
    </section>
  );
}
