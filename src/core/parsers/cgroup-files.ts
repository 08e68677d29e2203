// `cgroup-files`: cgroup interface files pasted with their names (FORMATS.md 7, 8.3). Reference:
// kernel Documentation/admin-guide/cgroup-v2.rst and cgroup-v1/memory.rst; mm/memcontrol.c
// (memory_events_show, memory_stat_format, mem_cgroup_oom_control_read), kernel/cgroup/pids.c.
//
// Every file is ASCII, one value or one `key value` pair per line. Pastes show them as:
//   grep output      `/sys/fs/cgroup/system.slice/myapp.service/memory.max:536870912` (one line per
//                    value line, the path before the first `:`), also `memory.events:oom_kill 3`
//   `path: value`    `memory.max: 536870912`
//   name, then values (`for f in memory.*; do echo $f; cat $f; done`):
//                    `memory.events` / `low 0` / `high 0` / ...
//   values alone     after `$ cat memory.events` or `==> memory.max <==` (the prompt or header is a
//                    segment cut: the echoed command reaches the parser as `ctx.command`)
//
// One event per file: the lines of one file are one record (`what: 'cgroup-file'`). Fields: `file`,
// `path` (as printed), `cgroup` (the cgroup's path in its hierarchy, as the kernel prints it in
// `oom_memcg=`), `cgroup_version`, `controller`, then `value` for one-value files, each key for
// `key value` files (`oom_kill: 3`), `pids` / `count` for cgroup.procs. Numbers are numbers;
// `max` stays the string 'max'; a value past 2^53 (v1's "unlimited" 9223372036854771712) stays
// its digits as a string, with `unlimited: true`.
//
// Detection never claims a lone number or ordinary `word 1` text: it needs a cgroup file name in
// the content (a grep path, a name line) or in the echoed command / file name, or the exact key
// sets of memory.events, memory.oom_control or memory.stat.
//
// Record-local: a record's fields come from its own lines and the context (`ctx.command`).

import { addCgroupEntities } from '../messages/ids.ts';
import { addEntity, type Reading } from '../messages/reading.ts';
import type { FieldValue, Severity } from '../model/event.ts';
import { isBlank, makeEvent } from './event-builder.ts';
import type { EventSink, LineParser, ParseContext, Parser } from './parser-api.ts';

// ---------------------------------------------------------------------------------------------
// File names.

// `memory.events`, `memory.swap.max`, `memory.kmem.tcp.limit_in_bytes`, `pids.current`,
// `cgroup.procs`, `cpu.cfs_quota_us` (FORMATS 7: the controllers' interface files, lower-case
// words), `hugetlb.2MB.max`, the `io.*` files by name (`io.kubernetes.pod.name` is a label, not
// a file), and v1's `tasks`.
const CONTROLLER =
  '(?:memory|memsw|pids|cgroup|cpu|cpuacct|cpuset|blkio|misc|rdma|freezer|net_cls|net_prio|devices|perf_event)';
const WORD = '[a-z][a-z0-9_]{0,40}';
const FILE_NAME_RE = new RegExp(
  String.raw`^(?:${CONTROLLER}\.${WORD}(?:\.${WORD}){0,2}|hugetlb\.\d{1,4}[KMG]B\.${WORD}(?:\.${WORD})?|io\.(?:stat|max|weight|pressure|latency|cost\.qos|cost\.model|bfq\.weight|prio\.class)|tasks)$`,
);

// Files only cgroup v1 has (memory.rst: the `_in_bytes` family, failcnt, oom_control, memsw, kmem).
const V1_ONLY_RE =
  /^(?:memory\.(?:\w+_in_bytes|failcnt|oom_control|memsw\..+|kmem\..+|use_hierarchy|swappiness|move_charge_at_immigrate|force_empty|pressure_level|soft_limit_in_bytes)|cpu\.(?:shares|cfs_\w+|rt_\w+)|cpuacct\..+|blkio\..+|freezer\..+|tasks)$/;
// Files only cgroup v2 has (cgroup-v2.rst).
const V2_ONLY_RE =
  /^(?:memory\.(?:current|peak|max|high|low|min|events|events\.local|swap\..+|zswap\..+|oom\.group|pressure|reclaim)|cgroup\.(?:events|controllers|subtree_control|type|max\.depth|max\.descendants|stat|freeze|kill|threads)|cpu\.(?:max|weight|weight\.nice|pressure|idle)|io\..+)$/;

