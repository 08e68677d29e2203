// What every generated input must survive (issue 7 part 7): format detection (every detector as
// the ingest calls it, wrapped because detectFormat swallows a detector's exception), parsers fed
// the input's lines directly whatever the detection says, the full ingest (SourceParser) with the
// no-line-lost invariant, and, for 1 input in 40, the whole engine: a Workbench fed a byte
// stream, its views, rows and details, entities, clocks, a hand override and the analysis.
//
// "Never hangs" is a time budget per stage (one parser, the ingest, the engine), relative to
// splitting the same input into lines: a stage may take max(R * split, F). Measured on the
// 2-core CI machine (docs/security.md, "Robustness at the edges"):
// - Linear work on a 200 KB line of separators: the full ingest 1-35 ms (best of three), single
//   runs up to ~400 ms while other test runs loaded the machine (load 12); one parser less.
//   Splitting it takes 5-100 µs, so for every input the fuzz makes (<= 200 KB) the floor F
//   decides; where a split took >= 20 µs, the highest ratio seen over 250,000 inputs was 549.
//   R = 5,000 leaves ~9x room for bigger inputs (FUZZ_RUNS with other generators).
// - A regex that backtracks quadratically (`\s+x` over spaces): 0.3 s over 16 KB, 1.2 s over
//   32 KB, 2.7 s over 48 KB, ~45 s over 200 KB. F = 1 s fails it from ~30 KB on, every time
//   (budget.test.ts checks 48 KB), with room for a loaded machine on linear work.
// - The engine runs up to two adds, two re-parses and three analyses: F = 5 s (seen: up to 1.5 s
//   on a loaded machine).
// A stage over budget is timed twice more and the best run counts: a pause of the machine does
// not repeat, a catastrophic backtracking does.
import type { SourceSummary } from '../../src/core/engine/engine-api.ts';
import { Workbench } from '../../src/core/engine/workbench.ts';
import { checkCoverage } from '../../src/core/ingest/coverage.ts';
import { InputError } from '../../src/core/ingest/decode.ts';
import { LineSplitter, stripAnsi } from '../../src/core/ingest/line-splitter.ts';
import { parseText } from '../../src/core/ingest/parse-text.ts';
import type { LogEvent, SkippedLine, UnparsedLine } from '../../src/core/model/event.ts';
import type { ParseContext, Parser } from '../../src/core/parsers/parser-api.ts';
import { openParser, PARSERS } from '../../src/core/parsers/registry.ts';
import type { FuzzInput } from './arbitraries.ts';

/** When the output was taken, for `2 hours ago` (2025-11-26 10:00 UTC), for some inputs. */
const CAPTURED_AT = 1_764_151_200_000_000;

/** Budget ratio to line splitting (see the header). */
export const BUDGET_RATIO = 5_000;
/** Budget floor for detection, one parser, or the full ingest, in ms. */
export const BUDGET_FLOOR_MS = 1_000;
/** Budget floor for the whole engine (a Workbench, alignment, entities, analysis), in ms. */
export const ENGINE_FLOOR_MS = 5_000;

/** The slowest stages seen, for FUZZ_STATS=1 (how the numbers above were chosen). */
export const stats = {
  inputs: 0,
  analyzed: 0,
  maxRatio: 0,
  maxRatioStage: '',
  maxMs: 0,
  maxMsStage: '',
  bytes: 0,
};

function record(stage: string, ms: number, splitMs: number): void {
  const ratio = ms / splitMs;
  // Ratios only where the split is long enough to time (20 µs); below, the floor decides.
  if (splitMs >= 0.02 && ratio > stats.maxRatio) {
    stats.maxRatio = ratio;
    stats.maxRatioStage = stage;
  }
  if (ms > stats.maxMs) {
    stats.maxMs = ms;
    stats.maxMsStage = stage;
  }
}

/** Plain checks, not expect(): the hot loop runs millions of them. */
function check(ok: boolean, message: () => string): void {
  if (!ok) throw new Error(message());
}

function noProblems(problems: readonly { line: number; problem: string }[], stage: string): void {
  check(
    problems.length === 0,
    () => `${stage}: lines lost or doubled: ${JSON.stringify(problems.slice(0, 5))}`,
  );
}

/**
 * The budget check: a stage that took `first` ms is timed again (`run`) up to `retries` times
 * while over budget, and the best time counts.
 */
export function withinBudget(
  stage: string,
  splitMs: number,
  floorMs: number,
  first: number,
  run: () => number,
  retries = 2,
): void {
  const budget = Math.max(BUDGET_RATIO * splitMs, floorMs);
  let best = first;
  for (let k = 0; k < retries && best > budget; k++) best = Math.min(best, run());
  record(stage, best, splitMs);
  check(
    best <= budget,
    () => `${stage}: ${best.toFixed(1)} ms, budget ${budget.toFixed(1)} ms (split ${splitMs.toFixed(3)} ms)`,
  );
}

