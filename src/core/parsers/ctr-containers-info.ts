// `ctr containers info <id>` (`ctr c info`): one container's metadata as JSON. Reference: FORMATS.md
// 5.3 (cmd/ctr/commands/commands.go PrintAsJSON = json.MarshalIndent with a 4-space indent, Go
// field names in struct order: ID, Labels, Image, Runtime{Name, Options}, SnapshotKey,
// Snapshotter, CreatedAt, UpdatedAt, Extensions, SandboxID, Spec = the decoded OCI runtime spec;
// `--spec` prints the spec alone). Example: examples/ctr-outputs.synthetic.txt.
//
// The object is streamed by json-lines.ts (cut-short objects, elisions). Events follow the
// lifecycle rule of crictl inspect (json-lines.ts `lifecycleParts`): `CreatedAt` and `UpdatedAt`
// (top level, RFC 3339 with nanoseconds, exact) each start an event over the object's lines from
// its key to the line before the next one (the first from the object's first line, the last to
// its end), `what` 'container-created' / 'container-updated' (`lifecycle` created / updated);
// 'container-info' for an object with neither, such as `--spec` output. Every event carries the
// whole object's fields and entities (ID, Labels: pod name, namespace, UID; Image, Runtime,
// SnapshotKey, Snapshotter, SandboxID; the Spec's cgroupsPath -> cgroup, pod UID and container
// entities, process args, memory limit) and, when there are two, `record` (the object's lines,
// which the store rebuilds it from).

import { addCgroupsPath } from '../messages/ids.ts';
import { addEntity, type Reading, setField } from '../messages/reading.ts';
import type { EntityRef, FieldValue } from '../model/event.ts';
import {
  type Json,
  type JsonValueInfo,
  LifecycleJsonStream,
  type LifecycleObject,
  leavesOf,
  type StepEvent,
  setTime,
  type TimeStep,
  valueKeyLines,
} from './json-lines.ts';
import type { EventSink, ParseContext, Parser } from './parser-api.ts';
import { echoedCommand, isCtrCommand } from './table-common.ts';

const TOP_KEYS: Record<string, string> = {
  ID: 'id',
  Image: 'image',
  SnapshotKey: 'snapshotKey',
  Snapshotter: 'snapshotter',
  CreatedAt: 'createdAt',
  UpdatedAt: 'updatedAt',
  SandboxID: 'sandboxId',
};

const LABEL_KEYS: Record<string, string> = {
  'io.kubernetes.pod.name': 'podName',
  'io.kubernetes.pod.namespace': 'podNamespace',
  'io.kubernetes.pod.uid': 'podUid',
  'io.kubernetes.container.name': 'containerName',
  'io.cri-containerd.kind': 'kind',
};

const TIME_KEYS = new Set(['CreatedAt', 'UpdatedAt']);

/** Keys of the spec, with or without the `Spec` level (`ctr c info --spec` prints the spec alone). */
function specPath(path: readonly string[]): string {
  const p = path[0] === 'Spec' ? path.slice(1) : path;
  return p.join('.');
}

/** What one container object says, before it is cut into events. */
interface Info extends LifecycleObject<TimeStep> {
  id: string | undefined;
  /** `pod default/api-0, name api, image ..., runtime ..., sandbox ..., cgroup ...` */
  details: string[];
}

