// `dmesg -J` / `dmesg --json` (util-linux >= 2.38; FORMATS.md 2.4). util-linux's JSON writer
// prints one object holding the array `"dmesg"`, 3 spaces per level, and starts each record after
// the first on the line that closes the one before (`},{`):
//
//   {
//      "dmesg": [
//         {
//            "pri": 0,
//            "time":     0.000000,
//            "caller": "T1",
//            "msg": "Linux version 6.6.4-arch1-1 ..."
//         },{
//            "pri": 1,
//            ...
//         }
//      ]
//   }
//
// Keys: `pri` (facility << 3 | level, a number; with `-x` the strings `"fac"` and `"pri"` = the
// facility and level names instead), `time` (seconds since boot as a raw `%5ld.%06ld` number,
// leading spaces included; absent with `--notime`), `caller` (`T<pid>` / `C<cpu>`, kernels with
// CONFIG_PRINTK_CALLER and util-linux >= 2.40), `msg`. A record whose facility/level is not valid
// has no `pri` at all (util-linux tests/expected/dmesg/json, records 96+).
// Caveat: util-linux 2.38-2.39 built against glibc >= 2.36 printed `pri` as `facility | level`
// (LOG_MAKEPRI changed meaning; fixed by util-linux commit "LOG_RAW_FAC_PRI"), so a user-space
// record's facility may be wrong there; the level (pri & 7) is right either way.
//
// One event per record, spanning its lines; the wrapper lines (`{`, `"dmesg": [`, `]`, `}`) are
// skipped as 'header'. A record begins at its `{` line, or, after `},{`, at the line after that
// (the `},{` line belongs to the record it closes): an indented `"key": ...` line with no record
// open starts one as if the `{` were on it. That keeps every record's event rebuildable from its
// own lines (docs/parsers.md, record-local). Time: `time` -> monotonic seconds, timeQuality
// 'relative' (wall time only comes from alignment, DESIGN.md section 4); severity from the level;
// `facility` and `caller` in fields; ident `kernel` for facility 0, else the `name[pid]: ` a
// user-space writer put at the start of its text (as the other dmesg parsers do). The message text
// is read by the second pass. Cut-short records are closed from their complete lines (json-lines.ts).
import type { FieldValue, LogEvent, Severity } from '../model/event.ts';
import { severityFromPriority, severityFromWord } from '../util/time.ts';
import { FACILITY_NAMES, USER_IDENT_RE } from './dmesg-common.ts';
import { isBlank, makeEvent } from './event-builder.ts';
import { firstNonSpace, indentOf, type OpenObject, OpenObjectParser, obj } from './json-lines.ts';
import type { EventSink, ParseContext, Parser } from './parser-api.ts';

const ID = 'dmesg-json';

// `   "dmesg": [` : the array of records (util-linux sys-utils/dmesg.c `ul_jsonwrt_array_open(&ctl->jfmt, "dmesg")`).
const ARRAY_OPEN_RE = /^\s*"dmesg"\s?:\s?\[\s*$/;
// `   ]`, `}`, `],`, `},`: the wrapper closing (FORMATS.md 2.4 example, last lines).
const CLOSER_RE = /^\s*[\]}],?\s*$/;
// `         "pri": 0,` / `         "time":     0.000000,` / `         "msg": "..."`: a record's key
// line, indented (tests/expected/dmesg/cid-kmsg-json).
const RECORD_KEY_RE = /^\s+"([a-z]{1,16})"\s?:/;

