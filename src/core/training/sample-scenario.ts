// The bundled sample incident (public/sample: the seed's containerd shim killed by the memory
// cgroup OOM killer) as a scenario manifest. The training tests grade against it with the
// engine's real analysis of those files, and it is a worked example of every manifest field for
// whoever writes public/scenarios/*/manifest.json (docs/training.md).
import type { ScenarioManifest } from './model.ts';

export const SAMPLE_SCENARIO: ScenarioManifest = {
  schemaVersion: 1,
  id: 'sample-shim-memcg-oom',
  title: 'The checkout container that went Unknown',
  difficulty: 'intro',
  summary:
    "A payments pod stops answering its readiness probe and its container shows Unknown. Work out what died, what killed it and why, from the node's runtime state and logs.",
  learningGoals: [
    'Read a kernel OOM report: who invoked it, which cgroup hit its limit, which process was killed',
    'Tell the containerd shim from the container it serves, and why losing the shim leaves the container Unknown',
    "Recognise containerd's synthetic exit 137 after a dead-shim cleanup",
  ],
  symptom: {
    title: 'checkout pod not ready on k8s-worker-21',
    text: 'Alert: payments/checkout-tkv49ntw2-qc86p failed its readiness probe at 07:46 UTC and crictl reports its container Unknown since 07:48. The pod restarted once on its own. Find out why before it happens again.',
    named: {
      kind: 'container-unknown',
      title: 'checkout container Unknown',
      pod: 'payments/checkout-tkv49ntw2-qc86p',
      time: '2025-11-24T07:48:16Z',
    },
  },
  sources: [
    { file: 'crictl-ps-a.txt', title: 'Containers on the node', command: 'crictl ps -a' },
    {
      file: 'crictl-inspect.json',
      title: 'The checkout containers, inspected',
      command: 'crictl inspect 7fc23ca64dfcf 95e3723f80a92',
    },
    {
      file: 'journalctl-containerd-kubelet.txt',
      title: 'containerd and kubelet journal',
      command: 'journalctl -u containerd -u kubelet',
    },
    { file: 'journalctl-k.txt', title: 'Kernel journal', command: 'journalctl -k' },
    { file: 'dmesg.txt', title: 'Kernel ring buffer', command: 'dmesg' },
  ],
  reveal: [
    { title: 'The page', narrative: 'You are on call; the alert above is all you have.', files: [] },
    {
      title: 'The runtime state',
      narrative: 'You log on to k8s-worker-21 and ask the runtime what it knows about the pod.',
      files: ['crictl-ps-a.txt', 'crictl-inspect.json'],
    },
    {
      title: "The runtime's log",
      narrative: 'You read what containerd and the kubelet logged around 07:48.',
      files: ['journalctl-containerd-kubelet.txt'],
    },
    {
      title: 'The kernel',
      narrative: 'You read the kernel log of the same minutes.',
      files: ['journalctl-k.txt', 'dmesg.txt'],
    },
  ],
  hints: [
    {
      text: 'An exit code 137 means SIGKILL was sent, or that containerd says so: which one here?',
      afterStep: 2,
    },
    {
      text: 'Read the name of the process in the "Killed process" line, and compare it with the container.',
      afterStep: 3,
    },
  ],
  expected: {
    cause: 'oom-kill-cgroup',
    hypothesis: 'oom-kill-cgroup/shim',
    partial: [
      {
        cause: 'oom-kill-host',
        why: 'The mechanism is right (the kernel OOM killer), the level is not: CONSTRAINT_MEMCG and "Memory cgroup out of memory" say the pod\'s limit was hit, not the host\'s memory.',
      },
      {
        hypothesis: 'oom-kill-cgroup/container',
        why: 'The pod hit its memory limit, but the victim was pid 2150, containerd-shim: the container lost its shim, which is why it went Unknown instead of restarting cleanly.',
      },
    ],
  },
  keyEvidence: [
    {
      file: 'dmesg.txt',
      line: 287,
      why: 'The memory cgroup OOM killer killed pid 2150, containerd-shim',
      required: true,
      also: ['journalctl-k.txt:287'],
    },
    {
      file: 'dmesg.txt',
      line: 286,
      why: "CONSTRAINT_MEMCG: the pod's cgroup hit its limit, and the task killed is the shim, charged to the pod",
      required: true,
      also: ['journalctl-k.txt:286'],
    },
    {
      file: 'journalctl-containerd-kubelet.txt',
      line: 329,
      why: 'containerd loses the shim of sandbox afcf4efe9792 at the same second',
    },
    {
      file: 'journalctl-containerd-kubelet.txt',
      line: 331,
      why: 'containerd cleans up a dead shim: the exit that follows is its own, not a kill of the container',
    },
    {
      file: 'journalctl-containerd-kubelet.txt',
      line: 333,
      why: 'The TaskExit 137 of container 7fc23ca64dfc, published by containerd after the cleanup',
    },
    {
      file: 'crictl-inspect.json',
      line: 394,
      why: 'The container is CONTAINER_UNKNOWN: containerd cannot reach its task',
      record: [313, 404],
    },
  ],
  validRejections: {
    'oom-kill-host': {
      requires: ['dmesg.txt:286', 'journalctl-k.txt:286', 'CONSTRAINT_MEMCG', 'memory cgroup', 'memcg'],
    },
    'oom-kill-cgroup/container': { requires: ['dmesg.txt:287', 'journalctl-k.txt:287', 'shim', '2150'] },
    'manual-or-automation-kill': {},
    'kernel-hang': {},
  },
  verification: ['verify-kernel-log', 'verify-memory-events', 'verify-shim-cgroup', 'verify-metadata'],
  trainerNotes:
    '**What this drill is about.** The trap is the exit code: 137 reads as "the container was OOM-killed", but here the kernel killed the *shim* (pid 2150) and containerd reported 137 for the tasks of the dead shim itself (containerd issue 8381).\n\nAsk the trainee why the shim was in the pod\'s cgroup at all, and what changes if it runs in its own (`ShimCgroup`).',
};
