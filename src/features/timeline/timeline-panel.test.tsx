import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Workbench } from '../../core/engine/workbench.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import { createTestWrapper } from '../../state/testing/test-providers.tsx';
import { createInProcessClient } from '../../worker/client.ts';
import { DMESG_R, DMESG_T, JOURNAL } from './test-inputs.ts';
import { TimelinePanel } from './timeline-panel.tsx';

/** The engine in this thread, with a fixed clock: year-less lines read as 2025, zone-less as UTC. */
const engine = () =>
  createInProcessClient(new Workbench({ defaultClock: () => ({ year: 2025, utcOffsetMinutes: 0 }) }));

async function setup() {
  const client = engine();
  await client.addSource({ name: 'journal.txt', kind: 'file', blob: new Blob([JOURNAL]) });
  await client.addSource({ name: 'dmesg-T.txt', kind: 'file', blob: new Blob([DMESG_T]) });
  await client.addSource({ name: 'dmesg-r.txt', kind: 'file', blob: new Blob([DMESG_R]) });
  const user = userEvent.setup();
  render(<TimelinePanel />, { wrapper: createTestWrapper(client) });
  const grid = await screen.findByRole('grid', { name: 'Merged timeline' });
  return { client, user, grid };
}

/** The data rows (and group header) in display order, as "source: message" or the header text. */
function visibleRows(grid: HTMLElement): string[] {
  return within(grid)
    .getAllByRole('row')
    .slice(1)
    .map((r) => {
      const cells = within(r).getAllByRole('cell');
      if (r.classList.contains('group-header')) return `# ${cells[0].textContent}`;
      return `${cells[2].textContent}: ${cells[5].textContent?.slice(0, 20)}`;
    });
}

