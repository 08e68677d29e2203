// `journalctl -o json` and `-o json-seq` (and `-o json-sse`): one compact JSON object per line,
// optionally framed by RS (0x1E, RFC 7464) or `data: ` (FORMATS.md 1.6). Values are strings; a
// non-UTF-8 value is an array of byte numbers, a repeated field an array of values, a value over
// the 4096-byte threshold `null`. Parsed with JSON.parse (key order is arbitrary), never by position.
// The entry -> event mapping is shared with json-pretty, export and verbose (journal-entry.ts).
import { isBlank } from './event-builder.ts';
import { BootTracker, classifySpecial, handleSpecial } from './journal-common.ts';
import { isJournalEntry, type JournalObject, journalEntryEvent } from './journal-entry.ts';
import type { Parser } from './parser-api.ts';

/** Removes the json-seq RS or json-sse `data: ` framing. */
function unframe(text: string): string {
  if (text.charCodeAt(0) === 0x1e) return text.slice(1);
  if (text.startsWith('data: ')) return text.slice(6);
  return text;
}

/** Keys only a journal entry has: a line holding one is journal JSON, not some other JSON log. */
function hasJournalKey(body: string): boolean {
  return body.includes('"__REALTIME_TIMESTAMP"') || body.includes('"MESSAGE"') || body.includes('"__CURSOR"');
}

export const journalctlJsonParser: Parser = {
  id: 'journalctl-json',
  title: 'journalctl -o json / json-seq',
  version: 2,
  samples: [
    // examples/journalctl-json.synthetic.txt (first entry)
    '{"__CURSOR":"s=8a5b2c1d3e4f40a1b2c3d4e5f6a7b8c9;i=1f3a2;b=5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21;m=1493a0e8f2;t=6446e3b1c6e06;x=2d4e6f8a0b1c3d5e","__REALTIME_TIMESTAMP":"1764147601187334","__MONOTONIC_TIMESTAMP":"88413187570","_BOOT_ID":"5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21","__SEQNUM":"127906","__SEQNUM_ID":"8a5b2c1d3e4f40a1b2c3d4e5f6a7b8c9","_TRANSPORT":"kernel","PRIORITY":"3","SYSLOG_FACILITY":"0","SYSLOG_IDENTIFIER":"kernel","_HOSTNAME":"node-1","_SOURCE_MONOTONIC_TIMESTAMP":"88413187520","MESSAGE":"Memory cgroup out of memory: Killed process 41235 (java) total-vm:8392104kB, anon-rss:2097152kB, file-rss:1024kB, shmem-rss:0kB, UID:1000 pgtables:4512kB oom_score_adj:936"}\n',
    // examples/journalctl-json-seq.synthetic.txt (second entry: multi-line MESSAGE, byte array, null, repeated field)
    '\x1e{"MESSAGE":"line one\\nline two","_PID":"2211","_COMM":"myapp","SYSLOG_IDENTIFIER":"myapp","_SYSTEMD_UNIT":"myapp.service","PRIORITY":"6","_SOURCE_REALTIME_TIMESTAMP":"1764147603000987","__REALTIME_TIMESTAMP":"1764147603001002","__MONOTONIC_TIMESTAMP":"88415001050","_BOOT_ID":"5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21","__CURSOR":"s=8a5b2c1d3e4f40a1b2c3d4e5f6a7b8c9;i=1f3a5;b=5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21;m=1494b1f0a1;t=6446e3b1e2f3a;x=9e8d7c6b5a493827","_HOSTNAME":"node-1","_TRANSPORT":"stdout","BINARY_EXAMPLE":[116,101,115,116,7],"LARGE_FIELD":null,"MULTI":["value-a","value-b"]}\n',
  ],
  detect(head) {
    let lines = 0;
    let hits = 0;
    for (const text of head) {
      if (isBlank(text)) continue;
      if (classifySpecial(text)) continue;
      lines++;
      const body = unframe(text).trimStart();
      if (body.charCodeAt(0) === 123 /* { */ && hasJournalKey(body)) hits++;
    }
    return lines === 0 ? 0 : hits / lines;
  },
  create(ctx, sink) {
    const boot = new BootTracker();
    return {
      push(text, line) {
        if (isBlank(text)) {
          sink.skipped(line, 'blank');
          return;
        }
        // `{...}` (the usual line) is its own body: no framing, nothing to trim.
        const body =
          text.charCodeAt(0) === 123 /* { */ && text.charCodeAt(text.length - 1) === 125 /* } */
            ? text
            : unframe(text).trim();
        if (body.charCodeAt(0) !== 123 /* { */) {
          if (!handleSpecial(text, line, boot, sink))
            sink.unparsed(
              line,
              'journalctl-json: not a JSON object (no `{` at the line start) and not a journalctl special line',
            );
          return;
        }
        let obj: unknown;
        try {
          obj = JSON.parse(body);
        } catch (e) {
          const why = e instanceof Error ? e.message.slice(0, 160) : 'invalid';
          sink.unparsed(line, `journalctl-json: invalid or truncated JSON (${why})`);
          return;
        }
        if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
          sink.unparsed(line, 'journalctl-json: JSON value is not an object');
          return;
        }
        const o = obj as JournalObject;
        if (!isJournalEntry(o)) {
          sink.unparsed(
            line,
            'journalctl-json: a JSON object but not a journal entry (no MESSAGE, __REALTIME_TIMESTAMP or __CURSOR)',
          );
          return;
        }
        sink.event(journalEntryEvent(ctx, o, { line, lineEnd: line, markerBoot: boot.current }));
      },
      end() {},
    };
  },
};
