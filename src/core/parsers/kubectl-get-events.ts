// `kubectl get events` in every layout kubectl printed, plus the Events rows of a `kubectl
// describe` pasted on their own or mixed in (corpus k3d-130, containerd-11233):
// - 1.14+:            `LAST SEEN   TYPE      REASON   OBJECT   MESSAGE` (and `kubectl events`)
// - 1.11-1.13:        `LAST SEEN   TYPE      REASON   KIND     MESSAGE`
// - `-A`:             `NAMESPACE` first;  `-o wide`: `... OBJECT SUBOBJECT SOURCE MESSAGE FIRST SEEN COUNT NAME`
// - <= 1.10:          `LAST SEEN   FIRST SEEN   COUNT   NAME   KIND   SUBOBJECT   TYPE   REASON   SOURCE   MESSAGE`
//                     (`LASTSEEN FIRSTSEEN ...` before 1.6; 2015: `FIRSTSEEN LASTSEEN ...` with dates)
// - describe rows:    `Warning  Unhealthy  74s (x6975 over 49d)  kubelet  Readiness probe failed:`
// Reference: printers.go eventColumnDefinitions / printEvent and describe.go DescribeEvents
// (pinned in kubectl-common.ts).
//
// Rows are read by the shape of their cells, never by the header's column offsets: the MESSAGE
// column holds newlines, and Go's tabwriter restarts its column widths after every such line,
// so offsets from the header are wrong below the first multi-line message; shapes also read
// headerless and space-collapsed rows. The header is skipped. One event per row (`what:
// 'k8s-event'`): time relative from LAST SEEN (exact for 2015 dates), object -> pod entity, the
// lines of a multi-line message (unindented, `: exit status 1: unknown`) in the row's event.

import { isBlank } from './event-builder.ts';
import type { EventRow } from './kubectl-common.ts';
import {
  collapse,
  type EventLayout,
  eventRowEvent,
  isElision,
  isTableHeaderLine,
  kubectlMessageEvent,
  kubectlVerb,
  parseEventRow,
  RecordLineParser,
  wideRowAcrossLines,
} from './kubectl-common.ts';
import type { ParseContext, Parser } from './parser-api.ts';

const ALL_LAYOUTS: ReadonlySet<EventLayout> = new Set(['get', 'get-legacy', 'describe', 'describe-legacy']);

// Headers, whitespace collapsed (`collapse`):
// `LAST SEEN TYPE REASON OBJECT MESSAGE`, `NAMESPACE LAST SEEN TYPE REASON OBJECT SUBOBJECT SOURCE MESSAGE FIRST SEEN COUNT NAME`,
// `LAST SEEN TYPE REASON KIND MESSAGE`, `LASTSEEN FIRSTSEEN COUNT NAME KIND SUBOBJECT TYPE REASON SOURCE MESSAGE`,
// `LAST SEEN FIRST SEEN COUNT NAME KIND SUBOBJECT TYPE REASON SOURCE MESSAGE`, `FIRSTSEEN LASTSEEN COUNT NAME KIND SUBOBJECT REASON SOURCE MESSAGE`
const GET_HEADER_RE =
  /^(?:NAMESPACE )?(?:LAST ?SEEN (?:TYPE REASON (?:OBJECT|KIND)|FIRST ?SEEN COUNT NAME KIND)|FIRST ?SEEN LAST ?SEEN COUNT NAME KIND)(?: |$)/;
// The describe Events table header and its dashes, when the rows are pasted with it.
const DESCRIBE_HEADER_RE =
  /^(?:Type Reason Age From Message|FirstSeen LastSeen Count From Sub[Oo]bject[Pp]ath (?:Type )?Reason Message|-{2,}(?: -{2,})*)$/;
// `Events:` / `Events:  <none>`: the describe section title above pasted rows.
const EVENTS_TITLE_RE = /^Events:(?:[\t ]+<none>)?[\t ]*$/;

// Lines of a whole describe around its Events rows: `Name:  api-0`, `Containers:`, `Status:  Running`
const DESCRIBE_LINE_RE = /^(?:Name|Namespace|Containers|Conditions|Volumes|Node|Status):/;

function isHeader(text: string): boolean {
  if (text.length > 400) return false;
  const c = collapse(text);
  return GET_HEADER_RE.test(c) || DESCRIBE_HEADER_RE.test(c) || EVENTS_TITLE_RE.test(c);
}

function rowOf(text: string, ctx: Pick<ParseContext, 'utcOffsetMinutes'>): EventRow | null {
  const r = parseEventRow(text, ctx, ALL_LAYOUTS);
  return 'ok' in r ? r.ok : null;
}

interface Rec {
  line: number;
  lineEnd: number;
  /** The row's own line (re-read when its `-o wide` tail turns up on a continuation line). */
  text: string;
  row: EventRow;
  cont: string[];
}

