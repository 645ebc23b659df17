import fc from 'fast-check';
import { DateTime } from 'luxon';
import type { z } from 'zod';
import { loadProgramme, readValidated } from '../../client/files';
import { planInput } from '../../client/plan';
import { localDate } from '../../domain/calendar';
import { describeIssues, ErrorType, PlansyklusError } from '../../domain/errors';
import { mailsFor } from '../../domain/delta/mails';
import * as deltaMsg from '../../domain/delta/messages';
import { advance, deltaPlan, markDone, meetingKeys, newDeltaState, nextDue, type DeltaPlan, type DeltaState } from '../../domain/delta/progress';
import { deltaStatusSchema, statusOf } from '../../domain/delta/status';
import * as deltaRules from '../../domain/delta/steering';
import { isStale } from '../../domain/meetingPlan';
import { rulesFor } from '../../domain/municipality';
import { cycleSpecSchema } from '../../domain/plan/cycle';
import { resolveOwner } from '../../domain/plan/directory';
import type { PlanInput } from '../../domain/plan/input';
import { keepRecentMail } from '../../domain/plan/mailRecords';
import { reportInput } from '../../domain/plan/mails';
import * as planMsg from '../../domain/plan/messages';
import { summarise } from '../../domain/plan/report';
import { revisionSpecSchema } from '../../domain/plan/revision';
import { firstRevision } from '../../domain/plan/revisionSteps';
import { activeMeasures, newRound, type PlanState } from '../../domain/plan/round';
import * as planRules from '../../domain/plan/steering';
import { mailsOfStep, markStep, nextPlanStep, roundView } from '../../domain/plan/steps';
import { templatesDir } from '../../infra/paths';
import { overhallaPlan } from '../helpers/plans';
import { people } from '../helpers/timeline';
import { jsonish } from './fuzz';

// Every update of both workflows as a table the fuzz tests walk: its schema, check and apply as
// the workflow registers them (workflows/steering.ts), the fields its argument has, arguments
// built from what a collaboration or plan holds now (valid more often than not), and pure
// models of what the workflow does after an accepted update, so the rules can be driven
// without Temporal.

/* eslint-disable @typescript-eslint/no-explicit-any -- updates take any argument here on purpose */
type Rule<S, C> = (state: S, context: C, args: any, now: string) => unknown;

export interface UpdateSpec<S, C, V> {
  name: string;
  schema?: z.ZodType;
  check: Rule<S, C>;
  apply: Rule<S, C>;
  /** The argument's fields: a rejection names one of them (or the whole input). */
  fields: string[];
  /** An argument built from what the workflow holds now and a few random numbers. */
  build: (view: V, p: number[]) => unknown;
}

/** The workflow's validator, without Temporal: parse, the guard, the check. */
export function validate<S, C, V>(spec: UpdateSpec<S, C, V>, guard: (s: S) => void, state: S, context: C, args: unknown, now: string) {
  try {
    let data: unknown;
    if (spec.schema) {
      const parsed = spec.schema.safeParse(args);
      if (!parsed.success) throw new PlansyklusError(ErrorType.invalidInput, describeIssues(parsed.error));
      data = parsed.data;
    }
    guard(state);
    spec.check(state, context, data, now);
    return { ok: true as const, data };
  } catch (error) {
    return { ok: false as const, error };
  }
}

/**
 * Refusals about the workflow as a whole rather than one field of the argument: an ended
 * collaboration or plan, a pause while paused, a status answer outside the yearly round.
 */
export const STATE_LEVEL = [
  /^samarbeidet er avsluttet og kan ikke endres$/,
  /^samarbeidet er (allerede|ikke) satt på pause$/,
  /^planen er erstattet av plan-\d{4}-\d{4} og kan ikke endres$/,
  /^runden for \d{4} (er avsluttet; rapporten er sendt|har ikke startet ennå; den åpner \d{4}-\d{2}-\d{2}) \(bare «ferdig» kan meldes (mellom rundene|før det)\)$/,
];

