import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { DownloadKind, LocalizedText } from '@amphi/contracts';
import { Event } from './event.entity';
import { Talk } from '../programme/talk.entity';

/**
 * A file the event offers: poster, programme, proceedings... or, with a talk, that talk's material
 * (slides, paper). One entity for both, so that both go through one upload, sniffing and size limit.
 * The bytes live in storage. Positions order the event's own files, and each talk's, separately.
 */
@Entity('download')
@Index('ix_download_event', ['eventId'])
@Index('ix_download_talk', ['talkId'])
export class Download {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') eventId: string;
  @ManyToOne(() => Event, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'event_id' }) event?: Event;
  /** Null: the event's own file. A talk removed from the programme takes its materials with it. */
  @Column('uuid', { nullable: true }) talkId: string | null;
  @ManyToOne(() => Talk, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'talk_id', foreignKeyConstraintName: 'fk_download_talk' }) talk?: Talk;
  @Column('text') kind: DownloadKind;
  @Column('jsonb') title: LocalizedText;
  @Column('int') position: number;
  @Column('text') storageKey: string;
  @Column('text') fileName: string;
  @Column('text') contentType: string;
  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) size: number;
  @Column('text') sha256: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
