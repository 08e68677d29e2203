// Boot domains: the monotonic clock restarts at every boot, so a source's seconds-since-boot
// split into one clock domain per boot, each with its own offset. The boot is what the source
// says (journal `-- Boot <id> --` markers, `_BOOT_ID`, `-- Reboot --` as `boot-N`); where it says
// nothing (dmesg), a clock that goes back by more than RESTART_DROP_S in line order starts the
// next domain, `#2`, `#3`... (dmesg of a machine that rebooted between two pastes in one file).

/** A drop of the monotonic clock in line order larger than this is a restart, seconds. */
export const RESTART_DROP_S = 1;

export interface BootDomain {
  /** Boot id, `boot-N`, or `#N`. */
  name: string;
  /** Events in the domain (with a monotonic time). */
  events: number;
  /** First event (index) of the domain. */
  first: number;
  /** Largest monotonic time seen, seconds. */
  maxMono: number;
}

export interface BootDomains {
  /** Domain index of each event; -1 for events without a monotonic time. */
  of: Int32Array;
  domains: BootDomain[];
}

/** A boot id the whole system shares (journald's 128-bit id), not a name local to one source. */
export function isGlobalBootId(name: string): boolean {
  return /^[0-9a-f]{32}$/i.test(name);
}

/**
 * Splits the events with a monotonic time (seconds; NaN = none) into boot domains. `boot[i]` is
 * an index into `bootNames` (or < 0 when the event names no boot).
 */
export function bootDomains(
  count: number,
  mono: ArrayLike<number>,
  boot: ArrayLike<number>,
  bootNames: readonly (string | undefined)[],
): BootDomains {
  const of = new Int32Array(count).fill(-1);
  const domains: BootDomain[] = [];
  const byName = new Map<string, number>();
  // The running domain of events that name no boot, and its last monotonic time.
  let unnamed = -1;
  let last = Number.NaN;
  let restarts = 0;
  const domainFor = (name: string, i: number): number => {
    let d = byName.get(name);
    if (d === undefined) {
      d = domains.length;
      domains.push({ name, events: 0, first: i, maxMono: 0 });
      byName.set(name, d);
    }
    return d;
  };
  for (let i = 0; i < count; i++) {
    const m = mono[i];
    if (Number.isNaN(m)) continue;
    const b = boot[i];
    const name = b >= 0 ? bootNames[b] : undefined;
    let d: number;
    if (name !== undefined) {
      d = domainFor(name, i);
    } else {
      if (unnamed < 0 || m < last - RESTART_DROP_S) {
        restarts++;
        unnamed = domainFor(`#${restarts}`, i);
      }
      last = m;
      d = unnamed;
    }
    of[i] = d;
    const dom = domains[d];
    dom.events++;
    if (m > dom.maxMono) dom.maxMono = m;
  }
  return { of, domains };
}
