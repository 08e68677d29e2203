// `kubectl describe pod` (every layout since 2015: TAB-aligned 0.x/1.0 output, the 1.5-era
// `FirstSeen LastSeen Count From SubObjectPath Type Reason Message` events, today's
// `Type Reason Age From Message`), also pasted in parts (a container block, the Events alone).
// Reference: describe.go describePod / describeContainers / describeStatus / DescribeEvents
// (pinned in kubectl-common.ts); corpus k8s-10861 (2015), cri-o-4693, containerd-5708.
//
// Records, each one event, each recognised from its own first line (never from the section title
// above it), so a record rebuilt from its own lines reads the same (docs/parsers.md, record-local):
// - pod block: a run of top-level `Key: value` lines with their indented continuation lines
//   (Labels, Annotations, IPs, Tolerations). The one holding `Name:` is `what: 'pod'` (pod and node
//   entities, time = Start Time, exact); a later run (QoS Class, Node-Selectors, ...) is 'pod-info'.
// - block: `  <name>:` (a DNS label) with its deeper-indented lines. Container blocks (Container
//   ID / Image / State / Ready / Restart Count) are `what: 'container-state'`, time = the latest
//   exact time in the block (Finished, else Started); volume blocks (`Type:`) are 'volume'.
// - conditions: consecutive `  Ready  True` rows -> one 'pod-conditions' event.
// - Events row (+ its unindented message continuation lines) -> one 'k8s-event' per row, time
//   relative from the Age (exact for the 2015 dates).
// Section titles (`Containers:`, `Events:`, ...) and table headers / dashes are skipped as
// 'header': they carry nothing a record does not, and folding them into the next record would make
// that record's first line differ from its siblings'.
//
// The pod's context: every record after the pod block that holds `Name:` (same segment, until the
// next such block or an echoed kubectl command) carries the pod (`pod` / `namespace` / `nodeName`
// fields, pod and node entities) with `record: [that block's first line, own last line]`, so the
// store rebuilds it from the pod block on (docs/parsers.md). An Events row whose message names a
// container (`Started container api`, `Killing container with id containerd://<id>`) also gets
// that container: its name, and its id from the container block above. Without a pod block (a
// container block or the Events pasted alone) records stay line-local and name no pod.

import { bareContainerId } from '../messages/ids.ts';
import type { EntityRef, FieldValue, LogEvent, Severity } from '../model/event.ts';
import { isBlank, makeEvent } from './event-builder.ts';
import {
  ageFields,
  collapse,
  type EventLayout,
  type EventRow,
  type ExactTime,
  eventRowEvent,
  indentOf,
  isElision,
  isTableHeaderLine,
  kubectlMessageEvent,
  kubectlVerb,
  parseAge,
  parseEventRow,
  parseRfc1123,
  podId,
  RecordLineParser,
} from './kubectl-common.ts';
import type { ParseContext, Parser } from './parser-api.ts';

const DESCRIBE_LAYOUTS: ReadonlySet<EventLayout> = new Set(['describe', 'describe-legacy']);

/** What the records after a pod block know from it (and from the container blocks since). */
interface PodContext {
  /** First line of the pod block: the first line of every later record's `record`. */
  line: number;
  pod: string;
  name: string;
  namespace?: string;
  node?: string;
  /** Container blocks read since the pod block: name -> container id (when it has one). */
  containers: Map<string, string | undefined>;
}

// A container name as kubelet's event messages print it (an RFC 1123 label).
const CONTAINER_NAME = '([a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?)';
// Event messages that name one container (kuberuntime_container.go, prober, kubelet events):
// `Created container api`, `Started container api`, `Stopping container api` (1.14+)
const MSG_CONTAINER_VERB_RE = new RegExp(`^(?:Created|Started|Stopping) container ${CONTAINER_NAME}$`);
// `Container api failed liveness probe, will be restarted`, `Container api definition changed, will be restarted`
const MSG_CONTAINER_SUBJECT_RE = new RegExp(
  `^Container ${CONTAINER_NAME} (?:failed (?:liveness|readiness|startup) probe|definition changed)`,
);
// `Back-off restarting failed container api in pod api-0_shop(5f1c6d2e-...)`
const MSG_BACKOFF_RE = new RegExp(`^Back-off restarting failed container ${CONTAINER_NAME} in pod `);
// `Killing container with id containerd://4f2c...`, `Killing container with id docker://api:Need to kill Pod`
// (1.7-1.13: the id or the name after the scheme), `Killing container with docker id 5d4c3b2a19f8: Need
// to kill pod.`, `Created container with docker id 5d4c3b2a19f8` (1.5 dockertools).
const MSG_CONTAINER_ID_RE =
  /^(?:Created|Started|Killing) container with (?:docker )?id (?:[a-z-]{1,20}:\/\/)?([^\s:;]{1,253})/;

// `docker://api:Need to kill Pod`: the name kubelet printed where the id goes
const CONTAINER_NAME_RE = new RegExp(`^${CONTAINER_NAME}$`);

