// findFindings on hand-made rules over real lines (the bundled sample's memory-cgroup OOM report,
// public/sample/dmesg.txt lines 199-289 and public/sample/journalctl-k.txt, the same report as
// journalctl -k printed it): where facts come from, the format and what filters, and windows.
import { describe, expect, it } from 'vitest';
import { parseText } from '../ingest/parse-text.ts';
import type { FormatId, LogEvent } from '../model/event.ts';
import type { RuleSpec, RuleWindow } from './rule-schema.ts';
import { compileRule, findFindings, loadRules } from './rules.ts';

// public/sample/dmesg.txt lines 199, 281, 283-289 (dmesg, linux 6.1, a memcg OOM report).
const DMESG = [
  '[ 3087.592831] java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=-997',
  '[ 3087.593499] Tasks state (memory values in pages):',
  '[ 3087.593546] [   2150]     0  2150   222865   204971  1748992        0          -998 containerd-shim',
  '[ 3087.593550] [   2167] 65535  2167      225        2    49152        0          -998 pause',
  '[ 3087.593574] [   2197]  1000  2197   213065   187731  1691648        0          -997 java',
  '[ 3087.593600] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=cri-containerd-7fc23ca64dfcf631a67171832113262567792dab9b42c2af03b740659ea21e27.scope,mems_allowed=0,oom_memcg=/kubepods.slice/kubepods-pod4e6988f1_63e6_4d27_9e8d_ba45452fbf7a.slice,task_memcg=/kubepods.slice/kubepods-pod4e6988f1_63e6_4d27_9e8d_ba45452fbf7a.slice/cri-containerd-afcf4efe97924f55171e29b9207b8ef12763b994fee4b365c09996b36a9f8f96.scope,task=containerd-shim,pid=2150,uid=0',
  '[ 3087.593612] Memory cgroup out of memory: Killed process 2150 (containerd-shim) total-vm:891460kB, anon-rss:812911kB, file-rss:6973kB, shmem-rss:0kB, UID:0 pgtables:1708kB oom_score_adj:-998',
  '[ 3087.632221] oom_reaper: reaped process 2150 (containerd-shim), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB',
  '[ 3090.096515] cni0: port 2(vethab95a095) entered disabled state',
];

// public/sample/journalctl-k.txt lines 199, 287, 288 (journalctl -k, short format).
const JOURNAL = [
  'Nov 24 07:48:16 k8s-worker-21 kernel: java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=-997',
  'Nov 24 07:48:16 k8s-worker-21 kernel: Memory cgroup out of memory: Killed process 2150 (containerd-shim) total-vm:891460kB, anon-rss:812911kB, file-rss:6973kB, shmem-rss:0kB, UID:0 pgtables:1708kB oom_score_adj:-998',
  'Nov 24 07:48:16 k8s-worker-21 kernel: oom_reaper: reaped process 2150 (containerd-shim), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB',
];

function parse(lines: string[], sourceId: string, format: FormatId): LogEvent[] {
  const res = parseText(`${lines.join('\n')}\n`, {
    sourceId,
    year: 2025,
    utcOffsetMinutes: 0,
    forceFormat: format,
  });
  expect(res.unparsed).toEqual([]);
  return res.events;
}

const dmesg = () => parse(DMESG, 'dmesg.txt', 'dmesg-raw');
const journal = () => parse(JOURNAL, 'journal.txt', 'journalctl-short');

function rule(p: Partial<RuleSpec> & { pattern: string }) {
  const spec: RuleSpec = {
    id: 'test.rule',
    title: 'test rule',
    severity: 'high',
    formats: [],
    facts: {},
    examples: { match: [], noMatch: [] },
    ...p,
  };
  return compileRule(spec);
}

// "Killed process 2150 (containerd-shim) total-vm:891460kB" (linux 5.1+ wording).
const KILLED = String.raw`Killed process (?<pid>\d+) \((?<comm>[^)]+)\)`;
// "java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=-997"
const INVOKED = String.raw`^(?<invoker>\S+) invoked oom-killer:`;

