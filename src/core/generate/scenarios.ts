// The training scenarios (issue 8 part 1): small node captures the generator writes, each with
// the manifest a trainee is graded against (src/core/training). The logs come from the same node
// model, writers and incidents as `rca generate`; the manifest's line references are computed
// from what was written (the records the incidents mark, the rows the tables were given), never
// counted by hand, so a change to a writer moves them with it. Pure: files come back as text, the
// CLI writes them (`rca generate --scenario <id|all>`). Same id and seed -> byte-identical files.
import type { SymptomKind } from '../analysis/symptoms.ts';
import type { FormatId } from '../model/event.ts';
import { splitLines } from '../training/manifest.ts';
import { MANIFEST_SCHEMA_REF } from '../training/manifest-schema.ts';
import {
  type Difficulty,
  type KeyEvidence,
  type NamedSymptom,
  type RevealStep,
  SCENARIO_SCHEMA_VERSION,
  type ScenarioManifest,
} from '../training/model.ts';
import { kernelFiller } from './activities.ts';
import { isoSeconds } from './clock.ts';
import {
  crictlInspectFile,
  crictlPsFile,
  dmesgFile,
  type IncidentPlan,
  isKernel,
  journalFile,
  type NodePlan,
  type OutputFile,
  planNode,
  TruthBuilder,
} from './dataset.ts';
import { type ContainerView, type Pod, podCgroup, podRef, type Rec, scopeCgroup } from './node-model.ts';
import { mixSeed, Rng } from './random.ts';
import { hostOomBystander, oomdKill, oomdSource, pidsLeak, shimPanic } from './scenario-incidents.ts';
import { cgroupGrep, PS_COLUMNS, type PsRow, psTable } from './scenario-writers.ts';
import type { KeyLine } from './truth.ts';

/** One file of a scenario folder. */
export interface ScenarioFile {
  name: string;
  format: FormatId;
  command: string;
  text: string;
}

/**
 * A manifest as a scenario folder holds it: `$schema` first, the path of scenario.schema.json from
 * public/scenarios/<id>/, so that a trainer's editor checks the file as it is edited (the app
 * reads it and drops it).
 */
export type ManifestFile = { $schema: string } & ScenarioManifest;

export interface BuiltScenario {
  manifest: ManifestFile;
  files: ScenarioFile[];
}

/** A line of public/scenarios/index.json: what the scenario list shows. */
export interface ScenarioEntry {
  id: string;
  title: string;
  difficulty: Difficulty;
  summary: string;
}

/** A manifest but for what the scenario list says too (buildScenario puts the two together). */
type ScenarioBody = Omit<ScenarioManifest, 'schemaVersion' | keyof ScenarioEntry>;

interface BuiltBody {
  body: ScenarioBody;
  files: ScenarioFile[];
}

interface ScenarioDef extends ScenarioEntry {
  /** The seed the committed folder was written with. */
  seed: number;
  build: (seed: number) => BuiltBody;
}

// ---------------------------------------------------------------- the node and its files

/** A node like the bundled sample's: an hour and a half, a handful of pods, one incident. */
function nodeWith(seed: number, incident: IncidentPlan): NodePlan {
  return planNode({ seed, hours: 1.5, basePods: 9, incidents: [incident], churnMinutes: [18, 30] });
}

/** The units whose lines `journalctl -u containerd -u kubelet` shows, plus any more asked for. */
function unitFilter(units: readonly string[], globs: readonly RegExp[] = []): (r: Rec) => boolean {
  const set = new Set(units);
  const hit = (u: string | undefined) => u !== undefined && (set.has(u) || globs.some((g) => g.test(u)));
  // The daemons' own lines, and PID 1's lines about them (UNIT=).
  return (r) => hit(r.unit) || (r.src.pid !== 1 && hit(r.src.unit));
}

const RUNTIME_UNITS = ['containerd.service', 'kubelet.service'];

interface Capture {
  plan: NodePlan;
  tb: TruthBuilder;
  files: OutputFile[];
}

function capture(plan: NodePlan): Capture {
  return { plan, tb: new TruthBuilder(plan, 0), files: [] };
}

function addCrictl(c: Capture, inspected: readonly ContainerView[]): void {
  c.files.push(crictlPsFile(c.plan, c.tb, 'crictl-ps-a.txt', 0));
  c.files.push(crictlInspectFile(c.plan, c.tb, 'crictl-inspect.json', inspected, 0));
}

function addRuntimeJournal(c: Capture, lines: number): void {
  c.files.push(
    journalFile(
      c.plan,
      c.tb,
      'short',
      'journalctl-containerd-kubelet.txt',
      'journalctl -u containerd -u kubelet',
      { unit: 'lines', amount: lines },
      101,
      unitFilter(RUNTIME_UNITS),
    ),
  );
}

/**
 * The kernel's lines: `journalctl -k` (journald's wall clock) and raw `dmesg` (seconds since boot)
 * hold the same records (one salt, one budget in records), as on a real node.
 */
function addKernel(c: Capture, which: readonly ('journalctl-k' | 'dmesg')[], records: number): void {
  if (which.includes('journalctl-k'))
    c.files.push(
      journalFile(
        c.plan,
        c.tb,
        'short',
        'journalctl-k.txt',
        'journalctl -k',
        { unit: 'records', amount: records },
        204,
        isKernel,
        (t, pods, rng) => kernelFiller(c.plan.say, t, pods, rng),
      ),
    );
  if (which.includes('dmesg'))
    c.files.push(
      dmesgFile(
        c.plan,
        c.tb,
        'raw',
        'dmesg-raw',
        'dmesg.txt',
        'dmesg',
        { unit: 'records', amount: records },
        204,
      ),
    );
}

/** Writes every log file (in order, so the key lines are counted) and adds the extra tables. */
function writeAll(c: Capture, extra: readonly ScenarioFile[]): ScenarioFile[] {
  const out: ScenarioFile[] = c.files.map((f) => ({
    name: f.name,
    format: f.format,
    command: f.command,
    text: [...f.chunks()].join(''),
  }));
  return [...out, ...extra];
}

/** The incident's containers (its dead one first), then `more`: what `crictl inspect` was asked for. */
function inspected(plan: NodePlan, more: readonly ContainerView[] = []): ContainerView[] {
  return [...plan.containers.filter((x) => x.pod.incident), ...more];
}

/** The container the incident ended (crictl's view of it), its pod and the time it died. */
function victimOf(plan: NodePlan, id: string): { dead: ContainerView; pod: Pod; death: number } {
  const dead = plan.containers.find((x) => x.incident === id);
  if (!dead) throw new Error(`scenario: no container for incident ${id}`);
  return { dead, pod: dead.pod, death: plan.deaths.get(id)! };
}

/** The running container of the incident's pod after it (the restarted one). */
function restartedOf(plan: NodePlan, id: string): ContainerView {
  const c = plan.containers.find((x) => x.pod.incident === id && x.state === 'CONTAINER_RUNNING');
  if (!c) throw new Error(`scenario: no restarted container for incident ${id}`);
  return c;
}

const iso = (us: number): string => `${isoSeconds(us)}Z`;
const hhmm = (us: number): string => isoSeconds(us).slice(11, 16);
const hhmmss = (us: number): string => isoSeconds(us).slice(11, 19);
const short = (id: string): string => id.slice(0, 12);

// ---------------------------------------------------------------- finding lines

/** The written files' lines and the marked records: every reference of a manifest comes from here. */
class Lines {
  private readonly lines = new Map<string, string[]>();

  constructor(
    files: readonly ScenarioFile[],
    private readonly keys: readonly KeyLine[],
  ) {
    for (const f of files) this.lines.set(f.name, splitLines(f.text));
  }

  private of(file: string): string[] {
    const l = this.lines.get(file);
    if (!l) throw new Error(`scenario: no file ${file}`);
    return l;
  }

