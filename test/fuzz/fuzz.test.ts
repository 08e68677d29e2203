// The fuzz (issue 7 part 7): 100,000 generated inputs in ten batches of fixed seeds, through
// detection, parsers, the ingest and (1 in 40) the engine's analysis. See batches.ts for the
// knobs (FUZZ_RUNS, FUZZ_SEED, FUZZ_PATH, FUZZ_SHRINK, FUZZ_THREADS, FUZZ_STATS), harness.ts for
// the checks and the time budget, arbitraries.ts for the generators.
import { fuzzBatches } from './batches.ts';

fuzzBatches();
