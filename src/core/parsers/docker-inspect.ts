// `docker inspect <container>...` (a JSON array of objects, 4-space indent), its `| jq '.[].State'`
// and `--format '{{json .State}}'` forms (a State object alone, pretty or on one line), and
// `docker container inspect`. Reference: moby api/types/container (ContainerJSON, State: Status,
// Running, Paused, Restarting, OOMKilled, Dead, Pid, ExitCode, Error, StartedAt, FinishedAt,
// Health); docker/cli cli/command/inspect (json.MarshalIndent with 4 spaces). Real input: corpus
// moby-43491 docker-inspect-state.json (a `>` command echo, then the State object from jq).
//
// Events follow the lifecycle partition of json-objects.ts: `Created` (top level), `State.StartedAt`
// and `State.FinishedAt`, when set (Go's zero time `0001-01-01T00:00:00Z` means never), each start
// an event: `what` 'container-created' / 'container-started' / 'container-finished' (or
// 'container-state' for an object with no set time), exact time. Every event holds the fields its
// own lines give (record-local): the first one the container Id (a container entity) and most of
// State, the last one Name, RestartCount, HostConfig.Memory and Config.Image. State values are
// repeated in the message in docker's own notation (`"Status": "running", "OOMKilled": false`)
// so the raw words can be searched for.

import { addEntity, type Reading, setField } from '../messages/reading.ts';
import type { EntityRef, FieldValue, Severity } from '../model/event.ts';
import { makeEvent } from './event-builder.ts';
import { JsonObjectsParser, type ObjectSchema } from './json-objects.ts';
import type { Parser } from './parser-api.ts';
import { cliErrorEvent, echoedCommand } from './table-common.ts';

/** State keys (moby container.State JSON) -> field names. */
const STATE_KEYS: Record<string, string> = {
  Status: 'status',
  Running: 'running',
  Paused: 'paused',
  Restarting: 'restarting',
  OOMKilled: 'oomKilled',
  Dead: 'dead',
  Pid: 'pid',
  ExitCode: 'exitCode',
  Error: 'error',
  StartedAt: 'startedAt',
  FinishedAt: 'finishedAt',
};

const WHAT: Record<string, string> = {
  Created: 'container-created',
  StartedAt: 'container-started',
  FinishedAt: 'container-finished',
};

// A full container id: `7d3c2b1a0f9e8d7c6b5a49382716f5e4d3c2b1a0f9e8d7c6b5a49382716f5e4d`
const HEX64_RE = /^[0-9a-f]{64}$/;
// `0001-01-01T00:00:00Z`: a time docker prints for "never"
const ZERO_TIME_RE = /^0001-01-01T00:00:00(?:\.0+)?Z$/;

