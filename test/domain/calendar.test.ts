import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import {
  addDays,
  addWorkingDays,
  atLocal,
  type CalendarRules,
  type Country,
  defaultRules,
  isPublicHoliday,
  isWorkingDay,
  nextWorkingDay,
  publicHolidays,
  sendMoment,
} from '../../domain/calendar';

const NO = defaultRules('NO');
const DK = defaultRules('DK');
const NO_QUIET: CalendarRules = { ...NO, quietPeriod: true };
const RULES: Record<string, CalendarRules> = { NO, DK, NO_QUIET };

describe('defaultRules', () => {
  test.each<[Country, CalendarRules]>([
    ['NO', { country: 'NO', zone: 'Europe/Oslo', quietPeriod: false, workdayStart: '09:00' }],
    ['DK', { country: 'DK', zone: 'Europe/Copenhagen', quietPeriod: false, workdayStart: '09:00' }],
  ])('%s', (country, expected) => {
    expect(defaultRules(country)).toEqual(expected);
  });
});

describe('publicHolidays', () => {
  // Easter Sundays 2024–2030: 03-31, 04-20, 04-05, 03-28, 04-16, 04-01, 04-21.
  test.each<[number, string[]]>([
    [2024, ['01-01', '03-28', '03-29', '03-31', '04-01', '05-01', '05-09', '05-17', '05-19', '05-20', '12-25', '12-26']],
    [2025, ['01-01', '04-17', '04-18', '04-20', '04-21', '05-01', '05-17', '05-29', '06-08', '06-09', '12-25', '12-26']],
    [2026, ['01-01', '04-02', '04-03', '04-05', '04-06', '05-01', '05-14', '05-17', '05-24', '05-25', '12-25', '12-26']],
    // 2027: Whit Monday is 17 May, listed once.
    [2027, ['01-01', '03-25', '03-26', '03-28', '03-29', '05-01', '05-06', '05-16', '05-17', '12-25', '12-26']],
    [2028, ['01-01', '04-13', '04-14', '04-16', '04-17', '05-01', '05-17', '05-25', '06-04', '06-05', '12-25', '12-26']],
    [2029, ['01-01', '03-29', '03-30', '04-01', '04-02', '05-01', '05-10', '05-17', '05-20', '05-21', '12-25', '12-26']],
    [2030, ['01-01', '04-18', '04-19', '04-21', '04-22', '05-01', '05-17', '05-30', '06-09', '06-10', '12-25', '12-26']],
    // 2008: Ascension fell on 1 May, listed once.
    [2008, ['01-01', '03-20', '03-21', '03-23', '03-24', '05-01', '05-11', '05-12', '05-17', '12-25', '12-26']],
  ])('NO %i', (year, monthDays) => {
    expect(publicHolidays(year, 'NO')).toEqual(monthDays.map((md) => `${year}-${md}`));
  });

  test.each<[number, string[]]>([
    // 2023: the last Store Bededag (Easter + 26, a Friday), 2023-05-05.
    [2023, ['01-01', '04-06', '04-07', '04-09', '04-10', '05-05', '05-18', '05-28', '05-29', '12-25', '12-26']],
    // 2024: Store Bededag abolished (it would have been 2024-04-26).
    [2024, ['01-01', '03-28', '03-29', '03-31', '04-01', '05-09', '05-19', '05-20', '12-25', '12-26']],
    // No 1 May, no Grundlovsdag (5 June), no Christmas Eve.
    [2026, ['01-01', '04-02', '04-03', '04-05', '04-06', '05-14', '05-24', '05-25', '12-25', '12-26']],
    [2030, ['01-01', '04-18', '04-19', '04-21', '04-22', '05-30', '06-09', '06-10', '12-25', '12-26']],
  ])('DK %i', (year, monthDays) => {
    expect(publicHolidays(year, 'DK')).toEqual(monthDays.map((md) => `${year}-${md}`));
  });

  // The holidays are computed in domain/calendar.ts (computus + fixed dates) to keep
  // date-holidays out of the workflow bundle; date-holidays stays the reference here.
  const reference = (year: number, country: Country): string[] => {
    const dates = new Holidays(country)
      .getHolidays(year)
      .filter((h) => h.type === 'public')
      .map((h) => h.date.slice(0, 10));
    return [...new Set(dates)].sort();
  };
  const years = Array.from({ length: 61 }, (_, i) => 2000 + i);
  test.each<[Country]>([['NO'], ['DK']])('%s matches date-holidays (type public) for every year 2000–2060', (country) => {
    for (const year of years) {
      expect({ year, holidays: publicHolidays(year, country) }).toEqual({ year, holidays: reference(year, country) });
    }
  });

  test('returns a copy: mutating the result does not touch the cache', () => {
    const first = publicHolidays(2026, 'NO');
    first.push('2026-07-01');
    first.sort().reverse();
    expect(publicHolidays(2026, 'NO')).toHaveLength(12);
    expect(publicHolidays(2026, 'NO')[0]).toBe('2026-01-01');
  });

  test.each<[unknown, unknown]>([
    [2026.5, 'NO'],
    [1200, 'NO'],
    [2026, 'SE'],
  ])('rejects year %p, country %p', (year, country) => {
    expect(() => publicHolidays(year as number, country as Country)).toThrow(RangeError);
  });
});

