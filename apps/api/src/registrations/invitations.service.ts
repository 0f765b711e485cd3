import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { pickText, type InvitationsResult } from '@amphi/contracts';
import type { Event } from '../events/event.entity';
import { PeopleService } from '../people/people.service';
import { SessionsService } from '../programme/sessions.service';
import { PersonalLinksService } from '../access/personal-links.service';
import { OutboxService } from '../mail/outbox.service';
import { renderMail } from '../mail/mail-templates';
import { ValidationFailed } from '../common/domain-errors';
import { describeEventDates } from './registrations.service';

/** Chairs, speakers and panelists get a personal link that gives them their role in their own sessions only. */
@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly people: PeopleService,
    private readonly sessions: SessionsService,
    private readonly links: PersonalLinksService,
    private readonly outbox: OutboxService,
  ) {}

  async invite(event: Event, personIds?: string[]): Promise<InvitationsResult> {
    const everyone = await this.people.list(event.id);
    if (personIds) await this.people.requireAllInEvent(event.id, personIds.map((personId, i) => ({ field: `personIds.${i}`, personId })));
    const chosen = personIds ? everyone.filter((p) => personIds.includes(p.id)) : everyone;
    const result: InvitationsResult = { invited: [], skipped: [] };
    const language = event.mainLanguage;
    await this.dataSource.transaction(async (manager) => {
      for (const person of chosen) {
        const roles = [...new Set((await this.sessions.listForPerson(event, person.id)).flatMap((s) => s.roles))];
        if (roles.length === 0) {
          if (personIds) result.skipped.push({ personId: person.id, name: person.name, reason: 'has no role in the programme' });
          continue;
        }
        if (!person.email) {
          result.skipped.push({ personId: person.id, name: person.name, reason: 'has no e-mail address' });
          continue;
        }
        const { url } = await this.links.issue(manager, { eventId: event.id, personId: person.id });
        const mail = renderMail('invitation', language, {
          name: person.name,
          eventTitle: pickText(event.title, language, event.mainLanguage) ?? event.slug,
          eventDates: describeEventDates(event, language),
          link: url,
          roles,
        });
        await this.outbox.enqueue(manager, { to: person.email, eventId: event.id, ...mail });
        result.invited.push({ personId: person.id, name: person.name, roles });
      }
    });
    if (personIds && result.invited.length === 0 && result.skipped.length === 0) throw ValidationFailed.rule('personIds', 'nobody_to_invite');
    this.outbox.kick();
    return result;
  }
}
