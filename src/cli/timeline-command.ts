// `rca timeline`: files -> one timeline, through the same Workbench the app runs in its worker,
// so clocks (year, zone, dmesg boot offsets) and entities are the engine's, not a CLI copy.
// Prints every event in timeline order with its time quality, each source's alignment and the
// entities with their event ids (--json), or a readable summary of the same.
import { basename } from 'node:path';
import type { EntitySummary, SourceClock, SourceSummary } from '../core/engine/engine-api.ts';
import { Workbench } from '../core/engine/workbench.ts';
import type { LogEvent } from '../core/model/event.ts';
import { formatOffset } from '../core/time/calendar.ts';
import { microsToIso, parseIso } from '../core/util/time.ts';
import { intOption, type ParsedArgs, UsageError, utcOffsetOption } from './args.ts';
import { BufferedOut, type CliIo } from './io.ts';
import { fileStream } from './read-file.ts';

export const TIMELINE_OPTIONS = {
  json: { value: false },
  year: { value: true },
  'utc-offset': { value: true },
  'captured-at': { value: true },
  limit: { value: true },
} as const;

/** Rows fetched from a view at a time (each becomes a full event: keep the batch small). */
const PAGE = 2000;
const ALL = { sources: [], severities: [], search: '' };

/** The clock flags shared by `timeline` and `analyze`. */
export interface Options {
  year: number | undefined;
  utcOffsetMinutes: number | undefined;
  capturedAt: number | undefined;
}

export function optionsOf(args: ParsedArgs): Options {
  const year = args.values.has('year') ? intOption(args, 'year', 0, 1970, 2200) : undefined;
  const utcOffsetMinutes = args.values.has('utc-offset') ? utcOffsetOption(args, 'utc-offset', 0) : undefined;
  let capturedAt: number | undefined;
  const captured = args.values.get('captured-at');
  if (captured !== undefined) {
    // An ISO-8601 time with a zone: when the pasted output was taken (anchors `2 hours ago`).
    const t = parseIso(captured);
    if (!t?.zoned)
      throw new UsageError(`--captured-at must be an ISO-8601 time with a zone, got "${captured}"`);
    capturedAt = t.micros;
  }
  return { year, utcOffsetMinutes, capturedAt };
}

/**
 * Reads every file into a Workbench. The flags are the starting clock (as in `parse`) and, for
 * the sources that have year-less or zone-less stamps, the user's decision, so the engine's
 * inference does not override them and the alignment says `user`.
 */
export async function load(files: readonly string[], o: Options): Promise<{ wb: Workbench; ids: string[] }> {
  const wb = new Workbench({
    // The tab's input limit is about one browser tab's memory; the CLI reads from disk in a
    // process of its own, so it has none (decode's 2 GiB refusal still applies).
    maxInputBytes: Number.POSITIVE_INFINITY,
    defaultClock: () => ({
      year: o.year ?? new Date().getUTCFullYear(),
      utcOffsetMinutes: o.utcOffsetMinutes ?? 0,
      ...(o.capturedAt === undefined ? {} : { capturedAt: o.capturedAt }),
    }),
  });
  const ids: string[] = [];
  for (const file of files) {
    const { stream, size } = await fileStream(file);
    const s = await wb.addSource({ name: basename(file), kind: 'file', stream, totalBytes: size });
    ids.push(s.sourceId);
  }
  if (o.year !== undefined || o.utcOffsetMinutes !== undefined) {
    for (const c of wb.clocks().sources) {
      const year = o.year !== undefined && c.year !== null ? { year: o.year } : {};
      const zone =
        o.utcOffsetMinutes !== undefined && c.zone !== null ? { utcOffsetMinutes: o.utcOffsetMinutes } : {};
      if ('year' in year || 'utcOffsetMinutes' in zone) await wb.setClock(c.sourceId, { ...year, ...zone });
    }
  }
  return { wb, ids };
}

