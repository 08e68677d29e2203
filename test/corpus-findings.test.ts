// The corpus through the detector rules (issue 5: "the key facts of each case appear in the
// findings"). Every case's files are parsed with the full second pass (as test/corpus.test.ts
// does), the bundled rules run over each file's events, and every key fact that is a detector-
// worthy event (a kill, an OOM, an error text, an Unknown state, a fork rejection...) must be
// covered by one finding (or the findings of one report on touching lines, see reportsOf): it
// rests on an event of that file, and each of the fact's values is either in the raw lines of
// its events or among its facts. Facts that are plain state or format quirks are listed in
// NOT_APPLICABLE with the reason; applicable facts the rules miss are in KNOWN_GAPS.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/core/analysis/rule-schema.ts';
import { findFindings, loadRules } from '../src/core/analysis/rules.ts';
import { type ParsedSource, parseText } from '../src/core/ingest/parse-text.ts';
import { type CorpusCase, corpusCases, type KeyFact, NOT_PARSING_FACTS } from './helpers/corpus.ts';

const OPTS = { year: 2025, utcOffsetMinutes: 0 };
const cases = corpusCases();

// Keys that describe the fact (or the thread's reading of it) rather than copy a value a
// finding could carry: kind/file locate it, the rest is interpretation or context.
const CONTEXT_KEYS = new Set([
  ...NOT_PARSING_FACTS,
  'age',
  'kernel',
  'path',
  // The repeat count sits in the age column as `(x6975 over 49d)`: a count, not a value to find.
  'count',
  // The containerd namespace is printed on the cleanup line after `shim disconnected`.
  'namespace',
]);
const ID_PREFIX_KEYS = new Set([
  'container_id_prefix',
  'sandbox_id_prefix',
  'task_id_prefix',
  'pod_id_prefix',
]);

/**
 * Key facts that need not be findings, `${case} #${1-based index}` -> why. Plain state (a ps row,
 * a Running container, a config dump), context lines of a report whose headline is a finding,
 * and format quirks (time stamps, headers, pager marks) are the parser's test, not the rules'.
 */
const NOT_APPLICABLE: Record<string, string> = {
  'containerd-10636-lost-control-of-shim #1':
    'a cri status config dump (reason 00MKilled is a label, not an event)',
  'containerd-10636-lost-control-of-shim #2': 'a process that is absent from ps: no line to match',
  'containerd-10636-lost-control-of-shim #3': 'a ctr tasks row in state RUNNING: plain state',
  'containerd-10755-stopcontainer-deadline-stuck-terminating #2':
    'a crictl ps row in state Running: plain state',
  'containerd-2744-containers-fail-to-terminate-1.1.4 #1':
    'a kubectl get pods row in Terminating: plain state',
  'containerd-2744-containers-fail-to-terminate-1.1.4 #3':
    'a goroutine dump the operator asked for (SIGUSR1): a diagnostic, not an event',
  'containerd-3938-task-unknown-runc-defunct #2': 'a runc list row in state running: plain state',
  'containerd-4016-runc-container-does-not-exist #1':
    'a kubectl containerStatuses running state: plain state',
  'containerd-4016-runc-container-does-not-exist #3':
    'containerd stating a container is already CONTAINER_EXITED while stopping its sandbox: plain state',
  'containerd-5708-task-unknown-pause-alive #2':
    'a live /pause in a systemctl status cgroup tree: plain state',
  'containerd-5708-task-unknown-pause-alive #4': 'a ctr containers row (image, runtime): plain state',
  'containerd-8921-dead-shim-host-freeze #3':
    "the shim's info output relayed as cleanup warnings; the dead-shim cleanup (#2) is the finding",
  'containerd-8921-dead-shim-host-freeze #4': 'dockerd ignoring a normal /tasks/delete event',
  'containerd-8921-dead-shim-host-freeze #5':
    'a bridge port entering disabled state: a time-stamp quirk of the case',
  'containerd-8921-dead-shim-host-freeze #6': 'a syslog time stamp without year: a format quirk',
  'containerd-cri-448-too-many-open-files #2':
    'the ulimit -n value in a shell session: a limit, not an event',
  'containerd-cri-448-too-many-open-files #3': 'a count of /proc/<pid>/fd entries: a number, not an event',
  'containerd-cri-448-too-many-open-files #4': 'a count of /proc/<pid>/fd entries: a number, not an event',
  'containerd-wasm-shims-169-spin-shim-short-monotonic #1': 'a monotonic journal stamp: a format quirk',
  'containerd-wasm-shims-169-spin-shim-short-monotonic #2':
    'dockerd enabling a service at info level: normal',
  'containerd-wasm-shims-169-spin-shim-short-monotonic #3': 'a line cut by the pager: a format quirk',
  'cri-o-4693-state-mismatch-kubectl-vs-crictl #1': 'kubectl describe says Running: plain state',
  'cri-o-4693-state-mismatch-kubectl-vs-crictl #2': 'a crictl ps row in state Exited: plain state',
  'cri-o-4693-state-mismatch-kubectl-vs-crictl #3': 'crictl inspect says CONTAINER_EXITED: plain state',
  'k3s-1016-dind-shim-oom-score-invalid #2': 'a Normal Scheduled event',
  'k8s-10861-describe-2015-tabs-memory-limit #1': 'a memory limit in kubectl describe: configuration',
  'k8s-10861-describe-2015-tabs-memory-limit #2':
    'a restart count and Ready False in kubectl describe: plain state',
  'k8s-10861-describe-2015-tabs-memory-limit #3': 'the node a pod runs on: plain state',
  'k8s-56891-java-memcg-oom-dmesg-T #2':
    'the memcg stats context line of an OOM report whose kill lines (#3) are the findings',
  'minikube-4084-ephemeral-storage-eviction #2':
    'the pods ranked for eviction under the eviction-manager line (#1), context of that finding',
  'minikube-4084-ephemeral-storage-eviction #3': 'the journal header -- Logs begin at --: not an event',
  'moby-29638-memcg-count-limit-enospc #2': 'a /proc/cgroups row: a count, not an event',
  'moby-29638-memcg-count-limit-enospc #3': 'a wc -l result in a shell session: a count, not an event',
  'moby-33728-host-oom-influxd-still-up #2': 'a docker ps row Up 5 days: plain state',
  'moby-43491-shim-sigkilled-container-still-running #1':
    'docker inspect State running, ExitCode 0, OOMKilled false: plain state',
  'moby-47757-shim-disconnected-restart #3': 'rsyslog receive time stamps: a format quirk',
  'moby-47757-shim-disconnected-restart #4': 'a zgrep file:line: prefix: a format quirk',
  'rke2-1815-apiserver-crashloop-containerd-log #3':
    "a CreateContainer request whose Attempt:70 counter is state; the crash loop is kubelet's back-off",
  'rke2-1815-apiserver-crashloop-containerd-log #4': 'a normal StartContainer request',
  'systemd-23638-hung-task-pids-awk-mangled #2':
    'the task state row under the hung-task report (#1 is the finding, with comm and pid)',
  'systemd-23638-hung-task-pids-awk-mangled #3': 'the kernel version: context, not an event',
};

