import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { WorkbenchClient } from '../../core/engine/client-api.ts';
import type { SourceClock, ViewQuery } from '../../core/engine/engine-api.ts';
import { createDataset } from '../../core/generate/dataset.ts';
import { AppProviders, createQueryClient } from '../../state/providers.tsx';
import { invalidateSourceDerived } from '../../state/queries.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import { createTestWrapper, savedIncidentState } from '../../state/testing/test-providers.tsx';
import { CONTAINERD, DMESG_R, DMESG_T, JOURNAL } from './test-inputs.ts';
import { navClient } from './test-nav-client.ts';
import { TimelinePanel } from './timeline-panel.tsx';
import { matchLeadStart } from './timeline-table.tsx';
import { describeTime } from './use-time-notes.ts';

const T = (iso: string) => Date.parse(iso) * 1000;
/** The sources' timed rows run from 09:59:58 to 10:00:03: the overview covers those 5 s. */
const FIRST = T('2025-11-26T09:59:58Z');
const SPAN = 5_000_000;
/** jsdom gives every element a 1024 px box (src/test-setup.ts): the plot's width. */
const WIDTH = 1024;
const timeAtX = (x: number) => Math.round(FIRST + (x / WIDTH) * SPAN);

async function addSources(client: WorkbenchClient) {
  await client.addSource({ name: 'journal.txt', kind: 'file', blob: new Blob([JOURNAL]) });
  await client.addSource({ name: 'dmesg-T.txt', kind: 'file', blob: new Blob([DMESG_T]) });
  await client.addSource({ name: 'dmesg-r.txt', kind: 'file', blob: new Blob([DMESG_R]) });
}

async function setup(client: WorkbenchClient = navClient()) {
  await addSources(client);
  const user = userEvent.setup();
  const wrapper = createTestWrapper(client);
  render(<TimelinePanel />, { wrapper });
  const grid = await screen.findByRole('grid', { name: 'Merged timeline' });
  await waitFor(() => expect(within(grid).getAllByRole('row').length).toBeGreaterThan(5));
  return { client, user, grid, wrapper };
}

/** The messages of the data rows shown, first 20 characters. */
function messages(grid: HTMLElement): string[] {
  return within(grid)
    .getAllByRole('row')
    .filter((r) => r.classList.contains('grid-row') && !r.classList.contains('is-loading'))
    .map((r) => (within(r).getAllByRole('cell')[5].textContent ?? '').slice(0, 20));
}

/** A file of the project generator's node (deterministic: seed 7, 2 hours). */
function generated(name: string): string {
  const ds = createDataset({ seed: 7, mb: 0.15, hours: 2 });
  return [...(ds.files.find((f) => f.name === name)?.chunks() ?? [])].join('');
}

const lastQuery = (client: WorkbenchClient): ViewQuery | undefined =>
  vi.mocked(client.view).mock.calls.at(-1)?.[0];

