// `rca formats` and `rca parse --json` over the issue 3 formats, in process.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMAT_IDS } from '../core/model/event.ts';
import { memoryIo } from './io.ts';
import { run } from './run.ts';

let tmp = '';
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'rca-formats-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

async function rca(...argv: string[]) {
  const io = memoryIo();
  const code = await run(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('rca formats', () => {
  it('lists every format id with its title and a sample line', async () => {
    const r = await rca('formats', '--json');
    expect(r.code).toBe(0);
    const { formats } = JSON.parse(r.out) as { formats: { id: string; title: string; sample: string }[] };
    expect(formats.map((f) => f.id).sort()).toEqual([...FORMAT_IDS].sort());
    for (const f of formats) {
      expect(f.title.length, f.id).toBeGreaterThan(2);
      expect(f.sample.trim().length, f.id).toBeGreaterThan(0);
    }
    const syslog = formats.find((f) => f.id === 'syslog-rfc3164');
    expect(syslog?.sample).toMatch(/^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d /);
  });

  it('prints a readable table without --json', async () => {
    const r = await rca('formats');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ctr-tasks +\S/m);
    expect(r.out).toMatch(/^klog +\S/m);
  });
});

describe('rca parse --json on a ticket with several tools', () => {
  it('gives each segment its format and the messages their fields', async () => {
    const file = join(tmp, 'ticket.txt');
    writeFileSync(
      file,
      [
        '$ sudo ctr -n k8s.io tasks ls',
        'TASK                                                                PID      STATUS',
        'a65fba91b40e4cbd79a3443b5c898a6f93d77a94d01eb052981ce652710c94a9    0        UNKNOWN',
        '$ journalctl -u containerd --no-pager',
        'Aug 05 07:27:14 node-1 containerd[1709]: time="2023-08-05T07:27:14.304609945+02:00" level=info msg="shim disconnected" id=0184e59d441d128ad8421bfe46d4bd8fc8ffc1e8758fa61cd58f6db1f990f4ca',
        '$ crictl ps -a',
        'CONTAINER           IMAGE               CREATED             STATE               NAME                ATTEMPT             POD ID',
        '0184e59d441d1       41d36401aa93e       2 hours ago         Exited              redis               3                   26b4893f2ae75',
        '',
      ].join('\n'),
    );
    const r = await rca('parse', '--json', '--year', '2023', '--captured-at', '2023-08-05T09:30:00Z', file);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as {
      sources: { segments: { format: string }[]; unparsed: unknown[] }[];
      events: {
        format: string;
        time: string | null;
        timeQuality: string;
        timeRange?: number[];
        fields: Record<string, unknown>;
        entities: { kind: string; id: string }[];
      }[];
    };
    expect(out.sources[0].segments.map((s) => s.format)).toEqual([
      'ctr-tasks',
      'journalctl-short',
      'crictl-ps',
    ]);
    expect(out.sources[0].unparsed).toEqual([]);
    const [task, shim, row] = out.events;
    expect(task.fields).toMatchObject({ status: 'UNKNOWN' });
    expect(shim.fields).toMatchObject({ what: 'shim-disconnected', writer: 'containerd' });
    expect(shim.entities).toContainEqual({
      kind: 'container',
      id: '0184e59d441d128ad8421bfe46d4bd8fc8ffc1e8758fa61cd58f6db1f990f4ca',
    });
    // "2 hours ago" before the capture time: a range, not a guess.
    expect(row.timeQuality).toBe('relative');
    expect(row.timeRange).toBeDefined();
    expect(row.time?.startsWith('2023-08-05T07:')).toBe(true);
  });

  it('refuses a capture time without a zone', async () => {
    const r = await rca('parse', '--captured-at', '2023-08-05T09:30:00', 'x.txt');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--captured-at');
  });
});
