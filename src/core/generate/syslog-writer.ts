// /var/log/messages as rsyslog writes it (RSYSLOG_TraditionalFileFormat, FORMATS.md 1.1, 1.9,
// 8.1 row 9): `Nov 24 06:00:07 k8s-worker-07 containerd[712]: time="..." level=info msg=...`.
// - The stamp is RFC 3164's `Mmm dd hh:mm:ss` with the day padded by a space (`Dec  1`).
// - Kernel lines come through imklog, which keeps the printk uptime after `kernel: `
//   (`kernel: [   12.345678] ...`, the kernel's `[%5lu.%06lu]`), and the kernel's syslog
//   interface prints every line of a multi-line record (an OOM report's memcg stats) with the
//   full prefix: one line per line, no continuation indent (FORMATS.md 1.9 (b), (d)).
// - rsyslog escapes control characters as `#` + three octal digits (a TAB is `#011`), so every
//   other record is exactly one line.
// - Records written to /dev/kmsg by user space (systemd in early boot) carry their own
//   `ident[pid]: ` and no uptime: they are tagged like any daemon's.
import { monoStamp, syslogStamp } from './clock.ts';
import { KERNEL_RECEIVE_LAG_US } from './journal-writer.ts';
import type { NodeModel, Rec, Source } from './node-model.ts';

const HAS_CONTROL = /[\x00-\x1f]/;
const CONTROL = /[\x00-\x1f]/g;
const escapeControl = (m: string): string =>
  HAS_CONTROL.test(m) ? m.replace(CONTROL, (c) => `#${c.charCodeAt(0).toString(8).padStart(3, '0')}`) : m;

export class SyslogWriter {
  private readonly tags = new Map<Source, string>();

  constructor(private readonly node: NodeModel) {}

  private tag(src: Source): string {
    let t = this.tags.get(src);
    if (t === undefined) {
      t = src.pid !== undefined ? `${src.ident}[${src.pid}]` : src.ident;
      this.tags.set(src, t);
    }
    return t;
  }

  render(rec: Rec): string {
    const kernel = rec.src.transport === 'kernel';
    // Like journald, rsyslog stamps a kernel record when it reads it, a little after printk.
    const head = `${syslogStamp(kernel ? rec.t + KERNEL_RECEIVE_LAG_US : rec.t)} ${this.node.host} `;
    if (rec.src.ident === 'kernel') {
      const prefix = `${head}kernel: [${monoStamp(rec.t - this.node.bootUs)}] `;
      const lines = rec.msg.indexOf('\n') === -1 ? [rec.msg] : rec.msg.split('\n');
      let out = '';
      for (const l of lines) out += `${prefix}${escapeControl(l)}\n`;
      return out;
    }
    return `${head}${this.tag(rec.src)}: ${escapeControl(rec.msg)}\n`;
  }
}
