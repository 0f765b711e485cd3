import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Event } from '../events/event.entity';

export type OutboxMailStatus = 'pending' | 'sent' | 'failed';

/**
 * One e-mail in the outbox. Written inside the transaction that decides to send it, so it
 * exists only if that transaction commits; the sender delivers it afterwards, retrying until
 * the mail server accepts it. Once delivered, the bodies (which carry personal links) are
 * erased: only the recipient, the subject and the times remain, as a record.
 */
@Entity('outbox_mail')
@Index('ix_outbox_mail_due', ['status', 'nextAttemptAt'])
@Index('ix_outbox_mail_event', ['eventId'])
export class OutboxMail {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') toAddress: string;
  @Column('text') subject: string;
  /** Null once sent (redacted). */
  @Column('text', { nullable: true }) textBody: string | null;
  @Column('text', { nullable: true }) htmlBody: string | null;
  /** Extra headers (List-Unsubscribe, which carries a personal address); null once sent, like the bodies. */
  @Column('jsonb', { nullable: true }) headers: Record<string, string> | null;
  /** The event the mail is about, for the record and for erasure. */
  @Column('uuid', { nullable: true }) eventId: string | null;
  @ManyToOne(() => Event, { onDelete: 'SET NULL' }) @JoinColumn({ name: 'event_id' }) event?: Event;
  @Column('text', { default: 'pending' }) status: OutboxMailStatus;
  @Column('int', { default: 0 }) attempts: number;
  @Column('timestamptz', { default: () => 'now()' }) nextAttemptAt: Date;
  @Column('text', { nullable: true }) lastError: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { nullable: true }) sentAt: Date | null;
}
