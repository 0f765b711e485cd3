import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  ErrorCode,
  type Decision,
  type DecisionMailPreview,
  type Language,
  type PrepareDecisionInput,
  type ProposalAdminView,
  type ProposalView,
  type SendDecisionsInput,
} from '@amphi/contracts';
import type { ParticipantPrincipal } from '../../accounts/access-token.service';
import { PersonalLinksService } from '../../access/personal-links.service';
import { Clock } from '../../common/clock';
import { Conflict, Forbidden, NotFound } from '../../common/domain-errors';
import { DueJobs } from '../../common/due-jobs';
import { isUuid } from '../../common/ids';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import type { Event } from '../../events/event.entity';
import { EventsService } from '../../events/events.service';
import { renderMail } from '../../mail/mail-templates';
import { OutboxService, type OutgoingMail } from '../../mail/outbox.service';
import { BATCH_SIZE, describeWhen, textFor } from '../../messages/message-mails';
import { describeEventDates } from '../../registrations/registrations.service';
import { CallCoreService } from '../call-core.service';
import { Review, Submission, Submitter } from '../call.entities';
import { proposalState } from '../call-rules';
import { ProposalViewsService } from '../submissions/proposal-views';
import { CONFIRMATION_REMINDER_DAYS, confirmUrl, confirmationDeadline, decisionTemplate, isAcceptance } from './decision-mails';

/** A decision ready to go: the proposal, its submitter, the decision as read under the lock. */
interface DueDecision {
  submission: Submission;
  submitter: Submitter;
  decision: Decision;
}

/**
 * The organisers' decisions on the proposals: prepared one by one (nothing is sent), then sent
 * together through the outbox in one transaction under the call's lock, so that two clicks on
 * "Send" never mail anyone twice; the submitters' confirmations; the one reminder to confirm.
 */
