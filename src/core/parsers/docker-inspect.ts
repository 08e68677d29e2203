// `docker inspect <container>...` (a JSON array of objects, 4-space indent), its `| jq '.[].State'`
// and `--format '{{json .State}}'` forms (a State object alone, pretty or on one line), and
// `docker container inspect`. Reference: moby api/types/container (ContainerJSON, State: Status,
// Running, Paused, Restarting, OOMKilled, Dead, Pid, ExitCode, Error, StartedAt, FinishedAt,
// Health); docker/cli cli/command/inspect (json.MarshalIndent with 4 spaces). Real input: corpus
// moby-43491 docker-inspect-state.json (a `>` command echo, then the State object from jq).
//
// The objects are streamed by json-lines.ts (arrays, cut-short objects, elisions). Events follow
// the lifecycle rule of crictl inspect (json-lines.ts `lifecycleParts`): `Created` (top level),
// `State.StartedAt` and `State.FinishedAt`, when set (Go's zero time `0001-01-01T00:00:00Z` means
// never), each start an event over the object's lines from its key to the line before the next
// one (the first from the object's first line, the last to its end): `what` 'container-created' /
// 'container-started' / 'container-finished' (`lifecycle` created / started / exited), exact
// time. Each event carries the whole object's fields and entities and, when there are several,
// `record` (the object's lines, which the store rebuilds it from). An object whose set times share
// a line (one-line JSON) is one event at its latest time; one with no set time is one event,
// 'container-state', no time. The state's severity goes to the exit (else the last event). State
// values are repeated in the message in docker's own notation (`"Status": "running",
// "OOMKilled": false`) so the raw words can be searched for.

import { addEntity, type Reading, setField } from '../messages/reading.ts';
import type { EntityRef, FieldValue, Severity } from '../model/event.ts';
import {
  GO_ZERO_TIME_RE,
  type Json,
  type JsonValueInfo,
  type LifecycleEvent,
  LifecycleJsonStream,
  type LifecycleObject,
  leavesOf,
  type StepEvent,
  setTime,
  type TimeStep,
  valueKeyLines,
} from './json-lines.ts';
import type { EventSink, ParseContext, Parser } from './parser-api.ts';
import { echoedCommand } from './table-common.ts';

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

const LIFECYCLE: Record<string, string> = {
  Created: 'created',
  StartedAt: 'started',
  FinishedAt: 'exited',
};

const TOP_TIME_KEYS = new Set(['Created', 'StartedAt', 'FinishedAt']);
const STATE_TIME_KEYS = new Set(['StartedAt', 'FinishedAt']);

// A full container id: `7d3c2b1a0f9e8d7c6b5a49382716f5e4d3c2b1a0f9e8d7c6b5a49382716f5e4d`
const HEX64_RE = /^[0-9a-f]{64}$/;

/** A State key either in `State` or at the top of a State object printed alone. */
function isStatePath(path: readonly string[]): boolean {
  return path.length === 0 || (path.length === 1 && path[0] === 'State');
}

function isTimeKey(path: readonly string[], key: string): boolean {
  if (key === 'Created') return path.length === 0;
  return (key === 'StartedAt' || key === 'FinishedAt') && isStatePath(path);
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

/** What one docker object says, before it is cut into events. */
interface Inspected extends LifecycleObject<TimeStep> {
  /** An image (`docker image inspect`), not a container. */
  image: boolean;
  /** `web`, the 12-char id, an image tag. */
  who: string | undefined;
  /** `"Status": "running"`, ... */
  stateText: string[];
  severity: Severity | undefined;
}

/** The fields, entities and lifecycle times of a container (or image) object, or why it is not one. */
function inspect(top: Json): Inspected | string {
  const fields: Record<string, FieldValue> = {};
  const entities: EntityRef[] = [];
  const r: Reading = { fields, entities };
  const stateText: string[] = [];
  const steps: TimeStep[] = [];
  let known = 0;
  let id: string | undefined;
  let imageObject = false;
  const tags: string[] = [];
  for (const l of leavesOf(top)) {
    const p = l.path.join('.');
    const v = l.value;
    if (isTimeKey(l.path, l.key)) {
      const micros = setTime(v);
      if (micros !== null && !steps.some((s) => s.key === l.key))
        steps.push({ key: l.key, value: v as string, micros });
    }
    if (isStatePath(l.path) && STATE_KEYS[l.key] !== undefined) {
      known++;
      stateText.push(`${JSON.stringify(l.key)}: ${JSON.stringify(v)}`);
      if (typeof v === 'string' && GO_ZERO_TIME_RE.test(v)) continue;
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
  if (fields.oomKilled === true) setField(r, 'reason', 'OOMKilled');

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

  return {
    fields,
    entities,
    image: imageObject,
    who: imageObject ? (tags[0] ?? id) : (str(fields.name) ?? (id ? id.slice(0, 12) : undefined)),
    stateText,
    severity,
    steps,
  };
}

class DockerInspectLineParser extends LifecycleJsonStream<TimeStep, Inspected> {
  constructor(ctx: ParseContext, sink: EventSink) {
    super(ctx, sink, 'docker inspect');
  }

  protected read(top: Json): Inspected | string {
    return inspect(top);
  }

  /** `Created` at the top; `StartedAt` / `FinishedAt` in `State`, or at the top of a State alone. */
  protected timeKeyLines(info: JsonValueInfo, c: Inspected): Map<string, number> {
    const at = valueKeyLines(info, [], TOP_TIME_KEYS);
    for (const [k, l] of valueKeyLines(info, ['State'], STATE_TIME_KEYS)) if (!at.has(k)) at.set(k, l);
    // An image has one time (Created): it is not cut.
    return c.image ? new Map() : at;
  }

  protected stepEvent(
    c: Inspected,
    step: TimeStep | undefined,
    i: number,
    events: readonly LifecycleEvent<TimeStep>[],
  ): StepEvent {
    const what = c.image ? 'image-info' : step ? WHAT[step.key] : 'container-state';
    const fields: Record<string, FieldValue> = { what };
    if (step) fields.time_source = step.key;
    if (step && !c.image) fields.lifecycle = LIFECYCLE[step.key];
    let message = `docker ${c.image ? 'image' : 'container'}${c.who ? ` ${c.who}` : ''} ${what.replace(/^(?:container|image)-/, '')}`;
    if (step) message += ` ${step.value}`;
    if (c.stateText.length > 0) message += ` (${c.stateText.join(', ')})`;
    if (typeof c.fields.image === 'string') message += ` image ${c.fields.image}`;
    // The state's severity goes to the exit, else to the last event.
    const exit = events.findIndex((p) => p.step?.key === 'FinishedAt');
    const severe = i === (exit >= 0 ? exit : events.length - 1);
    return { fields, message, severity: severe ? c.severity : undefined };
  }
}

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
  version: 2,
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
    return new DockerInspectLineParser(ctx, sink);
  },
};
