// "Import …" as a button that opens the browser's file picker (a hidden <input type="file">), for
// the incidents dialog's bundles and the recall shelf's scenarios: features do not import each
// other, so the piece they share lives here.
import { type ChangeEvent, useRef } from 'react';

export interface ImportFileButtonProps {
  /** The button's words when idle: "Import bundle…". */
  label: string;
  /** A file is being read: the button says so and cannot be pressed again. */
  busy: boolean;
  /** What the file may be called (the caller reads the content, never trusts the name). */
  accept: string;
  /** The hidden input's accessible name: "Bundle file to import". */
  inputLabel: string;
  title: string;
  className?: string;
  onFile: (file: File) => void;
}

export function ImportFileButton({
  label,
  busy,
  accept,
  inputLabel,
  title,
  className = 'btn',
  onFile,
}: ImportFileButtonProps) {
  const fileRef = useRef<HTMLInputElement>(null);
  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    // The same file may be picked again (after fixing it, or to import a second copy).
    e.target.value = '';
    if (file) onFile(file);
  };
  return (
    <>
      <button
        type="button"
        className={className}
        onClick={() => fileRef.current?.click()}
        disabled={busy}
        aria-busy={busy}
        title={title}
      >
        {busy ? 'Importing…' : label}
      </button>
      <input
        ref={fileRef}
        type="file"
        className="visually-hidden"
        accept={accept}
        aria-label={inputLabel}
        tabIndex={-1}
        onChange={onChange}
      />
    </>
  );
}
