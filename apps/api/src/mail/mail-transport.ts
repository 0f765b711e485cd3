import { Logger } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type { AppConfig } from '../config/config';
import { MailboxFolder } from './mailbox-folder';

/** Mails of a batch in flight at once; the SMTP transport keeps as many pooled connections. */
export const SEND_CONCURRENCY = 5;

/** One message ready to leave, as the sender hands it to a transport. */
export interface MessageToSend {
  /** The outbox id: it names the Message-ID, so a retry of the same mail carries the same one. */
  id: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers the feature asked for (OutboxService.MAIL_HEADERS). */
  headers?: Record<string, string>;
}

/** Where mail goes: an SMTP server, or the mailbox folder. Resolves once the message is accepted. */
export interface MailTransport {
  /** For the logs; never carries a password. */
  readonly description: string;
  /** The mailbox folder, when mail goes there (the development mailbox page reads it). */
  readonly mailbox?: MailboxFolder;
  send(message: MessageToSend): Promise<void>;
  close(): void;
}

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

/**
 * A delivery failure the transport knows will not go better on a retry (the server refused the
 * recipient for good, 5xx on RCPT TO). Anything else (connection refused, timeout, 4xx) is retried.
 */
export function isPermanentFailure(error: unknown): boolean {
  const e = error as { responseCode?: number; command?: string; code?: string };
  return typeof e?.responseCode === 'number' && e.responseCode >= 500 && (e.command === 'RCPT TO' || e.code === 'EENVELOPE');
}

function messageOptions(from: string, message: MessageToSend) {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'amphi.invalid';
  return {
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    ...(message.html ? { html: message.html } : {}),
    messageId: `<${message.id}@${domain}>`,
    // RFC 3834: tells auto-responders (holiday replies) not to answer.
    headers: { ...message.headers, 'Auto-Submitted': 'auto-generated' },
  };
}

/** SMTP through nodemailer, from SMTP_URL: smtp:// (STARTTLS when the server offers it) or smtps:// (TLS from the start). */
export class SmtpTransport implements MailTransport {
  readonly description: string;
  private readonly transporter: Transporter;
  constructor(url: string, private readonly from: string) {
    const parsed = new URL(url);
    this.description = `SMTP ${parsed.protocol}//${parsed.host}`;
    this.transporter = createTransport({
      url,
      // Pooled connections: a crowd of registrations means a crowd of mails, one handshake each would crawl.
      pool: true,
      maxConnections: SEND_CONCURRENCY,
      maxMessages: 100,
      // Bounded, so that a silent server cannot hold a claimed batch for long.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    } as Parameters<typeof createTransport>[0]);
  }
  async send(message: MessageToSend): Promise<void> {
    await this.transporter.sendMail(messageOptions(this.from, message));
  }
  close(): void {
    this.transporter.close();
  }
}

/** The development default: each message composed exactly as it would be sent, then written to the mailbox folder. */
export class MailboxTransport implements MailTransport {
  readonly description: string;
  readonly mailbox: MailboxFolder;
  private readonly composer = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  constructor(dir: string, private readonly from: string) {
    this.mailbox = new MailboxFolder(dir);
    this.description = `the mailbox folder ${this.mailbox.dir}`;
  }
  async send(message: MessageToSend): Promise<void> {
    const composed = await this.composer.sendMail(messageOptions(this.from, message));
    await this.mailbox.write(
      { id: message.id, from: this.from, to: message.to, subject: message.subject, date: new Date().toISOString(), text: message.text },
      composed.message as Buffer,
    );
  }
  close(): void {
    this.composer.close();
  }
}

export function createMailTransport(config: AppConfig): MailTransport {
  const logger = new Logger('Mail');
  if (config.mail.smtpUrl) return new SmtpTransport(config.mail.smtpUrl, config.mail.from);
  if (config.env === 'production') {
    logger.warn(
      `SMTP_URL is not set: e-mails are written to ${config.mail.mailboxDir} instead of being sent, so nobody receives their personal link. Set SMTP_URL to deliver them.`,
    );
  }
  return new MailboxTransport(config.mail.mailboxDir, config.mail.from);
}
