// `rca report`: files -> a document (issue 6 part 6), headless. The files are read and analysed
// exactly as `rca analyze` does (the same Workbench, clocks and verdict), the template is one of
// templates/ (or --templates DIR), and the fill, render, redaction and export are the core
// functions the app's editor calls, so the CLI's Markdown is the app's Markdown. The CLI has no
// pinned key events (pins live in the app's incident) and no browser: an HTML export prints each
// diagram's Mermaid source as a code block instead of an inline SVG.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalysisResult } from '../core/analysis/model.ts';
import type { SourceClock } from '../core/engine/engine-api.ts';
import type { Workbench } from '../core/engine/workbench.ts';
import { InputError } from '../core/ingest/decode.ts';
import {
  type DocumentDraft,
  type EventRef,
  EXPORT_FORMATS,
  type ExportFormat,
  type RenderedDocument,
  type Template,
} from '../core/report/document-model.ts';
import { exportDocument } from '../core/report/export/index.ts';
import { citedEventIds, type FillInput, fillDraft } from '../core/report/fill.ts';
import { incidentIdOf } from '../core/report/incident.ts';
import { applyRedactions, findRedactions, type RedactionItem } from '../core/report/redact.ts';
import { renderDocument } from '../core/report/render.ts';
import { TemplateError } from '../core/report/template.ts';
import { formatOffset } from '../core/time/calendar.ts';
import { parseIso } from '../core/util/time.ts';
import { type ParsedArgs, UsageError } from './args.ts';
import type { CliIo } from './io.ts';
import { problemLine, readTemplates } from './read-templates.ts';
import { load, optionsOf } from './timeline-command.ts';

export const REPORT_OPTIONS = {
  template: { value: true },
  templates: { value: true },
  format: { value: true },
  redact: { value: false },
  'pod-names': { value: false },
  out: { value: true },
  title: { value: true },
  incident: { value: true },
  'generated-at': { value: true },
  year: { value: true },
  'utc-offset': { value: true },
  'captured-at': { value: true },
} as const;

/** A footnote's excerpt: the line cut to this many characters (the EventRef contract). */
const EXCERPT_MAX = 300;

/** `rca-workbench@0.1.0`, from the package.json next to src/. */
export function generatorName(): string {
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as {
    name?: string;
    version?: string;
  };
  return `${pkg.name ?? 'rca-workbench'}@${pkg.version ?? '0.0.0'}`;
}

// ---------------------------------------------------------------- sources and lines

/** µs as a short duration: `850 µs`, `4.3 ms`, `1.250 s`. */
function duration(us: number): string {
  const a = Math.abs(us);
  if (a < 1000) return `${Math.round(us)} µs`;
  if (a < 1_000_000) return `${(us / 1000).toFixed(1)} ms`;
  return `${(us / 1_000_000).toFixed(3)} s`;
}

/**
 * One phrase for the sources table: how the source's times were put on the timeline.
 * `aligned to journalctl-k.txt, ±4.3 ms` (a dmesg boot offset fitted from matched lines),
 * `as printed; year 2025 (user), UTC+00:00 (learned)` (wall-clock stamps), `relative, no boot
 * time` (a monotonic clock nothing anchors), `as printed` (stamps with a full date and zone).
 */
export function alignmentText(c: SourceClock | undefined, names: ReadonlyMap<string, string>): string {
  if (!c) return 'not reported';
  const parts: string[] = [];
  for (const b of c.boots) {
    if (b.bootTimeUs === null) {
      parts.push(`${c.boots.length > 1 ? `boot ${b.boot}: ` : ''}relative, no boot time`);
      continue;
    }
    const to = b.anchorSources.map((id) => names.get(id) ?? id);
    const how =
      b.decidedBy === 'user'
        ? 'boot time set by the analyst'
        : to.length > 0
          ? `aligned to ${to.join(', ')}`
          : `aligned by ${b.evidence}`;
    const pm = b.uncertaintyUs === null ? '' : `, ±${duration(b.uncertaintyUs)}`;
    parts.push(`${c.boots.length > 1 ? `boot ${b.boot}: ` : ''}${how}${pm}`);
  }
  if (c.boots.length === 0 || c.year || c.zone) {
    const assumed: string[] = [];
    if (c.year) assumed.push(`year ${c.year.value} (${c.year.how})`);
    if (c.zone) assumed.push(`UTC${formatOffset(c.zone.utcOffsetMinutes)} (${c.zone.how})`);
    if (c.boots.length === 0) parts.push(`as printed${assumed.length ? `; ${assumed.join(', ')}` : ''}`);
    else if (assumed.length) parts.push(assumed.join(', '));
  }
  if (c.shiftUs) parts.push(`shifted by ${duration(c.shiftUs)}${c.pinned ? ' (pinned line)' : ''}`);
  return parts.join('; ');
}

