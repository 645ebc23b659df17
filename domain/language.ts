import { z } from 'zod';
import { shared } from './schema';

export const languages = ['nb', 'nn', 'da', 'en'] as const;
export const languageSchema = shared(z.enum(languages));
export type Language = z.infer<ReturnType<typeof languageSchema>>;

/** Text a person reads, per language; bokmål is required and the fallback. */
export const localizedSchema = shared(z
  .object({ nb: z.string().min(1) })
  .extend({ nn: z.string().min(1).optional(), da: z.string().min(1).optional(), en: z.string().min(1).optional() }));
export type Localized = z.infer<ReturnType<typeof localizedSchema>>;

export const localizedListSchema = shared(z
  .object({ nb: z.array(z.string().min(1)) })
  .extend({ nn: z.array(z.string().min(1)).optional(), da: z.array(z.string().min(1)).optional(), en: z.array(z.string().min(1)).optional() }));
export type LocalizedList = z.infer<ReturnType<typeof localizedListSchema>>;

export function pick<T>(text: { nb: T } & Partial<Record<Language, T>>, lang: Language): T {
  return text[lang] ?? text.nb;
}
