import { DateTime } from 'luxon';
import { Memo } from './memo';
import { hourlyZone, wallClock } from './zone';

/**
 * Dates written for readers ("tirsdag 3. mars 2026 kl. 09.30"), exactly as luxon's `toFormat`
 * writes them, without luxon's Intl calls on every date. A format is compiled once per locale:
 * weekday and month names come from luxon itself (7 and 12 calls), numbers are plain digits.
 * A format with any other token, or one whose compiled form writes a sample of instants
 * differently from luxon, is left to luxon, so a centre may write any format in its texts.
 */

interface Fields {
  year: number;
  month: number;
  day: number;
  /** 1 = Monday … 7 = Sunday, as luxon counts. */
  weekday: number;
  hour: number;
  minute: number;
}

type Part = string | ((f: Fields) => string);

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Luxon's names: weekday 1–7 from Monday 1 January 2024, months 1–12 of 2024. */
function names(locale: string, token: string, count: number, date: (i: number) => { month: number; day: number }): string[] {
  return Array.from({ length: count }, (_, i) => DateTime.fromObject({ year: 2024, ...date(i) }, { zone: 'UTC', locale }).toFormat(token));
}

function tokenPart(token: string, locale: string): Part | undefined {
  switch (token) {
    case 'cccc':
    case 'EEEE': {
      const days = names(locale, token, 7, (i) => ({ month: 1, day: 1 + i }));
      return (f) => days[f.weekday - 1];
    }
    case 'LLLL':
    case 'MMMM': {
      const months = names(locale, token, 12, (i) => ({ month: 1 + i, day: 1 }));
      return (f) => months[f.month - 1];
    }
    case 'd': return (f) => String(f.day);
    case 'dd': return (f) => pad2(f.day);
    case 'L':
    case 'M': return (f) => String(f.month);
    case 'LL':
    case 'MM': return (f) => pad2(f.month);
    case 'yyyy': return (f) => String(f.year);
    case 'H': return (f) => String(f.hour);
    case 'HH': return (f) => pad2(f.hour);
    case 'mm': return (f) => pad2(f.minute);
    default: return undefined;
  }
}

/** The parts of a format: literals and tokens as luxon splits them, or null for one it cannot take. */
function compile(format: string, locale: string): Part[] | null {
  const parts: Part[] = [];
  let i = 0;
  while (i < format.length) {
    const c = format[i];
    if (c === "'") {
      const end = format.indexOf("'", i + 1);
      if (end < 0 || end === i + 1) return null; // unclosed or '' (an escaped quote): luxon's business
      parts.push(format.slice(i + 1, end));
      i = end + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (format[j] === c) j++;
      const part = tokenPart(format.slice(i, j), locale);
      if (!part) return null;
      parts.push(part);
      i = j;
    } else {
      parts.push(c);
      i++;
    }
  }
  return parts;
}

/** Instants across a year, both offsets, one- and two-digit days, months and hours. */
const samples = ['2024-01-01T06:05:00Z', '2024-03-09T23:59:00Z', '2024-06-30T12:00:00Z', '2024-10-27T00:30:00Z', '2024-12-15T08:45:00Z'].concat(
  Array.from({ length: 12 }, (_, m) => `2025-${pad2(m + 1)}-${pad2(3 + 2 * m)}T${pad2(m * 2)}:${pad2(m * 5)}:00Z`),
);

const luxonWrites = (iso: string, zone: string, format: string, locale: string) =>
  DateTime.fromISO(iso, { zone: hourlyZone(zone) }).toFormat(format, { locale });

/** Per locale and format: the compiled parts, or null when luxon writes it (checked once, per zone). */
const formats = new Memo<Part[] | null>(1000);

function partsFor(zone: string, format: string, locale: string): Part[] | null {
  return formats.get(`${zone}\u0000${locale}\u0000${format}`, () => {
    const parts = compile(format, locale);
    if (!parts) return null;
    return samples.every((iso) => write(parts, fieldsOf(iso, zone)) === luxonWrites(iso, zone, format, locale)) ? parts : null;
  });
}

/** The fields of a wall-clock time held as a Date's UTC fields. */
function fieldsOfWallClock(local: Date): Fields {
  const weekday = local.getUTCDay();
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    weekday: weekday === 0 ? 7 : weekday,
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
  };
}

function fieldsOf(iso: string, zone: string): Fields {
  const ts = Date.parse(iso);
  return fieldsOfWallClock(wallClock(ts, zone));
}

const write = (parts: Part[], f: Fields) => {
  let out = '';
  for (const p of parts) out += typeof p === 'string' ? p : p(f);
  return out;
};

/** Whether it writes this format itself in this zone and locale (else luxon does). */
export const writesItself = (zone: string, format: string, locale: string): boolean => partsFor(zone, format, locale) !== null;

const instantPattern = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;
const dayPattern = /^(\d{4})-(\d\d)-(\d\d)$/;

/** An instant (ISO, with Z or an offset) written in `zone` with a luxon format in `locale`. */
export function writeInstant(iso: string, zone: string, format: string, locale: string): string {
  const parts = partsFor(zone, format, locale);
  return parts && instantPattern.test(iso) && !Number.isNaN(Date.parse(iso)) ? write(parts, fieldsOf(iso, zone)) : luxonWrites(iso, zone, format, locale);
}

/** A calendar day (YYYY-MM-DD, its start in `zone`) written with a luxon format in `locale`. */
export function writeDay(isoDate: string, zone: string, format: string, locale: string): string {
  const parts = partsFor(zone, format, locale);
  const ymd = dayPattern.exec(isoDate);
  if (!parts || !ymd) return luxonWrites(isoDate, zone, format, locale);
  const [year, month, day] = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return luxonWrites(isoDate, zone, format, locale);
  return write(parts, fieldsOfWallClock(date));
}
