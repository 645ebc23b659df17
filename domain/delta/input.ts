import { DateTime } from 'luxon';
import { z } from 'zod';
import { calendarDate, shared } from '../schema';
import { municipalitySchema } from '../municipality';
import { personSchema } from '../people';
import { programmeSchema } from '../programme';

const isoDate = calendarDate('må være en dato åååå-mm-dd');
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const localDateTime = z
  .string()
  .regex(LOCAL_DATE_TIME, 'må være dato og klokkeslett åååå-mm-ddTTT:mm, f.eks. 2027-01-12T09:00')
  // The calendar counts from real days only: 2027-02-30 or 24:00 would stop the workflow.
  .refine((s) => !LOCAL_DATE_TIME.test(s) || DateTime.fromISO(s, { zone: 'utc' }).isValid, 'dagen eller klokkeslettet finnes ikke; skriv f.eks. 2027-01-12T09:00');

/** A meeting time set by people: local wall time in the municipality's zone. */
export const meetingTimeSchema = shared(z.object({
  start: localDateTime,
  location: z.string().trim().min(1).max(300).optional(),
}));
export type MeetingTime = z.infer<ReturnType<typeof meetingTimeSchema>>;

/** What a KoRus adviser writes to start a collaboration (YAML or JSON file). */
export const deltaFileSchema = shared(z.object({
  municipality: municipalitySchema(),
  centre: z.string().trim().min(1).max(200),
  agreementDate: isoDate,
  people: z.object({
    contact: personSchema(),
    leader: personSchema(),
    adviser: personSchema(),
  }),
  /** Meetings already agreed when the collaboration starts, by meeting key. */
  meetings: z.record(z.string(), meetingTimeSchema()).default({}),
}));
export type DeltaFile = z.infer<ReturnType<typeof deltaFileSchema>>;

/** The workflow's input: the file plus the programme it runs (a snapshot of templates/). */
export const deltaInputSchema = shared(deltaFileSchema()
  .extend({
    programme: programmeSchema(),
    /** History length after which the workflow continues as new (Temporal also suggests it). */
    continueAsNewAfterEvents: z.number().int().min(200).default(10_000),
  }).superRefine((input, ctx) => {
  for (const key of Object.keys(input.meetings)) {
    if (!(key in input.programme.meetings)) {
      ctx.addIssue({
        code: 'custom',
        path: ['meetings', key],
        message: `ukjent møte; programmet har ${Object.keys(input.programme.meetings).join(', ')}`,
      });
    }
  }
}));
export type DeltaInput = z.infer<ReturnType<typeof deltaInputSchema>>;

/** Workflow ids carry no personal data: programme, municipality number, agreement year. */
export function deltaWorkflowId(input: Pick<DeltaFile, 'municipality' | 'agreementDate'>): string {
  return `delta-${input.municipality.number}-${input.agreementDate.slice(0, 4)}`;
}
