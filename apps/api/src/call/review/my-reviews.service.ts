import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Not, type EntityManager } from 'typeorm';
import { ErrorCode, type FieldIssue, type ReviewCriterion, type ReviewerProposalView, type ReviewInput, type ReviewView } from '@amphi/contracts';
import type { ParticipantPrincipal } from '../../accounts/access-token.service';
import { Clock } from '../../common/clock';
import { Conflict, Forbidden, NotFound, ValidationFailed, ruleIssue } from '../../common/domain-errors';
import { isUuid } from '../../common/ids';
import { EventsService } from '../../events/events.service';
import type { Event } from '../../events/event.entity';
import { toZonedIso } from '../../programme/zoned-time';
import { CallCoreService } from '../call-core.service';
import { CallForProposals, Review, ReviewAssignment, ReviewerConflict, Submission } from '../call.entities';
import { conflictKey } from './conflicts';
import { ReviewDataService } from './review-data';
import { reviewView } from './review-views';

export interface MyReviewsView {
  criteria: ReviewCriterion[];
  reviewDeadline: string | null;
  anonymousReview: boolean;
  timeZone: string;
  items: Array<{ proposalId: string; title: string; themeKey: string | null; typeKey: string; status: 'to_do' | 'draft' | 'submitted' }>;
}

interface Reviewer {
  event: Event;
  call: CallForProposals;
  personId: string;
}

/**
 * A reviewer's side, from their personal link (the person's link, the same a chair or a speaker
 * has): the proposals assigned to them, each as the committee may see it, their review, and the
 * conflicts they declare. A proposal is 404 to a reviewer unless it is assigned to them and they have
 * no conflict with it (of any source), so that a reviewer with a conflict can neither see nor review it.
 */
