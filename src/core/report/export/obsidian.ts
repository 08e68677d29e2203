// The Obsidian flavor: front matter Obsidian reads (tags, aliases), GitHub alerts as Obsidian
// callouts with a title that says what the verdict is, mermaid fences and footnotes as they are
// (Obsidian renders both natively).
//
// Obsidian also has syntax plain GFM does not: `%%comment%%` hides text and `[[page]]` makes a
// wiki link. Log text like `%%{init: ...}%%` (a Mermaid directive) must stay visible, so the text
// nodes get those two sequences escaped; code spans and fences are left alone (Obsidian treats
// them as code).
import type { RenderedDocument } from '../document-model.ts';
import {
  ALERTS,
  alertMarkers,
  applyEdits,
  type Edit,
  type ExportMeta,
  frontMatter,
  parseMarkdown,
  walk,
  withFinalNewline,
} from './markdown.ts';

/**
 * An Obsidian tag: letters, digits, `_`, `-`, `/`, at least one non-digit (Obsidian's rule).
 * `Root cause` -> `root-cause`, `2024` -> dropped.
 */
export function obsidianTag(tag: string): string | null {
  // reads "Root cause!" -> "root-cause"
  const t = tag
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_/-]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  if (t === '' || /^[0-9/]+$/.test(t)) return null; // reads "2024"
  return t;
}

export function exportObsidian(doc: RenderedDocument, meta: ExportMeta): string {
  const tags = [...new Set(['rca', ...meta.tags].map(obsidianTag).filter((t): t is string => t !== null))];
  const source = doc.markdown;
  const tree = parseMarkdown(source);
  const edits: Edit[] = alertMarkers(source, tree).map((m) => {
    const a = ALERTS[m.kind];
    return { ...m, text: `[!${a.obsidian}] ${a.label}` };
  });
  walk(tree, (node) => {
    if (node.type !== 'text' || !node.position) return;
    const { start, end } = node.position;
    if (start.offset === undefined || end.offset === undefined) return;
    const slice = source.slice(start.offset, end.offset);
    // One edit per occurrence (not per node): a node may also hold an alert marker being rewritten.
    // reads "%%{init: {'theme':'dark'}}%%" and "see [[secrets]]" in a log line
    for (const m of slice.matchAll(/%%|\[\[/g)) {
      const at = start.offset + m.index;
      edits.push({ start: at + 1, end: at + 1, text: '\\' });
    }
  });
  return (
    frontMatter({
      title: meta.title,
      aliases: [meta.title],
      tags,
      generator: meta.generator,
      template_id: meta.templateId,
      incident_id: meta.incidentId,
      generated_at: meta.generatedAt,
    }) + withFinalNewline(applyEdits(source, edits))
  );
}
