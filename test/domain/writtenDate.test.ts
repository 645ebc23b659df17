import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { parse } from 'yaml';
import { writeDay, writeInstant, writesItself } from '../../domain/writtenDate';
import { projectRoot } from '../../infra/paths';

// Mail dates are written without luxon's Intl work, and must read exactly as luxon writes them:
// every format of the four languages' texts, at random instants and around the changes to and
// from summer time, in the zones the municipalities use and a few others.
const languages = ['nb', 'nn', 'da', 'en'].map((lang) => parse(readFileSync(join(projectRoot, 'templates/i18n', `${lang}.yaml`), 'utf8')) as Record<string, string>);
const formats = languages.flatMap((t) => [t.dateTime, t.date, t.time].map((format) => ({ locale: t.locale, format })));
const zones = ['Europe/Oslo', 'Europe/Copenhagen', 'Atlantic/Reykjavik', 'America/St_Johns', 'Australia/Lord_Howe', 'UTC'];
const luxonInstant = (iso: string, zone: string, format: string, locale: string) => DateTime.fromISO(iso, { zone }).toFormat(format, { locale });
const luxonDay = (day: string, zone: string, format: string, locale: string) => DateTime.fromISO(day, { zone }).setLocale(locale).toFormat(format);

/** A small deterministic generator, so a failure can be run again. */
function random(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

test('the texts use formats it writes itself (no fallback to luxon for them)', () => {
  expect(formats.map((f) => f.format)).toEqual(expect.arrayContaining(["cccc d. LLLL yyyy 'kl.' HH.mm", 'HH.mm']));
  expect(formats).toHaveLength(12);
  for (const zone of zones) {
    const fallbacks = formats.filter(({ format, locale }) => !writesItself(zone, format, locale));
    expect({ zone, fallbacks }).toEqual({ zone, fallbacks: [] });
  }
  expect(writesItself('Europe/Oslo', "ccc d. LLL yyyy 'kl.' HH:mm:ss", 'nb')).toBe(false);
});

test('instants read as luxon writes them: 1,500 random ones per zone and every 15 minutes around DST changes', () => {
  const rnd = random(7);
  const instants = Array.from({ length: 1500 }, () => new Date(Date.UTC(2020, 0, 1) + rnd() * 12 * 365 * 86_400_000).toISOString());
  for (const change of ['2026-03-29T00:00:00Z', '2026-10-25T00:00:00Z', '2026-04-05T14:00:00Z', '2026-11-01T02:00:00Z']) {
    for (let q = 0; q < 24 * 4; q++) instants.push(new Date(Date.parse(change) + q * 900_000).toISOString());
  }
  instants.push('2026-03-03T09:30:00+01:00', '2026-03-03T08:30:00.000Z');
  const wrong: string[] = [];
  for (const zone of zones) {
    for (const { format, locale } of formats) {
      for (const iso of instants) {
        const ours = writeInstant(iso, zone, format, locale);
        const theirs = luxonInstant(iso, zone, format, locale);
        if (ours !== theirs) wrong.push(`${iso} ${zone} ${locale} «${format}»: ${ours} ≠ ${theirs}`);
      }
    }
  }
  expect(wrong.slice(0, 5)).toEqual([]);
  expect(writeInstant('2026-03-03T08:30:00Z', 'Europe/Oslo', "cccc d. LLLL yyyy 'kl.' HH.mm", 'nb')).toBe('tirsdag 3. mars 2026 kl. 09.30');
});

test('days read as luxon writes them, every day of two years', () => {
  const wrong: string[] = [];
  for (let d = 0; d < 731; d++) {
    const day = new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
    for (const { format, locale } of formats) {
      const ours = writeDay(day, 'Europe/Oslo', format, locale);
      const theirs = luxonDay(day, 'Europe/Oslo', format, locale);
      if (ours !== theirs) wrong.push(`${day} ${locale} «${format}»: ${ours} ≠ ${theirs}`);
    }
  }
  expect(wrong.slice(0, 5)).toEqual([]);
  expect(writeDay('2026-05-17', 'Europe/Oslo', "cccc d. LLLL yyyy", 'nn')).toBe(luxonDay('2026-05-17', 'Europe/Oslo', 'cccc d. LLLL yyyy', 'nn'));
});

test('a format or value it does not take is written by luxon, the same as luxon would', () => {
  const cases: [string, string, string][] = [
    ['2026-03-03T08:30:00Z', "ccc d. LLL yyyy 'kl.' HH:mm:ss ZZZZ", 'nb'],
    ['2026-03-03T08:30:00Z', "EEEE d MMMM yyyy, h:mm a", 'en'],
    ['2026-03-03T08:30:00Z', "d. LLLL yyyy 'kl.'' HH.mm", 'nb'],
    ['2026-03-03T08:30:00Z', 'cccc d. LLLL yyyy', 'ar-EG'],
    ['2026-03-03T08:30', 'HH.mm', 'nb'],
    ['not a date', 'HH.mm', 'nb'],
  ];
  for (const [iso, format, locale] of cases) expect(writeInstant(iso, 'Europe/Oslo', format, locale)).toBe(luxonInstant(iso, 'Europe/Oslo', format, locale));
  expect(writeDay('2026-02-30', 'Europe/Oslo', 'cccc d. LLLL yyyy', 'nb')).toBe(luxonDay('2026-02-30', 'Europe/Oslo', 'cccc d. LLLL yyyy', 'nb'));
});