/** Every source with its formats, counts and clock alignment (the `sources` field source). */
export function sourcesOf(wb: Workbench): FillInput['sources'] {
  const clocks = new Map(wb.clocks().sources.map((c) => [c.sourceId, c]));
  const summaries = wb.listSources();
  const names = new Map(summaries.map((s) => [s.sourceId, s.name]));
  return summaries.map((s) => ({
    name: s.name,
    formats: [...new Set(s.segments.map((g) => g.format))],
    lines: s.lines,
    events: s.events,
    alignment: alignmentText(clocks.get(s.sourceId), names),
  }));
}

/**
 * The cited lines as EventRefs: file = the source's name, excerpt = the line as it stands in the
 * file (`Nov 24 07:48:16 k8s-worker-21 kernel: Memory cgroup out of memory: Killed process 2150
 * ...`), so `file:line` and the excerpt agree and a reader can grep for it; a record over several
 * lines (a crictl inspect block) gives its message instead. Cut to 300 characters.
 */
export function eventRefs(wb: Workbench, ids: readonly string[]): Record<string, EventRef> {
  const out: Record<string, EventRef> = {};
  for (const r of wb.eventRows([...new Set(ids)])) {
    const text = r.lineEnd === r.line ? (wb.detail(r.eventId).raw[0]?.text ?? r.message) : r.message;
    const excerpt = text.length > EXCERPT_MAX ? `${text.slice(0, EXCERPT_MAX - 1)}…` : text;
    out[r.eventId] = { eventId: r.eventId, file: r.sourceName, line: r.line, excerpt, time: r.time };
  }
  return out;
}

/** The focus container's lifecycle steps (for the lifecycle gantt), when the engine knows it. */
function lifecycleOf(wb: Workbench, analysis: AnalysisResult): FillInput['lifecycle'] {
  const id = analysis.focus.containers[0];
  if (id === undefined) return undefined;
  const key = `container:${id}`;
  if (!wb.entities().some((e) => e.key === key)) return undefined;
  return wb.lifecycle(key).map((s) => ({ label: s.label, time: s.time }));
}

// ---------------------------------------------------------------- redaction

/** Every string inside `v` redacted (the rendered document, its footnotes and diagrams, the draft). */
function redactDeep<T>(v: T, items: readonly RedactionItem[]): T {
  const walk = (x: unknown): unknown => {
    if (typeof x === 'string') return applyRedactions(x, [...items]);
    if (Array.isArray(x)) return x.map(walk);
    if (x !== null && typeof x === 'object')
      return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, walk(y)]));
    return x;
  };
  return walk(v) as T;
}

// ---------------------------------------------------------------- the command

function formatOf(args: ParsedArgs): ExportFormat {
  const raw = args.values.get('format') ?? 'md';
  const f = EXPORT_FORMATS.find((x) => x === raw);
  if (!f) throw new UsageError(`unknown --format "${raw}" (one of ${EXPORT_FORMATS.join(', ')})`);
  return f;
}

function generatedAtOf(args: ParsedArgs): string {
  const raw = args.values.get('generated-at');
  if (raw === undefined) return new Date().toISOString();
  // `2025-11-26T10:00:00Z`, `2025-11-26T11:00:00+01:00`: a zone is required, written back as UTC.
  const t = parseIso(raw);
  if (!t?.zoned) throw new UsageError(`--generated-at must be an ISO-8601 time with a zone, got "${raw}"`);
  return new Date(Math.floor(t.micros / 1000)).toISOString();
}

/** --incident, or the id the app gives the same files (incidentIdOf their content hashes). */
function incidentOf(args: ParsedArgs, contentHashes: readonly string[]): string {
  return args.values.get('incident') ?? incidentIdOf(contentHashes);
}

