// The four-yearly revision (rullering) of a municipality's substance-abuse action plan, worked
// out from the council term: the milestones are data (templates/plan/revision.yaml), the dates
// come from election day by rule.
//
// Pure and deterministic: no I/O, no clock, so it is safe in Temporal workflow code. Dates are
// plain calendar dates (yyyy-mm-dd) computed in UTC, working days in the country's calendar
// (defaultRules: weekends and public holidays; the fellesferie is not taken out).

import { DateTime } from 'luxon';
import { addWorkingDays, defaultRules, type Country } from '../calendar';
import { localizedSchema, pick, languages, type Localized } from '../language';
import { roles, type Role } from '../people';
import { z } from 'zod';
import { shared } from '../schema';

// ─── Elections ───────────────────────────────────────────────────────────────────────────────

interface ElectionRule {
  /** An election year; every fourth year before and after it is one too. */
  baseYear: number;
  /** The first year the weekday rule below is known to hold; earlier years are refused. */
  firstYear: number;
  month: number;
  /** luxon weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Which such weekday of the month (2 = the second). */
  nth: number;
}

const CYCLE_YEARS = 4;

// Norway: the second Monday of September (2007-09-10 … 2023-09-11, 2027-09-13). The 2003 election
// (15 September) did not follow it, hence firstYear.
// Denmark: the third Tuesday of November (2005-11-15 … 2021-11-16, 2025-11-18).
const ELECTION_RULES: Readonly<Record<Country, ElectionRule>> = {
  NO: { baseYear: 2023, firstYear: 2007, month: 9, weekday: 1, nth: 2 },
  DK: { baseYear: 2021, firstYear: 2005, month: 11, weekday: 2, nth: 3 },
};

const LAST_YEAR = 9999;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Election day of the municipal council election in `year` (yyyy-mm-dd), or undefined when there is none. */
export function electionDay(country: Country, year: number): string | undefined {
  const rule = electionRule(country);
  if (!Number.isInteger(year) || year < rule.firstYear || year > LAST_YEAR) {
    throw new RangeError(
      `electionDay: year must be an integer ${rule.firstYear}..${LAST_YEAR} (the election rule for ${country} is not known earlier), got ${String(year)}`,
    );
  }
  if ((((year - rule.baseYear) % CYCLE_YEARS) + CYCLE_YEARS) % CYCLE_YEARS !== 0) return undefined;
  const first = DateTime.fromObject({ year, month: rule.month, day: 1 }, { zone: 'utc' });
  const firstMatch = 1 + ((rule.weekday - first.weekday + 7) % 7);
  return first.set({ day: firstMatch + 7 * (rule.nth - 1) }).toISODate()!;
}

/** The first election day on or after `onOrAfter` (yyyy-mm-dd). */
export function nextElection(country: Country, onOrAfter: string): string {
  const from = parseDate(onOrAfter, 'nextElection');
  for (let year = from.year; year <= from.year + CYCLE_YEARS; year++) {
    const day = electionDay(country, year);
    if (day !== undefined && day >= onOrAfter) return day;
  }
  // Unreachable: one of any five consecutive years holds an election on or after the date.
  throw new RangeError(`nextElection: no election found after ${onOrAfter}`);
}

function electionRule(country: Country): ElectionRule {
  const rule = country === 'NO' || country === 'DK' ? ELECTION_RULES[country] : undefined;
  if (!rule) throw new RangeError(`unsupported country ${JSON.stringify(country)}: expected 'NO' or 'DK'`);
  return rule;
}

// ─── The spec (templates/plan/revision.yaml) ─────────────────────────────────────────────────

export const anchorNames = ['election', 'termStart', 'licenceExpiry'] as const;
export type AnchorName = (typeof anchorNames)[number];

const key = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'nøkler skrives i camelCase, f.eks. statusPicture');

const reminderDays = z
  .array(
    z
      .number({ error: 'må være et antall arbeidsdager' })
      .int('må være et helt antall arbeidsdager')
      .min(0, 'kan ikke være negativ: påminnelser går et antall arbeidsdager før fristen')
      .max(260, 'kan være høyst 260 arbeidsdager (om lag ett år) før fristen'),
    { error: 'må være en liste med antall arbeidsdager, f.eks. [10, 2]' },
  );

