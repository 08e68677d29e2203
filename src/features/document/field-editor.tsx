// One control per field type: a line of text, Markdown with a preview, a list (one item per line),
// a table (an editable grid), the cited lines of an event list, the hypothesis tree (read here,
// decided on the Analysis tab) and code. Every edit marks the field edited: a re-fill keeps it.
import { useId, useState } from 'react';
import type {
  EventRef,
  FieldValue,
  HypothesisNode,
  TemplateField,
} from '../../core/report/document-model.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import { MarkdownView } from './doc-preview.tsx';
import { eventsOf, listFromText, listOf, tableOf, textOf } from './draft-model.ts';

export interface FieldEditorProps {
  field: TemplateField;
  value: FieldValue | undefined;
  edited: boolean;
  onChange: (value: FieldValue) => void;
  onReset: () => void;
  /** Lines that can be added to an event list: the selected timeline event and the pins. */
  selected: EventRef | null;
  pinned: EventRef[];
}

export function FieldEditor(props: FieldEditorProps) {
  const { field, edited, onReset } = props;
  const id = useId();
  const helpId = `${id}-help`;
  return (
    <fieldset className="doc-field" data-field={field.name} data-type={field.type}>
      <legend className="doc-field-head">
        <span className="doc-field-label">{field.label}</span>
        {edited && <span className="doc-edited">edited</span>}
      </legend>
      {field.help && (
        <p id={helpId} className="doc-help">
          {field.help}
        </p>
      )}
      <FieldControl {...props} inputId={id} helpId={field.help ? helpId : undefined} />
      <div className="doc-field-actions">
        <button
          type="button"
          className="btn btn-small"
          onClick={onReset}
          aria-label={`Reset ${field.label}`}
          title="Back to the value filled from the analysis (or the template's default)"
        >
          Reset field
        </button>
      </div>
    </fieldset>
  );
}

interface ControlProps extends FieldEditorProps {
  inputId: string;
  helpId: string | undefined;
}

function FieldControl(p: ControlProps) {
  switch (p.field.type) {
    case 'text':
      return (
        <input
          id={p.inputId}
          type="text"
          className="doc-input"
          aria-label={p.field.label}
          aria-describedby={p.helpId}
          value={textOf(p.field, p.value)}
          onChange={(e) => p.onChange(e.target.value)}
        />
      );
    case 'markdown':
      return <MarkdownControl {...p} />;
    case 'code':
      return (
        <textarea
          id={p.inputId}
          className="doc-textarea doc-code"
          aria-label={p.field.label}
          aria-describedby={p.helpId}
          spellCheck={false}
          rows={Math.min(16, Math.max(4, textOf(p.field, p.value).split('\n').length + 1))}
          value={textOf(p.field, p.value)}
          onChange={(e) => p.onChange(e.target.value)}
        />
      );
    case 'list':
      return <ListControl {...p} />;
    case 'table':
      return <TableControl {...p} />;
    case 'event-list':
      return <EventListControl {...p} />;
    case 'hypothesis-tree':
      return <HypothesisSummary value={p.value} />;
  }
}

function MarkdownControl(p: ControlProps) {
  const [preview, setPreview] = useState(false);
  const text = textOf(p.field, p.value);
  return (
    <div className="doc-md">
      <div className="doc-md-tabs">
        <button
          type="button"
          className="btn btn-small"
          aria-pressed={preview}
          onClick={() => setPreview(!preview)}
        >
          {preview ? 'Edit' : 'Preview'}
        </button>
      </div>
      {preview ? (
        <MarkdownView markdown={text} className="doc-markdown doc-md-preview" />
      ) : (
        <textarea
          id={p.inputId}
          className="doc-textarea"
          aria-label={p.field.label}
          aria-describedby={p.helpId}
          rows={Math.min(14, Math.max(4, text.split('\n').length + 1))}
          value={text}
          onChange={(e) => p.onChange(e.target.value)}
        />
      )}
    </div>
  );
}

/**
 * One item per line. The text is kept as typed while the box has focus (a blank line being
 * started is not dropped under the cursor); the value is the non-blank lines.
 */
function ListControl(p: ControlProps) {
  const items = listOf(p.value);
  const [typing, setTyping] = useState<string | null>(null);
  return (
    <textarea
      id={p.inputId}
      className="doc-textarea"
      aria-label={p.field.label}
      aria-describedby={p.helpId}
      rows={Math.min(12, Math.max(3, items.length + 1))}
      value={typing ?? items.join('\n')}
      onChange={(e) => {
        setTyping(e.target.value);
        p.onChange(listFromText(e.target.value));
      }}
      onBlur={() => setTyping(null)}
    />
  );
}

