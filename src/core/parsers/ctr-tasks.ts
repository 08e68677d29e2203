// `ctr tasks ls` (`ctr t ls`, `ctr -n k8s.io task ls`): TASK PID STATUS. Reference: FORMATS.md 5.1
// (containerd cmd/ctr/commands/tasks/list.go: tabwriter minwidth 4, padding 4; `-q` ids only).
//
// Cells never hold spaces, so a row is its words. The header says which columns the rows have:
// authors cut columns out (corpus containerd-10636: `<id> RUNNING`, no PID, no header), so when
// the words do not fit the header, or there is none, each word after the task id is read by its
// shape (a number is the PID, an upper-case enum word the status).
//
// One event per row: `what: 'task-state'`, no time (the table says nothing about when), the task
// id as a container entity (a 64-hex CRI container id, or the name given to `ctr run`), the PID
// as a pid entity unless 0 (no process: the task was never started or its process is gone).
import type { EntityRef, FieldValue, LogEvent } from '../model/event.ts';
import { makeEvent } from './event-builder.ts';
import type { ParseContext, Parser } from './parser-api.ts';
import {
  CTR_ID_RE,
  HEX64_RE,
  type HeadLineKind,
  isCtrCommand,
  scanTableHead,
  type TableSpec,
  tableParser,
  tableScore,
  wordsOf,
} from './table-common.ts';

const TITLES: Record<string, string> = { TASK: 'task', PID: 'pid', STATUS: 'status' };

// `TASK                                                                PID      STATUS    `
// (FORMATS.md 5.1; the header ends with a TAB, so trailing spaces), also with a column cut out.
const HEADER_RE = /^TASK(?: +PID)?(?: +STATUS)? *$/;

/** api/types/task/task.pb.go Status enum names (FORMATS.md 5.1). */
const STATUSES = new Set(['UNKNOWN', 'CREATED', 'RUNNING', 'STOPPED', 'PAUSED', 'PAUSING']);

// `41235`, `0`
const PID_RE = /^\d{1,10}$/;

interface Row {
  task: string;
  pid?: number;
  status?: string;
}

function header(text: string): string[] | null {
  if (!HEADER_RE.test(text)) return null;
  const keys = wordsOf(text).map((w) => TITLES[w.text]);
  return keys.length >= 2 ? keys : null;
}

/** Words in the header's column order, each checked by its column. */
function byHeader(words: string[], keys: string[]): Row | null {
  if (words.length !== keys.length) return null;
  const row: Row = { task: '' };
  for (let i = 0; i < keys.length; i++) {
    const w = words[i];
    if (keys[i] === 'task') {
      if (!CTR_ID_RE.test(w)) return null;
      row.task = w;
    } else if (keys[i] === 'pid') {
      if (!PID_RE.test(w)) return null;
      row.pid = Number(w);
    } else {
      if (!STATUSES.has(w)) return null;
      row.status = w;
    }
  }
  return row;
}

/** A row without a usable header: the task id, then a PID and/or a status, told apart by shape. */
function byShape(words: string[]): Row | string {
  const task = words[0];
  if (!CTR_ID_RE.test(task)) return 'first word is not a task id';
  if (words.length > 3) return 'more words than TASK PID STATUS';
  const row: Row = { task };
  for (const w of words.slice(1)) {
    if (PID_RE.test(w) && row.pid === undefined && row.status === undefined) row.pid = Number(w);
    else if (STATUSES.has(w) && row.status === undefined) row.status = w;
    else return `"${w.slice(0, 40)}" is neither a PID nor a task status (RUNNING, STOPPED, ...)`;
  }
  if (row.status !== undefined) return row;
  // An id alone (`ctr t ls -q`) only when it is unmistakably one: a 64-hex container id.
  if (words.length === 1) return HEX64_RE.test(task) ? row : 'not a ctr tasks row (TASK PID STATUS)';
  return 'no task status (RUNNING, STOPPED, ...)';
}

function readRow(text: string, keys: string[] | null): Row | string {
  const words = wordsOf(text, 3).map((w) => w.text);
  if (keys) {
    const r = byHeader(words, keys);
    if (r) return r;
  }
  return byShape(words);
}

function rowEvent(ctx: ParseContext, line: number, r: Row): LogEvent {
  const fields: Record<string, FieldValue> = { what: 'task-state', task: r.task };
  const entities: EntityRef[] = [{ kind: 'container', id: r.task }];
  if (r.pid !== undefined) {
    fields.pid = r.pid;
    if (r.pid > 0) entities.push({ kind: 'pid', id: String(r.pid) });
  }
  if (r.status !== undefined) fields.status = r.status;
  let message = `task ${r.task}`;
  if (r.status) message += ` ${r.status}`;
  if (r.pid !== undefined) message += r.pid > 0 ? ` pid ${r.pid}` : ' (no pid)';
  return makeEvent(ctx, {
    line,
    severity: r.status === 'UNKNOWN' ? 'warning' : undefined,
    message,
    fields,
    entities,
  });
}

/** Without a header only an unmistakable row counts: a 64-hex id, or id, PID and status. */
function headKind(text: string): HeadLineKind {
  const r = byShape(wordsOf(text, 3).map((w) => w.text));
  if (typeof r === 'string') return 'other';
  if (r.status === undefined) return 'weak';
  return HEX64_RE.test(r.task) || r.pid !== undefined ? 'row' : null;
}

const TASK_OBJECTS = new Set(['t', 'task', 'tasks']);

const TABLE: TableSpec<string[], Row> = {
  header,
  readRow,
  rowEvent,
  isEcho: (t) => isCtrCommand(t, TASK_OBJECTS),
  headKind,
  noHeader: [0.9, 0.7],
};

export const ctrTasksParser: Parser = tableParser(TABLE, {
  id: 'ctr-tasks',
  title: 'ctr tasks ls',
  version: 1,
  samples: [
    // FORMATS.md 5.1 (examples/ctr-outputs.synthetic.txt lines 2-7)
    [
      'TASK                                                                PID      STATUS    ',
      '4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6    41235    STOPPED',
      '9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9    41211    RUNNING',
      'redis                                                               2210     PAUSED',
      'build-1                                                             0        CREATED',
      'lost-1                                                              0        UNKNOWN',
      '',
    ].join('\n'),
    // corpus containerd-10636: a grep-filtered row with its PID column edited out, no header
    'ctr -n k8s.io task ls | grep 99e515590f7ce6ac070dd41a9e817a8ce74043a739c6d4f16370e3070dc240b6\n99e515590f7ce6ac070dd41a9e817a8ce74043a739c6d4f16370e3070dc240b6 RUNNING\n',
  ],

  detect(head, _fileName, command) {
    const h = scanTableHead(TABLE, head, command);
    const score = tableScore(h, TABLE.noHeader);
    if (score > 0) return score;
    // Ids alone (`ctr t ls -q`) under an echoed `ctr task ls`.
    return h.echo && h.weak > 0 && h.other === 0 ? 0.8 : 0;
  },
});
