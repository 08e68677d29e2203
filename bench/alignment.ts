// Clock alignment (node --import tsx bench/alignment.ts [--mb N] [--seed S]): the alignment
// section of the benchmark, next to bench/run.ts. Generates (once, under bench/out/) dmesg raw,
// every journal form and the syslog file of one node, then
//   1. per wall-clock form: dmesg raw + that form in a Workbench with a wrong default clock (no
//      user input) -> |fitted boot time - truth.json's bootUs| and the uncertainty stated;
//   2. the cost of re-aligning: dmesg raw, journalctl short, json and syslog added one by one
//      (each add re-aligns: key extraction of the new source, year/zone re-parse, fit), then a
//      full re-alignment with nothing new, then a memoised one;
//   3. memory once the four are in: the matching keys alignment keeps (Workbench.lastAlign) and
//      the heap after a collection (run with --expose-gc for a collected heap).
// Writes only under bench/out/ (git-ignored).
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  openAsBlob,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Workbench } from '../src/core/engine/workbench.ts';
import { createDataset, GENERATOR_VERSION } from '../src/core/generate/dataset.ts';
import type { Truth } from '../src/core/generate/truth.ts';
import type { FormatId } from '../src/core/model/event.ts';
import { ALIGNMENT_FORMS } from '../test/helpers/alignment-forms.ts';
import { benchOptions } from './options.ts';

const COST: FormatId[] = ['dmesg-raw', 'journalctl-short', 'journalctl-json', 'syslog-rfc3164'];

/** The files this bench reads, generated once per size and seed (only these: the rest would take minutes). */
async function dataset(
  mb: number,
  seed: number,
): Promise<{ dir: string; names: Map<FormatId, string>; truth: Truth }> {
  const dir = join(import.meta.dirname, 'out', `alignment-mb${mb}-seed${seed}-v${GENERATOR_VERSION}`);
  const ds = createDataset({ seed, mb });
  const wanted = new Set<FormatId>([...ALIGNMENT_FORMS, ...COST]);
  const files = ds.files.filter((f) => wanted.has(f.format));
  const names = new Map(files.map((f) => [f.format, f.name]));
  const truthPath = join(dir, 'truth.json');
  if (!existsSync(truthPath) || files.some((f) => !existsSync(join(dir, f.name)))) {
    process.stdout.write(`generating ${files.length} files of ${mb} MB into ${dir} ...\n`);
    mkdirSync(dir, { recursive: true });
    for (const f of files) {
      const w = createWriteStream(join(dir, f.name));
      for (const chunk of f.chunks())
        if (!w.write(chunk)) await new Promise<void>((r) => w.once('drain', () => r()));
      await new Promise<void>((r) => w.end(() => r()));
    }
    // bootUs and the incidents are known without the other files.
    writeFileSync(truthPath, JSON.stringify(ds.truth()));
  }
  return { dir, names, truth: JSON.parse(readFileSync(truthPath, 'utf8')) as Truth };
}

/** A wrong default clock: another year, another zone, as a browser elsewhere would give. */
const workbench = () =>
  new Workbench({
    defaultClock: () => ({ year: 2030, utcOffsetMinutes: 60 }),
    maxInputBytes: Number.POSITIVE_INFINITY,
  });

async function add(wb: Workbench, dir: string, name: string): Promise<void> {
  const path = join(dir, name);
  const blob = await openAsBlob(path);
  await wb.addSource({
    name,
    kind: 'file',
    stream: blob.stream() as ReadableStream<Uint8Array>,
    totalBytes: statSync(path).size,
  });
}

const ms = (us: number | null): string => (us === null ? '-' : `${(us / 1000).toFixed(3)} ms`);

async function main(): Promise<void> {
  const o = benchOptions('alignment', process.argv.slice(2));
  const { dir, names, truth } = await dataset(o.mb, o.seed);
  const name = (f: FormatId): string => {
    const n = names.get(f);
    if (!n) throw new Error(`the generator wrote no ${f}`);
    return n;
  };

  process.stdout.write(`\nalignment of dmesg raw (${o.mb} MB, seed ${o.seed}), no user input\n`);
  const head = ['next to', 'evidence', 'anchors', 'error', '± stated', 'year', 'zone'];
  const rows: string[][] = [];
  for (const form of ALIGNMENT_FORMS) {
    const wb = workbench();
    await add(wb, dir, name('dmesg-raw'));
    await add(wb, dir, name(form));
    const [d, w] = wb.clocks().sources;
    const b = d.boots[0];
    rows.push([
      form,
      b.evidence,
      String(b.anchors),
      ms(b.bootTimeUs === null ? null : b.bootTimeUs - truth.bootUs),
      ms(b.uncertaintyUs),
      w.year ? `${w.year.value} (${w.year.how})` : '-',
      w.zone ? `${w.zone.utcOffsetMinutes} (${w.zone.how})` : '-',
    ]);
    process.stdout.write('.');
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 || i >= 5 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  process.stdout.write(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const r of rows) process.stdout.write(`${line(r)}\n`);

  process.stdout.write(`\nre-alignment cost (${o.mb} MB per file)\n`);
  const wb = workbench();
  let events = 0;
  for (const f of COST) {
    const t0 = performance.now();
    await add(wb, dir, name(f));
    const total = performance.now() - t0;
    events += wb.listSources().at(-1)?.events ?? 0;
    const a = wb.lastAlign;
    process.stdout.write(
      `  add ${f.padEnd(18)} ${(total / 1000).toFixed(2)} s, of which alignment ${((a?.millis ?? 0) / 1000).toFixed(2)} s (${a?.reparsed ?? 0} source(s) re-parsed for year/zone); ${events} events in all\n`,
    );
  }
  // Nothing new: a decision set (another each time) re-runs the alignment over what is cached;
  // the median of seven, a shared box being noisy. The same decision again is memoised.
  const id = wb.listSources()[0].sourceId;
  const fulls: number[] = [];
  for (let k = 1; k <= 7; k++) {
    await wb.setClock(id, { shiftUs: k });
    fulls.push(wb.lastAlign?.millis ?? 0);
  }
  fulls.sort((x, y) => x - y);
  const t0 = performance.now();
  await wb.setClock(id, { shiftUs: 7 });
  const memo = performance.now() - t0;
  process.stdout.write(
    `  full re-alignment (keys and matches cached): median ${fulls[3].toFixed(0)} ms (${fulls[0].toFixed(0)} to ${fulls[6].toFixed(0)}); unchanged (memoised): ${memo.toFixed(2)} ms\n`,
  );
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  const mem = process.memoryUsage();
  const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(1)} MB`;
  process.stdout.write(
    `  memory: matching keys kept ${mb(wb.lastAlign?.keyBytes ?? 0)}; heap used ${mb(mem.heapUsed)}, array buffers ${mb(mem.arrayBuffers)}, rss ${mb(mem.rss)}${collect ? ' (after a collection)' : ' (not collected: run with --expose-gc)'}\n`,
  );
}

await main();