/** The message names the field (every line, for several problems) and why; or it is one of STATE_LEVEL. */
export function namesField(message: string, fields: string[]): boolean {
  if (STATE_LEVEL.some((re) => re.test(message))) return true;
  const field = new RegExp(`^(\\(input\\)|(${fields.join('|') || '(?!)'})(\\.[^\\n]*?)?): \\S`);
  return message.split('\n').every((line) => field.test(line));
}

// ---------------------------------------------------------------------------------------------
// Arguments

const at = <T>(xs: readonly T[], i: number | undefined): T => xs[Math.abs(i ?? 0) % xs.length];
const plusDays = (day: string, n: number) => DateTime.fromISO(day, { zone: 'utc' }).plus({ days: n }).toISODate()!;
const TEXTS = ['Referat fra møtet: alle var til stede.', 'Mål: trygge møteplasser.', 'Vi nådde målene.', 'Kort\ntekst med «sitat» og 😀', '  med mellomrom  '];
const NAMES = ['Per Hansen', 'Kari Nordmann', 'Ingrid Berg', 'Åse Ødegård'];

/** Odd values to put where a valid one was. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: jsonish },
  {
    weight: 3,
    arbitrary: fc.constantFrom<unknown>(
      '', ' ', '\t\n', 0, -1, 1.5, 11, 1e308, -0, null, true, [], {}, [1, 2, 3], 'x'.repeat(200_001), '2040-02-30', '2040-02-30T10:00',
      '2040-01-01T24:00', '9999-12-31T23:59', '9999-12-31', '0000-01-01', '2040-13-01', '1. juni', 'ikke@', '__proto__', 'constructor',
      'area11.workSeminar', 'area0.evaluationMeeting', 'blå', 'done ', 'plan-5047-2016x', { kind: 'due', due: '9999-12-31' },
      { kind: 'range', from: '2041-01-01', to: '2040-01-01' }, { kind: 'recurring', every: 'month' },
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
);

type Path = (string | number)[];
function paths(value: unknown, prefix: Path = [], depth = 0): Path[] {
  if (depth > 4 || value === null || typeof value !== 'object') return [];
  return Object.keys(value).flatMap((k) => {
    const key = Array.isArray(value) ? Number(k) : k;
    return [[...prefix, key], ...paths((value as Record<string, unknown>)[k], [...prefix, key], depth + 1)];
  });
}

/** One change to a valid argument: a field (at any depth) replaced or removed, a field added, or all of it replaced. */
export interface Mutation {
  how: 'replace' | 'remove' | 'add' | 'whole';
  /** Which field, of all the argument's fields at any depth. */
  at: number;
  value: unknown;
  /** The name of an added field. */
  name: string;
}
export const mutation: fc.Arbitrary<Mutation> = fc.record({
  how: fc.constantFrom<Mutation['how']>('replace', 'replace', 'remove', 'add', 'whole'),
  at: fc.nat(),
  value: oddValue,
  name: fc.constantFrom('extra', 'Meeting', 'start ', 'areas', '__proto__'),
});

export function mutate(arg: unknown, { how, at: i, value, name }: Mutation): unknown {
  const all = paths(arg);
  if (how === 'whole' || all.length === 0) return value;
  const copy = structuredClone(arg) as Record<string | number, unknown>;
  if (how === 'add') {
    Object.defineProperty(copy, name, { value, enumerable: true, writable: true, configurable: true });
    return copy;
  }
  const path = at(all, i);
  const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>((o, k) => o[k] as Record<string | number, unknown>, copy);
  const last = path[path.length - 1];
  if (how === 'remove') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = value;
  return copy;
}

