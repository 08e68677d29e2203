import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { WorkbenchClient } from '../../core/engine/client-api.ts';
import type {
  ClockDecision,
  ClockReport,
  Row,
  SourceClock,
  SourceSummary,
} from '../../core/engine/engine-api.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import { createTestWrapper } from '../../state/testing/test-providers.tsx';
import { unusedCalls } from '../../state/testing/unused-calls.ts';
import {
  decisionOf,
  offsetText,
  parseCorrection,
  parseOffset,
  parseWallTime,
  parseYear,
  withEdit,
} from './clock-model.ts';
import { ClockPanel } from './clock-panel.tsx';
import { DisplayZoneSelect } from './display-zone-select.tsx';

const BOOT_US = Date.UTC(2025, 10, 26, 5, 48, 9) * 1000 + 123_456;

function summary(id: string): SourceSummary {
  return {
    sourceId: id,
    name: id,
    kind: 'file',
    bytes: 100,
    contentHash: `h-${id}`,
    encoding: 'utf-8',
    warnings: [],
    lines: 10,
    events: 10,
    unparsedCount: 0,
    skippedCount: 0,
    unparsed: [],
    segments: [],
    parseMillis: 1,
  };
}

/** dmesg raw aligned from the journal's kernel lines, and the journal (year-less, zone-less). */
function report(): ClockReport {
  const dmesg: SourceClock = {
    sourceId: 'dmesg-r.txt',
    name: 'dmesg-r.txt',
    year: null,
    zone: null,
    shiftUs: 0,
    boots: [
      {
        boot: '#0',
        events: 1204,
        bootTimeUs: BOOT_US,
        anchors: 12,
        residualUs: 420,
        uncertaintyUs: 1000,
        evidence: 'matched-text',
        anchorSources: ['journal.txt'],
        examples: [{ monoEventId: 'dmesg-r.txt:3', wallEventId: 'journal.txt:7', deltaUs: -310 }],
        decidedBy: 'evidence',
      },
    ],
    accepted: false,
    qualities: { aligned: 1204 },
  };
  const journal: SourceClock = {
    sourceId: 'journal.txt',
    name: 'journal.txt',
    year: { value: 2025, how: 'other-sources', reason: 'dmesg -T lines of the same days say 2025' },
    zone: { utcOffsetMinutes: 0, how: 'default', reason: 'no source with a zone shares its events' },
    shiftUs: 0,
    boots: [],
    accepted: false,
    qualities: { inferred: 40 },
  };
  const crictl: SourceClock = {
    sourceId: 'crictl-inspect.json',
    name: 'crictl-inspect.json',
    year: null,
    zone: null,
    shiftUs: 0,
    boots: [],
    accepted: false,
    qualities: { exact: 6 },
  };
  return { sources: [dmesg, journal, crictl], defaultUtcOffsetMinutes: 60 };
}

const ROWS: Record<string, Row> = {
  'dmesg-r.txt:3': {
    index: 0,
    eventId: 'dmesg-r.txt:3',
    sourceId: 'dmesg-r.txt',
    sourceName: 'dmesg-r.txt',
    format: 'dmesg-level',
    line: 3,
    lineEnd: 3,
    time: BOOT_US + 7093_561122,
    timeQuality: 'aligned',
    monotonic: 7093.561122,
    message: 'Memory cgroup out of memory: Killed process 63635 (uwsgi)',
  },
  'journal.txt:7': {
    index: 1,
    eventId: 'journal.txt:7',
    sourceId: 'journal.txt',
    sourceName: 'journal.txt',
    format: 'journalctl-short',
    line: 7,
    lineEnd: 7,
    time: BOOT_US + 7093_561000,
    timeQuality: 'inferred',
    message: 'Memory cgroup out of memory: Killed process 63635 (uwsgi)',
  },
};

function fakeClient(r: ClockReport = report()) {
  const sources = r.sources.map((s) => summary(s.sourceId));
  const setClock = vi.fn(async (_id: string, _d: ClockDecision | null) => r);
  const client: WorkbenchClient = {
    ...unusedCalls(),
    addSource: async () => sources[0],
    removeSource: async () => {},
    setFormat: async () => sources[0],
    listSources: async () => sources,
    view: async () => {
      throw new Error('not used');
    },
    rows: async () => [],
    detail: async () => {
      throw new Error('not used');
    },
    clocks: async () => r,
    setClock,
    eventRows: async (ids) => ids.flatMap((id) => (ROWS[id] ? [ROWS[id]] : [])),
    dispose: () => {},
  };
  return { client, setClock };
}

async function setup(r?: ClockReport) {
  const { client, setClock } = fakeClient(r);
  const user = userEvent.setup();
  render(<ClockPanel />, { wrapper: createTestWrapper(client) });
  await screen.findByRole('status');
  const card = (name: string) => screen.getByRole('listitem', { name });
  return { client, setClock, user, card };
}

