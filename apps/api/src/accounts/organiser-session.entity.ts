import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Organiser } from './organiser.entity';

/**
 * One browser's sign-in of an organiser (the httpOnly cookie). The cookie carries a 256-bit random
 * token; only its SHA-256 is stored, so a copy of the table opens nothing. Signing out revokes every
 * row of the organiser (every tab, every browser); an expired or revoked row is refused.
 */
@Entity('organiser_session')
export class OrganiserSession {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index('ix_organiser_session_organiser')
  @Column('uuid') organiserId: string;
  @ManyToOne(() => Organiser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organiser_id', foreignKeyConstraintName: 'fk_organiser_session_organiser' })
  organiser?: Organiser;
  /** base64url SHA-256 of the cookie's token. */
  @Index('uq_organiser_session_token_hash', { unique: true })
  @Column('text') tokenHash: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz') expiresAt: Date;
  @Column('timestamptz', { nullable: true }) revokedAt: Date | null;
}
