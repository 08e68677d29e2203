import { useEffect, useRef } from 'react';

/** The timeline's keys, as the help popover lists them (and as the handlers implement them). */
export const TIMELINE_KEYS: readonly [keys: string[], what: string][] = [
  [['j', '↓'], 'next row'],
  [['k', '↑'], 'previous row'],
  [['PgDn', 'PgUp', 'Home', 'End'], 'page, first, last row'],
  [['Enter'], 'open the row’s detail'],
  [['/'], 'search box'],
  [['n', 'N'], 'next / previous match of the search text'],
  [['p'], 'pin or unpin the row as a key event'],
  [['Esc'], 'close the detail, then reset the zoom'],
  [['0'], 'reset the zoom'],
  [['←', '→', '+', '-'], 'on the zoom window: move it, zoom in or out'],
  [['?'], 'this help'],
];

export function KeyboardHelp({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Focus goes into the popover, and back where it was when it closes.
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    ref.current?.focus();
    // A click anywhere else closes it, as popovers do.
    const onDown = (e: PointerEvent) => {
      const t = e.target as Node | null;
      if (t && !ref.current?.contains(t) && !(t instanceof Element && t.closest('.nav-help-btn'))) onClose();
    };
    document.addEventListener('pointerdown', onDown);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      if (before?.isConnected) before.focus({ preventScroll: true });
    };
  }, [onClose]);
  return (
    <div
      ref={ref}
      id="keyboard-help"
      className="keyboard-help"
      role="dialog"
      aria-label="Keyboard shortcuts"
      tabIndex={-1}
    >
      <div className="keyboard-help-head">
        <h3>Keyboard shortcuts</h3>
        <button
          type="button"
          className="btn btn-small btn-ghost"
          onClick={onClose}
          aria-label="Close keyboard help"
        >
          <svg viewBox="0 0 16 16" className="icon" aria-hidden="true">
            <path d="M4 4l8 8M12 4l-8 8" />
          </svg>
        </button>
      </div>
      <dl>
        {TIMELINE_KEYS.map(([keys, what]) => (
          <div key={what} className="keyboard-help-row">
            <dt>
              {keys.map((k) => (
                <kbd key={k}>{k}</kbd>
              ))}
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
