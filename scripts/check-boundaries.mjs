#!/usr/bin/env node
// Boundaries the design enforces by tooling (DESIGN.md section 6):
// - src/core is pure: no React, zustand, TanStack, DOM globals or Node built-ins (it runs in a
//   Web Worker and in Node);
// - features do not import each other (they compose only in src/app).
// Prints every violation with file:line and exits 1 when there is any.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const problems = [];

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (/\.(ts|tsx)$/.test(name)) out.push(p);
  }
  return out;
}

const IMPORT_RE =
  /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;
const CORE_BANNED_IMPORTS = [
  /^react(-dom)?(\/|$)/,
  /^zustand/,
  /^@tanstack\//,
  /^node:/,
  /^(fs|path|os|child_process|worker_threads)$/,
];
// DOM globals a pure core must not touch (web-standard streams, TextDecoder and Blob are allowed:
// they exist in Node 20 and in workers).
const CORE_BANNED_GLOBALS =
  /\b(window|document|localStorage|sessionStorage|navigator|HTMLElement|indexedDB)\b\s*[.[(]/;

for (const file of walk(join(root, 'src/core'))) {
  const rel = relative(root, file);
  const isTest = /\.test\.tsx?$/.test(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2] ?? m[3];
    // Tests of the core may read fixtures with node:fs; the core itself may not.
    if (isTest && /^node:/.test(spec)) continue;
    if (CORE_BANNED_IMPORTS.some((re) => re.test(spec))) {
      const line = text.slice(0, m.index).split('\n').length;
      problems.push(`${rel}:${line}: src/core imports '${spec}'`);
    }
  }
  if (!isTest) {
    text.split('\n').forEach((l, i) => {
      if (/^\s*(\/\/|\/\*|\*)/.test(l)) return;
      if (CORE_BANNED_GLOBALS.test(l))
        problems.push(`${rel}:${i + 1}: src/core uses a DOM global: ${l.trim()}`);
    });
  }
}

const featuresDir = join(root, 'src/features');
let features = [];
try {
  features = readdirSync(featuresDir).filter((n) => statSync(join(featuresDir, n)).isDirectory());
} catch {
  features = [];
}
for (const feature of features) {
  for (const file of walk(join(featuresDir, feature))) {
    const rel = relative(root, file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2] ?? m[3];
      const other = features.find(
        (f) =>
          f !== feature &&
          (spec.includes(`features/${f}/`) ||
            spec.endsWith(`features/${f}`) ||
            spec.startsWith(`../${f}/`) ||
            spec === `../${f}`),
      );
      if (other) {
        const line = text.slice(0, m.index).split('\n').length;
        problems.push(
          `${rel}:${line}: feature '${feature}' imports feature '${other}' (compose them in src/app)`,
        );
      }
    }
  }
}

// The project is self-contained: its app, CLI, tests, journeys and benchmark never read the
// team's shared folder at run time (copy what you need into test/fixtures or test/corpus).
const SHARED_PATH = /(?:\/work\/shared\/|(?:\.\.\/)+shared\/(?:corpus|formats|seed|bench)\b)/;
for (const dir of ['src', 'test', 'e2e', 'bench', 'scripts']) {
  for (const file of walk(join(root, dir))) {
    if (file === new URL(import.meta.url).pathname) continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((l, i) => {
        if (/^\s*(\/\/|\/\*|\*)/.test(l)) return; // a comment may say where a copy came from
        if (SHARED_PATH.test(l))
          problems.push(`${relative(root, file)}:${i + 1}: reads the shared folder at run time`);
      });
  }
}

if (problems.length) {
  console.error(`boundaries: ${problems.length} violation(s)`);
  for (const p of problems) console.error(`  ${p.split(sep).join('/')}`);
  process.exit(1);
}
console.log('boundaries: src/core is pure, features are independent, nothing reads ../shared');
