import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { LiveState, SessionRole } from '@amphi/contracts';
import { Session } from '../programme/session.entity';

/** The live room of one session: the state the chair moves, and what LiveKit's webhooks said. */
@Entity('live_room')
export class LiveRoom {
  @PrimaryColumn('uuid') sessionId: string;
  @ManyToOne(() => Session, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'session_id' }) session?: Session;
  /** Only 'scheduled', 'live' or 'ended' are stored; 'backstage' is read from the clock. */
  @Column('text', { default: 'scheduled' }) state: LiveState;
  @Column('timestamptz', { nullable: true }) wentLiveAt: Date | null;
  @Column('timestamptz', { nullable: true }) endedAt: Date | null;
  @Column('timestamptz', { nullable: true }) roomStartedAt: Date | null;
  @Column('timestamptz', { nullable: true }) roomFinishedAt: Date | null;
  /** Attendees a chair invited on stage: a new token (after a reconnection) keeps their rights. */
  @Column('text', { array: true, default: () => "'{}'" }) onStage: string[];
}

/**
 * One stay of one person in a live room, from LiveKit's participant_joined to participant_left:
 * the base of attendance certificates. The participant sid makes a webhook delivered twice count once.
 */
@Entity('attendance')
@Unique('uq_attendance_participant_sid', ['sessionId', 'participantSid'])
@Index('ix_attendance_session_identity', ['sessionId', 'identity'])
export class Attendance {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') sessionId: string;
  @ManyToOne(() => Session, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'session_id' }) session?: Session;
  /** The same key as in the Q&A: r:<registration>, p:<person>, o:<organiser>. */
  @Column('text') identity: string;
  @Column('text') participantSid: string;
  @Column('text') name: string;
  @Column('text', { nullable: true }) role: SessionRole | null;
  @Column('timestamptz') joinedAt: Date;
  @Column('timestamptz', { nullable: true }) leftAt: Date | null;
}

/** Someone the chair removed from a session's room: no new token for them in that session. */
@Entity('live_removal')
export class LiveRemoval {
  @PrimaryColumn('uuid') sessionId: string;
  @PrimaryColumn('text') identity: string;
  @ManyToOne(() => Session, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'session_id' }) session?: Session;
  @Column('text', { nullable: true }) reason: string | null;
  /** Who removed them (the chair's or organiser's identity). */
  @Column('text') removedBy: string;
  @Column('timestamptz', { default: () => 'now()' }) removedAt: Date;
}