  /** The 1-based line of the record marked `id` in `file` (exactly one). */
  mark(file: string, id: string): number {
    const hits = this.keys.filter((k) => k.file === file && k.id === id);
    if (hits.length !== 1) throw new Error(`scenario: mark ${id} is on ${hits.length} lines of ${file}`);
    return hits[0].line;
  }

  /** The 1-based line of `file` holding every needle (exactly one). */
  find(file: string, ...needles: string[]): number {
    const hits: number[] = [];
    this.of(file).forEach((l, i) => {
      if (needles.every((n) => l.includes(n))) hits.push(i + 1);
    });
    if (hits.length !== 1)
      throw new Error(
        `scenario: ${hits.length} lines of ${file} hold ${needles.map((n) => `"${n}"`).join(' ')}`,
      );
    return hits[0];
  }

  /** The 1-based line within [from, to] of `file` holding every needle (exactly one). */
  findIn(file: string, [from, to]: [number, number], ...needles: string[]): number {
    const hits: number[] = [];
    for (let i = from; i <= to; i++)
      if (needles.every((n) => this.of(file)[i - 1]?.includes(n))) hits.push(i);
    if (hits.length !== 1)
      throw new Error(`scenario: ${hits.length} lines of ${file}:${from}-${to} hold ${needles.join(' ')}`);
    return hits[0];
  }

  /** The text of a line (for the manifest's words). */
  text(file: string, line: number): string {
    return this.of(file)[line - 1] ?? '';
  }

  /** The `crictl inspect` array element holding `line`: from its `  {` to its `  }`. */
  jsonElement(file: string, line: number): [number, number] {
    const l = this.of(file);
    let from = line;
    while (from > 1 && l[from - 1] !== '  {') from--;
    let to = line;
    while (to < l.length && l[to - 1] !== '  }' && l[to - 1] !== '  },') to++;
    return [from, to];
  }
}

/** A key line of `file` that the same kernel record also printed in `others` (dmesg and journalctl -k). */
function kernelKey(
  lines: Lines,
  files: readonly string[],
  markId: string,
  why: string,
  required = false,
): KeyEvidence {
  const [first, ...rest] = files;
  return {
    file: first,
    line: lines.mark(first, markId),
    why,
    ...(required ? { required: true } : {}),
    ...(rest.length > 0 ? { also: rest.map((f) => `${f}:${lines.mark(f, markId)}`) } : {}),
  };
}

/** What the manifests say when a key line is one the engine does not cite (the test checks the words). */
export const NOT_CITED = 'The workbench does not cite this line';

// ---------------------------------------------------------------- cgroup and ps tables

function cgroupFile(path: string, lines: readonly string[]) {
  return { path, lines };
}

/** memory.events of a cgroup v2 (6.1: low, high, max, oom, oom_kill, oom_group_kill). */
function memoryEvents(max: number, oom: number, oomKill: number): string[] {
  return ['low 0', 'high 0', `max ${max}`, `oom ${oom}`, `oom_kill ${oomKill}`, 'oom_group_kill 0'];
}

/** memory.events, memory.max and memory.peak of a pod's cgroup, as `grep .` prints them. */
function podMemoryFile(
  pod: Pod,
  events: { max: number; oom: number; oomKill: number },
  peak: number,
  more: { path: string; lines: readonly string[] }[] = [],
): ScenarioFile {
  const dir = `/sys/fs/cgroup${podCgroup(pod)}`;
  const morePaths = more.map((m) => ` ${m.path}`).join('');
  const command = `grep . ${dir}/memory.{events,max,peak}${morePaths}`;
  return {
    name: 'memory-events.txt',
    format: 'cgroup-files',
    command,
    text: cgroupGrep(command, [
      cgroupFile(`${dir}/memory.events`, memoryEvents(events.max, events.oom, events.oomKill)),
      cgroupFile(`${dir}/memory.max`, [pod.memLimit > 0 ? String(pod.memLimit) : 'max']),
      cgroupFile(`${dir}/memory.peak`, [String(peak)]),
      ...more,
    ]),
  };
}

/** The system daemons of the node as ps lists them, from the OOM task list's processes. */
function systemRows(plan: NodePlan, rng: Rng): PsRow[] {
  const n = plan.node;
  const args: Record<string, string> = {
    systemd: '/sbin/init',
    'systemd-journal': '/lib/systemd/systemd-journald',
    'systemd-udevd': '/lib/systemd/systemd-udevd',
    'systemd-logind': '/lib/systemd/systemd-logind',
    chronyd: '/usr/sbin/chronyd -F 1',
    sshd: 'sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups',
    containerd: '/usr/bin/containerd',
    kubelet: n.sources.kubelet.cmdline ?? '/usr/bin/kubelet',
  };
  return n.sysProcs.map(([pid, uid, comm, , rss]) => ({
    pid,
    ppid: pid === 1 ? 0 : 1,
    user: uid === 0 ? 'root' : uid === 102 ? '_chrony' : String(uid),
    stat: pid === 1 ? 'Ss' : comm === 'chronyd' ? 'S' : 'Ssl',
    rssKb: (rss + rng.int(-200, 200)) * 4,
    comm,
    args: args[comm] ?? comm,
  }));
}

/** A pod's three processes as ps lists them: its shim, its pause, its app. */
function podRows(pod: Pod, appRssKb: number, rng: Rng): PsRow[] {
  return [
    {
      pid: pod.shimPid,
      ppid: 1,
      user: 'root',
      stat: 'Sl',
      rssKb: rng.int(9000, 16000),
      comm: 'containerd-shim',
      args: `/usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id ${pod.sandboxId} -address /run/containerd/containerd.sock`,
    },
    {
      pid: pod.pausePid,
      ppid: pod.shimPid,
      user: '65535',
      stat: 'Ss',
      rssKb: rng.int(400, 900),
      comm: 'pause',
      args: '/pause',
    },
    {
      pid: pod.appPid,
      ppid: pod.shimPid,
      user: pod.app === 'node-exporter' ? 'nobody' : '1000',
      stat: 'Ssl',
      rssKb: appRssKb,
      comm: pod.comm,
      args: `${pod.comm} --config /etc/app/config.yaml`,
    },
  ];
}

/** The pods running when the capture was taken, one per sandbox. */
function runningPods(plan: NodePlan): Pod[] {
  return plan.containers.filter((c) => c.state === 'CONTAINER_RUNNING').map((c) => c.pod);
}

/** The crictl sources every scenario has. */
function crictlSources(files: readonly ScenarioFile[]) {
  const inspect = files.find((f) => f.name === 'crictl-inspect.json');
  return [
    { file: 'crictl-ps-a.txt', title: 'Containers on the node', command: 'crictl ps -a' },
    {
      file: 'crictl-inspect.json',
      title: "The incident's containers, inspected",
      command: inspect?.command ?? 'crictl inspect',
    },
  ];
}

const RUNTIME_JOURNAL = {
  file: 'journalctl-containerd-kubelet.txt',
  title: 'containerd and kubelet journal',
  command: 'journalctl -u containerd -u kubelet',
};
const KERNEL_JOURNAL = { file: 'journalctl-k.txt', title: 'Kernel journal', command: 'journalctl -k' };
const DMESG = { file: 'dmesg.txt', title: 'Kernel ring buffer', command: 'dmesg' };
const DMESG_T = { file: 'dmesg-T.txt', title: 'Kernel ring buffer (wall clock)', command: 'dmesg -T' };

const J = RUNTIME_JOURNAL.file;
const JK = KERNEL_JOURNAL.file;
const DM = DMESG.file;

/** The page step every scenario opens with. */
const PAGE_STEP = {
  title: 'The page',
  narrative: 'You are on call; the alert above is all you have.',
  files: [],
};

/** The step that shows crictl's view of the node (what the engineer asked it, in `narrative`). */
function runtimeStateStep(narrative: string): RevealStep {
  return { title: 'The runtime state', narrative, files: ['crictl-ps-a.txt', 'crictl-inspect.json'] };
}

