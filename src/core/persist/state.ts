// The saved analyst state of one incident: its default, and migrate() from every earlier
// version. Versions 1-4 were the app's single localStorage record (before incidents); version 5
// is per incident and adds the engine-side decisions (format overrides, clock decisions).
import type { DocumentDraft } from '../report/document-model.ts';
import type { FormatOverride, IncidentState, UserTemplateFile } from './model.ts';
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
  };
}

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** A saved draft that has the shape of one (a hand-edited or truncated save is dropped, not trusted). */
const isDraft = (x: unknown): x is DocumentDraft =>
  isRecord(x) &&
  typeof x.templateId === 'string' &&
  typeof x.title === 'string' &&
  isRecord(x.values) &&
  Array.isArray(x.edited) &&
  Array.isArray(x.sections);

const isTemplateFile = (x: unknown): x is UserTemplateFile =>
  isRecord(x) && typeof x.file === 'string' && typeof x.text === 'string';

const isOverride = (x: unknown): x is FormatOverride =>
  isRecord(x) &&
  typeof x.sourceId === 'string' &&
  Number.isInteger(x.lineStart) &&
  typeof x.format === 'string';

/**
 * Brings a saved state of any earlier version up to the current one. Version 1 (issue 4) kept
 * pins and the display zone; version 2 adds the analysis decisions and custom hypotheses;
 * version 3 the symptoms the analyst named; version 4 the Document tab (drafts, the template on
 * screen, loaded template files, redaction choices); version 5 format overrides and clock
 * decisions. An older save simply has none of what came later. Anything unreadable falls back
 * to the default, field by field: one bad field never costs the others.
 */
export function migrateState(saved: unknown, version: number): IncidentState {
  const s = (isRecord(saved) ? saved : {}) as Partial<Record<keyof IncidentState, unknown>>;
  const zone = s.displayZone;
  const v4 = version >= 4;
  const v5 = version >= 5;
  const drafts: Record<string, DocumentDraft> = {};
  if (v4 && isRecord(s.documentDrafts))
    for (const [id, d] of Object.entries(s.documentDrafts))
      if (isDraft(d) && d.templateId === id) drafts[id] = d;
  const clocks: IncidentState['clockDecisions'] = {};
  if (v5 && isRecord(s.clockDecisions))
    for (const [id, d] of Object.entries(s.clockDecisions)) if (isRecord(d)) clocks[id] = d;
  const base = defaultIncidentState();
  return {
    pins: Array.isArray(s.pins) ? (s.pins as IncidentState['pins']) : base.pins,
    displayZone:
      zone === 'utc' || zone === 'local' || (typeof zone === 'number' && Number.isFinite(zone))
        ? zone
        : 'utc',
    decisions: version >= 2 && isRecord(s.decisions) ? (s.decisions as IncidentState['decisions']) : {},
    customHypotheses:
      version >= 2 && Array.isArray(s.customHypotheses)
        ? (s.customHypotheses as IncidentState['customHypotheses'])
        : [],
    userSymptoms:
      version >= 3 && Array.isArray(s.userSymptoms) ? (s.userSymptoms as IncidentState['userSymptoms']) : [],
    documentDrafts: drafts,
    documentTemplateId: v4 && typeof s.documentTemplateId === 'string' ? s.documentTemplateId : null,
    userTemplates: v4 && Array.isArray(s.userTemplates) ? s.userTemplates.filter(isTemplateFile) : [],
    redactionDisabled:
      v4 && Array.isArray(s.redactionDisabled)
        ? s.redactionDisabled.filter((x): x is string => typeof x === 'string')
        : [],
    redactPodNames: v4 && s.redactPodNames === true,
    formatOverrides: v5 && Array.isArray(s.formatOverrides) ? s.formatOverrides.filter(isOverride) : [],
    clockDecisions: clocks,
  };
}

/** A version number read from storage or a bundle: a newer one than we know is refused by the caller. */
export function isKnownStateVersion(v: unknown): v is number {
  return Number.isInteger(v) && (v as number) >= 1 && (v as number) <= STATE_VERSION;
}
