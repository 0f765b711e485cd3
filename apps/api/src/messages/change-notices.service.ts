import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Language } from '@amphi/contracts';
import { DomainEvents, type DomainEventMap } from '../domain-events/domain-events';
import { EventsService } from '../events/events.service';
import type { Event } from '../events/event.entity';
import { PersonalLinksService } from '../access/personal-links.service';
import { OutboxService, type OutgoingMail } from '../mail/outbox.service';
import { renderMail } from '../mail/mail-templates';
import { describeEventDates } from '../registrations/registrations.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Clock } from '../common/clock';
import { SessionChange } from './messages.entities';
import { BATCH_SIZE, describeSlot, textFor } from './message-mails';

interface Recipient {
  key: string;
  email: string;
  name: string;
  language: Language;
  invited: boolean;
}

/** Changes handled per pass; each is one transaction. */
const CHANGES_PER_PASS = 20;

/**
 * Change notices: when an organiser moves or deletes a session of a published event, its
 * registrants (those who can join it), chairs, speakers and panelists are told, in their language,
 * old and new time in the event's zone. Edits are coalesced: the first records the session's state
 * before it and the notice waits CHANGE_NOTICE_DELAY_SECONDS after the last edit, then says the final
 * state; a session put back where it was gets no notice. Change notices are service messages: the
 * opt-out from reminders does not stop them.
 */
