import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ErrorCode,
  type AskQuestionInput,
  type ModerateInput,
  type QaAbilities,
  type QaJoinAnswer,
  type QaSettingsInput,
  type QaSettingsView,
  type QuestionView,
  type RaisedHandView,
} from '@amphi/contracts';
import { QaSession, Question, RaisedHand } from './qa.entities';
import type { Principal } from '../accounts/access-token.service';
import { SessionAccessService } from '../session-access/session-access.service';
import type { Capability, SessionActor } from '../session-access/session-access.types';
import { qaWindow } from '../session-access/session-access.rules';
import { Conflict, DomainError, NotFound, ValidationFailed } from '../common/domain-errors';
import { isUuid } from '../common/ids';
import { toZonedIso } from '../programme/zoned-time';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { LiveService } from '../live/live.service';

/** A change to broadcast: the seq it took and what each audience should see. */
export interface QuestionChange {
  seq: number;
  question: QuestionView;
  askerKey: string;
  askerName: string | null;
  /** What chairs and organisers see when it differs from `question`: the name of an anonymous asker, if the event so decided. */
  forModerators?: QuestionView;
  /** Everyone may see it (approved or answered). */
  public: boolean;
  /** Everyone could see it before this change (so those who no longer may are told it left). */
  wasPublic: boolean;
}

const VISIBLE_TO_ALL: ReadonlyArray<Question['state']> = ['approved', 'answered'];

/** A question as read for display: its columns and the asker's name (through their registration, person or organiser). */
interface QuestionRow {
  id: string;
  session_id: string;
  asker_key: string;
  text: string;
  talk_id: string | null;
  panelist_id: string | null;
  anonymous: boolean;
  state: Question['state'];
  dismiss_reason: string | null;
  merged_into_id: string | null;
  pinned: boolean;
  votes: number;
  answer: string | null;
  answered_at: Date | null;
  created_at: Date;
  updated_seq: string;
  asker_name: string | null;
}
const QUESTION_COLUMNS = `q.id, q.session_id, q.asker_key, q.text, q.talk_id, q.panelist_id, q.anonymous, q.state, q.dismiss_reason,
  q.merged_into_id, q.pinned, q.votes, q.answer, q.answered_at, q.created_at, q.updated_seq,
  COALESCE(ar.name, ap.name, ao.name) AS asker_name`;
const ASKER_JOINS = `
  LEFT JOIN registration ar ON ar.id = q.asker_registration_id
  LEFT JOIN person ap ON ap.id = q.asker_person_id
  LEFT JOIN organiser ao ON ao.id = q.asker_organiser_id`;
const QUESTION_FROM = `question q ${ASKER_JOINS}`;
/** Questions chosen (and limited) first, then named: the askers are joined to the page only. */
const questionsFrom = (chosen: string) => `(${chosen}) q ${ASKER_JOINS}`;
/** The room's order: pinned first, then the most voted, then the oldest. As a key, so that pages follow each other. */
const ROOM_ORDER = `(NOT q.pinned), -q.votes, q.created_at, q.id`;

interface PageCursor {
  unpinned: boolean;
  negVotes: number;
  createdAt: string;
  id: string;
}
const encodeCursor = (q: QuestionRow): string =>
  Buffer.from(JSON.stringify({ unpinned: !q.pinned, negVotes: -q.votes, createdAt: new Date(q.created_at).toISOString(), id: q.id } satisfies PageCursor)).toString('base64url');
function decodeCursor(cursor: string): PageCursor {
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as PageCursor;
    if (typeof c.unpinned === 'boolean' && Number.isInteger(c.negVotes) && !Number.isNaN(Date.parse(c.createdAt)) && isUuid(c.id)) return c;
  } catch {
    // falls through
  }
  throw ValidationFailed.rule('cursor', 'cursor_invalid');
}

/**
 * The rules of the live Q&A: who may join, ask, vote and moderate a session's questions (asked of
 * the session-access policy at every action, so a removal or a cancellation takes effect at
 * once); each change is written, with the next seq of the session, before anybody is told.
 * What a join reads is bounded whatever the session holds (see the protocol in libs/contracts/src/qa.ts).
 */
