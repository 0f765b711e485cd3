import { z } from 'zod';
import type { ErrorBody } from './errors';
import type { LiveStateView } from './live';

/**
 * The live Q&A over socket.io: one namespace (/qa), the access token in the handshake's auth,
 * every client event answered by an ack, every server event carrying the session's `seq`.
 */

export const QUESTION_STATES = ['pending', 'approved', 'answered', 'dismissed', 'merged'] as const;
export type QuestionState = (typeof QUESTION_STATES)[number];

export const QA_NAMESPACE = '/qa';
export const QUESTION_MAX_LENGTH = 500;

const id = z.uuid({ message: 'must be an id' });
const clientId = z.string().min(8, 'at least 8 characters').max(64, 'at most 64 characters');

export const joinSessionSchema = z.strictObject({ sessionId: id, lastSeq: z.number().int().min(0).optional() });
export const askQuestionSchema = z.strictObject({
  sessionId: id,
  /** Chosen by the client; asking again with the same clientId answers the same question. */
  clientId,
  text: z.string().trim().min(1, 'write your question').max(QUESTION_MAX_LENGTH, `at most ${QUESTION_MAX_LENGTH} characters`),
  talkId: id.optional(),
  panelistId: id.optional(),
  anonymous: z.boolean().default(false),
});
export const voteSchema = z.strictObject({ sessionId: id, questionId: id });
export const MODERATION_ACTIONS = ['approve', 'dismiss', 'highlight', 'unhighlight', 'answer', 'pin', 'unpin', 'merge'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];
export const moderateSchema = z
  .strictObject({
    sessionId: id,
    questionId: id,
    action: z.enum(MODERATION_ACTIONS),
    /** dismiss: told to the asker. */
    reason: z.string().trim().min(1).max(300).optional(),
    /** answer: a written answer; without it, answered live. */
    answer: z.string().trim().min(1).max(2000).optional(),
    /** merge: the question this one duplicates. */
    intoQuestionId: id.optional(),
  })
  .refine((m) => m.action !== 'merge' || m.intoQuestionId, { message: 'merge needs the question to merge into', path: ['intoQuestionId'] })
  .refine((m) => m.action !== 'dismiss' || m.reason, { message: 'say why, the asker will read it', path: ['reason'] });
export const handSchema = z.strictObject({ sessionId: id });
export const qaSettingsSchema = z.strictObject({
  sessionId: id,
  preModeration: z.boolean().optional(),
  openEarlyMinutes: z.number().int().min(0).max(24 * 60).optional(),
  stayOpenMinutes: z.number().int().min(0).max(30 * 24 * 60).optional(),
});

export type JoinSessionInput = z.infer<typeof joinSessionSchema>;
export type AskQuestionInput = z.input<typeof askQuestionSchema>;
export type VoteInput = z.infer<typeof voteSchema>;
export type ModerateInput = z.infer<typeof moderateSchema>;
export type HandInput = z.infer<typeof handSchema>;
export type QaSettingsInput = z.infer<typeof qaSettingsSchema>;

export interface QuestionView {
  id: string;
  sessionId: string;
  text: string;
  talkId: string | null;
  panelistId: string | null;
  anonymous: boolean;
  /** Null when anonymous (only the asker sees their own name). */
  authorName: string | null;
  /** True for the asker's own questions (in acks, snapshots and the asker's own events). */
  mine: boolean;
  state: QuestionState;
  dismissReason: string | null;
  mergedIntoId: string | null;
  votes: number;
  votedByMe: boolean;
  pinned: boolean;
  highlighted: boolean;
  answer: string | null;
  answeredAt: string | null;
  createdAt: string;
}

export interface RaisedHandView {
  participantKey: string;
  name: string;
  raisedAt: string;
}

export interface QaSettingsView {
  preModeration: boolean;
  openEarlyMinutes: number;
  stayOpenMinutes: number;
  /** When asking opens and closes, ISO-8601 with the event's offset. */
  opensAt: string;
  closesAt: string;
}

export type QaRole = 'organiser' | 'chair' | 'speaker' | 'panelist' | 'attendee';

export interface QaSnapshot {
  sessionId: string;
  seq: number;
  role: QaRole;
  settings: QaSettingsView;
  /** The questions this person may see: approved ones for everyone; all for moderators; their own in any state. */
  questions: QuestionView[];
  /** The raised hands in order: for moderators; others see only their own. */
  hands: RaisedHandView[];
  highlightedQuestionId: string | null;
}

/** What the server pushes. Each carries the session's seq; a client keeps the last one to resume. */
export type QaServerEvent =
  | { type: 'question'; sessionId: string; seq: number; question: QuestionView }
  /** The question left this person's view (dismissed or merged, for those who only see approved ones). */
  | { type: 'question_removed'; sessionId: string; seq: number; questionId: string }
  | { type: 'votes'; sessionId: string; seq: number; counts: Array<{ questionId: string; votes: number }> }
  | { type: 'highlight'; sessionId: string; seq: number; questionId: string | null }
  | { type: 'hands'; sessionId: string; seq: number; hands: RaisedHandView[] }
  | { type: 'settings'; sessionId: string; seq: number; settings: QaSettingsView }
  /** The live room changed state (backstage, live, ended): the room's page follows. */
  | { type: 'live'; sessionId: string; seq: number; live: LiveStateView }
  /** After a (re)join with lastSeq: what changed since, from the database. */
  | { type: 'sync'; sessionId: string; seq: number; questions: QuestionView[]; removedQuestionIds: string[]; highlightedQuestionId: string | null };

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** Client → server events, each with its ack. */
export interface QaClientEvents {
  'session:join': (input: JoinSessionInput, ack: (r: Ack<QaSnapshot>) => void) => void;
  'session:leave': (input: HandInput, ack: (r: Ack<null>) => void) => void;
  'question:ask': (input: AskQuestionInput, ack: (r: Ack<{ question: QuestionView; seq: number }>) => void) => void;
  'question:vote': (input: VoteInput, ack: (r: Ack<{ questionId: string; votes: number }>) => void) => void;
  'question:unvote': (input: VoteInput, ack: (r: Ack<{ questionId: string; votes: number }>) => void) => void;
  'question:moderate': (input: ModerateInput, ack: (r: Ack<{ question: QuestionView; seq: number }>) => void) => void;
  'hand:raise': (input: HandInput, ack: (r: Ack<{ seq: number }>) => void) => void;
  'hand:lower': (input: HandInput, ack: (r: Ack<{ seq: number }>) => void) => void;
  'qa:settings': (input: QaSettingsInput, ack: (r: Ack<QaSettingsView>) => void) => void;
}

export interface QaServerEvents {
  'qa:event': (event: QaServerEvent) => void;
}
