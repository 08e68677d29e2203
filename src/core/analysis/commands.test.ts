import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { around, CRI_DIR, cmd, gap, journalTime, shq, TASK_DIR } from './commands.ts';

// The sample incident's ids (public/sample: crictl-inspect.json, dmesg.txt:286).
const CONTAINER = '7fc23ca64dfcf631a67171832113262567792dab9b42c2af03b740659ea21e27';
const SANDBOX = 'afcf4efe97924f55171e29b9207b8ef12763b994fee4b365c09996b36a9f8f96';
const POD = 'payments/checkout-tkv49ntw2-qc86p';
const POD_UID = '4e6988f1-63e6-4d27-9e8d-ba45452fbf7a';
const POD_CGROUP = '/kubepods.slice/kubepods-pod4e6988f1_63e6_4d27_9e8d_ba45452fbf7a.slice';
// 2025-11-24 07:48:16 UTC: the sample's `shim disconnected` (journal line 329).
const T = Date.UTC(2025, 10, 24, 7, 48, 16) * 1000;

/** What a POSIX shell makes of one quoted word: printf prints it back. */
function shellWord(quoted: string): string {
  return execFileSync('sh', ['-c', `printf %s ${quoted}`], { encoding: 'utf8' });
}

// Text that must reach the program as it is: expansions, quotes, globs, separators.
const HOSTILE = [
  '$(echo INJECTED)',
  '`echo INJECTED`',
  "x'$(echo INJECTED)'y",
  "'; echo INJECTED; '",
  '"$HOME"',
  'a b\tc',
  '*',
  '~root',
  'line\nbreak',
  '\\',
  "''",
  '-n',
  'a|b&c;d>e<f',
  // A shell parameter expansion, as a literal string (not a template).
  `\${IFS}`,
  '!!',
  'pod4e6988f1_63e6',
];

describe('shq', () => {
  it('leaves ids and paths made of safe characters bare', () => {
    expect(shq(CONTAINER)).toBe(CONTAINER);
    expect(shq(`${TASK_DIR}/k8s.io/${SANDBOX}`)).toBe(`${TASK_DIR}/k8s.io/${SANDBOX}`);
    expect(shq('2025-11-24 07:48:16')).toBe("'2025-11-24 07:48:16'");
  });

  it('gives the shell back exactly the text, whatever it holds', () => {
    for (const s of HOSTILE) expect(shellWord(shq(s)), JSON.stringify(s)).toBe(s);
  });

  it('quotes anything that is not plainly safe', () => {
    for (const s of HOSTILE.filter((x) => !/^[A-Za-z0-9_./:@=+-]+$/.test(x)))
      expect(shq(s).startsWith("'"), s).toBe(true);
  });
});

describe('times', () => {
  it('prints UTC as journalctl --since reads it', () => {
    expect(journalTime(T)).toBe('2025-11-24 07:48:16');
    expect(journalTime(T + 999_999)).toBe('2025-11-24 07:48:16');
  });
  it('around() is [t - before, t + after] in µs, or nulls without a time', () => {
    expect(around(T, 60, 5)).toEqual([T - 60e6, T + 5e6]);
    expect(around(null, 60, 5)).toEqual([null, null]);
  });
});

describe('builders with the sample ids', () => {
  it('journal windows run under TZ=UTC with quoted times, or without a window', () => {
    const [from, to] = around(T, 120, 30);
    expect(cmd.kernelLog(from, to)).toBe(
      "TZ=UTC journalctl -k -o short-iso-precise --since '2025-11-24 07:46:16' --until '2025-11-24 07:48:46'",
    );
    expect(cmd.containerdLog(null, null)).toBe('TZ=UTC journalctl -u containerd -o short-iso-precise');
    expect(cmd.auditKills(from, to)).toBe(
      'TZ=UTC LC_TIME=C ausearch -i -sc kill -ts 11/24/2025 07:46:16 -te 11/24/2025 07:48:46',
    );
  });

  it('metadata checks name the container by its full id', () => {
    expect(cmd.crictlInspect(CONTAINER)).toBe(`crictl inspect ${CONTAINER}`);
    expect(cmd.ctrContainerInfo(CONTAINER)).toBe(`ctr -n k8s.io containers info ${CONTAINER}`);
    expect(cmd.ctrSnapshots(CONTAINER)).toBe("ctr -n k8s.io snapshots ls | grep -E '^7fc23ca64dfc'");
    expect(cmd.taskDir(SANDBOX)).toBe(`ls -la ${TASK_DIR}/k8s.io/${SANDBOX}`);
    expect(cmd.taskDirs()).toBe(`ls -la ${TASK_DIR}/k8s.io`);
  });

  it('cgroup files: the memcg the kernel named, or a find by pod UID', () => {
    expect(cmd.memoryEvents(POD_UID, POD_CGROUP)).toBe(`cat /sys/fs/cgroup${POD_CGROUP}/memory.events`);
    expect(cmd.memoryEvents(POD_UID, undefined)).toBe(
      "find /sys/fs/cgroup -path '*4e6988f1?63e6?4d27?9e8d?ba45452fbf7a*' -name memory.events -exec grep -H . {} +",
    );
    expect(cmd.cgroupFiles(POD_CGROUP, ['memory.max', 'memory.peak'])).toBe(
      `grep -H . /sys/fs/cgroup${POD_CGROUP}/memory.max /sys/fs/cgroup${POD_CGROUP}/memory.peak`,
    );
  });

  it('remediation commands: force-delete the task, release mounts and snapshots', () => {
    expect(cmd.ctrTaskDelete(CONTAINER)).toBe(`ctr -n k8s.io tasks delete --force ${CONTAINER}`);
    expect(cmd.ctrTaskStart(CONTAINER)).toBe(`ctr -n k8s.io tasks start -d ${CONTAINER}`);
    expect(cmd.ctrSnapshotRm(CONTAINER)).toBe(`ctr -n k8s.io snapshots rm ${CONTAINER}`);
    expect(cmd.ctrContainerRm(CONTAINER)).toBe(`ctr -n k8s.io containers rm ${CONTAINER}`);
    expect(cmd.umountRootfs(CONTAINER)).toBe(`umount ${TASK_DIR}/k8s.io/${CONTAINER}/rootfs`);
    expect(cmd.umountSandboxShm(SANDBOX)).toBe(`umount ${CRI_DIR}/sandboxes/${SANDBOX}/shm`);
    expect(cmd.removeTaskDir(CONTAINER)).toBe(`rm -rf --one-file-system ${TASK_DIR}/k8s.io/${CONTAINER}`);
    expect(cmd.staleMounts(CONTAINER)).toBe(`findmnt -rn -o TARGET,SOURCE,FSTYPE | grep -F -- ${CONTAINER}`);
    expect(cmd.crictlRm(CONTAINER)).toBe(`crictl rm --force ${CONTAINER}`);
    expect(cmd.crictlStopp(SANDBOX)).toBe(`crictl stopp ${SANDBOX}`);
    expect(cmd.crictlRmp(SANDBOX)).toBe(`crictl rmp --force ${SANDBOX}`);
  });

  it('kubectl commands split namespace/name, and fall back to listing without one', () => {
    expect(cmd.kubectlDeletePod(POD)).toBe('kubectl delete pod -n payments checkout-tkv49ntw2-qc86p');
    expect(cmd.watchPod(POD)).toBe('kubectl get pod -n payments checkout-tkv49ntw2-qc86p -o wide -w');
    expect(cmd.describePod(POD)).toBe('kubectl describe pod -n payments checkout-tkv49ntw2-qc86p');
    expect(cmd.describePod(POD_UID)).toBe('kubectl get pods -A -o wide');
    expect(cmd.podResources(POD)).toBe(
      `kubectl get pod -n payments checkout-tkv49ntw2-qc86p -o jsonpath='{range .spec.containers[*]}{.name}{" "}{.resources}{"\\n"}{end}'`,
    );
    expect(cmd.podResources(undefined).startsWith('kubectl get pods -A -o jsonpath=')).toBe(true);
  });
});

