import { z } from 'zod';
import { languageSchema, type Language, type LocalizedText } from './text';

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

/**
 * An organiser invites someone to co-organise an event by e-mail: an existing account is added at once
 * (and told by mail); a new address gets a mail with a single-use link to create its account, in
 * `language` (default: the event's main language).
 */
export const inviteCoOrganiserSchema = z.strictObject({
  email: emailSchema,
  language: languageSchema.optional(),
});
export type InviteCoOrganiserInput = z.infer<typeof inviteCoOrganiserSchema>;
export interface InviteCoOrganiserResult {
  outcome: 'added' | 'invited';
  email: string;
}
/** An invitation not accepted yet (the link is in the mail only). Times ISO-8601 with the event zone's offset. */
export interface OrganiserInvitationView {
  id: string;
  email: string;
  language: Language;
  invitedAt: string;
  expiresAt: string;
}

/** The invitation's token, from the link's fragment (never in a URL the server sees). */
const invitationTokenSchema = z.string().min(20, 'required').max(200);
export const organiserInvitationTokenSchema = z.strictObject({ token: invitationTokenSchema });
export type OrganiserInvitationTokenInput = z.infer<typeof organiserInvitationTokenSchema>;
/** What the invitation page shows before its form. */
export interface OrganiserInvitationPreview {
  email: string;
  eventTitle: LocalizedText;
  mainLanguage: Language;
  /** An account exists for this address already: accepting adds the event to it (then sign in as usual). */
  accountExists: boolean;
  expiresAt: string;
}
/** Name and password are needed only when no account exists yet for the invitation's address. */
export const acceptOrganiserInvitationSchema = z.strictObject({
  token: invitationTokenSchema,
  name: z.string().trim().min(1, 'required').max(200).optional(),
  password: passwordSchema.optional(),
});
export type AcceptOrganiserInvitationInput = z.infer<typeof acceptOrganiserInvitationSchema>;
export interface AcceptOrganiserInvitationResult {
  eventId: string;
  organiser: OrganiserView;
  /** The account was created now (and the browser signed in, with the sign-in cookie); false: it existed, sign in as usual. */
  accountCreated: boolean;
}

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
