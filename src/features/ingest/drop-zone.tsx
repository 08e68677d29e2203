// Files come in three ways: the file chooser, a drop on the visible zone, or a drop anywhere on
// the window (an engineer drags a handful of logs from a file manager without aiming).
import { useEffect, useId, useRef, useState } from 'react';
import { useIngest } from './ingest-context.tsx';

function hasFiles(dt: DataTransfer | null): boolean {
  return dt !== null && Array.from(dt.types).includes('Files');
}

export function DropZone() {
  const { add, nextPasteName } = useIngest();
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const id = useId();

  const addFiles = (files: readonly File[]) => {
    if (files.length === 0) return;
    add(files.map((f) => ({ name: f.name, kind: 'file' as const, blob: f })));
  };
  const addFilesRef = useRef(addFiles);
  addFilesRef.current = addFiles;
  const pasteNameRef = useRef(nextPasteName);
  pasteNameRef.current = nextPasteName;
  const addRef = useRef(add);
  addRef.current = add;

  useEffect(() => {
    // dragenter/dragleave fire for every child element crossed: count them to know when the
    // pointer really left the window.
    let depth = 0;
    const onEnter = (e: DragEvent) => {
      if (!hasFiles(e.dataTransfer)) return;
      depth++;
      setDragging(true);
    };
    const onLeave = (e: DragEvent) => {
      if (!hasFiles(e.dataTransfer)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onOver = (e: DragEvent) => {
      // Without preventDefault the browser would open the dropped file in place of the app.
      if (hasFiles(e.dataTransfer) || e.dataTransfer?.types.includes('text/plain')) {
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      }
    };
    const onDrop = (e: DragEvent) => {
      depth = 0;
      setDragging(false);
      const dt = e.dataTransfer;
      if (!dt) return;
      const files = Array.from(dt.files);
      if (files.length > 0) {
        e.preventDefault();
        addFilesRef.current(files);
        return;
      }
      // Text dragged from another window (a ticket, a terminal) is a paste. Drops inside the
      // page's own text fields keep their normal behaviour.
      const target = e.target as HTMLElement | null;
      if (target?.closest('textarea, input')) return;
      const text = dt.getData('text/plain');
      if (text.trim().length > 0) {
        e.preventDefault();
        addRef.current([
          { name: pasteNameRef.current(), kind: 'paste', blob: new Blob([text], { type: 'text/plain' }) },
        ]);
      }
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  return (
    <>
      <div className={`drop-zone${dragging ? ' is-dragging' : ''}`} data-testid="drop-zone">
        <svg viewBox="0 0 24 24" className="drop-icon" aria-hidden="true">
          <path d="M12 15V4m0 0-4 4m4-4 4 4" />
          <path d="M4 15v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3" />
        </svg>
        <span className="drop-text">Drop log files here, or</span>
        <button
          type="button"
          className="btn"
          onClick={() => inputRef.current?.click()}
          aria-describedby={`${id}-hint`}
        >
          Open files…
        </button>
        <span id={`${id}-hint`} className="hint">
          Several at once. Gzip files (.gz) are decompressed here.
        </span>
        <input
          ref={inputRef}
          type="file"
          multiple
          className="visually-hidden"
          tabIndex={-1}
          aria-label="Log files to add"
          onChange={(e) => {
            addFiles(Array.from(e.target.files ?? []));
            // Reset so that choosing the same file again still fires a change.
            e.target.value = '';
          }}
        />
      </div>
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <div className="drop-overlay-box">Drop to add the files as sources</div>
        </div>
      )}
    </>
  );
}
