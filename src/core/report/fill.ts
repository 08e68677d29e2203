// A document's first values (issue 6): each template field names a `source` (FIELD_SOURCES) and
// gets its value from the analysis, the analyst's pins and the sources. The analyst then edits
// them; a re-fill (after a new analysis) keeps what they edited and their own sections.
//
// Values built as Markdown (impact, verification, remediation) are made of escaped pieces: ids,
// commands and titles come from logs, so each goes through escapeMarkdown / inlineCode / a fence.
import type { AnalysisResult, Hypothesis, Step } from '../analysis/model.ts';
import type {
  DocumentDraft,
  EventRef,
  FieldSource,
  FieldType,
  FieldValue,
  HypothesisNode,
  Template,
  TemplateField,
} from './document-model.ts';
import { escapeMarkdown, fencedBlock, inlineCode, isoMicros } from './liquid.ts';
import {
  hypothesisFlowchart,
  type KeyEvent,
  keyEventsTimeline,
  lifecycleGantt,
  type ShimExitIds,
  shimExitSequence,
} from './mermaid.ts';

/** What a fill reads besides the template. */
export interface FillInput {
  analysis?: AnalysisResult;
  /** The analyst's pinned key events, in pin order. */
  pins: { eventId: string; note: string }[];
  sources: { name: string; formats: string[]; lines: number; events: number; alignment?: string }[];
  /** Lines by event id (the caller fetches those citedEventIds names). */
  lines: Record<string, EventRef>;
  /**
   * The focus container's lifecycle steps, for the gantt: the engine's label (`exited 137`), and
   * its step kind when the caller has it (`exited`; else it is read from the label).
   */
  lifecycle?: { label: string; time: number | null; step?: string }[];
}

/** The short form people use for a 64-hex container id. Input: "7fc23ca64dfcf631a671...". */
const short = (id: string) => (/^[0-9a-f]{64}$/.test(id) ? id.slice(0, 12) : id);

/** Every hypothesis of the tree, depth first. */
function allHypotheses(hs: readonly Hypothesis[]): Hypothesis[] {
  return hs.flatMap((h) => [h, ...allHypotheses(h.children)]);
}

/** The verdict's winning hypothesis (a child when one stands out), if any. */
export function winnerOf(a: AnalysisResult): Hypothesis | undefined {
  const id = a.verdict.hypothesis;
  return id ? allHypotheses(a.hypotheses).find((h) => h.id === id) : undefined;
}

/** The tree as the document shows it: plain data, evidence refs are event ids. */
export function hypothesisNodes(hs: readonly Hypothesis[]): HypothesisNode[] {
  return hs.map((h) => {
    const node: HypothesisNode = {
      id: h.id,
      title: h.title,
      verdict: h.verdict,
      score: h.score,
      reason: h.reason,
      for: h.for.map((e) => ({ weight: e.weight, text: e.text, refs: [...e.eventIds] })),
      against: h.against.map((e) => ({ weight: e.weight, text: e.text, refs: [...e.eventIds] })),
      children: hypothesisNodes(h.children),
    };
    if (h.decision) node.decision = { state: h.decision.state, note: h.decision.note };
    return node;
  });
}

/**
 * The event ids whose lines a fill and a render may cite: the pins, the winner's evidence first
 * (the evidence field), then every hypothesis' evidence (a template may cite any node of
 * `analysis.hypotheses`), then the symptoms' lines. Deduplicated, in that order.
 */
export function citedEventIds(_template: Template, input: FillInput): string[] {
  const ids = new Set<string>();
  for (const p of input.pins) ids.add(p.eventId);
  const a = input.analysis;
  if (a) {
    for (const e of winnerOf(a)?.for ?? []) for (const id of e.eventIds) ids.add(id);
    for (const h of allHypotheses(a.hypotheses))
      for (const e of [...h.for, ...h.against]) for (const id of e.eventIds) ids.add(id);
    for (const s of a.symptoms) for (const id of s.eventIds) ids.add(id);
  }
  return [...ids];
}

