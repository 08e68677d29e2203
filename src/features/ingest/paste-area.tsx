import { type ClipboardEvent, type KeyboardEvent, useId, useState } from 'react';
import { formatBytes } from '../../state/format.ts';
import { useIngest } from './ingest-context.tsx';

/**
 * Above this many characters a paste skips the text box: a 50 MB string in a textarea makes
 * every keystroke and layout slow, while a Blob costs the page nothing.
 */
export const LARGE_PASTE_CHARS = 1_000_000;

export function PasteArea() {
  const { add, nextPasteName } = useIngest();
  const [text, setText] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const id = useId();

  const submit = () => {
    if (text.trim().length === 0) return;
    const name = nextPasteName();
    add([{ name, kind: 'paste', blob: new Blob([text], { type: 'text/plain' }) }]);
    setText('');
    setNote(null);
  };

  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    const pasted = e.clipboardData.getData('text/plain');
    if (pasted.length <= LARGE_PASTE_CHARS) return;
    e.preventDefault();
    const blob = new Blob([pasted], { type: 'text/plain' });
    const name = nextPasteName();
    add([{ name, kind: 'paste', blob }]);
    setNote(
      `That paste (${formatBytes(blob.size)}) was too large for the text box: it was added directly as ${name}.`,
    );
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <div className="paste-area">
      <label htmlFor={`${id}-text`} className="field-label">
        Paste command output
      </label>
      <textarea
        id={`${id}-text`}
        className="paste-text"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onPaste={onPaste}
        onKeyDown={onKeyDown}
        placeholder={
          'Output of journalctl, dmesg -T,\ncrictl ps -a, crictl inspect…\nSeveral commands in one paste: fine.'
        }
        spellCheck={false}
        autoComplete="off"
        rows={4}
        aria-describedby={`${id}-hint`}
      />
      <div className="paste-actions">
        <span id={`${id}-hint`} className="hint">
          <kbd>Ctrl</kbd>+<kbd>Enter</kbd> adds it
        </span>
        <button
          type="button"
          className="btn btn-primary"
          onClick={submit}
          disabled={text.trim().length === 0}
        >
          Add paste
        </button>
      </div>
      {note && (
        <p className="note" role="status">
          {note}
        </p>
      )}
    </div>
  );
}
