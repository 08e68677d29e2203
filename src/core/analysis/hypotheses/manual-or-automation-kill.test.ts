// manual-or-automation-kill over the sample, the corpus and real lines from the rule examples
// (src/core/analysis/rules/*.json, each with its public source): a kill by a userspace OOM
// killer, systemd on request, the kubelet; and what must not count (containerd's synthetic exit
// 137, another pod's normal stop, a SIGKILL the kernel OOM killer already accounts for).
import { describe, expect, it } from 'vitest';
import {
  analyzeCase,
  analyzeLines,
  analyzeSample,
  analyzeTexts,
  hypothesis,
  treeSummary,
} from '../../../../test/helpers/analysis.ts';
import type { Symptom } from '../symptoms.ts';

// kubelet 1.2x structured, AKS journal, liveness restart (rule kubelet.killing-container example).
const KUBELET_KILL =
  'May 16 18:34:49 aks-nodepool1-29985679-vmss00000A kubelet[4052]: I0516 18:34:49.885621    4052 kuberuntime_container.go:808] "Killing container with a grace period" pod="default/liveness-exec" podUID="93e17ecc-ab55-461a-b526-29248d2554ad" containerName="liveness" containerID="containerd://05657a9c673d612aedd955a65136ccca36b82ba987831de7844cdc0238f1d707" gracePeriod=30';

/** What the analyst names: "this container died at that time" (AnalysisOptions.userSymptoms). */
function died(container: string, iso: string): Symptom {
  return {
    id: `custom:died-${container.slice(0, 12)}`,
    kind: 'custom',
    title: `container ${container.slice(0, 12)} died`,
    container,
    time: Date.parse(iso) * 1000,
    eventIds: [],
    findingIds: [],
    facts: {},
    source: 'user',
  };
}

