import { z } from 'zod';
import { emailSchema } from './accounts';
import { languageSchema, localizedText, type Language, type LocalizedText } from './text';
import { isDateInRange, MAX_DATE, MIN_DATE } from './time';

/**
 * The call for communications of an event, its proposals, and the scientific committee's review.
 * One vocabulary for the API and the web app:
 * - a *call* has themes (the workshop themes) and submission types, each type with its length limit;
 * - a *submitter* has no account: a name, an e-mail, an affiliation and a personal link;
 * - a *proposal* (table `submission`) is a draft until submitted, then reviewed by the members of
 *   the scientific committee it is assigned to, then decided by the organisers, then confirmed by
 *   its submitter, then placed in the programme as a talk.
 */

// Within MIN_DATE..MAX_DATE like every date of Amphi: year 0000 or 9999 is a typo PostgreSQL would refuse (a 500).
const dateTime = z.iso
  .datetime({ offset: true, message: 'must be an ISO-8601 date-time with offset' })
  .refine(isDateInRange, { message: `must be between ${MIN_DATE} and ${MAX_DATE}`, params: { fieldIssue: 'date_out_of_range', min: MIN_DATE, max: MAX_DATE } });
/** A short key chosen by the organisers for a theme, a type, a question or a criterion ("health", "poster"). */
export const callKeySchema = z.string().trim().min(1).max(40).regex(/^[a-z0-9_-]+$/, 'lower-case letters, digits, - and _ only');

export const LENGTH_UNITS = ['characters', 'words'] as const;
export type LengthUnit = (typeof LENGTH_UNITS)[number];

/** Words as people count them: runs of letters, digits, apostrophes and hyphens ("l'état", "peer-support" are one each). */
const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

/**
 * The length of an abstract in the unit of its type's limit: characters as people count them (code
 * points, line breaks included), or words. One rule for the API (422 over the limit) and the web
 * app's live count.
 */
export function abstractLength(text: string, unit: LengthUnit): number {
  if (unit === 'words') return text.match(WORD)?.length ?? 0;
  return [...text.normalize('NFC')].length;
}

export const PROPOSAL_FORMATS = ['online', 'on_site'] as const;
export type ProposalFormat = (typeof PROPOSAL_FORMATS)[number];

