// `crictl inspect` (container status): JSON, and the `-o table` blocks. Reference: FORMATS.md 4.4, 4.6.
//
// JSON comes as one object, several objects one after another (`crictl inspect id1 id2` before
// v1.31) or an array (v1.31+, `[`, `  {`, `  },`, `]`). It is streamed line by line: a brace
// counter that knows strings and escapes finds each top-level object's line range, which is then
// given to JSON.parse. One event per object, spanning its lines; lone `[` / `]` / `,` lines are
// skipped as 'header'. Key order does not matter (old crictl printed `status` first in proto order,
// newer ones sort all keys, so `info` comes first).
//
// Time: the moment of the last state change the object proves: `finishedAt` for an exited
// container, else `startedAt`, else `createdAt` (exact, RFC 3339 with zone); all three stay in
// `fields` and `time_source` says which one was used, so an exit lines up with the kernel's OOM
// kill or containerd's TaskExit on the timeline. Zero times (`0001-01-01T00:00:00Z`) mean "not yet".
//
// Cut-short JSON (a paste or a retrieval that stopped mid-object): the object is closed by
// appending the missing brackets to its complete lines and parsed again; the event then carries
// `truncated: true` and only what was printed. A last line that may itself be cut (a number or
// word without a trailing comma, an open string) is dropped and reported as unparsed, so a value
// is never read from a partial line. An object that still does not parse is reported line by line
// as unparsed, with the JSON error.
import type { EntityRef, FieldValue, LogEvent, Severity } from '../model/event.ts';
import { parseIso } from '../util/time.ts';
import {
  addKvLine,
  ageFields,
  crictlSubcommand,
  DIGITS_RE,
  handleCrictlCliLine,
  isRealName,
  KV_BLOCK_START_RE,
  type KvBlock,
  mapFields,
  parseCliLine,
  podLabel,
  startKvBlock,
} from './crictl-shared.ts';
import { isBlank, makeEvent } from './event-builder.ts';
import type { EventSink, LineParser, ParseContext, Parser } from './parser-api.ts';

// ---------------------------------------------------------------------------------------------
// Reading a parsed object

type Json = Record<string, unknown>;

function obj(v: unknown): Json | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** A JSON number, or an int64 that protojson / Go printed as a decimal string (`"2147483648"`). */
function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d{1,16}$/.test(v)) return Number(v);
  return undefined;
}

function path(v: unknown, ...keys: string[]): unknown {
  let cur = v;
  for (const k of keys) {
    const o = obj(cur);
    if (!o) return undefined;
    cur = o[k];
  }
  return cur;
}

// `0001-01-01T00:00:00Z`: Go's zero time, printed for "not started / not finished".
const ZERO_TIME_RE = /^0001-01-01T00:00:00(?:\.0+)?(?:Z|[+-]00:00)$/;

function realTime(v: unknown): string | undefined {
  const s = str(v);
  return s && !ZERO_TIME_RE.test(s) ? s : undefined;
}

// `CONTAINER_EXITED` (CRI enum ContainerState, as protojson names it)
const CONTAINER_STATE_RE = /^CONTAINER_(?:CREATED|RUNNING|EXITED|UNKNOWN)$/;

interface Notes {
  truncated: boolean;
  elided: boolean;
  /** Objects sharing these lines (compact output, `}{`): only the first container is read. */
  objects: number;
}

