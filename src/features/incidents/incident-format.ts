// How the incidents list and the header say times, sizes and verdicts. Pure, so the wording is
// the same in the header, the dialog and the tests.
import type { IncidentMeta } from '../../core/persist/model.ts';
import { formatBytes, formatCountOf, formatPercent } from '../../state/format.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/** "2025-11-26 10:03" in the browser's zone: the list is about when *you* worked on it. */
export function formatLocalMinute(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "10:03:12" in the browser's zone (the save status: always today, seconds matter). */
export function formatLocalTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "just now", "5 min ago", "3 h ago", else the local date and minute. */
export function formatAgo(ms: number, now: number): string {
  const s = Math.round((now - ms) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 24 * 3600) return `${Math.floor(s / 3600)} h ago`;
  return formatLocalMinute(ms);
}

/** "5 sources · 1.2 MB (310 KB stored)": what the incident is made of and what it costs here. */
export function describeSize(meta: IncidentMeta): string {
  const n = meta.sources.length;
  if (n === 0) return 'No sources';
  return `${formatCountOf(n, 'source')} · ${formatBytes(meta.inputBytes)} (${formatBytes(meta.storedBytes)} stored)`;
}

/** "memcg OOM kill (92%)", "… (your verdict)"; null when the analysis reached none. */
export function describeVerdict(meta: IncidentMeta): string | null {
  const v = meta.signature?.verdict;
  if (!v) return null;
  return v.by === 'analyst' ? `${v.label} (your verdict)` : `${v.label} (${formatPercent(v.confidence)})`;
}

/** Comma-separated tags as typed -> trimmed, unique, non-empty, in the order typed. */
export function parseTags(text: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const t of text.split(',')) {
    const tag = t.trim().replace(/\s+/g, ' ');
    // Case-blind uniqueness ("OOM" and "oom" are one tag); the first spelling typed is kept.
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    out.push(tag);
  }
  return out;
}
