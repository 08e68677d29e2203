// The scenario manifest's schema (issue 8 part 1), checked by hand: manifests are JSON written by
// us or imported from another trainer, so validateManifest trusts nothing, names every problem
// by its path (`keyEvidence[2].line: 812 is past the end of dmesg.txt (640 lines)`) and returns a
// manifest only when there is none. With the files' text it also checks that every line reference
// lands on a real, non-blank line. The same rules, as far as a JSON Schema can say them, are
// published as public/scenarios/scenario.schema.json (manifest-schema.ts builds it from the
// patterns and lists exported here; test/scenario-schema.test.ts keeps the two in agreement).
// docs/training.md has the schema as a table.
import type { AnalysisResult, Hypothesis } from '../analysis/model.ts';
import { CAUSE_IDS, type CauseId } from '../analysis/model.ts';
import { SYMPTOM_KINDS, type Symptom, type SymptomKind, userSymptom } from '../analysis/symptoms.ts';
import {
  DIFFICULTIES,
  type Difficulty,
  type ExpectedAnswer,
  type Hint,
  type KeyEvidence,
  type NamedSymptom,
  type PartialAnswer,
  type RevealStep,
  SCENARIO_SCHEMA_VERSION,
  type ScenarioManifest,
  type ScenarioSource,
  type ValidRejection,
} from './model.ts';

/**
 * The verification step ids the analysis can give (src/core/analysis/steps.ts; a test keeps the
 * two in step). An unknown verdict's steps are its gaps, `gap:<gap id>`, also accepted.
 */
export const VERIFICATION_STEP_IDS = [
  'verify-metadata',
  'verify-task-dir',
  'verify-containerd-log',
  'verify-kernel-log',
  'verify-memory-events',
  'verify-memory-limit',
  'verify-shim-cgroup',
  'verify-host-memory',
  'verify-cgroup-limits',
  'verify-pids',
  'verify-fds',
  'verify-disk',
  'verify-hang',
  'verify-manual-kill',
  'verify-shim-bug',
  'verify-runtime-error',
  'verify-other',
] as const;

// The patterns below are exported for manifest-schema.ts, which writes them into the JSON Schema:
// one source for both validators. They are written for both regex dialects at once (JavaScript's,
// and the `u` mode a schema's `pattern` runs in): no escape the `u` flag refuses, such as `\-`.

