import { z } from 'zod';
import { localizedText, languageSchema } from './text';
import { dateTimeSchema } from './time';

export const SESSION_TYPES = ['plenary', 'round_table', 'workshop', 'keynote', 'break', 'other'] as const;
export type SessionType = (typeof SESSION_TYPES)[number];

/** Refinements carry what they check in params (FieldIssue code or rule), which the API and the web app word in the reader's language. */
const DUPLICATE = { message: 'lists a person twice', params: { fieldIssue: 'duplicate' } };
const personId = z.uuid({ message: 'must be the id of a person of this event' });
const distinct = (ids: string[]) => new Set(ids).size === ids.length;

export const talkSchema = z.strictObject({
  /** Given on update to keep a talk (and what refers to it) rather than replace it. */
  id: z.uuid().optional(),
  title: localizedText(500),
  abstract: localizedText(10000).optional(),
  speakers: z.array(personId).max(20).refine(distinct, DUPLICATE).default([]),
  plannedMinutes: z.number().int('a whole number of minutes').min(1).max(24 * 60),
});
export type TalkInput = z.infer<typeof talkSchema>;

const sessionFields = {
  type: z.enum(SESSION_TYPES),
  title: localizedText(300),
  description: localizedText(10000).optional(),
  startsAt: dateTimeSchema,
  endsAt: dateTimeSchema,
  /** A named track; an online study day usually has one. */
  stage: z.string().trim().min(1).max(100).default('main'),
  chairs: z.array(personId).max(10).refine(distinct, DUPLICATE).default([]),
  talks: z.array(talkSchema).max(50).default([]),
  panelists: z.array(personId).max(30).refine(distinct, DUPLICATE).default([]),
  language: languageSchema.optional(),
  recorded: z.boolean().default(false),
};

/** Every session but a break has at least one chair. */
const chairedUnlessBreak = (s: { type?: SessionType; chairs?: string[] }) =>
  s.type === undefined || s.chairs === undefined || s.type === 'break' || s.chairs.length > 0;
const chairMessage = { message: 'a session other than a break needs at least one chair', path: ['chairs'], params: { rule: 'chair_required' } };

export const createSessionSchema = z.strictObject(sessionFields).refine(chairedUnlessBreak, chairMessage);
export type CreateSessionInput = z.infer<typeof createSessionSchema>;

/** Fields given replace the stored ones; lists (chairs, talks, panelists) are replaced whole. */
export const updateSessionSchema = z
  .strictObject({
    type: sessionFields.type,
    title: sessionFields.title,
    description: localizedText(10000).nullable(),
    startsAt: dateTimeSchema,
    endsAt: dateTimeSchema,
    stage: z.string().trim().min(1).max(100),
    chairs: z.array(personId).max(10).refine(distinct, DUPLICATE),
    talks: z.array(talkSchema).max(50),
    panelists: z.array(personId).max(30).refine(distinct, DUPLICATE),
    language: languageSchema.nullable(),
    recorded: z.boolean(),
  })
  .partial();
export type UpdateSessionInput = z.infer<typeof updateSessionSchema>;
