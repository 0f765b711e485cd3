import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import type { CallSettingsView, CallType, CallView, ProposalAdminView, ProposalView } from '@amphi/contracts';
import { Clock } from '../../common/clock';
import { NotFound } from '../../common/domain-errors';
import { isUuid } from '../../common/ids';
import type { Event } from '../../events/event.entity';
import { Person } from '../../people/person.entity';
import { toZonedIso } from '../../programme/zoned-time';
import { CallCoreService } from '../call-core.service';
import { CallForProposals, Review, ReviewAssignment, Submission, Submitter } from '../call.entities';
import { abstractLength, callState, editableUntil, proposalScore, proposalState } from '../call-rules';

/** The length limit of a proposal's type; a type the call no longer has (it cannot be removed while used) reads as 0 characters. */
export function typeLimit(call: Pick<CallForProposals, 'types'>, typeKey: string): CallType['limit'] {
  return call.types.find((t) => t.key === typeKey)?.limit ?? { unit: 'characters', max: 0 };
}

/** Until when this proposal may still be changed or withdrawn at `now`; null when it no longer may (withdrawn, decided, past the deadline). */
export function proposalEditableUntil(call: CallForProposals, s: Submission, now: Date): Date | null {
  if (s.status === 'withdrawn' || s.decisionSentAt) return null;
  const until = editableUntil(call);
  return now < until ? until : null;
}

/**
 * Every view of the call and its proposals, built in one place: the submitters' (ProposalView), the
 * organisers' (ProposalAdminView, reused by the decisions' answers) and the call's (CallView,
 * CallSettingsView). Dates are ISO-8601 with the event's offset; the view carries the event's zone.
 */
@Injectable()
export class ProposalViewsService {
  constructor(
    private readonly core: CallCoreService,
    private readonly clock: Clock,
    @InjectRepository(Submission) private readonly submissions: Repository<Submission>,
    @InjectRepository(Submitter) private readonly submitters: Repository<Submitter>,
    @InjectRepository(Review) private readonly reviews: Repository<Review>,
    @InjectRepository(ReviewAssignment) private readonly assignments: Repository<ReviewAssignment>,
  ) {}

  /** The call as visitors and submitters read it, with its state now and the scientific committee (names and affiliations only). */
  async callView(event: Event, call: CallForProposals, manager?: EntityManager): Promise<CallView> {
    const zoned = (d: Date | null) => (d ? toZonedIso(d, event.timeZone) : null);
    const committee = await this.core.scientificCommittee(event.id, manager);
    return {
      eventId: event.id,
      eventSlug: event.slug,
      timeZone: event.timeZone,
      mainLanguage: event.mainLanguage,
      state: callState(call, this.clock.now()),
      published: call.published,
      opensAt: zoned(call.opensAt)!,
      closesAt: zoned(call.closesAt)!,
      editableUntil: zoned(call.editableUntil),
      argument: call.argument,
      instructions: call.instructions,
      themes: call.themes,
      types: call.types,
      fields: {
        keywords: call.fields.keywords ?? false,
        references: call.fields.references ?? false,
        language: call.fields.language ?? false,
        format: call.fields.format ?? false,
        theme: call.fields.theme ?? false,
      },
      questions: call.questions,
      maxProposalsPerSubmitter: call.maxProposalsPerSubmitter,
      committee: committee.map((p) => ({ personId: p.id, name: p.name, affiliation: p.affiliation ?? null })),
    };
  }

  /** The organisers' view of the call: the public one and the review settings. */
  async settingsView(event: Event, call: CallForProposals, manager?: EntityManager): Promise<CallSettingsView> {
    return {
      ...(await this.callView(event, call, manager)),
      reviewersPerProposal: call.reviewersPerProposal,
      reviewDeadline: call.reviewDeadline ? toZonedIso(call.reviewDeadline, event.timeZone) : null,
      anonymousReview: call.anonymousReview,
      criteria: call.criteria,
    };
  }

  /**
   * A proposal as its submitter reads it. The decision, the organisers' message and the reviewers'
   * comments to authors appear only once the decision was sent, and never who reviewed.
   */
  proposalView(event: Event, call: CallForProposals, s: Submission, commentsToAuthors: string[] = []): ProposalView {
    const limit = typeLimit(call, s.typeKey);
    const until = proposalEditableUntil(call, s, this.clock.now());
    const sent = s.decisionSentAt !== null;
    return {
      id: s.id,
      eventId: s.eventId,
      state: proposalState(s),
      typeKey: s.typeKey,
      themeKey: s.themeKey,
      title: s.title,
      abstract: s.abstract,
      length: { count: abstractLength(s.abstract, limit.unit), max: limit.max, unit: limit.unit },
      keywords: s.keywords,
      references: s.references,
      language: s.language,
      format: s.format,
      authors: s.authors,
      answers: s.answers,
      conflictPersonIds: s.conflictPersonIds,
      createdAt: s.createdAt.toISOString(),
      updatedAt: s.updatedAt.toISOString(),
      submittedAt: s.submittedAt?.toISOString() ?? null,
      editableUntil: until ? toZonedIso(until, event.timeZone) : null,
      decision: sent ? s.sentDecision : null,
      decisionMessage: sent ? s.decisionMessage : null,
      commentsToAuthors: sent && s.commentsSent ? commentsToAuthors : [],
      confirmedAt: s.confirmedAt?.toISOString() ?? null,
      declinedAt: s.declinedAt?.toISOString() ?? null,
    };
  }

