import { z } from 'zod';
import { localizedText, type Language, type LocalizedText } from './text';

/**
 * Reminders, change notices and messages from the organiser (issue 13, item 6).
 *
 * Reminders go to the registrants with a seat: one some hours before the event starts (with a link
 * to the programme's .ics), and one some minutes before each session they can join. Each can be
 * turned off for the event; each registrant can stop them for themselves.
 */
export const reminderSettingsSchema = z.strictObject({
  beforeEvent: z.strictObject({
    enabled: z.boolean(),
    /** Hours before the first session (or the first day's midnight, in the event's zone, without a programme). */
    hoursBefore: z.number().int().min(1).max(14 * 24),
  }),
  beforeSession: z.strictObject({
    enabled: z.boolean(),
    minutesBefore: z.number().int().min(5).max(24 * 60),
  }),
});
export type ReminderSettings = z.infer<typeof reminderSettingsSchema>;

/** What an event has until its organiser changes it: the day before, and a quarter of an hour before each session. */
export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = {
  beforeEvent: { enabled: true, hoursBefore: 24 },
  beforeSession: { enabled: true, minutesBefore: 15 },
};

/** Who a message goes to: the registrants with a seat, those of one category (with a seat), or the waiting list. */
export const MESSAGE_AUDIENCES = ['registered', 'category', 'waitlist'] as const;
export type MessageAudience = (typeof MESSAGE_AUDIENCES)[number];

export const organiserMessageDraftSchema = z.strictObject({
  audience: z.enum(MESSAGE_AUDIENCES),
  /** The category's key, when audience is 'category'. */
  category: z.string().trim().min(1).max(40).optional(),
  subject: localizedText(200),
  /** Plain text; paragraphs are separated by a blank line. */
  body: localizedText(10_000),
});
export type OrganiserMessageDraft = z.infer<typeof organiserMessageDraftSchema>;

export const sendOrganiserMessageSchema = organiserMessageDraftSchema.extend({
  /** Made by the composer once per message: sending twice with the same key (a double click, a retry) sends once. */
  idempotencyKey: z.uuid(),
});
export type SendOrganiserMessageInput = z.infer<typeof sendOrganiserMessageSchema>;

/** The mail as one recipient would get it. */
export interface RenderedMailView {
  language: Language;
  recipientName: string;
  subject: string;
  text: string;
  html: string;
}

export interface OrganiserMessagePreview {
  recipientCount: number;
  /** How many recipients read it in each language. */
  languages: Record<Language, number>;
  /** Rendered for the first recipient (or a placeholder name when there is none yet). */
  sample: RenderedMailView;
}

export interface OrganiserMessageView {
  id: string;
  audience: MessageAudience;
  category: string | null;
  subject: LocalizedText;
  recipientCount: number;
  /** Mails written to the outbox so far; equals recipientCount once status is 'sent'. */
  queuedCount: number;
  status: 'sending' | 'sent';
  createdAt: string;
}


/** The personal space's choice about reminders. */
export const reminderPreferenceSchema = z.strictObject({ reminders: z.boolean() });
export type ReminderPreferenceInput = z.infer<typeof reminderPreferenceSchema>;
export interface ReminderPreferenceView {
  reminders: boolean;
}
