// A drill from a real incident (issue 8 part 4): "Save as scenario" turns a finished analysis into
// a scenario manifest and its files. The analyst's conclusions become the reference the trainee is
// graded against, and nothing else: the files are the sources as the node gave them (no pins,
// decisions, notes or drafts travel in them), the expected answer is what the analyst accepted
// (else the engine's verdict), the key evidence is the winning hypothesis's lines and the
// analyst's pins, the valid rejections are the hypotheses the analyst rejected. Every file and
// every text of the manifest then goes through the documents' redactor with ONE pseudonym map
// (k8s-worker-21 is node-1 in the journal, in dmesg and in the trainer's notes alike), replacing
// values in place without adding or removing a line break: line references stay valid.
// Pure: the incident's bytes, its analysis and a locator of event ids in; manifest and texts out.
// docs/training.md "Drills from real incidents".
import { gunzipSync } from 'fflate';
import type { AnalysisResult, Hypothesis, Producer } from '../analysis/model.ts';
import type { Symptom } from '../analysis/symptoms.ts';
import { slugOf } from '../persist/bundle.ts';
import type { IncidentBundle, IncidentSignature } from '../persist/model.ts';
import { signatureOf } from '../persist/signature.ts';
import { applyRedactions, findRedactions, type RedactionItem, type RedactionKind } from '../report/redact.ts';
import {
  causeOf,
  evidenceRefOf,
  isCauseId,
  splitLines,
  VERIFICATION_STEP_IDS,
  validateManifest,
} from './manifest.ts';
import {
  type Difficulty,
  type Hint,
  type KeyEvidence,
  type NamedSymptom,
  type RevealStep,
  SCENARIO_SCHEMA_VERSION,
  type ScenarioManifest,
  type ScenarioSource,
  type ValidRejection,
} from './model.ts';

/** Where an event of the incident is: its source (the source id, or its name) and lines. */
export interface IncidentLine {
  /** The incident's source id (`dmesg.txt`); a source's name is accepted too. */
  file: string;
  line: number;
  /** The record's last line when it spans several. */
  lineEnd?: number;
}

export interface ScenarioFromIncidentInput {
  /** The incident: its sources' bytes as given, and the analyst's state (pins, decisions). */
  bundle: IncidentBundle;
  /** The engine's analysis of those sources with the analyst's decisions folded in. */
  analysis: AnalysisResult;
  /** Where an event id points (the engine's event record). */
  locate: (eventId: string) => IncidentLine | null;
  title: string;
  difficulty: Difficulty;
  /** Also pod and namespace names (the redactor's podNames). */
  redactPods?: boolean;
  /** Replaces the default learning goals. */
  learningGoals?: string[];
  /** When it is saved (ISO-8601), for the summary and the trainer's notes. */
  savedAt: string;
}

/** A value the redactor replaced, counted over the files and the manifest. */
export interface RedactionCount {
  kind: RedactionKind;
  /** Distinct values of that kind. */
  values: number;
  /** Occurrences replaced. */
  occurrences: number;
}

export interface ScenarioDraft {
  manifest: ScenarioManifest;
  /** File name -> redacted text (lines exactly where they were). */
  files: Record<string, string>;
  /** The incident's signature for recall, its texts redacted with the same map. */
  signature: IncidentSignature;
  redactions: RedactionCount[];
  /** What was left out and why (a custom hypothesis rejected, a pin on a line no longer there). */
  notes: string[];
}

/** Why a scenario cannot be made from this incident: `message` is shown as it is. */
export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

/** Key lines taken from the winning hypothesis's evidence at most (the analyst's pins come on top). */
export const MAX_EVIDENCE_LINES = 10;
/** Gaps offered as hints. */
export const MAX_HINTS = 3;
/** Evidence at least this strong states the cause: its deciding line is `required`. */
const REQUIRED_WEIGHT = 0.8;
/** Lines cited per rejected hypothesis as what a valid rejection rests on. */
const MAX_REJECTION_REFS = 6;

const PSEUDONYM_NOTE =
  'Host names, addresses and other identifying values are pseudonyms (node-1, 10.0.0.1, ...), the same in every file and in these notes.';

export const DEFAULT_LEARNING_GOALS = [
  'Find the cause from the evidence, and name the lines it rests on',
  'Rule out the alternatives for a reason the logs show',
  'Name the checks that would confirm the cause on the node',
];

