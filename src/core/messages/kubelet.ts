// Second pass over messages written by kubelet (and any other klog user: kube-proxy, k3s and
// rke2, which run the kubelet in-process): FORMATS.md 6.3. The klog header grammar and the body
// reader are shared with the bare-log parser (src/core/parsers/klog.ts).
//
// Three shapes of the same message:
//   header + structured: `E0413 10:53:52.844381    3263 kubelet.go:2055] "Skipping pod synchronization" err="PLEG is not healthy: ..."`
//   header + printf:     `E1008 16:23:14.139967    1636 kubelet.go:1846] skipping pod synchronization - PLEG is not healthy: ...`
//   JSON logging:        `{"ts":1753121332057.047,"caller":"kuberuntime/kuberuntime_manager.go:269","msg":"Container runtime initialized","v":0,...}`
// `what` names what a known message says ('killing-container', 'pleg-unhealthy', 'oom-killed',
// 'eviction', 'probe-failed', 'back-off-restart', 'image-gc-failed', ...); see kubeletWhat.
import type { FieldValue } from '../model/event.ts';
import { errorKindOf } from './containerd.ts';
import { addContainerEntity, normalizePodUid, POD_UID_RE } from './ids.ts';
import { isKeyChar, type LogfmtPair, parseLogfmt, readQuoted } from './logfmt.ts';
import { addEntity, intOf, type Reading, setField } from './reading.ts';

export type KlogSeverity = 'I' | 'W' | 'E' | 'F';

/** The klog header, read (`Lmmdd hh:mm:ss.uuuuuu threadid file:line] `). */
export interface KlogHeader {
  severity: KlogSeverity;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micros: number;
  /** The number klog prints after the time (`buffer.go` FormatHeader); see klog.ts on its name. */
  tid: number;
  /** `kubelet.go:2055` */
  source: string;
  /** Where the message starts (the header's length from `from`, or the end for an empty message). */
  body: number;
}

export const KLOG_LEVEL: Record<KlogSeverity, string> = { I: 'info', W: 'warning', E: 'error', F: 'fatal' };

function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k) - 48;
    if (!(c >= 0 && c <= 9)) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * The klog header at `from`, or null. Grammar (klog internal/buffer/buffer.go FormatHeader;
 * FORMATS.md 6.3), read by char codes:
 *   `^([IWEF])(\d\d)(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{6}) +(\d+) ([^ :\]]+):(\d+)\](?: |$)`
 *   `I1126 10:00:02.001122    1307 kuberuntime_container.go:809] "Killing container with a grace period" ...`
 */
