// Entry point of `npm run rca -- ...`: the process around run().
import { processIo } from './io.ts';
import { run } from './run.ts';

run(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // A bug, not a user error: keep the stack for the report, still one line first.
    process.stderr.write(`rca: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  },
);