/** The step that shows the containerd and kubelet journal around the death. */
function runtimeLogStep(death: number): RevealStep {
  return {
    title: "The runtime's log",
    narrative: `You read what containerd and the kubelet logged around ${hhmm(death)}.`,
    files: [J],
  };
}

/** The step that shows both kernel logs. */
const KERNEL_STEP = {
  title: 'The kernel',
  narrative: 'You read the kernel log of the same minutes.',
  files: [JK, DM],
};

/** The symptom the alert names: its kind and words, the victim's pod and the time it died. */
function named(kind: SymptomKind, title: string, pod: Pod, death: number, container?: string): NamedSymptom {
  return {
    kind,
    title,
    ...(container !== undefined ? { container } : {}),
    pod: podRef(pod),
    time: iso(death),
  };
}

/** The trainer's notes: Markdown paragraphs. */
function notes(...paragraphs: string[]): string {
  return paragraphs.join('\n\n');
}

// ---- (a) the seed's case ------------------------------------------------------------------------

function shimMemcgOom(seed: number): BuiltBody {
  const id = 'shim-oom';
  const plan = nodeWith(seed, { kind: id, at: 0.62, app: 'checkout', qos: 'guaranteed', memMib: 1536 });
  const c = capture(plan);
  addCrictl(c, inspected(plan));
  addRuntimeJournal(c, 420);
  addKernel(c, ['journalctl-k', 'dmesg'], 320);
  const { dead, pod, death } = victimOf(plan, id);
  const rng = new Rng(mixSeed(seed, 0x5ce1));
  // The pod died at its limit: its peak is the limit.
  const memFile = podMemoryFile(pod, { max: rng.int(40, 400), oom: 1, oomKill: 1 }, pod.memLimit);
  const files = writeAll(c, [memFile]);
  const L = new Lines(files, c.tb.keyLinesOf(id));
  const kill = kernelKey(
    L,
    [DM, JK],
    'kernel.killed',
    `The memory cgroup OOM killer killed pid ${pod.shimPid}, containerd-shim: the pod's shim, not its app`,
    true,
  );
  const summary = kernelKey(
    L,
    [DM, JK],
    'kernel.oom-kill',
    `CONSTRAINT_MEMCG and oom_memcg name the pod's cgroup: its limit was hit, and the task killed, the shim, was charged to it`,
    true,
  );
  const unknown = L.find('crictl-inspect.json', '"state": "CONTAINER_UNKNOWN"');
  const oomKillLine = L.find('memory-events.txt', 'memory.events:oom_kill ');
  const body: ScenarioBody = {
    learningGoals: [
      'Read a kernel OOM report: who invoked it, which cgroup hit its limit, which process was killed',
      'Tell the containerd shim from the container it serves, and why losing the shim leaves the container Unknown',
      "Recognise containerd's synthetic exit 137 after a dead-shim cleanup",
      "Confirm a cgroup OOM from the cgroup's own counters (memory.events)",
    ],
    symptom: {
      title: `${pod.app} pod not ready on ${plan.node.host}`,
      text: `Alert: ${podRef(pod)} stopped passing its readiness probe around ${hhmm(death)} UTC, and crictl on ${plan.node.host} reports its container ${short(dead.id)} Unknown. The pod restarted once on its own. Find out why before it happens again.`,
      named: named('container-unknown', `${pod.app} container Unknown`, pod, death),
    },
    sources: [
      ...crictlSources(files),
      RUNTIME_JOURNAL,
      KERNEL_JOURNAL,
      DMESG,
      { file: 'memory-events.txt', title: "The pod's memory cgroup", command: memFile.command },
    ],
    reveal: [
      PAGE_STEP,
      runtimeStateStep(`You log on to ${plan.node.host} and ask the runtime what it knows about the pod.`),
      runtimeLogStep(death),
      KERNEL_STEP,
      {
        title: "The pod's cgroup",
        narrative: "Before you write it up, you read the memory counters of the pod's cgroup.",
        files: ['memory-events.txt'],
      },
    ],
    hints: [
      {
        text: 'An exit code 137 means SIGKILL was sent, or that containerd says so: which one is it here?',
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
          why: `The mechanism is right (the kernel's OOM killer), the level is not: CONSTRAINT_MEMCG and "Memory cgroup out of memory" say the pod's limit was hit, not the node's memory.`,
        },
        {
          hypothesis: 'oom-kill-cgroup/container',
          why: `The pod hit its memory limit, but the victim was pid ${pod.shimPid}, containerd-shim: the container lost its shim, which is why it went Unknown instead of restarting cleanly.`,
        },
      ],
    },
    keyEvidence: [
      kill,
      summary,
      {
        file: J,
        line: L.mark(J, 'containerd.shim-disconnected'),
        why: `containerd loses the shim of sandbox ${short(pod.sandboxId)} in the same second. ${NOT_CITED} alone: every normal stop logs it too; here the cleanup and the exit after it make it a death.`,
      },
      {
        file: J,
        line: L.mark(J, 'containerd.cleaning-up-dead-shim'),
        why: "containerd cleans up a dead shim: the exit status it publishes next is its own, not the container's",
        required: true,
      },
      {
        file: J,
        line: L.mark(J, 'containerd.task-exit'),
        why: `The TaskExit 137 of container ${short(dead.id)}, published by containerd after the cleanup: no one sent this container a SIGKILL`,
      },
      {
        file: 'crictl-inspect.json',
        line: unknown,
        why: `The container is CONTAINER_UNKNOWN: containerd could not read its task from the dead shim. ${NOT_CITED} as evidence: it is the symptom the answer explains.`,
        record: L.jsonElement('crictl-inspect.json', unknown),
      },
      {
        file: 'memory-events.txt',
        line: oomKillLine,
        why: `oom_kill 1 in the pod's memory.events: one OOM kill inside the pod's cgroup, which the kernel log names. ${NOT_CITED}: it reads the logs, not the counters.`,
      },
    ],
    validRejections: {
      'oom-kill-host': {
        requires: [
          `${summary.file}:${summary.line}`,
          ...(summary.also ?? []),
          'CONSTRAINT_MEMCG',
          'memory cgroup',
          'memcg',
          'oom_kill 1',
        ],
      },
      'oom-kill-cgroup/container': {
        requires: [`${kill.file}:${kill.line}`, ...(kill.also ?? []), 'shim', String(pod.shimPid)],
      },
      'manual-or-automation-kill': {},
      'kernel-hang': {},
    },
    verification: ['verify-kernel-log', 'verify-memory-events', 'verify-shim-cgroup', 'verify-metadata'],
    trainerNotes: notes(
      `**What this drill is about.** The seed's incident on another node. The trap is the exit code: 137 reads as "the container was OOM-killed", but the kernel killed the *shim* (pid ${pod.shimPid}, \`containerd-shim\`), and containerd reported 137 for the container itself after cleaning up the dead shim (containerd#8381).`,
      `**The mechanism.** On this node the pod's shim runs inside the pod's cgroup (under the sandbox's scope), so the shim's memory is charged to the pod's ${pod.memLimit / 1048576} MiB limit. When the pod hits it, the memory cgroup OOM killer chooses among *all* the tasks in the cgroup. The shim's oom_score_adj (-998) is almost the app's (-997, a Guaranteed pod), so the task with the most memory is chosen, and here that is the leaking shim. Without its shim, containerd cannot read the task's state: the container goes Unknown, and the kubelet re-creates the sandbox.`,
      "**Ask the trainee** why the shim was in the pod's cgroup at all, and what changes if it runs in its own (`ShimCgroup`). A good answer pins the `Killed process` line and the `oom-kill:` line, rules out a node-wide OOM with CONSTRAINT_MEMCG, and confirms with `oom_kill 1` in memory.events.",
    ),
  };
  return { body, files };
}

// ---- (b) a node-wide OOM with a bystander victim ------------------------------------------------

