// The generator's entry points: a full dataset (one file per output format, sized by --mb) and
// the bundled sample incident. Pure: files come back as chunk generators; the caller writes
// them (src/cli). Same options -> byte-identical output.
import type { FormatId } from '../model/event.ts';
import { bootPreamble, journalFiller, kernelFiller, podStart, podStop, Say } from './activities.ts';
import { civil, frac, isoSeconds, p6, utcMicros } from './clock.ts';
import { inspectElement, PS_HEADER, psCells, psLine, psOrder, psWidths } from './crictl-writer.ts';
import { type DmesgMode, DmesgWriter } from './dmesg-writer.ts';
import { containerOom, hostOom, type Incident, type IncidentContext, shimOom } from './incidents.ts';
import { type JournalMode, JournalWriter } from './journal-writer.ts';
import {
  type ContainerView,
  DAEMONSETS,
  makeNode,
  type NodeModel,
  type Pod,
  PodFactory,
  type Qos,
  type Rec,
  type Source,
  systemProcesses,
} from './node-model.ts';
import { mixSeed, Rng } from './random.ts';
import { SyslogWriter } from './syslog-writer.ts';
import { type Background, type LogSpec, type LogStats, type PodEvent, streamLog } from './timeline.ts';
import type { FileTruth, IncidentTruth, KeyLine, Truth } from './truth.ts';

export const GENERATOR_VERSION = 1;

export interface DatasetOptions {
  seed: number;
  /** Target size of each log file in MB (10^6 bytes). */
  mb: number;
  hours?: number;
  /** Also grow crictl-ps.txt and crictl-inspect.json to about `mb` (benchmarks). */
  bigTables?: boolean;
}

export interface OutputFile {
  name: string;
  format: FormatId;
  command: string;
  /** The file's text in chunks; call once. */
  chunks: () => Generator<string>;
}

export interface Dataset {
  files: OutputFile[];
  /** Complete once every file's chunks have been consumed (line numbers are counted while writing). */
  truth: () => Truth;
}

type IncidentKind = IncidentTruth['kind'];

/** A pod an incident needs besides its victim (scenarios.ts): started with the others, never churned. */
export interface CompanionPlan {
  app: string;
  qos: Qos;
  memMib: number;
  /** The kubelet's oom_score_adj for it (a Burstable pod's follows its memory request). */
  oomScoreAdj: number;
}

export interface IncidentPlan {
  /** The incident's id: the dataset's three kinds, or a scenario's own. */
  kind: string;
  /** Fraction of the span. */
  at: number;
  app: string;
  qos: Qos;
  memMib: number;
  /** Pods the incident needs besides its victim (a memory hog for a host OOM). */
  companions?: CompanionPlan[];
  /** The incident itself; absent: the dataset's three, by kind. */
  run?: (ctx: IncidentContext, pod: Pod, t0: number, companions: readonly Pod[]) => Incident;
}

export interface PlanConfig {
  seed: number;
  hours: number;
  basePods: number;
  incidents: IncidentPlan[];
  churnMinutes: [number, number];
}

export interface NodePlan {
  seed: number;
  hours: number;
  node: NodeModel;
  say: Say;
  background: Background;
  snapshotUs: number;
  containers: ContainerView[];
  incidents: IncidentTruth[];
  /** When each incident's container died (epoch µs), by incident id. */
  deaths: Map<string, number>;
  /** Each incident's companion pods (IncidentPlan.companions), by incident id. */
  companions: Map<string, Pod[]>;
}

const INCIDENT_PODS: Record<IncidentKind, Omit<IncidentPlan, 'kind' | 'at'>> = {
  'shim-oom': { app: 'checkout', qos: 'guaranteed', memMib: 1536 },
  'container-oom': { app: 'worker', qos: 'burstable', memMib: 768 },
  'host-oom': { app: 'metrics-agent', qos: 'besteffort', memMib: 0 },
};

function incidentPlan(kind: IncidentKind, at: number): IncidentPlan {
  return { kind, at, ...INCIDENT_PODS[kind] };
}