// ---------------------------------------------------------------- sources

/** A source's bytes as text: gzip inflated, UTF-16 with a BOM decoded, else UTF-8 (as the engine reads them). */
export function sourceText(data: Uint8Array): string {
  let bytes = data;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return new TextDecoder('utf-16le').decode(bytes);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

/** A plain file name the manifest accepts (`[A-Za-z0-9_][A-Za-z0-9._-]*`), from any name. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const safe = base
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[^A-Za-z0-9_]+/, '')
    .slice(0, 100);
  return safe || 'source.txt';
}

/** `name` made unique among `taken` with a counter before the extension: dmesg-2.txt. */
function uniqueName(name: string, taken: Set<string>): string {
  let out = name;
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  for (let n = 2; taken.has(out); n++) out = `${stem}-${n}${ext}`;
  taken.add(out);
  return out;
}

/** The reveal groups, in the order an on-call engineer meets them. */
type Group = 'runtime' | 'daemons' | 'kernel' | 'other';
const GROUPS: readonly { id: Group; title: string; narrative: string }[] = [
  {
    id: 'runtime',
    title: 'The runtime state',
    narrative: 'You log on to the node and ask the container runtime what it knows about the workload.',
  },
  {
    id: 'daemons',
    title: "The runtime's logs",
    narrative: 'You read what containerd and the kubelet logged around the time of the symptom.',
  },
  { id: 'kernel', title: 'The kernel', narrative: 'You read the kernel log of the same minutes.' },
  {
    id: 'other',
    title: 'The rest of what was collected',
    narrative: 'The other files collected on the node.',
  },
];

const PRODUCER_GROUP: Record<Producer, Group> = {
  'runtime-state': 'runtime',
  containerd: 'daemons',
  kubelet: 'daemons',
  systemd: 'daemons',
  kernel: 'kernel',
  other: 'other',
};

/** Which step reveals a source: what produced most of its events, else what its name says. */
function groupOf(name: string, producers: Partial<Record<Producer, { events: number }>> | undefined): Group {
  let best: Producer | null = null;
  for (const [p, c] of Object.entries(producers ?? {}) as [Producer, { events: number }][])
    if (c.events > 0 && (best === null || c.events > (producers?.[best]?.events ?? 0))) best = p;
  if (best !== null && best !== 'other') return PRODUCER_GROUP[best];
  const n = name.toLowerCase();
  if (/crictl|(^|[^a-z])ctr([^a-z]|$)|kubectl|docker|nerdctl|runc|inspect/.test(n)) return 'runtime';
  if (/dmesg|journalctl[-_ ]?k([^a-z]|$)|kern/.test(n)) return 'kernel';
  if (/containerd|kubelet|journal|syslog|messages/.test(n)) return 'daemons';
  return best === null ? 'other' : PRODUCER_GROUP[best];
}

/** What a source is and the command that collected it, as well as its name and group tell. */
function describeSource(name: string, group: Group): { title: string; command: string } {
  const n = name.toLowerCase();
  if (/crictl[-_ ]?ps/.test(n)) return { title: 'Containers on the node', command: 'crictl ps -a' };
  if (/crictl[-_ ]?pods/.test(n)) return { title: 'Pod sandboxes on the node', command: 'crictl pods' };
  if (/crictl[-_ ]?inspect/.test(n)) return { title: 'Containers, inspected', command: 'crictl inspect' };
  if (/kubectl.*describe|describe/.test(n))
    return { title: 'The pod, described', command: 'kubectl describe pod' };
  if (/kubectl.*events|events/.test(n)) return { title: 'Cluster events', command: 'kubectl get events' };
  if (/dmesg/.test(n)) return { title: 'Kernel ring buffer', command: 'dmesg' };
  if (/journalctl[-_ ]?k([^a-z]|$)|kernel/.test(n))
    return { title: 'Kernel journal', command: 'journalctl -k' };
  if (/containerd/.test(n) && /kubelet/.test(n))
    return { title: 'containerd and kubelet journal', command: 'journalctl -u containerd -u kubelet' };
  if (/containerd/.test(n)) return { title: "containerd's journal", command: 'journalctl -u containerd' };
  if (/kubelet/.test(n)) return { title: "The kubelet's journal", command: 'journalctl -u kubelet' };
  if (/syslog|messages/.test(n)) return { title: 'System log', command: 'cat /var/log/syslog' };
  if (group === 'kernel') return { title: name, command: 'journalctl -k' };
  if (group === 'daemons') return { title: name, command: 'journalctl' };
  if (group === 'runtime') return { title: name, command: 'crictl' };
  return { title: name, command: `cat ${name}` };
}

// ---------------------------------------------------------------- lines

// A log line's header, to compare one kernel line printed by two tools: dmesg's "[Mon Nov 24
// 07:48:16 2025] " or "[ 1234.567890] ", and journalctl's "Nov 24 07:48:16 k8s-worker-21 kernel: "
// or "2025-11-24T07:48:16+0000 k8s-worker-21 kernel: ".
const BRACKET_TIME = /^\[[^\]]{1,40}\]\s*/;
const SYSLOG_HEAD = /^[A-Z][a-z]{2} [ \d]?\d \d\d:\d\d:\d\d(?:[.,]\d+)? \S+ [^\s:]+(?:\[\d+\])?:\s*/;
const ISO_HEAD = /^\d{4}-\d\d-\d\dT\S+ \S+ [^\s:]+(?:\[\d+\])?:\s*/;

