// Templates (issue 6): a Markdown file with YAML front matter (the meta: id, title, kind, the
// fields the analyst fills) and a Liquid body. Parsing checks everything a render relies on and
// reports each problem with the line of the FILE it is on, so that a template author (or the
// `rca templates check` command) can go straight to it.
import {
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type Pair,
  parseDocument,
  type YAMLMap,
} from 'yaml';
import {
  FIELD_SOURCES,
  FIELD_TYPES,
  type FieldSource,
  type FieldType,
  TEMPLATE_KINDS,
  type Template,
  type TemplateField,
  type TemplateKind,
  type TemplateProblem,
} from './document-model.ts';
import { createEngine } from './liquid.ts';

/** A template that cannot be used, with every problem found (file and line each). */
export class TemplateError extends Error {
  readonly problems: TemplateProblem[];
  constructor(problems: TemplateProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'TemplateError';
    this.problems = problems;
  }
}

/** `shim-crash-rca.md:12: message` (the form editors and compilers print). */
export function formatProblem(p: TemplateProblem): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`;
}

// A template id: kebab-case, as the file names. Input: "shim-crash-rca".
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// A field name: a Liquid variable under `fields.`. Input: "root_cause".
const SNAKE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
// The front matter's fences: a line of three dashes (trailing spaces allowed). Input: "---".
const FENCE = /^---[ \t]*$/;
// Liquid's own position suffix, replaced by the file's line. Input: "tag "x" not found, line:3, col:1".
const LIQUID_POSITION = /, (?:file:[^,]*, )?line:\d+, col:\d+$/;

const META_KEYS = ['id', 'title', 'description', 'kind', 'fields', 'tags'] as const;
const FIELD_KEYS = ['name', 'type', 'label', 'help', 'source', 'columns', 'language', 'default'] as const;

/**
 * Reads a template file. Throws TemplateError with every problem found: no front matter, YAML
 * errors, missing or unknown keys, bad ids, names, types, kinds and sources, duplicate fields, and
 * Liquid syntax errors (unknown tags or filters, include / render, unclosed blocks), each with its
 * line in the file.
 */
export function parseTemplate(text: string, file: string): Template {
  const problems: TemplateProblem[] = [];
  const fail = (message: string, line?: number) =>
    problems.push(line ? { file, line, message } : { file, message });
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (!FENCE.test(lines[0] ?? '')) {
    throw new TemplateError([
      { file, line: 1, message: 'a template starts with YAML front matter between `---` lines' },
    ]);
  }
  const close = lines.findIndex((l, i) => i > 0 && FENCE.test(l));
  if (close < 0) {
    throw new TemplateError([
      { file, line: 1, message: 'the front matter is not closed: add a `---` line after it' },
    ]);
  }
  const yamlText = lines.slice(1, close).join('\n');
  // The YAML starts on the file's line 2.
  const counter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number | undefined) =>
    offset === undefined ? undefined : counter.linePos(offset).line + 1;
  // A pair is on its key's line; a node on its first character's.
  const lineOf = (node: Node | Pair | null | undefined): number | undefined => {
    if (!node) return undefined;
    if (isPair(node)) return isNode(node.key) ? lineOf(node.key) : undefined;
    return node.range ? lineAt(node.range[0]) : undefined;
  };
  for (const e of [...doc.errors, ...doc.warnings]) {
    fail(`YAML: ${e.message.split('\n')[0]}`, lineAt(e.pos[0]));
  }
  if (doc.errors.length > 0) throw new TemplateError(problems);

  const root = doc.contents;
  if (!isMap(root))
    throw new TemplateError([
      { file, line: 2, message: 'the front matter must be a YAML mapping (key: value)' },
    ]);

  const get = (map: YAMLMap, key: string) => map.items.find((p) => isScalar(p.key) && p.key.value === key);
  const unknownKeys = (map: YAMLMap, allowed: readonly string[], where: string) => {
    for (const p of map.items) {
      const k = isScalar(p.key) ? String(p.key.value) : String(p.key);
      if (!allowed.includes(k))
        fail(`unknown key \`${k}\` in ${where} (allowed: ${allowed.join(', ')})`, lineOf(p));
    }
  };
  const str = (map: YAMLMap, key: string, where: string, required: boolean): string | undefined => {
    const p = get(map, key);
    if (!p) {
      if (required) fail(`${where}: \`${key}\` is missing`, lineOf(map));
      return undefined;
    }
    const v = p.value;
    if (
      isScalar(v) &&
      (typeof v.value === 'string' || typeof v.value === 'number') &&
      String(v.value).trim() !== ''
    )
      return String(v.value);
    fail(`${where}: \`${key}\` must be a non-empty string`, lineOf(p));
    return undefined;
  };
  const strList = (map: YAMLMap, key: string, where: string): string[] | undefined => {
    const p = get(map, key);
    if (!p) return undefined;
    if (isSeq(p.value) && p.value.items.every((i) => isScalar(i) && typeof i.value === 'string'))
      return p.value.items.map((i) => String((i as { value: unknown }).value));
    fail(`${where}: \`${key}\` must be a list of strings`, lineOf(p));
    return undefined;
  };

  unknownKeys(root, META_KEYS, 'the front matter');
  const id = str(root, 'id', 'the front matter', true);
  if (id !== undefined && !KEBAB.test(id))
    fail(`id \`${id}\` must be kebab-case (a-z, 0-9, dashes)`, lineOf(get(root, 'id')));
  const title = str(root, 'title', 'the front matter', true);
  const description = str(root, 'description', 'the front matter', true);
  const kind = str(root, 'kind', 'the front matter', true);
  if (kind !== undefined && !(TEMPLATE_KINDS as readonly string[]).includes(kind))
    fail(`kind \`${kind}\` is not one of ${TEMPLATE_KINDS.join(', ')}`, lineOf(get(root, 'kind')));
  const tags = strList(root, 'tags', 'the front matter');

  const fields: TemplateField[] = [];
  const fieldsPair = get(root, 'fields');
  if (!fieldsPair)
    fail('the front matter: `fields` is missing (a list, may be empty: `fields: []`)', lineOf(root));
  else if (!isSeq(fieldsPair.value)) fail('`fields` must be a list of fields', lineOf(fieldsPair));
  else {
    const seen = new Map<string, number | undefined>();
    fieldsPair.value.items.forEach((item, k) => {
      const where = `field ${k + 1}`;
      if (!isMap(item)) {
        fail(`${where} must be a mapping (name, type, label...)`, lineOf(item as Node) ?? lineOf(fieldsPair));
        return;
      }
      unknownKeys(item, FIELD_KEYS, where);
      const name = str(item, 'name', where, true);
      const label = name ? `field ${name}` : where;
      if (name !== undefined) {
        if (!SNAKE.test(name))
          fail(
            `field name \`${name}\` must be snake_case (a-z, 0-9, underscores)`,
            lineOf(get(item, 'name')),
          );
        if (seen.has(name))
          fail(
            `field \`${name}\` is declared twice (first on line ${seen.get(name)})`,
            lineOf(get(item, 'name')),
          );
        seen.set(name, lineOf(get(item, 'name')));
      }
      const type = str(item, 'type', label, true);
      if (type !== undefined && !(FIELD_TYPES as readonly string[]).includes(type))
        fail(`field type \`${type}\` is not one of ${FIELD_TYPES.join(', ')}`, lineOf(get(item, 'type')));
      const fieldLabel = str(item, 'label', label, true);
      const help = str(item, 'help', label, false);
      const source = str(item, 'source', label, false);
      if (source !== undefined && !(FIELD_SOURCES as readonly string[]).includes(source))
        fail(
          `field source \`${source}\` is not one of ${FIELD_SOURCES.join(', ')}`,
          lineOf(get(item, 'source')),
        );
      const columns = strList(item, 'columns', label);
      const language = str(item, 'language', label, false);
      const def = get(item, 'default');
      let defaultValue: string | undefined;
      if (def) {
        if (isScalar(def.value) && def.value.value !== null) defaultValue = String(def.value.value);
        else fail(`${label}: \`default\` must be a string`, lineOf(def));
      }
      if (name && type && fieldLabel) {
        const f: TemplateField = { name, type: type as FieldType, label: fieldLabel };
        if (help !== undefined) f.help = help;
        if (source !== undefined) f.source = source as FieldSource;
        if (columns !== undefined) f.columns = columns;
        if (language !== undefined) f.language = language;
        if (defaultValue !== undefined) f.default = defaultValue;
        fields.push(f);
      }
    });
  }

  const bodyLine = close + 2;
  const body = lines.slice(close + 1).join('\n');
  problems.push(...liquidProblems(body, file, bodyLine, fields));
  if (problems.length > 0 || !id || !title || !description || !kind) throw new TemplateError(problems);
  const meta: Template['meta'] = { id, title, description, kind: kind as TemplateKind, fields };
  if (tags !== undefined) meta.tags = tags;
  return { meta, body, bodyLine, file };
}

