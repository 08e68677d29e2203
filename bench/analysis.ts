// The analysis (node --expose-gc --import tsx bench/analysis.ts [--mb N] [--seed S]): generates
// one node's raw dmesg, `journalctl -b` (short) and crictl output with the project's generator
// (three OOM incidents: a shim killed by its pod's memcg, a container killed by its memcg, a host
// OOM), loads them into a Workbench as the app does, then measures
//   1. the first analysis (one replay of every store through the rules, the entity links, the
//      tree) and the ones after it (a new analyst decision: times, symptoms and tree only);
//   2. whether each injected kill is found: the incident's kill line among the for-evidence of
//      its cause (truth.json's cause) and that hypothesis not below `likely`;
//   3. the heap after a collection.
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
import type { AnalysisResult, Hypothesis } from '../src/core/analysis/model.ts';
import { Workbench } from '../src/core/engine/workbench.ts';
import { createDataset, GENERATOR_VERSION } from '../src/core/generate/dataset.ts';
import type { Truth } from '../src/core/generate/truth.ts';
import { benchOptions } from './options.ts';

const FILES = ['dmesg-raw.log', 'journalctl-short.log', 'crictl-ps.txt', 'crictl-inspect.json'];

async function dataset(mb: number, seed: number): Promise<{ dir: string; truth: Truth }> {
  const dir = join(import.meta.dirname, 'out', `analysis-mb${mb}-seed${seed}-v${GENERATOR_VERSION}`);
  const truthPath = join(dir, 'truth.json');
  if (!existsSync(truthPath) || FILES.some((f) => !existsSync(join(dir, f)))) {
    const ds = createDataset({ seed, mb });
    process.stdout.write(`generating ${FILES.length} files of ${mb} MB into ${dir} ...\n`);
    mkdirSync(dir, { recursive: true });
    for (const f of ds.files) {
      // The dataset counts lines while writing: every file is drained, only ours are kept.
      const keep = FILES.includes(f.name);
      const w = keep ? createWriteStream(join(dir, f.name)) : null;
      for (const chunk of f.chunks())
        if (w && !w.write(chunk)) await new Promise<void>((r) => w.once('drain', () => r()));
      if (w) await new Promise<void>((r) => w.end(() => r()));
    }
    writeFileSync(truthPath, JSON.stringify(ds.truth()));
  }
  return { dir, truth: JSON.parse(readFileSync(truthPath, 'utf8')) as Truth };
}

function walk(hs: readonly Hypothesis[]): Hypothesis[] {
  return hs.flatMap((h) => [h, ...walk(h.children)]);
}

function found(r: AnalysisResult, truth: Truth): string[] {
  return truth.incidents.map((inc) => {
    const kill = inc.keyLines.find((k) => k.file === 'dmesg-raw.log' && k.id === 'kernel.killed');
    const h = r.hypotheses.find((x) => x.cause === inc.cause);
    const ids = new Set(walk(h ? [h] : []).flatMap((x) => x.for.flatMap((e) => e.eventIds)));
    const hit = kill
      ? [...ids].some((id) => id.endsWith(`:${kill.line}`) && id.includes('dmesg-raw'))
      : false;
    return `${inc.kind} (${inc.cause}): ${h ? `${h.verdict} ${h.score.toFixed(2)}` : 'absent'}, kill line dmesg-raw.log:${kill?.line ?? '?'} ${hit ? 'cited' : 'NOT cited'}`;
  });
}

async function main(): Promise<void> {
  const o = benchOptions('analysis', process.argv.slice(2));
  const { dir, truth } = await dataset(o.mb, o.seed);
  const wb = new Workbench({
    defaultClock: () => ({ year: truth.year, utcOffsetMinutes: 0 }),
    maxInputBytes: Number.POSITIVE_INFINITY,
  });
  let bytes = 0;
  for (const name of FILES) {
    const path = join(dir, name);
    bytes += statSync(path).size;
    await wb.addSource({
      name,
      kind: 'file',
      stream: (await openAsBlob(path)).stream() as ReadableStream<Uint8Array>,
      totalBytes: statSync(path).size,
    });
  }
  const events = wb.listSources().reduce((n, s) => n + s.events, 0);
  process.stdout.write(
    `\nanalysis of ${(bytes / 1e6).toFixed(1)} MB, ${events} events (${FILES.join(', ')})\n`,
  );
  let t0 = performance.now();
  const first = wb.analysis();
  const firstMs = performance.now() - t0;
  const again: number[] = [];
  for (let k = 0; k < 7; k++) {
    t0 = performance.now();
    wb.analysis({ decisions: { other: { state: 'rejected', note: `run ${k}` } } });
    again.push(performance.now() - t0);
  }
  again.sort((a, b) => a - b);
  process.stdout.write(
    `  first analysis (replay + rules + links + tree): ${firstMs.toFixed(0)} ms; with a new decision: median ${again[3].toFixed(1)} ms (${again[0].toFixed(1)} to ${again[6].toFixed(1)})\n`,
  );
  process.stdout.write(
    `  ${first.findings.length} findings, ${first.symptoms.length} symptoms; verdict ${first.verdict.cause} (${first.verdict.confidence.toFixed(2)})\n`,
  );
  for (const line of found(first, truth)) process.stdout.write(`  ${line}\n`);
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  const mem = process.memoryUsage();
  process.stdout.write(
    `  heap used ${(mem.heapUsed / 1048576).toFixed(1)} MB, array buffers ${(mem.arrayBuffers / 1048576).toFixed(1)} MB${collect ? ' (after a collection)' : ' (run with --expose-gc for a collected heap)'}\n`,
  );
}

await main();
