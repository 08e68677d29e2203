// The document templates the app offers: the files of templates/ (bundled at build time, so
// adding a template is adding one file) and the ones the analyst loaded from disk in the app
// (kept in the store as text). Both are parsed by the core's loader; what does not parse is
// listed with its file and line instead of being offered.
import { useMemo } from 'react';
import type { Template, TemplateProblem } from '../core/report/document-model.ts';
import { loadTemplates, parseTemplate, TemplateError } from '../core/report/template.ts';
import { type UserTemplateFile, useWorkbenchStore } from './store.ts';

// Vite reads every templates/*.md as text at build time (vitest too): `{'../../templates/postmortem.md': '---\nid: postmortem…'}`.
const RAW: Record<string, string> = import.meta.glob('../../templates/*.md', {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** The folder's README explains the format: it is not a template. */
const NOT_A_TEMPLATE = new Set(['README.md']);

/** The bundled template files by their name in templates/ (`shim-crash-rca.md`), sorted. */
export const BUNDLED_TEMPLATE_FILES: readonly UserTemplateFile[] = Object.entries(RAW)
  .map(([path, text]) => ({ file: path.slice(path.lastIndexOf('/') + 1), text }))
  .filter((f) => !NOT_A_TEMPLATE.has(f.file))
  .sort((a, b) => a.file.localeCompare(b.file));

/** The file name a user template is known by (Template.file): `user:<name>`. */
export const userFileName = (name: string): string => `user:${name}`;

export interface TemplateCatalog {
  templates: Template[];
  /** File names (Template.file) of the templates the analyst loaded. */
  userFiles: ReadonlySet<string>;
  problems: TemplateProblem[];
}

/** Bundled templates first, then the analyst's; a broken or duplicate file is a problem, not a crash. */
export function buildCatalog(
  bundled: readonly UserTemplateFile[],
  user: readonly UserTemplateFile[],
): TemplateCatalog {
  const files = [...bundled, ...user.map((u) => ({ file: userFileName(u.file), text: u.text }))];
  let loaded: { templates: Template[]; problems: TemplateProblem[] };
  try {
    loaded = loadTemplates(files);
  } catch (e) {
    // The loader reports problems rather than throwing; if it ever throws, the tab must still open.
    loaded = { templates: [], problems: [{ file: 'templates/', message: messageOf(e) }] };
  }
  return {
    templates: loaded.templates,
    userFiles: new Set(user.map((u) => userFileName(u.file))),
    problems: loaded.problems,
  };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Every template the Document tab offers, with the problems of those it could not read. */
export function useTemplateCatalog(): TemplateCatalog {
  const user = useWorkbenchStore((s) => s.userTemplates);
  return useMemo(() => buildCatalog(BUNDLED_TEMPLATE_FILES, user), [user]);
}

/**
 * Checks a file the analyst picked before it is kept: the template, or the problems (YAML,
 * Liquid, fields) with their lines in that file. An id that another template already has is a
 * problem too (the draft is stored by template id).
 */
export function checkUserTemplate(
  name: string,
  text: string,
  others: readonly Template[],
): { ok: true; template: Template } | { ok: false; problems: TemplateProblem[] } {
  const file = userFileName(name);
  let template: Template;
  try {
    template = parseTemplate(text, file);
  } catch (e) {
    if (e instanceof TemplateError) return { ok: false, problems: e.problems };
    return { ok: false, problems: [{ file, message: messageOf(e) }] };
  }
  const clash = others.find((t) => t.meta.id === template.meta.id && t.file !== file);
  if (clash)
    return {
      ok: false,
      problems: [{ file, message: `the id "${template.meta.id}" is already used by ${clash.file}` }],
    };
  return { ok: true, template };
}

// The app's version from package.json, read by Vite at build time (only the `version` key is
// bundled): `{'../../package.json': '0.1.0'}`. The CLI reads the same file at run time.
const VERSION: Record<string, string> = import.meta.glob('../../package.json', {
  import: 'version',
  eager: true,
});

/** What a document says made it (front matter, HTML meta): `rca-workbench@0.1.0`. */
export const GENERATOR = `rca-workbench@${Object.values(VERSION)[0] ?? '0.0.0'}`;
