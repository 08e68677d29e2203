// Explicit checks on the dmesg parsers (the fixtures cover whole files; these pin single facts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPTS, parseChecked } from '../../../test/helpers/run-parser.ts';
import { splitLines } from '../ingest/line-splitter.ts';
import { parseText } from '../ingest/parse-text.ts';
import { FORMAT_IDS, type FormatId, type LogEvent } from '../model/event.ts';
import { civilToMicros, microsToIso } from '../util/time.ts';
import { detectNotime, detectTimed, looksLikeKernelMessage, parseDmesgPrefix } from './dmesg-common.ts';
import type { EventSink, ParseContext } from './parser-api.ts';
import { detectFormat, openParser } from './registry.ts';

function parse(text: string, opts: Partial<typeof OPTS> = {}) {
  return parseChecked(text, opts);
}

function only(text: string, opts: Partial<typeof OPTS> = {}): LogEvent {
  const r = parse(text, opts);
  expect(r.unparsed).toEqual([]);
  expect(r.events).toHaveLength(1);
  return r.events[0];
}

const iso = (e: LogEvent) => (e.time == null ? null : microsToIso(e.time));

describe('dmesg-raw', () => {
  it('reads seconds since boot as monotonic, with no wall time', () => {
    const e = only(
      '[ 7093.543707] uwsgi invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=986\n',
    );
    expect(e.format).toBe('dmesg-raw');
    expect(e.monotonic).toBe(7093.543707);
    expect(e.time).toBeNull();
    expect(e.timeQuality).toBe('relative');
    expect(e.message).toBe(
      'uwsgi invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=986',
    );
    expect(e.severity).toBeUndefined();
  });

  it('takes caller ids from util-linux and from the kernel console', () => {
    const r = parse(
      '[ 7093.543711] [  T63635] CPU: 4 PID: 63635 Comm: uwsgi\n[  129.338433][    C1] watchdog: BUG: soft lockup\n',
    );
    expect(r.events.map((e) => e.fields.caller)).toEqual(['T63635', 'C1']);
    expect(r.events[1].message).toBe('watchdog: BUG: soft lockup');
    expect(r.events[1].monotonic).toBe(129.338433);
  });

  it('folds util-linux continuation lines into their record', () => {
    const text =
      '[ 7093.543800] Mem-Info:\n[ 7093.543801] active_anon:467412 inactive_anon:0\n                active_file:0 inactive_file:0\n                unevictable:0 dirty:0\n[ 7093.543900] next\n';
    const r = parse(text);
    expect(r.unparsed).toEqual([]);
    expect(r.events.map((e) => [e.line, e.lineEnd])).toEqual([
      [1, 1],
      [2, 4],
      [5, 5],
    ]);
    // The extra space of the text (Mem-Info's own indentation) stays; the prefix width goes.
    expect(r.events[1].message).toBe(
      'active_anon:467412 inactive_anon:0\n active_file:0 inactive_file:0\n unevictable:0 dirty:0',
    );
  });

  it('keeps busybox repeated prefixes as separate events', () => {
    const r = parse(
      '[ 7093.543800] Mem-Info:\n[ 7093.543800] active_anon:467412\n[ 7093.543800]  active_file:0\n',
    );
    expect(r.events).toHaveLength(3);
    expect(r.events[2].message).toBe(' active_file:0');
  });

  it('takes a blank line inside a record only when a continuation follows it', () => {
    const r = parse('[    1.000000] a\n\n               b\n\n[    2.000000] c\n');
    expect(r.events.map((e) => [e.line, e.lineEnd, e.message])).toEqual([
      [1, 3, 'a\n\nb'],
      [5, 5, 'c'],
    ]);
    expect(r.skipped).toEqual([{ line: 4, kind: 'blank' }]);
  });

  it('does not take brackets of the message for stamps', () => {
    const r = parse(
      '[  315.100100] [  pid  ]   uid  tgid total_vm\n[  315.100105] [    266]     0   266\n[    0.000003] BIOS-e820: [mem 0x0-0x9efff] usable\n',
    );
    expect(r.events.map((e) => e.message)).toEqual([
      '[  pid  ]   uid  tgid total_vm',
      '[    266]     0   266',
      'BIOS-e820: [mem 0x0-0x9efff] usable',
    ]);
    expect(r.events.every((e) => e.fields.caller === undefined)).toBe(true);
  });

  it('reads several time formats on one line (util-linux 2.40): iso gives the time, raw the monotonic', () => {
    const e = only('[    8.000000] [Fri Feb 13 23:31:38 2009] 2009-02-13T23:31:38,123456+00:00 example[2]\n');
    expect(e.format).toBe('dmesg-raw');
    expect(e.monotonic).toBe(8);
    expect(iso(e)).toBe('2009-02-13T23:31:38.123456Z');
    expect(e.timeQuality).toBe('exact');
    expect(e.message).toBe('example[2]');
  });

  it('reports a line with no prefix as unparsed, with a reason', () => {
    const r = parse('[    1.000000] ok\nsomething else entirely\n    [    2.000000] indented record\n');
    expect(r.unparsed).toEqual([
      { line: 2, reason: 'no dmesg prefix: expected "[ seconds.micros] message"' },
    ]);
    expect(r.events.map((e) => e.line)).toEqual([1, 3]);
  });
});

