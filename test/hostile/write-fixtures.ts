// Writes e2e/fixtures/hostile/ from the corpus: `npx tsx test/hostile/write-fixtures.ts`.
// test/hostile/fixtures.test.ts fails while the committed files differ from what this writes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_DIR, hostileFixtures } from './fixtures.ts';

for (const [name, text] of Object.entries(hostileFixtures())) {
  writeFileSync(join(FIXTURE_DIR, name), text);
  console.log(`${name}: ${text.length} characters`);
}
