// Exports of a rendered document (issue 6 part 5): one entry point for the app and the CLI.
// Each format lives in its own module; this one picks it, names the file and sets its type.
import type { DocumentDraft, ExportFormat, RenderedDocument } from '../document-model.ts';
import { exportConfluence } from './confluence.ts';
import { exportHtml } from './html.ts';
import { exportJson } from './json.ts';
import { type ExportMeta, exportMarkdown } from './markdown.ts';
import { exportNotion } from './notion.ts';
import { exportObsidian } from './obsidian.ts';

export { markdownToHtml, sanitizeSvg } from './html.ts';
export type { ExportMeta } from './markdown.ts';

export interface ExportOptions {
  meta: ExportMeta;
  /** Drawn diagrams by diagram id (`d1`...): SVG text, sanitized again before use. */
  svgs?: Record<string, string>;
  /** The analyst's draft, for the JSON export. */
  draft?: DocumentDraft;
}

export interface ExportedFile {
  filename: string;
  mime: string;
  content: string;
}

const FILES: Record<ExportFormat, { ext: string; mime: string }> = {
  md: { ext: 'md', mime: 'text/markdown;charset=utf-8' },
  obsidian: { ext: 'obsidian.md', mime: 'text/markdown;charset=utf-8' },
  notion: { ext: 'notion.md', mime: 'text/markdown;charset=utf-8' },
  confluence: { ext: 'confluence.xml', mime: 'application/xml;charset=utf-8' },
  html: { ext: 'html', mime: 'text/html;charset=utf-8' },
  json: { ext: 'json', mime: 'application/json;charset=utf-8' },
};

/** A file-name part: `Incident 42/κ` -> `incident-42-κ`; never empty, never a path. */
export function slugPart(text: string): string {
  // reads "Incident 42/../x" -> "incident-42-x"
  const s = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_-]+/gu, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return s || 'document';
}

export function exportFilename(meta: ExportMeta, format: ExportFormat): string {
  return `${slugPart(meta.incidentId)}-${slugPart(meta.templateId)}.${FILES[format].ext}`;
}

function content(doc: RenderedDocument, format: ExportFormat, opts: ExportOptions): string {
  switch (format) {
    case 'md':
      return exportMarkdown(doc, opts.meta);
    case 'obsidian':
      return exportObsidian(doc, opts.meta);
    case 'notion':
      return exportNotion(doc);
    case 'confluence':
      return exportConfluence(doc);
    case 'html':
      return exportHtml(doc, opts.meta, opts.svgs);
    case 'json':
      return exportJson(doc, opts.meta, opts.draft);
  }
}

export function exportDocument(
  doc: RenderedDocument,
  format: ExportFormat,
  opts: ExportOptions,
): ExportedFile {
  return {
    filename: exportFilename(opts.meta, format),
    mime: FILES[format].mime,
    content: content(doc, format, opts),
  };
}
