// The Notion flavor: Markdown for Notion's import (and paste). Notion has no front matter, no
// GitHub alerts and no footnotes (it drops `[^L1]` and the definitions), so:
// - an alert becomes a plain blockquote opening with its label in bold on its own paragraph;
// - a footnote reference becomes `[L1]` in the text and the definitions become a "Sources" list at
//   the end, one item per cited line, so every claim still names the line it rests on;
// - ```mermaid fences stay: Notion renders a code block in the Mermaid language as a diagram.
import type { RenderedDocument } from '../document-model.ts';
import {
  ALERTS,
  alertMarkers,
  applyEdits,
  type Edit,
  linePrefix,
  parseMarkdown,
  walk,
  withFinalNewline,
} from './markdown.ts';

/** A footnote label as inline text (labels are ours, `L1`, but a free section may write any). */
function labelText(label: string): string {
  // reads "L1" as is and "a*b" as "a\*b"
  return label.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, '\\$&');
}

export function exportNotion(doc: RenderedDocument): string {
  const source = doc.markdown;
  const tree = parseMarkdown(source);
  const edits: Edit[] = [];
  for (const m of alertMarkers(source, tree)) {
    // "> [!TIP]\n> text" -> "> **Supported**\n>\n> text": the label is a paragraph of its own.
    const prefix = linePrefix(source, m.start).trimEnd();
    edits.push({ start: m.start, end: m.end, text: `**${ALERTS[m.kind].label}**\n${prefix}` });
  }
  const sources: string[] = [];
  const removed: Edit[] = [];
  walk(tree, (node) => {
    const pos = node.position;
    if (pos?.start.offset === undefined || pos.end.offset === undefined) return;
    if (node.type === 'footnoteReference') {
      edits.push({
        start: pos.start.offset,
        end: pos.end.offset,
        text: `[${labelText(node.label ?? node.identifier)}]`,
      });
    } else if (node.type === 'footnoteDefinition') {
      const first = node.children[0]?.position?.start.offset;
      const last = node.children.at(-1)?.position?.end.offset;
      // The definition's own text, escaped as the renderer wrote it; one line per source.
      const body = first === undefined || last === undefined ? '' : source.slice(first, last);
      // reads "dmesg.txt:287 — Killed process\n    2150" (a continuation line)
      sources.push(`- [${labelText(node.label ?? node.identifier)}] ${body.replace(/\s*\n\s*/g, ' ')}`);
      let end = pos.end.offset;
      if (source[end] === '\n') end += 1;
      removed.push({ start: pos.start.offset, end, text: '' });
    }
  });
  // A reference inside a definition goes with the definition.
  const inside = (e: Edit) => removed.some((r) => e.start >= r.start && e.end <= r.end);
  let out = applyEdits(source, [...edits.filter((e) => !inside(e)), ...removed]).replace(/\s+$/, '');
  if (sources.length > 0) out += `\n\n## Sources\n\n${sources.join('\n')}`;
  return withFinalNewline(out);
}
