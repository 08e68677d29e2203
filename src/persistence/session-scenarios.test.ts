// The session's scenario side (issue 8 parts 4 and 5), end to end in one process: the real engine
// (in-process client), the real repo over fake-indexeddb. The sample becomes an incident, the
// analyst accepts the shim branch and pins the kill; "Save as scenario" keeps it here and gives
// the .scenario.zip, which another browser (a fresh database) imports. similar() ranks the past
// incidents and kept scenarios by their signatures, never showing the open incident itself.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeBundle } from '../core/persist/bundle.ts';
import { BundleError, type IncidentSignature } from '../core/persist/model.ts';
import { defaultIncidentState } from '../core/persist/state.ts';
import { SAMPLE_SCENARIO } from '../core/training/sample-scenario.ts';
import { decodeScenario } from '../core/training/scenario-bundle.ts';
import { createWorkbenchStore } from '../state/store.ts';
import { createFakeLockHub } from '../state/testing/fake-lock.ts';
import { createInProcessClient } from '../worker/client.ts';
import { StorageProblem } from './api.ts';
import { createIdbRepo } from './repo.ts';
import { createIncidentSession, MIN_SIMILARITY } from './session.ts';

const SAMPLE_DIR = join(import.meta.dirname, '..', '..', 'public', 'sample');
const FILES = [
  'crictl-ps-a.txt',
  'crictl-inspect.json',
  'journalctl-containerd-kubelet.txt',
  'journalctl-k.txt',
  'dmesg.txt',
];
const TEXTS = Object.fromEntries(FILES.map((f) => [f, readFileSync(join(SAMPLE_DIR, f), 'utf8')]));
const CLOCK = { year: 2025, utcOffsetMinutes: 0 };

const disposers: (() => void)[] = [];
afterEach(() => {
  for (const d of disposers.splice(0)) d();
});

function tab(factory = new IDBFactory()) {
  const store = createWorkbenchStore();
  const client = createInProcessClient();
  const repo = createIdbRepo({ factory, storage: null });
  const queryClient = new QueryClient();
  const session = createIncidentSession({
    repo,
    lock: createFakeLockHub().create(),
    client,
    queryClient,
    store,
    generator: 'rca-workbench@test',
    saveDelayMs: 20,
    legacyStorage: null,
    events: null,
  });
  disposers.push(() => {
    session.dispose();
    client.dispose();
  });
  return { store, session, repo, factory, client, queryClient };
}

const bytesOf = async (b: Blob) => new Uint8Array(await b.arrayBuffer());

const sig = (
  facts: string[],
  cause: string | null,
  rules = ['kernel.killed-process'],
): IncidentSignature => ({
  rules,
  facts,
  verdict: cause ? { cause, label: `label of ${cause}`, confidence: 0.9, by: 'engine' } : null,
});

