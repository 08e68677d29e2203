// A document's Markdown (issue 6): the template's Liquid body rendered with the draft's values,
// then the analyst's own sections, then a footnote for every cited line. Every `{{ }}` output is
// Markdown-escaped (liquid.ts); the result also lists the Mermaid diagrams (the app draws them,
// the exports turn them into SVG) and the headings for a table of contents.
import GithubSlugger from 'github-slugger';
import type { AnalysisResult } from '../analysis/model.ts';
import type {
  DocumentDraft,
  EventRef,
  FieldType,
  FieldValue,
  Footnote,
  RenderedDiagram,
  RenderedDocument,
  RenderInput,
  Template,
  TemplateField,
} from './document-model.ts';
import { coerceValue, fillValue, hypothesisNodes, winnerOf } from './fill.ts';
import { createEngine, escapeMarkdown, inlineCode } from './liquid.ts';
import { liquidErrorLine, liquidErrorMessage, TemplateError } from './template.ts';

const isEventRef = (v: unknown): v is EventRef =>
  typeof v === 'object' &&
  v !== null &&
  'eventId' in v &&
  'file' in v &&
  'line' in v &&
  typeof (v as EventRef).file === 'string' &&
  typeof (v as EventRef).line === 'number';

/** Whether a value has the shape a field type holds (a draft from storage may not). */
function hasShape(v: FieldValue, type: FieldType): boolean {
  switch (type) {
    case 'text':
    case 'markdown':
    case 'code':
      return typeof v === 'string';
    case 'list':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
    case 'table':
      return Array.isArray(v) && v.every((r) => Array.isArray(r) && r.every((c) => typeof c === 'string'));
    case 'event-list':
      return Array.isArray(v) && v.every(isEventRef);
    case 'hypothesis-tree':
      return (
        Array.isArray(v) &&
        v.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x) && 'verdict' in x)
      );
    default:
      return false;
  }
}

/** The analysis as templates see it: plain data, the tree as HypothesisNodes. */
function analysisContext(a: AnalysisResult | undefined) {
  if (!a)
    return {
      verdict: null,
      symptoms: [],
      hypotheses: [],
      gaps: [],
      steps: { verification: [], remediation: [] },
    };
  const winner = winnerOf(a);
  return {
    // The winner's verdict word and title beside the engine's verdict (for verdict_badge).
    verdict: { ...a.verdict, verdict: winner?.verdict ?? 'unknown', title: winner?.title ?? '' },
    symptoms: a.symptoms.map((s) => ({ ...s })),
    hypotheses: hypothesisNodes(a.hypotheses),
    gaps: a.gaps.map((g) => ({ ...g })),
    steps: {
      verification: a.steps.verification.map((s) => ({ ...s })),
      remediation: a.steps.remediation.map((s) => ({ ...s })),
    },
    focus: { ...a.focus },
  };
}

/** The sources the analysis read: name, formats and events. */
function sourcesContext(a: AnalysisResult | undefined) {
  return (a?.coverage ?? []).map((c) => ({
    name: c.name,
    formats: [...c.formats],
    events: Object.values(c.producers).reduce((n, p) => n + (p?.events ?? 0), 0),
  }));
}

// A fence opening or closing line, any indentation (a fence inside a list item is indented).
// Inputs: "```mermaid", "   ````sh", "~~~".
const FENCE_LINE = /^\s*(`{3,}|~{3,})(.*)$/;
// An ATX heading. Input: "## Root cause ##".
const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
// A Markdown backslash escape. Input: "\\[x\\]" -> "[x]".
const BACKSLASH_ESCAPE = /\\([!-/:-@[-`{-~])/g;

