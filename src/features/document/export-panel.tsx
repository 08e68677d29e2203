// Redact and export: what the document would give away (host names, addresses, tokens, users,
// optionally pods and namespaces), each with its pseudonym and count and a box to keep it; the
// redacted document as it will be exported; and the exports (files, clipboard). Redaction is
// applied to a copy at export time: the draft and the incident keep their real values.
import { useMemo, useState } from 'react';
import type { DocumentDraft, ExportFormat, RenderedDocument } from '../../core/report/document-model.ts';
import { type ExportOptions, exportDocument, markdownToHtml } from '../../core/report/export/index.ts';
import { findRedactions, type RedactionItem } from '../../core/report/redact.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import { renderMermaidSvg } from '../../ui/mermaid-diagram.tsx';
import { DocPreview } from './doc-preview.tsx';
import { redactDocument, redactDraft, withChoices } from './draft-model.ts';

const FORMATS: readonly { format: ExportFormat; label: string; hint: string }[] = [
  { format: 'md', label: 'Markdown', hint: 'GFM with front matter (generator, template, incident)' },
  { format: 'obsidian', label: 'Obsidian', hint: 'Front matter tags and aliases, callouts for verdicts' },
  { format: 'notion', label: 'Notion', hint: 'Markdown that Notion imports cleanly' },
  { format: 'confluence', label: 'Confluence', hint: 'Storage format for a Confluence page' },
  { format: 'html', label: 'HTML', hint: 'One standalone file: styles inlined, diagrams as SVG, no scripts' },
  { format: 'json', label: 'JSON', hint: 'The structured document and the draft' },
];

