// The fixture inputs under test/fixtures: every file except snapshots, notes and expectations,
// and the incident bundles in test/fixtures/bundles (not log input: src/core/persist reads them).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES_ROOT = join(import.meta.dirname, '..', 'fixtures');

export function fixtureFiles(dir = FIXTURES_ROOT): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== '__snapshots__' && !(dir === FIXTURES_ROOT && name === 'bundles'))
        out.push(...fixtureFiles(p));
    } else if (
      !name.endsWith('.snap.txt') &&
      !name.endsWith('.md') &&
      !name.endsWith('.source.txt') &&
      !name.endsWith('.expect.json')
    ) {
      out.push(p);
    }
  }
  return out.sort();
}
