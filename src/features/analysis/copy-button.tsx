// A Copy button for a command: writes it to the clipboard and says whether that worked (a page
// without clipboard access is told to select the text instead).
import { useState } from 'react';

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<{ text: string; ok: boolean } | null>(null);
  const shown = state !== null && state.text === text ? state : null;
  const onCopy = () => {
    const clipboard = typeof navigator === 'undefined' ? undefined : navigator.clipboard;
    if (!clipboard) {
      setState({ text, ok: false });
      return;
    }
    clipboard.writeText(text).then(
      () => setState({ text, ok: true }),
      () => setState({ text, ok: false }),
    );
  };
  return (
    <span className="an-copy">
      <button type="button" className="btn btn-small" onClick={onCopy}>
        {label}
      </button>
      <span className="an-copy-status" role="status">
        {shown === null ? '' : shown.ok ? 'Copied' : 'Could not copy: select the text'}
      </span>
    </span>
  );
}

/** A shell command as text, with its Copy button. */
export function CommandLine({ command }: { command: string }) {
  return (
    <div className="an-cmd">
      <pre>
        <code>{command}</code>
      </pre>
      <CopyButton text={command} />
    </div>
  );
}