/** What a record object says, or why it is not one. */
function recordParts(v: unknown):
  | {
      message: string;
      monotonic?: number;
      severity?: Severity;
      facilityIndex?: number;
      fields: Record<string, FieldValue>;
    }
  | string {
  const o = obj(v);
  if (!o) return 'is not a JSON object';
  if (typeof o.msg !== 'string' && typeof o.time !== 'number')
    return 'is not a dmesg record (no "msg" and no "time")';
  const fields: Record<string, FieldValue> = {};
  let severity: Severity | undefined;
  let facilityIndex: number | undefined;
  // `"pri": 6` (facility << 3 | level) or, with -x, `"fac": "kern", "pri": "info"`.
  const pri = o.pri;
  if (typeof pri === 'number' && Number.isInteger(pri) && pri >= 0) {
    severity = severityFromPriority(pri);
    facilityIndex = pri >> 3;
    const name = FACILITY_NAMES[facilityIndex];
    if (name) fields.facility = name;
  } else if (typeof pri === 'string') {
    severity = severityFromWord(pri);
    if (typeof o.fac === 'string') {
      fields.facility = o.fac;
      const i = FACILITY_NAMES.indexOf(o.fac);
      if (i >= 0) facilityIndex = i;
    }
  }
  for (const key of Object.keys(o)) {
    if (key === 'pri' || key === 'fac' || key === 'time' || key === 'msg') continue;
    const x = o[key];
    if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') fields[key] = x;
  }
  let message = typeof o.msg === 'string' ? o.msg : '';
  // "msg (string; may end in \n)" (FORMATS.md 2.4): the record's text ends before it.
  if (message.endsWith('\n')) message = message.slice(0, -1);
  const out: ReturnType<typeof recordParts> = { message, fields };
  if (typeof o.time === 'number' && Number.isFinite(o.time)) out.monotonic = o.time;
  if (severity !== undefined) out.severity = severity;
  if (facilityIndex !== undefined) out.facilityIndex = facilityIndex;
  return out;
}

class DmesgJsonLineParser extends OpenObjectParser {
  constructor(ctx: ParseContext, sink: EventSink) {
    super(ctx, sink, ID, 'dmesg', 'record');
  }

  protected outside(text: string, line: number): void {
    const i = indentOf(text);
    const c = text.charCodeAt(i);
    if (c === 123 /* { */ && i > 0) {
      // `      {`: a record (indented: inside the array).
      this.open(text, line, i);
      return;
    }
    // `{` at the left edge: the wrapper object. `"dmesg": [`, `]`, `}`: the rest of the wrapper.
    if ((c === 123 && text.trim() === '{') || ARRAY_OPEN_RE.test(text) || CLOSER_RE.test(text)) {
      this.sink.skipped(line, 'header');
      return;
    }
    if (c === 34 /* " */ && i > 0 && RECORD_KEY_RE.test(text)) {
      // The first line of a record whose `{` closed the line before (`},{`).
      this.open(text, line, 0, '{');
      return;
    }
    this.sink.unparsed(line, `${ID}: not part of dmesg --json output (no record or wrapper line)`);
  }

  /**
   * A line that cannot be inside the open record: a `{` alone or a `]` (records hold no object or
   * array), or text that is no JSON at all (the paste went on with something else).
   */
  protected breaks(r: OpenObject, text: string): boolean {
    if (r.counter.inString) {
      // The line before ended inside a string: wrapped (this line goes on with the string) or cut.
      // It was cut when this line starts something of its own.
      const t = text.trim();
      return t === '{' || t === '},{' || RECORD_KEY_RE.test(text) || CLOSER_RE.test(text);
    }
    const c = firstNonSpace(text);
    if (c === 34 /* " */ || c === 125 /* } */) return false;
    if (c === 123 && text.trim() !== '{') return false;
    return !(c === 45 || (c >= 48 && c <= 57) || c === 44);
  }

