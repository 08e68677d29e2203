// The entities of one parsed source, for the entity panel, ViewQuery.entity and lifecycles
// (docs/entities.md). The columns-only bulk ingest skips the second pass over messages, so the
// columns hold no entities: this replays the stored raw lines once through the full parsers
// (readMessage included) and keeps, per event, only the ids of the things it names (CSR typed
// arrays over a table of interned reference keys), plus the few facts that link them (this pid
// is that sandbox's shim, this container runs in that pod) and the lifecycle steps the event
// tells. Everything here is about one source; src/core/timeline/link.ts joins the sources.

import type { LifecycleStepKind as LifecycleKind } from '../engine/engine-api.ts';
import { SourceParser } from '../ingest/source-parser.ts';
import { namesInCgroup, normalizePodUid, POD_UID_RE } from '../messages/ids.ts';
import type { FieldValue, FormatId, LogEvent } from '../model/event.ts';

/** What the index needs of a SourceStore (a structural subset, so tests can hand in a fake). */
export interface IndexableStore {
  readonly count: number;
  readonly year: number;
  readonly utcOffsetMinutes: number;
  readonly capturedAt: number | undefined;
  readonly fileName: string | undefined;
  readonly segments: readonly { lineStart: number; format: FormatId; overridden?: boolean }[];
  readonly raw: {
    readonly lines: number;
    readonly blockCount: number;
    line(n: number): string;
    blockText(b: number, cache?: boolean): string;
  };
  readonly columns: { readonly line: Uint32Array };
}

/**
 * How two references are linked (`from` -> `to`):
 * - `alias`: the same thing (a pod's `ns/name` and its UID, named together by one record);
 * - `pod`: a container, sandbox or pod-level cgroup belongs to the pod;
 * - `sandbox`: a container runs in the sandbox;
 * - `shim` / `init`: a pid is the shim / the init process of a container or sandbox task;
 * - `member`: a pid runs in a cgroup (or in the container that cgroup is);
 * - `cgroup`: a cgroup is the container's (or sandbox's) own.
 */
export type Relation = 'alias' | 'pod' | 'sandbox' | 'shim' | 'init' | 'member' | 'cgroup';

export interface Edge {
  rel: Relation;
  from: number;
  to: number;
}

export interface IndexStep {
  /** Event index in the store. */
  event: number;
  step: LifecycleKind;
  label: string;
  /** The reference the step is about (a container, sandbox or pid). */
  subject: number;
  /** A state as of the capture (a crictl table row), not a moment: listed untimed, last. */
  snapshot: boolean;
  /** `cleaning up dead shim`: an exit soon after it is containerd's synthetic one. */
  deadShim?: boolean;
}

export interface EntityIndex {
  /** Events of the store the index was built for. */
  count: number;
  /** CSR: the references of event i are refs[offsets[i] .. offsets[i + 1]). */
  offsets: Uint32Array;
  refs: Uint32Array;
  /**
   * Interned reference keys: `container:<id>`, `sandbox:<id>`, `pod:<ns/name or uid>`,
   * `cgroup:<path>`, `pid:<boot>\t<host>\t<pid>` (boot and host as the event gave them, or '').
   */
  keys: string[];
  edges: Edge[];
  /** What the source says about a reference (name, image, state, comm...), last word wins. */
  facts: Map<number, Record<string, string | number>>;
  /** Other spellings of a reference (the underscored pod UID of a systemd slice). */
  spellings: Map<number, Set<string>>;
  steps: IndexStep[];
  /** Events the full parse gave that the store did not have at that place (0 when consistent). */
  mismatched: number;
  buildMillis: number;
}

/** Reference kinds this index keeps (images, units, snapshots and nodes are not linked). */
export type RefKind = 'container' | 'sandbox' | 'pod' | 'pid' | 'cgroup';

export function refKind(key: string): RefKind {
  return key.slice(0, key.indexOf(':')) as RefKind;
}

export function refId(key: string): string {
  return key.slice(key.indexOf(':') + 1);
}

