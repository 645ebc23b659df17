import { DateTime } from 'luxon';
import { z } from 'zod';
import { shared } from '../schema';

const workingDays = z.number().int().min(0).max(260);

/** templates/plan/cycle.yaml: the yearly round as data a KoRus centre can change. */
export const cycleSpecSchema = shared(z.object({
  round: z
    .object({
      opensOn: z
        .string()
        .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'må være måned-dag, f.eks. "05-02"')
        // Every year's round opens on it: "02-30", or "02-29" in a common year, stopped the workflow.
        .refine((d) => !/^\d{2}-\d{2}$/.test(d) || DateTime.fromISO(`2001-${d}`).isValid, 'må være en dag som finnes hvert år, f.eks. "05-02"'),
      answerWorkingDays: workingDays.min(1),
      reminderWorkingDaysBefore: z.array(workingDays).default([]),
      reminderWorkingDaysAfter: z.array(workingDays).default([]),
      escalateWorkingDaysAfter: workingDays,
      closeWorkingDaysAfter: workingDays,
    })
    .refine((r) => r.reminderWorkingDaysAfter.every((d) => d < r.escalateWorkingDaysAfter), {
      message: 'påminnelsene må komme før eskaleringen',
      path: ['reminderWorkingDaysAfter'],
    })
    .refine((r) => r.escalateWorkingDaysAfter < r.closeWorkingDaysAfter, {
      message: 'runden må lukkes etter eskaleringen',
      path: ['closeWorkingDaysAfter'],
    }),
  measures: z.object({
    reminderDaysBefore: z.array(z.number().int().min(1).max(365)).default([28, 7]),
    digestEveryDays: z.number().int().min(1).max(90),
    escalateAfterDays: z.number().int().min(1).max(365),
  }),
}));
export type CycleSpec = z.infer<ReturnType<typeof cycleSpecSchema>>;