function hostOom(seed: number): BuiltBody {
  const id = 'host-oom';
  const plan = nodeWith(seed, {
    kind: id,
    at: 0.62,
    app: 'metrics-agent',
    qos: 'besteffort',
    memMib: 0,
    // A search pod asks for 12 of the node's 16 GiB and sets no limit: Burstable, and the
    // kubelet's oom_score_adj for it is 1000 - 1000 * 12 / 16 = 250.
    companions: [{ app: 'search', qos: 'burstable', memMib: 0, oomScoreAdj: 250 }],
    run: (ctx, pod, t0, companions) => hostOomBystander(ctx, pod, t0, companions, id),
  });
  const hog = plan.companions.get(id)![0];
  const hogView = plan.containers.find((x) => x.pod === hog)!;
  const c = capture(plan);
  addCrictl(c, inspected(plan, [hogView]));
  addRuntimeJournal(c, 440);
  addKernel(c, ['journalctl-k', 'dmesg'], 360);
  const { pod, death } = victimOf(plan, id);
  const rng = new Rng(mixSeed(seed, 0x4057));
  const restarted = restartedOf(plan, id);
  const rows: PsRow[] = [...systemRows(plan, rng)];
  for (const p of runningPods(plan)) {
    const rssKb =
      p === hog
        ? rng.int(2_870_000, 2_930_000) * 4
        : p === restarted.pod
          ? rng.int(30_000, 60_000) * 4
          : rng.int(5000, Math.max(6000, Math.floor((p.memLimit || 256e6) / 4096 / 2))) * 4;
    rows.push(...podRows(p, rssKb, rng));
  }
  rows.sort((a, b) => b.rssKb - a.rssKb || a.pid - b.pid);
  const psCommand = `ps -eo ${PS_COLUMNS} --sort=-rss | head -n 16`;
  const psFile: ScenarioFile = {
    name: 'ps-rss.txt',
    format: 'ps',
    command: psCommand,
    text: `$ ${psCommand}\n${psTable(rows.slice(0, 15))}`,
  };
  const files = writeAll(c, [psFile]);
  const L = new Lines(files, c.tb.keyLinesOf(id));
  const kill = kernelKey(
    L,
    [DM, JK],
    'kernel.killed',
    `The node-wide OOM killer killed pid ${pod.appPid} (${pod.comm}), the metrics agent: "Out of memory", with no "Memory cgroup" before it`,
    true,
  );
  const summary = kernelKey(
    L,
    [DM, JK],
    'kernel.oom-kill',
    "CONSTRAINT_NONE and global_oom: the node ran out of memory, no cgroup limit was hit; task_memcg names the victim's container",
    true,
  );
  const invoked = kernelKey(
    L,
    [DM, JK],
    'kernel.invoked',
    `${hog.comm} (pid ${hog.appPid}, the search pod) was allocating when the node ran out: the process that needed the memory is not the one that died`,
  );
  // The task table's rows of the hog and of the victim, in both kernel logs.
  const row = (p: Pod) => [`[${String(p.appPid).padStart(7)}]`, ` ${p.comm}`];
  const hogRow = L.find(DM, ...row(hog));
  const victimRow = L.find(DM, ...row(pod));
  const rssOf = (line: number) => Number(L.text(DM, line).split(']')[2].trim().split(/\s+/)[3]);
  const gib = (pages: number) => (pages / 262144).toFixed(1);
  const hogGib = gib(rssOf(hogRow));
  const victimGib = gib(rssOf(victimRow));
  const hogElement = L.jsonElement(
    'crictl-inspect.json',
    L.find('crictl-inspect.json', `"id": "${hog.containerId}"`),
  );
  const hogLimit = L.findIn('crictl-inspect.json', hogElement, '"memory_limit_in_bytes": 0');
  const psHog = L.find('ps-rss.txt', ` ${hog.appPid} `, hog.comm);
  const body: ScenarioBody = {
    learningGoals: [
      'Tell a node-wide OOM (CONSTRAINT_NONE, global_oom, "Out of memory") from a memory cgroup OOM',
      'Know that OOMKilled only says the kernel killed a process of the container, not that the container hit its own limit',
      'Read the OOM task table: the victim is the highest badness (resident memory plus oom_score_adj), not the biggest process',
      'Find the pod that used the memory: requests without limits, and QoS classes',
    ],
    symptom: {
      title: `${pod.app} OOMKilled on ${plan.node.host}`,
      text: `Alert: the metrics agent ${podRef(pod)} on ${plan.node.host} restarted at ${hhmm(death)} UTC with reason OOMKilled, exit code 137. It has no memory limit at all, so "it hit its limit" cannot be the whole story. The owners of the agent ask what happened.`,
      named: named('oom-killed', `${pod.app} OOMKilled`, pod, death),
    },
    sources: [
      ...crictlSources(files),
      RUNTIME_JOURNAL,
      KERNEL_JOURNAL,
      DMESG,
      { file: 'ps-rss.txt', title: 'The biggest processes on the node', command: psCommand },
    ],
    reveal: [
      PAGE_STEP,
      runtimeStateStep(
        `You log on to ${plan.node.host} and look at the agent's containers, and at the other big pod on the node.`,
      ),
      runtimeLogStep(death),
      KERNEL_STEP,
      {
        title: 'Who holds the memory now',
        narrative: 'You list the processes with the most resident memory on the node.',
        files: ['ps-rss.txt'],
      },
    ],
    hints: [
      {
        text: "OOMKilled is set whenever the kernel OOM killer kills a process of the container. Which OOM killer was it: a cgroup's or the node's?",
        afterStep: 2,
      },
      {
        text: 'Read the oom-kill: line after the task table: constraint, and global_oom or oom_memcg.',
        afterStep: 3,
      },
      {
        text: "In the task table, find the victim's row and the biggest row: compare their rss and oom_score_adj. The kernel kills the highest rss + oom_score_adj x RAM / 1000.",
        afterStep: 3,
      },
    ],
    expected: {
      cause: 'oom-kill-host',
      hypothesis: 'oom-kill-host/container',
      partial: [
        {
          cause: 'oom-kill-cgroup',
          why: `The kernel's OOM killer did kill the agent, and OOMKilled says so; but no cgroup limit was hit (the agent has none): CONSTRAINT_NONE and global_oom say the whole node ran out, because the search pod grew without a limit.`,
        },
      ],
    },
    keyEvidence: [
      kill,
      summary,
      invoked,
      {
        file: DM,
        line: hogRow,
        why: `The task table: ${hog.comm} of the search pod holds ${hogGib} GiB, most of the node's memory, but its oom_score_adj is 250 (a large memory request). ${NOT_CITED}: it weighs the kill, not the table.`,
        also: [`${JK}:${L.find(JK, ...row(hog))}`],
      },
      {
        file: DM,
        line: victimRow,
        why: `The task table: ${pod.comm}, the agent, holds ${victimGib} GiB, but as a BestEffort pod its oom_score_adj is 1000, which adds the whole node's RAM to its badness. ${NOT_CITED}: it weighs the kill, not the table.`,
        also: [`${JK}:${L.find(JK, ...row(pod))}`],
      },
      {
        file: 'crictl-inspect.json',
        line: hogLimit,
        why: `The search pod's container has no memory limit (memory_limit_in_bytes 0): nothing stopped it before the node ran out. ${NOT_CITED}.`,
        record: hogElement,
      },
      {
        file: 'ps-rss.txt',
        line: psHog,
        why: `Still the biggest process on the node after the kill: ${hog.comm} of the search pod. ${NOT_CITED}.`,
      },
    ],
    validRejections: {
      'oom-kill-cgroup': {
        requires: [
          `${summary.file}:${summary.line}`,
          ...(summary.also ?? []),
          `${kill.file}:${kill.line}`,
          ...(kill.also ?? []),
          'CONSTRAINT_NONE',
          'global_oom',
          'no limit',
          'node',
        ],
      },
      'manual-or-automation-kill': {},
      'oom-kill-host/shim': {
        requires: [`${kill.file}:${kill.line}`, ...(kill.also ?? []), pod.comm, String(pod.appPid)],
      },
    },
    verification: ['verify-kernel-log', 'verify-host-memory', 'verify-memory-events'],
    trainerNotes: notes(
      '**What this drill is about.** Two traps in one. OOMKilled and exit 137 make everyone say "the agent hit its limit", but the agent has no limit. And the process that was killed is not the one that ate the memory.',
      `**The mechanism.** The search pod requests 12 GiB and sets no limit, so nothing stops it short of the node's RAM. When the node runs out, the kernel's global OOM killer (constraint=CONSTRAINT_NONE, global_oom) picks the task with the highest *badness*: its resident pages plus oom_score_adj per mille of the node's RAM. The kubelet gives BestEffort pods 1000 and Burstable pods 1000 minus their memory request's share of the node, so the agent (BestEffort, ${victimGib} GiB) outranks the search pod's ${hog.comm} (${hogGib} GiB, oom_score_adj 250). OOMKilled is set because the agent's cgroup counted the oom_kill, whatever the scope.`,
      '**Ask the trainee** what would have protected the agent (a memory request, so it is not BestEffort) and what fixes the cause (a memory limit on the search pod, or kubelet eviction thresholds that act before the kernel does). A good answer pins the `Out of memory: Killed process` line and the `oom-kill:` line, reads the two rows of the task table, and rules out a cgroup OOM with CONSTRAINT_NONE.',
    ),
  };
  return { body, files };
}

