import { z } from 'zod';
import { ownPattern, shared } from './schema';

export const personSchema = shared(z.object({
  name: z.string().trim().min(1, 'navn mangler').max(200),
  email: z.email({ message: 'må være en e-postadresse', pattern: ownPattern(z.regexes.email) }),
  title: z.string().trim().max(200).optional(),
}));
export type Person = z.infer<ReturnType<typeof personSchema>>;

/** The roles a DelTa collaboration mails; mail records name roles, never people. */
export const roles = ['contact', 'leader', 'adviser'] as const;
export type Role = (typeof roles)[number];