export function pidKey(boot: string | undefined, host: string | undefined, pid: string | number): string {
  return `pid:${boot ?? ''}\t${host ?? ''}\t${pid}`;
}

/** boot, host and pid of a `pid:` key. */
export function parsePidKey(key: string): { boot: string; host: string; pid: string } {
  const [boot = '', host = '', pid = ''] = refId(key).split('\t');
  return { boot, host, pid };
}

// `/run/containerd/io.containerd.runtime.v2.task/k8s.io/<id>` (the shim's `starting signal loop`
// line: `msg="starting signal loop" namespace=k8s.io path=/run/containerd/io.containerd.runtime.v2.task/k8s.io/afcf4efe... pid=2150`)
const TASK_PATH_RE = /\/io\.containerd\.runtime\.v[12]\.task\/[^/]{1,253}\/([0-9a-f]{12,64})$/;
// `connecting to shim 4f2c9b7e...` (containerd 1.7+, before the shim's own lines)
const CONNECTING_RE = /^connecting to shim ([0-9a-f]{12,64})\b/;
/** Lines of one OOM report between its `Task in <memcg>` line and the kill (a few hundred task rows at most). */
const OOM_REPORT_EVENTS = 2000;
/** A dead-shim cleanup line names no id: it is about the shim disconnected just before (1 s). */
const DEAD_SHIM_WINDOW_US = 1_000_000;

/** Formats whose records are one object (a table row, an inspect dump): what they name together belongs together. */
function isRecordFormat(f: FormatId): boolean {
  return (
    f.startsWith('crictl-') ||
    f.startsWith('ctr-') ||
    f.startsWith('kubectl-') ||
    f.startsWith('docker-') ||
    f === 'runc-list' ||
    f === 'ps'
  );
}

const str = (v: FieldValue | undefined): string | undefined =>
  typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : undefined;
const num = (v: FieldValue | undefined): number | undefined =>
  typeof v === 'number' && Number.isFinite(v)
    ? v
    : typeof v === 'string' && /^-?\d{1,9}$/.test(v)
      ? Number(v)
      : undefined;

/** Builds the index while a full parse runs (its `event` is the parse's sink). */
export class EntityIndexBuilder {
  private readonly ids = new Map<string, number>();
  readonly keys: string[] = [];
  private offsets: Uint32Array;
  private refs = new Uint32Array(1024);
  private nRefs = 0;
  private readonly edgeSet = new Set<string>();
  readonly edges: Edge[] = [];
  readonly facts = new Map<number, Record<string, string | number>>();
  readonly spellings = new Map<number, Set<string>>();
  readonly steps: IndexStep[] = [];
  /** Next store index expected. */
  private next = 0;
  mismatched = 0;
  /** The shim last reported disconnected or cleaned up, and when (for `cleaning up dead shim`). */
  private lastShim: { ref: number; time: number | null; event: number } | null = null;
  /** The victim's memcg of the OOM report being read (a pre-4.19 `Task in ...` line). */
  private lastTaskIn: { memcg: string; event: number } | null = null;
  /** References of the event being read. */
  private readonly ev: number[] = [];
  /** Rows of `offsets` written so far. */
  private filled = 0;

  constructor(
    private readonly lines: Uint32Array,
    private readonly count: number,
  ) {
    this.offsets = new Uint32Array(count + 1);
  }

  private id(key: string): number {
    let v = this.ids.get(key);
    if (v === undefined) {
      v = this.keys.length;
      this.keys.push(key);
      this.ids.set(key, v);
    }
    return v;
  }

  private add(key: string): number {
    const v = this.id(key);
    if (!this.ev.includes(v)) this.ev.push(v);
    return v;
  }

  private edge(rel: Relation, from: number, to: number): void {
    if (from === to) return;
    const k = `${rel} ${from} ${to}`;
    if (this.edgeSet.has(k)) return;
    this.edgeSet.add(k);
    this.edges.push({ rel, from, to });
  }

