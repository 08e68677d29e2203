// A one-line editor in place of what it edits (an incident's title, its tags): Enter saves,
// Escape cancels, and Escape never reaches the dialog (it would close the whole list).
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';

export interface InlineEditorProps {
  label: string;
  initial: string;
  /** Resolves when saved; a rejection's message is shown and the editor stays. */
  onSave: (value: string) => Promise<void>;
  onCancel: () => void;
  /** A message when the value cannot be saved as it is (empty title), else null. */
  validate?: (value: string) => string | null;
  hint?: string;
  className?: string;
}

export function InlineEditor({
  label,
  initial,
  onSave,
  onCancel,
  validate,
  hint,
  className,
}: InlineEditorProps) {
  const [value, setValue] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  const save = async () => {
    if (saving) return;
    const bad = validate?.(value) ?? null;
    setProblem(bad);
    if (bad) return;
    setSaving(true);
    try {
      await onSave(value);
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
      setSaving(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void save();
    } else if (e.key === 'Escape') {
      // A modal dialog closes on Escape unless the keydown is cancelled.
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    }
  };

  return (
    <div className={`inline-editor ${className ?? ''}`}>
      <label className="field-label" htmlFor={`${id}-input`}>
        {label}
      </label>
      <div className="inline-editor-row">
        <input
          ref={inputRef}
          id={`${id}-input`}
          className="inline-editor-input"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          onKeyDown={onKeyDown}
          aria-invalid={problem !== null}
          aria-describedby={`${id}-hint ${id}-problem`}
          disabled={saving}
        />
        <button type="button" className="btn btn-small btn-primary" onClick={save} disabled={saving}>
          Save
        </button>
        <button type="button" className="btn btn-small" onClick={onCancel} disabled={saving}>
          Cancel
        </button>
      </div>
      <p id={`${id}-hint`} className="hint">
        {hint ?? 'Enter saves, Escape cancels.'}
      </p>
      <p id={`${id}-problem`} className="inline-editor-problem" role="alert">
        {problem ?? ''}
      </p>
    </div>
  );
}
