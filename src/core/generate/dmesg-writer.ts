// dmesg (util-linux 2.38+) renderings of kernel records (FORMATS.md 2.2-2.4). Continuation
// lines of a multi-line record are indented by the width of the printed prefix, as
// util-linux does (`ctl->indent`); with --notime there is no prefix and no indent.

import { DMESG_LEVEL_NAMES, FACILITY_NAMES } from '../util/time.ts';
import { ctime, dmesgIso, monoStamp, reltimeMinute, secondsFixed6 } from './clock.ts';
import type { NodeModel, Rec } from './node-model.ts';

export type DmesgMode = 'raw' | 'level' | 'decode' | 'ctime' | 'iso' | 'reltime' | 'delta' | 'notime';

function withIndent(prefix: string, msg: string): string {
  if (msg.indexOf('\n') === -1) return `${prefix}${msg}\n`;
  return `${prefix}${msg.split('\n').join(`\n${' '.repeat(prefix.length)}`)}\n`;
}

/** C "%12.06f" / "%+8.06f"-style helpers. */
const fixedWidth = (us: number, w: number): string => secondsFixed6(us).padStart(w);
const signed = (us: number, w: number): string =>
  (us < 0 ? secondsFixed6(us) : `+${secondsFixed6(us)}`).padStart(w);

export class DmesgWriter {
  private lastUs = -1;
  private lastMinute = -1;

  constructor(
    private readonly node: NodeModel,
    private readonly mode: DmesgMode,
  ) {}

  /** The text as dmesg shows it: user-space writers to /dev/kmsg keep their `ident[pid]: ` prefix. */
  private text(rec: Rec): string {
    return rec.src.ident === 'kernel' ? rec.msg : `${rec.src.ident}[${rec.src.pid}]: ${rec.msg}`;
  }

  render(rec: Rec): string {
    const mono = rec.t - this.node.bootUs;
    const text = this.text(rec);
    switch (this.mode) {
      case 'raw':
        return withIndent(`[${monoStamp(mono)}] `, text);
      case 'level':
        return withIndent(`<${(rec.src.facility << 3) | rec.prio}>[${monoStamp(mono)}] `, text);
      case 'decode': {
        const fac = (FACILITY_NAMES[rec.src.facility] ?? 'kern').padEnd(6);
        return withIndent(`${fac}:${DMESG_LEVEL_NAMES[rec.prio].padEnd(6)}: [${monoStamp(mono)}] `, text);
      }
      case 'ctime':
        return withIndent(`[${ctime(rec.t)}] `, text);
      case 'iso':
        return withIndent(`${dmesgIso(rec.t)} `, text);
      case 'notime':
        return `${text}\n`;
      case 'delta': {
        const delta = this.lastUs < 0 ? 0 : mono - this.lastUs;
        this.lastUs = mono;
        return withIndent(`[<${fixedWidth(delta, 12)}>] `, text);
      }
      case 'reltime': {
        const delta = this.lastUs < 0 ? 0 : mono - this.lastUs;
        this.lastUs = mono;
        const minute = Math.floor(rec.t / 60_000_000);
        if (minute !== this.lastMinute) {
          this.lastMinute = minute;
          return withIndent(`[${reltimeMinute(rec.t)}] `, text);
        }
        const stamp = delta < 10_000_000 ? `  ${signed(delta, 8)}` : ` ${signed(delta, 9)}`;
        return withIndent(`[${stamp}] `, text);
      }
    }
  }
}
