// A fixed AnalysisResult for the Analysis tab's component tests, told from the bundled sample
// (public/sample): the memcg OOM killer killed pid 2150, the containerd-shim of sandbox
// afcf4efe9792 (dmesg.txt:286-287), and containerd then cleaned up the dead shim
// (journalctl-containerd-kubelet.txt:329-336). The tests' client returns it, with the analyst's
// decisions and custom hypotheses applied the way analyze() applies them, so the panel can be
// checked without the cause modules. One hypothesis carries hostile text: it must stay text.

import type {
  AnalysisOptions,
  AnalysisResult,
  Evidence,
  Gap,
  Hypothesis,
} from '../../core/analysis/model.ts';
import { hyp } from '../../state/testing/hypothesis.ts';

const J = 'journalctl-containerd-kubelet.txt';
const T0 = Date.parse('2025-11-24T07:48:16Z') * 1000;

export const MEMORY_EVENTS_GAP: Gap = {
  id: 'memory-events:4e6988f1-63e6-4d27-9e8d-ba45452fbf7a',
  ask: 'Read the pod cgroup memory.events: oom_kill counts kills by the memcg OOM killer.',
  command:
    'cat /sys/fs/cgroup/kubepods.slice/kubepods-pod4e6988f1_63e6_4d27_9e8d_ba45452fbf7a.slice/memory.events',
  settles: ['oom-kill-cgroup'],
};

export const HOSTILE = '<img src=x onerror=alert(1)> **bold** %%{init:{}}%%';

const killLine: Evidence = {
  id: 'finding:kernel.oom-kill-line@dmesg.txt:287',
  kind: 'finding',
  weight: 0.9,
  text: 'pid 2150 killed by the memcg OOM killer is the shim of sandbox afcf4efe9792',
  findingId: 'kernel.oom-kill-line@dmesg.txt:287',
  eventIds: ['dmesg.txt:287', 'dmesg.txt:286'],
};

