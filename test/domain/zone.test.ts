import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { hourlyZone } from '../../domain/zone';

// Zones with summer time, with half-hour offsets and with a half-hour change (Lord Howe).
const zones = ['Europe/Oslo', 'Europe/Copenhagen', 'America/St_Johns', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC'];

describe('hourlyZone', () => {
  test('gives the same offset as the zone itself, also in the minutes around a change', () => {
    const from = Date.UTC(1970, 0, 1);
    const to = Date.UTC(2100, 0, 1);
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: from, max: to }), (name, ts) => {
        expect(hourlyZone(name).offset(ts)).toBe(IANAZone.create(name).offset(ts));
      }),
      { numRuns: 20_000 },
    );
    // Every minute of the days Oslo and Lord Howe change their clocks, asked in order.
    for (const [name, day] of [
      ['Europe/Oslo', Date.UTC(2026, 2, 29)],
      ['Europe/Oslo', Date.UTC(2026, 9, 25)],
      ['Australia/Lord_Howe', Date.UTC(2026, 3, 4, 12)],
      ['America/St_Johns', Date.UTC(2026, 2, 8)],
    ] as const) {
      for (let ts = day - 12 * 3_600_000; ts < day + 36 * 3_600_000; ts += 60_000) {
        expect(hourlyZone(name).offset(ts)).toBe(IANAZone.create(name).offset(ts));
      }
    }
  });

  test('writes the same wall time as luxon, and is the same zone to it', () => {
    const at = DateTime.fromISO('2026-03-03T08:30:00Z', { zone: hourlyZone('Europe/Oslo') });
    expect(at.toFormat("cccc d. LLLL yyyy 'kl.' HH.mm", { locale: 'nb' })).toBe('tirsdag 3. mars 2026 kl. 09.30');
    expect(at.setZone('Europe/Oslo')).toBe(at);
    expect(at.zoneName).toBe('Europe/Oslo');
    const day = DateTime.fromISO('2026-03-29', { zone: hourlyZone('Europe/Oslo') });
    expect(day.toISO()).toBe(DateTime.fromISO('2026-03-29', { zone: 'Europe/Oslo' }).toISO());
  });

  test('an unknown zone stays invalid', () => {
    expect(hourlyZone('Europe/Atlantis').isValid).toBe(false);
    expect(DateTime.fromISO('2026-03-03T08:30:00Z', { zone: hourlyZone('Europe/Atlantis') }).isValid).toBe(false);
  });
});
