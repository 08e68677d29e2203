// `kubectl get pods` tables: `NAME READY STATUS RESTARTS AGE`, with `-A` / `--all-namespaces`
// (NAMESPACE first), `-o wide` (IP NODE, then NOMINATED NODE and READINESS GATES since 1.11 /
// 1.12), `--show-labels` (LABELS), headerless (`--no-headers`, grep). Since 1.22 RESTARTS may
// carry the last restart's age: `3 (2m ago)`.
// Reference: pkg/printers/internalversion/printers.go podColumnDefinitions / printPod
// https://github.com/kubernetes/kubernetes/blob/master/pkg/printers/internalversion/printers.go
// Corpus: containerd-2744 (Terminating pods under a prompt).
//
// Rows are read by the shape of their cells (READY is `n/m`, RESTARTS a count, AGE an age), not
// by header offsets, so a row reads the same with or without its header (record-local) and with
// its spaces collapsed. One event per row: pod entity `namespace/name` (name alone without -A),
// time = creation = capturedAt - AGE (relative; no capturedAt: the age stays in fields).
//
// Also the JSON forms (`kubectl get pod x -o json`, `... | jq .status.containerStatuses`, corpus
// containerd-4016): a pretty-printed top-level object is one event (a Pod: `what: 'pod'`, time =
// status.startTime; a ContainerStatus: `what: 'container-state'`, time = its latest startedAt /
// finishedAt); a top-level array (`[` on its own line) gives one event per element, its `[` / `]`
// lines skipped as 'header'. Each element is read from its own lines, so it rebuilds alone.
// Reference: k8s.io/api core/v1 types.go (ContainerStatus, ContainerState*, PodStatus).

import { bareContainerId } from '../messages/ids.ts';
import type { EntityRef, FieldValue, LogEvent, Severity } from '../model/event.ts';
import { parseIso } from '../util/time.ts';
import { isBlank, makeEvent } from './event-builder.ts';
import { type Json, JsonDepth, str as jsonStr, obj } from './json-lines.ts';
import {
  ageFields,
  ageTime,
  collapse,
  isElision,
  isNoAge,
  kubectlMessageEvent,
  kubectlVerb,
  parseAge,
  podId,
  type Token,
  tokenize,
} from './kubectl-common.ts';
import type { EventSink, LineParser, ParseContext, Parser } from './parser-api.ts';

// `NAME READY STATUS RESTARTS AGE`, `NAMESPACE NAME READY STATUS RESTARTS AGE IP NODE NOMINATED NODE READINESS GATES`
// (whitespace collapsed)
const HEADER_RE = /^(?:NAMESPACE )?NAME READY STATUS RESTARTS AGE(?: |$)/;
// READY: `1/1`, `0/2`
const READY_RE = /^(\d{1,4})\/(\d{1,4})$/;
// STATUS: `Running`, `CrashLoopBackOff`, `Init:0/1`, `Init:CrashLoopBackOff`, `Terminating`, `OOMKilled`
const STATUS_RE = /^[A-Za-z][\w:/.-]{0,80}$/;
const DIGITS_RE = /^\d{1,10}$/;
// `(2m` `ago)` after the restart count
const RESTART_AGE_RE = /^\((\S{1,40})$/;
// `10.244.1.5`, `fd00::1a`, `<none>`
const IP_RE = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]{2,39}|<none>)$/;
// `app=api,pod-template-hash=7854ff8877` (--show-labels)
const LABELS_RE = /^[^\s=]{1,253}=\S*$/;

interface PodRow {
  namespace?: string;
  name: string;
  ready: string;
  status: string;
  restarts: number;
  lastRestart?: string;
  age: string;
  ip?: string;
  node?: string;
  nominatedNode?: string;
  readinessGates?: string;
  labels?: string;
}

