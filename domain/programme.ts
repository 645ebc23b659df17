import { z } from 'zod';
import { shared } from './schema';
import { localizedListSchema, localizedSchema } from './language';
import { roles } from './people';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'må være et klokkeslett TT:mm');
const workingDays = z.number().int().min(0).max(260);
const key = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'nøkler skrives i camelCase, f.eks. startSeminar');

/** How a missing piece of work is chased: reminders to the contact person, then the leader. */
const chaseSchema = z
  .object({
    /** Reminders, working days before the due date. */
    reminderWorkingDaysBefore: z.array(workingDays).default([]),
    /** Reminders, working days after the due date (or, for referat, after the meeting). */
    reminderWorkingDaysAfter: z.array(workingDays).default([]),
    /** Escalation to the leader (copy to the KoRus adviser), working days after, when still missing. */
    escalateWorkingDaysAfter: workingDays,
  })
  .refine((r) => r.reminderWorkingDaysAfter.every((d) => d < r.escalateWorkingDaysAfter), {
    message: 'påminnelsene må komme før eskaleringen',
    path: ['reminderWorkingDaysAfter'],
  });

/**
 * One meeting or seminar of a programme: how long it lasts, when its mails go out, and
 * how its minutes (referat) are chased. Offsets count working days in the municipality's
 * calendar; every timed mail lands on a working day.
 */
export const meetingSpecSchema = shared(z.object({
  title: localizedSchema(),
  durationMinutes: z.number().int().min(15).max(12 * 60),
  /** Where the meeting falls when nobody has scheduled it: working days after the previous milestone. */
  defaultStart: z.object({ afterWorkingDays: workingDays, time: hhmm }),
  /** The invitation goes this many working days before the meeting (at once when that is past). */
  inviteWorkingDaysBefore: workingDays,
  /** Reminders to every invitee, working days before the meeting, at the start of the working day. */
  reminderWorkingDaysBefore: z.array(workingDays).default([]),
  /** Who is invited, by role; the KoRus adviser is the organizer. */
  invitees: z.array(z.enum(roles)).min(1).default(['contact', 'leader']),
  agenda: localizedListSchema(),
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
}));
export type MeetingSpec = z.infer<ReturnType<typeof meetingSpecSchema>>;

/**
 * Something the municipality delivers by a date: the choice of focus areas, an action plan,
 * a signed evaluation form. It is asked for when a meeting is held, and chased like a referat.
 */
export const deliverableSpecSchema = shared(chaseSchema.safeExtend({
  title: localizedSchema(),
  /** What the contact person is asked to do, as the start of a sentence (no placeholders). */
  ask: localizedSchema(),
  /** What the municipality is asked to fill in (the template's fields), shown in the request. */
  fields: localizedListSchema(),
  /** The meeting whose end opens it (within a focus area: that area's meeting). */
  opensWhenHeld: key,
  /** Due working days after it opens, or working days before a later meeting (e.g. the work seminar). */
  due: z.union([
    z.object({ workingDaysAfterOpening: workingDays }).strict(),
    z.object({ workingDaysBefore: workingDays, meeting: key }).strict(),
  ]),
}));
export type DeliverableSpec = z.infer<ReturnType<typeof deliverableSpecSchema>>;

/** One of the ten focus areas (innsatsområder) and how its work seminar differs from the default. */
export const focusAreaSchema = shared(z.object({
  n: z.number().int().min(1),
  title: localizedSchema(),
  /** A few words for subjects and calendars, e.g. "Barnespor". */
  short: localizedSchema(),
  /** Who the work seminar is for. */
  targetGroup: localizedListSchema(),
  /** The work seminar's programme (replaces the default agenda). */
  programme: localizedListSchema(),
  /** Overrides of the work seminar's time and length, e.g. an evening seminar 17:00–21:00. */
  workSeminar: z.object({ time: hhmm, durationMinutes: z.number().int().min(15).max(12 * 60) }).partial().default({}),
}));
export type FocusArea = z.infer<ReturnType<typeof focusAreaSchema>>;

export const programmeSchema = shared(z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'må være en id med små bokstaver'),
    name: localizedSchema(),
    durationYears: z.number().int().min(1).max(10),
    /** The shared meetings, run in `sequence` order. */
    meetings: z.record(key, meetingSpecSchema()),
    sequence: z.array(z.string()).min(1),
    focusAreas: z.object({
      /** How many areas the municipality chooses. */
      choose: z.number().int().min(1).max(10),
      /** The deliverable (under `deliverables`) through which the areas are chosen. */
      choice: key,
      /** Working days between the start of one chosen area's work and the next one's. */
      staggerWorkingDays: workingDays.default(5),
      areas: z.array(focusAreaSchema()).min(1),
      /** The meetings run for each chosen area, in `sequence` order. */
      meetings: z.record(key, meetingSpecSchema()),
      sequence: z.array(z.string()).min(1),
      /** The area meeting that is the work seminar: it takes the area's programme, time and length. */
      seminar: key,
      /** Deliverables of each chosen area (action plan, evaluation form). */
      deliverables: z.array(key),
    }),
    deliverables: z.record(key, deliverableSpecSchema()),
    /** Which deliverable, once in, completes a focus area. */
    completes: key,
  })
  .superRefine((p, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    p.sequence.forEach((k, i) => {
      if (!(k in p.meetings)) issue(['sequence', i], `møtet «${k}» finnes ikke under meetings`);
    });
    const fa = p.focusAreas;
    fa.sequence.forEach((k, i) => {
      if (!(k in fa.meetings)) issue(['focusAreas', 'sequence', i], `møtet «${k}» finnes ikke under focusAreas.meetings`);
    });
    fa.areas.forEach((a, i) => {
      if (a.n !== i + 1) issue(['focusAreas', 'areas', i, 'n'], `områdene må være nummerert 1, 2, 3 … i rekkefølge (ventet ${i + 1})`);
    });
    if (!(fa.seminar in fa.meetings)) issue(['focusAreas', 'seminar'], `møtet «${fa.seminar}» finnes ikke under focusAreas.meetings`);
    if (fa.choose > fa.areas.length) issue(['focusAreas', 'choose'], `kan ikke velge ${fa.choose} av ${fa.areas.length} områder`);
    if (!(fa.choice in p.deliverables)) issue(['focusAreas', 'choice'], `«${fa.choice}» finnes ikke under deliverables`);
    if (!fa.deliverables.includes(p.completes)) issue(['completes'], `«${p.completes}» må være et av focusAreas.deliverables`);
    for (const [k, d] of Object.entries(p.deliverables)) {
      const meetings = fa.deliverables.includes(k) ? fa.meetings : p.meetings;
      const where = fa.deliverables.includes(k) ? 'focusAreas.meetings' : 'meetings';
      if (!(d.opensWhenHeld in meetings)) issue(['deliverables', k, 'opensWhenHeld'], `møtet «${d.opensWhenHeld}» finnes ikke under ${where}`);
      if ('meeting' in d.due && !(d.due.meeting in meetings)) issue(['deliverables', k, 'due', 'meeting'], `møtet «${d.due.meeting}» finnes ikke under ${where}`);
    }
    fa.deliverables.forEach((k, i) => {
      if (!(k in p.deliverables)) issue(['focusAreas', 'deliverables', i], `«${k}» finnes ikke under deliverables`);
    });
  }));
export type Programme = z.infer<ReturnType<typeof programmeSchema>>;
