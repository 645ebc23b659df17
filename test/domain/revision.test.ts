import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { defaultRules, isWorkingDay } from '../../domain/calendar';
import { parseOrThrow, PlansyklusError } from '../../domain/errors';
import {
  electionDay,
  nextElection,
  revisionMilestones,
  revisionSpecSchema,
  type RevisionSpec,
} from '../../domain/plan/revision';
import { projectRoot } from '../../infra/paths';

const specFile = join(projectRoot, 'templates', 'plan', 'revision.yaml');
const rawSpec = () => parseYaml(readFileSync(specFile, 'utf8')) as Record<string, any>;
const spec: RevisionSpec = revisionSpecSchema().parse(rawSpec());

/** The message `f` threw; fails the test when it did not throw a PlansyklusError. */
function message(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(PlansyklusError);
    return (err as PlansyklusError).message;
  }
  throw new Error('expected a PlansyklusError, nothing was thrown');
}

describe('electionDay', () => {
  test.each([
    // Norway: the second Monday of September. 1 Sep 2023 is a Friday (Mondays 4, 11);
    // 1 Sep 2027 a Wednesday (6, 13); 1 Sep 2031 a Monday (1, 8).
    ['NO', 2023, '2023-09-11'],
    ['NO', 2027, '2027-09-13'],
    ['NO', 2031, '2031-09-08'],
    // Earlier elections follow the same rule.
    ['NO', 2019, '2019-09-09'],
    ['NO', 2007, '2007-09-10'],
    // Denmark: the third Tuesday of November. 1 Nov 2021 is a Monday (Tuesdays 2, 9, 16);
    // 1 Nov 2025 a Saturday (4, 11, 18); 1 Nov 2029 a Thursday (6, 13, 20).
    ['DK', 2021, '2021-11-16'],
    ['DK', 2025, '2025-11-18'],
    ['DK', 2029, '2029-11-20'],
    ['DK', 2017, '2017-11-21'],
    ['DK', 2005, '2005-11-15'],
  ] as const)('%s %i → %s', (country, year, day) => {
    expect(electionDay(country, year)).toBe(day);
  });

  test('no election in the other years', () => {
    for (let year = 2020; year <= 2040; year++) {
      if ((year - 2023) % 4 !== 0) expect(electionDay('NO', year)).toBeUndefined();
      if ((year - 2021) % 4 !== 0) expect(electionDay('DK', year)).toBeUndefined();
    }
    expect([2024, 2025, 2026, 2028, 2029, 2030].map((y) => electionDay('NO', y))).toEqual(Array(6).fill(undefined));
    expect([2022, 2023, 2024, 2026, 2027, 2028].map((y) => electionDay('DK', y))).toEqual(Array(6).fill(undefined));
  });

  test('election days keep their weekday far ahead', () => {
    for (let year = 2023; year < 2200; year += 4) {
      const day = electionDay('NO', year)!;
      const d = new Date(`${day}T00:00:00Z`);
      expect([d.getUTCDay(), d.getUTCMonth(), d.getUTCDate() >= 8 && d.getUTCDate() <= 14]).toEqual([1, 8, true]);
    }
    for (let year = 2021; year < 2200; year += 4) {
      const day = electionDay('DK', year)!;
      const d = new Date(`${day}T00:00:00Z`);
      expect([d.getUTCDay(), d.getUTCMonth(), d.getUTCDate() >= 15 && d.getUTCDate() <= 21]).toEqual([2, 10, true]);
    }
  });

  test('years before the rule is known, and non-integer years, are refused', () => {
    // The 2003 Norwegian election was on 15 September, not on the second Monday.
    expect(() => electionDay('NO', 2003)).toThrow(RangeError);
    expect(() => electionDay('DK', 2001)).toThrow(RangeError);
    expect(() => electionDay('NO', 2027.5)).toThrow(RangeError);
  });
});