export function parseKlogHeader(s: string, from = 0): KlogHeader | null {
  const c = s.charCodeAt(from);
  if (c !== 73 && c !== 87 && c !== 69 && c !== 70) return null;
  const month = digits(s, from + 1, 2);
  const day = digits(s, from + 3, 2);
  if (month < 1 || month > 12 || day < 1 || day > 31 || s.charCodeAt(from + 5) !== 32) return null;
  const hour = digits(s, from + 6, 2);
  const minute = digits(s, from + 9, 2);
  const second = digits(s, from + 12, 2);
  const micros = digits(s, from + 15, 6);
  if (
    hour < 0 ||
    minute < 0 ||
    second < 0 ||
    micros < 0 ||
    s.charCodeAt(from + 8) !== 58 ||
    s.charCodeAt(from + 11) !== 58 ||
    s.charCodeAt(from + 14) !== 46 ||
    s.charCodeAt(from + 21) !== 32
  )
    return null;
  let i = from + 21;
  while (s.charCodeAt(i) === 32) i++;
  const t0 = i;
  while (i - t0 < 11 && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (i === t0 || s.charCodeAt(i) !== 32) return null;
  const tid = Number(s.slice(t0, i));
  i++;
  const f0 = i;
  const n = s.length;
  // `file.go` up to `:` (no blank, no `]`), then `:<line>]`.
  while (i < n && i - f0 < 256) {
    const ch = s.charCodeAt(i);
    if (ch === 58 || ch === 32 || ch === 93) break;
    i++;
  }
  if (i === f0 || s.charCodeAt(i) !== 58) return null;
  i++;
  const l0 = i;
  while (i - l0 < 9 && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (i === l0 || s.charCodeAt(i) !== 93) return null;
  const source = s.slice(f0, i);
  i++;
  if (i < n && s.charCodeAt(i) !== 32) return null;
  return {
    severity: String.fromCharCode(c) as KlogSeverity,
    month,
    day,
    hour,
    minute,
    second,
    micros,
    tid,
    source,
    body: i < n ? i + 1 : n,
  };
}

/** `1126 10:00:01.512345`: the header's time as printed (no year, no zone), for a field. */
function stampOf(s: string, from: number): string {
  return s.slice(from + 1, from + 21);
}

export interface KlogBody {
  /** The message: the structured message unquoted, or the printf text. */
  message: string;
  structured: boolean;
  pairs: LogfmtPair[];
  /** A klog `key=<` multi-line value (or a quoted one) is still open at the end. */
  open: boolean;
}

/** The message part after the header: `"msg" key=value ...` (structured) or printf text. */
export function readKlogBody(s: string, from: number, end = s.length): KlogBody {
  if (s.charCodeAt(from) === 34 /* " */) {
    const q = readQuoted(s, from + 1, end, true);
    if (q.closed && (q.next >= end || s.charCodeAt(q.next) === 32 || s.charCodeAt(q.next) === 10)) {
      const scan = parseLogfmt(s, q.next, end, 48);
      return { message: q.value, structured: true, pairs: scan.pairs, open: scan.open };
    }
  }
  return { message: s.slice(from, end), structured: false, pairs: [], open: false };
}

/**
 * Reads one kubelet message into typed fields and entities; false when it is not one of
 * kubelet's: a klog line, a kubelet JSON line, or one of the few unstructured texts known from
 * kubelet without a header (legacy `Killing container "docker://..." with 30 second grace period`,
 * `PLEG is not healthy: ...`). Foreign text is rejected after a few char-code checks.
 */
export function readKubelet(message: string, r: Reading): boolean {
  const c = message.charCodeAt(0);
  if (c === 73 || c === 87 || c === 69 || c === 70) {
    const h = parseKlogHeader(message, 0);
    if (h) {
      readKlogLine(message, 0, h, r, true);
      return true;
    }
  }
  if (c === 123 /* { */) {
    const o = parseKlogJson(message, 0);
    if (o) {
      readKlogJson(o, r, true);
      return true;
    }
    return false;
  }
  if (!isLegacyKubeletText(message)) return false;
  readBodyFields(readKlogBody(message, 0), message, r, false);
  return true;
}

// Unstructured kubelet texts recognisable without a klog header (FORMATS.md 6.3 table):
// `Killing container "docker://<id>" with 30 second grace period`, `PLEG is not healthy: ...`,
// `skipping pod synchronization - [PLEG is not healthy: ...]`, `eviction manager: ...`.
function isLegacyKubeletText(m: string): boolean {
  return (
    m.startsWith('Killing container "') ||
    m.includes('PLEG is not healthy') ||
    m.startsWith('eviction manager: ') ||
    m.startsWith('Evicting pod ')
  );
}

/**
 * Fields of a klog line whose header is `h` (at `from`): level, source, tid, the klog time (it
 * may differ from the envelope's by minutes, FORMATS.md 6.3) and the body. `whole`: the event's
 * message is the whole line (a journal entry), so the structured message is kept as `msg`.
 */
export function readKlogLine(s: string, from: number, h: KlogHeader, r: Reading, whole: boolean): KlogBody {
  setField(r, 'level', KLOG_LEVEL[h.severity]);
  setField(r, 'source', h.source);
  setField(r, 'tid', h.tid);
  if (whole) setField(r, 'klogTime', stampOf(s, from));
  const body = readKlogBody(s, h.body);
  readBodyFields(body, s.slice(h.body), r, whole);
  return body;
}

/** The pairs, the `what` and the ids named anywhere in the body text. */
function readBodyFields(body: KlogBody, text: string, r: Reading, whole: boolean): void {
  if (whole && body.structured) setField(r, 'msg', body.message);
  const n = Math.min(body.pairs.length, 40);
  for (let i = 0; i < n; i++) {
    const p = body.pairs[i];
    // `output=<` at the end of a journal entry: the value's lines are the next entries.
    if (!p.quoted && p.value === '<') continue;
    readKlogPair(p.key, p.value, typedValue(p), r, body.pairs);
  }
  const err = typeof r.fields.err === 'string' ? r.fields.err : undefined;
  classify(body.message, err, body.structured, r);
  idsInText(text, r);
}

const STRING_KEYS = new Set(['podUID', 'podID', 'containerID', 'uid', 'ID']);

function typedValue(p: LogfmtPair): FieldValue {
  if (p.quoted || STRING_KEYS.has(p.key)) return p.value;
  const n = intOf(p.value);
  if (n !== undefined) return n;
  if (p.value === 'true') return true;
  if (p.value === 'false') return false;
  return p.value;
}

// Keys the reader sets itself.
const RESERVED = new Set(['msg', 'what', 'writer', 'level', 'source', 'tid', 'klogTime', 'errorKind']);

/** One structured key: the field, and the entity it names. */
function readKlogPair(
  key: string,
  value: string,
  typed: FieldValue,
  r: Reading,
  pairs: readonly LogfmtPair[] | null,
): void {
  if (RESERVED.has(key)) return;
  switch (key) {
    case 'pod':
      // `pod="default/api-0"` (klog.KObj)
      setField(r, 'pod', value);
      if (value && value !== '/') addEntity(r, 'pod', value);
      return;
    case 'pods':
      // `pods=["kube-system/etcd-minikube","default/api-0"]` (eviction manager)
      setField(r, key, value);
      for (const p of jsonStrings(value)) addEntity(r, 'pod', p);
      return;
    case 'podUID':
    case 'podUid':
    case 'podID':
    case 'uid':
      setField(r, key, normalizePodUid(value));
      if (POD_UID_RE.test(normalizePodUid(value))) addEntity(r, 'pod', normalizePodUid(value));
      return;
    case 'containerID':
    case 'containerId':
      setField(r, key, value);
      // `containerID="containerd://4f2c..."` or, in newer kubelets, `containerID={"Type":"containerd","ID":"4f2c..."}`
      addContainerEntity(r, value.startsWith('{') ? jsonField(value, 'ID') : value);
      return;
    case 'podSandboxID':
    case 'sandboxID':
      setField(r, key, value);
      addContainerEntity(r, value, 'sandbox');
      return;
    case 'event':
      setField(r, key, value);
      readPlegEvent(value, r);
      return;
    case 'object': {
      setField(r, key, value);
      // `"Event occurred" object="default/api-0" ... kind="Pod"`
      let kind: string | undefined;
      if (pairs) for (const p of pairs) if (p.key === 'kind') kind = p.value;
      if (kind === 'Pod' && value.includes('/')) addEntity(r, 'pod', value);
      return;
    }
    default:
      setField(r, key, typed);
  }
}

/** The strings of a JSON array value (`["a","b"]`), or none. */
function jsonStrings(v: string): string[] {
  if (!v.startsWith('[')) return [];
  try {
    const a: unknown = JSON.parse(v);
    return Array.isArray(a)
      ? a.filter((x): x is string => typeof x === 'string' && x.length > 0).slice(0, 32)
      : [];
  } catch {
    return [];
  }
}

/** `"ID":"<value>"` of a JSON text, or `ID:<value>` of a Go `%+v` struct. */
function jsonField(v: string, name: string): string | undefined {
  const q = v.indexOf(`"${name}":"`);
  if (q !== -1) {
    const start = q + name.length + 4;
    const end = v.indexOf('"', start);
    return end === -1 ? undefined : v.slice(start, end);
  }
  const p = v.indexOf(`${name}:`);
  if (p === -1 || (p > 0 && isKeyChar(v.charCodeAt(p - 1)))) return undefined;
  let i = p + name.length + 1;
  const start = i;
  while (i < v.length && v.charCodeAt(i) !== 32 && v.charCodeAt(i) !== 125) i++;
  return i > start ? v.slice(start, i) : undefined;
}

/**
 * A PLEG event, JSON (`{"ID":"<pod uid>","Type":"ContainerDied","Data":"<container id>"}`, klog
 * >= v2.100) or `%+v` (`&{ID:<pod uid> Type:ContainerDied Data:<container id>}`).
 */
function readPlegEvent(v: string, r: Reading): void {
  const type = jsonField(v, 'Type');
  if (type) setField(r, 'plegEvent', type);
  const uid = jsonField(v, 'ID');
  if (uid && POD_UID_RE.test(uid)) addEntity(r, 'pod', uid);
  const data = jsonField(v, 'Data');
  // `Data:4f2c9b7e...` (the container id for Container* types; other types carry other data)
  if (data && /^[0-9a-f]{64}$/.test(data)) addContainerEntity(r, data);
}

// ---------------------------------------------------------------------------------------------
// What the message says

// Structured messages (InfoS/ErrorS texts in pkg/kubelet, as indexed for FORMATS.md 6.3).
const BY_MSG: Record<string, string> = {
  'Killing container with a grace period': 'killing-container',
  'SyncLoop (PLEG): event for pod': 'pleg-event',
  'Generic (PLEG): container finished': 'container-finished',
  'Probe failed': 'probe-failed',
  'Evicting pod': 'eviction',
  'Pod sandbox changed, it will be killed and re-created': 'sandbox-changed',
};

// `"Event occurred" ... reason="Killing"`: the Kubernetes event reasons worth a `what`.
const BY_REASON: Record<string, string> = {
  Killing: 'killing-container',
  BackOff: 'back-off-restart',
  Evicted: 'eviction',
  Unhealthy: 'probe-failed',
  OOMKilled: 'oom-killed',
  OOMKilling: 'oom-killed',
  SystemOOM: 'oom-killed',
  SandboxChanged: 'sandbox-changed',
  ImageGCFailed: 'image-gc-failed',
  FreeDiskSpaceFailed: 'image-gc-failed',
  EvictionThresholdMet: 'eviction',
};

function classify(message: string, err: string | undefined, structured: boolean, r: Reading): void {
  let text = err ? `${message}\n${err}` : message;
  // `"Event occurred" ... message="System OOM encountered, victim process: java, pid: 41235"`
  if (structured && message === 'Event occurred' && typeof r.fields.message === 'string')
    text = `${text}\n${r.fields.message}`;
  let what: string | undefined = structured ? BY_MSG[message] : undefined;
  if (!what && structured && message === 'Event occurred' && typeof r.fields.reason === 'string')
    what = BY_REASON[r.fields.reason];
  if (!what && r.fields.reason === 'OOMKilled') what = 'oom-killed';
  if (!what) what = whatOfText(text, message, r);
  if (what === 'pleg-unhealthy' || text.includes('PLEG is not healthy')) readPleg(text, r);
  if (what === 'killing-container' && !structured) readLegacyKill(message, r);
  if (what === 'back-off-restart') readBackOff(text, r);
  if (what === 'eviction') {
    // `eviction manager: must evict pod(s) to reclaim ephemeral-storage`
    const at = text.indexOf('reclaim ');
    if (at !== -1) setField(r, 'resource', wordAt(text, at + 8));
  }
  if (!structured && message.startsWith('Error syncing pod ')) readSyncError(message, r);
  if (what === 'oom-killed') readOomVictim(text, r);
  const kind = errorKindOf(text);
  setField(r, 'errorKind', kind);
  if (!what && (kind === 'deadline-exceeded' || kind === 'too-many-open-files' || kind === 'runc-error'))
    what = kind;
  setField(r, 'what', what);
}

/** `what` from phrases anywhere in the text (printf-era messages, errors). */
function whatOfText(text: string, message: string, r: Reading): string | undefined {
  if (text.includes('PLEG is not healthy')) return 'pleg-unhealthy';
  if (message.startsWith('Killing container "')) return 'killing-container';
  if (text.includes('OOMKilled') || text.includes('System OOM encountered')) return 'oom-killed';
  if (
    message.startsWith('eviction manager') ||
    message.startsWith('Eviction manager') ||
    message.startsWith('Evicting pod') ||
    text.includes('evicted pod')
  )
    return 'eviction';
  if (text.includes('CrashLoopBackOff') || text.includes('restarting failed container'))
    return 'back-off-restart';
  if (text.includes('KillContainerError') || text.includes('error killing pod'))
    return 'kill-container-failed';
  if (text.includes('robe failed')) return 'probe-failed';
  if (
    text.includes('mage garbage collection failed') ||
    text.includes('failed to garbage collect required amount of images') ||
    text.includes('ImageGCFailed')
  )
    return 'image-gc-failed';
  if (text.includes('Pod sandbox changed, it will be killed and re-created')) return 'sandbox-changed';
  if (typeof r.fields.probeType === 'string' && r.fields.probeResult === 'failure') return 'probe-failed';
  return undefined;
}

// `PLEG is not healthy: pleg was last seen active 3m5.300154470s ago; threshold is 3m0s`
// `PLEG is not healthy: pleg has yet to be successful` (kubelet pkg/kubelet/pleg/generic.go Healthy())
function readPleg(text: string, r: Reading): void {
  const a = text.indexOf('pleg was last seen active ');
  if (a !== -1) {
    const start = a + 26;
    const end = text.indexOf(' ago', start);
    if (end !== -1 && end - start < 40) {
      const d = text.slice(start, end);
      setField(r, 'plegLastSeen', d);
      setField(r, 'plegLastSeenSeconds', goDurationSeconds(d));
    }
    const t = text.indexOf('threshold is ', start);
    if (t !== -1) {
      let i = t + 13;
      // `threshold is 3m0s]` / `3m0s"`: the duration ends at a bracket, quote, blank or `;`
      while (i < text.length && i - t < 40 && !/[\]"\s;,]/.test(text[i])) i++;
      setField(r, 'plegThreshold', text.slice(t + 13, i));
    }
  } else if (text.includes('pleg has yet to be successful')) {
    setField(r, 'plegStatus', 'never-successful');
  }
}

// Go's time.Duration String(): `2h33m12.704970756s`, `3m0s`, `500ms`, `1.5µs`.
const DURATION_PART_RE = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/y;

/** Seconds of a Go duration text, or undefined when it is not one. */
export function goDurationSeconds(d: string): number | undefined {
  const unit: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, µs: 1e-6, ns: 1e-9 };
  DURATION_PART_RE.lastIndex = 0;
  let total = 0;
  let at = 0;
  while (at < d.length) {
    DURATION_PART_RE.lastIndex = at;
    const m = DURATION_PART_RE.exec(d);
    if (!m) return undefined;
    total += Number(m[1]) * unit[m[2]];
    at = DURATION_PART_RE.lastIndex;
  }
  return at > 0 ? Math.round(total * 1e6) / 1e6 : undefined;
}

// `System OOM encountered, victim process: java, pid: 41235` (the kubelet's OOM watcher event text)
function readOomVictim(text: string, r: Reading): void {
  const v = text.indexOf('victim process: ');
  if (v === -1) return;
  const comm = wordAt(text, v + 16);
  setField(r, 'victimProcess', comm);
  addEntity(r, 'process', comm);
  const p = text.indexOf('pid: ', v);
  const pid = p === -1 ? undefined : intOf(wordAt(text, p + 5));
  if (pid !== undefined) {
    setField(r, 'victimPid', pid);
    addEntity(r, 'pid', String(pid));
  }
}

// `Killing container "docker://<id>" with 30 second grace period` (kubelet <= 1.19)
function readLegacyKill(message: string, r: Reading): void {
  const end = message.indexOf('"', 19);
  if (end !== -1) setField(r, 'containerID', message.slice(19, end));
  const g = message.indexOf(' with ', end);
  if (g !== -1) {
    let i = g + 6;
    const start = i;
    while (i < message.length && message.charCodeAt(i) >= 48 && message.charCodeAt(i) <= 57) i++;
    if (i > start && message.startsWith(' second grace period', i))
      setField(r, 'gracePeriod', Number(message.slice(start, i)));
  }
}

// `back-off 1m20s restarting failed container=api pod=api-0_default(6f1d...)`,
// `failed to "StartContainer" for "api" with CrashLoopBackOff: ...`
function readBackOff(text: string, r: Reading): void {
  const b = text.indexOf('ack-off ');
  if (b !== -1) {
    const end = text.indexOf(' ', b + 8);
    if (end !== -1 && end - b < 24) setField(r, 'backOff', text.slice(b + 8, end));
  }
  const c = text.indexOf('restarting failed container=');
  if (c !== -1) setField(r, 'containerName', wordAt(text, c + 28));
  else readForName(text, '"StartContainer" for "', r);
}

// `Error syncing pod ed0d6029-... ("ssh-daemonset-fl94q_default(ed0d6029-...)"), skipping: error killing pod: [failed to "KillContainer" for "ssh-daemonset" with KillContainerError: "..."`
function readSyncError(message: string, r: Reading): void {
  const uid = wordAt(message, 18);
  if (POD_UID_RE.test(uid)) {
    setField(r, 'podUID', uid);
    addEntity(r, 'pod', uid);
  }
  const s = message.indexOf('skipping: ');
  if (s !== -1) setField(r, 'err', message.slice(s + 10));
  readForName(message, '"KillContainer" for "', r);
}

function readForName(text: string, label: string, r: Reading): void {
  const k = text.indexOf(label);
  if (k === -1) return;
  const end = text.indexOf('"', k + label.length);
  if (end !== -1 && end - k < 300) setField(r, 'containerName', text.slice(k + label.length, end));
}

/** The word at `i` (up to a blank, quote or comma). */
function wordAt(s: string, i: number): string {
  let j = i;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c === 32 || c === 34 || c === 44 || c === 10) break;
    j++;
  }
  return s.slice(i, j);
}

