import { Injectable } from '@nestjs/common';
import type { SessionRole, SessionView } from '@amphi/contracts';
import type { Principal } from '../accounts/access-token.service';
import { EventsService } from '../events/events.service';
import { SessionsService } from '../programme/sessions.service';
import { RegistrationsService } from './registrations.service';
import type { Registration } from './registration.entity';
import { PeopleService } from '../people/people.service';
import { AccountsService } from '../accounts/accounts.service';
import type { Event } from '../events/event.entity';
import { Forbidden, NotFound } from '../common/domain-errors';

/**
 * Someone acting in one session (its Q&A, its live room), resolved once: the key that names them
 * there (r:<registration>, p:<person>, o:<organiser>), their name and their role.
 */
export interface SessionParticipant {
  key: string;
  name: string;
  affiliation: string | null;
  role: SessionRole;
  /** Chairs of the session and organisers of the event moderate it. */
  moderator: boolean;
  registrationId: string | null;
  personId: string | null;
  organiserId: string | null;
  sessionId: string;
  event: Event;
  session: SessionView;
}

/**
 * Who someone is in one session: organiser of its event, chair, speaker, panelist, attendee, or
 * nobody. Everything session-scoped (live rooms, Q&A) asks here; being chair of one session gives
 * nothing in another, being registered for one event gives nothing in another.
 */
@Injectable()
export class SessionRolesService {
  constructor(
    private readonly events: EventsService,
    private readonly sessions: SessionsService,
    private readonly registrations: RegistrationsService,
    private readonly people: PeopleService,
    private readonly accounts: AccountsService,
  ) {}

  /** Their role and identity in the session, or 403 saying why they have none (404 for another event's session). */
  async participant(principal: Principal, sessionId: string): Promise<SessionParticipant> {
    const { event, session, role, registration } = await this.roleIn(principal, sessionId);
    if (!role) {
      if (registration?.status === 'waitlisted') throw new Forbidden('You are on the waiting list: this opens to you when you get a seat.');
      throw new Forbidden('You have no role in this session: your access gives entry to your own sessions only.');
    }
    const identity = await this.identity(principal, event.id, registration);
    return { ...identity, role, moderator: role === 'organiser' || role === 'chair', sessionId, event, session };
  }

  private async identity(principal: Principal, eventId: string, loaded?: Registration) {
    if (principal.kind === 'organiser') {
      const organiser = await this.accounts.get(principal.organiserId);
      return { key: `o:${organiser.id}`, name: organiser.name, affiliation: null, registrationId: null, personId: null, organiserId: organiser.id };
    }
    if (principal.personId) {
      const person = await this.people.get(eventId, principal.personId);
      return { key: `p:${person.id}`, name: person.name, affiliation: person.affiliation, registrationId: null, personId: person.id, organiserId: null };
    }
    const registration = loaded ?? (await this.registrations.requireOwn(eventId, principal.registrationId!));
    return { key: `r:${registration.id}`, name: registration.name, affiliation: registration.affiliation, registrationId: registration.id, personId: null, organiserId: null };
  }

  /** The strongest role in the session, or null (with the registration read for it, if any). A session of another event does not exist for this principal (404). */
  async roleIn(principal: Principal, sessionId: string): Promise<{ event: Event; session: SessionView; role: SessionRole | null; registration?: Registration }> {
    if (principal.kind === 'organiser') {
      const session = await this.sessions.findAnywhere(sessionId);
      if (!session || !(await this.events.manages(principal.organiserId, session.eventId))) throw new NotFound('Session');
      const event = await this.events.requireById(session.eventId);
      return { event, session: await this.sessions.get(event, sessionId), role: 'organiser' };
    }
    const event = await this.events.requireById(principal.eventId);
    const session = await this.sessions.get(event, sessionId); // 404 for a session of another event
    if (principal.registrationId) {
      const registration = await this.registrations.requireOwn(event.id, principal.registrationId);
      return { event, session, role: attendeeRole(registration, session), registration };
    }
    return { event, session, role: await this.roleOfParticipant(principal, event, session) };
  }

  async requireRole(principal: Principal, sessionId: string): Promise<{ event: Event; session: SessionView; role: SessionRole }> {
    const found = await this.roleIn(principal, sessionId);
    if (!found.role) throw new Forbidden('You have no role in this session: your personal link gives access to your own sessions only.');
    return { ...found, role: found.role };
  }

  async roleOfParticipant(principal: Extract<Principal, { kind: 'participant' }>, event: Event, session: SessionView): Promise<SessionRole | null> {
    if (principal.personId) {
      const id = principal.personId;
      if (session.chairs.some((p) => p.id === id)) return 'chair';
      if (session.talks.some((t) => t.speakers.some((p) => p.id === id))) return 'speaker';
      if (session.panelists.some((p) => p.id === id)) return 'panelist';
      return null;
    }
    if (principal.registrationId) {
      return attendeeRole(await this.registrations.requireOwn(event.id, principal.registrationId), session);
    }
    return null;
  }
}

/** A confirmed registration attends every session of its event but the breaks. */
function attendeeRole(registration: Registration, session: SessionView): SessionRole | null {
  return registration.status === 'confirmed' && session.type !== 'break' ? 'attendee' : null;
}
