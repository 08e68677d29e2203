// Clock alignment measured against the generator's truth (truth.json's bootUs: the wall time of
// monotonic 0) and checked on the bundled sample and on a real paste. The numbers are printed:
// docs/time.md quotes them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ViewQuery } from '../src/core/engine/engine-api.ts';
import { Workbench, type WorkbenchSourceInput } from '../src/core/engine/workbench.ts';
import { createDataset, createSample } from '../src/core/generate/dataset.ts';
import type { FormatId } from '../src/core/model/event.ts';
import { SourceStore } from '../src/core/store/source-store.ts';
import { CORPUS_ROOT } from './helpers/corpus.ts';

const ALL: ViewQuery = { sources: [], severities: [], search: '' };
const MS = 1000;

/** A file as the app adds a dropped one: no clock with it. */
function dropped(name: string, text: string): WorkbenchSourceInput {
  const bytes = new TextEncoder().encode(text);
  return { name, kind: 'file', stream: new Blob([bytes]).stream(), totalBytes: bytes.length };
}

/** The browser's clock is deliberately wrong for the data: another year, another zone. */
const browser = () => new Workbench({ defaultClock: () => ({ year: 2026, utcOffsetMinutes: 60 }) });

// The generator's node, seed 7 (the brief's), small files: the fixed records (boot, pod churn,
// incidents) are in every file, the background filler is drawn per file.
const dataset = createDataset({ seed: 7, mb: 0.5 });
const wanted = new Set<FormatId>([
  'dmesg-raw',
  'journalctl-json',
  'journalctl-short',
  'journalctl-short-full',
  'journalctl-short-iso',
  'journalctl-short-iso-precise',
  'journalctl-short-precise',
  'journalctl-short-monotonic',
  'journalctl-short-unix',
  'journalctl-cat',
  'syslog-rfc3164',
  'dmesg-iso',
]);
const texts = new Map<FormatId, { name: string; text: string }>();
for (const f of dataset.files)
  if (wanted.has(f.format)) texts.set(f.format, { name: f.name, text: [...f.chunks()].join('') });
const truth = dataset.truth();

function file(format: FormatId): { name: string; text: string } {
  const f = texts.get(format);
  if (!f) throw new Error(`the generator wrote no ${format}`);
  return f;
}

interface Measured {
  form: FormatId;
  evidence: string;
  anchors: number;
  errorUs: number | null;
  uncertaintyUs: number | null;
}

async function measure(form: FormatId): Promise<Measured> {
  const wb = browser();
  const d = file('dmesg-raw');
  const w = file(form);
  await wb.addSource(dropped(d.name, d.text));
  await wb.addSource(dropped(w.name, w.text));
  const boot = wb.clocks().sources[0].boots;
  expect(boot).toHaveLength(1);
  const b = boot[0];
  return {
    form,
    evidence: b.evidence,
    anchors: b.anchors,
    errorUs: b.bootTimeUs === null ? null : b.bootTimeUs - truth.bootUs,
    uncertaintyUs: b.uncertaintyUs,
  };
}

describe('dmesg raw next to each journal form, no user input (generator seed 7)', () => {
  const JOURNAL_FORMS: FormatId[] = [
    'journalctl-json',
    'journalctl-short',
    'journalctl-short-full',
    'journalctl-short-iso',
    'journalctl-short-iso-precise',
    'journalctl-short-precise',
    'journalctl-short-monotonic',
    'journalctl-short-unix',
  ];

  it('fits the boot time within 10 ms of the truth, and within the uncertainty it states', async () => {
    const rows: Measured[] = [];
    for (const form of [...JOURNAL_FORMS, 'syslog-rfc3164', 'dmesg-iso'] as FormatId[])
      rows.push(await measure(form));
    const fmt = (us: number | null) => (us === null ? '-' : `${(us / MS).toFixed(3)} ms`);
    process.stdout.write(
      `\n${'form'.padEnd(30)} ${'evidence'.padEnd(18)} ${'anchors'.padStart(7)} ${'error'.padStart(12)} ${'± stated'.padStart(12)}\n`,
    );
    for (const r of rows)
      process.stdout.write(
        `${r.form.padEnd(30)} ${r.evidence.padEnd(18)} ${String(r.anchors).padStart(7)} ${fmt(r.errorUs).padStart(12)} ${fmt(r.uncertaintyUs).padStart(12)}\n`,
      );
    for (const r of rows) {
      if (r.errorUs === null || r.uncertaintyUs === null) throw new Error(`${r.form}: dmesg not aligned`);
      if (JOURNAL_FORMS.includes(r.form)) expect(Math.abs(r.errorUs), r.form).toBeLessThanOrEqual(10 * MS);
      // The truth is the kernel's clock; journald and rsyslog stamp a line 41 µs later here.
      expect(Math.abs(r.errorUs), r.form).toBeLessThanOrEqual(r.uncertaintyUs + 41);
    }
    const by = Object.fromEntries(rows.map((r) => [r.form, r.evidence]));
    expect(by['journalctl-json']).toBe('journal-monotonic');
    expect(by['journalctl-short-monotonic']).toBe('short-monotonic');
    expect(by['journalctl-short']).toBe('matched-text');
  });

  it('leaves dmesg relative next to `journalctl -o cat`, which has no time for kernel lines', async () => {
    const m = await measure('journalctl-cat');
    expect(m).toMatchObject({ evidence: 'none', errorUs: null });
  });

  it("puts each incident's kill line at its true time", async () => {
    const wb = browser();
    const d = file('dmesg-raw');
    const j = file('journalctl-short-precise');
    await wb.addSource(dropped(d.name, d.text));
    await wb.addSource(dropped(j.name, j.text));
    for (const inc of truth.incidents) {
      const key = inc.keyLines.find((k) => k.file === d.name && k.id === 'kernel.killed');
      if (!key) throw new Error(`no kill line of ${inc.id} in ${d.name}`);
      const e = wb.detail(`${d.name}:${key.line}`).event;
      expect(e.timeQuality).toBe('aligned');
      expect(Math.abs((e.time ?? 0) - inc.killedAtUs), inc.id).toBeLessThanOrEqual(10 * MS);
    }
  });
});

