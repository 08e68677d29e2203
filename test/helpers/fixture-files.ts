// The fixture inputs under test/fixtures: every file except snapshots, notes and expectations.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES_ROOT = join(import.meta.dirname, '..', 'fixtures');

export function fixtureFiles(dir = FIXTURES_ROOT): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== '__snapshots__') out.push(...fixtureFiles(p));
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