/** The container status inside a parsed object, or why it is not one. */
function findStatus(v: unknown): { status: Json; info: Json | undefined } | string {
  const top = obj(v);
  if (!top) return 'not a JSON object';
  let status = obj(top.status);
  // `crictl inspect -o go-template --template '{{json .status}}'` or `jq .status`: the status alone.
  if (!status && (typeof top.state === 'string' || typeof top.id === 'string') && top.metadata) status = top;
  if (!status) return 'a JSON object without a container `status`';
  const state = str(status.state) ?? '';
  if (state.startsWith('SANDBOX_') || status.network !== undefined) {
    return 'a pod sandbox status (crictl inspectp), not a container';
  }
  if (!CONTAINER_STATE_RE.test(state) && str(status.id) === undefined)
    return 'a `status` without a container id or state';
  return { status, info: obj(top.info) };
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

function containerEvent(
  ctx: ParseContext,
  found: { status: Json; info: Json | undefined },
  line: number,
  lineEnd: number,
  notes: Notes,
): LogEvent {
  const { status: s, info } = found;
  const fields: Record<string, FieldValue> = {};
  const put = (k: string, v: FieldValue | undefined) => {
    if (v !== undefined && v !== '') fields[k] = v;
  };
  const id = str(s.id);
  const name = str(path(s, 'metadata', 'name')) ?? str(path(s, 'labels', 'io.kubernetes.container.name'));
  const state = str(s.state) ?? '';
  const exitCode = num(s.exitCode);
  const reason = str(s.reason);
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

  put('id', id);
  put('name', name);
  put('attempt', num(path(s, 'metadata', 'attempt')));
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
  put('cgroupsPath', cgroupsPath);
  if (notes.truncated) fields.truncated = true;
  if (notes.elided) fields.elided = true;
  if (notes.objects > 1) fields.objects_on_same_lines = notes.objects;

  // The last state change the object proves (see the file comment).
  let time: number | null = null;
  const candidates: [string, string | undefined][] = [
    ['finishedAt', state === 'CONTAINER_EXITED' || state === 'CONTAINER_UNKNOWN' ? finished : undefined],
    ['startedAt', started],
    ['createdAt', created],
  ];
  for (const [key, v] of candidates) {
    const t = v ? parseIso(v) : null;
    if (t) {
      time = t.micros;
      fields.time_source = key;
      break;
    }
  }

  const entities: EntityRef[] = [];
  if (id) entities.push({ kind: 'container', id });
  if (sandboxId) entities.push({ kind: 'sandbox', id: sandboxId });
  if (isRealName(podName)) entities.push({ kind: 'pod', id: podName });
  if (podUid) entities.push({ kind: 'pod', id: podUid });
  if (pid !== undefined && pid > 0) entities.push({ kind: 'pid', id: String(pid) });
  if (image) entities.push({ kind: 'image', id: image });
  if (cgroupsPath) entities.push({ kind: 'cgroup', id: cgroupsPath });

  const exited = state === 'CONTAINER_EXITED' || (exitCode !== undefined && exitCode !== 0);
  let message = `container ${name || '(no name)'} ${state || '(no state)'}`;
  if (exited && exitCode !== undefined) message += ` exitCode=${exitCode}`;
  if (reason) message += ` reason=${reason}`;
  const msg = str(s.message);
  if (msg) message += ` message=${JSON.stringify(cut(msg, 200))}`;
  const details: string[] = [];
  if (id) details.push(`id ${id.slice(0, 13)}`);
  const attempt = num(path(s, 'metadata', 'attempt'));
  if (attempt !== undefined) details.push(`attempt ${attempt}`);
  const pod = podLabel(podName, podNamespace);
  if (pod) details.push(`pod ${pod}`);
  if (pid) details.push(`pid ${pid}`);
  message += ` (${details.join(', ')})`;
  if (notes.truncated) message += ' [JSON cut short: later fields missing]';
  if (notes.objects > 1) message += ` [${notes.objects - 1} more object(s) on the same lines not read]`;

  return makeEvent(ctx, {
    line,
    lineEnd,
    time,
    severity: severityOf(state, exitCode, reason),
    message,
    fields,
    entities,
  });
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

function tableEvent(ctx: ParseContext, b: KvBlock): LogEvent {
  const v = b.values;
  const fields: Record<string, FieldValue> = {};
  const put = (k: string, val: FieldValue | undefined) => {
    if (val !== undefined && val !== '') fields[k] = val;
  };
  const id = v.get('ID');
  const name = v.get('Name');
  const state = v.get('State') ?? '';
  const exit = v.get('Exit Code');
  const exitCode = exit !== undefined && /^-?\d{1,10}$/.test(exit) ? Number(exit) : undefined;
  put('id', id);
  put('name', name);
  const attempt = v.get('Attempt');
  put('attempt', attempt !== undefined && DIGITS_RE.test(attempt) ? Number(attempt) : undefined);
  put('state', state);
  put('exitCode', exitCode);
  for (const [key, field] of [
    ['Created', 'created'],
    ['Started', 'started'],
    ['Finished', 'finished'],
  ] as const) {
    const t = v.get(key);
    if (t) ageFields(field, t, fields);
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

  const entities: EntityRef[] = [];
  if (id) entities.push({ kind: 'container', id });
  if (sandboxId) entities.push({ kind: 'sandbox', id: sandboxId });
  if (isRealName(podName)) entities.push({ kind: 'pod', id: podName });
  if (podUid) entities.push({ kind: 'pod', id: podUid });
  if (pid) entities.push({ kind: 'pid', id: String(pid) });

  let message = `container ${name || '(no name)'} ${state || '(no state)'}`;
  if (exitCode !== undefined) message += ` exitCode=${exitCode}`;
  const details: string[] = [];
  if (id) details.push(`id ${id.slice(0, 13)}`);
  if (attempt) details.push(`attempt ${attempt}`);
  const pod = podLabel(podName, podNamespace);
  if (pod) details.push(`pod ${pod}`);
  const finished = v.get('Finished');
  details.push(finished ? `finished ${finished}` : `created ${v.get('Created') ?? '?'}`);
  message += ` (${details.join(', ')})`;
  return makeEvent(ctx, {
    line: b.line,
    lineEnd: b.lineEnd,
    severity: severityOf(state, exitCode, undefined),
    message,
    fields,
    entities,
  });
}

// ---------------------------------------------------------------------------------------------
// Streaming the JSON

/** One top-level object being read; `lines` hold its text per line (first from its `{`). */
interface JsonObject {
  line: number;
  /** Indentation of the line holding its `{`. */
  indent: number;
  /** True when its `{` stood alone on its line (pretty-printed output). */
  pretty: boolean;
  lines: string[];
  depth: number;
  inString: boolean;
  escape: boolean;
  /** Indentation of the last line read (a guess for the next one, see closeOf). */
  skip: number;
  /**
   * Index in `lines` of the first line not yet run through the bracket counter, or -1 (see
   * `CrictlInspectLineParser.push`: the lines of a pretty-printed object wait for its closing line).
   */
  deferFrom: number;
  /** A speculative parse failed: every further line is counted as it comes. */
  noSpec: boolean;
  /** The parsed value when the object was closed by a speculative parse (`parsed` is then set). */
  hasParsed: boolean;
  parsed: unknown;
}

/**
 * Runs the object's string-aware bracket counter over `text` from `from`: the index just after the
 * bracket that closes the object, or -1 when the line ends first (the state then carries over).
 * Strings are crossed with indexOf (a JSON line is mostly string); a quote closes a string when
 * the backslashes right before it are even in number, which is what a char-by-char scan with an
 * escape flag decides too (a backslash escapes the next character, wherever it is).
 */
/** Runs of spaces, for skipping indentation (`PADS[k]` is k spaces). */
const PADS = Array.from({ length: 65 }, (_, k) => ' '.repeat(k));

function closeOf(o: JsonObject, text: string, from: number): number {
  const n = text.length;
  let i = from;
  let depth = o.depth;
  let inString = o.inString;
  if (i === 0 && !inString) {
    // Leading spaces are not structure: skip them, checked natively against the indentation of
    // the line before (or 2 less, a closing line), instead of comparing them one by one.
    let g = o.skip;
    if (g > 0 && !text.startsWith(PADS[g])) g = g >= 2 && text.startsWith(PADS[g - 2]) ? g - 2 : 0;
    while (g < n && text.charCodeAt(g) === 32) g++;
    o.skip = g < PADS.length ? g : PADS.length - 1;
    i = g;
  }
  if (inString && o.escape && i < n) {
    // The line before ended on an escaping backslash: this line's first character is escaped.
    o.escape = false;
    i++;
  }
  while (i < n) {
    if (inString) {
      const q = text.indexOf('"', i);
      let k = q < 0 ? n : q;
      const runEnd = k;
      while (k > i && text.charCodeAt(k - 1) === 92) k--;
      const odd = ((runEnd - k) & 1) === 1;
      if (q < 0) {
        // The string goes on past the line end; an odd run of backslashes there escapes what follows.
        o.escape = odd;
        break;
      }
      // An odd run escapes this quote: still inside the string, after it.
      if (!odd) inString = false;
      i = q + 1;
      continue;
    }
    const c = text.charCodeAt(i);
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) {
        o.depth = 0;
        o.inString = false;
        return i + 1;
      }
    }
    i++;
  }
  o.depth = depth;
  o.inString = inString;
  return -1;
}

/** Consecutive lines owned by one object (or by several, when objects share a line). */
interface JsonRecord {
  line: number;
  lineEnd: number;
  done: JsonObject[];
  open: JsonObject | null;
}

function indentOf(text: string): number {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Text without trailing white space and commas (a loop: a regex here would be quadratic). */
function trimTrailingCommas(s: string): string {
  let e = s.length;
  while (e > 0 && (isSpace(s.charCodeAt(e - 1)) || s.charCodeAt(e - 1) === 44)) e--;
  return s.slice(0, e);
}

/** The brackets still open at the end of `s` (string-aware), or null when it ends inside a string. */
function openBrackets(s: string): string | null {
  const stack: number[] = [];
  let inString = false;
  let afterBackslash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inString) {
      if (afterBackslash) afterBackslash = false;
      else if (c === 92) afterBackslash = true;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) stack.push(c);
    else if (c === 125 || c === 93) stack.pop();
  }
  if (inString) return null;
  let closers = '';
  for (let i = stack.length - 1; i >= 0; i--) closers += stack[i] === 123 ? '}' : ']';
  return closers;
}