/** A State key either in `State` or at the top of a State object printed alone. */
function isStatePath(path: readonly string[]): boolean {
  return path.length === 0 || (path.length === 1 && path[0] === 'State');
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function scalar(v: unknown): FieldValue | undefined {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return num(v);
}

const schema: ObjectSchema = {
  name: 'docker inspect',

  isTimeKey(path, key) {
    if (key === 'Created') return path.length === 0;
    return (key === 'StartedAt' || key === 'FinishedAt') && isStatePath(path);
  },

  fragmentPath(key) {
    if (key === 'Created') return [];
    return key === 'StartedAt' || key === 'FinishedAt' ? ['State'] : null;
  },

  build(ctx, piece) {
    const fields: Record<string, FieldValue> = {};
    const entities: EntityRef[] = [];
    const r: Reading = { fields, entities };
    const stateText: string[] = [];
    let known = 0;
    let id: string | undefined;
    let imageObject = false;
    const tags: string[] = [];
    for (const l of piece.leaves) {
      const p = l.path.join('.');
      const v = l.value;
      if (isStatePath(l.path) && STATE_KEYS[l.key] !== undefined) {
        known++;
        stateText.push(`${JSON.stringify(l.key)}: ${JSON.stringify(v)}`);
        if (typeof v === 'string' && ZERO_TIME_RE.test(v)) continue;
        setField(r, STATE_KEYS[l.key], scalar(v));
        continue;
      }
      switch (`${p}|${l.key}`) {
        case '|Id':
          known++;
          id = str(v);
          setField(r, 'id', id);
          if (id?.startsWith('sha256:')) imageObject = true;
          break;
        case '|Created':
          known++;
          setField(r, 'created', str(v));
          break;
        case '|Name':
          known++;
          setField(r, 'name', str(v)?.replace(/^\//, ''));
          break;
        case '|RestartCount':
          known++;
          setField(r, 'restartCount', num(v));
          break;
        case '|Image':
          known++;
          setField(r, 'imageId', str(v));
          break;
        case '|Path':
        case '|Driver':
        case '|LogPath':
          known++;
          setField(r, l.key.charAt(0).toLowerCase() + l.key.slice(1), str(v));
          break;
        case 'RepoTags|[]':
          known++;
          imageObject = true;
          if (typeof v === 'string') tags.push(v);
          break;
        case 'State.Health|Status':
        case 'Health|Status':
          setField(r, 'health', str(v));
          break;
        case 'State.Health|FailingStreak':
        case 'Health|FailingStreak':
          setField(r, 'healthFailingStreak', num(v));
          break;
        case 'HostConfig|Memory':
          known++;
          if (num(v)) setField(r, 'memoryLimit', num(v));
          break;
        case 'HostConfig|MemorySwap':
          if (num(v)) setField(r, 'memorySwap', num(v));
          break;
        case 'HostConfig|OomKillDisable':
          setField(r, 'oomKillDisable', typeof v === 'boolean' ? v : undefined);
          break;
        case 'HostConfig|PidsLimit':
          if (num(v)) setField(r, 'pidsLimit', num(v));
          break;
        case 'HostConfig|CgroupParent':
          setField(r, 'cgroupParent', str(v));
          break;
        case 'HostConfig.RestartPolicy|Name':
          setField(r, 'restartPolicy', str(v));
          break;
        case 'Config|Image':
          known++;
          setField(r, 'image', str(v));
          break;
        case 'Config.Labels|io.kubernetes.pod.name':
          setField(r, 'podName', str(v));
          break;
        case 'Config.Labels|io.kubernetes.pod.namespace':
          setField(r, 'podNamespace', str(v));
          break;
        case 'Config.Labels|io.kubernetes.pod.uid':
          setField(r, 'podUid', str(v));
          break;
        case 'Config.Labels|io.kubernetes.container.name':
          setField(r, 'containerName', str(v));
          break;
        default:
          break;
      }
    }
    if (known === 0) return 'not a docker container object (no Id, State, Name or Config)';

    const timeKey = piece.time?.key;
    const what = imageObject ? 'image-info' : timeKey ? WHAT[timeKey] : 'container-state';
    fields.what = what;
    if (piece.time) fields.time_source = piece.time.key;
    if (fields.oomKilled === true) setField(r, 'reason', 'OOMKilled');
    if (piece.more > 0) fields.objects_on_same_line = piece.more + 1;

    if (id && HEX64_RE.test(id)) addEntity(r, 'container', id);
    if (imageObject) addEntity(r, 'image', tags[0] ?? id);
    const pid = num(fields.pid);
    if (pid !== undefined && pid > 0) addEntity(r, 'pid', String(pid));
    if (typeof fields.image === 'string') addEntity(r, 'image', fields.image);
    const podName = str(fields.podName);
    const podNs = str(fields.podNamespace);
    if (podName) addEntity(r, 'pod', podNs ? `${podNs}/${podName}` : podName);
    addEntity(r, 'pod', str(fields.podUid));

    let severity: Severity | undefined;
    if (fields.oomKilled === true || (typeof fields.error === 'string' && fields.error !== ''))
      severity = 'err';
    else if (
      fields.dead === true ||
      fields.restarting === true ||
      (fields.exitCode !== undefined && fields.exitCode !== 0 && fields.running !== true)
    )
      severity = 'warning';

    const who = imageObject ? (tags[0] ?? id) : (str(fields.name) ?? (id ? id.slice(0, 12) : undefined));
    const verb = imageObject ? 'image' : 'container';
    let message = `docker ${verb}${who ? ` ${who}` : ''} ${what.replace(/^(?:container|image)-/, '')}`;
    if (piece.time) message += ` ${piece.time.value}`;
    if (stateText.length > 0) message += ` (${stateText.join(', ')})`;
    if (typeof fields.image === 'string') message += ` image ${fields.image}`;
    if (piece.more > 0) message += ` [${piece.more} more object(s) on this line not read]`;

    return makeEvent(ctx, {
      line: piece.line,
      lineEnd: piece.lineEnd,
      time: piece.time?.micros ?? null,
      severity,
      message,
      fields,
      entities,
    });
  },

  other(ctx, text, line) {
    const w = echoedCommand(text);
    if (w) return 'prompt';
    return cliErrorEvent(ctx, text, line);
  },
};

// Keys only a docker container or its State has: `"OOMKilled": false` (as a key: crictl prints
// the word only as a value, `"reason": "OOMKilled"`), `"State": {`, `"GraphDriver"`, `"HostConfig"`.
const STATE_KEY_RE = /"(?:OOMKilled|Restarting)":\s?(?:true|false)/;
// `        "State": {`, `        "HostConfig": {`, `        "RepoTags": [` (docker inspect of a container or image)
const CONTAINER_KEY_RE = /^\s*"(?:State|GraphDriver|HostConfig|NetworkSettings|RepoTags)":\s?[{[]/;
// `"Id": "43124b30fe28..."` (docker spells it `Id`; ctr prints `ID`)
const ID_KEY_RE = /"Id":\s?"(?:sha256:)?[0-9a-f]{12,64}"/;

function detect(head: readonly string[]): number {
  let i = 0;
  while (i < head.length && echoedCommand(head[i]) !== null) i++;
  const rest = head.slice(i);
  if (rest.length === 0) return 0;
  const first = rest[0].trim();
  if (!first.startsWith('{') && !first.startsWith('[')) return 0;
  let state = false;
  let container = false;
  let idKey = false;
  for (const t of rest) {
    if (t.includes('"__CURSOR"') || t.includes('"ID":')) return 0;
    if (STATE_KEY_RE.test(t)) state = true;
    if (CONTAINER_KEY_RE.test(t)) container = true;
    if (ID_KEY_RE.test(t)) idKey = true;
  }
  if (state) return 0.95;
  if (idKey && container) return 0.9;
  return 0;
}

export const dockerInspectParser: Parser = {
  id: 'docker-inspect',
  title: 'docker inspect',
  version: 1,
  samples: [
    // corpus moby-43491 docker-inspect-state.json (whole file)
    [
      "> docker inspect 43124b30fe28 | jq '.[].State'",
      '{',
      '  "Status": "running",',
      '  "Running": true,',
      '  "Paused": false,',
      '  "Restarting": false,',
      '  "OOMKilled": false,',
      '  "Dead": false,',
      '  "Pid": 5061,',
      '  "ExitCode": 0,',
      '  "Error": "",',
      '  "StartedAt": "2022-04-15T09:01:24.444419609Z",',
      '  "FinishedAt": "0001-01-01T00:00:00Z"',
      '}',
      '',
    ].join('\n'),
    // docker inspect --format '{{json .State}}' (synthetic: one State object on one line)
    '{"Status":"exited","Running":false,"Paused":false,"Restarting":false,"OOMKilled":true,"Dead":false,"Pid":0,"ExitCode":137,"Error":"","StartedAt":"2024-03-02T10:00:00.5Z","FinishedAt":"2024-03-02T11:30:12.25Z"}\n',
  ],
  detect,
  create(ctx, sink) {
    return new JsonObjectsParser(ctx, sink, schema);
  },
};