/** The controller and (when the name alone tells) the cgroup version of a file name. */
function fileInfo(name: string): { controller: string; version?: 1 | 2 } {
  const dot = name.indexOf('.');
  const controller = dot < 0 ? 'cgroup' : name.slice(0, dot);
  if (V1_ONLY_RE.test(name)) return { controller, version: 1 };
  if (V2_ONLY_RE.test(name)) return { controller, version: 2 };
  return { controller };
}

/** The basename of a path-like token, when it is a cgroup file name. */
function cgroupFileOf(path: string): string | null {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return FILE_NAME_RE.test(base) ? base : null;
}

// `/sys/fs/cgroup/kubepods.slice/.../memory.max` (v2), `/sys/fs/cgroup/memory/kubepods/.../memory.limit_in_bytes`
// (v1: one mount per controller, `cpu,cpuacct` for co-mounted ones), `/sys/fs/cgroup/unified/...` (hybrid).
const CGROUP_MOUNT = '/sys/fs/cgroup';
const V1_MOUNTS = new Set([
  'memory',
  'pids',
  'cpu',
  'cpuacct',
  'cpu,cpuacct',
  'cpuacct,cpu',
  'cpuset',
  'blkio',
  'devices',
  'freezer',
  'hugetlb',
  'net_cls',
  'net_prio',
  'net_cls,net_prio',
  'perf_event',
  'rdma',
  'misc',
  'systemd',
  'name=systemd',
]);

/** The cgroup (hierarchy path) and version a file's absolute path names, if under /sys/fs/cgroup. */
function cgroupOfPath(path: string): { cgroup: string; version?: 1 | 2 } | null {
  if (!path.startsWith(`${CGROUP_MOUNT}/`)) return null;
  const dir = path.slice(CGROUP_MOUNT.length, path.lastIndexOf('/')) || '/';
  const parts = dir.split('/').filter(Boolean);
  if (parts.length > 0 && V1_MOUNTS.has(parts[0])) {
    return { cgroup: `/${parts.slice(1).join('/')}`, version: 1 };
  }
  if (parts[0] === 'unified') return { cgroup: `/${parts.slice(1).join('/')}`, version: 2 };
  // v1 mounts one directory per controller there, so anything else is the v2 tree.
  return { cgroup: dir, version: 2 };
}

// ---------------------------------------------------------------------------------------------
// Value lines.

// `536870912`, `-1` (v1 soft limit unset on old kernels), `max`
const SINGLE_RE = /^(?:-?\d{1,20}|max)$/;
// `oom_kill 3`, `max 12` (pids.events), `hierarchical_memory_limit 9223372036854771712`
const KV_RE = /^([a-z][a-z0-9_]{0,63}) (-?\d{1,20}|max)$/;
// `some avg10=0.00 avg60=0.00 avg300=0.00 total=0` (memory.pressure, cgroup-v2.rst PSI)
const PSI_RE = /^(some|full)((?: [a-z0-9]{1,10}=\d{1,20}(?:\.\d{1,6})?){1,8})$/;
// Any other one-line value of a named file: `max 100000` (cpu.max), `0-3,8` (cpuset.cpus),
// `cpuset cpu io memory pids` (cgroup.controllers), `domain threaded` (cgroup.type).
const TEXT_VALUE_RE = /^[\w.,:=/+-]{1,200}(?: [\w.,:=/+-]{1,200}){0,63}$/;

/** The keys of memory.events / memory.events.local (memory_events_show), any order. */
const EVENTS_KEYS = new Set(['low', 'high', 'max', 'oom', 'oom_kill', 'oom_group_kill', 'sock_throttled']);
/** memory.oom_control (v1): `oom_kill_disable 0`, `under_oom 0`, `oom_kill 4` (4.13+). */
const OOM_CONTROL_KEYS = new Set(['oom_kill_disable', 'under_oom', 'oom_kill']);