// ---- (c) exit 137 with no kill: the shim panicked ------------------------------------------------

function synthetic137(seed: number): BuiltBody {
  const id = 'shim-panic';
  const plan = nodeWith(seed, {
    kind: id,
    at: 0.6,
    app: 'cart',
    qos: 'burstable',
    memMib: 512,
    run: (ctx, pod, t0) => shimPanic(ctx, pod, t0, id),
  });
  const c = capture(plan);
  addCrictl(c, inspected(plan));
  addRuntimeJournal(c, 440);
  addKernel(c, ['journalctl-k', 'dmesg'], 320);
  const { dead, pod, death } = victimOf(plan, id);
  const rng = new Rng(mixSeed(seed, 0x137));
  const memFile = podMemoryFile(
    pod,
    { max: 0, oom: 0, oomKill: 0 },
    Math.floor(pod.memLimit * (0.38 + rng.int(0, 20) / 100)),
  );
  const files = writeAll(c, [memFile]);
  const L = new Lines(files, c.tb.keyLinesOf(id));
  const panic = L.mark(J, 'containerd.go-panic');
  const frame = L.find(J, 'runtime/v2/runc/task.(*service).Stats(');
  const cleanup = L.mark(J, 'containerd.cleaning-up-dead-shim');
  const exit = L.mark(J, 'containerd.task-exit');
  const unknown = L.find('crictl-inspect.json', '"state": "CONTAINER_UNKNOWN"');
  const oomKill = L.find('memory-events.txt', 'memory.events:oom_kill ');
  const noKernelOom = {
    requires: [
      `memory-events.txt:${oomKill}`,
      'oom_kill 0',
      'no oom',
      'kernel log',
      'dmesg',
      'journalctl -k',
    ],
  };
  const body: ScenarioBody = {
    learningGoals: [
      'Know that containerd reports exit 137 itself for the tasks of a shim it found dead (containerd#8381): 137 is not proof of a SIGKILL',
      'Rule out the kernel and the kubelet with the logs that cover the death, not with a guess',
      "Find a shim's own crash in containerd's journal: the Go panic and its frames",
    ],
    symptom: {
      title: `${pod.app} container exited 137 on ${plan.node.host}`,
      text: `Alert: the ${pod.app} container of ${podRef(pod)} on ${plan.node.host} exited with code 137 at ${hhmm(death)} UTC and crictl shows it Unknown; the pod came back in a new sandbox. The team says the service never uses more than half its memory limit and asks who killed it.`,
      named: named('exit-137', `${pod.app} exited 137`, pod, death),
    },
    sources: [
      ...crictlSources(files),
      RUNTIME_JOURNAL,
      KERNEL_JOURNAL,
      DMESG,
      { file: 'memory-events.txt', title: "The pod's memory cgroup", command: memFile.command },
    ],
    reveal: [
      PAGE_STEP,
      runtimeStateStep(`You log on to ${plan.node.host} and ask the runtime about the ${pod.app} pod.`),
      {
        title: 'The kernel',
        narrative: 'Exit 137 is 128 + SIGKILL, so you look for a kill in the kernel log first.',
        files: [JK, DM],
      },
      {
        title: "The pod's cgroup",
        narrative: "You read the memory counters of the pod's cgroup.",
        files: ['memory-events.txt'],
      },
      runtimeLogStep(death),
    ],
    hints: [
      {
        text: 'A kill leaves a line somewhere: the kernel for an OOM kill, the kubelet for a stop, systemd for a unit. Which of those logs cover the minute of the death?',
        afterStep: 2,
      },
      {
        text: 'Read the lines just before "shim disconnected": who printed them, and what do the Go frames name?',
        afterStep: 4,
      },
      {
        text: 'What does containerd do after "cleaning up dead shim", and which exit status does it publish for the tasks it finds?',
        afterStep: 4,
      },
    ],
    expected: {
      cause: 'shim-bug-or-deadlock',
      hypothesis: 'shim-bug-or-deadlock/crash',
      partial: [
        {
          cause: 'runtime-error',
          why: "The runtime's state did go wrong (the task is Unknown, its delete failed), but runc failed nothing: the shim crashed on its own, and the rest is containerd cleaning up after it.",
        },
      ],
    },
    keyEvidence: [
      {
        file: J,
        line: panic,
        why: `The shim panics (a nil pointer dereference) at ${hhmmss(death)}: its stderr is copied into containerd's journal, which is why the line carries containerd's name`,
        required: true,
      },
      {
        file: J,
        line: frame,
        why: `The frames name the shim's task service (runtime/v2/runc): the panic is the shim's, not containerd's. ${NOT_CITED}: it reads the panic line, not the frames.`,
      },
      {
        file: J,
        line: cleanup,
        why: 'containerd found the shim dead and cleans up after it: what it publishes next is its own bookkeeping',
        required: true,
      },
      {
        file: J,
        line: exit,
        why: `The TaskExit 137 of container ${short(dead.id)}, published by the cleanup: containerd's synthetic 128+SIGKILL (containerd#8381), not a signal anyone sent`,
        required: true,
      },
      {
        file: J,
        line: L.mark(J, 'containerd.taskexit-failed'),
        why: "containerd cannot delete the task: the shim's ttrpc connection is closed, the shim is gone",
      },
      {
        file: 'crictl-inspect.json',
        line: unknown,
        why: 'The container is CONTAINER_UNKNOWN: containerd never got its real exit from the dead shim',
        record: L.jsonElement('crictl-inspect.json', unknown),
      },
      {
        file: 'memory-events.txt',
        line: oomKill,
        why: `oom_kill 0: the kernel's OOM killer never killed anything in this pod. ${NOT_CITED}: it reads the logs, not the counters.`,
      },
    ],
    validRejections: {
      'manual-or-automation-kill': {
        requires: [`${J}:${cleanup}`, `${J}:${exit}`, 'synthetic', 'dead shim', '8381', 'panic', 'cleanup'],
      },
      // Either OOM killer, the pod's or the node's, is ruled out the same way.
      'oom-kill-cgroup': noKernelOom,
      'oom-kill-host': noKernelOom,
      'shim-bug-or-deadlock/deadlock': { requires: [`${J}:${panic}`, 'panic', 'crash'] },
    },
    verification: ['verify-shim-bug', 'verify-containerd-log', 'verify-kernel-log'],
    trainerNotes: notes(
      '**What this drill is about.** Exit 137 is 128 + 9, and everyone reads it as "something sent SIGKILL". Here nobody did. The pod\'s shim panicked on its own; containerd lost it (`shim disconnected`), cleaned up after it (`cleaning up dead shim`) and published exit status 137 for the container itself, because it never learnt the real one (containerd#8381). The same lines follow a shim killed by the OOM killer (the intro drill): what differs is what comes *before* them.',
      "**How to rule the others out.** The kernel log covers the minute and has no OOM line; the pod's memory.events says oom_kill 0; the kubelet logged no stop or eviction for the pod; the first line of the story is a Go panic whose frames name the shim's task service (`runtime/v2/runc`). A v2 shim's stderr is copied into containerd's journal, so the panic carries containerd's name and pid.",
      '**Ask the trainee** what they would collect next (containerd and runc versions, to match a known shim bug such as containerd#7468 or #11001) and how they would watch for it (alert on `cleaning up dead shim` and on containers Unknown). A trainee who answers "OOM" without a kernel line has guessed from the exit code: make them find the line that would prove it.',
    ),
  };
  return { body, files };
}