/** An update's argument as the fuzz tests send it: built from the state, mutated, or anything at all. */
export function argumentArb<S, C, V>(spec: UpdateSpec<S, C, V>, view: V, anything: fc.Arbitrary<unknown> = jsonish): fc.Arbitrary<unknown> {
  const built = fc.array(fc.nat(), { minLength: 6, maxLength: 6 }).map((p) => spec.build(view, p));
  return fc.oneof(
    { weight: 5, arbitrary: built },
    { weight: 3, arbitrary: fc.tuple(built, mutation).map(([arg, m]) => mutate(arg, m)) },
    { weight: 1, arbitrary: anything },
  );
}

// ---------------------------------------------------------------------------------------------
// DelTa

export interface DeltaView {
  meetings: string[];
  /** Meetings not held, not begun: the ones that can still be moved. */
  open: string[];
  focusAreas: number[];
  /** Local date now. */
  today: string;
}

const programme = loadProgramme('delta');
export const deltaProgramme = programme;

const area = (v: DeltaView, p: number) => (v.focusAreas.length && p % 4 !== 0 ? at(v.focusAreas, p >> 2) : 1 + (p % 11));

export const deltaUpdates: UpdateSpec<DeltaState, DeltaPlan, DeltaView>[] = [
  {
    name: deltaMsg.scheduleMeetingUpdate.name,
    schema: deltaMsg.scheduleMeetingSchema(),
    check: deltaRules.checkSchedule,
    apply: deltaRules.applySchedule,
    fields: ['meeting', 'start', 'location'],
    build: (v, p) => ({
      meeting: p[0] % 4 && v.open.length ? at(v.open, p[0] >> 2) : at([...v.meetings, 'area3.workSeminar'], p[0]),
      start:
        p[5] % 6 === 0
          ? // Written right, but perhaps no such day or time, or far ahead.
            `${at(['2040', '2041', '2043', '2099', '9999'], p[1])}-${at(['01', '02', '04', '12'], p[2])}-${at(['28', '29', '30', '31'], p[4])}T${at(['09:00', '24:00', '23:59', '12:60'], p[5] >> 3)}`
          : `${plusDays(v.today, (p[1] % 120) - 5)}T${at(['09:00', '10:30', '13:00', '17:00', '08:15', '23:30', '00:00'], p[2])}`,
      ...(p[3] % 2 ? { location: at(['Rådhuset', 'Kulturhuset, sal 2', ' '], p[3]) } : {}),
    }),
  },
  {
    name: deltaMsg.cancelMeetingUpdate.name,
    schema: deltaMsg.meetingRefSchema(),
    check: deltaRules.checkCancel,
    apply: deltaRules.applyCancel,
    fields: ['meeting'],
    build: (v, p) => ({ meeting: p[0] % 3 && v.open.length ? at(v.open, p[0] >> 2) : at([...v.meetings, 'ukjent'], p[0]) }),
  },
  {
    name: deltaMsg.confirmHeldUpdate.name,
    schema: deltaMsg.meetingRefSchema(),
    check: deltaRules.checkConfirmHeld,
    apply: deltaRules.applyConfirmHeld,
    fields: ['meeting'],
    build: (v, p) => ({ meeting: at([...v.meetings, 'ukjent'], p[0]) }),
  },
  {
    name: deltaMsg.registerReferatUpdate.name,
    schema: deltaMsg.registerReferatSchema(),
    check: deltaRules.checkReferat,
    apply: deltaRules.applyReferat,
    fields: ['meeting', 'text'],
    build: (v, p) => ({ meeting: at([...v.meetings, 'ukjent'], p[0]), text: at(TEXTS, p[1]) }),
  },
  {
    name: deltaMsg.chooseFocusAreasUpdate.name,
    schema: deltaMsg.chooseFocusAreasSchema(),
    check: deltaRules.checkChooseFocusAreas,
    apply: deltaRules.applyChooseFocusAreas,
    fields: ['areas'],
    build: (_v, p) => ({ areas: [1 + (p[0] % 10), 1 + (p[1] % 10), ...(p[2] % 7 === 0 ? [1 + (p[3] % 10)] : [])].slice(0, p[4] % 9 === 0 ? 1 : 3) }),
  },
  {
    name: deltaMsg.submitActionPlanUpdate.name,
    schema: deltaMsg.submitActionPlanSchema(),
    check: deltaRules.checkActionPlan,
    apply: deltaRules.applyActionPlan,
    fields: ['area', 'text'],
    build: (v, p) => ({ area: area(v, p[0]), text: at(TEXTS, p[1]) }),
  },
  {
    name: deltaMsg.registerEvaluationUpdate.name,
    schema: deltaMsg.registerEvaluationSchema(),
    check: deltaRules.checkEvaluation,
    apply: deltaRules.applyEvaluation,
    fields: ['area', 'text', 'signedBy', 'signedOn'],
    build: (v, p) => ({ area: area(v, p[0]), text: at(TEXTS, p[1]), signedBy: at(NAMES, p[2]), signedOn: plusDays(v.today, -(p[3] % 40) + (p[4] % 5 === 0 ? 3 : 0)) }),
  },
  {
    name: deltaMsg.registerMeasuresUpdate.name,
    schema: deltaMsg.registerMeasuresSchema(),
    check: deltaRules.checkMeasures,
    apply: deltaRules.applyMeasures,
    fields: ['area', 'measures'],
    build: (v, p) => ({
      area: area(v, p[0]),
      measures: Array.from({ length: 1 + (p[1] % 3) }, (_, i) => ({
        title: at(['Rusfrie fredagskvelder', 'Foreldremøte', 'Kurs i MOT'], p[2] + i),
        ...(p[3] % 2 ? { responsible: at(['Kulturenheten', 'Helse'], p[3] + i) } : {}),
        ...(p[4] % 3 ? { due: plusDays(v.today, (p[4] % 400) - 30) } : {}),
      })),
    }),
  },
  {
    name: deltaMsg.changeContactsUpdate.name,
    schema: deltaMsg.changeContactsSchema(),
    check: () => undefined,
    apply: deltaRules.applyContacts,
    fields: ['contact', 'leader', 'adviser'],
    build: (_v, p) => ({ [at(['contact', 'leader', 'adviser'], p[0])]: { name: at(NAMES, p[1]), email: `ny${p[2] % 5}@kommune.test`, ...(p[3] % 2 ? { title: 'Rådgiver' } : {}) } }),
  },
  { name: deltaMsg.pauseUpdate.name, check: deltaRules.checkPause, apply: deltaRules.applyPause, fields: [], build: () => undefined },
  { name: deltaMsg.resumeUpdate.name, check: deltaRules.checkResume, apply: deltaRules.applyResume, fields: [], build: () => undefined },
];

