// The fuzz in batches (issue 7 part 7): FUZZ_RUNS inputs in all (default 100,000) in BATCHES
// batches of fixed seeds. The batches run in worker threads (batch-worker.mjs), one per core up to
// FUZZ_THREADS: on the 2-core CI machine vitest runs one test file at a time, and one thread alone
// needs about 140 s of CPU for the 100,000 inputs. A thread takes a few seconds to load the code,
// so the threads are kept for the whole file and run batch after batch.
//
// A failure prints fast-check's seed and path (and the input). Replay that one case with
//   FUZZ_SEED=<seed> FUZZ_PATH=<path> npx vitest run test/fuzz
// and add FUZZ_SHRINK=1 to shrink it to a minimal input. Shrinking is off by default: a case
// that blows the time budget would be run again hundreds of times while shrinking.
// FUZZ_RUNS=1000000 makes a long local run; FUZZ_SEED=<any> FUZZ_RUNS=<n> one batch of another
// seed; FUZZ_THREADS=1 runs in the test's own thread (for a debugger); FUZZ_STATS=1 prints each
// batch's time and its slowest stages.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, it } from 'vitest';
import { type BatchOptions, type BatchReport, runBatch } from './run-batch.ts';

export const BATCHES = 10;
/** Inputs in all. */
export const TOTAL_RUNS = Number(process.env.FUZZ_RUNS ?? 100_000);
/** Fixed seeds: batch k uses BASE_SEED + k, so every run of the suite tests the same inputs. */
export const BASE_SEED = 70_700;
const THREADS = Math.max(1, Math.min(BATCHES, Number(process.env.FUZZ_THREADS ?? availableParallelism())));
/**
 * What one batch may take, waiting for a thread included: the whole fuzz takes ~140 s of CPU on
 * the CI machine; ten times that for a loaded machine, and more for a long run.
 */
const TIMEOUT_MS = Math.max(1_500_000, (TOTAL_RUNS / BATCHES) * 150);

type Reply = { ok: true; report: BatchReport } | { ok: false; message: string };

/** A few threads, each running one batch at a time. */
class Threads {
  private readonly idle: Worker[] = [];
  private readonly waiting: ((w: Worker) => void)[] = [];
  private started = 0;

  constructor(private readonly size: number) {}

  async run(o: BatchOptions): Promise<BatchReport> {
    const w = await this.take();
    try {
      return await new Promise<BatchReport>((resolve, reject) => {
        const onMessage = (m: Reply) => {
          w.off('error', onError);
          if (m.ok) resolve(m.report);
          else reject(new Error(m.message));
        };
        const onError = (e: Error) => {
          w.off('message', onMessage);
          reject(e);
        };
        w.once('message', onMessage);
        w.once('error', onError);
        w.postMessage(o);
      });
    } finally {
      this.give(w);
    }
  }

  close(): Promise<number[]> {
    return Promise.all(this.idle.splice(0).map((w) => w.terminate()));
  }

  private take(): Promise<Worker> {
    const w = this.idle.pop();
    if (w) return Promise.resolve(w);
    if (this.started < this.size) {
      this.started++;
      return Promise.resolve(new Worker(new URL('./batch-worker.mjs', import.meta.url)));
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private give(w: Worker): void {
    const next = this.waiting.shift();
    if (next) next(w);
    else this.idle.push(w);
  }
}

function report(label: string, r: BatchReport): void {
  if (process.env.FUZZ_STATS !== '1') return;
  console.log(
    `fuzz ${label} (seed ${r.seed}): ${r.inputs} inputs, ${r.analyzed} through the engine, ${(r.chars / 1e6).toFixed(1)} M chars, ${(r.millis / 1000).toFixed(1)} s; slowest stage ${r.slowestStage} ${r.slowestMs.toFixed(0)} ms; highest ratio to the split ${r.maxRatio.toFixed(0)} (${r.maxRatioStage})`,
  );
}

/** Declares the batches (or the one replay FUZZ_SEED asks for). */
export function fuzzBatches(): void {
  const threads = THREADS > 1 ? new Threads(THREADS) : null;
  const run = (o: BatchOptions) => (threads ? threads.run(o) : runBatch(o));
  afterAll(async () => {
    await threads?.close();
  });

  describe.concurrent('fuzz: detection, parsers, ingest and analysis never throw, hang or lose a line', () => {
    const replay = process.env.FUZZ_SEED;
    if (replay !== undefined) {
      it(
        `replays seed ${replay}`,
        async () => {
          // With a path, fast-check runs that one case (then shrinks it with FUZZ_SHRINK=1).
          const path = process.env.FUZZ_PATH;
          const numRuns = Number(process.env.FUZZ_RUNS ?? (path ? 1 : TOTAL_RUNS / BATCHES));
          report(
            'replay',
            await run({ seed: Number(replay), numRuns, path, shrink: process.env.FUZZ_SHRINK === '1' }),
          );
        },
        TIMEOUT_MS,
      );
      return;
    }
    for (let k = 0; k < BATCHES; k++) {
      const seed = BASE_SEED + k;
      const numRuns = Math.floor(TOTAL_RUNS / BATCHES) + (k < TOTAL_RUNS % BATCHES ? 1 : 0);
      it(
        `batch ${k + 1} of ${BATCHES}: ${numRuns} inputs, seed ${seed}`,
        async () => {
          report(`batch ${k + 1}`, await run({ seed, numRuns }));
        },
        TIMEOUT_MS,
      );
    }
  });
}