describe('findFindings: facts', () => {
  it('takes facts from named groups, fields and entities, integers as numbers', () => {
    const r = rule({
      pattern: KILLED,
      facts: {
        pid: '$pid',
        comm: '$comm',
        scope: 'fields.scope',
        anon: 'fields.anon_rss_kb',
        proc: 'entity.process',
        pidEntity: 'entity.pid',
        pod: 'entity.pod',
      },
    });
    const found = findFindings(dmesg(), [r]);
    expect(found).toHaveLength(1);
    const f = found[0];
    expect(f.id).toBe('test.rule@dmesg.txt:7');
    expect(f.eventIds).toEqual(['dmesg.txt:7']);
    expect(f.rule).toBe('test.rule');
    expect(f.severity).toBe('high');
    // pod: the line names no pod entity, so the fact is absent rather than empty.
    expect(f.facts).toEqual({
      pid: 2150,
      comm: 'containerd-shim',
      scope: 'memcg',
      anon: 812911,
      proc: 'containerd-shim',
      pidEntity: 2150,
    });
  });

  it('keeps text that is not a plain integer as a string', () => {
    // "...,cpuset=cri-containerd-7fc2...scope,mems_allowed=0,..."
    const r = rule({
      pattern: String.raw`cpuset=(?<cpuset>[^,]+),mems_allowed=(?<mems>\d+)`,
      facts: { cpuset: '$cpuset', mems: '$mems' },
    });
    const [f] = findFindings(dmesg(), [r]);
    expect(f.facts.cpuset).toBe(
      'cri-containerd-7fc23ca64dfcf631a67171832113262567792dab9b42c2af03b740659ea21e27.scope',
    );
    expect(f.facts.mems).toBe(0);
  });

  it('gives the time of the matching event', () => {
    const [f] = findFindings(journal(), [rule({ pattern: KILLED })]);
    expect(f.time).toBe(Date.UTC(2025, 10, 24, 7, 48, 16) * 1000);
    const [d] = findFindings(dmesg(), [rule({ pattern: KILLED })]);
    expect(d.time).toBeNull();
  });
});

describe('findFindings: filters', () => {
  it('tries a rule only on the formats it lists (none = all)', () => {
    const events = [...dmesg(), ...journal()];
    const onlyJournal = rule({ pattern: KILLED, formats: ['journalctl-short'] });
    expect(findFindings(events, [onlyJournal]).map((f) => f.eventIds[0])).toEqual(['journal.txt:2']);
    const all = rule({ pattern: KILLED });
    expect(findFindings(events, [all]).map((f) => f.eventIds[0])).toEqual(['dmesg.txt:7', 'journal.txt:2']);
  });

  it('pre-filters on fields.what', () => {
    // "containerd-shim" is in the task row, the oom-kill: summary, Killed process and oom_reaper.
    const any = rule({ pattern: 'containerd-shim' });
    expect(findFindings(dmesg(), [any]).map((f) => f.eventIds[0])).toEqual([
      'dmesg.txt:3',
      'dmesg.txt:6',
      'dmesg.txt:7',
      'dmesg.txt:8',
    ]);
    const reaped = rule({ pattern: 'containerd-shim', what: ['oom-reaped'] });
    expect(findFindings(dmesg(), [reaped]).map((f) => f.eventIds[0])).toEqual(['dmesg.txt:8']);
  });

  it('needs the pattern to match even when what does', () => {
    const r = rule({ pattern: 'systemd-oomd', what: ['oom-reaped'] });
    expect(findFindings(dmesg(), [r])).toEqual([]);
  });

  it('runs several rules on one event', () => {
    const a = rule({ id: 'test.a', pattern: KILLED });
    const b = rule({ id: 'test.b', pattern: 'Memory cgroup out of memory' });
    expect(findFindings(dmesg(), [a, b]).map((f) => f.id)).toEqual([
      'test.a@dmesg.txt:7',
      'test.b@dmesg.txt:7',
    ]);
  });
});

