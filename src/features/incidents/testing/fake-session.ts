// An in-memory IncidentSessionApi for the feature's component tests, faithful to the contract in
// src/persistence/session-api.ts: live incidents newest first, a search over title, tags and
// signature, every change bumping listVersion, remove() with an undo, bundles that round-trip
// through exportBundle/importBundle and refuse what is not one with a BundleError. The test
// drives the snapshot (saving, errors, another tab) with set(). Scenarios (issue 8) are kept in
// memory too: saveAsScenario keeps one named for the incident, similar() ranks by the core's
// similarity, as the real session does.
import { BundleError, type IncidentMeta, type IncidentSignature } from '../../../core/persist/model.ts';
import { similarity } from '../../../core/persist/search.ts';
import { SAMPLE_SCENARIO } from '../../../core/training/sample-scenario.ts';
import type { LocalScenario, ScenarioMeta, StorageUse } from '../../../persistence/api.ts';
import type {
  IncidentSessionApi,
  SaveAsScenarioOptions,
  SavedScenario,
  SessionSnapshot,
  SimilarItem,
} from '../../../persistence/session-api.ts';

const MAGIC = 'PK\u0003\u0004';

export interface FakeIncident {
  title: string;
  tags?: string[];
  updatedAt?: number;
  sources?: number;
  inputBytes?: number;
  storedBytes?: number;
  signature?: IncidentSignature | null;
}

let seq = 0;

export function fakeMeta(init: FakeIncident): IncidentMeta {
  seq++;
  const at = init.updatedAt ?? Date.now();
  const n = init.sources ?? 0;
  return {
    id: `inc-${seq.toString(16).padStart(16, '0')}`,
    title: init.title,
    tags: init.tags ?? [],
    createdAt: at,
    updatedAt: at,
    sources: Array.from({ length: n }, (_, i) => ({
      sourceId: `src-${i}.log`,
      name: `src-${i}.log`,
      kind: 'file' as const,
      bytes: Math.round((init.inputBytes ?? 0) / Math.max(1, n)),
      contentHash: `h${i}`,
      order: i,
      addedAt: at,
    })),
    inputBytes: init.inputBytes ?? 0,
    storedBytes: init.storedBytes ?? 0,
    signature: init.signature ?? null,
    rev: 1,
    deletedAt: null,
  };
}

export class FakeSession implements IncidentSessionApi {
  private snapshot: SessionSnapshot = {
    phase: 'ready',
    restoring: null,
    active: null,
    access: 'owner',
    save: { state: 'idle' },
    listVersion: 0,
    storageUnavailable: null,
  };
  private readonly listeners = new Set<() => void>();
  readonly incidents = new Map<string, IncidentMeta>();
  readonly scenarios = new Map<string, ScenarioMeta>();
  /** Every action called, in order: `open inc-…`, `takeOver`, `exportBundle inc-…`. */
  readonly calls: string[] = [];
  use: StorageUse = { incidentsBytes: 0 };
  persistAnswer = true;
  /** How long each action takes (ms): a test can see the busy state in between. */
  delay = 0;

  constructor(incidents: FakeIncident[] = []) {
    for (const i of incidents) {
      const m = fakeMeta(i);
      this.incidents.set(m.id, m);
    }
  }

