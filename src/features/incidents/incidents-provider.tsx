// The provider behind incidents-ui.ts: the dialog's open state with the focus to give back, the
// undo notice with its timer, and the bundle download shared by the rows and the quota alert.
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { errorMessage } from '../../state/format.ts';
import { useIncidentSession } from '../../state/incident-context.tsx';
import { downloadBlob } from '../../ui/download.ts';
import { IncidentsDialog } from './incidents-dialog.tsx';
import { type DeletedNotice, type IncidentsUi, IncidentsUiContext, UNDO_MS } from './incidents-ui.ts';
import { UndoNotice } from './undo-notice.tsx';

/**
 * Wraps the app: the dialog and the undo notice live here, once. `dialogExtra`: what the app
 * composes into the dialog below the incidents (issue 8: the scenarios kept here, from the recall
 * feature, which this one does not import).
 */
export function IncidentsProvider({
  children,
  dialogExtra,
}: {
  children: ReactNode;
  dialogExtra?: ReactNode;
}) {
  const session = useIncidentSession();
  const [dialogOpen, setDialogOpen] = useState(false);
  const [deleted, setDeleted] = useState<DeletedNotice | null>(null);
  const [undoResult, setUndoResult] = useState<string | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const nextKey = useRef(1);

  const openDialog = useCallback(() => {
    // Focus goes back where it came from (the header button, the banner's "Incidents…").
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setDialogOpen(true);
  }, []);

  const closeDialog = useCallback(() => {
    setDialogOpen(false);
    const back = opener.current;
    opener.current = null;
    // After React removed the dialog: a still-mounted opener gets the focus back.
    queueMicrotask(() => {
      if (back?.isConnected) back.focus();
    });
  }, []);

  const notifyDeleted = useCallback((title: string, undo: () => Promise<void>) => {
    setUndoResult(null);
    setDeleted({ key: nextKey.current++, title, undo });
  }, []);

  const dismissDeleted = useCallback(() => setDeleted(null), []);

  const undoDelete = useCallback(async () => {
    const d = deleted;
    if (!d) return;
    setDeleted(null);
    try {
      await d.undo();
      setUndoResult(`Restored ${d.title}`);
    } catch (err) {
      setUndoResult(`Could not restore ${d.title}: ${errorMessage(err)}`);
    }
  }, [deleted]);

  // The notice goes after UNDO_MS; a new deletion replaces it and starts again.
  useEffect(() => {
    if (!deleted) return;
    const t = setTimeout(() => setDeleted((d) => (d?.key === deleted.key ? null : d)), UNDO_MS);
    return () => clearTimeout(t);
  }, [deleted]);

  // "Restored …" is a passing word, not a state.
  useEffect(() => {
    if (!undoResult) return;
    const t = setTimeout(() => setUndoResult(null), UNDO_MS);
    return () => clearTimeout(t);
  }, [undoResult]);

  const exportIncident = useCallback(
    async (id: string) => {
      const { blob, fileName } = await session.exportBundle(id);
      downloadBlob(blob, fileName);
      return fileName;
    },
    [session],
  );

  const ui = useMemo<IncidentsUi>(
    () => ({
      dialogOpen,
      openDialog,
      closeDialog,
      deleted,
      undoResult,
      notifyDeleted,
      undoDelete,
      dismissDeleted,
      exportIncident,
    }),
    [
      dialogOpen,
      openDialog,
      closeDialog,
      deleted,
      undoResult,
      notifyDeleted,
      undoDelete,
      dismissDeleted,
      exportIncident,
    ],
  );

  return (
    <IncidentsUiContext.Provider value={ui}>
      {children}
      {dialogOpen && <IncidentsDialog extra={dialogExtra} />}
      {/* With the dialog open the page behind is inert: the dialog shows the notice itself. */}
      <UndoNotice placement="app" hidden={dialogOpen} />
    </IncidentsUiContext.Provider>
  );
}
