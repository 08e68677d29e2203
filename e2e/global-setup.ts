// Makes the big inputs of the big-file journeys once; later runs reuse them.
// - BIG_FILE (100 MB): the project's own generator writes a realistic dataset; the journey reads
//   its `journalctl` short file.
// - HUGE_FILE (1 GB): BIG_FILE ten times over, concatenated with streams in a few seconds (no
//   second generator run). Realistic generated journal lines, as the app would be given; the
//   journey expects it refused before it is read, so its repeated clock does not matter.
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';

export const BIG_DIR = 'test-results/big';
export const BIG_FILE = join(BIG_DIR, 'journalctl-short.log');
export const HUGE_FILE = join(BIG_DIR, 'journal-1g.log');
/** At least this many bytes (a decimal gigabyte, 953.7 MiB: over the tab's 512 MiB limit). */
export const HUGE_BYTES = 1_000_000_000;
const BIG_MB = 100;

function makeBig(): void {
  if (existsSync(BIG_FILE) && statSync(BIG_FILE).size >= BIG_MB * 1e6 * 0.95) return;
  rmSync(BIG_DIR, { recursive: true, force: true });
  execFileSync(
    'npm',
    [
      'run',
      '--silent',
      'rca',
      '--',
      'generate',
      '--out',
      BIG_DIR,
      '--mb',
      String(BIG_MB),
      '--seed',
      '7',
      // Only the file the journeys read: the other formats at that size would cost ~2 GB and
      // most of a minute.
      '--only',
      'journalctl-short.log',
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 15 * 60_000,
    },
  );
}

async function makeHuge(): Promise<void> {
  if (existsSync(HUGE_FILE) && statSync(HUGE_FILE).size >= HUGE_BYTES) return;
  // Written aside and renamed, so a run stopped half-way (or a second checkout's setup running
  // at the same time) never leaves a short file under the real name.
  const part = `${HUGE_FILE}.${process.pid}.part`;
  const out = createWriteStream(part);
  const copy = statSync(BIG_FILE).size;
  for (let n = 0; n < HUGE_BYTES; n += copy) {
    for await (const chunk of createReadStream(BIG_FILE)) {
      if (!out.write(chunk)) await once(out, 'drain');
    }
  }
  out.end();
  await finished(out);
  renameSync(part, HUGE_FILE);
}

export default async function globalSetup(): Promise<void> {
  makeBig();
  // 70 GB are free on the CI machine: the file stays under test-results/big for the next runs.
  await makeHuge();
}
