// What the pipeline tells a parser about its segment besides the lines: the command echoed above
// it and the file it came from (a `==> f <==` header or the dropped file's name). Both must reach
// the parser the same way in the bulk ingest and in the store's rebuild of one event.
import { describe, expect, it } from 'vitest';
import { parseText } from '../src/core/ingest/parse-text.ts';
import { SourceParser } from '../src/core/ingest/source-parser.ts';
import { SourceStore } from '../src/core/store/source-store.ts';

const OPTS = { sourceId: 'paste-1', year: 2025, utcOffsetMinutes: 0 };
const HEADERS =
  '==> /sys/fs/cgroup/kubepods.slice/memory.max <==\n536870912\n\n==> /sys/fs/cgroup/kubepods.slice/memory.events <==\nlow 0\nhigh 0\nmax 12\noom 3\noom_kill 3\n';

describe('segment context', () => {
  it('names a lone cgroup value by the `==> f <==` header above it', () => {
    const res = parseText(HEADERS, OPTS);
    expect(res.segments.map((s) => [s.format, s.fileName])).toEqual([
      ['cgroup-files', '/sys/fs/cgroup/kubepods.slice/memory.max'],
      ['cgroup-files', '/sys/fs/cgroup/kubepods.slice/memory.events'],
    ]);
    expect(res.events[0].fields).toMatchObject({
      file: 'memory.max',
      value: 536870912,
      cgroup: '/kubepods.slice',
    });
    expect(res.events[1].fields).toMatchObject({ file: 'memory.events', oom_kill: 3 });
  });

  it('names a dropped file`s single value by the file name', () => {
    const res = parseText('536870912\n', { ...OPTS, sourceId: 'memory.max', fileName: 'memory.max' });
    expect(res.events[0].fields).toMatchObject({ file: 'memory.max', value: 536870912 });
  });

  it('gives the store`s rebuild the same file name and command as the ingest', () => {
    const text = `$ ulimit -n\n1024\n${HEADERS}`;
    const store = new SourceStore('paste-1', { year: 2025, utcOffsetMinutes: 0 });
    const p = new SourceParser(
      { ...OPTS, columnsOnly: true, onRawLine: (t, l) => store.rawLine(t, l) },
      store,
    );
    p.push(text);
    p.end();
    store.finish(p.lines);
    const whole = parseText(text, OPTS);
    expect(whole.events.length).toBe(store.count);
    whole.events.forEach((e, i) => {
      expect(store.materialize(i)).toEqual(e);
    });
    expect(whole.events[0].fields).toEqual({ command: 'ulimit -n' });
  });
});

describe('the paste`s own clock', () => {
  const TICKET = [
    '$ date',
    'Wed Nov 26 10:00:00 UTC 2025',
    '$ crictl ps -a',
    'CONTAINER           IMAGE               CREATED             STATE               NAME                ATTEMPT             POD ID',
    '0184e59d441d1       41d36401aa93e       2 hours ago         Exited              redis               3                   26b4893f2ae75',
    '',
  ].join('\n');

  it('turns ages after a `$ date` line into ranges before that time', () => {
    const res = parseText(TICKET, OPTS);
    const row = res.events.find((e) => e.format === 'crictl-ps');
    expect(res.segments[1].capturedAt).toBe(Date.UTC(2025, 10, 26, 10) * 1000);
    expect(row?.timeQuality).toBe('relative');
    // "2 hours ago": go-units rounds to the nearest hour, so 1.5 to 2.5 hours before 10:00.
    expect(row?.timeRange).toEqual([
      Date.UTC(2025, 10, 26, 7, 30) * 1000,
      Date.UTC(2025, 10, 26, 8, 30) * 1000,
    ]);
  });

  it('lets a capture time given for the source win', () => {
    const given = Date.UTC(2025, 10, 26, 12) * 1000;
    const res = parseText(TICKET, { ...OPTS, capturedAt: given });
    expect(res.segments[1].capturedAt).toBeUndefined();
    expect(res.events.find((e) => e.format === 'crictl-ps')?.timeRange).toEqual([
      Date.UTC(2025, 10, 26, 9, 30) * 1000,
      Date.UTC(2025, 10, 26, 10, 30) * 1000,
    ]);
  });

  it('gives the store the same capture time when it rebuilds the row', () => {
    const store = new SourceStore('paste-1', { year: 2025, utcOffsetMinutes: 0 });
    const p = new SourceParser(
      { ...OPTS, columnsOnly: true, onRawLine: (t, l) => store.rawLine(t, l) },
      store,
    );
    p.push(TICKET);
    p.end();
    store.finish(p.lines);
    const whole = parseText(TICKET, OPTS);
    whole.events.forEach((e, i) => {
      expect(store.materialize(i)).toEqual(e);
    });
  });
});
