import { describe, expect, it } from 'vitest';
import { bareContainerId, namesInCgroup, normalizePodUid } from './ids.ts';

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
});
