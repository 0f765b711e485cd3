import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, MoreThan, type EntityManager } from 'typeorm';
import {
  ErrorCode,
  type AskQuestionInput,
  type ModerateInput,
  type QaSettingsInput,
  type QaSettingsView,
  type QaSnapshot,
  type QuestionView,
  type RaisedHandView,
} from '@amphi/contracts';
import { QaSession, Question, QuestionVote, RaisedHand } from './qa.entities';
import type { Principal } from '../accounts/access-token.service';
import { SessionRolesService, type SessionParticipant } from '../registrations/session-roles.service';
import { Conflict, DomainError, Forbidden, NotFound, ValidationFailed } from '../common/domain-errors';
import { isUuid } from '../common/ids';
import { toZonedIso } from '../programme/zoned-time';
import { APP_CONFIG, type AppConfig } from '../config/config';

/** Who is acting in a session's Q&A, resolved once when they join. */
export type QaMember = SessionParticipant;

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
const WITH_ASKER = { askerRegistration: true, askerPerson: true, askerOrganiser: true } as const;

export class QaClosed extends DomainError {
  constructor(message: string, details: { opensAt: string; closesAt: string }) {
    super(403, ErrorCode.Forbidden, message, undefined, details);
  }
}

/**
 * The rules of the live Q&A: who may join, ask, vote and moderate a session's questions; each
 * change is written, with the next seq of the session, before anybody is told about it.
 */
