import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  FieldIssueCode,
  LANGUAGES,
  type Language,
  type OrganiserMessageDraft,
  type OrganiserMessagePreview,
  type OrganiserMessageView,
  type RenderedMailView,
  type SendOrganiserMessageInput,
} from '@amphi/contracts';
import type { Event } from '../events/event.entity';
import { EventsService } from '../events/events.service';
import { PersonalLinksService } from '../access/personal-links.service';
import { OutboxService, type OutgoingMail } from '../mail/outbox.service';
import { renderMail } from '../mail/mail-templates';
import { describeEventDates } from '../registrations/registrations.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { ValidationFailed } from '../common/domain-errors';
import { OrganiserMessage } from './messages.entities';
import { BATCH_SIZE, paragraphsOf, textFor } from './message-mails';

interface MessageRecipient {
  id: string;
  email: string;
  name: string;
  language: Language;
  arrival: string;
}

/** The registrations a message goes to, as SQL over `registration r` ($1 the event, $2 the category). */
const AUDIENCE_SQL = {
  registered: `r.event_id = $1 AND r.status = 'confirmed' AND r.erased_at IS NULL`,
  category: `r.event_id = $1 AND r.status = 'confirmed' AND r.erased_at IS NULL AND r.category = $2`,
  waitlist: `r.event_id = $1 AND r.status = 'waitlisted' AND r.erased_at IS NULL`,
} as const;

/** Batches written while the organiser's request waits (1,000 recipients); the rest goes on after the answer. */
const BATCHES_IN_REQUEST = 5;

/** Messages listed at most (newest first). */
const LIST_LIMIT = 100;

/**
 * Messages from the organiser to the registrants with a seat, to one category of them, or to the
 * waiting list: previewed as one recipient will read it, then sent once per idempotency key (a
 * double click, a retried request). Sending writes the mails to the outbox in batches, each in its
 * own transaction, following the registrations' arrival order (the message keeps its cursor): a
 * process that stops mid-way leaves the rest to the scheduler, nobody is mailed twice.
 */
@Injectable()
export class OrganiserMessagesService {
  private readonly logger = new Logger('Messages');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly links: PersonalLinksService,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async preview(event: Event, draft: OrganiserMessageDraft): Promise<OrganiserMessagePreview> {
    const category = this.checkAudience(event, draft);
    const where = AUDIENCE_SQL[draft.audience];
    const counts: Array<{ language: Language; count: string }> = await this.dataSource.query(
      `SELECT r.language, count(*) AS count FROM registration r WHERE ${where} GROUP BY r.language`,
      draft.audience === 'category' ? [event.id, category] : [event.id],
    );
    const languages = Object.fromEntries(LANGUAGES.map((l) => [l, Number(counts.find((c) => c.language === l)?.count ?? 0)])) as Record<Language, number>;
    const [first]: MessageRecipient[] = await this.dataSource.query(
      `SELECT r.id, r.email, r.name, r.language, r.arrival FROM registration r WHERE ${where} ORDER BY r.arrival LIMIT 1`,
      draft.audience === 'category' ? [event.id, category] : [event.id],
    );
    const language = first?.language ?? event.mainLanguage;
    // The organiser sees where the personal link goes, not the recipient's link itself (it opens their space).
    const rendered = this.render(event, draft, language, first?.name ?? (language === 'fr' ? 'Camille Martin' : 'Alex Smith'), `${this.config.publicUrl}/me#…`);
    const sample: RenderedMailView = { language, recipientName: first?.name ?? '', ...rendered };
    return { recipientCount: languages.fr + languages.en, languages, sample };
  }

  /** Records the message (once per idempotency key) and writes its mails to the outbox. */
  async send(event: Event, organiserId: string, input: SendOrganiserMessageInput): Promise<OrganiserMessageView> {
    const category = this.checkAudience(event, input);
    const existing = await this.dataSource.getRepository(OrganiserMessage).findOneBy({ eventId: event.id, idempotencyKey: input.idempotencyKey });
    if (existing) return this.toView(existing);
    const params = input.audience === 'category' ? [event.id, category] : [event.id];
    const [{ count }]: Array<{ count: string }> = await this.dataSource.query(`SELECT count(*) AS count FROM registration r WHERE ${AUDIENCE_SQL[input.audience]}`, params);
    if (Number(count) === 0) throw ValidationFailed.rule('audience', 'no_recipients');
    const [inserted]: Array<{ id: string }> = await this.dataSource.query(
      `INSERT INTO organiser_message (event_id, idempotency_key, audience, category, subject, body, recipient_count, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (event_id, idempotency_key) DO NOTHING RETURNING id`,
      [event.id, input.idempotencyKey, input.audience, category ?? null, JSON.stringify(input.subject), JSON.stringify(input.body), Number(count), organiserId],
    );
    // Another request with the same key got there first: it sends; this one answers the same message.
    if (inserted) {
      const { done } = await this.pump(inserted.id, BATCHES_IN_REQUEST);
      // A long list goes on after the answer (the page polls the count); should this process stop, the scheduler finishes it.
      if (!done) void this.pump(inserted.id).catch((error: Error) => this.logger.warn(`Message ${inserted.id}: sending interrupted (${error.message}); the scheduler resumes it.`));
    }
    const message = await this.dataSource.getRepository(OrganiserMessage).findOneByOrFail({ eventId: event.id, idempotencyKey: input.idempotencyKey });
    return this.toView(message);
  }