describe('isPublicHoliday', () => {
  test.each<[string, Country, boolean]>([
    ['2026-04-02', 'NO', true], // Maundy Thursday
    ['2026-04-03', 'NO', true], // Good Friday
    ['2026-04-04', 'NO', false], // Holy Saturday
    ['2026-04-05', 'NO', true], // Easter Sunday
    ['2026-04-06', 'NO', true], // Easter Monday
    ['2026-05-14', 'NO', true], // Ascension
    ['2026-05-25', 'NO', true], // Whit Monday
    ['2026-05-17', 'NO', true],
    ['2026-05-17', 'DK', false],
    ['2026-05-01', 'NO', true],
    ['2026-05-01', 'DK', false],
    ['2026-05-08', 'NO', false], // Frigjøringsdagen: a flag day only
    ['2026-06-05', 'DK', false], // Grundlovsdag: not type 'public'
    ['2023-05-05', 'DK', true], // Store Bededag 2023
    ['2023-05-05', 'NO', false],
    ['2024-04-26', 'DK', false], // Store Bededag abolished from 2024
    ['2026-12-24', 'NO', false], // Christmas Eve: bank holiday, not public
    ['2026-12-24', 'DK', false],
    ['2026-12-25', 'NO', true],
    ['2026-12-26', 'DK', true],
    ['2026-12-31', 'NO', false],
    ['2027-01-01', 'DK', true],
    ['2029-03-29', 'NO', true],
    ['2030-06-10', 'DK', true],
  ])('%s %s → %p', (date, country, expected) => {
    expect(isPublicHoliday(date, country)).toBe(expected);
  });

  test.each([['2026-4-2'], ['2026-02-30'], ['2026-04-02T00:00:00Z'], ['']])('rejects %p', (date) => {
    expect(() => isPublicHoliday(date, 'NO')).toThrow(RangeError);
  });
});