@Injectable()
export class CallDecisionsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly core: CallCoreService,
    private readonly views: ProposalViewsService,
    private readonly events: EventsService,
    private readonly links: PersonalLinksService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly dueJobs: DueJobs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.dueJobs.register('confirmationReminders', (now) => this.sendConfirmationReminders(now));
  }

  /**
   * Prepares (or clears, with null) the decision on a submitted proposal; nothing is sent. A draft is
   * 404 (nobody sees another's drafts); a withdrawn proposal is 409 PROPOSAL_NOT_EDITABLE (reason
   * 'withdrawn'): there is nothing to decide on any more.
   */
  async prepare(event: Event, proposalId: string, input: PrepareDecisionInput): Promise<ProposalAdminView> {
    if (!isUuid(proposalId)) throw new NotFound('proposal');
    await this.dataSource.transaction(async (manager) => {
      await this.core.requireCall(event.id, manager);
      const s = await manager.getRepository(Submission).findOne({ where: { id: proposalId, eventId: event.id }, lock: { mode: 'pessimistic_write' } });
      if (!s || s.status === 'draft') throw new NotFound('proposal');
      if (s.status === 'withdrawn') throw new Conflict(ErrorCode.ProposalNotEditable, { reason: 'withdrawn', timeZone: event.timeZone });
      const message = input.message === undefined ? s.decisionMessage : input.message || null;
      await manager.getRepository(Submission).update({ id: s.id }, { decision: input.decision, decisionMessage: message });
    });
    return this.views.adminView(event, proposalId);
  }

  /**
   * Sends every prepared decision that differs from what was sent (or was never sent). With
   * `preview`, answers the mails that would go, in each submitter's language, and changes nothing
   * (the personal link is shown without its token). Otherwise one transaction: the call's row is
   * locked first, so a second send waits, then finds nothing left to send.
   */
  async send(event: Event, input: SendDecisionsInput): Promise<{ sent: number } | { previews: DecisionMailPreview[] }> {
    const now = this.clock.now();
    if (input.preview) {
      await this.core.requireCall(event.id);
      const due = await this.dueDecisions(this.dataSource.manager, event.id, false);
      const comments = input.includeReviewerComments ? await this.commentsToAuthors(this.dataSource.manager, due.map((d) => d.submission.id)) : new Map<string, string[]>();
      // Where the link leads, its token left out ("…"): a preview shows nobody's link.
      const anyLink = `${this.config.publicUrl}/me#…`;
      return {
        previews: due.map((d) => {
          const mail = this.decisionMail(event, d, comments.get(d.submission.id) ?? [], anyLink, now);
          return { proposalId: d.submission.id, to: mail.to, language: d.submitter.language, subject: mail.subject, text: mail.text };
        }),
      };
    }
    const sent = await this.dataSource.transaction(async (manager) => {
      const locked: unknown[] = await manager.query(`SELECT event_id FROM call_for_proposals WHERE event_id = $1 FOR UPDATE`, [event.id]);
      if (locked.length === 0) throw new NotFound('call');
      const due = await this.dueDecisions(manager, event.id, true);
      if (due.length === 0) return 0;
      const ids = due.map((d) => d.submission.id);
      const comments = input.includeReviewerComments ? await this.commentsToAuthors(manager, ids) : new Map<string, string[]>();
      const urls = await this.submitterUrls(manager, event.id, due.map((d) => d.submitter.id));
      await this.outbox.enqueueAll(
        manager,
        due.map((d) => this.decisionMail(event, d, comments.get(d.submission.id) ?? [], urls.get(d.submitter.id) ?? '', now)),
      );
      // The decision as read under the lock is the one sent; a change prepared meanwhile is sent next time.
      for (const decision of new Set(due.map((d) => d.decision))) {
        await manager.getRepository(Submission).update(
          { id: In(due.filter((d) => d.decision === decision).map((d) => d.submission.id)), eventId: event.id },
          // A decision sent again (changed) asks anew: an earlier confirmation or refusal answered another decision.
          { decisionSentAt: now, sentDecision: decision, commentsSent: input.includeReviewerComments, confirmedAt: null, declinedAt: null, confirmationRemindedAt: null },
        );
      }
      return due.length;
    });
    if (sent) this.outbox.kick();
    return { sent };
  }

  /**
   * The submitter confirms (or declines) an accepted proposal whose decision was sent, from their
   * link. Idempotent: confirming twice keeps the first time. Declining after confirming is allowed
   * (they can no longer come: the organisers see it); confirming after declining is not.
   */
  async confirm(me: ParticipantPrincipal, proposalId: string, confirm: boolean): Promise<ProposalView> {
    if (!me.submitterId) throw new Forbidden(ErrorCode.LinkNotSubmitter);
    if (!isUuid(proposalId)) throw new NotFound('proposal');
    const event = await this.events.requireById(me.eventId);
    const now = this.clock.now();
    const submission = await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(Submission);
      const s = await repo.findOne({ where: { id: proposalId, eventId: me.eventId, submitterId: me.submitterId! }, lock: { mode: 'pessimistic_write' } });
      if (!s || s.status === 'draft') throw new NotFound('proposal');
      if (s.status !== 'submitted' || !s.decisionSentAt || !isAcceptance(s.sentDecision) || (confirm && s.declinedAt))
        throw new Conflict(ErrorCode.ProposalNotAccepted, { state: proposalState(s) });
      if (confirm && !s.confirmedAt) {
        s.confirmedAt = now;
        await repo.update({ id: s.id }, { confirmedAt: now });
      }
      if (!confirm && !s.declinedAt) {
        s.declinedAt = now;
        s.confirmedAt = null;
        await repo.update({ id: s.id }, { declinedAt: now, confirmedAt: null });
      }
      return s;
    });
    const call = await this.core.requireCall(event.id);
    return (await this.views.proposalViews(event, call, [submission]))[0];
  }

  /**
   * The one reminder to confirm, CONFIRMATION_REMINDER_DAYS after the acceptance was sent, to those
   * who neither confirmed nor declined. Claimed by a conditional UPDATE of confirmation_reminded_at
   * (SKIP LOCKED), its mail written in the same transaction: two processes never send it twice.
   */
  async sendConfirmationReminders(now: Date): Promise<number> {
    let sent = 0;
    for (;;) {
      const count = await this.dataSource.transaction((manager) => this.remindBatch(manager, now));
      sent += count;
      if (count < BATCH_SIZE) break;
    }
    if (sent) this.outbox.kick();
    return sent;
  }

  private async remindBatch(manager: EntityManager, now: Date): Promise<number> {
    const claimed: Array<{ id: string; event_id: string; submitter_id: string; title: string; decision_sent_at: Date; email: string; name: string; language: Language }> = await manager.query(
      `WITH claimed AS (
         UPDATE submission s SET confirmation_reminded_at = $1
          WHERE s.id IN (
            SELECT x.id FROM submission x JOIN event e ON e.id = x.event_id
             WHERE x.status = 'submitted' AND x.sent_decision IN ('accepted', 'accepted_as_poster')
               AND x.decision_sent_at <= $1::timestamptz - make_interval(days => $2)
               AND x.confirmed_at IS NULL AND x.declined_at IS NULL AND x.confirmation_reminded_at IS NULL
               AND e.personal_data_erased_at IS NULL
             ORDER BY x.decision_sent_at, x.id
             LIMIT $3
             FOR UPDATE OF x SKIP LOCKED)
            AND s.confirmation_reminded_at IS NULL
          RETURNING s.id, s.event_id, s.submitter_id, s.title, s.decision_sent_at
       )
       SELECT c.id, c.event_id, c.submitter_id, c.title, c.decision_sent_at, u.email, u.name, u.language
         FROM claimed c JOIN submitter u ON u.id = c.submitter_id`,
      [now, CONFIRMATION_REMINDER_DAYS, BATCH_SIZE],
    );
    if (claimed.length === 0) return 0;
    const mails: OutgoingMail[] = [];
    for (const eventId of new Set(claimed.map((c) => c.event_id))) {
      const event = await this.events.requireById(eventId);
      const rows = claimed.filter((c) => c.event_id === eventId);
      const urls = await this.submitterUrls(manager, eventId, rows.map((r) => r.submitter_id));
      for (const r of rows) {
        const url = urls.get(r.submitter_id) ?? '';
        mails.push({
          to: r.email,
          eventId,
          ...renderMail('call_confirmation_reminder', r.language, {
            name: r.name,
            eventTitle: textFor(event.title, r.language, event) || event.slug,
            eventDates: describeEventDates(event, r.language),
            link: url ? confirmUrl(url, r.id) : '',
            proposalTitle: r.title,
            deadline: describeWhen(confirmationDeadline(new Date(r.decision_sent_at)), event, r.language),
          }),
        });
      }
    }
    await this.outbox.enqueueAll(manager, mails);
    return claimed.length;
  }

  // --- internals -------------------------------------------------------------

  /** Submitted proposals whose prepared decision was never sent or differs from the one sent, with their submitters; locked when sending. */
  private async dueDecisions(manager: EntityManager, eventId: string, lock: boolean): Promise<DueDecision[]> {
    const query = manager
      .getRepository(Submission)
      .createQueryBuilder('s')
      .where('s.event_id = :eventId', { eventId })
      .andWhere(`s.status = 'submitted'`)
      .andWhere('s.decision IS NOT NULL')
      .andWhere('(s.decision_sent_at IS NULL OR s.sent_decision IS DISTINCT FROM s.decision)')
      .orderBy('s.submitted_at', 'ASC')
      .addOrderBy('s.id', 'ASC');
    if (lock) query.setLock('pessimistic_write');
    const list = await query.getMany();
    if (list.length === 0) return [];
    const submitters = await manager.getRepository(Submitter).findBy({ id: In([...new Set(list.map((s) => s.submitterId))]), eventId });
    const byId = new Map(submitters.map((u) => [u.id, u]));
    return list.flatMap((s) => {
      const submitter = byId.get(s.submitterId);
      return submitter && s.decision ? [{ submission: s, submitter, decision: s.decision }] : [];
    });
  }

  /** The submitted reviews' comments to the authors, by proposal, as written; never who wrote them. */
  private async commentsToAuthors(manager: EntityManager, submissionIds: string[]): Promise<Map<string, string[]>> {
    const byProposal = new Map<string, string[]>();
    if (submissionIds.length === 0) return byProposal;
    const reviews = await manager.getRepository(Review).find({ where: { submissionId: In(submissionIds) }, order: { updatedAt: 'ASC' } });
    for (const r of reviews) {
      if (!r.submittedAt || !r.commentToAuthors.trim()) continue;
      byProposal.set(r.submissionId, [...(byProposal.get(r.submissionId) ?? []), r.commentToAuthors]);
    }
    return byProposal;
  }

  /** The submitters' working links, to mail again; a link is issued for those who have none that can be mailed again. */
  private async submitterUrls(manager: EntityManager, eventId: string, submitterIds: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(submitterIds)];
    const urls = await this.links.workingUrls(manager, { submitterIds: unique });
    const missing = unique.filter((id) => !urls.has(id));
    const issued = await this.links.issueMany(manager, missing.map((submitterId) => ({ eventId, submitterId })));
    missing.forEach((id, i) => urls.set(id, issued[i].url));
    return urls;
  }

  private decisionMail(event: Event, d: DueDecision, comments: string[], personalUrl: string, now: Date): OutgoingMail {
    const language = d.submitter.language;
    const accepted = isAcceptance(d.decision);
    return {
      to: d.submitter.email,
      eventId: event.id,
      ...renderMail(decisionTemplate(d.decision), language, {
        name: d.submitter.name,
        eventTitle: textFor(event.title, language, event) || event.slug,
        eventDates: describeEventDates(event, language),
        link: accepted && personalUrl.includes('#') ? confirmUrl(personalUrl, d.submission.id) : personalUrl,
        proposalTitle: d.submission.title,
        organiserMessage: d.submission.decisionMessage ?? undefined,
        reviewerComments: comments,
        deadline: accepted ? describeWhen(confirmationDeadline(now), event, language) : undefined,
      }),
    };
  }
}