/** The verdict in one sentence (the analysis' reason already names the cause and its verdict). */
function verdictSentence(a: AnalysisResult): string {
  const v = a.verdict;
  const winner = winnerOf(a);
  if (v.cause === 'unknown' || !winner) return `Root cause not established: ${v.reason}`;
  if (v.by === 'analyst') {
    const note = winner.decision?.note ? ` (${winner.decision.note})` : '';
    return `Accepted by the analyst: ${winner.title}${note}. ${v.reason}`;
  }
  return v.reason;
}

/** First and last time among the symptoms and the winner's evidence lines. */
function windowOf(a: AnalysisResult, lines: Record<string, EventRef>): [number, number] | undefined {
  const times: number[] = a.symptoms.map((s) => s.time).filter((t): t is number => t !== null);
  for (const e of winnerOf(a)?.for ?? [])
    for (const id of e.eventIds) {
      const t = lines[id]?.time;
      if (typeof t === 'number') times.push(t);
    }
  if (times.length === 0) return undefined;
  return [Math.min(...times), Math.max(...times)];
}

function windowText(a: AnalysisResult, lines: Record<string, EventRef>): string {
  const w = windowOf(a, lines);
  if (!w) return '';
  return w[0] === w[1] ? `${isoMicros(w[0])} (UTC)` : `${isoMicros(w[0])} to ${isoMicros(w[1])} (UTC)`;
}

function impactMarkdown(a: AnalysisResult, lines: Record<string, EventRef>): string {
  const out: string[] = [];
  const f = a.focus;
  if (f.containers.length > 0)
    out.push(`- Containers: ${f.containers.map((c) => inlineCode(short(c))).join(', ')}`);
  if (f.sandboxes.length > 0)
    out.push(`- Sandboxes (pods' shims): ${f.sandboxes.map((c) => inlineCode(short(c))).join(', ')}`);
  if (f.pods.length > 0) out.push(`- Pods: ${f.pods.map((p) => inlineCode(p)).join(', ')}`);
  const w = windowText(a, lines);
  if (w) out.push(`- Window: ${escapeMarkdown(w)}`);
  if (a.symptoms.length > 0)
    out.push(`- Symptoms: ${a.symptoms.map((s) => escapeMarkdown(s.title)).join('; ')}`);
  return out.join('\n');
}

function rejectedList(a: AnalysisResult): string[] {
  const all = allHypotheses(a.hypotheses);
  const byAnalyst = all
    .filter((h) => h.decision?.state === 'rejected')
    .map((h) => `${h.title}: rejected by the analyst${h.decision?.note ? `: ${h.decision.note}` : ''}`);
  const byEngine = all
    .filter((h) => h.decision?.state !== 'rejected' && (h.verdict === 'refuted' || h.verdict === 'unlikely'))
    // Only the top of a ruled-out branch: its children fall with it.
    .filter(
      (h) =>
        !all.some((p) => p.children.includes(h) && (p.verdict === 'refuted' || p.verdict === 'unlikely')),
    )
    .sort((x, y) => (x.verdict === y.verdict ? 0 : x.verdict === 'refuted' ? -1 : 1))
    .map((h) => `${h.title} (${h.verdict}): ${h.reason}`);
  return [...byAnalyst, ...byEngine];
}

/** A step as Markdown: bold title, its detail, its commands in a sh fence. */
function stepMarkdown(s: Step, n: number): string {
  const head = `${n}. **${escapeMarkdown(s.title)}**${s.detail ? ` ${escapeMarkdown(s.detail)}` : ''}`;
  if (s.commands.length === 0) return head;
  // Indented under the list item so the fence belongs to it.
  const fence = fencedBlock(s.commands.join('\n'), 'sh')
    .split('\n')
    .map((l) => `   ${l}`)
    .join('\n');
  return `${head}\n\n${fence}`;
}

const isMitigation = (s: Step) => s.id.startsWith('mitigate-');

