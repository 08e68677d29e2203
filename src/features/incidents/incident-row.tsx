// One incident in the Incidents dialog: what it is (title, tags, when, how big, the verdict) and
// what can be done with it. Every action goes through the session; the row only reports back.
import { useEffect, useRef, useState } from 'react';
import type { IncidentMeta } from '../../core/persist/model.ts';
import { errorMessage } from '../../state/format.ts';
import { useIncidentSession } from '../../state/incident-context.tsx';
import { describeSize, describeVerdict, formatAgo, formatLocalMinute, parseTags } from './incident-format.ts';
import { useIncidentsUi } from './incidents-ui.ts';
import { InlineEditor } from './inline-editor.tsx';

export interface RowReport {
  /** A passing word for the status line ("Duplicated as …"). */
  status: (text: string) => void;
  /** Something that did not happen, with the session's message (role="alert"). */
  problem: (text: string) => void;
  /** The row goes at once (deleted), before the session's list says so. */
  hide: (id: string) => void;
  /** It comes back (the deletion failed or was undone). */
  unhide: (id: string) => void;
}

type Editing = 'title' | 'tags' | null;
type Busy = 'open' | 'duplicate' | 'export' | 'delete' | null;

export function IncidentRow({
  meta,
  isCurrent,
  now,
  report,
}: {
  meta: IncidentMeta;
  isCurrent: boolean;
  now: number;
  report: RowReport;
}) {
  const session = useIncidentSession();
  const ui = useIncidentsUi();
  const [editing, setEditing] = useState<Editing>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const renameRef = useRef<HTMLButtonElement>(null);
  const tagsRef = useRef<HTMLButtonElement>(null);
  // Where the focus goes once an editor closes: back to the button that opened it.
  const refocus = useRef<Editing>(null);

  useEffect(() => {
    if (editing !== null || refocus.current === null) return;
    (refocus.current === 'title' ? renameRef : tagsRef).current?.focus();
    refocus.current = null;
  }, [editing]);

  const closeEditor = () => {
    refocus.current = editing;
    setEditing(null);
  };

  const run = async (what: Exclude<Busy, null>, action: () => Promise<void>) => {
    setBusy(what);
    try {
      await action();
    } catch (err) {
      report.problem(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const onOpen = () =>
    run('open', async () => {
      await session.open(meta.id);
      ui.closeDialog();
    });

  const onDuplicate = () =>
    run('duplicate', async () => {
      const copy = await session.duplicate(meta.id);
      report.status(`Duplicated as ${copy.title}`);
    });

  const onExport = () =>
    run('export', async () => {
      const fileName = await ui.exportIncident(meta.id);
      report.status(`Exported ${fileName}`);
    });

  const onDelete = async () => {
    // Gone from the list at once; the session's list catches up, or the row comes back.
    report.hide(meta.id);
    try {
      const { undo } = await session.remove(meta.id);
      ui.notifyDeleted(meta.title, async () => {
        await undo();
        report.unhide(meta.id);
      });
    } catch (err) {
      report.unhide(meta.id);
      report.problem(`Could not delete ${meta.title}: ${errorMessage(err)}`);
    }
  };

  const verdict = describeVerdict(meta);
  const sourceNames = meta.sources.map((s) => s.name).join(', ');

  return (
    <li className="incident-row" aria-label={meta.title} aria-current={isCurrent ? 'true' : undefined}>
      <div className="incident-row-main">
        {editing === 'title' ? (
          <InlineEditor
            label="Title"
            initial={meta.title}
            validate={(v) => (v.trim() ? null : 'A title cannot be empty.')}
            onSave={async (v) => {
              const title = v.trim();
              if (title !== meta.title) {
                await session.rename(meta.id, title);
                report.status(`Renamed to ${title}`);
              }
              closeEditor();
            }}
            onCancel={closeEditor}
          />
        ) : (
          <div className="incident-row-head">
            <h3 className="incident-row-title">{meta.title}</h3>
            {isCurrent && <span className="incident-open-badge">open</span>}
          </div>
        )}
        {editing === 'tags' ? (
          <InlineEditor
            label="Tags"
            initial={meta.tags.join(', ')}
            hint="Comma-separated, e.g. oom, node-7, prod. Enter saves, Escape cancels."
            onSave={async (v) => {
              const tags = parseTags(v);
              if (tags.join('\n') !== meta.tags.join('\n')) {
                await session.setTags(meta.id, tags);
                report.status(tags.length ? `Tagged ${meta.title}: ${tags.join(', ')}` : 'Tags removed');
              }
              closeEditor();
            }}
            onCancel={closeEditor}
          />
        ) : (
          meta.tags.length > 0 && (
            <ul className="incident-tags" aria-label="Tags">
              {meta.tags.map((t) => (
                <li key={t} className="incident-tag">
                  {t}
                </li>
              ))}
            </ul>
          )
        )}
        <p className="incident-row-meta">
          <span>
            Updated{' '}
            <time dateTime={new Date(meta.updatedAt).toISOString()} title={formatLocalMinute(meta.updatedAt)}>
              {formatAgo(meta.updatedAt, now)}
            </time>
          </span>
          <span aria-hidden="true"> · </span>
          <span title={sourceNames || undefined}>{describeSize(meta)}</span>
        </p>
        {verdict && (
          <p className="incident-row-verdict">
            <span className="incident-row-verdict-label">Verdict:</span> {verdict}
          </p>
        )}
      </div>
      <div className="incident-row-actions">
        <button
          type="button"
          className={`btn btn-small${isCurrent ? '' : ' btn-primary'}`}
          onClick={onOpen}
          disabled={isCurrent || busy !== null}
          aria-busy={busy === 'open'}
          title={isCurrent ? 'This is the incident you are working on' : undefined}
        >
          {isCurrent ? 'Open now' : busy === 'open' ? 'Opening…' : 'Open'}
        </button>
        <button
          ref={renameRef}
          type="button"
          className="btn btn-small"
          onClick={() => setEditing('title')}
          disabled={editing !== null}
        >
          Rename
        </button>
        <button
          ref={tagsRef}
          type="button"
          className="btn btn-small"
          onClick={() => setEditing('tags')}
          disabled={editing !== null}
        >
          Tags
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={onDuplicate}
          disabled={busy !== null}
          aria-busy={busy === 'duplicate'}
        >
          {busy === 'duplicate' ? 'Duplicating…' : 'Duplicate'}
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={onExport}
          disabled={busy !== null}
          aria-busy={busy === 'export'}
          title="Download this incident as one file (sources, decisions, documents) to import elsewhere"
        >
          {busy === 'export' ? 'Exporting…' : 'Export bundle'}
        </button>
        <button
          type="button"
          className="btn btn-small btn-danger"
          onClick={onDelete}
          disabled={busy !== null}
          title="Delete (you can undo for a few seconds)"
        >
          Delete
        </button>
      </div>
    </li>
  );
}
