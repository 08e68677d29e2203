// The compact one-line-per-event dump used for fixture snapshots (speedscope's
// checkProfileSnapshot idea): readable in a diff, stable, and covering every event key.
import type { ParsedSource } from '../../src/core/ingest/parse-text.ts';
import type { LogEvent } from '../../src/core/model/event.ts';
import { microsToIso } from '../../src/core/util/time.ts';

function cut(s: string, n: number): string {
  const one = s.replace(/\n/g, '⏎');
  return one.length > n ? `${one.slice(0, n)}…` : one;
}

export function dumpEvent(e: LogEvent): string {
  const span = e.line === e.lineEnd ? `L${e.line}` : `L${e.line}-${e.lineEnd}`;
  const time = e.time == null ? '-' : microsToIso(e.time);
  const parts = [span, e.format, time, e.timeQuality];
  if (e.timeRange) parts.push(`range=${microsToIso(e.timeRange[0])}..${microsToIso(e.timeRange[1])}`);
  if (e.record) parts.push(`record=L${e.record[0]}-${e.record[1]}`);
  if (e.monotonic !== undefined) parts.push(`mono=${e.monotonic}`);
  if (e.boot !== undefined) parts.push(`boot=${e.boot}`);
  if (e.host !== undefined) parts.push(`host=${e.host}`);
  if (e.unit !== undefined) parts.push(`unit=${e.unit}`);
  if (e.ident !== undefined) parts.push(`ident=${e.ident}`);
  if (e.pid !== undefined) parts.push(`pid=${e.pid}`);
  if (e.severity !== undefined) parts.push(`sev=${e.severity}`);
  parts.push(`msg=${JSON.stringify(cut(e.message, 140))}`);
  const keys = Object.keys(e.fields).sort();
  if (keys.length)
    parts.push(`fields={${keys.map((k) => `${k}:${cut(String(e.fields[k]), 60)}`).join(', ')}}`);
  if (e.entities.length) parts.push(`entities=[${e.entities.map((x) => `${x.kind}:${x.id}`).join(' ')}]`);
  return parts.join(' ');
}

export function dumpSource(src: ParsedSource): string {
  const out: string[] = [];
  for (const s of src.segments) {
    out.push(
      `segment ${s.lineStart}-${s.lineEnd} ${s.format} confidence=${s.confidence}${s.command ? ` command=${JSON.stringify(s.command)}` : ''}`,
    );
  }
  for (const e of src.events) out.push(dumpEvent(e));
  for (const u of src.unparsed) out.push(`unparsed L${u.line}: ${u.reason}`);
  const skipped = new Map<string, number>();
  for (const s of src.skipped) skipped.set(s.kind, (skipped.get(s.kind) ?? 0) + 1);
  if (skipped.size) out.push(`skipped ${[...skipped].map(([k, n]) => `${k}=${n}`).join(' ')}`);
  return `${out.join('\n')}\n`;
}
