// `talosctl dmesg`: the kernel log of Talos nodes. machined formats each /dev/kmsg record as
// `%s: %7s: [%s]: %s` (facility, priority right-aligned to 7, RFC3339Nano time, message) and
// talosctl prints `%s: %s` (node, that) (siderolabs/talos
// internal/app/machined/internal/server/v1alpha1/v1alpha1_server.go Dmesg(),
// cmd/talosctl/cmd/talos/dmesg.go; names from siderolabs/go-kmsg message.go):
//
//   172.20.1.2: kern:    info: [2021-11-10T10:09:37.662764956Z]: Command line: init_on_alloc=1 ...
//   user: warning: [2026-01-12T20:27:31.913975631Z]: [talos] Sending SIGKILL to cgroup {"component": ...}
//
// The node prefix is missing when the paste cut it (talos#12526) or the text came from machined's
// own log. The time is boot time + the record's clock, formatted with its zone: exact. Records
// machined wrote start with `[talos] ` (ident `talos`); their text, zap's JSON fields included, is
// read by the second pass (src/core/messages/kernel.ts), like every kernel message.
//
// One line per record (the kernel escapes newlines in /dev/kmsg text). Record-local: every value
// comes from the line itself.

import { addEntity } from '../messages/reading.ts';
import type { FieldValue, Severity, TimeQuality } from '../model/event.ts';
import { parseIso, severityFromWord } from '../util/time.ts';
import { baseEvent, isBlank } from './event-builder.ts';
import { classifySpecial } from './journal-common.ts';
import type { LineParser, Parser } from './parser-api.ts';

// go-kmsg Facility.String(): `kern user mail daemon auth syslog lpr news uucp cron authpriv
// local0..local7` (it has no ftp / res slots).
const FACILITY = '(kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|authpriv|local[0-7])';
// go-kmsg Priority.String() (`warning`, not `warn`), printed with `%7s`: `   info`, `warning`.
const LEVEL = '(emerg|alert|crit|err|warning|notice|info|debug)';
// time.RFC3339Nano: `2026-01-12T20:27:31.913975631Z`, trailing fraction zeros dropped, any zone.
const STAMP = String.raw`\[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d))\]`;
// `kern:    info: [2021-11-10T10:09:37.662764956Z]: ` (after the node, or at the line start)
const RECORD_RE = new RegExp(`${FACILITY}: {1,7}${LEVEL}: ${STAMP}:(?: |$)`, 'y');

// `udevd[2239]: starting eudev-3.2.9` (a user-space writer to /dev/kmsg names itself; dmesg-common
// reads it the same way).
const USER_IDENT_RE = /^([\w.@/-]{1,64})\[(\d{1,10})\]: /;
// `[talos] task setupLogger (1/1): done` (machined writes its own log to /dev/kmsg)
const TALOS_PREFIX = '[talos] ';

function at(re: RegExp, text: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(text);
}

/** The record prefix at the line start or after a `node: ` prefix; null when neither. */
function matchRecord(text: string): { node?: string; m: RegExpExecArray; end: number } | null {
  let m = at(RECORD_RE, text, 0);
  if (m) return { m, end: RECORD_RE.lastIndex };
  // `172.20.1.2: `, `fd00::1: `, `talos-cp-1: `: the node is one token before the first `: `.
  const sep = text.indexOf(': ');
  if (sep <= 0 || sep > 255) return null;
  for (let i = 0; i < sep; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) return null;
  }
  m = at(RECORD_RE, text, sep + 2);
  if (!m) return null;
  return { node: text.slice(0, sep), m, end: RECORD_RE.lastIndex };
}

export const talosctlDmesgParser: Parser = {
  id: 'talosctl-dmesg',
  title: 'talosctl dmesg',
  version: 1,
  samples: [
    // siderolabs/talos website/content/v0.14/guides/logging.md (`talosctl -n 172.20.1.2 dmesg`)
    '172.20.1.2: kern:    info: [2021-11-10T10:09:37.662764956Z]: Command line: init_on_alloc=1 slab_nomerge pti=on consoleblank=0 nvme_core.io_timeout=4294967295 random.trust_cpu=on printk.devkmsg=on ima_template=ima-ng ima_appraise=fix ima_hash=sha512 console=ttyS0 reboot=k panic=1 talos.shutdown=halt talos.platform=metal talos.config=http://172.20.1.1:40101/config.yaml\n',
    // talos#12526 (test/fixtures/talosctl-dmesg/talosctl-1.12/talos-12526-oom-controller.txt), node cut
    'user: warning: [2026-01-12T20:27:31.913975631Z]: [talos] Sending SIGKILL to cgroup {"component": "controller-runtime", "controller": "runtime.OOMController", "cgroup": "/sys/fs/cgroup/kubepods/burstable/podfa7a7e58-0b1e-4c92-b352-eea4274ed391"}\n',
  ],
  detect(head) {
    let hits = 0;
    let n = 0;
    for (const text of head) {
      if (isBlank(text)) continue;
      if (matchRecord(text)) {
        hits++;
        n++;
      } else if (!classifySpecial(text, true)) {
        n++;
      }
    }
    return n === 0 ? 0 : Math.round((hits / n) * 1000) / 1000;
  },
  create(ctx, sink): LineParser {
    const columnsOnly = ctx.columnsOnly === true;
    return {
      push(text, line) {
        if (isBlank(text)) {
          sink.skipped(line, 'blank');
          return;
        }
        const rec = matchRecord(text);
        if (!rec) {
          // An author's `[...]` (the Talos docs' example), an echoed command.
          const sp = classifySpecial(text, true);
          if (sp) sink.skipped(line, sp.kind);
          else
            sink.unparsed(
              line,
              'talosctl-dmesg: expected `node: facility: level: [RFC 3339 time]: message` (node optional)',
            );
          return;
        }
        const { node, m, end } = rec;
        const facility = m[1];
        const severity: Severity | undefined = severityFromWord(m[2]);
        const stamp = parseIso(m[3], ctx.utcOffsetMinutes);
        const time = stamp ? stamp.micros : null;
        const quality: TimeQuality = stamp === null ? 'none' : stamp.zoned ? 'exact' : 'inferred';
        let ident: string | undefined;
        let pid: number | undefined;
        if (facility === 'kern') {
          ident = 'kernel';
        } else if (text.startsWith(TALOS_PREFIX, end)) {
          ident = 'talos';
        } else {
          const u = USER_IDENT_RE.exec(text.slice(end, end + 80));
          if (u) {
            ident = u[1];
            pid = Number(u[2]);
          }
        }
        const message = columnsOnly ? '' : text.slice(end);
        const fields: Record<string, FieldValue> = {};
        const e = baseEvent(ctx, line, line, time, quality, message, fields, ctx.format);
        if (!columnsOnly) {
          fields.facility = facility;
          if (node !== undefined) addEntity(e, 'node', node);
        }
        // makeEvent's order of the optional keys.
        if (node !== undefined) e.host = node;
        if (ident !== undefined) e.ident = ident;
        if (pid !== undefined) e.pid = pid;
        if (severity !== undefined) e.severity = severity;
        sink.event(e);
      },
      end() {},
    };
  },
};