export function planNode(cfg: PlanConfig): NodePlan {
  const rng = new Rng(mixSeed(cfg.seed, 1));
  // A fixed week, so year-less formats read right with --year 2025.
  const bootUs = utcMicros(2025, 11, 24, 6, 0, 0) + rng.int(0, 3599) * 1_000_000 + rng.int(0, 999_999);
  const node = makeNode(rng, bootUs);
  node.sysProcs = systemProcesses(node, rng);
  const say = new Say(node);
  const factory = new PodFactory(rng, 2100);
  const fixed: Rec[] = bootPreamble(say, rng);
  const spanUs = cfg.hours * 3_600_000_000;
  const endUs = bootUs + spanUs;
  const snapshotUs = endUs + 30_000_000;

  // Pods scheduled right after boot: the incident victims first, then the rest.
  const started: Pod[] = [];
  // Companions run like any pod (probes, the task table) but the churn leaves them alone.
  const pinned = new Set<Pod>();
  const companionsOf = new Map<string, Pod[]>();
  let t = bootUs + 20_000_000;
  for (const inc of cfg.incidents) {
    const pod = factory.make(t, inc.app);
    pod.qos = inc.qos;
    pod.memLimit = inc.memMib * 1024 * 1024;
    pod.oomScoreAdj = inc.qos === 'guaranteed' ? -997 : inc.qos === 'besteffort' ? 1000 : rng.int(900, 999);
    pod.incident = inc.kind;
    started.push(pod);
    for (const c of inc.companions ?? []) {
      const other = factory.make(t, c.app);
      other.qos = c.qos;
      other.memLimit = c.memMib * 1024 * 1024;
      other.oomScoreAdj = c.oomScoreAdj;
      pinned.add(other);
      started.push(other);
      companionsOf.set(inc.kind, [...(companionsOf.get(inc.kind) ?? []), other]);
    }
  }
  for (const app of DAEMONSETS) started.push(factory.make(t, app));
  for (let i = started.length; i < cfg.basePods; i++) started.push(factory.make(t));
  for (const pod of rng.chance(0.5) ? started : [...started].reverse()) {
    pod.createdUs = t;
    fixed.push(...podStart(say, t, pod, rng, rng.chance(0.5)));
    t += rng.int(800_000, 2_500_000);
  }
  const fillStart = t + 5_000_000;

  // Background churn: deployments roll, a pod goes, another comes.
  const alive = started.filter((p) => !p.incident);
  const initialPods = [...alive];
  const podEvents: PodEvent[] = [];
  let c = fillStart + rng.int(cfg.churnMinutes[0], cfg.churnMinutes[1]) * 60_000_000;
  const churnable = (): number[] =>
    alive.flatMap((p, i) => (DAEMONSETS.includes(p.app) || pinned.has(p) ? [] : [i]));
  while (c < endUs - 10 * 60_000_000 && churnable().length > 0) {
    const i = rng.pick(churnable());
    const gone = alive[i];
    const fresh = factory.make(c + 5_000_000, gone.app);
    fixed.push(...podStop(say, c, gone, rng), ...podStart(say, c + 5_000_000, fresh, rng));
    podEvents.push({ t: c, remove: gone }, { t: c + 20_000_000, add: fresh });
    alive[i] = fresh;
    c += rng.int(cfg.churnMinutes[0], cfg.churnMinutes[1]) * 60_000_000;
  }

  // Incidents, in time order; the host OOM's task table lists whatever runs at that moment.
  const current = new Map<string, Pod>(started.filter((p) => p.incident).map((p) => [p.incident!, p]));
  const containers: ContainerView[] = [];
  const truths: IncidentTruth[] = [];
  const deaths = new Map<string, number>();
  const irng = new Rng(mixSeed(cfg.seed, 2));
  for (const inc of [...cfg.incidents].sort((a, b) => a.at - b.at)) {
    const t0 = bootUs + Math.floor(spanUs * inc.at) + irng.int(-300, 300) * 1_000_000 + irng.int(0, 999_999);
    const ctx: IncidentContext = {
      say,
      node,
      rng: irng,
      alive: () => [...aliveAt(initialPods, podEvents, t0), ...current.values()],
    };
    const pod = current.get(inc.kind)!;
    let result: Incident;
    if (inc.run) result = inc.run(ctx, pod, t0, companionsOf.get(inc.kind) ?? []);
    else if (inc.kind === 'shim-oom') result = shimOom(ctx, pod, t0);
    else if (inc.kind === 'container-oom') result = containerOom(ctx, pod, t0);
    else result = hostOom(ctx, pod, t0);
    fixed.push(...result.recs);
    containers.push(...result.containers);
    if (result.truth) truths.push(result.truth);
    const at = result.at ?? result.truth?.killedAtUs;
    if (at !== undefined) deaths.set(inc.kind, at);
    current.set(inc.kind, result.podAfter);
  }
  for (const p of aliveAt(initialPods, podEvents, endUs)) {
    containers.push({
      pod: p,
      id: p.containerId,
      sandboxId: p.sandboxId,
      attempt: p.attempt,
      createdUs: p.createdUs + 400_000,
      startedUs: p.createdUs + 600_000,
      finishedUs: 0,
      state: 'CONTAINER_RUNNING',
      exitCode: 0,
      reason: '',
      pid: p.appPid,
    });
  }
  return {
    seed: cfg.seed,
    hours: cfg.hours,
    node,
    say,
    background: { fixed, fillStart, fillEnd: endUs, initialPods, podEvents },
    snapshotUs,
    containers,
    incidents: truths,
    deaths,
    companions: companionsOf,
  };
}

