// The incidents list's search, and how alike two incidents are (issue 8's "similar past
// incidents"). Both read only an incident's meta, so the list filters without opening anything.
import type { IncidentMeta, IncidentSignature } from './model.ts';

/**
 * The query's words, lower-cased: split at white space, a "double-quoted phrase" kept as one
 * word (`"shim disconnected"`), a prefix outside the quotes (`tag:"team payments"`) kept with it.
 */
function words(query: string): string[] {
  const out: string[] = [];
  for (const m of query.toLowerCase().matchAll(/([a-z]+:)?"([^"]*)"?|(\S+)/g)) {
    const w = m[3] ?? `${m[1] ?? ''}${m[2]}`;
    if (w !== '' && w !== m[1]) out.push(w);
  }
  return out;
}

/** The signature's searchable strings: rule ids, facts, the verdict's cause and label. */
function signatureTexts(s: IncidentSignature | null): string[] {
  if (!s) return [];
  const out = [...s.rules, ...s.facts];
  if (s.verdict) out.push(s.verdict.cause, s.verdict.label);
  return out.map((t) => t.toLowerCase());
}

/**
 * Whether an incident matches a search: every word must match (AND), case-insensitively, as a
 * substring of the title, a tag, a rule id, a fact or the verdict's cause or label. A prefixed
 * word looks in one place only: `tag:payments` the tags, `rule:kernel.oom` (also `sig:`) the
 * signature, `title:` the title. An empty query matches everything.
 */
export function matchesIncident(meta: IncidentMeta, query: string): boolean {
  const title = meta.title.toLowerCase();
  const tags = meta.tags.map((t) => t.toLowerCase());
  const sig = signatureTexts(meta.signature);
  const inAny = (texts: readonly string[], w: string) => texts.some((t) => t.includes(w));
  return words(query).every((w) => {
    const m = /^(tag|rule|sig|title):(.*)$/.exec(w);
    if (m) {
      const rest = m[2];
      if (m[1] === 'tag') return inAny(tags, rest);
      if (m[1] === 'title') return title.includes(rest);
      return inAny(sig, rest);
    }
    return title.includes(w) || inAny(tags, w) || inAny(sig, w);
  });
}

/** What the verdicts weigh when both incidents have one. */
const VERDICT_WEIGHT = 0.25;

/**
 * How alike two incidents are, 0..1: the Jaccard overlap of their rules and facts (one set of
 * `rule:x` and `fact:y` members each). When both have a verdict, the overlap counts for
 * 1 - VERDICT_WEIGHT and the same verdict cause adds VERDICT_WEIGHT (a different one adds
 * nothing); when either has none, the overlap alone counts, scaled down by the same factor if
 * only one has a verdict (one known cause and one unknown is a difference). The same signature
 * gives 1, nothing in common 0, two empty signatures without verdicts 0. Symmetric.
 */
export function similarity(a: IncidentSignature, b: IncidentSignature): number {
  const set = (s: IncidentSignature) =>
    new Set([...s.rules.map((r) => `rule:${r}`), ...s.facts.map((f) => `fact:${f}`)]);
  const sa = set(a);
  const sb = set(b);
  let both = 0;
  for (const x of sa) if (sb.has(x)) both++;
  const either = sa.size + sb.size - both;
  const overlap = either === 0 ? 0 : both / either;
  if (a.verdict === null && b.verdict === null) return overlap;
  if (a.verdict === null || b.verdict === null) return (1 - VERDICT_WEIGHT) * overlap;
  const sameCause = a.verdict.cause === b.verdict.cause ? 1 : 0;
  // Neither has rules or facts: the verdicts alone decide.
  if (either === 0) return sameCause;
  return (1 - VERDICT_WEIGHT) * overlap + VERDICT_WEIGHT * sameCause;
}
