// Detector rules as data (issue 5, DESIGN.md section 3 "Rules"): one JSON object per rule in
// src/core/analysis/rules/<family>.json (an array per family), validated by validateRule below
// and checked both ways by test/rules.test.ts against its own example lines. No rule without
// examples: node-problem-detector's OOM rule broke three times as the kernel's wording changed.
import { FORMAT_IDS, type FormatId } from '../model/event.ts';

export const RULE_SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type RuleSeverity = (typeof RULE_SEVERITIES)[number];

/** One real line a rule must (or must not) match, with where it came from. */
export interface RuleExample {
  /**
   * The line as a tool printed it. With `format`, it is parsed by that format's parser (a whole
   * `journalctl` / `dmesg` line, its prefix included) and the rule runs on the event; without,
   * the text is the event's message.
   */
  text: string;
  format?: FormatId;
  /** Where the line is from: "linux 6.1 dmesg", "containerd 1.7.2 (containerd#8381)"... */
  from: string;
  /** For match examples: facts the finding must carry (values as strings). */
  facts?: Record<string, string>;
}

/**
 * A multi-record finding: the rule's own match opens it, and events within `seconds` (same
 * source, in line order) that match `include` (a regex source over the message, or fields.what
 * values) add their event ids and facts, until one matches `end`. A whole OOM report (invoked,
 * Mem-Info, task table, oom-kill:, Killed process, oom_reaper) becomes one finding.
 */
export interface RuleWindow {
  seconds: number;
  /** fields.what values whose events join the finding. */
  includeWhat?: string[];
  /** fields.what values that close the finding (the closing event joins it). */
  endWhat?: string[];
  /** At most this many events join (a task table can be long). */
  maxEvents?: number;
}

export interface RuleSpec {
  /** `family.name`, e.g. `kernel.oom-kill`: the id findings and hypotheses refer to. */
  id: string;
  title: string;
  severity: RuleSeverity;
  /** Formats whose events the rule reads; empty = every format. */
  formats: FormatId[];
  /** Optional pre-filter: only events whose fields.what is one of these (cheap, set by the second pass). */
  what?: string[];
  /**
   * Optional cheap pre-filter: lower-case substrings, one of which every message the pattern can
   * match contains (`shim disconnected`). An event whose lower-cased message holds none is not
   * tried: most rules' patterns start unanchored, and running ~70 of them on every line is most of
   * the analysis' cost. The generic rule test proves each match example passes its needles.
   */
  needles?: string[];
  /** JavaScript regex source over the event's message, with named groups for the facts. */
  pattern: string;
  /** Regex flags (only `i` and `u` are allowed; `g`/`y` would make matching stateful). */
  flags?: string;
  window?: RuleWindow;
  /**
   * Facts the finding carries: name -> `$group` (a named group of the pattern), `fields.<name>`
   * (a field of the event), `entity.<kind>` (the first entity of that kind), or `ident` (the
   * journal / syslog identifier that printed the line).
   */
  facts: Record<string, string>;
  examples: { match: RuleExample[]; noMatch: RuleExample[] };
  /** Why the rule exists and what its match does and does not prove (shown with the finding). */
  note?: string;
}

export interface Finding {
  /** `${rule}@${first event id}`. */
  id: string;
  rule: string;
  title: string;
  severity: RuleSeverity;
  /** Epoch µs of the first event, or null. */
  time: number | null;
  /** The events the finding rests on, the matching one first. */
  eventIds: string[];
  facts: Record<string, string | number>;
}

const ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*$/;
const FACT_SOURCE_RE = /^(?:\$[A-Za-z_][A-Za-z0-9_]*|fields\.[A-Za-z_][A-Za-z0-9_.-]*|entity\.[a-z]+|ident)$/;

/** Problems with one rule object (empty = valid). */
export function validateRule(x: unknown): string[] {
  const errs: string[] = [];
  if (typeof x !== 'object' || x === null) return ['not an object'];
  const r = x as Record<string, unknown>;
  const id = typeof r.id === 'string' ? r.id : '?';
  const err = (m: string) => errs.push(`${id}: ${m}`);
  if (typeof r.id !== 'string' || !ID_RE.test(r.id)) err('id must be family.name in kebab-case');
  if (typeof r.title !== 'string' || !r.title) err('title is required');
  if (!RULE_SEVERITIES.includes(r.severity as RuleSeverity))
    err(`severity must be one of ${RULE_SEVERITIES.join(', ')}`);
  if (!Array.isArray(r.formats) || !r.formats.every((f) => (FORMAT_IDS as readonly string[]).includes(f)))
    err('formats must be a list of format ids');
  if (r.what !== undefined && !(Array.isArray(r.what) && r.what.every((w) => typeof w === 'string')))
    err('what must be a list of strings');
  if (
    r.needles !== undefined &&
    !(
      Array.isArray(r.needles) &&
      r.needles.length > 0 &&
      r.needles.every((n) => typeof n === 'string' && n.length > 0 && n === n.toLowerCase())
    )
  )
    err('needles must be a non-empty list of lower-case strings');
  if (typeof r.pattern !== 'string' || !r.pattern) err('pattern is required');
  else {
    if (r.flags !== undefined && (typeof r.flags !== 'string' || !/^[iu]*$/.test(r.flags)))
      err('flags may only be i and u');
    try {
      new RegExp(r.pattern, typeof r.flags === 'string' ? r.flags : '');
    } catch (e) {
      err(`pattern does not compile: ${(e as Error).message}`);
    }
  }
  const groups =
    typeof r.pattern === 'string'
      ? [...r.pattern.matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1])
      : [];
  if (typeof r.facts !== 'object' || r.facts === null) err('facts is required (may be {})');
  else
    for (const [k, v] of Object.entries(r.facts as Record<string, unknown>)) {
      if (typeof v !== 'string' || !FACT_SOURCE_RE.test(v))
        err(`fact ${k}: source must be $group, fields.x, entity.kind or ident`);
      else if (v.startsWith('$') && !groups.includes(v.slice(1)))
        err(`fact ${k}: the pattern has no group ${v}`);
    }
  const ex = r.examples as { match?: unknown; noMatch?: unknown } | undefined;
  if (!ex || !Array.isArray(ex.match) || ex.match.length === 0)
    err('examples.match needs at least one real line');
  if (!ex || !Array.isArray(ex.noMatch) || ex.noMatch.length === 0)
    err('examples.noMatch needs at least one near miss');
  for (const e of [...((ex?.match as unknown[]) ?? []), ...((ex?.noMatch as unknown[]) ?? [])]) {
    const o = e as Record<string, unknown>;
    if (typeof o?.text !== 'string' || typeof o?.from !== 'string') err('every example needs text and from');
    if (o?.format !== undefined && !(FORMAT_IDS as readonly string[]).includes(o.format as string))
      err(`example format ${String(o.format)} is not a format id`);
  }
  if (r.window !== undefined) {
    const w = r.window as Record<string, unknown>;
    if (typeof w.seconds !== 'number' || !(w.seconds > 0)) err('the window needs seconds > 0');
  }
  return errs;
}