/** The fields, entities and lifecycle times of a container object, or why it is not one. */
function readInfo(top: Json): Info | string {
  const fields: Record<string, FieldValue> = {};
  const entities: EntityRef[] = [];
  const r: Reading = { fields, entities };
  const args: string[] = [];
  const steps: TimeStep[] = [];
  let cgroupsPath: string | undefined;
  let known = 0;
  for (const l of leavesOf(top)) {
    const v = l.value;
    const s = typeof v === 'string' ? v : undefined;
    const n = typeof v === 'number' && Number.isFinite(v) ? v : undefined;
    if (l.path.length === 0 && TOP_KEYS[l.key] !== undefined) {
      known++;
      setField(r, TOP_KEYS[l.key], s);
      // `"CreatedAt": "2025-11-26T09:58:41.912345678Z"` (Go time.Time, RFC 3339 with nanoseconds)
      const micros = TIME_KEYS.has(l.key) ? setTime(v) : null;
      if (micros !== null && !steps.some((x) => x.key === l.key))
        steps.push({ key: l.key, value: s as string, micros });
      continue;
    }
    if (l.path.length === 1 && l.path[0] === 'Labels') {
      known++;
      if (LABEL_KEYS[l.key] !== undefined) setField(r, LABEL_KEYS[l.key], s);
      continue;
    }
    if (l.path.length === 1 && l.path[0] === 'Runtime' && l.key === 'Name') {
      known++;
      setField(r, 'runtime', s);
      continue;
    }
    const sp = specPath(l.path);
    if (sp === 'linux' && l.key === 'cgroupsPath') {
      known++;
      cgroupsPath ??= s;
    } else if (sp === 'process.args' && s !== undefined) {
      known++;
      args.push(s);
    } else if (sp === 'process' && l.key === 'oomScoreAdj') {
      setField(r, 'oomScoreAdj', n);
    } else if (sp === 'linux.resources.memory' && l.key === 'limit') {
      setField(r, 'memoryLimit', n);
    } else if (sp === '' && l.key === 'ociVersion') {
      known++;
      setField(r, 'ociVersion', s);
    }
  }
  if (known === 0) return 'not a ctr container object (no ID, Labels, Runtime or Spec)';
  if (args.length > 0) setField(r, 'args', args.join(' '));

  const text = (k: string) => (typeof fields[k] === 'string' ? (fields[k] as string) : undefined);
  const id = text('id');
  addEntity(r, 'container', id);
  addEntity(r, 'sandbox', text('sandboxId'));
  addEntity(r, 'snapshot', text('snapshotKey'));
  addEntity(r, 'image', text('image'));
  const podName = text('podName');
  const podNs = text('podNamespace');
  const pod = podName ? (podNs ? `${podNs}/${podName}` : podName) : undefined;
  addEntity(r, 'pod', pod);
  addEntity(r, 'pod', text('podUid'));
  addCgroupsPath(r, cgroupsPath);

  const details: string[] = [];
  if (pod) details.push(`pod ${pod}`);
  if (text('containerName')) details.push(`name ${text('containerName')}`);
  if (text('image')) details.push(`image ${text('image')}`);
  if (text('runtime')) details.push(`runtime ${text('runtime')}`);
  if (text('sandboxId')) details.push(`sandbox ${text('sandboxId')?.slice(0, 12)}`);
  if (cgroupsPath) details.push(`cgroup ${cgroupsPath}`);
  return { fields, entities, id, details, steps };
}

class CtrContainersInfoLineParser extends LifecycleJsonStream<TimeStep, Info> {
  constructor(ctx: ParseContext, sink: EventSink) {
    super(ctx, sink, 'ctr containers info');
  }

  protected read(top: Json): Info | string {
    return readInfo(top);
  }

  protected timeKeyLines(info: JsonValueInfo): Map<string, number> {
    return valueKeyLines(info, [], TIME_KEYS);
  }

  protected stepEvent(c: Info, step: TimeStep | undefined): StepEvent {
    const lifecycle = step ? (step.key === 'CreatedAt' ? 'created' : 'updated') : undefined;
    const fields: Record<string, FieldValue> = {
      what: lifecycle ? `container-${lifecycle}` : 'container-info',
    };
    if (step && lifecycle) {
      fields.time_source = step.key;
      fields.lifecycle = lifecycle;
    }
    let message = `ctr container${c.id ? ` ${c.id}` : ''} ${lifecycle ?? 'info'}`;
    if (step) message += ` ${step.value}`;
    if (c.details.length > 0) message += ` (${c.details.join(', ')})`;
    return { fields, message };
  }
}