/** The line without its time and host header (kernel lines keep nothing of dmesg's or journalctl's). */
function lineBody(text: string): string {
  let t = text.replace(SYSLOG_HEAD, '').replace(ISO_HEAD, '');
  t = t.replace(BRACKET_TIME, '');
  return t.trim();
}

interface Located {
  file: string;
  line: number;
  lineEnd: number;
}

// ---------------------------------------------------------------- the manifest

function walk(hs: readonly Hypothesis[]): Hypothesis[] {
  return hs.flatMap((h) => [h, ...walk(h.children)]);
}

/** A hypothesis id the manifest accepts: a cause id, or a cause id and a child slug. */
const isManifestHypothesis = (id: string): boolean =>
  /^([a-z0-9-]+)(?:\/([a-z0-9]+(?:-[a-z0-9]+)*))?$/.test(id) && isCauseId(causeOf(id));

/** A scenario id from a title: `Worker 21: shim OOM` -> `worker-21-shim-oom`. */
export function scenarioIdOf(title: string): string {
  return slugOf(title, 64) || 'incident-drill';
}

/** A symptom's title without the engine's comment on it ("exited with 137 (reported after a dead-shim cleanup)"). */
function plainSymptom(title: string): string {
  return title.replace(/\s*\([^()]*\)\s*$/, '').trim() || title;
}

function namedOf(s: Symptom): NamedSymptom {
  const out: NamedSymptom = { kind: s.kind, title: s.title };
  if (s.container) out.container = s.container;
  if (s.pod) out.pod = s.pod;
  if (s.time !== null && Number.isFinite(s.time))
    out.time = new Date(Math.floor(s.time / 1000)).toISOString();
  return out;
}

/** One line of Markdown from the analyst's text: no line breaks, no HTML. */
function mdLine(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'))
    .trim();
}

/**
 * The scenario of an incident. Throws ScenarioError when it cannot be one: no verdict and nothing
 * accepted, no line to rest the answer on, or (a bug) a manifest that does not validate.
 */