  private fact(ref: number, key: string, v: string | number | undefined): void {
    if (v === undefined || v === '') return;
    let f = this.facts.get(ref);
    if (!f) {
      f = {};
      this.facts.set(ref, f);
    }
    f[key] = v;
  }

  private spelling(ref: number, s: string): void {
    let set = this.spellings.get(ref);
    if (!set) {
      set = new Set();
      this.spellings.set(ref, set);
    }
    if (set.size < 8) set.add(s);
  }

  /** The store index of a full event, or -1 when the store has none starting at its line. */
  private place(e: LogEvent): number {
    const n = this.count;
    if (this.next < n && this.lines[this.next] === e.line) return this.next++;
    // Not where expected (never seen: both parses run the same parsers over the same lines):
    // look for it, so one odd event does not shift every later one.
    this.mismatched++;
    for (let k = this.next; k < n && k < this.next + 64; k++) {
      if (this.lines[k] === e.line) {
        this.next = k + 1;
        return k;
      }
    }
    return -1;
  }

  event(e: LogEvent): void {
    const i = this.place(e);
    if (i < 0) return;
    // Events the full parse skipped (none, normally) keep empty rows.
    while (this.filled < i) this.offsets[++this.filled] = this.nRefs;
    this.ev.length = 0;
    this.read(e, i);
    if (this.nRefs + this.ev.length > this.refs.length) {
      const grown = new Uint32Array(Math.max(this.refs.length * 2, this.nRefs + this.ev.length));
      grown.set(this.refs);
      this.refs = grown;
    }
    for (const r of this.ev) this.refs[this.nRefs++] = r;
    this.offsets[i + 1] = this.nRefs;
    this.filled = i + 1;
  }

  finish(buildMillis: number): EntityIndex {
    while (this.filled < this.count) this.offsets[++this.filled] = this.nRefs;
    return {
      count: this.count,
      offsets: this.offsets,
      refs: this.refs.slice(0, this.nRefs),
      keys: this.keys,
      edges: this.edges,
      facts: this.facts,
      spellings: this.spellings,
      steps: this.steps,
      mismatched: this.mismatched,
      buildMillis,
    };
  }