/** The contract's event JSON with ISO-8601 times (time, and timeRange when set). */
function timelineEventJson(e: LogEvent): string {
  // Spread first, then replace: the keys keep the LogEvent's order.
  const out: Record<string, unknown> = { ...e, time: e.time == null ? null : microsToIso(e.time) };
  if (e.timeRange) out.timeRange = [microsToIso(e.timeRange[0]), microsToIso(e.timeRange[1])];
  return JSON.stringify(out);
}

function sourceJson(file: string, s: SourceSummary, alignment: SourceClock | undefined): string {
  return JSON.stringify({
    file,
    id: s.sourceId,
    segments: s.segments.map((g) => ({
      format: g.format,
      confidence: g.confidence,
      lineStart: g.lineStart,
      lineEnd: g.lineEnd,
    })),
    lines: s.lines,
    events: s.events,
    unparsedCount: s.unparsedCount,
    skippedCount: s.skippedCount,
    alignment: alignment ?? null,
  });
}

/** The files read, with what the engine made of them (`ids[k]` is the source of `files[k]`). */
interface Loaded {
  wb: Workbench;
  files: readonly string[];
  ids: readonly string[];
  clocks: Map<string, SourceClock>;
  summaries: Map<string, SourceSummary>;
  entities: EntitySummary[];
}

/** An entity's events: the rows of a view filtered by it (linked directly or through related ones). */
function entityEventIds(wb: Workbench, key: string): string[] {
  const v = wb.view({ ...ALL, entity: key });
  return wb.viewEventIds(v.viewId, 0, v.total);
}

export async function timelineCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const o = optionsOf(args);
  const limit = intOption(args, 'limit', 50, 0, Number.MAX_SAFE_INTEGER);
  const files = args.positional;
  // Everything is read and aligned before the first byte is written: an unreadable file fails
  // with exit 1 and no partial output.
  const { wb, ids } = await load(files, o);
  const t: Loaded = {
    wb,
    files,
    ids,
    clocks: new Map(wb.clocks().sources.map((c) => [c.sourceId, c])),
    summaries: new Map(wb.listSources().map((s) => [s.sourceId, s])),
    entities: wb.entities(),
  };
  if (args.flags.has('json')) return json(t, io);
  return human(t, limit === 0 ? Number.POSITIVE_INFINITY : limit, io);
}

async function json({ wb, files, ids, summaries, clocks, entities }: Loaded, io: CliIo): Promise<number> {
  const out = new BufferedOut(io);
  out.push('{"sources":[');
  ids.forEach((id, k) => {
    const s = summaries.get(id);
    if (s) out.push(`${k ? ',' : ''}\n${sourceJson(files[k], s, clocks.get(id))}`);
  });
  out.push('\n],"events":[');
  const v = wb.view(ALL);
  let first = true;
  for (const id of wb.viewEventIds(v.viewId, 0, v.total)) {
    out.push(`${first ? '\n' : ',\n'}${timelineEventJson(wb.detail(id).event)}`);
    first = false;
    await out.flushIfFull();
  }
  out.push('\n],"entities":[');
  entities.forEach((e, k) => {
    const entity = {
      key: e.key,
      kind: e.kind,
      id: e.id,
      label: e.label,
      aliases: e.aliases,
      related: e.related,
      eventIds: entityEventIds(wb, e.key),
    };
    out.push(`${k ? ',' : ''}\n${JSON.stringify(entity)}`);
  });
  out.push('\n]}\n');
  await out.flush();
  return 0;
}

const n = (v: number): string => v.toLocaleString('en-US');
const iso = (us: number | null): string => (us === null ? '-' : microsToIso(us));

/** µs as a short duration: `850 µs`, `3.2 ms`, `1.250 s`. */
function duration(us: number): string {
  const a = Math.abs(us);
  if (a < 1000) return `${Math.round(us)} µs`;
  if (a < 1_000_000) return `${(us / 1000).toFixed(1)} ms`;
  return `${(us / 1_000_000).toFixed(3)} s`;
}

