// `crictl ps -o json|yaml` and `crictl pods -o json|yaml`: the list documents
// `{"containers": [...]}` / `{"items": [...]}` (protojson, FORMATS.md 4.5) and their YAML forms
// (`containers:` / `items:` then `- ` items, sigs.k8s.io/yaml, keys sorted). Older crictl printed
// the bare list (`[ {...} ]`, `- ...`); both are read. Reference: FORMATS.md 4.5; cri-tools
// cmd/crictl/{container.go,sandbox.go} (`outputProtobufObjAsJSON` / `outputProtobufObjAsYAML`).
//
// One event per list item, spanning the item's lines, with the fields, entities and severity of
// the table forms (crictl-ps rows: `what: 'container-state'`; crictl-pods rows: `'sandbox-state'`).
// `createdAt` is nanoseconds since the epoch as a string (protojson int64): an exact time.
//
// Streamed line by line, never the whole document at once: a string-aware bracket counter finds
// where each item's `{` opens and closes (the item's text then goes to JSON.parse); in YAML an item
// runs from its `- ` line to the next line indented no deeper than that dash. The lines around the
// items (`{`, `"containers": [`, `]`, `}`, `containers:`) are skipped as 'header'. A top-level `{`
// whose first key is not `containers` / `items` is an item itself (a paste that starts mid-list),
// so every item reads the same from its own lines (record-local). A cut-short last JSON item is
// closed from its complete lines as in crictl inspect (json-lines.ts `closeCut`).
import { parseDocument } from 'yaml';
import type { EntityRef, FieldValue, LogEvent } from '../model/event.ts';
import { microsToIso } from '../util/time.ts';
import {
  afterCrictlEcho,
  containerEntities,
  containerSeverity,
  containerSummary,
  fieldPutter,
  handleCrictlCliLine,
  nanosToMicros,
  sandboxEntities,
  sandboxSeverity,
  sandboxSummary,
} from './crictl-shared.ts';
import { isBlank, makeEvent } from './event-builder.ts';
import { indentOf, JsonDepth, num, obj, path, recordValue, str } from './json-lines.ts';
import type { EventSink, LineParser, ParseContext, Parser } from './parser-api.ts';

// ---------------------------------------------------------------------------------------------
// One item -> one event

function labelFields(v: unknown, prefix: string, into: Record<string, FieldValue>): void {
  const o = obj(v);
  if (!o) return;
  for (const [k, x] of Object.entries(o)) if (typeof x === 'string') into[`${prefix}.${k}`] = x;
}

/** The creation time: protojson int64 nanoseconds as a string (or a number, after jq). */
function createdMicros(v: unknown): number | null {
  if (typeof v === 'string') return nanosToMicros(v);
  if (typeof v === 'number' && Number.isSafeInteger(Math.floor(v / 1000))) return nanosToMicros(String(v));
  return null;
}

interface ItemNotes {
  truncated: boolean;
  items: number;
}

