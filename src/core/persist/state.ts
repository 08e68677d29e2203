// The saved analyst state of one incident: its default, and migrate() from every earlier
// version. Versions 1-4 were the app's single localStorage record (before incidents); version 5
// is per incident and adds the engine-side decisions (format overrides, clock decisions);
// version 6 the training attempt played in the incident.
// A saved state is untrusted input (a bundle from another machine, a hand-edited or truncated
// save), so migrate() also checks every element it keeps: the UI and the engine then never see
// a pin without an event id or a clock decision whose year is a string.
import type { AnalystDecision, CustomHypothesis } from '../analysis/model.ts';
import { CAUSE_IDS } from '../analysis/model.ts';
import { SYMPTOM_KINDS, type Symptom, type SymptomKind } from '../analysis/symptoms.ts';
import type { ClockDecision } from '../engine/engine-api.ts';
import { isFormatId } from '../model/event.ts';
import type { DocumentDraft, FieldValue, FreeSection } from '../report/document-model.ts';
import { attemptOf } from '../training/attempt.ts';
import type { FormatOverride, IncidentState, Pin, UserTemplateFile } from './model.ts';
import { STATE_VERSION } from './model.ts';

export function defaultIncidentState(): IncidentState {
  return {
    pins: [],
    displayZone: 'utc',
    decisions: {},
    customHypotheses: [],
    userSymptoms: [],
    documentDrafts: {},
    documentTemplateId: null,
    userTemplates: [],
    redactionDisabled: [],
    redactPodNames: false,
    formatOverrides: [],
    clockDecisions: {},
    training: null,
  };
}

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

const strings = (x: unknown): string[] =>
  Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : [];

/**
 * A record's own entries, without `__proto__` (JSON.parse makes it an own key; copied with
 * `out[k] = v` it would set the copy's prototype instead of adding an entry).
 */
const entries = (x: unknown): [string, unknown][] =>
  isRecord(x) ? Object.entries(x).filter(([k]) => k !== '__proto__') : [];

/** Keeps what `keep` returns for each entry (undefined = dropped). */
function mapRecord<T>(x: unknown, keep: (v: unknown, k: string) => T | undefined): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of entries(x)) {
    const kept = keep(v, k);
    if (kept !== undefined) out[k] = kept;
  }
  return out;
}

/** Pins with an event id; a missing note or time is repaired, a second pin of one event dropped. */
function pinsOf(x: unknown): Pin[] {
  if (!Array.isArray(x)) return [];
  const seen = new Set<string>();
  const out: Pin[] = [];
  for (const p of x) {
    if (!isRecord(p) || typeof p.eventId !== 'string' || p.eventId === '' || seen.has(p.eventId)) continue;
    seen.add(p.eventId);
    out.push({
      eventId: p.eventId,
      note: typeof p.note === 'string' ? p.note : '',
      pinnedAt: isFiniteNumber(p.pinnedAt) ? p.pinnedAt : 0,
    });
  }
  return out;
}

const DECISION_STATES: readonly string[] = ['accepted', 'rejected', 'open'];

function decisionOf(x: unknown): AnalystDecision | undefined {
  if (!isRecord(x) || typeof x.state !== 'string' || !DECISION_STATES.includes(x.state)) return undefined;
  return { state: x.state as AnalystDecision['state'], note: typeof x.note === 'string' ? x.note : '' };
}

function customOf(x: unknown): CustomHypothesis | undefined {
  if (!isRecord(x) || typeof x.id !== 'string' || x.id === '' || typeof x.title !== 'string')
    return undefined;
  const h: CustomHypothesis = { id: x.id, title: x.title, for: strings(x.for), against: strings(x.against) };
  if (typeof x.parent === 'string' && (CAUSE_IDS as readonly string[]).includes(x.parent))
    h.parent = x.parent as CustomHypothesis['parent'];
  if (typeof x.note === 'string') h.note = x.note;
  return h;
}

function symptomOf(x: unknown): Symptom | undefined {
  if (
    !isRecord(x) ||
    typeof x.id !== 'string' ||
    typeof x.title !== 'string' ||
    typeof x.kind !== 'string' ||
    !(SYMPTOM_KINDS as readonly string[]).includes(x.kind)
  )
    return undefined;
  const s: Symptom = {
    id: x.id,
    kind: x.kind as SymptomKind,
    title: x.title,
    time: isFiniteNumber(x.time) ? x.time : null,
    eventIds: strings(x.eventIds),
    findingIds: strings(x.findingIds),
    facts: mapRecord(x.facts, (v) => (typeof v === 'string' || isFiniteNumber(v) ? v : undefined)),
    source: x.source === 'detected' ? 'detected' : 'user',
  };
  if (typeof x.container === 'string') s.container = x.container;
  if (typeof x.pod === 'string') s.pod = x.pod;
  return s;
}

/** A field value as the renderer knows them: text, or a list (of text, rows, line refs or tree nodes). */
const isFieldValue = (v: unknown): v is FieldValue =>
  typeof v === 'string' ||
  (Array.isArray(v) && v.every((e) => typeof e === 'string' || Array.isArray(e) || isRecord(e)));

const isSection = (x: unknown): x is FreeSection =>
  isRecord(x) && typeof x.id === 'string' && typeof x.title === 'string' && typeof x.markdown === 'string';

