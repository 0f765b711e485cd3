import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Person } from '../people/person.entity';
import type { Session } from './session.entity';

// A person may not be deleted while the programme names them (ON DELETE NO ACTION, checked at the end of the statement, so deleting a whole event still cascades):
// the organiser is told where they appear instead of the programme silently losing a chair.

/** A chair of a session, in order. */
@Entity('session_chair')
@Index('ix_session_chair_person', ['personId'])
export class SessionChair {
  @PrimaryColumn('uuid') sessionId: string;
  @PrimaryColumn('uuid') personId: string;
  @Column('int') position: number;
  @ManyToOne('Session', 'chairs', { onDelete: 'CASCADE' }) @JoinColumn({ name: 'session_id' }) session?: Session;
  @ManyToOne(() => Person, { onDelete: 'NO ACTION' }) @JoinColumn({ name: 'person_id' }) person?: Person;
}

/** A panelist of a round table, in order. */
@Entity('session_panelist')
@Index('ix_session_panelist_person', ['personId'])
export class SessionPanelist {
  @PrimaryColumn('uuid') sessionId: string;
  @PrimaryColumn('uuid') personId: string;
  @Column('int') position: number;
  @ManyToOne('Session', 'panelists', { onDelete: 'CASCADE' }) @JoinColumn({ name: 'session_id' }) session?: Session;
  @ManyToOne(() => Person, { onDelete: 'NO ACTION' }) @JoinColumn({ name: 'person_id' }) person?: Person;
}
