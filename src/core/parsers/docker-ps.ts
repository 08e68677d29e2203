// `docker ps` / `docker ps -a` (also `--no-trunc`, `-s`, custom `--format "table ..."` columns,
// `nerdctl ps`, `podman ps`). Reference: docker/cli cli/command/formatter/container.go (default
// table `{{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}`,
// `\t{{.Size}}` with -s; Command = strconv.Quote of the command, cut to 20 characters with `…`
// (`...` before docker 17.06); RunningFor = go-units HumanDuration + " ago"); moby
// container/state.go State.String() for STATUS (`Up 3 hours`, `Up 2 minutes (healthy)`,
// `Up 5 days (Paused)`, `Restarting (1) 2 seconds ago`, `Exited (137) 5 minutes ago`, `Created`,
// `Dead`, `Removal In Progress`). Real input: corpus moby-33728 docker-ps.txt (one row, no header).
//
// Rows are cut at the header's offsets (tabwriter, padding 3: COMMAND, CREATED, STATUS and PORTS
// hold spaces, PORTS may be empty). A row that does not fit the header, or has none (a `grep`
// result, a paste whose header was left out), is read by shape in docker's default column order:
// hex id, image, quoted command, `... ago`, a status, then ports, the name and the size.
//
// One event per row, `what: 'container-state'`. Time: relative, from the STATUS age when it has
// one (`Exited (137) 5 minutes ago`: when it exited; `Up 5 days`: when it started), else from
// CREATED (`2 weeks ago`), as a range before ctx.capturedAt when known (FORMATS.md 8.4: ages
// depend on when the command ran); the ages stay in fields (`created_ago_seconds` ..
// `created_ago_max_seconds`, `up_seconds` .., `exited_ago_seconds` ..). A `CREATED AT` column
// (`2024-03-02 10:00:00 +0000 UTC`) gives an exact time instead.
import type { EntityRef, FieldValue, LogEvent, Severity } from '../model/event.ts';
import { civilToMicros } from '../util/time.ts';
import { agoInterval } from './crictl-shared.ts';
import { makeEvent } from './event-builder.ts';
import type { ParseContext, Parser } from './parser-api.ts';
import {
  ageTime,
  type Column,
  cutRow,
  echoedCommand,
  headerColumns,
  scanTableHead,
  type TableSpec,
  tableParser,
  tableScore,
  wordsOf,
} from './table-common.ts';

/** Header titles (formatter constants) -> cell keys. */
const TITLES: Record<string, string> = {
  'CONTAINER ID': 'id',
  IMAGE: 'image',
  COMMAND: 'command',
  CREATED: 'created',
  'RUNNING FOR': 'created',
  'CREATED AT': 'createdAt',
  STATUS: 'status',
  PORTS: 'ports',
  NAMES: 'names',
  SIZE: 'size',
  LABELS: 'labels',
  MOUNTS: 'mounts',
  NETWORKS: 'networks',
  'LOCAL VOLUMES': 'localVolumes',
  STATE: 'state',
  PLATFORM: 'platform',
  'HEALTH STATUS': 'healthStatus',
};

// `CONTAINER ID        IMAGE               COMMAND                  CREATED             STATUS              PORTS               NAMES`
// (docker/cli formatter; the same titles in nerdctl and podman)
const HEADER_START_RE = /^(?:CONTAINER ID|NAMES|IMAGE) {2,}/;

// go-units HumanDuration: `Less than a second`, `About a minute`, `About an hour`, `1 second`, `5 days`
const DURATION =
  '(?:Less than a second|About an? (?:minute|hour)|\\d{1,9} (?:second|minute|hour|day|week|month|year)s?)';
