// Time periods as people write them in municipal action plans ("Tidsperiode", "Tidsplan",
// "Resultat: Evalueres høsten 2013") turned into something a workflow can schedule.
//
// Pure and deterministic: no I/O, no clock. Everything comes in as arguments (the text and the
// plan period), so this module is safe to import from Temporal workflow code. Dates are plain
// calendar dates (yyyy-mm-dd), computed in UTC so the machine's zone never matters.
//
// Norwegian (bokmål, a little nynorsk) and Danish spellings are accepted whatever
// `context.language` says, because plans mix them; the language only picks the examples that a
// failure reason suggests. Reasons are always in bokmål.
//
// ─── Mapping ─────────────────────────────────────────────────────────────────────────────────
// Input is NFC-normalised, lower-cased, HTML tags stripped, dashes (‐ ‑ ‒ – — ―  −) read as "-",
// whitespace collapsed. "ca.", "cirka", "evalueres", "i løpet av" and any other words around a
// time expression are ignored.
//
//  Written                                        Result (yyyy = the year written)
//  ─────────────────────────────────────────────  ─────────────────────────────────────────────
//  2012 · (2018) · i løbet af 2014                due yyyy-12-31
//  2011–2015 · 2011-2013 · (2013 – 2018)          range 2011-01-01 … 2015-12-31
//  2013/2014 · 2013/14 · 2011-12                  range 2013-01-01 … 2014-12-31 (short form:
//                                                 same century; "2014-03" is rejected)
//  fra 2011 til 2015 · 2011 t.o.m. 2015           range, as above
//  15.03.2014 · 15/03/2014 · 2014-03-15           due 2014-03-15
//  29.08.13 (dd.mm.yy only)                       due 2013-08-29
//  15. mars 2014 · 1 jun. 2014                    due that day
//  juni 2014 · jan. 2014 · 06.2014                due the month's last day
//  vår/våren/forår/foråret yyyy                   due yyyy-06-30   (span 03-01 … 06-30)
//  sommer/sommeren yyyy                           due yyyy-08-31   (span 07-01 … 08-31)
//  høst/høsten/efterår/efteråret yyyy             due yyyy-11-30   (span 09-01 … 11-30)
//  vinter/vinteren yyyy (also yyyy/yy+1)          due the last day of February of yyyy+1
//                                                 (span yyyy-12-01 … end of Feb yyyy+1)
//  1./første halvår yyyy · 1. halvdel av yyyy     due yyyy-06-30
//  2./andre/annet/andet/siste halvår yyyy         due yyyy-12-31
//  1.–4. kvartal yyyy · første…fjerde kvartal     due the quarter's last day (03-31, 06-30,
//  · Q1 yyyy · 3. kvt. yyyy                       09-30, 12-31)
//  skoleåret 2013-14 · skoleåret 2013–2014        due 2014-06-30 (the school year's end);
//  · skoleåret 2013/14 · 2013,14 · 13.14          the two years must follow each other
//  primo yyyy · i starten/begynnelsen av yyyy     due yyyy-03-31 (span: first quarter)
//  medio yyyy · midten av yyyy                    due yyyy-06-30 (as the start of a range:
//                                                 yyyy-07-01)
//  ultimo yyyy                                    due yyyy-12-31 (span: last quarter)
//  primo / medio / ultimo <month yyyy>            due the 10th / 15th / last day (as a range
//                                                 start: the 1st / 16th / 21st)
//  utgangen/slutten av X · udgangen/slutningen    due X's last day
//  af X
//  innen / inden / senest / til / frem til /      due X's last day ("innen 1. juni 2014" →
//  t.o.m. X                                       2014-06-01, "innen utgangen av 2014" →
//                                                 2014-12-31), except: innen/inden <season>
//                                                 means before the season, like "før"
//  før X                                          due the day before X begins ("før sommeren
//                                                 2014" → 2014-06-30, "før 2014" → 2013-12-31)
//  fra / fra og med / f.o.m. X                    range X's first day … planTo-12-31
//  etter / efter X                                range the day after X … planTo-12-31
//  X – Y (any two of the above, dash or "til")    range X's first day … Y's last day
//  mars–juni 2014 · høsten–vinteren 2014          the left side takes the year of the right
//                                                 side (the year before if it would start
//                                                 after the right side starts)
//  Årlig/årlige/årligt · hvert år · hvert eneste  recurring every year
//  år · en gang i/om/pr. året
//  Løpende · Løbende · Fortløpende · Fortløbende  continuous
//  · Kontinuerlig(t) · Vedvarende · Permanent ·
//  Hele (plan/strategi)perioden
//
// Failures (ok: false, reason in bokmål with examples that work):
//  - empty text or only spaces                    "tidsperioden mangler"
//  - a year outside [planFrom-10, planTo+10]      "årstallet 1911 ligger langt utenfor
//                                                 planperioden 2011–2015"
//  - dates that do not exist (31.02.2014)         "datoen … finnes ikke"
//  - a range that ends before it begins           "… slutter før den begynner"
//  - skoleåret whose years do not follow each     "… er ikke ett skoleår"
//    other, or with one year only
//  - "fra/etter X" with X after the plan period   "… begynner etter at planperioden … er slutt"
//  - other cadences: hvert 4. år, annethvert år,  "… kan ikke planlegges; bare årlig
//    halvårlig, kvartalsvis, månedlig, ukentlig,  gjentakelse støttes"
//    2 ganger i året
//  - a month or season without a year only        "«september» mangler årstall"
//  - nothing recognised                           "fant verken årstall, dato eller …"
//  - two or more different expressions           "fant flere ulike tidsangivelser"
//
// Decisions where the text is ambiguous:
//  - Several expressions that mean the same period count as one. "Årlig" next to a range or
//    "Løpende" is absorbed by it (both are evaluated yearly anyway): "2011–2015, evalueres
//    årlig" is the range. "Hele perioden" next to a range equal to the plan period is
//    continuous. Anything else that differs (e.g. "hvert år … rullering i 2011") fails.
//  - "Løbende" (Danish) is continuous, like Norwegian "Løpende".
//  - A month or season without a year is ignored when a complete expression is also present
//    (prose often says "på møtet i september"); alone it fails.
//  - "jul" means July only when written "jul." ("før jul 2014" is about Christmas, which is
//    not understood: only the year is read, due 2014-12-31).
//  - Any failure found in the text (an impossible date, "hvert 4. år", a year far outside the
//    plan) makes the whole text fail even if another expression was understood.

