import { describe, expect, it } from 'vitest';
import { addCgroupsPath, bareContainerId, kernelCgroupPath, namesInCgroup, normalizePodUid } from './ids.ts';
import type { Reading } from './reading.ts';

const C = `${'a'.repeat(40)}0123456789abcdef01234567`;

describe('ids', () => {
  it('normalizes a systemd-slice pod uid to dashes', () => {
    expect(normalizePodUid('5F1C6D2E_9b1a_4c3e_8d7f_0a1b2c3d4e5f')).toBe(
      '5f1c6d2e-9b1a-4c3e-8d7f-0a1b2c3d4e5f',
    );
    expect(normalizePodUid('not_a_uid')).toBe('not_a_uid');
  });
  it('strips runtime schemes and scope names from container ids', () => {
    expect(bareContainerId(`containerd://${C}`)).toBe(C);
    expect(bareContainerId(`cri-containerd-${C}.scope`)).toBe(C);
    expect(bareContainerId('3f2a1b4c5d6e7')).toBe('3f2a1b4c5d6e7');
    expect(bareContainerId('redis')).toBeUndefined();
  });
  it('reads pod and container from a systemd-driver cgroup path', () => {
    const p = `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod5f1c6d2e_9b1a_4c3e_8d7f_0a1b2c3d4e5f.slice/cri-containerd-${C}.scope`;
    expect(namesInCgroup(p)).toEqual({
      podUid: '5f1c6d2e-9b1a-4c3e-8d7f-0a1b2c3d4e5f',
      containerId: C,
      qos: 'burstable',
    });
  });
  it('reads pod and container from a cgroupfs-driver path', () => {
    const p = `/kubepods/besteffort/pod5f1c6d2e-9b1a-4c3e-8d7f-0a1b2c3d4e5f/${C}`;
    expect(namesInCgroup(p)).toEqual({
      podUid: '5f1c6d2e-9b1a-4c3e-8d7f-0a1b2c3d4e5f',
      containerId: C,
      qos: 'besteffort',
    });
  });
  it('reads a docker scope', () => {
    expect(namesInCgroup(`/system.slice/docker-${C}.scope`)).toEqual({ containerId: C });
  });
  it('names a cgroup as the kernel does: systemd cgroupsPath expanded, /sys/fs/cgroup mount removed', () => {
    expect(
      kernelCgroupPath(
        'kubepods-besteffort-pod6f1d2c3b_4a5e_4f60_8a9b_0c1d2e3f4a5b.slice:cri-containerd:4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6',
      ),
    ).toBe(
      '/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod6f1d2c3b_4a5e_4f60_8a9b_0c1d2e3f4a5b.slice/cri-containerd-4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6.scope',
    );
    expect(kernelCgroupPath('kubepods.slice:crio:abc')).toBe('/kubepods.slice/crio-abc.scope');
    expect(kernelCgroupPath('-.slice::init')).toBe('/init.scope');
    expect(kernelCgroupPath('system.slice:docker:x.slice')).toBe('/system.slice/x.slice');
    // cgroupfs-driver paths are already what the kernel prints
    expect(kernelCgroupPath('/kubepods/burstable/pod6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b/4f2c')).toBe(
      '/kubepods/burstable/pod6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b/4f2c',
    );
    // file-system paths: v2, v1 (one mount per controller), the mount itself, elsewhere
    expect(kernelCgroupPath('/sys/fs/cgroup/kubepods/burstable')).toBe('/kubepods/burstable');
    expect(kernelCgroupPath('/sys/fs/cgroup/memory/docker/abc')).toBe('/docker/abc');
    expect(kernelCgroupPath('/sys/fs/cgroup/cpu,cpuacct/kubepods')).toBe('/kubepods');
    expect(kernelCgroupPath('/sys/fs/cgroup/memory')).toBe('/');
    expect(kernelCgroupPath('/sys/fs/cgroup')).toBe('/');
    expect(kernelCgroupPath('/var/lib/docker')).toBe('/var/lib/docker');
  });
  it('reads an OCI cgroupsPath into fields and the cgroup, pod and container entities', () => {
    const r: Reading = { fields: {}, entities: [] };
    addCgroupsPath(r, `kubepods-burstable-pod5f1c6d2e_9b1a_4c3e_8d7f_0a1b2c3d4e5f.slice:cri-containerd:${C}`);
    const cgroup = `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod5f1c6d2e_9b1a_4c3e_8d7f_0a1b2c3d4e5f.slice/cri-containerd-${C}.scope`;
    expect(r.fields).toEqual({
      cgroupsPath: `kubepods-burstable-pod5f1c6d2e_9b1a_4c3e_8d7f_0a1b2c3d4e5f.slice:cri-containerd:${C}`,
      cgroup,
    });
    expect(r.entities).toEqual([
      { kind: 'cgroup', id: cgroup },
      { kind: 'pod', id: '5f1c6d2e-9b1a-4c3e-8d7f-0a1b2c3d4e5f' },
      { kind: 'container', id: C },
    ]);
    // A cgroupfs path is its own cgroup: no second field.
    const f: Reading = { fields: {}, entities: [] };
    addCgroupsPath(f, '/kubepods/besteffort/pod5f1c6d2e-9b1a-4c3e-8d7f-0a1b2c3d4e5f/abc');
    expect(Object.keys(f.fields)).toEqual(['cgroupsPath']);
  });
});
