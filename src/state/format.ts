// Display formatting shared by several features. It lives beside the store because features may
// not import each other and src/core is the engine's; everything here is pure.

const INT = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return INT.format(n);
}

/** "1 event", "12,345 events". */
export function formatCountOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${INT.format(n)} ${n === 1 ? singular : plural}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

export function formatMillis(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatPercent(x: number): string {
  return `${Math.round(x * 100)}%`;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Epoch microseconds -> "2025-11-26 10:00:01.187" (UTC): the table's compact form. */
export function formatTimeShort(us: number): string {
  const d = new Date(Math.floor(us / 1000));
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`
  );
}

/** Epoch microseconds -> "2025-11-26T10:00:01.187734Z": full precision, for the detail pane. */
export function formatTimeFull(us: number): string {
  const d = new Date(Math.floor(us / 1000));
  const micros = ((us % 1_000_000) + 1_000_000) % 1_000_000;
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(micros, 6)}Z`
  );
}

/** Seconds since boot as the kernel prints them: "86412.997101". */
export function formatMonotonic(s: number): string {
  return s.toFixed(6);
}

/** Minutes east of UTC that a display zone means at a given instant ('local' = the browser's zone then). */
export function zoneOffsetMinutes(zone: 'utc' | 'local' | number, us: number): number {
  if (zone === 'utc') return 0;
  if (zone === 'local') return -new Date(Math.floor(us / 1000)).getTimezoneOffset();
  return zone;
}

/** "+01:00", "-05:30", "Z" for 0. */
export function formatOffset(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `${sign}${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

/**
 * Epoch microseconds in a display zone: "2025-11-26 11:00:01.187" (compact, the table) and the
 * zone's suffix ("Z", "+01:00"); UTC stays one hover away (formatTimeFull).
 */
export function formatTimeIn(us: number, zone: 'utc' | 'local' | number): { text: string; suffix: string } {
  const off = zoneOffsetMinutes(zone, us);
  return { text: formatTimeShort(us + off * 60_000_000), suffix: formatOffset(off) };
}

/** A rejection's message as the session wrote it (BundleError, StorageProblem, ScenarioError). */
export function errorMessage(err: unknown): string {
  if (err instanceof Error && err.message) return err.message;
  return String(err);
}