describe('density histogram and zoom', () => {
  it('brushes a window: the store gets it, the view is asked with its timeRange and the table follows', async () => {
    const { client, grid, user } = await setup();
    const plot = await screen.findByTestId('histogram-overview');
    await waitFor(() => expect(client.histogram).toHaveBeenCalled());
    expect(vi.mocked(client.histogram).mock.calls[0][0]).toMatchObject({ from: FIRST, to: FIRST + SPAN });

    fireEvent.pointerDown(plot, { clientX: 500, button: 0, pointerId: 1 });
    fireEvent.pointerMove(plot, { clientX: 650, pointerId: 1 });
    fireEvent.pointerMove(plot, { clientX: 800, pointerId: 1 });
    fireEvent.pointerUp(plot, { clientX: 800, pointerId: 1 });

    const w: [number, number] = [timeAtX(500), timeAtX(800)];
    expect(useWorkbenchStore.getState().timeWindow).toEqual(w);
    await waitFor(() => expect(lastQuery(client)?.timeRange).toEqual(w));
    // 10:00:00.44 .. 10:00:01.91: the two OOM lines of 10:00:01, and no untimed rows.
    await waitFor(() => expect(messages(grid)).toEqual(['java invoked oom-kil', 'Memory cgroup out of']));
    // The window shows on the overview, and a second histogram details it.
    expect(screen.getByRole('slider', { name: 'Zoomed window' })).toBeInTheDocument();
    expect(await screen.findByTestId('histogram-window')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Reset zoom' }));
    expect(useWorkbenchStore.getState().timeWindow).toBeNull();
    await waitFor(() => expect(messages(grid)).toHaveLength(8));
    expect(screen.queryByRole('slider', { name: 'Zoomed window' })).not.toBeInTheDocument();
  });

  it('starts the zoomed table at the window’s first row, wherever it was scrolled', async () => {
    const client = navClient();
    const journal = generated('journalctl-short-iso.log');
    await client.addSource({ name: 'journal.log', kind: 'file', blob: new Blob([journal]) });
    render(<TimelinePanel />, { wrapper: createTestWrapper(client) });
    const grid = await screen.findByRole('grid', { name: 'Merged timeline' });
    const plot = await screen.findByTestId('histogram-overview');
    await waitFor(() => expect(messages(grid).length).toBeGreaterThan(5));
    const scroller = grid.parentElement as HTMLElement;
    fireEvent.keyDown(grid, { key: 'End' });
    expect(scroller.scrollTop).toBeGreaterThan(1000);

    fireEvent.pointerDown(plot, { clientX: 300, button: 0, pointerId: 1 });
    fireEvent.pointerMove(plot, { clientX: 400, pointerId: 1 });
    fireEvent.pointerUp(plot, { clientX: 400, pointerId: 1 });
    const w = useWorkbenchStore.getState().timeWindow;
    expect(w).not.toBeNull();
    await waitFor(() => expect(lastQuery(client)?.timeRange).toEqual(w));
    await waitFor(() => expect(scroller.scrollTop).toBe(0));
    expect(grid).toHaveAttribute('aria-activedescendant', 'tl-row-0');
    // The first row shown is the window's first event.
    const info = await client.view(lastQuery(client) as ViewQuery);
    const [first] = await client.rows(info.viewId, 0, 1);
    await waitFor(() =>
      expect(grid.querySelector('#tl-row-0')).toHaveAttribute('data-event-id', first.eventId),
    );
    expect(first.time).toBeGreaterThanOrEqual(w?.[0] ?? 0);
  });

  it('drags the window to pan it, and Escape and 0 reset the zoom', async () => {
    const { user } = await setup();
    act(() => useWorkbenchStore.getState().setTimeWindow([timeAtX(100), timeAtX(300)]));
    const win = await screen.findByRole('slider', { name: 'Zoomed window' });
    fireEvent.pointerDown(win, { clientX: 200, button: 0, pointerId: 1 });
    fireEvent.pointerMove(win, { clientX: 300, pointerId: 1 });
    fireEvent.pointerUp(win, { clientX: 300, pointerId: 1 });
    const [a, b] = useWorkbenchStore.getState().timeWindow ?? [0, 0];
    // Moved by 100 px of 5 s, same width.
    expect(a - timeAtX(100)).toBeCloseTo((100 / WIDTH) * SPAN, -1);
    expect(b - a).toBe(timeAtX(300) - timeAtX(100));

    // Its right edge resizes it: dragged 100 px right, the window ends 100 px later.
    const right = win.querySelector('[data-handle="right"]') as HTMLElement;
    fireEvent.pointerDown(right, { clientX: 400, button: 0, pointerId: 1 });
    fireEvent.pointerMove(right, { clientX: 500, pointerId: 1 });
    fireEvent.pointerUp(right, { clientX: 500, pointerId: 1 });
    expect(useWorkbenchStore.getState().timeWindow).toEqual([a, timeAtX(500)]);
    act(() => useWorkbenchStore.getState().setTimeWindow([a, b]));

    // The keyboard moves it too: a tenth of its width per arrow press.
    act(() => win.focus());
    await user.keyboard('{ArrowLeft}');
    expect(useWorkbenchStore.getState().timeWindow?.[0]).toBe(Math.round(a - (b - a) * 0.1));

    await user.keyboard('{Escape}');
    expect(useWorkbenchStore.getState().timeWindow).toBeNull();
    act(() => useWorkbenchStore.getState().setTimeWindow([a, b]));
    act(() => (document.activeElement as HTMLElement | null)?.blur());
    await user.keyboard('0');
    expect(useWorkbenchStore.getState().timeWindow).toBeNull();
  });

  it('zooms from typed From / To times (the keyboard way to brush)', async () => {
    const { user, grid } = await setup();
    const from = await screen.findByRole('textbox', { name: 'From' });
    const to = screen.getByRole('textbox', { name: 'To' });
    expect(from).toHaveValue('2025-11-26 09:59:58');
    await user.clear(from);
    await user.type(from, '10:00:01');
    await user.clear(to);
    await user.type(to, '10:00:02{Enter}');
    expect(useWorkbenchStore.getState().timeWindow).toEqual([
      T('2025-11-26T10:00:01Z'),
      T('2025-11-26T10:00:02Z'),
    ]);
    await waitFor(() => expect(messages(grid)).toHaveLength(3));

    await user.clear(to);
    await user.type(to, '09:00{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('To must be after From.');
  });

  it('keeps typed From / To while a search changes the range under them', async () => {
    const { user } = await setup();
    const from = await screen.findByRole('textbox', { name: 'From' });
    const to = screen.getByRole('textbox', { name: 'To' });
    await user.clear(from);
    await user.type(from, '10:00:00');
    await user.clear(to);
    await user.type(to, '10:00:02.5');
    // The search narrows the whole range to 10:00:01 .. 10:00:03 (the oom lines) meanwhile.
    act(() => useWorkbenchStore.getState().setSearchText('oom'));
    await screen.findByRole('img', { name: /^Overview: event density from 2025-11-26 10:00:01\.000 / });
    expect(from).toHaveValue('10:00:00');
    expect(to).toHaveValue('10:00:02.5');
    await user.click(screen.getByRole('button', { name: 'Zoom' }));
    expect(useWorkbenchStore.getState().timeWindow).toEqual([
      T('2025-11-26T10:00:00Z'),
      T('2025-11-26T10:00:02.5Z'),
    ]);
    // Applied, the fields show the window; a window set elsewhere (a brush) replaces what they show.
    expect(from).toHaveValue('2025-11-26 10:00:00');
    await user.clear(from);
    await user.type(from, '10:00:01');
    act(() => useWorkbenchStore.getState().setTimeWindow([FIRST, FIRST + 1_000_000]));
    expect(from).toHaveValue('2025-11-26 09:59:58');
    expect(to).toHaveValue('2025-11-26 09:59:59');
  });

  it('reads a window over the whole range as no zoom', async () => {
    const { user } = await setup();
    act(() => useWorkbenchStore.getState().setSearchText('oom'));
    await screen.findByRole('img', { name: /^Overview: event density from 2025-11-26 10:00:01\.000 / });
    const from = screen.getByRole('textbox', { name: 'From' });
    expect(from).toHaveValue('2025-11-26 10:00:01');
    await user.click(screen.getByRole('button', { name: 'Zoom' }));
    expect(useWorkbenchStore.getState().timeWindow).toBeNull();
    // Wider than the range is the whole range too.
    await user.clear(from);
    await user.type(from, '09:00{Enter}');
    expect(useWorkbenchStore.getState().timeWindow).toBeNull();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('jumps to the time of a click on the histogram', async () => {
    const { client, grid } = await setup();
    const plot = await screen.findByTestId('histogram-overview');
    // 10:00:02.0 is at x = 4/5 of the plot.
    fireEvent.pointerDown(plot, { clientX: 819.2, button: 0, pointerId: 1 });
    fireEvent.pointerUp(plot, { clientX: 819.2, pointerId: 1 });
    await waitFor(() =>
      expect(client.indexAt).toHaveBeenCalledWith(expect.any(String), T('2025-11-26T10:00:02Z')),
    );
    expect(useWorkbenchStore.getState().timeWindow).toBeNull();
    await waitFor(() => expect(grid).toHaveAttribute('aria-activedescendant', 'tl-row-3'));
  });
});

describe('lanes', () => {
  it('draws a lane per source with its label, jumps on a click, and collapses', async () => {
    const { client, user, grid } = await setup();
    const lanes = await screen.findByRole('region', { name: 'Lanes' });
    const journal = await within(lanes).findByRole('img', { name: /^journal\.txt: 3 events/ });
    expect(within(lanes).getByRole('img', { name: /^dmesg-T\.txt: 2 events/ })).toBeInTheDocument();
    // Raw dmesg has no wall-clock time (nothing to align it with here): its lane says so.
    expect(within(lanes).getByRole('img', { name: 'dmesg-r.txt: no timed events here' })).toBeInTheDocument();
    expect(vi.mocked(client.lanes).mock.calls.at(-1)?.[0]).toMatchObject({ by: 'source', from: FIRST });

    fireEvent.pointerDown(journal, { clientX: 0, button: 0 });
    await waitFor(() => expect(client.indexAt).toHaveBeenCalledWith(expect.any(String), FIRST));
    await waitFor(() => expect(useWorkbenchStore.getState().selectedEventId).toBe('journal.txt:1'));
    expect(grid).toHaveAttribute('aria-activedescendant', 'tl-row-0');

    // A lane's label shows only that source.
    await user.click(within(lanes).getByRole('button', { name: 'Show only dmesg-T.txt' }));
    expect(useWorkbenchStore.getState().hiddenSources).toEqual(['journal.txt', 'dmesg-r.txt']);
    await waitFor(() => expect(lastQuery(client)?.sources).toEqual(['dmesg-T.txt']));
    act(() => useWorkbenchStore.getState().clearFilters());

    await user.click(within(lanes).getByRole('button', { name: 'entity' }));
    expect(useWorkbenchStore.getState().laneMode).toBe('entity');
    await waitFor(() => expect(vi.mocked(client.lanes).mock.calls.at(-1)?.[0].by).toBe('entity'));

    // The toggle sits in the overview's label column and folds them away.
    const toggle = screen.getByRole('button', { name: 'Lanes' });
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('region', { name: 'Lanes' })).not.toBeInTheDocument();
    expect(screen.queryByRole('img', { name: /^journal\.txt/ })).not.toBeInTheDocument();
  });

  it('start folded with more than three sources, say how many there are, and keep the user’s choice', async () => {
    const client = navClient();
    await addSources(client);
    await client.addSource({ name: 'journal-2.txt', kind: 'file', blob: new Blob([JOURNAL]) });
    const user = userEvent.setup();
    const queryClient = createQueryClient();
    render(
      <AppProviders client={client} queryClient={queryClient}>
        <TimelinePanel />
      </AppProviders>,
    );
    await screen.findByTestId('histogram-overview');
    const toggle = await screen.findByRole('button', { name: 'Lanes (4)' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('region', { name: 'Lanes' })).not.toBeInTheDocument();
    // Folded lanes are not computed at all.
    expect(client.lanes).not.toHaveBeenCalled();

    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(toggle).toHaveAccessibleName('Lanes');
    const lanes = await screen.findByRole('region', { name: 'Lanes' });
    expect(toggle).toHaveAttribute('aria-controls', lanes.id);
    expect(await within(lanes).findByRole('img', { name: /^journal-2\.txt: 3 events/ })).toBeInTheDocument();

    // Opened by the user, they stay open when one more source arrives.
    await client.addSource({ name: 'dmesg-T-2.txt', kind: 'file', blob: new Blob([DMESG_T]) });
    await act(() => invalidateSourceDerived(queryClient));
    expect(await within(lanes).findByRole('img', { name: /^dmesg-T-2\.txt: 2 events/ })).toBeInTheDocument();
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
  });
});

describe('jump to time', () => {
  it('scrolls to indexAt of the typed time, in the display zone, and selects that row', async () => {
    const { client, user, grid } = await setup();
    await user.type(screen.getByRole('textbox', { name: 'Jump to' }), '10:00:02{Enter}');
    await waitFor(() => expect(useWorkbenchStore.getState().selectedEventId).toBe('journal.txt:3'));
    expect(client.indexAt).toHaveBeenLastCalledWith(expect.any(String), T('2025-11-26T10:00:02Z'));
    expect(grid).toHaveAttribute('aria-activedescendant', 'tl-row-3');
    expect(await screen.findByRole('complementary', { name: 'Event detail' })).toBeInTheDocument();

    // Shown in +01:00, the same instant is typed as 11:00:03.
    act(() => useWorkbenchStore.getState().setDisplayZone(60));
    const input = screen.getByRole('textbox', { name: 'Jump to' });
    await user.clear(input);
    await user.type(input, '2025-11-26 11:00:03{Enter}');
    await waitFor(() => expect(useWorkbenchStore.getState().selectedEventId).toBe('dmesg-T.txt:2'));
  });

  it('moves the zoomed window to a time outside it before jumping', async () => {
    const { user } = await setup();
    act(() => useWorkbenchStore.getState().setTimeWindow([FIRST, FIRST + 1_000_000]));
    await user.type(screen.getByRole('textbox', { name: 'Jump to' }), '10:00:03{Enter}');
    await waitFor(() => expect(useWorkbenchStore.getState().selectedEventId).toBe('dmesg-T.txt:2'));
    const [a, b] = useWorkbenchStore.getState().timeWindow ?? [0, 0];
    expect(b - a).toBe(1_000_000);
    expect(a).toBeLessThanOrEqual(T('2025-11-26T10:00:03Z'));
    expect(b).toBeGreaterThanOrEqual(T('2025-11-26T10:00:03Z'));
  });

  it('jumps to the last row for a time after the whole range, moving the window to its end', async () => {
    const { user } = await setup();
    act(() => useWorkbenchStore.getState().setTimeWindow([FIRST, FIRST + 1_000_000]));
    await user.type(screen.getByRole('textbox', { name: 'Jump to' }), '2025-11-27 10:00{Enter}');
    await waitFor(() => expect(useWorkbenchStore.getState().selectedEventId).toBe('dmesg-T.txt:2'));
    expect(useWorkbenchStore.getState().timeWindow).toEqual([FIRST + SPAN - 1_000_000, FIRST + SPAN]);
  });

  it('says what it could not read', async () => {
    const { user, client } = await setup();
    await user.type(screen.getByRole('textbox', { name: 'Jump to' }), 'yesterday{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('“yesterday” is not a time');
    expect(screen.getByRole('textbox', { name: 'Jump to' })).toHaveAttribute('aria-invalid', 'true');
    expect(client.indexAt).not.toHaveBeenCalled();
  });
});

describe('keyboard', () => {
  it('p pins the row under the cursor; the row is marked and the pin is saved with the incident', async () => {
    const { user, grid, wrapper } = await setup();
    act(() => grid.focus());
    await user.keyboard('jp');
    expect(useWorkbenchStore.getState().pins.map((p) => p.eventId)).toEqual(['journal.txt:2']);
    const row = await waitFor(() => {
      const r = grid.querySelector('#tl-row-1');
      expect(r).toHaveClass('is-pinned');
      return r as HTMLElement;
    });
    expect(within(row).getByRole('img', { name: 'Pinned key event' })).toBeInTheDocument();
    // The autosave writes it by itself (no flush): the incident's saved state has the pin.
    await waitFor(async () =>
      expect((await savedIncidentState(wrapper))?.pins.map((p) => p.eventId)).toEqual(['journal.txt:2']),
    );
    await user.keyboard('p');
    expect(useWorkbenchStore.getState().pins).toEqual([]);
    await waitFor(() => expect(within(grid).queryByRole('img', { name: 'Pinned key event' })).toBeNull());
  });

  it('Find keeps every row, highlights the text, and n / N go from match to match', async () => {
    const { user, grid, client } = await setup();
    await user.click(screen.getByRole('button', { name: 'Find' }));
    expect(useWorkbenchStore.getState().searchMode).toBe('find');
    await user.type(screen.getByRole('searchbox', { name: 'Search the raw text of events' }), 'oom_reaper');
    // Every row stays, and the count says how many match.
    expect(await screen.findByText(/2 matches/)).toBeInTheDocument();
    expect(screen.getByText('8 events', { exact: false })).toBeInTheDocument();
    await waitFor(() => expect(grid.querySelectorAll('mark')).toHaveLength(2));
    expect(messages(grid)).toHaveLength(8);

    act(() => grid.focus());
    await user.keyboard('n');
    await waitFor(() => expect(grid).toHaveAttribute('aria-activedescendant', 'tl-row-4'));
    expect(client.find).toHaveBeenLastCalledWith(expect.any(String), 'oom_reaper', 0, 1);
    await user.keyboard('n');
    await waitFor(() => expect(grid).toHaveAttribute('aria-activedescendant', 'tl-row-7'));
    // Past the last match: back to the first, and the status says it wrapped.
    await user.keyboard('n');
    await waitFor(() => expect(grid).toHaveAttribute('aria-activedescendant', 'tl-row-4'));
    expect(screen.getByText('Match: row 5, wrapped to the top', { selector: '.nav-toast' })).toBeVisible();
    await user.keyboard('N');
    await waitFor(() => expect(grid).toHaveAttribute('aria-activedescendant', 'tl-row-7'));
    await user.keyboard('N');
    await waitFor(() => expect(grid).toHaveAttribute('aria-activedescendant', 'tl-row-4'));

    // Enter in the search box finds too.
    await user.click(screen.getByRole('searchbox', { name: 'Search the raw text of events' }));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(grid).toHaveAttribute('aria-activedescendant', 'tl-row-7'));

    // Filter mode hides the rest again.
    await user.click(screen.getByRole('button', { name: 'Filter' }));
    await waitFor(() => expect(messages(grid)).toHaveLength(2));
  });

  it('? opens the keyboard help, Escape closes it and gives the focus back', async () => {
    const { user, grid } = await setup();
    act(() => grid.focus());
    await user.keyboard('?');
    const help = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(help).getByText('pin or unpin the row as a key event')).toBeInTheDocument();
    expect(help).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Keyboard shortcuts' })).not.toBeInTheDocument();
    expect(grid).toHaveFocus();
    await user.click(screen.getByRole('button', { name: /Keys/ }));
    expect(screen.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeInTheDocument();
  });
});

describe('Find in long messages', () => {
  it('keeps a few characters before the first match, from a word’s start (property)', () => {
    const needle = fc.string({ minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), needle, fc.string({ maxLength: 40 }), (head, n, tail) => {
        const text = `${head}${n}${tail}`;
        const split = matchLeadStart(text, n);
        const first = text.toLowerCase().indexOf(n.toLowerCase());
        expect(split).toBeGreaterThanOrEqual(0);
        // The match is never cut, and never more than 16 characters of lead-in before it.
        expect(split).toBeLessThanOrEqual(first);
        if (split > 0) expect(first - split).toBeLessThanOrEqual(16);
        // A match near the start needs no split.
        if (first <= 16) expect(split).toBe(0);
      }),
    );
    expect(matchLeadStart('time="2025-11-24T07:18:32Z" level=info msg="shim disconnected"', 'SHIM')).toBe(
      'time="2025-11-24T07:18:32Z" level=info '.length,
    );
    expect(matchLeadStart(`${'a'.repeat(40)}needle`, 'needle')).toBe(24);
    expect(matchLeadStart('shim disconnected', 'shim')).toBe(0);
    expect(matchLeadStart('x'.repeat(40), 'shim')).toBe(0);
    expect(matchLeadStart('x'.repeat(40), '')).toBe(0);
  });

  it('splits a row before a far match so the match stays in sight; other rows stay whole', async () => {
    const client = navClient();
    await client.addSource({ name: 'containerd.txt', kind: 'file', blob: new Blob([CONTAINERD]) });
    await client.addSource({ name: 'journal.txt', kind: 'file', blob: new Blob([JOURNAL]) });
    const user = userEvent.setup();
    render(<TimelinePanel />, { wrapper: createTestWrapper(client) });
    const grid = await screen.findByRole('grid', { name: 'Merged timeline' });
    await user.click(screen.getByRole('button', { name: 'Find' }));
    await user.type(
      screen.getByRole('searchbox', { name: 'Search the raw text of events' }),
      'shim disconnected',
    );
    await waitFor(() => expect(grid.querySelectorAll('mark')).toHaveLength(2));
    const cells = grid.querySelectorAll<HTMLElement>('td.col-msg');
    const split = [...cells].filter((c) => c.classList.contains('msg-split'));
    expect(split).toHaveLength(2);
    const [info, warning] = split;
    // The head gives way (CSS); the tail holds the match and a word of lead-in.
    expect(info.querySelector('.msg-head')).toHaveTextContent(
      'time="2025-11-24T07:18:32.463400292Z" level=info',
      {
        normalizeWhitespace: false,
      },
    );
    const tail = info.querySelector('.msg-tail') as HTMLElement;
    expect(tail.textContent).toMatch(/^msg="shim disconnected" id=daa80f9cfd18/);
    expect(within(tail).getByText('shim disconnected', { selector: 'mark' })).toBeInTheDocument();
    expect(warning.querySelector('.msg-tail')?.textContent).toMatch(/^up after shim disconnected"/);
    // Nothing is lost: head and tail are the whole message.
    expect(info).toHaveTextContent(
      'time="2025-11-24T07:18:32.463400292Z" level=info msg="shim disconnected" id=daa80f9cfd186e7fa5ed68dc28e57654c07b86c553fde3d34a111eec8809f867 namespace=k8s.io',
    );
    // Rows without a match, and every row in Filter mode (nothing highlighted), are not split.
    expect(cells).toHaveLength(5);
    await user.click(screen.getByRole('button', { name: 'Filter' }));
    await waitFor(() => expect(grid.querySelectorAll('td.col-msg')).toHaveLength(2));
    expect(grid.querySelector('.msg-split')).toBeNull();
  });
});

describe('detail pane', () => {
  it('shows the event’s neighbours in its own source, the event marked; a click opens one', async () => {
    const { client, user, grid } = await setup();
    await user.click(within(grid).getByText(/^java invoked oom-killer/));
    const pane = await screen.findByRole('complementary', { name: 'Event detail' });
    const context = await within(pane).findByRole('list', { name: 'Context' });
    const items = within(context).getAllByRole('button');
    expect(items.map((b) => b.textContent?.slice(0, 24))).toEqual([
      '109:59:58.000Started con',
      '210:00:01.000java invoke',
      '310:00:02.000I1126 10:00',
    ]);
    expect(items[1]).toHaveAttribute('aria-current', 'true');
    expect(client.context).toHaveBeenLastCalledWith('journal.txt:2', 3, 3);

    await user.selectOptions(within(pane).getByRole('combobox', { name: 'Events before and after' }), '10');
    expect(client.context).toHaveBeenLastCalledWith('journal.txt:2', 10, 10);

    await user.click(items[2]);
    expect(useWorkbenchStore.getState().selectedEventId).toBe('journal.txt:3');
    await waitFor(() =>
      expect(within(pane).getByRole('button', { current: true })).toHaveTextContent('I1126 10:00:02'),
    );
  });

  it('pins from the detail pane, and the table marks the row', async () => {
    const { user, grid } = await setup();
    await user.click(within(grid).getByText(/^java invoked oom-killer/));
    const pane = await screen.findByRole('complementary', { name: 'Event detail' });
    const pin = within(pane).getByRole('button', { name: 'Key event' });
    expect(pin).toHaveAttribute('aria-pressed', 'false');
    await user.click(pin);
    expect(pin).toHaveAttribute('aria-pressed', 'true');
    expect(useWorkbenchStore.getState().pins.map((p) => p.eventId)).toEqual(['journal.txt:2']);
    const row = grid.querySelector('#tl-row-1') as HTMLElement;
    expect(within(row).getByRole('img', { name: 'Pinned key event' })).toBeInTheDocument();
  });
});

describe('display zone', () => {
  it('shows times in the chosen zone, says the zone once in the header, and keeps UTC on hover', async () => {
    const { grid } = await setup();
    // The zone is chosen in the header (clocks feature): here, through the store.
    act(() => useWorkbenchStore.getState().setDisplayZone(60));
    expect(within(grid).getByRole('columnheader', { name: 'Time (+01:00)' })).toBeInTheDocument();
    const first = within(within(grid).getAllByRole('row')[1]).getAllByRole('cell')[0];
    expect(first).toHaveTextContent('2025-11-26 10:59:58.000');
    expect(first).toHaveAttribute('title', '2025-11-26T09:59:58.000000Z (UTC)');
    // The axis labels follow the zone.
    expect(screen.getAllByText(/^11:00:00/).length).toBeGreaterThan(0);
    expect(screen.queryAllByText(/^10:00:00/)).toHaveLength(0);
  });
});

describe('without wall-clock times', () => {
  it('says why there is nothing to plot instead of an empty histogram', async () => {
    const client = navClient();
    await client.addSource({ name: 'dmesg-r.txt', kind: 'file', blob: new Blob([DMESG_R]) });
    render(<TimelinePanel />, { wrapper: createTestWrapper(client) });
    await screen.findByRole('grid', { name: 'Merged timeline' });
    expect(await screen.findByText(/no time axis to plot/)).toBeInTheDocument();
    expect(screen.queryByTestId('histogram-overview')).not.toBeInTheDocument();
    expect(client.histogram).not.toHaveBeenCalled();
  });
});

describe('entity filter', () => {
  it('asks the view for the entity, shows a chip, and the chip clears it', async () => {
    const client = navClient();
    client.entities = vi.fn(async () => [
      {
        key: 'container:7fc23ca64dfc',
        kind: 'container' as const,
        id: '7fc23ca64dfc',
        label: 'app (7fc23ca64dfc)',
        aliases: [],
        events: 1,
        first: null,
        last: null,
        related: [],
        facts: {},
      },
    ]);
    useWorkbenchStore.getState().setEntityFilter('container:7fc23ca64dfc');
    await addSources(client);
    const user = userEvent.setup();
    render(<TimelinePanel />, { wrapper: createTestWrapper(client) });
    await waitFor(() => expect(lastQuery(client)?.entity).toBe('container:7fc23ca64dfc'));
    expect(await screen.findByText('Only app (7fc23ca64dfc)')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Show all events, not only app (7fc23ca64dfc)' }));
    expect(useWorkbenchStore.getState().entityFilter).toBeNull();
    await waitFor(() => expect(lastQuery(client)?.entity).toBeUndefined());
    expect(screen.queryByText(/^Only /)).not.toBeInTheDocument();
  });
});

describe('aligned and inferred times', () => {
  it('marks aligned rows and says in their title what they were aligned to; the detail gives the ±', async () => {
    // The project generator's node: raw dmesg (seconds since boot) and the journal's JSON export.
    const ds = createDataset({ seed: 7, mb: 0.15, hours: 2 });
    const text = (name: string) => [...(ds.files.find((f) => f.name === name)?.chunks() ?? [])].join('');
    const client = navClient();
    await client.addSource({
      name: 'journalctl-json.log',
      kind: 'file',
      blob: new Blob([text('journalctl-json.log')]),
    });
    await client.addSource({ name: 'dmesg-raw.log', kind: 'file', blob: new Blob([text('dmesg-raw.log')]) });
    const user = userEvent.setup();
    render(<TimelinePanel />, { wrapper: createTestWrapper(client) });
    const grid = await screen.findByRole('grid', { name: 'Merged timeline' });
    // The ± is the engine's fit (tens of µs here); the rest names the sources and the evidence.
    const note =
      /^aligned from dmesg-raw\.log to journalctl-json\.log \(journal monotonic and realtime stamps, ±\d+ µs\)$/;
    const badge = await waitFor(() => {
      const b = grid.querySelector<HTMLElement>('.tq-aligned');
      expect(b?.title).toMatch(note);
      return b as HTMLElement;
    });
    const row = badge.closest('tr') as HTMLElement;
    expect(within(row).getAllByRole('cell')[2]).toHaveTextContent('dmesg-raw.log');
    await user.click(row);
    const pane = await screen.findByRole('complementary', { name: 'Event detail' });
    expect(await within(pane).findByText(note)).toBeInTheDocument();
    // Half the event's own time range, beside its quality.
    expect(within(pane).getByText(/^±\d+ µs$/)).toHaveClass('time-uncertainty');
  });

  it('words the clock report for a title: anchors, evidence, uncertainty, boots, inferred year and zone', () => {
    const boot = {
      boot: '#1',
      events: 10,
      bootTimeUs: 1,
      anchors: 4,
      residualUs: 900,
      uncertaintyUs: 3000,
      evidence: 'matched-text' as const,
      anchorSources: ['j'],
      examples: [],
      decidedBy: 'evidence' as const,
    };
    const clock: SourceClock = {
      sourceId: 'd',
      name: 'dmesg.txt',
      year: null,
      zone: null,
      shiftUs: 0,
      boots: [boot],
      accepted: false,
      qualities: {},
    };
    const names = (id: string) => (id === 'j' ? 'journal.txt' : id);
    expect(describeTime(clock, 'aligned', names)).toBe(
      'aligned from dmesg.txt to journal.txt (the same kernel lines in both, ±3 ms)',
    );
    expect(describeTime({ ...clock, boots: [boot, { ...boot, boot: '#2' }] }, 'aligned', names)).toBe(
      'aligned from dmesg.txt to journal.txt (the same kernel lines in both, ±3 ms, 2 boots)',
    );
    const inferred: SourceClock = {
      ...clock,
      boots: [],
      year: { value: 2025, how: 'other-sources', reason: 'dmesg -T says 2025.' },
      zone: { utcOffsetMinutes: 60, how: 'learned', reason: 'same lines as syslog.log' },
    };
    expect(describeTime(inferred, 'inferred', names)).toBe(
      'inferred: year 2025 (dmesg -T says 2025), zone UTC+01:00 (same lines as syslog.log)',
    );
    // No report yet: the general meaning of the quality.
    expect(describeTime(undefined, 'aligned', names)).toMatch(/^aligned: Seconds since boot/);
  });
});
