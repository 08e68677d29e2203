// The rule engine (issue 5 part 1, DESIGN.md section 3 "Rules"): loads the rule families of
// ./rules/*.json, validates and compiles them once, and runs them over events into findings.
// Rules are data so that adding one is a JSON edit with its own example lines, checked both ways
// by test/rules.test.ts; this file holds no knowledge of any log wording.
import { splitLines } from '../ingest/line-splitter.ts';
import { parseText } from '../ingest/parse-text.ts';
import type { FormatId, LogEvent } from '../model/event.ts';
import { openParser } from '../parsers/registry.ts';
import { type Finding, type RuleExample, type RuleSpec, validateRule } from './rule-schema.ts';
import { RULE_FILES, type RuleFile } from './rules/index.ts';

/**
 * A task table in an OOM report can run to hundreds of rows: a window without its own
 * `maxEvents` still stops somewhere, so one stray rule cannot swallow a whole source.
 */
export const DEFAULT_WINDOW_MAX_EVENTS = 1000;

/** A validated rule with its pattern compiled and its filters as sets (built once per load). */
export interface CompiledRule {
  spec: RuleSpec;
  /** The family file it came from (`kernel`), for messages. */
  family: string;
  re: RegExp;
  /** null = every format. */
  formats: ReadonlySet<FormatId> | null;
  /** null = no `what` pre-filter. */
  what: ReadonlySet<string> | null;
  /** null = no substring pre-filter (RuleSpec.needles). */
  needles: readonly string[] | null;
  includeWhat: ReadonlySet<string> | null;
  endWhat: ReadonlySet<string> | null;
  maxEvents: number;
}

/** Compiles one rule that validateRule accepted (loadRules validates; tests may call this). */
export function compileRule(spec: RuleSpec, family = spec.id.split('.')[0]): CompiledRule {
  const w = spec.window;
  return {
    spec,
    family,
    re: new RegExp(spec.pattern, spec.flags ?? ''),
    formats: spec.formats.length > 0 ? new Set(spec.formats) : null,
    what: spec.what && spec.what.length > 0 ? new Set(spec.what) : null,
    needles: spec.needles && spec.needles.length > 0 ? spec.needles : null,
    includeWhat: w?.includeWhat && w.includeWhat.length > 0 ? new Set(w.includeWhat) : null,
    endWhat: w?.endWhat && w.endWhat.length > 0 ? new Set(w.endWhat) : null,
    maxEvents: w?.maxEvents ?? DEFAULT_WINDOW_MAX_EVENTS,
  };
}

let bundled: CompiledRule[] | undefined;

/**
 * Validates and compiles every rule of `files` (default: the bundled families, compiled once and
 * cached). Throws one error listing every problem in every file, so a broken rule set is fixed in
 * one round rather than one message at a time.
 */
export function loadRules(files?: readonly RuleFile[]): CompiledRule[] {
  if (files === undefined && bundled) return bundled;
  const problems: string[] = [];
  const out: CompiledRule[] = [];
  const seen = new Map<string, string>();
  for (const file of files ?? RULE_FILES) {
    const where = `rules/${file.family}.json`;
    if (!Array.isArray(file.rules)) {
      problems.push(`${where}: not a JSON array of rules`);
      continue;
    }
    file.rules.forEach((raw, i) => {
      const errs = validateRule(raw);
      for (const e of errs) problems.push(`${where}[${i}] ${e}`);
      if (errs.length > 0) return;
      const spec = raw as RuleSpec;
      const dup = seen.get(spec.id);
      if (dup) {
        problems.push(`${where}[${i}] ${spec.id}: duplicate id (also in ${dup})`);
        return;
      }
      seen.set(spec.id, `${where}[${i}]`);
      out.push(compileRule(spec, file.family));
    });
  }
  if (problems.length > 0)
    throw new Error(`invalid detector rules (${problems.length} problems):\n  ${problems.join('\n  ')}`);
  if (files === undefined) bundled = out;
  return out;
}

// Integers become numbers (pid=2150 compares as 2150), but not text that only looks numeric in
// part or would lose its form: "0755", "-0", "1e3", an id longer than a safe integer.
const INT_RE = /^-?(?:0|[1-9]\d*)$/;