describe('isWorkingDay', () => {
  test.each<[string, string, boolean]>([
    ['2026-04-01', 'NO', true], // Wednesday before Easter
    ['2026-04-02', 'NO', false],
    ['2026-04-03', 'NO', false],
    ['2026-04-04', 'NO', false], // Saturday
    ['2026-04-05', 'NO', false],
    ['2026-04-06', 'NO', false],
    ['2026-04-07', 'NO', true],
    ['2026-05-14', 'NO', false], // Ascension
    ['2026-05-15', 'NO', true],
    ['2026-05-25', 'NO', false], // Whit Monday
    ['2026-05-26', 'NO', true],
    ['2024-05-17', 'NO', false], // 17 May on a Friday
    ['2025-05-16', 'NO', true], // 17 May 2025 is a Saturday: the Friday before works
    ['2026-05-01', 'NO', false], // Friday, Labour Day
    ['2026-05-01', 'DK', true], // not a public holiday in Denmark
    ['2026-06-05', 'DK', true], // Grundlovsdag, a Friday
    ['2023-05-05', 'DK', false], // Store Bededag
    ['2024-04-26', 'DK', true], // the Friday it would have been
    ['2026-12-24', 'NO', true], // Christmas Eve, Thursday
    ['2026-12-25', 'NO', false],
    ['2026-12-28', 'NO', true],
    ['2026-01-01', 'NO', false],
    ['2026-01-02', 'NO', true],
    ['2026-06-06', 'NO', false], // Saturday
    ['2026-06-07', 'NO', false], // Sunday
    ['2026-06-08', 'DK', true], // Monday
    ['2028-06-05', 'NO', false], // Whit Monday 2028
    ['2030-04-22', 'DK', false], // Easter Monday 2030
    // Quiet period (fellesferie), ISO weeks 28–30: 2026-07-06 .. 2026-07-26.
    ['2026-07-03', 'NO_QUIET', true], // Friday of week 27
    ['2026-07-06', 'NO_QUIET', false], // Monday of week 28
    ['2026-07-15', 'NO_QUIET', false],
    ['2026-07-24', 'NO_QUIET', false], // Friday of week 30
    ['2026-07-27', 'NO_QUIET', true], // Monday of week 31
    ['2026-07-06', 'NO', true], // quiet period off
    ['2026-07-15', 'NO', true],
    ['2026-07-24', 'NO', true],
    // 2027: weeks 28–30 are 2027-07-12 .. 2027-08-01.
    ['2027-07-09', 'NO_QUIET', true],
    ['2027-07-12', 'NO_QUIET', false],
    ['2027-07-30', 'NO_QUIET', false],
    ['2027-08-02', 'NO_QUIET', true],
  ])('%s %s → %p', (date, rules, expected) => {
    expect(isWorkingDay(date, RULES[rules]!)).toBe(expected);
  });

  // Weekdays minus public holidays on weekdays. 2026 has 261 weekdays; NO loses 8 of them
  // (1 Jan, 2–3 Apr, 6 Apr, 1 May, 14 May, 25 May, 25 Dec), DK 7 (no 1 May).
  // With the quiet period, NO also loses the 15 weekdays of weeks 28–30.
  test.each<[string, number, number]>([
    ['NO', 2026, 253],
    ['DK', 2026, 254],
    ['NO_QUIET', 2026, 238],
  ])('%s %i has %i working days', (rules, year, expected) => {
    let count = 0;
    for (let d = DateTime.utc(year, 1, 1); d.year === year; d = d.plus({ days: 1 })) {
      if (isWorkingDay(d.toISODate()!, RULES[rules]!)) count++;
    }
    expect(count).toBe(expected);
  });

  test('rejects an unknown country in the rules', () => {
    expect(() => isWorkingDay('2026-04-01', { ...NO, country: 'SE' as Country })).toThrow(RangeError);
  });
});

describe('nextWorkingDay', () => {
  test.each<[string, string, string]>([
    ['2026-03-31', 'NO', '2026-04-01'],
    ['2026-04-01', 'NO', '2026-04-07'], // across Easter
    ['2026-04-04', 'NO', '2026-04-07'],
    ['2026-04-07', 'NO', '2026-04-08'],
    ['2026-05-13', 'NO', '2026-05-15'], // over Ascension
    ['2026-05-22', 'NO', '2026-05-26'], // over Whitsun
    ['2027-05-14', 'NO', '2027-05-18'], // Whit Monday = 17 May
    ['2026-12-23', 'NO', '2026-12-24'],
    ['2026-12-24', 'NO', '2026-12-28'], // across Christmas
    ['2026-12-31', 'NO', '2027-01-04'], // across New Year
    ['2025-12-24', 'NO', '2025-12-29'],
    ['2024-12-31', 'DK', '2025-01-02'],
    ['2023-05-04', 'DK', '2023-05-08'], // over Store Bededag
    ['2023-05-04', 'NO', '2023-05-05'],
    ['2024-04-25', 'DK', '2024-04-26'],
    ['2026-06-04', 'DK', '2026-06-05'],
    ['2026-07-03', 'NO_QUIET', '2026-07-27'], // over the quiet period
    ['2026-07-03', 'NO', '2026-07-06'],
  ])('after %s (%s) → %s', (date, rules, expected) => {
    expect(nextWorkingDay(date, RULES[rules]!)).toBe(expected);
  });
});

describe('addDays', () => {
  test('counts calendar days over month, leap day and year', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2026-03-29', 0)).toBe('2026-03-29'); // the day summer time starts is just a day
  });

  test('agrees with luxon over 400 years, both ways', () => {
    for (let start = DateTime.fromISO('1800-01-01', { zone: 'utc' }); start.year < 2200; start = start.plus({ days: 37 })) {
      for (const n of [-400, -29, -1, 1, 59, 366]) expect(addDays(start.toISODate()!, n)).toBe(start.plus({ days: n }).toISODate());
    }
  });

  test('refuses what is not a date', () => {
    for (const bad of ['2040-04-31', '1900-02-29', '2026-13-01', '2026-00-10', '26-01-01']) expect(() => addDays(bad, 1)).toThrow(RangeError);
    expect(() => addDays('2026-01-01', 0.5)).toThrow(/integer/);
  });
});