export function aliveAt(initial: readonly Pod[], events: readonly PodEvent[], t: number): Pod[] {
  const pods = [...initial];
  for (const ev of events) {
    if (ev.t > t) break;
    if (ev.remove) pods.splice(pods.indexOf(ev.remove), 1);
    if (ev.add) pods.push(ev.add);
  }
  return pods;
}

const JOURNAL_MODES: JournalMode[] = [
  'short',
  'short-full',
  'short-iso',
  'short-iso-precise',
  'short-precise',
  'short-monotonic',
  'short-unix',
  'cat',
  'json',
];
const DMESG_MODES: [DmesgMode, FormatId, string][] = [
  ['raw', 'dmesg-raw', 'dmesg'],
  ['level', 'dmesg-level', 'dmesg -r'],
  ['decode', 'dmesg-decode', 'dmesg -x'],
  ['ctime', 'dmesg-ctime', 'dmesg -T'],
  ['iso', 'dmesg-iso', 'dmesg --time-format iso'],
  ['reltime', 'dmesg-reltime', 'dmesg -e'],
  ['delta', 'dmesg-delta', 'dmesg --time-format delta'],
  ['notime', 'dmesg-notime', 'dmesg -t'],
];

export const isKernel = (r: Rec): boolean => r.src.transport === 'kernel';
const all = (): boolean => true;

/** Collects file stats and key lines while files are written, then assembles truth.json. */
export class TruthBuilder {
  readonly files: FileTruth[] = [];
  private readonly keys = new Map<string, KeyLine[]>();

  constructor(
    private readonly plan: NodePlan,
    private readonly mb: number,
  ) {
    for (const inc of plan.incidents) this.keys.set(inc.id, []);
  }

  addKey(incident: string, key: KeyLine): void {
    // truth.json lists the plan's incidents only; a scenario's marks are kept for keyLinesOf.
    const list = this.keys.get(incident);
    if (list) list.push(key);
    else this.keys.set(incident, [key]);
  }

  /** The marked lines of one incident (or scenario mark set), once its files are written. */
  keyLinesOf(incident: string): readonly KeyLine[] {
    return this.keys.get(incident) ?? [];
  }

