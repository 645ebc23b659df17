import { z } from './z';
import { localizedListSchema, localizedSchema } from './language';
import { roles } from './people';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'må være et klokkeslett TT:mm');
const workingDays = z.number().int().min(0).max(260);

/**
 * One meeting or seminar of a programme: how long it lasts, when its mails go out, and
 * how its minutes (referat) are chased. Offsets count working days in the municipality's
 * calendar; every timed mail lands on a working day.
 */
export const meetingSpecSchema = z.object({
  title: localizedSchema,
  durationMinutes: z.number().int().min(15).max(12 * 60),
  /** Where the meeting falls when nobody has scheduled it: working days after the previous milestone. */
  defaultStart: z.object({ afterWorkingDays: workingDays, time: hhmm }),
  /** The invitation goes this many working days before the meeting (at once when that is past). */
  inviteWorkingDaysBefore: workingDays,
  /** Reminders to every invitee, working days before the meeting, at the start of the working day. */
  reminderWorkingDaysBefore: z.array(workingDays).default([]),
  /** Who is invited, by role; the KoRus adviser is the organizer. */
  invitees: z.array(z.enum(roles)).min(1).default(['contact', 'leader']),
  agenda: localizedListSchema,
  referat: z
    .object({
      /** Working days after the meeting by which the referat is due. */
      dueWorkingDays: workingDays,
      /** Reminders to the contact person, working days after the meeting. */
      reminderWorkingDaysAfter: z.array(workingDays).default([]),
      /** Escalation to the leader, working days after the meeting, when still missing. */
      escalateWorkingDaysAfter: workingDays,
    })
    .refine((r) => r.reminderWorkingDaysAfter.every((d) => d < r.escalateWorkingDaysAfter), {
      message: 'påminnelsene må komme før eskaleringen',
      path: ['reminderWorkingDaysAfter'],
    })
    .optional(),
});
export type MeetingSpec = z.infer<typeof meetingSpecSchema>;

export const programmeSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'må være en id med små bokstaver'),
  name: localizedSchema,
  durationYears: z.number().int().min(1).max(10),
  meetings: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'møtenøkler skrives i camelCase, f.eks. startSeminar'), meetingSpecSchema),
  /** The order in which the programme's meetings run (later issues add branches per focus area). */
  sequence: z.array(z.string()).min(1),
}).superRefine((p, ctx) => {
  p.sequence.forEach((key, i) => {
    if (!(key in p.meetings)) ctx.addIssue({ code: 'custom', path: ['sequence', i], message: `møtet «${key}» finnes ikke under meetings` });
  });
});
export type Programme = z.infer<typeof programmeSchema>;
