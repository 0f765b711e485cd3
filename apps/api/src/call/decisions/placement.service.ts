import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ErrorCode, FieldIssueCode, findConflicts, rolesOf, type PlaceProposalInput, type ProposalAuthor, type ScheduledSession } from '@amphi/contracts';
import { Conflict, NotFound, ProgrammeConflicts, ValidationFailed } from '../../common/domain-errors';
import { isUuid } from '../../common/ids';
import { lockEventProgramme } from '../../database/locks';
import type { Event } from '../../events/event.entity';
import { Person } from '../../people/person.entity';
import { PeopleService } from '../../people/people.service';
import { Session } from '../../programme/session.entity';
import { Talk, TalkSpeaker } from '../../programme/talk.entity';
import { eventBounds, toZonedIso } from '../../programme/zoned-time';
import { Submission } from '../call.entities';
import { proposalState } from '../call-rules';
import { isAcceptance } from './decision-mails';

const SESSION_RELATIONS = { chairs: true, panelists: true, talks: { speakers: true } } as const;

/**
 * An accepted proposal becomes a talk of a session: its presenting authors become people of the
 * event (one already there with the same e-mail is reused), the talk goes at the end of the session,
 * and the programme's own rule (findConflicts, the one SessionsService applies under the same
 * programme lock) refuses a speaker in two overlapping sessions or talks longer than the session with
 * 409 PROGRAMME_CONFLICT. One transaction: the people, the talk and the proposal's talkId are written
 * together or not at all. SessionsService.update runs its own transaction, so the talk is written
 * here, in this one, under the lock SessionsService takes.
 */
@Injectable()
export class PlacementService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly people: PeopleService,
  ) {}

  async place(event: Event, proposalId: string, input: PlaceProposalInput): Promise<{ talkId: string; sessionId: string }> {
    if (!isUuid(proposalId)) throw new NotFound('proposal');
    return this.dataSource.transaction(async (manager) => {
      await lockEventProgramme(manager, event.id);
      const s = await manager.getRepository(Submission).findOne({ where: { id: proposalId, eventId: event.id }, lock: { mode: 'pessimistic_write' } });
      if (!s || s.status === 'draft') throw new NotFound('proposal');
      if (s.status !== 'submitted' || !s.decisionSentAt || !isAcceptance(s.sentDecision) || s.declinedAt)
        throw new Conflict(ErrorCode.ProposalNotAccepted, { state: proposalState(s) });

      const sessions = await manager.getRepository(Session).find({ where: { eventId: event.id }, relations: SESSION_RELATIONS });
      const target = sessions.find((x) => x.id === input.sessionId);
      if (!target) throw new ValidationFailed([{ path: ['sessionId'], code: FieldIssueCode.UnknownReference }]);
      if (target.type === 'break') throw ValidationFailed.rule('sessionId', 'session_not_workshop');

      // Placed before: the same talk moves (its materials and speakers with it); else a new one.
      const existing = s.talkId ? sessions.flatMap((x) => x.talks ?? []).find((t) => t.id === s.talkId) : undefined;
      const speakers = existing ? [...(existing.speakers ?? [])].sort((a, b) => a.position - b.position).map((sp) => sp.personId) : await this.presenters(manager, event, s.authors);

      const withoutIt = (x: Session): Talk[] => (x.talks ?? []).filter((t) => t.id !== existing?.id);
      const scheduled = (x: Session, extra: { speakers: string[]; minutes: number } | null): ScheduledSession => {
        const talks = withoutIt(x);
        return {
          id: x.id,
          title: x.title[event.mainLanguage] ?? x.title.en ?? x.title.fr ?? '',
          startsAt: x.startsAt,
          endsAt: x.endsAt,
          stage: x.stage,
          people: rolesOf(
            (x.chairs ?? []).map((c) => c.personId),
            (x.panelists ?? []).map((p) => p.personId),
            [...talks.map((t) => (t.speakers ?? []).map((sp) => sp.personId)), ...(extra ? [extra.speakers] : [])],
          ),
          talkMinutes: [...talks.map((t) => t.plannedMinutes), ...(extra ? [extra.minutes] : [])],
        };
      };
      const names = await this.people.byIds(speakers, manager);
      const conflicts = findConflicts(scheduled(target, { speakers, minutes: input.plannedMinutes }), {
        zonedIso: (d) => toZonedIso(d, event.timeZone),
        bounds: eventBounds(event.startDate, event.endDate, event.timeZone),
        others: sessions.filter((x) => x.id !== target.id).map((x) => scheduled(x, null)),
        personName: (id) => names.get(id)?.name ?? id,
      });
      if (conflicts.length) throw new ProgrammeConflicts(conflicts, event.timeZone);

      const position = Math.max(-1, ...withoutIt(target).map((t) => t.position)) + 1;
      const talks = manager.getRepository(Talk);
      let talkId: string;
      if (existing) {
        await talks.update({ id: existing.id }, { sessionId: target.id, position, plannedMinutes: input.plannedMinutes });
        talkId = existing.id;
      } else {
        const language = s.language ?? event.mainLanguage;
        const created = await talks.save(
          talks.create({ sessionId: target.id, position, title: { [language]: s.title }, abstract: s.abstract.trim() ? { [language]: s.abstract } : null, plannedMinutes: input.plannedMinutes }),
        );
        talkId = created.id;
        if (speakers.length) await manager.getRepository(TalkSpeaker).insert(speakers.map((personId, p) => ({ talkId, personId, position: p })));
        await manager.getRepository(Submission).update({ id: s.id }, { talkId });
      }
      return { talkId, sessionId: target.id };
    });
  }

  /**
   * The presenting authors as people of the event (the first author when none is marked): one with
   * the same e-mail, or without e-mail the same name, is reused rather than duplicated.
   */
  private async presenters(manager: EntityManager, event: Event, authors: ProposalAuthor[]): Promise<string[]> {
    const presenting = authors.filter((a) => a.presenting);
    const chosen = presenting.length ? presenting : authors.slice(0, 1);
    const repo = manager.getRepository(Person);
    const ids: string[] = [];
    for (const author of chosen) {
      const email = author.email?.trim().toLowerCase() || null;
      const found = email
        ? await repo.createQueryBuilder('p').where('p.event_id = :eventId AND lower(p.email) = :email', { eventId: event.id, email }).orderBy('p.created_at', 'ASC').getOne()
        : await repo.createQueryBuilder('p').where('p.event_id = :eventId AND p.email IS NULL AND lower(p.name) = lower(:name)', { eventId: event.id, name: author.name }).orderBy('p.created_at', 'ASC').getOne();
      const person = found ?? (await this.people.create(event.id, { name: author.name, affiliation: author.affiliation || undefined, email: email ?? undefined }, manager));
      if (!ids.includes(person.id)) ids.push(person.id);
    }
    return ids;
  }
}
