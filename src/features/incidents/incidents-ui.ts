// What the incident pieces share beyond the session: whether the Incidents dialog is open (the
// header, the quota alert and the elsewhere banner all open it), and the undo notice of the last
// deletion, which outlives the dialog. The session itself stays the only source of incidents.
import { createContext, useContext } from 'react';

/** How long "Deleted <title>. Undo" stays. */
export const UNDO_MS = 10_000;

export interface DeletedNotice {
  /** Bumped per deletion, so a second deletion restarts the timer. */
  key: number;
  title: string;
  undo: () => Promise<void>;
}

export interface IncidentsUi {
  dialogOpen: boolean;
  openDialog: () => void;
  closeDialog: () => void;
  deleted: DeletedNotice | null;
  /** What the last Undo did ("Restored …" or why not), shown where the notice was. */
  undoResult: string | null;
  notifyDeleted: (title: string, undo: () => Promise<void>) => void;
  undoDelete: () => Promise<void>;
  dismissDeleted: () => void;
  /** Downloads the incident's bundle; resolves to its file name. */
  exportIncident: (id: string) => Promise<string>;
}

export const IncidentsUiContext = createContext<IncidentsUi | null>(null);

export function useIncidentsUi(): IncidentsUi {
  const ui = useContext(IncidentsUiContext);
  if (!ui) throw new Error('useIncidentsUi needs an IncidentsProvider');
  return ui;
}