@Injectable()
export class QaService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly roles: SessionRolesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // --- joining ---------------------------------------------------------------

  member(principal: Principal, sessionId: string): Promise<QaMember> {
    return this.roles.participant(principal, sessionId);
  }

  /** Everything this member may see now, with the session's current seq. */
  async snapshot(member: QaMember): Promise<QaSnapshot> {
    const qa = await this.ensureQaSession(member.sessionId);
    const questions = await this.dataSource.getRepository(Question).find({ where: { sessionId: member.sessionId }, relations: WITH_ASKER, order: { createdAt: 'ASC' } });
    const visible = questions.filter((q) => this.canSee(member, q));
    return {
      sessionId: member.sessionId,
      seq: qa.lastSeq,
      role: member.role,
      settings: this.settingsView(qa, member),
      questions: await this.views(member, visible, qa.highlightedQuestionId),
      hands: (await this.hands(member.sessionId)).filter((h) => member.moderator || h.participantKey === member.key),
      highlightedQuestionId: qa.highlightedQuestionId,
    };
  }

  /** What changed after `lastSeq`, from the database: the questions as they are now, and those that left this member's view. */
  async changesSince(member: QaMember, lastSeq: number) {
    const qa = await this.ensureQaSession(member.sessionId);
    const changed = await this.dataSource.getRepository(Question).find({
      where: { sessionId: member.sessionId, updatedSeq: MoreThan(lastSeq) },
      relations: WITH_ASKER,
      order: { createdAt: 'ASC' },
    });
    const visible = changed.filter((q) => this.canSee(member, q));
    return {
      seq: qa.lastSeq,
      questions: await this.views(member, visible, qa.highlightedQuestionId),
      removedQuestionIds: changed.filter((q) => !this.canSee(member, q)).map((q) => q.id),
      highlightedQuestionId: qa.highlightedQuestionId,
    };
  }

  private canSee(member: QaMember, q: Question): boolean {
    return member.moderator || q.askerKey === member.key || VISIBLE_TO_ALL.includes(q.state);
  }

  // --- asking and voting -------------------------------------------------------

  async ask(member: QaMember, input: AskQuestionInput & { anonymous: boolean }): Promise<{ change: QuestionChange; created: boolean }> {
    const existing = await this.dataSource.getRepository(Question).findOne({ where: { sessionId: member.sessionId, askerKey: member.key, clientId: input.clientId }, relations: WITH_ASKER });
    if (existing) return { change: await this.change(member, existing, existing.updatedSeq), created: false }; // a retry: the same question
    const qa = await this.ensureQaSession(member.sessionId);
    this.assertOpen(qa, member);
    if (input.talkId && !member.session.talks.some((t) => t.id === input.talkId)) throw new ValidationFailed({ talkId: 'no such talk in this session' });
    if (input.panelistId && !member.session.panelists.some((p) => p.id === input.panelistId) && !member.session.talks.some((t) => t.speakers.some((s) => s.id === input.panelistId)))
      throw new ValidationFailed({ panelistId: 'no such speaker or panelist in this session' });

    const limit = this.config.qa.questionsPerMinute;
    const recent = await this.dataSource.getRepository(Question).countBy({ askerKey: member.key, createdAt: MoreThan(new Date(Date.now() - 60_000)) });
    if (recent >= limit)
      throw new DomainError(429, ErrorCode.RateLimited, `You can ask ${limit} questions a minute; wait a moment before asking another.`, undefined, { retryAfterSeconds: 60 });

    try {
      const question = await this.dataSource.transaction(async (manager) => {
        const seq = await this.nextSeq(manager, member.sessionId);
        const row = manager.getRepository(Question).create({
          sessionId: member.sessionId,
          askerKey: member.key,
          askerRegistrationId: member.registrationId,
          askerPersonId: member.personId,
          askerOrganiserId: member.organiserId,
          clientId: input.clientId,
          text: input.text,
          talkId: input.talkId ?? null,
          panelistId: input.panelistId ?? null,
          anonymous: input.anonymous,
          state: qa.preModeration && !member.moderator ? 'pending' : 'approved',
          createdSeq: seq,
          updatedSeq: seq,
        });
        return manager.getRepository(Question).save(row);
      });
      const stored = (await this.dataSource.getRepository(Question).findOne({ where: { id: question.id }, relations: WITH_ASKER }))!;
      return { change: await this.change(member, stored, stored.updatedSeq, { highlighted: null }), created: true }; // new: not highlighted
    } catch (error) {
      // The same clientId sent twice at once: the unique constraint lets one in; answer the other with it.
      const again = await this.dataSource.getRepository(Question).findOne({ where: { sessionId: member.sessionId, askerKey: member.key, clientId: input.clientId }, relations: WITH_ASKER });
      if (again) return { change: await this.change(member, again, again.updatedSeq), created: false };
      throw error;
    }
  }

  /** Records a vote (once per person and question) and answers the new count; the broadcast is coalesced by the caller. */
  async vote(member: QaMember, questionId: string, up: boolean): Promise<{ questionId: string; votes: number }> {
    const qa = await this.ensureQaSession(member.sessionId);
    this.assertOpen(qa, member);
    const question = isUuid(questionId) ? await this.dataSource.getRepository(Question).findOne({ where: { id: questionId, sessionId: member.sessionId }, select: { id: true, state: true, askerKey: true } }) : null;
    if (!question || !this.canSee(member, question)) throw new NotFound('Question');
    if (!VISIBLE_TO_ALL.includes(question.state)) throw new Conflict('Only approved questions can be voted for.');
    // One statement, so one round trip under a burst: the vote row (the primary key makes it once
    // per person) and the count move together, or neither does.
    // (TypeORM answers an UPDATE with [rows, count].)
    const [rows]: [Array<{ votes: number }>, number] = await this.dataSource.query(
      up
        ? `WITH cast_vote AS (INSERT INTO question_vote (question_id, voter_key) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING question_id)
           UPDATE question SET votes = votes + 1 WHERE id = $1 AND EXISTS (SELECT 1 FROM cast_vote) RETURNING votes`
        : `WITH withdrawn AS (DELETE FROM question_vote WHERE question_id = $1 AND voter_key = $2 RETURNING question_id)
           UPDATE question SET votes = votes - 1 WHERE id = $1 AND EXISTS (SELECT 1 FROM withdrawn) RETURNING votes`,
      [questionId, member.key],
    );
    if (!rows.length) throw new Conflict(up ? 'You have already voted for this question.' : 'You have not voted for this question.');
    return { questionId, votes: rows[0].votes };
  }

  /** Publishes coalesced vote counts: one seq for the batch, and the questions marked changed for replay. */
  async publishVotes(sessionId: string, questionIds: string[]): Promise<{ seq: number; counts: Array<{ questionId: string; votes: number }> }> {
    return this.dataSource.transaction(async (manager) => {
      const seq = await this.nextSeq(manager, sessionId);
      const rows: Array<{ id: string; votes: number }> = (await manager.query(
        `UPDATE question SET updated_seq = $2 WHERE session_id = $1 AND id = ANY($3::uuid[]) RETURNING id, votes`,
        [sessionId, seq, questionIds],
      ))[0];
      return { seq, counts: rows.map((r) => ({ questionId: r.id, votes: r.votes })) };
    });
  }

  // --- moderation --------------------------------------------------------------

  async moderate(member: QaMember, input: ModerateInput): Promise<{ change: QuestionChange; highlight?: { seq: number; questionId: string | null } }> {
    if (!member.moderator) throw new Forbidden('Only the chairs of this session and the organisers of the event moderate its questions.');
    const question = await this.requireQuestion(member, input.questionId);
    let highlightChanged: string | null | undefined;
    let highlighted: string | null = null;
    const seq = await this.dataSource.transaction(async (manager) => {
      const seq = await this.nextSeq(manager, member.sessionId);
      const qaRepo = manager.getRepository(QaSession);
      const qa = (await qaRepo.findOneBy({ sessionId: member.sessionId }))!;
      const patch: Partial<Question> = { updatedSeq: seq };
      switch (input.action) {
        case 'approve':
          if (question.state === 'merged') throw new Conflict('This question was merged into another one.');
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
          if (!VISIBLE_TO_ALL.includes(question.state)) throw new Conflict('Approve the question before pinning it.');
          patch.pinned = input.action === 'pin';
          break;
        case 'highlight':
          if (!VISIBLE_TO_ALL.includes(question.state)) throw new Conflict('Approve the question before highlighting it.');
          highlightChanged = question.id;
          break;
        case 'unhighlight':
          if (qa.highlightedQuestionId === question.id) highlightChanged = null;
          break;
        case 'merge': {
          const into = await this.requireQuestion(member, input.intoQuestionId!);
          if (into.id === question.id) throw new ValidationFailed({ intoQuestionId: 'a question cannot be merged into itself' });
          if (into.state === 'merged' || into.state === 'dismissed') throw new ValidationFailed({ intoQuestionId: 'merge into a question that is still open' });
          patch.state = 'merged';
          patch.mergedIntoId = into.id;
          patch.pinned = false;
          // The duplicate's voters now count for the question it joins (once each).
          await manager.query(
            `INSERT INTO question_vote (question_id, voter_key) SELECT $2, voter_key FROM question_vote WHERE question_id = $1 ON CONFLICT DO NOTHING`,
            [question.id, into.id],
          );
          await manager.query(`UPDATE question SET votes = (SELECT count(*) FROM question_vote WHERE question_id = $1), updated_seq = $2 WHERE id = $1`, [into.id, seq]);
          break;
        }
      }
      // A question leaving the room (dismissed, merged, answered) is no longer the one being answered.
      if (highlightChanged === undefined && ['dismiss', 'merge', 'answer'].includes(input.action) && qa.highlightedQuestionId === question.id) highlightChanged = null;
      if (highlightChanged !== undefined) await qaRepo.update({ sessionId: member.sessionId }, { highlightedQuestionId: highlightChanged });
      highlighted = highlightChanged !== undefined ? highlightChanged : qa.highlightedQuestionId;
      await manager.getRepository(Question).update({ id: question.id }, patch);
      return seq;
    });
    const stored = (await this.dataSource.getRepository(Question).findOne({ where: { id: question.id }, relations: WITH_ASKER }))!;
    return { change: await this.change(member, stored, seq, { before: question.state, highlighted }), ...(highlightChanged !== undefined ? { highlight: { seq, questionId: highlightChanged } } : {}) };
  }

  async updateSettings(member: QaMember, input: QaSettingsInput): Promise<{ seq: number; settings: QaSettingsView }> {
    if (!member.moderator) throw new Forbidden('Only the chairs of this session and the organisers of the event change its Q&A settings.');
    await this.ensureQaSession(member.sessionId);
    const seq = await this.dataSource.transaction(async (manager) => {
      const seq = await this.nextSeq(manager, member.sessionId);
      const { sessionId: _s, ...changes } = input;
      if (Object.keys(changes).length) await manager.getRepository(QaSession).update({ sessionId: member.sessionId }, changes);
      return seq;
    });
    const qa = (await this.dataSource.getRepository(QaSession).findOneBy({ sessionId: member.sessionId }))!;
    return { seq, settings: this.settingsView(qa, member) };
  }

  // --- hands -------------------------------------------------------------------

  async hand(member: QaMember, raise: boolean): Promise<{ seq: number; hands: RaisedHandView[] }> {
    const qa = await this.ensureQaSession(member.sessionId);
    if (raise) this.assertOpen(qa, member);
    const seq = await this.dataSource.transaction(async (manager) => {
      if (raise) await manager.createQueryBuilder().insert().into(RaisedHand).values({ sessionId: member.sessionId, participantKey: member.key, name: member.name }).orIgnore().execute();
      else await manager.delete(RaisedHand, { sessionId: member.sessionId, participantKey: member.key });
      return this.nextSeq(manager, member.sessionId);
    });
    return { seq, hands: await this.hands(member.sessionId) };
  }

  /** A chair took this person's hand (they are invited on stage): it leaves the queue. */
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

  async hands(sessionId: string): Promise<RaisedHandView[]> {
    const rows = await this.dataSource.getRepository(RaisedHand).find({ where: { sessionId }, order: { raisedAt: 'ASC' } });
    return rows.map((h) => ({ participantKey: h.participantKey, name: h.name, raisedAt: h.raisedAt.toISOString() }));
  }

  // --- reading and export --------------------------------------------------------

  async approvedQuestions(member: QaMember, order: 'votes' | 'time'): Promise<QuestionView[]> {
    const qa = await this.ensureQaSession(member.sessionId);
    const rows = await this.dataSource.getRepository(Question).find({
      where: { sessionId: member.sessionId, state: In(VISIBLE_TO_ALL as Question['state'][]) },
      relations: WITH_ASKER,
      order: order === 'votes' ? { votes: 'DESC', createdAt: 'ASC' } : { createdAt: 'ASC' },
    });
    return this.views(member, rows, qa.highlightedQuestionId);
  }

  /** For the organisers' export and the recordings' chapters: every question with its times. */
  async exportRows(sessionId: string, revealAnonymous = false) {
    const rows = await this.dataSource.getRepository(Question).find({ where: { sessionId }, relations: WITH_ASKER, order: { createdAt: 'ASC' } });
    return rows.map((q) => ({
      id: q.id,
      askedAt: q.createdAt.toISOString(),
      author: q.anonymous && !revealAnonymous ? null : this.askerName(q),
      anonymous: q.anonymous,
      text: q.text,
      talkId: q.talkId,
      panelistId: q.panelistId,
      state: q.state,
      votes: q.votes,
      pinned: q.pinned,
      dismissReason: q.dismissReason,
      mergedIntoId: q.mergedIntoId,
      answer: q.answer,
      answeredAt: q.answeredAt?.toISOString() ?? null,
    }));
  }

  // --- internals ---------------------------------------------------------------

  private async ensureQaSession(sessionId: string): Promise<QaSession> {
    const repo = this.dataSource.getRepository(QaSession);
    const existing = await repo.findOneBy({ sessionId });
    if (existing) return existing;
    await repo.createQueryBuilder().insert().values({ sessionId, openEarlyMinutes: this.config.qa.openEarlyMinutes, stayOpenMinutes: this.config.qa.stayOpenMinutes }).orIgnore().execute();
    return (await repo.findOneBy({ sessionId }))!;
  }

  /** The session's next seq, inside the caller's transaction: the row lock orders the session's changes. */
  private async nextSeq(manager: EntityManager, sessionId: string): Promise<number> {
    const [rows] = await manager.query(`UPDATE qa_session SET last_seq = last_seq + 1 WHERE session_id = $1 RETURNING last_seq`, [sessionId]);
    if (!rows?.length) throw new NotFound('Q&A of this session');
    return Number(rows[0].last_seq);
  }

  private window(qa: QaSession, member: QaMember) {
    const opens = new Date(new Date(member.session.startsAt).getTime() - qa.openEarlyMinutes * 60_000);
    const closes = new Date(new Date(member.session.endsAt).getTime() + qa.stayOpenMinutes * 60_000);
    return { opens, closes };
  }

  private assertOpen(qa: QaSession, member: QaMember): void {
    const { opens, closes } = this.window(qa, member);
    const now = new Date();
    const details = { opensAt: toZonedIso(opens, member.event.timeZone), closesAt: toZonedIso(closes, member.event.timeZone) };
    if (now < opens) throw new QaClosed(`Questions open at ${details.opensAt}.`, details);
    if (now >= closes) throw new QaClosed(`Questions closed at ${details.closesAt}.`, details);
  }

  private settingsView(qa: QaSession, member: QaMember): QaSettingsView {
    const { opens, closes } = this.window(qa, member);
    return {
      preModeration: qa.preModeration,
      openEarlyMinutes: qa.openEarlyMinutes,
      stayOpenMinutes: qa.stayOpenMinutes,
      opensAt: toZonedIso(opens, member.event.timeZone),
      closesAt: toZonedIso(closes, member.event.timeZone),
    };
  }

  private async requireQuestion(member: QaMember, questionId: string): Promise<Question> {
    const question = isUuid(questionId) ? await this.dataSource.getRepository(Question).findOne({ where: { id: questionId, sessionId: member.sessionId }, relations: WITH_ASKER }) : null;
    if (!question || !this.canSee(member, question)) throw new NotFound('Question');
    return question;
  }

  /** Anonymous means nobody but the asker sees the name, unless the event lets its moderators see it. */
  private revealsToModerators(member: QaMember, q: Question): boolean {
    return member.moderator && q.anonymous && member.event.qaAnonymousNamesToModerators;
  }

  private askerName(q: Question): string | null {
    return q.askerRegistration?.name ?? q.askerPerson?.name ?? q.askerOrganiser?.name ?? null;
  }

  /** The view everyone shares: no "mine", no vote of theirs, no name on an anonymous question. */
  publicView(q: Question, highlightedQuestionId: string | null): QuestionView {
    return {
      id: q.id,
      sessionId: q.sessionId,
      text: q.text,
      talkId: q.talkId,
      panelistId: q.panelistId,
      anonymous: q.anonymous,
      authorName: q.anonymous ? null : this.askerName(q),
      mine: false,
      state: q.state,
      dismissReason: q.dismissReason,
      mergedIntoId: q.mergedIntoId,
      votes: q.votes,
      votedByMe: false,
      pinned: q.pinned,
      highlighted: highlightedQuestionId === q.id,
      answer: q.answer,
      answeredAt: q.answeredAt?.toISOString() ?? null,
      createdAt: q.createdAt.toISOString(),
    };
  }

  private async views(member: QaMember, questions: Question[], highlightedQuestionId: string | null): Promise<QuestionView[]> {
    const ids = questions.map((q) => q.id);
    const mine = ids.length ? await this.dataSource.getRepository(QuestionVote).find({ where: { voterKey: member.key, questionId: In(ids) }, select: { questionId: true } }) : [];
    const voted = new Set(mine.map((v) => v.questionId));
    return questions.map((q) => ({
      ...this.publicView(q, highlightedQuestionId),
      ...(q.askerKey === member.key ? { mine: true, authorName: this.askerName(q) } : {}),
      ...(this.revealsToModerators(member, q) ? { authorName: this.askerName(q) } : {}),
      votedByMe: voted.has(q.id),
    }));
  }

  /** `highlighted`: the session's highlighted question when the caller knows it (else it is read). */
  private async change(member: QaMember, q: Question, seq: number, { before, highlighted }: { before?: Question['state']; highlighted?: string | null } = {}): Promise<QuestionChange> {
    const highlightedQuestionId = highlighted !== undefined ? highlighted : (await this.dataSource.getRepository(QaSession).findOneBy({ sessionId: member.sessionId }))!.highlightedQuestionId;
    const isPublic = VISIBLE_TO_ALL.includes(q.state);
    const question = this.publicView(q, highlightedQuestionId);
    const forModerators = q.anonymous && member.event.qaAnonymousNamesToModerators ? { ...question, authorName: this.askerName(q) } : undefined;
    return { seq, question, forModerators, askerKey: q.askerKey, askerName: this.askerName(q), public: isPublic, wasPublic: before ? VISIBLE_TO_ALL.includes(before) : false };
  }
}
