// `rca analyze`: files -> the cause-hypothesis tree (issue 5 part 6), through the same Workbench
// the app runs (files read and clocks set exactly as `rca timeline` does), so the verdict printed
// here is the one the Analysis panel shows. `--json` is DESIGN.md section 5's shape: symptoms,
// findings, hypotheses best first, verdict; plus the gaps, steps, coverage and focus the panel
// uses. Every time is ISO-8601 (UTC) or null.
import type {
  AnalysisResult,
  Evidence,
  Gap,
  Hypothesis,
  SourceCoverage,
  Step,
} from '../core/analysis/model.ts';
import type { Finding } from '../core/analysis/rule-schema.ts';
import type { Symptom } from '../core/analysis/symptoms.ts';
import { microsToIso } from '../core/util/time.ts';
import type { ParsedArgs } from './args.ts';
import { BufferedOut, type CliIo } from './io.ts';
import { load, optionsOf } from './timeline-command.ts';

export const ANALYZE_OPTIONS = {
  json: { value: false },
  year: { value: true },
  'utc-offset': { value: true },
  'captured-at': { value: true },
} as const;

const iso = (us: number | null | undefined): string | null =>
  us === null || us === undefined ? null : microsToIso(us);

// ---------------------------------------------------------------- JSON

function findingJson(f: Finding) {
  return {
    id: f.id,
    rule: f.rule,
    title: f.title,
    severity: f.severity,
    time: iso(f.time),
    eventIds: f.eventIds,
    facts: f.facts,
  };
}

function symptomJson(s: Symptom) {
  return { ...s, time: iso(s.time) };
}

function evidenceJson(e: Evidence) {
  return e.coverage
    ? { ...e, coverage: { ...e.coverage, from: iso(e.coverage.from), to: iso(e.coverage.to) } }
    : e;
}

function gapJson(g: Gap) {
  return {
    ask: g.ask,
    command: g.command,
    id: g.id,
    settles: g.settles,
    ...(g.format ? { format: g.format } : {}),
  };
}

/** The contract's keys first (id, title, score, verdict, reason, for, against, gaps, children), then the rest. */
function hypothesisJson(h: Hypothesis): Record<string, unknown> {
  return {
    id: h.id,
    title: h.title,
    score: h.score,
    verdict: h.verdict,
    reason: h.reason,
    for: h.for.map(evidenceJson),
    against: h.against.map(evidenceJson),
    gaps: h.gaps.map(gapJson),
    children: h.children.map(hypothesisJson),
    cause: h.cause,
    explains: h.explains,
    ...(h.decision ? { decision: h.decision } : {}),
    ...(h.custom ? { custom: true } : {}),
  };
}

function coverageJson(c: SourceCoverage) {
  return {
    ...c,
    producers: Object.fromEntries(
      Object.entries(c.producers).map(([p, v]) => [
        p,
        v && { events: v.events, from: iso(v.from), to: iso(v.to) },
      ]),
    ),
  };
}

/** The whole result as DESIGN.md section 5 shapes it (extra keys after the contract's). */
export function analysisJson(r: AnalysisResult): Record<string, unknown> {
  return {
    symptoms: r.symptoms.map(symptomJson),
    findings: r.findings.map(findingJson),
    hypotheses: r.hypotheses.map(hypothesisJson),
    verdict: {
      cause: r.verdict.cause,
      confidence: r.verdict.confidence,
      reason: r.verdict.reason,
      by: r.verdict.by,
      ...(r.verdict.hypothesis ? { hypothesis: r.verdict.hypothesis } : {}),
    },
    gaps: r.gaps.map(gapJson),
    steps: r.steps,
    coverage: r.coverage.map(coverageJson),
    focus: { ...r.focus, time: iso(r.focus.time) },
  };
}

// ---------------------------------------------------------------- human

const score = (n: number) => n.toFixed(2);

function evidenceLine(e: Evidence): string {
  if (e.coverage) {
    const c = e.coverage;
    const span = c.from === null || c.to === null ? 'the whole source' : `${iso(c.from)} .. ${iso(c.to)}`;
    return `${e.text} (searched ${c.searched} in ${c.sources.join(', ')} over ${span})`;
  }
  return e.eventIds.length > 0 ? `${e.text} [${e.eventIds.join(', ')}]` : e.text;
}

function tree(out: BufferedOut, hs: readonly Hypothesis[], depth: number): void {
  const pad = '  '.repeat(depth + 1);
  for (const h of hs) {
    const decision = h.decision
      ? ` [${h.decision.state} by the analyst${h.decision.note ? `: ${h.decision.note}` : ''}]`
      : '';
    out.push(
      `${pad}${h.id}  ${h.verdict} ${score(h.score)}  ${h.title}${h.custom ? ' (analyst)' : ''}${decision}\n`,
    );
    out.push(`${pad}  ${h.reason}\n`);
    for (const e of h.for) out.push(`${pad}    + ${score(e.weight)} ${evidenceLine(e)}\n`);
    for (const e of h.against) out.push(`${pad}    - ${score(e.weight)} ${evidenceLine(e)}\n`);
    tree(out, h.children, depth + 1);
  }
}

function steps(out: BufferedOut, title: string, list: readonly Step[]): void {
  out.push(`\n${title}:\n`);
  if (list.length === 0) out.push('  (none)\n');
  list.forEach((s, k) => {
    out.push(`  ${k + 1}. ${s.branch ? `[${s.branch}] ` : ''}${s.title}\n`);
    out.push(`     ${s.detail}\n`);
    for (const c of s.commands) out.push(`     $ ${c}\n`);
  });
}

function human(r: AnalysisResult, out: BufferedOut): void {
  out.push(`symptoms: ${r.symptoms.length}\n`);
  for (const s of r.symptoms)
    out.push(
      `  ${s.kind.padEnd(17)} ${s.title}${s.time === null ? '' : ` at ${iso(s.time)}`}${s.eventIds.length ? ` [${s.eventIds.join(', ')}]` : ''}\n`,
    );
  const v = r.verdict;
  out.push(
    `\nverdict: ${v.cause}${v.hypothesis && v.hypothesis !== v.cause ? ` (${v.hypothesis})` : ''}, confidence ${score(v.confidence)}, by the ${v.by}\n  ${v.reason}\n`,
  );
  out.push(`\nhypotheses (best first; + for, - against, weight 0..1):\n`);
  tree(out, r.hypotheses, 0);
  out.push(`\ngaps: ${r.gaps.length}\n`);
  for (const g of r.gaps)
    out.push(`  - ${g.ask} (settles ${g.settles.join(', ') || '-'})\n    $ ${g.command}\n`);
  steps(out, 'verification', r.steps.verification);
  steps(out, 'remediation', r.steps.remediation);
  out.push(`\nfindings: ${r.findings.length} (--json lists them with their facts)\n`);
}

export async function analyzeCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const o = optionsOf(args);
  // Everything is read and analysed before the first byte is written: an unreadable file fails
  // with exit 1 and no partial output.
  const { wb } = await load(args.positional, o);
  const result = wb.analysis();
  const out = new BufferedOut(io);
  if (args.flags.has('json')) out.push(`${JSON.stringify(analysisJson(result), null, 1)}\n`);
  else human(result, out);
  await out.flush();
  return 0;
}