// ---- (d) a userspace OOM killer -----------------------------------------------------------------

function userspaceOomKiller(seed: number): BuiltBody {
  const id = 'oomd-kill';
  const plan = nodeWith(seed, {
    kind: id,
    at: 0.64,
    app: 'worker',
    qos: 'burstable',
    memMib: 4096,
    run: (ctx, pod, t0) =>
      oomdKill(
        ctx,
        pod,
        t0,
        oomdSource(ctx.rng.int(380, 420)),
        `${ctx.rng.int(52, 79)}.${String(ctx.rng.int(0, 99)).padStart(2, '0')}`,
        id,
      ),
  });
  const c = capture(plan);
  addCrictl(c, inspected(plan));
  addRuntimeJournal(c, 420);
  const OOMD = 'journalctl-oomd.txt';
  c.files.push(
    journalFile(
      plan,
      c.tb,
      'short',
      OOMD,
      "journalctl -u systemd-oomd -u 'cri-containerd-*'",
      { unit: 'lines', amount: 160 },
      103,
      unitFilter(['systemd-oomd.service'], [/^cri-containerd-[0-9a-f]{64}\.scope$/]),
    ),
  );
  addKernel(c, ['journalctl-k'], 300);
  const { dead, pod, death } = victimOf(plan, id);
  const rng = new Rng(mixSeed(seed, 0x00d));
  const avg = (lo: number, hi: number) => (rng.int(lo * 100, hi * 100) / 100).toFixed(2);
  const memFile = podMemoryFile(
    pod,
    { max: 0, oom: 0, oomKill: 0 },
    Math.floor(pod.memLimit * (0.8 + rng.int(0, 9) / 100)),
    [
      {
        path: '/sys/fs/cgroup/kubepods.slice/memory.pressure',
        lines: [
          `some avg10=${avg(2, 9)} avg60=${avg(10, 20)} avg300=${avg(20, 30)} total=${rng.int(40_000_000, 90_000_000)}`,
          `full avg10=${avg(1, 6)} avg60=${avg(8, 16)} avg300=${avg(15, 25)} total=${rng.int(30_000_000, 70_000_000)}`,
        ],
      },
    ],
  );
  const files = writeAll(c, [memFile]);
  const L = new Lines(files, c.tb.keyLinesOf(id));
  const killed = L.mark(OOMD, 'oomd.killed');
  const exitCode = L.findIn(
    'crictl-inspect.json',
    L.jsonElement('crictl-inspect.json', L.find('crictl-inspect.json', `"id": "${dead.id}"`)),
    '"exitCode": 137',
  );
  const oomKill = L.find('memory-events.txt', 'memory.events:oom_kill ');
  const body: ScenarioBody = {
    learningGoals: [
      "Know the userspace OOM killers (systemd-oomd, earlyoom, a platform's controller) and what they leave: a line of their own, no kernel OOM report",
      "Tell a kernel OOM kill from a userspace one: OOMKilled and oom_kill are set only by the kernel's killer",
      "Read systemd's unit results: `Failed with result 'oom-kill'` is also what an oomd kill looks like since systemd 251",
    ],
    symptom: {
      title: `${pod.app} container killed on ${plan.node.host}`,
      text: `Alert: the ${pod.app} container of ${podRef(pod)} on ${plan.node.host} died with exit code 137 at ${hhmm(death)} UTC and was restarted. Its memory was high but under its ${pod.memLimit / 1073741824} GiB limit, and kubectl shows reason Error, not OOMKilled. The team asks what killed it.`,
      named: named('exit-137', `${pod.app} exited 137`, pod, death),
    },
    sources: [
      ...crictlSources(files),
      RUNTIME_JOURNAL,
      KERNEL_JOURNAL,
      {
        file: 'memory-events.txt',
        title: "The pod's memory cgroup and the pods' pressure",
        command: memFile.command,
      },
      {
        file: OOMD,
        title: 'systemd-oomd and the container scopes',
        command: "journalctl -u systemd-oomd -u 'cri-containerd-*'",
      },
    ],
    reveal: [
      PAGE_STEP,
      runtimeStateStep(`You log on to ${plan.node.host} and ask the runtime about the ${pod.app} pod.`),
      runtimeLogStep(death),
      {
        title: 'The kernel and the cgroup',
        narrative: "You read the kernel log of the same minutes and the pod's memory counters.",
        files: [JK, 'memory-events.txt'],
      },
      {
        title: 'systemd',
        narrative:
          "You ask systemd what happened to the container's scope, and find a daemon you did not expect.",
        files: [OOMD],
      },
    ],
    hints: [
      {
        text: 'The kubelet says Error, not OOMKilled. What sets OOMKilled, and what does its absence tell you?',
        afterStep: 2,
      },
      {
        text: 'No kernel OOM line and oom_kill 0: the kernel did not kill it. What else on a node kills processes for memory?',
        afterStep: 3,
      },
    ],
    expected: {
      cause: 'manual-or-automation-kill',
      hypothesis: 'manual-or-automation-kill/userspace-oom-killer',
      partial: [
        {
          cause: 'oom-kill-cgroup',
          why: "Memory was the trigger, but not the kernel's OOM killer at the pod's limit: there is no kernel OOM line, memory.events counts no oom_kill, and systemd-oomd logged the kill.",
        },
        {
          cause: 'oom-kill-host',
          why: "The node was under memory pressure, but the kernel's OOM killer never ran: systemd-oomd, a userspace daemon, killed the container's scope on its pressure threshold.",
        },
      ],
    },
    keyEvidence: [
      {
        file: OOMD,
        line: killed,
        why: `systemd-oomd killed the container's scope because kubepods.slice stayed over its memory pressure limit: a userspace kill, SIGKILL to every process of the scope`,
        required: true,
      },
      {
        file: OOMD,
        line: L.mark(OOMD, 'systemd.oomd-unit'),
        why: "PID 1 confirms: systemd-oomd killed the processes of the container's scope",
      },
      {
        file: OOMD,
        line: L.mark(OOMD, 'systemd.unit-oom-kill'),
        why: `The scope "failed with result 'oom-kill'": since systemd 251 this is also how an oomd kill ends, so it does not say the kernel did it. ${NOT_CITED}: oomd's own line already names the kill.`,
      },
      {
        file: OOMD,
        line: L.find(OOMD, 'Started systemd-oomd.service'),
        why: `systemd-oomd runs on this node, started at boot: someone set it to watch kubepods.slice. ${NOT_CITED}.`,
      },
      {
        file: J,
        line: L.mark(J, 'containerd.task-exit'),
        why: 'The container exits with 137 (SIGKILL) in the same second, with no TaskOOM event before it',
        required: true,
      },
      {
        file: 'crictl-inspect.json',
        line: exitCode,
        why: 'Exit code 137 with reason Error: the runtime saw a SIGKILL, not an OOM kill',
        record: L.jsonElement('crictl-inspect.json', exitCode),
      },
      {
        file: 'memory-events.txt',
        line: oomKill,
        why: `oom_kill 0: the kernel's OOM killer killed nothing in this pod. ${NOT_CITED}: it reads the logs, not the counters.`,
      },
    ],
    validRejections: {
      'oom-kill-cgroup': {
        requires: [
          `memory-events.txt:${oomKill}`,
          `${OOMD}:${killed}`,
          'oom_kill 0',
          'oomd',
          'no kernel',
          'kernel log',
          'OOMKilled',
        ],
      },
      'oom-kill-host': {
        requires: [
          `memory-events.txt:${oomKill}`,
          `${OOMD}:${killed}`,
          'oom_kill 0',
          'oomd',
          'no kernel',
          'kernel log',
        ],
      },
      'manual-or-automation-kill/kubelet': {},
      'manual-or-automation-kill/person-or-script': { requires: [`${OOMD}:${killed}`, 'oomd'] },
    },
    verification: ['verify-manual-kill', 'verify-kernel-log', 'verify-memory-events'],
    trainerNotes: notes(
      "**What this drill is about.** A kill for memory that the kernel did not make. systemd-oomd is a userspace OOM killer: it watches the memory pressure (PSI) of the cgroups it is told to manage and SIGKILLs a whole cgroup when the pressure stays above the limit. Here someone enabled it on the node with `ManagedOOMMemoryPressure=kill` for kubepods.slice, so it killed a container's scope.",
      "**How it shows.** No `invoked oom-killer`, no `Killed process` in the kernel log; the pod's memory.events counts no oom_kill; containerd publishes no TaskOOM, so the kubelet's reason is Error, not OOMKilled. The only witnesses are oomd's `Killed ... due to memory pressure` line and PID 1's `systemd-oomd killed N process(es) in this unit`. The scope's `Failed with result 'oom-kill'` is a trap: systemd 251 and later record an oomd kill that way too.",
      '**Ask the trainee** who should decide to kill pods on a Kubernetes node (the kubelet\'s eviction, which respects priorities and QoS) and what to do about oomd here (leave kubepods.slice out of its care). A trainee who answers "OOM at the limit" has read 137 and "memory" and stopped: ask for the kernel line.',
    ),
  };
  return { body, files };
}