describe('dmesg-level', () => {
  it('maps <N> to severity and facility', () => {
    const r = parse(
      '<4>[ 7093.543707] uwsgi invoked oom-killer\n<3>[ 7093.561122] Memory cgroup out of memory: Killed process 63635 (uwsgi)\n<14>[ 7101.000001] user message\n<30>[ 7102.000000] systemd[1]: Started foo.\n',
    );
    expect(r.segments[0].format).toBe('dmesg-level');
    expect(r.events.map((e) => e.severity)).toEqual(['warning', 'err', 'info', 'info']);
    expect(r.events.map((e) => e.fields.facility)).toEqual(['kern', 'kern', 'user', 'daemon']);
    expect(r.events[0].ident).toBe('kernel');
    expect(r.events[3]).toMatchObject({ ident: 'systemd', pid: 1 });
    expect(r.events[1].monotonic).toBe(7093.561122);
  });

  it('reads the syslog(2) buffer caller id', () => {
    const e = only('<4>[   64.000000] [    T4] example[4]\n');
    expect(e.fields.caller).toBe('T4');
    expect(e.message).toBe('example[4]');
  });
});

describe('dmesg-decode', () => {
  it('maps the level word (warn -> warning) and keeps the facility', () => {
    const e = only('kern  :warn  : [ 7093.543707] uwsgi invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL)\n');
    expect(e.format).toBe('dmesg-decode');
    expect(e.severity).toBe('warning');
    expect(e.fields.facility).toBe('kern');
    expect(e.monotonic).toBe(7093.543707);
  });

  it('reads the awk-mangled variant (no facility, collapsed spaces)', () => {
    const r = parse(
      ' err [129398.233826] INFO: task exe:1990875 blocked for more than 120 seconds.\n\n warning [129398.234280] Call Trace:\n',
    );
    expect(r.segments[0].format).toBe('dmesg-decode');
    expect(r.unparsed).toEqual([]);
    expect(r.events.map((e) => [e.severity, e.monotonic, e.fields.facility])).toEqual([
      ['err', 129398.233826, undefined],
      ['warning', 129398.23428, undefined],
    ]);
  });

  it('folds continuation lines indented past the decode field', () => {
    const e = only('user  :crit  : [    1.000000] new\n                              line\n');
    expect([e.line, e.lineEnd, e.message, e.severity]).toEqual([1, 2, 'new\nline', 'crit']);
  });
});

