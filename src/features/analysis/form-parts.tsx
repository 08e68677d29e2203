// The pieces the tab's two forms (your own hypothesis, Name a symptom) are built from, so that both
// keep the same markup: a form headed by an h3 it is labelled by, a label beside each field in the
// two-column grid, and a row with the submit button. Ids derive from the form's useId() prefix.
import type { FormEvent, ReactNode } from 'react';

export function AnalysisForm({
  ids,
  heading,
  className,
  onSubmit,
  noValidate,
  children,
}: {
  ids: string;
  heading: string;
  className: string;
  onSubmit: (e: FormEvent) => void;
  noValidate?: boolean;
  children: ReactNode;
}) {
  return (
    <form className={className} onSubmit={onSubmit} aria-labelledby={`${ids}-h`} noValidate={noValidate}>
      <h3 id={`${ids}-h`}>{heading}</h3>
      {children}
    </form>
  );
}

export function FieldLabel({ htmlFor, children }: { htmlFor: string; children: ReactNode }) {
  return (
    <label htmlFor={htmlFor} className="an-label">
      {children}
    </label>
  );
}

/** A one-line text field with its label; `mono` for ids, names and times. */
export function TextField({
  id,
  label,
  value,
  onChange,
  placeholder,
  mono = false,
  required,
  describedBy,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  mono?: boolean;
  required?: boolean;
  describedBy?: string;
}) {
  return (
    <>
      <FieldLabel htmlFor={id}>{label}</FieldLabel>
      <input
        id={id}
        className={mono ? 'an-input an-mono' : 'an-input'}
        type="text"
        value={value}
        required={required}
        placeholder={placeholder}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      />
    </>
  );
}

/** A select of fixed choices, [value, label] in the order shown. */
export function SelectField<T extends string>({
  id,
  label,
  value,
  onChange,
  options,
}: {
  id: string;
  label: string;
  value: T;
  onChange: (value: T) => void;
  options: readonly (readonly [T, string])[];
}) {
  return (
    <>
      <FieldLabel htmlFor={id}>{label}</FieldLabel>
      <select id={id} className="an-input" value={value} onChange={(e) => onChange(e.target.value as T)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </>
  );
}

/** The submit button, then whatever the form says beside it (a status line). */
export function SubmitRow({
  label,
  disabled,
  children,
}: {
  label: string;
  disabled?: boolean;
  children?: ReactNode;
}) {
  return (
    <div className="an-row">
      <button type="submit" className="btn btn-primary btn-small" disabled={disabled}>
        {label}
      </button>
      {children}
    </div>
  );
}

/**
 * A button that shows and hides the element `controls` names (a tree node's body, a paste box);
 * aria-expanded tells a screen reader which it is.
 */
export function DisclosureButton({
  open,
  controls,
  className,
  onToggle,
  children,
}: {
  open: boolean;
  controls: string;
  className: string;
  onToggle: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={className}
      aria-expanded={open}
      aria-controls={controls}
      onClick={onToggle}
    >
      {children}
    </button>
  );
}
