// The strip under the header for what the user must know about saving: another tab has this
// incident (nothing here is saved until "Open here", or until that tab lets go of it), this tab
// has just become the one that saves it (the other tab closed it), the last write failed (with
// what to do: for a full disk, delete or export incidents), or the browser gives no storage at
// all. Each is an alert, so a screen reader says it when it appears; the app stays usable behind it.
import { useState } from 'react';
import type { SessionSnapshot } from '../../persistence/session-api.ts';
import { errorMessage } from '../../state/format.ts';
import { useIncidentSession, useSessionSnapshot } from '../../state/incident-context.tsx';
import { useIncidentsUi } from './incidents-ui.ts';

export function IncidentNotices() {
  const snapshot = useSessionSnapshot();
  // The hand-over notice stays until dismissed (or another incident is opened): the moment it
  // appears the analyst may be looking at the other tab.
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const elsewhere = snapshot.access === 'elsewhere';
  const save = snapshot.save;
  const handover =
    !elsewhere && snapshot.handover && snapshot.handover.at !== dismissedAt ? snapshot.handover : null;
  // A conflict is what "open in another tab" means: the banner says it once, with its remedy.
  const saveError = save.state === 'error' && !(elsewhere && save.kind === 'conflict') ? save : null;
  if (!elsewhere && !handover && !saveError && snapshot.storageUnavailable === null) return null;
  return (
    <div className="incident-notices">
      {elsewhere && <ElsewhereBanner />}
      {handover && (
        <HandoverNotice dropped={handover.dropped} onDismiss={() => setDismissedAt(handover.at)} />
      )}
      {saveError && <SaveErrorNotice error={saveError} activeId={snapshot.active?.id ?? null} />}
      {snapshot.storageUnavailable !== null && (
        <div className="incident-notice is-warn" role="alert">
          <p className="incident-notice-text">
            <strong>Not saved:</strong> {snapshot.storageUnavailable} Your work is kept only in this tab:
            reloading or closing it loses it.
          </p>
        </div>
      )}
    </div>
  );
}

function ElsewhereBanner() {
  const session = useIncidentSession();
  const ui = useIncidentsUi();
  const [taking, setTaking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const takeOver = async () => {
    setTaking(true);
    setProblem(null);
    try {
      await session.takeOver();
    } catch (err) {
      setProblem(errorMessage(err));
    } finally {
      setTaking(false);
    }
  };

  return (
    <div className="incident-notice is-warn incident-elsewhere" role="alert">
      <p className="incident-notice-text">
        <strong>This incident is open in another tab.</strong> Changes here are not saved. When the other tab
        closes it, this tab takes it over by itself.
        {problem && <span className="incident-notice-problem"> Could not open it here: {problem}</span>}
      </p>
      <div className="incident-notice-actions">
        <button
          type="button"
          className="btn btn-small btn-primary"
          onClick={takeOver}
          disabled={taking}
          aria-busy={taking}
          title="Edit it in this tab; the other tab saves its last change and stops writing"
        >
          {taking ? 'Opening here…' : 'Open here'}
        </button>
        <button type="button" className="btn btn-small" onClick={ui.openDialog} aria-haspopup="dialog">
          Incidents…
        </button>
      </div>
    </div>
  );
}

/** This tab became the one that saves the incident: the owning tab closed it (or crashed). */
function HandoverNotice({ dropped, onDismiss }: { dropped: boolean; onDismiss: () => void }) {
  return (
    <div className={`incident-notice incident-handover ${dropped ? 'is-warn' : 'is-info'}`} role="alert">
      <p className="incident-notice-text">
        <strong>The other tab closed this incident:</strong> this tab now saves your changes.
        {dropped &&
          ' What you changed here while it was read only was not saved: this tab shows the other tab’s last save instead.'}
      </p>
      <div className="incident-notice-actions">
        <button type="button" className="btn btn-small" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </div>
  );
}

type SaveError = Extract<SessionSnapshot['save'], { state: 'error' }>;

function SaveErrorNotice({ error, activeId }: { error: SaveError; activeId: string | null }) {
  const ui = useIncidentsUi();
  const [exported, setExported] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  const exportBundle = async () => {
    if (!activeId) return;
    setExporting(true);
    try {
      setExported(`Exported ${await ui.exportIncident(activeId)}`);
    } catch (err) {
      setExported(`Could not export: ${errorMessage(err)}`);
    } finally {
      setExporting(false);
    }
  };

  return (
    <div className="incident-notice is-error" role="alert">
      <p className="incident-notice-text">
        <strong>Not saved.</strong> {error.message}
        {exported && <span className="incident-notice-result"> {exported}</span>}
      </p>
      {error.kind === 'quota' && (
        <div className="incident-notice-actions">
          <button type="button" className="btn btn-small" onClick={ui.openDialog} aria-haspopup="dialog">
            Manage incidents
          </button>
          <button
            type="button"
            className="btn btn-small"
            onClick={exportBundle}
            disabled={!activeId || exporting}
            aria-busy={exporting}
            title="Download this incident as one file, so nothing is lost whatever happens here"
          >
            {exporting ? 'Exporting…' : 'Export bundle'}
          </button>
        </div>
      )}
    </div>
  );
}
