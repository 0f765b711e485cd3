import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { LocalizedText, MessageAudience, SessionType } from '@amphi/contracts';
import { Event } from '../events/event.entity';
import { Registration } from '../registrations/registration.entity';
import { Session } from '../programme/session.entity';

/** An event's reminder settings; an event without a row has DEFAULT_REMINDER_SETTINGS. */
@Entity('reminder_settings')
export class ReminderSettingsRow {
  @PrimaryColumn('uuid') eventId: string;
  @ManyToOne(() => Event, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'event_id' }) event?: Event;
  @Column('boolean', { default: true }) beforeEventEnabled: boolean;
  @Column('int', { default: 24 }) beforeEventHours: number;
  @Column('boolean', { default: true }) beforeSessionEnabled: boolean;
  @Column('int', { default: 15 }) beforeSessionMinutes: number;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

/** A registrant who asked for no more reminders (from their space or the link in a reminder). */
@Entity('reminder_opt_out')
export class ReminderOptOut {
  @PrimaryColumn('uuid') registrationId: string;
  @ManyToOne(() => Registration, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'registration_id' }) registration?: Registration;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/**
 * A reminder that was enqueued: the unique indexes make "once per registration (and session)"
 * hold across processes and restarts (INSERT ... ON CONFLICT DO NOTHING decides who sends it).
 */
@Entity('reminder_delivery')
@Index('uq_reminder_delivery_event', ['registrationId'], { unique: true, where: `"kind" = 'event'` })
@Index('uq_reminder_delivery_session', ['registrationId', 'sessionId'], { unique: true, where: `"kind" = 'session'` })
@Index('ix_reminder_delivery_event', ['eventId'])
export class ReminderDelivery {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') eventId: string;
  @ManyToOne(() => Event, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'event_id' }) event?: Event;
  @Column('uuid') registrationId: string;
  @ManyToOne(() => Registration, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'registration_id' }) registration?: Registration;
  @Column('text') kind: 'event' | 'session';
  @Column('uuid', { nullable: true }) sessionId: string | null;
  @ManyToOne(() => Session, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'session_id' }) session?: Session;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/**
 * A change of a session not yet announced: its state before the first edit, kept while later
 * edits come in (each pushes dueAt back), so that one notice says the final state, and none goes
 * out when the session is back where it was. Not tied to the session row: a deleted session's
 * notice still goes out.
 */
@Entity('session_change')
@Index('uq_session_change_pending', ['sessionId'], { unique: true, where: '"processed_at" IS NULL' })
@Index('ix_session_change_due', ['dueAt'], { where: '"processed_at" IS NULL' })
export class SessionChange {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') eventId: string;
  @ManyToOne(() => Event, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'event_id' }) event?: Event;
  @Column('uuid') sessionId: string;
  @Column('text') sessionType: SessionType;
  @Column('jsonb') title: LocalizedText;
  @Column('timestamptz') originalStartsAt: Date;
  @Column('timestamptz') originalEndsAt: Date;
  @Column('text') originalStage: string;
  /** The chairs, speakers and panelists seen across the edits (a deleted session's are gone from the programme). */
  @Column('uuid', { array: true, default: () => "'{}'" }) people: string[];
  @Column('boolean', { default: false }) cancelled: boolean;
  @Column('timestamptz') dueAt: Date;
  @Column('timestamptz', { nullable: true }) processedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** A message from the organiser; sent in batches following `cursor` (registration arrival order). */
@Entity('organiser_message')
@Unique('uq_organiser_message_key', ['eventId', 'idempotencyKey'])
@Index('ix_organiser_message_sending', ['createdAt'], { where: `"status" = 'sending'` })
export class OrganiserMessage {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') eventId: string;
  @ManyToOne(() => Event, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'event_id' }) event?: Event;
  @Column('uuid') idempotencyKey: string;
  @Column('text') audience: MessageAudience;
  @Column('text', { nullable: true }) category: string | null;
  @Column('jsonb') subject: LocalizedText;
  @Column('jsonb') body: LocalizedText;
  @Column('int', { default: 0 }) recipientCount: number;
  @Column('int', { default: 0 }) queuedCount: number;
  @Column('bigint', { default: 0, transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) cursor: number;
  @Column('text', { default: 'sending' }) status: 'sending' | 'sent';
  @Column('uuid', { nullable: true }) createdBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