describe('saveAsScenario and importScenario', () => {
  let a: ReturnType<typeof tab>;
  let incidentId: string;

  beforeAll(async () => {
    a = tab();
    await a.session.start();
    for (const f of FILES)
      await a.session.persistingClient.addSource({
        name: f,
        kind: 'file',
        blob: new Blob([TEXTS[f]]),
        clock: CLOCK,
      });
    a.store
      .getState()
      .setDecision('oom-kill-cgroup/shim', { state: 'accepted', note: 'the shim, on k8s-worker-21' });
    a.store.getState().togglePin('dmesg.txt:287');
    await a.session.flush();
    incidentId = a.session.getSnapshot().active?.id ?? '';
    expect(incidentId).toMatch(/^inc-/);
  }, 60_000);

  it('keeps the scenario here and gives its file: a zip that decodes to the same scenario, redacted', async () => {
    const before = a.session.getSnapshot().listVersion;
    const saved = await a.session.saveAsScenario(incidentId, {
      title: 'Shim on k8s-worker-21',
      difficulty: 'intro',
      redactPods: false,
    });
    expect(saved.fileName).toBe('shim-on-node-1.scenario.zip');
    const bytes = await bytesOf(saved.blob);
    expect([...bytes.subarray(0, 2)]).toEqual([0x50, 0x4b]);
    const pkg = await decodeScenario(bytes);
    expect(pkg.manifest).toEqual(saved.scenario.manifest);
    expect(pkg.manifest.expected).toEqual({ cause: 'oom-kill-cgroup', hypothesis: 'oom-kill-cgroup/shim' });
    // The kill line leads, as one key line for dmesg and journalctl -k (whichever the engine cited first).
    const kill = pkg.manifest.keyEvidence[0];
    expect([`${kill.file}:${kill.line}`, ...(kill.also ?? [])].sort()).toEqual([
      'dmesg.txt:287',
      'journalctl-k.txt:287',
    ]);
    expect(kill.required).toBe(true);
    expect(JSON.stringify(pkg)).not.toContain('k8s-worker-21');
    expect(pkg.signature?.verdict).toMatchObject({ cause: 'oom-kill-cgroup', by: 'analyst' });
    expect(pkg.generator).toBe('rca-workbench@test');
    expect(saved.redactions.find((r) => r.kind === 'hostname')?.values).toBeGreaterThan(0);

    expect(saved.scenario).toMatchObject({ origin: 'saved', fromIncident: incidentId });
    expect(await a.session.listScenarios()).toEqual([saved.scenario]);
    expect((await a.session.getScenario(saved.scenario.id))?.files).toEqual(pkg.files);
    expect(a.session.getSnapshot().listVersion).toBeGreaterThan(before);

    // Another browser: imported whole, listed as imported, the same files.
    const b = tab();
    await b.session.start();
    const meta = await b.session.importScenario(saved.blob);
    expect(meta).toMatchObject({ origin: 'imported', fromIncident: null, manifest: pkg.manifest });
    expect(meta.signature).toEqual(pkg.signature);
    expect((await b.session.listScenarios()).map((s) => s.id)).toEqual([meta.id]);
    expect((await b.session.getScenario(meta.id))?.files).toEqual(pkg.files);
  });

  it('refuses an incident that is not open, and says so', async () => {
    await expect(
      a.session.saveAsScenario('inc-00000000000000ff', {
        title: 't',
        difficulty: 'intro',
        redactPods: false,
      }),
    ).rejects.toThrow(/Only the open incident can be saved as a scenario/);
  });

  it('refuses what is not a scenario, with the reader’s message, and keeps nothing', async () => {
    const b = tab();
    await b.session.start();
    const bundle = await encodeBundle({
      generator: 'x',
      exportedAt: '2026-01-02T03:04:05.000Z',
      incident: { title: 't', tags: [], createdAt: 1, signature: null },
      sources: [],
      state: defaultIncidentState(),
    });
    const err = await b.session.importScenario(new Blob([bundle as Uint8Array<ArrayBuffer>])).catch((e) => e);
    expect(err).toBeInstanceOf(BundleError);
    expect((err as Error).message).toMatch(/^This is an incident bundle \(\.rca\.zip\), not a scenario/);
    expect(await b.session.listScenarios()).toEqual([]);
  });
});

