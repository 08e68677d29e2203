import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { analyzeTexts, sampleTexts, treeSummary } from '../../../test/helpers/analysis.ts';
import { TASK_DIR } from './commands.ts';
import { buildContext } from './context.ts';
import { type Joins, NO_JOINS } from './joins.ts';
import {
  type AnalysisVerdict,
  CAUSE_IDS,
  type CauseId,
  type Gap,
  type Hypothesis,
  type SourceCoverage,
  type Step,
} from './model.ts';
import type { Finding } from './rule-schema.ts';
import { BRANCH_INTACT, BRANCH_LOST, podCgroupOf, stepsFor } from './steps.ts';
import { type Symptom, sameContainer } from './symptoms.ts';

// The sample incident (public/sample): container `checkout` in sandbox afcf4efe..., whose shim
// (pid 2150) the memcg OOM killer killed (dmesg.txt:286-287).
const CONTAINER = '7fc23ca64dfcf631a67171832113262567792dab9b42c2af03b740659ea21e27';
const SANDBOX = 'afcf4efe97924f55171e29b9207b8ef12763b994fee4b365c09996b36a9f8f96';
const POD = 'payments/checkout-tkv49ntw2-qc86p';
const POD_CGROUP = '/kubepods.slice/kubepods-pod4e6988f1_63e6_4d27_9e8d_ba45452fbf7a.slice';
const TASK_MEMCG = `${POD_CGROUP}/cri-containerd-${SANDBOX}.scope`;
// 2025-11-24 07:48:16 UTC (journal line 329, `shim disconnected`).
const T = Date.UTC(2025, 10, 24, 7, 48, 16) * 1000;

const commands = (steps: readonly Step[]) => steps.flatMap((s) => s.commands);
const ids = (steps: readonly Step[]) => steps.map((s) => s.id);

/** The text of a command that the shell would expand: everything outside single quotes, unescaped. */
function exposed(command: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (quoted) {
      if (c === "'") quoted = false;
      continue;
    }
    if (c === "'") quoted = true;
    else if (c === '\\') i++;
    else out += c;
  }
  return out;
}

function symptom(kind: Symptom['kind'], container: string, time: number | null, pod?: string): Symptom {
  return {
    id: `${kind}:${container}`,
    kind,
    title: `${kind} ${container}`,
    container,
    ...(pod ? { pod } : {}),
    time,
    eventIds: [],
    findingIds: [],
    facts: {},
    source: 'detected',
  };
}

/** The facts rules.ts extracts from the sample's `oom-kill:` line (dmesg.txt:286) and the kill line (:287). */
function oomFindings(memcg: string, taskMemcg: string, container = CONTAINER): Finding[] {
  return [
    {
      id: 'kernel.oom-kill-line@dmesg.txt:286',
      rule: 'kernel.oom-kill-line',
      title: 'oom-kill',
      severity: 'critical',
      time: T + 532_843,
      eventIds: ['dmesg.txt:286'],
      facts: {
        constraint: 'CONSTRAINT_MEMCG',
        oomMemcg: memcg,
        taskMemcg,
        task: 'containerd-shim',
        pid: 2150,
        cpuset: `cri-containerd-${container}.scope`,
        container,
      },
    },
    {
      id: 'kernel.killed-process@dmesg.txt:287',
      rule: 'kernel.killed-process',
      title: 'Killed process',
      severity: 'critical',
      time: T + 532_855,
      eventIds: ['dmesg.txt:287'],
      facts: { scope: 'memcg', pid: 2150, comm: 'containerd-shim', anonRssKb: 812911 },
    },
  ];
}

/** Joins that say what the sample's links say: 2150 is the shim of the sandbox, the container runs in it. */
function sampleJoins(over: Partial<Record<'container' | 'sandbox' | 'pod' | 'name', string>> = {}): Joins {
  const c = over.container ?? CONTAINER;
  const sb = over.sandbox ?? SANDBOX;
  return {
    resolve: (id) => (sameContainer(id, CONTAINER) ? c : sameContainer(id, SANDBOX) ? sb : id),
    kindOf: (id) => (id === c ? 'container' : id === sb ? 'sandbox' : undefined),
    sandboxOf: (id) => (id === c ? sb : undefined),
    containersOf: (id) => (id === sb ? [c] : []),
    podOf: () => ({ name: over.pod ?? POD }),
    ownersOfPid: (pid) => (String(pid) === '2150' ? [{ id: sb, kind: 'sandbox', role: 'shim' }] : []),
    nameOf: (id) => (id === c ? (over.name ?? 'checkout') : undefined),
  };
}

