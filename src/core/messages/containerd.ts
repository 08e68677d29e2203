// Second pass over messages written by containerd (and by dockerd, CRI-O and the runc shims,
// which log the same logrus way): FORMATS.md 6.1 (the line: text, TTY and JSON forms) and 6.2
// (what the messages say about a container's life). The same line grammar serves the bare-log
// parser (src/core/parsers/containerd-logfmt.ts), so a containerd line reads the same inside a
// journal and in containerd.log.
//
// `what` names the lifecycle step a message reports ('task-exit', 'shim-disconnected',
// 'stop-container', ...); `errorKind` names a recognised failure in the error text
// ('deadline-exceeded', 'too-many-open-files', 'runc-error', 'ttrpc-closed', ...), and stands in
// for `what` when the message is no known step. CRI calls carry `result` 'success' / 'failed'.
import type { FieldValue } from '../model/event.ts';
import { microsToIso, parseIso } from '../util/time.ts';
import { addContainerEntity } from './ids.ts';
import {
  isKeyChar,
  LogfmtLexer,
  type LogfmtPair,
  logfmtOpen,
  pairValue,
  parseLogfmt,
  quotedEnd,
  STRAY,
} from './logfmt.ts';
import { addEntity, intOf, type Reading, setField } from './reading.ts';

export type ContainerdForm = 'text' | 'tty' | 'json';

/**
 * What the columns of an event need of a logrus line (ParseContext.columnsOnly): its form, time,
 * level, and whether a quoted value runs on to the next line. parseContainerdHead reads only this.
 */
export interface ContainerdHead {
  form: ContainerdForm;
  /** The timestamp as printed (`2025-11-26T10:00:01.187734120Z`, or `0000` in the TTY form). */
  time?: string;
  /** The level as a lower-case logrus word (`warning`, also for the TTY's `WARN`). */
  level?: string;
  /** A quoted value had no closing quote (a multi-line message continues on the next line). */
  open: boolean;
}

/** One logrus line, lexed. */
export interface ContainerdLine extends ContainerdHead {
  msg: string;
  /** Every other key, in line order. */
  pairs: LogfmtPair[];
  /** Those keys as printed after the message (`id=4f2c... namespace=k8s.io`), or ''. */
  rest: string;
}

// logrus level names (logrus.go `Level.String()`), and the TTY's four-letter forms
// (text_formatter.go: `strings.ToUpper(entry.Level.String())[0:4]`).
// The most common first (levelWordAt tries them in this order).
const LEVEL_WORDS = ['info', 'debug', 'warning', 'error', 'warn', 'trace', 'fatal', 'panic'];
const LEVELS = new Set(LEVEL_WORDS);
const TTY_LEVELS: Record<string, string> = {
  TRAC: 'trace',
  DEBU: 'debug',
  INFO: 'info',
  WARN: 'warning',
  ERRO: 'error',
  FATA: 'fatal',
  PANI: 'panic',
};

/** `2025-11-26T...`: the first 5 characters of an RFC 3339 date at `i`. */
function looksLikeDate(s: string, i: number): boolean {
  for (let k = 0; k < 4; k++) {
    const c = s.charCodeAt(i + k);
    if (c < 48 || c > 57) return false;
  }
  return s.charCodeAt(i + 4) === 45; /* - */
}

/**
 * Lexes one containerd / logrus line starting at `from`, or null when it is none of the three
 * forms (FORMATS.md 6.1):
 *   text: `time="2023-06-15T12:01:21.373969868+08:00" level=info msg="shim disconnected" id=f645...`
 *   TTY:  `INFO[2019-04-11T10:39:37.413880563-07:00] shim disconnected                             id=8007...`
 *   JSON: `{"id":"4f2c...","level":"info","msg":"shim disconnected","namespace":"k8s.io","time":"2025-..."}`
 */
export function parseContainerdLine(s: string, from = 0): ContainerdLine | null {
  const c = s.charCodeAt(from);
  if (c === 116 /* t */) return s.startsWith('time=', from) ? parseText(s, from) : null;
  if (c >= 65 && c <= 90) return parseTty(s, from);
  if (c === 123 /* { */) return parseJson(s, from);
  return null;
}

/**
 * parseContainerdLine reduced to the head (see ContainerdHead): null for the same lines, the same
 * form, time, level and `open`, but no message, pairs or rest, so a columns-only parse of
 * containerd.log does not slice and unescape every value of every line.
 */
export function parseContainerdHead(s: string, from = 0): ContainerdHead | null {
  const c = s.charCodeAt(from);
  if (c === 116 /* t */) return s.startsWith('time=', from) ? textHead(s, from) : null;
  if (c >= 65 && c <= 90) {
    const t = ttyParts(s, from);
    if (!t) return null;
    return { form: 'tty', time: t.stamp, level: t.level, open: t.split !== -1 && logfmtOpen(s, t.split) };
  }
  if (c === 123 /* { */) {
    const o = jsonRecord(s, from);
    if (!o) return null;
    const time = typeof o.time === 'string' ? o.time : undefined;
    return { form: 'json', time, level: typeof o.level === 'string' ? o.level : undefined, open: false };
  }
  return null;
}

