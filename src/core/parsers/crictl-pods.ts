// `crictl pods` (pod sandboxes): tables of every cri-tools version, headerless rows
// (`crictl pods | grep api`), `crictl pods -q` ids and `crictl pods -v` blocks.
// Reference: FORMATS.md 4.1, 4.3, 4.4; cri-tools cmd/crictl/sandbox.go (ListPodSandboxes).
//
// Headers by version: `POD ID  CREATED  STATE  NAME  NAMESPACE  ATTEMPT` (v1.0 .. v1.18), the same
// plus `RUNTIME` (v1.19+, 57e7a0df), and `SANDBOX ID  NAME  STATE` (the v0.x `crictl sandboxes`,
// which printed the enum name `SANDBOX_READY`). The table comes from text/tabwriter like every
// crictl table (4.1): a row is cut at the header's column offsets; a row that does not fit them (no
// header, spaces collapsed) is read by the shape of its cells in crictl's column order.
//
// One event per pod (`what: 'sandbox-state'`): sandbox entity, pod `namespace/name`, STATE and
// ATTEMPT as fields. CREATED is an age (`2 days ago`): a relative time, a range before
// `ctx.capturedAt` when known (see crictl-shared `relativeTime`); `-v` prints Go's time.Time
// String() (`2025-11-24 08:12:00.5 +0000 UTC`), an exact time. Severity `notice` for NotReady.
//
// Record-local: both readings give the same cells for the same row, and empty cells stay out of
// `fields`, so an event never depends on which header was active.
import type { FieldValue, LogEvent } from '../model/event.ts';
import {
  ageFields,
  agoInterval,
  blockPod,
  type Cells,
  CrictlTableParser,
  createdPhraseAt,
  crictlSubcommand,
  cutCells,
  FULL_ID_RE,
  fieldPutter,
  goTimeMicros,
  HEADER_CELL_RE,
  isDigits,
  isHexId,
  KV_BLOCK_START_RE,
  type KvBlock,
  mapFields,
  parseCliLine,
  type RowResult,
  relativeTime,
  sandboxEntities,
  sandboxSeverity,
  sandboxSummary,
} from './crictl-shared.ts';
import { makeEvent } from './event-builder.ts';
import type { EventSink, ParseContext, Parser } from './parser-api.ts';

/** Header titles (sandbox.go) -> field keys. */
const COLUMN_KEYS: Record<string, string> = {
  'POD ID': 'pod_id',
  'SANDBOX ID': 'pod_id', // v0.x `crictl sandboxes`
  CREATED: 'created',
  STATE: 'state',
  NAME: 'name',
  NAMESPACE: 'namespace',
  ATTEMPT: 'attempt',
  RUNTIME: 'runtime', // v1.19+
};

// `POD ID              CREATED             STATE               NAME                NAMESPACE           ATTEMPT             RUNTIME`
// `POD ID              CREATED             STATE               NAME                NAMESPACE           ATTEMPT`
// (also with spaces collapsed to one by a chat tool)
const PODS_HEADER_RE = /^\s*POD ID\s+CREATED\s+STATE\s+NAME(?:\s|$)/;
// `SANDBOX ID          NAME                STATE` (cri-tools v0.x, `crictl sandboxes`)
const SANDBOXES_HEADER_RE = /^\s*SANDBOX ID\s+NAME\s+STATE\s*$/;

/** `convertPodState()` words and the enum names (v0.x, `-o json`). */
const POD_STATES = new Set(['Ready', 'NotReady', 'SANDBOX_READY', 'SANDBOX_NOTREADY']);

// `Status: NotReady` in `crictl pods -v`
const V_STATUS_RE = /^Status: (?:Ready|NotReady)\s*$/;
// `Status: SANDBOX_READY`: pods -v of v0.x, and `inspectp -o table` (which also prints `IP Address`)
const V_ENUM_STATUS_RE = /^Status: SANDBOX_(?:READY|NOTREADY)\s*$/;
// `IP Addresses: 10.244.1.23` / `IP Address: 10.244.1.23`: only `inspectp -o table` prints it
const V_IP_RE = /^IP Address(?:es)?: /;

/** Keys `crictl pods -v` prints (sandbox.go ListPodSandboxes, verbose branch). */
const PODS_V_KEYS = new Set([
  'ID',
  'Name',
  'UID',
  'Namespace',
  'Attempt',
  'Status',
  'Created',
  'Labels',
  'Annotations',
  'Runtime',
]);

interface Column {
  key: string;
  start: number;
}

/** Column starts of a header; null when its spaces were collapsed (offsets then say nothing). */
function readHeader(text: string): Column[] | null {
  const columns: Column[] = [];
  for (const m of text.matchAll(HEADER_CELL_RE)) {
    const key = COLUMN_KEYS[m[0]];
    // A collapsed header reads as one cell (`POD ID CREATED STATE ...`): not a known title.
    if (key === undefined) return null;
    columns.push({ key, start: m.index });
  }
  return columns.some((c) => c.key === 'pod_id') && columns.some((c) => c.key === 'state') ? columns : null;
}

