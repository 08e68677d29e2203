// The Document tab: an analysis becomes a document. Pick a template, fill its fields from the
// analysis (symptoms, window, pinned key events, the hypothesis tree, gaps, commands), edit them
// in a form, add sections of your own; the preview beside it is the document as it will read
// (diagrams drawn, every claim's footnote a link to its line in the timeline). Redact and export
// from the second view. The analysis runs once the tab has been opened, as on the Analysis tab.
import { useDeferredValue, useMemo, useState } from 'react';
import type {
  DocumentDraft,
  EventRef,
  FieldValue,
  RenderedDocument,
  Template,
} from '../../core/report/document-model.ts';
import { citedEventIds, type FillInput, fillDraft } from '../../core/report/fill.ts';
import { incidentIdOf } from '../../core/report/incident.ts';
import { renderDocument } from '../../core/report/render.ts';
import {
  useAnalysis,
  useAnalysisOptions,
  useDocumentLines,
  useDocumentSources,
  useFocusLifecycle,
  useSources,
} from '../../state/queries.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import { GENERATOR, useTemplateCatalog } from '../../state/templates.ts';
import { DocPreview } from './doc-preview.tsx';
import { editField, emptyDraft, unsetField } from './draft-model.ts';
import { ExportPanel } from './export-panel.tsx';
import { FieldEditor } from './field-editor.tsx';
import { FreeSections } from './free-sections.tsx';
import { TemplatePicker } from './template-picker.tsx';

const NO_PINS: FillInput['pins'] = [];