export function scenarioFromIncident(input: ScenarioFromIncidentInput): ScenarioDraft {
  const { bundle, analysis, locate } = input;
  const notes: string[] = [];
  const title = input.title.trim();
  if (!title) throw new ScenarioError('A scenario needs a title: type at least one character.');
  if (bundle.sources.length === 0)
    throw new ScenarioError(
      'This incident has no sources: a scenario is made of the files it was analysed from.',
    );

  // ---- the sources, as files of the scenario
  const coverage = new Map(analysis.coverage.map((c) => [c.sourceId, c]));
  const taken = new Set<string>();
  const bySource = new Map<string, string>();
  const byName = new Map<string, string>();
  const texts = new Map<string, string>();
  const sources: (ScenarioSource & { group: Group })[] = [];
  for (const s of [...bundle.sources].sort((a, b) => a.order - b.order)) {
    const file = uniqueName(safeFileName(s.name), taken);
    bySource.set(s.sourceId, file);
    if (!byName.has(s.name)) byName.set(s.name, file);
    texts.set(file, sourceText(s.data));
    const group = groupOf(s.name, coverage.get(s.sourceId)?.producers);
    sources.push({ file, ...describeSource(s.name, group), group });
  }
  const lineCache = new Map<string, string[]>();
  const linesOf = (file: string): string[] => {
    let l = lineCache.get(file);
    if (!l) {
      l = splitLines(texts.get(file) ?? '');
      lineCache.set(file, l);
    }
    return l;
  };
  const where = (eventId: string): Located | null => {
    const loc = locate(eventId);
    if (!loc) return null;
    const file = bySource.get(loc.file) ?? byName.get(loc.file);
    if (!file) return null;
    const lines = linesOf(file);
    if (!Number.isInteger(loc.line) || loc.line < 1 || loc.line > lines.length) return null;
    if (lines[loc.line - 1].trim() === '') return null;
    const end =
      loc.lineEnd !== undefined && loc.lineEnd > loc.line ? Math.min(loc.lineEnd, lines.length) : loc.line;
    return { file, line: loc.line, lineEnd: end };
  };

  // ---- the expected answer: what the analyst accepted, else the engine's verdict
  const tree = walk(analysis.hypotheses);
  const byId = new Map(tree.map((h) => [h.id, h]));
  const accepted = tree.filter((h) => h.decision?.state === 'accepted');
  const v = analysis.verdict;
  let winner: Hypothesis | undefined;
  let decidedBy: 'analyst' | 'engine';
  if (v.by === 'analyst' && v.hypothesis && byId.has(v.hypothesis)) {
    winner = byId.get(v.hypothesis);
    decidedBy = 'analyst';
  } else if (accepted.length > 0) {
    winner = accepted[0];
    decidedBy = 'analyst';
  } else {
    if (v.cause === 'unknown')
      throw new ScenarioError(
        'The analysis has no verdict (the cause is unknown) and no hypothesis was accepted: accept the one you concluded on the Analysis tab, then save the incident as a scenario.',
      );
    winner = byId.get(v.hypothesis ?? v.cause) ?? byId.get(v.cause);
    decidedBy = 'engine';
  }
  if (!winner)
    throw new ScenarioError(
      'The winning hypothesis is not in the analysis: run the analysis again, then save.',
    );
  let expectedCause = winner.cause;
  let expectedHypothesis: string | undefined;
  if (isManifestHypothesis(winner.id)) {
    expectedCause = causeOf(winner.id) as typeof winner.cause;
    if (winner.id !== expectedCause) expectedHypothesis = winner.id;
  } else {
    // The analyst's own hypothesis (custom:...): the reference is its cause; its title goes to the notes.
    notes.push(
      `"${winner.title}" is the analyst's own hypothesis: the scenario expects its cause, ${winner.cause}.`,
    );
  }
  const expectedIds = new Set([expectedCause, expectedHypothesis].filter((x): x is string => !!x));

  // ---- key evidence: the winner's lines (strongest first), then the analyst's pins
  interface Key {
    at: Located;
    why: string;
    required: boolean;
    also: string[];
  }
  const keys: Key[] = [];
  const place = new Map<string, Key>();
  const bodies = new Map<string, Key>();
  const addKey = (at: Located, why: string, required: boolean, cap: boolean): boolean => {
    const ref = `${at.file}:${at.line}`;
    const known = place.get(ref);
    if (known) {
      known.required ||= required;
      return false;
    }
    const body = lineBody(linesOf(at.file)[at.line - 1]);
    const twin = body.length >= 16 ? bodies.get(body) : undefined;
    // The same kernel line in dmesg and in journalctl -k: one key line, the other as `also`.
    if (twin && twin.at.file !== at.file && !twin.also.some((a) => a.startsWith(`${at.file}:`))) {
      twin.also.push(ref);
      twin.required ||= required;
      place.set(ref, twin);
      return false;
    }
    if (cap && keys.length >= MAX_EVIDENCE_LINES) return false;
    const k: Key = { at, why, required, also: [] };
    keys.push(k);
    place.set(ref, k);
    if (body.length >= 16 && !bodies.has(body)) bodies.set(body, k);
    return true;
  };
  const evidence = [...winner.for].filter((e) => e.eventIds.length > 0).sort((a, b) => b.weight - a.weight);
  for (const e of evidence)
    e.eventIds.forEach((id, i) => {
      const at = where(id);
      if (at) addKey(at, e.text, i === 0 && e.weight >= REQUIRED_WEIGHT, true);
    });
  let pinsLost = 0;
  for (const p of bundle.state.pins) {
    const at = where(p.eventId);
    if (!at) {
      pinsLost++;
      continue;
    }
    addKey(at, p.note.trim() || 'The analyst pinned this line as a key event.', false, false);
  }
  if (pinsLost > 0)
    notes.push(`${pinsLost} pinned line(s) could not be placed in the files and were left out.`);
  if (keys.length === 0)
    throw new ScenarioError(
      'Nothing to grade the evidence against: the winning hypothesis cites no line and nothing is pinned. Pin the lines the answer rests on (Timeline: select a line, press P), then save.',
    );
  const keyEvidence: KeyEvidence[] = keys.map((k) => ({
    file: k.at.file,
    line: k.at.line,
    why: k.why,
    ...(k.required ? { required: true } : {}),
    ...(k.at.lineEnd > k.at.line && linesOf(k.at.file)[k.at.lineEnd - 1].trim() !== ''
      ? { record: [k.at.line, k.at.lineEnd] as [number, number] }
      : {}),
    ...(k.also.length > 0 ? { also: k.also } : {}),
  }));

  // ---- rejections: the analyst's rejected hypotheses; the lines against them are what a reason shows
  const validRejections: Record<string, ValidRejection> = {};
  const rejectionNotes: string[] = [];
  for (const [id, d] of Object.entries(bundle.state.decisions)) {
    if (d.state !== 'rejected') continue;
    const h = byId.get(id);
    const label = h?.title ?? id;
    if (d.note.trim()) rejectionNotes.push(`- Rejected **${mdLine(label)}**: ${mdLine(d.note)}`);
    else rejectionNotes.push(`- Rejected **${mdLine(label)}** (no note).`);
    if (!isManifestHypothesis(id)) {
      notes.push(
        `The rejection of "${label}" (the analyst's own hypothesis) is not graded: trainees are never offered it.`,
      );
      continue;
    }
    if (expectedIds.has(id) || (expectedHypothesis !== undefined && id === expectedCause)) {
      notes.push(`The rejection of ${id} contradicts the expected answer and is left out.`);
      continue;
    }
    const refs: string[] = [];
    for (const e of h?.against ?? [])
      for (const eid of e.eventIds) {
        const at = where(eid);
        const ref = at ? `${at.file}:${at.line}` : null;
        if (ref && !refs.includes(ref) && refs.length < MAX_REJECTION_REFS) refs.push(ref);
      }
    validRejections[id] = refs.length > 0 ? { requires: refs } : {};
  }

  // ---- verification, symptom, reveal steps, hints
  const verificationIds = new Set<string>(VERIFICATION_STEP_IDS);
  const verification = [
    ...new Set(
      analysis.steps.verification
        .map((s) => s.id)
        .filter((id) => verificationIds.has(id) || /^gap:[a-z0-9][a-z0-9:._-]*$/.test(id)),
    ),
  ];

  const named = analysis.symptoms.find((s) => s.source === 'user');
  const seen = analysis.symptoms.filter((s) => s.source !== 'user').map((s) => plainSymptom(s.title));
  const symptomTitle = named?.title ?? seen[0] ?? 'A workload on the node misbehaved';
  const when =
    analysis.focus.time !== null && Number.isFinite(analysis.focus.time)
      ? ` around ${new Date(Math.floor(analysis.focus.time / 1000)).toISOString().slice(0, 16).replace('T', ' ')} UTC`
      : '';
  const symptomText =
    seen.length > 0
      ? `Seen on the node${when}: ${[...new Set(seen)].join('; ')}. Find out what happened and why, from the runtime state and the logs collected there.`
      : `${symptomTitle}${when}. Find out what happened and why, from the runtime state and the logs collected there.`;

  const reveal: RevealStep[] = [
    { title: 'The page', narrative: 'You are on call; the symptom above is all you have.', files: [] },
  ];
  for (const g of GROUPS) {
    const files = sources.filter((s) => s.group === g.id).map((s) => s.file);
    if (files.length > 0) reveal.push({ title: g.title, narrative: g.narrative, files });
  }

  const gaps = [
    ...analysis.gaps.filter((g) => g.settles.includes(expectedCause)),
    ...analysis.gaps.filter((g) => !g.settles.includes(expectedCause)),
  ].slice(0, MAX_HINTS);
  const hints: Hint[] = gaps.map((g) =>
    reveal.length > 1 ? { text: g.ask, afterStep: 1 } : { text: g.ask },
  );

  const date = input.savedAt.slice(0, 10);
  const decisionNotes = accepted
    .map(
      (h) =>
        `- Accepted **${mdLine(h.title)}**${h.decision?.note.trim() ? `: ${mdLine(h.decision.note)}` : '.'}`,
    )
    .concat(rejectionNotes);
  const trainerNotes = [
    `**Where this drill comes from.** A real incident ("${mdLine(bundle.incident.title)}"), saved as a scenario on ${date}; line numbers are those of the original files.`,
    `**The reference answer.** ${mdLine(winner.title)} (\`${winner.id}\`), ${decidedBy === 'analyst' ? 'as the analyst concluded' : "the engine's verdict"}.`,
    `**The engine's reasoning.** ${mdLine(v.reason)}`,
    ...(decisionNotes.length > 0 ? [`**The analyst's decisions.**\n\n${decisionNotes.join('\n')}`] : []),
    ...(bundle.state.pins.length > 0
      ? [
          `**Pinned lines.** The ${bundle.state.pins.length} line(s) the analyst pinned are part of the key evidence.`,
        ]
      : []),
  ].join('\n\n');

  const goals = (input.learningGoals ?? []).map((g) => g.trim()).filter((g) => g !== '');
  const manifest: ScenarioManifest = {
    schemaVersion: SCENARIO_SCHEMA_VERSION,
    id: scenarioIdOf(title),
    title,
    difficulty: input.difficulty,
    summary: `A real incident, saved as a drill on ${date}: ${plainSymptom(symptomTitle)}. Work out what happened from the node's runtime state and logs.`,
    learningGoals: goals.length > 0 ? goals : [...DEFAULT_LEARNING_GOALS],
    symptom: { title: symptomTitle, text: symptomText, ...(named ? { named: namedOf(named) } : {}) },
    sources: sources.map(({ file, title: t, command }) => ({ file, title: t, command })),
    reveal,
    hints,
    expected: { cause: expectedCause, ...(expectedHypothesis ? { hypothesis: expectedHypothesis } : {}) },
    keyEvidence,
    ...(Object.keys(validRejections).length > 0 ? { validRejections } : {}),
    verification,
    trainerNotes,
  };

  // ---- redaction: one pseudonym map over every file and every text of the manifest
  const manifestTexts: string[] = [];
  mapManifest(manifest, (s) => {
    manifestTexts.push(s);
    return s;
  });
  const fileNames = [...texts.keys()];
  const signature = signatureOf(analysis);
  // Pods are always looked for, and their items dropped when the analyst keeps pod names: else a
  // pod's name, which crictl inspect also gives as the pod's `"hostname"`, would become node-1.
  // Pseudonyms are numbered in order of first appearance: the logs whose every line names the
  // node come first, so the node is node-1 (not the registry host a crictl inspect names first).
  const byHeader: Group[] = ['daemons', 'kernel', 'runtime', 'other'];
  const ordered = [...sources]
    .sort((a, b) => byHeader.indexOf(a.group) - byHeader.indexOf(b.group))
    .map((s) => texts.get(s.file) ?? '');
  const items = lineSafe(
    findRedactions([...ordered, ...manifestTexts, ...fileNames, ...signatureTexts(signature)], {
      podNames: true,
    }).filter((i) => input.redactPods === true || (i.kind !== 'pod' && i.kind !== 'namespace')),
  );
  const redact = (s: string) => applyRedactions(s, items);
  const rename = renamer(fileNames, items);
  const files: Record<string, string> = {};
  for (const [name, text] of texts) {
    const out = redact(text);
    const before = splitLines(text).length;
    const after = splitLines(out).length;
    if (before !== after)
      throw new ScenarioError(
        `Redacting ${name} would change its line count (${before} -> ${after}), which would move every line reference: the scenario was not made.`,
      );
    files[rename(name)] = out;
  }
  const redacted = mapManifest(manifest, redact, rename);
  redacted.id = scenarioIdOf(redacted.title);
  // Said after redaction: written before, the examples would count as values already in use and
  // the pseudonyms would start at node-2.
  if (items.length > 0) {
    const [first, ...rest] = redacted.trainerNotes.split('\n\n');
    redacted.trainerNotes = [`${first} ${PSEUDONYM_NOTE}`, ...rest].join('\n\n');
  }

  const checked = validateManifest(redacted, files);
  if (!checked.manifest)
    throw new ScenarioError(
      `The scenario made from this incident is not valid: ${checked.errors.slice(0, 3).join('; ')}.`,
    );
  return {
    manifest: checked.manifest,
    files,
    signature: redactSignature(signature, redact),
    redactions: countRedactions(items),
    notes,
  };
}

