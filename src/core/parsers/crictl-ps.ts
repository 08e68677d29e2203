// `crictl ps` / `crictl ps -a` (all cri-tools versions), headerless rows (`crictl ps -a | grep x`),
// `crictl ps -q` ids and `crictl ps -v` blocks. Reference: FORMATS.md 4.1, 4.2, 4.4.
//
// The table comes from Go's text/tabwriter (minwidth 20, padding 3): cells may hold single spaces
// (`About a minute ago`) and may be empty, so a row is cut at the column offsets of the HEADER.
// When a row does not fit the header (spaces collapsed by a chat tool, no header at all, a
// different header glued above), it is read by the shape of its cells in crictl's column order
// (hex id, image, `... ago`, state word, name, attempt, pod id, pod, namespace).
//
// Record-local by construction (the store rebuilds an event from the lines before the segment's
// first record plus the record's own lines): both readings give the same cells for the same row,
// and empty cells are left out of `fields`, so an event never depends on which header was active.
//
// Event per row / block (`what: 'container-state'`): CREATED is relative to the moment the command
// ran, so the time is 'relative': with `ctx.capturedAt` the range of creation times the age stands
// for (and its middle), else no time. Either way `created` keeps the text and `created_ago_seconds`
// .. `created_ago_max_seconds` the age interval. Severity: `notice` for Exited, `warning` for Unknown,
// none otherwise (an exited container is routine in `ps -a`: init containers, earlier attempts).
// The pod entity is `namespace/name` when the NAMESPACE column (v1.32+) or `-v`'s Namespace says it.
import type { FieldValue, LogEvent } from '../model/event.ts';
import {
  ageFields,
  agoInterval,
  type Cells,
  CREATED_SOURCE,
  CrictlTableParser,
  containerEntities,
  containerSeverity,
  containerSummary,
  createdPhraseAt,
  crictlSubcommand,
  cutCells,
  FULL_ID_RE,
  fieldPutter,
  HEADER_CELL_RE,
  isDigits,
  isHexId,
  isPsState,
  KV_BLOCK_START_RE,
  type KvBlock,
  mapFields,
  parseCliLine,
  type RowResult,
  relativeTime,
  type TimeParts,
} from './crictl-shared.ts';
import { makeEvent } from './event-builder.ts';
import type { EventSink, ParseContext, Parser } from './parser-api.ts';

/** Header titles (display.go column constants) -> stable field keys. */
const COLUMN_KEYS: Record<string, string> = {
  'CONTAINER ID': 'container_id', // <= v1.14
  CONTAINER: 'container_id',
  IMAGE: 'image',
  CREATED: 'created',
  STATE: 'state',
  NAME: 'name',
  ATTEMPT: 'attempt',
  'POD ID': 'pod_id',
  POD: 'pod', // v1.24+
  NAMESPACE: 'namespace', // v1.32+
};

// The column order every version prints, for rows read without a usable header.
const TAIL_KEYS = ['name', 'attempt', 'pod_id', 'pod', 'namespace'] as const;

// `CONTAINER           IMAGE               CREATED             STATE               NAME                ATTEMPT             POD ID              POD`
// `CONTAINER ID        IMAGE               CREATED             STATE               NAME                ATTEMPT`
// (also with spaces collapsed to one by a chat tool)
const PS_HEADER_RE = /^\s*CONTAINER(?: ID)?\s+IMAGE\s+CREATED\s+STATE\s+NAME\s+ATTEMPT(?:\s|$)/;

// Headers of neighbouring tables, so detection does not claim them.
// `POD ID              CREATED             STATE               NAME                NAMESPACE           ATTEMPT             RUNTIME`
const PODS_HEADER_RE = /^\s*POD ID\s+CREATED\s+STATE\s+NAME\s/;
// `CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS   PORTS     NAMES` (docker ps, nerdctl ps),
// `TASK    PID    STATUS`, `CONTAINER    IMAGE    RUNTIME` (ctr), `ID   PID   STATUS   BUNDLE` (runc list),
// `NAME   READY   STATUS   RESTARTS   AGE` (kubectl get pods)
const OTHER_HEADER_RE =
  /^\s*(?:CONTAINER(?: ID)?\s+IMAGE\s+(?:COMMAND|RUNTIME)|TASK\s+PID\s+STATUS|ID\s+PID\s+STATUS|NAME\s+READY\s+STATUS|NAMESPACE\s+NAME\s+READY)\b/;

