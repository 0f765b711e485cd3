import { Injectable } from '@nestjs/common';
import type { SessionRole, SessionView } from '@amphi/contracts';
import type { Principal } from '../accounts/access-token.service';
import { EventsService } from '../events/events.service';
import { SessionsService } from '../programme/sessions.service';
import { RegistrationsService } from './registrations.service';
import type { Event } from '../events/event.entity';
import { Forbidden, NotFound } from '../common/domain-errors';

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
  ) {}

  /** The strongest role in the session, or null. A session of another event does not exist for this principal (404). */
  async roleIn(principal: Principal, sessionId: string): Promise<{ event: Event; session: SessionView; role: SessionRole | null }> {
    if (principal.kind === 'organiser') {
      const session = await this.sessions.findAnywhere(sessionId);
      if (!session || !(await this.events.manages(principal.organiserId, session.eventId))) throw new NotFound('Session');
      const event = await this.events.requireById(session.eventId);
      return { event, session: await this.sessions.get(event, sessionId), role: 'organiser' };
    }
    const event = await this.events.requireById(principal.eventId);
    const session = await this.sessions.get(event, sessionId); // 404 for a session of another event
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
      const registration = await this.registrations.requireOwn(event.id, principal.registrationId);
      return registration.status === 'confirmed' && session.type !== 'break' ? 'attendee' : null;
    }
    return null;
  }
}
