// Pure helpers of the clock panel: what the user types (boot times, offsets, shifts, years)
// turned into ClockDecision fields with a clear message when it is not understood, the decision
// a report already holds (so one edit does not drop the others), and the words shown for
// evidence and status. No React here: the tests call these directly.
import type {
  BootAlignment,
  ClockDecision,
  ClockEvidence,
  SourceClock,
} from '../../core/engine/engine-api.ts';
import { formatOffset } from '../../core/time/calendar.ts';
import { parseIso } from '../../core/util/time.ts';

/** Offsets in use somewhere on Earth, minutes east of UTC (-12:00 .. +14:00, with :30 and :45). */
export const COMMON_OFFSETS: readonly number[] = [
  -720, -660, -600, -570, -540, -480, -420, -360, -300, -240, -210, -180, -120, -60, 0, 60, 120, 180, 210,
  240, 270, 300, 330, 345, 360, 390, 420, 480, 525, 540, 570, 600, 630, 660, 720, 765, 780, 840,
];

export const MIN_OFFSET = -720;
export const MAX_OFFSET = 840;

/** Minutes east of UTC -> "+05:30", "-03:30", "+00:00" (always signed, always HH:MM): the engine's spelling. */
export const offsetText: (minutes: number) => string = formatOffset;

/** The select's options: the common offsets, plus `current` when it is not one of them. */
export function offsetOptions(current?: number): number[] {
  if (current === undefined || COMMON_OFFSETS.includes(current)) return [...COMMON_OFFSETS];
  return [...COMMON_OFFSETS, current].sort((a, b) => a - b);
}

export type Correction =
  | { kind: 'boot-time'; us: number }
  | { kind: 'offset'; minutes: number }
  | { kind: 'shift'; us: number }
  | { kind: 'error'; message: string };

// A UTC offset as people type it: `+02:00`, `-0530`, `+2`, `UTC+05:30`, `GMT-3`.
const OFFSET_RE = /^(?:utc|gmt)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i;
// A signed shift with its unit: `+1.5s`, `-350ms`, `+2h`, `- 90 min`.
const SHIFT_RE = /^([+-])\s*(\d+(?:\.\d+)?)\s*(µs|us|ms|s|sec|m|min|h)$/i;
// An ISO time with ` UTC` written out instead of `Z`: `2025-11-26 07:48:16 UTC`.
const TRAILING_UTC_RE = /\s*utc$/i;

const UNIT_US: Record<string, number> = {
  µs: 1,
  us: 1,
  ms: 1e3,
  s: 1e6,
  sec: 1e6,
  m: 60e6,
  min: 60e6,
  h: 3600e6,
};

/** `+02:00` -> 120; null when it is not an offset, or outside -12:00..+14:00. */
export function parseOffset(text: string): number | null {
  const m = OFFSET_RE.exec(text.trim());
  if (!m) return null;
  const h = Number(m[2]);
  const min = m[3] === undefined ? 0 : Number(m[3]);
  if (min >= 60) return null;
  const v = (m[1] === '-' ? -1 : 1) * (h * 60 + min);
  return v < MIN_OFFSET || v > MAX_OFFSET ? null : v;
}

/**
 * A wall time with its zone -> epoch µs. A time without a zone is refused: which zone the user
 * meant is exactly what the clock panel must not guess.
 */
export function parseWallTime(text: string): { us: number } | { error: string } {
  const t = text.trim();
  if (t === '') return { error: 'Type a time, for example 2025-11-26T07:48:16Z.' };
  const iso = parseIso(TRAILING_UTC_RE.test(t) ? `${t.replace(TRAILING_UTC_RE, '')}Z` : t);
  if (!iso)
    return {
      error: `"${t}" is not a time: use YYYY-MM-DD HH:MM:SS with its zone, for example 2025-11-26T07:48:16Z.`,
    };
  if (!iso.zoned)
    return { error: `"${t}" has no zone: add Z for UTC or an offset such as +02:00 at the end.` };
  return { us: iso.micros };
}

/**
 * What the Correct box accepts: a boot time with its zone (for a monotonic clock domain), a UTC
 * offset (for zone-less stamps) or a signed shift with a unit (moves every time of the source).
 */
export function parseCorrection(text: string, ctx: { hasBoots: boolean; hasZone: boolean }): Correction {
  const t = text.trim();
  if (t === '') return { kind: 'error', message: 'Type a boot time, a UTC offset or a shift first.' };
  const shift = SHIFT_RE.exec(t);
  if (shift) {
    const us = Math.round((shift[1] === '-' ? -1 : 1) * Number(shift[2]) * UNIT_US[shift[3].toLowerCase()]);
    if (us === 0) return { kind: 'error', message: 'A shift of zero changes nothing.' };
    return { kind: 'shift', us };
  }
  if (OFFSET_RE.test(t)) {
    const minutes = parseOffset(t);
    if (minutes === null)
      return { kind: 'error', message: `"${t}" is not a UTC offset between -12:00 and +14:00.` };
    if (!ctx.hasZone)
      return {
        kind: 'error',
        message: 'This source writes its zone in every line: type a shift (+1.5s, -2h) instead.',
      };
    return { kind: 'offset', minutes };
  }
  if (/^\d{4}-/.test(t)) {
    const wall = parseWallTime(t);
    if ('error' in wall) return { kind: 'error', message: wall.error };
    if (!ctx.hasBoots)
      return {
        kind: 'error',
        message:
          'This source has no seconds-since-boot clock: type a UTC offset (+02:00) or a shift (+1.5s).',
      };
    return { kind: 'boot-time', us: wall.us };
  }
  return {
    kind: 'error',
    message: `"${t}" is not understood: type a boot time with its zone (2025-11-26T05:00:00Z), a UTC offset (+02:00) or a shift (+1.5s, -350ms, +2h).`,
  };
}