export const QUESTION_KINDS = ['text', 'long_text', 'choice', 'yes_no', 'number'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const RECOMMENDATIONS = ['accept', 'accept_as_poster', 'revise', 'reject'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

export const DECISIONS = ['accepted', 'accepted_as_poster', 'rejected'] as const;
export type Decision = (typeof DECISIONS)[number];

/** Where a proposal stands, as its submitter and the organisers see it (derived, see proposalState in the API). */
export const PROPOSAL_STATES = ['draft', 'submitted', 'withdrawn', 'accepted', 'accepted_as_poster', 'rejected', 'confirmed', 'declined'] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

/** Whether the call takes proposals now, in the visitor's terms: "opens on…", "open until…", "closed". */
export const CALL_STATES = ['unpublished', 'upcoming', 'open', 'closed'] as const;
export type CallState = (typeof CALL_STATES)[number];

/** Scores are whole numbers from 1 (weak) to 5 (excellent) per criterion. */
export const SCORE_MIN = 1;
export const SCORE_MAX = 5;

export const callThemeSchema = z.strictObject({ key: callKeySchema, title: localizedText(300), description: localizedText(3000).optional() });
export const callTypeSchema = z.strictObject({
  key: callKeySchema,
  title: localizedText(200),
  /** The abstract's length limit for this type (the seeds: 3,000 characters). */
  limit: z.strictObject({ unit: z.enum(LENGTH_UNITS), max: z.number().int().min(1).max(100_000) }),
});
export const callQuestionSchema = z.strictObject({
  key: callKeySchema,
  label: localizedText(500),
  kind: z.enum(QUESTION_KINDS),
  /** For `choice`: the options, each a key and its label. */
  options: z.array(z.strictObject({ key: callKeySchema, label: localizedText(200) })).max(30).optional(),
  required: z.boolean().default(false),
});
export const reviewCriterionSchema = z.strictObject({ key: callKeySchema, label: localizedText(200), weight: z.number().min(0).max(100) });

const unique = <T extends { key: string }>(items: T[]) => new Set(items.map((i) => i.key)).size === items.length;
const DUPLICATE_KEY = { message: 'two items have the same key', params: { fieldIssue: 'duplicate' } };

/** The call's settings, set by its organisers (PUT /api/events/:eventId/call); fields left out keep their value. */
export const callSettingsSchema = z
  .strictObject({
    /** Visible on the event page (with its state) once published. */
    published: z.boolean(),
    opensAt: dateTime,
    closesAt: dateTime,
    /** Submitted proposals may still be edited until then (a later deadline for modifications); null: until closesAt. */
    editableUntil: dateTime.nullable(),
    argument: localizedText(20_000).nullable(),
    instructions: localizedText(20_000).nullable(),
    themes: z.array(callThemeSchema).max(50).refine(unique, DUPLICATE_KEY),
    types: z.array(callTypeSchema).min(1).max(20).refine(unique, DUPLICATE_KEY),
    /** Which optional fields the form asks for. */
    fields: z.strictObject({ keywords: z.boolean(), references: z.boolean(), language: z.boolean(), format: z.boolean(), theme: z.boolean() }).partial(),
    questions: z.array(callQuestionSchema).max(30).refine(unique, DUPLICATE_KEY),
    /** At most this many proposals (not withdrawn) per submitter; null: no limit. */
    maxProposalsPerSubmitter: z.number().int().min(1).max(100).nullable(),
    /** Review: how many reviewers per proposal, and until when. */
    reviewersPerProposal: z.number().int().min(1).max(10),
    reviewDeadline: dateTime.nullable(),
    /** Authors' names and affiliations hidden from reviewers. */
    anonymousReview: z.boolean(),
    criteria: z.array(reviewCriterionSchema).max(20).refine(unique, DUPLICATE_KEY),
  })
  .partial();
export type CallSettingsInput = z.infer<typeof callSettingsSchema>;

export interface CallTheme {
  key: string;
  title: LocalizedText;
  description?: LocalizedText;
}
export interface CallType {
  key: string;
  title: LocalizedText;
  limit: { unit: LengthUnit; max: number };
}
export interface CallQuestion {
  key: string;
  label: LocalizedText;
  kind: QuestionKind;
  options?: Array<{ key: string; label: LocalizedText }>;
  required: boolean;
}
export interface ReviewCriterion {
  key: string;
  label: LocalizedText;
  weight: number;
}

/** The call as everyone sees it (GET /api/events/:slug/call); the organisers' view adds the review settings. */
export interface CallView {
  eventId: string;
  eventSlug: string;
  timeZone: string;
  mainLanguage: Language;
  state: CallState;
  published: boolean;
  opensAt: string;
  closesAt: string;
  editableUntil: string | null;
  argument: LocalizedText | null;
  instructions: LocalizedText | null;
  themes: CallTheme[];
  types: CallType[];
  fields: { keywords: boolean; references: boolean; language: boolean; format: boolean; theme: boolean };
  questions: CallQuestion[];
  maxProposalsPerSubmitter: number | null;
  /** The scientific committee, for authors to declare conflicts of interest (names and affiliations only). */
  committee: Array<{ personId: string; name: string; affiliation: string | null }>;
}
export interface CallSettingsView extends CallView {
  reviewersPerProposal: number;
  reviewDeadline: string | null;
  anonymousReview: boolean;
  criteria: ReviewCriterion[];
}

/** Someone who proposes: no account, a personal link mailed to them (POST /api/events/:slug/call/submitters answers 202 either way). */
export const submitterSignUpSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  email: emailSchema,
  affiliation: z.string().trim().min(1).max(300).optional(),
  language: languageSchema,
});
export type SubmitterSignUpInput = z.infer<typeof submitterSignUpSchema>;

export const proposalAuthorSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  affiliation: z.string().trim().max(300).optional(),
  email: emailSchema.optional(),
  /** Who presents (at least one author does). */
  presenting: z.boolean(),
});
export type ProposalAuthor = z.infer<typeof proposalAuthorSchema>;

const answerValue = z.union([z.string().max(10_000), z.number(), z.boolean()]);

/**
 * A proposal, as written by its submitter (POST creates a draft, PATCH edits it, POST …/submit
 * submits it). The length of the abstract is checked against its type's limit when submitted and on
 * every later edit (422 with the count and the limit); a draft may be longer while it is written.
 */
const proposalFields = {
  typeKey: callKeySchema,
  themeKey: callKeySchema.nullable(),
  title: z.string().trim().min(1).max(500),
  abstract: z.string().max(200_000),
  keywords: z.array(z.string().trim().min(1).max(100)).max(20),
  references: z.string().max(20_000).nullable(),
  language: languageSchema.nullable(),
  format: z.enum(PROPOSAL_FORMATS).nullable(),
  /** All the authors in order, the submitter included; at least one presents. */
  authors: z.array(proposalAuthorSchema).min(1).max(30),
  /** Answers to the call's own questions, by question key. */
  answers: z.record(callKeySchema, answerValue),
  /** Members of the scientific committee the authors declare a conflict of interest with. */
  conflictPersonIds: z.array(z.uuid()).max(100),
};
export const createProposalSchema = z.strictObject(proposalFields).partial().required({ typeKey: true, title: true });
export type CreateProposalInput = z.infer<typeof createProposalSchema>;
export const updateProposalSchema = z.strictObject(proposalFields).partial();
export type UpdateProposalInput = z.infer<typeof updateProposalSchema>;

