import { z } from './z';

export const languages = ['nb', 'nn', 'da', 'en'] as const;
export const languageSchema = z.enum(languages);
export type Language = z.infer<typeof languageSchema>;

/** Text a person reads, per language; bokmål is required and the fallback. */
export const localizedSchema = z
  .object({ nb: z.string().min(1) })
  .extend({ nn: z.string().min(1).optional(), da: z.string().min(1).optional(), en: z.string().min(1).optional() });
export type Localized = z.infer<typeof localizedSchema>;

export const localizedListSchema = z
  .object({ nb: z.array(z.string().min(1)) })
  .extend({ nn: z.array(z.string().min(1)).optional(), da: z.array(z.string().min(1)).optional(), en: z.array(z.string().min(1)).optional() });
export type LocalizedList = z.infer<typeof localizedListSchema>;

export function pick<T>(text: { nb: T } & Partial<Record<Language, T>>, lang: Language): T {
  return text[lang] ?? text.nb;
}
