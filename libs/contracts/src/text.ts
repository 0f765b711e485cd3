import { z } from 'zod';

export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const languageSchema = z.enum(LANGUAGES);

/** Text people read, in French and/or English. Readers fall back to the event's main language. */
export type LocalizedText = Partial<Record<Language, string>>;

export function localizedText(maxLength: number) {
  const one = z.string().trim().min(1, 'must not be empty').max(maxLength, `at most ${maxLength} characters`);
  return z
    .strictObject({ fr: one.optional(), en: one.optional() })
    .refine((t) => t.fr !== undefined || t.en !== undefined, {
      message: 'give the text in French, English or both',
      params: { fieldIssue: 'text_missing' },
    })
    // The refinement is invisible to JSON Schema: say it there too, so that `{}` is not documented as valid.
    .meta({ minProperties: 1, description: 'The text in French (fr), English (en) or both; readers fall back to the event’s main language.' });
}

/** The text in `lang`, else in `fallback`, else in any language present. */
export function pickText(text: LocalizedText | null | undefined, lang: Language, fallback: Language): string | undefined {
  if (!text) return undefined;
  return text[lang] ?? text[fallback] ?? text.fr ?? text.en;
}