// Last characters of a line that cannot be a cut value: a comma, an opening or closing bracket,
// or a closing quote (an open string is caught by openBrackets).
const SAFE_LINE_END = new Set([44, 123, 91, 125, 93, 34]);

/**
 * Closes a cut-short object from its complete lines. Tries the lines as they are, then without
 * the last one or two (which may be cut mid-value); returns the value and how many lines it used.
 */
function recover(lines: readonly string[]): { value: unknown; used: number } | null {
  for (let drop = 0; drop <= 2 && lines.length - drop >= 1; drop++) {
    const used = lines.length - drop;
    const body = trimTrailingCommas(lines.slice(0, used).join('\n'));
    if (!SAFE_LINE_END.has(body.charCodeAt(body.length - 1))) continue;
    const closers = openBrackets(body);
    if (closers === null || closers === '') continue;
    try {
      return { value: JSON.parse(body + closers), used };
    } catch {
      // try with fewer lines
    }
  }
  return null;
}

// An author's elision inside pasted JSON: `...`, `…`, `[...]`, `// ...`
const ELISION_RE = /^\s*(?:\.{3,}|…|\[\.{3}\]|\/\/.*|#.*)\s*$/;

/** Removes commas that stand right before a `}` or `]` (string-aware). */
function dropDanglingCommas(s: string): string {
  let out = '';
  let inString = false;
  let afterBackslash = false;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inString) {
      if (afterBackslash) afterBackslash = false;
      else if (c === 92) afterBackslash = true;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 44) {
      let j = i + 1;
      while (j < s.length && isSpace(s.charCodeAt(j))) j++;
      const n = s.charCodeAt(j);
      if (n === 125 || n === 93) {
        out += s.slice(from, i);
        from = i + 1;
      }
    }
  }
  return out + s.slice(from);
}

