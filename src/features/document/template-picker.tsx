// Which template the document follows: the bundled ones (templates/) and those the analyst loaded
// from a file. A loaded file is checked first: a YAML, Liquid or field problem is shown with its
// line and the file is not kept; a good one joins the list and is picked.
import { type ChangeEvent, useId, useState } from 'react';
import type { TemplateProblem } from '../../core/report/document-model.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import { checkUserTemplate, type TemplateCatalog } from '../../state/templates.ts';

/** A template file larger than this is not a template (and would slow every render). */
const MAX_TEMPLATE_BYTES = 512 * 1024;

function ProblemList({ problems, label }: { problems: readonly TemplateProblem[]; label: string }) {
  if (problems.length === 0) return null;
  return (
    <div className="doc-problems" role="alert">
      <ul aria-label={label}>
        {problems.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: problems have no identity but their place
          <li key={i}>
            <span className="doc-mono">
              {p.file}
              {p.line !== undefined ? `, line ${p.line}` : ''}
            </span>
            : {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function TemplatePicker({ catalog }: { catalog: TemplateCatalog }) {
  const templateId = useWorkbenchStore((s) => s.documentTemplateId);
  const setTemplate = useWorkbenchStore((s) => s.setDocumentTemplate);
  const addUserTemplate = useWorkbenchStore((s) => s.addUserTemplate);
  const removeUserTemplate = useWorkbenchStore((s) => s.removeUserTemplate);
  const [loadProblems, setLoadProblems] = useState<TemplateProblem[]>([]);
  const [loaded, setLoaded] = useState<string | null>(null);
  const selectId = useId();
  const fileId = useId();

  const bundled = catalog.templates.filter((t) => !catalog.userFiles.has(t.file));
  const mine = catalog.templates.filter((t) => catalog.userFiles.has(t.file));
  const current = catalog.templates.find((t) => t.meta.id === templateId);

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.target;
    const file = input.files?.[0];
    // The same file picked again (after fixing it) must fire a change.
    input.value = '';
    if (!file) return;
    setLoaded(null);
    if (file.size > MAX_TEMPLATE_BYTES) {
      setLoadProblems([
        { file: file.name, message: `larger than ${MAX_TEMPLATE_BYTES / 1024} KB: not a template` },
      ]);
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch (err) {
      setLoadProblems([{ file: file.name, message: `could not be read: ${String(err)}` }]);
      return;
    }
    const result = checkUserTemplate(file.name, text, catalog.templates);
    if (!result.ok) {
      setLoadProblems(result.problems);
      return;
    }
    setLoadProblems([]);
    addUserTemplate({ file: file.name, text });
    setTemplate(result.template.meta.id);
    setLoaded(`Loaded ${result.template.meta.title} from ${file.name}`);
  };

  return (
    <div className="doc-picker">
      <label htmlFor={selectId} className="doc-picker-label">
        Template
      </label>
      <select
        id={selectId}
        className="doc-select"
        value={current ? current.meta.id : ''}
        onChange={(e) => setTemplate(e.target.value === '' ? null : e.target.value)}
      >
        <option value="">Choose a template…</option>
        <optgroup label="Bundled">
          {bundled.map((t) => (
            <option key={t.meta.id} value={t.meta.id}>
              {t.meta.title}
            </option>
          ))}
        </optgroup>
        {mine.length > 0 && (
          <optgroup label="Loaded from a file">
            {mine.map((t) => (
              <option key={t.meta.id} value={t.meta.id}>
                {t.meta.title}
              </option>
            ))}
          </optgroup>
        )}
      </select>
      <label htmlFor={fileId} className="btn btn-small doc-file-btn">
        Load a template file…
      </label>
      <input
        id={fileId}
        type="file"
        accept=".md,.markdown,text/markdown,text/plain"
        className="doc-file-input"
        aria-label="Load a template file"
        onChange={(e) => void onFile(e)}
      />
      {current && catalog.userFiles.has(current.file) && (
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            removeUserTemplate(current.file.replace(/^user:/, ''));
            setTemplate(null);
          }}
        >
          Remove this template
        </button>
      )}
      <span className="doc-muted" role="status">
        {loaded ?? ''}
      </span>
      {current && <p className="doc-template-desc">{current.meta.description}</p>}
      <ProblemList problems={loadProblems} label="Problems in the loaded template" />
      <ProblemList problems={catalog.problems} label="Templates that could not be read" />
    </div>
  );
}