  /** The references, links, facts and steps of one event. */
  private read(e: LogEvent, i: number): void {
    const f = e.fields;
    const containers: number[] = [];
    const sandboxes: number[] = [];
    const names: number[] = [];
    const uids: number[] = [];
    const pids: number[] = [];
    const comms: string[] = [];
    for (const ref of e.entities) {
      switch (ref.kind) {
        case 'container':
        case 'sandbox': {
          const r = this.add(`${ref.kind}:${ref.id}`);
          (ref.kind === 'container' ? containers : sandboxes).push(r);
          break;
        }
        case 'pod': {
          const uid = normalizePodUid(ref.id);
          if (POD_UID_RE.test(uid)) uids.push(this.add(`pod:${uid}`));
          else names.push(this.add(`pod:${ref.id}`));
          break;
        }
        case 'pid':
          if (/^\d{1,10}$/.test(ref.id)) pids.push(this.add(pidKey(e.boot, e.host, ref.id)));
          break;
        case 'process':
          comms.push(ref.id);
          break;
        case 'cgroup':
          this.cgroup(ref.id);
          break;
        default:
          break;
      }
    }
    // kubelet's `"Topology Admit Handler" podUID="..." podNamespace="payments" podName="checkout-..."`
    // names the pod's name in fields only.
    const podName = str(f.podName);
    const podNs = str(f.podNamespace);
    if (names.length === 0 && podName && podNs) names.push(this.add(`pod:${podNs}/${podName}`));

    const what = str(f.what);
    const msg = str(f.msg) ?? (e.format === 'containerd-logfmt' ? e.message : '');
    // The shim's `starting signal loop` names its task by the socket directory only.
    let shimOf: number | undefined;
    const path = str(f.path);
    const task = what === 'shim-start' && path ? TASK_PATH_RE.exec(path) : null;
    if (task) shimOf = this.add(`container:${task[1]}`);
    const connecting = msg ? CONNECTING_RE.exec(msg) : null;
    if (connecting) {
      const r = this.add(`container:${connecting[1]}`);
      containers.push(r);
      if (f.pid !== undefined) shimOf = r;
    }
    // `cleaning up dead shim` names no id: it follows the disconnect of the shim it cleans.
    let deadShimOf: number | undefined;
    if (what === 'cleaning-dead-shim' && this.lastShim) {
      const t = e.time;
      const near =
        t === null || this.lastShim.time === null
          ? i - this.lastShim.event <= 3
          : t - this.lastShim.time <= DEAD_SHIM_WINDOW_US && t >= this.lastShim.time;
      if (near) deadShimOf = this.lastShim.ref;
    }
    if (deadShimOf !== undefined) this.add(this.keys[deadShimOf]);

    // A pid named alone with one comm (`Killed process 2150 (containerd-shim)`, a ps row).
    const comm = str(f.comm) ?? str(f.task) ?? (comms.length === 1 ? comms[0] : undefined);
    if (pids.length === 1 && comm) this.fact(pids[0], 'comm', comm);

    const kernel = e.format.startsWith('dmesg-') || e.format === 'talosctl-dmesg' || f.writer === 'kernel';
    // Records and the runtime's own lines (in a journal, or its bare log) name one object each;
    // the kernel's OOM lines name the victim's cgroup and the invoker's cpuset in one line, so
    // only what one cgroup path says links there.
    const together =
      isRecordFormat(e.format) ||
      e.format === 'klog' ||
      e.format === 'containerd-logfmt' ||
      f.writer === 'containerd' ||
      f.writer === 'kubelet';
    // One pod named by name and UID at once: the same pod.
    const pod =
      together && names.length <= 1 && uids.length <= 1 && names.length + uids.length > 0
        ? (names[0] ?? uids[0])
        : undefined;
    if (pod !== undefined && names.length === 1 && uids.length === 1) this.edge('alias', names[0], uids[0]);
    if (together && containers.length + sandboxes.length <= 4) {
      if (pod !== undefined) for (const c of [...containers, ...sandboxes]) this.edge('pod', c, pod);
      if (sandboxes.length === 1) for (const c of containers) this.edge('sandbox', c, sandboxes[0]);
    }

    // Processes: which pid is whose, by what the line is.
    if (shimOf !== undefined && pids.length === 1) {
      this.edge('shim', pids[0], shimOf);
      this.fact(pids[0], 'role', 'shim');
    }
    const shimId = str(f.shim_id);
    if (e.format === 'ps' && shimId && pids.length === 1) {
      // `root 5678 1 0 10:00 ? 00:00:01 /usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id 4f2c... -address ...`
      this.edge('shim', pids[0], this.add(`container:${shimId}`));
      this.fact(pids[0], 'role', 'shim');
    } else if (
      pids.length === 1 &&
      (what === 'task-exit' || (isRecordFormat(e.format) && e.format !== 'ps'))
    ) {
      // containerd's TaskExit pid, crictl inspect info.pid, crictl inspectp, runc list, ctr tasks.
      const owner =
        containers.length === 1
          ? containers[0]
          : containers.length === 0 && sandboxes.length === 1
            ? sandboxes[0]
            : undefined;
      if (owner !== undefined) {
        this.edge('init', pids[0], owner);
        this.fact(pids[0], 'role', 'init');
      }
    }
    if (kernel) this.kernelMember(f, what, pids, i);

    this.facts1(e, f, containers, sandboxes, pids);
    this.stepsOf(e, i, what, containers, sandboxes, pids, deadShimOf);
    if (what === 'shim-disconnected' || what === 'shim-cleanup') {
      const r = containers[0] ?? sandboxes[0];
      if (r !== undefined) this.lastShim = { ref: r, time: e.time, event: i };
    }
  }

