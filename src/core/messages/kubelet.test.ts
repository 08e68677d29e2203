import { describe, expect, it } from 'vitest';
import { expectRejected, readMessage } from '../../../test/helpers/read-message.ts';
import { goDurationSeconds, parseKlogHeader, readKubelet } from './kubelet.ts';

const C = '4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6';
const UID = '6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b';

const read = (message: string) => readMessage(readKubelet, message);

describe('parseKlogHeader', () => {
  it('reads every part of the header', () => {
    expect(
      parseKlogHeader('E0118 10:19:44.767958  197889 kubelet.go:1877] "Skipping pod synchronization"'),
    ).toEqual({
      severity: 'E',
      month: 1,
      day: 18,
      hour: 10,
      minute: 19,
      second: 44,
      micros: 767958,
      tid: 197889,
      source: 'kubelet.go:1877',
      body: 47,
    });
    expect(parseKlogHeader('I1126 10:00:00.000000 1 x.go:1]')?.body).toBe(31);
  });
  it('rejects near misses', () => {
    for (const l of [
      'I1326 10:00:00.000000    1 x.go:1] m',
      'I1126 10:00:00.00000    1 x.go:1] m',
      'I1126 10:00:00.000000    1 x.go] m',
      'I1126 10:00:00.000000    1 x.go:1 m',
      'I1126 10:00:00.000000 x.go:1] m',
      'X1126 10:00:00.000000    1 x.go:1] m',
      'I1126 10:00:00.000000    1 x.go:1]m',
    ])
      expect(parseKlogHeader(l), l).toBeNull();
  });
});

