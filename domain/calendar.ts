// Working-day calendar for Norway and Denmark.
//
// Pure and deterministic: no I/O, no clock, no randomness. Time always comes in as
// arguments and goes out as ISO strings, so this module is safe to import from Temporal
// workflow code (it is bundled by `bundleWorkflowCode` and runs in the workflow sandbox)
// and its results are plain values that fit in workflow payloads.
//
// Public holidays are computed here (Easter by the anonymous Gregorian computus plus fixed
// dates) rather than taken from `date-holidays` at run time: that package drags the data of
// every country and moment-timezone into the workflow bundle (the bundle grew from ~2 MB to
// ~9 MB). The rules below mirror what `date-holidays` 3.37 lists as type 'public' for NO and
// DK, and test/domain/calendar.test.ts checks them against it for every year 2000–2060.
// Look-ups are memoised per (country, year) in a module-level Map: a pure cache whose
// contents depend only on the key, so replays see the same answers.

import { DateTime, IANAZone } from 'luxon';

export type Country = 'NO' | 'DK';

export interface CalendarRules {
  country: Country;
  /** IANA zone, 'Europe/Oslo' or 'Europe/Copenhagen'. */
  zone: string;
  /** true: the fellesferie, ISO weeks 28, 29 and 30, is not working time. */
  quietPeriod: boolean;
  /** 'HH:mm' local, e.g. '09:00': where moved mail lands. */
  workdayStart: string;
}

const ZONES: Readonly<Record<Country, string>> = {
  NO: 'Europe/Oslo',
  DK: 'Europe/Copenhagen',
};

/** ISO weeks of the fellesferie (common summer holiday). */
const QUIET_WEEKS = { first: 28, last: 30 } as const;

/** Upper bound for day-by-day searches; far more than any real run of non-working days. */
const MAX_SCAN_DAYS = 400;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

export const defaultRules = (country: Country): CalendarRules => ({
  country: assertCountry(country),
  zone: ZONES[country],
  quietPeriod: false,
  workdayStart: '09:00',
});

// ---------------------------------------------------------------------------------------
// Public holidays

/** A public holiday rule: a fixed month-day, or an offset in days from Easter Sunday. */
type HolidayRule =
  | { readonly fixed: `${number}-${number}`; readonly before?: number }
  | { readonly easter: number; readonly before?: number };

/**
 * Public holidays (type 'public' in `date-holidays`). `before`: the rule applies only to
 * years before that one.
 */
const HOLIDAY_RULES: Readonly<Record<Country, readonly HolidayRule[]>> = {
  NO: [
    { fixed: '01-01' }, // Første nyttårsdag
    { easter: -3 }, // Skjærtorsdag
    { easter: -2 }, // Langfredag
    { easter: 0 }, // Første påskedag
    { easter: 1 }, // Andre påskedag
    { fixed: '05-01' }, // Arbeidernes dag
    { fixed: '05-17' }, // Grunnlovsdagen
    { easter: 39 }, // Kristi himmelfartsdag
    { easter: 49 }, // Første pinsedag
    { easter: 50 }, // Andre pinsedag
    { fixed: '12-25' }, // Første juledag
    { fixed: '12-26' }, // Andre juledag
  ],
  DK: [
    { fixed: '01-01' }, // Nytårsdag
    { easter: -3 }, // Skærtorsdag
    { easter: -2 }, // Langfredag
    { easter: 0 }, // Påskedag
    { easter: 1 }, // Anden påskedag
    { easter: 26, before: 2024 }, // Store Bededag, abolished from 2024
    { easter: 39 }, // Kristi Himmelfartsdag
    { easter: 49 }, // Pinsedag
    { easter: 50 }, // Anden Pinsedag
    { fixed: '12-25' }, // Juledag
    { fixed: '12-26' }, // Anden Juledag
    // Not public holidays: 1 May and Grundlovsdag (5 June), Christmas Eve (24 Dec).
  ],
};

const FIRST_YEAR = 1583; // the first full year of the Gregorian calendar
const LAST_YEAR = 9999;

/** Easter Sunday of `year` (Gregorian), by the anonymous Gregorian computus (Meeus/Jones/Butcher). */
function easterSunday(year: number): DateTime {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return DateTime.fromObject({ year, month, day }, { zone: 'utc' });
}

/** Sorted, de-duplicated public holidays per `${country}:${year}`. */
const holidayCache = new Map<string, { list: readonly string[]; set: ReadonlySet<string> }>();

