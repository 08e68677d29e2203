import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Workbench } from '../core/engine/workbench.ts';
import { SAMPLE_SCENARIO as M } from '../core/training/sample-scenario.ts';
import { createInProcessClient } from '../worker/client.ts';
import { eventAtLine, fetchScenarioIndex, fetchScenarioManifest, scenarioFileReader } from './training.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

const serve = (routes: Record<string, string | number>) => {
  const f = vi.fn(async (url: string) => {
    const r = routes[String(url)];
    return typeof r === 'string' ? new Response(r) : new Response('no', { status: r ?? 404 });
  });
  vi.stubGlobal('fetch', f);
  return f;
};

describe('the scenario catalog', () => {
  it('lists the well-formed entries of index.json and leaves the others out', async () => {
    serve({
      '/scenarios/index.json': JSON.stringify([
        { id: 'shim-memcg-oom', title: 'A', difficulty: 'intro', summary: 's' },
        { id: '../etc', title: 'climbs out', difficulty: 'intro', summary: 's' },
        { id: 'x', title: 'B', difficulty: 'expert', summary: 's' },
        'nonsense',
      ]),
    });
    expect(await fetchScenarioIndex()).toEqual([
      { id: 'shim-memcg-oom', title: 'A', difficulty: 'intro', summary: 's' },
    ]);
  });

  it('says what is wrong with a missing list, or a list that is not one', async () => {
    serve({ '/scenarios/index.json': 404 });
    await expect(fetchScenarioIndex()).rejects.toThrow(
      'The scenario list is not available (index.json: HTTP 404).',
    );
    serve({ '/scenarios/index.json': '{}' });
    await expect(fetchScenarioIndex()).rejects.toThrow('is not a list');
  });

  it('validates a manifest and refuses one with problems, naming them', async () => {
    const f = serve({
      [`/scenarios/${M.id}/manifest.json`]: JSON.stringify(M),
      '/scenarios/broken/manifest.json': JSON.stringify({
        ...M,
        id: 'broken',
        keyEvidences: [],
        difficulty: 'hard',
      }),
      '/scenarios/other/manifest.json': JSON.stringify(M),
    });
    expect(await fetchScenarioManifest(M.id)).toEqual(M);
    await expect(fetchScenarioManifest('broken')).rejects.toThrow(
      /Scenario broken has a manifest this app cannot play: .*keyEvidences: unknown key/,
    );
    await expect(fetchScenarioManifest('other')).rejects.toThrow(`its manifest says it is ${M.id}`);
    // An id that is not a folder name is never fetched.
    await expect(fetchScenarioManifest('../secrets')).rejects.toThrow('is not a scenario id');
    expect(f.mock.calls.map((c) => String(c[0]))).not.toContain('/scenarios/../secrets/manifest.json');
  });

  it('reads a kept scenario from storage, and says so when it is gone', async () => {
    const session = {
      getScenario: vi.fn(async (id: string) =>
        id === 'scn-1' ? ({ files: { 'dmesg.txt': 'line 1\n' } } as never) : null,
      ),
    };
    const read = scenarioFileReader(session, { manifest: M, localScenarioId: 'scn-1' });
    expect(await (await read('dmesg.txt')).text()).toBe('line 1\n');
    await expect(read('journalctl-k.txt')).rejects.toThrow('has no file journalctl-k.txt');
    // Read once per reader.
    expect(session.getScenario).toHaveBeenCalledTimes(1);
    const gone = scenarioFileReader(session, { manifest: M, localScenarioId: 'scn-2' });
    await expect(gone('dmesg.txt')).rejects.toThrow('is no longer kept in this browser');
  });
});

describe('eventAtLine', () => {
  it('finds the event holding a line: the line itself, or the record it is inside', async () => {
    const client = createInProcessClient(
      new Workbench({ defaultClock: () => ({ year: 2025, utcOffsetMinutes: 0 }) }),
    );
    for (const file of ['dmesg.txt', 'crictl-inspect.json'])
      await client.addSource({
        name: file,
        kind: 'file',
        blob: new Blob([readFileSync(`public/sample/${file}`, 'utf8')]),
      });
    const sources = await client.listSources();
    expect(await eventAtLine(client, sources, { file: 'dmesg.txt', line: 287 })).toBe('dmesg.txt:287');
    // Line 394 of crictl inspect is inside the JSON object that starts higher up.
    const id = await eventAtLine(client, sources, {
      file: 'crictl-inspect.json',
      line: 394,
      recordStart: 313,
    });
    const [row] = await client.eventRows([id ?? '']);
    expect(row.line).toBeLessThanOrEqual(394);
    expect(row.lineEnd).toBeGreaterThanOrEqual(394);
    // The same without the record's start: found by looking back.
    expect(await eventAtLine(client, sources, { file: 'crictl-inspect.json', line: 394 })).toBe(id);
    expect(await eventAtLine(client, sources, { file: 'nowhere.txt', line: 1 })).toBeUndefined();
    expect(await eventAtLine(client, sources, { file: 'dmesg.txt', line: 999_999 })).toBeUndefined();
  });
});