describe('the bundled sample', () => {
  const sample = createSample();
  const files = sample.files.map((f) => ({ name: f.name, format: f.format, text: [...f.chunks()].join('') }));
  const inc = sample.truth().incidents[0];

  async function load(withManifestClock: boolean): Promise<Workbench> {
    const wb = browser();
    for (const f of files) {
      const input = dropped(f.name, f.text);
      await wb.addSource(
        withManifestClock ? { ...input, kind: 'sample', clock: sample.manifest.clock } : input,
      );
    }
    return wb;
  }

  for (const withClock of [true, false]) {
    it(`lands dmesg's OOM kill and containerd's shim disconnected in the same second (${withClock ? "the manifest's clock" : 'no clock given'})`, async () => {
      const wb = await load(withClock);
      const v = wb.view(ALL);
      const rows = wb.rows(v.viewId, 0, v.total);
      const kill = rows.find(
        (r) => r.format.startsWith('dmesg') && r.message.includes(`Killed process ${inc.victim.pid}`),
      );
      const shim = rows.find(
        (r) => r.message.includes('shim disconnected') && r.message.includes(inc.sandboxId.slice(0, 12)),
      );
      expect(kill?.time, 'the kill line has a wall time').not.toBeNull();
      expect(shim?.time).not.toBeNull();
      expect(Math.floor((kill?.time ?? 0) / 1e6)).toBe(Math.floor((shim?.time ?? 0) / 1e6));
      const clocks = wb.clocks().sources;
      // Seconds-precision `journalctl -k` stamps: the kill is where the fit says, within its ±.
      const dmesg = clocks.find((c) => c.boots.length > 0 && c.name.startsWith('dmesg'));
      const u = dmesg?.boots[0].uncertaintyUs;
      if (u === null || u === undefined) throw new Error('dmesg not aligned');
      expect(Math.abs((kill?.time ?? 0) - inc.killedAtUs)).toBeLessThanOrEqual(u + 41);
      process.stdout.write(
        `sample (${withClock ? 'manifest clock' : 'no clock'}): ${clocks
          .map((c) => {
            const b = c.boots[0];
            const boot = b ? ` boot ${b.evidence} ±${b.uncertaintyUs} µs` : '';
            return `${c.name}: year ${c.year?.how ?? '-'}, zone ${c.zone?.how ?? '-'}${boot}`;
          })
          .join('; ')}\n`,
      );
    });
  }
});

describe('a real paste: journalctl -o short-monotonic with dockerd stamps (containerd-wasm-shims#169)', () => {
  const dir = join(CORPUS_ROOT, 'containerd-wasm-shims-169-spin-shim-short-monotonic');
  const text = readFileSync(join(dir, 'journalctl-short-monotonic.txt'), 'utf8');

  it("aligns the uptime clock to dockerd's own zoned stamps", async () => {
    const wb = browser();
    await wb.addSource(dropped('journalctl-short-monotonic.txt', text));
    const [c] = wb.clocks().sources;
    const b = c.boots[0];
    expect(b).toMatchObject({ evidence: 'short-monotonic', decidedBy: 'evidence' });
    expect(b.anchors).toBeGreaterThanOrEqual(5);
    if (b.bootTimeUs === null || b.uncertaintyUs === null) throw new Error('not aligned');
    expect(b.uncertaintyUs).toBeLessThanOrEqual(5 * MS);
    // `[ 1123.120810] ... dockerd[1471]: time="2023-10-27T07:37:43.703523766-03:00"`: the line
    // lands on dockerd's own time, within what the fit says.
    const first = wb.detail('journalctl-short-monotonic.txt:1').event;
    expect(first.timeQuality).toBe('aligned');
    const dockerd = Date.parse('2023-10-27T07:37:43.703523-03:00') * 1000 + 523;
    expect(Math.abs((first.time ?? 0) - dockerd)).toBeLessThanOrEqual(b.uncertaintyUs + 1000);
  });
});

describe('SourceStore.withTimes', () => {
  it('shares the parse and reads only its own times', () => {
    const s = new SourceStore('a');
    s.event({
      id: 'a:1',
      source: 'a',
      format: 'dmesg-raw',
      line: 1,
      lineEnd: 1,
      time: null,
      timeQuality: 'relative',
      monotonic: 2.5,
      message: '',
      fields: {},
      entities: [],
    });
    s.finish(1);
    const o = s.withTimes({
      time: Float64Array.of(1e15),
      timeQuality: Uint8Array.of(2),
      rangeLo: Float64Array.of(1e15 - 5),
      rangeHi: Float64Array.of(1e15 + 5),
    });
    expect(o.sharesDataWith(s)).toBe(true);
    expect([o.time(0), o.timeQuality(0), o.columns.time[0]]).toEqual([1e15, 'aligned', 1e15]);
    expect([s.time(0), s.timeQuality(0)]).toEqual([null, 'relative']);
    expect(o.parsedTimes.time[0]).toBeNaN();
    expect(o.withSourceId('b').time(0)).toBe(1e15);
    expect(o.withTimes(null).time(0)).toBeNull();
    expect(() =>
      s.withTimes({
        time: new Float64Array(2),
        timeQuality: new Uint8Array(2),
        rangeLo: null,
        rangeHi: null,
      }),
    ).toThrow(/overlay of 2 for 1 events/);
  });
});