function factValue(v: string | number | boolean): string | number {
  if (typeof v === 'number') return v;
  const s = String(v);
  if (INT_RE.test(s) && s !== '-0') {
    const n = Number(s);
    if (Number.isSafeInteger(n)) return n;
  }
  return s;
}

/** The value of one fact source for an event, or undefined when the event does not carry it. */
function factFrom(source: string, e: LogEvent, m: RegExpExecArray | null): string | number | undefined {
  if (source.startsWith('$')) {
    const g = m?.groups?.[source.slice(1)];
    return g === undefined ? undefined : factValue(g);
  }
  if (source.startsWith('fields.')) {
    const v = e.fields[source.slice('fields.'.length)];
    return v === undefined ? undefined : factValue(v);
  }
  // The journal / syslog identifier: a Go `panic:` line has no fields, only who printed it.
  if (source === 'ident') return e.ident === undefined ? undefined : factValue(e.ident);
  // entity.<kind>: the first entity of that kind (readers list the principal one first).
  const kind = source.slice('entity.'.length);
  const ent = e.entities.find((x) => x.kind === kind);
  return ent ? factValue(ent.id) : undefined;
}

/**
 * Adds the facts the event gives that the finding does not have yet (first value wins), or, for
 * the event that closes a window (`override`), every fact it gives: an OOM report's closing
 * `Killed process` line names the victim, whose comm and oom_score_adj the opening line (the
 * task that invoked the killer) would otherwise have set first.
 */
function addFacts(
  f: Finding,
  rule: CompiledRule,
  e: LogEvent,
  m: RegExpExecArray | null,
  override = false,
): void {
  for (const [name, source] of Object.entries(rule.spec.facts)) {
    if (!override && name in f.facts) continue;
    const v = factFrom(source, e, m);
    if (v !== undefined) f.facts[name] = v;
  }
}

interface OpenWindow {
  rule: CompiledRule;
  finding: Finding;
  start: LogEvent;
  joined: number;
}

/**
 * Whether `e` is still within the window's seconds of its opening event: by wall time when both
 * have it, else by seconds since boot (raw dmesg), else yes (same source, in line order, and the
 * window's maxEvents still bound it). The absolute difference: `journalctl -r` is newest first.
 */
function withinWindow(w: OpenWindow, e: LogEvent): boolean {
  const secs = w.rule.spec.window?.seconds ?? 0;
  if (w.start.time !== null && e.time !== null) return Math.abs(e.time - w.start.time) <= secs * 1e6;
  if (w.start.monotonic !== undefined && e.monotonic !== undefined)
    return Math.abs(e.monotonic - w.start.monotonic) <= secs;
  return true;
}

/**
 * Runs `rules` over `events` (one source's events in line order, or a merged timeline) and
 * returns the findings in the order their first events came.
 *
 * An event is tried by the rules whose formats include its format (none listed = all) and whose
 * `what` list (if any) holds its fields.what; a pattern match makes a finding. A rule with a
 * window keeps its finding open for later events of the same source: an event whose fields.what
 * is in includeWhat joins it (its fields/entity facts fill facts still missing), one in endWhat
 * joins and closes it; the window also closes after `seconds`, after maxEvents joined, or when
 * the same rule matches again in that source (a new report starts a new finding).
 *
 * Linear in the events: per source, at most one window per windowed rule is open, so an event
 * is checked against at most that many windows.
 */
export function findFindings(events: Iterable<LogEvent>, rules: readonly CompiledRule[]): Finding[] {
  const scan = new FindingScanner(rules);
  for (const e of events) scan.push(e);
  return scan.findings;
}

/** findFindings one event at a time (the engine pushes events while it replays a parse). */
export class FindingScanner {
  readonly findings: Finding[] = [];
  // The rules an event can match depend only on its format and fields.what: the filtered list
  // (in rule order) is built once per pair seen, so most events try only the few rules that can
  // apply. Key: `${format} ${what}` (format ids have no space).
  private readonly byKey = new Map<string, CompiledRule[]>();
  // source -> rule id -> its open window.
  private readonly open = new Map<string, Map<string, OpenWindow>>();