// ---------------------------------------------------------------------------------------------
// Ids named anywhere in the text (errors quote them in every style)

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
}

/**
 * Container ids behind `containerd://`, `docker://`, `cri-o://`; ids quoted after `container `
 * (`waiting for container \"4e33...\" init process`); pods as `name_namespace(uid)`.
 */
function idsInText(t: string, r: Reading): void {
  // `containerd://4f2c...`
  let from = 0;
  for (let n = 0; n < 8; n++) {
    const at = t.indexOf('://', from);
    if (at === -1) break;
    from = at + 3;
    const scheme = t.slice(Math.max(0, at - 10), at);
    // `containerID="containerd://4f2c..."`, `docker://`, `cri-o://` (kubelet's ContainerID.String())
    if (!/(?:containerd|docker|cri-o)$/.test(scheme)) continue;
    let i = at + 3;
    while (i < t.length && isHex(t.charCodeAt(i))) i++;
    if (i - at - 3 >= 12) addContainerEntity(r, t.slice(at + 3, Math.min(i, at + 67)));
    from = i;
  }
  // `container "4e33..."` / `container \"4e33...\"`
  from = 0;
  for (let n = 0; n < 8; n++) {
    const at = t.indexOf('container ', from);
    if (at === -1) break;
    let i = at + 10;
    if (t.charCodeAt(i) === 92) i++;
    from = i;
    if (t.charCodeAt(i) !== 34) continue;
    i++;
    const start = i;
    while (i < t.length && isHex(t.charCodeAt(i))) i++;
    if (i - start === 64) addContainerEntity(r, t.slice(start, i));
    from = i;
  }
  podRefs(t, r);
}