type Parsed = { ok: true; value: unknown; elided: boolean } | { ok: false; error: string };

function parseObject(lines: readonly string[]): Parsed {
  const text = lines.join('\n');
  try {
    return { ok: true, value: JSON.parse(text), elided: false };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    const kept = lines.filter((l) => !ELISION_RE.test(l));
    if (kept.length < lines.length) {
      try {
        return { ok: true, value: JSON.parse(dropDanglingCommas(kept.join('\n'))), elided: true };
      } catch {
        // fall through to the original error, which points at the real problem
      }
    }
    return { ok: false, error };
  }
}

class CrictlInspectLineParser implements LineParser {
  private rec: JsonRecord | null = null;
  private block: KvBlock | null = null;
  private lastLine = 0;

  constructor(
    private readonly ctx: ParseContext,
    private readonly sink: EventSink,
  ) {}

  push(text: string, line: number): void {
    if (line !== this.lastLine + 1) {
      // A line the ingest kept back (over-long) sits between: nothing may span it.
      if (this.rec?.open) this.catchUp(this.rec);
      if (this.rec) this.finishRecord('a line that was not read (too long) follows');
      if (this.block) this.flushBlock();
    }
    this.lastLine = line;
    if (this.block) {
      if (!KV_BLOCK_START_RE.test(text) && addKvLine(this.block, text, line, TABLE_KEYS)) return;
      this.flushBlock();
    }
    const rec = this.rec;
    if (rec?.open) {
      const o = rec.open;
      if (!this.startsSomethingElse(text, o)) {
        if (o.pretty && !o.noSpec && o.indent < PADS.length) {
          // A pretty-printed object (json.Indent) closes on a line holding `}` at its own
          // indentation. Lines before that are only kept, not counted: at the closing line one
          // JSON.parse of the object (needed anyway) proves that the counter would have closed
          // it exactly there, since in valid JSON the outer brace closes last. When it does not
          // parse, the kept lines are counted after all (catchUp) and everything goes on as if
          // they had been counted as they came.
          const k = o.indent;
          if (text.charCodeAt(k) !== 125 || (k > 0 && !text.startsWith(PADS[k]))) {
            if (o.deferFrom < 0) o.deferFrom = o.lines.length;
            o.lines.push(text);
            rec.lineEnd = line;
            return;
          }
          const head = text.slice(0, k + 1);
          try {
            o.parsed = JSON.parse(`${o.lines.join('\n')}\n${head}`);
            o.hasParsed = true;
          } catch {
            o.noSpec = true;
          }
          if (o.hasParsed) {
            o.lines.push(head);
            o.deferFrom = -1;
            o.depth = 0;
            rec.done.push(o);
            rec.open = null;
            rec.lineEnd = line;
            this.scan(text, k + 1, rec);
            if (!rec.open) this.finishRecord();
            return;
          }
          if (!this.catchUp(rec)) {
            this.lastLine = line - 1;
            this.push(text, line);
            return;
          }
        }
        rec.lineEnd = line;
        this.scan(text, 0, rec);
        if (!rec.open) this.finishRecord();
        return;
      }
      if (!this.catchUp(rec)) {
        this.lastLine = line - 1;
        this.push(text, line);
        return;
      }
      this.finishRecord('what follows is not JSON');
    }
    if (isBlank(text)) {
      this.sink.skipped(line, 'blank');
      return;
    }
    const first = text.charCodeAt(indentOf(text));
    if (first === 123 || first === 91 || first === 93 || first === 44) {
      const r: JsonRecord = { line, lineEnd: line, done: [], open: null };
      if (this.scan(text, 0, r)) {
        if (r.done.length === 0 && !r.open) {
          this.sink.skipped(line, 'header'); // `[`, `]`, `,` between objects
          return;
        }
        this.rec = r;
        if (!r.open) this.finishRecord();
        return;
      }
      if (r.done.length > 0 || r.open) {
        // Text after an object on its last line: the object is still whole; keep the line with it.
        this.rec = r;
        if (!r.open) this.finishRecord();
        return;
      }
    }
    this.other(text, line);
  }

