// `journalctl -o cat`: the bare MESSAGE of each entry, nothing else (FORMATS.md 1.3). A
// multi-line message is indistinguishable from several entries, so: one event per line. The
// journal's own time is not printed, but containerd's logrus lines carry theirs
// (`time="2020-02-12T13:12:54.556721052Z"`): that time, when it has a zone, is the event's
// (exact; zone-less ones stay untimed rather than guessed). Boot separators are still tracked.
//
// Detection: bare messages are free text, so this claims little (below the `text` threshold)
// unless the paste carries the one clear sign, the echoed command `journalctl -o cat ...`.
import { parseIso } from '../util/time.ts';
import { isBlank, makeEvent } from './event-builder.ts';
import { BootTracker, classifySpecial, handleSpecial, isCatCommand } from './journal-common.ts';
import type { Parser } from './parser-api.ts';

// Messages of the daemons usually read this way: logrus (containerd, dockerd, CRI-O) and klog.
//   `time="2020-02-12T13:12:54.556721052Z" level=info msg="StopPodSandbox for ..."`
//   `I1126 10:00:02.345678    1307 kubelet.go:2470] "SyncLoop (PLEG): event for pod" ...`
const DAEMON_RE = /^(?:time="[^"\s]{10,40}" level=[a-z]+ |[IWEF]\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ )/;
// A file name such as `journalctl-cat-containerd.txt` or `journal_cat.log`: a hint only.
const CAT_FILE_RE = /journal/i;
const CAT_WORD_RE = /(?:^|[^a-z])cat(?:[^a-z]|$)/i;

const UNTIMED = { time: null, timeQuality: 'none' } as const;

/**
 * The zoned time a containerd line carries, or none. Only the stamp is read (not the whole
 * logfmt line: this runs on every line of the bulk ingest):
 * `time="2020-02-12T13:12:54.556721052Z" level=info msg="..."`, also unquoted `time=2020-...Z `.
 */
function daemonTime(text: string): { time: number | null; timeQuality: 'exact' | 'none' } {
  if (text.charCodeAt(0) !== 116 /* t */ || !text.startsWith('time=')) return UNTIMED;
  const quoted = text.charCodeAt(5) === 34; /* " */
  const from = quoted ? 6 : 5;
  const end = text.indexOf(quoted ? '"' : ' ', from);
  const to = end === -1 ? text.length : end;
  if (to - from < 20 || to - from > 40) return UNTIMED;
  const t = parseIso(text.slice(from, to));
  return t?.zoned ? { time: t.micros, timeQuality: 'exact' } : UNTIMED;
}

export const journalctlCatParser: Parser = {
  id: 'journalctl-cat',
  title: 'journalctl -o cat',
  version: 2,
  samples: [
    // corpus containerd-4016 (command echo, blank line, bare logrus messages with unescaped quotes)
    `journalctl -o cat -u containerd

time="2020-02-12T13:12:54.556721052Z" level=info msg="StopPodSandbox for "ac7165481b8df663f8e735dfa2eda55599ba11f200ccc215d9ecfa643bc4cfb1""
time="2020-02-12T13:12:54.556777390Z" level=info msg="Container to stop "386f7cb27566e27cab8a4de97f155f448a00137c29b446dbd1c8810ceb48055c" must be in running or unknown state, current state "CONTAINER_EXITED""
time="2020-02-12T13:12:54.560359783Z" level=info msg="Kill container "adf4b25b405c3024116671aab3854fac90490af88da2f38c44544b66a24173ee""
`,
  ],
  detect(head, fileName, command) {
    // The echo usually stands above the output and is cut off as a prompt line by ingest.
    if (command && isCatCommand(command.replace(/^sudo /, ''))) return 0.9;
    let lines = 0;
    let daemon = 0;
    for (const text of head) {
      if (isBlank(text)) continue;
      if (isCatCommand(text)) return 0.9;
      if (classifySpecial(text, true)) continue;
      lines++;
      if (DAEMON_RE.test(text)) daemon++;
    }
    if (lines === 0) return 0;
    let score = daemon * 2 >= lines ? 0.25 : 0.15;
    if (fileName && CAT_FILE_RE.test(fileName) && CAT_WORD_RE.test(fileName)) score += 0.25;
    return score;
  },
  create(ctx, sink) {
    const boot = new BootTracker();
    return {
      push(text, line) {
        if (isBlank(text)) {
          sink.skipped(line, 'blank');
          return;
        }
        if (handleSpecial(text, line, boot, sink, true)) return;
        sink.event(makeEvent(ctx, { line, message: text, boot: boot.current, ...daemonTime(text) }));
      },
      end() {},
    };
  },
};
