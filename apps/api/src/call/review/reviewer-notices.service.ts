import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { Language } from '@amphi/contracts';
import { PersonalLinksService } from '../../access/personal-links.service';
import { DueJobs } from '../../common/due-jobs';
import { Event } from '../../events/event.entity';
import { OutboxService, type OutgoingMail } from '../../mail/outbox.service';
import { renderMail } from '../../mail/mail-templates';
import { describeWhen, textFor, BATCH_SIZE } from '../../messages/message-mails';
import { describeEventDates } from '../../registrations/registrations.service';
import { Person } from '../../people/person.entity';
import { CallReviewer, ReviewAssignment, type CallForProposals } from '../call.entities';

/** How long before the review deadline reviewers with reviews still to do are reminded. */
export const REVIEW_REMINDER_DAYS = 3;

const looksLikeAddress = (email: string | null): email is string => !!email && /^[^\s@]+@[^\s@]+$/.test(email.trim());

/**
 * What reviewers are told (Indico#1457, #6159: they never were): one mail per reviewer when they get
 * new assignments, with their personal link, and one reminder before the review deadline while
 * reviews are still to do. Reviewers have no language of their own (a person has none): their mails
 * are in the event's main language.
 */
@Injectable()
export class ReviewerNoticesService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly links: PersonalLinksService,
    private readonly outbox: OutboxService,
    private readonly dueJobs: DueJobs,
  ) {}

  onModuleInit(): void {
    this.dueJobs.register('reviewReminders', (now) => this.sendDueReminders(now));
  }

  /** The reviewer's personal link, as the same link again when they have a working one (a chair's or a speaker's link is never replaced), else a new one. */
  private async linksFor(manager: EntityManager, event: Event, personIds: string[]): Promise<Map<string, string>> {
    const urls = await this.links.workingUrls(manager, { personIds });
    for (const personId of personIds) {
      if (urls.has(personId)) continue;
      // A working link that cannot be made again (made before links were derived): leave it alone, the mail goes without a link.
      if (await this.links.workingForPerson(manager, personId)) continue;
      urls.set(personId, (await this.links.issue(manager, { eventId: event.id, personId })).url);
    }
    return urls;
  }

  /**
   * Inside the transaction that made the assignments: one mail `call_reviewer_assigned` to each
   * reviewer with new assignments (their count, the deadline), assignments and reviewers marked as
   * notified. Reviewers without an e-mail address are answered, not mailed. Call outbox.kick() after commit.
   */
  async notifyAssigned(
    manager: EntityManager,
    event: Event,
    call: CallForProposals,
    added: Array<{ proposalId: string; personId: string }>,
    people: Map<string, Pick<Person, 'id' | 'name' | 'email'>>,
    now: Date,
  ): Promise<{ notified: number; withoutEmail: Array<{ personId: string; name: string }> }> {
    const byPerson = new Map<string, string[]>();
    for (const a of added) byPerson.set(a.personId, [...(byPerson.get(a.personId) ?? []), a.proposalId]);
    if (byPerson.size === 0) return { notified: 0, withoutEmail: [] };
    const personIds = [...byPerson.keys()];
    const withoutEmail = personIds.filter((id) => !looksLikeAddress(people.get(id)?.email ?? null)).map((id) => ({ personId: id, name: people.get(id)?.name ?? '' }));
    const reachable = personIds.filter((id) => looksLikeAddress(people.get(id)?.email ?? null));
    const urls = await this.linksFor(manager, event, reachable);
    const language: Language = event.mainLanguage;
    const mails: OutgoingMail[] = reachable.map((personId) => {
      const person = people.get(personId)!;
      return {
        to: person.email!.trim(),
        eventId: event.id,
        ...renderMail('call_reviewer_assigned', language, {
          name: person.name,
          eventTitle: textFor(event.title, language, event) || event.slug,
          eventDates: describeEventDates(event, language),
          link: urls.get(personId) ?? '',
          count: byPerson.get(personId)!.length,
          deadline: call.reviewDeadline ? describeWhen(call.reviewDeadline, event, language) : undefined,
        }),
      };
    });
    await this.outbox.enqueueAll(manager, mails);
    if (reachable.length) {
      for (const personId of reachable)
        await manager.getRepository(ReviewAssignment).update({ eventId: event.id, personId, submissionId: In(byPerson.get(personId)!) }, { notifiedAt: now });
      await manager
        .createQueryBuilder()
        .insert()
        .into(CallReviewer)
        .values(reachable.map((personId) => ({ eventId: event.id, personId, notifiedAt: now })))
        .orUpdate(['notified_at'], ['event_id', 'person_id'])
        .execute();
    }
    return { notified: reachable.length, withoutEmail };
  }

  /**
   * The reminders due at `now`: from REVIEW_REMINDER_DAYS before the review deadline until it, once
   * per reviewer (and per deadline: one moved later may remind again) with reviews still to do. The
   * reviewer's row is claimed by a conditional UPDATE in the transaction that writes the mail, so
   * two processes never send one twice.
   */
  async sendDueReminders(now: Date): Promise<number> {
    let sent = 0;
    for (;;) {
      const { claimed, mailed } = await this.dataSource.transaction((manager) => this.remindBatch(manager, now));
      sent += mailed;
      if (claimed < BATCH_SIZE) break;
    }
    if (sent) this.outbox.kick();
    return sent;
  }

  private async remindBatch(manager: EntityManager, now: Date): Promise<{ claimed: number; mailed: number }> {
    const rows: Array<{ event_id: string; person_id: string; pending: number; deadline: Date }> = await manager.query(
      `WITH due AS (
         SELECT cr.event_id, cr.person_id, c.review_deadline
           FROM call_reviewer cr
           JOIN call_for_proposals c ON c.event_id = cr.event_id
           JOIN event e ON e.id = c.event_id AND e.personal_data_erased_at IS NULL
          WHERE c.review_deadline IS NOT NULL
            AND $1::timestamptz >= c.review_deadline - make_interval(days => $2) AND $1::timestamptz < c.review_deadline
            AND (cr.reminded_at IS NULL OR cr.reminded_at < c.review_deadline - make_interval(days => $2))
            AND EXISTS (SELECT 1 FROM committee_member m WHERE m.event_id = cr.event_id AND m.committee = 'scientific' AND m.person_id = cr.person_id)
            AND EXISTS (SELECT 1 FROM review_assignment a JOIN submission s ON s.id = a.submission_id AND s.status = 'submitted' AND s.decision_sent_at IS NULL
                         LEFT JOIN review r ON r.submission_id = a.submission_id AND r.person_id = a.person_id
                         WHERE a.event_id = cr.event_id AND a.person_id = cr.person_id AND r.submitted_at IS NULL)
          ORDER BY cr.event_id, cr.person_id
          LIMIT $3
          FOR UPDATE OF cr SKIP LOCKED
       ), claimed AS (
         UPDATE call_reviewer cr SET reminded_at = $1 FROM due
          WHERE cr.event_id = due.event_id AND cr.person_id = due.person_id
            AND (cr.reminded_at IS NULL OR cr.reminded_at < due.review_deadline - make_interval(days => $2))
         RETURNING cr.event_id, cr.person_id, due.review_deadline
       )
       SELECT c.event_id, c.person_id, c.review_deadline AS deadline,
              (SELECT count(*)::int FROM review_assignment a JOIN submission s ON s.id = a.submission_id AND s.status = 'submitted' AND s.decision_sent_at IS NULL
                 LEFT JOIN review r ON r.submission_id = a.submission_id AND r.person_id = a.person_id
                WHERE a.event_id = c.event_id AND a.person_id = c.person_id AND r.submitted_at IS NULL) AS pending
         FROM claimed c`,
      [now, REVIEW_REMINDER_DAYS, BATCH_SIZE],
    );
    if (rows.length === 0) return { claimed: 0, mailed: 0 };
    const events = new Map((await manager.getRepository(Event).findBy({ id: In([...new Set(rows.map((r) => r.event_id))]) })).map((e) => [e.id, e]));
    const personOf = new Map((await manager.getRepository(Person).findBy({ id: In(rows.map((r) => r.person_id)) })).map((p) => [p.id, p]));
    const reachable = rows.filter((r) => looksLikeAddress(personOf.get(r.person_id)?.email ?? null) && events.has(r.event_id));
    const mails: OutgoingMail[] = [];
    for (const r of reachable) {
      const event = events.get(r.event_id)!;
      const person = personOf.get(r.person_id)!;
      const url = (await this.linksFor(manager, event, [person.id])).get(person.id) ?? '';
      const language: Language = event.mainLanguage;
      mails.push({
        to: person.email!.trim(),
        eventId: event.id,
        ...renderMail('call_review_reminder', language, {
          name: person.name,
          eventTitle: textFor(event.title, language, event) || event.slug,
          eventDates: describeEventDates(event, language),
          link: url,
          count: r.pending,
          deadline: describeWhen(new Date(r.deadline), event, language),
        }),
      });
    }
    await this.outbox.enqueueAll(manager, mails);
    return { claimed: rows.length, mailed: mails.length };
  }
}
