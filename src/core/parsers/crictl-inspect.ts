// `crictl inspect` (container status): JSON, and the `-o table` blocks. Reference: FORMATS.md 4.4, 4.6.
//
// JSON comes as one object, several objects one after another (`crictl inspect id1 id2` before
// v1.31) or an array (v1.31+); json-lines.ts streams it (cut-short objects, elisions, garbled
// scalars). Key order does not matter (old crictl printed `status` first in proto order, newer ones
// sort all keys, so `info` comes first).
//
// Events: one per lifecycle step the object proves. `createdAt`, `startedAt`, `finishedAt`
// (exact, RFC 3339 with zone; Go's zero time `0001-01-01T00:00:00Z` means "not yet") become
// separate events, container created / started / exited (`lifecycle`, `what`), so an exit lines up
// with the kernel's OOM kill or containerd's TaskExit on the timeline. Every line belongs to one
// event: the object's lines are cut at the lines of its time keys (sorted by line: the first step
// runs from the object's first line to the line before the second key, each next one from its key
// to the line before the next key, the last one to the object's end). Each step carries the whole
// object's fields and entities plus its own time. When the keys share a line (compact JSON) or no
// time is set, the object is one event as before: time = the last state change it proves
// (`time_source` says which key), `what: 'container-state'`.
//
// Record-local caveat: a step other than the last one does not hold the object's later lines, so
// it cannot be rebuilt from its own lines alone: each step carries `record` (the object's lines),
// which SourceStore.materialize re-parses instead (json-lines.ts `lifecycleParts`).
//
// containerd's own CRI status file (`/var/lib/containerd/io.containerd.grpc.v1.cri/containers/<id>/status`,
// `{"Version":"v1","Pid":...,"CreatedAt":<ns>,...}`, containerd internal/cri/store/container/status.go)
// is read here too: it is the same container status, as containerd keeps it on disk.

import { addCgroupsPath, addContainerEntity } from '../messages/ids.ts';
import { addEntity, type Reading } from '../messages/reading.ts';
import type { EntityRef, FieldValue, Severity } from '../model/event.ts';
import { microsToIso, parseIso } from '../util/time.ts';
import {
  afterCrictlEcho,
  ageFields,
  agoInterval,
  CrictlInspectStream,
  DIGITS_RE,
  fieldPutter,
  hasStatusKeys,
  KV_BLOCK_START_RE,
  type KvBlock,
  mapFields,
  nanosToMicros,
  podLabel,
  relativeTime,
  statusDetails,
  type TimeParts,
} from './crictl-shared.ts';
import { makeEvent } from './event-builder.ts';
import {
  GO_ZERO_TIME_RE,
  type Json,
  type JsonValueInfo,
  type LifecyclePart,
  lifecycleParts,
  num,
  obj,
  path,
  str,
  valueKeyLines,
  valueNotes,
} from './json-lines.ts';
import type { EventSink, ParseContext, Parser } from './parser-api.ts';

// ---------------------------------------------------------------------------------------------
// Reading a parsed object

function realTime(v: unknown): string | undefined {
  const s = str(v);
  return s && !GO_ZERO_TIME_RE.test(s) ? s : undefined;
}

// `CONTAINER_EXITED` (CRI enum ContainerState, as protojson names it)
const CONTAINER_STATE_RE = /^CONTAINER_(?:CREATED|RUNNING|EXITED|UNKNOWN)$/;

type Found =
  | { kind: 'status'; status: Json; info: Json | undefined; statusPath: string[] }
  | { kind: 'cri-status'; top: Json };

/** The container status inside a parsed object, or why it is not one. */
function findStatus(v: unknown): Found | string {
  const top = obj(v);
  if (!top) return 'not a JSON object';
  let status = obj(top.status);
  let statusPath = ['status'];
  // `crictl inspect -o go-template --template '{{json .status}}'` or `jq .status`: the status alone.
  if (!status && (typeof top.state === 'string' || typeof top.id === 'string') && top.metadata) {
    status = top;
    statusPath = [];
  }
  if (!status) {
    // containerd's status file: `{"Version":"v1","Pid":1365945,"CreatedAt":1721705447203688248,...}`
    if (top.Version === 'v1' && (top.CreatedAt !== undefined || top.Pid !== undefined)) {
      return { kind: 'cri-status', top };
    }
    return 'a JSON object without a container `status`';
  }
  const state = str(status.state) ?? '';
  if (state.startsWith('SANDBOX_') || status.network !== undefined) {
    return 'a pod sandbox status (crictl inspectp), not a container';
  }
  if (!CONTAINER_STATE_RE.test(state) && str(status.id) === undefined)
    return 'a `status` without a container id or state';
  return { kind: 'status', status, info: obj(top.info), statusPath };
}