/** An item of `ps -o json` (a CRI Container) or `pods -o json` (a CRI PodSandbox), or null. */
function itemEvent(
  ctx: ParseContext,
  v: unknown,
  line: number,
  lineEnd: number,
  notes: ItemNotes,
): LogEvent | null {
  const o = obj(v);
  if (!o) return null;
  const id = str(o.id);
  const state = str(o.state) ?? '';
  const podSandboxId = str(o.podSandboxId) ?? str(o.pod_sandbox_id);
  const isContainer = podSandboxId !== undefined || state.startsWith('CONTAINER_');
  const isPod =
    !isContainer && (state.startsWith('SANDBOX_') || path(o, 'metadata', 'namespace') !== undefined);
  if (!isContainer && !isPod) return null;
  const fields: Record<string, FieldValue> = {};
  const put = fieldPutter(fields);
  const created = createdMicros(o.createdAt ?? o.created_at);
  const createdIso = created === null ? undefined : microsToIso(created);
  const attempt = num(path(o, 'metadata', 'attempt'));
  const podUid = str(path(o, 'labels', 'io.kubernetes.pod.uid'));
  let message: string;
  let entities: EntityRef[];
  let severity: LogEvent['severity'];
  if (isContainer) {
    const name = str(path(o, 'metadata', 'name'));
    const image = str(path(o, 'image', 'image'));
    const pod = str(path(o, 'labels', 'io.kubernetes.pod.name'));
    const namespace = str(path(o, 'labels', 'io.kubernetes.pod.namespace'));
    put('container_id', id);
    put('image', image);
    put('imageRef', str(o.imageRef) ?? str(o.image_ref));
    put('createdAt', createdIso);
    put('state', state);
    put('name', name);
    put('attempt', attempt);
    put('pod_id', podSandboxId);
    put('pod', pod);
    put('namespace', namespace);
    labelFields(o.labels, 'label', fields);
    labelFields(o.annotations, 'annotation', fields);
    fields.what = 'container-state';
    message = containerSummary(name, id, state, attempt, pod, namespace, image, createdIso);
    entities = containerEntities(id, podSandboxId, pod, namespace);
    severity = containerSeverity(state);
  } else {
    const name = str(path(o, 'metadata', 'name'));
    const namespace = str(path(o, 'metadata', 'namespace'));
    const uid = str(path(o, 'metadata', 'uid'));
    const runtime = str(o.runtimeHandler) ?? str(o.runtime_handler);
    put('pod_id', id);
    put('createdAt', createdIso);
    put('state', state);
    put('name', name);
    put('namespace', namespace);
    put('uid', uid);
    put('attempt', attempt);
    put('runtime', runtime);
    labelFields(o.labels, 'label', fields);
    labelFields(o.annotations, 'annotation', fields);
    fields.what = 'sandbox-state';
    message = sandboxSummary(name, namespace, id, state, attempt, runtime, createdIso);
    entities = sandboxEntities(id, name, namespace, uid);
    severity = sandboxSeverity(state);
  }
  if (podUid && isContainer) entities.push({ kind: 'pod', id: podUid });
  if (notes.truncated) {
    fields.truncated = true;
    message += ' [JSON cut short: later fields missing]';
  }
  if (notes.items > 1) {
    fields.items_on_same_lines = notes.items;
    message += ` [${notes.items - 1} more item(s) on the same lines not read]`;
  }
  return makeEvent(ctx, {
    line,
    lineEnd,
    time: created,
    timeQuality: created === null ? 'none' : 'exact',
    severity,
    message,
    fields,
    entities,
  });
}

// ---------------------------------------------------------------------------------------------
// JSON: items found by a bracket counter

/** An item object being read: its lines from its `{`, and the counter inside it. */
interface JsonItem {
  line: number;
  lines: string[];
  counter: JsonDepth;
}

/** Consecutive lines owned by items (several when items share a line: `}, {`). */
interface ItemRecord {
  line: number;
  lineEnd: number;
  /** Text of each closed item, in order. */
  done: string[][];
  open: JsonItem | null;
}

/** The list keys crictl prints: `"containers": [` (ps), `"items": [` (pods). */
const LIST_KEYS = new Set(['containers', 'items']);

// `{"containers": [`: a top-level `{` followed on its line by its first key
const FIRST_KEY_RE = /^\s*"((?:[^"\\]|\\.){0,64})"/;

// ---------------------------------------------------------------------------------------------
// YAML: items from `- ` to the next line no deeper than the dash

// `containers:`, `items:`, `items: []` (sigs.k8s.io/yaml of ListContainersResponse / ListPodSandboxResponse)
const YAML_LIST_KEY_RE = /^(containers|items):\s*(\[\])?\s*$/;
// `- annotations:`, `  - id: 4f2c...`, `-` (an item whose first key is on the next line)
const YAML_ITEM_RE = /^( *)-(?: |$)/;

interface YamlItem {
  line: number;
  indent: number;
  lines: string[];
}

function yamlValue(lines: readonly string[]): { value: unknown } | { error: string } {
  // failsafe: every scalar stays a string (an id like `1234e567...` must not become a number);
  // the fields are typed by the reader (num(), nanosToMicros()).
  const doc = parseDocument(lines.join('\n'), { schema: 'failsafe', logLevel: 'silent' });
  if (doc.errors.length > 0) return { error: doc.errors[0].message.split('\n')[0] };
  const v: unknown = doc.toJS({ maxAliasCount: 10 });
  return { value: Array.isArray(v) ? v[0] : v };
}

// ---------------------------------------------------------------------------------------------
// The line parser

