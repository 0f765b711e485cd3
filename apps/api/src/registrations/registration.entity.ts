import { Column, CreateDateColumn, Entity, Generated, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Language, RegistrationStatus } from '@amphi/contracts';
import { Event } from '../events/event.entity';

/** Someone's registration for an event: a seat, a place on the waiting list, or a cancellation. */
@Entity('registration')
@Unique('uq_registration_event_email', ['eventId', 'email'])
@Index('ix_registration_event_status_arrival', ['eventId', 'status', 'arrival'])
export class Registration {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') eventId: string;
  @ManyToOne(() => Event, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'event_id' }) event?: Event;
  /** Arrival order: decides who holds a seat and who is next on the waiting list. */
  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  @Generated('increment')
  arrival: number;
  /** Lower-cased. One registration per e-mail and event (the unique constraint backs the rule). */
  @Column('text') email: string;
  @Column('text') name: string;
  @Column('text', { nullable: true }) affiliation: string | null;
  @Column('text', { nullable: true }) category: string | null;
  @Column('text') language: Language;
  @Column('timestamptz') privacyConsentAt: Date;
  /** Consent to appear on the public attendee list. */
  @Column('boolean', { default: false }) listConsent: boolean;
  @Column('text') status: RegistrationStatus;
  @Column('boolean', { default: false }) addedByOrganiser: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { nullable: true }) confirmedAt: Date | null;
  @Column('timestamptz', { nullable: true }) cancelledAt: Date | null;
  @Column('timestamptz', { nullable: true }) erasedAt: Date | null;
  /** When a link was last e-mailed, to rate-limit re-sending. */
  @Column('timestamptz', { nullable: true }) linkSentAt: Date | null;
}
