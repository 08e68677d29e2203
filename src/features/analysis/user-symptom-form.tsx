// "Name a symptom" (issue 5 part 2): what the analyst saw go wrong that the inputs do not show,
// or show under another name ("checkout pod hangs"). It is built by the core's userSymptom, so it
// sets the focus exactly as a detected symptom would (facts.container / pod / time), and kept in the
// store with the other decisions: the next analysis weighs it, and it survives a reload.
import { type FormEvent, useId, useState } from 'react';
import { type SymptomKind, userSymptom } from '../../core/analysis/symptoms.ts';
import { formatOffset } from '../../state/format.ts';
import { type DisplayZone, useWorkbenchStore } from '../../state/store.ts';
import { parseTimeInput, TIME_INPUT_HELP, type TimeRef } from '../../state/time-input.ts';
import { AnalysisForm, SelectField, SubmitRow, TextField } from './form-parts.tsx';

/** The kinds in the order the analyst meets them, with the words they would use. */
const KIND_LABELS: readonly (readonly [SymptomKind, string])[] = [
  ['container-unknown', 'container Unknown'],
  ['shim-died', 'shim died'],
  ['exit-137', 'exit 137'],
  ['oom-killed', 'OOMKilled'],
  ['restarts', 'restarts'],
  ['task-missing', 'task missing'],
  ['custom', 'other (custom)'],
];

// An id, a name or namespace/name never holds a space: `7fc23ca64dfc`, `payments/checkout-tkv49ntw2-qc86p`.
const NO_SPACE_RE = /^\S+$/;

// The runtime prefix kubectl prints before a container id: `containerd://7fc23ca64dfc...`.
const RUNTIME_PREFIX_RE = /^[a-z-]+:\/\//;

function zoneName(zone: DisplayZone): string {
  if (zone === 'utc') return 'UTC';
  if (zone === 'local') return "your browser's zone";
  return `UTC${formatOffset(zone)}`;
}

/**
 * `timeRef` is the incident's span (the analysis' coverage, else its focus time): a time of day typed
 * alone is read on the day it falls in that span, as the timeline reads it in its view.
 */
export function UserSymptomForm({ timeRef, onDone }: { timeRef: TimeRef; onDone: (title: string) => void }) {
  const zone = useWorkbenchStore((s) => s.displayZone);
  const add = useWorkbenchStore((s) => s.addUserSymptom);
  const [kind, setKind] = useState<SymptomKind>('custom');
  const [title, setTitle] = useState('');
  const [container, setContainer] = useState('');
  const [pod, setPod] = useState('');
  const [time, setTime] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const ids = useId();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: string[] = [];
    const t = title.trim();
    if (t === '') found.push('Give the symptom a title: what you saw go wrong (e.g. checkout pod hangs).');
    const c = container.trim().replace(RUNTIME_PREFIX_RE, '');
    if (c !== '' && !NO_SPACE_RE.test(c)) found.push('A container is one id or name, without spaces.');
    const p = pod.trim();
    if (p !== '' && !NO_SPACE_RE.test(p)) found.push('A pod is namespace/name (or its UID), without spaces.');
    let us: number | undefined;
    if (time.trim() !== '') {
      const r = parseTimeInput(time, zone, timeRef);
      if (r.ok) us = r.us;
      else found.push(r.error);
    }
    setErrors(found);
    if (found.length > 0) return;
    add(
      userSymptom(kind, t, {
        ...(c ? { container: c } : {}),
        ...(p ? { pod: p } : {}),
        ...(us !== undefined ? { time: us } : {}),
      }),
    );
    onDone(t);
  };

  const invalid = errors.length > 0;
  return (
    <AnalysisForm
      ids={ids}
      heading="Name a symptom"
      className="an-custom-form an-symptom-form"
      onSubmit={submit}
      noValidate
    >
      <div className="an-form-grid">
        <SelectField id={`${ids}-kind`} label="Kind" value={kind} onChange={setKind} options={KIND_LABELS} />
        <TextField
          id={`${ids}-title`}
          label="What you saw"
          value={title}
          required
          placeholder="e.g. checkout pod hangs"
          onChange={setTitle}
        />
        <TextField
          id={`${ids}-container`}
          label="Container"
          mono
          value={container}
          placeholder="id or name (optional): 7fc23ca64dfc, checkout"
          onChange={setContainer}
        />
        <TextField
          id={`${ids}-pod`}
          label="Pod"
          mono
          value={pod}
          placeholder="namespace/name (optional)"
          onChange={setPod}
        />
        <TextField
          id={`${ids}-time`}
          label="Time"
          mono
          value={time}
          placeholder="optional: 07:48:16 or 2025-11-24T07:48:16Z"
          describedBy={`${ids}-time-help`}
          onChange={setTime}
        />
      </div>
      <p id={`${ids}-time-help`} className="an-muted">
        Type {TIME_INPUT_HELP}; a date and time may end with a zone (Z, UTC, CET, +01:00). A time without a
        zone is read in the display zone ({zoneName(zone)}); a time of day alone, on the incident's day. The
        earliest death with a time (shim died, exit 137, OOMKilled, task missing) sets the window the causes
        are weighed in.
      </p>
      {invalid && (
        <div className="an-error" role="alert">
          {errors.map((e) => (
            <p key={e}>{e}</p>
          ))}
        </div>
      )}
      <SubmitRow label="Add symptom" />
    </AnalysisForm>
  );
}
