import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Language, LocalizedText, SessionType } from '@amphi/contracts';
import { Event } from '../events/event.entity';
import { Talk } from './talk.entity';
import { SessionChair, SessionPanelist } from './session-person.entity';

/** One slot of the programme: a plenary, a round table, a break... and later one live room. */
@Entity('session')
@Check('ck_session_ends_after_start', '"ends_at" > "starts_at"')
@Index('ix_session_event_start', ['eventId', 'startsAt'])
export class Session {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') eventId: string;
  @ManyToOne(() => Event, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'event_id' }) event?: Event;
  @Column('text') type: SessionType;
  @Column('jsonb') title: LocalizedText;
  @Column('jsonb', { nullable: true }) description: LocalizedText | null;
  @Column('timestamptz') startsAt: Date;
  @Column('timestamptz') endsAt: Date;
  @Column('text') stage: string;
  /** Null means the event's main language. */
  @Column('text', { nullable: true }) language: Language | null;
  @Column('boolean', { default: false }) recorded: boolean;
  @OneToMany(() => Talk, (t) => t.session) talks?: Talk[];
  @OneToMany(() => SessionChair, (c) => c.session) chairs?: SessionChair[];
  @OneToMany(() => SessionPanelist, (p) => p.session) panelists?: SessionPanelist[];
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