describe('dmesg-ctime', () => {
  it('reads the local wall clock with the context offset, %e space-padded', () => {
    const e = only('[Thu Dec  7 00:05:15 2017] Killed process 28438 (java) total-vm:20255636kB\n', {
      utcOffsetMinutes: 60,
    });
    expect(e.format).toBe('dmesg-ctime');
    expect(iso(e)).toBe('2017-12-06T23:05:15.000000Z');
    expect(e.timeQuality).toBe('inferred');
    expect(e.monotonic).toBeUndefined();
  });

  it('reads localized day and month names', () => {
    const fr = only('[mer. nov. 26 10:00:01 2025] Out of memory: Killed process 43056 (colmap)\n');
    expect(iso(fr)).toBe('2025-11-26T10:00:01.000000Z');
    const de = only('[Do Dez  4 10:00:01 2025] Out of memory: Killed process 1 (x)\n');
    expect(iso(de)).toBe('2025-12-04T10:00:01.000000Z');
    const zh = only('[四 4月 17 10:00:01 2025] Out of memory: Killed process 1 (x)\n');
    expect(iso(zh)).toBe('2025-04-17T10:00:01.000000Z');
    // Spanish `mar` (martes) is a day name here, not March.
    const es = only('[mar feb 11 10:00:01 2025] Out of memory: Killed process 1 (x)\n');
    expect(iso(es)).toBe('2025-02-11T10:00:01.000000Z');
  });

  it('keeps the line, without a time, when the month name is unknown', () => {
    const e = only('[Xyz Qqq 26 10:00:01 2025] Out of memory: Killed process 1 (x)\n');
    expect(e.format).toBe('dmesg-ctime');
    expect(e.time).toBeNull();
    expect(e.timeQuality).toBe('none');
    expect(e.fields.stamp).toBe('[Xyz Qqq 26 10:00:01 2025]');
  });

  it('reads -T -d (ctime with delta)', () => {
    const e = only('[Wed Nov 26 10:00:01 2025 <    0.017415>] Memory cgroup out of memory\n');
    expect(iso(e)).toBe('2025-11-26T10:00:01.000000Z');
    expect(e.fields.delta).toBe(0.017415);
  });
});

describe('dmesg-iso', () => {
  it('reads both offset spellings exactly', () => {
    const r = parse(
      '2025-11-26T10:00:01,187734+01:00 new offset\n2017-05-04T10:00:01,187734+0100 old offset\n2009-02-13T23:31:31,123456-05:30 negative\n',
    );
    expect(r.segments[0].format).toBe('dmesg-iso');
    expect(r.events.map(iso)).toEqual([
      '2025-11-26T09:00:01.187734Z',
      '2017-05-04T09:00:01.187734Z',
      '2009-02-14T05:01:31.123456Z',
    ]);
    expect(r.events.every((e) => e.timeQuality === 'exact')).toBe(true);
  });
});

describe('dmesg-reltime', () => {
  it('starts at the minute stamp (ctx year, one-minute range) and runs on with the deltas', () => {
    const r = parse(
      '[Nov26 10:00] first\n[  +0.017415] second\n[ +12.400000] third\n[Nov26 10:01] fourth\n[  -0.000002] back\n',
    );
    expect(r.segments[0].format).toBe('dmesg-reltime');
    expect(r.events.map(iso)).toEqual([
      '2025-11-26T10:00:00.000000Z',
      '2025-11-26T10:00:00.017415Z',
      '2025-11-26T10:00:12.417415Z',
      '2025-11-26T10:01:00.000000Z',
      '2025-11-26T10:00:59.999998Z',
    ]);
    expect(r.events.every((e) => e.timeQuality === 'inferred')).toBe(true);
    const start = civilToMicros(2025, 11, 26, 10, 0, 0, 0, 0)!;
    expect(r.events[0].timeRange).toEqual([start, start + 59_999_999]);
    expect(r.events[1].timeRange).toBeUndefined();
    expect(r.events[2].fields.delta).toBe(12.4);
  });

  it('reads a space-padded day and applies the context zone', () => {
    const e = only('[Feb 3 23:31] x\n', { utcOffsetMinutes: 120 });
    expect(iso(e)).toBe('2025-02-03T21:31:00.000000Z');
  });

  it('gives a delta line before any minute stamp no wall time', () => {
    const r = parse('[  +0.000123] orphan\n[  +1.000000] orphan too\n');
    expect(r.events.map((e) => [e.time, e.timeQuality, e.fields.delta])).toEqual([
      [null, 'relative', 0.000123],
      [null, 'relative', 1],
    ]);
  });

  it('prefers a ctime stamp on the same line (--reltime with ctime and delta)', () => {
    const r = parse(
      '[Feb13 23:31] [Fri Feb 13 23:31:30 2009 <    0.000000>] example[0]\n[  +7.000000] [Fri Feb 13 23:31:38 2009 <    7.000000>] example[2]\n',
    );
    expect(r.events.map(iso)).toEqual(['2009-02-13T23:31:30.000000Z', '2009-02-13T23:31:38.000000Z']);
  });
});