// ---- (e) out of pids, seen as a probe that cannot exec ------------------------------------------

function pidExhaustion(seed: number): BuiltBody {
  const id = 'pids-leak';
  const PIDS_MAX = 1024;
  const plan = nodeWith(seed, {
    kind: id,
    at: 0.55,
    app: 'worker',
    qos: 'burstable',
    memMib: 768,
    run: (ctx, pod, t0) => pidsLeak(ctx, pod, t0, id),
  });
  const c = capture(plan);
  addCrictl(c, inspected(plan));
  addRuntimeJournal(c, 480);
  // `dmesg -T`: the ring buffer on the wall clock (the node's clock is UTC), as people often read it.
  c.files.push(
    dmesgFile(
      plan,
      c.tb,
      'ctime',
      'dmesg-ctime',
      DMESG_T.file,
      DMESG_T.command,
      { unit: 'records', amount: 300 },
      204,
    ),
  );
  const { dead, pod, death } = victimOf(plan, id);
  const after = restartedOf(plan, id).pod;
  const rng = new Rng(mixSeed(seed, 0x91d5));
  // Since the restart the worker leaks again: its unreaped children (zombies still count as tasks).
  const zombies = rng.int(560, 720);
  const threads = rng.int(9, 14);
  const rows: PsRow[] = [...systemRows(plan, rng)];
  for (const p of runningPods(plan)) {
    const rssKb = rng.int(5000, Math.max(6000, Math.floor((p.memLimit || 256e6) / 4096 / 3))) * 4;
    rows.push(...podRows(p, rssKb, rng));
  }
  let zpid = after.appPid + rng.int(40, 160);
  for (let i = 0; i < zombies; i++) {
    rows.push({
      pid: zpid,
      ppid: after.appPid,
      user: '1000',
      stat: 'Z',
      rssKb: 0,
      comm: 'sh',
      args: '[sh] <defunct>',
    });
    zpid += rng.int(1, 7);
  }
  rows.sort((a, b) => a.pid - b.pid);
  const psCommand = `ps -eo ${PS_COLUMNS}`;
  const psFile: ScenarioFile = {
    name: 'ps.txt',
    format: 'ps',
    command: psCommand,
    text: `$ ${psCommand}\n${psTable(rows)}`,
  };
  const podDir = `/sys/fs/cgroup${podCgroup(after)}`;
  const scopeDir = `/sys/fs/cgroup${scopeCgroup(after, after.containerId)}`;
  const pidsCommand = `grep . ${podDir}/pids.{max,current} ${scopeDir}/pids.{max,current,events}`;
  const pidsFile: ScenarioFile = {
    name: 'pids.txt',
    format: 'cgroup-files',
    command: pidsCommand,
    text: cgroupGrep(pidsCommand, [
      cgroupFile(`${podDir}/pids.max`, [String(PIDS_MAX)]),
      cgroupFile(`${podDir}/pids.current`, [String(zombies + threads + 2)]),
      cgroupFile(`${scopeDir}/pids.max`, ['max']),
      cgroupFile(`${scopeDir}/pids.current`, [String(zombies + threads)]),
      cgroupFile(`${scopeDir}/pids.events`, ['max 0']),
    ]),
  };
  const files = writeAll(c, [pidsFile, psFile]);
  const L = new Lines(files, c.tb.keyLinesOf(id));
  const rejected = L.mark(DMESG_T.file, 'kernel.fork-rejected');
  const execFailed = L.mark(J, 'containerd.exec-failed');
  const restart = L.mark(J, 'kubelet.liveness-restart');
  // The zombies' rows: one block, since they are the newest pids on the node.
  const psLines = splitLines(psFile.text);
  const zombieRow = (l: string) => l.endsWith(' [sh] <defunct>');
  const firstZombie = psLines.findIndex(zombieRow) + 1;
  const lastZombie = psLines.length - [...psLines].reverse().findIndex(zombieRow);
  if (
    lastZombie - firstZombie + 1 !== zombies ||
    !psLines.slice(firstZombie - 1, lastZombie).every(zombieRow)
  )
    throw new Error('pid-exhaustion: the zombies are not one block of ps.txt');
  const podMax = L.find('pids.txt', `${podDir}/pids.max:`);
  const body: ScenarioBody = {
    learningGoals: [
      'Follow a failure past the component that reports it: a liveness kill, a runc error, a kernel limit',
      "Know the pids controller: pods get a pids.max (the kubelet's podPidsLimit), zombies count, and the kernel says so once per cgroup",
      "Read runc's `read init-p: connection reset by peer`: its init process died before it could report, often for lack of a resource",
    ],
    symptom: {
      title: `${pod.app} restarted by its liveness probe on ${plan.node.host}`,
      text: `Alert: the ${pod.app} container of ${podRef(pod)} on ${plan.node.host} (container ${short(dead.id)}) was restarted at ${hhmm(death)} UTC after its liveness probe failed three times. The probe only runs a shell script, and the team says the worker was busy but healthy. Find out why the probe failed, and whether it will happen again.`,
      named: named('restarts', `${pod.app} restarted`, pod, death, dead.id),
    },
    sources: [
      ...crictlSources(files),
      RUNTIME_JOURNAL,
      DMESG_T,
      { file: 'pids.txt', title: "The pod's pids cgroup", command: pidsCommand },
      { file: 'ps.txt', title: 'Every process on the node', command: psCommand },
    ],
    reveal: [
      PAGE_STEP,
      runtimeStateStep(`You log on to ${plan.node.host} and ask the runtime about the ${pod.app} pod.`),
      runtimeLogStep(death),
      { title: 'The kernel', narrative: 'You read the kernel ring buffer.', files: [DMESG_T.file] },
      {
        title: 'The node now',
        narrative: "You read the pod's pids counters and list the node's processes.",
        files: ['pids.txt', 'ps.txt'],
      },
    ],
    hints: [
      {
        text: 'The kubelet restarted the container, but only because its probe failed. Why did the probe fail: did the script run at all?',
        afterStep: 2,
      },
      {
        text: 'runc reports that its own init process went away before it could say anything. What stops a new process or thread from starting in a cgroup?',
        afterStep: 2,
      },
      { text: "Count the processes of the worker now, and compare with the pod's pids.max.", afterStep: 4 },
    ],
    expected: {
      cause: 'pid-exhaustion',
      hypothesis: 'pid-exhaustion/cgroup',
      partial: [
        {
          hypothesis: 'manual-or-automation-kill/kubelet',
          why: 'The kubelet did restart the container, after three failed liveness probes; but that is the consequence. The probes failed because the pod had used up its pids.max, and the kernel refused the forks.',
        },
        {
          cause: 'runtime-error',
          why: "runc's exec did fail (read init-p: connection reset by peer), but not through a fault of runc's: its init could not start a thread because the pod's cgroup was at pids.max.",
        },
      ],
    },
    keyEvidence: [
      {
        file: DMESG_T.file,
        line: rejected,
        why: "The pids controller refused a fork in the worker's container: its pod had reached pids.max. The kernel says it once per cgroup; later refusals only count in pids.events",
        required: true,
      },
      {
        file: J,
        line: execFailed,
        why: "The liveness probe's exec fails inside runc: its init process died before reporting (read init-p: connection reset by peer), here because it could not start a thread (runc#1914)",
        required: true,
      },
      {
        file: J,
        line: L.mark(J, 'kubelet.probe-errored'),
        why: 'The kubelet counts the errored exec as a failed liveness probe: the error says what failed, not why',
      },
      {
        file: J,
        line: restart,
        why: `After three failures the kubelet restarts the container: the restart is the symptom, not the cause. ${NOT_CITED}.`,
      },
      {
        file: J,
        line: L.mark(J, 'kubelet.killing'),
        why: 'The kubelet stops the container with SIGTERM and a 30 s grace period',
      },
      {
        file: J,
        line: L.mark(J, 'containerd.task-exit'),
        why: `Exit 143 (128 + SIGTERM): the worker died of the kubelet's stop, not of the refused forks themselves. ${NOT_CITED}: 143 is no symptom by itself.`,
      },
      {
        file: 'pids.txt',
        line: podMax,
        why: `The pod's pids.max is ${PIDS_MAX} (the kubelet's podPidsLimit); pids.current, the line after it, is back at ${zombies + threads + 2} since the restart. ${NOT_CITED}: it reads the logs, not the counters.`,
      },
      {
        file: 'ps.txt',
        line: firstZombie,
        why: `Hundreds of <defunct> children of the restarted worker: zombies it never waits for, each one a task that counts against pids.max. ${NOT_CITED}.`,
        record: [firstZombie, lastZombie],
      },
    ],
    validRejections: {
      'pid-exhaustion/host': {
        requires: [
          `${DMESG_T.file}:${rejected}`,
          'pids controller',
          'cgroup',
          'pids.max',
          'pod',
          String(PIDS_MAX),
        ],
      },
      'manual-or-automation-kill': { requires: [`${J}:${restart}`, 'liveness', 'probe', 'consequence'] },
      'runtime-error': { requires: [`${DMESG_T.file}:${rejected}`, 'pids', 'fork', 'init-p', 'thread'] },
      'oom-kill-cgroup': {},
    },
    verification: ['verify-pids'],
    trainerNotes: notes(
      "**What this drill is about.** Three components each report the failure in their own words, and only the last one names the cause. The kubelet says the liveness probe failed and restarts the container; containerd and runc say the exec failed (`read init-p: connection reset by peer`, runc's init died before it could report); the kernel says, once, that the pids controller refused a fork in the worker's cgroup.",
      `**The mechanism.** The kubelet gives every pod a pids.max (podPidsLimit, ${PIDS_MAX} here). The worker starts a shell for each job and never waits for it, so every finished child stays a zombie, and zombies count as tasks. When the pod reaches its limit, no process of the pod can fork or start a thread, and neither can runc's init for an exec, which is joined to the pod's cgroup. The restart clears the zombies with the old container, and the ps listing shows the leak starting over.`,
      '**Ask the trainee** what fixes it (reap the children: wait on them, or run a proper init such as tini as PID 1) and what would have caught it earlier (pids.current against pids.max per pod, the kernel line). A trainee who stops at "the kubelet killed it" has found who, not why.',
    ),
  };
  return { body, files };
}

