// The timeline's navigation row: jump to a typed time, the zoom window as editable From / To
// (the keyboard way to brush), Reset zoom, and the keyboard help. The display zone is chosen in
// the header (the clocks feature); times typed here are read in it.
import { type FormEvent, memo, useState } from 'react';
import type { DisplayZone } from '../../state/store.ts';
import { formatInputTime, parseTimeInput, TIME_INPUT_HELP, type TimeRef } from '../../state/time-input.ts';

type Window = [number, number];

interface NavigationBarProps {
  zone: DisplayZone;
  /** The view's first and last timed rows: a bare time of day is looked for between them. */
  timeRef: TimeRef;
  /** The whole range (unzoomed), and the zoomed window or null. */
  full: Window | null;
  window: Window | null;
  onJump: (t: number) => void;
  onWindow: (w: Window | null) => void;
  helpOpen: boolean;
  onHelp: () => void;
}

function TimeField({
  label,
  value,
  onChange,
  invalid,
  describedBy,
  placeholder,
  name,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  invalid: boolean;
  describedBy?: string;
  placeholder: string;
  name: string;
}) {
  return (
    <label className="nav-field">
      <span>{label}</span>
      <input
        type="text"
        name={name}
        className="nav-time-input"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        spellCheck={false}
        autoComplete="off"
      />
    </label>
  );
}

export const NavigationBar = memo(function NavigationBar({
  zone,
  timeRef,
  full,
  window: zoomed,
  onJump,
  onWindow,
  helpOpen,
  onHelp,
}: NavigationBarProps) {
  const [jump, setJump] = useState('');
  const [jumpError, setJumpError] = useState<string | null>(null);
  // What the user typed into From / To and has not applied yet; null = the field shows the window.
  // A field being edited keeps its text when the view under it changes (a search narrows the
  // whole range, a source arrives); only a new window (brushed, dragged, reset, or zoomed here)
  // replaces it.
  const [fromDraft, setFromDraft] = useState<string | null>(null);
  const [toDraft, setToDraft] = useState<string | null>(null);
  const [winError, setWinError] = useState<string | null>(null);
  const zoomKey = zoomed ? `${zoomed[0]}:${zoomed[1]}` : '';
  const [seenZoomKey, setSeenZoomKey] = useState(zoomKey);
  if (seenZoomKey !== zoomKey) {
    // Adjusted while rendering (React's way to reset state on a prop change): no stale frame.
    setSeenZoomKey(zoomKey);
    setFromDraft(null);
    setToDraft(null);
    setWinError(null);
  }

  // Untouched fields show the current window (brushed or typed), or the whole range, in the display zone.
  const shown = zoomed ?? full;
  const from = fromDraft ?? (shown ? formatInputTime(shown[0], zone) : '');
  const to = toDraft ?? (shown ? formatInputTime(shown[1], zone) : '');

  const submitJump = (e: FormEvent) => {
    e.preventDefault();
    const r = parseTimeInput(jump, zone, timeRef);
    if (!r.ok) {
      setJumpError(r.error);
      return;
    }
    setJumpError(null);
    onJump(r.us);
  };

  const submitWindow = (e: FormEvent) => {
    e.preventDefault();
    const a = parseTimeInput(from, zone, timeRef);
    const b = parseTimeInput(to, zone, timeRef);
    if (!a.ok || !b.ok) {
      setWinError(
        `${!a.ok ? `From: ${a.error}` : ''}${!a.ok && !b.ok ? ' ' : ''}${!b.ok ? `To: ${b.error}` : ''}`,
      );
      return;
    }
    if (b.us <= a.us) {
      setWinError('To must be after From.');
      return;
    }
    setWinError(null);
    setFromDraft(null);
    setToDraft(null);
    // The fields show the range's ends to the millisecond: a bound typed (or left) as shown is that end.
    const lo = full && formatInputTime(a.us, zone) === formatInputTime(full[0], zone) ? full[0] : a.us;
    const hi = full && formatInputTime(b.us, zone) === formatInputTime(full[1], zone) ? full[1] : b.us;
    // A window over the whole range is no zoom at all.
    onWindow(full && lo <= full[0] && hi >= full[1] ? null : [lo, hi]);
  };

  return (
    <div className="nav-bar">
      <form className="nav-form" onSubmit={submitJump} aria-label="Jump to time">
        <TimeField
          label="Jump to"
          name="jump"
          value={jump}
          onChange={(v) => {
            setJump(v);
            setJumpError(null);
          }}
          invalid={jumpError !== null}
          describedBy={jumpError ? 'jump-error' : undefined}
          placeholder="07:48:16"
        />
        <button type="submit" className="btn btn-small" title={`Jump to ${TIME_INPUT_HELP}`}>
          Go
        </button>
      </form>
      <form className="nav-form" onSubmit={submitWindow} aria-label="Zoom window">
        <TimeField
          label="From"
          name="from"
          value={from}
          onChange={setFromDraft}
          invalid={winError?.includes('From') ?? false}
          describedBy={winError ? 'window-error' : undefined}
          placeholder="start"
        />
        <TimeField
          label="To"
          name="to"
          value={to}
          onChange={setToDraft}
          invalid={winError?.includes('To') ?? false}
          describedBy={winError ? 'window-error' : undefined}
          placeholder="end"
        />
        <button type="submit" className="btn btn-small">
          Zoom
        </button>
      </form>
      <button
        type="button"
        className="btn btn-small"
        onClick={() => onWindow(null)}
        disabled={zoomed === null}
        title="Back to the whole range (Esc or 0)"
      >
        Reset zoom
      </button>
      <button
        type="button"
        className="btn btn-small btn-ghost nav-help-btn"
        aria-expanded={helpOpen}
        aria-controls="keyboard-help"
        onClick={onHelp}
        title="Keyboard shortcuts (?)"
      >
        <kbd>?</kbd> Keys
      </button>
      {(jumpError || winError) && (
        <p className="nav-bar-error" role="alert">
          {jumpError && <span id="jump-error">{jumpError}</span>}
          {winError && <span id="window-error">{winError}</span>}
        </p>
      )}
    </div>
  );
});
