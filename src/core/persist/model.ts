// The contracts of what is saved: one incident's analyst state (versioned, migrated), the
// incident's metadata (for the incidents list and its search), and the bundle that carries a
// whole incident from one browser to another. Pure data: the core builds, checks and migrates it;
// src/persistence/ stores it in IndexedDB, the UI only composes.
import type { AnalystDecision, CustomHypothesis } from '../analysis/model.ts';
import type { Symptom } from '../analysis/symptoms.ts';
import type { ClockDecision } from '../engine/engine-api.ts';
import type { FormatId } from '../model/event.ts';
import type { DocumentDraft } from '../report/document-model.ts';
import type { TrainingAttempt } from '../training/model.ts';

/** How times are shown: UTC, the browser's zone, or a fixed offset in minutes east of UTC. */
export type DisplayZone = 'utc' | 'local' | number;

export interface Pin {
  eventId: string;
  /** The analyst's words for it (the label in the key-events diagram); '' = the event's message. */
  note: string;
  /** Epoch ms when pinned. */
  pinnedAt: number;
}

/** A template the analyst loaded from a file in the app: kept as text, parsed where it is read. */
export interface UserTemplateFile {
  /** The file's name as picked (`my-rca.md`). */
  file: string;
  text: string;
}

/** A hand override of one segment's format (Sources tab), replayed after the source is read again. */
export interface FormatOverride {
  sourceId: string;
  lineStart: number;
  format: FormatId;
}

/**
 * Everything the analyst decided about one incident, apart from the sources' bytes. Version 5
 * (issue 7): per incident in IndexedDB, and the engine-side decisions (format overrides, clock
 * decisions) joined the store-side ones. Versions 1-4 were the single localStorage record:
 * 1 pins + display zone, 2 + decisions and custom hypotheses, 3 + named symptoms, 4 + the
 * Document tab (drafts, template on screen, loaded templates, redaction choices). Version 6
 * (issue 8) adds the training attempt played in the incident.
 */
export interface IncidentState {
  pins: Pin[];
  displayZone: DisplayZone;
  decisions: Record<string, AnalystDecision>;
  customHypotheses: CustomHypothesis[];
  userSymptoms: Symptom[];
  documentDrafts: Record<string, DocumentDraft>;
  documentTemplateId: string | null;
  userTemplates: UserTemplateFile[];
  redactionDisabled: string[];
  redactPodNames: boolean;
  /** In the order they were made (a later one for the same segment replaces the earlier). */
  formatOverrides: FormatOverride[];
  /** By source id. */
  clockDecisions: Record<string, ClockDecision>;
  /** The scenario replayed in this incident (Training tab), in progress or graded; null for a real incident. */
  training: TrainingAttempt | null;
}

export const STATE_VERSION = 6;

/** What the findings of an incident come to, kept for search (issue 7) and recall (issue 8). */
export interface IncidentSignature {
  /** Rule ids that fired, sorted, unique (`kernel.oom-kill`, `containerd.shim-disconnected`). */
  rules: string[];
  /** Key facts as `name=value`, sorted, unique, at most 40 (`exit=137`, `cause=oom-kill-cgroup`). */
  facts: string[];
  /** The overall verdict when there was one. */
  verdict: { cause: string; label: string; confidence: number; by: 'engine' | 'analyst' } | null;
}

/** One source as kept with an incident. */
export interface StoredSourceMeta {
  /** The engine's source id (the file name, made unique): pins and decisions refer to it. */
  sourceId: string;
  name: string;
  kind: 'file' | 'paste' | 'sample';
  /** Bytes of the input as given. */
  bytes: number;
  /** SourceSummary.contentHash once read (checked again when the source is read back). */
  contentHash: string;
  /** Position among the incident's sources (the order they were added). */
  order: number;
  /** The clock it was read with (AddSourceInput.clock), when one was given. */
  clock?: { year: number; utcOffsetMinutes: number };
  addedAt: number;
}

/** An incident as listed: everything but the sources' bytes and the analyst state. */
export interface IncidentMeta {
  /** Random id (`inc-` + 16 hex). */
  id: string;
  title: string;
  tags: string[];
  createdAt: number;
  updatedAt: number;
  sources: StoredSourceMeta[];
  /** Bytes of the sources as given, summed. */
  inputBytes: number;
  /** Bytes this incident takes in storage (compressed sources + state), as last written. */
  storedBytes: number;
  signature: IncidentSignature | null;
  /** Bumped by every write of the state: a writer that read an older revision is refused (two tabs). */
  rev: number;
  /** Set when deleted (undo possible until purged); null when live. */
  deletedAt: number | null;
}

/** A whole incident in one value: what a bundle file carries (bytes of the sources as given). */
export interface IncidentBundle {
  /** The app that wrote it, `rca-workbench@0.1.0`. */
  generator: string;
  exportedAt: string;
  incident: { title: string; tags: string[]; createdAt: number; signature: IncidentSignature | null };
  sources: (StoredSourceMeta & { data: Uint8Array })[];
  state: IncidentState;
}

/** Bundle format: the version of `bundle.json` inside the zip. */
export const BUNDLE_FORMAT = 'rca-workbench.bundle';
export const BUNDLE_VERSION = 1;

/** Why a file is not imported: `message` is shown to the user as it is. */
export class BundleError extends Error {
  constructor(
    message: string,
    readonly reason: 'not-a-bundle' | 'corrupt' | 'newer-version' | 'foreign',
  ) {
    super(message);
    this.name = 'BundleError';
  }
}