function holidaysOf(year: number, country: Country): { list: readonly string[]; set: ReadonlySet<string> } {
  const key = `${country}:${year}`;
  let entry = holidayCache.get(key);
  if (!entry) {
    if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
      throw new RangeError(`year must be an integer ${FIRST_YEAR}..${LAST_YEAR}, got ${String(year)}`);
    }
    const easter = easterSunday(year);
    const dates = new Set<string>(); // a Set: e.g. in NO 2008 Ascension fell on 1 May
    for (const rule of HOLIDAY_RULES[assertCountry(country)]) {
      if (rule.before !== undefined && year >= rule.before) continue;
      dates.add('fixed' in rule ? `${year}-${rule.fixed}` : toIsoDate(easter.plus({ days: rule.easter })));
    }
    const list = Object.freeze([...dates].sort());
    entry = { list, set: new Set(list) };
    holidayCache.set(key, entry);
  }
  return entry;
}

/** Public holidays of `year` as sorted ISO dates 'yyyy-MM-dd'. */
export function publicHolidays(year: number, country: Country): string[] {
  return [...holidaysOf(year, assertCountry(country)).list];
}

/** Whether the ISO date 'yyyy-MM-dd' is a public holiday in `country`. */
export function isPublicHoliday(isoDate: string, country: Country): boolean {
  const day = parseDate(isoDate, 'isPublicHoliday');
  return holidaysOf(day.year, assertCountry(country)).set.has(toIsoDate(day));
}

// ---------------------------------------------------------------------------------------
// Working days

/** Monday to Friday, not a public holiday, and not in the quiet period when it is enabled. */
export function isWorkingDay(isoDate: string, rules: CalendarRules): boolean {
  return isWorking(parseDate(isoDate, 'isWorkingDay'), rules);
}

/** The first working day strictly after `isoDate`. */
export function nextWorkingDay(isoDate: string, rules: CalendarRules): string {
  return toIsoDate(step(parseDate(isoDate, 'nextWorkingDay'), 1, rules));
}

/**
 * Moves `n` working days from `isoDate`.
 * - n > 0: the n-th working day strictly after the date;
 * - n < 0: the |n|-th working day strictly before the date;
 * - n = 0: the date itself if it is a working day, otherwise the next working day.
 */
export function addWorkingDays(isoDate: string, n: number, rules: CalendarRules): string {
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`addWorkingDays: n must be an integer, got ${String(n)}`);
  }
  let day = parseDate(isoDate, 'addWorkingDays');
  if (n === 0) return toIsoDate(isWorking(day, rules) ? day : step(day, 1, rules));
  const direction = n > 0 ? 1 : -1;
  for (let left = Math.abs(n); left > 0; left--) day = step(day, direction, rules);
  return toIsoDate(day);
}

// ---------------------------------------------------------------------------------------
// Instants

/**
 * The UTC instant (ISO with Z) of the local wall time `hhmm` on `isoDate` in `zone`.
 * DST: a wall time that does not exist (spring-forward gap) is moved forward by the
 * length of the gap (02:30 becomes 03:30 summer time); an ambiguous wall time
 * (autumn fall-back) resolves to the earlier instant, i.e. the summer-time offset.
 */
export function atLocal(isoDate: string, hhmm: string, zone: string): string {
  const day = parseDate(isoDate, 'atLocal');
  const [hour, minute] = parseHhMm(hhmm, 'atLocal');
  const tz = IANAZone.create(assertZone(zone, 'atLocal'));
  // The wall time read as if it were UTC; the real instant is `wall - offset`.
  const wall = day.set({ hour, minute }).toMillis(); // `day` is a UTC calendar day
  const DAY_MS = 86_400_000;
  // The zone's offsets (minutes) a day before and a day after: around a DST change they
  // differ, otherwise they are the same. Every offset that maps the wall time onto an
  // instant with that very offset is a real reading of the wall time.
  const before = tz.offset(wall - DAY_MS);
  const after = tz.offset(wall + DAY_MS);
  const readings = [before, after]
    .map((offset) => wall - offset * 60_000)
    .filter((instant) => wall - tz.offset(instant) * 60_000 === instant);
  // Ambiguous (fall-back): the earlier instant. Gap (spring-forward): none is real, so use
  // the offset in force before the gap, which moves the time forward by the gap's length.
  const instant = readings.length > 0 ? Math.min(...readings) : wall - before * 60_000;
  return toUtcIso(DateTime.fromMillis(instant, { zone: 'utc' }));
}

/** The local date (in `zone`) of a UTC ISO instant. */
export function localDate(instant: string, zone: string): string {
  const at = DateTime.fromISO(instant, { zone: 'utc' });
  if (!at.isValid) throw new RangeError(`localDate: not an ISO instant: ${JSON.stringify(instant)}`);
  return toIsoDate(at.setZone(assertZone(zone, 'localDate')));
}