function useRendered(
  template: Template | undefined,
  draft: DocumentDraft | undefined,
  input: FillInput,
  incidentId: string,
  generatedAt: string,
): { doc: RenderedDocument } | { error: string } | null {
  return useMemo(() => {
    if (!template || !draft) return null;
    try {
      return {
        doc: renderDocument(template, draft, {
          incidentId,
          generator: GENERATOR,
          generatedAt,
          lines: input.lines,
          ...(input.analysis ? { analysis: input.analysis } : {}),
        }),
      };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }, [template, draft, input, incidentId, generatedAt]);
}

export function DocumentPanel() {
  const activePanel = useWorkbenchStore((s) => s.activePanel);
  const templateId = useWorkbenchStore((s) => s.documentTemplateId);
  const drafts = useWorkbenchStore((s) => s.documentDrafts);
  const setDraft = useWorkbenchStore((s) => s.setDocumentDraft);
  const pins = useWorkbenchStore((s) => s.pins);
  const selectedEventId = useWorkbenchStore((s) => s.selectedEventId);
  const catalog = useTemplateCatalog();
  const template = catalog.templates.find((t) => t.meta.id === templateId);
  const stored = template ? drafts[template.meta.id] : undefined;
  const draft = useMemo(() => stored ?? (template ? emptyDraft(template) : undefined), [stored, template]);

  // Like the Analysis tab: nothing is weighed until the analyst opens the tab.
  const active = activePanel === 'document';
  const [visited, setVisited] = useState(active);
  if (active && !visited) setVisited(true);
  const { data: sources } = useSources();
  const hasSources = (sources?.length ?? 0) > 0;
  const analysis = useAnalysis(useAnalysisOptions(), { enabled: visited && hasSources });
  const result = hasSources ? analysis.data : undefined;
  const docSources = useDocumentSources();
  const fillPins = useMemo(
    () => (pins.length === 0 ? NO_PINS : pins.map((p) => ({ eventId: p.eventId, note: p.note }))),
    [pins],
  );

  const lifecycle = useFocusLifecycle(result);
  const baseInput = useMemo<FillInput>(
    () => ({
      pins: fillPins,
      sources: docSources,
      lines: {},
      ...(result ? { analysis: result } : {}),
      ...(lifecycle ? { lifecycle } : {}),
    }),
    [fillPins, docSources, result, lifecycle],
  );
  const wanted = useMemo(() => {
    const ids = template ? citedEventIds(template, baseInput) : [];
    return [...ids, ...fillPins.map((p) => p.eventId), ...(selectedEventId ? [selectedEventId] : [])];
  }, [template, baseInput, fillPins, selectedEventId]);
  const { lines, isPending: linesPending } = useDocumentLines(visited ? wanted : []);
  const input = useMemo<FillInput>(() => ({ ...baseInput, lines }), [baseInput, lines]);

  const incidentId = useMemo(() => incidentIdOf((sources ?? []).map((s) => s.contentHash)), [sources]);
  const [generatedAt] = useState(() => new Date().toISOString());
  // The form answers each keystroke at once; the preview (Liquid, Markdown, diagrams) follows
  // when the browser has time, so a long document does not slow typing down.
  const shownDraft = useDeferredValue(draft);
  const rendered = useRendered(template, shownDraft, input, incidentId, generatedAt);
  const [view, setView] = useState<'preview' | 'export'>('preview');

  const pinned = useMemo<EventRef[]>(
    () =>
      pins.flatMap((p) => {
        const ref = lines[p.eventId];
        return ref ? [p.note.trim() !== '' ? { ...ref, label: p.note } : ref] : [];
      }),
    [pins, lines],
  );
  const selected = selectedEventId ? (lines[selectedEventId] ?? null) : null;

  const canFill = template !== undefined && result !== undefined && !linesPending;
  const onFill = () => {
    if (template && draft) setDraft(fillDraft(template, input, draft));
  };
  const onEdit = (name: string, value: FieldValue) => {
    if (draft) setDraft(editField(draft, name, value));
  };
  const onReset = (name: string) => {
    if (!template || !draft) return;
    const back = unsetField(draft, name);
    // Filled again from the analysis when there is one (other fields not edited refresh with it).
    setDraft(result ? fillDraft(template, input, back) : back);
  };

  const meta = useMemo(
    () =>
      template && draft
        ? {
            generator: GENERATOR,
            templateId: template.meta.id,
            incidentId,
            title: draft.title,
            tags: template.meta.tags ?? [],
            generatedAt,
          }
        : null,
    [template, draft, incidentId, generatedAt],
  );

  return (
    <div className="document">
      <div className="doc-top">
        <h2>Document</h2>
        <TemplatePicker catalog={catalog} />
      </div>
      {!template || !draft ? (
        <div className="doc-intro">
          <p className="lead">Pick a template to start a document.</p>
          <p>
            Its fields are filled from the analysis where they can be (symptoms, window, key events, the
            hypothesis tree, gaps and commands) and stay yours to edit; every claim that rests on a log line
            cites it.
          </p>
        </div>
      ) : (
        <div className="doc-body">
          <form className="doc-editor" aria-label="Document fields" onSubmit={(e) => e.preventDefault()}>
            <div className="doc-fill">
              <button type="button" className="btn btn-primary" disabled={!canFill} onClick={onFill}>
                Fill from the analysis
              </button>
              <span className="doc-muted">
                {!hasSources
                  ? 'No logs loaded: write the fields yourself, or add logs to fill them.'
                  : !result
                    ? analysis.error
                      ? `The analysis failed: ${analysis.error.message}`
                      : 'Weighing the evidence…'
                    : 'Edited fields are kept.'}
              </span>
            </div>
            <label className="doc-title-field">
              <span className="doc-field-label">Title</span>
              <input
                type="text"
                className="doc-input"
                value={draft.title}
                onChange={(e) => setDraft({ ...draft, title: e.target.value })}
              />
            </label>
            {template.meta.fields.map((f) => (
              <FieldEditor
                key={f.name}
                field={f}
                value={draft.values[f.name]}
                edited={draft.edited.includes(f.name)}
                onChange={(v) => onEdit(f.name, v)}
                onReset={() => onReset(f.name)}
                selected={selected}
                pinned={pinned}
              />
            ))}
            <FreeSections draft={draft} onChange={setDraft} />
          </form>
          <div className="doc-side">
            <div className="doc-side-bar">
              <fieldset className="doc-views" aria-label="View">
                <button
                  type="button"
                  className="btn btn-small"
                  aria-pressed={view === 'preview'}
                  onClick={() => setView('preview')}
                >
                  Preview
                </button>
                <button
                  type="button"
                  className="btn btn-small"
                  aria-pressed={view === 'export'}
                  onClick={() => setView('export')}
                >
                  Redact &amp; export
                </button>
              </fieldset>
              <button type="button" className="btn btn-small" onClick={() => window.print()}>
                Print / PDF
              </button>
            </div>
            {rendered && 'error' in rendered && (
              <p className="doc-error" role="alert">
                The template could not be rendered: {rendered.error}
              </p>
            )}
            {rendered && 'doc' in rendered && rendered.doc.warnings.length > 0 && (
              <ul className="doc-warnings" aria-label="Render warnings">
                {rendered.doc.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            )}
            {rendered &&
              'doc' in rendered &&
              (view === 'preview' ? (
                <DocPreview doc={rendered.doc} label="Document preview" />
              ) : (
                meta && <ExportPanel doc={rendered.doc} draft={draft} meta={meta} />
              ))}
          </div>
        </div>
      )}
    </div>
  );
}