/** Reads one row by the shape of its cells; a reason when it is not one. */
function readRow(text: string): PodRow | { why: string } {
  if (text.length > 65536) return { why: 'line too long for a row' };
  const t = tokenize(text, 64);
  if (t.length < 5) return { why: 'fewer cells than NAME READY STATUS RESTARTS AGE' };
  let i = 0;
  let namespace: string | undefined;
  if (!READY_RE.test(t[1].s)) {
    if (t.length < 6 || !READY_RE.test(t[2].s)) return { why: 'no READY cell (n/m) after the name' };
    namespace = t[0].s;
    i = 1;
  }
  const name = t[i].s;
  const ready = t[i + 1].s;
  const status = t[i + 2].s;
  if (!STATUS_RE.test(status)) return { why: 'STATUS is not one word' };
  const restartsTok = t[i + 3];
  if (!restartsTok || !DIGITS_RE.test(restartsTok.s)) return { why: 'RESTARTS is not a number' };
  let j = i + 4;
  let lastRestart: string | undefined;
  const ra = t[j] ? RESTART_AGE_RE.exec(t[j].s) : null;
  if (ra && t[j + 1]?.s === 'ago)' && (parseAge(ra[1]) || isNoAge(ra[1]))) {
    lastRestart = ra[1];
    j += 2;
  }
  const ageTok = t[j];
  if (!ageTok || !(parseAge(ageTok.s) || isNoAge(ageTok.s))) return { why: 'no AGE after RESTARTS' };
  j++;
  const row: PodRow = { name, ready, status, restarts: Number(restartsTok.s), age: ageTok.s };
  if (namespace !== undefined) row.namespace = namespace;
  if (lastRestart !== undefined) row.lastRestart = lastRestart;
  return wideCells(t, j, row);
}

/** `-o wide` cells (IP NODE NOMINATED-NODE READINESS-GATES) and `--show-labels` after AGE. */
function wideCells(t: readonly Token[], j: number, row: PodRow): PodRow | { why: string } {
  const rest = t.slice(j).map((x) => x.s);
  if (rest.length > 0 && LABELS_RE.test(rest[rest.length - 1]) && rest[rest.length - 1].includes('=')) {
    row.labels = rest.pop();
  }
  if (rest.length === 0) return row;
  if (!IP_RE.test(rest[0])) return { why: `cell after AGE is not an IP: ${rest[0].slice(0, 40)}` };
  if (rest.length > 4) return { why: 'more cells than kubectl get pods -o wide prints' };
  row.ip = rest[0];
  if (rest[1] !== undefined) row.node = rest[1];
  if (rest[2] !== undefined) row.nominatedNode = rest[2];
  if (rest[3] !== undefined) row.readinessGates = rest[3];
  return row;
}

// Statuses that mean trouble (printPod's reason strings and the container reasons it shows).
const BAD_STATUS = new Set([
  'CrashLoopBackOff',
  'Error',
  'OOMKilled',
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'ContainerCannotRun',
  'Evicted',
  'NodeLost',
  'Unknown',
  'Failed',
  'ContainerStatusUnknown',
  'OutOfmemory',
  'OutOfcpu',
  'UnexpectedAdmissionError',
]);

function severityOf(status: string): Severity | undefined {
  const s = status.startsWith('Init:') ? status.slice(5) : status;
  if (BAD_STATUS.has(s)) return 'warning';
  if (s === 'Terminating') return 'notice';
  return undefined;
}

const none = (v: string | undefined): v is string => v !== undefined && v !== '<none>' && v !== '';