/** Where `termStart` or `licenceExpiry` falls, counted from the election year. */
const anchorDateSchema = z
  .object({
    yearsAfterElection: z.number().int('må være et helt antall år').min(0, 'kan ikke være negativ').max(CYCLE_YEARS, `kan være høyst ${CYCLE_YEARS} år`),
    month: z.number().int('må være et månedsnummer 1–12').min(1, 'må være et månedsnummer 1–12').max(12, 'må være et månedsnummer 1–12'),
    day: z.number().int('må være en dag 1–31').min(1, 'må være en dag 1–31').max(31, 'må være en dag 1–31'),
  })
  .strict()
  // A date that every year has: 29 February is refused too.
  .refine((d) => DateTime.fromObject({ year: 2001, month: d.month, day: d.day }, { zone: 'utc' }).isValid, {
    message: 'datoen finnes ikke hvert år',
    path: ['day'],
  });

const countryAnchorsSchema = z.object({ termStart: anchorDateSchema, licenceExpiry: anchorDateSchema }).strict();

const offsetSchema = z
  .object({
    anchor: z.enum(anchorNames, {
      error: (iss) => `ukjent anker «${String(iss.input)}»; bruk ${anchorNames.join(', ')}`,
    }),
    /** Calendar months from the anchor (negative: before); added first. */
    months: z.number().int('må være et helt antall måneder').min(-48, 'kan være høyst 48 måneder før').max(48, 'kan være høyst 48 måneder etter').default(0),
    /** Working days from there (negative: before); counted after the months. */
    workingDays: z.number().int('må være et helt antall arbeidsdager').min(-260, 'kan være høyst 260 arbeidsdager før').max(260, 'kan være høyst 260 arbeidsdager etter').default(0),
  })
  .strict();

/** Per country; the text shown when the milestone's country has none is the general one only. */
const countryTextSchema = z.object({ NO: localizedSchema().optional(), DK: localizedSchema().optional() }).strict();

const milestoneSpecSchema = z
  .object({
    key,
    title: localizedSchema(),
    description: localizedSchema(),
    due: offsetSchema,
    /** How long the step runs from its due date, e.g. a six-week consultation; the next milestone must come after. */
    lastsWeeks: z.number().int('må være et helt antall uker').min(1, 'må være minst 1 uke').max(52, 'kan være høyst 52 uker').optional(),
    /** Who is reminded, by role. */
    remind: z.array(z.enum(roles, { error: `ukjent rolle; bruk ${roles.join(', ')}` })).min(1, 'minst én rolle må få påminnelser'),
    /** Overrides the spec's default cadence. */
    reminderWorkingDaysBefore: reminderDays.optional(),
    /** Added after the general legal text of the country. */
    legalNote: countryTextSchema.optional(),
  })
  .strict();

export const revisionSpecSchema = shared(z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'må være en id med små bokstaver'),
    name: localizedSchema(),
    /** Reminders for milestones that give no cadence of their own, working days before the due date. */
    reminderWorkingDaysBefore: reminderDays.default([10, 2]),
    anchors: z.object({ NO: countryAnchorsSchema, DK: countryAnchorsSchema }).strict(),
    /** The legal basis shown in every milestone mail, per country. */
    legal: z.object({ NO: localizedSchema(), DK: localizedSchema() }).strict(),
    milestones: z.array(milestoneSpecSchema).min(1, 'minst én milepæl trengs'),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const seen = new Set<string>();
    spec.milestones.forEach((m, i) => {
      if (seen.has(m.key)) ctx.addIssue({ code: 'custom', path: ['milestones', i, 'key'], message: `nøkkelen «${m.key}» er brukt før` });
      seen.add(m.key);
    });
  }));
export type RevisionSpec = z.infer<ReturnType<typeof revisionSpecSchema>>;

// ─── Milestones ──────────────────────────────────────────────────────────────────────────────

export interface RevisionMilestone {
  key: string;
  /** yyyy-mm-dd, a working day in the country's calendar. */
  due: string;
  title: Localized;
  description: Localized;
  /** yyyy-mm-dd working days, ascending, before (or on) the due date. */
  reminders: string[];
  /** The country's legal text, with the milestone's note added. */
  legal: Localized;
  /** Who is reminded, by role. */
  remind: Role[];
  /** For a step that lasts (`lastsWeeks`): its last day, a working day. */
  ends?: string;
}

/**
 * The revision milestones of the council term that starts with the election on `election`
 * (an election day of `country`), in date order. Throws a RangeError when `election` is not an
 * election day, or when a lasting step (the consultation) would run into the next milestone.
 */