/** The container an Events message names: by name, or by id (full or a 12-character prefix). */
function containerInMessage(message: string): { name?: string; id?: string } | null {
  if (message.length > 4096) return null;
  const m =
    MSG_CONTAINER_VERB_RE.exec(message) ??
    MSG_CONTAINER_SUBJECT_RE.exec(message) ??
    MSG_BACKOFF_RE.exec(message);
  if (m) return { name: m[1] };
  const k = MSG_CONTAINER_ID_RE.exec(message);
  if (!k) return null;
  const id = bareContainerId(k[1]);
  if (id) return { id };
  return CONTAINER_NAME_RE.test(k[1]) ? { name: k[1] } : null;
}

// `Containers:`, `Init Containers:`, `Events:  <none>`, `Volumes:\t<none>`: section titles.
const SECTION_RE =
  /^(?:Init Containers|Containers|Ephemeral Containers|Conditions|Readiness Gates|Volumes|Events|Resource Claims):(?:[\t ]+<none>)?[\t ]*$/;
// `Name:             nginx-7854ff8877-abcde`, `Replication Controllers:\tsimmemleak (1/1 replicas created)`,
// `Reason:\t\t\t\t` (empty value), `IPs:` (children follow). Keys never hold a colon.
const TOP_KV_RE = /^([A-Z][A-Za-z0-9()/ .-]{0,40}):(?:[\t ]+(.*))?$/;
// `  nginx:`, `  kube-api-access-abcde:`: a container or volume name (an RFC 1123 label) on its own.
const BLOCK_START_RE = /^[\t ]{1,3}([a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?):[\t ]*$/;
// `    Container ID:   containerd://4f2c...`, `      memory:  128Mi`, `    Restart Count:\t5`,
// `      Started:      Mon, 29 Mar 2021 18:24:29 +0100`, `      HOME:  /root` (an env var)
const BLOCK_KV_RE = /^[\t ]+([A-Za-z_][\w()/ .-]{0,60}):(?:[\t ]+(.*))?$/;
// `  Ready             True`, `  Ready \tFalse ` (2015), `  target-health.elbv2.k8s.aws/x  True` (readiness gate)
const CONDITION_RE = /^[\t ]+(\S{1,253})[\t ]+(True|False|Unknown|<none>)[\t ]*$/;
// Table headers, whitespace collapsed: `Type Reason Age From Message`, `Type Status`,
// `FirstSeen LastSeen Count From SubobjectPath Reason Message` (2015, TABs),
// `FirstSeen LastSeen Count From SubObjectPath Type Reason Message` (1.5-era).
const TABLE_HEADER_RE =
  /^(?:Type Reason Age From Message|Type Status|FirstSeen LastSeen Count From Sub[Oo]bject[Pp]ath (?:Type )?Reason Message)$/;
// `----  ------  ----  ----  -------` under a header.
const DASHES_RE = /^-{2,}(?: -{2,})*$/;

// `Status:  Terminating (lasts 5m)` (1.13+), `Terminating (expires Mon, 06 Mar 2017 14:16:02 -0800)` (before)
const TERMINATING_RE = /^(\S+) \((lasts|expires) ([^()]{1,60})\)$/;
// A Labels line `pod-template-hash=7854ff8877`, an Annotations line `kubernetes.io/psp: eks.privileged`
const MAP_ENTRY_RE = /^([^=:\s]+)(?:=|: ?)(.*)$/;
// `Restart Count:  5`, `Priority:  0`, `Signal:  9`
const COUNT_RE = /^\d{1,15}$/;
// `Exit Code:  137` (negative on Windows: `-1073741510`)
const EXIT_CODE_RE = /^-?\d{1,10}$/;
// `Image(s):` (2015) -> `images`
const PLURAL_S_RE = /\(s\)/g;
// `IPs`, `QoS`: a key word that starts with an acronym, lower-cased whole
const ACRONYM_START_RE = /^[A-Z][a-z]?[A-Z]/;

interface Item {
  key: string;
  value: string;
  line: number;
  /** Indented lines below the key (Labels / Tolerations values, `IP:` children, env vars...). */
  children: { key?: string; value: string }[];
}

interface PodRec {
  kind: 'pod';
  line: number;
  lineEnd: number;
  items: Item[];
}

interface BlockRec {
  kind: 'block';
  line: number;
  lineEnd: number;
  name: string;
  /** Indent of the block's top keys (that of its first content line). */
  base: number;
  items: Item[];
  /** Inside a terminated state's `Message:`: it may span lines until `Exit Code:`. */
  inMessage: boolean;
}

interface CondRec {
  kind: 'cond';
  line: number;
  lineEnd: number;
  rows: [string, string][];
}

interface EventRec {
  kind: 'event';
  line: number;
  lineEnd: number;
  row: EventRow;
  cont: string[];
}

type Rec = PodRec | BlockRec | CondRec | EventRec;

function isTableHeader(text: string): boolean {
  if (text.length > 300) return false;
  const c = collapse(text);
  return TABLE_HEADER_RE.test(c) || DASHES_RE.test(c);
}

function isSection(text: string): boolean {
  return text.length <= 80 && SECTION_RE.test(text);
}

/** `Key:` with an empty value, and `Key: value`, at the left margin; null otherwise. */
function topKv(text: string): { key: string; value: string } | null {
  if (text.length > 65536) return null;
  const c = text.charCodeAt(0);
  if (c < 65 || c > 90) return null;
  const m = TOP_KV_RE.exec(text);
  // Keys are words apart by one space; a run of spaces is a table row
  // (`Warning  Failed  5m  kubelet  Error: ErrImagePull` pasted without its indent).
  if (!m || m[1].includes('  ')) return null;
  return { key: m[1], value: (m[2] ?? '').trim() };
}

function describeRow(text: string, ctx: ParseContext): EventRow | null {
  const r = parseEventRow(text, ctx, DESCRIBE_LAYOUTS);
  return 'ok' in r ? r.ok : null;
}

/** `Start Time` -> `startTime`, `Image(s)` -> `images`, `QoS Class` -> `qosClass`. */
function camel(key: string): string {
  const words = key
    .replace(PLURAL_S_RE, 's')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return words
    .map((w, i) => {
      // `IP` -> `ip`, `Host IP` -> `hostIP`, `QoS Class` -> `qosClass`.
      if (i === 0)
        return w === w.toUpperCase() || ACRONYM_START_RE.test(w)
          ? w.toLowerCase()
          : w.charAt(0).toLowerCase() + w.slice(1);
      return w.charAt(0).toUpperCase() + w.slice(1);
    })
    .join('');
}

function podEvent(ctx: ParseContext, r: PodRec): LogEvent {
  const fields: Record<string, FieldValue> = {};
  const entities: EntityRef[] = [];
  let name: string | undefined;
  let namespace: string | undefined;
  let start: ExactTime | null = null;
  for (const it of r.items) {
    const v = it.value;
    switch (it.key) {
      case 'Name':
        name = v;
        break;
      case 'Namespace':
        namespace = v;
        break;
      case 'Node': {
        // `node-1/10.0.0.5` (name/hostIP), `<none>` before scheduling.
        if (v && v !== '<none>') {
          fields.node = v;
          const slash = v.indexOf('/');
          const node = slash === -1 ? v : v.slice(0, slash);
          if (slash !== -1 && slash + 1 < v.length) fields.hostIP = v.slice(slash + 1);
          if (node) {
            fields.nodeName = node;
            entities.push({ kind: 'node', id: node });
          }
        }
        break;
      }
      case 'Start Time':
        fields.startTime = v;
        start = parseRfc1123(v, ctx);
        break;
      case 'Status': {
        // While the pod is being deleted: `Terminating (lasts 5m)`; before 1.13
        // `Terminating (expires Mon, 06 Mar 2017 14:16:02 -0800)` (the deletion deadline).
        const m = TERMINATING_RE.exec(v);
        if (m) {
          fields.status = m[1];
          if (m[2] === 'lasts') {
            fields.terminatingFor = m[3];
            ageFields(fields, 'terminating_for', parseAge(m[3]));
          } else fields.deletionDeadline = m[3];
        } else if (v) fields.status = v;
        break;
      }
      case 'Labels':
      case 'Annotations':
      case 'Node-Selectors': {
        // One `k=v` (Labels) or `k: v` (Annotations) per line; `<none>` when empty.
        const prefix =
          it.key === 'Labels' ? 'label.' : it.key === 'Annotations' ? 'annotation.' : 'nodeSelector.';
        for (const entry of [
          v,
          ...it.children.map((c) => (c.key !== undefined ? `${c.key}: ${c.value}` : c.value)),
        ]) {
          if (!entry || entry === '<none>') continue;
          const m = MAP_ENTRY_RE.exec(entry);
          if (m) fields[`${prefix}${m[1]}`] = m[2];
        }
        break;
      }
      case 'IPs':
        for (const c of it.children)
          if (c.key === 'IP' && c.value) fields.ips = fields.ips ? `${fields.ips},${c.value}` : c.value;
        break;
      case 'Tolerations': {
        const all = [v, ...it.children.map((c) => (c.key !== undefined ? `${c.key}: ${c.value}` : c.value))];
        const list = all.filter((x) => x && x !== '<none>');
        if (list.length) fields.tolerations = list.join('; ');
        break;
      }
      default: {
        if (v === '' && it.children.length === 0) break;
        const k = camel(it.key);
        if (!k) break;
        if (v !== '') fields[k] = COUNT_RE.test(v) ? Number(v) : v;
        // `Resources:` (pod-level) -> `Limits:` / `Requests:` children.
        let parent = '';
        for (const c of it.children) {
          if (c.key === undefined) continue;
          if (c.value === '') parent = camel(c.key);
          else fields[`${k}.${parent ? `${parent}.` : ''}${c.key}`] = c.value;
        }
      }
    }
  }
  let pod: string | undefined;
  if (name !== undefined) {
    pod = podId(name, namespace);
    fields.pod = pod;
    fields.name = name;
    entities.unshift({ kind: 'pod', id: pod });
  }
  if (namespace !== undefined) fields.namespace = namespace;
  const ordered: Record<string, FieldValue> = { what: name !== undefined ? 'pod' : 'pod-info', ...fields };
  const status = typeof fields.status === 'string' ? fields.status : undefined;
  const parts: string[] = [];
  if (status) parts.push(`Status: ${status}`);
  if (fields.node) parts.push(`Node: ${fields.node}`);
  if (fields.ip) parts.push(`IP: ${fields.ip}`);
  if (fields.controlledBy) parts.push(`Controlled By: ${fields.controlledBy}`);
  if (name === undefined) {
    for (const it of r.items.slice(0, 4)) parts.push(`${it.key}: ${it.value}`);
  }
  const message = `${pod !== undefined ? `pod ${pod}` : 'pod'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
  return makeEvent(ctx, {
    line: r.line,
    lineEnd: r.lineEnd,
    time: start?.micros ?? null,
    timeQuality: start ? start.quality : 'none',
    severity: podSeverity(status),
    message,
    fields: ordered,
    entities,
  });
}

function podSeverity(status: string | undefined): Severity | undefined {
  if (status === 'Failed' || status === 'Unknown') return 'warning';
  if (status === 'Terminating') return 'notice';
  return undefined;
}

const CONTAINER_KEYS = new Set(['Container ID', 'Image', 'Image ID', 'State', 'Ready', 'Restart Count']);

/** The fields of one `State:` / `Last State:` item (`prefix` '' or 'last'). */
function stateFields(
  it: Item,
  prefix: '' | 'last',
  fields: Record<string, FieldValue>,
  ctx: ParseContext,
  times: ExactTime[],
): { reason?: string; exitCode?: number } {
  // `message` would read as the event's own message: the state's is `stateMessage` / `lastStateMessage`.
  const key = (k: string) => {
    const kk = k === 'message' ? 'stateMessage' : k;
    return prefix ? `last${kk.charAt(0).toUpperCase()}${kk.slice(1)}` : kk;
  };
  fields[key('state')] = it.value;
  const out: { reason?: string; exitCode?: number } = {};
  let msg: string[] | null = null;
  for (const c of it.children) {
    if (msg && c.key !== 'Exit Code') {
      msg.push(c.key !== undefined ? `${c.key}: ${c.value}` : c.value);
      continue;
    }
    switch (c.key) {
      case 'Reason':
        fields[key('reason')] = c.value;
        out.reason = c.value;
        break;
      case 'Message':
        msg = [c.value];
        break;
      case 'Exit Code':
        if (msg) fields[key('message')] = msg.join('\n');
        msg = null;
        if (EXIT_CODE_RE.test(c.value)) {
          fields[key('exitCode')] = Number(c.value);
          out.exitCode = Number(c.value);
        }
        break;
      case 'Signal':
        if (COUNT_RE.test(c.value)) fields[key('signal')] = Number(c.value);
        break;
      case 'Started':
      case 'Finished': {
        const k = key(c.key === 'Started' ? 'started' : 'finished');
        fields[k] = c.value;
        const t = parseRfc1123(c.value, ctx);
        if (t) times.push(t);
        break;
      }
    }
  }
  if (msg) fields[key('message')] = msg.join('\n');
  return out;
}

function blockEvent(ctx: ParseContext, r: BlockRec): LogEvent {
  const keys = new Set(r.items.map((i) => i.key));
  const isContainer = [...keys].some((k) => CONTAINER_KEYS.has(k));
  if (!isContainer) return otherBlockEvent(ctx, r, keys.has('Type'));
  const fields: Record<string, FieldValue> = { what: 'container-state', container: r.name };
  const entities: EntityRef[] = [];
  const times: ExactTime[] = [];
  let state: { reason?: string; exitCode?: number } = {};
  let last: { reason?: string; exitCode?: number } | null = null;
  let stateWord: string | undefined;
  let lastWord: string | undefined;
  let ready: boolean | undefined;
  let restarts: number | undefined;
  const limits: string[] = [];
  for (const it of r.items) {
    const v = it.value;
    switch (it.key) {
      case 'Container ID': {
        if (!v) break;
        fields.containerIdRaw = v;
        const scheme = v.indexOf('://');
        if (scheme > 0) fields.runtime = v.slice(0, scheme);
        const id = bareContainerId(v);
        if (id) {
          fields.containerId = id;
          entities.push({ kind: 'container', id });
        }
        break;
      }
      case 'Image':
      case 'Image(s)':
        if (v) {
          fields.image = v;
          entities.push({ kind: 'image', id: v });
        }
        break;
      case 'Image ID':
        if (v) fields.imageId = v;
        break;
      case 'State':
        stateWord = v;
        state = stateFields(it, '', fields, ctx, times);
        break;
      case 'Last State':
        lastWord = v;
        last = stateFields(it, 'last', fields, ctx, times);
        break;
      case 'Ready':
        if (v === 'True' || v === 'False') fields.ready = ready = v === 'True';
        break;
      case 'Restart Count':
        if (COUNT_RE.test(v)) fields.restartCount = restarts = Number(v);
        break;
      case 'Limits':
      case 'Requests': {
        const p = it.key.toLowerCase();
        for (const c of it.children) {
          if (c.key === undefined) continue;
          fields[`${p}.${c.key}`] = c.value;
          if (p === 'limits') limits.push(`${c.key}: ${c.value}`);
        }
        break;
      }
      case 'Port':
      case 'Ports':
      case 'Host Port':
      case 'Host Ports':
      case 'Liveness':
      case 'Readiness':
      case 'Startup':
        if (v && v !== '<none>') fields[camel(it.key)] = v;
        break;
      case 'Command':
      case 'Args': {
        const words = it.children.map((c) => (c.key !== undefined ? `${c.key}: ${c.value}` : c.value));
        if (words.length) fields[camel(it.key)] = words.join(' ');
        break;
      }
    }
  }
  let latest: ExactTime | null = null;
  for (const t of times) if (!latest || t.micros > latest.micros) latest = t;
  const parts: string[] = [];
  if (stateWord !== undefined) parts.push(`State: ${stateWord}${detail(state)}`);
  if (lastWord !== undefined && last) parts.push(`Last State: ${lastWord}${detail(last)}`);
  if (ready !== undefined) parts.push(`Ready: ${ready ? 'True' : 'False'}`);
  if (restarts !== undefined) parts.push(`Restart Count: ${restarts}`);
  if (limits.length) parts.push(`Limits: ${limits.join(', ')}`);
  const id = typeof fields.containerId === 'string' ? ` ${fields.containerId.slice(0, 13)}` : '';
  return makeEvent(ctx, {
    line: r.line,
    lineEnd: r.lineEnd,
    time: latest?.micros ?? null,
    timeQuality: latest ? latest.quality : 'none',
    severity: containerSeverity(stateWord, state, last),
    message: `container ${r.name}${id}${parts.length ? `: ${parts.join(', ')}` : ''}`,
    fields,
    entities,
  });
}

/** ` (OOMKilled, Exit Code: 137)` */
function detail(s: { reason?: string; exitCode?: number }): string {
  const d = [s.reason, s.exitCode !== undefined ? `Exit Code: ${s.exitCode}` : undefined].filter((x) => x);
  return d.length ? ` (${d.join(', ')})` : '';
}

// Waiting reasons of a container that is simply starting.
const BENIGN_WAITING = new Set(['ContainerCreating', 'PodInitializing']);

function containerSeverity(
  state: string | undefined,
  s: { reason?: string; exitCode?: number },
  last: { reason?: string; exitCode?: number } | null,
): Severity | undefined {
  if (state === 'Waiting' && s.reason && !BENIGN_WAITING.has(s.reason)) return 'warning';
  if (state === 'Terminated' && ((s.exitCode !== undefined && s.exitCode !== 0) || s.reason === 'OOMKilled'))
    return 'warning';
  if (last && ((last.exitCode !== undefined && last.exitCode !== 0) || last.reason === 'OOMKilled'))
    return 'notice';
  return undefined;
}

function otherBlockEvent(ctx: ParseContext, r: BlockRec, volume: boolean): LogEvent {
  const fields: Record<string, FieldValue> = { what: volume ? 'volume' : 'describe-block', name: r.name };
  for (const it of r.items) {
    const k = camel(it.key);
    if (k && it.value) fields[k] = it.value;
  }
  const type = typeof fields.type === 'string' ? fields.type.split(' ')[0] : undefined;
  if (type) fields.volumeType = type;
  return makeEvent(ctx, {
    line: r.line,
    lineEnd: r.lineEnd,
    message: volume ? `volume ${r.name}${type ? `: ${type}` : ''}` : `${r.name}`,
    fields,
  });
}

function condEvent(ctx: ParseContext, r: CondRec): LogEvent {
  const fields: Record<string, FieldValue> = { what: 'pod-conditions' };
  for (const [type, status] of r.rows) {
    fields[`condition.${type}`] = status === 'True' ? true : status === 'False' ? false : status;
  }
  return makeEvent(ctx, {
    line: r.line,
    lineEnd: r.lineEnd,
    message: `conditions: ${r.rows.map(([t, s]) => `${t}=${s}`).join(', ')}`,
    fields,
  });
}

class DescribePodLineParser extends RecordLineParser<Rec> {
  /** The pod block above, while its context lasts. */
  private pod: PodContext | null = null;

  protected override read(text: string, line: number): void {
    if (this.rec) {
      // A termination message may hold blank lines (a Go panic): it runs until `Exit Code:`.
      const inMessage = this.rec.kind === 'block' && this.rec.inMessage;
      if ((inMessage || !isBlank(text)) && this.joins(this.rec, text, line)) {
        this.rec.lineEnd = line;
        return;
      }
      this.flush();
    }
    this.fresh(text, line);
  }

  /** Whether `text` continues the open record (and, if so, adds it). */
  private joins(r: Rec, text: string, line: number): boolean {
    const ind = indentOf(text);
    switch (r.kind) {
      case 'pod': {
        if (ind === 0) {
          if (isSection(text) || kubectlMessageEvent(this.ctx, text, line)) return false;
          const kv = topKv(text);
          if (!kv || kv.key === 'Name') return false;
          r.items.push({ key: kv.key, value: kv.value, line, children: [] });
          return true;
        }
        if (BLOCK_START_RE.test(text) || CONDITION_RE.test(text) || isTableHeader(text)) return false;
        if (describeRow(text, this.ctx)) return false;
        const last = r.items[r.items.length - 1];
        const kv = BLOCK_KV_RE.exec(text);
        last.children.push(kv ? { key: kv[1], value: (kv[2] ?? '').trim() } : { value: text.trim() });
        return true;
      }
      case 'block': {
        if (r.inMessage) {
          if (isSection(text) || BLOCK_START_RE.test(text) || topKv(text)?.key === 'Name') return false;
        } else if (ind < 3) return false;
        this.blockLine(r, text, ind);
        return true;
      }
      case 'cond': {
        const m = CONDITION_RE.exec(text);
        if (!m) return false;
        r.rows.push([m[1], m[2]]);
        return true;
      }
      case 'event': {
        // Events come last in a describe: an unindented line that is none of these is the
        // message going on after a newline (`: exit status 1: unknown`).
        if (isSection(text) || isTableHeader(text) || BLOCK_START_RE.test(text) || CONDITION_RE.test(text))
          return false;
        if (kubectlVerb(text) || isElision(text) || isTableHeaderLine(text) || topKv(text)?.key === 'Name')
          return false;
        if (describeRow(text, this.ctx)) return false;
        r.cont.push(text.trimEnd());
        return true;
      }
    }
  }

  private blockLine(r: BlockRec, text: string, ind: number): void {
    const kv = BLOCK_KV_RE.exec(text);
    if (r.base < 0) r.base = ind;
    const last = r.items[r.items.length - 1];
    if (r.inMessage) {
      // A termination message runs until `Exit Code:` (describeStatus prints it next).
      if (kv && kv[1] === 'Exit Code') r.inMessage = false;
      last.children.push(kv ? { key: kv[1], value: (kv[2] ?? '').trim() } : { value: text.trim() });
      return;
    }
    if (ind <= r.base || !last) {
      r.items.push({
        key: kv ? kv[1] : text.trim(),
        value: kv ? (kv[2] ?? '').trim() : '',
        line: 0,
        children: [],
      });
      return;
    }
    if (kv && kv[1] === 'Message' && (last.key === 'State' || last.key === 'Last State')) r.inMessage = true;
    last.children.push(kv ? { key: kv[1], value: (kv[2] ?? '').trim() } : { value: text.trim() });
  }

  private fresh(text: string, line: number): void {
    if (isBlank(text)) {
      this.sink.skipped(line, 'blank');
      return;
    }
    if (kubectlVerb(text)) {
      // Another command: what follows is another output, of another pod.
      this.pod = null;
      this.sink.skipped(line, 'prompt');
      return;
    }
    if (isElision(text)) {
      this.sink.skipped(line, 'comment');
      return;
    }
    const msg = kubectlMessageEvent(this.ctx, text, line);
    if (msg) {
      this.sink.event(msg);
      return;
    }
    const ind = indentOf(text);
    if (ind === 0) {
      if (isSection(text)) {
        this.sink.skipped(line, 'header');
        return;
      }
      const kv = topKv(text);
      if (kv) {
        this.rec = {
          kind: 'pod',
          line,
          lineEnd: line,
          items: [{ key: kv.key, value: kv.value, line, children: [] }],
        };
        return;
      }
    }
    if (isTableHeader(text)) {
      this.sink.skipped(line, 'header');
      return;
    }
    const b = BLOCK_START_RE.exec(text);
    if (b) {
      this.rec = { kind: 'block', line, lineEnd: line, name: b[1], base: -1, items: [], inMessage: false };
      return;
    }
    const row = describeRow(text, this.ctx);
    if (row) {
      this.rec = { kind: 'event', line, lineEnd: line, row, cont: [] };
      return;
    }
    const c = ind > 0 ? CONDITION_RE.exec(text) : null;
    if (c) {
      this.rec = { kind: 'cond', line, lineEnd: line, rows: [[c[1], c[2]]] };
      return;
    }
    this.sink.unparsed(line, 'not a line of kubectl describe pod output');
  }

  protected override flush(): void {
    const r = this.rec;
    this.rec = null;
    if (!r) return;
    switch (r.kind) {
      case 'pod': {
        const e = podEvent(this.ctx, r);
        if (e.fields.what === 'pod') this.pod = podContext(e);
        else this.withPod(e);
        this.sink.event(e);
        break;
      }
      case 'block': {
        const e = blockEvent(this.ctx, r);
        if (this.pod && e.fields.what === 'container-state') {
          const id = e.fields.containerId;
          this.pod.containers.set(r.name, typeof id === 'string' ? id : undefined);
        }
        this.sink.event(this.withPod(e));
        break;
      }
      case 'cond':
        this.sink.event(this.withPod(condEvent(this.ctx, r)));
        break;
      case 'event': {
        const e = eventRowEvent(this.ctx, r.line, r.lineEnd, r.row, r.cont);
        this.containerOf(e);
        this.sink.event(this.withPod(e));
        break;
      }
    }
  }

  /** Gives an event the pod of the pod block above, and the record that reaches back to it. */
  private withPod(e: LogEvent): LogEvent {
    const c = this.pod;
    if (!c) return e;
    e.record = [c.line, e.lineEnd];
    if (!('pod' in e.fields)) e.fields.pod = c.pod;
    if (c.namespace !== undefined && !('namespace' in e.fields)) e.fields.namespace = c.namespace;
    if (c.node !== undefined && !('nodeName' in e.fields)) e.fields.nodeName = c.node;
    // The scheduler's `Successfully assigned api-0 to node-1` (before 1.12) names the pod without
    // its namespace: the same pod, one entity.
    const bare = e.entities.findIndex((x) => x.kind === 'pod' && x.id === c.name);
    if (bare >= 0 && c.pod !== c.name) e.entities.splice(bare, 1);
    const add = (kind: EntityRef['kind'], id: string) => {
      if (!e.entities.some((x) => x.kind === kind && x.id === id)) e.entities.push({ kind, id });
    };
    add('pod', c.pod);
    if (c.node !== undefined) add('node', c.node);
    return e;
  }

  /**
   * The container an Events row is about: the one its message names (or its SubObjectPath did),
   * with the id of its container block above when the pod's context holds it.
   */
  private containerOf(e: LogEvent): void {
    const found = containerInMessage(typeof e.fields.message === 'string' ? e.fields.message : '');
    let name = typeof e.fields.container === 'string' ? e.fields.container : found?.name;
    let id = found?.id;
    const known = this.pod?.containers;
    if (known && id !== undefined) {
      const printed = id;
      for (const [n, full] of known) {
        if (full?.startsWith(printed)) {
          name ??= n;
          id = full;
          break;
        }
      }
    } else if (known && name !== undefined) {
      id = known.get(name);
    }
    if (name !== undefined && !('container' in e.fields)) e.fields.container = name;
    if (id === undefined) return;
    e.fields.containerId = id;
    if (!e.entities.some((x) => x.kind === 'container' && x.id === id))
      e.entities.push({ kind: 'container', id });
  }
}

/** The context a pod block (`what: 'pod'`) gives the records after it. */
function podContext(e: LogEvent): PodContext {
  const f = e.fields;
  const c: PodContext = {
    line: e.line,
    pod: String(f.pod),
    name: String(f.name),
    containers: new Map(),
  };
  if (typeof f.namespace === 'string') c.namespace = f.namespace;
  if (typeof f.nodeName === 'string') c.node = f.nodeName;
  return c;
}

// Detection signals, each from one line. Keys only a pod's describe prints at the top level
// (`Name:`, `Namespace:`, `Labels:` are also in `crictl ps -v` blocks, so they do not count).
const DESCRIBE_KEYS = new Set([
  'Node',
  'Start Time',
  'Status',
  'IP',
  'IPs',
  'Controlled By',
  'QoS Class',
  'Priority',
  'Service Account',
  'Image(s)',
  'Node-Selectors',
  'Tolerations',
]);
// Top-level keys of neighbouring `Key: value` outputs (crictl ps -v / inspect -o table / pods -v).
const FOREIGN_KEYS = new Set(['ID', 'PodID', 'Attempt', 'Created', 'Runtime', 'RuntimeHandler', 'Exit Code']);
const CONTAINER_LINE_RE = /^[\t ]{3,}(Container ID|Image ID|Restart Count|Last State|State|Ready):/;

export const kubectlDescribePodParser: Parser = {
  id: 'kubectl-describe-pod',
  title: 'kubectl describe pod',
  version: 1,
  samples: [
    // Today's layout (describe.go describePod), an OOM-killed container in back-off.
    [
      'Name:             api-0',
      'Namespace:        shop',
      'Priority:         0',
      'Service Account:  default',
      'Node:             node-1/10.0.0.5',
      'Start Time:       Tue, 25 Nov 2025 10:00:00 +0000',
      'Labels:           app=api',
      '                  pod-template-hash=7854ff8877',
      'Annotations:      <none>',
      'Status:           Running',
      'IP:               10.244.1.5',
      'IPs:',
      '  IP:           10.244.1.5',
      'Controlled By:  StatefulSet/api',
      'Containers:',
      '  api:',
      '    Container ID:   containerd://4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6',
      '    Image:          registry.example/api:1.4.2',
      '    Image ID:       registry.example/api@sha256:0d3c6f1b2a4e5d6c7b8a9f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d0c',
      '    Port:           8080/TCP',
      '    Host Port:      0/TCP',
      '    State:          Waiting',
      '      Reason:       CrashLoopBackOff',
      '    Last State:     Terminated',
      '      Reason:       OOMKilled',
      '      Exit Code:    137',
      '      Started:      Tue, 25 Nov 2025 10:04:10 +0000',
      '      Finished:     Tue, 25 Nov 2025 10:05:02 +0000',
      '    Ready:          False',
      '    Restart Count:  3',
      '    Limits:',
      '      memory:  256Mi',
      '    Requests:',
      '      cpu:        100m',
      '      memory:     128Mi',
      '    Environment:  <none>',
      '    Mounts:',
      '      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-7xq2p (ro)',
      'Conditions:',
      '  Type              Status',
      '  Initialized       True ',
      '  Ready             False ',
      '  ContainersReady   False ',
      '  PodScheduled      True ',
      'Volumes:',
      '  kube-api-access-7xq2p:',
      '    Type:                    Projected (a volume that contains injected data from multiple sources)',
      '    TokenExpirationSeconds:  3607',
      'QoS Class:                   Burstable',
      'Node-Selectors:              <none>',
      'Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
      '                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
      'Events:',
      '  Type     Reason     Age                From               Message',
      '  ----     ------     ----               ----               -------',
      '  Normal   Scheduled  6m                 default-scheduler  Successfully assigned shop/api-0 to node-1',
      '  Warning  BackOff    2m (x3 over 4m)    kubelet            Back-off restarting failed container api in pod api-0_shop(5f1c6d2e-9b1a-4c3e-8d7f-0a1b2c3d4e5f)',
      '',
    ].join('\n'),
    // 2015 TAB-aligned layout (corpus k8s-10861)
    [
      'Name:\t\t\t\tsimmemleak-hra99',
      'Namespace:\t\t\tdefault',
      'Image(s):\t\t\texample/simmemleak',
      'Node:\t\t\t\tkubernetes-minion-w3jc/10.175.109.53',
      'Status:\t\t\t\tRunning',
      'Containers:',
      '  simmemleak:',
      '    Image:\texample/simmemleak',
      '    State:\t\tRunning',
      '      Started:\t\tTue, 07 Jul 2015 12:54:41 -0700',
      '    Ready:\t\tFalse',
      '    Restart Count:\t5',
      'Events:',
      '  FirstSeen\t\t\t\tLastSeen\t\t\tCount\tFrom\t\t\t\t\tSubobjectPath\t\t\t\tReason\t\tMessage',
      '  Tue, 07 Jul 2015 12:53:51 -0700\tTue, 07 Jul 2015 12:53:51 -0700\t1\t{scheduler }\t\t\t\t\t\tscheduled\tSuccessfully assigned simmemleak-hra99 to kubernetes-minion-w3jc',
      '',
    ].join('\n'),
  ],

  detect(head, _fileName, command) {
    let keys = 0;
    let name = false;
    let containerLines = 0;
    let blockStart = false;
    let sections = 0;
    let eventsHeader = false;
    let rows = 0;
    let echo = command !== undefined && kubectlVerb(command) === 'describe';
    let other = 0;
    let foreign = false;
    for (const t of head) {
      if (kubectlVerb(t) === 'describe') echo = true;
      else if (isSection(t)) sections++;
      else if (CONTAINER_LINE_RE.test(t)) containerLines++;
      else if (BLOCK_START_RE.test(t)) blockStart = true;
      else if (isTableHeader(t)) eventsHeader = true;
      else {
        const kv = topKv(t);
        if (kv?.key === 'Name') name = true;
        else if (kv && DESCRIBE_KEYS.has(kv.key)) keys++;
        else if (kv && FOREIGN_KEYS.has(kv.key)) foreign = true;
        else if (describeRowShape(t)) rows++;
        else if (!kv && !isElision(t) && indentOf(t) === 0) other++;
      }
    }
    if (foreign) return 0;
    if (name && keys >= 2) return 0.95;
    if (blockStart && containerLines >= 2) return echo ? 0.95 : 0.9;
    if (sections > 0 && (eventsHeader || containerLines > 0) && other <= rows + keys + containerLines) {
      return echo ? 0.95 : 0.85;
    }
    if (echo && (keys >= 2 || containerLines >= 2 || rows > 0)) return 0.8;
    return 0;
  },

  create(ctx, sink) {
    return new DescribePodLineParser(ctx, sink);
  },
};

/** An Events row of a describe, for detection (no context needed: ages only, no dates' zones). */
function describeRowShape(t: string): boolean {
  const r = parseEventRow(t, { utcOffsetMinutes: 0 }, DESCRIBE_LAYOUTS);
  return 'ok' in r;
}
