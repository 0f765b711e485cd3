import { Injectable } from '@nestjs/common';
import { In, Not, type EntityManager } from 'typeorm';
import type { ConflictSource } from '@amphi/contracts';
import type { Person } from '../../people/person.entity';
import { CallCoreService } from '../call-core.service';
import { ReviewerConflict, Submission, Submitter } from '../call.entities';
import { detectConflicts, type ConflictInput } from './conflicts';

/** Everything the committee's rules read about a call, loaded once per request (or transaction). */
export interface CommitteeContext {
  /** The scientific committee, in its order: the reviewers. */
  reviewers: Person[];
  /** Every proposal that is not a draft (submitted or withdrawn: co-authorship counts either way). */
  proposals: Submission[];
  /** Conflicts by conflictKey(proposalId, personId), with their sources. */
  conflicts: Map<string, ConflictSource[]>;
}

/** Loads the call's proposals, submitters, reviewers and declared conflicts, and detects the rest (conflicts.ts). */
@Injectable()
export class ReviewDataService {
  constructor(private readonly core: CallCoreService) {}

  /**
   * The committee's context in this transaction. `only`: restrict the reviewers to these people (a
   * reviewer's own requests: their conflicts alone, still against the whole call for co-authorship).
   */
  async context(manager: EntityManager, eventId: string, only?: string[]): Promise<CommitteeContext> {
    const committee = await this.core.scientificCommittee(eventId, manager);
    const reviewers = only ? committee.filter((p) => only.includes(p.id)) : committee;
    const proposals = await manager.getRepository(Submission).find({ where: { eventId, status: Not('draft') }, order: { submittedAt: 'ASC', id: 'ASC' } });
    const submitterIds = [...new Set(proposals.map((p) => p.submitterId))];
    const submitters = submitterIds.length ? await manager.getRepository(Submitter).findBy({ id: In(submitterIds), eventId }) : [];
    const submitterOf = new Map(submitters.map((s) => [s.id, s]));
    const declared = reviewers.length
      ? await manager.getRepository(ReviewerConflict).find({ where: { eventId, personId: In(reviewers.map((r) => r.id)) }, select: { submissionId: true, personId: true } })
      : [];
    const input: ConflictInput = {
      reviewers: reviewers.map((r) => ({ personId: r.id, name: r.name, email: r.email, affiliation: r.affiliation })),
      proposals: proposals.map((p) => {
        const submitter = submitterOf.get(p.submitterId);
        // The submitter is among the authors as they wrote them; added again in case they left themselves out.
        const authors = [...p.authors, ...(submitter ? [{ name: submitter.name, email: submitter.email, affiliation: submitter.affiliation }] : [])];
        return { id: p.id, authors, conflictPersonIds: p.conflictPersonIds ?? [] };
      }),
      declaredByReviewers: declared.map((d) => ({ proposalId: d.submissionId, personId: d.personId })),
    };
    return { reviewers, proposals, conflicts: detectConflicts(input) };
  }
}
