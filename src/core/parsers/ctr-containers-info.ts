// `ctr containers info <id>` (`ctr c info`): one container's metadata as JSON. Reference: FORMATS.md
// 5.3 (cmd/ctr/commands/commands.go PrintAsJSON = json.MarshalIndent with a 4-space indent, Go
// field names in struct order: ID, Labels, Image, Runtime{Name, Options}, SnapshotKey,
// Snapshotter, CreatedAt, UpdatedAt, Extensions, SandboxID, Spec = the decoded OCI runtime spec;
// `--spec` prints the spec alone). Example: examples/ctr-outputs.synthetic.txt.
//
// Events follow the lifecycle partition of json-objects.ts: `CreatedAt` and `UpdatedAt` (top level,
// RFC 3339 with nanoseconds, exact) each start an event, `what` 'container-created' /
// 'container-updated' ('container-info' for an object with neither, such as `--spec` output).
// Each event holds what its own lines give (record-local): the first one ID, Labels (pod name,
// namespace, UID), Image, Runtime, SnapshotKey, Snapshotter; the second one SandboxID and the Spec
// (cgroupsPath -> cgroup, pod UID and container entities; process args; memory limit).

import { addCgroupEntities, bareContainerId, namesInCgroup } from '../messages/ids.ts';
import { addEntity, type Reading, setField } from '../messages/reading.ts';
import type { EntityRef, FieldValue } from '../model/event.ts';
import { makeEvent } from './event-builder.ts';
import { JsonObjectsParser, type ObjectSchema } from './json-objects.ts';
import type { Parser } from './parser-api.ts';
import { cliErrorEvent, echoedCommand, isCtrCommand } from './table-common.ts';

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

// The systemd cgroup driver's cgroupsPath in an OCI spec is `slice:prefix:name`
// (runc libcontainer/cgroups/systemd): `kubepods-besteffort-pod5f1c6d2e_9b1a_4c3e_8d7f_0a1b2c3d4e5f.slice:cri-containerd:4f2c9b7e...`
const SYSTEMD_CGROUPS_PATH_RE = /^([\w.@-]{1,200}\.slice):([\w-]{1,64}):([\w.-]{1,200})$/;

/** Cgroup, pod and container entities of a spec's cgroupsPath, in either driver's spelling. */
function addCgroupsPath(r: Reading, path: string): void {
  const m = SYSTEMD_CGROUPS_PATH_RE.exec(path);
  if (!m) {
    addCgroupEntities(r, path);
    return;
  }
  addEntity(r, 'cgroup', path);
  const n = namesInCgroup(`/${m[1]}`);
  if (n.podUid) addEntity(r, 'pod', n.podUid);
  const id = bareContainerId(m[3]);
  if (id) addEntity(r, 'container', id);
}

/** Keys of the spec, with or without the `Spec` level (`ctr c info --spec` prints the spec alone). */
function specPath(path: readonly string[]): string {
  const p = path[0] === 'Spec' ? path.slice(1) : path;
  return p.join('.');
}

const schema: ObjectSchema = {
  name: 'ctr containers info',

  isTimeKey(path, key) {
    return path.length === 0 && (key === 'CreatedAt' || key === 'UpdatedAt');
  },

  fragmentPath(key) {
    return key === 'CreatedAt' || key === 'UpdatedAt' ? [] : null;
  },

  build(ctx, piece) {
    const fields: Record<string, FieldValue> = {};
    const entities: EntityRef[] = [];
    const r: Reading = { fields, entities };
    const args: string[] = [];
    let known = 0;
    for (const l of piece.leaves) {
      const v = l.value;
      const s = typeof v === 'string' ? v : undefined;
      const n = typeof v === 'number' && Number.isFinite(v) ? v : undefined;
      if (l.path.length === 0 && TOP_KEYS[l.key] !== undefined) {
        known++;
        setField(r, TOP_KEYS[l.key], s);
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
        setField(r, 'cgroupsPath', s);
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
    const what =
      piece.time?.key === 'CreatedAt'
        ? 'container-created'
        : piece.time?.key === 'UpdatedAt'
          ? 'container-updated'
          : 'container-info';
    fields.what = what;
    if (piece.time) fields.time_source = piece.time.key;

    const id = typeof fields.id === 'string' ? fields.id : undefined;
    addEntity(r, 'container', id);
    addEntity(r, 'sandbox', typeof fields.sandboxId === 'string' ? fields.sandboxId : undefined);
    addEntity(r, 'snapshot', typeof fields.snapshotKey === 'string' ? fields.snapshotKey : undefined);
    addEntity(r, 'image', typeof fields.image === 'string' ? fields.image : undefined);
    const podName = typeof fields.podName === 'string' ? fields.podName : undefined;
    const podNs = typeof fields.podNamespace === 'string' ? fields.podNamespace : undefined;
    if (podName) addEntity(r, 'pod', podNs ? `${podNs}/${podName}` : podName);
    addEntity(r, 'pod', typeof fields.podUid === 'string' ? fields.podUid : undefined);
    if (typeof fields.cgroupsPath === 'string') addCgroupsPath(r, fields.cgroupsPath);

    const details: string[] = [];
    if (podName) details.push(`pod ${podNs ? `${podNs}/${podName}` : podName}`);
    if (typeof fields.containerName === 'string') details.push(`name ${fields.containerName}`);
    if (typeof fields.image === 'string') details.push(`image ${fields.image}`);
    if (typeof fields.runtime === 'string') details.push(`runtime ${fields.runtime}`);
    if (typeof fields.sandboxId === 'string') details.push(`sandbox ${fields.sandboxId.slice(0, 12)}`);
    if (typeof fields.cgroupsPath === 'string') details.push(`cgroup ${fields.cgroupsPath}`);
    let message = `ctr container${id ? ` ${id}` : ''} ${what.replace(/^container-/, '')}`;
    if (piece.time) message += ` ${piece.time.value}`;
    if (details.length > 0) message += ` (${details.join(', ')})`;
    return makeEvent(ctx, {
      line: piece.line,
      lineEnd: piece.lineEnd,
      time: piece.time?.micros ?? null,
      message,
      fields,
      entities,
    });
  },

  other(ctx, text, line) {
    if (echoedCommand(text)) return 'prompt';
    return cliErrorEvent(ctx, text, line);
  },
};

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
  version: 1,
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
    return new JsonObjectsParser(ctx, sink, schema);
  },
};
