import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { z } from '../z';
import { personSchema, type Role } from '../people';
import { meetingTimeSchema } from './input';
import type { StepKind } from '../meetingPlan';

/** The contract between the DelTa workflow and everything that steers or reads it. */

/** The key of the programme meeting the collaboration is working towards, or 'ended'. */
export type Phase = string;

const meetingKey = z.string().min(1, 'oppgi møtet, f.eks. planningStartSeminar');

export const registerReferatSchema = z.object({
  meeting: meetingKey,
  text: z.string().trim().min(1, 'referatet er tomt').max(200_000, 'referatet er lengre enn 200 000 tegn'),
});
export type RegisterReferat = z.infer<typeof registerReferatSchema>;

export const scheduleMeetingSchema = meetingTimeSchema.extend({ meeting: meetingKey });
export type ScheduleMeeting = z.infer<typeof scheduleMeetingSchema>;

export const cancelMeetingSchema = z.object({ meeting: meetingKey });
export type CancelMeeting = z.infer<typeof cancelMeetingSchema>;

/** New people for one or more roles; mail from now on goes to them. */
export const changeContactsSchema = z
  .object({ contact: personSchema, leader: personSchema, adviser: personSchema })
  .partial()
  .strict()
  .refine((c) => Object.keys(c).length > 0, 'oppgi minst én av contact, leader og adviser');
export type ChangeContacts = z.infer<typeof changeContactsSchema>;

export type MeetingPhase = 'unscheduled' | 'scheduled' | 'invited' | 'cancelled' | 'held' | 'referatRegistered';

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
  /** When the collaboration was paused; no mail goes out until it is resumed. */
  pausedAt?: string;
  agreementDate: string;
  endsOn: string;
  nextDeadline?: { what: StepKind; meeting: string; at: string };
  meetings: MeetingStatus[];
  sent: SentRecord[];
  /** Mails that could not be delivered, by role. */
  failed: SentRecord[];
}

export const statusQuery = defineQuery<DeltaStatus>('status');
export const scheduleMeetingUpdate = defineUpdate<MeetingStatus, [ScheduleMeeting]>('scheduleMeeting');
export const cancelMeetingUpdate = defineUpdate<MeetingStatus, [CancelMeeting]>('cancelMeeting');
export const pauseUpdate = defineUpdate<DeltaStatus>('pause');
export const resumeUpdate = defineUpdate<DeltaStatus>('resume');
export const changeContactsUpdate = defineUpdate<DeltaStatus, [ChangeContacts]>('changeContacts');
export const registerReferatUpdate = defineUpdate<MeetingStatus, [RegisterReferat]>('registerReferat');