// `PodID: 9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9` (only `ps -v` prints it)
const PODID_LINE_RE = /^PodID: [0-9a-f]{12,64}\s*$/;

/** Keys `crictl ps -v` prints (container.go OutputContainers, verbose branch). */
const PS_V_KEYS = new Set([
  'ID',
  'PodID',
  'Namespace',
  'Name',
  'Attempt',
  'State',
  'Image',
  'Created',
  'Labels',
  'Annotations',
]);

interface Column {
  key: string;
  start: number;
  /** Which of crictl's columns (`K_*`), or -1 for a title crictl does not print. */
  kind: number;
}

interface Header {
  /** Null when the header's spaces were collapsed: offsets are then useless. */
  columns: Column[] | null;
  /** Every column is one of crictl's, each once: rows can go straight to an event (`cutKnown`). */
  known: boolean;
  /** `rowPattern` of a known header whose first column starts the line, else null. */
  row: RegExp | null;
}

// The columns crictl prints, as small numbers for a switch.
const K_ID = 0;
const K_IMAGE = 1;
const K_CREATED = 2;
const K_STATE = 3;
const K_NAME = 4;
const K_ATTEMPT = 5;
const K_POD_ID = 6;
const K_POD = 7;
const K_NAMESPACE = 8;
const KIND_OF_KEY = new Map<unknown, number>([
  ['container_id', K_ID],
  ['image', K_IMAGE],
  ['created', K_CREATED],
  ['state', K_STATE],
  ['name', K_NAME],
  ['attempt', K_ATTEMPT],
  ['pod_id', K_POD_ID],
  ['pod', K_POD],
  ['namespace', K_NAMESPACE],
]);

function readHeader(text: string): Header {
  const columns: Column[] = [];
  for (const m of text.matchAll(HEADER_CELL_RE)) {
    const title = m[0];
    const key = COLUMN_KEYS[title] ?? title.toLowerCase().replace(/[^a-z0-9]+/g, '_');
    columns.push({ key, start: m.index, kind: KIND_OF_KEY.get(key) ?? -1 });
  }
  const keys = new Set(columns.map((c) => c.key));
  const usable = keys.has('container_id') && keys.has('image') && keys.has('created') && keys.has('state');
  const known = keys.size === columns.length && columns.every((c) => c.kind >= 0);
  const row = usable && known && columns[0].start === 0 ? rowPattern(columns) : null;
  return { columns: usable ? columns : null, known, row };
}

/** One cell's text for each of crictl's columns (`K_*`), as `rowPattern` tests it. */
const CELL_SOURCE = [
  '[0-9a-f]{12,64}', // K_ID
  '[!-~]+(?: [!-~]+)*', // K_IMAGE
  CREATED_SOURCE, // K_CREATED
  '(?:Created|Running|Exited|Unknown|CONTAINER_(?:CREATED|RUNNING|EXITED|UNKNOWN))', // K_STATE
  '[!-~]+(?: [!-~]+)*', // K_NAME
  '[0-9]{1,10}', // K_ATTEMPT
  '[0-9a-f]{12,64}', // K_POD_ID
  '[!-~]+(?: [!-~]+)*', // K_POD
  '[!-~]+(?: [!-~]+)*', // K_NAMESPACE
];

/**
 * A whole row with every cell filled, each of its column's shape (printable ASCII words joined by
 * single spaces), cells apart by 2+ spaces. For the header in PS_HEADER_RE's comment, it matches
 * `c8a8b3ea52fc6       41d36401aa93e       17 minutes ago       Running             redis               0                   26b4893f2ae75       redis-nvbxh4c8m-l5sfv           shop`
 * Used by `stateFast` with the column starts, never alone.
 */
function rowPattern(columns: Column[]): RegExp {
  return new RegExp(`^${columns.map((c) => CELL_SOURCE[c.kind]).join(' {2,}')} *$`);
}

// The STATE text of the last row `stateFast` read: a table repeats it row after row.
let lastState = '';

