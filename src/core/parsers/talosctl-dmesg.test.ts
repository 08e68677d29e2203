// Explicit checks of the talosctl dmesg parser: node prefix (present, absent, IPv6), facility and
// level, the RFC3339Nano time, the writer of a record, and what is not a record.
import { describe, expect, it } from 'vitest';
import { runParser } from '../../../test/helpers/run-parser.ts';
import type { LogEvent } from '../model/event.ts';
import { microsToIso } from '../util/time.ts';
import type { ParseContext } from './parser-api.ts';
import { detectFormat } from './registry.ts';
import { talosctlDmesgParser } from './talosctl-dmesg.ts';

const run = (text: string, ctx: Partial<ParseContext> = {}) =>
  runParser(talosctlDmesgParser, text, { sourceId: 's', utcOffsetMinutes: 60, ...ctx });

const iso = (e: LogEvent) => (e.time === null ? null : microsToIso(e.time));

// siderolabs/talos website/content/v0.14/guides/logging.md
const DOCS =
  '172.20.1.2: kern:    info: [2021-11-10T10:09:37.662764956Z]: Command line: init_on_alloc=1 slab_nomerge pti=on';
// talos#12526 (corpus), node cut
const KILL =
  'user: warning: [2026-01-12T20:27:31.913975631Z]: [talos] Sending SIGKILL to cgroup {"component": "controller-runtime", "controller": "runtime.OOMController", "cgroup": "/sys/fs/cgroup/kubepods/burstable/podfa7a7e58-0b1e-4c92-b352-eea4274ed391"}';

describe('talosctl-dmesg', () => {
  it('reads node, facility, level and the exact time', () => {
    const { events, unparsed } = run(`${DOCS}\n`);
    expect(unparsed).toEqual([]);
    const e = events[0];
    expect(iso(e)).toBe('2021-11-10T10:09:37.662764Z');
    expect(e).toMatchObject({
      timeQuality: 'exact',
      host: '172.20.1.2',
      ident: 'kernel',
      severity: 'info',
      message: 'Command line: init_on_alloc=1 slab_nomerge pti=on',
      fields: { facility: 'kern' },
      entities: [{ kind: 'node', id: '172.20.1.2' }],
    });
  });

  it('reads a record without node; machined records get ident talos', () => {
    const e = run(`${KILL}\n`).events[0];
    expect(e.host).toBeUndefined();
    expect(e.entities).toEqual([]);
    expect(e).toMatchObject({ ident: 'talos', severity: 'warning', fields: { facility: 'user' } });
    expect(e.message.startsWith('[talos] Sending SIGKILL to cgroup {')).toBe(true);
  });

  it('reads IPv6 and host-name nodes, user-space writers, zones and whole seconds', () => {
    const { events } = run(
      [
        'fd00::1: daemon:  notice: [2025-03-01T10:00:00+02:00]: udevd[2239]: starting eudev-3.2.9',
        'talos-cp-1: kern:     err: [2025-03-01T10:00:00.5Z]: EXT4-fs error (device sda1): x',
      ].join('\n'),
    );
    expect(events[0]).toMatchObject({ host: 'fd00::1', ident: 'udevd', pid: 2239, severity: 'notice' });
    expect(iso(events[0])).toBe('2025-03-01T08:00:00.000000Z');
    expect(events[1]).toMatchObject({ host: 'talos-cp-1', ident: 'kernel', severity: 'err' });
    expect(iso(events[1])).toBe('2025-03-01T10:00:00.500000Z');
  });

  it('skips blanks and the docs elision, says why for other lines', () => {
    const { events, unparsed, skipped } = run(
      ['', DOCS, '[...]', 'kern: info: no stamp', 'error getting dmesg: rpc error'].join('\n'),
    );
    expect(events).toHaveLength(1);
    expect(skipped).toEqual([
      { line: 1, kind: 'blank' },
      { line: 3, kind: 'comment' },
    ]);
    expect(unparsed.map((u) => u.line)).toEqual([4, 5]);
    expect(unparsed[0].reason).toMatch(/talosctl-dmesg: expected/);
  });

  it('gives the same columns in a columns-only parse', () => {
    const text = `${DOCS}\n${KILL}\n`;
    const cols = (e: LogEvent) => ({ ...e, message: '', fields: {}, entities: [] });
    expect(run(text, { columnsOnly: true }).events).toEqual(run(text).events.map(cols));
  });

  it('is detected with or without the node prefix', () => {
    expect(detectFormat([DOCS]).format).toBe('talosctl-dmesg');
    expect(detectFormat([KILL]).format).toBe('talosctl-dmesg');
    expect(talosctlDmesgParser.detect(['kern  :info  : [    0.000000] Linux version 6.6.4'])).toBe(0);
  });
});