function rowEvent(ctx: ParseContext, line: number, r: PodRow): LogEvent {
  const pod = podId(r.name, r.namespace);
  const fields: Record<string, FieldValue> = { what: 'pod-status', pod, name: r.name };
  if (r.namespace !== undefined) fields.namespace = r.namespace;
  fields.ready = r.ready;
  const rm = READY_RE.exec(r.ready);
  if (rm) {
    fields.readyContainers = Number(rm[1]);
    fields.containers = Number(rm[2]);
  }
  fields.status = r.status;
  fields.restarts = r.restarts;
  if (r.lastRestart !== undefined) {
    fields.lastRestart = r.lastRestart;
    ageFields(fields, 'last_restart_age', parseAge(r.lastRestart));
  }
  fields.age = r.age;
  const age = parseAge(r.age);
  ageFields(fields, 'age', age);
  if (none(r.ip)) fields.ip = r.ip;
  if (none(r.node)) fields.node = r.node;
  if (none(r.nominatedNode)) fields.nominatedNode = r.nominatedNode;
  if (none(r.readinessGates)) fields.readinessGates = r.readinessGates;
  if (r.labels !== undefined) {
    for (const kv of r.labels.split(',')) {
      const eq = kv.indexOf('=');
      if (eq > 0) fields[`label.${kv.slice(0, eq)}`] = kv.slice(eq + 1);
    }
  }
  const entities: EntityRef[] = [{ kind: 'pod', id: pod }];
  if (none(r.node)) entities.push({ kind: 'node', id: r.node });
  const cols = age ? ageTime(ctx, age) : { time: null, timeQuality: 'none' as const };
  const restarts = r.lastRestart !== undefined ? `${r.restarts} (${r.lastRestart} ago)` : String(r.restarts);
  const where = none(r.node) ? ` on ${r.node}` : '';
  return makeEvent(ctx, {
    line,
    time: cols.time,
    timeQuality: cols.timeQuality,
    timeRange: 'timeRange' in cols ? cols.timeRange : undefined,
    severity: severityOf(r.status),
    message: `pod ${pod} ${r.status} (ready ${r.ready}, restarts ${restarts}, age ${r.age}${where})`,
    fields,
    entities,
  });
}

// `"containerID": "containerd://adf4...",`, `"restartCount": 0,`, `"kind": "Pod",`, `"containerStatuses": [`
const JSON_MARK_RE =
  /^\s*"(?:containerID": "[a-z-]{1,20}:\/\/|restartCount": \d|kind": "Pod"|containerStatuses": \[|podIP": ")/;

// `    "kind": "Pod",` at the top of `kubectl get pod x -o json` (4-space indent) or jq's 2 spaces.
const KIND_POD_RE = /^ {2,4}"kind": "Pod",?$/;

function isHeader(text: string): boolean {
  return text.length <= 400 && HEADER_RE.test(collapse(text));
}

// ---------------------------------------------------------------------------------------------
// JSON (`-o json`, jq extracts)