/**
 * Applicable facts the bundled rules do not cover yet, with the values still missing. The test
 * asserts they are still missing, so fixing a gap fails here until the entry is removed.
 */
const KNOWN_GAPS: Record<string, { missing: string[]; why: string }> = {};

// Whitespace runs compare as one space and case is ignored: tools print UNKNOWN / Unknown and
// align columns with TABs.
const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ');

interface Parsed {
  src: ParsedSource;
  lines: string[];
}

/**
 * Single values of applicable facts that are context rather than the event, `${case} #n` ->
 * key -> why (the fact's other values must still be covered).
 */
const CONTEXT_VALUES: Record<string, Record<string, string>> = {
  'nerdctl-1039-containerd-restart-kills-logging-shim #3': {
    raw: 'namespace=default is on the `cleaning up after shim disconnected` line before: the namespace, context as the namespace key is',
  },
};

/** The values of a fact a finding could carry (the rest is context). */
function valuesOf(fact: KeyFact, key = ''): [string, string | number | boolean][] {
  const skip = CONTEXT_VALUES[key] ?? {};
  return Object.entries(fact).filter(([k]) => !CONTEXT_KEYS.has(k) && !(k in skip));
}

function lineOf(id: string): number {
  return Number(id.slice(id.lastIndexOf(':') + 1));
}

/**
 * One finding, or the findings of one report printed as several lines that rules match one by
 * one (`Out of memory: Kill process 1877` then `Killed process 1877 ... anon-rss:`): findings of
 * one file whose event lines touch are merged, so a fact spread over such lines is covered.
 */
function reportsOf(findings: Finding[]): Finding[] {
  const spans = findings.map((f) => {
    const lines = f.eventIds.map(lineOf);
    return { f, lo: Math.min(...lines), hi: Math.max(...lines) };
  });
  spans.sort((a, b) => a.lo - b.lo);
  const out: { f: Finding; hi: number }[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.lo <= last.hi + 1) {
      last.f = {
        ...last.f,
        rule: `${last.f.rule}+${s.f.rule}`,
        eventIds: [...last.f.eventIds, ...s.f.eventIds],
        facts: { ...s.f.facts, ...last.f.facts, ...prefixed(s.f) },
      };
      last.hi = Math.max(last.hi, s.hi);
    } else out.push({ f: s.f, hi: s.hi });
  }
  return out.map((x) => x.f);
}

// Merged facts keep every finding's values (two pids of one report both count).
function prefixed(f: Finding): Record<string, string | number> {
  return Object.fromEntries(Object.entries(f.facts).map(([k, v]) => [`${f.rule}.${k}`, v]));
}

