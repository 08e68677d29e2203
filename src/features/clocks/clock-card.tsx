// One source's clock: the year and zone its stamps were read with (and why), its shift or pinned
// line, its boot domains, and what the user can do: accept, correct, pin a line, reset.
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import type { ClockDecision, Row, SourceClock } from '../../core/engine/engine-api.ts';
import type { TimeQuality } from '../../core/model/event.ts';
import { formatCount, formatTimeFull } from '../../state/format.ts';
import { useEventRows, useSetClock } from '../../state/queries.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import { BootDomain } from './boot-domain.tsx';
import {
  decisionOf,
  hasGuess,
  hasInferred,
  needsLook,
  offsetOptions,
  offsetText,
  parseCorrection,
  parseWallTime,
  parseYear,
  shiftText,
  withEdit,
  YEAR_HOW,
  ZONE_HOW,
} from './clock-model.ts';

const QUALITIES: readonly TimeQuality[] = ['exact', 'inferred', 'aligned', 'relative', 'none'];

const QUALITY_HELP: Record<TimeQuality, string> = {
  exact: 'full date, time and zone in the line',
  inferred: 'year or zone inferred',
  aligned: 'seconds since boot turned into wall time from evidence',
  relative: 'only seconds since boot',
  none: 'no time at all',
};

function Status({ clock }: { clock: SourceClock }) {
  if (clock.accepted)
    return (
      <span className="clock-status status-ok" title="You accepted it: later inference will not change it">
        accepted
      </span>
    );
  if (!needsLook(clock))
    return (
      <span className="clock-status status-ok" title="Nothing of this clock was inferred">
        nothing inferred
      </span>
    );
  if (hasGuess(clock))
    return (
      <span
        className="clock-status status-guess"
        title="Needs a look: a default was assumed, or a boot has no evidence"
      >
        guessed
      </span>
    );
  return (
    <span className="clock-status status-look" title="Needs a look: inferred from evidence, not accepted yet">
      inferred
    </span>
  );
}

const NOT_NEEDED = 'Its stamps carry it, or it has none to complete';

/** The year or the zone: "not needed", or its editor, how it was found and why. */
function InferredFact<How extends string>({
  label,
  value,
  hows,
  editor,
}: {
  label: string;
  value: { how: How; reason: string } | null;
  hows: Record<How, string>;
  editor: ReactNode;
}) {
  return (
    <div className="clock-fact">
      <dt>{label}</dt>
      <dd>
        {value === null ? (
          <span className="muted" title={NOT_NEEDED}>
            not needed
          </span>
        ) : (
          <>
            {editor}
            <span className={`clock-how how-${value.how}`}>{hows[value.how]}</span>
            <span className="clock-reason">{value.reason}</span>
          </>
        )}
      </dd>
    </div>
  );
}

/** A form's message, named `${id}-error` for its input's aria-describedby. */
function FieldError({ id, error }: { id: string; error: string | null }) {
  if (!error) return null;
  return (
    <p id={`${id}-error`} className="clock-error" role="alert">
      {error}
    </p>
  );
}

/** The one-line box of the correct and pin forms (a time, an offset, a shift). */
function TextBox(props: {
  id: string;
  value: string;
  onChange: (v: string) => void;
  placeholder: string;
  invalid: boolean;
  describedBy: string | undefined;
}) {
  return (
    <input
      id={props.id}
      className="clock-input clock-text"
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      placeholder={props.placeholder}
      aria-invalid={props.invalid}
      aria-describedby={props.describedBy}
      spellCheck={false}
      autoComplete="off"
    />
  );
}

function FormActions({ submit, onDone }: { submit: string; onDone: () => void }) {
  return (
    <div className="clock-form-actions">
      <button type="submit" className="btn btn-small btn-primary">
        {submit}
      </button>
      <button type="button" className="btn btn-small btn-ghost" onClick={onDone}>
        Cancel
      </button>
    </div>
  );
}

function YearEditor({ clock, send }: { clock: SourceClock; send: (d: ClockDecision) => void }) {
  const id = useId();
  const [text, setText] = useState(String(clock.year?.value ?? ''));
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const r = parseYear(text);
    if ('error' in r) {
      setError(r.error);
      return;
    }
    setError(null);
    send({ year: r.year });
  };
  return (
    <form className="clock-inline" onSubmit={submit} noValidate>
      <label htmlFor={id} className="visually-hidden">
        Year of {clock.name}
      </label>
      <input
        id={id}
        className="clock-input clock-year"
        type="number"
        inputMode="numeric"
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <button type="submit" className="btn btn-small">
        Set year
      </button>
      <FieldError id={id} error={error} />
    </form>
  );
}