  logFile(name: string, format: FormatId, command: string, stats: LogStats): void {
    this.files.push({
      name,
      format,
      command,
      bytes: stats.bytes,
      lines: stats.lines,
      records: stats.records,
    });
    for (const k of stats.keys) {
      const mark = k.rec.key!;
      this.addKey(mark.incident, { id: mark.id, file: name, line: k.line, contains: mark.contains });
    }
  }

  build(): Truth {
    const p = this.plan;
    return {
      generator: `rca-workbench generate v${GENERATOR_VERSION}`,
      seed: p.seed,
      mb: this.mb,
      hours: p.hours,
      host: p.node.host,
      bootId: p.node.bootId,
      bootAt: `${isoSeconds(p.node.bootUs)}.${p6(frac(p.node.bootUs))}Z`,
      bootUs: p.node.bootUs,
      utcOffsetMinutes: 0,
      year: civil(p.node.bootUs).year,
      snapshotAt: `${isoSeconds(p.snapshotUs)}Z`,
      files: this.files,
      incidents: p.incidents.map((inc) => ({ ...inc, keyLines: this.keys.get(inc.id) ?? [] })),
    };
  }
}

/** What differs between one generated log file and another: its renderer, filter and filler. */
interface LogShape {
  name: string;
  format: FormatId;
  command: string;
  budget: { unit: 'bytes' | 'lines' | 'records'; amount: number };
  salt: number;
  keep: (r: Rec) => boolean;
  /** A fresh renderer; two are made, one to write and one to measure. */
  renderer: () => { render: (r: Rec) => string };
  filler: LogSpec['filler'];
}

function logFile(plan: NodePlan, tb: TruthBuilder, shape: LogShape): OutputFile {
  const { name, format, command } = shape;
  return {
    name,
    format,
    command,
    chunks: function* () {
      const stats: LogStats = { bytes: 0, lines: 0, records: 0, keys: [] };
      const w = shape.renderer();
      const m = shape.renderer();
      yield* streamLog(
        plan.background,
        {
          render: (r) => w.render(r),
          measure: (r) => m.render(r),
          keep: shape.keep,
          filler: shape.filler,
          seed: mixSeed(plan.seed, shape.salt),
          budget: shape.budget,
        },
        stats,
      );
      tb.logFile(name, format, command, stats);
    },
  };
}

export function journalFile(
  plan: NodePlan,
  tb: TruthBuilder,
  mode: JournalMode,
  name: string,
  command: string,
  budget: { unit: 'bytes' | 'lines' | 'records'; amount: number },
  salt: number,
  keep: (r: Rec) => boolean = all,
  /** The background drawn between the fixed records; `journalctl -k` draws dmesg's (kernelFiller). */
  filler: LogShape['filler'] = (t, pods, rng) => journalFiller(plan.say, t, pods, rng),
): OutputFile {
  return logFile(plan, tb, {
    name,
    format: `journalctl-${mode}` as FormatId,
    command,
    budget,
    salt,
    keep,
    renderer: () => new JournalWriter(plan.node, mode),
    filler,
  });
}

export function dmesgFile(
  plan: NodePlan,
  tb: TruthBuilder,
  mode: DmesgMode,
  format: FormatId,
  name: string,
  command: string,
  budget: { unit: 'bytes' | 'lines' | 'records'; amount: number },
  salt: number,
): OutputFile {
  return logFile(plan, tb, {
    name,
    format,
    command,
    budget,
    salt,
    keep: isKernel,
    renderer: () => new DmesgWriter(plan.node, mode),
    filler: (t, pods, rng) => kernelFiller(plan.say, t, pods, rng),
  });
}

/**
 * /var/log/messages (rsyslog, `*.info`): every daemon's records and the kernel's through imklog,
 * drawn from the same records and background as the journals.
 */
function syslogFile(
  plan: NodePlan,
  tb: TruthBuilder,
  name: string,
  command: string,
  budget: { unit: 'bytes' | 'lines' | 'records'; amount: number },
  salt: number,
): OutputFile {
  return logFile(plan, tb, {
    name,
    format: 'syslog-rfc3164',
    command,
    budget,
    salt,
    keep: (r) => r.prio <= 6,
    renderer: () => new SyslogWriter(plan.node),
    filler: (t, pods, rng) => journalFiller(plan.say, t, pods, rng),
  });
}