class CrictlPsJsonLineParser implements LineParser {
  /** Brackets open outside items (`{`, `[`), as char codes; empty outside the JSON text. */
  private stack: number[] = [];
  private rec: ItemRecord | null = null;
  /** A top-level `{` alone on its line: a document or an item, decided by the next line's key. */
  private pending: { text: string; line: number } | null = null;
  /** A YAML list is open (its key line seen, or a bare `- ` item). */
  private yamlList = false;
  private yamlItem: YamlItem | null = null;
  private lastLine = 0;

  constructor(
    private readonly ctx: ParseContext,
    private readonly sink: EventSink,
  ) {}

  push(text: string, line: number): void {
    if (line !== this.lastLine + 1) {
      // A line the ingest kept back (over-long) sits between: nothing may span it.
      this.flushPending();
      if (this.rec) this.finishRecord(true);
      this.stack = [];
      this.finishYamlItem();
    }
    this.lastLine = line;
    if (this.yamlItem) {
      const it = this.yamlItem;
      if (!isBlank(text)) {
        const m = YAML_ITEM_RE.exec(text);
        const indent = m ? m[1].length : indentOf(text);
        if (indent > it.indent) {
          it.lines.push(text);
          return;
        }
      }
      this.finishYamlItem();
    }
    if (this.pending) {
      const p = this.pending;
      this.pending = null;
      if (isBlank(text)) {
        this.sink.skipped(p.line, 'header');
      } else {
        const key = FIRST_KEY_RE.exec(text)?.[1];
        if (key !== undefined && !LIST_KEYS.has(key)) {
          // An item whose list began above the paste: `{` then `"id": ...`.
          const counter = new JsonDepth();
          counter.scan('{', 0);
          this.rec = {
            line: p.line,
            lineEnd: p.line,
            done: [],
            open: { line: p.line, lines: ['{'], counter },
          };
        } else {
          this.sink.skipped(p.line, 'header');
          this.stack.push(123);
        }
      }
    }
    if (this.rec?.open && this.cutsItem(text)) this.finishRecord(true);
    if (this.rec || this.stack.length > 0) {
      this.jsonLine(text, line);
      return;
    }
    if (isBlank(text)) {
      this.sink.skipped(line, 'blank');
      return;
    }
    const c = text.charCodeAt(indentOf(text));
    if (c === 123 /* { */ || c === 91 /* [ */) {
      const t = text.trim();
      if (t === '{') {
        this.pending = { text, line };
        return;
      }
      if (c === 123) {
        // `{"containers": [` vs `{"id": ...` (an item on its own): the first key decides.
        const key = FIRST_KEY_RE.exec(text.slice(indentOf(text) + 1))?.[1];
        if (key !== undefined && !LIST_KEYS.has(key)) {
          this.jsonLine(text, line, true);
          return;
        }
      }
      this.jsonLine(text, line);
      return;
    }
    if (YAML_LIST_KEY_RE.test(text)) {
      this.yamlList = !text.includes('[]');
      this.sink.skipped(line, 'header');
      return;
    }
    const m = YAML_ITEM_RE.exec(text);
    if (m && (this.yamlList || m[1].length === 0)) {
      this.yamlList = true;
      this.yamlItem = { line, indent: m[1].length, lines: [text] };
      return;
    }
    if (handleCrictlCliLine(this.ctx, this.sink, text, line)) return;
    this.sink.unparsed(line, 'not part of a crictl ps/pods -o json|yaml list');
  }

  /**
   * Inside a pretty-printed item every line is indented or closes something: a line that starts
   * at the left edge with anything else (a command echo, crictl's FATA line) means it was cut.
   */
  private cutsItem(text: string): boolean {
    const c = text.charCodeAt(0);
    if (Number.isNaN(c) || c === 32 || c === 9) return false;
    return c !== 125 && c !== 93 && c !== 34 && c !== 44 && c !== 123 && c !== 91;
  }