describe('nextElection', () => {
  test.each([
    ['NO', '2024-01-01', '2027-09-13'],
    ['NO', '2027-09-12', '2027-09-13'],
    ['NO', '2027-09-13', '2027-09-13'], // on the day itself
    ['NO', '2027-09-14', '2031-09-08'],
    ['NO', '2023-01-01', '2023-09-11'],
    ['NO', '2020-06-15', '2023-09-11'],
    ['DK', '2021-11-17', '2025-11-18'],
    ['DK', '2025-11-18', '2025-11-18'],
    ['DK', '2025-12-31', '2029-11-20'],
    ['DK', '2022-01-01', '2025-11-18'],
  ] as const)('%s on or after %s → %s', (country, date, day) => {
    expect(nextElection(country, date)).toBe(day);
  });

  test('a malformed date is refused', () => {
    expect(() => nextElection('NO', '2027-02-30')).toThrow(RangeError);
    expect(() => nextElection('NO', '13.09.2027')).toThrow(RangeError);
  });
});

describe('revisionMilestones', () => {
  // Worked out by hand for the Norwegian election on Monday 13 September 2027:
  //   termStart     = 2027-10-01 (Fri); licenceExpiry = 2028-09-30 (Sat).
  //   Norwegian public holidays on the way: Easter 2028 is 16 April (13, 14 and 17 April off),
  //   1 May, 17 May, Ascension 25 May, Whit Monday 5 June.
  //
  //   revisionDecision  termStart + 2 months       = 2027-12-01 Wed
  //                     −10 wd: back over Nov 30, 29, 26, 25, 24, 23, 22, 19, 18, 17 → 2027-11-17
  //                     −2 wd: Nov 30, 29 → 2027-11-29
  //   statusPicture     termStart + 4 months       = 2028-02-01 Tue; −10 → 2028-01-18; −2 → 2028-01-28 (Fri)
  //   involvement       licenceExpiry − 7 months   = 30 Feb → 2028-02-29 Tue (leap year, month end)
  //                     −10 → 2028-02-15; −2 → 2028-02-25 (Fri)
  //   draft             licenceExpiry − 6 months   = 2028-03-30 Thu; −10 → 2028-03-16; −2 → 2028-03-28
  //   consultation      licenceExpiry − 5 months   = 2028-04-30 (Sun), then −10 working days:
  //                     Apr 28, 27, 26, 25, 24, 21, 20, 19, 18, (17, 14, 13 Easter), 12 → 2028-04-12 Wed
  //                     lasts 6 weeks → 2028-05-24 Wed (the day before Ascension)
  //                     −10: Apr 11, 10, 7, 6, 5, 4, 3, Mar 31, 30, 29 → 2028-03-29; −2 → 2028-04-10 (Mon)
  //   adoption          licenceExpiry − 3 months   = 2028-06-30 Fri (three months before the licences lapse)
  //                     −2 → 2028-06-28; −10 → 2028-06-16;
  //                     −20: on from Jun 16: 15, 14, 13, 12, 9, 8, 7, 6, (5 Whit Monday), 2, 1 → 2028-06-01
  //   newPlanStart      licenceExpiry + 1 wd: after Sat 30 Sep → 2028-10-02 Mon; −5 → 2028-09-25 (Mon)
  const no2027 = () => revisionMilestones(spec, 'NO', '2027-09-13');

  test('the 2027 Norwegian election: due dates and reminders', () => {
    expect(no2027().map((m) => [m.key, m.due, m.reminders, m.ends])).toEqual([
      ['revisionDecision', '2027-12-01', ['2027-11-17', '2027-11-29'], undefined],
      ['statusPicture', '2028-02-01', ['2028-01-18', '2028-01-28'], undefined],
      ['involvement', '2028-02-29', ['2028-02-15', '2028-02-25'], undefined],
      ['draft', '2028-03-30', ['2028-03-16', '2028-03-28'], undefined],
      ['consultation', '2028-04-12', ['2028-03-29', '2028-04-10'], '2028-05-24'],
      ['adoption', '2028-06-30', ['2028-06-01', '2028-06-16', '2028-06-28'], undefined],
      ['newPlanStart', '2028-10-02', ['2028-09-25'], undefined],
    ]);
  });

  test('the 2027 Norwegian election: working days, in order, adopted before the licences lapse', () => {
    const rules = defaultRules('NO');
    const list = no2027();
    for (const m of list) {
      expect([m.key, isWorkingDay(m.due, rules)]).toEqual([m.key, true]);
      for (const r of m.reminders) expect([m.key, r, isWorkingDay(r, rules), r <= m.due]).toEqual([m.key, r, true, true]);
    }
    const dues = list.map((m) => m.due);
    expect(dues).toEqual([...dues].sort());
    const byKey = Object.fromEntries(list.map((m) => [m.key, m]));
    expect(byKey.adoption!.due < '2028-09-30').toBe(true);
    // The consultation lasts at least six weeks and is over before the adoption.
    expect(byKey.consultation!.ends! >= '2028-05-24').toBe(true);
    expect(byKey.consultation!.ends! < byKey.adoption!.due).toBe(true);
  });

  test('texts, roles and the legal basis come from the spec', () => {
    const byKey = Object.fromEntries(no2027().map((m) => [m.key, m]));
    expect(byKey.adoption!.title.nb).toBe('Politisk vedtak av planen');
    expect(byKey.adoption!.remind).toEqual(['leader', 'contact', 'adviser']);
    expect(byKey.draft!.legal).toEqual(spec.legal.NO);
    expect(byKey.adoption!.legal.nb).toContain('§ 1-7d');
    expect(byKey.adoption!.legal.nn).toContain('§ 1-7d');
    // A milestone's note is added after the general text, per language.
    expect(byKey.consultation!.legal.nb.startsWith(spec.legal.NO.nb)).toBe(true);
    expect(byKey.consultation!.legal.nb).toContain('§ 11-14');
    expect(byKey.consultation!.legal.nn).toContain('§ 11-14');
    const dk = Object.fromEntries(revisionMilestones(spec, 'DK', '2025-11-18').map((m) => [m.key, m]));
    expect(dk.adoption!.legal).toEqual(spec.legal.DK);
    expect(dk.consultation!.legal.da!.startsWith(spec.legal.DK.da!)).toBe(true);
    expect(dk.adoption!.legal.da).not.toContain('§');
  });

  test('the 2025 Danish election: term from 1 January 2026, plan in force from the budget year 2027', () => {
    const list = revisionMilestones(spec, 'DK', '2025-11-18');
    expect(list.map((m) => [m.key, m.due])).toEqual([
      ['revisionDecision', '2026-03-02'], // 1 March 2026 is a Sunday
      ['statusPicture', '2026-05-01'], // 1 May is no public holiday in Denmark
      ['involvement', '2026-06-01'], // 31 May is a Sunday
      ['draft', '2026-06-30'],
      ['consultation', '2026-07-17'],
      ['adoption', '2026-09-30'],
      ['newPlanStart', '2027-01-04'], // 1 January 2027 is a Friday and a holiday
    ]);
  });

  test.each(['NO', 'DK'] as const)('every election of %s this century: working days, in order, consultation over before adoption', (country) => {
    const rules = defaultRules(country);
    for (let year = country === 'NO' ? 2007 : 2005; year < 2100; year += 4) {
      const election = electionDay(country, year)!;
      const list = revisionMilestones(spec, country, election);
      const dues = list.map((m) => m.due);
      expect(dues).toEqual([...dues].sort());
      expect(list.every((m) => isWorkingDay(m.due, rules) && m.reminders.every((r) => isWorkingDay(r, rules) && r <= m.due))).toBe(true);
      expect(dues[0]! > election).toBe(true);
      const adoption = list.find((m) => m.key === 'adoption')!.due;
      const consultation = list.find((m) => m.key === 'consultation')!;
      expect(consultation.ends! < adoption).toBe(true);
      // Norway: adopted before the licences lapse on 30 September the year after the election.
      if (country === 'NO') expect(adoption < `${year + 1}-09-30`).toBe(true);
    }
  });

  test('an election-anchored milestone, and a default cadence', () => {
    const custom = revisionSpecSchema().parse({
      ...rawSpec(),
      reminderWorkingDaysBefore: [1],
      milestones: [{ ...rawSpec().milestones[0], key: 'beforeElection', due: { anchor: 'election', workingDays: -5 }, reminderWorkingDaysBefore: undefined }],
    });
    // Five working days before Monday 13 September 2027 is Monday 6 September; one before is Friday 3.
    expect(revisionMilestones(custom, 'NO', '2027-09-13').map((m) => [m.due, m.reminders])).toEqual([['2027-09-06', ['2027-09-03']]]);
  });

  test('a consultation that runs into the next milestone is refused', () => {
    const raw = rawSpec();
    raw.milestones.find((m: any) => m.key === 'consultation').lastsWeeks = 12;
    expect(() => revisionMilestones(revisionSpecSchema().parse(raw), 'NO', '2027-09-13')).toThrow(
      'revisionMilestones: «consultation» varer til 2028-07-05, men neste milepæl «adoption» er 2028-06-30',
    );
  });

  test('a date that is not election day is refused', () => {
    expect(() => revisionMilestones(spec, 'NO', '2027-10-01')).toThrow(RangeError);
    expect(() => revisionMilestones(spec, 'DK', '2027-09-13')).toThrow(RangeError);
  });
});