/** A string the API set: an empty one is not set. */
function str(v: unknown): string | undefined {
  return jsonStr(v) || undefined;
}
function int(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

/** An RFC 3339 time of the API (`2020-01-21T13:58:22Z`) -> µs, or undefined. */
function apiTime(v: unknown): number | undefined {
  const s = str(v);
  if (!s) return undefined;
  const t = parseIso(s);
  return t?.zoned ? t.micros : undefined;
}

const STATE_WORDS: Record<string, string> = {
  running: 'Running',
  waiting: 'Waiting',
  terminated: 'Terminated',
};

/** One ContainerState (`{"running": {...}}`) into `prefix`-ed fields; returns its times and words. */
function containerState(
  state: Json | undefined,
  prefix: '' | 'last',
  fields: Record<string, FieldValue>,
  times: number[],
): { word?: string; reason?: string; exitCode?: number } {
  if (!state) return {};
  const key = (k: string) => (prefix ? `last${k.charAt(0).toUpperCase()}${k.slice(1)}` : k);
  for (const w of Object.keys(STATE_WORDS)) {
    const st = obj(state[w]);
    if (!st) continue;
    const word = STATE_WORDS[w];
    fields[key('state')] = word;
    const reason = str(st.reason);
    if (reason) fields[key('reason')] = reason;
    const msg = str(st.message);
    if (msg) fields[key('stateMessage')] = msg;
    const exitCode = int(st.exitCode);
    if (exitCode !== undefined) fields[key('exitCode')] = exitCode;
    const signal = int(st.signal);
    if (signal !== undefined && signal > 0) fields[key('signal')] = signal;
    for (const k of ['startedAt', 'finishedAt']) {
      const raw = str(st[k]);
      if (!raw) continue;
      fields[key(k)] = raw;
      const t = apiTime(raw);
      if (t !== undefined) times.push(t);
    }
    return { word, reason, exitCode };
  }
  return {};
}

function isContainerStatus(v: Json): boolean {
  return (
    typeof v.name === 'string' && ('containerID' in v || 'restartCount' in v) && obj(v.state) !== undefined
  );
}

/** A ContainerStatus object (`kubectl get pod -o json | jq .status.containerStatuses[0]`). */
function containerStatusEvent(ctx: ParseContext, line: number, lineEnd: number, v: Json): LogEvent {
  const name = String(v.name);
  const fields: Record<string, FieldValue> = { what: 'container-state', container: name };
  const entities: EntityRef[] = [];
  const raw = str(v.containerID);
  if (raw) {
    fields.containerIdRaw = raw;
    const scheme = raw.indexOf('://');
    if (scheme > 0) fields.runtime = raw.slice(0, scheme);
    const id = bareContainerId(raw);
    if (id) {
      fields.containerId = id;
      entities.push({ kind: 'container', id });
    }
  }
  const image = str(v.image);
  if (image) {
    fields.image = image;
    entities.push({ kind: 'image', id: image });
  }
  const imageId = str(v.imageID);
  if (imageId) fields.imageId = imageId;
  const times: number[] = [];
  const now = containerState(obj(v.state), '', fields, times);
  const last = containerState(obj(v.lastState), 'last', fields, times);
  if (typeof v.ready === 'boolean') fields.ready = v.ready;
  if (typeof v.started === 'boolean') fields.started = v.started;
  const restarts = int(v.restartCount);
  if (restarts !== undefined) fields.restartCount = restarts;
  const time = times.length ? Math.max(...times) : null;
  const parts: string[] = [];
  if (now.word) parts.push(`State: ${now.word}${now.reason ? ` (${now.reason})` : ''}`);
  if (last.word) parts.push(`Last State: ${last.word}${last.reason ? ` (${last.reason})` : ''}`);
  if (typeof v.ready === 'boolean') parts.push(`Ready: ${v.ready ? 'True' : 'False'}`);
  if (restarts !== undefined) parts.push(`Restart Count: ${restarts}`);
  let severity: Severity | undefined;
  if (
    (now.word === 'Waiting' && now.reason && now.reason !== 'ContainerCreating') ||
    (now.exitCode ?? 0) !== 0
  )
    severity = 'warning';
  else if ((last.exitCode ?? 0) !== 0 || last.reason === 'OOMKilled') severity = 'notice';
  return makeEvent(ctx, {
    line,
    lineEnd,
    time,
    timeQuality: time === null ? 'none' : 'exact',
    severity,
    message: `container ${name}${parts.length ? `: ${parts.join(', ')}` : ''}`,
    fields,
    entities,
  });
}

/** A Pod object (`kubectl get pod x -o json`): the pod, its node and every container's state. */
function podJsonEvent(ctx: ParseContext, line: number, lineEnd: number, v: Json): LogEvent {
  const meta = obj(v.metadata) ?? {};
  const spec = obj(v.spec) ?? {};
  const status = obj(v.status) ?? {};
  const name = str(meta.name) ?? '(no name)';
  const namespace = str(meta.namespace);
  const pod = podId(name, namespace);
  const fields: Record<string, FieldValue> = { what: 'pod', pod, name };
  const entities: EntityRef[] = [{ kind: 'pod', id: pod }];
  if (namespace) fields.namespace = namespace;
  const uid = str(meta.uid);
  if (uid) {
    fields.uid = uid;
    entities.push({ kind: 'pod', id: uid });
  }
  const node = str(spec.nodeName);
  if (node) {
    fields.node = node;
    entities.push({ kind: 'node', id: node });
  }
  const phase = str(status.phase);
  if (phase) fields.status = phase;
  for (const k of ['reason', 'message', 'podIP', 'hostIP', 'qosClass', 'startTime']) {
    const x = str(status[k]);
    if (x) fields[k] = x;
  }
  const lists = [status.initContainerStatuses, status.containerStatuses];
  const summaries: string[] = [];
  let bad = false;
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      const cs = obj(c);
      if (!cs || typeof cs.name !== 'string') continue;
      const sub: Record<string, FieldValue> = {};
      const now = containerState(obj(cs.state), '', sub, []);
      const last = containerState(obj(cs.lastState), 'last', sub, []);
      let summary = `${cs.name}: ${now.word ?? '?'}${now.reason ? ` (${now.reason})` : ''}`;
      if (last.word)
        summary += `, last ${last.word}${last.reason ? ` (${last.reason}, exit ${last.exitCode ?? '?'})` : ''}`;
      summaries.push(summary);
      if (
        (now.word === 'Waiting' && now.reason && now.reason !== 'ContainerCreating') ||
        (now.exitCode ?? 0) !== 0
      )
        bad = true;
      if (typeof cs.ready === 'boolean') sub.ready = cs.ready;
      const rc = int(cs.restartCount);
      if (rc !== undefined) sub.restartCount = rc;
      for (const [k, x] of Object.entries(sub)) fields[`container.${cs.name}.${k}`] = x;
      const id = bareContainerId(str(cs.containerID) ?? '');
      if (id) entities.push({ kind: 'container', id });
    }
  }
  const start = apiTime(status.startTime);
  return makeEvent(ctx, {
    line,
    lineEnd,
    time: start ?? null,
    timeQuality: start === undefined ? 'none' : 'exact',
    severity: phase === 'Failed' || phase === 'Unknown' || bad ? 'warning' : undefined,
    message: `pod ${pod}${phase ? ` ${phase}` : ''}${node ? ` on ${node}` : ''}${summaries.length ? `; ${summaries.join('; ')}` : ''}`,
    fields,
    entities,
  });
}

