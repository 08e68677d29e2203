// The document templates as the CLI finds them: every `*.md` of the templates folder except its
// README (adding a template is adding one file), parsed by the same loadTemplates the app uses.
// The folder is the repository's templates/ (found from this file, so `npm run rca` works from
// any working directory) or the one `--templates DIR` names.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../core/ingest/decode.ts';
import type { Template, TemplateProblem } from '../core/report/document-model.ts';
import { loadTemplates } from '../core/report/template.ts';

/** src/cli -> ../../templates. */
export const TEMPLATES_DIR = join(import.meta.dirname, '..', '..', 'templates');

export interface ReadTemplates {
  dir: string;
  templates: Template[];
  problems: TemplateProblem[];
}

function folderError(dir: string, e: unknown): InputError {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return new InputError(`${dir}: no such folder`);
  if (code === 'ENOTDIR') return new InputError(`${dir}: not a folder`);
  if (code === 'EACCES' || code === 'EPERM') return new InputError(`${dir}: permission denied`);
  return new InputError(`${dir}: cannot read (${e instanceof Error ? e.message : String(e)})`);
}

/** A template file: `shim-crash-rca.md`, not `README.md` (any case) nor `notes.txt`. */
const isTemplateFile = (name: string): boolean => /\.md$/i.test(name) && name.toLowerCase() !== 'readme.md';

/**
 * Reads and parses every template of `dir`, in file-name order (a stable listing). A folder that
 * cannot be read is an InputError (exit 1); a broken template is a problem, not an exception,
 * so the others still load.
 */
export async function readTemplates(dir: string = TEMPLATES_DIR): Promise<ReadTemplates> {
  let names: string[];
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    names = entries
      .filter((e) => e.isFile() && isTemplateFile(e.name))
      .map((e) => e.name)
      .sort();
  } catch (e) {
    throw folderError(dir, e);
  }
  const files: { file: string; text: string }[] = [];
  for (const file of names) {
    try {
      files.push({ file, text: await readFile(join(dir, file), 'utf8') });
    } catch (e) {
      throw folderError(join(dir, file), e);
    }
  }
  return { dir, ...loadTemplates(files) };
}

/** `shim-crash-rca.md:12: unknown field type "tabel"` (the line when known). */
export function problemLine(p: TemplateProblem): string {
  // A YAML error spans lines (`bad indentation of a mapping entry\n  3 | kind: rca`): one line on stderr.
  return `${p.file}${p.line === undefined ? '' : `:${p.line}`}: ${p.message.replace(/\s*\n\s*/g, ' ')}`;
}