/**
 * Pods written `name_namespace(uid)` (kubelet's format.Pod, printf era; eviction ranking):
 * `kube-scheduler-minikube_kube-system(a1de403806cbde102e979eae3b33bfa5)`,
 * `ssh-daemonset-fl94q_default(ed0d6029-1ae4-18a8-8bcb-af0c78924b1f)`. Found from each `(`:
 * the uid after it, then at most 253 + 63 name characters walked back.
 */
function podRefs(t: string, r: Reading): void {
  let from = 0;
  for (let n = 0; n < 16; ) {
    const open = t.indexOf('(', from);
    if (open === -1) return;
    from = open + 1;
    let i = open + 1;
    while (i < t.length && i - open <= 37 && (isHex(t.charCodeAt(i)) || t.charCodeAt(i) === 45)) i++;
    const uid = t.slice(open + 1, i);
    if (t.charCodeAt(i) !== 41 /* ) */ || !(uid.length === 32 || POD_UID_RE.test(uid))) continue;
    // namespace: DNS label; name: DNS subdomain (lower-case, digits, `-`, `.`)
    let j = open;
    while (j > 0 && open - j < 64 && isDnsChar(t.charCodeAt(j - 1)) && t.charCodeAt(j - 1) !== 46) j--;
    const ns = t.slice(j, open);
    if (!ns || t.charCodeAt(j - 1) !== 95 /* _ */) continue;
    let k = j - 1;
    while (k > 0 && j - 1 - k < 253 && isDnsChar(t.charCodeAt(k - 1))) k--;
    const name = t.slice(k, j - 1);
    if (!name) continue;
    addEntity(r, 'pod', `${ns}/${name}`);
    addEntity(r, 'pod', uid);
    n++;
  }
}

function isDnsChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 46;
}

// ---------------------------------------------------------------------------------------------
// JSON logging (`--logging-format=json`, component-base/logs/json)

export interface KlogJson {
  /** Milliseconds since the epoch, with a fraction. */
  ts: number;
  msg: string;
  obj: Record<string, unknown>;
}

/** A kubelet JSON line at `from` (`{"ts":1753121332057.047,"caller":"...","msg":"...","v":0,...}`), or null. */
export function parseKlogJson(s: string, from: number): KlogJson | null {
  if (!s.startsWith('{"ts":', from)) return null;
  let o: unknown;
  try {
    o = JSON.parse(from === 0 ? s : s.slice(from));
  } catch {
    return null;
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return null;
  const obj = o as Record<string, unknown>;
  if (typeof obj.ts !== 'number' || !Number.isFinite(obj.ts) || typeof obj.msg !== 'string') return null;
  return { ts: obj.ts, msg: obj.msg, obj };
}

/** Epoch microseconds of a JSON line's `ts` (milliseconds with a fraction). */
export function klogJsonMicros(j: KlogJson): number {
  return Math.round(j.ts * 1000);
}

/** Fields of a JSON line; `whole` as in readKlogLine. There is no level: `err` marks errors. */
export function readKlogJson(j: KlogJson, r: Reading, whole: boolean): void {
  const o = j.obj;
  setField(r, 'level', o.err !== undefined ? 'error' : 'info');
  if (typeof o.caller === 'string') setField(r, 'source', o.caller);
  if (whole) {
    setField(r, 'msg', j.msg);
    setField(r, 'ts', j.ts);
  }
  let n = 0;
  for (const [key, v] of Object.entries(o)) {
    if (key === 'ts' || key === 'msg' || key === 'caller' || ++n > 40) continue;
    if (key === 'pod' && typeof v === 'object' && v !== null) {
      // klog.KObj as JSON: `"pod":{"name":"api-0","namespace":"default"}`
      const p = v as Record<string, unknown>;
      const name = typeof p.name === 'string' ? p.name : '';
      const ns = typeof p.namespace === 'string' ? p.namespace : '';
      if (name) readKlogPair('pod', ns ? `${ns}/${name}` : name, '', r, null);
      continue;
    }
    if (typeof v === 'string') readKlogPair(key, v, v, r, null);
    else if (typeof v === 'number' || typeof v === 'boolean') readKlogPair(key, String(v), v, r, null);
    else if (v !== null) {
      const text = JSON.stringify(v);
      readKlogPair(key, text, text, r, null);
    }
  }
  const err = typeof o.err === 'string' ? o.err : undefined;
  classify(j.msg, err, true, r);
  if (err) idsInText(err, r);
}