export function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** The input's lines and the best of three times to split it (the yardstick). */
export function split(text: string): { lines: string[]; splitMs: number } {
  let lines: string[] = [];
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 3; k++) {
    const out: string[] = [];
    const ms = timed(() => {
      const sp = new LineSplitter((t) => out.push(t));
      sp.push(text);
      sp.end();
    });
    best = Math.min(best, ms);
    lines = out;
  }
  return { lines, splitMs: best };
}

/** Events keep the contract's shapes: numbers are numbers (never NaN), lines in range. */
function checkEvents(events: readonly LogEvent[], lines: number, stage: string): void {
  for (const e of events) {
    const ok =
      e.line >= 1 &&
      e.lineEnd >= e.line &&
      e.lineEnd <= lines &&
      (e.time === null || Number.isFinite(e.time)) &&
      (e.timeRange === undefined || (Number.isFinite(e.timeRange[0]) && Number.isFinite(e.timeRange[1]))) &&
      (e.monotonic === undefined || Number.isFinite(e.monotonic)) &&
      (e.pid === undefined || Number.isFinite(e.pid)) &&
      typeof e.message === 'string';
    check(
      ok,
      () =>
        `${stage}: event ${JSON.stringify(e, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)).slice(0, 400)}`,
    );
  }
}

interface Collected {
  lines: number;
  events: LogEvent[];
  unparsed: UnparsedLine[];
  skipped: SkippedLine[];
}

/** One parser fed the lines straight, as SourceParser feeds a segment (ANSI stripped). */
function runOne(ctx: ParseContext, lines: readonly string[]): Collected {
  const out: Collected = { lines: lines.length, events: [], unparsed: [], skipped: [] };
  const lp = openParser(ctx, {
    event: (e) => out.events.push(e),
    unparsed: (line, reason) => out.unparsed.push({ line, reason }),
    skipped: (line, kind) => out.skipped.push({ line, kind }),
  });
  for (let i = 0; i < lines.length; i++) lp.push(lines[i], i + 1);
  lp.end();
  return out;
}

/**
 * What detectors did wrong during the current input. detectFormat turns a detector's exception
 * into a score of 0 on purpose (one detector must not take the ingest down), which would hide it
 * from the fuzz, so every detector is wrapped once to report a throw or a score that is not a
 * number >= 0. The wrappers see each detector exactly as the ingest calls it: every segment's
 * head with its file name and the command echoed above it.
 */
const detectProblems: string[] = [];
let wrapped = false;

function wrapDetectors(): void {
  if (wrapped) return;
  wrapped = true;
  for (const p of PARSERS) {
    const detect = p.detect;
    p.detect = (head, fileName, command) => {
      let score: number;
      try {
        score = detect.call(p, head, fileName, command);
      } catch (e) {
        detectProblems.push(`${p.id}.detect threw ${e instanceof Error ? e.stack : String(e)}`);
        throw e;
      }
      if (!(Number.isFinite(score) && score >= 0)) detectProblems.push(`${p.id}.detect gave ${score}`);
      return score;
    };
  }
}

function noDetectProblems(stage: string): void {
  const found = detectProblems.splice(0);
  check(found.length === 0, () => `${stage}: ${found.join('; ')}`);
}

/**
 * Parsers fed each input directly, besides the one the ingest picks: a spread of the registry
 * chosen by the input (so a failing case replays with the same ones). Every parser on every
 * input would cost ~1.4 ms an input (45 parsers at ~10 µs a line with the second pass), more
 * than the whole fuzz may take; this way each parser is fed about DIRECT_PARSERS / 45 of all
 * inputs (about 6,700 of 100,000).
 */
export const DIRECT_PARSERS = 3;

export function directParsers(pick: number): Parser[] {
  const n = PARSERS.length;
  const step = Math.floor(n / DIRECT_PARSERS);
  return Array.from({ length: DIRECT_PARSERS }, (_, j) => PARSERS[(pick + j * step) % n]);
}

/** Detection, some parsers fed directly, and the full ingest over one input (synchronous; throws on a failure). */
export function checkParse(input: FuzzInput): void {
  wrapDetectors();
  detectProblems.length = 0;
  stats.inputs++;
  stats.bytes += input.text.length;
  const { lines: raw, splitMs } = split(input.text);
  const lines = raw.map(stripAnsi);

  // Parsers fed every line directly, whatever the detection says: each line ends exactly once.
  for (const p of directParsers(input.parserPick)) {
    const ctx: ParseContext = { sourceId: 'fz', format: p.id, ...input.clock, capturedAt: CAPTURED_AT };
    if (input.columnsOnly) ctx.columnsOnly = true;
    if (input.fileName) ctx.fileName = input.fileName;
    let res: Collected = { lines: 0, events: [], unparsed: [], skipped: [] };
    const ms = timed(() => {
      res = runOne(ctx, lines);
    });
    noProblems(checkCoverage(res), p.id);
    checkEvents(res.events, lines.length, p.id);
    withinBudget(p.id, splitMs, BUDGET_FLOOR_MS, ms, () => timed(() => runOne(ctx, lines)));
  }

  // The full ingest: structure, segments, detection, the chosen parsers, the second pass.
  const opts = {
    sourceId: 'fz',
    fileName: input.fileName,
    ...input.clock,
    capturedAt: input.parserPick % 3 === 0 ? CAPTURED_AT : undefined,
    columnsOnly: input.columnsOnly,
  };
  let parsed = parseText('', opts);
  const ms = timed(() => {
    parsed = parseText(input.text, opts);
  });
  noDetectProblems('ingest');
  check(parsed.lines === raw.length, () => `ingest: ${parsed.lines} lines, split gives ${raw.length}`);
  noProblems(checkCoverage(parsed), 'ingest');
  checkEvents(parsed.events, parsed.lines, 'ingest');
  withinBudget('ingest', splitMs, BUDGET_FLOOR_MS, ms, () => timed(() => parseText(input.text, opts)));
}