function jsonEvent(ctx: ParseContext, line: number, lineEnd: number, v: unknown): LogEvent {
  const o = obj(v);
  if (o && isContainerStatus(o)) return containerStatusEvent(ctx, line, lineEnd, o);
  if (o && (o.kind === 'Pod' || (obj(o.metadata) && obj(o.status) && obj(o.spec)))) {
    return podJsonEvent(ctx, line, lineEnd, o);
  }
  const keys = o
    ? Object.keys(o).slice(0, 6).join(', ')
    : Array.isArray(v)
      ? `array of ${v.length}`
      : typeof v;
  const fields: Record<string, FieldValue> = { what: 'kubectl-json' };
  if (o && typeof o.kind === 'string') fields.kind = o.kind;
  return makeEvent(ctx, { line, lineEnd, message: `JSON ${o ? `object (${keys})` : keys}`, fields });
}

// `  },` closing an array element
const TRAILING_COMMA_RE = /,$/;

interface JsonElement {
  line: number;
  lines: string[];
  depth: JsonDepth;
}

// ---------------------------------------------------------------------------------------------

class GetPodsLineParser implements LineParser {
  /** Inside a top-level array whose `[` stood alone on its line. */
  private inArray = false;
  /** The object being read (an array element, or a top-level object). */
  private el: JsonElement | null = null;
  private lastLine = 0;

  constructor(
    private readonly ctx: ParseContext,
    private readonly sink: EventSink,
  ) {}

  push(text: string, line: number): void {
    // A line the ingest kept back (over-long) leaves a gap: an object cannot span it.
    if (this.el && line !== this.lastLine + 1) this.cutElement('a line of the object was too long to read');
    this.lastLine = line;
    if (this.el) {
      this.el.lines.push(text);
      if (this.el.depth.scan(text, 0) >= 0) this.closeElement(line);
      return;
    }
    if (isBlank(text)) {
      this.sink.skipped(line, 'blank');
      return;
    }
    const t = text.trim();
    if (this.inArray) {
      if (t === ']' || t === '],') {
        this.inArray = false;
        this.sink.skipped(line, 'header');
        return;
      }
      if (t === ',') {
        this.sink.skipped(line, 'header');
        return;
      }
    }
    if (t.charCodeAt(0) === 123 /* { */) {
      this.openElement(text, line);
      return;
    }
    if (t === '[') {
      this.inArray = true;
      this.sink.skipped(line, 'header');
      return;
    }
    this.inArray = false;
    const r = readRow(text);
    if (!('why' in r)) {
      this.sink.event(rowEvent(this.ctx, line, r));
      return;
    }
    if (isHeader(text)) this.sink.skipped(line, 'header');
    else if (kubectlVerb(text)) this.sink.skipped(line, 'prompt');
    else if (isElision(text)) this.sink.skipped(line, 'comment');
    else {
      const e = kubectlMessageEvent(this.ctx, text, line);
      if (e) this.sink.event(e);
      else this.sink.unparsed(line, `not a kubectl get pods row: ${r.why}`);
    }
  }

