// klog: a bare kubelet log (or kube-proxy's, or any klog user's), FORMATS.md 6.3, e.g.
// /var/log/kubelet.log, `kubectl logs` of a static pod, or a journal paste cut down to the
// identifier (`kubelet: E0413 ...`). Two forms:
//   text: `I1126 10:00:02.001122    1307 kuberuntime_container.go:809] "Killing container with a grace period" pod="default/api-0" ...`
//         (`Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg`: no year, no zone)
//   JSON: `{"ts":1753121332057.047,"caller":"kuberuntime/kuberuntime_manager.go:269","msg":"Container runtime initialized","v":0,...}`
// Text times take ctx.year and ctx.utcOffsetMinutes (inferred), stepping a year on at a
// December -> January change (one back for January -> December: `tac`-reversed logs). JSON times
// are epoch milliseconds (exact).
//
// The number after the time is kept as the field `tid` and, in a bare log, is also the event's
// pid: klog's FormatHeader calls it threadid but prints os.Getpid() (FORMATS.md 6.3; the corpus
// shows `kubelet[14260]: W0412 09:28:14.744599   14260 ...`). A `kubelet[pid]: ` prefix wins.
//
// Multi-line records: a structured value printed as `key=<` continues on TAB-indented lines up to
// a ` >` line (klog writeStringValue()); Go runtime output after a record (an `F` line's goroutine
// dump) and other indented lines are folded into it. Any other line is unparsed.
import {
  type KlogHeader,
  type KlogSeverity,
  klogJsonMicros,
  parseKlogHeader,
  parseKlogJson,
  readKlogJson,
  readKlogLine,
} from '../messages/kubelet.ts';
import { isGoStackLine, type LinePrefix, linePrefix } from '../messages/logfmt.ts';
import type { Reading } from '../messages/reading.ts';
import type { LogEvent, Severity } from '../model/event.ts';
import { civilToMicros } from '../util/time.ts';
import { isBlank } from './event-builder.ts';
import { isIndented, YearShift } from './journal-common.ts';
import { foldRecords, type RecordHead, recordEvent, recordHeadScore } from './multiline-records.ts';
import type { Parser } from './parser-api.ts';

const SEVERITY: Record<KlogSeverity, Severity> = { I: 'info', W: 'warning', E: 'err', F: 'crit' };

interface Start {
  /** Where the klog line proper starts (after a `kubelet: ` / `10.226.6.9: ` prefix). */
  from: number;
  prefix: LinePrefix | null;
  header: KlogHeader | null;
  json: ReturnType<typeof parseKlogJson>;
}

function startAt(text: string, from: number, prefix: LinePrefix | null): Start | null {
  const c = text.charCodeAt(from);
  if (c === 123 /* { */) {
    const json = parseKlogJson(text, from);
    return json ? { from, prefix, header: null, json } : null;
  }
  const header = parseKlogHeader(text, from);
  return header ? { from, prefix, header, json: null } : null;
}

/** The record a line starts, or null. */
function startOf(text: string): Start | null {
  const s = startAt(text, 0, null);
  if (s) return s;
  const prefix = linePrefix(text);
  return prefix ? startAt(text, prefix.start, prefix) : null;
}

/** A line that ends with `key=<` opens a multi-line value (klog writeStringValue()). */
function opensValue(text: string): boolean {
  return text.endsWith('=<');
}

/** ` >` closes a multi-line value (possibly followed by more pairs: ` > key=value`). */
function closesValue(text: string): boolean {
  return text.startsWith(' >') && (text.length === 2 || text.charCodeAt(2) === 32);
}

interface Rec {
  start: Start;
  line: number;
  lineEnd: number;
  texts: string[];
  /** Inside a `key=<` value. */
  open: boolean;
}

/** A record's first line, and the lines a record spans: a `key=<` value, indented lines, a stack dump. */
const HEAD: RecordHead<Start> = {
  startOf,
  weight: () => 1,
  opens: (s, text) => s.header !== null && opensValue(text),
  spans: (text, open) =>
    open || isIndented(text) || isGoStackLine(text)
      ? open && closesValue(text)
        ? opensValue(text)
        : open
      : null,
};