  /**
   * Counts the lines an open object kept without counting (see push), as push would have as they
   * came. False when the object closed on one of them: the record is then finished and the lines
   * after that one are pushed again (the caller pushes its own line again too).
   */
  private catchUp(rec: JsonRecord): boolean {
    const o = rec.open;
    if (!o || o.deferFrom < 0) return true;
    const first = o.line + o.deferFrom;
    const kept = o.lines.splice(o.deferFrom);
    o.deferFrom = -1;
    for (let j = 0; j < kept.length; j++) {
      rec.lineEnd = first + j;
      this.scan(kept[j], 0, rec);
      if (rec.open !== o) {
        if (!rec.open) this.finishRecord();
        for (let k = j + 1; k < kept.length; k++) {
          this.lastLine = first + k - 1;
          this.push(kept[k], first + k);
        }
        return false;
      }
    }
    return true;
  }

  /**
   * Feeds one line to the brace counter. Returns false when a character outside any object is
   * not JSON structure (`[`, `]`, `,`, white space); the rest of the line is then ignored.
   */
  private scan(text: string, from: number, rec: JsonRecord): boolean {
    let i = from;
    const n = text.length;
    while (i < n) {
      const o = rec.open;
      if (o) {
        // The object's first line is kept from its `{`; later lines whole.
        const start = o.lines.length === 0 ? i : 0;
        const end = closeOf(o, text, i);
        if (end < 0) {
          o.lines.push(start === 0 ? text : text.slice(start));
          return true;
        }
        o.lines.push(text.slice(start, end));
        i = end;
        rec.done.push(o);
        rec.open = null;
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === 123) {
        rec.open = {
          line: rec.lineEnd,
          indent: indentOf(text),
          pretty: text.trim() === '{',
          lines: [],
          depth: 0,
          inString: false,
          escape: false,
          skip: 0,
          deferFrom: -1,
          noSpec: false,
          hasParsed: false,
          parsed: undefined,
        };
      } else if (isSpace(c) || c === 44 || c === 91 || c === 93) i++;
      else return false;
    }
    return true;
  }

