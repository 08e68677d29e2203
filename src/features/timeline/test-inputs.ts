// Small real-format inputs shared by the timeline tests (lines from docs/formats examples).
export const JOURNAL = [
  'Nov 26 09:59:58 node-1 systemd[1]: Started containerd.service - containerd container runtime.',
  'Nov 26 10:00:01 node-1 kernel: java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=936',
  'Nov 26 10:00:02 node-1 kubelet[1307]: I1126 10:00:02.345678    1307 kubelet.go:2470] "SyncLoop (PLEG): event for pod" pod="default/api-0"',
].join('\n');

export const DMESG_T = [
  '[Wed Nov 26 10:00:01 2025] Memory cgroup out of memory: Killed process 41235 (java) total-vm:8392104kB, anon-rss:2097152kB',
  '[Wed Nov 26 10:00:03 2025] oom_reaper: reaped process 41235 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB',
].join('\n');

/** dmesg -r: levels but only seconds since boot, so these rows have no wall-clock time. */
export const DMESG_R = [
  '<4>[ 7093.543707] uwsgi invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=986',
  '<3>[ 7093.561122] Memory cgroup out of memory: Killed process 63635 (uwsgi) total-vm:3149468kB, anon-rss:164992kB',
  '<6>[ 7093.579001] oom_reaper: reaped process 63635 (uwsgi), now anon-rss:0kB, file-rss:0kB, shmem-rss:92kB',
].join('\n');

/** containerd's own logfmt inside journalctl short lines, verbatim from public/sample/journalctl-containerd-kubelet.txt. */
export const CONTAINERD = [
  'Nov 24 07:18:32 k8s-worker-21 containerd[798]: time="2025-11-24T07:18:32.463400292Z" level=info msg="shim disconnected" id=daa80f9cfd186e7fa5ed68dc28e57654c07b86c553fde3d34a111eec8809f867 namespace=k8s.io',
  'Nov 24 07:18:32 k8s-worker-21 containerd[798]: time="2025-11-24T07:18:32.463441578Z" level=warning msg="cleaning up after shim disconnected" id=daa80f9cfd186e7fa5ed68dc28e57654c07b86c553fde3d34a111eec8809f867 namespace=k8s.io',
].join('\n');