// Files whose lines are not numbers or `key number` pairs: the only ones a 'text' line may belong to
// (cgroup-v2.rst: cgroup.controllers, cgroup.type, cpu.max, cpuset.cpus, io.max / io.stat
// `8:0 rbytes=1 wbytes=2`, memory.numa_stat `anon N0=1`; v1: devices.list, blkio.*, cpuacct.*).
const TEXT_FILE_RE =
  /^(?:cgroup\.(?:controllers|subtree_control|type)|cpuset\.[a-z_]{1,40}(?:\.[a-z_]{1,40})?|cpu\.max(?:\.burst)?|io\.[a-z_.]{1,40}|memory\.numa_stat|rdma\.[a-z_]{1,40}|misc\.[a-z_]{1,40}|devices\.list|cpuacct\.[a-z_]{1,40}|blkio\.[a-z_.]{1,60})$/;

type LineShape = 'single' | 'kv' | 'psi' | 'text';

/** The shape of a value line; 'text' only for a file (path or name) whose lines may be any text. */
function shapeOf(v: string, file: string | null): LineShape | null {
  if (SINGLE_RE.test(v)) return 'single';
  if (KV_RE.test(v)) return 'kv';
  if (PSI_RE.test(v)) return 'psi';
  if (file !== null && TEXT_FILE_RE.test(file) && TEXT_VALUE_RE.test(v)) return 'text';
  return null;
}

/** A decimal as a number when exact (|n| < 2^53), else its digits; `max` stays 'max'. */
function typed(v: string): number | string {
  if (v === 'max') return 'max';
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
}

// ---------------------------------------------------------------------------------------------
// Line classification.

interface Prefixed {
  /** The path or name before the `:` (`/sys/fs/cgroup/x/memory.max`, `memory.max`). */
  path: string;
  file: string;
  value: string;
}

/**
 * `/sys/fs/cgroup/system.slice/myapp.service/memory.max:536870912` (grep), `memory.max: max`
 * (`path: value`), `memory.events:oom_kill 3`: the path is everything before the first `:`, with
 * no space in it; its basename must be a cgroup file name. Char scans only, no regex over the path.
 */
function prefixedOf(text: string): Prefixed | null {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon > 4096) return null;
  const path = text.slice(0, colon);
  if (path.indexOf(' ') >= 0 || path.indexOf('\t') >= 0) return null;
  const file = cgroupFileOf(path);
  if (!file) return null;
  let value = text.slice(colon + 1);
  if (value.charCodeAt(0) === 32) value = value.slice(1);
  return { path, file, value: value.trimEnd() };
}

/**
 * A line that is only a file name or path (`memory.events`, `/sys/fs/cgroup/x/pids.max`,
 * `# memory.stat`, `memory.stat:`), as `echo $f` prints it in a loop: the start of that file's values.
 */
function nameLineOf(text: string): string | null {
  let t = text.trim();
  if (t.startsWith('# ')) t = t.slice(2);
  if (t.endsWith(':')) t = t.slice(0, -1);
  if (t.length === 0 || t.length > 4096 || t.indexOf(' ') >= 0) return null;
  return cgroupFileOf(t) ? t : null;
}

