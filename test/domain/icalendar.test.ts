import fc from 'fast-check';
import * as ical from 'node-ical';
import { CRLF, fold, param, text, utc } from '../../domain/icalendar';

const octets = (s: string) => Buffer.byteLength(s, 'utf8');
const unfold = (s: string) => s.replace(/\r\n /g, '');

describe('fold', () => {
  test('no physical line is over 75 octets, no character is split, and unfolding gives the line back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200, size: 'max' }), (value) => {
        const line = `DESCRIPTION:${value.replace(/[\r\n]/g, ' ')}`;
        const folded = fold(line);
        expect(unfold(folded)).toBe(line);
        const physical = folded.split(CRLF);
        for (const [i, part] of physical.entries()) {
          expect(octets(part)).toBeLessThanOrEqual(75);
          if (i > 0) expect(part.startsWith(' ')).toBe(true);
          // A part that ended inside a surrogate pair would not survive UTF-8.
          expect(Buffer.from(part, 'utf8').toString('utf8')).toBe(part);
        }
        // Folding only where needed: a line of 75 octets or fewer stays one line.
        expect(physical.length === 1).toBe(octets(line) <= 75);
      }),
      { numRuns: 2_000 },
    );
  });

  test('breaks a Norwegian line between characters, counting æ, ø and å as two octets', () => {
    const line = `SUMMARY:${'ø'.repeat(40)}`;
    const [first, second] = fold(line).split(CRLF);
    expect(first).toBe(`SUMMARY:${'ø'.repeat(33)}`); // 8 + 66 octets; one more would be 76
    expect(second).toBe(` ${'ø'.repeat(7)}`);
  });
});

describe('text and param', () => {
  // Values as people type them: separators, quotes, line breaks, carets, emoji.
  const typed = 'Møte; «Namsen», rom 3\\B: "lunsj" ^ kaffe\r\nSteg 2\nSteg 3 🙂';

  test('a calendar client reads a TEXT value back as typed, also when folded', () => {
    const calendar = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'UID:x', 'DTSTAMP:20261203T090000Z', 'DTSTART:20261203T090000Z',
      fold(`SUMMARY:${text(typed)}`), fold(`LOCATION:${text(typed.repeat(3))}`), 'END:VEVENT', 'END:VCALENDAR', ''].join(CRLF);
    const event = Object.values(ical.sync.parseICS(calendar)).find((c) => c?.type === 'VEVENT');
    if (event?.type !== 'VEVENT') throw new Error('no VEVENT');
    const normalised = typed.replace(/\r\n/g, '\n');
    expect(event.summary).toBe(normalised);
    expect(event.location).toBe(normalised.repeat(3));
  });

  test('TEXT escapes the separators and writes line breaks as \\n', () => {
    expect(text('a,b;c\\d\r\ne\nf\rg')).toBe('a\\,b\\;c\\\\d\\ne\\nf\\ng');
  });

  test('a parameter value is quoted, its quotes, carets and line breaks written as RFC 6868 says', () => {
    expect(param('Hansen, Per; leder: rus')).toBe('"Hansen, Per; leder: rus"');
    expect(param('Kari "KK" ^ Nord\nby')).toBe(`"Kari ^'KK^' ^^ Nord^nby"`);
  });
});

describe('utc', () => {
  test('writes an instant as a UTC DATE-TIME', () => {
    expect(utc(new Date('2026-12-03T09:05:07.123Z'))).toBe('20261203T090507Z');
  });
});