describe('ClockPanel', () => {
  it('sums up what needs a look and shows the default zone', async () => {
    await setup();
    // dmesg (fitted, not accepted) and the journal (default zone) need a look; crictl is exact.
    expect(screen.getByRole('status')).toHaveTextContent('1 source aligned, 2 need a look');
    expect(screen.getByText('UTC+01:00')).toBeInTheDocument();
  });

  it('shows a boot domain: fitted boot time, anchors, residual, uncertainty, evidence in words', async () => {
    const { card } = await setup();
    const boot = within(card('dmesg-r.txt')).getByRole('listitem', { name: 'Boot #0' });
    expect(boot).toHaveTextContent('booted at (UTC)2025-11-26T05:48:09.123456Z');
    expect(boot).toHaveTextContent('anchors12');
    expect(boot).toHaveTextContent('residual0.42 ms');
    expect(boot).toHaveTextContent('uncertainty± 1.0 ms');
    expect(boot).toHaveTextContent('the same kernel lines in journal.txt');
    expect(boot).toHaveTextContent('fitted from evidence');
    expect(boot).toHaveTextContent('1,204 events');
    expect(within(card('dmesg-r.txt')).getByText('aligned').parentElement).toHaveTextContent('aligned 1,204');
  });

  it('says so when a boot has no evidence: times stay seconds since boot', async () => {
    const r = report();
    r.sources[0].boots[0] = {
      ...r.sources[0].boots[0],
      bootTimeUs: null,
      anchors: 0,
      residualUs: null,
      uncertaintyUs: null,
      evidence: 'none',
      anchorSources: [],
      examples: [],
      decidedBy: 'none',
    };
    const { card } = await setup(r);
    const boot = within(card('dmesg-r.txt')).getByRole('listitem', { name: 'Boot #0' });
    expect(boot).toHaveTextContent('not aligned - times stay seconds since boot');
    expect(boot).toHaveTextContent('no evidence yet');
    expect(within(card('dmesg-r.txt')).getByText('guessed')).toBeInTheDocument();
  });

  it('jumps to an anchor pair event in the timeline', async () => {
    const { user, card } = await setup();
    useWorkbenchStore.getState().setActivePanel('analysis');
    const pair = within(card('dmesg-r.txt')).getByRole('list', { name: 'Example anchor pairs' });
    const mono = await within(pair).findByRole('button', { name: /dmesg-r\.txt:3.*\[7093\.561122\]/ });
    await user.click(mono);
    expect(useWorkbenchStore.getState().selectedEventId).toBe('dmesg-r.txt:3');
    expect(useWorkbenchStore.getState().activePanel).toBe('timeline');
    await user.click(within(pair).getByRole('button', { name: /journal\.txt:7/ }));
    expect(useWorkbenchStore.getState().selectedEventId).toBe('journal.txt:7');
  });

  it('accepts a source as it is', async () => {
    const { user, card, setClock } = await setup();
    await user.click(within(card('dmesg-r.txt')).getByRole('button', { name: 'Accept' }));
    await waitFor(() => expect(setClock).toHaveBeenCalledWith('dmesg-r.txt', { accepted: true }));
  });

  it('tells an accepted fitted boot from a typed one', async () => {
    const r = report();
    r.sources[0].accepted = true;
    const { card } = await setup(r);
    const boot = within(card('dmesg-r.txt')).getByRole('listitem', { name: 'Boot #0' });
    expect(boot).toHaveTextContent(
      'the same kernel lines in journal.txt · fitted from evidence, accepted by you',
    );
    expect(boot).not.toHaveTextContent('a boot time you typed');
    // Sent back with a later edit, an accepted fit stays a fit (no typed boot time).
    expect(decisionOf(r.sources[0])).toEqual({ accepted: true });
  });

  it('sends a typed boot time as that boot’s decision', async () => {
    const { user, card, setClock } = await setup();
    const c = card('dmesg-r.txt');
    await user.click(within(c).getByRole('button', { name: 'Correct…' }));
    await user.type(within(c).getByLabelText('Boot time, UTC offset or shift'), '2025-11-26T05:48:10Z');
    await user.click(within(c).getByRole('button', { name: 'Apply correction' }));
    await waitFor(() =>
      expect(setClock).toHaveBeenCalledWith('dmesg-r.txt', {
        bootTimes: { '#0': Date.UTC(2025, 10, 26, 5, 48, 10) * 1000 },
      }),
    );
  });

  it('refuses a boot time without a zone, with a message, and sends nothing', async () => {
    const { user, card, setClock } = await setup();
    const c = card('dmesg-r.txt');
    await user.click(within(c).getByRole('button', { name: 'Correct…' }));
    const input = within(c).getByLabelText('Boot time, UTC offset or shift');
    await user.type(input, '2025-11-26 05:48:10');
    await user.click(within(c).getByRole('button', { name: 'Apply correction' }));
    expect(within(c).getByRole('alert')).toHaveTextContent('has no zone: add Z for UTC or an offset');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    await user.clear(input);
    await user.type(input, 'yesterday');
    await user.click(within(c).getByRole('button', { name: 'Apply correction' }));
    expect(within(c).getByRole('alert')).toHaveTextContent('"yesterday" is not understood');
    expect(setClock).not.toHaveBeenCalled();
  });

  it('sets the year and the zone of a year-less, zone-less source, keeping the other decisions', async () => {
    const r = report();
    // The user already typed a shift for the journal: a new year must not drop it.
    r.sources[1].shiftUs = 1_500_000;
    const { user, card, setClock } = await setup(r);
    const c = card('journal.txt');
    expect(c).toHaveTextContent('from other sources');
    expect(c).toHaveTextContent('default (browser zone)');
    const year = within(c).getByLabelText('Year of journal.txt');
    await user.clear(year);
    await user.type(year, '2024');
    await user.click(within(c).getByRole('button', { name: 'Set year' }));
    await waitFor(() =>
      expect(setClock).toHaveBeenLastCalledWith('journal.txt', { year: 2024, shiftUs: 1_500_000 }),
    );
    await user.selectOptions(within(c).getByLabelText('Zone of journal.txt'), '+05:30');
    await waitFor(() =>
      expect(setClock).toHaveBeenLastCalledWith('journal.txt', { utcOffsetMinutes: 330, shiftUs: 1_500_000 }),
    );
    await user.clear(year);
    await user.type(year, '12');
    await user.click(within(c).getByRole('button', { name: 'Set year' }));
    expect(within(c).getByRole('alert')).toHaveTextContent('Type a year between 1970 and 2100.');
    expect(setClock).toHaveBeenCalledTimes(2);
  });

  it('pins the selected line to a typed wall time, and refuses a line of another source', async () => {
    const { user, card, setClock } = await setup();
    useWorkbenchStore.getState().selectEvent('journal.txt:7');
    const c = card('dmesg-r.txt');
    await user.click(within(c).getByRole('button', { name: 'Pin a line…' }));
    expect(await within(c).findByText(/The selected line is from journal\.txt/)).toBeInTheDocument();
    await user.click(within(c).getByRole('button', { name: 'Pin line' }));
    expect(within(c).getByRole('alert')).toHaveTextContent(
      'Select a line of dmesg-r.txt in the timeline first.',
    );
    expect(setClock).not.toHaveBeenCalled();

    useWorkbenchStore.getState().selectEvent('dmesg-r.txt:3');
    const input = await within(c).findByDisplayValue(/^2025-11-26T07:46:22/);
    await user.clear(input);
    await user.type(input, '2025-11-26T07:46:22.500+00:00');
    await user.click(within(c).getByRole('button', { name: 'Pin line' }));
    await waitFor(() =>
      expect(setClock).toHaveBeenCalledWith('dmesg-r.txt', {
        pin: { eventId: 'dmesg-r.txt:3', wallUs: Date.UTC(2025, 10, 26, 7, 46, 22, 500) * 1000 },
      }),
    );
  });

  it('offers Reset only where the user decided something, and Accept only where something was inferred', async () => {
    const r = report();
    r.sources[1].year = { value: 2024, how: 'user', reason: 'typed' };
    const { user, card, setClock } = await setup(r);
    expect(within(card('dmesg-r.txt')).queryByRole('button', { name: 'Reset to inferred' })).toBeNull();
    expect(within(card('crictl-inspect.json')).queryByRole('button', { name: 'Accept' })).toBeNull();
    expect(within(card('crictl-inspect.json')).getByText('nothing inferred')).toBeInTheDocument();
    await user.click(within(card('journal.txt')).getByRole('button', { name: 'Reset to inferred' }));
    await waitFor(() => expect(setClock).toHaveBeenCalledWith('journal.txt', null));
  });

  it('shows why the engine refused a decision', async () => {
    const { client, setClock } = fakeClient();
    setClock.mockRejectedValueOnce(new Error('No source journal.txt'));
    const user = userEvent.setup();
    render(<ClockPanel />, { wrapper: createTestWrapper(client) });
    const c = await screen.findByRole('listitem', { name: 'journal.txt' });
    await user.click(within(c).getByRole('button', { name: 'Accept' }));
    expect(await within(c).findByRole('alert')).toHaveTextContent(
      'Could not change the clock: No source journal.txt',
    );
  });
});

