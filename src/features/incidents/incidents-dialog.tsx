// The Incidents dialog: every incident saved in this browser, searchable by title, tag and what
// its analysis found; new, import, and per incident open, rename, tags, duplicate, export, delete
// (with undo); the storage it takes. A native modal <dialog>: the page behind is inert, Tab stays
// inside, Escape closes it, and the focus goes back to the button that opened it.
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { errorMessage, formatCountOf } from '../../state/format.ts';
import { useIncidentSession, useSessionSnapshot } from '../../state/incident-context.tsx';
import { ImportFileButton } from '../../ui/import-file-button.tsx';
import { useDebouncedValue } from '../../ui/use-debounced-value.ts';
import { IncidentRow, type RowReport } from './incident-row.tsx';
import { useIncidentsUi } from './incidents-ui.ts';
import { StorageFooter } from './storage-footer.tsx';
import { UndoNotice } from './undo-notice.tsx';
import { useIncidentList } from './use-incidents.ts';

/** What a bundle file may be called (the session reads the content, never trusts the name). */
export const BUNDLE_ACCEPT = '.rca.zip,.zip,.json.gz,.json';

interface Status {
  text: string;
  /** An incident the status is about, with an Open button (an import). */
  openId?: string;
}

/** The relative times ("5 min ago") move on while the dialog stays open. */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

/** `extra`: composed by the app below the list (the scenarios kept here). */
export function IncidentsDialog({ extra }: { extra?: ReactNode } = {}) {
  const session = useIncidentSession();
  const snapshot = useSessionSnapshot();
  const ui = useIncidentsUi();
  const ref = useRef<HTMLDialogElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const searchId = useId();
  const now = useNow(30_000);

  const [query, setQuery] = useState('');
  const debounced = useDebouncedValue(query, 150);
  const list = useIncidentList(debounced);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [status, setStatus] = useState<Status | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [importing, setImporting] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    // The search box first: most visits are "find that incident".
    searchRef.current?.focus();
  }, []);

  const report: RowReport = {
    status: (text) => {
      setProblem(null);
      setStatus({ text });
    },
    problem: (text) => {
      setStatus(null);
      setProblem(text);
    },
    hide: (id) => setHidden((h) => new Set(h).add(id)),
    unhide: (id) =>
      setHidden((h) => {
        const next = new Set(h);
        next.delete(id);
        return next;
      }),
  };

  const onNew = async () => {
    setStarting(true);
    try {
      await session.newIncident();
      ui.closeDialog();
    } catch (err) {
      report.problem(errorMessage(err));
      setStarting(false);
    }
  };

  const onFile = async (file: File) => {
    setImporting(file.name);
    setProblem(null);
    setStatus(null);
    try {
      const meta = await session.importBundle(file);
      setStatus({ text: `Imported ${meta.title}`, openId: meta.id });
    } catch (err) {
      setProblem(`${file.name} was not imported. ${errorMessage(err)}`);
    } finally {
      setImporting(null);
    }
  };

  const onOpenImported = async (id: string) => {
    try {
      await session.open(id);
      ui.closeDialog();
    } catch (err) {
      report.problem(errorMessage(err));
    }
  };

  const items = (list.data ?? []).filter((m) => !hidden.has(m.id));
  const searching = debounced.trim() !== '';
  const activeId = snapshot.active?.id ?? null;

  return (
    <dialog
      ref={ref}
      className="modal incidents-dialog"
      aria-labelledby={titleId}
      // Escape closes a modal dialog by itself ('cancel', then 'close'): the provider forgets it.
      onClose={ui.closeDialog}
    >
      <div className="incidents-head">
        <h2 id={titleId}>Incidents</h2>
        <span className="incidents-count">
          {list.data === undefined
            ? ''
            : searching
              ? formatCountOf(items.length, 'match', 'matches')
              : formatCountOf(items.length, 'incident')}
        </span>
        <button type="button" className="btn btn-small" onClick={() => ref.current?.close()}>
          Close
        </button>
      </div>

      <div className="incidents-toolbar">
        <label className="visually-hidden" htmlFor={searchId}>
          Search by title, tag or finding
        </label>
        <input
          ref={searchRef}
          id={searchId}
          type="search"
          className="incidents-search"
          placeholder="Search by title, tag or finding (e.g. oom)"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            // Escape in a filled search box empties it; in an empty one it closes the dialog.
            if (e.key === 'Escape' && query) {
              e.preventDefault();
              setQuery('');
            }
          }}
        />
        <button type="button" className="btn" onClick={onNew} disabled={starting} aria-busy={starting}>
          New incident
        </button>
        <ImportFileButton
          label="Import bundle…"
          busy={importing !== null}
          accept={BUNDLE_ACCEPT}
          inputLabel="Bundle file to import"
          title="Add an incident from a bundle file (.rca.zip) exported by this app"
          onFile={onFile}
        />
      </div>

      <div className="incidents-messages">
        <div
          role="alert"
          className="incidents-problem"
          data-visible={problem !== null || list.error !== null}
        >
          {problem}
          {list.error && !problem && `Could not read the incidents: ${list.error}`}
        </div>
        <div role="status" className="incidents-status" data-visible={status !== null}>
          {status && (
            <>
              <span>{status.text}</span>
              {status.openId && (
                <button
                  type="button"
                  className="btn btn-small btn-primary"
                  onClick={() => status.openId && onOpenImported(status.openId)}
                >
                  Open
                </button>
              )}
            </>
          )}
        </div>
      </div>

      <div className="incidents-body" aria-busy={list.data === undefined || list.for !== debounced.trim()}>
        {list.data === undefined ? (
          <p className="incidents-empty">Reading the incidents…</p>
        ) : items.length === 0 ? (
          <p className="incidents-empty">
            {searching
              ? `No incident matches “${debounced.trim()}”.`
              : 'No incidents yet. Add a source or load the sample: the work is saved here as an incident.'}
          </p>
        ) : (
          <ul className="incidents-list" aria-label="Incidents">
            {items.map((m) => (
              <IncidentRow key={m.id} meta={m} isCurrent={m.id === activeId} now={now} report={report} />
            ))}
          </ul>
        )}
      </div>

      {extra}
      <UndoNotice placement="dialog" />
      <StorageFooter />
    </dialog>
  );
}