/**
 * `stateKnown` in one native regex test, for the common row: every cell filled and starting at
 * its column (2+ spaces before it). Cells hold single spaces at most, so the columns' starts are
 * then exactly the starts of the pattern's cells, and each cell is checked by the pattern as
 * `stateKnown` checks it (the same shapes; `trim` has nothing to cut from printable ASCII).
 * Returns undefined for any other row: `stateKnown` reads it.
 */
function stateFast(text: string, h: Header, columns: Column[]): string | undefined {
  const re = h.row;
  if (re === null) return undefined;
  const n = columns.length;
  const len = text.length;
  let stateAt = columns[0].kind === K_STATE ? 0 : -1;
  for (let i = 1; i < n; i++) {
    const start = columns[i].start;
    if (start >= len || text.charCodeAt(start) === 32) return undefined;
    if (text.charCodeAt(start - 1) !== 32 || text.charCodeAt(start - 2) !== 32) return undefined;
    if (columns[i].kind === K_STATE) stateAt = start;
  }
  if (!re.test(text)) return undefined;
  // The pattern matched one state word at the state column (none is a prefix of another + space).
  if (stateAt < 0) return undefined;
  const after = stateAt + lastState.length;
  if (
    lastState !== '' &&
    text.startsWith(lastState, stateAt) &&
    (after === len || text.charCodeAt(after) === 32)
  )
    return lastState;
  const end = text.indexOf(' ', stateAt);
  lastState = text.slice(stateAt, end === -1 ? len : end);
  return lastState;
}

/** Checks a cell map against the shapes of crictl's columns (the regexes of crictl-shared, as plain checks). */
function shapeProblem(c: Cells): string | null {
  if (!c.container_id || !isHexId(c.container_id)) return 'first cell is not a container id';
  if (!c.created || agoInterval(c.created) === null) return 'no CREATED age (`... ago`)';
  if (!c.state || !isPsState(c.state)) return 'no container state word (Created/Running/Exited/Unknown)';
  if (c.attempt !== undefined && !isDigits(c.attempt)) return 'ATTEMPT is not a number';
  if (c.pod_id !== undefined && !isHexId(c.pod_id)) return 'POD ID is not a hex id';
  return null;
}

/** Cuts a row at the header's column offsets; null when the row does not line up with them. */
function cutByHeader(text: string, columns: Column[]): Cells | null {
  const cells = cutCells(text, columns);
  return cells && !shapeProblem(cells) ? cells : null;
}

/**
 * `cutByHeader` then `rowEvent` in one pass, for a header of crictl's own columns, each once
 * (`Header.known`): the cells go straight into the event's fields, each checked as it is cut
 * (the same checks as `shapeProblem`; which one fails first does not matter here, a row that
 * fails is read by shape). Same event as the two-step path, field order included (column order,
 * `created` followed by its interval). Null when the row does not line up with the header.
 */
function cutKnown(ctx: ParseContext, line: number, text: string, columns: Column[]): LogEvent | null {
  const len = text.length;
  const first = columns[0].start;
  if (first > 0 && text.slice(0, first).trim() !== '') return null;
  const fields: Record<string, FieldValue> = {};
  let id: string | undefined;
  let image: string | undefined;
  let created: string | undefined;
  let state: string | undefined;
  let name: string | undefined;
  let attempt: string | undefined;
  let podId: string | undefined;
  let pod: string | undefined;
  let namespace: string | undefined;
  for (let i = 0; i < columns.length; i++) {
    const col = columns[i];
    const start = col.start;
    if (start >= len) break;
    // A cell that runs over a column start means this row was not laid out with this header.
    if (start > 0 && text.charCodeAt(start - 1) !== 32) return null;
    // Native slice and trim beat a loop over the padding.
    const v = text.slice(start, i + 1 < columns.length ? columns[i + 1].start : len).trim();
    if (v === '') continue;
    switch (col.kind) {
      // Checked cells hold no TAB or double space when they pass; the others are looked at.
      case K_ID:
        if (!isHexId(v)) return null;
        fields.container_id = id = v;
        break;
      case K_CREATED: {
        const r = agoInterval(v);
        if (r === null) return null;
        fields.created = created = v;
        fields.created_ago_seconds = r[0];
        fields.created_ago_max_seconds = r[1];
        break;
      }
      case K_STATE:
        if (!isPsState(v)) return null;
        fields.state = state = v;
        break;
      case K_ATTEMPT:
        if (!isDigits(v)) return null;
        attempt = v;
        fields.attempt = Number(v);
        break;
      case K_POD_ID:
        if (!isHexId(v)) return null;
        fields.pod_id = podId = v;
        break;
      default:
        // Cells hold at most single spaces; a run of spaces inside means more columns than the header.
        if (v.includes('  ') || v.includes('\t')) return null;
        if (col.kind === K_IMAGE) fields.image = image = v;
        else if (col.kind === K_NAME) fields.name = name = v;
        else if (col.kind === K_POD) fields.pod = pod = v;
        else fields.namespace = namespace = v;
    }
  }
  if (id === undefined || created === undefined || state === undefined) return null;
  fields.what = 'container-state';
  const t = relativeTime(ctx, agoInterval(created));
  return makeEvent(ctx, {
    line,
    time: t.time,
    timeQuality: t.timeQuality,
    timeRange: t.timeRange,
    severity: containerSeverity(state),
    message: containerSummary(name, id, state, attempt, pod, namespace, image, created),
    fields,
    entities: containerEntities(id, podId, pod, namespace),
  });
}