function context(opts: {
  findings?: Finding[];
  symptoms?: Symptom[];
  joins?: Joins;
  coverage?: SourceCoverage[];
}) {
  return buildContext({
    findings: opts.findings ?? [],
    symptoms: opts.symptoms ?? [],
    coverage: opts.coverage ?? [],
    joins: opts.joins ?? NO_JOINS,
  });
}

const verdict = (cause: CauseId | 'unknown', hypothesis?: string): AnalysisVerdict => ({
  cause,
  by: 'engine',
  ...(hypothesis ? { hypothesis } : {}),
  confidence: cause === 'unknown' ? 0.1 : 0.9,
  reason: 'test',
});

function hyp(
  id: string,
  v: Hypothesis['verdict'],
  score: number,
  gaps: Gap[] = [],
  children: Hypothesis[] = [],
): Hypothesis {
  return {
    id,
    cause: id.split('/')[0] as CauseId,
    title: id,
    score,
    verdict: v,
    reason: 'test',
    for: [],
    against: [],
    gaps,
    children,
    explains: [],
  };
}

const sampleCtx = () =>
  context({
    findings: oomFindings(POD_CGROUP, TASK_MEMCG),
    symptoms: [symptom('shim-died', SANDBOX, T), symptom('container-unknown', CONTAINER, null, POD)],
    joins: sampleJoins(),
  });

describe('stepsFor on the bundled sample', () => {
  it('verifies the focus container by its full id and offers both remediation branches', async () => {
    const r = await analyzeTexts(sampleTexts());
    const why = treeSummary(r);
    const verify = commands(r.steps.verification);
    expect(verify, why).toContain(`crictl inspect ${CONTAINER}`);
    expect(verify, why).toContain(`ctr -n k8s.io containers info ${CONTAINER}`);
    expect(verify, why).toContain(`ls -la ${TASK_DIR}/k8s.io/${CONTAINER}`);
    // The kill reason, in the incident's window and in the pod's cgroup from the kernel's line.
    expect(verify, why).toContain(`cat /sys/fs/cgroup${POD_CGROUP}/memory.events`);
    expect(
      verify.some((c) => c.includes('journalctl -u containerd') && c.includes("'2025-11-24 07:43:16'")),
    ).toBe(true);
    const branches = new Set(r.steps.remediation.map((s) => s.branch));
    expect(branches).toContain(BRANCH_INTACT);
    expect(branches).toContain(BRANCH_LOST);
    const fix = commands(r.steps.remediation);
    expect(fix).toContain(`ctr -n k8s.io tasks delete --force ${CONTAINER}`);
    expect(fix).toContain(`ctr -n k8s.io snapshots rm ${CONTAINER}`);
    expect(fix).toContain(`umount ${TASK_DIR}/k8s.io/${CONTAINER}/rootfs`);
  });

  it('for an accepted cgroup OOM: the limit against the peak, and the shim that was killed in the pod cgroup', async () => {
    const r = await analyzeTexts(sampleTexts(), {
      decisions: { 'oom-kill-cgroup': { state: 'accepted', note: 'dmesg.txt:287' } },
    });
    expect(r.verdict.cause).toBe('oom-kill-cgroup');
    const v = r.steps.verification;
    expect(ids(v)).toEqual(
      expect.arrayContaining([
        'verify-metadata',
        'verify-kernel-log',
        'verify-memory-limit',
        'verify-shim-cgroup',
      ]),
    );
    expect(commands(v)).toContain(
      `grep -H . /sys/fs/cgroup${POD_CGROUP}/memory.max /sys/fs/cgroup${POD_CGROUP}/memory.peak /sys/fs/cgroup${POD_CGROUP}/memory.current /sys/fs/cgroup${POD_CGROUP}/memory.events`,
    );
    const shim = v.find((s) => s.id === 'verify-shim-cgroup');
    expect(shim?.detail).toContain('pid 2150 (containerd-shim)');
    expect(shim?.detail).toContain(TASK_MEMCG);
    expect(ids(r.steps.remediation)).toContain('mitigate-shim-cgroup');
  });
});