import { DateTime } from 'luxon';

export type Period =
  | { kind: 'due'; due: string } // a due date, yyyy-mm-dd
  | { kind: 'range'; from: string; to: string } // a span; the measure is due at `to`, evaluated yearly inside it
  | { kind: 'recurring'; every: 'year' } // "Årlig", "Hvert år", "Evalueres årlig" → every year
  | { kind: 'continuous' }; // "Løpende", "Hele perioden", "Kontinuerlig", "Løbende" (Danish) → runs all plan period, evaluated yearly

/** `reason` is bokmål: what was not understood, and an example of what works. */
export type PeriodResult = { ok: true; period: Period } | { ok: false; reason: string };

export interface PeriodContext {
  /** First year of the plan period, e.g. 2011. */
  planFrom: number;
  /** Last year of the plan period, e.g. 2015. */
  planTo: number;
  /** The plan's language; only chooses the examples in failure reasons. Default 'nb'. */
  language?: 'nb' | 'da';
}

// ─── Tokens ──────────────────────────────────────────────────────────────────────────────────

type Grain = 'day' | 'month' | 'season' | 'quarter' | 'half' | 'year' | 'schoolYear' | 'point';
type Season = 'spring' | 'summer' | 'autumn' | 'winter';

interface Span {
  t: 'span';
  /** First day (may be after `end` for "medio": the turn of the period). */
  start: DateTime;
  /** Last day: the due date. */
  end: DateTime;
  /** true: scheduled as a range start … end; false: due at end. */
  range: boolean;
  grain: Grain;
  label: string;
}
interface Yearless {
  t: 'yearless';
  month?: number;
  season?: Season;
  label: string;
}
interface Keyword {
  t: 'recurring' | 'continuous';
  label: string;
}
interface Failure {
  t: 'error';
  reason: string;
  label: string;
}
type Tok = Span | Yearless | Keyword | Failure;

interface Ctx {
  planFrom: number;
  planTo: number;
  language: 'nb' | 'da';
}

// ─── Dates ───────────────────────────────────────────────────────────────────────────────────