const RELATIVE_NO_TIME: TimeParts = { time: null, timeQuality: 'relative' };

/**
 * The CREATED cell of a row that `stateFast` or `stateKnown` accepted: both cut it at the header's
 * column starts (stateFast proved every cell starts at its column), so this is the same text.
 */
function createdCell(text: string, columns: Column[]): string {
  const i = columns.findIndex((c) => c.kind === K_CREATED);
  const end = i + 1 < columns.length ? columns[i + 1].start : text.length;
  return text.slice(columns[i].start, end).trim();
}

/**
 * `cutKnown` for a columns-only parse (`ParseContext.columnsOnly`): the same checks on the same
 * cells, but no fields, summary or entities. Returns the STATE cell (all of a row's columns that
 * depend on its text), or null exactly when `cutKnown` returns null (the full path then reads it).
 */
function stateKnown(text: string, columns: Column[]): string | null {
  const len = text.length;
  const first = columns[0].start;
  if (first > 0 && text.slice(0, first).trim() !== '') return null;
  let id = false;
  let created = false;
  let state: string | null = null;
  for (let i = 0; i < columns.length; i++) {
    const col = columns[i];
    const start = col.start;
    if (start >= len) break;
    if (start > 0 && text.charCodeAt(start - 1) !== 32) return null;
    const v = text.slice(start, i + 1 < columns.length ? columns[i + 1].start : len).trim();
    if (v === '') continue;
    switch (col.kind) {
      case K_ID:
        if (!isHexId(v)) return null;
        id = true;
        break;
      case K_CREATED:
        if (agoInterval(v) === null) return null;
        created = true;
        break;
      case K_STATE:
        if (!isPsState(v)) return null;
        state = v;
        break;
      case K_ATTEMPT:
        if (!isDigits(v)) return null;
        break;
      case K_POD_ID:
        if (!isHexId(v)) return null;
        break;
      default:
        if (v.includes('  ') || v.includes('\t')) return null;
    }
  }
  return id && created ? state : null;
}

/**
 * Reads a row by the shape of its words in crictl's column order. Only CREATED holds spaces, so
 * splitting on whitespace is safe; an empty IMAGE or NAME is recognised by the next cell's shape.
 */
function readByShape(text: string): RowResult {
  const w = text.trim().split(/\s+/);
  if (!isHexId(w[0])) return { reason: 'first cell is not a container id' };
  const cells: Cells = { container_id: w[0] };
  let at = 2;
  let n = createdPhraseAt(w, 2);
  if (n === 0) {
    n = createdPhraseAt(w, 1);
    at = 1;
  }
  if (n === 0) return { reason: 'no CREATED age (`... ago`) after the image' };
  if (at === 2) cells.image = w[1];
  cells.created = w.slice(at, at + n).join(' ');
  const s = at + n;
  if (!isPsState(w[s] ?? '')) return { reason: 'no container state word (Created/Running/Exited/Unknown)' };
  cells.state = w[s];
  const rest = w.slice(s + 1);
  if (rest.length > TAIL_KEYS.length)
    return { reason: `${rest.length - TAIL_KEYS.length} more cells than crictl ps prints` };
  // An empty NAME: the attempt number comes right after the state, then a pod id (or nothing).
  let k = 0;
  if (rest.length > 0 && isDigits(rest[0]) && (rest.length === 1 || isHexId(rest[1]))) k = 1;
  for (const v of rest) cells[TAIL_KEYS[k++]] = v;
  const bad = shapeProblem(cells);
  return bad ? { reason: bad } : { cells };
}

