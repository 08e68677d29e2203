// Makes the 100 MB input of the big-file journey once: the project's own generator writes a
// realistic dataset; the journey reads its `journalctl` short file. Later runs reuse it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const BIG_DIR = 'test-results/big';
export const BIG_FILE = join(BIG_DIR, 'journalctl-short.log');
const BIG_MB = 100;

export default function globalSetup(): void {
  if (existsSync(BIG_FILE) && statSync(BIG_FILE).size >= BIG_MB * 1e6 * 0.95) return;
  rmSync(BIG_DIR, { recursive: true, force: true });
  execFileSync(
    'npm',
    ['run', '--silent', 'rca', '--', 'generate', '--out', BIG_DIR, '--mb', String(BIG_MB), '--seed', '7'],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 15 * 60_000,
    },
  );
  // The generator writes every format at that size; only one file is read here, so the other
  // ~1.6 GB are not left lying around.
  for (const f of readdirSync(BIG_DIR)) {
    if (join(BIG_DIR, f) !== BIG_FILE) rmSync(join(BIG_DIR, f), { force: true });
  }
}