describe('stepsFor with a hand-built context', () => {
  it('fills the sandbox and pod: the dead shim takes the sandbox task, the kubelet re-creates the pod', () => {
    const { verification, remediation } = stepsFor(
      sampleCtx(),
      verdict('oom-kill-cgroup', 'oom-kill-cgroup/shim'),
      [],
    );
    expect(commands(verification)).toContain(`crictl inspectp ${SANDBOX}`);
    expect(commands(remediation)).toEqual(
      expect.arrayContaining([
        `ctr -n k8s.io tasks delete --force ${SANDBOX}`,
        `crictl stopp ${SANDBOX}`,
        `crictl rmp --force ${SANDBOX}`,
        `kubectl delete pod -n payments checkout-tkv49ntw2-qc86p`,
        `umount /run/containerd/io.containerd.grpc.v1.cri/sandboxes/${SANDBOX}/shm`,
      ]),
    );
    // Inside Kubernetes, starting a task behind the kubelet's back is not offered.
    const start = remediation.find((s) => s.id === 'remediate-start-task');
    expect(start?.commands).toEqual([]);
    expect(start?.detail).toContain(POD);
    // Branch steps come before the mitigations, which belong to no branch.
    const firstMitigation = remediation.findIndex((s) => s.branch === undefined);
    expect(remediation.slice(0, firstMitigation).every((s) => s.branch !== undefined)).toBe(true);
    expect(remediation.slice(firstMitigation).every((s) => s.branch === undefined)).toBe(true);
  });

  it('outside Kubernetes (no pod), ctr tasks start is offered', () => {
    const ctx = context({ symptoms: [symptom('container-unknown', CONTAINER, T)] });
    const { remediation } = stepsFor(ctx, verdict('shim-bug-or-deadlock'), []);
    expect(commands(remediation)).toContain(`ctr -n k8s.io tasks start -d ${CONTAINER}`);
    expect(commands(remediation)).not.toContain(expect.stringContaining('kubectl'));
  });

  it('every cause adds checks of its own, with commands, beyond the seed checks', () => {
    const base = new Set(ids(stepsFor(sampleCtx(), verdict('unknown'), []).verification));
    for (const cause of CAUSE_IDS) {
      const { verification, remediation } = stepsFor(sampleCtx(), verdict(cause), []);
      const own = verification.filter((s) => !base.has(s.id));
      expect(own.length, cause).toBeGreaterThan(0);
      for (const s of own) expect(s.commands.length, `${cause} ${s.id}`).toBeGreaterThan(0);
      expect(ids(verification), cause).toEqual(
        expect.arrayContaining(['verify-metadata', 'verify-kernel-log']),
      );
      expect(ids(remediation), cause).toEqual(
        expect.arrayContaining(['mitigate-watch-shim', 'remediate-unmount']),
      );
    }
  });

  it('every command of every cause is valid shell (bash -n parses it without running it)', () => {
    const all = new Set(
      [...CAUSE_IDS, 'unknown' as const].flatMap((cause) => {
        const { verification, remediation } = stepsFor(sampleCtx(), verdict(cause), []);
        return commands([...verification, ...remediation]);
      }),
    );
    expect(all.size).toBeGreaterThan(40);
    for (const c of all)
      expect(() => execFileSync('bash', ['-n', '-c', c], { stdio: 'pipe' }), c).not.toThrow();
  });

  it('cause-specific checks read the right files', () => {
    const cmds = (cause: CauseId) =>
      commands(stepsFor(sampleCtx(), verdict(cause), []).verification).join('\n');
    expect(cmds('pid-exhaustion')).toContain('pids.max');
    expect(cmds('fd-exhaustion')).toContain('/proc/sys/fs/file-nr');
    expect(cmds('disk-full')).toContain('df -h');
    expect(cmds('manual-or-automation-kill')).toContain('ausearch -i -sc kill -ts 11/24/2025 07:43:16');
    expect(cmds('shim-bug-or-deadlock')).toContain('containerd --version');
    expect(cmds('kernel-hang')).toContain('blocked for more than');
    expect(cmds('oom-kill-host')).toContain('/proc/meminfo');
  });

  it('the shim check appears only when the shim was the victim', () => {
    const initKilled = context({
      findings: oomFindings(POD_CGROUP, `${POD_CGROUP}/cri-containerd-${CONTAINER}.scope`),
      symptoms: [symptom('container-unknown', CONTAINER, T, POD)],
      joins: { ...sampleJoins(), ownersOfPid: () => [{ id: CONTAINER, kind: 'container', role: 'init' }] },
    });
    const { verification, remediation } = stepsFor(initKilled, verdict('oom-kill-cgroup'), []);
    expect(ids(verification)).not.toContain('verify-shim-cgroup');
    expect(ids(remediation)).not.toContain('mitigate-shim-cgroup');
    expect(ids(remediation)).toContain('mitigate-memory-limit');
  });

  it('an unknown verdict asks what settles the best open hypotheses, once per gap', () => {
    const kernel: Gap = {
      id: 'kernel-log',
      ask: 'Collect the kernel log around the death.',
      command: 'TZ=UTC journalctl -k',
      settles: ['oom-kill-cgroup'],
    };
    const audit: Gap = { id: 'audit', ask: 'Collect kill audit.', command: 'ausearch -sc kill', settles: [] };
    const refutedGap: Gap = { id: 'never', ask: 'Not asked.', command: 'echo never', settles: [] };
    const hs = [
      hyp('oom-kill-cgroup', 'open', 0.3, [kernel], [hyp('oom-kill-cgroup/shim', 'open', 0.2, [kernel])]),
      hyp('manual-or-automation-kill', 'open', 0.2, [audit, kernel]),
      hyp('disk-full', 'refuted', 0.01, [refutedGap]),
    ];
    const { verification, remediation } = stepsFor(sampleCtx(), verdict('unknown'), hs);
    expect(ids(verification).slice(0, 2)).toEqual(['gap:kernel-log', 'gap:audit']);
    expect(verification[0].detail).toContain('oom-kill-cgroup, manual-or-automation-kill');
    expect(commands(verification)).not.toContain('echo never');
    // Still the metadata check, and both branches: recovery does not depend on the cause.
    expect(ids(verification)).toContain('verify-metadata');
    expect(new Set(remediation.map((s) => s.branch))).toEqual(
      new Set([BRANCH_INTACT, BRANCH_LOST, undefined]),
    );
  });

  it('an analyst-rejected hypothesis is not asked about', () => {
    const g: Gap = { id: 'g', ask: 'Ask.', command: 'echo rejected', settles: [] };
    const rejected = {
      ...hyp('oom-kill-host', 'open', 0.5, [g]),
      decision: { state: 'rejected' as const, note: 'no' },
    };
    const { verification } = stepsFor(sampleCtx(), verdict('unknown'), [rejected]);
    expect(commands(verification)).not.toContain('echo rejected');
  });

  it('without a container id: list to find it, and no command with a hole', () => {
    const ctx = context({ findings: oomFindings(POD_CGROUP, TASK_MEMCG) });
    for (const cause of [...CAUSE_IDS, 'unknown' as const]) {
      const { verification, remediation } = stepsFor(ctx, verdict(cause), []);
      expect(commands(verification)).toContain('crictl ps -a');
      for (const c of commands([...verification, ...remediation]))
        expect(c, cause).not.toMatch(/undefined|null|<|>\s*$/);
      // A lone dmesg: its OOM still gives the pod's cgroup.
      expect(commands(verification)).toContain(`cat /sys/fs/cgroup${POD_CGROUP}/memory.events`);
      const task = remediation.find((s) => s.id === 'remediate-delete-task');
      expect(task?.commands).toEqual([]);
    }
  });
});