  /**
   * The cgroup a killed pid ran in. 4.19+ say it on one line:
   *   `oom-kill:constraint=CONSTRAINT_MEMCG,...,task_memcg=/kubepods.slice/.../cri-containerd-afcf....scope,task=containerd-shim,pid=2150,uid=0`
   * older kernels open the report with the victim's memcg and end it with the kill:
   *   `Task in /kubepods/burstable/pod6f1d2c3b.../4f2c9b7e... killed as a result of limit of /kubepods/burstable/pod6f1d2c3b...`
   *   `Killed process 28438 (java) total-vm:20255636kB, anon-rss:466160kB, file-rss:13684kB`
   */
  private kernelMember(
    f: Record<string, FieldValue>,
    what: string | undefined,
    pids: number[],
    i: number,
  ): void {
    if (what === 'oom-invoked') this.lastTaskIn = null;
    const memcg = str(f.task_memcg);
    if (what === 'oom-task-in-cgroup' && memcg) {
      this.lastTaskIn = { memcg, event: i };
      return;
    }
    let path = pids.length === 1 ? memcg : undefined;
    if (!path && what === 'oom-killed-process' && pids.length === 1 && this.lastTaskIn) {
      if (i - this.lastTaskIn.event <= OOM_REPORT_EVENTS) path = this.lastTaskIn.memcg;
      this.lastTaskIn = null;
    }
    if (!path) return;
    this.edge('member', pids[0], this.cgroup(path, false));
    const n = namesInCgroup(path);
    if (n.containerId) this.edge('member', pids[0], this.id(`container:${n.containerId}`));
  }

  /** A cgroup reference, and what its path names: its container and pod. */
  private cgroup(path: string, named = true): number {
    // `named`: the event names the path itself (not only a report line before it).
    const ref = (key: string) => (named ? this.add(key) : this.id(key));
    const r = ref(`cgroup:${path}`);
    const n = namesInCgroup(path);
    if (n.containerId) {
      const c = ref(`container:${n.containerId}`);
      this.edge('cgroup', r, c);
      if (n.podUid) this.edge('pod', c, ref(`pod:${n.podUid}`));
    } else if (n.podUid) {
      this.edge('pod', r, ref(`pod:${n.podUid}`));
    }
    if (n.podUid) {
      // The systemd driver spells the UID with underscores: `kubepods-pod4e6988f1_63e6_....slice`.
      const under = n.podUid.replace(/-/g, '_');
      if (path.includes(under)) this.spelling(this.id(`pod:${n.podUid}`), under);
    }
    return r;
  }

  /** Names, images and states the tools print for the one container (or sandbox) a record is about. */
  private facts1(
    e: LogEvent,
    f: Record<string, FieldValue>,
    containers: number[],
    sandboxes: number[],
    pids: number[],
  ): void {
    // A ps row is about its process, not the shim's task.
    const record = isRecordFormat(e.format) && e.format !== 'ps';
    const subject =
      containers.length === 1
        ? containers[0]
        : containers.length === 0 && sandboxes.length === 1
          ? sandboxes[0]
          : undefined;
    if (subject === undefined) return;
    if (record) {
      // crictl ps `NAME`, crictl inspect `status.metadata.name`, kubectl describe's container block.
      const name = e.format === 'kubectl-describe-pod' ? str(f.container) : str(f.name);
      if (containers.length === 1) this.fact(subject, 'name', name);
      this.fact(subject, 'image', str(f.image));
      this.fact(subject, 'state', str(f.state) ?? str(f.status));
      this.fact(subject, 'exitCode', num(f.exitCode));
      this.fact(subject, 'attempt', num(f.attempt));
      if (pids.length === 1) this.fact(subject, 'pid', Number(parsePidKey(this.keys[pids[0]]).pid));
    } else if (f.what === 'create-container' && containers.length === 1) {
      // `CreateContainer within sandbox "<sid>" for &ContainerMetadata{Name:checkout,Attempt:0,} returns container id "<id>"`
      this.fact(subject, 'name', str(f.containerName));
      this.fact(subject, 'attempt', num(f.attempt));
    } else if (f.what === 'task-exit') {
      this.fact(subject, 'exitCode', num(f.exit_status));
    }
  }

