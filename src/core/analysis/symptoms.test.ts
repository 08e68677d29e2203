// Symptoms (issue 5 part 2): the bundled sample end to end (every file parsed in full, every
// rule run, as test/rules.test.ts does), then hand-built findings for each kind, merging and
// ordering.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sampleSources } from '../../../test/helpers/sample.ts';
import { parseText } from '../ingest/parse-text.ts';
import type { LogEvent } from '../model/event.ts';
import type { Finding } from './rule-schema.ts';
import { findFindings, loadRules } from './rules.ts';
import { detectSymptoms, restartCountOf, type Symptom, userSymptom } from './symptoms.ts';

describe('detectSymptoms on the bundled sample', () => {
  const events: LogEvent[] = [];
  const findings: Finding[] = [];
  for (const src of sampleSources()) {
    events.push(...src.events);
    findings.push(...findFindings(src.events, loadRules()));
  }
  const symptoms = detectSymptoms(findings, events);
  const about = JSON.stringify(symptoms.map((s) => ({ id: s.id, findings: s.findingIds })));
  const J = 'journalctl-containerd-kubelet.txt';
  const APP = '7fc23ca64dfcf631a67171832113262567792dab9b42c2af03b740659ea21e27';
  const SANDBOX = 'afcf4efe97924f55171e29b9207b8ef12763b994fee4b365c09996b36a9f8f96';

  it('finds container 7fc23ca64dfcf Unknown once, crictl ps and crictl inspect merged', () => {
    const unknown = symptoms.filter((s) => s.kind === 'container-unknown');
    expect(unknown, about).toHaveLength(1);
    expect(unknown[0]).toMatchObject({
      container: APP,
      pod: 'payments/checkout-tkv49ntw2-qc86p',
      source: 'detected',
    });
    expect(unknown[0].title).toBe('container 7fc23ca64dfc is Unknown');
    expect(unknown[0].eventIds).toContain('crictl-ps-a.txt:11');
    expect(unknown[0].eventIds.some((id) => id.startsWith('crictl-inspect.json:'))).toBe(true);
  });

  it('finds the shim of sandbox afcf4efe9792 died, tied to the app container it ran', () => {
    const died = symptoms.filter((s) => s.kind === 'shim-died');
    expect(died, about).toHaveLength(1);
    expect(died[0].container).toBe(SANDBOX);
    // shim disconnected (329), cleaning up dead shim (331), TaskExit 137 (333), failed to delete (336).
    expect(died[0].eventIds).toEqual(
      expect.arrayContaining([`${J}:329`, `${J}:331`, `${J}:333`, `${J}:336`]),
    );
    expect(String(died[0].facts.tasks)).toContain(APP);
  });

  it('normal stops (shim disconnected after the task exited, no 137 or failed delete after) are no symptom', () => {
    // Sandboxes of pods deleted at 07:18, 07:38 and 08:06: each logs shim disconnected and
    // cleaning up dead shim (journal lines 238-240, 288-290, 379-381).
    for (const normal of ['daa80f9cfd18', 'cfb02b079d07', '6e1c30312d38'])
      expect(
        symptoms.some((s) => s.container?.startsWith(normal)),
        `${normal} in ${about}`,
      ).toBe(false);
    // The exit codes 143 and the missing exit status of those stops are not exit-137 either.
    expect(symptoms.filter((s) => s.kind === 'exit-137').map((s) => s.container)).toEqual([APP]);
  });

  it('marks the exit 137 after the dead-shim cleanup as synthetic (containerd issue 8381)', () => {
    const exit = symptoms.find((s) => s.kind === 'exit-137');
    expect(exit?.facts).toMatchObject({ exitCode: 137, synthetic: 'yes' });
    expect(String(exit?.facts.note)).toContain('8381');
    expect(exit?.findingIds).toContain(`containerd.task-exit@${J}:333`);
  });

  it('reads restarts from crictl ps ATTEMPT (checkout 95e3723f80a92 is attempt 1)', () => {
    const r = symptoms.filter((s) => s.kind === 'restarts');
    expect(
      r.map((s) => [s.container, s.pod, s.facts.attempt]),
      about,
    ).toEqual([['checkout', 'payments/checkout-tkv49ntw2-qc86p', 1]]);
    expect(r[0].eventIds).toEqual(['crictl-ps-a.txt:3']);
  });

  it('orders the symptoms by time, those without a time last', () => {
    const times = symptoms.map((s) => s.time);
    const known = times.filter((t): t is number => t !== null);
    expect(known).toEqual([...known].sort((a, b) => a - b));
    expect(times.slice(known.length).every((t) => t === null)).toBe(true);
  });
});