/** Liquid's position of an error (1-based line in the text it parsed), when it has one. */
export function liquidErrorLine(e: unknown): number | undefined {
  if (e && typeof e === 'object' && 'token' in e) {
    const token = (e as { token?: { getPosition?: () => number[] } }).token;
    const pos = token?.getPosition?.();
    if (pos && typeof pos[0] === 'number') return pos[0];
  }
  return undefined;
}

/** A Liquid error's message without Liquid's own `line:, col:` (the caller adds the file's line). */
export function liquidErrorMessage(e: unknown): string {
  const original =
    e && typeof e === 'object' && 'originalError' in e
      ? (e as { originalError?: unknown }).originalError
      : undefined;
  const message = original instanceof Error ? original.message : e instanceof Error ? e.message : String(e);
  return message.replace(LIQUID_POSITION, '');
}

/** What a template may read: the render context's names (render.ts builds them). */
const CONTEXT_ROOTS = ['doc', 'fields', 'analysis', 'sources'];
const DOC_KEYS = ['title', 'incident_id', 'generator', 'generated_at', 'template_id'];

/**
 * The body's Liquid syntax error as a problem on the file's line; else, from a static analysis,
 * every variable the render will not have: an unknown root (`field.x`), an undeclared field
 * (`fields.verdit`), an unknown `doc` key. A typo would otherwise print nothing, silently.
 */
