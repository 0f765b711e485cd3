import { z } from 'zod';
import { emailSchema } from './accounts';
import { languageSchema, localizedText, type Language, type LocalizedText } from './text';

export const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

const categoryKey = z.string().trim().min(1).max(40).regex(/^[a-z0-9_-]+$/, 'lower-case letters, digits, - and _ only');

/** The event's registration settings, set by its organisers (PATCH /api/events/:id { registration }). */
export const registrationSettingsSchema = z
  .strictObject({
    /** Registration is possible only while open, and between opensAt and closesAt when given. */
    open: z.boolean(),
    opensAt: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time with offset' }).nullable(),
    closesAt: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time with offset' }).nullable(),
    /** Seats; past it people join the waiting list in arrival order. Null: no limit. */
    capacity: z.number().int().min(1).max(1_000_000).nullable(),
    /** The event's own list of categories (researcher, practitioner, peer supporter, student...). */
    categories: z.array(z.strictObject({ key: categoryKey, label: localizedText(100) })).max(30),
    /** Days after the event's last day when personal data are erased. */
    retentionDays: z.number().int().min(0).max(3650),
    /** Whether the list of attendees who consented is public. */
    attendeeListPublic: z.boolean(),
  })
  .partial()
  .refine((s) => !s.opensAt || !s.closesAt || s.opensAt < s.closesAt, { message: 'must be after opensAt', path: ['closesAt'], params: { fieldIssue: 'end_before_start', startField: 'opensAt' } });
export type RegistrationSettingsInput = z.infer<typeof registrationSettingsSchema>;

export interface RegistrationSettingsView {
  open: boolean;
  opensAt: string | null;
  closesAt: string | null;
  capacity: number | null;
  categories: Array<{ key: string; label: LocalizedText }>;
  retentionDays: number;
  attendeeListPublic: boolean;
}

const registrantFields = {
  name: z.string().trim().min(1, 'required').max(200),
  email: emailSchema,
  affiliation: z.string().trim().max(300).optional(),
  category: categoryKey.optional(),
  language: languageSchema,
  /** Consent to the privacy notice: required. */
  privacyConsent: z.literal(true, { message: 'you must accept the privacy notice to register' }),
  /** Consent to appear on the public attendee list. */
  listConsent: z.boolean().default(false),
};

export const registerSchema = z.strictObject(registrantFields);
export type RegisterInput = z.infer<typeof registerSchema>;

/** An organiser adds someone; their consent to the notice is recorded by the organiser. */
export const organiserAddRegistrationSchema = z.strictObject({
  ...registrantFields,
  /** Confirm even when the event is full. */
  overrideCapacity: z.boolean().default(false),
});
export type OrganiserAddRegistrationInput = z.infer<typeof organiserAddRegistrationSchema>;

export const resendLinkSchema = z.strictObject({ email: emailSchema });

/** A personal link's token, exchanged once per visit for a short-lived access token. */
export const exchangeLinkSchema = z.strictObject({ token: z.string().min(20).max(200) });

export const registrationQuerySchema = z.strictObject({
  q: z.string().trim().max(200).optional(),
  status: z.enum(REGISTRATION_STATUSES).optional(),
  category: z.string().max(40).optional(),
});
export type RegistrationQuery = z.infer<typeof registrationQuerySchema>;

export interface RegistrationResult {
  status: RegistrationStatus;
  /** Position on the waiting list (1 = next to get a seat). */
  waitlistPosition: number | null;
  message: string;
}

export interface RegistrationView {
  id: string;
  name: string;
  email: string;
  affiliation: string | null;
  category: string | null;
  language: Language;
  listConsent: boolean;
  status: RegistrationStatus;
  waitlistPosition: number | null;
  registeredAt: string;
  confirmedAt: string | null;
  cancelledAt: string | null;
}

export interface RegistrationListView {
  counts: { confirmed: number; waitlisted: number; cancelled: number; capacity: number | null; seatsLeft: number | null };
  registrations: RegistrationView[];
}

export interface AccessGrant {
  accessToken: string;
  tokenType: 'Bearer';
  expiresAt: string;
  eventSlug: string;
}

export type SessionRole = 'organiser' | 'chair' | 'speaker' | 'panelist' | 'attendee';

export interface AttendeeListEntry {
  name: string;
  affiliation: string | null;
}

/** What someone sees behind their personal link. */
export interface PersonalSpaceView {
  event: { id: string; slug: string; title: LocalizedText; mainLanguage: Language; timeZone: string; startDate: string; endDate: string };
  /** For an attendee. */
  registration: RegistrationView | null;
  /** For an invited chair, speaker or panelist. */
  person: { id: string; name: string; affiliation: string | null } | null;
  /** For a submitter to the call for communications (their proposals: GET /api/me/proposals). */
  submitter: { id: string; name: string } | null;
  /** Whether this person sits on the scientific committee and reviews proposals (GET /api/me/reviews). */
  reviewer: boolean;
  /** The programme with this person's role in each session (null: none). */
  sessions: Array<{ id: string; title: LocalizedText; startsAt: string; endsAt: string; type: string; role: SessionRole | null }>;
}

export const invitationsSchema = z.strictObject({
  /** Whom to invite; by default every chair, speaker and panelist of the programme. */
  personIds: z.array(z.uuid()).max(500).optional(),
});
export type InvitationsInput = z.infer<typeof invitationsSchema>;

/** Why "Send invitations" left someone out: invited already (their link still works), no e-mail address, no role in the programme. */
export type InvitationSkipReason = 'already_invited' | 'no_email' | 'no_role';

export interface InvitationsResult {
  /** Mailed now: people of the programme who had no working link yet. */
  invited: Array<{ personId: string; name: string; roles: string[] }>;
  skipped: Array<{ personId: string; name: string; reason: InvitationSkipReason }>;
}

/** "Send again" to one person; `replaceLink` makes a new link and stops the current one (the organiser confirmed it). */
export const resendInvitationSchema = z.strictObject({
  replaceLink: z.boolean().default(false),
});
export type ResendInvitationInput = z.infer<typeof resendInvitationSchema>;

/** sent: a first link; resent: the same link as before (it keeps working); replaced: a new link, the previous one stopped. */
export interface ResendInvitationResult {
  personId: string;
  name: string;
  outcome: 'sent' | 'resent' | 'replaced';
}

/** Where one person of the programme stands with their invitation. */
export interface InvitationStatusView {
  personId: string;
  /** not_invited: no working link; invited: mailed, not used yet; opened: the link was used. */
  state: 'not_invited' | 'invited' | 'opened';
  /** When their current link was made and mailed (ISO-8601 with the event's offset). */
  invitedAt: string | null;
  /** The first time their current link was used. */
  openedAt: string | null;
  /** Whether they can be invited: they have an e-mail address and a role in the programme. */
  hasEmail: boolean;
  hasRole: boolean;
  /** Their decisions on the recordings in which they speak (null: they speak in no recording yet). */
  recordingConsent: { granted: number; refused: number; pending: number } | null;
}