const NOT_A_RECORD =
  'not a klog line (expected `Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg` or `{"ts":...}` JSON)';

export const klogParser: Parser = {
  id: 'klog',
  title: 'klog (kubelet log)',
  version: 1,
  samples: [
    // FORMATS.md 6.3 (cri-o/cri-o#5549, k3s-io/k3s#2370, aws-samples/eks-workshop-v2#447),
    // the klog lines without their syslog prefix
    `I0118 10:19:44.767911  197889 status_manager.go:157] "Starting to sync pod status with apiserver"
E0118 10:19:44.767958  197889 kubelet.go:1877] "Skipping pod synchronization" err="[container runtime status check may not have completed yet, PLEG is not healthy: pleg has yet to be successful]"
E0413 10:53:52.844381    3263 kubelet.go:2055] "Skipping pod synchronization" err="PLEG is not healthy: pleg was last seen active 2h33m12.704970756s ago; threshold is 3m0s"
E1008 16:23:14.139967    1636 kubelet.go:1846] skipping pod synchronization - PLEG is not healthy: pleg was last seen active 4m51.763621609s ago; threshold is 3m0s
`,
    // examples/kubelet-json-logging.derived.txt (kubernetes/kubernetes#61117, pssh host prefix)
    `10.226.6.9: {"ts":1753121332054.528,"caller":"kubelet/kubelet.go:446","msg":"Attempting to sync node with API server","v":0}
10.226.6.9: {"ts":1753121332057.047,"caller":"kuberuntime/kuberuntime_manager.go:269","msg":"Container runtime initialized","v":0,"containerRuntime":"containerd","version":"v2.0.3","apiVersion":"v1"}
`,
  ],
  detect: (head) => recordHeadScore(head, HEAD, 90),
  create(ctx, sink) {
    const years = new YearShift();
    const event = (r: Rec): LogEvent => {
      const { start } = r;
      const h = start.header;
      let time: number | null = null;
      let severity: Severity | undefined;
      let message = '';
      const reading: Reading = { fields: {}, entities: [] };
      if (h) {
        const shift = years.step(h.month);
        time = civilToMicros(
          ctx.year + shift,
          h.month,
          h.day,
          h.hour,
          h.minute,
          h.second,
          h.micros,
          ctx.utcOffsetMinutes,
        );
        severity = SEVERITY[h.severity];
        if (!ctx.columnsOnly) {
          const text = r.texts.length > 1 ? r.texts.join('\n') : r.texts[0];
          const body = readKlogLine(text, start.from, h, reading, false);
          message = body.structured || r.texts.length === 1 ? body.message : text.slice(h.body);
        }
      } else if (start.json) {
        time = klogJsonMicros(start.json);
        severity = start.json.obj.err !== undefined ? 'err' : 'info';
        if (!ctx.columnsOnly) {
          message = start.json.msg;
          readKlogJson(start.json, reading, false);
          if (r.texts.length > 1) message = `${message}\n${r.texts.slice(1).join('\n')}`;
        }
      }
      return recordEvent(ctx, r, start.prefix, reading, {
        time,
        timeQuality: time === null ? 'none' : h ? 'inferred' : 'exact',
        pid: h?.tid,
        severity,
        message,
      });
    };

    return foldRecords<Start, Rec>(sink, {
      startOf,
      begin: (start, text, line) => ({
        start,
        line,
        lineEnd: line,
        texts: [text],
        open: start.header !== null && opensValue(text),
      }),
      take(rec, text, line, blanks) {
        // A blank line is part of the record only if more of it follows (an empty value line,
        // trimmed by a paste; a blank line between goroutines).
        if (isBlank(text)) return false;
        const belongs = rec.open
          ? isIndented(text) || closesValue(text)
          : isIndented(text) || isGoStackLine(text);
        if (!belongs) return false;
        for (let i = 0; i < blanks; i++) rec.texts.push('');
        rec.texts.push(text);
        rec.lineEnd = line;
        if (rec.open && closesValue(text)) rec.open = opensValue(text);
        return true;
      },
      event,
      notARecord: NOT_A_RECORD,
    });
  },
};