export const MIN_YEAR = 1970;
export const MAX_YEAR = 2100;

export function parseYear(text: string): { year: number } | { error: string } {
  const t = text.trim();
  const y = Number(t);
  if (t === '' || !Number.isInteger(y) || y < MIN_YEAR || y > MAX_YEAR)
    return { error: `Type a year between ${MIN_YEAR} and ${MAX_YEAR}.` };
  return { year: y };
}

/**
 * The user's decision a report reflects: fields the user set (how = 'user', boots decided by the
 * user, a pin, a typed shift, acceptance). Sent back with each new edit, so that changing the
 * year does not forget a typed boot time, whether the engine replaces or merges decisions.
 */
export function decisionOf(c: SourceClock): ClockDecision {
  const d: ClockDecision = {};
  if (c.year?.how === 'user') d.year = c.year.value;
  if (c.zone?.how === 'user') d.utcOffsetMinutes = c.zone.utcOffsetMinutes;
  const bootTimes: Record<string, number> = {};
  for (const b of c.boots)
    if (b.decidedBy === 'user' && b.evidence === 'user-boot-time' && b.bootTimeUs !== null)
      bootTimes[b.boot] = b.bootTimeUs;
  if (Object.keys(bootTimes).length > 0) d.bootTimes = bootTimes;
  if (c.pinned) d.pin = { ...c.pinned };
  // A pinned line explains the shift it causes; only a shift without a pin was typed.
  else if (c.shiftUs !== 0) d.shiftUs = c.shiftUs;
  if (c.accepted) d.accepted = true;
  return d;
}

/** The report's decision with one edit on top (boot times merged per domain). */
export function withEdit(c: SourceClock, edit: ClockDecision): ClockDecision {
  const base = decisionOf(c);
  const next: ClockDecision = { ...base, ...edit };
  if (edit.bootTimes) next.bootTimes = { ...base.bootTimes, ...edit.bootTimes };
  return next;
}

/** Whether anything of the source's clock was inferred (not typed by the user). */
export function hasInferred(c: SourceClock): boolean {
  return (
    (c.year !== null && c.year.how !== 'user') ||
    (c.zone !== null && c.zone.how !== 'user') ||
    c.boots.some((b) => b.decidedBy !== 'user')
  );
}

/** Inferred values stay "to look at" until the user accepts or decides them. */
export function needsLook(c: SourceClock): boolean {
  return !c.accepted && hasInferred(c);
}

/** A guess with no evidence behind it: the default year or zone, or a boot left unaligned. */
export function hasGuess(c: SourceClock): boolean {
  return c.year?.how === 'default' || c.zone?.how === 'default' || c.boots.some((b) => b.bootTimeUs === null);
}

/** The evidence of a boot's fit in words; `names` maps source ids to names. */
export function evidenceText(
  b: Pick<BootAlignment, 'evidence' | 'anchorSources'>,
  names: ReadonlyMap<string, string>,
): string {
  const sources = b.anchorSources.map((id) => names.get(id) ?? id);
  const list = sources.length > 0 ? sources.join(', ') : 'another source';
  const words: Record<ClockEvidence, string> = {
    'journal-monotonic': 'journal entries with both monotonic and wall time',
    'short-monotonic': `journal lines printed with seconds since boot (-o short-monotonic or -k), matched in ${list}`,
    'matched-text': `the same kernel lines in ${list}`,
    'user-boot-time': 'a boot time you typed',
    'pinned-line': 'a line you pinned to a wall time',
    none: 'no evidence yet',
  };
  return words[b.evidence];
}

export const YEAR_HOW: Record<NonNullable<SourceClock['year']>['how'], string> = {
  'other-sources': 'from other sources',
  'capture-time': 'from the capture time',
  user: 'set by you',
  default: 'default (this year)',
};

export const ZONE_HOW: Record<NonNullable<SourceClock['zone']>['how'], string> = {
  learned: 'learned from another source',
  user: 'set by you',
  default: 'default (browser zone)',
};

/** µs -> "0.42 ms", "12 ms", "1.25 s": residuals and uncertainties. */
export function durationText(us: number): string {
  const ms = Math.abs(us) / 1000;
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 1 : 2)} s`;
  if (ms >= 10) return `${Math.round(ms)} ms`;
  if (ms >= 1) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** A signed shift: "+1.50 s", "-350 ms", "none". */
export function shiftText(us: number): string {
  if (us === 0) return 'none';
  return `${us < 0 ? '-' : '+'}${durationText(us)}`;
}