/** Checks cells against the shapes of crictl's pod columns. */
function shapeProblem(c: Cells): string | null {
  if (!c.pod_id || !isHexId(c.pod_id)) return 'first cell is not a pod sandbox id';
  if (c.created !== undefined && agoInterval(c.created) === null) return 'CREATED is not an age (`... ago`)';
  if (!c.state || !POD_STATES.has(c.state)) return 'no pod state word (Ready/NotReady)';
  if (c.attempt !== undefined && !isDigits(c.attempt)) return 'ATTEMPT is not a number';
  return null;
}

/** Cuts a row at the header's column offsets; null when the row does not line up with them. */
function cutByHeader(text: string, columns: Column[]): Cells | null {
  const cells = cutCells(text, columns);
  return cells && !shapeProblem(cells) ? cells : null;
}

/**
 * Reads a row by the shape of its words in crictl's column order (id, created, state, name,
 * namespace, attempt, runtime). Only CREATED holds spaces, so splitting on whitespace is safe.
 * An empty NAMESPACE (a sandbox not made by the kubelet) is told by the attempt number moving up.
 */
function readByShape(text: string): RowResult {
  const w = text.trim().split(/\s+/);
  if (!isHexId(w[0])) return { reason: 'first cell is not a pod sandbox id' };
  const cells: Cells = { pod_id: w[0] };
  // `SANDBOX ID  NAME  STATE` (v0.x): the name before the state, no age.
  if (w.length === 3 && POD_STATES.has(w[2]) && !POD_STATES.has(w[1])) {
    return { cells: { pod_id: w[0], name: w[1], state: w[2] } };
  }
  let s = 1;
  const n = createdPhraseAt(w, 1);
  if (n > 0) {
    cells.created = w.slice(1, 1 + n).join(' ');
    s = 1 + n;
  }
  if (!POD_STATES.has(w[s] ?? '')) return { reason: 'no pod state word (Ready/NotReady) after the age' };
  cells.state = w[s];
  const rest = w.slice(s + 1);
  if (n === 0) {
    if (rest.length > 0) return { reason: 'no CREATED age (`... ago`) after the id' };
    return { cells };
  }
  if (rest.length > 4) return { reason: `${rest.length - 4} more cells than crictl pods prints` };
  let keys: string[] = ['name', 'namespace', 'attempt', 'runtime'];
  if (rest.length === 3 && !isDigits(rest[2]) && isDigits(rest[1])) keys = ['name', 'attempt', 'runtime'];
  else if (rest.length === 2 && isDigits(rest[1])) keys = ['name', 'attempt'];
  rest.forEach((v, i) => {
    cells[keys[i]] = v;
  });
  const bad = shapeProblem(cells);
  return bad ? { reason: bad } : { cells };
}

function rowEvent(ctx: ParseContext, line: number, c: Cells): LogEvent {
  const fields: Record<string, FieldValue> = {};
  for (const k in c) {
    const v = c[k];
    if (k === 'created') ageFields('created', v, fields);
    else fields[k] = k === 'attempt' ? Number(v) : v;
  }
  fields.what = 'sandbox-state';
  const t = relativeTime(ctx, c.created ? agoInterval(c.created) : null);
  return makeEvent(ctx, {
    line,
    time: t.time,
    timeQuality: t.timeQuality,
    timeRange: t.timeRange,
    severity: sandboxSeverity(c.state),
    message: sandboxSummary(c.name, c.namespace, c.pod_id, c.state, c.attempt, c.runtime, c.created),
    fields,
    entities: sandboxEntities(c.pod_id, c.name, c.namespace, undefined),
  });
}

function blockEvent(ctx: ParseContext, b: KvBlock): LogEvent {
  const v = b.values;
  const fields: Record<string, FieldValue> = {};
  const put = fieldPutter(fields);
  const id = v.get('ID');
  const { name, namespace, uid } = blockPod(b);
  const state = v.get('Status') ?? '';
  put('pod_id', id);
  put('name', v.get('Name'));
  put('uid', v.get('UID'));
  put('namespace', v.get('Namespace'));
  const attempt = v.get('Attempt');
  if (attempt !== undefined && isDigits(attempt)) fields.attempt = Number(attempt);
  put('state', state);
  const created = v.get('Created');
  put('created', created);
  put('runtime', v.get('Runtime'));
  mapFields(b, fields);
  fields.what = 'sandbox-state';
  const micros = created ? goTimeMicros(created) : null;
  return makeEvent(ctx, {
    line: b.line,
    lineEnd: b.lineEnd,
    time: micros,
    timeQuality: micros === null ? 'none' : 'exact',
    severity: sandboxSeverity(state),
    message: sandboxSummary(name, namespace, id, state, attempt, v.get('Runtime'), created),
    fields,
    entities: sandboxEntities(id, name, namespace, uid),
  });
}

