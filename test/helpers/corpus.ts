// The real-input corpus under test/corpus (copied from public issue threads, identifiers
// replaced): its cases, their declared formats mapped to ours, and the key-fact matcher.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedSource } from '../../src/core/ingest/parse-text.ts';
import type { FormatId, LogEvent } from '../../src/core/model/event.ts';

export const CORPUS_ROOT = join(import.meta.dirname, '..', 'corpus');

export interface KeyFact {
  kind: string;
  file: string;
  [key: string]: string | number | boolean;
}

export interface CorpusCase {
  id: string;
  dir: string;
  files: Record<string, string>;
  root_cause_category: string;
  key_facts: KeyFact[];
  format_quirks?: Record<string, string[]>;
}

export function corpusCases(): CorpusCase[] {
  return readdirSync(CORPUS_ROOT)
    .filter((d) => statSync(join(CORPUS_ROOT, d)).isDirectory())
    .sort()
    .map((d) => {
      const c = JSON.parse(readFileSync(join(CORPUS_ROOT, d, 'case.json'), 'utf8')) as CorpusCase;
      return { ...c, dir: join(CORPUS_ROOT, d) };
    });
}

/**
 * The corpus's format vocabulary -> the formats our detector may report for the file's segments
 * (the first is the main one; the rest are what the other segments of a mixed file may be).
 * One table, so a change of mind shows in one place.
 */
export const CORPUS_FORMATS: Record<string, { main: FormatId[]; others?: FormatId[] }> = {
  'journalctl-short': { main: ['journalctl-short'] },
  'journalctl-short-precise': { main: ['journalctl-short-precise'] },
  'journalctl-short-monotonic': { main: ['journalctl-short-monotonic'] },
  'journalctl-cat': { main: ['journalctl-cat'] },
  // `containerd[2742376]: time="..." level=...`: date and host cut off by the author; what is
  // left is containerd's own log behind its syslog identifier.
  'journal-ident-only': { main: ['containerd-logfmt'] },
  'syslog-rfc3164': { main: ['syslog-rfc3164'] },
  // rsyslog's RFC 3339 file format: our id for ISO-stamped syslog.
  'syslog-rfc3339': { main: ['syslog-rfc5424'] },
  // `==> kubelet <==` sections of journal lines.
  'minikube-logs': { main: ['journalctl-short'] },
  'dmesg-raw': { main: ['dmesg-raw'] },
  'dmesg-ctime': { main: ['dmesg-ctime'] },
  'dmesg-decode-mangled': { main: ['dmesg-decode'] },
  'dmesg-kmsg-prefixed': { main: ['dmesg-level'] },
  'talosctl-dmesg': { main: ['talosctl-dmesg'] },
  'containerd-logfmt': { main: ['containerd-logfmt'] },
  'crictl-ps': { main: ['crictl-ps'] },
  'crictl-inspect-json': { main: ['crictl-inspect'] },
  // `crictl info`-style status JSON of one container: crictl inspect reads it.
  'cri-status-json': { main: ['crictl-inspect'] },
  'crictl-stderr': { main: ['text'], others: ['text'] },
  'ctr-tasks': { main: ['ctr-tasks'] },
  'ctr-containers': { main: ['ctr-containers'] },
  'runc-list': { main: ['runc-list'] },
  'runc-error': { main: ['text'] },
  'kubectl-describe': { main: ['kubectl-describe-pod'] },
  'kubectl-describe-legacy-tabs': { main: ['kubectl-describe-pod'] },
  // The Events rows of a describe, pasted alone.
  'kubectl-describe-events-line': { main: ['kubectl-get-events', 'kubectl-describe-pod'] },
  'kubectl-get-events': { main: ['kubectl-get-events'] },
  'kubectl-events-mixed': { main: ['kubectl-get-events'], others: ['text', 'kubectl-describe-pod'] },
  'kubectl-get-pods': { main: ['kubectl-get-pods'] },
  // A `kubectl get pod -o json` fragment (containerStatuses).
  'kubectl-json': { main: ['kubectl-get-pods', 'text'] },
  'docker-ps': { main: ['docker-ps'] },
  'docker-inspect-json': { main: ['docker-inspect'] },
  'docker-cli-error': { main: ['text'] },
  'ps-aux': { main: ['ps'] },
  'systemctl-status-cgroup-tree': { main: ['systemctl-status'] },
  // Prompts cut a shell session into segments: each is whatever its output is.
  'shell-session': {
    main: ['text'],
    others: ['text', 'ps', 'cgroup-files', 'docker-ps', 'crictl-ps', 'ctr-tasks'],
  },
  'plain-error': { main: ['text'] },
};