/** One lexer for every head read (refilled per line: no allocation per line). */
const lexer = new LogfmtLexer();

/** True when `s` has a `time=` date at `from` (the value quoted or bare). */
function startsWithTime(s: string, from: number): boolean {
  // `time=` is logrus' first key; its value is quoted (`time="2025-..."`) or, when it needs no
  // quoting in other logrus configurations, bare (`time=2025-11-26T10:00:00Z`).
  const q = s.charCodeAt(from + 5) === 34 ? 1 : 0;
  return looksLikeDate(s, from + 5 + q);
}

/**
 * `s.startsWith(sub, pos)` for a check that mostly holds (logrus' own key order): node 20's
 * startsWith with a position costs about twice an indexOf that finds `sub` right there. (A miss
 * makes indexOf search on: keep it to likely matches.)
 */
function startsAt(s: string, sub: string, pos: number): boolean {
  return s.indexOf(sub, pos) === pos;
}

/** A `\` in `s[from..to)` (a native search: a JS loop over the characters costs far more). */
function hasBackslash(s: string, from: number, to: number): boolean {
  const b = s.indexOf('\\', from);
  return b !== -1 && b < to;
}

/**
 * The logrus level word at `at` when one is there as a whole bare value (followed by a space or
 * the end), else undefined. Returns the constant, so later lookups compare interned strings.
 */
function levelWordAt(s: string, at: number): string | undefined {
  const c = s.charCodeAt(at);
  for (const w of LEVEL_WORDS) {
    // The first letter picks the candidates (`warning` and `warn` share theirs).
    if (w.charCodeAt(0) !== c || !startsAt(s, w, at)) continue;
    const after = at + w.length;
    if (after === s.length || s.charCodeAt(after) === 32) return w;
  }
  return undefined;
}

/**
 * parseText's head: the same pairs lexed (parseLogfmt's, at most 64), but only the first one
 * (`time`, the line starts with it), the first `level` and whether there is a `msg` are read.
 */
function textHead(s: string, from: number): ContainerdHead | null {
  if (!startsWithTime(s, from)) return null;
  const lx = lexer.reset(s, from, s.length);
  let time = '';
  let level: string | undefined;
  let msg = false;
  let open = false;
  let pairs = 0;
  // logrus' own order, which containerd prints: a quoted stamp closed by ` level=`, then a bare
  // level word, read with native searches instead of the lexer's loops:
  //   time="2025-11-24T06:08:31.807450640Z" level=info msg="starting containerd" revision=88bf...
  // The lexer would read the same two pairs (no backslash in the stamp, so its first `"` closes
  // it, being followed by ` level=`; a level word holds no blank, so it ends at the next space).
  // Any other shape is left to the lexer from the start.
  if (s.charCodeAt(from + 5) === 34 /* " */) {
    const close = s.indexOf('"', from + 6);
    if (close !== -1 && startsAt(s, '" level=', close) && !hasBackslash(s, from + 6, close)) {
      const word = levelWordAt(s, close + 8);
      if (word !== undefined) {
        time = s.slice(from + 6, close);
        level = word;
        pairs = 2;
        lx.pos = close + 8 + word.length;
        // Then ` msg="`: the lexer would read the key and give the value to quotedEnd just so.
        if (startsAt(s, ' msg="', lx.pos)) {
          const q = quotedEnd(s, lx.pos + 6, s.length);
          msg = true;
          pairs = 3;
          open = q === -1;
          lx.pos = q === -1 ? s.length : q + 1;
        }
      }
    }
  }
  for (;;) {
    // With `level` and `msg` read, only a quoted value that never closes could still change the
    // head (`open`). None can start where no `"` follows (nor a klog `=<` NL where no NL does):
    //   time="2025-11-24T06:08:31.896450640Z" level=info msg=serving... address=/run/containerd/containerd.sock
    // stops after `msg=serving...` without lexing the rest.
    if (level !== undefined && msg && s.indexOf('"', lx.pos) === -1 && s.indexOf('\n', lx.pos) === -1) break;
    if (!lx.more() || pairs >= 64) break;
    lx.read();
    if (lx.kind === STRAY) continue;
    pairs++;
    if (!lx.closed) open = true;
    if (pairs === 1) time = lx.value();
    else if (level === undefined && lx.keyIs('level')) level = lx.value();
    else if (!msg && lx.keyIs('msg')) msg = true;
  }
  // The shared lexer must not keep the line (and the chunk it was cut from) alive.
  lx.reset('');
  if (level === undefined && !msg) return null;
  if (level !== undefined && !LEVELS.has(level)) return null;
  return { form: 'text', time, level, open };
}

