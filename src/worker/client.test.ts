// The worker client and the worker's host, connected by a fake Worker that clones messages
// the way postMessage does (so only plain data and Blobs may cross).
import { describe, expect, it } from 'vitest';
import type { AddSourceInput } from '../core/engine/client-api.ts';
import type { Progress } from '../core/engine/engine-api.ts';
import { Workbench } from '../core/engine/workbench.ts';
import { InputError } from '../core/ingest/decode.ts';
import { createInProcessClient, createWorkerClient, type WorkerLike } from './client.ts';
import { createEngineHost } from './engine-host.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

function fakeWorker(wb = new Workbench({ progressMillis: 0 })): WorkerLike & { terminated: boolean } {
  const listeners: ((ev: MessageEvent<FromWorker>) => void)[] = [];
  const host = createEngineHost((m) => {
    const data = structuredClone(m);
    setTimeout(() => {
      for (const fn of listeners) fn({ data } as MessageEvent<FromWorker>);
    }, 0);
  }, wb);
  const w = {
    terminated: false,
    postMessage(m: ToWorker) {
      const data = structuredClone(m);
      setTimeout(() => void host(data), 0);
    },
    addEventListener(type: string, fn: (ev: MessageEvent<FromWorker>) => void) {
      if (type === 'message') listeners.push(fn);
    },
    terminate() {
      w.terminated = true;
    },
  };
  return w as WorkerLike & { terminated: boolean };
}

const TEXT = [
  '2025-11-26T10:00:02+0000 node-1 kubelet[812]: second',
  '2025-11-26T10:00:01+0000 node-1 kubelet[812]: first',
  '',
].join('\n');
const CLOCK = { year: 2025, utcOffsetMinutes: 0 };

function file(name: string, text: string): AddSourceInput {
  return { name, kind: 'file', blob: new Blob([text]), clock: CLOCK };
}

describe.each([
  ['worker client', () => createWorkerClient(fakeWorker())],
  ['in-process client', () => createInProcessClient(new Workbench({ progressMillis: 0 }))],
])('%s', (_name, make) => {
  it('adds, views, pages and details', async () => {
    const client = make();
    const progress: Progress[] = [];
    const s = await client.addSource(file('k.log', TEXT), (p) => progress.push(p));
    expect(s).toMatchObject({ sourceId: 'k.log', events: 2, lines: 2, encoding: 'utf-8' });
    expect(progress.at(-1)).toEqual({ bytesRead: TEXT.length, totalBytes: TEXT.length, lines: 2, events: 2 });
    expect((await client.listSources()).map((x) => x.sourceId)).toEqual(['k.log']);
    const v = await client.view({ sources: [], severities: [], search: '' });
    expect(v.total).toBe(2);
    const rows = await client.rows(v.viewId, 0, 10);
    expect(rows.map((r) => r.message)).toEqual(['first', 'second']);
    const d = await client.detail(rows[0].eventId);
    expect(d.raw).toEqual([{ line: 2, text: '2025-11-26T10:00:01+0000 node-1 kubelet[812]: first' }]);
    const over = await client.setFormat('k.log', 1, 'text');
    expect(over.segments[0].format).toBe('text');
    await client.removeSource('k.log');
    expect(await client.listSources()).toEqual([]);
    client.dispose();
  });

  it('rejects unreadable input with an InputError', async () => {
    const client = make();
    const err = await client
      .addSource({
        name: 'x.png',
        kind: 'file',
        blob: new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0])]),
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/binary file \(PNG image\)/);
    client.dispose();
  });

  it('cancels an add through its AbortSignal', async () => {
    const client = make();
    const ctl = new AbortController();
    const big = TEXT.repeat(40_000);
    let reports = 0;
    const err = await client
      .addSource(
        file('big.log', big),
        () => {
          if (++reports === 2) ctl.abort();
        },
        ctl.signal,
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe('Cancelled');
    expect(await client.listSources()).toEqual([]);
    client.dispose();
  });
});

describe('worker client', () => {
  it('rejects what is pending when disposed, and terminates the worker', async () => {
    const w = fakeWorker();
    const client = createWorkerClient(w);
    const p = client.addSource(file('k.log', TEXT.repeat(5_000)));
    client.dispose();
    await expect(p).rejects.toThrow(/disposed/);
    expect(w.terminated).toBe(true);
  });

  it('keeps error names and messages across the boundary', async () => {
    const client = createWorkerClient(fakeWorker());
    await expect(client.rows('v404', 0, 1)).rejects.toThrow(/View v404 is gone/);
    await expect(client.detail('nope:1')).rejects.toThrow(/No event nope:1/);
    client.dispose();
  });
});