  async list(event: Event): Promise<OrganiserMessageView[]> {
    const messages = await this.dataSource.getRepository(OrganiserMessage).find({ where: { eventId: event.id }, order: { createdAt: 'DESC' }, take: LIST_LIMIT });
    return messages.map((m) => this.toView(m));
  }

  /** Finishes the messages still being sent (a process stopped mid-way); the scheduler calls it. */
  async sendPending(): Promise<number> {
    const pending = await this.dataSource.getRepository(OrganiserMessage).find({ where: { status: 'sending' }, order: { createdAt: 'ASC' }, take: 20, select: { id: true } });
    let mails = 0;
    for (const { id } of pending) mails += (await this.pump(id)).count;
    return mails;
  }

  /**
   * Writes the message's mails batch by batch, at most `maxBatches`; another process already at it
   * makes this one step aside. `done`: nothing left for this call to do.
   */
  private async pump(messageId: string, maxBatches = Infinity): Promise<{ count: number; done: boolean }> {
    let total = 0;
    let done = false;
    for (let batches = 0; batches < maxBatches; batches++) {
      const batch = await this.dataSource.transaction(async (manager) => {
        const message = await manager
          .getRepository(OrganiserMessage)
          .createQueryBuilder('m')
          .where('m.id = :id AND m.status = :status', { id: messageId, status: 'sending' })
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .getOne();
        if (!message) return null;
        const event = await this.events.requireById(message.eventId);
        const recipients: MessageRecipient[] = await manager.query(
          `SELECT r.id, r.email, r.name, r.language, r.arrival FROM registration r WHERE ${AUDIENCE_SQL[message.audience]} AND r.arrival > ${message.audience === 'category' ? '$3' : '$2'} ORDER BY r.arrival LIMIT ${BATCH_SIZE}`,
          message.audience === 'category' ? [event.id, message.category, message.cursor] : [event.id, message.cursor],
        );
        await this.enqueue(manager, event, message, recipients);
        const done = recipients.length < BATCH_SIZE;
        await manager.update(
          OrganiserMessage,
          { id: message.id },
          {
            cursor: recipients.length ? Number(recipients[recipients.length - 1].arrival) : message.cursor,
            queuedCount: message.queuedCount + recipients.length,
            ...(done ? { status: 'sent' as const } : {}),
          },
        );
        return { count: recipients.length, done };
      });
      if (!batch || batch.done) done = true;
      if (!batch) break;
      total += batch.count;
      if (batch.count) this.outbox.kick();
      if (batch.done) break;
    }
    if (total) this.logger.log(`Message ${messageId}: ${total} mail(s) written to the outbox.`);
    return { count: total, done };
  }

  private async enqueue(manager: EntityManager, event: Event, message: OrganiserMessage, recipients: MessageRecipient[]): Promise<void> {
    if (recipients.length === 0) return;
    const urls = await this.links.workingUrls(manager, { registrationIds: recipients.map((r) => r.id) });
    const mails: OutgoingMail[] = recipients.map((r) => ({ to: r.email, eventId: event.id, ...this.render(event, message, r.language, r.name, urls.get(r.id) ?? '') }));
    await this.outbox.enqueueAll(manager, mails);
  }

  private render(event: Event, message: Pick<OrganiserMessageDraft, 'subject' | 'body'>, language: Language, name: string, link: string) {
    return renderMail('organiser_message', language, {
      name,
      eventTitle: textFor(event.title, language, event) || event.slug,
      eventDates: describeEventDates(event, language),
      link,
      custom: { subject: textFor(message.subject, language, event), paragraphs: paragraphsOf(textFor(message.body, language, event)) },
    });
  }

  /** The category, when the audience is one; 422 on the field when it is missing or not the event's. */
  private checkAudience(event: Event, draft: OrganiserMessageDraft): string | undefined {
    if (draft.audience !== 'category') return undefined;
    const keys = event.registrationCategories.map((c) => c.key);
    if (!keys.length) throw ValidationFailed.rule('category', 'no_categories');
    if (!draft.category) throw ValidationFailed.rule('category', 'category_required');
    if (!keys.includes(draft.category)) throw new ValidationFailed([{ path: ['category'], code: FieldIssueCode.InvalidOption, params: { options: keys } }]);
    return draft.category;
  }

  private toView(m: OrganiserMessage): OrganiserMessageView {
    return {
      id: m.id,
      audience: m.audience,
      category: m.category,
      subject: m.subject,
      recipientCount: m.recipientCount,
      queuedCount: m.queuedCount,
      status: m.status,
      createdAt: m.createdAt.toISOString(),
    };
  }
}