// Hand-built findings: the fact names are those the rule families give (rules/*.json).
let n = 0;
function finding(rule: string, facts: Finding['facts'], time: number | null, eventId = `j:${++n}`): Finding {
  return { id: `${rule}@${eventId}`, rule, title: rule, severity: 'high', time, eventIds: [eventId], facts };
}
const S = 1_000_000;
const T0 = 1_763_970_496 * S;
const C1 = 'aaaaaaaaaaaa1111111111111111111111111111111111111111111111111111';
const SB = 'bbbbbbbbbbbb2222222222222222222222222222222222222222222222222222';
const kinds = (ss: Symptom[]) => ss.map((s) => s.kind);

describe('detectSymptoms, one kind at a time', () => {
  it('container-unknown: one per container', () => {
    const ss = detectSymptoms([
      finding('runtime.container-unknown', { container: C1 }, null),
      finding('runtime.container-unknown', { container: SB }, null),
    ]);
    expect(ss.map((s) => s.container).sort()).toEqual([C1, SB]);
    expect(kinds(ss)).toEqual(['container-unknown', 'container-unknown']);
  });

  it('shim-died: a disconnect alone, or with only a dead-shim cleanup, is a normal stop', () => {
    expect(detectSymptoms([finding('containerd.shim-disconnected', { id: SB }, T0, 'j:10')])).toEqual([]);
    expect(
      detectSymptoms([
        finding('containerd.task-exit', { id: SB, exitStatus: 143 }, T0, 'j:9'),
        finding('containerd.shim-disconnected', { id: SB }, T0, 'j:10'),
        finding('containerd.dead-shim-cleanup', {}, T0, 'j:11'),
      ]),
    ).toEqual([]);
  });

  it('shim-died: a failed delete of the same id after the disconnect, within seconds', () => {
    const ss = detectSymptoms([
      finding('containerd.shim-disconnected', { id: SB }, T0, 'j:10'),
      finding('containerd.failed-delete-task', { container: SB, cause: 'ttrpc: closed' }, T0 + 2 * S, 'j:12'),
    ]);
    expect(ss.map((s) => [s.kind, s.container])).toEqual([['shim-died', SB]]);
    expect(ss[0].findingIds).toEqual([
      'containerd.shim-disconnected@j:10',
      'containerd.failed-delete-task@j:12',
    ]);
  });

  it('shim-died: not when the failure came before the disconnect, too late, or for another sandbox', () => {
    const other = 'cccccccccccc3333333333333333333333333333333333333333333333333333';
    const ev = (id: string, c: string, sb: string): LogEvent =>
      ({
        id,
        source: 'crictl',
        format: 'crictl-ps',
        line: 1,
        lineEnd: 1,
        time: null,
        timeQuality: 'none',
        message: '',
        fields: {},
        entities: [
          { kind: 'container', id: c },
          { kind: 'sandbox', id: sb },
        ],
      }) as LogEvent;
    const d = finding('containerd.shim-disconnected', { id: SB }, T0, 'j:10');
    expect(
      detectSymptoms([finding('containerd.failed-delete-task', { container: SB }, T0, 'j:9'), d]),
    ).toEqual([]);
    expect(
      detectSymptoms([d, finding('containerd.failed-delete-task', { container: SB }, T0 + 60 * S, 'j:20')]),
    ).toEqual([]);
    // C1 runs in sandbox `other`: its exit 137 says nothing about shim SB (but is an exit-137).
    const ss = detectSymptoms(
      [d, finding('containerd.task-exit', { id: C1, exitStatus: 137 }, T0, 'j:11')],
      [ev('crictl:1', C1, other)],
    );
    expect(kinds(ss)).toEqual(['exit-137']);
    // In SB it does.
    const tied = detectSymptoms(
      [d, finding('containerd.task-exit', { id: C1, exitStatus: 137 }, T0, 'j:11')],
      [ev('crictl:1', C1, SB)],
    );
    expect(kinds(tied)).toEqual(['shim-died', 'exit-137']);
    expect(tied[0].facts.tasks).toBe(C1);
  });

  it('exit-137: from a TaskExit or an exit code, synthetic only after a dead-shim cleanup', () => {
    const plain = detectSymptoms([finding('runtime.exit-code', { container: C1, exitCode: 137 }, T0)]);
    expect(plain.map((s) => [s.kind, s.facts.synthetic])).toEqual([['exit-137', 'no']]);
    const after = detectSymptoms([
      finding('containerd.dead-shim-cleanup', {}, T0, 'j:30'),
      finding('containerd.task-exit', { id: C1, exitStatus: 137 }, T0, 'j:31'),
    ]);
    expect(after[0].facts.synthetic).toBe('yes');
    expect(after[0].eventIds).toEqual(['j:30', 'j:31']);
    expect(detectSymptoms([finding('containerd.task-exit', { id: C1, exitStatus: 0 }, T0)])).toEqual([]);
  });

  it('oom-killed: from kubelet and crictl, noting exit codes 1 or 128', () => {
    const ss = detectSymptoms([
      finding('kubelet.oom-killed', { container: C1, pod: 'ns/p' }, T0 + S),
      finding('runtime.exit-code', { container: C1, exitCode: 128, reason: 'OOMKilled' }, T0),
    ]);
    expect(ss).toHaveLength(1);
    expect(ss[0]).toMatchObject({ kind: 'oom-killed', container: C1, pod: 'ns/p', time: T0 });
    expect(ss[0].facts.exitCode).toBe(128);
    expect(String(ss[0].facts.note)).toMatch(/1 or 128/);
  });

  it('restarts from back-off; task-missing from ctr', () => {
    const ss = detectSymptoms([
      finding('runtime.task-missing', { containerId: C1 }, T0 + 5 * S),
      finding('kubelet.back-off', { container: 'checkout', pod: 'payments/checkout-x', delay: '5m0s' }, T0),
    ]);
    expect(ss.map((s) => [s.kind, s.container])).toEqual([
      ['restarts', 'checkout'],
      ['task-missing', C1],
    ]);
    expect(ss[0].facts.backOff).toBe('5m0s');
  });
});