describe('TimelinePanel', () => {
  it('merges the sources in time order and lists the rows without wall-clock time apart, after them', async () => {
    const { grid } = await setup();
    await waitFor(() => expect(within(grid).getAllByRole('row')).toHaveLength(1 + 5 + 1 + 3));
    expect(visibleRows(grid)).toEqual([
      'journal.txt: Started containerd.s',
      'journal.txt: java invoked oom-kil',
      // Same second as the journal line: ties keep source order.
      'dmesg-T.txt: Memory cgroup out of',
      'journal.txt: I1126 10:00:02.34567',
      'dmesg-T.txt: oom_reaper: reaped p',
      '# No wall-clock time yet (raw dmesg, tables, free text)3 events, listed by source and line',
      'dmesg-r.txt: uwsgi invoked oom-ki',
      'dmesg-r.txt: Memory cgroup out of',
      'dmesg-r.txt: oom_reaper: reaped p',
    ]);
    expect(screen.getByText('8 events')).toBeInTheDocument();
  });

  it('shows the time quality of each row, and seconds since boot for relative rows', async () => {
    const { grid } = await setup();
    await waitFor(() => expect(within(grid).getAllByRole('row').length).toBeGreaterThan(5));
    const rows = within(grid).getAllByRole('row');
    const first = within(rows[1]).getAllByRole('cell');
    expect(first[0]).toHaveTextContent('2025-11-26 09:59:58.000');
    expect(first[1]).toHaveTextContent('inferred');
    const relative = within(rows[7]).getAllByRole('cell');
    expect(relative[0]).toHaveTextContent('+7093.543707 s');
    expect(relative[1]).toHaveTextContent('relative');
    expect(relative[3]).toHaveTextContent('warning');
  });

  it('filters by severity and by source, and shows the count against the total', async () => {
    const { user, grid } = await setup();
    await screen.findByText('8 events');
    // Journal and dmesg -T lines have no level: they count as info.
    await user.click(screen.getByRole('button', { name: 'info' }));
    expect(await screen.findByText('2 of 8 events')).toBeInTheDocument();
    await waitFor(() => expect(visibleRows(grid)).toHaveLength(3));
    expect(useWorkbenchStore.getState().hiddenSeverities).toEqual(['info']);

    await user.click(screen.getByRole('button', { name: 'info' }));
    await screen.findByText('8 events');
    await user.click(screen.getByRole('button', { name: 'dmesg-r.txt' }));
    expect(await screen.findByText('5 of 8 events')).toBeInTheDocument();
    await waitFor(() => expect(visibleRows(grid).some((r) => r.startsWith('#'))).toBe(false));
  });

  it('says so when every severity is switched off instead of showing everything', async () => {
    const { user } = await setup();
    await screen.findByText('8 events');
    for (const sev of ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug']) {
      await user.click(screen.getByRole('button', { name: sev }));
    }
    expect(await screen.findByText('0 of 8 events')).toBeInTheDocument();
    expect(screen.getByText(/nothing to show/)).toBeInTheDocument();
  });

  it('searches the raw text after the user stops typing', async () => {
    const { user, client } = await setup();
    await screen.findByText('8 events');
    const viewSpy = vi.spyOn(client, 'view');
    await user.type(screen.getByRole('searchbox', { name: 'Search the raw text of events' }), 'uwsgi');
    expect(await screen.findByText('3 of 8 events')).toBeInTheDocument();
    // Debounced: one view for the whole word, not one per keystroke.
    expect(viewSpy.mock.calls.map((c) => c[0].search)).toEqual(['uwsgi']);
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(await screen.findByText('8 events')).toBeInTheDocument();
  });

  it('opens the detail of a clicked row with its raw lines and line numbers, and Escape closes it', async () => {
    const { user, grid } = await setup();
    await waitFor(() => expect(within(grid).getAllByRole('row').length).toBeGreaterThan(5));
    await user.click(within(grid).getByText(/^Memory cgroup out of memory: Killed process 41235/));
    const pane = await screen.findByRole('complementary', { name: 'Event detail' });
    const raw = await within(pane).findByRole('region', { name: 'Raw lines' });
    expect(within(raw).getByRole('rowheader')).toHaveTextContent('1');
    expect(within(raw).getByRole('cell')).toHaveTextContent(
      '[Wed Nov 26 10:00:01 2025] Memory cgroup out of memory: Killed process 41235 (java)',
    );
    expect(within(pane).getByText('dmesg-ctime')).toBeInTheDocument();
    expect(useWorkbenchStore.getState().selectedEventId).toBe('dmesg-T.txt:1');

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('complementary', { name: 'Event detail' })).not.toBeInTheDocument();
    expect(grid).toHaveFocus();
  });

  it('shows the fields and the seconds since boot of an event in its detail', async () => {
    const { user, grid } = await setup();
    await user.click(await within(grid).findByText(/^oom_reaper: reaped process 63635/));
    const pane = await screen.findByRole('complementary', { name: 'Event detail' });
    await within(pane).findByText('dmesg-level');
    expect(within(pane).getByText('7093.579001 s')).toBeInTheDocument();
    expect(within(pane).getByText('no wall-clock time')).toBeInTheDocument();
    const fields = within(pane).getByRole('table', { name: 'Fields' });
    expect(within(fields).getByRole('rowheader', { name: 'facility' })).toBeInTheDocument();
    expect(within(fields).getByRole('row', { name: /facility/ })).toHaveTextContent('kern');
    // The second pass over the kernel's message: what it says and about which process.
    expect(within(fields).getByRole('row', { name: /what/ })).toHaveTextContent('oom-reaped');
    expect(within(fields).getByRole('row', { name: /^pid/ })).toHaveTextContent('63635');
  });

  it('moves through rows with j / k and arrows, and Enter opens the active row', async () => {
    const { user, grid } = await setup();
    await waitFor(() => expect(within(grid).getAllByRole('row').length).toBeGreaterThan(5));
    act(() => grid.focus());
    expect(grid).toHaveAttribute('aria-activedescendant', 'tl-row-0');
    await user.keyboard('jj{ArrowDown}k');
    expect(grid).toHaveAttribute('aria-activedescendant', 'tl-row-2');
    await user.keyboard('{Enter}');
    await screen.findByRole('complementary', { name: 'Event detail' });
    expect(useWorkbenchStore.getState().selectedEventId).toBe('dmesg-T.txt:1');
    // End reaches the last row, past the group header.
    fireEvent.keyDown(grid, { key: 'End' });
    expect(grid).toHaveAttribute('aria-activedescendant', 'tl-row-7');
  });

  it('shows an empty state with the given action when there is no source', async () => {
    render(<TimelinePanel emptyAction={<button type="button">Load it</button>} />, {
      wrapper: createTestWrapper(engine()),
    });
    expect(await screen.findByRole('heading', { name: 'No events yet' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Load it' })).toBeInTheDocument();
  });
});
