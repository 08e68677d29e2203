// The header's part of the incident: its title (the button to the Incidents dialog) and whether
// the last change is saved. The status is not a live region: it flips to "Saving…" and back
// every second while someone types, and announcing that would drown a screen reader; what needs
// saying (a failure, another tab, no storage) is announced by IncidentNotices as an alert.
import type { SessionSnapshot } from '../../persistence/session-api.ts';
import { useSessionSnapshot } from '../../state/incident-context.tsx';
import { formatLocalTime } from './incident-format.ts';
import { useIncidentsUi } from './incidents-ui.ts';

interface StatusView {
  text: string;
  tone: 'ok' | 'busy' | 'warn' | 'error';
  title?: string;
}

/** What the save status says; null says nothing (before anything is saved, while starting). */
export function saveStatusView(s: SessionSnapshot): StatusView | null {
  if (s.phase === 'restoring') {
    const r = s.restoring;
    return {
      text: r ? `Restoring ${r.done} of ${r.total} ${r.total === 1 ? 'source' : 'sources'}…` : 'Restoring…',
      tone: 'busy',
      title: 'Reading the saved sources back into this tab',
    };
  }
  if (s.storageUnavailable !== null)
    return { text: 'Not saved', tone: 'warn', title: `Not saved: ${s.storageUnavailable}` };
  if (s.access === 'elsewhere')
    return { text: 'Read only', tone: 'warn', title: 'Open in another tab: changes here are not saved' };
  switch (s.save.state) {
    case 'error':
      return { text: 'Not saved', tone: 'error', title: s.save.message };
    case 'saving':
      return { text: 'Saving…', tone: 'busy' };
    case 'saved':
      return { text: 'Saved', tone: 'ok', title: `Saved at ${formatLocalTime(s.save.at)} in this browser` };
    case 'idle':
      return s.active && s.phase === 'ready'
        ? { text: 'Saved', tone: 'ok', title: 'Everything is saved in this browser' }
        : null;
  }
}

export function IncidentHeader() {
  const snapshot = useSessionSnapshot();
  const ui = useIncidentsUi();
  const title = snapshot.active?.title ?? 'New incident';
  const status = saveStatusView(snapshot);
  return (
    <div className="incident-header">
      <button
        type="button"
        className="btn btn-ghost incident-title"
        aria-haspopup="dialog"
        onClick={ui.openDialog}
        // The visible title is in the name (voice control finds it); the prefix says what it is.
        aria-label={`Incident: ${title}`}
        title={`${title}: switch, rename, export or delete incidents`}
      >
        <span className="incident-title-text">{title}</span>
        <svg viewBox="0 0 16 16" aria-hidden="true" className="icon">
          <path d="M4 6l4 4 4-4" />
        </svg>
      </button>
      {status && (
        <span
          className={`save-status is-${status.tone}`}
          title={status.title ?? status.text}
          data-testid="save-status"
        >
          {status.tone === 'ok' && (
            <svg viewBox="0 0 16 16" aria-hidden="true" className="icon">
              <path d="M3.5 8.5l3 3 6-7" />
            </svg>
          )}
          {(status.tone === 'error' || status.tone === 'warn') && (
            <svg viewBox="0 0 16 16" aria-hidden="true" className="icon">
              <path d="M8 2.5l6 11H2z" />
              <path d="M8 6.5v3M8 11.5v.2" />
            </svg>
          )}
          {status.tone === 'busy' && (
            <svg viewBox="0 0 16 16" aria-hidden="true" className="icon">
              <path d="M13 8a5 5 0 1 1-1.5-3.5M13 2.5v3h-3" />
            </svg>
          )}
          <span className="save-status-text">{status.text}</span>
        </span>
      )}
    </div>
  );
}