  private openElement(text: string, line: number): void {
    const el: JsonElement = { line, lines: [text], depth: new JsonDepth() };
    this.el = el;
    if (el.depth.scan(text, 0) >= 0) this.closeElement(line);
  }

  private closeElement(line: number): void {
    const el = this.el;
    this.el = null;
    if (!el) return;
    // `},` closes an array element; anything else after the closing brace breaks the grammar.
    const joined = el.lines.join('\n').trimEnd().replace(TRAILING_COMMA_RE, '');
    let v: unknown;
    try {
      v = JSON.parse(joined);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      for (let l = el.line; l <= line; l++)
        this.sink.unparsed(l, `JSON that does not parse: ${why.slice(0, 120)}`);
      return;
    }
    this.sink.event(jsonEvent(this.ctx, el.line, line, v));
  }

  /** An object cut short (end of the paste): its lines are reported, no value is guessed. */
  private cutElement(why: string): void {
    const el = this.el;
    this.el = null;
    if (!el) return;
    for (let i = 0; i < el.lines.length; i++)
      this.sink.unparsed(el.line + i, `JSON object cut short: ${why}`);
  }

  end(): void {
    this.cutElement('the input ends inside it');
  }
}

export const kubectlGetPodsParser: Parser = {
  id: 'kubectl-get-pods',
  title: 'kubectl get pods',
  version: 1,
  samples: [
    // corpus containerd-2744
    [
      'NAME                            READY     STATUS        RESTARTS   AGE',
      'containerd-installer-ds-s2mn9   1/1       Terminating   0          15m',
      'ssh-daemonset-fl94q             1/1       Terminating   0          7m',
      '',
    ].join('\n'),
    // -A -o wide, 1.22+ restarts
    [
      'NAMESPACE     NAME                       READY   STATUS             RESTARTS      AGE   IP           NODE     NOMINATED NODE   READINESS GATES',
      'shop          api-0                      0/1     CrashLoopBackOff   5 (2m ago)    25m   10.244.1.5   node-1   <none>           <none>',
      'kube-system   kube-proxy-x7k2p           1/1     Running            0             2d    10.0.0.5     node-1   <none>           <none>',
      '',
    ].join('\n'),
    // `kubectl get pod -o json | jq .status.containerStatuses` (corpus containerd-4016)
    [
      '[',
      '  {',
      '    "containerID": "containerd://adf4b25b405c3024116671aab3854fac90490af88da2f38c44544b66a24173ee",',
      '    "image": "cache-resolver:v2",',
      '    "lastState": {},',
      '    "name": "cache-resolver",',
      '    "ready": false,',
      '    "restartCount": 0,',
      '    "state": {',
      '      "running": {',
      '        "startedAt": "2020-01-21T13:58:22Z"',
      '      }',
      '    }',
      '  }',
      ']',
      '',
    ].join('\n'),
  ],

  detect(head, _fileName, command) {
    let header = false;
    let rows = 0;
    let other = 0;
    let echo = command !== undefined && kubectlVerb(command) === 'get';
    // JSON: the keys of a ContainerStatus or a Pod, as the API server spells them.
    let json = 0;
    let kindPod = false;
    for (const t of head) {
      if (JSON_MARK_RE.test(t)) json++;
      if (KIND_POD_RE.test(t)) kindPod = true;
      if (isHeader(t)) header = true;
      else if (kubectlVerb(t) === 'get') echo = true;
      else if (!('why' in readRow(t))) rows++;
      else if (!isElision(t)) other++;
    }
    if (json >= 2 || (kindPod && head[0]?.trim() === '{')) return 0.85;
    if (header) return rows >= other ? 0.95 : 0.6;
    if (rows > 0 && rows >= other) return echo ? 0.9 : 0.75;
    return 0;
  },

  create(ctx, sink) {
    return new GetPodsLineParser(ctx, sink);
  },
};
