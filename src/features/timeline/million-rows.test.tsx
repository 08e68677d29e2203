import { act, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { WorkbenchClient } from '../../core/engine/client-api.ts';
import type { Row, SourceSummary } from '../../core/engine/engine-api.ts';
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

  it('asks for the view again when the engine has dropped it, instead of leaving rows blank', async () => {
    const client = millionClient();
    let views = 0;
    client.view = vi.fn(async () => ({
      viewId: `v${++views}`,
      timed: TOTAL - UNTIMED,
      untimed: UNTIMED,
      total: TOTAL,
      first: T0,
      last: T0,
    }));
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
});
