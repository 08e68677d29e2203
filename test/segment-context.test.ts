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
