import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository, type EntityManager } from 'typeorm';
import { type FieldIssue, FieldIssueCode, findConflicts, outsideEventDates, rolesOf, type ProgrammeRole, type ScheduledSession, type CreateSessionInput, type Language, type LocalizedText, type ProgrammeConflict, type SessionType, type SessionView, type TalkInput, type UpdateSessionInput } from '@amphi/contracts';
import { Session } from './session.entity';
import { SessionChair, SessionPanelist } from './session-person.entity';
import { Talk, TalkSpeaker } from './talk.entity';
import type { Event } from '../events/event.entity';
import { PeopleService, toPersonPublicView } from '../people/people.service';
import type { Person } from '../people/person.entity';
import { NotFound, ProgrammeConflicts, ValidationFailed, ruleIssue } from '../common/domain-errors';
import { isUuid } from '../common/ids';
import { lockEventProgramme } from '../database/locks';
import { DomainEvents, type DomainEventMap } from '../domain-events/domain-events';
import { eventBounds, parseProgrammeTime, toZonedIso } from './zoned-time';

/** A session as it will be written, times resolved and lists complete. */
interface SessionSpec {
  type: SessionType;
  title: LocalizedText;
  description: LocalizedText | null;
  startsAt: Date;
  endsAt: Date;
  stage: string;
  language: Language | null;
  recorded: boolean;
  chairs: string[];
  panelists: string[];
  talks: TalkInput[];
}

const SESSION_RELATIONS = { chairs: { person: true }, panelists: { person: true }, talks: { speakers: { person: true } } } as const;
const byPosition = <T extends { position: number }>(a: T, b: T) => a.position - b.position;

