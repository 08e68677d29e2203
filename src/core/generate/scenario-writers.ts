// The small command outputs a training scenario adds to the node's logs (scenarios.ts): cgroup
// interface files as `grep . <files>` prints them, and a `ps -eo ...` table. Shapes as the
// workbench's parsers read them (src/core/parsers/cgroup-files.ts, ps.ts; FORMATS.md 7, 8.3).

/** One cgroup interface file: its full path and its lines (`oom_kill 0`, or a single value). */
export interface CgroupFile {
  path: string;
  lines: readonly string[];
}

/**
 * `grep . <file>...`: every non-empty line as `path:line`, the command echoed first as it was
 * typed at a `$ ` prompt (the parser takes it as the segment's command).
 */
export function cgroupGrep(command: string, files: readonly CgroupFile[]): string {
  const out = [`$ ${command}`];
  for (const f of files) for (const l of f.lines) if (l !== '') out.push(`${f.path}:${l}`);
  return `${out.join('\n')}\n`;
}

/** One process as `ps -eo pid,ppid,user,stat,rss,comm,args` shows it. */
export interface PsRow {
  pid: number;
  ppid: number;
  /** A user name, or the uid when the node has no name for it (a container's user). */
  user: string;
  stat: string;
  /** Resident set in KiB. */
  rssKb: number;
  comm: string;
  args: string;
}

export const PS_COLUMNS = 'pid,ppid,user,stat,rss,comm,args';

/**
 * procps-ng's table for `-o pid,ppid,user,stat,rss,comm,args`: PID and PPID right-aligned in 7,
 * USER left in 8, STAT left in 4, RSS right in 5 (a wider value pushes the rest of its row right,
 * as procps does), COMMAND (comm, 15 characters at most) left in 15, then the full command line.
 */
export function psTable(rows: readonly PsRow[]): string {
  const line = (
    pid: string,
    ppid: string,
    user: string,
    stat: string,
    rss: string,
    comm: string,
    args: string,
  ) =>
    `${pid.padStart(7)} ${ppid.padStart(7)} ${user.padEnd(8)} ${stat.padEnd(4)} ${rss.padStart(5)} ${comm.padEnd(15)} ${args}`.trimEnd();
  const out = [line('PID', 'PPID', 'USER', 'STAT', 'RSS', 'COMMAND', 'COMMAND')];
  for (const r of rows)
    out.push(
      line(String(r.pid), String(r.ppid), r.user, r.stat, String(r.rssKb), r.comm.slice(0, 15), r.args),
    );
  return `${out.join('\n')}\n`;
}
