import { dirname, resolve } from 'node:path';
import { addWorkingDays, atLocal, localDate, type CalendarRules } from '../../domain/calendar';
import { deltaFileSchema, type DeltaFile } from '../../domain/delta/input';
import { measureSchema } from '../../domain/delta/messages';
import type { DeltaStatus } from '../../domain/delta/status';
import { personSchema } from '../../domain/people';
import { z } from '../../domain/z';
import { readValidated } from '../files';

/**
 * A simulation scenario: a collaboration file and what people do, and when, relative to the
 * agreement. See README, "Simulating a collaboration".
 */
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'må være et klokkeslett TT:mm');
const key = z.string().min(1);
const text = z.string().trim().min(1).optional();

/**
 * A meeting time: absolute local time, a day after the agreement, or working days after
 * another meeting has ended (relative ones move to a working day).
 */
const startSchema = z.union([
  z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'må være åååå-mm-ddTTT:mm, { day, time } eller { afterHeld, workingDays, time }'),
  z.object({ day: z.number().int().min(0).max(1000), time: hhmm }).strict(),
  z.object({ afterHeld: key, workingDays: z.number().int().min(1).max(260), time: hhmm }).strict(),
]);

const actionSchema = z.discriminatedUnion('do', [
  z.object({ do: z.literal('schedule'), meeting: key, start: startSchema, location: text }),
  z.object({ do: z.literal('cancel'), meeting: key }),
  z.object({ do: z.literal('held'), meeting: key }),
  z.object({ do: z.literal('referat'), meeting: key, text }),
  z.object({ do: z.literal('chooseFocusAreas'), areas: z.array(z.number().int()) }),
  z.object({ do: z.literal('actionPlan'), area: z.number().int(), text }),
  z.object({ do: z.literal('measures'), area: z.number().int(), measures: z.array(measureSchema()).min(1) }),
  z.object({ do: z.literal('evaluation'), area: z.number().int(), signedBy: z.string().min(1), text }),
  z.object({ do: z.literal('pause'), days: z.number().int().min(1).max(365).optional() }),
  z.object({ do: z.literal('resume') }),
  z.object({ do: z.literal('contacts'), contact: personSchema().optional(), leader: personSchema().optional(), adviser: personSchema().optional() }),
]);

/** When an action happens: exactly one anchor, optionally moved by working days, at a local time. */
const timingSchema = z
  .object({
    /** Calendar days after the agreement. */
    day: z.number().int().min(0).max(1000).optional(),
    /** After a meeting has ended (its key, e.g. startSeminar or area5.workSeminar). */
    afterHeld: key.optional(),
    /** Relative to a due date: a meeting's referat or a deliverable (e.g. area5.actionPlan). */
    afterDue: key.optional(),
    workingDays: z.number().int().min(-100).max(260).default(0),
    time: hhmm.default('10:00'),
  })
  .refine((t) => [t.day, t.afterHeld, t.afterDue].filter((x) => x !== undefined).length === 1, {
    message: 'oppgi nøyaktig én av day, afterHeld og afterDue',
  });

export const scenarioSchema = z.object({
  name: z.string().trim().min(1),
  description: z.string().optional(),
  /** The collaboration file, relative to the scenario file. */
  collaboration: z.string().min(1),
  /** The agreement date; default: the first working day a week from today (the test server starts today). */
  agreementDate: z.iso.date().optional(),
  /** Meetings agreed at the start, as in the collaboration file but with scenario times. */
  meetings: z.record(key, z.object({ start: startSchema, location: text })).default({}),
  actions: z.array(z.intersection(timingSchema, actionSchema)).default([]),
});
export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioAction = Scenario['actions'][number];

export interface LoadedScenario {
  scenario: Scenario;
  collaboration: DeltaFile;
}

export function loadScenario(file: string): LoadedScenario {
  const scenario = readValidated(scenarioSchema, file);
  const collaboration = readValidated(deltaFileSchema(), resolve(dirname(file), scenario.collaboration));
  return { scenario, collaboration };
}

/** The day itself when it is a working day, otherwise the next one. */
const onWorkingDay = (day: string, rules: CalendarRules) => addWorkingDays(day, 0, rules);
const plusDays = (isoDate: string, days: number) => new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** A scenario meeting time as the local wall time the schedule update takes. */
export function localStart(start: z.infer<typeof startSchema>, agreementDate: string, rules: CalendarRules, status?: DeltaStatus): string {
  if (typeof start === 'string') return start;
  if ('day' in start) return `${onWorkingDay(plusDays(agreementDate, start.day), rules)}T${start.time}`;
  const end = status?.meetings.find((m) => m.key === start.afterHeld)?.end;
  if (!end) return `${start.afterHeld} er ikke satt opp`; // the update rejects it, naming the field
  return `${addWorkingDays(localDate(end, rules.zone), start.workingDays, rules)}T${start.time}`;
}

/**
 * The UTC instant an action happens, from the collaboration's status; undefined while its
 * anchor is unknown (a meeting not yet scheduled, a deliverable not yet open, or already in).
 */
export function actionTime(action: ScenarioAction, status: DeltaStatus, rules: CalendarRules): string | undefined {
  const at = (day: string) => atLocal(onWorkingDay(day, rules), action.time, rules.zone);
  if (action.day !== undefined) return at(plusDays(status.agreementDate, action.day));
  if (action.afterHeld) {
    const m = status.meetings.find((x) => x.key === action.afterHeld);
    if (!m?.end || m.state === 'cancelled') return undefined;
    if (!action.workingDays) return m.end;
    return at(addWorkingDays(localDate(m.end, rules.zone), action.workingDays, rules));
  }
  const due =
    status.meetings.find((x) => x.key === action.afterDue && x.state === 'held')?.referatDue ??
    status.deliverables.find((x) => x.key === action.afterDue && (x.state === 'open' || x.state === 'late'))?.due;
  return due ? at(addWorkingDays(due, action.workingDays, rules)) : undefined;
}
