// What each source covers, by producer and time (model.ts SourceCoverage): the ground for
// negative evidence. "No `Killed process` line within seconds of the exit" argues against an OOM
// kill only if some kernel log covers that second; a `journalctl -u containerd` paste argues
// nothing about the kernel. Fed one event at a time, so the engine can run it during a replay.
import type { LogEvent } from '../model/event.ts';
import type { Producer, SourceCoverage } from './model.ts';

/** Formats whose every line is the kernel's ring buffer. */
function isKernelFormat(f: string): boolean {
  return f.startsWith('dmesg-') || f === 'talosctl-dmesg';
}

/**
 * Who wrote an event. Journal and syslog lines say it in their identifier (the second pass puts
 * the writer it recognised in fields.writer): `Nov 24 07:48:16 k8s-worker-21 kernel: Memory
 * cgroup out of memory: Killed process 2150 (containerd-shim) ...` is the kernel's.
 */
export function producerOf(e: LogEvent): Producer {
  const f = e.format;
  if (isKernelFormat(f)) return 'kernel';
  if (f === 'containerd-logfmt') return 'containerd';
  if (f === 'klog' || f === 'kubectl-get-events') return 'kubelet';
  if (
    f.startsWith('crictl-') ||
    f.startsWith('ctr-') ||
    f.startsWith('docker-') ||
    f.startsWith('kubectl-') ||
    f === 'runc-list' ||
    f === 'ps' ||
    f === 'cgroup-files' ||
    f === 'systemctl-status'
  )
    return 'runtime-state';
  const writer = typeof e.fields.writer === 'string' ? e.fields.writer : (e.ident ?? '');
  if (writer === 'kernel') return 'kernel';
  if (writer.startsWith('containerd')) return 'containerd';
  if (writer === 'kubelet') return 'kubelet';
  if (writer === 'systemd' || writer.startsWith('systemd-oomd') || writer === 'systemd-oomd')
    return 'systemd';
  return 'other';
}

/** Counts one event of `producer` at `time` (epoch µs or null) in a source's coverage. */
export function countEvent(cov: SourceCoverage, producer: Producer, time: number | null): void {
  let c = cov.producers[producer];
  if (!c) {
    c = { events: 0, from: null, to: null };
    cov.producers[producer] = c;
  }
  c.events++;
  if (time !== null) {
    if (c.from === null || time < c.from) c.from = time;
    if (c.to === null || time > c.to) c.to = time;
  }
}

export class CoverageBuilder {
  private readonly bySource = new Map<string, SourceCoverage>();

  /** Declares a source (so one with no event still shows), with its display name. */
  source(sourceId: string, name: string): void {
    if (!this.bySource.has(sourceId))
      this.bySource.set(sourceId, { sourceId, name, formats: [], producers: {} });
  }

  event(e: LogEvent): void {
    let s = this.bySource.get(e.source);
    if (!s) {
      s = { sourceId: e.source, name: e.source, formats: [], producers: {} };
      this.bySource.set(e.source, s);
    }
    if (!s.formats.includes(e.format)) s.formats.push(e.format);
    countEvent(s, producerOf(e), e.time);
  }

  finish(): SourceCoverage[] {
    return [...this.bySource.values()];
  }
}

export function coverageOf(events: Iterable<LogEvent>): SourceCoverage[] {
  const b = new CoverageBuilder();
  for (const e of events) b.event(e);
  return b.finish();
}

/**
 * The sources whose `producer` lines span [from, to] (epoch µs): the first timed line at or
 * before `from` and the last at or after `to`. A source with that producer but no times (raw
 * dmesg not aligned) covers nothing we can name, so it is left out.
 */
export function sourcesCovering(
  coverage: readonly SourceCoverage[],
  producer: Producer,
  from: number,
  to: number,
): SourceCoverage[] {
  return coverage.filter((s) => {
    const c = s.producers[producer];
    return !!c && c.from !== null && c.to !== null && c.from <= from && c.to >= to;
  });
}

/** Sources that have any line of `producer` (timed or not). */
export function sourcesWith(coverage: readonly SourceCoverage[], producer: Producer): SourceCoverage[] {
  return coverage.filter((s) => (s.producers[producer]?.events ?? 0) > 0);
}
