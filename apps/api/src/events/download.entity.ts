import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { DownloadKind, LocalizedText } from '@amphi/contracts';
import { Event } from './event.entity';

/** A file the event offers: poster, programme, proceedings... The bytes live in storage. */
@Entity('download')
@Index('ix_download_event', ['eventId'])
export class Download {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') eventId: string;
  @ManyToOne(() => Event, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'event_id' }) event?: Event;
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