  private step(
    event: number,
    step: LifecycleKind,
    label: string,
    subject: number | undefined,
    snapshot = false,
  ): void {
    if (subject === undefined) return;
    this.steps.push({ event, step, label, subject, snapshot });
  }

  /** The lifecycle steps an event tells (by `what`, set by src/core/messages and the table parsers). */
  private stepsOf(
    e: LogEvent,
    i: number,
    what: string | undefined,
    containers: number[],
    sandboxes: number[],
    pids: number[],
    deadShimOf: number | undefined,
  ): void {
    const f = e.fields;
    const c = containers[0];
    const s = sandboxes[0];
    const ok = f.result === 'success';
    const tool = toolOf(e.format);
    switch (what) {
      // containerd (src/core/messages/containerd.ts)
      case 'create-container':
        if (ok) this.step(i, 'created', 'created (containerd)', c);
        return;
      case 'start-container':
        if (ok) this.step(i, 'started', 'started (containerd)', c);
        return;
      case 'run-sandbox':
        if (ok) this.step(i, 'created', 'sandbox created (containerd)', s);
        return;
      case 'task-exit': {
        const code = num(f.exit_status) ?? 0;
        this.step(i, 'exited', `exited ${code}`, c ?? s);
        return;
      }
      case 'task-oom':
        this.step(i, 'oom-killed', 'OOM event (containerd TaskOOM)', c);
        return;
      case 'shim-disconnected':
        this.step(i, 'shim-disconnected', 'shim disconnected', c ?? s);
        return;
      case 'shim-cleanup':
        this.step(i, 'shim-cleaned', 'cleaning up after shim disconnected', c ?? s);
        return;
      case 'cleaning-dead-shim':
        if (deadShimOf !== undefined) {
          this.steps.push({
            event: i,
            step: 'shim-cleaned',
            label: 'cleaning up dead shim',
            subject: deadShimOf,
            snapshot: false,
            deadShim: true,
          });
        }
        return;
      case 'kill-container':
        this.step(i, 'killed', 'Kill container (containerd)', c);
        return;
      case 'stop-container-signal': {
        const sig = str(f.signal) ?? '';
        if (/kill/i.test(sig)) this.step(i, 'killed', `stop signal ${sig} (containerd)`, c);
        else this.step(i, 'stopped', `stop signal ${sig || '?'} (containerd)`, c);
        return;
      }
      case 'stop-container':
        if (ok) this.step(i, 'stopped', 'stopped (containerd)', c);
        return;
      case 'stop-sandbox':
        if (ok) this.step(i, 'stopped', 'sandbox stopped (containerd)', s);
        return;
      case 'remove-container':
        if (ok) this.step(i, 'removed', 'removed (containerd)', c);
        return;
      case 'remove-sandbox':
        if (ok) this.step(i, 'removed', 'sandbox removed (containerd)', s);
        return;
      // kubelet (src/core/messages/kubelet.ts)
      case 'killing-container': {
        const grace = num(f.gracePeriod);
        this.step(
          i,
          'killed',
          `Killing container (kubelet${grace !== undefined ? `, grace ${grace}s` : ''})`,
          c,
        );
        return;
      }
      case 'oom-killed':
        if (c !== undefined) this.step(i, 'oom-killed', 'OOMKilled (kubelet)', c);
        return;
      case 'container-finished': {
        const code = num(f.exitCode);
        this.step(i, 'exited', `exited${code !== undefined ? ` ${code}` : ''} (kubelet)`, c);
        return;
      }
      case 'pleg-event': {
        const type = str(f.plegEvent);
        if (type === 'ContainerStarted') this.step(i, 'started', 'ContainerStarted (kubelet PLEG)', c);
        else if (type === 'ContainerDied') this.step(i, 'state', 'ContainerDied (kubelet PLEG)', c);
        return;
      }
      // the kernel (src/core/messages/kernel.ts): `Memory cgroup out of memory: Killed process 2150 (containerd-shim) ...`
      case 'oom-killed-process': {
        const pid = pids[0];
        if (pid === undefined) return;
        const comm = str(f.comm);
        this.step(
          i,
          'oom-killed',
          `OOM-killed pid ${parsePidKey(this.keys[pid]).pid}${comm ? ` (${comm})` : ''}`,
          pid,
        );
        return;
      }
      // crictl inspect / ctr containers info / docker inspect: one event per lifecycle time
      case 'container-created':
        this.step(i, 'created', `created (${tool})`, c);
        break;
      case 'container-started':
        this.step(i, 'started', `started (${tool})`, c);
        break;
      case 'container-exited': {
        const code = num(f.exitCode);
        const reason = str(f.reason);
        this.step(
          i,
          'exited',
          `exited${code !== undefined ? ` ${code}` : ''}${reason ? ` ${reason}` : ''} (${tool})`,
          c,
        );
        break;
      }
      case 'sandbox-created':
        this.step(i, 'created', `sandbox created (${tool})`, s);
        break;
      default:
        break;
    }
    // States as of the capture: crictl ps / pods / inspect(p), ctr tasks, runc list, kubectl describe.
    if (!isRecordFormat(e.format) || e.format === 'ps') return;
    const state = str(f.state) ?? str(f.status);
    if (!state) return;
    const subject = c ?? s;
    const reason = str(f.reason);
    const extra =
      e.format === 'kubectl-describe-pod' && str(f.lastState)
        ? `, last ${str(f.lastState)} ${str(f.lastReason) ?? ''} ${num(f.lastExitCode) ?? ''}`.trimEnd()
        : '';
    const label = `${state}${reason && reason !== state ? ` (${reason})` : ''}${extra} (${tool}, at capture)`;
    this.step(i, /unknown/i.test(state) ? 'unknown' : 'state', label, subject, true);
  }
}