/** Saves text as a file through a Blob URL and a temporary `<a download>`; the URL is revoked after. */
export function downloadFile(filename: string, mime: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the click; the URL is let go once the browser has read it.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Every diagram drawn as SVG for the HTML export; one Mermaid cannot draw stays a code block. */
async function svgsOf(doc: RenderedDocument): Promise<{ svgs: Record<string, string>; failed: string[] }> {
  const svgs: Record<string, string> = {};
  const failed: string[] = [];
  for (const d of doc.diagrams) {
    try {
      svgs[d.id] = await renderMermaidSvg(d.source);
    } catch {
      failed.push(d.id);
    }
  }
  return { svgs, failed };
}

export interface ExportPanelProps {
  doc: RenderedDocument;
  draft: DocumentDraft;
  meta: ExportOptions['meta'];
}

export function ExportPanel({ doc, draft, meta }: ExportPanelProps) {
  const disabled = useWorkbenchStore((s) => s.redactionDisabled);
  const toggleRedaction = useWorkbenchStore((s) => s.toggleRedaction);
  const podNames = useWorkbenchStore((s) => s.redactPodNames);
  const setPodNames = useWorkbenchStore((s) => s.setRedactPodNames);
  const [status, setStatus] = useState<{ text: string; error?: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  // Found over everything the export carries: the Markdown holds the diagrams and footnotes too.
  const found = useMemo(
    () => findRedactions([doc.title, doc.markdown], { podNames }),
    [doc.title, doc.markdown, podNames],
  );
  const items = useMemo(() => withChoices(found, disabled), [found, disabled]);
  const redacted = useMemo(() => redactDocument(doc, items), [doc, items]);
  const exportMeta = useMemo(() => ({ ...meta, title: redacted.title }), [meta, redacted.title]);

  const onExport = async (format: ExportFormat) => {
    setBusy(true);
    setStatus(null);
    try {
      let svgs: Record<string, string> | undefined;
      let note = '';
      if (format === 'html' && redacted.diagrams.length > 0) {
        const drawn = await svgsOf(redacted);
        svgs = drawn.svgs;
        if (drawn.failed.length > 0)
          note = ` (${drawn.failed.length} diagram(s) could not be drawn: kept as code)`;
      }
      const file = exportDocument(redacted, format, {
        meta: exportMeta,
        ...(svgs ? { svgs } : {}),
        draft: redactDraft(draft, items),
      });
      downloadFile(file.filename, file.mime, file.content);
      setStatus({ text: `Saved ${file.filename}${note}` });
    } catch (e) {
      setStatus({ text: `Export failed: ${e instanceof Error ? e.message : String(e)}`, error: true });
    } finally {
      setBusy(false);
    }
  };

  const clipboard = typeof navigator === 'undefined' ? undefined : navigator.clipboard;
  const onCopyMarkdown = () => {
    if (!clipboard?.writeText) {
      setStatus({
        text: 'The clipboard is not available here: export the Markdown file instead.',
        error: true,
      });
      return;
    }
    clipboard.writeText(redacted.markdown).then(
      () => setStatus({ text: 'Copied as Markdown' }),
      () => setStatus({ text: 'Could not copy: the browser refused the clipboard.', error: true }),
    );
  };
  const onCopyHtml = () => {
    if (!clipboard?.write || typeof ClipboardItem === 'undefined') {
      setStatus({
        text: 'Rich copy is not available in this browser: export HTML, or copy as Markdown.',
        error: true,
      });
      return;
    }
    let html: string;
    try {
      html = markdownToHtml(redacted.markdown);
    } catch (e) {
      setStatus({ text: `Could not convert: ${e instanceof Error ? e.message : String(e)}`, error: true });
      return;
    }
    const item = new ClipboardItem({
      'text/html': new Blob([html], { type: 'text/html' }),
      'text/plain': new Blob([redacted.markdown], { type: 'text/plain' }),
    });
    clipboard.write([item]).then(
      () => setStatus({ text: 'Copied as rich HTML' }),
      () => setStatus({ text: 'Could not copy: the browser refused the clipboard.', error: true }),
    );
  };

  return (
    <div className="doc-export">
      <section className="doc-redact" aria-labelledby="doc-redact-h">
        <h3 id="doc-redact-h">Redaction</h3>
        <p className="doc-muted">
          Replaced in every export with the same pseudonym everywhere (text, footnotes, diagrams). Untick what
          may stay. The draft and the logs are not changed.
        </p>
        <label className="doc-check">
          <input type="checkbox" checked={podNames} onChange={(e) => setPodNames(e.target.checked)} />
          Also replace pod and namespace names
        </label>
        {items.length === 0 ? (
          <p className="doc-muted">Nothing to redact found.</p>
        ) : (
          <table className="doc-redact-table">
            <thead>
              <tr>
                <th scope="col">Redact</th>
                <th scope="col">Kind</th>
                <th scope="col">Found</th>
                <th scope="col">Becomes</th>
                <th scope="col">Times</th>
              </tr>
            </thead>
            <tbody>
              {items.map((it: RedactionItem) => (
                <tr key={it.id} className={it.enabled ? undefined : 'is-kept'}>
                  <td>
                    <input
                      type="checkbox"
                      checked={it.enabled}
                      onChange={() => toggleRedaction(it.id)}
                      aria-label={`Redact ${it.value}`}
                    />
                  </td>
                  <td>{it.kind}</td>
                  <td className="doc-mono">{it.value}</td>
                  <td className="doc-mono">{it.replacement}</td>
                  <td>{it.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="doc-exports" aria-labelledby="doc-export-h">
        <h3 id="doc-export-h">Export</h3>
        <div className="doc-export-buttons">
          {FORMATS.map((f) => (
            <button
              key={f.format}
              type="button"
              className="btn"
              disabled={busy}
              title={f.hint}
              onClick={() => void onExport(f.format)}
            >
              {f.label}
            </button>
          ))}
        </div>
        <div className="doc-export-buttons">
          <button type="button" className="btn" onClick={onCopyMarkdown}>
            Copy as Markdown
          </button>
          <button type="button" className="btn" onClick={onCopyHtml}>
            Copy as rich HTML
          </button>
        </div>
        <p className={`doc-status ${status?.error ? 'is-error' : ''}`} role="status">
          {busy ? 'Exporting…' : (status?.text ?? '')}
        </p>
      </section>

      <DocPreview doc={redacted} label="Redacted document as exported">
        <p className="doc-paper-note">As exported, with the redactions above.</p>
      </DocPreview>
    </div>
  );
}
