import { type Period, parsePeriod } from '../../domain/plan/period';

type Ctx = { planFrom: number; planTo: number; language?: 'nb' | 'da' };

// Seed 001: Overhalla kommune, rusmiddelpolitisk handlingsplan 2011–2015 (Norwegian).
const OVERHALLA: Ctx = { planFrom: 2011, planTo: 2015, language: 'nb' };
// Seed 003: Varde kommune, rusmiddelstrategi 2013–2018 (Danish).
const VARDE: Ctx = { planFrom: 2013, planTo: 2018, language: 'da' };

const due = (d: string): Period => ({ kind: 'due', due: d });
const range = (from: string, to: string): Period => ({ kind: 'range', from, to });
const yearly: Period = { kind: 'recurring', every: 'year' };
const continuous: Period = { kind: 'continuous' };

describe('parsePeriod: understood', () => {
  test.each<[string, string, Ctx, Period]>([
    // Seed 001, column "Tidsperiode".
    ['seed 001', '2011-2013', OVERHALLA, range('2011-01-01', '2013-12-31')],
    ['seed 001', '2011-2015', OVERHALLA, range('2011-01-01', '2015-12-31')],
    ['seed 001', '2011-2012', OVERHALLA, range('2011-01-01', '2012-12-31')],
    ['seed 001', '2008-2020', OVERHALLA, range('2008-01-01', '2020-12-31')],
    ['seed 001', 'Årlig', OVERHALLA, yearly],
    ['seed 001', 'Hele perioden', OVERHALLA, continuous],
    // Seed 001, column "Resultat" (an evaluation time is a due date).
    ['seed 001', 'Evalueres høsten 2013', OVERHALLA, due('2013-11-30')],
    ['seed 001', 'Evalueres årlig', OVERHALLA, yearly],
    ['seed 001', 'Evalueres hvert år', OVERHALLA, yearly],
    ['seed 001', 'Evalueres og justeres årlig', OVERHALLA, yearly],
    ['seed 001', 'Prosjektmidler fra NAV og FM 2010-2013', OVERHALLA, range('2010-01-01', '2013-12-31')],
    // Seed 003, column "Tidsplan (2013-2018)".
    ['seed 003', 'Info. til skolerådgiverne i skoleåret 2013-14', VARDE, due('2014-06-30')],
    [
      'seed 003',
      'Der vil i regi af Børn og Unge blive etableret rejseophold som får til opgave at understøtte arbejdet med inklusion i dagtilbud og skoler.\n\nArbejdet er igangsat. (2013 – 2018)',
      VARDE,
      range('2013-01-01', '2018-12-31'),
    ],
    ['seed 003', 'August 2014 – maj 2016.', VARDE, range('2014-08-01', '2016-05-31')],
    ['seed 003', 'September 2013 – august 2015.', VARDE, range('2013-09-01', '2015-08-31')],
    ['seed 003', 'Længerevarende perspektiv (2018)', VARDE, due('2018-12-31')],
    ['seed 003', '2013 - medio 2014', VARDE, range('2013-01-01', '2014-06-30')],
    ['seed 003', 'Afholdt workshop 1 d. 29.08.13', VARDE, due('2013-08-29')],
    ['seed 003', 'Projektbeskrivelse for indsatsen udarbejdes i løbet af 2013/14', VARDE, range('2013-01-01', '2014-12-31')],
    ['seed 003', 'En fast struktur for arbejdet med indsatsen for socialt udsatte forventes etableret i løbet af 2014.', VARDE, due('2014-12-31')],
    ['seed 003', 'Justeres løbende', VARDE, continuous],
    [
      'seed 003',
      'Sagsbehandlingen af den unge over 13 år – indgår som et pkt. under Børn, Unge og Families evaluering af ungeindsatsen (myndighed og leverandør) med opstart ultimo 2013',
      VARDE,
      due('2013-12-31'),
    ],
    ['seed 003', 'Fra januar 2015 er en ny aftale godkendt og klar til brug.', VARDE, range('2015-01-01', '2018-12-31')],
    ['seed 003', 'Ultimo 2013', VARDE, due('2013-12-31')],
    ['seed 003', '2014', VARDE, due('2014-12-31')],
    ['seed 003 (Status nu)', 'Forår 2014 – 2016.', VARDE, range('2014-03-01', '2016-12-31')],
    ['seed 003 (Hvem)', 'Frem til 1. nov. 2013 er Louise Raunkjær Skolechef', VARDE, due('2013-11-01')],
    // Years and ranges.
    ['year', '2012', OVERHALLA, due('2012-12-31')],
    ['year, ca.', 'ca.  2012', OVERHALLA, due('2012-12-31')],
    ['range, en dash', '2011–2015', OVERHALLA, range('2011-01-01', '2015-12-31')],
    ['range, em dash, spaces, brackets', '( 2013 — 2018 )', VARDE, range('2013-01-01', '2018-12-31')],
    ['range, slash', '2013/2014', OVERHALLA, range('2013-01-01', '2014-12-31')],
    ['range, short slash', '2013/14', OVERHALLA, range('2013-01-01', '2014-12-31')],
    ['range, short dash', '2011-12', OVERHALLA, range('2011-01-01', '2012-12-31')],
    ['range, fra … til', 'Fra 2012 til 2014', OVERHALLA, range('2012-01-01', '2014-12-31')],
    ['range of months, one year', 'mars–juni 2014', OVERHALLA, range('2014-03-01', '2014-06-30')],
    ['range of seasons across new year', 'høsten – vinteren 2014', OVERHALLA, range('2014-09-01', '2015-02-28')],
    ['range of dates', '1. mars 2014 - 15.06.2014', OVERHALLA, range('2014-03-01', '2014-06-15')],
    ['range from medio', 'medio 2014 – 2015', OVERHALLA, range('2014-07-01', '2015-12-31')],
    ['fra: to the plan end', 'fra og med 2013', OVERHALLA, range('2013-01-01', '2015-12-31')],
    ['etter: the day after, to the plan end', 'etter sommeren 2014', OVERHALLA, range('2014-09-01', '2015-12-31')],
    // Keywords.
    ['recurring, upper case', 'ÅRLIG', OVERHALLA, yearly],
    ['recurring, Danish', 'årligt', VARDE, yearly],
    ['recurring, Danish hvert år', 'hvert år', VARDE, yearly],
    ['recurring, once a year', 'ca. en gang om året', VARDE, yearly],
    ['continuous', 'Løpende', OVERHALLA, continuous],
    ['continuous', 'Kontinuerlig', OVERHALLA, continuous],
    ['continuous', 'Hele planperioden', OVERHALLA, continuous],
    ['continuous, Danish', 'Løbende', VARDE, continuous],
    ['continuous, Danish', 'Fortløbende', VARDE, continuous],
    ['continuous + the plan period itself', 'Hele planperioden (2011–2015)', OVERHALLA, continuous],
    ['range absorbs yearly evaluation', '2011-2015. Evalueres årlig', OVERHALLA, range('2011-01-01', '2015-12-31')],
    ['same period twice counts once', '2014 (evalueres 2014)', OVERHALLA, due('2014-12-31')],
    // Seasons.
    ['spring', 'Våren 2014', OVERHALLA, due('2014-06-30')],
    ['spring, Danish', 'forår 2014', VARDE, due('2014-06-30')],
    ['summer', 'sommeren 2014', OVERHALLA, due('2014-08-31')],
    ['autumn', 'Høst 2013', OVERHALLA, due('2013-11-30')],
    ['autumn, Danish', 'Efterår 2013', VARDE, due('2013-11-30')],
    ['winter: end of February next year', 'vinteren 2013', OVERHALLA, due('2014-02-28')],
    ['winter: leap year', 'Vinter 2015', OVERHALLA, due('2016-02-29')],
    ['winter written with both years', 'vinteren 2014/15', OVERHALLA, due('2015-02-28')],
    // Halves and quarters.
    ['1. halvår', '1. halvår 2024', { planFrom: 2023, planTo: 2026 }, due('2024-06-30')],
    ['2. halvår', '2. halvår 2024', { planFrom: 2023, planTo: 2026 }, due('2024-12-31')],
    ['første halvår', 'første halvår 2024', { planFrom: 2023, planTo: 2026 }, due('2024-06-30')],
    ['andre halvår', 'andre halvår 2024', { planFrom: 2023, planTo: 2026 }, due('2024-12-31')],
    ['andet halvår (da)', 'andet halvår 2024', { planFrom: 2023, planTo: 2026, language: 'da' }, due('2024-12-31')],
    ['1. kvartal', '1. kvartal 2025', { planFrom: 2023, planTo: 2026 }, due('2025-03-31')],
    ['2. kvartal', '2. kvartal 2025', { planFrom: 2023, planTo: 2026 }, due('2025-06-30')],
    ['tredje kvartal', 'tredje kvartal 2025', { planFrom: 2023, planTo: 2026 }, due('2025-09-30')],
    ['4. kvartal', 'I løpet av 4. kvartal 2025', { planFrom: 2023, planTo: 2026 }, due('2025-12-31')],
    ['Q2', 'Q2 2025', { planFrom: 2023, planTo: 2026 }, due('2025-06-30')],
    // Deadlines and dates.
    ['innen + date', 'innen 1. juni 2014', OVERHALLA, due('2014-06-01')],
    ['innen utgangen av', 'Innen utgangen av 2014', OVERHALLA, due('2014-12-31')],
    ['før + season', 'før sommeren 2014', OVERHALLA, due('2014-06-30')],
    ['innen + season: before the season', 'innen sommeren 2014', OVERHALLA, due('2014-06-30')],
    ['før + year', 'før 2014', OVERHALLA, due('2013-12-31')],
    ['senest + numeric date', 'senest 15.03.2014', OVERHALLA, due('2014-03-15')],
    ['inden (da)', 'inden 1. juni 2014', VARDE, due('2014-06-01')],
    ['inden udgangen af (da)', 'inden udgangen af 2015', VARDE, due('2015-12-31')],
    ['month alone: its last day', 'juni 2014', OVERHALLA, due('2014-06-30')],
    ['short month name', 'feb. 2014', OVERHALLA, due('2014-02-28')],
    ['Danish month name', 'marts 2014', VARDE, due('2014-03-31')],
    ['numeric month', '06.2014', OVERHALLA, due('2014-06-30')],
    ['numeric date', '15.03.2014', OVERHALLA, due('2014-03-15')],
    ['ISO date', '2014-03-15', OVERHALLA, due('2014-03-15')],
    ['date with month name', '15. mars 2014', OVERHALLA, due('2014-03-15')],
    ['primo', 'primo 2014', VARDE, due('2014-03-31')],
    ['i starten af', 'i starten af 2014', VARDE, due('2014-03-31')],
    ['medio month', 'medio juni 2014', VARDE, due('2014-06-15')],
    ['ultimo month', 'ultimo juni 2014', VARDE, due('2014-06-30')],
    // School years.
    ['skoleåret short', 'skoleåret 2013-14', OVERHALLA, due('2014-06-30')],
    ['skoleåret long, en dash', 'Skoleåret 2013–2014', OVERHALLA, due('2014-06-30')],
    ['skoleåret slash', 'skoleåret 2013/2014', OVERHALLA, due('2014-06-30')],
    ['skoleåret Danish 13.14', 'I skoleåret 13.14 arrangeres et foredrag', VARDE, due('2014-06-30')],
    // Other ways of writing.
    ['nbsp, tabs, HTML', '<p>\u00a0Evalueres\thøsten\u00a02013 </p>', OVERHALLA, due('2013-11-30')],
    ['July needs its dot', 'jul. 2014', OVERHALLA, due('2014-07-31')],
  ])('%s: %j', (_source, text, ctx, expected) => {
    expect(parsePeriod(text, ctx)).toEqual({ ok: true, period: expected });
  });
});