describe('DisplayZoneSelect', () => {
  it('sets the app’s display zone: UTC, browser zone, or a fixed offset', async () => {
    const { client } = fakeClient();
    const user = userEvent.setup();
    render(<DisplayZoneSelect />, { wrapper: createTestWrapper(client) });
    const select = screen.getByRole('combobox', { name: 'Times in' });
    await user.selectOptions(select, 'UTC+05:45');
    expect(useWorkbenchStore.getState().displayZone).toBe(345);
    await user.selectOptions(select, within(select).getByRole('option', { name: /^Browser zone/ }));
    expect(useWorkbenchStore.getState().displayZone).toBe('local');
    await user.selectOptions(select, 'UTC');
    expect(useWorkbenchStore.getState().displayZone).toBe('utc');
  });
});

describe('clock inputs', () => {
  it('reads offsets as people type them, within -12:00..+14:00', () => {
    expect(parseOffset('+02:00')).toBe(120);
    expect(parseOffset('UTC-05:30')).toBe(-330);
    expect(parseOffset('gmt+2')).toBe(120);
    expect(parseOffset('+0545')).toBe(345);
    expect(parseOffset('+15:00')).toBeNull();
    expect(parseOffset('+02:75')).toBeNull();
    expect(parseOffset('02:00')).toBeNull();
  });

  it('offsetText and parseOffset round-trip every offset in range', () => {
    fc.assert(
      fc.property(fc.integer({ min: -720, max: 840 }), (m) => {
        expect(parseOffset(offsetText(m))).toBe(m);
      }),
    );
  });

  it('tells boot times, offsets and shifts apart, and says what is wrong', () => {
    const both = { hasBoots: true, hasZone: true };
    expect(parseCorrection('2025-11-26T05:00:00Z', both)).toEqual({
      kind: 'boot-time',
      us: Date.UTC(2025, 10, 26, 5) * 1000,
    });
    expect(parseCorrection('2025-11-26 07:00:00+02:00', both)).toEqual({
      kind: 'boot-time',
      us: Date.UTC(2025, 10, 26, 5) * 1000,
    });
    expect(parseCorrection('2025-11-26 05:00:00 UTC', both)).toEqual({
      kind: 'boot-time',
      us: Date.UTC(2025, 10, 26, 5) * 1000,
    });
    expect(parseCorrection('+05:30', both)).toEqual({ kind: 'offset', minutes: 330 });
    expect(parseCorrection('+1.5s', both)).toEqual({ kind: 'shift', us: 1_500_000 });
    expect(parseCorrection('-350ms', both)).toEqual({ kind: 'shift', us: -350_000 });
    expect(parseCorrection('+2h', both)).toEqual({ kind: 'shift', us: 7_200_000_000 });
    const err = (t: string, ctx = both) => {
      const c = parseCorrection(t, ctx);
      return c.kind === 'error' ? c.message : `not an error: ${c.kind}`;
    };
    expect(err('')).toMatch(/Type a boot time/);
    expect(err('2025-11-26T05:00:00')).toMatch(/has no zone/);
    expect(err('2025-13-40T05:00:00Z')).toMatch(/is not a time/);
    expect(err('+16:00')).toMatch(/between -12:00 and \+14:00/);
    expect(err('+0s')).toMatch(/zero/);
    expect(err('2025-11-26T05:00:00Z', { hasBoots: false, hasZone: true })).toMatch(
      /no seconds-since-boot clock/,
    );
    expect(err('+02:00', { hasBoots: true, hasZone: false })).toMatch(/writes its zone in every line/);
  });

  it('never throws, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string(), fc.boolean(), fc.boolean(), (t, hasBoots, hasZone) => {
        const c = parseCorrection(t, { hasBoots, hasZone });
        expect(['boot-time', 'offset', 'shift', 'error']).toContain(c.kind);
        const w = parseWallTime(t);
        expect('us' in w || 'error' in w).toBe(true);
        const y = parseYear(t);
        if ('year' in y) expect(y.year).toBeGreaterThanOrEqual(1970);
      }),
    );
  });

  it('keeps the decisions a report holds when one more edit is sent', () => {
    const c = report().sources[0];
    c.boots[0] = { ...c.boots[0], evidence: 'user-boot-time', decidedBy: 'user' };
    c.accepted = true;
    expect(decisionOf(c)).toEqual({ bootTimes: { '#0': BOOT_US }, accepted: true });
    expect(withEdit(c, { bootTimes: { '#1': 5 } })).toEqual({
      bootTimes: { '#0': BOOT_US, '#1': 5 },
      accepted: true,
    });
    const pinned = { ...c, pinned: { eventId: 'x:1', wallUs: 9 }, shiftUs: 77 };
    // The shift a pin causes is not sent back as a typed shift.
    expect(decisionOf(pinned)).toEqual({
      bootTimes: { '#0': BOOT_US },
      pin: { eventId: 'x:1', wallUs: 9 },
      accepted: true,
    });
  });
});
