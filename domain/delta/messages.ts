import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { z } from '../z';
import type { Role } from '../people';
import type { StepKind } from '../meetingPlan';

/** The contract between the DelTa workflow and everything that steers or reads it. */

export const phases = ['planningStartSeminar', 'startSeminar', 'ended'] as const;
export type Phase = (typeof phases)[number];

export const registerReferatSchema = z.object({
  meeting: z.string().min(1, 'oppgi møtet, f.eks. planningStartSeminar'),
  text: z.string().trim().min(1, 'referatet er tomt').max(200_000, 'referatet er lengre enn 200 000 tegn'),
});
export type RegisterReferat = z.infer<typeof registerReferatSchema>;

export type MeetingPhase = 'unscheduled' | 'scheduled' | 'invited' | 'held' | 'referatRegistered';

export interface MeetingStatus {
  key: string;
  title: string;
  state: MeetingPhase;
  start?: string;
  end?: string;
  location?: string;
  sequence: number;
  referatDue?: string;
  referatRegisteredAt?: string;
}

export interface SentRecord {
  at: string;
  kind: StepKind;
  meeting: string;
  to: Role[];
}

export interface DeltaStatus {
  workflowId: string;
  programme: string;
  municipality: { name: string; number: string };
  centre: string;
  phase: Phase;
  agreementDate: string;
  endsOn: string;
  nextDeadline?: { what: StepKind; meeting: string; at: string };
  meetings: MeetingStatus[];
  sent: SentRecord[];
}

export const statusQuery = defineQuery<DeltaStatus>('status');
export const registerReferatUpdate = defineUpdate<MeetingStatus, [RegisterReferat]>('registerReferat');
