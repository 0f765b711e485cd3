import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { QuestionState } from '@amphi/contracts';
import { Session } from '../programme/session.entity';
import { Registration } from '../registrations/registration.entity';
import { Person } from '../people/person.entity';
import { Organiser } from '../accounts/organiser.entity';

const bigint = { transformer: { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) } };

/** The Q&A of one session: its settings and the counter behind every event's `seq`. */
@Entity('qa_session')
export class QaSession {
  @PrimaryColumn('uuid') sessionId: string;
  @ManyToOne(() => Session, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'session_id' }) session?: Session;
  /** The last seq handed out; every change takes the next one (UPDATE ... RETURNING, so processes never share one). */
  @Column('bigint', { default: 0, ...bigint }) lastSeq: number;
  @Column('boolean', { default: false }) preModeration: boolean;
  @Column('int', { default: 15 }) openEarlyMinutes: number;
  @Column('int', { default: 0 }) stayOpenMinutes: number;
  @Column('uuid', { nullable: true }) highlightedQuestionId: string | null;
}

/**
 * A question asked during a session. The asker is one of a registration, a person of the
 * programme or an organiser; their name is read through that link when shown, so erasing a
 * registration anonymises its questions while their text stays.
 */
@Entity('question')
@Unique('uq_question_asker_client_id', ['sessionId', 'askerKey', 'clientId'])
@Index('ix_question_session_updated_seq', ['sessionId', 'updatedSeq'])
@Index('ix_question_asker_created', ['askerKey', 'createdAt'])
export class Question {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') sessionId: string;
  @ManyToOne(() => Session, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'session_id' }) session?: Session;
  /** r:<registration>, p:<person> or o:<organiser>: who asked, for "mine", limits and idempotency. */
  @Column('text') askerKey: string;
  @Column('uuid', { nullable: true }) askerRegistrationId: string | null;
  @ManyToOne(() => Registration, { onDelete: 'SET NULL' }) @JoinColumn({ name: 'asker_registration_id' }) askerRegistration?: Registration | null;
  @Column('uuid', { nullable: true }) askerPersonId: string | null;
  @ManyToOne(() => Person, { onDelete: 'SET NULL' }) @JoinColumn({ name: 'asker_person_id' }) askerPerson?: Person | null;
  @Column('uuid', { nullable: true }) askerOrganiserId: string | null;
  @ManyToOne(() => Organiser, { onDelete: 'SET NULL' }) @JoinColumn({ name: 'asker_organiser_id' }) askerOrganiser?: Organiser | null;
  @Column('text') clientId: string;
  /** Stored and shown as text, never as HTML. */
  @Column('text') text: string;
  @Column('uuid', { nullable: true }) talkId: string | null;
  @Column('uuid', { nullable: true }) panelistId: string | null;
  @Column('boolean', { default: false }) anonymous: boolean;
  @Column('text') state: QuestionState;
  @Column('text', { nullable: true }) dismissReason: string | null;
  @Column('uuid', { nullable: true }) mergedIntoId: string | null;
  @Column('boolean', { default: false }) pinned: boolean;
  @Column('int', { default: 0 }) votes: number;
  @Column('text', { nullable: true }) answer: string | null;
  @Column('timestamptz', { nullable: true }) answeredAt: Date | null;
  /** The seq of the change that created it, and of the last change to it: replay sends what changed after a client's seq. */
  @Column('bigint', bigint) createdSeq: number;
  @Column('bigint', bigint) updatedSeq: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

/** One vote per person per question: the primary key is the rule. */
@Entity('question_vote')
export class QuestionVote {
  @PrimaryColumn('uuid') questionId: string;
  @PrimaryColumn('text') voterKey: string;
  @ManyToOne(() => Question, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'question_id' }) question?: Question;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** A raised hand, in the order hands went up. Lowering deletes it. */
@Entity('raised_hand')
export class RaisedHand {
  @PrimaryColumn('uuid') sessionId: string;
  @PrimaryColumn('text') participantKey: string;
  @ManyToOne(() => Session, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'session_id' }) session?: Session;
  @Column('text') name: string;
  @CreateDateColumn({ type: 'timestamptz' }) raisedAt: Date;
}