describe('templates/plan/revision.yaml', () => {
  test('is a valid revision spec with the seven milestones', () => {
    expect(parseOrThrow(revisionSpecSchema(), rawSpec(), 'revision.yaml')).toEqual(spec);
    expect(spec.milestones.map((m) => m.key)).toEqual([
      'revisionDecision',
      'statusPicture',
      'involvement',
      'draft',
      'consultation',
      'adoption',
      'newPlanStart',
    ]);
    expect(spec.reminderWorkingDaysBefore).toEqual([10, 2]);
    expect(spec.milestones.find((m) => m.key === 'consultation')!.lastsWeeks).toBeGreaterThanOrEqual(6);
  });

  test('every text, legal ones included, is in all four languages', () => {
    const texts = [spec.name, ...spec.milestones.flatMap((m) => [m.title, m.description]), spec.legal.NO, spec.legal.DK];
    for (const m of spec.milestones) texts.push(...[m.legalNote?.NO, m.legalNote?.DK].filter((t) => t !== undefined));
    for (const text of texts) expect(Object.keys(text).sort()).toEqual(['da', 'en', 'nb', 'nn']);
  });
});

describe('a broken spec names the field', () => {
  test('an unknown anchor and a negative reminder', () => {
    const raw = rawSpec();
    raw.milestones[1].due.anchor = 'kickoff';
    raw.milestones[5].reminderWorkingDaysBefore = [20, -2];
    expect(message(() => parseOrThrow(revisionSpecSchema(), raw, 'revision.yaml'))).toBe(
      [
        'revision.yaml er ikke gyldig:',
        'milestones.1.due.anchor: ukjent anker «kickoff»; bruk election, termStart, licenceExpiry',
        'milestones.5.reminderWorkingDaysBefore.1: kan ikke være negativ: påminnelser går et antall arbeidsdager før fristen',
      ].join('\n'),
    );
  });

  test('a negative default reminder, an unknown role, a date not every year has', () => {
    const raw = rawSpec();
    raw.reminderWorkingDaysBefore = [-1];
    raw.milestones[0].remind = ['mayor'];
    raw.anchors.DK.licenceExpiry = { yearsAfterElection: 1, month: 2, day: 29 };
    expect(message(() => parseOrThrow(revisionSpecSchema(), raw, 'revision.yaml'))).toBe(
      [
        'revision.yaml er ikke gyldig:',
        'reminderWorkingDaysBefore.0: kan ikke være negativ: påminnelser går et antall arbeidsdager før fristen',
        'anchors.DK.licenceExpiry.day: datoen finnes ikke hvert år',
        'milestones.0.remind.0: ukjent rolle; bruk contact, leader, adviser',
      ].join('\n'),
    );
  });

  test('a repeated milestone key', () => {
    const raw = rawSpec();
    raw.milestones[2].key = 'statusPicture';
    expect(message(() => parseOrThrow(revisionSpecSchema(), raw, 'revision.yaml'))).toBe(
      'revision.yaml er ikke gyldig:\nmilestones.2.key: nøkkelen «statusPicture» er brukt før',
    );
  });

  test('a missing bokmål title and an unknown field', () => {
    const raw = rawSpec();
    delete raw.milestones[3].title.nb;
    raw.milestones[3].dueDate = '2028-03-30';
    const text = message(() => parseOrThrow(revisionSpecSchema(), raw, 'revision.yaml'));
    expect(text).toMatch(/^milestones\.3\.title\.nb: /m);
    expect(text).toMatch(/^milestones\.3: .*dueDate/m);
  });
});