deltaUpdates.push({
  name: deltaMsg.reloadProgrammeUpdate.name,
  schema: deltaMsg.reloadProgrammeSchema(),
  check: deltaRules.checkReload,
  apply: deltaRules.applyReload,
  fields: ['programme'],
  build: (_v, p) => {
    const changed = structuredClone(programme) as any;
    if (p[0] % 3 === 0) changed.meetings.startSeminar.defaultStart.time = at(['08:30', '12:00'], p[1]);
    if (p[0] % 5 === 0) changed.meetings.startSeminar.durationMinutes = 60 + (p[2] % 600);
    if (p[0] % 7 === 0) delete changed.meetings.startSeminar.referat;
    return { programme: changed };
  },
});

/** The update definitions a messages module declares (defineUpdate gives `{ type: 'update', name }`). */
export const declaredUpdates = (module: object): string[] =>
  Object.values(module)
    .filter((v): v is { type: string; name: string } => !!v && typeof v === 'object' && (v as { type?: unknown }).type === 'update')
    .map((v) => v.name);

export const deltaPlanOf = () =>
  deltaPlan({ programme: structuredClone(programme), agreementDate: '2040-03-01', municipality: { country: 'NO', quietPeriod: true, language: 'nb' } });
const deltaMeta = { workflowId: 'delta-9999-2040', municipality: 'Testvik kommune', centre: 'KoRus Midt-Norge' };

