// The GFM export, and the Markdown plumbing every exporter shares: one parser (remark + GFM), the
// GitHub alert table (what each `> [!TIP]` means in this project), front matter, and source edits.
//
// The Markdown flavors (md, Obsidian, Notion) never re-serialize the tree: the renderer's text is
// already escaped the way it must be, and a round trip through remark-stringify would re-escape or
// reflow it. They locate constructs with the mdast positions and splice the original text instead.
import type { Blockquote, Nodes, Paragraph, Root, Text } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { stringify as yamlStringify } from 'yaml';
import type { RenderedDocument } from '../document-model.ts';

export interface ExportMeta {
  /** `rca-workbench@0.1.0`. */
  generator: string;
  templateId: string;
  incidentId: string;
  title: string;
  tags: string[];
  /** ISO-8601. */
  generatedAt: string;
}

/** The GitHub alert kinds (https://docs.github.com/get-started/writing-on-github: "Alerts"). */
export const ALERT_KINDS = ['NOTE', 'TIP', 'IMPORTANT', 'WARNING', 'CAUTION'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * What an alert means in our templates (the brief: TIP supported/accepted, NOTE likely/open,
 * WARNING unlikely, CAUTION refuted/rejected) and how each target shows it. One table so the
 * Obsidian callout, the Notion label and the Confluence macro title always agree.
 */
export const ALERTS: Record<
  AlertKind,
  { label: string; obsidian: string; confluence: 'info' | 'tip' | 'note' | 'warning' }
> = {
  TIP: { label: 'Supported', obsidian: 'success', confluence: 'tip' },
  NOTE: { label: 'Note', obsidian: 'info', confluence: 'info' },
  IMPORTANT: { label: 'Important', obsidian: 'important', confluence: 'note' },
  WARNING: { label: 'Unlikely', obsidian: 'warning', confluence: 'note' },
  CAUTION: { label: 'Refuted', obsidian: 'failure', confluence: 'warning' },
};

// The marker alone on the first line of a blockquote, as GitHub requires: reads "[!TIP]\nSupported"
// (the rest of the paragraph follows the newline) and "[!NOTE]" (followed by a hard break node).
const ALERT_MARKER_RE = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*(?:\n|$)/i;

export function parseMarkdown(markdown: string): Root {
  return unified().use(remarkParse).use(remarkGfm).parse(markdown);
}

/** The alert a blockquote opens with, and the text node holding the marker. */
export function alertOf(node: Blockquote): { kind: AlertKind; marker: Text; paragraph: Paragraph } | null {
  const paragraph = node.children[0];
  if (paragraph?.type !== 'paragraph') return null;
  const first = paragraph.children[0];
  if (first?.type !== 'text') return null;
  const m = ALERT_MARKER_RE.exec(first.value);
  if (!m) return null;
  return { kind: m[1].toUpperCase() as AlertKind, marker: first, paragraph };
}

/**
 * Removes the alert marker from the tree (for the exporters that rebuild the document: HTML and
 * Confluence) and returns the kind. The paragraph the marker opened goes when nothing else is left.
 */
export function stripAlert(node: Blockquote): AlertKind | null {
  const alert = alertOf(node);
  if (!alert) return null;
  const { marker, paragraph } = alert;
  marker.value = marker.value.replace(ALERT_MARKER_RE, '');
  if (marker.value === '') {
    paragraph.children.shift();
    // "[!NOTE]   \n" ends with a hard break: the break belonged to the marker line.
    if (paragraph.children[0]?.type === 'break') paragraph.children.shift();
  }
  if (paragraph.children.length === 0) node.children.shift();
  return alert.kind;
}

/** Every node of the tree, depth first, with its parent. */
export function walk(
  node: Nodes,
  visit: (node: Nodes, parent: Nodes | null) => void,
  parent: Nodes | null = null,
) {
  visit(node, parent);
  if ('children' in node) for (const child of node.children as Nodes[]) walk(child, visit, node);
}

/** Plain text of a node (headings for slugs, alt text). */
export function plainText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string' && node.type !== 'html') return node.value;
  if (node.type === 'image') return node.alt ?? '';
  if ('children' in node) return (node.children as Nodes[]).map(plainText).join('');
  return '';
}

export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping source edits (offsets into `source`). */
export function applyEdits(source: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let out = source;
  let limit = Number.POSITIVE_INFINITY;
  for (const e of sorted) {
    if (e.end > limit) continue; // overlaps a later edit: the outer construct already rewrote it
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    limit = e.start;
  }
  return out;
}

/** The text from a line's start to `offset` (`> ` or `> > ` before an alert marker). */
export function linePrefix(source: string, offset: number): string {
  return source.slice(source.lastIndexOf('\n', offset - 1) + 1, offset);
}

/** The alert markers of a document, with their source offsets (only when the source reads exactly `[!KIND]`). */
export function alertMarkers(source: string, tree: Root): { kind: AlertKind; start: number; end: number }[] {
  const out: { kind: AlertKind; start: number; end: number }[] = [];
  walk(tree, (node) => {
    if (node.type !== 'blockquote') return;
    const alert = alertOf(node);
    const start = alert?.marker.position?.start.offset;
    if (!alert || start === undefined) return;
    let end = start + alert.kind.length + 3;
    if (source.slice(start, end).toUpperCase() !== `[!${alert.kind}]`) return;
    // Spaces after the marker go with it ("[!NOTE]   " would otherwise end in a hard break).
    while (source[end] === ' ' || source[end] === '\t') end += 1;
    out.push({ kind: alert.kind, start, end });
  });
  return out;
}

/** YAML front matter (the yaml library quotes whatever a title holds). */
export function frontMatter(data: Record<string, unknown>): string {
  return `---\n${yamlStringify(data, { lineWidth: 0 })}---\n\n`;
}

/** The GFM export: front matter, then the rendered Markdown as it is (alerts and mermaid fences kept). */
export function exportMarkdown(doc: RenderedDocument, meta: ExportMeta): string {
  return (
    frontMatter({
      title: meta.title,
      generator: meta.generator,
      template_id: meta.templateId,
      incident_id: meta.incidentId,
      generated_at: meta.generatedAt,
    }) + withFinalNewline(doc.markdown)
  );
}

export function withFinalNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