describe('hostile ids', () => {
  // A pod can be named by anyone who can create one, and a log line can say anything: what
  // reaches a command from the inputs must stay one quoted word.
  const EVIL = '$(rm -rf /)';
  const ctx = context({
    findings: oomFindings(`/kubepods/${EVIL}`, `/kubepods/${EVIL}/x\`reboot\``, `7fc23ca64dfc${EVIL}`),
    symptoms: [
      symptom('container-unknown', CONTAINER, T, `default/${EVIL}`),
      symptom('shim-died', SANDBOX, T),
    ],
    joins: sampleJoins({
      container: `7fc23ca64dfc${EVIL}`,
      sandbox: `afcf4efe9792'${EVIL}'`,
      pod: `default/${EVIL}`,
      name: EVIL,
    }),
  });

  it.each([...CAUSE_IDS, 'unknown' as const])('%s: no payload outside single quotes', (cause) => {
    const { verification, remediation } = stepsFor(ctx, verdict(cause), []);
    const all = commands([...verification, ...remediation]);
    // The payload did reach the commands (the test is not vacuous)...
    expect(all.some((c) => c.includes('rm -rf /)'))).toBe(true);
    // ...and only ever inside single quotes.
    for (const c of all) {
      expect(exposed(c), c).not.toContain('rm -rf /');
      expect(exposed(c), c).not.toContain('reboot');
      // The quotes balance: bash parses it (without running it).
      expect(() => execFileSync('bash', ['-n', '-c', c], { stdio: 'pipe' }), c).not.toThrow();
    }
  });
});

describe('podCgroupOf', () => {
  it('cuts a memcg path after the pod component, in both cgroup drivers', () => {
    expect(podCgroupOf(TASK_MEMCG)).toEqual({
      path: POD_CGROUP,
      uid: '4e6988f1-63e6-4d27-9e8d-ba45452fbf7a',
    });
    expect(podCgroupOf(`/kubepods/burstable/pod4e6988f1-63e6-4d27-9e8d-ba45452fbf7a/${CONTAINER}`)).toEqual({
      path: '/kubepods/burstable/pod4e6988f1-63e6-4d27-9e8d-ba45452fbf7a',
      uid: '4e6988f1-63e6-4d27-9e8d-ba45452fbf7a',
    });
    expect(podCgroupOf('/system.slice/containerd.service')).toBeUndefined();
  });
});
