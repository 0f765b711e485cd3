import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { LocalizedText } from '@amphi/contracts';
import { Event } from '../events/event.entity';

/** Someone who appears in an event: chair, speaker, panelist, committee member. Scoped to one event. */
@Entity('person')
@Index('ix_person_event', ['eventId'])
export class Person {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') eventId: string;
  @ManyToOne(() => Event, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'event_id' }) event?: Event;
  @Column('text') name: string;
  @Column('text', { nullable: true }) affiliation: string | null;
  /** Title or discipline, in French and/or English. */
  @Column('jsonb', { nullable: true }) title: LocalizedText | null;
  @Column('jsonb', { nullable: true }) bio: LocalizedText | null;
  /** Private: for invitations only, never in a public response. */
  @Column('text', { nullable: true }) email: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