/** A proposal as its submitter sees it (and the organisers, with more: see ProposalAdminView). */
export interface ProposalView {
  id: string;
  eventId: string;
  state: ProposalState;
  typeKey: string;
  themeKey: string | null;
  title: string;
  abstract: string;
  /** The abstract's length in its type's unit, and the limit. */
  length: { count: number; max: number; unit: LengthUnit };
  keywords: string[];
  references: string | null;
  language: Language | null;
  format: ProposalFormat | null;
  authors: ProposalAuthor[];
  answers: Record<string, string | number | boolean>;
  conflictPersonIds: string[];
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  /** Until when it can still be edited or withdrawn (null: no longer). */
  editableUntil: string | null;
  /** Once the decision is sent: the decision, the organisers' message and (if they chose) the reviewers' comments to authors, never who wrote them. */
  decision: Decision | null;
  decisionMessage: string | null;
  commentsToAuthors: string[];
  confirmedAt: string | null;
  declinedAt: string | null;
}

/** What the organisers see of a proposal in the list and its page. */
export interface ProposalAdminView extends ProposalView {
  submitter: { id: string; name: string; email: string; affiliation: string | null; language: Language };
  reviewers: Array<{ personId: string; name: string; submitted: boolean }>;
  score: ProposalScore;
  /** The decision prepared but not sent yet. */
  preparedDecision: Decision | null;
  preparedMessage: string | null;
  decisionSentAt: string | null;
  /** Accepted and sent, not confirmed, past the reminder: flagged to the organisers. */
  unconfirmed: boolean;
  talkId: string | null;
}

/** The weighted scores of a proposal's submitted reviews. */
export interface ProposalScore {
  reviews: number;
  /** Weighted mean of each review's weighted score (1–5), null without reviews. */
  mean: number | null;
  median: number | null;
  /** Standard deviation of the reviews' weighted scores: the committee's disagreement. */
  disagreement: number | null;
  recommendations: Partial<Record<Recommendation, number>>;
}

/** GET /api/events/:eventId/call/proposals filters; cursor paging. */
export const proposalListQuerySchema = z.strictObject({
  theme: callKeySchema.optional(),
  type: callKeySchema.optional(),
  state: z.enum(PROPOSAL_STATES).optional(),
  minScore: z.coerce.number().min(0).max(SCORE_MAX).optional(),
  q: z.string().trim().max(200).optional(),
  order: z.enum(['submitted', 'score', 'title']).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().max(200).optional(),
});
export type ProposalListQuery = z.infer<typeof proposalListQuerySchema>;

// --- The committee -------------------------------------------------------------------------------

/** A reviewer declares a conflict with a proposal, or takes it back. */
export const reviewerConflictSchema = z.strictObject({ conflict: z.boolean(), reason: z.string().trim().max(500).optional() });

export const CONFLICT_SOURCES = ['declared_by_author', 'declared_by_reviewer', 'same_affiliation', 'co_author', 'is_author'] as const;
export type ConflictSource = (typeof CONFLICT_SOURCES)[number];

/** POST /api/events/:eventId/call/assignments/auto: k reviewers per proposal, balanced, no conflicts; themes preferred when `byTheme`. */
export const autoAssignSchema = z.strictObject({
  reviewersPerProposal: z.number().int().min(1).max(10).optional(),
  byTheme: z.boolean().default(false),
  /** Keep the assignments made so far (and reviews started) and complete them; false starts over where no review was begun. */
  keepExisting: z.boolean().default(true),
});
export type AutoAssignInput = z.infer<typeof autoAssignSchema>;

/** PUT /api/events/:eventId/call/proposals/:proposalId/reviewers: the reviewers of one proposal, by hand. */
export const setReviewersSchema = z.strictObject({ personIds: z.array(z.uuid()).max(20) });

/** A reviewer's themes, to assign by theme (PUT /api/events/:eventId/call/reviewers/:personId). */
export const reviewerThemesSchema = z.strictObject({ themeKeys: z.array(callKeySchema).max(50) });

export interface AssignmentResult {
  assigned: number;
  loads: Array<{ personId: string; name: string; load: number }>;
  maxMinusMin: number;
  /** Proposals that could not get k reviewers without a conflict (too few free reviewers). */
  shortOf: Array<{ proposalId: string; title: string; missing: number }>;
  /** Reviewers mailed about their new assignments (one mail each). */
  notified: number;
  /** Reviewers with new assignments and no e-mail address: not told, the organisers should tell them. */
  withoutEmail: Array<{ personId: string; name: string }>;
}

