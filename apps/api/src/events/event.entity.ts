import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { EventFormat, EventStatus, Language, LocalizedText } from '@amphi/contracts';

/** A study day or a conference: its identity, dates in its own time zone, and whether the public sees it. */
@Entity('event')
export class Event {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index('uq_event_slug', { unique: true })
  @Column('text') slug: string;
  @Column('text', { default: 'draft' }) status: EventStatus;
  @Column('jsonb') title: LocalizedText;
  @Column('jsonb', { nullable: true }) subtitle: LocalizedText | null;
  @Column('jsonb', { nullable: true }) description: LocalizedText | null;
  @Column('text') mainLanguage: Language;
  /** IANA zone; the programme is shown and checked in it. */
  @Column('text') timeZone: string;
  /** Calendar dates in the event's zone (a day is not 24 hours across a DST change). */
  @Column('date') startDate: string;
  @Column('date') endDate: string;
  @Column('text') format: EventFormat;
  @Column('jsonb', { nullable: true }) venue: { name: string; address?: string; city?: string; country?: string; url?: string } | null;
  @Column('text', { array: true, default: () => "'{}'" }) keywords: string[];
  @Column('jsonb', { nullable: true }) contact: { name?: string; email?: string; url?: string } | null;
  @Column('timestamptz', { nullable: true }) publishedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
