import { act, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { WorkbenchClient } from '../../core/engine/client-api.ts';
import {
  DENSITY_CLASSES,
  type Histogram,
  type Row,
  type SourceSummary,
} from '../../core/engine/engine-api.ts';
import { createTestWrapper } from '../../state/testing/test-providers.tsx';
import { unusedCalls } from '../../state/testing/unused-calls.ts';
import { TimelinePanel } from './timeline-panel.tsx';

const TOTAL = 1_000_000;
const UNTIMED = 1_000;
const T0 = Date.UTC(2025, 10, 26, 10) * 1000;

/** A client whose only source has a million events; rows are made on request, as the worker does. */
function millionClient() {
  const source: SourceSummary = {
    sourceId: 'big.log',
    name: 'big.log',
    kind: 'file',
    bytes: 150e6,
    contentHash: 'abc',
    encoding: 'utf-8',
    warnings: [],
    lines: TOTAL,
    events: TOTAL,
    unparsedCount: 0,
    skippedCount: 0,
    unparsed: [],
    segments: [{ format: 'journalctl-short', confidence: 1, lineStart: 1, lineEnd: TOTAL, candidates: [] }],
    parseMillis: 9000,
  };
  const row = (index: number): Row => ({
    index,
    eventId: `big.log:${index + 1}`,
    sourceId: 'big.log',
    sourceName: 'big.log',
    format: 'journalctl-short',
    line: index + 1,
    lineEnd: index + 1,
    time: index < TOTAL - UNTIMED ? T0 + index * 1000 : null,
    timeQuality: index < TOTAL - UNTIMED ? 'inferred' : 'none',
    message: `message number ${index}`,
  });
  const client: WorkbenchClient = {
    ...unusedCalls(),
    addSource: async () => source,
    removeSource: async () => {},
    setFormat: async () => source,
    listSources: async () => [source],
    view: async () => ({
      viewId: 'v1',
      timed: TOTAL - UNTIMED,
      untimed: UNTIMED,
      total: TOTAL,
      first: T0,
      last: T0,
    }),
    rows: vi.fn(async (_viewId: string, start: number, count: number) =>
      Array.from({ length: Math.min(count, TOTAL - start) }, (_, i) => row(start + i)),
    ),
    detail: async () => {
      throw new Error('not used');
    },
    dispose: () => {},
  };
  return client;
}

/** Every view() call answers a new view (v1, v2...), as the engine does after dropping the last one. */
function newViewPerCall(client: WorkbenchClient, last: number): void {
  let views = 0;
  client.view = vi.fn(async () => ({
    viewId: `v${++views}`,
    timed: TOTAL - UNTIMED,
    untimed: UNTIMED,
    total: TOTAL,
    first: T0,
    last,
  }));
}

describe('TimelinePanel with a million rows', () => {
  it('renders only the visible window and fetches only the pages under it', async () => {
    const client = millionClient();
    render(<TimelinePanel />, { wrapper: createTestWrapper(client) });
    const grid = await screen.findByRole('grid', { name: 'Merged timeline' });
    await within(grid).findByText('message number 0');
    expect(grid).toHaveAttribute('aria-rowcount', String(TOTAL + 1));
    // 480 px of viewport at 24 px a row, plus overscan: a few dozen rows, never a million.
    expect(within(grid).getAllByRole('row').length).toBeLessThan(60);
    expect(vi.mocked(client.rows).mock.calls).toEqual([['v1', 0, 100]]);
    expect(screen.getByText('1,000,000 events')).toBeInTheDocument();

    // The far end: the last row sits below the untimed group header, fetched as one page.
    act(() => grid.focus());
    await act(async () => {
      grid.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    });
    await within(grid).findByText(`message number ${TOTAL - 1}`);
    expect(grid).toHaveAttribute('aria-activedescendant', `tl-row-${TOTAL - 1}`);
    await waitFor(() => expect(vi.mocked(client.rows).mock.calls.at(-1)).toEqual(['v1', 999_900, 100]));
    expect(within(grid).getAllByRole('row').length).toBeLessThan(60);
    expect(vi.mocked(client.rows).mock.calls.length).toBeLessThanOrEqual(3);
  });

  it('does not re-render the rows when the histogram and lanes arrive', async () => {
    const client = millionClient();
    // Every render of a row reads its message: count the reads.
    let reads = 0;
    const rows = client.rows;
    client.rows = async (viewId, start, count) =>
      (await rows(viewId, start, count)).map((r) => {
        const { message, ...rest } = r;
        return Object.defineProperty(rest, 'message', {
          enumerable: true,
          get: () => {
            reads++;
            return message;
          },
        }) as Row;
      });
    // The density arrives when the test says so, after the table has settled.
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    client.histogram = vi.fn(async (q): Promise<Histogram> => {
      await held;
      const counts = DENSITY_CLASSES.map((_, c) =>
        Array.from({ length: q.bins }, (_, i) => (c === 2 ? 1000 + i : 0)),
      );
      return { from: q.from, to: q.to, binUs: (q.to - q.from) / q.bins, counts, max: 1000 + q.bins - 1 };
    });
    client.lanes = vi.fn(async (q) => {
      await held;
      return [
        {
          key: 'big.log',
          label: 'big.log',
          counts: new Array(q.bins).fill(5),
          worst: new Array(q.bins).fill(2),
          total: 5 * q.bins,
        },
      ];
    });
    render(<TimelinePanel />, { wrapper: createTestWrapper(client) });
    const grid = await screen.findByRole('grid', { name: 'Merged timeline' });
    await within(grid).findByText('message number 0');
    await waitFor(() => expect(client.histogram).toHaveBeenCalled());
    // The table settles first: its pages arrive, and the virtualizer hears the scroll event of
    // its first scrollTo (a 0 ms task, src/test-setup.ts) and re-renders once more when its
    // isScrolling flag resets 150 ms later (react-virtual's isScrollingResetDelay). Two 200 ms
    // tasks queued after those timers run after them: no settling render is pending past them.
    for (let i = 0; i < 2; i++) await act(() => new Promise<void>((r) => setTimeout(r, 200)));
    const before = reads;
    expect(before).toBeGreaterThan(0);
    await act(async () => release());
    await screen.findByRole('img', { name: /^Overview: event density .*, [0-9,]+ events/ });
    await screen.findByRole('img', { name: /^big\.log: [0-9,]+ events/ });
    expect(reads).toBe(before);
  });

  it('asks for the view again when the engine has dropped it, instead of leaving rows blank', async () => {
    const client = millionClient();
    newViewPerCall(client, T0);
    const rows = client.rows;
    client.rows = vi.fn(async (viewId: string, start: number, count: number) => {
      if (viewId === 'v1') throw new Error('View v1 is gone (sources changed or newer views replaced it)');
      return rows(viewId, start, count);
    });
    render(<TimelinePanel />, { wrapper: createTestWrapper(client) });
    const grid = await screen.findByRole('grid', { name: 'Merged timeline' });
    await within(grid).findByText('message number 0');
    expect(client.view).toHaveBeenCalledTimes(2);
    expect(vi.mocked(client.rows).mock.calls.map((c) => c[0])).toEqual(['v1', 'v2']);
  });

  it('asks for the view again when the histogram finds it gone', async () => {
    const client = millionClient();
    newViewPerCall(client, T0 + 60_000_000);
    client.histogram = vi.fn(async (q): Promise<Histogram> => {
      if (q.viewId === 'v1') throw new Error('View v1 is gone (sources changed or newer views replaced it)');
      const counts = DENSITY_CLASSES.map(() => new Array<number>(q.bins).fill(1));
      return { from: q.from, to: q.to, binUs: (q.to - q.from) / q.bins, counts, max: 4 };
    });
    client.lanes = vi.fn(async () => []);
    render(<TimelinePanel />, { wrapper: createTestWrapper(client) });
    // Two round trips (the failed histogram, the view again, its histogram) over a million-row
    // table: about 0.6 s alone, past findBy's 1 s default on a busy two-core machine.
    await screen.findByRole(
      'img',
      { name: /^Overview: event density .*, [0-9,]+ events/ },
      { timeout: 5000 },
    );
    expect(vi.mocked(client.histogram).mock.calls.map((c) => c[0].viewId)).toEqual(['v1', 'v2']);
    expect(screen.queryByText(/Density unavailable/)).not.toBeInTheDocument();
  });
});
