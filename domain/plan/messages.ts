import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { z } from '../z';
import type { ReportInput } from './report';
import type { PlanSentRecord } from './round';

/** The contract between the plan-cycle workflow and everything that steers or reads it. */
export const trafficSchema = z.enum(['green', 'yellow', 'red', 'done'], { error: 'må være green, yellow, red eller done (grønn, gul, rød, ferdig)' });

export const answerStatusSchema = z.object({
  measure: z.string().min(1, 'oppgi tiltakets nummer, f.eks. 1.3'),
  status: trafficSchema,
  comment: z.string().trim().max(2000, 'kommentaren er lengre enn 2000 tegn').optional(),
});
export type AnswerStatus = z.infer<typeof answerStatusSchema>;

export interface PlanStatus {
  workflowId: string;
  municipality: { name: string; number: string };
  plan: string;
  round: { year: number; requestAt: string; due: string; closedAt?: string };
  measures: { id: string; owner: string; status?: string; lastYear?: string; late: boolean }[];
  sent: PlanSentRecord[];
  failed: PlanSentRecord[];
}

export const planStatusQuery = defineQuery<PlanStatus>('planStatus');
export const planReportQuery = defineQuery<ReportInput>('planReport');
export const answerStatusUpdate = defineUpdate<PlanStatus, [AnswerStatus]>('answerStatus');