describe('addWorkingDays', () => {
  test.each<[string, number, string, string]>([
    ['2026-04-01', 0, 'NO', '2026-04-01'], // working day: itself
    ['2026-04-03', 0, 'NO', '2026-04-07'], // Good Friday: the next working day
    ['2026-04-04', 0, 'NO', '2026-04-07'], // Saturday
    ['2026-04-01', 1, 'NO', '2026-04-07'],
    ['2026-04-01', 2, 'NO', '2026-04-08'],
    ['2026-04-04', 1, 'NO', '2026-04-07'], // from a non-working day
    ['2026-04-07', -1, 'NO', '2026-04-01'],
    ['2026-04-08', -2, 'NO', '2026-04-01'],
    ['2026-04-04', -1, 'NO', '2026-04-01'],
    ['2026-04-14', 10, 'NO', '2026-04-28'], // two plain weeks
    ['2026-04-28', -10, 'NO', '2026-04-14'],
    ['2026-05-11', 5, 'NO', '2026-05-19'], // over Ascension
    ['2026-05-11', 5, 'DK', '2026-05-19'],
    ['2026-12-23', 3, 'NO', '2026-12-29'],
    ['2027-01-04', -3, 'NO', '2026-12-29'],
    ['2026-12-21', 10, 'NO', '2027-01-06'], // over Christmas and New Year
    ['2023-05-01', 5, 'DK', '2023-05-09'], // over Store Bededag
    ['2023-05-01', 5, 'NO', '2023-05-08'],
    ['2026-07-01', 3, 'NO_QUIET', '2026-07-27'], // 2, 3, then after the quiet period
    ['2026-07-01', 3, 'NO', '2026-07-06'],
    ['2026-07-27', -1, 'NO_QUIET', '2026-07-03'],
    ['2026-07-15', 0, 'NO_QUIET', '2026-07-27'],
  ])('%s %i (%s) → %s', (date, n, rules, expected) => {
    expect(addWorkingDays(date, n, RULES[rules]!)).toBe(expected);
  });

  test('n = 1 agrees with nextWorkingDay every day of 2024–2030', () => {
    for (const rules of [NO, DK, NO_QUIET]) {
      for (let d = DateTime.utc(2024, 1, 1); d.year <= 2030; d = d.plus({ days: 1 })) {
        const date = d.toISODate()!;
        expect([date, addWorkingDays(date, 1, rules)]).toEqual([date, nextWorkingDay(date, rules)]);
      }
    }
  });

  test.each([[1.5], [Number.NaN], [Number.POSITIVE_INFINITY]])('rejects n = %p', (n) => {
    expect(() => addWorkingDays('2026-04-01', n, NO)).toThrow(RangeError);
  });
});

describe('atLocal', () => {
  test.each<[string, string, string, string]>([
    ['2026-03-28', '09:00', 'Europe/Oslo', '2026-03-28T08:00:00.000Z'], // CET, +01:00
    ['2026-03-29', '01:30', 'Europe/Oslo', '2026-03-29T00:30:00.000Z'], // still CET
    ['2026-03-29', '02:30', 'Europe/Oslo', '2026-03-29T01:30:00.000Z'], // gap: read as 03:30 CEST
    ['2026-03-29', '03:00', 'Europe/Oslo', '2026-03-29T01:00:00.000Z'], // CEST, +02:00
    ['2026-03-29', '09:00', 'Europe/Oslo', '2026-03-29T07:00:00.000Z'],
    ['2026-03-30', '09:00', 'Europe/Oslo', '2026-03-30T07:00:00.000Z'],
    ['2026-10-24', '09:00', 'Europe/Oslo', '2026-10-24T07:00:00.000Z'], // CEST
    ['2026-10-25', '01:59', 'Europe/Oslo', '2026-10-24T23:59:00.000Z'], // still CEST
    ['2026-10-25', '02:30', 'Europe/Oslo', '2026-10-25T00:30:00.000Z'], // ambiguous: the earlier
    ['2026-10-25', '03:00', 'Europe/Oslo', '2026-10-25T02:00:00.000Z'], // CET
    ['2026-10-25', '09:00', 'Europe/Oslo', '2026-10-25T08:00:00.000Z'],
    ['2026-10-26', '09:00', 'Europe/Oslo', '2026-10-26T08:00:00.000Z'],
    ['2026-07-15', '00:00', 'Europe/Copenhagen', '2026-07-14T22:00:00.000Z'],
    ['2026-01-15', '23:30', 'Europe/Copenhagen', '2026-01-15T22:30:00.000Z'],
    ['2026-06-01', '09:00', 'UTC', '2026-06-01T09:00:00.000Z'],
  ])('%s %s %s → %s', (date, hhmm, zone, expected) => {
    expect(atLocal(date, hhmm, zone)).toBe(expected);
  });

  test.each([['2026-03-29'], ['2026-10-25']])('every quarter hour of %s in Oslo reads back as that wall time', (date) => {
    for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
      const hhmm = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
      const local = DateTime.fromISO(atLocal(date, hhmm, 'Europe/Oslo')).setZone('Europe/Oslo');
      const inGap = date === '2026-03-29' && hhmm >= '02:00' && hhmm < '03:00';
      const expected = inGap ? `03:${hhmm.slice(3)}` : hhmm;
      expect([hhmm, local.toISODate(), local.toFormat('HH:mm')]).toEqual([hhmm, date, expected]);
    }
  });

  test.each<[string, string, string]>([
    ['2026-02-30', '09:00', 'Europe/Oslo'],
    ['2026-03-01', '24:00', 'Europe/Oslo'],
    ['2026-03-01', '9:00', 'Europe/Oslo'],
    ['2026-03-01', '09:00', 'Mars/Olympus_Mons'],
  ])('rejects %s %s %s', (date, hhmm, zone) => {
    expect(() => atLocal(date, hhmm, zone)).toThrow(RangeError);
  });
});