class GetEventsLineParser extends RecordLineParser<Rec> {
  protected override read(text: string, line: number): void {
    const blank = isBlank(text);
    const row = blank ? null : rowOf(text, this.ctx);
    if (this.rec) {
      // A line that is not a row, a header or an echo goes on the message of the row above.
      if (
        !blank &&
        !row &&
        !isHeader(text) &&
        !isTableHeaderLine(text) &&
        !kubectlVerb(text) &&
        !isElision(text)
      ) {
        this.rec.cont.push(text.trimEnd());
        this.rec.lineEnd = line;
        return;
      }
      this.flush();
    }
    if (row) {
      this.rec = { line, lineEnd: line, text, row, cont: [] };
      return;
    }
    if (blank) this.sink.skipped(line, 'blank');
    else if (isHeader(text)) this.sink.skipped(line, 'header');
    else if (kubectlVerb(text)) this.sink.skipped(line, 'prompt');
    else if (isElision(text)) this.sink.skipped(line, 'comment');
    else {
      const e = kubectlMessageEvent(this.ctx, text, line);
      if (e) this.sink.event(e);
      else this.sink.unparsed(line, `not a kubectl events row: ${whyNot(text, this.ctx)}`);
    }
  }

  protected override flush(): void {
    const r = this.rec;
    this.rec = null;
    if (!r) return;
    const wide =
      r.row.layout === 'get' && r.row.eventName === undefined
        ? wideRowAcrossLines(r.text, r.cont, this.ctx)
        : null;
    const row = wide ? wide.row : r.row;
    this.sink.event(eventRowEvent(this.ctx, r.line, r.lineEnd, row, wide ? wide.cont : r.cont));
  }
}

function whyNot(text: string, ctx: ParseContext): string {
  const r = parseEventRow(text, ctx, ALL_LAYOUTS);
  return 'why' in r ? r.why : 'unknown';
}

export const kubectlGetEventsParser: Parser = {
  id: 'kubectl-get-events',
  title: 'kubectl get events',
  version: 1,
  samples: [
    // 1.14+ (printers.go eventColumnDefinitions), message with a newline (corpus k3s-1016)
    [
      'LAST SEEN   TYPE      REASON                   OBJECT                                   MESSAGE',
      '<unknown>   Normal    Scheduled                pod/nginx-deployment-85ff79dd56-hf4w2    Successfully assigned team-ci-samples-k3s/nginx-deployment-85ff79dd56-hf4w2 to runner-ab3xk-q1-project-512-concurrent-0kdw7r',
      '14s         Warning   FailedCreatePodSandBox   pod/nginx-deployment-85ff79dd56-hf4w2    Failed create pod sandbox: rpc error: code = Unknown desc = failed to create containerd task: io.containerd.runc.v2: failed to adjust OOM score for shim: set shim OOM score: write /proc/797/oom_score_adj: invalid argument',
      ': exit status 1: unknown',
      '',
    ].join('\n'),
    // -A -o wide
    [
      'NAMESPACE   LAST SEEN   TYPE      REASON      OBJECT      SUBOBJECT              SOURCE              MESSAGE                                          FIRST SEEN   COUNT   NAME',
      'shop        2m          Warning   OOMKilling  node/node-1                        kernel-monitor      Memory cgroup out of memory: Killed process 4242 (java)   2m           1       node-1.17f3a2b1c4d5e6f7',
      'shop        75s         Warning   BackOff     pod/api-0   spec.containers{api}   kubelet             Back-off restarting failed container              6m           5       api-0.17f3a2b9d8e7f6a5',
      '',
    ].join('\n'),
    // <= 1.10 client-side layout
    [
      'LASTSEEN   FIRSTSEEN   COUNT     NAME                     KIND      SUBOBJECT                TYPE      REASON      SOURCE                 MESSAGE',
      '1m         1m          1         nginx-2371676037-1d2gh   Pod                                Normal    Scheduled   {default-scheduler }   Successfully assigned nginx-2371676037-1d2gh to node1',
      '1m         1m          1         nginx-2371676037-1d2gh   Pod       spec.containers{nginx}   Normal    Pulling     {kubelet node1}        pulling image "nginx"',
      '',
    ].join('\n'),
  ],

  detect(head, _fileName, command) {
    let header = false;
    let getRows = 0;
    let describeRows = 0;
    let describeMarks = 0;
    let other = 0;
    const verb = command !== undefined ? kubectlVerb(command) : null;
    let echo = verb === 'get' || verb === 'events';
    for (const t of head) {
      const v = kubectlVerb(t);
      if (v === 'describe') describeMarks++;
      else if (v === 'get' || v === 'events') echo = true;
      else if (isElision(t)) continue;
      else if (isHeader(t)) {
        const c = collapse(t);
        if (GET_HEADER_RE.test(c)) header = true;
      } else {
        const r = parseEventRow(t, { utcOffsetMinutes: 0 }, ALL_LAYOUTS);
        if ('ok' in r) {
          if (r.ok.layout === 'get' || r.ok.layout === 'get-legacy') getRows++;
          else describeRows++;
        } else if (DESCRIBE_LINE_RE.test(t)) describeMarks++;
        else other++;
      }
    }
    // A describe's own lines: the describe parser reads the rows there.
    if (describeMarks > 0) return 0;
    if (header) return 0.95;
    const rows = getRows + describeRows;
    if (rows === 0 || rows < other) return 0;
    if (getRows > 0) return echo ? 0.9 : 0.8;
    // Describe Events rows pasted alone: the same events, read here.
    return echo ? 0.7 : 0.6;
  },

  create(ctx, sink) {
    return new GetEventsLineParser(ctx, sink);
  },
};