export function revisionMilestones(spec: RevisionSpec, country: Country, election: string): readonly RevisionMilestone[] {
  // The rules ask for the same term's milestones at every step: remembered per spec object
  // (a pure cache; the answer depends only on the arguments) and frozen, as it is shared.
  const bySpec = milestoneCache.get(spec) ?? milestoneCache.set(spec, new Map()).get(spec)!;
  const key = `${country}:${election}`;
  let milestones = bySpec.get(key);
  if (!milestones) {
    milestones = Object.freeze(computeMilestones(spec, country, election).map((m) => Object.freeze({ ...m, reminders: Object.freeze(m.reminders) as string[], remind: Object.freeze(m.remind) as Role[] })));
    bySpec.set(key, milestones);
  }
  return milestones;
}

const milestoneCache = new WeakMap<RevisionSpec, Map<string, readonly RevisionMilestone[]>>();

function computeMilestones(spec: RevisionSpec, country: Country, election: string): RevisionMilestone[] {
  const day = parseDate(election, 'revisionMilestones');
  if (electionDay(country, day.year) !== election) {
    throw new RangeError(`revisionMilestones: ${election} is not an election day in ${country} (that year: ${electionDay(country, day.year) ?? 'none'})`);
  }
  const rules = defaultRules(country);
  const anchorDate = (a: z.infer<typeof anchorDateSchema>) =>
    DateTime.fromObject({ year: day.year + a.yearsAfterElection, month: a.month, day: a.day }, { zone: 'utc' });
  const anchors: Record<AnchorName, DateTime> = {
    election: day,
    termStart: anchorDate(spec.anchors[country].termStart),
    licenceExpiry: anchorDate(spec.anchors[country].licenceExpiry),
  };

  const milestones = spec.milestones.map((m): RevisionMilestone => {
    // luxon clamps to the month's last day: 30 September minus 7 months is the end of February.
    const shifted = anchors[m.due.anchor].plus({ months: m.due.months }).toISODate()!;
    // n = 0 moves a non-working day forward; n ≠ 0 always lands on a working day.
    const due = addWorkingDays(shifted, m.due.workingDays, rules);
    const cadence = m.reminderWorkingDaysBefore ?? spec.reminderWorkingDaysBefore;
    const reminders = [...new Set(cadence.map((n) => addWorkingDays(due, -n, rules)))].sort();
    const note = m.legalNote?.[country];
    return {
      key: m.key,
      due,
      title: m.title,
      description: m.description,
      reminders,
      legal: note ? joinTexts(spec.legal[country], note) : spec.legal[country],
      remind: [...m.remind],
      ...(m.lastsWeeks !== undefined
        ? { ends: addWorkingDays(DateTime.fromISO(due, { zone: 'utc' }).plus({ weeks: m.lastsWeeks }).toISODate()!, 0, rules) }
        : {}),
    };
  });

  // A stable sort: milestones on the same day keep the spec's order.
  const sorted = milestones.map((m, i) => ({ m, i })).sort((a, b) => (a.m.due < b.m.due ? -1 : a.m.due > b.m.due ? 1 : a.i - b.i)).map(({ m }) => m);
  sorted.forEach((m, i) => {
    const next = sorted[i + 1];
    if (m.ends !== undefined && next !== undefined && next.due <= m.ends) {
      throw new RangeError(`revisionMilestones: «${m.key}» varer til ${m.ends}, men neste milepæl «${next.key}» er ${next.due}`);
    }
  });
  return sorted;
}

/** Both texts, per language present in either (falling back to bokmål). */
function joinTexts(general: Localized, note: Localized): Localized {
  const out: Localized = { nb: `${general.nb} ${note.nb}` };
  for (const lang of languages) {
    if (lang !== 'nb' && (general[lang] !== undefined || note[lang] !== undefined)) out[lang] = `${pick(general, lang)} ${pick(note, lang)}`;
  }
  return out;
}

function parseDate(isoDate: string, fn: string): DateTime {
  const day = typeof isoDate === 'string' && ISO_DATE.test(isoDate) ? DateTime.fromISO(isoDate, { zone: 'utc' }) : DateTime.invalid('not yyyy-mm-dd');
  if (!day.isValid) throw new RangeError(`${fn}: expected an ISO date 'yyyy-mm-dd', got ${JSON.stringify(isoDate)}`);
  return day;
}
