import { z } from 'zod';
import { calendarDate, shared } from '../schema';
import { municipalitySchema } from '../municipality';
import { personSchema } from '../people';
import { cycleSpecSchema } from './cycle';
import { directorySchema } from './directory';
import { revisionSpecSchema } from './revision';

/**
 * The plan-cycle workflow's input: the municipality, the plan's years and coordinator, its
 * measures (as imported and resolved against the directory), and the cycle and revision data
 * from templates/ (a snapshot, so a running plan keeps the rules it started with).
 */
// Years a plan can mean (the period parser writes 1900–2100): a due date in year 9999 made the
// follow-up count into year 10000, which the calendar refuses, and stopped the workflow.
const isDay = (d: unknown) => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d);
const day = calendarDate().refine((d) => !isDay(d) || (d >= '1900-01-01' && d <= '2199-12-31'), 'må være en dato mellom 1900 og 2199');
const period = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('due'), due: day }),
  z.object({ kind: z.literal('range'), from: day, to: day }).refine((r) => !(isDay(r.from) && isDay(r.to)) || r.from <= r.to, { message: 'perioden slutter før den begynner', path: ['to'] }),
  z.object({ kind: z.literal('recurring'), every: z.literal('year') }),
  z.object({ kind: z.literal('continuous') }),
]);

export const planMeasureSchema = shared(z.object({
  id: z.string().min(1),
  goal: z.string(),
  measure: z.string().min(1),
  section: z.string().optional(),
  period,
  owner: z.object({ owner: z.string().min(1), person: personSchema(), leader: personSchema() }),
  coOwners: z.array(z.string()).default([]),
}));
export type PlanMeasure = z.infer<ReturnType<typeof planMeasureSchema>>;

/** What the directory file says besides the owners: whose plan it is and who runs it. */
export const planDirectorySchema = shared(directorySchema().safeExtend({
  municipality: municipalitySchema(),
  /** The plan's name as people know it, e.g. "Rusmiddelpolitisk handlingsplan 2011–2015". */
  plan: z.string().trim().min(1).max(200),
  /** Who runs the plan in the municipality: replies go to them, revision reminders too. */
  coordinator: personSchema(),
}));
export type PlanDirectory = z.infer<ReturnType<typeof planDirectorySchema>>;

export const planInputSchema = shared(z.object({
  municipality: planDirectorySchema().shape.municipality,
  plan: z.object({ name: z.string().min(1), years: z.object({ from: z.number().int(), to: z.number().int() }) }),
  coordinator: personSchema(),
  measures: z.array(planMeasureSchema()).min(1, 'planen har ingen tiltak'),
  cycle: cycleSpecSchema(),
  revision: revisionSpecSchema(),
  /** The first round's year; later runs carry on from their state. */
  firstRound: z.number().int().min(2000).max(2200),
  /**
   * A run continues as new at the wait after a step once its history is this long (v4). A year's round
   * writes about 590 events, so a plan runs in three or four runs a year: a cached plan holds a
   * few months of timers and mail, which bench:scale measures in the worker's memory.
   */
  continueAsNewAfterEvents: z.number().int().min(100).default(200),
}));
export type PlanInput = z.infer<ReturnType<typeof planInputSchema>>;

/** Plan workflow ids carry no personal data: municipality number and first plan year. */
export const planWorkflowId = (input: Pick<PlanInput, 'municipality' | 'plan'>): string =>
  `plan-${input.municipality.number}-${input.plan.years.from}`;