describe('dmesg-delta', () => {
  it('reads delta-only stamps as relative, with no monotonic', () => {
    const e = only('[<    7.000000>] msg\n');
    expect(e.format).toBe('dmesg-delta');
    expect(e.time).toBeNull();
    expect(e.timeQuality).toBe('relative');
    expect(e.monotonic).toBeUndefined();
    expect(e.fields.delta).toBe(7);
  });

  it('reads raw + delta (-d) with the monotonic time', () => {
    const e = only('[    0.209670 <    0.008063>] [T14]   #1  #3  #5  #7\n');
    expect(e.format).toBe('dmesg-delta');
    expect(e.monotonic).toBe(0.20967);
    expect(e.fields).toEqual({ caller: 'T14', delta: 0.008063 });
    expect(e.message).toBe('  #1  #3  #5  #7');
  });
});

describe('dmesg-notime', () => {
  const kernelLines = [
    'java invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=936',
    'CPU: 3 UID: 1000 PID: 41240 Comm: java Not tainted 6.12.9-amd64 #1 Debian 6.12.9-1',
    'Call Trace:',
    ' dump_stack_lvl+0x76/0xa0',
    'memory: usage 2097152kB, limit 2097152kB, failcnt 1532',
    'oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=cri-containerd-4f2c.scope,mems_allowed=0',
    'Memory cgroup out of memory: Killed process 41235 (java) total-vm:8392104kB',
    'usb 1-1: new high-speed USB device number 2 using xhci_hcd',
    'EXT4-fs (sda1): mounted filesystem with ordered data mode',
  ];

  it('is detected on kernel content and parses one event per line with no time', () => {
    const r = parse(`${kernelLines.join('\n')}\n`);
    expect(r.segments.map((s) => s.format)).toEqual(['dmesg-notime']);
    expect(r.events).toHaveLength(kernelLines.length);
    expect(r.events.every((e) => e.time === null && e.timeQuality === 'none')).toBe(true);
    expect(r.events[3].message).toBe(' dump_stack_lvl+0x76/0xa0');
  });

  it('stays below the prefixed formats and out of free text', () => {
    expect(detectNotime(kernelLines)).toBeLessThanOrEqual(0.55);
    expect(detectNotime(['hello world', 'Error response from daemon: no such container', 'done'])).toBe(0);
    expect(detectNotime(['new', 'line'])).toBe(0);
    // Kernel text behind another envelope is not bare kernel text.
    expect(detectNotime(['Nov 26 10:00:01 node-1 kernel: Out of memory: Killed process 1 (x)'])).toBe(0);
    for (const l of kernelLines) expect(looksLikeKernelMessage(l)).toBe(true);
  });
});

