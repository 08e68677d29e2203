import { describe, expect, it } from 'vitest';
import { type TestEvent, testSource } from '../../../test/helpers/clock-source.ts';
import { civilToMicros } from '../util/time.ts';
import { calendarNeeds, inferCalendar } from './infer.ts';

const HOUR = 3_600_000_000;
/** 2025-11-24 08:09:46 UTC plus `s` seconds. */
const at = (s: number) => (civilToMicros(2025, 11, 24, 8, 9, 46, 0, 0) as number) + s * 1_000_000;
const browser = { year: 2026, utcOffsetMinutes: 60, given: false };

/** Kernel lines as `dmesg -T` shows them on a UTC+02:00 node, read with the browser's clock. */
const ctime = (n: number, zone = 120, parsedZone = 60): TestEvent[] =>
  Array.from({ length: n }, (_, k) => ({
    format: 'dmesg-ctime',
    time: at(k * 60) + (zone - parsedZone) * 60_000_000,
    quality: 'inferred',
    text: `eth0: link event ${k}`,
  }));
/** The same records in `journalctl -o json`: exact. */
const json = (n: number): TestEvent[] =>
  Array.from({ length: n }, (_, k) => ({
    format: 'journalctl-json',
    time: at(k * 60) + 41,
    mono: 100 + k * 60,
    boot: 'ee24fb7c725f66c9a0334e311fd91aa5',
    text: `eth0: link event ${k}`,
  }));

describe('calendarNeeds', () => {
  it('reads from the format table which stamps lack a year or a zone', () => {
    const short = testSource('s', [{ format: 'journalctl-short', time: at(0), quality: 'inferred' }]);
    expect(calendarNeeds(short)).toMatchObject({ year: true, zone: true, min: at(0), max: at(0) });
    expect(calendarNeeds(testSource('t', ctime(2)))).toMatchObject({ year: false, zone: true });
    expect(calendarNeeds(testSource('j', json(2)))).toMatchObject({ year: false, zone: false });
  });
});

