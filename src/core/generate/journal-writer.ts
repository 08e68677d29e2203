// journalctl renderings of records (FORMATS.md 1.1-1.6): the short family, cat and json.
// systemd 252 (Debian 12): short-iso prints the zone as `+0000` (the `+00:00` form came in 255).
import {
  frac,
  isoSeconds,
  journalFull,
  journalPrecise,
  journalShort,
  journalUnix,
  monoStamp,
  p6,
} from './clock.ts';
import type { NodeModel, Rec, Source } from './node-model.ts';
import { hashHex16 } from './random.ts';

export type JournalMode =
  | 'short'
  | 'short-full'
  | 'short-iso'
  | 'short-iso-precise'
  | 'short-precise'
  | 'short-monotonic'
  | 'short-unix'
  | 'cat'
  | 'json';

/** journald stamps kernel records when it reads them from /dev/kmsg, a little after printk. */
export const KERNEL_RECEIVE_LAG_US = 41;

const TAB_AS_SPACES = '        '; // journalctl (without --all) prints a TAB as 8 spaces

/** Multi-line messages: every further line is indented to the message column. */
function withIndent(prefix: string, msg: string): string {
  let m = msg.indexOf('\t') === -1 ? msg : msg.replace(/\t/g, TAB_AS_SPACES);
  if (m.indexOf('\n') !== -1) m = m.split('\n').join(`\n${' '.repeat(prefix.length)}`);
  return `${prefix}${m}\n`;
}

export class JournalWriter {
  private seq = 0;
  private readonly tags = new Map<Source, string>();
  private readonly jsonParts = new Map<Source, [string, string]>();

  constructor(
    private readonly node: NodeModel,
    private readonly mode: JournalMode,
  ) {}

  /** Display time: the source's own clock, or the receive time for kernel records. */
  private realtime(rec: Rec): number {
    return rec.src.transport === 'kernel' ? rec.t + KERNEL_RECEIVE_LAG_US : rec.t;
  }

  private tag(src: Source): string {
    let t = this.tags.get(src);
    if (t === undefined) {
      t = src.pid !== undefined ? `${src.ident}[${src.pid}]` : src.ident;
      this.tags.set(src, t);
    }
    return t;
  }

  render(rec: Rec): string {
    this.seq++;
    const host = this.node.host;
    switch (this.mode) {
      case 'cat':
        return `${rec.msg}\n`;
      case 'json':
        return this.json(rec);
      case 'short':
        return withIndent(`${journalShort(this.realtime(rec))} ${host} ${this.tag(rec.src)}: `, rec.msg);
      case 'short-precise':
        return withIndent(`${journalPrecise(this.realtime(rec))} ${host} ${this.tag(rec.src)}: `, rec.msg);
      case 'short-full':
        return withIndent(`${journalFull(this.realtime(rec))} ${host} ${this.tag(rec.src)}: `, rec.msg);
      case 'short-iso':
        return withIndent(`${isoSeconds(this.realtime(rec))}+0000 ${host} ${this.tag(rec.src)}: `, rec.msg);
      case 'short-iso-precise': {
        const t = this.realtime(rec);
        return withIndent(`${isoSeconds(t)}.${p6(frac(t))}+0000 ${host} ${this.tag(rec.src)}: `, rec.msg);
      }
      case 'short-unix':
        return withIndent(`${journalUnix(this.realtime(rec))} ${host} ${this.tag(rec.src)}: `, rec.msg);
      case 'short-monotonic':
        return withIndent(`[${monoStamp(rec.t - this.node.bootUs)}] ${host} ${this.tag(rec.src)}: `, rec.msg);
    }
  }

  /**
   * `-o json`: one compact object per line, every value a string. Current journalctl emits
   * keys in hash order; a fixed scrambled order per transport keeps the output deterministic.
   */
  private json(rec: Rec): string {
    const n = this.node;
    const rt = this.realtime(rec);
    // Receive-time clocks; a kernel record also carries its printk time as _SOURCE_MONOTONIC.
    const mono = rt - n.bootUs;
    const seq = this.seq;
    const cursor = `s=${n.seqnumId};i=${seq.toString(16)};b=${n.bootId};m=${mono.toString(16)};t=${rt.toString(16)};x=${hashHex16(seq)}`;
    let [head, tail] = this.jsonParts.get(rec.src) ?? ['', ''];
    if (head === '') {
      [head, tail] = this.jsonFixed(rec.src);
      this.jsonParts.set(rec.src, [head, tail]);
    }
    const src = rec.src;
    let mid = `"__CURSOR":"${cursor}","__REALTIME_TIMESTAMP":"${rt}","__MONOTONIC_TIMESTAMP":"${mono}","PRIORITY":"${rec.prio}"`;
    if (src.transport === 'kernel') mid += `,"_SOURCE_MONOTONIC_TIMESTAMP":"${rec.t - n.bootUs}"`;
    else if (src.transport === 'journal') mid += `,"_SOURCE_REALTIME_TIMESTAMP":"${rt - 19}"`;
    if (rec.unit !== undefined && src.pid === 1) mid += `,"UNIT":${JSON.stringify(rec.unit)}`;
    return `{${head},${mid},"MESSAGE":${JSON.stringify(rec.msg)},"__SEQNUM":"${seq}",${tail}}\n`;
  }

  private jsonFixed(src: Source): [string, string] {
    const n = this.node;
    const s = JSON.stringify;
    const head: string[] = [
      `"_BOOT_ID":"${n.bootId}"`,
      `"_TRANSPORT":"${src.transport}"`,
      `"SYSLOG_FACILITY":"${src.facility}"`,
    ];
    const tail: string[] = [
      `"__SEQNUM_ID":"${n.seqnumId}"`,
      `"_HOSTNAME":${s(n.host)}`,
      `"_MACHINE_ID":"${n.machineId}"`,
    ];
    head.push(`"SYSLOG_IDENTIFIER":${s(src.ident)}`);
    if (src.transport === 'kernel') {
      if (src.pid !== undefined) head.push(`"SYSLOG_PID":"${src.pid}"`);
      return [head.join(','), tail.join(',')];
    }
    const unit = src.unit ?? '';
    const invocation = hashHex16(src.pid ?? 0) + hashHex16((src.pid ?? 0) + 7);
    head.push(`"_PID":"${src.pid}"`, `"_UID":"${src.uid ?? 0}"`, `"_GID":"0"`, `"_COMM":${s(src.comm)}`);
    tail.unshift(
      `"_EXE":${s(src.exe)}`,
      `"_CMDLINE":${s(src.cmdline)}`,
      `"_CAP_EFFECTIVE":"1ffffffffff"`,
      `"_SYSTEMD_CGROUP":${s(src.pid === 1 ? '/init.scope' : `/system.slice/${unit}`)}`,
      `"_SYSTEMD_UNIT":${s(unit)}`,
      `"_SYSTEMD_SLICE":"${src.pid === 1 ? '-.slice' : 'system.slice'}"`,
    );
    if (src.pid !== 1) tail.push(`"_SYSTEMD_INVOCATION_ID":"${invocation}"`);
    if (src.transport === 'stdout')
      tail.push(`"_STREAM_ID":"${hashHex16((src.pid ?? 0) * 31)}${hashHex16((src.pid ?? 0) * 37)}"`);
    if (src.transport === 'journal' && src.pid === 1)
      tail.push('"CODE_FILE":"src/core/unit.c"', '"CODE_FUNC":"unit_log_success"');
    return [head.join(','), tail.join(',')];
  }
}