describe('readKubelet', () => {
  it('a structured kill: pod, UID, container, grace period', () => {
    const r = read(
      `I1126 10:00:02.001122    1307 kuberuntime_container.go:809] "Killing container with a grace period" pod="default/api-0" podUID="${UID}" containerName="sidecar" containerID="containerd://${C}" gracePeriod=30`,
    );
    expect(r.ok).toBe(true);
    expect(r.fields).toMatchObject({
      level: 'info',
      source: 'kuberuntime_container.go:809',
      tid: 1307,
      klogTime: '1126 10:00:02.001122',
      msg: 'Killing container with a grace period',
      pod: 'default/api-0',
      podUID: UID,
      containerName: 'sidecar',
      containerID: `containerd://${C}`,
      gracePeriod: 30,
      what: 'killing-container',
    });
    expect(r.entities).toEqual([
      { kind: 'pod', id: 'default/api-0' },
      { kind: 'pod', id: UID },
      { kind: 'container', id: C },
    ]);
  });

  it('the printf-era kill, with and without a header', () => {
    const bare = read(`Killing container "docker://${C}" with 30 second grace period`);
    expect(bare.ok).toBe(true);
    expect(bare.fields).toMatchObject({
      what: 'killing-container',
      containerID: `docker://${C}`,
      gracePeriod: 30,
    });
    expect(bare.entities).toEqual([{ kind: 'container', id: C }]);
    const h = read(
      `I0412 09:28:14.744599   14260 kuberuntime_container.go:581] Killing container "docker://${C}" with 30 second grace period`,
    );
    expect(h.fields.gracePeriod).toBe(30);
    expect(h.fields.msg).toBeUndefined();
  });

  it('PLEG unhealthy, structured and printf, with the duration in seconds', () => {
    const s = read(
      'E0413 10:53:52.844381    3263 kubelet.go:2055] "Skipping pod synchronization" err="PLEG is not healthy: pleg was last seen active 2h33m12.704970756s ago; threshold is 3m0s"',
    );
    expect(s.fields).toMatchObject({
      level: 'error',
      what: 'pleg-unhealthy',
      plegLastSeen: '2h33m12.704970756s',
      plegLastSeenSeconds: 9192.704971,
      plegThreshold: '3m0s',
    });
    const p = read(
      'I1126 10:03:12.269821    1307 kubelet.go:1846] skipping pod synchronization - [PLEG is not healthy: pleg was last seen active 3m5.300154470s ago; threshold is 3m0s]',
    );
    expect(p.fields).toMatchObject({
      what: 'pleg-unhealthy',
      plegThreshold: '3m0s',
      plegLastSeenSeconds: 185.300154,
    });
    const never = read(
      'E0118 10:19:44.767958  197889 kubelet.go:1877] "Skipping pod synchronization" err="[container runtime status check may not have completed yet, PLEG is not healthy: pleg has yet to be successful]"',
    );
    expect(never.fields).toMatchObject({ what: 'pleg-unhealthy', plegStatus: 'never-successful' });
  });

  it('a PLEG event in both struct renderings', () => {
    for (const ev of [
      `{"ID":"${UID}","Type":"ContainerDied","Data":"${C}"}`,
      `&{ID:${UID} Type:ContainerDied Data:${C}}`,
    ]) {
      const r = read(
        `I1126 10:00:01.512345    1307 kubelet.go:2470] "SyncLoop (PLEG): event for pod" pod="default/api-0" event=${ev}`,
      );
      expect(r.fields).toMatchObject({ what: 'pleg-event', plegEvent: 'ContainerDied' });
      expect(r.entities).toEqual([
        { kind: 'pod', id: 'default/api-0' },
        { kind: 'pod', id: UID },
        { kind: 'container', id: C },
      ]);
    }
  });

  it('a printf kill failure: pod from name_namespace(uid), container from the quoted error (containerd#2744)', () => {
    const r = read(
      'E1115 22:55:57.411896    1860 pod_workers.go:186] Error syncing pod ed0d6029-1ae4-18a8-8bcb-af0c78924b1f ("ssh-daemonset-fl94q_default(ed0d6029-1ae4-18a8-8bcb-af0c78924b1f)"), skipping: error killing pod: [failed to "KillContainer" for "ssh-daemonset" with KillContainerError: "rpc error: code = Unknown desc = an error occurs during waiting for container \\"4e331622221d68f411163302355c11bf8a03d621e7bdb82c3c4de007fe5d3149\\" init process to be killed: wait container \\"4e331622221d68f411163302355c11bf8a03d621e7bdb82c3c4de007fe5d3149\\" stop timeout"',
    );
    expect(r.fields).toMatchObject({
      what: 'kill-container-failed',
      podUID: 'ed0d6029-1ae4-18a8-8bcb-af0c78924b1f',
      containerName: 'ssh-daemonset',
    });
    expect(String(r.fields.err)).toMatch(/^error killing pod: .*stop timeout"$/);
    expect(r.entities).toContainEqual({ kind: 'pod', id: 'default/ssh-daemonset-fl94q' });
    expect(r.entities).toContainEqual({
      kind: 'container',
      id: '4e331622221d68f411163302355c11bf8a03d621e7bdb82c3c4de007fe5d3149',
    });
  });

  it('eviction: the resource and the ranked pods (minikube#4084)', () => {
    const must = read(
      'I0412 09:28:14.769517   14260 eviction_manager.go:344] eviction manager: must evict pod(s) to reclaim ephemeral-storage',
    );
    expect(must.fields).toMatchObject({ what: 'eviction', resource: 'ephemeral-storage', level: 'info' });
    const ranked = read(
      'I0412 09:28:14.769630   14260 eviction_manager.go:362] eviction manager: pods ranked for eviction: kube-scheduler-minikube_kube-system(a1de403806cbde102e979eae3b33bfa5), etcd-minikube_kube-system(a9200b3837d755cd4a77a66abd168a67)',
    );
    expect(ranked.entities).toEqual([
      { kind: 'pod', id: 'kube-system/kube-scheduler-minikube' },
      { kind: 'pod', id: 'a1de403806cbde102e979eae3b33bfa5' },
      { kind: 'pod', id: 'kube-system/etcd-minikube' },
      { kind: 'pod', id: 'a9200b3837d755cd4a77a66abd168a67' },
    ]);
  });

  it('probe, back-off, image GC, OOM', () => {
    expect(
      read(
        `I1126 10:00:04.000000    1307 prober.go:107] "Probe failed" probeType="Liveness" pod="default/api-0" podUID="${UID}" containerName="api" probeResult="failure" output=<`,
      ).fields,
    ).toMatchObject({ what: 'probe-failed', probeType: 'Liveness', containerName: 'api' });
    const bo = read(
      `E1126 10:00:03.200000    1307 pod_workers.go:1301] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"api\\" with CrashLoopBackOff: \\"back-off 1m20s restarting failed container=api pod=api-0_default(${UID})\\"" pod="default/api-0" podUID="${UID}"`,
    );
    expect(bo.fields).toMatchObject({ what: 'back-off-restart', backOff: '1m20s', containerName: 'api' });
    expect(
      read(
        'E1126 10:00:05.000000    1307 kubelet.go:1400] "Image garbage collection failed multiple times in a row" err="failed to garbage collect required amount of images. Wanted to free 9528868044 bytes, but freed 25951436 bytes"',
      ).fields.what,
    ).toBe('image-gc-failed');
    expect(
      read('I1126 10:00:05.000000    1307 x.go:1] "Container status" reason="OOMKilled" exitCode=137').fields,
    ).toMatchObject({
      what: 'oom-killed',
      exitCode: 137,
    });
  });

  it('JSON logging: pod object, caller, exact numbers', () => {
    const r = read(
      `{"ts":1764151202001.1223,"caller":"kuberuntime/kuberuntime_container.go:809","msg":"Killing container with a grace period","v":0,"pod":{"name":"api-0","namespace":"default"},"podUID":"${UID}","containerName":"sidecar","containerID":"containerd://${C}","gracePeriod":30}`,
    );
    expect(r.fields).toMatchObject({
      level: 'info',
      source: 'kuberuntime/kuberuntime_container.go:809',
      msg: 'Killing container with a grace period',
      pod: 'default/api-0',
      gracePeriod: 30,
      v: 0,
      what: 'killing-container',
    });
    expect(r.entities).toContainEqual({ kind: 'container', id: C });
    expect(read('{"ts":1,"msg":"x","err":"boom"}').fields.level).toBe('error');
  });

  it('rejects foreign text without writing anything', () => {
    expectRejected(readKubelet, [
      'time="2025-11-26T10:00:01Z" level=info msg="shim disconnected"',
      '{"level":"info","msg":"shim disconnected","time":"2025-11-26T10:00:01Z"}',
      'Out of memory: Killed process 41235 (java)',
      'I am a sentence',
      'E1126 is not a header',
      '',
    ]);
  });
});

describe('goDurationSeconds', () => {
  it('reads Go durations', () => {
    expect(goDurationSeconds('3m0s')).toBe(180);
    expect(goDurationSeconds('1h0m0.5s')).toBe(3600.5);
    expect(goDurationSeconds('250ms')).toBe(0.25);
    expect(goDurationSeconds('3 minutes')).toBeUndefined();
  });
});