describe('builders quote what comes from logs', () => {
  // Every builder that takes an id, a path or a pod, called with hostile text: the hostile part
  // must appear only as shq made it (and shq round-trips through the shell, above).
  const evil = "x'$(echo INJECTED)`echo INJECTED`";
  const byId: [string, (s: string) => string][] = [
    ['crictlInspect', cmd.crictlInspect],
    ['crictlInspectp', cmd.crictlInspectp],
    ['ctrContainerInfo', cmd.ctrContainerInfo],
    ['ctrTaskDelete', cmd.ctrTaskDelete],
    ['ctrTaskStart', cmd.ctrTaskStart],
    ['ctrContainerRm', cmd.ctrContainerRm],
    ['ctrSnapshotRm', cmd.ctrSnapshotRm],
    ['crictlRm', cmd.crictlRm],
    ['crictlStopp', cmd.crictlStopp],
    ['crictlRmp', cmd.crictlRmp],
    ['staleMounts', cmd.staleMounts],
    ['fdOf', cmd.fdOf],
  ];
  it.each(byId)('%s', (_name, build) => {
    const c = build(evil);
    expect(c).toContain(shq(evil));
    expect(c.replace(shq(evil), '')).not.toContain('INJECTED');
  });

  it('paths built from an id are quoted as a whole', () => {
    expect(cmd.taskDir(evil)).toBe(`ls -la ${shq(`${TASK_DIR}/k8s.io/${evil}`)}`);
    expect(cmd.umountRootfs(evil)).toBe(`umount ${shq(`${TASK_DIR}/k8s.io/${evil}/rootfs`)}`);
    expect(cmd.removeTaskDir(evil)).toBe(`rm -rf --one-file-system ${shq(`${TASK_DIR}/k8s.io/${evil}`)}`);
    expect(cmd.umountSandboxShm(evil)).toBe(`umount ${shq(`${CRI_DIR}/sandboxes/${evil}/shm`)}`);
    expect(cmd.memoryEvents(undefined, `/kubepods/${evil}`)).toBe(
      `cat ${shq(`/sys/fs/cgroup/kubepods/${evil}/memory.events`)}`,
    );
    expect(cmd.cgroupFiles(`/k/${evil}`, ['memory.max'])).toBe(
      `grep -H . ${shq(`/sys/fs/cgroup/k/${evil}/memory.max`)}`,
    );
  });

  it('a hostile namespace or pod name is quoted in every kubectl command', () => {
    const pod = `default/${evil}`;
    for (const c of [
      cmd.kubectlDeletePod(pod),
      cmd.watchPod(pod),
      cmd.describePod(pod),
      cmd.kubeEvents(pod),
      cmd.podResources(pod),
    ]) {
      expect(c).toContain(shq(evil));
      expect(c.replace(shq(evil), '')).not.toContain('INJECTED');
    }
  });
});

describe('gap', () => {
  it('is one object with the format only when given', () => {
    expect(gap('kernel-log', 'Collect the kernel log.', 'dmesg -T', ['oom-kill-cgroup'])).toEqual({
      id: 'kernel-log',
      ask: 'Collect the kernel log.',
      command: 'dmesg -T',
      settles: ['oom-kill-cgroup'],
    });
    expect(gap('k', 'a', 'c', [], 'dmesg-ctime').format).toBe('dmesg-ctime');
  });
});