function readRow(text: string, header: Header | null): RowResult {
  if (header?.columns) {
    const cells = cutByHeader(text, header.columns);
    if (cells) return { cells };
  }
  return readByShape(text);
}

function rowEvent(ctx: ParseContext, line: number, c: Cells) {
  const fields: Record<string, FieldValue> = {};
  // Same keys in the same order as the cells (for-in over a plain record: insertion order).
  for (const k in c) {
    const v = c[k];
    if (k === 'created') {
      fields.created = v;
      const r = agoInterval(v);
      if (r) {
        fields.created_ago_seconds = r[0];
        fields.created_ago_max_seconds = r[1];
      }
    } else fields[k] = k === 'attempt' ? Number(v) : v;
  }
  fields.what = 'container-state';
  const t = relativeTime(ctx, c.created ? agoInterval(c.created) : null);
  return makeEvent(ctx, {
    line,
    time: t.time,
    timeQuality: t.timeQuality,
    timeRange: t.timeRange,
    severity: containerSeverity(c.state),
    message: containerSummary(
      c.name,
      c.container_id,
      c.state,
      c.attempt,
      c.pod,
      c.namespace,
      c.image,
      c.created,
    ),
    fields,
    entities: containerEntities(c.container_id, c.pod_id, c.pod, c.namespace),
  });
}

function blockEvent(ctx: ParseContext, b: KvBlock) {
  const v = b.values;
  const fields: Record<string, FieldValue> = {};
  const put = fieldPutter(fields);
  put('container_id', v.get('ID'));
  put('pod_id', v.get('PodID'));
  put('namespace', v.get('Namespace'));
  put('name', v.get('Name'));
  const attempt = v.get('Attempt');
  if (attempt !== undefined && isDigits(attempt)) fields.attempt = Number(attempt);
  put('state', v.get('State'));
  put('image', v.get('Image'));
  const created = v.get('Created');
  if (created) ageFields('created', created, fields);
  const pod = b.labels['io.kubernetes.pod.name'];
  put('pod', pod);
  mapFields(b, fields);
  fields.what = 'container-state';
  const state = v.get('State') ?? '';
  const namespace = v.get('Namespace') || b.labels['io.kubernetes.pod.namespace'];
  const t = relativeTime(ctx, created ? agoInterval(created) : null);
  return makeEvent(ctx, {
    line: b.line,
    lineEnd: b.lineEnd,
    time: t.time,
    timeQuality: t.timeQuality,
    timeRange: t.timeRange,
    severity: containerSeverity(state),
    message: containerSummary(
      v.get('Name'),
      v.get('ID'),
      state,
      attempt,
      pod,
      namespace,
      v.get('Image'),
      created,
    ),
    fields,
    entities: containerEntities(v.get('ID'), v.get('PodID'), pod, namespace),
  });
}

class CrictlPsLineParser extends CrictlTableParser {
  private active: Header | null = null;

  constructor(ctx: ParseContext, sink: EventSink) {
    super(ctx, sink, {
      command: 'ps',
      blockKeys: PS_V_KEYS,
      noun: 'container',
      idField: 'container_id',
      idKind: 'container',
    });
  }

  protected header(text: string): boolean {
    if (!PS_HEADER_RE.test(text)) return false;
    this.active = readHeader(text);
    return true;
  }

  protected blockEvent(b: KvBlock): LogEvent {
    return blockEvent(this.ctx, b);
  }

