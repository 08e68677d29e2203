// What each format's timestamps say about the clock (DESIGN.md section 4): whether a stamp
// carries its year and its zone, how precise it is, and whether it counts seconds since boot.
// Alignment reads this table to know which sources need a year or a zone inferred and how wide
// an anchor's interval is (a `Nov 26 10:00:01` stamp is any time in that second).
import type { FormatId } from '../model/event.ts';

export interface StampTraits {
  /**
   * `wall`: a calendar time; `monotonic`: seconds since boot (needs a boot time to become wall
   * time); `both`: an entry carries both (journal JSON, export, verbose); `relative`: only ages
   * or deltas; `none`: no time at all.
   */
  clock: 'wall' | 'monotonic' | 'both' | 'relative' | 'none';
  /** The stamp says its year. */
  year: boolean;
  /** `yes`: always a zone or UTC epoch; `some`: an abbreviation or an optional offset (may fall back to the context's); `no`: never. */
  zone: 'yes' | 'some' | 'no';
  /** Width of the interval one stamp stands for, µs (1 for µs stamps, 1e6 for whole seconds). */
  precisionUs: number;
  /** Stamps good enough to anchor another clock (false for estimates: dmesg -e's running deltas). */
  anchor: boolean;
}

const SECOND = 1_000_000;

const wall = (year: boolean, zone: StampTraits['zone'], precisionUs: number): StampTraits => ({
  clock: 'wall',
  year,
  zone,
  precisionUs,
  anchor: true,
});
const mono: StampTraits = { clock: 'monotonic', year: true, zone: 'yes', precisionUs: 1, anchor: true };
const noTime: StampTraits = { clock: 'none', year: true, zone: 'yes', precisionUs: 0, anchor: false };
const relative: StampTraits = { clock: 'relative', year: true, zone: 'yes', precisionUs: 0, anchor: false };

/**
 * Every format's stamp (FORMATS.md). Year-less: journalctl short / short-precise, syslog RFC 3164,
 * klog, dmesg -e. Zone-less: those, dmesg -T, and (sometimes) the ones that print an abbreviation.
 */
export const STAMP_TRAITS: Readonly<Record<FormatId, StampTraits>> = {
  // `Nov 26 10:00:01`
  'journalctl-short': wall(false, 'no', SECOND),
  // `Wed 2025-11-26 10:00:01 CET`: an ambiguous abbreviation falls back to the context's offset.
  'journalctl-short-full': wall(true, 'some', SECOND),
  // `2025-11-26T10:00:01+0100`
  'journalctl-short-iso': wall(true, 'yes', SECOND),
  // `2025-11-26T10:00:01.187734+0100`
  'journalctl-short-iso-precise': wall(true, 'yes', 1),
  // `Nov 26 10:00:01.187734`
  'journalctl-short-precise': wall(false, 'no', 1),
  // `[   12.345678]`
  'journalctl-short-monotonic': mono,
  // `1764151201.187734`
  'journalctl-short-unix': wall(true, 'yes', 1),
  // No stamp; containerd's own zoned `time="..."` is the event's time when it has one.
  'journalctl-cat': wall(true, 'yes', 1),
  // The cursor's `t=` / `m=` (exact), else `Wed 2025-11-26 10:00:01.187734 CET`.
  'journalctl-verbose': { clock: 'both', year: true, zone: 'some', precisionUs: 1, anchor: true },
  // `__REALTIME_TIMESTAMP` and `__MONOTONIC_TIMESTAMP`
  'journalctl-json': { clock: 'both', year: true, zone: 'yes', precisionUs: 1, anchor: true },
  'journalctl-json-pretty': { clock: 'both', year: true, zone: 'yes', precisionUs: 1, anchor: true },
  'journalctl-export': { clock: 'both', year: true, zone: 'yes', precisionUs: 1, anchor: true },
  // `Nov 26 10:00:01` (`Dec  1`); imklog keeps the kernel's `[  12.345678]` after `kernel: `.
  'syslog-rfc3164': wall(false, 'no', SECOND),
  // `2025-11-26T10:00:01.187734+01:00`; the fraction is optional, so whole seconds are assumed.
  'syslog-rfc5424': wall(true, 'yes', SECOND),
  // `[   12.345678]`
  'dmesg-raw': mono,
  // `<6>[   12.345678]` (dmesg -r)
  'dmesg-level': mono,
  // `kern  :info  : [   12.345678]` (dmesg -x)
  'dmesg-decode': mono,
  // `[Wed Nov 26 10:00:01 2025]` (dmesg -T): local time, no zone.
  'dmesg-ctime': wall(true, 'no', SECOND),
  // `2025-11-26T10:00:01,187734+01:00`
  'dmesg-iso': wall(true, 'yes', 1),
  // `[Nov26 10:00]` then `[  +0.000123]`: minute stamps and running deltas, an estimate.
  'dmesg-reltime': { clock: 'wall', year: false, zone: 'no', precisionUs: 60 * SECOND, anchor: false },
  // `[<    0.000123>]`
  'dmesg-delta': relative,
  'dmesg-notime': noTime,
  // `"time": 12.345678` (seconds since boot)
  'dmesg-json': mono,
  // `2 hours ago`
  'crictl-ps': relative,
  // `"createdAt": "1764151201187734000"` (ns)
  'crictl-ps-json': wall(true, 'yes', 1),
  'crictl-inspect': wall(true, 'yes', 1),
  'crictl-pods': wall(true, 'yes', SECOND),
  'crictl-inspectp': wall(true, 'yes', 1),
  'ctr-tasks': noTime,
  'ctr-containers': noTime,
  'ctr-containers-info': wall(true, 'yes', 1),
  'ctr-snapshots': noTime,
  // RFC 1123 with a zone name (`Wed, 26 Nov 2025 10:00:01 +0100`), or ages.
  'kubectl-describe-pod': wall(true, 'some', SECOND),
  'kubectl-get-events': wall(true, 'some', SECOND),
  'kubectl-get-pods': wall(true, 'some', SECOND),
  // `time="2025-11-26T10:00:01.187734512Z"` (a zone-less stamp takes the context's offset)
  'containerd-logfmt': wall(true, 'some', 1),
  // `I1126 10:00:01.187734`: no year, no zone.
  klog: wall(false, 'no', 1),
  'cgroup-files': noTime,
  ps: noTime,
  // `Wed 2025-11-26 10:00:01 CET; 2h ago`
  'systemctl-status': wall(true, 'some', SECOND),
  'docker-ps': relative,
  'docker-inspect': wall(true, 'yes', 1),
  'runc-list': wall(true, 'yes', 1),
  // `[2021-11-10T10:09:37.662764956Z]`
  'talosctl-dmesg': wall(true, 'yes', 1),
  text: noTime,
};

/** Stamps of this format lack the year (it is inferred for the source). */
export function lacksYear(f: FormatId): boolean {
  const t = STAMP_TRAITS[f];
  return (t.clock === 'wall' || t.clock === 'both') && !t.year;
}

/** Stamps of this format may lack the zone (an `inferred` time of it used the context's offset). */
export function mayLackZone(f: FormatId): boolean {
  const t = STAMP_TRAITS[f];
  return (t.clock === 'wall' || t.clock === 'both') && t.zone !== 'yes';
}

/** Journal formats whose entries carry an exact realtime and monotonic pair (evidence (a)). */
export function isJournalEntryFormat(f: FormatId): boolean {
  return (
    f === 'journalctl-json' ||
    f === 'journalctl-json-pretty' ||
    f === 'journalctl-export' ||
    f === 'journalctl-verbose'
  );
}