describe('parsePeriod: not understood', () => {
  test.each<[string, string, Ctx, RegExp]>([
    ['empty', '', OVERHALLA, /tidsperioden mangler\. Eksempler som fungerer: «2011–2015»/],
    ['only spaces', '   \t ', OVERHALLA, /tidsperioden mangler/],
    ['only a dash', ' – ', OVERHALLA, /tidsperioden mangler/],
    ['year far before the plan', '1911', OVERHALLA, /årstallet 1911 ligger langt utenfor planperioden 2011–2015/],
    ['year far after the plan', 'Ferdig 2030', OVERHALLA, /årstallet 2030 ligger langt utenfor planperioden 2011–2015/],
    ['range partly outside', '1995-2015', OVERHALLA, /årstallet 1995 ligger langt utenfor planperioden 2011–2015/],
    ['date outside', '01.01.2099', OVERHALLA, /årstallet 2099 ligger langt utenfor/],
    ['nothing recognised (seed 001 Resultat)', 'Evalueres', OVERHALLA, /«Evalueres»: fant verken årstall, dato eller ord som «årlig» eller «løpende»/],
    ['nothing recognised (seed 001)', 'Etterspørre antall deltagere for inneværende bevillingsperiode hos arrangør', OVERHALLA, /fant verken årstall/],
    ['nothing recognised (seed 003)', 'Drøftes på møde i Rusmiddelteamet', VARDE, /fant verken årstall.*«Løbende»/],
    ['measure numbers are not dates (seed 003)', 'Jf. 10.2', VARDE, /fant verken årstall/],
    ['measure numbers are not dates (seed 003)', 'Se 6.9, 6.10, 6.11', VARDE, /fant verken årstall/],
    ['case numbers are not years (seed 003)', 'Sag 12-12 457, dok.nr. 124685-13', VARDE, /fant verken årstall/],
    ['nothing (seed 003)', 'ingen', VARDE, /«ingen»: fant verken årstall/],
    ['month without a year (seed 003)', 'Udkastet diskuteres på Rusmiddelteamets møde i september og herefter arbejder Sara og Sanne videre med det.', VARDE, /«september» mangler årstall\. Skriv f\.eks\. «september 2014»/],
    ['season without a year', 'høsten', OVERHALLA, /«høsten» mangler årstall/],
    ['two different (seed 001 Resultat)', 'Handlingsplan skal rulleres hvert år  Det er planlagt rullering i 2011', OVERHALLA, /fant flere ulike tidsangivelser \(«hvert år» og «2011»\)\. Skriv bare én/],
    [
      'three different (seed 003 6.2)',
      '<p>Projektgruppen for grundskolerne udpeges i starten af 2014 med henblik på, at skolerne kan implementere politikken i skoleåret 2013,14</p> <p>Ultimo 2013</p>',
      VARDE,
      /fant flere ulike tidsangivelser \(«i starten af 2014», «skoleåret 2013,14» og «ultimo 2013»\)/,
    ],
    ['a range and a different due date', '2011-2015, evalueres høsten 2013', OVERHALLA, /fant flere ulike tidsangivelser \(«2011-2015» og «høsten 2013»\)/],
    ['continuous and a range that is not the plan period', 'Løpende 2012-2013', OVERHALLA, /fant flere ulike tidsangivelser/],
    ['impossible date', '31.02.2014', OVERHALLA, /datoen 31\.02\.2014 finnes ikke/],
    ['impossible ISO date', '2014-13-01', OVERHALLA, /datoen 01\.13\.2014 finnes ikke/],
    ['backwards range', '2015-2011', OVERHALLA, /perioden «2015-2011» slutter før den begynner/],
    ['backwards month range', 'juni 2014 – mars 2014', OVERHALLA, /slutter før den begynner/],
    ['year and month?', '2014-03', OVERHALLA, /«2014-03» er verken et årstall, et årsintervall eller en dato/],
    ['not one school year', 'skoleåret 2013-2015', OVERHALLA, /«skoleåret 2013-2015» er ikke ett skoleår; skriv f\.eks\. «skoleåret 2013-14»/],
    ['school year with one year', 'skoleåret 2014', OVERHALLA, /«skoleåret 2014» sier ikke hvilket skoleår/],
    ['fra after the plan', 'fra 2017', OVERHALLA, /«fra 2017» begynner etter at planperioden 2011–2015 er slutt/],
    ['every 4th year (seed 001)', 'Ruspolitisk handlingsplan evalueres og rulleres hvert 4.år, neste gang i 2015.', OVERHALLA, /«hvert 4\.år» kan ikke planlegges; bare årlig gjentakelse støttes/],
    ['every other year', 'annethvert år', OVERHALLA, /«annethvert år» kan ikke planlegges/],
    ['half-yearly (da)', 'halvårligt', VARDE, /«halvårligt» kan ikke planlegges/],
    ['monthly', 'Månedlig', OVERHALLA, /«månedlig» kan ikke planlegges/],
    ['twice a year', '2 ganger i året', OVERHALLA, /«2 ganger i året» kan ikke planlegges/],
    ['invalid plan period', '2012', { planFrom: 2015, planTo: 2011 }, /Planperioden 2015–2011 er ugyldig/],
    ['long text is shortened in the reason', 'Dette tiltaket skal gjennomføres når det passer for alle som er med i arbeidet', OVERHALLA, /«Dette tiltaket skal gjennomføres når det passer for alle …»/],
  ])('%s: %j', (_why, text, ctx, reason) => {
    expect(parsePeriod(text, ctx)).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });
});

describe('parsePeriod: determinism and examples', () => {
  test('the same input gives the same answer', () => {
    expect(parsePeriod('Evalueres høsten 2013', OVERHALLA)).toEqual(parsePeriod('Evalueres høsten 2013', OVERHALLA));
  });
  test.each<[Ctx, RegExp]>([
    [OVERHALLA, /Eksempler som fungerer: «2011–2015», «2012», «høsten 2012», «innen 1\. juni 2012», «skoleåret 2012-13», «Årlig», «Hele perioden»\./],
    [VARDE, /Eksempler som fungerer: «2013–2018», «2014», «ultimo 2014», «efterår 2014», «inden 1\. juni 2014», «skoleåret 2014-15», «Årligt», «Løbende»\./],
    [{ planFrom: 2011, planTo: 2015 }, /«høsten 2012»/],
  ])('examples follow the plan and its language: %j', (ctx, examples) => {
    expect(parsePeriod('??', ctx)).toEqual({ ok: false, reason: expect.stringMatching(examples) });
  });
});