  protected toEvent(
    r: OpenObject,
    value: unknown,
    lineEnd: number,
    truncated: boolean,
    after: string,
  ): LogEvent | string {
    const p = recordParts(value);
    if (typeof p === 'string') return p;
    const fields = p.fields;
    let ident: string | undefined;
    let pid: number | undefined;
    if (p.facilityIndex === 0) ident = 'kernel';
    else if (p.facilityIndex !== undefined) {
      // `systemd-journald[723]: Received client request to flush runtime journal.` (a record
      // user space wrote to /dev/kmsg, facility 3): its writer, as dmesg-common reads it.
      const m = USER_IDENT_RE.exec(p.message);
      if (m) {
        ident = m[1];
        pid = Number(m[2]);
      }
    }
    if (truncated) fields.truncated = true;
    // `      },{`: the next record's `{` is read with its first key line (see the file comment).
    if (!restIsPunctuation(after)) fields.textAfterObject = after.trim().slice(0, 200);
    const columnsOnly = this.ctx.columnsOnly === true;
    return makeEvent(this.ctx, {
      line: r.line,
      lineEnd,
      time: null,
      timeQuality: p.monotonic === undefined ? 'none' : 'relative',
      monotonic: p.monotonic,
      ident,
      pid,
      severity: p.severity,
      message: columnsOnly ? '' : p.message,
      fields: columnsOnly ? {} : fields,
    });
  }
}

/** After a record's `}`: nothing, or `,` / `,{` (the next record's start). */
function restIsPunctuation(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!(c === 32 || c === 9 || c === 44 || c === 123)) return false;
  }
  return true;
}

function detect(head: readonly string[]): number {
  let lines = 0;
  let shaped = 0;
  let array = false;
  let keys = 0;
  for (const text of head) {
    if (isBlank(text)) continue;
    lines++;
    if (ARRAY_OPEN_RE.test(text)) {
      array = true;
      shaped++;
      continue;
    }
    const m = RECORD_KEY_RE.exec(text);
    if (m) {
      shaped++;
      if (m[1] === 'pri' || m[1] === 'time' || m[1] === 'msg' || m[1] === 'caller' || m[1] === 'fac') keys++;
      continue;
    }
    const t = text.trim();
    if (t === '{' || t === '},{' || CLOSER_RE.test(text)) shaped++;
  }
  if (lines === 0 || !array || keys === 0) return 0;
  const fit = shaped / lines;
  return fit >= 0.8 ? 0.95 * fit : 0;
}

export const dmesgJsonParser: Parser = {
  id: ID,
  title: 'dmesg --json',
  version: 1,
  samples: [
    // examples/dmesg-json.derived.txt (util-linux tests/expected/dmesg/cid-kmsg-json, first 12 lines, closed)
    [
      '{',
      '   "dmesg": [',
      '      {',
      '         "pri": 0,',
      '         "time":     0.000000,',
      '         "caller": "T1",',
      '         "msg": "Linux version 6.6.4-arch1-1 (linux@archlinux) (gcc (GCC) 13.2.1 20230801, GNU ld (GNU Binutils) 2.41.0) #1 SMP PREEMPT_DYNAMIC Mon, 04 Dec 2023 00:29:19 +0000"',
      '      },{',
      '         "pri": 1,',
      '         "time":     0.000001,',
      '         "caller": "T2",',
      '         "msg": "Command line: initrd=\\\\ucode.img initrd=\\\\initramfs-linux.img rw cryptdevice=/dev/nvme0n1p3:system:discard root=/dev/mapper/system"',
      '      }',
      '   ]',
      '}',
      '',
    ].join('\n'),
    // `dmesg -J -x` (FORMATS.md 2.4: with -x, `"fac"` and `"pri"` are names), no caller (util-linux < 2.40)
    [
      '{',
      '   "dmesg": [',
      '      {',
      '         "fac": "kern",',
      '         "pri": "warn",',
      '         "time":  7093.543707,',
      '         "msg": "uwsgi invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=986"',
      '      },{',
      '         "fac": "syslog",',
      '         "pri": "info",',
      '         "time":    18.720000,',
      '         "msg": "systemd-journald[723]: Received client request to flush runtime journal."',
      '      }',
      '   ]',
      '}',
      '',
    ].join('\n'),
  ],
  detect,
  create(ctx, sink) {
    return new DmesgJsonLineParser(ctx, sink);
  },
};