function clockLines(c: SourceClock | undefined): string[] {
  if (!c) return ['  clock: not reported'];
  const out: string[] = [];
  if (c.year) out.push(`  year ${c.year.value} (${c.year.how}: ${c.year.reason})`);
  if (c.zone) out.push(`  zone ${formatOffset(c.zone.utcOffsetMinutes)} (${c.zone.how}: ${c.zone.reason})`);
  if (c.shiftUs)
    out.push(`  shifted by ${duration(c.shiftUs)}${c.pinned ? ` (pinned ${c.pinned.eventId})` : ''}`);
  for (const b of c.boots) {
    if (b.bootTimeUs === null) {
      out.push(`  boot ${b.boot}: ${n(b.events)} events, no evidence: times stay relative`);
      continue;
    }
    const fit = b.anchors
      ? `${n(b.anchors)} anchor${b.anchors === 1 ? '' : 's'}${b.residualUs === null ? '' : `, residual ${duration(b.residualUs)}`}`
      : 'no anchors';
    const pm = b.uncertaintyUs === null ? '' : `, ±${duration(b.uncertaintyUs)}`;
    out.push(
      `  boot ${b.boot}: ${n(b.events)} events, booted ${iso(b.bootTimeUs)} from ${b.evidence} (${fit}${pm}; ${b.decidedBy})`,
    );
  }
  const q = Object.entries(c.qualities)
    .map(([k, v]) => `${k} ${n(v ?? 0)}`)
    .join(', ');
  if (q) out.push(`  times: ${q}${c.accepted ? ' (accepted)' : ''}`);
  return out;
}

function firstLine(s: string, max: number): string {
  const nl = s.indexOf('\n');
  const one = nl === -1 ? s : `${s.slice(0, nl)} ⏎`;
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

async function human(
  { wb, files, ids, summaries, clocks, entities }: Loaded,
  limit: number,
  io: CliIo,
): Promise<number> {
  const out = new BufferedOut(io);
  ids.forEach((id, k) => {
    const s = summaries.get(id);
    if (!s) return;
    const segs = s.segments.map((g) => `${g.format} L${g.lineStart}-${g.lineEnd}`).join(', ');
    out.push(
      `${files[k]}${id === basename(files[k]) ? '' : ` (as ${id})`}: ${n(s.events)} events${segs ? `; ${segs}` : ''}\n`,
    );
    for (const l of clockLines(clocks.get(id))) out.push(`${l}\n`);
  });
  const v = wb.view(ALL);
  out.push(
    `\ntimeline: ${n(v.total)} events (${n(v.timed)} timed ${iso(v.first)} .. ${iso(v.last)}, ${n(v.untimed)} untimed)\n`,
  );
  const shown = Math.min(v.total, limit);
  for (let start = 0; start < shown; start += PAGE) {
    for (const r of wb.rows(v.viewId, start, Math.min(PAGE, shown - start))) {
      const time = r.time === null ? '-'.padEnd(27) : microsToIso(r.time);
      out.push(
        `  ${time} ${r.timeQuality.padEnd(8)} ${(r.severity ?? '-').padEnd(7)} ${`${r.sourceId}:${r.line}`.padEnd(28)} ${(r.ident ?? '').padEnd(12)} ${firstLine(r.message, 120)}\n`,
      );
    }
    await out.flushIfFull();
  }
  if (v.total > shown) out.push(`  ... ${n(v.total - shown)} more events (--limit 0 lists all)\n`);
  out.push(`\nentities: ${n(entities.length)}\n`);
  for (const e of entities.slice(0, limit)) {
    const span = e.first === null ? '' : ` ${iso(e.first)} .. ${iso(e.last)}`;
    out.push(`  ${e.kind.padEnd(9)} ${e.label}  ${n(e.events)} events${span}\n`);
    if (e.aliases.length) out.push(`            also ${e.aliases.join(', ')}\n`);
  }
  if (entities.length > limit)
    out.push(`  ... ${n(entities.length - limit)} more entities (--limit 0 lists all)\n`);
  await out.flush();
  return 0;
}
