import { z } from 'zod';
import { localizedText } from './text';
import { emailSchema } from './accounts';

const personFields = {
  name: z.string().trim().min(1, 'required').max(200),
  affiliation: z.string().trim().max(300).optional(),
  /** Title or discipline, in French and/or English: { fr: "sociologue", en: "sociologist" }. */
  title: localizedText(300).nullable().optional(),
  bio: localizedText(5000).optional(),
  /** Private: never in a public response. */
  email: emailSchema.optional(),
};

export const createPersonSchema = z.strictObject(personFields);
export type CreatePersonInput = z.infer<typeof createPersonSchema>;
export const updatePersonSchema = z.strictObject(personFields).partial();
export type UpdatePersonInput = z.infer<typeof updatePersonSchema>;