function liquidProblems(
  body: string,
  file: string,
  bodyLine: number,
  fields: TemplateField[],
): TemplateProblem[] {
  const liquid = createEngine();
  let parsed: ReturnType<typeof liquid.parse>;
  try {
    parsed = liquid.parse(body);
  } catch (e) {
    const line = liquidErrorLine(e);
    const message = `Liquid: ${liquidErrorMessage(e)}`;
    return [line !== undefined ? { file, line: line + bodyLine - 1, message } : { file, message }];
  }
  const out: TemplateProblem[] = [];
  const names = new Set(fields.map((f) => f.name));
  let globals: ReturnType<typeof liquid.analyzeSync>['globals'];
  try {
    globals = liquid.analyzeSync(parsed).globals;
  } catch {
    return out;
  }
  for (const [root, uses] of Object.entries(globals)) {
    for (const v of uses) {
      const line = v.location.row + bodyLine - 1;
      const key = v.segments[1];
      if (!CONTEXT_ROOTS.includes(root)) {
        out.push({
          file,
          line,
          message: `unknown variable \`${root}\` (a template reads ${CONTEXT_ROOTS.join(', ')})`,
        });
        break;
      }
      if (root === 'fields' && typeof key === 'string' && !names.has(key))
        out.push({ file, line, message: `\`fields.${key}\` is not a declared field` });
      if (root === 'doc' && typeof key === 'string' && !DOC_KEYS.includes(key))
        out.push({ file, line, message: `\`doc.${key}\` is not known (doc has ${DOC_KEYS.join(', ')})` });
    }
  }
  return out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/**
 * Parses every file; a file with problems is left out and its problems reported, as is a second
 * template with an id already taken (the first, in the order given, wins).
 */
export function loadTemplates(files: { file: string; text: string }[]): {
  templates: Template[];
  problems: TemplateProblem[];
} {
  const templates: Template[] = [];
  const problems: TemplateProblem[] = [];
  for (const f of files) {
    try {
      const t = parseTemplate(f.text, f.file);
      const first = templates.find((x) => x.meta.id === t.meta.id);
      if (first) {
        problems.push({
          file: f.file,
          line: idLine(f.text),
          message: `template id \`${t.meta.id}\` is already used by ${first.file}`,
        });
      } else templates.push(t);
    } catch (e) {
      if (e instanceof TemplateError) problems.push(...e.problems);
      else problems.push({ file: f.file, message: e instanceof Error ? e.message : String(e) });
    }
  }
  return { templates, problems };
}

/** The line of `id:` in the front matter (for a duplicate id). Input: "id: shim-crash-rca". */
function idLine(text: string): number | undefined {
  const k = text.split(/\r?\n/).findIndex((l) => /^id\s*:/.test(l));
  return k >= 0 ? k + 1 : undefined;
}
