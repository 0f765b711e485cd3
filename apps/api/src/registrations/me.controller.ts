import { Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorCode, type PersonalSpaceView, type RegistrationView, type SessionRole } from '@amphi/contracts';
import { CurrentParticipant, ParticipantAuthGuard } from '../access/participant-auth.guard';
import type { ParticipantPrincipal } from '../accounts/access-token.service';
import { EventsService } from '../events/events.service';
import { SessionsService } from '../programme/sessions.service';
import { PeopleService } from '../people/people.service';
import { RegistrationsService } from './registrations.service';
import { SessionAccessService } from '../session-access/session-access.service';
import { Forbidden } from '../common/domain-errors';
import { CallCoreService } from '../call/call-core.service';

/** The personal space behind a personal link: an attendee's registration, or an invited person's sessions. */
@ApiTags('personal space')
@ApiBearerAuth()
@UseGuards(ParticipantAuthGuard)
@Controller('me')
export class MeController {
  constructor(
    private readonly events: EventsService,
    private readonly sessions: SessionsService,
    private readonly people: PeopleService,
    private readonly registrations: RegistrationsService,
    private readonly access: SessionAccessService,
    private readonly call: CallCoreService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'My registration or invitation, and my role in each session of the programme' })
  async space(@CurrentParticipant() me: ParticipantPrincipal): Promise<PersonalSpaceView> {
    const event = await this.events.requireById(me.eventId);
    const registration = me.registrationId ? await this.registrations.requireOwn(event.id, me.registrationId) : null;
    const person = me.personId ? await this.people.get(event.id, me.personId) : null;
    const submitter = me.submitterId ? await this.call.findSubmitter(event.id, me.submitterId) : null;
    const programme = await this.sessions.list(event);
    const roles = await this.access.rolesInEvent(me, event.id); // one query for the whole programme
    const sessions = programme.map((s) => ({ id: s.id, title: s.title, startsAt: s.startsAt, endsAt: s.endsAt, type: s.type, role: roles.get(s.id) ?? null }));
    return {
      event: { id: event.id, slug: event.slug, title: event.title, mainLanguage: event.mainLanguage, timeZone: event.timeZone, startDate: event.startDate, endDate: event.endDate },
      registration: registration ? this.registrations.toView(registration, await this.registrations.waitlistPosition(registration)) : null,
      person: person ? { id: person.id, name: person.name, affiliation: person.affiliation } : null,
      submitter: submitter ? { id: submitter.id, name: submitter.name } : null,
      reviewer: person ? await this.call.isReviewer(event.id, person.id) : false,
      sessions,
    };
  }

  @Get('sessions/:sessionId')
  @ApiOperation({ summary: 'My role in one session (403 NO_SESSION_ROLE when I have none; 404 for a session of another event)' })
  async session(@CurrentParticipant() me: ParticipantPrincipal, @Param('sessionId') sessionId: string): Promise<{ sessionId: string; role: SessionRole }> {
    const { role } = await this.access.resolve(me, sessionId);
    return { sessionId, role };
  }

  @Post('registration/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel my registration: the seat goes to the next on the waiting list; my link stops working' })
  async cancel(@CurrentParticipant() me: ParticipantPrincipal): Promise<RegistrationView> {
    const event = await this.events.requireById(me.eventId);
    return this.registrations.cancel(event, this.ownRegistration(me), 'person');
  }

  @Get('data')
  @ApiOperation({ summary: 'Everything Amphi keeps about me for this event' })
  async data(@CurrentParticipant() me: ParticipantPrincipal): Promise<{ registration: RegistrationView & { privacyConsentAt: string } }> {
    const registration = await this.registrations.requireOwn(me.eventId, this.ownRegistration(me));
    return {
      registration: { ...this.registrations.toView(registration, await this.registrations.waitlistPosition(registration)), privacyConsentAt: registration.privacyConsentAt.toISOString() },
    };
  }

  @Delete('data')
  @HttpCode(204)
  @ApiOperation({ summary: 'Erase my personal data: my registration is anonymised and cancelled, my link stops working' })
  async erase(@CurrentParticipant() me: ParticipantPrincipal): Promise<void> {
    const event = await this.events.requireById(me.eventId);
    await this.registrations.erase(event, this.ownRegistration(me));
  }

  private ownRegistration(me: ParticipantPrincipal): string {
    if (!me.registrationId) throw new Forbidden(ErrorCode.LinkNotRegistration);
    return me.registrationId;
  }
}
