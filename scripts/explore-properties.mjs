#!/usr/bin/env node
// Runs every test file that uses fast-check under fresh random seeds, to find counterexamples
// before a CI run does (CI pins one seed: test/setup/fast-check.ts). Each round prints its seed;
// a failing round prints the command that replays it.
//   npm run test:explore            5 rounds
//   npm run test:explore -- 20      20 rounds
import { execFileSync, spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';

const rounds = Number(process.argv[2] ?? 5);
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error(`rounds must be a positive integer, got "${process.argv[2]}"`);
  process.exit(2);
}
// The fuzz batches (test/fuzz) carry their own seeds and take a minute: left out.
const files = execFileSync('git', ['grep', '-l', "from 'fast-check'", '--', 'src', 'test'], {
  encoding: 'utf8',
})
  .split('\n')
  .filter((f) => /\.test\.tsx?$/.test(f) && !f.startsWith('test/fuzz/'));

const failed = [];
for (let i = 1; i <= rounds; i++) {
  const seed = randomInt(-(2 ** 31), 2 ** 31 - 1);
  console.log(`round ${i}/${rounds}: FC_SEED=${seed}, ${files.length} files`);
  const run = spawnSync('npx', ['vitest', 'run', ...files], {
    stdio: 'inherit',
    env: { ...process.env, CI: '', FC_SEED: String(seed) },
  });
  if (run.status !== 0) failed.push(seed);
}
if (failed.length > 0) {
  console.log(`\n${failed.length} of ${rounds} rounds failed. Replay one with:`);
  for (const seed of failed) console.log(`  FC_SEED=${seed} npx vitest run ${files.join(' ')}`);
  process.exit(1);
}
console.log(`\n${rounds} rounds, ${files.length} files each: no counterexample`);
