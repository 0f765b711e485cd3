import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  ErrorCode,
  type AssignmentResult,
  type AutoAssignInput,
  type ConflictSource,
  type FieldIssue,
  type ProposalScore,
  type ReviewerProgress,
  type ReviewView,
} from '@amphi/contracts';
import { Clock } from '../../common/clock';
import { Conflict, NotFound, ValidationFailed, ruleIssue } from '../../common/domain-errors';
import { isUuid } from '../../common/ids';
import type { Event } from '../../events/event.entity';
import { OutboxService } from '../../mail/outbox.service';
import type { Person } from '../../people/person.entity';
import { CallCoreService } from '../call-core.service';
import { CallForProposals, CallReviewer, Review, ReviewAssignment, Submission } from '../call.entities';
import { proposalScore } from '../call-rules';
import { autoAssign } from './assignment';
import { conflictKey } from './conflicts';
import { ReviewDataService } from './review-data';
import { ReviewerNoticesService } from './reviewer-notices.service';
import { reviewView } from './review-views';

/**
 * The organisers' side of the scientific committee: reviewers and their progress, their themes, the
 * assignment (automatic or by hand), the conflicts, the reviews of a proposal. Every method takes
 * the event the organiser manages (EventsService.requireManaged) and stays inside it.
 */