@Injectable()
export class QaService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: SessionAccessService,
    private readonly live: LiveService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // --- joining ---------------------------------------------------------------

  /**
   * Joining (or rejoining after lastSeq): the snapshot, or the sync when the client is not too far
   * behind, read in one REPEATABLE READ transaction so that it is consistent at its seq.
   */
  async join(principal: Principal, sessionId: string, lastSeq: number | undefined, enter: (actor: SessionActor) => Promise<void>): Promise<{ actor: SessionActor; answer: QaJoinAnswer }> {
    const actor = await this.access.resolve(principal, sessionId);
    // Someone the chair removed from the session does not follow its Q&A either (reading included).
    if (actor.refusals.joinRoom?.code === ErrorCode.RemovedFromSession) this.access.require(actor, 'joinRoom');
    await this.ensureQaSession(sessionId);
    // The caller starts following the session's channel now, before the read below.
    await enter(actor);
    const answer = await this.readConsistently(async (manager) => {
      // The seq, the settings and this person's own hand in one read (moderators read the whole queue).
      const [head]: Array<{ last_seq: string; highlighted_question_id: string | null; pre_moderation: boolean; open_early_minutes: number; stay_open_minutes: number; raised_at: Date | null; name: string | null }> =
        await manager.query(
          `SELECT qs.last_seq, qs.highlighted_question_id, qs.pre_moderation, qs.open_early_minutes, qs.stay_open_minutes, rh.raised_at, rh.name
             FROM qa_session qs LEFT JOIN raised_hand rh ON rh.session_id = qs.session_id AND rh.participant_key = $2
            WHERE qs.session_id = $1`,
          [sessionId, actor.key],
        );
      if (!head) throw new NotFound('qa');
      const qa = {
        lastSeq: Number(head.last_seq),
        highlightedQuestionId: head.highlighted_question_id,
        preModeration: head.pre_moderation,
        openEarlyMinutes: head.open_early_minutes,
        stayOpenMinutes: head.stay_open_minutes,
      };
      const ownHand: RaisedHandView[] = head.raised_at ? [{ participantKey: actor.key, name: head.name!, raisedAt: new Date(head.raised_at).toISOString() }] : [];
      const common = {
        sessionId,
        seq: qa.lastSeq,
        role: actor.role,
        can: this.abilities(actor),
        settings: this.settingsView(actor, qa),
        hands: actor.moderator ? await this.hands(sessionId, manager) : ownHand,
        highlightedQuestionId: qa.highlightedQuestionId,
        live: this.live.stateOf(actor),
      };
      if (lastSeq !== undefined && lastSeq <= qa.lastSeq) {
        const changed: QuestionRow[] = await manager.query(
          `SELECT ${QUESTION_COLUMNS} FROM ${QUESTION_FROM} WHERE q.session_id = $1 AND q.updated_seq > $2 ORDER BY q.updated_seq LIMIT $3`,
          [sessionId, lastSeq, this.config.qa.syncMaxChanges + 1],
        );
        if (changed.length <= this.config.qa.syncMaxChanges) {
          const visible = changed.filter((q) => this.canSee(actor, q));
          return {
            mode: 'sync' as const,
            ...common,
            fromSeq: lastSeq,
            questions: await this.views(manager, actor, visible, qa.highlightedQuestionId),
            removedQuestionIds: changed.filter((q) => !this.canSee(actor, q)).map((q) => q.id),
          };
        }
      }
      const limit = this.config.qa.snapshotQuestions;
      const page: QuestionRow[] = await manager.query(
        `SELECT ${QUESTION_COLUMNS} FROM ${questionsFrom(`SELECT * FROM question q WHERE q.session_id = $1 AND q.state IN ('approved', 'answered') ORDER BY ${ROOM_ORDER} LIMIT $2`)} ORDER BY ${ROOM_ORDER}`,
        [sessionId, limit + 1],
      );
      const more = page.length > limit;
      const first = page.slice(0, limit);
      // Beside the page: the newest questions (few votes yet, so beyond the page, and they are what
      // someone coming back missed), this person's own, and for moderators the oldest waiting ones.
      const extra: QuestionRow[] = await manager.query(
        `SELECT ${QUESTION_COLUMNS} FROM ${questionsFrom(
          `(SELECT * FROM question q WHERE q.session_id = $1 AND q.state IN ('approved', 'answered') ORDER BY q.created_seq DESC LIMIT $4)
           UNION (SELECT * FROM question q WHERE q.session_id = $1 AND q.asker_key = $2 ORDER BY q.created_seq DESC LIMIT $4)
           UNION (SELECT * FROM question q WHERE $3::boolean AND q.session_id = $1 AND q.state = 'pending' ORDER BY q.created_seq LIMIT $4)`,
        )}`,
        [sessionId, actor.key, actor.moderator, limit],
      );
      const seen = new Set(first.map((q) => q.id));
      const questions = [...first, ...extra.filter((q) => !seen.has(q.id))];
      return {
        mode: 'snapshot' as const,
        ...common,
        questions: await this.views(manager, actor, questions, qa.highlightedQuestionId),
        nextCursor: more ? encodeCursor(first[first.length - 1]) : null,
      };
    });
    return { actor, answer };
  }

  /**
   * Runs reads in one REPEATABLE READ, READ ONLY transaction: they all see the same moment. One
   * BEGIN with its isolation level, where TypeORM's transaction() sends two statements.
   */
  private async readConsistently<T>(read: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const result = await read(runner.manager);
      await runner.query('COMMIT');
      return result;
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** The next page of approved questions in the room's order, after a snapshot's (or a page's) cursor. */
  async page(principal: Principal, sessionId: string, cursor: string): Promise<{ questions: QuestionView[]; nextCursor: string | null }> {
    const after = decodeCursor(cursor);
    const actor = await this.access.resolve(principal, sessionId);
    const qa = await this.readQaSession(this.dataSource.manager, sessionId);
    const limit = this.config.qa.snapshotQuestions;
    const rows: QuestionRow[] = await this.dataSource.query(
      `SELECT ${QUESTION_COLUMNS} FROM ${questionsFrom(`SELECT * FROM question q
        WHERE q.session_id = $1 AND q.state IN ('approved', 'answered') AND (${ROOM_ORDER}) > ($2::boolean, $3::int, $4::timestamptz, $5::uuid)
        ORDER BY ${ROOM_ORDER} LIMIT $6`)} ORDER BY ${ROOM_ORDER}`,
      [sessionId, after.unpinned, after.negVotes, after.createdAt, after.id, limit + 1],
    );
    const first = rows.slice(0, limit);
    return { questions: await this.views(this.dataSource.manager, actor, first, qa.highlightedQuestionId), nextCursor: rows.length > limit ? encodeCursor(first[first.length - 1]) : null };
  }

  private canSee(actor: SessionActor, q: Pick<QuestionRow, 'asker_key' | 'state'>): boolean {
    return actor.moderator || q.asker_key === actor.key || VISIBLE_TO_ALL.includes(q.state);
  }

  private abilities(actor: SessionActor): QaAbilities {
    return { ask: actor.can.ask, vote: actor.can.vote, raiseHand: actor.can.raiseHand, moderate: actor.can.moderate };
  }

  /** The actor, checked for one capability now (removed, cancelled, closed: refused with the policy's code). */
  private async actorWho(principal: Principal, sessionId: string, capability: Capability): Promise<SessionActor> {
    const actor = await this.access.resolve(principal, sessionId);
    this.access.require(actor, capability);
    return actor;
  }

  // --- asking and voting -------------------------------------------------------

  async ask(principal: Principal, input: AskQuestionInput & { anonymous: boolean }): Promise<{ change: QuestionChange; created: boolean }> {
    const actor = await this.access.resolve(principal, input.sessionId);
    const retried = await this.findByClientId(actor, input.clientId);
    if (retried) return { change: await this.change(actor, retried), created: false }; // a retry: the same question, even if asking closed meanwhile
    this.access.require(actor, 'ask');
    await this.ensureQaSession(actor.sessionId);
    if (input.talkId || input.panelistId) await this.checkAddressee(actor.sessionId, input.talkId, input.panelistId);

    const limit = this.config.qa.questionsPerMinute;
    const [{ recent }]: Array<{ recent: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS recent FROM question WHERE asker_key = $1 AND created_at > now() - interval '1 minute'`,
      [actor.key],
    );
    if (recent >= limit)
      throw new DomainError(429, ErrorCode.RateLimited, { retryAfterSeconds: 60, limit, per: 'minute' });

    try {
      const id = await this.dataSource.transaction(async (manager) => {
        const seq = await this.nextSeq(manager, actor.sessionId);
        const row = manager.getRepository(Question).create({
          sessionId: actor.sessionId,
          askerKey: actor.key,
          askerRegistrationId: actor.registrationId,
          askerPersonId: actor.personId,
          askerOrganiserId: actor.organiserId,
          clientId: input.clientId,
          text: input.text,
          talkId: input.talkId ?? null,
          panelistId: input.panelistId ?? null,
          anonymous: input.anonymous,
          state: actor.qa.preModeration && !actor.moderator ? 'pending' : 'approved',
          createdSeq: seq,
          updatedSeq: seq,
        });
        return (await manager.getRepository(Question).save(row)).id;
      });
      // Committed: it can be replayed from here on, so it may be acknowledged.
      return { change: await this.change(actor, (await this.readQuestion(id))!, { highlighted: null }), created: true };
    } catch (error) {
      // The same clientId sent twice at once: the unique constraint lets one in; answer the other with it.
      const again = await this.findByClientId(actor, input.clientId);
      if (again) return { change: await this.change(actor, again), created: false };
      throw error;
    }
  }

  /** Records a vote (once per person and question) and answers the new count; the broadcast is coalesced by the caller. */
  async vote(principal: Principal, sessionId: string, questionId: string, up: boolean): Promise<{ questionId: string; votes: number }> {
    const actor = await this.actorWho(principal, sessionId, 'vote');
    const [question]: Array<Pick<QuestionRow, 'asker_key' | 'state'>> = isUuid(questionId)
      ? await this.dataSource.query(`SELECT asker_key, state FROM question WHERE id = $1 AND session_id = $2`, [questionId, sessionId])
      : [];
    if (!question || !this.canSee(actor, question)) throw new NotFound('question');
    if (!VISIBLE_TO_ALL.includes(question.state)) throw new Conflict(ErrorCode.QaQuestionNotApproved, { action: 'vote' });
    // One statement: the vote row (the primary key makes it once per person) and the count move
    // together, or neither does. (TypeORM answers an UPDATE with [rows, count].)
    const [rows]: [Array<{ votes: number }>, number] = await this.dataSource.query(
      up
        ? `WITH cast_vote AS (INSERT INTO question_vote (question_id, voter_key) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING question_id)
           UPDATE question SET votes = votes + 1 WHERE id = $1 AND EXISTS (SELECT 1 FROM cast_vote) RETURNING votes`
        : `WITH withdrawn AS (DELETE FROM question_vote WHERE question_id = $1 AND voter_key = $2 RETURNING question_id)
           UPDATE question SET votes = votes - 1 WHERE id = $1 AND EXISTS (SELECT 1 FROM withdrawn) RETURNING votes`,
      [questionId, actor.key],
    );
    if (!rows.length) throw new Conflict(up ? ErrorCode.QaAlreadyVoted : ErrorCode.QaNotVoted);
    return { questionId, votes: rows[0].votes };
  }

  /** Publishes coalesced vote counts: one seq for the batch, and the questions marked changed for replay. */
  async publishVotes(sessionId: string, questionIds: string[]): Promise<{ seq: number; counts: Array<{ questionId: string; votes: number }> }> {
    return this.dataSource.transaction(async (manager) => {
      const seq = await this.nextSeq(manager, sessionId);
      const rows: Array<{ id: string; votes: number }> = (
        await manager.query(`UPDATE question SET updated_seq = $2 WHERE session_id = $1 AND id = ANY($3::uuid[]) RETURNING id, votes`, [sessionId, seq, questionIds])
      )[0];
      return { seq, counts: rows.map((r) => ({ questionId: r.id, votes: r.votes })) };
    });
  }

  // --- moderation --------------------------------------------------------------

  /** A highlight that moves is carried by the question's own event (its `highlighted` flag), at the same seq. */
  async moderate(principal: Principal, input: ModerateInput): Promise<{ change: QuestionChange }> {
    const actor = await this.actorWho(principal, input.sessionId, 'moderate');
    await this.ensureQaSession(actor.sessionId);
    const question = await this.requireQuestion(actor, input.questionId);
    let highlightChanged: string | null | undefined;
    let highlighted: string | null = null;
    const seq = await this.dataSource.transaction(async (manager) => {
      const seq = await this.nextSeq(manager, actor.sessionId);
      const qaRepo = manager.getRepository(QaSession);
      const qa = (await qaRepo.findOneBy({ sessionId: actor.sessionId }))!;
      const patch: Partial<Question> = { updatedSeq: seq };
      switch (input.action) {
        case 'approve':
          if (question.state === 'merged') throw new Conflict(ErrorCode.QaQuestionMerged);
          patch.state = 'approved';
          patch.dismissReason = null;
          break;
        case 'dismiss':
          patch.state = 'dismissed';
          patch.dismissReason = input.reason!;
          patch.pinned = false;
          break;
        case 'answer':
          patch.state = 'answered';
          patch.answer = input.answer ?? null;
          patch.answeredAt = new Date();
          break;
        case 'pin':
        case 'unpin':
          if (!VISIBLE_TO_ALL.includes(question.state)) throw new Conflict(ErrorCode.QaQuestionNotApproved, { action: 'pin' });
          patch.pinned = input.action === 'pin';
          break;
        case 'highlight':
          if (!VISIBLE_TO_ALL.includes(question.state)) throw new Conflict(ErrorCode.QaQuestionNotApproved, { action: 'highlight' });
          highlightChanged = question.id;
          break;
        case 'unhighlight':
          if (qa.highlightedQuestionId === question.id) highlightChanged = null;
          break;
        case 'merge': {
          const into = await this.requireQuestion(actor, input.intoQuestionId!);
          if (into.id === question.id) throw ValidationFailed.rule('intoQuestionId', 'not_merge_into_itself');
          if (into.state === 'merged' || into.state === 'dismissed') throw ValidationFailed.rule('intoQuestionId', 'merge_into_open_question');
          patch.state = 'merged';
          patch.mergedIntoId = into.id;
          patch.pinned = false;
          // The duplicate's voters now count for the question it joins (once each).
          await manager.query(`INSERT INTO question_vote (question_id, voter_key) SELECT $2, voter_key FROM question_vote WHERE question_id = $1 ON CONFLICT DO NOTHING`, [
            question.id,
            into.id,
          ]);
          await manager.query(`UPDATE question SET votes = (SELECT count(*) FROM question_vote WHERE question_id = $1), updated_seq = $2 WHERE id = $1`, [into.id, seq]);
          break;
        }
      }
      // A question leaving the room (dismissed, merged, answered) is no longer the one being answered.
      if (highlightChanged === undefined && ['dismiss', 'merge', 'answer'].includes(input.action) && qa.highlightedQuestionId === question.id) highlightChanged = null;
      if (highlightChanged !== undefined) await qaRepo.update({ sessionId: actor.sessionId }, { highlightedQuestionId: highlightChanged });
      highlighted = highlightChanged !== undefined ? highlightChanged : qa.highlightedQuestionId;
      await manager.getRepository(Question).update({ id: question.id }, patch);
      return seq;
    });
    const stored = (await this.readQuestion(question.id))!;
    return { change: await this.change(actor, stored, { before: question.state, highlighted, seq }) };
  }

  async updateSettings(principal: Principal, input: QaSettingsInput): Promise<{ seq: number; settings: QaSettingsView }> {
    const actor = await this.actorWho(principal, input.sessionId, 'moderate');
    await this.ensureQaSession(actor.sessionId);
    const seq = await this.dataSource.transaction(async (manager) => {
      const seq = await this.nextSeq(manager, actor.sessionId);
      const { sessionId: _s, ...changes } = input;
      if (Object.keys(changes).length) await manager.getRepository(QaSession).update({ sessionId: actor.sessionId }, changes);
      return seq;
    });
    const qa = await this.readQaSession(this.dataSource.manager, actor.sessionId);
    return { seq, settings: this.settingsView(actor, qa) };
  }

  // --- hands -------------------------------------------------------------------

  async hand(principal: Principal, sessionId: string, raise: boolean): Promise<{ actor: SessionActor; seq: number; hands: RaisedHandView[] }> {
    // Lowering one's own hand is always allowed; raising it needs the capability (not removed, session not over).
    const actor = raise ? await this.actorWho(principal, sessionId, 'raiseHand') : await this.access.resolve(principal, sessionId);
    await this.ensureQaSession(sessionId);
    const seq = await this.dataSource.transaction(async (manager) => {
      if (raise) await manager.createQueryBuilder().insert().into(RaisedHand).values({ sessionId, participantKey: actor.key, name: actor.name }).orIgnore().execute();
      else await manager.delete(RaisedHand, { sessionId, participantKey: actor.key });
      return this.nextSeq(manager, sessionId);
    });
    return { actor, seq, hands: await this.hands(sessionId) };
  }

  /** A chair took this person's hand (invited on stage, or removed): it leaves the queue. */
  async lowerHandOf(sessionId: string, participantKey: string): Promise<{ seq: number; hands: RaisedHandView[] }> {
    await this.ensureQaSession(sessionId);
    const seq = await this.dataSource.transaction(async (manager) => {
      await manager.delete(RaisedHand, { sessionId, participantKey });
      return this.nextSeq(manager, sessionId);
    });
    return { seq, hands: await this.hands(sessionId) };
  }

  /** The next seq of a session, for a change announced on its channel that is not a question (the live room's state). */
  async takeSeq(sessionId: string): Promise<number> {
    await this.ensureQaSession(sessionId);
    return this.dataSource.transaction((manager) => this.nextSeq(manager, sessionId));
  }

  /** The queue of raised hands, oldest first (bounded: a chair cannot call on more than this anyway). */
  async hands(sessionId: string, manager: EntityManager = this.dataSource.manager): Promise<RaisedHandView[]> {
    const rows = await manager.getRepository(RaisedHand).find({ where: { sessionId }, order: { raisedAt: 'ASC' }, take: 500 });
    return rows.map((h) => ({ participantKey: h.participantKey, name: h.name, raisedAt: h.raisedAt.toISOString() }));
  }

  // --- reading and export --------------------------------------------------------

  /** For clients that cannot hold a socket: the approved questions, bounded like a snapshot. */
  async approvedQuestions(principal: Principal, sessionId: string, order: 'votes' | 'time'): Promise<QuestionView[]> {
    const actor = await this.access.resolve(principal, sessionId);
    const qa = await this.readQaSession(this.dataSource.manager, sessionId);
    const rows: QuestionRow[] = await this.dataSource.query(
      `SELECT ${QUESTION_COLUMNS} FROM ${QUESTION_FROM} WHERE q.session_id = $1 AND q.state IN ('approved', 'answered')
        ORDER BY ${order === 'votes' ? ROOM_ORDER : 'q.created_at, q.id'} LIMIT $2`,
      [sessionId, this.config.qa.snapshotQuestions * 10],
    );
    return this.views(this.dataSource.manager, actor, rows, qa.highlightedQuestionId);
  }

  /** For the organisers' export and the recordings' chapters: every question with its times. */
  async exportRows(sessionId: string, revealAnonymous = false) {
    const rows: QuestionRow[] = await this.dataSource.query(`SELECT ${QUESTION_COLUMNS} FROM ${QUESTION_FROM} WHERE q.session_id = $1 ORDER BY q.created_at, q.id`, [sessionId]);
    return rows.map((q) => ({
      id: q.id,
      askedAt: new Date(q.created_at).toISOString(),
      author: q.anonymous && !revealAnonymous ? null : q.asker_name,
      anonymous: q.anonymous,
      text: q.text,
      talkId: q.talk_id,
      panelistId: q.panelist_id,
      state: q.state,
      votes: q.votes,
      pinned: q.pinned,
      dismissReason: q.dismiss_reason,
      mergedIntoId: q.merged_into_id,
      answer: q.answer,
      answeredAt: q.answered_at ? new Date(q.answered_at).toISOString() : null,
    }));
  }

  // --- internals ---------------------------------------------------------------

  /**
   * The session's Q&A row, created on first use. Looked for first with a plain read: an INSERT …
   * ON CONFLICT on a row that a change is updating (its seq) would wait for that change to commit,
   * and a crowd of joins would queue behind a burst of questions.
   */
  private async ensureQaSession(sessionId: string): Promise<void> {
    const [found] = await this.dataSource.query(`SELECT 1 FROM qa_session WHERE session_id = $1`, [sessionId]);
    if (found) return;
    await this.dataSource.query(
      `INSERT INTO qa_session (session_id, open_early_minutes, stay_open_minutes) VALUES ($1, $2, $3) ON CONFLICT (session_id) DO NOTHING`,
      [sessionId, this.config.qa.openEarlyMinutes, this.config.qa.stayOpenMinutes],
    );
  }

  private async readQaSession(manager: EntityManager, sessionId: string): Promise<QaSession> {
    const qa = await manager.getRepository(QaSession).findOneBy({ sessionId });
    if (!qa) throw new NotFound('qa');
    return qa;
  }

  /** The session's next seq, inside the caller's transaction: the row lock orders the session's changes (they commit in seq order). */
  private async nextSeq(manager: EntityManager, sessionId: string): Promise<number> {
    const [rows] = await manager.query(`UPDATE qa_session SET last_seq = last_seq + 1 WHERE session_id = $1 RETURNING last_seq`, [sessionId]);
    if (!rows?.length) throw new NotFound('qa');
    return Number(rows[0].last_seq);
  }

  private settingsView(actor: SessionActor, qa: Pick<QaSession, 'preModeration' | 'openEarlyMinutes' | 'stayOpenMinutes'>): QaSettingsView {
    // The same window the policy decides `ask` by (one rule, in session-access.rules.ts).
    const { opensAt, closesAt } = qaWindow(actor.session, actor.room, qa);
    return {
      preModeration: qa.preModeration,
      openEarlyMinutes: qa.openEarlyMinutes,
      stayOpenMinutes: qa.stayOpenMinutes,
      opensAt: toZonedIso(opensAt, actor.event.timeZone),
      closesAt: toZonedIso(closesAt, actor.event.timeZone),
    };
  }

  /** A talk or a speaker the question is addressed to must belong to this session. */
  private async checkAddressee(sessionId: string, talkId: string | undefined, panelistId: string | undefined): Promise<void> {
    const [found]: Array<{ talk: boolean; person: boolean }> = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM talk WHERE id = $2 AND session_id = $1) AS talk,
              EXISTS (SELECT 1 FROM session_panelist WHERE session_id = $1 AND person_id = $3)
              OR EXISTS (SELECT 1 FROM talk_speaker ts JOIN talk t ON t.id = ts.talk_id WHERE t.session_id = $1 AND ts.person_id = $3) AS person`,
      [sessionId, talkId ?? null, panelistId ?? null],
    );
    if (talkId && !found.talk) throw ValidationFailed.rule('talkId', 'unknown_talk');
    if (panelistId && !found.person) throw ValidationFailed.rule('panelistId', 'unknown_panelist');
  }

  private async readQuestion(id: string): Promise<QuestionRow | null> {
    const [row]: QuestionRow[] = await this.dataSource.query(`SELECT ${QUESTION_COLUMNS} FROM ${QUESTION_FROM} WHERE q.id = $1`, [id]);
    return row ?? null;
  }

  private async findByClientId(actor: SessionActor, clientId: string): Promise<QuestionRow | null> {
    const [row]: QuestionRow[] = await this.dataSource.query(`SELECT ${QUESTION_COLUMNS} FROM ${QUESTION_FROM} WHERE q.session_id = $1 AND q.asker_key = $2 AND q.client_id = $3`, [
      actor.sessionId,
      actor.key,
      clientId,
    ]);
    return row ?? null;
  }

  private async requireQuestion(actor: SessionActor, questionId: string): Promise<QuestionRow> {
    const [question]: QuestionRow[] = isUuid(questionId)
      ? await this.dataSource.query(`SELECT ${QUESTION_COLUMNS} FROM ${QUESTION_FROM} WHERE q.id = $1 AND q.session_id = $2`, [questionId, actor.sessionId])
      : [];
    if (!question || !this.canSee(actor, question)) throw new NotFound('question');
    return question;
  }

  /** Anonymous means nobody but the asker sees the name, unless the event lets its moderators see it. */
  private revealsToModerators(actor: SessionActor, q: QuestionRow): boolean {
    return actor.moderator && q.anonymous && actor.event.qaAnonymousNamesToModerators;
  }

  /** The view everyone shares: no "mine", no vote of theirs, no name on an anonymous question. */
  private publicView(q: QuestionRow, highlightedQuestionId: string | null): QuestionView {
    return {
      id: q.id,
      sessionId: q.session_id,
      text: q.text,
      talkId: q.talk_id,
      panelistId: q.panelist_id,
      anonymous: q.anonymous,
      authorName: q.anonymous ? null : q.asker_name,
      mine: false,
      state: q.state,
      dismissReason: q.dismiss_reason,
      mergedIntoId: q.merged_into_id,
      votes: q.votes,
      votedByMe: false,
      pinned: q.pinned,
      highlighted: highlightedQuestionId === q.id,
      answer: q.answer,
      answeredAt: q.answered_at ? new Date(q.answered_at).toISOString() : null,
      createdAt: new Date(q.created_at).toISOString(),
    };
  }

  /** What this person sees of these questions: their own with their name, their votes marked. One query for the votes. */
  private async views(manager: EntityManager, actor: SessionActor, questions: QuestionRow[], highlightedQuestionId: string | null): Promise<QuestionView[]> {
    const ids = questions.map((q) => q.id);
    const mine: Array<{ question_id: string }> = ids.length
      ? await manager.query(`SELECT question_id FROM question_vote WHERE voter_key = $1 AND question_id = ANY($2::uuid[])`, [actor.key, ids])
      : [];
    const voted = new Set(mine.map((v) => v.question_id));
    return questions.map((q) => ({
      ...this.publicView(q, highlightedQuestionId),
      ...(q.asker_key === actor.key ? { mine: true, authorName: q.asker_name } : {}),
      ...(this.revealsToModerators(actor, q) ? { authorName: q.asker_name } : {}),
      votedByMe: voted.has(q.id),
    }));
  }

  /** `highlighted`: the session's highlighted question when the caller knows it (else it is read). */
  private async change(
    actor: SessionActor,
    q: QuestionRow,
    { before, highlighted, seq }: { before?: Question['state']; highlighted?: string | null; seq?: number } = {},
  ): Promise<QuestionChange> {
    const highlightedQuestionId = highlighted !== undefined ? highlighted : (await this.readQaSession(this.dataSource.manager, actor.sessionId)).highlightedQuestionId;
    const question = this.publicView(q, highlightedQuestionId);
    const forModerators = q.anonymous && actor.event.qaAnonymousNamesToModerators ? { ...question, authorName: q.asker_name } : undefined;
    return {
      seq: seq ?? Number(q.updated_seq),
      question,
      forModerators,
      askerKey: q.asker_key,
      askerName: q.asker_name,
      public: VISIBLE_TO_ALL.includes(q.state),
      wasPublic: before ? VISIBLE_TO_ALL.includes(before) : false,
    };
  }
}