/** Which of the fact's values the finding does not cover (empty = covered). */
function uncovered(fact: KeyFact, key: string, f: Finding, p: Parsed): string[] {
  const prefix = `${fact.file}:`;
  const mine = f.eventIds.filter((id) => id.startsWith(prefix));
  if (mine.length === 0) return ['no event of the file'];
  const byId = new Map(p.src.events.map((e) => [e.id, e]));
  const raw = norm(
    mine
      .map((id) => {
        const e = byId.get(id);
        return e ? p.lines.slice(e.line - 1, e.lineEnd).join('\n') : '';
      })
      .join('\n'),
  );
  const factValues = Object.values(f.facts).map((v) => String(v));
  const out: string[] = [];
  for (const [k, v] of valuesOf(fact, key)) {
    const s = String(v);
    const inFacts = ID_PREFIX_KEYS.has(k)
      ? factValues.some((x) => x.startsWith(s) || x.includes(`/${s}`) || x.includes(`-${s}`))
      : factValues.some((x) => norm(x) === norm(s));
    // A number is found as a whole word of the raw lines (pid 797 is not inside 17977).
    const inRaw =
      typeof v === 'number'
        ? new RegExp(`(^|[^\\w.])${s.replace('-', '\\-')}([^\\w.]|$)`).test(raw)
        : raw.includes(norm(s));
    if (!inFacts && !inRaw) out.push(`${k}=${JSON.stringify(v)}`);
  }
  return out;
}

function parseCase(c: CorpusCase): Map<string, Parsed> {
  const out = new Map<string, Parsed>();
  for (const file of Object.keys(c.files)) {
    const text = readFileSync(join(c.dir, file), 'utf8');
    out.set(file, {
      src: parseText(text, { sourceId: file, fileName: file, ...OPTS }),
      lines: text.split(/\r?\n/),
    });
  }
  return out;
}

const rules = loadRules();
let applicable = 0;
let covered = 0;
const misses: string[] = [];

describe('corpus key facts in findings', () => {
  for (const c of cases) {
    describe(c.id, () => {
      const parsed = parseCase(c);
      const findings = new Map<string, Finding[]>();
      for (const [file, p] of parsed) findings.set(file, reportsOf(findFindings(p.src.events, rules)));
      c.key_facts.forEach((fact, i) => {
        const key = `${c.id} #${i + 1}`;
        const why = NOT_APPLICABLE[key];
        if (why) {
          it(`key fact ${i + 1} (${fact.kind}) is not a finding: ${why}`, () => {
            expect(why.length).toBeGreaterThan(10);
          });
          return;
        }
        applicable++;
        const gap = KNOWN_GAPS[key];
        const p = parsed.get(fact.file);
        const list = findings.get(fact.file) ?? [];
        let best: string[] | null = null;
        let bestRule = '';
        for (const f of list) {
          if (!p) break;
          const u = uncovered(fact, key, f, p);
          if (best === null || u.length < best.length) {
            best = u;
            bestRule = f.rule;
          }
          if (u.length === 0) break;
        }
        const ok = best !== null && best.length === 0;
        if (ok) covered++;
        else
          misses.push(
            `${key} ${fact.kind}: ${best ? `${bestRule} misses ${best.join(', ')}` : 'no finding in the file'}`,
          );
        if (gap) {
          it(`key fact ${i + 1} (${fact.kind}) is a known gap: ${gap.why}`, () => {
            expect(best, `closest rule: ${bestRule || 'none'}`).toEqual(gap.missing);
          });
          return;
        }
        it(`covers key fact ${i + 1} (${fact.kind} in ${fact.file})`, () => {
          // A fact with nothing to compare would be covered by any finding of its file.
          expect(valuesOf(fact, key).length, 'no value to find: list it in NOT_APPLICABLE').toBeGreaterThan(
            0,
          );
          expect(best ?? ['no finding in the file'], `closest rule: ${bestRule || 'none'}`).toEqual([]);
        });
      });
    });
  }
  it('reports the coverage', () => {
    console.log(
      `corpus findings: ${cases.length} cases, ${applicable + Object.keys(NOT_APPLICABLE).length} key facts, ${Object.keys(NOT_APPLICABLE).length} not applicable, ${applicable} applicable, ${covered} covered, ${Object.keys(KNOWN_GAPS).length} known gaps`,
    );
    if (misses.length) console.log(misses.join('\n'));
    expect(NOT_APPLICABLE_UNKNOWN()).toEqual([]);
    expect(covered + Object.keys(KNOWN_GAPS).length).toBe(applicable);
  });
});

// Every not-applicable entry must name a real fact, so a renamed case does not leave a stale excuse.
function NOT_APPLICABLE_UNKNOWN(): string[] {
  const keys = new Set(cases.flatMap((c) => c.key_facts.map((_, i) => `${c.id} #${i + 1}`)));
  return [...Object.keys(NOT_APPLICABLE), ...Object.keys(KNOWN_GAPS), ...Object.keys(CONTEXT_VALUES)].filter(
    (k) => !keys.has(k),
  );
}