function ymd(year: number, month: number, day: number): DateTime {
  return DateTime.fromObject({ year, month, day }, { zone: 'utc' });
}
function monthStart(year: number, month: number): DateTime {
  return ymd(year, month, 1);
}
function monthEnd(year: number, month: number): DateTime {
  const first = ymd(year, month, 1);
  return ymd(year, month, first.daysInMonth ?? 28);
}
function iso(d: DateTime): string {
  return d.toISODate() ?? '';
}
/** dd.mm.yyyy for messages. */
function norDate(day: number, month: number, year: number): string {
  return `${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}.${year}`;
}

function seasonSpan(season: Season, year: number): [DateTime, DateTime] {
  switch (season) {
    case 'spring':
      return [ymd(year, 3, 1), ymd(year, 6, 30)];
    case 'summer':
      return [ymd(year, 7, 1), ymd(year, 8, 31)];
    case 'autumn':
      return [ymd(year, 9, 1), ymd(year, 11, 30)];
    case 'winter':
      return [ymd(year, 12, 1), monthEnd(year + 1, 2)];
  }
}

// ─── Words ───────────────────────────────────────────────────────────────────────────────────

const MONTH_PREFIX: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, mai: 5, maj: 5, jun: 6, jul: 7, aug: 8, sep: 9, okt: 10, nov: 11, des: 12, dec: 12,
};
function monthOf(word: string): number {
  return MONTH_PREFIX[word.slice(0, 3)] ?? 0;
}
const FULL_MONTHS =
  'januar|februar|marts|mars|april|mai|maj|juni|juli|august|september|oktober|november|desember|december';
// Abbreviations; "jul" only with its dot, since "jul" alone is Christmas.
const MONTHS = `${FULL_MONTHS}|febr|sept|jan|feb|mar|apr|jun|jul(?=\\.)|aug|sep|okt|nov|des|dec`;

const SEASON_WORDS: Readonly<Record<string, Season>> = {
  vår: 'spring', våren: 'spring', forår: 'spring', foråret: 'spring',
  sommer: 'summer', sommeren: 'summer',
  høst: 'autumn', høsten: 'autumn', haust: 'autumn', hausten: 'autumn', efterår: 'autumn', efteråret: 'autumn',
  vinter: 'winter', vinteren: 'winter',
};
const SEASONS = Object.keys(SEASON_WORDS).sort((a, b) => b.length - a.length).join('|');

const ORDINALS: Readonly<Record<string, number>> = {
  første: 1, andre: 2, annet: 2, andet: 2, tredje: 3, fjerde: 4, siste: 2, sidste: 2,
};

// Regex building blocks ('u' flag everywhere: \p{L} covers æ, ø, å).
const L = '(?<![\\p{L}\\p{N}])'; // word start
const NL = '(?!\\p{L})'; // not followed by a letter
const Y = '((?:19|20)\\d{2})(?!\\p{N})'; // a four-digit year
const P = '\\uE000(\\d+)\\uE001'; // a placeholder for an already recognised token
const PH = (i: number): string => `\uE000${i}\uE001`;

// ─── Messages ────────────────────────────────────────────────────────────────────────────────