function TableControl(p: ControlProps) {
  const rows = tableOf(p.field, p.value);
  const width = Math.max(1, ...rows.map((r) => r.length));
  const set = (next: string[][]) => p.onChange(next);
  const setCell = (r: number, c: number, text: string) =>
    set(rows.map((row, i) => (i === r ? padRow(row, width).map((x, j) => (j === c ? text : x)) : row)));
  return (
    <div className="doc-table-edit">
      <table>
        <tbody>
          {rows.map((row, r) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            <tr key={r} className={r === 0 ? 'doc-table-header' : undefined}>
              {padRow(row, width).map((cell, c) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: cells have no identity but their place
                <td key={c}>
                  <input
                    type="text"
                    className="doc-input"
                    aria-label={`${p.field.label}, ${r === 0 ? 'header' : `row ${r}`}, column ${c + 1}`}
                    value={cell}
                    onChange={(e) => setCell(r, c, e.target.value)}
                  />
                </td>
              ))}
              <td className="doc-table-rowact">
                {r > 0 && (
                  <button
                    type="button"
                    className="btn btn-small"
                    aria-label={`Remove row ${r} of ${p.field.label}`}
                    onClick={() => set(rows.filter((_, i) => i !== r))}
                  >
                    ×
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="doc-field-actions">
        <button type="button" className="btn btn-small" onClick={() => set([...rows, Array(width).fill('')])}>
          Add row
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => set(rows.map((row) => [...padRow(row, width), '']))}
        >
          Add column
        </button>
        {width > 1 && (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => set(rows.map((row) => padRow(row, width).slice(0, width - 1)))}
          >
            Remove last column
          </button>
        )}
      </div>
    </div>
  );
}

function padRow(row: readonly string[], width: number): string[] {
  return row.length >= width ? [...row] : [...row, ...Array<string>(width - row.length).fill('')];
}

function EventListControl(p: ControlProps) {
  const events = eventsOf(p.value);
  const revealEvent = useWorkbenchStore((s) => s.revealEvent);
  const has = new Set(events.map((e) => e.eventId));
  const add = (refs: EventRef[]) => p.onChange([...events, ...refs.filter((r) => !has.has(r.eventId))]);
  const newPins = p.pinned.filter((r) => !has.has(r.eventId));
  return (
    <div className="doc-events">
      {events.length === 0 ? (
        <p className="doc-muted">No lines cited yet.</p>
      ) : (
        <ol className="doc-event-list" aria-label={`${p.field.label}: cited lines`}>
          {events.map((ev, i) => (
            <li key={ev.eventId}>
              <div className="doc-event-head">
                <button
                  type="button"
                  className="doc-line-link"
                  title="Show this line in the timeline"
                  onClick={() => revealEvent(ev.eventId)}
                >
                  {ev.file}:{ev.line}
                </button>
                <button
                  type="button"
                  className="btn btn-small"
                  aria-label={`Remove ${ev.file}:${ev.line}`}
                  onClick={() => p.onChange(events.filter((_, j) => j !== i))}
                >
                  Remove
                </button>
              </div>
              <input
                type="text"
                className="doc-input"
                aria-label={`Label of ${ev.file}:${ev.line}`}
                placeholder="Label (else the line's text)"
                value={ev.label ?? ''}
                onChange={(e) =>
                  p.onChange(events.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)))
                }
              />
              <p className="doc-excerpt">{ev.excerpt}</p>
            </li>
          ))}
        </ol>
      )}
      <div className="doc-field-actions">
        <button
          type="button"
          className="btn btn-small"
          disabled={p.selected === null || has.has(p.selected.eventId)}
          onClick={() => p.selected && add([p.selected])}
          title={p.selected ? `${p.selected.file}:${p.selected.line}` : 'Select a line in the timeline first'}
        >
          Add the selected timeline line
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={newPins.length === 0}
          onClick={() => add(newPins)}
        >
          Add pinned events{newPins.length > 0 ? ` (${newPins.length})` : ''}
        </button>
      </div>
    </div>
  );
}

const isNodes = (v: FieldValue | undefined): v is HypothesisNode[] =>
  Array.isArray(v) &&
  v.every((x) => typeof x === 'object' && x !== null && 'verdict' in x && 'children' in x);

function HypothesisSummary({ value }: { value: FieldValue | undefined }) {
  const setActivePanel = useWorkbenchStore((s) => s.setActivePanel);
  const nodes = isNodes(value) ? value : [];
  const walk = (list: readonly HypothesisNode[]) => (
    <ul className="doc-hyp-list">
      {list.map((h) => (
        <li key={h.id}>
          <span className={`doc-verdict doc-verdict-${h.decision?.state ?? h.verdict}`}>
            {h.decision ? `${h.decision.state} by analyst` : h.verdict}
          </span>{' '}
          {h.title} <span className="doc-muted">({h.score.toFixed(2)})</span>
          {h.children.length > 0 && walk(h.children)}
        </li>
      ))}
    </ul>
  );
  return (
    <div className="doc-hyp">
      {nodes.length === 0 ? <p className="doc-muted">Filled from the analysis.</p> : walk(nodes)}
      <button type="button" className="btn btn-small" onClick={() => setActivePanel('analysis')}>
        Decide on the Analysis tab
      </button>
    </div>
  );
}