@Injectable()
export class CommitteeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly core: CallCoreService,
    private readonly data: ReviewDataService,
    private readonly notices: ReviewerNoticesService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  /** The scientific committee with each member's themes, assignments, submitted reviews and when they were last told. */
  async reviewers(event: Event): Promise<ReviewerProgress[]> {
    await this.core.requireCall(event.id);
    return this.progress(this.dataSource.manager, event.id);
  }

  private async progress(manager: EntityManager, eventId: string, onlyPersonId?: string): Promise<ReviewerProgress[]> {
    const committee = (await this.core.scientificCommittee(eventId, manager)).filter((p) => !onlyPersonId || p.id === onlyPersonId);
    if (committee.length === 0) return [];
    const ids = committee.map((p) => p.id);
    const rows = await manager.getRepository(CallReviewer).findBy({ eventId, personId: In(ids) });
    const rowOf = new Map(rows.map((r) => [r.personId, r]));
    const counts: Array<{ person_id: string; assigned: number; submitted: number }> = await manager.query(
      `SELECT a.person_id, count(*)::int AS assigned, count(r.submitted_at)::int AS submitted
         FROM review_assignment a
         JOIN submission s ON s.id = a.submission_id AND s.status = 'submitted'
         LEFT JOIN review r ON r.submission_id = a.submission_id AND r.person_id = a.person_id
        WHERE a.event_id = $1 AND a.person_id = ANY($2::uuid[])
        GROUP BY a.person_id`,
      [eventId, ids],
    );
    const countOf = new Map(counts.map((c) => [c.person_id, c]));
    return committee.map((p) => ({
      personId: p.id,
      name: p.name,
      email: p.email,
      themeKeys: rowOf.get(p.id)?.themeKeys ?? [],
      assigned: countOf.get(p.id)?.assigned ?? 0,
      submitted: countOf.get(p.id)?.submitted ?? 0,
      notifiedAt: rowOf.get(p.id)?.notifiedAt?.toISOString() ?? null,
    }));
  }

  /** The themes a reviewer reviews (for assignment by theme); 404 reviewer for someone not on the scientific committee. */
  async setThemes(event: Event, personId: string, themeKeys: string[]): Promise<ReviewerProgress> {
    const call = await this.core.requireCall(event.id);
    if (!isUuid(personId) || !(await this.core.isReviewer(event.id, personId))) throw new NotFound('reviewer');
    const known = new Set(call.themes.map((t) => t.key));
    const issues = themeKeys.flatMap((key, i) => (known.has(key) ? [] : [ruleIssue(['themeKeys', i], 'unknown_theme')]));
    if (issues.length) throw new ValidationFailed(issues);
    const unique = [...new Set(themeKeys)];
    await this.dataSource.createQueryBuilder().insert().into(CallReviewer).values({ eventId: event.id, personId, themeKeys: unique }).orUpdate(['theme_keys'], ['event_id', 'person_id']).execute();
    return (await this.progress(this.dataSource.manager, event.id, personId))[0];
  }

  /** Locks the call's row: assignments of one call are decided one at a time (two runs never double-assign). */
  private async lockCall(manager: EntityManager, eventId: string): Promise<CallForProposals> {
    const call = await manager.getRepository(CallForProposals).findOne({ where: { eventId }, lock: { mode: 'pessimistic_write' } });
    if (!call) throw new NotFound('call');
    return call;
  }

  /**
   * k reviewers for every submitted proposal (never drafts or withdrawn ones), balanced, without
   * conflicts (assignment.ts). keepExisting: the current assignments stay and count; otherwise those
   * whose review was not begun are removed first and everything is assigned again. One transaction
   * under a lock on the call's row, the reviewers' mails written in it.
   */
  async autoAssign(event: Event, input: AutoAssignInput): Promise<AssignmentResult> {
    const result = await this.dataSource.transaction(async (manager) => {
      const call = await this.lockCall(manager, event.id);
      const k = input.reviewersPerProposal ?? call.reviewersPerProposal;
      const context = await this.data.context(manager, event.id);
      const submitted = context.proposals.filter((p) => p.status === 'submitted');
      const reviewerIds = new Set(context.reviewers.map((r) => r.id));
      const started = await this.startedReviews(manager, event.id);

      // Assignments without a review begun that must go: every one when starting over, and any in conflict.
      let current = await manager.getRepository(ReviewAssignment).findBy({ eventId: event.id, submissionId: In(submitted.map((p) => p.id)) });
      const dropped = current.filter((a) => !started.has(conflictKey(a.submissionId, a.personId)) && (!input.keepExisting || context.conflicts.has(conflictKey(a.submissionId, a.personId))));
      if (dropped.length)
        await manager.query(`DELETE FROM review_assignment a USING unnest($1::uuid[], $2::uuid[]) AS d(submission_id, person_id) WHERE a.submission_id = d.submission_id AND a.person_id = d.person_id`, [
          dropped.map((a) => a.submissionId),
          dropped.map((a) => a.personId),
        ]);
      const droppedKeys = new Set(dropped.map((a) => conflictKey(a.submissionId, a.personId)));
      current = current.filter((a) => !droppedKeys.has(conflictKey(a.submissionId, a.personId)));

      const themes = await manager.getRepository(CallReviewer).findBy({ eventId: event.id });
      const themesOf = new Map(themes.map((t) => [t.personId, t.themeKeys]));
      const answer = autoAssign({
        proposals: submitted.map((p) => ({ id: p.id, themeKey: p.themeKey })),
        reviewers: context.reviewers.map((r) => ({ id: r.id, themeKeys: themesOf.get(r.id) ?? [] })),
        k,
        conflicts: context.conflicts,
        existing: current.filter((a) => reviewerIds.has(a.personId)).map((a) => ({ proposalId: a.submissionId, personId: a.personId })),
        byTheme: input.byTheme,
        seed: event.id,
      });
      if (answer.added.length)
        await manager.getRepository(ReviewAssignment).insert(answer.added.map((a) => ({ submissionId: a.proposalId, personId: a.personId, eventId: event.id })));
      // Told of the assignments that are new to them: one removed by this run and given back is not news (it keeps its notifiedAt).
      const notifiedBefore = new Map(dropped.filter((d) => d.notifiedAt).map((d) => [conflictKey(d.submissionId, d.personId), d.notifiedAt!]));
      const news = answer.added.filter((a) => !notifiedBefore.has(conflictKey(a.proposalId, a.personId)));
      for (const a of answer.added) {
        const at = notifiedBefore.get(conflictKey(a.proposalId, a.personId));
        if (at) await manager.getRepository(ReviewAssignment).update({ submissionId: a.proposalId, personId: a.personId }, { notifiedAt: at });
      }
      const people = new Map<string, Person>(context.reviewers.map((r) => [r.id, r]));
      const told = await this.notices.notifyAssigned(manager, event, call, news, people, this.clock.now());
      const titleOf = new Map(submitted.map((p) => [p.id, p.title]));
      const loads = context.reviewers.map((r) => ({ personId: r.id, name: r.name, load: answer.loads.get(r.id) ?? 0 }));
      return {
        assigned: news.length,
        loads,
        maxMinusMin: answer.maxMinusMin,
        shortOf: answer.shortOf.map((s) => ({ proposalId: s.proposalId, title: titleOf.get(s.proposalId) ?? '', missing: s.missing })),
        notified: told.notified,
        withoutEmail: told.withoutEmail,
      } satisfies AssignmentResult;
    });
    this.outbox.kick();
    return result;
  }

  /** The (proposal, reviewer) pairs with a review begun (draft or submitted), as conflictKey. */
  private async startedReviews(manager: EntityManager, eventId: string, submittedOnly = false): Promise<Set<string>> {
    const reviews = await manager.getRepository(Review).find({ where: { eventId }, select: { submissionId: true, personId: true, submittedAt: true } });
    return new Set(reviews.filter((r) => !submittedOnly || r.submittedAt).map((r) => conflictKey(r.submissionId, r.personId)));
  }

  /** A submitted proposal of this event, for the organisers (a draft is nobody's business but its submitter's: 404). */
  private async requireSubmitted(manager: EntityManager, eventId: string, proposalId: string): Promise<Submission> {
    if (!isUuid(proposalId)) throw new NotFound('proposal');
    const proposal = await this.core.requireProposal(eventId, proposalId, manager);
    if (proposal.status === 'draft') throw new NotFound('proposal');
    return proposal;
  }

  /**
   * The reviewers of one proposal, by hand: 422 per person not on the committee (not_committee_member)
   * or in conflict (reviewer_has_conflict), at personIds.N. Removing a reviewer who already submitted
   * their review is refused (409 CONFLICT): their review is part of the proposal's score and of the
   * committee's record, and dropping it silently, or keeping a review by someone no longer assigned,
   * would both mislead; the organisers see who reviewed and decide with it. New reviewers are mailed.
   */
  async setReviewers(event: Event, proposalId: string, personIds: string[]): Promise<{ personIds: string[] }> {
    const answer = await this.dataSource.transaction(async (manager) => {
      const call = await this.lockCall(manager, event.id);
      const proposal = await this.requireSubmitted(manager, event.id, proposalId);
      const context = await this.data.context(manager, event.id);
      const committee = new Map(context.reviewers.map((r) => [r.id, r]));
      const issues: FieldIssue[] = [];
      personIds.forEach((personId, i) => {
        if (!committee.has(personId)) issues.push(ruleIssue(['personIds', i], 'not_committee_member'));
        else if (context.conflicts.has(conflictKey(proposal.id, personId))) issues.push(ruleIssue(['personIds', i], 'reviewer_has_conflict'));
      });
      if (issues.length) throw new ValidationFailed(issues);
      const wanted = [...new Set(personIds)];
      const current = await manager.getRepository(ReviewAssignment).findBy({ eventId: event.id, submissionId: proposal.id });
      const removed = current.filter((a) => !wanted.includes(a.personId));
      const submittedReviews = await this.startedReviews(manager, event.id, true);
      if (removed.some((a) => submittedReviews.has(conflictKey(proposal.id, a.personId)))) throw new Conflict(ErrorCode.Conflict);
      for (const a of removed) {
        await manager.getRepository(ReviewAssignment).delete({ submissionId: proposal.id, personId: a.personId });
        await manager.getRepository(Review).delete({ submissionId: proposal.id, personId: a.personId, eventId: event.id }); // a draft, by the check above
      }
      const added = wanted.filter((id) => !current.some((a) => a.personId === id));
      if (added.length) await manager.getRepository(ReviewAssignment).insert(added.map((personId) => ({ submissionId: proposal.id, personId, eventId: event.id })));
      await this.notices.notifyAssigned(
        manager,
        event,
        call,
        added.map((personId) => ({ proposalId: proposal.id, personId })),
        committee,
        this.clock.now(),
      );
      const order = new Map(context.reviewers.map((r, i) => [r.id, i]));
      return { personIds: wanted.sort((a, b) => order.get(a)! - order.get(b)!) };
    });
    this.outbox.kick();
    return answer;
  }

  /** Every conflict between a reviewer and a submitted proposal, with its sources. */
  async conflicts(event: Event): Promise<Array<{ proposalId: string; personId: string; sources: ConflictSource[] }>> {
    await this.core.requireCall(event.id);
    const context = await this.data.context(this.dataSource.manager, event.id);
    return context.proposals
      .filter((p) => p.status === 'submitted')
      .flatMap((p) =>
        context.reviewers.flatMap((r) => {
          const sources = context.conflicts.get(conflictKey(p.id, r.id));
          return sources ? [{ proposalId: p.id, personId: r.id, sources }] : [];
        }),
      )
      ;
  }

  /** Every review of a proposal (drafts included, marked by submittedAt null) with its reviewer's name, and the committee's score from the submitted ones. */
  async proposalReviews(event: Event, proposalId: string): Promise<{ score: ProposalScore; reviews: Array<ReviewView & { personId: string; reviewer: string }> }> {
    const call = await this.core.requireCall(event.id);
    const proposal = await this.requireSubmitted(this.dataSource.manager, event.id, proposalId);
    const reviews = await this.dataSource.getRepository(Review).find({ where: { eventId: event.id, submissionId: proposal.id }, relations: { person: true }, order: { updatedAt: 'ASC' } });
    const ordered = [...reviews].sort((a, b) => Number(!a.submittedAt) - Number(!b.submittedAt) || (a.submittedAt?.getTime() ?? 0) - (b.submittedAt?.getTime() ?? 0));
    return {
      score: proposalScore(reviews, call.criteria),
      reviews: ordered.map((r) => ({ ...reviewView(r, call.criteria), personId: r.personId, reviewer: r.person?.name ?? '' })),
    };
  }
}
