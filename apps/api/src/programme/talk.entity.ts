import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { LocalizedText } from '@amphi/contracts';
import type { Session } from './session.entity';
import { Person } from '../people/person.entity';

/** A talk within a session, in order, with its planned length. */
@Entity('talk')
@Index('ix_talk_session', ['sessionId'])
export class Talk {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') sessionId: string;
  @ManyToOne('Session', 'talks', { onDelete: 'CASCADE' }) @JoinColumn({ name: 'session_id' }) session?: Session;
  @Column('int') position: number;
  @Column('jsonb') title: LocalizedText;
  @Column('jsonb', { nullable: true }) abstract: LocalizedText | null;
  @Column('int') plannedMinutes: number;
  @OneToMany(() => TalkSpeaker, (s) => s.talk) speakers?: TalkSpeaker[];
}

/** A speaker of a talk, in order. */
@Entity('talk_speaker')
@Index('ix_talk_speaker_person', ['personId'])
export class TalkSpeaker {
  @PrimaryColumn('uuid') talkId: string;
  @PrimaryColumn('uuid') personId: string;
  @Column('int') position: number;
  @ManyToOne(() => Talk, (t) => t.speakers, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'talk_id' }) talk?: Talk;
  @ManyToOne(() => Person, { onDelete: 'NO ACTION' }) @JoinColumn({ name: 'person_id' }) person?: Person;
}