describe('sendMoment', () => {
  const DK_0815: CalendarRules = { ...DK, workdayStart: '08:15' };
  const R: Record<string, CalendarRules> = { ...RULES, DK_0815 };
  test.each<[string, string, string, string]>([
    ['a Saturday: Monday 09:00 CET', '2026-01-10T12:00:00Z', 'NO', '2026-01-12T08:00:00.000Z'],
    ['Good Friday: Tuesday after Easter 09:00 CEST', '2026-04-03T08:00:00Z', 'NO', '2026-04-07T07:00:00.000Z'],
    ['an ordinary Tuesday: unchanged', '2026-04-14T07:30:00Z', 'NO', '2026-04-14T07:30:00.000Z'],
    ['an ordinary Tuesday with an offset: normalised to UTC', '2026-04-14T09:30:00+02:00', 'NO', '2026-04-14T07:30:00.000Z'],
    ['a working day before workdayStart: unchanged', '2026-04-14T03:00:00.000Z', 'NO', '2026-04-14T03:00:00.000Z'],
    ['UTC Friday but local Saturday: moved', '2026-01-09T23:30:00Z', 'NO', '2026-01-12T08:00:00.000Z'],
    ['UTC Sunday but local Monday: unchanged', '2026-01-11T23:30:00Z', 'NO', '2026-01-11T23:30:00.000Z'],
    ['Saturday before the spring DST change: Monday 09:00 CEST', '2026-03-28T10:00:00Z', 'NO', '2026-03-30T07:00:00.000Z'],
    ['Saturday of the autumn DST change: Monday 09:00 CET', '2026-10-24T10:00:00Z', 'NO', '2026-10-26T08:00:00.000Z'],
    ['Christmas Day: Monday 28 Dec', '2026-12-25T10:00:00Z', 'NO', '2026-12-28T08:00:00.000Z'],
    ['quiet period on: after week 30', '2026-07-08T10:00:00Z', 'NO_QUIET', '2026-07-27T07:00:00.000Z'],
    ['quiet period off: unchanged', '2026-07-08T10:00:00Z', 'NO', '2026-07-08T10:00:00.000Z'],
    ['DK Store Bededag 2023', '2023-05-05T10:00:00Z', 'DK', '2023-05-08T07:00:00.000Z'],
    ['NO on that Friday: unchanged', '2023-05-05T10:00:00Z', 'NO', '2023-05-05T10:00:00.000Z'],
    ['DK 1 May: unchanged', '2026-05-01T10:00:00Z', 'DK', '2026-05-01T10:00:00.000Z'],
    ['DK Saturday, workdayStart 08:15', '2026-01-10T12:00:00Z', 'DK_0815', '2026-01-12T07:15:00.000Z'],
  ])('%s', (_label, due, rules, expected) => {
    expect(sendMoment(due, R[rules]!)).toBe(expected);
  });

  test('rejects a non-ISO instant', () => {
    expect(() => sendMoment('next Tuesday', NO)).toThrow(RangeError);
  });
});