function verificationMarkdown(a: AnalysisResult): string {
  return a.steps.verification.map((s, k) => stepMarkdown(s, k + 1)).join('\n\n');
}

function remediationMarkdown(a: AnalysisResult): string {
  const steps = a.steps.remediation.filter((s) => !isMitigation(s));
  const groups = new Map<string, Step[]>();
  for (const s of steps) groups.set(s.branch ?? '', [...(groups.get(s.branch ?? '') ?? []), s]);
  const parts: string[] = [];
  for (const [branch, list] of groups) {
    const title = branch ? `Branch: ${branch}` : 'In every case';
    parts.push(`**${escapeMarkdown(title)}**\n\n${list.map((s, k) => stepMarkdown(s, k + 1)).join('\n\n')}`);
  }
  return parts.join('\n\n');
}

function mitigationList(a: AnalysisResult): string[] {
  return a.steps.remediation
    .filter(isMitigation)
    .map((s) => (s.detail ? `${s.title}: ${s.detail}` : s.title));
}

function evidenceRefs(a: AnalysisResult, lines: Record<string, EventRef>): EventRef[] {
  const out: EventRef[] = [];
  const seen = new Set<string>();
  const ev = [...(winnerOf(a)?.for ?? [])].sort((x, y) => y.weight - x.weight);
  for (const e of ev)
    e.eventIds.forEach((id, k) => {
      const ref = lines[id];
      if (!ref || seen.has(id)) return;
      seen.add(id);
      // The evidence sentence goes with its deciding (first) line; the lines after it back it up.
      out.push(k === 0 && ref.label === undefined ? { ...ref, label: e.text } : { ...ref });
    });
  return out;
}

function pinRefs(input: FillInput): EventRef[] {
  return input.pins.flatMap((p) => {
    const ref = input.lines[p.eventId];
    if (!ref) return [];
    return [p.note ? { ...ref, label: p.note } : { ...ref }];
  });
}

function sourcesTable(input: FillInput): string[][] {
  if (input.sources.length === 0) return [];
  return [
    ['File', 'Formats', 'Lines', 'Events', 'Clock alignment'],
    ...input.sources.map((s) => [
      s.name,
      s.formats.join(', '),
      String(s.lines),
      String(s.events),
      s.alignment ?? '',
    ]),
  ];
}

function keyEventsDiagram(input: FillInput): string {
  const events: KeyEvent[] = pinRefs(input).map((r) => ({
    eventId: r.eventId,
    time: r.time,
    timeQuality: r.time === null ? 'none' : 'exact',
    label: r.label || r.excerpt,
    sourceName: r.file,
  }));
  return events.length > 0 ? keyEventsTimeline(events) : '';
}

// The engine's lifecycle labels, read back into step kinds (the gantt draws milestones for
// oom-killed, killed, shim-disconnected, exited, unknown). First match wins. Inputs:
// "OOMKilled (kubelet)", "exited 137", "shim disconnected", "cleaning up after shim disconnected",
// "stop signal SIGKILL (containerd)", "sandbox created (containerd)", "Unknown (crictl, at capture)".
const STEP_OF_LABEL: [RegExp, string][] = [
  [/^cleaning up|dead shim/i, 'shim-cleaned'],
  [/\bOOM/i, 'oom-killed'],
  [/^exited\b/i, 'exited'],
  [/shim disconnected/i, 'shim-disconnected'],
  [/kill/i, 'killed'],
  [/^(?:sandbox )?created\b/i, 'created'],
  [/^started\b|ContainerStarted/i, 'started'],
  [/stopped|stop signal/i, 'stopped'],
  [/removed/i, 'removed'],
  [/unknown/i, 'unknown'],
];

/** A lifecycle label's step kind (`state` when none matches). */
export function stepOfLabel(label: string): string {
  return STEP_OF_LABEL.find(([re]) => re.test(label))?.[1] ?? 'state';
}

