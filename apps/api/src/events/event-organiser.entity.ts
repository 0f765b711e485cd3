import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Event } from './event.entity';
import { Organiser } from '../accounts/organiser.entity';

/** Who may edit an event: its owner and the co-organisers the owner added. */
@Entity('event_organiser')
@Index('ix_event_organiser_organiser', ['organiserId'])
export class EventOrganiser {
  @PrimaryColumn('uuid') eventId: string;
  @PrimaryColumn('uuid') organiserId: string;
  @Column('text') role: 'owner' | 'co-organiser';
  @ManyToOne(() => Event, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'event_id' }) event?: Event;
  @ManyToOne(() => Organiser, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'organiser_id' }) organiser?: Organiser;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
