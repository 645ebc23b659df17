import { z } from 'zod';
import { shared } from './schema';
import { defaultRules, type CalendarRules } from './calendar';
import { languageSchema } from './language';

/** A municipality as the input files name it; its calendar follows from country and quiet period. */
export const municipalitySchema = shared(z.object({
  name: z.string().trim().min(1).max(200),
  number: z.string().regex(/^\d{4}$/, 'må være det firesifrede kommunenummeret, f.eks. "5047"'),
  country: z.enum(['NO', 'DK']).default('NO'),
  language: languageSchema().default('nb'),
  quietPeriod: z.boolean().default(true),
}));
export type Municipality = z.infer<ReturnType<typeof municipalitySchema>>;

/** The working-day rules of a municipality: its country's holidays, and the fellesferie when chosen. */
export const rulesFor = (m: Pick<Municipality, 'country' | 'quietPeriod'>): CalendarRules => ({ ...defaultRules(m.country), quietPeriod: m.quietPeriod });
