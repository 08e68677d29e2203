// `crictl inspectp` (pod sandbox status): JSON, and the `-o table` blocks.
// Reference: FORMATS.md 4.4, 4.7; cri-tools cmd/crictl/sandbox.go (PodSandboxStatus), containerd
// internal/cri/server/podsandbox/sandbox_status.go (the `info` map).
//
// JSON is built like `crictl inspect`'s (keys sorted, `createdAt` rewritten to RFC 3339) and comes
// the same ways: one object, several one after another, an array, cut short; json-lines.ts streams
// it. The status may also stand alone (`-o go-template --template '{{json .status}}'`).
//
// One event per sandbox. A sandbox's status proves one lifecycle time, `createdAt`: the event is
// then the sandbox-created step (`lifecycle: 'created'`, `what: 'sandbox-created'`, exact time)
// spanning the whole object, like a `crictl inspect` step. Without it, `what: 'sandbox-state'` and
// no time. Fields: id, pod name/namespace/uid, attempt, state, network ip, runtime handler and
// from `info` the pause process pid, its task status, the pause image and the cgroupsPath (whose
// cgroup, pod UID and container ids become entities, see ids.ts `addCgroupsPath`).
// Severity `notice` for SANDBOX_NOTREADY.

import { addCgroupsPath } from '../messages/ids.ts';
import { addEntity, type Reading } from '../messages/reading.ts';
import type { FieldValue } from '../model/event.ts';
import {
  afterCrictlEcho,
  blockPod,
  CrictlInspectStream,
  DIGITS_RE,
  fieldPutter,
  goTimeMicros,
  hasStatusKeys,
  KV_BLOCK_START_RE,
  type KvBlock,
  mapFields,
  podLabel,
  rfc3339Micros,
  sandboxSeverity,
  statusDetails,
} from './crictl-shared.ts';
import { makeEvent } from './event-builder.ts';
import { type Json, type JsonValueInfo, num, obj, path, str, valueNotes } from './json-lines.ts';
import type { EventSink, ParseContext, Parser } from './parser-api.ts';

// `SANDBOX_READY` (CRI enum PodSandboxState, as protojson names it)
const SANDBOX_STATE_RE = /^SANDBOX_(?:READY|NOTREADY)$/;

/** The sandbox status inside a parsed object, or why it is not one. */
function findSandbox(v: unknown): { status: Json; info: Json | undefined } | string {
  const top = obj(v);
  if (!top) return 'not a JSON object';
  let status = obj(top.status);
  const info = obj(top.info);
  // The status alone (`{{json .status}}`, `jq .status`).
  if (!status && typeof top.state === 'string' && top.metadata) status = top;
  // An object cut short inside `info` (keys sorted: `info` comes first): a sandbox by its info keys.
  if (!status && info && SANDBOX_INFO_KEYS.some((k) => k in info)) status = {};
  if (!status) return 'a JSON object without a sandbox `status`';
  const state = str(status.state) ?? '';
  if (state.startsWith('CONTAINER_')) return 'a container status (crictl inspect), not a pod sandbox';
  if (!SANDBOX_STATE_RE.test(state) && str(status.id) === undefined && !info)
    return 'a `status` without a sandbox id or state';
  return { status, info };
}

/** Keys only a sandbox's `info` holds (containerd sandbox_status.go). */
const SANDBOX_INFO_KEYS = ['cniResult', 'netNamespaceClosed', 'processStatus', 'sandboxMetadata'];

/** What one sandbox status says, before it becomes an event. */
interface Sandbox {
  fields: Record<string, FieldValue>;
  reading: Reading;
  name: string | undefined;
  namespace: string | undefined;
  state: string;
  /** `sandbox 9e8d7c6b5a493, attempt 1, ip 10.244.1.23, pid 41211` */
  details: string;
  notes: string;
  created: number | null;
}

/** The sandbox, its pod (`namespace/name`, UID) and its pause process, as entities of `fields`. */
function sandboxReading(
  fields: Record<string, FieldValue>,
  id: string | undefined,
  name: string | undefined,
  namespace: string | undefined,
  uid: string | undefined,
  pid: number | undefined,
): Reading {
  const r: Reading = { fields, entities: [] };
  if (id) addEntity(r, 'sandbox', id);
  addEntity(r, 'pod', podLabel(name, namespace));
  if (uid) addEntity(r, 'pod', uid);
  if (pid !== undefined && pid > 0) addEntity(r, 'pid', String(pid));
  return r;
}