/** The sessions of an event's programme, their chairs, talks, speakers and panelists, and the rules they obey. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    private readonly people: PeopleService,
    private readonly domainEvents: DomainEvents,
  ) {}

  async list(event: Event): Promise<SessionView[]> {
    const sessions = await this.sessions.find({ where: { eventId: event.id }, relations: SESSION_RELATIONS, order: { startsAt: 'ASC', stage: 'ASC' } });
    return sessions.map((s) => this.toView(s, event));
  }

  async get(event: Event, sessionId: string): Promise<SessionView> {
    const session = isUuid(sessionId) ? await this.sessions.findOne({ where: { id: sessionId, eventId: event.id }, relations: SESSION_RELATIONS }) : null;
    if (!session) throw new NotFound('session');
    return this.toView(session, event);
  }

  /** The session's event, whatever the event: for callers that check access themselves. */
  async findAnywhere(sessionId: string): Promise<{ id: string; eventId: string } | null> {
    return isUuid(sessionId) ? this.sessions.findOne({ where: { id: sessionId }, select: { id: true, eventId: true } }) : null;
  }

  /** Sessions in which the person chairs, speaks or sits on the panel, with their roles. */
  async listForPerson(event: Event, personId: string): Promise<Array<SessionView & { roles: ProgrammeRole[] }>> {
    const all = await this.sessions.find({ where: { eventId: event.id }, relations: SESSION_RELATIONS, order: { startsAt: 'ASC' } });
    return all
      .map((s) => ({ session: s, roles: [...(this.peopleOf(s).get(personId) ?? [])] }))
      .filter((x) => x.roles.length > 0)
      .map((x) => ({ ...this.toView(x.session, event), roles: x.roles }));
  }

  async create(event: Event, input: CreateSessionInput): Promise<SessionView> {
    const id = await this.dataSource.transaction(async (manager) => {
      await lockEventProgramme(manager, event.id);
      const spec = this.resolve(event, {
        ...input,
        description: input.description ?? null,
        language: input.language ?? null,
      });
      await this.check(manager, event, spec, undefined);
      const session = await manager.getRepository(Session).save(manager.getRepository(Session).create({ eventId: event.id, ...this.columns(spec) }));
      await this.writeLists(manager, session.id, spec, []);
      return session.id;
    });
    return this.get(event, id);
  }

  async update(event: Event, sessionId: string, patch: UpdateSessionInput): Promise<SessionView> {
    const moved = await this.dataSource.transaction(async (manager): Promise<DomainEventMap['session.moved'] | null> => {
      await lockEventProgramme(manager, event.id);
      const current = isUuid(sessionId)
        ? await manager.getRepository(Session).findOne({ where: { id: sessionId, eventId: event.id }, relations: SESSION_RELATIONS })
        : null;
      if (!current) throw new NotFound('session');
      const talks = [...(current.talks ?? [])].sort(byPosition);
      const spec = this.resolve(event, {
        type: patch.type ?? current.type,
        title: patch.title ?? current.title,
        description: patch.description !== undefined ? patch.description : current.description,
        startsAt: patch.startsAt ?? current.startsAt,
        endsAt: patch.endsAt ?? current.endsAt,
        stage: patch.stage ?? current.stage,
        language: patch.language !== undefined ? patch.language : current.language,
        recorded: patch.recorded ?? current.recorded,
        chairs: patch.chairs ?? [...(current.chairs ?? [])].sort(byPosition).map((c) => c.personId),
        panelists: patch.panelists ?? [...(current.panelists ?? [])].sort(byPosition).map((p) => p.personId),
        talks:
          patch.talks ??
          talks.map((t) => ({
            id: t.id,
            title: t.title,
            abstract: t.abstract ?? undefined,
            plannedMinutes: t.plannedMinutes,
            speakers: [...(t.speakers ?? [])].sort(byPosition).map((s) => s.personId),
          })),
      });
      if (spec.type !== 'break' && spec.chairs.length === 0) throw ValidationFailed.rule('chairs', 'chair_required');
      const unknownTalk = spec.talks.findIndex((t) => t.id && !talks.some((existing) => existing.id === t.id));
      if (unknownTalk >= 0) throw ValidationFailed.rule(['talks', unknownTalk, 'id'], 'unknown_talk');
      await this.check(manager, event, spec, current.id);
      await manager.getRepository(Session).update({ id: current.id }, this.columns(spec));
      await this.writeLists(manager, current.id, spec, talks.map((t) => t.id));
      const after = { startsAt: spec.startsAt, endsAt: spec.endsAt, stage: spec.stage };
      const before = { startsAt: current.startsAt, endsAt: current.endsAt, stage: current.stage };
      if (before.startsAt.getTime() === after.startsAt.getTime() && before.endsAt.getTime() === after.endsAt.getTime() && before.stage === after.stage) return null;
      const people = new Set([...this.peopleOf(current).keys(), ...rolesOf(spec.chairs, spec.panelists, spec.talks.map((t) => t.speakers)).keys()]);
      return { eventId: event.id, sessionId: current.id, type: spec.type, title: spec.title, before, after, people: [...people] };
    });
    // Those taking part hear of it (a change notice, coalesced by its follower).
    if (moved) await this.domainEvents.publish('session.moved', moved);
    return this.get(event, sessionId);
  }

  async delete(event: Event, sessionId: string): Promise<void> {
    const removed = await this.dataSource.transaction(async (manager) => {
      const session = isUuid(sessionId) ? await manager.getRepository(Session).findOne({ where: { id: sessionId, eventId: event.id }, relations: SESSION_RELATIONS }) : null;
      if (!session) throw new NotFound('session');
      await manager.getRepository(Session).delete({ id: session.id, eventId: event.id });
      return session;
    });
    await this.domainEvents.publish('session.moved', {
      eventId: event.id,
      sessionId: removed.id,
      type: removed.type,
      title: removed.title,
      before: { startsAt: removed.startsAt, endsAt: removed.endsAt, stage: removed.stage },
      after: null,
      people: [...this.peopleOf(removed).keys()],
    });
  }

  /** Removes the whole programme (with the event); runs in the caller's transaction. */
  async deleteAll(manager: EntityManager, eventId: string): Promise<void> {
    await lockEventProgramme(manager, eventId);
    await manager.getRepository(Session).delete({ eventId });
  }

  /**
   * The event's dates or zone are changing: every session must still fit. Runs inside the
   * caller's transaction, under the programme lock, so no session slips in meanwhile.
   */
  async assertFitsEventDates(manager: EntityManager, event: Pick<Event, 'id' | 'startDate' | 'endDate' | 'timeZone'>): Promise<void> {
    await lockEventProgramme(manager, event.id);
    const sessions = await manager.getRepository(Session).find({ where: { eventId: event.id }, relations: SESSION_RELATIONS });
    const conflicts = outsideEventDates(sessions.map((s) => this.scheduled(s)), eventBounds(event.startDate, event.endDate, event.timeZone), (d) => toZonedIso(d, event.timeZone));
    if (conflicts.length) throw new ProgrammeConflicts(conflicts, event.timeZone);
  }

  // --- internals -------------------------------------------------------------

  /** Resolves wall-clock times in the event's zone and checks their order; 422 per field. */
  private resolve(event: Event, input: Omit<SessionSpec, 'startsAt' | 'endsAt'> & { startsAt: string | Date; endsAt: string | Date }): SessionSpec {
    const issues: FieldIssue[] = [];
    const read = (field: 'startsAt' | 'endsAt'): Date | undefined => {
      const value = input[field];
      if (value instanceof Date) return value;
      const parsed = parseProgrammeTime(value, event.timeZone);
      if (!parsed.ok)
        issues.push(
          parsed.reason === 'skipped'
            ? ruleIssue([field], 'time_does_not_exist', { timeZone: event.timeZone })
            : { path: [field], code: FieldIssueCode.InvalidFormat, params: { format: 'date_time' } },
        );
      return parsed.ok ? parsed.date : undefined;
    };
    const startsAt = read('startsAt');
    const endsAt = read('endsAt');
    if (startsAt && endsAt && endsAt <= startsAt) issues.push({ path: ['endsAt'], code: FieldIssueCode.EndBeforeStart, params: { startField: 'startsAt' } });
    if (issues.length) throw new ValidationFailed(issues);
    return { ...input, startsAt: startsAt!, endsAt: endsAt! };
  }

  /** 422 for people not of this event, then 409 listing every programme conflict. */
  private async check(manager: EntityManager, event: Event, spec: SessionSpec, sessionId: string | undefined): Promise<void> {
    const refs = [
      ...spec.chairs.map((personId, i) => ({ field: `chairs.${i}`, personId })),
      ...spec.panelists.map((personId, i) => ({ field: `panelists.${i}`, personId })),
      ...spec.talks.flatMap((t, ti) => t.speakers.map((personId, si) => ({ field: `talks.${ti}.speakers.${si}`, personId }))),
    ];
    const named = await this.people.requireAllInEvent(event.id, refs, manager);
    const others = (await manager.getRepository(Session).find({ where: { eventId: event.id }, relations: SESSION_RELATIONS }))
      .filter((s) => s.id !== sessionId)
      .map((s) => this.scheduled(s));
    const candidate: ScheduledSession = {
      id: sessionId,
      title: this.label(spec.title, event),
      startsAt: spec.startsAt,
      endsAt: spec.endsAt,
      stage: spec.stage,
      people: rolesOf(spec.chairs, spec.panelists, spec.talks.map((t) => t.speakers)),
      talkMinutes: spec.talks.map((t) => t.plannedMinutes),
    };
    const conflicts: ProgrammeConflict[] = findConflicts(candidate, {
      zonedIso: (d) => toZonedIso(d, event.timeZone),
      bounds: eventBounds(event.startDate, event.endDate, event.timeZone),
      others,
      personName: (id) => named.get(id)?.name ?? id,
    });
    if (conflicts.length) throw new ProgrammeConflicts(conflicts, event.timeZone);
  }

  private columns(spec: SessionSpec) {
    const { chairs: _c, panelists: _p, talks: _t, ...columns } = spec;
    return columns;
  }

  /** Replaces chairs, panelists and talks; talks given with their id keep it. */
  private async writeLists(manager: EntityManager, sessionId: string, spec: SessionSpec, existingTalkIds: string[]): Promise<void> {
    await manager.getRepository(SessionChair).delete({ sessionId });
    await manager.getRepository(SessionPanelist).delete({ sessionId });
    if (spec.chairs.length) await manager.getRepository(SessionChair).insert(spec.chairs.map((personId, position) => ({ sessionId, personId, position })));
    if (spec.panelists.length)
      await manager.getRepository(SessionPanelist).insert(spec.panelists.map((personId, position) => ({ sessionId, personId, position })));

    const kept = new Set(spec.talks.map((t) => t.id).filter((id): id is string => !!id));
    const dropped = existingTalkIds.filter((id) => !kept.has(id));
    if (dropped.length) await manager.getRepository(Talk).delete({ id: In(dropped) });
    if (kept.size) await manager.getRepository(TalkSpeaker).delete({ talkId: In([...kept]) });
    for (const [position, talk] of spec.talks.entries()) {
      const columns = { sessionId, position, title: talk.title, abstract: talk.abstract ?? null, plannedMinutes: talk.plannedMinutes };
      let talkId = talk.id;
      if (talkId) await manager.getRepository(Talk).update({ id: talkId }, columns);
      else talkId = (await manager.getRepository(Talk).save(manager.getRepository(Talk).create(columns))).id;
      if (talk.speakers.length)
        await manager.getRepository(TalkSpeaker).insert(talk.speakers.map((personId, p) => ({ talkId: talkId!, personId, position: p })));
    }
  }

  private peopleOf(s: Session): Map<string, Set<ProgrammeRole>> {
    return rolesOf(
      (s.chairs ?? []).map((c) => c.personId),
      (s.panelists ?? []).map((p) => p.personId),
      (s.talks ?? []).map((t) => (t.speakers ?? []).map((sp) => sp.personId)),
    );
  }

  private scheduled(s: Session): ScheduledSession {
    return {
      id: s.id,
      title: s.title.en ?? s.title.fr ?? '',
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      stage: s.stage,
      people: this.peopleOf(s),
      talkMinutes: (s.talks ?? []).map((t) => t.plannedMinutes),
    };
  }

  private label(title: LocalizedText, event: Event): string {
    return title[event.mainLanguage] ?? title.en ?? title.fr ?? '';
  }

  toView(s: Session, event: Event): SessionView {
    const person = (p: Person | undefined) => toPersonPublicView(p!);
    return {
      id: s.id,
      type: s.type,
      title: s.title,
      description: s.description,
      startsAt: toZonedIso(s.startsAt, event.timeZone),
      endsAt: toZonedIso(s.endsAt, event.timeZone),
      timeZone: event.timeZone,
      stage: s.stage,
      language: s.language ?? event.mainLanguage,
      recorded: s.recorded,
      chairs: [...(s.chairs ?? [])].sort(byPosition).map((c) => person(c.person)),
      panelists: [...(s.panelists ?? [])].sort(byPosition).map((p) => person(p.person)),
      talks: [...(s.talks ?? [])].sort(byPosition).map((t) => ({
        id: t.id,
        position: t.position,
        title: t.title,
        abstract: t.abstract,
        plannedMinutes: t.plannedMinutes,
        speakers: [...(t.speakers ?? [])].sort(byPosition).map((sp) => person(sp.person)),
      })),
    };
  }
}
