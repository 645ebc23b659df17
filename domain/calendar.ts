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
// Days are whole numbers (days since 1970-01-01, a UTC calendar day), so stepping through
// working days is integer arithmetic. Luxon is used only where the time-zone database is
// needed, and those answers (and the holidays per country and year) are memoised in
// module-level maps: pure caches whose contents depend only on the key, so replays see the
// same answers. The rules call these for every measure at every step, so it matters for
// how much work a worker can carry (npm run bench:scale).

import { DateTime, IANAZone } from 'luxon';
import { Memo } from './memo';

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
function easterSunday(year: number): Day {
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
  return dayOf(year, month, day);
}

/** Sorted, de-duplicated public holidays per `${country}:${year}`. */
const holidayAnswers = new Memo<{ list: readonly string[]; set: ReadonlySet<Day> }>();

function holidaysOf(year: number, country: Country): { list: readonly string[]; set: ReadonlySet<Day> } {
  return holidayAnswers.get(`${country}:${year}`, () => {
    if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
      throw new RangeError(`year must be an integer ${FIRST_YEAR}..${LAST_YEAR}, got ${String(year)}`);
    }
    const easter = easterSunday(year);
    const dates = new Set<string>(); // a Set: e.g. in NO 2008 Ascension fell on 1 May
    for (const rule of HOLIDAY_RULES[assertCountry(country)]) {
      if (rule.before !== undefined && year >= rule.before) continue;
      dates.add('fixed' in rule ? `${year}-${rule.fixed}` : toIsoDate(easter + rule.easter));
    }
    const list = Object.freeze([...dates].sort());
    return { list, set: new Set(list.map((d) => parseDate(d, 'holidaysOf'))) };
  });
}

/** Public holidays of `year` as sorted ISO dates 'yyyy-MM-dd'. */
export function publicHolidays(year: number, country: Country): string[] {
  return [...holidaysOf(year, assertCountry(country)).list];
}

/** Whether the ISO date 'yyyy-MM-dd' is a public holiday in `country`. */
export function isPublicHoliday(isoDate: string, country: Country): boolean {
  const day = parseDate(isoDate, 'isPublicHoliday');
  return holidaysOf(yearOf(day), assertCountry(country)).set.has(day);
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
  return workingDayAnswers.get(keyOf(isoDate, String(n), ...rulesKey(rules)), () => {
    let day = parseDate(isoDate, 'addWorkingDays');
    if (n === 0) return toIsoDate(isWorking(day, rules) ? day : step(day, 1, rules));
    const direction = n > 0 ? 1 : -1;
    for (let left = Math.abs(n); left > 0; left--) day = step(day, direction, rules);
    return toIsoDate(day);
  });
}

/** `n` calendar days from the ISO date 'yyyy-MM-dd' (n < 0: back). */
export function addDays(isoDate: string, n: number): string {
  return addDaysAnswers.get(keyOf(isoDate, String(n)), () => {
    if (!Number.isSafeInteger(n)) throw new RangeError(`addDays: n must be an integer, got ${String(n)}`);
    return toIsoDate(parseDate(isoDate, 'addDays') + n);
  });
}

/** Joins arguments into a key; \u0000 appears in no date, time, zone or instant that passes validation. */
const keyOf = (...parts: string[]) => parts.join('\u0000');
const rulesKey = ({ country, zone, quietPeriod, workdayStart }: CalendarRules) => [country, zone, String(quietPeriod), workdayStart];

// ---------------------------------------------------------------------------------------
// Instants

/**
 * The UTC instant (ISO with Z) of the local wall time `hhmm` on `isoDate` in `zone`.
 * DST: a wall time that does not exist (spring-forward gap) is moved forward by the
 * length of the gap (02:30 becomes 03:30 summer time); an ambiguous wall time
 * (autumn fall-back) resolves to the earlier instant, i.e. the summer-time offset.
 */
export function atLocal(isoDate: string, hhmm: string, zone: string): string {
  return atLocalAnswers.get(keyOf(isoDate, hhmm, zone), () => computeAtLocal(isoDate, hhmm, zone));
}

const atLocalAnswers = new Memo<string>();
const addDaysAnswers = new Memo<string>();
const workingDayAnswers = new Memo<string>();

function computeAtLocal(isoDate: string, hhmm: string, zone: string): string {
  const day = parseDate(isoDate, 'atLocal');
  const [hour, minute] = parseHhMm(hhmm, 'atLocal');
  const tz = IANAZone.create(assertZone(zone, 'atLocal'));
  // The wall time read as if it were UTC; the real instant is `wall - offset`.
  const wall = day * DAY_MS + hour * 3_600_000 + minute * 60_000;
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
  return new Date(instant).toISOString();
}

/** The local date (in `zone`) of a UTC ISO instant. */
export function localDate(instant: string, zone: string): string {
  return localDateAnswers.get(keyOf(instant, zone), () => {
    const at = DateTime.fromISO(instant, { zone: 'utc' });
    if (!at.isValid) throw new RangeError(`localDate: not an ISO instant: ${JSON.stringify(instant)}`);
    return at.setZone(assertZone(zone, 'localDate')).toISODate()!;
  });
}

