// truth.json: what the generator injected, so tests (and people) can check what an analysis
// finds. Every key line is a (file, line) pair plus substrings that line must contain.
import type { FormatId } from '../model/event.ts';

export interface KeyLine {
  /** What the line proves, e.g. `kernel.killed`. */
  id: string;
  file: string;
  /** 1-based line number in the file. */
  line: number;
  contains: string[];
}

export interface IncidentTruth {
  id: string;
  kind: 'shim-oom' | 'container-oom' | 'host-oom';
  /** DESIGN.md section 3 cause id. */
  cause: 'oom-kill-cgroup' | 'oom-kill-host';
  summary: string;
  constraint: 'CONSTRAINT_MEMCG' | 'CONSTRAINT_NONE';
  oomMemcg: string | null;
  taskMemcg: string;
  invokedAt: string;
  killedAt: string;
  killedAtUs: number;
  /** Seconds since boot of the kill line, as dmesg prints it. */
  killedMonotonic: string;
  invoker: { comm: string; pid: number };
  victim: {
    pid: number;
    comm: string;
    uid: number;
    anonRssKb: number;
    totalVmKb: number;
    oomScoreAdj: number;
  };
  pod: string;
  podUid: string;
  container: string;
  containerId: string;
  sandboxId: string;
  /** Host pid of the container's init process. */
  containerPid: number;
  shimPid: number;
  exit: {
    /** exit_status in containerd's TaskExit event. */
    containerdExitStatus: number;
    crictlState: string;
    crictlExitCode: number;
    crictlReason: string;
  };
  restarted: { containerId: string; sandboxId: string; attempt: number } | null;
  keyLines: KeyLine[];
}

export interface FileTruth {
  name: string;
  format: FormatId;
  /** The command that produced it on a real node. */
  command: string;
  bytes: number;
  lines: number;
  /** Log records (a multi-line record counts once); table rows / JSON objects for crictl. */
  records: number;
}

export interface Truth {
  generator: string;
  seed: number;
  mb: number;
  hours: number;
  host: string;
  bootId: string;
  bootAt: string;
  bootUs: number;
  /** The node's clock: all zone-less times in the files are UTC. */
  utcOffsetMinutes: 0;
  /** Year for year-less formats (journalctl short, klog). */
  year: number;
  snapshotAt: string;
  files: FileTruth[];
  incidents: IncidentTruth[];
}