function fromStatus(s: Json, info: Json | undefined, notes: JsonValueInfo): Sandbox {
  const fields: Record<string, FieldValue> = {};
  const put = fieldPutter(fields);
  const id = str(s.id);
  // info.config is the CRI PodSandboxConfig: its metadata names the pod when `status` is missing.
  const meta = (k: string) => path(s, 'metadata', k) ?? path(info, 'config', 'metadata', k);
  const name = str(meta('name')) ?? str(path(s, 'labels', 'io.kubernetes.pod.name'));
  const namespace = str(meta('namespace')) ?? str(path(s, 'labels', 'io.kubernetes.pod.namespace'));
  const uid = str(meta('uid')) ?? str(path(s, 'labels', 'io.kubernetes.pod.uid'));
  const attempt = num(meta('attempt'));
  const state = str(s.state) ?? '';
  const createdAt = str(s.createdAt);
  const created = rfc3339Micros(createdAt);
  const ip = str(path(s, 'network', 'ip'));
  const extra = path(s, 'network', 'additionalIps');
  const additional = Array.isArray(extra)
    ? extra.map((x) => str(obj(x)?.ip) ?? '').filter((x) => x !== '')
    : [];
  const pid = num(info?.pid);
  const cgroupsPath = str(path(info, 'runtimeSpec', 'linux', 'cgroupsPath'));
  const pauseImage = str(info?.image);

  put('id', id);
  put('name', name);
  put('namespace', namespace);
  put('uid', uid);
  put('attempt', attempt);
  put('state', state);
  if (created !== null) put('createdAt', createdAt);
  put('ip', ip);
  if (additional.length > 0) put('additionalIps', additional.join(', '));
  put('runtimeHandler', str(s.runtimeHandler));
  put('pid', pid);
  put('processStatus', str(info?.processStatus));
  const closed = info?.netNamespaceClosed;
  if (typeof closed === 'boolean') fields.netNamespaceClosed = closed;
  put('image', pauseImage);
  put('runtimeType', str(info?.runtimeType));
  put('snapshotter', str(info?.snapshotter));
  const noteText = valueNotes(notes, fields);

  const r = sandboxReading(fields, id, name, namespace, uid, pid);
  if (pauseImage) addEntity(r, 'image', pauseImage);
  addCgroupsPath(r, cgroupsPath);
  return {
    fields,
    reading: r,
    name,
    namespace,
    state,
    details: statusDetails('sandbox', id, attempt, ['ip', ip], pid),
    notes: noteText,
    created,
  };
}

// ---------------------------------------------------------------------------------------------
// `crictl inspectp -o table` (sandbox.go PodSandboxStatus, table branch)

const TABLE_KEYS = new Set([
  'ID',
  'Name',
  'UID',
  'Namespace',
  'Attempt',
  'Status',
  'Created',
  'IP Address',
  'IP Addresses',
  'Additional IP',
  'Labels',
  'Annotations',
  'Info',
]);

// `Info: map[info:{"pid":41211,...}]` (`-o table -v`)
const INFO_PID_RE = /"pid":\s?(\d{1,10})/;

function fromTable(b: KvBlock): Sandbox {
  const v = b.values;
  const fields: Record<string, FieldValue> = {};
  const put = fieldPutter(fields);
  const id = v.get('ID');
  const { name, namespace, uid } = blockPod(b);
  const attempt = v.get('Attempt');
  const state = v.get('Status') ?? '';
  const createdText = v.get('Created');
  const created = createdText ? goTimeMicros(createdText) : null;
  const ip = v.get('IP Addresses') ?? v.get('IP Address');
  const pidM = INFO_PID_RE.exec(v.get('Info') ?? '');
  const pid = pidM ? Number(pidM[1]) : undefined;
  put('id', id);
  put('name', v.get('Name'));
  put('namespace', v.get('Namespace'));
  put('uid', v.get('UID'));
  put('attempt', attempt !== undefined && DIGITS_RE.test(attempt) ? Number(attempt) : undefined);
  put('state', state);
  put('created', createdText);
  put('ip', ip);
  put('additionalIps', v.get('Additional IP'));
  put('pid', pid);
  mapFields(b, fields);
  const r = sandboxReading(fields, id, name, namespace, uid, pid);
  return {
    fields,
    reading: r,
    name,
    namespace,
    state,
    details: statusDetails('sandbox', id, attempt, ['ip', ip], pid),
    notes: '',
    created,
  };
}

function emitSandbox(ctx: ParseContext, sink: EventSink, s: Sandbox, line: number, lineEnd: number): void {
  const fields: Record<string, FieldValue> = { ...s.fields };
  const pod = podLabel(s.name, s.namespace) ?? '(no name)';
  let message: string;
  if (s.created !== null) {
    fields.lifecycle = 'created';
    fields.what = 'sandbox-created';
    const now = s.state ? `now ${s.state}` : '';
    const inner = s.details && now ? `${s.details}; ${now}` : s.details || now;
    message = `pod ${pod} sandbox created${inner ? ` (${inner})` : ''}${s.notes}`;
  } else {
    fields.what = 'sandbox-state';
    message = `pod ${pod} ${s.state || '(no state)'}${s.details ? ` (${s.details})` : ''}${s.notes}`;
  }
  sink.event(
    makeEvent(ctx, {
      line,
      lineEnd,
      time: s.created,
      timeQuality: s.created === null ? 'none' : 'exact',
      severity: sandboxSeverity(s.state),
      message,
      fields,
      entities: s.reading.entities.map((e) => ({ ...e })),
    }),
  );
}