// State.String() suffixes: `(Paused)`, health `(healthy)`, `(unhealthy)`, `(health: starting)`
const UP_NOTE = '\\((Paused|healthy|unhealthy|health: starting)\\)';
// `Up 5 days`, `Up About an hour (healthy)`, `Up 2 hours ago` (podman before 4.0)
const UP = `Up (${DURATION})(?: ago)?(?: ${UP_NOTE})?`;
// `Exited (137) 5 minutes ago`, `Restarting (1) 2 seconds ago`
const ENDED = `(Exited|Restarting) \\((-?\\d{1,10})\\) (${DURATION}) ago`;
// `Created`, `Dead`, `Removal In Progress`; podman: `Stopped`, `Paused`, `Configured`, `Initialized`
const WORD = '(Created|Dead|Removal In Progress|Paused|Stopped|Configured|Initialized)';
// One whole STATUS cell: `Up 5 days`, `Exited (137) 5 minutes ago`, `Removal In Progress`
const STATUS_RE = new RegExp(`^(?:${UP}|${ENDED}|${WORD})$`);

// `25dc623b2164`, or 64 hex with --no-trunc
const ID_RE = /^(?:[0-9a-f]{12}|[0-9a-f]{64})$/;
// SIZE: `0B`, `2B (virtual 21.5MB)`, `1.09kB (virtual 1.23GB)` (go-units HumanSizeWithPrecision)
const SIZE_RE = /^\d{1,6}(?:\.\d{1,3})?[kMGTPEZY]?B(?: \(virtual \d{1,6}(?:\.\d{1,3})?[kMGTPEZY]?B\))?$/;
// dockershim names: `k8s_<container>_<pod>_<namespace>_<pod uid>_<attempt>`
const K8S_NAME_RE =
  /^k8s_([^_]{1,253})_([^_]{1,253})_([^_]{1,253})_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_(\d{1,9})$/;
// CREATED AT: `2024-03-02 10:00:00 +0000 UTC` (Go time.Time.String())
const CREATED_AT_RE =
  /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.\d{1,9})? ([+-])(\d\d)(\d\d)(?: [A-Z]{1,6})?$/;

type Cells = Record<string, string>;

interface Status {
  state: string;
  exitCode?: number;
  /** Age of the state's moment, seconds [min, max): when it started (Up) or exited. */
  age?: readonly [number, number];
  ageOf?: 'started' | 'finished';
  note?: string;
}

function parseStatus(s: string): Status | null {
  const m = STATUS_RE.exec(s);
  if (!m) return null;
  if (m[1] !== undefined) {
    const note = m[2];
    return {
      state: note === 'Paused' ? 'paused' : 'running',
      age: agoInterval(`${m[1]} ago`) ?? undefined,
      ageOf: 'started',
      note,
    };
  }
  if (m[3] !== undefined) {
    return {
      state: m[3] === 'Exited' ? 'exited' : 'restarting',
      exitCode: Number(m[4]),
      age: agoInterval(`${m[5]} ago`) ?? undefined,
      ageOf: 'finished',
    };
  }
  return { state: m[6] === 'Removal In Progress' ? 'removing' : m[6].toLowerCase() };
}

function header(text: string): Column[] | null {
  if (!HEADER_START_RE.test(text)) return null;
  const cols = headerColumns(text, TITLES);
  if (!cols || cols.length < 2) return null;
  const keys = new Set(cols.map((c) => c.key));
  return keys.has('id') || (keys.has('names') && keys.has('status')) ? cols : null;
}

/** Why the cells are not a docker ps row, or null. */
function cellProblem(c: Cells): string | null {
  if (c.id !== undefined && !ID_RE.test(c.id)) return 'CONTAINER ID is not a hex id';
  if (c.command !== undefined && c.command !== '' && !c.command.startsWith('"'))
    return 'COMMAND is not quoted';
  if (c.created !== undefined && agoInterval(c.created) === null)
    return 'CREATED is not an age (`2 hours ago`)';
  if (c.status !== undefined && c.status !== '' && !parseStatus(c.status))
    return 'STATUS is not a container status (Up ..., Exited (N) ... ago, Created, ...)';
  if (c.names !== undefined && /\s/.test(c.names)) return 'NAMES holds a space';
  if (c.size !== undefined && c.size !== '' && !SIZE_RE.test(c.size)) return 'SIZE is not a size';
  if (c.id === undefined && c.names === undefined) return 'no CONTAINER ID or NAMES';
  if (c.id === '' || c.names === '') return 'empty CONTAINER ID or NAMES';
  return null;
}

/** Index after the closing quote of a Go-quoted string starting at `from`, or -1. */
function quotedEnd(t: string, from: number): number {
  for (let i = from + 1; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 34) return i + 1;
  }
  return -1;
}

