// One fuzz batch: `numRuns` inputs from a fixed seed through every check (harness.ts). Runs in
// a worker thread (batch-worker.mjs) or in the test's own thread (FUZZ_THREADS=1).
import fc from 'fast-check';
import { fuzzInput } from './arbitraries.ts';
import { checkEngine, checkParse, stats } from './harness.ts';

export interface BatchOptions {
  seed: number;
  numRuns: number;
  /** fast-check's path of one case, to replay it. */
  path?: string;
  /** Shrink a failure to a minimal input (off by default: see batches.ts). */
  shrink?: boolean;
}

export interface BatchReport {
  seed: number;
  inputs: number;
  /** Inputs that also went through the Workbench and its analysis. */
  analyzed: number;
  /** Characters generated. */
  chars: number;
  millis: number;
  /** The slowest stage of any input (best of its runs) and its time. */
  slowestStage: string;
  slowestMs: number;
  /** The highest ratio of a stage's time to the split time, where the split took >= 20 µs. */
  maxRatio: number;
  maxRatioStage: string;
}

export async function runBatch(o: BatchOptions): Promise<BatchReport> {
  const t0 = performance.now();
  // The slowest stages of this batch only (a thread runs several).
  Object.assign(stats, { maxRatio: 0, maxRatioStage: '', maxMs: 0, maxMsStage: '' });
  const before = { ...stats };
  await fc.assert(
    fc.asyncProperty(fuzzInput, async (input) => {
      checkParse(input);
      if (input.analyze) await checkEngine(input);
    }),
    {
      seed: o.seed,
      numRuns: o.numRuns,
      ...(o.path ? { path: o.path } : {}),
      endOnFailure: !o.shrink,
    },
  );
  return {
    seed: o.seed,
    inputs: stats.inputs - before.inputs,
    analyzed: stats.analyzed - before.analyzed,
    chars: stats.bytes - before.bytes,
    millis: performance.now() - t0,
    slowestStage: stats.maxMsStage,
    slowestMs: stats.maxMs,
    maxRatio: stats.maxRatio,
    maxRatioStage: stats.maxRatioStage,
  };
}