/** The template the flags name: a problem with it is exit 1, an unknown id exit 2 with the list. */
async function pickTemplate(args: ParsedArgs, io: CliIo): Promise<Template | number> {
  const id = args.values.get('template');
  if (id === undefined) throw new UsageError('report needs --template ID (rca templates lists them)');
  const { dir, templates, problems } = await readTemplates(args.values.get('templates'));
  const template = templates.find((t) => t.meta.id === id);
  if (template) {
    // Another template's problem does not stop this report; it is said, not hidden.
    for (const p of problems) io.error(`rca: warning: skipped template ${problemLine(p)}`);
    return template;
  }
  // A broken file named after the id is most likely the one asked for: its problem is the answer.
  const own = problems.filter((p) => p.file.replace(/\.md$/i, '') === id);
  const shown = own.length > 0 ? own : templates.length === 0 ? problems : [];
  if (shown.length > 0) {
    io.error(
      `rca: template ${problemLine(shown[0])}${shown.length > 1 ? ` (and ${shown.length - 1} more)` : ''}`,
    );
    return 1;
  }
  const ids = templates.map((t) => t.meta.id);
  const broken =
    problems.length > 0 ? `; ${problems.length} broken (rca templates --templates DIR shows them)` : '';
  throw new UsageError(
    ids.length > 0
      ? `unknown template "${id}" (one of ${ids.join(', ')}${broken})`
      : `unknown template "${id}": no templates in ${dir}`,
  );
}

export async function reportCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  // Usage first (nothing read yet), then the template (cheap), then the files (slow).
  const format = formatOf(args);
  const generatedAt = generatedAtOf(args);
  const clock = optionsOf(args);
  if (args.flags.has('pod-names') && !args.flags.has('redact'))
    throw new UsageError(
      '--pod-names only goes with --redact (it adds pod and namespace names to what is replaced)',
    );
  if (args.positional.length === 0) throw new UsageError('report needs at least one FILE');
  const picked = await pickTemplate(args, io);
  if (typeof picked === 'number') return picked;
  const template = picked;

  const { wb } = await load(args.positional, clock);
  const analysis = wb.analysis();
  const input: FillInput = {
    analysis,
    pins: [],
    sources: sourcesOf(wb),
    lines: {},
    lifecycle: lifecycleOf(wb, analysis),
  };
  input.lines = eventRefs(wb, citedEventIds(template, input));

  const generator = generatorName();
  const incidentId = incidentOf(
    args,
    wb.listSources().map((s) => s.contentHash),
  );
  let draft: DocumentDraft;
  let doc: RenderedDocument;
  try {
    draft = fillDraft(template, input);
    const title = args.values.get('title');
    if (title !== undefined) draft = { ...draft, title };
    doc = renderDocument(template, draft, {
      incidentId,
      generator,
      generatedAt,
      lines: input.lines,
      analysis,
    });
  } catch (e) {
    if (e instanceof TemplateError) {
      const [first, ...rest] = e.problems;
      io.error(
        first
          ? `rca: template ${problemLine(first)}${rest.length ? ` (and ${rest.length} more)` : ''}`
          : `rca: template ${template.file}: ${e.message}`,
      );
      return 1;
    }
    throw e;
  }

  let meta = {
    generator,
    templateId: template.meta.id,
    incidentId,
    title: doc.title,
    tags: template.meta.tags ?? [],
    generatedAt,
  };
  if (args.flags.has('redact')) {
    // Found in the Markdown (the diagrams are fences in it), applied to everything exported:
    // the text, the diagrams' sources, the footnotes' excerpts, the draft in the JSON, the title.
    const items = findRedactions([doc.markdown], { podNames: args.flags.has('pod-names') });
    doc = redactDeep(doc, items);
    draft = redactDeep(draft, items);
    meta = {
      ...meta,
      title: applyRedactions(meta.title, items),
      incidentId: applyRedactions(incidentId, items),
    };
  }
  // A warning quoting a template line (`unknown field "x"\n  at line 4`) is one line on stderr.
  for (const w of doc.warnings) io.error(`rca: warning: ${w.replace(/\s*\n\s*/g, ' ')}`);

  const file = exportDocument(doc, format, { meta, draft });
  const out = args.values.get('out');
  if (out === undefined) {
    await io.write(file.content.endsWith('\n') ? file.content : `${file.content}\n`);
    return 0;
  }
  try {
    writeFileSync(out, file.content);
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new InputError(`${out}: cannot write${code ? ` (${code})` : ''}`);
  }
  return 0;
}
