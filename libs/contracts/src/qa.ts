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
  .refine((m) => m.action !== 'merge' || m.intoQuestionId, { message: 'merge needs the question to merge into', path: ['intoQuestionId'], params: { rule: 'merge_target_required' } })
  .refine((m) => m.action !== 'dismiss' || m.reason, { message: 'say why, the asker will read it', path: ['reason'], params: { rule: 'dismiss_reason_required' } });
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
  /** Consistent at this seq: it holds every change up to `seq` and none after. */
  seq: number;
  role: QaRole;
  /** What this person may do now (ask, vote, raise a hand, moderate), from the session-access policy. */
  can: QaAbilities;
  settings: QaSettingsView;
  /**
   * Bounded, whatever the session holds: the first QA_SNAPSHOT_QUESTIONS approved or answered
   * questions in the room's order (pinned, then votes, then oldest), plus this person's own, plus
   * for moderators the oldest pending ones. The rest comes page by page ('questions:page').
   */
  questions: QuestionView[];
  /** More approved questions exist beyond this page: ask for them with this cursor. */
  nextCursor: string | null;
  /** The raised hands in order: for moderators; others see only their own. */
  hands: RaisedHandView[];
  highlightedQuestionId: string | null;
  /** The live room's state when the snapshot was taken. */
  live: LiveStateView | null;
}

export interface QaAbilities {
  ask: boolean;
  vote: boolean;
  raiseHand: boolean;
  moderate: boolean;
}

/** What changed after the client's seq, read consistently at `seq`: the answer to a rejoin. */
export interface QaSync {
  sessionId: string;
  /** The client's lastSeq this sync starts from. */
  fromSeq: number;
  /** Consistent at this seq. */
  seq: number;
  role: QaRole;
  can: QaAbilities;
  settings: QaSettingsView;
  /** The questions changed after fromSeq that this person may see, as they are now. */
  questions: QuestionView[];
  /** Questions changed after fromSeq that left this person's view (dismissed, merged). */
  removedQuestionIds: string[];
  /** Current, whole (they are small): hands, highlight, live state. */
  hands: RaisedHandView[];
  highlightedQuestionId: string | null;
  live: LiveStateView | null;
}

/**
 * The answer to 'session:join'. Without lastSeq, or when more than QA_SYNC_MAX_CHANGES questions
 * changed since it, a fresh bounded snapshot; otherwise the sync from lastSeq.
 */
export type QaJoinAnswer = ({ mode: 'snapshot' } & QaSnapshot) | ({ mode: 'sync' } & QaSync);

export const questionsPageSchema = z.strictObject({ sessionId: id, cursor: z.string().min(1).max(200) });
export type QuestionsPageInput = z.infer<typeof questionsPageSchema>;

/**
 * What the server pushes on a session's channel. Each carries the session's seq, and every member
 * of the session receives every seq: the change itself when they may see it, a `skip` otherwise.
 * A client can therefore tell a missing event from one not meant for it.
 */
export type QaServerEvent =
  /** A question as this person may see it now. Its `highlighted` flag moves the session's highlight (on, or off when it was the highlighted one). */
  | { type: 'question'; sessionId: string; seq: number; question: QuestionView }
  /** The question left this person's view (dismissed or merged, for those who only see approved ones). */
  | { type: 'question_removed'; sessionId: string; seq: number; questionId: string }
  | { type: 'votes'; sessionId: string; seq: number; counts: Array<{ questionId: string; votes: number }> }
  | { type: 'hands'; sessionId: string; seq: number; hands: RaisedHandView[] }
  | { type: 'settings'; sessionId: string; seq: number; settings: QaSettingsView }
  /** The live room changed state (backstage, live, ended, reopened): the room's page follows. */
  | { type: 'live'; sessionId: string; seq: number; live: LiveStateView }
  /** A change this person may not see (a pending question, someone else's hand): only the seq moves. */
  | { type: 'skip'; sessionId: string; seq: number };

/**
 * The reconnect protocol (apps/web/src/live/qa-state.ts follows it; the server in
 * apps/api/src/qa and apps/api/src/realtime):
 *
 * 1. Persist, then acknowledge, then broadcast. A change takes the session's next seq in the
 *    transaction that writes it; seqs are handed out under the qa_session row lock, so they
 *    commit in order. Nothing is acknowledged before it is committed, so every acknowledged change
 *    can be replayed from the database.
 * 2. Every member receives every seq (the change, or `skip`). The client keeps the highest seq up
 *    to which it has applied *everything* (contiguous), never the highest seen. An event beyond
 *    seq+1 waits in a buffer; a gap that stays open QA_GAP_GRACE_MS (a broadcast lost with a
 *    crashed process) makes the client rejoin with its contiguous seq.
 * 3. 'session:join' with lastSeq answers, in its ack, either the sync from lastSeq or a fresh
 *    snapshot, both read in one REPEATABLE READ transaction (so consistent at their seq). The
 *    client applies it, then the buffered events after its seq, in order.
 * 4. Every few seconds each process tells its members the session's head seq ('qa:head'): a client
 *    behind it with nothing in flight rejoins. So a change whose broadcast was lost is recovered
 *    even when no later change follows.
 * 5. The client never drops what it holds on a bounded snapshot (the question may lie beyond the
 *    page); a sync removes only what it names.
 * 6. Joins are admitted at a bounded rate per process: beyond it the ack is BUSY with
 *    details.retryAfterSeconds, and the client retries after a randomised delay. Reconnections
 *    use randomised exponential backoff.
 * 7. A process that stops (SIGTERM) sends 'qa:reconnect' with a delay spread over a few seconds to
 *    each of its clients; they reconnect (to another process, through the load balancer) and rejoin.
 * 8. A person whose access ends (removed by the chair, registration cancelled) receives 'qa:closed'
 *    with the error, and the connection is closed; the client does not reconnect.
 */
export const QA_GAP_GRACE_MS = 1500;

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** Client → server events, each with its ack. */
export interface QaClientEvents {
  'session:join': (input: JoinSessionInput, ack: (r: Ack<QaJoinAnswer>) => void) => void;
  'questions:page': (input: QuestionsPageInput, ack: (r: Ack<{ questions: QuestionView[]; nextCursor: string | null }>) => void) => void;
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
  /** The session's head seq, sent every few seconds by the process a client is connected to. */
  'qa:head': (head: { sessionId: string; seq: number }) => void;
  /** This process is stopping: reconnect after `inMs` (spread, so that the crowd does not arrive at once). */
  'qa:reconnect': (order: { inMs: number }) => void;
  /** Access ended (removed, cancelled): the connection closes after this; do not reconnect. */
  'qa:closed': (reason: { sessionId: string | null; error: ErrorBody }) => void;
}