// `    "ID": "4f2c9b7e...",` (Go field names: docker prints `Id`, crictl `id`)
const ID_KEY_RE = /^\s{0,8}"ID":\s?"/;
// `    "Runtime": {`, `    "Snapshotter": "overlayfs",`, `    "SnapshotKey": "..."`, `    "Labels": {`
const CTR_KEY_RE = /^\s{0,8}"(?:Runtime|Snapshotter|SnapshotKey|SandboxID|Extensions)":/;
// `    "Labels": {` (a CRI container's many labels may push Runtime out of the detection head)
const LABELS_KEY_RE = /^\s{0,8}"Labels":\s?\{/;
// `    "ociVersion": "1.2.0",` first in `ctr c info --spec`
const OCI_VERSION_RE = /^\s{0,8}"ociVersion":\s?"\d/;

const INFO_OBJECTS = new Set(['c', 'container', 'containers']);

function detect(head: readonly string[], _fileName?: string, command?: string): number {
  let i = 0;
  while (i < head.length && echoedCommand(head[i]) !== null) i++;
  const rest = head.slice(i);
  if (rest.length < 2 || rest[0].trim() !== '{') return 0;
  let id = false;
  let ctrKey = false;
  let labels = false;
  for (const t of rest) {
    if (t.includes('"__CURSOR"') || t.includes('"Id":') || t.includes('"status":')) return 0;
    if (ID_KEY_RE.test(t)) id = true;
    else if (CTR_KEY_RE.test(t)) ctrKey = true;
    else if (LABELS_KEY_RE.test(t)) labels = true;
  }
  if (id && ctrKey) return 0.95;
  if (id && labels) return 0.85;
  const echo =
    isCtrCommand(command, INFO_OBJECTS) || head.slice(0, i).some((t) => isCtrCommand(t, INFO_OBJECTS));
  if (echo && OCI_VERSION_RE.test(rest[1])) return 0.7;
  return 0;
}

export const ctrContainersInfoParser: Parser = {
  id: 'ctr-containers-info',
  title: 'ctr containers info',
  version: 2,
  samples: [
    // FORMATS.md 5.3 (examples/ctr-outputs.synthetic.txt lines 19-56)
    [
      '{',
      '    "ID": "4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6",',
      '    "Labels": {',
      '        "io.cri-containerd.kind": "container",',
      '        "io.kubernetes.container.name": "api",',
      '        "io.kubernetes.pod.name": "api-0",',
      '        "io.kubernetes.pod.namespace": "default"',
      '    },',
      '    "Image": "registry.example.com/api:1.4.2",',
      '    "Runtime": {',
      '        "Name": "io.containerd.runc.v2",',
      '        "Options": {',
      '            "type_url": "containerd.runc.v1.Options",',
      '            "value": "SAE="',
      '        }',
      '    },',
      '    "SnapshotKey": "4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6",',
      '    "Snapshotter": "overlayfs",',
      '    "CreatedAt": "2025-11-26T09:58:41.912345678Z",',
      '    "UpdatedAt": "2025-11-26T09:58:41.912345678Z",',
      '    "Extensions": {',
      '        "io.cri-containerd.container.metadata": {',
      '            "type_url": "github.com/containerd/cri/pkg/store/container/Metadata",',
      '            "value": "eyJWZXJzaW9uIjoidjEifQ=="',
      '        }',
      '    },',
      '    "SandboxID": "9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9",',
      '    "Spec": {',
      '        "ociVersion": "1.2.0",',
      '        "process": {',
      '            "args": [',
      '                "java",',
      '                "-jar",',
      '                "/app.jar"',
      '            ]',
      '        }',
      '    }',
      '}',
      '',
    ].join('\n'),
  ],
  detect,
  create(ctx, sink) {
    return new CtrContainersInfoLineParser(ctx, sink);
  },
};
