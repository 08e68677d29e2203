// What the Document tab computes from a template, the analyst's draft and the redaction choices:
// plain functions, so that the rules are tested without rendering.
import GithubSlugger from 'github-slugger';
import type {
  DocumentDraft,
  EventRef,
  FieldValue,
  FreeSection,
  RenderedDocument,
  Template,
  TemplateField,
} from '../../core/report/document-model.ts';
import { applyRedactions, type RedactionItem } from '../../core/report/redact.ts';

/** A draft nobody has filled or edited yet: every field takes its default. */
export function emptyDraft(template: Template): DocumentDraft {
  return { templateId: template.meta.id, title: template.meta.title, values: {}, edited: [], sections: [] };
}

/** The draft with one field set by the analyst (marked edited: a re-fill keeps it). */
export function editField(draft: DocumentDraft, name: string, value: FieldValue): DocumentDraft {
  return {
    ...draft,
    values: { ...draft.values, [name]: value },
    edited: draft.edited.includes(name) ? draft.edited : [...draft.edited, name],
  };
}

/** The draft without the analyst's value for a field: it takes the filled (or default) value again. */
export function unsetField(draft: DocumentDraft, name: string): DocumentDraft {
  const { [name]: _gone, ...values } = draft.values;
  return { ...draft, values, edited: draft.edited.filter((n) => n !== name) };
}

// ---- Field values as the form shows them ----

const isStringArray = (v: FieldValue | undefined): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');

const isTable = (v: FieldValue | undefined): v is string[][] =>
  Array.isArray(v) && v.length > 0 && v.every((r) => Array.isArray(r));

const isEventRefs = (v: FieldValue | undefined): v is EventRef[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'object' && x !== null && 'eventId' in x && 'excerpt' in x);

export function textOf(field: TemplateField, v: FieldValue | undefined): string {
  if (typeof v === 'string') return v;
  return v === undefined ? (field.default ?? '') : '';
}

export function listOf(v: FieldValue | undefined): string[] {
  if (isStringArray(v)) return v;
  if (typeof v === 'string') return v === '' ? [] : v.split('\n');
  return [];
}

/** One item per line; blank lines are not items. */
export function listFromText(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** A table's rows, the first the header: the field's columns when it has none yet. */
export function tableOf(field: TemplateField, v: FieldValue | undefined): string[][] {
  if (isTable(v)) return v;
  return field.columns && field.columns.length > 0 ? [[...field.columns]] : [['']];
}

export function eventsOf(v: FieldValue | undefined): EventRef[] {
  return isEventRefs(v) && v.length > 0 ? v : [];
}

// ---- Free sections ----

export function addSection(draft: DocumentDraft, id: string): DocumentDraft {
  return { ...draft, sections: [...draft.sections, { id, title: 'New section', markdown: '' }] };
}

export function updateSection(draft: DocumentDraft, id: string, patch: Partial<FreeSection>): DocumentDraft {
  return { ...draft, sections: draft.sections.map((s) => (s.id === id ? { ...s, ...patch } : s)) };
}

export function removeSection(draft: DocumentDraft, id: string): DocumentDraft {
  return { ...draft, sections: draft.sections.filter((s) => s.id !== id) };
}

/** Moves a section up (-1) or down (+1); at either end it stays. */
export function moveSection(draft: DocumentDraft, id: string, by: -1 | 1): DocumentDraft {
  const i = draft.sections.findIndex((s) => s.id === id);
  const j = i + by;
  if (i < 0 || j < 0 || j >= draft.sections.length) return draft;
  const sections = [...draft.sections];
  [sections[i], sections[j]] = [sections[j], sections[i]];
  return { ...draft, sections };
}

/** A section id unused in the draft (`s1`, `s2`...). */
export function nextSectionId(draft: DocumentDraft): string {
  const used = new Set(draft.sections.map((s) => s.id));
  let n = draft.sections.length + 1;
  while (used.has(`s${n}`)) n += 1;
  return `s${n}`;
}

// ---- Redaction: only ever of what is exported ----

/** The items with the analyst's choices applied: an unticked item keeps its value in the export. */
export function withChoices(items: readonly RedactionItem[], disabled: readonly string[]): RedactionItem[] {
  const off = new Set(disabled);
  return items.map((it) => ({ ...it, enabled: !off.has(it.id) }));
}

/**
 * The rendered document as it is exported: every text in it (Markdown, title, footnotes, diagram
 * sources, headings) with the enabled replacements. The rendered document itself is not changed.
 */
export function redactDocument(doc: RenderedDocument, items: readonly RedactionItem[]): RenderedDocument {
  const on = items.filter((i) => i.enabled);
  if (on.length === 0) return doc;
  const r = (t: string) => applyRedactions(t, on);
  // Slugs follow the redacted heading text, as a reader of the exported Markdown derives them.
  const slugger = new GithubSlugger();
  return {
    ...doc,
    title: r(doc.title),
    markdown: r(doc.markdown),
    footnotes: doc.footnotes.map((f) => ({ ...f, ref: redactRef(f.ref, r) })),
    diagrams: doc.diagrams.map((d) => ({ ...d, source: r(d.source) })),
    toc: doc.toc.map((h) => {
      const text = r(h.text);
      return { ...h, text, slug: slugger.slug(text) };
    }),
    warnings: doc.warnings.map(r),
  };
}

function redactRef(ref: EventRef, r: (t: string) => string): EventRef {
  return {
    ...ref,
    eventId: r(ref.eventId),
    file: r(ref.file),
    excerpt: r(ref.excerpt),
    ...(ref.label !== undefined ? { label: r(ref.label) } : {}),
  };
}

/** Every string of a value replaced (the JSON export carries the draft: it is redacted too). */
function redactValue(v: FieldValue, r: (t: string) => string): FieldValue {
  if (typeof v === 'string') return r(v);
  return JSON.parse(JSON.stringify(v), (_key, x: unknown) =>
    typeof x === 'string' ? r(x) : x,
  ) as FieldValue;
}

/** A copy of the draft for the JSON export, with the same replacements; the stored draft is untouched. */
export function redactDraft(draft: DocumentDraft, items: readonly RedactionItem[]): DocumentDraft {
  const on = items.filter((i) => i.enabled);
  if (on.length === 0) return draft;
  const r = (t: string) => applyRedactions(t, on);
  return {
    ...draft,
    title: r(draft.title),
    values: Object.fromEntries(Object.entries(draft.values).map(([k, v]) => [k, redactValue(v, r)])),
    sections: draft.sections.map((s) => ({ ...s, title: r(s.title), markdown: r(s.markdown) })),
  };
}