/**
 * One daemon's own log file, as it writes it to stderr (a bare containerd log: logrus text; a
 * bare kubelet log: klog): the records' MESSAGE is that text already (`journalctl -o cat` of
 * the unit shows the same lines). A kubelet `key=<` value spans several records, one per line,
 * as journald stores it; written out one after the other they are klog's multi-line value.
 */
function daemonLogFile(
  plan: NodePlan,
  tb: TruthBuilder,
  src: Source,
  format: FormatId,
  name: string,
  command: string,
  budget: { unit: 'bytes' | 'lines' | 'records'; amount: number },
  salt: number,
): OutputFile {
  const own = { render: (r: Rec): string => `${r.msg}\n` };
  const keep = (r: Rec): boolean => r.src === src;
  return logFile(plan, tb, {
    name,
    format,
    command,
    budget,
    salt,
    keep,
    renderer: () => own,
    // The journal's activities, drawn until one has a line of this daemon: an activity that
    // leaves nothing still moves the budget (see streamLog), which would leave the file short.
    filler: (t, pods, rng) => {
      for (let i = 0; i < 64; i++) {
        const recs = journalFiller(plan.say, t, pods, rng);
        if (recs.some(keep)) return recs;
      }
      return [];
    },
  });
}

/** Old exited batch containers (from before the boot) that only make the tables big. */
function extraContainer(seed: number, i: number, bootUs: number): ContainerView {
  const r = new Rng(mixSeed(seed, 0x100000 + i));
  const uid = r.uuid();
  const pod: Pod = {
    app: 'batch-job',
    ns: 'batch',
    name: `batch-job-${String(i).padStart(7, '0')}-${r.suffix(5)}`,
    uid,
    qos: 'burstable',
    sandboxId: r.hex(64),
    containerId: r.hex(64),
    attempt: 0,
    image: 'registry.example.com/shop/batch-job:2.4.1',
    imageId: 'c3f1a2b4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f80',
    repoDigest: '9a8b7c6d5e4f30211f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a7988',
    imageSize: 61_234_567,
    ip: '10.244.9.9',
    veth: 'veth00000000',
    bridgePort: 0,
    shimPid: 0,
    pausePid: 0,
    appPid: 0,
    comm: 'batch-job',
    memLimit: 268_435_456,
    oomScoreAdj: 980,
    createdUs: bootUs - (i + 1) * 61_000_000,
  };
  return {
    pod,
    id: pod.containerId,
    sandboxId: pod.sandboxId,
    attempt: 0,
    createdUs: pod.createdUs,
    startedUs: pod.createdUs + 300_000,
    finishedUs: pod.createdUs + 45_000_000,
    state: 'CONTAINER_EXITED',
    exitCode: 0,
    reason: 'Completed',
    pid: 0,
  };
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

const CHUNK = 1 << 20;

export function crictlPsFile(plan: NodePlan, tb: TruthBuilder, name: string, extraBytes: number): OutputFile {
  const command = 'crictl ps -a';
  return {
    name,
    format: 'crictl-ps',
    command,
    chunks: function* () {
      const now = plan.snapshotUs;
      const rows = psOrder(plan.containers);
      const cells = rows.map((c) => psCells(c, now));
      const extra = extraBytes > 0 ? psCells(extraContainer(plan.seed, 0, plan.node.bootUs), now) : null;
      // The widest cells an extra row can have, so columns are known before the rows stream.
      const widest = extra ? [...extra.slice(0, 2), 'About a minute ago', ...extra.slice(3)] : null;
      const widths = psWidths([PS_HEADER, ...cells, ...(widest ? [widest] : [])]);
      let buf = psLine(PS_HEADER, widths);
      let lines = 1;
      let bytes = buf.length;
      cells.forEach((row, i) => {
        const line = psLine(row, widths);
        buf += line;
        bytes += line.length;
        lines++;
        const c = rows[i];
        if (c.incident)
          tb.addKey(c.incident, { id: 'crictl.ps-row', file: name, line: lines, contains: [row[0], row[3]] });
      });
      for (let i = 0; bytes < extraBytes; i++) {
        const line = psLine(psCells(extraContainer(plan.seed, i, plan.node.bootUs), now), widths);
        buf += line;
        bytes += line.length;
        lines++;
        if (buf.length >= CHUNK) {
          yield buf;
          buf = '';
        }
      }
      yield buf;
      tb.files.push({ name, format: 'crictl-ps', command, bytes, lines, records: lines - 1 });
    },
  };
}

export function crictlInspectFile(
  plan: NodePlan,
  tb: TruthBuilder,
  name: string,
  chosen: readonly ContainerView[],
  extraBytes: number,
): OutputFile {
  const command = `crictl inspect ${chosen.map((c) => c.id.slice(0, 13)).join(' ')}`;
  return {
    name,
    format: 'crictl-inspect',
    command,
    chunks: function* () {
      let buf = '';
      let bytes = 0;
      let newlines = 0;
      let records = 0;
      const put = (s: string): void => {
        buf += s;
        bytes += s.length;
        newlines += countNewlines(s);
      };
      const add = (c: ContainerView): void => {
        put(records === 0 ? '[\n' : ',\n');
        const el = inspectElement(c);
        if (c.incident) {
          const at = el.split('\n').findIndex((l) => l.includes(`"id": "${c.id}"`));
          tb.addKey(c.incident, {
            id: 'crictl.inspect-id',
            file: name,
            line: newlines + 1 + at,
            contains: [`"id": "${c.id}"`],
          });
        }
        put(el);
        records++;
      };
      for (const c of chosen) add(c);
      for (let i = 0; bytes < extraBytes; i++) {
        add(extraContainer(plan.seed, i, plan.node.bootUs));
        if (buf.length >= CHUNK) {
          yield buf;
          buf = '';
        }
      }
      put('\n]\n');
      yield buf;
      tb.files.push({ name, format: 'crictl-inspect', command, bytes, lines: newlines, records });
    },
  };
}

/** The inspected containers: every incident's, plus a few healthy ones for contrast. */
export function inspectChoice(plan: NodePlan, healthy: number): ContainerView[] {
  const inc = plan.containers.filter((c) => c.pod.incident);
  const others = plan.containers.filter((c) => !c.pod.incident).slice(0, healthy);
  return [...inc, ...others];
}

export function createDataset(opts: DatasetOptions): Dataset {
  const hours = opts.hours ?? 6;
  const plan = planNode({
    seed: opts.seed,
    hours,
    basePods: 30,
    incidents: [
      incidentPlan('shim-oom', 0.35),
      incidentPlan('container-oom', 0.6),
      incidentPlan('host-oom', 0.82),
    ],
    churnMinutes: [6, 14],
  });
  const tb = new TruthBuilder(plan, opts.mb);
  const budget = { unit: 'bytes' as const, amount: Math.round(opts.mb * 1e6) };
  const files: OutputFile[] = [];
  JOURNAL_MODES.forEach((mode, i) => {
    const command = mode === 'short' ? 'journalctl -b' : `journalctl -b -o ${mode}`;
    files.push(journalFile(plan, tb, mode, `journalctl-${mode}.log`, command, budget, 100 + i));
  });
  DMESG_MODES.forEach(([mode, format, command], i) => {
    files.push(dmesgFile(plan, tb, mode, format, `${format}.log`, command, budget, 200 + i));
  });
  const tables = opts.bigTables ? budget.amount : 0;
  files.push(crictlPsFile(plan, tb, 'crictl-ps.txt', tables));
  files.push(crictlInspectFile(plan, tb, 'crictl-inspect.json', inspectChoice(plan, 2), tables));
  // The issue-3 formats come last, so the files above (and their order in truth.json) stay as
  // they were; each has its own filler seed, so adding them changed no other file.
  const src = plan.node.sources;
  files.push(syslogFile(plan, tb, 'syslog-rfc3164.log', 'cat /var/log/messages', budget, 300));
  files.push(
    daemonLogFile(
      plan,
      tb,
      src.containerd,
      'containerd-logfmt',
      'containerd-logfmt.log',
      'cat /var/log/containerd/containerd.log',
      budget,
      301,
    ),
  );
  files.push(
    daemonLogFile(plan, tb, src.kubelet, 'klog', 'klog.log', 'cat /var/log/kubelet.log', budget, 302),
  );
  return { files, truth: () => tb.build() };
}

export const SAMPLE_SEED = 20251124;

export interface SampleManifest {
  title: string;
  description: string;
  /**
   * The node's clock for the year-less and zone-less files, when the manifest states it. The
   * bundled sample leaves it out on purpose: the engine infers the journal's year from crictl's
   * RFC 3339 times and its zone from containerd's own stamps, as it would for a real paste.
   */
  clock?: { year: number; utcOffsetMinutes: number };
  files: { name: string; format: FormatId; command: string }[];
}

/**
 * The bundled sample (public/sample): one containerd shim killed by a memcg OOM, told
 * consistently by five files of a few hundred lines each, on three clocks: crictl's RFC 3339
 * times, the journal's year-less and zone-less stamps, and dmesg's seconds since boot.
 */
export function createSample(): Dataset & { manifest: SampleManifest } {
  const plan = planNode({
    seed: SAMPLE_SEED,
    hours: 1.5,
    basePods: 9,
    incidents: [incidentPlan('shim-oom', 0.62)],
    churnMinutes: [18, 30],
  });
  const tb = new TruthBuilder(plan, 0);
  const units = new Set(['containerd.service', 'kubelet.service']);
  // `journalctl -u containerd -u kubelet`: the daemons' own lines plus PID 1's lines about them.
  const unitFilter = (r: Rec): boolean =>
    units.has(r.unit ?? '') || (r.src.pid !== 1 && units.has(r.src.unit ?? ''));
  const files: OutputFile[] = [
    crictlPsFile(plan, tb, 'crictl-ps-a.txt', 0),
    crictlInspectFile(plan, tb, 'crictl-inspect.json', inspectChoice(plan, 0), 0),
    journalFile(
      plan,
      tb,
      'short',
      'journalctl-containerd-kubelet.txt',
      'journalctl -u containerd -u kubelet',
      { unit: 'lines', amount: 420 },
      101,
      unitFilter,
    ),
    // `journalctl -k`: the kernel's lines as journald stamped them (wall clock, no year, no
    // zone), next to the raw `dmesg` (seconds since boot): the pair the clock panel aligns.
    journalFile(
      plan,
      tb,
      'short',
      'journalctl-k.txt',
      'journalctl -k',
      { unit: 'records', amount: 320 },
      // dmesg's salt, budget in records and filler: the same kernel records as dmesg.txt, as on
      // a real node.
      204,
      isKernel,
      (t, pods, rng) => kernelFiller(plan.say, t, pods, rng),
    ),
    dmesgFile(plan, tb, 'raw', 'dmesg-raw', 'dmesg.txt', 'dmesg', { unit: 'records', amount: 320 }, 204),
  ];
  const inc = plan.incidents[0];
  const manifest: SampleManifest = {
    title: 'containerd shim killed by the OOM killer',
    description: `Node ${plan.node.host}: pod ${inc.pod} goes down at ${inc.killedAt.slice(11, 19)} UTC. crictl shows its container ${inc.containerId.slice(0, 13)} UNKNOWN, containerd logs "shim disconnected" and exit 137, and dmesg holds a memory-cgroup OOM kill. Find out what was killed, by whom, and why.`,
    files: files.map((f) => ({ name: f.name, format: f.format, command: f.command })),
  };
  return { files, truth: () => tb.build(), manifest };
}