function streamOf(bytes: Uint8Array, chunk: number): ReadableStream<Uint8Array> {
  let pos = 0;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      if (pos >= bytes.length) {
        c.close();
        return;
      }
      c.enqueue(bytes.slice(pos, pos + chunk));
      pos += chunk;
    },
  });
}

/** The engine's no-line-lost invariant for one source: its rows' line ranges, its unparsed and skipped lines. */
function checkSource(wb: Workbench, s: SourceSummary, stage: string): void {
  const v = wb.view({ sources: [s.sourceId], severities: [], search: '' });
  check(v.total === s.events, () => `${stage}: view of ${v.total} rows, ${s.events} events`);
  const rows = wb.rows(v.viewId, 0, v.total);
  let covered = s.unparsedCount + s.skippedCount;
  for (const r of rows) covered += r.lineEnd - r.line + 1;
  check(
    rows.length === v.total && covered === s.lines,
    () =>
      `${stage}: ${s.lines} lines, ${rows.length} rows cover ${covered - s.unparsedCount - s.skippedCount} + ${s.unparsedCount} unparsed + ${s.skippedCount} skipped`,
  );
  // Full events rebuilt from the stored lines (the store's second pass), first and last.
  if (rows.length > 0) wb.detail(rows[0].eventId);
  if (rows.length > 1) wb.detail(rows[rows.length - 1].eventId);
}

/**
 * One run of the engine over the input: add it (bytes in odd chunks), check it, then what the
 * app does with it: entities, clocks, the analysis. Every other input also goes in a second
 * time (the parse cache's path), and the first segment is overridden by hand
 * to another format and back (a re-parse of the stored lines), with the analysis after each.
 */
async function engineRun(input: FuzzInput, bytes: Uint8Array): Promise<void> {
  const wb = new Workbench({ defaultClock: () => input.clock });
  const add = (name: string) =>
    wb.addSource({
      name,
      kind: 'file',
      // Chunk sizes that cut lines, CRLF pairs and UTF-8 sequences.
      stream: streamOf(bytes, 1 + (bytes.length % 4093)),
      totalBytes: bytes.length,
    });
  const name = input.fileName ?? 'fuzz.txt';
  let s: SourceSummary;
  try {
    s = await add(name);
  } catch (e) {
    // The one refusal a text input may get: NUL and control bytes everywhere read as binary.
    if (e instanceof InputError && /binary file/.test(e.message)) return;
    throw e;
  }
  checkSource(wb, s, 'engine');
  wb.entities();
  wb.clocks();
  check(Array.isArray(wb.analysis().hypotheses), () => 'engine: no hypotheses list');
  if (input.parserPick % 2 === 0) {
    // The same bytes under the same name (the file name is a detection hint): the cached parse.
    const again = await add(name);
    check(
      again.lines === s.lines && again.events === s.events,
      () =>
        `engine: the same bytes gave ${s.lines} lines and ${s.events} events, then ${again.lines} and ${again.events}`,
    );
    checkSource(wb, again, 'engine (cached)');
    const seg = s.segments[0];
    if (seg) {
      const other = directParsers(input.parserPick)[1].id;
      checkSource(wb, await wb.setFormat(s.sourceId, seg.lineStart, other), `engine (as ${other})`);
      wb.entities();
      wb.analysis();
      checkSource(wb, await wb.setFormat(s.sourceId, seg.lineStart, null), 'engine (detected again)');
    }
    await wb.removeSource(again.sourceId);
    wb.analysis();
  }
  noDetectProblems('engine');
}

/** The whole engine over the input (1 in ANALYSIS_SHARE inputs), within its own budget. */
export async function checkEngine(input: FuzzInput): Promise<void> {
  wrapDetectors();
  detectProblems.length = 0;
  stats.analyzed++;
  const bytes = new TextEncoder().encode(input.text);
  const { splitMs } = split(input.text);
  const budget = Math.max(BUDGET_RATIO * splitMs, ENGINE_FLOOR_MS);
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 3 && best > budget; k++) {
    const t0 = performance.now();
    await engineRun(input, bytes);
    best = Math.min(best, performance.now() - t0);
  }
  record('engine', best, splitMs);
  check(best <= budget, () => `engine: ${best.toFixed(1)} ms, budget ${budget.toFixed(1)} ms`);
}