/** The cgroup file named by an echoed command (`cat /sys/fs/cgroup/.../memory.events`), if exactly one. */
function fileOfCommand(command: string | undefined): string | null {
  if (!command) return null;
  let found: string | null = null;
  for (const tok of command.split(/\s+/)) {
    // `memory.events`, `"/sys/fs/cgroup/x/memory.max"`, `../memory.limit_in_bytes`
    const t = tok.replace(/^["']|["';]$/g, '');
    if (t.includes('*') || t.includes('{')) return null; // a glob: several files
    if (cgroupFileOf(t)) {
      if (found !== null && found !== t) return null;
      found = t;
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Records.

/** One open record: a file's lines. */
interface Rec {
  line: number;
  lineEnd: number;
  /** The path or name as printed (grep prefix, name line, or the echoed command's argument). */
  path: string | null;
  /** 'prefixed': grep lines of one path; 'named': a name line then values; 'bare': values only. */
  style: 'prefixed' | 'named' | 'bare';
  values: string[];
  /** Shape of the first value line (a bare record holds one shape). */
  shape: LineShape | null;
}

const MAX_PID_ENTITIES = 256;

function recordEvent(ctx: ParseContext, r: Rec, sink: EventSink): void {
  const fields: Record<string, FieldValue> = { what: 'cgroup-file' };
  const rd: Reading = { fields, entities: [] };
  let severity: Severity | undefined;
  let file = r.path ? cgroupFileOf(r.path) : null;
  if (r.path && file !== r.path) fields.path = r.path;
  // Key/value pairs and single values of the record.
  const kv: [string, string][] = [];
  const singles: string[] = [];
  const texts: string[] = [];
  // A text file's lines stay text (`max 100000` of cpu.max is quota and period, not a key).
  const textFile = file !== null && TEXT_FILE_RE.test(file);
  for (const v of r.values) {
    if (textFile && !SINGLE_RE.test(v)) {
      texts.push(v);
      continue;
    }
    const k = KV_RE.exec(v);
    if (k) {
      kv.push([k[1], k[2]]);
      continue;
    }
    if (SINGLE_RE.test(v)) {
      singles.push(v);
      continue;
    }
    const p = PSI_RE.exec(v);
    if (p) {
      // `some avg10=0.00 ...` -> some_avg10: 0, some_total: 0
      for (const pair of p[2].trim().split(' ')) {
        const eq = pair.indexOf('=');
        kv.push([`${p[1]}_${pair.slice(0, eq)}`, pair.slice(eq + 1)]);
      }
      continue;
    }
    texts.push(v);
  }
  // A bare record's file, from its keys when nothing named it (memory.events.local prints the same keys).
  let inferred = false;
  if (!file && kv.length > 0 && singles.length === 0 && texts.length === 0) {
    const keys = kv.map(([k]) => k);
    if (keys.every((k) => OOM_CONTROL_KEYS.has(k)) && keys.includes('oom_kill_disable'))
      file = 'memory.oom_control';
    else if (keys.length >= 3 && keys.every((k) => EVENTS_KEYS.has(k)) && keys.includes('oom'))
      file = 'memory.events';
    else if (isMemoryStat(keys)) file = 'memory.stat';
    inferred = file !== null;
  }
  if (file) fields.file = file;
  if (inferred) fields.file_inferred = true;
  const info = file ? fileInfo(file) : null;
  let version = info?.version;
  const where = r.path ? cgroupOfPath(r.path) : null;
  if (where) {
    fields.cgroup = where.cgroup;
    version ??= where.version;
  }
  if (file === 'memory.stat' && version === undefined) {
    const keys = new Set(kv.map(([k]) => k));
    if (keys.has('anon')) version = 2;
    else if (keys.has('cache') || keys.has('total_rss')) version = 1;
  }
  if (version !== undefined) fields.cgroup_version = version;
  if (info) fields.controller = info.controller;

  const isProcs = file === 'cgroup.procs' || file === 'cgroup.threads' || file === 'tasks';
  let summary: string;
  if (isProcs) {
    const pids = singles.filter((s) => s !== 'max');
    fields.count = pids.length;
    if (pids.length > 0) fields.pids = pids.join(' ');
    for (const p of pids.slice(0, MAX_PID_ENTITIES)) addEntity(rd, 'pid', p);
    summary = `${pids.length} pid${pids.length === 1 ? '' : 's'}${pids.length ? `: ${pids.slice(0, 8).join(' ')}` : ''}${pids.length > 8 ? ' …' : ''}`;
  } else {
    const stem = file ? file.slice(file.lastIndexOf('.') + 1) : 'value';
    for (const [k, v] of kv) {
      // A key named like one of ours (`file` in v2 memory.stat) gets the file's last name part.
      const key = k in fields ? `${stem}_${k}` : k;
      const n = v.includes('.') ? Number(v) : typed(v);
      if (!(key in fields)) fields[key] = n;
    }
    if (singles.length === 1 && kv.length === 0) {
      const v = typed(singles[0]);
      fields.value = v;
      if (v === 'max' || typeof v === 'string') fields.unlimited = true;
    } else if (singles.length > 1) {
      fields.values = singles.join(' ');
    }
    if (texts.length > 0 && !('value' in fields)) fields.value = texts.join('\n');
    const parts: string[] = [];
    for (const [k, v] of kv.slice(0, 8)) parts.push(`${k} ${v}`);
    if (kv.length > 8) parts.push(`… (${kv.length} keys)`);
    if (singles.length) parts.push(singles.slice(0, 8).join(' '));
    if (texts.length) parts.push(texts[0]);
    summary = parts.join(', ') || '(empty)';
    severity = severityOf(fields);
  }
  if (where) addCgroupEntities(rd, where.cgroup);
  const name = file ?? 'cgroup file';
  const message = `${name}${where ? ` of ${where.cgroup}` : ''}: ${summary}`;
  sink.event(
    makeEvent(ctx, {
      line: r.line,
      lineEnd: r.lineEnd,
      severity,
      message: ctx.columnsOnly ? '' : message,
      fields: ctx.columnsOnly ? {} : fields,
      entities: ctx.columnsOnly ? [] : rd.entities,
    }),
  );
}

/** v2 memory.stat starts `anon file kernel ...`; v1 `cache rss rss_huge ...` (FORMATS 7.1, 7.3). */
function isMemoryStat(keys: string[]): boolean {
  if (keys.length < 5) return false;
  const s = new Set(keys);
  return (s.has('anon') && s.has('file')) || (s.has('cache') && s.has('rss'));
}

/** OOM and fork-refusal counters above zero are worth a look; the rest is information. */
function severityOf(f: Record<string, FieldValue>): Severity | undefined {
  const pos = (k: string) => typeof f[k] === 'number' && (f[k] as number) > 0;
  if (f.file === 'memory.events' || f.file === 'memory.events.local' || f.file === 'memory.oom_control') {
    if (pos('oom_kill') || pos('oom') || pos('oom_group_kill') || pos('under_oom')) return 'warning';
  }
  if ((f.file === 'pids.events' || f.file === 'pids.events.local') && pos('max')) return 'warning';
  return undefined;
}

class CgroupFilesLineParser implements LineParser {
  private rec: Rec | null = null;
  /** The file the echoed command names (`cat memory.events`), for values with no name of their own. */
  private readonly commandFile: string | null;
  /** Its basename (`memory.events` of `/sys/fs/cgroup/x/memory.events`). */
  private readonly commandName: string | null;

  constructor(
    private readonly ctx: ParseContext,
    private readonly sink: EventSink,
  ) {
    // The echoed `cat .../memory.max`, else the `==> memory.max <==` header or the file's name.
    this.commandFile =
      fileOfCommand(ctx.command) ?? (ctx.fileName ? fileOfCommand(ctx.fileName.replace(/\.txt$/, '')) : null);
    this.commandName = this.commandFile === null ? null : cgroupFileOf(this.commandFile);
  }

  push(text: string, line: number): void {
    if (isBlank(text)) {
      this.flush();
      this.sink.skipped(line, 'blank');
      return;
    }
    const t = text.trimEnd();
    const name = nameLineOf(t);
    if (name !== null) {
      this.flush();
      this.rec = { line, lineEnd: line, path: name, style: 'named', values: [], shape: null };
      return;
    }
    const p = prefixedOf(t);
    if (p !== null) {
      const shape = p.value.length === 0 ? null : shapeOf(p.value, p.file);
      if (p.value.length > 0 && shape === null) {
        this.flush();
        this.sink.unparsed(line, `cgroup-files: \`${p.file}\` value is not a cgroup file value`);
        return;
      }
      const r = this.rec;
      if (r && r.style === 'prefixed' && r.path === p.path) {
        r.lineEnd = line;
        if (p.value.length > 0) r.values.push(p.value);
        return;
      }
      this.flush();
      this.rec = {
        line,
        lineEnd: line,
        path: p.path,
        style: 'prefixed',
        values: p.value.length > 0 ? [p.value] : [],
        shape,
      };
      return;
    }
    const v = t.trimStart();
    const r = this.rec;
    const named = r && r.style === 'named' && r.path !== null ? cgroupFileOf(r.path) : null;
    const shape = shapeOf(v, named ?? (r === null || r.style === 'bare' ? this.commandName : null));
    if (shape !== null && r && r.style === 'named') {
      // Any value shape belongs to the file named above it.
      r.lineEnd = line;
      r.values.push(v);
      r.shape ??= shape;
      return;
    }
    if (shape === 'single' || shape === 'kv' || shape === 'psi') {
      // Values with no name of their own: one record per run of one shape (`cat memory.events
      // memory.max` prints key-value lines, then a number).
      if (r && r.style === 'bare' && r.shape === shape) {
        r.lineEnd = line;
        r.values.push(v);
        return;
      }
      this.flush();
      this.rec = { line, lineEnd: line, path: this.commandFile, style: 'bare', values: [v], shape };
      return;
    }
    if (shape === 'text') {
      // `cat cgroup.controllers` -> `cpuset cpu io memory pids`: the command names a text file.
      if (r && r.style === 'bare' && r.shape === 'text') {
        r.lineEnd = line;
        r.values.push(v);
        return;
      }
      this.flush();
      this.rec = { line, lineEnd: line, path: this.commandFile, style: 'bare', values: [v], shape };
      return;
    }
    this.flush();
    this.sink.unparsed(
      line,
      'cgroup-files: not a cgroup file line (no `path:value`, file name or `key value` / number / `max` value)',
    );
  }

  end(): void {
    this.flush();
  }

  private flush(): void {
    const r = this.rec;
    if (!r) return;
    this.rec = null;
    recordEvent(this.ctx, r, this.sink);
  }
}

// ---------------------------------------------------------------------------------------------
// Detection.

/**
 * 0..1 from the head alone; `fileName` / `command` (a `==> memory.max <==` header, `$ cat
 * memory.events`) only raise a head whose lines all look like cgroup values.
 */
function detect(head: readonly string[], fileName?: string, command?: string): number {
  const hintPath = fileOfCommand(command) ?? (fileName !== undefined ? fileName.replace(/\.txt$/, '') : null);
  const hintFile = hintPath !== null ? cgroupFileOf(hintPath) : null;
  let n = 0;
  let named = 0; // lines that carry a cgroup file name (grep prefix, name line)
  let values = 0; // number / max / `key value` / PSI lines
  let texts = 0; // lines of a text file (cgroup.controllers) named above them or by the hint
  const keys: string[] = [];
  let eventsKeys = 0;
  let lastName: string | null = hintFile;
  for (const raw of head) {
    if (isBlank(raw)) continue;
    n++;
    const t = raw.trim();
    const name = nameLineOf(t);
    if (name !== null) {
      named++;
      lastName = cgroupFileOf(name);
      continue;
    }
    const p = prefixedOf(t);
    if (p !== null) {
      if (p.value.length === 0 || shapeOf(p.value, p.file) !== null) named++;
      continue;
    }
    const shape = shapeOf(t, lastName);
    if (shape === 'single' || shape === 'psi') values++;
    else if (shape === 'kv') {
      values++;
      const k = t.slice(0, t.indexOf(' '));
      keys.push(k);
      if (EVENTS_KEYS.has(k)) eventsKeys++;
    } else if (shape === 'text') texts++;
  }
  if (n === 0) return 0;
  const hinted = hintFile !== null;
  if (named > 0) {
    // Names in the content: the share of lines that are names or values.
    const fit = (named + values + texts) / n;
    return named >= 2 || values > 0 ? 0.95 * fit : 0.4 * fit;
  }
  if (values + texts === n && hinted) return 0.9;
  if (values !== n) return 0;
  // No name anywhere: only the key sets that say which file this is.
  if (keys.includes('oom_kill_disable') && keys.every((k) => OOM_CONTROL_KEYS.has(k))) return 0.9;
  if (eventsKeys >= 3 && eventsKeys === n && keys.includes('oom')) return 0.85;
  if (keys.length === n && isMemoryStat(keys)) return 0.85;
  return 0;
}

export const cgroupFilesParser: Parser = {
  id: 'cgroup-files',
  title: 'cgroup files (memory.*, pids.*)',
  version: 2,
  samples: [
    // FORMATS.md 7.1, examples/cgroup-v2-files.synthetic.txt (the grep form)
    `/sys/fs/cgroup/system.slice/myapp.service/memory.max:536870912
/sys/fs/cgroup/system.slice/myapp.service/memory.current:536608768
/sys/fs/cgroup/system.slice/myapp.service/pids.max:4915
/sys/fs/cgroup/system.slice/myapp.service/pids.current:4915
`,
    // FORMATS.md 7.1 memory.events (examples/cgroup-v2-files.synthetic.txt)
    `low 0
high 0
max 1532
oom 4
oom_kill 4
oom_group_kill 0
`,
    // FORMATS.md 7.3 memory.oom_control (examples/cgroup-v1-files.synthetic.txt)
    `oom_kill_disable 0
under_oom 0
oom_kill 4
`,
  ],
  detect,
  create: (ctx, sink) => new CgroupFilesLineParser(ctx, sink),
};
