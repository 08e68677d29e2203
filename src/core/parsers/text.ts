// `text`: anything no other parser claims (a command's error output, free text, notes).
// One event per non-blank line, no time, so rules can still read it. The command that printed
// it (`$ sudo ls -al /proc/3113/fd | wc -l`), when echoed above, is kept in `fields.command`:
// a bare `1024` means nothing without it.
import { isBlank, makeEvent } from './event-builder.ts';
import type { Parser } from './parser-api.ts';

export const textParser: Parser = {
  id: 'text',
  title: 'Free text',
  version: 2,
  samples: [
    'Error response from daemon: Cannot kill container: 3f2a: Container 3f2a is not running\nfailed to create shim task: OCI runtime create failed: runc create failed\n',
  ],
  // The fallback: chosen only when nothing else scores, so it claims a small constant.
  detect: () => 0.05,
  create(ctx, sink) {
    return {
      push(text, line) {
        if (isBlank(text)) sink.skipped(line, 'blank');
        else
          sink.event(
            makeEvent(ctx, { line, message: text, fields: ctx.command ? { command: ctx.command } : {} }),
          );
      },
      end() {},
    };
  },
};