class CrictlInspectpLineParser extends CrictlInspectStream {
  constructor(ctx: ParseContext, sink: EventSink) {
    super(ctx, sink, 'crictl inspectp', TABLE_KEYS);
  }

  protected onValue(value: unknown, info: JsonValueInfo): string | null {
    const found = findSandbox(value);
    if (typeof found === 'string') return found;
    emitSandbox(this.ctx, this.sink, fromStatus(found.status, found.info, info), info.line, info.lineEnd);
    return null;
  }

  protected onBlock(b: KvBlock): void {
    emitSandbox(this.ctx, this.sink, fromTable(b), b.line, b.lineEnd);
  }
}

// ---------------------------------------------------------------------------------------------
// Detection

// `"state": "SANDBOX_READY"` (protojson may print two spaces after the colon)
const SANDBOX_STATE_KEY_RE = /"state":\s{1,2}"SANDBOX_(?:READY|NOTREADY)"/;
// Keys only a sandbox's info holds (containerd sandbox_status.go): `"cniResult": {`,
// `"netNamespaceClosed": false`, `"processStatus": "running"`, `"sandboxMetadata"`
const SANDBOX_KEYS = ['"cniResult"', '"netNamespaceClosed"', '"processStatus"', '"sandboxMetadata"'];
// Neighbours that look alike: crictl inspect (container states, `"sandboxID"`), ps/pods -o json
// (`"containers"`, `"items"`), journal JSON, docker inspect, kubectl -o json.
const FOREIGN_KEYS = [
  '"__CURSOR"',
  '"__REALTIME_TIMESTAMP"',
  '"State":',
  '"Id":',
  '"containers":',
  '"items":',
  '"apiVersion"',
];
// `"state": "CONTAINER_EXITED"`, `"sandboxID": "9e8d..."` (a container's info): crictl inspect's
const CONTAINER_STATE_KEY_RE = /"state":\s{1,2}"CONTAINER_|"sandboxID":/;
// `Status: SANDBOX_READY` in `crictl inspectp -o table`
const TABLE_STATUS_RE = /^Status: SANDBOX_(?:READY|NOTREADY)\s*$/;
// `IP Addresses: 10.244.1.23` (`IP Address:` before v1.19)
const TABLE_IP_RE = /^IP Address(?:es)?: /;

function detectInspectp(head: readonly string[]): number {
  const rest = afterCrictlEcho(head);
  if (rest.length === 0) return 0;
  if (KV_BLOCK_START_RE.test(rest[0])) {
    if (!rest.some((l) => TABLE_STATUS_RE.test(l))) return 0;
    return rest.some((l) => TABLE_IP_RE.test(l)) ? 0.95 : 0.85;
  }
  const first = rest[0].trim();
  if (!first.startsWith('{') && first !== '[') return 0;
  if (rest.some((l) => FOREIGN_KEYS.some((k) => l.includes(k)))) return 0;
  if (rest.some((l) => SANDBOX_STATE_KEY_RE.test(l))) return 0.95;
  if (rest.some((l) => CONTAINER_STATE_KEY_RE.test(l))) return 0;
  if (hasStatusKeys(rest) && rest.some((l) => SANDBOX_KEYS.some((k) => l.includes(k)))) return 0.85;
  return 0;
}

export const crictlInspectpParser: Parser = {
  id: 'crictl-inspectp',
  title: 'crictl inspectp',
  version: 2,
  samples: [
    // FORMATS.md 4.7 (examples/crictl-inspectp.synthetic.txt, shortened: `info` without config / runtimeSpec)
    [
      '{',
      '  "info": {',
      '    "image": "registry.k8s.io/pause:3.10",',
      '    "netNamespaceClosed": false,',
      '    "pid": 41211,',
      '    "processStatus": "running",',
      '    "runtimeType": "io.containerd.runc.v2"',
      '  },',
      '  "status": {',
      '    "createdAt": "2025-11-24T08:12:00.5Z",',
      '    "id": "9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9",',
      '    "metadata": {',
      '      "attempt": 1,',
      '      "name": "api-0",',
      '      "namespace": "default",',
      '      "uid": "6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b"',
      '    },',
      '    "network": {',
      '      "additionalIps": [],',
      '      "ip": "10.244.1.23"',
      '    },',
      '    "runtimeHandler": "",',
      '    "state": "SANDBOX_READY"',
      '  }',
      '}',
      '',
    ].join('\n'),
    // crictl inspectp -o table (FORMATS.md examples/crictl-inspect-table.synthetic.txt)
    [
      'ID: 9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9',
      'Name: api-0',
      'UID: 6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b',
      'Namespace: default',
      'Attempt: 1',
      'Status: SANDBOX_READY',
      'Created: 2025-11-24 08:12:00.5 +0000 UTC',
      'IP Addresses: 10.244.1.23',
      'Labels:',
      '\tio.kubernetes.pod.name -> api-0',
      '',
    ].join('\n'),
  ],
  detect: detectInspectp,
  create(ctx, sink) {
    return new CrictlInspectpLineParser(ctx, sink);
  },
};