/** The longest run of words from `at` that `ok` accepts (at most `max` words): its length, or 0. */
function longestRun(words: readonly string[], at: number, max: number, ok: (s: string) => boolean): number {
  for (let n = Math.min(max, words.length - at); n > 0; n--) {
    if (ok(words.slice(at, at + n).join(' '))) return n;
  }
  return 0;
}

/**
 * A row in docker's default column order read by the shape of its cells, for rows without a
 * header (corpus moby-33728) or that do not fit theirs.
 */
function readByShape(text: string): Cells | string {
  const t = text.trim();
  const sp = t.search(/\s/);
  if (sp < 0) return 'not a docker ps row (one word)';
  const id = t.slice(0, sp);
  if (!ID_RE.test(id)) return 'first word is not a container id (12 or 64 hex)';
  const afterId = t.slice(sp).trimStart();
  const sp2 = afterId.search(/\s/);
  if (sp2 < 0) return 'not a docker ps row (no COMMAND)';
  const image = afterId.slice(0, sp2);
  const rest = afterId.slice(sp2).trimStart();
  if (!rest.startsWith('"')) return 'no quoted COMMAND after the image';
  const qe = quotedEnd(rest, 0);
  if (qe < 0) return 'COMMAND quote not closed';
  const command = rest.slice(0, qe);
  const words = wordsOf(rest.slice(qe), 200).map((w) => w.text);
  if (words.length > 200) return 'more words than a docker ps row holds';
  const nCreated = longestRun(words, 0, 5, (s) => s.endsWith(' ago') && agoInterval(s) !== null);
  if (nCreated === 0) return 'no CREATED age (`2 hours ago`) after COMMAND';
  const nStatus = longestRun(words, nCreated, 8, (s) => STATUS_RE.test(s));
  if (nStatus === 0) return 'no STATUS (Up ..., Exited (N) ... ago, Created, ...) after CREATED';
  const tail = words.slice(nCreated + nStatus);
  let size = '';
  if (tail.length >= 4 && SIZE_RE.test(tail.slice(-3).join(' '))) size = tail.splice(-3).join(' ');
  else if (tail.length >= 2 && SIZE_RE.test(tail[tail.length - 1])) size = tail.splice(-1)[0];
  const names = tail.pop();
  if (names === undefined) return 'no NAMES at the end of the row';
  const cells: Cells = {
    id,
    image,
    command,
    created: words.slice(0, nCreated).join(' '),
    status: words.slice(nCreated, nCreated + nStatus).join(' '),
    ports: tail.join(' '),
    names,
  };
  if (size) cells.size = size;
  return cells;
}

function readRow(text: string, cols: Column[] | null): Cells | string {
  let problem: string | null = null;
  if (cols) {
    const c = cutRow(text, cols);
    if (c) {
      problem = cellProblem(c);
      if (problem === null) return c;
    } else problem = 'cells do not line up with the header';
  }
  const r = readByShape(text);
  return typeof r === 'string' ? (problem ?? r) : r;
}

function createdAtMicros(s: string): number | null {
  const m = CREATED_AT_RE.exec(s);
  if (!m) return null;
  const off = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
  return civilToMicros(
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
    0,
    off,
  );
}