  constructor(private readonly rules: readonly CompiledRule[]) {}

  private candidates(f: FormatId, what: string | undefined): CompiledRule[] {
    const key = what === undefined ? f : `${f} ${what}`;
    let list = this.byKey.get(key);
    if (!list) {
      list = this.rules.filter(
        (r) =>
          (r.formats === null || r.formats.has(f)) &&
          (r.what === null || (what !== undefined && r.what.has(what))),
      );
      this.byKey.set(key, list);
    }
    return list;
  }

  push(e: LogEvent): void {
    const out = this.findings;
    const open = this.open;
    const whatRaw = e.fields.what;
    const what = whatRaw === undefined ? undefined : String(whatRaw);
    let windows = open.get(e.source);
    let matchedHere: Set<string> | undefined;
    let lower: string | undefined;

    for (const rule of this.candidates(e.format, what)) {
      if (rule.needles) {
        lower ??= e.message.toLowerCase();
        const l = lower;
        if (!rule.needles.some((n) => l.includes(n))) continue;
      }
      const m = rule.re.exec(e.message);
      if (!m) continue;
      const finding: Finding = {
        id: `${rule.spec.id}@${e.id}`,
        rule: rule.spec.id,
        title: rule.spec.title,
        severity: rule.spec.severity,
        time: e.time,
        eventIds: [e.id],
        facts: {},
      };
      addFacts(finding, rule, e, m);
      out.push(finding);
      if (rule.spec.window) {
        if (!windows) {
          windows = new Map();
          open.set(e.source, windows);
        }
        // Replaces (closes) an earlier window of the same rule: one open window per rule.
        windows.set(rule.spec.id, { rule, finding, start: e, joined: 0 });
        if (!matchedHere) matchedHere = new Set();
        matchedHere.add(rule.spec.id);
      }
    }

    if (!windows || windows.size === 0 || what === undefined) return;
    for (const [id, w] of windows) {
      if (matchedHere?.has(id)) continue;
      if (!withinWindow(w, e)) {
        windows.delete(id);
        continue;
      }
      const ends = w.rule.endWhat?.has(what) ?? false;
      if (!ends && !(w.rule.includeWhat?.has(what) ?? false)) continue;
      w.finding.eventIds.push(e.id);
      addFacts(w.finding, w.rule, e, null, ends);
      w.joined++;
      if (ends || w.joined >= w.rule.maxEvents) windows.delete(id);
    }
  }
}

/** What one example gave: whether the rule matched, and the first finding's facts. */
export interface ExampleRun {
  matched: boolean;
  facts: Record<string, string | number>;
  /** The events the example became (to explain a failure). */
  events: LogEvent[];
}

// Examples are parsed with a fixed year and UTC, so a year-less example line means the same
// thing whenever the test runs.
const EXAMPLE_CTX = { sourceId: 'example', year: 2025, utcOffsetMinutes: 0 };

/**
 * Runs one rule on one of its examples. With `format`, the text is parsed by that format's
 * parser (prefix and second pass included) and the rule runs on the events as it would on a
 * real source. Without, each line is a free-text (`text`) event through the same second pass,
 * so fields.what is set and `what` pre-filters work; the rule's `formats` filter is not applied,
 * since the example says nothing about which tool printed the message.
 */
export function runExample(rule: CompiledRule, example: RuleExample): ExampleRun {
  let events: LogEvent[];
  let r = rule;
  if (example.format) {
    events = parseText(example.text, { ...EXAMPLE_CTX, forceFormat: example.format }).events;
  } else {
    events = [];
    const p = openParser(
      { ...EXAMPLE_CTX, format: 'text' },
      { event: (e) => events.push(e), unparsed() {}, skipped() {} },
    );
    splitLines(example.text).forEach((t, i) => {
      p.push(t, i + 1);
    });
    p.end();
    r = { ...rule, formats: null };
  }
  const found = findFindings(events, [r]);
  return { matched: found.length > 0, facts: found[0]?.facts ?? {}, events };
}