describe('detection', () => {
  const cases: [string, FormatId][] = [
    ['[ 7093.543707] uwsgi invoked oom-killer\n[ 7093.543711] CPU: 4 PID: 63635 Comm: uwsgi\n', 'dmesg-raw'],
    ['<4>[ 7093.543707] uwsgi invoked oom-killer\n<6>[ 7093.543711] CPU: 4\n', 'dmesg-level'],
    ['kern  :warn  : [ 7093.543707] a\nkern  :info  : [ 7093.543711] b\n', 'dmesg-decode'],
    ['[Fri Feb 13 23:31:30 2009] a\n[Fri Feb 13 23:31:31 2009] b\n', 'dmesg-ctime'],
    ['2009-02-13T23:31:30,123456+00:00 a\n2009-02-13T23:31:31,123456+00:00 b\n', 'dmesg-iso'],
    ['[Feb13 23:31] a\n[  +0.000123] b\n[ +12.000000] c\n', 'dmesg-reltime'],
    ['[<    0.000000>] a\n[<    7.000000>] b\n', 'dmesg-delta'],
    ['[    0.000002 <    0.000001>] a\n[    0.000003 <    0.000001>] b\n', 'dmesg-delta'],
  ];
  for (const [text, format] of cases) {
    it(`tells ${format} from its siblings`, () => {
      const head = splitLines(text).filter((l) => l.trim());
      expect(detectFormat(head).format).toBe(format);
    });
  }

  it('leaves journalctl -o short-monotonic lines to their own parser', () => {
    const head = [
      '[ 1123.120810] node-1 dockerd[1471]: time="2023-10-27T07:37:43.703523766-03:00" level=debug msg="x"',
      '[ 1123.123997] node-1 dockerd[1471]: time="2023-10-27T07:37:43.706493849-03:00" level=debug msg="y"',
      '[ 1124.000000] node-1 kernel: usb 1-1: new high-speed USB device',
    ];
    expect(detectTimed(head, 'dmesg-raw')).toBeLessThan(0.5);
    // Kernel messages that merely contain `name[pid]: ` keep the full score.
    expect(
      detectTimed(
        [
          '[    3.100000] systemd[1]: Started Journal Service.',
          '[    3.200000] node[2211]: segfault at 0 ip 0 sp 0 error 4',
        ],
        'dmesg-raw',
      ),
    ).toBe(1);
  });

  it('does not claim talosctl dmesg or journalctl short-iso-precise lines', () => {
    const talos = [
      'user: warning: [2026-01-12T20:27:31.913975631Z]: [talos] Sending SIGKILL to cgroup',
      '172.20.0.2: kern: info: [2024-01-01T00:00:00.000000Z]: hello',
    ];
    const journal = ['2025-11-26T10:00:01.187734+01:00 node-1 kernel: Out of memory: Killed process 1 (x)'];
    for (const head of [talos, journal]) {
      // Every rendering with a stamp (not -t, not --json).
      for (const f of FORMAT_IDS.filter(
        (x) => x.startsWith('dmesg-') && x !== 'dmesg-notime' && x !== 'dmesg-json',
      )) {
        expect(detectTimed(head, f)).toBe(0);
      }
      expect(detectNotime(head)).toBe(0);
    }
  });

  it('never throws and stays fast on 100 KB near-miss lines', () => {
    const lines = ['[', '[ 1', '[Fri ', '<4>', 'kern  :', ' err ', '2009-02-13T', '[<', '[  +', '[Feb13'].map(
      (p) => p + ' a:['.repeat(25_000),
    );
    const t0 = performance.now();
    for (const l of lines) {
      parseDmesgPrefix(l);
      looksLikeKernelMessage(l);
    }
    for (const f of ['dmesg-raw', 'dmesg-ctime', 'dmesg-reltime'] as const) detectTimed([...lines], f);
    detectNotime([...lines]);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});

// The store rebuilds an event by re-parsing the record's own lines (docs/adr/0001): everything but
// time, timeQuality, boot and monotonic must come out the same.
describe('record-local events', () => {
  const root = join(import.meta.dirname, '../../../test/fixtures');
  const files: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.txt') && !n.endsWith('.snap.txt') && !n.endsWith('.source.txt')) files.push(p);
    }
  };
  for (const d of readdirSync(root)) if (d.startsWith('dmesg-') || d === 'mixed') walk(join(root, d));

  const strip = (e: LogEvent) => {
    const { time: _t, timeQuality: _q, boot: _b, monotonic: _m, ...rest } = e;
    return rest;
  };

  for (const file of files) {
    it(`rebuilds every event of ${file.slice(root.length + 1)}`, () => {
      const text = readFileSync(file, 'utf8');
      const whole = parseText(text, { ...OPTS, sourceId: 'f' });
      const lines = splitLines(text);
      for (const seg of whole.segments) {
        if (!seg.format.startsWith('dmesg-')) continue;
        for (const e of whole.events.filter((x) => x.line >= seg.lineStart && x.line <= seg.lineEnd)) {
          const got: LogEvent[] = [];
          const sink: EventSink = { event: (x) => got.push(x), unparsed: () => {}, skipped: () => {} };
          const ctx: ParseContext = { ...OPTS, sourceId: 'f', format: seg.format };
          const p = openParser(ctx, sink); // as the store rebuilds: with the second pass
          for (let l = e.line; l <= e.lineEnd; l++) p.push(lines[l - 1], l);
          p.end();
          expect(got.map(strip)).toEqual([strip(e)]);
        }
      }
    });
  }
});