export const deltaViewOf = (state: DeltaState, plan: DeltaPlan, now: string): DeltaView => ({
  meetings: meetingKeys(state, plan),
  open: meetingKeys(state, plan).filter((k) => !state.meetings[k].heldAt && !(state.meetings[k].start && state.meetings[k].start! <= now && !state.meetings[k].cancelledAt)),
  focusAreas: state.focusAreas,
  today: localDate(now, plan.rules.zone),
});

/** What the workflow does after an accepted update and while it waits: every due step up to `until`. */
export function driveDelta(state: DeltaState, plan: DeltaPlan, from: string, until: string, maxSteps = 150, mails = true): string {
  let now = from;
  for (let i = 0; i < maxSteps; i++) {
    advance(state, plan, now);
    const next = nextDue(state, plan, now);
    if (!next || next.at > until) return until > now ? until : now;
    now = next.at > now ? next.at : now;
    const meeting = next.due.unit === 'meeting' ? state.meetings[next.due.key] : undefined;
    if (!meeting || !isStale(next.due.step, meeting, now)) {
      if (!mails || mailsFor(next.due, state, plan, deltaMeta, now).length) {
        state.sent.push({ at: now, kind: next.due.step.kind, subject: next.due.key, to: next.due.step.to });
      }
    }
    markDone(state, next.due, now);
  }
  return now;
}

export function deltaStatus(state: DeltaState, plan: DeltaPlan, now: string) {
  const status = statusOf(state, plan, { workflowId: deltaMeta.workflowId, municipality: { name: 'Testvik kommune', number: '9999' }, centre: deltaMeta.centre }, now);
  const parsed = deltaStatusSchema().safeParse(status);
  if (!parsed.success) throw new Error(`the status does not follow its schema: ${describeIssues(parsed.error)}`);
  return status;
}

export interface DeltaSituation {
  state: DeltaState;
  plan: DeltaPlan;
  now: string;
  /** What was done to get here, for a failure's report. */
  story: string[];
}

/**
 * Collaborations somewhere in their two years, time passed and updates accepted on the way:
 * one script played out, with a snapshot after each of its steps.
 */
export const deltaSituations: fc.Arbitrary<DeltaSituation[]> = fc
  .array(
    fc.oneof(
      { weight: 2, arbitrary: fc.record({ hours: fc.integer({ min: 1, max: 24 * 45 }) }) },
      { weight: 2, arbitrary: fc.record({ intoMeeting: fc.integer({ min: 1, max: 90 }) }) },
      { weight: 6, arbitrary: fc.record({ update: fc.nat(), p: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }) }) },
    ),
    { minLength: 40, maxLength: 80, size: 'max' },
  )
  .map((script) => {
    const plan = deltaPlanOf();
    let now = '2040-03-01T07:00:00.000Z';
    const state = newDeltaState(plan, structuredClone(people), now);
    const story: string[] = [];
    const snapshots: DeltaSituation[] = [];
    for (const step of script) {
      snapshots.push({ state: structuredClone(state), plan, now, story: [...story] });
      if ('hours' in step) {
        now = driveDelta(state, plan, now, DateTime.fromISO(now).plus({ hours: step.hours }).toUTC().toISO()!, 150, false);
        story.push(`+${step.hours}h`);
        continue;
      }
      if ('intoMeeting' in step) {
        // Into the next meeting: it has begun and is not over.
        const next = Object.values(state.meetings)
          .filter((m) => m.start && !m.cancelledAt && !m.heldAt && m.start > now)
          .sort((a, b) => a.start!.localeCompare(b.start!))[0];
        if (!next) continue;
        now = driveDelta(state, plan, now, DateTime.fromISO(next.start!).plus({ minutes: step.intoMeeting }).toUTC().toISO()!, 150, false);
        story.push(`into ${next.key}`);
        continue;
      }
      // Mostly the updates that move a collaboration on.
      const movers = deltaUpdates.filter((u) => /Held|Focus|Referat|ActionPlan|Evaluation|Measures/.test(u.name));
      const focus = deltaUpdates.filter((u) => /Focus/.test(u.name));
      const spec = at([...deltaUpdates, ...movers, ...movers, ...movers, ...movers, ...focus, ...focus, ...focus], step.update);
      if (spec.name === 'reloadProgramme') continue;
      const arg = spec.build(deltaViewOf(state, plan, now), step.p);
      const v = validate(spec, deltaRules.checkOpen, state, plan, arg, now);
      if (!v.ok) continue;
      spec.apply(state, plan, v.data, now);
      advance(state, plan, now);
      story.push(`${spec.name} ${JSON.stringify(arg)}`);
    }
    return snapshots;
  });