describe('detectSymptoms, merging and ordering', () => {
  it('merges one container+kind told by several tools (prefix and full id), earliest first', () => {
    const ss = detectSymptoms([
      finding('runtime.container-unknown', { container: C1 }, T0 + 9 * S, 'inspect:2'),
      finding('runtime.container-unknown', { container: C1.slice(0, 13) }, null, 'ps:11'),
      finding('runtime.container-unknown', { container: C1 }, T0, 'inspect:393'),
    ]);
    expect(ss).toHaveLength(1);
    expect(ss[0].container).toBe(C1);
    // A state row's time is when the container was created, not when it went Unknown.
    expect(ss[0].time).toBeNull();
    expect(ss[0].findingIds).toEqual([
      'runtime.container-unknown@inspect:393',
      'runtime.container-unknown@inspect:2',
      'runtime.container-unknown@ps:11',
    ]);
    expect(ss[0].eventIds).toEqual(['inspect:393', 'inspect:2', 'ps:11']);
  });

  it('keeps different kinds and different containers apart, ordered by time, untimed last', () => {
    const ss = detectSymptoms([
      finding('runtime.container-unknown', { container: C1 }, null),
      finding('runtime.exit-code', { container: C1, exitCode: 137 }, T0 + 3 * S),
      finding('runtime.exit-code', { container: SB, exitCode: 137 }, T0 + S),
      finding('kubelet.oom-killed', { container: C1 }, T0 + 2 * S),
    ]);
    expect(ss.map((s) => [s.kind, s.container])).toEqual([
      ['exit-137', SB],
      ['oom-killed', C1],
      ['exit-137', C1],
      ['container-unknown', C1],
    ]);
  });

  it('ignores findings that are no symptom', () => {
    expect(
      detectSymptoms([finding('kernel.oom-invoked', { pid: 1 }, T0), finding('node.reboot', {}, T0)]),
    ).toEqual([]);
  });
});

describe('userSymptom', () => {
  it('names a symptom with no evidence yet', () => {
    const s = userSymptom('custom', 'Checkout pod hangs!', { pod: 'payments/checkout' });
    expect(s).toMatchObject({
      id: 'user:custom:checkout-pod-hangs',
      kind: 'custom',
      title: 'Checkout pod hangs!',
      pod: 'payments/checkout',
      time: null,
      eventIds: [],
      findingIds: [],
      source: 'user',
    });
  });
});

describe('restart counts from kubectl describe', () => {
  it('reads `Restart Count` and keeps the memory limit of the row (corpus k8s-10861)', () => {
    const text = readFileSync(
      new URL(
        '../../../test/corpus/k8s-10861-describe-2015-tabs-memory-limit/kubectl-describe.txt',
        import.meta.url,
      ),
      'utf8',
    );
    const { events } = parseText(text, { sourceId: 'kubectl-describe.txt', year: 2015, utcOffsetMinutes: 0 });
    const row = events.find((e) => restartCountOf(e) !== undefined);
    expect(row && restartCountOf(row)).toBe(5);
    const [s] = detectSymptoms([], events);
    expect(s).toMatchObject({
      kind: 'restarts',
      container: 'simmemleak',
      facts: { attempt: 5, memoryLimit: '50Mi' },
    });
  });
});
