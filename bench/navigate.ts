// Navigation speed over a big view (node --import tsx bench/navigate.ts [-- --rows N]): builds
// a Workbench of three interleaved sources (journalctl -o json, a severity per record), then
// times view(), histogram(), lanes(), indexAt() and find() on the view of every row. The
// histogram and lanes are meant to answer a million-row view in tens of ms (issue 4).
import { Workbench } from '../src/core/engine/workbench.ts';

const CLOCK = { year: 2025, utcOffsetMinutes: 0 };
const T0 = Date.UTC(2025, 10, 26, 0, 0, 0) * 1000;

function rowsOption(argv: string[]): number {
  const k = argv.indexOf('--rows');
  const n = k === -1 ? 1_000_000 : Number(argv[k + 1]);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write('usage: node --import tsx bench/navigate.ts [--rows N]\n');
    process.exit(2);
  }
  return n;
}

/** One source's records as a byte stream, generated chunk by chunk (never one huge string). */
function source(
  name: string,
  count: number,
  phase: number,
): { stream: ReadableStream<Uint8Array>; size: number } {
  const enc = new TextEncoder();
  const line = (i: number) => {
    // Three sources interleave on one 24 h span, each in time order (as logs are).
    const t = T0 + Math.floor(((i * 3 + phase) * 86_400e6) / (count * 3));
    const prio = i % 97 === 0 ? 3 : i % 13 === 0 ? 4 : i % 5 === 0 ? 7 : 6;
    return `{"__REALTIME_TIMESTAMP":"${t}","PRIORITY":"${prio}","_HOSTNAME":"node-1","SYSLOG_IDENTIFIER":"${name}","MESSAGE":"request ${i} done in ${i % 1000} ms${i % 50_000 === 0 ? ' needle' : ''}"}\n`;
  };
  let size = 0;
  for (let i = 0; i < count; i++) size += enc.encode(line(i)).length;
  let i = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (i >= count) {
        c.close();
        return;
      }
      const parts: string[] = [];
      for (const end = Math.min(count, i + 4096); i < end; i++) parts.push(line(i));
      c.enqueue(enc.encode(parts.join('')));
    },
  });
  return { stream, size };
}

function time<T>(label: string, runs: number, f: () => T): T {
  let best = Number.POSITIVE_INFINITY;
  let out: T | undefined;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    out = f();
    best = Math.min(best, performance.now() - t0);
  }
  process.stdout.write(`${label.padEnd(44)} ${best.toFixed(1).padStart(8)} ms (best of ${runs})\n`);
  return out as T;
}

async function main(): Promise<void> {
  const total = rowsOption(process.argv.slice(2));
  const wb = new Workbench({ defaultClock: () => CLOCK, maxInputBytes: Number.POSITIVE_INFINITY });
  const t0 = performance.now();
  for (const [k, name] of ['api', 'worker', 'db'].entries()) {
    const { stream, size } = source(name, Math.ceil(total / 3), k);
    await wb.addSource({ name: `${name}.json`, kind: 'file', stream, totalBytes: size, clock: CLOCK });
  }
  process.stdout.write(
    `${'load (3 sources)'.padEnd(44)} ${(performance.now() - t0).toFixed(0).padStart(8)} ms\n`,
  );
  const all = { sources: [], severities: [], search: '' };
  // Every call but the first is served from the view cache: time the first one only.
  const v = time('view (all rows, first query)', 1, () => wb.view(all));
  process.stdout.write(
    `rows: ${v.total.toLocaleString('en-US')} (${v.timed.toLocaleString('en-US')} timed)\n`,
  );
  const from = v.first ?? 0;
  const to = v.last ?? 0;
  time('histogram 1,000 bins, whole range (1st: classes)', 1, () =>
    wb.histogram({ viewId: v.viewId, from, to, bins: 1000 }),
  );
  time('histogram 1,000 bins, whole range', 5, () =>
    wb.histogram({ viewId: v.viewId, from, to, bins: 1000 }),
  );
  time('histogram 1,000 bins, 1 h window', 5, () =>
    wb.histogram({ viewId: v.viewId, from: from + 3_600e6, to: from + 7_200e6, bins: 1000 }),
  );
  time('lanes by source, 1,000 bins, whole range', 5, () =>
    wb.lanes({ viewId: v.viewId, from, to, bins: 1000, by: 'source' }),
  );
  time('indexAt x 10,000', 3, () => {
    let s = 0;
    for (let k = 0; k < 10_000; k++) s += wb.indexAt(v.viewId, from + ((to - from) * k) / 10_000);
    return s;
  });
  time('find "needle" (1st: masks)', 1, () => wb.find(v.viewId, 'needle', 0, 1));
  time('find "needle" forward from the middle', 5, () => wb.find(v.viewId, 'needle', v.total >> 1, 1));
  time('find "absent" (whole view, no match)', 1, () => wb.find(v.viewId, 'absent', 0, 1));
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