/** A saved draft that has the shape of one (a hand-edited or truncated save is dropped, not trusted). */
function draftOf(x: unknown, id: string): DocumentDraft | undefined {
  if (
    !isRecord(x) ||
    x.templateId !== id ||
    typeof x.title !== 'string' ||
    !isRecord(x.values) ||
    !Array.isArray(x.edited) ||
    !Array.isArray(x.sections)
  )
    return undefined;
  return {
    templateId: id,
    title: x.title,
    values: mapRecord(x.values, (v) => (isFieldValue(v) ? v : undefined)),
    edited: strings(x.edited),
    sections: x.sections.filter(isSection).map((f) => ({ id: f.id, title: f.title, markdown: f.markdown })),
  };
}

const isTemplateFile = (x: unknown): x is UserTemplateFile =>
  isRecord(x) && typeof x.file === 'string' && typeof x.text === 'string';

/** An override the engine can replay: a known format (a newer app's format id is dropped). */
function overridesOf(x: unknown): FormatOverride[] {
  if (!Array.isArray(x)) return [];
  return x
    .filter(
      (o): o is FormatOverride =>
        isRecord(o) &&
        typeof o.sourceId === 'string' &&
        Number.isInteger(o.lineStart) &&
        (o.lineStart as number) >= 0 &&
        typeof o.format === 'string' &&
        isFormatId(o.format),
    )
    .map((o) => ({ sourceId: o.sourceId, lineStart: o.lineStart, format: o.format }));
}

/** The parts of a clock decision that have their type; a decision with none left is dropped. */
function clockOf(x: unknown): ClockDecision | undefined {
  if (!isRecord(x)) return undefined;
  const d: ClockDecision = {};
  if (Number.isInteger(x.year)) d.year = x.year as number;
  if (isFiniteNumber(x.utcOffsetMinutes)) d.utcOffsetMinutes = x.utcOffsetMinutes;
  if (isRecord(x.bootTimes)) d.bootTimes = mapRecord(x.bootTimes, (v) => (isFiniteNumber(v) ? v : undefined));
  if (isRecord(x.pin) && typeof x.pin.eventId === 'string' && isFiniteNumber(x.pin.wallUs))
    d.pin = { eventId: x.pin.eventId, wallUs: x.pin.wallUs };
  if (isFiniteNumber(x.shiftUs)) d.shiftUs = x.shiftUs;
  if (typeof x.accepted === 'boolean') d.accepted = x.accepted;
  return Object.keys(d).length > 0 ? d : undefined;
}

/**
 * UTC, the browser's zone, or a fixed offset within ±24 h. An offset of -0 is 0: JSON writes
 * both as 0, and a save must read back as it was (found by the property test, seed 852113859).
 */
const zoneOf = (z: unknown): IncidentState['displayZone'] =>
  z === 'utc' || z === 'local' ? z : isFiniteNumber(z) && Math.abs(z) <= 24 * 60 ? z + 0 : 'utc';

/**
 * Brings a saved state of any earlier version up to the current one. Version 1 (issue 4) kept
 * pins and the display zone; version 2 adds the analysis decisions and custom hypotheses;
 * version 3 the symptoms the analyst named; version 4 the Document tab (drafts, the template on
 * screen, loaded template files, redaction choices); version 5 format overrides and clock
 * decisions; version 6 the training attempt (null for every earlier save). An older save simply
 * has none of what came later (a field it should not have is ignored). Anything unreadable falls
 * back to the default, field by field and element by element: one bad field (or one bad pin)
 * never costs the others.
 */
export function migrateState(saved: unknown, version: number): IncidentState {
  const s = (isRecord(saved) ? saved : {}) as Partial<Record<keyof IncidentState, unknown>>;
  const v2 = version >= 2;
  const v3 = version >= 3;
  const v4 = version >= 4;
  const v5 = version >= 5;
  const v6 = version >= 6;
  return {
    pins: pinsOf(s.pins),
    displayZone: zoneOf(s.displayZone),
    decisions: v2 ? mapRecord(s.decisions, decisionOf) : {},
    customHypotheses:
      v2 && Array.isArray(s.customHypotheses) ? s.customHypotheses.flatMap((h) => customOf(h) ?? []) : [],
    userSymptoms:
      v3 && Array.isArray(s.userSymptoms) ? s.userSymptoms.flatMap((x) => symptomOf(x) ?? []) : [],
    documentDrafts: v4 ? mapRecord(s.documentDrafts, draftOf) : {},
    documentTemplateId: v4 && typeof s.documentTemplateId === 'string' ? s.documentTemplateId : null,
    userTemplates:
      v4 && Array.isArray(s.userTemplates)
        ? s.userTemplates.filter(isTemplateFile).map((t) => ({ file: t.file, text: t.text }))
        : [],
    redactionDisabled: v4 ? strings(s.redactionDisabled) : [],
    redactPodNames: v4 && s.redactPodNames === true,
    formatOverrides: v5 ? overridesOf(s.formatOverrides) : [],
    clockDecisions: v5 ? mapRecord(s.clockDecisions, clockOf) : {},
    training: v6 ? attemptOf(s.training) : null,
  };
}

/** A version number read from storage or a bundle: a newer one than we know is refused by the caller. */
export function isKnownStateVersion(v: unknown): v is number {
  return Number.isInteger(v) && (v as number) >= 1 && (v as number) <= STATE_VERSION;
}
