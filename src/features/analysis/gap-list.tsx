// What to collect next: each gap's ask, the exact command (ids and times filled in) with a Copy
// button, and a box to paste what the command printed. The paste becomes a new source
// (`gap-<id>.txt`), and a new source means a new analysis: the tree is weighed again with it.
import { useId, useState } from 'react';
import type { Gap } from '../../core/analysis/model.ts';
import { useAddSource } from '../../state/queries.ts';
import { gapFileName } from './analysis-model.ts';
import { CommandLine } from './copy-button.tsx';
import { DisclosureButton } from './form-parts.tsx';

function GapPaste({ gap }: { gap: Gap }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [added, setAdded] = useState<string | null>(null);
  const addSource = useAddSource();
  const boxId = useId();
  const name = gapFileName(gap.id);
  const add = () => {
    setAdded(null);
    addSource.mutate(
      { input: { name, kind: 'paste', blob: new Blob([text], { type: 'text/plain' }) } },
      {
        onSuccess: (summary) => {
          setText('');
          setOpen(false);
          setAdded(summary.name);
        },
      },
    );
  };
  return (
    <div className="an-gap-paste">
      <DisclosureButton
        open={open}
        controls={boxId}
        className="btn btn-small"
        onToggle={() => setOpen(!open)}
      >
        Paste its output
      </DisclosureButton>
      <span className="an-gap-status" role="status">
        {added && `Added as ${added}: the analysis is weighed again with it.`}
      </span>
      {open && (
        <div id={boxId} className="an-gap-box">
          <textarea
            className="an-textarea an-mono"
            aria-label={`Output of: ${gap.command}`}
            placeholder="Paste what the command printed"
            rows={5}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <div className="an-row">
            <button
              type="button"
              className="btn btn-small btn-primary"
              disabled={text.trim() === '' || addSource.isPending}
              onClick={add}
            >
              {addSource.isPending ? 'Adding…' : `Add as ${name}`}
            </button>
          </div>
          {addSource.error && (
            <p className="an-error" role="alert">
              Could not add it: {addSource.error.message}
            </p>
          )}
        </div>
      )}
    </div>
  );
}

export function GapItem({ gap }: { gap: Gap }) {
  return (
    <li className="an-gap">
      <p className="an-gap-ask">{gap.ask}</p>
      <CommandLine command={gap.command} />
      <GapPaste gap={gap} />
    </li>
  );
}

export function GapList({ gaps, label }: { gaps: readonly Gap[]; label: string }) {
  if (gaps.length === 0) return null;
  return (
    <ul className="an-gaps" aria-label={label}>
      {gaps.map((g) => (
        <GapItem key={g.id} gap={g} />
      ))}
    </ul>
  );
}
