import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Event } from '../events/event.entity';
import { Person } from '../people/person.entity';
import { Registration } from '../registrations/registration.entity';
import { Submitter } from '../call/call.entities';

/**
 * A personal link: the way back into Amphi for someone without an account. It names one of a
 * registration (an attendee), a person of the programme (an invited chair or speaker, or a member of
 * the scientific committee reviewing proposals) or a submitter to the call for communications.
 * Only the SHA-256 of its 256-bit random token is stored.
 */
@Entity('personal_link')
@Index('ix_personal_link_registration', ['registrationId'])
@Index('ix_personal_link_person', ['personId'])
@Index('ix_personal_link_submitter', ['submitterId'])
// One working link per person of the programme: "Send invitations" twice at once cannot mail anyone twice.
@Index('uq_personal_link_working_person', ['personId'], { unique: true, where: '"person_id" IS NOT NULL AND "revoked_at" IS NULL' })
export class PersonalLink {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index('uq_personal_link_token_hash', { unique: true })
  @Column('text') tokenHash: string;
  @Column('uuid') eventId: string;
  @ManyToOne(() => Event, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'event_id' }) event?: Event;
  @Column('uuid', { nullable: true }) registrationId: string | null;
  @ManyToOne(() => Registration, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'registration_id' }) registration?: Registration;
  @Column('uuid', { nullable: true }) personId: string | null;
  @ManyToOne(() => Person, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'person_id' }) person?: Person;
  @Column('uuid', { nullable: true }) submitterId: string | null;
  @ManyToOne(() => Submitter, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'submitter_id' }) submitter?: Submitter;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  /** Why it stopped working, when it did: cancelled, replaced by a newer link, erased. */
  @Column('timestamptz', { nullable: true }) revokedAt: Date | null;
  @Column('text', { nullable: true }) revokedReason: 'cancelled' | 'replaced' | 'erased' | 'removed' | null;
  @Column('timestamptz', { nullable: true }) lastUsedAt: Date | null;
  /** The first time it was exchanged (the organiser sees an invitation as opened). */
  @Column('timestamptz', { nullable: true }) openedAt: Date | null;
}