// ---------------------------------------------------------------- redaction helpers

/**
 * The items with their replacement holding the line breaks of their value: a private key's body
 * spans lines, and replacing it by one pseudonym would pull every later line up.
 */
function lineSafe(items: RedactionItem[]): RedactionItem[] {
  return items.map((i) => {
    const breaks = i.value.match(/\r\n|\r|\n/g);
    return breaks ? { ...i, replacement: `${i.replacement}${breaks.join('')}` } : i;
  });
}

/** New file names: every redacted value inside a name replaced (names have no word boundaries), kept plain and unique. */
function renamer(names: readonly string[], items: readonly RedactionItem[]): (name: string) => string {
  const values = items
    .filter((i) => i.enabled && !/[\r\n]/.test(i.value))
    .sort((a, b) => b.value.length - a.value.length);
  const taken = new Set<string>();
  const map = new Map<string, string>();
  for (const n of names) {
    let out = n;
    for (const i of values) out = out.split(i.value).join(i.replacement);
    map.set(n, uniqueName(safeFileName(out), taken));
  }
  return (name) => map.get(name) ?? name;
}

function signatureTexts(s: IncidentSignature): string[] {
  return [...s.facts, ...(s.verdict ? [s.verdict.label] : [])];
}

function redactSignature(s: IncidentSignature, redact: (t: string) => string): IncidentSignature {
  return {
    rules: [...s.rules],
    facts: [...new Set(s.facts.map(redact))].sort(),
    verdict: s.verdict ? { ...s.verdict, label: redact(s.verdict.label) } : null,
  };
}