describe('findFindings: windows', () => {
  const report = (window: RuleWindow, facts: Record<string, string> = {}) =>
    rule({ pattern: INVOKED, window, facts: { invoker: '$invoker', ...facts } });

  it('absorbs included events and closes on an end event (which joins)', () => {
    const r = report(
      {
        seconds: 5,
        includeWhat: ['oom-summary', 'oom-killed-process', 'bridge-port-state'],
        endWhat: ['oom-reaped'],
      },
      { killed: 'fields.pid', memcg: 'fields.oom_memcg' },
    );
    const [f, ...rest] = findFindings(dmesg(), [r]);
    expect(rest).toEqual([]);
    // Line 9 (bridge-port-state, 2.5 s later) would be included, but oom_reaper closed the window.
    expect(f.eventIds).toEqual(['dmesg.txt:1', 'dmesg.txt:6', 'dmesg.txt:7', 'dmesg.txt:8']);
    // The invoked line has no pid field: the first joined event that has one gives it.
    expect(f.facts).toEqual({
      invoker: 'java',
      killed: 2150,
      memcg: '/kubepods.slice/kubepods-pod4e6988f1_63e6_4d27_9e8d_ba45452fbf7a.slice',
    });
  });

  it('keeps the first value of a fact from the events it absorbs', () => {
    // The invoked line's own oom_score_adj (-997) wins over the killed process's (-998).
    const r = report({ seconds: 5, includeWhat: ['oom-killed-process'] }, { adj: 'fields.oom_score_adj' });
    const [f] = findFindings(dmesg(), [r]);
    expect(f.facts.adj).toBe(-997);
    expect(f.eventIds).toEqual(['dmesg.txt:1', 'dmesg.txt:7']);
  });

  it("lets the closing event say the victim: its facts replace the opening line's", () => {
    // `java invoked oom-killer` opens the report; `Killed process 2150 (containerd-shim) ...
    // oom_score_adj:-998` closes it and names the task that died.
    const r = report(
      { seconds: 5, includeWhat: ['oom-summary'], endWhat: ['oom-killed-process'] },
      { adj: 'fields.oom_score_adj', victim: 'fields.comm' },
    );
    const [f] = findFindings(dmesg(), [r]);
    expect(f.facts).toMatchObject({ invoker: 'java', adj: -998, victim: 'containerd-shim' });
    expect(f.eventIds.at(-1)).toBe('dmesg.txt:7');
  });

  it('closes after its seconds (seconds since boot when there is no wall time)', () => {
    const short = report({ seconds: 1, includeWhat: ['oom-reaped', 'bridge-port-state'] });
    expect(findFindings(dmesg(), [short])[0].eventIds).toEqual(['dmesg.txt:1', 'dmesg.txt:8']);
    const long = report({ seconds: 3, includeWhat: ['oom-reaped', 'bridge-port-state'] });
    expect(findFindings(dmesg(), [long])[0].eventIds).toEqual(['dmesg.txt:1', 'dmesg.txt:8', 'dmesg.txt:9']);
  });

  it('uses wall time when events have it', () => {
    const r = report({ seconds: 1, includeWhat: ['oom-killed-process', 'oom-reaped'] });
    expect(findFindings(journal(), [r])[0].eventIds).toEqual([
      'journal.txt:1',
      'journal.txt:2',
      'journal.txt:3',
    ]);
  });

  it('stops at maxEvents', () => {
    const r = report({ seconds: 5, includeWhat: ['oom-task-row', 'oom-reaped'], maxEvents: 2 });
    expect(findFindings(dmesg(), [r])[0].eventIds).toEqual(['dmesg.txt:1', 'dmesg.txt:3', 'dmesg.txt:4']);
  });

  it('absorbs only events of its own source', () => {
    // A merged timeline: the journal's copy of the report must not join the dmesg finding.
    const events = [...dmesg().slice(0, 1), ...journal(), ...dmesg().slice(1)];
    const r = report({ seconds: 600, includeWhat: ['oom-killed-process'] });
    const found = findFindings(events, [r]);
    expect(found.map((f) => f.eventIds)).toEqual([
      ['dmesg.txt:1', 'dmesg.txt:7'],
      ['journal.txt:1', 'journal.txt:2'],
    ]);
  });

  it('starts a new finding when the rule matches again', () => {
    // Two reports back to back (the same real lines twice): each keeps its own events.
    const twice = parse([DMESG[0], DMESG[6], DMESG[0], DMESG[6], DMESG[7]], 'two.txt', 'dmesg-raw');
    const r = report({ seconds: 5, includeWhat: ['oom-killed-process'], endWhat: ['oom-reaped'] });
    expect(findFindings(twice, [r]).map((f) => f.eventIds)).toEqual([
      ['two.txt:1', 'two.txt:2'],
      ['two.txt:3', 'two.txt:4', 'two.txt:5'],
    ]);
  });

  it('does not absorb events into a rule without a window', () => {
    const r = rule({ pattern: INVOKED });
    expect(findFindings(dmesg(), [r])[0].eventIds).toEqual(['dmesg.txt:1']);
  });
});

describe('loadRules', () => {
  const good = {
    id: 'kernel.test-killed',
    title: 'Killed',
    severity: 'high',
    formats: [],
    pattern: KILLED,
    facts: { pid: '$pid' },
    examples: {
      match: [{ text: DMESG[6], format: 'dmesg-raw', from: 'public/sample/dmesg.txt' }],
      noMatch: [{ text: DMESG[7], format: 'dmesg-raw', from: 'public/sample/dmesg.txt' }],
    },
  };

  it('compiles valid rules', () => {
    const [r] = loadRules([{ family: 'kernel', rules: [good] }]);
    expect(r.spec.id).toBe('kernel.test-killed');
    expect(r.family).toBe('kernel');
    expect(r.re.test(DMESG[6])).toBe(true);
  });

  it('lists every problem in one error', () => {
    const bad = { ...good, id: 'kernel.bad', pattern: '(?<pid>', facts: { x: '$nope' } };
    const notArray = { family: 'node', rules: {} as unknown as unknown[] };
    let msg = '';
    try {
      loadRules([{ family: 'kernel', rules: [good, good, bad] }, notArray]);
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toContain(
      'rules/kernel.json[1] kernel.test-killed: duplicate id (also in rules/kernel.json[0])',
    );
    expect(msg).toContain('rules/kernel.json[2] kernel.bad: pattern does not compile');
    expect(msg).toContain('rules/kernel.json[2] kernel.bad: fact x: the pattern has no group $nope');
    expect(msg).toContain('rules/node.json: not a JSON array of rules');
  });

  it('loads the bundled families', () => {
    expect(() => loadRules()).not.toThrow();
    expect(loadRules()).toBe(loadRules());
  });
});
