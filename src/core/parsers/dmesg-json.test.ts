// Explicit checks of `dmesg --json` (the fixtures give the broad snapshots; these pin single facts:
// pri -> severity and facility, -x names, `},{` record boundaries, cut records, rebuilds, detection).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_ROOT } from '../../../test/helpers/fixture-files.ts';
import { feedParser, runParser } from '../../../test/helpers/run-parser.ts';
import { splitLines } from '../ingest/line-splitter.ts';
import { dmesgJsonParser } from './dmesg-json.ts';
import type { ParseContext } from './parser-api.ts';
import { detectFormat } from './registry.ts';

const FIXTURES = join(FIXTURES_ROOT, 'dmesg-json');

/** Feeds lines (numbered from 1, or as given) straight to the parser (no segmenting, no second pass). */
const run = (text: string, ctx: Partial<ParseContext> = {}) =>
  runParser(dmesgJsonParser, text, { sourceId: 's', ...ctx });
const feed = (numbered: [string, number][]) => feedParser(dmesgJsonParser, numbered, { sourceId: 's' });

const file = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const lines = (...ls: string[]) => `${ls.join('\n')}\n`;

describe('dmesg --json', () => {
  it('reads pri, time, caller and msg; one event per record, the `},{` line ends the record before it', () => {
    const { events, skipped, unparsed } = run(file('util-linux-2.40/cid-kmsg-json.derived.txt'));
    expect(unparsed).toEqual([]);
    expect(skipped.map((s) => [s.line, s.kind])).toEqual([
      [1, 'header'],
      [2, 'header'],
      [14, 'header'],
      [15, 'header'],
    ]);
    expect(events.map((e) => [e.line, e.lineEnd, e.monotonic, e.severity, e.ident, e.timeQuality])).toEqual([
      [3, 8, 0, 'emerg', 'kernel', 'relative'],
      [9, 13, 0.000001, 'alert', 'kernel', 'relative'],
    ]);
    expect(events[0].time).toBeNull();
    expect(events[1].fields).toEqual({ facility: 'kern', caller: 'T2' });
    // JSON escapes undone: `\\ucode.img` is one backslash.
    expect(events[1].message).toBe(
      'Command line: initrd=\\ucode.img initrd=\\initramfs-linux.img rw cryptdevice=/dev/nvme0n1p3:system:discard root=/dev/mapper/system',
    );
  });

  it('reads -x names, a user-space writer, and a record without pri', () => {
    const { events, unparsed } = run(file('util-linux-synthetic/decode-x-no-caller.synthetic.txt'));
    expect(unparsed).toEqual([]);
    expect(events.map((e) => [e.severity, e.fields.facility, e.ident, e.pid, e.monotonic])).toEqual([
      ['warning', 'kern', 'kernel', undefined, 7093.543707],
      ['err', 'kern', 'kernel', undefined, 7093.543925],
      ['info', 'syslog', 'systemd-journald', 723, 18.72],
      [undefined, undefined, undefined, undefined, 7094.000001],
    ]);
  });

  it('splits pri into facility and level (pri 30 = daemon.info), drops the trailing newline of msg', () => {
    const { events } = run(file('util-linux-synthetic/pri-multiline-cut.synthetic.txt'));
    expect(events[0].message).toBe('Mem-Info:\n active_anon:524288 inactive_anon:0 isolated_anon:0');
    expect(events[1]).toMatchObject({
      severity: 'info',
      ident: 'systemd',
      pid: 1,
      fields: { facility: 'daemon' },
    });
  });

  it('closes a record cut inside its msg from its complete lines and reports the cut line', () => {
    const { events, unparsed } = run(file('util-linux-synthetic/pri-multiline-cut.synthetic.txt'));
    expect(events[2]).toMatchObject({
      line: 14,
      lineEnd: 16,
      severity: 'err',
      monotonic: 7093.7,
      message: '',
      fields: { facility: 'kern', caller: 'T1022', truncated: true },
    });
    expect(unparsed).toEqual([{ line: 17, reason: expect.stringContaining('cut-short line') }]);
  });

  it('rebuilds a record that starts after `},{` from the wrapper lines and its own lines', () => {
    const text = file('util-linux-2.40/cid-kmsg-json.derived.txt');
    const all = splitLines(text);
    const whole = run(text).events;
    const second = whole[1];
    // What the store does: the segment's lines before its first event, then the record's lines.
    const primed: [string, number][] = [
      [all[0], 1],
      [all[1], 2],
    ];
    for (let l = second.line; l <= second.lineEnd; l++) primed.push([all[l - 1], l]);
    expect(feed(primed).events.find((e) => e.line === second.line)).toEqual(second);
  });

  it('gives the same columns with columnsOnly', () => {
    const text = file('util-linux-synthetic/decode-x-no-caller.synthetic.txt');
    const full = run(text).events;
    const cols = run(text, { columnsOnly: true }).events;
    expect(cols.map((e) => ({ ...e, message: '', fields: {}, entities: [] }))).toEqual(
      full.map((e) => ({ ...e, message: '', fields: {}, entities: [] })),
    );
  });

  it('reports a record that does not parse (a time format JSON cannot hold) and text outside the output', () => {
    const { events, unparsed } = run(
      lines(
        '{',
        '   "dmesg": [',
        '      {',
        '         "pri": 6,',
        '         "time": [Fri Feb 13 23:31:30 2009],',
        '         "msg": "example[0]"',
        '      }',
        '   ]',
        '}',
        'dmesg: read kernel buffer failed: Operation not permitted',
      ),
    );
    expect(events).toEqual([]);
    expect(unparsed.map((u) => u.line)).toEqual([3, 4, 5, 6, 7, 10]);
    expect(unparsed[0].reason).toContain('does not parse');
  });

  it('is detected from content and not taken for other JSON', () => {
    for (const f of [
      'util-linux-2.40/cid-kmsg-json.derived.txt',
      'util-linux-synthetic/decode-x-no-caller.synthetic.txt',
    ]) {
      const head = splitLines(file(f)).filter((l) => l.trim().length > 0);
      expect(detectFormat(head).format).toBe('dmesg-json');
    }
    expect(
      dmesgJsonParser.detect(['{', '  "status": {', '    "state": "CONTAINER_EXITED"', '  }', '}']),
    ).toBe(0);
    expect(dmesgJsonParser.detect(['{', '\t"MESSAGE" : "x",', '\t"__REALTIME_TIMESTAMP" : "1"', '}'])).toBe(
      0,
    );
    expect(dmesgJsonParser.detect([])).toBe(0);
  });
});
