// The document contracts (issue 6): templates (templates/*.md: YAML front matter + Markdown with
// Liquid), the document an analyst edits (field values filled from the analysis, then edited),
// the evidence a claim cites, and what an export needs. Plain data: it crosses postMessage, is
// stored with the incident, and is the JSON export.
import type { AnalysisResult } from '../analysis/model.ts';

export const FIELD_TYPES = [
  'text', // one line
  'markdown', // free Markdown (the analyst's words); rendered, never as raw HTML
  'list', // string[]: one item per line
  'table', // string[][]: rows, first row is the header
  'event-list', // EventRef[]: lines from the inputs, each cited
  'hypothesis-tree', // the analysis' tree (read-only in the form, with the analyst's decisions)
  'code', // a code block; `language` says which (mermaid, go, sh...)
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const TEMPLATE_KINDS = [
  'rca',
  'code-review',
  'postmortem',
  'design-review',
  'explainer',
  'other',
] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/**
 * Where a field's first value comes from, filled by fill.ts from the analysis and the incident.
 * Documented in docs/documents.md; a template naming another source is rejected.
 */
export const FIELD_SOURCES = [
  'incident.title', // text: "container 7fc23ca64dfc Unknown on k8s-worker-21" from the symptoms
  'analysis.verdict', // text: the overall verdict in one sentence
  'analysis.symptoms', // list: symptom titles with their times
  'analysis.impact', // markdown: what was hit (containers, pods), the window first symptom..last
  'analysis.window', // text: first..last timed event of the incident (UTC)
  'analysis.hypotheses', // hypothesis-tree
  'analysis.rejected', // list: rejected / refuted / unlikely hypotheses with why
  'analysis.gaps', // table: ask | command
  'analysis.verification', // markdown: verification steps with commands
  'analysis.remediation', // markdown: remediation by branch (metadata intact / lost)
  'analysis.mitigations', // list: long-term mitigations
  'analysis.evidence', // event-list: the winning hypothesis' evidence lines
  'keyEvents', // event-list: the analyst's pinned key events with their notes
  'sources', // table: file | format | lines | clock alignment
  'diagram.keyEvents', // code (mermaid): the key-events timeline
  'diagram.hypotheses', // code (mermaid): the hypothesis flowchart
  'diagram.lifecycle', // code (mermaid): the focus container's lifecycle gantt
  'diagram.shimExit', // code (mermaid): the call chain of a shim exit (sequence diagram)
] as const;
export type FieldSource = (typeof FIELD_SOURCES)[number];

export interface TemplateField {
  /** Liquid variable name under `fields.` (snake_case). */
  name: string;
  type: FieldType;
  label: string;
  help?: string;
  /** Where the first value comes from; absent: empty, the analyst writes it. */
  source?: FieldSource;
  /** For table fields without a source: the header row. */
  columns?: string[];
  /** For code fields: the fence language. */
  language?: string;
  /** A value when neither a source nor the analyst gives one. */
  default?: string;
}

export interface TemplateMeta {
  id: string;
  title: string;
  description: string;
  kind: TemplateKind;
  fields: TemplateField[];
  /** For exports with front matter (Obsidian tags). */
  tags?: string[];
}

export interface Template {
  meta: TemplateMeta;
  /** The Markdown + Liquid after the front matter. */
  body: string;
  /** 1-based line of `body`'s first line in the file (so a Liquid error names the file's line). */
  bodyLine: number;
  /** File name (`shim-crash-rca.md`) or `user:<name>` for one loaded in the app. */
  file: string;
}

/** A problem with a template: where it is and what it is. */
export interface TemplateProblem {
  file: string;
  /** 1-based line in the template file, when known. */
  line?: number;
  message: string;
}

/** A line of the inputs a claim rests on. */
export interface EventRef {
  eventId: string;
  /** Source display name and 1-based line. */
  file: string;
  line: number;
  /** The line's text, cut to 300 characters (what a footnote shows). */
  excerpt: string;
  /** Epoch µs or null. */
  time: number | null;
  /** The analyst's note or a label ("Killed process 2150"). */
  label?: string;
}

export interface HypothesisNode {
  id: string;
  title: string;
  verdict: string;
  score: number;
  reason: string;
  decision?: { state: string; note: string };
  for: { weight: number; text: string; refs: string[] }[];
  against: { weight: number; text: string; refs: string[] }[];
  children: HypothesisNode[];
}

export type FieldValue = string | string[] | string[][] | EventRef[] | HypothesisNode[];

/** An analyst's own section after the template's. */
export interface FreeSection {
  id: string;
  title: string;
  markdown: string;
}

/** What the analyst edits: stored with the incident; the JSON export is this plus the rendered text. */
export interface DocumentDraft {
  templateId: string;
  title: string;
  /** By field name; a field absent here takes its filled value. */
  values: Record<string, FieldValue>;
  /** Field names the analyst edited (a re-fill keeps these). */
  edited: string[];
  sections: FreeSection[];
}

/** Everything a render needs besides the template and the draft. */
export interface RenderInput {
  incidentId: string;
  /** `rca-workbench@0.1.0`. */
  generator: string;
  /** ISO-8601. */
  generatedAt: string;
  /** Lines any field or evidence may cite, by event id (the UI / CLI fetch them from the engine). */
  lines: Record<string, EventRef>;
  analysis?: AnalysisResult;
}

/** A Mermaid diagram in the rendered document, by its place. */
export interface RenderedDiagram {
  id: string;
  source: string;
}

/** A footnote the document carries: one per cited line. */
export interface Footnote {
  /** The Markdown label, `L1`, `L2`... in order of first citation. */
  label: string;
  ref: EventRef;
}

export interface RenderedDocument {
  templateId: string;
  title: string;
  /** GFM: the template's output, free sections, then footnote definitions for every cited line. */
  markdown: string;
  footnotes: Footnote[];
  diagrams: RenderedDiagram[];
  /** Headings in order (level, text, slug) for a table of contents. */
  toc: { level: number; text: string; slug: string }[];
  /** Problems that did not stop the render (a field of the wrong type...). */
  warnings: string[];
}

export const EXPORT_FORMATS = ['md', 'obsidian', 'notion', 'confluence', 'html', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