/** `crictl ps` for crictl-ps, `ctr tasks` for ctr-tasks...: the tool as people call it. */
function toolOf(f: FormatId): string {
  const dash = f.indexOf('-');
  if (dash === -1) return f;
  const t = f.slice(0, dash);
  const rest = f.slice(dash + 1);
  if (t === 'crictl' || t === 'ctr' || t === 'kubectl' || t === 'docker' || t === 'runc') {
    return `${t} ${rest.replace(/-json$/, '').replace(/-/g, ' ')}`;
  }
  return f;
}

/**
 * One full parse of a store's stored raw lines (the same replay as the engine's re-parse), with
 * the store's clock, file name and hand-chosen formats: the columns keep no entities or fields,
 * so whoever needs them (this index, the analysis) replays.
 */
export function replayStore(store: IndexableStore, sourceId: string, onEvent: (e: LogEvent) => void): void {
  const overrides: Record<number, FormatId> = {};
  for (const s of store.segments) if (s.overridden) overrides[s.lineStart] = s.format;
  const parser = new SourceParser(
    {
      sourceId,
      fileName: store.fileName,
      year: store.year,
      utcOffsetMinutes: store.utcOffsetMinutes,
      capturedAt: store.capturedAt,
      overrides,
    },
    {
      event: onEvent,
      unparsed: () => {},
      skipped: () => {},
      segment: () => {},
    },
  );
  const raw = store.raw;
  // The splitter drops one leading BOM; a line that still starts with one had it kept.
  if (raw.lines > 0 && raw.line(1).charCodeAt(0) === 0xfeff) parser.push('\uFEFF');
  for (let k = 0; k < raw.blockCount; k++) parser.push(`${raw.blockText(k, false)}\n`);
  parser.end();
}

/** Builds the index of a store: one replay of its lines (replayStore). */
export function buildEntityIndex(store: IndexableStore, sourceId = 'source'): EntityIndex {
  const t0 = performance.now();
  const b = new EntityIndexBuilder(store.columns.line, store.count);
  replayStore(store, sourceId, (e) => b.event(e));
  return b.finish(performance.now() - t0);
}