/**
 * The instant a timed mail may go out. If the LOCAL date (in `rules.zone`) of `dueUtc` is a
 * working day, `dueUtc` itself (normalised to UTC ISO); otherwise the next working day at
 * `rules.workdayStart` local time, as UTC ISO. An ISO string without an offset is read as UTC.
 */
export function sendMoment(dueUtc: string, rules: CalendarRules): string {
  const due = DateTime.fromISO(dueUtc, { zone: 'utc' });
  if (!due.isValid) throw new RangeError(`sendMoment: not an ISO instant: ${JSON.stringify(dueUtc)}`);
  const localDate = toIsoDate(due.setZone(assertZone(rules.zone, 'sendMoment')));
  if (isWorkingDay(localDate, rules)) return toUtcIso(due);
  return atLocal(nextWorkingDay(localDate, rules), rules.workdayStart, rules.zone);
}

/**
 * The instant a mail that is not tied to a clock time goes out: `instant` itself during a
 * working day, otherwise the start of the next working day (or of the same day, when early).
 */
export function workingMoment(instant: string, rules: CalendarRules): string {
  const at = sendMoment(instant, rules);
  const local = DateTime.fromISO(at, { zone: 'utc' }).setZone(rules.zone);
  const morning = atLocal(toIsoDate(local), rules.workdayStart, rules.zone);
  return at < morning ? morning : at;
}

// ---------------------------------------------------------------------------------------
// Internals

/** Dates are handled as UTC calendar days: no DST, every day is 24 hours. */
function parseDate(isoDate: string, fn: string): DateTime {
  const day = typeof isoDate === 'string' && ISO_DATE.test(isoDate)
    ? DateTime.fromISO(isoDate, { zone: 'utc' })
    : DateTime.invalid('not yyyy-MM-dd');
  if (!day.isValid) throw new RangeError(`${fn}: expected an ISO date 'yyyy-MM-dd', got ${JSON.stringify(isoDate)}`);
  return day;
}

function parseHhMm(hhmm: string, fn: string): [number, number] {
  if (typeof hhmm !== 'string' || !HH_MM.test(hhmm)) {
    throw new RangeError(`${fn}: expected a local time 'HH:mm', got ${JSON.stringify(hhmm)}`);
  }
  return [Number(hhmm.slice(0, 2)), Number(hhmm.slice(3, 5))];
}

function assertCountry(country: Country): Country {
  if (country !== 'NO' && country !== 'DK') {
    throw new RangeError(`unsupported country ${JSON.stringify(country)}: expected 'NO' or 'DK'`);
  }
  return country;
}

/** Zones found valid: luxon checks a zone by building an Intl.DateTimeFormat, ~0.2 ms and ~25 KB native memory a call. */
const validZones = new Set<string>();

function assertZone(zone: string, fn: string): string {
  if (validZones.has(zone)) return zone;
  if (typeof zone !== 'string' || !IANAZone.isValidZone(zone)) {
    throw new RangeError(`${fn}: not an IANA time zone: ${JSON.stringify(zone)}`);
  }
  validZones.add(zone);
  return zone;
}

function isWorking(day: DateTime, rules: CalendarRules): boolean {
  if (day.weekday > 5) return false; // luxon: 1 = Monday … 7 = Sunday
  // `weekNumber` is the ISO week; weeks 28–30 never straddle a year boundary.
  if (rules.quietPeriod && day.weekNumber >= QUIET_WEEKS.first && day.weekNumber <= QUIET_WEEKS.last) return false;
  return !holidaysOf(day.year, assertCountry(rules.country)).set.has(toIsoDate(day));
}

/** The nearest working day strictly after (direction 1) or before (direction -1) `day`. */
function step(day: DateTime, direction: 1 | -1, rules: CalendarRules): DateTime {
  let candidate = day;
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    candidate = candidate.plus({ days: direction });
    if (isWorking(candidate, rules)) return candidate;
  }
  throw new RangeError(`no working day within ${MAX_SCAN_DAYS} days of ${toIsoDate(day)}`);
}

// toISODate/toISO rather than toFormat: they never depend on the locale's digits.
function toIsoDate(day: DateTime): string {
  return day.toISODate()!;
}

/** Same shape as `Date.prototype.toISOString()`: 'yyyy-MM-ddTHH:mm:ss.SSSZ'. */
function toUtcIso(instant: DateTime): string {
  return instant.toUTC().toISO()!;
}
