import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { EventFormat, EventStatus, Language, LocalizedKeywords, LocalizedText } from '@amphi/contracts';

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
  /** One list per language (see LocalizedKeywords); {} when there are none. */
  @Column('jsonb', { default: () => "'{}'" }) keywords: LocalizedKeywords;
  @Column('jsonb', { nullable: true }) contact: { name?: string; email?: string; url?: string } | null;
  @Column('timestamptz', { nullable: true }) publishedAt: Date | null;

  // Registration settings (see registrations/).
  @Column('boolean', { default: false }) registrationOpen: boolean;
  @Column('timestamptz', { nullable: true }) registrationOpensAt: Date | null;
  @Column('timestamptz', { nullable: true }) registrationClosesAt: Date | null;
  /** Seats; null means no limit. */
  @Column('int', { nullable: true }) capacity: number | null;
  @Column('jsonb', { default: () => "'[]'" }) registrationCategories: Array<{ key: string; label: LocalizedText }>;
  /** Personal data are erased this many days after the event's last day. */
  @Column('int', { default: 365 }) retentionDays: number;
  @Column('boolean', { default: false }) attendeeListPublic: boolean;
  /** Chairs and organisers see who asked anonymous questions (the event's choice; off by default). */
  @Column('boolean', { default: false }) qaAnonymousNamesToModerators: boolean;
  /** Set once the retention job has erased the event's personal data. */
  @Column('timestamptz', { nullable: true }) personalDataErasedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