  set(patch: Partial<SessionSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of this.listeners) l();
  }

  byTitle(title: string): IncidentMeta {
    const m = [...this.incidents.values()].find((i) => i.title === title);
    if (!m) throw new Error(`no incident ${title}`);
    return m;
  }

  getSnapshot = (): SessionSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private async wait(): Promise<void> {
    if (this.delay > 0) await new Promise((r) => setTimeout(r, this.delay));
  }

  private changed(meta?: IncidentMeta): void {
    const active = this.snapshot.active;
    this.set({
      listVersion: this.snapshot.listVersion + 1,
      active: meta && active?.id === meta.id ? meta : active,
    });
  }

  private live(id: string): IncidentMeta {
    const m = this.incidents.get(id);
    if (!m || m.deletedAt !== null) throw new Error(`Incident ${id} not found`);
    return m;
  }

  private put(m: IncidentMeta): IncidentMeta {
    this.incidents.set(m.id, m);
    this.changed(m);
    return m;
  }

  async list(query?: string): Promise<IncidentMeta[]> {
    this.calls.push(`list ${query ?? ''}`.trim());
    await this.wait();
    const terms = (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    return [...this.incidents.values()]
      .filter((m) => m.deletedAt === null)
      .filter((m) => {
        const s = m.signature;
        const hay = [m.title, ...m.tags, ...(s?.rules ?? []), ...(s?.facts ?? [])];
        if (s?.verdict) hay.push(s.verdict.label, s.verdict.cause);
        const text = hay.join('\n').toLowerCase();
        return terms.every((t) => text.includes(t));
      })
      .sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async open(id: string): Promise<void> {
    this.calls.push(`open ${id}`);
    await this.wait();
    this.set({ active: this.live(id), save: { state: 'idle' } });
  }

  async newIncident(): Promise<void> {
    this.calls.push('newIncident');
    await this.wait();
    this.set({ active: null, save: { state: 'idle' } });
  }

  async takeOver(): Promise<void> {
    this.calls.push('takeOver');
    await this.wait();
    this.set({ access: 'owner' });
  }

  async rename(id: string, title: string): Promise<void> {
    this.calls.push(`rename ${id} ${title}`);
    await this.wait();
    this.put({ ...this.live(id), title, updatedAt: Date.now() });
  }

  async setTags(id: string, tags: string[]): Promise<void> {
    this.calls.push(`setTags ${id} ${tags.join('|')}`);
    await this.wait();
    this.put({ ...this.live(id), tags, updatedAt: Date.now() });
  }

  async duplicate(id: string): Promise<IncidentMeta> {
    this.calls.push(`duplicate ${id}`);
    await this.wait();
    const from = this.live(id);
    const copy = fakeMeta({ title: `${from.title} (copy)` });
    return this.put({
      ...from,
      id: copy.id,
      title: copy.title,
      createdAt: copy.createdAt,
      updatedAt: Date.now(),
    });
  }

  async remove(id: string): Promise<{ undo: () => Promise<void> }> {
    this.calls.push(`remove ${id}`);
    await this.wait();
    this.put({ ...this.live(id), deletedAt: Date.now() });
    return {
      undo: async () => {
        this.calls.push(`undo ${id}`);
        const m = this.incidents.get(id);
        if (m) this.put({ ...m, deletedAt: null });
      },
    };
  }

  async exportBundle(id: string): Promise<{ blob: Blob; fileName: string }> {
    this.calls.push(`exportBundle ${id}`);
    await this.wait();
    const m = this.live(id);
    const body = JSON.stringify({ format: 'fake-bundle', title: m.title, tags: m.tags });
    const slug = m.title.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '');
    return { blob: new Blob([MAGIC, body]), fileName: `${slug}.rca.zip` };
  }

  async importBundle(file: Blob): Promise<IncidentMeta> {
    this.calls.push('importBundle');
    await this.wait();
    const text = await file.text();
    if (!text.startsWith(MAGIC))
      throw new BundleError('This file is not an RCA Workbench bundle (not a zip archive).', 'foreign');
    let body: { format?: string; title?: string; tags?: string[] };
    try {
      body = JSON.parse(text.slice(MAGIC.length));
    } catch {
      throw new BundleError(
        'This bundle is damaged (the archive is cut short). Nothing was imported.',
        'corrupt',
      );
    }
    if (body.format !== 'fake-bundle' || typeof body.title !== 'string')
      throw new BundleError('This zip holds no RCA Workbench bundle.', 'not-a-bundle');
    const m = fakeMeta({ title: body.title, tags: body.tags });
    return this.put(m);
  }

  async saveAsScenario(incidentId: string, opts: SaveAsScenarioOptions): Promise<SavedScenario> {
    this.calls.push(`saveAsScenario ${incidentId} ${opts.title}`);
    await this.wait();
    const m = this.live(incidentId);
    const scenario = this.keepScenario(opts.title, m.signature, 'saved', m.id);
    const slug = opts.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    return {
      scenario,
      blob: new Blob([MAGIC, JSON.stringify({ format: 'fake-scenario', title: opts.title })]),
      fileName: `${slug || 'scenario'}.scenario.zip`,
      redactions: [],
      notes: [],
    };
  }

  async importScenario(file: Blob): Promise<ScenarioMeta> {
    this.calls.push('importScenario');
    await this.wait();
    const text = await file.text();
    let body: { format?: string; title?: string } = {};
    try {
      body = text.startsWith(MAGIC) ? JSON.parse(text.slice(MAGIC.length)) : {};
    } catch {}
    if (body.format !== 'fake-scenario' || typeof body.title !== 'string')
      throw new BundleError(
        'This is a text file, not an RCA Workbench scenario (.scenario.zip).',
        'not-a-bundle',
      );
    return this.keepScenario(body.title, null, 'imported', null);
  }

  private keepScenario(
    title: string,
    signature: IncidentSignature | null,
    origin: 'saved' | 'imported',
    fromIncident: string | null,
  ): ScenarioMeta {
    seq++;
    const meta: ScenarioMeta = {
      id: `scn-${seq.toString(16).padStart(16, '0')}`,
      manifest: { ...SAMPLE_SCENARIO, title },
      signature,
      savedAt: Date.now(),
      origin,
      fromIncident,
      inputBytes: 0,
      storedBytes: 0,
    };
    this.scenarios.set(meta.id, meta);
    this.changed();
    return meta;
  }

  async listScenarios(): Promise<ScenarioMeta[]> {
    this.calls.push('listScenarios');
    return [...this.scenarios.values()].sort((a, b) => b.savedAt - a.savedAt);
  }

  async getScenario(id: string): Promise<LocalScenario | null> {
    const m = this.scenarios.get(id);
    return m ? { ...m, files: {} } : null;
  }

  async removeScenario(id: string): Promise<void> {
    this.calls.push(`removeScenario ${id}`);
    await this.wait();
    if (!this.scenarios.delete(id)) throw new Error('That scenario is no longer stored in this browser.');
    this.changed();
  }

  async similar(signature: IncidentSignature, limit = 5): Promise<SimilarItem[]> {
    this.calls.push('similar');
    const open = this.snapshot.active?.id;
    const verdict = (s: IncidentSignature | null) =>
      s?.verdict ? { cause: s.verdict.cause, label: s.verdict.label, by: s.verdict.by } : null;
    const items: SimilarItem[] = [
      ...[...this.incidents.values()]
        .filter((m) => m.deletedAt === null && m.id !== open && m.signature)
        .map((m) => ({
          kind: 'incident' as const,
          id: m.id,
          title: m.title,
          verdict: verdict(m.signature),
          similarity: similarity(signature, m.signature as IncidentSignature),
          updatedAt: m.updatedAt,
        })),
      ...[...this.scenarios.values()]
        .filter((sc) => sc.signature && sc.fromIncident !== open)
        .map((sc) => ({
          kind: 'scenario' as const,
          id: sc.id,
          title: sc.manifest.title,
          verdict: verdict(sc.signature),
          similarity: similarity(signature, sc.signature as IncidentSignature),
          updatedAt: sc.savedAt,
        })),
    ];
    return items
      .filter((i) => i.similarity >= 0.2)
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, limit);
  }

  async storageUse(): Promise<StorageUse> {
    this.calls.push('storageUse');
    const incidentsBytes = [...this.incidents.values()]
      .filter((m) => m.deletedAt === null)
      .reduce((n, m) => n + m.storedBytes, 0);
    return { ...this.use, incidentsBytes };
  }

  async requestPersistence(): Promise<boolean> {
    this.calls.push('requestPersistence');
    await this.wait();
    this.use = { ...this.use, persisted: this.persistAnswer };
    return this.persistAnswer;
  }

  async flush(): Promise<void> {
    this.calls.push('flush');
  }
}
