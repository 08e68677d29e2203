// "Deleted <title>. Undo" for UNDO_MS after a deletion. The live region is always in the page (a
// region that appears with its text is not reliably announced); the dialog shows its own copy
// while open, because the page behind a modal dialog is inert.
import { useEffect, useRef } from 'react';
import { useIncidentsUi } from './incidents-ui.ts';

export function UndoNotice({ placement, hidden = false }: { placement: 'app' | 'dialog'; hidden?: boolean }) {
  const { deleted, undoResult, undoDelete, dismissDeleted } = useIncidentsUi();
  const undoRef = useRef<HTMLButtonElement>(null);
  const show = !hidden;

  // The Delete button that had the focus is gone with its row: Undo is the next thing to reach.
  const key = deleted?.key;
  useEffect(() => {
    if (key !== undefined && placement === 'dialog') undoRef.current?.focus();
  }, [key, placement]);

  const visible = show && (deleted !== null || undoResult !== null);
  return (
    <div className={`undo-notice undo-notice-${placement}`} role="status" data-visible={visible}>
      {show && deleted && (
        <>
          <span>Deleted {deleted.title}.</span>
          <button ref={undoRef} type="button" className="btn btn-small btn-primary" onClick={undoDelete}>
            Undo
          </button>
          <button
            type="button"
            className="btn btn-small btn-ghost"
            onClick={dismissDeleted}
            aria-label="Dismiss"
            title="Dismiss (the incident stays deleted)"
          >
            ×
          </button>
        </>
      )}
      {show && !deleted && undoResult && <span>{undoResult}</span>}
    </div>
  );
}
