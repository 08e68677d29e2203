// Workbench.analysis: the analysis over the stores, with times as the clock alignment left them,
// memoised until the sources, their alignment or the options change.
import { describe, expect, it } from 'vitest';
import { sampleTexts } from '../../../test/helpers/analysis.ts';
import { Workbench } from './workbench.ts';

async function sampleBench(): Promise<Workbench> {
  const wb = new Workbench({ defaultClock: () => ({ year: 2025, utcOffsetMinutes: 0 }) });
  for (const [name, text] of Object.entries(sampleTexts())) {
    const bytes = new TextEncoder().encode(text);
    await wb.addSource({ name, kind: 'file', stream: new Blob([bytes]).stream(), totalBytes: bytes.length });
  }
  return wb;
}

const KILL_US = Date.UTC(2025, 10, 24, 7, 48, 16) * 1000;

describe('Workbench.analysis', () => {
  it('reads raw dmesg findings with their aligned wall time', async () => {
    const wb = await sampleBench();
    const r = wb.analysis();
    const dmesgKill = r.findings.find((f) => f.id === 'kernel.killed-process@dmesg.txt:287');
    expect(dmesgKill?.time).not.toBeNull();
    // The journal says 07:48:16 (whole seconds); the aligned dmesg stamp falls inside that second.
    expect((dmesgKill?.time ?? 0) - KILL_US).toBeGreaterThanOrEqual(0);
    expect((dmesgKill?.time ?? 0) - KILL_US).toBeLessThan(1_000_000);
    const dmesgCov = r.coverage.find((c) => c.name === 'dmesg.txt')?.producers.kernel;
    expect(dmesgCov?.from).not.toBeNull();
  });

  it('memoises until the options or the sources change', async () => {
    const wb = await sampleBench();
    const a = wb.analysis();
    expect(wb.analysis()).toBe(a);
    const b = wb.analysis({ decisions: { other: { state: 'rejected', note: 'no' } } });
    expect(b).not.toBe(a);
    await wb.removeSource(
      (await wb.listSources()).find((s) => s.name === 'journalctl-k.txt')?.sourceId ?? '',
    );
    const c = wb.analysis();
    expect(c).not.toBe(a);
    expect(c.coverage.map((s) => s.name)).not.toContain('journalctl-k.txt');
    // Without journalctl -k nothing pairs raw dmesg with wall time: its kill line has none.
    expect(c.findings.find((f) => f.id === 'kernel.killed-process@dmesg.txt:287')?.time).toBeNull();
  });
});

describe('Workbench.rowOf (evidence links scroll the table to their line)', () => {
  it('finds an event in a view, and -1 where a filter leaves it out', async () => {
    const wb = await sampleBench();
    const all = wb.view({ sources: [], severities: [], search: '' });
    const row = wb.rowOf(all.viewId, 'journalctl-k.txt:287');
    expect(row).toBeGreaterThanOrEqual(0);
    expect(wb.rows(all.viewId, row, 1)[0].eventId).toBe('journalctl-k.txt:287');
    const other = wb.view({ sources: [], severities: [], search: 'shim disconnected' });
    expect(wb.rowOf(other.viewId, 'journalctl-k.txt:287')).toBe(-1);
    expect(wb.rowOf(all.viewId, 'nosuch.txt:1')).toBe(-1);
  });
});
