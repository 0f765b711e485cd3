import { z } from 'zod';
import { languageSchema } from '@amphi/contracts';

/** `?lang=fr|en`: which language to write text in (iCalendar); defaults to the event's main language. */
export const languageQuerySchema = z.strictObject({ lang: languageSchema.optional() });
export type LanguageQuery = z.infer<typeof languageQuerySchema>;

/**
 * Query filters that name a row by id: a value that is not a UUID names nothing, and is refused with
 * 422 by the schema instead of reaching PostgreSQL (where `uuid = 'x'` is an error, a 500).
 * Optional, so the document marks them optional.
 */
export const sessionFilterQuerySchema = z.strictObject({ sessionId: z.uuid({ message: 'must be the id of a session' }).optional() });
export type SessionFilterQuery = z.infer<typeof sessionFilterQuerySchema>;
export const personFilterQuerySchema = z.strictObject({ personId: z.uuid({ message: 'must be the id of a person' }).optional() });
export type PersonFilterQuery = z.infer<typeof personFilterQuerySchema>;
