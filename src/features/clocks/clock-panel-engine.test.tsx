// The clock panel over the real engine (in-process) and the project generator's data: dmesg
// seconds since boot next to a year-less, zone-less journal, as an on-call engineer pastes them.
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Workbench } from '../../core/engine/workbench.ts';
import { createDataset } from '../../core/generate/dataset.ts';
import { formatTimeFull } from '../../state/format.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import { createTestWrapper } from '../../state/testing/test-providers.tsx';
import { createInProcessClient } from '../../worker/client.ts';
import { ClockPanel } from './clock-panel.tsx';

const FILES = ['dmesg-raw.log', 'journalctl-short.log'];

async function setup() {
  const ds = createDataset({ seed: 7, mb: 0.15, hours: 2 });
  const texts = new Map<string, string>();
  for (const f of ds.files) texts.set(f.name, [...f.chunks()].join(''));
  const truth = ds.truth();
  const client = createInProcessClient(
    new Workbench({ defaultClock: () => ({ year: 2025, utcOffsetMinutes: 0 }) }),
  );
  for (const name of FILES)
    await client.addSource({ name, kind: 'file', blob: new Blob([texts.get(name) ?? '']) });
  const user = userEvent.setup();
  render(<ClockPanel />, { wrapper: createTestWrapper(client) });
  const dmesg = await screen.findByRole('listitem', { name: 'dmesg-raw.log' });
  return { client, user, truth, dmesg };
}

describe('ClockPanel with the engine', () => {
  it('shows the fitted boot of raw dmesg, within 10 ms of the truth, with its anchors and evidence', async () => {
    const { client, truth, dmesg } = await setup();
    const report = await client.clocks();
    const fitted = report.sources.find((s) => s.sourceId === 'dmesg-raw.log')?.boots[0];
    expect(fitted?.bootTimeUs).not.toBeNull();
    const bootUs = fitted?.bootTimeUs ?? 0;
    const trueBoot = truth.bootUs;
    expect(Math.abs(bootUs - trueBoot)).toBeLessThan(10_000);

    const boot = within(dmesg).getByRole('listitem', { name: `Boot ${fitted?.boot}` });
    expect(boot).toHaveTextContent(`booted at (UTC)${formatTimeFull(bootUs)}`);
    expect(boot).toHaveTextContent(`anchors${fitted?.anchors.toLocaleString('en-US')}`);
    expect(boot).toHaveTextContent('the same kernel lines in journalctl-short.log');
    expect(boot).toHaveTextContent('fitted from evidence');
    // The anchor pairs name real lines of both sources.
    const pairs = within(boot).getByRole('list', { name: 'Example anchor pairs' });
    expect(await within(pairs).findAllByRole('button', { name: /^dmesg-raw\.log:\d+/ })).not.toHaveLength(0);
    expect(within(pairs).getAllByRole('button', { name: /^journalctl-short\.log:\d+/ })).not.toHaveLength(0);
    // Inferred (the journal's year and zone, dmesg's fit) is to be looked at until accepted.
    expect(screen.getByRole('status')).toHaveTextContent('0 sources aligned, 2 need a look');
  });

  it('takes a typed boot time, then Reset brings the fitted one back', async () => {
    const { client, user, dmesg } = await setup();
    const fitted = (await client.clocks()).sources.find((s) => s.sourceId === 'dmesg-raw.log')?.boots[0];
    await user.click(within(dmesg).getByRole('button', { name: 'Correct…' }));
    await user.type(
      within(dmesg).getByLabelText('Boot time, UTC offset or shift'),
      '2025-11-24T06:05:50+00:00',
    );
    await user.click(within(dmesg).getByRole('button', { name: 'Apply correction' }));
    const boot = within(dmesg).getByRole('listitem', { name: `Boot ${fitted?.boot}` });
    await waitFor(() => expect(boot).toHaveTextContent('booted at (UTC)2025-11-24T06:05:50.000000Z'));
    expect(boot).toHaveTextContent('a boot time you typed');
    expect(boot).toHaveTextContent('decided by you');

    await user.click(within(dmesg).getByRole('button', { name: 'Reset to inferred' }));
    await waitFor(() =>
      expect(boot).toHaveTextContent(`booted at (UTC)${formatTimeFull(fitted?.bootTimeUs ?? 0)}`),
    );
    expect(boot).toHaveTextContent('fitted from evidence');
  });

  it('accepts the fitted dmesg boot as shown: its evidence stays, it is not a typed boot time', async () => {
    const { client, user, dmesg } = await setup();
    const fitted = (await client.clocks()).sources.find((s) => s.sourceId === 'dmesg-raw.log')?.boots[0];
    await user.click(within(dmesg).getByRole('button', { name: 'Accept' }));
    await waitFor(() => expect(within(dmesg).getByRole('button', { name: 'Accepted' })).toBeDisabled());
    const boot = within(dmesg).getByRole('listitem', { name: `Boot ${fitted?.boot}` });
    expect(boot).toHaveTextContent(`booted at (UTC)${formatTimeFull(fitted?.bootTimeUs ?? 0)}`);
    expect(boot).toHaveTextContent(`anchors${fitted?.anchors.toLocaleString('en-US')}`);
    expect(boot).toHaveTextContent('the same kernel lines in journalctl-short.log');
    expect(boot).toHaveTextContent('fitted from evidence, accepted by you');
    expect(boot).not.toHaveTextContent('a boot time you typed');
    const after = (await client.clocks()).sources.find((s) => s.sourceId === 'dmesg-raw.log');
    expect(after?.accepted).toBe(true);
    expect(after?.boots[0]).toMatchObject({ evidence: 'matched-text', decidedBy: 'evidence' });
    expect(after?.boots[0].reason).toMatch(/^Accepted by you as shown\./);
  });

  it('accepts the journal: it no longer needs a look', async () => {
    const { user } = await setup();
    const journal = screen.getByRole('listitem', { name: 'journalctl-short.log' });
    expect(journal).toHaveTextContent('from other sources');
    await user.click(within(journal).getByRole('button', { name: 'Accept' }));
    await waitFor(() => expect(within(journal).getByRole('button', { name: 'Accepted' })).toBeDisabled());
    expect(screen.getByRole('status')).toHaveTextContent('1 source aligned, 1 needs a look');
  });

  it('pins the selected journal line to a wall time: the whole source shifts by the difference', async () => {
    const { client, user } = await setup();
    const journal = screen.getByRole('listitem', { name: 'journalctl-short.log' });
    const [row] = await client.eventRows(['journalctl-short.log:5']);
    useWorkbenchStore.getState().selectEvent(row.eventId);
    await user.click(within(journal).getByRole('button', { name: 'Pin a line…' }));
    const input = await within(journal).findByDisplayValue(formatTimeFull(row.time ?? 0));
    await user.clear(input);
    await user.type(input, formatTimeFull((row.time ?? 0) + 2_000_000));
    await user.click(within(journal).getByRole('button', { name: 'Pin line' }));
    await waitFor(() => expect(journal).toHaveTextContent('+2.00 s'));
    expect(journal).toHaveTextContent('line journalctl-short.log:5 pinned to');
    const [moved] = await client.eventRows(['journalctl-short.log:5']);
    expect(moved.time).toBe((row.time ?? 0) + 2_000_000);
  });
});
