// "Delete…" that asks first, naming what goes, for what cannot be undone (a kept training scenario
// is dropped for good): the question with Delete and Cancel in place of the button. Shared by the
// Training tab's scenario list and the Incidents dialog's scenario shelf: features do not import
// each other, so the piece they share lives here.
import { useEffect, useRef, useState } from 'react';

export interface ConfirmDeleteProps {
  /** What is deleted, as the user knows it: the buttons' accessible names say it. */
  name: string;
  /** The question, naming it: "Delete “X” from this browser? …". */
  question: string;
  /** Does the deleting and reports its own outcome (a failure is the caller's to show). */
  onDelete: () => Promise<void>;
  disabled?: boolean;
  title?: string;
}

export function ConfirmDelete({ name, question, onDelete, disabled = false, title }: ConfirmDeleteProps) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const askRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);

  // The question takes the focus at its safe answer; a Cancel gives it back to "Delete…".
  useEffect(() => {
    if (asking) cancelRef.current?.focus();
    else if (wasAsking.current) askRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking)
    return (
      <button
        ref={askRef}
        type="button"
        className="btn btn-small btn-danger"
        disabled={disabled}
        aria-label={`Delete: ${name}`}
        title={title}
        onClick={() => setAsking(true)}
      >
        Delete…
      </button>
    );

  const confirm = async () => {
    setBusy(true);
    try {
      await onDelete();
    } finally {
      setBusy(false);
      setAsking(false);
    }
  };

  return (
    // A group (fieldset) named for the question: Escape in it answers as Cancel does.
    <fieldset
      className="confirm-delete"
      aria-label={`Delete ${name}?`}
      onKeyDown={(e) => {
        // Escape answers "no" here, rather than closing the dialog around it.
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          setAsking(false);
        }
      }}
    >
      <span className="confirm-delete-question">{question}</span>
      <span className="confirm-delete-actions">
        <button
          type="button"
          className="btn btn-small btn-danger confirm-delete-yes"
          disabled={busy}
          aria-busy={busy}
          aria-label={`Yes, delete ${name}`}
          onClick={confirm}
        >
          {busy ? 'Deleting…' : 'Delete'}
        </button>
        <button ref={cancelRef} type="button" className="btn btn-small" onClick={() => setAsking(false)}>
          Cancel
        </button>
      </span>
    </fieldset>
  );
}