export interface ReviewerProgress {
  personId: string;
  name: string;
  email: string | null;
  themeKeys: string[];
  assigned: number;
  submitted: number;
  notifiedAt: string | null;
}

// --- Reviewing ------------------------------------------------------------------------------------

export const reviewSchema = z.strictObject({
  /** By criterion key, whole numbers from 1 to 5. */
  scores: z.record(callKeySchema, z.number().int().min(SCORE_MIN).max(SCORE_MAX)),
  recommendation: z.enum(RECOMMENDATIONS),
  commentToAuthors: z.string().trim().max(20_000).default(''),
  commentToCommittee: z.string().trim().max(20_000).default(''),
  /** false: saved as a draft; true: submitted (then the other reviews become visible). */
  submit: z.boolean().default(false),
});
export type ReviewInput = z.infer<typeof reviewSchema>;

export interface ReviewView {
  scores: Record<string, number>;
  recommendation: Recommendation;
  commentToAuthors: string;
  commentToCommittee: string;
  submittedAt: string | null;
  updatedAt: string;
  /** Weighted score 1–5. */
  weightedScore: number | null;
}

/** A proposal as a reviewer sees it: authors hidden in an anonymised review. */
export interface ReviewerProposalView {
  id: string;
  typeKey: string;
  themeKey: string | null;
  title: string;
  abstract: string;
  keywords: string[];
  references: string | null;
  language: Language | null;
  format: ProposalFormat | null;
  answers: Record<string, string | number | boolean>;
  /** null when the review is anonymised. */
  authors: ProposalAuthor[] | null;
  /** The submitter's other proposals in this call (titles), null when anonymised. */
  otherProposalsOfSubmitter: Array<{ id: string; title: string }> | null;
  myReview: ReviewView | null;
  /** The other reviews, only once mine is submitted; reviewers are named to each other ("Reviewer 2" when anonymised). */
  otherReviews: Array<ReviewView & { reviewer: string }> | null;
  criteria: ReviewCriterion[];
  reviewDeadline: string | null;
}

// --- Decisions -------------------------------------------------------------------------------------

/** Prepare a decision (nothing is sent until POST …/decisions/send). */
export const prepareDecisionSchema = z.strictObject({
  decision: z.enum(DECISIONS).nullable(),
  /** The organisers' message to the submitter, in their own words. */
  message: z.string().trim().max(10_000).nullable().optional(),
});
export type PrepareDecisionInput = z.infer<typeof prepareDecisionSchema>;

/** Send every prepared decision together; `preview: true` answers the mails without sending them. */
export const sendDecisionsSchema = z.strictObject({
  includeReviewerComments: z.boolean().default(false),
  preview: z.boolean().default(false),
});
export type SendDecisionsInput = z.infer<typeof sendDecisionsSchema>;

export interface DecisionMailPreview {
  proposalId: string;
  to: string;
  language: Language;
  subject: string;
  text: string;
}

/** The submitter's answer to an acceptance. */
export const confirmProposalSchema = z.strictObject({ confirm: z.boolean() });

// --- Into the programme, the book, the statistics --------------------------------------------------

/** POST /api/events/:eventId/call/proposals/:proposalId/place: the accepted proposal becomes a talk of this session. */
export const placeProposalSchema = z.strictObject({
  sessionId: z.uuid(),
  plannedMinutes: z.number().int().min(1).max(24 * 60).default(20),
});
export type PlaceProposalInput = z.infer<typeof placeProposalSchema>;

export interface BookOfAbstracts {
  event: { slug: string; title: LocalizedText; mainLanguage: Language };
  sessions: Array<{
    sessionId: string | null;
    title: LocalizedText | null;
    startsAt: string | null;
    themeKey: string | null;
    abstracts: Array<{ proposalId: string; title: string; abstract: string; keywords: string[]; themeKey: string | null; typeKey: string; authors: Array<{ name: string; affiliation: string | null; presenting: boolean }> }>;
  }>;
}

export interface CallStatistics {
  funnel: CallFunnel;
  byTheme: Array<{ themeKey: string | null } & CallFunnel>;
  /** Accepted and sent, neither confirmed nor declined, past the reminder: flagged to the organisers (as ProposalAdminView.unconfirmed). */
  unconfirmed: number;
}
export interface CallFunnel {
  drafts: number;
  submitted: number;
  reviewed: number;
  accepted: number;
  confirmed: number;
  withdrawn: number;
  rejected: number;
}
