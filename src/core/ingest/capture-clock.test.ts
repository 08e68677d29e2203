import { describe, expect, it } from 'vitest';
import { microsToIso } from '../util/time.ts';
import { isDateCommand, parseDateOutput } from './capture-clock.ts';

const iso = (s: string) => {
  const t = parseDateOutput(s);
  return t === null ? null : microsToIso(t);
};

describe('the paste`s own clock', () => {
  it.each([
    ['Wed Nov 26 10:00:00 UTC 2025', '2025-11-26T10:00:00.000000Z'],
    ['Thu Dec  4 09:03:07 UTC 2025', '2025-12-04T09:03:07.000000Z'],
    ['Wed Nov 26 10:00:00 AM UTC 2025', '2025-11-26T10:00:00.000000Z'],
    ['Wed 26 Nov 2025 02:15:00 PM UTC', '2025-11-26T14:15:00.000000Z'],
    ['Wed, 26 Nov 2025 11:00:00 +0100', '2025-11-26T10:00:00.000000Z'],
    ['2025-11-26T10:00:00+00:00', '2025-11-26T10:00:00.000000Z'],
    ['2025-11-26 05:00:00.123456789-05:00', '2025-11-26T10:00:00.123456Z'],
  ])('reads `%s`', (line, want) => {
    expect(iso(line)).toBe(want);
  });

  it.each([
    'Wed Nov 26 10:00:00 CET 2025', // an abbreviation: which CET? not guessed
    '2025-11-26T10:00:00', // no zone
    'Wed Nov 26 25:00:00 UTC 2025',
    'Nov 26 10:00:00 node-1 systemd[1]: Started x.',
    'hello',
  ])('refuses `%s`', (line) => {
    expect(parseDateOutput(line)).toBeNull();
  });

  it('knows the date commands', () => {
    for (const c of [
      'date',
      'sudo date',
      'date -u',
      'date -R',
      'date --iso-8601=seconds',
      'date --rfc-3339=ns',
    ])
      expect(isDateCommand(c), c).toBe(true);
    for (const c of ['date +%s', 'dmesg -T', 'update', undefined])
      expect(isDateCommand(c), String(c)).toBe(false);
  });
});