// ---------------------------------------------------------------------------------------------
// The action plan

export interface PlanView {
  measures: string[];
  retired: string[];
  year: number;
}

const { plan: overhalla, directory } = overhallaPlan();
export const planDirectory = directory;
const owners = ['Oppvekst', 'Helse', 'Kultur', 'Jordmor', 'Fastlege', 'Alle'].map((o) => resolveOwner(directory, o)!);
const cycle = readValidated(cycleSpecSchema(), `${templatesDir}/plan/cycle.yaml`);
const revision = readValidated(revisionSpecSchema(), `${templatesDir}/plan/revision.yaml`);

const periodFor = (v: PlanView, p: number) =>
  at(
    [
      { kind: 'due', due: `${v.year + (p % 3)}-06-01` },
      { kind: 'due', due: `${v.year - 1}-12-31` },
      { kind: 'range', from: `${v.year}-01-01`, to: `${v.year + 2}-12-31` },
      { kind: 'recurring', every: 'year' },
      { kind: 'continuous' },
      // Written right, but far off or the wrong way round.
      { kind: 'due', due: at(['9999-12-31', '9999-12-20', '2199-12-31', '2200-01-01', '1899-12-31', '0000-01-01', '2040-02-29'], p >> 3) },
      { kind: 'range', from: `${v.year + 1}-01-01`, to: at([`${v.year}-12-31`, '9999-12-31'], p >> 3) },
    ],
    p,
  );
const id = (v: PlanView, p: number) => at([...v.measures, ...v.measures, ...v.retired, '9.9'], p);