export function sampleResult(): AnalysisResult {
  return {
    symptoms: [
      {
        id: 'shim-died:afcf4efe97924f55171e29b9207b8ef12763b994fee4b365c09996b36a9f8f96',
        kind: 'shim-died',
        title: 'shim afcf4efe9792 died',
        container: 'afcf4efe97924f55171e29b9207b8ef12763b994fee4b365c09996b36a9f8f96',
        pod: 'payments/checkout-tkv49ntw2-qc86p',
        time: T0,
        eventIds: [`${J}:329`, `${J}:331`, `${J}:333`],
        findingIds: [],
        facts: {},
        source: 'detected',
      },
    ],
    findings: [
      {
        id: 'kernel.oom-kill-line@dmesg.txt:287',
        rule: 'kernel.oom-kill-line',
        title: 'The OOM killer killed a process',
        severity: 'high',
        time: T0 + 544_000,
        eventIds: ['dmesg.txt:287'],
        facts: { pid: 2150, comm: 'containerd-shim' },
      },
    ],
    hypotheses: [
      hyp({
        id: 'oom-kill-cgroup',
        title: 'OOM kill inside a cgroup (memory limit)',
        verdict: 'supported',
        score: 0.93,
        reason: 'The memcg OOM killer killed pid 2150, the shim of the pod sandbox.',
        for: [killLine],
        gaps: [MEMORY_EVENTS_GAP],
        explains: ['shim-died:afcf4efe97924f55171e29b9207b8ef12763b994fee4b365c09996b36a9f8f96'],
        children: [
          hyp({
            id: 'oom-kill-cgroup/shim',
            title: 'The shim itself was killed',
            verdict: 'supported',
            score: 0.91,
            reason: 'The killed pid 2150 is containerd-shim, not the container init.',
            for: [{ ...killLine, id: 'join:shim' }],
          }),
        ],
      }),
      hyp({
        id: 'manual-or-automation-kill',
        title: 'Killed by a person or automation',
        verdict: 'unlikely',
        score: 0.04,
        reason: 'A kernel OOM kill of the shim explains the death.',
        for: [
          {
            id: `symptom:exit-137`,
            kind: 'symptom',
            weight: 0.1,
            text: 'exit 137 reported after a dead-shim cleanup (containerd made it up)',
            eventIds: [`${J}:333`],
          },
        ],
        against: [{ ...killLine, id: 'competing:oom', weight: 0.6 }],
      }),
      hyp({
        id: 'oom-kill-host',
        title: 'Host-wide OOM kill',
        verdict: 'unlikely',
        score: 0.03,
        reason: 'The kill was constrained to a memory cgroup, not the whole host.',
        against: [
          {
            id: 'absence:global-oom',
            kind: 'absence',
            weight: 0.7,
            text: 'No global OOM line where the kernel log covers the death',
            eventIds: [],
            coverage: {
              searched: 'Out of memory: Killed process (no memcg)',
              producer: 'kernel',
              sources: ['dmesg.txt', 'journalctl-k.txt'],
              from: T0 - 60_000_000,
              to: T0 + 5_000_000,
            },
          },
        ],
      }),
      hyp({ id: 'other', title: HOSTILE, verdict: 'open', score: 0.1, reason: `Reason: ${HOSTILE}` }),
    ],
    verdict: {
      cause: 'oom-kill-cgroup',
      by: 'engine',
      hypothesis: 'oom-kill-cgroup/shim',
      confidence: 0.91,
      reason: 'The memcg OOM killer killed the shim of the pod sandbox.',
    },
    gaps: [MEMORY_EVENTS_GAP],
    steps: {
      verification: [
        {
          id: 'task-dir',
          title: "Check the task's metadata on the node",
          detail: 'Metadata intact: the task directory is still there.',
          commands: [
            'ls /run/containerd/io.containerd.runtime.v2.task/k8s.io/afcf4efe97924f55171e29b9207b8ef12763b994fee4b365c09996b36a9f8f96',
          ],
        },
      ],
      remediation: [
        {
          id: 'force-delete',
          title: 'Delete the dead task',
          detail: 'containerd still lists it.',
          commands: [
            'ctr -n k8s.io tasks delete --force 7fc23ca64dfcf631a67171832113262567792dab9b42c2af03b740659ea21e27',
          ],
          branch: 'metadata intact',
        },
        {
          id: 'snapshot-rm',
          title: 'Remove the snapshot',
          detail: '',
          commands: [
            'ctr -n k8s.io snapshots rm 7fc23ca64dfcf631a67171832113262567792dab9b42c2af03b740659ea21e27',
          ],
          branch: 'metadata lost',
        },
      ],
    },
    coverage: [],
    focus: {
      containers: ['7fc23ca64dfcf631a67171832113262567792dab9b42c2af03b740659ea21e27'],
      sandboxes: ['afcf4efe97924f55171e29b9207b8ef12763b994fee4b365c09996b36a9f8f96'],
      pods: ['payments/checkout-tkv49ntw2-qc86p'],
      time: T0,
      symptomIds: ['shim-died:afcf4efe97924f55171e29b9207b8ef12763b994fee4b365c09996b36a9f8f96'],
    },
  };
}

const walk = (hs: Hypothesis[]): Hypothesis[] => hs.flatMap((h) => [h, ...walk(h.children)]);

/**
 * The fixed result with the options applied as analyze() applies them: custom hypotheses join
 * the tree (below their parent, or on top), decisions are set beside the verdicts, and an
 * accepted hypothesis decides the overall verdict.
 */
export function sampleResultWith(opts: AnalysisOptions = {}): AnalysisResult {
  const r = sampleResult();
  for (const c of opts.custom ?? []) {
    const node = hyp({
      id: c.id,
      cause: c.parent ?? 'other',
      title: c.title,
      score: c.for.length > 0 ? 0.5 : 0.1,
      verdict: c.for.length > 0 ? 'likely' : 'open',
      reason: c.note ?? 'Your hypothesis.',
      for: c.for.map((e) => ({
        id: `analyst:for:${e}`,
        kind: 'analyst',
        weight: 0.5,
        text: `${e} attached in support by the analyst`,
        eventIds: [e],
      })),
      custom: true,
    });
    const parent = c.parent ? r.hypotheses.find((h) => h.cause === c.parent) : undefined;
    if (parent) parent.children.push(node);
    else r.hypotheses.push(node);
  }
  for (const h of walk(r.hypotheses)) {
    const d = opts.decisions?.[h.id];
    if (d) h.decision = d;
  }
  const accepted = walk(r.hypotheses).find((h) => h.decision?.state === 'accepted');
  if (accepted)
    r.verdict = {
      cause: accepted.cause,
      by: 'analyst',
      hypothesis: accepted.id,
      confidence: accepted.score,
      reason: `${accepted.title} was accepted by the analyst`,
    };
  return r;
}