function lifecycleDiagram(input: FillInput): string {
  const steps = (input.lifecycle ?? []).map((s) => ({
    step: s.step ?? stepOfLabel(s.label),
    time: s.time,
    label: s.label,
  }));
  if (!steps.some((s) => s.time !== null)) return '';
  const c = input.analysis?.focus.containers[0];
  return lifecycleGantt([{ label: c ? `container ${short(c)}` : 'container', steps }]);
}

/** The ids and pids of the shim exit: the focus ids, the OOM victim's pid, the exit status of the focus container. */
function shimExitDiagram(a: AnalysisResult): string {
  const focus = new Set([...a.focus.containers, ...a.focus.sandboxes]);
  const facts = (rule: string, id: (f: Record<string, string | number>) => unknown) =>
    a.findings.find((f) => f.rule === rule && focus.has(String(id(f.facts ?? {}))))?.facts;
  // The kernel's kill line names the victim's cgroup scope: the sandbox's for a shim.
  const kill =
    facts('kernel.oom-kill-line', (f) => f.container) ?? facts('kernel.oom-invoked', (f) => f.container);
  const exit = facts('containerd.task-exit', (f) => f.id);
  const victimIsShim = kill !== undefined && /shim/.test(String(kill.task ?? ''));
  const ids: ShimExitIds = {
    oomKill: a.verdict.cause === 'oom-kill-cgroup' || a.verdict.cause === 'oom-kill-host',
  };
  if (a.focus.containers[0]) ids.container = short(a.focus.containers[0]);
  if (a.focus.sandboxes[0]) ids.sandbox = short(a.focus.sandboxes[0]);
  const pod = a.focus.pods.find((p) => p.includes('/'));
  if (pod) ids.pod = pod;
  if (victimIsShim && kill?.pid !== undefined) ids.shimPid = String(kill.pid);
  if (exit?.exitStatus !== undefined) ids.exitCode = String(exit.exitStatus);
  return shimExitSequence(ids);
}

/** The value a source gives, in the shape the source has (converted to the field's type after). */
export function sourceValue(source: FieldSource, input: FillInput): FieldValue {
  const a = input.analysis;
  switch (source) {
    case 'keyEvents':
      return pinRefs(input);
    case 'sources':
      return sourcesTable(input);
    case 'diagram.keyEvents':
      return keyEventsDiagram(input);
    case 'diagram.lifecycle':
      return lifecycleDiagram(input);
    default:
      break;
  }
  if (!a) return source === 'analysis.hypotheses' || source.startsWith('analysis.') ? emptyOf(source) : '';
  switch (source) {
    case 'incident.title': {
      const s = a.symptoms.find((x) => x.kind === 'container-unknown') ?? a.symptoms[0];
      return s ? s.title : '';
    }
    case 'analysis.verdict':
      return verdictSentence(a);
    case 'analysis.symptoms':
      return a.symptoms.map((s) => (s.time !== null ? `${s.title} (${isoMicros(s.time)})` : s.title));
    case 'analysis.impact':
      return impactMarkdown(a, input.lines);
    case 'analysis.window':
      return windowText(a, input.lines);
    case 'analysis.hypotheses':
      return hypothesisNodes(a.hypotheses);
    case 'analysis.rejected':
      return rejectedList(a);
    case 'analysis.gaps':
      return a.gaps.length > 0
        ? [['What to collect', 'Command'], ...a.gaps.map((g) => [g.ask, g.command])]
        : [];
    case 'analysis.verification':
      return verificationMarkdown(a);
    case 'analysis.remediation':
      return remediationMarkdown(a);
    case 'analysis.mitigations':
      return mitigationList(a);
    case 'analysis.evidence':
      return evidenceRefs(a, input.lines);
    case 'diagram.hypotheses':
      return hypothesisFlowchart(a);
    case 'diagram.shimExit':
      return shimExitDiagram(a);
    default:
      return '';
  }
}

/** What a source without its input gives: an empty value of the source's shape. */
function emptyOf(source: FieldSource): FieldValue {
  switch (source) {
    case 'analysis.symptoms':
    case 'analysis.hypotheses':
    case 'analysis.rejected':
    case 'analysis.gaps':
    case 'analysis.mitigations':
    case 'analysis.evidence':
      return [];
    default:
      return '';
  }
}