const localDateAnswers = new Memo<string>();

/**
 * The instant a timed mail may go out. If the LOCAL date (in `rules.zone`) of `dueUtc` is a
 * working day, `dueUtc` itself (normalised to UTC ISO); otherwise the next working day at
 * `rules.workdayStart` local time, as UTC ISO. An ISO string without an offset is read as UTC.
 */
export function sendMoment(dueUtc: string, rules: CalendarRules): string {
  const { zone, workdayStart } = rules;
  return sendMomentAnswers.get(keyOf(dueUtc, ...rulesKey(rules)), () => {
    const due = DateTime.fromISO(dueUtc, { zone: 'utc' });
    if (!due.isValid) throw new RangeError(`sendMoment: not an ISO instant: ${JSON.stringify(dueUtc)}`);
    const day = due.setZone(assertZone(zone, 'sendMoment')).toISODate()!;
    if (isWorkingDay(day, rules)) return due.toUTC().toISO()!;
    return atLocal(nextWorkingDay(day, rules), workdayStart, zone);
  });
}

const sendMomentAnswers = new Memo<string>();

/**
 * The instant a mail that is not tied to a clock time goes out: `instant` itself during a
 * working day, otherwise the start of the next working day (or of the same day, when early).
 */
export function workingMoment(instant: string, rules: CalendarRules): string {
  const at = sendMoment(instant, rules);
  const morning = atLocal(localDate(at, rules.zone), rules.workdayStart, rules.zone);
  return at < morning ? morning : at;
}

// ---------------------------------------------------------------------------------------
// Internals

/** A UTC calendar day as the number of days since 1970-01-01: no DST, every day is 24 hours. */
type Day = number;

const DAY_MS = 86_400_000;

// Days from and to (year, month, day) in the proleptic Gregorian calendar, after Howard
// Hinnant's days_from_civil / civil_from_days: integer arithmetic, no Date objects.

/** The day of a year, month (1–12) and day of month. */
function dayOf(year: number, month: number, dayOfMonth: number): Day {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + dayOfMonth - 1;
  return era * 146_097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719_468;
}

/** [year, month (1–12), day of month] of a day. */
function civilOf(day: Day): [number, number, number] {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, dayOfYear - Math.floor((153 * mp + 2) / 5) + 1];
}

const yearOf = (day: Day) => civilOf(day)[0];

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysInMonth = (y: number, m: number) => (m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);

/** 1 = Monday … 7 = Sunday (ISO); day 0, 1970-01-01, was a Thursday. */
const weekdayOf = (day: Day) => ((((day + 3) % 7) + 7) % 7) + 1;

/** The ISO week number: the week's Thursday decides its year. */
function isoWeekOf(day: Day): number {
  const thursday = day - weekdayOf(day) + 4;
  return Math.floor((thursday - dayOf(yearOf(thursday), 1, 1)) / 7) + 1;
}

function parseDate(isoDate: string, fn: string): Day {
  if (typeof isoDate === 'string' && ISO_DATE.test(isoDate)) {
    const [year, month, dayOfMonth] = [Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)), Number(isoDate.slice(8, 10))];
    // 2040-04-31 and month 13 are not dates.
    if (month >= 1 && month <= 12 && dayOfMonth >= 1 && dayOfMonth <= daysInMonth(year, month)) return dayOf(year, month, dayOfMonth);
  }
  throw new RangeError(`${fn}: expected an ISO date 'yyyy-MM-dd', got ${JSON.stringify(isoDate)}`);
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

function isWorking(day: Day, rules: CalendarRules): boolean {
  if (weekdayOf(day) > 5) return false;
  // ISO weeks 28–30 never straddle a year boundary.
  if (rules.quietPeriod) {
    const week = isoWeekOf(day);
    if (week >= QUIET_WEEKS.first && week <= QUIET_WEEKS.last) return false;
  }
  return !holidaysOf(yearOf(day), assertCountry(rules.country)).set.has(day);
}

/** The nearest working day strictly after (direction 1) or before (direction -1) `day`. */
function step(day: Day, direction: 1 | -1, rules: CalendarRules): Day {
  let candidate = day;
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    candidate += direction;
    if (isWorking(candidate, rules)) return candidate;
  }
  throw new RangeError(`no working day within ${MAX_SCAN_DAYS} days of ${toIsoDate(day)}`);
}

/** 'yyyy-MM-dd' (years outside 0–9999 as Date.toISOString writes them). */
function toIsoDate(day: Day): string {
  const [year, month, dayOfMonth] = civilOf(day);
  if (year < 0 || year > 9999) return new Date(day * DAY_MS).toISOString().slice(0, -14);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${dayOfMonth < 10 ? '0' : ''}${dayOfMonth}`;
}