class CrictlPodsLineParser extends CrictlTableParser {
  private columns: Column[] | null = null;

  constructor(ctx: ParseContext, sink: EventSink) {
    super(ctx, sink, {
      command: 'pods',
      blockKeys: PODS_V_KEYS,
      noun: 'pod sandbox',
      idField: 'pod_id',
      idKind: 'sandbox',
    });
  }

  /** `POD ID ...`, or `SANDBOX ID ...` (v0.x `crictl sandboxes`). */
  protected header(text: string): boolean {
    if (!PODS_HEADER_RE.test(text) && !SANDBOXES_HEADER_RE.test(text)) return false;
    this.columns = readHeader(text);
    return true;
  }

  protected blockEvent(b: KvBlock): LogEvent {
    return blockEvent(this.ctx, b);
  }

  protected row(text: string, line: number): LogEvent | string {
    if (this.columns) {
      const cells = cutByHeader(text, this.columns);
      if (cells) return rowEvent(this.ctx, line, cells);
    }
    const row = readByShape(text);
    return 'cells' in row ? rowEvent(this.ctx, line, row.cells) : row.reason;
  }
}

// Headers of neighbouring tables, so detection does not claim them:
// `CONTAINER           IMAGE               CREATED ...` (crictl ps), `CONTAINER ID   IMAGE     COMMAND` (docker ps),
// `TASK    PID    STATUS` (ctr), `ID   PID   STATUS   BUNDLE` (runc list), `NAME   READY   STATUS` (kubectl get pods).
const OTHER_HEADER_RE =
  /^\s*(?:CONTAINER(?: ID)?\s+IMAGE\s|TASK\s+PID\s+STATUS|ID\s+PID\s+STATUS|NAME\s+READY\s+STATUS|NAMESPACE\s+NAME\s+READY)/;

function detectPods(head: readonly string[], command?: string): number {
  let header = false;
  let sandboxes = false;
  let foreign = false;
  let rows = 0;
  let ids = 0;
  let other = 0;
  let kvStart = false;
  let status = false;
  let enumStatus = false;
  let ip = false;
  let echo = command !== undefined && crictlSubcommand(command.replace(/^sudo /, '')) === 'pods';
  for (const t of head) {
    if (PODS_HEADER_RE.test(t)) header = true;
    else if (SANDBOXES_HEADER_RE.test(t)) sandboxes = true;
    else if (OTHER_HEADER_RE.test(t)) foreign = true;
    else if (crictlSubcommand(t) === 'pods') echo = true;
    else if (KV_BLOCK_START_RE.test(t)) kvStart = true;
    else if (V_STATUS_RE.test(t)) status = true;
    else if (V_ENUM_STATUS_RE.test(t)) enumStatus = true;
    else if (V_IP_RE.test(t)) ip = true;
    else if (FULL_ID_RE.test(t.trim())) ids++;
    else if ('cells' in readByShape(t)) rows++;
    else if (!parseCliLine(t)) other++;
  }
  if (header || sandboxes) return foreign ? 0.6 : 0.95;
  if (foreign) return 0;
  if (kvStart && (status || enumStatus) && !ip) return status ? 0.9 : 0.8;
  if (rows > 0 && rows >= other) return echo ? 0.9 : 0.8;
  if (echo && ids > 0 && other === 0) return 0.85;
  return 0;
}

export const crictlPodsParser: Parser = {
  id: 'crictl-pods',
  title: 'crictl pods',
  version: 1,
  samples: [
    // cri-tools >= v1.19 (FORMATS.md examples/crictl-tables.synthetic.txt)
    [
      'POD ID              CREATED             STATE               NAME                NAMESPACE           ATTEMPT             RUNTIME',
      '9e8d7c6b5a493       2 days ago          Ready               api-0               default             1                   (default)',
      '2b3c4d5e6f708       About an hour ago   NotReady            worker-1            batch               0                   runsc',
      '',
    ].join('\n'),
    // cri-tools docs/crictl.md (before v1.19)
    [
      'POD ID              CREATED             STATE               NAME                NAMESPACE           ATTEMPT',
      '668878623a68c       17 seconds ago      Ready               nginx-sandbox       default             1',
      '',
    ].join('\n'),
    // crictl pods -v (FORMATS.md examples/crictl-inspect-table.synthetic.txt)
    [
      'ID: 9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9',
      'Name: api-0',
      'UID: 6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b',
      'Namespace: default',
      'Attempt: 1',
      'Status: Ready',
      'Created: 2025-11-24 08:12:00.5 +0000 UTC',
      'Labels:',
      '\tio.kubernetes.pod.name -> api-0',
      'Runtime: (default)',
      '',
    ].join('\n'),
  ],
  detect(head, _fileName, command) {
    return detectPods(head, command);
  },
  create(ctx, sink) {
    return new CrictlPodsLineParser(ctx, sink);
  },
};