  /**
   * Inside a pretty-printed object every line is indented or closes something. A line at the left
   * edge (a command echo, crictl's FATA line, a `-o table` block) or a new `{` no deeper than the
   * open object's own means the object was cut short and something else began.
   */
  private startsSomethingElse(text: string, o: JsonObject): boolean {
    if (!o.pretty) return false;
    const c = text.charCodeAt(0);
    if (c === 32 || c === 9) {
      // Indented: only a `{` alone on its line ends the object, so a line whose last character is
      // printable and not `{` does not (the common case: no walk over the indentation).
      const last = text.charCodeAt(text.length - 1);
      if (last !== 123 && last > 32 && last < 127) return false;
      const ind = indentOf(text);
      return text.charCodeAt(ind) === 123 && ind <= o.indent && text.trim() === '{';
    }
    if (c === 123) return text.trim() === '{'; // indentation 0, never deeper than the object's
    if (Number.isNaN(c)) return false;
    return c !== 125 && c !== 93 && c !== 34 && c !== 91 && c !== 44;
  }

  /** Emits the record's event; `cutReason` when its last object never closed. */
  private finishRecord(cutReason?: string): void {
    const rec = this.rec;
    this.rec = null;
    if (!rec) return;
    const all = rec.open ? [...rec.done, rec.open] : rec.done;
    let lineEnd = rec.lineEnd;
    let value: unknown;
    let elided = false;
    let truncated = false;
    let failure: string | undefined;
    const firstDone = rec.done[0];
    if (firstDone) {
      const p: Parsed = firstDone.hasParsed
        ? { ok: true, value: firstDone.parsed, elided: false }
        : parseObject(firstDone.lines);
      if (p.ok) {
        value = p.value;
        elided = p.elided;
      } else failure = `does not parse: ${p.error}`;
    } else if (rec.open) {
      const r = recover(rec.open.lines);
      if (r) {
        value = r.value;
        truncated = true;
        lineEnd = rec.open.line + r.used - 1;
      } else {
        failure = `is cut short (no closing brace${cutReason ? `; ${cutReason}` : ''}) and could not be closed`;
      }
    }
    const range = `lines ${rec.line}-${rec.lineEnd}`;
    if (value !== undefined) {
      const found = findStatus(value);
      if (typeof found !== 'string') {
        this.sink.event(
          containerEvent(this.ctx, found, rec.line, lineEnd, { truncated, elided, objects: all.length }),
        );
        for (let l = lineEnd + 1; l <= rec.lineEnd; l++) {
          this.sink.unparsed(
            l,
            'cut-short line after the last complete line of a crictl inspect JSON object',
          );
        }
        return;
      }
      failure = `is ${found}`;
    }
    const reason = `crictl inspect JSON object at ${range} ${failure ?? 'is empty'}`;
    for (let l = rec.line; l <= rec.lineEnd; l++) this.sink.unparsed(l, reason);
  }

