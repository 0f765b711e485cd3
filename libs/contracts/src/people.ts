import { z } from 'zod';
import { localizedText } from './text';
import { emailSchema } from './accounts';

const personFields = {
  name: z.string().trim().min(1, 'required').max(200),
  // null takes a value away (editing a person: the organiser emptied the field).
  affiliation: z.string().trim().max(300).nullable().optional(),
  /** Title or discipline, in French and/or English: { fr: "sociologue", en: "sociologist" }. */
  title: localizedText(300).nullable().optional(),
  bio: localizedText(5000).nullable().optional(),
  /** Private: never in a public response. */
  email: emailSchema.nullable().optional(),
};

export const createPersonSchema = z.strictObject(personFields);
export type CreatePersonInput = z.infer<typeof createPersonSchema>;
export const updatePersonSchema = z.strictObject(personFields).partial();
export type UpdatePersonInput = z.infer<typeof updatePersonSchema>;
