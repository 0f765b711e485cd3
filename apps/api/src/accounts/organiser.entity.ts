import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Someone who creates and runs events. Logs in with e-mail and password. */
@Entity('organiser')
export class Organiser {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** Stored lower-cased; unique. */
  @Index('uq_organiser_email', { unique: true })
  @Column('text') email: string;
  @Column('text') name: string;
  /** scrypt hash in PHC-like form; never leaves the accounts feature. */
  @Column('text') passwordHash: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
