// Second pass over messages written by systemd (FORMATS.md section 6.4): PID 1 and user
// managers log unit state changes through log_unit_*(), which prefixes the unit name
// (`containerd.service: Main process exited, code=killed, status=9/KILL`); job messages
// (`Started ...`, `Stopping ...`) carry the description instead; systemd-oomd names the cgroups it
// kills. Also the cgroup tree of `systemctl status` (`└─12678 /pause`), which is systemd's output.
// Record-local: each message is read on its own.
//
// Every regex is anchored, with bounded repetitions or ones that stop at a character they cannot
// match; a first-character switch and startsWith checks reject foreign text before any of them.
import { addCgroupEntities, namesInCgroup } from './ids.ts';
import type { Reading } from './reading.ts';
import { addEntity, setField } from './reading.ts';

// ---------------------------------------------------------------------------------------------
// Values: systemd time spans and byte sizes
// ---------------------------------------------------------------------------------------------

// One part of a systemd time span (format_timespan, src/basic/time-util.c): `1min`, `2.345s`,
// `1h`, `150ms`, `3us`, `2w`, `1month`, `1y`.
const SPAN_PART_RE = /^(\d{1,12}(?:\.\d{1,9})?)(y|month|w|d|h|min|s|ms|us|µs|ns)$/;
const SPAN_SECONDS: Record<string, number> = {
  y: 31_557_600,
  month: 2_629_800,
  w: 604_800,
  d: 86_400,
  h: 3_600,
  min: 60,
  s: 1,
  ms: 1e-3,
  us: 1e-6,
  µs: 1e-6,
  ns: 1e-9,
};

/** `1h 6min 29.112s` -> 3989.112 (seconds, rounded to microseconds), or undefined. */
export function timespanSeconds(text: string): number | undefined {
  const parts = text.trim().split(/ +/);
  if (parts.length === 0 || parts.length > 8) return undefined;
  let total = 0;
  for (const p of parts) {
    const m = SPAN_PART_RE.exec(p);
    if (!m) return undefined;
    total += Number(m[1]) * SPAN_SECONDS[m[2]];
  }
  return Math.round(total * 1e6) / 1e6;
}

// A size as format_bytes prints it (src/basic/format-util.c, base 1024): `1.9G`, `412.0M`, `0B`, `4.0K`.
const SIZE_RE = /^(\d{1,15}(?:\.\d{1,3})?)([KMGTPE]?)B?$/;
const SIZE_POWER: Record<string, number> = { '': 0, K: 1, M: 2, G: 3, T: 4, P: 5, E: 6 };

/** `1.9G` -> bytes (rounded; the printed value is itself rounded), or undefined. */
export function sizeBytes(text: string): number | undefined {
  const m = SIZE_RE.exec(text.trim());
  if (!m) return undefined;
  const v = Math.round(Number(m[1]) * 1024 ** SIZE_POWER[m[2]]);
  return Number.isSafeInteger(v) ? v : undefined;
}

function int(s: string | undefined): number | undefined {
  if (s === undefined || !/^-?\d{1,15}$/.test(s)) return undefined;
  return Number(s);
}

