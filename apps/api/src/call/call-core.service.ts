import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { NotFound } from '../common/domain-errors';
import { CommitteeMember } from '../events/committee-member.entity';
import { Person } from '../people/person.entity';
import { CallForProposals, Submission, Submitter } from './call.entities';

/** What every feature of the call reads the same way: the call of an event, a proposal of it, the scientific committee. Always scoped by event. */
@Injectable()
export class CallCoreService {
  constructor(
    @InjectRepository(CallForProposals) private readonly calls: Repository<CallForProposals>,
    @InjectRepository(Submission) private readonly submissions: Repository<Submission>,
    @InjectRepository(CommitteeMember) private readonly committee: Repository<CommitteeMember>,
    @InjectRepository(Submitter) private readonly submitters: Repository<Submitter>,
  ) {}

  findSubmitter(eventId: string, submitterId: string): Promise<Submitter | null> {
    return this.submitters.findOneBy({ id: submitterId, eventId });
  }

  findCall(eventId: string, manager?: EntityManager): Promise<CallForProposals | null> {
    return (manager?.getRepository(CallForProposals) ?? this.calls).findOneBy({ eventId });
  }

  /** The event's call; 404 `call` when it has none. */
  async requireCall(eventId: string, manager?: EntityManager): Promise<CallForProposals> {
    const call = await this.findCall(eventId, manager);
    if (!call) throw new NotFound('call');
    return call;
  }

  /** A proposal of this event; 404 `proposal` for another event's (never says it exists elsewhere). */
  async requireProposal(eventId: string, proposalId: string, manager?: EntityManager): Promise<Submission> {
    const submission = await (manager?.getRepository(Submission) ?? this.submissions).findOneBy({ id: proposalId, eventId });
    if (!submission) throw new NotFound('proposal');
    return submission;
  }

  /** The members of the scientific committee, in the committee's order: the reviewers. */
  async scientificCommittee(eventId: string, manager?: EntityManager): Promise<Person[]> {
    const members = await (manager?.getRepository(CommitteeMember) ?? this.committee).find({
      where: { eventId, committee: 'scientific' },
      relations: { person: true },
      order: { position: 'ASC' },
    });
    return members.flatMap((m) => (m.person ? [m.person] : []));
  }

  /** Whether this person sits on the event's scientific committee. */
  async isReviewer(eventId: string, personId: string, manager?: EntityManager): Promise<boolean> {
    return (await (manager?.getRepository(CommitteeMember) ?? this.committee).countBy({ eventId, committee: 'scientific', personId })) > 0;
  }
}
