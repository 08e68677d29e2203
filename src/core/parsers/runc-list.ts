// `runc list` (`runc --root /run/containerd/runc/k8s.io list`): ID PID STATUS BUNDLE CREATED OWNER.
// Reference: opencontainers/runc list.go (tabwriter minwidth 12, padding 3; rows
// `%s\t%d\t%s\t%s\t%s\t%s\n` with CREATED as time.RFC3339Nano; OWNER added in runc 1.0-rc5,
// older tables end at CREATED; `-q` prints ids only; `-f json` is one JSON line, not read here).
// Real input: corpus containerd-3938 runc-list.txt (a very wide table: BUNDLE ~119 characters).
//
// Rows are cut at the header's offsets (a bundle path may hold a space); a row that does not fit
// them, or one without a header (`runc list | grep <id>`), is read by its words in runc's order.
//
// One event per row: `what: 'container-state'`, time = CREATED (exact, RFC 3339 with zone); the id
// as a container entity, the PID as a pid entity unless 0 (runc prints 0 for a stopped container).
import type { EntityRef, FieldValue, LogEvent } from '../model/event.ts';
import { parseIso } from '../util/time.ts';
import { makeEvent } from './event-builder.ts';
import type { ParseContext, Parser } from './parser-api.ts';
import {
  type Column,
  cutRow,
  echoedCommand,
  HEX64_RE,
  headerColumns,
  type TableSpec,
  tableParser,
  wordsOf,
} from './table-common.ts';

const TITLES: Record<string, string> = {
  ID: 'id',
  PID: 'pid',
  STATUS: 'status',
  BUNDLE: 'bundle',
  CREATED: 'created',
  OWNER: 'owner',
};
const ORDER = ['id', 'pid', 'status', 'bundle', 'created', 'owner'];

// `ID                                                                 PID         STATUS      BUNDLE      CREATED                          OWNER`
// (runc list.go; without OWNER before runc 1.0-rc5)
const HEADER_RE = /^ID +PID +STATUS +BUNDLE +CREATED(?: +OWNER)? *$/;

/** libcontainer Status.String(). */
const STATUSES = new Set(['created', 'running', 'pausing', 'paused', 'stopped', 'unknown']);

// A container id as runc accepts it (libcontainer validateID: `^[\w+-\.]+$`):
// `bbb425b0807133b5db7f01ff1e4ff1b21f16a0c90ae4033f76d055a438a033eb`, `test_box1`
const ID_RE = /^[\w+.-]{1,256}$/;
// `36211`, `0`
const PID_RE = /^\d{1,10}$/;
// `/run/containerd/io.containerd.runtime.v1.linux/moby/bbb425b0...` (an absolute path)
const BUNDLE_RE = /^\/\S{0,4096}(?: \S{1,4096})?$/;
// `root`, `1000` (a user name, or the uid when it has none; `#1000` in some builds)
const OWNER_RE = /^#?[\w.-]{1,64}$/;

interface Row {
  id: string;
  pid: number;
  status: string;
  bundle: string;
  created: string;
  createdAt: number;
  owner?: string;
}

function header(text: string): Column[] | null {
  return HEADER_RE.test(text) ? headerColumns(text, TITLES) : null;
}

function check(c: Record<string, string | undefined>): Row | string {
  const { id = '', pid = '', status = '', bundle = '', created = '', owner } = c;
  if (!ID_RE.test(id)) return 'ID is not a container id';
  if (!PID_RE.test(pid)) return 'PID is not a number';
  if (!STATUSES.has(status))
    return `"${status.slice(0, 40)}" is not a runc status (created, running, paused, stopped)`;
  if (!BUNDLE_RE.test(bundle)) return 'BUNDLE is not an absolute path';
  const t = parseIso(created);
  if (!t?.zoned) return 'CREATED is not an RFC 3339 time';
  if (owner !== undefined && owner !== '' && !OWNER_RE.test(owner)) return 'OWNER is not a user name';
  const row: Row = { id, pid: Number(pid), status, bundle, created, createdAt: t.micros };
  if (owner) row.owner = owner;
  return row;
}

function readRow(text: string, cols: Column[] | null): Row | string {
  let firstProblem: string | null = null;
  if (cols) {
    const c = cutRow(text, cols);
    if (c) {
      const r = check(c);
      if (typeof r !== 'string') return r;
      firstProblem = r;
    }
  }
  const words = wordsOf(text, 7).map((w) => w.text);
  if (words.length === 5 || words.length === 6) {
    const c: Record<string, string> = {};
    words.forEach((w, i) => {
      c[ORDER[i]] = w;
    });
    const r = check(c);
    if (typeof r !== 'string') return r;
    firstProblem ??= r;
  }
  return firstProblem ?? 'not a runc list row (ID PID STATUS BUNDLE CREATED OWNER)';
}

function rowEvent(ctx: ParseContext, line: number, r: Row): LogEvent {
  const fields: Record<string, FieldValue> = {
    what: 'container-state',
    id: r.id,
    pid: r.pid,
    status: r.status,
    bundle: r.bundle,
    created: r.created,
  };
  if (r.owner !== undefined) fields.owner = r.owner;
  const entities: EntityRef[] = [{ kind: 'container', id: r.id }];
  if (r.pid > 0) entities.push({ kind: 'pid', id: String(r.pid) });
  const shortId = HEX64_RE.test(r.id) ? r.id.slice(0, 12) : r.id;
  const message = `runc container ${shortId} ${r.status}${r.pid > 0 ? ` pid ${r.pid}` : ''} (bundle ${r.bundle})`;
  return makeEvent(ctx, {
    line,
    time: r.createdAt,
    timeQuality: 'exact',
    severity: r.status === 'unknown' ? 'warning' : undefined,
    message,
    fields,
    entities,
  });
}

function isRuncList(t: string | undefined): boolean {
  const w = t ? echoedCommand(t) : null;
  return w !== null && w[0] === 'runc' && w.includes('list');
}

const TABLE: TableSpec<Column[], Row> = {
  header,
  readRow,
  rowEvent,
  isEcho: isRuncList,
  noHeader: [0.9, 0.8],
};

export const runcListParser: Parser = tableParser(TABLE, {
  id: 'runc-list',
  title: 'runc list',
  version: 1,
  samples: [
    // corpus containerd-3938 runc-list.txt (without its `# runc ...` prompt line)
    [
      'ID                                                                 PID         STATUS      BUNDLE                                                                                                                 CREATED                          OWNER',
      'bbb425b0807133b5db7f01ff1e4ff1b21f16a0c90ae4033f76d055a438a033eb   36211       running     /run/containerd/io.containerd.runtime.v1.linux/moby/bbb425b0807133b5db7f01ff1e4ff1b21f16a0c90ae4033f76d055a438a033eb   2019-12-06T11:03:54.781076068Z   root',
      '',
    ].join('\n'),
  ],
});
