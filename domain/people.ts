import { z } from './z';

export const personSchema = z.object({
  name: z.string().trim().min(1, 'navn mangler').max(200),
  email: z.email('må være en e-postadresse'),
  title: z.string().trim().max(200).optional(),
});
export type Person = z.infer<typeof personSchema>;

/** The roles a DelTa collaboration mails; mail records name roles, never people. */
export const roles = ['contact', 'leader', 'adviser'] as const;
export type Role = (typeof roles)[number];