describe('similar', () => {
  it('ranks past incidents and kept scenarios by signature; never the open one, nor what is too far', async () => {
    const t = tab();
    await t.session.start();
    const repo = await t.repo;
    const mine = sig(['cause=oom-kill-cgroup', 'exit=137', 'oom=memcg'], 'oom-kill-cgroup');
    const twin = await repo.create({ title: 'Twin' });
    await repo.setSignature(twin.id, mine);
    const near = await repo.create({ title: 'Near' });
    await repo.setSignature(near.id, sig(['cause=oom-kill-cgroup', 'exit=137'], 'oom-kill-cgroup'));
    const far = await repo.create({ title: 'Far' });
    await repo.setSignature(far.id, sig(['cause=disk-full'], 'disk-full', ['kubelet.eviction']));
    await repo.create({ title: 'No signature yet' });
    const scenario = await repo.putScenario({
      manifest: SAMPLE_SCENARIO,
      files: Object.fromEntries(SAMPLE_SCENARIO.sources.map((s) => [s.file, TEXTS[s.file]])),
      signature: sig(['cause=oom-kill-cgroup'], 'oom-kill-cgroup'),
      origin: 'imported',
    });

    const items = await t.session.similar(mine);
    expect(items.map((i) => [i.kind, i.title])).toEqual([
      ['incident', 'Twin'],
      ['incident', 'Near'],
      ['scenario', SAMPLE_SCENARIO.title],
    ]);
    expect(items[0]).toMatchObject({
      id: twin.id,
      similarity: 1,
      verdict: { cause: 'oom-kill-cgroup', label: 'label of oom-kill-cgroup', by: 'engine' },
    });
    expect(items[2].id).toBe(scenario.id);
    for (const i of items) expect(i.similarity).toBeGreaterThanOrEqual(MIN_SIMILARITY);
    expect(await t.session.similar(mine, 1)).toHaveLength(1);

    // The open incident is never similar to itself; a scenario made from it neither.
    await t.session.open(twin.id);
    await repo.putScenario({
      manifest: SAMPLE_SCENARIO,
      files: Object.fromEntries(SAMPLE_SCENARIO.sources.map((s) => [s.file, TEXTS[s.file]])),
      signature: mine,
      origin: 'saved',
      fromIncident: twin.id,
    });
    expect((await t.session.similar(mine)).map((i) => i.title)).toEqual(['Near', SAMPLE_SCENARIO.title]);
  });

  it('an incident left within a second of its analysis still gets its signature', async () => {
    const t = tab();
    await t.session.start();
    await t.session.persistingClient.addSource({
      name: 'dmesg.txt',
      kind: 'file',
      blob: new Blob([TEXTS['dmesg.txt']]),
      clock: CLOCK,
    });
    await t.session.flush();
    const id = t.session.getSnapshot().active?.id ?? '';
    // The Analysis tab's result lands in the cache; the signature waits a second for quiet...
    t.queryClient.setQueryData(['analysis', 'sources', 'clocks', {}], await t.client.analysis());
    // ...but the analyst switches at once.
    await t.session.newIncident();
    const meta = await (await t.repo).get(id);
    expect(meta?.signature?.rules).toContain('kernel.killed-process');
    expect(meta?.signature?.verdict?.cause).toBe('oom-kill-cgroup');
  });

  it('a second incident from the same files gets its signature from the analysis already cached', async () => {
    const t = tab();
    await t.session.start();
    const add = () =>
      t.session.persistingClient.addSource({
        name: 'dmesg.txt',
        kind: 'file',
        blob: new Blob([TEXTS['dmesg.txt']]),
        clock: CLOCK,
      });
    await add();
    await t.session.flush();
    const first = t.session.getSnapshot().active?.id ?? '';
    const key = ['analysis', 'dmesg.txt', 'clocks', {}];
    t.queryClient.setQueryData(key, await t.client.analysis());
    await t.session.newIncident();
    await add();
    await t.session.flush();
    const second = t.session.getSnapshot().active?.id ?? '';
    expect(second).not.toBe(first);
    // The Analysis tab of the second asks for the same key: cached, never fetched again.
    const unsubscribe = new QueryObserver(t.queryClient, { queryKey: key, enabled: false }).subscribe(
      () => {},
    );
    disposers.push(unsubscribe);
    const repo = await t.repo;
    const deadline = Date.now() + 3000;
    while (!(await repo.get(second))?.signature && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect((await repo.get(second))?.signature?.verdict?.cause).toBe('oom-kill-cgroup');

    // Deleted, and the same file added again: a third incident, and its signature too.
    await t.session.remove(second);
    await add();
    await t.session.flush();
    const third = t.session.getSnapshot().active?.id ?? '';
    expect([first, second]).not.toContain(third);
    disposers.push(new QueryObserver(t.queryClient, { queryKey: key, enabled: false }).subscribe(() => {}));
    const until3 = Date.now() + 3000;
    while (!(await repo.get(third))?.signature && Date.now() < until3)
      await new Promise((r) => setTimeout(r, 50));
    expect((await repo.get(third))?.signature?.verdict?.cause).toBe('oom-kill-cgroup');
  });

  it('answers nothing without storage', async () => {
    const session = createIncidentSession({
      repo: null,
      storageUnavailable: 'private mode',
      lock: createFakeLockHub().create(),
      client: createInProcessClient(),
      queryClient: new QueryClient(),
      store: createWorkbenchStore(),
      generator: 'x',
      legacyStorage: null,
      events: null,
    });
    disposers.push(() => session.dispose());
    expect(await session.similar(sig([], null))).toEqual([]);
    expect(await session.listScenarios()).toEqual([]);
    await expect(session.importScenario(new Blob(['x']))).rejects.toBeInstanceOf(StorageProblem);
  });
});
