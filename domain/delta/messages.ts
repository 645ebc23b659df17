import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import { calendarDate, shared } from '../schema';
import { personSchema } from '../people';
import { programmeSchema } from '../programme';
import { meetingTimeSchema } from './input';
import type { DeliverableStatus, DeltaStatus, MeetingStatus } from './status';

/** The contract between the DelTa workflow and everything that steers or reads it. */
export type { DeliverableStatus, DeltaStatus, MeetingStatus } from './status';
export type { SentRecord } from './progress';

const meetingKey = z.string().min(1, 'oppgi møtet, f.eks. planningStartSeminar eller area5.workSeminar');
const area = z.number({ error: 'må være nummeret på et innsatsområde, 1–10' }).int().min(1).max(10);
const isoDate = calendarDate('må være en dato åååå-mm-dd');
const text = (what: string) => z.string().trim().min(1, `${what} er tom`).max(200_000, `${what} er lengre enn 200 000 tegn`);

export const registerReferatSchema = shared(z.object({ meeting: meetingKey, text: z.string().trim().min(1, 'referatet er tomt').max(200_000, 'referatet er lengre enn 200 000 tegn') }));
export type RegisterReferat = z.infer<ReturnType<typeof registerReferatSchema>>;

export const scheduleMeetingSchema = shared(meetingTimeSchema().extend({ meeting: meetingKey }));
export type ScheduleMeeting = z.infer<ReturnType<typeof scheduleMeetingSchema>>;

export const meetingRefSchema = shared(z.object({ meeting: meetingKey }));
export type MeetingRef = z.infer<ReturnType<typeof meetingRefSchema>>;

/** The municipality's choice of focus areas: exactly as many as the programme asks, distinct. */
export const chooseFocusAreasSchema = shared(z.object({
  areas: z.array(area).refine((a) => new Set(a).size === a.length, 'samme område er valgt to ganger'),
}));
export type ChooseFocusAreas = z.infer<ReturnType<typeof chooseFocusAreasSchema>>;

export const submitActionPlanSchema = shared(z.object({ area, text: text('handlingsplanen') }));
export type SubmitActionPlan = z.infer<ReturnType<typeof submitActionPlanSchema>>;

export const measureSchema = shared(z.object({
  title: z.string().trim().min(1, 'tiltaket mangler navn').max(300),
  responsible: z.string().trim().min(1).max(200).optional(),
  due: isoDate.optional(),
}));
export const registerMeasuresSchema = shared(z.object({ area, measures: z.array(measureSchema()).min(1, 'oppgi minst ett tiltak').max(100) }));
export type RegisterMeasures = z.infer<ReturnType<typeof registerMeasuresSchema>>;

/** The evaluation form (seed 000), signed and dated by the municipality. */
export const registerEvaluationSchema = shared(z.object({
  area,
  text: text('evalueringen'),
  signedBy: z.string().trim().min(1, 'hvem som har signert, mangler').max(200),
  signedOn: isoDate,
}));
export type RegisterEvaluation = z.infer<ReturnType<typeof registerEvaluationSchema>>;

/** New people for one or more roles; mail from now on goes to them. */
export const changeContactsSchema = shared(z
  .object({ contact: personSchema(), leader: personSchema(), adviser: personSchema() })
  .partial()
  .strict()
  .refine((c) => Object.keys(c).length > 0, 'oppgi minst én av contact, leader og adviser'));
export type ChangeContacts = z.infer<ReturnType<typeof changeContactsSchema>>;

/** The programme as it is on disk now (times, lead times, reminders, agendas, texts). */
export const reloadProgrammeSchema = shared(z.object({ programme: programmeSchema() }));
export type ReloadProgramme = z.infer<ReturnType<typeof reloadProgrammeSchema>>;

export const statusQuery = defineQuery<DeltaStatus>('status');
export const scheduleMeetingUpdate = defineUpdate<MeetingStatus, [ScheduleMeeting]>('scheduleMeeting');
export const cancelMeetingUpdate = defineUpdate<MeetingStatus, [MeetingRef]>('cancelMeeting');
export const confirmHeldUpdate = defineUpdate<MeetingStatus, [MeetingRef]>('confirmHeld');
export const registerReferatUpdate = defineUpdate<MeetingStatus, [RegisterReferat]>('registerReferat');
export const chooseFocusAreasUpdate = defineUpdate<DeltaStatus, [ChooseFocusAreas]>('chooseFocusAreas');
export const submitActionPlanUpdate = defineUpdate<DeliverableStatus, [SubmitActionPlan]>('submitActionPlan');
export const registerMeasuresUpdate = defineUpdate<DeltaStatus, [RegisterMeasures]>('registerMeasures');
export const registerEvaluationUpdate = defineUpdate<DeliverableStatus, [RegisterEvaluation]>('registerEvaluation');
export const pauseUpdate = defineUpdate<DeltaStatus>('pause');
export const resumeUpdate = defineUpdate<DeltaStatus>('resume');
export const changeContactsUpdate = defineUpdate<DeltaStatus, [ChangeContacts]>('changeContacts');
export const reloadProgrammeUpdate = defineUpdate<DeltaStatus, [ReloadProgramme]>('reloadProgramme');