function ZoneEditor({ clock, send }: { clock: SourceClock; send: (d: ClockDecision) => void }) {
  const id = useId();
  const current = clock.zone?.utcOffsetMinutes ?? 0;
  return (
    <span className="clock-inline">
      <label htmlFor={id} className="visually-hidden">
        Zone of {clock.name}
      </label>
      <select
        id={id}
        className="clock-input clock-zone"
        value={current}
        onChange={(e) => send({ utcOffsetMinutes: Number(e.target.value) })}
      >
        {offsetOptions(current).map((m) => (
          <option key={m} value={m}>
            {offsetText(m)}
          </option>
        ))}
      </select>
    </span>
  );
}

/** What the correct and pin forms get: the clock, how to send an edit, and how to close. */
interface FormProps {
  clock: SourceClock;
  send: (d: ClockDecision) => void;
  onDone: () => void;
}

function CorrectForm({ clock, send, onDone }: FormProps) {
  const id = useId();
  const [text, setText] = useState('');
  const [boot, setBoot] = useState(clock.boots[0]?.boot ?? '');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const c = parseCorrection(text, { hasBoots: clock.boots.length > 0, hasZone: clock.zone !== null });
    if (c.kind === 'error') {
      setError(c.message);
      return;
    }
    setError(null);
    if (c.kind === 'boot-time') send({ bootTimes: { [boot]: c.us } });
    else if (c.kind === 'offset') send({ utcOffsetMinutes: c.minutes });
    else send({ shiftUs: c.us, pin: undefined });
    onDone();
  };
  return (
    <form
      className="clock-form"
      onSubmit={submit}
      noValidate
      aria-label={`Correct the clock of ${clock.name}`}
    >
      <label htmlFor={id} className="field-label">
        Boot time, UTC offset or shift
      </label>
      <TextBox
        id={id}
        value={text}
        onChange={setText}
        placeholder={clock.boots.length > 0 ? '2025-11-26T05:00:00Z' : '+02:00 or +1.5s'}
        invalid={error !== null}
        describedBy={`${id}-help${error ? ` ${id}-error` : ''}`}
      />
      <p id={`${id}-help`} className="hint">
        {clock.boots.length > 0 &&
          'A boot time with its zone (2025-11-26T05:00:00Z) sets when the boot began; '}
        {clock.zone !== null && 'an offset (+02:00) is the zone of the lines; '}a shift (+1.5s, -350ms, +2h)
        moves every time of the source.
      </p>
      {clock.boots.length > 1 && (
        <label className="clock-boot-pick">
          <span className="field-label">Boot time applies to</span>
          <select className="clock-input" value={boot} onChange={(e) => setBoot(e.target.value)}>
            {clock.boots.map((b) => (
              <option key={b.boot} value={b.boot}>
                boot {b.boot}
              </option>
            ))}
          </select>
        </label>
      )}
      <FieldError id={id} error={error} />
      <FormActions submit="Apply correction" onDone={onDone} />
    </form>
  );
}

function PinForm(props: FormProps) {
  const selected = useWorkbenchStore((s) => s.selectedEventId);
  const { data: rows, isPending } = useEventRows(selected ? [selected] : []);
  const row = selected && !isPending ? rows?.[0] : undefined;
  // Remounted when the selection (or its row) arrives, so the time box starts from that line's time.
  return (
    <PinFormBody
      key={`${selected}|${row?.eventId ?? ''}`}
      {...props}
      selected={selected}
      row={row}
      loading={selected !== null && isPending}
    />
  );
}

function PinFormBody({
  clock,
  send,
  onDone,
  selected,
  row,
  loading,
}: FormProps & { selected: string | null; row: Row | undefined; loading: boolean }) {
  const id = useId();
  const ofThisSource = row !== undefined && row.sourceId === clock.sourceId;
  const [text, setText] = useState(row && row.time !== null && ofThisSource ? formatTimeFull(row.time) : '');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!selected || !ofThisSource) {
      setError(`Select a line of ${clock.name} in the timeline first.`);
      return;
    }
    const w = parseWallTime(text);
    if ('error' in w) {
      setError(w.error);
      return;
    }
    setError(null);
    send({ pin: { eventId: selected, wallUs: w.us }, shiftUs: undefined });
    onDone();
  };
  let chosen: string;
  if (!selected) chosen = 'No line selected: select one in the timeline (click a row).';
  else if (loading) chosen = 'Reading the selected line…';
  else if (!row) chosen = 'The selected line is no longer there: select another.';
  else if (!ofThisSource)
    chosen = `The selected line is from ${row.sourceName}: select a line of ${clock.name}.`;
  else chosen = `Line ${row.line}: ${row.message.slice(0, 120)}`;
  return (
    <form className="clock-form" onSubmit={submit} noValidate aria-label={`Pin a line of ${clock.name}`}>
      <p className={ofThisSource ? 'clock-pin-line' : 'hint'}>{chosen}</p>
      <label htmlFor={id} className="field-label">
        This line happened at (with zone)
      </label>
      <TextBox
        id={id}
        value={text}
        onChange={setText}
        placeholder="2025-11-26T07:48:16.250Z"
        invalid={error !== null}
        describedBy={error ? `${id}-error` : undefined}
      />
      <FieldError id={id} error={error} />
      <FormActions submit="Pin line" onDone={onDone} />
    </form>
  );
}

