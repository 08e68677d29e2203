#!/usr/bin/env node
// `npm test`: type check, lint (Biome + boundaries), unit and component tests (vitest), then the
// Playwright journeys in Chromium. Every step runs even when an earlier one fails, so one run
// shows everything; the last line is `N passed, N failed` (CI counts it), and the exit code is 1
// when anything failed. vitest and Playwright print no such line, so it is built from their
// JSON reports.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const results = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
mkdirSync('test-results', { recursive: true });

function run(label, cmd, args, env = {}) {
  const t0 = Date.now();
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  console.log(
    `=== ${label}: ${ok ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  return ok;
}

function check(label, cmd, args) {
  const ok = run(label, cmd, args);
  if (ok) results.passed++;
  else results.failed++;
  lines.push(`${label}: ${ok ? 'passed' : 'FAILED'}`);
}

check('typecheck', 'npx', ['tsc', '-b']);
check('lint', 'npx', ['biome', 'check', '.']);
check('boundaries', 'node', ['scripts/check-boundaries.mjs']);

const vitestJson = 'test-results/vitest.json';
rmSync(vitestJson, { force: true });
const vitestOk = run('unit + component tests', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
  results.passed += v.numPassedTests;
  results.failed += v.numFailedTests;
  results.skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
  // A suite that fails to load has no failed test but fails the run.
  const brokenFiles = (v.testResults ?? []).filter(
    (f) => f.status === 'failed' && f.assertionResults.length === 0,
  );
  results.failed += brokenFiles.length;
  lines.push(`vitest: ${v.numPassedTests} passed, ${v.numFailedTests + brokenFiles.length} failed`);
  if (!vitestOk && v.numFailedTests + brokenFiles.length === 0) results.failed++;
} else {
  results.failed++;
  lines.push('vitest: no report (it did not run)');
}

const e2eJson = 'test-results/e2e.json';
rmSync(e2eJson, { force: true });
const e2eOk = run('Playwright journeys', 'npx', ['playwright', 'test'], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson,
});
if (existsSync(e2eJson)) {
  const p = JSON.parse(readFileSync(e2eJson, 'utf8'));
  const s = p.stats ?? {};
  results.passed += (s.expected ?? 0) + (s.flaky ?? 0);
  results.failed += s.unexpected ?? 0;
  results.skipped += s.skipped ?? 0;
  lines.push(`playwright: ${(s.expected ?? 0) + (s.flaky ?? 0)} passed, ${s.unexpected ?? 0} failed`);
  if (!e2eOk && !(s.unexpected > 0)) results.failed++;
} else {
  results.failed++;
  lines.push('playwright: no report (it did not run)');
}

console.log(`\n${lines.join('\n')}`);
console.log(
  `${results.passed} passed, ${results.failed} failed${results.skipped ? `, ${results.skipped} skipped` : ''}`,
);
process.exit(results.failed > 0 ? 1 : 0);