  /**
   * One line of a JSON document: the parts inside items go to the item counter, the rest must be
   * structure (`{ } [ ] , :`, white space, the `"containers"` / `"items"` key).
   * `asItem`: the line's top-level `{` opens an item (a paste that starts mid-list).
   */
  private jsonLine(text: string, line: number, asItem = false): void {
    const n = text.length;
    let foreign = false;
    let i = 0;
    // An empty line inside an item is one of its lines too (`lines` index = line - item line).
    if (n === 0 && this.rec?.open) this.rec.open.lines.push(text);
    while (i < n) {
      const rec = this.rec;
      const it = rec?.open;
      if (rec && it) {
        // The item's first line is kept from its `{`, later lines whole.
        const start = it.lines.length === 0 ? i : 0;
        const end = it.counter.scan(text, i);
        if (end < 0) {
          it.lines.push(start === 0 ? text : text.slice(start));
          break;
        }
        it.lines.push(text.slice(start, end));
        rec.done.push(it.lines);
        rec.open = null;
        i = end;
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === 123) {
        const s = this.stack;
        const underList =
          s.length > 0 && s[s.length - 1] === 91 && (s.length === 1 || (s.length === 2 && s[0] === 123));
        if (underList || (asItem && s.length === 0)) {
          const item: JsonItem = { line, lines: [], counter: new JsonDepth() };
          if (this.rec) this.rec.open = item;
          else this.rec = { line, lineEnd: line, done: [], open: item };
          continue; // the counter reads the `{` itself
        }
        this.stack.push(c);
      } else if (c === 91) this.stack.push(c);
      else if (c === 125 || c === 93) {
        if (this.stack.length === 0) foreign = true;
        this.stack.pop();
      } else if (c === 34) {
        // A string outside items: only the list key may stand here.
        let j = i + 1;
        while (j < n && text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 ? 2 : 1;
        if (!LIST_KEYS.has(text.slice(i + 1, j))) foreign = true;
        i = j;
      } else if (!(c === 32 || c === 9 || c === 44 || c === 58)) foreign = true;
      i++;
    }
    const rec = this.rec;
    if (rec) {
      rec.lineEnd = line;
      if (!rec.open) this.finishRecord(false);
      return;
    }
    if (foreign) {
      // Not list structure: whatever it is, the document is over.
      this.stack = [];
      if (handleCrictlCliLine(this.ctx, this.sink, text, line)) return;
      this.sink.unparsed(line, 'not part of a crictl ps/pods -o json list (text outside the list items)');
      return;
    }
    this.sink.skipped(line, isBlank(text) ? 'blank' : 'header');
  }

  private flushPending(): void {
    if (this.pending) this.sink.skipped(this.pending.line, 'header');
    this.pending = null;
  }

  /** Emits the record's event; `cut` when its last item may never close (a gap, the end, a cut). */
  private finishRecord(cut: boolean): void {
    const rec = this.rec;
    this.rec = null;
    if (!rec) return;
    if (cut) this.stack = [];
    const items = rec.done.length + (rec.open ? 1 : 0);
    const v = recordValue(rec.done, rec.open ? rec.open.lines : null);
    let failure: string;
    if (v.ok) {
      const lineEnd = v.truncated && rec.open ? rec.open.line + v.lines.length - 1 : rec.lineEnd;
      const e = itemEvent(this.ctx, v.value, rec.line, lineEnd, { truncated: v.truncated, items });
      if (e) {
        this.sink.event(e);
        for (let l = lineEnd + 1; l <= rec.lineEnd; l++) {
          this.sink.unparsed(l, 'cut-short line after the last complete line of a crictl -o json list item');
        }
        return;
      }
      failure = 'is neither a container nor a pod sandbox';
    } else failure = v.failure;
    const reason = `crictl -o json list item at lines ${rec.line}-${rec.lineEnd} ${failure}`;
    for (let l = rec.line; l <= rec.lineEnd; l++) this.sink.unparsed(l, reason);
  }

  private finishYamlItem(): void {
    const it = this.yamlItem;
    this.yamlItem = null;
    if (!it) return;
    const lineEnd = it.line + it.lines.length - 1;
    const r = yamlValue(it.lines);
    if ('value' in r) {
      const e = itemEvent(this.ctx, r.value, it.line, lineEnd, { truncated: false, items: 1 });
      if (e) {
        this.sink.event(e);
        return;
      }
    }
    const why = 'error' in r ? `does not parse: ${r.error}` : 'is neither a container nor a pod sandbox';
    for (let l = it.line; l <= lineEnd; l++) {
      this.sink.unparsed(l, `crictl -o yaml list item at lines ${it.line}-${lineEnd} ${why}`);
    }
  }

  end(): void {
    this.flushPending();
    if (this.rec) this.finishRecord(true);
    this.finishYamlItem();
  }
}

// ---------------------------------------------------------------------------------------------
// Detection

// `  "containers": [`, `{"items": [` (protojson may print two spaces after the colon)
const JSON_LIST_RE = /"(?:containers|items)":\s{0,2}\[/;
// Keys only CRI list items hold: `"podSandboxId": "9e8d..."`, `"state": "CONTAINER_EXITED"`,
// `"state": "SANDBOX_READY"`, and their YAML spellings (`podSandboxId: 9e8d...`, `state: SANDBOX_READY`)
const ITEM_KEY_RE =
  /^\s*(?:- )?(?:"podSandboxId":|podSandboxId:|"state":\s{1,2}"(?:CONTAINER|SANDBOX)_|state: (?:CONTAINER|SANDBOX)_)/;
// Documents that also hold `items` or `state`: kubectl -o json|yaml (`"apiVersion": "v1",`,
// `kind: Pod`, `status:`), docker inspect (`"Id": "4f2c..."`), journalctl -o json (`"__CURSOR" : "s=..."`),
// crictl inspect / inspectp (`"status": {`).
const FOREIGN_RE = /"apiVersion"|^apiVersion:|^kind:|"kind":|"__CURSOR"|"Id":|"status":\s{0,2}\{|^status:/;

function detectPsJson(head: readonly string[]): number {
  const rest = afterCrictlEcho(head);
  if (rest.length === 0) return 0;
  if (rest.some((l) => FOREIGN_RE.test(l))) return 0;
  const items = rest.some((l) => ITEM_KEY_RE.test(l));
  if (!items) return 0;
  const first = rest[0].trim();
  if (first.startsWith('{') || first === '[') {
    if (rest.some((l) => JSON_LIST_RE.test(l))) return 0.95;
    // A bare list (older crictl) or a paste that starts inside the list.
    return rest.some((l) => l.includes('"podSandboxId"') || l.includes('"runtimeHandler"')) ? 0.8 : 0;
  }
  if (YAML_LIST_KEY_RE.test(rest[0])) return 0.95;
  if (YAML_ITEM_RE.test(rest[0])) return 0.8;
  return 0;
}

export const crictlPsJsonParser: Parser = {
  id: 'crictl-ps-json',
  title: 'crictl ps / pods -o json|yaml',
  version: 2,
  samples: [
    // crictl ps -a -o json (FORMATS.md examples/crictl-ps-json-yaml.synthetic.txt)
    [
      '{',
      '  "containers": [',
      '    {',
      '      "id": "4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6",',
      '      "podSandboxId": "9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9",',
      '      "metadata": {',
      '        "name": "api",',
      '        "attempt": 3',
      '      },',
      '      "state": "CONTAINER_EXITED",',
      '      "createdAt": "1764151121912345678",',
      '      "labels": {',
      '        "io.kubernetes.pod.name": "api-0",',
      '        "io.kubernetes.pod.namespace": "default"',
      '      }',
      '    }',
      '  ]',
      '}',
      '',
    ].join('\n'),
    // crictl ps -a -o yaml (the same, converted)
    [
      'containers:',
      '- createdAt: "1764151121912345678"',
      '  id: 4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6',
      '  labels:',
      '    io.kubernetes.pod.name: api-0',
      '    io.kubernetes.pod.namespace: default',
      '  metadata:',
      '    attempt: 3',
      '    name: api',
      '  podSandboxId: 9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9',
      '  state: CONTAINER_EXITED',
      '',
    ].join('\n'),
    // crictl pods -o json (ListPodSandboxResponse: `items`)
    [
      '{',
      '  "items": [',
      '    {',
      '      "id": "9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9",',
      '      "metadata": {',
      '        "name": "api-0",',
      '        "uid": "6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b",',
      '        "namespace": "default",',
      '        "attempt": 1',
      '      },',
      '      "state": "SANDBOX_READY",',
      '      "createdAt": "1763971920500000000",',
      '      "runtimeHandler": ""',
      '    }',
      '  ]',
      '}',
      '',
    ].join('\n'),
  ],
  detect: detectPsJson,
  create(ctx, sink) {
    return new CrictlPsJsonLineParser(ctx, sink);
  },
};