describe('manual-or-automation-kill', () => {
  it('the sample: the kernel OOM killer killed the shim, so a manual kill is unlikely and exit 137 only a hint', async () => {
    const r = await analyzeSample();
    const h = hypothesis(r, 'manual-or-automation-kill');
    expect(['unlikely', 'refuted'], treeSummary(r)).toContain(h.verdict);
    // containerd's 137 after `cleaning up dead shim` (journal line 333) is there, and weak.
    const exit = h.for.find((e) => e.symptomId?.startsWith('exit-137:'));
    expect(exit, treeSummary(r)).toBeDefined();
    expect(exit?.weight).toBeLessThanOrEqual(0.2);
    expect(exit?.eventIds).toContain('journalctl-containerd-kubelet.txt:333');
    expect(h.for.every((e) => e.weight <= 0.2)).toBe(true);
    // The kernel's kill of pid 2150, the shim, argues against it.
    const oom = h.against.find((e) => e.eventIds.includes('dmesg.txt:287'));
    expect(oom?.weight).toBeGreaterThanOrEqual(0.6);
    expect(oom?.weight).toBeLessThanOrEqual(0.7);
    expect(oom?.text).toMatch(/2150/);
  });

  it("the sample: the kubelet's stops of other pods (shop/worker at 07:18 and 07:38) are not evidence", async () => {
    const r = await analyzeSample();
    const k = hypothesis(r, 'manual-or-automation-kill/kubelet');
    expect(k.for).toEqual([]);
    expect(['unlikely', 'refuted']).toContain(k.verdict);
    // The kubelet log covers the death and stops nothing of the focus.
    expect(k.against.some((e) => e.kind === 'absence' && e.coverage?.producer === 'kubelet')).toBe(true);
    // With the kernel's kill proven, no gap asks who else killed it.
    expect(r.gaps.map((g) => g.id)).not.toContain('audit-kills');
  });

  it('talos-12526: the OOM controller SIGKILLed a pod cgroup, a userspace kill', async () => {
    const r = await analyzeCase('talos-12526-userspace-oom-controller-kill');
    expect(r.verdict.cause, treeSummary(r)).toBe('manual-or-automation-kill');
    expect(r.verdict.hypothesis).toBe('manual-or-automation-kill/userspace-oom-killer');
    const c = hypothesis(r, 'manual-or-automation-kill/userspace-oom-killer');
    expect(c.verdict).toBe('supported');
    expect(c.for[0].eventIds).toEqual(['talosctl-dmesg.txt:1']);
    expect(c.for[0].text).toMatch(/OOMController/);
  });

  it('moby-43491: the kill is only in the thread prose; the files give no cause and the gaps ask for audit and history', async () => {
    const r = await analyzeCase('moby-43491-shim-sigkilled-container-still-running');
    expect(['manual-or-automation-kill', 'unknown']).toContain(r.verdict.cause);
    const ids = r.gaps.map((g) => g.id);
    expect(ids).toContain('audit-kills');
    expect(ids).toContain('shell-history');
    expect(r.gaps.find((g) => g.id === 'audit-kills')?.command).toMatch(
      /^TZ=UTC LC_TIME=C ausearch -i -sc kill/,
    );
  });

  it("systemd-oomd: its own line and PID 1's line are one kill, by a userspace OOM killer", async () => {
    // systemd 249 (Ubuntu 22.04.3), systemd/systemd#23606 (rule systemd.oomd-killed examples).
    const r = await analyzeLines('journal.txt', [
      'Dec 18 19:34:56 user-desktop systemd-oomd[840]: Killed /user.slice/user-1001.slice/user@1001.service/app.slice/app-org.gnome.Terminal.slice/vte-spawn-dbb4a75e-031f-480d-924b-5de5af7579d2.scope due to memory pressure for /user.slice/user-1001.slice/user@1001.service being 51.07% > 50.00% for > 20s with reclaim activity',
      'Dec 18 19:34:56 user-desktop systemd[1837]: vte-spawn-dbb4a75e-031f-480d-924b-5de5af7579d2.scope: systemd-oomd killed 12 process(es) in this unit.',
    ]);
    const c = hypothesis(r, 'manual-or-automation-kill/userspace-oom-killer');
    expect(c.verdict, treeSummary(r)).toBe('supported');
    expect(c.for).toHaveLength(1);
    expect(c.for[0].eventIds).toEqual(['journal.txt:1', 'journal.txt:2']);
    expect(r.verdict.cause).toBe('manual-or-automation-kill');
  });

  it("the unit's `status=9/KILL` and `result 'signal'` next to systemd-oomd's kill are oomd's, not another kill", async () => {
    // systemd v250-dev TEST-55-OOMD, systemd/systemd#20690 (rule systemd.oomd-killed,
    // systemd.main-process-killed and systemd.unit-failed examples, one second of one journal).
    const r = await analyzeLines('journal.txt', [
      'Sep 10 14:59:49 image systemd-oomd[34]: Killed /testsuite.slice/testsuite-55.slice/testsuite-55-workload.slice/testsuite-55-testbloat.service due to memory pressure for /testsuite.slice/testsuite-55.slice/testsuite-55-workload.slice be>',
      'Sep 10 14:59:49 image systemd[1]: testsuite-55-testbloat.service: Main process exited, code=killed, status=9/KILL',
      "Sep 10 14:59:49 image systemd[1]: testsuite-55-testbloat.service: Failed with result 'signal'.",
    ]);
    expect(hypothesis(r, 'manual-or-automation-kill/userspace-oom-killer').for, treeSummary(r)).toHaveLength(
      1,
    );
    expect(hypothesis(r, 'manual-or-automation-kill/person-or-script').for).toEqual([]);
  });

  it('`systemctl kill -s KILL containerd`: systemd logs a SIGKILL on client request, a person or a script', async () => {
    // systemd 249 (Ubuntu 22.04), containerd/nerdctl#3147 (rule systemd.sigkill-sent examples).
    const r = await analyzeLines('journal.txt', [
      'Jul 04 17:41:20 lima-dock systemd[1]: containerd.service: Sent signal SIGKILL to main process 1106603 (containerd) on client request.',
      'Jul 04 17:41:20 lima-dock systemd[1]: containerd.service: Sending signal SIGKILL to process 1106604 (containerd) on client request.',
    ]);
    const c = hypothesis(r, 'manual-or-automation-kill/person-or-script');
    expect(c.verdict, treeSummary(r)).toBe('supported');
    // The two lines of one `systemctl kill` are one item, not two independent kills.
    expect(c.for).toHaveLength(1);
    expect(c.for[0].text).toMatch(/on client request/);
    expect(hypothesis(r, 'manual-or-automation-kill/userspace-oom-killer').for).toEqual([]);
  });

  it('systemd SIGKILLing the shims of containerd.service as it stops is a runtime restart (other), not a person', async () => {
    // Rule systemd.sigkill-sent's examples: containerd.service's stop takes its shim with it; a
    // transient unit's stop timeout (run-r6e26166...service, systemd[1] at 716 s) is an ordinary stop.
    const runtime = await analyzeLines(
      'systemd.txt',
      'containerd.service: Killing process 1041 (containerd-shim) with signal SIGKILL.',
    );
    const person = hypothesis(runtime, 'manual-or-automation-kill/person-or-script');
    const summary = treeSummary(runtime);
    expect(person.for, summary).toHaveLength(1);
    expect(person.for[0].weight).toBeLessThanOrEqual(0.2);
    expect(person.for[0].text).toMatch(/container runtime's unit .*runtime restart \(cause other\)/);
    expect(person.verdict).toBe('open');
    expect(['likely', 'supported']).toContain(hypothesis(runtime, 'other/runtime-restart').verdict);
    expect(runtime.verdict.cause, summary).toBe('other');

    const transient = await analyzeLines(
      'systemd.txt',
      '[  716.377416] systemd[1]: run-r6e26166f562b493585afed989b04be4e.service: Killing process 275 (start-resolve.s) with signal SIGKILL.',
    );
    const stop = hypothesis(transient, 'manual-or-automation-kill/person-or-script');
    expect(stop.for, treeSummary(transient)).toHaveLength(1);
    expect(stop.for[0].weight).toBeGreaterThanOrEqual(0.4);
    expect(stop.for[0].text).not.toMatch(/runtime restart/);
  });

  it('a lone `status=9/KILL` names no sender: it suggests a kill but does not decide one', async () => {
    // systemd on an Ubuntu droplet, docker/for-linux#1001 (rule systemd.main-process-killed example).
    const r = await analyzeLines(
      'journal.txt',
      'May 15 23:13:53 ubuntu-s-1vcpu-2gb-ams3-01 systemd[1]: containerd.service: Main process exited, code=killed, status=9/KILL',
    );
    const h = hypothesis(r, 'manual-or-automation-kill');
    expect(h.for).toHaveLength(1);
    expect(h.for[0].weight).toBeLessThan(0.5);
    expect(h.verdict, treeSummary(r)).toBe('open');
  });

  it("the kubelet's `Killing container` for the focus container just before its death: a kill by the kubelet", async () => {
    const r = await analyzeTexts(
      { 'kubelet.txt': `${KUBELET_KILL}\n` },
      {
        userSymptoms: [
          died('05657a9c673d612aedd955a65136ccca36b82ba987831de7844cdc0238f1d707', '2025-05-16T18:35:20Z'),
        ],
      },
    );
    const k = hypothesis(r, 'manual-or-automation-kill/kubelet');
    expect(['supported', 'likely'], treeSummary(r)).toContain(k.verdict);
    expect(k.for[0].eventIds).toEqual(['kubelet.txt:1']);
    expect(k.for[0].text).toMatch(/container 05657a9c673d/);
  });

  it("the same line for another container is another pod's normal stop and says nothing", async () => {
    const r = await analyzeTexts(
      { 'kubelet.txt': `${KUBELET_KILL}\n` },
      // The sample's checkout container, named dead at the same time.
      {
        userSymptoms: [
          died('7fc23ca64dfcf631a67171832113262567792dab9b42c2af03b740659ea21e27', '2025-05-16T18:35:20Z'),
        ],
      },
    );
    expect(hypothesis(r, 'manual-or-automation-kill/kubelet').for).toEqual([]);
    expect(hypothesis(r, 'manual-or-automation-kill').for).toEqual([]);
  });

  it('a kubelet eviction for memory is automation; one for ephemeral-storage is disk-full, not this', async () => {
    // Pod status message of an Evicted pod, aws/aws-k8s-tester CHANGELOG (rule kubelet.eviction example).
    const r = await analyzeLines(
      'status.txt',
      'The node was low on resource: memory. Container prometheus-server was using 3885112Ki, which exceeds its request of 0. Container prometheus-server-configmap-reload was using 2100Ki, which exceeds its request of 0.',
    );
    const k = hypothesis(r, 'manual-or-automation-kill/kubelet');
    expect(k.for, treeSummary(r)).toHaveLength(1);
    expect(k.for[0].text).toMatch(/memory/);

    const disk = await analyzeCase('minikube-4084-ephemeral-storage-eviction');
    expect(hypothesis(disk, 'manual-or-automation-kill').for).toEqual([]);
  });
});
