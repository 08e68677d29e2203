// The JSON export: the structured document (what the renderer produced, plus the analyst's draft
// when given), versioned so a reader can tell what it holds.
import type { DocumentDraft, RenderedDocument } from '../document-model.ts';
import type { ExportMeta } from './markdown.ts';

export interface JsonDocument {
  format: 'rca-workbench.document';
  version: 1;
  generator: string;
  templateId: string;
  incidentId: string;
  title: string;
  generatedAt: string;
  markdown: string;
  footnotes: RenderedDocument['footnotes'];
  diagrams: RenderedDocument['diagrams'];
  toc: RenderedDocument['toc'];
  draft: DocumentDraft | null;
}

export function exportJson(doc: RenderedDocument, meta: ExportMeta, draft?: DocumentDraft): string {
  const out: JsonDocument = {
    format: 'rca-workbench.document',
    version: 1,
    generator: meta.generator,
    templateId: meta.templateId,
    incidentId: meta.incidentId,
    title: meta.title,
    generatedAt: meta.generatedAt,
    markdown: doc.markdown,
    footnotes: doc.footnotes,
    diagrams: doc.diagrams,
    toc: doc.toc,
    draft: draft ?? null,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
