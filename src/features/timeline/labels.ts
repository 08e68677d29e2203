import type { Severity, TimeQuality } from '../../core/model/event.ts';

export const TIME_QUALITY_LABEL: Record<TimeQuality, string> = {
  exact: 'exact',
  inferred: 'inferred',
  aligned: 'aligned',
  relative: 'relative',
  none: 'none',
};

export const TIME_QUALITY_HELP: Record<TimeQuality, string> = {
  exact: 'The source gave the full date, time and zone.',
  inferred: 'Year or time zone was not in the line and was inferred.',
  aligned: 'Seconds since boot turned into wall time from evidence in another source.',
  relative: 'Only seconds since boot are known: no wall-clock time yet.',
  none: 'The line carries no time at all.',
};

export const SEVERITY_HELP: Record<Severity, string> = {
  emerg: 'emergency (0)',
  alert: 'alert (1)',
  crit: 'critical (2)',
  err: 'error (3)',
  warning: 'warning (4)',
  notice: 'notice (5)',
  info: 'info (6)',
  debug: 'debug (7)',
};

/** Eight hues that stay distinct on light and dark backgrounds (CSS reads --src-N). */
export const SOURCE_HUES = 8;
