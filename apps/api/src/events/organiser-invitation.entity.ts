import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Language } from '@amphi/contracts';
import { Event } from './event.entity';
import { Organiser } from '../accounts/organiser.entity';

/**
 * An invitation to co-organise an event, sent to an address that has no organiser account yet. The mail
 * carries a 256-bit random token; only its SHA-256 is kept. Accepting it (creating the account) deletes
 * the row, so a link works once; inviting the same address again replaces the token (one row per event
 * and address), and an expired row opens nothing.
 */
@Entity('organiser_invitation')
@Index('uq_organiser_invitation_event_email', ['eventId', 'email'], { unique: true })
export class OrganiserInvitation {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') eventId: string;
  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_organiser_invitation_event' })
  event?: Event;
  /** Lower-cased, as organiser accounts store it. */
  @Column('text') email: string;
  /** base64url SHA-256 of the link's token. */
  @Index('uq_organiser_invitation_token_hash', { unique: true })
  @Column('text') tokenHash: string;
  /** The language of the mail (and of the page the link opens). */
  @Column('text') language: Language;
  @Column('uuid', { nullable: true }) invitedBy: string | null;
  @ManyToOne(() => Organiser, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'invited_by', foreignKeyConstraintName: 'fk_organiser_invitation_invited_by' })
  inviter?: Organiser;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz') expiresAt: Date;
}