@Injectable()
export class MyReviewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly core: CallCoreService,
    private readonly data: ReviewDataService,
    private readonly clock: Clock,
  ) {}

  /** The link's person, on the event's scientific committee (403 REVIEWERS_ONLY otherwise), and the call (404 call). */
  private async reviewer(me: ParticipantPrincipal, manager: EntityManager = this.dataSource.manager): Promise<Reviewer> {
    if (!me.personId || !(await this.core.isReviewer(me.eventId, me.personId, manager))) throw new Forbidden(ErrorCode.ReviewersOnly);
    const event = await this.events.requireById(me.eventId);
    const call = await this.core.requireCall(event.id, manager);
    return { event, call, personId: me.personId };
  }

  /** The proposals assigned to me that I may review (submitted, no conflict), with where my review stands. */
  async list(me: ParticipantPrincipal): Promise<MyReviewsView> {
    const { event, call, personId } = await this.reviewer(me);
    const manager = this.dataSource.manager;
    const assignments = await manager.getRepository(ReviewAssignment).findBy({ eventId: event.id, personId });
    const context = await this.data.context(manager, event.id, [personId]);
    const assigned = new Set(assignments.map((a) => a.submissionId));
    const proposals = context.proposals.filter((p) => p.status === 'submitted' && assigned.has(p.id) && !context.conflicts.has(conflictKey(p.id, personId)));
    const reviews = proposals.length ? await manager.getRepository(Review).findBy({ eventId: event.id, personId, submissionId: In(proposals.map((p) => p.id)) }) : [];
    const reviewOf = new Map(reviews.map((r) => [r.submissionId, r]));
    return {
      criteria: call.criteria,
      reviewDeadline: call.reviewDeadline ? toZonedIso(call.reviewDeadline, event.timeZone) : null,
      anonymousReview: call.anonymousReview,
      timeZone: event.timeZone,
      items: proposals.map((p) => {
        const review = reviewOf.get(p.id);
        return { proposalId: p.id, title: p.title, themeKey: p.themeKey, typeKey: p.typeKey, status: review?.submittedAt ? 'submitted' : review ? 'draft' : 'to_do' };
      }),
    };
  }

  /** A proposal assigned to me, free of conflict, still under review (submitted); 404 proposal otherwise, whatever the reason. */
  private async assignedProposal(manager: EntityManager, r: Reviewer, proposalId: string): Promise<Submission> {
    if (!isUuid(proposalId)) throw new NotFound('proposal');
    const assigned = await manager.getRepository(ReviewAssignment).existsBy({ eventId: r.event.id, personId: r.personId, submissionId: proposalId });
    if (!assigned) throw new NotFound('proposal');
    const context = await this.data.context(manager, r.event.id, [r.personId]);
    const proposal = context.proposals.find((p) => p.id === proposalId);
    if (!proposal || proposal.status !== 'submitted' || context.conflicts.has(conflictKey(proposal.id, r.personId))) throw new NotFound('proposal');
    return proposal;
  }

  async get(me: ParticipantPrincipal, proposalId: string): Promise<ReviewerProposalView> {
    const r = await this.reviewer(me);
    const manager = this.dataSource.manager;
    const proposal = await this.assignedProposal(manager, r, proposalId);
    return this.view(manager, r, proposal);
  }

  private async view(manager: EntityManager, r: Reviewer, proposal: Submission): Promise<ReviewerProposalView> {
    const { call, event, personId } = r;
    const anonymous = call.anonymousReview;
    const reviews = await manager.getRepository(Review).find({ where: { eventId: event.id, submissionId: proposal.id }, relations: { person: true } });
    const mine = reviews.find((x) => x.personId === personId) ?? null;
    // Numbered by reviewer id: the same number for a reviewer whoever reads it, and it says nothing about who they are.
    const numbered = [...reviews].sort((a, b) => a.personId.localeCompare(b.personId));
    const others = mine?.submittedAt
      ? numbered
          .filter((x) => x.personId !== personId && x.submittedAt)
          .map((x) => ({ ...reviewView(x, call.criteria), reviewer: anonymous ? `Reviewer ${numbered.indexOf(x) + 1}` : (x.person?.name ?? '') }))
      : null;
    const otherProposals = anonymous
      ? null
      : (
          await manager.getRepository(Submission).find({
            where: { eventId: event.id, submitterId: proposal.submitterId, id: Not(proposal.id), status: Not('draft') },
            order: { submittedAt: 'ASC' },
          })
        ).map((p) => ({ id: p.id, title: p.title }));
    return {
      id: proposal.id,
      typeKey: proposal.typeKey,
      themeKey: proposal.themeKey,
      title: proposal.title,
      abstract: proposal.abstract,
      keywords: proposal.keywords,
      references: proposal.references,
      language: proposal.language,
      format: proposal.format,
      answers: proposal.answers,
      authors: anonymous ? null : proposal.authors,
      otherProposalsOfSubmitter: otherProposals,
      myReview: mine ? reviewView(mine, call.criteria) : null,
      otherReviews: others,
      criteria: call.criteria,
      reviewDeadline: call.reviewDeadline ? toZonedIso(call.reviewDeadline, event.timeZone) : null,
    };
  }

  /**
   * Saves my review as a draft, or submits it (submit: true; once submitted it stays so, and may be
   * changed until the deadline). 422 per field: a score for a criterion the form does not have
   * (unknown_criterion), a missing score when submitting (score_required); 409 REVIEW_CLOSED after the
   * deadline or once the decision was sent.
   */
  async save(me: ParticipantPrincipal, proposalId: string, input: ReviewInput): Promise<ReviewView> {
    return this.dataSource.transaction(async (manager) => {
      const r = await this.reviewer(me, manager);
      const proposal = await this.assignedProposal(manager, r, proposalId);
      const { call, event } = r;
      if (proposal.decisionSentAt) throw new Conflict(ErrorCode.ReviewClosed, { reason: 'decided', timeZone: event.timeZone });
      if (call.reviewDeadline && this.clock.now() >= call.reviewDeadline)
        throw new Conflict(ErrorCode.ReviewClosed, { reason: 'deadline', reviewDeadline: toZonedIso(call.reviewDeadline, event.timeZone), timeZone: event.timeZone });
      const existing = await manager.getRepository(Review).findOne({ where: { submissionId: proposal.id, personId: r.personId }, lock: { mode: 'pessimistic_write' } });
      const submitting = input.submit || !!existing?.submittedAt;
      const known = new Set(call.criteria.map((c) => c.key));
      const issues: FieldIssue[] = Object.keys(input.scores)
        .filter((key) => !known.has(key))
        .map((key) => ruleIssue(['scores', key], 'unknown_criterion'));
      if (submitting) for (const c of call.criteria) if (typeof input.scores[c.key] !== 'number') issues.push(ruleIssue(['scores', c.key], 'score_required'));
      if (issues.length) throw new ValidationFailed(issues);
      const now = this.clock.now();
      await manager
        .createQueryBuilder()
        .insert()
        .into(Review)
        .values({
          submissionId: proposal.id,
          personId: r.personId,
          eventId: event.id,
          scores: input.scores,
          recommendation: input.recommendation,
          commentToAuthors: input.commentToAuthors ?? '',
          commentToCommittee: input.commentToCommittee ?? '',
          submittedAt: existing?.submittedAt ?? (submitting ? now : null),
        })
        .orUpdate(['scores', 'recommendation', 'comment_to_authors', 'comment_to_committee', 'submitted_at', 'updated_at'], ['submission_id', 'person_id'])
        .execute();
      const saved = await manager.getRepository(Review).findOneByOrFail({ submissionId: proposal.id, personId: r.personId });
      return reviewView(saved, call.criteria);
    });
  }

  /**
   * I declare a conflict with a proposal of the call (conflict: true): it is no longer assigned to me
   * unless I already submitted my review (which the organisers then see with the conflict), and it is
   * 404 to me from now on. conflict: false takes my declaration back (the authors' declarations and
   * the detected conflicts stay).
   */
  async declareConflict(me: ParticipantPrincipal, proposalId: string, input: { conflict: boolean; reason?: string }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const r = await this.reviewer(me, manager);
      if (!isUuid(proposalId)) throw new NotFound('proposal');
      const proposal = await manager.getRepository(Submission).findOneBy({ id: proposalId, eventId: r.event.id, status: Not('draft') });
      if (!proposal) throw new NotFound('proposal');
      const where = { submissionId: proposal.id, personId: r.personId };
      if (!input.conflict) {
        await manager.getRepository(ReviewerConflict).delete(where);
        return;
      }
      await manager
        .createQueryBuilder()
        .insert()
        .into(ReviewerConflict)
        .values({ ...where, eventId: r.event.id, reason: input.reason || null })
        .orUpdate(['reason'], ['submission_id', 'person_id'])
        .execute();
      const review = await manager.getRepository(Review).findOneBy(where);
      if (!review?.submittedAt) {
        await manager.getRepository(ReviewAssignment).delete(where);
        if (review) await manager.getRepository(Review).delete(where);
      }
    });
  }
}