export const planUpdates: UpdateSpec<PlanState, undefined, PlanView>[] = [
  {
    name: planMsg.answerStatusUpdate.name,
    schema: planMsg.answerStatusSchema(),
    check: planRules.checkAnswer,
    apply: planRules.applyAnswer,
    fields: ['measure', 'status', 'comment'],
    build: (v, p) => ({ measure: id(v, p[0]), status: at(['green', 'yellow', 'red', 'done', 'green'], p[1]), ...(p[2] % 2 ? { comment: at(TEXTS, p[3]) } : {}) }),
  },
  {
    name: planMsg.addMeasureUpdate.name,
    schema: planMsg.addMeasureSchema(),
    check: planRules.checkAdd,
    apply: planRules.applyAdd,
    fields: ['measure'],
    build: (v, p) => ({
      measure: {
        id: p[0] % 5 === 0 ? id(v, p[1]) : `${5 + (p[0] % 3)}.${p[1] % 30}`,
        goal: at(['Tydelig folkehelseperspektiv', ''], p[2]),
        measure: at(['Rusfri 17. mai-feiring for ungdom', 'Kurs for skjenkesteder', 'Foreldremøter'], p[3]),
        period: periodFor(v, p[4]),
        owner: at(owners, p[5]),
        ...(p[5] % 3 ? { coOwners: ['Helse'] } : {}),
      },
    }),
  },
  {
    name: planMsg.changeMeasureUpdate.name,
    schema: planMsg.changeMeasureSchema(),
    check: planRules.checkChange,
    apply: planRules.applyChange,
    fields: ['measure', 'text', 'goal', 'period'],
    build: (v, p) => ({
      measure: id(v, p[0]),
      ...(p[1] % 2 ? { text: at(['Ny tekst', 'Kurs for alle'], p[2]) } : {}),
      ...(p[1] % 3 === 0 ? { goal: at(['Nytt delmål', ''], p[2]) } : {}),
      ...(p[1] % 4 < 2 ? { period: periodFor(v, p[3]) } : {}),
    }),
  },
  {
    name: planMsg.retireMeasureUpdate.name,
    schema: planMsg.retireMeasureSchema(),
    check: planRules.checkRetire,
    apply: planRules.applyRetire,
    fields: ['measure'],
    build: (v, p) => ({ measure: id(v, p[0]) }),
  },
  {
    name: planMsg.changeOwnerUpdate.name,
    schema: planMsg.changeOwnerSchema(),
    check: planRules.checkOwner,
    apply: planRules.applyOwner,
    fields: ['measure', 'owner'],
    build: (v, p) => ({ measure: id(v, p[0]), owner: at(owners, p[1]) }),
  },
  {
    name: planMsg.endPlanUpdate.name,
    schema: planMsg.endPlanSchema(),
    check: () => undefined,
    apply: planRules.applyEnd,
    fields: ['successor'],
    build: (_v, p) => ({ successor: `plan-5047-${2016 + (p[0] % 20)}` }),
  },
];

planUpdates.push({
  name: planMsg.reloadPlanTemplatesUpdate.name,
  schema: planMsg.reloadPlanTemplatesSchema(),
  // As workflows/planCycle.ts checks it, for Overhalla (NO); the workflow then replaces its
  // cycle and revision data, which the tests model by driving on with the new input.
  check: (state, _c, data) => planRules.checkTemplates(state, 'NO', data),
  apply: () => undefined,
  fields: ['cycle', 'revision'],
  build: (_v, p) => {
    const c = structuredClone(cycle) as any;
    if (p[0] % 3 === 0) c.round.opensOn = at(['04-15', '06-01', '12-31', '02-29'], p[1]);
    if (p[0] % 4 === 0) c.round.answerWorkingDays = 1 + (p[2] % 40);
    const r = structuredClone(revision) as any;
    const m: any = at(r.milestones as unknown[], p[3]);
    if (p[4] % 3 === 0) m.lastsWeeks = 1 + (p[5] % 52);
    if (p[4] % 5 === 0) m.due = { ...m.due, months: (p[5] % 97) - 48 };
    if (p[4] % 7 === 0) m.due = { ...m.due, workingDays: (p[5] % 521) - 260 };
    return { cycle: c, revision: r };
  },
});

export interface PlanSituation {
  state: PlanState;
  input: PlanInput;
  now: string;
  story: string[];
}

const inputs = new Map<string, PlanInput>();
/** Overhalla's plan as `plan import` starts it on `today` (templates read once). */
export function planInputOf(today: string): PlanInput {
  if (!inputs.has(today)) inputs.set(today, planInput(overhalla, directory, today));
  return structuredClone(inputs.get(today)!);
}
export const planRulesFor = (input: PlanInput) => rulesFor(input.municipality);

export function newPlanState(input: PlanInput, now: string): PlanState {
  const r = planRulesFor(input);
  const today = localDate(now, r.zone);
  return {
    measures: input.measures.map((m) => ({ ...m, answers: {} })),
    round: newRound(input.firstRound, input.cycle, r),
    followUp: { since: today, reminded: [], lastDigest: {}, escalated: [] },
    revision: firstRevision(input.municipality.country, today),
    sent: [],
    failed: [],
  };
}

