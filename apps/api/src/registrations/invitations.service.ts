import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ErrorCode, pickText, type InvitationStatusView, type InvitationsResult, type ResendInvitationResult, type SessionView } from '@amphi/contracts';
import type { Event } from '../events/event.entity';
import type { Person } from '../people/person.entity';
import { PeopleService } from '../people/people.service';
import { SessionsService } from '../programme/sessions.service';
import { PersonalLinksService } from '../access/personal-links.service';
import { OutboxService } from '../mail/outbox.service';
import { renderMail } from '../mail/mail-templates';
import { RecordingsService } from '../recordings/recordings.service';
import { toZonedIso } from '../programme/zoned-time';
import { Conflict, ValidationFailed } from '../common/domain-errors';
import { describeEventDates } from './registrations.service';

/** Each person's roles in the programme, read once from the sessions (not one query per person). */
function rolesInProgramme(programme: SessionView[]): Map<string, string[]> {
  const roles = new Map<string, Set<string>>();
  const add = (personId: string, role: string) => roles.set(personId, (roles.get(personId) ?? new Set()).add(role));
  for (const s of programme) {
    s.chairs.forEach((p) => add(p.id, 'chair'));
    s.talks.forEach((t) => t.speakers.forEach((p) => add(p.id, 'speaker')));
    s.panelists.forEach((p) => add(p.id, 'panelist'));
  }
  return new Map([...roles].map(([id, set]) => [id, [...set]]));
}

/**
 * Chairs, speakers and panelists get a personal link that gives them their role in their own
 * sessions only. A link in use is never retired behind the organiser's back: "Send invitations"
 * mails only those without a working link, and "Send again" mails the same link; a new link (which
 * stops the old one) is made only when the organiser asks for it explicitly.
 */
@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly people: PeopleService,
    private readonly sessions: SessionsService,
    private readonly links: PersonalLinksService,
    private readonly outbox: OutboxService,
    private readonly recordings: RecordingsService,
  ) {}

  /** Mails a first link to the people of the programme (or those named) who have none working yet. */
  async invite(event: Event, personIds?: string[]): Promise<InvitationsResult> {
    const everyone = await this.people.list(event.id);
    if (personIds) await this.people.requireAllInEvent(event.id, personIds.map((personId, i) => ({ field: `personIds.${i}`, personId })));
    const chosen = personIds ? everyone.filter((p) => personIds.includes(p.id)) : everyone;
    const roles = rolesInProgramme(await this.sessions.list(event));
    const result: InvitationsResult = { invited: [], skipped: [] };
    await this.dataSource.transaction(async (manager) => {
      // Two "Send invitations" at once: the second waits here, then sees the links the first made
      // (the unique index on working links backs this).
      await this.lockInvitations(manager, event.id);
      const invitedAlready = new Set((await this.links.workingForPeople(manager, event.id)).map((l) => l.personId));
      for (const person of chosen) {
        const theirRoles = roles.get(person.id) ?? [];
        if (theirRoles.length === 0) {
          if (personIds) result.skipped.push({ personId: person.id, name: person.name, reason: 'no_role' });
          continue;
        }
        if (invitedAlready.has(person.id)) {
          result.skipped.push({ personId: person.id, name: person.name, reason: 'already_invited' });
          continue;
        }
        if (!person.email) {
          result.skipped.push({ personId: person.id, name: person.name, reason: 'no_email' });
          continue;
        }
        const { url } = await this.links.issue(manager, { eventId: event.id, personId: person.id });
        await this.mail(manager, event, person, url, theirRoles);
        result.invited.push({ personId: person.id, name: person.name, roles: theirRoles });
      }
    });
    if (personIds && result.invited.length === 0 && result.skipped.length === 0) throw ValidationFailed.rule('personIds', 'nobody_to_invite');
    this.outbox.kick();
    return result;
  }

  /** "Send again" to one person: their current link if it works, a first one if they have none, a new one only if asked. */
  async resend(event: Event, personId: string, replaceLink: boolean): Promise<ResendInvitationResult> {
    const person = await this.people.get(event.id, personId);
    const theirRoles = rolesInProgramme(await this.sessions.list(event)).get(person.id) ?? [];
    if (theirRoles.length === 0) throw new Conflict(ErrorCode.PersonNotInvitable, { personId: person.id, personName: person.name, reason: 'no_role' });
    if (!person.email) throw new Conflict(ErrorCode.PersonNotInvitable, { personId: person.id, personName: person.name, reason: 'no_email' });
    const outcome = await this.dataSource.transaction(async (manager) => {
      await this.lockInvitations(manager, event.id);
      const working = await this.links.workingForPerson(manager, person.id);
      const again = working && !replaceLink ? this.links.urlAgain(working) : null;
      if (working && !replaceLink && !again) throw new Conflict(ErrorCode.InvitationLinkNotResendable, { personId: person.id, personName: person.name });
      // issue() retires the working link, if any: only reached without one, or when the organiser confirmed.
      const url = again ?? (await this.links.issue(manager, { eventId: event.id, personId: person.id })).url;
      await this.mail(manager, event, person, url, theirRoles, working !== null && again === null);
      return again ? 'resent' : working ? 'replaced' : 'sent';
    });
    this.outbox.kick();
    return { personId: person.id, name: person.name, outcome };
  }

  /** Each person of the event: invited or not, when, whether the link was opened, and their recording consents. */
  async statuses(event: Event): Promise<InvitationStatusView[]> {
    const [everyone, programme, links, consents] = await Promise.all([
      this.people.list(event.id),
      this.sessions.list(event),
      this.links.workingForPeople(this.dataSource.manager, event.id),
      this.recordings.consentSummary(event),
    ]);
    const roles = rolesInProgramme(programme);
    const linkOf = new Map(links.map((l) => [l.personId, l]));
    const zoned = (d: Date | null) => (d ? toZonedIso(d, event.timeZone) : null);
    return everyone.map((person) => {
      const link = linkOf.get(person.id);
      return {
        personId: person.id,
        state: !link ? 'not_invited' : link.openedAt ? 'opened' : 'invited',
        invitedAt: zoned(link?.createdAt ?? null),
        openedAt: zoned(link?.openedAt ?? null),
        hasEmail: Boolean(person.email),
        hasRole: (roles.get(person.id) ?? []).length > 0,
        recordingConsent: consents.get(person.id) ?? null,
      };
    });
  }

  /** Serialises the invitations of one event (sending to all, sending again) within the caller's transaction. */
  private async lockInvitations(manager: EntityManager, eventId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('invitations:' || $1))`, [eventId]);
  }

  private async mail(manager: EntityManager, event: Event, person: Person, link: string, roles: string[], replacesEarlierLink = false): Promise<void> {
    const language = event.mainLanguage;
    const mail = renderMail('invitation', language, {
      name: person.name,
      eventTitle: pickText(event.title, language, event.mainLanguage) ?? event.slug,
      eventDates: describeEventDates(event, language),
      link,
      roles,
      replacesEarlierLink,
    });
    await this.outbox.enqueue(manager, { to: person.email!, eventId: event.id, ...mail });
  }
}