function what(r: Reading, id: string): true {
  setField(r, 'what', id);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Units
// ---------------------------------------------------------------------------------------------

const UNIT_SUFFIX = '(?:service|scope|slice|socket|mount|timer|target|path|device|swap|automount)';
// A unit name (unit_name_is_valid: letters, digits, `:-_.\@`, at most 255 characters).
const UNIT_NAME = `[A-Za-z0-9:_.\\\\@-]{1,250}\\.${UNIT_SUFFIX}`;
// `containerd.service: Main process exited, code=killed, status=9/KILL` (log_unit_* prefix, FORMATS.md 6.4)
const UNIT_PREFIX_RE = new RegExp(`^(${UNIT_NAME}): `);
const UNIT_ONLY_RE = new RegExp(`^${UNIT_NAME}$`);
// `Started containerd.service - containerd container runtime.` (systemd 253+: `<unit> - <description>`)
const UNIT_DESCRIPTION_RE = new RegExp(`^(${UNIT_NAME}) - (.{1,512})$`);
// Old syslog lines (systemd v219, CentOS 7): `Unit myapp.service entered failed state.`, `myapp.service failed.`
const UNIT_ENTERED_FAILED_RE = new RegExp(`^Unit (${UNIT_NAME}) entered failed state\\.$`);
const UNIT_FAILED_OLD_RE = new RegExp(`^(${UNIT_NAME}) failed\\.$`);

/** The unit entity, and the pod / container a kubepods slice or a runtime scope names. */
function addUnit(r: Reading, unit: string): void {
  addEntity(r, 'unit', unit);
  const n = namesInCgroup(unit);
  if (n.podUid) addEntity(r, 'pod', n.podUid);
  if (n.containerId) addEntity(r, 'container', n.containerId);
}

// `libcontainer container 4f2c9b7e...` (runc's scope description) names the container.
const LIBCONTAINER_RE = /(?:^|\s)libcontainer container ([0-9a-f]{64})$/;

/** A job message's object: `<unit> - <description>`, a bare unit name, or a description. */
function readJobObject(object: string, r: Reading): void {
  const d = UNIT_DESCRIPTION_RE.exec(object);
  if (d) {
    addUnit(r, d[1]);
    setField(r, 'description', d[2]);
  } else if (UNIT_ONLY_RE.test(object)) {
    addUnit(r, object);
  } else {
    setField(r, 'description', object);
  }
  const c = LIBCONTAINER_RE.exec(d ? d[2] : object);
  if (c) addEntity(r, 'container', c[1]);
}

// ---------------------------------------------------------------------------------------------
// Unit messages (after `<unit>: `)
// ---------------------------------------------------------------------------------------------

// `Main process exited, code=killed, status=9/KILL`, `main process exited, code=exited, status=1/FAILURE`
// (v219), `Control process exited, code=exited, status=203/EXEC`, `... status=143/n/a` (service.c)
const PROCESS_EXITED_RE =
  /^([Mm]ain|[Cc]ontrol) process exited, code=(exited|killed|dumped|trapped|stopped|continued), status=(\d{1,10})\/([A-Za-z0-9_/+-]{1,32})$/;
// `Failed with result 'oom-kill'.`
const FAILED_RESULT_RE = /^Failed with result '([a-z-]{1,40})'\.$/;
// `Killing process 2211 (myapp) with signal SIGKILL.` (cgroup.c / unit.c)
const KILLING_RE = /^Killing process (\d{1,10}) \((.{0,64})\) with signal (SIG[A-Z0-9+-]{2,12})\.$/;
// `Scheduled restart job, restart counter is at 5.`
const RESTART_RE = /^Scheduled restart job, restart counter is at (\d{1,10})\.$/;
// `State 'stop-sigterm' timed out. Killing.` / `... Terminating.` / `... Skipping SIGKILL.`
const STATE_TIMEOUT_RE = /^State '([a-z-]{1,40})' timed out\. ([A-Za-z ]{1,40})\.$/;
// `systemd-oomd killed 3 process(es) in this unit.`
const OOMD_UNIT_RE = /^systemd-oomd killed (\d{1,10}) process\(es\) in this unit\.$/;
// `Found left-over process 1234 (containerd-shim) in control group while starting unit. Ignoring.`
// `Unit process 1234 (containerd-shim) remains running after unit stopped.` (unit.c)
const LEFT_OVER_RE = /^Found left-over process (\d{1,10}) \((.{0,64})\) in control group while starting unit/;
const REMAINS_RE = /^Unit process (\d{1,10}) \((.{0,64})\) remains running after unit stopped\.$/;

/** `Consumed 1min 2.345s CPU time over 1h 6min 29.112s wall clock time, 1.9G memory peak, 0B memory swap peak.` */
function readConsumed(text: string, r: Reading): boolean {
  // `Consumed %s CPU time[ over %s wall clock time][, %s memory peak]...` then `.` (FORMATS.md 6.4)
  const body = text.slice('Consumed '.length, text.endsWith('.') ? -1 : text.length);
  const parts = body.split(', ');
  const first = parts[0];
  const cpuAt = first.indexOf(' CPU time');
  if (cpuAt === -1) return false;
  what(r, 'unit-consumed');
  const cpu = first.slice(0, cpuAt);
  setField(r, 'cpu_time', cpu);
  setField(r, 'cpu_seconds', timespanSeconds(cpu));
  const over = first.indexOf(' over ', cpuAt);
  if (over !== -1 && first.endsWith(' wall clock time')) {
    const wall = first.slice(over + 6, -' wall clock time'.length);
    setField(r, 'wall_time', wall);
    setField(r, 'wall_seconds', timespanSeconds(wall));
  }
  for (const p of parts.slice(1)) {
    const sp = p.indexOf(' ');
    if (sp === -1) continue;
    const value = p.slice(0, sp);
    const key = p
      .slice(sp + 1)
      .replace(/[^a-z]+/gi, '_')
      .toLowerCase();
    // `memory peak`, `memory swap peak`, `read from disk`, `written to disk`, `incoming IP traffic`
    if (/^[a-z_]{1,40}$/.test(key)) {
      setField(r, key, value);
      setField(r, `${key}_bytes`, sizeBytes(value));
    }
  }
  return true;
}

function readUnitText(unit: string, text: string, r: Reading): boolean {
  addUnit(r, unit);
  let m = PROCESS_EXITED_RE.exec(text);
  if (m) {
    const main = m[1] === 'Main' || m[1] === 'main';
    what(r, main ? 'unit-main-exited' : 'unit-control-exited');
    const code = m[2];
    const status = int(m[3]);
    setField(r, 'code', code);
    setField(r, 'status', status);
    setField(r, 'status_name', m[4]);
    if (code === 'exited') setField(r, 'exit_code', status);
    else if (code === 'killed' || code === 'dumped') setField(r, 'signal', `SIG${m[4]}`);
    if (code === 'dumped') setField(r, 'core_dumped', true);
    return true;
  }
  m = FAILED_RESULT_RE.exec(text);
  if (m) {
    what(r, 'unit-failed');
    setField(r, 'result', m[1]);
    return true;
  }
  if (text === 'A process of this unit has been killed by the OOM killer.') return what(r, 'unit-oom-killed');
  m = KILLING_RE.exec(text);
  if (m) {
    const pid = int(m[1]);
    what(r, 'unit-killing-process');
    setField(r, 'pid', pid);
    setField(r, 'comm', m[2]);
    setField(r, 'signal', m[3]);
    if (pid !== undefined) addEntity(r, 'pid', String(pid));
    addEntity(r, 'process', m[2]);
    return true;
  }
  if (text.startsWith('Consumed ')) {
    readConsumed(text, r);
    return true;
  }
  if (text === 'Deactivated successfully.' || text === 'Succeeded.') {
    return what(r, unit.endsWith('.scope') ? 'scope-deactivated' : 'unit-deactivated');
  }
  m = RESTART_RE.exec(text);
  if (m) {
    what(r, 'unit-restart-scheduled');
    setField(r, 'restart_counter', int(m[1]));
    return true;
  }
  m = STATE_TIMEOUT_RE.exec(text);
  if (m) {
    what(r, 'unit-state-timeout');
    setField(r, 'state', m[1]);
    setField(r, 'action', m[2]);
    return true;
  }
  m = OOMD_UNIT_RE.exec(text);
  if (m) {
    what(r, 'unit-oomd-killed');
    setField(r, 'count', int(m[1]));
    return true;
  }
  if (text === 'Start request repeated too quickly.') return what(r, 'unit-start-limit');
  m = LEFT_OVER_RE.exec(text) ?? REMAINS_RE.exec(text);
  if (m) {
    const pid = int(m[1]);
    what(r, text.startsWith('Found') ? 'unit-left-over-process' : 'unit-process-remains');
    setField(r, 'pid', pid);
    setField(r, 'comm', m[2]);
    if (pid !== undefined) addEntity(r, 'pid', String(pid));
    addEntity(r, 'process', m[2]);
    return true;
  }
  // Another message of this unit: the unit entity is what it tells.
  return true;
}

// ---------------------------------------------------------------------------------------------
// Messages without a unit prefix
// ---------------------------------------------------------------------------------------------

// Job results (src/core/job.c): `Started %s.`, `Starting %s...`, `Stopping %s...`, `Stopped %s.`,
// `Failed to start %s.`, and slices (`Created slice %s.`, `Removed slice %s.`), where %s is the
// description or, since 253, `<unit> - <description>`.
const JOBS: readonly { prefix: string; suffix: string; id: string }[] = [
  { prefix: 'Started ', suffix: '.', id: 'unit-started' },
  { prefix: 'Starting ', suffix: '...', id: 'unit-starting' },
  { prefix: 'Stopping ', suffix: '...', id: 'unit-stopping' },
  { prefix: 'Stopped ', suffix: '.', id: 'unit-stopped' },
  { prefix: 'Failed to start ', suffix: '.', id: 'unit-start-failed' },
  { prefix: 'Created slice ', suffix: '.', id: 'slice-created' },
  { prefix: 'Removed slice ', suffix: '.', id: 'slice-removed' },
];

// systemd-oomd (src/oom/oomd-util.c), FORMATS.md 6.4:
// `Killed /system.slice/app.service due to memory pressure for /system.slice being 82.15% > 80.00% for > 20s with reclaim activity`
const OOMD_PRESSURE_RE =
  /^Killed (\/\S{0,4096}) due to memory pressure for (\/\S{0,4096}) being (\d{1,3}(?:\.\d{1,2})?)% > (\d{1,3}(?:\.\d{1,2})?)% for > (\S{1,32}) with reclaim activity$/;
// `Killed /user.slice/... due to memory used (15.2G) / total (15.5G) and swap used (3.9G) / total (4.0G) being more than 90.00%`
const OOMD_SWAP_RE =
  /^Killed (\/\S{0,4096}) due to (?:memory used .{0,80}? and )?swap used .{0,80}? being more than (\d{1,3}(?:\.\d{1,2})?)%/;

function readOomd(text: string, r: Reading): boolean {
  let m = OOMD_PRESSURE_RE.exec(text);
  if (m) {
    what(r, 'oomd-killed');
    setField(r, 'reason', 'memory-pressure');
    setField(r, 'cgroup', m[1]);
    setField(r, 'monitored_cgroup', m[2]);
    setField(r, 'pressure_percent', Number(m[3]));
    setField(r, 'pressure_limit_percent', Number(m[4]));
    setField(r, 'pressure_duration', m[5]);
    setField(r, 'pressure_duration_seconds', timespanSeconds(m[5]));
    addCgroupEntities(r, m[1]);
    addCgroupEntities(r, m[2]);
    return true;
  }
  m = OOMD_SWAP_RE.exec(text);
  if (!m) return false;
  what(r, 'oomd-killed');
  setField(r, 'reason', 'swap');
  setField(r, 'cgroup', m[1]);
  setField(r, 'swap_limit_percent', Number(m[2]));
  addCgroupEntities(r, m[1]);
  return true;
}

// `systemctl status` cgroup tree (src/shared/cgroup-show.c): `├─kubepods-burstable-pod....slice`,
// `│ └─cri-containerd-a65fba91....scope`, `│   └─12678 /pause` (corpus containerd-5708); ASCII
// fallback `|-`, `` `- ``. Drawing characters first, then a unit or `<pid> <command line>`.
const TREE_RE = /^[│|  ]{0,200}(?:[├└]─|[|`]-)(.{1,4096})$/;
const TREE_PROCESS_RE = /^(\d{1,10}) (\S.{0,4095})$/;

function readTreeLine(t: string, r: Reading): boolean {
  const m = TREE_RE.exec(t);
  if (!m) return false;
  const item = m[1];
  if (UNIT_ONLY_RE.test(item)) {
    what(r, 'cgroup-tree-unit');
    addUnit(r, item);
    return true;
  }
  const p = TREE_PROCESS_RE.exec(item);
  if (!p) return false;
  const pid = int(p[1]);
  const exe = p[2].split(' ', 1)[0];
  const comm = exe.slice(exe.lastIndexOf('/') + 1) || exe;
  what(r, 'cgroup-tree-process');
  setField(r, 'pid', pid);
  setField(r, 'cmdline', p[2]);
  setField(r, 'comm', comm);
  if (pid !== undefined) addEntity(r, 'pid', String(pid));
  addEntity(r, 'process', comm);
  return true;
}

function readUnitless(t: string, r: Reading): boolean {
  for (const job of JOBS) {
    if (!t.startsWith(job.prefix) || !t.endsWith(job.suffix)) continue;
    const object = t.slice(job.prefix.length, t.length - job.suffix.length);
    if (!object) return false;
    what(r, job.id);
    readJobObject(object, r);
    return true;
  }
  let m = UNIT_ENTERED_FAILED_RE.exec(t) ?? UNIT_FAILED_OLD_RE.exec(t);
  if (m) {
    what(r, 'unit-failed');
    addUnit(r, m[1]);
    return true;
  }
  if (t.startsWith('Killed /')) return readOomd(t, r);
  m = UNIT_PREFIX_RE.exec(t);
  if (m) return readUnitText(m[1], t.slice(m[0].length), r);
  return readTreeLine(t, r);
}

// `systemd[1]: Started ...`, `systemd-oomd[612]: Killed ...`: the ident in front of the text when
// the record came through /dev/kmsg (dmesg) or a free-text paste.
const IDENT_RE = /^systemd(?:-[a-z]{1,20})?(?:\[\d{1,10}\])?: /;

// First characters a systemd message (or a cgroup tree line) can start with.
function mayStart(c: number): boolean {
  // letters, digits (unit names), `\` (escaped unit names), `│├└|`` ` ``, space (tree indent)
  return (
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    (c >= 48 && c <= 57) ||
    c === 92 ||
    c === 0x2502 ||
    c === 0x251c ||
    c === 0x2514 ||
    c === 124 ||
    c === 96 ||
    c === 32
  );
}

/** Reads one systemd message into typed fields and entities; false when it is not one of systemd's. */
export function readSystemd(message: string, r: Reading): boolean {
  if (message.length < 4) return false;
  const nl = message.indexOf('\n');
  let t = nl === -1 ? message : message.slice(0, nl);
  let prefixed = false;
  if (t.startsWith('systemd')) {
    const m = IDENT_RE.exec(t);
    if (m) {
      t = t.slice(m[0].length);
      prefixed = true;
    }
  }
  if (!mayStart(t.charCodeAt(0))) return prefixed;
  return readUnitless(t, r) || prefixed;
}
