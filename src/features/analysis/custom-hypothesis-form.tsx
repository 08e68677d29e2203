// The analyst's own hypothesis: a title, where it hangs (below a cause, or on its own as `other`),
// a note, and events attached for or against it: the event selected in the timeline, or any of
// the pinned key events. It is weighed like the engine's hypotheses and shown in the tree.
import { type FormEvent, useId, useMemo, useState } from 'react';
import { CAUSE_IDS, type CauseId } from '../../core/analysis/model.ts';
import { useEventRows } from '../../state/queries.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import { customIdFor } from './analysis-model.ts';
import { AnalysisForm, FieldLabel, SelectField, SubmitRow, TextField } from './form-parts.tsx';

type Stance = 'for' | 'against';

function EventLabel({ eventId, message }: { eventId: string; message?: string }) {
  return (
    <>
      <code>{eventId}</code>
      {message && <span className="an-event-msg"> {message.slice(0, 140)}</span>}
    </>
  );
}

export function CustomHypothesisForm({ causeTitles }: { causeTitles: ReadonlyMap<CauseId, string> }) {
  const selected = useWorkbenchStore((s) => s.selectedEventId);
  const pins = useWorkbenchStore((s) => s.pins);
  const custom = useWorkbenchStore((s) => s.customHypotheses);
  const add = useWorkbenchStore((s) => s.addCustomHypothesis);
  const [title, setTitle] = useState('');
  const [parent, setParent] = useState<CauseId | ''>('');
  const [note, setNote] = useState('');
  const [attached, setAttached] = useState<{ eventId: string; stance: Stance }[]>([]);
  const [added, setAdded] = useState<string | null>(null);
  const ids = useId();

  // The messages of the events on offer, to recognise them by (unknown ids are left out).
  const offered = useMemo(
    () => [...new Set([...(selected ? [selected] : []), ...pins.map((p) => p.eventId)])],
    [selected, pins],
  );
  const rows = useEventRows(offered);
  const parentOptions = useMemo(
    (): readonly (readonly [CauseId | '', string])[] => [
      ['', 'None: a cause of its own (other)'],
      ...CAUSE_IDS.map((c) => [c, causeTitles.get(c) ?? c] as const),
    ],
    [causeTitles],
  );
  const messageOf = (id: string) => rows.data?.find((r) => r.eventId === id)?.message;

  const attach = (eventId: string, stance: Stance) =>
    setAttached((list) => [...list.filter((a) => a.eventId !== eventId), { eventId, stance }]);
  const stanceOf = (eventId: string) => attached.find((a) => a.eventId === eventId)?.stance;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const t = title.trim();
    if (t === '') return;
    const id = customIdFor(
      t,
      custom.map((c) => c.id),
    );
    add({
      id,
      title: t,
      ...(parent ? { parent } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
      for: attached.filter((a) => a.stance === 'for').map((a) => a.eventId),
      against: attached.filter((a) => a.stance === 'against').map((a) => a.eventId),
    });
    setTitle('');
    setParent('');
    setNote('');
    setAttached([]);
    setAdded(t);
  };

  const stanceButtons = (eventId: string, what: string) => (
    <span className="an-row">
      {(['for', 'against'] as const).map((stance) => (
        <button
          key={stance}
          type="button"
          className="btn btn-small"
          aria-pressed={stanceOf(eventId) === stance}
          onClick={() => attach(eventId, stance)}
        >
          Attach {what} ({stance})
        </button>
      ))}
    </span>
  );

  return (
    <AnalysisForm ids={ids} heading="Add your own hypothesis" className="an-custom-form" onSubmit={submit}>
      <div className="an-form-grid">
        <TextField
          id={`${ids}-title`}
          label="Title"
          value={title}
          required
          placeholder="e.g. the log shipper sidecar filled the node's memory"
          onChange={setTitle}
        />
        <SelectField
          id={`${ids}-parent`}
          label="Below cause"
          value={parent}
          onChange={setParent}
          options={parentOptions}
        />
        <FieldLabel htmlFor={`${ids}-note`}>Note</FieldLabel>
        <textarea
          id={`${ids}-note`}
          className="an-textarea"
          rows={2}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </div>

      <fieldset className="an-attach">
        <legend>Evidence</legend>
        <div className="an-attach-row">
          <span className="an-label">Selected in the timeline:</span>{' '}
          {selected ? (
            <>
              <EventLabel eventId={selected} message={messageOf(selected)} />
              {stanceButtons(selected, 'the selected timeline event')}
            </>
          ) : (
            <span className="an-muted">nothing (select an event on the Timeline tab)</span>
          )}
        </div>
        {pins.length > 0 && (
          <ul className="an-pin-offer" aria-label="Pinned key events">
            {pins.map((p) => (
              <li key={p.eventId}>
                <EventLabel eventId={p.eventId} message={p.note || messageOf(p.eventId)} />
                {stanceButtons(p.eventId, 'this key event')}
              </li>
            ))}
          </ul>
        )}
        {attached.length > 0 && (
          <ul className="an-attached" aria-label="Attached to the new hypothesis">
            {attached.map((a) => (
              <li key={a.eventId}>
                <code>{a.eventId}</code> ({a.stance}){' '}
                <button
                  type="button"
                  className="btn btn-small btn-ghost"
                  onClick={() => setAttached((list) => list.filter((x) => x.eventId !== a.eventId))}
                >
                  Detach
                </button>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      <SubmitRow label="Add hypothesis" disabled={title.trim() === ''}>
        <span role="status" className="an-muted">
          {added && `Added “${added}”: it is weighed with the rest.`}
        </span>
      </SubmitRow>
    </AnalysisForm>
  );
}