export const planViewOf = (state: PlanState): PlanView => ({
  measures: activeMeasures(state, state.round.year).map((m) => m.id),
  retired: state.measures.filter((m) => m.retiredAt).map((m) => m.id),
  year: state.round.year,
});

/** The plan workflow's loop without Temporal: round, follow-up and revision steps up to `until`, year after year. */
export function drivePlan(state: PlanState, input: PlanInput, from: string, until: string, maxSteps = 400): string {
  const r = planRulesFor(input);
  let now = from;
  for (let i = 0; i < maxSteps && !state.ended; i++) {
    const next = nextPlanStep(state, input, r);
    if (!next) {
      // Continue-as-new into the next year, with the last two rounds' mail records (v5).
      Object.assign(state, keepRecentMail(state, state.round.year + 1));
      state.round = newRound(state.round.year + 1, input.cycle, r);
      continue;
    }
    const { step } = next;
    if (step.at > until) return until > now ? until : now;
    now = step.at > now ? step.at : now;
    const year = state.round.year;
    for (const m of mailsOfStep(next, state, input, 'plan-9999-2011', r, now)) state.sent.push({ at: now, kind: step.kind, to: m.key.recipient, year });
    markStep(state, next, input, r, now);
  }
  return now;
}

/** What the status and report queries compute (workflows/planCycle.ts), so they must not throw either. */
export function planQueries(state: PlanState, input: PlanInput, now: string) {
  const r = planRulesFor(input);
  const status = roundView(state, r.zone, now);
  const report = reportInput(state, input, r, now);
  summarise(report);
  return { status, report };
}

/** Plans somewhere in their years, answers and changes accepted on the way: a snapshot after each step of a script. */
export const planSituations: fc.Arbitrary<PlanSituation[]> = fc
  .array(
    fc.oneof(
      { weight: 2, arbitrary: fc.record({ days: fc.integer({ min: 1, max: 200 }) }) },
      { weight: 5, arbitrary: fc.record({ update: fc.nat(), p: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }) }) },
    ),
    { minLength: 30, maxLength: 45, size: 'max' },
  )
  .map((script) => {
    let now = '2040-01-10T09:00:00.000Z';
    const input = planInputOf('2040-01-10');
    const state = newPlanState(input, now);
    const story: string[] = [];
    const snapshots: PlanSituation[] = [];
    for (const step of script) {
      snapshots.push({ state: structuredClone(state), input, now, story: [...story] });
      if ('days' in step) {
        now = drivePlan(state, input, now, DateTime.fromISO(now).plus({ days: step.days }).toUTC().toISO()!);
        story.push(`+${step.days}d`);
        continue;
      }
      // Answers most often; a plan rarely ends.
      const spec = at([...planUpdates, ...planUpdates.filter((u) => u.name === 'answerStatus'), ...planUpdates.filter((u) => u.name === 'answerStatus')], step.update);
      if (spec.name === 'reloadTemplates' || (spec.name === 'endPlan' && (snapshots.length < 25 || step.p[5] % 3 !== 0))) continue;
      const arg = spec.build(planViewOf(state), step.p);
      const v = validate(spec, planRules.checkNotEnded, state, undefined, arg, now);
      if (!v.ok) continue;
      spec.apply(state, undefined, v.data, now);
      story.push(`${spec.name} ${JSON.stringify(arg)}`);
    }
    return snapshots;
  });


/**
 * Situations made once and picked from: playing a script drives a collaboration or plan for
 * months, so a few scripts are played and every snapshot on the way is a situation.
 */
export function pool<T>(arb: fc.Arbitrary<T[]>, scripts: number, seed: number): fc.Arbitrary<T> {
  let made: T[] | undefined;
  return fc.nat().map((i) => {
    made ??= fc.sample(arb, { numRuns: scripts, seed }).flat();
    return made[i % made.length];
  });
}