function countRedactions(items: readonly RedactionItem[]): RedactionCount[] {
  const by = new Map<RedactionKind, RedactionCount>();
  for (const i of items) {
    const c = by.get(i.kind) ?? { kind: i.kind, values: 0, occurrences: 0 };
    c.values++;
    c.occurrences += i.count;
    by.set(i.kind, c);
  }
  return [...by.values()];
}

/**
 * The manifest with every free text passed through `text` and every file name through `file`
 * (in sources, reveal steps, key lines, `also` and `requires` references). Ids, causes and
 * verification step ids are left as they are.
 */
export function mapManifest(
  m: ScenarioManifest,
  text: (s: string) => string,
  file: (name: string) => string = (n) => n,
): ScenarioManifest {
  const ref = (r: string) => {
    const at = evidenceRefOf(r);
    return at ? `${file(at.file)}:${at.line}` : text(r);
  };
  const named = m.symptom.named;
  return {
    ...m,
    title: text(m.title),
    summary: text(m.summary),
    learningGoals: m.learningGoals.map(text),
    symptom: {
      title: text(m.symptom.title),
      text: text(m.symptom.text),
      ...(named
        ? {
            named: {
              ...named,
              title: text(named.title),
              ...(named.container !== undefined ? { container: text(named.container) } : {}),
              ...(named.pod !== undefined ? { pod: text(named.pod) } : {}),
            },
          }
        : {}),
    },
    sources: m.sources.map((s) => ({ file: file(s.file), title: text(s.title), command: text(s.command) })),
    reveal: m.reveal.map((r) => ({
      title: text(r.title),
      narrative: text(r.narrative),
      files: r.files.map(file),
    })),
    hints: m.hints.map((h) => ({ ...h, text: text(h.text) })),
    expected: {
      ...m.expected,
      ...(m.expected.partial ? { partial: m.expected.partial.map((p) => ({ ...p, why: text(p.why) })) } : {}),
    },
    keyEvidence: m.keyEvidence.map((k) => ({
      ...k,
      file: file(k.file),
      why: text(k.why),
      ...(k.also ? { also: k.also.map(ref) } : {}),
    })),
    ...(m.validRejections
      ? {
          validRejections: Object.fromEntries(
            Object.entries(m.validRejections).map(([id, r]) => [
              id,
              r.requires ? { requires: r.requires.map(ref) } : {},
            ]),
          ),
        }
      : {}),
    trainerNotes: text(m.trainerNotes),
  };
}