// ---------------------------------------------------------------- the list

/** In teaching order: the sample's case first, then the traps around it. */
const SCENARIOS: readonly ScenarioDef[] = [
  {
    id: 'shim-memcg-oom',
    title: 'A payments container stuck in Unknown',
    difficulty: 'intro',
    summary:
      "A payments pod stops answering its readiness probe and its container shows Unknown on the node. Work out what died, what killed it and why, from the runtime's state, its logs, the kernel's log and the pod's cgroup.",
    seed: 20251201,
    build: shimMemcgOom,
  },
  {
    id: 'host-oom',
    title: 'The agent that kept getting OOMKilled',
    difficulty: 'intermediate',
    summary:
      'A monitoring agent on a busy node restarts with OOMKilled, yet it has no memory limit. Find out which memory ran out, why this process was the one to die, and who really used the memory.',
    seed: 20251202,
    build: hostOom,
  },
  {
    id: 'userspace-oom-killer',
    title: 'Killed for memory, with no OOM in the kernel',
    difficulty: 'intermediate',
    summary:
      'A batch worker dies with exit code 137 while its memory is high but under its limit, and Kubernetes does not call it OOMKilled. Find out what killed it, and prove it.',
    seed: 20251203,
    build: userspaceOomKiller,
  },
  {
    id: 'synthetic-137',
    title: 'Exit 137, and nobody killed it',
    difficulty: 'advanced',
    summary:
      'A shopping-cart container exits with code 137 and is left Unknown, though it never came near its memory limit. Everyone says it was killed. Find out whether it was, and by what.',
    seed: 20251204,
    build: synthetic137,
  },
  {
    id: 'pid-exhaustion',
    title: 'The liveness probe that could not start',
    difficulty: 'advanced',
    summary:
      'A worker is restarted again and again by its liveness probe, yet it looks healthy and busy. Follow the failure from the kubelet down to what refused it, and say whether the restart fixed anything.',
    seed: 20251205,
    build: pidExhaustion,
  },
];

export function scenarioIds(): string[] {
  return SCENARIOS.map((s) => s.id);
}

/** public/scenarios/index.json: the scenarios in teaching order. */
export function scenarioIndex(): ScenarioEntry[] {
  return SCENARIOS.map(({ id, title, difficulty, summary }) => ({ id, title, difficulty, summary }));
}

/** A scenario's files and manifest; `seed` defaults to the one its committed folder was written with. */
export function buildScenario(id: string, seed?: number): BuiltScenario {
  const s = SCENARIOS.find((x) => x.id === id);
  if (!s) throw new Error(`no scenario ${id} (${scenarioIds().join(', ')})`);
  const { body, files } = s.build(seed ?? s.seed);
  // The list's words head the manifest (in this order, the order manifest.json is written in),
  // after the schema's reference.
  const { id: sid, title, difficulty, summary } = s;
  return {
    manifest: {
      $schema: MANIFEST_SCHEMA_REF,
      schemaVersion: SCENARIO_SCHEMA_VERSION,
      id: sid,
      title,
      difficulty,
      summary,
      ...body,
    },
    files,
  };
}
