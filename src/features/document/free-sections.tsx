// The analyst's own sections, after the template's: added, renamed, written, moved and removed.
import type { DocumentDraft } from '../../core/report/document-model.ts';
import { addSection, moveSection, nextSectionId, removeSection, updateSection } from './draft-model.ts';

export function FreeSections({
  draft,
  onChange,
}: {
  draft: DocumentDraft;
  onChange: (draft: DocumentDraft) => void;
}) {
  const n = draft.sections.length;
  return (
    <section className="doc-sections" aria-labelledby="doc-sections-h">
      <h3 id="doc-sections-h">Your sections</h3>
      {n === 0 && <p className="doc-muted">Sections of your own come after the template's.</p>}
      <ol className="doc-section-list">
        {draft.sections.map((s, i) => (
          <li key={s.id} className="doc-field">
            <input
              type="text"
              className="doc-input doc-section-title"
              aria-label={`Title of section ${i + 1}`}
              value={s.title}
              onChange={(e) => onChange(updateSection(draft, s.id, { title: e.target.value }))}
            />
            <textarea
              className="doc-textarea"
              aria-label={`Text of section ${i + 1} (Markdown)`}
              rows={Math.min(14, Math.max(4, s.markdown.split('\n').length + 1))}
              value={s.markdown}
              onChange={(e) => onChange(updateSection(draft, s.id, { markdown: e.target.value }))}
            />
            <div className="doc-field-actions">
              <button
                type="button"
                className="btn btn-small"
                disabled={i === 0}
                aria-label={`Move section ${i + 1} up`}
                onClick={() => onChange(moveSection(draft, s.id, -1))}
              >
                Up
              </button>
              <button
                type="button"
                className="btn btn-small"
                disabled={i === n - 1}
                aria-label={`Move section ${i + 1} down`}
                onClick={() => onChange(moveSection(draft, s.id, 1))}
              >
                Down
              </button>
              <button
                type="button"
                className="btn btn-small"
                aria-label={`Remove section ${i + 1}`}
                onClick={() => onChange(removeSection(draft, s.id))}
              >
                Remove
              </button>
            </div>
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="btn btn-small"
        onClick={() => onChange(addSection(draft, nextSectionId(draft)))}
      >
        Add a section
      </button>
    </section>
  );
}