  /** Lines outside JSON: a `-o table` block, a command echo, crictl's own log lines. */
  private other(text: string, line: number): void {
    if (KV_BLOCK_START_RE.test(text)) {
      this.block = startKvBlock(line);
      addKvLine(this.block, text, line, TABLE_KEYS);
      return;
    }
    if (handleCrictlCliLine(this.ctx, this.sink, text, line)) return;
    this.sink.unparsed(line, 'not part of a crictl inspect JSON object or -o table block');
  }

  private flushBlock(): void {
    const b = this.block;
    this.block = null;
    if (b) this.sink.event(tableEvent(this.ctx, b));
  }

  end(): void {
    if (this.rec?.open) this.catchUp(this.rec);
    this.flushBlock();
    if (this.rec) this.finishRecord('the input ends');
  }
}

// ---------------------------------------------------------------------------------------------
// Detection

// `"state": "CONTAINER_EXITED"` (protojson may print two spaces after the colon)
const CONTAINER_STATE_KEY_RE = /"state":\s{1,2}"CONTAINER_(?:CREATED|RUNNING|EXITED|UNKNOWN)"/;
// `  "info": {` / `  "status": {`: the two top-level keys crictl inspect prints
const TOP_KEY_RE = /^\s*"(?:info|status)":\s{1,2}\{/;
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

function detectInspect(head: readonly string[]): number {
  let i = 0;
  while (i < head.length && (crictlSubcommand(head[i]) !== null || parseCliLine(head[i]) !== null)) i++;
  const rest = head.slice(i);
  if (rest.length === 0) return 0;
  if (KV_BLOCK_START_RE.test(rest[0])) return rest.some((l) => TABLE_STATE_RE.test(l)) ? 0.9 : 0;
  const first = rest[0].trim();
  if (!first.startsWith('{') && first !== '[') return 0;
  if (rest.some((l) => FOREIGN_KEYS.some((k) => l.includes(k)))) return 0;
  if (rest.some((l) => CONTAINER_STATE_KEY_RE.test(l))) return 0.95;
  const top =
    rest.some((l) => TOP_KEY_RE.test(l)) || first.includes('"status":') || first.includes('"info":');
  if (top && rest.some((l) => CONTAINER_KEYS.some((k) => l.includes(k)))) return 0.85;
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
  version: 1,
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