function examples(ctx: Ctx): string {
  const y = Math.min(ctx.planFrom + 1, ctx.planTo);
  const next = String((y + 1) % 100).padStart(2, '0');
  const whole = `${ctx.planFrom}–${ctx.planTo}`;
  return ctx.language === 'da'
    ? `Eksempler som fungerer: «${whole}», «${y}», «ultimo ${y}», «efterår ${y}», «inden 1. juni ${y}», «skoleåret ${y}-${next}», «Årligt», «Løbende».`
    : `Eksempler som fungerer: «${whole}», «${y}», «høsten ${y}», «innen 1. juni ${y}», «skoleåret ${y}-${next}», «Årlig», «Hele perioden».`;
}
function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `«${flat.length > 60 ? `${flat.slice(0, 57)}…` : flat}»`;
}
function listNb(items: string[]): string {
  const q = items.map((s) => quote(s));
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} og ${q[q.length - 1]}`;
}

// ─── Pass 1: atoms ───────────────────────────────────────────────────────────────────────────

interface Matcher {
  re: RegExp;
  make: (m: RegExpExecArray, ctx: Ctx) => Tok | null;
}

function fail(label: string, reason: string): Failure {
  return { t: 'error', reason, label };
}
/** A failure if any year lies outside [planFrom-10, planTo+10]. */
function outside(ctx: Ctx, label: string, ...years: number[]): Failure | null {
  const bad = years.find((y) => y < ctx.planFrom - 10 || y > ctx.planTo + 10);
  return bad === undefined
    ? null
    : fail(label, `årstallet ${bad} ligger langt utenfor planperioden ${ctx.planFrom}–${ctx.planTo}`);
}
function span(label: string, start: DateTime, end: DateTime, grain: Grain, range = false): Span {
  return { t: 'span', start, end, range, grain, label };
}
function day(ctx: Ctx, label: string, d: number, mo: number, y: number): Tok {
  const out = outside(ctx, label, y);
  if (out) return out;
  const date = ymd(y, mo, d);
  if (!date.isValid || mo < 1 || mo > 12) return fail(label, `datoen ${norDate(d, mo, y)} finnes ikke`);
  return span(label, date, date, 'day');
}
function month(ctx: Ctx, label: string, mo: number, y: number): Tok | null {
  if (mo < 1 || mo > 12) return null;
  return outside(ctx, label, y) ?? span(label, monthStart(y, mo), monthEnd(y, mo), 'month');
}
function yearRange(ctx: Ctx, label: string, from: number, to: number): Tok {
  return (
    outside(ctx, label, from, to) ??
    (to < from
      ? fail(label, `perioden ${quote(label)} slutter før den begynner`)
      : span(label, ymd(from, 1, 1), ymd(to, 12, 31), 'year', true))
  );
}
/** "14" after "2013" → 2014; "2014" stays. */
function expand(first: number, second: string): number {
  return second.length === 4 ? Number(second) : Math.floor(first / 100) * 100 + Number(second);
}
/** The second year of a pair that must follow each other: "00" after 1999 is 2000. */
function following(first: number, second: string): number {
  return second.length === 2 && Number(second) === (first + 1) % 100 ? first + 1 : expand(first, second);
}
function unsupported(label: string): Failure {
  return fail(label, `${quote(label)} kan ikke planlegges; bare årlig gjentakelse støttes (skriv f.eks. «Årlig»)`);
}

const MATCHERS: readonly Matcher[] = [
  // 2014-03-15
  { re: new RegExp(`${L}${Y.replace('(?!\\p{N})', '')}-(\\d{1,2})-(\\d{1,2})(?!\\p{N})`, 'gu'),
    make: (m, ctx) => day(ctx, m[0], Number(m[3]), Number(m[2]), Number(m[1])) },
  // 15.03.2014, 15/03/2014, 15. 3. 2014
  { re: new RegExp(`(?<![\\p{L}\\p{N}.])(\\d{1,2})([./])\\s?(\\d{1,2})\\2\\s?${Y}`, 'gu'),
    make: (m, ctx) => day(ctx, m[0], Number(m[1]), Number(m[3]), Number(m[4])) },
  // 29.08.13
  { re: /(?<![\p{L}\p{N}.])(\d{1,2})\.(\d{1,2})\.(\d{2})(?!\p{N}|\.\p{N})/gu,
    make: (m, ctx) => day(ctx, m[0], Number(m[1]), Number(m[2]), 2000 + Number(m[3])) },
  // 15. mars 2014, 1 jun. 2014
  { re: new RegExp(`(?<![\\p{L}\\p{N}.])(\\d{1,2})\\.?\\s*(${MONTHS})${NL}\\.?\\s*,?\\s*${Y}`, 'gu'),
    make: (m, ctx) => day(ctx, m[0], Number(m[1]), monthOf(m[2]!), Number(m[3])) },
  // juni 2014, jan. 2014
  { re: new RegExp(`${L}(${MONTHS})${NL}\\.?\\s*,?\\s*${Y}`, 'gu'),
    make: (m, ctx) => month(ctx, m[0], monthOf(m[1]!), Number(m[2])) },
  // 06.2014, 6/2014
  { re: new RegExp(`(?<![\\p{L}\\p{N}.,/])(\\d{1,2})[./]${Y}(?![.,]\\p{N})`, 'gu'),
    make: (m, ctx) => month(ctx, m[0], Number(m[1]), Number(m[2])) },
  // høsten 2013, forår 2014
  { re: new RegExp(`${L}(${SEASONS})${NL}\\s*(?:i\\s+)?${Y}`, 'gu'),
    make: (m, ctx) => {
      const y = Number(m[2]);
      const [start, end] = seasonSpan(SEASON_WORDS[m[1]!]!, y);
      return outside(ctx, m[0], y) ?? span(m[0], start, end, 'season');
    } },
  // vinteren 2014/2015, vinteren 2014-15 (only when the years follow each other)
  { re: new RegExp(`${L}(vinter|vinteren)\\s*((?:19|20)\\d{2})\\s*[-/]\\s*(\\d{4}|\\d{2})(?!\\p{N})`, 'gu'),
    make: (m, ctx) => {
      const y = Number(m[2]);
      if (following(y, m[3]!) !== y + 1) return null;
      const [start, end] = seasonSpan('winter', y);
      return outside(ctx, m[0], y) ?? span(m[0], start, end, 'season');
    } },
  // 1. kvartal 2025, tredje kvartal 2025, 3. kvt. 2025
  { re: new RegExp(`${L}(?:([1-4])\\.\\s*|(første|andre|annet|andet|tredje|fjerde)\\s+)(?:kvartal(?:et)?|kvt\\.?|kv\\.)${NL}\\s*(?:(?:i|av|af)\\s+)?${Y}`, 'gu'),
    make: (m, ctx) => {
      const q = m[1] ? Number(m[1]) : ORDINALS[m[2]!]!;
      const y = Number(m[3]);
      return outside(ctx, m[0], y) ?? span(m[0], monthStart(y, q * 3 - 2), monthEnd(y, q * 3), 'quarter');
    } },
  // Q1 2025
  { re: new RegExp(`${L}q([1-4])\\s*[-/]?\\s*${Y}`, 'gu'),
    make: (m, ctx) => {
      const q = Number(m[1]);
      const y = Number(m[2]);
      return outside(ctx, m[0], y) ?? span(m[0], monthStart(y, q * 3 - 2), monthEnd(y, q * 3), 'quarter');
    } },
  // 1. halvår 2024, andre halvår 2024, første halvdel av 2024
  { re: new RegExp(`${L}(?:([12])\\.\\s*|(første|andre|annet|andet|siste|sidste)\\s+)(?:halvår(?:et)?|halvdel(?:en)?\\s+(?:av|af))${NL}\\s*(?:(?:i|av|af)\\s+)?${Y}`, 'gu'),
    make: (m, ctx) => {
      const h = m[1] ? Number(m[1]) : ORDINALS[m[2]!]!;
      const y = Number(m[3]);
      return outside(ctx, m[0], y) ?? span(m[0], monthStart(y, h * 6 - 5), monthEnd(y, h * 6), 'half');
    } },
  // skoleåret 2013-14, skoleåret 2013–2014, skoleåret 13.14
  { re: /(?<![\p{L}\p{N}])skoleår(?:et)?\s*(\d{4}|\d{2})\s*(?:[-/,.]|til)\s*(\d{4}|\d{2})(?!\p{N})/gu,
    make: (m, ctx) => {
      const first = m[1]!.length === 2 ? 2000 + Number(m[1]) : Number(m[1]);
      const second = following(first, m[2]!);
      const out = outside(ctx, m[0], first, second);
      if (out) return out;
      if (second !== first + 1)
        return fail(m[0], `${quote(m[0])} er ikke ett skoleår; skriv f.eks. «skoleåret ${first}-${String((first + 1) % 100).padStart(2, '0')}»`);
      const end = ymd(second, 6, 30);
      return span(m[0], ymd(first, 8, 1), end, 'schoolYear');
    } },
  // skoleåret 2014 (which one?)
  { re: new RegExp(`${L}skoleår(?:et)?\\s*${Y}`, 'gu'),
    make: (m) => {
      const y = Number(m[1]);
      return fail(m[0], `${quote(m[0])} sier ikke hvilket skoleår; skriv f.eks. «skoleåret ${y - 1}-${String(y % 100).padStart(2, '0')}» eller «skoleåret ${y}-${String((y + 1) % 100).padStart(2, '0')}»`);
    } },
  // 2013/2014, 2013/14, 2013 / 2014
  { re: new RegExp(`${L}((?:19|20)\\d{2})\\s*/\\s*(\\d{4}|\\d{2})(?!\\p{N}|[.,]\\p{N})`, 'gu'),
    make: (m, ctx) => yearRange(ctx, m[0], Number(m[1]), expand(Number(m[1]), m[2]!)) },
  // 2011-12 (a short range; "2014-03" is not one)
  { re: new RegExp(`${L}((?:19|20)\\d{2})-(\\d{2})(?!\\p{N}|[.,]\\p{N})`, 'gu'),
    make: (m, ctx) => {
      const from = Number(m[1]);
      const to = expand(from, m[2]!);
      if (to <= from)
        return fail(m[0], `${quote(m[0])} er verken et årstall, et årsintervall eller en dato; skriv f.eks. «${from}–${from + 1}» eller «mars ${from}»`);
      return yearRange(ctx, m[0], from, to);
    } },
  // 2012
  { re: new RegExp(`(?<![\\p{L}\\p{N}])(?<!\\p{N}[.,])${Y.replace('(?!\\p{N})', '')}(?!\\p{N}|[.,]\\p{N})`, 'gu'),
    make: (m, ctx) => {
      const y = Number(m[1]);
      return outside(ctx, m[0], y) ?? span(m[0], ymd(y, 1, 1), ymd(y, 12, 31), 'year');
    } },
  // Every year.
  { re: /(?<![\p{L}\p{N}])(?:årlig(?:e|t|en)?|hvert\s+(?:eneste\s+)?(?:kalender)?år|(?:en|én|1)\s+gang\s+(?:i|om|per|pr\.?)\s+året|(?:en|én|1)\s+gang\s+(?:per|pr\.?)\s+år)(?![\p{L}\p{N}])/gu,
    make: (m) => ({ t: 'recurring', label: m[0] }) },
  // All the plan period.
  { re: /(?<![\p{L}\p{N}])(?:løpende|løbende|fortløpende|fortløbende|kontinuerlig(?:t|e)?|vedvarende|permanent(?:e|t)?|hele\s+(?:plan|strategi)?perioden)(?![\p{L}\p{N}])/gu,
    make: (m) => ({ t: 'continuous', label: m[0] }) },
  // Other cadences, which cannot be scheduled.
  { re: /(?<![\p{L}\p{N}])(?:hvert\s*\d+\s*\.?\s*år|(?:annet|anden|andet)\s*hvert\s+år|annenhvert\s+år|annethvert\s+år|hvert\s+(?:annet|andet|andre|tredje|fjerde|femte)\s+år|halvårlig(?:e|t)?|kvartalsvis|månedlig(?:e|t)?|månedsvis|ukentlig(?:e|t)?|ugentlig(?:e|t)?|(?:\d+|to|tre|fire|2-3)\s+gang(?:er|e)\s+(?:i|om|per|pr\.?)\s+år(?:et)?)(?![\p{L}\p{N}])/gu,
    make: (m) => unsupported(m[0]) },
  // A month or a season without a year.
  { re: new RegExp(`${L}(${FULL_MONTHS})${NL}`, 'gu'),
    make: (m) => ({ t: 'yearless', month: monthOf(m[1]!), label: m[0] }) },
  { re: new RegExp(`${L}(${SEASONS})${NL}`, 'gu'),
    make: (m) => ({ t: 'yearless', season: SEASON_WORDS[m[1]!]!, label: m[0] }) },
];

// ─── Pass 2: operators over recognised tokens ───────────────────────────────────────────────

const MODIFIER = new RegExp(
  `(?<!\\p{L})(primo|medio|ultimo|(?:i\\s+)?(?:starten|begynnelsen|begyndelsen)\\s+(?:av|af|på)|(?:i\\s+)?midten\\s+(?:av|af|på)|(?:ved\\s+|i\\s+)?(?:utgangen|udgangen|slutten|slutningen|enden|utløpet|udløbet)\\s+(?:av|af|på))\\s*(?:ca\\.?\\s*)?${P}`,
  'gu',
);
const RANGE = new RegExp(
  `(?<!\\p{L})(?:(?:fra\\s+og\\s+med|fra|f\\.o\\.m\\.?|fom\\.?)\\s*)?${P}\\s*(?:-|til\\s+og\\s+med|t\\.o\\.m\\.?|til|till)\\s*${P}`,
  'gu',
);
const PREFIX = new RegExp(
  `(?<!\\p{L})(før|innen|inden|senest|seinast|senast|(?:frem|fram)\\s+til|til\\s+og\\s+med|t\\.o\\.m\\.?|til|fra\\s+og\\s+med|fra|f\\.o\\.m\\.?|fom\\.?|etter|efter)\\s*(?:ca\\.?\\s*|cirka\\s+)?${P}`,
  'gu',
);

function modify(word: string, s: Span, label: string): Span {
  const kind = /primo|start|begyn/.test(word) ? 'early' : /medio|midt/.test(word) ? 'mid' : word === 'ultimo' ? 'late' : 'end';
  if (kind === 'end') return span(label, s.end, s.end, 'point');
  const y = s.start.year;
  if (s.grain === 'year') {
    if (kind === 'early') return span(label, ymd(y, 1, 1), ymd(y, 3, 31), 'quarter');
    if (kind === 'mid') return span(label, ymd(y, 7, 1), ymd(y, 6, 30), 'point');
    return span(label, ymd(y, 10, 1), ymd(y, 12, 31), 'quarter');
  }
  if (s.grain === 'month') {
    const mo = s.start.month;
    if (kind === 'early') return span(label, ymd(y, mo, 1), ymd(y, mo, 10), 'point');
    if (kind === 'mid') return span(label, ymd(y, mo, 16), ymd(y, mo, 15), 'point');
    return span(label, ymd(y, mo, 21), s.end, 'point');
  }
  return { ...s, label };
}

function yearlessSpan(w: Yearless, year: number): [DateTime, DateTime] {
  return w.season ? seasonSpan(w.season, year) : [monthStart(year, w.month!), monthEnd(year, w.month!)];
}

// ─── The function ────────────────────────────────────────────────────────────────────────────

export function parsePeriod(text: string, context: PeriodContext): PeriodResult {
  const ctx: Ctx = { planFrom: context.planFrom, planTo: context.planTo, language: context.language ?? 'nb' };
  if (!Number.isInteger(ctx.planFrom) || !Number.isInteger(ctx.planTo) || ctx.planFrom > ctx.planTo) {
    return { ok: false, reason: `Planperioden ${context.planFrom}–${context.planTo} er ugyldig; oppgi to årstall, f.eks. 2011–2015.` };
  }
  const normal = (text ?? '')
    .normalize('NFC')
    // A tag holds no '<': with [^>]* a cell full of '<' took quadratic time.
    .replace(/<[^<>]*>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\uE000-\uE001]/g, ' ')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
  if (!normal || /^[-–—.,;:()\s]*$/.test(normal)) {
    return { ok: false, reason: `Kan ikke planlegge tiltaket: tidsperioden mangler. ${examples(ctx)}` };
  }
  const shown = quote(text.replace(/<[^<>]*>/g, ' '));
  const planEnd = ymd(ctx.planTo, 12, 31);

  // Pass 1: every atom, longest first, no overlaps.
  const found: { index: number; end: number; tok: Tok }[] = [];
  for (const { re, make } of MATCHERS) {
    for (const m of normal.matchAll(re)) {
      const tok = make(m as RegExpExecArray, ctx);
      if (tok) found.push({ index: m.index, end: m.index + m[0].length, tok });
    }
  }
  found.sort((a, b) => b.end - b.index - (a.end - a.index) || a.index - b.index);
  const taken: typeof found = [];
  for (const f of found) {
    if (taken.every((t) => f.end <= t.index || f.index >= t.end)) taken.push(f);
  }
  taken.sort((a, b) => a.index - b.index);

  const toks: Tok[] = [];
  let s = '';
  let at = 0;
  for (const f of taken) {
    s += normal.slice(at, f.index) + PH(toks.length);
    toks.push(f.tok);
    at = f.end;
  }
  s += normal.slice(at);

  const add = (tok: Tok): string => {
    toks.push(tok);
    return PH(toks.length - 1);
  };
  const labelOf = (match: string): string => match.replace(/\uE000(\d+)\uE001/g, (_m, i: string) => toks[Number(i)]!.label);

  // Pass 2a: primo / medio / ultimo / utgangen av …
  s = s.replace(MODIFIER, (match: string, word: string, i: string) => {
    const tok = toks[Number(i)]!;
    if (tok.t !== 'span') return match;
    return add(modify(word.replace(/\s+/g, ' '), tok, labelOf(match)));
  });

  // Pass 2b: X – Y.
  s = s.replace(RANGE, (match: string, i: string, j: string) => {
    const left = toks[Number(i)]!;
    const right = toks[Number(j)]!;
    if (right.t !== 'span' || right.range) return match;
    let start: DateTime;
    if (left.t === 'span' && !left.range) start = left.start;
    else if (left.t === 'yearless') {
      let [ls] = yearlessSpan(left, right.start.year);
      if (ls > right.start) [ls] = yearlessSpan(left, right.start.year - 1);
      start = ls;
    } else return match;
    const label = labelOf(match);
    if (start > right.end) return add(fail(label, `perioden ${quote(label)} slutter før den begynner`));
    return add(span(label, start, right.end, 'point', true));
  });

  // Pass 2c: før / innen / senest / fra / etter X.
  s = s.replace(PREFIX, (match: string, word: string, i: string) => {
    const tok = toks[Number(i)]!;
    if (tok.t !== 'span' || tok.range) return match;
    const label = labelOf(match);
    const w = word.replace(/\s+/g, ' ');
    const dayBefore = tok.start.minus({ days: 1 });
    if (w === 'før' || ((w === 'innen' || w === 'inden') && tok.grain === 'season')) {
      return add(span(label, dayBefore, dayBefore, 'point'));
    }
    if (/^(fra|f\.o\.m|fom|etter|efter)/.test(w)) {
      const from = w === 'etter' || w === 'efter' ? tok.end.plus({ days: 1 }) : tok.start;
      if (from > planEnd) {
        return add(fail(label, `${quote(label)} begynner etter at planperioden ${ctx.planFrom}–${ctx.planTo} er slutt`));
      }
      return add(span(label, from, planEnd, 'point', true));
    }
    return add(span(label, tok.end, tok.end, 'point'));
  });

  // What is left in the text.
  const left = [...s.matchAll(/\uE000(\d+)\uE001/g)].map((m) => toks[Number(m[1])]!);
  const error = left.find((t): t is Failure => t.t === 'error');
  if (error) return { ok: false, reason: `Forstod ikke tidsperioden ${shown}: ${error.reason}. ${examples(ctx)}` };

  const candidates = new Map<string, { period: Period; label: string }>();
  for (const tok of left) {
    let period: Period;
    if (tok.t === 'recurring') period = { kind: 'recurring', every: 'year' };
    else if (tok.t === 'continuous') period = { kind: 'continuous' };
    else if (tok.t === 'span')
      period = tok.range ? { kind: 'range', from: iso(tok.start), to: iso(tok.end) } : { kind: 'due', due: iso(tok.end) };
    else continue;
    const key = JSON.stringify(period);
    if (!candidates.has(key)) candidates.set(key, { period, label: tok.label });
  }
  let distinct = [...candidates.values()];
  // "Årlig" beside a range or "Løpende": both are evaluated yearly anyway.
  if (distinct.some((c) => c.period.kind === 'range' || c.period.kind === 'continuous')) {
    distinct = distinct.filter((c) => c.period.kind !== 'recurring');
  }
  // "Hele perioden (2011–2015)" is continuous.
  if (distinct.some((c) => c.period.kind === 'continuous')) {
    const whole = { from: `${ctx.planFrom}-01-01`, to: `${ctx.planTo}-12-31` };
    distinct = distinct.filter((c) => !(c.period.kind === 'range' && c.period.from === whole.from && c.period.to === whole.to));
  }

  if (distinct.length === 1) return { ok: true, period: distinct[0]!.period };
  if (distinct.length > 1) {
    return {
      ok: false,
      reason: `Forstod ikke tidsperioden ${shown}: fant flere ulike tidsangivelser (${listNb(distinct.map((c) => c.label))}). Skriv bare én. ${examples(ctx)}`,
    };
  }
  const yearless = left.find((t): t is Yearless => t.t === 'yearless');
  if (yearless) {
    const y = Math.min(ctx.planFrom + 1, ctx.planTo);
    return {
      ok: false,
      reason: `Forstod ikke tidsperioden ${shown}: ${quote(yearless.label)} mangler årstall. Skriv f.eks. «${yearless.label} ${y}». ${examples(ctx)}`,
    };
  }
  return {
    ok: false,
    reason: `Forstod ikke tidsperioden ${shown}: fant verken årstall, dato eller ord som «årlig» eller «løpende». ${examples(ctx)}`,
  };
}