function parseText(s: string, from: number): ContainerdLine | null {
  if (!startsWithTime(s, from)) return null;
  const scan = parseLogfmt(s, from);
  const first = scan.pairs[0];
  if (first?.key !== 'time') return null;
  let level: string | undefined;
  let msg: string | undefined;
  // Where the printed fields after the message start: logrus writes time, level, msg first.
  let restFrom = first.end;
  const pairs: LogfmtPair[] = [];
  for (let i = 1; i < scan.pairs.length; i++) {
    const p = scan.pairs[i];
    if (p.key === 'level' && level === undefined) {
      level = p.value;
      if (msg === undefined) restFrom = p.end;
    } else if (p.key === 'msg' && msg === undefined) {
      msg = p.value;
      restFrom = p.end;
    } else pairs.push(p);
  }
  if (level === undefined && msg === undefined) return null;
  if (level !== undefined && !LEVELS.has(level)) return null;
  const rest = pairs.length ? s.slice(restFrom).trim() : '';
  return { form: 'text', time: first.value, level, msg: msg ?? '', pairs, rest, open: scan.open };
}

/** A TTY line's level, stamp, where its message starts and where its fields start (-1: none). */
interface TtyParts {
  level: string;
  stamp: string;
  msgStart: number;
  split: number;
}

function ttyParts(s: string, from: number): TtyParts | null {
  const level = TTY_LEVELS[s.slice(from, from + 4)];
  if (!level || s.charCodeAt(from + 4) !== 91 /* [ */) return null;
  const close = s.indexOf(']', from + 5);
  // `[0000]` (seconds since start) or a full RFC 3339 stamp: at most ~36 characters.
  if (close === -1 || close - from > 48) return null;
  const stamp = s.slice(from + 5, close);
  // `2019-04-11T10:39:37.413880563-07:00` (FullTimestamp, containerd PR #3206) or `0000`
  // (seconds since start: crictl's `WARN[0000]`); logrus text_formatter.go printColored.
  if (!/^(?:\d{4,}|\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:\d\d)?)$/.test(stamp)) return null;
  let i = close + 1;
  if (i < s.length && s.charCodeAt(i) !== 32) return null;
  i++;
  // The message is padded to 44 columns (`%-44s `) and each field printed as ` key=value`, so
  // fields start after two or more spaces; a message of its own `  x=` is the rare loss.
  let split = -1;
  let at = i;
  while (at < s.length) {
    const gap = s.indexOf('  ', at);
    if (gap === -1) break;
    let k = gap;
    while (k < s.length && s.charCodeAt(k) === 32) k++;
    const keyStart = k;
    while (k < s.length && isKeyChar(s.charCodeAt(k))) k++;
    if (k > keyStart && s.charCodeAt(k) === 61 /* = */) {
      split = gap;
      break;
    }
    at = k > gap ? k : gap + 2;
  }
  return { level, stamp, msgStart: i, split };
}

function parseTty(s: string, from: number): ContainerdLine | null {
  const t = ttyParts(s, from);
  if (!t) return null;
  const { split } = t;
  const msgEnd = split === -1 ? s.length : split;
  const msg = s.slice(t.msgStart, msgEnd).trimEnd();
  const scan = split === -1 ? null : parseLogfmt(s, split);
  return {
    form: 'tty',
    time: t.stamp,
    level: t.level,
    msg,
    pairs: scan?.pairs ?? [],
    rest: split === -1 ? '' : s.slice(split).trim(),
    open: scan?.open ?? false,
  };
}

/** A logrus JSONFormatter record: `msg`, and `level` or `time`. */
type LogrusJson = Record<string, unknown> & { msg: string };

