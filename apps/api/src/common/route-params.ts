import { z } from 'zod';
import { languageSchema } from '@amphi/contracts';

/** `?lang=fr|en`: which language to write text in (iCalendar); defaults to the event's main language. */
export const languageQuerySchema = z.strictObject({ lang: languageSchema.optional() });
export type LanguageQuery = z.infer<typeof languageQuerySchema>;
