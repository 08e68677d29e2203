// `dmesg -t` (`--notime`): the message alone, one event per line. Nothing marks a line as
// dmesg, and a multi-line record's following lines are printed with no indentation (indent =
// prefix width = 0), so they cannot be told from new records. Detection therefore asks for clear
// kernel content and stays below every format with a prefix. FORMATS.md 2.3, 2.6, section 3.
import { detectNotime, parseDmesgPrefix } from './dmesg-common.ts';
import { isBlank, makeEvent } from './event-builder.ts';
import type { Parser } from './parser-api.ts';

export const dmesgNotimeParser: Parser = {
  id: 'dmesg-notime',
  title: 'dmesg -t (no time)',
  version: 1,
  samples: [
    // examples/kernel-oom-memcg-6x.synthetic.txt and kernel-misc-messages.synthetic.txt, as dmesg -t prints them
    'java invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=936\n' +
      'CPU: 3 UID: 1000 PID: 41240 Comm: java Not tainted 6.12.9-amd64 #1 Debian 6.12.9-1\n' +
      'Call Trace:\n' +
      ' <TASK>\n' +
      ' dump_stack_lvl+0x76/0xa0\n' +
      'Memory cgroup out of memory: Killed process 63635 (uwsgi) total-vm:3149468kB, anon-rss:164992kB, file-rss:52176kB, shmem-rss:92kB, UID:0 pgtables:1372kB oom_score_adj:986\n',
    'cgroup: fork rejected by pids controller in /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod6f1d.slice/cri-containerd-4f2c9b7e1d0a.scope\n' +
      'VFS: file-max limit 1048576 reached\n' +
      'EXT4-fs error (device nvme0n1p1): ext4_lookup:1817: inode #2: comm ls: deleted inode referenced: 131074\n',
  ],
  detect: (head) => detectNotime(head),
  create(ctx, sink) {
    return {
      push(text, line) {
        if (isBlank(text)) {
          sink.skipped(line, 'blank');
          return;
        }
        // util-linux >= 2.40 still prints the caller id with --notime: `[    T1] msg`.
        const p = parseDmesgPrefix(text);
        if (p && p.format === 'dmesg-notime' && p.caller !== undefined) {
          sink.event(
            makeEvent(ctx, {
              line,
              message: text.slice(p.column),
              fields: { caller: p.caller },
              timeQuality: 'none',
            }),
          );
          return;
        }
        sink.event(makeEvent(ctx, { line, message: text, timeQuality: 'none' }));
      },
      end() {},
    };
  },
};