  protected row(text: string, line: number): LogEvent | string {
    const h = this.active;
    if (h?.columns && h.known) {
      if (this.ctx.columnsOnly) {
        const state = stateFast(text, h, h.columns) ?? stateKnown(text, h.columns);
        if (state !== null) {
          // Every such row has a CREATED age (both paths check it): without a capture time its
          // time is the same for all rows, with one it needs the cell.
          const t =
            this.ctx.capturedAt === undefined
              ? RELATIVE_NO_TIME
              : relativeTime(this.ctx, agoInterval(createdCell(text, h.columns)));
          return makeEvent(this.ctx, {
            line,
            time: t.time,
            timeQuality: t.timeQuality,
            timeRange: t.timeRange,
            severity: containerSeverity(state),
            message: '',
          });
        }
      }
      const e = cutKnown(this.ctx, line, text, h.columns);
      if (e) return e;
    }
    // Under a known header a row that did not fit is read by shape (cutByHeader would fail too).
    const row = h?.known ? readByShape(text) : readRow(text, h);
    return 'cells' in row ? rowEvent(this.ctx, line, row.cells) : row.reason;
  }
}

export const crictlPsParser: Parser = {
  id: 'crictl-ps',
  title: 'crictl ps',
  version: 2,
  samples: [
    // cri-tools >= v1.32 (FORMATS.md examples/crictl-tables.synthetic.txt)
    [
      'CONTAINER           IMAGE                                CREATED                  STATE               NAME                ATTEMPT             POD ID              POD                 NAMESPACE',
      '4f2c9b7e1d0a3       a3b5c8d9e0f1a                        About a minute ago       Exited              api                 3                   9e8d7c6b5a493       api-0               default',
      '7b1e2d3c4f5a6       registry.k8s.io/kube-proxy:v1.31.2   2 hours ago              Running             kube-proxy          0                   1a2b3c4d5e6f7       kube-proxy-x7k2p    kube-system',
      '',
    ].join('\n'),
    // cri-tools <= v1.14 (cri-tools docs/crictl.md)
    [
      'CONTAINER ID        IMAGE               CREATED              STATE               NAME                ATTEMPT',
      '6ca9b5ed84892       busybox             About a minute ago   Running             busybox             0',
      '',
    ].join('\n'),
    // A grep-filtered row without its header, under the command echo (corpus cri-o-4693)
    [
      'crictl ps -a|grep drone-k3x8w2p0qzv7mn5b4tyc',
      '40e09c5d0328d       ecr.ab.example/base@sha256:181fb78a8eb5e1645da6fe690384006fd116ab0ecd115ec4b50198cc68c23a36           43 minutes ago      Exited              drone-k3x8w2p0qzv7mn5b4tyc   1                   4289b47985a8a',
      '',
    ].join('\n'),
    // crictl ps -v
    [
      'ID: 4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6',
      'PodID: 9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9',
      'Namespace: default',
      'Name: api',
      'Attempt: 3',
      'State: Exited',
      'Image: sha256:a3b5c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192',
      'Created: About a minute ago',
      'Labels:',
      '\tio.kubernetes.pod.name -> api-0',
      '',
    ].join('\n'),
  ],

  detect(head, _fileName, command) {
    let header = false;
    let foreign = false;
    let rows = 0;
    // The echo `crictl ps -q` is usually cut off above the segment by ingest and given as a hint.
    let echo = command !== undefined && crictlSubcommand(command.replace(/^sudo /, '')) === 'ps';
    let ids = 0;
    let podIdLine = false;
    let kvStart = false;
    let other = 0;
    for (const t of head) {
      if (PS_HEADER_RE.test(t)) header = true;
      else if (PODS_HEADER_RE.test(t) || OTHER_HEADER_RE.test(t)) foreign = true;
      else if (crictlSubcommand(t) === 'ps') echo = true;
      else if (KV_BLOCK_START_RE.test(t)) kvStart = true;
      else if (PODID_LINE_RE.test(t)) podIdLine = true;
      else if (FULL_ID_RE.test(t.trim())) ids++;
      else if ('cells' in readByShape(t)) rows++;
      else if (!parseCliLine(t)) other++;
    }
    if (header) return foreign ? 0.6 : 0.95;
    if (foreign) return 0;
    if (kvStart && podIdLine) return 0.9;
    if (rows > 0 && rows >= other) return echo ? 0.9 : 0.8;
    if (echo && ids > 0 && other === 0) return 0.85;
    return 0;
  },

  create(ctx, sink) {
    return new CrictlPsLineParser(ctx, sink);
  },
};