// A lower-case slug. Inputs: "shim-memcg-oom", "shim".
export const SLUG_BODY = '[a-z0-9]+(?:-[a-z0-9]+)*';
// A scenario id: the folder's name. Input: "shim-memcg-oom".
export const SLUG = new RegExp(`^${SLUG_BODY}$`);
export const MAX_ID = 64;
// A file inside the scenario folder: a plain name, no path, not hidden. Input: "journalctl-k.txt".
export const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
// A hypothesis id: a cause, or a cause and a child slug. Inputs: "oom-kill-host", "oom-kill-cgroup/shim".
const HYPOTHESIS_ID = new RegExp(`^([a-z0-9-]+)(?:/(${SLUG_BODY}))?$`);
// A verification step for an unknown verdict. Input: "gap:memory-events".
export const GAP_STEP = /^gap:[a-z0-9][a-z0-9:._-]*$/;
// An evidence ref in `requires`: a file name, a colon, a 1-based line. Input: "dmesg.txt:287".
const EVIDENCE_REF = /^([^\s:]+):(\d+)$/;
// A line of another source in `also`: an evidence ref whose line is 1 or more. Input: "journalctl-k.txt:287".
export const LINE_REF = /^[^\s:]+:0*[1-9][0-9]*$/;
// An ISO-8601 time with a zone, in the ranges Date.parse takes (month 01-12, day 01-31, 24:00:00
// for the end of a day, a zone offset within a day): a time that matches always parses. Inputs:
// "2025-11-24T07:48:16Z", "2025-11-24T07:48:16.539+01:00".
export const ISO_TIME =
  /^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,9})?|24:00:00(?:\.0{1,9})?)(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$/;

/** A file's lines as the workbench numbers them: LF, CRLF or CR breaks, a BOM dropped, no trailing empty line. */
export function splitLines(text: string): string[] {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = t.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** `oom-kill-cgroup/shim` -> `oom-kill-cgroup`; a cause id is its own cause. */
export function causeOf(hypothesisId: string): string {
  const slash = hypothesisId.indexOf('/');
  return slash === -1 ? hypothesisId : hypothesisId.slice(0, slash);
}

export const isCauseId = (s: string): s is CauseId => (CAUSE_IDS as readonly string[]).includes(s);

/** `file:line` of an evidence ref in `requires`, when the string is one (else it is a keyword). */
export function evidenceRefOf(s: string): { file: string; line: number } | undefined {
  const m = EVIDENCE_REF.exec(s);
  return m ? { file: m[1], line: Number(m[2]) } : undefined;
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const show = (x: unknown): string => {
  const s = JSON.stringify(x) ?? String(x);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

/** The checks' shared state: the errors so far, and the file texts when given. */
class Checker {
  readonly errors: string[] = [];
  constructor(readonly files: Record<string, string> | undefined) {}

  /** A file's text, when given (own keys only: a source named `constructor` is not Object's). */
  fileText(file: string): string | undefined {
    const t = this.files && Object.hasOwn(this.files, file) ? this.files[file] : undefined;
    return typeof t === 'string' ? t : undefined;
  }

  err(path: string, message: string): void {
    this.errors.push(`${path}: ${message}`);
  }

  /** Keys outside `allowed` are typos: each is an error. */
  keys(o: Obj, path: string, allowed: readonly string[]): void {
    for (const k of Object.keys(o))
      if (!allowed.includes(k))
        this.err(path === '' ? k : `${path}.${k}`, `unknown key (expected one of ${allowed.join(', ')})`);
  }

  text(
    o: Obj,
    key: string,
    path: string,
    opts: { optional?: boolean; allowEmpty?: boolean } = {},
  ): string | undefined {
    const v = o[key];
    const at = path === '' ? key : `${path}.${key}`;
    if (v === undefined) {
      if (!opts.optional) this.err(at, 'missing (a string)');
      return undefined;
    }
    if (typeof v !== 'string') {
      this.err(at, `must be a string, not ${show(v)}`);
      return undefined;
    }
    if (!opts.allowEmpty && v.trim() === '') {
      this.err(at, 'must not be empty');
      return undefined;
    }
    return v;
  }

  array(
    o: Obj,
    key: string,
    path: string,
    opts: { optional?: boolean; nonEmpty?: boolean } = {},
  ): unknown[] | undefined {
    const v = o[key];
    const at = path === '' ? key : `${path}.${key}`;
    if (v === undefined) {
      if (!opts.optional) this.err(at, 'missing (a list)');
      return undefined;
    }
    if (!Array.isArray(v)) {
      this.err(at, `must be a list, not ${show(v)}`);
      return undefined;
    }
    if (opts.nonEmpty && v.length === 0) this.err(at, 'must not be empty');
    return v;
  }

  strings(
    o: Obj,
    key: string,
    path: string,
    opts: { optional?: boolean; nonEmpty?: boolean } = {},
  ): string[] | undefined {
    const arr = this.array(o, key, path, opts);
    if (!arr) return undefined;
    const at = path === '' ? key : `${path}.${key}`;
    const out: string[] = [];
    arr.forEach((x, i) => {
      if (typeof x !== 'string' || x.trim() === '')
        this.err(`${at}[${i}]`, `must be a non-empty string, not ${show(x)}`);
      else out.push(x);
    });
    return out;
  }

  /** A 1-based line within `file` (when its text is known) that is not blank. */
  line(file: string | undefined, line: unknown, at: string): number | undefined {
    if (typeof line !== 'number' || !Number.isInteger(line) || line < 1) {
      this.err(at, `must be a 1-based line number, not ${show(line)}`);
      return undefined;
    }
    const text = file !== undefined ? this.fileText(file) : undefined;
    if (text === undefined) return line;
    const lines = splitLines(text);
    if (line > lines.length) {
      this.err(at, `${line} is past the end of ${file} (${lines.length} lines)`);
      return undefined;
    }
    if (lines[line - 1].trim() === '') {
      this.err(at, `${file}:${line} is a blank line`);
      return undefined;
    }
    return line;
  }
}

function checkSymptom(c: Checker, x: unknown): ScenarioManifest['symptom'] | undefined {
  if (!isObj(x)) {
    c.err('symptom', x === undefined ? 'missing (an object)' : `must be an object, not ${show(x)}`);
    return undefined;
  }
  c.keys(x, 'symptom', ['title', 'text', 'named']);
  const title = c.text(x, 'title', 'symptom');
  const text = c.text(x, 'text', 'symptom');
  let named: NamedSymptom | undefined;
  if (x.named !== undefined) {
    const n = x.named;
    if (!isObj(n)) c.err('symptom.named', `must be an object, not ${show(n)}`);
    else {
      c.keys(n, 'symptom.named', ['kind', 'title', 'container', 'pod', 'time']);
      const kind = n.kind;
      const ok = typeof kind === 'string' && (SYMPTOM_KINDS as readonly string[]).includes(kind);
      if (!ok)
        c.err('symptom.named.kind', `${show(kind)} is not a symptom kind (${SYMPTOM_KINDS.join(', ')})`);
      const ntitle = c.text(n, 'title', 'symptom.named');
      const container = c.text(n, 'container', 'symptom.named', { optional: true });
      const pod = c.text(n, 'pod', 'symptom.named', { optional: true });
      const time = c.text(n, 'time', 'symptom.named', { optional: true });
      if (time !== undefined && (!ISO_TIME.test(time) || Number.isNaN(Date.parse(time))))
        c.err(
          'symptom.named.time',
          `${show(time)} is not an ISO-8601 time with a zone (2025-11-24T07:48:16Z)`,
        );
      if (ok && ntitle !== undefined)
        named = {
          kind: kind as SymptomKind,
          title: ntitle,
          ...(container !== undefined ? { container } : {}),
          ...(pod !== undefined ? { pod } : {}),
          ...(time !== undefined ? { time } : {}),
        };
    }
  }
  if (title === undefined || text === undefined) return undefined;
  return named ? { title, text, named } : { title, text };
}

function checkSources(c: Checker, x: Obj): ScenarioSource[] {
  const arr = c.array(x, 'sources', '', { nonEmpty: true }) ?? [];
  const out: ScenarioSource[] = [];
  const seen = new Map<string, number>();
  arr.forEach((s, i) => {
    const at = `sources[${i}]`;
    if (!isObj(s)) {
      c.err(at, `must be an object, not ${show(s)}`);
      return;
    }
    c.keys(s, at, ['file', 'title', 'command']);
    const file = c.text(s, 'file', at);
    const title = c.text(s, 'title', at);
    const command = c.text(s, 'command', at);
    if (file !== undefined) {
      if (!FILE_NAME.test(file))
        c.err(`${at}.file`, `${show(file)} must be a plain file name in the scenario folder (no path)`);
      const first = seen.get(file);
      if (first !== undefined) c.err(`${at}.file`, `${file} is already sources[${first}]`);
      else seen.set(file, i);
      if (c.files && c.fileText(file) === undefined)
        c.err(`${at}.file`, `${file} is not in the scenario folder`);
    }
    if (file !== undefined && title !== undefined && command !== undefined)
      out.push({ file, title, command });
  });
  return out;
}

function checkReveal(c: Checker, x: Obj, sources: readonly ScenarioSource[]): RevealStep[] {
  const arr = c.array(x, 'reveal', '', { nonEmpty: true }) ?? [];
  const names = new Set(sources.map((s) => s.file));
  const revealedAt = new Map<string, number>();
  const out: RevealStep[] = [];
  arr.forEach((s, i) => {
    const at = `reveal[${i}]`;
    if (!isObj(s)) {
      c.err(at, `must be an object, not ${show(s)}`);
      return;
    }
    c.keys(s, at, ['title', 'narrative', 'files']);
    const title = c.text(s, 'title', at);
    const narrative = c.text(s, 'narrative', at);
    const files = c.strings(s, 'files', at) ?? [];
    files.forEach((f, j) => {
      if (!names.has(f)) c.err(`${at}.files[${j}]`, `${f} is not a source (sources[].file)`);
      const first = revealedAt.get(f);
      if (first !== undefined) c.err(`${at}.files[${j}]`, `${f} is already revealed at step ${first}`);
      else revealedAt.set(f, i);
    });
    if (title !== undefined && narrative !== undefined) out.push({ title, narrative, files });
  });
  if (arr.length > 0)
    sources.forEach((s, i) => {
      if (!revealedAt.has(s.file))
        c.err(`sources[${i}].file`, `${s.file} is revealed by no step (reveal[].files)`);
    });
  return out;
}

function checkHints(c: Checker, x: Obj, steps: number): Hint[] {
  const arr = c.array(x, 'hints', '') ?? [];
  const out: Hint[] = [];
  arr.forEach((h, i) => {
    const at = `hints[${i}]`;
    if (!isObj(h)) {
      c.err(at, `must be an object, not ${show(h)}`);
      return;
    }
    c.keys(h, at, ['text', 'afterStep']);
    const text = c.text(h, 'text', at);
    const after = h.afterStep;
    // Two errors, not one: the first is the schema's (a step index is an integer from 0), the
    // second needs the number of steps, which a schema cannot compare with.
    if (after !== undefined && (typeof after !== 'number' || !Number.isInteger(after) || after < 0)) {
      c.err(`${at}.afterStep`, `must be a step index (an integer from 0), not ${show(after)}`);
      return;
    }
    if (after !== undefined && after >= steps) {
      c.err(`${at}.afterStep`, `${show(after)} is not a step (0..${Math.max(0, steps - 1)})`);
      return;
    }
    if (text !== undefined) out.push(after === undefined ? { text } : { text, afterStep: after as number });
  });
  return out;
}

/** A hypothesis id whose cause part is a real cause. Returns an error message, or undefined when fine. */
function hypothesisProblem(id: string): string | undefined {
  const m = HYPOTHESIS_ID.exec(id);
  if (!m) return `${show(id)} is not a hypothesis id (cause or cause/child, e.g. oom-kill-cgroup/shim)`;
  if (!isCauseId(m[1])) return `${show(id)} does not start with a cause id (${CAUSE_IDS.join(', ')})`;
  return undefined;
}

function checkExpected(c: Checker, x: unknown): ExpectedAnswer | undefined {
  if (!isObj(x)) {
    c.err('expected', x === undefined ? 'missing (an object)' : `must be an object, not ${show(x)}`);
    return undefined;
  }
  c.keys(x, 'expected', ['cause', 'hypothesis', 'partial']);
  const cause = c.text(x, 'cause', 'expected');
  if (cause !== undefined && !isCauseId(cause))
    c.err('expected.cause', `${show(cause)} is not a cause id (${CAUSE_IDS.join(', ')})`);
  const hypothesis = c.text(x, 'hypothesis', 'expected', { optional: true });
  if (hypothesis !== undefined) {
    const p = hypothesisProblem(hypothesis);
    if (p) c.err('expected.hypothesis', p);
    else if (cause !== undefined && !hypothesis.startsWith(`${cause}/`))
      c.err('expected.hypothesis', `${hypothesis} is not a child of expected.cause ${cause} (${cause}/...)`);
  }
  const partial: PartialAnswer[] = [];
  const arr = c.array(x, 'partial', 'expected', { optional: true }) ?? [];
  const seen = new Set<string>();
  arr.forEach((p, i) => {
    const at = `expected.partial[${i}]`;
    if (!isObj(p)) {
      c.err(at, `must be an object, not ${show(p)}`);
      return;
    }
    c.keys(p, at, ['cause', 'hypothesis', 'why']);
    const why = c.text(p, 'why', at);
    const pc = c.text(p, 'cause', at, { optional: true });
    const ph = c.text(p, 'hypothesis', at, { optional: true });
    if ((pc === undefined) === (ph === undefined)) {
      if (p.cause === undefined && p.hypothesis === undefined) c.err(at, 'needs one of cause and hypothesis');
      else if (p.cause !== undefined && p.hypothesis !== undefined)
        c.err(at, 'gives both cause and hypothesis: give one');
      return;
    }
    const id = (pc ?? ph) as string;
    if (pc !== undefined && !isCauseId(pc)) {
      c.err(`${at}.cause`, `${show(pc)} is not a cause id`);
      return;
    }
    if (ph !== undefined) {
      const problem = hypothesisProblem(ph);
      if (problem) {
        c.err(`${at}.hypothesis`, problem);
        return;
      }
    }
    if (id === cause || id === hypothesis)
      c.err(
        `${at}.${pc !== undefined ? 'cause' : 'hypothesis'}`,
        `${id} is the expected answer: it cannot be partly right`,
      );
    if (seen.has(id)) c.err(`${at}.${pc !== undefined ? 'cause' : 'hypothesis'}`, `${id} is listed twice`);
    seen.add(id);
    if (why !== undefined)
      partial.push(pc !== undefined ? { cause: pc as CauseId, why } : { hypothesis: ph, why });
  });
  if (cause === undefined || !isCauseId(cause)) return undefined;
  return {
    cause,
    ...(hypothesis !== undefined ? { hypothesis } : {}),
    ...(x.partial !== undefined ? { partial } : {}),
  };
}

function checkKeyEvidence(c: Checker, x: Obj, sources: readonly ScenarioSource[]): KeyEvidence[] {
  const arr = c.array(x, 'keyEvidence', '', { nonEmpty: true }) ?? [];
  const names = new Set(sources.map((s) => s.file));
  const seen = new Map<string, number>();
  const out: KeyEvidence[] = [];
  arr.forEach((k, i) => {
    const at = `keyEvidence[${i}]`;
    if (!isObj(k)) {
      c.err(at, `must be an object, not ${show(k)}`);
      return;
    }
    c.keys(k, at, ['file', 'line', 'why', 'required', 'record', 'also']);
    const file = c.text(k, 'file', at);
    const why = c.text(k, 'why', at);
    const known = file !== undefined && names.has(file);
    if (file !== undefined && !known) c.err(`${at}.file`, `${file} is not a source (sources[].file)`);
    const line = c.line(known ? file : undefined, k.line, `${at}.line`);
    if (k.required !== undefined && typeof k.required !== 'boolean')
      c.err(`${at}.required`, `must be true or false, not ${show(k.required)}`);
    let record: [number, number] | undefined;
    if (k.record !== undefined) {
      const r = k.record;
      if (!Array.isArray(r) || r.length !== 2)
        c.err(`${at}.record`, `must be [first line, last line], not ${show(r)}`);
      else {
        const from = c.line(known ? file : undefined, r[0], `${at}.record[0]`);
        const to = c.line(known ? file : undefined, r[1], `${at}.record[1]`);
        if (from !== undefined && to !== undefined) {
          if (from > to) c.err(`${at}.record`, `[${from}, ${to}] ends before it starts`);
          else if (line !== undefined && (line < from || line > to))
            c.err(`${at}.record`, `[${from}, ${to}] does not hold line ${line}`);
          else record = [from, to];
        }
      }
    }
    const also: string[] = [];
    (c.strings(k, 'also', at, { optional: true }) ?? []).forEach((a, j) => {
      const r = LINE_REF.test(a) ? evidenceRefOf(a) : undefined;
      if (!r) c.err(`${at}.also[${j}]`, `${show(a)} is not a file:line reference (a line from 1)`);
      else if (!names.has(r.file)) c.err(`${at}.also[${j}]`, `${r.file} is not a source (sources[].file)`);
      else if (r.file === file)
        c.err(`${at}.also[${j}]`, `${a} is in the key line's own file: use record for a span`);
      else if (c.line(r.file, r.line, `${at}.also[${j}]`) !== undefined) also.push(a);
    });
    if (file !== undefined && line !== undefined) {
      const ref = `${file}:${line}`;
      const first = seen.get(ref);
      if (first !== undefined) c.err(`${at}.line`, `${ref} is already keyEvidence[${first}]`);
      else seen.set(ref, i);
    }
    if (known && line !== undefined && why !== undefined)
      out.push({
        file,
        line,
        why,
        ...(k.required === true ? { required: true } : {}),
        ...(record ? { record } : {}),
        ...(k.also !== undefined ? { also } : {}),
      });
  });
  return out;
}

function checkRejections(
  c: Checker,
  x: unknown,
  expected: ExpectedAnswer | undefined,
  sources: readonly ScenarioSource[],
): Record<string, ValidRejection> | undefined {
  if (x === undefined) return undefined;
  if (!isObj(x)) {
    c.err('validRejections', `must be an object by hypothesis id, not ${show(x)}`);
    return undefined;
  }
  const names = new Set(sources.map((s) => s.file));
  const out: Record<string, ValidRejection> = {};
  for (const [id, v] of Object.entries(x)) {
    const at = `validRejections.${id}`;
    const problem = hypothesisProblem(id);
    if (problem) {
      c.err(at, problem);
      continue;
    }
    // Reported, and the entry is still read: its shape has errors of its own to name.
    if (expected && (id === expected.cause || id === expected.hypothesis))
      c.err(at, `${id} is the expected answer: rejecting it is never valid`);
    if (!isObj(v)) {
      c.err(at, `must be an object ({} or {"requires": [...]}), not ${show(v)}`);
      continue;
    }
    c.keys(v, at, ['requires']);
    const requires = c.strings(v, 'requires', at, { optional: true });
    requires?.forEach((r, j) => {
      const ref = evidenceRefOf(r);
      // `name:digits` naming a source is a line ref; one that looks like a file but is not a
      // source is a typo (a keyword cannot hold a dot before a colon and digits by accident).
      if (ref && names.has(ref.file)) c.line(ref.file, ref.line, `${at}.requires[${j}]`);
      else if (ref?.file.includes('.'))
        c.err(`${at}.requires[${j}]`, `${ref.file} is not a source (sources[].file)`);
    });
    out[id] = requires ? { requires } : {};
  }
  return out;
}

function checkVerification(c: Checker, x: Obj): string[] {
  const ids = c.strings(x, 'verification', '') ?? [];
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (!(VERIFICATION_STEP_IDS as readonly string[]).includes(id) && !GAP_STEP.test(id))
      c.err(
        `verification[${i}]`,
        `${show(id)} is not a verification step id (${VERIFICATION_STEP_IDS.join(', ')}, or gap:<gap id>)`,
      );
    if (seen.has(id)) c.err(`verification[${i}]`, `${id} is listed twice`);
    seen.add(id);
  });
  return ids;
}

/**
 * The manifest's keys, in the order the schema's properties and `required` list them. Exported so
 * that the JSON Schema (manifest-schema.ts) takes its `required` list from here and cannot drift.
 */
export const TOP_KEYS = [
  '$schema',
  'schemaVersion',
  'id',
  'title',
  'difficulty',
  'summary',
  'learningGoals',
  'symptom',
  'sources',
  'reveal',
  'hints',
  'expected',
  'keyEvidence',
  'validRejections',
  'verification',
  'trainerNotes',
] as const;

/** The keys a manifest may leave out: validateManifest accepts a manifest without them. */
export const OPTIONAL_TOP_KEYS: readonly (typeof TOP_KEYS)[number][] = ['$schema', 'validRejections'];

/**
 * Checks a parsed manifest.json. `files` (file name -> text) adds the checks that need the
 * sources: each exists, each line reference is inside its file and not blank. Returns the
 * manifest (a copy holding only the schema's keys) when there is no error.
 */
export function validateManifest(
  x: unknown,
  files?: Record<string, string>,
): { manifest?: ScenarioManifest; errors: string[] } {
  const c = new Checker(files);
  if (!isObj(x)) return { errors: [`(manifest): must be a JSON object, not ${show(x)}`] };
  c.keys(x, '', TOP_KEYS);
  // `$schema` is for a trainer's editor (the path or URL of scenario.schema.json): read, never kept.
  if (x.$schema !== undefined && typeof x.$schema !== 'string')
    c.err('$schema', `must be a string (the schema's path or URL), not ${show(x.$schema)}`);
  if (x.schemaVersion !== SCENARIO_SCHEMA_VERSION)
    c.err(
      'schemaVersion',
      x.schemaVersion === undefined
        ? `missing (${SCENARIO_SCHEMA_VERSION})`
        : `${show(x.schemaVersion)} is not supported (this build reads ${SCENARIO_SCHEMA_VERSION})`,
    );
  const id = c.text(x, 'id', '');
  if (id !== undefined && (!SLUG.test(id) || id.length > MAX_ID))
    c.err(
      'id',
      `${show(id)} must be a slug: lower-case letters, digits and single dashes, at most ${MAX_ID}`,
    );
  const title = c.text(x, 'title', '');
  const difficulty = x.difficulty;
  if (!(DIFFICULTIES as readonly unknown[]).includes(difficulty))
    c.err('difficulty', `${show(difficulty)} is not one of ${DIFFICULTIES.join(', ')}`);
  const summary = c.text(x, 'summary', '');
  const learningGoals = c.strings(x, 'learningGoals', '', { nonEmpty: true }) ?? [];
  const symptom = checkSymptom(c, x.symptom);
  const sources = checkSources(c, x);
  const reveal = checkReveal(c, x, sources);
  const hints = checkHints(c, x, reveal.length);
  const expected = checkExpected(c, x.expected);
  const keyEvidence = checkKeyEvidence(c, x, sources);
  const validRejections = checkRejections(c, x.validRejections, expected, sources);
  const verification = checkVerification(c, x);
  const trainerNotes = c.text(x, 'trainerNotes', '', { allowEmpty: true });

  if (c.errors.length > 0 || !id || !title || !summary || !symptom || !expected || trainerNotes === undefined)
    return { errors: c.errors.length > 0 ? c.errors : ['(manifest): incomplete'] };
  const manifest: ScenarioManifest = {
    schemaVersion: SCENARIO_SCHEMA_VERSION,
    id,
    title,
    difficulty: difficulty as Difficulty,
    summary,
    learningGoals,
    symptom,
    sources,
    reveal,
    hints,
    expected,
    keyEvidence,
    ...(validRejections ? { validRejections } : {}),
    verification,
    trainerNotes,
  };
  return { manifest, errors: [] };
}

// ---------------------------------------------------------------- the replay's helpers

/** The source files visible at reveal step `step` (0-based): every file revealed up to it, in step order. */
export function revealedFiles(m: ScenarioManifest, step: number): string[] {
  return m.reveal.slice(0, Math.max(0, step + 1)).flatMap((s) => s.files);
}

/** The step that reveals `file`, or -1. */
export function revealStepOf(m: ScenarioManifest, file: string): number {
  return m.reveal.findIndex((s) => s.files.includes(file));
}

/** The hints offered at `step`: those without afterStep and those whose step has come. */
export function hintsAt(m: ScenarioManifest, step: number): Hint[] {
  return m.hints.filter((h) => (h.afterStep ?? 0) <= step);
}

/** The manifest's named symptom as the analysis takes it (AnalysisOptions.userSymptoms), if any. */
export function namedSymptomOf(m: ScenarioManifest): Symptom | undefined {
  const n = m.symptom.named;
  if (!n) return undefined;
  const facts: Record<string, string | number> = {};
  if (n.container !== undefined) facts.container = n.container;
  if (n.pod !== undefined) facts.pod = n.pod;
  if (n.time !== undefined) facts.time = Date.parse(n.time) * 1000;
  return userSymptom(n.kind, n.title, facts);
}

function walk(hs: readonly Hypothesis[]): Hypothesis[] {
  return hs.flatMap((h) => [h, ...walk(h.children)]);
}

/**
 * What a valid manifest says that the engine's analysis of its sources does not bear out: the
 * expected hypothesis, the rejections and the verification steps must be ones the analysis has,
 * or the trainee could never pick them. For a scenario's own test (an empty list is the pass).
 */
export function crossCheck(m: ScenarioManifest, analysis: AnalysisResult): string[] {
  const out: string[] = [];
  const ids = new Set(walk(analysis.hypotheses).map((h) => h.id));
  if (!ids.has(m.expected.cause))
    out.push(`expected.cause: ${m.expected.cause} is not in the analysis' tree`);
  if (m.expected.hypothesis && !ids.has(m.expected.hypothesis))
    out.push(`expected.hypothesis: ${m.expected.hypothesis} is not in the analysis' tree`);
  (m.expected.partial ?? []).forEach((p, i) => {
    const id = p.hypothesis ?? p.cause ?? '';
    if (!ids.has(id)) out.push(`expected.partial[${i}]: ${id} is not in the analysis' tree`);
  });
  for (const id of Object.keys(m.validRejections ?? {}))
    if (!ids.has(id)) out.push(`validRejections.${id}: not in the analysis' tree`);
  const steps = new Set(analysis.steps.verification.map((s) => s.id));
  m.verification.forEach((id, i) => {
    if (!steps.has(id)) out.push(`verification[${i}]: ${id} is not among the analysis' verification steps`);
  });
  return out;
}
