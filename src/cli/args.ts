// A small, strict argument parser: unknown options and missing values are usage errors
// (exit 2), never silently ignored.
import { parseZoneOffset } from '../core/util/time.ts';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface OptionSpec {
  /** Takes a value (`--year 2025` or `--year=2025`). */
  value: boolean;
}

export interface ParsedArgs {
  flags: Set<string>;
  values: Map<string, string>;
  positional: string[];
}

export function parseArgs(argv: readonly string[], spec: Record<string, OptionSpec>): ParsedArgs {
  const out: ParsedArgs = { flags: new Set(), values: new Map(), positional: [] };
  let onlyFiles = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (onlyFiles || !a.startsWith('--') || a === '-') {
      if (!onlyFiles && a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
      out.positional.push(a);
      continue;
    }
    if (a === '--') {
      onlyFiles = true;
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq === -1 ? a.slice(2) : a.slice(2, eq);
    const s = spec[name];
    if (!s) throw new UsageError(`unknown option --${name}`);
    if (!s.value) {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      out.flags.add(name);
      continue;
    }
    let v: string | undefined;
    if (eq !== -1) v = a.slice(eq + 1);
    else {
      v = argv[i + 1];
      i++;
    }
    if (v === undefined || (eq === -1 && v.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    out.values.set(name, v);
  }
  return out;
}

/** An integer option within [min, max], or `fallback` when absent. */
export function intOption(
  args: ParsedArgs,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = args.values.get(name);
  if (raw === undefined) return fallback;
  if (!/^[+-]?\d+$/.test(raw)) throw new UsageError(`--${name} must be an integer, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** A positive number option (fractions allowed), or `fallback`. */
export function numberOption(
  args: ParsedArgs,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = args.values.get(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n))
    throw new UsageError(`--${name} must be a number, got "${raw}"`);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/**
 * A UTC offset in minutes east of UTC: whole minutes (`-480`) or a zone offset (`+05:30`,
 * `-08:00`, `Z`); `fallback` when absent. A bare `-0800` is read as minutes, so the colon is required.
 */
export function utcOffsetOption(args: ParsedArgs, name: string, fallback: number): number {
  const raw = args.values.get(name);
  if (raw === undefined) return fallback;
  // `+05:30` / `-08:00` / `Z`
  const zoned = /^(?:[+-]\d\d:\d\d|[Zz])$/.test(raw) ? parseZoneOffset(raw) : null;
  if (zoned !== null) {
    if (Math.abs(zoned) > 24 * 60) throw new UsageError(`--${name} must be within ±24:00, got "${raw}"`);
    return zoned;
  }
  if (!/^[+-]?\d+$/.test(raw))
    throw new UsageError(`--${name} must be minutes east of UTC or +HH:MM, got "${raw}"`);
  return intOption(args, name, fallback, -24 * 60, 24 * 60);
}
