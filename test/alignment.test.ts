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
import { ALIGNMENT_FORMS, TIMED_JOURNAL_FORMS } from './helpers/alignment-forms.ts';
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
const wanted = new Set<FormatId>(['dmesg-raw', ...ALIGNMENT_FORMS]);
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
  it('fits the boot time within 10 ms of the truth, and within the uncertainty it states', async () => {
    const rows: Measured[] = [];
    // `journalctl -o cat` has its own test below: it gives dmesg no time.
    for (const form of ALIGNMENT_FORMS.filter((f) => f !== 'journalctl-cat')) rows.push(await measure(form));
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
      if (TIMED_JOURNAL_FORMS.includes(r.form))
        expect(Math.abs(r.errorUs), r.form).toBeLessThanOrEqual(10 * MS);
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

/**
 * The best any pairing can do with whole-second `journalctl` stamps: every kernel record both
 * files hold (the same text in the second the truth puts it in, once), its pair interval as the
 * fit takes it (1 ms of reception lag allowed, the second's width), all intersected. The fit can
 * only narrow the offset to this, and it is where its middle lies. (In small files a line of the
 * same text in the right second is the same record; in large ones background lines that each
 * file prints on its own land in the same second by chance too, which only the truth can tell
 * from the next second: there this is no longer a limit the fit could reach.)
 */
function limitOf(
  dmesg: string,
  journal: string,
  bootUs: number,
): { pairs: number; offset: number; uncertainty: number } {
  const fold = (t: string) => t.replace(/\s+/g, ' ').trim();
  const year = new Date(bootUs / 1000).getUTCFullYear();
  const seconds = new Map<string, number>();
  for (const line of journal.split('\n')) {
    // `Nov 24 07:48:16 k8s-worker-21 kernel: Memory cgroup out of memory: Killed process 2150 ...`
    const m = /^(\w{3}) +(\d+) (\d\d):(\d\d):(\d\d) \S+ kernel: (.*)$/.exec(line);
    if (!m) continue;
    const month = 'JanFebMarAprMayJunJulAugSepOctNovDec'.indexOf(m[1]) / 3;
    const sec = Date.UTC(year, month, +m[2], +m[3], +m[4], +m[5]) * 1000;
    const key = `${sec} ${fold(m[6])}`;
    seconds.set(key, (seconds.get(key) ?? 0) + 1);
  }
  let lo = Number.NEGATIVE_INFINITY;
  let hi = Number.POSITIVE_INFINITY;
  let pairs = 0;
  for (const line of dmesg.split('\n')) {
    // `[ 3087.593612] Memory cgroup out of memory: Killed process 2150 (containerd-shim) ...`
    const m = /^\[ *(\d+\.\d+)\] (.*)$/.exec(line);
    if (!m) continue;
    const mono = Math.round(Number(m[1]) * 1e6);
    // journald read the line 41 µs after the kernel printed it (the generator's lag).
    const sec = Math.floor((bootUs + mono + 41) / 1e6) * 1e6;
    if (seconds.get(`${sec} ${fold(m[2])}`) !== 1) continue;
    pairs++;
    lo = Math.max(lo, sec - 1000 - mono);
    hi = Math.min(hi, sec + 999_999 - mono);
  }
  return { pairs, offset: Math.floor((lo + hi) / 2), uncertainty: Math.ceil((hi - lo) / 2) };
}

describe('dmesg raw next to plain `journalctl` (short, whole seconds), generator seeds 1-10', () => {
  // Whole-second stamps bound the fit by the fractions of the records both files hold: the
  // generator's dmesg and journal share their fixed records (boot, pod churn, incidents), and
  // draw their background lines each on its own. The fit finds every shared record (the texts
  // held once, then the repeated ones by the first fit's prediction) and so reaches the limit of
  // the data; for seed 8 that limit is ±17 ms, 13 ms from the truth.
  const rows: string[] = [];
  for (let seed = 1; seed <= 10; seed++) {
    it(`seed ${seed}: the fit is the best the shared records allow, and holds the truth`, async () => {
      const ds = seed === 7 ? dataset : createDataset({ seed, mb: 0.5 });
      const pick = (f: FormatId) => {
        const file = ds.files.find((x) => x.format === f);
        if (!file) throw new Error(`no ${f}`);
        return { name: file.name, text: [...file.chunks()].join('') };
      };
      const d = pick('dmesg-raw');
      const j = pick('journalctl-short');
      const bootUs = ds.truth().bootUs;
      const wb = browser();
      await wb.addSource(dropped(d.name, d.text));
      await wb.addSource(dropped(j.name, j.text));
      const b = wb.clocks().sources[0].boots[0];
      if (b.bootTimeUs === null || b.uncertaintyUs === null) throw new Error('dmesg not aligned');
      const limit = limitOf(d.text, j.text, bootUs);
      const err = b.bootTimeUs - bootUs;
      rows.push(
        `seed ${String(seed).padStart(2)}: error ${(err / MS).toFixed(3).padStart(7)} ms, ±${(b.uncertaintyUs / MS).toFixed(3)} ms stated, ${b.anchors} anchors (the shared records: ${limit.pairs})`,
      );
      if (seed === 10) process.stdout.write(`\n${rows.join('\n')}\n`);
      expect(Math.abs(err)).toBeLessThanOrEqual(b.uncertaintyUs + 41);
      expect(Math.abs(b.bootTimeUs - limit.offset)).toBeLessThanOrEqual(1);
      expect(Math.abs(b.uncertaintyUs - limit.uncertainty)).toBeLessThanOrEqual(1);
      expect(b.anchors).toBeGreaterThanOrEqual(limit.pairs - 5);
    });
  }
});

describe('the bundled sample (public/sample)', () => {
  const dir = join(import.meta.dirname, '..', 'public', 'sample');
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    files: { name: string }[];
  };
  const files = manifest.files.map((f) => ({ name: f.name, text: readFileSync(join(dir, f.name), 'utf8') }));
  // The sample's story (its boot, its incident) is the generator's, whatever files it writes now.
  const sample = createSample();
  const truth = sample.truth();
  const inc = truth.incidents[0];
  const text = (name: string) => files.find((f) => f.name === name)?.text ?? '';

  async function load(withClock: boolean): Promise<Workbench> {
    const wb = browser();
    for (const f of files) {
      const input = dropped(f.name, f.text);
      await wb.addSource(withClock ? { ...input, kind: 'sample', clock: sample.manifest.clock } : input);
    }
    return wb;
  }

  for (const withClock of [false, true]) {
    it(`aligns raw dmesg to journalctl -k within 10 ms of the truth, and lands the OOM kill with containerd's shim disconnected (${withClock ? "the node's clock given" : 'no clock given'})`, async () => {
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
      const dmesg = clocks.find((c) => c.name === 'dmesg.txt');
      const b = dmesg?.boots[0];
      if (!b || b.bootTimeUs === null || b.uncertaintyUs === null) throw new Error('dmesg not aligned');
      expect(b.evidence).toBe('matched-text');
      const err = b.bootTimeUs - truth.bootUs;
      // The issue's target: within 10 ms of the truth, with no user input.
      expect(Math.abs(err)).toBeLessThanOrEqual(10 * MS);
      expect(Math.abs(err)).toBeLessThanOrEqual(b.uncertaintyUs + 41);
      expect(Math.abs((kill?.time ?? 0) - inc.killedAtUs)).toBeLessThanOrEqual(b.uncertaintyUs + 41);
      // And as close as the records both files hold allow: no pairing could do better.
      const limit = limitOf(text('dmesg.txt'), text('journalctl-k.txt'), truth.bootUs);
      expect(Math.abs(b.bootTimeUs - limit.offset)).toBeLessThanOrEqual(1);
      expect(Math.abs(b.uncertaintyUs - limit.uncertainty)).toBeLessThanOrEqual(1);
      process.stdout.write(
        `sample (${withClock ? "node's clock" : 'no clock'}): dmesg ${(err / MS).toFixed(3)} ms from the truth, ±${(b.uncertaintyUs / MS).toFixed(3)} ms stated, ${b.anchors} anchors; the shared records allow ±${(limit.uncertainty / MS).toFixed(3)} ms; ${clocks
          .map((c) => `${c.name}: year ${c.year?.how ?? '-'}, zone ${c.zone?.how ?? '-'}`)
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
