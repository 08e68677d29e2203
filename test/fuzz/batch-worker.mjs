// A thread that runs fuzz batches (see batches.ts), one message each, so the batches use every
// core of the machine (vitest runs one test file at a time on the 2-core CI machine). Plain
// JavaScript: the thread loads the TypeScript through tsx, which the project already uses for
// its CLI; loading it takes a few seconds, so a thread runs several batches.
import { parentPort } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { runBatch } = await tsImport('./run-batch.ts', import.meta.url);
parentPort.on('message', async (options) => {
  try {
    parentPort.postMessage({ ok: true, report: await runBatch(options) });
  } catch (e) {
    // fast-check's message names the seed, the path and the input; its cause is what failed.
    let message = e instanceof Error ? e.message : String(e);
    for (let c = e instanceof Error ? e.cause : undefined; c; c = c instanceof Error ? c.cause : undefined) {
      message += `\nCaused by: ${c instanceof Error ? (c.stack ?? c.message) : String(c)}`;
    }
    parentPort.postMessage({ ok: false, message });
  }
});
