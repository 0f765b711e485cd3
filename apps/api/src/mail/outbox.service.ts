import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxMail } from './outbox-mail.entity';
import { MailSender } from './mail-sender';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** for the record and erasure */
  eventId?: string;
  /** Extra headers, from MAIL_HEADERS only (List-Unsubscribe on reminders). */
  headers?: Partial<Record<MailHeader, string>>;
}

/** The headers a feature may add to a mail; anything else is the transport's business. */
export const MAIL_HEADERS = ['List-Unsubscribe'] as const;
export type MailHeader = (typeof MAIL_HEADERS)[number];

/**
 * The only way Amphi sends e-mail. A feature writes the mail into the outbox inside the
 * transaction that decides it (a registration, a cancellation): the mail exists if and only if
 * that transaction commits. The sender (MailSender) delivers it afterwards and retries until
 * the mail server takes it.
 *
 *   await dataSource.transaction(async (manager) => {
 *     ... the registration ...
 *     await outbox.enqueue(manager, { to, ...renderMail('registration_confirmed', lang, params), eventId });
 *   });
 *   outbox.kick();
 */
@Injectable()
export class OutboxService {
  constructor(private readonly sender: MailSender) {}

  /** Writes the mail into the outbox table inside the caller's transaction: it is sent only if that transaction commits. */
  async enqueue(manager: EntityManager, mail: OutgoingMail): Promise<void> {
    await this.enqueueAll(manager, [mail]);
  }

  /** Several mails in one statement (a batch of registrations), same guarantees. */
  async enqueueAll(manager: EntityManager, mails: OutgoingMail[]): Promise<void> {
    if (mails.length === 0) return;
    const rows = mails.map((mail) => {
      const to = mail.to.trim();
      // Addresses are validated where people type them; this guards the headers against a caller's mistake.
      if (!/^[^\s@]+@[^\s@]+$/.test(to)) throw new Error('OutboxService.enqueue: not an e-mail address');
      if (/[\r\n]/.test(mail.subject)) throw new Error('OutboxService.enqueue: a subject is one line');
      const headers = Object.entries(mail.headers ?? {});
      for (const [name, value] of headers)
        if (!(MAIL_HEADERS as readonly string[]).includes(name) || /[\r\n]/.test(value ?? '')) throw new Error(`OutboxService.enqueue: header ${name} not allowed or not one line`);
      return { toAddress: to, subject: mail.subject, textBody: mail.text, htmlBody: mail.html ?? null, eventId: mail.eventId ?? null, headers: headers.length ? mail.headers! : null };
    });
    await manager.insert(OutboxMail, rows);
  }

  /** Asks the sender to look at the outbox now (call after commit); sending stays asynchronous. */
  kick(): void {
    this.sender.wake();
  }

  /**
   * Erasure of one person: removes the mails to `address` (case-insensitive), sent or not, so that
   * neither their address nor a pending personal link stays in the outbox. Pass `eventId` to limit
   * it to the mails about one event (a person may be registered for others).
   */
  async forgetRecipient(manager: EntityManager, address: string, eventId?: string): Promise<number> {
    const result = await manager
      .createQueryBuilder()
      .delete()
      .from(OutboxMail)
      .where('lower(to_address) = lower(:address)', { address: address.trim() })
      .andWhere(eventId ? 'event_id = :eventId' : 'TRUE', { eventId })
      .execute();
    return result.affected ?? 0;
  }

  /** Erasure of an event's personal data (the retention job): removes every mail about it. */
  async forgetEvent(manager: EntityManager, eventId: string): Promise<number> {
    const result = await manager.delete(OutboxMail, { eventId });
    return result.affected ?? 0;
  }
}