describe('inferCalendar', () => {
  it('learns the zone of dmesg -T from the same kernel lines in the journal', () => {
    const [t] = inferCalendar(
      [testSource('dmesg-T', ctime(20), { utcOffsetMinutes: 60 }), testSource('json', json(20))],
      [browser, browser],
      [],
    );
    expect(t.year).toBeNull();
    expect(t.zone).toMatchObject({ utcOffsetMinutes: 120, how: 'learned' });
    expect(t.zone?.reason).toMatch(/20 of its lines are also in json with a zone: they agree at UTC\+02:00/);
  });

  it('takes the year and zone from the daemon stamps inside its lines', () => {
    // `Nov 24 10:09:46 node containerd[712]: time="2025-11-24T08:09:46.621730412Z" ...` read in 2026 at +01:00.
    const events: TestEvent[] = [0, 5, 9].map((s) => ({
      format: 'journalctl-short',
      time: civilToMicros(2026, 11, 24, 10, 9, 46 + s, 0, 60) as number,
      quality: 'inferred',
      embedded: at(s),
    }));
    const [c] = inferCalendar(
      [testSource('journal', events, { year: 2026, utcOffsetMinutes: 60 })],
      [browser],
      [],
    );
    expect(c.year).toMatchObject({ value: 2025, how: 'other-sources' });
    expect(c.zone).toMatchObject({ utcOffsetMinutes: 120, how: 'learned' });
    expect(c.zone?.reason).toMatch(/own stamps/);
  });

  it("gives a year-less source nothing dates the year learned for the node's other journal", () => {
    // `journalctl -k` (kernel lines only: no daemon stamps) next to `journalctl -u containerd`
    // whose lines carry containerd's dated `time="2025-..."`: both read in 2026 by default.
    const containerd: TestEvent[] = [0, 5, 9].map((s) => ({
      format: 'journalctl-short',
      time: civilToMicros(2026, 11, 24, 8, 9, 46 + s, 0, 0) as number,
      quality: 'inferred',
      embedded: at(s),
    }));
    const kernel: TestEvent[] = [0, 30].map((s) => ({
      format: 'journalctl-short',
      time: civilToMicros(2026, 11, 24, 7, 0, s, 0, 0) as number,
      quality: 'inferred',
      text: `cni0: port ${s} entered blocking state`,
    }));
    const utc = { year: 2026, utcOffsetMinutes: 0, given: false };
    const [c, k] = inferCalendar(
      [
        testSource('containerd', containerd, { year: 2026, utcOffsetMinutes: 0 }),
        testSource('kernel', kernel, { year: 2026, utcOffsetMinutes: 0 }),
      ],
      [utc, utc],
      [],
    );
    expect(c.year).toMatchObject({ value: 2025, how: 'other-sources' });
    expect(k.year).toMatchObject({ value: 2025, how: 'other-sources' });
    expect(k.year?.reason).toMatch(/next to those of containerd, whose year was learned/);
  });

  it('picks the year that puts the events next to the dated ones, else before the capture, else the default', () => {
    const short = (year: number): TestEvent[] => [
      {
        format: 'journalctl-short',
        time: civilToMicros(year, 11, 24, 8, 0, 0, 0, 0) as number,
        quality: 'inferred',
      },
    ];
    const crictl: TestEvent[] = [{ format: 'crictl-inspect', time: at(0) }];
    const [byRange] = inferCalendar(
      [testSource('journal', short(2026), { year: 2026 }), testSource('crictl', crictl)],
      [browser, browser],
      [],
    );
    expect(byRange.year).toMatchObject({ value: 2025, how: 'other-sources' });
    // Captured on 2025-03-01: November's lines are from 2024.
    const captured = civilToMicros(2025, 3, 1, 9, 0, 0, 0, 0) as number;
    const [byCapture] = inferCalendar(
      [testSource('journal', short(2026), { year: 2026, capturedAt: captured })],
      [browser],
      [],
    );
    expect(byCapture.year).toMatchObject({ value: 2024, how: 'capture-time' });
    const [byDefault] = inferCalendar([testSource('journal', short(2026), { year: 2026 })], [browser], []);
    expect(byDefault.year).toMatchObject({ value: 2026, how: 'default' });
    expect(byDefault.zone).toMatchObject({ utcOffsetMinutes: 60, how: 'default' });
    const [given] = inferCalendar(
      [testSource('journal', short(2026), { year: 2026 })],
      [{ year: 2025, utcOffsetMinutes: 0, given: true }],
      [],
    );
    expect(given.year).toMatchObject({ value: 2025, how: 'user', reason: 'Given with the source.' });
    expect(given.zone).toMatchObject({ utcOffsetMinutes: 0, how: 'user' });
  });

  it("puts the user's decision first", () => {
    const [c] = inferCalendar(
      [testSource('dmesg-T', ctime(5), { utcOffsetMinutes: 60 }), testSource('json', json(5))],
      [browser, browser],
      [{ utcOffsetMinutes: -300, accepted: true }],
    );
    expect(c.zone).toEqual({ utcOffsetMinutes: -300, how: 'user', reason: 'Accepted by you.' });
  });

  it("gives a zone-less source with nothing to compare the node's zone learned elsewhere, and says so", () => {
    const journal: TestEvent[] = [0, 5].map((s) => ({
      format: 'journalctl-short',
      time: at(s) - HOUR,
      quality: 'inferred',
      embedded: at(s),
    }));
    const [, other] = inferCalendar(
      [
        testSource('journal', journal, { year: 2025, utcOffsetMinutes: 0 }),
        testSource('dmesg-T', ctime(3, 0, 0)),
      ],
      [browser, browser],
      [],
    );
    expect(other.zone).toMatchObject({ utcOffsetMinutes: -60, how: 'learned' });
    expect(other.zone?.reason).toMatch(/^Assumed to be the node's zone, UTC-01:00, learned for journal/);
  });
});
