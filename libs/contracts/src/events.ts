import { z } from 'zod';
import { localizedText, languageSchema, type Language } from './text';
import { calendarDateSchema, eventLengthInDays, latestEndDate, MAX_EVENT_DAYS, timeZoneSchema } from './time';
import { emailSchema } from './accounts';
import { registrationSettingsSchema } from './registrations';

export const EVENT_FORMATS = ['online', 'hybrid', 'in_person'] as const;
export type EventFormat = (typeof EVENT_FORMATS)[number];
export const EVENT_STATUSES = ['draft', 'published'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];
export const COMMITTEES = ['organising', 'scientific'] as const;
export type Committee = (typeof COMMITTEES)[number];
export const DOWNLOAD_KINDS = ['poster', 'programme', 'proceedings', 'slides', 'presentation', 'other'] as const;
export type DownloadKind = (typeof DOWNLOAD_KINDS)[number];

export const slugSchema = z
  .string()
  .min(3, 'at least 3 characters')
  .max(80, 'at most 80 characters')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case letters, digits and single hyphens only');

const urlSchema = z.url({ message: 'must be a URL', protocol: /^https?$/ }).max(2000);

export const venueSchema = z.strictObject({
  name: z.string().trim().min(1).max(300),
  address: z.string().trim().max(500).optional(),
  city: z.string().trim().max(200).optional(),
  country: z.string().trim().max(200).optional(),
  url: urlSchema.optional(),
});

export const contactSchema = z
  .strictObject({
    name: z.string().trim().max(200).optional(),
    email: emailSchema.optional(),
    url: urlSchema.optional(),
  })
  .refine((c) => c.name || c.email || c.url, { message: 'give at least a name, an e-mail or a URL', params: { rule: 'contact_incomplete' } });

/**
 * Keywords, one list per language: a list of keywords in French is rarely a word-for-word
 * translation of the English one, so each language has its own (readers see pickKeywords').
 */
const keywordSchema = z.string().trim().min(1).max(100);
export const keywordsSchema = z.strictObject({
  fr: z.array(keywordSchema).max(50).optional(),
  en: z.array(keywordSchema).max(50).optional(),
});
export type LocalizedKeywords = Partial<Record<Language, string[]>>;

/** The keywords in `lang`, else in `fallback` (the event's main language), else in any language given. */
export function pickKeywords(keywords: LocalizedKeywords | null | undefined, lang: Language, fallback: Language): string[] {
  if (!keywords) return [];
  for (const l of [lang, fallback, 'fr', 'en'] as const) if (keywords[l]?.length) return keywords[l];
  return [];
}

export const committeeMemberSchema = z.strictObject({
  personId: z.uuid({ message: 'must be the id of a person of this event' }),
  role: localizedText(300).optional(),
});

const eventFields = {
  slug: slugSchema,
  title: localizedText(300),
  subtitle: localizedText(500).optional(),
  description: localizedText(30000).optional(),
  mainLanguage: languageSchema,
  timeZone: timeZoneSchema,
  startDate: calendarDateSchema,
  endDate: calendarDateSchema,
  format: z.enum(EVENT_FORMATS),
  venue: venueSchema.nullable().optional(),
  keywords: keywordsSchema.optional(),
  contact: contactSchema.nullable().optional(),
  committees: z
    .strictObject({
      organising: z.array(committeeMemberSchema).max(200).optional(),
      scientific: z.array(committeeMemberSchema).max(200).optional(),
    })
    .optional(),
};

const datesInOrder = (e: { startDate?: string; endDate?: string }) =>
  !e.startDate || !e.endDate || e.startDate <= e.endDate;
const datesMessage = { message: 'must not be before startDate', path: ['endDate'], params: { fieldIssue: 'end_before_start', startField: 'startDate' } };
/** An event lasts at most MAX_EVENT_DAYS (time.ts says why). */
export const eventLengthIsSane = (e: { startDate?: string; endDate?: string }) =>
  !e.startDate || !e.endDate || e.startDate > e.endDate || eventLengthInDays(e.startDate, e.endDate) <= MAX_EVENT_DAYS;
/** Refuses an event longer than MAX_EVENT_DAYS, saying which end dates are possible. */
const saneLength = (e: { startDate?: string; endDate?: string }, ctx: z.RefinementCtx) => {
  if (eventLengthIsSane(e)) return;
  const max = latestEndDate(e.startDate!);
  ctx.addIssue({ code: 'custom', path: ['endDate'], message: `must be at most ${max} (an event lasts at most ${MAX_EVENT_DAYS} days)`, params: { fieldIssue: 'date_out_of_range', min: e.startDate!, max } });
};

export const createEventSchema = z.strictObject(eventFields).refine(datesInOrder, datesMessage).superRefine(saneLength);
export type CreateEventInput = z.infer<typeof createEventSchema>;

export const updateEventSchema = z
  .strictObject({
    ...eventFields,
    registration: registrationSettingsSchema,
    /** The live Q&A: whether the chairs and organisers see who asked an anonymous question (default: nobody but the asker does). */
    qa: z.strictObject({ anonymousNamesToModerators: z.boolean() }).partial(),
  })
  .partial()
  .refine(datesInOrder, datesMessage)
  .superRefine(saneLength);
export type UpdateEventInput = z.infer<typeof updateEventSchema>;

export const downloadMetadataSchema = z.strictObject({
  kind: z.enum(DOWNLOAD_KINDS),
  title: localizedText(300),
  /** A talk's material (its slides, its paper) rather than the event's own file. */
  talkId: z.uuid({ message: 'must be the id of a talk of this event' }).optional(),
});
export type DownloadMetadataInput = z.infer<typeof downloadMetadataSchema>;

/** The order of the event's own files (talkId null) or of one talk's materials: these first, in this order. */
export const downloadOrderSchema = z.strictObject({
  talkId: z.uuid().nullable(),
  downloadIds: z.array(z.uuid()).min(1).max(500),
});
export type DownloadOrderInput = z.infer<typeof downloadOrderSchema>;

/**
 * The files an event or a talk may offer, by the type read from their first bytes (never from the
 * name or the declared type), with the extension they are then saved under. No SVG or HTML: a
 * file served from Amphi's origin must not carry scripts.
 */
export const MATERIAL_FILE_TYPES = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.oasis.opendocument.presentation': 'odp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/epub+zip': 'epub',
} as const;
export type MaterialFileType = keyof typeof MATERIAL_FILE_TYPES;