@Injectable()
export class ChangeNoticesService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly domainEvents: DomainEvents,
    private readonly events: EventsService,
    private readonly links: PersonalLinksService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.domainEvents.on('session.moved', (moved) => this.record(moved));
  }

  /**
   * Records a move (after the programme's commit). The first pending change of a session keeps its
   * original slot; later ones push the notice back and add the people they name. Drafts are
   * nobody's business yet: nothing is recorded for an event that is not published.
   */
  async record(moved: DomainEventMap['session.moved']): Promise<void> {
    const dueAt = new Date(this.clock.now().getTime() + this.config.messages.changeNoticeDelaySeconds * 1000);
    await this.dataSource.query(
      `INSERT INTO session_change (event_id, session_id, session_type, title, original_starts_at, original_ends_at, original_stage, people, cancelled, due_at)
       SELECT e.id, $2, $3, $4, $5, $6, $7, $8::uuid[], $9, $10 FROM event e WHERE e.id = $1 AND e.status = 'published'
       ON CONFLICT (session_id) WHERE processed_at IS NULL DO UPDATE
         SET due_at = EXCLUDED.due_at, title = EXCLUDED.title, session_type = EXCLUDED.session_type, cancelled = EXCLUDED.cancelled,
             people = ARRAY(SELECT DISTINCT p FROM unnest(session_change.people || EXCLUDED.people) AS p)`,
      [moved.eventId, moved.sessionId, moved.type, JSON.stringify(moved.title), moved.before.startsAt, moved.before.endsAt, moved.before.stage, moved.people, moved.after === null, dueAt],
    );
  }

  /** Sends the notices due at `now`; answers how many mails were written. */
  async sendDue(now: Date): Promise<number> {
    let mails = 0;
    for (;;) {
      const pass = await this.dataSource.transaction(async (manager) => {
        const changes = await manager
          .getRepository(SessionChange)
          .createQueryBuilder('c')
          .where('c.processed_at IS NULL AND c.due_at <= :now', { now })
          .orderBy('c.due_at')
          .limit(CHANGES_PER_PASS)
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .getMany();
        let written = 0;
        for (const change of changes) written += await this.announce(manager, change, now);
        return { changes: changes.length, written };
      });
      mails += pass.written;
      if (pass.changes < CHANGES_PER_PASS) break;
    }
    if (mails) this.outbox.kick();
    return mails;
  }

  /** One change: the notice to everyone concerned (or none), and the change marked processed, in the caller's transaction. */
  private async announce(manager: EntityManager, change: SessionChange, now: Date): Promise<number> {
    await manager.update(SessionChange, { id: change.id }, { processedAt: now });
    const [current] = (await manager.query(`SELECT starts_at, ends_at, stage FROM session WHERE id = $1`, [change.sessionId])) as Array<{ starts_at: Date; ends_at: Date; stage: string }>;
    const before = { startsAt: change.originalStartsAt, endsAt: change.originalEndsAt, stage: change.originalStage };
    const after = current ? { startsAt: current.starts_at, endsAt: current.ends_at, stage: current.stage } : null;
    if (after && after.startsAt.getTime() === before.startsAt.getTime() && after.endsAt.getTime() === before.endsAt.getTime() && after.stage === before.stage) return 0; // put back where it was
    // Over, wherever it was: nobody needs to hear of it any more.
    if (Math.max(before.endsAt.getTime(), after?.endsAt.getTime() ?? 0) <= now.getTime()) return 0;
    const event = await this.events.requireById(change.eventId);
    if (event.status !== 'published') return 0;

    let written = 0;
    // Someone both registered and in the programme (same address) gets one notice.
    const seen = new Set<string>();
    // Registrants with a seat can join every session but the breaks (the session-access rule); then the people of the programme.
    let lastArrival = 0;
    for (;;) {
      const registrants: Array<{ id: string; email: string; name: string; language: Language; arrival: string }> =
        change.sessionType === 'break'
          ? []
          : await manager.query(
              `SELECT id, email, name, language, arrival FROM registration WHERE event_id = $1 AND status = 'confirmed' AND erased_at IS NULL AND arrival > $2 ORDER BY arrival LIMIT $3`,
              [event.id, lastArrival, BATCH_SIZE],
            );
      if (registrants.length === 0) break;
      lastArrival = Number(registrants[registrants.length - 1].arrival);
      written += await this.mail(manager, event, change, before, after, registrants.map((r) => ({ key: r.id, email: r.email, name: r.name, language: r.language, invited: false })), seen);
      if (registrants.length < BATCH_SIZE) break;
    }
    if (change.people.length) {
      // A person has no language of their own: the event's main language.
      const people: Array<{ id: string; email: string; name: string }> = await manager.query(
        `SELECT id, email, name FROM person WHERE event_id = $1 AND id = ANY($2::uuid[]) AND email IS NOT NULL`,
        [event.id, change.people],
      );
      written += await this.mail(manager, event, change, before, after, people.map((p) => ({ key: p.id, email: p.email, name: p.name, language: event.mainLanguage, invited: true })), seen);
    }
    return written;
  }

  private async mail(
    manager: EntityManager,
    event: Event,
    change: SessionChange,
    before: { startsAt: Date; stage: string },
    after: { startsAt: Date; stage: string } | null,
    all: Recipient[],
    seen: Set<string>,
  ): Promise<number> {
    const recipients = all.filter((r) => {
      const address = r.email.trim().toLowerCase();
      if (seen.has(address)) return false;
      seen.add(address);
      return true;
    });
    if (recipients.length === 0) return 0;
    const urls = await this.links.workingUrls(manager, {
      registrationIds: recipients.filter((r) => !r.invited).map((r) => r.key),
      personIds: recipients.filter((r) => r.invited).map((r) => r.key),
    });
    const mails: OutgoingMail[] = recipients.map((r) => {
      const params = {
        name: r.name,
        eventTitle: textFor(event.title, r.language, event) || event.slug,
        eventDates: describeEventDates(event, r.language),
        // Without a working link (a person not invited yet), the notice goes without one.
        link: urls.get(r.key) ?? '',
        sessionTitle: textFor(change.title, r.language, event),
        previousTime: describeSlot(before, event, r.language),
        newTime: after ? describeSlot(after, event, r.language) : undefined,
        invited: r.invited,
      };
      return { to: r.email, eventId: event.id, ...renderMail(after ? 'session_changed' : 'session_cancelled', r.language, params) };
    });
    await this.outbox.enqueueAll(manager, mails);
    return mails.length;
  }
}