/** Walks the lines outside and inside fences: diagrams from ```mermaid fences, headings outside any. */
function scan(markdown: string): { diagrams: RenderedDiagram[]; toc: RenderedDocument['toc'] } {
  const diagrams: RenderedDiagram[] = [];
  const toc: RenderedDocument['toc'] = [];
  const slugger = new GithubSlugger();
  let open: { char: string; len: number; lang: string; body: string[] } | undefined;
  for (const line of markdown.split('\n')) {
    const f = FENCE_LINE.exec(line);
    if (open) {
      if (f && f[1][0] === open.char && f[1].length >= open.len && f[2].trim() === '') {
        if (open.lang === 'mermaid')
          diagrams.push({ id: `d${diagrams.length + 1}`, source: `${open.body.join('\n')}\n` });
        open = undefined;
      } else open.body.push(line);
      continue;
    }
    // A backtick fence's info string cannot hold a backtick.
    if (f && !(f[1][0] === '`' && f[2].includes('`'))) {
      open = { char: f[1][0], len: f[1].length, lang: f[2].trim().split(/\s+/)[0].toLowerCase(), body: [] };
      continue;
    }
    const h = HEADING.exec(line);
    if (h) {
      const text = h[2].replace(BACKSLASH_ESCAPE, '$1').replace(/`/g, '').trim();
      toc.push({ level: h[1].length, text, slug: slugger.slug(text) });
    }
  }
  return { diagrams, toc };
}

/** Longest excerpt a footnote shows, in code points. */
const EXCERPT_MAX = 300;

/** A footnote definition: the file and line, then the excerpt, both as inline code (logs stay text). */
function footnoteLine(f: Footnote): string {
  const where = inlineCode(`${f.ref.file}:${f.ref.line}`);
  // Cut to 300 code points as EventRef promises (a caller may hand a whole line).
  const cut = Array.from(f.ref.excerpt ?? '');
  const text = cut.length > EXCERPT_MAX ? `${cut.slice(0, EXCERPT_MAX - 1).join('')}…` : cut.join('');
  const excerpt = text ? ` ${inlineCode(text)}` : '';
  return `[^${f.label}]: ${where}${excerpt}`;
}

/**
 * Renders a document. Throws TemplateError (with the template file's line) when the template
 * fails at render time; everything else that is off (a value of the wrong shape, a cited line
 * nobody fetched) is a warning and the render goes on.
 */
export function renderDocument(
  template: Template,
  draft: DocumentDraft,
  input: RenderInput,
): RenderedDocument {
  const warnings: string[] = [];
  if (draft.templateId !== template.meta.id)
    warnings.push(`the draft was made with template ${draft.templateId}, rendered with ${template.meta.id}`);

  const footnotes: Footnote[] = [];
  const labels = new Map<string, string>();
  const missing = new Set<string>();
  const cite = (ref: string | { eventId: string }): string => {
    const id = typeof ref === 'string' ? ref : ref.eventId;
    const known = labels.get(id);
    if (known) return `[^${known}]`;
    const line = input.lines[id] ?? (isEventRef(ref) ? ref : undefined);
    if (!line) {
      if (!missing.has(id)) warnings.push(`cited line ${id} is not among the lines given: no footnote`);
      missing.add(id);
      return '';
    }
    const label = `L${footnotes.length + 1}`;
    labels.set(id, label);
    footnotes.push({ label, ref: { ...line } });
    return `[^${label}]`;
  };

  const fillInput = { analysis: input.analysis, pins: [], sources: [], lines: input.lines };
  const fields: Record<string, FieldValue> = {};
  for (const f of template.meta.fields) fields[f.name] = fieldValue(f, draft, fillInput, warnings);

  const context = {
    doc: {
      title: draft.title,
      incident_id: input.incidentId,
      generator: input.generator,
      generated_at: input.generatedAt,
      template_id: template.meta.id,
    },
    fields,
    analysis: analysisContext(input.analysis),
    sources: sourcesContext(input.analysis),
  };

  // The values `raw` may print as written: the markdown fields' (see FilterHooks.rawAllowed).
  const markdownValues = new Set(
    template.meta.fields.filter((f) => f.type === 'markdown').map((f) => fields[f.name] as string),
  );
  const rawAllowed = (v: string) => {
    if (v === '' || markdownValues.has(v)) return true;
    if (!warnings.includes(RAW_WARNING)) warnings.push(RAW_WARNING);
    return false;
  };

  let body: string;
  try {
    const liquid = createEngine({ cite, rawAllowed });
    body = liquid.renderSync(liquid.parse(template.body), context) as string;
  } catch (e) {
    const line = liquidErrorLine(e);
    throw new TemplateError([
      line !== undefined
        ? {
            file: template.file,
            line: line + template.bodyLine - 1,
            message: `Liquid: ${liquidErrorMessage(e)}`,
          }
        : { file: template.file, message: `Liquid: ${liquidErrorMessage(e)}` },
    ]);
  }

  const parts = [tidy(body)];
  for (const s of draft.sections) {
    parts.push(`## ${escapeMarkdown(s.title) || 'Notes'}\n\n${s.markdown.trim()}`);
  }
  const main = parts.filter((p) => p !== '').join('\n\n');
  const notes = footnotes.map(footnoteLine).join('\n');
  const markdown = `${main}\n${notes ? `\n${notes}\n` : ''}`;
  const { diagrams, toc } = scan(main);
  return { templateId: template.meta.id, title: draft.title, markdown, footnotes, diagrams, toc, warnings };
}

const RAW_WARNING = '`raw` was applied to a value that is not a markdown field: it was escaped';

/** Trailing spaces off, runs of blank lines (left by Liquid tags) cut to one, no blank edges. */
function tidy(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A field's value for the render: the draft's (in the field's shape), else its filled value. */
function fieldValue(
  f: TemplateField,
  draft: DocumentDraft,
  input: Parameters<typeof fillValue>[1],
  warnings: string[],
): FieldValue {
  const v = draft.values[f.name];
  if (v === undefined || v === null) return fillValue(f, input);
  if (hasShape(v, f.type)) return v;
  warnings.push(`field ${f.name} holds a value that is not a ${f.type}: converted`);
  return coerceValue(v, f.type);
}