function rowEvent(ctx: ParseContext, line: number, c: Cells): LogEvent {
  const fields: Record<string, FieldValue> = { what: 'container-state' };
  const entities: EntityRef[] = [];
  for (const [k, v] of Object.entries(c)) if (v !== '') fields[k] = v;
  const created = c.created ? agoInterval(c.created) : null;
  if (created) {
    fields.created_ago_seconds = created[0];
    fields.created_ago_max_seconds = created[1];
  }
  const st = c.status ? parseStatus(c.status) : null;
  let severity: Severity | undefined;
  if (st) {
    fields.state = st.state;
    if (st.exitCode !== undefined) fields.exitCode = st.exitCode;
    if (st.note && st.note !== 'Paused') fields.health = st.note.replace('health: ', '');
    if (st.age && st.ageOf === 'started') {
      fields.up_seconds = st.age[0];
      fields.up_max_seconds = st.age[1];
    } else if (st.age) {
      fields.exited_ago_seconds = st.age[0];
      fields.exited_ago_max_seconds = st.age[1];
    }
    if (st.state === 'exited') severity = st.exitCode === 0 ? 'notice' : 'warning';
    else if (st.state === 'restarting' || st.state === 'dead' || st.note === 'unhealthy')
      severity = 'warning';
  }

  // Time: the status's moment, else the creation (see the file comment).
  let time: number | null = null;
  let timeQuality: LogEvent['timeQuality'] = 'none';
  let timeRange: [number, number] | undefined;
  const exact = c.createdAt ? createdAtMicros(c.createdAt) : null;
  const age = st?.age ?? null;
  if (age) {
    const a = ageTime(ctx, age[0], age[1]);
    ({ time, timeQuality, timeRange } = a);
    fields.time_source = st?.ageOf === 'started' ? 'started' : 'finished';
  } else if (exact !== null) {
    time = exact;
    timeQuality = 'exact';
    fields.time_source = 'created';
  } else if (created) {
    const a = ageTime(ctx, created[0], created[1]);
    ({ time, timeQuality, timeRange } = a);
    fields.time_source = 'created';
  }

  if (c.id) entities.push({ kind: 'container', id: c.id });
  if (c.image && c.image !== '<no image>') entities.push({ kind: 'image', id: c.image });
  const k8s = c.names ? K8S_NAME_RE.exec(c.names) : null;
  if (k8s) {
    fields.containerName = k8s[1];
    fields.podName = k8s[2];
    fields.podNamespace = k8s[3];
    fields.podUid = k8s[4];
    fields.attempt = Number(k8s[5]);
    entities.push({ kind: 'pod', id: `${k8s[3]}/${k8s[2]}` }, { kind: 'pod', id: k8s[4] });
  }

  const details: string[] = [];
  if (c.id) details.push(`id ${c.id.slice(0, 12)}`);
  if (c.image) details.push(`image ${c.image}`);
  if (c.created) details.push(`created ${c.created}`);
  const message = `docker container ${c.names || c.id || '?'} ${c.status || '(no status)'} (${details.join(', ')})`;
  return makeEvent(ctx, { line, time, timeQuality, timeRange, severity, message, fields, entities });
}

function isDockerPs(t: string | undefined): boolean {
  const w = t ? echoedCommand(t) : null;
  if (!w || !['docker', 'nerdctl', 'podman'].includes(w[0])) return false;
  const i = w.findIndex((x, k) => k > 0 && !x.startsWith('-'));
  return i > 0 && (w[i] === 'ps' || (w[i] === 'container' && (w[i + 1] === 'ls' || w[i + 1] === 'ps')));
}

const TABLE: TableSpec<Column[], Cells> = {
  header,
  readRow,
  rowEvent,
  isEcho: isDockerPs,
  noHeader: [0.9, 0.8],
};

export const dockerPsParser: Parser = tableParser(TABLE, {
  id: 'docker-ps',
  title: 'docker ps',
  version: 1,
  samples: [
    // corpus moby-33728 docker-ps.txt (one row; the header was not in the paste)
    '25dc623b2164        influxdb:1.2.4-alpine     "/entrypoint.sh in..."   2 weeks ago         Up 5 days           0.0.0.0:8086->8086/tcp                           influxdb\n',
    // docker ps -a (synthetic: default table, empty PORTS, exited and healthy rows)
    [
      'CONTAINER ID   IMAGE        COMMAND                  CREATED       STATUS                       PORTS                                   NAMES',
      '3f4e5d6c7b8a   nginx:1.25   "/docker-entrypoint.…"   2 hours ago   Up 2 hours (healthy)         0.0.0.0:8080->80/tcp, :::8080->80/tcp   web',
      '9a8b7c6d5e4f   redis:7      "docker-entrypoint.s…"   3 days ago    Exited (137) 5 minutes ago                                           cache',
      '',
    ].join('\n'),
  ],

  detect(head, _fileName, command) {
    const h = scanTableHead(TABLE, head, command);
    // An echoed `docker ps` vouches for a header even over lines of another shape.
    return h.header && h.echo ? 0.95 : tableScore(h, TABLE.noHeader);
  },
});