function severityOf(
  state: string,
  exitCode: number | undefined,
  reason: string | undefined,
): Severity | undefined {
  if (reason === 'OOMKilled') return 'err';
  if (state === 'CONTAINER_UNKNOWN') return 'warning';
  if (state === 'CONTAINER_EXITED') return exitCode === 0 ? 'notice' : 'warning';
  return undefined;
}

function cut(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/** One lifecycle time of a container: its key as printed and when. */
interface Step {
  key: string;
  lifecycle: 'created' | 'started' | 'exited';
  time: TimeParts;
  /** The age as `-o table` printed it (`58 seconds ago`), for the message. */
  ago?: string;
}

const LIFECYCLE_OF: Record<string, Step['lifecycle']> = {
  createdAt: 'created',
  startedAt: 'started',
  finishedAt: 'exited',
  Created: 'created',
  Started: 'started',
  Finished: 'exited',
};

/** What one container status says, before it is cut into events. */
interface Container {
  fields: Record<string, FieldValue>;
  entities: EntityRef[];
  name: string | undefined;
  state: string;
  exitCode: number | undefined;
  reason: string | undefined;
  statusMessage: string | undefined;
  /** `id 4f2c9b7e1d0a3, attempt 3, pod default/api-0, pid 41211` */
  details: string;
  /** `finished 58 seconds ago` (`-o table`): the whole-status message's last detail. */
  when?: string;
  /** ` [JSON cut short: ...]` and the like, appended to every message. */
  notes: string;
  /** The whole-status message, when it is not `container <name> <state> ...` (the status file). */
  summary?: string;
  /** Lifecycle times the status proves, in created / started / exited order. */
  steps: Step[];
}

/** The steps of the exact times a status proves, in created / started / exited order. */
function exactSteps(created: number | null, started: number | null, finished: number | null): Step[] {
  const steps: Step[] = [];
  for (const [key, t] of [
    ['createdAt', created],
    ['startedAt', started],
    ['finishedAt', finished],
  ] as const) {
    if (t !== null)
      steps.push({ key, lifecycle: LIFECYCLE_OF[key], time: { time: t, timeQuality: 'exact' } });
  }
  return steps;
}

/** What a status says for the columns: its state (severity) and lifecycle times. */
function statusColumns(s: Json): Container {
  const micros = (v: string | undefined) => (v ? (parseIso(v)?.micros ?? null) : null);
  return {
    fields: {},
    entities: [],
    name: undefined,
    state: str(s.state) ?? '',
    exitCode: num(s.exitCode),
    reason: str(s.reason),
    statusMessage: undefined,
    details: '',
    notes: '',
    steps: exactSteps(
      micros(realTime(s.createdAt)),
      micros(realTime(s.startedAt)),
      micros(realTime(s.finishedAt)),
    ),
  };
}

function fromStatus(s: Json, info: Json | undefined, notes: JsonValueInfo): Container {
  const fields: Record<string, FieldValue> = {};
  const put = fieldPutter(fields);
  const id = str(s.id);
  const name = str(path(s, 'metadata', 'name')) ?? str(path(s, 'labels', 'io.kubernetes.container.name'));
  const { state, exitCode, reason, steps } = statusColumns(s);
  const created = realTime(s.createdAt);
  const started = realTime(s.startedAt);
  const finished = realTime(s.finishedAt);
  const podName = str(path(s, 'labels', 'io.kubernetes.pod.name'));
  const podNamespace = str(path(s, 'labels', 'io.kubernetes.pod.namespace'));
  const podUid = str(path(s, 'labels', 'io.kubernetes.pod.uid'));
  const image = str(path(s, 'image', 'image')) ?? str(s.image);
  const pid = num(info?.pid);
  const sandboxId = str(info?.sandboxID) ?? str(info?.sandboxId);
  const cgroupsPath = str(path(info, 'runtimeSpec', 'linux', 'cgroupsPath'));
  const attempt = num(path(s, 'metadata', 'attempt'));

  put('id', id);
  put('name', name);
  put('attempt', attempt);
  put('state', state);
  put('exitCode', exitCode);
  put('reason', reason);
  put('message', str(s.message));
  put('createdAt', created);
  put('startedAt', started);
  put('finishedAt', finished);
  put('image', image);
  put('imageRef', str(s.imageRef));
  put('imageId', str(s.imageId));
  put('logPath', str(s.logPath));
  put('podName', podName);
  put('podNamespace', podNamespace);
  put('podUid', podUid);
  put('restartCount', num(path(s, 'annotations', 'io.kubernetes.container.restartCount')));
  put('memoryLimitInBytes', num(path(s, 'resources', 'linux', 'memoryLimitInBytes')));
  put('pid', pid);
  put('sandboxId', sandboxId);
  put('runtimeType', str(info?.runtimeType));
  put('snapshotter', str(info?.snapshotter));
  put('memoryLimit', num(path(info, 'runtimeSpec', 'linux', 'resources', 'memory', 'limit')));
  put('oomScoreAdj', num(path(info, 'runtimeSpec', 'process', 'oomScoreAdj')));
  const noteText = valueNotes(notes, fields);

  const r: Reading = { fields, entities: [] };
  if (id) addEntity(r, 'container', id);
  if (sandboxId) addEntity(r, 'sandbox', sandboxId);
  addEntity(r, 'pod', podLabel(podName, podNamespace));
  if (podUid) addEntity(r, 'pod', podUid);
  if (pid !== undefined && pid > 0) addEntity(r, 'pid', String(pid));
  if (image) addEntity(r, 'image', image);
  addCgroupsPath(r, cgroupsPath);

  return {
    fields,
    entities: r.entities,
    name,
    state,
    exitCode,
    reason,
    statusMessage: str(s.message),
    details: statusDetails('id', id, attempt, ['pod', podLabel(podName, podNamespace)], pid),
    notes: noteText,
    steps,
  };
}

// `"CreatedAt":1721705447203688248`: the status file's int64 nanoseconds, read from the text
// (JSON.parse would round them to a double).
const NS_KEY_RE = /"(CreatedAt|StartedAt|FinishedAt)":\s?(\d{1,20})/g;

/** containerd's CRI status file (see the file comment); `state` is what containerd derives from it. */
function fromCriStatus(top: Json, info: JsonValueInfo): Container {
  const fields: Record<string, FieldValue> = {};
  const put = fieldPutter(fields);
  const ns: Record<string, string> = {};
  for (const l of info.lines) for (const m of l.matchAll(NS_KEY_RE)) ns[m[1]] ??= m[2];
  const micros = (k: string) => (ns[k] !== undefined ? nanosToMicros(ns[k]) : null);
  const created = micros('CreatedAt');
  const started = micros('StartedAt');
  const finished = micros('FinishedAt');
  // containerd Status.State(): FinishedAt set -> EXITED, else StartedAt -> RUNNING, else CreatedAt -> CREATED.
  const state =
    finished !== null
      ? 'CONTAINER_EXITED'
      : started !== null
        ? 'CONTAINER_RUNNING'
        : created !== null
          ? 'CONTAINER_CREATED'
          : 'CONTAINER_UNKNOWN';
  const pid = num(top.Pid);
  const exitCode = num(top.ExitCode);
  const reason = str(top.Reason);
  const linux = path(top, 'Resources', 'linux');
  put('statusFile', `containerd ${str(top.Version) ?? ''}`.trim());
  put('state', state);
  // The file holds no state: containerd derives it from the times, and so do we.
  fields.stateDerived = true;
  put('pid', pid);
  put('exitCode', exitCode);
  put('reason', reason);
  put('message', str(top.Message));
  if (created !== null) put('createdAt', microsToIso(created));
  if (started !== null) put('startedAt', microsToIso(started));
  if (finished !== null) put('finishedAt', microsToIso(finished));
  for (const k of ['CreatedAt', 'StartedAt', 'FinishedAt'])
    put(`${k[0].toLowerCase()}${k.slice(1)}Ns`, ns[k]);
  put('memoryLimitInBytes', num(path(linux, 'memory_limit_in_bytes')));
  put('oomScoreAdj', num(path(linux, 'oom_score_adj')));
  const noteText = valueNotes(info, fields);
  const r: Reading = { fields, entities: [] };
  if (pid !== undefined && pid > 0) addEntity(r, 'pid', String(pid));
  // The file names no container (its id is the directory): the message quotes the values that
  // matter in the file's own json.Marshal spelling (`"FinishedAt":0`), times as raw nanoseconds.
  const pairs: string[] = [];
  const quote = (k: string, v: unknown, raw = false) => {
    if (v !== undefined && v !== '') pairs.push(`"${k}":${raw ? String(v) : JSON.stringify(v)}`);
  };
  quote('Pid', top.Pid);
  for (const k of ['CreatedAt', 'StartedAt', 'FinishedAt']) quote(k, ns[k], true);
  quote('ExitCode', top.ExitCode);
  quote('Reason', reason);
  quote('Message', str(top.Message));
  quote('memory_limit_in_bytes', path(linux, 'memory_limit_in_bytes'));
  quote('oom_score_adj', path(linux, 'oom_score_adj'));
  const summary = `container status file (containerd ${str(top.Version) ?? '?'}): ${state} by its times; ${pairs.join(',')}`;
  const steps = exactSteps(created, started, finished);
  return {
    fields,
    entities: r.entities,
    name: undefined,
    state,
    exitCode,
    reason,
    statusMessage: str(top.Message),
    details: statusDetails('id', undefined, undefined, ['pod', undefined], pid),
    notes: noteText,
    summary,
    steps,
  };
}

/** `container api CONTAINER_EXITED exitCode=137 reason=OOMKilled (id ..., attempt 3, pod default/api-0)` */
function stateMessage(c: Container): string {
  if (c.summary) return `${c.summary}${c.notes}`;
  const exited = c.state === 'CONTAINER_EXITED' || (c.exitCode !== undefined && c.exitCode !== 0);
  let message = `container ${c.name || '(no name)'} ${c.state || '(no state)'}`;
  if (exited && c.exitCode !== undefined) message += ` exitCode=${c.exitCode}`;
  if (c.reason) message += ` reason=${c.reason}`;
  if (c.statusMessage) message += ` message=${JSON.stringify(cut(c.statusMessage, 200))}`;
  const d = c.when ? (c.details ? `${c.details}, ${c.when}` : c.when) : c.details;
  return `${message} (${d})${c.notes}`;
}

/** `container api exited exitCode=137 reason=OOMKilled (...)`, `container api started (...; now CONTAINER_EXITED)` */
function stepMessage(c: Container, step: Step): string {
  let message = `container ${c.name || '(no name)'} ${step.lifecycle}`;
  if (step.ago) message += ` ${step.ago}`;
  if (step.lifecycle === 'exited') {
    if (c.exitCode !== undefined) message += ` exitCode=${c.exitCode}`;
    if (c.reason) message += ` reason=${c.reason}`;
    if (c.statusMessage) message += ` message=${JSON.stringify(cut(c.statusMessage, 200))}`;
    return `${message} (${c.details})${c.notes}`;
  }
  const now = c.state ? `now ${c.state}` : '';
  const inner = c.details && now ? `${c.details}; ${now}` : c.details || now;
  return `${message}${inner ? ` (${inner})` : ''}${c.notes}`;
}

/**
 * The container's events over lines `first..last`: one per lifecycle step when the steps' keys
 * sit on lines of their own (`keyLine` finds them, see json-lines.ts `lifecycleParts`), else one
 * event for the whole status.
 */
function emitContainer(
  ctx: ParseContext,
  sink: EventSink,
  c: Container,
  first: number,
  last: number,
  keyLine: (keys: ReadonlySet<string>) => ReadonlyMap<string, number>,
): void {
  // Columns only (ParseContext.columnsOnly): no message, fields or entities are built.
  const columnsOnly = ctx.columnsOnly === true;
  const steps = c.steps;
  let parts: LifecyclePart<Step>[] | null = null;
  if (steps.length === 1) parts = [{ step: steps[0], line: first, lineEnd: last }];
  else if (steps.length > 1)
    parts = lifecycleParts(first, last, steps, keyLine(new Set(steps.map((s) => s.key))));
  if (!parts) {
    // One event: the last state change the status proves (an exit only once exited or unknown).
    const fields: Record<string, FieldValue> = { ...c.fields };
    const endState = c.state === 'CONTAINER_EXITED' || c.state === 'CONTAINER_UNKNOWN';
    const last3 = [...steps].reverse().find((s) => s.lifecycle !== 'exited' || endState);
    if (last3) fields.time_source = last3.key;
    fields.what = 'container-state';
    sink.event(
      makeEvent(ctx, {
        line: first,
        lineEnd: last,
        time: last3 ? last3.time.time : null,
        timeQuality: last3 ? last3.time.timeQuality : 'none',
        timeRange: last3?.time.timeRange,
        severity: severityOf(c.state, c.exitCode, c.reason),
        message: columnsOnly ? '' : stateMessage(c),
        fields: columnsOnly ? {} : fields,
        entities: columnsOnly ? [] : [...c.entities.map((e) => ({ ...e }))],
      }),
    );
    return;
  }
  const hasExit = parts.some((p) => p.step.lifecycle === 'exited');
  for (let i = 0; i < parts.length; i++) {
    const { step, line, lineEnd } = parts[i];
    const fields: Record<string, FieldValue> = { ...c.fields };
    fields.lifecycle = step.lifecycle;
    fields.what = `container-${step.lifecycle}`;
    fields.time_source = step.key;
    // The exit carries the state's severity; with no exit, an unknown state marks the last step.
    let severity: Severity | undefined;
    if (step.lifecycle === 'exited') severity = severityOf(c.state, c.exitCode, c.reason);
    else if (!hasExit && i === parts.length - 1 && c.state === 'CONTAINER_UNKNOWN') severity = 'warning';
    sink.event(
      makeEvent(ctx, {
        line,
        lineEnd,
        time: step.time.time,
        timeQuality: step.time.timeQuality,
        timeRange: step.time.timeRange,
        severity,
        record: parts.length > 1 ? [first, last] : undefined,
        message: columnsOnly ? '' : stepMessage(c, step),
        fields: columnsOnly ? {} : fields,
        entities: columnsOnly ? [] : c.entities.map((e) => ({ ...e })),
      }),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// `crictl inspect -o table` (container.go outputContainerStatusTable)

const TABLE_KEYS = new Set([
  'ID',
  'Name',
  'Attempt',
  'State',
  'Created',
  'Started',
  'Finished',
  'Exit Code',
  'Labels',
  'Annotations',
  'Info',
]);

// `Info: map[info:{"sandboxID":"9e8d7c6b5a49...","pid":41211,...}]` (`-o table -v`)
const INFO_PID_RE = /"pid":\s?(\d{1,10})/;
const INFO_SANDBOX_RE = /"sandboxID":\s?"([0-9a-f]{12,64})"/;
// `Exit Code: 137`, `Exit Code: -1`
const EXIT_CODE_RE = /^-?\d{1,10}$/;

function fromTable(ctx: ParseContext, b: KvBlock): Container {
  const v = b.values;
  const fields: Record<string, FieldValue> = {};
  const put = fieldPutter(fields);
  const id = v.get('ID');
  const name = v.get('Name');
  const state = v.get('State') ?? '';
  const exit = v.get('Exit Code');
  const exitCode = exit !== undefined && EXIT_CODE_RE.test(exit) ? Number(exit) : undefined;
  put('id', id);
  put('name', name);
  const attempt = v.get('Attempt');
  put('attempt', attempt !== undefined && DIGITS_RE.test(attempt) ? Number(attempt) : undefined);
  put('state', state);
  put('exitCode', exitCode);
  const steps: Step[] = [];
  for (const [key, field] of [
    ['Created', 'created'],
    ['Started', 'started'],
    ['Finished', 'finished'],
  ] as const) {
    const t = v.get(key);
    if (!t) continue;
    ageFields(field, t, fields);
    const ago = agoInterval(t);
    if (ago) steps.push({ key, lifecycle: LIFECYCLE_OF[key], time: relativeTime(ctx, ago), ago: t });
  }
  const podName = b.labels['io.kubernetes.pod.name'];
  const podNamespace = b.labels['io.kubernetes.pod.namespace'];
  const podUid = b.labels['io.kubernetes.pod.uid'];
  put('podName', podName);
  put('podNamespace', podNamespace);
  put('podUid', podUid);
  const info = v.get('Info') ?? '';
  const pidM = INFO_PID_RE.exec(info);
  const pid = pidM ? Number(pidM[1]) : undefined;
  const sandboxId = INFO_SANDBOX_RE.exec(info)?.[1];
  put('pid', pid);
  put('sandboxId', sandboxId);
  mapFields(b, fields);

  const r: Reading = { fields, entities: [] };
  addContainerEntity(r, id);
  if (sandboxId) addEntity(r, 'sandbox', sandboxId);
  addEntity(r, 'pod', podLabel(podName, podNamespace));
  if (podUid) addEntity(r, 'pod', podUid);
  if (pid) addEntity(r, 'pid', String(pid));
  const finished = v.get('Finished');
  return {
    fields,
    entities: r.entities,
    name,
    state,
    exitCode,
    reason: undefined,
    statusMessage: undefined,
    details: statusDetails('id', id, attempt, ['pod', podLabel(podName, podNamespace)], pid),
    when: finished ? `finished ${finished}` : `created ${v.get('Created') ?? '?'}`,
    notes: '',
    steps,
  };
}

// ---------------------------------------------------------------------------------------------
// The line parser

class CrictlInspectLineParser extends CrictlInspectStream {
  constructor(ctx: ParseContext, sink: EventSink) {
    super(ctx, sink, 'crictl inspect', TABLE_KEYS);
  }

  protected onValue(value: unknown, info: JsonValueInfo): string | null {
    const found = findStatus(value);
    if (typeof found === 'string') return found;
    // Columns only: a status is read for its state and times alone (no fields, entities or
    // cgroup path); the status file's times come from its text either way.
    const c =
      found.kind === 'cri-status'
        ? fromCriStatus(found.top, info)
        : this.ctx.columnsOnly
          ? statusColumns(found.status)
          : fromStatus(found.status, found.info, info);
    const statusPath = found.kind === 'status' ? found.statusPath : [];
    const keyLine = (keys: ReadonlySet<string>) => valueKeyLines(info, statusPath, keys);
    emitContainer(this.ctx, this.sink, c, info.line, info.lineEnd, keyLine);
    return null;
  }

  protected onBlock(b: KvBlock): void {
    emitContainer(this.ctx, this.sink, fromTable(this.ctx, b), b.line, b.lineEnd, () => b.keyLines);
  }
}

// ---------------------------------------------------------------------------------------------
// Detection

// `"state": "CONTAINER_EXITED"` (protojson may print two spaces after the colon)
const CONTAINER_STATE_KEY_RE = /"state":\s{1,2}"CONTAINER_(?:CREATED|RUNNING|EXITED|UNKNOWN)"/;
// Keys only a container's status or info holds (not a sandbox's): `"sandboxID": "9e8d..."`,
// `"io.kubernetes.container.restartCount": "3"`, `"log_path": "api/3.log"`, `"exitCode": 137`
const CONTAINER_KEYS = [
  '"sandboxID"',
  '"io.kubernetes.container.',
  '"log_path"',
  '"exitCode"',
  '"imageRef"',
  '"finishedAt"',
];
// Neighbours that look alike: journalctl json(-pretty), docker inspect (`"State": {`, `"Id"`),
// ctr containers info (`"ID"`), crictl ps/pods -o json (`"containers"`, `"items"`, `"podSandboxId"`),
// crictl inspectp (`SANDBOX_`, `"cniResult"`, ...; CRI-O marks its infra container
// `"io.kubernetes.cri-o.ContainerType": "sandbox"` / `"io.kubernetes.container.name": "POD"`),
// crictl info (`"conditions"`), kubectl -o json, dmesg --json.
const FOREIGN_KEYS = [
  '"__CURSOR"',
  '"__REALTIME_TIMESTAMP"',
  '"State":',
  '"Id":',
  '"ID":',
  '"containers":',
  '"items":',
  '"podSandboxId"',
  'SANDBOX_',
  '"cniResult"',
  '"netNamespaceClosed"',
  '"processStatus"',
  '"log_directory"',
  '"port_mappings"',
  '"io.kubernetes.cri-o.ContainerType": "sandbox"',
  '"io.kubernetes.container.name": "POD"',
  '"conditions"',
  '"apiVersion"',
  '"dmesg"',
];
// `State: CONTAINER_EXITED` in `crictl inspect -o table`
const TABLE_STATE_RE = /^State: CONTAINER_(?:CREATED|RUNNING|EXITED|UNKNOWN)\s*$/;

// containerd's CRI status file: `{"Version":"v1","Pid":1365945,"CreatedAt":1721705447203688248,...`
// (containerd internal/cri/store/container/status.go `versionedStatus`, json.Marshal: no spaces)
const CRI_STATUS_RE = /^\{"Version":\s?"v1",\s?"Pid":\s?\d{1,10},\s?"CreatedAt":\s?\d{1,20},/;

function detectInspect(head: readonly string[]): number {
  const rest = afterCrictlEcho(head);
  if (rest.length === 0) return 0;
  if (KV_BLOCK_START_RE.test(rest[0])) return rest.some((l) => TABLE_STATE_RE.test(l)) ? 0.9 : 0;
  const first = rest[0].trim();
  if (CRI_STATUS_RE.test(first)) return 0.9;
  if (!first.startsWith('{') && first !== '[') return 0;
  if (rest.some((l) => FOREIGN_KEYS.some((k) => l.includes(k)))) return 0;
  if (rest.some((l) => CONTAINER_STATE_KEY_RE.test(l))) return 0.95;
  if (hasStatusKeys(rest) && rest.some((l) => CONTAINER_KEYS.some((k) => l.includes(k)))) return 0.85;
  return 0;
}

const SAMPLE_CREATED = [
  '{',
  '  "status": {',
  '    "createdAt": "2025-11-26T10:00:05.000000001Z",',
  '    "exitCode": 0,',
  '    "finishedAt": "0001-01-01T00:00:00Z",',
  '    "id": "c0ffee1234567890abcdef1234567890abcdef1234567890abcdef1234567890",',
  '    "message": "",',
  '    "metadata": {',
  '      "attempt": 0,',
  '      "name": "init-db"',
  '    },',
  '    "reason": "",',
  '    "startedAt": "0001-01-01T00:00:00Z",',
  '    "state": "CONTAINER_CREATED"',
  '  }',
  '}',
];

const SAMPLE_EXITED = [
  '{',
  '  "info": {',
  '    "pid": 0,',
  '    "runtimeType": "io.containerd.runc.v2",',
  '    "sandboxID": "9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9"',
  '  },',
  '  "status": {',
  '    "createdAt": "2025-11-26T09:58:41.912345678Z",',
  '    "exitCode": 137,',
  '    "finishedAt": "2025-11-26T10:00:01.2034Z",',
  '    "id": "4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6",',
  '    "metadata": {',
  '      "attempt": 3,',
  '      "name": "api"',
  '    },',
  '    "reason": "OOMKilled",',
  '    "startedAt": "2025-11-26T09:58:42.3Z",',
  '    "state": "CONTAINER_EXITED"',
  '  }',
  '}',
];

export const crictlInspectParser: Parser = {
  id: 'crictl-inspect',
  title: 'crictl inspect',
  version: 3,
  samples: [
    // One object (FORMATS.md examples/crictl-inspect-created-minimal.synthetic.txt)
    `${SAMPLE_CREATED.join('\n')}\n`,
    // Two objects one after another (crictl inspect id1 id2, before v1.31)
    `${[...SAMPLE_EXITED, ...SAMPLE_CREATED].join('\n')}\n`,
    // An array (v1.31+): json.Indent of `[obj, obj]`, the comma on the first object's last line
    `${[
      '[',
      ...SAMPLE_EXITED.slice(0, -1).map((l) => `  ${l}`),
      '  },',
      ...SAMPLE_CREATED.map((l) => `  ${l}`),
      ']',
    ].join('\n')}\n`,
    // crictl inspect -o table (FORMATS.md examples/crictl-inspect-table.synthetic.txt)
    [
      'ID: 4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6',
      'Name: api',
      'Attempt: 3',
      'State: CONTAINER_EXITED',
      'Created: 2 minutes ago',
      'Started: 2 minutes ago',
      'Finished: 58 seconds ago',
      'Exit Code: 137',
      'Labels:',
      '\tio.kubernetes.pod.name -> api-0',
      '',
    ].join('\n'),
  ],
  detect: detectInspect,
  create(ctx, sink) {
    return new CrictlInspectLineParser(ctx, sink);
  },
};
