import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Workbench } from '../../core/engine/workbench.ts';
import { createTestWrapper } from '../../state/testing/test-providers.tsx';
import { createInProcessClient } from '../../worker/client.ts';
import { SourceList } from './source-list.tsx';

/** The engine in this thread, with a fixed clock: year-less lines read as 2025, zone-less as UTC. */
const engine = () =>
  createInProcessClient(new Workbench({ defaultClock: () => ({ year: 2025, utcOffsetMinutes: 0 }) }));

const PASTE = [
  '$ dmesg -T',
  '[Wed Nov 26 10:00:01 2025] Memory cgroup out of memory: Killed process 41235 (java) total-vm:8392104kB',
  '[Wed Nov 26 10:00:03 2025] oom_reaper: reaped process 41235 (java), now anon-rss:0kB',
  '$ journalctl -u containerd --no-pager',
  'Nov 26 10:00:01 node-1 containerd[1012]: time="2025-11-26T10:00:01.187734120Z" level=info msg="TaskOOM event"',
  'Nov 26 10:00:02 node-1 containerd[1012]: time="2025-11-26T10:00:02.001000000Z" level=info msg="shim disconnected"',
].join('\n');

async function setup() {
  const client = engine();
  await client.addSource({ name: 'paste-1', kind: 'paste', blob: new Blob([PASTE]) });
  const user = userEvent.setup();
  render(<SourceList />, { wrapper: createTestWrapper(client) });
  const card = await screen.findByRole('listitem', { name: 'paste-1' });
  return { client, user, card };
}

describe('SourceList', () => {
  it('shows each source with its size, encoding, counts and parse time', async () => {
    const { card } = await setup();
    expect(within(card).getByText(/^\d+ B · utf-8 · parsed in \d+ ms$/)).toBeInTheDocument();
    const counts = within(card)
      .getAllByRole('definition')
      .map((d) => d.textContent);
    // 6 lines: 2 prompts skipped, 4 events, nothing unparsed.
    expect(counts).toEqual(['6', '4', '0', '2']);
  });

  it('lists each segment with its detected format, confidence and command', async () => {
    const { card } = await setup();
    const segments = within(within(card).getByRole('list', { name: 'Segments of paste-1' })).getAllByRole(
      'listitem',
    );
    expect(segments.map((s) => within(s).getByTestId('segment-format').textContent)).toEqual([
      'dmesg-ctime',
      'journalctl-short',
    ]);
    expect(segments[0]).toHaveTextContent('100%');
    expect(segments[0]).toHaveTextContent('lines 2–3');
    expect(segments[1]).toHaveTextContent('$ journalctl -u containerd --no-pager');
  });

  it('shows when an output was taken, read from a `$ date` line above it', async () => {
    const client = engine();
    const text = [
      '$ date',
      'Wed Nov 26 10:00:00 UTC 2025',
      '$ crictl ps -a',
      'CONTAINER           IMAGE               CREATED             STATE               NAME                ATTEMPT             POD ID',
      '0184e59d441d1       41d36401aa93e       2 hours ago         Exited              redis               3                   26b4893f2ae75',
    ].join('\n');
    await client.addSource({ name: 'paste-2', kind: 'paste', blob: new Blob([text]) });
    render(<SourceList />, { wrapper: createTestWrapper(client) });
    const card = await screen.findByRole('listitem', { name: 'paste-2' });
    const segments = within(within(card).getByRole('list', { name: 'Segments of paste-2' })).getAllByRole(
      'listitem',
    );
    expect(segments[1]).toHaveTextContent('$ crictl ps -a');
    expect(segments[1]).toHaveTextContent('taken 2025-11-26 10:00:00.000 UTC');
  });

  it('overrides a segment format by hand through client.setFormat, and "auto" gives it back', async () => {
    const { client, user, card } = await setup();
    const setFormat = vi.spyOn(client, 'setFormat');
    const select = within(card).getByRole('combobox', { name: 'Format of lines 5–6 of paste-1' });
    expect(select).toHaveValue('auto');
    await user.selectOptions(select, 'text');
    expect(setFormat).toHaveBeenCalledWith('paste-1', 5, 'text');
    await waitFor(() => expect(within(card).getAllByTestId('segment-format')[1]).toHaveTextContent('text'));
    expect(within(card).getByText('set by hand')).toBeInTheDocument();
    expect(within(card).getByRole('combobox', { name: 'Format of lines 5–6 of paste-1' })).toHaveValue(
      'text',
    );

    await user.selectOptions(
      within(card).getByRole('combobox', { name: 'Format of lines 5–6 of paste-1' }),
      'auto',
    );
    expect(setFormat).toHaveBeenLastCalledWith('paste-1', 5, null);
    await waitFor(() =>
      expect(within(card).getAllByTestId('segment-format')[1]).toHaveTextContent('journalctl-short'),
    );
  });

  it('shows unparsed lines with their line numbers and reasons', async () => {
    const { client, user, card } = await setup();
    // Reading journal lines as dmesg -T leaves them unparsed.
    await user.selectOptions(
      within(card).getByRole('combobox', { name: 'Format of lines 5–6 of paste-1' }),
      'dmesg-ctime',
    );
    const summary = await within(card).findByText(/^Unparsed lines \(2\)$/);
    await user.click(summary);
    const items = within(card)
      .getAllByRole('listitem')
      .filter((li) => li.closest('.unparsed-list'));
    expect(items).toHaveLength(2);
    expect(items[0].querySelector('.line-no')).toHaveTextContent('5');
    expect(items[0].querySelector('.unparsed-reason')?.textContent).not.toBe('');
    expect((await client.listSources())[0].unparsedCount).toBe(2);
  });

  it('removes a source', async () => {
    const { client, user, card } = await setup();
    await user.click(within(card).getByRole('button', { name: 'Remove paste-1' }));
    expect(await screen.findByText('Nothing added yet.')).toBeInTheDocument();
    expect(await client.listSources()).toEqual([]);
  });
});
