// The generated files clock alignment puts next to raw dmesg: test/alignment.test.ts checks the
// fit against truth.json for each, bench/alignment.ts times it for each. One list, so the bench
// measures what the test asserts.
import type { FormatId } from '../../src/core/model/event.ts';

/** The journal's -o modes whose lines carry a wall-clock time (all the generator writes but cat). */
export const TIMED_JOURNAL_FORMS: readonly FormatId[] = [
  'journalctl-json',
  'journalctl-short',
  'journalctl-short-full',
  'journalctl-short-iso',
  'journalctl-short-iso-precise',
  'journalctl-short-precise',
  'journalctl-short-monotonic',
  'journalctl-short-unix',
];

/**
 * Every form dmesg raw is aligned against, in the order the results are printed: the timed
 * journal forms, `journalctl -o cat` (no time for kernel lines: dmesg stays relative), syslog and
 * `dmesg --time-format iso`.
 */
export const ALIGNMENT_FORMS: readonly FormatId[] = [
  ...TIMED_JOURNAL_FORMS,
  'journalctl-cat',
  'syslog-rfc3164',
  'dmesg-iso',
];