// Fact keys that are not copied from the text (the thread's interpretation) or count lines:
// the analysis issue checks them, not the parser.
export const NOT_PARSING_FACTS: ReadonlySet<string> = new Set([
  'kind',
  'file',
  'note',
  'source',
  'type',
  'scope',
  'daemon',
  'actor',
  'signal',
  'occurrences',
  'started',
  'finished',
]);
const ID_PREFIX_KEYS = new Set([
  'container_id_prefix',
  'sandbox_id_prefix',
  'task_id_prefix',
  'pod_id_prefix',
]);
const NUMBER_KEYS = new Set([
  'pid',
  'victim_pid',
  'chosen_pid',
  'exit_code',
  'attempt',
  'restart_count',
  'count',
  'fd_count',
  'limit',
  'oom_score_adj',
  'score',
]);

function stringsOf(e: LogEvent): string[] {
  const out: string[] = [];
  for (const v of Object.values(e.fields)) if (typeof v === 'string') out.push(v);
  for (const x of e.entities) out.push(x.id);
  for (const v of [e.ident, e.unit, e.host]) if (v) out.push(v);
  return out;
}

function numbersOf(e: LogEvent): number[] {
  const out: number[] = [];
  for (const v of Object.values(e.fields)) if (typeof v === 'number') out.push(v);
  for (const x of e.entities) if (x.kind === 'pid' && /^\d+$/.test(x.id)) out.push(Number(x.id));
  if (e.pid !== undefined) out.push(e.pid);
  return out;
}

// A free-text event (a command's output) holds its facts only in words: a number is found as a
// whole word of the message or of the command that printed it.
function textWords(e: LogEvent): string {
  if (e.format !== 'text') return '';
  return ` ${e.message} ${typeof e.fields.command === 'string' ? e.fields.command : ''} `;
}

/** Why one value of a key fact is not found in the parsed file, or null when it is. */
export function missingFact(
  key: string,
  value: string | number | boolean,
  src: ParsedSource,
  text: string,
): string | null {
  if (NOT_PARSING_FACTS.has(key)) return null;
  const events = src.events;
  if (ID_PREFIX_KEYS.has(key)) {
    const p = String(value);
    const ok = events.some((e) =>
      stringsOf(e).some(
        (s) => s.startsWith(p) || s.includes(`/${p}`) || s.includes(`-${p}`) || s.includes(`:${p}`),
      ),
    );
    return ok ? null : `no field or entity holds an id starting with ${p}`;
  }
  if (NUMBER_KEYS.has(key) && typeof value === 'number') {
    const word = new RegExp(`(^|[^\\w.-])${String(value).replace('-', '\\-')}([^\\w.]|$)`);
    const ok = events.some(
      (e) => numbersOf(e).includes(value) || stringsOf(e).includes(String(value)) || word.test(textWords(e)),
    );
    return ok ? null : `no field equals ${value}`;
  }
  if (key === 'time_raw') {
    const at = text.indexOf(String(value));
    if (at === -1) return `time_raw not in the file`;
    const line = text.slice(0, at).split('\n').length;
    const e = events.find((x) => x.line <= line && line <= x.lineEnd);
    if (!e) return `line ${line} with the time is not in any event`;
    // dmesg's `[ 7016.339839]` is the time as printed: seconds since boot (aligned later).
    return e.time !== null || e.timeRange || e.monotonic !== undefined
      ? null
      : `event at line ${line} has no time`;
  }
  // Verbatim text: some event's message, a string field or an entity holds it (case-insensitive
  // for state and reason words, which tools print in other cases: UNKNOWN / Unknown).
  // A fact that spans lines (`| grep / | wc -l\n61`: a prompt and its output) is found line by line.
  if (typeof value === 'string' && value.includes('\n')) {
    for (const part of value.split('\n')) {
      const why = part.trim() ? missingFact(key, part, src, text) : null;
      if (why) return why;
    }
    return null;
  }
  // A journal's `-- Logs begin at ... --` line is a header the parser recognised, not an event.
  if (key === 'header_raw') {
    const at = text.indexOf(String(value));
    const line = at === -1 ? -1 : text.slice(0, at).split('\n').length;
    if (src.skipped.some((x) => x.line === line && (x.kind === 'header' || x.kind === 'boot-marker')))
      return null;
  }
  // Whitespace runs compare as one space: a TAB-aligned `memory:\t\t50Mi` is the parsed `memory: 50Mi`.
  const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ');
  const needle = norm(String(value));
  const ok = events.some(
    (e) => norm(e.message).includes(needle) || stringsOf(e).some((s) => norm(s).includes(needle)),
  );
  return ok ? null : `no event message, field or entity contains ${JSON.stringify(value)}`;
}
