import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { MAIL_TRANSPORT, SEND_CONCURRENCY, isPermanentFailure, type MailTransport } from './mail-transport';

/** Mails claimed at once: small, so that several API processes share the work. */
const BATCH_SIZE = 20;
/**
 * How long a claimed mail is reserved for the process that claimed it. Longer than a batch can
 * take with the transport's timeouts; if the process dies mid-batch, another one takes the mail
 * over once this has passed (delivery is at least once; the Message-ID stays the same).
 */
const CLAIM_SECONDS = 600;
/** The longest pause between two attempts at one mail. */
const MAX_BACKOFF_MS = 60 * 60 * 1000;

interface ClaimedMail {
  id: string;
  to_address: string;
  subject: string;
  text_body: string | null;
  html_body: string | null;
  headers: Record<string, string> | null;
  attempts: number;
}

/** The pause after the `attempts`-th failed attempt: base, 2×base, 4×base... up to an hour. */
export function backoffMs(attempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

/**
 * Delivers the outbox. Looks every MAIL_POLL_MS and whenever OutboxService.kick() asks. Mails
 * are claimed with SELECT ... FOR UPDATE SKIP LOCKED in small batches, so several processes
 * never take the same one. A delivered mail becomes a record (recipient, subject, times): its
 * bodies, which carry personal links, are erased. A failed attempt is retried with exponential
 * backoff; after MAIL_MAX_ATTEMPTS the mail is marked failed (bodies kept, so an operator can set
 * it back to pending). While the mail server is down, mails simply wait.
 */
@Injectable()
export class MailSender implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Mail');
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<void> | null = null;
  private again = false;
  private stopping = false;
  private failingSince: number | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.logger.log(`E-mail goes to ${this.transport.description}`);
    this.schedule(0);
  }

  /** Waits for the pass under way (the database pool closes later, at application shutdown). */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.pass;
    this.transport.close();
  }

  /** Look at the outbox now; when a pass is under way, once more right after it. */
  wake(): void {
    if (this.stopping) return;
    if (this.pass) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pass = this.run().finally(() => {
      this.pass = null;
      this.schedule(this.again ? 0 : this.config.mail.pollMs);
      this.again = false;
    });
  }

  /** Resolves when the pass under way (if any) is over; for tests and shutdown. */
  async idle(): Promise<void> {
    await this.pass;
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.wake();
    }, delayMs);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    try {
      do {
        this.again = false;
        let claimed: ClaimedMail[];
        do {
          claimed = await this.claim();
          await this.deliver(claimed);
        } while (claimed.length === BATCH_SIZE && !this.stopping);
      } while (this.again && !this.stopping);
    } catch (error) {
      // The database is unreachable or shutting down: the mails stay where they are; the next poll tries again.
      if (!this.stopping) this.logger.warn(`Outbox pass interrupted: ${(error as Error).message}`);
    }
  }

  /** Reserves up to BATCH_SIZE due mails for this process, oldest due first. */
  private async claim(): Promise<ClaimedMail[]> {
    if (this.stopping) return [];
    const [rows] = (await this.dataSource.query(
      `UPDATE outbox_mail SET next_attempt_at = now() + make_interval(secs => $1)
       WHERE id IN (
         SELECT id FROM outbox_mail
         WHERE status = 'pending' AND next_attempt_at <= now()
         ORDER BY next_attempt_at, created_at
         LIMIT $2
         FOR UPDATE SKIP LOCKED)
       RETURNING id, to_address, subject, text_body, html_body, headers, attempts`,
      [CLAIM_SECONDS, BATCH_SIZE],
    )) as [ClaimedMail[], number];
    return rows;
  }

  private async deliver(claimed: ClaimedMail[]): Promise<void> {
    for (let i = 0; i < claimed.length; i += SEND_CONCURRENCY) {
      if (this.stopping) {
        // Give back what this process will not send, so that another one takes it at once.
        await this.release(claimed.slice(i).map((m) => m.id));
        return;
      }
      await Promise.all(claimed.slice(i, i + SEND_CONCURRENCY).map((m) => this.deliverOne(m)));
    }
  }

  private async deliverOne(mail: ClaimedMail): Promise<void> {
    try {
      await this.transport.send({ id: mail.id, to: mail.to_address, subject: mail.subject, text: mail.text_body ?? '', html: mail.html_body ?? undefined, headers: mail.headers ?? undefined });
    } catch (error) {
      await this.recordFailure(mail, error);
      return;
    }
    await this.dataSource.query(
      `UPDATE outbox_mail SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL, text_body = NULL, html_body = NULL, headers = NULL
       WHERE id = $1`,
      [mail.id],
    );
    if (this.failingSince !== null) {
      this.logger.log(`E-mail is going out again through ${this.transport.description}`);
      this.failingSince = null;
    }
  }

  private async recordFailure(mail: ClaimedMail, error: unknown): Promise<void> {
    const attempts = mail.attempts + 1;
    const permanent = isPermanentFailure(error);
    const giveUp = permanent || attempts >= this.config.mail.maxAttempts;
    const message = describe(error);
    await this.dataSource.query(
      `UPDATE outbox_mail SET attempts = $2, last_error = $3, status = $4, next_attempt_at = now() + make_interval(secs => $5)
       WHERE id = $1`,
      [mail.id, attempts, message, giveUp ? 'failed' : 'pending', backoffMs(attempts, this.config.mail.retryBaseMs) / 1000],
    );
    if (giveUp) this.logger.error(`E-mail ${mail.id} not delivered after ${attempts} attempt(s), given up: ${message}`);
    else if (this.failingSince === null) {
      this.failingSince = Date.now();
      this.logger.warn(`E-mail could not be delivered through ${this.transport.description} (${message}); it stays in the outbox and is retried.`);
    }
  }

  private async release(ids: string[]): Promise<void> {
    if (ids.length) await this.dataSource.query(`UPDATE outbox_mail SET next_attempt_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
  }
}

/** The error as a line for last_error: the code and the server's answer, no stack, bounded. */
function describe(error: unknown): string {
  const e = error as { code?: string; responseCode?: number; message?: string };
  const parts = [e?.code, e?.responseCode, e?.message ?? String(error)].filter((p) => p !== undefined && p !== '');
  return parts.join(' ').replace(/\s+/g, ' ').slice(0, 1000);
}