/** A JSON line that is a logrus record, parsed; else null. */
function jsonRecord(s: string, from: number): LogrusJson | null {
  // Cheap checks before JSON.parse: logrus' JSONFormatter always writes `msg`; kubelet's JSON
  // (`{"ts":...`) and journalctl's (`{"__CURSOR":...`) are not containerd's.
  if (s.indexOf('"msg":', from) === -1 || s.startsWith('{"ts":', from) || s.startsWith('{"__', from))
    return null;
  let obj: unknown;
  try {
    obj = JSON.parse(from === 0 ? s : s.slice(from));
  } catch {
    return null;
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return null;
  const o = obj as Record<string, unknown>;
  if (typeof o.msg !== 'string' || (typeof o.level !== 'string' && typeof o.time !== 'string')) return null;
  if (typeof o.level === 'string' && !LEVELS.has(o.level)) return null;
  return o as LogrusJson;
}

function parseJson(s: string, from: number): ContainerdLine | null {
  const o = jsonRecord(s, from);
  if (!o) return null;
  const pairs: LogfmtPair[] = [];
  for (const [key, v] of Object.entries(o)) {
    if (key === 'msg' || key === 'level' || key === 'time') continue;
    if (typeof v === 'string') pairs.push({ key, value: v, quoted: true, end: -1 });
    else if (v !== null)
      pairs.push({
        key,
        value: typeof v === 'object' ? JSON.stringify(v) : String(v),
        quoted: false,
        end: -1,
      });
  }
  return {
    form: 'json',
    time: typeof o.time === 'string' ? o.time : undefined,
    level: typeof o.level === 'string' ? o.level : undefined,
    msg: o.msg,
    pairs,
    rest: pairs.map(printPair).join(' '),
    open: false,
  };
}

// logrus text_formatter.go needsQuoting: a value of only these characters is printed bare.
const BARE_VALUE_RE = /^[A-Za-z0-9\-._/@^+]*$/;

/** A JSON line's key as the text form would print it: `id=4f2c...`, `error="context deadline exceeded"`. */
function printPair(p: LogfmtPair): string {
  return `${p.key}=${BARE_VALUE_RE.test(p.value) ? p.value : JSON.stringify(p.value)}`;
}

/**
 * The time a containerd line carries: exact when its stamp has a zone, `inferred` with
 * `fallbackOffset` (minutes east of UTC) when not; null for the TTY's `[0000]` and bad stamps.
 */
export function containerdTime(
  line: ContainerdHead,
  fallbackOffset: number,
): { micros: number; quality: 'exact' | 'inferred' } | null {
  if (!line.time || line.time.length < 19) return null;
  const t = parseIso(line.time, fallbackOffset);
  if (!t) return null;
  return { micros: t.micros, quality: t.zoned ? 'exact' : 'inferred' };
}

// ---------------------------------------------------------------------------------------------
// Keys to entities

const CONTAINER_KEYS = new Set(['id', 'container', 'container_id', 'containerID', 'containerid', 'cid']);
const SANDBOX_KEYS = new Set([
  'sandbox',
  'sandbox_id',
  'sandboxID',
  'podsandboxid',
  'pod_sandbox_id',
  'podSandboxID',
]);
// Keys whose digits are names, not quantities (`id=0123...` would lose its leading zero).
const STRING_KEYS = new Set([
  ...CONTAINER_KEYS,
  ...SANDBOX_KEYS,
  'exec_id',
  'execID',
  'ref',
  'digest',
  'image',
]);
// Keys the lexer splits off or the reader sets itself.
const RESERVED = new Set(['time', 'level', 'msg', 'what', 'writer', 'errorKind', 'result']);
const MAX_PAIRS = 40;

/** A bare logfmt value with its type: integers and booleans as such, names as strings. */
function typedValue(p: LogfmtPair): FieldValue {
  if (p.quoted || STRING_KEYS.has(p.key)) return p.value;
  const n = intOf(p.value);
  if (n !== undefined && !(p.value.length > 1 && p.value.charCodeAt(0) === 48)) return n;
  if (p.value === 'true') return true;
  if (p.value === 'false') return false;
  return p.value;
}

function readPair(p: LogfmtPair, r: Reading): void {
  if (RESERVED.has(p.key)) return;
  setField(r, p.key, typedValue(p));
  if (CONTAINER_KEYS.has(p.key)) addContainerEntity(r, p.value);
  else if (SANDBOX_KEYS.has(p.key)) addContainerEntity(r, p.value, 'sandbox');
  // `pid=1133100`
  else if (p.key === 'pid' && /^\d{1,10}$/.test(p.value)) addEntity(r, 'pid', p.value);
  else if (p.key === 'image' && p.value) addEntity(r, 'image', p.value);
  else if (p.key === 'warnings') readNested(p.value, r);
}

/**
 * Fields and entities of one lexed line. `whole`: the event's message is this whole line (a
 * journal entry), so `level`, `msg` and the raw `time` are kept as fields; the bare-log parser
 * has them as the event's severity, message and time already.
 */
export function readContainerdLine(line: ContainerdLine, r: Reading, whole: boolean): void {
  setField(r, 'level', line.level);
  if (whole) {
    setField(r, 'msg', line.msg);
    setField(r, 'time', line.time);
  }
  const n = Math.min(line.pairs.length, MAX_PAIRS);
  for (let i = 0; i < n; i++) readPair(line.pairs[i], r);
  const what = readMsg(line.msg, r, true);
  const err = pairValue(line.pairs, 'error') ?? pairValue(line.pairs, 'err');
  // An info/debug line without an error names no failure: skip the error-text search there.
  const quiet =
    err === undefined && (line.level === 'info' || line.level === 'debug' || line.level === 'trace');
  finish(r, what, quiet ? '' : err === undefined ? line.msg : `${line.msg}\n${err}`, err);
}

/** `what`, `errorKind` and the container ids of an error text, once the message is read. */
function finish(r: Reading, what: string | undefined, text: string, err: string | undefined): void {
  const kind = text ? errorKindOf(text) : undefined;
  setField(r, 'errorKind', kind);
  if (what) setField(r, 'what', what);
  else if (kind === 'deadline-exceeded' || kind === 'too-many-open-files' || kind === 'runc-error')
    setField(r, 'what', kind);
  if (err) quotedIdsAfter(err, 'container "', r, 'container');
}

/**
 * Reads one containerd message into typed fields and entities; false when it is not one of
 * containerd's. Accepts a whole logrus line (text, TTY or JSON form) or the inner text alone
 * (`TaskExit event ...`, a `failed to create containerd task: ...` error), which must then be
 * a known message: foreign text is rejected after one look at its first word.
 */
export function readContainerd(message: string, r: Reading): boolean {
  if (message.length === 0) return false;
  const line = parseContainerdLine(message, 0);
  if (line) {
    readContainerdLine(line, r, true);
    return true;
  }
  const what = readMsg(message, r, false);
  if (!what) return false;
  finish(r, what, message, undefined);
  return true;
}

// ---------------------------------------------------------------------------------------------
// The messages (FORMATS.md 6.2), dispatched on their first word so that text that is none of
// them costs one indexOf and one map lookup.

type MsgReader = (msg: string, r: Reading) => string | undefined;

const BY_FIRST_WORD: Record<string, MsgReader> = {
  // `TaskExit event container_id:"4f2c..." id:"4f2c..." pid:41235 exit_status:137 exited_at:{seconds:1764151201 nanos:199004512}`
  // `TaskExit event &TaskExit{ContainerID:4f2c...,ID:4f2c...,Pid:41235,ExitStatus:137,ExitedAt:2025-11-26 10:00:01.199004512 +0000 UTC,XXX_unrecognized:[],}`
  TaskExit: (m, r) => (m.startsWith('TaskExit event ') ? readExit(m, r, 'container') : undefined),
  // `TaskOOM event container_id:"4f2c..."`, `TaskOOM event &TaskOOM{ContainerID:4f2c...,XXX_unrecognized:[],}`
  TaskOOM: (m, r) => {
    if (!m.startsWith('TaskOOM event ')) return undefined;
    addContainerEntity(r, hexAfter(m, 'container_id:"') ?? hexAfter(m, 'ContainerID:'));
    return 'task-oom';
  },
  // `received exit event ...` (1.6-2.1), `received container exit event ...`,
  // `received sandbox container exit event ...` (2.2+)
  received: (m, r) => {
    if (m.startsWith('received exit event ') || m.startsWith('received container exit event '))
      return readExit(m, r, 'container');
    if (m.startsWith('received sandbox container exit event ')) return readExit(m, r, 'sandbox');
    return undefined;
  },
  failed: readFailed,
  // `shim disconnected`, `shim reaped` (v1 runtime)
  shim: (m) =>
    m === 'shim disconnected' ? 'shim-disconnected' : m === 'shim reaped' ? 'shim-reaped' : undefined,
  // `Shim ttrpc connection closed when stopping container "<id>", retry after 100ms` (2.x)
  Shim: (m, r) => {
    if (!m.startsWith('Shim ttrpc connection closed')) return undefined;
    quotedIdsAfter(m, 'container "', r, 'container');
    return 'shim-ttrpc-closed';
  },
  cleaning: (m) =>
    m === 'cleaning up dead shim'
      ? 'cleaning-dead-shim'
      : m === 'cleaning up after shim disconnected' || m === 'cleaning up after shim dead'
        ? 'shim-cleanup'
        : undefined,
  // `cleanup warnings time="2023-08-05T07:27:14+02:00" level=info msg="starting signal loop" namespace=moby pid=1133100 runtime=io.containerd.runc.v2\n`
  cleanup: (m, r) => {
    if (!m.startsWith('cleanup warnings ')) return undefined;
    readNested(m.slice('cleanup warnings '.length), r);
    return 'shim-cleanup-warning';
  },
  // `warnings while cleaning up dead shim` (2.2+; the shim's text is in `warnings=`)
  warnings: (m) =>
    m.startsWith('warnings while cleaning up dead shim') ? 'shim-cleanup-warning' : undefined,
  publish: (m) => (m === 'publish OOM event' ? 'publish-oom-failed' : undefined),
  // CRI calls (internal/cri/instrument/instrumented_service.go, container_stop.go)
  StopContainer: (m, r) => {
    if (!m.startsWith('StopContainer for ')) return undefined;
    cri(m, r, 'container');
    // `StopContainer for "<id>" with timeout 30 (s)`
    const t = numberAfter(m, '" with timeout ');
    if (t !== undefined) setField(r, 'timeout_seconds', t);
    return 'stop-container';
  },
  // `Stop container "<id>" with signal terminated`
  Stop: (m, r) => {
    if (!m.startsWith('Stop container "')) return undefined;
    cri(m, r, 'container');
    const sig = m.indexOf('" with signal ');
    if (sig !== -1) setField(r, 'signal', m.slice(sig + 14).trim());
    return 'stop-container-signal';
  },
  // `Kill container "<id>"`
  Kill: (m, r) => criCall(m, r, 'Kill container "', 'container', 'kill-container'),
  RemoveContainer: (m, r) => criCall(m, r, 'RemoveContainer for ', 'container', 'remove-container'),
  StartContainer: (m, r) => criCall(m, r, 'StartContainer for ', 'container', 'start-container'),
  // `CreateContainer within sandbox "<sid>" for container &ContainerMetadata{Name:kube-apiserver,Attempt:70,}`
  // `CreateContainer within sandbox "<sid>" for &ContainerMetadata{...} returns container id "<id>"`
  CreateContainer: (m, r) => {
    if (!m.startsWith('CreateContainer within sandbox ')) return undefined;
    quotedIdsAfter(m, 'sandbox "', r, 'sandbox');
    quotedIdsAfter(m, 'returns container id "', r, 'container');
    readMetadata(m, r, 'containerName');
    setResult(m, r);
    return 'create-container';
  },
  StopPodSandbox: (m, r) => criCall(m, r, 'StopPodSandbox for ', 'sandbox', 'stop-sandbox'),
  RemovePodSandbox: (m, r) => criCall(m, r, 'RemovePodSandbox for ', 'sandbox', 'remove-sandbox'),
  // `RunPodSandbox for &PodSandboxMetadata{Name:api-0,Uid:6f1d...,Namespace:default,Attempt:0,}`
  // `... returns sandbox id "<id>"`
  RunPodSandbox: (m, r) => {
    if (!m.startsWith('RunPodSandbox for ')) return undefined;
    readMetadata(m, r, 'pod');
    quotedIdsAfter(m, 'returns sandbox id "', r, 'sandbox');
    setResult(m, r);
    return 'run-sandbox';
  },
  // `ExecSync for "<id>" failed` (error: `failed to exec in container: ... OCI runtime exec failed ...`)
  ExecSync: (m, r) => criCall(m, r, 'ExecSync for ', 'container', 'exec-sync'),
  // `Exec for "<id>" with command [...]`; `Exec process "<exec id>" exits with exit code 0 and error <nil>`
  Exec: (m, r) => {
    if (m.startsWith('Exec for ')) return criCall(m, r, 'Exec for ', 'container', 'exec');
    if (!m.startsWith('Exec process "')) return undefined;
    const code = numberAfter(m, 'exits with exit code ');
    if (code !== undefined) setField(r, 'exit_code', code);
    return 'exec-exit';
  },
  // `Container to stop "<id>" must be in running or unknown state, current state "CONTAINER_EXITED"`
  Container: (m, r) => {
    if (!m.startsWith('Container to stop "')) return undefined;
    quotedIdsAfter(m, 'stop "', r, 'container');
    const st = m.indexOf('current state "');
    if (st !== -1) {
      const end = m.indexOf('"', st + 15);
      setField(r, 'state', m.slice(st + 15, end === -1 ? m.length : end));
    }
    return 'container-state';
  },
  ContainerStatus: (m, r) => criCall(m, r, 'ContainerStatus for ', 'container', 'container-status'),
  // `PullImage "docker.io/library/nginx:latest"`
  PullImage: (m, r) => {
    if (!m.startsWith('PullImage "')) return undefined;
    const end = m.indexOf('"', 11);
    if (end > 11) addEntity(r, 'image', m.slice(11, end));
    setResult(m, r);
    return 'pull-image';
  },
  // `collecting metrics for f00ee1b2b58c...` (corpus containerd-11233)
  collecting: (m, r) => {
    if (!m.startsWith('collecting metrics for ')) return undefined;
    addContainerEntity(r, m.slice(23).trim());
    return 'collect-metrics';
  },
  // runc's own error (`runc ps <id>`, corpus containerd-4016): `container "<id>" does not exist`
  container: (m, r) => {
    if (!m.startsWith('container "') || !m.endsWith('" does not exist')) return undefined;
    quotedIdsAfter(m, 'container "', r, 'container', 1);
    return 'runc-error';
  },
  // the shim's own `starting signal loop`
  starting: (m) => (m === 'starting signal loop' ? 'shim-start' : undefined),
  // `=== BEGIN goroutine stack dump ===` (SIGUSR1 dump of containerd or a shim; corpus containerd-2744)
  '===': (m) => (m.startsWith('=== BEGIN goroutine stack dump ===') ? 'stack-dump' : undefined),
};

/**
 * The `what` of a message (and its fields), or undefined. A reader writes nothing unless its
 * message matched. `bare`: when none matched, still take the full 64-hex ids in the message as
 * containers (only for a line known to be containerd's).
 */
function readMsg(msg: string, r: Reading, bare: boolean): string | undefined {
  const sp = msg.indexOf(' ');
  const first = sp === -1 ? msg : msg.slice(0, sp);
  const reader = Object.hasOwn(BY_FIRST_WORD, first) ? BY_FIRST_WORD[first] : undefined;
  const what = reader ? reader(msg, r) : undefined;
  // Messages that name a container only by its bare id (`EnableService <id> START`, dockerd's
  // `createSpec: cgroupsPath: system.slice:docker:<id>`).
  if (!what && bare) bareIds(msg, r);
  return what;
}

function readFailed(m: string, r: Reading): string | undefined {
  // `failed to handle container TaskExit event container_id:"..." ... exit_status:137 ...`
  if (m.startsWith('failed to handle container TaskExit event ')) {
    readExit(m, r, 'container');
    return 'task-exit-failed';
  }
  if (m.startsWith('failed to handle sandbox TaskExit event ')) {
    readExit(m, r, 'sandbox');
    return 'task-exit-failed';
  }
  if (m === 'failed to delete task') return 'failed-delete-task';
  if (m === 'failed to delete shim' || m === 'failed to delete dead shim') return 'failed-delete-shim';
  if (m === 'failed to clean up after shim disconnected') return 'shim-cleanup-failed';
  // nerdctl-1039: `failed to send SIGTERM signal, killing logging shim` error="os: process already finished"
  if (m.startsWith('failed to send SIGTERM signal, killing logging shim')) return 'kill-logging-shim';
  // containerd/cri#448: `failed to create containerd task: failed to start shim: open /dev/null: too many open files: unknown`
  if (m.startsWith('failed to create containerd task') || m.startsWith('failed to create shim task'))
    return 'create-task-failed';
  if (m.startsWith('failed to start shim')) return 'start-shim-failed';
  return undefined;
}

/** `what` for a CRI request line starting with `prefix` (with its id and outcome), else undefined. */
function criCall(
  m: string,
  r: Reading,
  prefix: string,
  kind: 'container' | 'sandbox',
  what: string,
): string | undefined {
  if (!m.startsWith(prefix)) return undefined;
  cri(m, r, kind);
  return what;
}

/** A CRI request line: the first quoted id names the container (or sandbox); the outcome. */
function cri(m: string, r: Reading, kind: 'container' | 'sandbox'): void {
  quotedIdsAfter(m, '"', r, kind, 1);
  setResult(m, r);
}

// `... returns successfully`, `... returns container id "<id>"`, `... failed`, `... failed, error`
function setResult(m: string, r: Reading): void {
  if (m.includes(' returns ')) setField(r, 'result', 'success');
  else if (m.endsWith(' failed') || m.includes(' failed, error') || m.includes('" failed'))
    setField(r, 'result', 'failed');
}

/**
 * Exit details of a TaskExit event, both renderings (FORMATS.md 6.2). `exit_status` is omitted by
 * protobuf-go when 0, so an exit event without it exited 0.
 */
function readExit(m: string, r: Reading, kind: 'container' | 'sandbox'): string {
  const modern = m.indexOf('container_id:"');
  if (modern !== -1) {
    const cid = hexAfter(m, 'container_id:"');
    const id = hexAfter(m, ' id:"');
    addContainerEntity(r, cid, kind);
    setField(r, 'container_id', cid);
    if (id && id !== cid) setField(r, 'exec_id', id);
    const pid = numberAfter(m, ' pid:');
    setPid(r, pid);
    setField(r, 'exit_status', numberAfter(m, ' exit_status:') ?? 0);
    const secs = numberAfter(m, 'exited_at:{seconds:');
    if (secs !== undefined) {
      const nanosAt = m.indexOf('nanos:', m.indexOf('exited_at:{seconds:'));
      const nanos = nanosAt === -1 ? 0 : (numberAfter(m, 'nanos:', nanosAt) ?? 0);
      setField(r, 'exited_at', microsToIso(secs * 1_000_000 + Math.floor(nanos / 1000)));
    }
  } else {
    // `&TaskExit{ContainerID:<id>,ID:<id>,Pid:41235,ExitStatus:137,ExitedAt:2025-11-26 10:00:01.199004512 +0000 UTC,...}`
    const cid = hexAfter(m, 'ContainerID:');
    const id = hexAfter(m, ',ID:');
    addContainerEntity(r, cid, kind);
    setField(r, 'container_id', cid);
    if (id && id !== cid) setField(r, 'exec_id', id);
    setPid(r, numberAfter(m, ',Pid:'));
    setField(r, 'exit_status', numberAfter(m, ',ExitStatus:'));
    const at = m.indexOf(',ExitedAt:');
    if (at !== -1) {
      const end = m.indexOf(',', at + 10);
      setField(r, 'exited_at', m.slice(at + 10, end === -1 ? m.length : end));
    }
  }
  return 'task-exit';
}

function setPid(r: Reading, pid: number | undefined): void {
  if (pid === undefined) return;
  setField(r, 'pid', pid);
  addEntity(r, 'pid', String(pid));
}

/**
 * The shim's own logrus line nested in `cleanup warnings <line>` / `warnings="<line>"`: its
 * message, level, pid (the shim's), runtime and error, as `shim_*` fields.
 */
function readNested(text: string, r: Reading): void {
  const nl = text.indexOf('\n');
  const first = nl === -1 ? text : text.slice(0, nl);
  const line = parseContainerdLine(first, 0);
  if (!line) return;
  setField(r, 'shim_msg', line.msg);
  setField(r, 'shim_level', line.level);
  for (const p of line.pairs) {
    if (p.key === 'pid') {
      const pid = intOf(p.value);
      setField(r, 'shim_pid', pid);
      if (pid !== undefined) addEntity(r, 'pid', String(pid));
    } else if (p.key === 'runtime' || p.key === 'namespace') {
      setField(r, p.key, p.value);
    } else if (p.key === 'error') {
      setField(r, 'shim_error', p.value);
    }
  }
}

/**
 * Pod or container metadata in a CRI call, either rendering: gogo `%+v`
 * (`&ContainerMetadata{Name:kube-apiserver,Attempt:70,}`, `&PodSandboxMetadata{Name:api-0,Uid:6f1d...,Namespace:default,Attempt:0,}`)
 * or protobuf text (`name:"kube-apiserver" attempt:70`).
 */
function readMetadata(m: string, r: Reading, as: 'containerName' | 'pod'): void {
  const name = metaValue(m, 'Name:') ?? metaValue(m, 'name:');
  const attempt = intOf(metaValue(m, 'Attempt:') ?? metaValue(m, 'attempt:'));
  if (as === 'containerName') {
    setField(r, 'containerName', name);
  } else if (name) {
    const ns = metaValue(m, 'Namespace:') ?? metaValue(m, 'namespace:');
    const uid = metaValue(m, 'Uid:') ?? metaValue(m, 'uid:');
    const pod = ns ? `${ns}/${name}` : name;
    setField(r, 'pod', pod);
    addEntity(r, 'pod', pod);
    if (uid) {
      setField(r, 'podUID', uid);
      addEntity(r, 'pod', uid);
    }
  }
  setField(r, 'attempt', attempt);
}

/** The value after `label` up to `,`, `}`, a blank or a closing quote (quotes removed). */
function metaValue(m: string, label: string): string | undefined {
  const at = m.indexOf(label);
  if (at === -1) return undefined;
  let i = at + label.length;
  const quoted = m.charCodeAt(i) === 34;
  if (quoted) i++;
  const start = i;
  while (i < m.length) {
    const c = m.charCodeAt(i);
    if (quoted ? c === 34 : c === 44 || c === 125 || c === 32) break;
    i++;
  }
  return i > start ? m.slice(start, i) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Small scanners (indexOf plus a loop: no regex to backtrack)

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
}

/** The run of lower-case hex right after the first `label`, when 12..64 long. */
function hexAfter(m: string, label: string): string | undefined {
  const at = m.indexOf(label);
  if (at === -1) return undefined;
  const start = at + label.length;
  let i = start;
  while (i < m.length && isHex(m.charCodeAt(i))) i++;
  return i - start >= 12 && i - start <= 64 ? m.slice(start, i) : undefined;
}

/** The decimal integer right after the first `label` at or after `from`. */
function numberAfter(m: string, label: string, from = 0): number | undefined {
  const at = m.indexOf(label, from);
  if (at === -1) return undefined;
  const start = at + label.length;
  let i = start;
  while (i < m.length && i - start < 15 && m.charCodeAt(i) >= 48 && m.charCodeAt(i) <= 57) i++;
  return i > start ? Number(m.slice(start, i)) : undefined;
}

/**
 * Entities for ids quoted right after each `label` (`container "<id>"`), up to `max` of them;
 * `label` ends with the opening quote.
 */
function quotedIdsAfter(m: string, label: string, r: Reading, kind: 'container' | 'sandbox', max = 4): void {
  let from = 0;
  for (let n = 0; n < max; n++) {
    const at = m.indexOf(label, from);
    if (at === -1) return;
    let i = at + label.length;
    const start = i;
    while (i < m.length && isHex(m.charCodeAt(i))) i++;
    if (i - start >= 12 && i - start <= 64 && m.charCodeAt(i) === 34 && !notATaskAt(m, start))
      addContainerEntity(r, m.slice(start, i), kind);
    from = i > at ? i : at + 1;
  }
}

/**
 * True when the hex word at `start` names something other than a task: an image digest
 * (`with image id \"sha256:171f00cb...\"`) or an exec process
 * (`Finish piping \"stderr\" of container exec \"6a70d192...\"`, `Exec process \"6a70d192...\" exits`).
 */
function notATaskAt(m: string, start: number): boolean {
  const before = m.slice(Math.max(0, start - 9), start);
  return before.endsWith('sha256:') || /(?:exec|process) \\?"$/.test(before);
}

/** Container entities for every 64-hex word of `m` (at most 4). */
function bareIds(m: string, r: Reading): void {
  let n = 0;
  let i = 0;
  while (i < m.length && n < 4) {
    if (!isHex(m.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < m.length && isHex(m.charCodeAt(i))) i++;
    const before = start > 0 ? m.charCodeAt(start - 1) : 32;
    const after = i < m.length ? m.charCodeAt(i) : 32;
    if (
      i - start === 64 &&
      !isKeyChar(before) &&
      !(after >= 65 && after <= 90) &&
      !isKeyChar(after) &&
      !notATaskAt(m, start)
    ) {
      addContainerEntity(r, m.slice(start, i));
      n++;
    }
  }
}

// Error texts that name a cause (FORMATS.md 6.2 "Error texts seen inside error=..."; 3.10).
const ERROR_KINDS: readonly [string, string][] = [
  ['context deadline exceeded', 'deadline-exceeded'],
  ['DeadlineExceeded', 'deadline-exceeded'],
  ['too many open files', 'too-many-open-files'],
  ['OCI runtime', 'runc-error'],
  ['runc did not terminate', 'runc-error'],
  ['runc create failed', 'runc-error'],
  ['runc run failed', 'runc-error'],
  ['ttrpc: closed', 'ttrpc-closed'],
  ['context canceled', 'context-canceled'],
  ['no space left on device', 'no-space-left'],
];

/** The first recognised failure named in an error text, or undefined. */
export function errorKindOf(text: string): string | undefined {
  for (const [needle, kind] of ERROR_KINDS) if (text.includes(needle)) return kind;
  return undefined;
}
