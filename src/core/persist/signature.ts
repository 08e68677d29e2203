// What an incident's findings come to, in a few strings: the rules that fired, the facts that
// tell one incident from another, and the verdict. Kept in the incident's meta for the incidents
// list's search (`rule:kernel.oom-kill`, `exit=137`) and for issue 8's "similar past incidents"
// (search.ts similarity). Only facts that recur across incidents count: a cause, an exit code,
// an OOM's scope and victim, a signal; never a pid, a container id or an address, which are new
// in every incident and would make two same-cause incidents look unrelated.
import type { AnalysisResult, Hypothesis } from '../analysis/model.ts';
import type { IncidentSignature } from './model.ts';

/** The most facts a signature keeps (the meta is listed and searched often: it stays small). */
export const MAX_FACTS = 40;

/** A fact value worth keeping: short and word-like (`memcg`, `OOMKilled`, `SIGKILL`, `137`). */
const WORD = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,47}$/;

/** Finding fact names -> signature fact names, in the order they are kept when over MAX_FACTS. */
const FINDING_FACTS: readonly [string, string][] = [
  ['exitStatus', 'exit'],
  ['exitCode', 'exit'],
  ['signal', 'signal'],
  ['result', 'result'],
  ['resource', 'eviction'],
  ['resourceName', 'eviction'],
  ['reason', 'reason'],
];

/** OOM rules: their `scope` (memcg, global) and the victim's command name. */
const OOM_RULES = /^kernel\.(oom-|killed-process|kill-process-old|memcg-oom)/;

function walk(hs: readonly Hypothesis[]): Hypothesis[] {
  return hs.flatMap((h) => [h, ...walk(h.children)]);
}

/**
 * The signature of an analysis. `causeLabel` names a cause id for the verdict (the app passes the
 * tree's titles in the user's words); without it, the tree's own title for the cause is used.
 */
export function signatureOf(result: AnalysisResult, causeLabel?: (id: string) => string): IncidentSignature {
  const rules = [...new Set(result.findings.map((f) => f.rule))].sort();

  // Facts by priority: what the tree concluded, what went wrong, then what the lines say.
  const ranked: string[][] = [[], [], [], [], []];
  const add = (rank: number, name: string, value: unknown) => {
    const v = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
    if (typeof v === 'string' && WORD.test(v.trim())) ranked[rank].push(`${name}=${v.trim()}`);
  };
  const all = walk(result.hypotheses);
  for (const h of all) {
    if (h.verdict === 'supported' || h.verdict === 'likely') add(0, 'cause', h.id);
    if (h.decision?.state === 'accepted') add(0, 'accepted', h.id);
  }
  for (const s of result.symptoms) {
    add(1, 'symptom', s.kind);
    add(2, 'exit', s.facts.exitCode);
  }
  for (const f of result.findings) {
    if (OOM_RULES.test(f.rule)) {
      add(1, 'oom', f.facts.scope);
      add(2, 'oom-victim', f.facts.comm ?? f.facts.victim ?? f.facts.task);
    }
    if (f.rule.startsWith('systemd.oom') || f.rule === 'node.userspace-oom-killer')
      add(1, 'oom', 'userspace');
    for (const [from, to] of FINDING_FACTS) {
      const v = f.facts[from];
      // systemd says `KILL`, earlyoom `SIGKILL`: one spelling, so the two compare equal.
      if (to === 'signal' && typeof v === 'string' && /^[A-Z]+$/.test(v) && !v.startsWith('SIG'))
        add(3, to, `SIG${v}`);
      else add(to === 'reason' ? 4 : 3, to, v);
    }
  }
  const facts: string[] = [];
  const seen = new Set<string>();
  for (const group of ranked)
    for (const f of [...new Set(group)].sort())
      if (!seen.has(f) && facts.length < MAX_FACTS) {
        seen.add(f);
        facts.push(f);
      }
  facts.sort();

  const v = result.verdict;
  let verdict: IncidentSignature['verdict'] = null;
  if (v.cause !== 'unknown') {
    const title = all.find((h) => h.id === v.cause)?.title;
    verdict = {
      cause: v.cause,
      label: causeLabel?.(v.cause) ?? title ?? v.cause,
      confidence: v.confidence,
      by: v.by,
    };
  }
  return { rules, facts, verdict };
}
