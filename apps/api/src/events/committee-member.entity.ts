import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Committee, LocalizedText } from '@amphi/contracts';
import { Event } from './event.entity';
import { Person } from '../people/person.entity';

/** A person sitting on the event's organising or scientific committee, in the order given. */
@Entity('committee_member')
@Index('ix_committee_member_person', ['personId'])
export class CommitteeMember {
  @PrimaryColumn('uuid') eventId: string;
  @PrimaryColumn('text') committee: Committee;
  @PrimaryColumn('uuid') personId: string;
  @Column('int') position: number;
  @Column('jsonb', { nullable: true }) role: LocalizedText | null;
  @ManyToOne(() => Event, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'event_id' }) event?: Event;
  @ManyToOne(() => Person, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'person_id' }) person?: Person;
}
