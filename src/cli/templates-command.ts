// `rca templates`: the document templates in the folder (the same list the app offers), with
// their id, title, kind and description, and every problem a template has (file and line), so
// someone writing a template can check it without opening the app.
import type { ParsedArgs } from './args.ts';
import type { CliIo } from './io.ts';
import { problemLine, readTemplates } from './read-templates.ts';

export const TEMPLATES_OPTIONS = {
  json: { value: false },
  templates: { value: true },
} as const;

export async function templatesCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const { dir, templates, problems } = await readTemplates(args.values.get('templates'));
  const rows = templates.map((t) => ({
    id: t.meta.id,
    title: t.meta.title,
    kind: t.meta.kind,
    description: t.meta.description,
    file: t.file,
    fields: t.meta.fields.length,
  }));
  if (args.flags.has('json')) {
    await io.write(`${JSON.stringify({ dir, templates: rows, problems }, null, 2)}\n`);
  } else {
    const w = Math.max(0, ...rows.map((r) => r.id.length));
    const k = Math.max(0, ...rows.map((r) => r.kind.length));
    // A block-scalar description (`description: |` then two lines) prints on one line.
    const lines = rows.map(
      (r) =>
        `${r.id.padEnd(w)}  ${r.kind.padEnd(k)}  ${r.title}\n${' '.repeat(w + k + 4)}${r.description.replace(/\s+/g, ' ').trim()}`,
    );
    if (rows.length === 0) lines.push(`no templates in ${dir}`);
    if (problems.length > 0)
      lines.push(`\nproblems: ${problems.length}`, ...problems.map((p) => `  ${problemLine(p)}`));
    await io.write(`${lines.join('\n')}\n`);
  }
  // The listing is printed either way; a broken template still fails the command, so a check in
  // CI (`rca templates`) catches it.
  if (problems.length > 0) {
    io.error(`rca: ${problems.length} template problem${problems.length === 1 ? '' : 's'} in ${dir}`);
    return 1;
  }
  return 0;
}
