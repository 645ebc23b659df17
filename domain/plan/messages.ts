import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import { shared } from '../schema';
import { personSchema } from '../people';
import { cycleSpecSchema } from './cycle';
import { planMeasureSchema } from './input';
import { revisionSpecSchema } from './revision';
import type { ReportInput } from './report';
import type { PlanSentRecord } from './round';

/** The contract between the plan-cycle workflow and everything that steers or reads it. */
export const trafficSchema = shared(z.enum(['green', 'yellow', 'red', 'done'], { error: 'må være green, yellow, red eller done (grønn, gul, rød, ferdig)' }));

export const answerStatusSchema = shared(z.object({
  measure: z.string().min(1, 'oppgi tiltakets nummer, f.eks. 1.3'),
  status: trafficSchema(),
  comment: z.string().trim().max(2000, 'kommentaren er lengre enn 2000 tegn').optional(),
}));
export type AnswerStatus = z.infer<ReturnType<typeof answerStatusSchema>>;

const measureId = z.string().min(1, 'oppgi tiltakets nummer, f.eks. 1.3');

export const addMeasureSchema = shared(z.object({ measure: planMeasureSchema() }));
export type AddMeasure = z.infer<ReturnType<typeof addMeasureSchema>>;

export const changeMeasureSchema = shared(z
  .object({
    measure: measureId,
    text: z.string().trim().min(1, 'tiltaksteksten er tom').max(2000).optional(),
    goal: z.string().trim().max(500).optional(),
    period: planMeasureSchema().shape.period.optional(),
  })
  .refine((c) => c.text !== undefined || c.goal !== undefined || c.period !== undefined, 'oppgi minst én av text, goal og period'));
export type ChangeMeasure = z.infer<ReturnType<typeof changeMeasureSchema>>;

export const retireMeasureSchema = shared(z.object({ measure: measureId }));
export type RetireMeasure = z.infer<ReturnType<typeof retireMeasureSchema>>;

export const changeOwnerSchema = shared(z.object({
  measure: measureId,
  owner: z.object({ owner: z.string().trim().min(1), person: personSchema(), leader: personSchema() }),
}));
export type ChangeOwner = z.infer<ReturnType<typeof changeOwnerSchema>>;

/** A new plan has been adopted and imported: this one ends, naming its successor. */
export const endPlanSchema = shared(z.object({
  successor: z.string().regex(/^plan-\d{4}-\d{4}$/, 'må være id-en til den nye planen, f.eks. plan-5047-2016'),
}));
export type EndPlan = z.infer<ReturnType<typeof endPlanSchema>>;

export interface PlanStatus {
  workflowId: string;
  municipality: { name: string; number: string };
  plan: string;
  years: { from: number; to: number };
  round: { year: number; requestAt: string; due: string; closedAt?: string };
  measures: { id: string; owner: string; status?: string; lastYear?: string; late: boolean }[];
  /** Measures taken out of the plan, by id. */
  retired: string[];
  /** Set when a newer plan replaced this one. */
  ended?: { at: string; successor: string };
  /** Mail of this round and the one before. */
  sent: PlanSentRecord[];
  failed: PlanSentRecord[];
  /** How many mails of older rounds were sent and not delivered. */
  earlier?: { sent: number; failed: number };
}

export const planStatusQuery = defineQuery<PlanStatus>('planStatus');
export const planReportQuery = defineQuery<ReportInput>('planReport');
export const answerStatusUpdate = defineUpdate<PlanStatus, [AnswerStatus]>('answerStatus');
export const addMeasureUpdate = defineUpdate<PlanStatus, [AddMeasure]>('addMeasure');
export const changeMeasureUpdate = defineUpdate<PlanStatus, [ChangeMeasure]>('changeMeasure');
export const retireMeasureUpdate = defineUpdate<PlanStatus, [RetireMeasure]>('retireMeasure');
export const changeOwnerUpdate = defineUpdate<PlanStatus, [ChangeOwner]>('changeOwner');
export const endPlanUpdate = defineUpdate<PlanStatus, [EndPlan]>('endPlan');

/** The cycle and revision data as they are on disk now; they apply from the next step on. */
export const reloadPlanTemplatesSchema = shared(z.object({ cycle: cycleSpecSchema(), revision: revisionSpecSchema() }));
export type ReloadPlanTemplates = z.infer<ReturnType<typeof reloadPlanTemplatesSchema>>;
export const reloadPlanTemplatesUpdate = defineUpdate<PlanStatus, [ReloadPlanTemplates]>('reloadTemplates');