  /** Submitters' views of several proposals, with the reviewers' comments where they were sent (one query). */
  async proposalViews(event: Event, call: CallForProposals, list: Submission[], manager?: EntityManager): Promise<ProposalView[]> {
    const comments = await this.commentsToAuthors(list.filter((s) => s.decisionSentAt && s.commentsSent).map((s) => s.id), manager);
    return list.map((s) => this.proposalView(event, call, s, comments.get(s.id) ?? []));
  }

  /** The submitted reviews' comments to the authors, by proposal, as written, never who wrote them. */
  private async commentsToAuthors(submissionIds: string[], manager?: EntityManager): Promise<Map<string, string[]>> {
    const byProposal = new Map<string, string[]>();
    if (submissionIds.length === 0) return byProposal;
    const rows = await (manager?.getRepository(Review) ?? this.reviews).find({ where: { submissionId: In(submissionIds) }, order: { updatedAt: 'ASC' } });
    for (const r of rows) {
      if (!r.submittedAt || !r.commentToAuthors.trim()) continue;
      byProposal.set(r.submissionId, [...(byProposal.get(r.submissionId) ?? []), r.commentToAuthors]);
    }
    return byProposal;
  }

  /**
   * The organisers' views of proposals (drafts are never among them: callers pass submitted or
   * withdrawn ones), in four queries whatever their number: submitters, assignments with the
   * reviewers' names, reviews.
   */
  async adminViews(event: Event, call: CallForProposals, list: Submission[], manager?: EntityManager): Promise<ProposalAdminView[]> {
    if (list.length === 0) return [];
    const ids = list.map((s) => s.id);
    const repo = <T extends object>(entity: new () => T, fallback: Repository<T>) => manager?.getRepository(entity) ?? fallback;
    const [submitters, assignments, reviews] = await Promise.all([
      repo(Submitter, this.submitters).findBy({ id: In([...new Set(list.map((s) => s.submitterId))]), eventId: event.id }),
      repo(ReviewAssignment, this.assignments).find({ where: { submissionId: In(ids), eventId: event.id }, relations: { person: true }, order: { assignedAt: 'ASC' } }),
      repo(Review, this.reviews).find({ where: { submissionId: In(ids), eventId: event.id }, order: { updatedAt: 'ASC' } }),
    ]);
    const submitterById = new Map(submitters.map((s) => [s.id, s]));
    const group = <T extends { submissionId: string }>(rows: T[]) => {
      const map = new Map<string, T[]>();
      for (const row of rows) map.set(row.submissionId, [...(map.get(row.submissionId) ?? []), row]);
      return map;
    };
    const assignmentsOf = group(assignments);
    const reviewsOf = group(reviews);
    return list.map((s) => {
      const own = reviewsOf.get(s.id) ?? [];
      const comments = own.filter((r) => r.submittedAt && r.commentToAuthors.trim()).map((r) => r.commentToAuthors);
      const submitter = submitterById.get(s.submitterId);
      const submittedBy = new Set(own.filter((r) => r.submittedAt).map((r) => r.personId));
      const accepted = s.sentDecision === 'accepted' || s.sentDecision === 'accepted_as_poster';
      return {
        ...this.proposalView(event, call, s, comments),
        submitter: {
          id: s.submitterId,
          name: submitter?.name ?? '',
          email: submitter?.email ?? '',
          affiliation: submitter?.affiliation ?? null,
          language: submitter?.language ?? event.mainLanguage,
        },
        reviewers: (assignmentsOf.get(s.id) ?? []).map((a) => ({ personId: a.personId, name: (a.person as Person | undefined)?.name ?? '', submitted: submittedBy.has(a.personId) })),
        score: proposalScore(own, call.criteria),
        preparedDecision: s.decision,
        preparedMessage: s.decisionMessage,
        decisionSentAt: s.decisionSentAt?.toISOString() ?? null,
        unconfirmed: accepted && s.decisionSentAt !== null && !s.confirmedAt && !s.declinedAt && s.confirmationRemindedAt !== null,
        talkId: s.talkId,
      };
    });
  }

  /**
   * One proposal as the organisers see it (the decisions' answers reuse it). 404 `proposal` for
   * another event's, for a malformed id, and for a draft: nobody sees another's drafts.
   */
  async adminView(event: Event, proposalId: string, manager?: EntityManager): Promise<ProposalAdminView> {
    if (!isUuid(proposalId)) throw new NotFound('proposal');
    const call = await this.core.requireCall(event.id, manager);
    const s = await this.core.requireProposal(event.id, proposalId, manager);
    if (s.status === 'draft') throw new NotFound('proposal');
    return (await this.adminViews(event, call, [s], manager))[0];
  }
}