export function ClockCard({ clock, names }: { clock: SourceClock; names: ReadonlyMap<string, string> }) {
  const setClock = useSetClock();
  const [open, setOpen] = useState<'correct' | 'pin' | null>(null);
  /** A button that opens its form, or closes it when it is the one open. */
  const toggle = (form: 'correct' | 'pin') => ({
    'aria-expanded': open === form,
    onClick: () => setOpen(open === form ? null : form),
  });
  const send = (edit: ClockDecision) => {
    const decision = withEdit(clock, edit);
    // `undefined` in an edit clears that field (a shift replaces a pin and back).
    for (const k of Object.keys(edit) as (keyof ClockDecision)[])
      if (edit[k] === undefined) delete decision[k];
    setClock.mutate({ sourceId: clock.sourceId, decision });
  };
  const titleId = useId();
  const decided = Object.keys(decisionOf(clock)).length > 0;
  const total = QUALITIES.reduce((n, q) => n + (clock.qualities[q] ?? 0), 0);
  return (
    <li className="clock-card" aria-labelledby={titleId} data-source-id={clock.sourceId}>
      <div className="clock-head">
        <h3 id={titleId} className="clock-name" title={clock.name}>
          {clock.name}
        </h3>
        <Status clock={clock} />
      </div>

      <dl className="clock-facts">
        <InferredFact
          label="Year"
          value={clock.year}
          hows={YEAR_HOW}
          editor={<YearEditor key={clock.year?.value} clock={clock} send={send} />}
        />
        <InferredFact
          label="Zone"
          value={clock.zone}
          hows={ZONE_HOW}
          editor={<ZoneEditor clock={clock} send={send} />}
        />
        <div className="clock-fact">
          <dt>Shift</dt>
          <dd>
            <span>{shiftText(clock.shiftUs)}</span>
            {clock.pinned && (
              <span className="clock-reason">
                line {clock.pinned.eventId} pinned to <code>{formatTimeFull(clock.pinned.wallUs)}</code>
              </span>
            )}
          </dd>
        </div>
      </dl>

      <ul className="clock-qualities" aria-label={`Times of ${clock.name} by quality`}>
        {QUALITIES.map((q) => {
          const n = clock.qualities[q] ?? 0;
          return (
            <li key={q} className={n === 0 ? 'is-zero' : undefined} title={QUALITY_HELP[q]}>
              <span className={`tq tq-${q}`}>{q}</span> {formatCount(n)}
            </li>
          );
        })}
      </ul>
      {total === 0 && <p className="hint">No events with a time quality yet.</p>}

      {clock.boots.length > 0 && (
        <ul className="boots" aria-label={`Boots of ${clock.name}`}>
          {clock.boots.map((b) => (
            <BootDomain key={b.boot} boot={b} names={names} accepted={clock.accepted} />
          ))}
        </ul>
      )}

      <div className="clock-actions">
        {/* Accept only what was inferred; Reset only what the user decided. */}
        {(hasInferred(clock) || clock.accepted) && (
          <button
            type="button"
            className="btn btn-small"
            disabled={clock.accepted || setClock.isPending}
            onClick={() => send({ accepted: true })}
            title="Keep these values: later inference will not change them"
          >
            {clock.accepted ? 'Accepted' : 'Accept'}
          </button>
        )}
        <button type="button" className="btn btn-small" {...toggle('correct')}>
          Correct…
        </button>
        <button
          type="button"
          className="btn btn-small"
          {...toggle('pin')}
          title="Say when the line selected in the timeline really happened (as lnav's :adjust-log-time)"
        >
          Pin a line…
        </button>
        {decided && (
          <button
            type="button"
            className="btn btn-small btn-ghost"
            disabled={setClock.isPending}
            onClick={() => setClock.mutate({ sourceId: clock.sourceId, decision: null })}
            title="Forget your decisions for this source and infer again"
          >
            Reset to inferred
          </button>
        )}
      </div>
      {open === 'correct' && <CorrectForm clock={clock} send={send} onDone={() => setOpen(null)} />}
      {open === 'pin' && <PinForm clock={clock} send={send} onDone={() => setOpen(null)} />}
      {setClock.isError && (
        <p className="clock-error" role="alert">
          Could not change the clock: {setClock.error.message}
        </p>
      )}
    </li>
  );
}
