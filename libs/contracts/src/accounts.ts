import { z } from 'zod';

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'must be a valid e-mail address' }))
  // The document shows the input side of the pipe (a trimmed string), which has no format: give it.
  .meta({ format: 'email' });
export const passwordSchema = z.string().min(10, 'at least 10 characters').max(200, 'at most 200 characters');

export const loginSchema = z.strictObject({
  email: emailSchema,
  password: z.string().min(1, 'required').max(200),
});
export type LoginInput = z.infer<typeof loginSchema>;

/** An organiser adds a co-organiser to one of their events; the account is created if it does not exist. */
export const addCoOrganiserSchema = z.strictObject({
  email: emailSchema,
  name: z.string().trim().min(1).max(200).optional(),
  /** Required only when no account exists yet for this e-mail. */
  password: passwordSchema.optional(),
});
export type AddCoOrganiserInput = z.infer<typeof addCoOrganiserSchema>;

export interface OrganiserView {
  id: string;
  email: string;
  name: string;
}
export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresAt: string;
  organiser: OrganiserView;
}
export interface EventOrganiserView extends OrganiserView {
  role: 'owner' | 'co-organiser';
}