const isEventRef = (v: unknown): v is EventRef =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && 'eventId' in v && 'file' in v;
const isNode = (v: unknown): v is HypothesisNode =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && 'verdict' in v && 'children' in v;

/** A value in the shape a field type holds: a list source in a markdown field becomes bullets... */
export function coerceValue(value: FieldValue, type: FieldType): FieldValue {
  const arr: unknown[] = Array.isArray(value) ? value : [];
  const asLines = (): string[] => {
    if (typeof value === 'string')
      return value === '' ? [] : value.split(/\r?\n/).filter((l) => l.trim() !== '');
    return arr.map((x) =>
      typeof x === 'string'
        ? x
        : Array.isArray(x)
          ? x.join(' | ')
          : isEventRef(x)
            ? `${x.label ?? x.excerpt} (${x.file}:${x.line})`
            : isNode(x)
              ? `${x.title} (${x.verdict})`
              : '',
    );
  };
  switch (type) {
    case 'text':
      return typeof value === 'string' ? value : asLines().join('; ');
    case 'markdown':
    case 'code':
      if (typeof value === 'string') return value;
      if (arr.length > 0 && arr.every(Array.isArray)) return asLines().join('\n');
      return type === 'markdown'
        ? asLines()
            .map((l) => `- ${escapeMarkdown(l)}`)
            .join('\n')
        : asLines().join('\n');
    case 'list':
      return asLines();
    case 'table':
      if (arr.every(Array.isArray)) return arr as string[][];
      return asLines().map((l) => [l]);
    case 'event-list':
      return arr.filter(isEventRef);
    case 'hypothesis-tree':
      return arr.filter(isNode);
    default:
      return value;
  }
}

/** A field's value when nothing fills it: its default, else empty (a table gets its header row). */
export function defaultValue(field: TemplateField): FieldValue {
  const d = field.default ?? '';
  switch (field.type) {
    case 'list':
      return d === '' ? [] : d.split(/\r?\n/).filter((l) => l.trim() !== '');
    case 'table':
      return field.columns && field.columns.length > 0 ? [[...field.columns]] : [];
    case 'event-list':
    case 'hypothesis-tree':
      return [];
    default:
      return d;
  }
}

const isEmpty = (v: FieldValue) => (typeof v === 'string' ? v.trim() === '' : v.length === 0);

/** A field's filled value: from its source in the field's shape, else its default. */
export function fillValue(field: TemplateField, input: FillInput): FieldValue {
  if (!field.source) return defaultValue(field);
  const v = coerceValue(sourceValue(field.source, input), field.type);
  return isEmpty(v) && field.default !== undefined ? defaultValue(field) : v;
}

/**
 * The draft of a document: every field's value from its source (or default). With `previous`
 * (the same template's earlier draft), the fields the analyst edited keep their values, as do
 * the title and their own sections.
 */
export function fillDraft(template: Template, input: FillInput, previous?: DocumentDraft): DocumentDraft {
  const same = previous && previous.templateId === template.meta.id ? previous : undefined;
  const edited = new Set(same?.edited ?? []);
  const values: Record<string, FieldValue> = {};
  for (const f of template.meta.fields) {
    const kept = same && edited.has(f.name) ? same.values[f.name] : undefined;
    values[f.name] = kept !== undefined ? kept : fillValue(f, input);
  }
  const titleField = template.meta.fields.find((f) => f.source === 'incident.title');
  const incident = titleField ? values[titleField.name] : undefined;
  const title =
    same?.title ??
    (typeof incident === 'string' && incident !== ''
      ? `${template.meta.title}: ${incident}`
      : template.meta.title);
  return {
    templateId: template.meta.id,
    title,
    values,
    edited: [...edited].filter((n) => template.meta.fields.some((f) => f.name === n)),
    sections: same ? same.sections.map((s) => ({ ...s })) : [],
  };
}
